"""Multi-group WLSMV with ordered indicators and Wu & Estabrook's invariance steps against lavaan 0.6-14.

References: tests/reference/ordinal.json (made by tests/reference/ordinal.R; see ordinal.md):
``invariance_models`` mg_we_{delta,theta}_* (semTools::measEq.syntax, ID.cat = "Wu.Estabrook.2016",
fitted with lavaan()) and mg_ge_* (lavaan's cfa(group.equal = …)) on ordinal_mg.csv (GENDER 1/2,
175 + 182 rows, SAT1–3 and LOY1–4 ordered), and ``invariance_lrt`` (lavTestLRT of the four steps).
Every fit here starts from the CSV (sample statistics by research.sem.ordinal_stats).
"""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT
from research.errors import DataError, OptionError
from research.sem.wls_multigroup import (fit_wls_multigroup, lrt_wls, ordinal_invariance)

REF = ROOT / "tests" / "reference"
ORD = json.loads((REF / "ordinal.json").read_text())
ENTRIES = {e["name"]: e for e in ORD["invariance_models"]}
MODEL = "SAT =~ SAT1 + SAT2 + SAT3\nLOY =~ LOY1 + LOY2 + LOY3 + LOY4"
STEP_OF = {"configural": "configural", "thresholds": "thresholds", "thresholds_loadings": "loadings",
           "thresholds_loadings_intercepts": "intercepts"}
GE_EQUAL = {"configural": (), "thresholds": ("thresholds",), "thresholds_loadings": ("thresholds", "loadings"),
            "thresholds_loadings_intercepts": ("thresholds", "loadings", "intercepts")}
# lavaan's optimiser stops ~1e-6 from the optimum (its delta and theta fits of the same model differ
# by up to 3e-7 in the LRT statistic); our fits are converged to a gradient of 1e-11
EST_TOL, SE_TOL, REL_TOL = 1e-4, 1e-5, 1e-5


@pytest.fixture(scope="module")
def data():
    return pd.read_csv(REF / "ordinal_mg.csv")


@pytest.fixture(scope="module")
def invariance(data):
    return {par: ordinal_invariance(MODEL, data, "GENDER", parameterization=par) for par in ("delta", "theta")}


@pytest.fixture(scope="module")
def ge_fits(data):
    out = {}
    prev = None
    for name, eq in GE_EQUAL.items():
        prev = out[name] = fit_wls_multigroup(MODEL, data, "GENDER", group_equal=eq, start=prev)
    return out


def _fit(name, invariance, ge_fits):
    if name.startswith("mg_ge_"):
        return ge_fits[name[len("mg_ge_"):]]
    _, _, par, step = name.split("_", 3)
    return invariance[par].fits[STEP_OF[step]]


def _same(ours, ref, tol):
    if ref is None:
        return ours is None or not math.isfinite(ours)
    return ours is not None and math.isfinite(ours) and abs(ours - ref) <= tol * max(1.0, abs(ref))


def test_reference_has_the_twelve_fits():
    assert sorted(ENTRIES) == sorted([f"mg_we_{p}_{s}" for p in ("delta", "theta") for s in STEP_OF]
                                     + [f"mg_ge_{s}" for s in STEP_OF])


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_estimates_and_standard_errors(name, invariance, ge_fits):
    """Every row of parameterEstimates (thresholds, loadings, ~*~ scale factors, ~1, ~~ incl. the delta
    residual variances 1/s² − explained that lavaan fills in), both groups: est, robust SE, std.lv, std.all."""
    fit = _fit(name, invariance, ge_fits)
    assert fit.converged
    ref = {(r["group"], r["lhs"], r["op"], r["rhs"]): r for r in ENTRIES[name]["partable"] if r["op"] != "=="}
    ours = {(int(r["group"]), r["lhs"], r["op"], r["rhs"]): r for r in fit.parameters.to_dict(orient="records")}
    assert set(ours) == set(ref)
    for k, r in ref.items():
        o = ours[k]
        assert abs(o["est"] - r["est"]) < EST_TOL, (name, k, o["est"], r["est"])
        assert bool(o["free"]) == bool(r["free"]), (name, k)
        if r["free"]:
            assert abs(o["se"] - r["se"]) < SE_TOL, (name, k, o["se"], r["se"])
        for col in ("std.lv", "std.all"):
            assert abs(o[col] - r[col]) < EST_TOL, (name, k, col, o[col], r[col])
    # the number of distinct parameters is lavaan's fitMeasures npar
    assert fit.fit["npar"] == ENTRIES[name]["fit"]["npar"]


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_fit_measures(name, invariance, ge_fits):
    """All of lavaan's fitMeasures (χ², scaled-shifted χ², baseline, CFI/TLI/RMSEA standard, scaled and
    cat-ML robust — missing for the steps with equalities, as in lavaan —, SRMR family, GFI, CN, WRMR)."""
    fit = _fit(name, invariance, ge_fits)
    ref = ENTRIES[name]["fit"]
    bad = {k: (fit.fit.get(k), v) for k, v in ref.items() if not _same(fit.fit.get(k), v, REL_TOL)}
    assert not bad, bad
    assert fit.fit["df"] == ref["df"]


