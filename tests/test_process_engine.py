"""research.process beyond the PROCESS printouts: against R (``lm`` + ``sandwich``, lavaan) and by behaviour.

References:

* ``tests/reference/process_extra.json`` (``process_extra.R``, described in ``process_extra.md``): OLS and
  HC0–HC4 fits of models 1, 4, 7; conditional effects and exact Johnson–Neyman roots of model 1; a
  three-level categorical moderator in models 1 and 7 (with a seeded 2000-draw bootstrap); standardized
  model-4 effects next to lavaan's std.all; serial model 6; model 4 with a covariate.
* ``../shared/reference/process/process_lavaan.json`` (``make_process_reference.R``): OLS fits of models
  1, 4, 7, 14 (two data sets each), delta-method SEs of the defined effects under the OLS and HC3
  covariances, 5000-draw bootstrap percentile and bias-corrected limits.

Tolerances.  Where R and the engine compute the same formula, 1e-9 relative (the JSON holds 15–17
significant digits; QR vs R's QR, and a few-ulp difference in a t quantile, stay below 1e-11).  Bootstrap
numbers are Monte Carlo values: R's run (B_R draws) and ours (B draws, another random stream) are two
independent estimates of the same limit, so their difference has SD √(sd_R² + sd_ours²), each sd the
Monte Carlo SD of a quantile from B draws (:func:`_limit_sd`, density estimated from our draws; for a
bias-corrected limit plus the error that z₀ passes on); a difference must stay within ``Z`` of those SDs,
``Z`` Bonferroni-corrected over every bootstrap comparison in this file for a family-wise false-alarm rate
of 0.1 %.  A bootstrap SE's relative MC SD is √((κ−1)/(4B)) (κ the draws' kurtosis).
"""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats
from conftest import ROOT, SHARED

from research.errors import DataError, OptionError, ResearchError
from research.messages import note_texts
from research.process import process

REF = SHARED / "reference" / "process"
EXTRA = json.loads((ROOT / "tests" / "reference" / "process_extra.json").read_text(encoding="utf-8"))
LAVAAN = {f["id"]: f for f in json.loads((REF / "process_lavaan.json").read_text(encoding="utf-8"))["fits"]}
SIM = pd.read_csv(REF / "process_simulated.csv")
CAT = pd.read_csv(ROOT / "tests" / "reference" / "process_categorical.csv")

EXACT = 1e-9                       # relative tolerance where R computes the same formula
KINDS = ("OLS", "HC0", "HC1", "HC2", "HC3", "HC4")
LIMIT = 0.95
# Monte Carlo comparisons in this file: categorical model 7 (5 effects × (SE + 2 percentile + 2 BC limits),
# and the SE of one contrast) and the lavaan bootstraps (A4 3 + A7 8 + A14 8 + B4 1 + B7 4 + B14 4 effects,
# the same 5 numbers each).
N_MC = 5 * (5 + 28) + 1
Z = float(stats.norm.isf(0.001 / (2 * N_MC)))
B_OURS = 5000


def close(a, b, rel=EXACT, abs_=1e-12):
    return abs(float(a) - float(b)) <= rel * abs(float(b)) + abs_


def r_term(term: str) -> str:
    """R's coefficient name → ours: (Intercept) → (constant), x:w or x_w → x×w, D_Taobao → platform[Taobao]."""
    if term == "(Intercept)":
        return "(constant)"
    parts = term.replace(":", "_").split("_")
    out, k = [], 0
    while k < len(parts):
        if parts[k] == "D":
            out.append(f"platform[{parts[k + 1]}]")
            k += 2
        else:
            out.append(parts[k])
            k += 1
    return "×".join(out)


def coef_row(r, equation, term):
    c = r.coefficients
    sub = c[(c["equation"] == equation) & (c["term"] == r_term(term))]
    assert len(sub) == 1, (equation, term, list(c["term"]))
    return sub.iloc[0]


def check_equation(r, equation, ref, kind):
    """Every coefficient of ``ref`` (an R equation object) under covariance ``kind``, and the summary row."""
    n_checked = 0
    for term in ref["terms"]:
        mine, want = coef_row(r, equation, term), ref["coefficients"][term]
        assert close(mine["coeff"], want["est"]), (equation, term)
        w = want[kind]
        for key, rkey in (("se", "se"), ("t", "t"), ("p", "p"), ("ci.lower", "ci_lower"), ("ci.upper", "ci_upper")):
            assert close(mine[key], w[rkey], abs_=1e-300 if key == "p" else 1e-12), (equation, term, kind, key,
                                                                                       mine[key], w[rkey])
            n_checked += 1
    s = r.summary
    row = s[(s["equation"] == equation)].iloc[0]
    assert close(row["R2"], ref["r_squared"]) and close(row["R"], ref["r"]) and close(row["MSE"], ref["mse"])
    assert row["n"] == ref["n"] and row["df2"] == ref["df_resid"] and row["df1"] == ref["n_coef"] - 1
    F = ref["f_test"] if kind == "OLS" else ref["wald_f"][kind]
    assert close(row["F"], F["F"]) and close(row["p"], F["p"], abs_=1e-300), (equation, kind, row["F"], F)
    return n_checked


# ------------------------------------------------------------------------------------------------
# 1. OLS and HC0–HC4 for models 1, 4, 7
# ------------------------------------------------------------------------------------------------

HC = EXTRA["hc_standard_errors"]["models"]
ROLES = {1: dict(x="x", y="y", w="w"), 4: dict(x="x", y="y", m=["m"]), 7: dict(x="x", y="y", m=["m"], w="w")}


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("model", [1, 4, 7])
def test_coefficients_and_equation_tests_every_covariance(model, kind):
    r = process(SIM, model, se=kind.lower(), boot=0, **ROLES[model])
    eqs = HC[f"model{model}"]["equations"]
    checked = sum(check_equation(r, name, ref, kind) for name, ref in eqs.items())
    assert checked == 5 * sum(len(e["terms"]) for e in eqs.values())
    # only the equations of the model (plus model 4's total-effect equation y ~ x)
    assert set(r.summary["equation"]) == set(eqs) | ({"total"} if model == 4 else set())
    if model == 1:
        # one product: its Wald F is t² under the covariance in use; R² change = t²_OLS (1 − R²)/df2
        ref = eqs["y"]
        (row,) = r.interactions.itertuples()
        assert row.term == "x×w" and row.df1 == 1 and row.df2 == 296
        assert close(row.F, ref["coefficients"]["x:w"][kind]["t"] ** 2)
        assert close(row.p, ref["coefficients"]["x:w"][kind]["p"])
        t_ols = ref["coefficients"]["x:w"]["OLS"]["t"]
        assert close(row._3, t_ols ** 2 * (1 - ref["r_squared"]) / ref["df_resid"])


