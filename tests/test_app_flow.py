"""The app as a student and a marketer meet it (issue 14, points 2, 4, 5, 6 and 8), in a real browser: the app
served by ``streamlit run`` on loopback (tests/app_server.py), Debian's Chromium driven by Playwright.

One server for the module, a few long walks:

* the sample study on the defaults (FIML): the data page's samples table says N = 460 for the CFA and the SEM;
  grouped by the platform, the segments page shows the chart and the invariance steps, and names the small
  segments as the chart does; every tab in each of the three languages, read as the browser shows it (text,
  and the tables' cells), with no English code word in the Chinese pages and no Simplified-only character
  in the 繁體中文 ones (the checker of tests/test_translations.py);
* an uploaded 问卷星 export (the CSV, then an XLSX made from it): the mapping panel says what was recognised and
  shows the column table, nothing is analysed before "确认并分析"; a language switch keeps the upload and the
  analysis; every tab in the three languages; a 5-row upload says how many responses are needed and leaves
  no progress bar;
* PLS-SEM chosen in the sidebar: its options, the PLS study on the same tabs, every table drawn and every
  text in the language, the choice kept through a language switch;
* and the server's log of the whole run has no ERROR, Traceback or ArrowTypeError.
"""
from __future__ import annotations

import io
import re
from types import SimpleNamespace

import pandas as pd
import pytest

from app_server import app_server, chromium
from conftest import ROOT
from research import tables as display
from research.defaults import DEFAULT_MISSING
from research.ui_text import LANGUAGES, t
from test_translations import _without_data, problems

SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
TABS = ("tab_data", "tab_reliability", "tab_measurement", "tab_structural", "tab_regression", "tab_drivers",
        "tab_segments", "tab_index", "tab_downloads")
# the tables each tab shows at least (outside closed expanders); the segments tab with a grouping
TABLES = {"tab_data": 3, "tab_reliability": 3, "tab_measurement": 6, "tab_structural": 4, "tab_regression": 2,
          "tab_drivers": 2, "tab_segments": 2, "tab_index": 1, "tab_downloads": 0}
PLATFORMS = {"zh-Hans": ("淘宝", "天猫", "京东", "拼多多", "抖音", "速卖通", "亚马逊", "其他"),
             "zh-Hant": ("淘寶", "天貓", "京東", "拼多多", "抖音", "速賣通", "亞馬遜", "其他"),
             "en": ("Taobao", "Tmall", "JD.com", "Pinduoduo", "Douyin", "AliExpress", "Amazon", "Other")}
