"""Analytic hierarchy process (AHP): weights from pairwise comparisons, consistency, groups of experts.

>>> res = ahp([[1, 3, 5], [1/3, 1, 2], [1/5, 1/2, 1]], ["价格", "速度", "服务"])
>>> res.weights, res.cr, res.consistent

**Judgement matrix** (判断矩阵).  A is an n × n positive reciprocal matrix on
Saaty's 1–9 scale: a_ij > 1 means row element i is more important than column
element j, a_ii = 1 and a_ji = 1/a_ij (Saaty 1977, *J. Math. Psychol.* 15,
234–281; Saaty 1980, *The Analytic Hierarchy Process*).  Reciprocity is checked
as |a_ij · a_ji − 1| ≤ ``tol`` (default 5e-3, enough for judgements typed to
three decimals such as 0.333 for 1/3); the matrix is then used as given.
Judgements outside 1/9 … 9 are allowed (Saaty's verbal scale ends there) but
listed in ``out_of_scale`` and warned about.

**Weights** (``method``):

* ``"eigenvector"`` (default, Saaty 1977/1980): the right eigenvector of the
  largest eigenvalue λmax of A (the Perron root), scaled to sum 1;
* ``"geometric_mean"`` (方根法; Crawford & Williams 1985, *J. Math.
  Psychol.* 29, 387–405): w_i ∝ (Π_j a_ij)^(1/n) — for n = 3 it equals the
  eigenvector exactly;
* ``"column_normalised"`` (和积法): each column divided by its sum, then the
  row means.

For the two approximations λmax is approximated (``lambda_max_rule =
"mean_ratio"``) by the mean of (Aw)_i / w_i, as Chinese textbooks do; for the
eigenvector it is the Perron root (``"perron_root"``).

**Consistency.**  CI = (λmax − n)/(n − 1); CR = CI / RI(n) with the random
index from a named table (``ri``): ``"saaty1980"`` (Saaty 1980/1990, n ≤ 10:
0, 0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49), ``"saaty2005"`` (Saaty
2005, *Theory and Applications of the ANP*, p. 31, n ≤ 15) or
``"donegan_dodd"`` (Donegan & Dodd 1991, *Math. Comput. Modelling* 15(10),
135–137, n ≤ 100, linear interpolation between the listed n as in AHPy).  The
same matrix can pass under one table and fail under another, so the table is
part of the result.  n ≤ 2 is consistent by definition (CI = CR = 0).  CR ≥
0.10 (``threshold``) marks the matrix inconsistent; the judgement that
contributes most is the cell with the largest ε_ij = a_ij · w_j / w_i
(Saaty 2003, "Decision-making with the AHP: why is the principal eigenvector
necessary", *EJOR* 145, 85–91: revise the judgement with the largest ε_ij),
reported with w_i / w_j, the value that would make it consistent with the
weights.  λmax ≥ n holds for every positive reciprocal matrix (and for the
mean-ratio rule with any positive w), so a negative CI is round-off and set to 0.

Matches Saaty (1990, *EJOR* 48, 9–26) house example (weights .173 .054 .188
.018 .031 .036 .167 .333, λmax 9.669, CI 0.238, CR 0.169 with saaty1980),
Saaty (2008) drinks (CR 0.022 saaty2005, 0.0235 donegan_dodd, as AHPy) and the
Saaty (2005) cities hierarchy (:func:`hierarchy`), ``../shared/reference/mcda/``.

**Groups** (:func:`group_ahp`, Forman & Peniwati 1998, *EJOR* 108, 165–169):
``aggregate="judgements"`` (AIJ) takes the element-wise weighted geometric
mean of the experts' matrices, Π_k a_ij(k)^λ_k with Σ λ_k = 1 (it keeps
reciprocity), and analyses that matrix; ``aggregate="priorities"`` (AIP) takes
each expert's priority vector and their weighted geometric mean Π_k w_i(k)^λ_k,
normalised to sum 1.  Each expert's own CR is in the result.

**Workbook** (:func:`ahp_workbook`, :func:`read_ahp_workbook`): an XLSX file
with one sheet per node for experts to fill in (upper triangle, numbers or
reciprocals such as "1/3") and its reader.
"""
from __future__ import annotations

import io
import math
import re
import unicodedata
import warnings
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import invalid_data, invalid_option
from ..jsonsafe import jsonable

METHODS = ("eigenvector", "geometric_mean", "column_normalised")
AGGREGATES = ("judgements", "priorities")
DEFAULT_TOL = 5e-3
SCALE_MIN, SCALE_MAX = 1 / 9, 9.0

# Random-index tables as in ../shared/reference/mcda/ahp_examples.json (n → RI).
RI_TABLES = {
    "saaty1980": dict(zip(range(1, 11), (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49))),
    "saaty2005": dict(zip(range(1, 16), (0.0, 0.0, 0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54,
                                         1.56, 1.58, 1.59))),
    "donegan_dodd": {1: 0.0, 2: 0.0, **dict(zip(
        (3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 25, 30, 40, 50, 60, 70, 80, 90, 100),
        (0.4914, 0.8286, 1.0591, 1.1797, 1.2519, 1.3171, 1.3733, 1.4055, 1.4213, 1.4497, 1.4643, 1.4822, 1.4969,
         1.5078, 1.5153, 1.5262, 1.5313, 1.5371, 1.5619, 1.5772, 1.5976, 1.6102, 1.6178, 1.6237, 1.6277, 1.6213,
         1.6339)))},
}
RI_SOURCES = {
    "saaty1980": "Saaty (1980) The Analytic Hierarchy Process; Saaty (1990) EJOR 48, 9-26",
    "saaty2005": "Saaty (2005) Theory and Applications of the Analytic Network Process, p. 31",
    "donegan_dodd": "Donegan & Dodd (1991) Mathematical and Computer Modelling 15(10), 135-137",
}


# --------------------------------------------------------------------------
# argument checks
# --------------------------------------------------------------------------

