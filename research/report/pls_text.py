"""The PLS-SEM part of the results section (``results["pls"]``), written as Hair, Risher, Sarstedt & Ringle (2019,
*European Business Review* 31(1), 2–24) ask a PLS-SEM study to be reported.

Used by :func:`research.report.text.results_text` when the user chose PLS-SEM (``meta.spec.method == "pls"``)
and the results carry the ``pls`` block; the CB-SEM sections that would contradict it (CFA fit, CB-SEM
hypotheses, mediation and modification indices, the method-factor CFAs, the CFA invariance) are then left out.

=====================  ==========================================================================================
``pls_method``         PLS-SEM with SmartPLS's settings: weighting scheme, stop criterion, maximum iterations,
                       convergence; PLSc (Dijkstra & Henseler 2015); missing-value treatment; bootstrap resamples,
                       interval, seed; HTMT (Henseler et al. 2015), PLSpredict (Shmueli et al. 2019) and CVPAT
                       (Liengaard et al. 2021), IPMA (Ringle & Sarstedt 2016), MICOM (Henseler et al. 2016);
                       steps that could not run, with the reason the results give
``pls_measurement``    reflective: loadings (≥ .708) and their significance, α, ρA, ρC (.70–.95; .60 in
                       exploratory research; > .95 redundant), AVE (≥ .50); formative: indicator VIF (< 3; ≥ 5
                       critical), weights and their significance, loadings (≥ .50) of non-significant weights
``pls_discriminant``   largest HTMT against .85 / .90, the one-sided 95% bootstrap upper bounds (Franke &
                       Sarstedt 2019), the Fornell–Larcker criterion as a secondary check
``pls_structural``     inner VIF; each hypothesis (sign and 95% bootstrap CI), or every path, with β, t, p and
                       CI; R² (.75/.50/.25), f² (.02/.15/.35), blindfolding Q² (0/.25/.50), PLSpredict per
                       endogenous construct (Q²predict > 0; PLS vs LM RMSE per indicator: all / majority /
                       minority / none), CVPAT against IA and LM, SRMR (< .08) as an approximate fit
``pls_mediation``      every specific indirect effect with its bootstrap CI, classified by Zhao, Lynch & Chen
                       (2010): complementary, competitive, indirect-only, direct-only, no effect
``pls_ipma``           importance (total effect) and performance (0–100) of the target's drivers, the
                       "concentrate here" quadrant and the first priority
``pls_groups``         MICOM steps 1–3 and the PLS-MGA / permutation tests of the paths
=====================  ==========================================================================================

Every number comes from the results and is formatted by :mod:`research.report.apa`; the only constants are the
published thresholds below.  The three languages are written out here (the 繁體 text in Taiwan usage).
"""
from __future__ import annotations

import re
from collections import Counter

from . import apa
from ..tables import f2_size, predictive_power, q2_size, r2_size, reliability_band
from .text import _Ctx, _excludes_zero, _ok, _segment_label

# published thresholds (Hair et al. 2019 unless said otherwise)
LOADING_MIN = 0.708
REL_OK, REL_EXPLORATORY, REL_HIGH = 0.70, 0.60, 0.95
AVE_MIN = 0.50
HTMT_STRICT, HTMT_LIBERAL = 0.85, 0.90            # Henseler, Ringle & Sarstedt 2015
VIF_IDEAL, VIF_CRITICAL = 3.0, 5.0
FORMATIVE_LOADING = 0.50
R2_LEVELS = (0.75, 0.50, 0.25)                    # substantial, moderate, weak
F2_LEVELS = (0.35, 0.15, 0.02)                    # large, medium, small (Cohen 1988)
Q2_LEVELS = (0.50, 0.25, 0.0)                     # large, medium, small
SRMR_MAX = 0.08                                   # Henseler et al. 2014
ALPHA = 0.05
ALPHA_KEY = "alpha"          # Cronbach's α of the items (the one research.tables.pls_reliability judges)

SECTIONS = ("pls_method", "pls_measurement", "pls_discriminant", "pls_structural", "pls_mediation", "pls_ipma",
            "pls_groups")
HEADINGS = {
    "pls_method": {"en": "PLS-SEM Estimation", "zh-Hans": "PLS-SEM 模型估计", "zh-Hant": "PLS-SEM 模型估計"},
    "pls_measurement": {"en": "Measurement Model", "zh-Hans": "测量模型评估", "zh-Hant": "測量模型評估"},
    "pls_discriminant": {"en": "Discriminant Validity", "zh-Hans": "区分效度", "zh-Hant": "區別效度"},
    "pls_structural": {"en": "Structural Model", "zh-Hans": "结构模型评估", "zh-Hant": "結構模型評估"},
    "pls_mediation": {"en": "Mediation", "zh-Hans": "中介效应检验", "zh-Hant": "中介效果檢定"},
    "pls_ipma": {"en": "Importance–Performance Map Analysis", "zh-Hans": "重要性–绩效矩阵分析",
                 "zh-Hant": "重要性–績效矩陣分析"},
    "pls_groups": {"en": "Measurement Invariance of Composites and Multigroup Analysis",
                   "zh-Hans": "复合模型测量不变性与多群组分析", "zh-Hant": "複合模型測量不變性與多組別分析"},
    "segments": {"en": "Segment Comparisons", "zh-Hans": "分组比较", "zh-Hant": "分組比較"},
}

