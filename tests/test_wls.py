"""DWLS/ULS, WLSMV/ULSMV with ordered indicators (research.sem.wls) against lavaan 0.6-14.

References: tests/reference/ordinal.json (ordinal.R, the shared ordinal reference set: the models with
at most 10 observed variables carry Γ) and tests/reference/wls_dev.json (wls_dev.R: a two-factor CFA by
WLSMV, ULSMV and DWLS, a latent mediation SEM with a defined indirect effect, equal loadings by shared
labels, a saturated (df = 0) one-factor model and an ordered item regressed on a factor, on the LSQ-5
sample).
Each model is fitted to lavaan's own sample statistics (wls.obs, Γ, wls.v) and every row of
parameterEstimates (est, se, std.lv, std.all), every fitMeasures value and every element of
lavInspect(fit, "test") is compared.
"""
import json
import math

import numpy as np
import pytest

from conftest import ROOT
from research.errors import OptionError
from research.sem.wls import WlsStats, WlsModel, fit_wls, ordinal_partable

REF = ROOT / "tests" / "reference"
TOL = 1e-6          # relative to max(1, |value|); estimates converge to a gradient of ~1e-9


def _models(name):
    models = json.loads((REF / name).read_text())["models"]
    models = models if isinstance(models, list) else list(models.values())
    return {m["name"]: m for m in models if m.get("gamma") is not None}


DEV = _models("wls_dev.json")
ORD = _models("ordinal.json")
CASES = [("wls_dev.json", k) for k in DEV] + [("ordinal.json", k) for k in ORD]


@pytest.fixture(scope="module")
def fits():
    cache = {}

    def get(src, name):
        if (src, name) not in cache:
            m = (DEV if src == "wls_dev.json" else ORD)[name]
            opts = m["options"]
            cache[(src, name)] = (m, fit_wls(m["syntax"], WlsStats.from_reference(m),
                                             estimator=opts["estimator"],
                                             parameterization=opts.get("parameterization", "delta")))
        return cache[(src, name)]
    return get


def _close(a, b, tol=TOL):
    if a is None:
        return b is None or not math.isfinite(b)
    return b is not None and abs(a - b) <= tol * max(1.0, abs(a))


def test_reference_covers_the_issue_models():
    assert {"cfa_sat_loy", "mixed", "three_category", "skewed", "single_indicator"} <= set(ORD)
    assert {"cfa2_wlsmv", "cfa2_ulsmv", "cfa2_dwls", "mediation_wlsmv", "equal_loadings_wlsmv",
            "saturated_wlsmv"} <= set(DEV)


@pytest.mark.parametrize("src,name", CASES)
def test_parameter_estimates(fits, src, name):
    m, res = fits(src, name)
    assert res.converged
    pe = res.parameters
    ref = m["partable"]
    assert [(r["lhs"], r["op"], r["rhs"]) for r in ref] == list(zip(pe.lhs, pe.op, pe.rhs))
    for r, (_, q) in zip(ref, pe.iterrows()):
        for col in ("est", "se", "std.lv", "std.all"):
            if r[col] is None:
                continue
            assert _close(r[col], q[col]), (name, r["lhs"], r["op"], r["rhs"], col, r[col], q[col])
        if r["z"] is not None:
            assert _close(r["z"], q["z"], 1e-5), (name, r["lhs"], r["op"], r["rhs"], r["z"], q["z"])


RESIDUAL_MEASURES = {"rmr", "rmr_nomean", "srmr", "srmr_bentler", "srmr_bentler_nomean", "crmr", "crmr_nomean"}


@pytest.mark.parametrize("src,name", CASES)
def test_fit_measures(fits, src, name):
    m, res = fits(src, name)
    assert list(res.fit) == list(m["fit"]), "lavaan's names in lavaan's order"
    skip = set()
    if name == "saturated_wlsmv":
        # df = 0: lavaan's χ² is rounding noise (1.1e-13, ours exactly 0), and lav_fit_cn gives 1 for a
        # positive χ² but NA below machine epsilon: the value depends on the noise
        assert res.fit["chisq"] < 1e-10 and m["fit"]["chisq"] < 1e-10
        skip = {"cn_05", "cn_01"}
    bad = {k: (v, res.fit[k]) for k, v in m["fit"].items() if k not in skip and not _close(v, res.fit[k])}
    assert not bad, bad


@pytest.mark.parametrize("src,name", CASES)
def test_test_statistics(fits, src, name):
    m, res = fits(src, name)
    tests = m["test"] if isinstance(m["test"], list) else list(m["test"].values())
    assert [t["test"] for t in tests] == list(res.test)
    for t in tests:
        for k, v in t.items():
            if k in ("test", "stat_group", "stat.group"):
                continue
            got = res.test[t["test"]].get(k.replace("_", "."))
            assert _close(v, got), (name, t["test"], k, v, got)


