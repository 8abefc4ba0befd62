"""The "Waves and Trend" section of the results (``results["trend"]``: ``{"trend": TrendResult.to_dict(),
"change": ChangeResult.to_dict()}`` of :mod:`research.marketing.trend`), and the works it cites.

Three paragraphs, every number from the block, formatted by :mod:`research.report.apa` (index on 0–100 with 1
decimal, dimensions with 2, p as APA, ΔCFI and the like without the leading zero):

* the trend — the satisfaction index per wave with its CI, n and grade, computed with the same weights in every
  wave, and the most important driver per wave (LMG share of R² with its bootstrap CI);
* the invariance step — configural → metric → scalar across the two compared waves (Δχ², ΔCFI, ΔRMSEA per
  step; Chen, 2007), the highest level that holds, whether the mean comparison is warranted (Vandenberg & Lance,
  2000), and the result's own warning when it is not (or was not tested);
* the change — b − a of the index with its Welch CI, t, df, p and Hedges' g, the dimensions that changed after
  Holm's correction, and that the waves are independent samples.

Tables: :mod:`research.report.trend_tables`; figure: :func:`research.marketing.trend.plot`.
"""
from __future__ import annotations

from . import apa
from .text import _Ctx
from .trend_tables import block, change_of, ci, grade_name, level_name, name, pct

SECTIONS = ("trend",)
HEADINGS = {"trend": {"en": "Waves and Trend", "zh-Hans": "各期趋势与变化", "zh-Hant": "各期趨勢與變化"}}

REFERENCES = {
    "Welch, 1947": "Welch, B. L. (1947). The generalization of \"Student's\" problem when several different "
                   "population variances are involved. Biometrika, 34(1–2), 28–35. "
                   "https://doi.org/10.1093/biomet/34.1-2.28",
    "Hedges, 1981": "Hedges, L. V. (1981). Distribution theory for Glass's estimator of effect size and related "
                    "estimators. Journal of Educational Statistics, 6(2), 107–128. "
                    "https://doi.org/10.3102/10769986006002107",
    "Holm, 1979": "Holm, S. (1979). A simple sequentially rejective multiple test procedure. Scandinavian Journal "
                  "of Statistics, 6(2), 65–70.",
    "Chen, 2007": "Chen, F. F. (2007). Sensitivity of goodness of fit indexes to lack of measurement invariance. "
                  "Structural Equation Modeling, 14(3), 464–504. https://doi.org/10.1080/10705510701301834",
    "Vandenberg & Lance, 2000": "Vandenberg, R. J., & Lance, C. E. (2000). A review and synthesis of the "
                                "measurement invariance literature: Suggestions, practices, and recommendations for "
                                "organizational research. Organizational Research Methods, 3(1), 4–70. "
                                "https://doi.org/10.1177/109442810031002",
    "Lindeman et al., 1980": "Lindeman, R. H., Merenda, P. F., & Gold, R. Z. (1980). Introduction to bivariate and "
                             "multivariate analysis. Scott, Foresman.",
}

