"""Atomic file output: a report is either the old file or the complete new one."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


class OutputError(Exception):
    """A report cannot be written; the message is one clear line."""


def write_atomic(path: Path, text: str) -> None:
    """Write text to ``path`` through a temporary file in the same folder and ``os.replace``.

    Args:
        path: Where the report goes.
        text: The report.

    Raises:
        OutputError: When the folder is missing or not writable.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as error:
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {error.strerror or error}") from None
