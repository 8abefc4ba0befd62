"""What the toolkit writes (issue 13): no command writes over its input or over a file it did not create,
files are written whole or not at all, control characters and markup in labels and values reach every report
format as text, and a damaged results.json is a research error, never a traceback.

Every hostile file is made here, small, in a temporary folder; one analysis of the sample data (about 5 s)
serves the report tests."""
from __future__ import annotations

import copy
import hashlib
import importlib
import io
import json
import os
import re
import shutil

import pandas as pd
import pytest

from conftest import ROOT
from research import report
from research.cli import main
from research.errors import DataError, OptionError, ResearchError
from research.export import safe_text, xlsx_bytes
from research.outputs import atomic_file, backup_name, refuse_overwrite, same_file
from research.report import apa
from research.report.writers import md_escape
from research.results_file import check_results, nesting_depth, read_json

SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
POPULATION = "A =~ .8*a1 + .8*a2 + .8*a3\nY =~ .8*y1 + .8*y2 + .8*y3\nY ~ .3*A\n"
# every character class the writers must escape: C0 controls, DEL, a lone surrogate, a non-character
HOSTILE = "E\x00V\x01I\x0bL\x1f\x7fX\ud800Y\uffffZ"
HOSTILE_SHOWN = "E\\x00V\\x01I\\x0bL\\x1f\\x7fX\\ud800Y\\uffffZ"
IMG = "<img src=x onerror=alert(1)>"
LINK = "[x](javascript:alert(1))"


def sha(path) -> str:
    return hashlib.sha256(open(path, "rb").read()).hexdigest()


def temp_files(folder) -> list[str]:
    return [p.name for p in folder.rglob("*.tmp")]


@pytest.fixture(scope="module")
def analysed(tmp_path_factory):
    """results.json of `research analyze` on the sample data (no bootstrap), and its dictionary."""
    folder = tmp_path_factory.mktemp("analysed")
    assert main(["--lang", "en", "analyze", str(SAMPLE), "-q", "lsq5", "--bootstrap", "0", "-H", "H1: ECO -> SAT, +",
                 "--out", str(folder)]) == 0
    path = folder / "results.json"
    return path, json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture
def results_copy(analysed, tmp_path):
    folder = tmp_path / "r"
    folder.mkdir()
    shutil.copy(analysed[0], folder / "results.json")
    return folder / "results.json"


# ----------------------------------------------------------------------------------------------
# outputs never overwrite inputs
# ----------------------------------------------------------------------------------------------
def test_import_does_not_replace_the_raw_export_it_reads(tmp_path, capsys):
    """The reported bug: `research import d/responses.csv --out d` replaced the 501-line export by the
    461-line screened responses.csv."""
    folder = tmp_path / "d"
    folder.mkdir()
    data = folder / "responses.csv"
    shutil.copy(SAMPLE, data)
    before = sha(data)
    for extra in ([], ["--force"]):
        assert main(["--lang", "en", "import", str(data), "-q", "lsq5", "--out", str(folder), *extra]) == 2
        err = capsys.readouterr().err
        assert "would replace" in err and "responses.csv" in err and "an input of this command" in err
    assert sha(data) == before and len(data.read_bytes().splitlines()) == 501
    assert sorted(p.name for p in folder.iterdir()) == ["responses.csv"]  # nothing else written, no temp file
    assert main(["--lang", "zh-Hant", "import", str(data), "-q", "lsq5", "--out", str(folder)]) == 2
    assert "輸入檔案" in capsys.readouterr().err


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
def test_import_refuses_a_link_to_its_input(tmp_path, link, capsys):
    data = tmp_path / "export.csv"
    shutil.copy(SAMPLE, data)
    before = sha(data)
    out = tmp_path / "out"
    out.mkdir()
    (os.symlink if link == "symlink" else os.link)(data, out / "responses.csv")
    assert main(["--lang", "en", "import", str(data), "-q", "lsq5", "--out", str(out)]) == 2
    assert "would replace" in capsys.readouterr().err
    assert sha(data) == before and sha(out / "responses.csv") == before


