"""Multi-group fits with MLR, FIML and FIML + MLR, strict and partial invariance, score tests
(lavTestScore) and scaled difference tests (lavTestLRT) against lavaan 0.6-14.

Reference numbers: tests/reference/multigroup_robust.json, written by multigroup_robust.R next to
it (Holzinger & Swineford 1939 by school; the version with MCAR holes for FIML; three age groups).

Tolerances.  lavaan stops its optimiser at a relative change of ~1e-10 in the objective, which
leaves its estimates ~1e-5 from the optimum this module reaches (gradient < 1e-9); quantities
that are flat at the optimum (χ², fit indices) agree to ~1e-8, first-order ones to ~1e-5:
estimates and SEs 3e-5 absolute, χ² by group 2e-6 relative, the scaling factor and χ²_scaled
2e-6, the Satorra–Bentler difference (c_d = (r₀c₀ − r₁c₁)/Δdf multiplies the error of c by
r₀/Δdf: 1e-5 relative for 6 constraints, 1e-4 for one), score tests 5e-5 absolute.  Evaluated at lavaan's own estimates,
the robust SEs and the scaling factor agree to 1e-8 (test_sandwich_at_lavaan_estimates), so the
formulas are lavaan's and the rest is its optimiser.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from conftest import REFERENCE
from research.errors import DataError, OptionError
from research.sem import multigroup_robust as mgr
from research.sem.multigroup import LEVELS, compare_path, fit_multigroup, invariance, lrt
from research.sem.multigroup_score import release_candidates, score_tests
from research.sem.mvnorm import MissingPatterns

HERE = Path(__file__).resolve().parent
REF = json.loads((HERE / "reference" / "multigroup_robust.json").read_text(encoding="utf-8"))
HS = REF["model"]
SEM = HS + "\nspeed ~ visual + textual"
RELATIVE = {"chisq", "logl", "aic", "bic", "bic2", "baseline.chisq", "chisq.scaled", "baseline.chisq.scaled",
            "unrestricted.logl"}
LOOSER = {"chisq.scaled": 2e-6, "chisq.scaling.factor": 2e-6}
SETUPS = {"ml": ("hs", {}), "mlr": ("hs", {"estimator": "MLR"}), "fiml": ("hm", {"missing": "fiml"}),
          "fiml_mlr": ("hm", {"missing": "fiml", "estimator": "MLR"})}
ALL_LEVELS = ("configural", "metric", "scalar", "strict")


@pytest.fixture(scope="module")
def data():
    hs = pd.read_csv(REFERENCE / "holzinger1939.csv")
    hm = pd.read_csv(REFERENCE / "holzinger1939_missing.csv")
    return {"hs": hs, "hm": hm}


@pytest.fixture(scope="module")
def fits(data):
    out = {}
    for name, (d, kw) in SETUPS.items():
        inv = invariance(HS, data[d], "school", levels=ALL_LEVELS, **kw)
        out[name] = inv
    return out


def _name(lhs, op, rhs):
    return f"{lhs} ~1" if op == "~1" else f"{lhs} {op} {rhs}"


def _check_fit(res, ref_fit):
    checked = 0
    for name, value in ref_fit.items():
        if name not in res.fit or value is None:
            continue
        ours = res.fit[name]
        tol = LOOSER.get(name, 1e-6)
        if name in RELATIVE:
            assert ours == pytest.approx(value, rel=tol), name
        else:
            assert ours == pytest.approx(value, abs=tol), name
        checked += 1
    return checked


# ----------------------------------------------------------------------------------------------
# fits at every level
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("setup", list(SETUPS))
@pytest.mark.parametrize("level", ALL_LEVELS)
def test_fit_measures(fits, setup, level):
    res = fits[setup].fits[level]
    ref = REF[setup][level]
    assert res.converged and res.groups == tuple(REF["group_labels"])
    n = _check_fit(res, ref["fit_measures"])
    assert n >= {"ml": 25, "fiml": 33, "mlr": 50, "fiml_mlr": 50}[setup]
    if setup in ("mlr", "fiml_mlr"):
        for name in ("chisq.scaled", "chisq.scaling.factor", "cfi.scaled", "cfi.robust", "tli.robust",
                     "rmsea.robust", "rmsea.ci.lower.robust", "rmsea.ci.upper.robust"):
            assert name in res.fit and name in ref["fit_measures"]
    if setup == "fiml":             # lavaan reports the FIML-corrected robust indices for plain ML too
        assert res.fit["cfi.robust"] == pytest.approx(ref["fit_measures"]["cfi.robust"], abs=1e-6)
        assert "chisq.scaled" not in res.fit
    for g, v in ref["chisq_by_group"].items():
        assert res.chisq_by_group[g] == pytest.approx(v, rel=2e-6)
    if "chisq_scaled_by_group" in ref:
        for g, v in ref["chisq_scaled_by_group"].items():
            assert res.chisq_scaled_by_group[g] == pytest.approx(v, rel=3e-6)
    else:
        assert res.chisq_scaled_by_group is None


@pytest.mark.parametrize("setup", list(SETUPS))
@pytest.mark.parametrize("level", ALL_LEVELS)
def test_parameters(fits, setup, level):
    res = fits[setup].fits[level]
    table = res.parameters.set_index(["lhs", "op", "rhs", "group"])
    ref = REF[setup][level]["parameters"]
    assert len(table) == len(ref)
    for r in ref:
        row = table.loc[(r["lhs"], r["op"], r["rhs"], r["group"])]
        assert row["est"] == pytest.approx(r["est"], abs=3e-5), (r["lhs"], r["op"], r["rhs"])
        assert row["se"] == pytest.approx(r["se"], abs=3e-5), (r["lhs"], r["op"], r["rhs"])
        if r["std.all"] is not None:
            assert row["std.all"] == pytest.approx(r["std.all"], abs=3e-5)


def _theta_at(res, ref_params):
    """θ with lavaan's estimates (the free parameters of every group)."""
    pe = pd.DataFrame(ref_params).set_index(["lhs", "op", "rhs", "group"])
    theta = res.theta.copy()
    for gi, g in enumerate(res.model_groups, start=1):
        for r in g.pt.rows:
            if r.free:
                theta[g.index[r.free - 1]] = pe.loc[(r.lhs, r.op, r.rhs, gi), "est"]
    return theta