def _check_method(method) -> str:
    if method not in METHODS:
        raise invalid_option("method", f"{method!r} ∉ {{{', '.join(METHODS)}}}",
                             "Use method='eigenvector' (Saaty's principal eigenvector), 'geometric_mean' (normalised row "
                             "geometric means) or 'column_normalised' (row means of the normalised columns).",
                             "请使用 method='eigenvector'（特征向量法）、'geometric_mean'（方根法）或 "
                             "'column_normalised'（和积法）。",
                             "請使用 method='eigenvector'（特徵向量法）、'geometric_mean'（方根法）或 "
                             "'column_normalised'（和積法）。")
    return method


def _check_ri(ri) -> str:
    if not isinstance(ri, str) or ri not in RI_TABLES:
        raise invalid_option("ri", f"{ri!r} ∉ {{{', '.join(RI_TABLES)}}}",
                             "Name the random-index table: ri='saaty1980' (n ≤ 10), 'saaty2005' (n ≤ 15) or "
                             "'donegan_dodd' (n ≤ 100).",
                             "请指定随机一致性指标表：ri='saaty1980'（n ≤ 10）、'saaty2005'（n ≤ 15）或 "
                             "'donegan_dodd'（n ≤ 100）。",
                             "請指定隨機一致性指標表：ri='saaty1980'（n ≤ 10）、'saaty2005'（n ≤ 15）或 "
                             "'donegan_dodd'（n ≤ 100）。")
    return ri


def random_index(n: int, ri: str = "saaty1980") -> tuple[float, bool]:
    """(RI(n), interpolated?) from the named table; Donegan–Dodd is interpolated linearly between listed n."""
    table = RI_TABLES[_check_ri(ri)]
    if n in table:
        return float(table[n]), False
    keys = sorted(table)
    if ri == "donegan_dodd" and keys[0] < n < keys[-1]:
        lo = max(k for k in keys if k < n)
        hi = min(k for k in keys if k > n)
        return float(table[lo] + (table[hi] - table[lo]) * (n - lo) / (hi - lo)), True
    raise invalid_option("ri", f"n = {n} > {keys[-1]} ({ri})",
                         "This table has no random index for so many elements: use ri='saaty2005' (n ≤ 15) or "
                         "'donegan_dodd' (n ≤ 100), or split the node into smaller groups (at most 9 is usual).",
                         "该表没有这么多元素的随机一致性指标：请使用 ri='saaty2005'（n ≤ 15）或 'donegan_dodd'"
                         "（n ≤ 100），或将该节点拆分为较小的组（通常不超过 9 个）。",
                         "該表沒有這麼多元素的隨機一致性指標：請使用 ri='saaty2005'（n ≤ 15）或 'donegan_dodd'"
                         "（n ≤ 100），或將該節點拆分為較小的組（通常不超過 9 個）。")


def _fix_matrix(detail, *, row=None, column=None, value=None):
    return invalid_data(detail,
                        "Give a square judgement matrix of positive numbers with 1 on the diagonal and a_ji = 1/a_ij "
                        "(row element compared with column element, Saaty's 1–9 scale or its reciprocals).",
                        "请提供正数方阵作为判断矩阵：对角线为 1，且 a_ji = 1/a_ij（行元素与列元素相比，采用 Saaty 1–9 "
                        "标度或其倒数）。",
                        "請提供正數方陣作為判斷矩陣：對角線為 1，且 a_ji = 1/a_ij（列元素與欄元素相比，採用 Saaty 1–9 "
                        "尺度或其倒數）。", row=row, column=column, value=value)


def _check_labels(labels, n, where) -> tuple[str, ...]:
    if labels is None:
        return tuple(f"C{i + 1}" for i in range(n))
    if isinstance(labels, (str, bytes)) or not hasattr(labels, "__iter__"):
        raise _fix_matrix(f"{where}labels: {type(labels).__name__}")
    out = tuple(str(x) for x in labels)
    if len(out) != n:
        raise _fix_matrix(f"{where}len(labels) = {len(out)} ≠ n = {n}")
    if len(set(out)) != n:
        dup = next(x for x in out if out.count(x) > 1)
        raise _fix_matrix(f"{where}labels: {dup!r} × {out.count(dup)}", value=dup)
    return out


def _as_matrix(matrix, labels=None, *, tol: float = DEFAULT_TOL, where: str = "") -> tuple[np.ndarray, tuple]:
    """The checked float matrix and its labels.  ``where`` prefixes the detail (e.g. "expert 2: ")."""
    if isinstance(matrix, pd.DataFrame):
        idx = [str(x) for x in matrix.index]
        cols = [str(x) for x in matrix.columns]
        if idx != cols:
            raise _fix_matrix(f"{where}index ≠ columns: {idx[:6]} vs {cols[:6]}")
        if labels is not None and _check_labels(labels, len(idx), where) != tuple(idx):
            raise _fix_matrix(f"{where}labels ≠ DataFrame.index")
        labels = idx
        values = matrix.to_numpy()
    else:
        values = matrix
    try:
        a = np.array(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise _fix_matrix(f"{where}{type(exc).__name__}: {str(exc)[:80]}") from None
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] == 0:
        raise _fix_matrix(f"{where}shape = {a.shape} ≠ (n, n), n ≥ 1")
    n = a.shape[0]
    labels = _check_labels(labels, n, where)
    for i, j in np.argwhere(~np.isfinite(a) | (a <= 0)):
        raise _fix_matrix(f"{where}a[{i + 1},{j + 1}] ({labels[i]!r}, {labels[j]!r}) = {float(a[i, j])!r} ∉ (0, ∞)",
                          value=a[i, j])
    for i in range(n):
        if abs(a[i, i] - 1) > tol:
            raise _fix_matrix(f"{where}a[{i + 1},{i + 1}] ({labels[i]!r}, {labels[i]!r}) = {float(a[i, i])!r} ≠ 1",
                              value=a[i, i])
    for i in range(n):
        for j in range(i + 1, n):
            if abs(a[i, j] * a[j, i] - 1) > tol:
                raise _fix_matrix(
                    f"{where}a[{i + 1},{j + 1}] ({labels[i]!r}, {labels[j]!r}) = {a[i, j]:g}; "
                    f"a[{j + 1},{i + 1}] ({labels[j]!r}, {labels[i]!r}) = {a[j, i]:g} "
                    f"≠ 1/{a[i, j]:g} = {1 / a[i, j]:g}",
                    value=a[i, j])
    return a, labels


