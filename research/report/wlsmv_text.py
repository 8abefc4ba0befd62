"""The report's sentences for a CB-SEM run with ordered items (WLSMV/ULSMV; issue 19 points 2, 3 and 6).

Read from results.json's ``estimation`` block (written by :func:`research.analyze` for WLSMV/ULSMV only):

* :func:`estimator_text` — how the models were estimated, for the sample paragraph: "WLSMV (diagonally weighted
  least squares with robust standard errors and a mean- and variance-adjusted χ²; Muthén, du Toit & Spisic,
  1997) using polychoric correlations (delta parameterization)", and the pairwise-deletion sentence (N per pair);
* :func:`fit_note` — which statistics the fit sentence gives, by lavaan's names (chisq.scaled, df.scaled,
  pvalue.scaled, cfi.robust, tli.robust, rmsea.robust; the robust indices of Savalei 2021);
* :func:`paragraphs` — for the method section: the reliability coefficients used instead of the continuous ones
  (ordinal α, Zumbo, Gadermann & Zeisser 2007; categorical ω, Green & Yang 2009; CR/AVE from the WLSMV
  standardized loadings), HTMT on the polychoric correlations, the effects' intervals, the local-fit diagnostics
  (modification indices and standardized residuals of the DWLS/ULS fit) and what was left out because it is
  defined for ML only (Mardia's test, the method-factor comparisons), with the invariance steps of Wu & Estabrook
  (2016) when segments were compared;
* :func:`references` — the APA 7 entries of the works cited.

Every text is written in zh-Hans, zh-Hant (Taiwan terms) and en.
"""
from __future__ import annotations

from ..sem.fit import ORDINAL_CHOICES
from . import apa

REFERENCES = {
    "Muthén, du Toit & Spisic, 1997": "Muthén, B., du Toit, S. H. C., & Spisic, D. (1997). Robust inference using "
                                      "weighted least squares and quadratic estimating equations in latent variable "
                                      "modeling with categorical and continuous outcomes [Unpublished technical "
                                      "report]. University of California, Los Angeles.",
    "Savalei, 2021": "Savalei, V. (2021). Improving fit indices in structural equation modeling with categorical "
                     "data. Multivariate Behavioral Research, 56(3), 390–407. "
                     "https://doi.org/10.1080/00273171.2020.1717922",
    "Zumbo, Gadermann & Zeisser, 2007": "Zumbo, B. D., Gadermann, A. M., & Zeisser, C. (2007). Ordinal versions of "
                                        "coefficients alpha and theta for Likert rating scales. Journal of Modern "
                                        "Applied Statistical Methods, 6(1), 21–29. "
                                        "https://doi.org/10.22237/jmasm/1177992180",
    "Green & Yang, 2009": "Green, S. B., & Yang, Y. (2009). Reliability of summed item scores using structural "
                          "equation modeling: An alternative to coefficient alpha. Psychometrika, 74(1), 155–167. "
                          "https://doi.org/10.1007/s11336-008-9099-3",
    "Chalmers, 2018": "Chalmers, R. P. (2018). On misconceptions and the limited usefulness of ordinal alpha. "
                      "Educational and Psychological Measurement, 78(6), 1056–1071. "
                      "https://doi.org/10.1177/0013164417727036",
    "Wu & Estabrook, 2016": "Wu, H., & Estabrook, R. (2016). Identification of confirmatory factor analysis models "
                            "of different levels of invariance for ordered categorical outcomes. Psychometrika, "
                            "81(4), 1014–1045. https://doi.org/10.1007/s11336-016-9506-0",
    "Rosseel, 2012": "Rosseel, Y. (2012). lavaan: An R package for structural equation modeling. Journal of "
                     "Statistical Software, 48(2), 1–36. https://doi.org/10.18637/jss.v048.i02",
}