def test_the_check_names_the_error_key(tmp_path):
    data = tmp_path / "a.csv"
    data.write_text("x\n1\n", encoding="utf-8")
    (tmp_path / "link.csv").symlink_to(data)
    assert same_file(tmp_path / "link.csv", data) and same_file(tmp_path / "sub" / ".." / "a.csv", data)
    assert not same_file(tmp_path / "b.csv", data)
    with pytest.raises(OptionError) as err:
        refuse_overwrite([tmp_path / "link.csv"], [data], force=True, command="import")
    assert err.value.key == "output_is_input" and err.value.file.endswith("link.csv")
    with pytest.raises(OptionError) as err:
        refuse_overwrite([data], [], command="import")
    assert err.value.key == "output_exists"
    assert refuse_overwrite([data], [], force=True) == [data]  # to be backed up by the caller
    assert refuse_overwrite([data], [], own=lambda p: True) == []
    assert refuse_overwrite([tmp_path / "new.csv"], [data]) == []
    assert backup_name(data).name == "a.csv.~1~"
    (tmp_path / "a.csv.~1~").write_text("", encoding="utf-8")
    (tmp_path / "a.csv.~7~").write_text("", encoding="utf-8")
    assert backup_name(data).name == "a.csv.~8~"


def test_import_replaces_its_own_files_but_not_a_file_edited_since(tmp_path, capsys):
    out = tmp_path / "out"
    args = ["--lang", "en", "import", str(SAMPLE), "-q", "lsq5", "--out", str(out)]
    assert main(args) == 0
    listed = json.loads((out / "import.json").read_text(encoding="utf-8"))["files"]
    assert listed["responses.csv"] == sha(out / "responses.csv") and set(listed) == {
        "responses.csv", "excluded.csv", "flags.csv", "problems.csv", "mapping.csv"}
    assert main(args) == 0  # an earlier import's own files are replaced
    capsys.readouterr()
    (out / "excluded.csv").write_text("my notes on the excluded respondents\n", encoding="utf-8")
    edited = sha(out / "excluded.csv")
    responses = sha(out / "responses.csv")
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "excluded.csv" in err and "not known to be an earlier output of `research import`" in err
    assert "--force" in err
    assert sha(out / "excluded.csv") == edited and sha(out / "responses.csv") == responses
    assert main([*args, "--force"]) == 0
    printed = capsys.readouterr().out
    assert "Backup of the replaced file" in printed and "excluded.csv.~1~" in printed
    assert sha(out / "excluded.csv.~1~") == edited
    assert (out / "excluded.csv").read_text(encoding="utf-8-sig").startswith("row,")
    assert temp_files(out) == []


def test_import_out_that_is_a_file_is_refused_before_the_work(tmp_path, capsys):
    taken = tmp_path / "taken.csv"
    taken.write_bytes(b"a file, not a folder")
    assert main(["--lang", "en", "import", str(SAMPLE), "-q", "lsq5", "--out", str(taken)]) == 2
    err = capsys.readouterr()
    assert "a file, not a folder" in err.err and "taken.csv" in err.err and "Respondents" not in err.out
    assert taken.read_bytes() == b"a file, not a folder"


def test_report_does_not_replace_the_results_it_reads(results_copy, tmp_path, capsys):
    before = sha(results_copy)
    for extra in ([], ["--force"]):
        assert main(["--lang", "en", "report", str(results_copy), "--format", "html", "--out", str(results_copy),
                     *extra]) == 2
        err = capsys.readouterr().err
        assert "would replace" in err and "results.json" in err
    link = results_copy.with_name("report.html")
    link.symlink_to(results_copy)
    assert main(["--lang", "en", "report", str(results_copy), "--no-figures"]) == 2  # default out = the link
    assert "would replace" in capsys.readouterr().err
    assert sha(results_copy) == before and sorted(p.name for p in results_copy.parent.iterdir()) == [
        "report.html", "results.json"]
    with pytest.raises(OptionError) as err:
        report(results_copy, format="md", path=results_copy.with_name("results.json"))
    assert err.value.key == "output_is_input"


def test_report_refuses_a_name_of_another_format(results_copy, capsys):
    folder = results_copy.parent
    assert main(["--lang", "en", "report", str(results_copy), "--out", str(folder / "x.pdf")]) == 2
    err = capsys.readouterr().err
    assert ".pdf" in err and "docx, html, md and tex" in err and "a PDF is not written" in err
    assert main(["--lang", "zh-Hans", "report", str(results_copy), "--format", "html",
                 "--out", str(folder / "x.docx")]) == 2
    err = capsys.readouterr().err
    assert ".docx ≠ html" in err and "报告格式只有" in err
    assert sorted(p.name for p in folder.iterdir()) == ["results.json"]
    with pytest.raises(OptionError) as e:
        report(results_copy, format="tex", path=folder / "r.md")
    assert e.value.key == "output_format"


