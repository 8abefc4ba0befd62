"""Ranking alternatives from an uploaded alternatives × criteria table (方案 × 指标表), as SPSSAU's TOPSIS, entropy
and grey relational tools do: one row per alternative (platform, courier, region, supplier …), one column per
criterion, raw values — no index system, no 0–100 rescaling.

>>> res = rank_alternatives(table, name="快递公司", cost=["价格"], weights="entropy")
>>> res.weights_table(), res.topsis.table(sort=True), res.grey.table(sort=True)
>>> res.to_dict()                    # the "alternatives" block of results.json

Steps (each the toolkit's own function, cited there):

1. **Weights** of the criteria (``weights``):
   ``"entropy"`` — entropy weight method on the table min–max normalised by direction (the variant most Chinese
   papers use, :func:`research.evaluation.weights.entropy_weights` ``variant="direction_normalised"``);
   ``"entropy_raw"`` — the same on the raw proportions p_ij = x_ij / Σ_i x_ij, direction ignored, as the published
   examples (Xu 2004; Zavadskas & Podvezko 2016; Elsayed et al. 2017) — the two give different weights;
   ``"critic"`` (Diakoulaki et al. 1995); ``"cv"`` (coefficient of variation); ``"equal"``;
   a mapping {criterion: weight} (given, rescaled to sum 1); or AHP judgements over the criteria — one
   judgement matrix (a DataFrame labelled by the criteria, an n × n array in criteria order, or the
   {node: matrix} of :func:`research.evaluation.ahp.read_ahp_workbook` with one node), or several experts' (a list,
   or {expert: matrix}) for group AHP (:func:`research.evaluation.ahp.group_ahp`, ``aggregate``).
2. **TOPSIS** (Hwang & Yoon 1981) with ``normalisation`` "vector" (classical) or "minmax", benefit/cost by
   ``cost``; **grey relational analysis** (Deng 1982) with ρ = ``rho``
   (:mod:`research.evaluation.ranking`).
3. **Sensitivity** of both rankings to ±``change`` (relative) of each weight in turn
   (:func:`research.evaluation.ranking.rank_sensitivity`).

Refused at the door, with the row, column and value: fewer than two alternatives or criteria, a repeated
alternative name (every row named), text in a criterion column, missing values (every cell listed — a ranking
needs every value, nothing is guessed), a constant criterion with a data-derived weight method (entropy, CRITIC
and CV are undefined or meaningless for it: drop it), negative values where the method needs values ≥ 0
(raw entropy, CV, vector-normalised TOPSIS), and ``cost`` naming a column that is not a criterion.
"""
from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import invalid_data, invalid_option
from ..jsonsafe import jsonable
from . import tables as etab
from .ahp import AHPResult, GroupAHPResult, ahp, ahp_workbook, group_ahp
from .ranking import NORMALISATIONS, grey_relational, rank_sensitivity, topsis
from .weights import critic_weights, cv_weights, entropy_weights

__all__ = ["rank_alternatives", "AlternativesResult", "WEIGHT_METHODS", "DATA_METHODS", "criteria_workbook",
           "CRITERIA_NODE", "ranking_figure"]

WEIGHT_METHODS = ("entropy", "entropy_raw", "critic", "cv", "equal")
DATA_METHODS = ("entropy", "entropy_raw", "critic", "cv")
ENTROPY_VARIANT = {"entropy": "direction_normalised", "entropy_raw": "raw"}
CRITERIA_NODE = "criteria"            # the one node of the criteria's AHP workbook
CRITERIA_NODE_NAMES = {"zh-Hans": "评价指标", "zh-Hant": "評價指標", "en": "Criteria"}
LANGS = ("zh-Hans", "zh-Hant", "en")

# names of the weight sources, as tables and summaries print them
SOURCE = {
    "entropy": {"en": "entropy weights (min–max normalised by direction)", "zh-Hans": "熵权法（按方向极差标准化）",
                "zh-Hant": "熵權法（按方向極差標準化）"},
    "entropy_raw": {"en": "entropy weights (raw proportions)", "zh-Hans": "熵权法（原始数据比重）",
                    "zh-Hant": "熵權法（原始資料比重）"},
    "critic": {"en": "CRITIC", "zh-Hans": "CRITIC 法", "zh-Hant": "CRITIC 法"},
    "cv": {"en": "coefficient of variation", "zh-Hans": "变异系数法", "zh-Hant": "變異係數法"},
    "equal": {"en": "equal weights", "zh-Hans": "等权", "zh-Hant": "等權"},
    "given": {"en": "given weights", "zh-Hans": "给定权重", "zh-Hant": "給定權重"},
    "ahp": {"en": "AHP", "zh-Hans": "层次分析法（AHP）", "zh-Hant": "層級分析法（AHP）"},
    "group_ahp": {"en": "group AHP ({agg}, {k} experts)", "zh-Hans": "群组层次分析法（{agg}，{k} 位专家）",
                  "zh-Hant": "群體層級分析法（{agg}，{k} 位專家）"},
}
DIRECTION = {"benefit": {"en": "benefit", "zh-Hans": "效益型", "zh-Hant": "效益型"},
             "cost": {"en": "cost", "zh-Hans": "成本型", "zh-Hant": "成本型"}}
