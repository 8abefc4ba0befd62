"""Moderation and mediation hypotheses in `research analyze` (the results.json "process" block and hypothesis
entries equal a direct research.process call on the same construct scores; the SEM / PLS specific indirect effect
decides a mediation the model holds) and `research process` end to end (process.json round-trips, the summary
names constructs, errors in three languages)."""
from __future__ import annotations

import json

import pandas as pd
import pytest

import research
from research.analyze import analyze, process_study
from research.cli import main
from research.measurement import Structure, mean_scores
from research.process.hypotheses import evaluate
from research.sem import parse_model

from conftest import ROOT

DATA = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
HYPOTHESES = ("H1: REL -> SAT, +", "H4: REL -> SAT moderated by EMP, +", "H5: REL -> SAT -> LOY, +",
              "H6：REL → SAT → LOY 被 PLATFORM 调节", "H8: REL -> SAT -> LOY moderated by EMP (second stage)")
PROCESS_KEYS = {"model", "roles", "n", "se", "ci", "boot", "seed", "level", "center", "probe", "probe_kinds", "levels", "probes",
                "coefficients", "summary", "interactions", "direct", "interaction_at", "indirect", "indices", "total",
                "standardized", "contrasts", "jn", "excluded", "notes"}


@pytest.fixture(scope="module")
def run():
    res = analyze(DATA, questionnaire="lsq5", bootstrap=300, seed=7, hypotheses=HYPOTHESES)
    d = json.loads(res.to_json())
    scores = mean_scores(res.data, Structure.from_model(parse_model(d["meta"]["model"])))
    table = pd.concat([scores, res.data[["PLATFORM"]]], axis=1)
    return res, d, table


def _same(a, b):
    """Two JSON-safe values equal, floats to 1e-12."""
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


def test_process_block_equals_a_direct_process_call_on_the_scores(run):
    res, d, table = run
    block = {b["id"]: b for b in d["process"]}
    assert list(block) == ["H4", "H5", "H6", "H8"]                  # every non-path hypothesis, in order
    calls = {"H4": dict(model=1, x="REL", y="SAT", w="EMP"),
             "H5": dict(model=4, x="REL", m=["SAT"], y="LOY"),
             "H6": dict(model=7, x="REL", m=["SAT"], y="LOY", w="PLATFORM", categorical=["PLATFORM"]),
             "H8": dict(model=14, x="REL", m=["SAT"], y="LOY", w="EMP")}
    for hid, kw in calls.items():
        b = block[hid]
        assert set(b) - PROCESS_KEYS <= {"id", "kind", "hypothesis", "scores", "level_labels", "variable_labels"}
        assert b["scores"] == "mean" and b["boot"] == 300 and b["seed"] == 7 and b["ci"] == "percentile"
        direct = research.process(table, boot=300, seed=7, ci="percentile", **kw)
        expected = json.loads(json.dumps(direct.to_dict(), allow_nan=False))
        _same({k: b[k] for k in PROCESS_KEYS}, expected)
    assert block["H6"]["kind"] == "moderated mediation" and block["H6"]["levels"]["W"][0] == "1"
    assert block["H6"]["level_labels"]["PLATFORM"]["3"] == {"zh-Hans": "京东", "zh-Hant": "京東", "en": "JD.com"}
    assert block["H6"]["variable_labels"]["PLATFORM"]["en"] == "The online shopping platform you use most"


