"""research.analyze / `research analyze`: results.json against lavaan, semTools and psych, and recovery
of the sample study's population values."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from research.analyze import AnalysisSpec, Hypothesis, analyze
from research.cli import main
from research.errors import DataError, OptionError, ResearchError

from conftest import REFERENCE, ROOT

HS_MODEL = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"
PD_MODEL = """
ind60 =~ x1 + x2 + x3
dem60 =~ y1 + y2 + y3 + y4
dem65 =~ y5 + y6 + y7 + y8
dem60 ~ a*ind60
dem65 ~ c*ind60 + b*dem60
y1 ~~ y5
y2 ~~ y4 + y6
y3 ~~ y7
y4 ~~ y8
y6 ~~ y8
"""
FIT = ["chisq", "df", "pvalue", "cfi", "tli", "nfi", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "srmr", "gfi",
       "agfi", "aic", "bic", "logl"]


@pytest.fixture(scope="module")
def hs_result():
    return analyze(REFERENCE / "holzinger1939.csv", model=HS_MODEL, bootstrap=0).to_dict()


def test_holzinger_results_json_matches_r(hs_result, reference):
    ref = reference("holzinger1939")
    d = hs_result
    assert d["n"] == 301 and d["excluded"] == [] and d["sem"] is None
    for k in FIT:
        assert d["cfa"]["fit"][k] == pytest.approx(ref["fit_measures"][k], rel=1e-3, abs=1e-3), k
    refp = {(p["lhs"], p["op"], p["rhs"]): p for p in ref["parameters"]}
    assert len(d["cfa"]["parameters"]) == len(refp)
    for p in d["cfa"]["parameters"]:
        r = refp[(p["lhs"], p["op"], p["rhs"])]
        assert p["est"] == pytest.approx(r["est"], abs=1e-3)
        assert p["std.all"] == pytest.approx(r["std.all"], abs=1e-3)
        assert p["se"] == pytest.approx(r["se"], rel=1e-3, abs=1e-9)
    for factor, rel in ref["reliability"].items():
        got = d["reliability"][factor]
        assert got["alpha"] == pytest.approx(rel["alpha"]["raw_alpha"], abs=1e-6)
        assert got["alpha.ci.lower"] == pytest.approx(rel["alpha"]["feldt_ci_lower"], abs=1e-6)
        assert got["alpha.ci.upper"] == pytest.approx(rel["alpha"]["feldt_ci_upper"], abs=1e-6)
        assert got["omega"] == pytest.approx(rel["omega_compRelSEM"], abs=1e-3)
        assert got["cr"] == pytest.approx(rel["cr_std_loadings"], abs=1e-3)
        assert got["ave"] == pytest.approx(rel["ave_std_loadings"], abs=1e-3)
        assert got["items"] == rel["items"]
        for stat in ("alpha", "omega", "cr", "ave"):
            good, warn = got["thresholds"][stat]["pass"], got["thresholds"][stat]["warn"]
            expected = "pass" if got[stat] >= good else "warn" if got[stat] >= warn else "fail"
            assert got[f"{stat}.flag"] == expected
    # HS: visual's AVE is below .50 (a known weak factor), textual passes everything
    assert d["reliability"]["visual"]["ave.flag"] == "fail" and d["reliability"]["textual"]["ave.flag"] == "pass"
    for key, ref_key in (("htmt2", "htmt"), ("htmt", "htmt_htmt2_false")):
        m = ref[ref_key]
        for i, a in enumerate(m["rownames"]):
            for j, b in enumerate(m["colnames"]):
                assert d[key][a][b] == pytest.approx(m["values"][i][j], abs=1e-6)
    fl = d["fornell_larcker"]
    assert fl  # √AVE against the latent correlations
    lat = d["validity"]["latent_correlations"]
    assert lat["visual"]["textual"] == pytest.approx(refp[("visual", "~~", "textual")]["std.all"], abs=1e-3)
    json.dumps(d, allow_nan=False)


def test_political_democracy_sem_and_hypotheses(reference):
    ref = reference("political_democracy")
    res = analyze(REFERENCE / "political_democracy.csv", model=PD_MODEL, bootstrap=0,
                  hypotheses=["H1: ind60 -> dem60, +", "H2: dem60 -> dem65, -", "ind60 -> dem65"]).to_dict()
    for k in FIT:
        assert res["sem"]["fit"][k] == pytest.approx(ref["fit_measures"][k], rel=1e-3, abs=1e-3), k
    for var, r2 in ref["r2"].items():
        assert res["sem"]["r2"][var] == pytest.approx(r2, abs=1e-3)
    h = {x["id"]: x for x in res["hypotheses"]}
    refp = {(p["lhs"], p["op"], p["rhs"]): p for p in ref["parameters"]}
    a = refp[("dem60", "~", "ind60")]
    assert h["H1"]["est"] == pytest.approx(a["est"], abs=1e-3)
    assert h["H1"]["beta"] == pytest.approx(a["std.all"], abs=1e-3)
    assert h["H1"]["pvalue"] == pytest.approx(a["pvalue"], abs=1e-4)
    assert h["H1"]["supported"] is True
    assert h["H2"]["est"] > 0 and h["H2"]["supported"] is False  # positive path, hypothesised negative
    c = refp[("dem65", "~", "ind60")]
    assert h["H3"]["pvalue"] == pytest.approx(c["pvalue"], abs=1e-4)
    assert h["H3"]["supported"] is (c["pvalue"] < 0.05)


def test_sample_study_recovers_population_paths():
    """The seeded sample (datasets/README.md): SAT ← REL .30 is the strongest driver, LOY ← SAT .65."""
    res = analyze(ROOT / "datasets" / "lsq5_wjx_gbk.csv", questionnaire="lsq5", bootstrap=0).to_dict()
    assert res["n"] == 460 and len(res["excluded"]) == 40
    beta = {(p["lhs"], p["rhs"]): p for p in res["sem"]["parameters"] if p["op"] == "~"}
    population = {"ECO": .15, "RES": .20, "FLE": .10, "REL": .30, "EMP": .15}
    for driver, value in population.items():
        p = beta[("SAT", driver)]
        # std.all within 2.5 standard errors (SE of a standardised path ≈ se·std/est)
        se_std = p["se"] * abs(p["std.all"] / p["est"])
        assert abs(p["std.all"] - value) < 2.5 * se_std + 0.02, (driver, p["std.all"])
    assert beta[("LOY", "SAT")]["std.all"] == pytest.approx(0.65, abs=0.08)
    for construct, r in res["reliability"].items():
        assert 0.75 < r["alpha"] < 0.90 and 0.75 < r["cr"] < 0.90, construct
    assert res["sem"]["fit"]["cfi"] > 0.95 and res["sem"]["fit"]["rmsea"] < 0.05
    assert res["meta"]["data_sha256"] and res["meta"]["versions"]["semopy"]


def test_hypothesis_parsing():
    assert Hypothesis.parse("H1: ECO -> SAT, +") == Hypothesis("H1", "ECO", "SAT", "+")
    assert Hypothesis.parse("REL → SAT −", 4) == Hypothesis("H4", "REL", "SAT", "-")
    assert Hypothesis.parse({"from": "A", "to": "B"}, 2) == Hypothesis("H2", "A", "B", None)
    with pytest.raises(OptionError):
        Hypothesis.parse("ECO causes SAT")


def test_bad_specs_and_data_are_clear_errors(tmp_path):
    with pytest.raises(OptionError):
        AnalysisSpec()  # neither questionnaire nor model
    with pytest.raises(OptionError):
        AnalysisSpec(model=HS_MODEL, estimator="GLS")
    with pytest.raises(DataError) as err:
        analyze(REFERENCE / "holzinger1939.csv", model="F =~ x1 + x2 + nothere")
    assert "nothere" in err.value.message("en")
    with pytest.raises(OptionError):
        analyze(REFERENCE / "holzinger1939.csv", model=HS_MODEL, hypotheses=["visual -> speed"])
    with pytest.raises(OptionError):
        analyze(REFERENCE / "holzinger1939.csv", model="x1 =~ __import__('os').system('touch pwned')")
    assert not Path("pwned").exists()


def test_cli_analyze_writes_results_json(tmp_path, capsys):
    model = tmp_path / "hs.lav"
    model.write_text(HS_MODEL, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(REFERENCE / "holzinger1939.csv"), "--model", str(model), "--out", str(out),
                 "--lang", "en", "--bootstrap", "0"]) == 0
    printed = capsys.readouterr().out
    assert "χ²(24) = 85.31" in printed and "CFI = .931" in printed
    d = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert set(d) >= {"n", "excluded", "reliability", "htmt", "htmt2", "fornell_larcker", "cfa", "sem",
                      "regression", "hypotheses", "warnings", "meta"}
    assert main(["analyze", str(REFERENCE / "holzinger1939.csv"), "--model", str(tmp_path / "no.lav")]) == 2


def test_regression_block_reproduces_ols_on_mean_scores():
    import numpy as np
    import pandas as pd

    res = analyze(REFERENCE / "political_democracy.csv", model=PD_MODEL, bootstrap=0)
    d = res.to_dict()
    assert [r["outcome"] for r in d["regression"]] == ["dem60", "dem65"]
    raw = pd.read_csv(REFERENCE / "political_democracy.csv")
    scores = pd.DataFrame({"ind60": raw[["x1", "x2", "x3"]].mean(axis=1),
                           "dem60": raw[["y1", "y2", "y3", "y4"]].mean(axis=1),
                           "dem65": raw[["y5", "y6", "y7", "y8"]].mean(axis=1)})
    X = np.column_stack([np.ones(len(scores)), scores["ind60"], scores["dem60"]])
    b, *_ = np.linalg.lstsq(X, scores["dem65"].to_numpy(), rcond=None)
    coef = {c["term"]: c for c in d["regression"][1]["coefficients"]}
    assert coef["ind60"]["b"] == pytest.approx(b[1], rel=1e-9)
    assert coef["dem60"]["b"] == pytest.approx(b[2], rel=1e-9)


def test_effects_and_bootstrap_in_results_json(reference):
    from research.bootstrap import bootstrap
    from research.sem import fit_sem

    ref = reference("political_democracy")
    res = analyze(REFERENCE / "political_democracy.csv", model=PD_MODEL, bootstrap=300, seed=7,
                  hypotheses=["H1: ind60 -> dem65, +"])
    d = res.to_dict()
    rows = {(e["from"], e["to"], e["type"]): e for e in d["sem"]["effects"]}
    ind = rows[("ind60", "dem65", "indirect")]
    assert ind["via"] == ["dem60"]
    assert ind["est"] == pytest.approx(ref["indirect_effect"]["indirect"]["est"], rel=1e-3)
    assert ind["se"] == pytest.approx(ref["indirect_effect"]["indirect"]["se_delta"], rel=1e-3)
    assert ind["ci.method"] == "percentile" and d["sem"]["bootstrap"]["n_boot"] == 300
    # the CIs are those of research.bootstrap with the same seed, exactly
    import pandas as pd

    data = pd.read_csv(REFERENCE / "political_democracy.csv")
    boot = bootstrap(fit_sem(PD_MODEL, data, start="simple"), data, n_boot=300, seed=7)
    b = boot.effects
    b = b[(b["from"] == "ind60") & (b["to"] == "dem65") & (b["type"] == "indirect")].iloc[0]
    assert (ind["ci.lower"], ind["ci.upper"]) == (b["boot.ci.lower"], b["boot.ci.upper"])
    h = d["hypotheses"][0]
    assert h["path"] == "direct" and h["ci.method"] == "percentile"
    assert h["supported"] is (h["ci.lower"] > 0)
    assert d["meta"]["seed"] == 7


def test_unseeded_bootstrap_records_its_seed():
    res = analyze(REFERENCE / "political_democracy.csv", model=PD_MODEL, bootstrap=20)
    seed = res.to_dict()["meta"]["seed"]
    assert isinstance(seed, int)
    again = analyze(REFERENCE / "political_democracy.csv", model=PD_MODEL, bootstrap=20, seed=seed)
    assert res.to_dict()["sem"]["effects"] == again.to_dict()["sem"]["effects"]


def test_hypothesis_on_an_indirect_only_path_uses_the_total_effect():
    model = "ind60 =~ x1 + x2 + x3\ndem60 =~ y1 + y2 + y3 + y4\ndem65 =~ y5 + y6 + y7 + y8\n" \
            "dem60 ~ ind60\ndem65 ~ dem60\n"
    d = analyze(REFERENCE / "political_democracy.csv", model=model, bootstrap=0,
                hypotheses=["H9: ind60 -> dem65, +"]).to_dict()
    h = d["hypotheses"][0]
    assert h["path"] == "total" and h["via"] == ["dem60"]
    a = next(p for p in d["sem"]["parameters"] if p["lhs"] == "dem60" and p["op"] == "~")
    b = next(p for p in d["sem"]["parameters"] if p["lhs"] == "dem65" and p["op"] == "~")
    assert h["est"] == pytest.approx(a["est"] * b["est"], rel=1e-9)


def test_fiml_and_mlr_reach_the_engine():
    """--missing fiml and --estimator MLR are used, not ignored: the numbers are lavaan's (reference files)."""
    extra = json.loads((REFERENCE / "holzinger1939_extra.json").read_text())
    d = analyze(REFERENCE / "holzinger1939_missing.csv", model=HS_MODEL, missing="fiml", bootstrap=0).to_dict()
    assert d["cfa"]["n"] == 301 and d["cfa"]["missing"] == "fiml"
    assert d["cfa"]["fit"]["chisq"] == pytest.approx(extra["fiml"]["fit_measures"]["chisq"], rel=1e-6)
    hs = json.loads((REFERENCE / "holzinger1939.json").read_text())
    d = analyze(REFERENCE / "holzinger1939.csv", model=HS_MODEL, estimator="MLR", bootstrap=0).to_dict()
    assert d["cfa"]["fit"]["cfi.robust"] == pytest.approx(hs["mlr"]["fit_measures"]["cfi.robust"], abs=1e-6)
    # WLSMV treats every item as ordered (issue 19): Holzinger's continuous scores are refused, naming the value
    with pytest.raises(ResearchError, match="whole-number category codes"):
        analyze(REFERENCE / "holzinger1939.csv", model=HS_MODEL, estimator="WLSMV", bootstrap=0)
    with pytest.raises(OptionError):
        analyze(REFERENCE / "holzinger1939.csv", model=HS_MODEL, estimator="WLS", bootstrap=0)


