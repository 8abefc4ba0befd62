"""Display tables of an evaluation with an index system (评价指标体系), shared by the app and the report.

>>> res = evaluate(responses, "lsq5-index", weights="entropy", group="PLATFORM")
>>> tables = display_tables(res, "zh-Hans")           # or display_tables(results["evaluation"], "zh-Hans")
>>> shown(tables["system"], "zh-Hans")               # strings as a journal prints them

Every function takes an :class:`~research.evaluation.engine.EvaluationResult` or its ``to_dict()`` (the
``evaluation`` block of results.json) and returns a pandas DataFrame with headers in the chosen language
(``zh-Hans``, ``zh-Hant``, ``en``), indicators, grades and segments by name (never by code) and the numbers at full
precision, as :mod:`research.process.tables` does: ``frame.attrs["formats"]`` says how to show each column
(weights, memberships and closeness with 3 decimals and no leading zero, APA 7; means and SDs with 2 decimals;
shares as percentages with 1), ``frame.attrs["ci"]`` which (lower, upper) columns form one interval cell
"[57.12, 59.85]", ``frame.attrs["indent"]`` the column whose names are indented by their level in the tree,
``frame.attrs["title"]`` and ``frame.attrs["note"]``.  :func:`shown` turns a table into those strings.

Tables (:func:`display_tables` gives the non-empty ones, in reading order):

* :func:`indicator_system` — the tree as Chinese papers print it (评价目标 / 一级 / 二级 / 三级指标 in their own
  columns), each indicator's local and global weight, the weighting method that gave its weight and, for an
  indicator whose sub-indicators were weighted by AHP, the CR of its judgement matrix (consistent when
  CR < 0.10; Saaty 1980);
* :func:`scores` — every indicator on the whole sample: n, M, SD, the t-based CI, the grade of the mean and the
  share of respondents in each grade; :func:`segment_scores` — the same per segment for the index and its
  first-level indicators;
* :func:`fuzzy` — the fuzzy comprehensive evaluation (模糊综合评价): the membership vector B of every indicator,
  the grade by maximum membership (ties shown), the weighted score, the operator named;
  :func:`fuzzy_segments` — the index's B per segment;
* :func:`consistency` — the AHP consistency of each judgement matrix (n, λmax, CI, RI with its table, CR and the
  most inconsistent judgement, Saaty 2003); :func:`experts` — each expert's CR in a group AHP;
* :func:`ranking` — TOPSIS (D⁺, D⁻, C, rank; Hwang & Yoon 1981) and grey relational analysis (grade, rank;
  Deng 1982) of the segments, with their n and the segments left out; :func:`sensitivity` — how many ±10 %
  weight perturbations change the ranking or the top.
"""
from __future__ import annotations

import math
import re
from fractions import Fraction

import pandas as pd

from ..errors import check_lang, result_dict
from ..messages import tight_cjk
from ..process.tables import shown as _shown
from .engine import METHOD_NAMES as ENGINE_METHOD_NAMES

LANGS = ("zh-Hans", "zh-Hant", "en")
THRESHOLD = 0.10

HEAD = {
    "goal": {"en": "Goal", "zh-Hans": "评价目标", "zh-Hant": "評價目標"},
    "indicator": {"en": "Indicator", "zh-Hans": "指标", "zh-Hant": "指標"},
    "weight": {"en": "Local weight", "zh-Hans": "权重", "zh-Hant": "權重"},
    "global_weight": {"en": "Global weight", "zh-Hans": "综合权重", "zh-Hant": "綜合權重"},
    "method": {"en": "Weighting method", "zh-Hans": "赋权方法", "zh-Hant": "賦權方法"},
    "cr": {"en": "CR", "zh-Hans": "CR", "zh-Hant": "CR"},
    "consistency": {"en": "Consistency", "zh-Hans": "一致性检验", "zh-Hant": "一致性檢定"},
    "n": {"en": "n", "zh-Hans": "n", "zh-Hant": "n"},
    "mean": {"en": "M", "zh-Hans": "M", "zh-Hant": "M"},
    "sd": {"en": "SD", "zh-Hans": "SD", "zh-Hant": "SD"},
    "ci_low": {"en": "{level} CI lower", "zh-Hans": "{level} CI 下限", "zh-Hant": "{level} CI 下限"},
    "ci_high": {"en": "{level} CI upper", "zh-Hans": "{level} CI 上限", "zh-Hant": "{level} CI 上限"},
    "ci": {"en": "{level} CI", "zh-Hans": "{level} CI", "zh-Hant": "{level} CI"},
    "grade": {"en": "Grade", "zh-Hans": "等级", "zh-Hant": "等級"},
    "share": {"en": "{grade} (%)", "zh-Hans": "{grade}（%）", "zh-Hant": "{grade}（%）"},
    "segment": {"en": "Segment", "zh-Hans": "分组", "zh-Hant": "分組"},
    "membership": {"en": "B: {grade}", "zh-Hans": "B：{grade}", "zh-Hant": "B：{grade}"},
    "max_grade": {"en": "Grade (maximum membership)", "zh-Hans": "等级（最大隶属度）", "zh-Hant": "等級（最大隸屬度）"},
    "fuzzy_score": {"en": "Weighted score", "zh-Hans": "加权得分", "zh-Hant": "加權分數"},
    "matrix_of": {"en": "Judgement matrix of", "zh-Hans": "判断矩阵", "zh-Hant": "判斷矩陣"},
    "lambda_max": {"en": "λmax", "zh-Hans": "λmax", "zh-Hant": "λmax"},
    "ci_index": {"en": "CI", "zh-Hans": "CI", "zh-Hant": "CI"},
    "ri": {"en": "RI", "zh-Hans": "RI", "zh-Hant": "RI"},
    "ri_table": {"en": "RI table", "zh-Hans": "RI 取值来源", "zh-Hant": "RI 取值來源"},
    "worst": {"en": "Most inconsistent judgement", "zh-Hans": "最不一致的判断", "zh-Hant": "最不一致的判斷"},
    "expert": {"en": "Expert", "zh-Hans": "专家", "zh-Hant": "專家"},
    "expert_weight": {"en": "Expert's weight", "zh-Hans": "专家权重", "zh-Hant": "專家權重"},
    "d_plus": {"en": "D⁺", "zh-Hans": "D⁺", "zh-Hant": "D⁺"},
    "d_minus": {"en": "D⁻", "zh-Hans": "D⁻", "zh-Hant": "D⁻"},
    "closeness": {"en": "C", "zh-Hans": "C", "zh-Hant": "C"},
    "topsis_rank": {"en": "TOPSIS rank", "zh-Hans": "TOPSIS 排名", "zh-Hant": "TOPSIS 排名"},
    "grey_grade": {"en": "Grey relational grade", "zh-Hans": "灰色关联度", "zh-Hant": "灰色關聯度"},
    "grey_rank": {"en": "Grey relational rank", "zh-Hans": "灰色关联排名", "zh-Hant": "灰色關聯排名"},
    "analysis": {"en": "Method", "zh-Hans": "方法", "zh-Hant": "方法"},
    "perturbations": {"en": "Perturbations", "zh-Hans": "扰动次数", "zh-Hant": "擾動次數"},
    "order_changed": {"en": "Ranking changed", "zh-Hans": "排序改变", "zh-Hant": "排序改變"},
    "top_changed": {"en": "First place changed", "zh-Hans": "第一名改变", "zh-Hant": "第一名改變"},
    "top": {"en": "First place", "zh-Hans": "第一名", "zh-Hant": "第一名"},
}
# the level columns of the indicator table, as Chinese papers head them
LEVEL_HEADS = {
    "en": ("First-level indicator", "Second-level indicator", "Third-level indicator", "Fourth-level indicator",
           "Fifth-level indicator"),
    "zh-Hans": ("一级指标", "二级指标", "三级指标", "四级指标", "五级指标"),
    "zh-Hant": ("一級指標", "二級指標", "三級指標", "四級指標", "五級指標"),
}
LEVEL_HEAD_MORE = {"en": "Level-{k} indicator", "zh-Hans": "{k}级指标", "zh-Hant": "{k}級指標"}
WORDS = {
    "consistent": {"en": "consistent", "zh-Hans": "通过", "zh-Hant": "通過"},
    "inconsistent": {"en": "inconsistent", "zh-Hans": "未通过", "zh-Hant": "未通過"},
    "by_definition": {"en": "consistent (n ≤ 2)", "zh-Hans": "通过（n ≤ 2）", "zh-Hant": "通過（n ≤ 2）"},
    "group_matrix": {"en": "{name}, aggregated (AIJ)", "zh-Hans": "{name}（集结矩阵，AIJ）", "zh-Hant": "{name}（集結矩陣，AIJ）"},
    "expert_n": {"en": "Expert {k}", "zh-Hans": "专家 {k}", "zh-Hant": "專家 {k}"},
    "tie": {"en": " = ", "zh-Hans": "＝", "zh-Hant": "＝"},
    "worst": {"en": "{row} vs {col}: {a} (consistent: {w})", "zh-Hans": "{row} 对 {col}：{a}（一致时为 {w}）",
              "zh-Hant": "{row} 對 {col}：{a}（一致時為 {w}）"},
    "topsis": {"en": "TOPSIS", "zh-Hans": "TOPSIS", "zh-Hant": "TOPSIS"},
    "grey": {"en": "Grey relational analysis", "zh-Hans": "灰色关联分析", "zh-Hant": "灰色關聯分析"},
    "index": {"en": "the index", "zh-Hans": "综合指数", "zh-Hant": "綜合指數"},
}
METHOD_NAMES = {
    **ENGINE_METHOD_NAMES,       # the plain names, shared with the figures, the CLI and the report
    "group_ahp": {"en": "group AHP ({agg}, {k} experts)", "zh-Hans": "群组层次分析法（{agg}，{k} 位专家）",
                  "zh-Hant": "群體層級分析法（{agg}，{k} 位專家）"},
    "combined_linear": {"en": "combined: {a} + {b}, linear α = {alpha}", "zh-Hans": "组合赋权：{a} + {b}，线性 α = {alpha}",
                        "zh-Hant": "組合賦權：{a} + {b}，線性 α = {alpha}"},
    "combined_multiplicative": {"en": "combined: {a} × {b}, multiplicative", "zh-Hans": "组合赋权：{a} × {b}，乘法合成",
                                "zh-Hant": "組合賦權：{a} × {b}，乘法合成"},
    "given": {"en": "given ({source})", "zh-Hans": "外部给定（{source}）", "zh-Hant": "外部給定（{source}）"},
    "given_plain": ENGINE_METHOD_NAMES["given"],
}
# the names combine_weights records for its two sources
SOURCE_NAMES = {"AHP": "ahp", "group AHP": "ahp", "stated": "stated", "entropy": "entropy", "CRITIC": "critic",
                "CV": "cv"}
