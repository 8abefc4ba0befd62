"""The web app survives abuse (issue 13, point 5).

Unit tests of the pieces (research.appcache's bounded store, research.appworker's worker process with its
memory ceiling, time limit, process group and private temporary directory, research.ui_text.plain), an
AppTest of failing downloads, and real-browser runs (headless Chromium driven by Playwright, the app served
by `streamlit run` on loopback as in test_app_browser.py): two sessions at once, one with a zip bomb and a
long job, the other loading the sample; a file named like a Markdown image; a download whose builder fails;
and servers started with a small memory ceiling and a short time limit (through the environment variables
the app reads), whose messages the page must show.
"""
from __future__ import annotations

import gc
import io
import os
import re
import signal
import threading
import time
import zipfile
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

import app_jobs
from app_server import app_server as _server
from app_server import chromium as _chromium
from conftest import ROOT
from research import appworker
from research.appcache import KeyedLocks, LRUStore, approx_bytes
from research.ui_text import plain, t

SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"


# ----------------------------------------------------------------------------------------------
# the bounded store
# ----------------------------------------------------------------------------------------------
def test_store_is_bounded_by_entries_least_recently_used_first():
    store = LRUStore(max_entries=3, max_bytes=10**9)
    for k in "abc":
        store.put(k, k * 10)
    assert store.get("a") == "a" * 10              # a is now the most recently used
    store.put("d", "d")
    assert store.keys() == ["c", "a", "d"]          # b, the least recently used, left
    assert "b" not in store and len(store) == 3


def test_store_is_bounded_by_bytes():
    store = LRUStore(max_entries=100, max_bytes=1000)
    store.put("x", b"", nbytes=400)
    store.put("y", b"", nbytes=400)
    store.put("z", b"", nbytes=400)                 # 1200 > 1000: x leaves
    assert store.keys() == ["y", "z"] and store.nbytes == 800
    assert store.put("huge", b"", nbytes=1001) is False   # larger than the whole budget: not kept …
    assert "huge" not in store and store.keys() == ["y", "z"]   # … and nothing was evicted for it
    store.put("y", b"", nbytes=100)                 # replacing an entry counts its new size only
    assert store.nbytes == 500 and store.keys() == ["z", "y"]
    assert store.pop("z") == b"" and store.nbytes == 100


def test_store_measures_values_it_is_given():
    import numpy as np
    import pandas as pd

    frame = pd.DataFrame({"a": np.arange(100_000, dtype="float64"), "b": ["满意"] * 100_000})
    size = approx_bytes({"frame": frame, "blob": b"x" * 50_000, "rows": [1.5] * 1000})
    assert 800_000 + 50_000 < size < 20_000_000
    store = LRUStore(max_entries=10, max_bytes=2 * size)
    store.put(1, frame)
    store.put(2, frame.copy())
    store.put(3, frame.copy())
    assert len(store) <= 2 and store.nbytes <= 2 * size


def test_store_and_locks_under_threads():
    store, locks, made = LRUStore(max_entries=50, max_bytes=10**6), KeyedLocks(), []

    def work(i):
        key = i % 7
        with locks(key):
            if store.get(key) is None:
                made.append(key)
                time.sleep(0.01)
                store.put(key, bytes(100), nbytes=100)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(70)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert sorted(made) == list(range(7))          # each key made once, however many threads asked
    assert len(store) == 7 and store.nbytes == 700


def test_the_app_stores_are_bounded():
    from research import limits
    assert 0 < limits.APP_RESULTS_KEPT <= 100 and 0 < limits.APP_RESULTS_MB <= 4096
    assert 0 < limits.APP_READS_KEPT <= 16 and 0 < limits.APP_READS_MB <= 4096
    assert 0 < limits.APP_MADE_KEPT <= 1000 and 0 < limits.APP_MADE_MB <= 4096


# ----------------------------------------------------------------------------------------------
# the worker process
# ----------------------------------------------------------------------------------------------
def test_a_job_returns_its_value_and_works_in_a_private_directory(tmp_path):
    area = appworker.SessionArea(base=tmp_path)
    result, nbytes = appworker.run_sized(app_jobs.where, limits=appworker.Limits(2048, 60), area=area)
    tmpdir, written, existed, rlimit = result
    assert existed and Path(written).parent == Path(tmpdir)
    assert Path(tmpdir).parent == area.path and area.path.parent == tmp_path
    assert rlimit == 2048 * 2**20                        # the ceiling as set
    assert not Path(tmpdir).exists()                     # the job's directory left with the job
    assert nbytes > 0
    assert appworker.run(app_jobs.echo, {"满意": [1, 2]}, area=area) == {"满意": [1, 2]}
    path = area.path
    del area
    gc.collect()
    assert not path.exists()                             # the session's directory left with the session


