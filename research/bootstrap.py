"""Nonparametric bootstrap of a CFA/SEM: parameters, defined parameters and effects.

>>> from research.bootstrap import bootstrap
>>> boot = bootstrap(model, data, n_boot=5000, seed=20260901)       # percentile CIs
>>> boot.effects          # effects() table + boot.se, boot.ci.lower, boot.ci.upper (and std.*)
>>> boot.parameters       # parameterEstimates(fit, boot.ci.type = ...) with bootstrap SEs
>>> boot.n_inadmissible, boot.n_nonconverged
>>> boot.with_ci("bca").effects     # other intervals from the same draws

The ordinary row bootstrap (Efron & Tibshirani 1993, ch. 6), as
``lavaan::sem(..., se = "bootstrap")``: draw N rows with replacement, refit
the model by ML to the resample's covariance matrix (divisor N) starting at
the full-sample estimate θ̂ (``SemResult.refit``: no model rebuild), and
record every parameter, every ``:=`` parameter and every effect of
:func:`research.effects.effects`, unstandardised and std.all.

A FIML fit (``missing="fiml"``) is refitted by FIML on each resample's rows,
missing values and all, as lavaan does (``SemResult.refit_rows``: BFGS from θ̂
with the full-sample Hessian as its first metric) — about ten times slower
per resample than the covariance-matrix refit of a complete-data fit.

A model with latent interactions (``A:B``: ``fit_sem`` delegates, or a
:class:`~research.sem.interaction.InteractionResult` of ``fit_interaction``)
is bootstrapped as the whole procedure, from the user's data (which have no
product columns): the rows resampled are the user's rows with an answer on
the model's variables, and in every resample the product indicators are
built again with the fit's method — the items centred on the resample's own
means and the products centred again (double-mean-centering), or the products
residualised by the resample's own OLS regressions on the items (residual
centering) — before the rows the fit takes (listwise or FIML) are refitted.
So a draw equals ``fit_interaction`` on the resampled rows (Lin et al. 2010
and Little et al. 2006 centre on the sample at hand).  The pairing of items
stays the fit's (the ranking of unequal-length matched pairs is not redone).
The simple slopes (:attr:`BootstrapResult.simple_slopes`) get bootstrap SEs
and CIs too; a resample's slope at ±1 SD is taken at that resample's
model-implied SD of the moderator.

Intervals (``ci``):

* ``"percentile"`` (default; Preacher & Hayes 2008, the accepted choice for
  indirect effects, DOMAIN.md §2): the α/2 and 1−α/2 quantiles of the draws;
* ``"bc"``: bias-corrected percentile, z₀ = Φ⁻¹(share of draws below θ̂),
  limits at Φ(2z₀ ± z) — lavaan's ``boot.ci.type = "bca.simple"`` (which,
  despite its name, has no acceleration);
* ``"bca"``: bias-corrected and accelerated (Efron 1987), acceleration
  a = Σ(ū−uᵢ)³ / (6 [Σ(ū−uᵢ)²]^{3/2}) from the leave-one-out jackknife
  uᵢ (N extra fits); limits at Φ(z₀ + (z₀ ± z)/(1 − a(z₀ ± z))).

Quantiles are taken as R's ``boot:::norm.inter`` (used by lavaan):
interpolation between order statistics on the normal-quantile scale.
Bootstrap SEs are the SD of the draws, as lavaan computes them: divisor B
for model parameters (``cov(BOOT) * (B−1)/B``), B − 1 for ``:=``
parameters and effects; z and p of the parameters use that SE.

Failures and admissibility, as lavaan 0.6-14: a resample whose fit does not
converge within ``REFIT_ITERATIONS`` Newton steps (or whose covariance
matrix is singular) is dropped and counted (``n_nonconverged``); no
resample stops the run.  A converged fit is *inadmissible* when
``lav_object_post_check`` would say so: a negative (residual) variance of an
observed or latent variable, a model-implied latent covariance matrix that
is not positive definite, or a residual covariance matrix of the observed
variables that is not positive definite (eigenvalue below −ε^{3/4}).
lavaan keeps such draws and so do we by default (``n_inadmissible`` says
how many); ``drop_inadmissible=True`` leaves them out.

Determinism: resamples are drawn in fixed blocks of ``BLOCK`` draws, block
``k`` from ``numpy.random.default_rng(SeedSequence(seed).spawn(...)[k])``.
A block's rows do not depend on which process runs it, so the results are
identical for any ``n_jobs``.  ``seed=None`` draws fresh entropy and stores
it in ``result.seed`` so the run can be repeated.  Each worker (and the
serial loop) limits BLAS to one thread (threadpoolctl): for the small
matrices of a SEM, multi-threaded BLAS is several times slower.

``progress(done, total)`` is called after every block (and during the
jackknife of ``ci="bca"``, which adds N to ``total``); an exception raised
by it stops the bootstrap (how an app cancels a run).
"""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
import pandas as pd
from scipy import stats

