"""APA tables of the waves of a study (``results["trend"]``: ``{"trend": TrendResult.to_dict(), "change":
ChangeResult.to_dict() or None}``, :mod:`research.marketing.trend`).

* the satisfaction index and every dimension per wave, M [95% CI] (index on 0–100 with 1 decimal, dimensions on
  the rating scale with 2), the index's grade and n per wave;
* the drivers' relative importance per wave (LMG share of R² in %, bootstrap percentile CI), when computed;
* the change between two waves: the means, b − a with its Welch CI, t(df), p, Holm-adjusted p, Hedges' g with
  its CI and each measure's invariance status;
* the measurement invariance tests across the two waves (Δχ², ΔCFI, ΔRMSEA, ΔSRMR and the decision).

Names, never codes, in the table's language; numbers by :mod:`research.report.apa`.  The same tables are what
``research study trend`` prints.  :func:`research.report.report` numbers them after the other tables.
"""
from __future__ import annotations

from . import apa
from .tables import Table, _note, _w

_T = {
    "by_wave": {"en": "Satisfaction Index and Dimensions by Wave", "zh-Hans": "各期满意度指数与各维度",
                "zh-Hant": "各期滿意度指數與各維度"},
    "importance": {"en": "Relative Importance of the Drivers of {target} by Wave",
                   "zh-Hans": "各期{target}驱动因素的相对重要性", "zh-Hant": "各期{target}驅動因素的相對重要性"},
    "change": {"en": "Change From {a} to {b}", "zh-Hans": "从{a}到{b}的变化", "zh-Hant": "從{a}到{b}的變化"},
    "invariance": {"en": "Measurement Invariance Across Waves {a} and {b}", "zh-Hans": "{a}与{b}两期间的测量不变性",
                   "zh-Hant": "{a}與{b}兩期間的測量不變性"},
    "measure": {"en": "Measure", "zh-Hans": "指标", "zh-Hant": "指標"},
    "wave_n": {"en": "{w} (n = {n})", "zh-Hans": "{w}（n = {n}）", "zh-Hant": "{w}（n = {n}）"},
    "index_row": {"en": "{name} (0–100)", "zh-Hans": "{name}（0–100）", "zh-Hant": "{name}（0–100）"},
    "grade": {"en": "Grade of the index", "zh-Hans": "指数等级", "zh-Hant": "指數等級"},
    "r2": {"en": "R² of {target}", "zh-Hans": "{target}的 R²", "zh-Hant": "{target}的 R²"},
    "mean_of": {"en": "M ({w})", "zh-Hans": "M（{w}）", "zh-Hant": "M（{w}）"},
    "diff": {"en": "Difference", "zh-Hans": "差值", "zh-Hant": "差值"},
    "holm": {"en": "p (Holm)", "zh-Hans": "p（Holm）", "zh-Hant": "p（Holm）"},
    "status": {"en": "Invariance", "zh-Hans": "测量不变性", "zh-Hant": "測量不變性"},
    "model": {"en": "Model", "zh-Hans": "模型", "zh-Hant": "模型"},
    "against": {"en": "Compared with", "zh-Hans": "比较对象", "zh-Hant": "比較對象"},
    "decision": {"en": "Decision", "zh-Hans": "结论", "zh-Hant": "結論"},
    "note_by_wave": {"en": "Cells are M [{pct}% CI] (t-based). The index is E = Σ wᵢ·Iᵢ on 0–100 with the same "
                           "weights in every wave ({weights}); the dimensions are mean item scores on the {lo}–{hi} "
                           "scale. n: responses kept after screening.",
                     "zh-Hans": "单元格为 M [{pct}% CI]（t 分布）。指数 E = Σ wᵢ·Iᵢ，取值 0–100，各期使用相同权重（{weights}）；"
                                "各维度为题目平均得分（{lo}–{hi} 分量表）。n 为筛选后保留的答卷数。",
                     "zh-Hant": "儲存格為 M [{pct}% CI]（t 分配）。指數 E = Σ wᵢ·Iᵢ，取值 0–100，各期使用相同權重（{weights}）；"
                                "各維度為題目平均分數（{lo}–{hi} 分量表）。n 為篩選後保留的答卷數。"},
    "note_importance": {"en": "Cells are the LMG share of R² in % (Lindeman et al., 1980) [{pct}% bootstrap percentile "
                              "CI, {boot} resamples, seed {seed}].",
                        "zh-Hans": "单元格为 LMG 占 R² 的百分比（Lindeman et al., 1980）[{pct}% Bootstrap 百分位 CI，"
                                   "重抽样 {boot} 次，随机种子 {seed}]。",
                        "zh-Hant": "儲存格為 LMG 占 R² 的百分比（Lindeman et al., 1980）[{pct}% 拔靴百分位 CI，"
                                   "重抽樣 {boot} 次，隨機種子 {seed}]。"},
    "note_change": {"en": "Difference = {b} − {a}; index on 0–100, dimensions on the {lo}–{hi} scale. The waves are "
                          "independent samples: Welch's t-test (Welch, 1947) with its {pct}% CI of the difference; g = "
                          "Hedges' g (Hedges, 1981) [{pct}% CI]; p (Holm) adjusted over the dimensions (Holm, 1979), "
                          "the index tested on its own. Invariance across the two waves: {level}.",
                    "zh-Hans": "差值 = {b} − {a}；指数为 0–100 分，各维度为 {lo}–{hi} 分量表。各期为独立样本：采用 Welch t 检验"
                               "（Welch, 1947）及差值的 {pct}% CI；g 为 Hedges' g（Hedges, 1981）[{pct}% CI]；p（Holm）"
                               "为各维度间的 Holm 校正（Holm, 1979），指数单独检验。两期间的测量不变性：{level}。",
                    "zh-Hant": "差值 = {b} − {a}；指數為 0–100 分，各維度為 {lo}–{hi} 分量表。各期為獨立樣本：採用 Welch t 檢定"
                               "（Welch, 1947）及差值的 {pct}% CI；g 為 Hedges' g（Hedges, 1981）[{pct}% CI]；p（Holm）"
                               "為各維度間的 Holm 校正（Holm, 1979），指數單獨檢定。兩期間的測量不變性：{level}。"},
    "note_importance_noboot": {"en": "Cells are the LMG share of R² in % (Lindeman et al., 1980); no bootstrap, "
                                     "so no CI.",
                               "zh-Hans": "单元格为 LMG 占 R² 的百分比（Lindeman et al., 1980）；未做 Bootstrap，故无 CI。",
                               "zh-Hant": "儲存格為 LMG 占 R² 的百分比（Lindeman et al., 1980）；未做拔靴法，故無 CI。"},
    "not_tested": {"en": "not tested", "zh-Hans": "未检验", "zh-Hant": "未檢定"},
    "not_warranted": {"en": " Scalar invariance does not hold: the mean comparisons are not warranted.",
                      "zh-Hans": "标量不变性不成立：均值比较缺乏依据。", "zh-Hant": "純量不變性不成立：平均數比較缺乏依據。"},
    "note_invariance": {"en": "Multi-group CFA of the measurement model ({estimator}) with the waves as groups; a level "
                              "holds when ΔCFI ≥ −.010 with ΔRMSEA ≤ .015 or ΔSRMR ≤ .030 (metric) / .010 (scalar) "
                              "(Chen, 2007).",
                        "zh-Hans": "以各期为组的测量模型多组 CFA（{estimator}）；当 ΔCFI ≥ −.010 且 ΔRMSEA ≤ .015 或 ΔSRMR "
                                   "≤ .030（度量）/ .010（标量）时该水平成立（Chen, 2007）。",
                        "zh-Hant": "以各期為組的測量模型多組 CFA（{estimator}）；當 ΔCFI ≥ −.010 且 ΔRMSEA ≤ .015 或 ΔSRMR "
                                   "≤ .030（量尺）/ .010（純量）時該水準成立（Chen, 2007）。"},
}
_MODEL = {"configural": {"en": "Configural", "zh-Hans": "形态不变性", "zh-Hant": "形貌不變性"},
          "metric": {"en": "Metric", "zh-Hans": "度量不变性", "zh-Hant": "量尺不變性"},
          "scalar": {"en": "Scalar", "zh-Hans": "标量不变性", "zh-Hant": "純量不變性"},
          "strict": {"en": "Strict", "zh-Hans": "严格不变性", "zh-Hant": "嚴格不變性"}}


