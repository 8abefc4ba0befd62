"""The "Mediation and Moderation" section of the results (``results["process"]``), written as a journal reports a
conditional process analysis (Hayes 2022, ch. 15), and its references.

``results["process"]`` is a list of analyses, each ``{"id": "H4", "kind": "moderation" | "mediation" |
"moderated mediation", "scores": "mean" | "factor", **ProcessResult.to_dict()}``; the hypotheses of
``results["hypotheses"]`` with the same ``id`` add whether they were supported and, for a mediation, its type
in Zhao, Lynch & Chen's (2010) typology (``mediation_type``: complementary, competitive, indirect-only,
direct-only, no-effect; recomputed here from the effects when the hypothesis does not carry it).

Per analysis two paragraphs:

* the method — the model in words with its PROCESS number (Hayes 2022), the scores and N, the standard errors
  (HC3: Hayes & Cai 2007), how the moderators were probed (mean ± 1 SD, Aiken & West 1991; percentiles; each
  group of a categorical moderator), centring, the bootstrap (B, interval, seed; Preacher & Hayes 2008) and
  the engine's notes;
* the interpretation — each highest-order interaction (b, t(df), p, ΔR², or F for a categorical moderator),
  the simple slopes at low and high moderator values, the Johnson–Neyman region of significance (Johnson &
  Neyman 1936), the total, direct and indirect effects with the mediation type, the index of moderated
  mediation (Hayes 2015) and the conditional indirect effects, and whether the hypothesis was supported.

:func:`references` lists the works the section cites (APA 7).  Every number comes from the analysis'
dictionary, formatted by :mod:`research.report.apa`: b, SE and CIs with 3 decimals, t and F with 2, p as
APA prints it, R² and ΔR² without the leading zero.
"""
from __future__ import annotations

from ..process import tables as PT
from ..process.hypotheses import mediation_type as hyp_mediation_type
from ..process.models import PATHS, template
from . import apa
from .text import _Ctx, _ok

SECTIONS = ("process", "process_references")
HEADINGS = {
    "process": {"en": "Mediation and Moderation", "zh-Hans": "中介与调节效应", "zh-Hant": "中介與調節效應"},
    "process_references": {"en": "References", "zh-Hans": "参考文献", "zh-Hant": "參考文獻"},
}
KINDS = ("moderation", "mediation", "moderated mediation")
MEDIATION_TYPES = ("complementary", "competitive", "indirect-only", "direct-only", "no-effect")

# APA 7 reference list entries, by the citation the text writes
REFERENCES = {
    "Aiken & West, 1991": "Aiken, L. S., & West, S. G. (1991). Multiple regression: Testing and interpreting "
                          "interactions. Sage.",
    "Hayes, 2015": "Hayes, A. F. (2015). An index and test of linear moderated mediation. Multivariate Behavioral "
                   "Research, 50(1), 1–22. https://doi.org/10.1080/00273171.2014.962683",
    "Hayes, 2022": "Hayes, A. F. (2022). Introduction to mediation, moderation, and conditional process analysis: A "
                   "regression-based approach (3rd ed.). Guilford Press.",
    "Hayes & Cai, 2007": "Hayes, A. F., & Cai, L. (2007). Using heteroskedasticity-consistent standard error "
                         "estimators in OLS regression: An introduction and software implementation. Behavior "
                         "Research Methods, 39(4), 709–722. https://doi.org/10.3758/BF03192961",
    "Johnson & Neyman, 1936": "Johnson, P. O., & Neyman, J. (1936). Tests of certain linear hypotheses and their "
                              "application to some educational problems. Statistical Research Memoirs, 1, 57–93.",
    "Preacher & Hayes, 2008": "Preacher, K. J., & Hayes, A. F. (2008). Asymptotic and resampling strategies for "
                              "assessing and comparing indirect effects in multiple mediator models. Behavior "
                              "Research Methods, 40(3), 879–891. https://doi.org/10.3758/BRM.40.3.879",
    "Zhao et al., 2010": "Zhao, X., Lynch, J. G., Jr., & Chen, Q. (2010). Reconsidering Baron and Kenny: Myths and "
                         "truths about mediation analysis. Journal of Consumer Research, 37(2), 197–206. "
                         "https://doi.org/10.1086/651257",
}

