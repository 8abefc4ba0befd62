"""Evaluating respondents, segments and the whole sample with an index system (评价指标体系).

>>> res = evaluate(responses, "lsq5-index", weights="entropy", group="PLATFORM")
>>> res.weights            # every node: local and global weight, method, source, CR
>>> res.summary            # every node, overall and per segment: mean, CI, grade, grade shares
>>> res.scores             # every respondent × every node, on 0–100
>>> res.fuzzy["overall"].B, res.ranking["topsis"].table()

**Leaves** (DOMAIN.md §7).  A leaf bound to items (``item``, ``items``, ``construct``) takes the mean of its items'
answers (items the questionnaire reverse-codes are first recoded min + max − x; a respondent missing any of the
leaf's items has no score for it); a ``column`` leaf its value.  Both are rescaled to 0–100 over their range,
I = (x − min)/(max − min)·100, or 100 − I for ``direction: cost``.  An expert-scored leaf (``standards``) holds
0–100 scores or grade names; a grade name counts as the grade's score (system ``grade_scores``).

**Weights** of the children of each node, bottom-up (``method``: the ``weights`` argument for every node, else
the node's own method from the file):

* ``stated`` — the file's weights as shares; ``equal`` — 1/k;
* ``ahp`` — the judgement matrix of the node from ``ahp`` (one expert: {node: matrix}, e.g.
  :func:`~research.evaluation.ahp.read_ahp_workbook`; several: a list or {expert: {node: matrix}}, combined by
  :func:`~research.evaluation.ahp.group_ahp` with ``aggregate``) or, if none is given, the file's ``ahp:`` matrix;
* ``entropy`` / ``critic`` / ``cv`` — from the children's 0–100 scores of the respondents who have all of them
  (:mod:`research.evaluation.weights`; entropy variant as the file says, default direction-normalised; every
  score is already oriented so that more is better);
* ``combined`` — the file's ``combine:`` rule: subjective (AHP, or the stated weights) with objective
  (entropy, CRITIC or CV), linear α·s + (1 − α)·o or multiplicative s·o/Σ s·o;
* ``given`` — weights from elsewhere ({node: {child: weight}} naming every child of the node, e.g. SEM total
  effects or LMG shares normalised by :func:`research.marketing.weights_from`), recorded with ``given_source``;
  they override the method.

A node's score is E = Σ w_c·I_c over its children (missing when a child with a positive weight is missing); the
global weight of a node is the product of the local weights on its path from the root.

**Summaries** of every node, overall and per segment of ``group``: n, missing, mean, SD (n − 1), SE, the t-based
CI mean ± t(1 − (1 − level)/2; n − 1)·SE, the grade of the mean and the share of respondents in each grade
(grade bands and boundary rule of the system; :mod:`research.marketing.index`).

**Fuzzy comprehensive evaluation** (模糊综合评价, :func:`~research.evaluation.fuzzy.fuzzy_hierarchy`): each leaf's
membership in the grades is the share of its valid answers in each grade — an item on a scale with as many points
as there are grades maps the highest answer to the highest grade (5 → 优 … 1 → 差 on a five-point scale); other
values are graded by their 0–100 score; a multi-item leaf pools its items' answers; an expert grade counts for its
grade — then B = A ∘ R is synthesised bottom-up with the node weights and ``operator``.  The weighted score
Σ bⱼ·sⱼ scores each grade: when every leaf is such a rating item and the file states no grade scores, sⱼ is the
answer's own 0–100 value (100, 75, 50, 25, 0 on five points), so that under M(·,⊕) the weighted score is on the
index's scale: Σ of the leaves' global weights × their mean scores over their answers — the mean index when no answer
is missing (the grade by maximum membership still reads answer 3 of 5 as 中, the fuzzy convention, while the index
grades a mean of 50 by its band); otherwise the system's grade scores
(band middles by default).  Whether the mapping is one to one is decided on the whole sample and kept for every
segment.  Overall and per segment.

**Ranking** of segments (``group``): TOPSIS (``normalisation``) and grey relational analysis (ρ = 0.5) of the
segments' mean leaf scores with the leaves' global weights, and the sensitivity of each ranking to ±10 % changes of
each weight (:mod:`research.evaluation.ranking`).  A segment is ranked on its respondents who have an index score
(the n of the root's summary row), and only with at least ``min_n`` of them, so the ranking and the summary table
describe the same people.
"""
from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import stats

from ..errors import ResearchError, infinite_values, invalid_data, invalid_option
from ..jsonsafe import jsonable
from ..marketing.index import _band_index
from ..messages import Note, note_texts
from .ahp import AGGREGATES, GroupAHPResult, ahp as ahp_one, group_ahp
from .fuzzy import OPERATORS, fuzzy_hierarchy
from .ranking import grey_relational, rank_sensitivity, topsis
from .system import METHODS, IndexSystem, load_system
from .weights import combine_weights, critic_weights, cv_weights, entropy_weights