_P: dict[str, dict[str, str]] = {
    # ---------------------------------------------------------------- method
    "m_intro": {"en": "The model was estimated by partial least squares structural equation modeling (PLS-SEM; Hair "
                      "et al., 2019) on N = {n} responses with the settings of SmartPLS: the {scheme} weighting "
                      "scheme, a stop criterion of {tol} and at most {max} iterations.",
                "zh-Hans": "本研究采用偏最小二乘结构方程模型（PLS-SEM；Hair et al., 2019）估计模型，样本 N = {n}，"
                           "设置与 SmartPLS 相同：{scheme}加权方案，停止准则为 {tol}，最多迭代 {max} 次。",
                "zh-Hant": "本研究採用偏最小平方結構方程模型（PLS-SEM；Hair et al., 2019）估計模型，樣本 N = {n}，"
                           "設定與 SmartPLS 相同：{scheme}加權方案，停止準則為 {tol}，最多疊代 {max} 次。"},
    "scheme_path": {"en": "path", "zh-Hans": "路径", "zh-Hant": "路徑"},
    "scheme_factorial": {"en": "factorial", "zh-Hans": "因子", "zh-Hant": "因素"},
    "scheme_centroid": {"en": "centroid", "zh-Hans": "重心", "zh-Hant": "重心"},
    "m_converged": {"en": "The algorithm converged after {k} iterations.",
                    "zh-Hans": "算法经 {k} 次迭代后收敛。", "zh-Hant": "演算法經 {k} 次疊代後收斂。"},
    "m_not_converged": {"en": "The algorithm did not converge within {max} iterations, so its estimates should not "
                              "be interpreted.",
                        "zh-Hans": "算法在 {max} 次迭代内未收敛，其估计结果不宜解释。",
                        "zh-Hant": "演算法在 {max} 次疊代內未收斂，其估計結果不宜解釋。"},
    "m_plsc": {"en": "The reflective constructs{which} were estimated with consistent PLS (PLSc; Dijkstra & "
                     "Henseler, 2015), which corrects their loadings and correlations for measurement error.",
               "zh-Hans": "反映性构念{which}采用一致性 PLS（PLSc；Dijkstra & Henseler, 2015）估计，以校正测量误差对其载荷与"
                          "相关系数的影响。",
               "zh-Hant": "反映性構念{which}採用一致性 PLS（PLSc；Dijkstra & Henseler, 2015）估計，以校正測量誤差對其負荷量與"
                          "相關係數的影響。"},
    "m_mean": {"en": "The {k} missing answers were replaced by the item means (mean replacement), so all {n} "
                     "responses were used.",
               "zh-Hans": "{k} 个缺失答案以题项均值替换（均值替换法），全部 {n} 份样本均纳入分析。",
               "zh-Hant": "{k} 個遺漏答案以題項平均數取代（平均數取代法），全部 {n} 份樣本均納入分析。"},
    "m_complete": {"en": "No answer was missing.", "zh-Hans": "数据无缺失答案。", "zh-Hant": "資料無遺漏答案。"},
    "m_casewise": {"en": "Responses with missing answers were left out (casewise deletion: {k} responses), leaving "
                         "{n}.",
                   "zh-Hans": "含缺失答案的样本予以删除（个案删除：{k} 份），剩余 {n} 份。",
                   "zh-Hant": "含遺漏答案的樣本予以刪除（完全刪除法：{k} 份），剩餘 {n} 份。"},
    "m_boot": {"en": "Significance was assessed by bootstrapping with {b} resamples (two-tailed tests; 95% {ci} "
                     "confidence intervals; seed {seed}).",
               "zh-Hans": "显著性采用自助法检验，重抽样 {b} 次（双尾检验；95% {ci}置信区间；随机种子 {seed}）。",
               "zh-Hant": "顯著性採用拔靴法檢定，重抽樣 {b} 次（雙尾檢定；95% {ci}信賴區間；隨機種子 {seed}）。"},
    "m_boot_used": {"en": "{u} of the {b} resamples could be estimated; the others were left out.",
                    "zh-Hans": "{b} 次重抽样中有 {u} 次可以估计，其余予以剔除。",
                    "zh-Hant": "{b} 次重抽樣中有 {u} 次可以估計，其餘予以剔除。"},
    "m_boot_nonconv": {"en": "{k} resamples did not converge and were kept with the estimates of their last "
                             "iteration.",
                       "zh-Hans": "{k} 次重抽样未收敛，保留其最后一次迭代的估计值。",
                       "zh-Hant": "{k} 次重抽樣未收斂，保留其最後一次疊代的估計值。"},
    "m_noboot": {"en": "No bootstrap was run, so the significance of the estimates was not assessed.",
                 "zh-Hans": "本次未进行自助法重抽样，因此未检验估计值的显著性。",
                 "zh-Hant": "本次未進行拔靴法重抽樣，因此未檢定估計值的顯著性。"},
    "ci_percentile": {"en": "percentile", "zh-Hans": "百分位", "zh-Hant": "百分位"},
    "ci_bc": {"en": "bias-corrected", "zh-Hans": "偏差校正", "zh-Hant": "偏誤校正"},
    "ci_bca": {"en": "bias-corrected and accelerated (BCa)", "zh-Hans": "偏差校正加速（BCa）",
               "zh-Hant": "偏誤校正加速（BCa）"},
    "m_htmt": {"en": "Discriminant validity was assessed with the heterotrait–monotrait ratio of correlations (HTMT; "
                     "Henseler et al., 2015).",
               "zh-Hans": "区分效度采用异质–单质比率（HTMT；Henseler et al., 2015）评估。",
               "zh-Hant": "區別效度採用異質–單質比率（HTMT；Henseler et al., 2015）評估。"},
    "m_predict": {"en": "Out-of-sample predictive power was assessed with PLSpredict ({k} folds, {r} repetitions; "
                        "Shmueli et al., 2019) and CVPAT (Liengaard et al., 2021).",
                  "zh-Hans": "样本外预测能力采用 PLSpredict（{k} 折，重复 {r} 次；Shmueli et al., 2019）与 CVPAT"
                             "（Liengaard et al., 2021）评估。",
                  "zh-Hant": "樣本外預測能力採用 PLSpredict（{k} 折，重複 {r} 次；Shmueli et al., 2019）與 CVPAT"
                             "（Liengaard et al., 2021）評估。"},
    "m_ipma": {"en": "The importance–performance map analysis (IPMA) followed Ringle and Sarstedt (2016).",
               "zh-Hans": "重要性–绩效矩阵分析（IPMA）依照 Ringle 与 Sarstedt（2016）的方法进行。",
               "zh-Hant": "重要性–績效矩陣分析（IPMA）依照 Ringle 與 Sarstedt（2016）的方法進行。"},
    "m_groups": {"en": "The groups of {group} were compared with the measurement invariance of composites procedure "
                       "(MICOM; Henseler et al., 2016) and a multigroup analysis of the paths.",
                 "zh-Hans": "{group} 各组之间以复合模型测量不变性检验（MICOM；Henseler et al., 2016）与路径的多群组分析进行比较。",
                 "zh-Hant": "{group} 各組之間以複合模型測量不變性檢定（MICOM；Henseler et al., 2016）與路徑的多組別分析進行比較。"},
    # ---------------------------------------------------------------- measurement model
    "ms_loadings": {"en": "The outer loadings of the reflective indicators {range}.",
                    "zh-Hans": "反映性指标的外部载荷{range}。", "zh-Hant": "反映性指標的外部負荷量{range}。"},
    "ms_load_ok": {"en": "All were at least {cut}, so each construct explained at least half of the variance of its "
                         "indicators (indicator reliability; Hair et al., 2019).",
                   "zh-Hans": "均不低于 {cut}，即各构念解释了其指标至少一半的方差（指标信度；Hair et al., 2019）。",
                   "zh-Hant": "均不低於 {cut}，即各構念解釋了其指標至少一半的變異數（指標信度；Hair et al., 2019）。"},
    "ms_load_low": {"en": "{list} loaded below the recommended {cut} (Hair et al., 2019); such an indicator is "
                          "removed only when this raises the construct's composite reliability or AVE.",
                    "zh-Hans": "{list} 的载荷低于建议值 {cut}（Hair et al., 2019）；仅当删除此类指标能提高构念的组合信度或 AVE "
                               "时才予以删除。",
                    "zh-Hant": "{list} 的負荷量低於建議值 {cut}（Hair et al., 2019）；僅當刪除此類指標能提高構念的組成信度或 AVE "
                               "時才予以刪除。"},
    "ms_load_sig": {"en": "Every loading was significant ({p}).", "zh-Hans": "所有载荷均显著（{p}）。",
                    "zh-Hant": "所有負荷量均顯著（{p}）。"},
    "ms_load_ns": {"en": "The loadings of {list} were not significant (p ≥ {alpha}).",
                   "zh-Hans": "{list} 的载荷不显著（p ≥ {alpha}）。", "zh-Hant": "{list} 的負荷量不顯著（p ≥ {alpha}）。"},
    "ms_rel": {"en": "Cronbach's α {ra}, ρA (Dijkstra & Henseler, 2015) {rr}, and the composite reliability ρC {rc}.",
               "zh-Hans": "Cronbach's α {ra}，ρA（Dijkstra & Henseler, 2015）{rr}，组合信度 ρC {rc}。",
               "zh-Hant": "Cronbach's α {ra}，ρA（Dijkstra & Henseler, 2015）{rr}，組成信度 ρC {rc}。"},
    "ms_rel_crit": {"en": "Values ≥ {ok} and < {high} are satisfactory to good, values ≥ {low} are acceptable in "
                          "exploratory research, and values ≥ {high} are problematic, as they point to redundant "
                          "indicators (Hair et al., 2019).",
                    "zh-Hans": "判断标准为：≥ {ok} 且 < {high} 为满意至良好，探索性研究中 ≥ {low} 亦可接受，≥ {high} 则提示指标冗余，"
                               "并不理想（Hair et al., 2019）。",
                    "zh-Hant": "判斷標準為：≥ {ok} 且 < {high} 為滿意至良好，探索性研究中 ≥ {low} 亦可接受，≥ {high} 則表示指標冗餘，"
                               "並不理想（Hair et al., 2019）。"},
    "ms_rel_low": {"en": "Below {ok}, acceptable in exploratory research only, were {list}.",
                   "zh-Hans": "低于 {ok}、仅在探索性研究中可以接受的有：{list}。",
                   "zh-Hant": "低於 {ok}、僅在探索性研究中可以接受的有：{list}。"},
    "ms_rel_fail": {"en": "Below {low}, which is not acceptable, were {list}.",
                    "zh-Hans": "低于 {low}、信度不足的有：{list}。", "zh-Hant": "低於 {low}、信度不足的有：{list}。"},
    "ms_rel_high": {"en": "At {high} or more, which suggests redundant indicators, were {list}.",
                    "zh-Hans": "不低于 {high}、提示指标冗余的有：{list}。", "zh-Hant": "不低於 {high}、表示指標冗餘的有：{list}。"},
    "ms_rel_item": {"en": "{c} ({stats})", "zh-Hans": "{c}（{stats}）", "zh-Hant": "{c}（{stats}）"},
    "ms_rel_ok": {"en": "Internal consistency reliability was therefore satisfactory for every construct.",
                  "zh-Hans": "各构念的内部一致性信度均令人满意。", "zh-Hant": "各構念的內部一致性信度均令人滿意。"},
    "ms_ave": {"en": "The average variance extracted (AVE) {range}.", "zh-Hans": "平均方差抽取量（AVE）{range}。",
               "zh-Hant": "平均變異抽取量（AVE）{range}。"},
    "ms_ave_ok": {"en": "Every AVE was at least {cut}, so convergent validity was established (Hair et al., 2019).",
                  "zh-Hans": "各构念的 AVE 均不低于 {cut}，收敛效度成立（Hair et al., 2019）。",
                  "zh-Hant": "各構念的 AVE 均不低於 {cut}，收斂效度成立（Hair et al., 2019）。"},
    "ms_ave_fail": {"en": "{list} had an AVE below {cut}: the construct explained less than half of its indicators' "
                          "variance, so convergent validity was not established for it (Hair et al., 2019).",
                    "zh-Hans": "{list} 的 AVE 低于 {cut}，构念解释的指标方差不足一半，收敛效度不成立（Hair et al., 2019）。",
                    "zh-Hant": "{list} 的 AVE 低於 {cut}，構念解釋的指標變異數不足一半，收斂效度不成立（Hair et al., 2019）。"},
    "ms_single": {"en": "Single-item constructs ({list}) have no reliability or AVE to assess.",
                  "zh-Hans": "单题构念（{list}）无需评估信度与 AVE。", "zh-Hant": "單題構念（{list}）無需評估信度與 AVE。"},
    "ms_form_intro": {"en": "The formative constructs ({list}) were assessed by the collinearity of their indicators "
                            "and the significance and relevance of their weights (Hair et al., 2019).",
                      "zh-Hans": "形成性构念（{list}）以指标的共线性及其权重的显著性与相关性评估（Hair et al., 2019）。",
                      "zh-Hant": "形成性構念（{list}）以指標的共線性及其權重的顯著性與相關性評估（Hair et al., 2019）。"},
    "ms_form_vif": {"en": "Their indicators' VIFs {range}", "zh-Hans": "其指标的 VIF {range}",
                    "zh-Hant": "其指標的 VIF {range}"},
    "vif_ok": {"en": "; all were below {ideal}, so collinearity was not an issue.",
               "zh-Hans": "，均低于 {ideal}，不存在共线性问题。", "zh-Hant": "，均低於 {ideal}，不存在共線性問題。"},
    "vif_some": {"en": "; {list} lay between {ideal} and {critical}, a possible collinearity problem.",
                 "zh-Hans": "；{list} 介于 {ideal} 与 {critical} 之间，可能存在共线性问题。",
                 "zh-Hant": "；{list} 介於 {ideal} 與 {critical} 之間，可能存在共線性問題。"},
    "vif_critical": {"en": "; {list} reached {critical} or more, a critical level of collinearity.",
                     "zh-Hans": "；{list} 达到或超过 {critical}，共线性问题严重。",
                     "zh-Hant": "；{list} 達到或超過 {critical}，共線性問題嚴重。"},
    "ms_w_item": {"en": "{i} (w = {w}, t = {t}, {p})", "zh-Hans": "{i}（w = {w}，t = {t}，{p}）",
                  "zh-Hant": "{i}（w = {w}，t = {t}，{p}）"},
    "ms_w_sig": {"en": "The weights of {list} were significant.", "zh-Hans": "{list} 的权重显著。",
                 "zh-Hant": "{list} 的權重顯著。"},
    "ms_w_keep": {"en": "The weights of {list} were not significant, but their loadings were at least {cut}, so "
                        "these indicators were retained as absolutely important (Hair et al., 2019).",
                  "zh-Hans": "{list} 的权重不显著，但其载荷不低于 {cut}，作为具有绝对重要性的指标予以保留（Hair et al., 2019）。",
                  "zh-Hant": "{list} 的權重不顯著，但其負荷量不低於 {cut}，作為具有絕對重要性的指標予以保留（Hair et al., 2019）。"},
    "ms_w_drop": {"en": "The weights of {list} were not significant and their loadings were below {cut}; these "
                        "indicators are candidates for removal unless theory requires them (Hair et al., 2019).",
                  "zh-Hans": "{list} 的权重不显著且载荷低于 {cut}，除非理论上必需，可考虑删除（Hair et al., 2019）。",
                  "zh-Hant": "{list} 的權重不顯著且負荷量低於 {cut}，除非理論上必需，可考慮刪除（Hair et al., 2019）。"},
    "ms_w_plain": {"en": "Their indicator weights {range}.", "zh-Hans": "其指标权重{range}。",
                   "zh-Hant": "其指標權重{range}。"},
    # ---------------------------------------------------------------- discriminant validity
    "dv_ok": {"en": "The largest HTMT was {max} ({pair}), below the threshold of {strict} for conceptually distinct "
                    "constructs (Henseler et al., 2015).",
              "zh-Hans": "HTMT 的最大值为 {max}（{pair}），低于概念上相异构念的临界值 {strict}（Henseler et al., 2015）。",
              "zh-Hant": "HTMT 的最大值為 {max}（{pair}），低於概念上相異構念的臨界值 {strict}（Henseler et al., 2015）。"},
    "dv_liberal": {"en": "The largest HTMT was {max}; {list} exceeded {strict} but stayed below {liberal}, the "
                         "threshold for conceptually similar constructs (Henseler et al., 2015).",
                   "zh-Hans": "HTMT 的最大值为 {max}；{list} 超过 {strict}，但低于概念相近构念的临界值 {liberal}"
                              "（Henseler et al., 2015）。",
                   "zh-Hant": "HTMT 的最大值為 {max}；{list} 超過 {strict}，但低於概念相近構念的臨界值 {liberal}"
                              "（Henseler et al., 2015）。"},
    "dv_fail": {"en": "The largest HTMT was {max}; {list} reached {liberal} or more, so discriminant validity was not "
                      "established for these pairs (Henseler et al., 2015).",
                "zh-Hans": "HTMT 的最大值为 {max}；{list} 达到或超过 {liberal}，这些构念之间的区分效度不成立（Henseler et al., 2015）。",
                "zh-Hant": "HTMT 的最大值為 {max}；{list} 達到或超過 {liberal}，這些構念之間的區別效度不成立（Henseler et al., 2015）。"},
    "dv_ub_ok": {"en": "The upper bounds of the one-sided 95% bootstrap confidence intervals were all below {cut} "
                       "(largest {ub}, {pair}), so every HTMT was significantly lower than {cut} (Franke & Sarstedt, "
                       "2019).",
                 "zh-Hans": "单侧 95% 自助法置信区间的上限均低于 {cut}（最大为 {ub}，{pair}），即各 HTMT 均显著低于 {cut}"
                            "（Franke & Sarstedt, 2019）。",
                 "zh-Hant": "單尾 95% 拔靴法信賴區間的上限均低於 {cut}（最大為 {ub}，{pair}），即各 HTMT 均顯著低於 {cut}"
                            "（Franke & Sarstedt, 2019）。"},
    "dv_ub_some": {"en": "The upper bounds of the one-sided 95% bootstrap confidence intervals of {list} were not "
                         "below {cut}, so these HTMT values were not significantly lower than {cut} (Franke & "
                         "Sarstedt, 2019).",
                   "zh-Hans": "{list} 的单侧 95% 自助法置信区间上限不低于 {cut}，这些 HTMT 并未显著低于 {cut}"
                              "（Franke & Sarstedt, 2019）。",
                   "zh-Hant": "{list} 的單尾 95% 拔靴法信賴區間上限不低於 {cut}，這些 HTMT 並未顯著低於 {cut}"
                              "（Franke & Sarstedt, 2019）。"},
    "dv_ub_fail": {"en": "{list} {verb} not significantly lower than {liberal} either.",
                   "zh-Hans": "{list} 亦未显著低于 {liberal}。", "zh-Hant": "{list} 亦未顯著低於 {liberal}。"},
    "dv_ub_liberal": {"en": "All were significantly lower than {liberal}.", "zh-Hans": "但均显著低于 {liberal}。",
                      "zh-Hant": "但均顯著低於 {liberal}。"},
    "dv_fl_ok": {"en": "The Fornell–Larcker criterion, reported for completeness although it detects a lack of "
                       "discriminant validity poorly (Henseler et al., 2015), was also met: the square root of each "
                       "construct's AVE exceeded its correlations with the other constructs (Fornell & Larcker, 1981).",
                 "zh-Hans": "Fornell–Larcker 准则虽难以识别区分效度不足（Henseler et al., 2015），仍列出以供参考：各构念 AVE 的"
                            "平方根均大于其与其他构念的相关系数，该准则亦得到满足（Fornell & Larcker, 1981）。",
                 "zh-Hant": "Fornell–Larcker 準則雖難以辨識區別效度不足（Henseler et al., 2015），仍列出以供參考：各構念 AVE 的"
                            "平方根均大於其與其他構念的相關係數，該準則亦獲得滿足（Fornell & Larcker, 1981）。"},
    "dv_fl_fail": {"en": "The Fornell–Larcker criterion (Fornell & Larcker, 1981), reported for completeness "
                         "(Henseler et al., 2015), was not met for {list}.",
                   "zh-Hans": "作为参考的 Fornell–Larcker 准则（Fornell & Larcker, 1981；Henseler et al., 2015）对 {list} 不成立。",
                   "zh-Hant": "作為參考的 Fornell–Larcker 準則（Fornell & Larcker, 1981；Henseler et al., 2015）對 {list} 不成立。"},
    "dv_fl_item": {"en": "{c} (√AVE = {s}, r = {r} with {o})", "zh-Hans": "{c}（√AVE = {s}，与 {o} 的 r = {r}）",
                   "zh-Hant": "{c}（√AVE = {s}，與 {o} 的 r = {r}）"},
    "dv_established": {"en": "Discriminant validity was therefore established.",
                       "zh-Hans": "综上，各构念之间具有区分效度。", "zh-Hant": "綜上，各構念之間具有區別效度。"},
    # ---------------------------------------------------------------- structural model
    "st_vif": {"en": "The inner VIFs of the predictors in the structural model {range}",
               "zh-Hans": "结构模型中各预测构念的内部 VIF {range}", "zh-Hant": "結構模型中各預測構念的內部 VIF {range}"},
    "st_hyp_intro": {"en": "A hypothesis was supported when its path coefficient had the hypothesized sign and the "
                           "95% {ci} bootstrap confidence interval excluded zero.",
                     "zh-Hans": "当路径系数的方向与假设一致且其 95% {ci}自助法置信区间不包含 0 时，视为假设得到支持。",
                     "zh-Hant": "當路徑係數的方向與假設一致且其 95% {ci}拔靴法信賴區間不包含 0 時，視為假設獲得支持。"},
    "st_hyp_yes": {"en": "{id} ({path}) was supported: {stats}.", "zh-Hans": "{id}（{path}）得到支持：{stats}。",
                   "zh-Hant": "{id}（{path}）獲得支持：{stats}。"},
    "st_hyp_no_ci": {"en": "{id} ({path}) was not supported: {stats}; the interval includes zero.",
                     "zh-Hans": "{id}（{path}）未得到支持：{stats}，区间包含 0。",
                     "zh-Hant": "{id}（{path}）未獲得支持：{stats}，區間包含 0。"},
    "st_hyp_no_sign": {"en": "{id} ({path}) was not supported: {stats}; the coefficient had the opposite sign.",
                       "zh-Hans": "{id}（{path}）未得到支持：{stats}；系数方向与假设相反。",
                       "zh-Hant": "{id}（{path}）未獲得支持：{stats}；係數方向與假設相反。"},
    "st_hyp_noboot": {"en": "{id} ({path}): {stats}; without a bootstrap its significance was not assessed.",
                      "zh-Hans": "{id}（{path}）：{stats}；未进行自助法，未检验其显著性。",
                      "zh-Hant": "{id}（{path}）：{stats}；未進行拔靴法，未檢定其顯著性。"},
    "st_hyp_absent": {"en": "{id} ({path}) could not be tested: the PLS model has no such path or effect.",
                      "zh-Hans": "{id}（{path}）无法检验：PLS 模型中没有该路径或效应。",
                      "zh-Hant": "{id}（{path}）無法檢定：PLS 模型中沒有該路徑或效果。"},
    "st_hyp_total": {"en": "total effect; the model has no direct path", "zh-Hans": "总效应；模型未设定直接路径",
                     "zh-Hant": "總效果；模型未設定直接路徑"},
    "st_hyp_summary": {"en": "In total, {k} of {m} hypotheses were supported.",
                       "zh-Hans": "综上，{m} 项假设中有 {k} 项得到支持。", "zh-Hant": "綜上，{m} 項假設中有 {k} 項獲得支持。"},
    "sign_+": {"en": "positive", "zh-Hans": "正向", "zh-Hant": "正向"},
    "sign_-": {"en": "negative", "zh-Hans": "负向", "zh-Hant": "負向"},
    "st_paths": {"en": "The path coefficients were: {list}.", "zh-Hans": "路径系数为：{list}。",
                 "zh-Hant": "路徑係數為：{list}。"},
    "st_paths_sig": {"en": "Every path was significant (the 95% {ci} bootstrap confidence intervals excluded zero).",
                     "zh-Hans": "所有路径均显著（95% {ci}自助法置信区间均不包含 0）。",
                     "zh-Hant": "所有路徑均顯著（95% {ci}拔靴法信賴區間均不包含 0）。"},
    "st_paths_ns": {"en": "{list} {verb} not significant (the 95% {ci} bootstrap confidence interval includes zero).",
                    "zh-Hans": "{list} 不显著（95% {ci}自助法置信区间包含 0）。",
                    "zh-Hant": "{list} 不顯著（95% {ci}拔靴法信賴區間包含 0）。"},
    "st_paths_noboot": {"en": "Without a bootstrap their significance was not assessed.",
                        "zh-Hans": "由于未进行自助法，未检验其显著性。", "zh-Hant": "由於未進行拔靴法，未檢定其顯著性。"},
    "st_r2": {"en": "The coefficients of determination were {list} (≥ {sub} substantial, ≥ {mod} moderate, ≥ {weak} "
                    "weak; Hair et al., 2019).",
              "zh-Hans": "决定系数为：{list}（≥ {sub} 为高，≥ {mod} 为中等，≥ {weak} 为弱；Hair et al., 2019）。",
              "zh-Hant": "決定係數為：{list}（≥ {sub} 為高，≥ {mod} 為中等，≥ {weak} 為弱；Hair et al., 2019）。"},
    "st_r2_item": {"en": "R² = {v} for {c} (adjusted R² = {adj}; {level})",
                   "zh-Hans": "{c} 的 R² = {v}（调整后 R² = {adj}，{level}）",
                   "zh-Hant": "{c} 的 R² = {v}（調整後 R² = {adj}，{level}）"},
    "r2_substantial": {"en": "substantial", "zh-Hans": "高", "zh-Hant": "高"},
    "r2_moderate": {"en": "moderate", "zh-Hans": "中等", "zh-Hant": "中等"},
    "r2_weak": {"en": "weak", "zh-Hans": "弱", "zh-Hant": "弱"},
    "r2_very_weak": {"en": "very weak", "zh-Hans": "很弱", "zh-Hant": "很弱"},
    "st_f2": {"en": "By Cohen's f² (≥ {small} small, ≥ {medium} medium, ≥ {large} large; Cohen, 1988), {list}.",
              "zh-Hans": "按 Cohen 的 f²（≥ {small} 为小，≥ {medium} 为中等，≥ {large} 为大；Cohen, 1988），{list}。",
              "zh-Hant": "按 Cohen 的 f²（≥ {small} 為小，≥ {medium} 為中等，≥ {large} 為大；Cohen, 1988），{list}。"},
    "st_f2_item": {"en": "{path} had {size} (f² = {f})", "zh-Hans": "{path} 的效应量{size}（f² = {f}）",
                   "zh-Hant": "{path} 的效果量{size}（f² = {f}）"},
    "f2_large": {"en": "a large effect", "zh-Hans": "大", "zh-Hant": "大"},
    "f2_medium": {"en": "a medium effect", "zh-Hans": "中等", "zh-Hant": "中等"},
    "f2_small": {"en": "a small effect", "zh-Hans": "小", "zh-Hant": "小"},
    "f2_none": {"en": "no effect to speak of", "zh-Hans": "可忽略", "zh-Hant": "可忽略"},
    "st_q2": {"en": "Blindfolding with an omission distance of {d} gave the Stone–Geisser {list} (> 0 small, "
                    "≥ {medium} "
                    "medium, ≥ {large} large predictive relevance; Hair et al., 2019).",
              "zh-Hans": "遮蔽法（省略距离 D = {d}）所得的 Stone–Geisser Q² 为：{list}（> 0 为小，≥ {medium} 为中等，≥ {large} 为大的"
                         "预测相关性；Hair et al., 2019）。",
              "zh-Hant": "遮蔽法（省略距離 D = {d}）所得的 Stone–Geisser Q² 為：{list}（> 0 為小，≥ {medium} 為中等，≥ {large} 為大的"
                         "預測相關性；Hair et al., 2019）。"},
    "st_q2_item": {"en": "Q² = {v} for {c} ({level})", "zh-Hans": "{c} 的 Q² = {v}（{level}）",
                   "zh-Hant": "{c} 的 Q² = {v}（{level}）"},
    "q2_large": {"en": "large", "zh-Hans": "大", "zh-Hant": "大"},
    "q2_medium": {"en": "medium", "zh-Hans": "中等", "zh-Hant": "中等"},
    "q2_small": {"en": "small", "zh-Hans": "小", "zh-Hant": "小"},
    "q2_none": {"en": "no predictive relevance", "zh-Hans": "无预测相关性", "zh-Hant": "無預測相關性"},
    "st_pp": {"en": "For {c}{target}, Q²predict of the indicators {range}{q}; {k} of the {m} indicators had "
                    "Q²predict > 0 "
                    "and a lower RMSE with PLS-SEM than with the linear model benchmark (LM), so the model has "
                    "{power} for {c} (Shmueli et al., 2019).",
              "zh-Hans": "就 {c}{target} 而言，各指标的 Q²predict {range}{q}；{m} 个指标中有 {k} 个 Q²predict > 0 且 PLS-SEM 的"
                         "预测 RMSE 低于线性模型基准（LM），因此模型对 {c} 具有{power}（Shmueli et al., 2019）。",
              "zh-Hant": "就 {c}{target} 而言，各指標的 Q²predict {range}{q}；{m} 個指標中有 {k} 個 Q²predict > 0 且 PLS-SEM 的"
                         "預測 RMSE 低於線性模型基準（LM），因此模型對 {c} 具有{power}（Shmueli et al., 2019）。"},
    "st_pp_target": {"en": " (the key target construct)", "zh-Hans": "（关键目标构念）", "zh-Hant": "（關鍵目標構念）"},
    "st_pp_q_ok": {"en": " (all above zero)", "zh-Hans": "（均大于 0）", "zh-Hant": "（均大於 0）"},
    "st_pp_q_some": {"en": " ({list} at most zero, predicted no better than by the indicator means)",
                     "zh-Hans": "（{list} 不大于 0，预测效果不优于指标均值）",
                     "zh-Hant": "（{list} 不大於 0，預測效果不優於指標平均數）"},
    "pp_high": {"en": "high predictive power", "zh-Hans": "高预测能力", "zh-Hant": "高預測能力"},
    "pp_medium": {"en": "medium predictive power", "zh-Hans": "中等预测能力", "zh-Hant": "中等預測能力"},
    "pp_low": {"en": "low predictive power", "zh-Hans": "低预测能力", "zh-Hant": "低預測能力"},
    "pp_none": {"en": "no predictive power", "zh-Hans": "不具预测能力", "zh-Hant": "不具預測能力"},
    "st_pp_irrelevant": {"en": "For {c}{target}, Q²predict of every indicator was at most zero ({range}): PLS-SEM "
                               "predicted no better than the indicator means, so the model lacks predictive relevance "
                               "for {c} (Shmueli et al., 2019).",
                         "zh-Hans": "就 {c}{target} 而言，各指标的 Q²predict 均不大于 0（{range}），PLS-SEM 的预测效果不优于指标"
                                    "均值，模型对 {c} 不具预测相关性（Shmueli et al., 2019）。",
                         "zh-Hant": "就 {c}{target} 而言，各指標的 Q²predict 均不大於 0（{range}），PLS-SEM 的預測效果不優於指標"
                                    "平均數，模型對 {c} 不具預測相關性（Shmueli et al., 2019）。"},
    "st_cvpat": {"en": "In CVPAT (Liengaard et al., 2021), over all endogenous indicators the average loss of PLS-SEM "
                       "was {ia} that of the indicator averages (IA; D = {d_ia}, t({df}) = {t_ia}, {p_ia}) and {lm} "
                       "that of the linear models (LM; D = {d_lm}, t({df}) = {t_lm}, {p_lm}).",
                 "zh-Hans": "CVPAT（Liengaard et al., 2021）显示，就全部内生指标而言，PLS-SEM 的平均损失{ia}指标均值基准（IA；"
                            "D = {d_ia}，t({df}) = {t_ia}，{p_ia}），并{lm}线性模型基准（LM；D = {d_lm}，t({df}) = {t_lm}，{p_lm}）。",
                 "zh-Hant": "CVPAT（Liengaard et al., 2021）顯示，就全部內生指標而言，PLS-SEM 的平均損失{ia}指標平均數基準（IA；"
                            "D = {d_ia}，t({df}) = {t_ia}，{p_ia}），並{lm}線性模型基準（LM；D = {d_lm}，t({df}) = {t_lm}，"
                            "{p_lm}）。"},
    "cv_less": {"en": "significantly lower than", "zh-Hans": "显著低于", "zh-Hant": "顯著低於"},
    "cv_not_less": {"en": "not significantly lower than", "zh-Hans": "未显著低于", "zh-Hant": "未顯著低於"},
    "cv_diff": {"en": "significantly different from", "zh-Hans": "显著不同于", "zh-Hant": "顯著不同於"},
    "cv_not_diff": {"en": "not significantly different from", "zh-Hans": "未显著不同于", "zh-Hant": "未顯著不同於"},
    "st_srmr_ok": {"en": "As an approximate measure of model fit, SRMR was {s} for the saturated and {e} for the "
                         "estimated model, both below {cut} (Henseler et al., 2014); fit measures are to be read with "
                         "caution in PLS-SEM (Hair et al., 2019).",
                   "zh-Hans": "作为近似的模型拟合指标，饱和模型与估计模型的 SRMR 分别为 {s} 与 {e}，均低于 {cut}（Henseler et al., "
                              "2014）；PLS-SEM 的拟合指标宜谨慎解读（Hair et al., 2019）。",
                   "zh-Hant": "作為近似的模型配適指標，飽和模型與估計模型的 SRMR 分別為 {s} 與 {e}，均低於 {cut}（Henseler et al., "
                              "2014）；PLS-SEM 的配適指標宜審慎解讀（Hair et al., 2019）。"},
    "st_srmr_no": {"en": "As an approximate measure of model fit, SRMR was {s} for the saturated and {e} for the "
                         "estimated model, not both below {cut} (Henseler et al., 2014); fit measures are to be read "
                         "with caution in PLS-SEM (Hair et al., 2019).",
                   "zh-Hans": "作为近似的模型拟合指标，饱和模型与估计模型的 SRMR 分别为 {s} 与 {e}，未均低于 {cut}（Henseler et al., "
                              "2014）；PLS-SEM 的拟合指标宜谨慎解读（Hair et al., 2019）。",
                   "zh-Hant": "作為近似的模型配適指標，飽和模型與估計模型的 SRMR 分別為 {s} 與 {e}，未均低於 {cut}（Henseler et al., "
                              "2014）；PLS-SEM 的配適指標宜審慎解讀（Hair et al., 2019）。"},
    # ---------------------------------------------------------------- mediation
    "md_intro": {"en": "Specific indirect effects were tested with 95% {ci} bootstrap confidence intervals, and each "
                       "mediation was classified by its indirect and direct effects (Zhao et al., 2010; Nitzl et al., "
                       "2016).",
                 "zh-Hans": "特定间接效应采用 95% {ci}自助法置信区间检验，并依间接效应与直接效应判断中介类型（Zhao et al., 2010；"
                            "Nitzl et al., 2016）。",
                 "zh-Hant": "特定間接效果採用 95% {ci}拔靴法信賴區間檢定，並依間接效果與直接效果判斷中介類型（Zhao et al., 2010；"
                            "Nitzl et al., 2016）。"},
    "md_item": {"en": "The indirect effect {path} was β = {b}, t = {t}, {p}, 95% CI [{lo}, {hi}]: {kind}.",
                "zh-Hans": "间接效应 {path} 为 β = {b}，t = {t}，{p}，95% CI [{lo}, {hi}]，{kind}。",
                "zh-Hant": "間接效果 {path} 為 β = {b}，t = {t}，{p}，95% CI [{lo}, {hi}]，{kind}。"},
    "md_complementary": {"en": "significant, and with the direct effect of {x} on {y} significant and of the same "
                               "sign (β = {d}, {dp}), a complementary partial mediation",
                         "zh-Hans": "显著；{x} 对 {y} 的直接效应亦显著且方向相同（β = {d}，{dp}），属于互补型部分中介",
                         "zh-Hant": "顯著；{x} 對 {y} 的直接效果亦顯著且方向相同（β = {d}，{dp}），屬於互補型部分中介"},
    "md_competitive": {"en": "significant, and with the direct effect of {x} on {y} significant and of the opposite "
                             "sign (β = {d}, {dp}), a competitive partial mediation",
                       "zh-Hans": "显著；{x} 对 {y} 的直接效应亦显著但方向相反（β = {d}，{dp}），属于竞争型部分中介",
                       "zh-Hant": "顯著；{x} 對 {y} 的直接效果亦顯著但方向相反（β = {d}，{dp}），屬於競爭型部分中介"},
    "md_full": {"en": "significant, and with the direct effect of {x} on {y} not significant (β = {d}, {dp}), an "
                      "indirect-only (full) mediation",
                "zh-Hans": "显著；{x} 对 {y} 的直接效应不显著（β = {d}，{dp}），属于仅间接（完全）中介",
                "zh-Hant": "顯著；{x} 對 {y} 的直接效果不顯著（β = {d}，{dp}），屬於僅間接（完全）中介"},
    "md_nodirect": {"en": "significant; the model has no direct path from {x} to {y} (indirect-only mediation)",
                    "zh-Hans": "显著；模型未设定 {x} 对 {y} 的直接路径（仅间接中介）",
                    "zh-Hant": "顯著；模型未設定 {x} 對 {y} 的直接路徑（僅間接中介）"},
    "md_direct_only": {"en": "not significant, while the direct effect of {x} on {y} was (β = {d}, {dp}): a "
                             "direct-only effect, no mediation",
                       "zh-Hans": "不显著，而 {x} 对 {y} 的直接效应显著（β = {d}，{dp}），属于仅直接效应，不存在中介",
                       "zh-Hant": "不顯著，而 {x} 對 {y} 的直接效果顯著（β = {d}，{dp}），屬於僅直接效果，不存在中介"},
    "md_none": {"en": "not significant, no mediation", "zh-Hans": "不显著，不存在中介", "zh-Hant": "不顯著，不存在中介"},
    "md_total": {"en": "The total indirect effect of {x} on {y} was β = {b}, t = {t}, {p}, 95% CI [{lo}, {hi}].",
                 "zh-Hans": "{x} 对 {y} 的总间接效应为 β = {b}，t = {t}，{p}，95% CI [{lo}, {hi}]。",
                 "zh-Hant": "{x} 對 {y} 的總間接效果為 β = {b}，t = {t}，{p}，95% CI [{lo}, {hi}]。"},
    "md_noboot": {"en": "Without a bootstrap the indirect effects were not tested; their estimates were {list}.",
                  "zh-Hans": "由于未进行自助法，未检验间接效应；其估计值为：{list}。",
                  "zh-Hant": "由於未進行拔靴法，未檢定間接效果；其估計值為：{list}。"},
    # ---------------------------------------------------------------- IPMA
    "ip_intro": {"en": "The importance–performance map analysis of {target} (Ringle & Sarstedt, 2016) took the "
                       "unstandardized total effects on {target} as importance and the construct scores rescaled to "
                       "0–100 as performance ({center}).",
                 "zh-Hans": "{target} 的重要性–绩效矩阵分析（Ringle & Sarstedt, 2016）以对 {target} 的非标准化总效应为重要性，"
                            "以换算为 0–100 的构念得分为绩效（{center}）。",
                 "zh-Hant": "{target} 的重要性–績效矩陣分析（Ringle & Sarstedt, 2016）以對 {target} 的非標準化總效果為重要性，"
                            "以換算為 0–100 的構念分數為績效（{center}）。"},
    "ip_order": {"en": "By importance, the drivers were {list}.", "zh-Hans": "按重要性排序，各驱动构念依次为 {list}。",
                 "zh-Hant": "按重要性排序，各驅動構念依序為 {list}。"},
    "ip_item": {"en": "{c} (importance = {i}, performance = {p})", "zh-Hans": "{c}（重要性 = {i}，绩效 = {p}）",
                "zh-Hant": "{c}（重要性 = {i}，績效 = {p}）"},
    "ip_conc": {"en": "{list} fell in the {label} quadrant (above-average importance, below-average performance); "
                      "improving {first} first promises the largest gain in {target}.",
                "zh-Hans": "{list} 落入{label}（重要性高于平均、绩效低于平均），应优先改进 {first}，对提升 {target} 的作用最大。",
                "zh-Hant": "{list} 落入{label}（重要性高於平均、績效低於平均），應優先改進 {first}，對提升 {target} 的作用最大。"},
    "ip_none": {"en": "No driver fell in the {label} quadrant (above-average importance, below-average performance); "
                      "the first priority was {first} ({quadrant}).",
                "zh-Hans": "没有驱动构念落入{label}（重要性高于平均、绩效低于平均）；优先序第一的是 {first}（{quadrant}）。",
                "zh-Hant": "沒有驅動構念落入{label}（重要性高於平均、績效低於平均）；優先序第一的是 {first}（{quadrant}）。"},
    # ---------------------------------------------------------------- groups
    "gr_intro": {"en": "MICOM (Henseler et al., 2016) compared the groups of {group} ({groups}) in {k} {pairs}, with "
                       "{perm} permutations.",
                 "zh-Hans": "MICOM（Henseler et al., 2016）比较了 {group} 的各组（{groups}），共 {k} 组配对，置换 {perm} 次。",
                 "zh-Hant": "MICOM（Henseler et al., 2016）比較了 {group} 的各組（{groups}），共 {k} 組配對，排列 {perm} 次。"},
    "gr_pair": {"en": "pair", "zh-Hans": "组配对", "zh-Hant": "組配對"},
    "gr_pairs": {"en": "pairs", "zh-Hans": "组配对", "zh-Hant": "組配對"},
    "gr_group_n": {"en": "{g} (n = {n})", "zh-Hans": "{g}（n = {n}）", "zh-Hant": "{g}（n = {n}）"},
    "gr_conf_ok": {"en": "Configural invariance (step 1) was established: the same model, indicators and algorithm "
                         "settings in every group.",
                   "zh-Hans": "形态不变性（步骤 1）成立：各组的模型、指标与算法设置均相同。",
                   "zh-Hant": "形貌不變性（步驟 1）成立：各組的模型、指標與演算法設定均相同。"},
    "gr_conf_no": {"en": "Configural invariance (step 1) was not established, so the groups should not be compared.",
                   "zh-Hans": "形态不变性（步骤 1）不成立，各组不宜比较。", "zh-Hant": "形貌不變性（步驟 1）不成立，各組不宜比較。"},
    "gr_comp_all": {"en": "Compositional invariance (step 2) held in all {m} comparisons of a construct between two "
                          "groups (c not below the 5% quantile of its permutation distribution).",
                    "zh-Hans": "组合不变性（步骤 2）在全部 {m} 项构念比较中均成立（c 不低于其置换分布的 5% 分位数）。",
                    "zh-Hant": "組合不變性（步驟 2）在全部 {m} 項構念比較中均成立（c 不低於其排列分配的 5% 分位數）。"},
    "gr_comp_some": {"en": "Compositional invariance (step 2) held in {k} of the {m} comparisons of a construct "
                           "between "
                           "two groups; it failed for {list}.",
                     "zh-Hans": "组合不变性（步骤 2）在 {m} 项构念比较中有 {k} 项成立；不成立的为 {list}。",
                     "zh-Hant": "組合不變性（步驟 2）在 {m} 項構念比較中有 {k} 項成立；不成立的為 {list}。"},
    "gr_comp_item": {"en": "{c} in {a} vs. {b} (c = {v}, 5% quantile {q})",
                     "zh-Hans": "{a}对{b}的 {c}（c = {v}，5% 分位数为 {q}）",
                     "zh-Hant": "{a}對{b}的 {c}（c = {v}，5% 分位數為 {q}）"},
    "gr_full_all": {"en": "Equal composite means and variances (step 3) held in all of them as well: full measurement "
                          "invariance.",
                    "zh-Hans": "均值与方差相等（步骤 3）亦全部成立，达到完全测量不变性。",
                    "zh-Hant": "平均數與變異數相等（步驟 3）亦全部成立，達到完全測量不變性。"},
    "gr_full_some": {"en": "Equal composite means and variances (step 3) held in {f} of these {k} (full measurement "
                           "invariance); the others had partial measurement invariance.",
                     "zh-Hans": "其中 {f} 项的均值与方差亦相等（步骤 3），达到完全测量不变性；其余为部分测量不变性。",
                     "zh-Hant": "其中 {f} 項的平均數與變異數亦相等（步驟 3），達到完全測量不變性；其餘為部分測量不變性。"},
    "gr_compare_ok": {"en": "With at least partial invariance, the path coefficients can be compared across the groups "
                            "(Henseler et al., 2016).",
                      "zh-Hans": "在至少部分测量不变性成立的前提下，各组的路径系数可以比较（Henseler et al., 2016）。",
                      "zh-Hant": "在至少部分測量不變性成立的前提下，各組的路徑係數可以比較（Henseler et al., 2016）。"},
    "gr_compare_no": {"en": "Paths of constructs without compositional invariance should not be compared across these "
                            "groups (Henseler et al., 2016).",
                      "zh-Hans": "未达组合不变性的构念，其路径不宜在相应组间比较（Henseler et al., 2016）。",
                      "zh-Hant": "未達組合不變性的構念，其路徑不宜在相應組間比較（Henseler et al., 2016）。"},
    "gr_mga_none": {"en": "In the multigroup analysis (permutation test, Chin & Dibbern, 2010; PLS-MGA, Henseler "
                          "et al., "
                          "2009), no path coefficient differed significantly between groups (all permutation p ≥ "
                          "{alpha}; {k} comparisons, uncorrected).",
                    "zh-Hans": "多群组分析（置换检验，Chin & Dibbern, 2010；PLS-MGA，Henseler et al., 2009）中，没有路径系数在组间"
                               "存在显著差异（置换检验 p 均 ≥ {alpha}；共 {k} 项比较，未校正）。",
                    "zh-Hant": "多組別分析（排列檢定，Chin & Dibbern, 2010；PLS-MGA，Henseler et al., 2009）中，沒有路徑係數在組間"
                               "存在顯著差異（排列檢定 p 均 ≥ {alpha}；共 {k} 項比較，未校正）。"},
    "gr_mga_some": {"en": "In the multigroup analysis (permutation test, Chin & Dibbern, 2010; PLS-MGA, two-tailed, "
                          "Henseler et al., 2009), {list} differed significantly between the groups (permutation p < "
                          "{alpha}; {k} comparisons, uncorrected).",
                    "zh-Hans": "多群组分析（置换检验，Chin & Dibbern, 2010；PLS-MGA 双尾，Henseler et al., 2009）中，{list} 在组间存在"
                               "显著差异（置换检验 p < {alpha}；共 {k} 项比较，未校正）。",
                    "zh-Hant": "多組別分析（排列檢定，Chin & Dibbern, 2010；PLS-MGA 雙尾，Henseler et al., 2009）中，{list} 在組間存在"
                               "顯著差異（排列檢定 p < {alpha}；共 {k} 項比較，未校正）。"},
    "gr_mga_item": {"en": "{path} ({a}: β = {b1}; {b}: β = {b2}; Δβ = {d}; permutation {p1}; PLS-MGA {p2})",
                    "zh-Hans": "{path}（{a}：β = {b1}；{b}：β = {b2}；Δβ = {d}；置换检验 {p1}；PLS-MGA {p2}）",
                    "zh-Hant": "{path}（{a}：β = {b1}；{b}：β = {b2}；Δβ = {d}；排列檢定 {p1}；PLS-MGA {p2}）"},
    # ---------------------------------------------------------------- screening adapted to PLS-SEM
    "mardia_pls": {"en": "PLS-SEM, a nonparametric method, does not assume normally distributed data; its tests rest "
                         "on the bootstrap (Hair et al., 2019).",
                   "zh-Hans": "PLS-SEM 属于非参数方法，不要求数据服从正态分布，其显著性检验基于自助法（Hair et al., 2019）。",
                   "zh-Hant": "PLS-SEM 屬於無母數方法，不要求資料服從常態分配，其顯著性檢定基於拔靴法（Hair et al., 2019）。"},
    "step_failed": {"en": "{why}", "zh-Hans": "{why}", "zh-Hant": "{why}"},
}


