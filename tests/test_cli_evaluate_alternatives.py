"""`research evaluate TABLE --alternatives [NAME]` end to end: a GBK CSV of couriers read as the toolkit reads every
upload, results.json (strict JSON, its alternatives block equal to rank_alternatives on the same table),
alternatives_ranking.csv and alternatives.xlsx (Excel-safe), the printed summary by name in three languages, the
criteria's AHP workbook written with --template, filled in by two experts and read back with --ahp (group AHP
checked against the geometric-mean matrix's eigenvector computed here), the published TOPSIS example, and bad
input ending in exit status 2 with a message in the chosen language."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import SHARED
from openpyxl import load_workbook

from research.cli import main
from research.evaluation.alternatives import rank_alternatives
from research.io.load import load_table

COURIERS = "快递公司,价格,时效,破损率,满意度\n顺丰,18,1.2,0.5,4.6\n中通,10,2.5,1.2,4.0\n圆通,9,2.8,1.5,3.8\n" \
           "京东,16,1.0,0.4,4.7\n邮政,11,3.0,0.9,3.9\n=HYPERLINK(1),12,2.0,1.0,4.1\n"


def _strict(text: str):
    def refuse(value):
        raise ValueError(f"not strict JSON: {value}")
    return json.loads(text, parse_constant=refuse)


@pytest.fixture()
def couriers(tmp_path):
    path = tmp_path / "couriers.csv"
    path.write_bytes(COURIERS.encode("gbk"))
    return path


def test_end_to_end_entropy(couriers, tmp_path, capsys):
    out = tmp_path / "res"
    assert main(["evaluate", str(couriers), "--alternatives", "快递公司", "--cost", "价格,时效,破损率",
                 "--lang", "zh-Hans", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "6 个方案 × 4 个指标" in printed and "熵权法（按方向极差标准化）" in printed and "京东" in printed
    assert "第一名不变" in printed
    doc = _strict((out / "results.json").read_text(encoding="utf-8"))
    block = doc["alternatives"]
    frame, _ = load_table(couriers)
    res = rank_alternatives(frame, name="快递公司", cost=["价格", "时效", "破损率"], first_row=2)
    assert block["weights"]["method"] == "entropy"
    assert [r["weight"] for r in block["weights"]["table"]] == pytest.approx(res.weights.tolist(), abs=1e-12)
    assert [r["C"] for r in block["ranking"]] == pytest.approx(res.table()["C"].tolist(), abs=1e-12)
    assert block["ranking"][0]["alternative"] == "京东"
    assert doc["meta"]["command"] == "evaluate" and doc["meta"]["mode"] == "alternatives"
    assert doc["meta"]["spec"]["cost"] == ["价格", "时效", "破损率"]
    csv = (out / "alternatives_ranking.csv").read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf")
    assert "'=HYPERLINK(1)" in csv.decode("utf-8-sig")                     # no formula reaches Excel
    book = load_workbook(out / "alternatives.xlsx")
    assert book.sheetnames == ["权重", "排序", "敏感性 TOPSIS", "敏感性 灰色关联", "原始数据"]
    names = [c.value for c in book["排序"]["A"]][1:]
    assert "'=HYPERLINK(1)" in names and all(c.data_type == "s" for c in book["排序"]["A"])
    # a second run into the same folder replaces its own files
    assert main(["evaluate", str(couriers), "--alternatives", "--cost", "价格,时效,破损率", "--weights", "critic",
                 "--lang", "en", "-o", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "names from 快递公司" in printed and "CRITIC" in printed and "Written" in printed
    assert _strict((out / "results.json").read_text(encoding="utf-8"))["alternatives"]["weights"]["method"] == "critic"


def test_summary_in_traditional_chinese(couriers, tmp_path, capsys):
    assert main(["evaluate", str(couriers), "--alternatives", "--weights", "cv", "--normalisation", "minmax",
                 "--lang", "zh-Hant", "-o", str(tmp_path / "r")]) == 0
    printed = capsys.readouterr().out
    assert "變異係數法" in printed and "極差正規化" in printed and "排名" in printed
    for word in ("变异", "归一化", "权重", "True", "None", "nan"):
        assert word not in printed


def test_published_topsis_example(tmp_path, capsys):
    ex = json.loads((SHARED / "reference" / "mcda" / "entropy_topsis_examples.json").read_text("utf-8"))["topsis"][0]
    frame = pd.DataFrame(ex["matrix_alternatives_by_criteria"], columns=list("ABCD"))
    frame.insert(0, "alt", [f"A{k + 1}" for k in range(len(frame))])
    path = tmp_path / "t.csv"
    frame.to_csv(path, index=False)
    assert main(["evaluate", str(path), "--alternatives", "--weights", "equal", "-o", str(tmp_path / "o")]) == 0
    # equal weights: recompute here from the formula
    x = np.asarray(ex["matrix_alternatives_by_criteria"], float)
    v = x / np.sqrt((x ** 2).sum(axis=0)) / 4
    dp = np.sqrt(((v - v.max(axis=0)) ** 2).sum(axis=1))
    dm = np.sqrt(((v - v.min(axis=0)) ** 2).sum(axis=1))
    block = _strict((tmp_path / "o" / "results.json").read_text("utf-8"))["alternatives"]
    got = {r["alternative"]: r["C"] for r in block["topsis"]["table"]}
    assert [got[f"A{k + 1}"] for k in range(len(x))] == pytest.approx(dm / (dp + dm), abs=1e-12)


def test_ahp_template_and_two_experts(couriers, tmp_path, capsys):
    book = tmp_path / "crit.xlsx"
    assert main(["evaluate", "--template", "--alternatives", str(couriers), "-o", str(book), "--lang", "en"]) == 0
    assert "comparing the 4 criteria" in capsys.readouterr().out
    judgements = ({"D7": 3, "E7": 5, "F7": 4, "E8": 2, "F8": 2, "F9": 1},
                  {"D7": 2, "E7": 4, "F7": 3, "E8": 3, "F8": 1, "F9": "1/2"})
    paths = []
    for k, cells in enumerate(judgements):
        wb = load_workbook(book)
        sh = wb.worksheets[0]
        for ref, v in cells.items():
            sh[ref] = v
        p = tmp_path / f"expert{k + 1}.xlsx"
        wb.save(p)
        paths.append(p)
    out = tmp_path / "ahp"
    assert main(["evaluate", str(couriers), "--alternatives", "--cost", "价格,时效,破损率",
                 "--ahp", str(paths[0]), "--ahp", str(paths[1]), "-o", str(out), "--lang", "zh-Hans"]) == 0
    printed = capsys.readouterr().out
    assert "群组层次分析法（AIJ，2 位专家）" in printed
    mats = []
    for cells in judgements:
        a = np.ones((4, 4))
        for ref, v in cells.items():
            i, j = int(ref[1]) - 7, ord(ref[0]) - ord("C")
            a[i, j] = eval(str(v))                                      # "1/2" as typed
            a[j, i] = 1 / a[i, j]
        mats.append(a)
    g = np.sqrt(mats[0] * mats[1])
    vals, vecs = np.linalg.eig(g)
    w = np.abs(np.real(vecs[:, np.argmax(np.real(vals))]))
    block = _strict((out / "results.json").read_text("utf-8"))["alternatives"]
    assert block["weights"]["method"] == "group_ahp"
    assert [r["weight"] for r in block["weights"]["table"]] == pytest.approx(w / w.sum(), abs=1e-9)
    assert block["weights"]["table"][0]["CR"] is not None
    # one expert: AHP
    assert main(["evaluate", str(couriers), "--alternatives", "--weights", "ahp", "--ahp", str(paths[0]),
                 "-o", str(tmp_path / "one"), "--lang", "en"]) == 0
    assert "Weights: AHP" in capsys.readouterr().out.replace("Criteria Weights", "Weights")


@pytest.mark.parametrize("args,lang,expect", [
    (["--alternatives", "--cost", "运费"], "zh-Hans", "成本型指标"),
    (["--alternatives", "--weights", "combined"], "en", "--weights"),
    (["--alternatives", "--weights", "ahp"], "zh-Hant", "AHP 賦權需要專家對指標的評分表"),
    (["--alternatives", "--criteria", "价格,重量"], "en", "Name columns of the table"),
])
def test_bad_input_exit_2(couriers, tmp_path, capsys, args, lang, expect):
    assert main(["evaluate", str(couriers), *args, "--lang", lang, "-o", str(tmp_path / "x")]) == 2
    err = capsys.readouterr().err
    assert expect in err and "Traceback" not in err
    assert not (tmp_path / "x" / "results.json").exists()


def test_bad_tables_exit_2(tmp_path, capsys):
    dup = tmp_path / "dup.csv"
    dup.write_text("公司,p,q\n顺丰,1,2\n中通,2,1\n顺丰,3,3\n", encoding="utf-8")
    assert main(["evaluate", str(dup), "--alternatives", "--lang", "zh-Hans", "-o", str(tmp_path / "a")]) == 2
    assert "第 2, 4 行" in capsys.readouterr().err
    gap = tmp_path / "gap.csv"
    gap.write_text("公司,p,q\n顺丰,1,2\n中通,,1\n圆通,3,3\n", encoding="utf-8")
    assert main(["evaluate", str(gap), "--alternatives", "--lang", "en", "-o", str(tmp_path / "b")]) == 2
    assert "中通 × p (row 3)" in capsys.readouterr().err
    flat = tmp_path / "flat.csv"
    flat.write_text("公司,p,q\n顺丰,1,2\n中通,2,2\n圆通,3,2\n", encoding="utf-8")
    assert main(["evaluate", str(flat), "--alternatives", "--lang", "zh-Hant", "-o", str(tmp_path / "c")]) == 2
    assert "去掉" in capsys.readouterr().err
    assert main(["evaluate", str(tmp_path / "none.csv"), "--alternatives", "-o", str(tmp_path / "d")]) == 2
    assert main(["evaluate", "--alternatives", "-o", str(tmp_path / "e"), "--lang", "en"]) == 2
    assert "alternatives × criteria table" in capsys.readouterr().err


def test_refuses_to_overwrite_a_foreign_file(couriers, tmp_path, capsys):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "results.json").write_text('{"mine": 1}', encoding="utf-8")
    assert main(["evaluate", str(couriers), "--alternatives", "-o", str(out), "--lang", "en"]) == 2
    assert json.loads((out / "results.json").read_text()) == {"mine": 1}