WEIGHT_CHOICES = METHODS                   # stated | equal | ahp | entropy | critic | cv | combined
MIN_SEGMENT_N = 30
OVERALL = "__overall__"
#: weight method → its name in each language (tables, figures, the CLI summary and the report name methods so)
METHOD_NAMES = {
    "stated": {"en": "stated in the index system", "zh-Hans": "指标体系中给定", "zh-Hant": "指標體系中給定"},
    "equal": {"en": "equal", "zh-Hans": "等权", "zh-Hant": "等權"},
    "ahp": {"en": "AHP", "zh-Hans": "层次分析法（AHP）", "zh-Hant": "層級分析法（AHP）"},
    "group_ahp": {"en": "group AHP", "zh-Hans": "群组层次分析法", "zh-Hant": "群體層級分析法"},
    "entropy": {"en": "entropy weights", "zh-Hans": "熵权法", "zh-Hant": "熵權法"},
    "critic": {"en": "CRITIC", "zh-Hans": "CRITIC 法", "zh-Hant": "CRITIC 法"},
    "cv": {"en": "coefficient of variation", "zh-Hans": "变异系数法", "zh-Hant": "變異係數法"},
    "combined": {"en": "combined", "zh-Hans": "组合赋权", "zh-Hant": "組合賦權"},
    "given": {"en": "given", "zh-Hans": "外部给定", "zh-Hant": "外部給定"},
    "single": {"en": "only sub-indicator", "zh-Hans": "唯一下级指标", "zh-Hant": "唯一下級指標"},
}


# --------------------------------------------------------------------------
# result
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class EvaluationResult:
    """An index system evaluated on data; see the module docstring for every part."""

    system: IndexSystem
    scores: pd.DataFrame              # respondents × nodes (tree order), 0–100
    weights: pd.DataFrame             # node, parent, level, weight (local), global_weight, method, source, CR
    summary: pd.DataFrame             # node, segment, n, n_missing, mean, sd, se, ci_low, ci_high, grade, share[g]…
    ahp: dict                         # node → AHPResult | GroupAHPResult
    data_weights: dict                # node → EntropyResult | CriticResult | CVResult | CombinedWeights
    fuzzy: dict                       # "overall" and each segment → FuzzyHierarchy (node paths are node ids)
    membership: pd.DataFrame          # leaf × grade memberships of the whole sample
    ranking: dict | None              # {"topsis", "grey_relational", "topsis_sensitivity", "grey_sensitivity",
                                      #  "values", "n", "dropped"} or None without a group
    group: str | None
    segments: tuple                   # segment values in order (as text, e.g. platform codes)
    level: float
    operator: str
    method: str | None                # the weights argument (None: each node's own method)
    n: int
    leaf_missing: pd.Series           # leaf → respondents without a score
    notes: tuple = ()
    settings: dict = field(default_factory=dict)
    segment_names: dict = field(default_factory=dict)   # segment → {lang: option label} from the questionnaire

    def segment_label(self, segment: str, lang: str = "en") -> str:
        """A segment's name in ``lang`` (the questionnaire's option label, else the value itself)."""
        return self.segment_names.get(segment, {}).get(lang, segment)

    # --- convenience ---------------------------------------------------------
    @property
    def overall(self) -> pd.Series:
        """The root's summary row for the whole sample."""
        s = self.summary
        return s[(s["node"] == self.system.root) & (s["segment"] == OVERALL)].iloc[0]

    def node_summary(self, node: str, segment: str = OVERALL) -> pd.Series:
        s = self.summary
        return s[(s["node"] == node) & (s["segment"] == segment)].iloc[0]

    def global_weights(self, nodes=None) -> pd.Series:
        w = self.weights.set_index("node")["global_weight"]
        return w if nodes is None else w.reindex(list(nodes))

    def to_dict(self) -> dict:
        """The ``evaluation`` block of results.json (strict JSON; full precision)."""
        ranking = None
        if self.ranking is not None:
            r = self.ranking
            ranking = {"criteria": "leaves", "values": r["values"], "n": r["n"], "dropped": r["dropped"],
                       "min_n": self.settings.get("min_n"),
                       "topsis": r["topsis"].to_dict(), "grey_relational": r["grey_relational"].to_dict(),
                       "topsis_sensitivity": r["topsis_sensitivity"].to_dict(),
                       "grey_sensitivity": r["grey_sensitivity"].to_dict()}
        return jsonable({
            "system": self.system.to_dict(), "n": self.n, "group": self.group, "segments": list(self.segments),
            "level": self.level, "method": self.method, "operator": self.operator,
            "operator_symbol": OPERATORS[self.operator], "settings": self.settings,
            "weights": self.weights.to_dict(orient="records"),
            "summary": self.summary.replace({OVERALL: None}).to_dict(orient="records"),
            "leaf_missing": self.leaf_missing,
            "ahp": {k: v.to_dict() for k, v in self.ahp.items()},
            "data_weights": {k: _data_weights_dict(v) for k, v in self.data_weights.items()},
            "membership": self.membership,
            "fuzzy": {("overall" if k == OVERALL else k): v.to_dict() for k, v in self.fuzzy.items()},
            "ranking": ranking, "segment_names": self.segment_names,
            "notes": [note_texts(n) for n in self.notes],
        })


def _data_weights_dict(res) -> dict:
    out = {"method": getattr(res, "method", None), "weights": res.weights}
    for key in ("variant", "shift", "constant", "n_rows", "ddof", "alpha", "sources", "entropy", "divergence",
                "sigma", "conflict", "information", "cv"):
        if hasattr(res, key):
            out[key] = getattr(res, key)
    return out


# --------------------------------------------------------------------------
# argument checks
# --------------------------------------------------------------------------

def _choice(option: str, value, allowed):
    if value not in allowed:
        shown = ", ".join(str(a) for a in allowed)
        raise invalid_option(option, f"{value!r} ∉ {{{shown}}}", f"Use one of: {shown}.", f"请使用以下之一：{shown}。",
                             f"請使用以下之一：{shown}。")
    return value


def _check_level(level) -> float:
    ok = isinstance(level, (int, float)) and not isinstance(level, bool) and 0 < float(level) < 1
    if not ok:
        raise invalid_option("level", repr(level)[:40], "Give the confidence level as a number between 0 and 1, "
                             "e.g. 0.95.", "请以 0 到 1 之间的数字给出置信水平，例如 0.95。",
                             "請以 0 到 1 之間的數字提供信賴水準，例如 0.95。")
    return float(level)