def is_pls(d: dict) -> bool:
    """Whether the user chose PLS-SEM (``meta.spec.method``) and the results carry its ``pls`` block."""
    meta = d.get("meta") if isinstance(d, dict) else None
    spec = meta.get("spec") if isinstance(meta, dict) else None
    return isinstance(spec, dict) and spec.get("method") == "pls" and isinstance(d.get("pls"), dict)


def heading(key: str, lang: str) -> str:
    return HEADINGS[key][lang]


def _p(ctx: _Ctx, key: str, /, **values) -> str:
    text = _P[key][ctx.lang]
    return text.format(**values) if values else text


def _sp(c: _Ctx) -> str:
    return " " if c.lang == "en" else ""


def _semi(c: _Ctx, items: list) -> str:
    return "; ".join(items) if c.lang == "en" else "；".join(items)


def _b(x) -> str:
    """A standardized coefficient (β, loading, weight, HTMT, R², Q²): no leading zero."""
    return apa.unit(x, 3)


def _th(x) -> str:
    """A published threshold of a bounded statistic as it is printed: ".85", ".50"."""
    return apa.unit(x, 2)


def _ci(lo, hi) -> str:
    return f"[{_b(lo)}, {_b(hi)}]"


def _rows(block, key) -> list[dict]:
    rows = (block or {}).get(key) if isinstance(block, dict) else None
    return [r for r in rows or [] if isinstance(r, dict)]


