"""A response collected on a phone reaches the app (issue 18, points 3 and 5), with every component real: one
temporary SQLite study store, ``research serve`` on loopback (tests/serve_server.py) and the Streamlit app on
loopback (tests/app_server.py) on that same store, Debian's Chromium driven by Playwright.

A desktop-sized page of the app opens the study with its owner key (typed into the password field), goes to the
study's page and reads the wave's form link there; a phone-sized page (360 × 740, touch) opens that link, taps an
answer for every LSQ-5 question and submits; back on the desktop page, Refresh shows the count 1, the collected
responses table shows the submitted answers (checked cell by cell against what the phone tapped) and its CSV holds
exactly them.  Then the same in 繁體中文.  Screenshots go to ``output/`` (the phone's form, the study page in
English and in 繁體中文); the app's log has no Traceback and never the key."""
from __future__ import annotations

import io
import shutil

import pandas as pd
from playwright.sync_api import expect, sync_playwright

from app_server import app_server, chromium
from conftest import ROOT
from research.questionnaire import load_questionnaire
from research.store import open_store
from research.ui_text import LANGUAGES, t
from serve_server import answers_for, serve_process

LONG = 120_000
OUT = ROOT / "output"


def _sidebar(page):
    return page.locator('[data-testid="stSidebar"]')


def _open_study(page, key: str, lang: str) -> None:
    sidebar = _sidebar(page)
    sidebar.get_by_text(LANGUAGES[lang], exact=True).click()
    expect(sidebar.get_by_text(t("source_study", lang), exact=True)).to_be_visible(timeout=LONG)
    sidebar.get_by_text(t("source_study", lang), exact=True).click()
    field = sidebar.get_by_label(t("study_key", lang), exact=True)
    expect(field).to_have_attribute("type", "password", timeout=LONG)
    field.fill(key)
    field.press("Enter")
    sidebar.locator(".st-key-study_open button").click()          # the Open button (by its widget key)
    # the key leaves the page: the field is emptied, then gone once the study is open
    expect(sidebar.locator("input[type=password]")).to_have_count(0, timeout=LONG)
    sidebar.get_by_text(t("view_study", lang), exact=True).click()


def _fill_on_phone(browser, link: str, answers: dict, shot) -> None:
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="en-US", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    try:
        phone = context.new_page()
        phone.goto(link)
        assert phone.evaluate("document.documentElement.scrollWidth") <= 360          # one column, no side scroll
        phone.screenshot(path=str(shot))
        for qid, value in answers.items():
            label = phone.locator(f"label:has(input[name='{qid}'][value='{value}'])")
            label.scroll_into_view_if_needed()
            label.tap()
            assert phone.locator(f"input[name='{qid}'][value='{value}']").is_checked(), qid
        phone.locator("button[type=submit]").tap()
        phone.wait_for_url("**/done**")
    finally:
        context.close()


def _responses_table(page, lang: str = "en") -> tuple[list, list]:
    """(headers, first row's cells) of the collected-responses table as the browser shows them (the table whose
    first header is the response number; the grid draws the columns in view, the rest are in the CSV)."""
    table = page.locator('[data-testid="stMain"] [data-testid="stDataFrame"]').filter(
        has=page.locator("th", has_text=t("study_col_response", lang))).first
    expect(table.locator("td").first).to_be_attached(timeout=LONG)
    headers = [h.strip() for h in table.locator("th").all_inner_texts()]
    cells = [c.strip() for c in table.locator("tbody tr").first.locator("td").all_inner_texts()]
    return headers, cells


