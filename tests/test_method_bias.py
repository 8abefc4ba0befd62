r"""research.method_bias against lavaan 0.6-14, hand computations and statsmodels.

CFA comparisons (single-factor model, ULMC with free and with equal method
loadings) are checked against ``tests/reference/method_bias.json``, written by
``tests/reference/method_bias.R`` (R 4.2.2, lavaan 0.6-14; run ``Rscript
method_bias.R`` in that folder) on three data sets: HolzingerSwineford1939
(../shared/reference/holzinger1939.csv), the same with 20 missing answers per
item fitted by FIML (holzinger1939_missing.csv), and the project's sample
study after screening (``tests/reference/method_bias_lsq5.csv``, which
:func:`test_lsq5_csv_is_the_pipeline_output` ties to ``research.load_responses``
+ ``research.screen``; 327 of its 460 rows are complete, lavaan's listwise n).

Tolerances (relative unless said otherwise):

* 1e-6 where lavaan's fit was polished to a gradient of ~1e-15 (R script):
  the measurement and single-factor models, and the free-loading ULMC on
  complete data.  RMSEA confidence bounds to 2e-5 absolute: lavaan finds them
  with ``uniroot``'s default tolerance (~1.2e-4 on the noncentrality).
* 1e-5 for fits lavaan leaves at its own stopping rule (gradient 1e-7 to
  1e-6; estimates ~1e-6 relative off, more on a method factor's flat
  likelihood): the equal-loading ULMC (lavaan 0.6-14 cannot rebuild a model
  with equality constraints at given estimates, so it is not polished).  The
  Satorra–Bentler scaling factor of a difference, (df₀c₀ − df₁c₁)/Δdf,
  magnifies that error by the cancellation: 1e-4 there.
* FIML ULMC (holzinger1939_missing): lavaan stops at a gradient of 1.4e-7 and
  a Newton polish with its finite-difference Hessian does not reduce it, so
  estimates agree to ~5e-6 and the scaled p value to ~1e-5 (5e-5 allowed);
  lavaan's FIML standard errors come from that finite-difference Hessian and
  agree to ~6e-5 (Wald z and p: 1e-3).  χ² agrees to 1e-11 throughout.

The marker-variable correction is checked on data whose sample correlations
are exact by construction, with r_A, t and p from R (``(r - rm)/(1 - rm)``,
``2*pt(-abs(t), df)``).  Full-collinearity VIFs equal statsmodels'
``variance_inflation_factor`` on [1, scores] to 1e-10.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from research.errors import DataError, OptionError, ResearchError
from research.method_bias import (KOCK_VIF, full_collinearity_vif, marker_variable, method_factor,
                                  single_factor_cfa)

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
REF_DIR = HERE / "reference"
SHARED = ROOT.parent / "shared" / "reference"

TOL = 1e-6          # polished lavaan fits
TOL_UNPOLISHED = 1e-5
TOL_SB_UNPOLISHED = 1e-4
TOL_FIML = 5e-5         # FIML ULMC: lavaan stops at gradient 1.4e-7, estimates ~5e-6 off, scaled p ~1e-5
TOL_FIML_SE = 1e-3      # ... and its SEs come from a finite-difference Hessian (SEs agree to ~6e-5)
CI_ABS = 2e-5
FIT_KEYS = ("npar", "chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr", "aic", "bic")
CI_KEYS = ("rmsea.ci.lower", "rmsea.ci.upper")
MLR_KEYS = ("chisq.scaled", "df.scaled", "pvalue.scaled", "chisq.scaling.factor", "cfi.robust", "tli.robust",
            "rmsea.robust")


@lru_cache(maxsize=1)
def reference() -> dict:
    return json.loads((REF_DIR / "method_bias.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def dataset(name: str) -> pd.DataFrame:
    if name == "hs":
        return pd.read_csv(SHARED / "holzinger1939.csv")
    if name == "hs_missing":
        return pd.read_csv(SHARED / "holzinger1939_missing.csv")
    return pd.read_csv(REF_DIR / "method_bias_lsq5.csv")


def constructs(name: str) -> dict:
    return reference()["datasets"][name]["constructs"]


def missing_of(name: str) -> str:
    return reference()["datasets"][name]["missing"]


@lru_cache(maxsize=None)
def single(name: str, estimator: str):
    return single_factor_cfa(dataset(name), constructs(name), estimator=estimator, missing=missing_of(name))


@lru_cache(maxsize=None)
def ulmc(name: str, loadings: str, estimator: str):
    return method_factor(dataset(name), constructs(name), loadings=loadings, estimator=estimator,
                         missing=missing_of(name))


def ref_model(name: str, model: str, estimator: str) -> dict:
    return reference()["datasets"][name]["models"][model][estimator]


def ref_lrt(name: str, model: str, estimator: str) -> dict:
    return reference()["datasets"][name]["lrt"][estimator][model]


def loadings_of(ref: dict) -> dict:
    return {(p["lhs"], p["rhs"]): p for p in ref["parameters"] if p["op"] == "=~"}


def check_fit(got: dict, ref: dict, estimator: str, tol: float) -> None:
    keys = FIT_KEYS + (MLR_KEYS if estimator == "MLR" else ())
    for k in keys:
        assert got[k] == pytest.approx(ref["fit"][k], rel=tol, abs=1e-12), k
    for k in CI_KEYS:
        assert got[k] == pytest.approx(ref["fit"][k], abs=CI_ABS), k
    assert got["ntotal"] == ref["fit"]["ntotal"]


# --------------------------------------------------------------------------
# the data behind the lavaan numbers
# --------------------------------------------------------------------------

def test_lsq5_csv_is_the_pipeline_output():
    """The CSV lavaan read is exactly the screened sample study (so its numbers apply to our data)."""
    import research

    q = research.load_questionnaire("lsq5")
    kept = research.screen(research.load_responses(ROOT / "datasets" / "lsq5_wjx_gbk.csv", q)).kept.items
    csv = dataset("lsq5")
    assert list(kept.columns) == list(csv.columns)
    pd.testing.assert_frame_equal(kept.reset_index(drop=True).astype(float), csv.astype(float))
    assert len(csv.dropna()) == reference()["datasets"]["lsq5"]["n"] == 327


def test_reference_versions():
    v = reference()["versions"]
    assert v["lavaan"] == "0.6.14"
    assert v["R"].startswith("R version 4.2")


# --------------------------------------------------------------------------
# 1. single-factor CFA
# --------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["hs", "lsq5", "hs_missing"])
@pytest.mark.parametrize("estimator", ["ML", "MLR"])
def test_single_factor_fits_match_lavaan(name, estimator):
    res = single(name, estimator)
    check_fit(res.measurement.fit, ref_model(name, "measurement", estimator), estimator, TOL)
    check_fit(res.single.fit, ref_model(name, "single", estimator), estimator, TOL)
    for which, ours in (("measurement", res.measurement), ("single", res.single)):
        ref = loadings_of(ref_model(name, which, estimator))
        par = ours.parameters[ours.parameters["op"] == "=~"]
        assert len(par) == len(ref)
        for rec in par.to_dict("records"):
            r = ref[("CMV" if which == "single" else rec["lhs"], rec["rhs"])]
            assert rec["est"] == pytest.approx(r["est"], rel=TOL)
            assert rec["std.all"] == pytest.approx(r["std.all"], rel=TOL)


@pytest.mark.parametrize("name", ["hs", "lsq5", "hs_missing"])
@pytest.mark.parametrize("estimator", ["ML", "MLR"])
def test_single_factor_difference_matches_lavTestLRT(name, estimator):
    res = single(name, estimator)
    ref = ref_lrt(name, "single", estimator)
    assert res.test["df.diff"] == ref["df.diff"] == math.comb(len(constructs(name)), 2)
    assert res.test["chisq.diff"] == pytest.approx(ref["chisq.diff"], rel=TOL)
    assert res.test["pvalue"] == pytest.approx(ref["pvalue"], rel=TOL, abs=1e-300)
    assert res.test["method"] == ref["method"]
    if estimator == "ML":
        assert res.test["rmsea.diff"] == pytest.approx(ref["rmsea.diff"], rel=TOL)
    else:
        assert res.test["scaling.factor"] == pytest.approx(ref["scaling.factor"], rel=TOL)
    cfi = "cfi.robust" if estimator == "MLR" else "cfi"
    rmsea = "rmsea.robust" if estimator == "MLR" else "rmsea"
    lav_single, lav_meas = ref_model(name, "single", estimator)["fit"], ref_model(name, "measurement", estimator)["fit"]
    assert res.deltas["delta.cfi"] == pytest.approx(lav_single[cfi] - lav_meas[cfi], rel=TOL)
    assert res.deltas["delta.rmsea"] == pytest.approx(lav_single[rmsea] - lav_meas[rmsea], rel=TOL)
    assert res.deltas["delta.srmr"] == pytest.approx(lav_single["srmr"] - lav_meas["srmr"], rel=TOL)


def test_single_factor_known_values_and_verdict():
    res = single("hs", "ML")
    # HS: the one-factor model is far worse (chi2 312.264 vs 85.306, the shared reference's 3-factor value)
    assert res.measurement.fit["chisq"] == pytest.approx(85.3055217697941, rel=TOL)
    assert res.test["chisq.diff"] == pytest.approx(312.264159357282 - 85.3055217697941, rel=TOL)
    assert res.deltas["delta.cfi"] < -0.2
    assert res.passed is True
    assert res.verdict["en"].startswith("the single-factor model fits clearly worse")
    t = res.table()
    assert list(t["model"]) == ["measurement", "single_factor", "difference"]
    assert t.loc[2, "df.diff"] == 3
    d = res.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["source"].startswith("Podsakoff")
    assert d["fits"]["single_factor"]["chisq"] == pytest.approx(312.264159357282, rel=TOL)
    assert single("lsq5", "ML").passed is True


def test_single_factor_uses_the_same_rows_for_both_models():
    res = single("lsq5", "ML")
    assert res.measurement.n == res.single.n == 327
    assert res.measurement.provenance["data_sha256"] == res.single.provenance["data_sha256"]


# --------------------------------------------------------------------------
# 2. ULMC / CLF
# --------------------------------------------------------------------------

def _orient(ref_load: dict, items) -> float:
    """lavaan's method factor sign, turned as method_factor reports it (loadings summing positive)."""
    return 1.0 if sum(ref_load[("CMV", it)]["std.all"] for it in items) >= 0 else -1.0