SHORT_METHOD = {
    "ahp": {"en": "AHP", "zh-Hans": "AHP", "zh-Hant": "AHP"},
    "stated": {"en": "stated", "zh-Hans": "给定权重", "zh-Hant": "給定權重"},
    "entropy": {"en": "entropy", "zh-Hans": "熵权法", "zh-Hant": "熵權法"},
    "critic": {"en": "CRITIC", "zh-Hans": "CRITIC 法", "zh-Hant": "CRITIC 法"},
    "cv": {"en": "CV", "zh-Hans": "变异系数法", "zh-Hant": "變異係數法"},
}
AHP_METHODS = {
    "eigenvector": {"en": "principal eigenvector", "zh-Hans": "特征向量法", "zh-Hant": "特徵向量法"},
    "geometric_mean": {"en": "geometric mean of the rows", "zh-Hans": "方根法", "zh-Hant": "方根法"},
    "column_normalised": {"en": "normalised columns", "zh-Hans": "和积法", "zh-Hant": "和積法"},
}
ENTROPY_VARIANTS = {
    "direction_normalised": {"en": "scores min–max normalised by direction first",
                             "zh-Hans": "先按指标方向做极差标准化", "zh-Hant": "先按指標方向做極差標準化"},
    "raw": {"en": "proportions of the raw scores", "zh-Hans": "直接以原始得分计算比重",
            "zh-Hant": "直接以原始分數計算比重"},
}
RI_TABLES = {"saaty1980": "Saaty (1980)", "saaty2005": "Saaty (2005)", "donegan_dodd": "Donegan & Dodd (1991)"}
OPERATOR_NAMES = {
    "weighted_average": {"en": "weighted average", "zh-Hans": "加权平均型", "zh-Hant": "加權平均型"},
    "min_max": {"en": "main factor determining", "zh-Hans": "主因素决定型", "zh-Hant": "主因素決定型"},
    "product_max": {"en": "main factor prominent", "zh-Hans": "主因素突出型", "zh-Hant": "主因素突出型"},
    "min_bounded_sum": {"en": "bounded sum of minima", "zh-Hans": "取小上界和型", "zh-Hant": "取小上界和型"},
}
OPERATOR_SYMBOLS = {"weighted_average": "M(·,⊕)", "min_max": "M(∧,∨)", "product_max": "M(·,∨)",
                    "min_bounded_sum": "M(∧,⊕)"}