def test_jsonable_turns_results_into_plain_json():
    import numpy as np
    import pandas as pd

    from research.jsonsafe import jsonable

    value = {"a": np.float64("nan"), "b": np.int64(3), "c": [np.inf, 1.5, pd.NA, pd.NaT],
             "d": pd.Series({"x": np.float32(0.5)}), "e": pd.Timestamp("2026-09-03 12:00"),
             "f": pd.DataFrame({"u": [1.0, np.nan]}, index=["r1", "r2"]), "g": np.array([True, False])}
    assert jsonable(value) == {"a": None, "b": 3, "c": [None, 1.5, None, None], "d": {"x": 0.5},
                               "e": "2026-09-03T12:00:00",
                               "f": {"rownames": ["r1", "r2"], "colnames": ["u"], "values": [[1.0], [None]]},
                               "g": [True, False]}
    json.dumps(jsonable(value), allow_nan=False)


@pytest.fixture(scope="module")
def sample_with_controls():
    return analyze(ROOT / "datasets" / "lsq5_wjx_gbk.csv", questionnaire="lsq5", bootstrap=0,
                   controls=("GENDER", "AGE"))


def _ols_r2(y, X):
    import numpy as np

    X = np.column_stack([np.ones(len(y)), X])
    b, *_ = np.linalg.lstsq(X, y, rcond=None)
    e = y - X @ b
    return 1 - (e @ e) / ((y - y.mean()) @ (y - y.mean()))