# (data set, estimator, tolerance of fit measures and standardized loadings, of Wald z/p, of the SB difference)
FREE_CASES = [("hs", "ML", TOL, 10 * TOL, TOL), ("hs", "MLR", TOL, 10 * TOL, TOL),
              ("lsq5", "ML", TOL, 10 * TOL, TOL), ("lsq5", "MLR", TOL, 10 * TOL, TOL),
              ("hs_missing", "ML", TOL_FIML, TOL_FIML_SE, TOL_SB_UNPOLISHED),
              ("hs_missing", "MLR", TOL_FIML, TOL_FIML_SE, TOL_SB_UNPOLISHED)]


@pytest.mark.parametrize("name,estimator,tol,tol_z,tol_sb", FREE_CASES)
def test_ulmc_free_matches_lavaan(name, estimator, tol, tol_z, tol_sb):
    res = ulmc(name, "free", estimator)
    ref = ref_model(name, "ulmc_free", estimator)
    assert res.converged
    check_fit(res.method.fit, ref, estimator, tol)
    check_fit(res.measurement.fit, ref_model(name, "measurement", estimator), estimator, TOL)
    load = loadings_of(ref)
    sign = _orient(load, res.items["item"])
    for row in res.items.itertuples():
        trait = load[(row.construct, row.item)]["std.all"]
        method = sign * load[("CMV", row.item)]["std.all"]
        if trait is None:          # a negative factor variance: no standardized loading, in lavaan neither
            assert math.isnan(row.trait_loading) and math.isnan(row.substantive_variance)
            assert math.isnan(res.substantive_mean)
        else:
            assert row.trait_loading == pytest.approx(trait, rel=tol, abs=1e-9)
            assert row.substantive_variance == pytest.approx(trait ** 2, rel=2 * tol, abs=1e-9)
        assert row.method_loading == pytest.approx(method, rel=tol, abs=1e-9)
        assert row.method_variance == pytest.approx(method ** 2, rel=2 * tol, abs=1e-9)
        assert row.method_z == pytest.approx(sign * load[("CMV", row.item)]["z"], rel=tol_z)
        assert row.method_p == pytest.approx(load[("CMV", row.item)]["pvalue"], rel=10 * tol_z)
    lrt = ref_lrt(name, "ulmc_free", estimator)
    assert res.test["df.diff"] == lrt["df.diff"] == sum(len(v) for v in constructs(name).values())
    assert res.test["chisq.diff"] == pytest.approx(lrt["chisq.diff"], rel=tol_sb)
    assert res.test["pvalue"] == pytest.approx(lrt["pvalue"], rel=10 * tol_sb)
    if estimator == "MLR":
        assert res.test["method"] == "satorra.bentler.2001"
        assert res.test["scaling.factor"] == pytest.approx(lrt["scaling.factor"], rel=tol_sb)
    else:
        assert res.test["rmsea.diff"] == pytest.approx(lrt["rmsea.diff"], rel=tol)


