"""End to end in a real browser: start the app on localhost, upload the 问卷星-style GBK sample in headless
Chromium (Debian's, installed by scripts/test.sh), confirm what was recognised, open the structural-model page
and find a path coefficient and the fit table (a screenshot is saved), then download the Word report, made on
the click."""
from __future__ import annotations

import shutil

import pytest

from app_server import app_server, chromium
from conftest import ROOT

SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    with app_server(tmp_path_factory.mktemp("server")) as (url, _, _):
        yield url


def test_upload_gbk_sample_and_read_the_structural_model(server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium(), headless=True,
                                    args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        page = browser.new_page(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
        page.goto(server, wait_until="networkidle")
        sidebar = page.locator('[data-testid="stSidebar"]')
        expect(sidebar).to_be_visible(timeout=60_000)
        # the first visit already shows the analysed sample study
        expect(page.get_by_text("分析样本 460 份", exact=False)).to_be_visible(timeout=180_000)
        # upload the 问卷星 GBK export
        sidebar.get_by_text("上传我的数据", exact=True).click()
        page.locator('input[type="file"]').first.set_input_files(str(SAMPLE))
        expect(page.get_by_text("gb18030", exact=False).or_(page.get_by_text("gbk", exact=False)).first) \
            .to_be_visible(timeout=180_000)
        # nothing is analysed before the mapping is confirmed
        expect(page.get_by_text("请核对上面的识别结果", exact=False)).to_be_visible(timeout=60_000)
        expect(page.get_by_role("tab")).to_have_count(0)
        page.get_by_role("button", name="确认并分析").click()
        expect(page.get_by_text("分析样本 460 份", exact=False).first).to_be_visible(timeout=300_000)
        page.get_by_role("tab", name="结构模型").click()
        structural = page.locator('[data-testid="stTabPanel"]:visible, [role="tabpanel"]:visible').first
        expect(structural.get_by_text("可靠性 → 顾客满意度", exact=False).first).to_be_visible(timeout=180_000)
        expect(structural.get_by_text("CFI", exact=False).first).to_be_visible()
        # the fit table's criteria and their source (a cell of the grid, drawn on its canvas)
        expect(structural.locator('[data-testid="stDataFrame"] td').filter(has_text="Hu & Bentler 1999").first) \
            .to_be_attached(timeout=60_000)
        shot = tmp_path / "structural_model.png"
        page.screenshot(path=str(shot), full_page=True)
        # the Word report is made when its button is clicked (a deferred download) and is a real .docx
        page.get_by_role("tab", name="下载").click()
        with page.expect_download(timeout=180_000) as download:
            page.get_by_role("button", name="下载报告（Word，APA 表格）").click()
        report = tmp_path / "report.docx"
        download.value.save_as(report)
        assert download.value.suggested_filename == "report.docx"
        browser.close()
    assert shot.stat().st_size > 10_000
    import docx

    document = docx.Document(str(report))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "460" in text and len(document.tables) >= 5
    (ROOT / "output").mkdir(exist_ok=True)
    shutil.copy(shot, ROOT / "output" / "e2e_structural_model.png")
