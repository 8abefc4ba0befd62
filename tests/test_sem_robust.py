"""MLR and FIML against lavaan 0.6-14 (../shared/reference).

HS1939 and PoliticalDemocracy with ``estimator = "MLR"`` (holzinger1939.json and
political_democracy.json, block ``mlr``); the HS 3-factor CFA on
``holzinger1939_missing.csv`` with ``missing = "ml"`` and with listwise deletion
(holzinger1939_extra.json).  Tolerances as the reference README: estimates and
bounded indices 1e-3 absolute, chisq/logl/aic/bic and SEs 1e-3 relative — and the
tight values a converged fit reaches (1e-5), which pin the formulas.
"""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from conftest import REFERENCE
from research.errors import OptionError
from research.sem import fit_sem

SCALE_DEPENDENT = {"chisq", "chisq.scaled", "baseline.chisq.scaled", "logl", "aic", "bic", "npar"}


def _check_fit(fit: dict, ref: dict, tight: float = 1e-5):
    bad = {}
    for name, value in ref.items():
        assert name in fit, f"{name} missing from our fit measures"
        ours = fit[name]
        if value is None:
            assert ours is None or math.isnan(ours), name
            continue
        scale = max(abs(value), 1.0) if name in SCALE_DEPENDENT else 1.0
        if abs(ours - value) / scale > tight:
            bad[name] = (ours, value)
    assert not bad, bad


def _check_rows(result, ref_rows, columns=("est", "se", "std.all"), tight=1e-5):
    table = result.parameters.set_index(["lhs", "op", "rhs"])
    assert len(table) == len(ref_rows)
    for r in ref_rows:
        row = table.loc[(r["lhs"], r["op"], r["rhs"])]
        for c in columns:
            if r.get(c) is None:
                continue
            scale = max(abs(r[c]), 1.0) if c == "se" else 1.0
            assert abs(row[c] - r[c]) / scale <= tight, (r["lhs"], r["op"], r["rhs"], c, row[c], r[c])


@pytest.fixture(scope="module")
def hs_mlr(reference):
    ref = reference("holzinger1939")
    return ref, fit_sem(ref["model_syntax"], pd.read_csv(REFERENCE / "holzinger1939.csv"), estimator="MLR")


@pytest.fixture(scope="module")
def missing_data():
    return pd.read_csv(REFERENCE / "holzinger1939_missing.csv")


@pytest.fixture(scope="module")
def hs_fiml(reference, missing_data):
    ref = reference("holzinger1939")
    return reference("holzinger1939_extra"), fit_sem(ref["model_syntax"], missing_data, missing="fiml")


def test_mlr_fit_measures_hs(hs_mlr):
    ref, res = hs_mlr
    assert res.converged and res.estimator == "MLR" and not res.warnings
    _check_fit(res.fit, ref["mlr"]["fit_measures"])
    # the published summary in the README
    assert res.fit["chisq.scaled"] == pytest.approx(87.1316, abs=1e-4)
    assert res.fit["chisq.scaling.factor"] == pytest.approx(0.9790, abs=1e-4)


def test_mlr_robust_standard_errors_hs(hs_mlr):
    ref, res = hs_mlr
    _check_rows(res, ref["mlr"]["parameters"])
    # point estimates are the ML ones; only the SEs change
    ml = fit_sem(ref["model_syntax"], pd.read_csv(REFERENCE / "holzinger1939.csv"))
    assert np.allclose(ml.parameters["est"], res.parameters["est"], atol=1e-8)
    assert not np.allclose(ml.parameters["se"], res.parameters["se"], rtol=1e-3)


def test_mlr_fit_measures_political_democracy(reference):
    ref = reference("political_democracy")
    res = fit_sem(ref["model_syntax"], pd.read_csv(REFERENCE / "political_democracy.csv"), estimator="MLR")
    assert res.converged
    _check_fit(res.fit, ref["mlr"]["fit_measures"])
    ml = fit_sem(ref["model_syntax"], pd.read_csv(REFERENCE / "political_democracy.csv"))
    assert np.allclose(ml.parameters["est"], res.parameters["est"], atol=1e-7)


