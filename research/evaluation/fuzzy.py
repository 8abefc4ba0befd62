"""Fuzzy comprehensive evaluation (模糊综合评价).

Factor set U (n indicators), grade set V (m grades), weight vector A (Σ a_i = 1), membership matrix R (n × m,
row i = memberships of indicator i in each grade).  The evaluation vector is B = A ∘ R for a composition operator
(operator names and formulas as in ``../shared/reference/mcda/README.md``):

=====================  ===========  ==================================================
``operator``           symbol       b_j
=====================  ===========  ==================================================
``weighted_average``   M(·,⊕)       min(1, Σ_i a_i r_ij)          加权平均型
``min_max``            M(∧,∨)       max_i min(a_i, r_ij)          主因素决定型
``product_max``        M(·,∨)       max_i a_i r_ij                主因素突出型
``min_bounded_sum``    M(∧,⊕)       min(1, Σ_i min(a_i, r_ij))    取小上界和型
=====================  ===========  ==================================================

The grade is the one with the largest b_j (maximum-membership principle 最大隶属度原则; ties are reported, not
broken); with grade scores s (e.g. 95, 85, 70, 50, 20 — the caller states them, no default is assumed) the
weighted score is Σ b_j s_j / Σ b_j.

* :func:`membership_from_answers` — R from respondents' Likert answers (share of respondents in each grade);
* :func:`fuzzy_evaluate` — B, grade and score for one level;
* :func:`fuzzy_hierarchy` — multi-level synthesis bottom-up;
* :func:`fuzzy_by_segment` — membership + evaluation overall and per group of a grouping column.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import invalid_data, invalid_option
from ..jsonsafe import jsonable
from .weights import _choice

__all__ = ["MembershipResult", "FuzzyEvaluation", "FuzzyHierarchy", "FuzzySegments", "OPERATORS",
           "DEFAULT_GRADE_NAMES_5", "membership_from_answers", "fuzzy_evaluate", "fuzzy_hierarchy",
           "fuzzy_by_segment"]

#: operator name → symbol as written in the Chinese literature
OPERATORS = {"weighted_average": "M(·,⊕)", "min_max": "M(∧,∨)", "product_max": "M(·,∨)",
             "min_bounded_sum": "M(∧,⊕)"}
#: the five grades of DOMAIN.md §7, highest first (优 = the highest answer, 差 = the lowest)
DEFAULT_GRADE_NAMES_5 = ("优", "良", "中", "低", "差")
_TIE_TOL = 1e-9
_WEIGHT_SUM_TOL = 1e-3


# --------------------------------------------------------------------------
# membership from answers
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class MembershipResult:
    """Membership matrix from answers: ``R`` (indicators × grades, shares of the valid answers), ``counts``
    (the same as numbers of respondents), ``n`` (valid answers per indicator) and ``n_missing`` (missing answers
    excluded per indicator).  ``answers`` gives the answer value of each grade (grade 1 = the highest answer),
    ``scale`` the (lowest, highest) answer."""

    R: pd.DataFrame
    counts: pd.DataFrame
    n: pd.Series
    n_missing: pd.Series
    grade_names: tuple
    answers: tuple
    scale: tuple

    def table(self) -> pd.DataFrame:
        rows = []
        for ind in self.R.index:
            for g, a in zip(self.grade_names, self.answers):
                rows.append({"indicator": ind, "grade": g, "answer": a, "count": int(self.counts.loc[ind, g]),
                             "share": float(self.R.loc[ind, g]), "n": int(self.n[ind]),
                             "n_missing": int(self.n_missing[ind])})
        return pd.DataFrame(rows, columns=["indicator", "grade", "answer", "count", "share", "n", "n_missing"])

    def to_dict(self) -> dict:
        return jsonable({"grades": [{"grade": g, "answer": a} for g, a in zip(self.grade_names, self.answers)],
                         "scale": list(self.scale),
                         "indicators": [{"indicator": ind, "n": self.n[ind], "n_missing": self.n_missing[ind],
                                         "membership": [self.R.loc[ind, g] for g in self.grade_names],
                                         "counts": [self.counts.loc[ind, g] for g in self.grade_names]}
                                        for ind in self.R.index]})


def _grade_names(grades) -> tuple[str, ...]:
    if isinstance(grades, (int, np.integer)) and not isinstance(grades, bool):
        k = int(grades)
        if k < 2:
            raise invalid_option("grades", f"grades = {k} < 2", "Use at least two grades, e.g. grades=5.",
                                 "请至少使用两个等级，例如 grades=5。", "請至少使用兩個等級，例如 grades=5。")
        return DEFAULT_GRADE_NAMES_5 if k == 5 else tuple(f"G{i + 1}" for i in range(k))
    if isinstance(grades, str) or not hasattr(grades, "__iter__"):
        raise invalid_option("grades", repr(grades)[:60], "Give the number of grades (e.g. 5) or their names, "
                             "highest grade first.", "请给出等级数（如 5）或等级名称（从最高等级开始）。",
                             "請提供等級數（如 5）或等級名稱（從最高等級開始）。")
    names = tuple(str(g) for g in grades)
    if len(names) < 2 or len(set(names)) != len(names):
        raise invalid_option("grades", f"{list(names)[:8]}", "Give at least two distinct grade names, highest "
                             "first.", "请至少给出两个互不相同的等级名称（从最高等级开始）。",
                             "請至少提供兩個互不相同的等級名稱（從最高等級開始）。")
    return names


def membership_from_answers(data, grades=5, *, scale=None) -> MembershipResult:
    """Membership of each indicator in the grades from the respondents' answer distribution.

    ``data`` is a DataFrame (or Series) of Likert answers, one column per indicator.  ``grades`` is the number of
    grades or their names (highest grade first; ``grades=5`` names them 优/良/中/低/差 as in DOMAIN.md §7, other
    numbers G1 … Gk).  ``scale=(low, high)`` is the answer range (default (1, number of grades)); it must have one
    answer point per grade.  **Grade order: grade 1 is the highest answer**, so on a 1–5 scale 优 = 5, 良 = 4,
    中 = 3, 低 = 2, 差 = 1, and r_ij = (number of respondents answering grade j's value on indicator i) / (number
    of valid answers on indicator i).  Missing answers are excluded per column and counted (``n_missing``);
    an answer that is not a whole number on the scale is an error naming its row and column.
    """
    names = _grade_names(grades)
    k = len(names)
    if scale is None:
        scale = (1, k)
    ok = not isinstance(scale, str) and hasattr(scale, "__len__") and len(scale) == 2 and all(
        isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in scale)
    if not ok or int(scale[1]) - int(scale[0]) + 1 != k:
        raise invalid_option("scale", f"scale = {scale!r}, grades = {k}", "Give scale=(lowest, highest) as whole "
                             "numbers with one answer point per grade, e.g. scale=(1, 5) for five grades.",
                             "请以整数给出 scale=(最低, 最高)，每个等级对应一个答案分值，例如五个等级用 scale=(1, 5)。",
                             "請以整數提供 scale=(最低, 最高)，每個等級對應一個答案分值，例如五個等級用 scale=(1, 5)。")
    lo, hi = int(scale[0]), int(scale[1])
    if isinstance(data, pd.Series):
        data = data.to_frame(name=str(data.name) if data.name is not None else "indicator")
    if not isinstance(data, pd.DataFrame) or data.shape[1] == 0:
        raise invalid_data("data ∉ DataFrame", "Give the answers as a table, one column per indicator.",
                           "请以表格形式给出答案，每个指标一列。", "請以表格形式提供答案，每個指標一欄。")
    answers = tuple(range(hi, lo - 1, -1))
    counts, n, miss = {}, {}, {}
    for c in data.columns:
        col = data[c]
        num = pd.to_numeric(col, errors="coerce")
        bad = (num.isna() & col.notna()) | (num.notna() & ~num.isin(list(answers)))
        if bad.any():
            i = int(np.flatnonzero(bad.to_numpy())[0])
            raise invalid_data(f"x ∉ {{{lo}, …, {hi}}}", f"Answers must be whole numbers from {lo} to {hi}: "
                               "correct the value or leave the cell empty for a missing answer.",
                               f"答案须为 {lo} 到 {hi} 的整数：请更正该值，缺失的答案请留空。",
                               f"答案須為 {lo} 到 {hi} 的整數：請更正該值，遺漏的答案請留空。",
                               column=str(c), row=i + 1, value=col.iloc[i])
        valid = num.dropna()
        if valid.empty:
            raise invalid_data(f"{c!r}: n = 0", "This indicator has no answers: drop it or check the data.",
                               "该指标没有任何答案：请删除该指标或检查数据。", "該指標沒有任何答案：請刪除該指標或檢查資料。",
                               column=str(c))
        counts[str(c)] = [int((valid == a).sum()) for a in answers]
        n[str(c)] = int(valid.size)
        miss[str(c)] = int(num.isna().sum())
    idx = pd.Index(list(counts), name="indicator")
    cnt = pd.DataFrame([counts[i] for i in idx], index=idx, columns=list(names))
    nn = pd.Series(n, name="n").reindex(idx)
    return MembershipResult(R=cnt.div(nn, axis=0), counts=cnt, n=nn,
                            n_missing=pd.Series(miss, name="n_missing").reindex(idx), grade_names=names,
                            answers=answers, scale=(lo, hi))


# --------------------------------------------------------------------------
# one-level evaluation
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class FuzzyEvaluation:
    """B = A ∘ R for one level.

    ``B`` is the evaluation vector reported (normalised to sum 1 when ``normalised``), ``B_raw`` the composition
    before normalisation; ``grade`` the grade of maximum membership, or None when several grades tie
    (``max_grades`` always lists the grade(s) at the maximum); ``score`` = Σ b_j s_j / Σ b_j when
    ``grade_scores`` were given, else None.
    """

    B: pd.Series
    B_raw: pd.Series
    weights: pd.Series
    R: pd.DataFrame
    operator: str
    grade: str | None
    max_grades: tuple
    score: float | None
    grade_scores: tuple | None
    normalised: bool

    @property
    def operator_symbol(self) -> str:
        return OPERATORS[self.operator]

    @property
    def tie(self) -> bool:
        return len(self.max_grades) > 1

    def table(self) -> pd.DataFrame:
        scores = self.grade_scores if self.grade_scores is not None else [None] * len(self.B)
        return pd.DataFrame({"grade": list(self.B.index), "membership": self.B.to_numpy(),
                             "membership_raw": self.B_raw.to_numpy(), "grade_score": list(scores),
                             "maximum": [g in self.max_grades for g in self.B.index],
                             "operator": self.operator})

    def to_dict(self) -> dict:
        return jsonable({"operator": self.operator, "operator_symbol": self.operator_symbol,
                         "normalised": self.normalised, "grades": list(self.B.index), "B": self.B.to_numpy(),
                         "B_raw": self.B_raw.to_numpy(), "grade": self.grade, "max_grades": list(self.max_grades),
                         "score": self.score, "grade_scores": self.grade_scores,
                         "weights": [{"factor": f, "weight": self.weights[f]} for f in self.weights.index],
                         "R": self.R})


def _membership_matrix(R, grade_names) -> pd.DataFrame:
    if isinstance(R, MembershipResult):
        R = R.R
    if isinstance(R, pd.DataFrame):
        frame = R.copy()
        frame.index = [str(i) for i in frame.index]
        frame.columns = [str(c) for c in frame.columns]
        try:
            frame = frame.astype(float)
        except (TypeError, ValueError):
            frame = None
    else:
        try:
            arr = np.asarray(R, dtype=float)
        except (TypeError, ValueError):
            arr = None
        frame = None
        if arr is not None and arr.ndim == 1:
            arr = arr[None, :]
        if arr is not None and arr.ndim == 2:
            frame = pd.DataFrame(arr, index=[f"U{i + 1}" for i in range(arr.shape[0])],
                                 columns=[f"V{j + 1}" for j in range(arr.shape[1])])
    if frame is None or frame.size == 0 or not np.all(np.isfinite(frame.to_numpy())) \
            or frame.to_numpy().min() < 0 or frame.to_numpy().max() > 1:
        raise invalid_data("R ∉ [0, 1]^(n×m)", "Give the membership matrix as numbers between 0 and 1: one row per "
                           "indicator, one column per grade.", "请以 0 到 1 之间的数字给出隶属度矩阵：每个指标一行，每个等级一列。",
                           "請以 0 到 1 之間的數字提供隸屬度矩陣：每個指標一列，每個等級一欄。")
    if grade_names is not None:
        names = _grade_names(list(grade_names))
        if len(names) != frame.shape[1]:
            raise invalid_option("grade_names", f"len = {len(names)} ≠ m = {frame.shape[1]}",
                                 "Give one name per grade (column of R), highest grade first.",
                                 "请为每个等级（R 的每一列）给出一个名称，从最高等级开始。",
                                 "請為每個等級（R 的每一欄）提供一個名稱，從最高等級開始。")
        frame.columns = list(names)
    if frame.columns.duplicated().any() or frame.index.duplicated().any():
        raise invalid_data("R: duplicated labels", "Name each indicator (row) and grade (column) once.",
                           "每个指标（行）与等级（列）只能命名一次。", "每個指標（列）與等級（欄）只能命名一次。")
    return frame


def _factor_weights(weights, R: pd.DataFrame) -> pd.Series:
    labelled = isinstance(weights, (pd.Series, Mapping))
    if isinstance(weights, Mapping):
        weights = pd.Series(dict(weights))
    if labelled:
        w = weights.copy()
        w.index = [str(i) for i in w.index]
        if set(w.index) != set(R.index):
            if len(w) == len(R) and all(i.startswith("U") for i in R.index):
                R.index = list(w.index)   # an unlabelled R takes the weights' names
            else:
                diff = sorted(set(w.index) ^ set(R.index))
                raise invalid_option("weights", f"{diff[:5]} ∉ both", "Name the weights exactly as the rows "
                                     "(indicators) of R.", "权重的名称须与 R 的行（指标）一致。",
                                     "權重的名稱須與 R 的列（指標）一致。")
        w = pd.to_numeric(w.reindex(R.index), errors="coerce")
    else:
        try:
            arr = np.asarray(weights, dtype=float)
        except (TypeError, ValueError):
            arr = np.array([np.nan])
        if arr.ndim != 1 or arr.size != len(R):
            raise invalid_option("weights", f"len(A) = {arr.size if arr.ndim == 1 else '?'} ≠ n = {len(R)}",
                                 "Give one weight per indicator (row of R), in the same order.",
                                 "请按相同顺序为每个指标（R 的每一行）给出一个权重。",
                                 "請依相同順序為每個指標（R 的每一列）提供一個權重。")
        w = pd.Series(arr, index=R.index)
    arr = w.to_numpy(dtype=float)
    if not np.all(np.isfinite(arr)) or arr.min() < 0 or abs(arr.sum() - 1.0) > _WEIGHT_SUM_TOL:
        raise invalid_option("weights", f"A ∉ [0, 1]^n or |Σ a − 1| > {_WEIGHT_SUM_TOL:g} (Σ = {np.nansum(arr):g})",
                             "Give non-negative weights that sum to 1 (divide weights in points by their total).",
                             "请给出总和为 1 的非负权重（以分值给出的权重请除以其总和）。",
                             "請提供總和為 1 的非負權重（以分值提供的權重請除以其總和）。")
    return pd.Series(arr, index=pd.Index(R.index, name="factor"), name="weight")


def _grade_scores(grade_scores, m: int):
    if grade_scores is None:
        return None
    try:
        s = np.asarray(grade_scores, dtype=float)
    except (TypeError, ValueError):
        s = np.array([np.nan])
    if s.ndim != 1 or s.size != m or not np.all(np.isfinite(s)):
        raise invalid_option("grade_scores", f"len = {s.size} ≠ m = {m}", "Give one score per grade, highest "
                             "grade first, e.g. (95, 85, 70, 50, 20).",
                             "请为每个等级给出一个分值（从最高等级开始），例如 (95, 85, 70, 50, 20)。",
                             "請為每個等級提供一個分值（從最高等級開始），例如 (95, 85, 70, 50, 20)。")
    return tuple(float(v) for v in s)


def _compose(a: np.ndarray, r: np.ndarray, operator: str) -> np.ndarray:
    if operator == "weighted_average":
        return np.minimum(1.0, a @ r)
    if operator == "min_max":
        return np.minimum(a[:, None], r).max(axis=0)
    if operator == "product_max":
        return (a[:, None] * r).max(axis=0)
    return np.minimum(1.0, np.minimum(a[:, None], r).sum(axis=0))


def _finish(b_raw: np.ndarray, w: pd.Series, R: pd.DataFrame, operator: str, scores, normalise: bool):
    grades = list(R.columns)
    total = float(b_raw.sum())
    if (normalise or scores is not None) and total <= 0:
        raise invalid_data("Σ B = 0", "The evaluation vector is all zero, so it cannot be normalised or scored: "
                           "check the weights and the membership matrix.", "评价向量全为 0，无法归一化或计算得分：请检查权重与隶属度矩阵。",
                           "評價向量全為 0，無法正規化或計算得分：請檢查權重與隸屬度矩陣。")
    b = b_raw / total if normalise else b_raw.copy()
    top = b.max()
    max_grades = tuple(g for g, v in zip(grades, b) if v >= top - _TIE_TOL)
    score = None if scores is None else float(np.dot(b_raw, scores) / total)
    return FuzzyEvaluation(B=pd.Series(b, index=pd.Index(grades, name="grade"), name="B"),
                           B_raw=pd.Series(b_raw, index=pd.Index(grades, name="grade"), name="B_raw"),
                           weights=w, R=R, operator=operator,
                           grade=max_grades[0] if len(max_grades) == 1 else None, max_grades=max_grades,
                           score=score, grade_scores=scores, normalised=bool(normalise))


def fuzzy_evaluate(weights, R, *, operator: str = "weighted_average", grade_names=None, grade_scores=None,
                   normalise: bool = False) -> FuzzyEvaluation:
    """One-level fuzzy comprehensive evaluation B = A ∘ R.

    ``weights`` (A): one non-negative weight per indicator summing to 1 (±0.001), as a sequence in R's row order
    or a Series/mapping indicator → weight.  ``R``: n × m memberships in [0, 1] (array, DataFrame with indicators
    as rows and grades as columns, or a :class:`MembershipResult`).  ``operator`` — see the module table
    (``weighted_average`` M(·,⊕), ``min_max`` M(∧,∨), ``product_max`` M(·,∨), ``min_bounded_sum`` M(∧,⊕)).
    ``grade_names`` (highest first) name R's columns.  ``normalise=True`` reports B / Σ B (the grade of maximum
    membership is the same).  ``grade_scores`` (one per grade, e.g. 95, 85, 70, 50, 20; no default is assumed)
    give the weighted score Σ b_j s_j / Σ b_j.

    Matches the two examples of ``../shared/reference/mcda/fuzzy_evaluation_examples.json``: the SPSSAU clothing
    example (M(·,+), B = 0.205, 0.320, 0.390, 0.085 → 一般) and MATLAB Example8_4 (M(∧,∨), B = 0.2, 0.3, 0.4, 0.1
    → 不太欢迎 and 0.35, 0.4, 0.2, 0.1 → 较欢迎).
    """
    _choice("operator", operator, tuple(OPERATORS))
    frame = _membership_matrix(R, grade_names)
    w = _factor_weights(weights, frame)
    scores = _grade_scores(grade_scores, frame.shape[1])
    b_raw = _compose(w.to_numpy(), frame.to_numpy(), operator)
    return _finish(b_raw, w, frame, operator, scores, normalise)


# --------------------------------------------------------------------------
# multi-level synthesis
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class FuzzyHierarchy:
    """Multi-level fuzzy evaluation: ``root`` is the top node's evaluation; ``nodes`` maps each inner node's path
    (``"root"``, ``"root/1"``, … or the names given) to its :class:`FuzzyEvaluation`, children before parents;
    ``levels`` gives each node's depth (root = 0)."""

    root: FuzzyEvaluation
    nodes: dict
    levels: dict
    operator: str
    normalised: bool

    @property
    def B(self) -> pd.Series:
        return self.root.B

    @property
    def grade(self):
        return self.root.grade

    @property
    def score(self):
        return self.root.score

    def table(self) -> pd.DataFrame:
        rows = []
        for path, ev in self.nodes.items():
            row = {"node": path, "level": self.levels[path]}
            row.update({f"B[{g}]": float(v) for g, v in ev.B.items()})
            row.update({"grade": " / ".join(ev.max_grades), "tie": ev.tie, "score": ev.score})
            rows.append(row)
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        return jsonable({"operator": self.operator, "normalised": self.normalised,
                         "nodes": [{"node": p, "level": self.levels[p], **ev.to_dict()}
                                   for p, ev in self.nodes.items()]})


