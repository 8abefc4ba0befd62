"""Robust ML ("MLR") and FIML pieces for joint multi-group fits, as lavaan 0.6-14 computes them.

Every group g (n_g rows, f_g = n_g/N) contributes its casewise normal log-likelihood
log L_g(μ_g(θ), Σ_g(θ)) (:class:`research.sem.mvnorm.MissingPatterns`: complete data are one
pattern), and θ holds the parameters of all groups, those held equal across groups once.
The per-observation objective is f(θ) = −Σ_g log L_g / N.  With Δ_g = ∂(μ_g, vech Σ_g)/∂θ
(columns of the parameters group g uses):

* **Bread** E = ∂²f/∂θ∂θᵀ = Σ_g f_g H_g, H_g the Hessian of −log L_g/n_g, analytic
  (:func:`exact_hessian`, i.e. :meth:`FimlObjective.analytic_hessian`; lavaan differentiates the
  gradient numerically, which agrees to ~1e-9) — the observed information
  (``information = "observed"``, ``observed.information = "hessian"``), lavaan's default for
  MLR and for ``missing = "ml"``.
* **Meat** B₀ = Σ_g f_g Δ_gᵀ B₁_g Δ_g, B₁_g = (1/n_g) Σᵢ sᵢsᵢᵀ the first-order information of
  the moments at the model-implied μ̂_g, Σ̂_g (``h1.information = "structured"``).
* ACOV(θ̂) = E⁻¹ B₀ E⁻¹ / N (Huber 1967; White 1982).  With FIML these are lavaan's choices
  for ``missing = "ml"`` (observed information, structured h1; Savalei & Rosseel 2022).
* **Scaled test** (Yuan & Bentler 2000; Mplus variant, lavaan's ``lav_test_yuan_bentler_mplus_trace``):
  tr(UΓ) = Σ_g [tr(B₁ʰ_g A₁ʰ_g⁻¹) − f_g tr(Δ_gᵀB₁_gΔ_g E⁻¹)], A₁ʰ_g and B₁ʰ_g the observed and
  first-order information of group g's unrestricted model at its sample moments (complete data)
  or EM estimates (missing data); c = tr(UΓ)/df and χ²_scaled = χ²/c, also per group (χ²_g/c).
* **Baseline**: the independence model in every group (means and variances free, nothing
  equal across groups), fitted in closed form; its scaling factor is the same trace summed
  over the groups (its information is block-diagonal).
* **FIML-corrected robust indices** (Zhang & Savalei 2023; lavaan's ``lav_fit_fiml_corrected``
  with several groups): the groups' h1 informations stacked block-diagonally, each weighted
  by f_g, with E = Σ_g f_g Δ_gᵀ W_m,g Δ_g; versions V3 (MLR) and V6 (ML), see
  :func:`research.sem.robust.fiml_corrected` for the single-group formulas.
* Fit measures with G groups (``lav_fit_rmsea``, ``lav_fit_rmsea_ci``,
  ``lav_fit_rmsea_closefit``): every RMSEA and its CI is multiplied by √G, the close-fit
  test uses the noncentrality N·df·0.05²/(c·G); CFI/TLI and their scaled/robust versions
  are those of one group (Brosseau-Liard & Savalei 2014 for ``.robust``).
"""
from __future__ import annotations

import math
import weakref
from dataclasses import dataclass

import numpy as np
from scipy import stats

from . import robust
from .fiml import FimlObjective
from .fit_measures import NAN, rmsea_ci
from .mvnorm import MissingPatterns




@dataclass(frozen=True)
class GroupPiece:
    """What the robust computations need of one group."""

    obj: FimlObjective        # −log L_g / n_g over the group's rows, on the group's local parameters
    index: np.ndarray         # local parameter k → global index
    n: int
    mu1: np.ndarray           # unrestricted (h1) moments: sample mean / EM mean
    sigma1: np.ndarray        # sample covariance (divisor n) / EM covariance

    @property
    def data(self) -> MissingPatterns:
        return self.obj.data


