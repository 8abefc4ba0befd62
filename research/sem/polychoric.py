"""Polychoric, polyserial and Pearson correlations with thresholds, two-step as lavaan 0.6-14 computes them.

Two steps (Olsson 1979): the thresholds of each ordered variable come from its margin alone (the normal
quantiles of the cumulative proportions, lavaan's ``lav_uvord_th``); then each correlation is the maximum
likelihood estimate given those thresholds:

* two ordered variables: the polychoric correlation of their contingency table (Olsson 1979, two-step
  estimator), lavaan's ``lav_bvord_cor_twostep_fit`` — including its empty-cell rule for 2 × 2 tables;
* an ordered and a continuous variable: the polyserial correlation (Olsson, Drasgow & Dorans 1982, the ML
  two-step estimator with the continuous variable's mean and ML variance fixed), lavaan's
  ``lav_bvmix_cor_twostep_fit``;
* two continuous variables: Pearson's r (with pairwise missing values the bivariate-normal ML estimate given
  each variable's own mean and variance, as lavaan's ``lav_bvreg_cor_twostep_fit``).

All pairs are estimated together: the contingency tables of every pair of ordered variables are padded to
one size and Newton's method runs on all of them at once, with a vectorised bivariate normal distribution
function (Genz 2004, after Drezner & Wesolowsky 1990, 20-point Gauss–Legendre rule, accurate to about
1e-15).  The per-case scores of every estimate — the ingredients of the asymptotic covariance matrix that
:mod:`research.sem.ordinal_stats` assembles (Muthén 1984) — are built from the same per-cell quantities.

>>> from research.sem.polychoric import lav_cor
>>> lav_cor(items, ordered=True)            # like lavaan::lavCor(items, ordered = TRUE)
"""
from __future__ import annotations

import threading

import numpy as np
import pandas as pd
from scipy.special import ndtr, ndtri

#: lavaan's bounds for a polychoric (and bivariate-normal) correlation during its optimisation, and a
#: polyserial one's.
POLYCHORIC_BOUND = 0.999
POLYSERIAL_BOUND = 0.995
#: lavaan's stand-in for an infinite threshold in per-case derivatives (``lav_uvord_update_fit``: ±100).
_BIG = 100.0
_SQRT_EPS = np.sqrt(np.finfo(float).eps)
_TWO_PI = 2.0 * np.pi

_GL_X, _GL_W = np.polynomial.legendre.leggauss(20)
# Genz's rule sizes for Plackett's integral: 6 nodes for |rho| < 0.3, 12 below 0.75, 20 above
_GL_RULES = [(0.3, np.polynomial.legendre.leggauss(6), 7), (0.75, np.polynomial.legendre.leggauss(12), 10),
             (0.925, (_GL_X, _GL_W), 12)]
# incremental Φ2 (``_CornerGrid.evaluate``): a 5-point Gauss–Legendre rule over a step of at most _STEP_MAX in
# ρ, with |ρ| ≤ _RHO_MAX at both ends.  Its error is (δ^11 (5!)^4 / (11 (10!)^3)) |∂^10 φ2/∂ρ^10| ≈ 2e-27 ·
# 10! / d^10 for a step δ = 0.05 and φ2 analytic in ρ at distance d ≥ 0.2 from ±1: below 1e-13.
_GL5_X, _GL5_W = np.polynomial.legendre.leggauss(5)
# the last polychoric_pairs fit of this thread (bounds, grid, correlations and Φ2 at its corners), which
# polychoric_cell_scores of the same tables continues from
_LAST = threading.local()
_STEP_MAX = 0.05
_RHO_MAX = 0.8


# --- the bivariate normal distribution ----------------------------------------------------------------------

