"""research.analyze / research analyze / the app with ordered items (issue 19 points 2, 3 and 6): WLSMV through the
whole pipeline.

References: lavaan 0.6-14 and semTools 0.5-6 numbers of ``tests/reference/ordinal.json`` (made by
``tests/reference/ordinal.R``; data ``ordinal_*.csv`` beside it: the complete cases of ``datasets/lsq5_sample.csv``
on its 27 items with REL4 reverse-coded, as ``research.load_responses`` recodes it).  Every fit here is also
compared with :func:`research.sem.fit_sem` / :func:`research.sem.wls_bootstrap.wls_bootstrap` /
:func:`research.ordinal_reliability.ordinal_reliability` called directly on the same rows: analyze must add
nothing and lose nothing.  Tolerances: lavaan's optimizer stops ~1e-6 from the optimum on the 20+-item models
(see tests/test_wls.py), so estimates are compared within 1e-5, fit measures within 1e-6 (relative to max(1, |x|)).
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT
from research import analyze
from research.errors import ResearchError

REF = json.loads((ROOT / "tests" / "reference" / "ordinal.json").read_text(encoding="utf-8"))
MODELS = {m["name"]: m for m in REF["models"]}
INVARIANCE = {m["name"]: m for m in REF["invariance_models"]}
REFDIR = ROOT / "tests" / "reference"
SAMPLE = ROOT / "datasets" / "lsq5_sample.csv"
LANGS = ("zh-Hans", "zh-Hant", "en")
FIT_KEYS = ("chisq", "df", "chisq.scaled", "df.scaled", "pvalue.scaled", "chisq.scaling.factor", "cfi.robust",
            "tli.robust", "rmsea.robust", "rmsea.ci.lower.robust", "rmsea.ci.upper.robust", "srmr", "cfi.scaled")


def _close(a, b, tol=1e-6) -> bool:
    if b is None:                     # lavaan's NA (e.g. no robust indices with continuous variables mixed in)
        return a is None
    return abs(a - b) <= tol * max(1.0, abs(b))


def _rows(params) -> dict:
    return {(r["lhs"], r["op"], r["rhs"]): r for r in params}


def _check_params(got: list, ref: list, tol: float) -> None:
    mine = _rows(got)
    for r in ref:
        if r["op"] in ("~*~", "~1") or (r["op"] == "~~" and r["lhs"] == r["rhs"] and r["free"] == 0):
            continue                          # fixed scale rows of the delta parameterization
        q = mine[(r["lhs"], r["op"], r["rhs"])]
        for col in ("est", "se", "std.all"):
            if r[col] is not None and q.get(col) is not None:
                assert _close(q[col], r[col], tol), (r["lhs"], r["op"], r["rhs"], col, q[col], r[col])


def _check_fit(fit: dict, ref: dict) -> None:
    for k in FIT_KEYS:
        assert _close(fit[k], ref[k]), (k, fit[k], ref[k])


# ----------------------------------------------------------------------------------------------------------------
# the mediation SEM on the survey export (the questionnaire's loader recodes REL4; screening off, listwise)
# ----------------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def mediation():
    res = analyze(SAMPLE, questionnaire="lsq5", model=MODELS["sem_mediation"]["syntax"], screen=False,
                  estimator="WLSMV", missing="listwise", bootstrap=0, seed=1,
                  hypotheses=["H1: EMP -> SAT, +", "H2: ECO -> LOY, +"])
    return res, json.loads(res.to_json())


def test_sem_matches_lavaan_and_fit_sem(mediation):
    from research.sem import fit_sem

    res, d = mediation
    m = MODELS["sem_mediation"]
    assert d["sem"]["n"] == m["n"] == 365 and d["sem"]["estimator"] == "WLSMV"
    _check_params(d["sem"]["parameters"], m["partable"], 1e-5)
    _check_fit(d["sem"]["fit"], m["fit"])
    direct = fit_sem(m["syntax"], pd.read_csv(REFDIR / "ordinal_lsq5.csv"), estimator="WLSMV", ordered=True)
    assert np.allclose(res.sem.parameters["est"], direct.parameters["est"], rtol=0, atol=1e-10)
    assert d["sem"]["fit"]["chisq.scaled"] == pytest.approx(direct.fit["chisq.scaled"], rel=1e-10)
    assert d["sem"]["test"]["scaled.shifted"]["stat"] == pytest.approx(m["test"][1]["stat"], rel=1e-6)
    assert d["sem"]["parameterization"] == "delta" and len(d["sem"]["ordered"]) == 27


def test_indirect_effects_carry_the_robust_delta_method(mediation):
    """The effects table's specific indirect effects are lavaan's ``ind_* := a*b`` rows: est, robust delta-method
    SE and std.all; without a bootstrap the CI is the Wald CI est ± 1.96 SE."""
    _, d = mediation
    ref = {r["lhs"]: r for r in MODELS["sem_mediation"]["partable"] if r["op"] == ":="}
    rows = {e["from"]: e for e in d["sem"]["effects"] if e["type"] == "indirect" and e["to"] == "LOY"}
    for x in ("ECO", "RES", "FLE", "REL", "EMP"):
        r, e = ref[f"ind_{x}"], rows[x]
        assert e["via"] == ["SAT"] and e["ci.method"] == "delta"
        assert _close(e["est"], r["est"], 1e-5) and _close(e["se"], r["se"], 1e-5) and _close(e["std"], r["std.all"], 1e-5)
        assert e["ci.lower"] == pytest.approx(e["est"] - 1.959963984540054 * e["se"], rel=1e-9)
    h2 = next(h for h in d["hypotheses"] if h["id"] == "H2")      # no ECO → LOY path: the total effect
    assert h2["path"] == "direct"


def test_results_state_the_estimation(mediation):
    """results.json says estimator, parameterization, ordered and continuous variables, the missing-data
    handling (in three languages) and N (point 3)."""
    _, d = mediation
    e = d["estimation"]
    assert e["estimator"] == "WLSMV" and e["parameterization"] == "delta" and e["missing"] == "listwise"
    assert e["ordered"] == MODELS["sem_mediation"]["ordered"] and e["continuous"] == []
    assert e["n"] == 365 and e["rows_dropped"] == 500 - 365
    assert set(e["missing_note"]) == set(LANGS)
    assert d["meta"]["spec"]["estimator"] == "WLSMV" and d["meta"]["spec"]["ordered"] == e["ordered"]
    # ML-only steps left out with their reason, never silently computed
    for part in (d["diagnostics"]["mardia"], d["method_bias"]["single_factor"], d["method_bias"]["method_factor"]):
        assert set(part["not_applicable"]) == set(LANGS) and "WLSMV" in part["not_applicable"]["en"]


def test_local_fit_diagnostics_are_those_of_the_wlsmv_fit(mediation):
    """Modification indices and residuals of the CFA and the SEM are research.sem's WLSMV ones (tested against
    lavaan in test_wls_modindices.py): the 10 largest indices, the residual correlations, the standardized
    residuals beyond 2.58."""
    from research.sem import largest_residuals, modindices, residuals

    res, d = mediation
    for which, fit in (("cfa", res.cfa), ("sem", res.sem)):
        block = d["diagnostics"][which]
        want = modindices(fit, max_rows=10)
        assert [(r["lhs"], r["op"], r["rhs"]) for r in block["modindices"]] == list(zip(want.lhs, want.op, want.rhs))
        assert [r["mi"] for r in block["modindices"]] == pytest.approx(list(want["mi"]), rel=1e-12)
        z = residuals(fit, "standardized").cov
        assert np.array(block["residuals"]["standardized"]["cov"]["values"], dtype=float) == pytest.approx(
            z.to_numpy(), rel=1e-12)
        big = largest_residuals(fit)
        assert len(block["largest_residuals"]) == len(big) and all(abs(r["standardized"]) > 2.58
                                                                    for r in block["largest_residuals"])


def test_reliability_is_ordinal_on_the_wlsmv_cfa(mediation):
    """Ordinal α equals psych::alpha on lavCor's polychoric matrix (reference, same 365 rows); categorical ω,
    CR and AVE equal research.ordinal_reliability on the analysis' own CFA (7 factors)."""
    from research.ordinal_reliability import ordinal_reliability

    res, d = mediation
    for f, ref in REF["reliability"]["factors"].items():
        assert d["reliability"][f]["alpha.ordinal"] == pytest.approx(ref["ordinal_alpha_psych"], abs=1e-6)
    frame = res.data.dropna(subset=MODELS["sem_mediation"]["ordered"])
    scales = {f: r["items"] for f, r in d["reliability"].items()}
    direct = ordinal_reliability(frame, scales, fit=res.cfa)
    for f in scales:
        r = d["reliability"][f]
        assert r["omega.type"] == "categorical" and r["basis"] == "WLSMV"
        assert r["omega"] == pytest.approx(direct.loc[f, "omega_categorical"], rel=1e-12)
        assert r["cr"] == pytest.approx(direct.loc[f, "cr"], rel=1e-12)
        assert r["ave"] == pytest.approx(direct.loc[f, "ave"], rel=1e-12)
        assert r["alpha"] == pytest.approx(direct.loc[f, "alpha"], rel=1e-12)      # Cronbach's α kept beside


