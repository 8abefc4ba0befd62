"""The results section written from the numbers of a results dictionary (``results.json``).

>>> d = research.analyze("datasets/lsq5_wjx_gbk.csv", questionnaire="lsq5", seed=1,
...                      hypotheses=["H1: ECO -> SAT, +"]).to_dict()
>>> for s in results_text(d, "en"):
...     print(s["heading"]); print("\\n\\n".join(s["paragraphs"]))
>>> print(results_markdown(d, "zh-Hans"))

``results_text`` returns sections ``{"key", "heading", "paragraphs"}`` in
this order; a section whose results are absent is left out (no structural
model → no hypotheses, mediation, drivers or index; no group → no segments):

====================  ============================================================================
``sample``            N analysed; how many responses were excluded and why (reason counts from
                      ``excluded[*].reasons``); the rows the models used; construct means
``method``            KMO (Kaiser 1974), Bartlett's test (Bartlett 1950); Mardia's multivariate
                      skewness and kurtosis (Mardia 1970; |z| > 5, Bentler 2005) and what they mean
                      for ML / MLR; the estimator and why, from the items' categories and skewness
                      (:mod:`research.report.ordinal_text`; Rhemtulla et al. 2012); common method bias: Harman's single factor (Podsakoff et al.
                      2003), the single-factor CFA (Δχ², ΔCFI), the unmeasured latent method factor
                      (its verdict, or why there is none), the marker variable (Lindell & Whitney
                      2001), full-collinearity VIFs against 3.3 (Kock 2015)
``reliability``       α, CR, AVE ranges against their thresholds (taken, with their sources, from
                      ``reliability[*].thresholds``), the constructs below them, the values that are
                      not defined (``not_applicable``) and why, higher-order constructs, loadings
``discriminant``      largest HTMT against .85 / .90 (Henseler, Ringle & Sarstedt 2015), constructs
                      left out of it, the Fornell–Larcker criterion (Fornell & Larcker 1981) or why
                      it was not applied
``fit``               χ²(df), p, χ²/df, CFI, TLI, RMSEA [90% CI], SRMR of the measurement and the
                      structural model; verdict against Hu & Bentler (1999) and the common criteria;
                      local fit: the largest modification indices above 3.84 (p < .05) and the
                      standardized residuals beyond |z| = 2.58
``hypotheses``        each hypothesis: supported or not, β, B, SE, p and the CI with its method;
                      R² of the endogenous constructs (without hypotheses: the structural paths)
``mediation``         each specific indirect effect with its CI and whether it excludes 0
                      (Preacher & Hayes 2008); partial or full mediation when the model has the
                      direct path
``drivers``           the strongest drivers by LMG share of R² (Lindeman, Merenda & Gold 1980) and
                      the drivers in the "concentrate here" quadrant of the IPA, in priority order
                      (Martilla & James 1977)
``segments``          constructs that differ across segments after the correction, the highest level
                      of measurement invariance that holds (Chen 2007; a level that cannot be
                      decided is said so), under MLR the robust indices that decided, the equalities
                      released for partial invariance or suggested by the score tests, paths that
                      differ
``index``             the weighted satisfaction index, its CI and grade, per segment
====================  ============================================================================

PLS-SEM: when the user chose it (``meta.spec.method == "pls"``) and the results
carry the ``pls`` block, :mod:`research.report.pls_text` writes ``pls_method``,
``pls_measurement``, ``pls_discriminant``, ``pls_structural``,
``pls_mediation``, ``pls_ipma`` and ``pls_groups`` (Hair, Risher, Sarstedt &
Ringle 2019) in place of ``reliability`` … ``mediation``; the sample section
leaves out the CB-SEM estimator, the method section the CFA-based method-bias
checks (and says PLS-SEM assumes no distribution), and ``segments`` the
multi-group CFA invariance (MICOM takes its place).

Every number is formatted by :mod:`research.report.apa` (APA 7: no leading
zero for values bounded by 1, ``p < .001``, typographic minus) and taken from
the results; the only constants are published thresholds (HTMT .85/.90, the
fit criteria below, loadings .50/.70) and the 90% of RMSEA's interval.

Fit criteria: strict — CFI ≥ .95, TLI ≥ .95, RMSEA ≤ .06, SRMR ≤ .08 (Hu &
Bentler 1999) and χ²/df < 3; common — CFI, TLI ≥ .90, RMSEA ≤ .08,
SRMR ≤ .08, χ²/df < 5.  Good fit: every strict criterion met; acceptable:
every common one met; poor: otherwise.  With MLR the scaled χ² and the robust
CFI, TLI and RMSEA are reported and judged (as lavaan prints them).

Languages: ``en`` (past tense, as results sections are written),
``zh-Hans`` and ``zh-Hant``.  The zh-Hant text is the zh-Hans template
converted by :func:`to_hant`: a table of Taiwanese statistical terms
(样本→樣本, 拟合→配適, 变量→變項, 置信区间→信賴區間, 自助法→拔靴法, 组合信度→
組成信度 …) applied first, then a character table; Chinese quotation marks
become 「」.  Names and labels in the results (segment labels, quadrant and
grade names) are used in the requested language as stored.

Construct names: ``names`` maps a construct id to a name (one string or
``{lang: name}``); by default the names the results carry
(``labels.constructs``, see :func:`default_names`), else those of the
built-in questionnaire named in ``meta.spec.questionnaire``.  The names are
introduced once, with their abbreviations, in the sample section; the text
then uses the abbreviations, while the report's tables and figures show the
names.
"""
from __future__ import annotations

import math
import re
from collections import Counter

from ..errors import invalid_data, invalid_option
from . import apa

LANGS = ("zh-Hans", "zh-Hant", "en")
SECTION_KEYS = ("sample", "method", "reliability", "discriminant", "fit", "hypotheses", "mediation", "drivers",
                "segments", "index")
# a PLS-SEM run (meta.spec.method == "pls"): research.report.pls_text writes these in place of reliability …
# mediation, and the segments section drops the CFA invariance
PLS_SECTION_KEYS = ("pls_method", "pls_measurement", "pls_discriminant", "pls_structural", "pls_mediation",
                    "pls_ipma", "pls_groups")
PLS_HEADINGS = (*PLS_SECTION_KEYS, "segments")

# published thresholds (DOMAIN.md §2) that the results do not carry
HTMT_STRICT, HTMT_LIBERAL = 0.85, 0.90                  # Henseler, Ringle & Sarstedt 2015
FIT_STRICT = {"cfi": 0.95, "tli": 0.95, "rmsea": 0.06, "srmr": 0.08, "chisq/df": 3.0}   # Hu & Bentler 1999
FIT_COMMON = {"cfi": 0.90, "tli": 0.90, "rmsea": 0.08, "srmr": 0.08, "chisq/df": 5.0}
LOADING_OK, LOADING_IDEAL = 0.50, 0.70                  # Hair et al. 2019
ALPHA = 0.05

# ----------------------------------------------------------------------------------------------
# simplified → traditional (Taiwan usage): phrases first, then single characters
# ----------------------------------------------------------------------------------------------
_HANT_PHRASES = [
    ("平均方差抽取量", "平均變異抽取量"), ("组合信度", "組成信度"), ("区分效度", "區別效度"),
    ("收敛效度", "收斂效度"), ("置信区间", "信賴區間"), ("自助法", "拔靴法"), ("拟合", "配適"),
    ("潜变量", "潛在變項"), ("变量", "變項"), ("因子分析", "因素分析"), ("因子", "因素"), ("载荷", "負荷量"),
    ("方差", "變異數"), ("最大似然", "最大概似"), ("列删法", "完全刪除法"), ("缺失", "遺漏"),
    ("效应量", "效果量"), ("效应", "效果"), ("检验", "檢定"), ("数据", "資料"), ("均值", "平均數"),
    ("共同方法偏差", "共同方法變異"), ("得到支持", "獲得支持"), ("质量", "品質"), ("默认", "預設"),
    ("偏差校正", "偏誤校正"), ("样本量", "樣本數"), ("回归", "迴歸"), ("依次", "依序"), ("信息", "資訊"),
    ("似然比", "概似比"), ("形态", "形貌"), ("度量", "量尺"), ("标量", "純量"), ("正态分布", "常態分配"), ("正态", "常態"),
    ("修正指数", "修正指標"),
    ("偏度", "偏態"), ("峰度", "峰態"), ("共线性", "共線性"),
    ("“", "「"), ("”", "」"),
]
# pairs "simplified traditional"; every simplified character of the templates is here (a test checks it)
_HANT_PAIRS = ("与與两兩严嚴个個临臨为為于於仅僅优優体體关關内內况況准準则則动動区區单單占佔变變号號后後围圍处處"
               "复複宽寬对對将將层層属屬并並应應异異当當径徑态態总總据據数數断斷无無时時显顯机機权權条條来來松鬆"
               "构構标標样樣检檢没沒测測满滿种種称稱稳穩简簡类類系係级級纳納线線组組经經结結给給绩績综綜范範见見"
               "视視计計订訂设設评評该該说說谨謹负負质質转轉较較达達过過这這进進适適释釋问問间間随隨项項题題驱驅"
               "验驗议議访訪误誤错錯键鍵额額采採删刪录錄报報图圖统統归歸让讓认認识識论論实實现現发發长長开開们們"
               "从從会會绝絕离離读讀虑慮点點导導义義潜潛记記残殘参參确確敛斂")
_HANT_CHARS = str.maketrans({_HANT_PAIRS[i]: _HANT_PAIRS[i + 1] for i in range(0, len(_HANT_PAIRS), 2)})


def to_hant(text: str) -> str:
    """Simplified → traditional Chinese with Taiwanese statistical terms (phrase table, then characters)."""
    for a, b in _HANT_PHRASES:
        text = text.replace(a, b)
    return text.translate(_HANT_CHARS)