def _check_min_n(min_n) -> int:
    ok = isinstance(min_n, (int, np.integer)) and not isinstance(min_n, bool) and min_n >= 1
    if not ok:
        raise invalid_option("min_n", repr(min_n)[:40], "Give the smallest segment size for the ranking as a whole "
                             "number ≥ 1, e.g. 30.", "请以 ≥ 1 的整数给出参与排序的最小分组样本量，例如 30。",
                             "請以 ≥ 1 的整數提供參與排序的最小分組樣本數，例如 30。")
    return int(min_n)


def _check_change(change) -> float:
    ok = isinstance(change, (int, float, np.integer, np.floating)) and not isinstance(change, bool) \
        and 0 < float(change) < 1
    if not ok:
        raise invalid_option("change", repr(change)[:40], "Give the relative weight change of the sensitivity "
                             "check as a fraction between 0 and 1, e.g. 0.10 for ±10 %.",
                             "请以 0 到 1 之间的小数给出敏感性分析中权重的相对变动幅度，例如 0.10 表示 ±10 %。",
                             "請以 0 到 1 之間的小數提供敏感度分析中權重的相對變動幅度，例如 0.10 表示 ±10 %。")
    return float(change)


def _fix_columns(system: IndexSystem):
    return (f"Give a data file with the columns the index system '{system.id}' reads (its leaves' item:, items:, "
            "construct: items or column:), or map the export's columns to the questionnaire's items.",
            f"请提供包含指标体系“{system.id}”所需列的数据（叶节点的 item:、items:、construct: 的题目或 column:），"
            "或把导出文件的列映射到问卷题目。",
            f"請提供包含指標體系「{system.id}」所需欄位的資料（葉節點的 item:、items:、construct: 的題目或 column:），"
            "或把匯出檔案的欄位對應到問卷題目。")


# --------------------------------------------------------------------------
# leaves
# --------------------------------------------------------------------------

def _missing(v) -> bool:
    """A missing cell: None, NaN, pd.NA or NaT (nullable columns hold pd.NA, which is no float)."""
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):          # a list or array in a cell is a value, not a missing one
        return False


def _float(v) -> float:
    try:
        return float(v) if not isinstance(v, bool) else math.nan
    except (TypeError, ValueError):
        return math.nan


def _segment_value(v) -> str | None:
    """A group cell as the segment's text: None when missing; 2.0 → "2" (a code column read as floats because
    of a missing cell must give the same segments as the complete column)."""
    if _missing(v):
        return None
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    return str(v).strip() or None


def _numeric(data: pd.DataFrame, column: str, leaf: str) -> np.ndarray:
    col = data[column]
    conv = pd.to_numeric(col, errors="coerce")
    bad = conv.isna() & col.notna() & (col.astype(str).str.strip() != "")
    if bad.any():
        pos = int(np.flatnonzero(bad.to_numpy())[0])
        raise invalid_data(f"{leaf}: {int(bad.sum())} × ¬ numeric", "Use numbers only in this column (recode text "
                           "answers to their scale points, or leave the cell empty for a missing answer).",
                           "该列只能填数字（把文字答案换成对应的量表分值，缺失答案留空）。",
                           "此欄只能填數字（把文字答案換成對應的量表分數，遺漏答案留空）。",
                           column=column, row=pos + 1, value=col.iloc[pos])
    x = conv.to_numpy(dtype=float)
    err = infinite_values(x[:, None], [column])
    if err is not None:
        raise err
    return x


def _check_range(x: np.ndarray, lo: float, hi: float, column: str, leaf: str, data: pd.DataFrame):
    out = (x < lo - 1e-9) | (x > hi + 1e-9)
    if out.any():
        pos = int(np.flatnonzero(out)[0])
        raise invalid_data(f"{leaf}: {int(out.sum())} × ∉ [{lo:g}, {hi:g}]",
                           f"Correct the values outside {lo:g}–{hi:g} (or the leaf's range in the index system).",
                           f"请更正超出 {lo:g}–{hi:g} 的取值（或修改指标体系中该叶节点的取值范围）。",
                           f"請更正超出 {lo:g}–{hi:g} 的取值（或修改指標體系中此葉節點的取值範圍）。",
                           column=column, row=pos + 1, value=data[column].iloc[pos])


def _expert_scores(data: pd.DataFrame, column: str, leaf: str, system: IndexSystem) -> tuple[np.ndarray, np.ndarray]:
    """0–100 scores and grade indices (−1 where the cell held a number, −2 missing) of an expert-scored leaf."""
    lookup = {}
    for k, g in enumerate(system.grades):
        for name in (g.zh_hans, g.zh_hant, g.en, g.en.lower()):
            lookup[name] = k
    col = data[column]
    scores = np.full(len(col), np.nan)
    grade = np.full(len(col), -2, dtype=int)
    for pos, v in enumerate(col.to_numpy()):
        if _missing(v) or (isinstance(v, str) and not v.strip()):
            continue
        text = str(v).strip()
        if text in lookup or text.lower() in lookup:
            k = lookup.get(text, lookup.get(text.lower()))
            scores[pos], grade[pos] = system.grade_scores[k], k
            continue
        try:
            x = float(text)
        except ValueError:
            x = math.nan
        if not math.isfinite(x) or not 0 <= x <= 100:
            names = " / ".join(g.zh_hans for g in system.grades)
            raise invalid_data(f"{leaf}: {text[:40]!r} ∉ [0, 100] ∪ {{{names}}}",
                               "An expert-scored indicator takes a score from 0 to 100 or a grade name "
                               f"({', '.join(g.en for g in system.grades)}).",
                               f"专家打分指标须填 0–100 的分数或等级名称（{'、'.join(g.zh_hans for g in system.grades)}）。",
                               f"專家評分指標須填 0–100 的分數或等級名稱（{'、'.join(g.zh_hant for g in system.grades)}）。",
                               column=column, row=pos + 1, value=v)
        scores[pos], grade[pos] = x, -1
    return scores, grade


