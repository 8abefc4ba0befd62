"""Modification indices of a fit with ordered indicators (WLSMV/ULSMV: DWLS or ULS); matches lavaan::modindices 0.6-14.

The score test of :mod:`research.sem.modindices` on the least-squares discrepancy F(θ) = (s − σ(θ))ᵀ W (s − σ(θ))
of :mod:`research.sem.wls` (s: thresholds, polychoric correlations and the continuous variables' moments; W the
DWLS weights 1/diag Γ, or I for ULS).  With Δ = ∂σ/∂θᵀ of the *extended* model (the candidates free, at 0; the
model's parameters at θ̂), r = s − σ(θ̂) and u = Δᵀ W r (so ∂F/∂θ = −2u and the expected Hessian is 2ΔᵀWΔ)::

    V   = I₁₁ − I₁₂ I₂₂⁻¹ I₂₁ of I = Δᵀ W Δ       (1: candidates, 2: the model's free parameters)
    c   = (N − 1) / N
    mi  = N c² u₁² / diag(V)
    epc = c u₁ / diag(V)

as lavaan's ``modindices`` computes it for these estimators: its score is the gradient of its ``fmin``
= ½ c F, which carries the factor c, while its expected information Δᵀ W Δ does not.  So lavaan's index is c
times the drop in the test statistic T = (N − 1) F that a first-order step would give, (N − 1) u₁² / diag(V),
and its EPC c times that step, u₁ / diag(V); both are reproduced as lavaan prints them (the tests compare
every row).  The standardized EPCs are lavaan's (:func:`research.sem.modindices._sepc`), with the model-implied
variances of the latent responses: 1 for an ordered item under the delta parameterization, so a residual
covariance is divided by the two residual variances 1 − R²; a scale factor's std.all is 1, signed as its EPC.

The candidates are lavaan's (``lav_partable_full``) that can change the model's correlations: cross-loadings,
residual covariances among indicators, covariances among latent variables and regressions among the variables
of regressions, and the model's own fixed loadings, regressions and covariances (a marker loading is not
identified and gets no index, as in lavaan).  The ordered items' fixed scale parameters are candidates as in
lavaan: under the delta parameterization their scale factors (``~*~``; a factor s_i at 1 scales the item's
thresholds and correlations, so its column of Δ holds those entries of σ), under theta their residual variances.
Both are identified only when the model holds loadings or thresholds equal; otherwise V ≈ 0 drops them, as in
lavaan.  Left out, because no such index is identified with free thresholds (lavaan finds V ≈ 0 and drops them):
intercepts and latent means; also a regression *on* an ordered item under the delta parameterization, which this
engine cannot fit (:class:`research.sem.wls.WlsModel`).
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from ..limits import check_diagnostic_size
from .modindices import COLUMNS, _V_MIN, _check_options, _sepc_from, candidates, finish, singular_information
from .partable import ParRow
from .syntax import parameter_key

_CANDIDATE_OPS = ("=~", "~~", "~")


def wls_modindices(result, *, sort: bool = True, minimum_value: float = 0.0, op=None,
                   max_rows: int | None = None) -> pd.DataFrame:
    """Modification indices of a :class:`research.sem.wls.WlsResult` as ``lavaan::modindices(fit)``: columns
    ``lhs op rhs mi epc sepc.lv sepc.all sepc.nox``; the options as :func:`research.sem.modindices.modindices`."""
    from .wls import WlsModel

    ops = _check_options(minimum_value, op, max_rows)
    pt = result.partable
    wm = result.wls_model
    ordered = {pt.ov_names[i] for i in wm.ord_idx}
    rows, theta, extra, scales = _extended(result, ordered, wm.theta_param)
    check_diagnostic_size("modindices", 8.0 * len(result.ordinal_stats.wls_obs) * len(rows), len(pt.ov_names))
    ext = WlsModel(replace(pt, rows=rows), result.ordinal_stats, "theta" if wm.theta_param else "delta")
    stats = result.ordinal_stats
    W = np.ones(len(stats.wls_obs)) if result.estimator.upper().startswith("ULS") else stats.weights()
    D = ext.jacobian(theta)
    sigma = ext.implied(theta)
    # the candidates in the order of their rows: the model's fixed rows where they stand, then the new ones
    q = pt.npar
    cols = {int(k): D[:, q + j] for j, k in enumerate(np.flatnonzero(extra))}
    for k in scales:                        # delta: a scale factor s freed at 1 scales σ's entries of its item
        cols[k] = _scale_column(ext, pt.ov_names.index(rows[k].lhs), sigma)
    cand = np.array(sorted(cols), dtype=int)
    D = np.column_stack([D[:, :q]] + [cols[int(k)] for k in cand])
    u = D.T @ (W * (np.asarray(stats.wls_obs, dtype=float) - sigma))
    Dm, Dc = D[:, :q], D[:, q:]
    WDm = W[:, None] * Dm
    I22 = Dm.T @ WDm
    I22 = (I22 + I22.T) / 2
    try:                    # (fit_wls refuses ==, <, > constraints: shared labels are the model's equalities)
        I22_inv = np.linalg.inv(I22)
    except np.linalg.LinAlgError:
        raise singular_information() from None
    I12 = Dc.T @ WDm
    V = np.einsum("ij,ij->j", Dc, W[:, None] * Dc) - np.einsum("ij,jk,ik->i", I12, I22_inv, I12)
    V = np.where(V < _V_MIN, np.nan, V)
    uc = u[q:]
    n = result.n
    c = (n - 1) / n
    mi = n * (c * uc) ** 2 / V
    epc = c * uc / V
    row_est = np.asarray(result.parameters["est"], dtype=float)[:len(pt.rows)]
    est = np.concatenate([row_est, np.zeros(len(rows) - len(pt.rows))])
    epc_rows = est.copy()
    epc_rows[cand] = epc
    ct = result.theta[wm.core_to_global]
    ram = wm.filled_ram(result.theta)
    sepc_lv, sepc_all, sepc_nox = _sepc_from(pt, ram.total_cov(ct), ram.index, rows, est, epc_rows)
    for k in scales:                        # a scale factor's std.all is 1 (lavaan), signed as the EPC
        sepc_all[k] = sepc_nox[k] = np.sign(epc_rows[k])
    table = pd.DataFrame({"lhs": [rows[k].lhs for k in cand], "op": [rows[k].op for k in cand],
                          "rhs": [rows[k].rhs for k in cand], "mi": mi, "epc": epc, "sepc.lv": sepc_lv[cand],
                          "sepc.all": sepc_all[cand], "sepc.nox": sepc_nox[cand]}, columns=COLUMNS)
    return finish(table, ops, minimum_value, sort, max_rows)


def _extended(result, ordered: set, theta_param: bool):
    """(rows of the extended model, its θ, which rows are candidates with a parameter, the rows of the scale-factor
    candidates): the model's rows, its fixed candidate rows made free at their fixed values, then the new
    candidates free at 0 (their parameters after the model's).  Under the delta parameterization the ordered
    items' scale factors (``~*~``, fixed at 1) are candidates too; they stay fixed in the rows, and
    :func:`_scale_column` gives their column of Δ.  Under theta the ordered items' residual variances (fixed at 1)
    are candidates instead, as in lavaan."""
    pt = result.partable
    q = pt.npar

    def wanted(lhs, op_, rhs) -> bool:
        if op_ not in _CANDIDATE_OPS or (op_ == "~~" and lhs == rhs and lhs in ordered and not theta_param):
            return False
        return not (op_ == "~" and rhs in ordered and not theta_param)

    rows, values, extra, scales = [], [], [], []
    for r in pt.rows:
        if not r.free and r.op == "~*~" and not theta_param and r.lhs in ordered:
            scales.append(len(rows))
            rows.append(r)
            extra.append(False)
        elif not r.free and wanted(r.lhs, r.op, r.rhs) and r.value is not None and not r.exo:
            rows.append(replace(r, free=q + len(values) + 1))
            values.append(float(r.value))
            extra.append(True)
        else:
            rows.append(r)
            extra.append(False)
    have = {parameter_key(r.lhs, r.op, r.rhs) for r in pt.rows}
    for lhs, op_, rhs in candidates(pt):
        if parameter_key(lhs, op_, rhs) in have or not wanted(lhs, op_, rhs):
            continue
        rows.append(ParRow(lhs=lhs, op=op_, rhs=rhs, free=q + len(values) + 1))
        values.append(0.0)
        extra.append(True)
    return (tuple(rows), np.concatenate([np.asarray(result.theta, dtype=float), values]), np.array(extra),
            scales)


def _scale_column(model, i: int, sigma: np.ndarray) -> np.ndarray:
    """∂σ/∂s_i at s_i = 1 for the scale factor of ordered item ``i`` (delta): its thresholds enter σ as s_i τ_ik
    and its correlations as s_i s_j σ_ij, so the column holds those entries of σ and 0 elsewhere."""
    col = np.zeros(len(sigma))
    first = np.flatnonzero(model.m1_var == i)
    col[first] = sigma[first]
    off = model.n1 + model.nvar_part + np.flatnonzero((model.r_off == i) | (model.c_off == i))
    col[off] = sigma[off]
    return col


__all__ = ["wls_modindices"]