def test_report_replaces_an_earlier_report_but_not_another_file(results_copy, capsys):
    folder = results_copy.parent
    notes = folder / "notes.md"
    notes.write_text("# my own notes\n", encoding="utf-8")
    base = ["--lang", "en", "report", str(results_copy), "--no-figures"]
    assert main([*base, "--out", str(notes)]) == 2
    assert "not known to be an earlier output of `research report`" in capsys.readouterr().err
    assert notes.read_text(encoding="utf-8") == "# my own notes\n"
    for fmt in ("md", "html", "docx", "tex"):
        out = folder / f"report.{fmt}"
        assert main([*base, "--out", str(out)]) == 0
        first = sha(out)
        assert main([*base, "--out", str(out), "--no-text"]) == 0  # its own earlier report: replaced
        assert sha(out) != first
    capsys.readouterr()
    assert main([*base, "--out", str(notes), "--force"]) == 0
    assert "notes.md.~1~" in capsys.readouterr().out
    assert (folder / "notes.md.~1~").read_text(encoding="utf-8") == "# my own notes\n"
    assert notes.read_text(encoding="utf-8").startswith("# Results")
    assert temp_files(folder) == []


def test_latex_report_does_not_overwrite_figures_it_did_not_write(results_copy, capsys):
    folder = results_copy.parent
    mine = folder / "figure-1.png"
    mine.write_bytes(b"my own picture")
    tex = folder / "paper.tex"
    assert main(["--lang", "en", "report", str(results_copy), "--out", str(tex), "--no-text"]) == 2
    err = capsys.readouterr().err
    assert "figure-1.png" in err and "--force" in err
    assert mine.read_bytes() == b"my own picture" and not tex.exists() and not (folder / "figure-2.png").exists()
    assert main(["--lang", "en", "report", str(results_copy), "--out", str(tex), "--no-text", "--force"]) == 0
    assert "figure-1.png.~1~" in capsys.readouterr().out
    assert (folder / "figure-1.png.~1~").read_bytes() == b"my own picture"
    assert mine.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    listed = re.findall(r"^% (figure-\d\.png) sha256=([0-9a-f]{64})$", tex.read_text(encoding="utf-8"), flags=re.M)
    assert listed and all(sha(folder / name) == digest for name, digest in listed)
    # the report's own figures are replaced by the next run; a figure edited since is not
    assert main(["--lang", "en", "report", str(results_copy), "--out", str(tex), "--no-text"]) == 0
    (folder / "figure-2.png").write_bytes(b"edited")
    assert main(["--lang", "en", "report", str(results_copy), "--out", str(tex), "--no-text"]) == 2
    assert (folder / "figure-2.png").read_bytes() == b"edited"


def test_analyze_refuses_its_input_a_file_as_folder_and_a_foreign_results_json(tmp_path, capsys):
    # --out names an existing file: refused before any work, the file unchanged
    taken = tmp_path / "taken"
    taken.write_bytes(b"keep me")
    assert main(["--lang", "en", "analyze", str(SAMPLE), "--bootstrap", "0", "--out", str(taken)]) == 2
    assert "a file, not a folder" in capsys.readouterr().err and taken.read_bytes() == b"keep me"
    # the data file itself is named results.json in the output folder
    folder = tmp_path / "f"
    folder.mkdir()
    data = folder / "results.json"
    shutil.copy(SAMPLE, data)
    assert main(["--lang", "en", "analyze", str(data), "--bootstrap", "0", "--out", str(folder), "--force"]) == 2
    assert "would replace" in capsys.readouterr().err and sha(data) == sha(SAMPLE)
    # a results.json that no analysis wrote
    other = tmp_path / "o"
    other.mkdir()
    (other / "results.json").write_text('{"mine": true}', encoding="utf-8")
    assert main(["--lang", "en", "analyze", str(SAMPLE), "--bootstrap", "0", "--out", str(other)]) == 2
    err = capsys.readouterr()
    assert "not known to be an earlier output of `research analyze`" in err.err and "n = " not in err.out
    assert (other / "results.json").read_text(encoding="utf-8") == '{"mine": true}'


