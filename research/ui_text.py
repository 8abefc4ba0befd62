"""Every label, heading and message of the web app, in 简体中文, 繁體中文 and English.

``t("key", lang, **values)`` formats one text; a missing translation falls back
to English, a missing key raises ``KeyError`` (a test checks that every key the
app uses exists in all three languages).
"""
from __future__ import annotations

import re

LANGUAGES = {"zh-Hans": "简体中文", "zh-Hant": "繁體中文", "en": "English"}

TEXT: dict[str, dict[str, str]] = {
    "title": {"zh-Hans": "电商物流服务质量与顾客满意度分析", "zh-Hant": "電商物流服務品質與顧客滿意度分析",
              "en": "E-commerce logistics service quality and customer satisfaction"},
    "subtitle": {"zh-Hans": "上传问卷数据，查看各因素对满意度与忠诚度的影响，下载报告。",
                 "zh-Hant": "上傳問卷資料，查看各因素對滿意度與忠誠度的影響，下載報告。",
                 "en": "Upload survey data, see how each factor drives satisfaction and loyalty, download the report."},
    "language": {"zh-Hans": "语言", "zh-Hant": "語言", "en": "Language"},
    "data": {"zh-Hans": "数据", "zh-Hant": "資料", "en": "Data"},
    "source": {"zh-Hans": "数据来源", "zh-Hant": "資料來源", "en": "Data source"},
    "source_sample": {"zh-Hans": "示例研究（500 份问卷星数据）", "zh-Hant": "範例研究（500 份問卷星資料）",
                      "en": "Sample study (500 问卷星 responses)"},
    "source_upload": {"zh-Hans": "上传我的数据", "zh-Hant": "上傳我的資料", "en": "Upload my data"},
    "upload": {"zh-Hans": "问卷导出文件（CSV、XLSX、XLS、SAV）", "zh-Hant": "問卷匯出檔（CSV、XLSX、XLS、SAV）",
               "en": "Survey export (CSV, XLSX, XLS, SAV)"},
    "upload_help": {"zh-Hans": "支持问卷星、Qualtrics、SurveyMonkey、Google 表单导出；自动识别编码（GBK、UTF-8 等）。最大 {mb} MB。",
                    "zh-Hant": "支援問卷星、Qualtrics、SurveyMonkey、Google 表單匯出；自動辨識編碼（GBK、UTF-8 等）。最大 {mb} MB。",
                    "en": "问卷星, Qualtrics, SurveyMonkey and Google Forms exports; the encoding (GBK, UTF-8 …) is "
                          "detected. Up to {mb} MB."},
    "upload_first": {"zh-Hans": "请先在左侧上传文件。", "zh-Hant": "請先在左側上傳檔案。",
                     "en": "Upload a file in the sidebar first."},
    "questionnaire": {"zh-Hans": "问卷", "zh-Hant": "問卷", "en": "Questionnaire"},
    "q_template": {"zh-Hans": "模板：{name}", "zh-Hant": "範本：{name}", "en": "Template: {name}"},
    "q_yaml": {"zh-Hans": "上传问卷 YAML", "zh-Hant": "上傳問卷 YAML", "en": "Upload a questionnaire YAML"},
    "q_manual": {"zh-Hans": "在页面中把列分配到构念", "zh-Hant": "在頁面中將欄分配到構念",
                 "en": "Assign columns to constructs on this page"},
    "q_yaml_file": {"zh-Hans": "问卷 YAML 文件", "zh-Hant": "問卷 YAML 檔", "en": "Questionnaire YAML file"},
    "settings": {"zh-Hans": "分析设置", "zh-Hant": "分析設定", "en": "Settings"},
    "bootstrap": {"zh-Hans": "自助法重抽样次数（0 = 不做）", "zh-Hant": "拔靴法重抽樣次數（0 = 不做）",
                  "en": "Bootstrap resamples (0 = none)"},
    "seed": {"zh-Hans": "随机种子", "zh-Hant": "隨機種子", "en": "Random seed"},
    "estimator": {"zh-Hans": "估计方法", "zh-Hant": "估計方法", "en": "Estimator"},
    "missing": {"zh-Hans": "缺失值处理", "zh-Hant": "遺漏值處理", "en": "Missing answers"},
    # the construct scores of the regressions and the PROCESS hypotheses (research.analyze(scores=…))
    "scores": {"zh-Hans": "回归所用的构念得分", "zh-Hant": "迴歸所用的構念分數", "en": "Construct scores in the regressions"},
    "scores_mean": {"zh-Hans": "题目均值（默认）", "zh-Hant": "題目平均（預設）", "en": "mean item scores (default)"},
    "scores_factor": {"zh-Hans": "CFA 因子得分", "zh-Hant": "CFA 因素分數", "en": "CFA factor scores"},
    "scores_help": {"zh-Hans": "回归表与调节、中介假设（PROCESS）所用的构念得分。题目均值：每位受访者在该构念已答题目上的平均"
                               "（至少答了一半题目）。CFA 因子得分：按测量模型的载荷加权（回归法，Thurstone, 1935；"
                               "WLSMV、ULSMV 下为经验贝叶斯众数法，同 lavaan 的 lavPredict）。驱动因素分析与满意度指数始终使用题目均值。",
                    "zh-Hant": "迴歸表與調節、中介假設（PROCESS）所用的構念分數。題目平均：每位受訪者在該構念已答題目上的平均"
                               "（至少答了一半題目）。CFA 因素分數：按測量模型的負荷量加權（迴歸法，Thurstone, 1935；"
                               "WLSMV、ULSMV 下為經驗貝氏眾數法，同 lavaan 的 lavPredict）。驅動因素分析與滿意度指數一律使用題目平均。",
                    "en": "The construct scores of the regression tables and of the moderation and mediation (PROCESS) "
                          "hypotheses. Mean item scores: each respondent's mean over the construct's items answered "
                          "(at least half of them). CFA factor scores: weighted by the measurement model's loadings "
                          "(regression method, Thurstone, 1935; under WLSMV or ULSMV empirical Bayes modal scores, as "
                          "lavaan's lavPredict). The driver analysis and the satisfaction index always use mean item "
                          "scores."},
    # the choices of "estimator" and "missing" (the codes stay "ML", "MLR", "listwise", "fiml")
    "estimator_ML": {"zh-Hans": "ML（最大似然估计）", "zh-Hant": "ML（最大概似估計）", "en": "ML (maximum likelihood)"},
    "estimator_MLR": {"zh-Hans": "MLR（稳健最大似然，非正态数据）", "zh-Hant": "MLR（穩健最大概似，非常態資料）",
                      "en": "MLR (robust maximum likelihood, for non-normal data)"},
    "missing_auto": {"zh-Hans": "自动：有缺失答案时用 FIML，否则用 ML（默认）", "zh-Hant": "自動：有遺漏答案時用 FIML，否則用 ML（預設）",
                     "en": "automatic: FIML when answers are missing, else ML (default)"},
    "missing_listwise": {"zh-Hans": "成列删除（只用完整作答的样本）", "zh-Hant": "成列刪除（只用完整作答的樣本）",
                         "en": "Listwise deletion (complete responses only)"},
    "missing_fiml": {"zh-Hans": "FIML（全信息最大似然，使用全部作答）", "zh-Hant": "FIML（完整資訊最大概似，使用全部作答）",
                     "en": "FIML (full-information maximum likelihood, every answer used)"},
    # WLSMV: the items as ordered categories (issue 19)
    "missing_pairwise": {"zh-Hans": "成对删除（与 lavaan 相同：每个相关系数用两题都作答的样本）",
                         "zh-Hant": "成對刪除（與 lavaan 相同：每個相關係數用兩題都作答的樣本）",
                         "en": "Pairwise deletion (as lavaan: each correlation from the responses answering both items)"},
    "est_WLSMV": {"zh-Hans": "WLSMV（有序题目，多分格相关）", "zh-Hant": "WLSMV（有序題目，多分格相關）",
                  "en": "WLSMV (ordered items, polychoric correlations)"},
    "est_ULSMV": {"zh-Hans": "ULSMV（有序题目，多分格相关）", "zh-Hant": "ULSMV（有序題目，多分格相關）",
                  "en": "ULSMV (ordered items, polychoric correlations)"},
    "invariance_rule_wls": {"zh-Hans": "估计方法：{est}。按 Wu 与 Estabrook（2016）的步骤依次约束阈值、载荷与截距，每一步以 lavaan "
                                       "的校正 χ² 差异检验判定（p ≥ .05 表示不变性成立）。",
                            "zh-Hant": "估計方法：{est}。依 Wu 與 Estabrook（2016）的步驟依次限制閾值、負荷量與截距，每一步以 lavaan "
                                       "的校正 χ² 差異檢定判定（p ≥ .05 表示不變性成立）。",
                            "en": "Estimator: {est}. Thresholds, loadings and intercepts were constrained in turn as Wu "
                                  "and Estabrook (2016) describe; each step is decided by lavaan's scaled χ² difference "
                                  "test (p ≥ .05: invariance holds)."},
    # the modelling method and the PLS-SEM options (issue 15)
    "method": {"zh-Hans": "建模方法", "zh-Hant": "建模方法", "en": "Modelling method"},
    "method_cbsem": {"zh-Hans": "CB-SEM（协方差结构方程模型，如 lavaan、AMOS）",
                     "zh-Hant": "CB-SEM（共變數結構方程模型，如 lavaan、AMOS）",
                     "en": "CB-SEM (covariance-based SEM, as lavaan and AMOS)"},
    "method_pls": {"zh-Hans": "PLS-SEM（偏最小二乘结构方程模型，如 SmartPLS）",
                   "zh-Hant": "PLS-SEM（偏最小平方結構方程模型，如 SmartPLS）",
                   "en": "PLS-SEM (partial least squares SEM, as SmartPLS)"},
    "scheme": {"zh-Hans": "内部权重方案", "zh-Hant": "內部權重方案", "en": "Inner weighting scheme"},
    "scheme_path": {"zh-Hans": "路径加权（SmartPLS 默认）", "zh-Hant": "路徑加權（SmartPLS 預設）",
                    "en": "path weighting (SmartPLS's default)"},
    "scheme_factorial": {"zh-Hans": "因子加权", "zh-Hant": "因素加權", "en": "factor weighting"},
    "scheme_centroid": {"zh-Hans": "重心加权", "zh-Hant": "重心加權", "en": "centroid weighting"},
    "consistent": {"zh-Hans": "一致性 PLS（PLSc：校正反映型构念的测量误差）",
                   "zh-Hant": "一致性 PLS（PLSc：校正反映型構念的測量誤差）",
                   "en": "Consistent PLS (PLSc: corrects the reflective constructs for measurement error)"},
    "predict": {"zh-Hans": "PLSpredict 与 CVPAT（样本外预测，10 折 × 10 次）",
                "zh-Hant": "PLSpredict 與 CVPAT（樣本外預測，10 折 × 10 次）",
                "en": "PLSpredict and CVPAT (out-of-sample prediction, 10 folds × 10 repetitions)"},
    "missing_pls_auto": {"zh-Hans": "以题目均值替换（SmartPLS 默认）", "zh-Hant": "以題目平均數取代（SmartPLS 預設）",
                         "en": "mean replacement (SmartPLS's default)"},
    "missing_pls_listwise": {"zh-Hans": "成列删除（只用完整作答的样本）", "zh-Hant": "成列刪除（只用完整作答的樣本）",
                             "en": "casewise deletion (complete responses only)"},
    "pls_missing_mean": {"zh-Hans": "以题目均值替换", "zh-Hant": "以題目平均數取代", "en": "mean replacement"},
    "pls_missing_casewise": {"zh-Hans": "成列删除", "zh-Hant": "成列刪除", "en": "casewise deletion"},
    "plsc_on": {"zh-Hans": "，一致性 PLS（PLSc）", "zh-Hant": "，一致性 PLS（PLSc）", "en": ", consistent PLS (PLSc)"},
    "group": {"zh-Hans": "分组变量（可选）", "zh-Hant": "分組變項（可選）", "en": "Grouping column (optional)"},
    "none": {"zh-Hans": "（无）", "zh-Hant": "（無）", "en": "(none)"},
    "hypotheses": {"zh-Hans": "研究假设（每行一条，如 H1: REL -> SAT, +）",
                   "zh-Hant": "研究假設（每行一條，如 H1: REL -> SAT, +）",
                   "en": "Hypotheses (one per line, e.g. H1: REL -> SAT, +)"},
    "roles": {"zh-Hans": "构念角色", "zh-Hant": "構念角色", "en": "Roles of the constructs"},
    "role_driver": {"zh-Hans": "驱动因素", "zh-Hant": "驅動因素", "en": "driver"},
    "role_mediator": {"zh-Hans": "中介变量", "zh-Hant": "中介變項", "en": "mediator"},
    "role_outcome": {"zh-Hans": "结果变量", "zh-Hant": "結果變項", "en": "outcome"},
    "role_none": {"zh-Hans": "仅测量", "zh-Hant": "僅測量", "en": "measured only"},
    "advanced": {"zh-Hans": "高级：自定义模型（lavaan 语法）", "zh-Hant": "進階：自訂模型（lavaan 語法）",
                 "en": "Advanced: custom model (lavaan syntax)"},
    "model_help": {"zh-Hans": "只接受 lavaan 的测量（=~）、回归（~）、协方差（~~）和定义参数（:=）行；留空则使用问卷模型。",
                   "zh-Hant": "只接受 lavaan 的測量（=~）、迴歸（~）、共變數（~~）與定義參數（:=）行；留空則使用問卷模型。",
                   "en": "Only lavaan measurement (=~), regression (~), covariance (~~) and defined-parameter (:=) "
                         "lines; leave empty to use the questionnaire's model."},
    "run": {"zh-Hans": "开始分析", "zh-Hant": "開始分析", "en": "Analyse"},
    "running": {"zh-Hans": "正在分析……", "zh-Hant": "正在分析……", "en": "Analysing…"},
    "boot_progress": {"zh-Hans": "自助法：{done} / {total}", "zh-Hant": "拔靴法：{done} / {total}",
                      "en": "Bootstrap: {done} / {total}"},
    "mapping": {"zh-Hans": "列与题目的对应", "zh-Hant": "欄與題目的對應", "en": "Columns and questions"},
    "mapping_help": {"zh-Hans": "自动识别的对应关系，可在“题目”列修改；留空表示忽略该列。",
                     "zh-Hant": "自動辨識的對應關係，可在「題目」欄修改；留空表示忽略該欄。",
                     "en": "The suggested match; change the question in the 'item' column, or clear it to ignore a "
                           "column."},
    "manual_help": {"zh-Hans": "为每个题目列填写所属构念（如 ECO）；留空的列不参与分析。",
                    "zh-Hant": "為每個題目欄填寫所屬構念（如 ECO）；留空的欄不參與分析。",
                    "en": "Give each item column its construct (e.g. ECO); columns left empty are not analysed."},
    "scale_points": {"zh-Hans": "量表点数", "zh-Hant": "量表點數", "en": "Scale points"},
    "preview": {"zh-Hans": "数据预览（前 10 行）", "zh-Hant": "資料預覽（前 10 列）", "en": "Preview (first 10 rows)"},
    "file_info": {"zh-Hans": "文件 {file}：{platform}，编码 {encoding}，{rows} 行",
                  "zh-Hant": "檔案 {file}：{platform}，編碼 {encoding}，{rows} 列",
                  "en": "File {file}: {platform}, encoding {encoding}, {rows} rows"},
    # pages
    "tab_data": {"zh-Hans": "数据与筛选", "zh-Hant": "資料與篩選", "en": "Data & screening"},
    "tab_reliability": {"zh-Hans": "信度与效度", "zh-Hant": "信度與效度", "en": "Reliability & validity"},
    "tab_measurement": {"zh-Hans": "测量模型", "zh-Hant": "測量模型", "en": "Measurement model"},
    "tab_structural": {"zh-Hans": "结构模型", "zh-Hant": "結構模型", "en": "Structural model"},
    "tab_regression": {"zh-Hans": "回归", "zh-Hant": "迴歸", "en": "Regression"},
    "tab_drivers": {"zh-Hans": "驱动因素", "zh-Hant": "驅動因素", "en": "Drivers"},
    "tab_segments": {"zh-Hans": "分组比较", "zh-Hant": "分組比較", "en": "Segments"},
    "tab_index": {"zh-Hans": "满意度指数", "zh-Hant": "滿意度指數", "en": "Satisfaction index"},
    "tab_downloads": {"zh-Hans": "下载", "zh-Hant": "下載", "en": "Downloads"},
    "n_analysed": {"zh-Hans": "分析样本 {n} 份，剔除 {excluded} 份", "zh-Hant": "分析樣本 {n} 份，剔除 {excluded} 份",
                   "en": "{n} responses analysed, {excluded} excluded"},
    "excluded_rows": {"zh-Hans": "被剔除的答卷及原因", "zh-Hant": "被剔除的答卷及原因",
                      "en": "Excluded responses and why"},
    "problems": {"zh-Hans": "无法识别的答案（{n} 个，已按缺失处理）", "zh-Hant": "無法辨識的答案（{n} 個，已按遺漏處理）",
                 "en": "Answers that could not be read ({n}, set to missing)"},
    "problems_note": {"zh-Hans": "有 {n} 个答案不是量表上的选项，已按缺失处理；行、列与原值见“数据与筛选”页。",
                      "zh-Hant": "有 {n} 個答案不是量表上的選項，已按遺漏處理；列、欄與原值見「資料與篩選」頁。",
                      "en": "{n} answers are not options of their scale and were set to missing; the Data & screening "
                            "page lists their row, column and value."},
    "warnings": {"zh-Hans": "提示", "zh-Hant": "提示", "en": "Notes"},
    "reliability": {"zh-Hans": "信度", "zh-Hant": "信度", "en": "Reliability"},
    "htmt": {"zh-Hans": "HTMT（< .85 严格，< .90 宽松）", "zh-Hant": "HTMT（< .85 嚴格，< .90 寬鬆）",
             "en": "HTMT (< .85 strict, < .90 liberal)"},
    "fornell_larcker": {"zh-Hans": "Fornell–Larcker（对角线为 √AVE）", "zh-Hant": "Fornell–Larcker（對角線為 √AVE）",
                        "en": "Fornell–Larcker (√AVE on the diagonal)"},
    "fit": {"zh-Hans": "模型拟合", "zh-Hant": "模型配適", "en": "Model fit"},
    "loadings": {"zh-Hans": "标准化因子载荷", "zh-Hant": "標準化因素負荷量", "en": "Standardized loadings"},
    "paths": {"zh-Hans": "路径系数", "zh-Hant": "路徑係數", "en": "Path coefficients"},
    "effects": {"zh-Hans": "直接、间接与总效应", "zh-Hant": "直接、間接與總效果", "en": "Direct, indirect and total effects"},
    "r2": {"zh-Hans": "解释方差 R²", "zh-Hant": "解釋變異量 R²", "en": "Explained variance R²"},
    "hypotheses_result": {"zh-Hans": "假设检验", "zh-Hant": "假設檢定", "en": "Hypotheses"},
    "supported": {"zh-Hans": "支持", "zh-Hant": "支持", "en": "supported"},
    "not_supported": {"zh-Hans": "不支持", "zh-Hant": "不支持", "en": "not supported"},
    "no_structural": {"zh-Hans": "模型没有结构部分。", "zh-Hant": "模型沒有結構部分。",
                      "en": "The model has no structural part."},
    "importance": {"zh-Hans": "相对重要性（目标：{target}）", "zh-Hant": "相對重要性（目標：{target}）",
                   "en": "Relative importance (target: {target})"},
    "ipa": {"zh-Hans": "重要性–绩效分析", "zh-Hant": "重要性–績效分析", "en": "Importance–performance map"},
    "ipa_stated": {"zh-Hans": "重要性–绩效分析（受访者自评的重要性）", "zh-Hant": "重要性–績效分析（受訪者自評的重要性）",
                   "en": "Importance–performance map (importance as respondents stated it)"},
    "choose_group": {"zh-Hans": "请在左侧“分析设置”中选择分组变量。", "zh-Hant": "請在左側「分析設定」中選擇分組變項。",
                     "en": "Choose a grouping column under Settings in the sidebar."},
    "group_tests": {"zh-Hans": "各构念的分组比较", "zh-Hant": "各構念的分組比較", "en": "Constructs compared across segments"},
    "invariance": {"zh-Hans": "测量不变性", "zh-Hant": "測量不變性", "en": "Measurement invariance"},
    "invariance_highest": {"zh-Hans": "最高成立水平：{level}", "zh-Hant": "最高成立水準：{level}",
                           "en": "Highest level that holds: {level}"},
    "small_groups": {"zh-Hans": "样本过少而未纳入的组：{groups}", "zh-Hant": "樣本過少而未納入的組：{groups}",
                     "en": "Segments too small and left out: {groups}"},
    "index_overall": {"zh-Hans": "综合满意度指数 {mean:.1f}（95% CI {lo:.1f}–{hi:.1f}），等级：{grade}",
                      "zh-Hant": "綜合滿意度指數 {mean:.1f}（95% CI {lo:.1f}–{hi:.1f}），等級：{grade}",
                      "en": "Satisfaction index {mean:.1f} (95% CI {lo:.1f}–{hi:.1f}), grade: {grade}"},
    "index_weights": {"zh-Hans": "权重", "zh-Hant": "權重", "en": "Weights"},
    "download_json": {"zh-Hans": "下载 results.json", "zh-Hant": "下載 results.json", "en": "Download results.json"},
    "download_xlsx": {"zh-Hans": "下载全部表格（XLSX）", "zh-Hant": "下載全部表格（XLSX）", "en": "All tables (XLSX)"},
    "download_html": {"zh-Hans": "下载报告（HTML）", "zh-Hant": "下載報告（HTML）", "en": "Report (HTML)"},
    "download_docx": {"zh-Hans": "下载报告（Word，APA 表格）", "zh-Hant": "下載報告（Word，APA 表格）",
                      "en": "Report (Word, APA tables)"},
    "download_csv": {"zh-Hans": "下载 CSV", "zh-Hant": "下載 CSV", "en": "Download CSV"},
    "download_png": {"zh-Hans": "下载 PNG", "zh-Hant": "下載 PNG", "en": "Download PNG"},
    "download_svg": {"zh-Hans": "下载 SVG", "zh-Hant": "下載 SVG", "en": "Download SVG"},
    "download_excluded": {"zh-Hans": "下载被剔除的答卷（CSV）", "zh-Hant": "下載被剔除的答卷（CSV）",
                          "en": "Excluded responses (CSV)"},
    # reliability: values that are not defined
    "rel_notes": {"zh-Hans": "空白（—）的数值不适用，原因如下：", "zh-Hant": "空白（—）的數值不適用，原因如下：",
                  "en": "Empty (—) values are not applicable, because:"},
    "left_out": {"zh-Hans": "未纳入 HTMT 与交叉载荷的构念：{list}。{reason}",
                 "zh-Hant": "未納入 HTMT 與交叉負荷的構念：{list}。{reason}",
                 "en": "Constructs not in HTMT and the cross-loadings: {list}. {reason}"},
    "no_htmt": {"zh-Hans": "HTMT 需要至少两个各有两个以上专属题目的构念。",
                "zh-Hant": "HTMT 需要至少兩個各有兩個以上專屬題目的構念。",
                "en": "HTMT needs at least two constructs with two or more items of their own."},
    "not_computed": {"zh-Hans": "未计算：{reason}", "zh-Hant": "未計算：{reason}", "en": "Not computed: {reason}"},
    # diagnostics (measurement-model page)
    "diagnostics": {"zh-Hans": "模型诊断", "zh-Hant": "模型診斷", "en": "Diagnostics"},
    "diagnostics_sem": {"zh-Hans": "结构模型诊断", "zh-Hant": "結構模型診斷", "en": "Diagnostics of the structural model"},
    "diag_help": {"zh-Hans": "修正指数 MI > 3.84 表示释放该参数可使 χ² 显著下降（p < .05）；标准化残差 |z| > 2.58 表示该题目对的"
                             "协方差未被模型解释好（p < .01）。只在理论上说得通时才据此修改模型。",
                  "zh-Hant": "修正指標 MI > 3.84 表示釋放該參數可使 χ² 顯著下降（p < .05）；標準化殘差 |z| > 2.58 表示該題目對的"
                             "共變數未被模型解釋好（p < .01）。只在理論上說得通時才據此修改模型。",
                  "en": "A modification index MI > 3.84 means that freeing the parameter would lower χ² significantly "
                        "(p < .05); a standardized residual |z| > 2.58 means the model does not reproduce that pair's "
                        "covariance well (p < .01). Change the model only where theory supports it."},
    "modindices": {"zh-Hans": "修正指数（由大到小）", "zh-Hant": "修正指標（由大到小）",
                   "en": "Modification indices (largest first)"},
    "mi_some": {"zh-Hans": "其中 {k} 个超过 3.84（p < .05），最大的是：", "zh-Hant": "其中 {k} 個超過 3.84（p < .05），最大的是：",
                "en": "{k} of them exceed 3.84 (p < .05); the largest:"},
    "mi_none": {"zh-Hans": "没有修正指数超过 3.84（p < .05）。", "zh-Hant": "沒有修正指標超過 3.84（p < .05）。",
                "en": "No modification index exceeds 3.84 (p < .05)."},
    "mi_item": {"zh-Hans": "{par}（{kind}）：MI = {mi}，标准化 EPC = {sepc}",
                "zh-Hant": "{par}（{kind}）：MI = {mi}，標準化 EPC = {sepc}",
                "en": "{par} ({kind}): MI = {mi}, standardized EPC = {sepc}"},
    "mi_off": {"zh-Hans": "本次分析未保存修正指数。", "zh-Hant": "本次分析未儲存修正指標。",
               "en": "This analysis kept no modification indices."},
    "residuals": {"zh-Hans": "标准化残差 |z| > 2.58", "zh-Hant": "標準化殘差 |z| > 2.58",
                  "en": "Standardized residuals with |z| > 2.58"},
    "residuals_none": {"zh-Hans": "没有标准化残差超过 |z| = 2.58。", "zh-Hant": "沒有標準化殘差超過 |z| = 2.58。",
                       "en": "No standardized residual exceeds |z| = 2.58."},
    "mardia": {"zh-Hans": "Mardia 多元正态性检验", "zh-Hant": "Mardia 多元常態性檢定",
               "en": "Mardia's test of multivariate normality"},
    "mardia_summary": {"zh-Hans": "多元偏度 b1p = {b1p}，χ²({df}) = {skew}，{p_skew}；多元峰度 b2p = {b2p}（正态时期望值为 "
                                  "{expected}），z = {z}，{p_kurt}（n = {n}，{k} 个题目）。",
                       "zh-Hant": "多元偏態 b1p = {b1p}，χ²({df}) = {skew}，{p_skew}；多元峰態 b2p = {b2p}（常態時期望值為 "
                                  "{expected}），z = {z}，{p_kurt}（n = {n}，{k} 個題目）。",
                       "en": "Multivariate skewness b1p = {b1p}, χ²({df}) = {skew}, {p_skew}; multivariate kurtosis "
                             "b2p = {b2p} (expected under normality {expected}), z = {z}, {p_kurt} (n = {n}, {k} "
                             "items)."},
    "mardia_dropped": {"zh-Hans": "有缺失值的 {k} 行未纳入此检验。", "zh-Hant": "有遺漏值的 {k} 列未納入此檢定。",
                       "en": "{k} rows with missing answers were left out of this test."},
    "mardia_ml": {"zh-Hans": "数据偏离多元正态：建议在左侧把估计方法改为 MLR（稳健标准误与校正 χ²）。",
                  "zh-Hant": "資料偏離多元常態：建議在左側將估計方法改為 MLR（穩健標準誤與校正 χ²）。",
                  "en": "The data depart from multivariate normality: consider MLR (robust standard errors and a "
                        "scaled χ²) as the estimator in the sidebar."},
    "mardia_mlr": {"zh-Hans": "数据偏离多元正态；本次使用的 MLR 已对标准误与 χ² 作稳健校正。",
                   "zh-Hant": "資料偏離多元常態；本次使用的 MLR 已對標準誤與 χ² 作穩健校正。",
                   "en": "The data depart from multivariate normality; MLR, used here, corrects the standard errors "
                         "and χ² for it."},
    "mardia_ok": {"zh-Hans": "未发现明显偏离多元正态，最大似然估计（ML）适用。",
                  "zh-Hant": "未發現明顯偏離多元常態，最大概似估計（ML）適用。",
                  "en": "No clear departure from multivariate normality: maximum likelihood (ML) is appropriate."},
    # items that look ordinal-unsafe for ML (research.ordinal_check; issue 19 point 7)
    "ordinal_check": {"zh-Hans": "题目能否当作连续变量：类别数、偏度与最常见答案的占比",
                      "zh-Hant": "題目能否當作連續變項：類別數、偏態與最常見答案的占比",
                      "en": "Can the items be treated as continuous? Categories, skewness and the most frequent "
                            "answer's share"},
    "ordinal_hint_ML": {"zh-Hans": "本次分析采用 ML。本页的分析暂不提供 WLSMV：可在左侧把估计方法改为 MLR（稳健标准误与"
                                   "校正 χ²），或用本工具包的 Python 接口以 WLSMV 估计模型。",
                        "zh-Hant": "本次分析採用 ML。本頁的分析暫不提供 WLSMV：可在左側將估計方法改為 MLR（穩健標準誤與"
                                   "校正 χ²），或用本工具包的 Python 介面以 WLSMV 估計模型。",
                        "en": "This analysis used ML. The app's analysis does not offer WLSMV yet: choose MLR as the "
                              "estimator in the sidebar (robust standard errors and a scaled χ²), or fit the model by "
                              "WLSMV with the toolkit's Python interface."},
    "ordinal_hint_MLR": {"zh-Hans": "本次分析采用 MLR：它校正了标准误与 χ²，但仍把答案当作连续变量。本页的分析暂不提供"
                                    "基于多分格相关的 WLSMV，可用本工具包的 Python 接口估计。",
                         "zh-Hant": "本次分析採用 MLR：它校正了標準誤與 χ²，但仍把答案當作連續變項。本頁的分析暫不提供"
                                    "基於多分格相關的 WLSMV，可用本工具包的 Python 介面估計。",
                         "en": "This analysis used MLR: it corrects the standard errors and χ² but still treats the "
                               "answers as continuous. WLSMV on polychoric correlations is not offered in the app's "
                               "analysis yet; the toolkit's Python interface fits it."},
    "ordinal_hint_ML_offer": {"zh-Hans": "本次分析采用 ML：可在左侧把估计方法改为 WLSMV，把题目作为有序类别变量（基于多分格相关）"
                                         "估计，或改为 MLR（稳健标准误与校正 χ²）。",
                              "zh-Hant": "本次分析採用 ML：可在左側將估計方法改為 WLSMV，把題目作為有序類別變項（基於多分格相關）"
                                         "估計，或改為 MLR（穩健標準誤與校正 χ²）。",
                              "en": "This analysis used ML: choose WLSMV as the estimator in the sidebar to fit the "
                                    "items as ordinal (on polychoric correlations), or MLR for robust standard errors "
                                    "and a scaled χ²."},
    "ordinal_hint_MLR_offer": {"zh-Hans": "本次分析采用 MLR：它校正了标准误与 χ²，但仍把答案当作连续变量；可在左侧把估计方法改为 "
                                          "WLSMV，把题目作为有序类别变量估计。",
                               "zh-Hant": "本次分析採用 MLR：它校正了標準誤與 χ²，但仍把答案當作連續變項；可在左側將估計方法改為 "
                                          "WLSMV，把題目作為有序類別變項估計。",
                               "en": "This analysis used MLR: it corrects the standard errors and χ² but still treats "
                                     "the answers as continuous; choose WLSMV as the estimator in the sidebar to fit "
                                     "the items as ordinal."},
    "ordinal_hint_WLS": {"zh-Hans": "本次分析采用 {est}：题目已作为有序类别变量，基于多分格相关估计。",
                         "zh-Hant": "本次分析採用 {est}：題目已作為有序類別變項，基於多分格相關估計。",
                         "en": "This analysis used {est}: the items were treated as ordinal, on polychoric "
                               "correlations."},
    "parameterization": {"zh-Hans": "参数化", "zh-Hant": "參數化", "en": "Parameterization"},
    "param_delta": {"zh-Hans": "delta（lavaan 默认）", "zh-Hant": "delta（lavaan 預設）", "en": "delta (lavaan's default)"},
    "param_theta": {"zh-Hans": "theta（估计潜在反应的残差方差）", "zh-Hant": "theta（估計潛在反應的殘差變異數）",
                    "en": "theta (residual variances of the latent responses)"},
    "parameterization_help": {"zh-Hans": "delta 把每个潜在反应的总方差固定为 1，theta 把其残差方差固定为 1；两者拟合与标准化"
                                         "结果相同，非标准化载荷与阈值的尺度不同（Muthén & Asparouhov, 2002）。",
                              "zh-Hant": "delta 把每個潛在反應的總變異數固定為 1，theta 把其殘差變異數固定為 1；兩者適配與"
                                         "標準化結果相同，未標準化負荷量與閾值的尺度不同（Muthén & Asparouhov, 2002）。",
                              "en": "delta fixes the total variance of each latent response at 1, theta its residual "
                                    "variance; both give the same fit and standardized results, the unstandardized "
                                    "loadings and thresholds differ in scale (Muthén & Asparouhov, 2002)."},
    "ordered_items": {"zh-Hans": "作为有序类别的题目", "zh-Hant": "作為有序類別的題目", "en": "Items treated as ordinal"},
    "ordered_items_help": {"zh-Hans": "默认全部量表题目；取消选择的题目（如 0–10 分的推荐意愿）按连续变量估计，与有序题目之间用"
                                      "多系列相关（同 lavaan 的 ordered = 只列出部分题目）。",
                           "zh-Hant": "預設全部量表題目；取消選擇的題目（如 0–10 分的推薦意願）按連續變項估計，與有序題目之間用"
                                      "多系列相關（同 lavaan 的 ordered = 只列出部分題目）。",
                           "en": "All scale items by default; an item left out (e.g. a 0–10 likelihood to recommend) "
                                 "is fitted as continuous, with polyserial correlations to the ordinal ones (as "
                                 "lavaan's ordered = naming only some items)."},
    "ordered_none": {"zh-Hans": "{est} 需要至少一个有序题目：请在左侧选择题目，或把估计方法改为 ML 或 MLR。",
                     "zh-Hant": "{est} 需要至少一個有序題目：請在左側選擇題目，或將估計方法改為 ML 或 MLR。",
                     "en": "{est} needs at least one ordinal item: choose items in the sidebar, or choose ML or MLR "
                           "as the estimator."},
    "estimator_help": {"zh-Hans": "ML 适合五个及以上类别、分布大致对称的题目；MLR 对非正态答案校正标准误与 χ²；"
                                  "WLSMV 把答案作为有序类别，基于多分格相关估计（同 lavaan 的 ordered =），适合类别少或偏态明显的题目；"
                                  "ULSMV 同样如此，但以未加权最小二乘估计，样本较小时往往更稳定（Forero et al., 2009）。"
                                  "“数据与筛选”页逐题检查类别数、偏度与最常见答案的占比，并提示何时 WLSMV 或 MLR 更稳妥"
                                  "（Rhemtulla et al., 2012）。",
                       "zh-Hant": "ML 適合五個以上類別、分布大致對稱的題目；MLR 對非常態答案校正標準誤與 χ²；"
                                  "WLSMV 把答案作為有序類別，基於多分格相關估計（同 lavaan 的 ordered =），適合類別少或偏態明顯的題目；"
                                  "ULSMV 亦同，但以未加權最小平方估計，樣本較小時往往較穩定（Forero et al., 2009）。"
                                  "「資料與篩選」頁逐題檢查類別數、偏態與最常見答案的占比，並提示何時 WLSMV 或 MLR 較穩妥"
                                  "（Rhemtulla et al., 2012）。",
                       "en": "ML suits items with five or more roughly symmetric categories; MLR corrects the "
                             "standard errors and χ² for non-normal answers; WLSMV fits the answers as ordered categories "
                             "on polychoric correlations (as lavaan's ordered =), for items with few categories or "
                             "skewed answers; ULSMV does the same by unweighted least squares, often more stable in "
                             "small samples (Forero et al., 2009). The “Data & screening” page checks every item "
                             "(categories, skewness, the most frequent answer's share) and says when WLSMV or MLR "
                             "is the safer choice (Rhemtulla et al., 2012)."},
    "method_bias": {"zh-Hans": "共同方法偏差检验", "zh-Hant": "共同方法變異檢定", "en": "Common method bias"},
    "method_bias_help": {"zh-Hans": "五种常用检验：Harman 单因子检验、单因子 CFA、不可测潜在方法因子、标记变量校正（指定标记变量时）与"
                                    "完全共线性 VIF。每行给出数值、判断标准、结论与来源。",
                         "zh-Hant": "五種常用檢定：Harman 單因素檢定、單因素 CFA、不可測潛在方法因素、標記變項校正（指定標記變項時）與"
                                    "完全共線性 VIF。每列列出數值、判斷標準、結論與來源。",
                         "en": "The usual checks: Harman's single-factor test, the single-factor CFA, an unmeasured "
                               "latent method factor, the marker-variable correction (when a marker is named) and "
                               "full-collinearity VIFs, each with its value, criterion, verdict and source."},
    "method_factor_items": {"zh-Hans": "方法因子模型：各题目的特质载荷与方法载荷",
                            "zh-Hant": "方法因素模型：各題目的特質負荷量與方法負荷量",
                            "en": "Method-factor model: trait and method loadings of each item"},
    "method_factor_warnings": {"zh-Hans": "方法因子模型的提示", "zh-Hant": "方法因素模型的提示",
                               "en": "Notes on the method-factor model"},
    "full_collinearity": {"zh-Hans": "完全共线性 VIF（≤ 3.3；Kock, 2015）", "zh-Hant": "完全共線性 VIF（≤ 3.3；Kock, 2015）",
                          "en": "Full-collinearity VIFs (≤ 3.3; Kock, 2015)"},
    "marker_pairs": {"zh-Hans": "标记变量校正前后的相关", "zh-Hant": "標記變項校正前後的相關",
                     "en": "Correlations before and after the marker-variable correction"},
    # invariance
    "est_ML": {"zh-Hans": "最大似然（ML）", "zh-Hant": "最大概似（ML）", "en": "maximum likelihood (ML)"},
    "est_MLR": {"zh-Hans": "稳健最大似然（MLR）", "zh-Hant": "穩健最大概似（MLR）", "en": "robust maximum likelihood (MLR)"},
    "indices_ML": {"zh-Hans": "ΔCFI、ΔRMSEA 与 ΔSRMR", "zh-Hant": "ΔCFI、ΔRMSEA 與 ΔSRMR", "en": "ΔCFI, ΔRMSEA and ΔSRMR"},
    "indices_MLR": {"zh-Hans": "稳健 CFI 与稳健 RMSEA 的变化（Brosseau-Liard & Savalei, 2014）及 ΔSRMR",
                    "zh-Hant": "穩健 CFI 與穩健 RMSEA 的變化（Brosseau-Liard & Savalei, 2014）及 ΔSRMR",
                    "en": "the changes in robust CFI and robust RMSEA (Brosseau-Liard & Savalei, 2014) and ΔSRMR"},
    "invariance_rule": {"zh-Hans": "估计方法：{est}。判定依据 {indices}：ΔCFI ≥ −.010 且 ΔRMSEA ≤ .015（{source}）。",
                        "zh-Hant": "估計方法：{est}。判定依據 {indices}：ΔCFI ≥ −.010 且 ΔRMSEA ≤ .015（{source}）。",
                        "en": "Estimator: {est}. Decided by {indices}: ΔCFI ≥ −.010 with ΔRMSEA ≤ .015 ({source})."},
    "invariance_undecided": {"zh-Hans": "“—”：缺少拟合指标，无法判断该水平是否成立。",
                             "zh-Hant": "「—」：缺少配適指標，無法判斷該水準是否成立。",
                             "en": "“—”: a fit index is missing, so the level cannot be decided."},
    "invariance_released": {"zh-Hans": "部分不变性：{level}水平释放了 {list}。",
                            "zh-Hant": "部分不變性：{level}水準釋放了 {list}。",
                            "en": "Partial invariance: at the {level} level, {list} released."},
    "invariance_suggest": {"zh-Hans": "{level}不变性不成立。分数检验（lavaan 的 lavTestScore）建议优先释放：{list}。",
                           "zh-Hant": "{level}不變性不成立。分數檢定（lavaan 的 lavTestScore）建議優先釋放：{list}。",
                           "en": "{level} invariance does not hold. The score tests (lavaan's lavTestScore) suggest "
                                 "releasing first: {list}."},
    "invariance_partial": {"zh-Hans": "部分不变性：释放与建议释放的等同约束",
                           "zh-Hant": "部分不變性：釋放與建議釋放的等同限制",
                           "en": "Partial invariance: released and suggested equalities"},
    # errors
    "error": {"zh-Hans": "无法完成：{message}", "zh-Hant": "無法完成：{message}", "en": "Could not finish: {message}"},
    "error_unexpected": {"zh-Hans": "出现意外错误（{kind}）。请检查文件与设置后重试；若问题持续，请报告此错误。",
                         "zh-Hant": "發生意外錯誤（{kind}）。請檢查檔案與設定後重試；若問題持續，請回報此錯誤。",
                         "en": "Something unexpected went wrong ({kind}). Check the file and the settings and try "
                               "again; if it keeps happening, please report it."},
    "too_large": {"zh-Hans": "文件过大（{mb:.1f} MB），上限为 {limit} MB。", "zh-Hant": "檔案過大（{mb:.1f} MB），上限為 {limit} MB。",
                  "en": "The file is too large ({mb:.1f} MB); the limit is {limit} MB."},
    "no_constructs": {"zh-Hans": "请至少为两个构念各分配两个题目列。", "zh-Hant": "請至少為兩個構念各分配兩個題目欄。",
                      "en": "Assign at least two item columns to each of at least two constructs."},
    # work in the worker process: progress, limits, failures
    "reading": {"zh-Hans": "正在读取文件……", "zh-Hant": "正在讀取檔案……", "en": "Reading the file…"},
    "elapsed": {"zh-Hans": "{label}（{s} 秒，上限 {limit} 秒）", "zh-Hant": "{label}（{s} 秒，上限 {limit} 秒）",
                "en": "{label} ({s} s of at most {limit} s)"},
    "waiting_slot": {"zh-Hans": "服务器正忙：正在等待其他分析结束……", "zh-Hant": "伺服器忙碌：正在等候其他分析結束……",
                     "en": "The server is busy: waiting for other analyses to finish…"},
    "limit_memory": {"zh-Hans": "此文件需要的内存超过了本服务器允许的上限（{mb} MB），处理已停止。请上传较小的文件（例如删去无关的行或列），"
                                "或在自己的电脑上用命令行运行 research analyze。",
                     "zh-Hant": "此檔案需要的記憶體超過了本伺服器允許的上限（{mb} MB），處理已停止。請上傳較小的檔案（例如刪去無關的列或欄），"
                                "或在自己的電腦上以命令列執行 research analyze。",
                     "en": "This file needs more memory than this server allows ({mb} MB), so its processing was "
                           "stopped. Upload a smaller file (leave out rows or columns you do not need), or run "
                           "research analyze on the command line on your own computer."},
    "limit_time": {"zh-Hans": "处理时间超过了本服务器的上限（{limit} 秒），已停止。请减少自助法重抽样次数，"
                              "或在自己的电脑上用命令行运行 research analyze（没有时间上限）。",
                   "zh-Hant": "處理時間超過了本伺服器的上限（{limit} 秒），已停止。請減少拔靴法重抽樣次數，"
                              "或在自己的電腦上以命令列執行 research analyze（沒有時間上限）。",
                   "en": "The processing took longer than this server allows ({limit} s) and was stopped. Use fewer "
                         "bootstrap resamples, or run research analyze on the command line on your own computer "
                         "(it has no time limit)."},
    "limit_time_estimate": {"zh-Hans": "按目前的速度，这次分析约需 {minutes} 分钟，超过本服务器的上限（{limit} 秒），已提前停止。"
                                       "约 {fits} 次重抽样可在上限内完成；或在自己的电脑上用命令行运行 research analyze（没有时间上限）。",
                            "zh-Hant": "依目前的速度，這次分析約需 {minutes} 分鐘，超過本伺服器的上限（{limit} 秒），已提前停止。"
                                       "約 {fits} 次重抽樣可在上限內完成；或在自己的電腦上以命令列執行 research analyze（沒有時間上限）。",
                            "en": "At its current pace this analysis would take about {minutes} minutes, more than "
                                  "this server allows ({limit} s), so it was stopped early. About {fits} resamples "
                                  "fit in the limit; or run research analyze on the command line on your own "
                                  "computer (it has no time limit)."},
    "limit_crashed": {"zh-Hans": "处理文件的进程意外终止（{how}），通常是因为所需内存超过了本服务器的上限（{mb} MB）。"
                                 "请上传较小的文件，或在自己的电脑上用命令行运行 research analyze。",
                      "zh-Hant": "處理檔案的行程意外終止（{how}），通常是因為所需記憶體超過了本伺服器的上限（{mb} MB）。"
                                 "請上傳較小的檔案，或在自己的電腦上以命令列執行 research analyze。",
                      "en": "The process working on the file ended unexpectedly ({how}), usually because it needed "
                            "more memory than this server allows ({mb} MB). Upload a smaller file, or run research "
                            "analyze on the command line on your own computer."},
    "reason_unexpected": {"zh-Hans": "意外错误 {kind}：{detail}", "zh-Hant": "意外錯誤 {kind}：{detail}",
                          "en": "unexpected error {kind}: {detail}"},
    "download_failed": {"zh-Hans": "无法生成 {file}：{reason}", "zh-Hant": "無法產生 {file}：{reason}",
                        "en": "Could not make {file}: {reason}"},
    "making": {"zh-Hans": "正在生成 {file}……", "zh-Hant": "正在產生 {file}……", "en": "Making {file}…"},
    "figure_failed": {"zh-Hans": "无法绘制此图：{reason}", "zh-Hant": "無法繪製此圖：{reason}",
                      "en": "Could not draw this figure: {reason}"},
    # the mapping step
    "mapping_step": {"zh-Hans": "识别结果：列与题目的对应（请核对后确认）", "zh-Hant": "辨識結果：欄與題目的對應（請核對後確認）",
                     "en": "What was recognised: columns and questions (check, then confirm)"},
    "recognised": {"zh-Hans": "文件 {file}：{platform}，编码 {encoding}，{rows} 份答卷；{matched} 列对应到问卷的 {questions} 个题目。",
                   "zh-Hant": "檔案 {file}：{platform}，編碼 {encoding}，{rows} 份答卷；{matched} 欄對應到問卷的 {questions} 個題目。",
                   "en": "File {file}: {platform}, encoding {encoding}, {rows} responses; {matched} columns matched to "
                         "the questionnaire's {questions} questions."},
    "map_column": {"zh-Hans": "文件中的列", "zh-Hant": "檔案中的欄", "en": "Column in the file"},
    "map_item": {"zh-Hans": "题目", "zh-Hant": "題目", "en": "Question"},
    "map_how": {"zh-Hans": "对应方式", "zh-Hant": "對應方式", "en": "Matched by"},
    "map_row": {"zh-Hans": "行", "zh-Hant": "列", "en": "Row"},
    "map_value": {"zh-Hans": "原值", "zh-Hant": "原值", "en": "Value"},
    "map_problem": {"zh-Hans": "问题", "zh-Hant": "問題", "en": "Problem"},
    "how_edited": {"zh-Hans": "手动修改", "zh-Hant": "手動修改", "en": "changed by you"},
    "ignore_column": {"zh-Hans": "（不使用此列）", "zh-Hant": "（不使用此欄）", "en": "(do not use this column)"},
    "construct": {"zh-Hans": "构念", "zh-Hant": "構念", "en": "Construct"},
    "role": {"zh-Hans": "角色", "zh-Hant": "角色", "en": "Role"},
    "unmatched_columns": {"zh-Hans": "{k} 列没有对应到题目：{list}。如果其中有题目，请在上表“题目”列中选择。",
                          "zh-Hant": "{k} 欄沒有對應到題目：{list}。若其中有題目，請在上表「題目」欄中選擇。",
                          "en": "{k} columns match no question: {list}. If one of them is a question, choose it in the "
                                "table's Question column."},
    "questions_without_column": {"zh-Hans": "问卷中有 {k} 个题目在文件里找不到对应的列：{list}。",
                                 "zh-Hant": "問卷中有 {k} 個題目在檔案裡找不到對應的欄：{list}。",
                                 "en": "{k} questions of the questionnaire have no column in the file: {list}."},
    "invalid_answers": {"zh-Hans": "有 {n} 个答案不是量表上的选项，分析时按缺失处理（前 200 个如下）。",
                        "zh-Hant": "有 {n} 個答案不是量表上的選項，分析時視為遺漏值（前 200 個如下）。",
                        "en": "{n} answers are not options of their scale and will be treated as missing (the first "
                              "200 below)."},
    "confirm": {"zh-Hans": "确认并分析", "zh-Hant": "確認並分析", "en": "Confirm and analyse"},
    "confirm_first": {"zh-Hans": "请核对上面的识别结果，然后点击“确认并分析”。",
                      "zh-Hant": "請核對上面的辨識結果，然後點選「確認並分析」。",
                      "en": "Check what was recognised above, then click \"Confirm and analyse\"."},
    "download_mapping": {"zh-Hans": "下载对应关系（mapping.yaml，可用于 --mapping）",
                         "zh-Hant": "下載對應關係（mapping.yaml，可用於 --mapping）",
                         "en": "Download the mapping (mapping.yaml, for --mapping)"},
    "mapping_yaml_head": {"zh-Hans": "{file} 的列与题目对应；用法：research analyze 数据文件 --mapping mapping.yaml",
                          "zh-Hant": "{file} 的欄與題目對應；用法：research analyze 資料檔 --mapping mapping.yaml",
                          "en": "columns of {file} and their questions; use: research analyze DATA --mapping "
                                "mapping.yaml"},
    # results
    "run_info": {"zh-Hans": "估计：{estimator}；缺失答案：{missing}；自助法 {boot} 次，随机种子 {seed}（相同文件与设置得到相同结果）。",
                 "zh-Hant": "估計：{estimator}；遺漏答案：{missing}；拔靴法 {boot} 次，隨機種子 {seed}（相同檔案與設定得到相同結果）。",
                 "en": "Estimation: {estimator}; missing answers: {missing}; {boot} bootstrap resamples, random seed "
                       "{seed} (the same file and settings give the same results)."},
    "run_info_no_boot": {"zh-Hans": "估计：{estimator}；缺失答案：{missing}；未做自助法。",
                         "zh-Hant": "估計：{estimator}；遺漏答案：{missing}；未做拔靴法。",
                         "en": "Estimation: {estimator}; missing answers: {missing}; no bootstrap."},
    "run_info_pls": {"zh-Hans": "PLS-SEM：{scheme}{plsc}；缺失答案：{missing}；自助法 {boot} 次，随机种子 {seed}"
                                "（相同文件与设置得到相同结果）。",
                     "zh-Hant": "PLS-SEM：{scheme}{plsc}；遺漏答案：{missing}；拔靴法 {boot} 次，隨機種子 {seed}"
                                "（相同檔案與設定得到相同結果）。",
                     "en": "PLS-SEM: {scheme}{plsc}; missing answers: {missing}; {boot} bootstrap resamples, random "
                           "seed {seed} (the same file and settings give the same results)."},
    "run_info_pls_no_boot": {"zh-Hans": "PLS-SEM：{scheme}{plsc}；缺失答案：{missing}；未做自助法（没有 t 值、p 值与置信区间）。",
                             "zh-Hant": "PLS-SEM：{scheme}{plsc}；遺漏答案：{missing}；未做拔靴法（沒有 t 值、p 值與信賴區間）。",
                             "en": "PLS-SEM: {scheme}{plsc}; missing answers: {missing}; no bootstrap (no t, p or "
                                   "confidence intervals)."},
    # PLS-SEM pages: headings and the criteria each table is read by
    "pls_reliability": {"zh-Hans": "构念信度与收敛效度", "zh-Hant": "構念信度與收斂效度",
                        "en": "Construct reliability and convergent validity"},
    "pls_reliability_rule": {"zh-Hans": "标准（Hair 等，2019）：α、ρA 与 ρC 介于 .70 与 .95 之间（探索性研究 .60–.70 可接受；"
                                        "高于 .95 表示题目过于雷同）；AVE ≥ .50。",
                             "zh-Hant": "標準（Hair 等，2019）：α、ρA 與 ρC 介於 .70 與 .95 之間（探索性研究 .60–.70 可接受；"
                                        "高於 .95 表示題目過於雷同）；AVE ≥ .50。",
                             "en": "Criteria (Hair et al., 2019): α, ρA and ρC between .70 and .95 (.60–.70 acceptable "
                                   "in exploratory research; above .95 the items are redundant); AVE ≥ .50."},
    "pls_htmt_rule": {"zh-Hans": "HTMT < .85（概念上不同的构念）或 < .90（概念相近的构念），且其自助法置信区间的上限也低于该阈值"
                                 "（Henseler 等，2015；Hair 等，2019）。",
                      "zh-Hant": "HTMT < .85（概念上不同的構念）或 < .90（概念相近的構念），且其拔靴法信賴區間的上限也低於該門檻"
                                 "（Henseler 等，2015；Hair 等，2019）。",
                      "en": "HTMT below .85 (conceptually distinct constructs) or .90 (similar constructs), and the upper "
                            "bound of its bootstrap confidence interval below that threshold too (Henseler et al., 2015; "
                            "Hair et al., 2019)."},
    "pls_htmt_tests": {"zh-Hans": "HTMT 的自助法检验", "zh-Hant": "HTMT 的拔靴法檢定", "en": "HTMT bootstrap tests"},
    "pls_htmt_no_boot": {"zh-Hans": "未做自助法，HTMT 没有置信区间上限；请在左侧设置重抽样次数。",
                         "zh-Hant": "未做拔靴法，HTMT 沒有信賴區間上限；請在左側設定重抽樣次數。",
                         "en": "No bootstrap, so HTMT has no upper confidence bound; set the resamples in the sidebar."},
    "pls_cross_loadings": {"zh-Hans": "交叉载荷（每个题目在自身构念上的载荷应最高）",
                           "zh-Hant": "交叉負荷量（每個題目在自身構念上的負荷量應最高）",
                           "en": "Cross-loadings (each item should load highest on its own construct)"},
    "pls_loadings": {"zh-Hans": "外部载荷与权重", "zh-Hant": "外部負荷量與權重", "en": "Outer loadings and weights"},
    "pls_loadings_rule": {"zh-Hans": "标准（Hair 等，2019）：反映型题目的载荷 ≥ .708（指标信度 ≥ .50）；形成型题目的 VIF < 3"
                                     "（≥ 5 为严重共线性），权重不显著时载荷应 ≥ .50。",
                          "zh-Hant": "標準（Hair 等，2019）：反映型題目的負荷量 ≥ .708（指標信度 ≥ .50）；形成型題目的 VIF < 3"
                                     "（≥ 5 為嚴重共線性），權重不顯著時負荷量應 ≥ .50。",
                          "en": "Criteria (Hair et al., 2019): reflective items load ≥ .708 (indicator reliability ≥ "
                                ".50); formative items have VIF < 3 (≥ 5 is critical collinearity) and, where the "
                                "weight is not significant, a loading ≥ .50."},
    "pls_fit": {"zh-Hans": "模型拟合（近似）", "zh-Hant": "模型配適（近似）", "en": "Model fit (approximate)"},
    "pls_fit_rule": {"zh-Hans": "SRMR < .08 可视为近似拟合良好；d_ULS 与 d_G 为精确拟合检验的差距。PLS-SEM 的拟合指标仍在发展中，"
                                "宜谨慎解读（Hair 等，2019）。",
                     "zh-Hant": "SRMR < .08 可視為近似配適良好；d_ULS 與 d_G 為精確配適檢定的差距。PLS-SEM 的配適指標仍在發展中，"
                                "宜謹慎解讀（Hair 等，2019）。",
                     "en": "SRMR below .08 indicates an approximate fit; d_ULS and d_G are the discrepancies of the "
                           "exact fit test. Fit measures of PLS-SEM are still being developed: read them with caution "
                           "(Hair et al., 2019)."},
    "pls_paths_rule": {"zh-Hans": "t 值、p 值与 95% 百分位置信区间来自 {boot} 次自助法重抽样；f²：.02 小、.15 中、.35 大。",
                       "zh-Hant": "t 值、p 值與 95% 百分位信賴區間來自 {boot} 次拔靴法重抽樣；f²：.02 小、.15 中、.35 大。",
                       "en": "t, p and the 95% percentile confidence intervals from {boot} bootstrap resamples; f²: .02 "
                             "small, .15 medium, .35 large."},
    "pls_no_boot": {"zh-Hans": "未做自助法：路径没有 t 值、p 值与置信区间。请在左侧设置重抽样次数（SmartPLS 默认 5000）。",
                    "zh-Hant": "未做拔靴法：路徑沒有 t 值、p 值與信賴區間。請在左側設定重抽樣次數（SmartPLS 預設 5000）。",
                    "en": "No bootstrap: the paths have no t, p or confidence interval. Set the resamples in the "
                          "sidebar (SmartPLS's default is 5000)."},
    "pls_r2": {"zh-Hans": "解释力与预测相关性（R²、调整后 R²、Q²）", "zh-Hant": "解釋力與預測相關性（R²、調整後 R²、Q²）",
               "en": "Explanatory power and predictive relevance (R², adjusted R², Q²)"},
    "pls_r2_rule": {"zh-Hans": "R² 为 .75、.50、.25：较强、中等、较弱；Q² > 0 表示具有预测相关性（0、.25、.50：小、中、大）"
                               "（Hair 等，2019）。",
                    "zh-Hant": "R² 為 .75、.50、.25：較強、中等、較弱；Q² > 0 表示具有預測相關性（0、.25、.50：小、中、大）"
                               "（Hair 等，2019）。",
                    "en": "R² of .75, .50 and .25: substantial, moderate, weak; Q² above 0: predictive relevance (0, "
                          ".25, .50: small, medium, large) (Hair et al., 2019)."},
    "pls_prediction": {"zh-Hans": "样本外预测（PLSpredict 与 CVPAT）", "zh-Hant": "樣本外預測（PLSpredict 與 CVPAT）",
                       "en": "Out-of-sample prediction (PLSpredict and CVPAT)"},
    "pls_predict": {"zh-Hans": "PLSpredict：各题目的 Q²predict 与预测误差（PLS 与线性模型 LM 比较）",
                    "zh-Hant": "PLSpredict：各題目的 Q²predict 與預測誤差（PLS 與線性模型 LM 比較）",
                    "en": "PLSpredict: Q²predict and prediction errors of each item (PLS against the linear model LM)"},
    "pls_predict_rule": {"zh-Hans": "Q²predict > 0 表示优于用均值预测。PLS 的 RMSE（误差分布偏斜时看 MAE）在全部题目上低于 LM："
                                    "预测力高；多数题目：中；少数题目：低；没有题目：缺乏预测力（Shmueli 等，2019）。",
                         "zh-Hant": "Q²predict > 0 表示優於以平均數預測。PLS 的 RMSE（誤差分配偏斜時看 MAE）在全部題目上低於 LM："
                                    "預測力高；多數題目：中；少數題目：低；沒有題目：缺乏預測力（Shmueli 等，2019）。",
                         "en": "Q²predict above 0: better than predicting by the mean. PLS's RMSE (MAE if the errors are "
                               "skewed) lower than LM's for all items: high predictive power; for most: medium; for a "
                               "few: low; for none: no predictive power (Shmueli et al., 2019)."},
    "pls_cvpat": {"zh-Hans": "CVPAT：PLS 模型与基准（IA：题目均值；LM：线性模型）的预测损失比较",
                  "zh-Hant": "CVPAT：PLS 模型與基準（IA：題目平均數；LM：線性模型）的預測損失比較",
                  "en": "CVPAT: the PLS model's predictive loss against the benchmarks (IA: item means; LM: linear "
                        "model)"},
    "pls_cvpat_rule": {"zh-Hans": "差值为负且 p < .05：PLS 模型的预测显著优于该基准（Liengaard 等，2021）。",
                       "zh-Hant": "差值為負且 p < .05：PLS 模型的預測顯著優於該基準（Liengaard 等，2021）。",
                       "en": "A negative difference with p < .05: the PLS model predicts significantly better than the "
                             "benchmark (Liengaard et al., 2021)."},
    "pls_ipma": {"zh-Hans": "重要性–绩效图（IPMA，目标：{target}）", "zh-Hant": "重要性–績效圖（IPMA，目標：{target}）",
                 "en": "Importance–performance map (IPMA, target: {target})"},
    "pls_ipma_rule": {"zh-Hans": "重要性为对目标构念的非标准化总效应，绩效为重新标度到 0–100 的构念得分（Ringle & Sarstedt, 2016）。",
                      "zh-Hant": "重要性為對目標構念的非標準化總效果，績效為重新標度到 0–100 的構念分數（Ringle & Sarstedt, 2016）。",
                      "en": "Importance: the unstandardized total effect on the target construct; performance: the "
                            "construct scores rescaled to 0–100 (Ringle & Sarstedt, 2016)."},
    "pls_micom": {"zh-Hans": "组合测量不变性（MICOM）", "zh-Hant": "組合測量不變性（MICOM）",
                  "en": "Measurement invariance of composites (MICOM)"},
    "pls_micom_rule": {"zh-Hans": "步骤 2：组合相关 c 不低于其置换分布的 5% 分位数（组合不变性）；步骤 3：均值与方差的差异落在置换区间内"
                                  "（完全不变性）。至少部分不变性成立时才可比较各组的路径（Henseler 等，2016）。",
                       "zh-Hant": "步驟 2：組合相關 c 不低於其置換分配的 5% 分位數（組合不變性）；步驟 3：平均數與變異數的差異落在置換區間內"
                                  "（完全不變性）。至少部分不變性成立時才可比較各組的路徑（Henseler 等，2016）。",
                       "en": "Step 2: the composite correlation c is not below the 5% quantile of its permutation "
                             "distribution (compositional invariance); step 3: the differences of the means and "
                             "variances lie within their permutation intervals (full invariance). Compare the groups' "
                             "paths only where at least partial invariance holds (Henseler et al., 2016)."},
    "pls_mga": {"zh-Hans": "多群组分析（PLS-MGA）：各组路径系数的差异", "zh-Hant": "多組分析（PLS-MGA）：各組路徑係數的差異",
                "en": "Multi-group analysis (PLS-MGA): differences of the groups' path coefficients"},
    "pls_mga_rule": {"zh-Hans": "PLS-MGA（Henseler 等，2009）、置换检验、参数检验与 Welch–Satterthwaite 检验；p < .05 表示该路径在两组间"
                                "显著不同。",
                     "zh-Hant": "PLS-MGA（Henseler 等，2009）、置換檢定、參數檢定與 Welch–Satterthwaite 檢定；p < .05 表示該路徑在兩組間"
                                "顯著不同。",
                     "en": "PLS-MGA (Henseler et al., 2009), the permutation, parametric and Welch–Satterthwaite tests; "
                           "p < .05: the path differs between the two groups."},
    "pls_notes": {"zh-Hans": "PLS-SEM 的提示", "zh-Hant": "PLS-SEM 的提示", "en": "Notes on the PLS-SEM"},
    "samples": {"zh-Hans": "各项分析使用的样本", "zh-Hant": "各項分析使用的樣本", "en": "Responses behind each analysis"},
    "index_segments": {"zh-Hans": "各分组的指数（箭头：与全体样本相比）", "zh-Hant": "各分組的指數（箭頭：與全體樣本相比）",
                       "en": "The index by segment (arrows: compared with the whole sample)"},
    "index_delta_help": {"zh-Hans": "该分组的指数减去全体样本的指数", "zh-Hant": "該分組的指數減去全體樣本的指數",
                         "en": "the segment's index minus the whole sample's"},
    # sidebar foot
    "version": {"zh-Hans": "满意度研究工具包 {version}", "zh-Hant": "滿意度研究工具包 {version}",
                "en": "Satisfaction research toolkit {version}"},
    "guide": {"zh-Hans": "使用指南", "zh-Hant": "使用指南", "en": "Guide"},
    "guide_link": {"zh-Hans": "完整指南（README）", "zh-Hant": "完整指南（README）", "en": "The full guide (README)"},
    "guide_readme": {"zh-Hans": "以下为项目 README.md 中的网页应用一节（英文）。", "zh-Hant": "以下為專案 README.md 中的網頁應用程式一節（英文）。",
                     "en": "The section on the web app of the project's README.md:"},
    "guide_text": {
        "zh-Hans": "1. 选择语言与数据来源（示例研究或上传文件）。\n2. 选择问卷模板，或上传问卷 YAML，或在页面中把列分配到构念。\n"
                   "3. 核对识别结果（列与题目的对应、构念角色），点击“确认并分析”。\n4. 按页查看结果，在“下载”页下载报告与表格。\n\n"
                   "完整说明见项目 README.md 中关于网页应用的一节。",
        "zh-Hant": "1. 選擇語言與資料來源（範例研究或上傳檔案）。\n2. 選擇問卷範本，或上傳問卷 YAML，或在頁面中將欄分配到構念。\n"
                   "3. 核對辨識結果（欄與題目的對應、構念角色），點選「確認並分析」。\n4. 逐頁查看結果，在「下載」頁下載報告與表格。\n\n"
                   "完整說明見專案 README.md 中關於網頁應用程式的一節。",
        "en": "1. Choose the language and the data (the sample study or your upload).\n2. Choose a questionnaire "
              "template, upload a questionnaire YAML, or assign columns to constructs on the page.\n3. Check what "
              "was recognised (columns and questions, the constructs' roles) and click \"Confirm and analyse\".\n"
              "4. Read the pages; download the report and the tables on the Downloads page.\n\nThe full guide is "
              "the section \"The web app\" of the project's README.md."},
    "wjx_guide": {
        "zh-Hans": "**从问卷星导出**\n\n- 在问卷的“分析&下载 → 查看下载答卷”中选择“下载答卷数据”。\n"
                   "- **按选项序号下载**（推荐）：答案是选项编号 1、2、3……，与量表编码一致。**按选项文本下载**也可以："
                   "“非常同意”等选项文字会按量表自动换成数字。\n"
                   "- 格式选 **Excel（.xlsx）** 最稳妥；CSV 也可以，GBK 与 UTF-8 编码都能自动识别。请直接上传导出的文件，"
                   "不要在 Excel 中修改后另存。\n"
                   "- **−2、−3** 与按文本导出中的 **(跳过)** 表示题目被跳过或因跳题逻辑未显示：一律按缺失处理，不会当作分数。",
        "zh-Hant": "**從問卷星匯出**\n\n- 在問卷的「分析&下載 → 查看下載答卷」中選擇「下載答卷資料」。\n"
                   "- **按選項序號下載**（建議）：答案是選項編號 1、2、3……，與量表編碼一致。**按選項文本下載**也可以："
                   "「非常同意」等選項文字會依量表自動換成數字。\n"
                   "- 格式選 **Excel（.xlsx）** 最穩妥；CSV 也可以，GBK 與 UTF-8 編碼都能自動辨識。請直接上傳匯出的檔案，"
                   "不要在 Excel 中修改後另存。\n"
                   "- **−2、−3** 與按文本匯出中的 **(跳過)** 表示題目被跳過或因跳題邏輯未顯示：一律視為遺漏值，不會當作分數。",
        "en": "**Exporting from 问卷星 (Wenjuanxing)**\n\n- In the survey's 分析&下载 → 查看下载答卷 (Analyse & download → "
              "responses), choose 下载答卷数据 (download the response data).\n- **按选项序号** (by option number, "
              "recommended): answers are the option numbers 1, 2, 3 …, as the scale codes them. **按选项文本** (by "
              "option text) works too: texts such as 非常同意 become numbers on the scale.\n- **Excel (.xlsx)** is the "
              "safest format; CSV works too (GBK and UTF-8 are detected). Upload the export as it is, without "
              "re-saving it in Excel.\n- **−2, −3** and **(跳过)** in a text export mean the question was skipped or "
              "not shown by the survey's skip logic: they are missing answers, never scores."},
}