def test_fiml_fit_measures(hs_fiml):
    ref, res = hs_fiml
    assert res.converged and res.missing == "fiml" and res.n == 301
    _check_fit(res.fit, ref["fiml"]["fit_measures"])
    assert res.fit["chisq"] == pytest.approx(77.6588, abs=1e-4)


def test_fiml_parameters_with_intercepts(hs_fiml):
    ref, res = hs_fiml
    _check_rows(res, ref["fiml"]["parameters"])
    means = res.parameters[res.parameters["op"] == "~1"]
    assert list(means["lhs"]) == [f"x{i}" for i in range(1, 10)] + ["visual", "textual", "speed"]
    assert res.optimizer["complete_rows"] == ref["fiml"]["n_complete_rows"]


def test_fiml_gradient_in_matrix_form_equals_the_moments_jacobian_form(hs_fiml, missing_data):
    """−(μ_θᵀ gμ + [tr(G Σ_k)]_k)/N, without ∂Σ/∂θ, against −Δᵀ ∂log L/∂(μ, vech Σ)/N and central
    differences of f, away from the optimum (where the gradient is not ~0)."""
    from research.sem.fiml import FimlObjective
    from research.sem.mvnorm import MissingPatterns

    _, res = hs_fiml
    X = missing_data[list(res.model.ov_names)].to_numpy(dtype=float)
    S, M = res.fixed_moments(X)
    obj = FimlObjective(res.model, MissingPatterns(X), S, M)
    theta = res.theta * 1.05 + 0.01
    mu, Sigma = obj.moments(theta)
    Delta = res.model.moments_jacobian(theta, S, M, meanstructure=True)
    by_vech = -(Delta.T @ obj.data.gradient(mu, Sigma)) / obj.n
    g = obj.gradient(theta)
    assert np.max(np.abs(g)) > 1e-2
    assert np.allclose(g, by_vech, rtol=1e-10, atol=1e-13)
    h = 1e-6
    numeric = [(obj.value(theta + h * e) - obj.value(theta - h * e)) / (2 * h) for e in np.eye(len(theta))]
    assert np.allclose(g, numeric, rtol=1e-5, atol=1e-7)


def test_listwise_on_the_same_file(reference, missing_data):
    ref = reference("holzinger1939_extra")["listwise"]
    res = fit_sem(reference("holzinger1939")["model_syntax"], missing_data)
    assert res.n == ref["ntotal"]
    assert "listwise_deleted" in res.warning_codes
    _check_fit(res.fit, ref["fit_measures"])


def test_fiml_with_mlr_is_consistent(reference, missing_data, hs_fiml):
    """MLR + FIML: the FIML estimates, sandwich SEs, a positive scaling factor."""
    _, fiml = hs_fiml
    res = fit_sem(reference("holzinger1939")["model_syntax"], missing_data, missing="fiml", estimator="MLR")
    assert np.allclose(res.parameters["est"], fiml.parameters["est"], atol=1e-7)
    assert res.fit["chisq.scaling.factor"] > 0
    assert res.fit["chisq.scaled"] == pytest.approx(res.fit["chisq"] / res.fit["chisq.scaling.factor"])
    free = res.parameters["se"] > 0
    assert np.all(np.isfinite(res.parameters.loc[free, "se"]))