@pytest.mark.parametrize("setup", ["mlr", "fiml_mlr"])
@pytest.mark.parametrize("level", ["configural", "scalar"])
def test_sandwich_at_lavaan_estimates(fits, setup, level):
    """At lavaan's own estimates the Huber–White SEs and the Yuan–Bentler factor agree to 1e-8."""
    res = fits[setup].fits[level]
    ref = REF[setup][level]
    theta = _theta_at(res, ref["parameters"])
    pieces = [g.piece for g in res.model_groups]
    N = sum(g.n for g in res.model_groups)
    sw = mgr.sandwich(pieces, theta, mgr.observed_information(pieces, theta, len(theta), N), N)
    assert sw.trace_ugamma / res.fit["df"] == pytest.approx(ref["fit_measures"]["chisq.scaling.factor"], abs=1e-8)
    assert sw.trace_ugamma == pytest.approx(ref["trace_ugamma"], rel=1e-8)
    se = np.sqrt(np.diag(sw.vcov))
    pe = pd.DataFrame(ref["parameters"]).set_index(["lhs", "op", "rhs", "group"])
    for gi, g in enumerate(res.model_groups, start=1):
        for r in g.pt.rows:
            if r.free:
                assert se[g.index[r.free - 1]] == pytest.approx(pe.loc[(r.lhs, r.op, r.rhs, gi), "se"], abs=1e-8)


