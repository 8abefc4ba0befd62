"""Jobs for the tests of research.appworker: module-level functions (a worker process imports them by name),
each taking the progress callback first, as the app's jobs do."""
from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time


def echo(progress, value):
    return value


def where(progress):
    """The worker's temporary directory, a file written there, and its address-space limit."""
    import resource
    fd, path = tempfile.mkstemp(suffix=".sav")
    os.write(fd, b"uploaded bytes")
    os.close(fd)
    return tempfile.gettempdir(), path, os.path.exists(path), resource.getrlimit(resource.RLIMIT_AS)[0]


def hog(progress, mb: int):
    """Holds ``mb`` MB, 1 MB at a time (a zip bomb's effect, without the zip)."""
    blocks = [bytearray(2**20) for _ in range(mb)]
    return len(blocks)


def steps(progress, n: int, seconds: float):
    """``n`` steps of ``seconds`` each, reporting progress like the bootstrap."""
    for i in range(n):
        time.sleep(seconds)
        progress(i + 1, n)
    return n


def with_grandchild(progress, pid_file: str):
    """Starts a long-lived process (like joblib's bootstrap workers), writes its pid, then takes forever."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    with open(pid_file, "w") as fh:
        fh.write(str(child.pid))
    time.sleep(600)


def fails(progress, kind: str):
    if kind == "research":
        from research.errors import DataError
        raise DataError("data_invalid", detail="x", fix_en="Fix it.", fix_zh="请修正。", fix_zh_hant="請修正。",
                        file="survey.csv", row=7)
    if kind == "value":
        raise ValueError("All strings must be XML compatible: \x01")
    if kind == "killed":
        os.kill(os.getpid(), 9)
    raise AssertionError(kind)