def t(key: str, lang: str, **values) -> str:
    return _T[key][lang].format(**values)


def block(d: dict) -> dict | None:
    """``results["trend"]`` when it holds a wave_trend result, else None."""
    b = d.get("trend") if isinstance(d, dict) else None
    if not isinstance(b, dict):
        return None
    tr = b.get("trend")
    return b if isinstance(tr, dict) and tr.get("analysis") == "wave_trend" and tr.get("waves") else None


def change_of(b: dict) -> dict | None:
    ch = b.get("change")
    return ch if isinstance(ch, dict) and ch.get("analysis") == "wave_change" and isinstance(ch.get("index"), dict) \
        else None


def name(doc: dict, code, lang: str) -> str:
    """A construct's (or the index's) name in ``lang`` from the names the result carries."""
    names = (doc.get("names") or {}).get(code)
    if isinstance(names, dict):
        return str(names.get(lang) or names.get("en") or code)
    return str(code)


def ci(lo, hi, digits: int) -> str:
    return f"[{apa.num(lo, digits)}, {apa.num(hi, digits)}]"


def pct(level) -> str:
    return f"{100 * float(level or 0.95):g}"


def grade_name(index: dict, lang: str) -> str:
    names = index.get("grade_names")
    if isinstance(names, dict):
        return str(names.get(lang) or names.get("en") or index.get("grade") or "—")
    return str(index.get("grade") or "—")