# ----------------------------------------------------------------------------------------------------------------
# the CFA of lavaan's cfa_lsq5: loadings, reliability against semTools, HTMT on the polychoric matrix
# ----------------------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def cfa_run():
    data = pd.read_csv(REFDIR / "ordinal_lsq5.csv")
    return json.loads(analyze(data, model=MODELS["cfa_lsq5"]["syntax"], estimator="WLSMV", bootstrap=0).to_json())


def test_cfa_matches_lavaan_and_semtools(cfa_run):
    d = cfa_run
    m = MODELS["cfa_lsq5"]
    assert d["sem"] is None and d["cfa"]["n"] == 365
    _check_params(d["cfa"]["parameters"], m["partable"], 1e-5)
    _check_fit(d["cfa"]["fit"], m["fit"])
    for f, ref in REF["reliability"]["factors"].items():
        r = d["reliability"][f]
        assert r["omega"] == pytest.approx(ref["omega_categorical_semtools"], abs=1e-6)
        assert r["omega.latent"] == pytest.approx(ref["omega_latent_response_semtools"], abs=1e-6)
        assert r["cr"] == pytest.approx(ref["cr"], abs=1e-6) and r["ave"] == pytest.approx(ref["ave_semtools"], abs=1e-6)
    # latent correlations: lavaan's std.all of the factor covariances
    for r in m["partable"]:
        if r["op"] == "~~" and r["lhs"] != r["rhs"]:
            assert d["validity"]["latent_correlations"][r["lhs"]][r["rhs"]] == pytest.approx(r["std.all"], abs=1e-5)