def test_the_model_summary_f_is_the_hc3_wald_f_as_process_prints():
    """process_printout_check: PROCESS 2.16.3's F (HC3 on) is the HC3 Wald F; the engine matches both readings."""
    chk = EXTRA["process_printout_check"]["models"]["model4"]
    data = pd.read_csv(REF / "pyprocessmacro_data" / "Data_Model4.csv")
    hc3 = process(data, 4, x="x", m=["m1", "m2"], y="y", boot=0)
    ols = process(data, 4, x="x", m=["m1", "m2"], y="y", se="ols", boot=0)
    for eq, c in chk.items():
        assert close(hc3.summary.set_index("equation").at[eq, "F"], c["ours"]["F_wald_HC3"])
        assert close(ols.summary.set_index("equation").at[eq, "F"], c["ours"]["F_classic"])
        assert abs(hc3.summary.set_index("equation").at[eq, "F"] - c["printed"]["F"]) <= 5.0001e-5


# ------------------------------------------------------------------------------------------------
# 2. conditional effects of model 1
# ------------------------------------------------------------------------------------------------

CE = EXTRA["conditional_effects_model1"]


@pytest.mark.parametrize("kind", ["OLS", "HC3"])
@pytest.mark.parametrize("probe,keys", [("sd", ("mean_minus_sd", "mean", "mean_plus_sd")),
                                        ("percentile", ("p16", "p50", "p84"))])
def test_conditional_effects_model1(kind, probe, keys):
    r = process(SIM, 1, x="x", y="y", w="w", se=kind.lower(), probe=probe, boot=0)
    assert r.probe == probe and len(r.direct) == 3
    for key, (_, mine) in zip(keys, r.direct.iterrows()):
        want = CE["effects"][key]
        assert close(mine["w"], want["w"], abs_=1e-14) and close(mine["w"], CE["probe_values"][key], abs_=1e-14)
        assert close(mine["effect"], want["theta"])
        for k, rk in (("se", "se"), ("t", "t"), ("p", "p"), ("ci.lower", "ci_lower"), ("ci.upper", "ci_upper")):
            assert close(mine[k], want[kind][rk], abs_=1e-300 if k == "p" else 1e-12), (key, kind, k)
    assert [close(a, CE["probe_values"][k], abs_=1e-14) for a, k in zip(r.probes["w"], keys)] == [True] * 3


def test_percentiles_are_type_7_not_type_6():
    """The 16th/84th percentiles are numpy's linear interpolation = R's quantile type 7, not SPSS's type 6."""
    r = process(SIM, 1, x="x", y="y", w="w", probe="percentile", boot=0)
    p16, p50, p84 = r.probes["w"]
    t6 = CE["percentiles_type6"]
    assert close(p16, CE["probe_values"]["p16"], abs_=1e-14) and close(p84, CE["probe_values"]["p84"], abs_=1e-14)
    assert abs(p16 - t6["p16"]) > 1e-3 and abs(p84 - t6["p84"]) > 1e-3
    assert close(p50, t6["p50"], abs_=1e-14)


# ------------------------------------------------------------------------------------------------
# 3. Johnson–Neyman
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", ["OLS", "HC3"])
def test_johnson_neyman_roots(kind):
    ref = EXTRA["johnson_neyman_model1"]
    want = ref[kind]
    r = process(SIM, 1, x="x", y="y", w="w", se=kind.lower(), boot=0)
    (jn,) = r.jn
    assert (jn["focal"], jn["moderator"], jn["outcome"]) == ("x", "w", "y")
    assert close(jn["t.crit"], want["t_crit"])
    assert close(jn["min"], ref["w_min"], abs_=0) and close(jn["max"], ref["w_max"], abs_=0)
    assert len(jn["roots"]) == len(want["roots"]) == 2
    for mine, root in zip(jn["roots"], want["roots"]):
        assert close(mine, root["w"], rel=1e-9), (kind, mine, root["w"])
    inside = [rt for rt in want["roots"] if rt["inside_observed_range"]]
    assert len(jn["inside"]) == len(inside) == 1 and close(jn["inside"][0], inside[0]["w"])
    (share,) = jn["shares"]
    assert close(share["value"], inside[0]["w"])
    assert share["below"] == inside[0]["share_below"] and share["above"] == inside[0]["share_above"]
    assert round(share["below"] * 300) == inside[0]["n_below"]
    # the grid holds the root, where p = .05 and |t| = t_crit, with R's θ and SE there
    grid = jn["grid"]
    at = grid[np.isclose(grid["w"], inside[0]["w"], rtol=0, atol=1e-12)]
    assert len(at) == 1
    row = at.iloc[0]
    assert abs(row["p"] - 0.05) < 1e-9 and close(abs(row["t"]), want["t_crit"], rel=1e-9)
    assert close(row["effect"], inside[0]["theta"]) and close(row["se"], inside[0]["se"])
    assert abs(row["ci.lower"]) < 1e-12                       # the CI touches 0 at the root
    # the grid spans the observed range, and p < .05 exactly beyond the root (A > 0: outside the roots)
    assert close(grid["w"].min(), ref["w_min"], abs_=0) and close(grid["w"].max(), ref["w_max"], abs_=0)
    beyond = grid["w"] > inside[0]["w"] + 1e-9
    assert (grid.loc[beyond, "p"] < 0.05).all() and (grid.loc[grid["w"] < inside[0]["w"] - 1e-9, "p"] > 0.05).all()
    assert want["quadratic"]["A"] > 0


# ------------------------------------------------------------------------------------------------
# 4. categorical moderator
# ------------------------------------------------------------------------------------------------

CATREF = EXTRA["categorical_moderator"]


@pytest.mark.parametrize("kind", ["OLS", "HC3"])
def test_categorical_moderator_model1(kind):
    ref = CATREF["model1"]
    r = process(CAT, 1, x="x", y="y", w="platform", se=kind.lower(), boot=0)
    assert r.levels == {"W": ("JD", "Pinduoduo", "Taobao")}            # sorted: JD is the reference
    eq = ref["equation"]
    for term in eq["terms"]:
        mine, want = coef_row(r, "y", term), eq["coefficients"][term]
        assert close(mine["coeff"], want["est"])
        for k, rk in (("se", "se"), ("t", "t"), ("p", "p"), ("ci.lower", "ci_lower"), ("ci.upper", "ci_upper")):
            assert close(mine[k], want[kind][rk]), (term, k)
    assert len(r.coefficients) == len(eq["terms"])
    assert list(r.direct["platform"]) == ["JD", "Pinduoduo", "Taobao"]
    for _, mine in r.direct.iterrows():
        want = ref["conditional_effects_of_x"][mine["platform"]]
        assert close(mine["effect"], want["theta"])
        for k, rk in (("se", "se"), ("t", "t"), ("p", "p"), ("ci.lower", "ci_lower"), ("ci.upper", "ci_upper")):
            assert close(mine[k], want[kind][rk]), (mine["platform"], k)
    (omni,) = r.interactions.itertuples()                 # the two products tested jointly
    want = ref["omnibus_interaction"]
    assert omni.term == "x×platform" and omni.df1 == 2 and omni.df2 == 294
    assert close(omni.F, want[kind]["F"]) and close(omni.p, want[kind]["p"])
    assert close(omni._3, want["OLS"]["r2_change"])            # R² change is the OLS one under any covariance
    assert r.jn == []                                          # no J-N for a categorical moderator