# --------------------------------------------------------------------------
# computation
# --------------------------------------------------------------------------

def _weights(a: np.ndarray, method: str) -> tuple[np.ndarray, float, str]:
    """(w summing to 1, λmax, λmax rule)."""
    n = a.shape[0]
    if method == "eigenvector":
        vals, vecs = np.linalg.eig(a)
        k = int(np.argmax(vals.real))
        w = np.abs(vecs[:, k].real)       # the Perron vector has one sign; abs() removes the arbitrary one
        return w / w.sum(), float(vals[k].real), "perron_root"
    if method == "geometric_mean":
        w = np.exp(np.log(a).mean(axis=1))
    else:
        w = (a / a.sum(axis=0)).mean(axis=1)
    w = w / w.sum()
    return w, float(np.mean(a @ w / w)) if n else float("nan"), "mean_ratio"


def _saaty_note(cell) -> dict:
    return {
        "en": f"Most inconsistent judgement: {cell['row']} vs {cell['column']} = {cell['value']:.4g}; "
              f"ε = a_ij·w_j/w_i = {cell['epsilon']:.3f}; the weights imply {cell['consistent_value']:.3f} "
              "(Saaty 2003). Ask the expert to reconsider this judgement.",
        "zh-Hans": f"最不一致的判断：{cell['row']} 相对于 {cell['column']} = {cell['value']:.4g}；"
                   f"ε = a_ij·w_j/w_i = {cell['epsilon']:.3f}；权重所对应的值为 {cell['consistent_value']:.3f}"
                   "（Saaty 2003）。请专家重新考虑这一判断。",
        "zh-Hant": f"最不一致的判斷：{cell['row']} 相對於 {cell['column']} = {cell['value']:.4g}；"
                   f"ε = a_ij·w_j/w_i = {cell['epsilon']:.3f}；權重所對應的值為 {cell['consistent_value']:.3f}"
                   "（Saaty 2003）。請專家重新考慮這一判斷。",
    }


@dataclass(frozen=True, eq=False)
class AHPResult:
    """One judgement matrix analysed: weights, λmax, CI, RI, CR and the most inconsistent judgement."""

    labels: tuple
    matrix: pd.DataFrame
    weights: pd.Series
    method: str
    lambda_max: float
    lambda_max_rule: str                  # "perron_root" | "mean_ratio"
    ci: float
    ri: float
    ri_table: str
    ri_interpolated: bool
    cr: float
    threshold: float
    consistent: bool                      # CR < threshold (always True for n ≤ 2)
    consistent_by_definition: bool        # n ≤ 2
    most_inconsistent: dict | None        # {row, column, i, j, value, epsilon, consistent_value, rule}
    out_of_scale: tuple = ()              # ((row, column, value), …) outside 1/9 … 9
    notes: tuple = ()                     # {"en", "zh-Hans", "zh-Hant"} dicts

    @property
    def n(self) -> int:
        return len(self.labels)

    def table(self) -> pd.DataFrame:
        """One row per element: weight and rank (1 = largest)."""
        return pd.DataFrame({"element": list(self.labels), "weight": self.weights.to_numpy(),
                             "rank": self.weights.rank(ascending=False, method="min").astype(int).to_numpy()})

    def consistency_table(self) -> pd.DataFrame:
        """One row: n, λmax, CI, RI, CR, the table, the method and whether CR < threshold."""
        return pd.DataFrame([{"n": self.n, "lambda_max": self.lambda_max, "CI": self.ci, "RI": self.ri,
                              "CR": self.cr, "ri_table": self.ri_table, "method": self.method,
                              "lambda_max_rule": self.lambda_max_rule, "consistent": self.consistent}])

    def to_dict(self) -> dict:
        return jsonable({
            "labels": list(self.labels), "matrix": self.matrix, "weights": self.weights, "method": self.method,
            "n": self.n, "lambda_max": self.lambda_max, "lambda_max_rule": self.lambda_max_rule, "CI": self.ci,
            "RI": self.ri, "ri_table": self.ri_table, "ri_source": RI_SOURCES[self.ri_table],
            "ri_interpolated": self.ri_interpolated, "CR": self.cr, "threshold": self.threshold,
            "consistent": self.consistent, "consistent_by_definition": self.consistent_by_definition,
            "most_inconsistent": self.most_inconsistent,
            "out_of_scale": [list(c) for c in self.out_of_scale], "notes": list(self.notes)})


def _analyse(a, labels, method, ri, threshold, warn_scale) -> AHPResult:
    n = a.shape[0]
    w, lam, rule = _weights(a, method)
    ri_value, interpolated = random_index(n, ri)
    by_definition = n <= 2
    if by_definition:
        ci = cr = 0.0
    else:
        ci = max((lam - n) / (n - 1), 0.0)
        cr = ci / ri_value
    worst = None
    notes = []
    if n > 2:
        eps = a * w[None, :] / w[:, None]
        i, j = map(int, np.unravel_index(np.argmax(eps), eps.shape))
        worst = {"row": labels[i], "column": labels[j], "i": i + 1, "j": j + 1, "value": float(a[i, j]),
                 "epsilon": float(eps[i, j]), "consistent_value": float(w[i] / w[j]),
                 "rule": "max epsilon_ij = a_ij w_j / w_i (Saaty 2003)"}
    consistent = bool(cr < threshold)
    if not consistent:
        notes.append(_saaty_note(worst))
    scale_cells = tuple((labels[i], labels[j], float(a[i, j])) for i, j in zip(*np.nonzero(
        (a < SCALE_MIN * (1 - 1e-3)) | (a > SCALE_MAX * (1 + 1e-3)))))
    if scale_cells:
        shown = ", ".join(f"({r!r}, {c!r}) = {v:g}" for r, c, v in scale_cells[:4])
        notes.append({"en": f"Judgements outside Saaty's 1/9–9 scale: {shown}.",
                      "zh-Hans": f"判断值超出 Saaty 的 1/9–9 标度：{shown}。",
                      "zh-Hant": f"判斷值超出 Saaty 的 1/9–9 尺度：{shown}。"})
        if warn_scale:
            warnings.warn(notes[-1]["en"], UserWarning, stacklevel=3)
    return AHPResult(labels=tuple(labels), matrix=pd.DataFrame(a, index=list(labels), columns=list(labels)),
                     weights=pd.Series(w, index=list(labels), name="weight"), method=method, lambda_max=lam,
                     lambda_max_rule=rule, ci=float(ci), ri=ri_value, ri_table=ri, ri_interpolated=interpolated,
                     cr=float(cr), threshold=float(threshold), consistent=consistent,
                     consistent_by_definition=by_definition, most_inconsistent=worst, out_of_scale=scale_cells,
                     notes=tuple(notes))