def _bad_node(path: str, detail: str):
    return invalid_data(f"{path}: {detail}", "Each node is a mapping with 'weights' (one per child, summing to 1) "
                        "and 'children' (a list of child nodes or membership rows, each row one number per grade).",
                        "每个节点须为映射，含 'weights'（每个子节点一个，总和为 1）与 'children'（子节点或隶属度行的列表，每行每个等级一个数）。",
                        "每個節點須為對應，含 'weights'（每個子節點一個，總和為 1）與 'children'（子節點或隸屬度列的清單，每列每個等級一個數）。",
                        column=path)


def fuzzy_hierarchy(tree, *, operator: str = "weighted_average", grade_names=None, grade_scores=None,
                    normalise: bool = False) -> FuzzyHierarchy:
    """Multi-level fuzzy comprehensive evaluation, synthesised bottom-up.

    ``tree`` is a nested mapping; every node is::

        {"name": "服务质量",                 # optional; default "root", then parent path + "/1", "/2", …
         "weights": [0.6, 0.4],             # one per child, summing to 1
         "children": [child, child]}        # each a node (mapping) or a leaf membership row [r_1, …, r_m]

    A node's R stacks, in order, its leaf rows and its child nodes' B vectors; its B = weights ∘ R with
    ``operator`` (the same at every level), normalised at every level when ``normalise=True`` (advisable with
    the max-type operators, whose B does not sum to 1).  Child names (``"name"``) label R's rows.  Every leaf
    row has the same m grades.  The root's grade, ``grade_scores`` score and B are the overall result.
    Example: two second-level nodes with weights (0.6, 0.4) over leaf rows, then the root with weights
    (0.5, 0.5) over their two B rows (see tests/test_evaluation_fuzzy.py).
    """
    _choice("operator", operator, tuple(OPERATORS))
    nodes: dict = {}
    levels: dict = {}
    m_seen: list = []

    def visit(node, path: str, depth: int) -> np.ndarray:
        if not isinstance(node, Mapping) or "weights" not in node or "children" not in node:
            raise _bad_node(path, "node ∌ {weights, children}")
        children = node["children"]
        if isinstance(children, (str, Mapping)) or not hasattr(children, "__len__") or len(children) == 0:
            raise _bad_node(path, "children = ∅")
        rows, labels = [], []
        for i, child in enumerate(children):
            if isinstance(child, Mapping):
                name = str(child.get("name", f"{path}/{i + 1}"))
                b = visit(child, name, depth + 1)
                rows.append(b)
                labels.append(name)
            else:
                try:
                    row = np.asarray(child, dtype=float)
                except (TypeError, ValueError):
                    raise _bad_node(f"{path}/{i + 1}", "leaf ∉ ℝ^m") from None
                if row.ndim != 1:
                    raise _bad_node(f"{path}/{i + 1}", "leaf ∉ ℝ^m")
                rows.append(row)
                labels.append(f"{path}/{i + 1}")
        lengths = {r.size for r in rows} | set(m_seen)
        if len(lengths) != 1:
            raise _bad_node(path, f"m ∈ {sorted(lengths)}")
        m_seen[:] = [rows[0].size]
        R = pd.DataFrame(np.vstack(rows), index=labels,
                         columns=[f"V{j + 1}" for j in range(rows[0].size)])
        try:
            w = np.asarray(node["weights"], dtype=float)
        except (TypeError, ValueError):
            raise _bad_node(path, "weights ∉ ℝ^n") from None
        if w.ndim != 1 or w.size != len(rows):
            raise _bad_node(path, f"len(weights) = {np.size(w)} ≠ {len(rows)} children")
        if not np.all(np.isfinite(w)) or w.min() < 0 or abs(w.sum() - 1.0) > _WEIGHT_SUM_TOL:
            raise _bad_node(path, f"Σ weights = {np.nansum(w):g} ≠ 1")
        if R.to_numpy().min() < 0 or R.to_numpy().max() > 1 or not np.all(np.isfinite(R.to_numpy())):
            raise _bad_node(path, "R ∉ [0, 1]")
        ev = fuzzy_evaluate(w, R, operator=operator, grade_names=grade_names, grade_scores=grade_scores,
                            normalise=normalise)
        if path in nodes:
            raise _bad_node(path, "name ∈ tree twice")
        nodes[path] = ev
        levels[path] = depth
        return ev.B.to_numpy()

    root_name = str(tree.get("name", "root")) if isinstance(tree, Mapping) else "root"
    visit(tree, root_name, 0)
    return FuzzyHierarchy(root=nodes[root_name], nodes=nodes, levels=levels, operator=operator,
                          normalised=bool(normalise))