# ----------------------------------------------------------------------------------------------
# the sentences; zh-Hant = to_hant(zh-Hans) unless given
# ----------------------------------------------------------------------------------------------
_T: dict[str, dict[str, str]] = {
    # headings
    "h_sample": {"en": "Sample", "zh-Hans": "样本概况"},
    "h_method": {"en": "Factorability, Normality and Common Method Bias",
                 "zh-Hans": "因子分析适切性、正态性与共同方法偏差检验"},
    "h_reliability": {"en": "Reliability and Convergent Validity", "zh-Hans": "信度与收敛效度"},
    "h_discriminant": {"en": "Discriminant Validity", "zh-Hans": "区分效度"},
    "h_fit": {"en": "Model Fit", "zh-Hans": "模型拟合"},
    "h_hypotheses": {"en": "Hypothesis Tests", "zh-Hans": "假设检验"},
    "h_paths": {"en": "Structural Paths", "zh-Hans": "结构路径"},
    "h_mediation": {"en": "Mediation", "zh-Hans": "中介效应检验"},
    "h_drivers": {"en": "Key Drivers", "zh-Hans": "关键驱动因素"},
    "h_segments": {"en": "Segment Comparisons and Measurement Invariance", "zh-Hans": "分组比较与测量不变性"},
    "h_index": {"en": "Satisfaction Index", "zh-Hans": "满意度指数"},
    # general
    "sep": {"en": ", ", "zh-Hans": "，"},
    "semi": {"en": "; ", "zh-Hans": "；"},
    "list_sep": {"en": ", ", "zh-Hans": "、"},
    "and": {"en": " and ", "zh-Hans": "与"},
    "paren": {"en": "{a} ({b})", "zh-Hans": "{a}（{b}）"},
    "quote": {"en": "“{a}”", "zh-Hans": "“{a}”"},
    "pair": {"en": "{a}–{b}", "zh-Hans": "{a}–{b}"},
    "range": {"en": "ranged from {lo} ({lo_c}) to {hi} ({hi_c})", "zh-Hans": "介于 {lo}（{lo_c}）与 {hi}（{hi_c}）之间"},
    "single": {"en": "was {v} ({c})", "zh-Hans": "为 {v}（{c}）"},
    "end": {"en": ".", "zh-Hans": "。"},
    # sample
    "names": {"en": "The constructs are referred to by their abbreviations: {list}.",
              "zh-Hans": "本研究的构念及其简称为：{list}；下文使用括号内的简称。"},
    "screened": {"en": "Of the {total} responses collected, {excl} ({share}%) were excluded before the analysis "
                       "({reasons}{multi}), leaving N = {n} valid responses (a valid-response rate of {rate}%).",
                 "zh-Hans": "共回收问卷 {total} 份，分析前剔除 {excl} 份（{share}%；{reasons}{multi}），"
                            "得到有效样本 N = {n}，有效率为 {rate}%。"},
    "multi": {"en": "; a response could meet more than one criterion", "zh-Hans": "；同一份问卷可能同时符合多项剔除条件"},
    "plain_n": {"en": "The analysis used N = {n} responses.", "zh-Hans": "分析样本为 N = {n} 份。"},
    "r_attention": {"en": "{k} failed the attention check", "zh-Hans": "未通过注意力检测题 {k} 份"},
    "r_speeder": {"en": "{k} were completed implausibly fast", "zh-Hans": "作答时间过短 {k} 份"},
    "r_straightlining": {"en": "{k} gave the same answer throughout", "zh-Hans": "直线作答 {k} 份"},
    "r_duplicate": {"en": "{k} were duplicates", "zh-Hans": "重复作答 {k} 份"},
    "r_missing": {"en": "{k} had too many missing answers", "zh-Hans": "缺失过多 {k} 份"},
    "r_out_of_range": {"en": "{k} had answers outside the scale", "zh-Hans": "答案超出量表范围 {k} 份"},
    "r_other": {"en": "{k} for “{code}”", "zh-Hans": "“{code}” {k} 份"},
    "est_ML": {"en": "maximum likelihood (ML)", "zh-Hans": "最大似然法（ML）"},
    "est_MLR": {"en": "maximum likelihood with robust standard errors and a scaled test statistic (MLR)",
                "zh-Hans": "稳健最大似然法（MLR）"},
    "models_both": {"en": "the measurement and structural models were", "zh-Hans": "测量模型与结构模型"},
    "models_cfa": {"en": "the measurement model was", "zh-Hans": "测量模型"},
    "est_all": {"en": "{Models} estimated by {est} on all {n} responses.",
                "zh-Hans": "{models}采用{est}估计，使用全部 {n} 份样本。"},
    "est_listwise": {"en": "{Models} estimated by {est} on the {m} responses without missing answers on the "
                           "model's items (listwise deletion; {d} responses with missing answers were left out).",
                     "zh-Hans": "{models}采用{est}估计，基于模型题目无缺失的 {m} 份样本（成列删除，排除含缺失值的样本 {d} 份）。"},
    "est_fiml": {"en": "{Models} estimated by {est} with full-information maximum likelihood (FIML) for the "
                       "missing answers, using all {m} responses.",
                 "zh-Hans": "{models}采用{est}估计，并以全信息最大似然法（FIML）处理缺失值，使用全部 {m} 份样本。"},
    "means": {"en": "Mean construct scores ranged from M = {lo} (SD = {lo_sd}; {lo_c}) to M = {hi} (SD = {hi_sd}; "
                    "{hi_c}).",
              "zh-Hans": "各构念得分的均值介于 M = {lo}（SD = {lo_sd}；{lo_c}）与 M = {hi}（SD = {hi_sd}；{hi_c}）之间。"},
    # method
    "kmo": {"en": "The Kaiser–Meyer–Olkin measure of sampling adequacy was KMO = {kmo} ({label}; {cite})",
            "zh-Hans": "KMO 值为 {kmo}（{label}；{cite}）"},
    "bartlett_ok": {"en": "Bartlett's test of sphericity was significant, χ²({df}) = {chisq}, {p} ({cite})",
                    "zh-Hans": "Bartlett 球形检验显著，χ²({df}) = {chisq}，{p}（{cite}）"},
    "bartlett_no": {"en": "Bartlett's test of sphericity was not significant, χ²({df}) = {chisq}, {p} ({cite})",
                    "zh-Hans": "Bartlett 球形检验不显著，χ²({df}) = {chisq}，{p}（{cite}）"},
    "factorable": {"en": "so the items were suitable for factor analysis.",
                   "zh-Hans": "表明数据适合进行因子分析。"},
    "not_factorable": {"en": "so the suitability of the items for factor analysis was questionable.",
                       "zh-Hans": "数据是否适合进行因子分析存疑。"},
    "harman_ok": {"en": "In Harman's single-factor test, the first unrotated factor accounted for {share}% of the "
                        "variance, below the {limit}% threshold ({cite}), so common method bias was unlikely to be "
                        "a serious problem.",
                  "zh-Hans": "Harman 单因子检验中，未旋转的第一个因子解释了 {share}% 的方差，低于 {limit}% 的临界值（{cite}），"
                             "说明不存在严重的共同方法偏差。"},
    "harman_no": {"en": "In Harman's single-factor test, the first unrotated factor accounted for {share}% of the "
                        "variance, at or above the {limit}% threshold ({cite}), which points to common method bias.",
                  "zh-Hans": "Harman 单因子检验中，未旋转的第一个因子解释了 {share}% 的方差，达到或超过 {limit}% 的临界值（{cite}），"
                             "提示可能存在共同方法偏差。"},
    # normality (Mardia 1970)
    "mardia": {"en": "Mardia's test of multivariate normality ({n} responses without missing answers on {k} items; "
                     "{cite}) gave a multivariate skewness of b1p = {b1p}, χ²({df}) = {skew}, {p_skew}, and a "
                     "multivariate kurtosis of b2p = {b2p} (expected under normality: {exp}), z = {z}, {p_kurt}.",
               "zh-Hans": "Mardia 多元正态性检验（{n} 份在 {k} 个题目上无缺失的样本；{cite}）显示，多元偏度 b1p = {b1p}，"
                          "χ²({df}) = {skew}，{p_skew}；多元峰度 b2p = {b2p}（正态分布下的期望值为 {exp}），z = {z}，{p_kurt}。"},
    "mardia_normal": {"en": "Neither test rejected multivariate normality (both p ≥ {alpha}), so maximum likelihood "
                            "estimation was appropriate.",
                      "zh-Hans": "两项检验均未拒绝多元正态性（p 均 ≥ {alpha}），适合采用最大似然估计。"},
    "mardia_ml": {"en": "The data departed from multivariate normality in {which}{severity}; robust standard errors and "
                        "a scaled test statistic (MLR) would be the safer choice, and the ML results should be read "
                        "with this in mind.",
                  "zh-Hans": "数据在{which}上偏离多元正态{severity}；采用稳健标准误与校正检验统计量（MLR）更为稳妥，"
                             "解读 ML 结果时应考虑这一点。"},
    "mardia_mlr": {"en": "The data departed from multivariate normality in {which}{severity}; the MLR estimator used "
                         "here corrects the standard errors and the test statistic for this.",
                   "zh-Hans": "数据在{which}上偏离多元正态{severity}；本研究采用的 MLR 估计已对标准误与检验统计量进行稳健校正。"},
    "mardia_severe": {"en": ", with a normalized kurtosis beyond ±{z} ({cite})",
                      "zh-Hans": "，标准化峰度超过 ±{z}（{cite}）"},
    "mardia_moderate": {"en": " (the normalized kurtosis stayed within ±{z}, a moderate departure; {cite})",
                        "zh-Hans": "（标准化峰度未超过 ±{z}，属于中度偏离；{cite}）"},
    "w_skew": {"en": "skewness", "zh-Hans": "偏度"},
    "w_kurt": {"en": "kurtosis", "zh-Hans": "峰度"},
    # common method bias beyond Harman's test
    "cmb_single_yes": {"en": "A single-factor CFA, with every item loading on one factor, fitted clearly worse than the "
                             "measurement model ({test}, ΔCFI = {dcfi}; {cite}), so one common factor did not "
                             "account for the covariation of the items.",
                       "zh-Hans": "将全部题目设为单一因子的 CFA 拟合明显差于测量模型（{test}，ΔCFI = {dcfi}；{cite}），"
                                  "说明题目间的共变并非由单一共同因子所致。"},
    "cmb_single_no": {"en": "A single-factor CFA, with every item loading on one factor, did not fit clearly worse than "
                            "the measurement model ({test}, ΔCFI = {dcfi}; {cite}), so a common method factor may "
                            "dominate the responses.",
                      "zh-Hans": "将全部题目设为单一因子的 CFA 拟合并未明显差于测量模型（{test}，ΔCFI = {dcfi}；{cite}），"
                                 "作答可能受共同方法因子主导。"},
    "cmb_single_none": {"en": "A single-factor CFA was compared with the measurement model ({test}, ΔCFI = {dcfi}; "
                              "{cite}), but the difference test was not defined, so no verdict was drawn from it.",
                        "zh-Hans": "单因子 CFA 与测量模型的比较结果为 {test}，ΔCFI = {dcfi}（{cite}），但差异检验无定义，"
                                   "因此不据此下结论。"},
    "cmb_scaled": {"en": "scaled ", "zh-Hans": "校正 "},
    "cmb_ulmc": {"en": "Adding an unmeasured latent method factor to the measurement model ({cite}) gave a mean "
                       "substantive variance of {s} and a mean method variance of {m} per item, with {q}% of the "
                       "method loadings significant: {verdict}.",
                 "zh-Hans": "在测量模型中加入不可测潜在方法因子（{cite}）后，题目的平均实质变异为 {s}，平均方法变异为 {m}，"
                            "{q}% 的方法载荷显著：{verdict}。"},
    "cmb_ulmc_none": {"en": "Adding an unmeasured latent method factor to the measurement model ({cite}) gave a mean "
                            "substantive variance of {s} and a mean method variance of {m} per item, with {q}% of "
                            "the method loadings significant; as the method-factor model had no proper, converged "
                            "solution, no verdict was drawn from it.",
                      "zh-Hans": "在测量模型中加入不可测潜在方法因子（{cite}）后，题目的平均实质变异为 {s}，平均方法变异为 {m}，"
                                 "{q}% 的方法载荷显著；由于方法因子模型没有收敛的合理解，不据此下结论。"},
    "cmb_ulmc_failed": {"en": "The model with an unmeasured latent method factor ({cite}) did not converge, so no "
                              "verdict was drawn from it.",
                        "zh-Hans": "加入不可测潜在方法因子的模型（{cite}）未收敛，因此不据此下结论。"},
    "cmb_ulmc_na": {"en": "The model with an unmeasured latent method factor could not be estimated: {why}.",
                    "zh-Hans": "加入不可测潜在方法因子的模型无法估计：{why}。"},
    "cmb_single_na": {"en": "The single-factor CFA could not be estimated: {why}.",
                      "zh-Hans": "单因子 CFA 无法估计：{why}。"},
    "cmb_both_na": {"en": "Neither the single-factor CFA nor the model with an unmeasured latent method factor was "
                          "estimated: {why}.",
                    "zh-Hans": "单因子 CFA 与加入不可测潜在方法因子的模型均未估计：{why}。"},
    "cmb_marker": {"en": "With {marker} as a marker variable (r_M = {rm}; {cite}), {lost} of the {sig} significant "
                         "correlations among the items lost significance after the correction{tail}.",
                   "zh-Hans": "以 {marker} 为标记变量（r_M = {rm}；{cite}）校正后，{sig} 个显著相关中有 {lost} 个不再显著{tail}。"},
    "cmb_marker_ok": {"en": ", so common method variance did not change the conclusions",
                      "zh-Hans": "，共同方法变异未改变结论"},
    "cmb_marker_some": {"en": ", so common method variance may inflate these correlations",
                        "zh-Hans": "，共同方法变异可能高估了这些相关"},
    "cmb_marker_na": {"en": "The marker-variable correction could not be computed: {why}.",
                      "zh-Hans": "标记变量校正无法完成：{why}。"},
    "cmb_vif_ok": {"en": "The full-collinearity VIFs of the construct scores {range}, all ≤ {limit} ({cite}).",
                   "zh-Hans": "各构念得分的完全共线性 VIF {range}，均 ≤ {limit}（{cite}）。"},
    "cmb_vif_no": {"en": "The full-collinearity VIFs of the construct scores {range}; {list} exceeded {limit} "
                         "({cite}), a sign of common method bias or collinearity.",
                   "zh-Hans": "各构念得分的完全共线性 VIF {range}；{list} 超过 {limit}（{cite}），提示可能存在共同方法偏差或共线性。"},
    "cmb_vif_na": {"en": "The full-collinearity VIFs could not be computed: {why}.",
                   "zh-Hans": "完全共线性 VIF 无法计算：{why}。"},
    "vif_range": {"en": "ranged from {lo} ({lo_c}) to {hi} ({hi_c})", "zh-Hans": "介于 {lo}（{lo_c}）与 {hi}（{hi_c}）之间"},
    "cmb_all_ok": {"en": "Taken together, common method bias was unlikely to be a serious problem.",
                   "zh-Hans": "综合来看，共同方法偏差不太可能是严重问题。"},
    "cmb_some": {"en": "Taken together, {list} pointed to possible common method bias, which should be kept in mind "
                       "when the paths are interpreted.",
                 "zh-Hans": "综合来看，{list}提示可能存在共同方法偏差，解释路径时应注意。"},
    "c_harman": {"en": "Harman's test", "zh-Hans": "Harman 检验"},
    "c_single": {"en": "the single-factor CFA", "zh-Hans": "单因子 CFA"},
    "c_ulmc": {"en": "the method factor", "zh-Hans": "方法因子"},
    "c_marker": {"en": "the marker variable", "zh-Hans": "标记变量"},
    "c_vif": {"en": "the full-collinearity VIFs", "zh-Hans": "完全共线性 VIF"},
    # reliability
    "rel_ranges": {"en": "Cronbach's α {ra}, composite reliability (CR) {rc}, and the average variance extracted "
                         "(AVE) {rv}.",
                   "zh-Hans": "各构念的 Cronbach's α 系数{ra}，组合信度（CR）{rc}，平均方差抽取量（AVE）{rv}。"},
    "rel_criteria": {"en": "The criteria were α ≥ {a} ({a_src}), CR ≥ {c} ({c_src}) and AVE ≥ {v} ({v_src}).",
                     "zh-Hans": "判断标准为 α ≥ {a}（{a_src}）、CR ≥ {c}（{c_src}）、AVE ≥ {v}（{v_src}）。"},
    "rel_single": {"en": "Single-item constructs ({list}) have no α.", "zh-Hans": "单题构念（{list}）无法计算 α。"},
    "rel_na": {"en": "{stats} of {list} {verb} not reported: {why}.", "zh-Hans": "{list} 的 {stats} 未报告：{why}。"},
    "rel_higher": {"en": "For {c}, {note}.", "zh-Hans": "{c} 为{note}。"},
    "rel_warn": {"en": "{list} had {stat} between the tolerable {warn} and {good}.",
                 "zh-Hans": "{list} 的 {stat} 介于可接受下限 {warn} 与 {good} 之间。"},
    "rel_fail": {"en": "{list} had {stat} below {warn}.", "zh-Hans": "{list} 的 {stat} 低于 {warn}。"},
    "rel_all_ok": {"en": "All constructs therefore showed good internal consistency reliability and convergent "
                         "validity.",
                   "zh-Hans": "各构念均具有良好的内部一致性信度与收敛效度。"},
    "rel_some_warn": {"en": "Reliability and convergent validity were therefore acceptable, with reservations for "
                            "{list}.",
                      "zh-Hans": "信度与收敛效度总体可以接受，但 {list} 需谨慎解释。"},
    "rel_some_fail": {"en": "Reliability or convergent validity was therefore not established for {list}; their "
                            "items should be reviewed.",
                      "zh-Hans": "因此 {list} 的信度或收敛效度未达标准，应检查并修订其题目。"},
    "loadings": {"en": "Standardized loadings ranged from {lo} to {hi} (≥ {ok} acceptable, ≥ {ideal} ideal; "
                       "Hair et al., 2019).",
                 "zh-Hans": "标准化因子载荷介于 {lo} 与 {hi} 之间（≥ {ok} 可接受，≥ {ideal} 为理想；Hair et al., 2019）。"},
    "loadings_low": {"en": "{list} loaded below {ok}.", "zh-Hans": "{list} 的载荷低于 {ok}。"},
    # discriminant
    "htmt_ok": {"en": "The largest heterotrait–monotrait ratio was HTMT = {max} ({pair}), below the strict "
                      "threshold of {strict} (Henseler et al., 2015).",
                "zh-Hans": "异质–单质比率的最大值为 HTMT = {max}（{pair}），低于严格标准 {strict}（Henseler et al., 2015）。"},
    "htmt_liberal": {"en": "The largest heterotrait–monotrait ratio was HTMT = {max}; {list} exceeded the strict "
                           "threshold of {strict} but stayed below the liberal {liberal} (Henseler et al., 2015), "
                           "so discriminant validity held by the liberal criterion only.",
                     "zh-Hans": "异质–单质比率的最大值为 HTMT = {max}；{list} 超过严格标准 {strict}，但低于宽松标准 {liberal}"
                                "（Henseler et al., 2015），区分效度仅满足宽松标准。"},
    "htmt_fail": {"en": "The largest heterotrait–monotrait ratio was HTMT = {max}; {list} reached the liberal "
                        "threshold of {liberal} (Henseler et al., 2015), so discriminant validity was not "
                        "established for the pairs concerned.",
                  "zh-Hans": "异质–单质比率的最大值为 HTMT = {max}；{list} 达到或超过宽松标准 {liberal}"
                             "（Henseler et al., 2015），这些构念之间的区分效度不成立。"},
    "fl_ok": {"en": "The square root of each construct's AVE ({lo}–{hi}) exceeded its correlations with the other "
                    "constructs (largest |r| = {r}), so the Fornell–Larcker criterion was met ({cite}).",
              "zh-Hans": "各构念 AVE 的平方根（{lo}–{hi}）均大于其与其他构念的相关系数（最大 |r| = {r}），"
                         "满足 Fornell–Larcker 准则（{cite}）。"},
    "fl_fail": {"en": "The square root of the AVE did not exceed the largest correlation with another construct "
                      "for {list}, so the Fornell–Larcker criterion was not met for these constructs ({cite}).",
                "zh-Hans": "{list} 的 AVE 平方根未超过其与其他构念的最大相关系数，不满足 Fornell–Larcker 准则（{cite}）。"},
    "fl_item": {"en": "{c} (√AVE = {s}, r = {r} with {o})", "zh-Hans": "{c}（√AVE = {s}，与 {o} 的 r = {r}）"},
    "fl_na": {"en": "The Fornell–Larcker criterion was not applied: {why}.", "zh-Hans": "未采用 Fornell–Larcker 准则：{why}。"},
    "htmt_left": {"en": "The HTMT comparison left out {list}: {why}.", "zh-Hans": "HTMT 比较未纳入 {list}：{why}。"},
    "disc_ok": {"en": "Discriminant validity was therefore supported.", "zh-Hans": "综上，各构念之间具有良好的区分效度。"},
    # fit
    "fit_cfa": {"en": "The measurement model (CFA)", "zh-Hans": "测量模型（CFA）"},
    "fit_sem": {"en": "The structural model", "zh-Hans": "结构模型"},
    "fit_values": {"en": "{model} yielded {values}{robust}.", "zh-Hans": "{model}的拟合结果为：{values}{robust}。"},
    "fit_robust": {"en": " (MLR: scaled χ², robust CFI, TLI and RMSEA)",
                   "zh-Hans": "（MLR：校正 χ²，稳健 CFI、TLI 与 RMSEA）"},
    "fit_good": {"en": "Every index met the strict criteria (CFI and TLI ≥ {cfi}, RMSEA ≤ {rmsea}, SRMR ≤ {srmr}; "
                       "Hu & Bentler, 1999; χ²/df < {ratio}), indicating a good fit.",
                 "zh-Hans": "各项指标均达到严格标准（CFI 与 TLI ≥ {cfi}，RMSEA ≤ {rmsea}，SRMR ≤ {srmr}；Hu & Bentler, "
                            "1999；χ²/df < {ratio}），模型拟合良好。"},
    "fit_ok": {"en": "Every index met the common criteria (CFI and TLI ≥ {cfi}, RMSEA ≤ {rmsea}, SRMR ≤ {srmr}, "
                     "χ²/df < {ratio}), indicating an acceptable fit, although {list} missed the strict criteria of "
                     "Hu and Bentler (1999).",
               "zh-Hans": "各项指标均达到常用标准（CFI 与 TLI ≥ {cfi}，RMSEA ≤ {rmsea}，SRMR ≤ {srmr}，χ²/df < {ratio}），"
                          "模型拟合可以接受，但 {list} 未达到 Hu 与 Bentler（1999）的严格标准。"},
    "fit_poor": {"en": "{list} did not meet the common criteria (CFI and TLI ≥ {cfi}, RMSEA ≤ {rmsea}, SRMR ≤ "
                       "{srmr}, χ²/df < {ratio}; Hu & Bentler, 1999), indicating a poor fit; the model should be "
                       "revised before its paths are interpreted.",
                 "zh-Hans": "{list} 未达到常用标准（CFI 与 TLI ≥ {cfi}，RMSEA ≤ {rmsea}，SRMR ≤ {srmr}，χ²/df < {ratio}；"
                            "Hu & Bentler, 1999），模型拟合欠佳，应先修正模型再解释路径。"},
    "fit_chisq": {"en": "The χ² test was significant, as is usual with samples of this size, so the evaluation "
                        "rests on the fit indices.",
                  "zh-Hans": "χ² 检验显著，这在此样本量下较为常见，因此以拟合指数为主要判断依据。"},
    # local fit: modification indices and standardized residuals
    "local_cfa": {"en": "In the measurement model", "zh-Hans": "测量模型中"},
    "local_sem": {"en": "In the structural model", "zh-Hans": "结构模型中"},
    "local_mi": {"en": "{model}, {k} of the {n} largest modification indices had MI > {cut} (p < .05); the largest "
                       "were {list}.",
                 "zh-Hans": "{model}，最大的 {n} 个修正指数中有 {k} 个 MI > {cut}（p < .05），最大的为 {list}。"},
    "local_mi_none": {"en": "{model}, no modification index had MI > {cut} (p < .05).",
                      "zh-Hans": "{model}，没有修正指数 MI > {cut}（p < .05）。"},
    "local_mi_item": {"en": "{par} (MI = {mi}, standardized EPC = {sepc})", "zh-Hans": "{par}（MI = {mi}，标准化 EPC = {sepc}）"},
    "local_res": {"en": "Standardized residuals with |z| > {cut} remained for {list}.",
                  "zh-Hans": "标准化残差 |z| > {cut} 的题目对为 {list}。"},
    "local_res_none": {"en": "No standardized residual had |z| > {cut}.", "zh-Hans": "没有标准化残差 |z| > {cut}。"},
    "local_res_item": {"en": "{a}–{b} (z = {z})", "zh-Hans": "{a}–{b}（z = {z}）"},
    "local_advice": {"en": "A parameter should be freed on these grounds only when theory supports it.",
                     "zh-Hans": "只有在理论上合理时，才应据此释放参数。"},
    # hypotheses
    "h_intro": {"en": "A hypothesis was supported when its estimate had the hypothesized sign and the 95% {method} "
                      "confidence interval excluded zero{boot}.",
                "zh-Hans": "当路径估计值的方向与假设一致且其 95% {method}置信区间不包含 0 时，视为假设得到支持{boot}。"},
    "boot_n": {"en": "{b} resamples, seed {s}", "zh-Hans": "重抽样 {b} 次，随机种子 {s}"},
    "boot_n_noseed": {"en": "{b} resamples", "zh-Hans": "重抽样 {b} 次"},
    "m_percentile": {"en": "percentile bootstrap", "zh-Hans": "百分位自助法"},
    "m_bc": {"en": "bias-corrected bootstrap", "zh-Hans": "偏差校正自助法"},
    "m_bca": {"en": "bias-corrected and accelerated (BCa) bootstrap", "zh-Hans": "偏差校正加速（BCa）自助法"},
    "m_delta": {"en": "delta-method", "zh-Hans": "delta 法"},
    "m_t": {"en": "t-based", "zh-Hans": "t 分布", "zh-Hant": "t 分配"},
    "sign_+": {"en": "positive", "zh-Hans": "正向"},
    "sign_-": {"en": "negative", "zh-Hans": "负向"},
    "hyp_yes": {"en": "{id} ({path}) was supported: {stats}.", "zh-Hans": "{id}（{path}）得到支持：{stats}。"},
    "hyp_no_ci": {"en": "{id} ({path}) was not supported: {stats}, which includes zero.",
                  "zh-Hans": "{id}（{path}）未得到支持：{stats}，区间包含 0。"},
    "hyp_no_sign": {"en": "{id} ({path}) was not supported: {stats}; the estimate had the opposite sign.",
                    "zh-Hans": "{id}（{path}）未得到支持：{stats}；估计值方向与假设相反。"},
    "hyp_indirect": {"en": "indirect effect", "zh-Hans": "间接效应", "zh-Hant": "間接效果"},
    "hyp_moderates": {"en": "{w} moderates {path}", "zh-Hans": "{w} 调节 {path}", "zh-Hant": "{w} 調節 {path}"},
    "hyp_moderated_mediation": {"en": "{w} moderates the indirect effect {path}, index of moderated mediation",
                                "zh-Hans": "{w} 调节间接效应 {path}，有调节的中介指数",
                                "zh-Hant": "{w} 調節間接效果 {path}，被調節的中介指標"},
    "sign_int_+": {"en": "positive interaction", "zh-Hans": "交互作用为正", "zh-Hant": "交互作用為正"},
    "sign_int_-": {"en": "negative interaction", "zh-Hans": "交互作用为负", "zh-Hant": "交互作用為負"},
    "hyp_total": {"en": "total effect via {via}; the model has no direct path",
                  "zh-Hans": "经由 {via} 的总效应；模型未设定直接路径"},
    "hyp_summary": {"en": "In total, {k} of {m} hypotheses were supported{yes}{no}.",
                    "zh-Hans": "综上，{m} 项假设中有 {k} 项得到支持{yes}{no}。"},
    "hyp_sum_yes": {"en": " ({list})", "zh-Hans": "（{list}）"},
    "hyp_sum_no": {"en": "; {list} were not", "zh-Hans": "，{list} 未得到支持"},
    "hyp_sum_no1": {"en": "; {list} was not", "zh-Hans": "，{list} 未得到支持"},
    "paths_intro": {"en": "Without stated hypotheses, the structural paths were: {list}.",
                    "zh-Hans": "未设定研究假设，结构路径估计结果为：{list}。"},
    "r2": {"en": "The explained variance of the endogenous constructs was {list}.",
           "zh-Hans": "模型对内生构念的解释力为：{list}。"},
    "r2_item": {"en": "R² = {v} for {c}", "zh-Hans": "{c} 的 R² = {v}"},
    # mediation
    "med_intro_boot": {"en": "Indirect effects were tested with {method} confidence intervals ({boot}Preacher & "
                             "Hayes, 2008).",
                       "zh-Hans": "间接效应采用{method}置信区间检验（{boot}Preacher & Hayes, 2008）。"},
    "med_intro_delta": {"en": "Indirect effects were tested with delta-method confidence intervals; no bootstrap "
                              "was run, although a percentile bootstrap is recommended (Preacher & Hayes, 2008).",
                        "zh-Hans": "间接效应采用 delta 法置信区间检验；本次未进行自助法重抽样，建议采用百分位自助法"
                                   "（Preacher & Hayes, 2008）。"},
    "med_bc": {"en": "Bias-corrected intervals can inflate the Type I error rate; the percentile interval is the "
                     "safer choice.",
               "zh-Hans": "偏差校正区间可能使第一类错误率偏高，百分位区间更为稳妥。"},
    "med_yes": {"en": "The indirect effect of {x} on {y} via {via} was B = {b} (β = {beta}), 95% CI [{lo}, {hi}], "
                      "which excludes zero: the mediation was significant{kind}.",
                "zh-Hans": "{x} 经由 {via} 对 {y} 的间接效应为 B = {b}（β = {beta}），95% CI [{lo}, {hi}]，不包含 0，"
                           "中介效应显著{kind}。"},
    "med_no": {"en": "The indirect effect of {x} on {y} via {via} was B = {b} (β = {beta}), 95% CI [{lo}, {hi}], "
                     "which includes zero: there was no significant mediation.",
               "zh-Hans": "{x} 经由 {via} 对 {y} 的间接效应为 B = {b}（β = {beta}），95% CI [{lo}, {hi}]，包含 0，"
                          "中介效应不显著。"},
    "med_partial": {"en": "; the direct effect remained significant (B = {b}, 95% CI [{lo}, {hi}]), a partial "
                          "mediation",
                    "zh-Hans": "；直接效应仍显著（B = {b}，95% CI [{lo}, {hi}]），属于部分中介"},
    "med_full": {"en": "; the direct effect was not significant (B = {b}, 95% CI [{lo}, {hi}]), a full mediation",
                 "zh-Hans": "；直接效应不显著（B = {b}，95% CI [{lo}, {hi}]），属于完全中介"},
    "med_nodirect": {"en": " (the model has no direct path from {x} to {y})",
                     "zh-Hans": "（模型未设定 {x} → {y} 的直接路径）"},
    "med_total": {"en": "The total indirect effect of {x} on {y} was B = {b} (β = {beta}), 95% CI [{lo}, {hi}].",
                  "zh-Hans": "{x} 对 {y} 的总间接效应为 B = {b}（β = {beta}），95% CI [{lo}, {hi}]。"},
    # drivers
    "lmg": {"en": "Relative importance analysis (LMG; Lindeman et al., 1980) divided the explained variance of "
                  "{target} (R² = {r2}) among its drivers. The strongest were {list}.",
            "zh-Hans": "相对重要性分析（LMG；Lindeman et al., 1980）将 {target} 的解释方差（R² = {r2}）分解到各驱动因素，"
                       "重要性最高的依次为 {list}。"},
    "lmg_item": {"en": "{c} ({s}% of R²{ci})", "zh-Hans": "{c}（占 R² 的 {s}%{ci}）"},
    "lmg_ci": {"en": ", 95% CI [{lo}, {hi}]", "zh-Hans": "，95% CI [{lo}, {hi}]"},
    "ipa_kind_total_effect": {"en": "standardized total effects on {target}", "zh-Hans": "对 {target} 的标准化总效应"},
    "ipa_kind_stated": {"en": "stated importance", "zh-Hans": "自评重要性"},
    "ipa_yes": {"en": "In the importance–performance analysis (importance: {kind}; performance: mean ratings; "
                      "{center}; {cite}), {list} fell in the {label} quadrant (high importance, low performance), "
                      "in order of priority; these are the first candidates for improvement.",
                "zh-Hans": "重要性–绩效分析（重要性为{kind}，绩效为平均评分，{center}；{cite}）中，落入{label}"
                           "（高重要性、低绩效）的驱动因素按优先序依次为 {list}，应优先改进。"},
    "ipa_none": {"en": "In the importance–performance analysis (importance: {kind}; performance: mean ratings; "
                       "{center}; {cite}), no driver fell in the {label} quadrant (high importance, low "
                       "performance).",
                 "zh-Hans": "重要性–绩效分析（重要性为{kind}，绩效为平均评分，{center}；{cite}）中，没有驱动因素落入{label}"
                            "（高重要性、低绩效）。"},
    "ipa_item": {"en": "{c} (importance = {i}, M = {m})", "zh-Hans": "{c}（重要性 = {i}，M = {m}）"},
    "stated_yes": {"en": "With the respondents' stated importance instead, {list} fell in this quadrant.",
                   "zh-Hans": "若改用受访者的自评重要性，落入该区的为 {list}。"},
    "stated_none": {"en": "With the respondents' stated importance instead, no driver fell in this quadrant.",
                    "zh-Hans": "若改用受访者的自评重要性，则没有驱动因素落入该区。"},
    "step_failed": {"en": "The {what} could not be computed: {why}", "zh-Hans": "{what}未能完成：{why}"},
    "w_drivers": {"en": "driver analysis", "zh-Hans": "驱动因素分析"},
    "w_ipa": {"en": "importance–performance analysis", "zh-Hans": "重要性–绩效分析"},
    "w_groups": {"en": "segment comparison", "zh-Hans": "分组比较"},
    "w_invariance": {"en": "invariance test", "zh-Hans": "测量不变性检验"},
    "w_index": {"en": "satisfaction index", "zh-Hans": "满意度指数"},
    # segments
    "grp_intro": {"en": "Construct means were compared across the segments of {group} ({tests}), with p-values "
                        "corrected across the constructs ({corr}).",
                  "zh-Hans": "采用 {tests}比较 {group} 各分组的构念均值，并对各构念的 p 值进行校正（{corr}）。"},
    "grp_small": {"en": "Segments with fewer than {min} answers ({list}) were left out of the tests.",
                  "zh-Hans": "作答少于 {min} 份的分组（{list}）未纳入检验。"},
    "grp_none": {"en": "After the correction, no construct differed significantly across the segments (all adjusted "
                       "p ≥ {alpha}).",
                 "zh-Hans": "校正后，各构念在分组间均无显著差异（校正后 p 均 ≥ {alpha}）。"},
    "grp_some": {"en": "After the correction, {list} differed significantly across the segments.",
                 "zh-Hans": "校正后，{list} 在分组间存在显著差异。"},
    "grp_item": {"en": "{c} ({stat}, {p}, adjusted {padj}, {eff}; highest in {hi} with M = {hi_m}, lowest in {lo} "
                       "with M = {lo_m})",
                 "zh-Hans": "{c}（{stat}，{p}，校正后 {padj}，{eff}；{hi}最高，M = {hi_m}；{lo}最低，M = {lo_m}）"},
    "inv_skipped": {"en": "Measurement invariance across the segments of {group} was not tested: fewer than two "
                          "segments had at least {min} complete responses.",
                    "zh-Hans": "完整作答达到 {min} 份的 {group} 分组不足两个，因此未检验测量不变性。"},
    "inv_intro": {"en": "Measurement invariance was tested across the segments of {group} with at least {min} "
                        "complete responses ({list}){small}.",
                  "zh-Hans": "以完整作答不少于 {min} 份的 {group} 分组（{list}）检验测量不变性{small}。"},
    "inv_small": {"en": "; {list} had fewer", "zh-Hans": "，{list} 样本不足未纳入"},
    "inv_holds": {"en": "By the usual criteria (a level is rejected only when ΔCFI ≤ {cfi} together with ΔRMSEA ≥ {rmsea} or ΔSRMR ≥ {srmr_m} (metric) or ≥ {srmr_s} (scalar); {cite}), invariance held up to "
                        "the {level} level ({steps}){meaning}.",
                  "zh-Hans": "按常用标准（仅当 ΔCFI ≤ {cfi} 且 ΔRMSEA ≥ {rmsea} 或 ΔSRMR ≥ {srmr_m}（度量）或 ≥ {srmr_s}（标量）时拒绝该层级；{cite}），测量不变性成立至{level}层级"
                             "（{steps}）{meaning}。"},
    "inv_configural": {"en": "By the usual criteria (a level is rejected only when ΔCFI ≤ {cfi} together with ΔRMSEA ≥ {rmsea} or ΔSRMR ≥ {srmr_m} (metric) or ≥ {srmr_s} (scalar); {cite}), only {level} "
                             "invariance held: {model} invariance was rejected ({step}), so neither the paths nor "
                             "the means should be compared across the segments.",
                       "zh-Hans": "按常用标准（仅当 ΔCFI ≤ {cfi} 且 ΔRMSEA ≥ {rmsea} 或 ΔSRMR ≥ {srmr_m}（度量）或 ≥ {srmr_s}（标量）时拒绝该层级；{cite}），仅{level}不变性成立，"
                                  "{model}不变性不成立（{step}），各分组的路径系数与均值均不宜直接比较。"},
    "inv_step": {"en": "{model} vs. {against}: ΔCFI = {dcfi}, ΔRMSEA = {drmsea}",
                 "zh-Hans": "{model}对{against}：ΔCFI = {dcfi}，ΔRMSEA = {drmsea}"},
    "inv_rejected": {"en": "; {model} invariance was rejected ({step})", "zh-Hans": "；{model}不变性不成立（{step}）"},
    "inv_undecided": {"en": "; whether {model} invariance held could not be decided, a fit index being missing ({step})",
                      "zh-Hans": "；因缺少拟合指标，无法判断{model}不变性是否成立（{step}）"},
    "inv_only_undecided": {"en": "By the usual criteria (a level is rejected only when ΔCFI ≤ {cfi} together with ΔRMSEA ≥ {rmsea} or ΔSRMR ≥ {srmr_m} (metric) or ≥ {srmr_s} (scalar); {cite}), only {level} "
                                 "invariance was established: whether {model} invariance held could not be decided, a "
                                 "fit index being missing ({step}).",
                           "zh-Hans": "按常用标准（仅当 ΔCFI ≤ {cfi} 且 ΔRMSEA ≥ {rmsea} 或 ΔSRMR ≥ {srmr_m}（度量）或 ≥ {srmr_s}（标量）时拒绝该层级；{cite}），仅能确认{level}不变性，"
                                      "因缺少拟合指标，无法判断{model}不变性是否成立（{step}）。"},
    "inv_mlr": {"en": "With the MLR estimator, the changes in fit were those of the robust CFI and RMSEA "
                      "(Brosseau-Liard & Savalei, 2014), and the χ² differences were Satorra–Bentler scaled.",
                "zh-Hans": "由于采用 MLR 估计，拟合变化以稳健 CFI 与稳健 RMSEA 计算（Brosseau-Liard & Savalei, 2014），"
                           "χ² 差异检验采用 Satorra–Bentler 校正。"},
    "inv_partial": {"en": "Partial {level} invariance was reached by releasing {list}, chosen by the largest score "
                          "test (Byrne et al., 1989).",
                    "zh-Hans": "依分数检验由大到小释放 {list} 后，达成部分{level}不变性（Byrne et al., 1989）。"},
    "inv_partial_item": {"en": "{par} (χ²({df}) = {x2}, {p})", "zh-Hans": "{par}（χ²({df}) = {x2}，{p}）"},
    "inv_partial_level": {"en": "partial {level}", "zh-Hans": "部分{level}"},
    "inv_suggest": {"en": "For the {level} model, the score tests pointed to {list} as the equalities whose release "
                          "would improve the fit most; partial invariance could be tested by releasing them.",
                    "zh-Hans": "对于{level}模型，分数检验显示释放 {list} 最能改善拟合，可据此检验部分不变性。"},
    "inv_scalar": {"en": ", so the latent means can be compared across the segments",
                   "zh-Hans": "，各分组的潜变量均值可以比较"},
    "inv_metric": {"en": ", so the paths (but not the means) can be compared across the segments",
                   "zh-Hans": "，各分组的路径系数可以比较，但均值不宜直接比较"},
    "lvl_configural": {"en": "configural", "zh-Hans": "形态"},
    "lvl_metric": {"en": "metric", "zh-Hans": "度量"},
    "lvl_scalar": {"en": "scalar", "zh-Hans": "标量"},
    "lvl_strict": {"en": "strict", "zh-Hans": "严格"},
    "path_none": {"en": "No structural path differed significantly across the segments (likelihood-ratio tests, all "
                        "p ≥ {alpha}).",
                  "zh-Hans": "各结构路径在分组间均无显著差异（似然比检验，p 均 ≥ {alpha}）。"},
    "path_some": {"en": "{list} differed across the segments (likelihood-ratio tests, uncorrected).",
                  "zh-Hans": "{list} 在分组间存在差异（似然比检验，未校正）。"},
    "path_item": {"en": "the path {path} (Δχ²({df}) = {chisq}, {p})", "zh-Hans": "路径 {path}（Δχ²({df}) = {chisq}，{p}）"},
    # index
    "idx": {"en": "The weighted satisfaction index (0–100; E = Σ wᵢ·Iᵢ with weights from {wfrom}: {weights}) "
                  "averaged M = {m} (SD = {sd}), 95% CI [{lo}, {hi}], grade {grade} ({band}).",
            "zh-Hans": "加权满意度指数（0–100；E = Σ wᵢ·Iᵢ，权重来自{wfrom}：{weights}）的均值为 M = {m}（SD = {sd}），"
                       "95% CI [{lo}, {hi}]，等级为{grade}（{band}）。"},
    "idx_w_total": {"en": "the standardized total effects on {target}", "zh-Hans": "对 {target} 的标准化总效应"},
    "idx_w_lmg": {"en": "the LMG shares of R²", "zh-Hans": "LMG 的 R² 份额"},
    "idx_w_given": {"en": "the weights given", "zh-Hans": "给定的权重"},
    "idx_dist": {"en": "Shares of respondents by grade: {list}.", "zh-Hans": "各等级的受访者占比：{list}。"},
    "idx_seg": {"en": "By segment of {group}, the index ranged from M = {lo} ({lo_c}) to M = {hi} ({hi_c}).",
                "zh-Hans": "按 {group} 分组，指数均值介于 M = {lo}（{lo_c}）与 M = {hi}（{hi_c}）之间。"},
}

