"""Fit measures of an ML fit, named and computed as lavaan 0.6-14's ``fitMeasures()``.

All come from the sample covariance S (divisor N), the model-implied Σ̂, N,
the number of free parameters and the degrees of freedom:

* ``chisq`` = N · F_ML (N, not N − 1: lavaan's ``likelihood = "normal"``);
  ``pvalue`` from χ²(df).
* baseline (independence) model: all covariances zero except among
  exogenous covariates held at their sample values (fixed.x);
  ``baseline.chisq`` = N · (Σ log s_ii − log|S|) for the free block.
* ``cfi`` (Bentler 1990), ``tli``/``nnfi`` (Tucker & Lewis 1973; Bentler &
  Bonett 1980), ``nfi``, ``rfi`` (Bollen 1986), ``ifi`` (Bollen 1989),
  ``rni`` (McDonald & Marsh 1990), with lavaan's edge-case rules
  (``lav_fit_cfi`` … ``lav_fit_rni``).
* ``rmsea`` = √max(0, (χ² − df)/(N·df)) (Steiger & Lind 1980; N as lavaan),
  its 90 % CI by inverting the noncentral χ² (Browne & Cudeck 1993), and
  ``rmsea.pvalue`` for H0: RMSEA ≤ .05.
* ``srmr`` = lavaan's default for continuous data, ``srmr_bentler``:
  √(mean over the p(p+1)/2 unique elements of ((s_ij − σ̂_ij)/√(s_ii s_jj))²)
  (Bentler 1995; Hu & Bentler 1999).
* ``gfi`` = 1 − tr[(Σ̂⁻¹S − I)²] / tr[(Σ̂⁻¹S)²] (Jöreskog & Sörbom 1984), ``agfi``
  = 1 − (p*/df)(1 − gfi), ``pgfi`` = (df/p*)·gfi.
* ``logl`` = −N/2 (p log 2π + log|Σ̂| + tr(SΣ̂⁻¹)); ``unrestricted.logl`` the
  same with Σ̂ = S; with fixed.x covariates both are conditional on them (the
  covariates' saturated marginal log-likelihood is subtracted, as lavaan does); ``aic`` = −2 logl + 2 npar, ``bic`` = −2 logl + npar log N,
  ``bic2`` (sample-size adjusted, Sclove 1987) uses log((N + 2)/24).
* ``cn_05`` (Hoelter 1983), ``mfi`` (McDonald 1989), ``ecvi`` (Browne & Cudeck 1989).
"""
from __future__ import annotations

import math

import numpy as np
from scipy import optimize, stats

FIT_MEASURE_NAMES = (
    "npar", "ntotal", "chisq", "df", "pvalue", "baseline.chisq", "baseline.df", "baseline.pvalue",
    "cfi", "tli", "nnfi", "nfi", "rfi", "ifi", "rni", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper",
    "rmsea.pvalue", "srmr", "srmr_bentler", "srmr_bentler_nomean", "gfi", "agfi", "pgfi",
    "aic", "bic", "bic2", "logl", "unrestricted.logl", "cn_05", "mfi", "ecvi",
)

NAN = float("nan")


def _logdet(M: np.ndarray) -> float:
    sign, val = np.linalg.slogdet(M)
    return val if sign > 0 else NAN


def baseline_chisq(S: np.ndarray, n: int, exo: list[int] | tuple[int, ...] = ()) -> tuple[float, int]:
    """χ² and df of the independence model (variances free; fixed.x block kept)."""
    p = S.shape[0]
    exo = list(exo)
    rest = [i for i in range(p) if i not in exo]
    logdet_b = float(np.sum(np.log(np.diag(S)[rest])))
    if exo:
        logdet_b += _logdet(S[np.ix_(exo, exo)])
    nx = len(exo)
    df = p * (p - 1) // 2 - nx * (nx - 1) // 2
    return n * (logdet_b - _logdet(S)), df