_P: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- the model
    "m_intro": {"en": "To test {id}, a {kind} was estimated (PROCESS model {model}; Hayes, 2022) on {scores} of "
                      "N = {n} respondents: {structure}.",
                "zh-Hans": "为检验 {id}，基于 N = {n} 名受访者的{scores}估计{kind}（PROCESS 模型 {model}；Hayes, 2022）：{structure}。",
                "zh-Hant": "為檢定 {id}，基於 N = {n} 名受訪者的{scores}估計{kind}（PROCESS 模型 {model}；Hayes, 2022）：{structure}。"},
    "m_intro_noid": {"en": "A {kind} was estimated (PROCESS model {model}; Hayes, 2022) on {scores} of N = {n} "
                           "respondents: {structure}.",
                     "zh-Hans": "基于 N = {n} 名受访者的{scores}估计{kind}（PROCESS 模型 {model}；Hayes, 2022）：{structure}。",
                     "zh-Hant": "基於 N = {n} 名受訪者的{scores}估計{kind}（PROCESS 模型 {model}；Hayes, 2022）：{structure}。"},
    "k_simple_moderation": {"en": "simple moderation model", "zh-Hans": "简单调节模型", "zh-Hant": "簡單調節模型"},
    "k_multiple_moderation": {"en": "multiple moderation model", "zh-Hans": "多重调节模型", "zh-Hant": "多重調節模型"},
    "k_moderated_moderation": {"en": "moderated moderation model", "zh-Hans": "有调节的调节模型",
                               "zh-Hant": "被調節的調節模型"},
    "k_simple_mediation": {"en": "simple mediation model", "zh-Hans": "简单中介模型", "zh-Hant": "簡單中介模型"},
    "k_parallel": {"en": "parallel multiple mediator model", "zh-Hans": "并行多重中介模型", "zh-Hant": "平行多重中介模型"},
    "k_serial": {"en": "serial multiple mediator model", "zh-Hans": "链式多重中介模型", "zh-Hant": "序列多重中介模型"},
    "k_conditional": {"en": "moderated mediation model", "zh-Hans": "有调节的中介模型", "zh-Hant": "被調節的中介模型"},
    "s_mean": {"en": "construct mean scores", "zh-Hans": "构念均值得分", "zh-Hant": "構念平均分數"},
    "s_factor": {"en": "factor scores", "zh-Hans": "因子得分", "zh-Hant": "因素分數"},
    "s_observed": {"en": "the observed variables", "zh-Hans": "观测变量", "zh-Hant": "觀察變項"},
    "st_moderates": {"en": "{w} moderates the effect of {x} on {y}", "zh-Hans": "{w} 调节 {x} 对 {y} 的效应",
                     "zh-Hant": "{w} 調節 {x} 對 {y} 的效果"},
    "st_moderated_moderation": {"en": "{w} moderates the effect of {x} on {y}, and {z} moderates that moderation",
                                "zh-Hans": "{w} 调节 {x} 对 {y} 的效应，{z} 又调节这一调节作用",
                                "zh-Hant": "{w} 調節 {x} 對 {y} 的效果，{z} 又調節此一調節作用"},
    "st_mediates": {"en": "{m} mediates the effect of {x} on {y}", "zh-Hans": "{m} 在 {x} 对 {y} 的效应中起中介作用",
                    "zh-Hant": "{m} 在 {x} 對 {y} 的效果中具中介作用"},
    "st_mediate": {"en": "{m} mediate the effect of {x} on {y}", "zh-Hans": "{m} 在 {x} 对 {y} 的效应中起并行中介作用",
                   "zh-Hant": "{m} 在 {x} 對 {y} 的效果中具平行中介作用"},
    "st_serial": {"en": "{m} mediate the effect of {x} on {y} in sequence ({chain})",
                  "zh-Hans": "{m} 在 {x} 对 {y} 的效应中依次起链式中介作用（{chain}）",
                  "zh-Hant": "{m} 在 {x} 對 {y} 的效果中依序具序列中介作用（{chain}）"},
    "st_path": {"en": "{w} moderates the path {path}", "zh-Hans": "{w} 调节 {path} 路径", "zh-Hant": "{w} 調節 {path} 路徑"},
    "st_joint": {"en": "{a}, {b} and their interaction", "zh-Hans": "{a}、{b} 及其交互项", "zh-Hant": "{a}、{b} 及其交互作用"},
    "st_and": {"en": "{a} and {b}", "zh-Hans": "{a} 与 {b}", "zh-Hant": "{a} 與 {b}"},
    "st_then": {"en": "{a}, and {b}", "zh-Hans": "{a}；{b}", "zh-Hant": "{a}；{b}"},
    # ---------------------------------------------------------------- estimation
    "m_se": {"en": "Coefficients were estimated by ordinary least squares with {se}.",
             "zh-Hans": "回归系数采用普通最小二乘法估计，并使用{se}。", "zh-Hant": "迴歸係數採用一般最小平方法估計，並使用{se}。"},
    "m_probe_sd": {"en": "Conditional effects were probed at the mean and ± 1 SD of {w} (Aiken & West, 1991).",
                   "zh-Hans": "条件效应在 {w} 的均值及均值 ± 1 个标准差处检验（Aiken & West, 1991）。",
                   "zh-Hant": "條件效果在 {w} 的平均數及平均數 ± 1 個標準差處檢定（Aiken & West, 1991）。"},
    "m_probe_pct": {"en": "Conditional effects were probed at the 16th, 50th and 84th percentiles of {w}.",
                    "zh-Hans": "条件效应在 {w} 的第 16、50、84 百分位数处检验。",
                    "zh-Hant": "條件效果在 {w} 的第 16、50、84 百分位數處檢定。"},
    "m_probe_values": {"en": "Conditional effects were estimated at {w} = {values}.",
                       "zh-Hans": "条件效应在 {w} = {values} 处估计。", "zh-Hant": "條件效果在 {w} = {values} 處估計。"},
    "m_probe_cat": {"en": "{w} was indicator-coded with {ref} as the reference group, and conditional effects were "
                          "estimated for each group.",
                    "zh-Hans": "{w} 以 {ref} 为参照组进行虚拟编码，并估计各组的条件效应。",
                    "zh-Hant": "{w} 以 {ref} 為參照組進行虛擬編碼，並估計各組的條件效果。"},
    "m_center_all": {"en": "The variables forming products were mean-centered.", "zh-Hans": "构成乘积项的变量已做均值中心化。",
                     "zh-Hant": "構成乘積項的變項已做平均數中心化。"},
    "m_center_cont": {"en": "The continuous variables forming products were mean-centered.",
                      "zh-Hans": "构成乘积项的连续变量已做均值中心化。", "zh-Hant": "構成乘積項的連續變項已做平均數中心化。"},
    "m_boot": {"en": "Indirect effects were tested with {b} bootstrap resamples and {level} {ci} bootstrap confidence "
                     "intervals (seed {seed}; Preacher & Hayes, 2008).",
               "zh-Hans": "间接效应采用 {b} 次自助法重抽样的 {level} {ci}置信区间检验（随机种子 {seed}；Preacher & Hayes, 2008）。",
               "zh-Hant": "間接效果採用 {b} 次拔靴法重抽樣的 {level} {ci}信賴區間檢定（隨機種子 {seed}；Preacher & Hayes, 2008）。"},
    "m_boot_noseed": {"en": "Indirect effects were tested with {b} bootstrap resamples and {level} {ci} bootstrap "
                            "confidence intervals (Preacher & Hayes, 2008).",
                      "zh-Hans": "间接效应采用 {b} 次自助法重抽样的 {level} {ci}置信区间检验（Preacher & Hayes, 2008）。",
                      "zh-Hant": "間接效果採用 {b} 次拔靴法重抽樣的 {level} {ci}信賴區間檢定（Preacher & Hayes, 2008）。"},
    "m_noboot": {"en": "No bootstrap was run, so the indirect effects were not tested.",
                 "zh-Hans": "未进行自助法重抽样，故未检验间接效应。", "zh-Hant": "未進行拔靴法重抽樣，故未檢定間接效果。"},
    "ci_percentile": {"en": "percentile", "zh-Hans": "百分位", "zh-Hant": "百分位"},
    "ci_bc": {"en": "bias-corrected", "zh-Hans": "偏差校正", "zh-Hant": "偏誤校正"},
    # ---------------------------------------------------------------- interactions and simple slopes
    "i_sig": {"en": "The {term} interaction on {y} was significant, {stats}.",
              "zh-Hans": "{term} 对 {y} 的交互作用显著，{stats}。", "zh-Hant": "{term} 對 {y} 的交互作用顯著，{stats}。"},
    "i_ns": {"en": "The {term} interaction on {y} was not significant, {stats}.",
             "zh-Hans": "{term} 对 {y} 的交互作用不显著，{stats}。", "zh-Hant": "{term} 對 {y} 的交互作用不顯著，{stats}。"},
    "ss_stronger": {"en": "The {effect} of {x} on {y} was stronger at high {w} ({hi}) than at low {w} ({lo}).",
                    "zh-Hans": "{w} 较高时 {x} 对 {y} 的{effect}（{hi}）强于 {w} 较低时（{lo}）。",
                    "zh-Hant": "{w} 較高時 {x} 對 {y} 的{effect}（{hi}）強於 {w} 較低時（{lo}）。"},
    "ss_weaker": {"en": "The {effect} of {x} on {y} was weaker at high {w} ({hi}) than at low {w} ({lo}).",
                  "zh-Hans": "{w} 较高时 {x} 对 {y} 的{effect}（{hi}）弱于 {w} 较低时（{lo}）。",
                  "zh-Hant": "{w} 較高時 {x} 對 {y} 的{effect}（{hi}）弱於 {w} 較低時（{lo}）。"},
    "ss_sign": {"en": "The {effect} of {x} on {y} changed sign across {w}: {lo} at low {w} and {hi} at high {w}.",
                "zh-Hans": "{x} 对 {y} 的{effect}随 {w} 改变方向：{w} 较低时为 {lo}，较高时为 {hi}。",
                "zh-Hant": "{x} 對 {y} 的{effect}隨 {w} 改變方向：{w} 較低時為 {lo}，較高時為 {hi}。"},
    "ss_middle": {"en": "At {point}, the {effect} was {stats}.", "zh-Hans": "在 {point} 处，{effect}为 {stats}。",
                  "zh-Hant": "在 {point} 處，{effect}為 {stats}。"},
    "ss_groups": {"en": "The {effect} of {x} on {y} was {list}.", "zh-Hans": "{x} 对 {y} 的{effect}：{list}。",
                  "zh-Hant": "{x} 對 {y} 的{effect}：{list}。"},
    "ss_group": {"en": "{stats} for {g}", "zh-Hans": "{g} 组为 {stats}", "zh-Hant": "{g} 組為 {stats}"},
    "ss_range": {"en": "Across the combinations of {w}, the {effect} of {x} on {y} ranged from {lo} ({lo_at}) to {hi} "
                       "({hi_at}).",
                 "zh-Hans": "在 {w} 的各取值组合下，{x} 对 {y} 的{effect}介于 {lo}（{lo_at}）与 {hi}（{hi_at}）之间。",
                 "zh-Hant": "在 {w} 的各取值組合下，{x} 對 {y} 的{effect}介於 {lo}（{lo_at}）與 {hi}（{hi_at}）之間。"},
    "effect_conditional": {"en": "effect", "zh-Hans": "效应", "zh-Hant": "效果"},
    "effect_direct": {"en": "direct effect", "zh-Hans": "直接效应", "zh-Hant": "直接效果"},
    "point": {"en": "{label} of {w} ({v})", "zh-Hans": "{w} 的 {label}（{v}）", "zh-Hant": "{w} 的 {label}（{v}）"},
    "point_label": {"en": "{label} = {v}", "zh-Hans": "{label} = {v}", "zh-Hant": "{label} = {v}"},
    "point_value": {"en": "{w} = {v}", "zh-Hans": "{w} = {v}", "zh-Hant": "{w} = {v}"},
    # ---------------------------------------------------------------- Johnson–Neyman
    "jn_all": {"en": "By the Johnson–Neyman technique (Johnson & Neyman, 1936), the effect of {x} on {y} was "
                     "significant across the whole observed range of {w} ({lo} to {hi}).",
               "zh-Hans": "Johnson–Neyman 分析（Johnson & Neyman, 1936）显示，在 {w} 的整个观测范围（{lo} 至 {hi}）内，{x} 对 {y} "
                          "的效应均显著。",
               "zh-Hant": "Johnson–Neyman 分析（Johnson & Neyman, 1936）顯示，在 {w} 的整個觀測範圍（{lo} 至 {hi}）內，{x} 對 {y} "
                          "的效果皆顯著。"},
    "jn_none": {"en": "By the Johnson–Neyman technique (Johnson & Neyman, 1936), the effect of {x} on {y} was not "
                      "significant anywhere in the observed range of {w} ({lo} to {hi}).",
                "zh-Hans": "Johnson–Neyman 分析（Johnson & Neyman, 1936）显示，在 {w} 的观测范围（{lo} 至 {hi}）内，{x} 对 {y} "
                           "的效应均不显著。",
                "zh-Hant": "Johnson–Neyman 分析（Johnson & Neyman, 1936）顯示，在 {w} 的觀測範圍（{lo} 至 {hi}）內，{x} 對 {y} "
                           "的效果皆不顯著。"},
    "jn_some": {"en": "By the Johnson–Neyman technique (Johnson & Neyman, 1936), the effect of {x} on {y} was "
                      "significant for {w} {regions}, and not significant elsewhere in its observed range "
                      "({lo} to {hi}).",
                "zh-Hans": "Johnson–Neyman 分析（Johnson & Neyman, 1936）显示，当 {w} {regions}时，{x} 对 {y} 的效应显著，"
                           "在其观测范围（{lo} 至 {hi}）内的其他取值下不显著。",
                "zh-Hant": "Johnson–Neyman 分析（Johnson & Neyman, 1936）顯示，當 {w} {regions}時，{x} 對 {y} 的效果顯著，"
                           "在其觀測範圍（{lo} 至 {hi}）內的其他取值下不顯著。"},
    "jn_above": {"en": "above {a} ({share}% of the sample)", "zh-Hans": "高于 {a}（占样本的 {share}%）",
                 "zh-Hant": "高於 {a}（占樣本的 {share}%）"},
    "jn_below": {"en": "below {b} ({share}% of the sample)", "zh-Hans": "低于 {b}（占样本的 {share}%）",
                 "zh-Hant": "低於 {b}（占樣本的 {share}%）"},
    "jn_between": {"en": "between {a} and {b} ({share}% of the sample)", "zh-Hans": "介于 {a} 与 {b} 之间（占样本的 {share}%）",
                   "zh-Hant": "介於 {a} 與 {b} 之間（占樣本的 {share}%）"},
    # ---------------------------------------------------------------- mediation
    "med_total": {"en": "The total effect of {x} on {y} was {stats}.", "zh-Hans": "{x} 对 {y} 的总效应为 {stats}。",
                  "zh-Hant": "{x} 對 {y} 的總效果為 {stats}。"},
    "med_indirect": {"en": "The indirect effect of {x} on {y} through {via} was {sign}, {stats}",
                     "zh-Hans": "{x} 经由 {via} 对 {y} 的间接效应{sign}，{stats}",
                     "zh-Hant": "{x} 經由 {via} 對 {y} 的間接效果{sign}，{stats}"},
    "sign_pos": {"en": "positive", "zh-Hans": "为正且显著", "zh-Hant": "為正且顯著"},
    "sign_neg": {"en": "negative", "zh-Hans": "为负且显著", "zh-Hant": "為負且顯著"},
    "sign_ns": {"en": "not significant", "zh-Hans": "不显著", "zh-Hant": "不顯著"},
    "sign_untested": {"en": "not tested", "zh-Hans": "未经检验", "zh-Hant": "未經檢定"},
    "t_complementary": {"en": "; the direct effect remained significant, {d}, indicating complementary (partial) "
                              "mediation (Zhao et al., 2010).",
                        "zh-Hans": "；直接效应仍然显著且方向相同，{d}，表明存在互补型（部分）中介（Zhao et al., 2010）。",
                        "zh-Hant": "；直接效果仍然顯著且方向相同，{d}，表示存在互補型（部分）中介（Zhao et al., 2010）。"},
    "t_competitive": {"en": "; the direct effect was also significant but of the opposite sign, {d}, indicating "
                            "competitive (partial) mediation (Zhao et al., 2010).",
                      "zh-Hans": "；直接效应亦显著但方向相反，{d}，表明存在竞争型（部分）中介（Zhao et al., 2010）。",
                      "zh-Hant": "；直接效果亦顯著但方向相反，{d}，表示存在競爭型（部分）中介（Zhao et al., 2010）。"},
    "t_indirect-only": {"en": "; the direct effect was not significant, {d}, indicating indirect-only (full) mediation "
                              "(Zhao et al., 2010).",
                        "zh-Hans": "；直接效应不显著，{d}，表明存在仅间接型（完全）中介（Zhao et al., 2010）。",
                        "zh-Hant": "；直接效果不顯著，{d}，表示存在僅間接型（完全）中介（Zhao et al., 2010）。"},
    "t_direct-only": {"en": "; the direct effect was significant, {d}: a direct-only effect without mediation "
                            "(Zhao et al., 2010).",
                      "zh-Hans": "；而直接效应显著，{d}，属于仅直接效应、不存在中介（Zhao et al., 2010）。",
                      "zh-Hant": "；而直接效果顯著，{d}，屬於僅直接效果、不存在中介（Zhao et al., 2010）。"},
    "t_no-effect": {"en": "; nor was the direct effect, {d}: neither an indirect nor a direct effect (no-effect "
                          "non-mediation; Zhao et al., 2010).",
                    "zh-Hans": "；直接效应亦不显著，{d}，既无间接效应也无直接效应（无效应型非中介；Zhao et al., 2010）。",
                    "zh-Hant": "；直接效果亦不顯著，{d}，既無間接效果也無直接效果（無效果型非中介；Zhao et al., 2010）。"},
    "med_end": {"en": ".", "zh-Hans": "。", "zh-Hant": "。"},
    "med_total_indirect": {"en": "The total indirect effect was {stats}.", "zh-Hans": "总间接效应为 {stats}。",
                           "zh-Hant": "總間接效果為 {stats}。"},
    "med_std": {"en": "completely standardized effect = {v}", "zh-Hans": "完全标准化效应 = {v}",
                "zh-Hant": "完全標準化效果 = {v}"},
    "con_sig": {"en": "The indirect effects through {a} and through {b} differed significantly (difference {stats}).",
                "zh-Hans": "经由 {a} 与经由 {b} 的间接效应差异显著（差值 {stats}）。",
                "zh-Hant": "經由 {a} 與經由 {b} 的間接效果差異顯著（差值 {stats}）。"},
    "con_ns": {"en": "The indirect effects through {a} and through {b} did not differ significantly "
                     "(difference {stats}).",
               "zh-Hans": "经由 {a} 与经由 {b} 的间接效应差异不显著（差值 {stats}）。",
               "zh-Hant": "經由 {a} 與經由 {b} 的間接效果差異不顯著（差值 {stats}）。"},
    "via_serial": {"en": "{a} and then {b}", "zh-Hans": "{a} 再经由 {b}", "zh-Hant": "{a} 再經由 {b}"},
    "direct_plain": {"en": "The direct effect of {x} on {y} was {stats}.", "zh-Hans": "{x} 对 {y} 的直接效应为 {stats}。",
                     "zh-Hant": "{x} 對 {y} 的直接效果為 {stats}。"},
    # ---------------------------------------------------------------- moderated mediation
    "idx": {"en": "The {kind} for {w} was {stats}{ref}.", "zh-Hans": "{kind}（调节变量：{w}）为 {stats}{ref}。",
            "zh-Hant": "{kind}（調節變項：{w}）為 {stats}{ref}。"},
    "idx_ref": {"en": ", relative to the reference group {ref}", "zh-Hans": "（相对于参照组 {ref}）",
                "zh-Hant": "（相對於參照組 {ref}）"},
    "idx_yes": {"en": "The indirect effect of {x} on {y} through {via} thus depended on {w} (Hayes, 2015).",
                "zh-Hans": "因此，{x} 经由 {via} 对 {y} 的间接效应随 {w} 而变（Hayes, 2015）。",
                "zh-Hant": "因此，{x} 經由 {via} 對 {y} 的間接效果隨 {w} 而變（Hayes, 2015）。"},
    "idx_no": {"en": "The indirect effect of {x} on {y} through {via} thus did not depend significantly on {w} (Hayes, "
                     "2015).",
               "zh-Hans": "因此，{x} 经由 {via} 对 {y} 的间接效应未显著随 {w} 而变（Hayes, 2015）。",
               "zh-Hant": "因此，{x} 經由 {via} 對 {y} 的間接效果未顯著隨 {w} 而變（Hayes, 2015）。"},
    "cind": {"en": "The conditional indirect effect through {via} was {list}.",
             "zh-Hans": "经由 {via} 的条件间接效应：{list}。", "zh-Hant": "經由 {via} 的條件間接效果：{list}。"},
    "cind_item": {"en": "{stats} at {point}", "zh-Hans": "{point} 处为 {stats}", "zh-Hant": "{point} 處為 {stats}"},
    "cind_range": {"en": "Across the values of {w}, the conditional indirect effect through {via} ranged from {lo} "
                         "({lo_at}) to {hi} ({hi_at}).",
                   "zh-Hans": "在 {w} 的各取值下，经由 {via} 的条件间接效应介于 {lo}（{lo_at}）与 {hi}（{hi_at}）之间。",
                   "zh-Hant": "在 {w} 的各取值下，經由 {via} 的條件間接效果介於 {lo}（{lo_at}）與 {hi}（{hi_at}）之間。"},
    # ---------------------------------------------------------------- hypotheses
    "h_yes": {"en": "{id} was supported.", "zh-Hans": "{id} 得到支持。", "zh-Hant": "{id} 獲得支持。"},
    "h_no": {"en": "{id} was not supported.", "zh-Hans": "{id} 未得到支持。", "zh-Hant": "{id} 未獲得支持。"},
    "h_yes_latent": {"en": "{id} was tested on the latent indirect effect of the {model} model and was "
                           "supported{kind}.",
                     "zh-Hans": "{id} 以 {model} 模型中的潜变量间接效应检验，得到支持{kind}。",
                     "zh-Hant": "{id} 以 {model} 模型中的潛在變項間接效果檢定，獲得支持{kind}。"},
    "h_no_latent": {"en": "{id} was tested on the latent indirect effect of the {model} model and was not "
                          "supported{kind}.",
                    "zh-Hans": "{id} 以 {model} 模型中的潜变量间接效应检验，未得到支持{kind}。",
                    "zh-Hant": "{id} 以 {model} 模型中的潛在變項間接效果檢定，未獲得支持{kind}。"},
    "model_sem": {"en": "CB-SEM", "zh-Hans": "CB-SEM", "zh-Hant": "CB-SEM"},
    "model_pls": {"en": "PLS-SEM", "zh-Hans": "PLS-SEM", "zh-Hant": "PLS-SEM"},
    "type_complementary": {"en": "complementary mediation", "zh-Hans": "互补型中介", "zh-Hant": "互補型中介"},
    "type_competitive": {"en": "competitive mediation", "zh-Hans": "竞争型中介", "zh-Hant": "競爭型中介"},
    "type_indirect-only": {"en": "indirect-only mediation", "zh-Hans": "仅间接型中介", "zh-Hant": "僅間接型中介"},
    "type_direct-only": {"en": "direct-only, no mediation", "zh-Hans": "仅直接效应，无中介", "zh-Hant": "僅直接效果，無中介"},
    "type_no-effect": {"en": "no effect, no mediation", "zh-Hans": "无效应，无中介", "zh-Hant": "無效果，無中介"},
}