def test_ulmc_free_hs_finds_the_lower_of_two_optima():
    """lavaan's default start stops at chi2 26.0200; the search finds 26.0143 (lavaan agrees, started there)."""
    res = ulmc("hs", "free", "ML")
    default = ref_model("hs", "ulmc_free_lavaan_default", "ML")["fit"]["chisq"]
    best = ref_model("hs", "ulmc_free", "ML")["fit"]["chisq"]
    assert best < default
    assert res.method.fit["chisq"] == pytest.approx(best, rel=TOL)
    assert len(res.optima) == 2
    assert res.optima[0] == pytest.approx(best, abs=1e-3)
    assert res.optima[1] == pytest.approx(default, abs=1e-3)
    assert "local_optima" in [w.code for w in res.warnings]


@pytest.mark.parametrize("name,expected,lavaan_text", [
    ("hs", "negative_variance", "ov variances are negative"),          # residual variance of x3
    ("lsq5", "latent_cov_not_pd", "covariance matrix of latent variables"),
    ("hs_missing", "negative_variance", "lv variances are negative"),
])
def test_ulmc_free_improper_solutions_are_reported_not_raised(name, expected, lavaan_text):
    res = ulmc(name, "free", "ML")
    codes = [w.code for w in res.warnings]
    assert expected in codes
    assert any(lavaan_text in w for w in ref_model(name, "ulmc_free", "ML")["warnings"])
    assert res.proper is False
    assert res.passed is None
    assert "method_factor_improper" in codes
    assert res.verdict["en"].startswith("no verdict")


