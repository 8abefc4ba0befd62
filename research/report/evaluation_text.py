"""The "Evaluation Index System" section of the results (``results["evaluation"]``: ``EvaluationResult.to_dict()``),
written as Chinese evaluation studies report an indicator system (DOMAIN.md §7), and the works it cites.

Three paragraphs, each number from the block and formatted by :mod:`research.report.apa` (means, SDs and CIs with 2
decimals; weights, memberships, closeness and grey grades with 3 and no leading zero; CR with 3):

* the system — its levels and number of indicators, how the weights were derived (stated, equal, AHP with the
  experts and their aggregation, entropy, CRITIC, CV, combined) and, for AHP, the consistency of the judgement
  matrices (CR < 0.10; Saaty 1980) with the most inconsistent judgement of a matrix that fails (Saaty 2003);
  the first-level indicator with the largest weight;
* the scores — the index on the whole sample (M, SD, the t interval, the grade of the mean), the fuzzy
  comprehensive evaluation (B, the grade by maximum membership, the weighted score, the operator) and the
  first-level indicators that score highest and lowest;
* the segments — the segment with the highest and lowest index, the TOPSIS ranking (Hwang & Yoon 1981) and
  whether grey relational analysis (Deng 1982) agrees, the segments too small to rank, and how robust the
  rankings are to ±10 % changes of each weight.

:func:`references` lists the works the section cites (APA 7); the report puts them under "References" with those
of the other sections.  Tables: :mod:`research.report.evaluation_tables`.
"""
from __future__ import annotations

from ..evaluation import tables as ET
from . import apa
from .text import _Ctx, _ok

SECTIONS = ("evaluation",)
HEADINGS = {"evaluation": {"en": "Evaluation Index System", "zh-Hans": "评价指标体系", "zh-Hant": "評價指標體系"}}

REFERENCES = {
    "Saaty, 1980": "Saaty, T. L. (1980). The analytic hierarchy process: Planning, priority setting, resource "
                   "allocation. McGraw-Hill.",
    "Saaty, 2003": "Saaty, T. L. (2003). Decision-making with the AHP: Why is the principal eigenvector necessary? "
                   "European Journal of Operational Research, 145(1), 85–91. "
                   "https://doi.org/10.1016/S0377-2217(02)00227-8",
    "Forman & Peniwati, 1998": "Forman, E., & Peniwati, K. (1998). Aggregating individual judgments and priorities "
                               "with the analytic hierarchy process. European Journal of Operational Research, "
                               "108(1), 165–169. https://doi.org/10.1016/S0377-2217(97)00244-0",
    "Diakoulaki et al., 1995": "Diakoulaki, D., Mavrotas, G., & Papayannakis, L. (1995). Determining objective "
                               "weights in multiple criteria problems: The CRITIC method. Computers & Operations "
                               "Research, 22(7), 763–770. https://doi.org/10.1016/0305-0548(94)00059-H",
    "Hwang & Yoon, 1981": "Hwang, C.-L., & Yoon, K. (1981). Multiple attribute decision making: Methods and "
                          "applications. Springer. https://doi.org/10.1007/978-3-642-48318-9",
    "Lindeman et al., 1980": "Lindeman, R. H., Merenda, P. F., & Gold, R. Z. (1980). Introduction to bivariate and "
                             "multivariate analysis. Scott, Foresman.",
    "Deng, 1982": "Deng, J.-L. (1982). Control problems of grey systems. Systems & Control Letters, 1(5), 288–294. "
                  "https://doi.org/10.1016/S0167-6911(82)80025-X",
}