def test_htmt_is_computed_on_the_polychoric_correlations(cfa_run):
    """HTMT (Henseler et al. 2015) and HTMT2 (geometric means) by hand from lavaan's polychoric matrix of the
    reference (sampstat cov of cfa_lsq5)."""
    d = cfa_run
    m = MODELS["cfa_lsq5"]
    names = m["sampstat"]["cov_names"] if "cov_names" in m["sampstat"] else m["ov_names"]
    R = pd.DataFrame(np.abs(np.asarray(m["sampstat"]["cov"], dtype=float)), index=names, columns=names)
    a, b = ["ECO1", "ECO2", "ECO3", "ECO4"], ["REL1", "REL2", "REL3", "REL4"]

    def mono(block, mean):
        x = R.loc[block, block].to_numpy()
        return mean(x[np.triu_indices(4, 1)])

    hetero = R.loc[a, b].to_numpy().ravel()
    htmt = hetero.mean() / np.sqrt(mono(a, np.mean) * mono(b, np.mean))
    geo = lambda v: float(np.exp(np.mean(np.log(v))))                               # noqa: E731
    htmt2 = geo(hetero) / np.sqrt(mono(a, geo) * mono(b, geo))
    assert d["validity"]["htmt_basis"] == "polychoric"
    assert d["htmt"]["ECO"]["REL"] == pytest.approx(htmt, abs=1e-9)
    assert d["htmt2"]["REL"]["ECO"] == pytest.approx(htmt2, abs=1e-9)


def test_htmt_matches_semtools_with_ordered_items(cfa_run):
    """semTools::htmt(model, data, ordered = items) on the same 365 responses (tests/reference/htmt_ordinal.R):
    every HTMT and HTMT2 of the five dimensions."""
    ref = json.loads((REFDIR / "htmt_ordinal.json").read_text(encoding="utf-8"))
    assert ref["n"] == cfa_run["cfa"]["n"] == 365
    pairs = [(a, b) for a in ref["htmt"] for b in ref["htmt"][a] if a != b]
    assert len(pairs) == 20
    for key in ("htmt", "htmt2"):
        for a, b in pairs:
            assert cfa_run[key][a][b] == pytest.approx(ref[key][a][b], abs=1e-7), (key, a, b)


# ----------------------------------------------------------------------------------------------------------------
# ordered subsets, pairwise deletion, invariance, bootstrap
# ----------------------------------------------------------------------------------------------------------------
def test_mixed_ordered_and_continuous():
    """ordered=[y1…y4]: x1–x3 stay continuous (polyserial correlations) as lavaan's ``mixed`` model; the
    continuous factor gets no ordinal coefficients, with the reason."""
    m = MODELS["mixed"]
    d = json.loads(analyze(pd.read_csv(REFDIR / "ordinal_mixed.csv"), model=m["syntax"], estimator="WLSMV",
                           ordered=m["ordered"], bootstrap=0).to_json())
    _check_params(d["sem"]["parameters"], m["partable"], 1e-6)
    _check_fit(d["sem"]["fit"], m["fit"])
    assert d["estimation"]["ordered"] == m["ordered"] and d["estimation"]["continuous"] == ["x1", "x2", "x3"]
    f1 = d["reliability"]["F1"]
    assert f1["omega"] is None and "ordered" in f1["not_applicable"]["omega"]["en"]
    assert d["reliability"]["F2"]["omega"] is not None


def test_pairwise_deletion_as_lavaan():
    m = MODELS["pairwise"]
    data = pd.read_csv(REFDIR / "ordinal_pairwise.csv")
    d = json.loads(analyze(data, model=m["syntax"], estimator="WLSMV", missing="pairwise", bootstrap=0).to_json())
    _check_params(d["cfa"]["parameters"], m["partable"], 1e-6)
    _check_fit(d["cfa"]["fit"], m["fit"])
    e = d["estimation"]
    seen = data[m["ov_names"]].notna().to_numpy(dtype=int)
    pairs = (seen.T @ seen)[np.triu_indices(7, 1)]
    assert e["missing"] == "pairwise" and e["n_pairwise"] == {"min": int(pairs.min()), "max": int(pairs.max())}
    assert "N per pair varies" in e["missing_note"]["en"] and "成對刪除" in e["missing_note"]["zh-Hant"]