PLATFORM_QUESTION = {"zh-Hans": "您最常使用的网购平台", "zh-Hant": "您最常使用的網購平台", "en": "shopping platform"}
LONG = 600_000                     # ms: an analysis on a busy 2-core machine
# a page's text in English that would be an error shown in place of a value
ENGLISH_LEFTOVERS = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|Traceback|Choose an option")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("flow_server")
    with app_server(tmp) as (url, proc, _):
        yield SimpleNamespace(url=url, proc=proc, log=tmp / "streamlit.log")


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chrome = p.chromium.launch(executable_path=chromium(), headless=True,
                                   args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        yield chrome
        chrome.close()


# ----------------------------------------------------------------------------------------------
# reading and driving the page
# ----------------------------------------------------------------------------------------------
def _open(browser, url):
    from playwright.sync_api import expect

    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.goto(url, wait_until="domcontentloaded")
    expect(page.locator('[data-testid="stSidebar"]')).to_be_visible(timeout=60_000)
    return context, page


def _sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def _number(page, label: str, value: int) -> None:
    box = _sidebar(page).get_by_label(label)
    box.fill(str(value))
    box.press("Enter")


def _language(page, lang: str) -> None:
    from playwright.sync_api import expect

    _sidebar(page).get_by_text(LANGUAGES[lang], exact=True).click()
    expect(_sidebar(page).get_by_text(t("data", lang), exact=True).first).to_be_visible(timeout=60_000)


def _combo(page, label: str):
    """A sidebar select box by its label; its value is the text of the chosen option."""
    return _sidebar(page).get_by_role("combobox", name=label, exact=True)


def _choose(page, label: str, option: str) -> None:
    """An option of a sidebar select box, by the text it shows."""
    _combo(page, label).click()
    page.get_by_role("option").filter(has_text=option).first.click()


def _panel(page):
    return page.locator('[role="tabpanel"]:visible').first


def _tab(page, lang: str, key: str):
    from playwright.sync_api import expect

    page.get_by_role("tab", name=t(key, lang), exact=True).click()
    panel = _panel(page)
    expect(panel).to_be_visible(timeout=60_000)
    return panel


def _tab_showing(page, lang: str, key: str, text: str):
    """The tab ``key`` once it shows ``text``: a rerun that rebuilds the tabs selects the first one again, so
    the tab is chosen again until the analysis behind it is done."""
    import time

    from playwright.sync_api import Error, expect

    end = time.monotonic() + LONG / 1000
    while True:
        _running(page)
        errors = page.locator('[data-testid="stAlertContentError"]')
        assert errors.count() == 0, errors.all_inner_texts()          # a failed analysis: no use waiting
        try:
            panel = _tab(page, lang, key)
            expect(panel.get_by_text(text, exact=True).first).to_be_visible(timeout=5_000)
            return panel
        except (AssertionError, Error):      # not there yet, or the tabs of the last run still on the page
            if time.monotonic() > end:
                page.screenshot(path=str(ROOT / "output" / f"flow_failed_{key}.png"), full_page=True)
                raise


def _running(page) -> None:
    """Wait until no analysis or rerun is under way."""
    from playwright.sync_api import expect

    expect(page.locator('[data-testid="stProgress"]')).to_have_count(0, timeout=LONG)
    page.wait_for_timeout(500)
    expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=LONG)
    expect(page.locator('[data-stale="true"]')).to_have_count(0, timeout=LONG)      # the last run's elements gone


def _tables(scope, at_least: int = 0, wait_ms: int = 30_000) -> list[dict]:
    """The visible tables of ``scope`` as the browser shows them: header and the rendered rows (the grid's
    accessible table, which holds the cells the canvas draws)."""
    grids = scope.locator('[data-testid="stDataFrame"]:visible')
    page = scope.page
    waited = 0
    while True:
        found = grids.evaluate_all("""els => els.map(e => {
            const t = e.querySelector('table[role="grid"]');
            if (!t) return null;
            return {head: [...t.querySelectorAll('thead th')].map(x => x.textContent),
                    rows: [...t.querySelectorAll('tbody tr')].map(r => [...r.querySelectorAll('td')]
                                                                  .map(x => x.textContent))};
        })""")
        if (len(found) >= at_least and all(f is not None for f in found)) or waited >= wait_ms:
            break
        page.wait_for_timeout(250)
        waited += 250
    assert len(found) >= at_least and all(f is not None for f in found), \
        f"{found.count(None)} of {len(found)} tables not drawn ({at_least} expected at least)"
    return found


ROLES = ("driver", "mediator", "outcome", "none")


def _as_drawn(table: dict, lang: str) -> list[str]:
    """A data editor's header and cells as the canvas draws them: a select-box column draws its option's label
    (the roles by name), its accessible table holds the option's value."""
    head, rows = table["head"], [list(r) for r in table["rows"]]
    if t("role", lang) in head:
        k = head.index(t("role", lang))
        for r in rows:
            if r[k] in ROLES:
                r[k] = t(f"role_{r[k]}", lang)
    return head + [c for r in rows for c in r]


def _sidebar_text(page) -> str:
    """The sidebar as read, without the language chooser (it names each language in its own script)."""
    return _sidebar(page).evaluate("""sb => {
        const chooser = sb.querySelector('[data-testid="stRadio"]');
        const keep = chooser.style.display;
        chooser.style.display = 'none';
        const text = sb.innerText;
        chooser.style.display = keep;
        return text;
    }""")