def _inv(M: np.ndarray) -> np.ndarray:
    return robust._inv(M)


def information(data: MissingPatterns, mu: np.ndarray, sigma: np.ndarray, kind: str = "observed") -> np.ndarray:
    """:meth:`MissingPatterns.information` (total over rows, on (μ, vech Σ); all patterns at once)."""
    return data.information(mu, sigma, kind)


def model_information(obj: FimlObjective, theta: np.ndarray, kind: str) -> np.ndarray:
    """Δᵀ I Δ / n: the observed (without the second derivatives of the moments) or expected
    information of −log L/n in θ, as :meth:`FimlObjective.expected_information`."""
    mu, Sigma = obj.moments(theta)
    D = obj.model.moments_jacobian(theta, obj.S, obj.M, meanstructure=True)
    out = D.T @ information(obj.data, mu, Sigma, kind) @ D / obj.n
    return (out + out.T) / 2


def exact_hessian(obj: FimlObjective, theta: np.ndarray) -> np.ndarray:
    """The Hessian of −log L/n in θ in closed form (:meth:`FimlObjective.analytic_hessian`; lavaan
    differentiates the gradient numerically, which agrees to about 1e-9)."""
    return obj.analytic_hessian(theta)


def observed_information(pieces: list[GroupPiece], theta: np.ndarray, q: int, N: int) -> np.ndarray:
    """E = Σ_g f_g H_g: the Hessian of −Σ_g log L_g / N in θ (per observation; :func:`exact_hessian`)."""
    E = np.zeros((q, q))
    for g in pieces:
        H = exact_hessian(g.obj, theta[g.index])
        E[np.ix_(g.index, g.index)] += g.n / N * H
    return (E + E.T) / 2


def expected_information(pieces: list[GroupPiece], theta: np.ndarray, q: int, N: int) -> np.ndarray:
    """Σ_g f_g Δ_gᵀ I_exp,g Δ_g at the model-implied moments (lavaan's ``information.expected``)."""
    E = np.zeros((q, q))
    for g in pieces:
        E[np.ix_(g.index, g.index)] += g.n / N * model_information(g.obj, theta[g.index], "expected")
    return (E + E.T) / 2


def _delta(g: GroupPiece, t: np.ndarray) -> np.ndarray:
    return g.obj.model.moments_jacobian(t, g.obj.S, g.obj.M, meanstructure=True)


@dataclass(frozen=True)
class Sandwich:
    vcov: np.ndarray
    E: np.ndarray
    E_inv: np.ndarray
    B0: np.ndarray
    trace_h1: np.ndarray      # per group, tr(B₁ʰ A₁ʰ⁻¹)
    trace_h0: np.ndarray      # per group, f_g tr(Δ_gᵀB₁_gΔ_g E⁻¹)

    @property
    def trace_ugamma(self) -> float:
        return float(np.sum(self.trace_h1 - self.trace_h0))


_H1_CACHE: "weakref.WeakKeyDictionary[MissingPatterns, dict]" = weakref.WeakKeyDictionary()


def h1_parts(g: GroupPiece) -> dict:
    """What depends only on a group's rows and its unrestricted moments (μ₁, Σ₁), computed once per
    data object and reused by every fit of an invariance sequence or path comparison: tr(B₁ʰA₁ʰ⁻¹), the
    independence model (μ_b, Σ_b, Δ_b), its χ² and its trace, and the h1 informations the FIML-corrected
    indices use (A₁ʰ, its inverse, B₁ʰ and the complete-data information at (μ₁, Σ₁): four matrices of
    p + p(p+1)/2 rows, about 5 MB a group for 27 items — computed here anyway, kept so that no fit of the
    sequence computes them again)."""
    data = g.data
    hit = _H1_CACHE.get(data)
    if hit is not None and np.array_equal(hit["mu1"], g.mu1) and np.array_equal(hit["sigma1"], g.sigma1):
        return hit
    n = data.n
    W, Wi, J = h1_information(g)
    trace_h1 = float(np.sum(J * Wi.T))
    mu_b, S_b, D_b = robust.baseline_fiml(data, g.mu1, g.sigma1)
    l1 = data.loglik(g.mu1, g.sigma1)
    Eb_inv = _inv(D_b.T @ information(data, mu_b, S_b, "observed") @ D_b / n)
    SCb = data.scores(mu_b, S_b) @ D_b
    out = {"mu1": np.array(g.mu1), "sigma1": np.array(g.sigma1), "trace_h1": trace_h1,
           "baseline": (mu_b, S_b, D_b), "X2b": 2.0 * (l1 - data.loglik(mu_b, S_b)), "loglik_h1": l1,
           "baseline_trace": trace_h1 - float(np.sum((SCb.T @ SCb / n) * Eb_inv.T)),
           "information": (W, Wi, J), "complete_information": robust._complete_h1_information(g.mu1, g.sigma1)}
    _H1_CACHE[data] = out
    return out


