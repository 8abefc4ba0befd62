"""Reports: APA tables checked cell by cell against results.json, the DOCX reopened with python-docx,
HTML/LaTeX escaping of user text, the CLI, and (slow) the DOCX opened by LibreOffice and rendered."""
from __future__ import annotations

import copy
import html
import io
import json
import re
import shutil
import subprocess

import pytest

from conftest import ROOT
from research import analyze, report
from research.cli import main
from research.errors import OptionError
from research.report import apa, report_figures, report_tables

SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
HYPOTHESES = ["H1: ECO -> SAT, +", "H2: RES -> SAT, +", "H3: REL -> SAT, +", "H4: SAT -> LOY, +"]


@pytest.fixture(scope="module")
def results():
    return analyze(SAMPLE, questionnaire="lsq5", bootstrap=0, group="XBORDER", hypotheses=HYPOTHESES).to_dict()


def _table(tables, key):
    return next(t for t in tables if t.key == key)


def test_apa_number_rules():
    assert apa.unit(0.781) == ".781" and apa.unit(-0.05, 2) == "−.05" and apa.unit(1.0, 2) == "1.00"
    assert apa.p(0.0004) == "< .001" and apa.p(0.04321) == ".043" and apa.p_text(0.5) == "p = .500"
    assert apa.num(-2.5, 1) == "−2.5" and apa.num(-0.0001, 2) == "0.00" and apa.num(None) == "—"
    assert apa.stars(0.0009) == "***" and apa.stars(0.009) == "**" and apa.stars(0.04) == "*" and apa.stars(.2) == ""


def test_tables_are_numbered_and_hold_the_results(results):
    tables = report_tables(results, "en")
    assert [t.number for t in tables] == list(range(1, len(tables) + 1))
    assert {"reliability", "correlations", "loadings", "fit", "paths", "effects", "drivers", "ipa", "groups",
            "invariance", "index"} <= {t.key for t in tables}
    rel = _table(tables, "reliability")
    eco = next(r for r in rel.rows if r[0] == "Economy")             # the construct's name (labels), not ECO
    r = results["reliability"]["ECO"]
    assert eco[1] == "4" and eco[4] == apa.unit(r["alpha"], 3) and eco[5] == apa.unit(r["cr"], 3)
    assert eco[2] == apa.num(results["descriptives"]["ECO"]["mean"], 2)
    fit = _table(tables, "fit")
    cfi = next(row for row in fit.rows if row[0] == "CFI")
    assert cfi[1] == apa.unit(results["cfa"]["fit"]["cfi"], 3) and cfi[2] == apa.unit(results["sem"]["fit"]["cfi"], 3)
    assert "Hu & Bentler (1999)" in cfi[-1]
    paths = _table(tables, "paths")
    row = next(r for r in paths.rows if r[0].endswith("Reliability → Customer satisfaction"))
    p = next(x for x in results["sem"]["parameters"] if x["op"] == "~" and x["lhs"] == "SAT" and x["rhs"] == "REL")
    assert row[0] == "H3: Reliability → Customer satisfaction" and row[2] == apa.unit(p["std.all"], 3) + apa.stars(p["pvalue"])
    assert row[-1] == ("Yes" if next(h for h in results["hypotheses"] if h["id"] == "H3")["supported"] else "No")
    assert "*** p < .001" in paths.note


def test_apa_formatting_everywhere(results):
    for t in report_tables(results, "zh-Hans"):
        for row in t.rows:
            for cell in row:
                assert not re.search(r"(?<![\d.])-\d", cell), (t.key, cell)       # typographic minus only
        if "p" in t.columns:
            j = t.columns.index("p")
            for row in t.rows:
                assert row[j] in ("—", "") or row[j] == "< .001" or re.fullmatch(r"\.\d{3}|1\.000", row[j]), row[j]
        for col in ("α", "CR", "AVE", "β", "λ", "CFI", "RMSEA", "SRMR"):
            if col in t.columns:
                j = t.columns.index(col)
                assert all(not row[j].startswith(("0.", "−0.")) for row in t.rows), (t.key, col)