def _at_lavaans_estimates(fit, entry) -> np.ndarray:
    """θ with lavaan's estimates put in (matched by group and parameter)."""
    ref = {(r["group"], r["lhs"], r["op"], r["rhs"]): r["est"] for r in entry["partable"]}
    theta = fit.theta.copy()
    for rows in fit.rows:
        for r in rows:
            if r.free:
                theta[r.index] = ref[(r.group + 1, r.lhs, r.op, r.rhs)]
    return theta


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_test_statistics(name, invariance, ge_fits):
    """lavInspect(fit, "test"): the standard and scaled-shifted statistics, the scaling factor, the shift
    and tr(UΓ), tr((UΓ)²).  The split of T over the groups is first-order in the estimates (the total is
    second-order), and lavaan stops ~1e-6 from the optimum: mg_ge_thresholds' T_g differ by 4.6e-5 at the
    two optima.  So the per-group statistics are checked at lavaan's own estimates (1e-6), and our
    estimates must give a total no larger than lavaan's do."""
    fit = _fit(name, invariance, ge_fits)
    entry = ENTRIES[name]
    theta_l = _at_lavaans_estimates(fit, entry)
    tg_l = np.array([(st.n - 1) * float((st.wls_obs - gm.implied(theta_l)) ** 2 @ st.weights())
                     for gm, st in zip(fit.model_groups, fit.stats)])
    assert fit.fit["chisq"] <= tg_l.sum() + 1e-9
    for ref in entry["test"]:
        ours = fit.test[ref["test"]]
        assert ours["df"] == ref["df"]
        assert _same(ours["stat"], ref["stat"], 1e-6)
        assert sum(ours["stat_group"]) == pytest.approx(ours["stat"], rel=1e-12)
        if ref["test"] == "standard":
            assert np.allclose(tg_l, ref["stat_group"], rtol=1e-6, atol=0)
        else:
            for k in ("scaling_factor", "shift_parameter", "trace_UGamma", "trace_UGamma2"):
                assert _same(ours[k.replace("_", ".")], ref[k], 1e-6), k
            fg = np.array([st.n for st in fit.stats]) / sum(st.n for st in fit.stats)
            split = tg_l / ours["scaling.factor"] + fg * ours["shift.parameter"]
            assert np.allclose(split, ref["stat_group"], rtol=1e-6, atol=0)


def test_chisq_is_sum_over_groups_of_n_minus_1_times_f(invariance):
    """T_g = (N_g − 1)·F_g with F_g the DWLS discrepancy of the group (lavaan: 2·N_g·fx_g)."""
    fit = invariance["delta"].fits["loadings"]
    total = 0.0
    assert fit.groups == (1, 2) and fit.n == {1: 175, 2: 182}
    for lab, gm, st in zip(fit.groups, fit.model_groups, fit.stats):
        r = st.wls_obs - gm.implied(fit.theta)
        tg = (st.n - 1) * float(r ** 2 @ st.weights())
        assert fit.chisq_by_group[lab] == pytest.approx(tg, rel=1e-12)
        total += tg
    assert fit.fit["chisq"] == pytest.approx(total, rel=1e-12)


@pytest.mark.parametrize("par", ["delta", "theta"])
def test_wu_estabrook_difference_tests(par, invariance):
    """lavTestLRT(configural, thresholds, loadings, intercepts) of the measEq.syntax fits: satorra.2000
    scaled-shifted difference, df and p, step by step; the verdicts follow p ≥ .05."""
    inv = invariance[par]
    rows = ORD["invariance_lrt"][f"mg_we_{par}"]["rows"]
    assert [inv.fits[s].fit["df"] for s in inv.levels] == [r["df"] for r in rows]
    for c, r in zip(inv.comparisons, rows[1:]):
        assert c["df.diff"] == r["df_diff"]
        assert abs(c["chisq.diff"] - r["chisq_diff"]) < 1e-5, (c["model"], c["chisq.diff"], r["chisq_diff"])
        assert abs(c["pvalue.diff"] - r["pvalue"]) < 1e-6
        assert c["holds"] is (r["pvalue"] >= 0.05)
    assert inv.highest == "intercepts"
    assert [c["model"] for c in inv.comparisons] == ["thresholds", "loadings", "intercepts"]


def test_group_equal_difference_tests_and_lavaans_silent_intercepts(ge_fits):
    """lavaan's own group.equal sequence: thresholds imply intercepts for ordered data, so the last two
    models are the same (df_diff 0, no p-value, as lavTestLRT); either argument order gives the same test."""
    rows = ORD["invariance_lrt"]["mg_ge"]["rows"]
    names = list(GE_EQUAL)
    for i in (1, 2, 3):
        t = lrt_wls(ge_fits[names[i]], ge_fits[names[i - 1]])
        r = rows[i]
        assert t["df.diff"] == r["df_diff"]
        assert abs(t["chisq.diff"] - r["chisq_diff"]) < 1e-5
        if r["pvalue"] is None:
            assert math.isnan(t["pvalue"])
        else:
            assert abs(t["pvalue"] - r["pvalue"]) < 1e-6
    swapped = lrt_wls(ge_fits["configural"], ge_fits["thresholds"])
    assert swapped["chisq.diff"] == pytest.approx(lrt_wls(ge_fits["thresholds"], ge_fits["configural"])["chisq.diff"])
    assert "intercepts" in ge_fits["thresholds"].group_equal