HEAD = {
    "alternative": {"en": "Alternative", "zh-Hans": "方案", "zh-Hant": "方案"},
    "criterion": {"en": "Criterion", "zh-Hans": "指标", "zh-Hant": "指標"},
    "direction": {"en": "Direction", "zh-Hans": "方向", "zh-Hant": "方向"},
    "weight": {"en": "Weight", "zh-Hans": "权重", "zh-Hant": "權重"},
    "source": {"en": "Source", "zh-Hans": "赋权方法", "zh-Hant": "賦權方法"},
    "entropy": {"en": "Entropy e", "zh-Hans": "信息熵 e", "zh-Hant": "資訊熵 e"},
    "divergence": {"en": "Divergence d", "zh-Hans": "差异系数 d", "zh-Hant": "差異係數 d"},
    "sigma": {"en": "SD σ", "zh-Hans": "标准差 σ", "zh-Hant": "標準差 σ"},
    "conflict": {"en": "Conflict", "zh-Hans": "冲突性", "zh-Hant": "衝突性"},
    "information": {"en": "Information C", "zh-Hans": "信息量 C", "zh-Hant": "資訊量 C"},
    "mean": {"en": "M", "zh-Hans": "M", "zh-Hant": "M"},
    "sd": {"en": "SD", "zh-Hans": "SD", "zh-Hant": "SD"},
    "cv": {"en": "CV", "zh-Hans": "变异系数", "zh-Hant": "變異係數"},
    "cr": {"en": "CR", "zh-Hans": "CR", "zh-Hant": "CR"},
    "d_plus": {"en": "D⁺", "zh-Hans": "D⁺", "zh-Hant": "D⁺"},
    "d_minus": {"en": "D⁻", "zh-Hans": "D⁻", "zh-Hant": "D⁻"},
    "closeness": {"en": "Closeness C", "zh-Hans": "贴近度 C", "zh-Hant": "貼近度 C"},
    "rank": {"en": "Rank", "zh-Hans": "排名", "zh-Hant": "排名"},
    "grade": {"en": "Grey relational grade", "zh-Hans": "灰色关联度", "zh-Hant": "灰色關聯度"},
    "change": {"en": "Weight changed", "zh-Hans": "变动的权重", "zh-Hant": "變動的權重"},
    "from_to": {"en": "Weight (before → after)", "zh-Hans": "权重（变动前 → 后）", "zh-Hant": "權重（變動前 → 後）"},
    "top": {"en": "First place", "zh-Hans": "第一名", "zh-Hant": "第一名"},
    "order_changed": {"en": "Ranking changed", "zh-Hans": "排序改变", "zh-Hant": "排序改變"},
    "rank_of": {"en": "Rank: {a}", "zh-Hans": "排名：{a}", "zh-Hant": "排名：{a}"},
}
TITLES = {
    "weights": {"en": "Criteria Weights", "zh-Hans": "指标权重", "zh-Hant": "指標權重"},
    "topsis": {"en": "TOPSIS Ranking of the Alternatives", "zh-Hans": "各方案的 TOPSIS 排序",
               "zh-Hant": "各方案的 TOPSIS 排序"},
    "grey": {"en": "Grey Relational Ranking of the Alternatives", "zh-Hans": "各方案的灰色关联排序",
             "zh-Hant": "各方案的灰色關聯排序"},
    "ranking": {"en": "Ranking of the Alternatives", "zh-Hans": "各方案的排序结果", "zh-Hant": "各方案的排序結果"},
    "sensitivity_topsis": {"en": "Sensitivity of the TOPSIS Ranking to ±{pct}% Weight Changes",
                           "zh-Hans": "TOPSIS 排序对权重 ±{pct}% 变动的敏感性",
                           "zh-Hant": "TOPSIS 排序對權重 ±{pct}% 變動的敏感性"},
    "sensitivity_grey": {"en": "Sensitivity of the Grey Relational Ranking to ±{pct}% Weight Changes",
                         "zh-Hans": "灰色关联排序对权重 ±{pct}% 变动的敏感性",
                         "zh-Hant": "灰色關聯排序對權重 ±{pct}% 變動的敏感性"},
    "data": {"en": "Data: Alternatives × Criteria", "zh-Hans": "原始数据：方案 × 指标", "zh-Hant": "原始資料：方案 × 指標"},
}
NOTES = {
    "entropy": {"en": "Entropy weights: each criterion min–max normalised by its direction, p = share of the "
                      "column, e = −Σ p ln p / ln m, d = 1 − e, w = d / Σd.",
                "zh-Hans": "熵权法：各指标先按方向做极差标准化，p 为该列中的比重，e = −Σ p ln p / ln m，d = 1 − e，"
                           "w = d / Σd。",
                "zh-Hant": "熵權法：各指標先按方向做極差標準化，p 為該欄中的比重，e = −Σ p ln p / ln m，d = 1 − e，"
                           "w = d / Σd。"},
    "entropy_raw": {"en": "Entropy weights on the raw values (as the published examples): p = x / Σx of the "
                          "column, e = −Σ p ln p / ln m, d = 1 − e, w = d / Σd; the criteria's directions are not used.",
                    "zh-Hans": "熵权法（与已发表算例相同，直接用原始数据）：p = x / Σx，e = −Σ p ln p / ln m，d = 1 − e，"
                               "w = d / Σd；不考虑指标方向。",
                    "zh-Hant": "熵權法（與已發表算例相同，直接用原始資料）：p = x / Σx，e = −Σ p ln p / ln m，d = 1 − e，"
                               "w = d / Σd；不考慮指標方向。"},
    "critic": {"en": "CRITIC (Diakoulaki et al., 1995): C = σ × Σ(1 − r) of the min–max normalised criteria, "
                     "w = C / ΣC.",
               "zh-Hans": "CRITIC 法（Diakoulaki 等，1995）：对极差标准化后的指标，C = σ × Σ(1 − r)，w = C / ΣC。",
               "zh-Hant": "CRITIC 法（Diakoulaki 等，1995）：對極差標準化後的指標，C = σ × Σ(1 − r)，w = C / ΣC。"},
    "cv": {"en": "Coefficient of variation: CV = SD / M of each criterion, w = CV / ΣCV.",
           "zh-Hans": "变异系数法：各指标 CV = SD / M，w = CV / ΣCV。", "zh-Hant": "變異係數法：各指標 CV = SD / M，w = CV / ΣCV。"},
    "equal": {"en": "Equal weights: w = 1/{n}.", "zh-Hans": "等权：w = 1/{n}。", "zh-Hant": "等權：w = 1/{n}。"},
    "given": {"en": "Weights as given, rescaled to sum 1.", "zh-Hans": "权重按给定值，并按总和为 1 重新缩放。",
              "zh-Hant": "權重按給定值，並按總和為 1 重新縮放。"},
    "ahp": {"en": "AHP: principal eigenvector of the judgement matrix; CR = CI / RI with RI of {ri}; CR < 0.10 is "
                  "acceptable.",
            "zh-Hans": "层次分析法：判断矩阵的主特征向量；CR = CI / RI，RI 取自 {ri}；CR < 0.10 为通过。",
            "zh-Hant": "層級分析法：判斷矩陣的主特徵向量；CR = CI / RI，RI 取自 {ri}；CR < 0.10 為通過。"},
    "topsis": {"en": "TOPSIS (Hwang & Yoon, 1981) with {norm}: D⁺ and D⁻ are the distances to the ideal and the "
                     "anti-ideal alternative, C = D⁻ / (D⁺ + D⁻); the larger C, the better.",
               "zh-Hans": "TOPSIS（Hwang & Yoon, 1981），{norm}：D⁺、D⁻ 为到正、负理想解的距离，C = D⁻ / (D⁺ + D⁻)，"
                          "C 越大越好。",
               "zh-Hant": "TOPSIS（Hwang & Yoon, 1981），{norm}：D⁺、D⁻ 為到正、負理想解的距離，C = D⁻ / (D⁺ + D⁻)，"
                          "C 越大越好。"},
    "grey": {"en": "Grey relational analysis (Deng, 1982): criteria min–max normalised by direction, reference = the "
                   "best value of each criterion, distinguishing coefficient ρ = {rho}; grade = Σ w ξ.",
             "zh-Hans": "灰色关联分析（Deng, 1982）：指标按方向极差标准化，参考序列为各指标的最优值，分辨系数 ρ = {rho}；"
                        "关联度 = Σ w ξ。",
             "zh-Hant": "灰色關聯分析（Deng, 1982）：指標按方向極差標準化，參考序列為各指標的最優值，分辨係數 ρ = {rho}；"
                        "關聯度 = Σ w ξ。"},
    "sensitivity": {"en": "Each criterion's weight was changed by ±{pct}% in turn and the other weights rescaled "
                          "proportionally to sum 1; the ranks of every alternative under each change.",
                    "zh-Hans": "依次将每个指标的权重变动 ±{pct}%，其余权重按比例缩放使总和为 1；表中为每次变动后各方案的排名。",
                    "zh-Hant": "依次將每個指標的權重變動 ±{pct}%，其餘權重按比例縮放使總和為 1；表中為每次變動後各方案的排名。"},
    "constant": {"en": "{names}: the same value for every alternative, so it does not separate them (its weight "
                       "counts for nothing in the ranking).",
                 "zh-Hans": "{names}：各方案取值相同，无法区分方案（其权重对排序不起作用）。",
                 "zh-Hant": "{names}：各方案取值相同，無法區分方案（其權重對排序不起作用）。"},
    "inconsistent": {"en": "The AHP judgements are not consistent enough ({who}CR = {cr} ≥ 0.10): revise the "
                           "judgement {a} vs {b} first.",
                     "zh-Hans": "AHP 判断矩阵的一致性不足（{who}CR = {cr} ≥ 0.10）：请优先修改“{a} 相对于 {b}”的判断。",
                     "zh-Hant": "AHP 判斷矩陣的一致性不足（{who}CR = {cr} ≥ 0.10）：請優先修改「{a} 相對於 {b}」的判斷。"},
    "differ": {"en": "TOPSIS and grey relational analysis put different alternatives first ({a} vs {b}): the two "
                     "methods weigh distances differently; report both.",
               "zh-Hans": "TOPSIS 与灰色关联分析的第一名不同（{a} 与 {b}）：两种方法对差距的处理不同，请同时报告两者。",
               "zh-Hant": "TOPSIS 與灰色關聯分析的第一名不同（{a} 與 {b}）：兩種方法對差距的處理不同，請同時報告兩者。"},
    "row_names": {"en": "The table has no column of names: the alternatives are numbered by their row (1 = first "
                        "row below the header).",
                  "zh-Hans": "表格中没有方案名称列：方案按行编号（1 = 标题行下的第一行）。",
                  "zh-Hant": "表格中沒有方案名稱欄：方案按列編號（1 = 標題列下的第一列）。"},
}
SENSITIVITY_SUMMARY = {
    "en": "{method} under ±{pct}% weight changes: first place unchanged in {a} of {k}, whole order in {b} of {k}.",
    "zh-Hans": "{method}在权重变动 ±{pct}% 下：第一名不变 {a}/{k} 次，整体排序不变 {b}/{k} 次。",
    "zh-Hant": "{method}在權重變動 ±{pct}% 下：第一名不變 {a}/{k} 次，整體排序不變 {b}/{k} 次。",
}
METHOD_WORD = {"topsis": {"en": "TOPSIS", "zh-Hans": "TOPSIS", "zh-Hant": "TOPSIS"},
               "grey": {"en": "Grey relational analysis", "zh-Hans": "灰色关联分析", "zh-Hant": "灰色關聯分析"}}


