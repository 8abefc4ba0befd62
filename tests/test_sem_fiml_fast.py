"""The fast paths of the FIML engine against their direct definitions.

* :meth:`MissingPatterns.information` (sums over patterns as matrix products) equals the
  pattern-by-pattern loop :meth:`MissingPatterns.information_by_pattern`;
* the per-pattern inverses from one Σ⁻¹ (partitioned inverse) equal each Σ_oo's own inverse;
* :meth:`FimlObjective.analytic_hessian` equals lavaan's numerical rule
  (:meth:`FimlObjective.numerical_hessian`) far below the SE tolerance of the lavaan references.

The lavaan comparisons themselves are in tests/test_sem_robust.py (FIML estimates, SEs, fit
measures on holzinger1939_missing.csv) and tests/test_sem_diagnostics.py (residuals).
"""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import REFERENCE
from research.sem import fit_sem
from research.sem.fiml import FimlObjective
from research.sem.mvnorm import MissingPatterns, vech_trace_matrix, weighted_trace_matrix

HS = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
SEM = HS + "\ntextual ~ visual\nspeed ~ textual + visual"


@pytest.fixture(scope="module")
def missing_data():
    return pd.read_csv(REFERENCE / "holzinger1939_missing.csv")


def _patterns(df, names):
    return MissingPatterns(df[names].to_numpy(dtype=float))


def _near(mp, rng):
    em = mp.em()
    A = 0.05 * rng.standard_normal((mp.p, mp.p))
    return em.mu + 0.05 * rng.standard_normal(mp.p), em.sigma + A @ A.T


def _heavy(rng, n=300, p=9, share=0.45):
    """Rows with many holes: patterns missing more than p/3 variables (the direct inverses) too."""
    L = rng.standard_normal((p, 2))
    X = rng.standard_normal((n, 2)) @ L.T + rng.standard_normal((n, p))
    X[rng.random((n, p)) < share] = np.nan
    return X[~np.isnan(X).all(axis=1)]


@pytest.mark.parametrize("kind", ["observed", "expected"])
def test_information_equals_the_pattern_loop(missing_data, kind):
    rng = np.random.default_rng(1)
    names = [f"x{i}" for i in range(1, 10)]
    for mp in (_patterns(missing_data, names), MissingPatterns(_heavy(rng))):
        mu, sigma = _near(mp, rng)
        fast = mp.information(mu, sigma, kind)
        slow = mp.information_by_pattern(mu, sigma, kind)
        assert np.allclose(fast, slow, rtol=1e-12, atol=1e-12 * np.max(np.abs(slow)))
        assert np.allclose(fast, fast.T, rtol=0, atol=1e-12 * np.max(np.abs(slow)))


def test_weighted_trace_matrix_in_column_blocks():
    rng = np.random.default_rng(2)
    m, p = 5, 6
    K = rng.standard_normal((m, p, p))
    K = K + K.transpose(0, 2, 1)
    L = rng.standard_normal((m, p, p))
    L = L + L.transpose(0, 2, 1)
    w = rng.random(m)
    direct = sum(wj * vech_trace_matrix(Kj, Lj) for wj, Kj, Lj in zip(w, K, L))
    for max_bytes in (32e6, 1.0, 8.0 * 21 * 5):          # one block, one column at a time, 5 columns
        assert np.allclose(weighted_trace_matrix(K, L, w, max_bytes=max_bytes), direct, rtol=1e-13, atol=1e-13)


def test_pattern_inverses_from_one_inverse(missing_data):
    rng = np.random.default_rng(3)
    names = [f"x{i}" for i in range(1, 10)]
    for mp in (_patterns(missing_data, names), MissingPatterns(_heavy(rng))):
        _, sigma = _near(mp, rng)
        K, logdet = mp._inverses(sigma)
        K0, logdet0 = mp._inverses_direct(sigma, slice(None))
        assert np.allclose(K, K0, rtol=1e-12, atol=1e-12 * np.max(np.abs(K0)))
        assert np.allclose(logdet, logdet0, rtol=0, atol=1e-12)
    assert len(mp._direct) and len(mp._schur)           # the heavy data use both routes