def test_docx_tables_match_the_results(results, tmp_path):
    from docx import Document

    data = report(results, language="zh-Hans", format="docx", path=tmp_path / "r.docx", text=False)
    assert (tmp_path / "r.docx").read_bytes() == data
    doc = Document(io.BytesIO(data))
    tables = report_tables(results, "zh-Hans")
    assert len(doc.tables) == len(tables)
    for word, ours in zip(doc.tables, tables):
        assert [c.text for c in word.rows[0].cells] == [str(c) for c in ours.columns]
        for wrow, row in zip(word.rows[1:], ours.rows):
            assert [c.text for c in wrow.cells] == list(row)
    captions = [p.text for p in doc.paragraphs if re.fullmatch(r"[表图] \d+", p.text)]
    assert captions[:2] == ["表 1", "表 2"] and "图 1" in captions
    assert len(doc.inline_shapes) == 5                   # path diagram, loadings, importance, IPA, segments


def test_html_is_self_contained_and_escapes_user_text(results):
    evil = copy.deepcopy(results)
    evil["reliability"] = {"<script>alert(1)</script>": v for v in results["reliability"].values()}
    page = report(evil, language="en", format="html", text=False, figures=False)
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    full = report(results, language="en", format="html", text=False)
    assert full.count("data:image/png;base64,") == 5 and "http://" not in full and "https://" not in full


def test_latex_booktabs_and_escaping(results, tmp_path):
    evil = copy.deepcopy(results)
    evil["reliability"] = {"A&B_50%": v for v in results["reliability"].values()}
    tex = report(evil, language="zh-Hans", format="tex", text=False, figures=False)
    assert r"A\&B\_50\%" in tex and "A&B_50%" not in tex
    assert r"\toprule" in tex and r"\midrule" in tex and r"\bottomrule" in tex and r"\usepackage{xeCJK}" in tex
    report(results, language="en", format="tex", path=tmp_path / "r.tex", text=False)
    assert (tmp_path / "figure-1.png").stat().st_size > 1000
    assert r"\usepackage{xeCJK}" not in (tmp_path / "r.tex").read_text(encoding="utf-8")


def test_markdown_tables(results):
    md = report(results, language="zh-Hant", format="md", text=False, figures=False)
    assert "**表 1**" in md and "| 構念 | k | M | SD | α | CR | AVE | 負荷量範圍 |" in md


def test_bad_options_and_cli(results, tmp_path, capsys):
    with pytest.raises(OptionError):
        report(results, format="pdf")
    with pytest.raises(OptionError):
        report(results, language="fr")
    with pytest.raises(OptionError):
        report(tmp_path / "missing.json")
    path = tmp_path / "results.json"
    path.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    assert main(["report", str(path), "--out", str(tmp_path / "out.md"), "--lang", "en", "--no-figures",
                 "--no-text"]) == 0
    assert (tmp_path / "out.md").read_text(encoding="utf-8").startswith("# Results")
    assert main(["report", str(tmp_path / "nope.json")]) == 2


def test_docx_opens_in_libreoffice_and_renders(results, tmp_path):
    """The slow one: LibreOffice converts the DOCX to PDF; pdftoppm renders page 1; pdftotext finds the tables."""
    soffice, pdftoppm, pdftotext = shutil.which("soffice"), shutil.which("pdftoppm"), shutil.which("pdftotext")
    if not (soffice and pdftoppm and pdftotext):
        raise RuntimeError("LibreOffice and poppler are needed: run `bash scripts/test.sh` (it installs "
                           "libreoffice-writer-nogui and poppler-utils) or apt-get install them.")
    docx = tmp_path / "report.docx"
    report(results, language="zh-Hans", format="docx", path=docx, text=False)
    twelve = {c: "物流服务质量感知评价维" + "一二三四五六七"[k] for k, c in enumerate(results["reliability"])}
    report(results, language="zh-Hans", format="docx", path=tmp_path / "letter.docx", text=False, figures=False,
           paper="letter", names=twelve)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx), str(tmp_path / "letter.docx")], check=True,
                   capture_output=True, timeout=240)
    # the page as asked, and the construct names of the correlation table's first column on one line each
    for name, size, names in (("report", "595.* x 841.* pts", NAMES["zh-Hans"]), ("letter", "612 x 792 pts", twelve)):
        pdf = tmp_path / f"{name}.pdf"
        info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, timeout=60).stdout.decode()
        assert re.search(rf"Page size:\s+{size}", info), info
        layout = subprocess.run([pdftotext, "-layout", str(pdf), "-"], check=True, capture_output=True,
                                timeout=120).stdout.decode()
        order = list(results["validity"]["latent_correlations"])
        for k, c in enumerate(order, start=1):
            if c in names:
                assert re.search(rf"^\s*{k}\. {names[c]}\s", layout, flags=re.M), (name, k, names[c])
    pdf = tmp_path / "report.pdf"
    assert pdf.stat().st_size > 10_000
    subprocess.run([pdftoppm, "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")],
                   check=True, capture_output=True, timeout=120)
    page = next(tmp_path.glob("page*.png"))
    assert page.stat().st_size > 5_000
    text = subprocess.run([pdftotext, str(pdf), "-"], check=True, capture_output=True, timeout=120).stdout.decode()
    assert "表 1" in text and "各构念的信度与收敛效度" in text