def _mc_sd(draws: np.ndarray, est: float, p: float, B: int, bc: bool) -> float:
    """Monte Carlo SD of a bootstrap limit at nominal probability ``p`` from B draws (Efron & Tibshirani 1993
    §19): the quantile's error √(p'(1−p')/B)·s, s the sparsity (dq/dp) estimated from ``draws``, p' = p for a
    percentile limit and Φ(2z₀ + z_p) for a bias-corrected one, which adds the error z₀ passes on."""
    d = np.sort(draws)
    n = d.size
    zc = stats.norm.ppf(p)
    if bc:
        share = np.clip(np.mean(d < est), 1 / n, 1 - 1 / n)
        z0 = stats.norm.ppf(share)
        sd_z0 = math.sqrt(share * (1 - share) / B) / stats.norm.pdf(z0)
        pp = stats.norm.cdf(2 * z0 + zc)
        extra = (2 * stats.norm.pdf(2 * z0 + zc) * sd_z0) ** 2
    else:
        pp, extra = p, 0.0
    h = 0.01
    lo, hi = max(pp - h, 0.0), min(pp + h, 1.0)
    s = (np.quantile(d, hi) - np.quantile(d, lo)) / (hi - lo)
    return s * math.sqrt(pp * (1 - pp) / B + extra)


def boot_agrees(draws, est, ours: dict, ref: dict, B_ref: int, where) -> int:
    """Our boot SE and percentile/BC limits (``ours``: se, perc, bc) against R's (B_ref draws)."""
    B = draws.size
    kurt = float(stats.kurtosis(draws, fisher=False))
    rel = math.sqrt((kurt - 1) / 4 * (1 / B + 1 / B_ref))
    assert abs(ours["se"] - ref["boot_se"]) <= Z * rel * ref["boot_se"], (where, "se", ours["se"], ref["boot_se"])
    for bc, (lo, hi) in ((False, ours["perc"]), (True, ours["bc"])):
        name = "bc" if bc else "perc"
        for mine, want, p in ((lo, ref[f"{name}_lower"], (1 - LIMIT) / 2), (hi, ref[f"{name}_upper"], (1 + LIMIT) / 2)):
            sd = math.hypot(_mc_sd(draws, est, p, B, bc), _mc_sd(draws, est, p, B_ref, bc))
            assert abs(mine - want) <= Z * sd, (where, name, p, mine, want, sd)
    return 5


def _both_intervals(data, model, seed, B, **kw):
    perc = process(data, model, boot=B, seed=seed, ci="percentile", **kw)
    bc = process(data, model, boot=B, seed=seed, ci="bc", **kw)
    assert perc.draws.equals(bc.draws)                       # the same draws, only the interval differs
    return perc, bc


def _boot_of(perc, bc, table, mask) -> tuple:
    a, b = getattr(perc, table)[mask].iloc[0], getattr(bc, table)[mask].iloc[0]
    assert a["effect"] == b["effect"] and a["boot.se"] == b["boot.se"]
    draws = perc.draws[a["draw"]].to_numpy()
    return a, draws, {"se": a["boot.se"], "perc": (a["boot.ci.lower"], a["boot.ci.upper"]),
                      "bc": (b["boot.ci.lower"], b["boot.ci.upper"])}


@pytest.fixture(scope="module")
def categorical7():
    return _both_intervals(CAT, 7, 16016, B_OURS, x="x", m=["m"], y="y", w="platform")


def test_categorical_moderator_model7_equations():
    ref = CATREF["model7"]
    for kind in ("OLS", "HC3"):
        r = process(CAT, 7, x="x", m=["m"], y="y", w="platform", se=kind.lower(), boot=0)
        for name, eq in ref["equations"].items():
            for term in eq["terms"]:
                mine, want = coef_row(r, name, term), eq["coefficients"][term]
                assert close(mine["coeff"], want["est"])
                for k, rk in (("se", "se"), ("t", "t"), ("p", "p"), ("ci.lower", "ci_lower"),
                              ("ci.upper", "ci_upper")):
                    assert close(mine[k], want[kind][rk], abs_=1e-300 if k == "p" else 1e-12), (name, term, k)
            row = r.summary.set_index("equation").loc[name]
            F = eq["f_test"] if kind == "OLS" else eq["wald_f"][kind]
            assert close(row["F"], F["F"]) and close(row["R2"], eq["r_squared"])
        assert close(r.direct["effect"].iloc[0], ref["effects"]["direct"])
        assert close(r.direct["se"].iloc[0], ref["equations"]["y"]["coefficients"]["x"][kind]["se"])
        (omni,) = r.interactions.itertuples()
        assert omni.equation == "m" and omni.term == "x×platform" and omni.df1 == 2 and omni.df2 == 294
        # the joint Wald F of the two products from R's covariance matrix of that kind
        eq = ref["equations"]["m"]
        js = [eq["terms"].index(t) for t in ("x:D_Pinduoduo", "x:D_Taobao")]
        b = np.array([eq["coefficients"][eq["terms"][j]]["est"] for j in js])
        V = np.array(eq["vcov"][kind])[np.ix_(js, js)]
        assert close(omni.F, b @ np.linalg.solve(V, b) / 2, rel=1e-8)


def test_categorical_moderator_model7_effects_and_bootstrap(categorical7):
    perc, bc = categorical7
    ref = CATREF["model7"]
    boot = ref["bootstrap"]
    eff = ref["effects"]
    assert list(perc.indirect["platform"]) == ["JD", "Pinduoduo", "Taobao"]
    checked = 0
    for level in ("JD", "Pinduoduo", "Taobao"):
        mine, draws, ours = _boot_of(perc, bc, "indirect", perc.indirect["platform"] == level)
        assert close(mine["effect"], eff[f"ind_{level}"])
        checked += boot_agrees(draws, mine["effect"], ours, boot["results"][f"ind_{level}"], boot["B"], level)
    idx = perc.indices
    assert set(idx["kind"]) == {"moderated mediation"}
    assert list(idx["moderator"]) == ["platform[Pinduoduo]", "platform[Taobao]"]
    for level in ("Pinduoduo", "Taobao"):
        mine, draws, ours = _boot_of(perc, bc, "indices", idx["moderator"] == f"platform[{level}]")
        assert close(mine["effect"], eff[f"index_D_{level}"])
        # the index is that level's indirect effect minus the reference level's, draw by draw
        ind = perc.indirect.set_index("platform")
        assert np.allclose(draws, perc.draws[ind.at[level, "draw"]] - perc.draws[ind.at["JD", "draw"]],
                           rtol=0, atol=1e-12)
        checked += boot_agrees(draws, mine["effect"], ours, boot["results"][f"index_D_{level}"], boot["B"], level)
    assert checked == 25
    # Taobao − Pinduoduo from the draws: a contrast of two conditional indirect effects
    ind = perc.indirect.set_index("platform")
    diff = (perc.draws[ind.at["Taobao", "draw"]] - perc.draws[ind.at["Pinduoduo", "draw"]]).to_numpy()
    assert close(ind.at["Taobao", "effect"] - ind.at["Pinduoduo", "effect"], eff["contrast_Taobao_minus_Pinduoduo"])
    want = boot["results"]["contrast_Taobao_minus_Pinduoduo"]
    kurt = float(stats.kurtosis(diff, fisher=False))
    assert abs(np.std(diff, ddof=1) - want["boot_se"]) <= Z * math.sqrt((kurt - 1) / 4 * (1 / diff.size + 1 / 2000)) \
        * want["boot_se"]