def bvn_cdf(h, k, rho) -> np.ndarray:
    """P(X < h, Y < k) for standard bivariate normal (X, Y) with correlation ``rho``, elementwise over
    broadcast arrays of finite ``h``, ``k`` and ``|rho| <= 1``.

    Genz (2004, "Numerical computation of rectangular bivariate and trivariate normal and t probabilities",
    Statistics and Computing 14, 251–260), the method of Drezner & Wesolowsky (1990): Gauss–Legendre
    integration of Plackett's identity for |rho| < 0.925 (6, 12 or 20 nodes as |rho| grows), and of the
    Drezner–Wesolowsky expansion about |rho| = 1 with 20 nodes otherwise.
    """
    h, k, r = np.broadcast_arrays(np.asarray(h, float), np.asarray(k, float), np.asarray(rho, float))
    out = np.empty(h.shape)
    # the upper probability P(X > -h, Y > -k) of Genz's bvnu equals the lower one asked for
    dh, dk = -h.ravel(), -k.ravel()
    r = r.ravel()
    res = np.empty(dh.shape)
    low = np.abs(r) < 0.925
    lower_bound = 0.0
    for bound, (gx, gw), terms in _GL_RULES:
        sel = (np.abs(r) < bound) & (np.abs(r) >= lower_bound)
        lower_bound = bound
        if not sel.any():
            continue
        hh, kk, rr = dh[sel], dk[sel], r[sel]
        hk = hh * kk
        hs = (hh * hh + kk * kk) / 2.0
        asr = np.arcsin(rr) / 2.0
        sn = _sin_small(asr[:, None] * (1.0 + gx), terms)
        sn2 = sn * sn
        e = np.exp((sn * hk[:, None] - hs[:, None]) / (1.0 - sn2))
        res[sel] = (e @ gw) * asr / _TWO_PI + ndtr(-hh) * ndtr(-kk)
    high = ~low
    if high.any():
        hh, kk, rr = dh[high], dk[high].copy(), r[high]
        neg = rr < 0
        kk[neg] = -kk[neg]
        hk = hh * kk
        bvn = np.zeros(hh.shape)
        inner = np.abs(rr) < 1.0
        if inner.any():
            h_, k_, hk_ = hh[inner], kk[inner], hk[inner]
            as_ = (1.0 - rr[inner]) * (1.0 + rr[inner])
            a = np.sqrt(as_)
            bs = (h_ - k_) ** 2
            c = (4.0 - hk_) / 8.0
            d = (12.0 - hk_) / 80.0
            asr = -(bs / as_ + hk_) / 2.0
            part = np.where(asr > -100.0,
                            a * np.exp(np.maximum(asr, -100.0)) * (1.0 - c * (bs - as_) * (1.0 - d * bs) / 3.0
                                                                 + c * d * as_ * as_), 0.0)
            b = np.sqrt(bs)
            sp = np.sqrt(_TWO_PI) * ndtr(-b / a)
            part = part - np.where(hk_ > -100.0,
                                   np.exp(-np.minimum(hk_, 100.0) / 2.0) * sp * b
                                   * (1.0 - c * bs * (1.0 - d * bs) / 3.0), 0.0)
            a2 = a / 2.0
            xs = (a2[:, None] * (1.0 + _GL_X)[None, :]) ** 2
            asr2 = -(bs[:, None] / xs + hk_[:, None]) / 2.0
            ok = asr2 > -100.0
            sp2 = 1.0 + c[:, None] * xs * (1.0 + 5.0 * d[:, None] * xs)
            rs = np.sqrt(1.0 - xs)
            ep = np.exp(-(hk_[:, None] / 2.0) * xs / (1.0 + rs) ** 2) / rs
            terms = np.where(ok, np.exp(np.where(ok, asr2, 0.0)) * (sp2 - ep), 0.0)
            bvn[inner] = (a2 * (terms * _GL_W).sum(axis=1) - part) / _TWO_PI
        pos = ~neg
        bvn[pos] = bvn[pos] + ndtr(-np.maximum(hh[pos], kk[pos]))
        hn, kn = hh[neg], kk[neg]
        big = hn >= kn
        L = np.where(hn < 0, ndtr(kn) - ndtr(hn), ndtr(-hn) - ndtr(-kn))
        bvn[neg] = np.where(big, -bvn[neg], L - bvn[neg])
        res[high] = bvn
    np.clip(res, 0.0, 1.0, out=res)
    out[...] = res.reshape(out.shape)
    return out