def _cfi(X2, df, X2b, dfb):
    t1 = max(X2 - df, 0.0)
    t2 = max(X2 - df, X2b - dfb, 0.0)
    if math.isclose(t1, 0.0, abs_tol=1.5e-8) and math.isclose(t2, 0.0, abs_tol=1.5e-8):
        return 1.0
    return 1.0 - t1 / t2


def _tli(X2, df, X2b, dfb):
    t1 = (X2 - df) * dfb
    t2 = (X2b - dfb) * df
    if df > 0 and abs(t2) > 0:
        return 1.0 - t1 / t2
    if not (math.isfinite(t1) and math.isfinite(t2)):
        return NAN
    return 1.0


def _nfi(X2, df, X2b, dfb):
    if df > dfb or math.isclose(X2b, 0.0, abs_tol=1.5e-8):
        return NAN
    return (X2b - X2) / X2b if df > 0 else 1.0


def _rfi(X2, df, X2b, dfb):
    if df > dfb:
        return NAN
    if df > 0 and dfb > 0:
        t1 = X2b / dfb - X2 / df
        t2 = X2b / dfb
        if not (math.isfinite(t1) and math.isfinite(t2)):
            return NAN
        return 1.0 if (t1 < 0 or t2 < 0) else t1 / t2
    return 1.0


def _ifi(X2, df, X2b, dfb):
    t1 = X2b - X2
    t2 = X2b - df
    if not (math.isfinite(t1) and math.isfinite(t2)):
        return NAN
    if t2 < 0:
        return 1.0
    if math.isclose(t2, 0.0, abs_tol=1.5e-8):
        return NAN
    return t1 / t2


def _rni(X2, df, X2b, dfb):
    t1 = X2 - df
    t2 = X2b - dfb
    if math.isclose(t2, 0.0, abs_tol=1.5e-8) or not (math.isfinite(t1) and math.isfinite(t2)):
        return NAN
    return 1.0 - t1 / t2


def _ncx2_cdf(x: float, df: float, nc: float) -> float:
    if nc <= 0:
        return float(stats.chi2.cdf(x, df))
    return float(stats.ncx2.cdf(x, df, nc))


def rmsea_ci(X2: float, df: float, n: int, level: float = 0.90, c_hat: float = 1.0) -> tuple[float, float]:
    """lavaan's ``lav_fit_rmsea_ci``: λ with P(χ²_df(λ) ≤ X2) = .95 / .05, RMSEA = √(c·λ/(N·df)).

    ``c_hat`` ≠ 1 gives the robust CI (X2 then the scaled statistic); ``df`` may be
    fractional (the scaled RMSEA uses c·df).
    """
    if not math.isfinite(X2) or not math.isfinite(df):
        return NAN, NAN
    if df < 1:
        return 0.0, 0.0
    upper_p = 1 - (1 - level) / 2
    lower_p = (1 - level) / 2

    def lower_fn(lam):
        return _ncx2_cdf(X2, df, lam) - upper_p

    def upper_fn(lam):
        return _ncx2_cdf(X2, df, lam) - lower_p

    if lower_fn(0.0) < 0:
        lo = 0.0
    else:
        lam = optimize.brentq(lower_fn, 0.0, max(X2, 1e-12), xtol=1e-12, rtol=1e-14)
        lo = math.sqrt(c_hat * lam / (n * df))
    n_rmsea = max(n, X2 * 4)
    if upper_fn(n_rmsea) > 0 or upper_fn(0.0) < 0:
        hi = 0.0
    else:
        lam = optimize.brentq(upper_fn, 0.0, n_rmsea, xtol=1e-12, rtol=1e-14)
        hi = math.sqrt(c_hat * lam / (n * df))
    return lo, hi


def srmr_bentler(S: np.ndarray, Sigma: np.ndarray) -> float:
    """Bentler's SRMR: residuals scaled by the observed standard deviations, diagonal included."""
    d = 1.0 / np.sqrt(np.diag(S))
    R = (S - Sigma) * np.outer(d, d)
    iu = np.triu_indices(S.shape[0])
    return float(np.sqrt(np.mean(R[iu] ** 2)))


