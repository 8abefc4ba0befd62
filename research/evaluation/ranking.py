"""Ranking alternatives (platforms, couriers, regions) on several criteria: TOPSIS and grey relational
analysis, a sensitivity check of the ranking to ±10 % weight changes, and the ranking of segments of the
respondent data.

>>> res = topsis(table, {"price": .3, "speed": .4, "service": .3}, {"price": "cost"})
>>> res.table()                      # alternative, D+, D-, C, rank
>>> grey_relational(table).table()   # alternative, grade, rank
>>> rank_sensitivity("topsis", table, weights).summary
>>> rank_segments(responses, "platform", ["SPD", "REL", "RES"], [.3, .4, .3], min_n=30).table()

**Input.**  ``data`` is an alternatives × criteria table: a DataFrame whose index names the alternatives and
whose columns name the criteria (a 2-D array gets A1, A2, … and C1, C2, …).  ``weights`` is a sequence in
column order or a mapping {criterion: weight} naming every criterion; weights must be finite and ≥ 0 with a
positive sum, and are rescaled to sum 1 (TOPSIS closeness and the grey relational grade do not change when
every weight is multiplied by the same number).  ``directions`` says whether more is better: ``"benefit"``
(or 1) or ``"cost"`` (or −1); ``None`` makes every criterion a benefit, one string applies to all, a
sequence goes in column order, a mapping names the cost criteria (criteria it does not name are benefits).

**TOPSIS** (Hwang & Yoon 1981, *Multiple Attribute Decision Making*, Springer, pp. 128–134):

1. normalise each criterion column:
   ``normalisation="vector"`` (classical): r_ij = x_ij / √(Σ_i x_ij²), direction kept for step 3;
   ``normalisation="minmax"`` (linear, pymcdm's default): r_ij = (x_ij − min_j)/(max_j − min_j) for a benefit,
   (max_j − x_ij)/(max_j − min_j) for a cost, so that afterwards every column is "more is better";
2. weighted matrix v_ij = w_j r_ij;
3. ideal A⁺_j = max_i v_ij for a benefit, min_i v_ij for a cost (after min–max: max for all); anti-ideal A⁻_j
   the other end;
4. D⁺_i = √(Σ_j (v_ij − A⁺_j)²), D⁻_i = √(Σ_j (v_ij − A⁻_j)²);
5. closeness C_i = D⁻_i / (D⁺_i + D⁻_i) ∈ [0, 1]; rank by C, highest first.

Vector normalisation matches Papathanasiou & Ploskas (2018, *Multiple Criteria Decision Aid*, ch. TOPSIS):
C = 0.387, 0.327, 0.391, 0.615, 0.868, 0.493.  Min–max normalisation matches the expected values of
Opricovic & Tzeng's (2004, *EJOR* 156, 445–455) two-criterion example as transcribed in pymcdm's tests,
C = 0.500, 0.617, 0.500; vector TOPSIS gives 0.762, 0.722, 0.238 for the same matrix (a different ranking) —
the two normalisations are different methods, and the result records which one was used.  Vector
normalisation needs non-negative data (x/√Σx² is the share of a column's length only for values ≥ 0; shift
the scale or use min–max).  A constant column (every alternative equal) cannot discriminate: ideal and
anti-ideal coincide there and it adds nothing to either distance (under min–max its normalised values are set
to 0, an all-zero column under vector normalisation stays 0); the result lists it in ``constant_criteria``.

**Grey relational analysis** (Deng 1982, *Systems & Control Letters* 1(5), 288–294; Deng 1989, *Journal of
Grey System* 1(1), 1–24):

1. normalise each criterion by direction with min–max, as above (benefit (x − min)/(max − min), cost
   (max − x)/(max − min)); a constant column becomes 1 for every alternative;
2. reference series x₀: ``reference="ideal"`` is the best value of each criterion among the alternatives
   (1 after step 1); a mapping or sequence gives the reference on the raw scale instead, normalised together
   with the alternatives (min and max are taken over the alternatives and the reference);
3. Δ_ij = |x₀_j − x_ij|; Δmin and Δmax are the global minimum and maximum over all alternatives and criteria;
4. grey relational coefficient ξ_ij = (Δmin + ρ·Δmax) / (Δ_ij + ρ·Δmax), distinguishing coefficient
   ρ ∈ (0, 1], 0.5 by default (Deng's choice); if every Δ is 0 every ξ is 1;
5. grey relational grade γ_i = Σ_j w_j ξ_ij (weights summing to 1; equal weights by default); rank by γ,
   highest first.  An alternative equal to the reference on every criterion has grade 1.

**Ties.**  Ranks are competition ranks ("1224"): alternatives whose scores differ by at most
1e-9·max(1, |score|) share the best rank of their group, and the next alternative's rank counts every
alternative above it (Opricovic & Tzeng's min–max example: A2 1, A1 2, A3 2).

**Sensitivity.**  :func:`rank_sensitivity` raises and lowers one criterion's weight at a time by the
relative ``change`` (w_j → w_j·(1 ± change)) and rescales the other weights proportionally so that the weights
still sum to 1 (w_k → w_k·(1 − w_j')/(1 − w_j)); see its docstring.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import infinite_values, invalid_data, invalid_option
from ..jsonsafe import jsonable

NORMALISATIONS = ("vector", "minmax")
DIRECTIONS = ("benefit", "cost")
TIE_TOL = 1e-9
# A segment mean from fewer answers is too unstable to rank alternatives on: with n = 30 its standard error is
# SD/5.5, about 0.2 points on a 5-point scale with SD 1 (the usual rule of thumb for a mean's sampling error).
MIN_SEGMENT_N = 30
METHODS = ("topsis", "grey_relational")

TIES_RULE = {
    "en": "Competition ranking: alternatives whose scores differ by at most 1e-9·max(1, |score|) share the best "
          "rank of the group; the next rank counts every alternative above it (1, 2, 2, 4).",
    "zh-Hans": "并列按竞赛排名：得分相差不超过 1e-9·max(1, |得分|) 的方案并列取该组最好的名次，"
               "下一名次计入排在其前的全部方案（1, 2, 2, 4）。",
    "zh-Hant": "並列按競賽排名：得分相差不超過 1e-9·max(1, |得分|) 的方案並列取該組最好的名次，"
               "下一名次計入排在其前的全部方案（1, 2, 2, 4）。",
}
NORMALISATION_TEXT = {
    "vector": {"en": "vector normalisation r = x/√Σx² (Hwang & Yoon 1981)",
               "zh-Hans": "向量归一化 r = x/√Σx²（Hwang & Yoon 1981）",
               "zh-Hant": "向量正規化 r = x/√Σx²（Hwang & Yoon 1981）"},
    "minmax": {"en": "min–max normalisation by direction: benefit (x − min)/(max − min), cost (max − x)/(max − min)",
               "zh-Hans": "按指标方向的极差归一化：效益型 (x − min)/(max − min)，成本型 (max − x)/(max − min)",
               "zh-Hant": "按指標方向的極差正規化：效益型 (x − min)/(max − min)，成本型 (max − x)/(max − min)"},
}
REWEIGHT_RULE = {
    "en": "One criterion's weight is multiplied by (1 ± change); the other weights are rescaled proportionally "
          "so that all weights sum to 1: w_k' = w_k·(1 − w_j')/(1 − w_j).",
    "zh-Hans": "每次将一个指标的权重乘以 (1 ± 变动幅度)，其余指标的权重按原比例缩放，使权重之和仍为 1："
               "w_k' = w_k·(1 − w_j')/(1 − w_j)。",
    "zh-Hant": "每次將一個指標的權重乘以 (1 ± 變動幅度)，其餘指標的權重按原比例縮放，使權重之和仍為 1："
               "w_k' = w_k·(1 − w_j')/(1 − w_j)。",
}


# ----------------------------------------------------------------------------------------------- validation

def _matrix(data, *, option: str = "data") -> pd.DataFrame:
    """The alternatives × criteria table as a float DataFrame, checked: ≥ 2 alternatives, ≥ 1 criterion,
    unique names, numbers only, no missing or infinite cells."""
    if isinstance(data, pd.DataFrame):
        frame = data.copy()
    else:
        try:
            arr = np.asarray(data, dtype=float)
        except (TypeError, ValueError):
            raise invalid_option(option, "¬ numeric 2-D array",
                                 "Pass a table of numbers: alternatives in rows, criteria in columns.",
                                 "请传入数值表格：方案为行，指标为列。", "請傳入數值表格：方案為列，指標為欄。") from None
        if arr.ndim != 2:
            raise invalid_option(option, f"ndim = {arr.ndim} ≠ 2",
                                 "Pass a table of numbers: alternatives in rows, criteria in columns.",
                                 "请传入数值表格：方案为行，指标为列。", "請傳入數值表格：方案為列，指標為欄。")
        frame = pd.DataFrame(arr, index=[f"A{i + 1}" for i in range(arr.shape[0])],
                             columns=[f"C{j + 1}" for j in range(arr.shape[1])])
    m, n = frame.shape
    if m < 2 or n < 1:
        raise invalid_data(f"{m} × {n}: alternatives < 2 ∨ criteria < 1",
                           "Give at least two alternatives (rows) and one criterion (column).",
                           "请至少提供两个方案（行）和一个指标（列）。", "請至少提供兩個方案（列）和一個指標（欄）。")
    for what, labels in (("alternatives", frame.index), ("criteria", frame.columns)):
        dup = labels[labels.duplicated()]
        if len(dup):
            raise invalid_data(f"{what}: duplicate {dup[0]!r}",
                               "Give every alternative and every criterion a distinct name.",
                               "请为每个方案和每个指标使用不同的名称。", "請為每個方案和每個指標使用不同的名稱。",
                               value=dup[0])
    for col in frame.columns:
        conv = pd.to_numeric(frame[col], errors="coerce")
        bad = (conv.isna() & frame[col].notna()).to_numpy()
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            raise invalid_data(f"{col}: ¬ numeric", "Use numbers only in the criteria columns.",
                               "指标列中只能填写数字。", "指標欄中只能填寫數字。", column=str(col), row=i + 1,
                               value=frame[col].iloc[i])
        frame[col] = conv.astype(float)
    values = frame.to_numpy()
    if np.isnan(values).any():
        i, j = map(int, np.argwhere(np.isnan(values))[0])
        raise invalid_data("NaN", "Fill in every cell of the alternatives × criteria table (a ranking needs every "
                           "alternative's value on every criterion).",
                           "请填写方案 × 指标表格的每个单元格（排序需要每个方案在每个指标上的取值）。",
                           "請填寫方案 × 指標表格的每個儲存格（排序需要每個方案在每個指標上的取值）。",
                           column=str(frame.columns[j]), row=i + 1)
    err = infinite_values(values, [str(c) for c in frame.columns])
    if err is not None:
        raise err
    return frame


def _weights(weights, criteria, *, option: str = "weights") -> np.ndarray:
    """Weights in criteria order, checked and rescaled to sum 1."""
    n = len(criteria)
    if isinstance(weights, Mapping):
        names = [str(c) for c in criteria]
        keys = {str(k): k for k in weights}
        missing = [c for c in names if c not in keys]
        extra = [k for k in keys if k not in names]
        if missing or extra:
            detail = "; ".join(p for p in (f"missing {missing}" if missing else "",
                                           f"unknown {extra}" if extra else "") if p)
            raise invalid_option(option, detail,
                                 f"Give one weight for each criterion, named exactly as the criteria: {names}.",
                                 f"请为每个指标给出一个权重，名称须与指标完全一致：{names}。",
                                 f"請為每個指標給出一個權重，名稱須與指標完全一致：{names}。")
        w = [weights[keys[c]] for c in names]
    elif isinstance(weights, (str, bytes)) or not isinstance(weights, (Sequence, np.ndarray, pd.Series)):
        raise invalid_option(option, f"type {type(weights).__name__}",
                             "Give the weights as a list in criteria order or as {criterion: weight}.",
                             "请以按指标顺序排列的列表或 {指标: 权重} 的形式给出权重。",
                             "請以按指標順序排列的串列或 {指標: 權重} 的形式給出權重。")
    else:
        if isinstance(weights, pd.Series) and set(map(str, weights.index)) == set(map(str, criteria)):
            return _weights(weights.to_dict(), criteria, option=option)
        w = list(np.asarray(weights, dtype=object).ravel())
        if len(w) != n:
            raise invalid_option(option, f"len = {len(w)} ≠ {n} criteria",
                                 f"Give exactly one weight for each of the {n} criteria, in column order.",
                                 f"请按列的顺序为 {n} 个指标各给出一个权重。",
                                 f"請按欄的順序為 {n} 個指標各給出一個權重。")
    try:
        arr = np.array([float(x) for x in w])
    except (TypeError, ValueError):
        raise invalid_option(option, "¬ numeric", "Give the weights as numbers.", "权重须为数字。",
                             "權重須為數字。") from None
    if not np.isfinite(arr).all() or (arr < 0).any() or arr.sum() <= 0:
        raise invalid_option(option, f"{[round(float(x), 6) for x in arr]}: ¬ (finite ∧ ≥ 0 ∧ Σ > 0)",
                             "Give finite, non-negative weights with a positive sum (they are rescaled to sum 1).",
                             "权重须为有限的非负数且总和大于 0（将按总和为 1 重新缩放）。",
                             "權重須為有限的非負數且總和大於 0（將按總和為 1 重新縮放）。")
    return arr / arr.sum()


def _direction(value, criterion) -> str:
    if isinstance(value, str) and value.strip().lower() in DIRECTIONS:
        return value.strip().lower()
    if not isinstance(value, (str, bool, np.bool_)) and isinstance(value, (int, float, np.integer, np.floating)):
        if value == 1:
            return "benefit"
        if value == -1:
            return "cost"
    raise invalid_option("directions", f"{criterion}: {value!r} ∉ {{benefit, cost, 1, -1}}",
                         "Write 'benefit' (more is better, or 1) or 'cost' (less is better, or -1) for each criterion.",
                         "每个指标的方向请写 'benefit'（效益型，越大越好，或 1）或 'cost'（成本型，越小越好，或 -1）。",
                         "每個指標的方向請寫 'benefit'（效益型，越大越好，或 1）或 'cost'（成本型，越小越好，或 -1）。")


def _directions(directions, criteria) -> tuple[str, ...]:
    n = len(criteria)
    if directions is None:
        return ("benefit",) * n
    if isinstance(directions, str):
        return (_direction(directions, "*"),) * n
    if isinstance(directions, Mapping):
        names = [str(c) for c in criteria]
        extra = [str(k) for k in directions if str(k) not in names]
        if extra:
            raise invalid_option("directions", f"unknown {extra}",
                                 f"Name only criteria of the table: {names}.",
                                 f"只能填写表格中的指标名称：{names}。", f"只能填寫表格中的指標名稱：{names}。")
        by_name = {str(k): v for k, v in directions.items()}
        return tuple(_direction(by_name[c], c) if c in by_name else "benefit" for c in names)
    dirs = list(directions)
    if len(dirs) != n:
        raise invalid_option("directions", f"len = {len(dirs)} ≠ {n} criteria",
                             f"Give one direction for each of the {n} criteria, in column order, or "
                             "{criterion: 'cost'} for the cost criteria only.",
                             f"请按列的顺序为 {n} 个指标各给出一个方向，或只为成本型指标写 {{指标: 'cost'}}。",
                             f"請按欄的順序為 {n} 個指標各給出一個方向，或只為成本型指標寫 {{指標: 'cost'}}。")
    return tuple(_direction(d, c) for d, c in zip(dirs, criteria))


def _option(option: str, value, allowed: Sequence[str]) -> str:
    if value not in allowed:
        names = " | ".join(f'"{a}"' for a in allowed)
        raise invalid_option(option, f"{value!r} ∉ {{{', '.join(allowed)}}}", f"Choose {names}.",
                             f"请选择 {names}。", f"請選擇 {names}。")
    return value


def competition_rank(scores, tol: float = TIE_TOL) -> np.ndarray:
    """Rank 1 = highest score; scores within tol·max(1, |score|) tie and share the best rank ("1224")."""
    s = np.asarray(scores, dtype=float)
    scale = tol * np.maximum(1.0, np.abs(s))
    return np.array([1 + int(np.sum(s > si + sc)) for si, sc in zip(s, scale)], dtype=int)


def _minmax(x: np.ndarray, directions, *, constant: float) -> tuple[np.ndarray, list[int]]:
    lo, hi = x.min(axis=0), x.max(axis=0)
    span = hi - lo
    out = np.empty_like(x)
    flat = []
    for j, d in enumerate(directions):
        if span[j] == 0:
            out[:, j] = constant
            flat.append(j)
        elif d == "benefit":
            out[:, j] = (x[:, j] - lo[j]) / span[j]
        else:
            out[:, j] = (hi[j] - x[:, j]) / span[j]
    return out, flat


# --------------------------------------------------------------------------------------------------- TOPSIS

@dataclass(frozen=True)
class TopsisResult:
    """TOPSIS: the closeness C of each alternative to the ideal and its rank.

    ``normalised`` (r), ``weighted`` (v = w·r), ``ideal`` (A⁺), ``anti_ideal`` (A⁻), ``d_plus``, ``d_minus``,
    ``closeness`` and ``rank`` are indexed by alternative / criterion; ``normalisation`` says which
    normalisation was used ("vector" | "minmax"), ``constant_criteria`` lists columns that could not
    discriminate (all values equal).
    """

    alternatives: tuple
    criteria: tuple
    weights: pd.Series
    directions: tuple
    normalisation: str
    normalised: pd.DataFrame
    weighted: pd.DataFrame
    ideal: pd.Series
    anti_ideal: pd.Series
    d_plus: pd.Series
    d_minus: pd.Series
    closeness: pd.Series
    rank: pd.Series
    constant_criteria: tuple = ()
    method: str = "topsis"
    ties: dict = field(default_factory=lambda: dict(TIES_RULE))

    @property
    def scores(self) -> pd.Series:
        return self.closeness

    def table(self, sort: bool = False) -> pd.DataFrame:
        """alternative, D+, D-, C, rank (input order, or best first with ``sort=True``)."""
        out = pd.DataFrame({"alternative": list(self.alternatives), "D+": self.d_plus.to_numpy(),
                            "D-": self.d_minus.to_numpy(), "C": self.closeness.to_numpy(),
                            "rank": self.rank.to_numpy()})
        return out.sort_values(["rank"], kind="stable").reset_index(drop=True) if sort else out

    def to_dict(self) -> dict:
        return jsonable({
            "method": "topsis", "normalisation": self.normalisation,
            "normalisation_text": NORMALISATION_TEXT[self.normalisation],
            "source": "Hwang & Yoon (1981)",
            "criteria": [str(c) for c in self.criteria],
            "weights": {str(k): v for k, v in self.weights.items()},
            "directions": dict(zip(map(str, self.criteria), self.directions)),
            "ideal": {str(k): v for k, v in self.ideal.items()},
            "anti_ideal": {str(k): v for k, v in self.anti_ideal.items()},
            "constant_criteria": [str(c) for c in self.constant_criteria],
            "table": self.table().assign(alternative=lambda t: t["alternative"].map(str)).to_dict("records"),
            "ties": self.ties,
        })


def topsis(data, weights, directions=None, *, normalisation: str = "vector") -> TopsisResult:
    """TOPSIS ranking of alternatives (rows) on criteria (columns) — Hwang & Yoon (1981).

    ``normalisation="vector"`` is the classical r = x/√Σx² (matches Papathanasiou & Ploskas 2018:
    C = 0.387, 0.327, 0.391, 0.615, 0.868, 0.493, ranks 5 6 4 2 1 3); ``"minmax"`` normalises each column by
    direction to [0, 1] (matches Opricovic & Tzeng 2004 as in pymcdm's tests: C = 0.500, 0.617, 0.500).  See
    the module docstring for the steps, constant columns and ties.
    """
    _option("normalisation", normalisation, NORMALISATIONS)
    frame = _matrix(data)
    criteria = tuple(frame.columns)
    w = _weights(weights, criteria)
    dirs = _directions(directions, criteria)
    x = frame.to_numpy()
    if normalisation == "vector":
        if (x < 0).any():
            i, j = map(int, np.argwhere(x < 0)[0])
            raise invalid_data(f"x = {x[i, j]:g} < 0 with normalisation = vector",
                               "Vector normalisation needs values ≥ 0: shift the scale so that every value is "
                               "non-negative, or use normalisation='minmax'.",
                               "向量归一化要求数值 ≥ 0：请平移量表使所有数值非负，或改用 normalisation='minmax'。",
                               "向量正規化要求數值 ≥ 0：請平移量表使所有數值非負，或改用 normalisation='minmax'。",
                               column=str(criteria[j]), row=i + 1, value=x[i, j])
        norm = np.sqrt((x ** 2).sum(axis=0))
        flat = [j for j in range(x.shape[1]) if np.ptp(x[:, j]) == 0]
        r = np.divide(x, norm, out=np.zeros_like(x), where=norm > 0)
        better_max = np.array([d == "benefit" for d in dirs])
    else:
        r, flat = _minmax(x, dirs, constant=0.0)
        better_max = np.ones(len(dirs), dtype=bool)
    v = r * w
    ideal = np.where(better_max, v.max(axis=0), v.min(axis=0))
    anti = np.where(better_max, v.min(axis=0), v.max(axis=0))
    d_plus = np.sqrt(((v - ideal) ** 2).sum(axis=1))
    d_minus = np.sqrt(((v - anti) ** 2).sum(axis=1))
    total = d_plus + d_minus
    if (total == 0).any():
        raise invalid_data("D+ = D- = 0: every weighted criterion is constant",
                           "Give at least one criterion with a positive weight on which the alternatives differ.",
                           "请至少提供一个权重为正且各方案取值不同的指标。",
                           "請至少提供一個權重為正且各方案取值不同的指標。")
    c = d_minus / total
    alts = frame.index
    return TopsisResult(
        alternatives=tuple(alts), criteria=criteria, weights=pd.Series(w, index=list(criteria)),
        directions=dirs, normalisation=normalisation,
        normalised=pd.DataFrame(r, index=alts, columns=list(criteria)),
        weighted=pd.DataFrame(v, index=alts, columns=list(criteria)),
        ideal=pd.Series(ideal, index=list(criteria)), anti_ideal=pd.Series(anti, index=list(criteria)),
        d_plus=pd.Series(d_plus, index=alts), d_minus=pd.Series(d_minus, index=alts),
        closeness=pd.Series(c, index=alts), rank=pd.Series(competition_rank(c), index=alts),
        constant_criteria=tuple(criteria[j] for j in flat))


# ---------------------------------------------------------------------------------- grey relational analysis

@dataclass(frozen=True)
class GreyRelationalResult:
    """Grey relational analysis: each alternative's grey relational grade with the reference series.

    ``normalised`` (min–max by direction), ``reference`` (the normalised reference series), ``reference_raw``
    (on the data's scale), ``delta`` (Δ), ``coefficients`` (ξ), ``delta_min``/``delta_max`` (global),
    ``rho``, ``weights``, ``grade`` (γ) and ``rank``.
    """

    alternatives: tuple
    criteria: tuple
    weights: pd.Series
    directions: tuple
    rho: float
    reference_kind: str
    reference_raw: pd.Series
    reference: pd.Series
    normalised: pd.DataFrame
    delta: pd.DataFrame
    delta_min: float
    delta_max: float
    coefficients: pd.DataFrame
    grade: pd.Series
    rank: pd.Series
    constant_criteria: tuple = ()
    normalisation: str = "minmax"
    method: str = "grey_relational"
    ties: dict = field(default_factory=lambda: dict(TIES_RULE))

    @property
    def scores(self) -> pd.Series:
        return self.grade

    def table(self, sort: bool = False) -> pd.DataFrame:
        """alternative, grade, rank (input order, or best first with ``sort=True``)."""
        out = pd.DataFrame({"alternative": list(self.alternatives), "grade": self.grade.to_numpy(),
                            "rank": self.rank.to_numpy()})
        return out.sort_values(["rank"], kind="stable").reset_index(drop=True) if sort else out

    def coefficients_table(self) -> pd.DataFrame:
        """Long form: alternative, criterion, normalised value, Δ, ξ."""
        rows = [{"alternative": a, "criterion": c, "normalised": self.normalised.loc[a, c],
                 "delta": self.delta.loc[a, c], "xi": self.coefficients.loc[a, c]}
                for a in self.alternatives for c in self.criteria]
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        return jsonable({
            "method": "grey_relational", "source": "Deng (1982, 1989)", "rho": self.rho,
            "normalisation": self.normalisation, "normalisation_text": NORMALISATION_TEXT["minmax"],
            "reference": self.reference_kind,
            "reference_raw": {str(k): v for k, v in self.reference_raw.items()},
            "criteria": [str(c) for c in self.criteria],
            "weights": {str(k): v for k, v in self.weights.items()},
            "directions": dict(zip(map(str, self.criteria), self.directions)),
            "delta_min": self.delta_min, "delta_max": self.delta_max,
            "constant_criteria": [str(c) for c in self.constant_criteria],
            "coefficients": self.coefficients,
            "table": self.table().assign(alternative=lambda t: t["alternative"].map(str)).to_dict("records"),
            "ties": self.ties,
        })


def grey_relational(data, weights=None, directions=None, *, rho: float = 0.5,
                    reference="ideal") -> GreyRelationalResult:
    """Grey relational analysis (Deng 1982, 1989) of alternatives (rows) on criteria (columns).

    Min–max normalisation by direction, reference series = the best value of each criterion (or a given
    series on the raw scale), Δ = |x₀ − xᵢ|, ξ = (Δmin + ρΔmax)/(Δ + ρΔmax) with Δmin, Δmax global over all
    alternatives and criteria, grade = Σ wⱼ ξᵢⱼ (equal weights when ``weights`` is None), rank by grade.
    See the module docstring.
    """
    frame = _matrix(data)
    criteria = tuple(frame.columns)
    n = len(criteria)
    w = np.full(n, 1.0 / n) if weights is None else _weights(weights, criteria)
    dirs = _directions(directions, criteria)
    try:
        rho = float(rho)
    except (TypeError, ValueError):
        rho = float("nan")
    if not (0 < rho <= 1):
        raise invalid_option("rho", f"ρ = {rho} ∉ (0, 1]", "Give a distinguishing coefficient ρ with 0 < ρ ≤ 1 "
                             "(0.5 is Deng's usual choice).", "分辨系数 ρ 须满足 0 < ρ ≤ 1（通常取 0.5）。",
                             "分辨係數 ρ 須滿足 0 < ρ ≤ 1（通常取 0.5）。")
    x = frame.to_numpy()
    if isinstance(reference, str):
        _option("reference", reference, ("ideal",))
        ref_raw = np.array([x[:, j].max() if d == "benefit" else x[:, j].min() for j, d in enumerate(dirs)])
        kind = "ideal"
    else:
        if isinstance(reference, Mapping):
            names = [str(c) for c in criteria]
            keys = {str(k): k for k in reference}
            if set(keys) != set(names):
                raise invalid_option("reference", f"keys {sorted(keys)} ≠ criteria {names}",
                                     f"Give the reference value of every criterion: {names}.",
                                     f"请给出每个指标的参考值：{names}。", f"請給出每個指標的參考值：{names}。")
            vals = [reference[keys[c]] for c in names]
        else:
            vals = list(np.asarray(reference, dtype=object).ravel())
        try:
            ref_raw = np.array([float(v) for v in vals])
        except (TypeError, ValueError):
            ref_raw = np.array([np.nan])
        if ref_raw.shape != (n,) or not np.isfinite(ref_raw).all():
            raise invalid_option("reference", f"len = {len(vals)}, n = {n}",
                                 f"Give 'ideal' or {n} finite reference values, one per criterion.",
                                 f"请使用 'ideal' 或给出 {n} 个有限的参考值（每个指标一个）。",
                                 f"請使用 'ideal' 或給出 {n} 個有限的參考值（每個指標一個）。")
        kind = "given"
    both, flat = _minmax(np.vstack([x, ref_raw]), dirs, constant=1.0)
    r, x0 = both[:-1], both[-1]
    delta = np.abs(x0 - r)
    dmin, dmax = float(delta.min()), float(delta.max())
    xi = np.ones_like(delta) if dmax == 0 else (dmin + rho * dmax) / (delta + rho * dmax)
    grade = xi @ w
    alts = frame.index
    cols = list(criteria)
    return GreyRelationalResult(
        alternatives=tuple(alts), criteria=criteria, weights=pd.Series(w, index=cols), directions=dirs, rho=rho,
        reference_kind=kind, reference_raw=pd.Series(ref_raw, index=cols), reference=pd.Series(x0, index=cols),
        normalised=pd.DataFrame(r, index=alts, columns=cols), delta=pd.DataFrame(delta, index=alts, columns=cols),
        delta_min=dmin, delta_max=dmax, coefficients=pd.DataFrame(xi, index=alts, columns=cols),
        grade=pd.Series(grade, index=alts), rank=pd.Series(competition_rank(grade), index=alts),
        constant_criteria=tuple(criteria[j] for j in flat))


# ------------------------------------------------------------------------------------------------ sensitivity

def _method(method):
    if callable(method):
        if method is topsis:
            return "topsis", topsis
        if method is grey_relational:
            return "grey_relational", grey_relational
        return getattr(method, "__name__", "custom"), method
    _option("method", method, METHODS)
    return method, {"topsis": topsis, "grey_relational": grey_relational}[method]


@dataclass(frozen=True)
class RankSensitivityResult:
    """The ranking under ±change of each criterion's weight.

    ``base`` is the unperturbed result; ``perturbations`` has one row per perturbation (criterion, change,
    weight_from, weight_to, top, top_unchanged, ranking_changed, feasible); ``ranks`` the new ranks
    (perturbation × alternative); ``weights`` the full perturbed weight vectors; ``summary`` the shares of
    feasible perturbations that leave the top alternative / the full order unchanged.
    """

    method: str
    change: float
    base: object
    base_rank: pd.Series
    perturbations: pd.DataFrame
    ranks: pd.DataFrame
    weights: pd.DataFrame
    summary: dict
    rule: dict = field(default_factory=lambda: dict(REWEIGHT_RULE))

    def table(self) -> pd.DataFrame:
        """One row per perturbation: its flags and the new rank of every alternative (``rank[<alternative>]``)."""
        ranks = self.ranks.rename(columns=lambda a: f"rank[{a}]").reset_index(drop=True)
        return pd.concat([self.perturbations.reset_index(drop=True), ranks], axis=1)

    def to_dict(self) -> dict:
        return jsonable({
            "method": self.method, "change": self.change, "rule": self.rule,
            "base_rank": {str(k): v for k, v in self.base_rank.items()},
            "perturbations": self.table().to_dict("records"), "summary": self.summary,
        })


def rank_sensitivity(method, data, weights, directions=None, *, change: float = 0.10,
                     **kwargs) -> RankSensitivityResult:
    """Sensitivity of a ranking to ±``change`` in each criterion's weight, one criterion at a time.

    ``method`` is "topsis" | "grey_relational" (or the function itself); ``kwargs`` go to it
    (``normalisation=``, ``rho=`` …).  For criterion j and sign s ∈ {+, −}: w_j' = w_j·(1 + s·change) (a
    relative change: ±10 % of the weight, not ±0.10 of the total) and every other weight
    w_k' = w_k·(1 − w_j')/(1 − w_j), so the weights keep their proportions and sum to 1.  A perturbation is
    infeasible (listed, not counted in the summary) when w_j' > 1 or when the other weights are all 0 (there
    is nothing to take the difference from).  ``ranking_changed`` is True when any alternative's rank
    differs from the unperturbed ranking; ``top_unchanged`` when the set of rank-1 alternatives is the same.
    """
    name, fn = _method(method)
    try:
        change = float(change)
    except (TypeError, ValueError):
        change = float("nan")
    if not (0 < change < 1):
        raise invalid_option("change", f"{change} ∉ (0, 1)",
                             "Give the relative weight change as a fraction between 0 and 1, e.g. 0.10 for ±10 %.",
                             "请以 0 到 1 之间的小数给出权重的相对变动幅度，例如 0.10 表示 ±10 %。",
                             "請以 0 到 1 之間的小數給出權重的相對變動幅度，例如 0.10 表示 ±10 %。")
    frame = _matrix(data)
    criteria = tuple(frame.columns)
    w = _weights(weights, criteria)
    base = fn(frame, w, directions, **kwargs)
    alts = list(base.alternatives)
    base_rank = base.rank
    base_top = {a for a in alts if base_rank[a] == 1}
    rows, rank_rows, weight_rows, labels = [], [], [], []
    for j, crit in enumerate(criteria):
        for sign in (+1, -1):
            label = f"{crit} {'+' if sign > 0 else '-'}{change:g}"
            new_wj = w[j] * (1 + sign * change)
            rest = 1.0 - w[j]
            feasible = new_wj <= 1.0 + 1e-12 and rest > 1e-12
            if feasible:
                w2 = w * ((1.0 - new_wj) / rest)
                w2[j] = new_wj
                w2 = np.clip(w2, 0.0, None)
                res = fn(frame, w2, directions, **kwargs)
                rank = res.rank.reindex(alts)
                top = [a for a in alts if rank[a] == 1]
                row = {"criterion": crit, "change": sign * change, "weight_from": w[j], "weight_to": new_wj,
                       "top": ", ".join(map(str, top)), "top_unchanged": set(top) == base_top,
                       "ranking_changed": bool((rank.to_numpy() != base_rank.reindex(alts).to_numpy()).any()),
                       "feasible": True}
                rank_rows.append(rank.to_numpy())
                weight_rows.append(w2)
            else:
                row = {"criterion": crit, "change": sign * change, "weight_from": w[j], "weight_to": new_wj,
                       "top": None, "top_unchanged": None, "ranking_changed": None, "feasible": False}
                rank_rows.append(np.full(len(alts), np.nan))
                weight_rows.append(np.full(len(criteria), np.nan))
            rows.append(row)
            labels.append(label)
    pert = pd.DataFrame(rows, index=labels)
    pert.insert(0, "perturbation", labels)
    ranks = pd.DataFrame(rank_rows, index=labels, columns=alts).astype("Int64")
    ok = pert[pert["feasible"]]
    k = len(ok)
    summary = {"n_perturbations": len(pert), "n_feasible": k,
               "share_top_unchanged": float(ok["top_unchanged"].astype(bool).mean()) if k else None,
               "share_order_unchanged": float((~ok["ranking_changed"].astype(bool)).mean()) if k else None,
               "base_top": ", ".join(str(a) for a in alts if a in base_top)}
    return RankSensitivityResult(method=name, change=change, base=base, base_rank=base_rank, perturbations=pert,
                                 ranks=ranks, weights=pd.DataFrame(weight_rows, index=labels, columns=list(criteria)),
                                 summary=summary)


# ------------------------------------------------------------------------------------------------- segments

@dataclass(frozen=True)
class SegmentRankingResult:
    """Segments of the respondent data (levels of ``group``) ranked as alternatives.

    ``values`` is the segments × criteria table that was ranked (``agg`` of each criterion per segment), ``n``
    the respondents per segment kept, ``dropped`` the segments with fewer than ``min_n`` respondents
    (segment, n, min_n), ``missing_group`` the number of rows without a segment, ``ranking`` the
    :class:`TopsisResult` or :class:`GreyRelationalResult`.
    """

    group: str
    criteria: tuple
    agg: str
    min_n: int
    method: str
    values: pd.DataFrame
    n: pd.Series
    dropped: pd.DataFrame
    missing_group: int
    ranking: object

    def table(self, sort: bool = False) -> pd.DataFrame:
        """The ranking table with each segment's n and its criterion values."""
        out = self.ranking.table(sort=sort)
        out.insert(1, "n", out["alternative"].map(self.n).astype(int))
        vals = self.values.reindex(out["alternative"]).reset_index(drop=True)
        return pd.concat([out, vals], axis=1)

    def to_dict(self) -> dict:
        return jsonable({
            "group": self.group, "criteria": [str(c) for c in self.criteria], "agg": self.agg,
            "min_n": self.min_n, "method": self.method, "values": self.values,
            "n": {str(k): v for k, v in self.n.items()}, "dropped": self.dropped.to_dict("records"),
            "missing_group": self.missing_group, "ranking": self.ranking.to_dict(),
        })