def _range(c: _Ctx, values: dict, fmt=_b) -> str:
    """"ranged from .71 (A) to .93 (B)" (or "was .80 (A)" for one value) in the report's language."""
    lo = min(values, key=values.get)
    hi = max(values, key=values.get)
    if len(values) == 1:
        return c.t("single", v=fmt(values[lo]), c=lo)
    return c.t("range", lo=fmt(values[lo]), lo_c=lo, hi=fmt(values[hi]), hi_c=hi)


def _sig(row: dict) -> bool | None:
    """Whether a bootstrap row's 95% CI excludes zero (None without a bootstrap)."""
    if not (_ok(row.get("ci.lower")) and _ok(row.get("ci.upper"))):
        return None
    return _excludes_zero(row["ci.lower"], row["ci.upper"])


def _stats(c: _Ctx, est, row: dict | None) -> str:
    """"β = .185, t = 4.04, p < .001, 95% CI [.093, .286]"; β alone without a bootstrap."""
    parts = [f"β = {_b(est)}"]
    if row and _ok(row.get("t")):
        parts += [f"t = {apa.num(row['t'], 2)}", apa.p_text(row.get("p")),
                  f"95% CI {_ci(row.get('ci.lower'), row.get('ci.upper'))}"]
    return c.t("sep").join(parts)