def test_controls_give_a_hierarchical_regression_with_dummies(sample_with_controls):
    import numpy as np
    import pandas as pd

    res = sample_with_controls
    sat = next(e for e in res.to_dict()["regression"] if e["outcome"] == "SAT")
    assert sat["controls"] == ["GENDER", "AGE"] and sat["scores"] == "mean"
    terms = [c["term"] for c in sat["coefficients"]]
    # single-choice segments are dummy-coded against their most frequent level
    assert any(t.startswith("GENDER[") for t in terms) and any(t.startswith("AGE[") for t in terms)
    assert "GENDER" not in terms
    # step 1 = controls only, step 2 adds the five LSQ dimensions: check both R² by plain least squares
    frame = res.data
    scores = pd.DataFrame({c: frame[[f"{c}{i}" for i in range(1, 5 if c != "SAT" else 4)]].mean(axis=1)
                           for c in ("ECO", "RES", "FLE", "REL", "EMP", "SAT")})
    dummies = pd.get_dummies(frame[["GENDER", "AGE"]].astype("category"), drop_first=False).astype(float)
    ref_levels = {f"GENDER_{sat['reference']['GENDER']}", f"AGE_{sat['reference']['AGE']}"}
    dummies = dummies[[c for c in dummies.columns if c not in ref_levels]]
    ok = scores.notna().all(axis=1) & frame[["GENDER", "AGE"]].notna().all(axis=1)
    assert sat["n"] == int(ok.sum())
    y = scores.loc[ok, "SAT"].to_numpy()
    r2_1 = _ols_r2(y, dummies.loc[ok].to_numpy())
    r2_2 = _ols_r2(y, np.column_stack([dummies.loc[ok].to_numpy(),
                                       scores.loc[ok, ["ECO", "RES", "FLE", "REL", "EMP"]].to_numpy()]))
    h = sat["hierarchical"]
    assert h["blocks"] == [["GENDER", "AGE"], ["ECO", "RES", "FLE", "REL", "EMP"]]
    assert h["r2"][0] == pytest.approx(r2_1, abs=1e-10)
    assert h["r2"][1] == pytest.approx(r2_2, abs=1e-10) and sat["r2"] == pytest.approx(r2_2, abs=1e-10)
    assert h["changes"][1]["r2_change"] == pytest.approx(r2_2 - r2_1, abs=1e-10)
    df1, df2 = 5, sat["n"] - (dummies.shape[1] + 5) - 1
    f_change = ((r2_2 - r2_1) / df1) / ((1 - r2_2) / df2)
    assert h["changes"][1]["f_change"] == pytest.approx(f_change, rel=1e-9)
    assert h["changes"][1]["df2"] == df2