_T = {
    "WLSMV": {"en": "WLSMV (diagonally weighted least squares with robust standard errors and a mean- and "
                    "variance-adjusted χ²; Muthén, du Toit & Spisic, 1997) using polychoric correlations ({param} "
                    "parameterization)",
              "zh-Hans": " WLSMV（对角加权最小二乘法，稳健标准误与均值和方差校正的 χ²；Muthén, du Toit & Spisic, 1997），"
                         "基于多分格相关，采用 {param} 参数化",
              "zh-Hant": " WLSMV（對角加權最小平方法，穩健標準誤與平均數和變異數校正的 χ²；Muthén, du Toit & Spisic, "
                         "1997），基於多分格相關，採用 {param} 參數化"},
    "ULSMV": {"en": "ULSMV (unweighted least squares with robust standard errors and a mean- and variance-adjusted "
                    "χ²; Muthén, du Toit & Spisic, 1997) using polychoric correlations ({param} parameterization)",
              "zh-Hans": " ULSMV（未加权最小二乘法，稳健标准误与均值和方差校正的 χ²；Muthén, du Toit & Spisic, 1997），"
                         "基于多分格相关，采用 {param} 参数化",
              "zh-Hant": " ULSMV（未加權最小平方法，穩健標準誤與平均數和變異數校正的 χ²；Muthén, du Toit & Spisic, "
                         "1997），基於多分格相關，採用 {param} 參數化"},
    "ordered": {"en": " The {k} items were treated as ordered categories{cont}.",
                "zh-Hans": "{k} 个题目按有序类别处理{cont}。",
                "zh-Hant": "{k} 個題目依有序類別處理{cont}。"},
    "cont": {"en": "; {list} entered as continuous variables (polyserial correlations)",
             "zh-Hans": "；{list} 作为连续变量纳入（多系列相关）",
             "zh-Hant": "；{list} 作為連續變項納入（多系列相關）"},
    "pairwise": {"en": "{Models} estimated by {est}, with pairwise deletion as lavaan does (Rosseel, 2012): each "
                       "threshold from the responses answering the item, each correlation from those answering both "
                       "items, so N per pair varied from {lo} to {hi}.",
                 "zh-Hans": "{models}采用{est}估计，并按 lavaan 的方式成对删除缺失值（Rosseel, 2012）：每个阈值使用作答该题的样本，"
                            "每个相关系数使用两题都作答的样本，因此各题目对的样本量在 {lo} 至 {hi} 之间。",
                 "zh-Hant": "{models}採用{est}估計，並依 lavaan 的方式成對刪除遺漏值（Rosseel, 2012）：每個閾值使用作答該題的樣本，"
                            "每個相關係數使用兩題都作答的樣本，因此各題目對的樣本數在 {lo} 至 {hi} 之間。"},
    "fit": {"en": " ({est}: chisq.scaled, df.scaled and pvalue.scaled, the scaled-shifted χ²; cfi.robust, tli.robust "
                  "and rmsea.robust, as lavaan names them, Savalei, 2021)",
            "zh-Hans": "（{est}：chisq.scaled、df.scaled 与 pvalue.scaled 为均值和方差校正的 χ²；cfi.robust、tli.robust 与 "
                       "rmsea.robust 为稳健指数，名称同 lavaan，Savalei, 2021）",
            "zh-Hant": "（{est}：chisq.scaled、df.scaled 與 pvalue.scaled 為平均數和變異數校正的 χ²；cfi.robust、tli.robust 與 "
                       "rmsea.robust 為穩健指標，名稱同 lavaan，Savalei, 2021）"},
    "reliability": {"en": "Because the items were analysed as ordered categories, reliability is reported as ordinal "
                          "α (Cronbach's α of the polychoric correlations; Zumbo, Gadermann & Zeisser, 2007) and "
                          "categorical ω, the reliability of the summed item score (Green & Yang, 2009), beside "
                          "Cronbach's α of the answers; CR and AVE were computed from the {est} standardized "
                          "loadings. Ordinal α describes the latent responses rather than the score, so the verdicts "
                          "rest on categorical ω, CR and AVE (Chalmers, 2018).",
                    "zh-Hans": "由于题目按有序类别分析，信度报告有序 α（多分格相关矩阵上的 Cronbach α；Zumbo, Gadermann & "
                               "Zeisser, 2007）与类别 ω（题目总分的信度；Green & Yang, 2009），并列出作答的 Cronbach α；"
                               "CR 与 AVE 由 {est} 标准化载荷计算。有序 α 描述的是潜在反应而非得分，因此判定以类别 ω、CR 与 AVE "
                               "为准（Chalmers, 2018）。",
                    "zh-Hant": "由於題目依有序類別分析，信度報告有序 α（多分格相關矩陣上的 Cronbach α；Zumbo, Gadermann & "
                               "Zeisser, 2007）與類別 ω（題目總分的信度；Green & Yang, 2009），並列出作答的 Cronbach α；"
                               "CR 與 AVE 由 {est} 標準化負荷量計算。有序 α 描述的是潛在反應而非分數，因此判定以類別 ω、CR 與 AVE "
                               "為準（Chalmers, 2018）。"},
    "rel_ranges": {"en": "Ordinal α ranged from {a_lo} ({a_lo_c}) to {a_hi} ({a_hi_c}) and categorical ω from {w_lo} "
                         "({w_lo_c}) to {w_hi} ({w_hi_c}); categorical ω, CR and AVE decide the verdicts (Chalmers, "
                         "2018).",
                   "zh-Hans": "有序 α 介于 {a_lo}（{a_lo_c}）与 {a_hi}（{a_hi_c}）之间，类别 ω 介于 {w_lo}（{w_lo_c}）与 {w_hi}"
                              "（{w_hi_c}）之间；判定以类别 ω、CR 与 AVE 为准（Chalmers, 2018）。",
                   "zh-Hant": "有序 α 介於 {a_lo}（{a_lo_c}）與 {a_hi}（{a_hi_c}）之間，類別 ω 介於 {w_lo}（{w_lo_c}）與 {w_hi}"
                              "（{w_hi_c}）之間；判定以類別 ω、CR 與 AVE 為準（Chalmers, 2018）。"},
    "htmt": {"en": " HTMT was computed on the same polychoric correlations.",
             "zh-Hans": "HTMT 同样基于多分格相关计算。",
             "zh-Hant": "HTMT 同樣基於多分格相關計算。"},
    "effects_boot": {"en": " Indirect and total effects carry percentile-type bootstrap intervals of {b} resamples of "
                           "the responses, each refitted by {est} (delta-method intervals from the robust covariance "
                           "matrix are listed beside them).",
                     "zh-Hans": "间接效应与总效应给出 {b} 次重抽样的自助法区间，每次重抽样均以 {est} 重新估计（并列出基于稳健协方差矩阵的 "
                                "delta 法区间）。",
                     "zh-Hant": "間接效果與總效果給出 {b} 次重抽樣的拔靴法區間，每次重抽樣均以 {est} 重新估計（並列出基於穩健共變數矩陣的 "
                                "delta 法區間）。"},
    "effects_delta": {"en": " Indirect and total effects carry delta-method intervals from the robust covariance "
                            "matrix of the {est} estimates.",
                      "zh-Hans": "间接效应与总效应给出基于 {est} 估计之稳健协方差矩阵的 delta 法区间。",
                      "zh-Hant": "間接效果與總效果給出基於 {est} 估計之穩健共變數矩陣的 delta 法區間。"},
    "left_out": {"en": " The modification indices and standardized residuals are those of the {est} fit on the "
                       "polychoric correlations (as lavaan computes them). Mardia's normality test and the "
                       "single-factor and method-factor comparisons are maximum-likelihood procedures and were not "
                       "computed.",
                 "zh-Hans": "修正指数与标准化残差基于多分格相关上的 {est} 拟合（与 lavaan 的计算相同）。Mardia 正态检验以及单因子与"
                            "方法因子比较属于最大似然程序，本分析未计算。",
                 "zh-Hant": "修正指標與標準化殘差基於多分格相關上的 {est} 配適（與 lavaan 的計算相同）。Mardia 常態檢定以及單因素與"
                            "方法因素比較屬於最大概似程序，本分析未計算。"},
    "invariance": {"en": " Measurement invariance across segments was tested in the steps of Wu and Estabrook (2016): "
                         "equal thresholds, then equal loadings, then equal intercepts, each against the previous "
                         "model by lavaan's scaled χ² difference test (Wu & Estabrook, 2016).",
                   "zh-Hans": "跨组测量不变性按 Wu 与 Estabrook 的步骤检验：依次约束阈值、载荷与截距相等，每一步以 lavaan 的校正 χ² "
                              "差异检验与前一模型比较（Wu & Estabrook, 2016）。",
                   "zh-Hant": "跨組測量不變性依 Wu 與 Estabrook 的步驟檢定：依次限制閾值、負荷量與截距相等，每一步以 lavaan 的校正 χ² "
                              "差異檢定與前一模型比較（Wu & Estabrook, 2016）。"},
    "param_delta": {"en": "delta", "zh-Hans": "delta", "zh-Hant": "delta"},
    "param_theta": {"en": "theta", "zh-Hans": "theta", "zh-Hant": "theta"},
}
_SEP = {"en": ", ", "zh-Hans": "、", "zh-Hant": "、"}