def heading(key: str, lang: str) -> str:
    return HEADINGS[key][lang]


def _p(c: _Ctx, key: str, /, **values) -> str:
    text = _P[key][c.lang]
    return text.format(**values) if values else text


def _sp(c: _Ctx) -> str:
    return " " if c.lang == "en" else ""


def _comma(c: _Ctx) -> str:
    return ", " if c.lang == "en" else "，"


def blocks(d: dict) -> list[dict]:
    """The analyses of ``results["process"]`` that have a model and roles (others are left out)."""
    found = d.get("process") if isinstance(d, dict) else None
    return [b for b in found if isinstance(b, dict) and b.get("model") in PATHS
            and isinstance(b.get("roles"), dict)] if isinstance(found, list) else []


def _name(c: _Ctx, column) -> str:
    return PT.label(c.names, column, c.lang)


def _alpha(b: dict) -> float:
    level = b.get("level")
    return 1 - (float(level) if _ok(level) else 0.95)


def _level(b: dict) -> str:
    level = b.get("level")
    return f"{(float(level) if _ok(level) else 0.95) * 100:g}%"


def _excludes_zero(lo, hi) -> bool:
    return _ok(lo) and _ok(hi) and (lo > 0 or hi < 0)


def _rows(b: dict, key: str) -> list[dict]:
    return [r for r in b.get(key) or [] if isinstance(r, dict)]