@pytest.mark.parametrize("setup", list(SETUPS))
def test_difference_tests(fits, setup):
    """lavTestLRT: Δχ² (ML, listwise or FIML) or the Satorra–Bentler (2001) scaled difference (MLR)."""
    inv = fits[setup]
    ref = {r["model"]: r for r in REF[setup]["lrt"]}
    scaled = setup in ("mlr", "fiml_mlr")
    for c in inv.comparisons:
        r = ref[c["model"]]
        assert c["test"] == ("satorra.bentler.2001" if scaled else "standard")
        assert c["df.diff"] == r["Df diff"]
        assert c["chisq.diff"] == pytest.approx(r["Chisq diff"], rel=1e-5 if scaled else 1e-6)
        assert c["pvalue.diff"] == pytest.approx(r["Pr(>Chisq)"], rel=1e-4, abs=1e-9)
        if scaled:
            assert "RMSEA" not in r and math.isnan(c["rmsea.diff"])      # lavaan prints none for it
        else:
            assert c["rmsea.diff"] == pytest.approx(r["RMSEA"], abs=1e-6)


def test_scaled_difference_formula():
    """Satorra & Bentler (2001): c_d = (r0 c0 − r1 c1)/(r0 − r1); negative c_d gives NaN (lavaan: NA)."""
    out = mgr.scaled_difference(120.0, 60, 1.1, 100.0, 54, 1.05)
    cd = (60 * 1.1 - 54 * 1.05) / 6
    assert out["scaling.factor"] == pytest.approx(cd) and out["chisq.diff"] == pytest.approx(20 / cd)
    assert math.isnan(mgr.scaled_difference(120.0, 60, 0.9, 100.0, 54, 1.2)["chisq.diff"])
    assert mgr.scaled_difference(120.0, 60, 1.1, 100.0, 0, 7.0)["scaling.factor"] == pytest.approx((66 - 0) / 60)


def test_delta_fit_rule_reads_robust_indices_with_mlr(fits):
    for setup in SETUPS:
        inv = fits[setup]
        robust = setup in ("mlr", "fiml_mlr")
        names = ("cfi.robust", "rmsea.robust") if robust else ("cfi", "rmsea")
        for c in inv.comparisons:
            a, b = inv.fits[c["model"]].fit, inv.fits[c["against"]].fit
            assert c["indices"]["cfi"] == names[0] and c["indices"]["rmsea"] == names[1]
            assert c["delta.cfi"] == pytest.approx(a[names[0]] - b[names[0]])
            assert c["delta.rmsea"] == pytest.approx(a[names[1]] - b[names[1]])
        # HS: metric holds, scalar fails (ΔCFI ≈ −.04 with ΔSRMR ≥ .010), strict holds against scalar
        assert [c["holds"] for c in inv.comparisons] == [True, False, True]
        assert inv.highest == "metric"
        t = inv.table()
        assert list(t["df"]) == [48, 54, 60, 69]
        if robust:
            assert {"chisq.scaled", "cfi.robust", "rmsea.robust"} <= set(t.columns)


def test_results_are_json_safe_and_say_what_was_done(fits):
    for setup, inv in fits.items():
        d = inv.to_dict()
        json.dumps(d, allow_nan=False)
        f = d["fits"]["scalar"]
        assert d["estimator"] == f["estimator"] == ("MLR" if "mlr" in setup else "ML")
        assert d["missing"] == f["missing"] == ("fiml" if "fiml" in setup else "listwise")
        assert f["rows"] == {"Pasteur": {"rows": 156, "used": 156, "dropped": 0},
                             "Grant-White": {"rows": 145, "used": 145, "dropped": 0}}
        assert f["rows_without_group"] == 0
        if "mlr" in setup:
            assert f["fit"]["cfi.robust"] is not None and f["fit"]["chisq.scaled"] is not None
            assert set(f["chisq_scaled_by_group"]) == {"Pasteur", "Grant-White"}
            assert d["criteria"]["indices"] == {"cfi": "cfi.robust", "rmsea": "rmsea.robust", "srmr": "srmr"}
        elif setup == "fiml":
            assert f["fit"]["cfi.robust"] is not None and "chisq.scaled" not in f["fit"]