_REASONS = ("attention", "speeder", "straightlining", "duplicate", "missing", "out_of_range")
_TESTS = {"Welch F": {"en": "Welch's F tests", "zh-Hans": "Welch F 检验"},
          "Welch t": {"en": "Welch's t tests", "zh-Hans": "Welch t 检验"},
          "Mann–Whitney U": {"en": "Mann–Whitney U tests", "zh-Hans": "Mann–Whitney U 检验"},
          "Kruskal–Wallis H": {"en": "Kruskal–Wallis H tests", "zh-Hans": "Kruskal–Wallis H 检验"}}
_CORRECTIONS = {"holm": "Holm", "fdr_bh": "Benjamini–Hochberg", "bonferroni": "Bonferroni"}


def _t(key: str, lang: str, **values) -> str:
    entry = _T[key]
    if lang == "en":
        text = entry["en"]
    elif lang == "zh-Hant":
        text = entry.get("zh-Hant") or to_hant(entry["zh-Hans"])
    else:
        text = entry["zh-Hans"]
    return text.format(**values) if values else text


# ----------------------------------------------------------------------------------------------
# small helpers
# ----------------------------------------------------------------------------------------------
def _ok(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def cite(source: str) -> str:
    """"Chen 2007; Cheung & Rensvold 2002" → "Chen, 2007; Cheung & Rensvold, 2002" (APA parenthetical)."""
    parts = [re.sub(r"\s+((?:19|20)\d{2}[a-z]?)\b", r", \1", p.strip(), count=1) for p in str(source).split(";")]
    return "; ".join(p for p in parts if p)


def cite_short(source) -> str:
    """A results source as an APA parenthetical citation, asides dropped and three or more authors as "et al.":
    "Podsakoff, MacKenzie, Lee & Podsakoff 2003 (single-factor CFA); Cheung & Rensvold 2002 (ΔCFI .01)" →
    "Podsakoff et al., 2003; Cheung & Rensvold, 2002"."""
    parts = []
    for part in str(source or "").split(";"):
        part = re.sub(r"\s*\([^()]*\)", "", part).strip()
        m = re.fullmatch(r"(.+?),?\s+((?:19|20)\d{2}[a-z]?)", part)
        if m:
            names = [a.strip() for a in re.split(r",|&| and ", m.group(1)) if a.strip()]
            if len(names) > 2:
                part = f"{names[0]} et al. {m.group(2)}"
        if part and part not in parts:
            parts.append(part)
    return cite("; ".join(parts))


def _reason(c, texts) -> str:
    """A {lang: reason} of the results in this language, without its final full stop (the template adds one)."""
    return c.local(texts, "").strip().rstrip("。.").strip()


def _join(items: list, lang: str) -> str:
    items = [str(i) for i in items]
    if lang != "en":
        return "、".join(items)
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def _ci(lo, hi, digits: int = 3) -> tuple[str, str]:
    return apa.num(lo, digits), apa.num(hi, digits)


def _excludes_zero(lo, hi) -> bool:
    return _ok(lo) and _ok(hi) and (lo > 0 or hi < 0)


def _arrow(*nodes) -> str:
    return " → ".join(str(n) for n in nodes)


class _Ctx:
    def __init__(self, d: dict, lang: str, names: dict):
        self.d, self.lang, self.names = d, lang, names
        from .pls_text import is_pls
        self.pls = is_pls(d)                 # the user chose PLS-SEM: its sections replace the CB-SEM ones

    def t(self, key, **values):
        return _t(key, self.lang, **values)

    def join(self, items):
        return _join(items, self.lang)

    def paren(self, a, b):
        return self.t("paren", a=a, b=b)

    def quote(self, a):
        return self.t("quote", a=a)

    def word(self, entry: dict) -> str:
        """One of this module's own {en, zh-Hans} words in this language (zh-Hant converted)."""
        if self.lang == "en":
            return entry["en"]
        return entry["zh-Hans"] if self.lang == "zh-Hans" else entry.get("zh-Hant") or to_hant(entry["zh-Hans"])

    def local(self, texts, fallback=""):
        """The text of a {lang: text} dict of the results in this language."""
        if isinstance(texts, dict):
            return str(texts.get(self.lang) or texts.get("en") or fallback)
        return str(texts) if texts is not None else fallback


def _label_map(entries) -> dict:
    """The usable part of ``{id: {lang: text}}`` (or ``{id: text}``) read from a results file: text values only."""
    out = {}
    for cid, name in (entries.items() if isinstance(entries, dict) else ()):
        if isinstance(name, str) and name.strip():
            out[str(cid)] = name
        elif isinstance(name, dict):
            texts = {str(k): v for k, v in name.items() if isinstance(v, str) and v.strip()}
            if texts:
                out[str(cid)] = texts
    return out


def default_names(d: dict) -> dict:
    """The construct names the results carry, ``{id: {lang: name}}``: ``d["labels"]["constructs"]`` (written by
    :func:`research.analyze`), else — for an older results.json without labels — the construct names of the
    built-in questionnaire named in ``meta.spec.questionnaire``, else ``{}`` (a user's own lavaan model: the ids
    are shown)."""
    labels = d.get("labels") if isinstance(d, dict) else None
    found = _label_map(labels.get("constructs")) if isinstance(labels, dict) else {}
    if found:
        return found
    meta = d.get("meta") if isinstance(d, dict) else None
    spec = meta.get("spec") if isinstance(meta, dict) else None
    qname = spec.get("questionnaire") if isinstance(spec, dict) else None
    from ..errors import ResearchError
    from ..questionnaire import list_templates, load_questionnaire
    try:
        if isinstance(qname, str) and qname in list_templates():
            return {c.id: dict(c.name) for c in load_questionnaire(qname).constructs}
    except (ResearchError, OSError):       # names are a courtesy; the text never depends on them
        pass
    return {}


def construct_names(d: dict, names=None, lang: str = "zh-Hans") -> dict:
    """id → display name in ``lang``: ``names`` if given (one string or ``{lang: name}`` per id), else
    :func:`default_names`; ids without a name are left out (they are shown as they are)."""
    return _construct_names(d, names, lang)


def _construct_names(d: dict, names, lang: str) -> dict:
    """id → display name in ``lang``: ``names`` if given, else :func:`default_names`."""
    out = {}
    if names is None:
        names = default_names(d)
    for cid, name in (names or {}).items():
        if isinstance(name, dict):
            text = name.get(lang)
            if text is None and lang == "zh-Hant" and name.get("zh-Hans"):
                text = to_hant(name["zh-Hans"])
            text = text or name.get("en") or next(iter(name.values()), None)
        else:
            text = name
        if text and str(text) != str(cid):
            out[str(cid)] = str(text)
    return out


# ----------------------------------------------------------------------------------------------
# sections
# ----------------------------------------------------------------------------------------------
def _sample(c: _Ctx) -> list[str]:
    d, paras = c.d, []
    n = d.get("n")
    if not _ok(n):
        return []
    excluded = d.get("excluded") or []
    if excluded:
        counts = Counter(r for row in excluded for r in (row.get("reasons") or []))
        parts = [c.t(f"r_{code}", k=counts[code]) for code in _REASONS if counts.get(code)]
        parts += [c.t("r_other", k=v, code=k) for k, v in counts.items() if k not in _REASONS]
        multi = any(len(row.get("reasons") or []) > 1 for row in excluded)
        total = int(n) + len(excluded)
        paras.append(c.t("screened", total=total, excl=len(excluded), share=apa.num(100 * len(excluded) / total, 1),
                         reasons=c.join(parts) if c.lang == "en" else "，".join(parts),
                         multi=c.t("multi") if multi else "", n=int(n), rate=apa.num(100 * n / total, 1)))
    else:
        paras.append(c.t("plain_n", n=int(n)))
    constructs = list(d.get("reliability") or d.get("descriptives") or {})
    named = [k for k in constructs if k in c.names]
    if named:
        paras.append(c.t("names", list=c.join([c.paren(c.names[k], k) for k in named])))
    sentences = []
    model = None if c.pls else d.get("sem") or d.get("cfa")
    if model and _ok(model.get("n")):
        est = model.get("estimator") or "ML"
        est_text = c.t(f"est_{est}") if f"est_{est}" in _T else est
        from . import wlsmv_text             # WLSMV/ULSMV: the estimator with its citation and parameterization
        est_text = wlsmv_text.estimator_text(d, c.lang) or est_text
        models = c.t("models_both" if d.get("sem") and d.get("cfa") else "models_cfa")
        kw = {"Models": models[:1].upper() + models[1:], "models": models, "est": est_text}
        m = int(model["n"])
        pairwise = wlsmv_text.pairwise_text(d, c.lang, **kw)
        if pairwise:
            sentences.append(pairwise)
        elif model.get("missing") == "fiml":
            sentences.append(c.t("est_fiml", m=m, **kw))
        elif m < n:
            sentences.append(c.t("est_listwise", m=m, d=int(n) - m, **kw))
        else:
            sentences.append(c.t("est_all", n=m, **kw))
        if wlsmv_text.ordered_text(d, c.lang):
            sentences.append(wlsmv_text.ordered_text(d, c.lang))
    desc = {k: v for k, v in (d.get("descriptives") or {}).items() if _ok((v or {}).get("mean"))}
    if len(desc) >= 2:
        lo = min(desc, key=lambda k: desc[k]["mean"])
        hi = max(desc, key=lambda k: desc[k]["mean"])
        sentences.append(c.t("means", lo=apa.num(desc[lo]["mean"], 2), lo_sd=apa.num(desc[lo].get("sd"), 2), lo_c=lo,
                             hi=apa.num(desc[hi]["mean"], 2), hi_sd=apa.num(desc[hi].get("sd"), 2), hi_c=hi))
    if sentences:
        paras.append(("" if c.lang != "en" else " ").join(sentences))
    return paras


def _method(c: _Ctx) -> list[str]:
    v = c.d.get("validity") or {}
    paras = []
    kmo, bart = v.get("kmo") or {}, v.get("bartlett") or {}
    parts = []
    if _ok(kmo.get("overall")):
        th = kmo.get("thresholds") or {}
        parts.append(c.t("kmo", kmo=apa.unit(kmo["overall"], 3), label=c.local(kmo.get("label"), ""),
                         cite=cite(th.get("source", "Kaiser 1974"))))
    if _ok(bart.get("chisq")) and _ok(bart.get("df")):
        src = cite((bart.get("thresholds") or {}).get("source", "Bartlett 1950"))
        key = "bartlett_ok" if bart.get("passed") else "bartlett_no"
        parts.append(c.t(key, df=int(round(bart["df"])), chisq=apa.num(bart["chisq"], 2),
                         p=apa.p_text(bart.get("pvalue")), cite=src))
    if parts:
        minimum = (kmo.get("thresholds") or {}).get("mediocre")
        good = (not _ok(kmo.get("overall")) or not _ok(minimum) or kmo["overall"] >= minimum) and \
            (not bart or bart.get("passed", True))
        tail = c.t("factorable") if good else c.t("not_factorable")
        if c.lang == "en":
            paras.append(", and ".join(parts) + ", " + tail)
        else:
            paras.append("，".join(parts) + "，" + tail)
    paras += _normality(c)
    from . import wlsmv_text         # WLSMV/ULSMV: ordinal reliability, polychoric HTMT, what ML-only steps were left out
    paras += wlsmv_text.paragraphs(c)
    from . import ordinal_text      # the estimator and why, from the ordinal check of the items (issue 19)
    paras += ordinal_text.paragraphs(c)
    mb = c.d.get("method_bias") or {}
    harman = v.get("harman") or mb.get("harman") or {}
    cmb, verdicts = [], []
    if _ok(harman.get("share")):
        th = harman.get("thresholds") or {}
        limit = th.get("share_below", 0.5)
        cmb.append(c.t("harman_ok" if harman["share"] < limit else "harman_no",
                       share=apa.num(100 * harman["share"], 1), limit=apa.num(100 * limit, 0),
                       cite=cite(th.get("source", "Podsakoff et al. 2003"))))
        verdicts.append(("c_harman", harman["share"] < limit))
    cmb += _method_bias(c, mb, verdicts)
    decided = [(k, ok) for k, ok in verdicts if ok is not None]
    if len(decided) >= 2:
        bad = [c.t(k) for k, ok in decided if not ok]
        cmb.append(c.t("cmb_some", list=c.join(bad)) if bad else c.t("cmb_all_ok"))
    if cmb:
        paras.append((" " if c.lang == "en" else "").join(cmb))
    return paras


def _normality(c: _Ctx) -> list[str]:
    """Mardia's (1970) test as psych::mardia gives it, and what it means for the estimator."""
    m = (c.d.get("diagnostics") or {}).get("mardia")
    if not isinstance(m, dict) or not _ok(m.get("b1p")) or not _ok(m.get("b2p")):
        return []
    th = m.get("thresholds") or {}
    zmax = th.get("kurtosis_z_above", 5.0)
    s = [c.t("mardia", n=m.get("n"), k=m.get("p"), cite=cite_short("Mardia 1970"), b1p=apa.num(m["b1p"], 2),
             df=apa.num(m.get("skew_df"), 0), skew=apa.num(m.get("skew"), 2), p_skew=apa.p_text(m.get("p_skew")),
             b2p=apa.num(m["b2p"], 2), exp=apa.num(m.get("b2p_expected"), 0), z=apa.num(m.get("kurtosis"), 2),
             p_kurt=apa.p_text(m.get("p_kurtosis")))]
    skew_bad = _ok(m.get("p_skew")) and m["p_skew"] < ALPHA
    kurt_bad = _ok(m.get("p_kurtosis")) and m["p_kurtosis"] < ALPHA
    if not (skew_bad or kurt_bad):
        s.append(c.t("mardia_normal", alpha=apa.unit(ALPHA, 2)))
    else:
        which = c.join([c.t(k) for k, bad in (("w_skew", skew_bad), ("w_kurt", kurt_bad)) if bad])
        z = m.get("kurtosis")
        cite_b = cite_short(th.get("source", "Bentler 2005"))
        severity = c.t("mardia_severe" if _ok(z) and abs(z) > zmax else "mardia_moderate", z=apa.num(zmax, 0),
                       cite=cite_b)
        estimator = (c.d.get("cfa") or {}).get("estimator") or "ML"
        if c.pls:
            from .pls_text import _p
            s.append(_p(c, "mardia_pls"))
        else:
            s.append(c.t("mardia_mlr" if estimator == "MLR" else "mardia_ml", which=which, severity=severity))
    return [(" " if c.lang == "en" else "").join(s)]


def _method_bias(c: _Ctx, mb: dict, verdicts: list) -> list[str]:
    """The single-factor CFA, the unmeasured latent method factor, the marker variable and the full-collinearity
    VIFs, each with its verdict; what could not be run says why.  ``verdicts`` collects (check, passed)."""
    out = []
    if c.pls:                      # the CFA-based checks belong to CB-SEM
        mb = {k: v for k, v in mb.items() if k not in ("single_factor", "method_factor")}
    sf = mb.get("single_factor")
    mf = mb.get("method_factor")
    both = all(isinstance(x, dict) and isinstance(x.get("not_applicable"), dict) for x in (sf, mf)) and \
        _reason(c, sf["not_applicable"]) == _reason(c, mf["not_applicable"])
    if both:                       # one reason for the two (e.g. not computed for WLSMV): said once
        out.append(c.t("cmb_both_na", why=_reason(c, sf["not_applicable"])))
    elif isinstance(sf, dict) and isinstance(sf.get("not_applicable"), dict):
        out.append(c.t("cmb_single_na", why=_reason(c, sf["not_applicable"])))
    elif isinstance(sf, dict) and isinstance(sf.get("test"), dict):
        test = sf["test"]
        scaled = c.t("cmb_scaled") if test.get("method") not in (None, "standard") else ""
        stat = (f"{scaled}Δχ²({apa.num(test.get('df.diff'), 0)}) = {apa.num(test.get('chisq.diff'), 2)}"
                f"{c.t('sep')}{apa.p_text(test.get('pvalue'))}")
        passed = sf.get("passed")
        key = "cmb_single_none" if passed is None else "cmb_single_yes" if passed else "cmb_single_no"
        out.append(c.t(key, test=stat, dcfi=apa.unit((sf.get("deltas") or {}).get("delta.cfi"), 3),
                       cite=cite_short(sf.get("source", "Podsakoff et al. 2003"))))
        verdicts.append(("c_single", passed))
    if both:
        pass
    elif isinstance(mf, dict) and isinstance(mf.get("not_applicable"), dict):
        out.append(c.t("cmb_ulmc_na", why=_reason(c, mf["not_applicable"])))
    elif isinstance(mf, dict) and _ok(mf.get("substantive_variance_mean")) and _ok(mf.get("method_variance_mean")):
        q = mf.get("share_method_significant")
        passed = mf.get("passed")
        out.append(c.t("cmb_ulmc" if passed is not None else "cmb_ulmc_none",
                       cite=cite_short(mf.get("source", "Podsakoff et al. 2003")),
                       s=apa.unit(mf["substantive_variance_mean"], 3), m=apa.unit(mf["method_variance_mean"], 3),
                       q=apa.num(100 * q, 0) if _ok(q) else "—", verdict=_reason(c, mf.get("verdict"))))
        verdicts.append(("c_ulmc", passed))
    elif isinstance(mf, dict) and mf:
        out.append(c.t("cmb_ulmc_failed", cite=cite_short(mf.get("source", "Podsakoff et al. 2003"))))
    mk = mb.get("marker")
    if isinstance(mk, dict) and isinstance(mk.get("not_applicable"), dict):
        out.append(c.t("cmb_marker_na", why=_reason(c, mk["not_applicable"])))
    elif isinstance(mk, dict) and _ok(mk.get("r_m")):
        pairs = [p for p in mk.get("pairs") or [] if isinstance(p, dict)]
        sig = sum(bool(p.get("significant")) for p in pairs)
        lost = sum(bool(p.get("lost")) for p in pairs)
        marker = mk.get("marker")
        marker = c.join(marker) if isinstance(marker, (list, tuple)) else str(marker)
        out.append(c.t("cmb_marker", marker=marker, rm=apa.unit(mk["r_m"], 3),
                       cite=cite_short(mk.get("source", "Lindell & Whitney 2001")), sig=sig, lost=lost,
                       tail=c.t("cmb_marker_ok" if lost == 0 else "cmb_marker_some")))
        verdicts.append(("c_marker", lost == 0))
    fc = mb.get("full_collinearity")
    if isinstance(fc, dict) and isinstance(fc.get("not_applicable"), dict):
        out.append(c.t("cmb_vif_na", why=_reason(c, fc["not_applicable"])))
    elif isinstance(fc, dict) and isinstance(fc.get("vif"), dict):
        vif = {k: v for k, v in fc["vif"].items() if _ok(v)}
        if vif:
            th = fc.get("thresholds") or {}
            limit = th.get("vif_at_most", 3.3)
            lo, hi = min(vif, key=vif.get), max(vif, key=vif.get)
            rng = c.t("vif_range", lo=apa.num(vif[lo], 2), lo_c=lo, hi=apa.num(vif[hi], 2), hi_c=hi) \
                if len(vif) > 1 else c.t("single", v=apa.num(vif[lo], 2), c=lo)
            over = [c.paren(k, apa.num(v, 2)) for k, v in vif.items() if v > limit]
            kw = {"range": rng, "limit": apa.num(limit, 1), "cite": cite_short(th.get("source", "Kock 2015"))}
            out.append(c.t("cmb_vif_no", list=c.join(over), **kw) if over else c.t("cmb_vif_ok", **kw))
            verdicts.append(("c_vif", not over))
    return out


def _range_text(c: _Ctx, values: dict, digits: int = 3) -> str:
    lo = min(values, key=values.get)
    hi = max(values, key=values.get)
    if len(values) == 1:
        return c.t("single", v=apa.unit(values[lo], digits), c=lo)
    return c.t("range", lo=apa.unit(values[lo], digits), lo_c=lo, hi=apa.unit(values[hi], digits), hi_c=hi)


def _reliability(c: _Ctx) -> list[str]:
    rel = c.d.get("reliability") or {}
    if not rel:
        return []
    stats = {"alpha": "α", "cr": "CR", "ave": "AVE"}
    values = {s: {k: r[s] for k, r in rel.items() if _ok(r.get(s))} for s in stats}
    paras, sentences = [], []
    if all(values.values()):
        sentences.append(c.t("rel_ranges", ra=_range_text(c, values["alpha"]), rc=_range_text(c, values["cr"]),
                             rv=_range_text(c, values["ave"])))
    th = next((r.get("thresholds") for r in rel.values() if r.get("thresholds")), {}) or {}
    if all(s in th for s in stats):
        sentences.append(c.t("rel_criteria", a=apa.unit(th["alpha"]["pass"], 2), a_src=cite(th["alpha"]["source"]),
                             c=apa.unit(th["cr"]["pass"], 2), c_src=cite(th["cr"]["source"]),
                             v=apa.unit(th["ave"]["pass"], 2), v_src=cite(th["ave"]["source"])))
    single = [k for k, r in rel.items() if not _ok(r.get("alpha")) and len(r.get("items") or []) < 2]
    if single:
        sentences.append(c.t("rel_single", list=c.join(single)))
    names = {"alpha": "α", "omega": "ω", "cr": "CR", "ave": "AVE"}
    groups: dict = {}                       # (stats, reason) → constructs
    for k, r in rel.items():
        if k in single:
            continue
        reasons: dict = {}
        for stat, why in (r.get("not_applicable") or {}).items():
            if stat in names:
                reasons.setdefault(_reason(c, why), []).append(names[stat])
        for why, labels in reasons.items():
            groups.setdefault((tuple(labels), why), []).append(k)
    for (labels, why), ks in groups.items():
        sentences.append(c.t("rel_na", stats=c.join(list(labels)), list=c.join(ks), why=why,
                             verb="were" if len(labels) > 1 or len(ks) > 1 else "was"))
    for k, r in rel.items():
        if r.get("order") == "higher" and r.get("note"):
            sentences.append(c.t("rel_higher", c=k, note=_reason(c, r["note"])))
    not_reported = bool(groups) or any(r.get("order") == "higher" for r in rel.values())
    warned, failed = set(), set()
    for s, sym in stats.items():
        for level in ("warn", "fail"):
            hit = [k for k, r in rel.items() if r.get(f"{s}.flag") == level and _ok(r.get(s))]
            if not hit or s not in th:
                continue
            (warned if level == "warn" else failed).update(hit)
            items = [c.paren(k, apa.unit(rel[k][s], 3)) for k in hit]
            sentences.append(c.t(f"rel_{level}", list=c.join(items), stat=sym, warn=apa.unit(th[s]["warn"], 2),
                                 good=apa.unit(th[s]["pass"], 2)))
    if failed:
        sentences.append(c.t("rel_some_fail", list=c.join(sorted(failed, key=list(rel).index))))
    elif warned:
        sentences.append(c.t("rel_some_warn", list=c.join(sorted(warned, key=list(rel).index))))
    elif all(values.values()) and not not_reported:
        sentences.append(c.t("rel_all_ok"))
    from . import wlsmv_text             # WLSMV/ULSMV: ordinal α and categorical ω beside Cronbach's α
    sentences += wlsmv_text.reliability(c)
    if sentences:
        paras.append((" " if c.lang == "en" else "").join(sentences))
    loads = {i: v for r in rel.values() for i, v in (r.get("std_loadings") or {}).items() if _ok(v)}
    if loads:
        s = [c.t("loadings", lo=apa.unit(min(loads.values()), 2), hi=apa.unit(max(loads.values()), 2),
                 ok=apa.unit(LOADING_OK, 2), ideal=apa.unit(LOADING_IDEAL, 2))]
        low = [c.paren(i, apa.unit(v, 2)) for i, v in loads.items() if v < LOADING_OK]
        if low:
            s.append(c.t("loadings_low", list=c.join(low), ok=apa.unit(LOADING_OK, 2)))
        paras.append((" " if c.lang == "en" else "").join(s))
    return paras


def _discriminant(c: _Ctx) -> list[str]:
    d, sentences = c.d, []
    htmt = d.get("htmt") or {}
    names = list(htmt)
    pairs = [(htmt[a][b], a, b) for i, a in enumerate(names) for b in names[i + 1:]
             if _ok((htmt.get(a) or {}).get(b))]
    htmt_ok = fl_ok = None
    if pairs:
        best = max(pairs)
        fmt = {"max": apa.unit(best[0], 3), "strict": apa.unit(HTMT_STRICT, 2), "liberal": apa.unit(HTMT_LIBERAL, 2)}
        if best[0] < HTMT_STRICT:
            sentences.append(c.t("htmt_ok", pair=c.t("pair", a=best[1], b=best[2]), **fmt))
            htmt_ok = True
        else:
            key = "htmt_liberal" if best[0] < HTMT_LIBERAL else "htmt_fail"
            hit = sorted((p for p in pairs if p[0] >= (HTMT_STRICT if key == "htmt_liberal" else HTMT_LIBERAL)),
                         reverse=True)
            items = [c.paren(c.t("pair", a=a, b=b), apa.unit(v, 3)) for v, a, b in hit]
            sentences.append(c.t(key, list=c.join(items), **fmt))
            htmt_ok = False
    left = (d.get("validity") or {}).get("left_out")
    if pairs and isinstance(left, dict) and left.get("constructs"):
        why = _reason(c, left.get("reason"))
        why = re.sub(r"^(?:left out: |未纳入：|未納入：)", "", why)
        sentences.append(c.t("htmt_left", list=c.join(left["constructs"]), why=why))
    fl = d.get("fornell_larcker") or {}
    if isinstance(fl.get("not_applicable"), dict):
        sentences.append(c.t("fl_na", why=_reason(c, fl["not_applicable"])))
    sq = {k: v for k, v in (fl.get("sqrt_ave") or {}).items() if _ok(v)}
    matrix = fl.get("matrix") or {}
    rows, cols, vals = matrix.get("rownames") or [], matrix.get("colnames") or [], matrix.get("values") or []
    corr = {}
    for i, a in enumerate(rows):
        for j, b in enumerate(cols):
            v = vals[i][j] if i < len(vals) and j < len(vals[i]) else None
            if a != b and _ok(v):
                corr[(a, b)] = corr[(b, a)] = v
    if sq and corr:
        src = cite(fl.get("source", "Fornell & Larcker 1981"))
        passed = fl.get("passed") or {}
        failed = [k for k in sq if passed.get(k) is False]
        if not failed:
            rmax = max(abs(v) for v in corr.values())
            sentences.append(c.t("fl_ok", lo=apa.unit(min(sq.values()), 3), hi=apa.unit(max(sq.values()), 3),
                                 r=apa.unit(rmax, 3), cite=src))
            fl_ok = True
        else:
            items = []
            for k in failed:
                other = max((b for (a, b) in corr if a == k), key=lambda b: abs(corr[(k, b)]))
                items.append(c.t("fl_item", c=k, s=apa.unit(sq[k], 3), r=apa.unit(corr[(k, other)], 3), o=other))
            sentences.append(c.t("fl_fail", list=c.join(items), cite=src))
            fl_ok = False
    if htmt_ok and fl_ok:
        sentences.append(c.t("disc_ok"))
    return [(" " if c.lang == "en" else "").join(sentences)] if sentences else []


def _fit_values(fit: dict, robust: bool) -> dict:
    """χ², df, p, CFI, TLI, RMSEA and its CI, SRMR — the scaled/robust versions under MLR when present."""
    def pick(*keys):
        return next((fit[k] for k in keys if _ok(fit.get(k))), None)
    if robust:
        return {"chisq": pick("chisq.scaled", "chisq"), "df": pick("df.scaled", "df"),
                "pvalue": pick("pvalue.scaled", "pvalue"), "cfi": pick("cfi.robust", "cfi.scaled", "cfi"),
                "tli": pick("tli.robust", "tli.scaled", "tli"), "rmsea": pick("rmsea.robust", "rmsea.scaled", "rmsea"),
                "rmsea.ci.lower": pick("rmsea.ci.lower.robust", "rmsea.ci.lower.scaled", "rmsea.ci.lower"),
                "rmsea.ci.upper": pick("rmsea.ci.upper.robust", "rmsea.ci.upper.scaled", "rmsea.ci.upper"),
                "srmr": pick("srmr")}
    return {k: pick(k) for k in ("chisq", "df", "pvalue", "cfi", "tli", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper",
                                 "srmr")}


def _fit(c: _Ctx) -> list[str]:
    paras = []
    for block in ("cfa", "sem"):
        m = c.d.get(block)
        if not m or not isinstance(m.get("fit"), dict):
            continue
        robust = m.get("estimator") in ("MLR", "WLSMV", "ULSMV") and _ok(m["fit"].get("chisq.scaled"))
        f = _fit_values(m["fit"], robust)
        if not (_ok(f["chisq"]) and _ok(f["df"])):
            continue
        ratio = f["chisq"] / f["df"] if f["df"] > 0 else None
        items = [f"χ²({apa.num(f['df'], 0) if float(f['df']).is_integer() else apa.num(f['df'], 2)}) = "
                 f"{apa.num(f['chisq'], 2)}"]
        if _ok(f["pvalue"]):
            items.append(apa.p_text(f["pvalue"]))
        if ratio is not None:
            items.append(f"χ²/df = {apa.num(ratio, 2)}")
        for key, label in (("cfi", "CFI"), ("tli", "TLI"), ("rmsea", "RMSEA")):
            if _ok(f[key]):
                items.append(f"{label} = {apa.unit(f[key], 3)}")
        if _ok(f["rmsea"]) and _ok(f["rmsea.ci.lower"]) and _ok(f["rmsea.ci.upper"]):
            items.append(f"90% CI [{apa.unit(f['rmsea.ci.lower'], 3)}, {apa.unit(f['rmsea.ci.upper'], 3)}]")
        if _ok(f["srmr"]):
            items.append(f"SRMR = {apa.unit(f['srmr'], 3)}")
        from . import wlsmv_text             # WLSMV/ULSMV: lavaan's names of the statistics given
        s = [c.t("fit_values", model=c.t(f"fit_{block}"), values=c.t("sep").join(items),
                 robust=(wlsmv_text.fit_note(c.d, c.lang) or c.t("fit_robust")) if robust else "")]
        checks = {"cfi": (f["cfi"], lambda v, t: v >= t), "tli": (f["tli"], lambda v, t: v >= t),
                  "rmsea": (f["rmsea"], lambda v, t: v <= t), "srmr": (f["srmr"], lambda v, t: v <= t),
                  "chisq/df": (ratio, lambda v, t: v < t)}
        labels = {"cfi": "CFI", "tli": "TLI", "rmsea": "RMSEA", "srmr": "SRMR", "chisq/df": "χ²/df"}

        def misses(limits):
            return [k for k, (v, ok) in checks.items() if _ok(v) and not ok(v, limits[k])]

        def fmt(k):
            v = checks[k][0]
            return c.paren(labels[k], apa.num(v, 2) if k == "chisq/df" else apa.unit(v, 3))

        def crit(limits):
            return {"cfi": apa.unit(limits["cfi"], 2), "rmsea": apa.unit(limits["rmsea"], 2),
                    "srmr": apa.unit(limits["srmr"], 2), "ratio": apa.num(limits["chisq/df"], 0)}

        strict, common = misses(FIT_STRICT), misses(FIT_COMMON)
        if not strict:
            s.append(c.t("fit_good", **crit(FIT_STRICT)))
        elif not common:
            s.append(c.t("fit_ok", list=c.join([fmt(k) for k in strict]), **crit(FIT_COMMON)))
        else:
            s.append(c.t("fit_poor", list=c.join([fmt(k) for k in common]), **crit(FIT_COMMON)))
        if not common and _ok(f["pvalue"]) and f["pvalue"] < ALPHA:
            s.append(c.t("fit_chisq"))
        paras.append((" " if c.lang == "en" else "").join(s))
        paras += _local_fit(c, block)
    return paras


MI_CUT, RESIDUAL_CUT = 3.84, 2.58          # χ²(1) at p = .05; |z| at p = .01 (two-sided)


def _local_fit(c: _Ctx, block: str) -> list[str]:
    """The largest modification indices above 3.84 and the standardized residuals beyond |z| = 2.58."""
    diag = (c.d.get("diagnostics") or {}).get(block)
    if not isinstance(diag, dict) or isinstance(diag.get("not_applicable"), dict):
        return []
    s = []
    mi = diag.get("modindices")
    model = c.t(f"local_{block}")
    if isinstance(mi, list) and mi:
        rows = sorted((r for r in mi if isinstance(r, dict) and _ok(r.get("mi"))), key=lambda r: -r["mi"])
        big = [r for r in rows if r["mi"] > MI_CUT]
        if big:
            items = [c.t("local_mi_item", par=f"{r['lhs']} {r['op']} {r['rhs']}", mi=apa.num(r["mi"], 2),
                         sepc=apa.num(r.get("sepc.all"), 2)) for r in big[:3]]
            s.append(c.t("local_mi", model=model, k=len(big), n=len(rows), cut=apa.num(MI_CUT, 2),
                         list=c.join(items)))
        else:
            s.append(c.t("local_mi_none", model=model, cut=apa.num(MI_CUT, 2)))
    res = diag.get("largest_residuals")
    if isinstance(res, list):
        rows = sorted((r for r in res if isinstance(r, dict) and _ok(r.get("standardized"))),
                      key=lambda r: -abs(r["standardized"]))
        if rows:
            items = [c.t("local_res_item", a=r["lhs"], b=r["rhs"], z=apa.num(r["standardized"], 2)) for r in rows[:5]]
            s.append(c.t("local_res", cut=apa.num(RESIDUAL_CUT, 2), list=c.join(items)))
        elif s:
            s.append(c.t("local_res_none", cut=apa.num(RESIDUAL_CUT, 2)))
    if any(isinstance(x, list) and x for x in (mi, res)) and (
            any(_ok(r.get("mi")) and r["mi"] > MI_CUT for r in mi or [] if isinstance(r, dict)) or res):
        s.append(c.t("local_advice"))
    return [(" " if c.lang == "en" else "").join(s)] if s else []


def _method_name(c: _Ctx, method) -> str:
    return c.t(f"m_{method}") if f"m_{method}" in _T else str(method)


def _boot_text(c: _Ctx) -> str:
    boot = (c.d.get("sem") or {}).get("bootstrap") or {}
    b = boot.get("n_used") if _ok(boot.get("n_used")) else boot.get("n_boot")
    if not _ok(b):
        return ""
    if _ok(boot.get("seed")):
        return c.t("boot_n", b=int(b), s=int(boot["seed"]))
    return c.t("boot_n_noseed", b=int(b))


def _boot_paren(c: _Ctx) -> str:
    inner = _boot_text(c)
    return "" if not inner else f" ({inner})" if c.lang == "en" else f"（{inner}）"


def _hypotheses(c: _Ctx) -> tuple[str, list[str]]:
    sem = c.d.get("sem")
    if not sem:
        return "h_hypotheses", []
    hyps = [h for h in (c.d.get("hypotheses") or []) if isinstance(h, dict)]
    sp = " " if c.lang == "en" else ""
    paras = []
    if hyps:
        # the most common interval method (a tie: the first hypothesis's) is named once in the introduction
        method = Counter(h.get("ci.method") for h in hyps).most_common(1)[0][0]
        paras.append(c.t("h_intro", method=_method_name(c, method),
                         boot=_boot_paren(c) if method in ("percentile", "bc", "bca") else ""))
        lines = []
        for h in hyps:
            kind = h.get("kind") or "path"
            chain = _arrow(h["from"], *(h.get("via") or []), h["to"])
            if kind == "mediation":               # the specific indirect effect of the chain
                path = [chain, c.t("hyp_indirect")]
            elif kind == "moderation":            # the interaction's coefficient; its sign is the hypothesis's
                path = [c.t("hyp_moderates", w=h.get("moderator", ""), path=chain)]
            elif kind == "moderated mediation":   # the index of moderated mediation
                path = [c.t("hyp_moderated_mediation", w=h.get("moderator", ""), path=chain)]
            else:
                path = [_arrow(h["from"], h["to"])]
            if h.get("sign") in ("+", "-"):
                path.append(c.t(f"sign_{h['sign']}" if kind == "path" else f"sign_int_{h['sign']}"))
            if h.get("path") == "total":
                path.append(c.t("hyp_total", via=c.join(h.get("via") or [])))
            lo, hi = _ci(h.get("ci.lower"), h.get("ci.upper"))
            ci_label = "95% CI" if h.get("ci.method") == method else f"95% CI ({_method_name(c, h.get('ci.method'))})"
            stats = [f"B = {apa.num(h.get('est'), 3)}"]
            if _ok(h.get("se")):
                stats.append(f"SE = {apa.num(h['se'], 3)}")
            stats.append(f"{ci_label} [{lo}, {hi}]")
            # β: a path's, or the latent indirect effect's standardized value; a PROCESS coefficient has none here
            beta = h.get("beta") if kind == "path" else ((h.get("estimates") or {}).get(h.get("source")) or {}).get("std")
            if kind == "path" or _ok(beta):
                stats.append(f"β = {apa.unit(beta, 3)}")
            # p: a path's and a PROCESS coefficient's; a percentile-bootstrap indirect effect has none
            if kind in ("path", "moderation") or _ok(h.get("pvalue")):
                stats.append(apa.p_text(h.get("pvalue")))
            kw = {"id": h.get("id", ""), "path": c.t("sep").join(path), "stats": c.t("sep").join(stats)}
            if h.get("supported"):
                lines.append(c.t("hyp_yes", **kw))
            elif _excludes_zero(h.get("ci.lower"), h.get("ci.upper")):
                lines.append(c.t("hyp_no_sign", **kw))
            else:
                lines.append(c.t("hyp_no_ci", **kw))
        paras += lines
        yes = [h.get("id", "") for h in hyps if h.get("supported")]
        no = [h.get("id", "") for h in hyps if not h.get("supported")]
        paras.append(c.t("hyp_summary", k=len(yes), m=len(hyps),
                         yes=c.t("hyp_sum_yes", list=c.join(yes)) if yes and no else "",
                         no=c.t("hyp_sum_no1" if len(no) == 1 else "hyp_sum_no", list=c.join(no)) if no and yes
                         else ""))
        key = "h_hypotheses"
    else:
        items = [c.paren(_arrow(p["rhs"], p["lhs"]), f"β = {apa.unit(p.get('std.all'), 3)}{c.t('sep')}"
                         f"{apa.p_text(p.get('pvalue'))}")
                 for p in sem.get("parameters") or [] if p.get("op") == "~"]
        if items:
            paras.append(c.t("paths_intro", list=c.t("semi").join(items) if c.lang == "en" else "；".join(items)))
        key = "h_paths"
    latent = {p["lhs"] for p in sem.get("parameters") or [] if p.get("op") == "=~"}
    endo = []
    for p in sem.get("parameters") or []:
        if p.get("op") == "~" and p["lhs"] in latent and p["lhs"] not in endo:
            endo.append(p["lhs"])
    r2 = [c.t("r2_item", v=apa.unit(sem["r2"][k], 3), c=k) for k in endo if _ok((sem.get("r2") or {}).get(k))]
    if r2:
        if paras:
            paras[-1] = paras[-1] + sp + c.t("r2", list=c.join(r2) if c.lang == "en" else "，".join(r2))
        else:
            paras.append(c.t("r2", list=c.join(r2)))
    return key, paras


def _mediation(c: _Ctx) -> list[str]:
    sem = c.d.get("sem") or {}
    effects = [e for e in sem.get("effects") or [] if isinstance(e, dict)]
    indirect = [e for e in effects if e.get("type") == "indirect"]
    if not indirect:
        return []
    method = indirect[0].get("ci.method")
    paras = []
    if method in ("percentile", "bc", "bca"):
        inner = _boot_text(c)
        intro = c.t("med_intro_boot", method=_method_name(c, method),
                    boot=(inner + ("; " if c.lang == "en" else "；")) if inner else "")
        if method in ("bc", "bca"):
            intro += (" " if c.lang == "en" else "") + c.t("med_bc")
        paras.append(intro)
    else:
        paras.append(c.t("med_intro_delta"))
    direct = {(e["from"], e["to"]): e for e in effects if e.get("type") == "direct"}
    n_paths = Counter((e["from"], e["to"]) for e in indirect)
    lines = []
    for e in indirect:
        lo, hi = _ci(e.get("ci.lower"), e.get("ci.upper"))
        kw = {"x": e["from"], "y": e["to"], "via": _arrow(*e.get("via") or []), "b": apa.num(e.get("est"), 3),
              "beta": apa.unit(e.get("std"), 3), "lo": lo, "hi": hi}
        if _excludes_zero(e.get("ci.lower"), e.get("ci.upper")):
            dr = direct.get((e["from"], e["to"]))
            if dr is None:
                kind = c.t("med_nodirect", x=e["from"], y=e["to"])
            else:
                dlo, dhi = _ci(dr.get("ci.lower"), dr.get("ci.upper"))
                sig = _excludes_zero(dr.get("ci.lower"), dr.get("ci.upper"))
                kind = c.t("med_partial" if sig else "med_full", b=apa.num(dr.get("est"), 3), lo=dlo, hi=dhi)
            lines.append(c.t("med_yes", kind=kind, **kw))
        else:
            lines.append(c.t("med_no", **kw))
    for e in effects:
        if e.get("type") == "total_indirect" and n_paths.get((e["from"], e["to"]), 0) > 1:
            lo, hi = _ci(e.get("ci.lower"), e.get("ci.upper"))
            lines.append(c.t("med_total", x=e["from"], y=e["to"], b=apa.num(e.get("est"), 3),
                             beta=apa.unit(e.get("std"), 3), lo=lo, hi=hi))
    return paras + lines


def _failed(c: _Ctx, block, what: str) -> list[str]:
    if isinstance(block, dict) and isinstance(block.get("error"), dict):
        return [c.t("step_failed", what=c.t(f"w_{what}"), why=c.local(block["error"]))]
    return []


def _drivers(c: _Ctx) -> list[str]:
    d, paras = c.d, []
    drv = d.get("drivers")
    if drv is not None:
        paras += _failed(c, drv, "drivers")
        overall = (drv or {}).get("overall") or {}
        rows = sorted((r for r in overall.get("drivers") or [] if _ok(r.get("lmg_share"))),
                      key=lambda r: -r["lmg_share"])
        if rows:
            items = []
            for r in rows[:3]:
                ci = ""
                if _ok(r.get("lmg_share_ci_lower")) and _ok(r.get("lmg_share_ci_upper")):
                    ci = c.t("lmg_ci", lo=apa.num(100 * r["lmg_share_ci_lower"], 1),
                             hi=apa.num(100 * r["lmg_share_ci_upper"], 1))
                items.append(c.t("lmg_item", c=r["driver"], s=apa.num(100 * r["lmg_share"], 1), ci=ci))
            paras.append(c.t("lmg", target=drv.get("target") or overall.get("outcome"),
                             r2=apa.unit(overall.get("r2"), 3), list=c.join(items)))
    ipa = d.get("ipa")
    if ipa is not None:
        paras += _failed(c, ipa, "ipa")
        m = (ipa or {}).get("map") or {}
        if m.get("drivers"):
            target = ipa.get("target") or m.get("target") or ""
            kind_key = f"ipa_kind_{m.get('importance_kind')}"
            kind = c.t(kind_key, target=target) if kind_key in _T else str(m.get("importance_kind"))
            label = c.local((m.get("quadrant_labels") or {}).get("concentrate"), "Concentrate here")
            center = c.local((m.get("center") or {}).get("text"), "")
            center = re.sub(r"\s*[（(]([^()（）]*)[)）]", (", " if c.lang == "en" else "，") + r"\1", center)
            conc = sorted((r for r in m["drivers"] if r.get("quadrant") == "concentrate"),
                          key=lambda r: r.get("priority", 0))
            kw = {"kind": kind, "center": center, "cite": cite(m.get("source", "Martilla & James 1977")),
                  "label": c.quote(label)}
            if conc:
                items = [c.t("ipa_item", c=r.get("driver"), i=apa.unit(r.get("importance"), 3),
                             m=apa.num(r.get("performance"), 2)) for r in conc]
                text = c.t("ipa_yes", list=c.join(items), **kw)
            else:
                text = c.t("ipa_none", **kw)
            stated = (ipa or {}).get("stated") or {}
            if stated.get("drivers"):
                sconc = sorted((r for r in stated["drivers"] if r.get("quadrant") == "concentrate"),
                               key=lambda r: r.get("priority", 0))
                items = [c.t("ipa_item", c=r.get("driver"), i=apa.num(r.get("importance"), 2),
                             m=apa.num(r.get("performance"), 2)) for r in sconc]
                text += (" " if c.lang == "en" else "") + (c.t("stated_yes", list=c.join(items)) if items
                                                           else c.t("stated_none"))
            paras.append(text)
    return paras


def _segment_label(c: _Ctx, code) -> str:
    labels = (c.d.get("groups") or {}).get("labels") or {}
    entry = labels.get(str(code))
    return c.local(entry, str(code)) if entry else str(code)


def _test_stat(r: dict) -> str:
    test, stat = r.get("test"), r.get("statistic")
    if test == "Welch F":
        return f"F({apa.num(r.get('df'), 0)}, {apa.num(r.get('df2'), 1)}) = {apa.num(stat, 2)}"
    if test == "Welch t":
        return f"t({apa.num(r.get('df'), 1)}) = {apa.num(stat, 2)}"
    if test == "Mann–Whitney U":
        return f"U = {apa.num(stat, 1)}"
    return f"H({apa.num(r.get('df'), 0)}) = {apa.num(stat, 2)}"


def _effect_size(r: dict) -> str:
    name, value = r.get("effect"), r.get("effect_value")
    if not _ok(value):
        return ""
    if name == "Hedges g":
        return f"g = {apa.num(value, 2)}"
    return f"{ {'r_rb': 'r'}.get(name, name or 'ES')} = {apa.unit(value, 3)}"


def _segments(c: _Ctx) -> list[str]:
    d, paras = c.d, []
    g = d.get("groups")
    if g is not None:
        paras += _failed(c, g, "groups")
        tests = [r for r in (g or {}).get("tests") or [] if r.get("test")]
        if tests:
            names = []
            for r in tests:
                name = c.word(_TESTS[r["test"]]) if r["test"] in _TESTS else str(r["test"])
                if name not in names:
                    names.append(name)
            corr = g.get("correction", "holm")
            corr_text = _CORRECTIONS.get(corr, str(corr))
            src = (g.get("sources") or {}).get(corr)
            s = [c.t("grp_intro", group=g.get("group"), tests=c.join(names), corr=cite(src) if src else corr_text)]
            small = g.get("small_groups") or []
            if small:
                seen = []
                for row in small:
                    lab = _segment_label(c, row.get("group"))
                    if lab not in seen:
                        seen.append(lab)
                s.append(c.t("grp_small", min=g.get("min_size"), list=c.join(seen)))
            alpha = g.get("alpha", ALPHA)
            sig = [r for r in tests if r.get("significant")]
            if not sig:
                s.append(c.t("grp_none", alpha=apa.unit(alpha, 2)))
            else:
                desc = g.get("descriptives") or []
                items = []
                for r in sig:
                    rows = [x for x in desc if x.get("variable") == r["variable"] and x.get("tested", True)
                            and _ok(x.get("mean"))]
                    hi = max(rows, key=lambda x: x["mean"])
                    lo = min(rows, key=lambda x: x["mean"])
                    items.append(c.t("grp_item", c=r["variable"], stat=_test_stat(r), p=apa.p_text(r.get("p")),
                                     padj=apa.p_text(r.get("p_adj")), eff=_effect_size(r),
                                     hi=_segment_label(c, hi["group"]), hi_m=apa.num(hi["mean"], 2),
                                     lo=_segment_label(c, lo["group"]), lo_m=apa.num(lo["mean"], 2)))
                s.append(c.t("grp_some", list=c.t("semi").join(items) if c.lang == "en" else "；".join(items)))
            paras.append((" " if c.lang == "en" else "").join(s))
    inv = None if c.pls else d.get("invariance")       # PLS-SEM: MICOM (pls_groups), not a multi-group CFA
    if inv is not None:
        paras += _failed(c, inv, "invariance")
        inv = inv or {}
        group = inv.get("group")
        if inv.get("skipped"):
            paras.append(c.t("inv_skipped", group=group, min=inv.get("min_group_size")))
        meas = inv.get("measurement") or {}
        if meas.get("levels"):
            s = []
            used = [_segment_label(c, x) for x in inv.get("groups_used") or []]
            small = [_segment_label(c, x.get("group")) for x in inv.get("small_groups") or []]
            s.append(c.t("inv_intro", group=group, min=inv.get("min_group_size"), list=c.join(used),
                         small=c.t("inv_small", list=c.join(small)) if small else ""))
            crit = meas.get("criteria") or {}
            comps = [x for x in meas.get("comparisons") or [] if isinstance(x, dict)]
            highest = meas.get("highest") or meas["levels"][0]

            def lvl(name):
                return c.t(f"lvl_{name}") if f"lvl_{name}" in _T else str(name)

            def step(x):
                return c.t("inv_step", model=lvl(x.get("model")), against=lvl(x.get("against")),
                           dcfi=apa.unit(x.get("delta.cfi"), 3), drmsea=apa.unit(x.get("delta.rmsea"), 3))

            held = []
            rejected = None
            for x in comps:
                if x.get("holds") is True:
                    held.append(step(x))
                else:
                    rejected = x
                    break
            undecided = rejected is not None and rejected.get("holds") is None
            meaning = {"scalar": c.t("inv_scalar"), "strict": c.t("inv_scalar"),
                       "metric": c.t("inv_metric")}.get(highest, "")
            steps = c.t("semi").join(held) if c.lang == "en" else "；".join(held)
            srmr = crit.get("delta.srmr") or {}
            cuts = {"srmr_m": apa.unit(srmr.get("metric", 0.03), 3), "srmr_s": apa.unit(srmr.get("scalar", 0.01), 3)}
            # a level reached by releasing equalities is partial invariance (the search's steps follow)
            top = lvl(highest)
            levels = list(meas.get("levels") or [])
            upto = levels[:levels.index(highest) + 1] if highest in levels else []
            if any((meas.get("released") or {}).get(lev) for lev in upto):
                top = c.t("inv_partial_level", level=top)
            text = c.t("inv_holds", cite=cite(crit.get("source", "Chen 2007")),
                       cfi=apa.unit(crit.get("delta.cfi", -0.01), 3), rmsea=apa.unit(crit.get("delta.rmsea", 0.015), 3),
                       level=top, steps=steps or "—", meaning=meaning, **cuts)
            if not held and rejected is not None:
                text = c.t("inv_only_undecided" if undecided else "inv_configural",
                           cite=cite(crit.get("source", "Chen 2007")),
                           cfi=apa.unit(crit.get("delta.cfi", -0.01), 3),
                           rmsea=apa.unit(crit.get("delta.rmsea", 0.015), 3), level=lvl(meas["levels"][0]),
                           model=lvl(rejected.get("model")), step=step(rejected), **cuts)
            elif rejected is not None:
                text = text[:-1] + c.t("inv_undecided" if undecided else "inv_rejected",
                                       model=lvl(rejected.get("model")), step=step(rejected)) + text[-1]
            s.append(text)
            indices = crit.get("indices") or {}
            if meas.get("estimator") == "MLR" or str(indices.get("cfi", "")).endswith("robust"):
                s.append(c.t("inv_mlr"))
            steps_by_level: dict = {}
            for st in meas.get("search") or []:
                if isinstance(st, dict) and st.get("released"):
                    steps_by_level.setdefault(st.get("level"), []).append(st)
            for lev, params in (meas.get("released") or {}).items():
                if not params:
                    continue
                found = {st["released"]: st for st in steps_by_level.get(lev, [])}
                items = [c.t("inv_partial_item", par=p, df=apa.num(found[p].get("df"), 0),
                             x2=apa.num(found[p].get("X2"), 2), p=apa.p_text(found[p].get("p.value")))
                         if p in found else p for p in params]
                s.append(c.t("inv_partial", level=lvl(lev), list=c.join(items)))
            for sug in meas.get("suggestions") or []:
                cands = [x for x in (sug or {}).get("candidates") or [] if isinstance(x, dict) and x.get("parameter")]
                if cands:
                    items = [c.t("inv_partial_item", par=x["parameter"], df=apa.num(x.get("df"), 0),
                                 x2=apa.num(x.get("X2"), 2), p=apa.p_text(x.get("p.value"))) for x in cands[:3]]
                    s.append(c.t("inv_suggest", level=lvl(sug.get("level")), list=c.join(items)))
            paths = [p for p in inv.get("paths") or [] if isinstance(p, dict) and isinstance(p.get("lrt"), dict)]
            if paths:
                diff = [p for p in paths if _ok(p["lrt"].get("pvalue")) and p["lrt"]["pvalue"] < ALPHA]
                if diff:
                    items = []
                    for p in diff:
                        lhs, _, rhs = str(p.get("path", "")).partition("~")
                        items.append(c.t("path_item", path=_arrow(rhs.strip(), lhs.strip()),
                                         df=apa.num(p["lrt"].get("df.diff"), 0),
                                         chisq=apa.num(p["lrt"].get("chisq.diff"), 2),
                                         p=apa.p_text(p["lrt"].get("pvalue"))))
                    text = c.t("path_some", list=c.join(items))
                    s.append(text[:1].upper() + text[1:])
                else:
                    s.append(c.t("path_none", alpha=apa.unit(ALPHA, 2)))
            paras.append((" " if c.lang == "en" else "").join(s))
    return paras


def _index(c: _Ctx) -> list[str]:
    idx = c.d.get("index")
    if idx is None:
        return []
    paras = _failed(c, idx, "index")
    overall = (idx or {}).get("overall") or {}
    if not _ok(overall.get("mean")):
        return paras
    grades = idx.get("grades") or []
    target = ((c.d.get("drivers") or {}).get("target")) or ((c.d.get("ipa") or {}).get("target")) or ""
    wfrom = idx.get("weights_from") or ""
    wkey = "idx_w_total" if "total effect" in wfrom else "idx_w_lmg" if "LMG" in wfrom else "idx_w_given"
    weights = [f"{k} {apa.unit(v, 3)}" for k, v in (idx.get("weights") or {}).items() if _ok(v)]
    band = ""
    edges = [x for x in grades if _ok(x.get("lower")) and _ok(x.get("upper"))]
    gr = next((x for x in edges if overall.get("grade") in (x.get("zh-Hans"), x.get("en"))), None)
    if gr is not None:
        # [lower, upper) when the boundary belongs to the higher band, else (lower, upper]; the ends are closed
        low_closed = idx.get("boundary", "lower") == "lower" or gr["lower"] <= min(x["lower"] for x in edges)
        up_closed = idx.get("boundary", "lower") != "lower" or gr["upper"] >= max(x["upper"] for x in edges)
        band = (f"{apa.num(gr['lower'], 0)} {'≤' if low_closed else '<'} E {'≤' if up_closed else '<'} "
                f"{apa.num(gr['upper'], 0)}")
    ci = overall.get("ci") or [None, None]
    weights = c.join(weights) if c.lang != "en" else ", ".join(weights)
    s = [c.t("idx", wfrom=c.t(wkey, target=target), weights=weights, m=apa.num(overall["mean"], 1),
             sd=apa.num(overall.get("sd"), 1), lo=apa.num(ci[0], 1), hi=apa.num(ci[1], 1),
             grade=c.quote(c.local(overall.get("grade_names"), overall.get("grade", ""))), band=band)]
    dist = overall.get("distribution") or []
    names = {gr.get("zh-Hans"): c.local(gr, gr.get("zh-Hans", "")) for gr in grades}
    items = [f"{names.get(x.get('grade'), x.get('grade'))} {apa.num(100 * x['share'], 1)}%" for x in dist
             if _ok(x.get("share"))]
    if items:
        s.append(c.t("idx_dist", list=c.join(items) if c.lang != "en" else ", ".join(items)))
    segs = [x for x in idx.get("segments") or [] if _ok(x.get("mean"))]
    if len(segs) >= 2:
        lo = min(segs, key=lambda x: x["mean"])
        hi = max(segs, key=lambda x: x["mean"])
        s.append(c.t("idx_seg", group=idx.get("group"), lo=apa.num(lo["mean"], 1),
                     lo_c=_segment_label(c, lo["segment"]), hi=apa.num(hi["mean"], 1),
                     hi_c=_segment_label(c, hi["segment"])))
    paras.append((" " if c.lang == "en" else "").join(s))
    return paras


# ----------------------------------------------------------------------------------------------
# public API
# ----------------------------------------------------------------------------------------------
_WIDE = "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”"
_PUNCT = "，。；：、（）“”「」"
_ZH_SPACE = re.compile(f"(?<=[{_WIDE}]) +(?=[{_WIDE}])|(?<=[{_PUNCT}]) +| +(?=[{_PUNCT}])")


def _zh_spacing(text: str) -> str:
    """No space between two Chinese characters, nor beside full-width punctuation (spaces stay around Latin)."""
    return _ZH_SPACE.sub("", text)


def _check(results, lang):
    if lang not in LANGS:
        raise invalid_option("lang", repr(lang), "Use zh-Hans, zh-Hant or en.", "请使用 zh-Hans、zh-Hant 或 en。",
                             "請使用 zh-Hans、zh-Hant 或 en。")
    if hasattr(results, "to_dict") and not isinstance(results, dict):
        results = results.to_dict()
    if not isinstance(results, dict):
        raise invalid_option("results", type(results).__name__,
                             "Give the results dictionary of research.analyze(...).to_dict() (results.json).",
                             "请给出 research.analyze(...).to_dict() 的结果字典（results.json）。",
                             "請提供 research.analyze(...).to_dict() 的結果字典（results.json）。")
    return results


def results_text(results: dict, lang: str = "zh-Hans", *, names: dict | None = None, tables=None) -> list[dict]:
    """The results section as ``[{"key", "heading", "paragraphs": [str, ...]}, ...]`` (see the module docstring).

    ``results`` is ``research.analyze(...).to_dict()`` (or the result itself); ``lang`` is ``zh-Hans``,
    ``zh-Hant`` or ``en``; ``names`` maps construct ids to names (default: :func:`default_names`).
    ``tables``: the report's tables when the caller has built them (their citations join the reference list;
    without them the list builds them to read).
    A part of the results that is not in the form ``research.analyze`` writes raises a DataError naming it.
    """
    d = _check(results, lang)
    c = _Ctx(d, lang, _construct_names(d, names, lang))
    from . import process_text     # results["process"]: mediation and moderation (PROCESS), and its references
    from . import evaluation_text  # results["evaluation"]: the evaluation index system
    from . import trend_text       # results["trend"]: the waves of a study (index per wave, change between two)
    if c.pls:
        from . import pls_text
        builders = [("sample", _sample), ("method", _method),
                    *[(key, pls_text.BUILDERS[key]) for key in pls_text.SECTIONS],
                    ("process", process_text.section),
                    ("drivers", _drivers), ("segments", _segments), ("index", _index),
                    ("evaluation", evaluation_text.section), ("trend", trend_text.section)]
    else:
        builders = [("sample", _sample), ("method", _method), ("reliability", _reliability),
                    ("discriminant", _discriminant), ("fit", _fit), ("hypotheses", _hypotheses),
                    ("mediation", _mediation), ("process", process_text.section), ("drivers", _drivers),
                    ("segments", _segments), ("index", _index), ("evaluation", evaluation_text.section),
                    ("trend", trend_text.section)]
    from . import references        # the reference list: every work the sections before it and the tables cite
    builders.append(("process_references", lambda c: references.listed(c, out, tables)))
    sources = {"sample": "excluded", "method": "validity", "reliability": "reliability", "discriminant": "htmt",
               "fit": "cfa", "hypotheses": "hypotheses", "mediation": "sem", "drivers": "drivers",
               "segments": "groups", "index": "index", "process": "process", "process_references": "process", "evaluation": "evaluation",
               "trend": "trend",
               **{key: "pls" for key in PLS_SECTION_KEYS}}
    out = []
    for key, build in builders:
        try:
            got = build(c)
        except (KeyError, TypeError, ValueError, IndexError, AttributeError) as err:
            part = sources[key]
            raise invalid_data(f"results['{part}']: {type(err).__name__}",
                               f"The '{part}' part of the results is not in the form research.analyze writes; "
                               f"run the analysis again or give the results.json it wrote.",
                               f"结果中的“{part}”部分不是 research.analyze 写出的格式；请重新运行分析，或使用它写出的 results.json。",
                               f"結果中的「{part}」部分不是 research.analyze 寫出的格式；請重新執行分析，或使用它寫出的 results.json。") \
                from None
        heading = f"h_{key}"
        if isinstance(got, tuple):
            heading, got = got
        paragraphs = [p if lang == "en" else _zh_spacing(p) for p in got if p]
        if paragraphs:
            if c.pls and key in PLS_HEADINGS:
                from .pls_text import heading as pls_heading
                title = pls_heading(key, lang)
            elif key in process_text.HEADINGS:
                title = process_text.heading(key, lang)
            elif key in evaluation_text.HEADINGS:
                title = evaluation_text.heading(key, lang)
            elif key in trend_text.HEADINGS:
                title = trend_text.heading(key, lang)
            else:
                title = _t(heading, lang)
            out.append({"key": key, "heading": title, "paragraphs": paragraphs})
    return out


def results_markdown(results: dict, lang: str = "zh-Hans", *, names: dict | None = None,
                     title: str | None = None) -> str:
    """The results section as one Markdown string: ``## heading`` per section, paragraphs between blank lines.
    Every text is escaped (:func:`research.report.writers.md_escape`): names and labels from the data show as
    written, never as markup, links or HTML."""
    from .writers import md_escape

    lines = [f"# {md_escape(title)}", ""] if title else []
    for s in results_text(results, lang, names=names):
        lines += [f"## {md_escape(s['heading'])}", ""]
        for p in s["paragraphs"]:
            lines += [md_escape(p), ""]
    return "\n".join(lines).rstrip("\n") + "\n"
