"""APA tables of a PLS-SEM run (``results["pls"]``), as Hair, Risher, Sarstedt & Ringle (2019) ask them reported.

Each table is a display table of :mod:`research.tables` (``pls_reliability``, ``pls_loadings``, ``pls_htmt_tests``
…) formatted by :func:`research.report.apa.display`, with the columns a paper prints (names, not codes, for the
constructs; item codes for the indicators), a bootstrap interval in one "95% CI" cell, and a note with the
thresholds and their sources.  :func:`research.report.tables.report_tables` uses them in place of the CB-SEM
tables when the user chose PLS-SEM.
"""
from __future__ import annotations

from .. import tables as T
from . import apa
from .tables import Table, _note, _w

TITLES = {
    "pls_reliability": {"en": "Internal Consistency Reliability and Convergent Validity (PLS-SEM)",
                        "zh-Hans": "内部一致性信度与收敛效度（PLS-SEM）", "zh-Hant": "內部一致性信度與收斂效度（PLS-SEM）"},
    "pls_loadings": {"en": "Outer Loadings, Weights and Collinearity of the Indicators",
                     "zh-Hans": "指标的外部载荷、权重与共线性", "zh-Hant": "指標的外部負荷量、權重與共線性"},
    "pls_htmt": {"en": "Heterotrait–Monotrait Ratios (HTMT)", "zh-Hans": "异质–单质比率（HTMT）",
                 "zh-Hant": "異質–單質比率（HTMT）"},
    "pls_htmt_tests": {"en": "Bootstrap Tests of the HTMT Ratios", "zh-Hans": "HTMT 的自助法检验",
                       "zh-Hant": "HTMT 的拔靴法檢定"},
    "pls_fornell_larcker": {"en": "Fornell–Larcker Criterion", "zh-Hans": "Fornell–Larcker 准则",
                            "zh-Hant": "Fornell–Larcker 準則"},
    "pls_paths": {"en": "Structural Model: Path Coefficients and Effect Sizes", "zh-Hans": "结构模型：路径系数与效应量",
                  "zh-Hant": "結構模型：路徑係數與效果量"},
    "pls_effects": {"en": "Indirect and Total Effects", "zh-Hans": "间接效应与总效应", "zh-Hant": "間接效果與總效果"},
    "pls_r2": {"en": "Explanatory Power and Predictive Relevance", "zh-Hans": "解释力与预测相关性",
               "zh-Hant": "解釋力與預測相關性"},
    "pls_predict": {"en": "PLSpredict: Out-of-Sample Prediction of the Indicators", "zh-Hans": "PLSpredict：指标的样本外预测",
                    "zh-Hant": "PLSpredict：指標的樣本外預測"},
    "pls_predict_summary": {"en": "Predictive Power (PLSpredict)", "zh-Hans": "预测能力（PLSpredict）",
                            "zh-Hant": "預測能力（PLSpredict）"},
    "pls_cvpat": {"en": "Cross-Validated Predictive Ability Test (CVPAT)", "zh-Hans": "交叉验证预测能力检验（CVPAT）",
                  "zh-Hant": "交叉驗證預測能力檢定（CVPAT）"},
    "pls_model_fit": {"en": "Approximate Model Fit (PLS-SEM)", "zh-Hans": "近似模型拟合（PLS-SEM）",
                      "zh-Hant": "近似模型配適（PLS-SEM）"},
    "pls_ipma": {"en": "Importance–Performance Map Analysis (IPMA) of {target}",
                 "zh-Hans": "{target} 的重要性–绩效矩阵分析（IPMA）",
                 "zh-Hant": "{target} 的重要性–績效矩陣分析（IPMA）"},
    "pls_micom": {"en": "Measurement Invariance of Composites (MICOM) Across {group}",
                  "zh-Hans": "按 {group} 分组的复合模型测量不变性（MICOM）", "zh-Hant": "依 {group} 分組的複合模型測量不變性（MICOM）"},
    "pls_mga": {"en": "Multigroup Analysis of the Paths Across {group}", "zh-Hans": "按 {group} 分组的路径多群组分析",
                "zh-Hant": "依 {group} 分組的路徑多組別分析"},
}
NOTES = {
    "pls_reliability": {
        "en": "k = number of indicators; α = Cronbach's alpha; ρA = Dijkstra–Henseler rho (Dijkstra & Henseler, 2015); "
              "ρC = composite reliability; AVE = average variance extracted. Reliability .70–.95 (.60–.70 in "
              "exploratory research; ≥ .95 points to redundant indicators), AVE ≥ .50 (Hair et al., 2019).",
        "zh-Hans": "k 为指标数；α 为 Cronbach's α；ρA 为 Dijkstra–Henseler ρ（Dijkstra & Henseler, 2015）；ρC 为组合信度；"
                   "AVE 为平均方差抽取量。信度标准为 .70–.95（探索性研究中 .60–.70 亦可；≥ .95 提示指标冗余），AVE ≥ .50"
                   "（Hair et al., 2019）。",
        "zh-Hant": "k 為指標數；α 為 Cronbach's α；ρA 為 Dijkstra–Henseler ρ（Dijkstra & Henseler, 2015）；ρC 為組成信度；"
                   "AVE 為平均變異抽取量。信度標準為 .70–.95（探索性研究中 .60–.70 亦可；≥ .95 表示指標冗餘），AVE ≥ .50"
                   "（Hair et al., 2019）。"},
    "pls_loadings": {
        "en": "λ = outer loading (≥ .708; Hair et al., 2019), λ² = indicator reliability, w = outer weight; VIF of the "
              "indicators within their construct (formative: < 3 ideally, ≥ 5 critical); t, p and 95% CI of the "
              "loading (of the weight for formative constructs) from the bootstrap.",
        "zh-Hans": "λ 为外部载荷（≥ .708；Hair et al., 2019），λ² 为指标信度，w 为外部权重；VIF 为指标在其构念内的共线性"
                   "（形成性构念理想 < 3，≥ 5 严重）；t、p 与 95% CI 来自自助法（形成性构念为权重的检验）。",
        "zh-Hant": "λ 為外部負荷量（≥ .708；Hair et al., 2019），λ² 為指標信度，w 為外部權重；VIF 為指標在其構念內的共線性"
                   "（形成性構念理想 < 3，≥ 5 嚴重）；t、p 與 95% CI 來自拔靴法（形成性構念為權重的檢定）。"},
    "pls_htmt": {
        "en": "HTMT below .85 (conceptually distinct constructs) or .90 (conceptually similar constructs) supports "
              "discriminant validity (Henseler et al., 2015).",
        "zh-Hans": "HTMT 低于 .85（概念上相异的构念）或 .90（概念相近的构念）表示具有区分效度（Henseler et al., 2015）。",
        "zh-Hant": "HTMT 低於 .85（概念上相異的構念）或 .90（概念相近的構念）表示具有區別效度（Henseler et al., 2015）。"},
    "pls_fornell_larcker": {
        "en": "On the diagonal √AVE, below it the construct correlations; reported for completeness, as the criterion "
              "detects a lack of discriminant validity poorly (Fornell & Larcker, 1981; Henseler et al., 2015).",
        "zh-Hans": "对角线为 √AVE，其下为构念间相关系数；该准则难以识别区分效度不足，仅列出以供参考（Fornell & Larcker, 1981；"
                   "Henseler et al., 2015）。",
        "zh-Hant": "對角線為 √AVE，其下為構念間相關係數；該準則難以辨識區別效度不足，僅列出以供參考（Fornell & Larcker, 1981；"
                   "Henseler et al., 2015）。"},
    "pls_paths": {
        "en": "β = path coefficient with its bootstrap t, p and 95% CI; f² ≥ 0.02 small, ≥ 0.15 medium, ≥ 0.35 large "
              "(Cohen, 1988); VIF of the predictors (< 3 ideally; Hair et al., 2019).",
        "zh-Hans": "β 为路径系数，附自助法 t、p 与 95% CI；f² ≥ 0.02 为小，≥ 0.15 为中，≥ 0.35 为大（Cohen, 1988）；VIF 为预测构念的"
                   "共线性（理想 < 3；Hair et al., 2019）。",
        "zh-Hant": "β 為路徑係數，附拔靴法 t、p 與 95% CI；f² ≥ 0.02 為小，≥ 0.15 為中，≥ 0.35 為大（Cohen, 1988）；VIF 為預測構念的"
                   "共線性（理想 < 3；Hair et al., 2019）。"},
    "pls_effects": {
        "en": "Specific indirect effects (products of the paths along a chain), total indirect and total effects with "
              "their bootstrap t, p and 95% CI (Zhao et al., 2010; Nitzl et al., 2016).",
        "zh-Hans": "特定间接效应（路径系数沿链条的乘积）、总间接效应与总效应，附自助法 t、p 与 95% CI（Zhao et al., 2010；"
                   "Nitzl et al., 2016）。",
        "zh-Hant": "特定間接效果（路徑係數沿鏈條的乘積）、總間接效果與總效果，附拔靴法 t、p 與 95% CI（Zhao et al., 2010；"
                   "Nitzl et al., 2016）。"},
    "pls_r2": {
        "en": "R² ≥ .75 substantial, ≥ .50 moderate, ≥ .25 weak; blindfolding Q² > 0 small, ≥ .25 medium, ≥ .50 "
              "large predictive relevance (Hair et al., 2019).",
        "zh-Hans": "R² ≥ .75 为强，≥ .50 为中等，≥ .25 为弱；遮蔽法 Q² > 0 为小，≥ .25 为中，≥ .50 为大的预测相关性"
                   "（Hair et al., 2019）。",
        "zh-Hant": "R² ≥ .75 為強，≥ .50 為中等，≥ .25 為弱；遮蔽法 Q² > 0 為小，≥ .25 為中，≥ .50 為大的預測相關性"
                   "（Hair et al., 2019）。"},
    "pls_predict": {
        "en": "Q²predict > 0: PLS-SEM predicts better than the indicator means; RMSE and MAE of PLS-SEM against the "
              "linear model benchmark (LM), on the items' scale (Shmueli et al., 2019).",
        "zh-Hans": "Q²predict > 0 表示 PLS-SEM 的预测优于指标均值；RMSE 与 MAE 为 PLS-SEM 与线性模型基准（LM）在题目量尺上的"
                   "预测误差（Shmueli et al., 2019）。",
        "zh-Hant": "Q²predict > 0 表示 PLS-SEM 的預測優於指標平均數；RMSE 與 MAE 為 PLS-SEM 與線性模型基準（LM）在題目量尺上的"
                   "預測誤差（Shmueli et al., 2019）。"},
    "pls_predict_summary": {
        "en": "Predictive power: all indicators with Q²predict > 0 and a lower RMSE with PLS-SEM than with LM high, "
              "the majority medium, a minority low, none: the model lacks predictive power (Shmueli et al., 2019).",
        "zh-Hans": "预测能力：全部指标 Q²predict > 0 且 PLS-SEM 的 RMSE 低于 LM 为高，多数为中，少数为低，没有则缺乏预测能力"
                   "（Shmueli et al., 2019）。",
        "zh-Hant": "預測能力：全部指標 Q²predict > 0 且 PLS-SEM 的 RMSE 低於 LM 為高，多數為中，少數為低，沒有則缺乏預測能力"
                   "（Shmueli et al., 2019）。"},
    "pls_cvpat": {
        "en": "Average loss (squared prediction error) of PLS-SEM and of the benchmark; difference = PLS − "
              "benchmark, tested by a paired t test (Liengaard et al., 2021).",
        "zh-Hans": "PLS-SEM 与基准模型的平均损失（预测误差的平方）；差值 = PLS − 基准，以配对 t 检验检定（Liengaard et al., 2021）。",
        "zh-Hant": "PLS-SEM 與基準模型的平均損失（預測誤差的平方）；差值 = PLS − 基準，以配對 t 檢定比較（Liengaard et al., 2021）。"},
    "pls_model_fit": {
        "en": "SRMR < .08 as an approximate fit (Henseler et al., 2014); fit measures are to be read with caution in "
              "PLS-SEM (Hair et al., 2019).",
        "zh-Hans": "SRMR < .08 为近似拟合标准（Henseler et al., 2014）；PLS-SEM 的拟合指标宜谨慎解读（Hair et al., 2019）。",
        "zh-Hant": "SRMR < .08 為近似配適標準（Henseler et al., 2014）；PLS-SEM 的配適指標宜審慎解讀（Hair et al., 2019）。"},
    "pls_ipma": {
        "en": "Importance = unstandardized total effect on the target; performance = construct score rescaled to "
              "0–100 (Ringle & Sarstedt, 2016).",
        "zh-Hans": "重要性为对目标构念的非标准化总效应；绩效为换算为 0–100 的构念得分（Ringle & Sarstedt, 2016）。",
        "zh-Hant": "重要性為對目標構念的非標準化總效果；績效為換算為 0–100 的構念分數（Ringle & Sarstedt, 2016）。"},
    "pls_micom": {
        "en": "Step 2: compositional invariance when c is not below the 5% quantile of its permutation distribution; "
              "step 3: equal means and variances when the difference lies within the permutation 95% interval "
              "(Henseler et al., 2016).",
        "zh-Hans": "步骤 2：c 不低于其置换分布的 5% 分位数即具组合不变性；步骤 3：差值落在置换 95% 区间内即均值、方差相等"
                   "（Henseler et al., 2016）。",
        "zh-Hant": "步驟 2：c 不低於其排列分配的 5% 分位數即具組合不變性；步驟 3：差值落在排列 95% 區間內即平均數、變異數相等"
                   "（Henseler et al., 2016）。"},
}
CI = {"en": "95% CI", "zh-Hans": "95% CI", "zh-Hant": "95% CI"}
# the permutation intervals of MICOM step 3, one column each
# a table with two intervals names each
NAMED_CI = {"loading_ci_lower": {"en": "Loading 95% CI", "zh-Hans": "载荷 95% CI", "zh-Hant": "負荷量 95% CI"},
            "weight_ci_lower": {"en": "Weight 95% CI", "zh-Hans": "权重 95% CI", "zh-Hant": "權重 95% CI"}}