def test_xlsx_and_csv_downloads_are_excel_safe(results):
    import pandas as pd
    from openpyxl import load_workbook

    from research import tables
    from research.export import csv_bytes, xlsx_bytes

    frame = pd.DataFrame({"name": ["=cmd|' /C calc'!A0", "+1+1", "@SUM(A1)", "-2", "plain"], "value": [1, 2.5, None,
                                                                                                      -3, 0]})
    book = load_workbook(io.BytesIO(xlsx_bytes({"t": frame, **tables.all_tables(results, "en")})))
    sheet = book["t"]
    cells = [sheet.cell(row=r, column=1) for r in range(2, 7)]
    assert [c.value for c in cells] == ["'=cmd|' /C calc'!A0", "'+1+1", "'@SUM(A1)", "-2", "plain"]
    assert all(c.data_type == "s" for c in cells)
    assert [sheet.cell(row=r, column=2).value for r in range(2, 7)] == [1, 2.5, None, -3, 0]
    assert "reliability" in book.sheetnames and "paths" in book.sheetnames
    text = csv_bytes(frame).decode("utf-8-sig").splitlines()
    assert text[1].startswith("'=cmd") and text[4].startswith("-2,")


LANGS = ("en", "zh-Hans", "zh-Hant")


def test_diagnostic_tables_hold_the_results(results):
    for lang in LANGS:
        keys = [t.key for t in report_tables(results, lang)]
        assert keys.index("fit") < keys.index("modindices") < keys.index("mardia") < keys.index("method_bias") \
            < keys.index("paths")
    tables = report_tables(results, "en")
    mi = _table(tables, "modindices")
    rows = sorted(results["diagnostics"]["cfa"]["modindices"], key=lambda r: -r["mi"])
    assert mi.columns == ["Parameter", "Kind", "MI", "EPC", "Std. EPC"] and len(mi.rows) == min(10, len(rows))
    top = rows[0]
    assert mi.rows[0] == [f"{top['lhs']} {top['op']} {top['rhs']}", {"~~": "covariance", "=~": "loading"}[top["op"]],
                          apa.num(top["mi"], 2), apa.num(top["epc"], 3), apa.num(top["sepc.all"], 3)]
    assert "MI > 3.84 means p < .05" in mi.note
    for r in results["diagnostics"]["cfa"]["largest_residuals"]:
        assert f"{r['lhs']}–{r['rhs']} (z = {apa.num(r['standardized'], 2)})" in mi.note
    m = results["diagnostics"]["mardia"]
    mardia = _table(tables, "mardia")
    assert mardia.rows[0][:5] == ["Multivariate skewness b1p", apa.num(m["b1p"], 2), f"χ² = {apa.num(m['skew'], 2)}",
                                  str(int(m["skew_df"])), apa.p(m["p_skew"])]
    assert mardia.rows[2][1:5] == [apa.num(m["b2p"], 2), f"z = {apa.num(m['kurtosis'], 2)}", "—",
                                   apa.p(m["p_kurtosis"])]
    assert f"b2p = {m['b2p_expected']}" in mardia.note and "Mardia (1970); Bentler (2005)" in mardia.note
    mb = {row[0]: row for row in _table(tables, "method_bias").rows}
    sf = results["method_bias"]["single_factor"]
    single = mb["Single-factor CFA"]
    assert single[1] == (f"Δχ²({sf['test']['df.diff']}) = {apa.num(sf['test']['chisq.diff'], 2)}, "
                         f"{apa.p_text(sf['test']['pvalue'])}, ΔCFI = {apa.unit(sf['deltas']['delta.cfi'], 3)}")
    assert single[3] == sf["verdict"]["en"] and single[4] == "Podsakoff et al. (2003); Cheung & Rensvold (2002)"
    vif = results["method_bias"]["full_collinearity"]["vif"]
    assert mb["Full-collinearity VIF"][1] == f"VIF from {apa.num(min(vif.values()), 2)} to {apa.num(max(vif.values()), 2)}"
    assert mb["Full-collinearity VIF"][3] == "pass" and mb["Full-collinearity VIF"][4] == "Kock & Lynn (2012); Kock (2015)"
    harman = results["method_bias"]["harman"]
    assert mb["Harman's single-factor test"][1] == f"the first factor explains {apa.num(100 * harman['share'], 1)}% of the variance"
    titles = {lang: {t.key: t.title for t in report_tables(results, lang)} for lang in LANGS}
    assert titles["zh-Hans"]["method_bias"] == "共同方法偏差检验" and titles["zh-Hant"]["method_bias"] == "共同方法變異檢定"
    assert titles["zh-Hant"]["mardia"] == "Mardia 多元常態性檢定" and titles["zh-Hans"]["modindices"] == "测量模型的最大修正指数"
    zh = {row[0]: row for row in _table(report_tables(results, "zh-Hant"), "method_bias").rows}
    assert zh["單因素 CFA"][3] == sf["verdict"]["zh-Hant"]


