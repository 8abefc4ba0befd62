"""The Mediation & moderation page in a real browser (issue 16, point 5): the app served by ``streamlit run`` on
loopback (tests/app_server.py), Debian's Chromium driven by Playwright.

On the bundled sample: choose the page in the sidebar, pick the first-stage moderated mediation card of the
gallery, choose the constructs by their names (reliability → satisfaction → loyalty, empathy as moderator), set
a small bootstrap and run; the conditional indirect effect at the moderator's mean, as the page shows it, is the
one ``research.process`` gives on the same construct scores with the same seed; then the same in English.
Screenshots of both languages go to ``output/``; the server's log has no Traceback."""
from __future__ import annotations

import shutil

import pandas as pd
import pytest

import research
from app_server import app_server, chromium, select_option
from conftest import ROOT
from research.report import apa
from research.ui_text import LANGUAGES, t

SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
BOOT, SEED = 500, 20261122          # the page's own seed default (research.defaults.DEFAULT_SEED)
LONG = 300_000


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("process_server")
    with app_server(tmp) as (url, _, _):
        yield url, tmp / "streamlit.log"


@pytest.fixture(scope="module")
def expected():
    from research.measurement import Structure, mean_scores
    from research.screening import screen
    from research.sem import parse_model

    q = research.load_questionnaire("lsq5")
    kept = screen(research.load_responses(SAMPLE, q)).kept
    scores = mean_scores(kept.items, Structure.from_model(parse_model(q.lavaan())))
    return research.process(scores, model=7, x="REL", m=["SAT"], y="LOY", w="EMP", boot=BOOT, seed=SEED)


def _combo(page, label: str):
    return page.locator('[data-testid="stMain"]').get_by_role("combobox", name=label, exact=True)


def _select(page, label: str, option: str) -> None:
    select_option(page, _combo(page, label), option)


def _walk(page, lang: str, expected, shot) -> None:
    from playwright.sync_api import expect

    def labels(code):
        return next(c.label(lang) for c in research.load_questionnaire("lsq5").constructs if c.id == code)

    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_text(LANGUAGES[lang], exact=True).click()
    expect(sidebar.get_by_text(t("data", lang), exact=True).first).to_be_visible(timeout=60_000)
    sidebar.get_by_text(t("view_process", lang), exact=True).click()
    main = page.locator('[data-testid="stMain"]')
    expect(main.get_by_text(t("proc_gallery", lang), exact=True)).to_be_visible(timeout=LONG)
    expect(main.get_by_role("button", name=t("proc_run", lang), exact=True)).to_be_visible(timeout=LONG)
    # the gallery: twelve cards, each with its diagram; pick the first-stage moderated mediation
    card = main.locator('[data-testid="stColumn"]').filter(has_text=t("proc_card_first_stage", lang)).last
    expect(card.get_by_text(t("proc_model_number", lang, n=7), exact=True)).to_be_visible()
    chosen = card.get_by_role("button", name=t("proc_choose", lang), exact=True)
    if chosen.count():
        chosen.click()
    expect(card.get_by_role("button", name=t("proc_chosen", lang), exact=True)).to_be_visible(timeout=60_000)
    expect(main.get_by_text(t("proc_chosen_model", lang, name=t("proc_card_first_stage", lang), n=7),
                            exact=True)).to_be_visible(timeout=60_000)
    # the variables by name
    _select(page, t("proc_x", lang), labels("REL"))
    _select(page, t("proc_y", lang), labels("LOY"))
    _select(page, t("proc_w", lang), labels("EMP"))
    mediators = main.locator('[data-testid="stMultiSelect"]').first
    expect(mediators.get_by_text(labels("SAT"), exact=True)).to_be_visible()
    box = main.get_by_role("spinbutton", name=t("proc_boot", lang))
    box.fill(str(BOOT))
    box.press("Enter")
    expect(box).to_have_value(str(BOOT))
    main.get_by_role("button", name=t("proc_run", lang), exact=True).click()
    expect(main.get_by_text(t("proc_results", lang), exact=True)).to_be_visible(timeout=LONG)
    caption = t("proc_run_info", lang, model=7, n=460, se="HC3", boot=f"{BOOT:,}",
                ci=t("proc_ci_name_percentile", lang), seed=SEED)
    expect(main.get_by_text(caption, exact=True)).to_be_visible(timeout=LONG)
    # the conditional indirect effect at the mean of empathy, as a cell of the table and in the interpretation
    middle = expected.indirect.iloc[1]
    value = apa.num(middle["effect"], 3)
    expect(main.locator('[data-testid="stDataFrame"] td').filter(has_text=value).first).to_be_attached(
        timeout=60_000)
    interval = f"[{apa.num(middle['boot.ci.lower'], 3)}, {apa.num(middle['boot.ci.upper'], 3)}]"
    expect(main.get_by_text(interval, exact=False).first).to_be_visible(timeout=60_000)
    expect(main.get_by_text(t("proc_interpretation", lang), exact=True)).to_be_visible()
    expect(main.locator('[data-testid="stImage"]').first).to_be_visible(timeout=LONG)
    page.screenshot(path=str(shot), full_page=True)


def test_a_moderated_mediation_run_in_the_browser(server, expected, tmp_path):
    from playwright.sync_api import sync_playwright

    url, log = server
    assert len(expected.indirect) == 3 and expected.indirect["boot.ci.lower"].gt(0).all()
    shots = {}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1400, "height": 4800}, locale="zh-CN")
        page.goto(url, wait_until="domcontentloaded")
        for lang in ("zh-Hans", "en"):
            shots[lang] = tmp_path / f"process_{lang}.png"
            _walk(page, lang, expected, shots[lang])
        browser.close()
    text = log.read_text()
    assert "Traceback" not in text and "ArrowTypeError" not in text
    (ROOT / "output").mkdir(exist_ok=True)
    for lang, shot in shots.items():
        assert shot.stat().st_size > 50_000
        shutil.copy(shot, ROOT / "output" / f"e2e_process_{lang}.png")
    assert isinstance(expected.indirect, pd.DataFrame)