def test_memory_ceiling_ends_the_job_not_the_server(tmp_path):
    start = time.monotonic()
    with pytest.raises(appworker.OutOfMemory) as err:
        appworker.run(app_jobs.hog, 3000, limits=appworker.Limits(1500, 120), area=appworker.SessionArea(tmp_path))
    assert err.value.memory_mb == 1500 and time.monotonic() - start < 60
    assert appworker.run(app_jobs.hog, 100, limits=appworker.Limits(1500, 120)) == 100     # the next job runs


def test_time_limit_kills_the_job_and_what_it_started(tmp_path):
    pid_file = tmp_path / "grandchild.pid"
    start = time.monotonic()
    with pytest.raises(appworker.TimeLimit) as err:
        appworker.run(app_jobs.with_grandchild, str(pid_file), limits=appworker.Limits(2048, 3))
    assert 2.9 < time.monotonic() - start < 15 and err.value.seconds == 3 and err.value.estimate is None
    pid = int(pid_file.read_text())
    for _ in range(50):                                  # killed with the worker's process group
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        os.kill(pid, signal.SIGKILL)
        pytest.fail("the worker's own child outlived the time limit")


def test_a_job_that_cannot_fit_is_stopped_early_with_an_estimate(monkeypatch):
    monkeypatch.setattr(appworker, "PROJECT_AFTER_S", 0.5)
    seen = []
    start = time.monotonic()
    with pytest.raises(appworker.TimeLimit) as err:       # 100 × 0.1 s = 10 s against a 4 s limit
        appworker.run(app_jobs.steps, 100, 0.1, limits=appworker.Limits(2048, 4),
                      progress=lambda done, total: seen.append((done, total)))
    assert time.monotonic() - start < 3.5                 # stopped before the limit, not at it
    assert 7 < err.value.estimate < 16 and 0.2 < err.value.fraction < 0.5
    assert seen and seen[0] == (1, 100) and all(total == 100 for _, total in seen)


@pytest.mark.parametrize("kind", ["research", "value", "killed"])
def test_failures_in_the_worker_come_back_as_exceptions(kind):
    with pytest.raises(appworker.JobError if kind != "research" else appworker.WorkerResearchError) as err:
        appworker.run(app_jobs.fails, kind, limits=appworker.Limits(2048, 60))
    e = err.value
    if kind == "research":
        assert "survey.csv" in e.message("en") and "7" in e.message("en") and "请修正" in e.message("zh-Hans")
        assert "請修正" in e.message("zh-Hant") and e.key == "data_invalid" and e.file == "survey.csv"
    elif kind == "value":
        assert isinstance(e, appworker.Unexpected) and e.type_name == "ValueError" and "XML" in e.detail
    else:
        assert isinstance(e, appworker.WorkerCrashed) and e.signal_name == "SIGKILL"


def test_limits_come_from_the_environment(monkeypatch):
    from research import limits
    monkeypatch.setenv(appworker.MEMORY_ENV, "777")
    monkeypatch.setenv(appworker.TIME_ENV, "12.5")
    assert appworker.Limits.from_env() == appworker.Limits(777, 12.5)
    monkeypatch.setenv(appworker.MEMORY_ENV, "lots")
    monkeypatch.setenv(appworker.TIME_ENV, "-1")
    assert appworker.Limits.from_env() == appworker.Limits(limits.APP_MEMORY_MB, limits.APP_TIME_LIMIT_S)


# ----------------------------------------------------------------------------------------------
# user text shown as text
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["![t](http://127.0.0.1:9/x).csv", "<img src=x onerror=alert(1)>", "**REL** ~~ SAT",
                                  ":red[满意] $x^2$ :smile:", "# 标题\n- item", "a@b.com www.example.com"])
def test_plain_leaves_no_markdown(text):
    out = plain(text)
    assert "\n" not in out
    unescaped = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", out).replace("\u2060", "")
    assert unescaped == text.replace("\n", " ")               # the same text once the escapes are read
    assert re.fullmatch(r"(?:\\[!-/:-@\[-`{-~]|[^!-/:-@\[-`{-~])*", out)   # every ASCII punctuation mark escaped
    assert "://" not in out.replace("\\", "") and "www." not in out.replace("\\", "")


