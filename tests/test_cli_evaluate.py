"""`research evaluate` end to end (issue 17 point 6): the survey export read and screened as `research import`
does, results.json (strict JSON, its evaluation block equal to research.evaluation.evaluate on the same screened
answers, scores checked by hand), evaluation_scores.csv and evaluation.xlsx, the printed summary by name in three
languages, the experts' AHP workbook written, filled in by three experts and read back (group AHP checked against
the eigenvector of the geometric-mean matrix computed here), a table of expert scores read as it is, and every bad
input ending in exit status 2 with a message in the chosen language."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from research.cli import main
from research.evaluation import evaluate, load_system
from research.io import load_responses
from research.screening import screen

from conftest import ROOT

SAMPLE = ROOT / "datasets" / "lsq5_sample.csv"
WJX = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
DIMENSIONS = ("ECO", "RES", "FLE", "REL", "EMP")


def _strict(text: str):
    def refuse(value):
        raise ValueError(f"not strict JSON: {value}")
    return json.loads(text, parse_constant=refuse)


def _same(a, b):
    """Two JSON values equal, floats to 1e-12."""
    if isinstance(a, dict):
        assert set(a) == set(b)
        for k in a:
            _same(a[k], b[k])
    elif isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y)
    elif isinstance(a, float) and isinstance(b, float):
        assert a == pytest.approx(b, rel=1e-12, abs=1e-12)
    else:
        assert a == b


def _screened(path):
    """The answers as given, the segment questions and the row numbers of the responses the default screening
    keeps, and the excluded rows — what `research evaluate` evaluates."""
    s = screen(load_responses(path, "lsq5"))
    kept = s.kept
    return pd.concat([kept.answers, kept.segments], axis=1), kept.meta, s.to_dict()["excluded"]


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("ev") / "res"
    import contextlib
    import io

    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        code = main(["evaluate", str(SAMPLE), "--system", "lsq5-index", "--weights", "entropy", "--group",
                     "PLATFORM", "--out", str(out), "--lang", "en"])
    assert code == 0
    frame, meta, excluded = _screened(SAMPLE)
    direct = evaluate(frame, "lsq5-index", weights="entropy", group="PLATFORM")
    return out, buf.getvalue(), frame, meta, excluded, direct


def test_results_json_is_strict_and_equals_evaluate_on_the_screened_answers(sample_run):
    out, printed, frame, meta, excluded, direct = sample_run
    assert sorted(p.name for p in out.iterdir()) == ["evaluation.xlsx", "evaluation_scores.csv", "results.json"]
    d = _strict((out / "results.json").read_text(encoding="utf-8"))
    block = d["evaluation"]
    expected = json.loads(json.dumps(direct.to_dict(), allow_nan=False))
    _same({k: block[k] for k in expected}, expected)
    assert set(block) - set(expected) == {"excluded", "experts", "group_name"}
    assert block["excluded"] == excluded == d["excluded"] and len(excluded) == 40 and block["n"] == d["n"] == 460
    assert block["experts"] == [] and block["group_name"]["en"] == "The online shopping platform you use most"
    assert excluded[0]["row"] == 10 and excluded[0]["reasons"] == ["speeder"]
    assert d["meta"]["command"] == "evaluate" and d["meta"]["spec"]["weights"] == "entropy"
    assert d["meta"]["data_sha256"] == load_responses(SAMPLE, "lsq5").source.sha256
    import hashlib

    for name in ("evaluation_scores.csv", "evaluation.xlsx"):
        assert d["meta"]["files"][name] == hashlib.sha256((out / name).read_bytes()).hexdigest()


def test_scores_by_hand_for_one_respondent(sample_run):
    """Leaf = (answer − 1)/4·100 (REL4 reverse-keyed: 5 − answer), dimension = Σ entropy weight × leaf, root =
    Σ weight × dimension, for the first complete respondent."""
    out, printed, frame, meta, excluded, direct = sample_run
    scores = pd.read_csv(out / "evaluation_scores.csv", encoding="utf-8-sig")
    assert list(scores.columns[:3]) == ["row", "respondent", "PLATFORM"]
    assert list(scores.columns[3:]) == list(load_system("lsq5-index").nodes)
    assert len(scores) == 460 and scores["row"].tolist() == meta["row"].tolist()
    w = {r["node"]: r["weight"] for r in direct.weights.to_dict(orient="records")}
    pos = int(np.flatnonzero(frame.filter(regex=r"^(ECO|RES|FLE|REL|EMP)\d$").notna().all(axis=1).to_numpy())[0])
    answers = frame.iloc[pos]
    leaf = {c: ((5 - answers[c]) if c == "REL4" else (answers[c] - 1)) / 4 * 100
            for c in load_system("lsq5-index").leaves}
    dims = {d: sum(w[f"{d}{k}"] * leaf[f"{d}{k}"] for k in range(1, 5)) for d in DIMENSIONS}
    root = sum(w[d] * dims[d] for d in DIMENSIONS)
    row = scores.iloc[pos]
    assert row["LSQ"] == pytest.approx(root, rel=1e-12) and row["REL4"] == pytest.approx(leaf["REL4"], rel=1e-12)
    for d in DIMENSIONS:
        assert row[d] == pytest.approx(dims[d], rel=1e-12)
    assert scores["LSQ"].mean() == pytest.approx(direct.overall["mean"], rel=1e-12)


def test_workbook_sheets_are_named_and_hold_the_numbers(sample_run):
    out, printed, frame, meta, excluded, direct = sample_run
    book = load_workbook(out / "evaluation.xlsx")
    assert book.sheetnames == ["weights", "scores", "summary", "fuzzy evaluation", "ranking", "sensitivity"]
    rows = list(book["weights"].iter_rows(values_only=True))
    assert rows[0][:5] == ("id", "indicator", "parent", "level", "weight")
    eco = next(r for r in rows if r[0] == "ECO")
    assert eco[1] == "Economy" and eco[2] == "Logistics service quality" and eco[7] == "entropy weights"
    assert eco[4] == pytest.approx(direct.weights.set_index("node").loc["ECO", "weight"], rel=1e-12)
    ranking = list(book["ranking"].iter_rows(values_only=True))
    top = direct.ranking["topsis"]
    first = next(r for r in ranking[1:] if r[5] == 1)
    assert first[0] == direct.segment_label(str(top.rank.idxmin()), "en")
    assert first[4] == pytest.approx(top.closeness.max(), rel=1e-12)
    summary = list(book["summary"].iter_rows(values_only=True))
    assert summary[1][:3] == ("overall", "LSQ", "Logistics service quality")
    assert summary[1][5] == pytest.approx(direct.overall["mean"], rel=1e-12) and summary[1][10] == "Poor"


def test_printed_summary_names_not_codes(sample_run):
    out, printed, frame, meta, excluded, direct = sample_run
    o = direct.overall
    assert (f"Logistics service quality: {o['mean']:.1f}, 95% CI [{o['ci_low']:.1f}, {o['ci_high']:.1f}], "
            f"grade: Poor (n = {o['n']})") in printed
    assert "n = 460 · weights: entropy weights · excluded by the screening: 40" in printed
    for name in ("Economy", "Responsiveness", "Flexibility", "Reliability", "Empathy"):
        assert f"\n  {name} " in printed
    assert "\n  ECO " not in printed
    f = direct.fuzzy["__overall__"]
    assert f"Fuzzy comprehensive evaluation M(·,⊕): Excellent {f.B.iloc[0]:.3f}".replace("0.", ".") in printed
    assert f"→ Fair (maximum membership), weighted score {f.score:.1f}" in printed
    assert "Ranking by The online shopping platform you use most: TOPSIS (vector normalisation" in printed
    best = direct.segment_label(str(direct.ranking["topsis"].rank.idxmin()), "en")
    assert printed.split("TOPSIS C")[1].splitlines()[1].split()[0] == best
    # n: respondents with an index score (as the scores table counts them)
    assert "left out of the ranking (n < 30): AliExpress (n = 8), Amazon (n = 17), Other (n = 13)" in printed


def test_wjx_gbk_export_is_read_mapped_screened_and_summarised_in_chinese(tmp_path, capsys):
    """The 问卷星 GBK export (Chinese headers, answers as words) gives the same evaluation as the plain CSV of
    the same answers; the summary in Simplified and Traditional Chinese."""
    out = tmp_path / "wjx"
    argv = ["evaluate", str(WJX), "--system", "lsq5-index", "--weights", "critic", "--group", "PLATFORM",
            "--out", str(out)]
    assert main([*argv, "--lang", "zh-Hans"]) == 0
    printed = capsys.readouterr().out
    frame, meta, excluded = _screened(WJX)
    direct = evaluate(frame, "lsq5-index", weights="critic", group="PLATFORM")
    d = _strict((out / "results.json").read_text(encoding="utf-8"))
    _same({k: d["evaluation"][k] for k in direct.to_dict()}, json.loads(json.dumps(direct.to_dict(),
                                                                                    allow_nan=False)))
    assert d["excluded"] == excluded and len(excluded) == 40
    plain, _, _ = _screened(SAMPLE)
    assert evaluate(plain, "lsq5-index", weights="critic").overall["mean"] == pytest.approx(
        direct.overall["mean"], rel=1e-12)
    o = direct.overall
    assert f"物流服务质量：{o['mean']:.1f}，95% CI [{o['ci_low']:.1f}, {o['ci_high']:.1f}]，等级：低" in printed
    assert "权重：CRITIC 法" in printed and "筛选剔除：40" in printed and "\n  经济性 " in printed
    assert "按您最常使用的网购平台排序" in printed and "抖音" in printed and "PLATFORM" not in printed
    assert "模糊综合评价 M(·,⊕)：优 " in printed
    assert main([*argv, "--lang", "zh-Hant"]) == 0           # the earlier run's files are replaced
    printed = capsys.readouterr().out
    assert "物流服務品質：" in printed and "等級：低" in printed and "\n  關懷性 " in printed and "京東" in printed
    assert "權重：CRITIC 法" in printed and "篩選剔除：40" in printed and "模糊綜合評價" in printed
    book = load_workbook(out / "evaluation.xlsx")
    assert book.sheetnames[:4] == ["權重", "分數", "彙總", "模糊綜合評價"]


# --------------------------------------------------------------------------
# the experts' AHP workbook: written, filled in, read back
# --------------------------------------------------------------------------

def _fill(path, judgement):
    """Fill the upper triangle of every sheet of an AHP workbook with judgement(i, j) (i < j)."""
    book = load_workbook(path)
    for sh in book.worksheets:
        head = next(r for r in range(1, 20) if sh.cell(row=r, column=1).value == "行 ÷ 列 · row vs column")
        n = 0
        while sh.cell(row=head, column=3 + n).value:
            n += 1
        for i in range(n):
            for j in range(i + 1, n):
                sh.cell(row=head + 1 + i, column=3 + j, value=judgement(i, j))
    book.save(path)


JUDGES = (lambda i, j: min(9, j - i + 1),              # the earlier element matters more, the more so the further
          lambda i, j: f"1/{j - i + 1}",              # the later element matters more (typed as text)
          lambda i, j: 3 if i == 0 else 1)            # only the first element matters more


def _matrix(judge, n):
    from research.evaluation.ahp import _cell_value

    a = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            v = judge(i, j)
            a[i, j] = _cell_value(v) if isinstance(v, str) else v
            a[j, i] = 1 / a[i, j]
    return a


def _principal(a):
    vals, vecs = np.linalg.eig(a)
    v = np.abs(np.real(vecs[:, np.argmax(np.real(vals))]))
    return v / v.sum()


def test_template_round_trip_and_group_ahp(tmp_path, capsys):
    blank = tmp_path / "experts.xlsx"
    assert main(["evaluate", "--template", "--system", "lsq5-index", "-o", str(blank), "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "6 sheet(s), one per node — Logistics service quality, Economy, Responsiveness" in printed
    assert load_workbook(blank).sheetnames == ["LSQ", *DIMENSIONS]
    # the same path again: an expert's workbook is never replaced without --force
    assert main(["evaluate", "--template", "-o", str(blank), "--lang", "zh-Hans"]) == 2
    assert "已存在" in capsys.readouterr().err
    files = []
    for k, judge in enumerate(JUDGES):
        path = tmp_path / f"expert{k + 1}.xlsx"
        path.write_bytes(blank.read_bytes())
        _fill(path, judge)
        files.append(path)
    out = tmp_path / "group"
    argv = ["evaluate", str(SAMPLE), "--system", "lsq5-index", "--out", str(out), "--lang", "en"]
    for f in files:
        argv += ["--ahp", str(f)]
    assert main(argv) == 0                                 # --ahp without --weights: every node by AHP
    printed = capsys.readouterr().out
    d = _strict((out / "results.json").read_text(encoding="utf-8"))["evaluation"]
    assert d["experts"] == ["expert1.xlsx", "expert2.xlsx", "expert3.xlsx"] and d["method"] == "ahp"
    weights = {r["node"]: r for r in d["weights"]}
    system = load_system("lsq5-index")
    for node in ("LSQ", *DIMENSIONS):
        kids = system.children(node)
        mats = [_matrix(j, len(kids)) for j in JUDGES]
        geo = np.exp(np.mean([np.log(m) for m in mats], axis=0))          # AIJ: element-wise geometric mean
        expect = _principal(geo)
        got = [weights[c]["weight"] for c in kids]
        assert got == pytest.approx(expect, rel=1e-9)
        block = d["ahp"][node]
        assert block["aggregate"] == "judgements" and list(block["experts"]) == d["experts"]
        for (who, e), m in zip(block["experts"].items(), mats):
            assert e["weights"] == pytest.approx(dict(zip(kids, _principal(m))), rel=1e-9)
        assert weights[kids[0]]["source"].startswith("group AHP (AIJ, 3 experts")
    # the same judgements given to evaluate() directly
    frame, _, _ = _screened(SAMPLE)
    books = [{n: pd.DataFrame(_matrix(j, len(system.children(n))), index=system.children(n),
                              columns=system.children(n)) for n in ("LSQ", *DIMENSIONS)} for j in JUDGES]
    direct = evaluate(frame, system, weights="ahp", ahp=books)
    assert [r["global_weight"] for r in d["weights"]] == pytest.approx(direct.weights["global_weight"].tolist(),
                                                                       rel=1e-12)
    assert d["summary"][0]["mean"] == pytest.approx(direct.overall["mean"], rel=1e-12)
    cr = d["ahp"]["LSQ"]["CR"]
    assert f"AHP, Logistics service quality: CR = {cr:.3f}; experts' CR: expert1.xlsx " in printed
    assert printed.index("AHP, Logistics service quality") < printed.index("AHP, Economy")     # tree order
    assert "AHP" in load_workbook(out / "evaluation.xlsx").sheetnames
    # priorities (AIP) and one expert alone
    assert main([*argv[:6], "--out", str(tmp_path / "one"), "--ahp", str(files[0]), "--lang", "en"]) == 0
    one = _strict((tmp_path / "one" / "results.json").read_text(encoding="utf-8"))["evaluation"]
    assert "experts" not in one["ahp"]["LSQ"] and one["experts"] == ["expert1.xlsx"]
    assert [one["weights"][k]["weight"] for k in range(1, 6, 5)] == pytest.approx(
        [_principal(_matrix(JUDGES[0], 5))[0]], rel=1e-9)
    assert main([*argv, "--aggregate", "priorities", "--out", str(tmp_path / "aip")]) == 0
    aip = _strict((tmp_path / "aip" / "results.json").read_text(encoding="utf-8"))["evaluation"]
    assert aip["ahp"]["LSQ"]["aggregate"] == "priorities"
    capsys.readouterr()


def test_shipped_expert_workbooks_combined_weights(tmp_path, capsys):
    """The three sample experts' workbooks with --weights combined (group AHP with entropy, the system's
    combine: rule): the block equals evaluate() given the same workbooks as read by read_ahp_workbook."""
    from research.evaluation import read_ahp_workbook

    books = [ROOT / "datasets" / f"lsq5_ahp_expert{k}.xlsx" for k in (1, 2, 3)]
    out = tmp_path / "comb"
    argv = ["evaluate", str(WJX), "--weights", "combined", "--out", str(out), "--lang", "zh-Hans"]
    for b in books:
        argv += ["--ahp", str(b)]
    assert main(argv) == 0
    printed = capsys.readouterr().out
    d = _strict((out / "results.json").read_text(encoding="utf-8"))["evaluation"]
    frame, _, _ = _screened(WJX)
    direct = evaluate(frame, "lsq5-index", weights="combined",
                      ahp={b.name: read_ahp_workbook(b) for b in books})
    _same({k: d[k] for k in direct.to_dict()}, json.loads(json.dumps(direct.to_dict(), allow_nan=False)))
    lsq = d["ahp"]["LSQ"]["experts"]
    flagged = [who for who, e in lsq.items() if e["CR"] >= 0.10]
    assert flagged and all(f"{who} {lsq[who]['CR']:.3f}（≥ 0.10）" in printed for who in flagged)
    assert "权重：组合赋权" in printed and "3 位专家：lsq5_ahp_expert1.xlsx、lsq5_ahp_expert2.xlsx" in printed


def test_expert_scored_system_reads_the_table_as_it_is(tmp_path, capsys):
    """ecommerce-model: leaves scored by experts (grade names or 0–100) in columns named like the nodes, stated
    weights in points; the root is Σ (leaf points / 100) × leaf score — computed here from the file's points."""
    system = load_system("ecommerce-model")
    grades = {g.zh_hans: s for g, s in zip(system.grades, system.grade_scores)}
    rng = np.random.default_rng(5)
    names = list(grades)
    table = pd.DataFrame({c: [names[k] if (r + k) % 2 else float(40 + 10 * k + r)
                              for r, k in enumerate(rng.integers(0, 5, 3))] for c in system.columns})
    path = tmp_path / "experts.csv"
    table.to_csv(path, index=False, encoding="utf-8-sig")
    assert main(["evaluate", str(path), "--system", "ecommerce-model", "-o", str(tmp_path / "out"),
                 "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    scores = pd.read_csv(tmp_path / "out" / "evaluation_scores.csv", encoding="utf-8-sig")
    d = _strict((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert d["excluded"] == [] and d["n"] == 3
    for r in range(3):
        total = 0.0
        for leaf in system.leaves:
            v = table.loc[r, system.nodes[leaf].columns[0]]
            total += system.nodes[leaf].weight / 100 * (grades[v] if isinstance(v, str) else float(v))
        assert scores.loc[r, system.root] == pytest.approx(total, rel=1e-12)
    assert "weights: stated in the index system" in printed and "Maturity of the e-commerce model" in printed


# --------------------------------------------------------------------------
# bad input: exit status 2, a message in the chosen language, nothing written
# --------------------------------------------------------------------------

def _fails(argv, lang, capsys, *expected):
    assert main([*argv, "--lang", lang]) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and captured.out == ""
    for text in expected:
        assert text in captured.err, captured.err
    return captured.err


def test_bad_input_exits_2_with_the_message_in_the_language(tmp_path, capsys):
    out = ["--out", str(tmp_path / "o")]
    _fails(["evaluate", str(tmp_path / "nope.csv"), *out], "zh-Hans", capsys, "找不到文件", "nope.csv")
    _fails(["evaluate", str(tmp_path / "nope.csv"), *out], "zh-Hant", capsys, "找不到檔案")
    _fails(["evaluate", str(tmp_path / "nope.csv"), *out], "en", capsys, "The file does not exist")
    _fails(["evaluate", *out], "en", capsys, "Name the data file to evaluate")
    _fails(["evaluate", *out], "zh-Hant", capsys, "請提供要評價的資料檔案")
    bad = tmp_path / "bad.yaml"
    bad.write_text("tree: [unclosed\n", encoding="utf-8")
    for lang in ("zh-Hans", "zh-Hant", "en"):
        err = _fails(["evaluate", str(SAMPLE), "--system", str(bad), *out], lang, capsys, "bad.yaml")
        assert err.strip()
    _fails(["evaluate", str(SAMPLE), "--system", "no-such-system", *out], "en", capsys,
           "There is no index-system template named 'no-such-system'", "lsq5-index")
    _fails(["evaluate", str(SAMPLE), "--system", "no-such-system", *out], "zh-Hant", capsys, "找不到指標體系範本")
    # not a workbook: the message names the file
    _fails(["evaluate", str(SAMPLE), "--ahp", str(SAMPLE), *out], "zh-Hans", capsys, "本工具生成的 .xlsx 专家打分表",
           "lsq5_sample.csv")
    _fails(["evaluate", str(SAMPLE), "--ahp", str(tmp_path / "gone.xlsx"), *out], "en", capsys,
           "The file does not exist", "gone.xlsx")
    # the workbook of another index system: no judgements for this system's nodes
    other = tmp_path / "eco.xlsx"
    assert main(["evaluate", "--template", "--system", "ecommerce-model", "-o", str(other)]) == 0
    capsys.readouterr()
    _fails(["evaluate", str(SAMPLE), "--ahp", str(other), *out], "zh-Hant", capsys, "'M'!D7 = ∅", "eco.xlsx",
           "請填寫這一比較（M1 相對於 M2）")                  # left blank: the empty cell, in the file named
    _fill(other, lambda i, j: 1)
    _fails(["evaluate", str(SAMPLE), "--ahp", str(other), *out], "zh-Hant", capsys, "EMP", "請為「關懷性」提供專家判斷")
    # missing columns: the expert-scored system on survey answers
    _fails(["evaluate", str(SAMPLE), "--system", "ecommerce-model", *out], "en", capsys,
           "with the columns the index system 'ecommerce-model' reads")
    _fails(["evaluate", str(SAMPLE), "--weights", "magic", *out], "zh-Hans", capsys, "weights", "请使用以下之一")
    _fails(["evaluate", str(SAMPLE), "--group", "INCOME", *out], "zh-Hant", capsys, "INCOME", "請提供資料中儲存分組的欄名")
    _fails(["evaluate", str(SAMPLE), "--operator", "max", *out], "en", capsys, "operator", "Use one of")
    assert not (tmp_path / "o").exists()
    # a results.json that is not ours is left as it is; an --out that is a file is refused
    folder = tmp_path / "taken"
    folder.mkdir()
    (folder / "results.json").write_text('{"mine": true}', encoding="utf-8")
    _fails(["evaluate", str(SAMPLE), "--out", str(folder)], "en", capsys, "already exists")
    assert (folder / "results.json").read_text(encoding="utf-8") == '{"mine": true}'
    assert sorted(p.name for p in folder.iterdir()) == ["results.json"]
    _fails(["evaluate", str(SAMPLE), "--out", str(SAMPLE)], "en", capsys, "a file, not a folder")


def test_workbook_names_each_nodes_weighting_in_the_language():
    """evaluation.xlsx's weights sheet: the source column names the weighting in the sheet's language (the
    results.json keeps the English source), as the report's indicator table does."""
    from research.evaluation.study import workbook_tables

    res = evaluate(pd.read_csv(SAMPLE).head(60), "lsq5-index", weights="entropy")
    for lang, word in (("en", "entropy weights"), ("zh-Hans", "熵权法"), ("zh-Hant", "熵權法")):
        sheet = next(iter(workbook_tables(res, lang).values()))
        source = sheet.iloc[:, 8].tolist()
        assert source[0] == "" and source[1:] == [word] * (len(source) - 1), (lang, source[:3])
    assert res.weights["source"].iloc[1] == "entropy (direction-normalised)"
