"""Monte Carlo power analysis for planning an SEM study: how many respondents?

>>> from research.power import power, plot
>>> from research.simulate import PopulationModel
>>> pop = PopulationModel(loadings={...}, constructs={...}, paths={("SAT", "REL"): .30, ("LOY", "SAT"): .65})
>>> res = power(pop, n=(200, 300, 500), reps=500, seed=1, n_jobs=-1)
>>> res.table()            # power of every path and indirect effect at every N
>>> res.n_needed(0.8)      # smallest N with 80 % power (interpolated)
>>> plot(res, lang="zh-Hans")                  # power curves, matplotlib Figure
>>> power("results.json", n=(300, 500))        # planning a replication of a finished study

Method (Muthén & Muthén 2002, *How to use a Monte Carlo study to decide on
sample size and determine power*, Structural Equation Modeling 9(4),
599–620): state the population — standardised loadings, the correlations of
the exogenous constructs and the standardised structural paths, a
:class:`research.simulate.PopulationModel` — then, for every sample size N,
draw ``reps`` samples of N respondents from it, fit the model to each and
count how often each effect is detected.

One replication:

1. draw N respondents' item scores (:func:`research.simulate.simulate_continuous`)
   and, with ``likert=5`` (the default), cut them into 5-point answers with
   :func:`research.simulate.to_likert` as real survey data are (``likert=None``
   keeps the continuous scores; ``likert=7`` gives 7 points);
2. fit the model — the population's own lavaan syntax, ``F =~ x1 + x2 + …``
   lines and the structural ``Y ~ X1 + X2`` lines, exogenous constructs
   correlated (lavaan's default) — by ML with :func:`research.sem.fit_sem`
   (``start="simple"``: the analytic Newton path the rest of the toolkit uses);
3. a **path** is detected when its Wald test rejects, p < ``alpha`` (z =
   B/SE(B) of the unstandardised estimate, SEs from the expected information,
   as lavaan and AMOS's C.R.), *and* the estimate has the sign of the
   population value; an **indirect effect** (the product of the paths along
   one chain X → M → … → Y, every specific indirect effect of the model) is
   detected when its delta-method z-test (Sobel 1982; from
   :func:`research.effects.effects`) rejects with the population's sign.  For
   a population value of exactly 0 any rejection counts, so its "power" is
   the type-I error rate and should be near ``alpha``.

Power at N = detected / converged replications at N: replications whose fit
did not converge (or whose data could not be fitted at all, e.g. an item
that every simulated respondent answered alike) are left out of the
denominator and counted (``convergence()``: the share converged is part of
the answer — a model that often fails at N is not a good plan at N).
Converged but *inadmissible* solutions (a warning ``negative_variance``,
``std_above_one``, ``implied_cov_not_pd``, ``latent_cov_not_pd`` or
``information_singular`` on the fit) are kept, as lavaan keeps them in its
bootstrap, and counted.  Monte Carlo standard error of a power p from R
converged replications: √(p(1 − p)/R) (binomial); with R = 500 it is at
most .022 (at p = .50) and .018 around .80, so ±2 MC SE ≈ ±.036 there.

N needed for a target power (default .80, Cohen 1988): the first N at which
the power curve — straight lines between the simulated Ns, on the N scale —
reaches the target, rounded up to a whole respondent.  When the smallest
simulated N already reaches it the answer is "≤ that N" (simulate smaller Ns
to know more); when no simulated N reaches it, "> the largest N".  A
population value of 0 has no N needed.

Muthén & Muthén also ask that the estimates be nearly unbiased at the chosen
N (relative bias below 10 %): :meth:`PowerResult.bias` gives the mean
standardised estimate per N.  With Likert data the std.all estimates are
attenuated by the coarse categories, which is why the simulation cuts the
answers as real surveys do.

**Indirect effects.**  The delta-method (Sobel) test of a product is
conservative: the product is skewed, and bootstrap or Monte Carlo CIs detect
the same effect with fewer respondents (MacKinnon, Lockwood, Hoffman, West &
Sheets 2002, Psychological Methods 7(1); Fritz & MacKinnon 2007,
Psychological Science 18(3)).  The N needed for an indirect effect here is
therefore an upper bound for an analysis that reports bootstrap percentile
CIs.  (A bootstrap inside every replication would cost ``reps`` × 5000 fits.)

**Post-hoc population (a results dictionary or results.json).**  With the
output of ``research analyze`` as ``model`` the population is the fitted
standardised solution: the std.all loadings, the std.all structural paths and
the std.all correlations of the exogenous constructs of the ``sem`` block.
This is *planning-for-replication* power: how many respondents a new study
needs if the true effects are those just estimated.  It is optimistic:
estimates that reached significance are, on average, larger than the true
effects (the winner's curse), so the N needed is too small; use
``population={"SAT ~ REL": .15}`` to plan with smaller, more cautious values
(Anderson, Kelley & Maxwell 2017, Psychological Science 28(11), adjust the
sample effect sizes for uncertainty and publication bias).  Power computed
for the *same* data that produced the estimates ("observed power") says
nothing new: it is a one-to-one function of the p-value (Hoenig & Heisey
2001, *The abuse of power*, The American Statistician 55(1)); do not report
it as evidence about the finished study.  Residual covariances and
observed-variable paths of the fitted model have no place in a
:class:`~research.simulate.PopulationModel`; residual covariances are left
out (listed in ``notes``), observed variables in the structural part are an
error.

**Determinism.**  ``SeedSequence(seed).spawn(len(n) · reps)`` gives one child
per (N, replication) — child ``i · reps + r`` for the i-th N (in increasing
order) and replication r — so every replication's data depend on the seed
alone, not on ``n_jobs`` (joblib processes, BLAS limited to one thread per
worker as :mod:`research.bootstrap` does).  ``seed=None`` draws fresh
entropy and stores it in ``result.seed``.
"""
from __future__ import annotations

import json
import itertools
import math
import os
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np
import pandas as pd

from .errors import ResearchError
from .errors import invalid_data as _invalid_data
from .errors import invalid_option as _invalid
from .jsonsafe import jsonable
from .limits import MAX_REPLICATIONS, MAX_SAMPLE_SIZES, MAX_SIMULATED_N, check_count, check_workers
from .parallel import run_ordered
from .simulate import DEFAULT_THRESHOLDS, PopulationModel, simulate_continuous, to_likert

KINDS = ("path", "indirect")
INADMISSIBLE_CODES = ("negative_variance", "std_above_one", "implied_cov_not_pd", "latent_cov_not_pd",
                      "information_singular")
BLOCK = 10                      # replications per task; results do not depend on it nor on n_jobs
MIN_REPS = 10
OK, INADMISSIBLE, FAILED = 0, 1, 2
ARROW = " → "