# ----------------------------------------------------------------------------------------------
# a download that fails says why (AppTest: the click reruns the page, which shows the reason)
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_a_failing_download_says_why_in_the_language(monkeypatch, lang):
    import research
    from streamlit.testing.v1 import AppTest

    real = research.report

    def broken(d, *, language="en", format="html", **kwargs):
        if format == "docx":
            raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control "
                             "characters")
        return real(d, language=language, format=format, **kwargs)

    monkeypatch.setattr(appworker, "ISOLATED", False)       # the broken report exists in this process only
    monkeypatch.setattr(research, "report", broken)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["bootstrap"] = 0
    at.session_state["lang"] = lang
    at.session_state["seed"] = 424242 + len(lang)           # results no other test made (so no report kept)
    at.run()
    assert not at.exception and not at.error
    downloads = at.tabs[8]
    assert not downloads.error
    downloads.get("download_button")[3].click()
    at.run()
    assert not at.exception
    errors = [e.value for e in at.tabs[8].error]
    assert errors == [t("download_failed", lang, file="report.docx",
                        reason=t("reason_unexpected", lang, kind="ValueError", detail=plain(
                            "All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control "
                            "characters")))]
    at.tabs[8].get("download_button")[2].click()             # the HTML report is made: no message for it
    at.run()
    assert len(at.tabs[8].error) == 1
    at.sidebar.radio(key="lang").set_value(lang).run()        # and the message stays on the page
    assert [e.value for e in at.tabs[8].error] == errors


# ----------------------------------------------------------------------------------------------
# real browser, real server
# ----------------------------------------------------------------------------------------------
# a fault injected into every Python process of the test server (the server, the fork server and its
# workers): the Word report's builder fails as the docx writer did on a control character
BREAK_DOCX = """
import os
if os.environ.get("RESEARCH_TEST_BREAK_DOCX") == "1":
    import research
    _report = research.report

    def _broken(d, *args, **kwargs):
        if kwargs.get("format") == "docx":
            raise ValueError("All strings must be XML compatible: Unicode or ASCII, no NULL bytes or control "
                             "characters")
        return _report(d, *args, **kwargs)

    research.report = _broken
"""


def _children(pid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(entry.name))
    return out


def _workers(server_pid: int) -> list[int]:
    """The jobs running for a server: the children of its multiprocessing fork server."""
    servers = [c for c in _children(server_pid)
               if b"forkserver" in Path(f"/proc/{c}/cmdline").read_bytes()]
    return [w for f in servers for w in _children(f)]


def _areas(tmpdir: Path) -> list[Path]:
    return sorted(tmpdir.glob(appworker.SessionArea.PREFIX + "*"))


def _eventually(check, timeout: float, what: str):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = check()
        if value:
            return value
        time.sleep(0.25)
    raise AssertionError(f"not within {timeout:g} s: {what}")