# ------------------------------------------------------------------------------------------------
# statistics as the text prints them
# ------------------------------------------------------------------------------------------------

def _t_stats(c: _Ctx, r: dict, *, se: bool = True, ci: bool = True, level: str = "95%") -> str:
    """"b = 0.321, SE = 0.077, p < .001, 95% CI [0.169, 0.474]" of a row with effect/coeff, se, p and CI."""
    est = r.get("effect", r.get("coeff"))
    parts = [f"b = {apa.num(est, 3)}"]
    if se and _ok(r.get("se")):
        parts.append(f"SE = {apa.num(r['se'], 3)}")
    parts.append(apa.p_text(r.get("p")))
    if ci and _ok(r.get("ci.lower")):
        parts.append(f"{level} CI [{apa.num(r.get('ci.lower'), 3)}, {apa.num(r.get('ci.upper'), 3)}]")
    return _comma(c).join(parts)


def _boot_stats(c: _Ctx, r: dict, level: str, prefix: str = "b = ") -> str:
    """"b = 0.290, 95% bootstrap CI [0.180, 0.410]" (the estimate alone without a bootstrap); an index or a
    difference with ``prefix`` "" or "= "."""
    parts = [f"{prefix}{apa.num(r.get('effect'), 3)}"]
    if _ok(r.get("boot.ci.lower")) and _ok(r.get("boot.ci.upper")):
        word = "bootstrap CI" if c.lang == "en" else "Boot CI"
        parts.append(f"{level} {word} [{apa.num(r['boot.ci.lower'], 3)}, {apa.num(r['boot.ci.upper'], 3)}]")
    return _comma(c).join(parts)