PERMUTATION_CI = {"mean_ci_lower": {"en": "Means: permutation 95% interval", "zh-Hans": "均值差的置换 95% 区间",
                                    "zh-Hant": "平均數差異的排列 95% 區間"},
                  "var_ci_lower": {"en": "Variances: permutation 95% interval", "zh-Hans": "对数方差差的置换 95% 区间",
                                   "zh-Hant": "對數變異數差異的排列 95% 區間"}}
SUPPORTED = {True: {"en": "Yes", "zh-Hans": "支持", "zh-Hant": "支持"},
             False: {"en": "No", "zh-Hans": "不支持", "zh-Hant": "不支持"}}
# columns the display tables show with a leading zero that are bounded by 1 (HTMT and its bounds)
BOUNDED = ("htmt", "mean", "ci_lower", "ci_upper", "upper_bound")


def _h(key: str, lang: str) -> str:
    return T.HEAD[key][lang]


def _table(key: str, frame, lang: str, keep: list, *, cis=(), unit=(), title: str | None = None,
           notes=(), extra=None) -> Table | None:
    """A report table from a display table of research.tables: the columns of ``keep`` (HEAD keys, or headers as
    they are) that the frame has, each (lower, upper) pair of ``cis`` in one "[a, b]" cell, the columns of
    ``unit`` without the leading zero; ``extra(out_rows, frame)`` may add columns."""
    if frame is None or not len(frame):
        return None
    frame = frame.copy()
    formats = dict(frame.attrs.get("formats") or {})
    for k in unit:
        col = _h(k, lang) if k in T.HEAD else k
        if col in frame.columns:
            formats[col] = "unit3"
    frame.attrs["formats"] = formats
    shown = apa.display(frame, lang)
    columns = []
    merged, labels = {}, {}
    for lo, hi in cis:
        a, b = _h(lo, lang), _h(hi, lang)
        if a in shown.columns and b in shown.columns:
            merged[a] = [("—" if x == "—" and y == "—" else f"[{x}, {y}]") for x, y in zip(shown[a], shown[b])]
            merged[b] = None
            labels[a] = PERMUTATION_CI[lo][lang] if lo in PERMUTATION_CI else CI[lang]
    if len(labels) > 1:
        labels = {a: NAMED_CI[lo][lang] if lo in NAMED_CI else labels[a]
                  for (lo, _), a in ((pair, _h(pair[0], lang)) for pair in cis) if a in labels}
    for k in keep:
        col = _h(k, lang) if k in T.HEAD else k
        if col not in shown.columns or col in columns:
            continue
        if merged.get(col, ...) is None:
            continue
        columns.append(col)
    rows = []
    for i in range(len(shown)):
        rows.append([merged[col][i] if col in merged else str(shown.iloc[i][col]) for col in columns])
    heads = [labels[col] if col in merged else col for col in columns]
    if extra is not None:
        heads, rows = extra(heads, rows)
    note_parts = [frame.attrs.get("note") or "", *notes]
    note_parts = [p if p.endswith((".", "。")) or not p else p + ("." if lang == "en" else "。") for p in note_parts]
    return Table(key, title or TITLES[key][lang], heads, rows, _note(lang, _w("note", lang), *note_parts))