_SIN_COEF = [(-1.0) ** m / float(np.prod(np.arange(1, 2 * m + 2))) for m in range(12)]


def _sin_small(t, terms: int = 12):
    """sin(t) for |t| ≤ 1.2 by its Taylor series (12 terms: error below 1e-21; 10 suffice for |t| ≤ 0.85 and
    7 for |t| ≤ 0.31): numpy's sin is an order of magnitude slower on large arrays, and Plackett's integral
    needs it at every node."""
    t2 = t * t
    acc = np.full_like(t, _SIN_COEF[terms - 1])
    for c in reversed(_SIN_COEF[:terms - 1]):
        acc *= t2
        acc += c
    return acc * t


def bvn_pdf(h, k, rho) -> np.ndarray:
    """The standard bivariate normal density at (h, k) with correlation ``rho`` (elementwise)."""
    r2 = 1.0 - rho * rho
    return np.exp(-(h * h - 2.0 * rho * h * k + k * k) / (2.0 * r2)) / (_TWO_PI * np.sqrt(r2))


def _dnorm(x):
    return np.exp(-0.5 * x * x) / np.sqrt(_TWO_PI)


# --- step 1: thresholds --------------------------------------------------------------------------------------

def thresholds(counts) -> np.ndarray:
    """The thresholds of an ordered variable from its category counts: the standard normal quantiles of the
    cumulative proportions (lavaan's ``lav_uvord_th``; every category must have been chosen)."""
    counts = np.asarray(counts, float)
    return ndtri(np.cumsum(counts[:-1]) / counts.sum())


# --- step 2: correlations, all pairs at once -------------------------------------------------------------------

def _bounds(th_list, kmax: int) -> np.ndarray:
    """variables × (kmax + 1) category boundaries: -inf, the thresholds, then +inf (padding included)."""
    out = np.full((len(th_list), kmax + 1), np.inf)
    out[:, 0] = -np.inf
    lengths = np.array([len(th) for th in th_list])
    if len(th_list):
        cols = np.arange(kmax - 1)[None, :] < lengths[:, None]
        out[:, 1:kmax][cols] = np.concatenate(th_list)
    return out