def _short(r: dict) -> str:
    """"b = 0.530, p < .001" of a conditional effect."""
    est = r.get("effect", r.get("coeff"))
    return f"b = {apa.num(est, 3)}, {apa.p_text(r.get('p'))}"


def _short_c(c: _Ctx, r: dict) -> str:
    return _short(r).replace(", ", _comma(c))


# ------------------------------------------------------------------------------------------------
# the model in words
# ------------------------------------------------------------------------------------------------

def _moderators_text(c: _Ctx, roles: dict, sets: tuple) -> str:
    letters = [s[0] for s in sets if len(s) == 1]
    names = [_name(c, roles[x]) if x in roles else x for x in letters]
    if any(len(s) == 2 for s in sets) and len(names) == 2:
        return _p(c, "st_joint", a=names[0], b=names[1])
    if len(names) == 2:
        return _p(c, "st_and", a=names[0], b=names[1])
    if len(names) > 2:
        return c.join(names)
    return names[0] if names else ""


def _structure(c: _Ctx, b: dict) -> tuple[str, str]:
    """(kind of model, what it says) in words, from the PROCESS model's template and the roles."""
    roles = b["roles"]
    tpl = template(int(b["model"]))
    x, y = _name(c, roles.get("X")), _name(c, roles.get("Y"))
    meds = [roles[k] for k in sorted((k for k in roles if k.startswith("M")), key=lambda k: int(k[1:]))]
    med_names = [_name(c, m) for m in meds]
    if tpl.mediators == "none":
        c_sets = tpl.moderation("c")
        if any(len(s) == 2 for s in c_sets):
            return _p(c, "k_moderated_moderation"), _p(c, "st_moderated_moderation", w=_name(c, roles.get("W")),
                                                        z=_name(c, roles.get("Z")), x=x, y=y)
        kind = "k_multiple_moderation" if len(c_sets) > 1 else "k_simple_moderation"
        return _p(c, kind), _p(c, "st_moderates", w=_moderators_text(c, roles, c_sets), x=x, y=y)
    if tpl.mediators == "serial":
        chain = " → ".join([x, *med_names, y])
        base = _p(c, "st_serial", m=c.join(med_names), x=x, y=y, chain=chain)
        kind = "k_serial"
    elif len(meds) == 1:
        base = _p(c, "st_mediates", m=med_names[0], x=x, y=y)
        kind = "k_simple_mediation"
    else:
        base = _p(c, "st_mediate", m=c.join(med_names), x=x, y=y)
        kind = "k_parallel"
    clauses = []
    m_text = med_names[0] if med_names else ""
    for path, route in (("a", f"{x} → {m_text}"), ("b", f"{m_text} → {y}"), ("c", f"{x} → {y}")):
        sets = tpl.moderation(path)
        if not sets:
            continue
        if len(med_names) > 1 and path != "c":
            route = f"{x} → {c.join(med_names)}" if path == "a" else f"{c.join(med_names)} → {y}"
        who = x if sets == (("X",),) else _moderators_text(c, roles, sets)
        clauses.append(_p(c, "st_path", w=who, path=route))
    if clauses:
        kind = "k_conditional"
        text = base
        for clause in clauses:
            text = _p(c, "st_then", a=text, b=clause)
        return _p(c, kind), text
    return _p(c, kind), base