def _check_threshold(threshold) -> float:
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)) or not 0 < threshold < 1:
        raise invalid_option("threshold", repr(threshold)[:40], "Give the CR threshold as a number in (0, 1), "
                             "usually 0.10.", "请以 (0, 1) 内的数字给出一致性比率阈值，通常为 0.10。",
                             "請以 (0, 1) 內的數字提供一致性比率門檻，通常為 0.10。")
    return float(threshold)


def ahp(matrix, labels=None, *, method: str = "eigenvector", ri: str = "saaty1980", threshold: float = 0.10,
        tol: float = DEFAULT_TOL, warn_scale: bool = True) -> AHPResult:
    """Weights and consistency of one pairwise judgement matrix (module docstring for formulas and sources).

    ``matrix``: numpy array, nested list or square DataFrame whose index and columns are the labels.
    ``method``: "eigenvector" | "geometric_mean" | "column_normalised"; ``ri``: "saaty1980" | "saaty2005" |
    "donegan_dodd".  ``warn_scale``: warn (UserWarning) when a judgement is outside 1/9 … 9.
    Matches Saaty (1990) house example: CR 0.169 (saaty1980).
    """
    _check_method(method)
    _check_ri(ri)
    threshold = _check_threshold(threshold)
    a, labels = _as_matrix(matrix, labels, tol=tol)
    return _analyse(a, labels, method, ri, threshold, warn_scale)


# --------------------------------------------------------------------------
# hierarchy
# --------------------------------------------------------------------------

def _weights_of(x, what) -> pd.Series:
    if isinstance(x, AHPResult):
        return x.weights.astype(float)
    if isinstance(x, Mapping):
        x = pd.Series(dict(x), dtype=float)
    if isinstance(x, pd.Series):
        s = x.astype(float)
        s.index = [str(i) for i in s.index]
        if not np.all(np.isfinite(s)) or (s < 0).any() or s.sum() <= 0:
            raise invalid_data(f"{what}: weights {s.round(4).tolist()[:6]}",
                               "Give non-negative, finite weights with a positive sum (or an ahp() result).",
                               "请给出非负、有限且总和为正的权重（或 ahp() 的结果）。",
                               "請提供非負、有限且總和為正的權重（或 ahp() 的結果）。")
        return s / s.sum()
    raise invalid_data(f"{what}: {type(x).__name__}", "Give an ahp() result, a pandas Series or a dict label → "
                       "weight.", "请给出 ahp() 的结果、pandas Series 或 标签 → 权重 的字典。",
                       "請提供 ahp() 的結果、pandas Series 或 標籤 → 權重 的字典。")


@dataclass(frozen=True, eq=False)
class HierarchyResult:
    """A two-level hierarchy synthesised: global weight of each alternative = Σ criterion weight × local weight."""

    criteria_weights: pd.Series
    local_weights: pd.DataFrame           # alternatives × criteria
    global_weights: pd.Series
    consistency: pd.DataFrame             # node, n, CR, ri_table, consistent (AHPResult inputs only)

    def table(self) -> pd.DataFrame:
        """One row per alternative: global weight, rank, and the local weight under each criterion."""
        out = self.local_weights.copy()
        out.insert(0, "rank", self.global_weights.rank(ascending=False, method="min").astype(int))
        out.insert(0, "global_weight", self.global_weights)
        return out.rename_axis("alternative").reset_index()

    def to_dict(self) -> dict:
        return jsonable({"criteria_weights": self.criteria_weights, "local_weights": self.local_weights,
                         "global_weights": self.global_weights, "consistency": self.consistency.to_dict("records"),
                         "rule": "global_k = sum_c w_c * w_k|c (Saaty 1980, hierarchic composition)"})