def _leaf_scores(data: pd.DataFrame, system: IndexSystem, recoded: bool = False, likert=None):
    """(scores: DataFrame respondents × leaves on 0–100, memberships: DataFrame leaf × grades, notes, the leaves
    whose answers map one to one onto the grades).  ``likert``: that set as found on the whole sample, so that a
    segment's memberships are defined as the sample's."""
    k = len(system.grades)
    scores, members, notes, one_to_one = {}, {}, [], set()
    for leaf in system.leaves:
        node = system.nodes[leaf]
        if node.binding == "standards":
            s, g = _expert_scores(data, node.columns[0], leaf, system)     # standards say what is good
            idx = np.where(g >= 0, g, _band_index(s, system.grades, system.boundary))
            scores[leaf] = s
            members[leaf] = _shares(idx[~np.isnan(s)], k)
            continue
        lo, hi = node.range
        cols = []
        for c in node.columns:
            x = _numeric(data, c, leaf)
            _check_range(x, lo, hi, c, leaf, data)
            if c in node.reversed and not recoded:
                x = lo + hi - x
            if node.direction == "cost":
                x = lo + hi - x
            cols.append(x)
        arr = np.column_stack(cols)
        mean = arr.mean(axis=1)          # NaN when any item is missing
        scores[leaf] = (mean - lo) / (hi - lo) * 100.0
        if likert is None:
            whole = np.all(np.isclose(arr[~np.isnan(arr)], np.round(arr[~np.isnan(arr)])))
            mapped = node.binding != "column" and hi - lo + 1 == k and lo == 1 and whole
        else:
            mapped = leaf in likert
        if mapped:
            one_to_one.add(leaf)
            vals = arr[~np.isnan(arr)]
            idx = (hi - np.round(vals)).astype(int)           # highest answer → first (highest) grade
        else:
            vals = ((arr - lo) / (hi - lo) * 100.0).ravel()
            vals = vals[~np.isnan(vals)]
            idx = _band_index(vals, system.grades, system.boundary)
        members[leaf] = _shares(idx, k)
    frame = pd.DataFrame(scores, index=data.index)
    R = pd.DataFrame(members, index=system.grade_names("zh-Hans")).T
    return frame, R, notes, frozenset(one_to_one)


def _shares(idx: np.ndarray, k: int) -> np.ndarray:
    idx = np.asarray(idx, dtype=int)
    idx = idx[idx >= 0]
    if idx.size == 0:
        return np.full(k, np.nan)
    return np.bincount(idx, minlength=k)[:k] / idx.size


# --------------------------------------------------------------------------
# weights
# --------------------------------------------------------------------------

def _judgements(ahp_input, node: str, kids: tuple, system: IndexSystem):
    """The judgement matrices for ``node`` ([one] or {expert: matrix}) from the ``ahp`` argument, else the
    file's; None when there is none."""
    def matrix_of(book, who):
        if not isinstance(book, Mapping):
            raise invalid_option("ahp", f"{who}: {type(book).__name__}", "Give the judgements as {node: matrix} "
                                 "(read_ahp_workbook) or a list of such, one per expert.",
                                 "请以 {节点: 判断矩阵}（read_ahp_workbook 的结果）或其列表（每位专家一个）给出判断。",
                                 "請以 {節點: 判斷矩陣}（read_ahp_workbook 的結果）或其串列（每位專家一個）提供判斷。")
        if node not in book:
            return None
        m = book[node]
        if isinstance(m, pd.DataFrame):
            labels = [str(c) for c in m.columns]
            if set(labels) != set(kids) or len(labels) != len(kids):
                raise invalid_data(f"{who} · {node}: {labels[:8]} ≠ {list(kids)[:8]}",
                                   "The workbook's sheet for this node must compare exactly the node's children; "
                                   "write a fresh template for this index system (research evaluate --template).",
                                   "专家打分表中该节点的工作表须恰好比较该节点的子指标；请为本指标体系重新生成模板"
                                   "（research evaluate --template）。",
                                   "專家評分表中此節點的工作表須恰好比較此節點的子指標；請為本指標體系重新產生範本"
                                   "（research evaluate --template）。", value=node)
            m = m.reindex(index=list(kids), columns=list(kids))
        return m

    if ahp_input is not None:
        found = {who: matrix_of(b, who) for who, b in _books(ahp_input, system)}
        found = {k: v for k, v in found.items() if v is not None}
        if found:
            return found
    if system.nodes[node].ahp is not None:
        return {"file": pd.DataFrame(np.array(system.nodes[node].ahp), index=list(kids), columns=list(kids))}
    return None


def _books(ahp_input, system: IndexSystem) -> list:
    """[(expert name, {node: matrix})]: one expert's {node: matrix}, a list of them ("expert 1", …) or
    {expert: {node: matrix}}."""
    books = ahp_input
    if isinstance(books, Mapping) and books and all(isinstance(v, Mapping) for v in books.values()) \
            and not any(k in system.nodes for k in books):
        return [(str(who), b) for who, b in books.items()]
    if isinstance(books, (list, tuple)):
        return [(f"expert {i + 1}", b) for i, b in enumerate(books)]
    return [("expert", books)]