def test_report_tables_say_why_a_part_is_missing(results):
    d = copy.deepcopy(results)
    na = {"en": "not computed: the model did not converge", "zh-Hans": "未计算：模型未收敛", "zh-Hant": "未計算：模型未收斂"}
    d["diagnostics"] = {"cfa": {"not_applicable": na}, "mardia": {"not_applicable": na}}
    d["method_bias"]["single_factor"] = {"not_applicable": na}
    d["reliability"]["ECO"].update({"cr": None, "cr.flag": "n/a", "not_applicable": {"cr": na}})
    inv = d["invariance"]["measurement"]
    inv["comparisons"][0].update({"holds": None, "delta.cfi": None})
    inv["released"] = {"scalar": ["ECO3 ~1"]}
    for lang in LANGS:
        tables = report_tables(d, lang)
        keys = [t.key for t in tables]
        assert "modindices" not in keys and "mardia" not in keys
        single = _table(tables, "method_bias").rows[1]
        assert single[1] == na[lang] and single[3] == "—"
        rel = _table(tables, "reliability")
        eco = next(r for r in rel.rows if r[0] == NAMES[lang]["ECO"])
        assert eco[5] == "—" and na[lang] in rel.note and f"{NAMES[lang]['ECO']}" in rel.note
        invariance = _table(tables, "invariance")
        assert invariance.rows[1][9] == "—" and invariance.rows[1][6] == "—"
        assert invariance.rows[2][10] == "ECO3 ~1"
        for t in tables:
            for cell in [*t.columns, *(c for row in t.rows for c in row), t.note]:
                assert not re.search(r"\bNone\b|\bnan\b", str(cell), flags=re.I), (t.key, cell)
    page = report(d, language="zh-Hant", format="html", figures=False)
    assert not re.search(r"\bNone\b|\bnan\b", page)


def test_invariance_table_under_mlr_shows_the_robust_indices():
    d = analyze(ROOT.parent / "shared" / "reference" / "holzinger1939.csv",
                model="visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9", bootstrap=0,
                group="school", estimator="MLR", search_partial=True).to_dict()
    inv = d["invariance"]["measurement"]
    t = _table(report_tables(d, "en"), "invariance")
    assert t.columns[3:5] == ["robust CFI", "robust RMSEA"]
    scalar = inv["fits"]["scalar"]["fit"]
    assert t.rows[2][1] == apa.num(scalar["chisq.scaled"], 2) and t.rows[2][3] == apa.unit(scalar["cfi.robust"], 3)
    assert t.rows[2][10] == ", ".join(inv["released"]["scalar"]) and inv["released"]["scalar"]
    assert "Brosseau-Liard & Savalei, 2014" in t.note and "partial invariance" in t.note
    zh = _table(report_tables(d, "zh-Hant"), "invariance")
    assert zh.columns[3] == "穩健 CFI" and zh.rows[2][0] == "純量（截距等同）"