def test_analyze_force_keeps_a_backup_and_recognises_its_own_results(analysed, tmp_path, capsys):
    from research.cli import _is_results_json

    assert _is_results_json(analysed[0])
    other = tmp_path / "o"
    other.mkdir()
    (other / "results.json").write_text('{"mine": true}', encoding="utf-8")
    assert not _is_results_json(other / "results.json")
    assert main(["--lang", "en", "analyze", str(SAMPLE), "--bootstrap", "0", "--out", str(other), "--force"]) == 0
    assert "results.json.~1~" in capsys.readouterr().out
    assert (other / "results.json.~1~").read_text(encoding="utf-8") == '{"mine": true}'
    assert _is_results_json(other / "results.json") and temp_files(other) == []


def test_power_refuses_its_model_and_files_it_did_not_write(tmp_path, capsys):
    folder = tmp_path / "p"
    folder.mkdir()
    model = folder / "power.json"  # a lavaan population model, oddly named, in the output folder
    model.write_text(POPULATION, encoding="utf-8")
    args = ["--lang", "en", "power", str(model), "--n", "80", "--reps", "20", "--seed", "1", "--jobs", "1"]
    assert main([*args, "--out", str(folder), "--force"]) == 2
    assert "would replace" in capsys.readouterr().err and model.read_text(encoding="utf-8") == POPULATION
    out = tmp_path / "out"
    out.mkdir()
    (out / "power.svg").write_bytes(b"<svg>mine</svg>")
    assert main([*args, "--out", str(out)]) == 2
    err = capsys.readouterr()
    assert "power.svg" in err.err and "research power" in err.err and "N=80" not in err.out  # before the work
    assert (out / "power.svg").read_bytes() == b"<svg>mine</svg>" and not (out / "power.json").exists()


def test_questionnaire_render_refuses_its_yaml_and_existing_files(tmp_path, capsys):
    q = tmp_path / "q.yaml"
    q.write_text("scale: 5\nconstructs:\n  A:\n    items:\n      - {id: A1, text: 好}\n      - {id: A2, text: 很好}\n",
                 encoding="utf-8")
    before = sha(q)
    assert main(["--lang", "en", "questionnaire", "render", str(q), "--format", "lavaan", "--out", str(q),
                 "--force"]) == 2
    assert "would replace" in capsys.readouterr().err and sha(q) == before
    out = tmp_path / "form.html"
    out.write_text("mine", encoding="utf-8")
    assert main(["--lang", "en", "questionnaire", "render", str(q), "--out", str(out)]) == 2
    assert "research questionnaire render" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8") == "mine"
    assert main(["--lang", "en", "questionnaire", "render", str(q), "--out", str(out), "--force"]) == 0
    assert (tmp_path / "form.html.~1~").read_text(encoding="utf-8") == "mine"
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


# ----------------------------------------------------------------------------------------------
# written whole or not at all
# ----------------------------------------------------------------------------------------------
def test_atomic_file_leaves_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "out.csv"
    target.write_bytes(b"old contents")
    target.chmod(0o640)
    with pytest.raises(RuntimeError):
        with atomic_file(target, "wb") as fh:
            fh.write(b"half of the new")
            raise RuntimeError("the renderer failed half-way")
    assert target.read_bytes() == b"old contents" and os.listdir(tmp_path) == ["out.csv"]
    with atomic_file(target, "w", encoding="utf-8-sig", newline="") as fh:
        fh.write("a,b\r\n1,2\r\n")
    assert target.read_bytes() == "a,b\r\n1,2\r\n".encode("utf-8-sig") and os.listdir(tmp_path) == ["out.csv"]
    assert target.stat().st_mode & 0o777 == 0o640  # the replaced file's permissions are kept