def test_a_phone_response_reaches_the_app(tmp_path):
    database = f"sqlite:///{tmp_path / 'studies.db'}"
    store = open_store(database)
    study, key = store.create_study("Delivery 2026", (ROOT / "questionnaires" / "lsq5.yaml").read_text("utf-8"))
    wave = store.create_wave(study.id, key, "2026 Q1")
    q = load_questionnaire("lsq5")
    answers = answers_for(q, seed=11)
    OUT.mkdir(exist_ok=True)
    with serve_process(database, tmp_path) as (form_url, _), \
            app_server(tmp_path / "app", env={"RESEARCH_DATABASE_URL": database,
                                              "RESEARCH_FORM_URL": form_url}) as (app_url, _, _), \
            sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium())
        try:
            desk = browser.new_context(viewport={"width": 1400, "height": 1000}).new_page()
            desk.goto(app_url)
            _open_study(desk, key, "en")
            main = desk.locator('[data-testid="stMain"]')
            expect(main.get_by_text(t("study_title", "en", name="Delivery 2026"), exact=True)).to_be_visible(
                timeout=LONG)
            assert key not in desk.content() and key not in desk.url   # nowhere on the page, nor in its address
            # the wave's form link, as the study page gives it to share
            main.get_by_text(t("study_wave_share", "en", name="2026 Q1"), exact=True).click()
            link = f"{form_url}/f/{wave.slug}"
            expect(main.locator("code").filter(has_text=link).first).to_be_visible(timeout=LONG)
            expect(main.locator('[data-testid="stImage"]').first).to_be_visible()         # its QR code
            _fill_on_phone(browser, link, answers, OUT / "study_phone_form.png")
            # back on the desktop: Refresh, the count is 1, the answers are in the collected responses
            main.locator(".st-key-study_refresh_page button").click()
            metric = main.locator('[data-testid="stMetricValue"]').first
            expect(metric).to_have_text("1", timeout=LONG)
            main.get_by_role("tab", name=t("study_tab_responses", "en"), exact=True).click()
            headers, cells = _responses_table(desk)
            row = dict(zip(headers[-len(cells):], cells))
            assert row[t("study_col_wave", "en")] == "2026 Q1"
            assert row[t("study_col_channel", "en")] == t("study_channel_web", "en")
            assert row[t("study_col_lang", "en")] == LANGUAGES["en"]
            seen = {qid: row[qid] for qid in answers if qid in row}
            assert len(seen) >= 5, headers                        # the columns the grid has drawn (the rest: CSV)
            labels = {s.id: {str(o.code): o.label["en"] for o in s.options} for s in q.segments}
            assert seen == {qid: labels.get(qid, {}).get(str(answers[qid]), str(answers[qid])) for qid in seen}
            with desk.expect_download() as got:
                main.locator(".st-key-study_responses_dl button").click()
            frame = pd.read_csv(io.BytesIO(got.value.path().read_bytes()), encoding="utf-8-sig")
            assert len(frame) == 1
            assert {qid: int(frame.iloc[0][qid]) for qid in answers} == answers
            desk.screenshot(path=str(OUT / "study_responses_en.png"), full_page=True)
            main.get_by_role("tab", name=t("study_tab_waves", "en"), exact=True).click()
            desk.screenshot(path=str(OUT / "study_waves_en.png"), full_page=True)
            # the same page in 繁體中文
            _sidebar(desk).get_by_text(LANGUAGES["zh-Hant"], exact=True).click()
            expect(main.get_by_text(t("study_title", "zh-Hant", name="Delivery 2026"), exact=True)).to_be_visible(
                timeout=LONG)
            expect(main.locator('[data-testid="stMetricValue"]').first).to_have_text("1", timeout=LONG)
            desk.screenshot(path=str(OUT / "study_waves_zh-Hant.png"), full_page=True)
            main.get_by_role("tab", name=t("study_tab_responses", "zh-Hant"), exact=True).click()
            headers, cells = _responses_table(desk, "zh-Hant")
            row = dict(zip(headers[-len(cells):], cells))
            assert row[t("study_col_channel", "zh-Hant")] == t("study_channel_web", "zh-Hant")
            desk.screenshot(path=str(OUT / "study_responses_zh-Hant.png"), full_page=True)
        finally:
            browser.close()
    log = (tmp_path / "app" / "streamlit.log").read_text()
    assert "Traceback" not in log and key not in log
    rows = store.responses(study.id, key)
    assert len(rows) == 1 and {qid: int(rows.iloc[0][qid]) for qid in answers} == answers
    store.close()
    shutil.rmtree(tmp_path / "app" / "tmp", ignore_errors=True)