def test_scaled_shifted_by_hand(fits):
    """T_ss = a·T + b with a = √(df / tr((UΓ)²)), b = df − a·tr(UΓ), from the pieces lavaan reports."""
    m, res = fits("wls_dev.json", "cfa2_wlsmv")
    st = res.test["scaled.shifted"]
    a = math.sqrt(st["df"] / st["trace.UGamma2"])
    assert st["scaling.factor"] == pytest.approx(1 / a, rel=1e-12)
    assert st["shift.parameter"] == pytest.approx(st["df"] - a * st["trace.UGamma"], rel=1e-12)
    assert st["stat"] == pytest.approx(a * res.test["standard"]["stat"] + st["shift.parameter"], rel=1e-12)
    # lavaan: chisq = (N − 1)·F_DWLS, fmin = ½ (N − 1)/N · F
    assert res.fit["chisq"] == pytest.approx(2 * m["n"] * res.fit["fmin"], rel=1e-12)


@pytest.mark.parametrize("param", ["delta", "theta"])
def test_jacobian_matches_differences(param):
    """Δ = ∂σ/∂θᵀ (analytic) against central differences, mixed ordered/continuous data."""
    m = ORD["mixed"]
    stats = WlsStats.from_reference(m)
    pt = ordinal_partable(m["syntax"], stats, param)
    wm = WlsModel(pt, stats, param)
    rng = np.random.default_rng(19)
    theta = np.array([r["est"] for r in m["partable"] if r["free"]][: wm.q]) if param == "delta" else None
    if theta is None:
        theta = 0.5 + rng.random(wm.q)
    D = wm.jacobian(theta)
    num = np.zeros_like(D)
    for j in range(wm.q):
        h = 1e-6 * max(1.0, abs(theta[j]))
        e = np.zeros(wm.q)
        e[j] = h
        num[:, j] = (wm.implied(theta + e) - wm.implied(theta - e)) / (2 * h)
    assert np.max(np.abs(D - num)) < 1e-6 * max(1.0, np.max(np.abs(D)))


def test_model_needs_every_variable_in_the_statistics():
    m = DEV["cfa2_wlsmv"]
    stats = WlsStats.from_reference(m)
    with pytest.raises(OptionError) as err:
        fit_wls(m["syntax"] + "\nRES =~ RES5", stats)
    msg = str(err.value)
    assert "RES5" in msg
    with pytest.raises(OptionError):
        fit_wls(m["syntax"], stats, estimator="MLR")
    with pytest.raises(OptionError):
        fit_wls(m["syntax"], stats, parameterization="probit")


def test_fit_sem_needs_ordered_for_wlsmv_and_refuses_ordered_with_ml():
    import pandas as pd

    from research.sem import fit_sem

    data = pd.read_csv(REF / "ordinal_lsq5.csv")
    for kwargs in ({"estimator": "WLSMV"}, {"estimator": "ML", "ordered": True}):
        with pytest.raises(OptionError) as info:
            fit_sem("SAT =~ SAT1 + SAT2 + SAT3", data, **kwargs)
        err = info.value
        assert err.params["option"] == "ordered"
        texts = {lang: err.message(lang) for lang in ("en", "zh-Hans", "zh-Hant")}
        assert "WLSMV" in texts["en"] and len(set(texts.values())) == 3
        assert "有序" in texts["zh-Hant"] and "有序" in texts["zh-Hans"] and "ordered" in texts["en"]


# ----------------------------------------------------------------------------------------------
# from the data: fit_sem(..., estimator=..., ordered=...) with research.sem.ordinal_stats' statistics
# ----------------------------------------------------------------------------------------------
ALL_ORD = {m["name"]: m for m in json.loads((REF / "ordinal.json").read_text())["models"] if m.get("ngroups", 1) == 1}


@pytest.fixture(scope="module")
def data_fits():
    import pandas as pd

    from research.sem import fit_sem

    cache = {}

    def get(name):
        if name not in cache:
            m = ALL_ORD[name]
            o = m["ordered"]
            o = list(o.values()) if isinstance(o, dict) else list(o)
            opts = m["options"]
            data = pd.read_csv(REF / m["data"])
            cache[name] = (m, fit_sem(m["syntax"], data, estimator=opts["estimator"], ordered=o,
                                      parameterization=opts.get("parameterization", "delta"),
                                      missing=opts.get("missing", "listwise")))
        return cache[name]
    return get