# ----------------------------------------------------------------------------------------------
# rows: nothing dropped silently
# ----------------------------------------------------------------------------------------------
def test_listwise_rows_per_group_as_lavaan(data):
    ref = REF["listwise_metric"]
    res = fit_multigroup(HS, data["hm"], "school", equal=("loadings",))
    assert res.n == ref["nobs"]
    for g in res.groups:
        assert res.rows[g] == {"rows": ref["norig"][g], "used": ref["nobs"][g],
                               "dropped": ref["norig"][g] - ref["nobs"][g]}
    assert res.n_dropped == 301 - sum(ref["nobs"].values())
    assert "listwise_deleted" in [w.code for w in res.warnings]
    _check_fit(res, ref["fit_measures"])


def test_fiml_keeps_incomplete_rows_and_counts_the_rest(data):
    hm = data["hm"]
    x = [f"x{i}" for i in range(1, 10)]
    extra = pd.concat([hm.head(3).assign(**{v: np.nan for v in x}),          # no answer at all
                       hm.head(2).assign(school=np.nan)], ignore_index=True)   # no group
    res = fit_multigroup(HS, pd.concat([hm, extra], ignore_index=True), "school", missing="fiml")
    assert res.rows["Pasteur"] == {"rows": 159, "used": 156, "dropped": 3}
    assert res.rows["Grant-White"] == {"rows": 145, "used": 145, "dropped": 0}
    assert res.rows_without_group == 2 and res.n_dropped == 5
    assert {"empty_rows", "group_missing"} <= {w.code for w in res.warnings}
    assert res.fit["chisq"] == pytest.approx(REF["fiml"]["configural"]["fit_measures"]["chisq"], rel=1e-8)
    d = res.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["rows_without_group"] == 2 and d["warnings"]


# ----------------------------------------------------------------------------------------------
# partial invariance, paths
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("setup", list(SETUPS))
def test_partial_scalar(data, fits, setup):
    d, kw = SETUPS[setup]
    ref = REF[setup]["partial_scalar"]
    res = fit_multigroup(HS, data[d], "school", equal=LEVELS["scalar"], partial=["x3 ~1", "x7 ~ 1"], **kw)
    _check_fit(res, ref["fit_measures"])
    assert res.fit["df"] == 58
    r = ref["lrt_vs_metric"][1]
    test = lrt(res, fits[setup].fits["metric"])
    assert test["chisq.diff"] == pytest.approx(r["Chisq diff"], rel=1e-5)
    assert test["df.diff"] == r["Df diff"]


@pytest.mark.parametrize("setup", list(SETUPS))
def test_compare_path(data, setup):
    d, kw = SETUPS[setup]
    ref = REF[setup]["path"]
    res = compare_path(SEM, data[d], "school", "speed ~ visual", **kw)
    r = ref["lrt"][1]
    assert res["lrt"]["df.diff"] == r["Df diff"] == 1
    # the scaled difference multiplies the error of the scaling factors (2e-6) by r0/Δdf = 55
    assert res["lrt"]["chisq.diff"] == pytest.approx(r["Chisq diff"], rel=1e-4 if "mlr" in setup else 1e-6)
    assert res["lrt"]["pvalue"] == pytest.approx(r["Pr(>Chisq)"], rel=1e-4)
    pe = [p for p in ref["free"]["parameters"] if (p["lhs"], p["op"], p["rhs"]) == ("speed", "~", "visual")]
    for ours, theirs in zip(res["per_group"], pe):
        assert ours["est"] == pytest.approx(theirs["est"], abs=3e-5)
        assert ours["se"] == pytest.approx(theirs["se"], abs=3e-5)      # robust SEs with MLR
    assert res["fit_free"]["chisq"] == pytest.approx(ref["free"]["fit_measures"]["chisq"], rel=1e-6)
    assert res["fit_equal"]["chisq"] == pytest.approx(ref["equal"]["fit_measures"]["chisq"], rel=1e-6)
    assert res["estimator"] == ("MLR" if "mlr" in setup else "ML")
    json.dumps(res, allow_nan=False)


