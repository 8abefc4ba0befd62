"""Weighted customer-satisfaction index on 0–100 with grades (DOMAIN.md §6).

>>> res = satisfaction_index(scores[["ECO", "RES", "FLE", "REL", "EMP"]],
...                          weights_from(total_effects), weights_source="derived",
...                          group=data["PLATFORM"])
>>> res.table(lang="zh-Hans")

**Index.**  Each dimension score xᵢ (on the rating scale ``scale`` = (min,
max), e.g. a construct's mean item score) is rescaled to 0–100,

    Iᵢ = (xᵢ − min) / (max − min) · 100,

and the index is the weighted sum E = Σ wᵢ·Iᵢ with wᵢ ≥ 0 and Σ wᵢ = 1 — the
composite-index form used by ACSI/CCSI-style indices (Fornell et al. 1996)
and by Chinese satisfaction-evaluation studies (综合满意度指数).  E is on
0–100 as well.

**Weights.**  ``weights=None``: equal weights 1/k over the columns of
``scores`` (``weights_source="equal"``).  A mapping dimension → weight:
non-negative, at least one positive, normalised to sum 1 (the result says
whether normalisation changed them, ``weights_normalised``, and keeps the
weights as given); only the named dimensions enter the index, other columns
are ignored (noted).  ``weights_source`` records where the weights come from:
``"stated"`` (default for given weights; the researcher's or an expert panel's
judgement, e.g. AHP), ``"derived"`` (from SEM total effects, regression β or
LMG shares — :func:`weights_from` normalises them) or ``"expert"``.  A
dimension with weight 0 does not enter E.

**Missing data.**  A respondent's E is NaN when any dimension with a positive
weight is missing; such respondents are counted (``n_missing``) and listed
(``missing_rows``), never dropped silently.

**Summary.**  Mean, SD (n − 1), SE = SD/√n and the t-based confidence
interval mean ± t(1 − (1 − level)/2; n − 1)·SE, overall and per segment
(``group``: a Series aligned with ``scores`` by index; rows with a missing
group value enter only the overall row), plus the share of respondents in
each grade and the grade of the mean.

**Grades** (DOMAIN.md §6): default 优 [85, 100], 良 [75, 85), 中 [60, 75),
低 [40, 60), 差 [0, 40) — English Excellent / Good / Fair / Poor / Very
poor, zh-Hant 優 / 良 / 中 / 低 / 差.  Give other bands as a sequence of
:class:`Grade` or of tuples ``(lower_edge, name)`` /
``(lower_edge, zh_hans, en, zh_hant)``, each band running from its lower edge
to the next higher edge; the lowest edge must be 0.  Boundary rule:

* ``boundary="lower"`` (default): bands are [lower, upper) — a score exactly
  on an edge belongs to the *higher* band (85 → 优, 60 → 中);
* ``boundary="upper"``: bands are (lower, upper] — a score exactly on an edge
  belongs to the *lower* band (85 → 良, 60 → 低).

In both cases 100 is in the top band and 0 in the bottom band.  Scores are
compared with the edges after rounding to 9 decimals, so floating-point
noise in Σ wᵢ·Iᵢ (e.g. 84.99999999999999 for an exact 85) cannot move a
respondent across an edge.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import invalid_data, invalid_option
from ..jsonsafe import jsonable
from ..messages import LANGUAGES
from .ipa import _check_lang, _check_scale, _is_number  # the same argument checks as the IPA

WEIGHT_SOURCES = ("equal", "stated", "derived", "expert")
BOUNDARIES = ("lower", "upper")
_GRADE_ROUND = 9


@dataclass(frozen=True)
class Grade:
    """One band: its lower edge on 0–100 and its name in zh-Hans, en and zh-Hant."""

    lower: float
    zh_hans: str
    en: str
    zh_hant: str

    def name(self, lang: str = "zh-Hans") -> str:
        return {"zh-Hans": self.zh_hans, "en": self.en, "zh-Hant": self.zh_hant}[lang]


DEFAULT_GRADES = (
    Grade(85, "优", "Excellent", "優"),
    Grade(75, "良", "Good", "良"),
    Grade(60, "中", "Fair", "中"),
    Grade(40, "低", "Poor", "低"),
    Grade(0, "差", "Very poor", "差"),
)

BOUNDARY_RULE = {
    "lower": {
        "en": "Bands are [lower, upper): a score exactly on an edge belongs to the higher band "
              "(e.g. 85 → the band starting at 85); 100 is in the top band.",
        "zh-Hans": "区间为 [下限, 上限)：恰好等于分界值的得分归入较高的等级（如 85 归入从 85 开始的等级）；100 属于最高等级。",
        "zh-Hant": "區間為 [下限, 上限)：恰好等於分界值的分數歸入較高的等級（如 85 歸入從 85 開始的等級）；100 屬於最高等級。",
    },
    "upper": {
        "en": "Bands are (lower, upper]: a score exactly on an edge belongs to the lower band "
              "(e.g. 85 → the band ending at 85); 0 is in the bottom band.",
        "zh-Hans": "区间为 (下限, 上限]：恰好等于分界值的得分归入较低的等级（如 85 归入以 85 为上限的等级）；0 属于最低等级。",
        "zh-Hant": "區間為 (下限, 上限]：恰好等於分界值的分數歸入較低的等級（如 85 歸入以 85 為上限的等級）；0 屬於最低等級。",
    },
}
_OVERALL = {"en": "Overall", "zh-Hans": "总体", "zh-Hant": "總體"}
_HEADERS = {
    "en": {"segment": "segment", "n": "n", "n_missing": "n missing", "mean": "mean", "sd": "SD", "se": "SE",
           "ci_low": "CI low", "ci_high": "CI high", "grade": "grade of mean", "share": "share {}"},
    "zh-Hans": {"segment": "分组", "n": "n", "n_missing": "缺失数", "mean": "均值", "sd": "标准差", "se": "标准误",
                "ci_low": "CI 下限", "ci_high": "CI 上限", "grade": "均值等级", "share": "{}占比"},
    "zh-Hant": {"segment": "分組", "n": "n", "n_missing": "遺漏數", "mean": "平均數", "sd": "標準差", "se": "標準誤",
                "ci_low": "CI 下限", "ci_high": "CI 上限", "grade": "平均數等級", "share": "{}佔比"},
}


# --------------------------------------------------------------------------
# argument checks
# --------------------------------------------------------------------------

def _check_level(level) -> float:
    if not _is_number(level) or not 0 < float(level) < 1:
        raise invalid_option("level", repr(level)[:40], "Give the confidence level as a number between 0 and 1, "
                             "e.g. 0.95.", "请以 0 到 1 之间的数字给出置信水平，例如 0.95。",
                             "請以 0 到 1 之間的數字提供信賴水準，例如 0.95。")
    return float(level)


def _check_grades(grades) -> tuple[Grade, ...]:
    """Grades sorted from the top band down; the lowest edge must be 0."""
    def bad(detail):
        return invalid_option("grades", detail,
                              "Give the bands as [(85, '优'), (75, '良'), (60, '中'), (40, '低'), (0, '差')] "
                              "(lower edge on 0–100, the lowest edge 0), or as Grade objects.",
                              "请以 [(85, '优'), (75, '良'), (60, '中'), (40, '低'), (0, '差')] 的形式给出等级"
                              "（下限位于 0–100，最低下限为 0），或使用 Grade 对象。",
                              "請以 [(85, '優'), (75, '良'), (60, '中'), (40, '低'), (0, '差')] 的形式提供等級"
                              "（下限位於 0–100，最低下限為 0），或使用 Grade 物件。")

    if isinstance(grades, (str, bytes, Mapping)) or not hasattr(grades, "__iter__"):
        raise bad(type(grades).__name__)
    out = []
    for g in grades:
        if isinstance(g, Grade):
            pass
        elif isinstance(g, (tuple, list)) and len(g) == 2 and isinstance(g[1], str):
            g = Grade(g[0], g[1], g[1], g[1])
        elif isinstance(g, (tuple, list)) and len(g) == 4 and all(isinstance(s, str) for s in g[1:]):
            g = Grade(*g)
        else:
            raise bad(repr(g)[:60])
        if not _is_number(g.lower) or not 0 <= float(g.lower) < 100:
            raise bad(f"{g.lower!r} ∉ [0, 100)")
        out.append(Grade(float(g.lower), g.zh_hans, g.en, g.zh_hant))
    if not out:
        raise bad("k = 0")
    lowers = [g.lower for g in out]
    if len(set(lowers)) != len(lowers):
        dup = next(x for x in lowers if lowers.count(x) > 1)
        raise bad(f"{dup:g} × 2")
    if min(lowers) != 0:
        raise bad(f"min(lower) = {min(lowers):g} ≠ 0")
    return tuple(sorted(out, key=lambda g: -g.lower))


def _band_index(values: np.ndarray, grades: tuple[Grade, ...], boundary: str) -> np.ndarray:
    """Index into ``grades`` (top band first) for each value; −1 for NaN."""
    edges = np.array([g.lower for g in reversed(grades)])          # ascending, edges[0] = 0
    v = np.clip(np.round(np.asarray(values, dtype=float), _GRADE_ROUND), 0.0, 100.0)
    side = "right" if boundary == "lower" else "left"
    asc = np.clip(np.searchsorted(edges, v, side=side) - 1, 0, len(edges) - 1)
    idx = len(edges) - 1 - asc
    return np.where(np.isnan(values), -1, idx)


def grade_of(values, *, grades=DEFAULT_GRADES, boundary: str = "lower", lang: str = "zh-Hans"):
    """Grade name(s) of index value(s) on 0–100 under the boundary rule (module docstring); None for NaN."""
    g = _check_grades(grades)
    _check_boundary(boundary)
    _check_lang(lang)
    arr = np.atleast_1d(np.asarray(values, dtype=float))
    idx = _band_index(arr, g, boundary)
    names = [None if i < 0 else g[i].name(lang) for i in idx]
    return names[0] if np.ndim(values) == 0 else names


def _check_boundary(boundary) -> str:
    if boundary not in BOUNDARIES:
        raise invalid_option("boundary", f"{boundary!r} ∉ {{lower, upper}}",
                             "Use boundary='lower' (a score on an edge goes to the higher band) or "
                             "boundary='upper' (to the lower band).",
                             "请使用 boundary='lower'（分界值归入较高等级）或 boundary='upper'（归入较低等级）。",
                             "請使用 boundary='lower'（分界值歸入較高等級）或 boundary='upper'（歸入較低等級）。")
    return boundary


def _weight_dict(values, option: str, *, effect_wording: bool) -> tuple[dict, dict]:
    """(as given, normalised) weights; negative, non-finite or all-zero weights are errors."""
    if isinstance(values, pd.Series):
        if not values.index.is_unique:
            dup = values.index[values.index.duplicated()][0]
            raise invalid_option(option, f"{dup!r} × 2", "Name every dimension only once.",
                                 "每个维度只能出现一次。", "每個維度只能出現一次。", column=str(dup))
        values = dict(values.items())
    if not isinstance(values, Mapping) or not values:
        raise invalid_option(option, type(values).__name__ if not isinstance(values, Mapping) else "k = 0",
                             "Give the weights as a mapping dimension → weight, e.g. {'REL': 0.3, 'RES': 0.2}.",
                             "请以字典给出各维度的权重，例如 {'REL': 0.3, 'RES': 0.2}。",
                             "請以字典提供各維度的權重，例如 {'REL': 0.3, 'RES': 0.2}。")
    given = {}
    for k, v in values.items():
        if not _is_number(v) or not math.isfinite(float(v)):
            raise invalid_option(option, f"{k!r}: {v!r}"[:80], "Give every dimension a finite number as weight.",
                                 "请为每个维度给出一个有限的数值作为权重。", "請為每個維度提供一個有限的數值作為權重。",
                                 column=str(k))
        v = float(v)
        if v < 0:
            if effect_wording:
                raise invalid_data(
                    f"{k!r}: {v:g} < 0",
                    f"An index weight cannot be negative: dimension {k} has a negative effect on the outcome, so it "
                    "cannot be weighted by its effect. Drop it from the index or give stated weights.",
                    f"指数权重不能为负：维度 {k} 对结果变量的效应为负，不能按效应加权。请将其从指数中删除，或改用给定权重。",
                    f"指數權重不能為負：維度 {k} 對結果變項的效果為負，不能按效果加權。請將其從指數中刪除，或改用給定權重。",
                    column=str(k))
            raise invalid_option(option, f"{k!r}: {v:g} < 0",
                                 f"An index weight cannot be negative (dimension {k}); give weights ≥ 0.",
                                 f"指数权重不能为负（维度 {k}），请给出 ≥ 0 的权重。",
                                 f"指數權重不能為負（維度 {k}），請提供 ≥ 0 的權重。", column=str(k))
        given[k] = v
    total = math.fsum(given.values())
    if total <= 0:
        raise invalid_option(option, "Σw = 0", "At least one weight must be positive.",
                             "至少要有一个权重大于 0。", "至少要有一個權重大於 0。")
    return given, {k: v / total for k, v in given.items()}


def weights_from(values) -> dict:
    """Index weights from derived importances (SEM total effects, β, LMG shares): wᵢ = vᵢ / Σ v.

    Negative values are an error (an index weight cannot be negative; the
    message names the dimension), as are non-finite values and an all-zero
    set.  Pass the result with ``weights_source="derived"``.
    """
    return _weight_dict(values, "values", effect_wording=True)[1]


# --------------------------------------------------------------------------
# result
# --------------------------------------------------------------------------

def _summary(e: np.ndarray, n_missing: int, grades, boundary, level) -> dict:
    """n, mean, SD, SE, t CI, grade of the mean and grade counts of the non-missing values in ``e``."""
    v = e[~np.isnan(e)]
    n = int(v.size)
    out = {"n": n, "n_missing": int(n_missing), "mean": float("nan"), "sd": float("nan"), "se": float("nan"),
           "ci_low": float("nan"), "ci_high": float("nan"), "grade": None,
           "counts": [0] * len(grades), "shares": [float("nan")] * len(grades)}
    if n == 0:
        return out
    mean = float(v.mean())
    out["mean"] = mean
    out["grade"] = int(_band_index(np.array([mean]), grades, boundary)[0])
    idx = _band_index(v, grades, boundary)
    counts = np.bincount(idx, minlength=len(grades))
    out["counts"] = [int(c) for c in counts]
    out["shares"] = [float(c / n) for c in counts]
    if n > 1:
        sd = float(v.std(ddof=1))
        se = sd / math.sqrt(n)
        half = float(stats.t.ppf(1 - (1 - level) / 2, n - 1)) * se
        out.update(sd=sd, se=se, ci_low=mean - half, ci_high=mean + half)
    return out


@dataclass
class IndexResult:
    """A weighted satisfaction index: per-respondent scores, overall and per-segment summaries."""

    scores: pd.Series                 # E per respondent, NaN when a weighted dimension is missing
    dimensions: list
    weights: dict                     # normalised, sum 1
    weights_input: dict | None        # as given (None for equal weights)
    weights_source: str
    weights_normalised: bool
    scale: tuple
    grades: tuple
    boundary: str
    level: float
    overall: dict
    segments: list = field(default_factory=list)   # [(segment value, summary dict)]
    group_name: str | None = None
    missing_rows: list = field(default_factory=list)
    notes: list = field(default_factory=list)

    @property
    def n_missing(self) -> int:
        return len(self.missing_rows)

    def respondent_grades(self, lang: str = "zh-Hans") -> pd.Series:
        """Each respondent's grade name (None where E is missing)."""
        _check_lang(lang)
        idx = _band_index(self.scores.to_numpy(dtype=float), self.grades, self.boundary)
        return pd.Series([None if i < 0 else self.grades[i].name(lang) for i in idx], index=self.scores.index,
                         dtype=object, name="grade")

    def table(self, lang: str = "en") -> pd.DataFrame:
        """Overall row then one row per segment: n, missing, mean, SD, SE, CI, grade of the mean, share per grade."""
        _check_lang(lang)
        h = _HEADERS[lang]
        rows = [(_OVERALL[lang], self.overall)] + [(str(s), d) for s, d in self.segments]
        recs = []
        for name, d in rows:
            r = {h["segment"]: name, h["n"]: d["n"], h["n_missing"]: d["n_missing"], h["mean"]: d["mean"],
                 h["sd"]: d["sd"], h["se"]: d["se"], h["ci_low"]: d["ci_low"], h["ci_high"]: d["ci_high"],
                 h["grade"]: None if d["grade"] is None else self.grades[d["grade"]].name(lang)}
            for g, share in zip(self.grades, d["shares"]):
                r[h["share"].format(g.name(lang))] = share
            recs.append(r)
        return pd.DataFrame(recs)

    def to_dict(self, *, include_scores: bool = False) -> dict:
        def block(d):
            return {"n": d["n"], "n_missing": d["n_missing"], "mean": d["mean"], "sd": d["sd"], "se": d["se"],
                    "ci": [d["ci_low"], d["ci_high"]],
                    "grade": None if d["grade"] is None else self.grades[d["grade"]].name("zh-Hans"),
                    "grade_names": None if d["grade"] is None else
                    {lang: self.grades[d["grade"]].name(lang) for lang in LANGUAGES},
                    "distribution": [{"grade": g.zh_hans, "count": c, "share": s}
                                     for g, c, s in zip(self.grades, d["counts"], d["shares"])]}

        out = {
            "analysis": "satisfaction_index",
            "formula": "E = Σ wᵢ·Iᵢ, Iᵢ = (xᵢ − min)/(max − min)·100, Σ wᵢ = 1",
            "scale": list(self.scale), "dimensions": list(self.dimensions),
            "weights": self.weights, "weights_input": self.weights_input, "weights_source": self.weights_source,
            "weights_normalised": self.weights_normalised, "level": self.level,
            "grades": [{"lower": g.lower, "upper": up, "zh-Hans": g.zh_hans, "en": g.en, "zh-Hant": g.zh_hant}
                       for g, up in zip(self.grades, [100.0] + [g.lower for g in self.grades[:-1]])],
            "boundary": self.boundary, "boundary_rule": BOUNDARY_RULE[self.boundary],
            "overall": block(self.overall), "group": self.group_name,
            "segments": [{"segment": s, **block(d)} for s, d in self.segments],
            "n_missing": self.n_missing, "missing_rows": self.missing_rows, "notes": self.notes,
        }
        if include_scores:
            out["scores"] = self.scores
        return jsonable(out)