def _expert_weights(expert_weights, ahp_input, system: IndexSystem, experts) -> list:
    """The weights of ``experts`` (those with judgements on this node) from ``expert_weights``: one number per
    expert in the order of ``ahp``, or {expert: weight} (names as in ``ahp``; "expert 1", … for a list)."""
    names = [who for who, _ in _books(ahp_input, system)]
    if isinstance(expert_weights, Mapping):
        by = {str(k): v for k, v in expert_weights.items()}
    elif isinstance(expert_weights, (list, tuple, np.ndarray, pd.Series)) and len(expert_weights) == len(names):
        by = dict(zip(names, list(expert_weights)))
    else:
        by = {}
    lacking = [k for k in experts if k not in by]
    if lacking:
        shown = ", ".join(names[:8])
        raise invalid_option("expert_weights", f"{lacking[0]} ∉ expert_weights ({shown})",
                             "Give one positive weight per expert, in the order of the judgements or as "
                             "{expert: weight}.", "请为每位专家给出一个正的权重，顺序与判断矩阵相同，或写成 {专家: 权重}。",
                             "請為每位專家提供一個正的權重，順序與判斷矩陣相同，或寫成 {專家: 權重}。")
    return [by[k] for k in experts]


def _no_judgements(node: str, system: IndexSystem):
    en, hans, hant = (system.name(node, lang) for lang in ("en", "zh-Hans", "zh-Hant"))
    return invalid_data(f"{node}: AHP ∄", f"Give the experts' judgements for '{en}': fill in the AHP workbook "
                        "(research evaluate --template) and pass it with --ahp, or write an ahp: matrix into the "
                        "index system, or choose another weight method.",
                        f"请为“{hans}”提供专家判断：填写 AHP 专家打分表（research evaluate --template）并用 --ahp 传入，"
                        "或在指标体系中写出 ahp: 判断矩阵，或改用其他赋权方法。",
                        f"請為「{hant}」提供專家判斷：填寫 AHP 專家評分表（research evaluate --template）並以 --ahp 傳入，"
                        "或在指標體系中寫出 ahp: 判斷矩陣，或改用其他賦權方法。", value=node)


def _ahp_weights(ahp_input, node, kids, system, aggregate, expert_weights):
    mats = _judgements(ahp_input, node, kids, system)
    if mats is None:
        raise _no_judgements(node, system)
    try:
        if len(mats) == 1:
            return ahp_one(next(iter(mats.values())), list(kids), method=system.ahp_method, ri=system.ri,
                           warn_scale=False)
        ew = None if expert_weights is None else _expert_weights(expert_weights, ahp_input, system, list(mats))
        return group_ahp(mats, list(kids), aggregate=aggregate, expert_weights=ew, method=system.ahp_method,
                         ri=system.ri, warn_scale=False)
    except ResearchError as exc:
        _at_node(exc, node)
        raise


def _data_weights(method: str, frame: pd.DataFrame, system: IndexSystem, node: str):
    complete = frame.dropna()
    if len(complete) < 2:
        raise invalid_data(f"{node}: n = {len(complete)} < 2", "Data weights need at least two respondents with "
                           "scores on all of this node's indicators.",
                           "数据赋权需要至少两名在该节点全部指标上都有得分的受访者。",
                           "資料賦權需要至少兩名在此節點全部指標上都有分數的受訪者。", value=node)
    try:
        if method == "entropy":
            return entropy_weights(complete, variant=system.entropy)
        if method == "critic":
            return critic_weights(complete)
        return cv_weights(complete)
    except ResearchError as exc:
        _at_node(exc, node)
        raise


def _at_node(exc: ResearchError, node: str) -> None:
    """Prefix the node id to the detail of an error raised while weighting its children."""
    if isinstance(exc.params.get("detail"), str) and not exc.params["detail"].startswith(f"{node}:"):
        exc.params["detail"] = f"{node}: {exc.params['detail']}"
        exc.args = (exc.message("zh-Hans") + "\n" + exc.message("en"),)


def _source_text(method: str, res, system: IndexSystem, given_source: str) -> str:
    if method == "ahp":
        if isinstance(res, GroupAHPResult):
            return (f"group AHP ({'AIJ' if res.aggregate == 'judgements' else 'AIP'}, {len(res.experts)} experts, "
                    f"{res.method}, RI {res.ri_table})")
        return f"AHP ({res.method}, RI {res.ri_table})"
    if method == "entropy":
        return f"entropy ({system.entropy.replace('_', '-')})"
    if method == "combined":
        c = system.combine
        rule = f"linear α = {c['alpha']:g}" if c["rule"] == "linear" else "multiplicative"
        return f"combined ({rule}: {res.sources[0]} + {res.sources[1]})"
    if method == "given":
        return f"given ({given_source})"
    return {"critic": "CRITIC", "cv": "coefficient of variation", "stated": "stated", "equal": "equal",
            "single": "only child"}[method]


# --------------------------------------------------------------------------
# summaries
# --------------------------------------------------------------------------