class _CornerGrid:
    """The corners of every pair's (padded) table, laid out once: Φ2, φ2 and ∂φ2/∂ρ are then evaluated at the
    finite corners only (the others are margins, constant in ρ, or zero)."""

    def __init__(self, b1, b2):
        P, n1 = b1.shape
        n2 = b2.shape[1]
        H = np.broadcast_to(b1[:, :, None], (P, n1, n2))
        K = np.broadcast_to(b2[:, None, :], (P, n1, n2))
        fin = np.isfinite(H) & np.isfinite(K)
        self.shape = (P, n1, n2)
        self.fin = np.flatnonzero(fin)
        self.pair = np.nonzero(fin)[0]
        self.h = H[fin]
        self.k = K[fin]
        self.hk = self.h * self.k
        self.hh_kk = self.h * self.h + self.k * self.k
        base = np.zeros(self.shape)
        hinf = (H == np.inf) & (K > -np.inf)
        kinf = (K == np.inf) & (H > -np.inf)
        base[hinf] = ndtr(K[hinf])
        base[kinf] = ndtr(H[kinf])
        self.base = base

    def cells(self, rho, derivatives=True):
        """π, ∂π/∂ρ and ∂²π/∂ρ² per pair and cell for correlations ``rho`` (one per pair)."""
        return self.evaluate(rho, derivatives)[:3]

    @staticmethod
    def _density(r, hh_kk, hk):
        r2 = 1.0 - r * r
        return np.exp(-(hh_kk - 2.0 * r * hk) / (2.0 * r2)) / (_TWO_PI * np.sqrt(r2))

    def evaluate(self, rho, derivatives=True, previous=None, pairs=None):
        """:meth:`cells` plus Φ2 at every finite corner (the last item returned, for a later ``previous``).

        ``pairs`` (sorted pair numbers): evaluate only these; ``rho`` then holds their correlations and the
        cell arrays returned are theirs, while the corner array returned is the whole one, the other pairs'
        corners copied from ``previous``.  ``previous``: ``(rho_old, cdf_old)`` — the correlations (of the
        same pairs) and the whole corner array of an earlier call.  Then the corners of a pair whose
        correlation moved by at most ``_STEP_MAX`` (both ends within ±``_RHO_MAX``) are updated by
        Φ2(ρ) = Φ2(ρ₀) + ∫ φ2(r) dr over [ρ₀, ρ] (Plackett's identity, ∂Φ2/∂ρ = φ2) with a 5-point
        Gauss–Legendre rule — error below 1e-13 there, see ``_STEP_MAX`` —, the others computed afresh by
        :func:`bvn_cdf`.  Newton's later steps are short, so they cost a few density evaluations instead of
        a Plackett integral each."""
        P, n1, n2 = self.shape
        if pairs is None:
            cm = slice(None)
            local = self.pair
            pos = self.fin
            base = self.base
            shape = self.shape
        else:
            pairs = np.asarray(pairs)
            chosen = np.zeros(P, dtype=bool)
            chosen[pairs] = True
            cm = chosen[self.pair]
            local = (np.cumsum(chosen) - 1)[self.pair[cm]]
            pos = local * (n1 * n2) + self.fin[cm] % (n1 * n2)
            base = self.base[pairs]
            shape = (len(pairs), n1, n2)
        h, k, hk, hh_kk = self.h[cm], self.k[cm], self.hk[cm], self.hh_kk[cm]
        r = np.asarray(rho, float)[local]
        if previous is None:
            fin = bvn_cdf(h, k, r)
            whole = fin if pairs is None else None
        else:
            r_old, cdf_old = previous
            whole = np.array(cdf_old, dtype=float)
            ro = np.asarray(r_old, float)[local]
            fin = np.empty(h.shape)
            near = (np.abs(r - ro) <= _STEP_MAX) & (np.abs(ro) <= _RHO_MAX) & (np.abs(r) <= _RHO_MAX)
            far = ~near
            if far.any():
                fin[far] = bvn_cdf(h[far], k[far], r[far])
            if near.any():
                a, b = ro[near], r[near]
                half, mid = (b - a) / 2.0, (b + a) / 2.0
                acc = np.zeros(a.shape)
                for x, w in zip(_GL5_X, _GL5_W):
                    acc += w * self._density(mid + half * x, hh_kk[near], hk[near])
                fin[near] = whole[cm][near] + half * acc
            whole[cm] = fin
        if whole is None:
            raise ValueError("a first evaluation of some pairs needs no 'pairs'")
        cdf = base.copy()
        cdf.reshape(-1)[pos] = fin
        if not derivatives:
            return _cells(cdf), None, None, whole
        r2 = 1.0 - r * r
        d = self._density(r, hh_kk, hk)
        pdf = np.zeros(shape)
        pdf.reshape(-1)[pos] = d
        dpdf = np.zeros(shape)
        dpdf.reshape(-1)[pos] = d * (r / r2 + (hk * (1.0 + r * r) - r * hh_kk) / (r2 * r2))
        return _cells(cdf), _cells(pdf), _cells(dpdf), whole


def _cells(c):
    return c[:, 1:, 1:] - c[:, :-1, 1:] - c[:, 1:, :-1] + c[:, :-1, :-1]


def cell_probabilities(b1, b2, rho):
    """Per pair: the cell probabilities π, ∂π/∂ρ and ∂²π/∂ρ² of the (padded) tables whose category bounds
    are ``b1`` (rows) and ``b2`` (columns), pairs × (K + 1) each with ±inf at the open ends."""
    return _CornerGrid(b1, b2).cells(np.asarray(rho, float))