NORMALISATIONS = {
    "vector": {"en": "vector normalisation", "zh-Hans": "向量归一化", "zh-Hant": "向量正規化"},
    "minmax": {"en": "min–max normalisation", "zh-Hans": "极差归一化", "zh-Hant": "極差正規化"},
}
TITLES = {
    "system": {"en": "{title}: Indicators and Weights", "zh-Hans": "{title}及权重", "zh-Hant": "{title}及權重"},
    "scores": {"en": "Indicator Scores (0–100) and Grades", "zh-Hans": "各指标得分（0–100）与等级",
               "zh-Hant": "各指標分數（0–100）與等級"},
    "segments": {"en": "Scores of the Index and Its First-Level Indicators by Segment",
                 "zh-Hans": "各分组的综合得分与一级指标得分", "zh-Hant": "各分組的綜合分數與一級指標分數"},
    "fuzzy": {"en": "Fuzzy Comprehensive Evaluation, Operator {symbol} ({name})",
              "zh-Hans": "模糊综合评价结果（{symbol} {name}算子）", "zh-Hant": "模糊綜合評價結果（{symbol} {name}算子）"},
    "fuzzy_segments": {"en": "Fuzzy Comprehensive Evaluation of the Index by Segment",
                       "zh-Hans": "各分组综合指数的模糊综合评价", "zh-Hant": "各分組綜合指數的模糊綜合評價"},
    "consistency": {"en": "Consistency of the AHP Judgement Matrices", "zh-Hans": "AHP 判断矩阵的一致性检验",
                    "zh-Hant": "AHP 判斷矩陣的一致性檢定"},
    "experts": {"en": "Consistency of Each Expert's Judgement Matrices", "zh-Hans": "各专家判断矩阵的一致性检验",
                "zh-Hant": "各專家判斷矩陣的一致性檢定"},
    "ranking": {"en": "TOPSIS and Grey Relational Ranking of the Segments", "zh-Hans": "各分组的 TOPSIS 与灰色关联排序",
                "zh-Hant": "各分組的 TOPSIS 與灰色關聯排序"},
    "sensitivity": {"en": "Sensitivity of the Rankings to ±{pct}% Changes of Each Weight",
                    "zh-Hans": "排序对各权重 ±{pct}% 变动的敏感性", "zh-Hant": "排序對各權重 ±{pct}% 變動的敏感性"},
}
NOTES = {
    "system_weights": {"en": "Local weights sum to 1 within each indicator; the global weight is the product of "
                             "the local weights on the indicator's path from the goal.",
                       "zh-Hans": "同一上级指标下各指标的权重之和为 1；综合权重为自评价目标至该指标路径上各级权重之积。",
                       "zh-Hant": "同一上級指標下各指標的權重之和為 1；綜合權重為自評價目標至該指標路徑上各級權重之積。"},
    "system_cr": {"en": "CR: consistency ratio of the AHP judgement matrix comparing the indicator's "
                        "sub-indicators; consistent when CR < 0.10 (Saaty, 1980).",
                  "zh-Hans": "CR 为比较该指标下级指标的 AHP 判断矩阵的一致性比率，CR < 0.10 即通过一致性检验（Saaty, 1980）。",
                  "zh-Hant": "CR 為比較此指標下級指標的 AHP 判斷矩陣的一致性比率，CR < 0.10 即通過一致性檢定（Saaty, 1980）。"},
    "ahp_method": {"en": "AHP weights: {method}.", "zh-Hans": "AHP 权重：{method}。", "zh-Hant": "AHP 權重：{method}。"},
    "entropy": {"en": "Entropy weights: {variant}.", "zh-Hans": "熵权法：{variant}。", "zh-Hant": "熵權法：{variant}。"},
    "scores": {"en": "Scores on 0–100; n: respondents with a score on the indicator; {level} CI: M ± t·SE. Grade "
                     "of the mean: {bands}. The last columns give the percentage of respondents in each grade.",
               "zh-Hans": "得分为 0–100 分；n 为在该指标上有得分的受访者人数；{level} CI：M ± t·SE。均值等级：{bands}。"
                          "最后各栏为各等级受访者所占百分比。",
               "zh-Hant": "分數為 0–100 分；n 為在此指標上有分數的受訪者人數；{level} CI：M ± t·SE。平均數等級：{bands}。"
                          "最後各欄為各等級受訪者所占百分比。"},
    "no_group": {"en": "{k} respondent(s) without a segment are counted in the whole sample only.",
                 "zh-Hans": "{k} 名受访者没有分组取值，只计入全体样本。",
                 "zh-Hant": "{k} 名受訪者沒有分組取值，只計入全體樣本。"},
    "fuzzy": {"en": "The membership of each lowest-level indicator in a grade is the share of its answers (or scores) in that grade; B = A ∘ R "
                    "is synthesised bottom-up with the weights. Weighted score: Σ bⱼ·sⱼ with grade scores {scores}.",
              "zh-Hans": "各末级指标对各等级的隶属度为其答案（或得分）落入该等级的比例；B = A ∘ R 按权重自下而上逐级合成。"
                         "加权得分：Σ bⱼ·sⱼ（等级分值：{scores}）。",
              "zh-Hant": "各末級指標對各等級的隸屬度為其答案（或分數）落入該等級的比例；B = A ∘ R 按權重自下而上逐級合成。"
                         "加權分數：Σ bⱼ·sⱼ（等級分值：{scores}）。"},
    "fuzzy_answers": {"en": "Every indicator is a rating item with one answer per grade (highest answer → highest "
                             "grade), so each grade scores as its answer on 0–100 and the weighted score is on the "
                             "index's scale.",
                      "zh-Hans": "各指标均为评分题，每个选项对应一个等级（最高分 → 最高等级），故各等级的分值即该选项的 0–100 分，"
                                 "加权得分与指数同一尺度。",
                      "zh-Hant": "各指標均為評分題，每個選項對應一個等級（最高分 → 最高等級），故各等級的分值即該選項的 0–100 分，"
                                 "加權分數與指數同一尺度。"},
    "fuzzy_normalised": {"en": "B is normalised to sum 1.", "zh-Hans": "B 已归一化（总和为 1）。",
                         "zh-Hant": "B 已正規化（總和為 1）。"},
    "fuzzy_tie": {"en": "Grades joined by “=” share the maximum membership.",
                  "zh-Hans": "以“＝”相连的等级隶属度并列最大。", "zh-Hant": "以「＝」相連的等級隸屬度並列最大。"},
    "consistency": {"en": "CI = (λmax − n)/(n − 1), CR = CI/RI; consistent when CR < 0.10 (Saaty, 1980). The most "
                          "inconsistent judgement is the one with the largest aᵢⱼ·wⱼ/wᵢ (Saaty, 2003): the first "
                          "to revise when CR ≥ 0.10.",
                    "zh-Hans": "CI = (λmax − n)/(n − 1)，CR = CI/RI；CR < 0.10 即通过一致性检验（Saaty, 1980）。"
                               "最不一致的判断为 aᵢⱼ·wⱼ/wᵢ 最大者（Saaty, 2003），CR ≥ 0.10 时应首先修改。",
                    "zh-Hant": "CI = (λmax − n)/(n − 1)，CR = CI/RI；CR < 0.10 即通過一致性檢定（Saaty, 1980）。"
                               "最不一致的判斷為 aᵢⱼ·wⱼ/wᵢ 最大者（Saaty, 2003），CR ≥ 0.10 時應首先修改。"},
    "group": {"en": "Group judgements: {agg}, weighted geometric mean (Forman & Peniwati, 1998).",
              "zh-Hans": "群组判断：{agg}，加权几何平均（Forman & Peniwati, 1998）。",
              "zh-Hant": "多位專家的判斷：{agg}，加權幾何平均（Forman & Peniwati, 1998）。"},
    "aij": {"en": "aggregation of the individual judgements (AIJ)", "zh-Hans": "集结个体判断（AIJ）",
            "zh-Hant": "集結個體判斷（AIJ）"},
    "aip": {"en": "aggregation of the individual priorities (AIP)", "zh-Hans": "集结个体权重（AIP）",
            "zh-Hant": "集結個體權重（AIP）"},
    "ranking": {"en": "Segments are compared on their mean scores of the {k} lowest-level indicators, weighted by "
                      "their global weights. TOPSIS (Hwang & Yoon, 1981) with {norm}: D⁺ and D⁻ are the distances "
                      "to the ideal and the anti-ideal segment, C = D⁻/(D⁺ + D⁻). Grey relational analysis (Deng, "
                      "1982) with ρ = {rho}.",
                "zh-Hans": "以各分组在 {k} 个末级指标上的平均得分比较，权重为各指标的综合权重。TOPSIS（Hwang & Yoon, 1981）"
                           "采用{norm}：D⁺、D⁻ 为与正、负理想解的距离，C = D⁻/(D⁺ + D⁻)。灰色关联分析（Deng, 1982）"
                           "的分辨系数 ρ = {rho}。",
                "zh-Hant": "以各分組在 {k} 個末級指標上的平均分數比較，權重為各指標的綜合權重。TOPSIS（Hwang & Yoon, 1981）"
                           "採用{norm}：D⁺、D⁻ 為與正、負理想解的距離，C = D⁻/(D⁺ + D⁻)。灰色關聯分析（Deng, 1982）"
                           "的分辨係數 ρ = {rho}。"},
    "dropped": {"en": "Not ranked (fewer than {min_n} respondents with an index score): {list}.",
                "zh-Hans": "未参与排序（有总指数得分的受访者少于 {min_n} 人）：{list}。",
                "zh-Hant": "未參與排序（有總指數分數的受訪者少於 {min_n} 人）：{list}。"},
    "sensitivity": {"en": "Each indicator's weight was changed by ±{pct}% in turn, the other weights rescaled "
                          "proportionally to sum 1; counts of the perturbations that change the ranking or the "
                          "first place.",
                    "zh-Hans": "依次将每个指标的权重变动 ±{pct}%，其余权重按比例缩放使总和为 1；表中为使排序或第一名改变的"
                               "扰动次数。",
                    "zh-Hant": "依次將每個指標的權重變動 ±{pct}%，其餘權重按比例縮放使總和為 1；表中為使排序或第一名改變的"
                               "擾動次數。"},
}
BAND_SEP = {"en": ", ", "zh-Hans": "，", "zh-Hant": "，"}