def _sep(lang: str) -> str:
    return ", " if lang == "en" else "、"


def _lang(lang: str) -> str:
    if lang not in LANGS:
        raise invalid_option("lang", repr(lang)[:40], "Use zh-Hans, zh-Hant or en.", "请使用 zh-Hans、zh-Hant 或 en。",
                             "請使用 zh-Hans、zh-Hant 或 en。")
    return lang


# --------------------------------------------------------------------------
# the table at the door
# --------------------------------------------------------------------------

def _missing(v) -> bool:
    if v is None:
        return True
    if isinstance(v, str):
        return not v.strip()
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _is_number(v) -> bool:
    if isinstance(v, bool):
        return False
    if isinstance(v, (int, float, np.integer, np.floating)):
        return True
    try:
        float(str(v).strip().replace(",", ""))
        return True
    except ValueError:
        return False


def _text_column(col: pd.Series) -> bool:
    """Whether most filled cells of a column are text (a column of names, not numbers with a stray text)."""
    filled = [v for v in col if not _missing(v)]
    return bool(filled) and sum(not _is_number(v) for v in filled) * 2 > len(filled)


def _label(v) -> str:
    """An alternative's name as text: 2021.0 → "2021"."""
    if isinstance(v, (float, np.floating)) and float(v).is_integer():
        return str(int(v))
    return str(v).strip()


def _columns_of(table: pd.DataFrame, which, option: str) -> list:
    cols = list(table.columns)
    names = {str(c): c for c in cols}
    if isinstance(which, str):
        which = [p.strip() for p in which.replace("，", ",").split(",") if p.strip()]
    out = []
    for w in which:
        if w in cols:
            out.append(w)
        elif str(w) in names:
            out.append(names[str(w)])
        else:
            shown = ", ".join(str(c) for c in cols[:20])
            raise invalid_option(option, f"{w!r} ∉ columns", f"Name columns of the table: {shown}.",
                                 f"请填写表格中的列名：{shown}。", f"請填寫表格中的欄名：{shown}。", column=str(w))
    return out


def _row(pos: int, first_row: int) -> int:
    return pos + first_row


@dataclass(frozen=True)
class _Table:
    name: str | None
    alternatives: tuple
    criteria: tuple
    values: pd.DataFrame
    row_names: bool


