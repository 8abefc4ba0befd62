"""Factor scores of fits with ordered indicators (research.sem.wls_scores): lavaan's empirical Bayes modal scores.

Reference: tests/reference/wls_scores.json (wls_scores.R, lavaan 0.6-14 ``lavPredict(fit)``, whose default for
categorical data is EBM) for a 20-item CFA under the delta and the theta parameterization, a structural model, mixed
ordered and continuous items, a 3-category item, skewed items, pairwise deletion and ULSMV — the first 120 scored
rows of each, computed by lavaan twice: with its default optimizer (BFGS) and with nlminb.

lavaan's optimizers stop short of the mode: its two answers differ by up to 2.6e-4 (3.8e-3 for BFGS on the mixed
model), so the comparison is (a) within 5e-4 of lavaan's nlminb scores and (b) at the mode — the posterior,
written out here again from the parameter table with scipy.stats, is never lower at lavaan's scores than at ours.
"""
import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from conftest import ROOT
from research.errors import DataError, OptionError
from research.sem import factor_scores, fit_sem

REF = ROOT / "tests" / "reference"
MODELS = {m["name"]: m for m in json.loads((REF / "wls_scores.json").read_text())["models"]}
TOL = 5e-4


def _fit(m, parameterization=None):
    data = pd.read_csv(REF / m["data"])
    res = fit_sem(m["syntax"], data, estimator="ULSMV" if m["name"] == "ulsmv" else "WLSMV", ordered=m["ordered"],
                  parameterization=parameterization or m["parameterization"], missing=m["missing"])
    return res, data


def _posterior(res, data, lv):
    """−log posterior F(η) of every row, built from the parameter table (loadings, thresholds, intercepts, residual
    and latent (co)variances, regressions) with scipy.stats: ``F(row, eta)``.  Delta parameterization."""
    pe = res.parameters
    ov = list(res.partable.ov_names)
    ordered = set(res.provenance["ordered"])
    m = len(lv)
    lam = np.zeros((len(ov), m))
    for r in pe[pe.op == "=~"].itertuples():
        lam[ov.index(r.rhs), lv.index(r.lhs)] = r.est
    B, psi = np.zeros((m, m)), np.zeros((m, m))
    for r in pe[pe.op == "~"].itertuples():
        B[lv.index(r.lhs), lv.index(r.rhs)] = r.est
    for r in pe[(pe.op == "~~") & pe.lhs.isin(lv)].itertuples():
        psi[lv.index(r.lhs), lv.index(r.rhs)] = psi[lv.index(r.rhs), lv.index(r.lhs)] = r.est
    inv = np.linalg.inv(np.eye(m) - B)
    V = inv @ psi @ inv.T
    resid = {r.lhs: r.est for r in pe[(pe.op == "~~") & (pe.lhs == pe.rhs) & pe.lhs.isin(ov)].itertuples()}
    nu = {r.lhs: r.est for r in pe[(pe.op == "~1") & pe.lhs.isin(ov)].itertuples()}
    cuts = {v: np.concatenate([[-np.inf], pe[(pe.op == "|") & (pe.lhs == v)].est.to_numpy(), [np.inf]])
            for v in ordered}
    levels = {v: np.sort(data[v].dropna().unique()) for v in ordered}
    prior = stats.multivariate_normal(np.zeros(m), V)

    def F(row, eta):
        out = -prior.logpdf(eta)
        for j, v in enumerate(ov):
            y = data.iloc[row][v]
            if pd.isna(y):
                continue
            mean = lam[j] @ eta
            if v in ordered:
                sd = np.sqrt(1.0 - lam[j] @ V @ lam[j])            # delta: Var(y*) = 1
                k = int(np.searchsorted(levels[v], y))
                p = stats.norm.cdf((cuts[v][k + 1] - mean) / sd) - stats.norm.cdf((cuts[v][k] - mean) / sd)
                out -= np.log(max(p, np.finfo(float).eps))
            else:
                out -= stats.norm.logpdf(y, nu.get(v, 0.0) + mean, np.sqrt(resid[v]))
        return out
    return F


@pytest.fixture(scope="module", params=[n for n in MODELS if n != "cfa_lsq5_theta"])
def case(request):
    m = MODELS[request.param]
    res, data = _fit(m)
    return m, res, data, factor_scores(res, data)