# --------------------------------------------------------------------------
# the block
# --------------------------------------------------------------------------

def as_dict(result) -> dict:
    """The ``to_dict()`` of a EvaluationResult, or the dict itself (its block of results.json)."""
    return result_dict(result, "EvaluationResult")


_check_lang = check_lang


def _w(table: dict, key: str, lang: str, **values) -> str:
    """The ``lang`` text of ``key`` filled with ``values``; in Chinese titles and notes no space is left between
    two Chinese characters (a Chinese name filled into a template)."""
    text = table[key][lang]
    text = text.format(**values) if values else text
    return tight_cjk(text, lang) if table is TITLES or table is NOTES else text


def _num(x):
    if x is None or isinstance(x, (bool, str)):
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _level(d: dict) -> str:
    lv = _num(d.get("level")) or 0.95
    return f"{lv * 100:g}%"


def nodes(d: dict) -> list[dict]:
    """The system's nodes in tree order (root first, depth first)."""
    return [n for n in ((d.get("system") or {}).get("nodes") or []) if isinstance(n, dict)]


def node_names(d: dict, lang: str = "en") -> dict:
    """{node id: its name in ``lang``} (the English name, else any name, else the id)."""
    out = {}
    for n in nodes(d):
        name = n.get("name") or {}
        out[n["id"]] = (name.get(lang) or name.get("en") or next(iter(name.values()), None) or n["id"]) \
            if isinstance(name, dict) else str(name or n["id"])
    return out


def node_name(d: dict, node, lang: str = "en") -> str:
    return node_names(d, lang).get(node, str(node))


def root(d: dict) -> str | None:
    sysd = d.get("system") or {}
    return sysd.get("root") or next((n["id"] for n in nodes(d) if n.get("parent") is None), None)


def first_level(d: dict) -> list[str]:
    return [n["id"] for n in nodes(d) if n.get("level") == 1]


def grades(d: dict) -> list[dict]:
    return [g for g in ((d.get("system") or {}).get("grades") or []) if isinstance(g, dict)]


def grade_name(d: dict, grade, lang: str = "en") -> str:
    """A grade (its zh-Hans name, as the engine records it) in ``lang``."""
    if grade is None:
        return ""
    for g in grades(d):
        names = g.get("name") or {}
        if grade in names.values():
            return names.get(lang) or str(grade)
    return str(grade)


def grade_bands(d: dict, lang: str = "en") -> str:
    """"优 [85, 100], 良 [75, 85), …" by the system's bands and boundary rule."""
    gs = grades(d)
    lower_closed = (d.get("system") or {}).get("boundary", "lower") == "lower"
    parts = []
    upper = 100.0
    for k, g in enumerate(gs):
        lo = _num(g.get("lower")) or 0.0
        first, last = k == 0, k == len(gs) - 1
        left = "[" if lower_closed or last else "("
        right = "]" if first or not lower_closed else ")"
        parts.append(f"{grade_name(d, (g.get('name') or {}).get('zh-Hans'), lang)} {left}{lo:g}, {upper:g}{right}")
        upper = lo
    return BAND_SEP[lang].join(parts)


def segment_label(d: dict, segment, lang: str = "en") -> str:
    """A segment's name in ``lang`` (the questionnaire's option label), else its value."""
    if segment is None:
        return WORDS_ALL[lang]
    names = (d.get("segment_names") or {}).get(str(segment)) or {}
    return names.get(lang) or str(segment)


WORDS_ALL = {"en": "Whole sample", "zh-Hans": "全体样本", "zh-Hant": "全體樣本"}


def _summary(d: dict) -> list[dict]:
    return [r for r in (d.get("summary") or []) if isinstance(r, dict)]


def summary_row(d: dict, node, segment=None) -> dict | None:
    """The summary row of ``node`` for ``segment`` (None: the whole sample)."""
    return next((r for r in _summary(d) if r.get("node") == node and r.get("segment") == segment), None)


def _ratio_text(x) -> str:
    """A Saaty judgement as written: 3, 1/3, or 2 decimals for a group's geometric mean."""
    v = _num(x)
    if v is None:
        return "—"
    for k in range(1, 10):
        if abs(v - k) < 1e-9:
            return str(k)
        if abs(v - 1 / k) < 1e-9:
            return str(Fraction(1, k))
    return f"{v:.2f}"