_P: dict[str, dict[str, str]] = {
    # ------------------------------------------------------------------ the system
    "sys": {"en": "The {title} has {depth} levels of indicators below the goal ({root}): {counts}, {total} "
                  "indicators in all, the {leaves} lowest-level ones scored on 0–100 and rolled up level by level "
                  "as E = Σ wᵢ·Iᵢ.",
            "zh-Hans": "{title}在评价目标（{root}）之下共 {depth} 级指标：{counts}，合计 {total} 个指标；{leaves} 个末级指标"
                       "换算为 0–100 分，按 E = Σ wᵢ·Iᵢ 逐级加权汇总。",
            "zh-Hant": "{title}在評價目標（{root}）之下共 {depth} 級指標：{counts}，合計 {total} 個指標；{leaves} 個末級指標"
                       "換算為 0–100 分，按 E = Σ wᵢ·Iᵢ 逐級加權彙總。"},
    "count": {"en": "{k} at level {level}", "zh-Hans": "{level}级指标 {k} 个", "zh-Hant": "{level}級指標 {k} 個"},
    "weights_one": {"en": "The weights were derived from {method}.", "zh-Hans": "权重采用{method}确定。",
                    "zh-Hant": "權重採用{method}決定。"},
    "weights_many": {"en": "The weights were derived from {methods}.", "zh-Hans": "各级权重分别采用{methods}确定。",
                     "zh-Hant": "各級權重分別採用{methods}決定。"},
    "at_levels": {"en": "{method} (level {levels})", "zh-Hans": "{method}（第 {levels} 级）",
                  "zh-Hant": "{method}（第 {levels} 級）"},
    "entropy_dir": {"en": "the entropy weight method on scores min–max normalised by direction",
                    "zh-Hans": "熵权法（先按指标方向做极差标准化）", "zh-Hant": "熵權法（先按指標方向做極差標準化）"},
    "entropy_raw": {"en": "the entropy weight method on the raw scores", "zh-Hans": "熵权法（以原始得分计算）",
                    "zh-Hant": "熵權法（以原始分數計算）"},
    "critic": {"en": "the CRITIC method (Diakoulaki et al., 1995)", "zh-Hans": "CRITIC 法（Diakoulaki et al., 1995）",
               "zh-Hant": "CRITIC 法（Diakoulaki et al., 1995）"},
    "cv": {"en": "the coefficient of variation method", "zh-Hans": "变异系数法", "zh-Hant": "變異係數法"},
    "stated": {"en": "the weights stated in the index system", "zh-Hans": "指标体系中给定的权重",
               "zh-Hant": "指標體系中給定的權重"},
    "equal": {"en": "equal weights", "zh-Hans": "等权法", "zh-Hant": "等權法"},
    "ahp": {"en": "the analytic hierarchy process (AHP; Saaty, 1980; {how})",
            "zh-Hans": "层次分析法（AHP；Saaty, 1980；{how}）", "zh-Hant": "層級分析法（AHP；Saaty, 1980；{how}）"},
    "group_ahp": {"en": "the analytic hierarchy process (AHP; Saaty, 1980; {how}) from {k} experts' judgements, "
                        "aggregated by the weighted geometric mean of their {what} ({agg}; Forman & Peniwati, 1998)",
                  "zh-Hans": "层次分析法（AHP；Saaty, 1980；{how}），{k} 位专家的{what}以加权几何平均集结（{agg}；"
                             "Forman & Peniwati, 1998）",
                  "zh-Hant": "層級分析法（AHP；Saaty, 1980；{how}），{k} 位專家的{what}以加權幾何平均集結（{agg}；"
                             "Forman & Peniwati, 1998）"},
    "judgements": {"en": "judgements", "zh-Hans": "判断矩阵", "zh-Hant": "判斷矩陣"},
    "priorities": {"en": "priorities", "zh-Hans": "权重向量", "zh-Hant": "權重向量"},
    "combined": {"en": "combined weights ({rule}) of {a} and {b}", "zh-Hans": "组合赋权（{rule}）：{a}与{b}",
                 "zh-Hant": "組合賦權（{rule}）：{a}與{b}"},
    "linear": {"en": "linear, α = {alpha}", "zh-Hans": "线性，α = {alpha}", "zh-Hant": "線性，α = {alpha}"},
    "multiplicative": {"en": "multiplicative", "zh-Hans": "乘法合成", "zh-Hant": "乘法合成"},
    "given": {"en": "weights given from outside the index system", "zh-Hans": "外部给定的权重",
              "zh-Hant": "外部給定的權重"},
    "given_sem": {"en": "the standardized total effects of the dimensions on {outcome} in the structural equation "
                        "model ({estimator}, N = {n}), normalised to sum 1",
                  "zh-Hans": "结构方程模型中各维度对{outcome}的标准化总效应（{estimator}，N = {n}，归一化）",
                  "zh-Hant": "結構方程模型中各構面對{outcome}的標準化總效果（{estimator}，N = {n}，正規化）"},
    "given_lmg": {"en": "the dimensions' shares of R² in the regression of {outcome} on them (LMG; Lindeman et al., "
                        "1980; N = {n}), normalised to sum 1",
                  "zh-Hans": "以{outcome}对各维度回归时各维度所占 R² 的份额（LMG；Lindeman et al., 1980；"
                             "N = {n}，归一化）",
                  "zh-Hant": "以{outcome}對各構面迴歸時各構面所占 R² 的份額（LMG；Lindeman et al., 1980；"
                             "N = {n}，正規化）"},
    "all_consistent": {"en": "All {k} judgement matrices were consistent (CR from {lo} to {hi}, each below 0.10).",
                       "zh-Hans": "全部 {k} 个判断矩阵均通过一致性检验（CR 为 {lo}–{hi}，均小于 0.10）。",
                       "zh-Hant": "全部 {k} 個判斷矩陣均通過一致性檢定（CR 為 {lo}–{hi}，均小於 0.10）。"},
    "one_consistent": {"en": "The judgement matrix was consistent (CR = {cr} < 0.10).",
                       "zh-Hans": "判断矩阵通过一致性检验（CR = {cr} < 0.10）。",
                       "zh-Hant": "判斷矩陣通過一致性檢定（CR = {cr} < 0.10）。"},
    "inconsistent": {"en": "The judgement matrix of {node} was not consistent (CR = {cr} ≥ 0.10); the judgement that "
                           "contributes most to the inconsistency is {row} compared with {col} ({a}, where "
                           "consistency would give {w}; Saaty, 2003), the first to revise.",
                     "zh-Hans": "{node}的判断矩阵未通过一致性检验（CR = {cr} ≥ 0.10）；对不一致贡献最大的判断是{row}相对于{col}"
                                "（{a}，完全一致时应为 {w}；Saaty, 2003），应首先修改。",
                     "zh-Hant": "{node}的判斷矩陣未通過一致性檢定（CR = {cr} ≥ 0.10）；對不一致貢獻最大的判斷是{row}相對於{col}"
                                "（{a}，完全一致時應為 {w}；Saaty, 2003），應首先修改。"},
    "experts_cr": {"en": "Of the experts' {m} matrices, {bad} had CR ≥ 0.10 (CR from {lo} to {hi}).",
                   "zh-Hans": "各专家的 {m} 个判断矩阵中有 {bad} 个 CR ≥ 0.10（CR 为 {lo}–{hi}）。",
                   "zh-Hant": "各專家的 {m} 個判斷矩陣中有 {bad} 個 CR ≥ 0.10（CR 為 {lo}–{hi}）。"},
    "top_weight": {"en": "Among the first-level indicators, {name} carries the largest weight ({w}) and {low} the "
                         "smallest ({wl}).",
                   "zh-Hans": "一级指标中，{name}的权重最大（{w}），{low}最小（{wl}）。",
                   "zh-Hant": "一級指標中，{name}的權重最大（{w}），{low}最小（{wl}）。"},
    # ------------------------------------------------------------------ the scores
    "overall": {"en": "On the whole sample ({n_text}), the {root} index scored M = {m} (SD = {sd}), {level} CI [{lo}, "
                      "{hi}], which is graded {grade} ({bands}).",
                "zh-Hans": "全体样本（{n_text}）的{root}综合得分 M = {m}（SD = {sd}），{level} CI [{lo}, {hi}]，"
                           "等级为“{grade}”（{bands}）。",
                "zh-Hant": "全體樣本（{n_text}）的{root}綜合分數 M = {m}（SD = {sd}），{level} CI [{lo}, {hi}]，"
                           "等級為「{grade}」（{bands}）。"},
    "n_text": {"en": "n = {n} of N = {N} with a score on every indicator", "zh-Hans": "N = {N}，其中 n = {n} 人在全部指标上有得分",
               "zh-Hant": "N = {N}，其中 n = {n} 人在全部指標上有分數"},
    "n_all": {"en": "N = {N}", "zh-Hans": "N = {N}", "zh-Hant": "N = {N}"},
    "fuzzy": {"en": "The fuzzy comprehensive evaluation (operator {op}) gave the membership vector B = ({b}) over {grades}; by "
                    "maximum membership the grade is {grade}, and the weighted score is {score}.",
              "zh-Hans": "模糊综合评价（{op}算子）得到隶属度向量 B = ({b})（对应{grades}）；按最大隶属度原则评价等级为“{grade}”，"
                         "加权得分 {score}。",
              "zh-Hant": "模糊綜合評價（{op}算子）得到隸屬度向量 B = ({b})（對應{grades}）；按最大隸屬度原則評價等級為「{grade}」，"
                         "加權分數 {score}。"},
    "fuzzy_differs": {"en": "The two grades answer different questions: the grade of the mean score grades the "
                            "average respondent, the grade of maximum membership the grade in which most answers "
                            "fall.",
                      "zh-Hans": "两种等级回答的问题不同：均值等级评价的是受访者的平均得分，最大隶属度等级反映的是多数答案所在的等级。",
                      "zh-Hant": "兩種等級回答的問題不同：平均數等級評價的是受訪者的平均分數，最大隸屬度等級反映的是多數答案所在的等級。"},
    "fuzzy_answers": {"en": "Each answer counts in its own grade (on five points, 3 is {mid}), while the index grades "
                            "the mean of the answers rescaled to 0–100 (3 becomes 50); the weighted score values each "
                            "grade at its answer's 0–100 score and so is on the index's scale.",
                      "zh-Hans": "模糊评价中每个选项即对应一个等级（五点量表的 3 为“{mid}”），而指数按答案换算为 0–100 分后的均值"
                                 "定级（3 换算为 50 分）；加权得分以各选项的 0–100 分为等级分值，与指数同一尺度。",
                      "zh-Hant": "模糊評價中每個選項即對應一個等級（五點量表的 3 為「{mid}」），而指數按答案換算為 0–100 分後的平均數"
                                 "定級（3 換算為 50 分）；加權分數以各選項的 0–100 分為等級分值，與指數同一尺度。"},
    "best_worst": {"en": "Of the first-level indicators, {best} scored highest (M = {mb}, {level} CI [{lob}, {hib}]) "
                         "and {worst} lowest (M = {mw}, {level} CI [{low}, {hiw}]).",
                   "zh-Hans": "一级指标中，{best}得分最高（M = {mb}，{level} CI [{lob}, {hib}]），{worst}最低"
                              "（M = {mw}，{level} CI [{low}, {hiw}]）。",
                   "zh-Hant": "一級指標中，{best}分數最高（M = {mb}，{level} CI [{lob}, {hib}]），{worst}最低"
                              "（M = {mw}，{level} CI [{low}, {hiw}]）。"},
    # ------------------------------------------------------------------ the segments
    "seg_intro": {"en": "Across the {k} segments{by}, the index was highest for {best} (M = {mb}, n = {nb}) and lowest "
                        "for {worst} (M = {mw}, n = {nw}).",
                  "zh-Hans": "在{by}的 {k} 个分组中，{best}的综合得分最高（M = {mb}，n = {nb}），{worst}最低"
                             "（M = {mw}，n = {nw}）。",
                  "zh-Hant": "在{by}的 {k} 個分組中，{best}的綜合分數最高（M = {mb}，n = {nb}），{worst}最低"
                             "（M = {mw}，n = {nw}）。"},
    "by": {"en": " of “{group}”", "zh-Hans": "按“{group}”划分", "zh-Hant": "按「{group}」劃分"},
    "topsis": {"en": "Ranked by TOPSIS on the {k} lowest-level indicators with their global weights ({norm}; Hwang "
                     "& Yoon, 1981): {order}.",
               "zh-Hans": "以 {k} 个末级指标及其综合权重进行 TOPSIS 排序（{norm}；Hwang & Yoon, 1981）：{order}。",
               "zh-Hant": "以 {k} 個末級指標及其綜合權重進行 TOPSIS 排序（{norm}；Hwang & Yoon, 1981）：{order}。"},
    "grey_same": {"en": "Grey relational analysis (ρ = {rho}; Deng, 1982) gives the same order.",
                  "zh-Hans": "灰色关联分析（ρ = {rho}；Deng, 1982）的排序与之相同。",
                  "zh-Hant": "灰色關聯分析（ρ = {rho}；Deng, 1982）的排序與之相同。"},
    "grey_top": {"en": "Grey relational analysis (ρ = {rho}; Deng, 1982) also ranks {top} first: {order}.",
                 "zh-Hans": "灰色关联分析（ρ = {rho}；Deng, 1982）同样以{top}居首：{order}。",
                 "zh-Hant": "灰色關聯分析（ρ = {rho}；Deng, 1982）同樣以{top}居首：{order}。"},
    "grey_other": {"en": "Grey relational analysis (ρ = {rho}; Deng, 1982) ranks {top} first instead: {order}.",
                   "zh-Hans": "灰色关联分析（ρ = {rho}；Deng, 1982）则以{top}居首：{order}。",
                   "zh-Hant": "灰色關聯分析（ρ = {rho}；Deng, 1982）則以{top}居首：{order}。"},
    "dropped": {"en": "{list} had fewer than {min_n} respondents with an index score and were not ranked.",
                "zh-Hans": "{list}有总指数得分的受访者少于 {min_n} 人，未参与排序。",
                "zh-Hant": "{list}有總指數分數的受訪者少於 {min_n} 人，未參與排序。"},
    "robust": {"en": "Changing each weight by ±{pct}% in turn ({n} perturbations) changed the TOPSIS ranking {t_o} "
                     "and its first place {t_t}, the grey relational ranking {g_o} and its first place {g_t}.",
               "zh-Hans": "依次将各权重变动 ±{pct}%（共 {n} 次扰动），TOPSIS 排序改变 {t_o}、第一名改变 {t_t}，"
                          "灰色关联排序改变 {g_o}、第一名改变 {g_t}。",
               "zh-Hant": "依次將各權重變動 ±{pct}%（共 {n} 次擾動），TOPSIS 排序改變 {t_o}、第一名改變 {t_t}，"
                          "灰色關聯排序改變 {g_o}、第一名改變 {g_t}。"},
    "times": {"en": "{k} times", "zh-Hans": "{k} 次", "zh-Hant": "{k} 次"},
    "once": {"en": "once", "zh-Hans": "1 次", "zh-Hant": "1 次"},
    "never": {"en": "0 times", "zh-Hans": "0 次", "zh-Hant": "0 次"},
    "robust_none": {"en": "Changing each weight by ±{pct}% in turn ({n} perturbations) changed neither ranking nor its "
                          "first place: the ranking is robust to the weights.",
                    "zh-Hans": "依次将各权重变动 ±{pct}%（共 {n} 次扰动），TOPSIS 与灰色关联的排序及第一名均未改变，"
                               "排序结果对权重稳健。",
                    "zh-Hant": "依次將各權重變動 ±{pct}%（共 {n} 次擾動），TOPSIS 與灰色關聯的排序及第一名均未改變，"
                               "排序結果對權重穩健。"},
    "no_ranking": {"en": "The segments were not ranked: fewer than two had at least {min_n} respondents with an "
                         "index score.",
                   "zh-Hans": "未对分组排序：有总指数得分的受访者不少于 {min_n} 人的分组少于两个。",
                   "zh-Hant": "未對分組排序：有總指數分數的受訪者不少於 {min_n} 人的分組少於兩個。"},
}
_ORDER_SEP = {"en": " > ", "zh-Hans": " > ", "zh-Hant": " > "}
_LIST_SEP = {"en": ", ", "zh-Hans": "、", "zh-Hant": "、"}


