"""Residual covariances, correlations and standardized residuals; matches lavaan's ``residuals(fit, type)`` 0.6-14.

``raw``: S − Σ̂ (and ȳ − μ̂ with a mean structure), S and ȳ the sample
moments the fit used (with FIML the EM estimates of the unrestricted model,
lavaan's ``h1``).

``cor`` (lavaan's ``cor.bollen``; Bollen 1989, p. 258): the difference of
the two correlation matrices, R(S) − R(Σ̂), each scaled by its own
variances; mean residuals are divided by the sample standard deviations.
As lavaan, an entry below 1e-5 in absolute value is left unscaled.

``standardized`` (Jöreskog & Sörbom 1988; lavaan's ``lav_residuals_acov``
with ``z.type = "standardized"``): each raw residual divided by its standard
error, from the asymptotic covariance of the residuals under the model::

    ACOV(s − σ̂) = Q · ACOV(s) · Qᵀ,   Q = I − Δ (Δᵀ A₁ Δ)⁻¹ Δᵀ A₁

with s the sample moments (μ first, then vech S), Δ = ∂σ(θ)/∂θᵀ, A₁ the
information of the moments at the model-implied values (expected for ML,
observed for MLR and FIML, as the fit's SEs) and ACOV(s) the unrestricted
(h1) covariance of the moments: A₁ʰ⁻¹/N, with A₁ʰ the information of the
unrestricted model at the sample moments (with FIML the observed
information of the missing-data patterns at the EM moments), or for MLR the
sandwich A₁ʰ⁻¹ J A₁ʰ⁻¹/N, J the cross-product of the casewise scores
(= Γ/N with complete data, Γ the ADF matrix; Browne 1984).

``normalized``: each raw residual divided by the standard error from
ACOV(s) alone (ignoring that θ̂ was estimated).

lavaan's conventions kept: an entry whose raw residual is below 1e-5 in
absolute value is divided by 1 (so it shows the tiny raw residual, not a
ratio of two zeros); a variance of the ACOV that is negative or not finite
gives NaN (lavaan's NA); the fixed.x covariates' own moments carry no
information (their residuals are 0).  One difference: where the residual's
variance is zero up to rounding (below √ε times the moment's unrestricted
variance — e.g. an observed variance that a free residual variance
reproduces, in a model whose constrained means leave it a residual above
1e-5), lavaan divides by rounding noise and prints values like −4e13; here
it is NaN.

:func:`largest_residuals` lists the standardized residuals beyond a cutoff
(default 2.58, the two-sided 1 % point; Jöreskog & Sörbom 1988) as tidy rows
for a report.
"""
from __future__ import annotations

import weakref
from contextlib import nullcontext
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import invalid_option
from ..limits import check_diagnostic_size
from .fitted_rows import check_single_group, fitted_rows
from .mvnorm import MissingPatterns, normal_acov_times, normal_information_times, vech_trace_matrix
from .ram import vech_indices
from .robust import gamma_complete, nonx_moments
from .threads import one_thread

TYPES = ("raw", "cor", "standardized", "normalized")
_ALIASES = {"raw": "raw", "cor": "cor", "cor.bollen": "cor", "standardized": "standardized",
            "normalized": "normalized"}
_NEAR_ZERO = 1e-5
# (diag ACOV(s), diag Q·ACOV(s)·Qᵀ) per fit (MLR, FIML, fixed.x): a function of the fit and its rows only
# (fitted_rows checks that the data are the fitted rows), asked for by every standardized/normalized table
_DIAGONALS: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()
_ONE_THREAD_MOMENTS = 1000
_ZERO_VARIANCE = np.sqrt(np.finfo(float).eps)     # relative to the moment's unrestricted variance


@dataclass(frozen=True, eq=False)
class Residuals:
    """Residual matrices of a fitted model (lavaan's ``residuals(fit, type)`` list)."""

    type: str
    cov: pd.DataFrame
    mean: pd.Series | None = None

    def table(self) -> pd.DataFrame:
        """Tidy rows ``lhs op rhs residual``: the lower triangle with the diagonal (``~~``), then means (``~1``)."""
        names = list(self.cov.index)
        r, c = vech_indices(len(names))
        C = self.cov.to_numpy()
        rows = [{"lhs": names[j], "op": "~~", "rhs": names[i], "residual": C[i, j]} for i, j in zip(r, c)]
        if self.mean is not None:
            rows += [{"lhs": v, "op": "~1", "rhs": "", "residual": x} for v, x in self.mean.items()]
        return pd.DataFrame(rows, columns=["lhs", "op", "rhs", "residual"])

    def to_dict(self) -> dict:
        def num(x):
            return float(x) if np.isfinite(x) else None

        out = {"type": self.type, "cov": {"rownames": list(self.cov.index), "colnames": list(self.cov.columns),
                                          "values": [[num(x) for x in row] for row in self.cov.to_numpy()]}}
        if self.mean is not None:
            out["mean"] = {k: num(v) for k, v in self.mean.items()}
        return out