# ------------------------------------------------------------------------------------------------
# 5. standardized effects of model 4
# ------------------------------------------------------------------------------------------------

def test_standardized_effects_model4():
    ref = EXTRA["standardized_mediation_model4"]
    r = process(SIM, 4, x="x", m=["m"], y="y", boot=500, seed=4)
    st = r.standardized.set_index(["effect", "standardization"])
    names = {"direct": "c_prime", "indirect": "ab", "total": "total"}
    for effect, key in names.items():
        assert close(st.at[(effect, "partially"), "estimate"], ref["partially_standardized"][key])
        assert close(st.at[(effect, "completely"), "estimate"], ref["completely_standardized"][key])
    lav = ref["lavaan"]["std_all"]
    for effect, key in (("direct", "c"), ("indirect", "ab"), ("total", "total")):
        assert abs(st.at[(effect, "completely"), "estimate"] - lav[key]["est_std"]) < 1e-12
    for scale in ("partially", "completely"):
        assert st.at[("total", scale), "estimate"] == pytest.approx(
            st.at[("direct", scale), "estimate"] + st.at[("indirect", scale), "estimate"], rel=1e-14, abs=1e-15)
    # unstandardized: total (from y ~ x) = direct + indirect, and = c
    total = r.total["effect"].iloc[0]
    assert total == pytest.approx(r.direct["effect"].iloc[0] + r.indirect["effect"].iloc[0], rel=1e-13)
    assert close(total, ref["effects"]["c"]) and close(r.indirect["effect"].iloc[0], ref["effects"]["ab"])
    # the standardized bootstrap rows are the unstandardized ones rescaled draw by draw: same sign and
    # an interval around the estimate
    for _, row in r.standardized.iterrows():
        assert row["boot.ci.lower"] < row["estimate"] < row["boot.ci.upper"]


# ------------------------------------------------------------------------------------------------
# 6. serial mediation (model 6)
# ------------------------------------------------------------------------------------------------

def test_serial_mediation_model6():
    ref = EXTRA["serial_mediation_model6"]
    data = pd.read_csv(REF / "pyprocessmacro_data" / "Data_Model6.csv")
    for kind in ("OLS", "HC3"):
        r = process(data, 6, x="x", m=["m1", "m2"], y="y", se=kind.lower(), boot=0)
        for name, eq in ref["equations"].items():
            check_equation(r, name, eq, kind)
    r = process(data, 6, x="x", m=["m1", "m2"], y="y", boot=500, seed=6)
    ind = r.indirect.set_index("path")
    paths = {"ind1": "x → m1 → y", "ind2": "x → m1 → m2 → y", "ind3": "x → m2 → y"}
    assert list(ind.index) == ["total", *paths.values()]
    for key, path in paths.items():
        assert close(ind.at[path, "effect"], ref["indirect"][key])
        assert abs(ind.at[path, "effect"] - ref["process_printed"][key.capitalize()]) <= 5.0001e-5
    assert close(ind.at["total", "effect"], ref["indirect"]["total_indirect"])
    assert ind.at["total", "mediators"] == ["m1", "m2"]
    assert close(r.total["effect"].iloc[0], ref["paths"]["c_total"])
    assert close(r.direct["effect"].iloc[0] + ind.at["total", "effect"], ref["indirect"]["total_effect"])
    # contrasts: first minus second, in PROCESS's order ind1−ind2, ind1−ind3, ind2−ind3 (contrast = 1)
    c = r.contrasts
    want = [("ind1", "ind2"), ("ind1", "ind3"), ("ind2", "ind3")]
    assert list(c["path"]) == [f"{paths[a]}  −  {paths[b]}" for a, b in want]
    for (_, row), (a, b) in zip(c.iterrows(), want):
        assert close(row["effect"], ref["contrasts"][f"{a}_minus_{b}"])
        diff = r.draws[ind.at[paths[a], "draw"]] - r.draws[ind.at[paths[b], "draw"]]
        assert np.allclose(r.draws[row["draw"]], diff, rtol=0, atol=1e-12)
    # the total indirect effect is the sum of the specific ones, draw by draw
    total = sum(r.draws[ind.at[p, "draw"]] for p in paths.values())
    assert np.allclose(r.draws[ind.at["total", "draw"]], total, rtol=0, atol=1e-12)


# ------------------------------------------------------------------------------------------------
# 7. covariates
# ------------------------------------------------------------------------------------------------

def test_covariate_in_both_equations_model4():
    ref = EXTRA["covariate_model4"]
    for kind in ("OLS", "HC3"):
        r = process(SIM, 4, x="x", m=["m"], y="y", covariates=["w"], se=kind.lower(), boot=0)
        assert r.roles["C1"] == "w"
        for name, eq in ref["equations"].items():
            check_equation(r, name, eq, kind)
        eff = ref["effects"]
        assert close(r.indirect["effect"].iloc[0], eff["ab"])
        assert close(r.direct["effect"].iloc[0], eff["c_prime"])
        assert close(r.total["effect"].iloc[0], eff["c_from_y_on_x_w"])        # y ~ x + w
        assert close(r.total["effect"].iloc[0], eff["total"])
        terms = r.coefficients[r.coefficients["equation"] == "total"]["term"].tolist()
        assert terms == ["(constant)", "x", "w"]


# ------------------------------------------------------------------------------------------------
# 8. process_lavaan.json
# ------------------------------------------------------------------------------------------------

LAV_ARGS = {
    "A1_model1_pyprocessmacro": (1, "pyprocessmacro_data/Data_Model1.csv", dict(x="x", y="y", w="m")),
    "A4_model4_pyprocessmacro": (4, "pyprocessmacro_data/Data_Model4.csv", dict(x="x", y="y", m=["m1", "m2"])),
    "A7_model7_pyprocessmacro": (7, "pyprocessmacro_data/Data_Model7.csv", dict(x="x", y="y", m=["m1", "m2"], w="w")),
    "A14_model14_pyprocessmacro": (14, "pyprocessmacro_data/Data_Model14.csv",
                                   dict(x="x", y="y", m=["m1", "m2"], w="v")),
    "B1_model1_simulated": (1, "process_simulated.csv", dict(x="x", y="y", w="w")),
    "B4_model4_simulated": (4, "process_simulated.csv", dict(x="x", y="y", m=["m"])),
    "B7_model7_simulated": (7, "process_simulated.csv", dict(x="x", y="y", m=["m"], w="w")),
    "B14_model14_simulated": (14, "process_simulated.csv", dict(x="x", y="y", m=["m"], w="w")),
}
LAV_REL = 1e-12 * 1e3        # the JSON has 15 significant digits: 1e-13 relative, with room for t → p


