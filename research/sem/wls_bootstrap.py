"""Nonparametric bootstrap of a WLSMV (DWLS/ULS) fit with ordered indicators: parameters, ``:=`` parameters
(indirect effects) and the model's effects, with percentile, bias-corrected or BCa intervals.

>>> from research.sem.wls_bootstrap import wls_bootstrap
>>> boot = wls_bootstrap(model, data, n_boot=1000, seed=20261207, n_jobs=2)     # or a fitted WlsResult
>>> boot.parameters       # parameterEstimates order + ":=" rows: est, bootstrap se, z, p, CI
>>> boot.effects          # research.effects table (delta-method columns) + boot.se, boot.ci.lower/upper
>>>                       #   and std.boot.se, std.boot.ci.lower/upper of the standardized (std.all) effects
>>> boot.n_failed, boot.failures      # resamples that lost a category / did not converge

The ordinary row bootstrap (Efron & Tibshirani 1993, ch. 6) as ``lavaan::bootstrapLavaan`` (and
``se = "bootstrap"``) does it for ordered data: draw N of the rows the fit used, with replacement; compute
the resample's ordinal sample statistics (:func:`research.sem.ordinal_stats.ordinal_sample_stats` with
``nacov="diag"``: thresholds, polychoric correlations and the DWLS weights 1/diag Γ — the point estimates
need nothing else); refit the model from the full-sample estimates θ̂; record every free parameter, every
``:=`` parameter and every effect of :class:`research.effects.EffectPlan`, unstandardized and standardized
(std.all: the resample's effect × sd(from)/sd(to), the SDs those of its model-implied latent responses and
latent variables, as ``lavaan::standardizedSolution`` of the resample's fit).  The design, seeds, interval
types and tables are those of :mod:`research.bootstrap` (the ML bootstrap):

* resamples are drawn in blocks of ``BLOCK`` from ``SeedSequence(seed).spawn(...)`` — the rows of
  :func:`research.bootstrap.resample_blocks` —, so the draws do not depend on ``n_jobs``;
* ``ci``: ``"percentile"`` (default; Preacher & Hayes 2008), ``"bc"`` (lavaan's ``"bca.simple"``) or
  ``"bca"`` (leave-one-out jackknife for the acceleration); quantiles as R's ``boot:::norm.inter``;
* bootstrap SEs are the SD of the draws with divisor B for model parameters and B − 1 for ``:=``
  parameters and effects, as lavaan.

**Failures, as lavaan.**  lavaan resamples the rows of its data with the categories fixed by the full
sample; a resample in which nobody chose some category of an item cannot give that item's thresholds
(lavaan: "some categories of variable … are empty"), so ``lav_samplestats_from_data`` fails and the draw
is counted as an error and left out (``attr(, "error.idx")``).  Here the resample's statistics are
computed from its own values: a category nobody chose in the resample shows as a changed set of
categories (or as a :class:`~research.errors.DataError` of ``ordinal_sample_stats``, e.g. with pairwise
deletion) and the draw is counted in ``failures["category"]``.  A refit that does not converge is counted
in ``failures["not_converged"]``.  A converged draw with a negative variance — under the delta
parameterization also a latent response whose explained variance exceeds 1 (residual 1 − R² < 0) — or a
latent covariance matrix that is not positive definite is *inadmissible*: kept, as lavaan keeps it, unless
``drop_inadmissible=True``.

**The refit.**  With the delta parameterization, every variable ordered and each threshold its own free
parameter (the usual case), the DWLS discrepancy separates: the thresholds appear only in their own
squared residuals, so their estimates are the resample's sample thresholds, and the other parameters
minimise Σ w_k (r_k − σ_k(θ))² over the correlations alone.  That is solved by Gauss–Newton with the
analytic Jacobian (that of :meth:`RamModel.moments_jacobian` for the entries below the diagonal, with dense
incidence matrices), the first step taken with the Jacobian at θ̂ (computed once), halving steps that do not
lower F; it stops when the largest step is below ``REFIT_TOL``.  Gauss–Newton converges linearly here (the
residuals of a model that does not fit exactly are not small): 7–10 steps of ~0.5 ms for the LSQ-5 SEM.
Any other model (theta parameterization, continuous variables, shared threshold labels, ULS) is refitted by
:meth:`research.sem.wls.WlsResult.refit_stats`.  The tests check a draw against ``fit_wls`` on the
resample's statistics from scratch (to 1e-7) and lavaan's own bootstrap draws replayed on the same rows
(``indices=``; they agree to 1e-5, lavaan's optimiser precision).

Delta-method intervals of the ``:=`` parameters and effects come from the WLSMV fit itself (robust
sandwich ACOV, ``WlsResult.vcov``): ``boot.result.parameters`` / ``boot.effects``' ``se`` and ``std.se``
columns.  The standardized draws are those of the effects (the parameters' std.all are not resampled).
"""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
from scipy import linalg, stats