@pytest.mark.parametrize("name", sorted(ALL_ORD))
def test_from_data_matches_lavaan(data_fits, name):
    """Every single-group model of ordinal.json (CFA of 20 items by WLSMV, ULSMV and with the theta
    parameterization, the 27-item mediation SEM with 6 defined indirect effects, mixed ordered/continuous,
    3 categories, skewed, a single-indicator factor, pairwise deletion).  The models with 20+ items: lavaan's
    optimizer stops at a relative change of 1e-10 in F, ~1e-6 from the minimum in the estimates (our F at
    lavaan's estimates is larger than at ours, checked below), so their rows are compared within 1e-5;
    everything else, and every fit measure and test statistic of every model, within 1e-6."""
    from research.sem.wls import WlsModel

    m, res = data_fits(name)
    assert res.converged and res.n == m["n"]
    ref = m["partable"]
    pe = res.parameters
    assert [(r["lhs"], r["op"], r["rhs"]) for r in ref] == list(zip(pe.lhs, pe.op, pe.rhs))
    big = len(m["ov_names"]) >= 20
    tol = 1e-5 if big else TOL
    for r, (_, q) in zip(ref, pe.iterrows()):
        for col in ("est", "se", "std.lv", "std.all"):
            if r[col] is not None:
                assert _close(r[col], q[col], tol), (name, r["lhs"], r["op"], r["rhs"], col, r[col], q[col])
    if big:
        st = res.ordinal_stats
        wm = WlsModel(res.partable, st, m["options"].get("parameterization", "delta"))
        lav = np.zeros(wm.q)
        for r in ref:
            if r["free"]:
                lav[r["free"] - 1] = r["est"]
        w = st.weights() if m["options"]["estimator"] == "WLSMV" else np.ones(len(st.wls_obs))

        def F(t):
            return float(w @ (st.wls_obs - wm.implied(t)) ** 2)
        assert F(res.theta) <= F(lav)
    bad = {k: (v, res.fit[k]) for k, v in m["fit"].items() if not _close(v, res.fit[k])}
    assert not bad, bad
    for t in m["test"]:
        for k, v in t.items():
            if k not in ("test", "stat_group"):
                got = res.test[t["test"]].get(k.replace("_", "."))
                assert _close(v, got), (name, t["test"], k, v, got)
    assert res.provenance["missing"] == m["options"].get("missing", "listwise")


@pytest.mark.parametrize("name", sorted(DEV))
def test_standardized_solution(fits, name):
    """standardizedSolution(fit): est.std and its delta-method SE (the ordered residual variances follow θ
    under the delta parameterization), every row incl. thresholds and the defined indirect effect."""
    m, res = fits("wls_dev.json", name)
    sd = res.standardized
    assert [(r["lhs"], r["op"], r["rhs"]) for r in m["standardized"]] == list(zip(sd.lhs, sd.op, sd.rhs))
    for r, (_, q) in zip(m["standardized"], sd.iterrows()):
        assert _close(r["est.std"], q["est.std"]), (name, r, q["est.std"])
        if r["se"] is not None:
            assert _close(r["se"], q["se"]), (name, r, q["se"])


def test_result_to_dict_is_json(fits):
    m, res = fits("wls_dev.json", "mediation_wlsmv")
    d = res.to_dict()
    text = json.dumps(d, allow_nan=False)
    assert d["estimator"] == "WLSMV" and d["test"]["scaled.shifted"]["df"] == m["fit"]["df"]
    assert d["parameterization"] == "delta" and "ind" in text
    assert res.table("fit").shape[0] == len(m["fit"])


def test_fit_wls_takes_ordinal_stats_of_the_data(fits):
    """fit_wls on research.sem.ordinal_stats' statistics equals the fit on lavaan's own (cfa_sat_loy)."""
    import pandas as pd

    from research.sem.ordinal_stats import ordinal_sample_stats

    m, ref = fits("ordinal.json", "cfa_sat_loy")
    st = ordinal_sample_stats(pd.read_csv(REF / m["data"]), m["ov_names"], True)[0]
    res = fit_wls(m["syntax"], st)
    assert np.allclose(res.parameters["est"], ref.parameters["est"], rtol=0, atol=1e-6)
    assert res.fit["chisq.scaled"] == pytest.approx(m["fit"]["chisq.scaled"], rel=1e-6)


def test_constraints_refused_in_three_languages():
    m = DEV["cfa2_wlsmv"]
    stats = WlsStats.from_reference(m)
    with pytest.raises(OptionError) as info:
        fit_wls("ECO =~ ECO1 + a*ECO2 + b*ECO3 + ECO4\nRES =~ RES1 + RES2 + RES3 + RES4\na == b", stats)
    msgs = [info.value.message(lang) for lang in ("en", "zh-Hans", "zh-Hant")]
    assert "==" in msgs[0] and "约束" in msgs[1] and "限制式" in msgs[2]