def _summarise(values: np.ndarray, level: float, system: IndexSystem) -> dict:
    v = values[~np.isnan(values)]
    n = int(v.size)
    row = {"n": n, "n_missing": int(values.size - n)}
    if n == 0:
        row.update(mean=np.nan, sd=np.nan, se=np.nan, ci_low=np.nan, ci_high=np.nan, grade=None)
    else:
        mean = float(v.mean())
        sd = float(v.std(ddof=1)) if n > 1 else np.nan
        se = sd / math.sqrt(n) if n > 1 else np.nan
        t = float(stats.t.ppf(1 - (1 - level) / 2, n - 1)) if n > 1 else np.nan
        gi = int(_band_index(np.array([mean]), system.grades, system.boundary)[0])
        row.update(mean=mean, sd=sd, se=se, ci_low=mean - t * se if n > 1 else np.nan,
                   ci_high=mean + t * se if n > 1 else np.nan, grade=system.grades[gi].zh_hans)
    idx = _band_index(v, system.grades, system.boundary)
    counts = np.bincount(idx, minlength=len(system.grades)) if n else np.zeros(len(system.grades))
    for g, c in zip(system.grades, counts):
        row[f"share[{g.zh_hans}]"] = float(c / n) if n else np.nan
    return row


# --------------------------------------------------------------------------
# evaluate
# --------------------------------------------------------------------------