# the mediation and moderation page (issue 16: Hayes' PROCESS on the questionnaire's construct scores)
TEXT.update({
    "view": {"zh-Hans": "分析内容", "zh-Hant": "分析內容", "en": "Analysis"},
    "view_survey": {"zh-Hans": "问卷模型（信度、效度、SEM、驱动因素）", "zh-Hant": "問卷模型（信度、效度、SEM、驅動因素）",
                    "en": "Survey model (reliability, validity, SEM, drivers)"},
    "view_process": {"zh-Hans": "中介与调节（PROCESS）", "zh-Hant": "中介與調節（PROCESS）",
                     "en": "Mediation & moderation (PROCESS)"},
    "proc_title": {"zh-Hans": "中介与调节", "zh-Hant": "中介與調節", "en": "Mediation & moderation"},
    "proc_intro": {"zh-Hans": "在问卷构念的得分上估计 Hayes 的 PROCESS 模型：先选择模型，再选择变量，然后点击“运行”。",
                   "zh-Hant": "在問卷構念的分數上估計 Hayes 的 PROCESS 模型：先選擇模型，再選擇變項，然後點選「執行」。",
                   "en": "Hayes' PROCESS models on the questionnaire's construct scores: choose a model, then the "
                         "variables, then Run."},
    "proc_scores_info": {"zh-Hans": "构念得分为其题目的平均分（至少作答一半题目）；分析 {kept} 份答卷（共 {n} 份，筛选规则与问卷模型相同）。",
                         "zh-Hant": "構念分數為其題目的平均分數（至少作答一半題目）；分析 {kept} 份答卷（共 {n} 份，篩選規則與問卷模型相同）。",
                         "en": "Construct scores are the means of their items (at least half answered); {kept} of {n} "
                               "responses analysed (screened as for the survey model)."},
    "proc_gallery": {"zh-Hans": "1. 选择模型", "zh-Hant": "1. 選擇模型", "en": "1. Choose the model"},
    "proc_group_mediation": {"zh-Hans": "中介：X 通过什么影响 Y？", "zh-Hant": "中介：X 透過什麼影響 Y？",
                             "en": "Mediation: through what does X affect Y?"},
    "proc_group_moderation": {"zh-Hans": "调节：X 对 Y 的影响对谁、在什么情况下更强？",
                              "zh-Hant": "調節：X 對 Y 的影響對誰、在什麼情況下更強？",
                              "en": "Moderation: for whom, and when, is the effect of X on Y stronger?"},
    "proc_group_moderated": {"zh-Hans": "有调节的中介：中介效应是否随调节变量而变？",
                             "zh-Hant": "有調節的中介：中介效果是否隨調節變項而變？",
                             "en": "Moderated mediation: does the indirect effect depend on a moderator?"},
    "proc_choose": {"zh-Hans": "选择", "zh-Hant": "選擇", "en": "Choose"},
    "proc_chosen": {"zh-Hans": "✓ 已选择", "zh-Hant": "✓ 已選擇", "en": "✓ Chosen"},
    "proc_model_number": {"zh-Hans": "PROCESS 模型 {n}", "zh-Hant": "PROCESS 模型 {n}", "en": "PROCESS model {n}"},
    "proc_variables": {"zh-Hans": "2. 选择变量", "zh-Hant": "2. 選擇變項", "en": "2. Choose the variables"},
    "proc_chosen_model": {"zh-Hans": "模型：{name}（PROCESS 模型 {n}）", "zh-Hant": "模型：{name}（PROCESS 模型 {n}）",
                          "en": "Model: {name} (PROCESS model {n})"},
    "proc_x": {"zh-Hans": "自变量 X", "zh-Hant": "自變項 X", "en": "Predictor X"},
    "proc_y": {"zh-Hans": "因变量 Y", "zh-Hant": "依變項 Y", "en": "Outcome Y"},
    "proc_m": {"zh-Hans": "中介变量 M", "zh-Hant": "中介變項 M", "en": "Mediator M"},
    "proc_ms": {"zh-Hans": "中介变量 M（一个或多个，并行）", "zh-Hant": "中介變項 M（一個或多個，平行）",
                "en": "Mediators M (one or more, in parallel)"},
    "proc_ms_parallel": {"zh-Hans": "中介变量 M（两个或以上，并行）", "zh-Hant": "中介變項 M（兩個或以上，平行）",
                         "en": "Mediators M (two or more, in parallel)"},
    "proc_ms_serial": {"zh-Hans": "中介变量 M（两至六个，按因果顺序依次选择）", "zh-Hant": "中介變項 M（二至六個，依因果順序逐一選擇）",
                       "en": "Mediators M (two to six, chosen in causal order)"},
    "proc_w": {"zh-Hans": "调节变量 W", "zh-Hant": "調節變項 W", "en": "Moderator W"},
    "proc_z": {"zh-Hans": "第二个调节变量 Z", "zh-Hant": "第二個調節變項 Z", "en": "Second moderator Z"},
    "proc_covariates": {"zh-Hans": "控制变量（可选）", "zh-Hant": "控制變項（可選）", "en": "Covariates (optional)"},
    "proc_group_option": {"zh-Hans": "{name}（分类）", "zh-Hant": "{name}（類別）", "en": "{name} (categorical)"},
    "proc_options": {"zh-Hans": "3. 选项", "zh-Hant": "3. 選項", "en": "3. Options"},
    "proc_boot": {"zh-Hans": "自助法重抽样次数（0 = 不做）", "zh-Hant": "拔靴法重抽樣次數（0 = 不做）",
                  "en": "Bootstrap resamples (0 = none)"},
    "proc_boot_help": {"zh-Hans": "间接效应与指数的置信区间来自重抽样；建议 5000 次（Preacher & Hayes, 2008；Hayes, 2022）。"
                                  "0 表示不做，间接效应没有置信区间；否则至少 200 次。",
                       "zh-Hant": "間接效果與指標的信賴區間來自重抽樣；建議 5000 次（Preacher & Hayes, 2008；Hayes, 2022）。"
                                  "0 表示不做，間接效果沒有信賴區間；否則至少 200 次。",
                       "en": "The confidence intervals of indirect effects and indices come from the resamples; 5000 "
                             "are recommended (Preacher & Hayes, 2008; Hayes, 2022). 0: none, so indirect effects have "
                             "no interval; otherwise at least 200."},
    "proc_seed": {"zh-Hans": "随机种子", "zh-Hant": "隨機種子", "en": "Random seed"},
    "proc_ci": {"zh-Hans": "置信区间", "zh-Hant": "信賴區間", "en": "Confidence intervals"},
    "proc_ci_percentile": {"zh-Hans": "百分位（推荐）", "zh-Hant": "百分位（建議）", "en": "percentile (recommended)"},
    "proc_ci_bc": {"zh-Hans": "偏差校正（PROCESS 2 的默认）", "zh-Hant": "偏誤校正（PROCESS 2 的預設）",
                   "en": "bias-corrected (PROCESS 2's default)"},
    "proc_se": {"zh-Hans": "标准误", "zh-Hant": "標準誤", "en": "Standard errors"},
    "proc_se_hc3": {"zh-Hans": "HC3 稳健标准误（默认）", "zh-Hant": "HC3 穩健標準誤（預設）", "en": "HC3 robust (default)"},
    "proc_se_ols": {"zh-Hans": "OLS 标准误", "zh-Hant": "OLS 標準誤", "en": "OLS"},
    "proc_se_help": {"zh-Hans": "HC3 不要求误差方差齐性，是 PROCESS 推荐的稳健标准误（Hayes & Cai, 2007）；OLS 标准误假定误差方差齐性。",
                     "zh-Hant": "HC3 不要求誤差變異數同質，是 PROCESS 建議的穩健標準誤（Hayes & Cai, 2007）；OLS 標準誤假定誤差變異數同質。",
                     "en": "HC3 does not assume equal error variances and is the robust standard error PROCESS "
                           "recommends (Hayes & Cai, 2007); OLS standard errors assume equal error variances."},
    "proc_choose_options": {"zh-Hans": "请选择", "zh-Hant": "請選擇", "en": "Choose"},
    "proc_method": {"zh-Hans": "方法（可写入论文）", "zh-Hant": "方法（可寫入論文）", "en": "Method (as a paper reports it)"},
    "proc_se_hc0": {"zh-Hans": "HC0 稳健标准误", "zh-Hant": "HC0 穩健標準誤", "en": "HC0 robust"},
    "proc_se_hc1": {"zh-Hans": "HC1 稳健标准误", "zh-Hant": "HC1 穩健標準誤", "en": "HC1 robust"},
    "proc_se_hc2": {"zh-Hans": "HC2 稳健标准误", "zh-Hant": "HC2 穩健標準誤", "en": "HC2 robust"},
    "proc_se_hc4": {"zh-Hans": "HC4 稳健标准误", "zh-Hant": "HC4 穩健標準誤", "en": "HC4 robust"},
    "proc_probe": {"zh-Hans": "调节变量的取值", "zh-Hant": "調節變項的取值", "en": "Moderator values probed"},
    "proc_probe_sd": {"zh-Hans": "平均数 ± 1 个标准差", "zh-Hant": "平均數 ± 1 個標準差", "en": "mean ± 1 SD"},
    "proc_probe_percentile": {"zh-Hans": "第 16、50、84 百分位", "zh-Hant": "第 16、50、84 百分位",
                              "en": "16th, 50th and 84th percentiles"},
    "proc_center": {"zh-Hans": "中心化", "zh-Hant": "中心化", "en": "Mean-centring"},
    "proc_center_none": {"zh-Hans": "不中心化（PROCESS 的默认）", "zh-Hant": "不中心化（PROCESS 的預設）",
                         "en": "none (PROCESS's default)"},
    "proc_center_all": {"zh-Hans": "构成乘积项的所有变量", "zh-Hant": "構成乘積項的所有變項",
                        "en": "every variable in a product term"},
    "proc_center_continuous": {"zh-Hans": "只中心化连续变量", "zh-Hant": "只中心化連續變項", "en": "continuous ones only"},
    "proc_run": {"zh-Hans": "运行", "zh-Hant": "執行", "en": "Run"},
    "proc_running": {"zh-Hans": "正在估计模型……", "zh-Hant": "正在估計模型……", "en": "Estimating the model…"},
    "proc_stale": {"zh-Hans": "选择已更改：下面仍是上次运行的结果，点击“运行”更新。",
                   "zh-Hant": "選擇已變更：下方仍是上次執行的結果，點選「執行」更新。",
                   "en": "The choices have changed: below are the last run's results; click Run to update them."},
    "proc_results": {"zh-Hans": "结果", "zh-Hant": "結果", "en": "Results"},
    "proc_run_info": {"zh-Hans": "PROCESS 模型 {model}；N = {n}；{se} 标准误；自助法 {boot} 次（{ci}置信区间），随机种子 {seed}。",
                      "zh-Hant": "PROCESS 模型 {model}；N = {n}；{se} 標準誤；拔靴法 {boot} 次（{ci}信賴區間），隨機種子 {seed}。",
                      "en": "PROCESS model {model}; N = {n}; {se} standard errors; {boot} bootstrap resamples "
                            "({ci} confidence intervals), random seed {seed}."},
    "proc_run_info_no_boot": {"zh-Hans": "PROCESS 模型 {model}；N = {n}；{se} 标准误；未做自助法（间接效应没有置信区间）。",
                              "zh-Hant": "PROCESS 模型 {model}；N = {n}；{se} 標準誤；未做拔靴法（間接效果沒有信賴區間）。",
                              "en": "PROCESS model {model}; N = {n}; {se} standard errors; no bootstrap (indirect "
                                    "effects have no confidence interval)."},
    "proc_run_info_moderation": {"zh-Hans": "PROCESS 模型 {model}；N = {n}；{se} 标准误。",
                                 "zh-Hant": "PROCESS 模型 {model}；N = {n}；{se} 標準誤。",
                                 "en": "PROCESS model {model}; N = {n}; {se} standard errors."},
    "proc_ci_name_percentile": {"zh-Hans": "百分位", "zh-Hant": "百分位", "en": "percentile"},
    "proc_ci_name_bc": {"zh-Hans": "偏差校正", "zh-Hant": "偏誤校正", "en": "bias-corrected"},
    "proc_interpretation": {"zh-Hans": "解读", "zh-Hant": "解讀", "en": "Interpretation"},
    "proc_figures": {"zh-Hans": "图", "zh-Hant": "圖", "en": "Figures"},
    "proc_fig_slopes": {"zh-Hans": "简单斜率图", "zh-Hant": "簡單斜率圖", "en": "Simple slopes"},
    "proc_fig_jn": {"zh-Hans": "Johnson–Neyman 图", "zh-Hant": "Johnson–Neyman 圖", "en": "Johnson–Neyman plot"},
    "proc_fig_indirect": {"zh-Hans": "条件间接效应图", "zh-Hant": "條件間接效果圖", "en": "Conditional indirect effects"},
    "proc_downloads": {"zh-Hans": "下载", "zh-Hant": "下載", "en": "Downloads"},
    "proc_download_json": {"zh-Hans": "下载结果（JSON）", "zh-Hant": "下載結果（JSON）", "en": "Results (JSON)"},
    "proc_download_xlsx": {"zh-Hans": "下载全部表格（XLSX）", "zh-Hant": "下載全部表格（XLSX）", "en": "All tables (XLSX)"},
    "proc_no_constructs": {"zh-Hans": "问卷至少需要两个构念才能分析中介或调节。", "zh-Hant": "問卷至少需要兩個構念才能分析中介或調節。",
                           "en": "Mediation and moderation need a questionnaire with at least two constructs."},
    # the model gallery: a name and one line each (the PROCESS model number is shown beside, as secondary text)
    "proc_card_simple_mediation": {"zh-Hans": "简单中介", "zh-Hant": "簡單中介", "en": "Simple mediation"},
    "proc_desc_simple_mediation": {"zh-Hans": "X 通过一个中介变量 M 影响 Y。", "zh-Hant": "X 透過一個中介變項 M 影響 Y。",
                                   "en": "X affects Y through one mediator M."},
    "proc_card_parallel_mediation": {"zh-Hans": "并行中介", "zh-Hant": "平行中介", "en": "Parallel mediation"},
    "proc_desc_parallel_mediation": {"zh-Hans": "X 同时通过两个或更多中介变量影响 Y，各条路径分别检验。",
                                     "zh-Hant": "X 同時透過兩個或更多中介變項影響 Y，各條路徑分別檢定。",
                                     "en": "X affects Y through two or more mediators side by side, each path tested."},
    "proc_card_serial_mediation": {"zh-Hans": "链式中介", "zh-Hant": "序列中介", "en": "Serial mediation"},
    "proc_desc_serial_mediation": {"zh-Hans": "X → M1 → M2 → Y：中介变量依次相连。", "zh-Hant": "X → M1 → M2 → Y：中介變項依序相連。",
                                   "en": "X → M1 → M2 → Y: the mediators in a causal chain."},
    "proc_card_moderation": {"zh-Hans": "简单调节", "zh-Hant": "簡單調節", "en": "Simple moderation"},
    "proc_desc_moderation": {"zh-Hans": "X 对 Y 的影响随调节变量 W 而变。", "zh-Hant": "X 對 Y 的影響隨調節變項 W 而變。",
                             "en": "The effect of X on Y depends on a moderator W."},
    "proc_card_two_moderators": {"zh-Hans": "双调节", "zh-Hant": "雙重調節", "en": "Two moderators"},
    "proc_desc_two_moderators": {"zh-Hans": "X 对 Y 的影响同时随 W 和 Z 而变（两个交互项）。",
                                 "zh-Hant": "X 對 Y 的影響同時隨 W 與 Z 而變（兩個交互作用項）。",
                                 "en": "The effect of X on Y depends on W and on Z (two interactions)."},
    "proc_card_three_way": {"zh-Hans": "三重交互", "zh-Hant": "三因子交互作用", "en": "Three-way interaction"},
    "proc_desc_three_way": {"zh-Hans": "W 对 X → Y 的调节作用又取决于 Z（有调节的调节）。",
                            "zh-Hant": "W 對 X → Y 的調節作用又取決於 Z（被調節的調節）。",
                            "en": "How W moderates X → Y depends on Z (moderated moderation)."},
    "proc_card_first_stage": {"zh-Hans": "前半段被调节的中介", "zh-Hant": "前半段被調節的中介",
                              "en": "First-stage moderated mediation"},
    "proc_desc_first_stage": {"zh-Hans": "W 调节 X → M，间接效应因而随 W 而变。", "zh-Hant": "W 調節 X → M，間接效果因而隨 W 而變。",
                              "en": "W moderates X → M, so the indirect effect depends on W."},
    "proc_card_second_stage": {"zh-Hans": "后半段被调节的中介", "zh-Hant": "後半段被調節的中介",
                               "en": "Second-stage moderated mediation"},
    "proc_desc_second_stage": {"zh-Hans": "W 调节 M → Y，间接效应因而随 W 而变。", "zh-Hant": "W 調節 M → Y，間接效果因而隨 W 而變。",
                               "en": "W moderates M → Y, so the indirect effect depends on W."},
    "proc_card_both_stages": {"zh-Hans": "前后两段都被调节", "zh-Hant": "前後兩段都被調節", "en": "Both stages moderated"},
    "proc_desc_both_stages": {"zh-Hans": "W 同时调节 X → M 与 M → Y。", "zh-Hant": "W 同時調節 X → M 與 M → Y。",
                              "en": "W moderates both X → M and M → Y."},
    "proc_card_first_stage_direct": {"zh-Hans": "前半段与直接效应被调节", "zh-Hant": "前半段與直接效果被調節",
                                     "en": "First stage and direct effect moderated"},
    "proc_desc_first_stage_direct": {"zh-Hans": "W 调节 X → M 与 X → Y。", "zh-Hant": "W 調節 X → M 與 X → Y。",
                                     "en": "W moderates X → M and X → Y."},
    "proc_card_second_stage_direct": {"zh-Hans": "后半段与直接效应被调节", "zh-Hant": "後半段與直接效果被調節",
                                      "en": "Second stage and direct effect moderated"},
    "proc_desc_second_stage_direct": {"zh-Hans": "W 调节 M → Y 与 X → Y。", "zh-Hant": "W 調節 M → Y 與 X → Y。",
                                      "en": "W moderates M → Y and X → Y."},
    "proc_card_full": {"zh-Hans": "所有路径都被调节", "zh-Hant": "所有路徑都被調節", "en": "Every path moderated"},
    "proc_desc_full": {"zh-Hans": "W 调节 X → M、M → Y 与 X → Y。", "zh-Hant": "W 調節 X → M、M → Y 與 X → Y。",
                       "en": "W moderates X → M, M → Y and X → Y."},
})