def test_factor_scores_option_regresses_on_cfa_scores():
    import numpy as np

    from research.sem import factor_scores

    res = analyze(REFERENCE / "political_democracy.csv", model=PD_MODEL, bootstrap=0, scores="factor")
    d = res.to_dict()
    scores = factor_scores(res.cfa, res.data)
    dem65 = d["regression"][1]
    assert dem65["outcome"] == "dem65" and dem65["scores"] == "factor"
    X = np.column_stack([np.ones(len(scores)), scores["ind60"], scores["dem60"]])
    b, *_ = np.linalg.lstsq(X, scores["dem65"].to_numpy(), rcond=None)
    coef = {c["term"]: c["b"] for c in dem65["coefficients"]}
    assert coef["ind60"] == pytest.approx(b[1], rel=1e-9) and coef["dem60"] == pytest.approx(b[2], rel=1e-9)
    # the regression tables say which scores they used (a mean-score run says mean item scores), with the citation
    from research import report
    from research.report.tables import regressions

    assert regressions(d, "en")[1].note.endswith("Construct scores are CFA factor scores (regression method; "
                                                 "Thurstone, 1935).")
    assert "Thurstone, L. L. (1935). *The vectors of mind" in report(d, "en", format="md", figures=False)
    mean = analyze(REFERENCE / "political_democracy.csv", model=PD_MODEL, bootstrap=0).to_dict()
    assert regressions(mean, "zh-Hant")[1].note.endswith("構念分數為題目平均分數。")
    assert "Thurstone" not in report(mean, "en", format="md", figures=False)