@pytest.mark.parametrize("fit_id", sorted(LAV_ARGS))
def test_lavaan_reference_ols_and_delta_se(fit_id):
    model, path, kw = LAV_ARGS[fit_id]
    ref = LAVAAN[fit_id]
    assert ref["data_file"] == path
    data = pd.read_csv(REF / path)
    ols = process(data, model, se="ols", boot=0, **kw)
    hc3 = process(data, model, se="hc3", boot=0, **kw)
    for name, eq in ref["ols"].items():
        s = ols.summary.set_index("equation").loc[name]
        assert close(s["R2"], eq["r_squared"], rel=LAV_REL) and close(math.sqrt(s["MSE"]), eq["sigma_ols"], rel=LAV_REL)
        assert len(ols.coefficients[ols.coefficients["equation"] == name]) == len(eq["coefficients"])
        for c in eq["coefficients"]:
            a, b = coef_row(ols, name, c["term"]), coef_row(hc3, name, c["term"])
            assert close(a["coeff"], c["est"], rel=LAV_REL), (fit_id, name, c["term"])
            assert close(a["se"], c["se_ols"], rel=LAV_REL) and close(a["t"], c["t_ols"], rel=LAV_REL)
            assert close(a["p"], c["p_ols"], rel=LAV_REL, abs_=1e-300)
            assert close(b["se"], c["se_hc3"], rel=LAV_REL), (fit_id, name, c["term"])
    if model == 1:
        # conditional direct effects: linear in the coefficients, so the t-based SE is the delta-method SE
        mv = ref["moderator_values"]
        low, mean, high = mv["low"], mv["mean"], mv["high"]
        mod = kw["w"]
        for r, key in ((ols, "se_delta_ols"), (hc3, "se_delta_hc3")):
            assert len(r.direct) == 3
            for (_, row), name, value in zip(r.direct.iterrows(), ("low", "mean", "high"), (low, mean, high)):
                d = ref["defined"][f"theta_x_at_{name}"]
                assert close(row[mod], value, rel=LAV_REL)
                assert close(row["effect"], d["est_ols"], rel=LAV_REL)
                assert close(row["se"], d[key], rel=LAV_REL), (fit_id, name, key)
    elif model == 4:
        total = ref["defined"]["total"]["est_ols"]
        assert close(ols.total["effect"].iloc[0], total, rel=LAV_REL)
        assert close(ols.direct["effect"].iloc[0] + ols.indirect[ols.indirect["path"] != "total"]["effect"].sum(),
                     total, rel=LAV_REL)
    else:
        _lavaan_defined_points(ols, ref, kw)


def _lavaan_rows(r, ref, kw):
    """(our table, row mask, defined key) for each defined conditional indirect effect and index."""
    meds = kw["m"]
    mod = kw["w"]
    out = []
    for key in ref["defined"]:
        parts = key.split("_")
        med = meds[0] if len(meds) == 1 else parts[-1] if key.startswith("index") else parts[1]
        path = f"x → {med} → y"
        if key.startswith("index"):
            out.append(("indices", (r.indices["path"] == path).to_numpy(), key))
        else:
            value = ref["moderator_values"][parts[-1]]
            mask = (r.indirect["path"] == path) & np.isclose(r.indirect[mod], value, rtol=1e-12, atol=0)
            out.append(("indirect", mask.to_numpy(), key))
    return out


def _lavaan_defined_points(r, ref, kw):
    rows = _lavaan_rows(r, ref, kw)
    assert len(rows) == len(ref["defined"]) and len(r.indirect) + len(r.indices) == len(rows)
    for table, mask, key in rows:
        sub = getattr(r, table)[mask]
        assert len(sub) == 1, key
        assert close(sub["effect"].iloc[0], ref["defined"][key]["est_ols"], rel=LAV_REL), key


@pytest.mark.parametrize("fit_id", ["A4_model4_pyprocessmacro", "A7_model7_pyprocessmacro",
                                    "A14_model14_pyprocessmacro", "B4_model4_simulated", "B7_model7_simulated",
                                    "B14_model14_simulated"])
def test_lavaan_reference_bootstrap(fit_id):
    model, path, kw = LAV_ARGS[fit_id]
    ref = LAVAAN[fit_id]
    data = pd.read_csv(REF / path)
    perc, bc = _both_intervals(data, model, 12345, B_OURS, **kw)
    boot = ref["bootstrap"]
    checked = 0
    if model == 4:
        meds = kw["m"]
        keys = ({"ind_m1": "x → m1 → y", "ind_m2": "x → m2 → y", "ind_total": "total"} if len(meds) == 2
                else {"indirect": "x → m → y"})
        for key, p in keys.items():
            mine, draws, ours = _boot_of(perc, bc, "indirect", perc.indirect["path"] == p)
            assert close(mine["effect"], ref["defined"][key]["est_ols"], rel=LAV_REL)
            checked += boot_agrees(draws, mine["effect"], ours, boot["results"][key], boot["B"], (fit_id, key))
    else:
        for table, mask, key in _lavaan_rows(perc, ref, kw):
            mine, draws, ours = _boot_of(perc, bc, table, mask)
            checked += boot_agrees(draws, mine["effect"], ours, boot["results"][key], boot["B"], (fit_id, key))
    assert checked == 5 * (len(ref["defined"]) - (1 if model == 4 else 0))


# ------------------------------------------------------------------------------------------------
# 9. behaviour
# ------------------------------------------------------------------------------------------------

def test_centering_keeps_effects_and_moves_lower_order_terms():
    raw = process(SIM, 1, x="x", y="y", w="w", boot=0)
    b = raw.coefficients.set_index("term")["coeff"]
    xm, wm = SIM["x"].mean(), SIM["w"].mean()
    for center in (True, "continuous"):
        r = process(SIM, 1, x="x", y="y", w="w", boot=0, center=center)
        assert r.center == center
        # the same conditional effects at the same moderator values, reported in the data's metric
        assert np.allclose(r.direct["w"], raw.direct["w"], rtol=0, atol=1e-14)
        for col in ("effect", "se", "t", "p", "ci.lower", "ci.upper"):
            assert np.allclose(r.direct[col], raw.direct[col], rtol=1e-10, atol=1e-14), col
        c = r.coefficients.set_index("term")["coeff"]
        assert c["x×w"] == pytest.approx(b["x×w"], rel=1e-12)
        assert c["x"] == pytest.approx(b["x"] + b["x×w"] * wm, rel=1e-10)            # θ at the mean of w
        assert c["w"] == pytest.approx(b["w"] + b["x×w"] * xm, rel=1e-10)
        assert c["(constant)"] == pytest.approx(b["(constant)"] + b["x"] * xm + b["w"] * wm + b["x×w"] * xm * wm,
                                                rel=1e-10)
        for a, z in zip(r.jn[0]["roots"], raw.jn[0]["roots"]):
            assert a == pytest.approx(z, rel=1e-10)
    # a 0/1 moderator: "continuous" leaves it alone, True centres it
    data = SIM.assign(g=(SIM["w"] > 1).astype(int))
    b = process(data, 1, x="x", y="y", w="g", boot=0).coefficients.set_index("term")["coeff"]
    cont = process(data, 1, x="x", y="y", w="g", boot=0, center="continuous").coefficients.set_index("term")["coeff"]
    full = process(data, 1, x="x", y="y", w="g", boot=0, center=True).coefficients.set_index("term")["coeff"]
    assert cont["x"] == pytest.approx(b["x"], rel=1e-10)
    assert cont["g"] == pytest.approx(b["g"] + b["x×g"] * xm, rel=1e-10)
    assert full["x"] == pytest.approx(b["x"] + b["x×g"] * data["g"].mean(), rel=1e-10)