_P = {
    "trend": {"en": "The satisfaction index (0–100) was computed in each of the {k} waves with the same weights "
                    "({weights}): {list}.",
              "zh-Hans": "在 {k} 期中，满意度指数（0–100）均以相同的权重（{weights}）计算：{list}。",
              "zh-Hant": "在 {k} 期中，滿意度指數（0–100）均以相同的權重（{weights}）計算：{list}。"},
    "wave": {"en": "{wave}, M = {m}, {pct}% CI {ci}, n = {n}, graded “{grade}”",
             "zh-Hans": "{wave}：M = {m}，{pct}% CI {ci}，n = {n}，等级为“{grade}”",
             "zh-Hant": "{wave}：M = {m}，{pct}% CI {ci}，n = {n}，等級為「{grade}」"},
    "top_same": {"en": "{driver} was the most important driver of {target} in every wave (LMG share of R² {list}; "
                       "Lindeman et al., 1980).",
                 "zh-Hans": "各期中{target}最重要的驱动因素均为{driver}（LMG 占 R² 的份额：{list}；Lindeman et al., 1980）。",
                 "zh-Hant": "各期中{target}最重要的驅動因素均為{driver}（LMG 占 R² 的份額：{list}；Lindeman et al., 1980）。"},
    "top_each": {"en": "The most important driver of {target} (LMG share of R²; Lindeman et al., 1980) was {list}.",
                 "zh-Hans": "{target}最重要的驱动因素（LMG 占 R² 的份额；Lindeman et al., 1980）依次为：{list}。",
                 "zh-Hant": "{target}最重要的驅動因素（LMG 占 R² 的份額；Lindeman et al., 1980）依次為：{list}。"},
    "share": {"en": "{wave} {share}% {ci}", "zh-Hans": "{wave} {share}% {ci}", "zh-Hant": "{wave} {share}% {ci}"},
    "share_of": {"en": "{wave}: {driver} {share}% {ci}", "zh-Hans": "{wave}：{driver} {share}% {ci}",
                 "zh-Hant": "{wave}：{driver} {share}% {ci}"},
    "inv": {"en": "Before the means of waves {a} and {b} were compared, measurement invariance across the two waves "
                  "was tested with a multi-group CFA of the measurement model (Chen, 2007): {steps}. The highest "
                  "level that holds is {level}.",
            "zh-Hans": "在比较{a}与{b}两期的均值之前，先以测量模型的多组 CFA 检验两期间的测量不变性（Chen, 2007）：{steps}。"
                       "成立的最高水平为{level}。",
            "zh-Hant": "在比較{a}與{b}兩期的平均數之前，先以測量模型的多組 CFA 檢定兩期間的測量不變性（Chen, 2007）：{steps}。"
                       "成立的最高水準為{level}。"},
    "step": {"en": "{model} Δχ²({df}) = {chisq}, {p}, ΔCFI = {cfi}, ΔRMSEA = {rmsea} ({decision})",
             "zh-Hans": "{model} Δχ²({df}) = {chisq}，{p}，ΔCFI = {cfi}，ΔRMSEA = {rmsea}（{decision}）",
             "zh-Hant": "{model} Δχ²({df}) = {chisq}，{p}，ΔCFI = {cfi}，ΔRMSEA = {rmsea}（{decision}）"},
    "warranted": {"en": "The comparison of the means is therefore warranted (Vandenberg & Lance, 2000).",
                  "zh-Hans": "因此可以比较两期的均值（Vandenberg & Lance, 2000）。",
                  "zh-Hant": "因此可以比較兩期的平均數（Vandenberg & Lance, 2000）。"},
    "change": {"en": "From {a} to {b} the satisfaction index changed by {diff} points ({pct}% CI {ci}), Welch's "
                     "t({df}) = {t}, {p}, Hedges' g = {g}, {pct}% CI {gci} (Welch, 1947; Hedges, 1981).",
               "zh-Hans": "从{a}到{b}，满意度指数变化 {diff} 分（{pct}% CI {ci}），Welch t({df}) = {t}，{p}，"
                          "Hedges' g = {g}，{pct}% CI {gci}（Welch, 1947；Hedges, 1981）。",
               "zh-Hant": "從{a}到{b}，滿意度指數變化 {diff} 分（{pct}% CI {ci}），Welch t({df}) = {t}，{p}，"
                          "Hedges' g = {g}，{pct}% CI {gci}（Welch, 1947；Hedges, 1981）。"},
    "dims_some": {"en": "After Holm's correction over the dimensions (Holm, 1979), {list} changed significantly.",
                  "zh-Hans": "经各维度间的 Holm 校正（Holm, 1979），以下维度的变化显著：{list}。",
                  "zh-Hant": "經各維度間的 Holm 校正（Holm, 1979），以下維度的變化顯著：{list}。"},
    "dim": {"en": "{name} (difference {diff}, {pct}% CI {ci}, Holm {p}, g = {g})",
            "zh-Hans": "{name}（差值 {diff}，{pct}% CI {ci}，Holm 校正 {p}，g = {g}）",
            "zh-Hant": "{name}（差值 {diff}，{pct}% CI {ci}，Holm 校正 {p}，g = {g}）"},
    "dims_none": {"en": "None of the dimensions changed significantly after Holm's correction (Holm, 1979; smallest "
                        "adjusted {p}).",
                  "zh-Hans": "经 Holm 校正（Holm, 1979）后，各维度的变化均不显著（校正后最小 {p}）。",
                  "zh-Hant": "經 Holm 校正（Holm, 1979）後，各維度的變化均不顯著（校正後最小 {p}）。"},
}
_SEP = {"en": "; ", "zh-Hans": "；", "zh-Hant": "；"}
_MODEL = {"metric": {"en": "metric versus configural:", "zh-Hans": "度量不变性相对于形态不变性：",
                     "zh-Hant": "量尺不變性相對於形貌不變性："},
          "scalar": {"en": "scalar versus metric:", "zh-Hans": "标量不变性相对于度量不变性：",
                     "zh-Hant": "純量不變性相對於量尺不變性："},
          "strict": {"en": "strict versus scalar:", "zh-Hans": "严格不变性相对于标量不变性：",
                     "zh-Hant": "嚴格不變性相對於純量不變性："}}
ALPHA = 0.05


def heading(key: str, lang: str) -> str:
    return HEADINGS[key][lang]


def _p(c: _Ctx, key: str, /, **values) -> str:
    return _P[key][c.lang].format(**values)


def _local(c: _Ctx, texts) -> str:
    if isinstance(texts, dict):
        return str(texts.get(c.lang) or texts.get("en") or "")
    return ""


