"""The real web app on loopback for the browser tests: ``streamlit run app.py`` started by the tests themselves,
and Debian's Chromium (installed by scripts/test.sh) for Playwright."""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from conftest import ROOT


def chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    raise RuntimeError("No Chromium found: run `bash scripts/test.sh` (it installs Debian's chromium) or "
                       "`sudo apt-get install chromium`.")


def idle(page, timeout: int = 300_000) -> None:
    """Wait until the app is not rerunning: a rerun replaces the widgets, and a click on one being replaced is
    lost."""
    from playwright.sync_api import expect

    page.wait_for_timeout(300)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=timeout)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=timeout)


def select_option(page, combo, option: str) -> None:
    """Choose ``option`` (its exact text) in the select box ``combo`` (a locator) once the app is idle; when a late
    rerun still detaches the open list under the pointer, close it and choose again (at most three tries)."""
    from playwright.sync_api import Error, expect

    for attempt in range(3):
        idle(page)
        try:
            combo.click(timeout=30_000)
            page.get_by_role("option", name=option, exact=True).click(timeout=10_000)
            break
        except Error:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
    expect(combo).to_have_value(option, timeout=60_000)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def app_server(tmp: Path, env: dict | None = None, options: tuple = ()):
    """``streamlit run app.py`` on loopback with ``env`` added; temporary files under ``tmp/tmp`` (TMPDIR)."""
    port = free_port()
    tmpdir = tmp / "tmp"
    tmpdir.mkdir(parents=True, exist_ok=True)
    log = tmp / "streamlit.log"
    full_env = {**os.environ, "PYTHONUNBUFFERED": "1", "TMPDIR": str(tmpdir), **(env or {})}
    with open(log, "w") as fh:
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
                                 "--server.port", str(port), "--server.address", "127.0.0.1",
                                 "--server.headless", "true", "--browser.gatherUsageStats", "false", *options],
                                cwd=ROOT, stdout=fh, stderr=subprocess.STDOUT, env=full_env)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError(f"the app did not start: {log.read_text()[-2000:]}")
        yield url, proc, tmpdir
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
