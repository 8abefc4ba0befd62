"""research serve in a real browser: headless Chromium (Playwright, Debian's /usr/bin/chromium) on a phone-sized
viewport (360 × 740) fills in the whole LSQ-5 form in 繁體中文 by tapping the answer labels, submits, sees the
thank-you page, and the response is in the study store with exactly those answers."""
from __future__ import annotations

from playwright.sync_api import sync_playwright

from app_server import chromium
from conftest import ROOT
from research.questionnaire import load_questionnaire
from research.store import open_store
from serve_server import answers_for, serve_process


def test_phone_fills_in_lsq5_in_zh_hant(tmp_path):
    database = f"sqlite:///{tmp_path / 'studies.db'}"
    store = open_store(database)
    study, key = store.create_study("lsq5", (ROOT / "questionnaires" / "lsq5.yaml").read_text(encoding="utf-8"))
    wave = store.create_wave(study.id, key, "phone")
    q = load_questionnaire("lsq5")
    answers = answers_for(q, seed=3)
    with serve_process(database, tmp_path) as (url, _), sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium())
        try:
            context = browser.new_context(viewport={"width": 360, "height": 740}, locale="zh-TW",
                                          is_mobile=True, has_touch=True, device_scale_factor=2)
            page = context.new_page()
            page.goto(f"{url}/f/{wave.slug}")
            assert page.get_attribute("html", "lang") == "zh-Hant"          # from the browser's zh-TW
            assert page.locator("h1").inner_text() == q.title_in("zh-Hant")
            # one column that fits the phone: nothing wider than the screen, tap targets at least 44 px high
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            heights = page.eval_on_selector_all(".scale label, .options label",
                                                "els => els.map(e => e.getBoundingClientRect().height)")
            assert len(heights) == sum(len(x.scale.values) for x in q.questions if hasattr(x, "scale")) + \
                sum(len(s.options) for s in q.segments)
            assert min(heights) >= 44
            for qid, value in answers.items():
                label = page.locator(f"label:has(input[name='{qid}'][value='{value}'])")
                label.scroll_into_view_if_needed()
                label.tap()
                assert page.locator(f"input[name='{qid}'][value='{value}']").is_checked(), qid
            page.locator("button[type=submit]").tap()
            page.wait_for_url(f"{url}/f/{wave.slug}/done?lang=zh-Hant")
            assert "已成功送出" in page.locator("main").inner_text()
            assert "問卷到此結束，感謝您的參與！" in page.locator("main").inner_text()
        finally:
            browser.close()
    rows = store.responses(study.id, key)
    assert len(rows) == 1
    row = rows.iloc[0]
    assert {qid: int(row[qid]) for qid in answers} == answers
    assert row["lang"] == "zh-Hant" and row["channel"] == "web" and row["duration"] > 0
    store.close()
