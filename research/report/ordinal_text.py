"""The estimator choice and its justification from the ordinal check (``diagnostics.ordinal_check`` of
results.json, :mod:`research.ordinal_check`), for the method section of :mod:`research.report.text`.

One paragraph: when no item was flagged, that every item had more than five categories or was roughly
symmetric, with no answer above 80 %, so ML on the answers as continuous was acceptable (Rhemtulla,
Brosseau-Liard & Savalei 2012); when items were flagged, how many and which by each rule, and what that means
for the estimator used — ML: loadings biased low and χ² inflated, WLSMV on polychoric correlations (or at
least MLR) the safer choice (Flora & Curran 2004; Rhemtulla et al. 2012); MLR: robust SEs and test, but the
answers still continuous; WLSMV/ULSMV/DWLS/ULS: the items treated as ordinal.  Skewness is G1 (Joanes & Gill
1998).  PLS-SEM results get no paragraph (it assumes no distribution).  :func:`references` gives the APA 7
entries of the works the paragraph cites.  Every text is written here in zh-Hans, zh-Hant and en.
"""
from __future__ import annotations

import math

from ..sem.fit import ORDINAL_ESTIMATORS
from . import apa

REFERENCES = {
    "Rhemtulla et al., 2012": "Rhemtulla, M., Brosseau-Liard, P. É., & Savalei, V. (2012). When can categorical "
                              "variables be treated as continuous? A comparison of robust continuous and "
                              "categorical SEM estimation methods under suboptimal conditions. Psychological "
                              "Methods, 17(3), 354–373. https://doi.org/10.1037/a0029315",
    "Flora & Curran, 2004": "Flora, D. B., & Curran, P. J. (2004). An empirical evaluation of alternative methods of "
                            "estimation for confirmatory factor analysis with ordinal data. Psychological Methods, "
                            "9(4), 466–491. https://doi.org/10.1037/1082-989X.9.4.466",
    "Joanes & Gill, 1998": "Joanes, D. N., & Gill, C. A. (1998). Comparing measures of sample skewness and "
                           "kurtosis. Journal of the Royal Statistical Society: Series D (The Statistician), 47(1), "
                           "183–189. https://doi.org/10.1111/1467-9884.00122",
}
CITE_BOTH = "Flora & Curran, 2004; Rhemtulla et al., 2012"
CITE_SAFE = "Rhemtulla et al., 2012"
CITE_SKEW = "Joanes & Gill, 1998"

_T = {
    "fine": {"en": "All {k} items either had more than {max} answer categories or were roughly symmetric "
                   "(|skewness| ≤ {skew}; G1, {cite_g}), and no answer was given by more than {share}% of the "
                   "respondents to an item, so treating the answers as continuous was acceptable ({cite}).",
             "zh-Hans": "全部 {k} 个题目要么答案类别多于 {max} 个，要么分布大致对称（|偏度| ≤ {skew}；G1，{cite_g}），"
                        "且没有任何答案被超过 {share}% 的受访者选择，因此把答案视为连续变量是可以接受的（{cite}）。",
             "zh-Hant": "全部 {k} 個題目要麼答案類別多於 {max} 個，要麼分布大致對稱（|偏態| ≤ {skew}；G1，{cite_g}），"
                        "且沒有任何答案被超過 {share}% 的受訪者選擇，因此把答案視為連續變項是可以接受的（{cite}）。"},
    "fine_wls": {"en": " The items were nonetheless treated as ordinal and the models estimated by {est} on "
                       "polychoric correlations.",
                 "zh-Hans": "本研究仍将题目视为有序类别变量，基于多分格相关以 {est} 估计模型。",
                 "zh-Hant": "本研究仍將題目視為有序類別變項，基於多分格相關以 {est} 估計模型。"},
    "by_skew": {"en": "{m} of the {k} items had at most {max} answer categories with |skewness| > {skew} "
                      "({list}; G1 from {lo} to {hi}, {cite_g})",
                "zh-Hans": "{k} 个题目中有 {m} 个答案类别不超过 {max} 个且 |偏度| > {skew}（{list}；G1 介于 {lo} 与 "
                           "{hi} 之间，{cite_g}）",
                "zh-Hant": "{k} 個題目中有 {m} 個答案類別不超過 {max} 個且 |偏態| > {skew}（{list}；G1 介於 {lo} 與 "
                           "{hi} 之間，{cite_g}）"},
    "by_share": {"en": "{m} of the {k} items had one answer given by more than {share}% of the respondents ({list})",
                 "zh-Hans": "{k} 个题目中有 {m} 个的某一答案被超过 {share}% 的受访者选择（{list}）",
                 "zh-Hant": "{k} 個題目中有 {m} 個的某一答案被超過 {share}% 的受訪者選擇（{list}）"},
    "by_share_too": {"en": "{m} had one answer given by more than {share}% of the respondents ({list})",
                     "zh-Hans": "{m} 个题目的某一答案被超过 {share}% 的受访者选择（{list}）",
                     "zh-Hant": "{m} 個題目的某一答案被超過 {share}% 的受訪者選擇（{list}）"},
    "because": {"en": "Because {parts}, ", "zh-Hans": "由于 {parts}，", "zh-Hant": "由於 {parts}，"},
    "and": {"en": ", and ", "zh-Hans": "，且有 ", "zh-Hant": "，且有 "},
    "ML": {"en": "treating these answers as continuous under maximum likelihood risks loadings biased downward and "
                 "an inflated χ² ({cite}); a categorical estimator, WLSMV on polychoric correlations, or at least "
                 "MLR would have been the safer choice, and the ML results should be read with this in mind.",
           "zh-Hans": "在最大似然估计下把这些答案视为连续变量，可能低估因子载荷并夸大 χ²（{cite}）；基于多分格相关的"
                      "类别估计方法 WLSMV，或至少 MLR，会更为稳妥，解读 ML 结果时应考虑这一点。",
           "zh-Hant": "在最大概似估計下把這些答案視為連續變項，可能低估因素負荷量並誇大 χ²（{cite}）；基於多分格相關的"
                      "類別估計方法 WLSMV，或至少 MLR，會更為穩妥，解讀 ML 結果時應考慮這一點。"},
    "MLR": {"en": "the MLR estimator used here corrects the standard errors and the test statistic but still treats "
                  "the answers as continuous; WLSMV on polychoric correlations would be the categorical alternative "
                  "({cite}).",
            "zh-Hans": "本研究采用的 MLR 虽校正了标准误与检验统计量，但仍把答案视为连续变量；基于多分格相关的 WLSMV "
                       "是相应的类别估计方法（{cite}）。",
            "zh-Hant": "本研究採用的 MLR 雖校正了標準誤與檢定統計量，但仍把答案視為連續變項；基於多分格相關的 WLSMV "
                       "是相應的類別估計方法（{cite}）。"},
    "WLS": {"en": "the items were treated as ordinal and the models estimated by {est} on polychoric correlations "
                  "({cite}).",
            "zh-Hans": "本研究将题目视为有序类别变量，基于多分格相关以 {est} 估计模型（{cite}）。",
            "zh-Hant": "本研究將題目視為有序類別變項，基於多分格相關以 {est} 估計模型（{cite}）。"},
}
_SEP = {"en": ", ", "zh-Hans": "、", "zh-Hant": "、"}