def residuals(result, type: str = "raw", *, data=None) -> Residuals:
    """Residuals of a fitted model as lavaan's ``residuals(fit, type = type)`` (lavaan 0.6-14).

    ``type``: ``"raw"``, ``"cor"`` (``"cor.bollen"``), ``"standardized"`` or
    ``"normalized"`` (see the module docstring).  ``data``: the data frame the
    model was fitted to — needed only for ``standardized``/``normalized``
    residuals of an MLR or FIML fit (they use the rows themselves).  A fit with
    ordered indicators (WLSMV/ULSMV) gets :func:`research.sem.wls_residuals.wls_residuals`.
    """
    if getattr(result, "wls_model", None) is not None:         # ordered items (WLSMV/ULSMV): polychoric residuals
        from .wls_residuals import wls_residuals
        return wls_residuals(result, type)
    check_single_group(result, "residuals")
    kind = residual_kind(type)
    names = list(result.partable.ov_names)
    S, Sigma = result.sample_cov.to_numpy(), result.implied_cov.to_numpy()
    if result.partable.meanstructure and result.sample_mean is None:
        raise invalid_option("model", "~1", "Residuals of this fit's means are not available (it has a mean "
                             "structure but no sample means).", "此拟合含均值结构但没有样本均值，无法计算均值残差。",
                             "此配適含平均數結構但沒有樣本平均數，無法計算平均數殘差。")
    ms = result.partable.meanstructure
    M = result.sample_mean.to_numpy() if ms else None
    mu = result.implied_mean.to_numpy() if ms else None
    if kind == "cor":
        var_obs, var_est = np.diag(S), np.diag(Sigma)
        cov = _rescale(S, var_obs) - _rescale(Sigma, var_est)
        mean = _rescale_mean(M, var_obs) - _rescale_mean(mu, var_obs) if ms else None
    else:
        cov = S - Sigma
        mean = M - mu if ms else None
        if kind in ("standardized", "normalized"):
            cov, mean = _divide_by_se(result, cov, mean, kind, data)
    return Residuals(type=kind, cov=pd.DataFrame(cov, index=names, columns=names),
                     mean=None if mean is None else pd.Series(mean, index=names))


def residual_kind(type) -> str:
    """The residual type ``type`` names (``cor.bollen`` is ``cor``); an OptionError for any other."""
    kind = _ALIASES.get(type) if isinstance(type, str) else None
    if kind is None:
        raise invalid_option("type", f'"{type}"', "Use one of: raw, cor, standardized, normalized.",
                             "请使用 raw、cor、standardized、normalized 之一。",
                             "請使用 raw、cor、standardized、normalized 之一。")
    return kind


def largest_residuals(result, threshold: float = 2.58, *, data=None) -> pd.DataFrame:
    """Standardized residuals with \\|z\\| > ``threshold``, largest first, as tidy rows for a report.

    Columns ``lhs op rhs raw cor standardized`` (``~~`` for a (co)variance,
    ``~1`` for a mean).
    """
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not threshold >= 0:
        raise invalid_option("threshold", f'"{threshold}"', "Give a number ≥ 0, e.g. threshold=2.58 (p < .01).",
                             "请给出不小于 0 的数值，如 threshold=2.58（p < .01）。",
                             "請給出不小於 0 的數值，如 threshold=2.58（p < .01）。")
    parts = [residuals(result, t, data=data).table() for t in ("raw", "cor", "standardized")]
    out = parts[0].rename(columns={"residual": "raw"})
    out["cor"] = parts[1]["residual"].to_numpy()
    out["standardized"] = parts[2]["residual"].to_numpy()
    out = out[out["standardized"].abs() > threshold]
    order = out["standardized"].abs().sort_values(ascending=False, kind="mergesort").index
    return out.loc[order].reset_index(drop=True)


