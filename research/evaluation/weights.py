"""Objective (data) weights of criteria and their combination with subjective weights.

Rows of the input are alternatives (platforms, couriers, regions) or respondents, columns are criteria
(indicators).  Three objective methods, each a function returning a frozen result with ``.table()`` and
``.to_dict()``:

* :func:`entropy_weights` — the entropy weight method (熵权法), in two named variants: ``"raw"`` (proportions of
  the raw matrix, as every published example in ``../shared/reference/mcda`` computes it) and
  ``"direction_normalised"`` (min–max normalised by criterion direction first, the variant most Chinese papers
  use; it gives different weights);
* :func:`critic_weights` — CRITIC (Diakoulaki, Mavrotas & Papayannakis 1995): contrast × conflict;
* :func:`cv_weights` — the coefficient-of-variation method (SD / mean, normalised).

:func:`combine_weights` mixes a subjective source (AHP, stated expert weights, SEM/LMG importance) with an
objective one, linearly (α·s + (1 − α)·o) or multiplicatively (s·o / Σ s·o), and its table says per criterion
which number came from which source.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import invalid_data, invalid_option
from ..jsonsafe import jsonable

__all__ = ["EntropyResult", "CriticResult", "CVResult", "CombinedWeights",
           "entropy_weights", "critic_weights", "cv_weights", "combine_weights"]

ENTROPY_VARIANTS = ("raw", "direction_normalised")
COMBINE_METHODS = ("linear", "multiplicative")
_BENEFIT = {"benefit", "+", "max", "1", "+1", "positive"}
_COST = {"cost", "-", "min", "-1", "negative"}


# --------------------------------------------------------------------------
# checks at the door (fuzzy.py uses these too)
# --------------------------------------------------------------------------

def _choice(option: str, value, choices) -> str:
    if not isinstance(value, str) or value not in choices:
        raise invalid_option(option, f"{value!r} ∉ {{{', '.join(choices)}}}",
                             f"Use one of: {', '.join(choices)}.",
                             f"请使用以下之一：{'、'.join(choices)}。",
                             f"請使用下列之一：{'、'.join(choices)}。")
    return value


def _number(option: str, value, *, low=None, high=None) -> float:
    ok = not isinstance(value, bool) and isinstance(value, (int, float, np.integer, np.floating)) \
        and np.isfinite(float(value))
    if ok and low is not None and float(value) < low:
        ok = False
    if ok and high is not None and float(value) > high:
        ok = False
    if not ok:
        rng = f"[{'-∞' if low is None else low}, {'∞' if high is None else high}]"
        raise invalid_option(option, f"{value!r} ∉ {rng}",
                             f"Give {option} as a number in {rng}.",
                             f"请以 {rng} 范围内的数字给出 {option}。",
                             f"請以 {rng} 範圍內的數字提供 {option}。")
    return float(value)


def _numeric_frame(data, option: str = "data", *, min_rows: int = 2) -> pd.DataFrame:
    """``data`` (DataFrame or 2-D array, rows × criteria) as a float DataFrame with string column names;
    text, missing or infinite cells are reported with their row (counted from 1) and column."""
    if isinstance(data, pd.DataFrame):
        frame = data.copy()
        frame.columns = [str(c) for c in frame.columns]
    else:
        try:
            arr = np.asarray(data, dtype=float)
        except (TypeError, ValueError):
            raise invalid_data(f"{option}: ∉ ℝ^(m×n)", "Give a table of numbers: rows are alternatives or "
                               "respondents, columns are criteria.", "请提供数值表：行为备选方案或受访者，列为指标。",
                               "請提供數值表：列為備選方案或受訪者，欄為指標。") from None
        if arr.ndim != 2:
            raise invalid_data(f"{option}.ndim = {arr.ndim} ≠ 2", "Give a two-dimensional table: rows are "
                               "alternatives or respondents, columns are criteria.",
                               "请提供二维表：行为备选方案或受访者，列为指标。", "請提供二維表：列為備選方案或受訪者，欄為指標。")
        frame = pd.DataFrame(arr, columns=[f"C{j + 1}" for j in range(arr.shape[1])])
    if frame.shape[1] < 1 or frame.columns.duplicated().any():
        raise invalid_data(f"{option}: columns = {list(frame.columns)[:10]}", "Give at least one criterion "
                           "column, each with a unique name.", "请至少提供一个指标列，且每列名称唯一。",
                           "請至少提供一個指標欄，且每欄名稱唯一。")
    out = {}
    for c in frame.columns:
        col = frame[c]
        num = pd.to_numeric(col, errors="coerce") if col.dtype == object or not np.issubdtype(col.dtype, np.number) \
            else col.astype(float)
        bad = np.flatnonzero((num.isna() & col.notna()).to_numpy())
        if bad.size:
            raise invalid_data(f"{c!r}: ∉ ℝ", "Replace the text in this criterion column by numbers.",
                               "请把该指标列中的文字改为数值。", "請把該指標欄中的文字改為數值。",
                               column=c, row=int(bad[0]) + 1, value=col.iloc[bad[0]])
        out[c] = num.astype(float)
    frame = pd.DataFrame(out, index=frame.index)
    x = frame.to_numpy()
    miss = np.argwhere(np.isnan(x))
    if miss.size:
        r, j = map(int, miss[0])
        raise invalid_data(f"{int(np.isnan(x).sum())} × NaN", "Objective weights need a complete table: drop the "
                           "rows (alternatives or respondents) with missing values or fill them in first.",
                           "客观赋权需要完整的数据表：请先删除含缺失值的行（备选方案或受访者）或补全缺失值。",
                           "客觀賦權需要完整的資料表：請先刪除含遺漏值的列（備選方案或受訪者）或補齊遺漏值。",
                           column=frame.columns[j], row=r + 1)
    inf = np.argwhere(np.isinf(x))
    if inf.size:
        r, j = map(int, inf[0])
        raise invalid_data(f"{int(np.isinf(x).sum())} × ±inf", "Remove or correct the infinite values.",
                           "请删除或更正无穷大的数值。", "請刪除或更正無窮大的數值。",
                           column=frame.columns[j], row=r + 1, value=x[r, j])
    if frame.shape[0] < min_rows:
        raise invalid_data(f"m = {frame.shape[0]} < {min_rows}", f"Give at least {min_rows} rows (alternatives "
                           "or respondents).", f"请至少提供 {min_rows} 行（备选方案或受访者）。",
                           f"請至少提供 {min_rows} 列（備選方案或受訪者）。")
    return frame


def _directions(directions, names: list[str]) -> tuple[str, ...]:
    """``None`` → all benefit; a sequence (one per criterion) or a mapping criterion → direction (criteria not
    named are benefit).  A direction is "benefit"/"cost" (or +1/−1)."""
    def one(v, where):
        key = str(int(v)) if isinstance(v, (int, np.integer)) and not isinstance(v, bool) else \
            (str(v).strip().lower() if isinstance(v, str) else None)
        if key in _BENEFIT:
            return "benefit"
        if key in _COST:
            return "cost"
        raise invalid_option("directions", f"{where}: {v!r} ∉ {{benefit, cost, 1, -1}}",
                             "Give each criterion's direction as 'benefit' (larger is better) or 'cost' (smaller "
                             "is better).", "请把每个指标的方向写为 'benefit'（越大越好，正向）或 'cost'（越小越好，负向）。",
                             "請把每個指標的方向寫為 'benefit'（越大越好，正向）或 'cost'（越小越好，負向）。", column=where)
    if directions is None:
        return tuple("benefit" for _ in names)
    if isinstance(directions, Mapping):
        unknown = [k for k in directions if str(k) not in names]
        if unknown:
            raise invalid_option("directions", f"{unknown[0]!r} ∉ criteria",
                                 "Name criteria exactly as the data's columns.", "请按数据列名填写指标名称。",
                                 "請依資料欄名填寫指標名稱。", column=str(unknown[0]))
        given = {str(k): v for k, v in directions.items()}
        return tuple(one(given[n], n) if n in given else "benefit" for n in names)
    if isinstance(directions, str) or not hasattr(directions, "__len__") or len(directions) != len(names):
        n = len(directions) if hasattr(directions, "__len__") and not isinstance(directions, str) else 1
        raise invalid_option("directions", f"len = {n} ≠ {len(names)}",
                             "Give one direction per criterion, in column order, or a mapping criterion → direction.",
                             "请按列顺序为每个指标给出一个方向，或给出“指标 → 方向”的映射。",
                             "請依欄順序為每個指標提供一個方向，或提供「指標 → 方向」的對應。")
    return tuple(one(v, n) for v, n in zip(directions, names))


def _minmax(x: np.ndarray, directions) -> tuple[np.ndarray, np.ndarray]:
    """Min–max normalisation by direction; also a mask of constant columns (left at 0)."""
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = hi - lo
    const = span == 0
    safe = np.where(const, 1.0, span)
    cost = np.array([d == "cost" for d in directions])
    z = np.where(cost, (hi - x) / safe, (x - lo) / safe)
    z[:, const] = 0.0
    return z, const


def _no_information(names, what: str):
    return invalid_data(f"{what}: Σ = 0 ({', '.join(names[:10])})", "Every criterion is constant across the rows, "
                        "so the data carry no information for weights: check the data or use stated (expert) "
                        "weights.", "所有指标在各行上取值都相同，数据不含赋权信息：请检查数据或改用主观（专家）权重。",
                        "所有指標在各列上取值都相同，資料不含賦權資訊：請檢查資料或改用主觀（專家）權重。")


def _series(values, names, name) -> pd.Series:
    return pd.Series(np.asarray(values, dtype=float), index=pd.Index(names, name="criterion"), name=name)


# --------------------------------------------------------------------------
# entropy
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class EntropyResult:
    """Entropy weights: per criterion the entropy ``e``, the divergence ``d = 1 − e`` and the weight ``w``.

    ``variant`` is ``"raw"`` or ``"direction_normalised"``; ``shift`` the constant added after min–max
    normalisation (0 for ``raw``); ``directions`` as given (``raw`` does not use them); ``constant`` lists the
    criteria with no variation (weight 0); ``n_rows`` is m.
    """

    entropy: pd.Series
    divergence: pd.Series
    weights: pd.Series
    variant: str
    shift: float
    directions: tuple
    constant: tuple
    n_rows: int
    method: str = "entropy"

    @property
    def source(self) -> str:
        return f"entropy ({self.variant})"

    def table(self) -> pd.DataFrame:
        return pd.DataFrame({"criterion": list(self.weights.index), "direction": list(self.directions),
                             "entropy": self.entropy.to_numpy(), "divergence": self.divergence.to_numpy(),
                             "weight": self.weights.to_numpy(), "method": self.method, "variant": self.variant,
                             "shift": self.shift})

    def to_dict(self) -> dict:
        return jsonable({"method": self.method, "variant": self.variant, "shift": self.shift,
                         "n_rows": self.n_rows, "constant": list(self.constant),
                         "criteria": [{"criterion": c, "direction": d, "entropy": self.entropy[c],
                                       "divergence": self.divergence[c], "weight": self.weights[c]}
                                      for c, d in zip(self.weights.index, self.directions)]})


def _entropy(p_source: np.ndarray) -> np.ndarray:
    """e_j = −(1/ln m) Σ_i p_ij ln p_ij with p_ij = x_ij / Σ_i x_ij and 0·ln 0 = 0; a column summing to 0 is
    constant (all zeros) and gets e = 1."""
    m = p_source.shape[0]
    tot = p_source.sum(axis=0)
    zero = tot == 0
    p = p_source / np.where(zero, 1.0, tot)
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    e = -plogp.sum(axis=0) / np.log(m)
    e[zero] = 1.0
    return e


def entropy_weights(data, directions=None, *, variant: str = "raw", shift: float = 0.0) -> EntropyResult:
    """Entropy weight method (熵权法) for an m × n table (rows alternatives or respondents, columns criteria).

    ``variant="raw"`` — the method as in Xu (2004, *EJOR* 156, 530–532) and Zavadskas & Podvezko (2016,
    *IJITDM* 15, 267–283): p_ij = x_ij / Σ_i x_ij on the raw (non-negative) data, e_j = −(1/ln m) Σ_i p_ij ln p_ij
    with 0·ln 0 = 0, d_j = 1 − e_j, w_j = d_j / Σ_k d_k.  Criterion direction is not used (entropy measures
    dispersion only; ``directions`` are recorded).  Matches the published weights of Xu (2004), Zavadskas &
    Podvezko (2016) and Elsayed et al. (2017) in ``../shared/reference/mcda/entropy_topsis_examples.json``.

    ``variant="direction_normalised"`` — the variant most Chinese papers use: each column first min–max
    normalised by direction (benefit (x − min)/(max − min), cost (max − x)/(max − min)), plus ``shift`` (many
    papers add 0.0001 or 0.01 to avoid ln 0; default 0, where 0·ln 0 = 0 already handles it), then the same
    formulas.  A different method with different weights: for the Zavadskas–Podvezko matrix it gives 0.2518,
    0.2584, 0.2182, 0.2716 instead of the published 0.1146, 0.1981, 0.4185, 0.2689.

    A constant criterion (no variation) has e = 1 and gets weight 0 in both variants.  m ≥ 2 rows are needed.
    """
    _choice("variant", variant, ENTROPY_VARIANTS)
    frame = _numeric_frame(data)
    names = list(frame.columns)
    dirs = _directions(directions, names)
    x = frame.to_numpy()
    if variant == "raw":
        if shift != 0.0:
            raise invalid_option("shift", f"shift = {shift!r}, variant = 'raw'",
                                 "The shift belongs to the direction-normalised variant: leave shift at 0 for "
                                 "variant='raw'.", "平移量只用于方向归一化变体：variant='raw' 时请保持 shift 为 0。",
                                 "平移量只用於方向正規化變體：variant='raw' 時請保持 shift 為 0。")
        neg = np.argwhere(x < 0)
        if neg.size:
            r, j = map(int, neg[0])
            raise invalid_data(f"x = {x[r, j]:g} < 0", "The raw entropy method needs non-negative data: use "
                               "variant='direction_normalised' (min–max by direction) or shift the criterion.",
                               "原始熵权法要求数据非负：请改用 variant='direction_normalised'（按方向极差标准化）或平移该指标。",
                               "原始熵權法要求資料非負：請改用 variant='direction_normalised'（依方向極差標準化）或平移該指標。",
                               column=names[j], row=r + 1, value=x[r, j])
        z = x
        const = x.max(axis=0) == x.min(axis=0)
        shift = 0.0
    else:
        shift = _number("shift", shift, low=0.0)
        z, const = _minmax(x, dirs)
        z = z + shift
    e = _entropy(z)
    e[const] = 1.0
    d = 1.0 - e
    if d.sum() <= 0:
        raise _no_information(names, "d")
    w = d / d.sum()
    return EntropyResult(entropy=_series(e, names, "entropy"), divergence=_series(d, names, "divergence"),
                         weights=_series(w, names, "weight"), variant=variant, shift=float(shift),
                         directions=dirs, constant=tuple(n for n, c in zip(names, const) if c),
                         n_rows=int(x.shape[0]))


# --------------------------------------------------------------------------
# CRITIC and coefficient of variation
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class CriticResult:
    """CRITIC weights: per criterion the SD ``sigma`` of the min–max normalised column (with ``ddof``), the
    conflict Σ_k (1 − r_jk), the information ``C`` = sigma × conflict and the weight.  ``correlation`` is the
    Pearson matrix of the normalised columns (NaN for a constant criterion)."""

    sigma: pd.Series
    conflict: pd.Series
    information: pd.Series
    weights: pd.Series
    correlation: pd.DataFrame
    directions: tuple
    ddof: int
    constant: tuple
    n_rows: int
    method: str = "critic"

    @property
    def source(self) -> str:
        return "critic"

    def table(self) -> pd.DataFrame:
        return pd.DataFrame({"criterion": list(self.weights.index), "direction": list(self.directions),
                             "sigma": self.sigma.to_numpy(), "conflict": self.conflict.to_numpy(),
                             "information": self.information.to_numpy(), "weight": self.weights.to_numpy(),
                             "method": self.method, "ddof": self.ddof})

    def to_dict(self) -> dict:
        return jsonable({"method": self.method, "ddof": self.ddof, "n_rows": self.n_rows,
                         "constant": list(self.constant), "correlation": self.correlation,
                         "criteria": [{"criterion": c, "direction": d, "sigma": self.sigma[c],
                                       "conflict": self.conflict[c], "information": self.information[c],
                                       "weight": self.weights[c]}
                                      for c, d in zip(self.weights.index, self.directions)]})


def _ddof(ddof, m: int) -> int:
    if isinstance(ddof, bool) or not isinstance(ddof, (int, np.integer)) or ddof not in (0, 1) or m - ddof < 1:
        raise invalid_option("ddof", f"ddof = {ddof!r}", "Use ddof=1 (sample SD, n − 1) or ddof=0 (population "
                             "SD, n).", "请使用 ddof=1（样本标准差，n − 1）或 ddof=0（总体标准差，n）。",
                             "請使用 ddof=1（樣本標準差，n − 1）或 ddof=0（母體標準差，n）。")
    return int(ddof)


def critic_weights(data, directions=None, *, ddof: int = 1) -> CriticResult:
    """CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995, *Computers & Operations Research* 22, 763–770).

    Each column is min–max normalised by direction (benefit (x − min)/(max − min), cost (max − x)/(max − min));
    σ_j is its standard deviation (``ddof=1``, the sample SD, by default; ``ddof=0`` for the population SD — the
    weights do not depend on it, only the reported σ and C do, since every column has the same m); r_jk is the
    Pearson correlation of normalised columns j and k; C_j = σ_j Σ_k (1 − r_jk); w_j = C_j / Σ_k C_k.

    A constant criterion has no contrast: it gets weight 0 and is left out of the other criteria's conflict sums
    (its correlations are undefined), so the other weights are those the data give without it.
    """
    frame = _numeric_frame(data)
    names = list(frame.columns)
    dirs = _directions(directions, names)
    x = frame.to_numpy()
    ddof = _ddof(ddof, x.shape[0])
    z, const = _minmax(x, dirs)
    sigma = z.std(axis=0, ddof=ddof)
    sigma[const] = 0.0
    n = len(names)
    r = np.full((n, n), np.nan)
    live = np.flatnonzero(~const)
    if live.size:
        r[np.ix_(live, live)] = np.corrcoef(z[:, live], rowvar=False).reshape(live.size, live.size)
    conflict = np.where(const, 0.0, np.nansum(1.0 - r, axis=1))
    info = sigma * conflict
    if info.sum() <= 0:
        raise _no_information(names, "C")
    w = info / info.sum()
    return CriticResult(sigma=_series(sigma, names, "sigma"), conflict=_series(conflict, names, "conflict"),
                        information=_series(info, names, "information"), weights=_series(w, names, "weight"),
                        correlation=pd.DataFrame(r, index=names, columns=names), directions=dirs, ddof=ddof,
                        constant=tuple(n_ for n_, c in zip(names, const) if c), n_rows=int(x.shape[0]))


@dataclass(frozen=True)
class CVResult:
    """Coefficient-of-variation weights: per criterion mean, SD (with ``ddof``), CV = SD / mean and weight."""

    mean: pd.Series
    sd: pd.Series
    cv: pd.Series
    weights: pd.Series
    ddof: int
    n_rows: int
    method: str = "cv"

    @property
    def source(self) -> str:
        return "cv"

    def table(self) -> pd.DataFrame:
        return pd.DataFrame({"criterion": list(self.weights.index), "mean": self.mean.to_numpy(),
                             "sd": self.sd.to_numpy(), "cv": self.cv.to_numpy(), "weight": self.weights.to_numpy(),
                             "method": self.method, "ddof": self.ddof})

    def to_dict(self) -> dict:
        return jsonable({"method": self.method, "ddof": self.ddof, "n_rows": self.n_rows,
                         "criteria": [{"criterion": c, "mean": self.mean[c], "sd": self.sd[c], "cv": self.cv[c],
                                       "weight": self.weights[c]} for c in self.weights.index]})


def cv_weights(data, *, ddof: int = 1) -> CVResult:
    """Coefficient-of-variation weights (变异系数法): v_j = s_j / x̄_j, w_j = v_j / Σ_k v_k.

    s_j is the sample SD (``ddof=1``) by default; with ``ddof=0`` the population SD — the weights are the same
    either way (a common factor √(m/(m − 1))).  Direction is not used (the CV measures dispersion only).  Each
    criterion's mean must be positive (the CV of data around 0 is meaningless); a constant criterion gets 0.
    """
    frame = _numeric_frame(data)
    names = list(frame.columns)
    x = frame.to_numpy()
    ddof = _ddof(ddof, x.shape[0])
    mean = x.mean(axis=0)
    bad = np.flatnonzero(mean <= 0)
    if bad.size:
        j = int(bad[0])
        raise invalid_data(f"mean = {mean[j]:g} ≤ 0", "The coefficient of variation needs criteria measured on a "
                           "positive (ratio) scale: use entropy (direction_normalised) or CRITIC weights instead.",
                           "变异系数法要求指标取值为正（比率尺度）：请改用熵权法（方向归一化）或 CRITIC 法。",
                           "變異係數法要求指標取值為正（比率尺度）：請改用熵權法（方向正規化）或 CRITIC 法。",
                           column=names[j], value=mean[j])
    sd = x.std(axis=0, ddof=ddof)
    sd[x.max(axis=0) == x.min(axis=0)] = 0.0
    cv = sd / mean
    if cv.sum() <= 0:
        raise _no_information(names, "CV")
    w = cv / cv.sum()
    return CVResult(mean=_series(mean, names, "mean"), sd=_series(sd, names, "sd"), cv=_series(cv, names, "cv"),
                    weights=_series(w, names, "weight"), ddof=ddof, n_rows=int(x.shape[0]))


# --------------------------------------------------------------------------
# combined weights
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class CombinedWeights:
    """Subjective and objective weights and their combination, per criterion.

    ``subjective``/``objective`` are the inputs rescaled to sum 1 (``input_sums`` keeps the sums as given, e.g.
    100 for points); ``weights`` the combined weights; ``method`` ``"linear"`` (with ``alpha``) or
    ``"multiplicative"`` (``alpha`` None); ``sources`` the two sources' names (e.g. ``"ahp"``,
    ``"entropy (raw)"``).
    """

    subjective: pd.Series
    objective: pd.Series
    weights: pd.Series
    method: str
    alpha: float | None
    sources: tuple
    input_sums: tuple

    def table(self) -> pd.DataFrame:
        return pd.DataFrame({"criterion": list(self.weights.index), "subjective": self.subjective.to_numpy(),
                             "objective": self.objective.to_numpy(), "combined": self.weights.to_numpy(),
                             "subjective_source": self.sources[0], "objective_source": self.sources[1],
                             "method": self.method, "alpha": self.alpha})

    def to_dict(self) -> dict:
        return jsonable({"method": self.method, "alpha": self.alpha,
                         "sources": {"subjective": self.sources[0], "objective": self.sources[1]},
                         "input_sums": {"subjective": self.input_sums[0], "objective": self.input_sums[1]},
                         "criteria": [{"criterion": c, "subjective": self.subjective[c],
                                       "objective": self.objective[c], "combined": self.weights[c]}
                                      for c in self.weights.index]})


def _weight_vector(w, option: str) -> tuple[pd.Series | np.ndarray, str | None]:
    """A weight source as (values, source name): a result with ``.weights`` (its ``source``/``method`` names it),
    a Series or mapping criterion → weight, or a plain sequence."""
    name = None
    if hasattr(w, "weights") and not isinstance(w, (pd.Series, Mapping, np.ndarray, list, tuple)):
        name = getattr(w, "source", None) or getattr(w, "method", None)
        w = w.weights
    if isinstance(w, Mapping):
        w = pd.Series(dict(w))
    if isinstance(w, pd.Series):
        vals = pd.to_numeric(w, errors="coerce")
        labels = [str(i) for i in w.index]
    else:
        try:
            vals = np.asarray(w, dtype=float)
        except (TypeError, ValueError):
            vals = np.array([np.nan])
        labels = None
        if vals.ndim != 1:
            vals = np.array([np.nan])
    arr = np.asarray(vals, dtype=float)
    if arr.size == 0 or not np.all(np.isfinite(arr)) or np.any(arr < 0) or arr.sum() <= 0:
        raise invalid_option(option, f"{option} ∉ [0, ∞)^n, Σ > 0", "Give the weights as non-negative numbers "
                             "(one per criterion) with a positive sum.", "请以非负数给出权重（每个指标一个），且总和为正。",
                             "請以非負數提供權重（每個指標一個），且總和為正。")
    if labels is not None and len(set(labels)) != len(labels):
        raise invalid_option(option, "duplicated criteria", "Name each criterion once.", "每个指标只能出现一次。",
                             "每個指標只能出現一次。")
    return (pd.Series(arr, index=labels) if labels is not None else arr), (None if name is None else str(name))


def combine_weights(subjective, objective, *, method: str = "linear", alpha: float = 0.5,
                    sources: tuple[str, str] | None = None) -> CombinedWeights:
    """Combine subjective weights s (AHP, stated expert weights, SEM/LMG importance) with objective weights o
    (entropy, CRITIC, CV) of the same criteria.

    ``method="linear"``: w_j = α s_j + (1 − α) o_j (α = ``alpha`` ∈ [0, 1], the subjective share);
    ``method="multiplicative"``: w_j = s_j o_j / Σ_k s_k o_k (multiplicative normalisation; ``alpha`` unused and
    recorded as None).  Each input is first rescaled to sum 1 (weights in points are accepted; the sums given are
    kept in ``input_sums``).  Inputs are results with ``.weights`` (their source name is taken from them), Series or
    mappings criterion → weight (aligned by name), or sequences in the same order; ``sources`` overrides the two
    source names.
    """
    _choice("method", method, COMBINE_METHODS)
    s, s_name = _weight_vector(subjective, "subjective")
    o, o_name = _weight_vector(objective, "objective")
    if isinstance(s, pd.Series) and isinstance(o, pd.Series):
        if set(s.index) != set(o.index):
            diff = sorted(set(s.index) ^ set(o.index))
            raise invalid_option("objective", f"{diff[:5]} ∉ both", "Give both weight sources for the same "
                                 "criteria (same names).", "两个权重来源须针对相同的指标（名称一致）。",
                                 "兩個權重來源須針對相同的指標（名稱一致）。")
        o = o.reindex(s.index)
    if len(s) != len(o):
        raise invalid_option("objective", f"len = {len(o)} ≠ {len(s)}", "Give one weight per criterion in both "
                             "sources.", "两个权重来源须为每个指标各给出一个权重。", "兩個權重來源須為每個指標各提供一個權重。")
    names = list(s.index) if isinstance(s, pd.Series) else (list(o.index) if isinstance(o, pd.Series)
                                                           else [f"C{j + 1}" for j in range(len(s))])
    sv, ov = np.asarray(s, dtype=float), np.asarray(o, dtype=float)
    sums = (float(sv.sum()), float(ov.sum()))
    sv, ov = sv / sums[0], ov / sums[1]
    if method == "linear":
        a = _number("alpha", alpha, low=0.0, high=1.0)
        w = a * sv + (1.0 - a) * ov
    else:
        a = None
        prod = sv * ov
        if prod.sum() <= 0:
            raise invalid_option("objective", "Σ s·o = 0", "The two sources give no criterion a positive weight in "
                                 "common: use method='linear'.", "两个来源没有共同取正权重的指标：请使用 method='linear'。",
                                 "兩個來源沒有共同取正權重的指標：請使用 method='linear'。")
        w = prod / prod.sum()
    if sources is None:
        sources = (s_name or "subjective", o_name or "objective")
    elif isinstance(sources, str) or len(sources) != 2:
        raise invalid_option("sources", f"{sources!r}", "Name the two sources, e.g. ('ahp', 'entropy').",
                             "请给出两个来源的名称，例如 ('ahp', 'entropy')。", "請提供兩個來源的名稱，例如 ('ahp', 'entropy')。")
    return CombinedWeights(subjective=_series(sv, names, "subjective"), objective=_series(ov, names, "objective"),
                           weights=_series(w, names, "combined"), method=method, alpha=a,
                           sources=(str(sources[0]), str(sources[1])), input_sums=sums)