def test_under_identified_model_warns_instead_of_failing():
    """Two indicators of a lone factor: 9 statistics, 10 parameters (df = −1) — as lavaan, the fit returns with
    the information matrix singular, χ² and what is built on it missing, and warnings in three languages."""
    m = ORD["cfa_sat_loy"]
    stats = WlsStats.from_reference(m)
    sub = ["SAT1", "SAT2"]
    idx = [stats.ov_names.index(v) for v in sub]
    th = np.cumsum((0,) + stats.nth)
    keep = [k for i in idx for k in range(th[i], th[i + 1])]
    r, c = np.tril_indices(stats.p, -1)[0], np.tril_indices(stats.p, -1)[1]
    order = sorted(range(len(r)), key=lambda k: (c[k], r[k]))
    pairs = [(int(r[k]), int(c[k])) for k in order]
    keep.append(stats.n_mean_part + pairs.index((idx[1], idx[0])))
    small = WlsStats(ov_names=tuple(sub), nth=tuple(stats.nth[i] for i in idx), n=stats.n,
                     wls_obs=stats.wls_obs[keep], gamma=stats.gamma[np.ix_(keep, keep)])
    res = fit_wls("F =~ SAT1 + SAT2", small)
    assert res.fit["df"] == -1 and math.isnan(res.fit["chisq"]) and math.isnan(res.fit["cfi"])
    assert {"not_identified", "information_singular"} <= set(res.warning_codes)
    w = [x for x in res.warnings if x.code == "not_identified"][0]
    assert "10" in w.message("en") and "识别" in w.message("zh-Hans") and "識別" in w.message("zh-Hant")


def test_refit_stats_warm_start(fits):
    """A resample's refit from θ̂ reaches the same estimates as a fit from scratch."""
    m, res = fits("ordinal.json", "cfa_sat_loy")
    stats = WlsStats.from_reference(m)
    rng = np.random.default_rng(6)
    other = WlsStats(ov_names=stats.ov_names, nth=stats.nth, n=stats.n,
                     wls_obs=stats.wls_obs + rng.normal(0, 0.01, len(stats.wls_obs)), gamma=stats.gamma)
    again = res.refit_stats(other)
    fresh = fit_wls(m["syntax"], other)
    assert again.converged and np.allclose(again.theta, fresh.theta, atol=1e-8)
    assert again.fmin == pytest.approx(fresh.fit["fmin"], rel=1e-10)
    with pytest.raises(OptionError):
        res.refit(np.eye(7))


def test_implied_is_the_model_correlation_matrix(fits):
    m, res = fits("ordinal.json", "mixed")
    S = res.implied()
    assert np.allclose(S, res.implied_cov.to_numpy())
    st = res.ordinal_stats
    r, c = np.tril_indices(st.p, -1)
    order = sorted(range(len(r)), key=lambda k: (c[k], r[k]))
    off = np.array([S[r[k], c[k]] for k in order])
    assert np.allclose(off, res.wls_est[st.n_mean_part + st.n_var_part:], atol=1e-12)
    assert np.allclose(np.diag(S)[3:], 1.0)           # the ordered y* have unit variance (delta)


def test_ordered_must_name_a_model_variable():
    import pandas as pd

    from research.sem import fit_sem

    data = pd.read_csv(REF / "ordinal_lsq5.csv")
    with pytest.raises(OptionError) as info:
        fit_sem("SAT =~ SAT1 + SAT2 + SAT3", data, estimator="WLSMV", ordered=["LOY1"])
    assert "ordered" in info.value.message("en") and "有序" in info.value.message("zh-Hant")
    res = fit_sem("SAT =~ SAT1 + SAT2 + SAT3", data, estimator="WLSMV", ordered="SAT1")
    assert res.provenance["ordered"] == ["SAT1"] and res.ordinal_stats.nth == (4, 0, 0)


def test_diagnostics_of_an_ordinal_fit_are_its_own():
    """Factor scores, residuals and modification indices of a WLSMV fit are the WLSMV ones — EBM scores
    (research.sem.wls_scores, tested in test_wls_scores.py), polychoric residuals and DWLS score tests
    (research.sem.wls_residuals / wls_modindices, tested in test_wls_modindices.py) — not the ML formulas."""
    from research.sem import fit_sem
    from research.sem.modindices import modindices
    from research.sem.residuals import residuals
    from research.sem.scores import factor_scores
    from research.sem.wls_modindices import wls_modindices
    from research.sem.wls_residuals import wls_residuals
    from research.sem.wls_scores import ebm_scores

    import pandas as pd
    data = pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv")
    res = fit_sem("SAT =~ SAT1 + SAT2 + SAT3\nLOY =~ LOY1 + LOY2 + LOY3", data, estimator="WLSMV", ordered=True)
    pd.testing.assert_frame_equal(modindices(res), wls_modindices(res))
    pd.testing.assert_frame_equal(residuals(res, "standardized").cov, wls_residuals(res, "standardized").cov)
    pd.testing.assert_frame_equal(factor_scores(res, data), ebm_scores(res, data))