def hierarchy(criteria, alternatives: Mapping) -> HierarchyResult:
    """Global weights of alternatives under weighted criteria (Saaty 1980, hierarchic composition).

    ``criteria``: an :class:`AHPResult` (or a Series/dict criterion → weight); ``alternatives``: criterion →
    :class:`AHPResult` (or Series/dict alternative → local weight), the same alternatives under every
    criterion.  Matches the Saaty (2005) cities example (Bethesda .229, Boston .275, Pittsburgh .385,
    Santa Fe .111).
    """
    cw = _weights_of(criteria, "criteria")
    if not isinstance(alternatives, Mapping):
        raise invalid_data(f"alternatives: {type(alternatives).__name__}",
                           "Give a dict criterion → ahp() result of the alternatives under that criterion.",
                           "请给出 准则 → 该准则下各方案的 ahp() 结果 的字典。",
                           "請提供 準則 → 該準則下各方案的 ahp() 結果 的字典。")
    alt = {str(k): v for k, v in alternatives.items()}
    missing = [c for c in cw.index if c not in alt]
    extra = [c for c in alt if c not in cw.index]
    if missing or extra:
        raise invalid_data(f"{missing[:5]} ∉ alternatives; {extra[:5]} ∉ criteria",
                           "Give the alternatives' weights under every criterion, keyed by the criterion's label.",
                           "请按准则标签给出每个准则下各方案的权重。", "請依準則標籤提供每個準則下各方案的權重。",
                           column=(missing or extra)[0])
    local = {c: _weights_of(alt[c], f"alternatives[{c!r}]") for c in cw.index}
    names = list(local[cw.index[0]].index)
    for c, s in local.items():
        if sorted(s.index) != sorted(names):
            raise invalid_data(f"alternatives[{c!r}]: {list(s.index)[:6]} ≠ {names[:6]}",
                               "Compare the same alternatives under every criterion.",
                               "请在每个准则下比较相同的方案。", "請在每個準則下比較相同的方案。", column=c)
    lw = pd.DataFrame({c: local[c].reindex(names) for c in cw.index})
    gw = pd.Series(lw.to_numpy() @ cw.to_numpy(), index=names, name="global_weight")
    rows = []
    for node, res in [("criteria", criteria)] + list(alt.items()):
        if isinstance(res, AHPResult):
            rows.append({"node": node, "n": res.n, "CR": res.cr, "ri_table": res.ri_table,
                         "consistent": res.consistent})
    return HierarchyResult(criteria_weights=cw.rename("weight"), local_weights=lw, global_weights=gw,
                           consistency=pd.DataFrame(rows, columns=["node", "n", "CR", "ri_table", "consistent"]))


# --------------------------------------------------------------------------
# group AHP
# --------------------------------------------------------------------------

@dataclass(frozen=True, eq=False)
class GroupAHPResult:
    """Several experts' judgements combined (AIJ or AIP), with each expert's own result."""

    aggregate: str                        # "judgements" (AIJ) | "priorities" (AIP)
    mean: str                             # "weighted geometric mean"
    labels: tuple
    weights: pd.Series                    # the group's priority vector
    expert_weights: pd.Series             # λ_k, summing to 1
    experts: tuple                        # one AHPResult per expert
    group: AHPResult | None               # the analysis of the aggregated matrix (AIJ only)
    method: str
    ri_table: str
    notes: tuple = ()

    @property
    def cr(self) -> float | None:
        """The aggregated matrix's CR (AIJ); None for AIP, which builds no group matrix."""
        return None if self.group is None else self.group.cr

    def table(self) -> pd.DataFrame:
        """One row per element: the group weight and rank, then each expert's own weight."""
        out = pd.DataFrame({"element": list(self.labels), "weight": self.weights.to_numpy(),
                            "rank": self.weights.rank(ascending=False, method="min").astype(int).to_numpy()})
        for name, res in zip(self.expert_weights.index, self.experts):
            out[f"weight[{name}]"] = res.weights.reindex(list(self.labels)).to_numpy()
        return out

    def experts_table(self) -> pd.DataFrame:
        """One row per expert: its weight in the group, λmax, CI, CR and whether CR < threshold."""
        return pd.DataFrame([{"expert": name, "expert_weight": float(lam), "lambda_max": r.lambda_max, "CI": r.ci,
                              "CR": r.cr, "ri_table": r.ri_table, "consistent": r.consistent}
                             for (name, lam), r in zip(self.expert_weights.items(), self.experts)])

    def to_dict(self) -> dict:
        return jsonable({
            "aggregate": self.aggregate, "aggregate_name": "AIJ" if self.aggregate == "judgements" else "AIP",
            "mean": self.mean, "source": "Forman & Peniwati (1998) EJOR 108, 165-169", "labels": list(self.labels),
            "weights": self.weights, "expert_weights": self.expert_weights, "method": self.method,
            "ri_table": self.ri_table, "CR": self.cr, "group": None if self.group is None else self.group.to_dict(),
            "experts": {str(k): r.to_dict() for k, r in zip(self.expert_weights.index, self.experts)},
            "notes": list(self.notes)})


def _bad_group(detail):
    return invalid_data(detail, "Give two or more experts' judgement matrices over the same elements (a list, or a "
                        "dict expert → matrix), and expert_weights as positive numbers, one per expert.",
                        "请给出两位或以上专家对相同元素的判断矩阵（列表，或 专家 → 矩阵 的字典），expert_weights "
                        "为正数、每位专家一个。",
                        "請提供兩位或以上專家對相同元素的判斷矩陣（串列，或 專家 → 矩陣 的字典），expert_weights "
                        "為正數、每位專家一個。")