def _read_everything(page, lang: str, grouped: bool) -> list[tuple[str, str]]:
    """Every text the reader sees in ``lang``: the sidebar (the guide opened), the page above the tabs and
    every tab with its tables."""
    from playwright.sync_api import expect

    out = []
    guide = _sidebar(page).locator('[data-testid="stExpander"]').filter(has_text=t("guide", lang))
    guide.locator("summary").click()
    expect(guide.locator('[data-testid="stExpanderDetails"]')).to_be_visible()
    out.append(("sidebar", _sidebar_text(page)))
    guide.locator("summary").click()
    for key in TABS:
        panel = _tab(page, lang, key)
        page.wait_for_timeout(500)
        out.append((key, page.locator('[data-testid="stMain"]').inner_text()))
        least = TABLES[key] if grouped or key != "tab_segments" else 0
        for k, table in enumerate(_tables(panel, at_least=least)):
            out.append((f"{key} table {k} header", " | ".join(table["head"])))
            out += [(f"{key} table {k}", cell) for row in table["rows"] for cell in row]
    return out


def _wrong(texts: list[tuple[str, str]], lang: str) -> list[str]:
    """What a reader of ``lang`` should not meet: English code words in Chinese pages, Simplified-only
    characters in 繁體中文 ones (the words of the file itself excepted: they are shown as the file has them),
    and values shown as None/nan in any language."""
    bad = []
    for where, text in texts:
        for line in text.splitlines():
            found = problems(_without_data(line), lang) + ENGLISH_LEFTOVERS.findall(line)
            bad += [f"[{lang}] {where}: {p}: {line[:200]!r}" for p in found]
    return list(dict.fromkeys(bad))


def _check_log(server) -> None:
    log = server.log.read_text(encoding="utf-8", errors="replace")
    for word in ("ERROR", "Traceback", "ArrowTypeError"):
        assert word not in log, log[max(0, log.find(word) - 1500):log.find(word) + 1500]