from ..bootstrap import BLOCK, Draws, _check_ci, _check_int, _invalid, acceleration, bca_ci, boot_se, percentile_ci
from ..effects import EffectPlan, _check_level, effects_table, plan_of
from ..errors import DataError, OptionError
from ..limits import check_bootstrap, check_workers
from ..messages import Note
from ..parallel import run_ordered
from .standardize import defined_values
from .threads import one_thread
from .wls import WlsResult, WlsStats, fit_wls_data

OK, INADMISSIBLE, NOT_CONVERGED, CATEGORY = 0, 1, 2, 3
#: Gauss–Newton iterations of one refit before it is handed to ``WlsResult.refit_stats``
REFIT_ITERATIONS = 50
#: the refit stops when no parameter moves by more than this (estimates are O(1)); Gauss–Newton converges
#: linearly here (the residuals are not small), about tenfold per step, so the estimate is then ~1e-9 from the optimum
REFIT_TOL = 1e-8
_EIG_TOL = np.finfo(float).eps ** 0.75          # lavaan's lav_object_post_check tolerance

PARAMETER_COLUMNS = ["lhs", "op", "rhs", "label", "est", "se", "z", "pvalue", "ci.lower", "ci.upper"]


# ----------------------------------------------------------------------------------------------
# the refit of one resample
# ----------------------------------------------------------------------------------------------
class _Separable:
    """The fast refit of a delta-parameterized, all-ordered DWLS model whose thresholds are distinct free
    parameters: thresholds = the sample thresholds; the rest by Gauss–Newton on the correlations."""

    def __init__(self, result: WlsResult):
        wm = result.wls_model
        self.wm = wm
        self.ram = wm.ram
        self.n1 = wm.n1
        self.th_slot = np.flatnonzero(wm.m1_th >= 0)
        self.th_par = wm.m1_th[self.th_slot]
        self.cg = wm.core_to_global
        self.theta0 = np.asarray(result.theta, dtype=float)
        self.r, self.c = wm.r_off, wm.c_off
        self.eye = np.eye(self.ram.n_vars)
        self.Ma = np.asarray(self.ram.Ma)
        self.Mp = np.asarray(self.ram.Mp)
        ct = self.theta0[self.cg]
        self.sig0 = self.sigma(ct)
        self.J0 = self.jac(ct)

    @staticmethod
    def applies(result: WlsResult) -> bool:
        wm = result.wls_model
        if wm is None or wm.theta_param or len(wm.num_idx) or result.estimator.startswith("ULS"):
            return False
        th = wm.m1_th[wm.m1_th >= 0]
        if len(np.unique(th)) != len(th) or np.intersect1d(th, wm.core_to_global).size:
            return False
        return len(th) + len(wm.core_to_global) == wm.q

    def _fc(self, ct: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        A, P = self.ram.matrices(ct)
        C = np.linalg.inv(self.eye - A)
        return P, C, C[: self.ram.p]

    def sigma(self, ct: np.ndarray) -> np.ndarray:
        """The model's correlations below the diagonal (column by column): Σ₀ = F C P Cᵀ Fᵀ."""
        P, _, FC = self._fc(ct)
        return (FC @ P @ FC.T)[self.r, self.c]

    def jac(self, ct: np.ndarray) -> np.ndarray:
        """∂σ/∂θ_coreᵀ for the correlations, analytic (as :meth:`RamModel.moments_jacobian`, restricted to
        the entries below the diagonal, with dense incidence matrices — no sparse slicing per call):
        ∂Σ/∂A_ij = FC_{·i} (C P FCᵀ)_{j·} + transpose, ∂Σ/∂P_ij = FC_{·i} FC_{·j}ᵀ."""
        P, C, FC = self._fc(ct)
        r, c = self.r, self.c
        ram = self.ram
        D = np.zeros((ram.q, len(r)))
        if len(ram.a_par):
            G = C @ P @ FC.T
            U = FC[:, ram.a_rows].T
            V = G[ram.a_cols, :]
            D += self.Ma @ (U[:, r] * V[:, c] + U[:, c] * V[:, r])
        if len(ram.p_par):
            U = FC[:, ram.p_rows].T
            V = FC[:, ram.p_cols].T
            D += self.Mp @ (U[:, r] * V[:, c])
        return D.T

    def fit(self, s: np.ndarray, w: np.ndarray) -> tuple[np.ndarray, bool]:
        theta = self.theta0.copy()
        theta[self.th_par] = s[self.th_slot]
        r, w = s[self.n1:], w[self.n1:]
        ct = self.theta0[self.cg].copy()
        sig, J = self.sig0, self.J0
        e = r - sig
        f = float(e @ (w * e))
        for _ in range(REFIT_ITERATIONS):
            JW = J * w[:, None]
            try:
                step = linalg.cho_solve(linalg.cho_factor(J.T @ JW), JW.T @ e)
            except (linalg.LinAlgError, ValueError):
                return theta, False
            t = 1.0
            while True:
                cand = ct + t * step
                try:
                    sc = self.sigma(cand)
                except (np.linalg.LinAlgError, ValueError):
                    sc = np.full_like(sig, np.nan)
                ec = r - sc
                fc = float(ec @ (w * ec))
                if np.isfinite(fc) and fc <= f + 1e-12 * max(f, 1e-300):
                    break
                t *= 0.5
                if t < 1e-8:
                    return theta, False
            ct, sig, e, f = cand, sc, ec, fc
            if np.max(np.abs(t * step)) < REFIT_TOL:
                theta[self.cg] = ct
                return theta, bool(np.all(np.isfinite(theta)))
            J = self.jac(ct)
        theta[self.cg] = ct
        return theta, False


@dataclass(frozen=True, eq=False)
class _Task:
    """What a worker needs (picklable): the fit, the rows it used, how to compute the statistics."""

    result: WlsResult
    X: np.ndarray                   # the rows the fit used, columns ov_names (NaN = missing, pairwise)
    names: tuple
    ordered: object                 # True or the list of ordered names, as ordinal_sample_stats takes it
    missing: str
    levels: dict                    # the categories of each ordered variable in the full sample
    start: np.ndarray               # the full sample's correlations: each resample's starting values
    plan: EffectPlan
    row_values: np.ndarray          # est of every partable row (fixed rows' values), θ filled in per draw
    free_rows: np.ndarray           # the row of each free parameter (first row carrying it)
    row_free: np.ndarray            # the rows holding a free parameter ...
    row_par: np.ndarray             # ... and its index in θ
    fast: _Separable | None

    def statistics(self, theta: np.ndarray) -> np.ndarray:
        pt = self.result.partable
        est = self.row_values.copy()
        est[self.row_free] = theta[self.row_par]
        dv = defined_values(pt, est)
        wm = self.result.wls_model
        ct = theta[wm.core_to_global]
        return np.concatenate([theta, np.array([dv[d.name] for d in pt.defined], dtype=float),
                               self.plan.values(ct), self.plan.std_values(ct, wm.implied_matrix(theta))])

    def admissible(self, theta: np.ndarray) -> bool:
        """lavaan's ``lav_object_post_check``: no negative variance (delta: no latent response with
        1 − R² < 0), latent covariance matrix positive definite."""
        wm = self.result.wls_model
        ct = theta[wm.core_to_global]
        ram = wm.ram
        _, P = ram.matrices(ct)
        if np.any(np.diag(P) < 0):
            return False
        if np.any(wm.ordered_residuals(theta) < 0):
            return False
        p = ram.p
        if ram.n_vars > p:
            V = ram.total_cov(ct)[p:, p:]
            if np.linalg.eigvalsh((V + V.T) / 2)[0] < -_EIG_TOL:
                return False
        return True

    def one(self, rows: np.ndarray, k: int) -> tuple[np.ndarray, int]:
        from .ordinal_stats import ordinal_sample_stats

        frame = pd.DataFrame(self.X[rows], columns=list(self.names))
        try:
            st = ordinal_sample_stats(frame, list(self.names), self.ordered, missing=self.missing, nacov="diag",
                                      start=self.start)[0]
        except DataError:
            return np.full(k, np.nan), CATEGORY
        if st.levels != self.levels:
            return np.full(k, np.nan), CATEGORY
        s = np.asarray(st.wls_obs, dtype=float)
        w = np.asarray(st.wls_v_diag, dtype=float)
        with np.errstate(all="ignore"):
            theta, ok = (None, False) if self.fast is None else self.fast.fit(s, w)
            if not ok:
                try:
                    stats_b = WlsStats(ov_names=tuple(self.names), nth=self.result.ordinal_stats.nth, n=int(st.n),
                                       wls_obs=s, gamma=np.zeros((0, 0)), wls_v=w)
                    fit = self.result.refit_stats(stats_b, self.result.theta)
                except (np.linalg.LinAlgError, ValueError, FloatingPointError):
                    return np.full(k, np.nan), NOT_CONVERGED
                theta, ok = fit.theta, bool(fit.converged)
            if not ok or not np.all(np.isfinite(theta)):
                return np.full(k, np.nan), NOT_CONVERGED
            try:
                values = self.statistics(theta)
                status = OK if self.admissible(theta) else INADMISSIBLE
            except (np.linalg.LinAlgError, ValueError):
                return np.full(k, np.nan), NOT_CONVERGED
        return values, status


def _run_block(task: _Task, index: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    out = np.full((index.shape[0], k), np.nan)
    status = np.full(index.shape[0], NOT_CONVERGED, dtype=np.int8)
    with one_thread():
        for b in range(index.shape[0]):
            out[b], status[b] = task.one(index[b], k)
    return out, status


def _run_block_seeded(task: _Task, child: np.random.SeedSequence, size: int, k: int):
    # the same rows as research.bootstrap (and its resample_blocks) for the same seed
    index = np.random.default_rng(child).integers(0, task.X.shape[0], size=(size, task.X.shape[0]))
    return _run_block(task, index, k)


def _run_jackknife(task: _Task, drop: np.ndarray, k: int) -> np.ndarray:
    n = task.X.shape[0]
    out = np.full((len(drop), k), np.nan)
    with one_thread():
        for j, i in enumerate(drop):
            out[j] = task.one(np.concatenate([np.arange(i), np.arange(i + 1, n)]), k)[0]
    return out


# ----------------------------------------------------------------------------------------------
# the result
# ----------------------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class WlsBootstrapResult(Draws):
    """Bootstrap draws of a WLSMV fit and the tables made from them (as :class:`research.bootstrap.BootstrapResult`).

    ``parameters``: every row of ``result.parameters`` (lavaan's order, ``:=`` rows last) with ``est``,
    the bootstrap ``se`` (fixed rows 0), ``z``, ``pvalue`` and the CI of type ``ci`` at ``level``;
    ``effects``: :func:`research.effects.effects_table` of the fit (delta-method ``se`` and Wald CI from the
    robust ACOV, unstandardized and std.all) plus ``boot.se``, ``boot.ci.lower``, ``boot.ci.upper`` and
    ``std.boot.se``, ``std.boot.ci.lower``, ``std.boot.ci.upper``.  ``draws`` (B × k): every statistic
    of every resample, NaN rows for failed ones; ``names`` labels the k columns (free parameters as
    "lhs op rhs", then "name := expression", then effect keys, then "std: " + effect key); ``status``: 0
    admissible, 1 inadmissible, 2 not converged, 3 a category lost in the resample.  ``notes``: a trilingual
    note when resamples failed.
    """

    result: WlsResult
    ci: str
    level: float
    n_boot: int
    seed: int | None
    drop_inadmissible: bool
    names: tuple
    estimate: np.ndarray = field(repr=False)
    draws: np.ndarray = field(repr=False)
    status: np.ndarray = field(repr=False)
    parameters: pd.DataFrame = field(repr=False)
    effects: pd.DataFrame = field(repr=False)
    layout: dict = field(repr=False)
    jackknife: np.ndarray | None = field(default=None, repr=False)
    elapsed: float = 0.0
    notes: tuple = ()
    _task: _Task | None = field(default=None, repr=False, compare=False)
    _n_jobs: int = field(default=1, repr=False, compare=False)

    @property
    def failures(self) -> dict:
        """Resamples left out: ``category`` (a category of some item nobody chose in the resample, so its
        statistics could not be computed — lavaan's error draws) and ``not_converged``."""
        return {"category": int(np.sum(self.status == CATEGORY)),
                "not_converged": int(np.sum(self.status == NOT_CONVERGED))}

    @property
    def n_failed(self) -> int:
        return int(np.sum(self.status >= NOT_CONVERGED))

    @property
    def n_nonconverged(self) -> int:
        return int(np.sum(self.status == NOT_CONVERGED))


    def summary(self) -> dict:
        return {"n_boot": self.n_boot, "n_used": self.n_used, "n_failed": self.n_failed, **self.failures,
                "n_inadmissible": self.n_inadmissible, "drop_inadmissible": self.drop_inadmissible,
                "ci": self.ci, "level": self.level, "seed": self.seed, "seconds": round(self.elapsed, 3)}

    def with_ci(self, ci: str | None = None, level: float | None = None) -> "WlsBootstrapResult":
        """The same draws with another interval type or level (``bca`` runs the jackknife once)."""
        ci = _check_ci(self.ci if ci is None else ci)
        level = _check_level(self.level if level is None else level)
        jack = self.jackknife
        if ci == "bca" and jack is None:
            jack = _jackknife(self._task, len(self.estimate), self._n_jobs, None, 0, 0)
        params, eff = _tables(self._task, self.layout, self.estimate, self.draws[self.used], ci, level, jack)
        return dataclasses.replace(self, ci=ci, level=level, jackknife=jack, parameters=params, effects=eff)


# ----------------------------------------------------------------------------------------------
# the bootstrap
# ----------------------------------------------------------------------------------------------
def wls_bootstrap(model, data: pd.DataFrame, n_boot: int = 1000, seed=None, ci: str = "percentile",
                  level: float = 0.95, n_jobs: int = 1, *, ordered=True, estimator: str = "WLSMV",
                  parameterization: str = "delta", missing: str = "listwise", drop_inadmissible: bool = False,
                  progress: Callable[[int, int], None] | None = None, indices=None,
                  scheduler=None) -> WlsBootstrapResult:
    """Row bootstrap of a model with ordered indicators (see the module docstring).

    ``model``: lavaan syntax (fitted here by :func:`research.sem.wls.fit_wls_data` with ``ordered``,
    ``estimator``, ``parameterization``, ``missing``) or a :class:`WlsResult` fitted to ``data`` by
    ``fit_wls_data`` / ``fit_sem(..., estimator="WLSMV")`` (its own options are used and the data are
    checked to be the ones it was fitted to).  ``n_boot`` ≥ 2, ``seed`` an int (or SeedSequence; None draws
    fresh entropy, stored in ``result.seed``), ``ci`` ``"percentile"`` | ``"bc"`` | ``"bca"``, ``n_jobs``
    worker processes (−1 = all cores) or ``scheduler`` (Dask; :mod:`research.parallel`), ``indices``
    (B × N 0-based row numbers of the fit's rows) to replay given resamples; ``progress(done, total)``
    after every block (an exception raised by it stops the run).
    """
    ci = _check_ci(ci)
    level = _check_level(level)
    n_boot = _check_int(n_boot, "n_boot", 2, "Give the number of resamples as a whole number ≥ 2 (e.g. 1000).",
                        "请以 ≥ 2 的整数给出重抽样次数（例如 1000）。", "請以 ≥ 2 的整數給出重抽樣次數（例如 1000）。")
    if indices is None:
        check_bootstrap(n_boot, option="n_boot")
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, (int, np.integer)) or n_jobs == 0:
        raise _invalid("n_jobs", f"{n_jobs!r}", "Give n_jobs as a whole number: 1 (serial), 2, … or −1 (all cores).",
                       "n_jobs 须为整数：1（串行）、2……或 −1（全部核心）。",
                       "n_jobs 須為整數：1（序列）、2……或 −1（全部核心）。")
    n_jobs = check_workers("n_jobs", int(n_jobs))
    if seed is not None and not isinstance(seed, np.random.SeedSequence):
        _check_int(seed, "seed", 0, "Give the seed as a whole number ≥ 0 (or None for a fresh one).",
                   "随机种子须为 ≥ 0 的整数（或 None 表示新种子）。", "隨機種子須為 ≥ 0 的整數（或 None 表示新種子）。")
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    started = time.perf_counter()
    if not isinstance(data, pd.DataFrame):
        raise _invalid("data", f'"{type(data).__name__}"', "Pass the data as a pandas DataFrame.",
                       "请以 pandas DataFrame 提供数据。", "請以 pandas DataFrame 提供資料。")
    if isinstance(model, WlsResult):
        result = model
    elif isinstance(model, str) or hasattr(model, "rows") or hasattr(model, "defined"):
        result = fit_wls_data(model, data, ordered=ordered, estimator=estimator, parameterization=parameterization,
                              missing=missing)
    else:
        raise _invalid("model", f'"{type(model).__name__}"',
                       "Pass the model as lavaan syntax or as a WLSMV fit (fit_sem(..., estimator=\"WLSMV\")).",
                       "请以 lavaan 语法或 WLSMV 拟合结果（fit_sem(..., estimator=\"WLSMV\")）提供模型。",
                       "請以 lavaan 語法或 WLSMV 配適結果（fit_sem(..., estimator=\"WLSMV\")）提供模型。")
    if not result.converged:
        raise _invalid("model", '"not converged"',
                       "The model did not converge on the full sample, so there is nothing to resample. "
                       "Fix the model first (see its warnings).",
                       "模型在全样本上未收敛，无法进行重抽样。请先修正模型（见其警告）。",
                       "模型在全樣本上未收斂，無法進行重抽樣。請先修正模型（見其警告）。")
    task = _make_task(result, data)
    n = task.X.shape[0]
    if indices is not None:
        indices = np.asarray(indices)
        if (indices.ndim != 2 or indices.shape[0] < 2 or not np.issubdtype(indices.dtype, np.integer)
                or indices.shape[1] != n or indices.min() < 0 or indices.max() >= n):
            raise _invalid("indices", f"shape {indices.shape}, N = {n}",
                           "Give the resamples as a B × N array (B ≥ 2) of row numbers between 0 and N − 1.",
                           "请以 B × N 的数组（B ≥ 2）给出重抽样，行号介于 0 与 N − 1 之间。",
                           "請以 B × N 的陣列（B ≥ 2）提供重抽樣，列號介於 0 與 N − 1 之間。")
        n_boot = int(indices.shape[0])
    estimate = task.statistics(result.theta)
    layout, names = _layout(task)
    k = estimate.size
    jack_n = n if ci == "bca" else 0
    total = n_boot + jack_n
    draws = np.full((n_boot, k), np.nan)
    status = np.full(n_boot, NOT_CONVERGED, dtype=np.int8)
    n_blocks = -(-n_boot // BLOCK)
    sizes = [min(BLOCK, n_boot - b * BLOCK) for b in range(n_blocks)]
    if indices is None:
        children = ss.spawn(n_blocks)
        runs = run_ordered(_run_block_seeded, [(children[b], sizes[b], k) for b in range(n_blocks)],
                           n_jobs=n_jobs, scheduler=scheduler, shared=(task,))
    else:
        runs = run_ordered(_run_block, [(indices[b * BLOCK: b * BLOCK + sizes[b]], k) for b in range(n_blocks)],
                           n_jobs=n_jobs, scheduler=scheduler, shared=(task,))
    done = 0
    for b, (out, st) in enumerate(runs):
        draws[b * BLOCK: b * BLOCK + sizes[b]] = out
        status[b * BLOCK: b * BLOCK + sizes[b]] = st
        done += sizes[b]
        if progress is not None:
            progress(done, total)
    jack = _jackknife(task, k, n_jobs, progress, done, total, scheduler) if ci == "bca" else None
    used = (status == OK) | ((status == INADMISSIBLE) & (not drop_inadmissible))
    params, eff = _tables(task, layout, estimate, draws[used], ci, level, jack)
    return WlsBootstrapResult(result=result, ci=ci, level=level, n_boot=n_boot,
                              seed=None if indices is not None else int(ss.entropy),
                              drop_inadmissible=bool(drop_inadmissible), names=tuple(names), estimate=estimate,
                              draws=draws, status=status, parameters=params, effects=eff, layout=layout,
                              jackknife=jack, elapsed=time.perf_counter() - started,
                              notes=_notes(status, n_boot), _task=task, _n_jobs=int(n_jobs))


def _make_task(result: WlsResult, data: pd.DataFrame) -> _Task:
    from .ordinal_stats import ordinal_sample_stats

    names = tuple(result.ordinal_stats.ov_names)
    ordered_names = [v for v, k in zip(names, result.ordinal_stats.nth) if k]
    ordered = True if len(ordered_names) == len(names) else ordered_names
    missing = result.missing if result.missing in ("listwise", "pairwise") else "listwise"
    absent = [v for v in names if v not in data.columns]
    if absent:
        raise _invalid("data", ", ".join(f'"{m}"' for m in absent[:10]),
                       "The data lack variables of the model; pass the data the model was fitted to.",
                       "数据缺少模型中的变量；请传入拟合模型时所用的数据。",
                       "資料缺少模型中的變項；請傳入配適模型時所用的資料。")
    frame = data.loc[:, list(names)]
    full = ordinal_sample_stats(frame, list(names), ordered, missing=missing, nacov=False)[0]
    s0 = np.asarray(result.ordinal_stats.wls_obs, dtype=float)
    if full.n != result.n or full.wls_obs.shape != s0.shape or not np.allclose(full.wls_obs, s0, rtol=1e-8,
                                                                                atol=1e-10):
        raise _invalid("data", f"N = {full.n}, fitted N = {result.n}",
                       "These are not the data the model was fitted to (other rows or values). Pass the same data "
                       "frame.",
                       "这些不是拟合模型时所用的数据（行或数值不同）。请传入同一个数据表。",
                       "這些不是配適模型時所用的資料（列或數值不同）。請傳入同一個資料表。")
    X = frame.to_numpy(dtype=float, na_value=np.nan)
    seen = np.isfinite(X)
    X = X[seen.all(axis=1) if missing == "listwise" else seen.any(axis=1)]
    pt = result.partable
    row_values = result.parameters["est"].to_numpy(dtype=float)[:len(pt.rows)]
    free_rows = np.zeros(pt.npar, dtype=int)
    for k in range(len(pt.rows) - 1, -1, -1):
        if pt.rows[k].free:
            free_rows[pt.rows[k].free - 1] = k
    row_free = np.array([k for k, r in enumerate(pt.rows) if r.free], dtype=int)
    row_par = np.array([pt.rows[k].free - 1 for k in row_free], dtype=int)
    fast = _Separable(result) if _Separable.applies(result) else None
    return _Task(result=result, X=X, names=names, ordered=ordered, missing=missing, levels=dict(full.levels),
                 start=np.asarray(full.cor, dtype=float),
                 plan=plan_of(result), row_values=row_values, free_rows=free_rows, row_free=row_free,
                 row_par=row_par, fast=fast)


def _jackknife(task: _Task, k: int, n_jobs: int, progress, done: int, total: int, scheduler=None) -> np.ndarray:
    n = task.X.shape[0]
    chunks = [np.arange(i, min(i + BLOCK, n)) for i in range(0, n, BLOCK)]
    if total == 0:
        done, total = 0, n
    out = []
    for c, r in zip(chunks, run_ordered(_run_jackknife, [(c, k) for c in chunks], n_jobs=n_jobs,
                                        scheduler=scheduler, shared=(task,))):
        out.append(r)
        done += len(c)
        if progress is not None:
            progress(done, total)
    return np.vstack(out)


def _layout(task: _Task) -> tuple[dict, list[str]]:
    pt = task.result.partable
    q, D, E = pt.npar, len(pt.defined), len(task.plan.effects)
    keys = [e.key for e in task.plan.effects]
    names = [f"{pt.rows[r].lhs} {pt.rows[r].op} {pt.rows[r].rhs}" for r in task.free_rows] + \
            [f"{d.name} := {d.text}" for d in pt.defined] + keys + ["std: " + k for k in keys]
    return {"free": slice(0, q), "defined": slice(q, q + D), "effects": slice(q + D, q + D + E),
            "std_effects": slice(q + D + E, q + D + 2 * E)}, names


def _intervals(estimate, draws, ci, level, jack, ddof):
    k = estimate.size
    se, lo, hi = np.full(k, np.nan), np.full(k, np.nan), np.full(k, np.nan)
    for j in range(k):
        t = draws[:, j]
        t = t[np.isfinite(t)]
        if t.size < 2 or not np.isfinite(estimate[j]):
            continue
        se[j] = boot_se(t, int(ddof[j]))
        if ci == "percentile":
            lo[j], hi[j] = percentile_ci(t, level)
        else:
            a = acceleration(jack[:, j]) if ci == "bca" else 0.0
            lo[j], hi[j] = bca_ci(t, estimate[j], level, a)
    return se, lo, hi


def _tables(task: _Task, layout: dict, estimate: np.ndarray, draws: np.ndarray, ci: str, level: float,
            jack: np.ndarray | None) -> tuple[pd.DataFrame, pd.DataFrame]:
    ddof = np.zeros(estimate.size, dtype=int)
    for key in ("defined", "effects", "std_effects"):       # lavaan: divisor B − 1 for := parameters (effects)
        ddof[layout[key]] = 1
    se, lo, hi = _intervals(estimate, draws, ci, level, jack, ddof)
    result = task.result
    pt = result.partable
    rows = []
    for j, r in enumerate(pt.rows):
        e = float(result.parameters["est"].iloc[j])
        if r.free:
            c = r.free - 1
            s, l, h = se[c], lo[c], hi[c]
        else:
            s, l, h = 0.0, e, e
        rows.append((r.lhs, r.op, r.rhs, r.label, e, s, l, h, bool(r.free)))
    off = layout["defined"].start
    for i, d in enumerate(pt.defined):
        j = off + i
        rows.append((d.name, ":=", d.text, d.name, estimate[j], se[j], lo[j], hi[j], True))
    out = []
    for lhs, op, rhs, label, e, s, l, h, free in rows:
        z = e / s if free and np.isfinite(s) and s > 1e-12 * max(1.0, abs(e)) else np.nan
        p = 2 * stats.norm.sf(abs(z)) if np.isfinite(z) else np.nan
        out.append({"lhs": lhs, "op": op, "rhs": rhs, "label": label, "est": e, "se": s, "z": z, "pvalue": p,
                    "ci.lower": l, "ci.upper": h})
    params = pd.DataFrame(out, columns=PARAMETER_COLUMNS)
    cg = result.wls_model.core_to_global
    eff = effects_table(task.plan, result.theta[cg], result.vcov[np.ix_(cg, cg)], result.implied(), level=level,
                        standardized=True)
    for prefix, sl in (("boot", layout["effects"]), ("std.boot", layout["std_effects"])):
        eff[f"{prefix}.se"] = se[sl]
        eff[f"{prefix}.ci.lower"] = lo[sl]
        eff[f"{prefix}.ci.upper"] = hi[sl]
    return params, eff


def _notes(status: np.ndarray, n_boot: int) -> tuple:
    cat = int(np.sum(status == CATEGORY))
    nc = int(np.sum(status == NOT_CONVERGED))
    if not cat and not nc:
        return ()
    used = n_boot - cat - nc
    return (Note(
        en=f"Of {n_boot} resamples, {cat} could not be used because some category of an item was chosen by nobody "
           f"in the resample (its thresholds cannot be estimated; lavaan drops such resamples too) and {nc} did not "
           f"converge; the standard errors and intervals use the other {used}. Many lost resamples mean rare "
           f"categories: consider merging them with a neighbour.",
        zh_hans=f"{n_boot} 次重抽样中，有 {cat} 次因某题的某个类别在该样本中无人选择（其阈值无法估计；lavaan 同样舍弃这类重抽样）"
                f"而无法使用，另有 {nc} 次未收敛；标准误与区间基于其余 {used} 次。若舍弃较多，说明有人数很少的类别，"
                f"可考虑与相邻类别合并。",
        zh_hant=f"{n_boot} 次重抽樣中，有 {cat} 次因某題的某個類別在該樣本中無人選擇（其閾值無法估計；lavaan 同樣捨棄這類重抽樣）"
                f"而無法使用，另有 {nc} 次未收斂；標準誤與區間基於其餘 {used} 次。若捨棄較多，表示有人數很少的類別，"
                f"可考慮與相鄰類別合併。"),)


__all__ = ["wls_bootstrap", "WlsBootstrapResult", "REFIT_ITERATIONS", "REFIT_TOL"]