def test_factor_scores_are_lavaans_ebm_scores():
    """scores="factor" under ULSMV: the regressions run on the measurement model's EBM factor scores (lavaan's
    lavPredict for ordered items; tests/reference/wls_scores.json, model "ulsmv": the same items, rows and
    estimator), not on mean scores with a warning as before."""
    from research.sem import factor_scores

    ref = next(m for m in json.loads((REFDIR / "wls_scores.json").read_text())["models"] if m["name"] == "ulsmv")
    data = pd.read_csv(REFDIR / ref["data"])
    res = analyze(data, model=ref["syntax"] + "\nLOY ~ SAT", estimator="ULSMV", bootstrap=0, scores="factor")
    d = json.loads(res.to_json())
    assert not [w for w in d["warnings"] if w["code"] == "factor_scores_failed"]
    scores = factor_scores(res.cfa, res.data)
    rows = np.asarray(ref["rows"]) - 1
    np.testing.assert_allclose(scores.iloc[rows][ref["lv_names"]].to_numpy(), ref["nlminb"], atol=5e-4)
    loy = next(r for r in d["regression"] if r["outcome"] == "LOY")
    assert loy["scores"] == "factor"
    X = np.column_stack([np.ones(len(scores)), scores["SAT"]])
    b, *_ = np.linalg.lstsq(X, scores["LOY"].to_numpy(), rcond=None)
    assert {c["term"]: c["b"] for c in loy["coefficients"]}["SAT"] == pytest.approx(b[1], rel=1e-9)
    # the regression table says what the scores are, and the reference list carries the citation
    from research import report
    from research.report.tables import regressions

    assert "empirical Bayes modal, as lavaan's lavPredict; Rosseel, 2012" in regressions(d, "en")[0].note
    assert "经验贝叶斯众数法" in regressions(d, "zh-Hans")[0].note and "經驗貝氏眾數法" in regressions(d, "zh-Hant")[0].note
    assert "Rosseel, Y. (2012). lavaan" in report(d, "en", format="md", figures=False)


def test_rows_left_unscored_are_named_in_a_warning(monkeypatch):
    """A respondent whose EBM iteration does not converge (forced here for data rows 3 and 7: none is known on
    real data) gets no factor score; analyze names those rows in three languages and regresses on the others,
    where before they were dropped without a word."""
    from research.sem import wls_scores

    ref = next(m for m in json.loads((REFDIR / "wls_scores.json").read_text())["models"] if m["name"] == "ulsmv")
    data = pd.read_csv(REFDIR / ref["data"])
    real = wls_scores._modes

    def stalls(args, n, m):          # the first block holds every answered row, in order: rows 3 and 7 fail
        eta = real(args, n, m)
        eta[[2, 6]] = np.nan
        return eta

    monkeypatch.setattr(wls_scores, "_modes", stalls)
    res = analyze(data, model=ref["syntax"] + "\nLOY ~ SAT", estimator="ULSMV", bootstrap=0, scores="factor")
    d = json.loads(res.to_json())
    [w] = [w for w in d["warnings"] if w["code"] == "factor_scores_unscored"]
    assert w["where"] == "regression" and "2 respondent(s)" in w["en"] and "(data rows 3, 7)" in w["en"]
    assert "有 2 份答卷" in w["zh-Hans"] and "数据行 3, 7" in w["zh-Hans"] and "資料列 3, 7" in w["zh-Hant"]
    loy = next(r for r in d["regression"] if r["outcome"] == "LOY")
    assert loy["n"] == len(data) - 2


def test_invariance_goes_through_ordinal_invariance():
    """With a group, the measurement model's invariance is Wu & Estabrook's steps (ordinal_invariance): each
    step's scaled χ² and the lavTestLRT differences as lavaan's mg_we_delta_* fits."""
    syntax = INVARIANCE["mg_we_delta_configural"]
    data = pd.read_csv(REFDIR / "ordinal_mg.csv")
    model = "SAT =~ SAT1 + SAT2 + SAT3\nLOY =~ LOY1 + LOY2 + LOY3 + LOY4"
    d = json.loads(analyze(data, model=model, estimator="WLSMV", group="GENDER", bootstrap=0).to_json())
    inv = d["invariance"]
    assert inv["method"] == "wu.estabrook.2016" and inv["groups_used"] == ["1", "2"]
    meas = inv["measurement"]
    assert meas["levels"] == ["configural", "thresholds", "loadings", "intercepts"]
    names = {"configural": "configural", "thresholds": "thresholds", "loadings": "thresholds_loadings",
             "intercepts": "thresholds_loadings_intercepts"}
    for lev, suffix in names.items():
        ref = INVARIANCE[f"mg_we_delta_{suffix}"]["fit"]
        assert _close(meas["fits"][lev]["fit"]["chisq.scaled"], ref["chisq.scaled"]), lev
    lrt = {r["model"].replace("mg_we_delta_", ""): r for r in REF["invariance_lrt"]["mg_we_delta"]["rows"]}
    for c in meas["comparisons"]:
        r = lrt[names[c["model"]]]
        assert _close(c["chisq.diff"], r["chisq_diff"]) and _close(c["pvalue.diff"], r["pvalue"]), c["model"]
    assert syntax["n"] == [175, 182] and "left_out" not in inv      # no structural paths to leave out here