def rank_segments(frame: pd.DataFrame, group: str, criteria, weights, directions=None, method="topsis",
                  agg: str = "mean", *, min_n: int = MIN_SEGMENT_N, **kwargs) -> SegmentRankingResult:
    """Rank the segments of respondent data (e.g. platforms) as alternatives.

    Each segment (level of column ``group``; rows with no segment are left out and counted) becomes one
    alternative whose value on each criterion column is the ``agg`` ("mean" | "median") of its respondents'
    answers (missing answers skipped).  Segments with fewer than ``min_n`` rows (default
    ``MIN_SEGMENT_N`` = 30) are dropped and listed in ``dropped``; at least two must remain.  The segments ×
    criteria table is then ranked by ``method`` ("topsis" | "grey_relational"), ``kwargs`` going to it.
    """
    name, fn = _method(method)
    _option("agg", agg, ("mean", "median"))
    if not isinstance(frame, pd.DataFrame):
        raise invalid_option("frame", f"type {type(frame).__name__}", "Pass the responses as a pandas DataFrame.",
                             "请以 pandas DataFrame 传入答卷数据。", "請以 pandas DataFrame 傳入問卷資料。")
    if isinstance(criteria, str):
        criteria = [criteria]
    criteria = list(criteria)
    missing = [c for c in [group, *criteria] if c not in frame.columns]
    if missing:
        raise invalid_option("criteria" if group not in missing else "group", f"missing columns {missing}",
                             "Name columns of the data (check spelling and case).",
                             "请填写数据中存在的列名（注意拼写和大小写）。", "請填寫資料中存在的欄名（注意拼寫和大小寫）。",
                             column=str(missing[0]))
    if not criteria or group in criteria or len(set(criteria)) != len(criteria):
        raise invalid_option("criteria", f"{criteria}", "Give at least one criterion column, each once and not the "
                             "group column.", "请至少给出一个指标列，每列只列一次，且不要包含分组列。",
                             "請至少給出一個指標欄，每欄只列一次，且不要包含分組欄。")
    try:
        min_n = int(min_n)
    except (TypeError, ValueError):
        min_n = 0
    if min_n < 1:
        raise invalid_option("min_n", "min_n < 1", "Give the smallest segment size as a whole number ≥ 1.",
                             "请以 ≥ 1 的整数给出最小分组样本量。", "請以 ≥ 1 的整數給出最小分組樣本數。")
    data = frame[criteria].copy()
    for col in criteria:
        conv = pd.to_numeric(data[col], errors="coerce")
        bad = conv.isna() & data[col].notna()
        if bad.any():
            pos = int(np.flatnonzero(bad.to_numpy())[0])
            raise invalid_data(f"{col}: ¬ numeric", "Use numbers only in the criteria columns (recode text answers "
                               "first).", "指标列中只能是数字（请先将文字答案编码）。", "指標欄中只能是數字（請先將文字答案編碼）。",
                               column=str(col), row=pos + 1, value=data[col].iloc[pos])
        data[col] = conv.astype(float)
    err = infinite_values(data.to_numpy(), criteria)
    if err is not None:
        raise err
    seg = frame[group]
    has_group = seg.notna().to_numpy()
    missing_group = int((~has_group).sum())
    data, seg = data[has_group], seg[has_group]
    counts = seg.value_counts(sort=False)
    levels = [lv for lv in pd.unique(seg)]
    try:
        levels = sorted(levels)
    except TypeError:
        pass
    kept = [lv for lv in levels if counts[lv] >= min_n]
    dropped = pd.DataFrame([{"segment": lv, "n": int(counts[lv]), "min_n": min_n}
                            for lv in levels if counts[lv] < min_n], columns=["segment", "n", "min_n"])
    if len(kept) < 2:
        raise invalid_data(f"{group}: {len(kept)} segments with n ≥ {min_n}",
                           f"At least two segments need {min_n} or more respondents: merge small segments, collect "
                           "more answers or lower min_n.",
                           f"至少需要两个分组各有不少于 {min_n} 名受访者：请合并较小的分组、收集更多答卷或降低 min_n。",
                           f"至少需要兩個分組各有不少於 {min_n} 名受訪者：請合併較小的分組、收集更多問卷或降低 min_n。",
                           column=str(group))
    grouped = data.groupby(seg.to_numpy(), sort=False)
    values = (grouped.mean() if agg == "mean" else grouped.median()).reindex(kept)
    empty = values.isna().to_numpy()
    if empty.any():
        i, j = map(int, np.argwhere(empty)[0])
        raise invalid_data(f"{group} = {kept[i]!r}: no answers on {criteria[j]}",
                           "Every segment needs answers on every criterion: drop the criterion or the segment.",
                           "每个分组在每个指标上都需要有作答：请删除该指标或该分组。",
                           "每個分組在每個指標上都需要有作答：請刪除該指標或該分組。", column=str(criteria[j]))
    values.index.name = group
    ranking = fn(values, weights, directions, **kwargs)
    return SegmentRankingResult(group=group, criteria=tuple(criteria), agg=agg, min_n=min_n, method=name,
                                values=values, n=pd.Series({lv: int(counts[lv]) for lv in kept}), dropped=dropped,
                                missing_group=missing_group, ranking=ranking)