# ----------------------------------------------------------------------------------------------
# the sample study
# ----------------------------------------------------------------------------------------------
def test_sample_one_n_segments_named_and_every_page_in_its_language(server, browser):
    from playwright.sync_api import expect

    context, page = _open(browser, server.url)
    lang = "zh-Hans"
    sidebar = _sidebar(page)
    # the defaults, as research analyze has them: FIML when answers are missing, 1000 resamples, seed 20261122
    expect(sidebar.get_by_label(t("bootstrap", lang))).to_have_value("1000")
    expect(sidebar.get_by_label(t("seed", lang))).to_have_value("20261122")
    expect(_combo(page, t("missing", lang))).to_have_value(t(f"missing_{DEFAULT_MISSING}", lang))
    expect(sidebar.get_by_text(t("version", lang, version=__import__("research").__version__))).to_be_visible()
    _number(page, t("bootstrap", lang), 0)          # the rest of the walk without the bootstrap
    expect(page.get_by_text("分析样本 460 份，剔除 40 份").first).to_be_visible(timeout=LONG)
    _running(page)
    expect(page.get_by_text(t("run_info_no_boot", lang, estimator=t("est_ML", lang),
                              missing=t("missing_fiml", lang)))).to_be_visible()     # used for the sample
    # (2) one sample, said once: the samples table first, N = 460 for the CFA and the SEM with FIML
    data = _tab(page, lang, "tab_data")
    expect(data.get_by_text(t("samples", lang), exact=True)).to_be_visible()
    samples = _tables(data, at_least=3)[0]                  # samples, preview, excluded rows
    assert samples["head"] == ["分析", "N", "样本与缺失答案的处理"]
    rows = {r[0]: r for r in samples["rows"]}
    assert rows["筛选后的有效样本"][1] == "460"
    assert rows["验证性因子分析（CFA）"][1] == "460" and rows["结构方程模型（SEM）"][1] == "460"
    assert rows["验证性因子分析（CFA）"][2].startswith("FIML") and rows["结构方程模型（SEM）"][2].startswith("FIML")
    # every statistic that cannot use FIML names its own N and why
    assert all(re.fullmatch(r"\d+", r[1]) and r[2] for r in samples["rows"])
    # the structural page: the same N, no second sample
    structural = _tab(page, lang, "tab_structural")
    assert "327" not in structural.inner_text()

    # (8) grouped by the platform: the chart, the invariance steps, the small segments named as the chart names
    # them
    expect(_combo(page, t("group", lang))).to_have_value(t("none", lang))
    _choose(page, t("group", lang), PLATFORM_QUESTION[lang])
    expect(_combo(page, t("group", lang))).to_have_value(re.compile(PLATFORM_QUESTION[lang]))
    segments = _tab_showing(page, lang, "tab_segments", t("invariance", lang))
    expect(segments.get_by_text(t("group_tests", lang), exact=True)).to_be_visible()
    assert segments.locator('[data-testid="stImage"] img, img').count() >= 1
    tables = _tables(segments, at_least=2)
    invariance = next(tb for tb in tables if display.HEAD["holds"][lang] in tb["head"])
    levels = [display.LEVEL[k][lang] for k in ("configural", "metric", "scalar")]
    assert [r[0] for r in invariance["rows"]][:3] == levels
    small = segments.locator('[data-testid="stCaptionContainer"]').filter(
        has_text=t("small_groups", lang, groups="").rstrip("：: "))
    expect(small).to_have_count(1)
    said = small.inner_text()
    named = re.findall(r"([^：、,\s]+) \(n = (\d+)\)", said)
    assert named and all(name in PLATFORMS[lang] for name, _ in named), said
    assert not re.search(r"(^|[：、,]\s*)\d+ \(n = ", said), said              # no bare codes such as "5 (n = 32)"
    assert ("抖音", "47") in named and ("其他", "17") in named
    # the index: the whole sample without an arrow, each platform against it, by name
    index = _tab(page, lang, "tab_index")
    metrics = index.locator('[data-testid="stMetric"]')
    expect(metrics.first).to_be_visible()
    assert metrics.first.locator('[data-testid="stMetricDelta"]').count() == 0
    labels = [m.inner_text() for m in index.locator('[data-testid="stMetricLabel"]').all()]
    assert len(labels) >= 3 and all(any(p in lab for p in PLATFORMS[lang]) for lab in labels[1:]), labels
    assert index.locator('[data-testid="stMetricDelta"]').count() == len(labels) - 1

    # (4) every tab in each language; the grouping kept through the switches
    for lang in ("zh-Hans", "zh-Hant", "en"):
        if lang != "zh-Hans":
            _language(page, lang)
            expect(page.get_by_role("tab", name=t("tab_segments", lang), exact=True)).to_be_visible(timeout=LONG)
            _running(page)
        expect(_combo(page, t("group", lang))).to_have_value(re.compile(PLATFORM_QUESTION[lang]))
        texts = _read_everything(page, lang, grouped=True)
        assert sum(len(x) for _, x in texts) > 5000                     # the walk read the pages
        seg_text = next(x for k, x in texts if k == "tab_segments")
        assert any(p in seg_text for p in PLATFORMS[lang][4:])          # the small segments, named in the language
        others = {x for other in PLATFORMS if other != lang for x in PLATFORMS[other]} - set(PLATFORMS[lang])
        assert not [x for x in others if x in seg_text], seg_text       # not in another language's names
        bad = _wrong(texts, lang)
        assert not bad, "\n".join(bad)
    context.close()
    _check_log(server)


# ----------------------------------------------------------------------------------------------
# an uploaded export
# ----------------------------------------------------------------------------------------------
def _xlsx(tmp_path) -> dict:
    """The export as an .xlsx (问卷星's "按选项文本" XLSX download has the same headers and cells)."""
    frame = pd.read_csv(SAMPLE, encoding="gbk", dtype=str, keep_default_na=False)
    buf = io.BytesIO()
    frame.to_excel(buf, index=False)
    return {"name": "问卷星导出.xlsx", "mimeType": "application/octet-stream", "buffer": buf.getvalue()}


def _upload(page, files) -> None:
    page.locator('[data-testid="stSidebar"] input[type="file"]').first.set_input_files(files)


