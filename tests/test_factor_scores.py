"""Regression (Thurstone) factor scores, checked against the textbook formula Φ Λᵀ Σ⁻¹ (x − x̄)
built from the fitted parameter table (Bollen 1989, p. 305), and against lavaan 0.6-14's lavPredict
(tests/reference/factor_scores.R/.json: a CFA on complete data and by FIML with missing answers, Bollen's
political-democracy SEM with residual covariances, the LSQ-5 mediation SEM)."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from conftest import REFERENCE, ROOT
from research.errors import OptionError
from research.sem import factor_scores, fit_sem

HS = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"
ITEMS = [f"x{i}" for i in range(1, 10)]


LAVAAN = {m["name"]: m for m in json.loads((ROOT / "tests" / "reference" / "factor_scores.json").read_text())["models"]}


@pytest.mark.parametrize("name", sorted(LAVAAN))
def test_scores_match_lavaans_lavpredict(name):
    """Every row lavaan scored, every factor: within 1e-5 (lavaan's optimizer stops ~1e-6 from the optimum, and
    the scores, up to |4| here, carry that difference; the largest seen is 6.4e-6)."""
    m = LAVAAN[name]
    data = pd.read_csv((REFERENCE if m["shared"] else ROOT / "tests" / "reference") / m["data"])
    res = fit_sem(m["syntax"], data, missing="fiml" if m["options"].get("missing") == "ml" else "listwise")
    rows = np.asarray(m["case_idx"]) - 1
    assert len(rows) == len(data)
    got = factor_scores(res, data).iloc[rows][m["lv_names"]].to_numpy()
    np.testing.assert_allclose(got, np.asarray(m["scores"]), rtol=0, atol=1e-5)


def _matrices(res):
    """Λ, Φ, Θ of a CFA from its parameter table (not from the engine's matrices)."""
    p = res.parameters
    factors = ["visual", "textual", "speed"]
    L = np.zeros((9, 3))
    Phi = np.zeros((3, 3))
    Theta = np.zeros((9, 9))
    for r in p.itertuples():
        if r.op == "=~":
            L[ITEMS.index(r.rhs), factors.index(r.lhs)] = r.est
        elif r.op == "~~" and r.lhs in factors:
            i, j = factors.index(r.lhs), factors.index(r.rhs)
            Phi[i, j] = Phi[j, i] = r.est
        elif r.op == "~~":
            i, j = ITEMS.index(r.lhs), ITEMS.index(r.rhs)
            Theta[i, j] = Theta[j, i] = r.est
    return L, Phi, Theta


def test_complete_data_matches_the_textbook_formula():
    data = pd.read_csv(REFERENCE / "holzinger1939.csv")
    res = fit_sem(HS, data)
    L, Phi, Theta = _matrices(res)
    Sigma = L @ Phi @ L.T + Theta
    X = data[ITEMS].to_numpy()
    expected = (X - X.mean(axis=0)) @ np.linalg.solve(Sigma, L @ Phi)
    scores = factor_scores(res, data)
    assert list(scores.columns) == ["visual", "textual", "speed"]
    assert np.allclose(scores.to_numpy(), expected, atol=1e-9)
    # regression scores are centred and their covariance is Φ Λᵀ Σ⁻¹ Λ Φ
    assert np.allclose(scores.mean(), 0, atol=1e-12)
    cov = np.cov(scores.to_numpy(), rowvar=False, bias=True)
    implied = Phi @ L.T @ np.linalg.solve(Sigma, L @ Phi)
    assert np.allclose(cov, implied, atol=0.02)


def test_incomplete_rows_use_the_answered_items():
    data = pd.read_csv(REFERENCE / "holzinger1939_missing.csv")
    data.loc[3, ITEMS] = np.nan
    res = fit_sem(HS, data, missing="fiml")
    L, Phi, Theta = _matrices(res)
    Sigma = L @ Phi @ L.T + Theta
    mu = res.implied_mean.to_numpy()
    scores = factor_scores(res, data)
    assert scores.loc[3].isna().all()
    for i in (0, 1, 2, 10, 57):
        x = data.loc[i, ITEMS].to_numpy(dtype=float)
        o = ~np.isnan(x)
        expected = (x[o] - mu[o]) @ np.linalg.solve(Sigma[np.ix_(o, o)], (L @ Phi)[o])
        assert np.allclose(scores.loc[i].to_numpy(), expected, atol=1e-9)
    assert data[ITEMS].isna().any(axis=1).sum() > 100 and scores.notna().all(axis=1).sum() == len(data) - 1


def test_structural_model_scores_use_the_implied_covariance():
    data = pd.read_csv(REFERENCE / "political_democracy.csv")
    model = "ind60 =~ x1 + x2 + x3\ndem60 =~ y1 + y2 + y3 + y4\ndem60 ~ ind60\n"
    res = fit_sem(model, data)
    names = list(res.partable.ov_names)
    V = res.model.total_cov(res.theta)
    X = data[names].to_numpy()
    expected = (X - X.mean(axis=0)) @ np.linalg.solve(V[:7, :7], V[7:, :7].T)
    assert np.allclose(factor_scores(res, data)[["ind60", "dem60"]].to_numpy(), expected, atol=1e-9)


def test_wrong_data_is_refused():
    data = pd.read_csv(REFERENCE / "holzinger1939.csv")
    res = fit_sem(HS, data)
    with pytest.raises(OptionError):
        factor_scores(res, data.drop(columns="x4"))
    with pytest.raises(OptionError):
        factor_scores(res, data.to_numpy())
