"""Robust ML ("MLR"): Huber–White standard errors and the Yuan–Bentler (Mplus) scaled test.

What lavaan 0.6-14 does for ``estimator = "MLR"`` (options ``se =
"robust.huber.white"``, ``test = "yuan.bentler.mplus"``, ``information =
"observed"``, ``observed.information = "hessian"``, ``h1.information =
"structured"``, ``information.meat = "first.order"``), reproduced here:

* **Bread** E: the observed information per observation — the Hessian of the
  ML objective ½F_ML (complete data, exact analytic Hessian of
  :meth:`research.sem.ram.RamModel.hessian`) or of −log L/N (FIML,
  the Hessian of :mod:`research.sem.fiml`, in closed form — lavaan's numerical rule to ~1e-10).
* **Meat** B₀ = Δᵀ B₁ Δ, B₁ = (1/N) Σᵢ sᵢ sᵢᵀ, the first-order (score
  cross-product) information of the moments (μ, vech Σ) at the *model-implied*
  moments ("structured"; without a mean structure μ is the sample mean and
  only the vech Σ part is used); sᵢ are the casewise scores of
  :meth:`research.sem.mvnorm.MissingPatterns.scores`.
* ACOV(θ̂) = E⁻¹ B₀ E⁻¹ / N (Huber 1967; White 1982).
* Scaled test (Yuan & Bentler 2000; lavaan's ``lav_test_yuan_bentler_mplus_trace``):
  tr(UΓ) = tr(B₁ʰ A₁ʰ⁻¹) − tr(B₀ E⁻¹), with A₁ʰ and B₁ʰ the observed and
  first-order information of the *unrestricted* model (at the sample moments,
  or the EM estimates with missing data).  For complete data tr(B₁ʰ A₁ʰ⁻¹) =
  tr(A₁ʰ Γ), Γ the (divisor N) covariance of vech((yᵢ−ȳ)(yᵢ−ȳ)ᵀ) — with
  fixed.x covariates lavaan's ``lav_samplestats_Gamma(fixed.x = TRUE)``, which
  subtracts the part explained by the covariates, and the covariates'
  moments left out.  Scaling factor c = tr(UΓ)/df, ``chisq.scaled`` = χ²/c.
* Baseline: the same for the independence model (variances, and means with
  missing data, free), giving ``baseline.chisq.scaled`` and c_b.
* Fit measures (``lav_fit_cfi_lavobject``, ``lav_fit_rmsea_lavobject``):
  ``cfi.scaled``/``tli.scaled`` from the scaled statistics;
  ``cfi.robust``/``tli.robust`` (Brosseau-Liard & Savalei 2014) with χ² − c·df;
  ``rmsea.scaled`` = RMSEA(χ², c·df) with its CI; ``rmsea.robust`` =
  √max(0, χ²/(N df) − c/N) (Brosseau-Liard, Savalei & Li 2012) with the CI
  of χ²/c rescaled by c.  With missing data, the ``.robust`` variants use
  lavaan's FIML-corrected statistics (Zhang & Savalei 2023; ``lav_fit_fiml_corrected``,
  version V3 with MLR, V6 with plain ML), computed in
  :func:`fiml_corrected`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats

from .fit_measures import NAN, _cfi, _ncx2_cdf, _nfi, _ifi, _rfi, _rni, _tli, rmsea_ci
from .mvnorm import MissingPatterns, vech_trace_matrix
from .ram import vech_indices

ROBUST_FIT_MEASURE_NAMES = (
    "chisq.scaled", "df.scaled", "pvalue.scaled", "chisq.scaling.factor",
    "baseline.chisq.scaled", "baseline.df.scaled", "baseline.pvalue.scaled", "baseline.chisq.scaling.factor",
    "cfi.scaled", "tli.scaled", "nnfi.scaled", "rfi.scaled", "nfi.scaled", "ifi.scaled", "rni.scaled",
    "cfi.robust", "tli.robust", "nnfi.robust", "rni.robust",
    "rmsea.scaled", "rmsea.ci.lower.scaled", "rmsea.ci.upper.scaled", "rmsea.pvalue.scaled",
    "rmsea.robust", "rmsea.ci.lower.robust", "rmsea.ci.upper.robust", "rmsea.pvalue.robust",
)
# with missing = "ml" lavaan reports the FIML-corrected robust indices even for plain ML
FIML_ROBUST_NAMES = ("cfi.robust", "tli.robust", "nnfi.robust", "rni.robust", "rmsea.robust",
                     "rmsea.ci.lower.robust", "rmsea.ci.upper.robust", "rmsea.pvalue.robust")


@dataclass(frozen=True)
class RobustParts:
    """The pieces of the sandwich and of the scaled test (all per observation)."""

    vcov: np.ndarray          # ACOV(θ̂) = E⁻¹ B₀ E⁻¹ / N
    E: np.ndarray             # observed information
    E_inv: np.ndarray         # its inverse
    B0: np.ndarray            # Δᵀ B₁ Δ
    trace_h1: float
    trace_h0: float

    @property
    def trace_ugamma(self) -> float:
        return self.trace_h1 - self.trace_h0


def _inv(M: np.ndarray) -> np.ndarray:
    M = (M + M.T) / 2
    try:
        out = np.linalg.inv(M)
    except np.linalg.LinAlgError:
        out = np.linalg.pinv(M)
    return (out + out.T) / 2


def nonx_moments(p: int, x_idx, meanstructure: bool) -> np.ndarray:
    """Boolean index of the (μ,) vech Σ elements that do not belong to the fixed.x covariates
    (lavaan's ``eliminate.pstar.idx``)."""
    r, c = vech_indices(p)
    x = np.zeros(p, dtype=bool)
    x[list(x_idx)] = True
    keep_cov = ~(x[r] & x[c])
    if meanstructure:
        return np.concatenate([~x, keep_cov])
    return keep_cov


def gamma_complete(X: np.ndarray, x_idx=()) -> np.ndarray:
    """lavaan's ``lav_samplestats_Gamma(Y, meanstructure = FALSE)`` (fixed.x variant with covariates)."""
    n, p = X.shape
    r, c = vech_indices(p)
    Yc = X - X.mean(axis=0)
    Z = Yc[:, r] * Yc[:, c]
    x_idx = list(x_idx)
    if x_idx:
        y_idx = [j for j in range(p) if j not in x_idx]
        D = np.column_stack([np.ones(n), X[:, x_idx]])
        coef, *_ = np.linalg.lstsq(D, X[:, y_idx], rcond=None)
        Yhat = X.copy()
        Yhat[:, y_idx] = D @ coef
        Yhc = Yhat - Yhat.mean(axis=0)
        Z = Z - Yhc[:, r] * Yhc[:, c]
    Zc = Z - Z.mean(axis=0)
    return Zc.T @ Zc / n


def robust_complete(model, theta: np.ndarray, X: np.ndarray, S: np.ndarray, x_idx=(), inverse=None) -> RobustParts:
    """MLR on complete data without a mean structure (lavaan's defaults for ``cfa``/``sem``).

    ``inverse``: how the bread is inverted (default a plain inverse; under constraints lavaan's
    augmented inverse, :func:`research.sem.constraints.constrained_inverse`)."""
    n, p = X.shape
    data = MissingPatterns(X)
    ybar = X.mean(axis=0)
    Sigma = model.implied_cov(theta, S)
    Sigma = (Sigma + Sigma.T) / 2
    E = 0.5 * model.hessian(theta, S)[1]
    E_inv = (inverse or _inv)(E)
    Delta = model.moments_jacobian(theta, S, meanstructure=False)          # p* × q
    SC = data.scores(ybar, Sigma)[:, p:]
    B1 = SC.T @ SC / n
    B0 = Delta.T @ B1 @ Delta
    vcov = E_inv @ B0 @ E_inv / n
    # unrestricted model: A1 = ½ Dᵀ(S⁻¹⊗S⁻¹)D (observed = expected at S), B1 = A1 Γ A1
    keep = nonx_moments(p, x_idx, meanstructure=False)
    A1 = data.information(ybar, S, "expected")[p:, p:] / n
    Gamma = gamma_complete(X, x_idx)
    trace_h1 = float(np.sum(A1[np.ix_(keep, keep)] * Gamma[np.ix_(keep, keep)].T))
    trace_h0 = float(np.sum(B0 * E_inv.T))
    return RobustParts(vcov=(vcov + vcov.T) / 2, E=E, E_inv=E_inv, B0=B0, trace_h1=trace_h1, trace_h0=trace_h0)


def baseline_trace_complete(X: np.ndarray, S: np.ndarray, x_idx=()) -> float:
    """tr(UΓ) of the independence model (variances of the non-covariates free), complete data."""
    n, p = X.shape
    data = MissingPatterns(X)
    ybar = X.mean(axis=0)
    x_idx = list(x_idx)
    y_idx = [j for j in range(p) if j not in x_idx]
    Sb = np.diag(np.diag(S))
    if x_idx:
        Sb[np.ix_(x_idx, x_idx)] = S[np.ix_(x_idx, x_idx)]
    r, c = vech_indices(p)
    Delta = np.zeros((len(r), len(y_idx)))
    for k, j in enumerate(y_idx):
        Delta[np.flatnonzero((r == j) & (c == j))[0], k] = 1.0
    A = data.information(ybar, Sb, "observed")[p:, p:] / n
    E_inv = _inv(Delta.T @ A @ Delta)
    SC = data.scores(ybar, Sb)[:, p:] @ Delta
    B0 = SC.T @ SC / n
    keep = nonx_moments(p, x_idx, meanstructure=False)
    A1 = data.information(ybar, S, "expected")[p:, p:] / n
    Gamma = gamma_complete(X, x_idx)
    trace_h1 = float(np.sum(A1[np.ix_(keep, keep)] * Gamma[np.ix_(keep, keep)].T))
    return trace_h1 - float(np.sum(B0 * E_inv.T))


def h1_trace_missing(data: MissingPatterns, mu1: np.ndarray, sigma1: np.ndarray, x_idx=()) -> float:
    """tr(B₁ʰ A₁ʰ⁻¹) of the unrestricted model at the EM estimates (missing data, mean structure)."""
    keep = nonx_moments(data.p, x_idx, meanstructure=True)
    A1 = data.information(mu1, sigma1, "observed")[np.ix_(keep, keep)] / data.n
    SC = data.scores(mu1, sigma1)[:, keep]
    B1 = SC.T @ SC / data.n
    return float(np.sum(B1 * _inv(A1).T))


def robust_fiml(obj, theta: np.ndarray, H: np.ndarray, mu1: np.ndarray, sigma1: np.ndarray,
                x_idx=(), inverse=None) -> RobustParts:
    """MLR with missing data: E = the Hessian H of −log L/N at θ̂; scores at the implied moments
    (``inverse`` as in :func:`robust_complete`)."""
    data = obj.data
    n = data.n
    E_inv = (inverse or _inv)(H)
    mu, Sigma = obj.moments(theta)
    Delta = obj.model.moments_jacobian(theta, obj.S, obj.M, meanstructure=True)
    SC = data.scores(mu, Sigma) @ Delta
    B0 = SC.T @ SC / n
    vcov = E_inv @ B0 @ E_inv / n
    trace_h1 = h1_trace_missing(data, mu1, sigma1, x_idx)
    trace_h0 = float(np.sum(B0 * E_inv.T))
    return RobustParts(vcov=(vcov + vcov.T) / 2, E=H, E_inv=E_inv, B0=B0, trace_h1=trace_h1, trace_h0=trace_h0)


def baseline_fiml(data: MissingPatterns, M_fixed: np.ndarray, S_fixed: np.ndarray, x_idx=()):
    """The independence model with missing data, fitted in closed form.

    Its likelihood factorises over the variables, so the ML estimates are each
    variable's available-case mean and variance (divisor = rows observing it);
    fixed.x covariates keep their sample moments.  Returns (μ_b, Σ_b, Δ_b) with
    Δ_b the Jacobian of (μ, vech Σ) on the free means and variances.
    """
    p = data.p
    x_idx = list(x_idx)
    y_idx = [j for j in range(p) if j not in x_idx]
    X = data.X
    with np.errstate(invalid="ignore"):
        mu = np.nanmean(X, axis=0)
        var = np.nanmean((X - mu) ** 2, axis=0)
    Sb = np.diag(var)
    if x_idx:
        mu[x_idx] = M_fixed[x_idx]
        Sb[np.ix_(x_idx, x_idx)] = S_fixed[np.ix_(x_idx, x_idx)]
    r, c = vech_indices(p)
    Delta = np.zeros((p + len(r), 2 * len(y_idx)))
    for k, j in enumerate(y_idx):
        Delta[j, k] = 1.0
        Delta[p + np.flatnonzero((r == j) & (c == j))[0], len(y_idx) + k] = 1.0
    return mu, Sb, Delta


def baseline_trace_fiml(data: MissingPatterns, mu_b, sigma_b, Delta_b, trace_h1: float) -> float:
    n = data.n
    E_inv = _inv(Delta_b.T @ data.information(mu_b, sigma_b, "observed") @ Delta_b / n)
    SC = data.scores(mu_b, sigma_b) @ Delta_b
    B0 = SC.T @ SC / n
    return trace_h1 - float(np.sum(B0 * E_inv.T))


# ----------------------------------------------------------------------------------
# FIML-corrected robust indices (lavaan's lav_fit_fiml_corrected)
# ----------------------------------------------------------------------------------
def _complete_h1_information(mu, sigma) -> np.ndarray:
    """Observed (= expected) information per observation of the saturated complete-data model at (μ, Σ)."""
    p = len(mu)
    K = np.linalg.inv(sigma)
    T = 0.5 * vech_trace_matrix(K, K)
    out = np.zeros((p + len(T), p + len(T)))
    out[:p, :p] = K
    out[p:, p:] = T
    return out


def complete_chisq(n: int, mu_obs, sigma_obs, mu, sigma) -> float:
    """N · F_ML with a mean structure: the likelihood-ratio statistic of (μ, Σ) for 'sample' moments."""
    p = len(mu_obs)
    Si = np.linalg.inv(sigma)
    d = mu_obs - mu
    f = (np.linalg.slogdet(sigma)[1] + np.trace(sigma_obs @ Si) - np.linalg.slogdet(sigma_obs)[1] - p
         + d @ Si @ d)
    return float(n * f)


def fiml_corrected(data: MissingPatterns, mu1, sigma1, Delta, mu_hat, sigma_hat, df: int,
                   Delta_b, mu_b, sigma_b, df_b: int, version: str, x_idx=(), inverse=None) -> dict:
    """lavaan 0.6-14's ``lav_fit_fiml_corrected`` (V3 for MLR, V6 for ML): XX3, c.hat3 and their baseline.

    XX3 is the complete-data likelihood-ratio statistic of the FIML estimates against the EM
    moments (lavaan refits nothing: ``optim.method = "none"``); with Wm, Jm the observed and
    first-order information of the missing-data unrestricted model, Wc the complete-data one,
    E = ΔᵀWmΔ and U = Wm − WmΔE⁻¹ΔᵀWm: k = tr(U Wm⁻¹ Wc Wm⁻¹ U Wm⁻¹JmWm⁻¹) (V3) or
    tr(Wc Wm⁻¹ U Wm⁻¹) (V6), c.hat3 = k/df.  The fixed.x covariates' moments are left out.
    ``inverse`` inverts the model's E (under constraints lavaan's augmented inverse).
    """
    n = data.n
    keep = nonx_moments(data.p, x_idx, meanstructure=True)
    Wm = (data.information(mu1, sigma1, "observed") / n)[np.ix_(keep, keep)]
    Wmi = _inv(Wm)
    Wc = _complete_h1_information(mu1, sigma1)[np.ix_(keep, keep)]
    SC = data.scores(mu1, sigma1)[:, keep]
    Jm = SC.T @ SC / n
    Gamma = Wmi @ Jm @ Wmi

    def k_of(D, inv=_inv):
        D = D[keep]
        E_inv = inv(D.T @ Wm @ D)
        U = Wm - Wm @ D @ E_inv @ D.T @ Wm
        if version == "V3":
            return float(np.trace(U @ Wmi @ Wc @ Wmi @ U @ Gamma))
        return float(np.trace(Wc @ Wmi @ U @ Wmi))

    xx3 = complete_chisq(n, mu1, sigma1, mu_hat, sigma_hat)
    c3 = k_of(Delta, inverse or _inv) / df if df > 0 else NAN
    xx3_null = complete_chisq(n, mu1, sigma1, mu_b, sigma_b)
    c3_null = k_of(Delta_b) / df_b if df_b > 0 else NAN
    return {"XX3": xx3, "df3": df, "c.hat3": c3, "XX3.scaled": xx3 / c3 if df > 0 else NAN,
            "XX3.null": xx3_null, "df3.null": df_b, "c.hat3.null": c3_null}


# ----------------------------------------------------------------------------------
# the measures
# ----------------------------------------------------------------------------------
def _cfi_c(X2, df, X2b, dfb, c, cb):
    if any(not math.isfinite(v) for v in (X2, df, X2b, dfb, c, cb)):
        return NAN
    if df > 0 and c != 1 and cb != 1:
        t1 = max(X2 - c * df, 0.0)
        t2 = max(X2 - c * df, X2b - cb * dfb, 0.0)
    else:
        t1 = max(X2 - df, 0.0)
        t2 = max(X2 - df, X2b - dfb, 0.0)
    if math.isclose(t1, 0.0, abs_tol=1.5e-8) and math.isclose(t2, 0.0, abs_tol=1.5e-8):
        return 1.0
    return 1.0 - t1 / t2


def _tli_c(X2, df, X2b, dfb, c, cb):
    if any(not math.isfinite(v) for v in (X2, df, X2b, dfb, c, cb)):
        return NAN
    if df > 0 and c != 1 and cb != 1:
        t1 = (X2 - c * df) * dfb
        t2 = (X2b - cb * dfb) * df
    else:
        t1 = (X2 - df) * dfb
        t2 = (X2b - dfb) * df
    if df > 0 and abs(t2) > 0:
        return 1.0 - t1 / t2
    return 1.0


def _rni_c(X2, df, X2b, dfb, c, cb):
    if any(not math.isfinite(v) for v in (X2, df, X2b, dfb, c, cb)):
        return NAN
    if df > 0 and c != 1 and cb != 1:
        t1, t2 = X2 - c * df, X2b - cb * dfb
    else:
        t1, t2 = X2 - df, X2b - dfb
    if math.isclose(t2, 0.0, abs_tol=1.5e-8):
        return NAN
    return 1.0 - t1 / t2


def _rmsea(X2, df, n, c=1.0):
    if not (math.isfinite(X2) and math.isfinite(df) and math.isfinite(c)):
        return NAN
    return math.sqrt(max((X2 / n) / df - c / n, 0.0)) if df > 0 else 0.0


def _closefit(X2, df, n, c=1.0, h0=0.05):
    if not (math.isfinite(X2) and math.isfinite(df) and math.isfinite(c)) or df <= 0:
        return NAN
    return 1.0 - _ncx2_cdf(X2, df, n * df / c * h0 ** 2)


def robust_fit_measures(X2: float, df: int, X2b: float, dfb: int, n: int, c: float, cb: float,
                        fiml: dict | None = None) -> dict[str, float]:
    """The measures of :data:`ROBUST_FIT_MEASURE_NAMES` from χ², the baseline χ² and the scaling factors.

    ``fiml``: the FIML-corrected statistics of :func:`fiml_corrected` (missing data), which then
    define the ``.robust`` variants instead of χ² and c.
    """
    out: dict[str, float] = {}
    scaled = X2 / c if df > 0 and math.isfinite(c) else NAN
    scaled_b = X2b / cb if dfb > 0 and math.isfinite(cb) else NAN
    out["chisq.scaled"] = scaled
    out["df.scaled"] = df
    out["pvalue.scaled"] = float(stats.chi2.sf(scaled, df)) if df > 0 and math.isfinite(scaled) else NAN
    out["chisq.scaling.factor"] = c if df > 0 else NAN
    out["baseline.chisq.scaled"] = scaled_b
    out["baseline.df.scaled"] = dfb
    out["baseline.pvalue.scaled"] = float(stats.chi2.sf(scaled_b, dfb)) if math.isfinite(scaled_b) else NAN
    out["baseline.chisq.scaling.factor"] = cb
    out["cfi.scaled"] = _cfi(scaled, df, scaled_b, dfb)
    out["tli.scaled"] = out["nnfi.scaled"] = _tli(scaled, df, scaled_b, dfb)
    out["rfi.scaled"] = _rfi(scaled, df, scaled_b, dfb)
    out["nfi.scaled"] = _nfi(scaled, df, scaled_b, dfb)
    out["ifi.scaled"] = _ifi(scaled, df, scaled_b, dfb)
    out["rni.scaled"] = _rni(scaled, df, scaled_b, dfb)
    out.update(robust_only(X2, df, X2b, dfb, n, c, cb, fiml))
    # rmsea.scaled: the unscaled χ² on c·df degrees of freedom
    df2 = c * df if df > 0 and math.isfinite(c) and c * df != 0 else NAN
    out["rmsea.scaled"] = _rmsea(X2, df2, n) if math.isfinite(df2) else NAN
    if math.isfinite(df2):
        out["rmsea.ci.lower.scaled"], out["rmsea.ci.upper.scaled"] = rmsea_ci(X2, df2, n)
    else:
        out["rmsea.ci.lower.scaled"] = out["rmsea.ci.upper.scaled"] = NAN
    out["rmsea.pvalue.scaled"] = _closefit(X2, df2, n) if math.isfinite(df2) else NAN
    return {k: out[k] for k in ROBUST_FIT_MEASURE_NAMES}


def robust_only(X2, df, X2b, dfb, n, c, cb, fiml: dict | None = None) -> dict[str, float]:
    """``cfi.robust`` … ``rmsea.pvalue.robust`` (Brosseau-Liard & Savalei 2014; FIML-corrected with missing data)."""
    if fiml is not None:
        X2, df, c = fiml["XX3"], fiml["df3"], fiml["c.hat3"]
        X2b, dfb, cb = fiml["XX3.null"], fiml["df3.null"], fiml["c.hat3.null"]
        X2s = fiml["XX3.scaled"]
    else:
        X2s = X2 / c if df > 0 and math.isfinite(c) else NAN
    out = {"cfi.robust": _cfi_c(X2, df, X2b, dfb, c, cb), "tli.robust": _tli_c(X2, df, X2b, dfb, c, cb)}
    out["nnfi.robust"] = out["tli.robust"]
    out["rni.robust"] = _rni_c(X2, df, X2b, dfb, c, cb)
    out["rmsea.robust"] = _rmsea(X2, df, n, c)
    if math.isfinite(X2s) and math.isfinite(c):
        out["rmsea.ci.lower.robust"], out["rmsea.ci.upper.robust"] = rmsea_ci(X2s, df, n, c_hat=c)
    else:
        out["rmsea.ci.lower.robust"] = out["rmsea.ci.upper.robust"] = NAN
    out["rmsea.pvalue.robust"] = _closefit(X2s, df, n, c) if math.isfinite(X2s) else NAN
    return out