# ----------------------------------------------------------------------------------------------
# score tests
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("setup", list(SETUPS))
@pytest.mark.parametrize("level", ["metric", "scalar", "strict"])
def test_score_tests_match_lavTestScore(fits, setup, level):
    res = fits[setup].fits[level]
    ref = REF[setup]["score"][level]
    st = score_tests(res)
    u = st.univariate
    assert len(u) == len(ref["uni"])
    assert list(u["X2"]) == sorted(u["X2"], reverse=True)
    labels = REF["group_labels"]
    for c in ref["uni"]:
        row = u[(u["parameter"] == _name(c["lhs"], c["op"], c["rhs"]))
                & (u["group.lhs"] == labels[c["group.lhs"] - 1]) & (u["group.rhs"] == labels[c["group.rhs"] - 1])]
        assert len(row) == 1
        assert row["X2"].iloc[0] == pytest.approx(c["X2"], abs=5e-5)
        assert row["p.value"].iloc[0] == pytest.approx(c["p.value"], abs=2e-5)
        assert row["df"].iloc[0] == 1
    assert st.total["X2"] == pytest.approx(ref["total"]["X2"], abs=1e-4)
    assert st.total["df"] == ref["total"]["df"]
    epc = pd.DataFrame(ref["epc"]).set_index(["lhs", "op", "rhs", "group"])["epc"]
    group_no = {g: i for i, g in enumerate(labels, start=1)}
    for r in u.to_dict("records"):
        for side in ("lhs", "rhs"):
            key = (r["lhs"], r["op"], r["rhs"], group_no[r["group." + side]])
            assert r["epc." + side] == pytest.approx(epc.loc[key], abs=1e-5)
    if "mlr" in setup:
        assert "lavaan 0.6-14 has no robust score test" in st.note["en"]
        assert REF[setup]["score_warning"].startswith("lavaan WARNING: se is not `standard'")
    json.dumps(st.to_dict(), allow_nan=False)


def test_score_test_refuses_an_unconstrained_fit(fits):
    with pytest.raises(OptionError) as info:
        score_tests(fits["ml"].fits["configural"])
    assert "configural" in info.value.message("en") and info.value.message("zh-Hant")


def test_release_sequence_follows_lavaan(data):
    """At each step of lavaan's sequence (release the largest univariate X2, refit) the candidate we rank
    first is lavaan's — or, where several candidates have the same X2 (the third step: releasing x1 ~1 or
    x2 ~1 frees the same intercept difference of the visual factor, X2 equal to 1e-14), one of them: which of
    a tie comes first is rounding, in lavaan as here."""
    for step in REF["ml_release_sequence"]:
        res = fit_multigroup(HS, data["hs"], "school", equal=LEVELS["scalar"], partial=list(step["partial"]))
        assert res.fit["chisq"] == pytest.approx(step["fit_measures"]["chisq"], rel=1e-6)
        ranked = score_tests(res).by_parameter
        best = ranked.iloc[0]
        tied = set(ranked.loc[np.isclose(ranked["X2"], best["X2"], rtol=1e-9, atol=0), "parameter"])
        assert step["release"] in tied and len(tied) <= 2
        assert best["X2"] == pytest.approx(step["X2"], abs=5e-5)
        row = ranked.set_index("parameter").loc[step["release"]]
        assert row["X2"] == pytest.approx(step["X2"], abs=5e-5)