from .effects import EffectPlan, _check_level, effects_table
from .parallel import run_ordered
from .errors import OptionError
from .limits import check_bootstrap, check_workers
from .sem import SemResult, fit_sem
from .sem.fit import data_digest
from .sem.interaction import (InteractionResult, ProductBuilder, as_sem_result, product_builder, slope_estimates,
                              slope_names, with_products)
from .sem.threads import one_thread as _one_thread
from .sem.standardize import defined_values, row_estimates, standardize

BLOCK = 50                      # resamples per task; fixed so that results do not depend on n_jobs
# Newton iterations of one resample's refit (from θ̂, a regular resample converges in 3–35): a resample whose
# likelihood has no maximum in the admissible region (estimates running off to ±∞, common when the
# full-sample solution is near improper) is given up after these and counted as not converged
REFIT_ITERATIONS = 80
CI_TYPES = ("percentile", "bc", "bca")
_CI_ALIASES = {"percentile": "percentile", "perc": "percentile", "bc": "bc", "bca.simple": "bc", "bca": "bca"}
_EIG_TOL = np.finfo(float).eps ** 0.75          # lavaan: eigenvalue < -.Machine$double.eps^(3/4)

OK, INADMISSIBLE, FAILED = 0, 1, 2

PARAMETER_COLUMNS = ["lhs", "op", "rhs", "label", "est", "se", "z", "pvalue", "ci.lower", "ci.upper",
                     "std.all", "std.se", "std.ci.lower", "std.ci.upper"]


# ----------------------------------------------------------------------------------
# interval arithmetic (public: the coverage study uses the same functions)
# ----------------------------------------------------------------------------------
def norm_inter(t: np.ndarray, alpha) -> np.ndarray:
    """Quantiles of the draws ``t`` at probabilities ``alpha``, as R's ``boot:::norm.inter``.

    With R finite draws sorted, rank k = (R+1)·α: an integer rank gives that
    order statistic; otherwise the value is interpolated between order
    statistics k and k+1 on the normal-quantile scale; ranks below 1 or
    above R give the extreme draws.
    """
    t = np.sort(np.asarray(t, dtype=float)[np.isfinite(t)])
    alpha = np.atleast_1d(np.asarray(alpha, dtype=float))
    R = t.size
    out = np.full(alpha.shape, np.nan)
    if R == 0:
        return out
    rk = (R + 1) * alpha
    k = np.trunc(np.where(np.isfinite(rk), rk, 0.0)).astype(int)     # NaN α (e.g. BCa of a constant): skipped below
    for i in range(alpha.size):
        if not np.isfinite(rk[i]):
            continue
        ki = k[i]
        if ki <= 0:
            out[i] = t[0]
        elif ki >= R:
            out[i] = t[R - 1]
        elif ki == rk[i]:
            out[i] = t[ki - 1]
        else:
            z1 = stats.norm.ppf(alpha[i])
            z2 = stats.norm.ppf(ki / (R + 1))
            z3 = stats.norm.ppf((ki + 1) / (R + 1))
            out[i] = t[ki - 1] + (z1 - z2) / (z3 - z2) * (t[ki] - t[ki - 1])
    return out


def percentile_ci(draws: np.ndarray, level: float = 0.95) -> tuple[float, float]:
    """Percentile interval of one statistic's draws (Efron 1979; Preacher & Hayes 2008)."""
    lo, hi = norm_inter(draws, [(1 - level) / 2, (1 + level) / 2])
    return float(lo), float(hi)


def _z0(draws: np.ndarray, estimate: float) -> float:
    t = draws[np.isfinite(draws)]
    return float(stats.norm.ppf(np.sum(t < estimate) / t.size)) if t.size else np.nan


def bca_ci(draws: np.ndarray, estimate: float, level: float = 0.95, acceleration: float = 0.0
           ) -> tuple[float, float]:
    """Bias-corrected (``acceleration=0``: lavaan's "bca.simple") or BCa interval (Efron 1987)."""
    t = np.asarray(draws, dtype=float)
    t = t[np.isfinite(t)]
    if t.size == 0 or not np.isfinite(estimate):
        return np.nan, np.nan
    if np.ptp(t) == 0:                 # no variation (a fixed quantity): lavaan leaves est
        return float(estimate), float(estimate)
    z0 = _z0(t, estimate)
    za = stats.norm.ppf([(1 - level) / 2, (1 + level) / 2])
    a = 0.0 if not np.isfinite(acceleration) else acceleration
    with np.errstate(invalid="ignore", divide="ignore"):
        adj = stats.norm.cdf(z0 + (z0 + za) / (1 - a * (z0 + za)))
    lo, hi = norm_inter(t, adj)
    return float(lo), float(hi)