def _read(table, name, criteria, first_row: int) -> _Table:
    if not isinstance(table, pd.DataFrame):
        raise invalid_option("table", type(table).__name__,
                             "Pass the alternatives × criteria table as a pandas DataFrame: one row per alternative, "
                             "one column per criterion (and a column of names).",
                             "请以 pandas DataFrame 传入方案 × 指标表：每行一个方案，每列一个指标（另可有一列方案名称）。",
                             "請以 pandas DataFrame 傳入方案 × 指標表：每列一個方案，每欄一個指標（另可有一欄方案名稱）。")
    frame = table.copy()
    frame.columns = [str(c) for c in frame.columns]
    dup = frame.columns[frame.columns.duplicated()]
    if len(dup):
        raise invalid_data(f"columns: {dup[0]!r} × 2", "Give every column of the table a distinct header.",
                           "请为表格的每一列使用不同的列名。", "請為表格的每一欄使用不同的欄名。", column=str(dup[0]))
    # drop rows and columns with nothing in them (an empty line at the end of an exported sheet)
    empty_rows = frame.apply(lambda r: all(_missing(v) for v in r), axis=1).to_numpy()
    positions = np.flatnonzero(~empty_rows)
    frame = frame.iloc[positions]
    if name is not None:
        name = _columns_of(frame, [name], "name")[0]
    else:
        name = next((c for c in frame.columns if _text_column(frame[c])), None)
    if criteria is None:
        crit = [c for c in frame.columns if c != name and not _text_column(frame[c])
                and not all(_missing(v) for v in frame[c])]
    else:
        crit = _columns_of(frame, criteria, "criteria")
        if name in crit:
            raise invalid_option("criteria", f"{name!r} = name column",
                                 "Leave the column of the alternatives' names out of the criteria.",
                                 "指标中不要包含方案名称列。", "指標中不要包含方案名稱欄。", column=str(name))
        if len(set(crit)) != len(crit):
            raise invalid_option("criteria", f"{crit}", "Name each criterion once.", "每个指标只能列一次。",
                                 "每個指標只能列一次。")
    m = len(frame)
    if m < 2:
        raise invalid_data(f"alternatives = {m} < 2", "A ranking needs at least two alternatives: one row each, "
                           "below the header row.", "排序至少需要两个方案：标题行下每个方案一行。",
                           "排序至少需要兩個方案：標題列下每個方案一列。")
    if len(crit) < 2:
        raise invalid_data(f"criteria = {[str(c) for c in crit]} (< 2)",
                           "Give at least two criteria columns of numbers (one column per criterion).",
                           "请至少提供两个数值型指标列（每个指标一列）。", "請至少提供兩個數值型指標欄（每個指標一欄）。")
    rows = [_row(int(p), first_row) for p in positions]
    # the alternatives' names
    if name is None:
        alts = [str(k + 1) for k in range(m)]
    else:
        alts = []
        for r, v in zip(rows, frame[name]):
            if _missing(v):
                raise invalid_data(f"{name}: ∅", "Give every alternative a name in the name column.",
                                   "请在名称列中为每个方案填写名称。", "請在名稱欄中為每個方案填寫名稱。",
                                   column=str(name), row=r)
            alts.append(_label(v))
        seen: dict[str, list[int]] = {}
        for r, a in zip(rows, alts):
            seen.setdefault(a, []).append(r)
        dups = {a: rs for a, rs in seen.items() if len(rs) > 1}
        if dups:
            a, rs = next(iter(dups.items()))
            listed = ", ".join(str(r) for r in rs)
            raise invalid_data(f"{name} = {a!r} × {len(rs)} (rows {listed})",
                               f"Each alternative must appear once: merge or rename the rows {listed}.",
                               f"每个方案只能出现一次：请合并或重命名第 {listed} 行。",
                               f"每個方案只能出現一次：請合併或重新命名第 {listed} 列。",
                               column=str(name), row=rs[1], value=a)
    # numbers only; text turned into a missing value by research.io.load.load_table is text all the same
    text_cells = (getattr(table, "attrs", None) or {}).get("text_cells") or {}
    values = {}
    for c in crit:
        if c in text_cells and text_cells[c]:
            r, v = text_cells[c][0]
            raise invalid_data(f"{c}: {len(text_cells[c])} × ¬ numeric", "Use numbers only in the criteria columns "
                               "(no units, no text such as N/A: leave nothing empty either).",
                               "指标列中只能填写数字（不要带单位或 N/A 之类的文字，也不要留空）。",
                               "指標欄中只能填寫數字（不要帶單位或 N/A 之類的文字，也不要留空）。",
                               column=str(c), row=r, value=v)
        col = frame[c]
        out = np.full(m, np.nan)
        for k, v in enumerate(col):
            if _missing(v):
                continue
            if isinstance(v, bool) or not _is_number(v):
                raise invalid_data(f"{c}: ¬ numeric", "Use numbers only in the criteria columns (no units, no text "
                                   "such as N/A), or leave this column out of the criteria.",
                                   "指标列中只能填写数字（不要带单位或 N/A 之类的文字），或不把该列作为指标。",
                                   "指標欄中只能填寫數字（不要帶單位或 N/A 之類的文字），或不把該欄作為指標。",
                                   column=str(c), row=rows[k], value=v)
            out[k] = float(v) if not isinstance(v, str) else float(v.strip().replace(",", ""))
        if np.isinf(out).any():
            k = int(np.flatnonzero(np.isinf(out))[0])
            raise invalid_data(f"{c}: ±inf", "Correct the infinite value: give the criterion's value as a finite "
                               "number.", "请更正无穷大的数值：指标取值须为有限的数。", "請更正無窮大的數值：指標取值須為有限的數。",
                               column=str(c), row=rows[k], value=col.iloc[k])
        values[c] = out
    x = pd.DataFrame(values, index=pd.Index(alts, name="alternative"))
    holes = np.argwhere(np.isnan(x.to_numpy()))
    if holes.size:
        cells = [f"{alts[i]} × {crit[j]} (row {rows[i]})" for i, j in holes[:10]]
        more = f" … (+{len(holes) - 10})" if len(holes) > 10 else ""
        i, j = map(int, holes[0])
        raise invalid_data(f"{len(holes)} × ∅: " + "; ".join(cells) + more,
                           "Fill in every alternative's value on every criterion (nothing is guessed), or drop the "
                           "alternative or the criterion.",
                           "请填写每个方案在每个指标上的取值（程序不会猜测缺失值），或删除该方案或该指标。",
                           "請填寫每個方案在每個指標上的取值（程式不會猜測遺漏值），或刪除該方案或該指標。",
                           column=str(crit[j]), row=rows[i])
    return _Table(name=None if name is None else str(name), alternatives=tuple(alts), criteria=tuple(crit),
                  values=x, row_names=name is None), rows


def _negative(x: pd.DataFrame, rows, why: str, en: str, zh: str, zh_hant: str):
    neg = np.argwhere(x.to_numpy() < 0)
    if neg.size:
        i, j = map(int, neg[0])
        raise invalid_data(f"{x.columns[j]} = {x.iat[i, j]:g} < 0 ({why})", en, zh, zh_hant, column=str(x.columns[j]),
                           row=rows[i], value=x.iat[i, j])


# --------------------------------------------------------------------------
# weights
# --------------------------------------------------------------------------

def _matrix_like(v) -> bool:
    if isinstance(v, pd.DataFrame):
        return True
    if isinstance(v, Mapping):
        return len(v) == 1 and _matrix_like(next(iter(v.values())))
    if isinstance(v, (list, tuple, np.ndarray)):
        try:
            a = np.asarray(v, dtype=float)
        except (TypeError, ValueError):
            return False
        return a.ndim == 2 and a.shape[0] == a.shape[1]
    return False


def _one_matrix(v, criteria, where: str) -> pd.DataFrame:
    """One expert's judgements over the criteria as a DataFrame in criteria order."""
    if isinstance(v, Mapping):                            # read_ahp_workbook: {node: matrix}, one node
        v = next(iter(v.values()))
    if isinstance(v, pd.DataFrame):
        labels = [str(c) for c in v.columns]
        if sorted(labels) != sorted(criteria) or [str(i) for i in v.index] != labels:
            names = ", ".join(criteria)
            raise invalid_option("weights", f"{where}AHP labels {labels[:8]} ≠ criteria {list(criteria)[:8]}",
                                 f"Compare exactly the criteria of the table in the AHP judgements: {names} "
                                 "(write a fresh workbook for them).",
                                 f"AHP 判断矩阵须恰好比较表格中的指标：{names}（可重新生成打分表）。",
                                 f"AHP 判斷矩陣須恰好比較表格中的指標：{names}（可重新產生評分表）。")
        frame = v.copy()
        frame.index, frame.columns = labels, labels
        return frame.loc[list(criteria), list(criteria)]
    a = np.asarray(v, dtype=float)
    if a.shape != (len(criteria), len(criteria)):
        raise invalid_option("weights", f"{where}AHP matrix {a.shape} ≠ ({len(criteria)}, {len(criteria)})",
                             "Give one n × n judgement matrix over the criteria, in the table's column order.",
                             "请按表格列的顺序给出指标的 n × n 判断矩阵。", "請按表格欄的順序提供指標的 n × n 判斷矩陣。")
    return pd.DataFrame(a, index=list(criteria), columns=list(criteria))


def _ahp_input(weights, criteria):
    """None, or ("ahp", matrix) / ("group", [matrices], [names]) when ``weights`` holds AHP judgements."""
    if isinstance(weights, str) or weights is None:
        return None
    if _matrix_like(weights):
        return "ahp", _one_matrix(weights, criteria, ""), None
    if isinstance(weights, Mapping) and weights and all(_matrix_like(v) for v in weights.values()):
        names = [str(k) for k in weights]
        return "group", [_one_matrix(v, criteria, f"{k}: ") for k, v in weights.items()], names
    if isinstance(weights, (list, tuple)) and weights and all(_matrix_like(v) for v in weights):
        if len(weights) == 1:
            return "ahp", _one_matrix(weights[0], criteria, ""), None
        return "group", [_one_matrix(v, criteria, f"expert {k + 1}: ") for k, v in enumerate(weights)], None
    return None


def _constant_refused(x: pd.DataFrame, method: str, rows):
    flat = [c for c in x.columns if np.ptp(x[c].to_numpy()) == 0]
    if flat:
        c = flat[0]
        names = ", ".join(map(str, flat))
        word = SOURCE[method]
        raise invalid_data(f"{names}: constant ({x[c].iloc[0]:g} for every alternative), weights = {method}",
                           f"{names} has the same value for every alternative: {word['en']} cannot weigh a criterion "
                           "that does not vary. Drop it from the criteria (it cannot change the ranking), or use given "
                           "or AHP weights.",
                           f"{names} 在各方案上取值相同：{word['zh-Hans']}无法为没有变异的指标赋权。请把它从指标中去掉"
                           "（它不影响排序），或改用给定权重或 AHP 权重。",
                           f"{names} 在各方案上取值相同：{word['zh-Hant']}無法為沒有變異的指標賦權。請把它從指標中去掉"
                           "（它不影響排序），或改用給定權重或 AHP 權重。", column=str(c), value=x[c].iloc[0])