def test_hypothesis_entries_take_their_numbers_from_the_same_runs(run):
    res, d, table = run
    h = {e["id"]: e for e in d["hypotheses"]}
    assert list(h) == ["H1", "H4", "H5", "H6", "H8"]
    assert "kind" not in h["H1"] and h["H1"]["path"] == "direct"      # signed paths unchanged
    block = {b["id"]: b for b in d["process"]}

    r4 = research.process(table, 1, x="REL", y="SAT", w="EMP", boot=300, seed=7)
    row = r4.coefficients.query("equation == 'SAT' and term == 'REL×EMP'").iloc[0]
    e = h["H4"]
    assert (e["kind"], e["model"], e["test"], e["source"]) == ("moderation", 1, "coefficient", "process")
    assert (e["effect"], e["se"], e["pvalue"], e["ci.lower"], e["ci.upper"]) == pytest.approx(
        (row["coeff"], row["se"], row["p"], row["ci.lower"], row["ci.upper"]), rel=1e-12)
    assert e["supported"] is bool(row["ci.lower"] > 0)
    _same(e, json.loads(json.dumps(evaluate(HYPOTHESES[1], r4) | {"scores": "mean"}, allow_nan=False)))

    # H5: the CB-SEM holds REL → SAT → LOY: its bootstrap specific indirect effect decides
    e = h["H5"]
    sem = next(x for x in d["sem"]["effects"] if x["type"] == "indirect" and x["from"] == "REL"
               and x["to"] == "LOY" and x["via"] == ["SAT"])
    assert e["source"] == "sem" and e["effect"] == pytest.approx(sem["est"], rel=1e-12)
    assert (e["ci.lower"], e["ci.upper"], e["boot.se"]) == pytest.approx(
        (sem["ci.lower"], sem["ci.upper"], sem["boot.se"]), rel=1e-12)
    assert e["ci.method"] == "percentile" and e["supported"] is (sem["ci.lower"] > 0)
    assert e["direct"] is None and e["mediation_type"] == "indirect-only"        # lsq5 has no REL → LOY path
    r5 = research.process(table, 4, x="REL", m=["SAT"], y="LOY", boot=300, seed=7)
    ind, dr = r5.indirect.iloc[0], r5.direct.iloc[0]
    p5 = e["estimates"]["process"]
    assert (p5["effect"], p5["boot.se"], p5["ci.lower"], p5["ci.upper"]) == pytest.approx(
        (ind["effect"], ind["boot.se"], ind["boot.ci.lower"], ind["boot.ci.upper"]), rel=1e-12)
    assert (p5["direct"]["effect"], p5["direct"]["pvalue"]) == pytest.approx((dr["effect"], dr["p"]), rel=1e-12)
    assert p5["mediation_type"] == ("indirect-only" if dr["ci.lower"] < 0 < dr["ci.upper"] else "complementary")
    assert e["estimates"]["sem"]["std"] == pytest.approx(sem["std"], rel=1e-12)

    # H6: PLATFORM (a single-choice segment coded 1–8) is categorical: one index per platform
    e = h["H6"]
    indices = block["H6"]["indices"]
    assert [i["moderator"] for i in e["indices"]] == [f"PLATFORM[{k}]" for k in range(2, 9)] == [
        i["moderator"] for i in indices]
    which = [i["moderator"] for i in indices if i["boot.ci.lower"] > 0 or i["boot.ci.upper"] < 0]
    assert e["which"] == which and e["supported"] is bool(which) and e["test"] == "index"
    # H8: second stage = model 14, one index
    e, idx = h["H8"], block["H8"]["indices"][0]
    assert e["model"] == 14 and (e["effect"], e["ci.lower"], e["ci.upper"]) == pytest.approx(
        (idx["effect"], idx["boot.ci.lower"], idx["boot.ci.upper"]), rel=1e-12)
    assert e["supported"] is (idx["boot.ci.lower"] > 0 or idx["boot.ci.upper"] < 0)


def test_factor_scores_and_a_segment_control_reach_process():
    from research.sem import factor_scores

    res = analyze(DATA, questionnaire="lsq5", bootstrap=0, scores="factor", controls=("GENDER",),
                  hypotheses=["H4: REL -> SAT moderated by EMP"])
    d = res.to_dict()
    b = d["process"][0]
    assert b["scores"] == "factor" and b["roles"] == {"X": "REL", "Y": "SAT", "W": "EMP", "C1": "GENDER[2]",
                                                      "C2": "GENDER[3]"}
    fs = factor_scores(res.cfa, res.data)
    g = res.data["GENDER"].map(lambda v: None if pd.isna(v) else str(v))
    table = fs.assign(**{"GENDER[2]": (g == "2").astype(float).where(g.notna()),
                         "GENDER[3]": (g == "3").astype(float).where(g.notna())})
    r = research.process(table, 1, x="REL", y="SAT", w="EMP", covariates=["GENDER[2]", "GENDER[3]"], boot=0)
    row = r.coefficients.query("term == 'REL×EMP'").iloc[0]
    assert d["hypotheses"][0]["effect"] == pytest.approx(row["coeff"], rel=1e-10)
    assert d["hypotheses"][0]["supported"] is bool(row["ci.lower"] > 0 or row["ci.upper"] < 0)