def gfi(S: np.ndarray, Sigma: np.ndarray, exo: list[int] | tuple[int, ...] = ()) -> float:
    """Jöreskog & Sörbom's GFI for ML: 1 − tr[(Σ̂⁻¹S − I)²] / tr[(Σ̂⁻¹S)²].

    lavaan computes it as 1 − dᵀVd / sᵀVs with V = ½ Dᵀ(Σ̂⁻¹⊗Σ̂⁻¹)D, which is the same
    thing, except that with fixed.x covariates V has the covariates' own moments
    zeroed; so those elements of S are zeroed in the denominator here.
    """
    M = np.linalg.solve(Sigma, S)
    R = M - np.eye(S.shape[0])
    S_den = S.copy()
    if len(exo):
        S_den[np.ix_(exo, exo)] = 0.0
    M_den = np.linalg.solve(Sigma, S_den)
    return float(1.0 - np.trace(R @ R) / np.trace(M_den @ M_den))


def fit_measures(S: np.ndarray, Sigma: np.ndarray, n: int, npar: int, df: int,
                 exo: list[int] | tuple[int, ...] = ()) -> dict[str, float]:
    """All measures in :data:`FIT_MEASURE_NAMES` for one single-group ML fit."""
    p = S.shape[0]
    Si = np.linalg.inv(Sigma)
    logdet_sigma = _logdet(Sigma)
    logdet_s = _logdet(S)
    fmin = logdet_sigma + float(np.trace(S @ Si)) - logdet_s - p
    X2 = n * fmin
    if -1e-8 < X2 < 0:          # rounding at an exact fit (df = 0)
        X2 = 0.0
    X2b, dfb = baseline_chisq(S, n, exo)
    nel = p * (p + 1) // 2
    out = chisq_measures(X2, df, X2b, dfb, n, npar)
    out["srmr"] = out["srmr_bentler"] = out["srmr_bentler_nomean"] = srmr_bentler(S, Sigma)
    g = gfi(S, Sigma, exo)
    out["gfi"] = g
    out["agfi"] = 1.0 - (nel / df) * (1.0 - g) if df > 0 else 1.0
    out["pgfi"] = (df / nel) * g
    const = p * math.log(2 * math.pi)
    # with fixed.x covariates lavaan reports the likelihood conditional on them: the (saturated,
    # parameter-free) marginal log-likelihood of the covariates is subtracted from both
    loglx = 0.0
    if exo:
        nx = len(exo)
        loglx = -n / 2 * (nx * math.log(2 * math.pi) + _logdet(S[np.ix_(exo, exo)]) + nx)
    logl = -n / 2 * (const + logdet_sigma + float(np.trace(S @ Si))) - loglx
    out["logl"] = logl
    out["unrestricted.logl"] = -n / 2 * (const + logdet_s + p) - loglx
    out["aic"] = -2 * logl + 2 * npar
    out["bic"] = -2 * logl + npar * math.log(n)
    out["bic2"] = -2 * logl + npar * math.log((n + 2) / 24)
    return {k: out[k] for k in FIT_MEASURE_NAMES}


def chisq_measures(X2: float, df: int, X2b: float, dfb: int, n: int, npar: int) -> dict[str, float]:
    """The measures that depend only on χ², the baseline χ², their df, N and npar."""
    out: dict[str, float] = {"npar": npar, "ntotal": n, "chisq": X2, "df": df,
                             "pvalue": float(stats.chi2.sf(X2, df)) if df > 0 else NAN,
                             "baseline.chisq": X2b, "baseline.df": dfb,
                             "baseline.pvalue": float(stats.chi2.sf(X2b, dfb)) if dfb > 0 else NAN}
    out["cfi"] = _cfi(X2, df, X2b, dfb)
    out["tli"] = out["nnfi"] = _tli(X2, df, X2b, dfb)
    out["nfi"] = _nfi(X2, df, X2b, dfb)
    out["rfi"] = _rfi(X2, df, X2b, dfb)
    out["ifi"] = _ifi(X2, df, X2b, dfb)
    out["rni"] = _rni(X2, df, X2b, dfb)
    out["rmsea"] = math.sqrt(max((X2 / n) / df - 1.0 / n, 0.0)) if df > 0 else 0.0
    out["rmsea.ci.lower"], out["rmsea.ci.upper"] = rmsea_ci(X2, df, n)
    out["rmsea.pvalue"] = 1.0 - _ncx2_cdf(X2, df, n * df * 0.05 ** 2) if df > 0 else NAN
    out["cn_05"] = float(stats.chi2.ppf(0.95, df)) / (X2 / n) + 1 if X2 > 0 else NAN
    out["mfi"] = math.exp(-0.5 * (X2 - df) / n)
    out["ecvi"] = X2 / n + 2 * npar / n
    return out