def _t(key: str, lang: str, **values) -> str:
    return _T[key][lang].format(**values)


def block(d: dict) -> dict | None:
    """results.json's ``estimation`` block of a WLSMV/ULSMV run, else None."""
    e = d.get("estimation") if isinstance(d, dict) else None
    if isinstance(e, dict) and str(e.get("estimator") or "").upper() in ORDINAL_CHOICES:
        return e
    return None


def estimator_text(d: dict, lang: str) -> str | None:
    """"WLSMV (…; Muthén, du Toit & Spisic, 1997) using polychoric correlations (delta parameterization)" in ``lang``,
    or None for an ML/MLR run.  The Chinese texts start with a space: the templates read "采用{est}估计", and a Latin
    name after a Chinese word is set off by a space."""
    e = block(d)
    if e is None:
        return None
    param = str(e.get("parameterization") or "delta")
    return _t(str(e["estimator"]).upper(), lang, param=_T.get(f"param_{param}", {}).get(lang, param))


def ordered_text(d: dict, lang: str) -> str:
    """Which variables were ordered and which continuous (a sentence), "" for an ML/MLR run."""
    e = block(d)
    if e is None or not e.get("ordered"):
        return ""
    cont = e.get("continuous") or []
    text = _t("ordered", lang, k=len(e["ordered"]),
              cont=_t("cont", lang, list=_SEP[lang].join(map(str, cont))) if cont else "")
    return text.strip()


