"""Residuals of a fit with ordered indicators (WLSMV/ULSMV); matches lavaan's ``residuals(fit, type)`` 0.6-14.

The sample statistics of such a fit are s = (thresholds, the continuous variables' means and variances, the
polychoric/polyserial correlations and the continuous covariances below the diagonal) and the model's σ(θ̂)
(:mod:`research.sem.wls`).  The residual matrix is S* − Σ* (lavaan's ``$cov``): polychoric minus model-implied
correlations, 0 on the diagonal of an ordered item.

``raw``: S* − Σ*.  ``cor`` (cor.bollen): the two matrices each scaled by its own diagonal first — the same as
``raw`` when every item is ordered.  ``standardized`` (lavaan's ``lav_residuals_acov``, ``z.type =
"standardized"``, for categorical data)::

    ACOV(s − σ̂) = Q (Γ/N) Qᵀ,   Q = I − Δ (Δᵀ W Δ)⁻¹ Δᵀ W

with Γ/N the asymptotic covariance of s (lavaan's NACOV / N), Δ = ∂σ/∂θᵀ and W the DWLS weights (I for ULS);
each residual is divided by the square root of its variance (an entry below 1e-5 in absolute value by 1, as
lavaan and :mod:`research.sem.residuals`).  The thresholds' residuals (lavaan's ``$th``; 0 when every threshold
is free) are not part of the matrix.

Refused with a message, as lavaan 0.6-14 stops with "not ready yet": ``normalized`` residuals, and
``standardized`` ones when continuous variables are mixed in with the ordered items.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import invalid_option
from .residuals import Residuals, _rescale, per_se, residual_kind, standard_errors


def wls_residuals(result, type: str = "raw") -> Residuals:
    """Residuals of a :class:`research.sem.wls.WlsResult` as lavaan's ``residuals(fit, type = type)``."""
    kind = residual_kind(type)
    wm = result.wls_model
    if kind == "normalized" or (kind == "standardized" and len(wm.num_idx)):
        what = "normalized residuals" if kind == "normalized" else "standardized residuals with continuous variables"
        zh = "标准化（normalized）残差" if kind == "normalized" else "含连续变量时的标准化残差"
        zh_t = "標準化（normalized）殘差" if kind == "normalized" else "含連續變項時的標準化殘差"
        raise invalid_option("type", f'"{type}"',
                             f"For a fit with ordered items, {what} are not available (lavaan 0.6 has none either). "
                             f"Use type=\"standardized\" (all items ordered) or \"cor\".",
                             f"有序题目的拟合没有{zh}（lavaan 0.6 亦无）。请使用 type=\"standardized\"（全部题目有序）或 \"cor\"。",
                             f"有序題目的配適沒有{zh_t}（lavaan 0.6 亦無）。請使用 type=\"standardized\"（全部題目有序）或 \"cor\"。")
    stats = result.ordinal_stats
    names = list(result.partable.ov_names)
    S, Sigma = stats.matrix(), result.implied()
    if kind == "cor":
        cov = _rescale(S, np.diag(S)) - _rescale(Sigma, np.diag(Sigma))
    else:
        cov = S - Sigma
        if kind == "standardized":
            cov = _divide_by_se(result, wm, stats, cov)
    np.fill_diagonal(cov, np.where(wm.is_ord, 0.0, np.diag(cov)))
    return Residuals(type=kind, cov=pd.DataFrame(cov, index=names, columns=names))


def _divide_by_se(result, wm, stats, cov: np.ndarray) -> np.ndarray:
    """Standardized residuals of the correlations (every item ordered: the only moments below the thresholds)."""
    acov = np.asarray(stats.gamma, dtype=float) / stats.n
    d_obs = np.diag(acov).copy()
    W = np.ones(len(stats.wls_obs)) if result.estimator.upper().startswith("ULS") else stats.weights()
    D = np.asarray(result.delta, dtype=float)
    info = D.T @ (W[:, None] * D)
    Q = np.eye(len(W)) - D @ np.linalg.pinv((info + info.T) / 2) @ (D.T * W)
    se = standard_errors(np.einsum("ij,jk,ik->i", Q, acov, Q), d_obs)
    p = cov.shape[0]
    se_cov = np.full((p, p), np.nan)
    se_cov[wm.r_off, wm.c_off] = se_cov[wm.c_off, wm.r_off] = se[wm.n1:]
    return per_se(cov, se_cov)


__all__ = ["wls_residuals"]