def heading(key: str, lang: str) -> str:
    return HEADINGS[key][lang]


def _p(c: _Ctx, key: str, /, **values) -> str:
    return _P[key][c.lang].format(**values)


def block(d: dict) -> dict | None:
    """``results["evaluation"]`` when it is an evaluation block (has a system and a summary), else None."""
    b = d.get("evaluation")
    return b if isinstance(b, dict) and isinstance(b.get("system"), dict) and b.get("summary") else None


def _u(x, digits: int = 3) -> str:
    return apa.unit(x, digits)


def _ci_text(r: dict) -> tuple[str, str]:
    return apa.num(r.get("ci_low"), 2), apa.num(r.get("ci_high"), 2)


def _quote_grade(c: _Ctx, b: dict, grade) -> str:
    return ET.grade_name(b, grade, c.lang)


def _list(c: _Ctx, items: list[str]) -> str:
    if c.lang == "en" and len(items) > 1:
        return ", ".join(items[:-1]) + (", and " if len(items) > 2 else " and ") + items[-1]
    return _LIST_SEP[c.lang].join(items)


# --------------------------------------------------------------------------
# the system and its weights
# --------------------------------------------------------------------------

def _method_phrase(c: _Ctx, b: dict, method: str, parents: list[str]) -> str:
    settings = b.get("settings") or {}
    if method == "entropy":
        return _p(c, "entropy_raw" if settings.get("entropy") == "raw" else "entropy_dir")
    derived = b.get("derived") or {}
    if method == "given" and derived.get("source") in ("sem", "lmg"):
        model = derived.get("model") or {}
        outcome = (derived.get("outcome_name") or {}).get(c.lang) or derived.get("outcome")
        return _p(c, f"given_{derived['source']}", outcome=outcome, estimator=model.get("estimator") or "ML",
                  n=model.get("n"))
    if method in ("critic", "cv", "stated", "equal", "given"):
        return _p(c, method)
    if method == "ahp":
        a = next((b["ahp"][p] for p in parents if p in (b.get("ahp") or {})), {})
        how = ET.AHP_METHODS.get(settings.get("ahp_method") or "eigenvector", ET.AHP_METHODS["eigenvector"])[c.lang]
        if "experts" in a:
            agg = a.get("aggregate") or "judgements"
            return _p(c, "group_ahp", how=how, k=len(a["experts"]), what=_p(c, agg),
                      agg="AIJ" if agg == "judgements" else "AIP")
        return _p(c, "ahp", how=how)
    if method == "combined":
        dw = next((b["data_weights"][p] for p in parents if p in (b.get("data_weights") or {})), {})
        src = list(dw.get("sources") or ["AHP", "entropy"])
        names = []
        for s in src[:2]:
            key = ET.SOURCE_NAMES.get(s, s)
            names.append(_method_phrase(c, b, key, parents) if key != "ahp" or b.get("ahp") else s)
        rule = _p(c, "multiplicative") if dw.get("method") == "multiplicative" else \
            _p(c, "linear", alpha=apa.num(dw.get("alpha"), 2))
        return _p(c, "combined", rule=rule, a=names[0], b=names[1] if len(names) > 1 else "")
    return str(method)