# ----------------------------------------------------------------------------------------------
# as a journal prints it: paper, headings, column widths, names, figures under their captions, numbers
# ----------------------------------------------------------------------------------------------
FORMATS = ("docx", "html", "md", "tex")
NAMES = {"en": {"ECO": "Economy", "SAT": "Customer satisfaction", "LOY": "Customer loyalty"},
         "zh-Hans": {"ECO": "经济性", "SAT": "顾客满意度", "LOY": "顾客忠诚度"},
         "zh-Hant": {"ECO": "經濟性", "SAT": "顧客滿意度", "LOY": "顧客忠誠度"}}


def _docx_xml(data: bytes, part: str = "word/document.xml") -> str:
    import zipfile
    return zipfile.ZipFile(io.BytesIO(data)).read(part).decode("utf-8")


def _docx_text(data: bytes) -> str:
    """The text of a DOCX, a line per paragraph, cells separated by " | "."""
    xml = _docx_xml(data)
    xml = re.sub(r"</w:p>\s*</w:tc>", " | ", xml)
    xml = re.sub(r"</w:p>", "\n", xml)
    return html.unescape(re.sub(r"<[^>]+>", "", xml))


@pytest.mark.parametrize("paper, width, height, margin", [("a4", (210.0, "mm"), (297.0, "mm"), (2.54, "cm")),
                                                         ("letter", (8.5, "inches"), (11.0, "inches"),
                                                          (1.0, "inches"))])
def test_docx_paper(results, paper, width, height, margin):
    from docx import Document

    doc = Document(io.BytesIO(report(results, language="en", format="docx", text=False, figures=False, paper=paper)))
    for sec in doc.sections:
        assert getattr(sec.page_width, width[1]) == pytest.approx(width[0], abs=0.02)
        assert getattr(sec.page_height, height[1]) == pytest.approx(height[0], abs=0.02)
        for m in (sec.left_margin, sec.right_margin, sec.top_margin, sec.bottom_margin):
            assert getattr(m, margin[1]) == pytest.approx(margin[0], abs=0.005)


def test_paper_default_option_and_cli(results, tmp_path):
    from docx import Document

    doc = Document(io.BytesIO(report(results, language="en", format="docx", text=False, figures=False)))
    assert (doc.sections[0].page_width.twips, doc.sections[0].page_height.twips) == (11906, 16838)   # A4
    with pytest.raises(OptionError):
        report(results, format="docx", paper="a5")
    with pytest.raises(OptionError):
        report(results, format="md", names=["SAT"])                     # names: a mapping id → name
    path = tmp_path / "results.json"
    path.write_text(json.dumps(results, ensure_ascii=False), encoding="utf-8")
    assert main(["report", str(path), "--out", str(tmp_path / "us.docx"), "--paper", "letter", "--no-figures",
                 "--no-text"]) == 0
    us = Document(tmp_path / "us.docx").sections[0]
    assert (us.page_width.twips, us.page_height.twips, us.left_margin.twips) == (12240, 15840, 1440)
    tex = report(results, language="en", format="tex", text=False, figures=False, paper="letter")
    assert r"\documentclass[11pt,letterpaper]{article}" in tex and r"\usepackage[margin=1in]{geometry}" in tex
    page = report(results, language="en", format="html", text=False, figures=False)
    assert "@page { size: A4; margin: 2.54cm; }" in page


