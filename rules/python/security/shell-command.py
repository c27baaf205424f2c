"""Test target for shell-command, shell-command-tainted and shell-command-list-with-shell."""

import asyncio
import os
import shlex
import subprocess
from subprocess import PIPE, Popen, check_output

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Request
from flask import Blueprint, request

app = FastAPI()
router = APIRouter()
bp = Blueprint("ops", __name__)

BACKUP_DIR = "/var/backups"
TAR = "tar czf " + BACKUP_DIR + "/site.tgz /srv/site"


def archive(name: str) -> None:
    """Archive a folder named by the caller."""
    # ruleid: shell-command
    os.system("tar czf /tmp/out.tgz " + name)


def disk_usage(path):
    # ruleid: shell-command
    return os.popen("du -sh %s" % path).read()


def git_log(repo_dir, branch):
    cmd = f"cd {repo_dir} && git log --oneline {branch}"
    # ruleid: shell-command
    return subprocess.check_output(cmd, shell=True, text=True, timeout=30)


def convert(src, dst, quality=85):
    command = "convert {} -quality {} {}".format(src, quality, dst)
    # ruleid: shell-command
    proc = Popen(command, shell=True, stdout=PIPE, stderr=PIPE)
    return proc.communicate(timeout=60)


async def run_hook(hook_script, payload_file):
    # ruleid: shell-command
    proc = await asyncio.create_subprocess_shell(f"{hook_script} < {payload_file}")
    await proc.wait()


def current_branch(repo):
    # ruleid: shell-command
    return subprocess.getoutput("git -C " + repo + " rev-parse --abbrev-ref HEAD")


def restart(service_name):
    # ruleid: shell-command
    subprocess.run(["/bin/bash", "-c", "systemctl restart " + service_name], check=True, timeout=30)


def spawn_worker(job_file):
    # ruleid: shell-command
    os.spawnl(os.P_NOWAIT, "/bin/sh", "sh", "-c", "worker --job " + job_file)


def cleanup_tmp(pattern):
    script = "rm -rf /tmp/"
    script += pattern
    # ruleid: shell-command
    os.system(script)


def from_settings(settings):
    # ruleid: shell-command
    subprocess.call(settings.POST_DEPLOY_COMMAND, shell=True, timeout=600)


@app.get("/ping")
def ping(host: str) -> str:
    # ruleid: shell-command, shell-command-tainted
    return subprocess.check_output(f"ping -c1 {host}", shell=True, text=True, timeout=5)


@router.post("/reports/{name}")
async def build_report(name: str, req: Request):
    params = await req.json()
    fmt = params.get("format", "pdf")
    cmd = "make-report --name " + name + " --format " + fmt
    # ruleid: shell-command, shell-command-tainted
    os.system(cmd)


@bp.route("/lookup")
def lookup():
    domain = request.args.get("domain", "")
    # ruleid: shell-command, shell-command-tainted
    out = os.popen("nslookup " + domain).read()
    return out


def django_convert(request):
    filename = request.POST["filename"]
    # ruleid: shell-command, shell-command-tainted
    subprocess.Popen("ffmpeg -i uploads/%s out.mp4" % filename, shell=True)


@app.post("/deploy")
async def deploy(request: Request):
    body = await request.json()
    # ruleid: shell-command, shell-command-tainted
    proc = await asyncio.create_subprocess_shell("deploy.sh " + body["branch"])
    return await proc.wait()


@app.post("/convert")
def convert_upload(name: str):
    # ruleid: shell-command, shell-command-tainted
    subprocess.run(
        "convert uploads/" + name + " thumbnails/out.png",
        shell=True,
        timeout=60,
    )


async def starlette_endpoint(request):
    branch = request.query_params["branch"]
    # ruleid: shell-command, shell-command-tainted
    return subprocess.check_output("git log --oneline " + branch, shell=True, timeout=10)


class BuildView:
    def post(self, request, *args, **kwargs):
        target = self.request.POST.get("target", "all")
        # ruleid: shell-command, shell-command-tainted
        os.system(f"make {target}")