def group_ahp(matrices, labels=None, *, aggregate: str = "judgements", expert_weights=None,
              method: str = "eigenvector", ri: str = "saaty1980", threshold: float = 0.10,
              tol: float = DEFAULT_TOL, warn_scale: bool = True) -> GroupAHPResult:
    """Group AHP (Forman & Peniwati 1998): AIJ by the element-wise weighted geometric mean of the judgements
    (``aggregate="judgements"``) or AIP by the weighted geometric mean of the priority vectors, normalised to
    sum 1 (``aggregate="priorities"``).  ``matrices``: a list or a dict expert → matrix; DataFrames are aligned
    on the first one's labels.  ``expert_weights``: None (equal) or one positive number per expert (normalised).
    """
    if aggregate not in AGGREGATES:
        raise invalid_option("aggregate", f"{aggregate!r} ∉ {{judgements, priorities}}",
                             "Use aggregate='judgements' (AIJ, geometric mean of the matrices) or 'priorities' "
                             "(AIP, geometric mean of the experts' weights).",
                             "请使用 aggregate='judgements'（AIJ，判断矩阵的几何平均）或 'priorities'（AIP，各专家权重的"
                             "几何平均）。",
                             "請使用 aggregate='judgements'（AIJ，判斷矩陣的幾何平均）或 'priorities'（AIP，各專家權重的"
                             "幾何平均）。")
    _check_method(method)
    _check_ri(ri)
    threshold = _check_threshold(threshold)
    if isinstance(matrices, Mapping):
        names, mats = [str(k) for k in matrices], list(matrices.values())
    elif isinstance(matrices, (list, tuple)):
        names, mats = [f"expert {k + 1}" for k in range(len(matrices))], list(matrices)
    else:
        raise _bad_group(f"matrices: {type(matrices).__name__}")
    if not mats:
        raise _bad_group("k = 0")
    checked = []
    for name, m in zip(names, mats):
        if isinstance(m, pd.DataFrame) and checked:
            ref = checked[0][1]
            idx = [str(x) for x in m.index]
            if sorted(idx) == sorted(ref) and idx == [str(x) for x in m.columns]:
                m = m.copy()
                m.index, m.columns = idx, idx
                m = m.loc[list(ref), list(ref)]
        a, lab = _as_matrix(m, labels if not isinstance(m, pd.DataFrame) else None, tol=tol, where=f"{name}: ")
        if checked and lab != checked[0][1]:
            raise _bad_group(f"{name}: labels {list(lab)[:6]} ≠ {list(checked[0][1])[:6]}")
        checked.append((a, lab))
    labels = checked[0][1]
    if expert_weights is None:
        lam = np.full(len(mats), 1 / len(mats))
    else:
        try:
            lam = np.array(list(expert_weights.values()) if isinstance(expert_weights, Mapping) else
                           list(expert_weights), dtype=float)
        except (TypeError, ValueError):
            raise _bad_group(f"expert_weights: {str(expert_weights)[:60]}") from None
        if lam.shape != (len(mats),) or not np.all(np.isfinite(lam)) or (lam <= 0).any():
            raise _bad_group(f"expert_weights = {lam.tolist()[:8]}, k = {len(mats)}")
        lam = lam / lam.sum()
    experts = tuple(_analyse(a, labels, method, ri, threshold, warn_scale) for a, _ in checked)
    logs = np.stack([np.log(a) for a, _ in checked])
    notes = []
    if aggregate == "judgements":
        g = np.exp(np.tensordot(lam, logs, axes=1))
        group = _analyse(g, labels, method, ri, threshold, False)
        w = group.weights
    else:
        group = None
        lw = np.log(np.stack([r.weights.to_numpy() for r in experts]))
        w = np.exp(lam @ lw)
        w = pd.Series(w / w.sum(), index=list(labels), name="weight")
    bad = [n for n, r in zip(names, experts) if not r.consistent]
    if bad:
        notes.append({"en": f"Experts with CR ≥ {threshold:g}: {', '.join(bad)}.",
                      "zh-Hans": f"一致性比率 CR ≥ {threshold:g} 的专家：{'、'.join(bad)}。",
                      "zh-Hant": f"一致性比率 CR ≥ {threshold:g} 的專家：{'、'.join(bad)}。"})
    return GroupAHPResult(aggregate=aggregate, mean="weighted geometric mean", labels=tuple(labels), weights=w,
                          expert_weights=pd.Series(lam, index=names, name="expert_weight"), experts=experts,
                          group=group, method=method, ri_table=ri, notes=tuple(notes))


# --------------------------------------------------------------------------
# the experts' workbook
# --------------------------------------------------------------------------

_MARK = "节点 / Node"
_HEADER_ROW = 6                      # keys of the column elements; display names one row above
_FIRST_COL = 3                       # column C: first compared element

_INSTRUCTIONS = {
    "zh-Hans": [
        "填写说明：请比较每一行的指标与每一列的指标，哪一个更重要、重要多少。",
        "只填写对角线上方的黄色单元格；对角线为 1，对角线下方的灰色单元格由程序自动取倒数，请留空。",
        "行指标比列指标重要时填 1–9 的整数；列指标更重要时填倒数，如 1/3、1/5（也可填 0.333）。",
    ],
    "zh-Hant": [
        "填寫說明：請比較每一列的指標與每一欄的指標，哪一個較重要、重要多少。",
        "只填寫對角線上方的黃色儲存格；對角線為 1，對角線下方的灰色儲存格由程式自動取倒數，請留空。",
        "列指標比欄指標重要時填 1–9 的整數；欄指標較重要時填倒數，如 1/3、1/5（亦可填 0.333）。",
    ],
    "en": [
        "How to fill in: compare the element of each row with the element of each column: which matters more, "
        "and by how much?",
        "Fill in only the yellow cells above the diagonal; the diagonal is 1 and the grey cells below it are "
        "filled with the reciprocals automatically — leave them empty.",
        "If the row element matters more, type a whole number 1–9; if the column element matters more, type "
        "the reciprocal, e.g. 1/3 or 1/5 (0.333 is accepted too).",
    ],
}
_SCALE = [
    ("1", "同等重要", "同等重要", "Equal importance"),
    ("3", "稍微重要", "稍微重要", "Moderate importance of one over the other"),
    ("5", "明显重要", "明顯重要", "Strong importance"),
    ("7", "强烈重要", "強烈重要", "Very strong importance"),
    ("9", "极端重要", "極端重要", "Extreme importance"),
    ("2, 4, 6, 8", "上述相邻判断的中间值", "上述相鄰判斷的中間值", "Intermediate values between the judgements above"),
    ("1/2 … 1/9", "列指标比行指标重要时取倒数", "欄指標比列指標重要時取倒數",
     "Reciprocals: the column element matters more than the row element"),
]


def _display(key, names) -> str:
    """'中文 / English' for a key from the optional trilingual names dict; the key itself when absent."""
    if not names or key not in names:
        return key
    v = names[key]
    if isinstance(v, str):
        return v
    if isinstance(v, Mapping):
        parts = [str(v[k]) for k in ("zh-Hans", "zh-Hant", "en") if v.get(k)]
        seen = []
        for p in parts:
            if p not in seen:
                seen.append(p)
        return " / ".join(seen) or key
    return str(v)


def _bad_nodes(detail, value=None):
    return invalid_data(detail, "Give the nodes as a dict node → list of at least two distinct child names, "
                        "e.g. {'目标': ['价格', '速度', '服务']}.",
                        "请以 节点 → 至少两个不同子指标名称的列表 的字典给出节点，例如 {'目标': ['价格', '速度', '服务']}。",
                        "請以 節點 → 至少兩個不同子指標名稱的串列 的字典提供節點，例如 {'目標': ['價格', '速度', '服務']}。",
                        value=value)