def _weights(x: pd.DataFrame, weights, directions, rows, aggregate: str):
    """(method, weights Series, detail result or None)."""
    criteria = [str(c) for c in x.columns]
    got = _ahp_input(weights, criteria)
    if got is not None:
        kind, mats, names = got
        if kind == "ahp":
            res = ahp(mats)
            return "ahp", res.weights.reindex(criteria), res
        res = group_ahp(dict(zip(names, mats)) if names else mats, aggregate=aggregate)
        return "group_ahp", res.weights.reindex(criteria), res
    if isinstance(weights, Mapping):
        keys = {str(k): v for k, v in weights.items()}
        missing = [c for c in criteria if c not in keys]
        extra = [k for k in keys if k not in criteria]
        if missing or extra:
            raise invalid_option("weights", "; ".join(p for p in (f"missing {missing}" if missing else "",
                                                                 f"unknown {extra}" if extra else "") if p),
                                 f"Give one weight for each criterion, named as the columns: {', '.join(criteria)}.",
                                 f"请为每个指标给出一个权重，名称与列名一致：{'、'.join(criteria)}。",
                                 f"請為每個指標提供一個權重，名稱與欄名一致：{'、'.join(criteria)}。")
        try:
            w = np.array([float(keys[c]) for c in criteria])
        except (TypeError, ValueError):
            w = np.array([np.nan])
        if not np.isfinite(w).all() or (w < 0).any() or w.sum() <= 0:
            raise invalid_option("weights", f"{[keys[c] for c in criteria][:10]}",
                                 "Give finite, non-negative weights with a positive sum (they are rescaled to sum 1).",
                                 "权重须为有限的非负数且总和大于 0（将按总和为 1 重新缩放）。",
                                 "權重須為有限的非負數且總和大於 0（將按總和為 1 重新縮放）。")
        return "given", pd.Series(w / w.sum(), index=criteria, name="weight"), None
    if not isinstance(weights, str) or weights not in WEIGHT_METHODS:
        choices = " | ".join(WEIGHT_METHODS)
        raise invalid_option("weights", f"{weights!r:.60} ∉ {{{choices}}}",
                             f"Use {choices}, a mapping criterion → weight, or AHP judgement matrices over the criteria.",
                             f"请使用 {choices}、“指标 → 权重”的映射，或指标的 AHP 判断矩阵。",
                             f"請使用 {choices}、「指標 → 權重」的對應，或指標的 AHP 判斷矩陣。")
    if weights == "equal":
        n = len(criteria)
        return "equal", pd.Series(np.full(n, 1.0 / n), index=criteria, name="weight"), None
    _constant_refused(x, weights, rows)
    if weights == "entropy_raw":
        _negative(x, rows, "raw entropy", "Entropy weights on the raw values need values ≥ 0 (shares of the column): "
                  "use weights='entropy' (min–max normalised by direction first).",
                  "基于原始数据的熵权法要求数值 ≥ 0（列内比重）：请改用 weights='entropy'（先按方向做极差标准化）。",
                  "基於原始資料的熵權法要求數值 ≥ 0（欄內比重）：請改用 weights='entropy'（先按方向做極差標準化）。")
    if weights == "cv":
        _negative(x, rows, "CV", "The coefficient of variation needs values ≥ 0 (a ratio scale): use "
                  "weights='entropy' or 'critic'.",
                  "变异系数法要求数值 ≥ 0（比率尺度）：请改用 weights='entropy' 或 'critic'。",
                  "變異係數法要求數值 ≥ 0（比率尺度）：請改用 weights='entropy' 或 'critic'。")
    if weights in ENTROPY_VARIANT:
        res = entropy_weights(x, directions, variant=ENTROPY_VARIANT[weights])
    elif weights == "critic":
        res = critic_weights(x, directions)
    else:
        res = cv_weights(x)
    return weights, res.weights.reindex(criteria).rename("weight"), res


# --------------------------------------------------------------------------
# the result
# --------------------------------------------------------------------------

def _finish(frame: pd.DataFrame, formats: dict, title: str, note: str = "") -> pd.DataFrame:
    frame.attrs["formats"] = {c: f for c, f in formats.items() if c in frame.columns}
    frame.attrs["title"] = title
    if note:
        frame.attrs["note"] = note
    return frame


