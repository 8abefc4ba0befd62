"""Bootstrap of a PLS path model: :func:`bootstrap_pls` → :class:`PLSBootstrap`.

>>> fit = estimate_pls(data, model)
>>> boot = bootstrap_pls(fit, n_boot=5000, seed=20261122)
>>> boot.table("paths")          # from, to, estimate, mean, sd, t, p, ci.lower, ci.upper
>>> boot.table("indirect")       # every specific indirect effect, path text "A → M → Y"
>>> boot.table("htmt")           # + one-sided test of HTMT < .85 and < .90
>>> boot.with_ci("bca").table("paths")      # other intervals from the same draws
>>> boot.draws("paths")          # one row per resample used, one column per path

The ordinary row bootstrap (Efron & Tibshirani 1993, ch. 6) as SmartPLS and
seminr run it for PLS-SEM (Hair et al. 2022, *A Primer on PLS-SEM*, 3rd ed.,
ch. 5): draw N responses with replacement, re-estimate the model with the
fit's settings (scheme, PLSc, stop rule), and record for every resample

* ``weights``, ``loadings`` (PLSc loadings for corrected constructs): one row per item;
* ``paths``, ``f2`` (Cohen's f² of every path): one row per path;
* ``indirect``: every specific indirect effect (product of the paths along a chain);
* ``total_indirect`` (total − direct) and ``total`` effects of every connected pair;
* ``r2`` of every endogenous construct;
* ``htmt`` (Henseler, Ringle & Sarstedt 2015, absolute item correlations) of every
  pair of multi-item constructs.

How a resample is estimated (plain :class:`~research.pls.fit.PLSResult` fits).
PLS depends on the data only through the indicators' correlation matrix, so
a block of resamples is a count matrix C (resamples × N, how often each
response is drawn) and the resamples' correlation matrices come from one
product, C times the N × p(p+1)/2 products of the standardized columns
(weighted first and second moments; the columns are rounded to a binary grid
on which every such sum is exact, so the moments do not depend on the order
in which BLAS adds — which differs with its number of threads, and between
the main thread and a worker's thread).  The whole stack is estimated at once
(:func:`research.pls.engine.estimate`), every resample started from the
full-sample weights; a resample that has converged is frozen while the
others iterate, so its result does not depend on the block it is in.  The
resample's rows are the rows of the fit as prepared (missing answers replaced
by the full-sample item means, or the complete responses for casewise
deletion): the missing-value treatment is not redone per resample.  Fits of other kinds (two-stage moderation,
higher-order constructs: subclasses of ``PLSResult``, or any fit with
``batched = False``) are re-estimated by their own ``fit.refit(rows)``, one
resample at a time, on the same draws.

Statistics (as SmartPLS and seminr):

* ``mean`` and ``sd`` of the draws, the SD with divisor B − 1 (seminr's
  ``Boot SD``, plspm's ``std.error``; SmartPLS may divide by B — the
  difference is 1/(2B), 0.01 % at 5000 resamples);
* ``t`` = original estimate / bootstrap SD (SmartPLS's "T statistics
  (|O/STDEV|)" is its absolute value; seminr's ``T Stat.``);
* ``p`` two-sided from Student's t with B − 1 degrees of freedom (B the
  resamples used).  The stored SmartPLS documentation says only that the SEs
  of the subsamples give the t values; seminr, which says its t and p agree
  with SmartPLS, uses t(B − 1).  At B = 5000 the t(B − 1) and normal p-values
  differ by 0.1 % of p at |t| = 1.96 and 0.7 % at |t| = 3.29 (p = .001), so the
  choice does not change a conclusion.

Intervals (``ci``, at ``level``), from :mod:`research.bootstrap`:
``"percentile"`` (default, SmartPLS's default), ``"bc"`` (bias-corrected) or
``"bca"`` (Efron 1987): z₀ from the share of draws below the estimate,
acceleration from the leave-one-out jackknife (N extra estimates, computed
in blocks like the resamples, once, when first asked for).  Quantiles
interpolate on the normal scale between order statistics (R's
``boot:::norm.inter``).

HTMT (``table("htmt")``) also tests discriminant validity one-sided, as
Henseler et al. (2015) and SmartPLS: H0 HTMT ≥ c against H1 HTMT < c, for
c = .85 and .90.  ``one.sided.upper`` is the one-sided upper confidence bound
at ``level`` (the 95th percentile of the draws for level .95, or its BC/BCa
version); H0 is rejected at α = 1 − level when it is below c.  ``p.85`` and
``p.90`` are the p-values of that test, the smallest α at which the bound
falls below c: for percentile intervals the share of draws ≥ c; for BC/BCa
the same inversion through the bias correction and acceleration,
1 − Φ(u/(1 + a·u) − z₀) with u = Φ⁻¹(share of draws < c) − z₀.

Failures and non-convergence: a resample in which an item has no variance,
or the items of a Mode B block are collinear (smallest eigenvalue of their
correlation matrix below 1e-10), or another matrix is singular, cannot be
estimated; it is counted (``n_failed``) and left out.  A resample whose PLS
iterations reach ``max_iter`` without meeting the stop rule is kept with the
estimates of its last iteration (what PLS reports at ``max_iter``; the
SmartPLS documentation stored here says nothing about dropping such
subsamples) and counted (``n_nonconverged``); ``drop_nonconverged=True``
leaves those out as well (as cSEM's default ``.handle_inadmissibles =
"drop"``).  Started from the full-sample weights, resamples of a converged
model practically always converge (none of 5000 in the standard study).

Determinism: resamples are drawn in fixed blocks of :data:`BLOCK`, block k
from ``numpy.random.default_rng(SeedSequence(seed).spawn(…)[k])``
(:func:`research.bootstrap.resample_blocks`), so the draws and every number
made from them are the same for any ``n_jobs`` or Dask ``scheduler``
(:func:`research.parallel.run_ordered`).  ``seed=None`` draws fresh entropy
and stores it in ``seed``.  Workers use one BLAS thread (threadpoolctl).
``progress(done, total)`` is called after every block; an exception raised
by it stops the run.
"""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
from scipy import stats