def _weights_sentence(c: _Ctx, b: dict) -> str:
    rows = [r for r in (b.get("weights") or []) if isinstance(r, dict) and r.get("parent") is not None]
    by_method: dict[str, dict] = {}
    for r in rows:
        m = r.get("method")
        if m in (None, "single"):
            continue
        entry = by_method.setdefault(m, {"parents": [], "levels": []})
        if r["parent"] not in entry["parents"]:
            entry["parents"].append(r["parent"])
        if r.get("level") not in entry["levels"]:
            entry["levels"].append(r.get("level"))
    if not by_method:
        return ""
    if len(by_method) == 1:
        m, e = next(iter(by_method.items()))
        return _p(c, "weights_one", method=_method_phrase(c, b, m, e["parents"]))
    parts = [_at_levels(c, _method_phrase(c, b, m, e["parents"]),
                        _LIST_SEP[c.lang].join(str(x) for x in sorted(e["levels"])))
             for m, e in by_method.items()]
    return _p(c, "weights_many", methods=_list(c, parts))


def _at_levels(c: _Ctx, method: str, levels: str) -> str:
    """"{method} (level 1)"; a method already ending in parentheses takes the level inside them ("… (AHP; Saaty,
    1980; eigenvector; level 1)", "…（WLSMV，N = 327，归一化；第 1 级）"), never two in a row."""
    tail = _p(c, "at_levels", method="", levels=levels).strip()          # "(level 1)" / "（第 1 级）"
    if method.endswith(")") and tail.startswith("("):
        return f"{method[:-1]}; {tail[1:]}"
    if method.endswith("）") and tail.startswith("（"):
        return f"{method[:-1]}；{tail[1:]}"
    return _p(c, "at_levels", method=method, levels=levels)