# the evaluation index page (issue 17: multi-level indicator systems, AHP / data weights, fuzzy evaluation, TOPSIS)
TEXT.update({
    "view_evaluation": {"zh-Hans": "综合评价（指标体系、AHP、熵权法、模糊评价、TOPSIS）",
                        "zh-Hant": "綜合評價（指標體系、AHP、熵權法、模糊評價、TOPSIS）",
                        "en": "Evaluation index (AHP, entropy weights, fuzzy evaluation, TOPSIS)"},
    "eval_title": {"zh-Hans": "综合评价", "zh-Hant": "綜合評價", "en": "Evaluation index"},
    "eval_intro": {"zh-Hans": "用多层评价指标体系评价样本：选择指标体系和赋权方法（给定权重、专家打分的层次分析法、熵权法、"
                              "CRITIC 法等），得到各级指标的得分与等级、模糊综合评价，以及各分组的 TOPSIS 与灰色关联排序。",
                   "zh-Hant": "用多層評價指標體系評價樣本：選擇指標體系與賦權方法（給定權重、專家評分的層級分析法、熵權法、"
                              "CRITIC 法等），得到各級指標的分數與等級、模糊綜合評價，以及各分組的 TOPSIS 與灰色關聯排序。",
                   "en": "Evaluate the sample with a multi-level indicator system: choose the system and how to weight "
                         "it (stated weights, experts' AHP judgements, entropy, CRITIC …), then read the scores and "
                         "grades at every level, the fuzzy comprehensive evaluation and the TOPSIS and grey "
                         "relational rankings of the segments."},
    "eval_system": {"zh-Hans": "1. 指标体系", "zh-Hant": "1. 指標體系", "en": "1. Index system"},
    "eval_system_choice": {"zh-Hans": "指标体系", "zh-Hant": "指標體系", "en": "Index system"},
    "eval_system_template": {"zh-Hans": "模板：{title}（{name}）", "zh-Hant": "範本：{title}（{name}）",
                             "en": "Template: {title} ({name})"},
    "eval_system_upload": {"zh-Hans": "上传指标体系 YAML", "zh-Hant": "上傳指標體系 YAML",
                           "en": "Upload an index-system YAML"},
    "eval_system_file": {"zh-Hans": "指标体系 YAML 文件", "zh-Hant": "指標體系 YAML 檔案",
                         "en": "Index-system YAML file"},
    "eval_system_file_help": {"zh-Hans": "格式见 questionnaires/indices/SCHEMA.md；文件只作为数据读取，不会执行其中任何内容。",
                              "zh-Hant": "格式見 questionnaires/indices/SCHEMA.md；檔案只當作資料讀取，不會執行其中任何內容。",
                              "en": "Format: questionnaires/indices/SCHEMA.md. The file is read as data only; "
                                    "nothing in it is run."},
    "eval_system_upload_first": {"zh-Hans": "请上传指标体系 YAML 文件。", "zh-Hant": "請上傳指標體系 YAML 檔案。",
                                 "en": "Upload an index-system YAML file."},
    "eval_system_info": {"zh-Hans": "{title}：{first} 个一级指标，{leaves} 个末级指标，共 {depth} 层。等级：{grades}。",
                         "zh-Hant": "{title}：{first} 個一級指標，{leaves} 個末級指標，共 {depth} 層。等級：{grades}。",
                         "en": "{title}: {first} first-level and {leaves} bottom-level indicators, {depth} levels. "
                               "Grades: {grades}."},
    "eval_reads_items": {"zh-Hans": "末级指标读取问卷题目：评价的是上传的问卷数据（与问卷模型相同的筛选规则），题目按作答原样读取，"
                                    "反向题由评价程序重新编码。",
                         "zh-Hant": "末級指標讀取問卷題目：評價的是上傳的問卷資料（與問卷模型相同的篩選規則），題目依作答原樣讀取，"
                                    "反向題由評價程式重新編碼。",
                         "en": "The bottom-level indicators read questionnaire items: the uploaded survey is evaluated "
                               "(screened as for the survey model), answers as given; reverse-keyed items are recoded "
                               "by the evaluation."},
    "eval_reads_table": {"zh-Hans": "末级指标由专家打分或读取数据列：上传的表格按原样读取，每行一位专家或一个评价对象，"
                                    "列名为指标编号（或指标体系文件中为该指标指定的列名）。",
                         "zh-Hant": "末級指標由專家評分或讀取資料欄：上傳的表格依原樣讀取，每列一位專家或一個評價對象，"
                                    "欄名為指標編號（或指標體系檔案中為此指標指定的欄名）。",
                         "en": "The bottom-level indicators are scored by experts or read data columns: the uploaded "
                               "table is read as it is, one row per expert or per object evaluated, a column per "
                               "indicator named by its id (or by the column name the index-system file gives)."},
    "eval_data_items": {"zh-Hans": "评价 {kept} 份答卷（共 {n} 份，剔除 {excluded} 份）。",
                        "zh-Hant": "評價 {kept} 份答卷（共 {n} 份，剔除 {excluded} 份）。",
                        "en": "{kept} of {n} responses evaluated ({excluded} excluded by the screening)."},
    "eval_data_table": {"zh-Hans": "表格“{file}”：{n} 行。", "zh-Hant": "表格「{file}」：{n} 列。",
                        "en": "Table '{file}': {n} rows."},
    "eval_experts": {"zh-Hans": "2. 上传专家打分表", "zh-Hant": "2. 上傳專家評分表",
                     "en": "2. Upload the experts' AHP workbooks"},
    "eval_experts_help": {"zh-Hans": "每位专家在空白打分表中填写判断矩阵（Saaty 1–9 标度）；上传多份即为群组层次分析法。"
                                     "打分表只在赋权方法为层次分析法或组合赋权时使用。",
                          "zh-Hant": "每位專家在空白評分表中填寫判斷矩陣（Saaty 1–9 尺度）；上傳多份即為多位專家的層級分析法。"
                                     "評分表只在賦權方法為層級分析法或組合賦權時使用。",
                          "en": "Each expert fills in the judgement matrices of the blank workbook (Saaty's 1–9 "
                                "scale); several workbooks make a group AHP. The workbooks are used when the "
                                "weights are AHP or combined."},
    "eval_workbooks": {"zh-Hans": "专家打分表（.xlsx，可多份）", "zh-Hant": "專家評分表（.xlsx，可多份）",
                       "en": "Experts' workbooks (.xlsx, one or more)"},
    "eval_download_template": {"zh-Hans": "下载空白专家打分表（.xlsx）", "zh-Hant": "下載空白專家評分表（.xlsx）",
                               "en": "Download the blank AHP workbook (.xlsx)"},
    "eval_experts_read": {"zh-Hans": "已读取 {k} 份打分表：{names}。", "zh-Hant": "已讀取 {k} 份評分表：{names}。",
                          "en": "{k} workbook(s) read: {names}."},
    "eval_books_unused": {"zh-Hans": "当前的赋权方法不使用专家打分表；请选择层次分析法或组合赋权。",
                          "zh-Hant": "目前的賦權方法不使用專家評分表；請選擇層級分析法或組合賦權。",
                          "en": "The weights chosen do not use the workbooks: choose AHP or combined weights."},
    "eval_settings": {"zh-Hans": "3. 赋权与评价设置", "zh-Hant": "3. 賦權與評價設定", "en": "3. Weights and settings"},
    "eval_weights": {"zh-Hans": "赋权方法", "zh-Hant": "賦權方法", "en": "Weights"},
    "eval_w_system": {"zh-Hans": "按指标体系文件（{methods}）", "zh-Hant": "依指標體系檔案（{methods}）",
                      "en": "As the index system says ({methods})"},
    "eval_w_stated": {"zh-Hans": "给定权重（指标体系中的权重）", "zh-Hant": "給定權重（指標體系中的權重）",
                      "en": "Stated weights (from the index system)"},
    "eval_w_equal": {"zh-Hans": "等权", "zh-Hant": "等權", "en": "Equal weights"},
    "eval_w_ahp": {"zh-Hans": "层次分析法（AHP，需要专家打分表）", "zh-Hant": "層級分析法（AHP，需要專家評分表）",
                   "en": "AHP (needs the experts' workbooks)"},
    "eval_w_entropy": {"zh-Hans": "熵权法", "zh-Hant": "熵權法", "en": "Entropy weights"},
    "eval_w_critic": {"zh-Hans": "CRITIC 法", "zh-Hant": "CRITIC 法", "en": "CRITIC"},
    "eval_w_cv": {"zh-Hans": "变异系数法", "zh-Hant": "變異係數法", "en": "Coefficient of variation"},
    "eval_w_combined": {"zh-Hans": "组合赋权（{a} + {b}）", "zh-Hant": "組合賦權（{a} + {b}）",
                        "en": "Combined ({a} + {b})"},
    "eval_w_sem": {"zh-Hans": "结构方程模型总效应（对满意度）", "zh-Hant": "結構方程模型總效果（對滿意度）",
                   "en": "SEM total effects on satisfaction"},
    "eval_w_lmg": {"zh-Hans": "相对重要性 LMG（满意度的 R² 份额）", "zh-Hant": "相對重要性 LMG（滿意度的 R² 份額）",
                   "en": "Relative importance LMG (shares of R² of satisfaction)"},
    "eval_derived_note": {"zh-Hans": "{nodes}的子指标为问卷构念：其权重由问卷的标准模型在这些答卷上估计得到（{outcome}为结果变量）；"
                                     "其他指标沿用指标体系中的赋权方法。",
                          "zh-Hant": "{nodes}的子指標為問卷構念：其權重由問卷的標準模型在這些答卷上估計而得（{outcome}為結果變項）；"
                                     "其他指標沿用指標體系中的賦權方法。",
                          "en": "The sub-indicators of {nodes} are questionnaire constructs: their weights are estimated "
                                "on these responses with the questionnaire's standard model ({outcome} as the outcome); "
                                "the other indicators keep the index system's weighting."},
    "eval_derived_source": {"zh-Hans": "权重来源：{text}。", "zh-Hant": "權重來源：{text}。",
                            "en": "Where the weights come from: {text}."},
    "eval_ahp_needs_books": {"zh-Hans": "层次分析法需要专家的判断矩阵：请先上传专家打分表。",
                             "zh-Hant": "層級分析法需要專家的判斷矩陣：請先上傳專家評分表。",
                             "en": "AHP needs the experts' judgement matrices: upload their workbooks first."},
    "eval_aggregate": {"zh-Hans": "多位专家的合成方式", "zh-Hant": "多位專家的合成方式",
                       "en": "Combining the experts"},
    "eval_group": {"zh-Hans": "分组（各分组得分与排序）", "zh-Hant": "分組（各分組分數與排序）",
                   "en": "Segments (scores and ranking by segment)"},
    "eval_operator": {"zh-Hans": "模糊合成算子", "zh-Hant": "模糊合成運算子", "en": "Fuzzy operator"},
    "eval_more": {"zh-Hans": "更多选项", "zh-Hant": "更多選項", "en": "More options"},
    "eval_level": {"zh-Hans": "置信区间的置信水平", "zh-Hant": "信賴區間的信賴水準", "en": "Confidence level"},
    "eval_normalisation": {"zh-Hans": "TOPSIS 的归一化", "zh-Hant": "TOPSIS 的正規化", "en": "TOPSIS normalisation"},
    "eval_min_n": {"zh-Hans": "参与排序的分组最少人数", "zh-Hant": "參與排序的分組最少人數",
                   "en": "Smallest segment ranked (respondents)"},
    "eval_results": {"zh-Hans": "4. 评价结果", "zh-Hant": "4. 評價結果", "en": "4. Results"},
    "eval_running": {"zh-Hans": "正在评价…", "zh-Hant": "正在評價…", "en": "Evaluating…"},
    "eval_run_info": {"zh-Hans": "n = {n}（{valid} 人有综合得分）；赋权：{method}；模糊合成算子：{operator}；置信区间 {level}。",
                      "zh-Hant": "n = {n}（{valid} 人有綜合分數）；賦權：{method}；模糊合成運算子：{operator}；信賴區間 {level}。",
                      "en": "n = {n} ({valid} with an index score); weights: {method}; fuzzy operator: {operator}; "
                            "{level} confidence intervals."},
    "eval_method_nodes": {"zh-Hans": "各指标按文件设定", "zh-Hant": "各指標依檔案設定",
                          "en": "each indicator as the file says"},
    "eval_m_score": {"zh-Hans": "综合得分（0–100）", "zh-Hant": "綜合分數（0–100）", "en": "Index score (0–100)"},
    "eval_m_ci": {"zh-Hans": "{level} 置信区间", "zh-Hant": "{level} 信賴區間", "en": "{level} CI"},
    "eval_m_grade": {"zh-Hans": "等级", "zh-Hant": "等級", "en": "Grade"},
    "eval_m_fuzzy": {"zh-Hans": "模糊综合评价等级", "zh-Hant": "模糊綜合評價等級", "en": "Fuzzy evaluation grade"},
    "eval_inconsistent": {"zh-Hans": "“{matrix}”的判断矩阵{who}未通过一致性检验（CR = {cr} ≥ 0.10）。最不一致的判断：{worst}。"
                                     "请重新考虑这一比较。",
                          "zh-Hant": "「{matrix}」的判斷矩陣{who}未通過一致性檢定（CR = {cr} ≥ 0.10）。最不一致的判斷：{worst}。"
                                     "請重新考慮這一比較。",
                          "en": "The judgement matrix of '{matrix}'{who} is inconsistent (CR = {cr} ≥ 0.10). Most "
                                "inconsistent judgement: {worst}. Reconsider that comparison."},
    "eval_who": {"zh-Hans": "（{expert}）", "zh-Hant": "（{expert}）", "en": " ({expert})"},
    "eval_group_matrix": {"zh-Hans": "（集结矩阵）", "zh-Hant": "（集結矩陣）", "en": " (aggregated)"},
    "eval_tab_weights": {"zh-Hans": "指标体系与权重", "zh-Hant": "指標體系與權重", "en": "Indicators and weights"},
    "eval_tab_scores": {"zh-Hans": "得分与等级", "zh-Hant": "分數與等級", "en": "Scores and grades"},
    "eval_tab_fuzzy": {"zh-Hans": "模糊综合评价", "zh-Hant": "模糊綜合評價", "en": "Fuzzy evaluation"},
    "eval_tab_ranking": {"zh-Hans": "分组排序", "zh-Hant": "分組排序", "en": "Ranking of segments"},
    "eval_tab_downloads": {"zh-Hans": "下载", "zh-Hant": "下載", "en": "Downloads"},
    "eval_fig_tree": {"zh-Hans": "指标体系图", "zh-Hant": "指標體系圖", "en": "Indicator tree"},
    "eval_fig_radar": {"zh-Hans": "一级指标雷达图", "zh-Hant": "一級指標雷達圖", "en": "Radar chart of the first-level indicators"},
    "eval_fig_shares": {"zh-Hans": "等级分布", "zh-Hant": "等級分布", "en": "Grade shares"},
    "eval_fig_topsis": {"zh-Hans": "TOPSIS 排序", "zh-Hant": "TOPSIS 排序", "en": "TOPSIS ranking"},
    "eval_fig_grey": {"zh-Hans": "灰色关联排序", "zh-Hant": "灰色關聯排序", "en": "Grey relational ranking"},
    "eval_no_group": {"zh-Hans": "在“分组”中选择一个问题（如购物平台），这里即给出各分组的 TOPSIS 与灰色关联排序。",
                      "zh-Hant": "在「分組」中選擇一個問題（如購物平台），這裡即提供各分組的 TOPSIS 與灰色關聯排序。",
                      "en": "Choose a question under Segments (the shopping platform, say) to rank the segments by "
                            "TOPSIS and grey relational analysis here."},
    "eval_no_ranking": {"zh-Hans": "没有可以排序的分组：至少要有两个分组各有 {min_n} 人以上。",
                        "zh-Hant": "沒有可以排序的分組：至少要有兩個分組各有 {min_n} 人以上。",
                        "en": "No segments to rank: at least two segments need {min_n} or more respondents."},
    "eval_dl_scores": {"zh-Hans": "每份答卷各指标得分（CSV）", "zh-Hant": "每份答卷各指標分數（CSV）",
                       "en": "Every respondent's scores (CSV)"},
    "eval_dl_json": {"zh-Hans": "评价结果（JSON）", "zh-Hant": "評價結果（JSON）", "en": "Evaluation results (JSON)"},
    "eval_dl_xlsx": {"zh-Hans": "全部表格（Excel）", "zh-Hant": "全部表格（Excel）", "en": "All tables (Excel)"},
    "eval_dl_help": {"zh-Hans": "JSON 与命令 research evaluate 写出的 results.json 相同，可供 research report 使用。",
                     "zh-Hant": "JSON 與指令 research evaluate 寫出的 results.json 相同，可供 research report 使用。",
                     "en": "The JSON is the results.json of research evaluate, which research report reads."},
    "eval_expected": {"zh-Hans": "数据须包含以下各列（缺少 {k} 列）：", "zh-Hant": "資料須包含以下各欄（缺少 {k} 欄）：",
                      "en": "The data need these columns ({k} missing):"},
    "eval_col_column": {"zh-Hans": "列名", "zh-Hant": "欄名", "en": "Column"},
    "eval_col_indicator": {"zh-Hans": "指标", "zh-Hant": "指標", "en": "Indicator"},
    "eval_col_parent": {"zh-Hans": "上级指标", "zh-Hant": "上層指標", "en": "Parent indicator"},
    "eval_col_fill": {"zh-Hans": "填写内容", "zh-Hant": "填寫內容", "en": "What to enter"},
    "eval_col_found": {"zh-Hans": "数据中已有", "zh-Hant": "資料中已有", "en": "In the data"},
    "eval_fill_standards": {"zh-Hans": "0–100 的分数或等级名称（{grades}）", "zh-Hant": "0–100 的分數或等級名稱（{grades}）",
                            "en": "a score 0–100 or a grade name ({grades})"},
    "eval_fill_range": {"zh-Hans": "{lo}–{hi} 的数值", "zh-Hant": "{lo}–{hi} 的數值", "en": "a number {lo}–{hi}"},
    "eval_fill_cost": {"zh-Hans": "{lo}–{hi} 的数值（越小越好）", "zh-Hant": "{lo}–{hi} 的數值（越小越好）",
                       "en": "a number {lo}–{hi} (lower is better)"},
    "eval_fill_item": {"zh-Hans": "问卷题目 {item} 的答案（{lo}–{hi}）", "zh-Hant": "問卷題目 {item} 的答案（{lo}–{hi}）",
                       "en": "the answer to item {item} ({lo}–{hi})"},
    "eval_yes": {"zh-Hans": "是", "zh-Hant": "是", "en": "yes"},
    "eval_no": {"zh-Hans": "否", "zh-Hant": "否", "en": "no"},
    "eval_download_blank": {"zh-Hans": "下载空白数据表（CSV，含这些列名）", "zh-Hant": "下載空白資料表（CSV，含這些欄名）",
                            "en": "Download a blank table with these columns (CSV)"},
})