def _trend_paragraph(c: _Ctx, tr: dict) -> str:
    lang = c.lang
    level = pct(tr.get("level"))
    sep = ", " if lang == "en" else "，"
    weights = sep.join(f"{name(tr, k, lang)} {apa.unit(w, 3)}" for k, w in (tr.get("weights") or {}).items())
    items = [_p(c, "wave", wave=w["wave"], m=apa.num(w["index"].get("mean"), 1), pct=level,
                ci=ci(*(w["index"].get("ci") or [None, None]), 1), n=w["n"], grade=grade_name(w["index"], lang))
             for w in tr["waves"]]
    s = [_p(c, "trend", k=len(tr["waves"]), weights=weights, list=_SEP[lang].join(items))]
    tops = []
    for w in tr["waves"]:
        imp = w.get("importance")
        ranked = [r for r in (imp or {}).get("drivers") or [] if not apa._missing(r.get("lmg_share"))]
        if ranked:
            tops.append((w["wave"], max(ranked, key=lambda r: r["lmg_share"])))
    if tops:
        target = name(tr, tr.get("target"), lang)

        def share(r):
            bounds = [None if r.get(k) is None else 100 * r[k] for k in ("lmg_share_ci_lower", "lmg_share_ci_upper")]
            return dict(share=apa.num(100 * r["lmg_share"], 1), ci=ci(*bounds, 1) if tr.get("boot") else "")
        if len({r["driver"] for _, r in tops}) == 1:
            listed = _SEP[lang].join(_p(c, "share", wave=w, **share(r)).rstrip() for w, r in tops)
            s.append(_p(c, "top_same", driver=name(tr, tops[0][1]["driver"], lang), target=target, list=listed))
        else:
            listed = _SEP[lang].join(_p(c, "share_of", wave=w, driver=name(tr, r["driver"], lang),
                                        **share(r)).rstrip() for w, r in tops)
            s.append(_p(c, "top_each", target=target, list=listed))
    s += [_local(c, n) for n in tr.get("notes") or []]
    return (" " if lang == "en" else "").join(x for x in s if x)


def _invariance_paragraph(c: _Ctx, ch: dict) -> str:
    inv = ch.get("invariance")
    s = []
    comps = (inv or {}).get("comparisons") if isinstance(inv, dict) else None
    if comps:
        steps = []
        for r in comps:
            decision = r.get("decision")
            steps.append(_p(c, "step", model=_MODEL.get(r.get("model"), {}).get(c.lang, str(r.get("model"))),
                            df=apa.num(r.get("df.diff"), 0), chisq=apa.num(r.get("chisq.diff"), 2),
                            p=apa.p_text(r.get("pvalue.diff")), cfi=apa.unit(r.get("delta.cfi"), 3),
                            rmsea=apa.unit(r.get("delta.rmsea"), 3), decision=_local(c, decision)))
        s.append(_p(c, "inv", a=ch["a"], b=ch["b"], steps=_SEP[c.lang].join(steps), level=level_name(ch, c.lang)))
        if ch.get("warranted") is True:
            s.append(_p(c, "warranted"))
    s += [_local(c, w) for w in ch.get("warnings") or []]
    return (" " if c.lang == "en" else "").join(x for x in s if x)


def _change_paragraph(c: _Ctx, ch: dict) -> str:
    lang = c.lang
    level = pct(ch.get("level"))
    r = ch["index"]
    s = [_p(c, "change", a=ch["a"], b=ch["b"], diff=apa.num(r.get("diff"), 2), pct=level,
            ci=ci(r.get("ci_lower"), r.get("ci_upper"), 2), df=apa.num(r.get("df"), 1), t=apa.num(r.get("t"), 2),
            p=apa.p_text(r.get("p")), g=apa.num(r.get("g"), 2), gci=ci(r.get("g_ci_lower"), r.get("g_ci_upper"), 2))]
    dims = [x for x in ch.get("dimensions") or [] if not apa._missing(x.get("p_holm"))]
    sig = [x for x in dims if x["p_holm"] < ALPHA]
    if sig:
        listed = _SEP[lang].join(_p(c, "dim", name=name(ch, x.get("variable"), lang), diff=apa.num(x.get("diff"), 2),
                                    pct=level, ci=ci(x.get("ci_lower"), x.get("ci_upper"), 2),
                                    p=apa.p_text(x["p_holm"]), g=apa.num(x.get("g"), 2)) for x in sig)
        s.append(_p(c, "dims_some", list=listed))
    elif dims:
        s.append(_p(c, "dims_none", p=apa.p_text(min(x["p_holm"] for x in dims))))
    s += [_local(c, n) for n in ch.get("notes") or []]
    return (" " if lang == "en" else "").join(x for x in s if x)


# --------------------------------------------------------------------------
# public
# --------------------------------------------------------------------------

def section(c: _Ctx) -> list[str]:
    """The paragraphs of the section (none without a trend block)."""
    b = block(c.d)
    if b is None:
        return []
    out = [_trend_paragraph(c, b["trend"])]
    ch = change_of(b)
    if ch is not None:
        out += [_invariance_paragraph(c, ch), _change_paragraph(c, ch)]
    return [p for p in out if p]


BUILDERS = {"trend": section}