def srmr_bentler_means(S: np.ndarray, M: np.ndarray, Sigma: np.ndarray, Mu: np.ndarray) -> tuple[float, float]:
    """Bentler's SRMR with a mean structure (lavaan's ``srmr`` when means are modelled) and without.

    Residuals of covariances (diagonal included) and of means, each divided by the
    observed standard deviations; the mean over p(p+1)/2 + p elements (``srmr``) and
    over the p(p+1)/2 covariance elements (``srmr_bentler_nomean``).
    """
    d = 1.0 / np.sqrt(np.diag(S))
    R = (S - Sigma) * np.outer(d, d)
    iu = np.triu_indices(S.shape[0])
    rm = (M - Mu) * d
    cov_ss = float(np.sum(R[iu] ** 2))
    total = math.sqrt((cov_ss + float(np.sum(rm ** 2))) / (len(iu[0]) + len(M)))
    return total, math.sqrt(cov_ss / len(iu[0]))


def gfi_weighted(obs: np.ndarray, est: np.ndarray, V: np.ndarray, keep: np.ndarray | None = None) -> float:
    """lavaan's ``lav_fit_gfi``: 1 − (o − e)ᵀV(o − e) / oᵀVo over the sample statistics ``obs``
    (``WLS.obs``), the model-implied ones ``est`` and the weight V (``WLS.V``); ``keep`` drops the
    fixed.x covariates' moments (zero rows of lavaan's V)."""
    if keep is not None:
        obs, est, V = obs[keep], est[keep], V[np.ix_(keep, keep)]
    d = obs - est
    return float(1.0 - (d @ V @ d) / (obs @ V @ obs))


def fiml_fit_measures(X2: float, df: int, X2b: float, dfb: int, n: int, npar: int, logl: float,
                      logl_h1: float, S1: np.ndarray, M1: np.ndarray, Sigma: np.ndarray, Mu: np.ndarray,
                      gfi_value: float) -> dict[str, float]:
    """:data:`FIT_MEASURE_NAMES` for a FIML fit (lavaan ``missing = "ml"``).

    χ² = 2(log L₁ − log L₀) against the EM-estimated unrestricted model; the
    residual-based measures compare Σ̂, μ̂ with the EM estimates S₁, M₁ (lavaan's
    ``missing.h1``); ``srmr`` includes the means (lavaan's default with a mean structure).
    ``gfi_value`` is computed by the caller (:func:`gfi_weighted` on lavaan's missing-data
    ``WLS.obs``: available-case means and pairwise covariances).
    """
    p = S1.shape[0]
    out = chisq_measures(X2, df, X2b, dfb, n, npar)
    out["srmr"], out["srmr_bentler_nomean"] = srmr_bentler_means(S1, M1, Sigma, Mu)
    out["srmr_bentler"] = out["srmr"]
    nel = p * (p + 1) // 2 + p
    g = gfi_value
    out["gfi"] = g
    out["agfi"] = 1.0 - (nel / df) * (1.0 - g) if df > 0 else 1.0
    out["pgfi"] = (df / nel) * g
    out["logl"] = logl
    out["unrestricted.logl"] = logl_h1
    out["aic"] = -2 * logl + 2 * npar
    out["bic"] = -2 * logl + npar * math.log(n)
    out["bic2"] = -2 * logl + npar * math.log((n + 2) / 24)
    return {k: out[k] for k in FIT_MEASURE_NAMES}