def derived_name(d: dict, lang: str = "en") -> str | None:
    """Weights derived from this analysis's model (``d["derived"]``, research.evaluation.study), named with their
    model: "SEM total effects (WLSMV, N = 327)", "LMG 的 R² 份额（N = 460）"; None for other given weights."""
    from .study import DERIVED_NAMES

    derived = d.get("derived") if isinstance(d.get("derived"), dict) else None
    if not derived or derived.get("source") not in DERIVED_NAMES:
        return None
    model = derived.get("model") if isinstance(derived.get("model"), dict) else {}
    parts = [str(model["estimator"])] if derived["source"] == "sem" and model.get("estimator") else []
    if _num(model.get("n")) is not None:
        parts.append(f"N = {int(model['n'])}")
    name = DERIVED_NAMES[derived["source"]][lang]
    if not parts:
        return name
    return f"{name} ({', '.join(parts)})" if lang == "en" else f"{name}（{'，'.join(parts)}）"


def method_name(d: dict, parent, method, lang: str = "en") -> str:
    """The method that weighted the children of ``parent``, named in ``lang`` (AHP, 熵权法, 组合赋权 …)."""
    if method is None:
        return ""
    if method == "ahp":
        a = (d.get("ahp") or {}).get(parent) or {}
        if "experts" in a:
            return _w(METHOD_NAMES, "group_ahp", lang, agg=a.get("aggregate_name") or "AIJ", k=len(a["experts"]))
        return METHOD_NAMES["ahp"][lang]
    if method == "combined":
        dw = (d.get("data_weights") or {}).get(parent) or {}
        src = list(dw.get("sources") or [])
        a, b = (SOURCE_NAMES.get(s, s) for s in (src + ["ahp", "entropy"])[:2])
        a = SHORT_METHOD.get(a, {}).get(lang, a)
        b = SHORT_METHOD.get(b, {}).get(lang, b)
        if dw.get("method") == "multiplicative":
            return _w(METHOD_NAMES, "combined_multiplicative", lang, a=a, b=b)
        alpha = _num(dw.get("alpha"))
        return _w(METHOD_NAMES, "combined_linear", lang, a=a, b=b, alpha="—" if alpha is None else f"{alpha:.2f}")
    if method == "given":
        named = derived_name(d, lang)
        if named:
            return named
        source = (d.get("settings") or {}).get("given_source")
        if source and source != "derived":
            return _w(METHOD_NAMES, "given", lang, source=source)
        return METHOD_NAMES["given_plain"][lang]
    return METHOD_NAMES.get(method, {}).get(lang, str(method))


def _ahp_of(d: dict, node) -> dict | None:
    a = (d.get("ahp") or {}).get(node)
    return a if isinstance(a, dict) else None


def _matrix_result(a: dict) -> dict | None:
    """The analysed matrix of an AHP entry: itself, or a group's aggregated matrix (AIJ; None for AIP)."""
    if a is None:
        return None
    if "experts" in a:
        return a.get("group") if isinstance(a.get("group"), dict) else None
    return a


def verdict(res: dict | None, lang: str = "en") -> str:
    """"consistent" / "inconsistent" at the matrix' threshold (0.10), "consistent (n ≤ 2)" by definition."""
    if res is None:
        return ""
    if res.get("consistent_by_definition"):
        return WORDS["by_definition"][lang]
    cr = _num(res.get("CR"))
    if cr is None:
        return ""
    threshold = _num(res.get("threshold")) or THRESHOLD
    return WORDS["consistent" if cr < threshold else "inconsistent"][lang]


def worst_judgement(d: dict, res: dict | None, lang: str = "en") -> str:
    """The judgement contributing most to the inconsistency, with both indicators named."""
    w = (res or {}).get("most_inconsistent")
    cr = _num((res or {}).get("CR"))
    if not isinstance(w, dict) or cr is None or cr < 1e-9:        # a perfectly consistent matrix has none
        return ""
    return _w(WORDS, "worst", lang, row=node_name(d, w.get("row"), lang), col=node_name(d, w.get("column"), lang),
              a=_ratio_text(w.get("value")), w=f"{_num(w.get('consistent_value')) or 0:.2f}")


def _finish(frame: pd.DataFrame, formats: dict, ci=(), title: str = "", note: str = "", indent=None,
            blank=()) -> pd.DataFrame:
    frame.attrs["formats"] = {c: f for c, f in formats.items() if c in frame.columns}
    frame.attrs["ci"] = [tuple(x) for x in ci if x[0] in frame.columns and x[1] in frame.columns]
    frame.attrs["title"] = title
    if indent is not None:
        frame.attrs["indent"] = indent
    if blank:
        frame.attrs["blank"] = [c for c in blank if c in frame.columns]
    if note:
        frame.attrs["note"] = note
    return frame


def _join(parts, lang: str) -> str:
    return (" " if lang == "en" else "").join(p for p in parts if p)


def _level_heads(depth: int, lang: str) -> list[str]:
    heads = list(LEVEL_HEADS[lang])
    return [heads[k - 1] if k <= len(heads) else LEVEL_HEAD_MORE[lang].format(k=k) for k in range(1, depth + 1)]


# --------------------------------------------------------------------------
# (a) the indicator system with its weights
# --------------------------------------------------------------------------

def indicator_system(result, lang: str = "en") -> pd.DataFrame:
    """The tree in tree order with a column per level (评价目标, 一级指标, 二级指标 …), local and global weight,
    the method that gave the weight, and the CR of the indicator's own judgement matrix (AHP) with its
    verdict at 0.10."""
    _check_lang(lang)
    d = as_dict(result)
    ns = nodes(d)
    names = node_names(d, lang)
    depth = max((n.get("level") or 0 for n in ns), default=0)
    heads = [HEAD["goal"][lang], *_level_heads(depth, lang)]
    w_rows = {r.get("node"): r for r in (d.get("weights") or []) if isinstance(r, dict)}
    lw, gw, meth, cr, ok = (HEAD[k][lang] for k in ("weight", "global_weight", "method", "cr", "consistency"))
    rows, any_cr, methods = [], False, set()
    for n in ns:
        level = n.get("level") or 0
        row = {h: None for h in heads}
        row[heads[min(level, depth)]] = names[n["id"]]
        w = w_rows.get(n["id"], {})
        is_root = n.get("parent") is None
        row[lw] = None if is_root else _num(w.get("weight"))
        row[gw] = None if is_root else _num(w.get("global_weight"))
        row[meth] = "" if is_root else method_name(d, n.get("parent"), w.get("method"), lang)
        if w.get("method"):
            methods.add(w.get("method"))
        res = _matrix_result(_ahp_of(d, n["id"]))
        row[cr] = _num((res or {}).get("CR")) if res is not None else None
        row[ok] = verdict(res, lang)
        any_cr = any_cr or res is not None
        rows.append(row)
    frame = pd.DataFrame(rows, columns=[*heads, lw, gw, meth, cr, ok])
    if not any_cr:
        frame = frame.drop(columns=[cr, ok])
    notes = [NOTES["system_weights"][lang]]
    if any_cr:
        notes.append(NOTES["system_cr"][lang])
    settings = d.get("settings") or {}
    if methods & {"ahp", "combined"} and d.get("ahp"):
        am = AHP_METHODS.get(settings.get("ahp_method") or "eigenvector", AHP_METHODS["eigenvector"])[lang]
        notes.append(_w(NOTES, "ahp_method", lang, method=am))
    if methods & {"entropy", "combined"} and any((v or {}).get("method") == "entropy" or "entropy" in str(
            (v or {}).get("sources")) for v in (d.get("data_weights") or {}).values()):
        variant = ENTROPY_VARIANTS.get(settings.get("entropy") or "direction_normalised",
                                       ENTROPY_VARIANTS["direction_normalised"])[lang]
        notes.append(_w(NOTES, "entropy", lang, variant=variant))
    title = _w(TITLES, "system", lang, title=_title(d, lang))
    return _finish(frame, {**{h: "text" for h in heads}, lw: "unit3", gw: "unit3", meth: "text", cr: "3",
                           ok: "text"}, title=title, note=_join(notes, lang), blank=[*heads, lw, gw, cr])