def test_pls_decides_a_mediation_by_its_specific_indirect_effect():
    res = analyze(DATA, questionnaire="lsq5", method="pls", bootstrap=300, seed=3,
                  hypotheses=["H5: REL -> SAT -> LOY"])
    d = res.to_dict()
    e = d["hypotheses"][0]
    row = next(r for r in d["pls"]["bootstrap"]["tables"]["indirect"] if r["path"] == "REL → SAT → LOY")
    assert e["source"] == "pls" and e["effect"] == pytest.approx(row["estimate"], rel=1e-12)
    assert (e["ci.lower"], e["ci.upper"], e["boot.se"]) == pytest.approx(
        (row["ci.lower"], row["ci.upper"], row["sd"]), rel=1e-12)
    assert e["supported"] is (row["ci.lower"] > 0 or row["ci.upper"] < 0) and "process" in e["estimates"]
    assert d["process"][0]["id"] == "H5" and d["process"][0]["model"] == 4


def test_unknown_variables_are_refused_before_any_fit_and_reuse_needs_the_process_block(run):
    from research.analyze import AnalysisSpec, _reusable

    with pytest.raises(research.errors.OptionError) as info:
        analyze(DATA, questionnaire="lsq5", bootstrap=0, hypotheses=["H4: REL -> SAT moderated by INCOME"])
    assert "INCOME" in info.value.message("zh-Hant")
    res, d, _ = run
    spec = AnalysisSpec(**{**res.spec.to_dict(), "questionnaire": "lsq5", "hypotheses": HYPOTHESES,
                           "free": (), "controls": (), "screening": {}})
    sha = d["meta"]["data_sha256"]
    assert _reusable(d, spec, sha) is d
    assert _reusable({k: v for k, v in d.items() if k != "process"}, spec, sha) is None


def test_cli_analyze_prints_the_hypotheses_by_name(tmp_path, capsys):
    out = tmp_path / "res"
    assert main(["analyze", str(DATA), "-q", "lsq5", "--bootstrap", "0", "--lang", "zh-Hans", "--out", str(out),
                 "-H", "H4: REL -> SAT moderated by PLATFORM", "-H", "H5: REL -> SAT -> LOY"]) == 0
    printed = capsys.readouterr().out
    assert "H4: 可靠性 → 顾客满意度 × 您最常使用的网购平台: F(7, " in printed
    assert "H5: 可靠性 → 顾客满意度 → 顾客忠诚度: 间接效应 = " in printed and "Delta 法; CB-SEM" in printed
    d = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert [b["id"] for b in d["process"]] == ["H4", "H5"] and d["process"][1]["boot"] == 0
    assert d["hypotheses"][0]["test"] == "omnibus" and d["hypotheses"][0]["df1"] == 7
    from research.results_file import check_results, load_results

    assert d["process"][0]["se"] == "hc3" and check_results(d) is d        # the SE type is no damaged number
    assert load_results(out / "results.json")["process"] == d["process"]
    with pytest.raises(research.errors.DataError):
        check_results({**d, "process": [{**d["process"][0], "coefficients": [{"se": "0.12"}]}]})