# ------------------------------------------------------------------------------------------------
# the method paragraph
# ------------------------------------------------------------------------------------------------

def _probe_sentences(c: _Ctx, b: dict) -> list[str]:
    out, probed = [], []
    for col in PT.moderator_columns(b):
        if b.get("model") == 74 and col == b["roles"].get("X"):
            continue
        w = _name(c, col)
        values = (b.get("probes") or {}).get(col) or []
        if PT.is_categorical(b, col):
            levels = (b.get("levels") or {}).get(next(r for r, v in b["roles"].items() if v == col)) or values
            out.append(_p(c, "m_probe_cat", w=w, ref=PT.level_name(b, col, levels[0], c.lang) if levels else ""))
        elif any(PT.probe_label(b, col, v, c.lang) for v in values):
            probed.append(w)
        elif values:
            out.append(_p(c, "m_probe_values", w=w, values=c.join([apa.num(v, 3) for v in values])))
    if probed:
        out.insert(0, _p(c, "m_probe_pct" if b.get("probe") == "percentile" else "m_probe_sd", w=c.join(probed)))
    return out


def _has_indirect(b: dict) -> bool:
    return bool(_rows(b, "indirect"))


def method(c: _Ctx, b: dict) -> str:
    kind, structure = _structure(c, b)
    scores = {"mean": "s_mean", "factor": "s_factor"}.get(str(b.get("scores")), "s_observed")
    n = b.get("n")
    values = dict(kind=kind, model=int(b["model"]), scores=_p(c, scores),
                  n=apa.num(n, 0) if _ok(n) else "—", structure=structure)
    s = [_p(c, "m_intro", id=b["id"], **values) if b.get("id") else _p(c, "m_intro_noid", **values)]
    s.append(_p(c, "m_se", se=PT._se_text(b, c.lang)))
    s += _probe_sentences(c, b)
    if b.get("center") is True:
        s.append(_p(c, "m_center_all"))
    elif b.get("center") == "continuous":
        s.append(_p(c, "m_center_cont"))
    if _has_indirect(b) or _rows(b, "indices"):
        boot = b.get("boot")
        if _ok(boot) and boot > 0:
            ci = _p(c, "ci_bc" if b.get("ci") == "bc" else "ci_percentile")
            seed = b.get("seed")
            if _ok(seed) and float(seed).is_integer():
                s.append(_p(c, "m_boot", b=int(boot), level=_level(b), ci=ci, seed=int(seed)))
            else:
                s.append(_p(c, "m_boot_noseed", b=int(boot), level=_level(b), ci=ci))
        else:
            s.append(_p(c, "m_noboot"))
    for note in b.get("notes") or []:
        text = c.local(note, "").strip()
        if text:
            s.append(text)
    return _sp(c).join(s)


# ------------------------------------------------------------------------------------------------
# the interpretation
# ------------------------------------------------------------------------------------------------

def _interactions(c: _Ctx, b: dict) -> list[str]:
    coef = {(str(r.get("equation")), str(r.get("term"))): r for r in _rows(b, "coefficients")}
    rows = [r for r in _rows(b, "interactions") if str(r.get("term")) != "all"]
    out = []
    for r in rows:
        eq, term = str(r.get("equation")), str(r.get("term"))
        co = coef.get((eq, term))
        if co is not None and r.get("df1") == 1:
            stats = [f"b = {apa.num(co.get('coeff'), 3)}",
                     f"t({apa.num(r.get('df2'), 0)}) = {apa.num(co.get('t'), 2)}", apa.p_text(co.get("p"))]
            p = co.get("p")
        else:
            stats = [f"F({apa.num(r.get('df1'), 0)}, {apa.num(r.get('df2'), 0)}) = {apa.num(r.get('F'), 2)}",
                     apa.p_text(r.get("p"))]
            p = r.get("p")
        stats.append(f"ΔR² {PT.r2_change(r.get('R2.change'))}")
        sig = _ok(p) and p < _alpha(b)
        out.append(_p(c, "i_sig" if sig else "i_ns", term=PT.term_name(b, term, c.names, c.lang),
                      y=_name(c, eq), stats=_comma(c).join(stats)))
    return out


def _point(c: _Ctx, b: dict, col, value, form: str = "point") -> str:
    """A moderator value: "M + 1 SD of Empathy (2.033)" (``form="point"``), "M + 1 SD = 2.033" (``"label"``,
    where the moderator is named already), "Empathy = 2.033" (``"value"``, or without a probe label), or a
    category's name."""
    w = _name(c, col)
    if PT.is_categorical(b, col):
        return PT.level_name(b, col, value, c.lang)
    lab = PT.probe_label(b, col, value, c.lang)
    if lab and form == "point":
        return _p(c, "point", label=lab, w=w, v=apa.num(value, 3))
    if lab and form == "label":
        return _p(c, "point_label", label=lab, v=apa.num(value, 3))
    return _p(c, "point_value", w=w, v=apa.num(value, 3))


def _via_names(c: _Ctx, names: list) -> str:
    text = names[0] if names else ""
    for m in names[1:]:
        text = _p(c, "via_serial", a=text, b=m)
    return text