EQUAL_CASES = [("hs", "ML"), ("hs", "MLR"), ("hs_missing", "ML"), ("hs_missing", "MLR")]


@pytest.mark.parametrize("name,estimator", EQUAL_CASES)
def test_ulmc_equal_matches_lavaan(name, estimator):
    res = ulmc(name, "equal", estimator)
    ref = ref_model(name, "ulmc_equal", estimator)
    assert res.converged
    check_fit(res.method.fit, ref, estimator, TOL_UNPOLISHED)
    # the AMOS form and the fixed-loadings form are the same model here (the variance is positive)
    assert ref["fit"]["chisq"] == pytest.approx(ref_model(name, "ulmc_equal_phi", "ML")["fit"]["chisq"], rel=1e-9)
    load = loadings_of(ref)
    par = res.method.parameters
    common = par[(par["lhs"] == "CMV") & (par["op"] == "=~")]
    assert common["est"].nunique() == 1 and common["label"].iloc[0] == "lam_cmv"
    # the common loading's sign is arbitrary (lavaan and we may land on either): compare |λ|
    tol_se = TOL_FIML_SE if name == "hs_missing" else TOL_UNPOLISHED
    assert abs(common["est"].iloc[0]) == pytest.approx(abs(load[("CMV", "x1")]["est"]), rel=TOL_UNPOLISHED)
    assert common["se"].iloc[0] == pytest.approx(load[("CMV", "x1")]["se"], rel=tol_se)
    for row in res.items.itertuples():
        assert row.trait_loading == pytest.approx(load[(row.construct, row.item)]["std.all"], rel=TOL_UNPOLISHED)
        assert row.method_loading == pytest.approx(abs(load[("CMV", row.item)]["std.all"]), rel=TOL_UNPOLISHED)
        assert row.method_z == pytest.approx(abs(load[("CMV", row.item)]["z"]), rel=tol_se)
        assert row.method_loading > 0
    lrt = ref_lrt(name, "ulmc_equal", estimator)
    assert res.test["df.diff"] == lrt["df.diff"] == 1
    if lrt["chisq.diff"] is None:          # lavaan: "scaling factor is negative" -> NA
        assert math.isnan(res.test["chisq.diff"])
        assert "scaling_negative" in [w.code for w in res.warnings]
    else:
        assert res.test["chisq.diff"] == pytest.approx(lrt["chisq.diff"], rel=TOL_SB_UNPOLISHED)