def test_cli_process_end_to_end_and_process_json_round_trips(tmp_path, capsys):
    out = tmp_path / "proc"
    argv = ["process", str(DATA), "-q", "lsq5", "--model", "7", "--x", "REL", "--m", "SAT", "--y", "LOY", "--w", "EMP",
            "--boot", "500", "--seed", "1", "--out", str(out)]
    assert main([*argv, "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "PROCESS model 7 · n = 460 · HC3 standard errors · 500 bootstrap resamples (percentile bootstrap), " \
           "seed 1" in printed
    assert "X = Reliability (REL); M1 = Customer satisfaction (SAT); W = Empathy (EMP); Y = Customer loyalty (LOY)" \
        in printed
    assert "Reliability × Empathy" in printed and "Index of moderated mediation (Empathy): " in printed
    text = (out / "process.json").read_text(encoding="utf-8")
    d = json.loads(text)
    study = process_study(DATA, questionnaire="lsq5", model=7, x="REL", m=["SAT"], y="LOY", w="EMP", boot=500, seed=1)
    expected = json.loads(study.to_json())
    for k in ("meta",):
        d[k].pop("versions"), expected[k].pop("versions")
    _same(d, expected)
    assert d["meta"]["data_sha256"] == research.load_responses(DATA, "lsq5").source.sha256
    assert d["meta"]["seed"] == 1 and d["meta"]["spec"]["model"] == 7 and d["scores"] == "mean"
    # the numbers are PROCESS's on the mean item scores of the screened responses
    res = analyze(DATA, questionnaire="lsq5", bootstrap=0)
    scores = mean_scores(res.data, Structure.from_model(parse_model(res.meta["model"])))
    direct = research.process(scores, 7, x="REL", m=["SAT"], y="LOY", w="EMP", boot=500, seed=1)
    _same({k: d[k] for k in PROCESS_KEYS}, json.loads(json.dumps(direct.to_dict(), allow_nan=False)))
    # again in Traditional Chinese: the earlier process.json is replaced, names in the language
    assert main([*argv, "--lang", "zh-Hant"]) == 0
    printed = capsys.readouterr().out
    assert "PROCESS 模型 7" in printed and "可靠性 × 關懷性" in printed and "被調節的中介指標" in printed
    assert json.loads((out / "process.json").read_text(encoding="utf-8"))["indices"] == d["indices"]


def test_cli_process_errors(tmp_path, capsys):
    base = ["process", str(DATA), "-q", "lsq5", "--x", "REL", "--y", "LOY", "--boot", "0"]
    assert main([*base, "--m", "NOPE", "--lang", "zh-Hant"]) == 2
    err = capsys.readouterr().err
    assert "NOPE" in err and "請使用問卷中的構念" in err
    assert main([*base, "--model", "1", "--m", "SAT", "--lang", "en"]) == 2        # model 1 has no mediator
    assert "Models 1–3 have no mediator" in capsys.readouterr().err
    foreign = tmp_path / "process.json"
    foreign.write_text('{"mine": true}', encoding="utf-8")
    assert main([*base, "--m", "SAT", "--out", str(tmp_path), "--lang", "en"]) == 2   # not ours: refused
    assert foreign.read_text(encoding="utf-8") == '{"mine": true}'
    capsys.readouterr()
    # a plain CSV of variables: no questionnaire constructs, categorical text moderator, comma-separated lists
    plain = tmp_path / "plain.csv"
    import numpy as np

    rng = np.random.default_rng(1)
    x = rng.normal(size=200)
    m = 0.5 * x + rng.normal(size=200)
    pd.DataFrame({"x": x, "m": m, "y": 0.4 * m + rng.normal(size=200),
                  "shop": rng.choice(["JD", "Taobao"], size=200)}).to_csv(plain, index=False)
    model = tmp_path / "none.lav"
    model.write_text("F =~ x + m + y\n", encoding="utf-8")
    assert main(["process", str(plain), "--lavaan", str(model), "--model", "7", "--x", "x", "--m", "m", "--y", "y",
                 "--w", "shop", "--boot", "200", "--out", str(tmp_path / "p2"), "--lang", "en"]) == 0
    d = json.loads((tmp_path / "p2" / "process.json").read_text(encoding="utf-8"))
    assert d["levels"] == {"W": ["JD", "Taobao"]} and d["scores"] is None and d["n"] == 200
