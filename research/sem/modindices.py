"""Modification indices and expected parameter changes; matches lavaan::modindices 0.6-14.

For every parameter the model fixes or leaves out, the modification index
(Sörbom 1989) is the score (Lagrange multiplier) statistic for freeing it —
the drop in χ² to expect if it were freed, on 1 df — and the expected
parameter change (EPC; Saris, Satorra & Sörbom 1987) the value it would
take.  With g the gradient of lavaan's ML objective (½F_ML, or −log L/N with
FIML) with respect to all parameters of the *extended* model (every fixed
and every absent candidate parameter made free, candidates at 0, the others
at θ̂), and I the expected information per observation partitioned into
candidates (1) and the model's free parameters (2)::

    V   = I₁₁ − I₁₂ I₂₂⁻¹ I₂₁       (I₂₂⁻¹ respects equality labels)
    mi  = N g₁² / diag(V)
    epc = −g₁ / diag(V)

``sepc.lv``, ``sepc.all`` and ``sepc.nox`` rescale the EPC as the
standardized solution does (latent variances, model-implied variances of the
observed variables; a covariance is divided by the square roots of the two
(residual) variance *estimates*), keeping the EPC's sign (Kaplan 1989; Saris,
Satorra & van der Veld 2009).

lavaan's conventions reproduced here (lavaan 0.6-14, ``modindices()`` with
its defaults):

* the candidates are the rows of ``lav_partable_full``: a loading of every
  latent variable on every observed non-covariate that is not the outcome
  of a regression; every (residual) covariance among the indicators (not
  among observed variables that are not indicators); the fixed.x covariates'
  variances and covariances; every (co)variance among latent variables; a
  regression between every two variables that appear in a regression
  (in either direction, covariates included); intercepts with a mean
  structure.  Rows the model already has are skipped; its fixed rows
  (marker loadings, fixed.x moments, fixed variances) are candidates too;
* a candidate whose V is below ε^⅓ (≈ 6e-6) gets no index (e.g. a marker
  loading, which is not identified with the factor variance free) and is
  not listed;
* information is always the *expected* information — also for MLR (the
  indices equal ML's) and FIML (the expected information of the
  missing-data patterns at the model-implied moments); the fixed.x
  covariates' own moments carry no information;
* for (residual) variances the standardized EPCs standardize the variance
  estimate itself, with the EPC's sign; a variance whose estimate is 0 gets
  0.

One difference by design: lavaan applies ``maximum.number`` *before*
``op`` and removes rows without an index last; here the rows without an
index, then ``op`` and ``minimum_value`` are filtered first, then ``max_rows``
keeps the top rows — ``max_rows=10, op="=~"`` gives ten loadings.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import invalid_option
from .fiml import FimlObjective
from .fitted_rows import check_single_group, fitted_rows
from ..limits import check_diagnostic_size
from .mvnorm import MissingPatterns, normal_information_times
from .partable import ParRow, ParTable
from .ram import RamModel
from .robust import nonx_moments
from .standardize import row_estimates
from .syntax import parameter_key, unique

COLUMNS = ["lhs", "op", "rhs", "mi", "epc", "sepc.lv", "sepc.all", "sepc.nox"]
OPS = ("=~", "~~", "~", "~1")
_V_MIN = np.finfo(float).eps ** (1 / 3)
_SMALL = np.sqrt(np.finfo(float).eps)


def modindices(result, *, sort: bool = True, minimum_value: float = 0.0, op=None, max_rows: int | None = None,
               data=None) -> pd.DataFrame:
    """Modification indices of a fitted model as ``lavaan::modindices(fit)`` (lavaan 0.6-14); a fit with ordered
    indicators (WLSMV/ULSMV) gets :func:`research.sem.wls_modindices.wls_modindices`.

    Columns ``lhs op rhs mi epc sepc.lv sepc.all sepc.nox``, one row per
    candidate parameter that has an index (see the module docstring for
    which).  ``sort``: by ``mi``, largest first (lavaan's ``sort. = TRUE``;
    unsorted rows come in lavaan's order).  ``minimum_value``: only rows with
    ``mi`` above it.  ``op``: one operator or a list of them
    (``"=~"``, ``"~~"``, ``"~"``, ``"~1"``).  ``max_rows``: the first rows
    after filtering (and sorting) — the CLI's ``--mi N``.  ``data``: the data
    frame the model was fitted to, needed for a FIML fit only.
    """
    if getattr(result, "wls_model", None) is not None:         # ordered items (WLSMV/ULSMV): the DWLS/ULS score test
        from .wls_modindices import wls_modindices
        return wls_modindices(result, sort=sort, minimum_value=minimum_value, op=op, max_rows=max_rows)
    check_single_group(result, "modindices")
    ops = _check_options(minimum_value, op, max_rows)
    pt = result.partable
    p = len(pt.ov_names)
    moments = p * (p + 1) // 2 + (p if pt.meanstructure else 0)
    q_ext = len(pt.rows) + len(candidates(pt))
    # Δ of the extended model (moments × q) and ∂Σ/∂θ (q × p × p); FIML's dense information moments²
    check_diagnostic_size("modindices", 8.0 * max(moments * q_ext, q_ext * p * p,
                                                  moments ** 2 if result.missing == "fiml" else 0), p)
    ext, theta, rows, extra = extended_model(result)
    g, Delta, info_times = _gradient_information(result, ext, theta, data)
    table = _indices(result, rows, theta, extra, g, Delta, info_times)
    return finish(table, ops, minimum_value, sort, max_rows)


def finish(table: pd.DataFrame, ops, minimum_value: float, sort: bool, max_rows) -> pd.DataFrame:
    """The rows with an index, those of ``ops`` above ``minimum_value``, sorted, the first ``max_rows``."""
    table = table[table["mi"].notna()]
    if ops is not None:
        table = table[table["op"].isin(ops)]
    if minimum_value > 0:
        table = table[table["mi"] > minimum_value]
    if sort:
        table = table.sort_values("mi", ascending=False, kind="mergesort")
    if max_rows is not None:
        table = table.head(int(max_rows))
    return table.reset_index(drop=True)


def singular_information() -> Exception:
    """The error of a model whose information matrix cannot be inverted."""
    return invalid_option(
        "model", "information singular",
        "Modification indices cannot be computed: the information matrix of the model is singular "
        "(the model is probably not identified). Fix the identification first.",
        "无法计算修正指数：模型的信息矩阵奇异（模型可能不可识别）。请先解决识别问题。",
        "無法計算修正指標：模型的訊息矩陣奇異（模型可能無法識別）。請先解決識別問題。")


# ----------------------------------------------------------------------------------
# the extended model
# ----------------------------------------------------------------------------------
def candidates(pt: ParTable) -> list[tuple[str, str, str]]:
    """lavaan's ``lav_partable_full`` rows (``strict.exo = FALSE``), in its order."""
    ov, lv, ov_x = list(pt.ov_names), list(pt.lv_names), list(pt.ov_x)
    ov_nox = [v for v in ov if v not in ov_x]
    ov_ind = {r.rhs for r in pt.rows if r.op == "=~" and r.rhs in ov}
    eqs_y = unique(r.lhs for r in pt.rows if r.op == "~")
    eqs_x = unique(r.rhs for r in pt.rows if r.op == "~")
    eqs = unique(eqs_y + eqs_x)
    out = [(f, "=~", v) for f in lv for v in ov_nox if v not in eqs_y]
    other = {v for v in ov if v not in ov_ind}
    out += [(a, "~~", b) for a, b in _lower(ov_nox) if a not in other and b not in other]
    out += [(a, "~~", b) for a, b in _lower(ov_x)]
    out += [(a, "~~", b) for a, b in _lower(lv)]
    out += [(y, "~", x) for y in eqs for x in eqs if x != y and not (y in ov_ind and x in lv)]
    if pt.meanstructure:
        out += [(v, "~1", "") for v in ov + lv]
    return out


def extended_model(result) -> tuple[RamModel, np.ndarray, tuple[ParRow, ...], np.ndarray]:
    """(model with every row of the table plus the new candidates free, its θ, its rows, which are candidates).

    Each row gets its own parameter (equality labels are released); rows keep
    their estimates (fixed ones their fixed or sample value), new rows start at 0.
    """
    pt = result.partable
    M = None if result.sample_mean is None else result.sample_mean.to_numpy()
    est = row_estimates(result.model, result.theta, result.sample_cov.to_numpy(), M)
    # lavaan matches rows as written; a user's ``x2 ~~ x1`` would add ``x1 ~~ x2`` as a candidate that
    # duplicates it, which gets no index (V = 0) — so it is not added at all
    have = {parameter_key(r.lhs, r.op, r.rhs) for r in pt.rows}
    new = [c for c in candidates(pt) if parameter_key(*c) not in have]
    rows = [ParRow(lhs=r.lhs, op=r.op, rhs=r.rhs, free=k + 1, exo=r.exo) for k, r in enumerate(pt.rows)]
    rows += [ParRow(lhs=a, op=o, rhs=b, free=len(rows) + k + 1) for k, (a, o, b) in enumerate(new)]
    # exo=True would make RamModel read the fixed.x moments from S; here they are parameters like the rest
    ram_rows = tuple(ParRow(lhs=r.lhs, op=r.op, rhs=r.rhs, free=r.free) for r in rows)
    ext_pt = ParTable(rows=ram_rows, defined=(), ov_names=pt.ov_names, lv_names=pt.lv_names, ov_x=(), lv_x=(),
                      meanstructure=pt.meanstructure)
    theta = np.concatenate([est, np.zeros(len(new))])
    extra = np.array([not r.free for r in pt.rows] + [True] * len(new))
    return RamModel(ext_pt), theta, tuple(rows), extra


def _gradient_information(result, ext: RamModel, theta: np.ndarray, data):
    """(gradient of lavaan's objective, Δ, a function giving A₁·X) of the extended model: its expected
    information per observation is ΔᵀA₁Δ, of which only some blocks are needed (see :func:`_indices`)."""
    pt = result.partable
    ms = pt.meanstructure
    p = len(pt.ov_names)
    keep = nonx_moments(p, [pt.ov_names.index(v) for v in pt.ov_x], ms)
    Sigma = ext.implied_cov(theta)
    Delta = ext.moments_jacobian(theta, meanstructure=ms)
    if result.missing == "fiml":
        X = fitted_rows(result, data, purpose="modindices")
        patterns = MissingPatterns(X)
        obj = FimlObjective(ext, patterns, None, None)
        g = obj.gradient(theta)
        mu, Sigma = obj.moments(theta)
        A1 = patterns.information(mu, Sigma, "expected") / patterns.n
        A1 = np.where(np.outer(keep, keep), A1, 0.0)

        def info_times(X):
            return A1 @ X
    else:
        Si = np.linalg.inv(Sigma)
        Si = (Si + Si.T) / 2
        S = result.sample_cov.to_numpy()
        if ms:
            if result.sample_mean is None:
                raise invalid_option("model", "~1", "This fit has a mean structure but no sample means.",
                                     "此拟合含均值结构，但没有样本均值。", "此配適含平均數結構，但沒有樣本平均數。")
            d = result.sample_mean.to_numpy() - ext.implied_mean(theta)
            G = 0.5 * (Si - Si @ (S + np.outer(d, d)) @ Si)
            g = -ext.mean_jacobian(theta).T @ (Si @ d) + ext.trace_gradient(G, theta)
        else:
            g = 0.5 * ext.trace_gradient(Si - Si @ S @ Si, theta)
        mask = keep[:, None].astype(float)

        def info_times(X):       # A₁ with the fixed.x moments' rows and columns zero, never formed
            return mask * normal_information_times(Si, mask * X, ms)
    return g, Delta, info_times


def _indices(result, rows, theta, extra, g, Delta, info_times, chunk: int = 512) -> pd.DataFrame:
    pt = result.partable
    model = np.flatnonzero(~extra)
    cand = np.flatnonzero(extra)
    # the blocks of the information ΔᵀA₁Δ that the indices use: model × model, candidates × model and the
    # candidates' diagonal (the candidates × candidates block, thousands squared, is never formed)
    D_model, D_cand = Delta[:, model], Delta[:, cand]
    AD_model = info_times(D_model)
    info_mm = D_model.T @ AD_model
    info_mm = (info_mm + info_mm.T) / 2
    info_cm = D_cand.T @ AD_model
    info_cc = np.concatenate([np.einsum("ij,ij->j", D_cand[:, s:s + chunk], info_times(D_cand[:, s:s + chunk]))
                              for s in range(0, len(cand), chunk)]) if len(cand) else np.zeros(0)
    # I₂₂⁻¹ of the fitted model (equality labels: K (Kᵀ I₂₂ K)⁻¹ Kᵀ, K rows → free parameters)
    K = np.zeros((len(model), pt.npar))
    K[np.arange(len(model)), [pt.rows[k].free - 1 for k in model]] = 1.0
    I22 = K.T @ info_mm @ K
    cons = result.model.constraints
    try:
        if cons:                       # == and active < / >: lavaan's augmented inverse of the information
            from .constraints import constrained_inverse
            I22_inv = constrained_inverse(I22, cons.jacobian(result.theta))
        else:
            I22_inv = np.linalg.inv(I22) if pt.npar else np.zeros((0, 0))
    except np.linalg.LinAlgError:
        raise singular_information() from None
    I12 = info_cm @ K
    V = info_cc - np.einsum("ij,jk,ik->i", I12, I22_inv, I12)
    V = np.where(V < _V_MIN, np.nan, V)
    gc = g[cand]
    mi = result.n * gc ** 2 / V
    d = -result.n * gc
    d = np.where(np.abs(d) < 1e-15, 1.0, d)
    epc = mi / d
    epc_all = theta.copy()
    epc_all[cand] = epc
    sepc_lv, sepc_all, sepc_nox = _sepc(result, rows, theta, epc_all)
    return pd.DataFrame({"lhs": [rows[k].lhs for k in cand], "op": [rows[k].op for k in cand],
                         "rhs": [rows[k].rhs for k in cand], "mi": mi, "epc": epc,
                         "sepc.lv": sepc_lv[cand], "sepc.all": sepc_all[cand], "sepc.nox": sepc_nox[cand]},
                        columns=COLUMNS)


# ----------------------------------------------------------------------------------
# standardized EPCs (lavaan's lav_standardize_lv / _all / _all_nox on |EPC|, cov.std = TRUE)
# ----------------------------------------------------------------------------------
def _sepc(result, rows, theta, epc):
    """(sepc.lv, sepc.all, sepc.nox) for every row of the extended model."""
    V = result.model.total_cov(result.theta, result.sample_cov.to_numpy())
    return _sepc_from(result.partable, V, result.model.index, rows, theta, epc)


def _sepc_from(pt, V, index, rows, theta, epc):
    """:func:`_sepc` given the model-implied covariance matrix ``V`` of every variable (``index``: name → row)."""
    lv, ov, ov_x = set(pt.lv_names), set(pt.ov_names), set(pt.ov_x)
    est = np.array(epc, dtype=float)
    var_row = np.array([r.op == "~~" and r.lhs == r.rhs for r in rows])
    use_est = var_row & np.array([not r.exo for r in rows])
    est[use_est] = theta[use_est]               # a variance is standardized as itself
    small = var_row & ~(np.abs(est) >= _SMALL)
    est[small] = np.nan
    sign = np.sign(epc)
    a = np.abs(est)
    var = {v: V[i, i] for v, i in index.items()}
    with np.errstate(invalid="ignore", divide="ignore"):
        eta = {f: np.sqrt(var[f]) if var[f] >= 0 else np.nan for f in lv}
        ov2 = {v: np.nan if abs(var[v]) < np.finfo(float).eps else var[v] for v in ov}
        ovs = {v: np.sqrt(x) if x >= 0 else np.nan for v, x in ov2.items()}
        lv_out = _scale_lv(rows, a, eta, lv)
        out = [sign * lv_out]
        for nox in (False, True):
            out.append(sign * _scale_ov(rows, a, lv_out, ovs, ov2, lv, ov, ov_x if nox else set()))
    for arr in out:
        arr[small] = 0.0
    return out


def _first_variance(rows, a, keep) -> dict[str, float]:
    rv: dict[str, float] = {}
    for k, r in enumerate(rows):
        if r.op == "~~" and r.lhs == r.rhs and keep(r.lhs) and r.lhs not in rv:
            rv[r.lhs] = np.sqrt(a[k])
    return rv


def _scale_lv(rows, a, eta, lv) -> np.ndarray:
    out = a.copy()
    rv = _first_variance(rows, a, lambda v: v in lv)
    for k, r in enumerate(rows):
        if r.op == "=~":
            out[k] *= eta[r.lhs] / (eta[r.rhs] if r.rhs in lv else 1.0)
        elif r.op == "~":
            out[k] *= (eta[r.rhs] if r.rhs in lv else 1.0) / (eta[r.lhs] if r.lhs in lv else 1.0)
        elif r.op == "~~" and r.lhs == r.rhs:
            if r.lhs in lv:
                out[k] /= eta[r.lhs] ** 2
        elif r.op == "~~":
            out[k] /= (rv.get(r.lhs, np.nan) if r.lhs in lv else 1.0) * (rv.get(r.rhs, np.nan) if r.rhs in lv else 1.0)
        elif r.op == "~1" and r.lhs in lv:
            out[k] /= eta[r.lhs]
    return out


def _scale_ov(rows, a, lv_out, ovs, ov2, lv, ov, x) -> np.ndarray:
    """lav_standardize_all on top of the std.lv values; ``x`` = covariates left unscaled (the nox variant)."""
    out = lv_out.copy()
    obs = lambda v: v not in lv and v not in x            # noqa: E731
    rv = _first_variance(rows, a, obs)
    for k, r in enumerate(rows):
        if r.op == "=~" and r.rhs not in lv:
            out[k] /= ovs[r.rhs]
        elif r.op == "~":
            if r.lhs in ov:
                out[k] /= ovs[r.lhs]
            if r.rhs in ov and r.rhs not in x:
                out[k] *= ovs[r.rhs]
        elif r.op == "~~" and r.lhs == r.rhs:
            if obs(r.lhs):
                out[k] /= ov2[r.lhs]
        elif r.op == "~~":
            out[k] /= (rv.get(r.lhs, np.nan) if obs(r.lhs) else 1.0) * (rv.get(r.rhs, np.nan) if obs(r.rhs) else 1.0)
        elif r.op == "~1" and obs(r.lhs):
            out[k] /= ovs[r.lhs]
    return out


# ----------------------------------------------------------------------------------
def _lower(names) -> list[tuple[str, str]]:
    """lavaan's lower triangle with diagonal, column by column: (names[j], names[i]) for i ≥ j."""
    return [(names[j], names[i]) for j in range(len(names)) for i in range(j, len(names))]


def _check_options(minimum_value, op, max_rows):
    if not isinstance(minimum_value, (int, float)) or isinstance(minimum_value, bool) or not np.isfinite(minimum_value):
        raise invalid_option("minimum_value", f'"{minimum_value}"', "Give a number, e.g. minimum_value=3.84.",
                             "请给出一个数值，如 minimum_value=3.84。", "請給出一個數值，如 minimum_value=3.84。")
    if max_rows is not None and (isinstance(max_rows, bool) or not isinstance(max_rows, (int, np.integer))
                                 or max_rows < 1):
        raise invalid_option("max_rows", f'"{max_rows}"', "Give a whole number of rows ≥ 1, e.g. max_rows=10.",
                             "请给出不小于 1 的整数行数，如 max_rows=10。", "請給出不小於 1 的整數列數，如 max_rows=10。")
    if op is None:
        return None
    ops = [op] if isinstance(op, str) else list(op)
    bad = [o for o in ops if o not in OPS]
    if bad or not ops:
        raise invalid_option("op", ", ".join(f'"{o}"' for o in bad) or "[]",
                             'Use one or more of "=~", "~~", "~", "~1".',
                             '请使用 "=~"、"~~"、"~"、"~1" 中的一个或多个。',
                             '請使用 "=~"、"~~"、"~"、"~1" 中的一個或多個。')
    return ops
