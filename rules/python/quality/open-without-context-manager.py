"""Test target for open-without-context-manager."""

import contextlib
import gzip
import socket
import sqlite3
import tarfile
import tempfile
import zipfile
from contextlib import ExitStack, closing

import psycopg2


def flagged(path, host):
    # ruleid: open-without-context-manager
    handle = open(path)
    data = handle.read()
    handle.close()
    # ruleid: open-without-context-manager
    connection = sqlite3.connect("app.db")
    connection.execute("SELECT 1")
    # ruleid: open-without-context-manager
    client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    client.connect((host, 80))
    # ruleid: open-without-context-manager
    upstream = socket.create_connection((host, 443), timeout=5)
    # ruleid: open-without-context-manager
    scratch = tempfile.NamedTemporaryFile(delete=False)
    # ruleid: open-without-context-manager
    archive = zipfile.ZipFile(path)
    # ruleid: open-without-context-manager
    bundle = tarfile.open(path, "r:gz")
    # ruleid: open-without-context-manager
    compressed = gzip.open(path, "rt")
    # ruleid: open-without-context-manager
    database = psycopg2.connect(host=host)
    # ruleid: open-without-context-manager
    annotated: object = open(path, "rb")
    return data


def flagged_unassigned(path):
    # ruleid: open-without-context-manager
    text = open(path).read()
    # ruleid: open-without-context-manager
    open(path, "w").write(text)
    return text


def not_flagged(path, host):
    # ok: open-without-context-manager
    with open(path) as handle:
        data = handle.read()
    # ok: open-without-context-manager
    with sqlite3.connect("app.db") as connection, socket.socket() as client:
        connection.execute("SELECT 1")
        client.connect((host, 80))
    # ok: open-without-context-manager
    later = open(path)
    with later:
        data += later.read()
    # ok: open-without-context-manager
    conn = sqlite3.connect("app.db")
    with closing(conn):
        conn.execute("SELECT 1")
    # ok: open-without-context-manager
    other = sqlite3.connect("other.db")
    with contextlib.closing(other) as db:
        db.execute("SELECT 1")
    # ok: open-without-context-manager
    with closing(sqlite3.connect("app.db")) as db:
        db.execute("SELECT 1")
    with ExitStack() as stack:
        # ok: open-without-context-manager
        log_file = open(path, "a")
        stack.enter_context(log_file)
        # ok: open-without-context-manager
        files = [stack.enter_context(open(name)) for name in (path, path)]
    # ok: open-without-context-manager
    wrapped = closing(sqlite3.connect("app.db"))
    with wrapped as db:
        db.execute("SELECT 1")
    # ok: open-without-context-manager
    guarded = open(path)
    try:
        data += guarded.read()
    finally:
        guarded.close()
    return data, files


def owner_takes_the_handle(path):
    # ok: open-without-context-manager
    handle = open(path, "rb")
    return handle


def wrapped_for_the_caller(path):
    # ok: open-without-context-manager
    archive = zipfile.ZipFile(path)
    return ArchiveReader(archive)


def fixture_style(path):
    # ok: open-without-context-manager
    handle = open(path)
    yield handle
    handle.close()


# ruleid: open-without-context-manager
MODULE_LOG = open("app.log", "a")


class LogSink:
    def __init__(self, path):
        # ok: open-without-context-manager
        self._file = open(path, "a")

    def attach(self, path):
        # ok: open-without-context-manager
        handle = open(path, "a")
        self.handle = handle

    def close(self):
        self._file.close()


def unrelated_open_methods(image_path, url, fd):
    # ok: open-without-context-manager
    descriptor = os.open(image_path, os.O_RDONLY)
    # ok: open-without-context-manager
    opened = webbrowser.open(url)
    # ok: open-without-context-manager
    temporary_directory_name = tempfile.mkdtemp()
    return descriptor, opened, temporary_directory_name