def test_not_positive_definite_sigma_falls_back_to_the_patterns():
    # x1 and x3 never observed together: Σ may be indefinite while every observed block is PD
    X = np.array([[1.0, 2.0, np.nan], [2.0, 1.0, np.nan], [3.0, 5.0, np.nan], [np.nan, 1.0, 2.0],
                  [np.nan, 3.0, 1.0], [np.nan, 2.0, 4.0]])
    mp = MissingPatterns(X)
    sigma = np.array([[1.0, 0.5, 0.99], [0.5, 1.0, 0.5], [0.99, 0.5, 1.0]])
    sigma[0, 2] = sigma[2, 0] = -0.9                      # indefinite
    assert np.linalg.eigvalsh(sigma)[0] < 0
    K, logdet = mp._inverses(sigma)
    K0, logdet0 = mp._inverses_direct(sigma, slice(None))
    assert np.allclose(K, K0) and np.allclose(logdet, logdet0)
    assert np.isfinite(mp.loglik(np.zeros(3), sigma))


@pytest.mark.parametrize("syntax", [HS, SEM])
def test_analytic_hessian_equals_lavaans_numerical_rule(missing_data, syntax):
    res = fit_sem(syntax, missing_data, missing="fiml")
    names = list(res.partable.ov_names)
    mp = _patterns(missing_data, names)
    obj = FimlObjective(res.model, mp, res.sample_cov.to_numpy(), res.sample_mean.to_numpy())
    rng = np.random.default_rng(4)
    for theta in (res.theta, res.theta + 0.01 * rng.standard_normal(len(res.theta))):
        Ha = obj.hessian(theta)
        Hn = obj.hessian(theta, method="numerical")
        assert np.max(np.abs(Ha - Hn)) < 1e-8 * np.max(np.abs(Hn))
    se_a = np.sqrt(np.diag(np.linalg.inv(obj.hessian(res.theta)) / mp.n))
    se_n = np.sqrt(np.diag(np.linalg.inv(obj.numerical_hessian(res.theta)) / mp.n))
    assert np.max(np.abs(se_a / se_n - 1)) < 1e-7            # the references' SE tolerance is 1e-5 (tight)


def test_analytic_hessian_with_fixed_x_and_constraints(missing_data):
    """A regression on a covariate (fixed.x: its moments from the data, not θ) and an equality label."""
    df = missing_data.copy()
    rng = np.random.default_rng(5)
    df["z"] = 0.5 * df["x1"].fillna(df["x1"].mean()) + rng.standard_normal(len(df))
    syntax = "visual =~ x1 + a*x2 + a*x3\ntextual =~ x4 + x5 + x6\nvisual ~ z\ntextual ~ visual"
    res = fit_sem(syntax, df, missing="fiml")
    assert res.converged
    obj = FimlObjective(res.model, _patterns(df, list(res.partable.ov_names)), res.sample_cov.to_numpy(),
                        res.sample_mean.to_numpy())
    Ha, Hn = obj.hessian(res.theta), obj.hessian(res.theta, method="numerical")
    assert np.max(np.abs(Ha - Hn)) < 1e-8 * np.max(np.abs(Hn))


def test_residual_variances_are_kept_per_fit_and_the_data_still_checked(missing_data):
    from research.errors import OptionError
    from research.sem.residuals import _DIAGONALS, residuals

    res = fit_sem(HS, missing_data, missing="fiml")
    first = residuals(res, "standardized", data=missing_data)
    assert res in _DIAGONALS
    again = residuals(res, "standardized", data=missing_data)
    assert np.array_equal(first.cov.to_numpy(), again.cov.to_numpy(), equal_nan=True)
    normalized = residuals(res, "normalized", data=missing_data)
    assert not np.allclose(normalized.cov.to_numpy(), first.cov.to_numpy(), equal_nan=True)
    with pytest.raises(OptionError):
        residuals(res, "standardized", data=missing_data.iloc[:-1])
    with pytest.raises(OptionError):
        residuals(res, "standardized")