@dataclass(frozen=True)
class AlternativesResult:
    """Weights, TOPSIS and grey relational rankings of the alternatives of one table, and their sensitivity.

    ``values`` is the alternatives × criteria table ranked (alternatives as index), ``directions`` benefit/cost
    per criterion, ``weight_method`` one of entropy | entropy_raw | critic | cv | equal | given | ahp |
    group_ahp, ``weights`` per criterion (sum 1), ``weight_detail`` the weights' own result (EntropyResult,
    CriticResult, CVResult, AHPResult, GroupAHPResult or None), ``topsis``/``grey`` the two rankings and
    ``topsis_sensitivity``/``grey_sensitivity`` their ±``change`` checks; ``notes`` {en, zh-Hans, zh-Hant} each.
    """

    name: str | None
    alternatives: tuple
    criteria: tuple
    directions: tuple
    values: pd.DataFrame
    weight_method: str
    weights: pd.Series
    weight_detail: object
    normalisation: str
    rho: float
    change: float
    topsis: object
    grey: object
    topsis_sensitivity: object
    grey_sensitivity: object
    notes: tuple
    rows: tuple = ()

    @property
    def cost(self) -> tuple:
        return tuple(c for c, d in zip(self.criteria, self.directions) if d == "cost")

    def source(self, lang: str = "en") -> str:
        """The weights' source named in ``lang``."""
        if self.weight_method == "group_ahp":
            agg = "AIJ" if self.weight_detail.aggregate == "judgements" else "AIP"
            return SOURCE["group_ahp"][lang].format(agg=agg, k=len(self.weight_detail.experts))
        return SOURCE[self.weight_method][lang]

    def _cr(self):
        d = self.weight_detail
        if isinstance(d, AHPResult):
            return d.cr
        if isinstance(d, GroupAHPResult):
            return d.cr
        return None

    # ---------------------------------------------------------------- tables (full precision, English keys)

    def weights_table(self) -> pd.DataFrame:
        """criterion, direction, weight, method and the method's own columns (entropy e, d; CRITIC σ, conflict,
        information; CV mean, SD, CV; CR of AHP)."""
        out = pd.DataFrame({"criterion": list(self.criteria), "direction": list(self.directions),
                            "weight": self.weights.to_numpy(), "method": self.weight_method})
        d = self.weight_detail
        if self.weight_method in ENTROPY_VARIANT:
            out["entropy"], out["divergence"] = d.entropy.to_numpy(), d.divergence.to_numpy()
        elif self.weight_method == "critic":
            out["sigma"], out["conflict"] = d.sigma.to_numpy(), d.conflict.to_numpy()
            out["information"] = d.information.to_numpy()
        elif self.weight_method == "cv":
            out["mean"], out["sd"], out["cv"] = d.mean.to_numpy(), d.sd.to_numpy(), d.cv.to_numpy()
        elif self.weight_method in ("ahp", "group_ahp"):
            out["CR"] = self._cr()
        return out

    def table(self) -> pd.DataFrame:
        """One row per alternative, best TOPSIS rank first: D+, D-, C, TOPSIS rank, grey grade, grey rank."""
        t = self.topsis.table()
        g = self.grey.table()
        out = pd.DataFrame({"alternative": list(self.alternatives), "D+": t["D+"].to_numpy(),
                            "D-": t["D-"].to_numpy(), "C": t["C"].to_numpy(), "topsis_rank": t["rank"].to_numpy(),
                            "grey_grade": g["grade"].to_numpy(), "grey_rank": g["rank"].to_numpy()})
        return out.sort_values(["topsis_rank", "grey_rank"], kind="stable").reset_index(drop=True)

    def to_dict(self) -> dict:
        """The ``alternatives`` block of results.json."""
        d = self.weight_detail
        detail = d.to_dict() if d is not None and hasattr(d, "to_dict") else None
        return jsonable({
            "name_column": self.name, "alternatives": [str(a) for a in self.alternatives],
            "criteria": [str(c) for c in self.criteria],
            "directions": dict(zip(map(str, self.criteria), self.directions)), "cost": list(self.cost),
            "values": [{"alternative": str(a), **{str(c): float(self.values.loc[a, c]) for c in self.criteria}}
                       for a in self.alternatives],
            "rows": list(self.rows),
            "weights": {"method": self.weight_method, "source": {lg: self.source(lg) for lg in LANGS},
                        "table": self.weights_table().to_dict("records"), "detail": detail},
            "normalisation": self.normalisation, "rho": self.rho, "change": self.change,
            "topsis": self.topsis.to_dict(), "grey_relational": self.grey.to_dict(),
            "ranking": self.table().to_dict("records"),
            "topsis_sensitivity": self.topsis_sensitivity.to_dict(),
            "grey_sensitivity": self.grey_sensitivity.to_dict(),
            "notes": [dict(n) for n in self.notes],
        })

    # ---------------------------------------------------------------- display (names in the language)

    def display_tables(self, lang: str = "en") -> dict[str, pd.DataFrame]:
        """``weights``, ``ranking`` (TOPSIS and grey side by side), ``sensitivity_topsis``, ``sensitivity_grey``
        and ``data`` as tables headed in ``lang``, with ``attrs`` formats (for research.report.apa.display /
        research.evaluation.tables.shown), title and note; numbers at full precision."""
        _lang(lang)
        h = {k: v[lang] for k, v in HEAD.items()}
        out = {}
        w = self.weights_table()
        frame = pd.DataFrame({h["criterion"]: w["criterion"], h["direction"]: [DIRECTION[d][lang] for d in w["direction"]],
                              h["weight"]: w["weight"]})
        formats = {h["criterion"]: "text", h["direction"]: "text", h["weight"]: "unit4"}
        extra = {"entropy": ("entropy", "unit4"), "divergence": ("divergence", "unit4"), "sigma": ("sigma", "unit4"),
                 "conflict": ("conflict", "4"), "information": ("information", "4"), "mean": ("mean", "2"),
                 "sd": ("sd", "2"), "cv": ("cv", "4"), "CR": ("cr", "3")}
        for col, (key, fmt) in extra.items():
            if col in w.columns:
                frame[h[key]] = w[col].to_numpy()
                formats[h[key]] = fmt
        note = NOTES[self.weight_method if self.weight_method != "group_ahp" else "ahp"][lang]
        if self.weight_method in ("ahp", "group_ahp"):
            note = note.format(ri=etab.RI_TABLES.get(self.weight_detail.ri_table, self.weight_detail.ri_table))
        elif self.weight_method == "equal":
            note = note.format(n=len(self.criteria))
        out["weights"] = _finish(frame, formats, f"{TITLES['weights'][lang]}{'：' if lang != 'en' else ': '}"
                                 f"{self.source(lang)}", note)
        t = self.table()
        frame = pd.DataFrame({h["alternative"]: t["alternative"].astype(str), h["d_plus"]: t["D+"],
                              h["d_minus"]: t["D-"], h["closeness"]: t["C"],
                              f"TOPSIS {h['rank']}" if lang == "en" else f"TOPSIS {h['rank']}": t["topsis_rank"],
                              h["grade"]: t["grey_grade"], etab.HEAD["grey_rank"][lang]: t["grey_rank"]})
        cols = list(frame.columns)
        norm = etab.NORMALISATIONS[self.normalisation][lang]
        note = (" " if lang == "en" else "").join([NOTES["topsis"][lang].format(norm=norm),
                                                     NOTES["grey"][lang].format(rho=f"{self.rho:g}")])
        out["ranking"] = _finish(frame, {cols[0]: "text", cols[1]: "4", cols[2]: "4", cols[3]: "unit4",
                                         cols[4]: "int", cols[5]: "unit4", cols[6]: "int"},
                                 TITLES["ranking"][lang], note)
        pct = f"{self.change * 100:g}"
        for key, sens in (("sensitivity_topsis", self.topsis_sensitivity), ("sensitivity_grey", self.grey_sensitivity)):
            p = sens.perturbations
            rows = []
            for label, r in p.iterrows():
                sign = "+" if r["change"] > 0 else "−"
                row = {h["change"]: f"{r['criterion']} {sign}{pct}%",
                       h["from_to"]: f"{etab_unit(r['weight_from'])} → {etab_unit(r['weight_to'])}"}
                if r["feasible"]:
                    row[h["top"]] = _sep(lang).join(str(a) for a in str(r["top"]).split(", "))
                    row[h["order_changed"]] = bool(r["ranking_changed"])
                    for a in self.alternatives:
                        row[h["rank_of"].format(a=a)] = sens.ranks.loc[label, a]
                rows.append(row)
            frame = pd.DataFrame(rows)
            formats = {c: "int" for c in frame.columns if c.startswith(h["rank_of"].format(a=""))}
            formats.update({h["change"]: "text", h["from_to"]: "text", h["top"]: "text"})
            sm = sens.summary
            k = sm["n_feasible"]
            summary = SENSITIVITY_SUMMARY[lang].format(
                method=METHOD_WORD["topsis" if key.endswith("topsis") else "grey"][lang], pct=pct,
                a=round(sm["share_top_unchanged"] * k) if k else 0, b=round(sm["share_order_unchanged"] * k) if k else 0,
                k=k)
            note = (" " if lang == "en" else "").join([NOTES["sensitivity"][lang].format(pct=pct), summary])
            out[key] = _finish(frame, formats, TITLES[key][lang].format(pct=pct), note)
        data = self.values.reset_index()
        data.columns = [h["alternative"], *[str(c) for c in self.criteria]]
        data[h["alternative"]] = data[h["alternative"]].astype(str)
        out["data"] = _finish(data, {h["alternative"]: "text"}, TITLES["data"][lang])
        return out

    def workbook_tables(self, lang: str = "en") -> dict[str, pd.DataFrame]:
        """{sheet name: table} for an XLSX: the display tables with full-precision numbers, titled in ``lang``."""
        names = {"weights": {"en": "Weights", "zh-Hans": "权重", "zh-Hant": "權重"},
                 "ranking": {"en": "Ranking", "zh-Hans": "排序", "zh-Hant": "排序"},
                 "sensitivity_topsis": {"en": "Sensitivity TOPSIS", "zh-Hans": "敏感性 TOPSIS",
                                        "zh-Hant": "敏感性 TOPSIS"},
                 "sensitivity_grey": {"en": "Sensitivity grey", "zh-Hans": "敏感性 灰色关联", "zh-Hant": "敏感性 灰色關聯"},
                 "data": {"en": "Data", "zh-Hans": "原始数据", "zh-Hant": "原始資料"}}
        return {names[k][lang]: v for k, v in self.display_tables(lang).items()}

    def summary(self, lang: str = "en") -> str:
        """The result as the console shows it: the weights, the two rankings best first, the sensitivity and the
        notes, names as in the table, numbers with fixed decimals."""
        from ..report import apa

        _lang(lang)
        h = {k: v[lang] for k, v in HEAD.items()}
        colon = ": " if lang == "en" else "："
        lines = [f"{TITLES['weights'][lang]}{colon}{self.source(lang)}"]
        cr = self._cr()
        w_rows = [[str(c), DIRECTION[d][lang], apa.unit(self.weights[c], 4)] for c, d in zip(self.criteria, self.directions)]
        lines += _columns([h["criterion"], h["direction"], h["weight"]], w_rows)
        if cr is not None:
            lines.append(f"CR = {apa.num(cr, 3)}")
        norm = etab.NORMALISATIONS[self.normalisation][lang]
        lines.append("")
        lines.append(f"{TITLES['ranking'][lang]}{colon}TOPSIS（{norm}）/ {METHOD_WORD['grey'][lang]}（ρ = {self.rho:g}）"
                     if lang != "en" else f"{TITLES['ranking'][lang]}: TOPSIS ({norm}) / grey relational analysis "
                                          f"(ρ = {self.rho:g})")
        t = self.table()
        rows = [[str(r["alternative"]), apa.num(r["D+"], 4), apa.num(r["D-"], 4), apa.unit(r["C"], 4),
                 str(int(r["topsis_rank"])), apa.unit(r["grey_grade"], 4), str(int(r["grey_rank"]))]
                for _, r in t.iterrows()]
        lines += _columns([h["alternative"], h["d_plus"], h["d_minus"], h["closeness"], f"TOPSIS {h['rank']}",
                           h["grade"], etab.HEAD["grey_rank"][lang]], rows)
        pct = f"{self.change * 100:g}"
        for key, sens in (("topsis", self.topsis_sensitivity), ("grey", self.grey_sensitivity)):
            sm = sens.summary
            k = sm["n_feasible"]
            if k:
                lines.append(SENSITIVITY_SUMMARY[lang].format(method=METHOD_WORD[key][lang], pct=pct,
                                                              a=round(sm["share_top_unchanged"] * k),
                                                              b=round(sm["share_order_unchanged"] * k), k=k))
        for n in self.notes:
            lines.append("* " + n[lang])
        return "\n".join(lines)