def _consistency_sentences(c: _Ctx, b: dict) -> list[str]:
    out = []
    mats = []
    for n in ET.nodes(b):
        a = ET._ahp_of(b, n["id"])
        res = ET._matrix_result(a)
        if res is not None and not res.get("consistent_by_definition") and _ok(res.get("CR")):
            mats.append((n["id"], res))
    bad = [(k, r) for k, r in mats if r["CR"] >= (r.get("threshold") or ET.THRESHOLD)]
    if mats and not bad:
        crs = [r["CR"] for _, r in mats]
        out.append(_p(c, "one_consistent", cr=apa.num(crs[0], 3)) if len(mats) == 1 else
                   _p(c, "all_consistent", k=len(mats), lo=apa.num(min(crs), 3), hi=apa.num(max(crs), 3)))
    for k, r in bad:
        w = r.get("most_inconsistent") or {}
        out.append(_p(c, "inconsistent", node=ET.node_name(b, k, c.lang), cr=apa.num(r["CR"], 3),
                      row=ET.node_name(b, w.get("row"), c.lang), col=ET.node_name(b, w.get("column"), c.lang),
                      a=ET._ratio_text(w.get("value")), w=apa.num(w.get("consistent_value"), 2)))
    experts = []
    for n in ET.nodes(b):
        a = ET._ahp_of(b, n["id"])
        if a is not None and isinstance(a.get("experts"), dict):
            experts += [r for r in a["experts"].values() if isinstance(r, dict) and _ok(r.get("CR"))
                        and not r.get("consistent_by_definition")]
    if experts:
        crs = [r["CR"] for r in experts]
        out.append(_p(c, "experts_cr", m=len(experts), bad=sum(x >= ET.THRESHOLD for x in crs),
                      lo=apa.num(min(crs), 3), hi=apa.num(max(crs), 3)))
    return out