@pytest.mark.parametrize("estimator", ["ML", "MLR"])
def test_ulmc_equal_lsq5_collapses_to_the_measurement_model(estimator):
    """On the sample study the common method loading goes to the boundary 0 (lavaan: 2e-5 with SE 1310;
    freeing the variance instead gives a negative one, chi2 308.3846), so the fit is the measurement model's."""
    res = ulmc("lsq5", "equal", estimator)
    ref = ref_model("lsq5", "ulmc_equal", estimator)
    assert res.method.fit["chisq"] == pytest.approx(ref["fit"]["chisq"], rel=TOL_UNPOLISHED)
    assert res.method.fit["chisq"] == pytest.approx(res.measurement.fit["chisq"], rel=1e-9)
    assert ref_model("lsq5", "ulmc_equal_phi", "ML")["fit"]["chisq"] == pytest.approx(308.384619255265, rel=1e-9)
    load = loadings_of(ref)
    assert abs(load[("CMV", "ECO1")]["std.all"]) < 1e-4
    assert res.items["method_loading"].abs().max() < 1e-4
    assert res.method_mean < 1e-8
    codes = [w.code for w in res.warnings]
    assert "method_factor_vanished" in codes
    lrt = ref_lrt("lsq5", "ulmc_equal", estimator)
    if estimator == "ML":
        assert res.test["chisq.diff"] == pytest.approx(lrt["chisq.diff"], abs=1e-6)
        assert res.test["pvalue"] == pytest.approx(1.0, abs=1e-6)
    else:
        assert lrt["chisq.diff"] is None and math.isnan(res.test["chisq.diff"])
        assert "scaling_negative" in codes


def test_liang_table_averages_and_ratio():
    res = ulmc("hs", "free", "ML")
    t = res.table()
    items = t.iloc[:-1]
    assert t.iloc[-1]["item"] == "Average"
    np.testing.assert_allclose(items["substantive_variance"], items["trait_loading"] ** 2, rtol=1e-12)
    np.testing.assert_allclose(items["method_variance"], items["method_loading"] ** 2, rtol=1e-12)
    assert t.iloc[-1]["substantive_variance"] == pytest.approx(items["substantive_variance"].mean(), rel=1e-12)
    assert res.ratio == pytest.approx(items["substantive_variance"].mean() / items["method_variance"].mean(), rel=1e-12)
    assert res.share_significant == pytest.approx(float(np.mean(items["method_p"] < 0.05)), rel=1e-12)
    # the method factor is orthogonal to the traits: R1^2 + R2^2 is the item's R^2, 1 - std. residual variance
    # (above 1 for x3, whose residual variance is negative at this optimum)
    par = res.method.parameters
    for row in items.itertuples():
        resid = par[(par["op"] == "~~") & (par["lhs"] == row.item) & (par["rhs"] == row.item)]["std.all"].iloc[0]
        assert row.substantive_variance + row.method_variance == pytest.approx(1 - resid, rel=1e-9)
    # lavaan's numbers for x1 at this optimum (polished): std trait .2069, method .8171
    load = loadings_of(ref_model("hs", "ulmc_free", "ML"))
    assert items.iloc[0]["method_loading"] == pytest.approx(abs(load[("CMV", "x1")]["std.all"]), rel=TOL)
    fit_t = res.table("fit")
    assert list(fit_t["model"]) == ["measurement", "method_factor", "difference"]
    assert fit_t.iloc[2]["delta.cfi"] == pytest.approx(res.method.fit["cfi"] - res.measurement.fit["cfi"], rel=1e-12)
    with pytest.raises(OptionError):
        res.table("nope")


def test_method_factor_to_dict_is_json_safe():
    for name, loadings, estimator in (("hs", "free", "ML"), ("lsq5", "equal", "MLR"), ("hs_missing", "free", "MLR")):
        res = ulmc(name, loadings, estimator)
        d = res.to_dict()
        text = json.dumps(d, allow_nan=False)
        assert d["statistic"] == "method_factor" and d["loadings"] == loadings
        assert d["source"].startswith("Podsakoff")
        assert len(d["items"]) == sum(len(v) for v in constructs(name).values())
        assert "zh-Hant" in text
    assert ulmc("lsq5", "equal", "MLR").to_dict()["ratio"] is None        # infinite: no method variance