def test_bad_controls_and_scores_are_refused():
    with pytest.raises(DataError) as info:
        analyze(REFERENCE / "political_democracy.csv", model=PD_MODEL, bootstrap=0, controls=("INCOME",))
    assert "INCOME" in info.value.message("en")
    with pytest.raises(OptionError):
        analyze(REFERENCE / "political_democracy.csv", model=PD_MODEL, bootstrap=0, scores="pca")
    with pytest.raises(OptionError):
        analyze(REFERENCE / "political_democracy.csv", model=PD_MODEL, bootstrap=0, controls="GENDER")


def test_cli_controls_and_factor_scores(tmp_path):
    out = tmp_path / "res"
    assert main(["analyze", str(ROOT / "datasets" / "lsq5_wjx_gbk.csv"), "-q", "lsq5", "--bootstrap", "0",
                 "--control", "PLATFORM", "--scores", "factor", "--out", str(out)]) == 0
    d = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert d["meta"]["spec"]["controls"] == ["PLATFORM"] and d["meta"]["spec"]["scores"] == "factor"
    loy = next(e for e in d["regression"] if e["outcome"] == "LOY")
    assert loy["controls"] == ["PLATFORM"] and len(loy["hierarchical"]["changes"]) == 2


def test_research_analyze_is_the_entry_point():
    import research

    assert research.analyze is analyze and research.AnalysisSpec is AnalysisSpec
    d = research.analyze(REFERENCE / "holzinger1939.csv", model=HS_MODEL, bootstrap=0).to_dict()
    assert d["cfa"]["fit"]["df"] == 24