def test_centering_keeps_conditional_indirect_effects_and_their_bootstrap():
    raw = process(SIM, 7, x="x", m=["m"], y="y", w="w", boot=500, seed=3)
    cen = process(SIM, 7, x="x", m=["m"], y="y", w="w", boot=500, seed=3, center=True)
    for table in ("indirect", "indices"):
        a, b = getattr(raw, table), getattr(cen, table)
        for col in ("effect", "boot.se", "boot.ci.lower", "boot.ci.upper"):
            assert np.allclose(a[col], b[col], rtol=1e-9, atol=1e-12), (table, col)
    assert np.allclose(raw.indirect["w"], cen.indirect["w"], rtol=0, atol=1e-14)
    a_raw = raw.coefficients.set_index(["equation", "term"])["coeff"]
    a_cen = cen.coefficients.set_index(["equation", "term"])["coeff"]
    assert a_cen[("m", "x")] == pytest.approx(a_raw[("m", "x")] + a_raw[("m", "x×w")] * SIM["w"].mean(), rel=1e-10)
    assert a_cen[("y", "m")] == pytest.approx(a_raw[("y", "m")], rel=1e-12)     # m forms no product


def test_values_override_the_probe_values():
    r = process(SIM, 1, x="x", y="y", w="w", boot=0, values={"w": [0, 1.5, 3]})
    b = r.coefficients.set_index("term")["coeff"]
    assert list(r.direct["w"]) == [0.0, 1.5, 3.0] and r.probes == {"w": [0.0, 1.5, 3.0]}
    assert np.allclose(r.direct["effect"], b["x"] + b["x×w"] * np.array([0, 1.5, 3]), rtol=1e-12)
    r7 = process(SIM, 7, x="x", m=["m"], y="y", w="w", boot=0, values={"w": [2]})
    assert list(r7.indirect["w"]) == [2.0]


def test_a_dichotomous_moderator_is_probed_at_its_two_values():
    data = SIM.assign(g=(SIM["w"] > 1).astype(int))
    for probe in ("sd", "percentile"):
        r = process(data, 1, x="x", y="y", w="g", boot=0, probe=probe)
        assert list(r.direct["g"]) == [0.0, 1.0]
        b = r.coefficients.set_index("term")["coeff"]
        assert r.direct["effect"].tolist() == pytest.approx([b["x"], b["x"] + b["x×g"]], rel=1e-12)
        assert r.notes == []


def test_mean_plus_minus_sd_outside_the_range_is_clipped_with_a_note():
    rng = np.random.default_rng(9)
    n = 100
    skew = np.r_[np.zeros(85), np.ones(5), np.full(10, 10.0)]          # mean 1.05, SD ≈ 3.0: mean − SD < 0
    data = pd.DataFrame({"x": rng.normal(size=n), "s": rng.permutation(skew)})
    data["y"] = data["x"] * (1 + 0.1 * data["s"]) + rng.normal(size=n)
    r = process(data, 1, x="x", y="y", w="s", boot=0)
    mean, sd = data["s"].mean(), data["s"].std(ddof=1)
    assert mean - sd < 0
    assert r.probes["s"] == pytest.approx([0.0, mean, mean + sd], rel=1e-12)
    assert r.direct["s"].iloc[0] == 0.0
    (note,) = [note_texts(n_) for n_ in r.notes]
    assert note["en"].startswith("s:") and "outside" in note["en"] and "[0, 10]" in note["en"]
    assert "超出观测范围 [0, 10]" in note["zh-Hans"] and "超出觀測範圍 [0, 10]" in note["zh-Hant"]


def test_bootstrap_is_reproducible_with_a_seed():
    kw = dict(x="x", m=["m"], y="y", w="w", boot=300)
    a = process(SIM, 7, seed=11, **kw)
    b = process(SIM, 7, seed=11, **kw)
    c = process(SIM, 7, seed=12, **kw)
    assert a.draws.equals(b.draws) and a.indirect.equals(b.indirect) and a.seed == 11
    assert not np.allclose(a.draws.to_numpy(), c.draws.to_numpy())
    assert (a.indirect["effect"] == c.indirect["effect"]).all()               # the point estimates do not move
    # no seed: fresh entropy, recorded so that the run can be repeated
    d = process(SIM, 7, **kw)
    e = process(SIM, 7, seed=d.seed, **kw)
    assert isinstance(d.seed, int) and d.draws.equals(e.draws)


def test_missing_values_are_excluded_listwise_and_listed():
    data = SIM.copy()
    data.loc[[3, 10], "x"] = np.nan
    data.loc[[10, 20], "m"] = np.nan
    data["unused"] = np.nan                                     # a column outside the model does not matter
    r = process(data, 4, x="x", m=["m"], y="y", boot=0)
    assert r.n == 297 and r.summary["n"].tolist() == [297, 297, 297]
    assert [e["row"] for e in r.excluded] == [3, 10, 20]
    reasons = {e["row"]: e["reason"] for e in r.excluded}
    assert reasons[3]["en"] == "missing: x" and reasons[10]["en"] == "missing: x, m"
    assert reasons[20]["zh-Hans"] == "缺失：m" and reasons[10]["zh-Hant"] == "遺漏：x、m"
    ref = process(SIM.drop(index=[3, 10, 20]), 4, x="x", m=["m"], y="y", boot=0)
    pd.testing.assert_frame_equal(r.coefficients, ref.coefficients)
    (note,) = [note_texts(n_) for n_ in r.notes]
    assert note["en"].startswith("3 rows") and note["zh-Hans"].startswith("3 行")
    assert note["zh-Hant"].startswith("3 列")


def _says(err: ResearchError, *words):
    """The message exists in all three languages, differs between them, and names ``words`` in each."""
    texts = {lang: err.message(lang) for lang in ("en", "zh-Hans", "zh-Hant")}
    assert len(set(texts.values())) == 3, texts
    assert any("\u4e00" <= ch <= "\u9fff" for ch in texts["zh-Hans"])
    for lang, text in texts.items():
        for w in words:
            assert str(w) in text, (lang, w, text)
    return texts