def status_name(row: dict, lang: str) -> str:
    s = row.get("invariance")
    if isinstance(s, dict):
        return str(s.get(lang) or s.get("en") or "—")
    return "—"


def level_name(ch: dict, lang: str) -> str:
    names = ch.get("invariance_level_name")
    if isinstance(names, dict):
        return str(names.get(lang) or names.get("en"))
    return t("not_tested", lang)


def _weights_text(tr: dict, lang: str) -> str:
    sep = ", " if lang == "en" else "，"
    return sep.join(f"{name(tr, c, lang)} {apa.unit(w, 3)}" for c, w in (tr.get("weights") or {}).items())


def by_wave_table(tr: dict, lang: str) -> Table:
    waves = tr["waves"]
    head = [t("measure", lang)] + [t("wave_n", lang, w=w["wave"], n=w["n"]) for w in waves]
    rows = [[t("index_row", lang, name=name(tr, "index", lang))]
            + [f"{apa.num(w['index'].get('mean'), 1)} {ci(*(w['index'].get('ci') or [None, None]), 1)}"
               for w in waves],
            [t("grade", lang)] + [grade_name(w["index"], lang) for w in waves]]
    for c in tr["constructs"]:
        cells = []
        for w in waves:
            r = next((x for x in w["dimensions"] if x.get("dimension") == c), {})
            cells.append(f"{apa.num(r.get('mean'), 2)} {ci(r.get('ci_lower'), r.get('ci_upper'), 2)}")
        rows.append([name(tr, c, lang), *cells])
    lo, hi = (tr.get("scale") or [None, None])[:2]
    note = t("note_by_wave", lang, pct=pct(tr.get("level")), weights=_weights_text(tr, lang), lo=apa.num(lo, 0),
             hi=apa.num(hi, 0))
    return Table("trend_by_wave", t("by_wave", lang), head, rows, _note(lang, _w("note", lang), note))


def importance_table(tr: dict, lang: str) -> Table | None:
    waves = [w for w in tr["waves"] if isinstance(w.get("importance"), dict)]
    if not waves:
        return None
    target = name(tr, tr.get("target"), lang)
    boot = bool(tr.get("boot"))
    head = [t("measure", lang)] + [t("wave_n", lang, w=w["wave"], n=w["importance"].get("n")) for w in waves]
    rows = []
    for c in tr.get("drivers") or []:
        cells = []
        for w in waves:
            r = next((x for x in w["importance"].get("drivers") or [] if x.get("driver") == c), {})
            share = apa.num(None if r.get("lmg_share") is None else 100 * r["lmg_share"], 1)
            bounds = [None if r.get(k) is None else 100 * r[k] for k in ("lmg_share_ci_lower", "lmg_share_ci_upper")]
            cells.append(f"{share} {ci(*bounds, 1)}" if boot else share)
        rows.append([name(tr, c, lang), *cells])
    rows.append([t("r2", lang, target=target)] + [apa.unit(w["importance"].get("r2"), 3) for w in waves])
    note = t("note_importance", lang, pct=pct(tr.get("level")), boot=tr.get("boot"), seed=tr.get("seed")) if boot \
        else t("note_importance_noboot", lang)
    return Table("trend_importance", t("importance", lang, target=target), head, rows,
                 _note(lang, _w("note", lang), note))