REFERENCES = (
    "Muthén, L. K., & Muthén, B. O. (2002). How to use a Monte Carlo study to decide on sample size and "
    "determine power. Structural Equation Modeling, 9(4), 599–620.",
    "Sobel, M. E. (1982). Asymptotic confidence intervals for indirect effects in structural equation models. "
    "Sociological Methodology, 13, 290–312.",
    "Hoenig, J. M., & Heisey, D. M. (2001). The abuse of power: The pervasive fallacy of power calculations "
    "for data analysis. The American Statistician, 55(1), 19–24.",
)


# ----------------------------------------------------------------------------------
# what is tested
# ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class PowerParameter:
    """One tested effect: a structural path (``via`` empty) or a specific indirect effect.

    ``name``: ``"SAT ~ REL"`` for a path (lavaan's outcome ~ predictor),
    ``"REL → SAT → LOY"`` for an indirect effect; ``population`` its
    standardised population value (a product of paths for an indirect effect).
    """

    name: str
    kind: str
    source: str
    target: str
    via: tuple[str, ...] = ()
    population: float = 0.0

    def to_dict(self) -> dict:
        return {"name": self.name, "kind": self.kind, "from": self.source, "to": self.target,
                "via": list(self.via), "population": float(self.population)}


def _parameters(model: PopulationModel) -> tuple[PowerParameter, ...]:
    """Every path (outcomes in causal order, predictors as stated), then every specific indirect effect
    (directed chains of ≥ 2 paths; by source, then target, in causal order, shorter chains first)."""
    rank = {c: k for k, c in enumerate(model._latent_order)}
    out: list[PowerParameter] = []
    for outcome in model.endogenous:
        for (o, p), b in model.paths.items():
            if o == outcome:
                out.append(PowerParameter(f"{o} ~ {p}", "path", p, o, (), float(b)))
    children: dict[str, list[str]] = {c: [] for c in model.constructs}
    for (o, p) in model.paths:
        children[p].append(o)
    chains: list[list[str]] = []

    def walk(chain: list[str]) -> None:
        for nxt in children[chain[-1]]:
            longer = chain + [nxt]
            if len(longer) >= 3:
                chains.append(longer)
            walk(longer)

    for start in model._latent_order:
        walk([start])
    chains.sort(key=lambda c: (rank[c[0]], rank[c[-1]], len(c), [rank[x] for x in c]))
    for c in chains:
        value = 1.0
        for a, b in zip(c[:-1], c[1:]):
            value *= float(model.paths[(b, a)])
        out.append(PowerParameter(ARROW.join(c), "indirect", c[0], c[-1], tuple(c[1:-1]), value))
    return tuple(out)


def model_syntax(model: PopulationModel) -> str:
    """lavaan syntax of a population model: ``F =~ x1 + x2 + …`` per construct (in the constructs'
    order), then ``Y ~ X1 + X2`` per endogenous construct (causal order, predictors as stated)."""
    lines = [f"{c} =~ " + " + ".join(items) for c, items in model.constructs.items()]
    for outcome in model.endogenous:
        preds = [p for (o, p) in model.paths if o == outcome]
        lines.append(f"{outcome} ~ " + " + ".join(preds))
    return "\n".join(lines)