@pytest.mark.parametrize("kwargs,option,words", [
    (dict(model=4, x="x", m=["mm"], y="y"), "m", ["'mm'"]),                           # unknown column
    (dict(model=1, x="x", m=["m"], y="y", w="w"), "m", ["model 1: m = ['m']"]),       # no mediator in model 1
    (dict(model=7, x="x", m=["m"], y="y"), "w", ["model 7: w = None"]),               # model 7 needs W
    (dict(model=4, x="x", m=["x"], y="y"), "m", ["'x': X = M1"]),                      # one column, two roles
    (dict(model=4, x="x", m=["m"], y="y", covariates=["m"]), "covariates", ["'m': M1 = C1"]),
    (dict(model=0, x="x", m=["m"], y="y"), "model", ["0 ∉ 1…76"]),
    (dict(model=77, x="x", m=["m"], y="y"), "model", ["77 ∉ 1…76"]),
    (dict(model="7", x="x", m=["m"], y="y", w="w"), "model", ["'7' ∉ 1…76"]),
    (dict(model=4, x="x", m=["m"], y="y", boot=50), "boot", ["50", "200"]),
    (dict(model=4, x="x", m=["m"], y="y", se="hc9"), "se", ["'hc9'", "hc3"]),
])
def test_invalid_options_raise_trilingual_errors(kwargs, option, words):
    with pytest.raises(OptionError) as info:
        process(SIM, **kwargs)
    assert isinstance(info.value, ResearchError) and info.value.params["option"] == option
    _says(info.value, option, *words)


def test_invalid_data_raise_trilingual_errors():
    text = SIM.astype({"m": object})
    text.loc[7, "m"] = "n/a"
    with pytest.raises(DataError) as info:
        process(text, 4, x="x", m=["m"], y="y")
    err = info.value
    assert err.column == "m" and err.value == "n/a"
    assert err.row == 8                           # row 8 of the data (the 8th respondent), counted from 1
    texts = _says(err, "n/a", "8")
    assert "column 'm'" in texts["en"] and "row 8" in texts["en"]
    with pytest.raises(DataError) as info:
        process(SIM.assign(x=1.0), 4, x="x", m=["m"], y="y")
    _says(info.value, "SD = 0")
    assert info.value.column == "x"
    with pytest.raises(DataError) as info:
        process(SIM.assign(c=2 * SIM["x"] + 1), 4, x="x", m=["m"], y="y", covariates=["c"])
    _says(info.value, "rank")
    with pytest.raises(DataError) as info:
        process(SIM.assign(c=2 * SIM["w"]), 4, x="x", m=["m"], y="y", covariates=["c", "w"])
    _says(info.value, "rank")


def test_numbers_in_an_object_column_and_blank_cells():
    """An object column of numbers (or numbers as text) is numeric; a blank cell is a missing answer."""
    ref = process(SIM, 4, x="x", m=["m"], y="y", boot=0)
    obj = process(SIM.astype({"m": object, "x": str}), 4, x="x", m=["m"], y="y", boot=0)
    pd.testing.assert_frame_equal(obj.coefficients, ref.coefficients, rtol=1e-12)
    blank = SIM.astype({"m": object})
    blank.loc[4, "m"] = "  "
    blank.loc[6, "m"] = None
    r = process(blank, 4, x="x", m=["m"], y="y", boot=0)
    assert r.n == 298 and [e["row"] for e in r.excluded] == [4, 6]
    inf = SIM.copy()
    inf.loc[5, "y"] = -np.inf
    with pytest.raises(DataError) as info:
        process(inf, 4, x="x", m=["m"], y="y")
    assert info.value.row == 6 and info.value.column == "y"
    _says(info.value, "inf", "6")


def test_categorical_moderator_with_numeric_codes():
    """Codes 1, 2, 10 are ordered as numbers (R's factor()); values= and predict() take the codes as numbers,
    and a code that is no level is an error, not silently the reference level."""
    data = CAT.assign(code=CAT["platform"].map({"JD": 1, "Taobao": 2, "Pinduoduo": 10}))
    r = process(data, 1, x="x", y="y", w="code", categorical=["code"], boot=0)
    text = process(CAT, 1, x="x", y="y", w="platform", boot=0)
    assert r.levels == {"W": ("1", "2", "10")}
    assert list(r.direct["code"]) == ["1", "2", "10"]
    want = text.direct.set_index("platform")["effect"]
    assert r.direct["effect"].tolist() == pytest.approx(want[["JD", "Taobao", "Pinduoduo"]].tolist(), rel=1e-12)
    v = process(data, 1, x="x", y="y", w="code", categorical=["code"], boot=0, values={"code": [10, 2.0]})
    assert list(v.direct["code"]) == ["10", "2"]
    p = r.predict({"x": 1.0, "code": [1, 2.0, "10"]})
    q = text.predict({"x": 1.0, "platform": ["JD", "Taobao", "Pinduoduo"]})
    assert p["fit"].tolist() == pytest.approx(q["fit"].tolist(), rel=1e-12)
    for bad in ([3], ["Tmall"]):
        with pytest.raises(OptionError) as info:
            r.predict({"x": 1.0, "code": bad})
        _says(info.value, "code", str(bad[0]))
        with pytest.raises(OptionError):
            process(data, 1, x="x", y="y", w="code", categorical=["code"], boot=0, values={"code": bad})
    with pytest.raises(OptionError) as info:
        text.predict({"platform": ["Tmall"]})
    _says(info.value, "Tmall", "JD")


def test_categorical_group_absent_in_some_resamples():
    rng = np.random.default_rng(5)
    n = 60
    g = np.array(["a"] * 30 + ["b"] * 27 + ["c"] * 3)
    x = rng.normal(size=n)
    m = 0.5 * x + rng.normal(size=n)
    data = pd.DataFrame({"x": x, "g": rng.permutation(g), "m": m, "y": 0.4 * m + rng.normal(size=n)})
    r = process(data, 7, x="x", m=["m"], y="y", w="g", boot=400, seed=8)
    assert r.draws.shape == (400, 5) and np.isfinite(r.draws.to_numpy()).all()
    for table in (r.indirect, r.indices):
        assert np.isfinite(table[["boot.se", "boot.ci.lower", "boot.ci.upper"]].to_numpy()).all()
    (note,) = [note_texts(n_) for n_ in r.notes if "resamples" in n_]
    replaced = int(note["en"].split()[0])
    # a resample is singular when it holds fewer than two distinct rows of group c (D_c ∝ x·D_c):
    # q = Σ_k P(k draws of c) · 3^(1−k) (k = 0: 1); replaced until 400 are good, a negative binomial count
    q = sum(stats.binom.pmf(k, n, 3 / n) * (1.0 if k == 0 else 3.0 ** (1 - k)) for k in range(n + 1))
    mean, sd = 400 * q / (1 - q), math.sqrt(400 * q) / (1 - q)
    assert abs(replaced - mean) <= 5 * sd, (replaced, mean, sd)
    assert note["zh-Hans"].startswith(f"{replaced} 个") and note["zh-Hant"].startswith(f"{replaced} 個")