def _unescape(text: str) -> str:
    """Undo :func:`research.export.excel_safe`'s leading quote (it only adds one before a formula start)."""
    from ..export import excel_safe

    if text.startswith("'") and excel_safe(text[1:]) == text:
        return text[1:]
    return text


def ahp_workbook(nodes: Mapping, path_or_buffer, *, names: Mapping | None = None) -> None:
    """Write the experts' AHP workbook: one sheet per node (node → its children's names), an upper-triangle
    comparison grid to fill in (yellow), the diagonal set to 1, and instructions with Saaty's 1–9 scale in
    Simplified Chinese, Traditional Chinese and English.  ``names``: optional key → display name (a string or
    {"zh-Hans", "zh-Hant", "en"}).  Labels are written through :func:`research.export.excel_safe`."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    from ..export import _sheet_name, excel_safe, safe_text

    if not isinstance(nodes, Mapping) or not nodes:
        raise _bad_nodes(f"nodes: {type(nodes).__name__}{'' if nodes else ' = {}'}")
    if names is not None and not isinstance(names, Mapping):
        raise _bad_nodes(f"names: {type(names).__name__}")
    for node, children in nodes.items():
        if isinstance(children, (str, bytes)) or not hasattr(children, "__iter__"):
            raise _bad_nodes(f"{node!r}: {type(children).__name__}", value=node)
        kids = [str(c) for c in children]
        if len(kids) < 2 or len(set(kids)) != len(kids):
            raise _bad_nodes(f"{node!r}: {kids[:8]}", value=node)

    def text(v):
        return safe_text(excel_safe(v))

    yellow = PatternFill("solid", fgColor="FFF2CC")
    grey = PatternFill("solid", fgColor="D9D9D9")
    bold = Font(bold=True)
    book = Workbook()
    book.remove(book.active)
    for node, children in nodes.items():
        node, kids = str(node), [str(c) for c in children]
        n = len(kids)
        sh = book.create_sheet(_sheet_name(node, book.sheetnames))
        sh["A1"] = "AHP 判断矩阵 · AHP 判斷矩陣 · AHP pairwise comparisons"
        sh["A1"].font = Font(bold=True, size=13)
        sh["A2"] = _MARK
        sh["A2"].font = bold
        for ref, v in (("B2", text(node)), ("C2", text(_display(node, names)) if names and node in names else None)):
            sh[ref] = v
            if v:
                sh[ref].data_type = "s"
        sh["A3"] = "请在黄色单元格中填写 1–9 或其倒数（如 1/3）。"
        sh["A4"] = "Type 1–9 or a reciprocal such as 1/3 into the yellow cells."
        sh.cell(row=_HEADER_ROW, column=1, value="行 ÷ 列 · row vs column").font = bold
        sh.cell(row=_HEADER_ROW, column=2, value="名称 · Name").font = bold
        for k, key in enumerate(kids):
            for r, c, v in ((_HEADER_ROW, _FIRST_COL + k, key), (_HEADER_ROW - 1, _FIRST_COL + k,
                                                                  _display(key, names)),
                            (_HEADER_ROW + 1 + k, 1, key), (_HEADER_ROW + 1 + k, 2, _display(key, names))):
                cell = sh.cell(row=r, column=c, value=text(v))
                cell.data_type = "s"
                cell.font = bold
                cell.alignment = Alignment(wrap_text=True)
        for i in range(n):
            for j in range(n):
                cell = sh.cell(row=_HEADER_ROW + 1 + i, column=_FIRST_COL + j)
                if i == j:
                    cell.value = 1
                elif i < j:
                    cell.fill = yellow
                else:
                    cell.fill = grey
                cell.alignment = Alignment(horizontal="center")
        r = _HEADER_ROW + n + 2
        for lang in ("zh-Hans", "zh-Hant", "en"):
            for line in _INSTRUCTIONS[lang]:
                sh.cell(row=r, column=1, value=line)
                r += 1
            r += 1
        for c, head in enumerate(("标度 · 尺度 · Scale", "含义", "含義", "Meaning"), start=1):
            sh.cell(row=r, column=c, value=head).font = bold
        for row in _SCALE:
            r += 1
            for c, v in enumerate(row, start=1):
                sh.cell(row=r, column=c, value=v)
        sh.column_dimensions["A"].width = 22
        sh.column_dimensions["B"].width = 24
        for k in range(n):
            sh.column_dimensions[get_column_letter(_FIRST_COL + k)].width = 14
    book.save(path_or_buffer)


_NUMBER = re.compile(r"^[+]?(?:\d+(?:\.\d*)?|\.\d+)$")


def _cell_value(v):
    """The judgement in a cell: a number, or text "3", "1/3", "0.5"; None when empty; raises ValueError."""
    if v is None:
        return None
    if isinstance(v, bool):
        raise ValueError
    if isinstance(v, (int, float)):
        return float(v)
    s = unicodedata.normalize("NFKC", str(v)).replace("\u2044", "/").replace("÷", "/").replace(" ", "")
    if not s:
        return None
    if "/" in s:
        num, _, den = s.partition("/")
        if not (_NUMBER.match(num) and _NUMBER.match(den)):
            raise ValueError
        return float(num) / float(den)
    if not _NUMBER.match(s):
        raise ValueError
    return float(s)


def _bad_cell(sheet, ref, value, problem, en, zh, zh_hant):
    shown = "∅" if value is None or value == "" else repr(value)
    return invalid_data(f"'{sheet}'!{ref} = {shown}" + (f": {problem}" if problem else ""), en, zh, zh_hant,
                        value=value)


def read_ahp_workbook(path_or_buffer, *, tol: float = DEFAULT_TOL) -> dict:
    """{node: judgement matrix as a DataFrame} from a workbook written by :func:`ahp_workbook` and filled in:
    the upper triangle as typed (numbers or text such as "1/3"), the lower triangle its reciprocals.  Errors
    name the sheet, the cell (A1 reference) and the value for text, out-of-scale (outside 1/9 … 9) or
    missing entries, and for a lower-triangle entry that contradicts the upper one."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    if isinstance(path_or_buffer, (bytes, bytearray)):
        path_or_buffer = io.BytesIO(path_or_buffer)
    try:
        book = load_workbook(path_or_buffer, data_only=True)
    except Exception as exc:                               # openpyxl raises many kinds for a non-workbook
        raise invalid_data(f"{type(exc).__name__}: {str(exc)[:80]}",
                           "Upload the .xlsx workbook written by the toolkit (research evaluate --template), "
                           "filled in and saved as .xlsx.",
                           "请上传本工具生成的 .xlsx 专家打分表（research evaluate --template），填写后仍保存为 .xlsx。",
                           "請上傳本工具產生的 .xlsx 專家評分表（research evaluate --template），填寫後仍儲存為 .xlsx。"
                           ) from None
    out = {}
    for sh in book.worksheets:
        if sh["A2"].value != _MARK:
            continue
        title = sh.title
        node = _unescape(str(sh["B2"].value or "")).strip()
        if not node:
            raise _bad_cell(title, "B2", None, "",
                            "Do not delete the node name in B2; write a fresh template if needed.",
                            "请勿删除 B2 中的节点名称；必要时重新生成模板。",
                            "請勿刪除 B2 中的節點名稱；必要時重新產生範本。")
        kids = []
        c = _FIRST_COL
        while sh.cell(row=_HEADER_ROW, column=c).value not in (None, ""):
            kids.append(_unescape(str(sh.cell(row=_HEADER_ROW, column=c).value)))
            c += 1
        n = len(kids)
        rows = [_unescape(str(sh.cell(row=_HEADER_ROW + 1 + i, column=1).value or "")) for i in range(n)]
        if n < 2 or rows != kids or len(set(kids)) != n:
            ref = f"A{_HEADER_ROW}:{get_column_letter(_FIRST_COL + max(n, 1) - 1)}{_HEADER_ROW + n}"
            raise _bad_cell(title, ref, ", ".join(kids[:6]), f"{rows[:6]} ≠ {kids[:6]} ∨ n < 2 ∨ duplicates",
                            "Keep the template's labels: the same elements, in the same order, in the header row "
                            "and in column A.", "请保留模板中的标签：表头行与 A 列的元素相同且顺序一致。",
                            "請保留範本中的標籤：標題列與 A 欄的元素相同且順序一致。")
        a = np.ones((n, n))
        for i in range(n):
            for j in range(i + 1, n):
                r, col = _HEADER_ROW + 1 + i, _FIRST_COL + j
                ref = f"{get_column_letter(col)}{r}"
                raw = sh.cell(row=r, column=col).value
                try:
                    v = _cell_value(raw)
                except (ValueError, ZeroDivisionError):
                    raise _bad_cell(title, ref, raw, "∉ ℝ",
                                    f"Type a number 1–9 or a reciprocal such as 1/3 ({kids[i]} vs {kids[j]}).",
                                    f"请填写 1–9 的数字或其倒数，如 1/3（{kids[i]} 相对于 {kids[j]}）。",
                                    f"請填寫 1–9 的數字或其倒數，如 1/3（{kids[i]} 相對於 {kids[j]}）。") from None
                if v is None:
                    raise _bad_cell(title, ref, raw, "",
                                    f"Fill in this comparison ({kids[i]} vs {kids[j]}): 1–9 or a reciprocal "
                                    "such as 1/3.",
                                    f"请填写这一比较（{kids[i]} 相对于 {kids[j]}）：1–9 或其倒数，如 1/3。",
                                    f"請填寫這一比較（{kids[i]} 相對於 {kids[j]}）：1–9 或其倒數，如 1/3。")
                if not (SCALE_MIN * (1 - 1e-2) <= v <= SCALE_MAX):
                    raise _bad_cell(title, ref, raw, f"{v:g} ∉ [1/9, 9]",
                                    "Use Saaty's scale: 1–9, or 1/2 … 1/9 when the column element matters more.",
                                    "请使用 Saaty 标度：1–9；列指标更重要时用 1/2 … 1/9。",
                                    "請使用 Saaty 尺度：1–9；欄指標較重要時用 1/2 … 1/9。")
                a[i, j], a[j, i] = v, 1 / v
                low_ref = f"{get_column_letter(_FIRST_COL + i)}{_HEADER_ROW + 1 + j}"
                low_raw = sh.cell(row=_HEADER_ROW + 1 + j, column=_FIRST_COL + i).value
                try:
                    low = _cell_value(low_raw)
                except (ValueError, ZeroDivisionError):
                    low = math.nan
                if low is not None and not abs(low * v - 1) <= tol:
                    raise _bad_cell(title, low_ref, low_raw, f"≠ 1/{ref} = 1/{v:g}",
                                    "Leave the grey cells below the diagonal empty: they are the reciprocals of "
                                    "the yellow cells.", "请将对角线下方的灰色单元格留空：它们是黄色单元格的倒数。",
                                    "請將對角線下方的灰色儲存格留空：它們是黃色儲存格的倒數。")
        if node in out:
            raise _bad_cell(title, "B2", node, f"{node!r} × 2", "Each node may have one sheet only.",
                            "每个节点只能有一个工作表。", "每個節點只能有一個工作表。")
        out[node] = pd.DataFrame(a, index=kids, columns=kids)
    if not out:
        raise invalid_data(f"#sheets(A2 = {_MARK!r}) = 0", "Upload the workbook written by the toolkit: each sheet has "
                           f"'{_MARK}' in A2.", f"请上传本工具生成的打分表：每个工作表的 A2 为 '{_MARK}'。",
                           f"請上傳本工具產生的評分表：每個工作表的 A2 為 '{_MARK}'。")
    return out


__all__ = ["ahp", "AHPResult", "hierarchy", "HierarchyResult", "group_ahp", "GroupAHPResult", "ahp_workbook",
           "read_ahp_workbook", "random_index", "RI_TABLES", "METHODS"]