def change_table(ch: dict, lang: str) -> Table:
    a, b = ch["a"], ch["b"]
    level = pct(ch.get("level"))
    head = [t("measure", lang), t("mean_of", lang, w=a), t("mean_of", lang, w=b), t("diff", lang), f"{level}% CI",
            "t", "df", "p", t("holm", lang), f"g [{level}% CI]", t("status", lang)]
    rows = []
    for r in [ch["index"], *(ch.get("dimensions") or [])]:
        digits = 1 if r.get("variable") == "index" else 2      # means as in the by-wave table; differences 2
        label = t("index_row", lang, name=name(ch, "index", lang)) if r.get("variable") == "index" \
            else name(ch, r.get("variable"), lang)
        rows.append([label, apa.num(r.get("mean_a"), digits), apa.num(r.get("mean_b"), digits),
                     apa.num(r.get("diff"), 2), ci(r.get("ci_lower"), r.get("ci_upper"), 2),
                     apa.num(r.get("t"), 2), apa.num(r.get("df"), 1), apa.p(r.get("p")), apa.p(r.get("p_holm")),
                     f"{apa.num(r.get('g'), 2)} {ci(r.get('g_ci_lower'), r.get('g_ci_upper'), 2)}",
                     status_name(r, lang)])
    lo, hi = (ch.get("scale") or [None, None])[:2]
    note = t("note_change", lang, a=a, b=b, lo=apa.num(lo, 0), hi=apa.num(hi, 0), pct=level,
             level=level_name(ch, lang))
    if ch.get("warranted") is False:
        note += t("not_warranted", lang)
    return Table("trend_change", t("change", lang, a=a, b=b), head, rows, _note(lang, _w("note", lang), note))


def invariance_table(ch: dict, lang: str) -> Table | None:
    inv = ch.get("invariance")
    comps = (inv or {}).get("comparisons") if isinstance(inv, dict) else None
    if not comps:
        return None
    head = [t("model", lang), t("against", lang), "Δχ²", "Δdf", "p", "ΔCFI", "ΔRMSEA", "ΔSRMR", t("decision", lang)]
    rows = []
    for c in comps:
        decision = c.get("decision")
        rows.append([_MODEL.get(c.get("model"), {}).get(lang, str(c.get("model"))),
                     _MODEL.get(c.get("against"), {}).get(lang, str(c.get("against"))),
                     apa.num(c.get("chisq.diff"), 2), apa.num(c.get("df.diff"), 0), apa.p(c.get("pvalue.diff")),
                     apa.unit(c.get("delta.cfi"), 3), apa.unit(c.get("delta.rmsea"), 3),
                     apa.unit(c.get("delta.srmr"), 3),
                     str(decision.get(lang) or decision.get("en")) if isinstance(decision, dict) else "—"])
    note = t("note_invariance", lang, estimator=inv.get("estimator") or "ML")
    return Table("trend_invariance", t("invariance", lang, a=ch["a"], b=ch["b"]), head, rows,
                 _note(lang, _w("note", lang), note))


def trend_report_tables(d: dict, lang: str) -> list[Table]:
    """The tables of ``results["trend"]``, unnumbered, in report order ([] without the block)."""
    b = block(d)
    if b is None:
        return []
    tr = b["trend"]
    out = [by_wave_table(tr, lang), importance_table(tr, lang)]
    ch = change_of(b)
    if ch is not None:
        out += [change_table(ch, lang), invariance_table(ch, lang)]
    return [x for x in out if x is not None]