# ----------------------------------------------------------------------------------
# the result
# ----------------------------------------------------------------------------------
@dataclass(frozen=True, eq=False)
class PowerResult:
    """Power of every path and indirect effect at every simulated N.

    ``power`` (parameters × Ns): share of *converged* replications in which
    the effect was detected; ``n_converged``, ``n_inadmissible`` (converged,
    kept) and ``n_failed`` (not converged or not fittable, left out) per N;
    ``mean_std`` (parameters × Ns) the mean standardised estimate over the
    converged replications.  ``source``: ``"population"`` (stated values) or
    ``"post_hoc"`` (the fitted solution of a results dictionary).  See the
    module docstring for the rules.
    """

    parameters: tuple[PowerParameter, ...]
    n: tuple[int, ...]
    reps: int
    alpha: float
    power: np.ndarray = field(repr=False)
    n_converged: np.ndarray = field(repr=False)
    n_inadmissible: np.ndarray | None = field(default=None, repr=False)
    n_failed: np.ndarray | None = field(default=None, repr=False)
    mean_std: np.ndarray | None = field(default=None, repr=False)
    likert: int | None = 5
    seed: int | None = None
    source: str = "population"
    syntax: str = ""
    population: PopulationModel | None = field(default=None, repr=False)
    observed_n: int | None = None
    elapsed: float = 0.0
    notes: tuple[dict, ...] = ()

    def __post_init__(self):
        k, m = len(self.parameters), len(self.n)
        power = np.asarray(self.power, dtype=float).reshape(k, m)
        conv = np.asarray(self.n_converged, dtype=int).reshape(m)
        object.__setattr__(self, "power", power)
        object.__setattr__(self, "n_converged", conv)
        for name in ("n_inadmissible", "n_failed"):
            v = getattr(self, name)
            object.__setattr__(self, name, np.zeros(m, dtype=int) if v is None else np.asarray(v, dtype=int))
        mean = self.mean_std
        object.__setattr__(self, "mean_std", np.full((k, m), np.nan) if mean is None
                           else np.asarray(mean, dtype=float).reshape(k, m))
        object.__setattr__(self, "n", tuple(int(x) for x in self.n))

    # -- derived numbers ------------------------------------------------------------
    @property
    def mc_se(self) -> np.ndarray:
        """Monte Carlo SE of every power: √(p(1 − p)/R), R = converged replications at that N."""
        R = self.n_converged.astype(float)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(R > 0, np.sqrt(self.power * (1 - self.power) / np.where(R > 0, R, 1.0)), np.nan)

    @property
    def share_converged(self) -> np.ndarray:
        return self.n_converged / float(self.reps)

    def _columns(self, prefix: str = "") -> list[str]:
        return [f"{prefix}N={n}" for n in self.n]

    # -- tables ---------------------------------------------------------------------
    def table(self, se: bool = False) -> pd.DataFrame:
        """One row per effect: ``parameter``, ``kind`` (path / indirect), ``population`` (standardised) and
        the power at every N (columns ``N=200`` …); ``se=True`` adds the Monte Carlo SEs (``MC SE N=200`` …)."""
        frame = pd.DataFrame({"parameter": [p.name for p in self.parameters],
                              "kind": [p.kind for p in self.parameters],
                              "population": [p.population for p in self.parameters]})
        for j, col in enumerate(self._columns()):
            frame[col] = self.power[:, j]
        if se:
            mc = self.mc_se
            for j, col in enumerate(self._columns("MC SE ")):
                frame[col] = mc[:, j]
        return frame

    def convergence(self) -> pd.DataFrame:
        """Per N: replications, converged (power's denominator), share converged, inadmissible (kept), failed."""
        return pd.DataFrame({"n": list(self.n), "reps": [self.reps] * len(self.n),
                             "converged": self.n_converged, "share_converged": self.share_converged,
                             "inadmissible": self.n_inadmissible, "failed": self.n_failed})

    def bias(self) -> pd.DataFrame:
        """Mean standardised estimate (``mean N=…``) and relative bias (mean − population) / population
        (``bias N=…``, NaN for a population value of 0) per effect; Muthén & Muthén (2002) want |bias| < .10."""
        frame = self.table()[["parameter", "kind", "population"]]
        pop = np.array([p.population for p in self.parameters])
        with np.errstate(invalid="ignore", divide="ignore"):
            rel = np.where(pop[:, None] != 0, (self.mean_std - pop[:, None]) / np.where(pop == 0, 1, pop)[:, None],
                           np.nan)
        for j, n in enumerate(self.n):
            frame[f"mean N={n}"] = self.mean_std[:, j]
        for j, n in enumerate(self.n):
            frame[f"bias N={n}"] = rel[:, j]
        return frame

    def n_needed(self, target: float = 0.8) -> pd.DataFrame:
        """The smallest N with power ≥ ``target`` per effect, by linear interpolation of the power between
        the simulated Ns (on the N scale), rounded up.

        Columns: ``parameter``, ``kind``, ``population``, ``n_needed`` (a number, NaN when unknown),
        ``status`` — ``"interpolated"`` (crossed between two simulated Ns), ``"at_min"`` (the smallest
        simulated N already reaches the target: N needed ≤ that N, which is reported), ``"above_max"``
        (no simulated N reaches it), ``"null"`` (population value 0: no N makes the test detect a zero
        effect) — and ``text`` (``"≈ 284"``, ``"≤ 200"``, ``"> 500"``, ``"n/a"``).  Non-monotone curves
        (Monte Carlo noise) use the first crossing.  Ns whose power is undefined (no converged
        replication) are skipped.
        """
        target = _check_target(target)
        rows = []
        for i, p in enumerate(self.parameters):
            n_req, status = _crossing(self.n, self.power[i], target)
            if p.population == 0:
                n_req, status = math.nan, "null"
            text = {"interpolated": f"≈ {n_req:.0f}", "at_min": f"≤ {n_req:.0f}",
                    "above_max": f"> {max(self.n)}", "null": "n/a", "unknown": "n/a"}[status]
            rows.append({"parameter": p.name, "kind": p.kind, "population": p.population, "n_needed": n_req,
                         "status": status, "text": text})
        return pd.DataFrame(rows, columns=["parameter", "kind", "population", "n_needed", "status", "text"])

    def summary(self) -> dict:
        fits = int(len(self.n) * self.reps)
        return {"n": list(self.n), "reps": self.reps, "alpha": self.alpha, "likert": self.likert,
                "seed": self.seed, "source": self.source, "fits": fits, "seconds": round(self.elapsed, 3),
                "fits_per_second": fits / self.elapsed if self.elapsed > 0 else None}

    def to_dict(self, target: float = 0.8) -> dict:
        """JSON-safe: settings, the population, per effect its power and MC SE at every N (lists in the
        order of ``n``), mean standardised estimate and N needed for ``target``; convergence per N."""
        needed = self.n_needed(target)
        mc = self.mc_se
        params = []
        for i, p in enumerate(self.parameters):
            entry = p.to_dict()
            entry.update({"power": self.power[i].tolist(), "mc_se": mc[i].tolist(),
                          "mean_std": self.mean_std[i].tolist(),
                          "n_needed": needed["n_needed"].iloc[i], "n_needed_status": needed["status"].iloc[i],
                          "n_needed_text": needed["text"].iloc[i]})
            params.append(entry)
        out = {"method": "monte_carlo", **self.summary(), "target": float(target),
               "observed_n": self.observed_n, "syntax": self.syntax,
               "population_model": _population_dict(self.population) if self.population is not None else None,
               "parameters": params, "convergence": self.convergence().to_dict(orient="records"),
               "power_rule": "share of converged replications with p < alpha and the population's sign "
                             "(any rejection when the population value is 0)",
               "n_needed_rule": "first crossing of the target by linear interpolation between simulated N, "
                                "rounded up; <= min N when the smallest N reaches it; > max N when none does",
               "notes": list(self.notes), "references": list(REFERENCES)}
        return jsonable(out)


def _crossing(ns: Sequence[int], power: np.ndarray, target: float) -> tuple[float, str]:
    pts = [(float(n), float(p)) for n, p in zip(ns, power) if math.isfinite(float(p))]
    if not pts:
        return math.nan, "unknown"
    if pts[0][1] >= target:
        return pts[0][0], "at_min"
    for (n0, p0), (n1, p1) in zip(pts[:-1], pts[1:]):
        if p1 >= target:            # p0 < target here (first crossing)
            n_star = n0 + (target - p0) * (n1 - n0) / (p1 - p0)
            return float(math.ceil(n_star - 1e-9)), "interpolated"
    return math.nan, "above_max"


def _population_dict(model: PopulationModel) -> dict:
    return {"constructs": {c: list(items) for c, items in model.constructs.items()},
            "loadings": {k: float(v) for k, v in model.loadings.items()},
            "exogenous_corr": {f"{a} ~~ {b}": float(r) for (a, b), r in model.exogenous_corr.items()},
            "paths": {f"{o} ~ {p}": float(b) for (o, p), b in model.paths.items()},
            "r2": model.r_squared()}


# ----------------------------------------------------------------------------------
# argument checks
# ----------------------------------------------------------------------------------
def _is_int(v) -> bool:
    return isinstance(v, (int, np.integer)) and not isinstance(v, bool)


def _check_target(target) -> float:
    if isinstance(target, bool) or not isinstance(target, (int, float, np.floating)) \
            or not math.isfinite(float(target)) or not 0 < float(target) < 1:
        raise _invalid("target", f"{target!r} ∉ (0, 1)", "Give the target power as a number between 0 and 1, e.g. 0.8.",
                       "请以 0 到 1 之间的数字给出目标检验力，例如 0.8。",
                       "請以 0 到 1 之間的數字給出目標檢定力，例如 0.8。")
    return float(target)