def test_method_factor_sign_is_reported_positive():
    """The method factor's sign is arbitrary; lavaan's LSQ5 solution has loadings summing negative."""
    items = ulmc("lsq5", "free", "ML").items["item"]
    load = loadings_of(ref_model("lsq5", "ulmc_free", "ML"))
    assert sum(load[("CMV", it)]["std.all"] for it in items) < 0
    for name in ("hs", "lsq5", "hs_missing"):
        assert ulmc(name, "free", "ML").items["method_loading"].sum() > 0


# --------------------------------------------------------------------------
# input checks
# --------------------------------------------------------------------------

def _messages(err: ResearchError) -> dict:
    return {lang: err.message(lang) for lang in ("en", "zh-Hans", "zh-Hant")}


def test_bad_options_raise_in_three_languages():
    hs = dataset("hs")
    cons = constructs("hs")
    cases = [
        lambda: single_factor_cfa(hs, cons, estimator="WLSMV"),
        lambda: single_factor_cfa(hs, cons, missing="pairwise"),
        lambda: method_factor(hs, cons, loadings="tau"),
        lambda: method_factor(hs, {"visual": ["x1", "x2", "x3"]}),                # one construct
        lambda: single_factor_cfa(hs.rename(columns={"x1": "题1"}), {"a": ["题1", "x2"], "b": ["x4", "x5"]}),
        lambda: single_factor_cfa(hs, {"视觉": ["x1", "x2"], "b": ["x4", "x5"]}),
        lambda: single_factor_cfa(hs.to_numpy(), cons),
        lambda: method_factor(hs, {"a": ["x1", "x2"], "b": ["x2", "x3"]}),         # item in two constructs
    ]
    for make in cases:
        with pytest.raises(OptionError) as info:
            make()
        msg = _messages(info.value)
        assert len(set(msg.values())) == 3


def test_method_factor_with_too_few_items_says_so():
    hs = dataset("hs")
    with pytest.raises(DataError) as info:
        method_factor(hs, {"a": ["x1", "x2"], "b": ["x4", "x5"]})
    msg = _messages(info.value)
    assert "more free parameters" in msg["en"] and "自由参数" in msg["zh-Hans"] and "自由參數" in msg["zh-Hant"]
    # equal loadings need one parameter instead of four: identified by the counting rule
    res = method_factor(hs, {"a": ["x1", "x2"], "b": ["x4", "x5"]}, loadings="equal")
    assert res.method.fit["df"] == 0


def test_text_answers_are_refused():
    hs = dataset("hs").copy()
    hs["x1"] = hs["x1"].astype(str)
    with pytest.raises(DataError):
        single_factor_cfa(hs, constructs("hs"))


# --------------------------------------------------------------------------
# 3. marker variable (Lindell & Whitney 2001)
# --------------------------------------------------------------------------

MARKER_R = np.array([
    #  A     B     C     D     M
    [1.00, 0.50, 0.30, 0.12, 0.10],
    [0.50, 1.00, 0.40, 0.20, 0.15],
    [0.30, 0.40, 1.00, 0.25, 0.20],
    [0.12, 0.20, 0.25, 1.00, -0.05],
    [0.10, 0.15, 0.20, -0.05, 1.00],
])
# r_U, r_A = (r_U - .10)/.90, t and p from R: ru/sqrt((1-ru^2)/(n-2)), 2*pt(-|t|, n-2); the same with n-3
MARKER_EXPECTED = {
    ("A", "B"): (0.50, 4.0, 0.000218012471362, 4 / 9, 3.40135719518, 0.00137764378844),
    ("A", "C"): (0.30, 2.17881911761, 0.0342861800329, 2 / 9, 1.56254870054, 0.1248677505),
    ("A", "D"): (0.12, 0.837435789359, 0.40649807878, 1 / 45, 0.152385510707, 0.879535184532),
    ("B", "C"): (0.40, 3.02371578407, 0.00400067105715, 3 / 9, 2.42383992871, 0.0192594234826),
    ("B", "D"): (0.20, 1.41421356237, 0.163753081245, 1 / 9, 0.766485485838, 0.447220376369),
    ("C", "D"): (0.25, 1.788854382, 0.0799497443671, 1.5 / 9, 1.1588171309, 0.252384779755),
}


def exact_correlation_data(R: np.ndarray, n: int, names, seed: int = 7) -> pd.DataFrame:
    """n rows whose sample correlation matrix is exactly R (orthonormal centred scores times chol(R)ᵀ)."""
    rng = np.random.default_rng(seed)
    Z = rng.standard_normal((n, R.shape[0]))
    Z -= Z.mean(axis=0)
    Q, _ = np.linalg.qr(Z)
    X = Q @ np.linalg.cholesky(R).T
    return pd.DataFrame(3 + X * 10, columns=names)