@bp.post("/archive")
def flask_archive():
    payload = request.get_json()
    # ruleid: shell-command, shell-command-tainted
    subprocess.call("tar czf /tmp/a.tgz " + payload["path"], shell=True, timeout=60)


def list_with_shell(target):
    # ruleid: shell-command-list-with-shell
    subprocess.run(["ls", "-la", target], shell=True, check=True, timeout=10)


def list_var_with_shell(url, dest):
    args = ["git", "clone", "--depth", "1", url, dest]
    # ruleid: shell-command-list-with-shell
    return subprocess.call(args, shell=True, timeout=300)


# --- must not flag ---------------------------------------------------------


def safe_archive(name: str) -> None:
    # ok: shell-command
    subprocess.run(["tar", "czf", "/tmp/out.tgz", "--", name], check=True, timeout=60)


def safe_popen(path):
    # ok: shell-command
    with subprocess.Popen(["du", "-sh", path], stdout=PIPE, shell=False) as proc:
        return proc.communicate(timeout=10)


def constant_commands():
    # ok: shell-command
    os.system("clear")
    # ok: shell-command
    os.system(TAR)
    # ok: shell-command
    subprocess.run(f"tar czf {BACKUP_DIR}/db.tgz /srv/db", shell=True, check=True, timeout=60)
    pipeline = "ps aux"
    pipeline += " | grep python | wc -l"
    # ok: shell-command
    return subprocess.check_output(pipeline, shell=True, timeout=5)


def quoted(path):
    # ok: shell-command
    os.system(shlex.quote(path))


@app.get("/files")
def files(folder: str):
    # ok: shell-command, shell-command-tainted
    return check_output(["ls", "-1", "--", folder], timeout=5)


@app.get("/safe-ping")
def safe_ping(host: str):
    # ok: shell-command, shell-command-tainted
    return subprocess.check_output("ping -c1 " + shlex.quote(host), shell=True, timeout=5)


@app.get("/jobs/{job_id}")
def job_log(job_id: int, db=Depends(lambda: None)):
    # An int path parameter cannot carry shell syntax: only the MEDIUM rule reports it.
    # ruleid: shell-command
    return subprocess.getoutput(f"tail -n 50 /var/log/jobs/{job_id}.log")


@bp.route("/version")
def version():
    # ok: shell-command, shell-command-tainted, shell-command-list-with-shell
    return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, timeout=5).stdout


@app.get("/clean")
def clean(folder: str):
    # The command is constant: request data only picks the working directory.
    # ok: shell-command, shell-command-tainted
    subprocess.run("make clean", shell=True, cwd=folder, timeout=60)


@app.get("/tail")
def tail(lines: int = 20):
    # An int query parameter cannot carry shell syntax.
    # ruleid: shell-command
    return subprocess.getoutput(f"tail -n {lines} /var/log/app.log")


@app.get("/branches")
def branches(repo: str, settings=Depends(lambda: None)):
    # ok: shell-command-tainted
    return subprocess.check_output(["git", "-C", repo, "branch"], timeout=10)


@app.post("/deploy-env")
def deploy_env(token: Annotated[str, Depends(lambda: "t")]):
    # A dependency is not request data: only the MEDIUM rule reports it.
    # ruleid: shell-command
    os.system("deploy --token " + token)


def not_a_route(request_text):
    # ok: shell-command-tainted
    return subprocess.getoutput("echo " + shlex.quote(request_text))


def use_shell_flag(cmd, use_shell):
    # ok: shell-command
    subprocess.run(cmd, shell=use_shell, timeout=10)


def no_shell(cmd_args):
    # ok: shell-command
    subprocess.run(cmd_args, shell=False, check=True, timeout=10)


def exec_program(path, argv):
    # ok: shell-command
    os.execv(path, argv)


def string_no_shell(binary):
    # ok: shell-command-list-with-shell
    subprocess.run("uptime", shell=True, timeout=5)