def _zero_rule_2x2(freq, th1, th2):
    """lavaan's empty-cell rule for a 2 × 2 table (zero.add = c(0.5, 0), zero.keep.margins = TRUE): the
    adjusted table, or a fixed correlation (±1 for two empty cells, 0 for independence, the closed form
    -cos(2π p11) when both thresholds are 0)."""
    f = freq.astype(float).copy()
    zero = np.flatnonzero(f.ravel(order="F") == 0)          # column-major as R's which()
    if len(zero) == 2:
        return f, (1.0 if f[0, 0] > 0 else -1.0)
    if len(zero) == 1:
        if zero[0] in (0, 3):
            f += np.array([[0.5, -0.5], [-0.5, 0.5]])
        else:
            f += np.array([[-0.5, 0.5], [0.5, -0.5]])
    if f[0, 0] * f[1, 1] == f[0, 1] * f[1, 0]:
        return f, 0.0
    if th1[0] == 0 and th2[0] == 0:
        return f, -np.cos(2.0 * np.pi * f[0, 0] / f.sum())
    return f, None


def polychoric_pairs(tables, th1, th2, start=None, *, tol: float = 1e-8, max_iter: int = 100):
    """Two-step polychoric correlations of many pairs at once.

    ``tables``: pairs × K × K counts (padded with zero rows/columns), ``th1``/``th2``: the thresholds of the
    row and column variable of each pair (lists of arrays).  Returns ``(rho, empty, freq)``: the estimates,
    per pair whether its table had an empty cell (within its real categories), and the tables as estimated
    (2 × 2 tables after lavaan's empty-cell rule).  The likelihood is lavaan's
    ``sum(freq * log(PI))`` with cells of probability below √ε left out of the score, maximised over
    [-0.999, 0.999] by Newton's method on the score (Olsson 1979, eq. 9).
    """
    tables = np.asarray(tables, float)
    P, K, _ = tables.shape
    b1 = _bounds(th1, K)
    b2 = _bounds(th2, K)
    rho = np.zeros(P) if start is None else np.clip(np.asarray(start, float).copy(), -0.9, 0.9)
    fixed = np.full(P, np.nan)
    freq = tables.copy()
    k1 = np.array([len(t) + 1 for t in th1])
    k2 = np.array([len(t) + 1 for t in th2])
    a = np.arange(K)
    real = (a[None, :, None] < k1[:, None, None]) & (a[None, None, :] < k2[:, None, None])
    empty = ((tables == 0) & real).any(axis=(1, 2))
    for p in np.flatnonzero((k1 == 2) & (k2 == 2)):
        adjusted, value = _zero_rule_2x2(tables[p, :2, :2], th1[p], th2[p])
        freq[p, :2, :2] = adjusted
        if value is not None:
            fixed[p] = value
    todo = np.flatnonzero(np.isnan(fixed))
    if todo.size:
        grid = _CornerGrid(b1[todo], b2[todo])
        f = freq[todo]
        ok = f > 0
        n_pair = f.sum(axis=(1, 2))

        def loglik(pi, fa):
            return (fa * np.log(np.maximum(pi, _SQRT_EPS))).sum(axis=(1, 2))

        r0 = rho[todo]
        pi, dpi, d2pi, fin = grid.evaluate(r0)
        r_fin = r0.copy()                       # the correlations at which the corners `fin` were evaluated
        # Newton on the pairs not yet converged (`active`); a pair leaves when its step is below tol
        active = np.arange(len(todo))
        for _ in range(max_iter):
            fa, oka = f[active], ok[active]
            pi_safe = np.where(oka, np.maximum(pi, 1e-300), 1.0)
            g = np.where(oka, fa * dpi / pi_safe, 0.0).sum(axis=(1, 2))
            hess = np.where(oka, fa * (d2pi / pi_safe - (dpi / pi_safe) ** 2), 0.0).sum(axis=(1, 2))
            fisher = -n_pair[active] * np.where(pi > 0, dpi ** 2 / np.maximum(pi, 1e-300), 0.0).sum(axis=(1, 2))
            newton = hess < 0
            hess = np.where(newton, hess, np.minimum(fisher, -1e-12))
            step = np.clip(-g / hess, -0.25, 0.25)
            ra = r0[active]
            new = np.clip(ra + step, -POLYCHORIC_BOUND, POLYCHORIC_BOUND)
            done = newton & (np.abs(new - ra) <= tol)
            # Newton converges quadratically: after a step this small the error is below 1e-15
            r0[active[done]] = new[done]
            if done.all():
                break
            keep = ~done
            active, new, ra, pi = active[keep], new[keep], ra[keep], pi[keep]
            fa = f[active]
            # a Newton step that lowers lavaan's objective (cells clipped at √ε) is halved until it does not
            base = loglik(pi, fa)
            parts = grid.evaluate(new, previous=(r_fin[active], fin), pairs=active)
            for _half in range(40):
                worse = loglik(parts[0], fa) < base - 1e-13 * np.abs(base)
                if not worse.any():
                    break
                new = np.where(worse, ra + (new - ra) / 2.0, new)
                parts = grid.evaluate(new, previous=(r_fin[active], fin), pairs=active)
            r0[active] = new
            r_fin[active] = new
            pi, dpi, d2pi, fin = parts
        if len(todo) == P:
            # for polychoric_cell_scores of the same tables: the corners and where they were evaluated
            _LAST.value = (b1, b2, grid, r_fin, fin)
        rho[todo] = r0
    todo = np.isnan(fixed)
    rho[~todo] = fixed[~todo]
    return rho, empty, freq