def _system_paragraph(c: _Ctx, b: dict) -> str:
    ns = ET.nodes(b)
    depth = max((n.get("level") or 0 for n in ns), default=0)
    levels = [sum(1 for n in ns if n.get("level") == k) for k in range(1, depth + 1)]
    leaves = sum(1 for n in ns if not n.get("children"))
    counts = _list(c, [_p(c, "count", k=k, level=_level_word(c, lv)) for lv, k in enumerate(levels, start=1)])
    s = [_p(c, "sys", title=ET._title(b, c.lang), depth=depth, root=ET.node_name(b, ET.root(b), c.lang),
            counts=counts, total=len(ns) - 1, leaves=leaves)]
    s.append(_weights_sentence(c, b))
    s += _consistency_sentences(c, b)
    first = ET.first_level(b)
    w = {r.get("node"): r.get("weight") for r in (b.get("weights") or []) if isinstance(r, dict)}
    ranked = [k for k in first if _ok(w.get(k))]
    if len(ranked) >= 2:
        hi = max(ranked, key=lambda k: w[k])
        lo = min(ranked, key=lambda k: w[k])
        if w[hi] - w[lo] > 1e-9:
            s.append(_p(c, "top_weight", name=ET.node_name(b, hi, c.lang), w=_u(w[hi]),
                        low=ET.node_name(b, lo, c.lang), wl=_u(w[lo])))
    return _join(c, s)


