"""The evaluation index page in a real browser (issue 17, point 6): the app served by ``streamlit run`` on loopback
(tests/app_server.py), Debian's Chromium driven by Playwright.

On the bundled sample, in English and then in Traditional Chinese: choose the page in the sidebar, pick entropy
weights and the shopping platform as segments by their names; the index score shown is the one
``research.evaluation.evaluate`` gives on the same screened data, and the ranking tab shows the TOPSIS closeness of
the first-ranked platform with its bar chart.  Then (zh-Hant) three experts' AHP workbooks are uploaded through
the page's file input: the weights turn to AHP, the score is the group AHP's, and the third expert's inconsistent
matrix is flagged.  Screenshots go to ``output/``; the server's log has no Traceback."""
from __future__ import annotations

import shutil

import pytest

import research
from app_server import app_server, chromium, select_option
from conftest import ROOT
from research.evaluation import evaluate
from research.evaluation.ahp import read_ahp_workbook
from research.report import apa
from research.ui_text import LANGUAGES, t
from test_app_evaluation import _experts, frame  # noqa: F401 — frame: fixture

LONG = 300_000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("evaluation_server")
    with app_server(tmp) as (url, _, _):
        yield url, tmp / "streamlit.log"


def _combo(page, label: str):
    return page.locator('[data-testid="stMain"]').get_by_role("combobox", name=label, exact=True)


def _select(page, label: str, option: str) -> None:
    select_option(page, _combo(page, label), option)


def _metric(page, value: str):
    return page.locator('[data-testid="stMain"] [data-testid="stMetricValue"]').filter(has_text=value)


def _platform(lang: str) -> str:
    q = research.load_questionnaire("lsq5")
    s = next(s for s in q.segments if s.id == "PLATFORM")
    return s.text[lang]


def _walk(page, lang: str, direct, shots: dict) -> None:
    from playwright.sync_api import expect

    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(LANGUAGES[lang], exact=True).click()
    expect(sidebar.get_by_text(t("data", lang), exact=True).first).to_be_visible(timeout=60_000)
    sidebar.get_by_text(t("view_evaluation", lang), exact=True).click()
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text(t("eval_title", lang), exact=True)).to_be_visible(timeout=LONG)
    expect(main.get_by_text(t("eval_results", lang), exact=True)).to_be_visible(timeout=LONG)
    _select(page, t("eval_weights", lang), t("eval_w_entropy", lang))
    _select(page, t("eval_group", lang), _platform(lang))
    top = direct.overall
    expect(_metric(page, apa.num(top["mean"], 2)).first).to_be_visible(timeout=LONG)
    expect(_metric(page, f"[{apa.num(top['ci_low'], 2)}, {apa.num(top['ci_high'], 2)}]").first).to_be_visible()
    expect(main.locator('[data-testid="stImage"]').first).to_be_visible(timeout=LONG)       # the indicator tree
    expect(main.get_by_role("tab")).to_have_count(5, timeout=LONG)          # the run ended: no stale tabs left
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stImage] img')]"
                           ".every(i => i.complete && i.naturalWidth > 0)", timeout=LONG)
    page.screenshot(path=str(shots[f"{lang}_weights"]), full_page=True)
    main.get_by_role("tab", name=t("eval_tab_ranking", lang), exact=True).click()
    closeness = direct.ranking["topsis"].closeness
    best = closeness.idxmax()
    expect(main.locator('[data-testid="stDataFrame"] td').filter(has_text=apa.unit(closeness[best], 3)).first
           ).to_be_attached(timeout=60_000)
    expect(main.locator('[data-testid="stDataFrame"] td').filter(has_text=direct.segment_label(best, lang)).first
           ).to_be_attached(timeout=60_000)
    expect(main.get_by_text(t("eval_fig_topsis", lang), exact=True)).to_be_visible()
    page.screenshot(path=str(shots[f"{lang}_ranking"]), full_page=True)


def _upload_experts(page, lang: str, group) -> None:
    from playwright.sync_api import expect

    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_role("tab")).to_have_count(5, timeout=LONG)
    main.get_by_role("tab", name=t("eval_tab_weights", lang), exact=True).click()
    files = [{"name": n, "mimeType": XLSX, "buffer": data} for n, data in _experts().items()]
    main.locator('input[type="file"]').first.set_input_files(files)
    expect(_combo(page, t("eval_weights", lang))).to_have_value(t("eval_w_ahp", lang), timeout=LONG)
    expect(_metric(page, apa.num(group.overall["mean"], 2)).first).to_be_visible(timeout=LONG)
    warning = main.locator('[data-testid="stAlertContentWarning"]').filter(has_text="expert3.xlsx")
    expect(warning.first).to_contain_text("未通過一致性檢定", timeout=60_000)
    expect(main.get_by_role("tab")).to_have_count(5, timeout=LONG)
    expect(main.locator('[data-testid="stImage"] img').first).to_be_visible(timeout=LONG)  # the tree, redrawn
    page.wait_for_function("() => [...document.querySelectorAll('[data-testid=stImage] img')]"
                           ".every(i => i.complete && i.naturalWidth > 0)", timeout=LONG)
    expect(main.get_by_text(t("eval_experts_read", lang, k=3, names="expert1.xlsx、expert2.xlsx、expert3.xlsx"),
                            exact=True)).to_be_visible()


def test_the_evaluation_page_in_the_browser(server, frame, tmp_path):  # noqa: F811 — frame: fixture
    from playwright.sync_api import sync_playwright

    url, log = server
    direct = evaluate(frame, "lsq5-index", weights="entropy", group="PLATFORM")
    books = {n: read_ahp_workbook(d) for n, d in _experts().items()}
    group = evaluate(frame, "lsq5-index", weights="ahp", ahp=books, group="PLATFORM")
    assert abs(group.overall["mean"] - direct.overall["mean"]) > 0.005          # the two runs show different numbers
    shots = {f"{lang}_{tab}": tmp_path / f"evaluation_{lang}_{tab}.png" for lang in ("en", "zh-Hant")
             for tab in ("weights", "ranking", "ahp")}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1400, "height": 4000}, locale="zh-TW")
        page.goto(url, wait_until="domcontentloaded")
        for lang in ("en", "zh-Hant"):
            _walk(page, lang, direct, shots)
        _upload_experts(page, "zh-Hant", group)
        page.screenshot(path=str(shots["zh-Hant_ahp"]), full_page=True)
        browser.close()
    text = log.read_text()
    assert "Traceback" not in text and "ArrowTypeError" not in text
    (ROOT / "output").mkdir(exist_ok=True)
    for key, shot in shots.items():
        if shot.exists():
            assert shot.stat().st_size > 50_000, key
            shutil.copy(shot, ROOT / "output" / f"e2e_evaluation_{key}.png")
    assert all(shots[f"{lang}_{tab}"].exists() for lang in ("en", "zh-Hant") for tab in ("weights", "ranking"))
    assert shots["zh-Hant_ahp"].exists()