from ..bootstrap import _block_index, acceleration, bca_ci, norm_inter
from ..effects import _check_level
from ..errors import invalid_option
from ..jsonsafe import jsonable
from ..limits import check_bootstrap, check_workers
from ..parallel import run_ordered
from ..sem.threads import one_thread
from . import engine, measures
from .engine import Estimates, Layout
from .fit import PLSResult

BLOCK = 100                     # resamples per task: fixed, so that the draws do not depend on n_jobs
KINDS = ("weights", "loadings", "paths", "indirect", "total_indirect", "total", "r2", "f2", "htmt")
CI_TYPES = ("percentile", "bc", "bca")
HTMT_THRESHOLDS = (0.85, 0.90)
STAT_COLUMNS = ["estimate", "mean", "sd", "t", "p", "ci.lower", "ci.upper"]
_XX_MAX_BYTES = 64 * 2 ** 20    # above this the resample moments are taken one resample at a time
_ARROW = " → "
_SINGULAR = 1e-10               # smallest eigenvalue of a Mode B block's correlation matrix still invertible


# ----------------------------------------------------------------------------------
# what is recorded of every resample
# ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Plan:
    """Which statistics a resample gives, their labels, and where they sit in the vector of one resample."""

    layout: Layout
    ids: dict                   # kind → list of id tuples (one per statistic)
    id_columns: dict            # kind → names of the id columns
    slices: dict                # kind → slice of the statistics vector
    item_ix: tuple              # (item indices, construct indices) of the weights / loadings
    path_ix: tuple              # (sources, targets)
    chains: tuple               # specific indirect effects: construct index chains
    total_ix: tuple             # (sources, targets) of the connected pairs
    indirect_ix: tuple          # (sources, targets) of the pairs with an indirect effect
    endogenous: np.ndarray
    htmt_ix: tuple              # (i, j), i < j, multi-item constructs

    @classmethod
    def of(cls, layout: Layout) -> "_Plan":
        c, items = layout.constructs, layout.items
        ii, jj = np.nonzero(layout.mask)
        where = {name: j for j, name in enumerate(c)}
        paths = [(where[s], where[t]) for s, t in layout.model.paths]
        paths.sort()
        chains = tuple(measures.chains(layout))
        J = len(c)
        direct = np.zeros((J, J))
        for s, t in paths:
            direct[s, t] = 1.0
        reach = engine.total_effects(direct[None])[0] > 0.5
        total = [(s, t) for s in range(J) for t in range(J) if reach[s, t]]
        via = sorted({(ch[0], ch[-1]) for ch in chains})
        multi = [j for j, idx in enumerate(layout.block_index) if idx.size > 1]
        htmt = [(i, j) for a, i in enumerate(multi) for j in multi[a + 1:]]
        ids = {
            "weights": [(c[j], items[i]) for i, j in zip(ii, jj)],
            "loadings": [(c[j], items[i]) for i, j in zip(ii, jj)],
            "paths": [(c[s], c[t]) for s, t in paths],
            "indirect": [(_ARROW.join(c[k] for k in ch), c[ch[0]], c[ch[-1]]) for ch in chains],
            "total_indirect": [(c[s], c[t]) for s, t in via],
            "total": [(c[s], c[t]) for s, t in total],
            "r2": [(c[j],) for j in layout.endogenous],
            "f2": [(c[s], c[t]) for s, t in paths],
            "htmt": [(c[i], c[j]) for i, j in htmt],
        }
        id_columns = {"weights": ("construct", "item"), "loadings": ("construct", "item"),
                      "paths": ("from", "to"), "indirect": ("path", "from", "to"),
                      "total_indirect": ("from", "to"), "total": ("from", "to"), "r2": ("construct",),
                      "f2": ("from", "to"), "htmt": ("lhs", "rhs")}
        slices, pos = {}, 0
        for kind in KINDS:
            slices[kind] = slice(pos, pos + len(ids[kind]))
            pos += len(ids[kind])

        def pair(lst):
            return (np.array([a for a, _ in lst], dtype=int), np.array([b for _, b in lst], dtype=int))

        return cls(layout, ids, id_columns, slices, (ii, jj), pair(paths), chains, pair(total), pair(via),
                   layout.endogenous, pair(htmt))

    @property
    def size(self) -> int:
        return self.slices[KINDS[-1]].stop

    def values(self, est: Estimates, S: np.ndarray | None) -> np.ndarray:
        """The statistics (B, size) of a batch of estimates; ``S`` the batch's correlation matrices (for HTMT)."""
        B = est.weights.shape[0]
        ii, jj = self.item_ix
        ps, pt = self.path_ix
        total = engine.total_effects(est.paths)
        indirect = np.empty((B, len(self.chains)))
        for k, ch in enumerate(self.chains):
            v = np.ones(B)
            for s, t in zip(ch[:-1], ch[1:]):
                v = v * est.paths[:, s, t]
            indirect[:, k] = v
        ts, tt = self.total_ix
        vs, vt = self.indirect_ix
        hi, hj = self.htmt_ix
        if S is not None and hi.size:
            ht = measures.htmt(S, self.layout)[:, hi, hj]
        else:
            ht = np.full((B, hi.size), np.nan)
        parts = {
            "weights": est.weights[:, ii, jj], "loadings": est.loadings[:, ii, jj],
            "paths": est.paths[:, ps, pt], "indirect": indirect,
            "total_indirect": (total - est.paths)[:, vs, vt], "total": total[:, ts, tt],
            "r2": est.r2[:, self.endogenous], "f2": measures.f_squared(est.cor, self.layout)[:, ps, pt],
            "htmt": ht,
        }
        return np.concatenate([parts[k] for k in KINDS], axis=1)