def _ci_name(c: _Ctx, pls: dict) -> str:
    boot = pls.get("bootstrap") or {}
    kind = boot.get("ci") or (pls.get("settings") or {}).get("ci") or "percentile"
    return _p(c, f"ci_{kind}") if f"ci_{kind}" in _P else str(kind)


def _constructs(pls: dict) -> dict:
    return {b["name"]: b for b in pls.get("constructs") or [] if isinstance(b, dict) and b.get("name")}


def _interaction(pls: dict, name) -> bool:
    """An interaction term of a two-stage moderation ("A*B", A and B constructs of the model)."""
    parts = str(name).split("*")
    return len(parts) == 2 and all(p in _constructs(pls) for p in parts)


def _code(pls: dict, name) -> str:
    """A construct as the text names it: its code, an interaction term "A*B" as "A × B"."""
    return " × ".join(str(name).split("*")) if _interaction(pls, name) else str(name)


def _arrow(pls: dict, *names) -> str:
    return " → ".join(_code(pls, n) for n in names)


def _reflective(pls: dict) -> list[str]:
    return [n for n, b in _constructs(pls).items() if b.get("mode") == "A" and b.get("reflective", True)]


def _formative(pls: dict) -> list[str]:
    return [n for n, b in _constructs(pls).items() if b.get("mode") == "B"]