def test_bootstrap_is_the_wls_bootstrap():
    """bootstrap=50 runs research.sem.wls_bootstrap with the run's seed and interval type: the effects' and the
    hypothesis' bootstrap CIs are its draws' (the standardized effects' too); the delta-method columns stay beside
    them."""
    from research.sem import fit_sem
    from research.sem.wls_bootstrap import wls_bootstrap

    data = pd.read_csv(REFDIR / "ordinal_lsq5.csv")
    model = "SAT =~ SAT1 + SAT2 + SAT3\nLOY =~ LOY1 + LOY2 + LOY3 + LOY4\nLOY ~ SAT"
    d = json.loads(analyze(data, model=model, estimator="WLSMV", bootstrap=50, seed=11,
                           hypotheses=["H1: SAT -> LOY, +"]).to_json())
    boot = wls_bootstrap(fit_sem(model, data, estimator="WLSMV", ordered=True), data, n_boot=50, seed=11)
    want = boot.effects.set_index(["from", "to", "type"])
    for e in d["sem"]["effects"]:
        w = want.loc[(e["from"], e["to"], e["type"])]
        assert e["ci.method"] == "percentile"
        assert e["ci.lower"] == pytest.approx(w["boot.ci.lower"], rel=1e-12)
        assert e["ci.upper"] == pytest.approx(w["boot.ci.upper"], rel=1e-12)
        assert e["boot.se"] == pytest.approx(w["boot.se"], rel=1e-12)
        assert e["delta.ci.lower"] == pytest.approx(w["ci.lower"], rel=1e-10)
        # the standardized effect's interval is from its own bootstrap draws, around the std.all estimate
        assert (e["std.ci.lower"], e["std.ci.upper"]) == pytest.approx((w["std.boot.ci.lower"],
                                                                        w["std.boot.ci.upper"]), rel=1e-12)
        assert e["std.ci.lower"] < e["std"] < e["std.ci.upper"] and e["std.ci.upper"] != e["ci.upper"]
    p = boot.parameters
    path = p[(p["op"] == "~") & (p["lhs"] == "LOY")].iloc[0]
    h = d["hypotheses"][0]
    assert h["ci.method"] == "percentile" and h["ci.lower"] == pytest.approx(path["ci.lower"], rel=1e-12)
    assert d["sem"]["bootstrap"]["n_boot"] == 50 and d["sem"]["bootstrap"]["seed"] == 11


@pytest.mark.parametrize("options, option", [
    ({"estimator": "ML", "ordered": "all"}, "ordered"),
    ({"estimator": "MLR", "missing": "pairwise"}, "missing"),
    ({"estimator": "WLSMV", "missing": "fiml"}, "missing"),
    ({"estimator": "WLSMV", "parameterization": "gamma"}, "parameterization"),
    ({"estimator": "WLSMV", "method": "pls"}, "method"),
    ({"estimator": "WLSMV", "ordered": ["SAT1", "NOPE"]}, "ordered"),
    ({"estimator": "WLSMV", "model": "SAT =~ SAT1 + SAT2 + SAT3\nLOY =~ LOY1 + LOY2 + LOY3 + LOY4\n"
                                     "REL =~ REL1 + REL2 + REL3\nLOY ~ SAT + REL + SAT:REL"}, "model"),
])
def test_wrong_options_are_refused_in_three_languages(options, option):
    data = pd.read_csv(REFDIR / "ordinal_lsq5.csv")
    options = {"model": "SAT =~ SAT1 + SAT2 + SAT3\nLOY =~ LOY1 + LOY2 + LOY3 + LOY4", "bootstrap": 0, **options}
    with pytest.raises(ResearchError) as err:
        analyze(data, **options)
    texts = [err.value.message(lang) for lang in LANGS]
    assert all(option in x for x in texts), texts
    assert len(set(texts)) == 3