def _mapping_panel(page, lang: str, encoding: str, rows: int = 500):
    """The mapping step of an upload: what was recognised and the column table, and no analysis yet."""
    from playwright.sync_api import expect

    panel = page.locator('[data-testid="stExpander"]').filter(has_text=t("mapping_step", lang))
    expect(panel).to_be_visible(timeout=LONG)
    platform = {"zh-Hans": "问卷星", "zh-Hant": "問卷星", "en": "问卷星"}[lang]
    expect(panel.locator('[data-testid="stExpanderDetails"]')).to_be_visible()
    said = panel.get_by_text(re.compile(re.escape(platform) + ".*" + re.escape(encoding))).first
    expect(said).to_be_visible(timeout=LONG)
    assert f"{rows}" in said.inner_text()
    tables = _tables(panel, at_least=2)
    mapping = next(tb for tb in tables if tb["head"][:3] == [t("map_column", lang), t("map_item", lang),
                                                               t("map_how", lang)])
    assert any("运费与配送速度和距离相称" in r[0] for r in mapping["rows"])
    roles = next(tb for tb in tables if t("role", lang) in tb["head"])
    assert len(roles["rows"]) == 7
    expect(page.get_by_role("tab")).to_have_count(0)
    expect(page.get_by_text(t("confirm_first", lang))).to_be_visible()
    return panel


def _confirm(page, lang: str) -> None:
    page.get_by_role("button", name=t("confirm", lang), exact=True).click()


def test_upload_mapping_confirm_language_and_too_few_rows(server, browser, tmp_path):
    from playwright.sync_api import expect

    context, page = _open(browser, server.url)
    lang = "zh-Hans"
    _number(page, t("bootstrap", lang), 0)
    expect(_sidebar(page).get_by_label(t("bootstrap", lang))).to_have_value("0")
    _sidebar(page).get_by_text(t("source_upload", lang)).click()
    expect(page.get_by_text(t("upload_first", lang))).to_be_visible(timeout=LONG)
    # (5) the 问卷星 export: what was recognised, the columns and their questions; nothing analysed before confirm
    _upload(page, str(SAMPLE))
    _mapping_panel(page, lang, "gbk")
    page.wait_for_timeout(1500)
    expect(page.get_by_role("tab")).to_have_count(0)              # still waiting
    _confirm(page, lang)
    expect(page.get_by_role("tab", name=t("tab_data", lang), exact=True)).to_be_visible(timeout=LONG)
    expect(page.get_by_text("分析样本 460 份，剔除 40 份").first).to_be_visible(timeout=LONG)
    _running(page)

    # (6) a language switch keeps the upload as the source and the analysis; (4) every tab, each language
    for lang in ("zh-Hant", "en", "zh-Hans"):
        _language(page, lang)
        expect(_sidebar(page).get_by_role("radio", name=t("source_upload", lang))).to_be_checked()
        expect(page.get_by_text(t("n_analysed", lang, n=460, excluded=40)).first).to_be_visible(timeout=LONG)
        expect(page.get_by_role("tab", name=t("tab_data", lang), exact=True)).to_be_visible()
        expect(page.get_by_text(t("confirm_first", lang))).to_have_count(0)     # nothing asked again
        _running(page)
        panel = page.locator('[data-testid="stExpander"]').filter(has_text=t("mapping_step", lang))
        panel.locator("summary").click()                          # open (it folds once confirmed) and read it
        expect(panel.locator('[data-testid="stExpanderDetails"]')).to_be_visible()
        texts = [("mapping step", panel.inner_text())]
        tables = _tables(panel, at_least=2)
        roles = next(tb for tb in tables if t("role", lang) in tb["head"])
        assert [r[-1] for r in roles["rows"]] == ["driver"] * 5 + ["mediator", "outcome"]
        texts += [(f"mapping table {k}", c) for k, tb in enumerate(tables) for c in _as_drawn(tb, lang)]
        panel.locator("summary").click()
        texts += _read_everything(page, lang, grouped=False)
        bad = _wrong(texts, lang)
        assert not bad, "\n".join(bad)

    # the same export as an XLSX
    lang = "zh-Hans"
    _upload(page, _xlsx(tmp_path))
    _mapping_panel(page, lang, "xlsx")
    _confirm(page, lang)
    expect(page.get_by_text("分析样本 460 份，剔除 40 份").first).to_be_visible(timeout=LONG)
    expect(page.get_by_role("tab", name=t("tab_data", lang), exact=True)).to_be_visible()
    _running(page)

    # (6) five responses: the message says how many are needed and why; no progress bar stays
    lines = SAMPLE.read_bytes().decode("gbk").splitlines(keepends=True)
    _upload(page, {"name": "five.csv", "mimeType": "text/csv", "buffer": "".join(lines[:6]).encode("gbk")})
    _mapping_panel(page, lang, "gbk", rows=5)
    _confirm(page, lang)
    error = page.locator('[data-testid="stAlertContentError"]').first
    expect(error).to_contain_text("可分析的答卷太少", timeout=LONG)
    said = error.inner_text()
    assert "文件 5 行" in said and "27 个题目" in said and "至少需要 28 份答卷" in said, said
    page.wait_for_timeout(2000)
    expect(page.locator('[data-testid="stProgress"]')).to_have_count(0)
    expect(page.get_by_text(t("running", lang))).to_have_count(0)
    expect(page.get_by_role("tab")).to_have_count(0)
    context.close()
    _check_log(server)