def test_scores_match_lavaan(case):
    m, res, data, fs = case
    rows = np.asarray(m["rows"]) - 1
    ours = fs.iloc[rows][m["lv_names"]].to_numpy()
    np.testing.assert_allclose(ours, np.asarray(m["nlminb"]), atol=TOL, rtol=0)
    # lavaan's default (BFGS) answer too, except where BFGS itself stops farther from nlminb than the tolerance
    # (on the mixed model, with continuous items on their own scale, BFGS is that far on half the rows)
    close = np.abs(np.asarray(m["bfgs"]) - np.asarray(m["nlminb"])).max(axis=1) < TOL / 2
    assert close.mean() > 0.5
    np.testing.assert_allclose(ours[close], np.asarray(m["bfgs"])[close], atol=TOL, rtol=0)
    assert list(fs.columns) == list(res.wls_model.ram.lv_names) and fs.index.equals(data.index)


def test_scores_are_the_posterior_mode(case):
    """At every checked row the posterior written out independently is at least as high at our scores as at either
    of lavaan's — and not higher at a nearby point (a mode, not just a better point)."""
    m, res, data, fs = case
    lv = m["lv_names"]
    F = _posterior(res, data, lv)
    rng = np.random.default_rng(7)
    for k, row in enumerate(np.asarray(m["rows"][:25]) - 1):
        ours = fs.iloc[row][lv].to_numpy(dtype=float)
        f = F(row, ours)
        for theirs in (m["bfgs"][k], m["nlminb"][k]):
            assert f <= F(row, np.asarray(theirs)) + 1e-10
        for _ in range(3):
            assert f <= F(row, ours + rng.normal(scale=1e-4, size=len(lv))) + 1e-12


def test_theta_scores_are_the_delta_scores_in_the_theta_metric():
    """The two parameterizations are one model: under theta each factor's scores are the delta ones times the ratio
    of the factor's standard deviations (ours to 1e-8).  lavaan 0.6-14's theta scores are not — it scales the
    thresholds and the linear predictor by the scale factors but not the residual SD — so the comparison with
    lavaan goes through its delta scores."""
    delta, theta = MODELS["cfa_lsq5"], MODELS["cfa_lsq5_theta"]
    rd, data = _fit(delta)
    rt, _ = _fit(theta)
    lv = delta["lv_names"]
    sd = {r: np.sqrt([r.parameters.query("op == '~~' and lhs == @f and rhs == @f").est.iloc[0] for f in lv])
          for r in (rd, rt)}
    ratio = sd[rt] / sd[rd]
    fd, ft = factor_scores(rd, data)[lv], factor_scores(rt, data)[lv]
    np.testing.assert_allclose(ft.to_numpy(), fd.to_numpy() * ratio, atol=1e-8, rtol=0)
    rows = np.asarray(theta["rows"]) - 1
    np.testing.assert_allclose(ft.iloc[rows].to_numpy(), np.asarray(delta["nlminb"]) * ratio, atol=TOL * ratio.max())
    assert np.abs(ft.iloc[rows].to_numpy() - np.asarray(theta["nlminb"])).max() > 0.5     # lavaan's differ


def test_missing_answers_and_empty_rows():
    """Pairwise deletion: a row with some answers missing is scored from the others (lavaan's rows include them);
    a row with no answer on the model's items gets NaN; extra columns and the index are kept apart."""
    m = MODELS["pairwise"]
    res, data = _fit(m)
    items = list(res.partable.ov_names)
    partial = np.flatnonzero(data[items].isna().any(axis=1).to_numpy() & data[items].notna().any(axis=1).to_numpy())
    assert len(set(partial) & set(np.asarray(m["rows"]) - 1)) > 5
    blank = pd.DataFrame({v: [np.nan] for v in items} | {"respondent": [9999]}, index=["blank"])
    fs = factor_scores(res, pd.concat([data, blank]))
    assert fs.loc["blank"].isna().all() and fs.drop(index="blank").notna().all().all()
    np.testing.assert_array_equal(fs.drop(index="blank").to_numpy(), factor_scores(res, data).to_numpy())


def test_an_answer_outside_the_fitted_categories_or_text_is_refused():
    """Named as the fit's own data errors name a cell: row counted from 1, column, value, in three languages."""
    m = MODELS["three_category"]
    res, data = _fit(m)
    bad = data.copy()
    bad.loc[17, "LOY4"] = 7
    with pytest.raises(DataError) as err:
        factor_scores(res, bad)
    assert (err.value.row, err.value.column, err.value.value) == (18, "LOY4", "7")
    assert "1, 2, 3" in err.value.message("en") and "第 18 行" in err.value.message("zh-Hans")
    assert "第 18 列" in err.value.message("zh-Hant")
    text = data.astype(object)
    text.loc[4, "SAT2"] = "很满意"
    with pytest.raises(DataError) as err:
        factor_scores(res, text)
    assert (err.value.row, err.value.column, err.value.value) == (5, "SAT2", "很满意")