# ----------------------------------------------------------------------------------------------------------------
# the report, the CLI and the app
# ----------------------------------------------------------------------------------------------------------------
def test_report_writes_the_estimator_with_its_citations(mediation):
    from research.report.text import results_text

    _, d = mediation
    want = {"en": ["WLSMV (diagonally weighted least squares with robust standard errors and a mean- and "
                   "variance-adjusted χ²; Muthén, du Toit & Spisic, 1997) using polychoric correlations (delta "
                   "parameterization) on the", "chisq.scaled", "cfi.robust", "Ordinal α ranged from", "categorical ω"],
            "zh-Hans": ["WLSMV（对角加权最小二乘法，稳健标准误与均值和方差校正的 χ²；Muthén, du Toit & Spisic, 1997）",
                        "基于多分格相关，采用 delta 参数化", "chisq.scaled", "有序 α 介于", "类别 ω"],
            "zh-Hant": ["WLSMV（對角加權最小平方法，穩健標準誤與平均數和變異數校正的 χ²；Muthén, du Toit & Spisic, 1997）",
                        "基於多分格相關，採用 delta 參數化", "chisq.scaled", "有序 α 介於", "類別 ω"]}
    chi = d["sem"]["fit"]["chisq.scaled"]
    for lang in LANGS:
        sections = {s["key"]: "\n".join(s["paragraphs"]) for s in results_text(d, lang)}
        text = "\n".join(sections.values())
        for w in want[lang]:
            assert w in text, (lang, w)
        assert f"χ²(303) = {chi:.2f}" in sections["fit"]
        refs = sections["process_references"]
        for author in ("Muthén, B., du Toit", "Savalei, V. (2021)", "Zumbo, B. D.", "Green, S. B., & Yang",
                       "Chalmers, R. P. (2018)"):
            assert author in refs, (lang, author)
    hant = "\n".join(p for s in results_text(d, "zh-Hant") for p in s["paragraphs"])
    for mainland in ("参数", "加权", "数据", "样本量"):
        assert mainland not in hant
    # the two CFA-based method-bias checks share one reason under WLSMV: said once, not twice
    en = "\n".join(p for s in results_text(d, "en") for p in s["paragraphs"])
    assert en.count("under WLSMV the single-factor and method-factor comparisons would need") == 1
    assert "was estimated: under WLSMV" in en
    assert "Neither the single-factor CFA nor the model with an unmeasured latent method factor was estimated" in en


def test_report_tables_name_the_ordinal_coefficients(mediation):
    from research import tables
    from research.report import tables as report_tables

    _, d = mediation
    shown = tables.reliability(d, "en")
    assert list(shown.columns)[3:6] == ["Cronbach's α", "Ordinal α", "Categorical ω"]
    assert shown["Categorical ω"].tolist() == pytest.approx([d["reliability"][c]["omega"] for c in d["reliability"]])
    fit = report_tables.fit(d, "zh-Hant")
    labels = [r[0] for r in fit.rows]
    assert labels[:2] == ["chisq.scaled (df.scaled)", "pvalue.scaled"] and "cfi.robust" in labels
    assert fit.rows[0][2] == f"{d['sem']['fit']['chisq.scaled']:.2f} (303)"
    rel = report_tables.reliability(d, "zh-Hant")
    assert "有序 α" in rel.columns and "類別 ω" in rel.columns
    assert "WLSMV" in tables.estimation(d, "en") and "delta" in tables.estimation(d, "en")


def test_cli_analyze_with_wlsmv(tmp_path, mediation):
    import contextlib
    import io

    from research.cli import main

    model = tmp_path / "model.lav"
    model.write_text(MODELS["sem_mediation"]["syntax"], encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["--lang", "en", "analyze", str(SAMPLE), "-q", "lsq5", "--model", str(model), "--no-screen",
                     "--estimator", "wlsmv", "--ordered", "all", "--missing", "listwise", "--bootstrap", "0",
                     "--out", str(tmp_path / "out")])
    assert code == 0, err.getvalue()
    d = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert d["estimation"]["estimator"] == "WLSMV" and d["meta"]["spec"]["ordered"] == mediation[1]["estimation"]["ordered"]
    assert d["sem"]["fit"]["chisq.scaled"] == pytest.approx(mediation[1]["sem"]["fit"]["chisq.scaled"], rel=1e-12)
    printed = out.getvalue()
    assert f"chisq.scaled(303) = {d['sem']['fit']['chisq.scaled']:.2f}" in printed
    assert "Ordinal α" in printed and "WLSMV" in printed
    # the report reads that results.json back (its estimation block names lavaan's se = "robust.sem" in text)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err := io.StringIO()):
        code = main(["--lang", "en", "report", str(tmp_path / "out" / "results.json"), "--out",
                     str(tmp_path / "out" / "report.md")])
    assert code == 0, err.getvalue()
    report = (tmp_path / "out" / "report.md").read_text(encoding="utf-8")
    assert "WLSMV" in report and "Muthén, du Toit" in report and "Ordinal α" in report
    # --ordered names a subset; with ML it is refused naming the option
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(err := io.StringIO()):
        code = main(["--lang", "en", "analyze", str(SAMPLE), "-q", "lsq5", "--ordered", "SAT1,SAT2",
                     "--bootstrap", "0", "--out", str(tmp_path / "ml")])
    assert code != 0 and "ordered" in err.getvalue()