def polychoric_cell_scores(th1, th2, rho, K: int):
    """Per pair and cell: the derivative of the cell's log-likelihood with respect to ρ and to the row and
    column variable's thresholds (lavaan's ``lav_bvord_cor_scores_cache``), for the per-case scores of
    Muthén (1984).  Returns ``(pi, d_rho, d_th1, d_th2, valid)``: d_th1[p, a, b, t] the derivative for a case in
    cell (a, b) with respect to the row variable's threshold t; cells of probability ≤ √ε are invalid (lavaan:
    NA scores, left out of its sums)."""
    P = len(rho)
    b1 = _bounds(th1, K)
    b2 = _bounds(th2, K)
    last = getattr(_LAST, "value", None)
    if last is not None and last[0].shape == b1.shape and last[1].shape == b2.shape and len(last[3]) == P \
            and np.array_equal(last[0], b1) and np.array_equal(last[1], b2):
        # the tables polychoric_pairs just estimated: step from its last evaluation to the estimates
        _, _, grid, r_fin, fin = last
        pi, dpi, _, _ = grid.evaluate(np.asarray(rho, float), previous=(r_fin, fin))
    else:
        pi, dpi, _ = cell_probabilities(b1, b2, rho)
    pi_clipped = np.maximum(pi, _SQRT_EPS)
    valid = pi_clipped > _SQRT_EPS
    safe = np.where(valid, pi_clipped, 1.0)
    d_rho = np.where(valid, dpi / safe, 0.0)
    R = np.sqrt(1.0 - rho * rho)[:, None, None]
    r = rho[:, None, None]
    c1 = np.clip(b1, -_BIG, _BIG)          # ±100 for the open ends, as lavaan
    c2 = np.clip(b2, -_BIG, _BIG)
    # on the (K + 1) × (K + 1) grid of bounds: G1[i, j] = Φ((c2_j − ρ c1_i)/R), G2[i, j] = Φ((c1_i − ρ c2_j)/R);
    # each cell's four terms are differences of neighbours on these grids
    G1 = ndtr((c2[:, None, :] - r * c1[:, :, None]) / R)
    G2 = ndtr((c1[:, :, None] - r * c2[:, None, :]) / R)
    f1 = _dnorm(c1)[:, :, None]                       # φ(c1_i)
    f2 = _dnorm(c2)[:, None, :]                       # φ(c2_j)
    y1_z1 = f1[:, 1:] * (G1[:, 1:, 1:] - G1[:, 1:, :-1])      # row variable at its upper bound of cell a
    y1_z2 = f1[:, :-1] * (G1[:, :-1, 1:] - G1[:, :-1, :-1])   # ... at its lower bound
    y2_z1 = f2[:, :, 1:] * (G2[:, 1:, 1:] - G2[:, :-1, 1:])   # column variable at its upper bound of cell b
    y2_z2 = f2[:, :, :-1] * (G2[:, 1:, :-1] - G2[:, :-1, :-1])
    T = K - 1
    d_th1 = np.zeros((P, K, K, T))
    d_th2 = np.zeros((P, K, K, T))
    for a in range(K):
        if a < T:
            d_th1[:, a, :, a] += (y1_z1[:, a, :] / safe[:, a, :])
            d_th2[:, :, a, a] += (y2_z1[:, :, a] / safe[:, :, a])
        if a >= 1:
            d_th1[:, a, :, a - 1] -= (y1_z2[:, a, :] / safe[:, a, :])
            d_th2[:, :, a, a - 1] -= (y2_z2[:, :, a] / safe[:, :, a])
    d_th1 *= valid[..., None]
    d_th2 *= valid[..., None]
    return pi, d_rho, d_th1, d_th2, valid