def _t(key: str, lang: str, **values) -> str:
    return _T[key][lang].format(**values)


def _ok(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def _threshold(x, default) -> str:
    """A threshold as written in the text: 1 → "1", 0.5 → "0.50"; fixed decimals when not whole."""
    x = x if _ok(x) else default
    return apa.num(x, 0) if float(x).is_integer() else apa.num(x, 2)


def block(d: dict) -> dict | None:
    """The ordinal check of the results (``diagnostics.ordinal_check``), or None when there is none or it was
    not computed."""
    b = ((d.get("diagnostics") if isinstance(d, dict) else None) or {}).get("ordinal_check")
    if not isinstance(b, dict) or "not_applicable" in b or not isinstance(b.get("items"), list) or not b["items"]:
        return None
    return b


def paragraphs(c) -> list[str]:
    """The estimator paragraph (see the module docstring) in ``c.lang``; [] without a check or for PLS-SEM."""
    b = block(c.d)
    if b is None or c.pls:
        return []
    lang = c.lang
    items = [r for r in b["items"] if isinstance(r, dict)]
    th = b.get("thresholds") or {}
    k = len(items)
    kw = {"k": k, "max": _threshold(th.get("max_categories"), 5), "skew": _threshold(th.get("skew_above"), 1.0),
          "share": _threshold(100 * th["share_above"] if _ok(th.get("share_above")) else None, 80.0),
          "cite_g": CITE_SKEW}
    model = c.d.get("sem") or c.d.get("cfa") or {}
    est = str(model.get("estimator") or "ML").upper()
    skewed = [r for r in items if r.get("by_skew")]
    crowded = [r for r in items if r.get("by_share")]
    if not skewed and not crowded:
        text = _t("fine", lang, cite=CITE_SAFE, **kw)
        if est in ORDINAL_ESTIMATORS:
            text += _t("fine_wls", lang, est=est)
        return [text]
    parts = []
    if skewed:
        g = [r["skewness"] for r in skewed if _ok(r.get("skewness"))]
        parts.append(_t("by_skew", lang, m=len(skewed), list=_SEP[lang].join(str(r["item"]) for r in skewed),
                        lo=apa.num(min(g), 2) if g else "—", hi=apa.num(max(g), 2) if g else "—", **kw))
    if crowded:
        parts.append(_t("by_share_too" if parts else "by_share", lang, m=len(crowded),
                        list=_SEP[lang].join(str(r["item"]) for r in crowded), **kw))
    text = _t("because", lang, parts=_t("and", lang).join(parts))
    if est in ORDINAL_ESTIMATORS:
        text += _t("WLS", lang, est=est, cite=CITE_BOTH)
    else:
        text += _t("MLR" if est == "MLR" else "ML", lang, cite=CITE_BOTH)
    return [text]