# --------------------------------------------------------------------------
# the index
# --------------------------------------------------------------------------

def satisfaction_index(scores, weights=None, *, scale=(1, 5), grades=DEFAULT_GRADES, boundary: str = "lower",
                       group=None, level: float = 0.95, weights_source: str | None = None) -> IndexResult:
    """Weighted satisfaction index E = Σ wᵢ·Iᵢ on 0–100 (module docstring for every rule).

    ``scores``: DataFrame, one row per respondent, one column per dimension
    (scores on ``scale``).  ``weights``: None (equal over all columns) or a
    mapping dimension → weight ≥ 0 (normalised to sum 1).  ``weights_source``:
    ``"equal"`` | ``"stated"`` | ``"derived"`` | ``"expert"`` (default
    ``"equal"`` without weights, ``"stated"`` with).  ``boundary``:
    ``"lower"`` ([lower, upper): 85 → 优) or ``"upper"`` ((lower, upper]:
    85 → 良).  ``group``: Series of segment codes aligned with ``scores``.
    ``level``: confidence level of the t-based CIs.
    """
    if not isinstance(scores, pd.DataFrame):
        raise invalid_option("scores", type(scores).__name__,
                             "Pass the dimension scores as a pandas DataFrame (one row per respondent, one column per "
                             "dimension).", "请传入维度得分的 pandas DataFrame（每行一位受访者，每列一个维度）。",
                             "請傳入維度分數的 pandas DataFrame（每列一位受訪者，每欄一個維度）。")
    lo, hi = _check_scale(scale)
    g = _check_grades(grades)
    _check_boundary(boundary)
    level = _check_level(level)
    if not scores.columns.is_unique:
        dup = scores.columns[scores.columns.duplicated()][0]
        raise invalid_option("scores", f"{dup!r} × 2", "Give every dimension column a unique name.",
                             "每个维度列的列名必须唯一。", "每個維度欄的欄名必須唯一。", column=str(dup))
    notes = []
    if weights is None:
        if weights_source not in (None, "equal"):
            raise invalid_option("weights_source", f"{weights_source!r} ≠ 'equal'",
                                 "Without weights= the index uses equal weights; give the weights to record "
                                 "another source.", "未提供 weights= 时指数采用等权重；若权重另有来源，请同时给出权重。",
                                 "未提供 weights= 時指數採用等權重；若權重另有來源，請同時提供權重。")
        dims = list(scores.columns)
        if not dims:
            raise invalid_option("scores", "k = 0", "Give at least one dimension column.",
                                 "请至少给出一个维度列。", "請至少提供一個維度欄。")
        w = {d: 1.0 / len(dims) for d in dims}
        given, source, normalised = None, "equal", False
    else:
        source = "stated" if weights_source is None else weights_source
        if source not in WEIGHT_SOURCES[1:]:
            raise invalid_option("weights_source", f"{source!r} ∉ {{stated, derived, expert}}",
                                 "Use weights_source='stated', 'derived' or 'expert'.",
                                 "请使用 weights_source='stated'、'derived' 或 'expert'。",
                                 "請使用 weights_source='stated'、'derived' 或 'expert'。")
        given, w = _weight_dict(weights, "weights", effect_wording=False)
        absent = [d for d in given if d not in scores.columns]
        if absent:
            raise invalid_option("weights", f"{absent[0]!r} ∉ scores",
                                 "Name in weights= only dimensions that are columns of the scores.",
                                 "weights= 中只能列出得分表中存在的维度列。", "weights= 中只能列出分數表中存在的維度欄。",
                                 column=str(absent[0]))
        dims = list(given)
        normalised = abs(math.fsum(given.values()) - 1.0) > 1e-12
        ignored = [str(c) for c in scores.columns if c not in given]
        if ignored:
            notes.append({"en": f"Columns without a weight, not in the index: {', '.join(ignored)}.",
                          "zh-Hans": f"以下列没有权重，未计入指数：{'、'.join(ignored)}。",
                          "zh-Hant": f"以下欄沒有權重，未計入指數：{'、'.join(ignored)}。"})
        if normalised:
            notes.append({"en": "The weights were normalised to sum to 1.",
                          "zh-Hans": "权重已归一化，使其总和为 1。", "zh-Hant": "權重已正規化，使其總和為 1。"})

    used = [d for d in dims if w[d] > 0]
    e = np.zeros(len(scores))
    for d in used:                      # E = Σ wᵢ·Iᵢ, accumulated in dimension order
        s = scores[d]
        if pd.api.types.is_bool_dtype(s) or not pd.api.types.is_numeric_dtype(s):
            raise invalid_data(f"dtype({d!r}) = {s.dtype}",
                               "Dimension scores must be numbers on the rating scale; recode text answers first.",
                               "维度得分必须是量表上的数字，请先把文字答案编码为数字。",
                               "維度分數必須是量表上的數字，請先把文字答案編碼為數字。", column=str(d))
        x = s.to_numpy(dtype=float, na_value=np.nan)
        bad = x[~np.isnan(x) & ((x < lo) | (x > hi))]
        if bad.size:
            raise invalid_data(f"{d!r}: {bad[0]:g} ∉ [{lo:g}, {hi:g}]",
                               "Scores must lie on the rating scale: check scale= or recode the values.",
                               "得分必须位于量表范围内：请检查 scale= 参数或重新编码。",
                               "分數必須位於量表範圍內：請檢查 scale= 參數或重新編碼。", column=str(d))
        e = e + w[d] * ((x - lo) / (hi - lo) * 100.0)
    e_s = pd.Series(e, index=scores.index, name="index", dtype=float)
    miss = np.isnan(e)
    if miss.all():
        raise invalid_data("n = 0", "No respondent has a score on every weighted dimension.",
                           "没有任何受访者在所有加权维度上都有得分。", "沒有任何受訪者在所有加權維度上都有分數。")
    missing_rows = [jsonable(i) for i in scores.index[miss]]
    if miss.any():
        notes.append({"en": f"{int(miss.sum())} respondent(s) miss a weighted dimension: no index score.",
                      "zh-Hans": f"{int(miss.sum())} 位受访者缺少某个加权维度的得分，无指数得分。",
                      "zh-Hant": f"{int(miss.sum())} 位受訪者缺少某個加權維度的分數，無指數分數。"})
    overall = _summary(e, int(miss.sum()), g, boundary, level)

    segments, group_name = [], None
    if group is not None:
        if isinstance(group, pd.Series):
            if not group.index.is_unique or not scores.index.is_unique:
                raise invalid_option("group", "index not unique",
                                     "Give the scores and the group with unique row labels so they can be matched.",
                                     "得分表与分组变量的行标签必须唯一，才能对应。",
                                     "分數表與分組變項的列標籤必須唯一，才能對應。")
            absent = scores.index.difference(group.index)
            if len(absent):
                raise invalid_option("group", f"row {absent[0]!r} ∉ group",
                                     "Give a group value for every respondent (a Series with the same row labels "
                                     "as the scores).", "请为每位受访者给出分组值（与得分表行标签相同的 Series）。",
                                     "請為每位受訪者提供分組值（與分數表列標籤相同的 Series）。")
            gs = group.reindex(scores.index)
            group_name = None if group.name is None else str(group.name)
        else:
            try:
                gs = pd.Series(list(group), index=scores.index)
            except (TypeError, ValueError):
                raise invalid_option("group", f"len ≠ {len(scores)}",
                                     "Give one group value per respondent (a Series aligned with the scores).",
                                     "请为每位受访者给出一个分组值（与得分表对齐的 Series）。",
                                     "請為每位受訪者提供一個分組值（與分數表對齊的 Series）。") from None
        if isinstance(gs.dtype, pd.CategoricalDtype):
            levels = [c for c in gs.cat.categories if (gs == c).any()]
        else:
            levels = sorted(gs.dropna().unique(), key=lambda v: (str(type(v)), v))
        for lev in levels:
            m = gs.eq(lev).to_numpy(dtype=bool)
            segments.append((jsonable(lev), _summary(e[m], int((m & miss).sum()), g, boundary, level)))
        n_nogroup = int(gs.isna().sum())
        if n_nogroup:
            notes.append({"en": f"{n_nogroup} respondent(s) have no group value: in the overall row only.",
                          "zh-Hans": f"{n_nogroup} 位受访者没有分组值，只计入总体。",
                          "zh-Hant": f"{n_nogroup} 位受訪者沒有分組值，只計入總體。"})
    return IndexResult(scores=e_s, dimensions=dims, weights=w, weights_input=given, weights_source=source,
                       weights_normalised=normalised, scale=(lo, hi), grades=g, boundary=boundary, level=level,
                       overall=overall, segments=segments, group_name=group_name, missing_rows=missing_rows,
                       notes=notes)