# ----------------------------------------------------------------------------------------------
# PLS-SEM (issue 15)
# ----------------------------------------------------------------------------------------------
PLS_TABLES = {"tab_reliability": 5, "tab_measurement": 2, "tab_structural": 4, "tab_drivers": 2}


def test_pls_sem_chosen_in_the_sidebar(server, browser):
    """PLS-SEM chosen beside the other options: its options appear (FIML is not one of PLS's missing-answer
    treatments), the same tabs show the PLS study — reliability and validity, the indicators, the SmartPLS
    path diagram with the paths, the IPMA — every table drawn and every text in the language, and a language
    switch keeps the choice."""
    from playwright.sync_api import expect

    context, page = _open(browser, server.url)
    lang = "zh-Hans"
    sidebar = _sidebar(page)
    sidebar.get_by_text(t("method_pls", lang), exact=True).click()
    expect(_combo(page, t("scheme", lang))).to_have_value(t("scheme_path", lang), timeout=60_000)
    expect(sidebar.get_by_label(t("bootstrap", lang))).to_have_value("5000")     # PLS-SEM's default, as SmartPLS
    _number(page, t("bootstrap", lang), 100)
    expect(sidebar.get_by_label(t("bootstrap", lang))).to_have_value("100")
    expect(_combo(page, t("missing", lang))).to_have_value(t("missing_pls_auto", lang))
    expect(_combo(page, t("estimator", lang))).to_have_count(0)
    structural = _tab_showing(page, lang, "tab_structural", t("pls_r2", lang))
    assert structural.locator('[data-testid="stImage"] img, img').count() >= 1        # the path diagram
    expect(page.get_by_text(t("run_info_pls", lang, scheme=t("scheme_path", lang), plsc="", boot="100",
                              seed=20261122, missing=t("pls_missing_mean", lang)))).to_be_visible()
    texts, heads = [], {}
    for key, least in PLS_TABLES.items():
        panel = _tab(page, lang, key)
        page.wait_for_timeout(500)
        texts.append((key, page.locator('[data-testid="stMain"]').inner_text()))
        found = _tables(panel, at_least=least)
        heads[key] = [tb["head"] for tb in found]
        for k, table in enumerate(found):
            texts.append((f"{key} table {k} header", " | ".join(table["head"])))
            texts += [(f"{key} table {k}", cell) for row in table["rows"] for cell in row]
    assert {"ρA", "ρC", "AVE"} <= set(heads["tab_reliability"][0])
    assert {"β", "t", "p", "f²"} <= set(heads["tab_structural"][0])
    bad = _wrong(texts, lang)
    assert not bad, "\n".join(bad)
    _language(page, "en")
    expect(_sidebar(page).get_by_role("radio", name=t("method_pls", "en"))).to_be_checked()
    _tab_showing(page, "en", "tab_structural", t("pls_r2", "en"))
    context.close()
    _check_log(server)


def test_server_log_has_no_error(server):
    """The whole browser run of this module, as the server logged it: no ERROR, no Traceback, no pyarrow
    ArrowTypeError (a table column mixing numbers and text)."""
    log = server.log.read_text(encoding="utf-8", errors="replace")
    assert "You can now view your Streamlit app" in log or "URL:" in log         # the log is the server's
    _check_log(server)