def test_app_runs_wlsmv():
    """WLSMV chosen in the sidebar (listwise): the analysis is research.analyze's with those options, the SEM page
    names lavaan's statistics and the reliability table shows ordinal α and categorical ω; no page fails."""
    from test_app import SAMPLE as APP_SAMPLE, _app

    at = _app(estimator="WLSMV", wls_missing="listwise", lang="en")
    assert not at.exception and not at.error
    d = json.loads(analyze(APP_SAMPLE, questionnaire="lsq5", estimator="WLSMV", missing="listwise",
                           bootstrap=0).to_json())
    text = "\n".join(m.value for m in at.markdown)
    f = d["sem"]["fit"]
    assert f"chisq.scaled({f['df.scaled']:.0f}) = {f['chisq.scaled']:.2f}" in text
    frames = [df.value for df in at.dataframe]
    rel = next(x for x in frames if "Categorical ω" in x.columns)
    assert "Ordinal α" in rel.columns
    infos = [i.value for i in at.info]             # ML-only diagnostics: not computed, with the reason
    assert any("Mardia" in x and "WLSMV" in x for x in infos), infos
    # the local-fit diagnostics are the WLSMV fit's: its largest modification index, named with its value
    from test_app import _tab_texts
    from research.report import apa
    top = max(d["diagnostics"]["cfa"]["modindices"], key=lambda r: r["mi"])
    joined = "\n".join(_tab_texts(at.tabs[2]))
    assert f"{top['lhs']} {top['op']} {top['rhs']}" in joined and f"MI = {apa.num(top['mi'], 2)}" in joined
    assert not any("modification" in x.lower() and "not computed" in x for x in infos)
    assert [float(v) for v in rel["Categorical ω"].str.replace("^\\.", "0.", regex=True)] == pytest.approx(
        [round(d["reliability"][c]["omega"], 3) for c in d["reliability"]], abs=1e-9)


def test_app_offers_ulsmv():
    """ULSMV in the estimator box (as the CLI): its run is research.analyze's with estimator="ULSMV" — the
    same sidebar as WLSMV (deletion, parameterization, ordinal items), lavaan's scaled statistics on the SEM page,
    not WLSMV's — and with no item ticked the message names ULSMV."""
    from test_app import SAMPLE as APP_SAMPLE, _app

    at = _app(estimator="ULSMV", wls_missing="listwise", lang="en")
    assert not at.exception and not at.error
    assert at.sidebar.selectbox(key="estimator@en").options[-2:] == [
        "WLSMV (ordered items, polychoric correlations)", "ULSMV (ordered items, polychoric correlations)"]
    assert len(at.sidebar.multiselect(key="ordered@en").value) == 27
    d = analyze(APP_SAMPLE, questionnaire="lsq5", estimator="ULSMV", missing="listwise", bootstrap=0).to_dict()
    wls = analyze(APP_SAMPLE, questionnaire="lsq5", estimator="WLSMV", missing="listwise", bootstrap=0).to_dict()
    assert d["cfa"]["estimator"] == "ULSMV"
    text = "\n".join(m.value for m in at.markdown)
    assert f"chisq.scaled({d['sem']['fit']['df.scaled']:.0f}) = {d['sem']['fit']['chisq.scaled']:.2f}" in text
    assert f"= {wls['sem']['fit']['chisq.scaled']:.2f}" not in text
    at = at.sidebar.multiselect(key="ordered@en").set_value([]).run()
    assert not at.exception and "ULSMV needs at least one ordinal item" in "\n".join(i.value for i in at.info)
    assert not at.tabs


def test_data_page_states_the_rows_of_cronbachs_alpha():
    """The samples table's α row: the construct ns as a range, one n when they agree, and under WLSMV with
    listwise deletion the CFA's rows (α, ordinal α and ω on the same responses), never "n = 327–327"."""
    from research import tables

    def alpha_row(d, lang):
        frame = tables.samples({"n": 460, **d}, lang)
        return frame.iloc[1].tolist()

    rel = {"A": {"alpha.n": 327}, "B": {"alpha.n": 327}}
    assert alpha_row({"reliability": rel}, "en") == [
        "Cronbach's α", 327, "each construct uses the responses answering all its items (n = 327 for every construct)"]
    assert alpha_row({"reliability": {**rel, "C": {"alpha.n": 401}}}, "zh-Hant")[1:] == [
        327, "每個構念只用其各題都作答的答卷（各構念 n = 327–401）"]
    wls = {"reliability": rel, "cfa": {"estimator": "WLSMV", "missing": "listwise", "n": 327}}
    frame = tables.samples({"n": 460, **wls}, "zh-Hans")
    assert frame.iloc[2].tolist() == ["Cronbach's α", 327, "与 CFA 相同的答卷（成列删除），有序 α 与 ω 亦同"]
    pairwise = {"reliability": rel, "cfa": {"estimator": "WLSMV", "missing": "pairwise", "n": 442}}
    assert "n = 327 for every construct" in tables.samples({"n": 460, **pairwise}, "en").iloc[2, 2]