def _title(d: dict, lang: str) -> str:
    t = (d.get("system") or {}).get("title") or {}
    if isinstance(t, dict):
        return t.get(lang) or t.get("en") or next(iter(t.values()), "")
    return str(t)


# --------------------------------------------------------------------------
# (b) and (c) scores
# --------------------------------------------------------------------------

def _score_columns(d: dict, lang: str) -> tuple[list, dict, list]:
    level = _level(d)
    n, m, sd = HEAD["n"][lang], HEAD["mean"][lang], HEAD["sd"][lang]
    lo, hi = _w(HEAD, "ci_low", lang, level=level), _w(HEAD, "ci_high", lang, level=level)
    g = HEAD["grade"][lang]
    shares = [_w(HEAD, "share", lang, grade=grade_name(d, (x.get("name") or {}).get("zh-Hans"), lang))
              for x in grades(d)]
    formats = {n: "int", m: "2", sd: "2", lo: "2", hi: "2", g: "text", **{s: "1" for s in shares}}
    return [n, m, sd, lo, hi, g, *shares], formats, [(lo, hi, _w(HEAD, "ci", lang, level=level))]


def _score_values(d: dict, r: dict | None, lang: str) -> list:
    r = r or {}
    shares = []
    for x in grades(d):
        v = _num(r.get(f"share[{(x.get('name') or {}).get('zh-Hans')}]"))
        shares.append(None if v is None else v * 100)
    return [_num(r.get("n")), _num(r.get("mean")), _num(r.get("sd")), _num(r.get("ci_low")), _num(r.get("ci_high")),
            grade_name(d, r.get("grade"), lang), *shares]


def _scores_note(d: dict, lang: str) -> str:
    return _w(NOTES, "scores", lang, level=_level(d), bands=grade_bands(d, lang))


def scores(result, lang: str = "en") -> pd.DataFrame:
    """Every indicator on the whole sample: n, M, SD, CI, the grade of the mean and the grade shares (%)."""
    _check_lang(lang)
    d = as_dict(result)
    ind = HEAD["indicator"][lang]
    cols, formats, ci = _score_columns(d, lang)
    names = node_names(d, lang)
    rows, levels = [], []
    for n in nodes(d):
        rows.append([names[n["id"]], *_score_values(d, summary_row(d, n["id"]), lang)])
        levels.append(n.get("level") or 0)
    frame = pd.DataFrame(rows, columns=[ind, *cols])
    return _finish(frame, {ind: "text", **formats}, ci, _w(TITLES, "scores", lang), _scores_note(d, lang),
                   indent=(ind, levels))


def segment_scores(result, lang: str = "en") -> pd.DataFrame:
    """The index and its first-level indicators per segment (segments in order), as :func:`scores`."""
    _check_lang(lang)
    d = as_dict(result)
    segs = [str(s) for s in (d.get("segments") or [])]
    seg, ind = HEAD["segment"][lang], HEAD["indicator"][lang]
    cols, formats, ci = _score_columns(d, lang)
    if not segs:
        return _finish(pd.DataFrame(columns=[seg, ind, *cols]), {}, title=_w(TITLES, "segments", lang))
    names = node_names(d, lang)
    keep = [root(d), *first_level(d)]
    rows, levels = [], []
    for s in segs:
        for k in keep:
            rows.append([segment_label(d, s, lang), names.get(k, k), *_score_values(d, summary_row(d, k, s), lang)])
            levels.append(0 if k == root(d) else 1)
    frame = pd.DataFrame(rows, columns=[seg, ind, *cols])
    note = _scores_note(d, lang)
    overall = summary_row(d, root(d))
    in_segments = sum(_num((summary_row(d, root(d), s) or {}).get("n")) or 0 for s in segs)
    in_segments += sum(_num((summary_row(d, root(d), s) or {}).get("n_missing")) or 0 for s in segs)
    total = (_num((overall or {}).get("n")) or 0) + (_num((overall or {}).get("n_missing")) or 0)
    if total > in_segments:
        note = _join([note, _w(NOTES, "no_group", lang, k=int(total - in_segments))], lang)
    return _finish(frame, {seg: "text", ind: "text", **formats}, ci, _w(TITLES, "segments", lang), note,
                   indent=(ind, levels))


# --------------------------------------------------------------------------
# (d) fuzzy comprehensive evaluation
# --------------------------------------------------------------------------

def operator_name(d: dict, lang: str = "en") -> str:
    """"M(·,⊕) 加权平均型" / "M(·,⊕) (weighted average)"."""
    op = d.get("operator") or "weighted_average"
    sym = d.get("operator_symbol") or OPERATOR_SYMBOLS.get(op, op)
    name = OPERATOR_NAMES.get(op, {}).get(lang, op)
    return f"{sym} ({name})" if lang == "en" else f"{sym} {name}"


def fuzzy_grade(d: dict, entry: dict, lang: str = "en") -> str:
    """The grade by maximum membership; tied grades joined ("良 = 中")."""
    tied = entry.get("max_grades") or ([entry["grade"]] if entry.get("grade") else [])
    return WORDS["tie"][lang].join(grade_name(d, g, lang) for g in tied)


def _fuzzy_entries(d: dict, key: str = "overall") -> dict:
    f = (d.get("fuzzy") or {}).get(key) or {}
    return {e.get("node"): e for e in (f.get("nodes") or []) if isinstance(e, dict)}


def _fuzzy_columns(d: dict, lang: str) -> tuple[list, list, str, str]:
    gnames = [(x.get("name") or {}).get("zh-Hans") for x in grades(d)]
    bcols = [_w(HEAD, "membership", lang, grade=grade_name(d, g, lang)) for g in gnames]
    return gnames, bcols, HEAD["max_grade"][lang], HEAD["fuzzy_score"][lang]


def _fuzzy_note(d: dict, lang: str, entries) -> str:
    settings = d.get("settings") or {}
    used = settings.get("fuzzy_grade_scores")
    gs = [_num(s) for s in used] if isinstance(used, list) and len(used) == len(grades(d)) else \
        [_num(x.get("score")) for x in grades(d)]
    scores_text = BAND_SEP[lang].join(f"{grade_name(d, (x.get('name') or {}).get('zh-Hans'), lang)} {s:g}"
                                      for x, s in zip(grades(d), gs) if s is not None)
    parts = [_w(NOTES, "fuzzy", lang, scores=scores_text)]
    if settings.get("fuzzy_answer_scores"):
        parts.append(NOTES["fuzzy_answers"][lang])
    if any(e.get("normalised") for e in entries):
        parts.append(NOTES["fuzzy_normalised"][lang])
    if any(len(e.get("max_grades") or []) > 1 for e in entries):
        parts.append(NOTES["fuzzy_tie"][lang])
    return _join(parts, lang)


