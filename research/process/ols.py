"""Ordinary least squares for PROCESS's equations: coefficients, the five heteroskedasticity-consistent
covariance estimators, Wald tests, and the batched refits a case bootstrap needs.

HC0 (White 1980), HC1 (× n/(n−p)), HC2 (e²/(1−h)), HC3 (e²/(1−h)², Davidson & MacKinnon 1993) and HC4
(e²/(1−h)^δ, δ = min(4, n·h/p); Cribari-Neto 2004), as ``sandwich::vcovHC`` and PROCESS's ``hc=`` option
compute them.  PROCESS tests an equation (its F) and a set of product terms (the R² change) by the Wald
statistic F = b′V⁻¹b / q with the covariance in use, so with an HC covariance F is not the textbook F.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

SE_TYPES = ("ols", "hc0", "hc1", "hc2", "hc3", "hc4")


@dataclass(frozen=True)
class OLSFit:
    """One equation's fit: ``coef`` (p,), ``cov`` (p, p) of the chosen type, residual df, R², MSE."""

    coef: np.ndarray
    cov: np.ndarray
    df: int
    r2: float
    mse: float
    n: int

    @property
    def se(self) -> np.ndarray:
        return np.sqrt(np.diag(self.cov))

    def wald(self, index) -> tuple[float, int, float]:
        """F = b′V⁻¹b / q for the coefficients at ``index`` with its p from F(q, df)."""
        index = list(index)
        b = self.coef[index]
        V = self.cov[np.ix_(index, index)]
        f = float(b @ np.linalg.solve(V, b)) / len(index)
        return f, len(index), float(stats.f.sf(f, len(index), self.df))


def fit(X: np.ndarray, y: np.ndarray, se: str = "hc3") -> OLSFit:
    """Least squares of ``y`` on the design ``X`` (constant included) with covariance type ``se``."""
    n, p = X.shape
    q, r = np.linalg.qr(X)
    coef = np.linalg.solve(r, q.T @ y)
    resid = y - X @ coef
    rinv = np.linalg.solve(r, np.eye(p))
    bread = rinv @ rinv.T                                   # (X′X)⁻¹
    df = n - p
    rss = float(resid @ resid)
    mse = rss / df
    tss = float(np.sum((y - y.mean()) ** 2))
    if se == "ols":
        cov = mse * bread
    else:
        h = np.sum(q ** 2, axis=1)                          # leverages
        e2 = resid ** 2
        if se == "hc0":
            omega = e2
        elif se == "hc1":
            omega = e2 * n / df
        elif se == "hc2":
            omega = e2 / (1 - h)
        elif se == "hc3":
            omega = e2 / (1 - h) ** 2
        else:
            omega = e2 / (1 - h) ** np.minimum(4.0, n * h / p)
        meat = (X * omega[:, None]).T @ X
        cov = bread @ meat @ bread
    return OLSFit(coef, cov, df, 1 - rss / tss if tss > 0 else np.nan, mse, n)


def t_table(est: np.ndarray, se: np.ndarray, df: int, level: float) -> dict:
    """t, two-sided p and the t-based CI of estimates with standard errors ``se``."""
    with np.errstate(divide="ignore", invalid="ignore"):
        t = est / se
    crit = stats.t.ppf((1 + level) / 2, df)
    return {"t": t, "p": 2 * stats.t.sf(np.abs(t), df), "ci.lower": est - crit * se, "ci.upper": est + crit * se}


def batched_coefficients(X: np.ndarray, y: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Coefficients of ``y`` on ``X`` in every resample at once, from case counts (B, n).

    A case resample is a weighted regression with integer weights, so X′WX and X′Wy are the count
    matrix times each case's cross-products — no resampled data frame is ever built.  Returns the
    coefficients (B, p) and a flag per resample whose design is (numerically) singular, e.g. a category
    of a moderator that the resample happened to leave out.
    """
    n, p = X.shape
    outer = (X[:, :, None] * X[:, None, :]).reshape(n, p * p)
    G = (counts @ outer).reshape(-1, p, p)
    h = counts @ (X * y[:, None])
    d = np.sqrt(np.einsum("bii->bi", G))
    with np.errstate(divide="ignore", invalid="ignore"):
        R = G / d[:, :, None] / d[:, None, :]
    ok = np.all(d > 0, axis=1)
    R[~ok] = np.eye(p)
    eig = np.linalg.eigvalsh(R)
    ok &= eig[:, 0] > 1e-10 * eig[:, -1]
    G[~ok] = np.eye(p)
    coef = np.linalg.solve(G, h[:, :, None])[:, :, 0]
    coef[~ok] = np.nan
    return coef, ~ok