def etab_unit(x) -> str:
    from ..report import apa
    return apa.unit(x, 4)


def _columns(head: list, rows: list) -> list:
    """Rows as aligned text columns (first left-aligned, others right-aligned), a CJK character counted as two."""
    import unicodedata

    def width(text) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in str(text))

    table = [head, *rows]
    widths = [max(width(r[k]) for r in table) for k in range(len(head))]
    return ["  " + "  ".join(str(c) + " " * (widths[k] - width(c)) if k == 0 else " " * (widths[k] - width(c)) + str(c)
                             for k, c in enumerate(r)) for r in table]


# --------------------------------------------------------------------------
# the public function
# --------------------------------------------------------------------------

def _number(option: str, value, low: float, high: float, low_open: bool, en: str, zh: str, zh_hant: str) -> float:
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = math.nan
    if isinstance(value, bool) or not math.isfinite(v) or v > high or (v <= low if low_open else v < low):
        raise invalid_option(option, f"{value!r}", en, zh, zh_hant)
    return v


def rank_alternatives(table: pd.DataFrame, *, name=None, criteria=None, cost=(), weights="entropy",
                      normalisation: str = "vector", rho: float = 0.5, change: float = 0.10,
                      aggregate: str = "judgements", first_row: int = 1) -> AlternativesResult:
    """Weights, TOPSIS and grey relational rankings of the alternatives (rows) of ``table`` on its criteria.

    ``name``: the column naming the alternatives (default: the first column whose cells are mostly text; none:
    the alternatives are numbered 1, 2, … by row).  ``criteria``: the criteria columns, a list or "A,B,C"
    (default: every other column of numbers).  ``cost``: the criteria where less is better (the others are
    benefits).  ``weights``: "entropy" (direction-normalised) | "entropy_raw" | "critic" | "cv" | "equal" |
    {criterion: weight} | AHP judgements over the criteria (one matrix, or several experts' combined by
    ``aggregate`` "judgements" (AIJ) or "priorities" (AIP)) — see the module docstring.  ``normalisation`` of
    TOPSIS: "vector" | "minmax"; ``rho``: grey relational distinguishing coefficient (0, 1]; ``change``: the
    relative weight change of the sensitivity check (0, 1).  ``first_row``: the row number of the table's first
    row in messages (2 for a file with one header row, as Excel shows it).
    """
    if normalisation not in NORMALISATIONS:
        raise invalid_option("normalisation", f"{normalisation!r} ∉ {{vector, minmax}}",
                             "Use normalisation='vector' (classical TOPSIS) or 'minmax'.",
                             "请使用 normalisation='vector'（经典 TOPSIS，向量归一化）或 'minmax'（极差归一化）。",
                             "請使用 normalisation='vector'（經典 TOPSIS，向量正規化）或 'minmax'（極差正規化）。")
    rho = _number("rho", rho, 0.0, 1.0, True, "Give the distinguishing coefficient ρ with 0 < ρ ≤ 1 (usually 0.5).",
                  "分辨系数 ρ 须满足 0 < ρ ≤ 1（通常取 0.5）。", "分辨係數 ρ 須滿足 0 < ρ ≤ 1（通常取 0.5）。")
    change = _number("change", change, 0.0, 0.999999, True,
                     "Give the relative weight change as a fraction between 0 and 1, e.g. 0.10 for ±10 %.",
                     "请以 0 到 1 之间的小数给出权重的相对变动幅度，例如 0.10 表示 ±10 %。",
                     "請以 0 到 1 之間的小數提供權重的相對變動幅度，例如 0.10 表示 ±10 %。")
    if aggregate not in ("judgements", "priorities"):
        raise invalid_option("aggregate", f"{aggregate!r} ∉ {{judgements, priorities}}",
                             "Use aggregate='judgements' (AIJ) or 'priorities' (AIP).",
                             "请使用 aggregate='judgements'（AIJ）或 'priorities'（AIP）。",
                             "請使用 aggregate='judgements'（AIJ）或 'priorities'（AIP）。")
    tab, rows = _read(table, name, criteria, int(first_row))
    crit = [str(c) for c in tab.criteria]
    cost = [cost] if isinstance(cost, str) and "," not in cost and "，" not in cost else cost
    if isinstance(cost, str):
        cost = [p.strip() for p in cost.replace("，", ",").split(",") if p.strip()]
    cost = [str(c) for c in (cost or ())]
    wrong = [c for c in cost if c not in crit]
    if wrong:
        listed = ", ".join(crit)
        raise invalid_option("cost", f"{wrong[0]!r} ∉ criteria", f"Name criteria as cost criteria (less is better): "
                             f"{listed}.", f"成本型指标（越小越好）只能填写以下指标：{'、'.join(crit)}。",
                             f"成本型指標（越小越好）只能填寫下列指標：{'、'.join(crit)}。", column=wrong[0])
    dirs = tuple("cost" if c in cost else "benefit" for c in crit)
    x = tab.values
    x.columns = crit
    if normalisation == "vector":
        _negative(x, rows, "vector TOPSIS", "Vector-normalised TOPSIS needs values ≥ 0: use normalisation='minmax', "
                  "or shift the criterion so that every value is ≥ 0.",
                  "向量归一化的 TOPSIS 要求数值 ≥ 0：请改用 normalisation='minmax'（极差归一化），或平移该指标使所有数值 ≥ 0。",
                  "向量正規化的 TOPSIS 要求數值 ≥ 0：請改用 normalisation='minmax'（極差正規化），或平移該指標使所有數值 ≥ 0。")
    method, w, detail = _weights(x, weights, dict(zip(crit, dirs)), rows, aggregate)
    top = topsis(x, w, dirs, normalisation=normalisation)
    grey = grey_relational(x, w, dirs, rho=rho)
    ts = rank_sensitivity("topsis", x, w, dirs, change=change, normalisation=normalisation)
    gs = rank_sensitivity("grey_relational", x, w, dirs, change=change, rho=rho)
    notes = []
    if tab.row_names:
        notes.append(NOTES["row_names"])
    flat = [c for c in crit if np.ptp(x[c].to_numpy()) == 0]
    if flat:
        notes.append({lg: NOTES["constant"][lg].format(names=_sep(lg).join(flat)) for lg in LANGS})
    for who, res in _ahp_results(detail):
        if res is not None and not res.consistent and res.most_inconsistent:
            mi = res.most_inconsistent
            notes.append({lg: NOTES["inconsistent"][lg].format(
                who=(f"{who}: " if lg == "en" else f"{who}：") if who else "", cr=f"{res.cr:.3f}",
                a=mi.get("row"), b=mi.get("column")) for lg in LANGS})
    t_top = [a for a in top.alternatives if top.rank[a] == 1]
    g_top = [a for a in grey.alternatives if grey.rank[a] == 1]
    if set(t_top) != set(g_top):
        notes.append({lg: NOTES["differ"][lg].format(a=_sep(lg).join(t_top), b=_sep(lg).join(g_top)) for lg in LANGS})
    return AlternativesResult(name=tab.name, alternatives=tab.alternatives, criteria=tuple(crit), directions=dirs,
                              values=x, weight_method=method, weights=w, weight_detail=detail,
                              normalisation=normalisation, rho=rho, change=change, topsis=top, grey=grey,
                              topsis_sensitivity=ts, grey_sensitivity=gs, notes=tuple(notes), rows=tuple(rows))