def _level_word(c: _Ctx, level: int) -> str:
    if c.lang == "en":
        return str(level)
    return "一二三四五六七八九"[level - 1] if level <= 9 else str(level)


def _join(c: _Ctx, sentences: list[str]) -> str:
    return (" " if c.lang == "en" else "").join(x for x in sentences if x)


# --------------------------------------------------------------------------
# the scores
# --------------------------------------------------------------------------

def _scores_paragraph(c: _Ctx, b: dict) -> str:
    root = ET.root(b)
    r = ET.summary_row(b, root)
    if r is None or not _ok(r.get("mean")):
        return ""
    N = b.get("n")
    n = r.get("n")
    n_text = _p(c, "n_all", N=N) if n == N else _p(c, "n_text", n=n, N=N)
    lo, hi = _ci_text(r)
    s = [_p(c, "overall", n_text=n_text, root=ET.node_name(b, root, c.lang), m=apa.num(r["mean"], 2),
            sd=apa.num(r.get("sd"), 2), level=ET._level(b), lo=lo, hi=hi, grade=_quote_grade(c, b, r.get("grade")),
            bands=ET.grade_bands(b, c.lang))]
    f = ET._fuzzy_entries(b, "overall").get(root)
    if f is not None:
        gnames = [ET.grade_name(b, g, c.lang) for g in (f.get("grades") or [])]
        grade = ET.fuzzy_grade(b, f, c.lang)
        op = ET.operator_name(b, c.lang).replace(" (", ", ").rstrip(")") if c.lang == "en" else \
            ET.operator_name(b, c.lang)
        s.append(_p(c, "fuzzy", op=op, b=", ".join(_u(x) for x in f.get("B") or []),
                    grades="/".join(gnames), grade=grade, score=apa.num(f.get("score"), 2)))
        if grade != _quote_grade(c, b, r.get("grade")):
            s.append(_p(c, "fuzzy_differs"))
            five = len(gnames) == 5
            if five and (b.get("settings") or {}).get("fuzzy_answer_scores"):
                s.append(_p(c, "fuzzy_answers", mid=gnames[2]))
    first = [(k, ET.summary_row(b, k)) for k in ET.first_level(b)]
    first = [(k, x) for k, x in first if x is not None and _ok(x.get("mean"))]
    if len(first) >= 2:
        best = max(first, key=lambda t: t[1]["mean"])
        worst = min(first, key=lambda t: t[1]["mean"])
        lob, hib = _ci_text(best[1])
        low, hiw = _ci_text(worst[1])
        s.append(_p(c, "best_worst", best=ET.node_name(b, best[0], c.lang), mb=apa.num(best[1]["mean"], 2),
                    lob=lob, hib=hib, worst=ET.node_name(b, worst[0], c.lang), mw=apa.num(worst[1]["mean"], 2),
                    low=low, hiw=hiw, level=ET._level(b)))
    return _join(c, s)


# --------------------------------------------------------------------------
# the segments and their ranking
# --------------------------------------------------------------------------

def _group_text(c: _Ctx, b: dict) -> str:
    """The question that defines the segments, from the questionnaire (else the column as it is)."""
    group = b.get("group")
    qid = (b.get("system") or {}).get("questionnaire")
    if qid:
        try:
            from ..questionnaire import load_questionnaire
            seg = next((s for s in load_questionnaire(qid).segments if s.id == group), None)
            if seg is not None and isinstance(seg.text, dict) and seg.text.get(c.lang):
                return seg.text[c.lang]
        except Exception:                      # noqa: BLE001 — a questionnaire not shipped here: the column name
            pass
    return str(group)