# --- polyserial ------------------------------------------------------------------------------------------------

def _polyserial_parts(rho, z, up, lo):
    """Per case (pairs × cases): P(y2 | y1), the two normal densities and standardized bounds."""
    R = np.sqrt(1.0 - rho * rho)[:, None]
    r = rho[:, None]
    t1 = (up - r * z) / R
    t2 = (lo - r * z) / R
    p = np.maximum(ndtr(t1) - ndtr(t2), np.finfo(float).eps)
    return R, r, t1, t2, p


def polyserial_scores(rho, z, sd, var, up, lo):
    """lavaan's ``lav_bvmix_cor_scores_cache`` per case (pairs × cases): the derivatives of the log-likelihood
    of (continuous y1, ordered y2) with respect to ρ, y1's mean and variance, and y2's two bounds (upper,
    lower: add them to the thresholds they are).  ``z`` is y1 standardized with its ML mean and SD."""
    R, r, t1, t2, p = _polyserial_parts(rho, z, up, lo)
    y_z1 = _dnorm(t1)
    y_z2 = _dnorm(t2)
    inv = 1.0 / p
    diff = y_z1 - y_z2
    d_mu = (z + inv * (r / R) * diff) / sd
    d_var = ((z * z - 1.0) + (inv * r * z / R) * diff) / (2.0 * var)
    d_up = y_z1 / R * inv
    d_lo = -y_z2 / R * inv
    d_rho = inv / (R ** 3) * (y_z1 * (up * r - z) - y_z2 * (lo * r - z))
    return d_rho, d_mu, d_var, d_up, d_lo


def polyserial_pairs(z, up, lo, mask, start, *, tol: float = 1e-12, max_iter: int = 100):
    """Two-step polyserial correlations of many (continuous, ordered) pairs at once (Olsson, Drasgow & Dorans
    1982; lavaan's ``lav_bvmix_cor_twostep_fit``): ``z`` pairs × cases, the continuous variable standardized
    with its mean and ML SD; ``up``/``lo`` the ordered variable's bounds of each case's category (±100 at the
    open ends); ``mask`` the cases observed on both.  Newton's method on the score over [-0.995, 0.995], the
    derivative of the score taken numerically."""
    rho = np.clip(np.asarray(start, float).copy(), -0.9, 0.9)
    idx = np.arange(len(rho))

    def score(r, sel):
        return np.where(mask[sel], polyserial_scores(r, z[sel], 1.0, 1.0, up[sel], lo[sel])[0], 0.0).sum(axis=1)

    for _ in range(max_iter):
        if idx.size == 0:
            break
        r0 = rho[idx]
        g = score(r0, idx)
        e = 1e-6
        dg = (score(np.clip(r0 + e, -0.9999, 0.9999), idx) - score(np.clip(r0 - e, -0.9999, 0.9999), idx)) / (2 * e)
        dg = np.where(dg < 0, dg, -1.0 * np.abs(g) - 1.0)
        step = np.clip(-g / dg, -0.25, 0.25)
        new = np.clip(r0 + step, -POLYSERIAL_BOUND, POLYSERIAL_BOUND)
        moved = np.abs(new - r0)
        rho[idx] = new
        idx = idx[moved > tol]
    return rho