def acceleration(jack: np.ndarray) -> float:
    """BCa acceleration from leave-one-out estimates (Efron & Tibshirani 1993, eq. 14.15)."""
    u = np.asarray(jack, dtype=float)
    u = u[np.isfinite(u)]
    if u.size < 3:
        return np.nan
    d = u.mean() - u
    den = 6.0 * np.sum(d ** 2) ** 1.5
    return float(np.sum(d ** 3) / den) if den > 0 else 0.0


def boot_se(draws: np.ndarray, ddof: int = 0) -> float:
    """SD of the finite draws: divisor B (``ddof=0``, lavaan's SE of a free parameter,
    ``cov(BOOT) * (B−1)/B``) or B − 1 (``ddof=1``, lavaan's SE of a ``:=`` parameter)."""
    t = np.asarray(draws, dtype=float)
    t = t[np.isfinite(t)]
    return float(np.std(t, ddof=ddof)) if t.size > 1 else np.nan


def resample_blocks(seed, n_boot: int, n: int, block: int = BLOCK):
    """Yield ``(start, index matrix)`` per block: the rows every resample uses (same as :func:`bootstrap`)."""
    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    n_blocks = -(-n_boot // block)
    for k, child in enumerate(ss.spawn(n_blocks)):
        size = min(block, n_boot - k * block)
        yield k * block, _block_index(child, size, n)


# ----------------------------------------------------------------------------------
# the statistics of one fit
# ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Task:
    """What a worker needs (picklable): the fitted result (its ``refit``), the plan, θ̂, the data."""

    result: SemResult
    plan: EffectPlan
    theta0: np.ndarray
    X: np.ndarray
    standardized: bool
    linear: tuple | None = None     # (Q, Cholesky factor of H, S): the first-order start θ̂ + H⁻¹ Q vec(S_b − S)
    builder: ProductBuilder | None = None   # latent interactions: X holds the user's columns, products rebuilt per resample

    def start(self, S: np.ndarray) -> np.ndarray:
        """Where a resample's fit starts: θ̂ moved by the linear (influence-function) approximation
        dθ̂ = H⁻¹ [tr(Σ⁻¹ Σ_k Σ⁻¹ dS)]_k of the estimate's response to the change in S (implicit
        function theorem on ∂F/∂θ = 0), which leaves Newton two or three steps instead of six or seven;
        θ̂ itself when the approximation is unavailable (and, via ``fit(fallback=θ̂)``, when it lands
        outside the admissible region)."""
        if self.linear is None:
            return self.theta0
        from scipy import linalg

        Q, factor, S0 = self.linear
        start = self.theta0 + linalg.cho_solve(factor, Q @ (S - S0).ravel())
        return start if np.all(np.isfinite(start)) else self.theta0

    @property
    def model(self):
        return self.result.model

    @property
    def fiml(self) -> bool:
        """Refit from the rows (FIML, or a model with means), not from the resample's S alone."""
        return self.result.rowwise

    def statistics(self, theta: np.ndarray, S: np.ndarray, M: np.ndarray | None = None) -> np.ndarray:
        model, pt = self.model, self.model.partable
        est = row_estimates(model, theta, S, M)
        dv = defined_values(pt, est)
        parts = [est, np.array([dv[d.name] for d in pt.defined], dtype=float), self.plan.values(theta)]
        if self.standardized:
            _, std_all = standardize(model, theta, S, M)
            ds = defined_values(pt, std_all)
            parts += [std_all, np.array([ds[d.name] for d in pt.defined], dtype=float),
                      self.plan.std_values(theta, S)]
        if self.builder is not None:
            parts.append(slope_estimates(self.result, theta, S, M))
        return np.concatenate(parts)

    def admissible(self, theta: np.ndarray, S: np.ndarray) -> bool:
        """lavaan's ``lav_object_post_check`` on our RAM matrices."""
        model = self.model
        _, P = model.matrices(theta, S)
        p = model.p
        var = np.diag(P)
        ov_ok = not np.any(var[:p] < 0)
        lv_ok = not np.any(var[p:] < 0)
        ok = ov_ok and lv_ok
        if lv_ok and model.n_vars > p:
            V = model.total_cov(theta, S)[p:, p:]
            if np.linalg.eigvalsh((V + V.T) / 2)[0] < -_EIG_TOL:
                ok = False
        if ov_ok:
            nox = [i for i, v in enumerate(model.ov_names) if v not in model.partable.ov_x]
            T = P[np.ix_(nox, nox)]
            if T.size and np.linalg.eigvalsh((T + T.T) / 2)[0] < -_EIG_TOL:
                ok = False
        return ok

    def one(self, rows: np.ndarray, k: int) -> tuple[np.ndarray, int]:
        """Fit the rows ``rows`` of X; (statistics, status)."""
        Xb = self.X[rows]
        if self.builder is not None:
            # the whole procedure on the resample: products of its own centred items (DMC) or residuals of
            # its own regressions (RC), then the rows the fit takes (listwise or FIML)
            Xb = self.builder.full(Xb)
            Xb = Xb[_fit_rows(self.result, Xb)]
        n = Xb.shape[0]
        M = None
        with np.errstate(all="ignore"):
            if self.fiml:
                # a column with fewer than two answers in the resample has no variance (nanvar would warn)
                enough = np.all(np.sum(~np.isnan(Xb), axis=0) >= 2)
                var = np.nanvar(Xb, axis=0) if enough else np.zeros(Xb.shape[1])
                S, M = self.result.fixed_moments(Xb)
            else:
                S = np.atleast_2d(np.cov(Xb, rowvar=False, bias=True))
                var = np.diag(S)
        if n < 2 or not np.all(var > 1e-12 * np.maximum(1.0, np.abs(var).max())):
            return np.full(k, np.nan), FAILED
        try:
            if self.fiml:
                fit = self.result.refit_rows(Xb, self.theta0, max_iter=REFIT_ITERATIONS)
            else:
                fit = self.model.fit(S, n, self.start(S), chord_below=1e-2, fallback=self.theta0,
                                     max_iter=REFIT_ITERATIONS, bfgs_iter=0)
        except (np.linalg.LinAlgError, ValueError, FloatingPointError):
            return np.full(k, np.nan), FAILED
        if not fit.converged or not np.all(np.isfinite(fit.theta)):
            return np.full(k, np.nan), FAILED
        with np.errstate(all="ignore"):
            try:
                values = self.statistics(fit.theta, S, M)
                status = OK if self.admissible(fit.theta, S) else INADMISSIBLE
            except (np.linalg.LinAlgError, ValueError):
                return np.full(k, np.nan), FAILED
        return values, status



def _run_block(task: _Task, index: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    out = np.full((index.shape[0], k), np.nan)
    status = np.full(index.shape[0], FAILED, dtype=np.int8)
    with _one_thread():
        for b in range(index.shape[0]):
            out[b], status[b] = task.one(index[b], k)
    return out, status


def _block_index(child: np.random.SeedSequence, size: int, n: int) -> np.ndarray:
    """Row indices of one block of resamples (size × n)."""
    return np.random.default_rng(child).integers(0, n, size=(size, n))


def _run_block_seeded(task: _Task, child: np.random.SeedSequence, size: int, k: int):
    return _run_block(task, _block_index(child, size, task.X.shape[0]), k)


def _run_jackknife(task: _Task, drop: np.ndarray, k: int) -> np.ndarray:
    n = task.X.shape[0]
    out = np.full((len(drop), k), np.nan)
    with _one_thread():
        for j, i in enumerate(drop):
            rows = np.concatenate([np.arange(i), np.arange(i + 1, n)])
            values, status = task.one(rows, k)
            out[j] = values
    return out


# ----------------------------------------------------------------------------------
# the result
# ----------------------------------------------------------------------------------
class Draws:
    """What every bootstrap result derives from its ``draws`` (resample × statistic), ``names``, ``status``
    (OK = 0, INADMISSIBLE = 1, higher codes = failed) and ``drop_inadmissible``: which draws enter SEs and CIs."""

    @property
    def n_inadmissible(self) -> int:
        """Converged resamples with an inadmissible solution (kept unless ``drop_inadmissible``)."""
        return int(np.sum(self.status == INADMISSIBLE))

    @property
    def used(self) -> np.ndarray:
        """Mask of the draws that enter SEs and CIs."""
        return (self.status == OK) | ((self.status == INADMISSIBLE) & (not self.drop_inadmissible))

    @property
    def n_used(self) -> int:
        return int(np.sum(self.used))

    def draws_frame(self) -> pd.DataFrame:
        """The used draws as a DataFrame, one column per statistic (``names``)."""
        return pd.DataFrame(self.draws[self.used], columns=list(self.names))


@dataclass(frozen=True, eq=False)
class BootstrapResult(Draws):
    """Bootstrap draws of a fitted model and the tables made from them.

    ``parameters``: parameterEstimates-style table (est, bootstrap se, z,
    p, CI of type ``ci`` at ``level``; std.all with its bootstrap SE and
    CI); ``effects``: :func:`research.effects.effects` (delta-method columns)
    plus ``boot.se``, ``boot.ci.lower``, ``boot.ci.upper`` and the same for
    ``std``.  ``draws`` (B × k) holds every statistic of every resample
    (NaN rows for failed fits), ``status`` 0 = admissible, 1 = inadmissible,
    2 = not converged; ``names`` labels the k columns (see :meth:`draws_frame`).
    """

    result: SemResult
    ci: str
    level: float
    n_boot: int
    seed: int | None
    drop_inadmissible: bool
    names: tuple[str, ...]
    estimate: np.ndarray = field(repr=False)
    draws: np.ndarray = field(repr=False)
    status: np.ndarray = field(repr=False)
    parameters: pd.DataFrame = field(repr=False)
    effects: pd.DataFrame = field(repr=False)
    layout: dict = field(repr=False)
    jackknife: np.ndarray | None = field(default=None, repr=False)
    elapsed: float = 0.0
    # latent interactions: the simple slopes (InteractionResult.simple_slopes) + boot.se, boot.ci.lower,
    # boot.ci.upper; None for a model without A:B
    simple_slopes: pd.DataFrame | None = field(default=None, repr=False)
    _task: _Task | None = field(default=None, repr=False, compare=False)
    _n_jobs: int = field(default=1, repr=False, compare=False)

    @property
    def n_nonconverged(self) -> int:
        return int(np.sum(self.status == FAILED))


    def summary(self) -> dict:
        return {"n_boot": self.n_boot, "n_used": self.n_used, "n_nonconverged": self.n_nonconverged,
                "n_inadmissible": self.n_inadmissible, "drop_inadmissible": self.drop_inadmissible,
                "ci": self.ci, "level": self.level, "seed": self.seed, "seconds": round(self.elapsed, 3)}

    def with_ci(self, ci: str | None = None, level: float | None = None, *,
                progress: Callable[[int, int], None] | None = None) -> "BootstrapResult":
        """The same draws with another interval type or level (``bca`` runs the jackknife once)."""
        ci = _check_ci(self.ci if ci is None else ci)
        level = _check_level(self.level if level is None else level)
        jack = self.jackknife
        if ci == "bca" and jack is None:
            jack = _jackknife(self._task, len(self.estimate), self._n_jobs, progress, 0, 0)
        params, eff, slopes = _tables(self.result, self._task, self.layout, self.estimate,
                                      self.draws[self.used], ci, level, jack)
        return dataclasses.replace(self, ci=ci, level=level, jackknife=jack, parameters=params, effects=eff,
                                   simple_slopes=slopes)


# ----------------------------------------------------------------------------------
# checks
# ----------------------------------------------------------------------------------
def _invalid(option, detail, en, zh, zh_hant):
    return OptionError("option_invalid", option=option, detail=detail, fix_en=en, fix_zh=zh, fix_zh_hant=zh_hant)


def _check_ci(ci) -> str:
    if isinstance(ci, str) and ci.lower() in _CI_ALIASES:
        return _CI_ALIASES[ci.lower()]
    raise _invalid("ci", f"{ci!r}",
                   'Use ci="percentile" (recommended for indirect effects), "bc" (bias-corrected) or "bca".',
                   '请使用 ci="percentile"（间接效应推荐）、"bc"（偏差校正）或 "bca"。',
                   '請使用 ci="percentile"（間接效果建議）、"bc"（偏誤校正）或 "bca"。')


def _check_int(value, option, minimum, en, zh, zh_hant) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise _invalid(option, f"{value!r}", en, zh, zh_hant)
    return int(value)


def _fit_rows(result: SemResult, X: np.ndarray) -> np.ndarray:
    """Mask of the rows of X (columns ``ov_names``) that the fit takes: complete rows (listwise), or rows with
    an answer and every fixed.x covariate (FIML)."""
    if result.missing == "fiml":
        used = ~np.isnan(X).all(axis=1)
        x_idx = [list(result.partable.ov_names).index(v) for v in result.partable.ov_x]
        if x_idx:
            used &= ~np.isnan(X[:, x_idx]).any(axis=1)
        return used
    return np.isfinite(X).all(axis=1)


def _data_matrix(result: SemResult, data) -> np.ndarray:
    """The rows the fit used: the model's observed variables, listwise complete (as fit_sem).

    For a FIML fit: the rows FIML used (NaN kept), checked against the fit's data digest.
    For a model with latent interactions: the user's rows with an answer on the model's data columns
    (products not among them), whose products :class:`ProductBuilder` rebuilds — checked the same way.
    """
    builder = product_builder(result) if result.interaction is not None else None
    names = list(builder.raw if builder is not None else result.partable.ov_names)
    if not isinstance(data, pd.DataFrame):
        raise _invalid("data", f'"{type(data).__name__}"', "Pass the data as a pandas DataFrame.",
                       "请以 pandas DataFrame 提供数据。", "請以 pandas DataFrame 提供資料。")
    frame = data.copy()
    frame.columns = [str(c) for c in frame.columns]
    missing = [v for v in names if v not in frame.columns]
    if missing:
        raise _invalid("data", ", ".join(f'"{m}"' for m in missing[:10]),
                       "The data lack variables of the model; pass the data the model was fitted to.",
                       "数据缺少模型中的变量；请传入拟合模型时所用的数据。",
                       "資料缺少模型中的變項；請傳入配適模型時所用的資料。")
    pool = None
    if builder is not None:
        # the resampling pool: the user's rows with an answer (a row without one takes no part in the
        # products); the check below sees the products built on the whole frame, exactly as the fit built them
        try:
            R = np.array(frame.loc[:, names].to_numpy(dtype=float, na_value=np.nan), dtype=float)
            R[~np.isfinite(R)] = np.nan
            pool = R[~np.isnan(R).all(axis=1)]
            frame = with_products(result, frame)
        except (TypeError, ValueError, OptionError):
            pool = np.full((0, len(names)), np.nan)
            frame = frame.assign(**{v: np.nan for v in builder.names if v not in frame.columns})
        names = list(builder.names)
    try:
        X = np.array(frame.loc[:, names].to_numpy(dtype=float, na_value=np.nan), dtype=float)
    except (TypeError, ValueError):
        X = np.full((0, len(names)), np.nan)
    if result.missing == "fiml":
        X[~np.isfinite(X)] = np.nan
        X = X[_fit_rows(result, X)]
        same = X.shape[0] == result.n and data_digest(X, names) == result.provenance.get("data_sha256")
    else:
        X = X[_fit_rows(result, X)]
        same = X.shape[0] == result.n
    if same and result.missing != "fiml":
        S = np.atleast_2d(np.cov(X, rowvar=False, bias=True))
        S0 = result.sample_cov.to_numpy()
        same = bool(np.allclose(S, S0, rtol=1e-8, atol=1e-10 * np.abs(S0).max()))
    if not same:
        raise _invalid("data", f"N = {X.shape[0]}, fitted N = {result.n}",
                       "These are not the data the model was fitted to (other rows or values). "
                       "Pass the same data frame.",
                       "这些不是拟合模型时所用的数据（行或数值不同）。请传入同一个数据表。",
                       "這些不是配適模型時所用的資料（列或數值不同）。請傳入同一個資料表。")
    return X if pool is None else pool


# ----------------------------------------------------------------------------------
# the bootstrap
# ----------------------------------------------------------------------------------
def bootstrap(model, data: pd.DataFrame, n_boot: int = 5000, seed=None, ci: str = "percentile",
              level: float = 0.95, n_jobs: int = 1, *, drop_inadmissible: bool = False,
              standardized: bool = True, progress: Callable[[int, int], None] | None = None,
              indices=None, scheduler=None) -> BootstrapResult:
    """Row bootstrap of ``model`` (lavaan syntax, :class:`ModelSpec` or a fitted :class:`SemResult`) on ``data``.

    ``n_boot`` resamples (5000 is the usual advice for indirect effects,
    Preacher & Hayes 2008); ``seed`` an int (or SeedSequence) for a
    reproducible run; ``ci`` ``"percentile"`` | ``"bc"`` | ``"bca"``
    (lavaan's names ``"perc"`` and ``"bca.simple"`` are accepted);
    ``n_jobs`` worker processes (joblib; −1 = all cores), or ``scheduler``
    (a Dask scheduler address such as ``"tcp://10.0.0.5:8786"``, or a
    ``distributed.Client``) to run the blocks on a cluster
    (:mod:`research.parallel`) — the draws depend on neither.  ``indices`` (B × N integer array of 0-based row numbers)
    replaces the random resamples — e.g. to replay another program's draws;
    ``n_boot`` and ``seed`` are then ignored.  See the module docstring.
    """
    ci = _check_ci(ci)
    level = _check_level(level)
    n_boot = _check_int(n_boot, "n_boot", 2, "Give the number of resamples as a whole number ≥ 2 (e.g. 5000).",
                        "请以 ≥ 2 的整数给出重抽样次数（例如 5000）。", "請以 ≥ 2 的整數給出重抽樣次數（例如 5000）。")
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
    if indices is not None:
        indices = np.asarray(indices)
        if indices.ndim != 2 or indices.shape[0] < 2 or not np.issubdtype(indices.dtype, np.integer):
            raise _invalid("indices", f"shape {indices.shape}",
                           "Give the resamples as a B × N array of whole row numbers (0-based), B ≥ 2.",
                           "请以 B × N 的整数数组（行号从 0 开始，B ≥ 2）给出重抽样。",
                           "請以 B × N 的整數陣列（列號從 0 開始，B ≥ 2）給出重抽樣。")
        n_boot = int(indices.shape[0])

    if isinstance(model, InteractionResult):
        model = as_sem_result(model)
    result = model if isinstance(model, SemResult) else fit_sem(model, data)
    if not result.converged:
        raise _invalid("model", '"not converged"',
                       "The model did not converge on the full sample, so there is nothing to bootstrap. "
                       "Fix the model first (see its warnings).",
                       "模型在全样本上未收敛，无法进行 bootstrap。请先修正模型（见其警告）。",
                       "模型在全樣本上未收斂，無法進行 bootstrap。請先修正模型（見其警告）。")
    X = _data_matrix(result, data)
    if indices is not None and (indices.shape[1] != X.shape[0] or indices.min() < 0 or indices.max() >= X.shape[0]):
        raise _invalid("indices", f"shape {indices.shape}, N = {X.shape[0]}",
                       "Each resample must list N row numbers between 0 and N − 1.",
                       "每个重抽样须列出 N 个介于 0 与 N − 1 之间的行号。",
                       "每個重抽樣須列出 N 個介於 0 與 N − 1 之間的列號。")
    plan = EffectPlan(result.model)
    S = result.sample_cov.to_numpy()
    task = _Task(result=result, plan=plan, theta0=result.theta.copy(), X=X, standardized=bool(standardized),
                 linear=None if result.rowwise else _linear_start(result, S),
                 builder=product_builder(result) if result.interaction is not None else None)
    M = None if result.sample_mean is None else result.sample_mean.to_numpy()
    estimate = task.statistics(result.theta, S, M)
    layout, names = _layout(result, plan, standardized)
    k = estimate.size

    jack_n = X.shape[0] if ci == "bca" else 0
    total = n_boot + jack_n
    draws = np.full((n_boot, k), np.nan)
    status = np.full(n_boot, FAILED, dtype=np.int8)
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
    params, eff, slopes = _tables(result, task, layout, estimate, draws[used], ci, level, jack)
    return BootstrapResult(result=result, ci=ci, level=level, n_boot=n_boot,
                           seed=None if indices is not None else int(ss.entropy),
                           drop_inadmissible=bool(drop_inadmissible), names=tuple(names), estimate=estimate,
                           draws=draws, status=status, parameters=params, effects=eff, layout=layout,
                           jackknife=jack, elapsed=time.perf_counter() - started, _task=task, _n_jobs=int(n_jobs),
                           simple_slopes=slopes)


def _linear_start(result: SemResult, S: np.ndarray):
    """(Q, Cholesky factor of the exact Hessian, S) at θ̂ for :meth:`_Task.start`; None if H is not PD."""
    from scipy import linalg

    model, theta = result.model, result.theta
    if not theta.size:
        return None
    try:
        _, hess, _ = model.hessian(theta, S, info=False)
        factor = linalg.cho_factor(hess)
        _, P, C, FC, Sigma = model._parts(theta, S)
        Si = np.linalg.inv(Sigma)
        Q = (Si @ model._dsigma(P, C, FC) @ Si).reshape(model.q, -1)
    except (np.linalg.LinAlgError, linalg.LinAlgError, ValueError):
        return None
    return Q, factor, S.copy()


def _jackknife(task: _Task, k: int, n_jobs: int, progress, done: int, total: int, scheduler=None) -> np.ndarray:
    n = task.X.shape[0]
    chunks = [np.arange(i, min(i + BLOCK, n)) for i in range(0, n, BLOCK)]
    if total == 0:
        done, total = 0, n
    out = []
    results = run_ordered(_run_jackknife, [(c, k) for c in chunks], n_jobs=n_jobs, scheduler=scheduler,
                          shared=(task,))
    for c, r in zip(chunks, results):
        out.append(r)
        done += len(c)
        if progress is not None:
            progress(done, total)
    return np.vstack(out)


def _layout(result: SemResult, plan: EffectPlan, standardized: bool) -> tuple[dict, list[str]]:
    pt = result.partable
    R, D, E = len(pt.rows), len(pt.defined), len(plan.effects)
    names = [f"{r.lhs} {r.op} {r.rhs}" for r in pt.rows] + [f"{d.name} := {d.text}" for d in pt.defined] + \
            [e.key for e in plan.effects]
    layout = {"rows": slice(0, R), "defined": slice(R, R + D), "effects": slice(R + D, R + D + E)}
    if standardized:
        o = R + D + E
        layout.update({"std_rows": slice(o, o + R), "std_defined": slice(o + R, o + R + D),
                       "std_effects": slice(o + R + D, o + R + D + E)})
        names += ["std: " + x for x in names]
    if result.interaction is not None:
        slopes = ["slope: " + x for x in slope_names(result)]
        layout["slopes"] = slice(len(names), len(names) + len(slopes))
        names += slopes
    return layout, names


def _intervals(estimate: np.ndarray, draws: np.ndarray, ci: str, level: float, jack: np.ndarray | None,
               ddof: np.ndarray):
    k = estimate.size
    se = np.full(k, np.nan)
    lo = np.full(k, np.nan)
    hi = np.full(k, np.nan)
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


def _tables(result: SemResult, task: _Task, layout: dict, estimate: np.ndarray, draws: np.ndarray, ci: str,
            level: float, jack: np.ndarray | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    # SEs as lavaan: divisor B for the parameters, B − 1 for defined parameters (and effects)
    ddof = np.zeros(estimate.size, dtype=int)
    for key in ("defined", "effects", "std_defined", "std_effects", "slopes"):
        if key in layout:
            ddof[layout[key]] = 1
    se, lo, hi = _intervals(estimate, draws, ci, level, jack, ddof)
    pt = result.partable
    std = "std_rows" in layout

    # -- parameters (lavaan: fixed rows keep se 0 and CI = est) ----------------------------
    rows = []
    free = [bool(r.free) for r in pt.rows] + [True] * len(pt.defined)
    ids = [(r.lhs, r.op, r.rhs, r.label) for r in pt.rows] + [(d.name, ":=", d.text, d.name) for d in pt.defined]
    n_par = len(ids)
    for j, (lhs, op, rhs, label) in enumerate(ids):
        e = estimate[j]
        if free[j]:
            s, l, h = se[j], lo[j], hi[j]
            z = e / s if np.isfinite(s) and s > 1e-12 * max(1.0, abs(e)) else np.nan
            p = 2 * stats.norm.sf(abs(z)) if np.isfinite(z) else np.nan
        else:
            s, l, h, z, p = 0.0, e, e, np.nan, np.nan
        row = {"lhs": lhs, "op": op, "rhs": rhs, "label": label, "est": e, "se": s, "z": z, "pvalue": p,
               "ci.lower": l, "ci.upper": h}
        if std:
            o = layout["std_rows"].start + j
            row.update({"std.all": estimate[o], "std.se": se[o], "std.ci.lower": lo[o], "std.ci.upper": hi[o]})
        else:
            row.update({"std.all": np.nan, "std.se": np.nan, "std.ci.lower": np.nan, "std.ci.upper": np.nan})
        rows.append(row)
    params = pd.DataFrame(rows, columns=PARAMETER_COLUMNS)

    # -- effects: delta-method table plus the bootstrap columns -------------------------
    eff = effects_table(task.plan, result.theta, result.vcov, result.sample_cov.to_numpy(), level=level,
                        standardized=std)
    sl = layout["effects"]
    eff["boot.se"] = se[sl]
    eff["boot.ci.lower"] = lo[sl]
    eff["boot.ci.upper"] = hi[sl]
    if std:
        ss = layout["std_effects"]
        eff["std.boot.se"] = se[ss]
        eff["std.boot.ci.lower"] = lo[ss]
        eff["std.boot.ci.upper"] = hi[ss]

    # -- simple slopes of latent interactions: the delta-method table plus the bootstrap columns ----
    slopes = None
    if "slopes" in layout:
        sl = layout["slopes"]
        slopes = result.interaction.simple_slopes.copy()
        slopes["boot.se"] = se[sl]
        slopes["boot.ci.lower"] = lo[sl]
        slopes["boot.ci.upper"] = hi[sl]
    return params, eff, slopes


__all__ = ["bootstrap", "BootstrapResult", "CI_TYPES", "norm_inter", "percentile_ci", "bca_ci", "acceleration",
           "boot_se", "resample_blocks", "BLOCK"]