def _zip_bomb(mb: int = 1024) -> bytes:
    """An .xlsx whose one sheet holds ``mb`` cells of 1 MB each once unzipped (~1 MB zipped)."""
    cell = b'<row><c t="inlineStr"><is><t>' + b"A" * 2**20 + b"</t></is></c></row>"
    buf = io.BytesIO()
    ns = 'xmlns="http://schemas.openxmlformats.org/'
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        z.writestr("[Content_Types].xml", f'<Types {ns}package/2006/content-types"><Default Extension="rels" '
                   'ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
                   'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/'
                   'worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml'
                   '.worksheet+xml"/></Types>')
        z.writestr("_rels/.rels", f'<Relationships {ns}package/2006/relationships"><Relationship Id="rId1" '
                   'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                   'Target="xl/workbook.xml"/></Relationships>')
        z.writestr("xl/workbook.xml", f'<workbook {ns}spreadsheetml/2006/main" xmlns:r="http://schemas.'
                   'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S" sheetId="1" '
                   'r:id="rId1"/></sheets></workbook>')
        z.writestr("xl/_rels/workbook.xml.rels", f'<Relationships {ns}package/2006/relationships"><Relationship '
                   'Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                   'Target="worksheets/sheet1.xml"/></Relationships>')
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(f'<worksheet {ns}spreadsheetml/2006/main"><sheetData>'.encode())
            for _ in range(mb):
                f.write(cell)
            f.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def _big_csv(mb: int) -> bytes:
    """The sample's rows repeated to ``mb`` MB (GBK, as 问卷星 exports it)."""
    lines = SAMPLE.read_bytes().splitlines(keepends=True)
    head, rows = lines[0], [r for r in lines[1:] if r.strip()]
    per = sum(map(len, rows)) / len(rows)
    n = int(mb * 2**20 / per)
    return head + b"".join(rows[i % len(rows)] for i in range(n))


@contextmanager
def _browser():
    from playwright.sync_api import sync_playwright


    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=_chromium(), headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        try:
            yield browser
        finally:
            browser.close()


def _open(browser, url):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible(timeout=60_000)
    return context, page


RESULTS = "分析样本 460 份"
SAMPLE_SOURCE = t("source_sample", "zh-Hans")          # the data-source choice (the guide names the sample too)


def _upload(page, files) -> None:
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(t("source_upload", "zh-Hans"), exact=True).click()
    page.locator('input[type="file"]').first.set_input_files(files)


def _confirm(page) -> None:
    """An upload is analysed once its mapping is confirmed ("确认并分析" under what was recognised)."""
    page.get_by_role("button", name=t("confirm", "zh-Hans"), exact=True).click(timeout=180_000)


def _number(page, label: str, value: int) -> None:
    box = page.locator('[data-testid="stSidebar"]').get_by_label(label)
    box.fill(str(value))
    box.press("Enter")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server with the usual limits, sessions ended 2 s after their browser leaves, and a Word report
    that cannot be made."""
    tmp = tmp_path_factory.mktemp("abuse_server")
    (tmp / "site").mkdir()
    (tmp / "site" / "sitecustomize.py").write_text(BREAK_DOCX)
    env = {"RESEARCH_TEST_BREAK_DOCX": "1",
           "PYTHONPATH": os.pathsep.join([str(tmp / "site"), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)}
    with _server(tmp, env, ("--server.disconnectedSessionTTL", "2")) as running:
        yield running


def test_a_bomb_and_a_long_job_in_one_session_leave_the_other_working(server):
    from playwright.sync_api import expect

    url, proc, tmpdir = server
    bomb = _zip_bomb()
    with _browser() as browser:
        c1, a = _open(browser, url)
        expect(a.get_by_text(RESULTS).first).to_be_visible(timeout=240_000)
        # session A uploads a zip bomb; session B opens the app meanwhile and gets the sample
        _upload(a, {"name": "bomb.xlsx", "mimeType": "application/octet-stream", "buffer": bomb})
        c2, b = _open(browser, url)
        expect(b.get_by_text(RESULTS).first).to_be_visible(timeout=120_000)
        error = a.locator('[data-testid="stAlertContentError"]').first
        expect(error).to_contain_text("无法完成", timeout=180_000)
        said = error.inner_text()          # the reader's refusal names the file; the memory ceiling says so
        assert "bomb.xlsx" in said or t("limit_memory", "zh-Hans", mb=appworker.Limits.from_env().memory_mb) in said
        # session A starts a long job (20 000 resamples); B's new analysis (another seed) runs and ends meanwhile
        a.locator('[data-testid="stSidebar"]').get_by_text(SAMPLE_SOURCE, exact=True).click()
        expect(a.get_by_text(RESULTS).first).to_be_visible(timeout=120_000)
        _number(a, "自助法重抽样次数（0 = 不做）", 20000)
        expect(a.get_by_text("自助法：", exact=False).first).to_be_visible(timeout=120_000)
        _number(b, "随机种子", 7)
        expect(b.locator('[data-testid="stProgress"]').first).to_be_visible(timeout=60_000)
        expect(b.locator('[data-testid="stProgress"]')).to_have_count(0, timeout=240_000)
        expect(b.get_by_text(RESULTS).first).to_be_visible()
        expect(a.locator('[data-testid="stProgress"]').first).to_be_visible()     # A's job is still running
        assert len(_workers(proc.pid)) >= 1 and len(_areas(tmpdir)) == 2
        # A leaves: its job is killed and its temporary directory removed with its session
        c1.close()
        _eventually(lambda: not _workers(proc.pid), 60, "the job of the session that left killed")
        _eventually(lambda: len(_areas(tmpdir)) == 1, 30, "that session's temporary directory removed")
        c2.close()
        _eventually(lambda: not _areas(tmpdir), 30, "every temporary directory removed")
    assert proc.poll() is None                                                    # the server never fell over


MARKDOWN_NAME = "![t](http://127.0.0.1:{port}/x.png).csv"


class _Counter(BaseHTTPRequestHandler):
    hits: list = []

    def do_GET(self):                                     # noqa: N802 (http.server's name)
        type(self).hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_file_names_and_data_values_are_shown_as_text_and_fetch_nothing(server):
    from playwright.sync_api import expect

    url = server[0]
    trap = ThreadingHTTPServer(("127.0.0.1", 0), _Counter)
    threading.Thread(target=trap.serve_forever, daemon=True).start()
    port = trap.server_address[1]
    name = MARKDOWN_NAME.format(port=port)
    lines = SAMPLE.read_bytes().decode("gbk").splitlines()
    cells = lines[1].split(",")
    cells[12] = f"![v](http://127.0.0.1:{port}/v.png)"             # a data value
    cells[13] = f'<img src="http://127.0.0.1:{port}/h.png">'        # and one written as HTML
    lines[1] = ",".join(cells)
    data = ("\n".join(lines) + "\n").encode("gbk")
    requested = []
    try:
        with _browser() as browser:
            context, page = _open(browser, url)
            page.on("request", lambda r: requested.append(r.url))
            expect(page.get_by_text(RESULTS).first).to_be_visible(timeout=240_000)
            _upload(page, {"name": name, "mimeType": "text/csv", "buffer": data})
            _confirm(page)
            info = page.locator('[data-testid="stCaptionContainer"]').filter(has_text="编码").first
            expect(info).to_contain_text("x.png", timeout=180_000)
            assert name in info.inner_text().replace("\u2060", "")    # the name as it is, as text
            expect(page.get_by_text(RESULTS).first).to_be_visible(timeout=180_000)
            # the same name in an error message: a file that cannot be read
            page.locator('input[type="file"]').first.set_input_files(
                {"name": name.replace(".csv", ".xlsx"), "mimeType": "application/octet-stream",
                 "buffer": bytes(range(256)) * 20})
            error = page.locator('[data-testid="stAlertContentError"]').first
            expect(error).to_contain_text("无法完成", timeout=120_000)
            assert name.replace(".csv", ".xlsx") in error.inner_text().replace("\u2060", "")
            page.wait_for_timeout(1500)
            images = page.locator("img").evaluate_all("els => els.map(e => e.src)")
            context.close()
    finally:
        trap.shutdown()
    assert _Counter.hits == []
    assert not [u for u in requested if f":{port}" in u]
    assert not [src for src in images if f":{port}" in src]


def test_a_download_that_fails_says_why_on_the_page(server, tmp_path):
    from playwright.sync_api import expect

    with _browser() as browser:
        context, page = _open(browser, server[0])
        expect(page.get_by_text(RESULTS).first).to_be_visible(timeout=240_000)
        page.get_by_role("tab", name="下载").click()
        page.get_by_role("button", name="下载报告（Word，APA 表格）").click()
        error = page.locator('[data-testid="stAlertContentError"]').filter(has_text="report.docx").first
        expect(error).to_be_visible(timeout=180_000)
        text = error.inner_text()
        assert "无法生成 report.docx" in text and "ValueError" in text and "XML compatible" in text
        # the other reports are still made
        with page.expect_download(timeout=180_000) as download:
            page.get_by_role("button", name="下载报告（HTML）").click()
        path = tmp_path / "report.html"
        download.value.save_as(path)
        assert "460" in path.read_text(encoding="utf-8")
        expect(error).to_be_visible()                                   # the message stays
        context.close()


def test_memory_ceiling_message(tmp_path):
    from playwright.sync_api import expect

    big = _big_csv(45)                # read, it needs more than 1.1 GB; the sample and its bootstrap, 0.85 GB
    with _server(tmp_path, {appworker.MEMORY_ENV: "1000"}) as (url, proc, _), _browser() as browser:
        context, page = _open(browser, url)
        expect(page.get_by_text(RESULTS).first).to_be_visible(timeout=240_000)       # the sample fits
        _upload(page, {"name": "big.csv", "mimeType": "text/csv", "buffer": big})
        expect(page.get_by_text(t("limit_memory", "zh-Hans", mb=1000)[:30], exact=False).first) \
            .to_be_visible(timeout=240_000)
        expect(page.locator('[data-testid="stProgress"]')).to_have_count(0)
        page.locator('[data-testid="stSidebar"]').get_by_text(SAMPLE_SOURCE, exact=True).click()
        expect(page.get_by_text(RESULTS).first).to_be_visible(timeout=120_000)       # and the server goes on
        context.close()
        assert proc.poll() is None


def test_time_limit_message(tmp_path):
    from playwright.sync_api import expect

    with _server(tmp_path, {appworker.TIME_ENV: "3"}) as (url, proc, _), _browser() as browser:
        context, page = _open(browser, url)                # the first visit's analysis needs more than 3 s
        expect(page.get_by_text(t("limit_time", "zh-Hans", limit="3")[:25], exact=False).first) \
            .to_be_visible(timeout=240_000)
        assert "research analyze" in page.locator('[data-testid="stAlertContentError"]').first.inner_text()
        expect(page.locator('[data-testid="stProgress"]')).to_have_count(0)
        context.close()
        assert proc.poll() is None


def test_a_table_whose_csv_cannot_be_made_says_why_and_the_page_goes_on(monkeypatch):
    from streamlit.testing.v1 import AppTest

    from research import export

    def broken(frame):
        raise UnicodeEncodeError("gb18030", "\ud800", 0, 1, "surrogates not allowed")

    monkeypatch.setattr(export, "csv_bytes", broken)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=180)
    at.session_state["bootstrap"] = 0
    at.session_state["lang"] = "en"
    at.run()
    assert not at.exception
    reliability = at.tabs[1]
    assert len(reliability.dataframe) == 3                     # every table is still shown …
    assert [e.value for e in reliability.error] == [          # … and each of their CSV buttons says why instead
        t("download_failed", "en", file=plain(f"{name}.csv"),
          reason=t("reason_unexpected", "en", kind="UnicodeEncodeError", detail=plain(
              "'gb18030' codec can't encode character '\\ud800' in position 0: surrogates not allowed")))
        for name in ("reliability", "htmt", "fornell_larcker")]
    assert not reliability.get("download_button")
    assert len(at.tabs[3].error) >= 4 and len(at.tabs[3].dataframe) >= 3    # the structural page goes on too


def test_limits_hit_once_are_not_kept_but_file_errors_are():
    """A download that ran out of time on a busy server is tried again on the next click; one that failed
    because of the data is kept and its reason given at once."""
    import importlib
    from types import SimpleNamespace

    app = importlib.import_module("app")
    stores = SimpleNamespace(made=LRUStore(8, 2**20), locks=KeyedLocks())
    d = {"meta": {"app_key": "k"}}
    calls = []

    def busy():
        calls.append(1)
        if len(calls) == 1:
            raise appworker.TimeLimit(300)
        return b"made"

    with pytest.raises(appworker.TimeLimit):
        app._once(d, "docx", "en", busy, stores)
    assert app._once(d, "docx", "en", busy, stores) == b"made" and len(calls) == 2

    def broken():
        calls.append(2)
        raise ValueError("bad label")

    for _ in range(2):
        with pytest.raises(ValueError, match="bad label"):
            app._once(d, "xlsx", "en", broken, stores)
    assert calls.count(2) == 1


def test_a_file_name_cannot_write_lines_into_the_downloaded_mapping():
    """mapping.yaml names the upload in a comment: a name holding any line break YAML knows (\\r, NEL,
    U+2028) stays inside the comment, and the mapping reads back as it was confirmed."""
    import importlib.util
    from types import SimpleNamespace as NS

    import yaml

    spec = importlib.util.spec_from_file_location("app_module", ROOT / "app.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)                 # defines only (main() runs under `streamlit run`)
    responses = NS(mapping=NS(matches=[NS(column="5、运费合理", item="ECO1"), NS(column="序号", item=None)]),
                   source=NS(file="x\rECO2: null\x85SAT1: ECO1\u2028y.csv"))
    for lang in ("zh-Hans", "zh-Hant", "en"):
        text = module._mapping_yaml(responses, {"6、包邮": "ECO3", "7、其他": None}, lang).decode("utf-8")
        assert text.count("\n") == 4 and text.startswith("# ")
        assert yaml.safe_load(text) == {"5、运费合理": "ECO1", "6、包邮": "ECO3", "7、其他": None}