def _notes(c: _Ctx, pls: dict, prefix: tuple) -> list[str]:
    """The notes of the steps that could not run (``"PLSpredict: …"``), as the results give them."""
    out = []
    for n in pls.get("notes") or []:
        text = c.local(n, "")
        if text.startswith(prefix):
            out.append(_p(c, "step_failed", why=text))
    return out


# ----------------------------------------------------------------------------------------------
# sections
# ----------------------------------------------------------------------------------------------
def _power_of_ten(x) -> str:
    """1e-07 → "10⁻⁷" (as journals print a stop criterion)."""
    import math

    if not _ok(x) or x <= 0:
        return apa.num(x, 7)
    exp = round(math.log10(x))
    if abs(10 ** exp - x) > 1e-12 * x:
        return f"{x:.1e}".replace("-", apa.MINUS)
    sup = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")
    return "10" + str(exp).translate(sup)


def method(c: _Ctx) -> list[str]:
    pls = c.d["pls"]
    st = pls.get("settings") or {}
    paras = []
    scheme = st.get("scheme", "path")
    s = [_p(c, "m_intro", n=pls.get("n"), scheme=_p(c, f"scheme_{scheme}") if f"scheme_{scheme}" in _P else scheme,
            tol=_power_of_ten(st.get("stop_criterion", 1e-7)), max=st.get("max_iterations", 300))]
    if pls.get("converged") is False:
        s.append(_p(c, "m_not_converged", max=st.get("max_iterations", 300)))
    elif _ok(pls.get("iterations")):
        s.append(_p(c, "m_converged", k=int(pls["iterations"])))
    corrected = [b["name"] for b in pls.get("constructs") or [] if b.get("consistent")]
    if corrected:
        every = set(corrected) >= set(_reflective(pls))
        s.append(_p(c, "m_plsc", which="" if every else (f" ({c.join(corrected)})" if c.lang == "en"
                                                             else f"（{c.join(corrected)}）")))
    miss = pls.get("missing") or {}
    if miss.get("method") == "casewise":
        s.append(_p(c, "m_casewise", k=len(miss.get("excluded") or []), n=pls.get("n")))
    else:
        k = sum(v for v in (miss.get("replaced") or {}).values() if _ok(v))
        s.append(_p(c, "m_mean", k=int(k), n=pls.get("n")) if k else _p(c, "m_complete"))
    boot = pls.get("bootstrap")
    if isinstance(boot, dict) and _ok(boot.get("n_boot")):
        s.append(_p(c, "m_boot", b=int(boot["n_boot"]), ci=_ci_name(c, pls), seed=boot.get("seed")))
        used = boot.get("n_used")
        if _ok(used) and used < boot["n_boot"]:
            s.append(_p(c, "m_boot_used", u=int(used), b=int(boot["n_boot"])))
        if boot.get("n_nonconverged") and not boot.get("drop_nonconverged"):
            s.append(_p(c, "m_boot_nonconv", k=int(boot["n_nonconverged"])))
    else:
        s.append(_p(c, "m_noboot"))
    paras.append(_sp(c).join(s))
    s = [_p(c, "m_htmt")]
    pred = pls.get("predict") or {}
    if pred or pls.get("cvpat"):
        s.append(_p(c, "m_predict", k=pred.get("folds", st.get("folds")), r=pred.get("repetitions",
                                                                                      st.get("repetitions"))))
    if pls.get("ipma"):
        s.append(_p(c, "m_ipma"))
    if pls.get("micom") or pls.get("mga"):
        s.append(_p(c, "m_groups", group=st.get("group") or (pls.get("micom") or pls.get("mga")).get("column")))
    s += _notes(c, pls, ("PLSpredict", "CVPAT", "IPMA", "MICOM", "MGA"))
    paras.append(_sp(c).join(s))
    return paras


def measurement(c: _Ctx) -> list[str]:
    pls = c.d["pls"]
    a = pls.get("assessment") or {}
    boot = (pls.get("bootstrap") or {}).get("tables") or {}
    cons = _constructs(pls)
    reflective = _reflective(pls)
    multi = [k for k in reflective if len(cons[k].get("items") or []) > 1]
    paras = []
    # loadings and indicator reliability
    loads = {r["item"]: r["loading"] for r in _rows(a, "loadings")
             if r.get("construct") in multi and _ok(r.get("loading"))}
    if loads:
        s = [_p(c, "ms_loadings", range=_range(c, loads))]
        low = [c.paren(i, _b(v)) for i, v in loads.items() if v < LOADING_MIN]
        s.append(_p(c, "ms_load_low", list=c.join(low), cut=_b(LOADING_MIN)) if low
                 else _p(c, "ms_load_ok", cut=_b(LOADING_MIN)))
        sig = {r["item"]: r for r in boot.get("loadings") or [] if r.get("item") in loads and _ok(r.get("p"))}
        if sig:
            ns = [i for i, r in sig.items() if r["p"] >= ALPHA]
            if ns:
                s.append(_p(c, "ms_load_ns", list=c.join(ns), alpha=apa.unit(ALPHA, 2)))
            else:
                worst = max(r["p"] for r in sig.values())
                s.append(_p(c, "ms_load_sig", p="p < .001" if worst < .001 else f"p ≤ {apa.p(worst)}"))
        paras.append(_sp(c).join(s))
    # internal consistency and convergent validity
    rel = {r["construct"]: r for r in _rows(a, "reliability") if r.get("construct") in multi}
    stats = {ALPHA_KEY: "α", "rho_a": "ρA", "rho_c": "ρC"}
    values = {k: {n: r[k] for n, r in rel.items() if _ok(r.get(k))} for k in stats}
    if all(values.values()):
        s = [_p(c, "ms_rel", ra=_range(c, values[ALPHA_KEY]), rr=_range(c, values["rho_a"]),
                rc=_range(c, values["rho_c"]))]
        th = {"ok": apa.unit(REL_OK, 2), "high": apa.unit(REL_HIGH, 2), "low": apa.unit(REL_EXPLORATORY, 2)}
        s.append(_p(c, "ms_rel_crit", **th))
        flagged = False
        for verdict, band in (("fail", "low"), ("low", "exploratory"), ("high", "redundant")):
            hit = []
            for n in rel:                      # "QUAL (α = .694, ρA = .694)": the statistics of one construct
                found = [f"{sym} = {_b(values[key][n])}" for key, sym in stats.items()
                         if n in values[key] and reliability_band(values[key][n]) == band]
                if found:
                    hit.append(_p(c, "ms_rel_item", c=n, stats=c.t("sep").join(found)))
            if hit:
                flagged = True
                s.append(_p(c, f"ms_rel_{verdict}", list=c.join(hit), **th))
        if not flagged:
            s.append(_p(c, "ms_rel_ok"))
        paras.append(_sp(c).join(s))
    ave = {n: r["ave"] for n, r in rel.items() if _ok(r.get("ave"))}
    if ave:
        low = [c.paren(n, _b(v)) for n, v in ave.items() if v < AVE_MIN]
        s = [_p(c, "ms_ave", range=_range(c, ave)),
             _p(c, "ms_ave_fail", list=c.join(low), cut=_th(AVE_MIN)) if low else _p(c, "ms_ave_ok", cut=_th(AVE_MIN))]
        paras.append(_sp(c).join(s))
    single = [k for k, b in cons.items() if len(b.get("items") or []) == 1 and not _interaction(pls, k)]
    if single:
        paras.append(_p(c, "ms_single", list=c.join(single)))
    paras += _formative_text(c, pls, a, boot, cons)
    return paras


def _vif_verdict(c: _Ctx, vifs: dict) -> str:
    """"; all were below 3, …" or the names in the 3–5 and ≥ 5 bands."""
    kw = {"ideal": apa.num(VIF_IDEAL, 0), "critical": apa.num(VIF_CRITICAL, 0)}
    some = [c.paren(k, apa.num(v, 2)) for k, v in vifs.items() if VIF_IDEAL <= v < VIF_CRITICAL]
    crit = [c.paren(k, apa.num(v, 2)) for k, v in vifs.items() if v >= VIF_CRITICAL]
    if not some and not crit:
        return _p(c, "vif_ok", **kw)
    out = ""
    if some:
        out += _p(c, "vif_some", list=c.join(some), **kw)
    if crit:
        out = out[:-1] if out else out
        out += _p(c, "vif_critical", list=c.join(crit), **kw)
    return out