def h1_information(g: GroupPiece) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(A₁ʰ, its inverse, B₁ʰ) per row: the observed and first-order information of the group's
    unrestricted model at (μ₁, Σ₁)."""
    data = g.data
    W = information(data, g.mu1, g.sigma1, "observed") / data.n
    SC = data.scores(g.mu1, g.sigma1)
    return W, _inv(W), SC.T @ SC / data.n


def sandwich(pieces: list[GroupPiece], theta: np.ndarray, E: np.ndarray, N: int) -> Sandwich:
    """Huber–White ACOV and the Yuan–Bentler traces (module docstring)."""
    q = len(theta)
    E_inv = _inv(E)
    B0 = np.zeros((q, q))
    h1, h0 = [], []
    for g in pieces:
        t = theta[g.index]
        mu, Sigma = g.obj.moments(t)
        SC = g.data.scores(mu, Sigma) @ _delta(g, t)
        Bg = SC.T @ SC / g.n
        fg = g.n / N
        B0[np.ix_(g.index, g.index)] += fg * Bg
        h0.append(fg * float(np.sum(Bg * E_inv[np.ix_(g.index, g.index)].T)))
        h1.append(h1_parts(g)["trace_h1"])
    B0 = (B0 + B0.T) / 2
    vcov = E_inv @ B0 @ E_inv / N
    return Sandwich(vcov=(vcov + vcov.T) / 2, E=E, E_inv=E_inv, B0=B0, trace_h1=np.array(h1),
                    trace_h0=np.array(h0))


@dataclass(frozen=True)
class Baseline:
    """The independence model in every group: its χ² (against h1), df and fitted moments."""

    chisq: float
    df: int
    by_group: list            # (μ_b, Σ_b, Δ_b) per group


def baseline(pieces: list[GroupPiece]) -> Baseline:
    """Independence model per group (free means and variances), by ML in closed form:
    χ²_b = Σ_g 2(log L_g(h1) − log L_g(μ_b, Σ_b)); df_b = Σ_g p(p−1)/2."""
    X2, df, parts = 0.0, 0, []
    for g in pieces:
        h = h1_parts(g)
        X2 += h["X2b"]
        p = g.data.p
        df += p * (p - 1) // 2
        parts.append(h["baseline"])
    return Baseline(chisq=X2, df=df, by_group=parts)


def baseline_trace(pieces: list[GroupPiece], base: Baseline, trace_h1: np.ndarray) -> float:
    """tr(UΓ) of the independence model summed over the groups (its information is block-diagonal, so
    the per-group traces add up), with each group's tr(B₁ʰA₁ʰ⁻¹) as ``trace_h1``."""
    return float(sum(h1_parts(g)["baseline_trace"] - h1_parts(g)["trace_h1"] + h1
                     for g, h1 in zip(pieces, trace_h1)))