def _ahp_results(detail):
    if isinstance(detail, AHPResult):
        return [("", detail)]
    if isinstance(detail, GroupAHPResult):
        out = [(str(n), r) for n, r in zip(detail.expert_weights.index, detail.experts)]
        if detail.group is not None:
            out.append(("AIJ", detail.group))
        return out
    return []


def criteria_workbook(criteria: Sequence, path_or_buffer) -> None:
    """The experts' AHP workbook for the criteria of an alternatives table: one sheet (node ``criteria``)
    comparing every pair of criteria (:func:`research.evaluation.ahp.ahp_workbook`); read it back with
    :func:`research.evaluation.ahp.read_ahp_workbook` and pass it as ``weights``."""
    ahp_workbook({CRITERIA_NODE: [str(c) for c in criteria]}, path_or_buffer,
                 names={CRITERIA_NODE: CRITERIA_NODE_NAMES})


# --------------------------------------------------------------------------
# figure
# --------------------------------------------------------------------------

FIG_T = {
    "title_topsis": {"en": "TOPSIS ranking of the alternatives", "zh-Hans": "各方案的 TOPSIS 排序",
                     "zh-Hant": "各方案的 TOPSIS 排序"},
    "title_grey": {"en": "Grey relational ranking of the alternatives", "zh-Hans": "各方案的灰色关联排序",
                   "zh-Hant": "各方案的灰色關聯排序"},
    "axis_topsis": {"en": "Relative closeness to the ideal solution C", "zh-Hans": "相对贴近度 C",
                    "zh-Hant": "相對貼近度 C"},
    "axis_grey": {"en": "Grey relational grade", "zh-Hans": "灰色关联度", "zh-Hant": "灰色關聯度"},
    "bar": {"en": "{v}  (rank {rank})", "zh-Hans": "{v}（第 {rank} 名）", "zh-Hant": "{v}（第 {rank} 名）"},
    "note": {"en": "Note. {k} criteria, weights: {source}.", "zh-Hans": "注：{k} 个指标，赋权方法：{source}。",
             "zh-Hant": "註：{k} 個指標，賦權方法：{source}。"},
}


def ranking_figure(result: AlternativesResult, lang: str = "en", method: str = "topsis"):
    """Horizontal bars of the TOPSIS closeness C (``method="topsis"``) or the grey relational grade
    (``"grey_relational"``) of each alternative, best on top, each labelled with its value and rank."""
    from matplotlib.figure import Figure

    from ..figures import _agg, _fonts, _text_size
    from ..report import apa

    _lang(lang)
    if method not in ("topsis", "grey_relational"):
        raise invalid_option("method", f"{method!r} ∉ {{topsis, grey_relational}}",
                             "Use method='topsis' or method='grey_relational'.",
                             "请使用 method='topsis' 或 method='grey_relational'。",
                             "請使用 method='topsis' 或 method='grey_relational'。")
    res = result.topsis if method == "topsis" else result.grey
    score = res.closeness if method == "topsis" else res.grade
    order = sorted(res.alternatives, key=lambda a: (res.rank[a], -score[a]))
    key = "topsis" if method == "topsis" else "grey"
    fp, small, big = _fonts(10), _fonts(8.5), _fonts(11.5, "bold")
    labels = [str(a) for a in order]
    k = len(order)
    width = 7.0
    left = 0.25 + max(_text_size(t, fp)[0] for t in labels) + 0.1
    plot_h = 0.36 * k + 0.2
    top, bottom = 0.55, 0.95
    height = top + plot_h + bottom
    fig = Figure(figsize=(width, height))
    ax = fig.add_axes((left / width, bottom / height, (width - left - 0.3) / width, plot_h / height))
    y = np.arange(k)[::-1]
    for i, (yi, a) in enumerate(zip(y, order)):
        ax.barh(yi, float(score[a]), height=0.62, color="#1f4e79" if res.rank[a] == 1 else "#8fa7bf", zorder=2,
                gid=f"bar:{a}")
        ax.text(float(score[a]) + 0.01, yi, FIG_T["bar"][lang].format(v=apa.unit(score[a], 3), rank=int(res.rank[a])),
                va="center", ha="left", fontproperties=small)
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontproperties=fp)
    ax.set_xlim(0, 1.25)
    ticks = [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    ax.set_xticks(ticks)
    ax.set_xticklabels([apa.unit(t, 1) if t not in (0, 1) else f"{t:g}" for t in ticks], fontproperties=small)
    ax.set_xlabel(FIG_T[f"axis_{key}"][lang], fontproperties=fp)
    ax.set_ylim(-0.6, k - 0.4)
    ax.grid(axis="x", alpha=0.3, zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    fig.text(0.02, 1 - 0.3 / height, FIG_T[f"title_{key}"][lang], fontproperties=big, va="center")
    fig.text(0.02, 0.12 / height, FIG_T["note"][lang].format(k=len(result.criteria), source=result.source(lang)),
             fontproperties=small, va="bottom")
    fig.alternatives_figure = {"method": method, "alternatives": labels, "values": [float(score[a]) for a in order]}
    return _agg(fig)