def _formative_text(c: _Ctx, pls: dict, a: dict, boot: dict, cons: dict) -> list[str]:
    formative = [k for k in _formative(pls) if len(cons[k].get("items") or []) > 1]
    if not formative:
        return []
    s = [_p(c, "ms_form_intro", list=c.join(formative))]
    vif = {r["item"]: r["vif"] for r in _rows(a, "outer_vif") if r.get("construct") in formative and _ok(r.get("vif"))}
    if vif:
        s.append(_p(c, "ms_form_vif", range=_range(c, vif, lambda v: apa.num(v, 2))) + _vif_verdict(c, vif))
    loads = {r["item"]: r["loading"] for r in _rows(a, "loadings") if r.get("construct") in formative}
    weights = {r["item"]: r for r in boot.get("weights") or [] if r.get("construct") in formative and _ok(r.get("t"))}
    if weights:
        def item(i, r, loading=False):
            text = _p(c, "ms_w_item", i=i, w=_b(r.get("estimate")), t=apa.num(r.get("t"), 2), p=apa.p_text(r.get("p")))
            if loading:      # the loading inside the parentheses: "X1 (w = .12, t = 1.02, p = .310, λ = .64)"
                text = text[:-1] + c.t("sep") + f"λ = {_b(loads.get(i))}" + text[-1]
            return text

        def relevant(i):
            return _ok(loads.get(i)) and loads[i] >= FORMATIVE_LOADING
        sig = [item(i, r) for i, r in weights.items() if _sig(r)]
        keep = [item(i, r, True) for i, r in weights.items() if not _sig(r) and relevant(i)]
        drop = [item(i, r, True) for i, r in weights.items() if not _sig(r) and not relevant(i)]
        if sig:
            s.append(_p(c, "ms_w_sig", list=c.join(sig)))
        if keep:
            s.append(_p(c, "ms_w_keep", list=c.join(keep), cut=_th(FORMATIVE_LOADING)))
        if drop:
            s.append(_p(c, "ms_w_drop", list=c.join(drop), cut=_th(FORMATIVE_LOADING)))
    else:
        w = {r["item"]: r["weight"] for r in _rows(pls, "weights")
             if r.get("construct") in formative and _ok(r.get("weight"))}
        if w:
            s.append(_p(c, "ms_w_plain", range=_range(c, w)))
    return [_sp(c).join(s)]


def _matrix(block) -> dict:
    """{(row, col): value} of a {rownames, colnames, values} matrix, finite values only."""
    out = {}
    if not isinstance(block, dict):
        return out
    rows, cols, vals = block.get("rownames") or [], block.get("colnames") or [], block.get("values") or []
    for i, a in enumerate(rows):
        for j, b in enumerate(cols):
            v = vals[i][j] if i < len(vals) and j < len(vals[i] or []) else None
            if _ok(v):
                out[(a, b)] = v
    return out


def discriminant(c: _Ctx) -> list[str]:
    pls = c.d["pls"]
    a = pls.get("assessment") or {}
    cons = _constructs(pls)
    keep = [k for k in _reflective(pls) if len(cons[k].get("items") or []) > 1]
    m = _matrix(a.get("htmt"))
    pairs = {}
    for i, x in enumerate(keep):
        for y in keep[i + 1:]:
            v = m.get((x, y), m.get((y, x)))
            if _ok(v):
                pairs[(x, y)] = v
    if not pairs:
        return []
    s = []
    (bx, by), best = max(pairs.items(), key=lambda kv: kv[1])
    kw = {"max": _b(best), "strict": _th(HTMT_STRICT), "liberal": _th(HTMT_LIBERAL)}

    def name(x, y):
        return c.t("pair", a=x, b=y)
    if best < HTMT_STRICT:
        s.append(_p(c, "dv_ok", pair=name(bx, by), **kw))
        verdict = True
    else:
        cut = HTMT_STRICT if best < HTMT_LIBERAL else HTMT_LIBERAL
        hit = sorted(((v, x, y) for (x, y), v in pairs.items() if v >= cut), reverse=True)
        s.append(_p(c, "dv_liberal" if best < HTMT_LIBERAL else "dv_fail",
                    list=c.join([c.paren(name(x, y), _b(v)) for v, x, y in hit]), **kw))
        verdict = False
    ub = {}
    for r in ((pls.get("bootstrap") or {}).get("tables") or {}).get("htmt") or []:
        key = (r.get("lhs"), r.get("rhs"))
        if _ok(r.get("one.sided.upper")) and (key in pairs or key[::-1] in pairs):
            ub[key if key in pairs else key[::-1]] = r["one.sided.upper"]
    if ub:
        (ux, uy), top = max(ub.items(), key=lambda kv: kv[1])
        if top < HTMT_STRICT:
            s.append(_p(c, "dv_ub_ok", cut=_th(HTMT_STRICT), ub=_b(top), pair=name(ux, uy)))
        else:
            verdict = False
            hit = [c.paren(name(x, y), _b(v)) for (x, y), v in sorted(ub.items(), key=lambda kv: -kv[1])
                   if v >= HTMT_STRICT]
            s.append(_p(c, "dv_ub_some", list=c.join(hit), cut=_th(HTMT_STRICT)))
            if top < HTMT_LIBERAL:
                s.append(_p(c, "dv_ub_liberal", liberal=_th(HTMT_LIBERAL)))
            else:
                hit = [c.paren(name(x, y), _b(v)) for (x, y), v in sorted(ub.items(), key=lambda kv: -kv[1])
                       if v >= HTMT_LIBERAL]
                s.append(_p(c, "dv_ub_fail", list=c.join(hit), verb="was" if len(hit) == 1 else "were",
                            liberal=_th(HTMT_LIBERAL)))
    fl = _matrix(a.get("fornell_larcker"))
    sq = {k: fl[(k, k)] for k in keep if (k, k) in fl}
    if sq:
        failed = []
        for k in sq:
            others = {o: abs(fl.get((k, o), fl.get((o, k), 0.0))) for o in keep if o != k
                      and _ok(fl.get((k, o), fl.get((o, k))))}
            if others:
                o = max(others, key=others.get)
                if others[o] >= sq[k]:
                    r = fl.get((k, o), fl.get((o, k)))
                    failed.append(_p(c, "dv_fl_item", c=k, s=_b(sq[k]), r=_b(r), o=o))
        s.append(_p(c, "dv_fl_fail", list=c.join(failed)) if failed else _p(c, "dv_fl_ok"))
    if verdict:
        s.append(_p(c, "dv_established"))
    return [_sp(c).join(s)]


def _path_rows(pls: dict) -> dict:
    """(source, target) → the path's row; a row without its constructs or estimate is damage (a DataError)."""
    out = {}
    for r in pls.get("paths") or []:
        if not (isinstance(r.get("rhs"), str) and isinstance(r.get("lhs"), str) and _ok(r.get("est"))):
            raise ValueError(f"pls.paths: {str(r)[:60]}")
        out[(r["rhs"], r["lhs"])] = r
    return out


def structural(c: _Ctx) -> list[str]:
    pls = c.d["pls"]
    a = pls.get("assessment") or {}
    paras = []
    inner = [r for r in _rows(a, "inner_vif") if _ok(r.get("vif"))]
    count = Counter(r.get("to") for r in inner)
    # a construct with one predictor has VIF 1 by definition: only those with two or more say anything
    vif = {_arrow(pls, r["from"], r["to"]): r["vif"] for r in inner if count[r.get("to")] > 1}
    if vif:
        paras.append(_p(c, "st_vif", range=_range(c, vif, lambda v: apa.num(v, 2))) + _vif_verdict(c, vif))
    paras += _paths(c, pls)
    r2 = [r for r in _rows(a, "r2") if _ok(r.get("r2"))]
    s = []
    if r2:
        items = [_p(c, "st_r2_item", v=_b(r["r2"]), c=r["construct"], adj=_b(r.get("r2_adj")),
                    level=_p(c, f"r2_{r2_size(r['r2'])}")) for r in r2]
        s.append(_p(c, "st_r2", list=_semi(c, items), sub=_th(R2_LEVELS[0]), mod=_th(R2_LEVELS[1]),
                    weak=_th(R2_LEVELS[2])))
    f2 = [r for r in pls.get("paths") or [] if _ok(r.get("f2"))]
    if f2:
        items = [_p(c, "st_f2_item", path=_arrow(pls, r["rhs"], r["lhs"]), f=apa.num(r["f2"], 3),
                    size=_p(c, f"f2_{f2_size(r['f2'])}")) for r in f2]
        s.append(_p(c, "st_f2", list=_semi(c, items), small=apa.num(F2_LEVELS[2], 2), medium=apa.num(F2_LEVELS[1], 2),
                    large=apa.num(F2_LEVELS[0], 2)))
    if s:
        paras.append(_sp(c).join(s))
    paras += _prediction(c, pls, a)
    fit = {r.get("measure"): r for r in _rows(a, "model_fit")}.get("SRMR")
    if fit and _ok(fit.get("saturated")) and _ok(fit.get("estimated")):
        ok = fit["saturated"] < SRMR_MAX and fit["estimated"] < SRMR_MAX
        paras.append(_p(c, "st_srmr_ok" if ok else "st_srmr_no", s=_b(fit["saturated"]), e=_b(fit["estimated"]),
                        cut=_th(SRMR_MAX)))
    return paras


def pls_hypotheses(d: dict) -> list[dict]:
    """The user's hypotheses (``results["hypotheses"]``: id, from, to, sign) tested on the PLS-SEM paths: against the
    direct path, or — when the model has none — the total effect, by its bootstrap 95% CI.  Each entry: ``id``,
    ``from``, ``to``, ``sign``, ``kind`` ("direct", "total" or "absent"), ``est``, ``row`` (the bootstrap row, or
    None), ``supported`` (True / False, None without a bootstrap or an effect) and ``why`` ("yes", "ci", "sign",
    "noboot", "absent")."""
    pls = d.get("pls") or {}
    paths = _path_rows(pls)
    tables = (pls.get("bootstrap") or {}).get("tables") or {}
    totals = {(r.get("from"), r.get("to")): r for r in tables.get("total") or [] if isinstance(r, dict)}
    effects = {(r.get("from"), r.get("to")): r for r in _rows(pls.get("assessment"), "effects")}
    out = []
    for h in d.get("hypotheses") or []:
        if not (isinstance(h, dict) and h.get("from") and h.get("to")):
            continue
        key = (h["from"], h["to"])
        entry = {"id": h.get("id", ""), "from": key[0], "to": key[1], "sign": h.get("sign")}
        if key in paths:
            row = paths[key]
            entry.update(kind="direct", est=row.get("est"), row=row if _ok(row.get("t")) else None)
        elif key in totals or key in effects:
            row = totals.get(key)
            entry.update(kind="total", est=row.get("estimate") if row else effects[key].get("total"), row=row)
        else:
            out.append({**entry, "kind": "absent", "est": None, "row": None, "supported": None, "why": "absent"})
            continue
        sig = _sig(entry["row"]) if entry["row"] else None
        if sig is None:
            entry.update(supported=None, why="noboot")
        else:
            sign_ok = h.get("sign") not in ("+", "-") or (entry["est"] > 0) == (h["sign"] == "+")
            entry.update(supported=bool(sig and sign_ok), why="yes" if sig and sign_ok else "sign" if sig else "ci")
        out.append(entry)
    return out


def _paths(c: _Ctx, pls: dict) -> list[str]:
    rows = _path_rows(pls)
    if not rows:
        return []
    booted = any(_ok(r.get("t")) for r in rows.values())
    ci = _ci_name(c, pls)
    hyps = pls_hypotheses(c.d)
    if hyps:
        paras = [_p(c, "st_hyp_intro", ci=ci)] if booted else []
        for h in hyps:
            label = [_arrow(c.d["pls"], h["from"], h["to"])]
            if h.get("sign") in ("+", "-"):
                label.append(_p(c, f"sign_{h['sign']}"))
            if h["kind"] == "total":
                label.append(_p(c, "st_hyp_total"))
            kw = {"id": h["id"], "path": c.t("sep").join(label)}
            if h["why"] == "absent":
                paras.append(_p(c, "st_hyp_absent", **kw))
                continue
            kw["stats"] = _stats(c, h["est"], h["row"])
            key = {"yes": "st_hyp_yes", "sign": "st_hyp_no_sign", "ci": "st_hyp_no_ci", "noboot": "st_hyp_noboot"}
            paras.append(_p(c, key[h["why"]], **kw))
        if booted:
            paras.append(_p(c, "st_hyp_summary", k=sum(bool(h["supported"]) for h in hyps), m=len(hyps)))
        return paras
    items = [c.paren(_arrow(pls, s, t), _stats(c, r.get("est"), r)) for (s, t), r in rows.items()]
    s = [_p(c, "st_paths", list=_semi(c, items))]
    if booted:
        ns = [_arrow(pls, s_, t) for (s_, t), r in rows.items() if _sig(r) is False]
        s.append(_p(c, "st_paths_ns", list=c.join(ns), verb="was" if len(ns) == 1 else "were", ci=ci) if ns
                 else _p(c, "st_paths_sig", ci=ci))
    else:
        s.append(_p(c, "st_paths_noboot"))
    return [_sp(c).join(s)]