# ----------------------------------------------------------------------------------
def _rescale(C: np.ndarray, var: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        v = np.where(np.isfinite(var) & (var >= np.finfo(float).eps), var, np.nan)
        scale = np.outer(1 / np.sqrt(v), 1 / np.sqrt(v))
    scale = np.where(np.abs(C) < _NEAR_ZERO, 1.0, scale)
    return C * scale


def _rescale_mean(m: np.ndarray, var: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore", divide="ignore"):
        v = np.where(np.isfinite(var) & (var >= np.finfo(float).eps), var, np.nan)
        scale = 1 / np.sqrt(v)
    return m * np.where(np.abs(m) < _NEAR_ZERO, 1.0, scale)


def _divide_by_se(result, cov, mean, kind, data):
    d_obs, d = _acov_diagonals(result, data)
    se = standard_errors(d_obs if kind == "normalized" else d, d_obs)
    p = cov.shape[0]
    off = p if mean is not None else 0
    r, c = vech_indices(p)
    se_cov = np.zeros((p, p))
    se_cov[r, c] = se_cov[c, r] = se[off:]
    cov = per_se(cov, se_cov)
    if mean is not None:
        mean = per_se(mean, se[:p])
    return cov, mean


def standard_errors(d: np.ndarray, d_obs: np.ndarray) -> np.ndarray:
    """√ of the residuals' variances ``d``: NaN for a variance that is negative or not finite (lavaan's NA), or
    below √ε times the moment's unrestricted variance ``d_obs`` (a moment the model reproduces up to rounding:
    no ratio to report)."""
    d = np.array(d, dtype=float)
    d[~np.isfinite(d) | (d < 0)] = np.nan
    d[d < _ZERO_VARIANCE * d_obs] = np.nan
    return np.sqrt(d)


def per_se(x: np.ndarray, se: np.ndarray) -> np.ndarray:
    """Residuals over their standard errors; one below 1e-5 in absolute value is divided by 1 (lavaan)."""
    with np.errstate(invalid="ignore"):
        return x / np.where(np.abs(x) < _NEAR_ZERO, 1.0, se)


def residual_acov(result, kind: str = "standardized", data=None) -> np.ndarray:
    """ACOV of the residual moments (μ first if a mean structure, then vech), lavaan's ``lav_residuals_acov``:
    Q·ACOV(s)·Qᵀ for ``standardized``, ACOV(s) for ``normalized``."""
    acov_obs, Q = _acov_parts(result, data)
    return acov_obs if kind == "normalized" else Q @ acov_obs @ Q.T


def _acov_diagonals(result, data) -> tuple[np.ndarray, np.ndarray]:
    """(diag ACOV(s), diag Q·ACOV(s)·Qᵀ): the variances the standardized and normalized residuals divide by.

    For a complete-data ML fit without fixed.x covariates no moments × moments matrix is formed: ACOV(s)
    is Γ_NT/n (Browne 1974: n·cov(s_ij, s_kl) = s_ik s_jl + s_il s_jk, and S for the means), the information
    A₁ = ½ Dᵀ(Σ⁻¹⊗Σ⁻¹)D acts on a column δ as ½ D'vec(Σ⁻¹ unvech(δ) Σ⁻¹), and with G = (ΔᵀA₁Δ)⁻¹ΔᵀA₁,
    H = ACOV·Gᵀ: diag(Q·ACOV·Qᵀ) = diag(ACOV) − 2 rowsum(Δ∘H) + rowsum((Δ·G·H)∘Δ) — p × p products only,
    so a 100-variable model takes a second, not minutes.  Other fits use the matrices of :func:`_acov_parts`.
    """
    pt = result.partable
    ms = pt.meanstructure and result.sample_mean is not None
    if result.estimator == "MLR" or result.missing == "fiml" or pt.ov_x:
        p = len(pt.ov_names)
        moments = p * (p + 1) // 2 + (p if ms else 0)
        check_diagnostic_size("residuals", 8.0 * 6 * moments ** 2, p)     # Γ, its inverse, Q, their products
        if result.estimator == "MLR" or result.missing == "fiml":
            fitted_rows(result, data, purpose="residuals")      # the data must be the fitted rows (or an error)
        cached = _DIAGONALS.get(result)
        if cached is None:
            # matrices of a few hundred rows: one BLAS thread (threaded BLAS only spins on a busy machine)
            with (one_thread() if moments <= _ONE_THREAD_MOMENTS else nullcontext()):
                acov_obs, Q = _acov_parts(result, data)
                cached = (np.diag(acov_obs).copy(), np.einsum("ij,ij->i", Q @ acov_obs, Q))
            for a in cached:
                a.flags.writeable = False
            _DIAGONALS[result] = cached
        return cached[0].copy(), cached[1].copy()
    p = len(pt.ov_names)
    S, Sigma = result.sample_cov.to_numpy(), result.implied_cov.to_numpy()
    M = result.sample_mean.to_numpy() if ms else None
    K = np.linalg.inv(Sigma)
    K = (K + K.T) / 2
    r, c = vech_indices(p)
    Delta = result.model.moments_jacobian(result.theta, S, M, meanstructure=ms)   # moments × q
    d_obs = np.concatenate([np.diag(S) if ms else np.zeros(0), S[r, r] * S[c, c] + S[r, c] ** 2]) / result.n
    A1D = normal_information_times(K, Delta, ms)
    E = Delta.T @ A1D
    G = np.linalg.pinv((E + E.T) / 2) @ A1D.T                 # q × moments
    H = normal_acov_times(S, G.T, ms) / result.n              # moments × q
    d = d_obs - 2 * np.einsum("ij,ij->i", Delta, H) + np.einsum("ij,ij->i", Delta @ (G @ H), Delta)
    return d_obs, d


def _acov_parts(result, data) -> tuple[np.ndarray, np.ndarray]:
    """(ACOV(s) of the unrestricted model, Q = I − Δ(ΔᵀA₁Δ)⁻¹ΔᵀA₁)."""
    pt = result.partable
    ms = pt.meanstructure and result.sample_mean is not None
    p = len(pt.ov_names)
    keep = nonx_moments(p, [pt.ov_names.index(v) for v in pt.ov_x], ms)
    zero = ~np.outer(keep, keep)
    S, Sigma = result.sample_cov.to_numpy(), result.implied_cov.to_numpy()
    M = result.sample_mean.to_numpy() if ms else None
    robust, fiml = result.estimator == "MLR", result.missing == "fiml"
    X = fitted_rows(result, data, purpose="residuals") if (robust or fiml) else None
    patterns = MissingPatterns(X) if X is not None else None
    # h1 (unrestricted) ACOV of the sample moments
    if fiml:
        I1 = _moments_info(patterns.information(M, S, "observed") / patterns.n, ms, p)
    else:
        I1 = _expected_info(S, ms)
    I1[zero] = 0.0
    I1_inv = _inverse_nonzero(I1)
    if robust and pt.ov_x and not fiml:
        # lavaan's Γ for fixed.x covariates: the part the covariates explain is taken out
        acov_obs = np.where(zero, 0.0, _gamma_fixed_x(X, pt, ms)) / result.n
    elif robust:
        h1_mean = M if ms else np.nanmean(X, axis=0)
        SC = _moments_cols(patterns.scores(h1_mean, S), ms, p)
        J1 = SC.T @ SC / patterns.n
        J1[zero] = 0.0
        acov_obs = I1_inv @ J1 @ I1_inv / result.n
    else:
        acov_obs = I1_inv / result.n
    # model part: the fit's information type at the model-implied moments
    if fiml or robust:
        mu = result.implied_mean.to_numpy() if ms else np.nanmean(X, axis=0)
        A1 = _moments_info(patterns.information(mu, Sigma, "observed") / patterns.n, ms, p)
    else:
        A1 = _expected_info(Sigma, ms)
    A1[zero] = 0.0
    Delta = result.model.moments_jacobian(result.theta, S, M, meanstructure=ms)
    E = Delta.T @ A1 @ Delta
    E_inv = np.linalg.pinv((E + E.T) / 2)
    Q = np.eye(len(A1)) - Delta @ E_inv @ Delta.T @ A1
    return acov_obs, Q


def _expected_info(Sigma: np.ndarray, ms: bool) -> np.ndarray:
    """½ Dᵀ(Σ⁻¹⊗Σ⁻¹)D, with the Σ⁻¹ block of the means first when ``ms``."""
    K = np.linalg.inv(Sigma)
    K = (K + K.T) / 2
    T = 0.5 * vech_trace_matrix(K, K)
    if not ms:
        return T
    p = len(K)
    out = np.zeros((p + len(T), p + len(T)))
    out[:p, :p], out[p:, p:] = K, T
    return out


def _moments_info(full: np.ndarray, ms: bool, p: int) -> np.ndarray:
    return full if ms else full[p:, p:]


def _moments_cols(full: np.ndarray, ms: bool, p: int) -> np.ndarray:
    return full if ms else full[:, p:]


def _gamma_fixed_x(X: np.ndarray, pt, ms: bool) -> np.ndarray:
    if ms:
        raise invalid_option("estimator", '"MLR", "~1", fixed.x',
                             "Standardized residuals of a complete-data MLR fit with fixed.x covariates and a mean "
                             "structure are not available; use type=\"raw\" or \"cor\", or estimator=\"ML\".",
                             "含固定协变量（fixed.x）与均值结构的完整数据 MLR 拟合不提供标准化残差；"
                             "请使用 type=\"raw\" 或 \"cor\"，或 estimator=\"ML\"。",
                             "含固定共變項（fixed.x）與平均數結構的完整資料 MLR 配適不提供標準化殘差；"
                             "請使用 type=\"raw\" 或 \"cor\"，或 estimator=\"ML\"。")
    return gamma_complete(X, [pt.ov_names.index(v) for v in pt.ov_x])


def _inverse_nonzero(A: np.ndarray) -> np.ndarray:
    """Inverse of the rows/columns that are not all zero, zeros elsewhere (as ``lav_matrix_symmetric_inverse``)."""
    nz = ~(np.all(A == 0, axis=0) & np.all(A == 0, axis=1))
    out = np.zeros_like(A)
    sub = A[np.ix_(nz, nz)]
    out[np.ix_(nz, nz)] = np.linalg.inv((sub + sub.T) / 2)
    return out