def _conditional(c: _Ctx, b: dict, rows: list[dict], effect_key: str) -> list[str]:
    """Simple slopes of X at the moderator values: high against low (and the values between), each group of a
    categorical moderator, or the range over the combinations of two moderators."""
    mods = [col for col in PT.moderator_columns(b) if any(col in r for r in rows)]
    if not rows or not mods:
        return []
    x, y = _name(c, b["roles"].get("X")), _name(c, b["roles"].get("Y"))
    effect = _p(c, effect_key)
    if len(mods) == 1 and PT.is_categorical(b, mods[0]):
        items = [_p(c, "ss_group", stats=_short_c(c, r), g=PT.level_name(b, mods[0], r.get(mods[0]), c.lang))
                 for r in rows]
        return [_p(c, "ss_groups", effect=effect, x=x, y=y, list=c.join(items))]
    if len(mods) > 1:
        lo = min(rows, key=lambda r: r.get("effect"))
        hi = max(rows, key=lambda r: r.get("effect"))
        at = [_comma(c).join(_point(c, b, m, r.get(m), "value") for m in mods) for r in (lo, hi)]
        return [_p(c, "ss_range", w=c.join([_name(c, m) for m in mods]), effect=effect, x=x, y=y,
                   lo=_short_c(c, lo), lo_at=at[0], hi=_short_c(c, hi), hi_at=at[1])]
    col = mods[0]
    ordered = sorted(rows, key=lambda r: r.get(col))
    low, high = ordered[0], ordered[-1]
    semi = "; " if c.lang == "en" else "；"
    lo_text = f"{_point(c, b, col, low[col], 'label')}{semi}{_short_c(c, low)}"
    hi_text = f"{_point(c, b, col, high[col], 'label')}{semi}{_short_c(c, high)}"
    bl, bh = low.get("effect"), high.get("effect")
    w = _name(c, col)
    if _ok(bl) and _ok(bh) and bl * bh < 0:
        out = [_p(c, "ss_sign", effect=effect, x=x, y=y, w=w, lo=lo_text, hi=hi_text)]
    else:
        key = "ss_stronger" if _ok(bl) and _ok(bh) and abs(bh) > abs(bl) else "ss_weaker"
        out = [_p(c, key, effect=effect, x=x, y=y, w=w, lo=lo_text, hi=hi_text)]
    for r in ordered[1:-1]:
        out.append(_p(c, "ss_middle", point=_point(c, b, col, r[col], "label"), effect=effect, stats=_short_c(c, r)))
    return out


def _jn(c: _Ctx, b: dict) -> list[str]:
    out = []
    for j in b.get("jn") or []:
        if not isinstance(j, dict):
            continue
        regions = PT.jn_regions(j, _alpha(b))
        if not regions:
            continue
        kw = dict(x=_name(c, j.get("focal")), y=_name(c, j.get("outcome")), w=_name(c, j.get("moderator")),
                  lo=apa.num(j.get("min"), 3), hi=apa.num(j.get("max"), 3))
        sig = [r for r in regions if r["significant"]]
        if len(sig) == len(regions):
            out.append(_p(c, "jn_all", **kw))
        elif not sig:
            out.append(_p(c, "jn_none", **kw))
        else:
            parts = []
            for r in sig:
                share = apa.num(100 * r["share"], 1) if _ok(r["share"]) else "—"
                a, z = apa.num(r["from"], 3), apa.num(r["to"], 3)
                if r["open_below"] and r["open_above"]:
                    parts.append(_p(c, "jn_between", a=a, b=z, share=share))
                elif r["open_below"]:
                    parts.append(_p(c, "jn_above", a=a, share=share))
                else:
                    parts.append(_p(c, "jn_below", b=z, share=share))
            joiner = " or " if c.lang == "en" else "或"
            out.append(_p(c, "jn_some", regions=joiner.join(parts), **kw))
    return out


def _mediation_type(indirect: dict, direct: dict | None) -> str | None:
    """Zhao, Lynch & Chen's (2010) type of one indirect effect (a row of the ``indirect`` table: its bootstrap
    CI) beside the direct effect (its t-based CI at the same level, i.e. p < 1 − level), decided by the one
    rule :func:`research.process.hypotheses.mediation_type`; None without a bootstrap CI or an unmoderated
    direct effect."""
    if direct is None:
        return None
    return hyp_mediation_type({"effect": indirect.get("effect"), "ci.lower": indirect.get("boot.ci.lower"),
                               "ci.upper": indirect.get("boot.ci.upper")}, direct)


def _via(c: _Ctx, b: dict, r: dict) -> str:
    meds = [_name(c, m) for m in r.get("mediators") or []]
    if not meds:
        meds = [_name(c, p.strip()) for p in str(r.get("path", "")).split("→")[1:-1]]
    return _via_names(c, meds)


def _sign(c: _Ctx, r: dict) -> str:
    lo, hi = r.get("boot.ci.lower"), r.get("boot.ci.upper")
    if not (_ok(lo) and _ok(hi)):
        return _p(c, "sign_untested")
    if not _excludes_zero(lo, hi):
        return _p(c, "sign_ns")
    return _p(c, "sign_pos" if r.get("effect", 0) > 0 else "sign_neg")


def _mediation(c: _Ctx, b: dict, hyp: dict | None) -> list[str]:
    roles = b["roles"]
    x, y = _name(c, roles.get("X")), _name(c, roles.get("Y"))
    mods = PT.moderator_columns(b)
    level = _level(b)
    out = []
    for r in _rows(b, "total"):
        out.append(_p(c, "med_total", x=x, y=y, stats=_t_stats(c, r, level=level)))
    direct = [r for r in _rows(b, "direct") if not any(m in r for m in mods)]
    direct = direct[0] if len(direct) == 1 else None
    std = {str(r.get("path")): r for r in _rows(b, "standardized")
           if r.get("effect") == "indirect" and r.get("standardization") == "completely"}
    specific = [r for r in _rows(b, "indirect") if str(r.get("path")) != "total"]
    # a hypothesis decided on the latent CB-SEM / PLS-SEM model carries that model's type, not this one's
    given = hyp.get("mediation_type") if isinstance(hyp, dict) and hyp.get("source") in (None, "process") else None
    for r in specific:
        stats = _boot_stats(c, r, level)
        s = std.get(str(r.get("path")))
        if s is not None and _ok(s.get("estimate")):
            stats += _comma(c) + _p(c, "med_std", v=apa.unit(s["estimate"], 3))
        text = _p(c, "med_indirect", x=x, y=y, via=_via(c, b, r), sign=_sign(c, r), stats=stats)
        kind = given if given in MEDIATION_TYPES and len(specific) == 1 else _mediation_type(r, direct)
        if kind in MEDIATION_TYPES and direct is not None:
            text += _p(c, f"t_{kind}", d=_short_c(c, direct))
        else:
            text += _p(c, "med_end")
        out.append(text)
    for r in _rows(b, "indirect"):
        if str(r.get("path")) == "total" and len(specific) > 1:
            out.append(_p(c, "med_total_indirect", stats=_boot_stats(c, r, level)))
    for r in _rows(b, "contrasts"):
        key = "con_sig" if _excludes_zero(r.get("boot.ci.lower"), r.get("boot.ci.upper")) else "con_ns"
        sides = [[_name(c, n.strip()) for n in side.split("→")[1:-1]] for side in str(r.get("path")).split("  −  ")]
        if len(sides) != 2:
            continue
        a, z = (_via_names(c, s) for s in sides)
        out.append(_p(c, key, a=a, b=z, stats=_boot_stats(c, r, level, "= ")))
    if direct is not None and not specific:
        out.append(_p(c, "direct_plain", x=x, y=y, stats=_t_stats(c, direct, level=level)))
    return out