def fiml_corrected(pieces: list[GroupPiece], theta: np.ndarray, df: int, base: Baseline, version: str) -> dict:
    """lavaan 0.6-14's ``lav_fit_fiml_corrected`` for several groups (V3 with MLR, V6 with ML).

    lavaan stacks the groups block-diagonally: W_m = ⊕ f_g W_m,g, W_m⁻¹ = ⊕ W_m,g⁻¹/f_g,
    W_c = ⊕ f_g W_c,g, Γ = ⊕ W_m,g⁻¹ J_m,g W_m,g⁻¹ / f_g, Δ the groups' Jacobians stacked,
    E = Δᵀ W_m Δ, U = W_m − W_m Δ E⁻¹ Δᵀ W_m; k = tr(U W_m⁻¹ W_c W_m⁻¹ U Γ) (V3) or
    tr(W_c W_m⁻¹ U W_m⁻¹) (V6); c.hat3 = k/df.  Here the traces are expanded over the blocks
    and the rank-q part V F Vᵀ (V = W_m Δ, F = E⁻¹) instead of forming the stacked matrices.
    """
    N = sum(g.n for g in pieces)
    q = len(theta)
    blocks = []
    XX3 = XX3b = 0.0
    nb = sum(b[2].shape[1] for b in base.by_group)
    col_b = 0
    for g, (mu_b, S_b, D_b) in zip(pieces, base.by_group):
        fg = g.n / N
        h1 = h1_parts(g)
        W, Wi, J = h1["information"]
        Wc = fg * h1["complete_information"]
        A = (Wi / fg) @ Wc @ (Wi / fg)                       # W_m⁻¹ W_c W_m⁻¹ block
        t = theta[g.index]
        Dg = np.zeros((W.shape[0], q))
        Dg[:, g.index] = _delta(g, t)
        Dbg = np.zeros((W.shape[0], nb))
        Dbg[:, col_b:col_b + D_b.shape[1]] = D_b
        col_b += D_b.shape[1]
        blocks.append({"Wm": fg * W, "Wmi": Wi / fg, "Wc": Wc, "A": A, "G": Wi @ J @ Wi / fg, "D": Dg, "Db": Dbg})
        mu_hat, Sigma_hat = g.obj.moments(t)
        XX3 += robust.complete_chisq(g.n, g.mu1, g.sigma1, mu_hat, Sigma_hat)
        XX3b += robust.complete_chisq(g.n, g.mu1, g.sigma1, mu_b, S_b)

    def k_of(key):
        V = [b["Wm"] @ b[key] for b in blocks]
        F = _inv(sum(b[key].T @ v for b, v in zip(blocks, V)))
        P = sum(v.T @ b["A"] @ v for b, v in zip(blocks, V))
        if version == "V3":
            t1 = sum(float(np.sum((b["Wm"] @ b["A"] @ b["Wm"]) * b["G"].T)) for b in blocks)
            X = sum(v.T @ b["A"] @ b["Wm"] @ b["G"] @ v for b, v in zip(blocks, V))    # Vᵀ A W_m Γ V
            Q = sum(v.T @ b["G"] @ v for b, v in zip(blocks, V))
            # tr(U A U Γ) = tr(W_m A W_m Γ) − tr(F VᵀA W_mΓV) − tr(F VᵀΓ W_m A V) + tr(F P F Q)
            return t1 - 2 * float(np.sum(F * X.T)) + float(np.sum((F @ P) * (F @ Q).T))
        t1 = sum(float(np.sum(b["Wc"] * b["Wmi"].T)) for b in blocks)
        return t1 - float(np.sum(F * P.T))

    c3 = k_of("D") / df if df > 0 else NAN
    c3b = k_of("Db") / base.df if base.df > 0 else NAN
    return {"XX3": XX3, "df3": df, "c.hat3": c3, "XX3.scaled": XX3 / c3 if df > 0 else NAN,
            "XX3.null": XX3b, "df3.null": base.df, "c.hat3.null": c3b}


# ----------------------------------------------------------------------------------------------
# fit measures with G groups
# ----------------------------------------------------------------------------------------------
def rmsea_g(X2: float, df: float, N: int, G: int, c: float = 1.0) -> float:
    """√G · √max(0, χ²/(N·df) − c/N) (lavaan's ``lav_fit_rmsea``)."""
    if not (math.isfinite(X2) and math.isfinite(df) and math.isfinite(c)):
        return NAN
    return math.sqrt(G) * math.sqrt(max((X2 / N) / df - c / N, 0.0)) if df > 0 else 0.0