def _check_n(n, p: int) -> tuple[int, ...]:
    values = [n] if _is_int(n) or isinstance(n, (bool, float, str)) else n
    try:
        values = list(itertools.islice(values, MAX_SAMPLE_SIZES + 1))   # a huge range is never listed whole
    except TypeError:
        values = [n]
    if len(values) > MAX_SAMPLE_SIZES:
        raise _invalid("n", f"> {MAX_SAMPLE_SIZES} sample sizes",
                       f"Give at most {MAX_SAMPLE_SIZES} sample sizes: each costs `reps` model fits, and a power "
                       f"curve is read well from 5–10 points.",
                       f"最多给出 {MAX_SAMPLE_SIZES} 个样本量：每个样本量都要拟合 reps 次模型，检验力曲线有 5–10 个点即可看清。",
                       f"最多提供 {MAX_SAMPLE_SIZES} 個樣本數：每個樣本數都要配適 reps 次模型，檢定力曲線有 5–10 個點即可看清。")
    if not values:
        raise _invalid("n", "[]", "Give at least one sample size, e.g. n=(200, 300, 500).",
                       "请至少给出一个样本量，例如 n=(200, 300, 500)。", "請至少給出一個樣本數，例如 n=(200, 300, 500)。")
    for v in values:
        if not _is_int(v) or v < 1:
            raise _invalid("n", f"{v!r}", "Give every sample size as a whole number ≥ 1, e.g. n=(200, 300, 500).",
                           "每个样本量须为 ≥ 1 的整数，例如 n=(200, 300, 500)。",
                           "每個樣本數須為 ≥ 1 的整數，例如 n=(200, 300, 500)。")
        if v > MAX_SIMULATED_N:
            raise _invalid("n", f"N = {v:,} > {MAX_SIMULATED_N:,}",
                           f"Give sample sizes up to {MAX_SIMULATED_N:,}: every replication simulates and fits N "
                           f"respondents, and power at larger N is 1 for any path worth testing.",
                           f"样本量最多为 {MAX_SIMULATED_N:,}：每次重复都要模拟并拟合 N 个受访者，而更大的 N 下值得检验的路径检验力都为 1。",
                           f"樣本數最多為 {MAX_SIMULATED_N:,}：每次重複都要模擬並配適 N 個受訪者，而更大的 N 下值得檢定的路徑檢定力都為 1。")
        if v <= p:
            raise _invalid("n", f"N = {v} ≤ p = {p}",
                           f"Every sample size must exceed the number of items ({p}): ML needs more respondents "
                           f"than observed variables (as a rule at least 200).",
                           f"每个样本量都必须大于题目数（{p}）：ML 估计需要的受访者多于观测变量（一般至少 200）。",
                           f"每個樣本數都必須大於題目數（{p}）：ML 估計需要的受訪者多於觀察變項（一般至少 200）。")
    return tuple(sorted({int(v) for v in values}))


def _check_options(reps, alpha, likert, n_jobs, seed, progress):
    if not _is_int(reps) or reps < MIN_REPS:
        raise _invalid("reps", f"{reps!r} < {MIN_REPS}" if _is_int(reps) else f"{reps!r}",
                       f"Give the number of replications as a whole number ≥ {MIN_REPS} (Muthén & Muthén 2002 "
                       f"use 10 000; 500–1000 is usual for planning).",
                       f"请以 ≥ {MIN_REPS} 的整数给出重复次数（Muthén & Muthén 2002 使用 10 000 次；规划研究时常用 500–1000 次）。",
                       f"請以 ≥ {MIN_REPS} 的整數給出重複次數（Muthén & Muthén 2002 使用 10 000 次；規劃研究時常用 500–1000 次）。")
    check_count("reps", reps, MIN_REPS, MAX_REPLICATIONS,
                why_en="the Monte Carlo error of a power estimate is below .004 at 20 000 replications, and more "
                       "take hours (Muthén & Muthén 2002 use 10 000).",
                why_zh="重复 20 000 次时检验力估计的蒙特卡洛误差已低于 .004，更多次需要数小时（Muthén & Muthén 2002 使用 10 000 次）。",
                why_zh_hant="重複 20 000 次時檢定力估計的蒙地卡羅誤差已低於 .004，更多次需要數小時（Muthén & Muthén 2002 使用 10 000 次）。")
    if isinstance(alpha, bool) or not isinstance(alpha, (int, float, np.floating)) \
            or not math.isfinite(float(alpha)) or not 0 < float(alpha) < 1:
        raise _invalid("alpha", f"{alpha!r} ∉ (0, 1)", "Give the significance level as a number between 0 and 1, "
                       "e.g. 0.05.", "请以 0 到 1 之间的数字给出显著性水平，例如 0.05。",
                       "請以 0 到 1 之間的數字給出顯著水準，例如 0.05。")
    if likert is not None and (not _is_int(likert) or likert not in DEFAULT_THRESHOLDS):
        shown = ", ".join(str(k) for k in DEFAULT_THRESHOLDS)
        raise _invalid("likert", f"{likert!r} ∉ {{{shown}, None}}",
                       f"Use likert=5 or 7 (answers cut into that many points) or None (continuous scores).",
                       "请使用 likert=5 或 7（把分数切分为相应点数的答案），或 None（连续分数）。",
                       "請使用 likert=5 或 7（把分數切分為相應點數的答案），或 None（連續分數）。")
    if not _is_int(n_jobs) or n_jobs == 0:
        raise _invalid("n_jobs", f"{n_jobs!r}", "Give n_jobs as a whole number: 1 (serial), 2, … or −1 (all cores).",
                       "n_jobs 须为整数：1（串行）、2……或 −1（全部核心）。",
                       "n_jobs 須為整數：1（序列）、2……或 −1（全部核心）。")
    check_workers("n_jobs", int(n_jobs))
    if seed is not None and not isinstance(seed, np.random.SeedSequence) and (not _is_int(seed) or seed < 0):
        raise _invalid("seed", f"{seed!r}", "Give the seed as a whole number ≥ 0 (or None for a fresh one).",
                       "随机种子须为 ≥ 0 的整数（或 None 表示新种子）。", "隨機種子須為 ≥ 0 的整數（或 None 表示新種子）。")
    if progress is not None and not callable(progress):
        raise _invalid("progress", type(progress).__name__, "Pass a function progress(done, total) or None.",
                       "请传入函数 progress(done, total) 或 None。", "請傳入函式 progress(done, total) 或 None。")
    return int(reps), float(alpha)


# ----------------------------------------------------------------------------------
# the population from a results dictionary (post-hoc / planning for replication)
# ----------------------------------------------------------------------------------
def _load_results(model) -> Mapping:
    if isinstance(model, (str, os.PathLike)):
        path = Path(model)
        if not path.is_file():
            raise _invalid("model", f'"{path.name}"',
                           "Give a PopulationModel, a results dictionary, or the path of an existing results.json.",
                           "请给出 PopulationModel、结果字典或已存在的 results.json 路径。",
                           "請提供 PopulationModel、結果字典或已存在的 results.json 路徑。")
        from .results_file import load_results  # size, nesting depth and shape checked: a research error

        return load_results(path)
    if not isinstance(model, Mapping) and callable(getattr(model, "to_dict", None)):
        return model.to_dict()
    if isinstance(model, Mapping):
        from .results_file import check_results

        return check_results(model)
    raise _invalid("model", type(model).__name__,
                   "Give a PopulationModel (research.simulate), a results dictionary from research.analyze(...)"
                   ".to_dict(), or the path of a results.json.",
                   "请给出 PopulationModel（research.simulate）、research.analyze(...).to_dict() 的结果字典或 results.json 的路径。",
                   "請提供 PopulationModel（research.simulate）、research.analyze(...).to_dict() 的結果字典或 results.json 的路徑。")