def test_a_rare_extreme_answer_reaches_the_mode():
    """One answer, in the top or bottom category (a few % of answers) of an item loading ~.97: its probability at
    η = 0 is far below machine epsilon.  lavaan floors it there, its F is flat and its optimiser stops at 0; log P
    computed in the tail keeps F convex and the score goes to the mode — checked against a one-dimensional
    minimisation of F written with scipy.stats (norm.logsf / norm.logcdf) from the parameter table."""
    from scipy import optimize

    rng = np.random.default_rng(1)
    eta = rng.normal(size=600)
    cuts = [-2.3, -1.5, 0.0, 1.5, 2.3]
    data = pd.DataFrame({f"y{j + 1}": np.digitize(lam * eta + rng.normal(size=600) * np.sqrt(1 - lam * lam), cuts) + 1
                         for j, lam in enumerate([0.97, 0.96, 0.95, 0.9])})
    res = fit_sem("F =~ y1 + y2 + y3 + y4", data, estimator="WLSMV", ordered=True)
    pe = res.parameters
    load = pe[pe.op == "=~"].set_index("rhs").est
    psi = pe.query("op == '~~' and lhs == 'F'").est.iloc[0]
    rows = pd.DataFrame([[6, np.nan, np.nan, np.nan], [1, np.nan, np.nan, np.nan], [np.nan, 6, np.nan, np.nan]],
                        columns=data.columns)
    got = factor_scores(res, rows)["F"].to_numpy()
    for k, (item, answer) in enumerate([("y1", 6), ("y1", 1), ("y2", 6)]):
        taus = pe[(pe.op == "|") & (pe.lhs == item)].est.to_numpy()
        sd = np.sqrt(1 - load[item] ** 2 * psi)

        def F(e):
            if answer == 6:
                return 0.5 * e * e / psi - stats.norm.logsf((taus[-1] - load[item] * e) / sd)
            return 0.5 * e * e / psi - stats.norm.logcdf((taus[0] - load[item] * e) / sd)

        assert F(0.0) > 29                                    # P(answer | η = 0) < 1e-12 …
        if k == 0:
            assert F(0.0) > -np.log(np.finfo(float).eps)      # … and for the first below machine epsilon
        best = optimize.minimize_scalar(F, bounds=(-6, 6), method="bounded", options={"xatol": 1e-10}).x
        assert abs(best) > 1.5 and got[k] == pytest.approx(best, abs=1e-6)


def test_observed_variables_in_the_regressions_are_refused():
    """An item regressed on a factor alone is an indicator in all but name (lavaan scores 'LOY4 ~ SAT' as
    'SAT =~ … + LOY4', and so do we); an observed variable that predicts another is refused — lavaan would score it
    with its raw answer as a 'factor' — and the message points to the measurement model."""
    data = pd.read_csv(REF / "ordinal_lsq5.csv")
    outcome = fit_sem("SAT =~ SAT1 + SAT2 + SAT3\nLOY4 ~ SAT", data, estimator="WLSMV", ordered=True)
    indicator = fit_sem("SAT =~ SAT1 + SAT2 + SAT3 + LOY4", data, estimator="WLSMV", ordered=True)
    a, b = factor_scores(outcome, data), factor_scores(indicator, data)
    np.testing.assert_allclose(a.to_numpy(), b.to_numpy(), atol=1e-6)
    # lavaan 0.6-14, lavPredict(fit, optim.method = "nlminb") of both models, rows 1-4
    np.testing.assert_allclose(a["SAT"].to_numpy()[:4], [-0.43183547, 0.06010535, 1.36709931, 0.89403088],
                               atol=TOL)
    mixed = pd.read_csv(REF / "ordinal_mixed.csv")
    res = fit_sem("F =~ y1 + y2 + y3 + y4\nx1 ~ F\nx2 ~ x1", mixed, estimator="WLSMV", ordered=["y1", "y2", "y3", "y4"])
    with pytest.raises(OptionError) as err:
        factor_scores(res, mixed)
    assert "x1, x2" in err.value.message("en") and "cfa with the same items" in err.value.message("en")
    assert "测量模型" in err.value.message("zh-Hans") and "測量模型" in err.value.message("zh-Hant")