def rmsea_ci_g(X2: float, df: float, N: int, G: int, c: float = 1.0) -> tuple[float, float]:
    lo, hi = rmsea_ci(X2, df, N, c_hat=c)
    return math.sqrt(G) * lo, math.sqrt(G) * hi


def closefit_g(X2: float, df: float, N: int, G: int, c: float = 1.0, h0: float = 0.05) -> float:
    """P(χ² ≥ X2) under RMSEA = .05, noncentrality N·df·h0²/(c·G) (``lav_fit_rmsea_closefit``)."""
    if not (math.isfinite(X2) and math.isfinite(df) and math.isfinite(c)) or df <= 0:
        return NAN
    return float(stats.ncx2.sf(X2, df, N * df * h0 ** 2 / (c * G)))


def robust_measures(X2: float, df: int, X2b: float, dfb: int, N: int, G: int, c: float, cb: float,
                    fiml: dict | None = None, scaled: bool = True) -> dict:
    """The scaled (``scaled=True``, MLR) and robust fit measures of a G-group fit.

    ``fiml``: the FIML-corrected statistics (missing data), which define the ``.robust`` indices;
    with plain ML and FIML (``scaled=False``) only those are returned, as lavaan does.
    """
    if scaled:
        out = robust.robust_fit_measures(X2, df, X2b, dfb, N, c, cb, fiml)
        df2 = c * df if df > 0 and math.isfinite(c) and c * df != 0 else NAN
        out["rmsea.scaled"] = rmsea_g(X2, df2, N, G) if math.isfinite(df2) else NAN
        lo, hi = rmsea_ci_g(X2, df2, N, G) if math.isfinite(df2) else (NAN, NAN)
        out["rmsea.ci.lower.scaled"], out["rmsea.ci.upper.scaled"] = lo, hi
        out["rmsea.pvalue.scaled"] = closefit_g(X2, df2, N, G) if math.isfinite(df2) else NAN
    else:
        out = robust.robust_only(X2, df, X2b, dfb, N, NAN, NAN, fiml)
    if fiml is not None:
        X2r, dfr, cr, X2s = fiml["XX3"], fiml["df3"], fiml["c.hat3"], fiml["XX3.scaled"]
    else:
        X2r, dfr, cr = X2, df, c
        X2s = X2 / c if df > 0 and math.isfinite(c) else NAN
    out["rmsea.robust"] = rmsea_g(X2r, dfr, N, G, cr)
    if math.isfinite(X2s) and math.isfinite(cr):
        out["rmsea.ci.lower.robust"], out["rmsea.ci.upper.robust"] = rmsea_ci_g(X2s, dfr, N, G, cr)
    else:
        out["rmsea.ci.lower.robust"] = out["rmsea.ci.upper.robust"] = NAN
    out["rmsea.pvalue.robust"] = closefit_g(X2s, dfr, N, G, cr) if math.isfinite(X2s) else NAN
    return out


def scaled_difference(T0: float, r0: int, c0: float, T1: float, r1: int, c1: float) -> dict:
    """Satorra & Bentler (2001) scaled Δχ², lavaan's ``lavTestLRT`` default for MLR
    (``method = "satorra.bentler.2001"``): model 0 the restricted one (df r0, scaling c0),
    model 1 the less restricted one; c_d = (r0·c0 − r1·c1)/(r0 − r1), T_d = (T0 − T1)/c_d.
    A negative c_d gives NaN (lavaan: NA with a warning); c1 = 1 when r1 = 0."""
    m = r0 - r1
    if r1 == 0:
        c1 = 1.0
    if m == 0:
        return {"chisq.diff": T0 - T1, "df.diff": 0, "scaling.factor": NAN}
    cd = (r0 * c0 - r1 * c1) / m
    if not cd >= 0:
        cd = NAN
    return {"chisq.diff": (T0 - T1) / cd if math.isfinite(cd) else NAN, "df.diff": m, "scaling.factor": cd}