def _no_structure(detail: str):
    return _invalid("model", detail,
                    "The results have no structural model (no 'Y ~ X' paths were fitted), so there is no path "
                    "to plan for. Analyse a model with structural paths first.",
                    "结果中没有结构模型（未拟合 'Y ~ X' 路径），无可规划的路径。请先分析带结构路径的模型。",
                    "結果中沒有結構模型（未配適 'Y ~ X' 路徑），無可規劃的路徑。請先分析帶結構路徑的模型。")


def _num(v, what: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(float(v)):
        raise _invalid_data(f"{what}: std.all = {v!r}",
                            "The results lack a finite standardised estimate here; run the analysis again.",
                            "结果中此处缺少有限的标准化估计值；请重新运行分析。",
                            "結果中此處缺少有限的標準化估計值；請重新執行分析。")
    return float(v)


def population_from_results(results) -> tuple[PopulationModel, tuple[dict, ...], int | None]:
    """(population, notes, N of the study) from a results dictionary / results.json path.

    The population is the ``sem`` block's standardised solution: std.all of
    every loading (``=~``), of every structural path (``~``) and of every
    covariance between two exogenous constructs.  See the module docstring
    for why this post-hoc population is optimistic.
    """
    d = _load_results(results)
    sem = d.get("sem") if isinstance(d, Mapping) else None
    if not isinstance(sem, Mapping) or not isinstance(sem.get("parameters"), list):
        raise _no_structure("sem = null")
    rows = [r for r in sem["parameters"] if isinstance(r, Mapping)]
    if not any(r.get("op") == "~" for r in rows):
        raise _no_structure("sem: no '~' rows")
    if sem.get("converged") is False:
        raise _invalid("model", "sem.converged = false",
                       "The fitted model did not converge, so its estimates cannot serve as a population. "
                       "Fix the model first (see its warnings).",
                       "拟合的模型未收敛，其估计值不能作为总体值。请先修正模型（见其警告）。",
                       "配適的模型未收斂，其估計值不能作為母體值。請先修正模型（見其警告）。")
    constructs: dict[str, list[str]] = {}
    loadings: dict[str, float] = {}
    for r in rows:
        if r.get("op") == "=~":
            f, item = str(r["lhs"]), str(r["rhs"])
            if item in loadings:
                raise _invalid("model", f"{item}: =~ ×2",
                               f"Item {item} loads on more than one construct; a population model needs every "
                               f"item in one construct.",
                               f"题目 {item} 在多个构念上有载荷；总体模型要求每个题目只属于一个构念。",
                               f"題目 {item} 在多個構念上有負荷；母體模型要求每個題目只屬於一個構念。", column=item)
            lam = _num(r.get("std.all"), f"{f} =~ {item}")
            if not -1 < lam < 1:
                raise _invalid("model", f"{f} =~ {item}: std.all = {lam:.3f}",
                               f"The fitted standardised loading of {item} is not below 1 in size (a Heywood case): "
                               f"it cannot serve as a population value. Fix the model, or state the population "
                               f"with a PopulationModel.",
                               f"{item} 的标准化载荷绝对值不小于 1（Heywood 情况），不能作为总体值。请修正模型，或用 PopulationModel 指定总体值。",
                               f"{item} 的標準化負荷量絕對值不小於 1（Heywood 情況），不能作為母體值。請修正模型，或用 PopulationModel 指定母體值。",
                               column=item)
            constructs.setdefault(f, []).append(item)
            loadings[item] = lam
    if not constructs:
        raise _invalid("model", "sem: no '=~' rows",
                       "The fitted model has no measurement part (no 'F =~ x1 + x2' lines); power is simulated for "
                       "latent constructs measured by items.",
                       "拟合的模型没有测量部分（没有 'F =~ x1 + x2' 行）；检验力模拟针对由题目测量的潜在构念。",
                       "配適的模型沒有測量部分（沒有 'F =~ x1 + x2' 行）；檢定力模擬針對由題目測量的潛在構念。")
    paths: dict[tuple[str, str], float] = {}
    for r in rows:
        if r.get("op") == "~":
            o, p = str(r["lhs"]), str(r["rhs"])
            for v in (o, p):
                if v not in constructs:
                    raise _invalid("model", f"{o} ~ {p}: {v}",
                                   f"The structural part uses {v}, which is not a construct measured by items; "
                                   f"power analysis supports paths between latent constructs only.",
                                   f"结构部分使用了 {v}，它不是由题目测量的构念；检验力分析只支持潜在构念之间的路径。",
                                   f"結構部分使用了 {v}，它不是由題目測量的構念；檢定力分析只支援潛在構念之間的路徑。",
                                   column=v)
            paths[(o, p)] = _num(r.get("std.all"), f"{o} ~ {p}")
    endogenous = {o for o, _ in paths}
    corr: dict[tuple[str, str], float] = {}
    notes: list[dict] = []
    for r in rows:
        if r.get("op") != "~~" or r.get("lhs") == r.get("rhs"):
            continue
        a, b = str(r["lhs"]), str(r["rhs"])
        if a in constructs and b in constructs and a not in endogenous and b not in endogenous:
            corr[(a, b)] = _num(r.get("std.all"), f"{a} ~~ {b}")
        else:
            notes.append({"code": "covariance_left_out", "en": f"{a} ~~ {b} is not part of the population model "
                          f"(residual covariances cannot be stated there): it was left out of the simulation.",
                          "zh-Hans": f"{a} ~~ {b} 不属于总体模型（总体模型不能指定残差协方差），模拟时已将其略去。",
                          "zh-Hant": f"{a} ~~ {b} 不屬於母體模型（母體模型不能指定殘差共變數），模擬時已將其略去。"})
    try:
        model = PopulationModel(loadings, constructs, corr, paths)
    except ResearchError as err:
        raise _invalid("model", "std.all → PopulationModel",
                       "The fitted standardised solution is not a valid population (" + err.message("en") + ").",
                       "拟合的标准化解不是有效的总体（" + err.message("zh-Hans") + "）。",
                       "配適的標準化解不是有效的母體（" + err.message("zh-Hant") + "）。") from None
    n_obs = sem.get("n", d.get("n"))
    return model, tuple(notes), int(n_obs) if _is_int(n_obs) else None


def _override(model: PopulationModel, population) -> PopulationModel:
    """Replace stated values: ``{"SAT ~ REL": .15, ("SAT", "REL"): .15, "ECO ~~ REL": .3, "REL1": .7}``."""
    if population is None:
        return model
    if not isinstance(population, Mapping):
        raise _invalid("population", type(population).__name__,
                       "Give the population values to change as a dictionary, e.g. {'SAT ~ REL': 0.15}.",
                       "请以字典给出要修改的总体值，例如 {'SAT ~ REL': 0.15}。",
                       "請以字典提供要修改的母體值，例如 {'SAT ~ REL': 0.15}。")
    loadings, corr, paths = dict(model.loadings), dict(model.exogenous_corr), dict(model.paths)
    for key, value in population.items():
        if isinstance(value, bool) or not isinstance(value, (int, float, np.floating)) \
                or not math.isfinite(float(value)):
            raise _invalid("population", f"{key!r}: {value!r}", "Give every population value as a finite number.",
                           "每个总体值都须为有限的数字。", "每個母體值都須為有限的數字。", column=str(key))
        value = float(value)
        if isinstance(key, tuple) and len(key) == 2:
            key = f"{key[0]} ~ {key[1]}"
        text = str(key)
        if "~~" in text:
            a, b = (s.strip() for s in text.split("~~", 1))
            corr.pop((b, a), None)
            corr[(a, b)] = value
        elif "~" in text:
            o, p = (s.strip() for s in text.split("~", 1))
            if (o, p) not in paths:
                shown = ", ".join(f"{x} ~ {y}" for x, y in paths)
                raise _invalid("population", f'"{text}" ∉ {{{shown}}}',
                               "Change only paths of the model (adding a path changes the model itself).",
                               "只能修改模型中已有的路径（增加路径会改变模型本身）。",
                               "只能修改模型中已有的路徑（增加路徑會改變模型本身）。", column=text)
            paths[(o, p)] = value
        elif text in loadings:
            loadings[text] = value
        else:
            raise _invalid("population", f'"{text}"',
                           "Name a path 'Y ~ X', an exogenous correlation 'A ~~ B' or an item (its loading).",
                           "请指定路径 'Y ~ X'、外生构念相关 'A ~~ B' 或题目（其载荷）。",
                           "請指定路徑 'Y ~ X'、外生構念相關 'A ~~ B' 或題目（其負荷量）。", column=text)
    return PopulationModel(loadings, model.constructs, corr, paths)


# ----------------------------------------------------------------------------------
# one replication and a block of them (workers)
# ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Task:
    population: PopulationModel
    syntax: str
    parameters: tuple[PowerParameter, ...]
    alpha: float
    likert: int | None

    def one(self, n: int, child: np.random.SeedSequence) -> tuple[int, np.ndarray, np.ndarray]:
        """(status, detected per parameter, standardised estimate per parameter) of one replication."""
        from .effects import effects
        from .sem import fit_sem

        k = len(self.parameters)
        nothing = (FAILED, np.zeros(k, dtype=bool), np.full(k, np.nan))
        data = simulate_continuous(self.population, n, np.random.default_rng(child))
        if self.likert is not None:
            data = to_likert(data, self.likert).astype(float)
        try:
            with np.errstate(all="ignore"):
                res = fit_sem(self.syntax, data, start="simple")
                if not res.converged or not np.all(np.isfinite(res.theta)):
                    return nothing
                par = res.parameters
                reg = par[par["op"] == "~"]
                path = {(lhs, rhs): (est, pval, s) for lhs, rhs, est, pval, s
                        in reg[["lhs", "rhs", "est", "pvalue", "std.all"]].itertuples(index=False)}
                ind = {}
                if any(p.kind == "indirect" for p in self.parameters):
                    eff = effects(res, types="indirect", standardized=False)
                    ind = {(r[0], tuple(r[2]), r[1]): (r[3], r[4])
                           for r in eff[["from", "to", "via", "est", "pvalue"]].itertuples(index=False)}
        except (ResearchError, np.linalg.LinAlgError, ValueError, FloatingPointError, ZeroDivisionError):
            return nothing
        detected = np.zeros(k, dtype=bool)
        std = np.full(k, np.nan)
        for i, p in enumerate(self.parameters):
            if p.kind == "path":
                est, pval, s = path[(p.target, p.source)]
            else:
                est, pval = ind[(p.source, p.via, p.target)]
                chain = (p.source,) + p.via + (p.target,)
                s = float(np.prod([path[(b, a)][2] for a, b in zip(chain[:-1], chain[1:])]))
            std[i] = s
            sig = bool(np.isfinite(pval) and pval < self.alpha)
            detected[i] = sig and (p.population == 0 or np.sign(est) == np.sign(p.population))
        status = INADMISSIBLE if any(c in INADMISSIBLE_CODES for c in res.warning_codes) else OK
        return status, detected, std


def _run_block(task: _Task, n: int, children: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from .bootstrap import _one_thread

    k = len(task.parameters)
    status = np.full(len(children), FAILED, dtype=np.int8)
    detected = np.zeros((len(children), k), dtype=bool)
    std = np.full((len(children), k), np.nan)
    with _one_thread():
        for j, child in enumerate(children):
            status[j], detected[j], std[j] = task.one(n, child)
    return status, detected, std


# ----------------------------------------------------------------------------------
# the simulation
# ----------------------------------------------------------------------------------
def power(model, n=(200, 300, 500), reps: int = 500, *, alpha: float = 0.05, seed=None, likert: int | None = 5,
          n_jobs: int = 1, progress: Callable[[int, int], None] | None = None, population=None,
          scheduler=None) -> PowerResult:
    """Monte Carlo power of every structural path and specific indirect effect at every N.

    ``model``: a :class:`research.simulate.PopulationModel` (stated
    standardised population values), or a results dictionary /
    ``results.json`` path / :class:`~research.analyze.AnalysisResult` from
    ``research analyze`` — then the population is the fitted standardised
    solution (post-hoc, planning-for-replication power; optimistic, see the
    module docstring).  ``n``: one sample size or several (sorted; each must
    exceed the number of items).  ``reps``: replications per N (≥ 10; 500 or
    more for a plan — the MC SE of a power of .80 is then ≤ .018).
    ``alpha``: two-sided level of every test.  ``seed``: int ≥ 0 (or a
    SeedSequence) for a reproducible run.  ``likert``: 5 (default) or 7 cuts
    the simulated answers into Likert points; None keeps continuous scores.
    ``n_jobs``: worker processes (−1 = all cores), or ``scheduler`` (a Dask
    scheduler address or ``distributed.Client``) to run the replications on a
    cluster (:mod:`research.parallel`); the results depend on neither.  ``progress(done, total)`` is called after every block of
    replications (an exception raised by it stops the run).  ``population``:
    values to change before simulating, ``{"SAT ~ REL": .15, "ECO ~~ REL":
    .3, "REL1": .7}`` (paths, exogenous correlations, loadings) — e.g. to
    plan with a smaller effect than the one observed.

    Power = detected / converged replications (p < ``alpha`` and the
    population's sign); see :class:`PowerResult` and the module docstring.
    """
    from .sem import parse_model
    from .sem.partable import build_partable, check_identification

    reps, alpha = _check_options(reps, alpha, likert, n_jobs, seed, progress)
    notes: tuple[dict, ...] = ()
    observed_n = None
    if isinstance(model, PopulationModel):
        source = "population"
    else:
        model, notes, observed_n = population_from_results(model)
        source = "post_hoc"
    model = _override(model, population)
    if not model.paths:
        raise _invalid("model", "paths = {}", "State at least one structural path, e.g. paths={('SAT', 'REL'): 0.3}.",
                       "请至少指定一条结构路径，例如 paths={('SAT', 'REL'): 0.3}。",
                       "請至少指定一條結構路徑，例如 paths={('SAT', 'REL'): 0.3}。")
    ns = _check_n(n, len(model.items))
    syntax = model_syntax(model)
    check_identification(build_partable(parse_model(syntax)))      # errors here, not in every replication
    params = _parameters(model)
    task = _Task(model, syntax, params, alpha, None if likert is None else int(likert))

    ss = seed if isinstance(seed, np.random.SeedSequence) else np.random.SeedSequence(seed)
    children = ss.spawn(len(ns) * reps)
    calls = []
    for i, size in enumerate(ns):
        for start in range(0, reps, BLOCK):
            stop = min(start + BLOCK, reps)
            calls.append((i, start, stop, (size, children[i * reps + start: i * reps + stop])))
    total = len(ns) * reps
    k = len(params)
    status = np.full((len(ns), reps), FAILED, dtype=np.int8)
    detected = np.zeros((len(ns), reps, k), dtype=bool)
    std = np.full((len(ns), reps, k), np.nan)
    started = time.perf_counter()
    runs = run_ordered(_run_block, [args for *_, args in calls], n_jobs=n_jobs, scheduler=scheduler,
                       shared=(task,))
    done = 0
    for (i, start, stop, _), (st, det, est) in zip(calls, runs):
        status[i, start:stop] = st
        detected[i, start:stop] = det
        std[i, start:stop] = est
        done += stop - start
        if progress is not None:
            progress(done, total)
    elapsed = time.perf_counter() - started

    converged = status != FAILED                                   # (N, reps)
    n_conv = converged.sum(axis=1)
    notes = tuple(notes) + _run_notes(ns, reps, n_conv, (status == INADMISSIBLE).sum(axis=1))
    with np.errstate(invalid="ignore", divide="ignore"):
        pw = (detected & converged[:, :, None]).sum(axis=1) / np.where(n_conv > 0, n_conv, np.nan)[:, None]
        usable = converged[:, :, None] & np.isfinite(std)          # a converged fit may lack a std.all
        n_usable = usable.sum(axis=1)
        mean = np.where(usable, std, 0.0).sum(axis=1) / np.where(n_usable > 0, n_usable, np.nan)
    return PowerResult(parameters=params, n=ns, reps=reps, alpha=alpha, power=pw.T, n_converged=n_conv,
                       n_inadmissible=(status == INADMISSIBLE).sum(axis=1), n_failed=(status == FAILED).sum(axis=1),
                       mean_std=mean.T, likert=task.likert, seed=int(ss.entropy), source=source, syntax=syntax,
                       population=model, observed_n=observed_n, elapsed=elapsed, notes=notes)


def _run_notes(ns, reps: int, n_conv, n_inad) -> tuple[dict, ...]:
    out = []
    for size, conv, inad in zip(ns, n_conv, n_inad):
        failed = reps - int(conv)
        if failed:
            out.append({"code": "power_nonconverged", "n": int(size),
                        "en": f"N = {size}: {failed} of {reps} replications did not converge (or could not be "
                              f"fitted) and were left out; power is the share of the {conv} converged ones.",
                        "zh-Hans": f"N = {size}：{reps} 次重复中有 {failed} 次未收敛（或无法拟合），已剔除；"
                                   f"检验力按收敛的 {conv} 次计算。",
                        "zh-Hant": f"N = {size}：{reps} 次重複中有 {failed} 次未收斂（或無法配適），已剔除；"
                                   f"檢定力按收斂的 {conv} 次計算。"})
        if inad:
            out.append({"code": "power_inadmissible", "n": int(size),
                        "en": f"N = {size}: {inad} of {reps} replications converged to an inadmissible solution "
                              f"(e.g. a negative variance); they are kept, as lavaan does.",
                        "zh-Hans": f"N = {size}：{reps} 次重复中有 {inad} 次收敛到不可接受的解（如方差为负）；"
                                   f"按 lavaan 的做法保留。",
                        "zh-Hant": f"N = {size}：{reps} 次重複中有 {inad} 次收斂到不可接受的解（如變異數為負）；"
                                   f"按 lavaan 的做法保留。"})
    return tuple(out)


# ----------------------------------------------------------------------------------
# figure
# ----------------------------------------------------------------------------------
_TEXT = {
    "title": {"en": "Power by sample size (Monte Carlo, {reps} replications per N)",
              "zh-Hans": "不同样本量下的检验力（蒙特卡洛模拟，每个 N 重复 {reps} 次）",
              "zh-Hant": "不同樣本數下的檢定力（蒙地卡羅模擬，每個 N 重複 {reps} 次）"},
    "x": {"en": "Sample size N", "zh-Hans": "样本量 N", "zh-Hant": "樣本數 N"},
    "y": {"en": "Power", "zh-Hans": "检验力", "zh-Hant": "檢定力"},
    "target": {"en": "{pct}% power", "zh-Hans": "{pct}% 检验力", "zh-Hant": "{pct}% 檢定力"},
    "path": {"en": "path", "zh-Hans": "路径", "zh-Hant": "路徑"},
    "indirect": {"en": "indirect", "zh-Hans": "间接效应", "zh-Hant": "間接效果"},
    "note": {"en": "Note. Power = share of converged replications with p < {alpha} and the population's sign; "
                   "paths: Wald z-test, indirect effects: delta-method (Sobel) test. {data} "
                   "Bars: ±2 Monte Carlo SE. Muthén & Muthén (2002).",
             "zh-Hans": "注：检验力 = 收敛的重复中 p < {alpha} 且符号与总体一致的比例；路径：Wald z 检验，"
                        "间接效应：delta 法（Sobel）检验。{data}误差线：±2 个蒙特卡洛标准误。Muthén & Muthén (2002)。",
             "zh-Hant": "註：檢定力 = 收斂的重複中 p < {alpha} 且符號與母體一致的比例；路徑：Wald z 檢定，"
                        "間接效果：delta 法（Sobel）檢定。{data}誤差線：±2 個蒙地卡羅標準誤。Muthén & Muthén (2002)。"},
    "likert": {"en": "Data: {k}-point Likert answers.", "zh-Hans": "数据：{k} 点李克特答案。",
               "zh-Hant": "資料：{k} 點李克特答案。"},
    "continuous": {"en": "Data: continuous scores.", "zh-Hans": "数据：连续分数。", "zh-Hant": "資料：連續分數。"},
    "post_hoc": {"en": "Population = the fitted standardised solution (n = {n}): planning-for-replication power, "
                       "optimistic (Hoenig & Heisey 2001).",
                 "zh-Hans": "总体值 = 已拟合的标准化解（n = {n}）：用于规划重复研究的检验力，偏乐观（Hoenig & Heisey 2001）。",
                 "zh-Hant": "母體值 = 已配適的標準化解（n = {n}）：用於規劃重複研究的檢定力，偏樂觀（Hoenig & Heisey 2001）。"},
}


def _apa(x: float, digits: int = 2) -> str:
    """A value that cannot exceed 1 without its leading zero (APA 7): .05, .80; 0 and 1 as they are."""
    if x == 0 or x == 1:
        return f"{x:g}"
    s = f"{abs(x):.{digits}f}"
    s = s[1:] if s.startswith("0") else s
    return ("−" if x < 0 else "") + s


def plot(result: PowerResult, lang: str = "en", *, target: float = 0.8):
    """Power curves: one line per effect (paths solid, indirect effects dashed) against N, the simulated
    Ns marked with ±2 MC SE bars, and the ``target`` line (80 % by default).  Returns a
    :class:`matplotlib.figure.Figure` (no pyplot); text in ``lang`` (``en``, ``zh-Hans``, ``zh-Hant``),
    fonts from :func:`research.fonts.cjk_font_families`.  Save it with :func:`research.figures.save`."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties
    from matplotlib.ticker import FuncFormatter

    from .fonts import cjk_font_families
    from .messages import LANGUAGES

    if not isinstance(result, PowerResult):
        raise _invalid("result", type(result).__name__, "Pass the result of research.power.power(...).",
                       "请传入 research.power.power(...) 的结果。", "請傳入 research.power.power(...) 的結果。")
    if lang not in LANGUAGES:
        raise _invalid("lang", f"{lang!r} ∉ {{en, zh-Hans, zh-Hant}}", "Use lang='en', 'zh-Hans' or 'zh-Hant'.",
                       "请使用 lang='en'、'zh-Hans' 或 'zh-Hant'。", "請使用 lang='en'、'zh-Hans' 或 'zh-Hant'。")
    target = _check_target(target)
    families = list(cjk_font_families())

    def fp(size):
        return FontProperties(family=families, size=size)

    k = len(result.parameters)
    height = 4.6 + max(0.0, 0.22 * (k - 10))
    fig = Figure(figsize=(9.5, height), layout="constrained")
    fig.get_layout_engine().set(rect=(0, 0.55 / height, 1, 1 - 0.55 / height))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot(1, 1, 1)
    ns = np.array(result.n, dtype=float)
    mc = result.mc_se
    from matplotlib import colormaps
    tab20 = colormaps["tab20"].colors                 # tab10's colours, then their light partners
    palette = list(tab20[0::2]) + list(tab20[1::2])
    for i, p in enumerate(result.parameters):
        style = "-" if p.kind == "path" else "--"
        marker = "o" if p.kind == "path" else "s"
        label = f"{p.name} ({_TEXT[p.kind][lang]}, {_signed(p.population)})"
        half = 2 * np.nan_to_num(mc[i])              # ±2 MC SE, clipped to [0, 1]
        yerr = np.vstack([np.minimum(half, np.nan_to_num(result.power[i])),
                          np.minimum(half, 1 - np.nan_to_num(result.power[i]))])
        ax.errorbar(ns, result.power[i], yerr=yerr, color=palette[i % len(palette)], linestyle=style,
                    marker=marker, markersize=4, linewidth=1.4, capsize=2.5, elinewidth=0.8, label=label,
                    gid=f"curve:{p.name}")
    ax.axhline(target, color="0.3", linestyle=":", linewidth=1.2, gid="target")
    ax.text(ns.min(), target + 0.012, _TEXT["target"][lang].format(pct=f"{100 * target:g}"), fontproperties=fp(8),
            color="0.3", va="bottom", ha="left")
    ax.set_ylim(0, 1.02)
    pad = 0.04 * (ns.max() - ns.min()) if len(ns) > 1 else 0.1 * ns.max()
    ax.set_xlim(ns.min() - pad, ns.max() + pad)
    ax.set_xticks(ns)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: _apa(round(v, 1), 1)))
    for t in ax.get_xticklabels() + ax.get_yticklabels():
        t.set_fontproperties(fp(8))
    ax.set_xlabel(_TEXT["x"][lang], fontproperties=fp(10))
    ax.set_ylabel(_TEXT["y"][lang], fontproperties=fp(10))
    ax.grid(alpha=0.3)
    ax.spines[["top", "right"]].set_visible(False)
    ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), prop=fp(8), frameon=False)
    fig.suptitle(_TEXT["title"][lang].format(reps=result.reps), fontproperties=fp(12))
    data = (_TEXT["likert"][lang].format(k=result.likert) if result.likert else _TEXT["continuous"][lang])
    note = _TEXT["note"][lang].format(alpha=f"{result.alpha:g}".lstrip("0"), data=data)
    if result.source == "post_hoc":
        note += "\n" + _TEXT["post_hoc"][lang].format(
            n=result.observed_n if result.observed_n is not None else "n/a")
    fig.text(0.01, 0.08 / height, _wrap(note, 150 if lang == "en" else 95), ha="left", va="bottom",
             fontproperties=fp(7.5), color="0.25", gid="note")
    return fig


def _signed(x: float) -> str:
    return "β = " + (_apa(x) if abs(x) < 1 else f"{x:.2f}")


def _wrap(text: str, width: int) -> str:
    """Break long note lines at spaces (or anywhere, for Chinese) every ``width`` characters."""
    out = []
    for line in text.split("\n"):
        while len(line) > width:
            cut = line.rfind(" ", 0, width)
            cut = width if cut <= 0 else cut
            out.append(line[:cut].rstrip())
            line = line[cut:].lstrip()
        out.append(line)
    return "\n".join(out)


__all__ = ["power", "plot", "PowerResult", "PowerParameter", "population_from_results", "model_syntax",
           "INADMISSIBLE_CODES", "REFERENCES"]