# ------------------------------------------------------------------------------------------------
# 10. to_dict and predict
# ------------------------------------------------------------------------------------------------

def test_to_dict_is_strict_json():
    r = process(SIM, 7, x="x", m=["m"], y="y", w="w", boot=300, seed=2, center="continuous")
    d = r.to_dict()
    text = json.dumps(d, allow_nan=False)
    back = json.loads(text)
    assert back == d
    assert back["center"] == "continuous" and back["seed"] == 2 and back["roles"]["W"] == "w"
    assert [row["effect"] for row in back["indirect"]] == r.indirect["effect"].tolist()
    assert back["coefficients"][0]["term"] == "(constant)"
    # NaN in a table (a moderator column absent from some rows) becomes null
    m1 = process(SIM, 1, x="x", y="y", w="w", boot=0)
    dm = m1.to_dict()
    json.dumps(dm, allow_nan=False)
    assert dm["jn"][0]["grid"][0]["w"] == pytest.approx(SIM["w"].min())
    cat = process(CAT, 7, x="x", m=["m"], y="y", w="platform", boot=200, seed=1)
    dc = json.loads(json.dumps(cat.to_dict(), allow_nan=False))
    assert dc["levels"] == {"W": ["JD", "Pinduoduo", "Taobao"]}
    assert dc["probes"] == {"platform": ["JD", "Pinduoduo", "Taobao"]}
    fake = process(SIM, 4, x="x", m=["m"], y="y", boot=0)
    fake.indirect.loc[0, "effect"] = np.nan
    assert json.loads(json.dumps(fake.to_dict(), allow_nan=False))["indirect"][0]["effect"] is None


def test_predict_equals_a_hand_computation():
    r = process(SIM, 1, x="x", y="y", w="w", se="ols", boot=0)
    b = r.coefficients.set_index("term")["coeff"]
    xs, ws = np.array([-1.0, 0.0, 2.0]), np.array([0.5, 1.0, 3.0])
    p = r.predict({"x": xs, "w": ws})
    X = np.column_stack([np.ones(3), xs, ws, xs * ws])
    beta = b[["(constant)", "x", "w", "x×w"]].to_numpy()
    assert np.allclose(p["fit"], X @ beta, rtol=1e-12)
    # the SE from the OLS covariance: MSE (X′X)⁻¹ of the data's design
    D = np.column_stack([np.ones(len(SIM)), SIM["x"], SIM["w"], SIM["x"] * SIM["w"]])
    V = r.summary["MSE"].iloc[0] * np.linalg.inv(D.T @ D)
    se = np.sqrt(np.einsum("ij,jk,ik->i", X, V, X))
    assert np.allclose(p["se"], se, rtol=1e-9)
    crit = stats.t.ppf(0.975, 296)
    assert np.allclose(p["ci.lower"], X @ beta - crit * se, rtol=1e-9)
    # centring changes the coefficients, not the predictions
    c = process(SIM, 1, x="x", y="y", w="w", se="ols", boot=0, center=True).predict({"x": xs, "w": ws})
    assert np.allclose(c["fit"], p["fit"], rtol=1e-10) and np.allclose(c["se"], p["se"], rtol=1e-8)
    # others at their means; the mediator equation of model 7; a categorical moderator at a level
    only_x = r.predict({"x": 1.0})
    assert only_x["fit"].iloc[0] == pytest.approx(beta @ [1, 1.0, SIM["w"].mean(), SIM["w"].mean()], rel=1e-12)
    r7 = process(SIM, 7, x="x", m=["m"], y="y", w="w", boot=0)
    a = r7.coefficients.query("equation == 'm'").set_index("term")["coeff"]
    pm = r7.predict({"x": 2.0, "w": 1.0}, outcome="m")
    assert pm["fit"].iloc[0] == pytest.approx(a["(constant)"] + 2 * a["x"] + a["w"] + 2 * a["x×w"], rel=1e-12)
    cat = process(CAT, 1, x="x", y="y", w="platform", boot=0)
    k = cat.coefficients.set_index("term")["coeff"]
    pc = cat.predict({"x": [1.0, 1.0], "platform": ["JD", "Taobao"]})
    assert pc["fit"].tolist() == pytest.approx([k["(constant)"] + k["x"],
                                                k["(constant)"] + k["x"] + k["platform[Taobao]"]
                                                + k["x×platform[Taobao]"]], rel=1e-12)
    with pytest.raises(OptionError):
        r.predict({"nope": 1.0})


def test_indirect_at_reproduces_the_table_rows_and_interpolates_linearly():
    """indirect_at() at the probe values gives the table's rows (same draws, same intervals); between
    them, a first-stage conditional indirect effect (a1 + a3·w)·b is linear in w."""
    r = process(SIM, 7, x="x", m=["m"], y="y", w="w", boot=500, seed=3)
    at = r.indirect_at({"w": r.probes["w"]})
    for col in ("effect", "boot.se", "boot.ci.lower", "boot.ci.upper"):
        np.testing.assert_allclose(at[col].to_numpy(), r.indirect[col].to_numpy(), rtol=1e-12)
    mid = r.indirect_at({"w": [(r.probes["w"][0] + r.probes["w"][2]) / 2]})["effect"].iloc[0]
    assert mid == pytest.approx((r.indirect["effect"].iloc[0] + r.indirect["effect"].iloc[2]) / 2, rel=1e-12)
    cat = process(CAT, 7, x="x", m=["m"], y="y", w="platform", boot=500, seed=3)
    at = cat.indirect_at({"platform": ["JD", "Pinduoduo", "Taobao"]})
    np.testing.assert_allclose(at["boot.ci.upper"].to_numpy(), cat.indirect["boot.ci.upper"].to_numpy(), rtol=1e-12)
    with pytest.raises(ResearchError):
        cat.indirect_at({"x": [1.0]})


def test_a_dichotomous_outcome_is_fitted_by_ols_with_a_note():
    """PROCESS fits a 0/1 Y by logistic regression; this engine fits OLS and says so in all three languages."""
    d = SIM.assign(y2=(SIM["y"] > SIM["y"].median()).astype(int))
    r = process(d, 4, x="x", m=["m"], y="y2", boot=0)
    texts = [note_texts(n) for n in r.notes]
    assert any("linear probability" in t["en"] and "线性概率" in t["zh-Hans"] and "線性機率" in t["zh-Hant"]
               for t in texts)
    np.testing.assert_allclose(r.coefficients.query("equation == 'y2' and term == 'm'")["coeff"],
                               np.linalg.lstsq(np.column_stack([np.ones(len(d)), d.x, d.m]), d.y2, rcond=None)[0][2],
                               rtol=1e-10)
    assert not any("linear probability" in note_texts(n)["en"] for n in process(SIM, 4, x="x", m=["m"], y="y",
                                                                                 boot=0).notes)