_MD_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")       # every ASCII punctuation character
_WORD_JOINER = "\u2060"


def plain(value) -> str:
    """``value`` as literal text inside Markdown (st.markdown, st.caption, st.info …): every ASCII punctuation
    character backslash-escaped (no links, images, emphasis, HTML, math, ``:emoji:`` or ``:color[…]``), line
    breaks as spaces, and an invisible word joiner in ``://``, ``www.`` and ``@`` so that no address becomes
    a link.  For file names, column names, labels, data values and any other text a user supplied."""
    text = re.sub(r"[\r\n\v\f\u2028\u2029]+", " ", str(value))
    text = re.sub(r"(?i)\b(www)\.", "\\1" + _WORD_JOINER + ".", text)
    text = text.replace("://", ":" + _WORD_JOINER + "//").replace("@", _WORD_JOINER + "@")
    return _MD_PUNCTUATION.sub(r"\\\1", text)


def t(key: str, lang: str, **values) -> str:
    entry = TEXT[key]
    text = entry.get(lang) or entry["en"]
    return text.format(**values) if values else text

# studies in the study store (issue 18 point 3): open or create a study, its waves, the trend
TEXT.update({
    "source_study": {"zh-Hans": "研究项目（收集的答卷）", "zh-Hant": "研究專案（收集的答卷）",
                     "en": "Study (collected responses)"},
    "view_study": {"zh-Hans": "研究项目：调查批次与趋势", "zh-Hant": "研究專案：調查批次與趨勢",
                   "en": "Study: waves and trend"},
    "study": {"zh-Hans": "研究项目", "zh-Hant": "研究專案", "en": "Study"},
    "study_key": {"zh-Hans": "所有者密钥", "zh-Hant": "擁有者金鑰", "en": "Owner key"},
    "study_key_help": {"zh-Hans": "创建研究项目时显示过一次的密钥。它只保存在本次浏览会话中，不会显示或记录。",
                       "zh-Hant": "建立研究專案時顯示過一次的金鑰。它只存放在本次瀏覽工作階段中，不會顯示或記錄。",
                       "en": "The key shown once when the study was created. It is kept only in this browser "
                             "session, never shown or logged."},
    "study_open": {"zh-Hans": "打开", "zh-Hant": "開啟", "en": "Open"},
    "study_forget": {"zh-Hans": "关闭研究项目（忘记密钥）", "zh-Hant": "關閉研究專案（忘記金鑰）",
                     "en": "Close the study (forget the key)"},
    "study_wrong_key": {"zh-Hans": "没有研究项目可用此密钥打开。请检查密钥（区分大小写），它在创建研究项目时只显示一次。",
                        "zh-Hant": "沒有研究專案可用此金鑰開啟。請檢查金鑰（區分大小寫），它在建立研究專案時只顯示一次。",
                        "en": "No study opens with this key. Check the key (it is case-sensitive); it was shown "
                              "once, when the study was created."},
    "study_choose": {"zh-Hans": "此密钥的研究项目", "zh-Hant": "此金鑰的研究專案", "en": "Studies of this key"},
    "study_label": {"zh-Hans": "{name}（编号 {id}）", "zh-Hant": "{name}（編號 {id}）", "en": "{name} (no. {id})"},
    "study_waves": {"zh-Hans": "分析的调查批次", "zh-Hant": "分析的調查批次", "en": "Waves analysed"},
    "study_all_waves": {"zh-Hans": "全部调查批次", "zh-Hant": "全部調查批次", "en": "All waves"},
    "study_wave_label": {"zh-Hans": "{name}（{n} 份）", "zh-Hant": "{name}（{n} 份）", "en": "{name} ({n})"},
    "study_count": {"zh-Hans": "已收集 {n} 份答卷", "zh-Hant": "已收集 {n} 份答卷", "en": "Responses collected: {n}"},
    "study_refresh": {"zh-Hans": "刷新答卷数", "zh-Hant": "重新整理答卷數", "en": "Refresh the counts"},
    "study_create": {"zh-Hans": "创建研究项目", "zh-Hant": "建立研究專案", "en": "Create a study"},
    "study_name": {"zh-Hans": "研究项目名称", "zh-Hant": "研究專案名稱", "en": "Name of the study"},
    "study_q": {"zh-Hans": "问卷", "zh-Hant": "問卷", "en": "Questionnaire"},
    "study_q_upload": {"zh-Hans": "上传问卷 YAML", "zh-Hant": "上傳問卷 YAML", "en": "Upload a questionnaire YAML"},
    "study_create_button": {"zh-Hans": "创建", "zh-Hant": "建立", "en": "Create"},
    "study_name_missing": {"zh-Hans": "请填写研究项目名称。", "zh-Hant": "請填寫研究專案名稱。",
                           "en": "Give the study a name."},
    "study_created": {"zh-Hans": "已创建研究项目“{name}”（编号 {id}），并已打开。",
                      "zh-Hant": "已建立研究專案「{name}」（編號 {id}），並已開啟。",
                      "en": "Study “{name}” (no. {id}) created and opened."},
    "study_created_same_key": {"zh-Hans": "它归当前的密钥所有（一个密钥可以拥有多个研究项目）。",
                               "zh-Hant": "它歸目前的金鑰所有（一個金鑰可以擁有多個研究專案）。",
                               "en": "It is owned by the key now open (one key may own several studies)."},
    "study_new_key": {"zh-Hans": "这是新研究项目的所有者密钥，只显示这一次。请立即妥善保存（例如密码管理器）：没有它，任何人（包括您）都无法打开本研究项目的答卷和结果，且无法找回。",
                      "zh-Hant": "這是新研究專案的擁有者金鑰，只顯示這一次。請立即妥善保管（例如密碼管理器）：沒有它，任何人（包括您）都無法開啟本研究專案的答卷與結果，且無法找回。",
                      "en": "This is the new study's owner key, shown only this once. Keep it safe now (a password "
                            "manager): without it no one, you included, can open the study's responses or results, "
                            "and it cannot be recovered."},
    "study_key_kept": {"zh-Hans": "我已保存密钥", "zh-Hant": "我已保管金鑰", "en": "I have stored the key"},
    "study_open_first": {"zh-Hans": "请先在左侧用所有者密钥打开研究项目，或创建一个。",
                         "zh-Hant": "請先在左側以擁有者金鑰開啟研究專案，或建立一個。",
                         "en": "Open a study with its owner key in the sidebar first, or create one."},
    "study_no_responses": {"zh-Hans": "所选调查批次还没有答卷。", "zh-Hant": "所選調查批次還沒有答卷。",
                           "en": "The waves chosen have no responses yet."},
    "study_data_info": {"zh-Hans": "研究项目“{name}”：{waves}，{rows} 份答卷（数据库读取时间 {at} UTC）",
                        "zh-Hant": "研究專案「{name}」：{waves}，{rows} 份答卷（資料庫讀取時間 {at} UTC）",
                        "en": "Study “{name}”: {waves}, {rows} responses (read from the database at {at} UTC)"},
    "study_title": {"zh-Hans": "研究项目“{name}”", "zh-Hant": "研究專案「{name}」", "en": "Study “{name}”"},
    "study_tab_waves": {"zh-Hans": "调查批次", "zh-Hant": "調查批次", "en": "Waves"},
    "study_tab_trend": {"zh-Hans": "各期趋势与变化", "zh-Hant": "各期趨勢與變化", "en": "Trend and change"},
    "study_tab_analyses": {"zh-Hans": "已保存的分析", "zh-Hant": "已儲存的分析", "en": "Saved analyses"},
    "study_no_waves": {"zh-Hans": "这个研究项目还没有调查批次：在下方创建一个网页问卷批次，或导入一个导出文件。",
                       "zh-Hant": "這個研究專案還沒有調查批次：在下方建立一個網頁問卷批次，或匯入一個匯出檔。",
                       "en": "This study has no waves yet: create a web-form wave below, or import an export."},
    "study_col_wave": {"zh-Hans": "调查批次", "zh-Hant": "調查批次", "en": "Wave"},
    "study_col_kind": {"zh-Hans": "类型", "zh-Hant": "類型", "en": "Kind"},
    "study_col_state": {"zh-Hans": "状态", "zh-Hant": "狀態", "en": "State"},
    "study_col_n": {"zh-Hans": "答卷数", "zh-Hant": "答卷數", "en": "Responses"},
    "study_col_quota": {"zh-Hans": "配额", "zh-Hant": "配額", "en": "Quota"},
    "study_col_closes": {"zh-Hans": "截止时间（UTC）", "zh-Hant": "截止時間（UTC）", "en": "Closes (UTC)"},
    "study_col_per": {"zh-Hans": "每人限答", "zh-Hant": "每人限答", "en": "One response per"},
    "study_col_link": {"zh-Hans": "问卷链接", "zh-Hant": "問卷連結", "en": "Form link"},
    "study_kind_web": {"zh-Hans": "网页问卷", "zh-Hant": "網頁問卷", "en": "web form"},
    "study_kind_import": {"zh-Hans": "导入的文件", "zh-Hant": "匯入的檔案", "en": "imported file"},
    "study_state_open": {"zh-Hans": "进行中", "zh-Hant": "進行中", "en": "open"},
    "study_state_closed": {"zh-Hans": "已结束", "zh-Hant": "已結束", "en": "closed"},
    "study_per_browser": {"zh-Hans": "每个浏览器一份", "zh-Hant": "每個瀏覽器一份", "en": "browser"},
    "study_per_token": {"zh-Hans": "每个专属链接一份", "zh-Hant": "每個專屬連結一份", "en": "personal link"},
    "study_per_none": {"zh-Hans": "不限", "zh-Hant": "不限", "en": "no limit"},
    "study_base_url": {"zh-Hans": "问卷服务器的公开地址（research serve）", "zh-Hant": "問卷伺服器的公開位址（research serve）",
                       "en": "Public address of the form server (research serve)"},
    "study_base_url_bad": {"zh-Hans": "地址须以 http:// 或 https:// 开头，例如 https://survey.example.org。",
                           "zh-Hant": "位址須以 http:// 或 https:// 開頭，例如 https://survey.example.org。",
                           "en": "The address must start with http:// or https://, e.g. https://survey.example.org."},
    "study_wave_share": {"zh-Hans": "分享“{name}”：链接与二维码", "zh-Hant": "分享「{name}」：連結與 QR 碼",
                         "en": "Share “{name}”: link and QR code"},
    "study_qr_download": {"zh-Hans": "下载二维码（SVG）", "zh-Hant": "下載 QR 碼（SVG）", "en": "Download the QR code (SVG)"},
    "study_close_wave": {"zh-Hans": "结束此调查批次（不再接受答卷）", "zh-Hant": "結束此調查批次（不再接受答卷）",
                         "en": "Close this wave (no more responses)"},
    "study_closed_wave": {"zh-Hans": "调查批次“{name}”已结束。", "zh-Hant": "調查批次「{name}」已結束。",
                          "en": "Wave “{name}” closed."},
    "study_new_wave": {"zh-Hans": "新建网页问卷批次", "zh-Hant": "新增網頁問卷批次", "en": "New web-form wave"},
    "study_wave_name": {"zh-Hans": "批次名称（例如 2026 年第一季度）", "zh-Hant": "批次名稱（例如 2026 年第一季）",
                        "en": "Name of the wave (e.g. 2026 Q1)"},
    "study_wave_closes": {"zh-Hans": "截止日期（当天结束时，服务器时间；可不填）",
                          "zh-Hant": "截止日期（當天結束時，伺服器時間；可不填）",
                          "en": "Closing date (end of that day, server time; optional)"},
    "study_wave_has_close": {"zh-Hans": "设置截止日期", "zh-Hant": "設定截止日期", "en": "Set a closing date"},
    "study_wave_quota": {"zh-Hans": "配额（0 = 不限）", "zh-Hant": "配額（0 = 不限）", "en": "Quota (0 = no limit)"},
    "study_wave_per": {"zh-Hans": "每人限答一份的方式", "zh-Hant": "每人限答一份的方式", "en": "One response per"},
    "study_wave_tokens": {"zh-Hans": "专属链接数量（仅用于“每个专属链接一份”）", "zh-Hant": "專屬連結數量（僅用於「每個專屬連結一份」）",
                          "en": "Number of personal links (for “one per personal link” only)"},
    "study_wave_create": {"zh-Hans": "创建调查批次", "zh-Hant": "建立調查批次", "en": "Create the wave"},
    "study_wave_created": {"zh-Hans": "调查批次“{name}”已开放。", "zh-Hant": "調查批次「{name}」已開放。",
                           "en": "Wave “{name}” is open."},
    "study_tokens_download": {"zh-Hans": "下载“{name}”的专属链接（CSV）", "zh-Hant": "下載「{name}」的專屬連結（CSV）",
                              "en": "Download the personal links of “{name}” (CSV)"},
    "study_import": {"zh-Hans": "导入导出文件作为新的调查批次", "zh-Hant": "匯入匯出檔作為新的調查批次",
                     "en": "Import an export as a new wave"},
    "study_import_current": {"zh-Hans": "把左侧上传的“{file}”加入为新的调查批次",
                             "zh-Hant": "將左側上傳的「{file}」加入為新的調查批次",
                             "en": "Add “{file}”, uploaded in the sidebar, as a new wave"},
    "study_import_file": {"zh-Hans": "问卷导出文件（CSV、XLSX、XLS、SAV）", "zh-Hant": "問卷匯出檔（CSV、XLSX、XLS、SAV）",
                          "en": "Survey export (CSV, XLSX, XLS, SAV)"},
    "study_import_button": {"zh-Hans": "导入", "zh-Hant": "匯入", "en": "Import"},
    "study_imported": {"zh-Hans": "“{file}”已导入为调查批次“{name}”：{n} 份答卷。",
                       "zh-Hant": "「{file}」已匯入為調查批次「{name}」：{n} 份答卷。",
                       "en": "“{file}” imported as wave “{name}”: {n} responses."},
    "study_import_help": {"zh-Hans": "文件按研究项目的问卷读取；文件本身及其 SHA-256 保存在数据库中。",
                          "zh-Hant": "檔案依研究專案的問卷讀取；檔案本身及其 SHA-256 儲存在資料庫中。",
                          "en": "The file is read with the study's questionnaire; the file itself and its SHA-256 "
                                "are kept in the database."},
    "study_save": {"zh-Hans": "把这次分析保存到研究项目", "zh-Hant": "將這次分析儲存到研究專案",
                   "en": "Save this analysis in the study"},
    "study_saved": {"zh-Hans": "分析已保存到研究项目（分析编号 {id}）。", "zh-Hant": "分析已儲存到研究專案（分析編號 {id}）。",
                    "en": "Analysis saved in the study (no. {id})."},
    "study_analyses_none": {"zh-Hans": "还没有保存的分析。", "zh-Hant": "還沒有儲存的分析。", "en": "No analysis saved yet."},
    "study_col_id": {"zh-Hans": "编号", "zh-Hant": "編號", "en": "No."},
    "study_col_at": {"zh-Hans": "保存时间（UTC）", "zh-Hant": "儲存時間（UTC）", "en": "Saved (UTC)"},
    "study_col_seed": {"zh-Hans": "随机种子", "zh-Hant": "隨機種子", "en": "Seed"},
    "study_col_method": {"zh-Hans": "建模方法", "zh-Hant": "建模方法", "en": "Method"},
    "study_analysis_download": {"zh-Hans": "下载分析 {id} 的结果（JSON）", "zh-Hant": "下載分析 {id} 的結果（JSON）",
                                "en": "Download the results of analysis {id} (JSON)"},
    # exclude, take back, correct a response (rows of their own, nothing deleted); the study ZIP
    "study_amend": {"zh-Hans": "排除、恢复或更正一份答卷", "zh-Hant": "排除、恢復或更正一份答卷",
                    "en": "Exclude, restore or correct a response"},
    "study_amend_help": {"zh-Hans": "每次操作都单独记录（原因、时间、操作者），原始答卷不会被修改或删除；排除的答卷不进入分析，随时可以恢复。",
                         "zh-Hant": "每次操作都單獨記錄（原因、時間、操作者），原始答卷不會被修改或刪除；排除的答卷不納入分析，隨時可以恢復。",
                         "en": "Each action is recorded on its own (reason, time, who); the response as submitted is "
                               "never changed or deleted. An excluded response is left out of every analysis and can "
                               "be restored at any time."},
    "study_amend_response": {"zh-Hans": "答卷", "zh-Hant": "答卷", "en": "Response"},
    "study_amend_label": {"zh-Hans": "第 {id} 份 · {wave} · {at}", "zh-Hant": "第 {id} 份 · {wave} · {at}",
                          "en": "No. {id} · {wave} · {at}"},
    "study_amend_label_excluded": {"zh-Hans": "第 {id} 份 · {wave} · {at}（已排除）",
                                   "zh-Hant": "第 {id} 份 · {wave} · {at}（已排除）",
                                   "en": "No. {id} · {wave} · {at} (excluded)"},
    "study_amend_action": {"zh-Hans": "操作", "zh-Hant": "操作", "en": "Action"},
    "study_action_exclude": {"zh-Hans": "排除（不进入分析）", "zh-Hant": "排除（不納入分析）",
                             "en": "Exclude from the analyses"},
    "study_action_restore": {"zh-Hans": "撤销排除（恢复）", "zh-Hant": "撤銷排除（恢復）", "en": "Restore (undo the exclusion)"},
    "study_action_correct": {"zh-Hans": "更正一个答案", "zh-Hant": "更正一個答案", "en": "Correct one answer"},
    "study_amend_question": {"zh-Hans": "题目", "zh-Hant": "題目", "en": "Question"},
    "study_amend_value": {"zh-Hans": "更正后的答案", "zh-Hant": "更正後的答案", "en": "Corrected answer"},
    "study_amend_value_help": {"zh-Hans": "数字题填数字；多选题填选项编号，以分号分隔（如 1;3）；留空表示没有答案。",
                               "zh-Hant": "數字題填數字；複選題填選項編號，以分號分隔（如 1;3）；留空表示沒有答案。",
                               "en": "A number for a number question; option codes separated by semicolons for a "
                                     "multiple choice (e.g. 1;3); empty for no answer."},
    "study_amend_none": {"zh-Hans": "（没有答案）", "zh-Hant": "（沒有答案）", "en": "(no answer)"},
    "study_amend_now": {"zh-Hans": "当前答案：{value}", "zh-Hant": "目前答案：{value}", "en": "Answer now: {value}"},
    "study_amend_reason": {"zh-Hans": "原因（必填）", "zh-Hant": "原因（必填）", "en": "Reason (required)"},
    "study_amend_reason_missing": {"zh-Hans": "请填写原因：它会与这次操作一起记录。",
                                   "zh-Hant": "請填寫原因：它會與這次操作一起記錄。",
                                   "en": "Give a reason: it is recorded with the action."},
    "study_amend_go": {"zh-Hans": "记录", "zh-Hant": "記錄", "en": "Record"},
    "study_responses_excluded": {"zh-Hans": "另有 {n} 份已排除的答卷不在表中、也不进入分析（见下方的排除与更正记录）。",
                                 "zh-Hant": "另有 {n} 份已排除的答卷不在表中、也不納入分析（見下方的排除與更正紀錄）。",
                                 "en": "{n} excluded response(s) are not in the table and not in any analysis (see the "
                                       "exclusions and corrections below)."},
    "study_amend_already_excluded": {"zh-Hans": "这份答卷已被排除（原因：{reason}）。如要让它重新进入分析，请选择“撤销排除”。",
                                     "zh-Hant": "這份答卷已被排除（原因：{reason}）。如要讓它重新納入分析，請選擇「撤銷排除」。",
                                     "en": "This response is already excluded (reason: {reason}). To bring it back into "
                                           "the analyses, choose “Restore”."},
    "study_amend_not_excluded": {"zh-Hans": "这份答卷没有被排除，无需恢复。", "zh-Hant": "這份答卷沒有被排除，無需恢復。",
                                 "en": "This response is not excluded: there is nothing to restore."},
    "study_excluded_done": {"zh-Hans": "已排除第 {id} 份答卷（原因：{reason}）。",
                            "zh-Hant": "已排除第 {id} 份答卷（原因：{reason}）。",
                            "en": "Response no. {id} excluded (reason: {reason})."},
    "study_restored_done": {"zh-Hans": "已恢复第 {id} 份答卷（原因：{reason}）。",
                            "zh-Hant": "已恢復第 {id} 份答卷（原因：{reason}）。",
                            "en": "Response no. {id} restored (reason: {reason})."},
    "study_corrected_done": {"zh-Hans": "已更正第 {id} 份答卷的第 {number} 题（原因：{reason}）。",
                             "zh-Hant": "已更正第 {id} 份答卷的第 {number} 題（原因：{reason}）。",
                             "en": "Question {number} of response no. {id} corrected (reason: {reason})."},
    "study_history": {"zh-Hans": "排除与更正记录", "zh-Hant": "排除與更正紀錄", "en": "Exclusions and corrections"},
    "study_history_kind": {"zh-Hans": "操作", "zh-Hant": "操作", "en": "Action"},
    "study_kind_exclusion": {"zh-Hans": "排除", "zh-Hant": "排除", "en": "excluded"},
    "study_kind_restore": {"zh-Hans": "恢复", "zh-Hant": "恢復", "en": "restored"},
    "study_kind_correction": {"zh-Hans": "更正", "zh-Hant": "更正", "en": "corrected"},
    "study_col_response": {"zh-Hans": "答卷编号", "zh-Hant": "答卷編號", "en": "Response no."},
    "study_col_question": {"zh-Hans": "题目", "zh-Hant": "題目", "en": "Question"},
    "study_col_value": {"zh-Hans": "新答案", "zh-Hant": "新答案", "en": "New answer"},
    "study_col_reason": {"zh-Hans": "原因", "zh-Hant": "原因", "en": "Reason"},
    "study_col_by": {"zh-Hans": "操作者（密钥指纹）", "zh-Hant": "操作者（金鑰指紋）", "en": "By (key fingerprint)"},
    "study_col_when": {"zh-Hans": "时间（UTC）", "zh-Hant": "時間（UTC）", "en": "When (UTC)"},
    "study_tab_archive": {"zh-Hans": "导出与导入", "zh-Hant": "匯出與匯入", "en": "Export and import"},
    "study_zip": {"zh-Hans": "下载整个研究项目（ZIP）", "zh-Hant": "下載整個研究專案（ZIP）",
                  "en": "Download the whole study (ZIP)"},
    "study_zip_help": {"zh-Hans": "问卷（所有版本）、全部答卷、排除与更正记录、导入的文件和已保存的分析，可在另一台电脑或另一个数据库中重新导入。不含所有者密钥。",
                       "zh-Hant": "問卷（所有版本）、全部答卷、排除與更正紀錄、匯入的檔案與已儲存的分析，可在另一台電腦或另一個資料庫中重新匯入。不含擁有者金鑰。",
                       "en": "The questionnaire (every version), all responses, the exclusions and corrections, the "
                             "imported files and the saved analyses; it imports again on another computer or into "
                             "another database. The owner key is not in it."},
    "study_zip_prepare": {"zh-Hans": "生成 ZIP 文件（之后可下载）", "zh-Hant": "產生 ZIP 檔案（之後可下載）",
                          "en": "Make the ZIP (then download it)"},
    "study_zip_ready": {"zh-Hans": "已准备好（{n} 份答卷，{at} UTC）。", "zh-Hant": "已準備好（{n} 份答卷，{at} UTC）。",
                        "en": "Ready ({n} responses, {at} UTC)."},
    "study_zip_import": {"zh-Hans": "导入研究项目 ZIP（成为新的研究项目）", "zh-Hant": "匯入研究專案 ZIP（成為新的研究專案）",
                         "en": "Import a study ZIP (as a new study)"},
    "study_zip_import_help": {"zh-Hans": "本工具“下载整个研究项目”得到的 ZIP。导入后是一个新的研究项目，原来的研究项目不受影响。",
                              "zh-Hant": "本工具「下載整個研究專案」取得的 ZIP。匯入後是一個新的研究專案，原來的研究專案不受影響。",
                              "en": "A ZIP made by “Download the whole study”. It becomes a new study; the study it "
                                    "came from is not touched."},
    "study_zip_file": {"zh-Hans": "研究项目 ZIP", "zh-Hant": "研究專案 ZIP", "en": "Study ZIP"},
    "study_zip_owner": {"zh-Hans": "新研究项目的所有者密钥", "zh-Hant": "新研究專案的擁有者金鑰",
                        "en": "Owner key of the new study"},
    "study_zip_owner_new": {"zh-Hans": "新的密钥（只显示一次）", "zh-Hant": "新的金鑰（只顯示一次）",
                            "en": "A new key (shown once)"},
    "study_zip_owner_same": {"zh-Hans": "当前打开的密钥", "zh-Hant": "目前開啟的金鑰", "en": "The key open now"},
    "study_zip_go": {"zh-Hans": "导入", "zh-Hant": "匯入", "en": "Import"},
    "study_zip_imported": {"zh-Hans": "已导入研究项目“{name}”（编号 {id}）：{waves} 个调查批次、{n} 份答卷，并已打开。",
                           "zh-Hant": "已匯入研究專案「{name}」（編號 {id}）：{waves} 個調查批次、{n} 份答卷，並已開啟。",
                           "en": "Study “{name}” (no. {id}) imported and opened: {waves} waves, {n} responses."},
    "study_zip_other_key": {"zh-Hans": "您的其他研究项目仍用原来的密钥打开。", "zh-Hant": "您的其他研究專案仍用原來的金鑰開啟。",
                            "en": "Your other studies still open with their own key."},
    "trend_intro": {"zh-Hans": "每个调查批次的满意度指数、各维度与驱动因素重要性（含置信区间），以及两批次之间的变化检验（先检验测量不变性）。",
                    "zh-Hant": "每個調查批次的滿意度指數、各維度與驅動因素重要性（含信賴區間），以及兩批次之間的變化檢定（先檢定測量不變性）。",
                    "en": "The satisfaction index, each dimension and the drivers' importance per wave with CIs, and "
                          "the test of change between two waves (measurement invariance first)."},
    "trend_waves": {"zh-Hans": "纳入的调查批次", "zh-Hant": "納入的調查批次", "en": "Waves included"},
    "trend_a": {"zh-Hans": "比较：较早的批次（A）", "zh-Hant": "比較：較早的批次（A）", "en": "Compare: earlier wave (A)"},
    "trend_b": {"zh-Hans": "比较：较晚的批次（B）", "zh-Hant": "比較：較晚的批次（B）", "en": "Compare: later wave (B)"},
    "trend_boot": {"zh-Hans": "重要性的自助法重抽样次数", "zh-Hant": "重要性的拔靴法重抽樣次數",
                   "en": "Bootstrap resamples for the importance"},
    "trend_seed": {"zh-Hans": "随机种子", "zh-Hant": "隨機種子", "en": "Random seed"},
    "trend_run": {"zh-Hans": "计算趋势", "zh-Hant": "計算趨勢", "en": "Compute the trend"},
    "trend_running": {"zh-Hans": "正在计算各期趋势……", "zh-Hant": "正在計算各期趨勢……", "en": "Computing the trend…"},
    "trend_need_waves": {"zh-Hans": "至少需要一个有答卷的调查批次。", "zh-Hant": "至少需要一個有答卷的調查批次。",
                         "en": "At least one wave with responses is needed."},
    "trend_same": {"zh-Hans": "请选择两个不同的调查批次进行比较。", "zh-Hant": "請選擇兩個不同的調查批次進行比較。",
                   "en": "Choose two different waves to compare."},
    "trend_one_wave": {"zh-Hans": "只有一个调查批次：没有可比较的变化。", "zh-Hant": "只有一個調查批次：沒有可比較的變化。",
                       "en": "Only one wave: there is no change to test."},
    "trend_stale": {"zh-Hans": "设置或答卷已改变：以下是上次计算的结果，请重新计算。",
                    "zh-Hant": "設定或答卷已改變：以下是上次計算的結果，請重新計算。",
                    "en": "The settings or the responses have changed: below are the last results; compute again."},
    "trend_chart": {"zh-Hans": "趋势图", "zh-Hant": "趨勢圖", "en": "Trend chart"},
    "trend_verdict": {"zh-Hans": "“{a}”与“{b}”两期间的测量不变性：{level}——{verdict}",
                      "zh-Hant": "「{a}」與「{b}」兩期間的測量不變性：{level}——{verdict}",
                      "en": "Measurement invariance across “{a}” and “{b}”: {level} — {verdict}"},
    "trend_warranted": {"zh-Hans": "均值比较有依据", "zh-Hant": "平均數比較有依據", "en": "the mean comparison is warranted"},
    "trend_not_warranted": {"zh-Hans": "均值比较缺乏依据", "zh-Hant": "平均數比較缺乏依據",
                            "en": "the mean comparison is not warranted"},
    "trend_untested": {"zh-Hans": "未检验测量不变性", "zh-Hant": "未檢定測量不變性", "en": "invariance not tested"},
    "study_tab_responses": {"zh-Hans": "收集的答卷", "zh-Hant": "收集的答卷", "en": "Collected responses"},
    "study_responses_latest": {"zh-Hans": "最新的 {k} 份答卷（共 {n} 份），按提交时间由新到旧；表头为题目编号，指向表头可看到题目。",
                               "zh-Hant": "最新的 {k} 份答卷（共 {n} 份），依送出時間由新到舊；標題列為題目編號，指向標題可看到題目。",
                               "en": "The latest {k} of {n} responses, newest first; the headers are the question "
                                     "ids (point at one to see the question)."},
    "study_responses_none": {"zh-Hans": "还没有答卷。", "zh-Hant": "還沒有答卷。", "en": "No responses yet."},
    "study_col_submitted": {"zh-Hans": "提交时间（UTC）", "zh-Hant": "送出時間（UTC）", "en": "Submitted (UTC)"},
    "study_col_duration": {"zh-Hans": "作答时长（秒）", "zh-Hant": "作答時間（秒）", "en": "Duration (s)"},
    "study_col_channel": {"zh-Hans": "来源", "zh-Hant": "來源", "en": "Channel"},
    "study_col_lang": {"zh-Hans": "问卷语言", "zh-Hant": "問卷語言", "en": "Form language"},
    "study_channel_web": {"zh-Hans": "网页问卷", "zh-Hant": "網頁問卷", "en": "web form"},
    "study_channel_import": {"zh-Hans": "导入", "zh-Hant": "匯入", "en": "import"},
    "study_responses_download": {"zh-Hans": "下载全部答卷（CSV）", "zh-Hant": "下載全部答卷（CSV）",
                                 "en": "Download all responses (CSV)"},
    "trend_download": {"zh-Hans": "下载趋势结果（trend.json）", "zh-Hant": "下載趨勢結果（trend.json）",
                       "en": "Download the trend results (trend.json)"},
})
# the evaluation page's third choice: rank the alternatives of an uploaded alternatives × criteria table
TEXT.update({
    "eval_system_alternatives": {"zh-Hans": "方案 × 指标表：对各方案排序（熵权法/CRITIC/AHP + TOPSIS、灰色关联）",
                                 "zh-Hant": "方案 × 指標表：對各方案排序（熵權法/CRITIC/AHP + TOPSIS、灰色關聯）",
                                 "en": "Alternatives × criteria table: rank the alternatives (entropy/CRITIC/AHP + "
                                       "TOPSIS, grey relational)"},
    "alt_intro": {"zh-Hans": "上传一张表：每行一个方案（平台、快递公司、地区、供应商……），每列一个指标，填原始数值（不必换算为 "
                             "0–100 分）。得到各指标的权重、TOPSIS 与灰色关联排序，以及权重变动 ±10% 时排序是否稳定。此表与侧栏中的问卷数据无关。",
                  "zh-Hant": "上傳一張表：每列一個方案（平台、物流業者、地區、供應商……），每欄一個指標，填原始數值（不必換算為 "
                             "0–100 分）。得到各指標的權重、TOPSIS 與灰色關聯排序，以及權重變動 ±10% 時排序是否穩定。此表與側欄中的問卷資料無關。",
                  "en": "Upload a table with one row per alternative (platform, courier, region, supplier …) and one "
                        "column per criterion, raw values (no need to rescale to 0–100). You get the criteria "
                        "weights, the TOPSIS and grey relational rankings, and whether the ranking holds when a "
                        "weight changes by ±10%. This table has nothing to do with the survey data in the sidebar."},
    "alt_file": {"zh-Hans": "方案 × 指标表（CSV 或 Excel）", "zh-Hant": "方案 × 指標表（CSV 或 Excel）",
                 "en": "Alternatives × criteria table (CSV or Excel)"},
    "alt_file_help": {"zh-Hans": "第一行为标题行（指标名称）；可有一列方案名称。GBK、UTF-8 编码的 CSV 和 .xlsx 均可。",
                      "zh-Hant": "第一列為標題列（指標名稱）；可有一欄方案名稱。GBK、UTF-8 編碼的 CSV 和 .xlsx 皆可。",
                      "en": "The first row holds the headers (criteria names); one column may name the alternatives. "
                            "CSV in GBK or UTF-8 and .xlsx are read."},
    "alt_upload_first": {"zh-Hans": "请上传方案 × 指标表。不确定格式时，可先下载示例表看看。",
                         "zh-Hant": "請上傳方案 × 指標表。不確定格式時，可先下載範例表看看。",
                         "en": "Upload the alternatives × criteria table. Unsure of the layout? Download the example "
                               "table first."},
    "alt_example": {"zh-Hans": "下载示例表（CSV）", "zh-Hant": "下載範例表（CSV）", "en": "Download an example table (CSV)"},
    "alt_read": {"zh-Hans": "{file}：{m} 行 × {k} 列。", "zh-Hant": "{file}：{m} 列 × {k} 欄。",
                 "en": "{file}: {m} rows × {k} columns."},
    "alt_step_columns": {"zh-Hans": "2. 方案与指标", "zh-Hant": "2. 方案與指標", "en": "2. Alternatives and criteria"},
    "alt_name": {"zh-Hans": "方案名称所在列", "zh-Hant": "方案名稱所在欄", "en": "Column naming the alternatives"},
    "alt_name_rows": {"zh-Hans": "（无名称列：按行编号）", "zh-Hant": "（無名稱欄：按列編號）",
                      "en": "(none: number the rows)"},
    "alt_criteria": {"zh-Hans": "指标（参与排序的列）", "zh-Hant": "指標（參與排序的欄）",
                     "en": "Criteria (columns to rank on)"},
    "alt_cost": {"zh-Hans": "成本型指标（越小越好，如价格、时长、破损率）", "zh-Hant": "成本型指標（越小越好，如價格、時間、破損率）",
                 "en": "Cost criteria (less is better: price, time, damage rate …)"},
    "alt_cost_help": {"zh-Hans": "未选中的指标按效益型（越大越好）处理。", "zh-Hant": "未選取的指標以效益型（越大越好）處理。",
                      "en": "The criteria not chosen here are benefits (more is better)."},
    "alt_step_weights": {"zh-Hans": "3. 赋权与排序方法", "zh-Hant": "3. 賦權與排序方法", "en": "3. Weights and ranking"},
    "alt_weights": {"zh-Hans": "赋权方法", "zh-Hant": "賦權方法", "en": "Weights"},
    "alt_w_entropy": {"zh-Hans": "熵权法（按方向标准化）", "zh-Hant": "熵權法（按方向標準化）",
                      "en": "Entropy (normalised by direction)"},
    "alt_w_entropy_raw": {"zh-Hans": "熵权法（原始数据）", "zh-Hant": "熵權法（原始資料）", "en": "Entropy (raw values)"},
    "alt_weights_help": {"zh-Hans": "熵权法有两种做法：多数中文文献先按指标方向做极差标准化再计算（按方向标准化）；已发表的英文算例直接"
                                    "用原始数据的比重（原始数据，要求数值 ≥ 0）。两者得到的权重不同，请在论文中写明所用做法。",
                         "zh-Hant": "熵權法有兩種做法：多數中文文獻先按指標方向做極差標準化再計算（按方向標準化）；已發表的英文算例直接"
                                    "用原始資料的比重（原始資料，要求數值 ≥ 0）。兩者得到的權重不同，請在論文中寫明所用做法。",
                         "en": "Entropy weights come in two variants: most Chinese papers min–max normalise each criterion "
                               "by its direction first (normalised by direction); the published English examples use "
                               "the shares of the raw values (raw values, which must be ≥ 0). They give different "
                               "weights: say in the paper which one you used."},
    "alt_w_critic": {"zh-Hans": "CRITIC 法", "zh-Hant": "CRITIC 法", "en": "CRITIC"},
    "alt_w_cv": {"zh-Hans": "变异系数法", "zh-Hant": "變異係數法", "en": "Coefficient of variation"},
    "alt_w_equal": {"zh-Hans": "等权", "zh-Hant": "等權", "en": "Equal weights"},
    "alt_w_ahp": {"zh-Hans": "层次分析法（专家打分表）", "zh-Hant": "層級分析法（專家評分表）",
                  "en": "AHP (experts' workbooks)"},
    "alt_ahp_help": {"zh-Hans": "下载本表指标的空白专家打分表，请专家两两比较各指标后上传（多位专家可同时上传多份）。",
                     "zh-Hant": "下載本表指標的空白專家評分表，請專家兩兩比較各指標後上傳（多位專家可同時上傳多份）。",
                     "en": "Download the blank workbook for these criteria, have the experts compare them pair by pair, "
                           "then upload the workbooks (several experts: several files)."},
    "alt_ahp_needs_books": {"zh-Hans": "层次分析法需要专家打分表：请先上传。", "zh-Hant": "層級分析法需要專家評分表：請先上傳。",
                            "en": "AHP needs the experts' workbooks: upload them first."},
    "alt_rho": {"zh-Hans": "灰色关联分辨系数 ρ", "zh-Hant": "灰色關聯分辨係數 ρ",
                "en": "Grey relational distinguishing coefficient ρ"},
    "alt_running": {"zh-Hans": "正在计算权重与排序…", "zh-Hant": "正在計算權重與排序…",
                    "en": "Computing the weights and rankings…"},
    "alt_results": {"zh-Hans": "结果", "zh-Hant": "結果", "en": "Results"},
    "alt_run_info": {"zh-Hans": "{m} 个方案 × {k} 个指标；赋权方法：{source}；TOPSIS：{norm}；灰色关联 ρ = {rho}。",
                     "zh-Hant": "{m} 個方案 × {k} 個指標；賦權方法：{source}；TOPSIS：{norm}；灰色關聯 ρ = {rho}。",
                     "en": "{m} alternatives × {k} criteria; weights: {source}; TOPSIS: {norm}; grey relational "
                           "ρ = {rho}."},
    "alt_m_top_topsis": {"zh-Hans": "TOPSIS 第一名", "zh-Hant": "TOPSIS 第一名", "en": "TOPSIS first place"},
    "alt_m_top_grey": {"zh-Hans": "灰色关联第一名", "zh-Hant": "灰色關聯第一名", "en": "Grey relational first place"},
    "alt_m_stable": {"zh-Hans": "权重 ±{pct}% 时第一名不变", "zh-Hant": "權重 ±{pct}% 時第一名不變",
                     "en": "First place unchanged under ±{pct}%"},
    "alt_m_stable_value": {"zh-Hans": "{a}/{k} 次", "zh-Hant": "{a}/{k} 次", "en": "{a} of {k}"},
    "alt_tab_weights": {"zh-Hans": "权重", "zh-Hant": "權重", "en": "Weights"},
    "alt_tab_ranking": {"zh-Hans": "排序", "zh-Hant": "排序", "en": "Ranking"},
    "alt_tab_sensitivity": {"zh-Hans": "敏感性", "zh-Hant": "敏感性", "en": "Sensitivity"},
    "alt_tab_data": {"zh-Hans": "原始数据", "zh-Hant": "原始資料", "en": "Data"},
    "alt_fig_topsis": {"zh-Hans": "TOPSIS 贴近度", "zh-Hant": "TOPSIS 貼近度", "en": "TOPSIS closeness"},
    "alt_fig_grey": {"zh-Hans": "灰色关联度", "zh-Hant": "灰色關聯度", "en": "Grey relational grade"},
    "alt_dl_help": {"zh-Hans": "Excel 文件包含全部表格；JSON 文件与命令行 research evaluate 表格 --alternatives 的 results.json "
                               "相同。",
                    "zh-Hant": "Excel 檔案包含全部表格；JSON 檔案與命令列 research evaluate 表格 --alternatives 的 results.json "
                               "相同。",
                    "en": "The Excel file holds every table; the JSON file is the results.json of research evaluate "
                          "TABLE --alternatives."},
    "alt_dl_xlsx": {"zh-Hans": "全部表格（Excel）", "zh-Hant": "全部表格（Excel）", "en": "All tables (Excel)"},
    "alt_dl_json": {"zh-Hans": "排序结果（JSON）", "zh-Hant": "排序結果（JSON）", "en": "Ranking results (JSON)"},
    "alt_dl_csv": {"zh-Hans": "排序表（CSV）", "zh-Hant": "排序表（CSV）", "en": "Ranking table (CSV)"},
})