# --- Pearson, with lavaan's pairwise ML when values are missing ----------------------------------------------

def pearson_scores(rho, y1c, y2c, var1, var2):
    """lavaan's ``lav_bvreg_cor_scores_cache``: per case the derivatives of the bivariate normal
    log-likelihood with respect to ρ, both means and both variances (centred values ``y1c``, ``y2c``)."""
    R = 1.0 - rho * rho
    s1, s2 = np.sqrt(var1), np.sqrt(var2)
    d_mu1 = (2.0 * y1c / var1 - 2.0 * rho * y2c / (s1 * s2)) / (2.0 * R)
    d_mu2 = -(2.0 * rho * y1c / (s1 * s2) - 2.0 * y2c / var2) / (2.0 * R)
    d_var1 = -(0.5 / var1 - ((y1c * y1c) / (var1 * var1) - rho * y1c * y2c / (var1 * s1 * s2)) / (2.0 * R))
    d_var2 = -(0.5 / var2 + (rho * y1c * y2c / (var2 * s1 * s2) - (y2c * y2c) / (var2 * var2)) / (2.0 * R))
    q = y1c * y1c / var1 - 2.0 * rho * y1c * y2c / (s1 * s2) + y2c * y2c / var2
    d_rho = rho / R + (y1c * y2c / (s1 * s2 * R) - q * rho / (R * R))
    return d_rho, d_mu1, d_var1, d_mu2, d_var2


def pearson_pair(y1c, y2c, var1, var2, start, *, tol: float = 1e-12, max_iter: int = 100) -> float:
    """ML correlation of two continuous variables given their own means and variances, over the cases
    observed on both (lavaan's ``lav_bvreg_cor_twostep_fit`` with missing values); bounds ±0.999."""
    rho = float(np.clip(start, -0.9, 0.9))
    for _ in range(max_iter):
        g = pearson_scores(rho, y1c, y2c, var1, var2)[0].sum()
        e = 1e-6
        dg = (pearson_scores(min(rho + e, 0.9999), y1c, y2c, var1, var2)[0].sum()
              - pearson_scores(max(rho - e, -0.9999), y1c, y2c, var1, var2)[0].sum()) / (2 * e)
        if not dg < 0:
            dg = -abs(g) - 1.0
        new = float(np.clip(rho + np.clip(-g / dg, -0.25, 0.25), -POLYCHORIC_BOUND, POLYCHORIC_BOUND))
        done = abs(new - rho) <= tol
        rho = new
        if done:
            break
    return rho


# --- lavCor ----------------------------------------------------------------------------------------------------

def lav_cor(data: pd.DataFrame, ordered=True, *, missing: str = "listwise") -> pd.DataFrame:
    """The correlation matrix lavaan's ``lavCor(data, ordered = …, missing = …)`` gives: polychoric between
    ordered variables, polyserial between an ordered and a continuous one, Pearson between continuous ones.

    ``ordered``: True (every column), False / None (none) or a list of column names.  Columns are the
    data's; ordered columns must hold integer category codes.  See
    :func:`research.sem.ordinal_stats.ordinal_sample_stats` for the thresholds and the weight matrix.
    """
    from .ordinal_stats import ordinal_sample_stats

    names = [str(c) for c in data.columns]
    stats = ordinal_sample_stats(data, names, ordered, missing=missing, nacov=False)[0]
    cov = stats.cor
    sd = np.sqrt(np.diag(cov))
    cor = cov / np.outer(sd, sd)
    np.fill_diagonal(cor, 1.0)
    return pd.DataFrame(cor, index=list(stats.names), columns=list(stats.names))