# --------------------------------------------------------------------------
# per segment
# --------------------------------------------------------------------------

@dataclass(frozen=True)
class FuzzySegments:
    """Membership and evaluation overall (key ``"overall"`` in ``membership``/``evaluation``) and per group;
    ``n_rows`` is the number of respondents per key, ``n_group_missing`` the respondents left out because their
    group value is missing (they still count in ``overall``)."""

    membership: dict
    evaluation: dict
    n_rows: dict
    group: str
    n_group_missing: int
    operator: str

    def table(self) -> pd.DataFrame:
        rows = []
        for key, ev in self.evaluation.items():
            row = {"segment": key, "n": self.n_rows[key]}
            row.update({f"B[{g}]": float(v) for g, v in ev.B.items()})
            row.update({"grade": " / ".join(ev.max_grades), "tie": ev.tie, "score": ev.score})
            rows.append(row)
        return pd.DataFrame(rows)

    def to_dict(self) -> dict:
        return jsonable({"group": self.group, "operator": self.operator,
                         "n_group_missing": self.n_group_missing,
                         "segments": [{"segment": k, "n": self.n_rows[k], "membership": self.membership[k].to_dict(),
                                       "evaluation": ev.to_dict()} for k, ev in self.evaluation.items()]})


def fuzzy_by_segment(data: pd.DataFrame, weights, *, group: str, columns=None, grades=5, scale=None,
                     operator: str = "weighted_average", grade_scores=None, normalise: bool = False) -> FuzzySegments:
    """Membership from answers (:func:`membership_from_answers`) and evaluation (:func:`fuzzy_evaluate`) for all
    respondents (``"overall"``) and for each value of the column ``group`` (platform, courier, region), with the
    same weights, grades, operator and scores.  ``columns`` are the indicator columns (default: the weights'
    names when they are labelled, else every column but ``group``); unlabelled weights follow ``columns``' order.
    """
    if not isinstance(data, pd.DataFrame):
        raise invalid_data("data ∉ DataFrame", "Give the answers as a table with a grouping column.",
                           "请以含分组列的表格给出答案。", "請以含分組欄的表格提供答案。")
    if not isinstance(group, str) or group not in data.columns:
        raise invalid_option("group", f"{group!r} ∉ data", "Use a column name that exists in the data.",
                             "请使用数据中存在的列名。", "請使用資料中存在的欄名。", column=str(group))
    if columns is None:
        if isinstance(weights, (pd.Series, Mapping)):
            columns = [str(k) for k in (weights.index if isinstance(weights, pd.Series) else weights)]
        else:
            columns = [c for c in data.columns if c != group]
    columns = list(columns)
    missing = [c for c in columns if c not in data.columns or c == group]
    if missing or not columns:
        raise invalid_option("columns", f"{missing[:5]} ∉ data", "Name indicator columns that exist in the data "
                             "(not the grouping column).", "请指定数据中存在的指标列（不含分组列）。",
                             "請指定資料中存在的指標欄（不含分組欄）。", column=str(missing[0]) if missing else None)
    _choice("operator", operator, tuple(OPERATORS))
    if not isinstance(weights, (pd.Series, Mapping)) and np.ndim(weights) == 1 and len(weights) == len(columns):
        weights = pd.Series(np.asarray(weights, dtype=float), index=columns)
    mem, ev, n_rows = {}, {}, {}
    g = data[group]
    parts = [("overall", data)] + [(str(v), data[g == v]) for v in pd.unique(g.dropna())]
    keys = [k for k, _ in parts]
    if len(set(keys)) != len(keys):
        raise invalid_data(f"{group}: {sorted(k for k in set(keys) if keys.count(k) > 1)[:3]} × 2",
                           "Give every segment a distinct name, and none called 'overall'.",
                           "请为每个分组取不同的名称，且不要命名为 'overall'。", "請為每個分組取不同的名稱，且不要命名為 'overall'。",
                           column=group)
    for key, part in parts:
        if key != "overall":      # answers were checked on the whole table; a group may lack an indicator
            empty = [c for c in columns if part[c].notna().sum() == 0]
            if empty:
                raise invalid_data(f"{group} = {key}: n({empty[0]}) = 0", "This segment has no answers on this "
                                   "indicator: merge it with another segment or drop the indicator.",
                                   "该分组在此指标上没有任何答案：请与其他分组合并或删除该指标。",
                                   "該分組在此指標上沒有任何答案：請與其他分組合併或刪除該指標。", column=str(empty[0]))
        mr = membership_from_answers(part[columns], grades, scale=scale)
        mem[key] = mr
        ev[key] = fuzzy_evaluate(weights, mr, operator=operator, grade_scores=grade_scores, normalise=normalise)
        n_rows[key] = int(len(part))
    return FuzzySegments(membership=mem, evaluation=ev, n_rows=n_rows, group=group,
                         n_group_missing=int(g.isna().sum()), operator=operator)