def evaluate(data: pd.DataFrame, system, *, weights: str | None = None, ahp=None, aggregate: str = "judgements",
             expert_weights=None, given: Mapping | None = None, given_source: str = "derived",
             group: str | None = None, level: float = 0.95, operator: str = "weighted_average",
             normalisation: str = "vector", min_n: int = MIN_SEGMENT_N, change: float = 0.10,
             recoded: bool = False) -> EvaluationResult:
    """Evaluate ``data`` (one row per respondent or per expert; the columns the leaves read) with the index
    ``system`` (an :class:`IndexSystem`, a template name, a path or YAML text).  See the module docstring.

    ``data`` holds the answers as given: the items the questionnaire marks as reverse-keyed are recoded here.
    Data whose reverse-keyed items are already recoded (``research.load_responses(...).items``,
    ``research.screen(...).kept.data``) need ``recoded=True``, or those items would be turned back."""
    system = load_system(system)
    if not isinstance(data, pd.DataFrame):
        raise invalid_option("data", type(data).__name__, "Pass the responses as a pandas DataFrame.",
                             "请以 pandas DataFrame 传入数据。", "請以 pandas DataFrame 傳入資料。")
    if weights is not None:
        _choice("weights", weights, WEIGHT_CHOICES)
    _choice("aggregate", aggregate, AGGREGATES)
    _choice("operator", operator, tuple(OPERATORS))
    _choice("normalisation", normalisation, ("vector", "minmax"))
    level = _check_level(level)
    min_n = _check_min_n(min_n)
    change = _check_change(change)
    if len(data) == 0:
        raise invalid_data("n = 0", "The data have no rows: upload the responses.", "数据没有任何行：请上传答卷。",
                           "資料沒有任何列：請上傳答卷。")
    missing = [c for c in system.columns if c not in data.columns]
    if missing:
        en, zh, zt = _fix_columns(system)
        leaf = next(k for k in system.leaves if missing[0] in system.nodes[k].columns)
        raise invalid_data(f"{leaf}: {len(missing)} × ∉ data ({', '.join(map(str, missing[:6]))})", en, zh, zt,
                           column=str(missing[0]))
    if group is not None and group not in data.columns:
        raise invalid_option("group", f"{group!r} ∉ data", "Name a column of the data that holds the segments "
                             "(e.g. the platform).", "请给出数据中保存分组的列名（如购物平台）。",
                             "請提供資料中儲存分組的欄名（如購物平台）。", column=str(group))
    given = dict(given or {})
    for node in given:
        if node not in system.nodes or system.nodes[node].is_leaf:
            raise invalid_option("given", f"{node!r} ∉ inner nodes", "Give weights for nodes with children of the "
                                 "index system, as {node: {child: weight}}.", "请按 {节点: {子指标: 权重}} 为指标体系中"
                                 "有子指标的节点给出权重。", "請按 {節點: {子指標: 權重}} 為指標體系中有子指標的節點提供權重。")
        kids = system.children(node)
        g = given[node]
        named = [str(c) for c in g] if isinstance(g, Mapping) else None
        if named is None or set(named) != set(kids):
            # a child left out (or a misspelt one) would silently get weight 0
            shown = "?" if named is None else ", ".join(named[:8])
            raise invalid_option("given", f"{node}: {{{shown}}} ≠ {{{', '.join(kids)}}}",
                                 "Give one weight for every child of the node, named by its id (0 for a child "
                                 "that should not count).", "请按子指标编号为该节点的每个子指标给出一个权重（不计入的子指标写 0）。",
                                 "請按子指標編號為此節點的每個子指標提供一個權重（不計入的子指標寫 0）。")

    leaf_scores, R, notes, likert = _leaf_scores(data, system, recoded)
    scores = {k: leaf_scores[k].to_numpy() for k in system.leaves}
    local: dict = {}
    rows_meta: dict = {}
    ahp_results, data_results = {}, {}
    for node in reversed(system.internal):
        kids = system.children(node)
        method = weights or system.method_of(node)
        frame = pd.DataFrame({c: scores[c] for c in kids}, index=data.index)
        res = None
        cr = None
        if node in given:
            g = given[node]
            w = pd.Series({c: _float(v) for c, v in ((str(k), v) for k, v in g.items())}).reindex(list(kids))
            if not np.all(np.isfinite(w)) or (w < 0).any() or w.sum() <= 0:
                raise invalid_option("given", f"{node}: {dict(w)}", "Give non-negative weights with a positive sum.",
                                     "请给出非负且和为正的权重。", "請提供非負且和為正的權重。")
            w, method = w / w.sum(), "given"
        elif len(kids) == 1:
            w, method = pd.Series({kids[0]: 1.0}), "single"
        elif method == "stated":
            shares = system.stated_shares(node)
            if shares is None:
                raise invalid_option("weights", f"stated · {node} ({system.name(node, 'zh-Hans')})",
                                     "This node's children carry no stated weights in the index system: choose "
                                     "another weight method (ahp, entropy, critic, cv, combined or equal).",
                                     "该节点的子指标在指标体系中没有给定权重：请选择其他赋权方法（ahp、entropy、critic、"
                                     "cv、combined 或 equal）。", "此節點的子指標在指標體系中沒有給定權重：請選擇其他賦權方法"
                                     "（ahp、entropy、critic、cv、combined 或 equal）。")
            w = pd.Series(shares)
        elif method == "equal":
            w = pd.Series({c: 1 / len(kids) for c in kids})
        elif method == "ahp":
            res = _ahp_weights(ahp, node, kids, system, aggregate, expert_weights)
            ahp_results[node] = res
            w, cr = res.weights.reindex(list(kids)), res.cr
        elif method in ("entropy", "critic", "cv"):
            res = _data_weights(method, frame, system, node)
            data_results[node] = res
            w = res.weights.reindex(list(kids))
        else:                                                            # combined
            c = system.combine
            if c["subjective"] == "ahp":
                sub = _ahp_weights(ahp, node, kids, system, aggregate, expert_weights)
                ahp_results[node] = sub
                cr = sub.cr
                s_name = "group AHP" if isinstance(sub, GroupAHPResult) else "AHP"
                s = sub.weights.reindex(list(kids))
            else:
                shares = system.stated_shares(node)
                if shares is None:
                    raise invalid_option("combine", f"stated · {node}", "combine: subjective: stated needs stated "
                                         "weights on this node's children; use subjective: ahp.",
                                         "combine 的 subjective: stated 需要该节点子指标的给定权重；请改用 subjective: ahp。",
                                         "combine 的 subjective: stated 需要此節點子指標的給定權重；請改用 subjective: ahp。")
                s, s_name = pd.Series(shares), "stated"
            obj = _data_weights(c["objective"], frame, system, node)
            res = combine_weights(s, obj.weights.reindex(list(kids)), method=c["rule"], alpha=c["alpha"],
                                  sources=(s_name, {"entropy": "entropy", "critic": "CRITIC", "cv": "CV"}[
                                      c["objective"]]))
            data_results[node] = res
            w = res.weights.reindex(list(kids))
        w = w.astype(float)
        local.update({c: float(w[c]) for c in kids})
        rows_meta[node] = {"method": method, "source": _source_text(method, res, system, given_source), "CR": cr}
        mat = frame.to_numpy()
        wv = w.to_numpy()
        used = wv > 0
        total = mat[:, used] @ wv[used]
        total[np.isnan(mat[:, used]).any(axis=1)] = np.nan
        scores[node] = total

    # global weights, top-down
    glob = {system.root: 1.0}
    for node in system.internal:
        for c in system.children(node):
            glob[c] = glob[node] * local[c]
    wrows = []
    for k, n in system.nodes.items():
        meta = rows_meta.get(n.parent, {}) if n.parent is not None else {}
        wrows.append({"node": k, "parent": n.parent, "level": n.level, "leaf": n.is_leaf,
                      "weight": local.get(k, 1.0 if n.parent is None else np.nan), "global_weight": glob[k],
                      "stated": n.weight, "method": meta.get("method"), "source": meta.get("source"),
                      "CR": meta.get("CR")})
    weight_table = pd.DataFrame(wrows)

    score_frame = pd.DataFrame({k: scores[k] for k in system.nodes}, index=data.index)

    # segments
    segments: list = []
    seg_values = None
    if group is not None:
        seg_values = pd.Series([_segment_value(v) for v in data[group].tolist()], index=data.index, dtype=object)
        segments = sorted({s for s in seg_values if s is not None}, key=_natural)
        n_no_group = int(sum(s is None for s in seg_values))
        if n_no_group:
            notes.append(Note(en=f"{n_no_group} respondent(s) without a value of {group} enter only the overall rows.",
                              zh_hans=f"{n_no_group} 名受访者没有“{group}”的取值，只计入总体。",
                              zh_hant=f"{n_no_group} 名受訪者沒有「{group}」的取值，只計入總體。"))
    srows = []
    for k in system.nodes:
        vals = score_frame[k].to_numpy()
        srows.append({"node": k, "segment": OVERALL, **_summarise(vals, level, system)})
        for s in segments:
            mask = (seg_values == s).to_numpy()
            srows.append({"node": k, "segment": s, **_summarise(vals[mask], level, system)})
    summary = pd.DataFrame(srows)

    # fuzzy comprehensive evaluation
    def tree_for(Rm: pd.DataFrame) -> dict:
        def visit(node):
            kids = system.children(node)
            children = []
            for c in kids:
                if system.nodes[c].is_leaf:
                    children.append({"name": c, "weights": [1.0], "children": [Rm.loc[c].to_numpy()]})
                else:
                    children.append(visit(c))
            return {"name": node, "weights": [local[c] for c in kids], "children": children}
        return visit(system.root)

    def fuzzy_of(Rm: pd.DataFrame):
        if Rm.isna().any().any():
            return None
        return fuzzy_hierarchy(tree_for(Rm), operator=operator, grade_names=system.grade_names("zh-Hans"),
                               grade_scores=list(fuzzy_scores), normalise=operator != "weighted_average")

    answer_scored = likert == frozenset(system.leaves) and not system.grade_scores_stated
    k = len(system.grades)
    fuzzy_scores = (tuple(100.0 * (k - 1 - j) / (k - 1) for j in range(k)) if answer_scored
                    else tuple(system.grade_scores))

    fuzzy, no_fuzzy = {}, []
    overall = fuzzy_of(R)
    if overall is not None:
        fuzzy[OVERALL] = overall
    else:
        no_fuzzy.append(OVERALL)
    for s in segments:
        mask = (seg_values == s).to_numpy()
        _, Rs, _, _ = _leaf_scores(data.loc[mask], system, recoded, likert)
        f = fuzzy_of(Rs)
        if f is not None:
            fuzzy[s] = f
        else:
            no_fuzzy.append(s)
    segment_names = _segment_names(system, group, segments)
    if no_fuzzy:
        whole = {"en": "the whole sample", "zh-Hans": "总体", "zh-Hant": "總體"}
        shown = {lang: (", " if lang == "en" else "、").join(
            whole[lang] if k == OVERALL else segment_names.get(k, {}).get(lang, k) for k in no_fuzzy)
            for lang in whole}
        notes.append(Note(en=f"No fuzzy evaluation for {shown['en']}: an indicator has no valid answers there.",
                          zh_hans=f"以下未做模糊综合评价（其中有指标没有有效作答）：{shown['zh-Hans']}。",
                          zh_hant=f"以下未做模糊綜合評價（其中有指標沒有有效作答）：{shown['zh-Hant']}。"))

    # ranking of segments
    ranking = None
    if group is not None:
        ranking = _rank(score_frame, seg_values, segments, system, glob, normalisation, min_n, change, notes)

    leaf_missing = pd.Series({k: int(np.isnan(scores[k]).sum()) for k in system.leaves})
    return EvaluationResult(
        system=system, scores=score_frame, weights=weight_table, summary=summary, ahp=ahp_results,
        data_weights=data_results, fuzzy=fuzzy, membership=R, ranking=ranking, group=group,
        segments=tuple(segments), level=level, operator=operator, method=weights, n=len(data),
        leaf_missing=leaf_missing, notes=tuple(notes),
        settings={"aggregate": aggregate, "recoded": bool(recoded), "normalisation": normalisation,
                  "min_n": int(min_n), "change": change,
                  "given_source": given_source if given else None, "entropy": system.entropy,
                  "ahp_method": system.ahp_method, "ri": system.ri, "combine": dict(system.combine),
                  "grade_scores": list(system.grade_scores), "boundary": system.boundary,
                  "fuzzy_grade_scores": list(fuzzy_scores), "fuzzy_answer_scores": bool(answer_scored)},
        segment_names=segment_names)


