"""The real form server for the tests: ``research serve --port 0`` as a subprocess on loopback, on a SQLite
store in a temporary folder, and the pieces the tests share (a form's own fields, a filled-in answer set)."""
from __future__ import annotations

import os
import re
import select
import signal
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import httpx

from conftest import ROOT


@contextmanager
def serve_process(database: str, tmp: Path, *options: str, name: str = "serve"):
    """``research serve --database DATABASE --port 0 OPTIONS`` until the block ends; yields (url, process).
    The address is read from the line the command prints; /healthz must answer before the block starts."""
    proc = start_server(database, tmp, *options, name=name)
    try:
        yield proc.url, proc
    finally:
        stop(proc)


def start_server(database: str, tmp: Path, *options: str, name: str = "serve") -> subprocess.Popen:
    log = open(tmp / f"{name}.log", "ab")
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "research.cli", "--lang", "en", "serve", "--database", database,
                             "--port", "0", *options], cwd=ROOT, stdout=subprocess.PIPE, stderr=log, env=env)
    proc.log = tmp / f"{name}.log"
    deadline = time.monotonic() + 60
    printed = b""
    while time.monotonic() < deadline and proc.poll() is None:
        ready, _, _ = select.select([proc.stdout], [], [], 0.5)
        if ready:
            printed += os.read(proc.stdout.fileno(), 4096)
            found = re.search(rb"http://127\.0\.0\.1:(\d+)", printed)
            if found and printed.count(b"\n") >= 2:      # both lines: the address, then the form links
                proc.url = found.group(0).decode("ascii")
                proc.printed = printed.decode("utf-8")
                break
    else:
        stop(proc)
        raise RuntimeError(f"research serve did not start: {printed!r} {proc.log.read_text()[-2000:]}")
    for _ in range(120):
        try:
            if httpx.get(f"{proc.url}/healthz", timeout=2).text == "ok":
                return proc
        except httpx.HTTPError:
            time.sleep(0.25)
    stop(proc)
    raise RuntimeError(f"research serve did not answer /healthz: {proc.log.read_text()[-2000:]}")


def stop(proc: subprocess.Popen, sig=signal.SIGTERM) -> None:
    if proc.poll() is None:
        proc.send_signal(sig)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=15)
    if proc.stdout:
        proc.stdout.close()


_HIDDEN = re.compile(r'<input type="hidden" name="(_\w+)" value="([^"]*)">')


def own_fields(html: str) -> dict:
    """The form's hidden fields (``_csrf``, ``_start``, ``_lang``, ``_t``) as the page gives them."""
    import html as html_module

    return {name: html_module.unescape(value) for name, value in _HIDDEN.findall(html)}


def answers_for(q, seed: int = 0) -> dict:
    """A complete, valid answer set: a different spread of values per seed, the attention check passed."""
    out = {}
    for k, question in enumerate(q.questions):
        if hasattr(question, "expected"):
            out[question.id] = question.expected
        elif hasattr(question, "scale"):
            out[question.id] = (k + seed) % question.scale.points + 1
        elif question.type == "single":
            out[question.id] = question.options[(k + seed) % len(question.options)].code
        elif question.type == "multi":
            out[question.id] = ";".join(str(o.code) for o in question.options[: 1 + (k + seed) % 2])
        elif question.type == "number":
            out[question.id] = 20 + seed
        else:
            out[question.id] = f"answer {seed}"
    return out


def form_body(answers: dict) -> list[tuple[str, str]]:
    """The (name, value) pairs a browser sends for ``answers`` (a multiple choice as one field per option)."""
    body = []
    for qid, value in answers.items():
        if isinstance(value, str) and ";" in value:
            body += [(qid, part) for part in value.split(";")]
        else:
            body.append((qid, str(value)))
    return body