def test_app_offers_the_theta_parameterization():
    """Under WLSMV the sidebar offers lavaan's delta (default) and theta parameterizations; theta reaches
    research.analyze: the SEM page shows the same χ² (it does not depend on the parameterization) and the
    estimation block of the results says theta."""
    from research.report.apa import num as apa_num
    from test_app import SAMPLE as APP_SAMPLE, _app

    at = _app(estimator="WLSMV", wls_missing="listwise", wls_param="theta", lang="zh-Hant")
    assert not at.exception and not at.error
    box = at.sidebar.selectbox(key="wls_param@zh-Hant")
    assert box.label == "參數化" and box.options == ["delta（lavaan 預設）", "theta（估計潛在反應的殘差變異數）"]
    assert box.value == "theta" and "Muthén & Asparouhov, 2002" in box.help
    theta = analyze(APP_SAMPLE, questionnaire="lsq5", estimator="WLSMV", missing="listwise", parameterization="theta",
                    bootstrap=0).to_dict()
    assert theta["estimation"]["parameterization"] == "theta"
    f = theta["sem"]["fit"]
    text = "\n".join(m.value for m in at.markdown)
    assert f"chisq.scaled({f['df.scaled']:.0f}) = {f['chisq.scaled']:.2f}" in text
    # the loadings page shows theta's unstandardized loadings (they differ from delta's)
    delta = analyze(APP_SAMPLE, questionnaire="lsq5", estimator="WLSMV", missing="listwise", bootstrap=0).to_dict()
    load = {(p["lhs"], p["rhs"]): p["est"] for p in theta["cfa"]["parameters"] if p["op"] == "=~"}
    load_delta = {(p["lhs"], p["rhs"]): p["est"] for p in delta["cfa"]["parameters"] if p["op"] == "=~"}
    assert load[("ECO", "ECO2")] != pytest.approx(load_delta[("ECO", "ECO2")], abs=1e-3)
    frames = [df.value for df in at.dataframe]
    shown = [str(v) for df in frames for v in df.to_numpy().ravel()]
    assert apa_num(load[("ECO", "ECO2")], 3) in shown and apa_num(load_delta[("ECO", "ECO2")], 3) not in shown


def test_app_chooses_the_ordinal_items():
    """Under WLSMV the sidebar lists the questionnaire's items (all chosen by default, as research.analyze's
    ordered=None); the items left out are fitted as continuous — the run is research.analyze's with that ordered
    list — and with none chosen the page says to choose some or ML/MLR instead of running."""
    from test_app import SAMPLE as APP_SAMPLE, _app

    at = _app(estimator="WLSMV", wls_missing="listwise", lang="en")
    box = at.sidebar.multiselect(key="ordered@en")
    assert box.label == "Items treated as ordinal" and len(box.options) == 27 and len(box.value) == 27
    assert box.options[0].startswith("ECO1 · ") and "0–10" in box.help

    continuous = ["LOY1", "LOY2", "LOY3", "LOY4"]
    chosen = [v for v in box.value if v not in continuous]
    at = _app(estimator="WLSMV", wls_missing="listwise", lang="zh-Hans", ordered=chosen)
    assert not at.exception and not at.error
    assert at.sidebar.multiselect(key="ordered@zh-Hans").value == chosen
    d = analyze(APP_SAMPLE, questionnaire="lsq5", estimator="WLSMV", missing="listwise", ordered=chosen,
                bootstrap=0).to_dict()
    assert d["estimation"]["continuous"] == continuous
    f = d["sem"]["fit"]
    text = "\n".join(m.value for m in at.markdown)
    assert f"chisq.scaled({f['df.scaled']:.0f}) = {f['chisq.scaled']:.2f}" in text
    every = analyze(APP_SAMPLE, questionnaire="lsq5", estimator="WLSMV", missing="listwise", bootstrap=0).to_dict()
    assert f"= {every['sem']['fit']['chisq.scaled']:.2f}" not in text           # not the all-ordinal run

    at = _app(estimator="WLSMV", wls_missing="listwise", lang="zh-Hant", ordered=["NOT_AN_ITEM"])
    assert at.sidebar.multiselect(key="ordered@zh-Hant").value == box.value        # unknown: all items again
    box = at.sidebar.multiselect(key="ordered@zh-Hant").set_value([])
    at = box.run()
    assert not at.exception and any("WLSMV 需要至少一個有序題目" in i.value for i in at.info)
    assert not at.tabs

    # a model typed under Advanced: its observed variables are offered, its factors' indicators ticked (analyze's
    # default) and an observed outcome left continuous until ticked
    model = "SAT =~ SAT1 + SAT2 + SAT3\nLOY =~ LOY1 + LOY2 + LOY3\nLOY ~ SAT\nLOY4 ~ LOY"
    at = _app(estimator="WLSMV", wls_missing="listwise", lang="en", model=model)
    assert not at.exception and not at.error
    box = at.sidebar.multiselect(key="ordered@en")
    assert box.options[-1].startswith("LOY4") and len(box.options) == 7 and "LOY4" not in box.value
    d = analyze(APP_SAMPLE, questionnaire="lsq5", model=model, estimator="WLSMV", missing="listwise",
                bootstrap=0).to_dict()
    assert d["estimation"]["continuous"] == ["LOY4"]
    assert f"= {d['sem']['fit']['chisq.scaled']:.2f}" in "\n".join(m.value for m in at.markdown)
