"""Reports: APA tables checked cell by cell against results.json, the DOCX reopened with python-docx,
HTML/LaTeX escaping of user text, the CLI, and (slow) the DOCX opened by LibreOffice and rendered."""
from __future__ import annotations

import copy
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
from research.report import apa, report_tables

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
    eco = next(r for r in rel.rows if r[0] == "ECO")
    r = results["reliability"]["ECO"]
    assert eco[1] == "4" and eco[4] == apa.unit(r["alpha"], 3) and eco[5] == apa.unit(r["cr"], 3)
    assert eco[2] == apa.num(results["descriptives"]["ECO"]["mean"], 2)
    fit = _table(tables, "fit")
    cfi = next(row for row in fit.rows if row[0] == "CFI")
    assert cfi[1] == apa.unit(results["cfa"]["fit"]["cfi"], 3) and cfi[2] == apa.unit(results["sem"]["fit"]["cfi"], 3)
    assert "Hu & Bentler (1999)" in cfi[-1]
    paths = _table(tables, "paths")
    row = next(r for r in paths.rows if r[0].endswith("REL → SAT"))
    p = next(x for x in results["sem"]["parameters"] if x["op"] == "~" and x["lhs"] == "SAT" and x["rhs"] == "REL")
    assert row[0] == "H3: REL → SAT" and row[2] == apa.unit(p["std.all"], 3) + apa.stars(p["pvalue"])
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
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(docx)], check=True, capture_output=True, timeout=240)
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