def _fuzzy_row(entry: dict, gnames: list) -> list:
    b = list(entry.get("B") or [])
    egrades = list(entry.get("grades") or gnames)
    by = dict(zip(egrades, b))
    return [_num(by.get(g)) for g in gnames]


def fuzzy(result, lang: str = "en", segment=None) -> pd.DataFrame:
    """The membership vector B of every indicator (whole sample, or ``segment``), the grade by maximum
    membership and the weighted score; the operator in the title."""
    _check_lang(lang)
    d = as_dict(result)
    entries = _fuzzy_entries(d, "overall" if segment is None else str(segment))
    ind = HEAD["indicator"][lang]
    gnames, bcols, gcol, scol = _fuzzy_columns(d, lang)
    title = _w(TITLES, "fuzzy", lang, symbol=d.get("operator_symbol") or OPERATOR_SYMBOLS.get(d.get("operator"), ""),
               name=OPERATOR_NAMES.get(d.get("operator") or "weighted_average", {}).get(lang, ""))
    if segment is not None:
        title = f"{title}: {segment_label(d, segment, lang)}" if lang == "en" else \
            f"{title}：{segment_label(d, segment, lang)}"
    names = node_names(d, lang)
    rows, levels, used = [], [], []
    for n in nodes(d):
        e = entries.get(n["id"])
        if e is None:
            continue
        used.append(e)
        rows.append([names[n["id"]], *_fuzzy_row(e, gnames), fuzzy_grade(d, e, lang), _num(e.get("score"))])
        levels.append(n.get("level") or 0)
    frame = pd.DataFrame(rows, columns=[ind, *bcols, gcol, scol])
    return _finish(frame, {ind: "text", **{b: "unit3" for b in bcols}, gcol: "text", scol: "2"}, (), title,
                   _fuzzy_note(d, lang, used) if used else "", indent=(ind, levels))


def fuzzy_segments(result, lang: str = "en") -> pd.DataFrame:
    """The index's B, grade by maximum membership and weighted score on the whole sample and per segment."""
    _check_lang(lang)
    d = as_dict(result)
    seg = HEAD["segment"][lang]
    gnames, bcols, gcol, scol = _fuzzy_columns(d, lang)
    r = root(d)
    rows, used = [], []
    for key in ["overall", *[str(s) for s in (d.get("segments") or [])]]:
        e = _fuzzy_entries(d, key).get(r)
        if e is None:
            continue
        used.append(e)
        rows.append([segment_label(d, None if key == "overall" else key, lang), *_fuzzy_row(e, gnames),
                     fuzzy_grade(d, e, lang), _num(e.get("score"))])
    frame = pd.DataFrame(rows, columns=[seg, *bcols, gcol, scol])
    if len(frame) < 2:                          # the whole sample alone is in fuzzy()
        frame = frame.iloc[0:0]
    note = _join([f"{HEAD['indicator'][lang]}{': ' if lang == 'en' else '：'}{node_name(d, r, lang)}"
                  f"{'; ' if lang == 'en' else '；'}{operator_name(d, lang)}{'.' if lang == 'en' else '。'}",
                  _fuzzy_note(d, lang, used) if used else ""], lang)
    return _finish(frame, {seg: "text", **{b: "unit3" for b in bcols}, gcol: "text", scol: "2"}, (),
                   _w(TITLES, "fuzzy_segments", lang), note)


# --------------------------------------------------------------------------
# (e) AHP consistency
# --------------------------------------------------------------------------

def _consistency_columns(lang: str) -> list[str]:
    return [HEAD[k][lang] for k in ("n", "lambda_max", "ci_index", "ri", "ri_table", "cr", "consistency", "worst")]


def _consistency_values(d: dict, res: dict, lang: str) -> list:
    return [_num(res.get("n")), _num(res.get("lambda_max")), _num(res.get("CI")), _num(res.get("RI")),
            RI_TABLES.get(res.get("ri_table"), str(res.get("ri_table") or "")), _num(res.get("CR")),
            verdict(res, lang), worst_judgement(d, res, lang)]


def _consistency_formats(lang: str) -> dict:
    n, lam, ci, ri, table, cr, ok, worst = _consistency_columns(lang)
    return {n: "int", lam: "3", ci: "3", ri: "2", table: "text", cr: "3", ok: "text", worst: "text"}


def consistency(result, lang: str = "en") -> pd.DataFrame:
    """One row per judgement matrix (per indicator weighted by AHP; a group's aggregated AIJ matrix, or each
    expert's under AIP): n, λmax, CI, RI and its table, CR, the verdict at 0.10 and the most inconsistent
    judgement."""
    _check_lang(lang)
    d = as_dict(result)
    ind = HEAD["matrix_of"][lang]
    cols = _consistency_columns(lang)
    names = node_names(d, lang)
    rows, groups = [], set()
    for n in nodes(d):
        a = _ahp_of(d, n["id"])
        if a is None:
            continue
        res = _matrix_result(a)
        if res is None:
            continue
        if "experts" in a:
            groups.add(a.get("aggregate_name") or "AIJ")
            label = _w(WORDS, "group_matrix", lang, name=names[n["id"]])
        else:
            label = names[n["id"]]
        rows.append([label, *_consistency_values(d, res, lang)])
    frame = pd.DataFrame(rows, columns=[ind, *cols])
    parts = [NOTES["consistency"][lang]]
    if groups:
        parts.append(_w(NOTES, "group", lang, agg=NOTES["aij"][lang]))
    return _finish(frame, {ind: "text", **_consistency_formats(lang)}, (), _w(TITLES, "consistency", lang),
                   _join(parts, lang) if rows else "")


def experts(result, lang: str = "en") -> pd.DataFrame:
    """Group AHP: each expert's matrix of each indicator with the expert's weight, λmax, CI, RI, CR, the verdict
    and the most inconsistent judgement."""
    _check_lang(lang)
    d = as_dict(result)
    ind, who, ew = HEAD["matrix_of"][lang], HEAD["expert"][lang], HEAD["expert_weight"][lang]
    cols = _consistency_columns(lang)
    names = node_names(d, lang)
    rows, aggs = [], set()
    for n in nodes(d):
        a = _ahp_of(d, n["id"])
        if a is None or not isinstance(a.get("experts"), dict):
            continue
        aggs.add(a.get("aggregate") or "judgements")
        weights = a.get("expert_weights") or {}
        for k, (name, res) in enumerate(a["experts"].items(), start=1):
            shown_name = _w(WORDS, "expert_n", lang, k=k) if re.fullmatch(r"expert \d+|expert", str(name)) \
                else str(name)
            rows.append([names[n["id"]], shown_name, _num(weights.get(name)), *_consistency_values(d, res, lang)])
    frame = pd.DataFrame(rows, columns=[ind, who, ew, *cols])
    parts = [NOTES["consistency"][lang]] if rows else []
    for agg in sorted(aggs):
        parts.append(_w(NOTES, "group", lang, agg=NOTES["aij" if agg == "judgements" else "aip"][lang]))
    return _finish(frame, {ind: "text", who: "text", ew: "unit3", **_consistency_formats(lang)}, (),
                   _w(TITLES, "experts", lang), _join(parts, lang))