def _segment_names(system: IndexSystem, group: str | None, segments) -> dict:
    """{segment value: {lang: label}} from the questionnaire's options of the ``group`` question."""
    q = system.questionnaire
    seg = next((s for s in (q.segments if q is not None else ()) if s.id == group), None)
    if seg is None or not seg.options:
        return {}
    by_code = {str(o.code): o for o in seg.options}
    out = {}
    for s in segments:
        key = s[:-2] if s.endswith(".0") else s
        if key in by_code:
            out[s] = {lang: by_code[key].text(lang) for lang in ("zh-Hans", "zh-Hant", "en")}
    return out


def _natural(text: str):
    try:
        return (0, float(text), text)
    except ValueError:
        return (1, 0.0, text)


def _rank(score_frame, seg_values, segments, system, glob, normalisation, min_n, change, notes):
    leaves = list(system.leaves)
    scored = score_frame[system.root].notna().to_numpy()     # the respondents the summary's root row counts
    member = {s: (seg_values == s).to_numpy() & scored for s in segments}
    counts = {s: int(member[s].sum()) for s in segments}
    kept = [s for s in segments if counts[s] >= min_n]
    dropped = [{"segment": s, "n": counts[s], "min_n": int(min_n)} for s in segments if counts[s] < min_n]
    if len(kept) < 2:
        notes.append(Note(en=f"No ranking: fewer than two segments have at least {min_n} respondents with an index "
                             "score.",
                          zh_hans=f"未排序：至少有 {min_n} 名受访者得到总指数得分的分组少于两个。",
                          zh_hant=f"未排序：至少有 {min_n} 名受訪者得到總指數分數的分組少於兩個。"))
        return None
    values = pd.DataFrame({s: score_frame.loc[member[s], leaves].mean() for s in kept}).T
    values.index.name = "segment"
    w = np.array([glob[k] for k in leaves])
    keep = values.notna().all().to_numpy()
    if not keep.all():
        out = list(values.columns[~keep])
        left = {lang: (", " if lang == "en" else "、").join(system.name(c, lang) for c in out)
                for lang in ("en", "zh-Hans", "zh-Hant")}
        notes.append(Note(en=f"Left out of the ranking (a segment has no scores on them): {left['en']}.",
                          zh_hans=f"以下指标未参与排序（某个分组在这些指标上没有得分）：{left['zh-Hans']}。",
                          zh_hant=f"以下指標未參與排序（某個分組在這些指標上沒有分數）：{left['zh-Hant']}。"))
    values, w = values.loc[:, keep], w[keep]
    res_t = topsis(values, w, normalisation=normalisation)
    res_g = grey_relational(values, w)
    sens_t = rank_sensitivity("topsis", values, w, change=change, normalisation=normalisation)
    sens_g = rank_sensitivity("grey_relational", values, w, change=change)
    return {"values": values, "n": pd.Series({s: counts[s] for s in kept}), "dropped": dropped,
            "weights": pd.Series(w, index=values.columns), "topsis": res_t, "grey_relational": res_g,
            "topsis_sensitivity": sens_t, "grey_sensitivity": sens_g}