def _prediction(c: _Ctx, pls: dict, a: dict) -> list[str]:
    paras = []
    q2 = [r for r in _rows(a, "q2") if _ok(r.get("q2"))]
    if q2:
        d = (a.get("settings") or {}).get("omission_distance", 7)
        items = [_p(c, "st_q2_item", v=_b(r["q2"]), c=r["construct"], level=_p(c, f"q2_{q2_size(r['q2'])}"))
                 for r in q2]
        paras.append(_p(c, "st_q2", d=d, list=_semi(c, items), medium=_th(Q2_LEVELS[1]), large=_th(Q2_LEVELS[0])))
    pred = pls.get("predict") or {}
    rows = [r for r in pred.get("indicators") or [] if isinstance(r, dict) and _ok(r.get("q2_predict"))]
    target = (pls.get("settings") or {}).get("target")
    order = list(dict.fromkeys(r.get("construct") for r in rows))
    if target in order:
        order = [target] + [k for k in order if k != target]
    s = []
    for con in order:
        mine = [r for r in rows if r.get("construct") == con]
        q = {r["item"]: r["q2_predict"] for r in mine}
        tgt = _p(c, "st_pp_target") if con == target and len(order) > 1 else ""
        if all(v <= 0 for v in q.values()):
            s.append(_p(c, "st_pp_irrelevant", c=con, target=tgt, range=_range(c, q)))
            continue
        bad = [c.paren(i, _b(v)) for i, v in q.items() if v <= 0]
        qtext = _p(c, "st_pp_q_some", list=c.join(bad)) if bad else _p(c, "st_pp_q_ok")
        k = sum(1 for r in mine if r["q2_predict"] > 0 and _ok(r.get("rmse")) and _ok(r.get("lm_rmse"))
                and r["rmse"] < r["lm_rmse"])
        power = predictive_power([r["q2_predict"] for r in mine], [r.get("rmse") for r in mine],
                                 [r.get("lm_rmse") for r in mine])
        s.append(_p(c, "st_pp", c=con, target=tgt, range=_range(c, q), q=qtext, k=k, m=len(mine),
                    power=_p(c, f"pp_{power}")))
    cv = {(r.get("benchmark"), r.get("construct")): r for r in _rows(pls.get("cvpat"), "tests")}
    ia, lm = cv.get(("IA", "Overall")), cv.get(("LM", "Overall"))
    if ia and lm and _ok(ia.get("pvalue")) and _ok(lm.get("pvalue")):
        two = (pls.get("cvpat") or {}).get("alternative") == "two-sided"

        def verdict(r):
            sig = r["pvalue"] < ALPHA
            return _p(c, ("cv_diff" if sig else "cv_not_diff") if two else ("cv_less" if sig else "cv_not_less"))
        s.append(_p(c, "st_cvpat", ia=verdict(ia), lm=verdict(lm), df=apa.num(ia.get("df"), 0),
                    d_ia=apa.num(ia.get("difference"), 3), t_ia=apa.num(ia.get("t"), 2), p_ia=apa.p_text(ia["pvalue"]),
                    d_lm=apa.num(lm.get("difference"), 3), t_lm=apa.num(lm.get("t"), 2), p_lm=apa.p_text(lm["pvalue"])))
    if s:
        paras.append(_sp(c).join(s))
    return paras


def mediation(c: _Ctx) -> list[str]:
    pls = c.d["pls"]
    tables = (pls.get("bootstrap") or {}).get("tables") or {}
    indirect = [r for r in tables.get("indirect") or [] if isinstance(r, dict) and r.get("from") and r.get("to")]
    if not indirect:
        plain = [r for r in _rows(pls.get("assessment"), "specific_indirect") if _ok(r.get("effect"))]
        if not plain:
            return []
        items = [c.paren(_arrow(pls, *[x.strip() for x in str(r.get("path")).split("→")]), f"β = {_b(r['effect'])}")
                 for r in plain]
        return [_p(c, "md_noboot", list=_semi(c, items))]
    paths = _path_rows(pls)
    items = [_p(c, "md_intro", ci=_ci_name(c, pls))]
    for r in indirect:
        x, y = r["from"], r["to"]
        sig = _sig(r)
        direct = paths.get((x, y))
        dsig = _sig(direct) if direct else None
        kw = {"x": _code(pls, x), "y": _code(pls, y)}
        if direct is not None:
            kw.update(d=_b(direct.get("est")), dp=apa.p_text(direct.get("p")))
        if sig:
            if direct is None:
                kind = _p(c, "md_nodirect", **kw)
            elif dsig:
                same = (direct.get("est") or 0) * (r.get("estimate") or 0) > 0
                kind = _p(c, "md_complementary" if same else "md_competitive", **kw)
            else:
                kind = _p(c, "md_full", **kw)
        elif direct is not None and dsig:
            kind = _p(c, "md_direct_only", **kw)
        else:
            kind = _p(c, "md_none")
        chain = [part.strip() for part in str(r.get("path") or f"{x} → {y}").split("→")]
        items.append(_p(c, "md_item", path=_arrow(pls, *chain), b=_b(r.get("estimate")),
                        t=apa.num(r.get("t"), 2), p=apa.p_text(r.get("p")), lo=_b(r.get("ci.lower")),
                        hi=_b(r.get("ci.upper")), kind=kind))
    count = Counter((r["from"], r["to"]) for r in indirect)
    for r in tables.get("total_indirect") or []:
        if count.get((r.get("from"), r.get("to")), 0) > 1:
            items.append(_p(c, "md_total", x=_code(pls, r["from"]), y=_code(pls, r["to"]), b=_b(r.get("estimate")),
                            t=apa.num(r.get("t"), 2),
                            p=apa.p_text(r.get("p")), lo=_b(r.get("ci.lower")), hi=_b(r.get("ci.upper"))))
    return [_sp(c).join(items)]


def ipma(c: _Ctx) -> list[str]:
    ip = c.d["pls"].get("ipma")
    if not isinstance(ip, dict):
        return []
    drivers = [r for r in ip.get("drivers") or [] if isinstance(r, dict) and _ok(r.get("importance"))]
    if not drivers:
        return []
    target = ip.get("target", "")
    center = c.local((ip.get("center") or {}).get("text"), "")
    center = re.sub(r"\s*[（(]([^()（）]*)[)）]", (", " if c.lang == "en" else "，") + r"\1", center)
    s = [_p(c, "ip_intro", target=target, center=center)]
    ranked = sorted(drivers, key=lambda r: -r["importance"])
    s.append(_p(c, "ip_order", list=c.join([_p(c, "ip_item", c=r.get("driver"), i=apa.num(r["importance"], 3),
                                                   p=apa.num(r.get("performance_100"), 1)) for r in ranked])))
    labels = ip.get("quadrant_labels") or {}
    label = c.quote(c.local(labels.get("concentrate"), "Concentrate here"))
    conc = sorted((r for r in drivers if r.get("quadrant") == "concentrate"), key=lambda r: r.get("priority", 0))
    first = min(drivers, key=lambda r: r.get("priority", 0))
    if conc:
        s.append(_p(c, "ip_conc", list=c.join([r.get("driver") for r in conc]), label=label,
                    first=conc[0].get("driver"),
                    target=target))
    else:
        s.append(_p(c, "ip_none", label=label, first=first.get("driver"),
                    quadrant=c.local(labels.get(first.get("quadrant")), str(first.get("quadrant")))))
    return [_sp(c).join(s)]


def groups(c: _Ctx) -> list[str]:
    pls = c.d["pls"]
    mi, mg = pls.get("micom"), pls.get("mga")
    paras = []
    if isinstance(mi, dict) and mi.get("table"):
        names = [str(g) for g in mi.get("groups") or []]
        sizes = mi.get("n") or {}
        listed = c.join([_p(c, "gr_group_n", g=_segment_label(c, g), n=sizes.get(g)) for g in names])
        table = [r for r in mi["table"] if isinstance(r, dict)]
        pairs = list(dict.fromkeys((str(r.get("group1")), str(r.get("group2"))) for r in table))
        s = [_p(c, "gr_intro", group=mi.get("column"), groups=listed, k=len(pairs),
                pairs=_p(c, "gr_pair" if len(pairs) == 1 else "gr_pairs"), perm=mi.get("n_perm"))]
        conf = (mi.get("configural") or {}).get("established")
        s.append(_p(c, "gr_conf_ok" if conf else "gr_conf_no"))
        comp = [r for r in table if r.get("compositional")]
        if len(comp) == len(table):
            s.append(_p(c, "gr_comp_all", m=len(table)))
        else:
            items = [_p(c, "gr_comp_item", c=r.get("construct"), a=_segment_label(c, r.get("group1")),
                        b=_segment_label(c, r.get("group2")), v=_b(r.get("c")), q=_b(r.get("c_q05")))
                     for r in table if not r.get("compositional")]
            s.append(_p(c, "gr_comp_some", k=len(comp), m=len(table), list=c.join(items)))
        full = [r for r in comp if r.get("equal_mean") and r.get("equal_var")]
        if comp:
            s.append(_p(c, "gr_full_all") if len(full) == len(comp) else
                     _p(c, "gr_full_some", f=len(full), k=len(comp)))
        if conf and comp:
            s.append(_p(c, "gr_compare_ok" if len(comp) == len(table) else "gr_compare_no"))
        paras.append(_sp(c).join(s))
    if isinstance(mg, dict) and mg.get("table"):
        table = [r for r in mg["table"] if isinstance(r, dict) and _ok(r.get("perm_p"))]
        sig = [r for r in table if r["perm_p"] < ALPHA]
        if not sig:
            paras.append(_p(c, "gr_mga_none", alpha=apa.unit(ALPHA, 2), k=len(table)))
        else:
            items = [_p(c, "gr_mga_item", path=_arrow(pls, r.get("rhs"), r.get("lhs")),
                        a=_segment_label(c, r.get("group1")),
                        b=_segment_label(c, r.get("group2")), b1=_b(r.get("est.group1")), b2=_b(r.get("est.group2")),
                        d=_b(r.get("diff")), p1=apa.p_text(r.get("perm_p")), p2=apa.p_text(r.get("pls_mga_p_two")))
                     for r in sig]
            paras.append(_p(c, "gr_mga_some", list=_semi(c, items), k=len(table), alpha=apa.unit(ALPHA, 2)))
    return paras


BUILDERS = {"pls_method": method, "pls_measurement": measurement, "pls_discriminant": discriminant,
            "pls_structural": structural, "pls_mediation": mediation, "pls_ipma": ipma, "pls_groups": groups}