def test_search_partial_releases_until_the_level_holds(data):
    inv = invariance(HS, data["hs"], "school", levels=("configural", "metric", "scalar"), search_partial=True)
    assert inv.released == {"configural": [], "metric": [], "scalar": ["x3 ~1"]}
    (step,) = inv.search
    assert step["level"] == "scalar" and step["released"] == "x3 ~1" and step["holds"]
    assert step["X2"] == pytest.approx(REF["ml_release_sequence"][0]["X2"], abs=5e-5)
    assert step["chisq"] == pytest.approx(REF["ml_release_sequence"][1]["fit_measures"]["chisq"], rel=1e-6)
    assert inv.highest == "scalar" and inv.fits["scalar"].partial == (("x3", "~1", ""),)
    json.dumps(inv.to_dict(), allow_nan=False)
    # off by default; with max_free = 0 nothing is released
    assert invariance(HS, data["hs"], "school", search_partial=True, max_free=0).highest == "metric"
    # candidates of one class only; a factor keeps at least two invariant indicators
    scalar = inv.fits["scalar"]
    cand = release_candidates(scalar, "intercepts")
    assert set(cand["class"]) == {"intercepts"} and "x3 ~1" not in set(cand["parameter"])
    strict = release_candidates(scalar, "intercepts", min_invariant=3)
    assert not ({"x1 ~1", "x2 ~1"} & set(strict["parameter"]))   # visual has x1, x2 left: releasing one leaves 1


@pytest.mark.parametrize("setup", ["mlr", "fiml_mlr"])
def test_search_partial_with_mlr_and_fiml(data, setup):
    d, kw = SETUPS[setup]
    inv = invariance(HS, data[d], "school", search_partial=True, **kw)
    assert inv.released["scalar"] == ["x3 ~1"] and inv.highest == "scalar"
    assert "cfi.robust" in inv.search[0] and inv.search[0]["holds"]


# ----------------------------------------------------------------------------------------------
# three groups
# ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def three(data):
    hs, hm = data["hs"], data["hm"]

    def age3(a):
        return np.where(a <= 12, "12-", np.where(a == 13, "13", "14+"))

    hs3 = hs.assign(age3=age3(hs["ageyr"]))
    hm3 = hm.assign(age3=age3(hs.set_index("id").loc[hm["id"], "ageyr"].to_numpy()))
    return hs3, hm3


def test_three_groups(three):
    hs3, hm3 = three
    ref = REF["three_groups"]
    cases = {"ml_metric": (hs3, "metric", {}), "ml_scalar": (hs3, "scalar", {}),
             "mlr_scalar": (hs3, "scalar", {"estimator": "MLR"}),
             "fiml_mlr_scalar": (hm3, "scalar", {"estimator": "MLR", "missing": "fiml"})}
    out = {}
    for key, (d, level, kw) in cases.items():
        res = fit_multigroup(HS, d, "age3", equal=LEVELS[level], **kw)
        assert res.groups == tuple(ref["group_labels"])
        assert _check_fit(res, ref[key]["fit_measures"]) > 20
        out[key] = res
    metric_mlr = fit_multigroup(HS, hs3, "age3", equal=LEVELS["metric"], estimator="MLR")
    test = lrt(out["mlr_scalar"], metric_mlr)
    assert test["chisq.diff"] == pytest.approx(ref["lrt_mlr"][1]["Chisq diff"], rel=1e-5)
    st = score_tests(out["ml_metric"])
    u = st.univariate
    labels = ref["group_labels"]
    for c in ref["score_metric"]["uni"]:          # group 1 against groups 2 and 3, as lavaan
        row = u[(u["parameter"] == _name(c["lhs"], c["op"], c["rhs"]))
                & (u["group.lhs"] == labels[c["group.lhs"] - 1]) & (u["group.rhs"] == labels[c["group.rhs"] - 1])]
        assert row["X2"].iloc[0] == pytest.approx(c["X2"], abs=5e-5)
    first = ref["score_metric"]["uni"][0]
    joint = st.by_parameter.set_index("parameter").loc[_name(first["lhs"], first["op"], first["rhs"])]
    assert joint["df"] == 2
    assert joint["X2"] == pytest.approx(ref["score_metric"]["joint_first"]["X2"], abs=5e-5)