# ----------------------------------------------------------------------------------
# estimating blocks of resamples (runs in the workers; everything here is picklable)
# ----------------------------------------------------------------------------------
class _Task:
    """What a worker needs: the fit's standardized data and settings (fast path) or the fit itself (slow path)."""

    def __init__(self, fit: PLSResult, plan: _Plan, batched: bool):
        self.plan = plan
        self.batched = batched
        self.fit = None if batched else fit
        self.X = fit.data.std if batched else None
        self.n = fit.data.n
        self.start = fit.estimates.weights[0]
        self.settings = dict(scheme=fit.scheme, consistent=fit.consistent, tol=fit.tol, max_iter=fit.max_iter)
        self._xx = None

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_xx"] = None             # rebuilt in each process, never pickled
        return state

    # -- fast path ---------------------------------------------------------------
    def _products(self):
        """(triangle indices, the N × p(p+1)/2 products of the standardized columns on their exact grid, or None
        when they are too large to keep: then they are formed a slice of columns at a time)."""
        if self._xx is None:
            p = self.X.shape[1]
            iu = np.triu_indices(p)
            xx = None
            if self.X.shape[0] * iu[0].size * 8 <= _XX_MAX_BYTES:
                xx = _on_grid(self.X[:, iu[0]] * self.X[:, iu[1]], self.n)
            self._xx = (iu, xx, _on_grid(self.X, self.n))
        return self._xx

    def _second_moments(self, C: np.ndarray) -> np.ndarray:
        iu, xx, _ = self._products()
        if xx is not None:
            return C @ xx
        X, q = self.X, iu[0].size
        width = max(1, _XX_MAX_BYTES // (8 * X.shape[0]))
        out = np.empty((C.shape[0], q))
        for a in range(0, q, width):
            cols = slice(a, min(q, a + width))
            out[:, cols] = C @ _on_grid(X[:, iu[0][cols]] * X[:, iu[1][cols]], self.n)
        return out

    def correlations(self, C: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Correlation matrices (b, p, p) of the weighted samples with counts ``C`` (b, N); and which are degenerate."""
        p = self.X.shape[1]
        iu, _, Xg = self._products()
        m = C.sum(axis=1)[:, None]
        mu = (C @ Xg) / m
        tri = self._second_moments(C) / m - mu[:, iu[0]] * mu[:, iu[1]]
        S = np.empty((C.shape[0], p, p))
        S[:, iu[0], iu[1]] = tri
        S[:, iu[1], iu[0]] = tri
        var = np.einsum("bii->bi", S).copy()
        bad = ~np.all(var > 1e-10, axis=1)
        var[bad] = 1.0
        d = np.sqrt(var)
        S /= d[:, :, None] * d[:, None, :]
        np.einsum("bii->bi", S)[:] = 1.0
        return S, bad

    def _singular_mode_b(self, S: np.ndarray) -> np.ndarray:
        """Resamples in which the items of a Mode B block are collinear (regression weights undefined)."""
        out = np.zeros(S.shape[0], dtype=bool)
        layout = self.plan.layout
        for idx, mode in zip(layout.block_index, layout.modes):
            if mode == "B" and idx.size > 1:
                with np.errstate(all="ignore"):
                    low = np.linalg.eigvalsh(S[:, idx[:, None], idx[None, :]])[:, 0]
                out |= ~(low > _SINGULAR)
        return out

    def _estimate(self, S: np.ndarray) -> Estimates:
        return engine.estimate(S, self.plan.layout, start=self.start, **self.settings)

    def from_counts(self, C: np.ndarray):
        """(statistics (b, K), converged (b,), iterations (b,), failed (b,)) of the resamples with counts ``C``."""
        S, bad = self.correlations(C)
        bad |= self._singular_mode_b(S)
        if bad.any():                   # a constant item or collinear Mode B items: estimate something harmless,
            #                             report it failed
            S[bad] = np.eye(S.shape[1])
        with np.errstate(all="ignore"):
            try:
                est = self._estimate(S)
                values = self.plan.values(est, S)
                conv, iters = est.converged.copy(), est.iterations.copy()
            except np.linalg.LinAlgError:       # a singular block in one resample: each on its own
                values, conv, iters, bad = self._one_by_one(S, bad)
        bad = bad | ~np.all(np.isfinite(values[:, self.plan.slices["weights"]]), axis=1)
        values[bad] = np.nan
        return values, conv & ~bad, iters, bad

    def _one_by_one(self, S, bad):
        b, K = S.shape[0], self.plan.size
        values = np.full((b, K), np.nan)
        conv = np.zeros(b, dtype=bool)
        iters = np.zeros(b, dtype=int)
        bad = bad.copy()
        for r in range(b):
            try:
                est = self._estimate(S[r:r + 1])
                values[r] = self.plan.values(est, S[r:r + 1])[0]
                conv[r], iters[r] = est.converged[0], est.iterations[0]
            except np.linalg.LinAlgError:
                bad[r] = True
        return values, conv, iters, bad

    # -- slow path: the fit's own refit ------------------------------------------
    def from_rows(self, index: np.ndarray):
        b, K = index.shape[0], self.plan.size
        values = np.full((b, K), np.nan)
        conv = np.zeros(b, dtype=bool)
        iters = np.zeros(b, dtype=int)
        bad = np.zeros(b, dtype=bool)
        raw = getattr(self.fit.data, "raw", None)
        for r in range(b):
            rows = index[r]
            if raw is not None and not np.all(raw[rows].std(axis=0) > 1e-12 * np.maximum(1.0, np.abs(raw).max())):
                bad[r] = True
                continue
            with np.errstate(all="ignore"):
                try:
                    refit = self.fit.refit(rows)
                    est = refit.estimates
                    S = _correlation_of(refit, self.plan.layout)
                    values[r] = self.plan.values(est, S)[0]
                    conv[r], iters[r] = est.converged[0], est.iterations[0]
                except (np.linalg.LinAlgError, ValueError, FloatingPointError):
                    bad[r] = True
        bad |= ~np.all(np.isfinite(values[:, self.plan.slices["weights"]]), axis=1)
        values[bad] = np.nan
        return values, conv & ~bad, iters, bad

    # -- blocks --------------------------------------------------------------------
    def block(self, index: np.ndarray):
        if self.batched:
            return self.from_counts(_counts(index, self.n))
        return self.from_rows(index)

    def jackknife(self, drop: np.ndarray) -> np.ndarray:
        """Statistics of the fits leaving out each response in ``drop``."""
        if self.batched:
            C = np.ones((drop.size, self.n))
            C[np.arange(drop.size), drop] = 0.0
            return self.from_counts(C)[0]
        keep = np.ones(self.n, dtype=bool)
        index = np.empty((drop.size, self.n - 1), dtype=int)
        for r, i in enumerate(drop):
            keep[i] = False
            index[r] = np.flatnonzero(keep)
            keep[i] = True
        return self.from_rows(index)[0]


def _correlation_of(fit: PLSResult, layout: Layout):
    S = getattr(getattr(fit, "data", None), "correlation", None)
    if S is None or np.shape(S) != (len(layout.items),) * 2:
        return None
    return np.asarray(S)[None]


def _on_grid(A: np.ndarray, n: int) -> np.ndarray:
    """``A`` rounded, column by column, to the multiples of a power of two 2⁻ᵏ small enough that every sum of
    ``n`` of its values (with integer multiplicities adding up to at most ``n``) is exact in float64:
    |sum| ≤ n·max|a| ≤ 2⁵² · 2⁻ᵏ.  A product of integer counts with such columns is then exact whatever the
    order of its additions, so BLAS's blocking and threading (which differ between the main thread and a
    worker thread, and with the number of BLAS threads) cannot change a bit of the result.  The rounding,
    n·max|a|·2⁻⁵³ at most, is the size of the rounding error of an ordinary float sum of the same values."""
    A = np.ascontiguousarray(A, dtype=float)
    top = n * np.max(np.abs(A), axis=0)
    k = np.floor(52 - np.log2(np.where(top > 0, top, 1.0)))
    scale = np.exp2(k)
    return np.round(A * scale) / scale


def _counts(index: np.ndarray, n: int) -> np.ndarray:
    """How often each response is drawn in each resample: (b, n) from row indices (b, n)."""
    b = index.shape[0]
    flat = (np.arange(b)[:, None] * n + index).ravel()
    return np.bincount(flat, minlength=b * n).reshape(b, n).astype(float)


def _run_block(task: _Task, child: np.random.SeedSequence, size: int):
    with one_thread():
        return task.block(_block_index(child, size, task.n))


def _run_jackknife(task: _Task, drop: np.ndarray) -> np.ndarray:
    with one_thread():
        return task.jackknife(drop)


# ----------------------------------------------------------------------------------
# summaries
# ----------------------------------------------------------------------------------
def _interval(t: np.ndarray, estimate: float, ci: str, level: float, a: float) -> tuple[float, float]:
    if ci == "percentile":
        lo, hi = norm_inter(t, [(1 - level) / 2, (1 + level) / 2])
        return float(lo), float(hi)
    return bca_ci(t, estimate, level, a if ci == "bca" else 0.0)


def _below_p(t: np.ndarray, estimate: float, c: float, ci: str, a: float) -> float:
    """p-value of H0 θ ≥ c against θ < c: the smallest α whose one-sided upper bound lies below c."""
    share_ge = float(np.mean(t >= c))
    if ci == "percentile" or np.ptp(t) == 0:
        return share_ge
    z0 = stats.norm.ppf(np.mean(t < estimate))
    a = 0.0 if ci == "bc" or not np.isfinite(a) else a
    with np.errstate(all="ignore"):
        u = stats.norm.ppf(1.0 - share_ge) - z0
        p = float(stats.norm.sf(u / (1.0 + a * u) - z0))
    return p if np.isfinite(p) or not np.isfinite(u) else share_ge


def _summary(estimate: np.ndarray, draws: np.ndarray, ci: str, level: float, jack: np.ndarray | None,
             htmt: bool = False) -> np.ndarray:
    """Rows of (estimate, mean, sd, t, p, ci.lower, ci.upper[, one.sided.upper, p.85, p.90]) per statistic."""
    k = estimate.size
    out = np.full((k, 10 if htmt else 7), np.nan)
    out[:, 0] = estimate
    for j in range(k):
        t = draws[:, j]
        t = t[np.isfinite(t)]
        if t.size < 2 or not np.isfinite(estimate[j]):
            continue
        sd = float(np.std(t, ddof=1))
        tval = estimate[j] / sd if sd > 1e-12 * max(1.0, abs(estimate[j])) else np.nan
        p = 2.0 * stats.t.sf(abs(tval), df=t.size - 1) if np.isfinite(tval) else np.nan
        a = acceleration(jack[:, j]) if (ci == "bca" and jack is not None) else 0.0
        lo, hi = _interval(t, estimate[j], ci, level, a)
        out[j, 1:7] = (t.mean(), sd, tval, p, lo, hi)
        if htmt:
            out[j, 7] = _interval(t, estimate[j], ci, 2 * level - 1, a)[1]
            out[j, 8:] = [_below_p(t, estimate[j], c, ci, a) for c in HTMT_THRESHOLDS]
    return out


# ----------------------------------------------------------------------------------
# the result
# ----------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class PLSBootstrap:
    """Bootstrap draws of a PLS fit and the tables made from them (see the module docstring).

    ``table(kind)`` for kind in :data:`KINDS`; ``draws(kind)`` the draws used
    (rows = resample numbers, columns = the table's rows); ``with_ci(ci,
    level)`` other intervals from the same draws; ``resample_rows(b)`` the
    row positions (in ``fit.data``) of resample ``b``.
    """

    fit: PLSResult = field(repr=False)
    n_boot: int
    seed: int | None
    ci: str
    level: float
    drop_nonconverged: bool
    estimate: np.ndarray = field(repr=False)
    values: np.ndarray = field(repr=False)          # (n_boot, K) every statistic of every resample
    converged: np.ndarray = field(repr=False)       # (n_boot,)
    failed: np.ndarray = field(repr=False)          # (n_boot,)
    iterations: np.ndarray = field(repr=False)      # (n_boot,)
    jackknife: np.ndarray | None = field(default=None, repr=False)
    elapsed: float = 0.0
    _plan: _Plan | None = field(default=None, repr=False)
    _task: _Task | None = field(default=None, repr=False)
    _children: tuple = field(default=(), repr=False)
    _n_jobs: int = field(default=1, repr=False)
    _scheduler: object = field(default=None, repr=False)

    kinds = KINDS

    @property
    def n_nonconverged(self) -> int:
        """Resamples whose PLS iterations did not converge (kept unless ``drop_nonconverged``)."""
        return int(np.sum(~self.converged & ~self.failed))

    @property
    def n_failed(self) -> int:
        """Resamples that could not be estimated (an item without variance, a singular matrix): left out."""
        return int(np.sum(self.failed))

    @property
    def used(self) -> np.ndarray:
        return ~self.failed & (self.converged | (not self.drop_nonconverged))

    @property
    def n_used(self) -> int:
        return int(np.sum(self.used))

    def _kind(self, kind: str) -> str:
        if kind not in KINDS:
            raise invalid_option("kind", str(kind)[:40], "Use one of: " + ", ".join(KINDS) + ".",
                                 "请使用以下之一：" + "、".join(KINDS) + "。", "請使用以下之一：" + "、".join(KINDS) + "。")
        return kind

    def draws(self, kind: str) -> pd.DataFrame:
        """The draws of ``kind`` that enter the statistics: one row per resample used, one column per statistic."""
        kind = self._kind(kind)
        sl = self._plan.slices[kind]
        cols = self._plan.ids[kind]
        names = self._plan.id_columns[kind]
        columns = pd.MultiIndex.from_tuples(cols, names=names) if len(names) > 1 else \
            pd.Index([c[0] for c in cols], name=names[0])
        used = np.flatnonzero(self.used)
        return pd.DataFrame(self.values[used, sl], index=pd.Index(used, name="resample"), columns=columns)

    def table(self, kind: str) -> pd.DataFrame:
        """Tidy table of ``kind``: id columns, estimate, mean, sd, t, p, ci.lower, ci.upper (htmt: also
        one.sided.upper, p.85, p.90)."""
        kind = self._kind(kind)
        sl = self._plan.slices[kind]
        htmt = kind == "htmt"
        jack = None if self.jackknife is None else self.jackknife[:, sl]
        rows = _summary(self.estimate[sl], self.values[self.used][:, sl], self.ci, self.level, jack, htmt)
        columns = STAT_COLUMNS + (["one.sided.upper", "p.85", "p.90"] if htmt else [])
        frame = pd.DataFrame(rows, columns=columns)
        ids = pd.DataFrame(self._plan.ids[kind], columns=list(self._plan.id_columns[kind]))
        if ids.empty:
            ids = pd.DataFrame(columns=list(self._plan.id_columns[kind]))
        return pd.concat([ids, frame], axis=1)

    def with_ci(self, ci: str | None = None, level: float | None = None, *,
                progress: Callable[[int, int], None] | None = None) -> "PLSBootstrap":
        """The same draws with another interval type or level (``"bca"`` runs the jackknife once)."""
        ci = _check_ci(self.ci if ci is None else ci)
        level = _check_level(self.level if level is None else level)
        jack = self.jackknife
        if ci == "bca" and jack is None:
            jack = _jackknife(self._task, self._n_jobs, self._scheduler, progress, 0, 0)
        return dataclasses.replace(self, ci=ci, level=level, jackknife=jack)

    def resample_rows(self, b: int) -> np.ndarray:
        """Row positions (0-based, in the fit's prepared data) drawn for resample ``b``."""
        if not 0 <= int(b) < self.n_boot:
            raise invalid_option("b", str(b), f"Give a resample number from 0 to {self.n_boot - 1}.",
                                 f"请给出 0 到 {self.n_boot - 1} 之间的重抽样编号。",
                                 f"請提供 0 到 {self.n_boot - 1} 之間的重抽樣編號。")
        k, r = divmod(int(b), BLOCK)
        size = min(BLOCK, self.n_boot - k * BLOCK)
        return _block_index(self._children[k], size, self.fit.data.n)[r]

    def summary(self) -> dict:
        return {"n_boot": self.n_boot, "n_used": self.n_used, "n_nonconverged": self.n_nonconverged,
                "n_failed": self.n_failed, "drop_nonconverged": self.drop_nonconverged, "ci": self.ci,
                "level": self.level, "seed": self.seed,
                "mean_iterations": float(np.mean(self.iterations[~self.failed])) if self.n_boot > self.n_failed
                else None, "seconds": round(self.elapsed, 3)}

    def to_dict(self) -> dict:
        """JSON-safe: the summary and every table as a list of records (NaN → None)."""
        tables = {kind: [{k: jsonable(v) for k, v in row.items()} for row in self.table(kind).to_dict("records")]
                  for kind in KINDS}
        # the run time stays out: the same data, options and seed give the same results.json
        summary = {k: v for k, v in self.summary().items() if k != "seconds"}
        return jsonable({**summary, "tables": tables})


# ----------------------------------------------------------------------------------
# the bootstrap
# ----------------------------------------------------------------------------------
def _check_ci(ci) -> str:
    aliases = {"percentile": "percentile", "perc": "percentile", "bc": "bc", "bca": "bca"}
    if isinstance(ci, str) and ci.lower() in aliases:
        return aliases[ci.lower()]
    raise invalid_option("ci", repr(ci)[:40], 'Use ci="percentile" (SmartPLS\'s default), "bc" or "bca".',
                         '请使用 ci="percentile"（SmartPLS 默认）、"bc" 或 "bca"。',
                         '請使用 ci="percentile"（SmartPLS 預設）、"bc" 或 "bca"。')


def _jackknife(task: _Task, n_jobs: int, scheduler, progress, done: int, total: int) -> np.ndarray:
    n = task.n
    chunks = [np.arange(i, min(i + BLOCK, n)) for i in range(0, n, BLOCK)]
    if total == 0:
        done, total = 0, n
    out = []
    for c, r in zip(chunks, run_ordered(_run_jackknife, [(c,) for c in chunks], n_jobs=n_jobs,
                                        scheduler=scheduler, shared=(task,))):
        out.append(r)
        done += c.size
        if progress is not None:
            progress(done, total)
    return np.vstack(out)


def bootstrap_pls(fit: PLSResult, n_boot: int = 5000, seed=None, *, ci: str = "percentile", level: float = 0.95,
                  n_jobs: int = 1, scheduler=None, progress: Callable[[int, int], None] | None = None,
                  drop_nonconverged: bool = False) -> PLSBootstrap:
    """Bootstrap ``fit`` (from :func:`research.pls.estimate_pls`): ``n_boot`` resamples (5000, SmartPLS's and
    Hair et al.'s advice), ``seed`` an int (or SeedSequence) for a reproducible run, ``ci`` ``"percentile"`` |
    ``"bc"`` | ``"bca"`` at ``level``; ``n_jobs`` worker processes (−1 = all cores) or ``scheduler`` (a Dask
    scheduler address or ``distributed.Client``) — the results depend on neither.  See the module docstring."""
    if not isinstance(fit, PLSResult):
        raise invalid_option("fit", type(fit).__name__, "Pass the result of research.pls.estimate_pls.",
                             "请传入 research.pls.estimate_pls 的结果。", "請傳入 research.pls.estimate_pls 的結果。")
    ci = _check_ci(ci)
    level = _check_level(level)
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 2:
        raise invalid_option("n_boot", repr(n_boot)[:40], "Give the number of resamples as a whole number ≥ 2 "
                             "(5000 is the usual).", "请以 ≥ 2 的整数给出重抽样次数（通常为 5000）。",
                             "請以 ≥ 2 的整數提供重抽樣次數（通常為 5000）。")
    n_boot = check_bootstrap(int(n_boot), option="n_boot")
    n_jobs = check_workers("n_jobs", n_jobs)
    if seed is not None and not isinstance(seed, np.random.SeedSequence) and (
            isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0):
        raise invalid_option("seed", repr(seed)[:40], "Give the seed as a whole number ≥ 0 (or None for a fresh one).",
                             "随机种子须为 ≥ 0 的整数（或 None 表示新种子）。", "隨機種子須為 ≥ 0 的整數（或 None 表示新種子）。")
    started = time.perf_counter()
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    batched = bool(getattr(fit, "batched", type(fit) is PLSResult))
    plan = _Plan.of(fit.layout)
    task = _Task(fit, plan, batched)
    estimate = plan.values(fit.estimates, _correlation_of(fit, fit.layout))[0]

    n_blocks = -(-n_boot // BLOCK)
    children = tuple(ss.spawn(n_blocks))
    sizes = [min(BLOCK, n_boot - k * BLOCK) for k in range(n_blocks)]
    total = n_boot + (fit.data.n if ci == "bca" else 0)
    values = np.full((n_boot, plan.size), np.nan)
    converged = np.zeros(n_boot, dtype=bool)
    failed = np.ones(n_boot, dtype=bool)
    iterations = np.zeros(n_boot, dtype=int)
    done = 0
    runs = run_ordered(_run_block, list(zip(children, sizes)), n_jobs=n_jobs, scheduler=scheduler, shared=(task,))
    for k, (v, conv, iters, bad) in enumerate(runs):
        sl = slice(k * BLOCK, k * BLOCK + sizes[k])
        values[sl], converged[sl], iterations[sl], failed[sl] = v, conv, iters, bad
        done += sizes[k]
        if progress is not None:
            progress(done, total)
    jack = _jackknife(task, n_jobs, scheduler, progress, done, total) if ci == "bca" else None
    return PLSBootstrap(fit=fit, n_boot=n_boot, seed=int(ss.entropy) if not isinstance(seed, np.random.SeedSequence)
                        else seed.entropy, ci=ci, level=level, drop_nonconverged=bool(drop_nonconverged),
                        estimate=estimate, values=values, converged=converged, failed=failed, iterations=iterations,
                        jackknife=jack, elapsed=time.perf_counter() - started, _plan=plan, _task=task,
                        _children=children, _n_jobs=n_jobs, _scheduler=scheduler)


__all__ = ["bootstrap_pls", "PLSBootstrap", "KINDS", "CI_TYPES", "HTMT_THRESHOLDS", "BLOCK"]