def test_docx_headings_black_bold_in_the_text_font(results):
    from docx import Document
    from docx.shared import RGBColor

    data = report(results, language="zh-Hans", format="docx", figures=False)
    doc = Document(io.BytesIO(data))
    assert doc.paragraphs[0].style.name == "Heading 1" and doc.paragraphs[0].text == "研究结果"
    assert any(p.style.name == "Heading 2" for p in doc.paragraphs)
    for name in ("Heading 1", "Heading 2", "Title"):
        font = doc.styles[name].font
        assert font.color.rgb == RGBColor(0, 0, 0) and font.color.theme_color is None and font.bold, name
    styles = _docx_xml(data, "word/styles.xml")
    for style_id in ("Heading1", "Heading2"):
        block = re.search(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', styles, flags=re.S).group(0)
        assert '<w:color w:val="000000"/>' in block and "themeColor" not in block and "asciiTheme" not in block
        assert 'w:ascii="Times New Roman"' in block and 'w:eastAsia="SimSun"' in block


def _column_widths(xml: str, table: int) -> tuple[list[int], list[str]]:
    """The grid widths (twips) of the table-th table of document.xml and its first column's cell XML."""
    tbl = re.findall(r"<w:tbl>.*?</w:tbl>", xml, flags=re.S)[table]
    grid = [int(w) for w in re.findall(r'<w:gridCol w:w="(\d+)"/>', tbl)]
    firsts = [re.search(r"<w:tc>.*?</w:tc>", row, flags=re.S).group(0)
              for row in re.findall(r"<w:tr[ >].*?</w:tr>", tbl, flags=re.S)]
    return grid, firsts


def _set_width(text: str, size: float = 10.0) -> float:
    """The width in points of ``text`` set in Liberation Serif (Times New Roman's metrics) with Noto Serif CJK for
    Chinese, as LibreOffice sets the report's tables (10 pt)."""
    from matplotlib import font_manager
    from matplotlib.font_manager import FontProperties
    from matplotlib.textpath import TextToPath

    fonts = {f.name for f in font_manager.fontManager.ttflist}
    assert {"Liberation Serif", "Noto Serif CJK SC"} <= fonts, "install fonts-liberation2 and fonts-noto-cjk"
    width = 0.0
    for ch in text:
        family = "Noto Serif CJK SC" if ord(ch) >= 0x2e80 else "Liberation Serif"
        width += TextToPath().get_text_width_height_descent(ch, FontProperties(family=family, size=size),
                                                            ismath=False)[0]
    return width


def test_docx_first_column_keeps_names_on_one_line(results):
    """"1. ECO" must not become "1.↵ECO": the first column is as wide as its longest text (up to a number and 12
    CJK characters), its cells do not wrap, and the table stays inside the text block."""
    twelve = {c: "物流服务质量感知评价维" + "一二三四五六七"[k] for k, c in enumerate(results["reliability"])}
    assert all(len(n) == 12 for n in twelve.values())
    for paper, text_width in (("a4", 11906 - 2 * 1440), ("letter", 12240 - 2 * 1440)):
        for names, lang in ((None, "en"), (None, "zh-Hans"), (twelve, "zh-Hans")):
            data = report(results, language=lang, format="docx", text=False, figures=False, paper=paper,
                          names=names)
            xml = _docx_xml(data)
            tables = report_tables(results, lang, names=names)
            k = [t.key for t in tables].index("correlations")
            grid, firsts = _column_widths(xml, k)
            tbl = re.findall(r"<w:tbl>.*?</w:tbl>", xml, flags=re.S)[k]
            mar = re.search(r"<w:tblCellMar>(.*?)</w:tblCellMar>", tbl).group(1)
            margins = sum(int(w) for w in re.findall(r'<w:(?:left|right) w:w="(\d+)"', mar)) / 20
            assert 5 <= margins <= 2 * 5.76, margins
            for row in tables[k].rows:                  # the set text plus the cell's margins
                assert grid[0] / 20 >= _set_width(row[0]) + margins, (paper, lang, row[0], grid[0])
            assert sum(grid) <= text_width + 2, (paper, lang, grid)
            for cell in firsts[1:]:
                assert "<w:noWrap/>" in cell and f'<w:tcW w:type="dxa" w:w="{grid[0]}"/>' in cell
            assert '<w:tblLayout w:type="fixed"/>' in xml
            assert xml.count("<w:tblHeader/>") == len(tables)             # the header row repeats on a new page
    # the first column of the 12-character names: 12 CJK characters at 10 pt and "7. " at least
    assert grid[0] >= 20 * (12 * 10 + 3 * 5)


def test_text_width_counts_cjk_double():
    from research.report.writers import column_widths, text_em

    assert text_em("满") == 2 * text_em("a") == 1.0 and text_em("顾客满意度") == 5.0
    assert text_em("1. ECO") > text_em("1. eco")                        # capitals are wider
    widths = column_widths(["Construct", "M", "SD"], [["1. 顾客满意度", "3.30", "0.77"]], 450.0)
    assert widths[0] > widths[1] and widths[0] >= 1.05 * text_em("1. 顾客满意度") * 10
    # too wide a table: the widest other column gives way, the narrow number columns and the first keep theirs
    wide = column_widths(["Check", "Result", "p"], [["Harman", "x" * 300, ".042"]], 400.0)
    assert sum(wide) == pytest.approx(400.0) and wide[2] == column_widths(["p"], [[".042"]], 400.0)[0]
    assert wide[0] == column_widths(["Check"], [["Harman"]], 400.0)[0]


@pytest.mark.parametrize("lang", LANGS)
def test_report_tables_and_text_name_the_constructs(results, lang):
    names = NAMES[lang]
    assert results["labels"]["constructs"]["SAT"][lang] == names["SAT"]
    tables = {t.key: t for t in report_tables(results, lang)}
    assert [r[0] for r in tables["reliability"].rows][0] == names["ECO"]
    assert names["SAT"] in [r[0] for r in tables["reliability"].rows]
    assert tables["correlations"].rows[0][0] == f"1. {names['ECO']}"
    assert tables["loadings"].rows[0][:2] == [names["ECO"], "ECO1"]                # item codes stay
    h4 = next(r for r in tables["paths"].rows if r[0].startswith("H4"))
    assert h4[0] == f"H4: {names['SAT']} → {names['LOY']}"
    assert f"R²({names['SAT']})" in tables["paths"].note
    assert names["ECO"] in [r[0] for r in tables["drivers"].rows] + [r[0] for r in tables["ipa"].rows]
    assert names["ECO"] in [r[0] for r in tables["groups"].rows]
    for t in tables.values():
        if t.key not in ("modindices", "invariance", "mardia", "method_bias"):   # lavaan syntax keeps the codes
            assert not any(cell in ("ECO", "SAT", "LOY") for row in t.rows for cell in row), t.key
    # the text introduces each name once with its abbreviation
    page = report(results, language=lang, format="html", figures=False)
    intro = {"en": f"{names['SAT']} (SAT)", "zh-Hans": f"{names['SAT']}（SAT）", "zh-Hant": f"{names['SAT']}（SAT）"}
    assert page.count(intro[lang]) == 1
    # explicit names win over the results' labels
    own = {t.key: t for t in report_tables(results, lang, names={"SAT": "S!"})}
    assert h4[0] != (own_h4 := next(r for r in own["paths"].rows if r[0].startswith("H4"))[0])
    assert own_h4 == "H4: S! → LOY"
    # an old results.json without labels: the built-in questionnaire's names; without one, the codes
    old = copy.deepcopy(results)
    del old["labels"]
    assert report_tables(old, lang)[0].rows[0][0] == names["ECO"]
    old["meta"]["spec"]["questionnaire"] = None
    assert report_tables(old, lang)[0].rows[0][0] == "ECO"


def test_report_figures_have_no_title_of_their_own(results):
    from matplotlib.text import Text

    from research import figures

    titles = {"path_diagram": "Structural model: standardised path coefficients",
              "loadings": "Standardised factor loadings (CFA)", "importance": "Relative importance of the drivers",
              "ipa": "Importance–performance map", "segments": "Mean by"}
    shown = []
    real = figures.to_bytes

    def keep(fig, *a, **k):
        shown.append([t.get_text() for t in fig.findobj(Text)])
        return real(fig, *a, **k)

    figures.to_bytes = keep
    try:
        figs = report_figures(results, "en")
    finally:
        figures.to_bytes = real
    assert [f.key for f in figs] == list(titles) and len(shown) == 5
    for f, texts in zip(figs, shown):
        assert not any(titles[f.key] in t for t in texts), (f.key, texts)
        assert f.title and f.png.startswith(b"\x89PNG")
    assert any("Economy" in t for t in shown[0]) and not any(t == "ECO" for t in shown[0])


P_CELL = re.compile(r"< \.001|\.\d{3}|1\.000|—")
FIXED = {  # decimals per column, by table and column name
    "loadings": {"λ": r"−?\.\d{3}|1\.000", "B": r"−?\d+\.\d{3}", "SE": r"\d+\.\d{3}|—", "p": P_CELL.pattern},
    "paths": {"B": r"−?\d+\.\d{3}", "β": r"−?\.\d{3}\**", "SE": r"\d+\.\d{3}", "z": r"−?\d+\.\d{2}",
              "p": P_CELL.pattern, "95% CI": r"\[−?\d+\.\d{3}, −?\d+\.\d{3}\]"},
    "correlations": {"M": r"\d\.\d{2}", "SD": r"\d\.\d{2}"},
}


def test_every_report_prints_numbers_as_a_journal_does(results):
    for lang in LANGS:
        tables = {t.key: t for t in report_tables(results, lang)}
        for key, columns in FIXED.items():
            t = tables[key]
            for col, pattern in columns.items():
                j = t.columns.index(col)
                for row in t.rows:
                    assert re.fullmatch(pattern, row[j]), (key, col, row[j])
        for row in tables["correlations"].rows:                                # r and √AVE with 3 decimals
            assert all(re.fullmatch(r"|−?\.\d{3}|\(\.\d{3}\)", c) for c in row[3:]), row
        markers = [r for r in tables["loadings"].rows if r[3] == "1.000"]
        assert markers and all(r[4] == "—" and r[5] == "—" for r in markers)   # fixed: no SE, no p
        fit = {row[0]: row for row in tables["fit"].rows}
        assert all(re.fullmatch(r"\d+\.\d{2} \(\d+\)", c) for c in fit["χ² (df)"][1:3])   # χ² 2, df whole
        assert all(re.fullmatch(r"\d+\.\d{2}", c) for c in fit["χ²/df"][1:3])
        for index in ("CFI", "TLI", "SRMR", "GFI", "AGFI"):
            assert all(re.fullmatch(r"\.\d{3}|1\.\d{3}", c) for c in fit[index][1:3]), fit[index]  # TLI may pass 1
        assert all(re.fullmatch(r"\.\d{3} \[\.\d{3}, \.\d{3}\]", c) for c in fit["RMSEA"][1:3])
        for t in tables.values():
            if "p" in t.columns:
                j = t.columns.index("p")
                assert all(P_CELL.fullmatch(row[j]) or row[j] == "" for row in t.rows), t.key
        for fmt in FORMATS:
            out = report(results, language=lang, format=fmt, figures=fmt == "docx")
            text = _docx_text(out) if fmt == "docx" else out
            assert not re.search(r"\bNone\b|\bnan\b|\bNaN\b|\binf\b", text), (lang, fmt)
            # "= .000" only where the value is a true zero of a fit index (RMSEA is 0 when χ² < df), never a p
            zeros = set(re.findall(r"([\w²/]+) = \.000", text)) - {"RMSEA"}
            assert not zeros and not re.search(r"\bp\s*[=<]\s*0?\.000\b|\bp = 0\.", text), (lang, fmt, zeros)
            if fmt in ("html", "docx"):                                        # the cells as the tables hold them
                sep = ("<td>", "</td>") if fmt == "html" else ("", " | ")
                for row in tables["loadings"].rows[:4] + tables["paths"].rows[:2]:
                    assert all(f"{sep[0]}{html.escape(c) if fmt == 'html' else c}{sep[1]}" in text for c in row)


def test_fixed_parameters_and_missing_intervals_are_dashes(results):
    d = copy.deepcopy(results)
    path = next(x for x in d["sem"]["parameters"] if x["op"] == "~" and x["lhs"] == "LOY")
    path.update({"est": 0.5, "se": 0.0, "z": None, "pvalue": None, "ci.lower": 0.5, "ci.upper": 0.5})
    for r in d["drivers"]["overall"]["drivers"]:
        r.update({"lmg_share_ci_lower": None, "lmg_share_ci_upper": None})
    for lang in LANGS:
        tables = {t.key: t for t in report_tables(d, lang)}
        row = next(r for r in tables["paths"].rows if r[0].endswith(NAMES[lang]["LOY"]))
        assert row[1] == "0.500" and row[2] == apa.unit(path["std.all"], 3) and row[3:7] == ["—"] * 4
        assert all(r[3] == "—" for r in tables["drivers"].rows)
        for fmt in FORMATS:
            out = report(d, language=lang, format=fmt, figures=False)
            text = _docx_text(out) if fmt == "docx" else out
            assert not re.search(r"\bNone\b|\bnan\b", text), (lang, fmt)
            if fmt == "html":
                assert f"<td>{html.escape(row[0])}</td><td>0.500</td><td>{row[2]}</td>" + "<td>—</td>" * 4 in text