def test_invariance_result_shape(invariance):
    inv = invariance["delta"]
    tab = inv.table()
    assert list(tab["model"]) == ["configural", "thresholds", "loadings", "intercepts"]
    assert list(tab["df"]) == [26, 40, 45, 50]
    d = inv.to_dict()
    json.dumps(d)
    assert d["highest"] == "intercepts"
    assert d["comparisons"][0]["decision"]["zh-Hant"] == "不變性成立"


def test_refusals(data):
    with pytest.raises(OptionError):
        fit_wls_multigroup(MODEL, data, "GENDER", group_equal=("residuals",))
    with pytest.raises(OptionError):
        fit_wls_multigroup(MODEL, data, "GENDER", identification="mplus")
    with pytest.raises(OptionError):        # a continuous indicator
        fit_wls_multigroup(MODEL, data, "GENDER", ordered=["SAT1", "SAT2", "SAT3", "LOY1", "LOY2", "LOY3"])
    with pytest.raises(OptionError):
        ordinal_invariance(MODEL, data, "GENDER", steps=("loadings", "thresholds"))
    odd = data.copy()
    g1 = odd["GENDER"] == 1
    odd.loc[g1 & (odd["LOY4"] == 1), "LOY4"] = 2      # LOY4 = 1 (9 answers in each group) only in group 2:
    # research.sem.ordinal_stats refuses it (lavaan stops too)
    with pytest.raises(DataError) as e:
        fit_wls_multigroup(MODEL, odd, "GENDER")
    assert "LOY4" in str(e.value) and "threshold" in str(e.value)


def test_configural_is_the_groups_fitted_one_by_one(data, ge_fits):
    """No equalities: the joint fit is each group's single-group WLSMV fit (research.sem.wls.fit_wls_data):
    the same estimates and T_g = the group's χ².  The robust ACOV of group g's block is
    (f_g E_g)⁻¹ f_g B_g (f_g E_g)⁻¹ / (N − G) against E_g⁻¹ B_g E_g⁻¹ / (N_g − 1) alone (f_g = N_g/N), so
    SE_joint² = SE_single² · (N_g − 1)·N / (N_g·(N − G))."""
    from research.sem.wls import fit_wls_data

    joint = ge_fits["configural"]
    for k, lab in enumerate(joint.groups):
        single = fit_wls_data(MODEL, data[data["GENDER"] == lab], ordered=True)
        assert single.fit["chisq"] == pytest.approx(joint.chisq_by_group[lab], rel=1e-8)
        ours = joint.parameters[joint.parameters["group"] == k + 1].set_index(["lhs", "op", "rhs"])["est"]
        theirs = single.parameters.set_index(["lhs", "op", "rhs"])["est"]
        common = ours.index.intersection(theirs.index)
        assert len(common) == len(ours)
        assert np.allclose(ours.loc[common].to_numpy(), theirs.loc[common].to_numpy(), atol=1e-6)
        N, ng = sum(joint.n.values()), joint.n[lab]
        se_j = joint.parameters[joint.parameters["group"] == k + 1].set_index(["lhs", "op", "rhs"])["se"]
        se_s = single.parameters.set_index(["lhs", "op", "rhs"])["se"]
        factor = (ng - 1) * N / (ng * (N - len(joint.groups)))
        assert np.allclose(se_j.loc[common].to_numpy() ** 2, se_s.loc[common].to_numpy() ** 2 * factor, rtol=1e-5,
                           atol=1e-12)


@pytest.mark.parametrize("par", ["delta", "theta"])
def test_jacobian_matches_differences(par, invariance):
    """Δ_g = ∂σ_g/∂θᵀ with free scale factors / residual variances, free ν and latent means (the
    thresholds step of Wu & Estabrook frees ν and the scales; the intercepts step the latent means)."""
    for step in ("thresholds", "intercepts"):
        fit = invariance[par].fits[step]
        for gm in fit.model_groups:
            D = gm.jacobian(fit.theta)
            num = np.zeros_like(D)
            for j in range(len(fit.theta)):
                h = 1e-6
                tp, tm = fit.theta.copy(), fit.theta.copy()
                tp[j] += h
                tm[j] -= h
                num[:, j] = (gm.implied(tp) - gm.implied(tm)) / (2 * h)
            assert np.max(np.abs(D - num)) < 1e-7


def test_defined_parameters_are_refused(data):
    with pytest.raises(OptionError) as e:
        fit_wls_multigroup(MODEL.replace("SAT2", "a*SAT2") + "\nd := 2*a", data, "GENDER")
    assert ":=" in str(e.value)