@pytest.fixture(scope="module")
def marker_data() -> pd.DataFrame:
    return exact_correlation_data(MARKER_R, 50, ["A", "B", "C", "D", "M"])


def test_marker_data_have_the_designed_correlations(marker_data):
    np.testing.assert_allclose(marker_data.corr().to_numpy(), MARKER_R, atol=1e-12)


def test_marker_correction_known_answer(marker_data):
    res = marker_variable(marker_data, ["A", "B", "C", "D"], "M")
    assert res.rule == "smallest"
    assert res.r_m == pytest.approx(0.10, abs=1e-12)          # smallest positive: D's -.05 is skipped
    assert res.n == 50
    pairs = res.table().set_index(["var_a", "var_b"])
    assert len(pairs) == 6
    for key, (ru, tu, pu, ra, ta, pa) in MARKER_EXPECTED.items():
        row = pairs.loc[key]
        assert row["n"] == 50
        assert row["r"] == pytest.approx(ru, abs=1e-12)
        assert row["t"] == pytest.approx(tu, rel=1e-9)
        assert row["p"] == pytest.approx(pu, rel=1e-9)
        assert row["r_corrected"] == pytest.approx(ra, abs=1e-12)
        assert row["t_corrected"] == pytest.approx(ta, rel=1e-9)
        assert row["p_corrected"] == pytest.approx(pa, rel=1e-9)
    # A-C is significant (p = .034) before and not after (p = .125): the only pair that loses it
    assert res.lost == [("A", "C")]
    d = res.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["source"] == "Lindell & Whitney 2001" and d["lost"] == [["A", "C"]]


def test_marker_r_m_choices(marker_data):
    items = ["A", "B", "C", "D"]
    second = marker_variable(marker_data, items, "M", r_m="second_smallest")
    assert second.r_m == pytest.approx(0.15, abs=1e-12)
    row = second.table().set_index(["var_a", "var_b"]).loc[("A", "B")]
    assert row["r_corrected"] == pytest.approx((0.5 - 0.15) / 0.85, abs=1e-12)
    given = marker_variable(marker_data, items, "M", r_m=0.2)
    assert given.rule == "given" and given.r_m == 0.2
    ra = given.table()["r_corrected"].to_numpy()
    np.testing.assert_allclose(ra, (given.table()["r"].to_numpy() - 0.2) / 0.8, rtol=1e-12)
    none = marker_variable(marker_data, items, "M", r_m=None)
    assert none.r_m == pytest.approx(0.10, abs=1e-12)
    zero = marker_variable(marker_data, items, "M", r_m=0)
    np.testing.assert_allclose(zero.table()["r_corrected"], zero.table()["r"], rtol=1e-12)


def test_marker_without_positive_correlations(marker_data):
    df = marker_data.assign(M=-marker_data["M"])         # now only D correlates positively (.05)
    res = marker_variable(df, ["A", "B", "C"], "M")
    assert res.r_m == 0.0
    assert "marker_no_positive" in [w.code for w in res.notes]
    res2 = marker_variable(df, ["A", "B", "C", "D"], "M")
    assert res2.r_m == pytest.approx(0.05, abs=1e-12)


def test_marker_as_a_construct_mean(marker_data):
    df = marker_data.assign(M2=marker_data["M"] * 2 + 1, M3=marker_data["M"])
    res = marker_variable(df, ["A", "B", "C", "D"], ["M2", "M3"])
    assert res.marker == ("M2", "M3")
    assert res.r_m == pytest.approx(0.10, abs=1e-12)        # the mean of two rescaled copies of M


