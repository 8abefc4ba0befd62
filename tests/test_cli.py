"""The `research` command: help, questionnaire actions, import with and without screening."""
from __future__ import annotations

import csv
import json
import subprocess
import sys

import pytest

from research.cli import main

QUESTIONNAIRE = """\
scale: 5
constructs:
  ECO:
    role: driver
    items:
      - {id: ECO1, text: 物流费用合理}
      - {id: ECO2, text: 运费公开透明}
      - {id: ECO3, text: 退货运费可以接受}
  SAT:
    role: outcome
    items:
      - {id: SAT1, text: 总体上我很满意}
      - {id: SAT2, text: 这次购物符合我的期望}
      - {id: SAT3, text: 物流服务经常让我失望, reverse: true}
"""
DATA = (
    "序号,提交答卷时间,所用时间,来源,来源详情,来自IP,1、物流费用合理,2、运费公开透明,3、退货运费可以接受,"
    "4、总体上我很满意,5、这次购物符合我的期望,6、物流服务经常让我失望\n"
    "1,2026/09/03 12:00:00,300秒,微信,N/A,1.1.1.1,同意,同意,一般,满意,同意,不同意\n"
    "2,2026/09/03 12:01:00,320秒,微信,N/A,1.1.1.2,非常同意,同意,同意,同意,同意,非常不同意\n"
    "3,2026/09/03 12:02:00,20秒,微信,N/A,1.1.1.3,一般,同意,一般,一般,同意,一般\n"
    "4,2026/09/03 12:03:00,290秒,微信,N/A,1.1.1.4,=HYPERLINK(\"x\"),同意,一般,同意,同意,不同意\n"
)


@pytest.fixture
def study(tmp_path):
    q = tmp_path / "study.yaml"
    q.write_text(QUESTIONNAIRE, encoding="utf-8")
    data = tmp_path / "export.csv"
    data.write_bytes(DATA.encode("gbk"))
    return q, data


def test_help_lists_the_subcommands(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "questionnaire" in out and "import" in out


def test_console_script_is_installed():
    done = subprocess.run([sys.executable, "-m", "research.cli", "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "import" in done.stdout


def test_validate_and_show(study, capsys):
    q, _ = study
    assert main(["--lang", "en", "questionnaire", "validate", str(q)]) == 0
    assert "2 constructs, 6 items" in capsys.readouterr().out
    assert main(["--lang", "en", "questionnaire", "show", str(q)]) == 0
    out = capsys.readouterr().out
    assert "ECO =~ ECO1 + ECO2 + ECO3" in out and "SAT ~ ECO" in out and "SAT3     (R)" in out


def test_invalid_questionnaire_names_file_and_key(tmp_path, capsys):
    bad = tmp_path / "bad.yaml"
    bad.write_text("scale: 6\nconstructs: {A: [A1]}\n", encoding="utf-8")
    assert main(["--lang", "zh-Hans", "questionnaire", "validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "scale" in err and "量表" in err


def test_render_lavaan_to_stdout(study, capsys):
    q, _ = study
    assert main(["questionnaire", "render", str(q), "--format", "lavaan", "--out", "-"]) == 0
    out = capsys.readouterr().out
    assert "ECO =~ ECO1 + ECO2 + ECO3" in out and "SAT =~ SAT1 + SAT2 + SAT3" in out


def test_import_screens_and_writes_safe_files(study, tmp_path, capsys):
    q, data = study
    before = data.read_bytes()
    out = tmp_path / "out"
    assert main(["--lang", "en", "import", str(data), "-q", str(q), "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Platform: Wenjuanxing (问卷星)" in printed and "Encoding: gbk" in printed
    assert "4 responses read, 3 kept, 1 excluded" in printed
    assert data.read_bytes() == before
    summary = json.loads((out / "import.json").read_text(encoding="utf-8"))
    assert summary["source"]["platform"] == "wjx" and summary["n"] == 4
    assert summary["screening"]["n_excluded"] == 1
    with open(out / "excluded.csv", encoding="utf-8-sig") as fh:
        excluded = list(csv.DictReader(fh))
    assert [row["row"] for row in excluded] == ["4"] and "speeder" in excluded[0]["reasons"]
    with open(out / "problems.csv", encoding="utf-8-sig") as fh:
        problems = list(csv.DictReader(fh))
    assert problems[0]["value"] == "'=HYPERLINK(\"x\")"  # neutralised for Excel
    with open(out / "responses.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["row"] for r in rows] == ["2", "3", "5"]
    assert [r["SAT3"] for r in rows] == ["4", "5", "4"]  # reverse-keyed: 6 - answer


def test_import_policy_options(study, capsys):
    q, data = study
    assert main(["--lang", "en", "import", str(data), "-q", str(q), "--speeder-fraction", "0.01"]) == 0
    assert "4 responses read, 4 kept, 0 excluded" in capsys.readouterr().out


def test_import_errors_exit_2_with_message_in_language(tmp_path, study, capsys):
    q, _ = study
    assert main(["--lang", "zh-Hant", "import", str(tmp_path / "missing.csv"), "-q", str(q)]) == 2
    assert "找不到檔案" in capsys.readouterr().err
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert main(["--lang", "en", "import", str(empty), "-q", str(q)]) == 2
    assert "empty" in capsys.readouterr().err


def test_output_that_cannot_be_written_is_a_clear_error(study, tmp_path, capsys):
    q, data = study
    blocker = tmp_path / "taken"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    assert main(["--lang", "en", "import", str(data), "-q", str(q), "--out", str(blocker)]) == 2
    err = capsys.readouterr().err
    assert "could not be written" in err and "taken" in err
    assert main(["--lang", "zh-Hans", "questionnaire", "render", str(q), "--format", "html",
                 "--out", str(tmp_path / "no" / "such" / "dir" / "q.html")]) == 2
    assert "无法写入" in capsys.readouterr().err


def test_import_lists_fuzzy_matches_for_checking(tmp_path, capsys):
    q = tmp_path / "q.yaml"
    q.write_text(QUESTIONNAIRE, encoding="utf-8")
    data = tmp_path / "d.csv"
    data.write_text("物流费用很合理,运费公开透明\n5,4\n4,4\n", encoding="utf-8")
    assert main(["--lang", "en", "import", str(data), "-q", str(q), "--no-screen"]) == 0
    out = capsys.readouterr().out
    assert "Matched by similar text (please check): 物流费用很合理 → ECO1 (question text, 0.92)" in out