def test_report_failing_half_way_keeps_the_old_report(results_copy, monkeypatch, capsys):
    out = results_copy.with_name("report.html")
    assert main(["--lang", "en", "report", str(results_copy), "--no-figures", "--out", str(out)]) == 0
    before = sha(out)

    def broken_renderer(*args, **kwargs):
        raise MemoryError("the renderer ran out of memory")

    writers = importlib.import_module("research.report.writers")  # (research.report is also a function)
    with monkeypatch.context() as m:
        m.setattr(writers, "html_report", broken_renderer)
        with pytest.raises(MemoryError):
            report(results_copy, language="en", format="html", path=out, figures=False)
    assert sha(out) == before and temp_files(out.parent) == []

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as m:  # the disk fills while the new report is being written
        m.setattr("research.outputs.os.fsync", disk_full)
        assert main(["--lang", "en", "report", str(results_copy), "--no-figures", "--no-text",
                     "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "could not be written" in err and "No space left on device" in err and "report.html" in err
    assert sha(out) == before and temp_files(out.parent) == []


def test_import_failing_half_way_keeps_the_old_files(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert main(["--lang", "en", "import", str(SAMPLE), "-q", "lsq5", "--out", str(out)]) == 0
    before = {p.name: sha(p) for p in out.iterdir()}
    import research.io.save as save

    real = save.csv.writer

    class Failing:
        """A csv writer whose disk fails after the header."""

        def __init__(self, fh):
            self.inner = real(fh)

        def writerow(self, row):
            self.inner.writerow(row)

        def writerows(self, rows):
            raise OSError(5, "Input/output error")

    monkeypatch.setattr(save.csv, "writer", Failing)
    assert main(["--lang", "en", "import", str(SAMPLE), "-q", "lsq5", "--out", str(out)]) == 2
    assert {p.name: sha(p) for p in out.iterdir()} == before


# ----------------------------------------------------------------------------------------------
# control characters and markup in labels and values
# ----------------------------------------------------------------------------------------------
def _hostile_results(d: dict, name: str) -> dict:
    evil = copy.deepcopy(d)
    first = next(iter(evil["reliability"]))
    evil["reliability"] = {(name if k == first else k): v for k, v in evil["reliability"].items()}
    evil["descriptives"] = {(name if k == first else k): v for k, v in evil["descriptives"].items()}
    evil["hypotheses"] = [{**h, "id": "H\x02" + LINK, "hypothesis": "H\x02" + LINK} for h in evil["hypotheses"]]
    assert evil["hypotheses"]
    return evil


def test_safe_text_escapes_what_xml_cannot_hold():
    assert safe_text(HOSTILE) == HOSTILE_SHOWN
    assert safe_text("tab\tline\nreturn\r 中文 😀") == "tab\tline\nreturn\r 中文 😀"
    assert safe_text(3.5) == "3.5"


def test_every_report_format_holds_control_characters_as_visible_escapes(analysed, tmp_path):
    import docx

    evil = _hostile_results(analysed[1], HOSTILE)
    for lang in ("en", "zh-Hant"):
        document = docx.Document(io.BytesIO(report(evil, language=lang, format="docx", figures=False)))
        cells = {c.text for t in document.tables for r in t.rows for c in r.cells}
        path = {"en": "Economy → Customer satisfaction", "zh-Hant": "經濟性 → 顧客滿意度"}[lang]
        assert HOSTILE_SHOWN in cells and any(c.startswith(f"H\\x02[x](javascript:alert(1)): {path}") for c in cells)
    page = report(evil, language="en", format="html", figures=False)
    assert f"<td>{HOSTILE_SHOWN}</td>" in page and "\x00" not in page and "\x02" not in page
    page.encode("utf-8")  # no lone surrogate left
    tex = report(evil, language="en", format="tex", figures=False)
    assert r"E\textbackslash{}x00V\textbackslash{}x01I" in tex and "\x01" not in tex
    md = report(evil, language="en", format="md", figures=False)
    assert "E\\\\x00V\\\\x01I" in md and not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", md)
    # written to disk through the CLI too: the DOCX opens
    path = tmp_path / "results.json"
    path.write_text(json.dumps(evil, ensure_ascii=True), encoding="utf-8")
    assert main(["--lang", "en", "report", str(path), "--format", "docx", "--no-figures"]) == 0
    cells = {c.text for t in docx.Document(str(tmp_path / "report.docx")).tables for r in t.rows for c in r.cells}
    assert HOSTILE_SHOWN in cells


def test_xlsx_export_holds_control_characters(analysed):
    from openpyxl import load_workbook

    from research import tables

    frame = pd.DataFrame({"name\x00": pd.Series([HOSTILE, "=1+1\x01", "plain"], dtype=object), "n": [1, 2, 3]})
    evil = _hostile_results(analysed[1], "EVIL\x01")
    book = load_workbook(io.BytesIO(xlsx_bytes({"data\x01[1]": frame, **tables.all_tables(evil, "en")})))
    sheet = book["data_x01_1_"]  # (a sheet name may hold no backslash, [ or ])
    assert sheet["A1"].value == "name\\x00"
    assert [sheet.cell(row=r, column=1).value for r in (2, 3, 4)] == [HOSTILE_SHOWN, "'=1+1\\x01", "plain"]
    assert [sheet.cell(row=r, column=2).value for r in (2, 3, 4)] == [1, 2, 3]
    column = [c.value for c in book["reliability"]["A"]]
    assert "EVIL\\x01" in column


def test_questionnaire_forms_hold_control_characters(tmp_path, capsys):
    import docx

    q = tmp_path / "q.yaml"
    q.write_text('scale: 5\ntitle: {zh-Hans: "问卷\\x01"}\nconstructs:\n  A:\n    items:\n'
                 '      - {id: A1, text: "物流\\x00费用"}\n      - {id: A2, text: "服务\\x7f好"}\n', encoding="utf-8")
    assert main(["--lang", "zh-Hans", "questionnaire", "render", str(q), "--format", "docx",
                 "--out", str(tmp_path / "q.docx")]) == 0
    document = docx.Document(str(tmp_path / "q.docx"))
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "1. 物流\\x00费用" in cells and "2. 服务\\x7f好" in cells
    assert document.paragraphs[0].text == "问卷\\x01"
    assert main(["--lang", "zh-Hans", "questionnaire", "render", str(q), "--format", "html",
                 "--out", str(tmp_path / "q.html")]) == 0
    page = (tmp_path / "q.html").read_text(encoding="utf-8")
    assert "物流\\x00费用" in page and "\x00" not in page and "<title>问卷\\x01</title>" in page


def test_markdown_report_shows_markup_in_data_as_text(analysed):
    evil = _hostile_results(analysed[1], IMG)
    md = report(evil, language="en", format="md", figures=False)
    assert "<img" not in md and "&lt;img src=x onerror=alert(1)&gt;" in md
    assert "](javascript:" not in md.replace("\\](javascript:", "")  # every such ] is escaped
    assert "\\[x\\](javascript:alert(1))" in md
    # every raw "<" left is the generator comment
    assert [m.start() for m in re.finditer("<", md)] == [md.index("<!-- generator")]
    table_row = next(line for line in md.splitlines() if "onerror" in line and line.startswith("| "))
    assert table_row.startswith("| &lt;img src=x onerror=alert(1)&gt; | ")
    assert md_escape("*b* _i_ `c` $x$ ~s~ a|b # h") == "\\*b\\* \\_i\\_ \\`c\\` \\$x\\$ \\~s\\~ a\\|b \\# h"
    assert md_escape("1. one\n- two\n+ three") == "1\\. one\n\\- two\n\\+ three"
    assert md_escape("p < .001 & more") == "p &lt; .001 &amp; more"


# ----------------------------------------------------------------------------------------------
# a damaged results.json
# ----------------------------------------------------------------------------------------------
def test_deeply_nested_results_json_is_refused_without_recursion(tmp_path, capsys):
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_json(deep)
    assert err.value.key == "results_damaged" and "nested more than 64 levels" in err.value.message("en")
    assert main(["--lang", "en", "report", str(deep)]) == 2
    assert "nested more than 64 levels deep" in capsys.readouterr().err
    objects = tmp_path / "objects.json"
    objects.write_text('{"a": ' * 100_000 + "1" + "}" * 100_000, encoding="utf-8")
    assert main(["--lang", "zh-Hans", "power", str(objects), "--n", "300", "--reps", "20"]) == 2
    assert "嵌套超过 64 层" in capsys.readouterr().err
    # brackets inside strings are text, not nesting
    assert nesting_depth(b'{"a": "[[[[{{{{", "b": [[1, "]]]"]]}') == 3
    assert nesting_depth(b"[" + b'"\\"[", ' * 10_000 + b"[1]]") == 2


def test_text_where_a_number_belongs_names_the_key(analysed, tmp_path, capsys):
    d = copy.deepcopy(analysed[1])
    d["sem"]["parameters"][3]["est"] = "0.5 (approx.)"
    path = tmp_path / "results.json"
    path.write_text(json.dumps(d), encoding="utf-8")
    for command in (["report", str(path), "--out", str(tmp_path / "r.html")],
                    ["power", str(path), "--n", "300", "--reps", "20"]):
        assert main(["--lang", "en", *command]) == 2
        err = capsys.readouterr().err
        assert "sem.parameters[3].est should be a number, not text" in err and "results.json" in err
        assert "damaged or was not written by `research analyze`" in err
    assert not (tmp_path / "r.html").exists()
    d = copy.deepcopy(analysed[1])
    d["cfa"]["fit"]["cfi"] = "good"
    with pytest.raises(DataError, match=r"cfa\.fit\.cfi"):
        check_results(d)
    d = copy.deepcopy(analysed[1])
    d["sem"]["parameters"][0].pop("lhs")
    with pytest.raises(DataError, match=r"sem\.parameters\[0\]\.lhs should be text, not null"):
        check_results(d)


def test_other_damage_is_a_research_error(analysed, tmp_path, capsys):
    cases = {"list.json": "[1, 2, 3]", "text.json": '"results"', "broken.json": '{"n": 460, "sem": ',
             "latin1.json": b'{"n": "\xe9"}', "n.json": '{"n": "many"}', "block.json": '{"reliability": [1]}',
             "bigint.json": '{"n": ' + "9" * 5000 + "}"}
    expected = {"list.json": "should be an object {…}, not a list", "text.json": "not text",
                "broken.json": "not valid JSON (line 1", "latin1.json": "not UTF-8",
                "n.json": "n should be a whole number", "block.json": "reliability should be an object",
                "bigint.json": "not valid JSON"}
    for name, content in cases.items():
        path = tmp_path / name
        (path.write_bytes if isinstance(content, bytes) else lambda c: path.write_text(c, encoding="utf-8"))(content)
        assert main(["--lang", "en", "report", str(path), "--no-figures"]) == 2, name
        err = capsys.readouterr().err
        assert expected[name] in err and name in err, (name, err)
    # passes the shape check but cannot be reported: still a research error, not a TypeError
    odd = copy.deepcopy(analysed[1])
    odd["reliability"] = {"ECO": "not a block"}
    with pytest.raises(ResearchError) as err:
        report(odd, language="en", format="html", figures=False)
    assert "reliability" in err.value.message("en") and "research.analyze" in err.value.message("en")
    with pytest.raises(DataError) as err:  # the tables alone (no text) reach the report's own check
        report(odd, language="en", format="html", figures=False, text=False)
    assert "a report cannot be made from it (AttributeError" in err.value.message("en")


def test_huge_results_json_is_refused_before_reading(tmp_path, capsys):
    huge = tmp_path / "huge.json"
    with open(huge, "wb") as fh:  # sparse: 201 MB long, nothing on disk
        fh.truncate(201 * 1024 * 1024)
    assert main(["--lang", "en", "report", str(huge)]) == 2
    assert "201 MB, more than the limit of 200 MB" in capsys.readouterr().err
    with pytest.raises(ResearchError) as err:
        from research.power import power
        power(huge, n=(300,), reps=20)
    assert err.value.key == "results_too_big"


def test_apa_formatters_never_raise_on_non_numbers():
    for bad in ("0.5x", "", {}, [], True, None, float("nan"), float("inf"), b"1"):
        assert apa.num(bad) == apa.unit(bad) == apa.p(bad) == "—"
        assert apa.stars(bad) == "" and apa.p_text(bad) == "p = —"
    assert apa.num(-0.125, 2) == "−0.12" and apa.unit(0.781) == ".781" and apa.p(0.0004) == "< .001"


def test_a_file_quoting_a_report_is_not_taken_for_one(results_copy, tmp_path):
    """The generator mark counts only where the writer puts it: a thesis that pasted a Markdown report in the
    middle is somebody else's file, refused without --force."""
    from research.report.writers import is_report

    results = results_copy
    report_md = tmp_path / "report.md"
    report(results, format="md", path=report_md, figures=False)
    assert is_report(report_md)
    thesis = tmp_path / "thesis.md"
    thesis.write_text("# My thesis\n\n" + report_md.read_text(encoding="utf-8") + "\nMy conclusions.\n",
                      encoding="utf-8")
    assert not is_report(thesis)
    before = thesis.read_bytes()
    with pytest.raises(ResearchError) as err:
        report(results, format="md", path=thesis, figures=False)
    assert err.value.key == "output_exists" and thesis.read_bytes() == before