def test_fiml_on_complete_data_equals_ml(reference):
    """Without holes FIML is ML with a saturated mean structure: same χ² and estimates, means = sample means."""
    ref = reference("holzinger1939")
    data = pd.read_csv(REFERENCE / "holzinger1939.csv")
    ml = fit_sem(ref["model_syntax"], data)
    fiml = fit_sem(ref["model_syntax"], data, missing="fiml")
    assert fiml.fit["chisq"] == pytest.approx(ml.fit["chisq"], rel=1e-6)
    cov_rows = fiml.parameters[fiml.parameters["op"] != "~1"].reset_index(drop=True)
    assert np.allclose(cov_rows["est"], ml.parameters["est"], atol=1e-6)
    means = fiml.parameters[fiml.parameters["op"] == "~1"].set_index("lhs")["est"]
    for v in [f"x{i}" for i in range(1, 10)]:
        assert means[v] == pytest.approx(data[v].mean(), abs=1e-7)


def test_fiml_drops_empty_rows_and_says_so(reference, missing_data):
    data = missing_data.copy()
    data.loc[[0, 5], [f"x{i}" for i in range(1, 10)]] = np.nan
    res = fit_sem(reference("holzinger1939")["model_syntax"], data, missing="fiml")
    assert res.n == 299 and res.n_dropped == 2
    assert "empty_rows" in res.warning_codes


def test_fiml_refuses_pairs_never_seen_together(missing_data):
    data = missing_data.copy()
    data.loc[data["x1"].notna(), "x2"] = np.nan
    with pytest.raises(OptionError) as info:
        fit_sem("f =~ x1 + x2 + x3", data, missing="fiml")
    assert "x2–x1" in info.value.message("en") or "x1–x2" in info.value.message("en")


def test_fiml_result_cannot_be_refitted_from_a_covariance_matrix(hs_fiml):
    _, res = hs_fiml
    with pytest.raises(OptionError, match="FIML"):
        res.refit(res.sample_cov.to_numpy())


def test_unknown_estimator_and_missing_option():
    data = pd.read_csv(REFERENCE / "holzinger1939.csv")
    for kwargs in ({"estimator": "WLSMV"}, {"missing": "pairwise"}):
        with pytest.raises(OptionError) as info:
            fit_sem("f =~ x1 + x2 + x3", data, **kwargs)
        assert ("MLR" in info.value.message("en")) or ("fiml" in info.value.message("en"))


def test_results_json_carries_estimator_and_means(hs_fiml):
    _, res = hs_fiml
    d = res.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["estimator"] == "ML" and d["missing"] == "fiml"
    assert set(d["sample_mean"]) == {f"x{i}" for i in range(1, 10)}


def test_fiml_bootstrap_refits_the_rows(reference, missing_data, hs_fiml):
    """Each resample is refitted by FIML; the bootstrap SEs are of the order of the FIML SEs."""
    from research.bootstrap import bootstrap

    _, res = hs_fiml
    boot = bootstrap(res, missing_data, n_boot=60, seed=7)
    assert boot.n_nonconverged == 0
    params = boot.parameters
    assert np.allclose(params["est"], res.parameters["est"])
    # textual loadings and the intercepts are well determined: bootstrap SE within 40 % of the FIML SE
    firm = (res.parameters["lhs"].isin(["textual"]) & (res.parameters["op"] == "=~")
            & (res.parameters["se"] > 0)) | (res.parameters["op"] == "~1") & (res.parameters["se"] > 0)
    ratio = params.loc[firm, "se"].to_numpy() / res.parameters.loc[firm, "se"].to_numpy()
    assert np.all((ratio > 0.6) & (ratio < 1.4)), ratio
    # a resample's FIML refit agrees with a fresh fit of the same rows
    X = boot._task.X[:150]
    again = fit_sem(reference("holzinger1939")["model_syntax"],
                    pd.DataFrame(X, columns=list(res.partable.ov_names)), missing="fiml", start="simple")
    warm = res.refit_rows(X)
    assert warm.converged and np.allclose(warm.theta, again.theta, atol=1e-5)
    # other data are refused
    with pytest.raises(OptionError):
        bootstrap(res, missing_data.iloc[::-1].reset_index(drop=True).assign(x1=lambda d: d["x1"] + 1), n_boot=2)