def _drop_empty(heads: list, rows: list, keys=()) -> tuple[list, list]:
    """Leave out the columns whose every cell is empty (a notes column without a note)."""
    keep = [j for j, h in enumerate(heads) if any(str(r[j]).strip() for r in rows)]
    return [heads[j] for j in keep], [[r[j] for j in keep] for r in rows]


def _with_names(d: dict, names: dict | None, lang: str) -> dict:
    """The results with ``names`` (id → name in ``lang``) as their construct labels, for research.tables."""
    if not names:
        return d
    labels = dict(d.get("labels") or {})
    constructs = dict(labels.get("constructs") or {})
    constructs.update({k: {lang: v} for k, v in names.items()})
    return {**d, "labels": {**labels, "constructs": constructs}}


def pls_report_tables(d: dict, lang: str, names: dict | None = None) -> list[Table]:
    """The PLS-SEM tables in report order (unnumbered): reliability, indicators, HTMT (matrix and bootstrap tests),
    Fornell–Larcker, paths, effects, R²/Q², PLSpredict, CVPAT, model fit, IPMA, MICOM, MGA."""
    from .pls_text import pls_hypotheses

    d = _with_names(d, names, lang)
    pls = d.get("pls") or {}
    labelled = T.has_labels(d)
    out = []
    note = NOTES

    def one_value(heads, rows):
        """Leave out a column that holds the same text in every row (the mode of an all-reflective model)."""
        j = heads.index(_h("mode", lang)) if _h("mode", lang) in heads else None
        if j is not None and len({r[j] for r in rows}) == 1:
            heads = heads[:j] + heads[j + 1:]
            rows = [r[:j] + r[j + 1:] for r in rows]
        return _drop_empty(heads, rows)
    out.append(_table("pls_reliability", T.pls_reliability(d, lang), lang,
                      ["construct", "mode", "items", "alpha", "rho_a", "rho_c", "ave", "verdict", "notes"],
                      notes=[note["pls_reliability"][lang]], extra=one_value))
    formative = any(b.get("mode") == "B" for b in pls.get("constructs") or [] if isinstance(b, dict))
    boot_w = ["outer_weight", "weight_t", "weight_p", "weight_ci_lower"] if formative else []
    out.append(_table("pls_loadings", T.pls_loadings(d, lang), lang,
                      ["construct", "code" if labelled else "item", "outer_loading", "indicator_reliability",
                       *(["outer_weight"] if formative else []), "vif", "loading_t", "loading_p", "loading_ci_lower",
                       *boot_w[1:], "verdict", "notes"],
                      cis=[("loading_ci_lower", "loading_ci_upper"), ("weight_ci_lower", "weight_ci_upper")],
                      notes=[note["pls_loadings"][lang]], extra=_drop_empty))
    out.append(_table("pls_htmt", T.pls_htmt(d, lang), lang, [*_matrix_columns(T.pls_htmt(d, lang), lang)],
                      unit=_matrix_columns(T.pls_htmt(d, lang), lang)[1:], notes=[note["pls_htmt"][lang]]))
    out.append(_table("pls_htmt_tests", T.pls_htmt_tests(d, lang), lang,
                      ["construct_pair", "htmt", "ci_lower", "upper_bound", "p85", "p90", "verdict"],
                      cis=[("ci_lower", "ci_upper")], unit=BOUNDED))
    out.append(_table("pls_fornell_larcker", T.pls_fornell_larcker(d, lang), lang,
                      [*_matrix_columns(T.pls_fornell_larcker(d, lang), lang)],
                      notes=[note["pls_fornell_larcker"][lang]]))
    hyps = {(h["from"], h["to"]): h for h in pls_hypotheses(d) if h["kind"] == "direct"}
    codes = [(str(r.get("rhs")), str(r.get("lhs"))) for r in pls.get("paths") or [] if isinstance(r, dict)]

    def hypotheses(heads, rows):
        """The hypothesis id before its path and whether it is supported (sign and CI) in a last column."""
        if not hyps:
            return heads, rows
        new_rows = []
        for row, key in zip(rows, codes):
            h = hyps.get(key)
            label = f"{h['id']}: {row[0]}" if h and h.get("id") else row[0]
            verdict = "" if not h or h["supported"] is None else SUPPORTED[bool(h["supported"])][lang]
            new_rows.append([label, *row[1:], verdict])
        return [*heads, _w("supported", lang)], new_rows
    out.append(_table("pls_paths", T.pls_paths(d, lang), lang,
                      ["path", "beta", "t", "p", "ci_lower", "f2", "f2_size", "vif", "significant"],
                      cis=[("ci_lower", "ci_upper")], notes=[note["pls_paths"][lang]], extra=hypotheses))
    out.append(_table("pls_effects", T.pls_effects(d, lang), lang,
                      ["path", "type", "beta", "t", "p", "ci_lower", "significant"], cis=[("ci_lower", "ci_upper")],
                      notes=[note["pls_effects"][lang]]))
    out.append(_table("pls_r2", T.pls_r2(d, lang), lang, ["construct", "r2", "r2_adj", "r2_size", "q2", "q2_size"],
                      notes=[note["pls_r2"][lang]]))
    out.append(_table("pls_predict", T.pls_predict(d, lang), lang,
                      ["construct", "code" if labelled else "item", "q2_predict", "pls_rmse", "lm_rmse",
                       "pls_below_lm_rmse", "pls_mae", "lm_mae", "pls_below_lm_mae"], unit=("q2_predict",),
                      notes=[note["pls_predict"][lang]]))
    out.append(_table("pls_predict_summary", T.pls_predict_summary(d, lang), lang,
                      ["construct", "indicators", "q2_positive", "pls_wins", "predictive_power"],
                      notes=[note["pls_predict_summary"][lang]]))
    out.append(_table("pls_cvpat", T.pls_cvpat(d, lang), lang,
                      ["benchmark", "construct", "loss_pls", "loss_benchmark", "difference", "t", "df", "p",
                       "pls_better"], notes=[note["pls_cvpat"][lang]]))
    out.append(_table("pls_model_fit", T.pls_model_fit(d, lang), lang,
                      ["measure", "saturated", "estimated", "threshold", "verdict"],
                      notes=[note["pls_model_fit"][lang]],
                      extra=_drop_empty))
    ip = pls.get("ipma") if isinstance(pls.get("ipma"), dict) else {}
    out.append(_table("pls_ipma", T.pls_ipma(d, lang), lang,
                      ["driver", "importance", "performance_100", "quadrant", "priority"],
                      title=TITLES["pls_ipma"][lang].format(target=T.name(d, ip.get("target"), lang)),
                      notes=[note["pls_ipma"][lang]]))
    group = (pls.get("micom") or pls.get("mga") or {}).get("column") if isinstance(pls.get("micom") or pls.get("mga"),
                                                                                  dict) else None
    out.append(_table("pls_micom", T.pls_micom(d, lang), lang,
                      ["groups", "construct", "c", "c_q05", "c_p", "compositional", "mean_diff", "mean_ci_lower",
                       "equal_mean", "var_diff", "var_ci_lower", "equal_var", "invariance"],
                      cis=[("mean_ci_lower", "mean_ci_upper"), ("var_ci_lower", "var_ci_upper")],
                      title=TITLES["pls_micom"][lang].format(group=group), notes=[note["pls_micom"][lang]]))
    out.append(_table("pls_mga", T.pls_mga(d, lang), lang,
                      ["groups", "path", "beta_1", "beta_2", "beta_diff", "p_perm", "p_mga", "differs"],
                      title=TITLES["pls_mga"][lang].format(group=group)))
    return [t for t in out if t is not None]


def _matrix_columns(frame, lang: str) -> list:
    """The construct column and the constructs' columns of a matrix table (its code column left out)."""
    if frame is None or not len(frame):
        return []
    return [c for c in frame.columns if c != _h("code", lang)]