def _moderated_mediation(c: _Ctx, b: dict) -> list[str]:
    roles = b["roles"]
    x, y = _name(c, roles.get("X")), _name(c, roles.get("Y"))
    mods = PT.moderator_columns(b)
    level = _level(b)
    out = []
    by_path: dict = {}
    for r in _rows(b, "indices"):
        by_path.setdefault(str(r.get("path")), []).append(r)
    refs = {col: PT.level_name(b, col, ((b.get("levels") or {}).get(next(k for k, v in roles.items() if v == col))
                                        or [""])[0], c.lang) for col in mods if PT.is_categorical(b, col)}
    indirect = [r for r in _rows(b, "indirect") if str(r.get("path")) != "total"]
    for path in dict.fromkeys([*(str(r.get("path")) for r in indirect), *by_path]):
        rows = [r for r in indirect if str(r.get("path")) == path]
        via = _via(c, b, rows[0]) if rows else PT.path_name(b, path, c.names, c.lang)
        idx = by_path.get(path, [])
        for r in idx:
            mod = str(r.get("moderator"))
            col = mod.split("[")[0]
            ref = _p(c, "idx_ref", ref=refs[col]) if col in refs and "[" in mod else ""
            at = [m for m in mods if r.get(m) is not None]
            name = PT.term_name(b, mod, c.names, c.lang)
            if at:
                name += _comma(c) + c.join([_point(c, b, m, r[m]) for m in at])
            kind = PT.INDEX_KIND.get(str(r.get("kind")), {}).get(c.lang, str(r.get("kind")))
            out.append(_p(c, "idx", kind=kind[0].lower() + kind[1:] if c.lang == "en" else kind, w=name,
                          stats=_boot_stats(c, r, level, ""), ref=ref))
        plain = [r for r in idx if r.get("kind") in ("moderated mediation", "partial moderated mediation")]
        if plain and all(_ok(r.get("boot.ci.lower")) for r in plain):
            used = list(dict.fromkeys(str(r.get("moderator")).split("[")[0] for r in plain))
            w = c.join([_name(c, u) for u in used])
            yes = any(_excludes_zero(r.get("boot.ci.lower"), r.get("boot.ci.upper")) for r in plain)
            out.append(_p(c, "idx_yes" if yes else "idx_no", x=x, y=y, via=via, w=w))
        cols = [m for m in mods if any(m in r for r in rows)]
        if not rows or not cols:
            continue
        if len(cols) == 1 and len(rows) <= 5:
            items = [_p(c, "cind_item", stats=_boot_stats(c, r, level), point=_point(c, b, cols[0], r.get(cols[0])))
                     for r in rows]
            # each item holds commas of its own: in Chinese the items are set apart by semicolons
            out.append(_p(c, "cind", via=via, list=c.join(items) if c.lang == "en" else "；".join(items)))
        else:
            lo = min(rows, key=lambda r: r.get("effect"))
            hi = max(rows, key=lambda r: r.get("effect"))
            at = [_comma(c).join(_point(c, b, m, r.get(m), "value") for m in cols) for r in (lo, hi)]
            out.append(_p(c, "cind_range", w=c.join([_name(c, m) for m in cols]), via=via,
                          lo=_boot_stats(c, lo, level), lo_at=at[0], hi=_boot_stats(c, hi, level), hi_at=at[1]))
    direct = [r for r in _rows(b, "direct") if not any(m in r for m in mods)]
    if len(direct) == 1:
        out.append(_p(c, "direct_plain", x=x, y=y, stats=_t_stats(c, direct[0], level=level)))
    return out


def interpretation(c: _Ctx, b: dict, hyp: dict | None) -> str:
    s = _interactions(c, b)
    mods = PT.moderator_columns(b)
    has_mediators = any(str(k).startswith("M") for k in b["roles"])
    conditional_direct = [r for r in _rows(b, "direct") if any(m in r for m in mods)]
    s += _conditional(c, b, conditional_direct, "effect_direct" if has_mediators else "effect_conditional")
    s += _jn(c, b)
    if has_mediators:
        moderated = any(any(m in r for m in mods) for r in _rows(b, "indirect")) or bool(_rows(b, "indices"))
        s += _moderated_mediation(c, b) if moderated else _mediation(c, b, hyp)
    if isinstance(hyp, dict) and isinstance(hyp.get("supported"), bool) and b.get("id"):
        latent = hyp.get("source") in ("sem", "pls")
        key = ("h_yes" if hyp["supported"] else "h_no") + ("_latent" if latent else "")
        kind = f"type_{hyp.get('mediation_type')}"
        kind = (f" ({_p(c, kind)})" if c.lang == "en" else f"（{_p(c, kind)}）") if kind in _P else ""
        s.append(_p(c, key, id=b["id"], model=_p(c, f"model_{hyp['source']}") if latent else "",
                    kind=kind))
    return _sp(c).join(s)


def _hypothesis(d: dict, b: dict) -> dict | None:
    if not b.get("id"):
        return None
    return next((h for h in d.get("hypotheses") or [] if isinstance(h, dict) and h.get("id") == b["id"]), None)


def _block_ctx(c: _Ctx, b: dict) -> _Ctx:
    """The context with the names of the analysis' other variables (a segment such as the platform: its question,
    ``variable_labels``) beside the construct names."""
    import copy

    cb = copy.copy(c)
    names = {col: PT._label(b, None, col, c.lang) for col in (b.get("roles") or {}).values()}
    cb.names = {**{k: v for k, v in names.items() if v != str(k)}, **(c.names or {})}
    return cb


def section(c: _Ctx) -> list[str]:
    """The paragraphs of the section: per analysis its method and its interpretation."""
    out = []
    for b in blocks(c.d):
        cb = _block_ctx(c, b)
        out.append(method(cb, b))
        text = interpretation(cb, b, _hypothesis(c.d, b))
        if text:
            out.append(text)
    return out


BUILDERS = {"process": section}