def _order(c: _Ctx, b: dict, table: list[dict], value: str) -> str:
    rows = sorted((x for x in table if isinstance(x, dict)), key=lambda x: (x.get("rank") or 0))
    sym = "C" if value == "C" else "γ"
    return _ORDER_SEP[c.lang].join(f"{ET.segment_label(b, x.get('alternative'), c.lang)} ({sym} = {_u(x.get(value))})"
                                   if c.lang == "en" else
                                   f"{ET.segment_label(b, x.get('alternative'), c.lang)}（{sym} = {_u(x.get(value))}）"
                                   for x in rows)


def _times(c: _Ctx, k: int) -> str:
    return _p(c, "never") if k == 0 else _p(c, "once") if k == 1 else _p(c, "times", k=k)


def _segments_paragraph(c: _Ctx, b: dict) -> str:
    segs = [str(s) for s in (b.get("segments") or [])]
    if not b.get("group") or not segs:
        return ""
    root = ET.root(b)
    rows = [(s, ET.summary_row(b, root, s)) for s in segs]
    rows = [(s, r) for s, r in rows if r is not None and _ok(r.get("mean"))]
    s = []
    if len(rows) >= 2:
        best = max(rows, key=lambda t: t[1]["mean"])
        worst = min(rows, key=lambda t: t[1]["mean"])
        group = _group_text(c, b)
        s.append(_p(c, "seg_intro", k=len(segs), by=_p(c, "by", group=group),
                    best=ET.segment_label(b, best[0], c.lang), mb=apa.num(best[1]["mean"], 2), nb=best[1].get("n"),
                    worst=ET.segment_label(b, worst[0], c.lang), mw=apa.num(worst[1]["mean"], 2),
                    nw=worst[1].get("n")))
    r = b.get("ranking")
    min_n = (b.get("settings") or {}).get("min_n") or 30
    if not isinstance(r, dict):
        s.append(_p(c, "no_ranking", min_n=min_n))
        return _join(c, s)
    topsis, grey = r.get("topsis") or {}, r.get("grey_relational") or {}
    norm = ET.NORMALISATIONS.get(topsis.get("normalisation") or "vector", ET.NORMALISATIONS["vector"])[c.lang]
    s.append(_p(c, "topsis", k=len(topsis.get("criteria") or []), norm=norm, order=_order(c, b, topsis.get("table") or [], "C")))
    t_rank = {x.get("alternative"): x.get("rank") for x in topsis.get("table") or [] if isinstance(x, dict)}
    g_rank = {x.get("alternative"): x.get("rank") for x in grey.get("table") or [] if isinstance(x, dict)}
    rho = apa.num(grey.get("rho"), 1)
    if g_rank:
        g_top = [a for a, k in g_rank.items() if k == 1]
        t_top = [a for a, k in t_rank.items() if k == 1]
        top = _LIST_SEP[c.lang].join(ET.segment_label(b, a, c.lang) for a in g_top)
        if g_rank == t_rank:
            s.append(_p(c, "grey_same", rho=rho))
        else:
            s.append(_p(c, "grey_top" if set(g_top) == set(t_top) else "grey_other", rho=rho, top=top,
                        order=_order(c, b, grey.get("table") or [], "grade")))
    dropped = [x for x in (r.get("dropped") or []) if isinstance(x, dict)]
    if dropped:
        items = [f"{ET.segment_label(b, x.get('segment'), c.lang)} (n = {x.get('n')})" if c.lang == "en" else
                 f"{ET.segment_label(b, x.get('segment'), c.lang)}（n = {x.get('n')}）" for x in dropped]
        s.append(_p(c, "dropped", list=_list(c, items), min_n=dropped[0].get("min_n") or min_n))
    t = ET.sensitivity_counts(b, "topsis_sensitivity")
    g = ET.sensitivity_counts(b, "grey_sensitivity")
    if t is not None and g is not None and t["n"]:
        pct = f"{(t['change'] or 0.10) * 100:g}"
        if not (t["order_changed"] or t["top_changed"] or g["order_changed"] or g["top_changed"]):
            s.append(_p(c, "robust_none", pct=pct, n=t["n"]))
        else:
            s.append(_p(c, "robust", pct=pct, n=t["n"], t_o=_times(c, t["order_changed"]),
                        t_t=_times(c, t["top_changed"]), g_o=_times(c, g["order_changed"]),
                        g_t=_times(c, g["top_changed"])))
    return _join(c, s)


# --------------------------------------------------------------------------
# public
# --------------------------------------------------------------------------

def section(c: _Ctx) -> list[str]:
    """The paragraphs of the section (none without an evaluation block)."""
    b = block(c.d)
    if b is None:
        return []
    return [p for p in (_system_paragraph(c, b), _scores_paragraph(c, b), _segments_paragraph(c, b)) if p]


BUILDERS = {"evaluation": section}