def test_descriptives_are_the_mean_scores():
    import pandas as pd

    d = analyze(REFERENCE / "political_democracy.csv", model=PD_MODEL, bootstrap=0).to_dict()
    raw = pd.read_csv(REFERENCE / "political_democracy.csv")
    dem60 = raw[["y1", "y2", "y3", "y4"]].mean(axis=1)
    assert d["descriptives"]["dem60"]["mean"] == pytest.approx(dem60.mean(), rel=1e-12)
    assert d["descriptives"]["dem60"]["sd"] == pytest.approx(dem60.std(ddof=1), rel=1e-12)
    assert d["descriptives"]["dem60"]["n"] == 75


def test_segments_added_by_reusing_an_analysis_equal_a_full_run():
    """research.analyze(reuse=…) (what the app does when a segment column is chosen): the bootstrap, the
    diagnostics, the method-bias checks and the hypotheses are taken over, the rest computed — the results
    are the full grouped run's, number for number; other data or options are never reused."""
    import json
    from dataclasses import replace

    from research.analyze import _reusable

    data = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
    opts = dict(questionnaire="lsq5", bootstrap=60, seed=11, hypotheses=("H1: REL -> SAT, +",))
    base = analyze(data, **opts).to_dict()
    full = analyze(data, group="PLATFORM", **opts).to_dict()
    fast = analyze(data, group="PLATFORM", reuse=base, **opts).to_dict()
    for d in (full, fast):
        d["sem"]["bootstrap"].pop("seconds")
        d["meta"].pop("versions")
    assert fast["sem"]["bootstrap"]["n_boot"] == 60 and fast["invariance"]["measurement"]
    for key in full:
        if key != "warnings":
            assert json.dumps(fast[key], sort_keys=True) == json.dumps(full[key], sort_keys=True), key
    assert sorted(map(repr, fast["warnings"])) == sorted(map(repr, full["warnings"]))
    # the same data and options (FIML: the sample has missing answers) are reused; another seed or other data not
    same = AnalysisSpec(**{**opts, "missing": "fiml"})
    sha = base["meta"]["data_sha256"]
    assert _reusable(base, same, sha) is base
    assert _reusable(base, replace(same, seed=12), sha) is None and _reusable(base, same, "0" * 64) is None
    # one file mapped two ways has one hash: what the run computed before the bootstrap must agree too
    mine = {"n": base["n"], "descriptives": base["descriptives"], "sem_fit": base["sem"]["fit"]}
    assert _reusable(base, same, sha, mine) is base
    assert _reusable(base, same, sha, {**mine, "n": base["n"] - 1}) is None
    assert _reusable(base, same, sha, {**mine, "sem_fit": {**base["sem"]["fit"], "chisq": 1.0}}) is None


def test_questions_without_a_column_leave_the_questionnaires_model_with_a_warning():
    """A question set aside in the mapping (or never matched) is left out of the questionnaire's model, with a
    warning naming it in three languages; a model written by the user still needs every variable."""
    import research

    data = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
    q = research.load_questionnaire("lsq5")
    column = next(m.column for m in research.load_responses(data, q).mapping.matches if m.item == "ECO1")
    d = analyze(data, questionnaire="lsq5", mapping={column: None}, bootstrap=0).to_dict()
    note = next(w for w in d["warnings"] if w["code"] == "items_without_column")
    assert note["items"] == ["ECO1"] and "ECO1" in note["en"] and "ECO1" in note["zh-Hant"]
    assert d["reliability"]["ECO"]["items"] == ["ECO2", "ECO3", "ECO4"] and "ECO =~ ECO2" in d["meta"]["model"]
    assert {(r["lhs"], r["rhs"]) for r in d["cfa"]["parameters"] if r["op"] == "=~" and r["lhs"] == "ECO"} == {
        ("ECO", "ECO2"), ("ECO", "ECO3"), ("ECO", "ECO4")}
    without_sat = q.without(["SAT1", "SAT2", "SAT3"])
    assert [c.id for c in without_sat.constructs] == ["ECO", "RES", "FLE", "REL", "EMP", "LOY"]
    with pytest.raises(DataError):
        analyze(data, questionnaire="lsq5", model=q.lavaan(), mapping={column: None}, bootstrap=0)