# --------------------------------------------------------------------------
# (f) rankings and their sensitivity
# --------------------------------------------------------------------------

def _ranking(d: dict) -> dict | None:
    r = d.get("ranking")
    return r if isinstance(r, dict) else None


def dropped_text(d: dict, lang: str = "en") -> str:
    """The segments left out of the ranking, "速卖通 (n = 13)、…"; "" when none."""
    r = _ranking(d) or {}
    dropped = [x for x in (r.get("dropped") or []) if isinstance(x, dict)]
    if not dropped:
        return ""
    sep, form = (", ", "{s} (n = {n})") if lang == "en" else ("、", "{s}（n = {n}）")
    items = sep.join(form.format(s=segment_label(d, x.get("segment"), lang), n=int(_num(x.get("n")) or 0))
                     for x in dropped)
    min_n = int(_num(dropped[0].get("min_n")) or _num(r.get("min_n")) or 30)
    return _w(NOTES, "dropped", lang, min_n=min_n, list=items)


def ranking(result, lang: str = "en") -> pd.DataFrame:
    """TOPSIS (D⁺, D⁻, C, rank) and grey relational analysis (grade, rank) of the segments, with each segment's
    n, best TOPSIS rank first; the note names the normalisation, ρ and the segments left out."""
    _check_lang(lang)
    d = as_dict(result)
    r = _ranking(d)
    seg = HEAD["segment"][lang]
    cols = [HEAD[k][lang] for k in ("n", "d_plus", "d_minus", "closeness", "topsis_rank", "grey_grade", "grey_rank")]
    n, dp, dm, c, tr, gg, gr = cols
    title = _w(TITLES, "ranking", lang)
    if r is None:
        return _finish(pd.DataFrame(columns=[seg, *cols]), {}, title=title)
    t = {x.get("alternative"): x for x in ((r.get("topsis") or {}).get("table") or []) if isinstance(x, dict)}
    g = {x.get("alternative"): x for x in ((r.get("grey_relational") or {}).get("table") or []) if isinstance(x, dict)}
    counts = r.get("n") or {}
    rows = []
    for s in t:
        a, b = t[s], g.get(s, {})
        rows.append([segment_label(d, s, lang), _num(counts.get(s)), _num(a.get("D+")), _num(a.get("D-")),
                     _num(a.get("C")), _num(a.get("rank")), _num(b.get("grade")), _num(b.get("rank"))])
    frame = pd.DataFrame(rows, columns=[seg, *cols])
    frame = frame.sort_values(tr, kind="stable").reset_index(drop=True)
    topsis = r.get("topsis") or {}
    norm = NORMALISATIONS.get(topsis.get("normalisation") or "vector", NORMALISATIONS["vector"])[lang]
    rho = _num((r.get("grey_relational") or {}).get("rho"))
    k = len(topsis.get("criteria") or [])
    note = _join([_w(NOTES, "ranking", lang, k=k, norm=norm, rho="—" if rho is None else f"{rho:g}"),
                  dropped_text(d, lang)], lang)
    return _finish(frame, {seg: "text", n: "int", dp: "4", dm: "4", c: "unit3", tr: "int", gg: "unit3", gr: "int"},
                   (), title, note)


def sensitivity_counts(d: dict, key: str) -> dict | None:
    """{"n", "order_changed", "top_changed", "top"} of ``topsis_sensitivity`` or ``grey_sensitivity``: the feasible
    ±change perturbations and how many of them change the ranking or the first place."""
    s = (_ranking(d) or {}).get(key)
    if not isinstance(s, dict):
        return None
    rows = [p for p in (s.get("perturbations") or []) if isinstance(p, dict) and p.get("feasible", True)]
    return {"n": len(rows), "order_changed": sum(bool(p.get("ranking_changed")) for p in rows),
            "top_changed": sum(not p.get("top_unchanged", True) for p in rows),
            "top": (s.get("summary") or {}).get("base_top"), "change": _num(s.get("change"))}


def sensitivity(result, lang: str = "en") -> pd.DataFrame:
    """Per ranking method: the feasible ±10 % perturbations of the weights, how many change the ranking and how
    many the first place, and the unperturbed first place."""
    _check_lang(lang)
    d = as_dict(result)
    cols = [HEAD[k][lang] for k in ("analysis", "perturbations", "order_changed", "top_changed", "top")]
    rows, change = [], 0.10
    for key, word in (("topsis_sensitivity", "topsis"), ("grey_sensitivity", "grey")):
        s = sensitivity_counts(d, key)
        if s is None:
            continue
        change = s["change"] or change
        top = "" if s["top"] is None else (", " if lang == "en" else "、").join(
            segment_label(d, t, lang) for t in str(s["top"]).split(", "))        # a tie lists every first place
        rows.append([WORDS[word][lang], s["n"], s["order_changed"], s["top_changed"], top])
    frame = pd.DataFrame(rows, columns=cols)
    pct = f"{change * 100:g}"
    return _finish(frame, {cols[0]: "text", cols[1]: "int", cols[2]: "int", cols[3]: "int", cols[4]: "text"}, (),
                   _w(TITLES, "sensitivity", lang, pct=pct), _w(NOTES, "sensitivity", lang, pct=pct) if rows else "")


# --------------------------------------------------------------------------
# all of them
# --------------------------------------------------------------------------

def display_tables(result, lang: str = "en") -> dict[str, pd.DataFrame]:
    """The tables a reader needs, non-empty ones only, in reading order: ``system``, ``scores``, ``segments``,
    ``fuzzy``, ``fuzzy_segments``, ``consistency``, ``experts``, ``ranking``, ``sensitivity``."""
    _check_lang(lang)
    d = as_dict(result)
    out = {}
    for key, make in (("system", indicator_system), ("scores", scores), ("segments", segment_scores),
                      ("fuzzy", fuzzy), ("fuzzy_segments", fuzzy_segments), ("consistency", consistency),
                      ("experts", experts), ("ranking", ranking), ("sensitivity", sensitivity)):
        frame = make(d, lang)
        if len(frame):
            out[key] = frame
    return out


INDENT = {"en": "\u00a0\u00a0\u00a0", "zh-Hans": "\u3000", "zh-Hant": "\u3000"}


def shown(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A table as the strings people read (:func:`research.process.tables.shown`: each column by its format,
    intervals in one "[low, high]" cell), the names of ``attrs["indent"]`` indented by their level below the
    top one shown.  Title and note stay in ``attrs``."""
    out = _shown(frame, lang)
    indent = frame.attrs.get("indent") if frame is not None else None
    if indent and len(out):
        col, levels = indent
        top = min(levels) if levels else 0
        if col in out.columns:
            out[col] = [INDENT[lang] * (lv - top) + str(v) for v, lv in zip(out[col], levels)]
    return out