# ----------------------------------------------------------------------------------------------
# numerical pieces
# ----------------------------------------------------------------------------------------------
def test_exact_hessian_equals_lavaans_numerical_rule(data):
    """The analytic Hessian (loadings, regressions between factors, latent means, a residual covariance)
    against the 4-point central differences of the gradient lavaan uses."""
    model = SEM + "\nx1 ~~ x4"
    res = fit_multigroup(model, data["hm"], "school", equal=LEVELS["scalar"], missing="fiml")
    rng = np.random.default_rng(7)
    for g in res.model_groups:
        t = res.theta[g.index] + 0.01 * rng.standard_normal(len(g.index))
        numeric = g.obj.hessian(t)
        assert np.abs(mgr.exact_hessian(g.obj, t) - numeric).max() < 1e-8 * max(1.0, np.abs(numeric).max())


def test_batched_information_equals_pattern_by_pattern(data):
    X = data["hm"][[f"x{i}" for i in range(1, 10)]].to_numpy()
    d = MissingPatterns(X)
    em = d.em()
    rng = np.random.default_rng(3)
    mu, S = em.mu + 0.1 * rng.standard_normal(9), em.sigma + 0.05 * np.eye(9)
    for kind in ("observed", "expected"):
        ref = d.information(mu, S, kind)
        assert np.abs(mgr.information(d, mu, S, kind) - ref).max() < 1e-10 * np.abs(ref).max()


# ----------------------------------------------------------------------------------------------
# refusals
# ----------------------------------------------------------------------------------------------
def test_options_that_cannot_be_honoured_are_refused(data, fits):
    hs = data["hs"]
    for kw, option in (({"estimator": "WLSMV"}, "estimator"), ({"missing": "pairwise"}, "missing")):
        with pytest.raises(OptionError) as info:
            fit_multigroup(HS, hs, "school", **kw)
        err = info.value
        assert err.params["option"] == option
        assert "estimator" in err.message("en") or "missing" in err.message("en")
        assert err.message("zh-Hans") != err.message("en") and err.message("zh-Hant") != err.message("zh-Hans")
        with pytest.raises(OptionError):
            invariance(HS, hs, "school", **kw)
        with pytest.raises(OptionError):
            compare_path(SEM, hs, "school", "speed ~ visual", **kw)
    with pytest.raises(OptionError):              # nested tests need the same estimator and missing option
        lrt(fits["mlr"].fits["metric"], fits["ml"].fits["configural"])
    with pytest.raises(OptionError):              # observed covariates: refused, as before
        fit_multigroup(HS + "\nspeed ~ ageyr", hs, "school")
    with pytest.raises(OptionError):
        invariance(HS, hs, "school", search_partial=True, max_free=-1)


def test_fiml_refuses_pairs_never_answered_together(data):
    hm = data["hm"].copy()
    pasteur = hm["school"] == "Pasteur"
    hm.loc[pasteur & hm["x1"].notna(), "x2"] = np.nan          # x1 and x2 never together in Pasteur
    with pytest.raises(DataError) as info:
        fit_multigroup(HS, hm, "school", missing="fiml")
    assert "x2–x1" in info.value.message("en") and "Pasteur" in info.value.message("zh-Hans")


def test_small_groups_suggest_fiml_under_listwise(data):
    hm = data["hm"]
    tiny = pd.concat([hm, hm.head(12).assign(school="tiny")], ignore_index=True)
    with pytest.raises(DataError) as info:
        fit_multigroup(HS, tiny, "school")
    assert "tiny" in info.value.message("en") and 'missing="fiml"' in info.value.message("en")