def pairwise_text(d: dict, lang: str, **kw) -> str | None:
    """The estimation sentence under pairwise deletion (``kw``: Models, models, est), or None when the run did not
    use it."""
    e = block(d)
    if e is None or e.get("missing") != "pairwise":
        return None
    n = e.get("n_pairwise") or {}
    return _t("pairwise", lang, lo=n.get("min", "—"), hi=n.get("max", "—"), **kw)


def fit_note(d: dict, lang: str) -> str:
    """The parenthesis naming lavaan's statistics behind the fit sentence, "" for an ML/MLR run."""
    e = block(d)
    return "" if e is None else _t("fit", lang, est=str(e["estimator"]).upper())


def reliability(c) -> list[str]:
    """The ranges of ordinal α and categorical ω over the constructs (for the reliability section); [] for an ML/MLR
    run or when no construct has them."""
    d, lang = c.d, c.lang
    if block(d) is None:
        return []
    rel = d.get("reliability") or {}

    def values(key):
        return {k: r[key] for k, r in rel.items() if isinstance(r, dict) and isinstance(r.get(key), (int, float))}

    a, w = values("alpha.ordinal"), values("omega")
    if not a or not w:
        return []
    lo_a, hi_a, lo_w, hi_w = min(a, key=a.get), max(a, key=a.get), min(w, key=w.get), max(w, key=w.get)
    return [_t("rel_ranges", lang, a_lo=apa.unit(a[lo_a], 3), a_lo_c=lo_a, a_hi=apa.unit(a[hi_a], 3), a_hi_c=hi_a,
               w_lo=apa.unit(w[lo_w], 3), w_lo_c=lo_w, w_hi=apa.unit(w[hi_w], 3), w_hi_c=hi_w)]


def paragraphs(c) -> list[str]:
    """The method-section paragraph of a WLSMV/ULSMV run (see the module docstring); [] otherwise."""
    d, lang = c.d, c.lang
    e = block(d)
    if e is None or getattr(c, "pls", False):
        return []
    est = str(e["estimator"]).upper()
    parts = [_t("reliability", lang, est=est)]
    if d.get("htmt_basis") == "polychoric" or (d.get("validity") or {}).get("htmt_basis") == "polychoric":
        parts.append(_t("htmt", lang))
    sem = d.get("sem") or {}
    if sem:
        boot = sem.get("bootstrap")
        parts.append(_t("effects_boot", lang, b=boot.get("n_boot"), est=est) if isinstance(boot, dict)
                     else _t("effects_delta", lang, est=est))
    parts.append(_t("left_out", lang, est=est))
    inv = d.get("invariance") or {}
    if isinstance(inv, dict) and inv.get("method") == "wu.estabrook.2016" and inv.get("measurement"):
        parts.append(_t("invariance", lang))
    text = "".join(parts)
    return [text.strip()]