def test_marker_missing_listwise_and_pairwise(marker_data):
    df = marker_data.copy()
    df.loc[[0, 1, 2], "A"] = np.nan
    df.loc[[3], "M"] = np.nan
    lw = marker_variable(df, ["A", "B", "C", "D"], "M")
    assert lw.n == 46 and set(lw.table()["n"]) == {46}
    ok = df.dropna()
    assert lw.table().set_index(["var_a", "var_b"]).loc[("B", "C"), "r"] == pytest.approx(ok["B"].corr(ok["C"]),
                                                                                            rel=1e-12)
    pw = marker_variable(df, ["A", "B", "C", "D"], "M", missing="pairwise")
    t = pw.table().set_index(["var_a", "var_b"])
    assert t.loc[("A", "B"), "n"] == 47 and t.loc[("B", "C"), "n"] == 50
    assert t.loc[("B", "C"), "r"] == pytest.approx(0.40, abs=1e-12)
    # each pair is tested on its own n
    r = t.loc[("A", "B"), "r_corrected"]
    assert t.loc[("A", "B"), "t_corrected"] == pytest.approx(r / math.sqrt((1 - r ** 2) / (47 - 3)), rel=1e-12)
    assert pw.marker_correlations["A"] == pytest.approx(df["A"].corr(df["M"]), rel=1e-12)


def test_marker_input_errors(marker_data):
    items = ["A", "B", "C", "D"]
    for kwargs in ({"marker": "A"}, {"marker": "Z"}, {"marker": "M", "r_m": 1.0}, {"marker": "M", "r_m": -0.1},
                   {"marker": "M", "r_m": "median"}, {"marker": "M", "missing": "fiml"}):
        with pytest.raises(OptionError) as info:
            marker_variable(marker_data, items, **kwargs)
        assert len(set(_messages(info.value).values())) == 3
    with pytest.raises(OptionError):
        marker_variable(marker_data, ["A"], "M")


# --------------------------------------------------------------------------
# 4. full-collinearity VIFs (Kock 2015)
# --------------------------------------------------------------------------

def statsmodels_vifs(scores: pd.DataFrame) -> np.ndarray:
    from statsmodels.stats.outliers_influence import variance_inflation_factor
    from statsmodels.tools import add_constant

    exog = add_constant(scores.to_numpy(dtype=float), has_constant="add")
    return np.array([variance_inflation_factor(exog, j) for j in range(1, exog.shape[1])])


@pytest.mark.parametrize("name", ["hs", "lsq5", "hs_missing"])
def test_full_collinearity_vif_equals_statsmodels(name):
    from research.regression import construct_scores

    data, cons = dataset(name), constructs(name)
    res = full_collinearity_vif(data, cons)
    scores = construct_scores(data, cons, "mean").dropna()
    assert res.n == len(scores)
    np.testing.assert_allclose(res.vif.to_numpy(), statsmodels_vifs(scores), rtol=1e-10)
    # VIF_j is also the j-th diagonal element of the inverse correlation matrix
    np.testing.assert_allclose(res.vif.to_numpy(), np.diag(np.linalg.inv(scores.corr().to_numpy())), rtol=1e-10)
    np.testing.assert_allclose(res.vif.to_numpy(), 1 / (1 - res.r2.to_numpy()), rtol=1e-12)
    assert list(res.vif.index) == list(cons)


def test_full_collinearity_given_scores_and_flags():
    rng = np.random.default_rng(3)
    n = 200
    f = rng.standard_normal(n)
    scores = pd.DataFrame({"A": f + 0.3 * rng.standard_normal(n), "B": f + 0.3 * rng.standard_normal(n),
                           "C": rng.standard_normal(n)})
    res = full_collinearity_vif(scores)
    np.testing.assert_allclose(res.vif.to_numpy(), statsmodels_vifs(scores), rtol=1e-10)
    assert res.scores == "given" and res.threshold == KOCK_VIF == 3.3
    assert res.flagged == ["A", "B"] and res.passed is False
    t = res.table()
    assert list(t["below_threshold"]) == [False, False, True]
    d = res.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["thresholds"] == {"vif_at_most": 3.3, "source": "Kock & Lynn 2012; Kock 2015"}
    assert full_collinearity_vif(scores, threshold=10).passed is True
    hs = full_collinearity_vif(dataset("hs"), constructs("hs"))
    assert hs.passed is True and hs.vif.max() < 1.5


def test_full_collinearity_errors():
    df = pd.DataFrame({"A": [1.0, 2, 3, 4, 5], "B": [2.0, 1, 4, 3, 5]})
    with pytest.raises(OptionError):
        full_collinearity_vif(df, threshold=1)
    with pytest.raises(OptionError):
        full_collinearity_vif(df[["A"]])
    with pytest.raises(DataError):
        full_collinearity_vif(df.assign(C=["a", "b", "c", "d", "e"]))
    exact = df.assign(C=df["A"] + df["B"])
    res = full_collinearity_vif(exact)
    assert res.flagged == ["A", "B", "C"]
