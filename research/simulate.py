"""Simulate survey data from stated population values.

Used to make the sample data sets, and by recovery tests, confidence-interval
coverage studies and power analysis: every number here is exact, so a test
can compare an estimate with the population value it should recover.

The model is a standardised recursive structural equation model with
reflective measurement (the LISREL all-y notation; Bollen 1989, *Structural
Equations with Latent Variables*, ch. 4 and 7):

* every latent variable has variance 1;
* item ``x = λ·η + ε`` with Var(ε) = 1 − λ², so every item has variance 1
  and ``λ`` is its standardised loading;
* exogenous latents are correlated as stated (``Φ``, unstated pairs 0);
* an endogenous latent ``η = Σ βₚ·ηₚ + ζ`` over its predictors ``p``, with
  the disturbance ``ζ`` uncorrelated with everything before it and
  Var(ζ) = ψ = 1 − βᵀ Σ_PP β (Σ_PP: covariance of its predictors), so that
  Var(η) = 1 and ``β`` are standardised coefficients.

>>> m = PopulationModel(loadings={"a1": .8, "a2": .7, "b1": .8, "b2": .75},
...                     constructs={"A": ["a1", "a2"], "B": ["b1", "b2"]},
...                     paths={("B", "A"): .5})
>>> data = simulate_continuous(m, n=500, seed=1)
>>> likert = to_likert(data)        # 1…5, thresholds LIKERT5_THRESHOLDS
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .errors import invalid_option as _invalid

# Cut points on the standard-normal agreement scale for 5-point answers.
# Category shares: 1 = 3.6 %, 2 = 14.8 %, 3 = 35.6 %, 4 = 34.5 %, 5 = 11.5 %
# (mean 3.36): most answers at "neutral" or "agree", few strong
# disagreements, as customer-satisfaction surveys usually look.
LIKERT5_THRESHOLDS = (-1.8, -0.9, 0.1, 1.2)
# Same idea for 7 points: shares 2.3, 7.4, 17.4, 26.8, 27.7, 14.0, 4.5 %.
LIKERT7_THRESHOLDS = (-2.0, -1.3, -0.6, 0.1, 0.9, 1.7)
DEFAULT_THRESHOLDS = {5: LIKERT5_THRESHOLDS, 7: LIKERT7_THRESHOLDS}


def _number(value) -> bool:
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool) \
        and math.isfinite(float(value))


@dataclass(frozen=True)
class PopulationModel:
    """Population values of a standardised measurement + structural model.

    Parameters
    ----------
    loadings : ``{item: λ}``, standardised loadings, |λ| < 1.
    constructs : ``{construct: [item, …]}``; each item in exactly one construct.
    exogenous_corr : ``{(A, B): r}`` correlations among exogenous constructs
        (those that are never an outcome); unstated pairs are 0.
    paths : ``{(outcome, predictor): β}`` standardised coefficients; the
        model must be recursive (no loops).

    Raises :class:`research.errors.OptionError` (``option_invalid``) when a
    value is out of range, the exogenous correlation matrix is not positive
    definite, or an endogenous construct would need a residual variance ≤ 0.
    """

    loadings: Mapping[str, float]
    constructs: Mapping[str, Sequence[str]]
    exogenous_corr: Mapping[tuple[str, str], float] = field(default_factory=dict)
    paths: Mapping[tuple[str, str], float] = field(default_factory=dict)

    def __post_init__(self):
        # Freeze copies so that later changes to the caller's dicts cannot
        # make the cached matrices disagree with the fields.
        object.__setattr__(self, "loadings", dict(self.loadings))
        object.__setattr__(self, "constructs", {c: tuple(items) for c, items in self.constructs.items()})
        object.__setattr__(self, "exogenous_corr", dict(self.exogenous_corr))
        object.__setattr__(self, "paths", dict(self.paths))
        self._check()
        order = self._order()
        object.__setattr__(self, "_latent_order", order)
        object.__setattr__(self, "_phi", self._latent_matrix(order))

    @classmethod
    def from_lavaan(cls, text: str) -> "PopulationModel":
        """Population values written as lavaan syntax with numbers as the values (as simsem does):

            ECO =~ .78*ECO1 + .74*ECO2 + .81*ECO3
            SAT =~ .80*SAT1 + .75*SAT2 + .82*SAT3
            SAT ~ .35*ECO
            ECO ~~ .30*RES          # a correlation of exogenous constructs

        Every ``=~`` and ``~`` term needs its number (standardised loading or coefficient);
        ``~~`` lines between constructs give exogenous correlations; nothing is evaluated
        (the whitelist parser of :func:`research.sem.parse_model` reads it).
        """
        from .sem.syntax import parse_model

        spec = parse_model(text)
        latent = set(spec.latent)
        constructs: dict[str, list] = {}
        loadings, paths, corr = {}, {}, {}
        missing = []
        for st in spec.statements:
            if st.op in ("=~", "~") and st.fixed is None:
                missing.append(f"{st.lhs} {st.op} {st.rhs} (line {st.line})")
                continue
            if st.op == "=~":
                constructs.setdefault(st.lhs, []).append(st.rhs)
                loadings[st.rhs] = float(st.fixed)
            elif st.op == "~":
                paths[(st.lhs, st.rhs)] = float(st.fixed)
            elif st.op == "~~" and st.lhs in latent and st.rhs in latent and st.lhs != st.rhs and \
                    st.fixed is not None:
                corr[(st.lhs, st.rhs)] = float(st.fixed)
        if missing:
            raise _invalid("model", "; ".join(missing[:5]),
                           "Give every loading and path its population value, e.g. 'SAT =~ .8*SAT1' and "
                           "'SAT ~ .3*REL'.",
                           "请为每个载荷和路径给出总体值，例如 'SAT =~ .8*SAT1'、'SAT ~ .3*REL'。",
                           "請為每個負荷量與路徑提供母體值，例如 'SAT =~ .8*SAT1'、'SAT ~ .3*REL'。")
        return cls(loadings=loadings, constructs=constructs, exogenous_corr=corr, paths=paths)

    # --- validation ------------------------------------------------------
    def _check(self):
        if not self.constructs:
            raise _invalid("constructs", "{}", "Name at least one construct and its items.",
                           "请至少列出一个构念及其题目。", "請至少列出一個構念及其題目。")
        owner: dict[str, str] = {}
        for c, items in self.constructs.items():
            if not items:
                raise _invalid("constructs", f"{c}: []", f"Give construct {c} at least one item.",
                               f"请为构念 {c} 至少指定一个题目。", f"請為構念 {c} 至少指定一個題目。")
            for item in items:
                if item in owner or item in self.constructs:
                    raise _invalid("constructs", f"{item} ×2", f"Use item id {item} once, in one construct only.",
                                   f"题目 {item} 只能属于一个构念、只出现一次。", f"題目 {item} 只能屬於一個構念、只出現一次。")
                owner[item] = c
        for item in owner:
            if item not in self.loadings:
                raise _invalid("loadings", f"{item}: ?", f"Give item {item} a loading.",
                               f"请为题目 {item} 指定载荷。", f"請為題目 {item} 指定負荷量。")
        for item, lam in self.loadings.items():
            if item not in owner:
                raise _invalid("loadings", f"{item}", f"Item {item} has a loading but belongs to no construct.",
                               f"题目 {item} 有载荷但不属于任何构念。", f"題目 {item} 有負荷量但不屬於任何構念。")
            if not _number(lam) or not -1 < float(lam) < 1:
                raise _invalid("loadings", f"{item}: {lam!r} ∉ (−1, 1)",
                               "A standardised loading lies strictly between −1 and 1 (error variance 1 − λ² > 0).",
                               "标准化载荷须严格介于 −1 与 1 之间（误差方差 1 − λ² > 0）。",
                               "標準化負荷量須嚴格介於 −1 與 1 之間（誤差變異數 1 − λ² > 0）。")
        for (out, pred), beta in self.paths.items():
            for c in (out, pred):
                if c not in self.constructs:
                    raise _invalid("paths", f"{out} ~ {pred}: {c} ?", f"Use construct ids in paths ({c} is not one).",
                                   f"路径只能使用构念编号（{c} 不是）。", f"路徑只能使用構念編號（{c} 不是）。")
            if out == pred:
                raise _invalid("paths", f"{out} ~ {pred}", "A construct cannot predict itself.",
                               "构念不能预测自身。", "構念不能預測自身。")
            if not _number(beta):
                raise _invalid("paths", f"{out} ~ {pred}: {beta!r}", "Give each path a finite number.",
                               "请为每条路径指定一个有限的数值。", "請為每條路徑指定一個有限的數值。")
        endogenous = {out for out, _ in self.paths}
        for (a, b), r in self.exogenous_corr.items():
            for c in (a, b):
                if c not in self.constructs or c in endogenous:
                    what = "an outcome" if c in endogenous else "unknown"
                    raise _invalid("exogenous_corr", f"({a}, {b})",
                                   f"Correlate exogenous constructs only ({c} is {what}).",
                                   f"只能为外生构念指定相关（{c} 不是外生构念）。", f"只能為外生構念指定相關（{c} 不是外生構念）。")
            if a == b or not _number(r) or not -1 < float(r) < 1:
                raise _invalid("exogenous_corr", f"({a}, {b}): {r!r}",
                               "Give two different constructs a correlation strictly between −1 and 1.",
                               "请为两个不同的构念指定严格介于 −1 与 1 之间的相关。",
                               "請為兩個不同的構念指定嚴格介於 −1 與 1 之間的相關。")
            other = self.exogenous_corr.get((b, a))
            if other is not None and float(other) != float(r):
                raise _invalid("exogenous_corr", f"({a}, {b}) = {r}, ({b}, {a}) = {other}",
                               "State each correlation once, or the same value both ways.",
                               "每个相关只写一次，或两个方向写相同的值。", "每個相關只寫一次，或兩個方向寫相同的值。")

    def _order(self) -> tuple[str, ...]:
        """Exogenous constructs (as given), then endogenous ones so that every
        predictor comes before its outcome (Kahn's topological sort)."""
        preds: dict[str, list[str]] = {c: [] for c in self.constructs}
        for out, pred in self.paths:
            preds[out].append(pred)
        order = [c for c in self.constructs if not preds[c]]
        placed = set(order)
        pending = [c for c in self.constructs if preds[c]]
        while pending:
            ready = [c for c in pending if all(p in placed for p in preds[c])]
            if not ready:
                raise _invalid("paths", " → ".join(pending), "Paths must not form a loop (recursive models only).",
                               "路径不能构成回路（只支持递归模型）。", "路徑不能構成迴路（只支援遞迴模型）。")
            for c in ready:
                order.append(c)
                placed.add(c)
            pending = [c for c in pending if c not in placed]
        return tuple(order)

    def _latent_matrix(self, order) -> np.ndarray:
        index = {c: k for k, c in enumerate(order)}
        endogenous = {out for out, _ in self.paths}
        exo = [c for c in order if c not in endogenous]
        phi = np.eye(len(order))
        for (a, b), r in self.exogenous_corr.items():
            phi[index[a], index[b]] = phi[index[b], index[a]] = float(r)
        k = len(exo)
        if k and np.linalg.eigvalsh(phi[:k, :k]).min() <= 1e-12:
            raise _invalid("exogenous_corr", f"min eigenvalue {np.linalg.eigvalsh(phi[:k, :k]).min():.4g} ≤ 0",
                           "Choose correlations that form a positive definite matrix "
                           "(e.g. smaller or more similar values).",
                           "所给相关须构成正定矩阵（例如取更小或更接近的值）。",
                           "所給相關須構成正定矩陣（例如取更小或更接近的值）。")
        # Endogenous constructs in recursive order: Cov(η, X) = Σₚ βₚ Cov(p, X)
        # for every X placed earlier, because ζ is uncorrelated with all of them.
        for j in range(k, len(order)):
            c = order[j]
            beta = np.zeros(j)
            for (out, pred), b in self.paths.items():
                if out == c:
                    beta[index[pred]] = float(b)
            cov = phi[:j, :j] @ beta
            explained = float(beta @ cov)
            psi = 1.0 - explained
            if psi <= 1e-12:
                raise _invalid("paths", f"{c}: 1 − βᵀΦβ = {psi:.4g} ≤ 0",
                               f"Make the paths into {c} smaller: together they would explain more than all "
                               "of its variance.",
                               f"请减小指向 {c} 的路径系数：它们合起来解释的方差超过了 {c} 的全部方差。",
                               f"請減小指向 {c} 的路徑係數：它們合起來解釋的變異數超過了 {c} 的全部變異數。")
            phi[j, :j] = phi[:j, j] = cov
        return phi

    # --- population quantities ------------------------------------------
    @property
    def items(self) -> tuple[str, ...]:
        """Item ids, construct by construct, in the order given."""
        return tuple(i for items in self.constructs.values() for i in items)

    @property
    def endogenous(self) -> tuple[str, ...]:
        outs = {out for out, _ in self.paths}
        return tuple(c for c in self._latent_order if c in outs)

    @property
    def exogenous(self) -> tuple[str, ...]:
        outs = {out for out, _ in self.paths}
        return tuple(c for c in self._latent_order if c not in outs)

    def latent_cov(self) -> pd.DataFrame:
        """Model-implied covariance (= correlation) matrix of the latents, in
        the constructs' order: Φ for the exogenous block, and recursively
        Cov(η, X) = Σₚ βₚ·Cov(p, X) for endogenous η."""
        names = list(self.constructs)
        pos = [self._latent_order.index(c) for c in names]
        return pd.DataFrame(self._phi[np.ix_(pos, pos)], index=names, columns=names)

    def residual_variances(self) -> dict[str, float]:
        """ψ = 1 − βᵀΣ_PPβ of each endogenous construct."""
        return {c: 1.0 - self.r_squared()[c] for c in self.endogenous}

    def r_squared(self) -> dict[str, float]:
        """Population R² = βᵀΣ_PPβ of each endogenous construct."""
        cov = self.latent_cov()
        out = {}
        for c in self.endogenous:
            preds = [p for (o, p) in self.paths if o == c]
            beta = np.array([float(self.paths[(c, p)]) for p in preds])
            out[c] = float(beta @ cov.loc[preds, preds].to_numpy() @ beta)
        return out

    def loading_matrix(self) -> pd.DataFrame:
        """Λ: items × constructs, λ where the item belongs, 0 elsewhere."""
        lam = pd.DataFrame(0.0, index=list(self.items), columns=list(self.constructs))
        for c, items in self.constructs.items():
            for i in items:
                lam.loc[i, c] = float(self.loadings[i])
        return lam

    def implied_cov(self) -> pd.DataFrame:
        """Model-implied covariance (= correlation) matrix of the items:
        Σ = Λ Φ Λᵀ + Θ with Θ = diag(1 − λ²), so diag(Σ) = 1."""
        lam = self.loading_matrix().to_numpy()
        sigma = lam @ self.latent_cov().to_numpy() @ lam.T
        np.fill_diagonal(sigma, 1.0)  # λ² + (1 − λ²), exactly
        return pd.DataFrame(sigma, index=list(self.items), columns=list(self.items))

    def std_effects(self) -> pd.DataFrame:
        """Standardised direct, indirect and total effects between constructs.

        With B the matrix of paths (row = outcome), total effects are
        T = Σₖ₌₁ Bᵏ = (I − B)⁻¹ − I and indirect effects Σₖ₌₂ Bᵏ (Bollen 1987,
        *Total, direct, and indirect effects in structural equation models*).
        B is nilpotent in a recursive model, so the sum is finite and an effect
        without a path is exactly 0.  One row per (outcome, predictor) pair
        with a non-zero total effect.
        """
        names = list(self._latent_order)
        idx = {c: k for k, c in enumerate(names)}
        b = np.zeros((len(names), len(names)))
        for (out, pred), beta in self.paths.items():
            b[idx[out], idx[pred]] = float(beta)
        indirect = np.zeros_like(b)
        power = b @ b
        while power.any():
            indirect += power
            power = power @ b
        rows = []
        for out in self.endogenous:
            for pred in names:
                d, ind = b[idx[out], idx[pred]], indirect[idx[out], idx[pred]]
                if d != 0.0 or ind != 0.0:
                    rows.append({"outcome": out, "predictor": pred, "direct": d, "indirect": ind, "total": d + ind})
        return pd.DataFrame(rows, columns=["outcome", "predictor", "direct", "indirect", "total"])

    def std_indirect_effects(self) -> dict[tuple[str, str], float]:
        """``{(outcome, predictor): indirect effect}`` for non-zero indirect effects."""
        eff = self.std_effects()
        return {(r.outcome, r.predictor): float(r.indirect) for r in eff.itertuples() if r.indirect != 0.0}

    def alpha(self, construct: str) -> float:
        """Population Cronbach's α of a construct's continuous items:
        α = k/(k−1)·(1 − k / [(Σλ)² + Σ(1 − λ²)])  (Cronbach 1951; items of variance 1)."""
        lam = np.array([float(self.loadings[i]) for i in self.constructs[construct]])
        k = len(lam)
        if k < 2:
            return float("nan")
        total = lam.sum() ** 2 + (1 - lam ** 2).sum()
        return float(k / (k - 1) * (1 - k / total))


def simulate_continuous(model: PopulationModel, n: int, seed, *, latents: bool = False) -> pd.DataFrame:
    """Draw ``n`` respondents' standardised item scores from ``model``.

    Latents are drawn in the model's recursive order — exogenous ones from
    N(0, Φ) by Cholesky factor, then η = Σ βₚ·ηₚ + √ψ·z — and items as
    x = λ·η + √(1 − λ²)·e, with z, e independent N(0, 1).  The population
    covariance of the items is therefore exactly ``model.implied_cov()``.

    ``seed`` is anything :func:`numpy.random.default_rng` accepts (an int or a
    Generator).  ``latents=True`` appends the latent scores as columns named
    by construct.
    """
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 1:
        raise _invalid("n", f"{n!r}", "Give the number of respondents as a whole number ≥ 1.",
                       "请给出整数的样本量（≥ 1）。", "請給出整數的樣本數（≥ 1）。")
    rng = np.random.default_rng(seed)
    order = model._latent_order
    idx = {c: k for k, c in enumerate(order)}
    k_exo = len(model.exogenous)
    psi = model.residual_variances()
    eta = np.empty((n, len(order)))
    chol = np.linalg.cholesky(model._phi[:k_exo, :k_exo])
    eta[:, :k_exo] = rng.standard_normal((n, k_exo)) @ chol.T
    for c in order[k_exo:]:
        j = idx[c]
        mean = np.zeros(n)
        for (out, pred), b in model.paths.items():
            if out == c:
                mean += float(b) * eta[:, idx[pred]]
        eta[:, j] = mean + math.sqrt(psi[c]) * rng.standard_normal(n)
    items = model.items
    lam = np.array([float(model.loadings[i]) for i in items])
    owner = np.array([idx[c] for c, its in model.constructs.items() for _ in its])
    x = eta[:, owner] * lam + rng.standard_normal((n, len(items))) * np.sqrt(1 - lam ** 2)
    frame = pd.DataFrame(x, columns=list(items))
    if latents:
        for c in model.constructs:
            frame[c] = eta[:, idx[c]]
    return frame


def to_likert(frame, points: int = 5, thresholds=None):
    """Cut continuous scores into answers 1…``points``.

    An answer is 1 + the number of thresholds ≤ the score, so a score below
    t₁ gives 1 and a score at or above the last threshold gives ``points``.
    Default thresholds: :data:`LIKERT5_THRESHOLDS` (−1.8, −0.9, 0.1, 1.2) for 5
    points, :data:`LIKERT7_THRESHOLDS` for 7; other scales need
    ``thresholds`` (``points − 1`` increasing numbers).  Missing scores stay
    missing; the result (a DataFrame, or a Series for a Series) has pandas'
    nullable ``Int64`` dtype.
    """
    if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or points < 2:
        raise _invalid("points", f"{points!r}", "Give the number of scale points as a whole number ≥ 2.",
                       "量表点数须为不小于 2 的整数。", "量表點數須為不小於 2 的整數。")
    if thresholds is None:
        if points not in DEFAULT_THRESHOLDS:
            raise _invalid("thresholds", f"points = {points}",
                           f"Give {points - 1} thresholds: defaults exist for 5 and 7 points only.",
                           f"请给出 {points - 1} 个阈值：只有 5 点和 7 点量表有默认阈值。",
                           f"請給出 {points - 1} 個閾值：只有 5 點和 7 點量表有預設閾值。")
        thresholds = DEFAULT_THRESHOLDS[points]
    t = np.asarray(thresholds, dtype=float)
    if t.ndim != 1 or len(t) != points - 1 or not np.isfinite(t).all() or np.any(np.diff(t) <= 0):
        raise _invalid("thresholds", f"{list(thresholds)!r}",
                       f"Give {points - 1} finite, strictly increasing thresholds.",
                       f"请给出 {points - 1} 个有限且严格递增的阈值。", f"請給出 {points - 1} 個有限且嚴格遞增的閾值。")
    if isinstance(frame, pd.Series):
        return to_likert(frame.to_frame(), points, thresholds).iloc[:, 0].rename(frame.name)
    try:
        values = frame.to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise _invalid("frame", "non-numeric columns", "Pass continuous scores (numbers) only.",
                       "只能传入连续分数（数值）。", "只能傳入連續分數（數值）。") from None
    codes = np.searchsorted(t, values, side="right") + 1
    out = pd.DataFrame(codes, index=frame.index, columns=frame.columns).astype("Int64")
    return out.mask(np.isnan(values))
