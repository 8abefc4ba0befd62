"""APA 7 tables of a results dictionary: numbered, titled, every cell a formatted string, with notes.

Each table is what a thesis or paper prints (DOMAIN.md §5): values that
cannot exceed 1 without a leading zero, ``< .001`` for tiny p-values, the
stars note, thresholds with their sources.  The writers in
:mod:`research.report.writers` turn them into DOCX, HTML, Markdown or LaTeX.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..sem.fit import ORDINAL_ESTIMATORS
from . import apa


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: list
    rows: list                       # list of lists of strings
    note: str = ""
    number: int = 0


@dataclass(frozen=True)
class Figure:
    key: str
    title: str
    png: bytes = field(repr=False)
    svg: bytes = field(default=b"", repr=False)
    number: int = 0


WORDS = {
    "table": {"en": "Table", "zh-Hans": "表", "zh-Hant": "表"},
    "figure": {"en": "Figure", "zh-Hans": "图", "zh-Hant": "圖"},
    "note": {"en": "Note.", "zh-Hans": "注：", "zh-Hant": "註："},
    "construct": {"en": "Construct", "zh-Hans": "构念", "zh-Hant": "構念"},
    "item": {"en": "Item", "zh-Hans": "题目", "zh-Hant": "題目"},
    "path": {"en": "Path", "zh-Hans": "路径", "zh-Hant": "路徑"},
    "measure": {"en": "Index", "zh-Hans": "指标", "zh-Hant": "指標"},
    "value": {"en": "Value", "zh-Hans": "数值", "zh-Hant": "數值"},
    "threshold": {"en": "Threshold", "zh-Hans": "标准", "zh-Hant": "標準"},
    "source": {"en": "Source", "zh-Hans": "来源", "zh-Hant": "來源"},
    "supported": {"en": "Supported", "zh-Hans": "是否支持", "zh-Hant": "是否支持"},
    "yes": {"en": "Yes", "zh-Hans": "支持", "zh-Hant": "支持"},
    "no": {"en": "No", "zh-Hans": "不支持", "zh-Hant": "不支持"},
    "type": {"en": "Effect", "zh-Hans": "效应", "zh-Hant": "效果"},
    "term": {"en": "Predictor", "zh-Hans": "自变量", "zh-Hant": "自變項"},
    "driver": {"en": "Driver", "zh-Hans": "驱动因素", "zh-Hant": "驅動因素"},
    "rank": {"en": "Rank", "zh-Hans": "排名", "zh-Hant": "排名"},
    "stability": {"en": "Rank stability", "zh-Hans": "排名稳定性", "zh-Hant": "排名穩定性"},
    "importance": {"en": "Importance", "zh-Hans": "重要性", "zh-Hant": "重要性"},
    "performance": {"en": "Performance", "zh-Hans": "绩效", "zh-Hant": "績效"},
    "quadrant": {"en": "Quadrant", "zh-Hans": "象限", "zh-Hant": "象限"},
    "priority": {"en": "Priority", "zh-Hans": "优先序", "zh-Hant": "優先序"},
    "loading_range": {"en": "λ range", "zh-Hans": "载荷范围", "zh-Hant": "負荷量範圍"},
    "direct": {"en": "direct", "zh-Hans": "直接", "zh-Hant": "直接"},
    "indirect": {"en": "indirect", "zh-Hans": "间接", "zh-Hant": "間接"},
    "total_indirect": {"en": "total indirect", "zh-Hans": "总间接", "zh-Hant": "總間接"},
    "total": {"en": "total", "zh-Hans": "总效应", "zh-Hant": "總效果"},
    "segment": {"en": "Segment", "zh-Hans": "分组", "zh-Hant": "分組"},
    "all": {"en": "All", "zh-Hans": "全体", "zh-Hant": "全體"},
    "grade": {"en": "Grade", "zh-Hans": "等级", "zh-Hant": "等級"},
    "model": {"en": "Model", "zh-Hans": "模型", "zh-Hant": "模型"},
    "holds": {"en": "Holds", "zh-Hans": "是否成立", "zh-Hant": "是否成立"},
    "variable": {"en": "Variable", "zh-Hans": "变量", "zh-Hant": "變項"},
    "test": {"en": "Test", "zh-Hans": "检验", "zh-Hant": "檢定"},
    "effect_size": {"en": "Effect size", "zh-Hans": "效应量", "zh-Hant": "效果量"},
    "parameter": {"en": "Parameter", "zh-Hans": "参数", "zh-Hant": "參數"},
    "statistic": {"en": "Statistic", "zh-Hans": "统计量", "zh-Hant": "統計量"},
    "check": {"en": "Check", "zh-Hans": "检验方法", "zh-Hant": "檢定方法"},
    "result": {"en": "Result", "zh-Hans": "结果", "zh-Hant": "結果"},
    "verdict": {"en": "Verdict", "zh-Hans": "结论", "zh-Hant": "結論"},
    "released": {"en": "Released", "zh-Hans": "释放的参数", "zh-Hant": "釋放的參數"},
}
TITLES = {
    "reliability": {"en": "Reliability and Convergent Validity of the Constructs",
                    "zh-Hans": "各构念的信度与收敛效度", "zh-Hant": "各構念的信度與收斂效度"},
    "fit": {"en": "Fit of the Measurement and Structural Models", "zh-Hans": "测量模型与结构模型的拟合指标",
            "zh-Hant": "測量模型與結構模型的配適指標"},
    "loadings": {"en": "Standardized Factor Loadings (Confirmatory Factor Analysis)",
                 "zh-Hans": "验证性因子分析的标准化因子载荷", "zh-Hant": "驗證性因素分析的標準化因素負荷量"},
    "correlations": {"en": "Means, Standard Deviations and Latent Correlations",
                     "zh-Hans": "均值、标准差与潜变量相关系数", "zh-Hant": "平均數、標準差與潛在變項相關係數"},
    "paths": {"en": "Structural Paths and Hypothesis Tests", "zh-Hans": "结构路径与假设检验",
              "zh-Hant": "結構路徑與假設檢定"},
    "simple_slopes": {"en": "Simple Slopes of the Latent Interactions", "zh-Hans": "潜变量交互作用的简单斜率",
                      "zh-Hant": "潛在變項交互作用的簡單斜率"},
    "effects": {"en": "Direct, Indirect and Total Effects", "zh-Hans": "直接效应、间接效应与总效应",
                "zh-Hant": "直接效果、間接效果與總效果"},
    "regression": {"en": "Regression of {outcome} on Construct Scores", "zh-Hans": "{outcome} 对构念得分的回归",
                   "zh-Hant": "{outcome} 對構念分數的迴歸"},
    "drivers": {"en": "Relative Importance of the Drivers of {target}", "zh-Hans": "{target} 驱动因素的相对重要性",
                "zh-Hant": "{target} 驅動因素的相對重要性"},
    "ipa": {"en": "Importance–Performance Analysis", "zh-Hans": "重要性–绩效分析", "zh-Hant": "重要性–績效分析"},
    "groups": {"en": "Construct Means Compared Across Segments of {group}", "zh-Hans": "按 {group} 分组的构念均值比较",
               "zh-Hant": "依 {group} 分組的構念平均比較"},
    "invariance": {"en": "Measurement Invariance Across Segments of {group}", "zh-Hans": "按 {group} 分组的测量不变性",
                   "zh-Hant": "依 {group} 分組的測量不變性"},
    "index": {"en": "Weighted Satisfaction Index (0–100)", "zh-Hans": "加权满意度指数（0–100）",
              "zh-Hant": "加權滿意度指數（0–100）"},
    "modindices": {"en": "Largest Modification Indices of the Measurement Model",
                   "zh-Hans": "测量模型的最大修正指数", "zh-Hant": "測量模型的最大修正指標"},
    "mardia": {"en": "Mardia's Test of Multivariate Normality", "zh-Hans": "Mardia 多元正态性检验",
               "zh-Hant": "Mardia 多元常態性檢定"},
    "method_bias": {"en": "Common Method Bias Checks", "zh-Hans": "共同方法偏差检验", "zh-Hant": "共同方法變異檢定"},
}
MI_ROWS = 10                 # the modification indices a report table shows (largest first)
FIT_ROWS = [  # (label, key, bounded, threshold, source)
    ("χ²/df", "chisq/df", False, "< 3", "Kline (2016)"),
    ("CFI", "cfi", True, "≥ .90 (≥ .95)", "Hu & Bentler (1999)"),
    ("TLI", "tli", True, "≥ .90 (≥ .95)", "Hu & Bentler (1999)"),
    ("RMSEA", "rmsea", True, "≤ .08 (≤ .06)", "Hu & Bentler (1999)"),
    ("SRMR", "srmr", True, "≤ .08", "Hu & Bentler (1999)"),
    ("GFI", "gfi", True, "≥ .90", "Jöreskog & Sörbom (1984)"),
    ("AGFI", "agfi", True, "≥ .80", "Jöreskog & Sörbom (1984)"),
]


def _w(key: str, lang: str) -> str:
    return WORDS[key].get(lang, WORDS[key]["en"])


def _title(key: str, lang: str, **values) -> str:
    return TITLES[key].get(lang, TITLES[key]["en"]).format(**values)


def _note(lang: str, *parts: str) -> str:
    sep = " " if lang == "en" else ""
    return sep.join(p for p in parts if p)


def apa_source(source) -> str:
    """A results source as an APA narrative citation: "Podsakoff, MacKenzie, Lee & Podsakoff 2003 (single-factor
    CFA); Cheung & Rensvold 2002" → "Podsakoff et al. (2003); Cheung & Rensvold (2002)"."""
    import re
    out = []
    for part in str(source or "").split(";"):
        part = re.sub(r"\s*\([^()]*\)", "", part).strip()
        m = re.fullmatch(r"(.+?),?\s+((?:19|20)\d{2}[a-z]?)", part)
        if not m:
            if part:
                out.append(part)
            continue
        authors, year = m.group(1), m.group(2)
        names = [a.strip() for a in re.split(r",|&| and ", authors) if a.strip()]
        if len(names) > 2 or "et al" in authors:
            authors = f"{names[0].replace(' et al.', '')} et al."
        out.append(f"{authors} ({year})")
    return "; ".join(dict.fromkeys(out))


def _n(names: dict | None, cid) -> str:
    """A construct's display name (:func:`research.report.text.construct_names`), else its id; a latent
    interaction's product factor ``A.B`` reads "name(A) × name(B)" when both are named."""
    names = names or {}
    key = str(cid)
    if key not in names and key.count(".") == 1:
        a, b = key.split(".")
        if a in names and b in names:
            return f"{names[a]} × {names[b]}"
    return names.get(key, key)


def _fixed(p: dict) -> bool:
    """A parameter fixed in the model (a marker loading, a path set to a value): no SE (lavaan: 0), z, p or CI."""
    se = p.get("se")
    return se is None or (isinstance(se, (int, float)) and not isinstance(se, bool) and se == 0)


def _ci(lo, hi, digits: int = 3) -> str:
    """"[0.115, 0.380]"; "—" when the interval is missing (no bootstrap, a fixed parameter)."""
    if apa.num(lo, digits) == "—" and apa.num(hi, digits) == "—":
        return "—"
    return f"[{apa.num(lo, digits)}, {apa.num(hi, digits)}]"


def _sep(lang: str) -> str:
    return "; " if lang == "en" else "；"


def reliability(d: dict, lang: str, names: dict | None = None) -> Table | None:
    rel = d.get("reliability") or {}
    if not rel:
        return None
    desc = d.get("descriptives", {})
    rows = []
    for c, r in rel.items():
        lam = list((r.get("std_loadings") or {}).values())
        rows.append([_n(names, c), str(len(r["items"])), apa.num(desc.get(c, {}).get("mean"), 2),
                     apa.num(desc.get(c, {}).get("sd"), 2), apa.unit(r.get("alpha"), 3), apa.unit(r.get("cr"), 3),
                     apa.unit(r.get("ave"), 3),
                     f"{apa.unit(min(lam), 3)}–{apa.unit(max(lam), 3)}" if lam else "—"])
    note = {"en": "k = number of items; α = Cronbach's alpha (≥ .70; Nunnally, 1978); CR = composite reliability "
                  "(≥ .70; Bagozzi & Yi, 1988); AVE = average variance extracted (≥ .50; Fornell & Larcker, 1981); "
                  "λ = standardized loadings.",
            "zh-Hans": "k 为题目数；α 为 Cronbach's α（≥ .70；Nunnally, 1978）；CR 为组合信度（≥ .70；Bagozzi & Yi, "
                       "1988）；AVE 为平均方差抽取量（≥ .50；Fornell & Larcker, 1981）；λ 为标准化载荷。",
            "zh-Hant": "k 為題數；α 為 Cronbach's α（≥ .70；Nunnally, 1978）；CR 為組成信度（≥ .70；Bagozzi & Yi, "
                       "1988）；AVE 為平均變異抽取量（≥ .50；Fornell & Larcker, 1981）；λ 為標準化負荷量。"}
    from ..tables import reliability_notes
    why = reliability_notes(d, lang)
    dash = {"en": "— = not applicable: ", "zh-Hans": "— 表示不适用：", "zh-Hant": "— 表示不適用："}[lang]
    missing = (dash + _sep(lang).join(f"{_n(names, c)}, {w}" if lang == "en" else f"{_n(names, c)}，{w}"
                                      for c, w in why.items())
               + ("." if lang == "en" else "。")) if why else ""
    head = [_w("construct", lang), "k", "M", "SD", "α", "CR", "AVE", _w("loading_range", lang)]
    if (d.get("estimation") or {}).get("ordered"):
        # WLSMV/ULSMV: ordinal α and categorical ω beside Cronbach's α; CR, AVE and λ from the WLSMV loadings
        for row, r in zip(rows, rel.values()):
            row[5:5] = [apa.unit(r.get("alpha.ordinal"), 3), apa.unit(r.get("omega"), 3)]
        head[5:5] = [ORDINAL_HEAD["alpha"][lang], ORDINAL_HEAD["omega"][lang]]
        note[lang] += ORDINAL_NOTE[lang].format(est=d["estimation"].get("estimator", "WLSMV"))
    return Table("reliability", _title("reliability", lang), head, rows,
                 _note(lang, _w("note", lang), note[lang], missing))


ORDINAL_HEAD = {"alpha": {"en": "ordinal α", "zh-Hans": "有序 α", "zh-Hant": "有序 α"},
                "omega": {"en": "categorical ω", "zh-Hans": "类别 ω", "zh-Hant": "類別 ω"}}
ORDINAL_NOTE = {
    "en": " Items analysed as ordered categories ({est}): ordinal α = Cronbach's α of the polychoric correlations "
          "(Zumbo, Gadermann & Zeisser, 2007); categorical ω = reliability of the summed item score (Green & Yang, "
          "2009); CR, AVE and λ from the {est} standardized loadings.",
    "zh-Hans": "题目按有序类别分析（{est}）：有序 α 为多分格相关矩阵上的 Cronbach's α（Zumbo, Gadermann & Zeisser, 2007）；"
               "类别 ω 为题目总分的信度（Green & Yang, 2009）；CR、AVE 与 λ 由 {est} 标准化载荷计算。",
    "zh-Hant": "題目依有序類別分析（{est}）：有序 α 為多分格相關矩陣上的 Cronbach's α（Zumbo, Gadermann & Zeisser, 2007）；"
               "類別 ω 為題目總分的信度（Green & Yang, 2009）；CR、AVE 與 λ 由 {est} 標準化負荷量計算。"}
# WLSMV/ULSMV: the fit table's statistics by lavaan's names (the scaled-shifted χ², the robust indices)
ORDINAL_FIT = {"chisq": "chisq.scaled", "df": "df.scaled", "cfi": "cfi.robust", "tli": "tli.robust",
               "rmsea": "rmsea.robust", "rmsea.ci.lower": "rmsea.ci.lower.robust",
               "rmsea.ci.upper": "rmsea.ci.upper.robust", "srmr": "srmr"}


def fit(d: dict, lang: str, names: dict | None = None) -> Table | None:
    blocks = [(b, d[b]["fit"]) for b in ("cfa", "sem") if d.get(b)]
    if not blocks:
        return None
    names = {"cfa": {"en": "Measurement model", "zh-Hans": "测量模型", "zh-Hant": "測量模型"},
             "sem": {"en": "Structural model", "zh-Hans": "结构模型", "zh-Hant": "結構模型"}}
    est = (d.get("estimation") or {}).get("estimator")
    if (d.get("estimation") or {}).get("ordered") is not None:
        return _ordinal_fit(blocks, names, est, lang)
    rows = [["χ² (df)", *[f"{apa.num(f.get('chisq'), 2)} ({apa.num(f.get('df'), 0)})" for _, f in blocks], "", ""]]
    for label, key, bounded, threshold, source in FIT_ROWS:
        cells = []
        for _, f in blocks:
            ok = f.get("chisq") is not None and bool(f.get("df"))
            value = (f["chisq"] / f["df"] if ok else None) if key == "chisq/df" else f.get(key)
            cell = apa.unit(value, 3) if bounded else apa.num(value, 2)
            if key == "rmsea" and f.get("rmsea.ci.lower") is not None:
                cell += f" [{apa.unit(f['rmsea.ci.lower'], 3)}, {apa.unit(f['rmsea.ci.upper'], 3)}]"
            cells.append(cell)
        rows.append([label, *cells, threshold, source])
    note = {"en": "Thresholds in parentheses are the strict ones; RMSEA with its 90% confidence interval. "
                  "Estimator: maximum likelihood as in lavaan.",
            "zh-Hans": "括号内为严格标准；RMSEA 后为其 90% 置信区间。估计方法：最大似然（与 lavaan 相同）。",
            "zh-Hant": "括號內為嚴格標準；RMSEA 後為其 90% 信賴區間。估計方法：最大概似（與 lavaan 相同）。"}
    return Table("fit", _title("fit", lang), [_w("measure", lang), *[names[b][lang] for b, _ in blocks],
                                              _w("threshold", lang), _w("source", lang)], rows,
                 _note(lang, _w("note", lang), note[lang]))


def _ordinal_fit(blocks, names, est: str, lang: str) -> Table:
    """The fit table of a WLSMV/ULSMV run: lavaan's chisq.scaled (df.scaled), pvalue.scaled, cfi.robust, tli.robust,
    rmsea.robust with its 90% CI, srmr, each row named as lavaan names it."""
    fits = [{k: f.get(v) for k, v in ORDINAL_FIT.items()} | {"pvalue": f.get("pvalue.scaled")} for _, f in blocks]
    rows = [["chisq.scaled (df.scaled)", *[f"{apa.num(f['chisq'], 2)} ({apa.num(f['df'], 0)})" for f in fits], "", ""],
            ["pvalue.scaled", *[apa.p(f["pvalue"]) for f in fits], "", ""]]
    for label, key, bounded, threshold, source in FIT_ROWS:
        cells = []
        for f in fits:
            ok = f.get("chisq") is not None and bool(f.get("df"))
            value = (f["chisq"] / f["df"] if ok else None) if key == "chisq/df" else f.get(key)
            cell = apa.unit(value, 3) if bounded else apa.num(value, 2)
            if key == "rmsea" and f.get("rmsea.ci.lower") is not None:
                cell += f" [{apa.unit(f['rmsea.ci.lower'], 3)}, {apa.unit(f['rmsea.ci.upper'], 3)}]"
            cells.append(cell)
        rows.append([ORDINAL_FIT.get(key, "chisq.scaled/df.scaled" if key == "chisq/df" else key), *cells,
                     threshold, source])
    note = {"en": f"Thresholds in parentheses are the strict ones; rmsea.robust with its 90% confidence interval. "
                  f"Estimator: {est} on polychoric correlations as in lavaan (scaled-shifted χ²; robust CFI, TLI "
                  f"and RMSEA of Savalei, 2021); statistics named as lavaan's fitMeasures() names them.",
            "zh-Hans": f"括号内为严格标准；rmsea.robust 后为其 90% 置信区间。估计方法：{est}，基于多分格相关（与 lavaan 相同；"
                       f"均值和方差校正的 χ²；Savalei, 2021 的稳健 CFI、TLI 与 RMSEA）；统计量名称同 lavaan 的 fitMeasures()。",
            "zh-Hant": f"括號內為嚴格標準；rmsea.robust 後為其 90% 信賴區間。估計方法：{est}，基於多分格相關（與 lavaan 相同；"
                       f"平均數和變異數校正的 χ²；Savalei, 2021 的穩健 CFI、TLI 與 RMSEA）；統計量名稱同 lavaan 的 fitMeasures()。"}
    return Table("fit", _title("fit", lang), [_w("measure", lang), *[names[b][lang] for b, _ in blocks],
                                              _w("threshold", lang), _w("source", lang)], rows,
                 _note(lang, _w("note", lang), note[lang]))


def loadings(d: dict, lang: str, names: dict | None = None) -> Table | None:
    if not d.get("cfa"):
        return None
    rows = [[_n(names, p["lhs"]), p["rhs"], apa.unit(p["std.all"], 3), apa.num(p["est"], 3),
             apa.num(p["se"], 3) if p["se"] else "—", apa.p(p["pvalue"]) if p["pvalue"] is not None else "—"]
            for p in d["cfa"]["parameters"] if p["op"] == "=~"]
    note = {"en": "λ = standardized loading (≥ .70 ideal, ≥ .50 acceptable; Hair et al., 2019). The first item "
                  "of each construct is the marker (B fixed at 1).",
            "zh-Hans": "λ 为标准化载荷（理想 ≥ .70，可接受 ≥ .50；Hair et al., 2019）。各构念第一个题目为参照指标（B 固定为 1）。",
            "zh-Hant": "λ 為標準化負荷量（理想 ≥ .70，可接受 ≥ .50；Hair et al., 2019）。各構念第一個題目為參照指標（B 固定為 1）。"}
    return Table("loadings", _title("loadings", lang),
                 [_w("construct", lang), _w("item", lang), "λ", "B", "SE", "p"], rows,
                 _note(lang, _w("note", lang), note[lang]))


def correlations(d: dict, lang: str, names: dict | None = None) -> Table | None:
    lat = (d.get("validity") or {}).get("latent_correlations")
    if not lat:
        return None
    shown, names = names, list(lat)
    desc = d.get("descriptives", {})
    sqrt_ave = (d.get("fornell_larcker") or {}).get("sqrt_ave", {})
    rows = []
    for i, a in enumerate(names):
        row = [f"{i + 1}. {_n(shown, a)}", apa.num(desc.get(a, {}).get("mean"), 2),
               apa.num(desc.get(a, {}).get("sd"), 2)]
        for j, b in enumerate(names):
            if j < i:
                row.append(apa.unit(lat[a][b], 3))
            elif j == i:
                row.append(f"({apa.unit(sqrt_ave.get(a), 3)})" if a in sqrt_ave else "—")
            else:
                row.append("")
        rows.append(row)
    note = {"en": "M and SD of the mean item scores; below the diagonal the latent correlations from the CFA; on "
                  "the diagonal, in parentheses, √AVE, which should exceed the construct's correlations "
                  "(Fornell & Larcker, 1981).",
            "zh-Hans": "M、SD 为题目均值得分的均值与标准差；对角线下方为 CFA 潜变量相关系数；对角线括号内为 √AVE，"
                       "应大于该构念与其他构念的相关（Fornell & Larcker, 1981）。",
            "zh-Hant": "M、SD 為題目平均分數的平均數與標準差；對角線下方為 CFA 潛在變項相關係數；對角線括號內為 √AVE，"
                       "應大於該構念與其他構念的相關（Fornell & Larcker, 1981）。"}
    return Table("correlations", _title("correlations", lang),
                 [_w("construct", lang), "M", "SD", *[str(k + 1) for k in range(len(names))]], rows,
                 _note(lang, _w("note", lang), note[lang]))


def paths(d: dict, lang: str, names: dict | None = None) -> Table | None:
    sem = d.get("sem")
    if not sem:
        return None
    hyp = {(h["from"], h["to"]): h for h in d.get("hypotheses", []) if h.get("path") == "direct"}
    rows = []
    for p in sem["parameters"]:
        if p["op"] != "~":
            continue
        h = hyp.get((p["rhs"], p["lhs"]))
        label = f"{h['id']}: " if h and h.get("id") else ""
        fixed = _fixed(p)
        rows.append([f"{label}{_n(names, p['rhs'])} → {_n(names, p['lhs'])}", apa.num(p["est"], 3),
                     apa.unit(p["std.all"], 3) + ("" if fixed else apa.stars(p["pvalue"])),
                     *(["—"] * 4 if fixed else [apa.num(p["se"], 3), apa.num(p["z"], 2), apa.p(p["pvalue"]),
                                                _ci(p["ci.lower"], p["ci.upper"])]),
                     (_w("yes", lang) if h["supported"] else _w("no", lang)) if h else ""])
    r2 = {k: v for k, v in sem.get("r2", {}).items() if k in {p["lhs"] for p in sem["parameters"] if p["op"] == "=~"}}
    r2_text = "; ".join(f"R²({_n(names, k)}) = {apa.unit(v, 3)}" for k, v in r2.items())
    return Table("paths", _title("paths", lang),
                 [_w("path", lang), "B", "β", "SE", "z", "p", "95% CI", _w("supported", lang)], rows,
                 _note(lang, _w("note", lang), r2_text + (". " if lang == "en" else "。"), apa.STARS_NOTE[lang]))


def simple_slopes(d: dict, lang: str, names: dict | None = None) -> Table | None:
    """The simple slopes of the SEM's latent interactions (:func:`research.tables.sem_simple_slopes`: the
    predictor's effect at the moderator's mean and ± 1 SD), APA-formatted, with the product-indicator method
    in the note (Lin et al. 2010 double-mean-centering; Little et al. 2006 residual centering)."""
    from .. import tables as display
    frame = display.sem_simple_slopes(d, lang)
    if frame.empty:
        return None
    cols = list(frame.columns)
    path, mod, at, value, b, se, z, p, lo, hi, how = (cols[0], cols[2], cols[3], cols[4], *cols[5:12])
    rows = [[r[path], r[mod], f"{r[at]} ({apa.num(r[value], 3)})", apa.num(r[b], 3), apa.num(r[se], 3),
             apa.num(r[z], 2), apa.p(r[p]), _ci(r[lo], r[hi])] for _, r in frame.iterrows()]
    block = (d.get("sem") or {}).get("interaction") or {}
    method = {"dmc": {"en": "double-mean-centered product indicators (Lin et al., 2010)",
                      "zh-Hans": "双重均值中心化乘积指标（Lin et al., 2010）",
                      "zh-Hant": "雙重平均數中心化乘積指標（Lin et al., 2010）"},
              "rc": {"en": "residual-centered product indicators (Little et al., 2006)",
                     "zh-Hans": "残差中心化乘积指标（Little et al., 2006）",
                     "zh-Hant": "殘差中心化乘積指標（Little et al., 2006）"}}.get(block.get("method"), {})
    how_text = {"en": f"Latent interactions by {method.get('en', '')}; CI: {frame[how].iloc[0]}.",
                "zh-Hans": f"潜变量交互作用采用{method.get('zh-Hans', '')}；置信区间：{frame[how].iloc[0]}。",
                "zh-Hant": f"潛在變項交互作用採用{method.get('zh-Hant', '')}；信賴區間：{frame[how].iloc[0]}。"}[lang]
    return Table("simple_slopes", _title("simple_slopes", lang),
                 [cols[0], cols[2], cols[3], "B", "SE", "z", "p", "95% CI"], rows,
                 _note(lang, _w("note", lang), how_text))


def effects(d: dict, lang: str, names: dict | None = None) -> Table | None:
    sem = d.get("sem")
    if not sem or not sem.get("effects"):
        return None
    rows = []
    for e in sem["effects"]:
        if e["type"] == "total_indirect" and len(e["via"]) <= 1:
            continue                     # the same as the single indirect effect
        rows.append([" → ".join(_n(names, x) for x in [e["from"], *e["via"], e["to"]]), _w(e["type"], lang),
                     apa.num(e["est"], 3),
                     apa.unit(e["std"], 3), apa.num(e["se"], 3), _ci(e["ci.lower"], e["ci.upper"]),
                     apa.p(e["pvalue"])])
    boot = sem.get("bootstrap")
    method = {"en": f"95% CI: percentile bootstrap with {boot['n_boot']} resamples (seed {boot['seed']}); SE and p "
                    f"from the delta method." if boot else "95% CI and SE from the delta method (Sobel, 1982).",
              "zh-Hans": f"95% CI：百分位自助法，重抽样 {boot['n_boot']} 次（随机种子 {boot['seed']}）；SE 与 p 来自 delta 法。"
              if boot else "95% CI 与 SE 来自 delta 法（Sobel, 1982）。",
              "zh-Hant": f"95% CI：百分位拔靴法，重抽樣 {boot['n_boot']} 次（隨機種子 {boot['seed']}）；SE 與 p 來自 delta 法。"
              if boot else "95% CI 與 SE 來自 delta 法（Sobel, 1982）。"}
    return Table("effects", _title("effects", lang),
                 [_w("path", lang), _w("type", lang), "B", "β", "SE", "95% CI", "p"], rows,
                 _note(lang, _w("note", lang), method[lang]))


# what the regressions' construct scores are (results.json regression[].scores; factor scores by the CFA's estimator)
_SCORES = {
    "mean": {"en": "Construct scores are mean item scores.", "zh-Hans": "构念得分为题目平均分。",
             "zh-Hant": "構念分數為題目平均分數。"},
    "factor": {"en": "Construct scores are CFA factor scores (regression method; Thurstone, 1935).",
               "zh-Hans": "构念得分为 CFA 因子得分（回归法；Thurstone, 1935）。",
               "zh-Hant": "構念分數為 CFA 因素分數（迴歸法；Thurstone, 1935）。"},
    "factor_ordinal": {"en": "Construct scores are CFA factor scores of the ordered items (empirical Bayes modal, as "
                             "lavaan's lavPredict; Rosseel, 2012).",
                       "zh-Hans": "构念得分为有序题目 CFA 的因子得分（经验贝叶斯众数法，同 lavaan 的 lavPredict；Rosseel, 2012）。",
                       "zh-Hant": "構念分數為有序題目 CFA 的因素分數（經驗貝氏眾數法，同 lavaan 的 lavPredict；Rosseel, 2012）。"},
}


def scores_sentence(d: dict, entry: dict, lang: str) -> str:
    """What a regression's construct scores are (``entry["scores"]``: mean item scores or factor scores, EBM
    under an ordinal estimator), one sentence in ``lang`` ("" if not said)."""
    kind = entry.get("scores")
    if kind == "factor" and str((d.get("cfa") or {}).get("estimator") or "ML").upper() in ORDINAL_ESTIMATORS:
        kind = "factor_ordinal"
    return _SCORES[kind][lang] if kind in _SCORES else ""


def regressions(d: dict, lang: str, names: dict | None = None) -> list[Table]:
    out = []
    for entry in d.get("regression", []):
        rows = [[_n(names, c["term"]), apa.num(c["b"], 3), apa.num(c["se"], 3), apa.unit(c["beta"], 3) if c["term"] !=
                 "(Intercept)" else "", apa.num(c["t"], 2), apa.p(c["p"]), _ci(c["ci_lower"], c["ci_upper"]),
                 apa.num(c["vif"], 2) if c.get("vif") is not None else ""] for c in entry["coefficients"]]
        stats = (f"n = {entry['n']}, R² = {apa.unit(entry['r2'], 3)}, adj. R² = {apa.unit(entry['r2_adj'], 3)}, "
                 f"F({entry['df1']}, {entry['df2']}) = {apa.num(entry['f'], 2)}, {apa.p_text(entry['pvalue'])}")
        out.append(Table(f"regression_{entry['outcome']}", _title("regression", lang, outcome=_n(names, entry["outcome"])),
                         [_w("term", lang), "B", "SE", "β", "t", "p", "95% CI", "VIF"], rows,
                         _note(lang, _w("note", lang), stats + ("." if lang == "en" else "。"),
                               scores_sentence(d, entry, lang))))
    return out


def drivers(d: dict, lang: str, names: dict | None = None) -> Table | None:
    drv = (d.get("drivers") or {}).get("overall")
    if not drv:
        return None
    rows = []
    for r in sorted(drv["drivers"], key=lambda r: r["rank"]):
        ci = "—"
        if r.get("lmg_share_ci_lower") is not None and r.get("lmg_share_ci_upper") is not None:
            ci = _ci(100 * r["lmg_share_ci_lower"], 100 * r["lmg_share_ci_upper"], 1)
        rows.append([_n(names, r["driver"]), apa.unit(r["beta"], 3), apa.num(100 * r["lmg_share"], 1), ci,
                     apa.num(100 * r["rw_share"], 1), apa.num(r["rank"], 0),
                     apa.unit(r["rank_stability"], 2) if r.get("rank_stability") is not None else "—"])
    note = {"en": f"LMG = Shapley decomposition of R² = {apa.unit(drv['r2'], 3)} (Lindeman et al., 1980), in % of "
                  f"R², with its bootstrap 95% CI; RW = relative weights (Johnson, 2000); rank stability = share of "
                  f"bootstrap resamples in which the driver keeps its rank.",
            "zh-Hans": f"LMG 为 R² = {apa.unit(drv['r2'], 3)} 的 Shapley 分解（Lindeman et al., 1980），以占 R² 的百分比"
                       f"表示，附自助法 95% CI；RW 为相对权重（Johnson, 2000）；排名稳定性为重抽样中保持该排名的比例。",
            "zh-Hant": f"LMG 為 R² = {apa.unit(drv['r2'], 3)} 的 Shapley 分解（Lindeman et al., 1980），以占 R² 的百分比"
                       f"表示，附拔靴法 95% CI；RW 為相對權數（Johnson, 2000）；排名穩定性為重抽樣中保持該排名的比例。"}
    return Table("drivers", _title("drivers", lang, target=_n(names, d["drivers"]["target"])),
                 [_w("driver", lang), "β", "LMG (%)", "95% CI", "RW (%)", _w("rank", lang), _w("stability", lang)],
                 rows, _note(lang, _w("note", lang), note[lang]))


def ipa(d: dict, lang: str, names: dict | None = None) -> Table | None:
    m = (d.get("ipa") or {}).get("map")
    if not m:
        return None
    rows = [[_n(names, r["driver"]) if str(r["driver"]) in (names or {}) else r["label"] or r["driver"],
             apa.unit(r["importance"], 3), apa.num(r["performance"], 2),
             apa.num(r["performance_100"], 1), r["quadrant_label"][lang], str(r["priority"])]
            for r in sorted(m["drivers"], key=lambda r: r["priority"])]
    note = {"en": "Importance = standardized total effect on the target (SEM); performance = mean rating and on "
                  "0–100; crosshairs at the means (Martilla & James, 1977).",
            "zh-Hans": "重要性为对目标变量的标准化总效应（SEM）；绩效为平均评分及其 0–100 换算；以均值为分界（Martilla & "
                       "James, 1977）。",
            "zh-Hant": "重要性為對目標變項的標準化總效果（SEM）；績效為平均評分及其 0–100 換算；以平均數為分界（Martilla & "
                       "James, 1977）。"}
    return Table("ipa", _title("ipa", lang),
                 [_w("driver", lang), _w("importance", lang), _w("performance", lang), "0–100",
                  _w("quadrant", lang), _w("priority", lang)], rows, _note(lang, _w("note", lang), note[lang]))


def _effect(r: dict) -> str:
    """"ω² = .12": the effect size with its name, two decimals as APA 7 prints them (one column, one
    precision), "—" when there is none."""
    name = r.get("effect_name") or r.get("effect") or ""
    if name == "Hedges g":                             # not bounded by 1
        name, value = "g", apa.num(r.get("effect_value"), 2)
    else:
        name, value = {"r_rb": "r"}.get(name, name), apa.unit(r.get("effect_value"), 2)
    return f"{name} = {value}" if name and value != "—" else value


def _segment(d: dict, code, lang: str) -> str:
    """A segment's label in ``lang`` (``groups.labels``), else its code."""
    labels = (d.get("groups") or {}).get("labels") if isinstance(d.get("groups"), dict) else None
    entry = labels.get(str(code)) if isinstance(labels, dict) else None
    if isinstance(entry, dict) and isinstance(entry.get(lang) or entry.get("en"), str):
        return entry.get(lang) or entry["en"]
    return str(code)


def groups(d: dict, lang: str, names: dict | None = None) -> Table | None:
    g = d.get("groups")
    if not g or "tests" not in g:
        return None
    rows = [[_n(names, r["variable"]), r["test"], apa.num(r["statistic"], 2), apa.p(r["p"]), apa.p(r["p_adj"]),
             _effect(r)] for r in g["tests"]]
    note = {"en": f"p adjusted across constructs ({g.get('correction', 'holm')}).",
            "zh-Hans": f"校正 p 为跨构念校正（{g.get('correction', 'holm')}）。",
            "zh-Hant": f"校正 p 為跨構念校正（{g.get('correction', 'holm')}）。"}
    return Table("groups", _title("groups", lang, group=g["group"]),
                 [_w("variable", lang), _w("test", lang), "F / t / H", "p", "p (adj.)", _w("effect_size", lang)],
                 rows, _note(lang, _w("note", lang), note[lang]))


def invariance(d: dict, lang: str, names: dict | None = None) -> Table | None:
    inv = (d.get("invariance") or {}).get("measurement")
    if not inv:
        return None
    from ..tables import LEVEL, invariance_indices
    names = invariance_indices(d)
    robust = names["cfi"] != "cfi"
    comp = {c["model"]: c for c in inv.get("comparisons") or []}
    released = inv.get("released") or {}
    rows = []
    for lev in inv["levels"]:
        f = (inv["fits"].get(lev) or {}).get("fit") or {}
        c = comp.get(lev)
        chisq = f.get("chisq.scaled") if robust and f.get("chisq.scaled") is not None else f.get("chisq")
        yes_no = {True: {"en": "Yes", "zh-Hans": "是", "zh-Hant": "是"}, False: {"en": "No", "zh-Hans": "否", "zh-Hant": "否"}}
        holds = "" if not c else "—" if c.get("holds") is None else yes_no[bool(c["holds"])][lang]
        rows.append([LEVEL.get(lev, {}).get(lang, str(lev)), apa.num(chisq, 2), apa.num(f.get("df"), 0),
                     apa.unit(f.get(names["cfi"]), 3), apa.unit(f.get(names["rmsea"]), 3),
                     apa.unit(f.get(names["srmr"]), 3), apa.unit(c.get("delta.cfi"), 3) if c else "",
                     apa.unit(c.get("delta.rmsea"), 3) if c else "", apa.p(c.get("pvalue.diff")) if c else "", holds,
                     ", ".join(released.get(lev) or [])])
    note = {"en": "Invariance is rejected when CFI drops by .010 or more together with a rise in RMSEA of .015 or in "
                  "SRMR of .030 (metric) / .010 (scalar) or more (Chen, 2007).",
            "zh-Hans": "当 CFI 下降 ≥ .010 且 RMSEA 上升 ≥ .015 或 SRMR 上升 ≥ .030（度量）/ .010（标量）时拒绝不变性（Chen, 2007）。",
            "zh-Hant": "當 CFI 下降 ≥ .010 且 RMSEA 上升 ≥ .015 或 SRMR 上升 ≥ .030（量尺）/ .010（純量）時拒絕不變性（Chen, 2007）。"}
    extra = []
    if robust:
        extra.append({"en": "Estimator MLR: Satorra–Bentler scaled χ² and its difference test; CFI and RMSEA are "
                            "the robust versions the decision used (Brosseau-Liard & Savalei, 2014).",
                      "zh-Hans": "估计方法为 MLR：χ² 及其差异检验为 Satorra–Bentler 校正值；CFI 与 RMSEA 为判定所用的稳健版本"
                                 "（Brosseau-Liard & Savalei, 2014）。",
                      "zh-Hant": "估計方法為 MLR：χ² 及其差異檢定為 Satorra–Bentler 校正值；CFI 與 RMSEA 為判定所用的穩健版本"
                                 "（Brosseau-Liard & Savalei, 2014）。"}[lang])
    if any(c.get("holds") is None for c in comp.values()):
        extra.append({"en": "— = cannot be decided (a fit index is missing).", "zh-Hans": "— 表示缺少拟合指标而无法判断。",
                      "zh-Hant": "— 表示缺少配適指標而無法判斷。"}[lang])
    if any(released.get(lev) for lev in inv["levels"]):
        extra.append({"en": "Released: equalities freed for partial invariance (score tests; Byrne et al., 1989).",
                      "zh-Hans": "释放的参数：为达成部分不变性而放开的等同约束（分数检验；Byrne et al., 1989）。",
                      "zh-Hant": "釋放的參數：為達成部分不變性而放開的等同限制（分數檢定；Byrne et al., 1989）。"}[lang])
    robust_word = {"en": "robust ", "zh-Hans": "稳健 ", "zh-Hant": "穩健 "}[lang] if robust else ""
    return Table("invariance", _title("invariance", lang, group=d["invariance"]["group"]),
                 [_w("model", lang), "χ²", "df", f"{robust_word}CFI", f"{robust_word}RMSEA", "SRMR", "ΔCFI", "ΔRMSEA",
                  "p (Δχ²)", _w("holds", lang), _w("released", lang)],
                 rows, _note(lang, _w("note", lang), note[lang], *extra))


# ----------------------------------------------------------------------------------------------
# diagnostics
# ----------------------------------------------------------------------------------------------
def modindices(d: dict, lang: str, names: dict | None = None) -> Table | None:
    """The largest modification indices of the CFA, with the standardized residuals beyond |z| = 2.58 in the note."""
    diag = (d.get("diagnostics") or {}).get("cfa") or {}
    rows_in = diag.get("modindices") if isinstance(diag, dict) else None
    if not isinstance(rows_in, list) or not rows_in:
        return None
    from ..tables import OP_KIND
    top = sorted(rows_in, key=lambda r: -(r.get("mi") or 0))[:MI_ROWS]
    rows = [[f"{r['lhs']} {r['op']} {r['rhs']}", OP_KIND.get(r["op"], {}).get(lang, r["op"]), apa.num(r.get("mi"), 2),
             apa.num(r.get("epc"), 3), apa.num(r.get("sepc.all"), 3)] for r in top]
    note = {"en": "MI = modification index, the expected drop in χ² (df = 1) when the parameter is freed: MI > 3.84 "
                  "means p < .05; EPC = expected parameter change; Std. EPC = completely standardized EPC.",
            "zh-Hans": "MI 为修正指数，即释放该参数时 χ²（df = 1）的预期下降量，MI > 3.84 即 p < .05；EPC 为期望参数改变；"
                       "标准化 EPC 为完全标准化的 EPC。",
            "zh-Hant": "MI 為修正指標，即釋放該參數時 χ²（df = 1）的預期下降量，MI > 3.84 即 p < .05；EPC 為期望參數改變；"
                       "標準化 EPC 為完全標準化的 EPC。"}
    res = diag.get("largest_residuals")
    extra = ""
    if isinstance(res, list) and res:
        items = [f"{r['lhs']}–{r['rhs']} (z = {apa.num(r.get('standardized'), 2)})" if lang == "en" else
                 f"{r['lhs']}–{r['rhs']}（z = {apa.num(r.get('standardized'), 2)}）"
                 for r in sorted(res, key=lambda r: -abs(r.get("standardized") or 0))]
        extra = {"en": "Standardized residuals with |z| > 2.58: " + ", ".join(items) + ".",
                 "zh-Hans": "|z| > 2.58 的标准化残差：" + "、".join(items) + "。",
                 "zh-Hant": "|z| > 2.58 的標準化殘差：" + "、".join(items) + "。"}[lang]
    elif isinstance(res, list):
        extra = {"en": "No standardized residual exceeded |z| = 2.58.", "zh-Hans": "没有标准化残差超过 |z| = 2.58。",
                 "zh-Hant": "沒有標準化殘差超過 |z| = 2.58。"}[lang]
    return Table("modindices", _title("modindices", lang),
                 [_w("parameter", lang), {"en": "Kind", "zh-Hans": "类型", "zh-Hant": "類型"}[lang],
                  "MI", "EPC", {"en": "Std. EPC", "zh-Hans": "标准化 EPC", "zh-Hant": "標準化 EPC"}[lang]],
                 rows, _note(lang, _w("note", lang), note[lang], extra))


def mardia(d: dict, lang: str, names: dict | None = None) -> Table | None:
    m = (d.get("diagnostics") or {}).get("mardia")
    if not isinstance(m, dict) or "b1p" not in m:
        return None
    from ..tables import mardia as mardia_frame
    frame = mardia_frame(d, lang)
    rows = []
    for (_, r), stat in zip(frame.iterrows(), ("χ²", "χ²", "z")):
        measure, value, statistic, df, p, threshold, verdict = (r.iloc[k] for k in range(7))
        rows.append([measure, apa.num(value, 2), f"{stat} = {apa.num(statistic, 2)}",
                     apa.num(df, 0) if df == df else "—", apa.p(p), threshold, verdict])
    src = apa_source(f"Mardia 1970; {(m.get('thresholds') or {}).get('source', 'Bentler 2005')}")
    dropped = m.get("n_dropped") or 0
    note = {"en": f"n = {m.get('n')} responses without missing answers on the {m.get('p')} items"
                  + (f" ({dropped} left out)" if dropped else "") + f"; under multivariate normality b2p = "
                  f"{apa.num(m.get('b2p_expected'), 0)}. Sources: {src}.",
            "zh-Hans": f"n = {m.get('n')}，为 {m.get('p')} 个题目均无缺失的样本" + (f"（排除 {dropped} 份）" if dropped else "")
                       + f"；多元正态时 b2p 的期望值为 {apa.num(m.get('b2p_expected'), 0)}。来源：{src}。",
            "zh-Hant": f"n = {m.get('n')}，為 {m.get('p')} 個題目皆無遺漏的樣本" + (f"（排除 {dropped} 份）" if dropped else "")
                       + f"；多元常態時 b2p 的期望值為 {apa.num(m.get('b2p_expected'), 0)}。來源：{src}。"}
    return Table("mardia", _title("mardia", lang),
                 [_w("statistic", lang), _w("value", lang), "χ² / z", "df", "p", _w("threshold", lang),
                  _w("verdict", lang)], rows, _note(lang, _w("note", lang), note[lang]))


def method_bias(d: dict, lang: str, names: dict | None = None) -> Table | None:
    from ..tables import method_bias as method_frame
    frame = method_frame(d, lang)
    if not len(frame):
        return None
    rows = []
    for _, r in frame.iterrows():
        check, _value, detail, criterion, verdict, source = (r.iloc[k] for k in range(6))
        rows.append([check, str(detail), str(criterion), str(verdict), apa_source(source)])
    note = {"en": "A check that could not be run gives the reason under Result and — as its verdict.",
            "zh-Hans": "无法进行的检验在“结果”栏说明原因，结论记为 —。",
            "zh-Hant": "無法進行的檢定在「結果」欄說明原因，結論記為 —。"}
    return Table("method_bias", _title("method_bias", lang),
                 [_w("check", lang), _w("result", lang), _w("threshold", lang), _w("verdict", lang),
                  _w("source", lang)], rows, _note(lang, _w("note", lang), note[lang]))


def index(d: dict, lang: str, names: dict | None = None) -> Table | None:
    idx = d.get("index")
    if not idx or "overall" not in idx:
        return None
    rows = [[_w("all", lang), str(idx["overall"]["n"]), apa.num(idx["overall"]["mean"], 1),
             f"[{apa.num(idx['overall']['ci'][0], 1)}, {apa.num(idx['overall']['ci'][1], 1)}]",
             idx["overall"]["grade_names"][lang]]]
    for s in idx.get("segments", []):
        rows.append([_segment(d, s["segment"], lang), str(s["n"]), apa.num(s["mean"], 1),
                     f"[{apa.num(s['ci'][0], 1)}, {apa.num(s['ci'][1], 1)}]", s["grade_names"][lang]])
    weights = ", ".join(f"{_n(names, k)} {apa.unit(v, 3)}" for k, v in idx["weights"].items())
    note = {"en": f"E = Σ wᵢ·Iᵢ with weights {weights}; grades 优/良/中/低/差 at 85/75/60/40.",
            "zh-Hans": f"E = Σ wᵢ·Iᵢ，权重 {weights}；等级界限 85/75/60/40（优/良/中/低/差）。",
            "zh-Hant": f"E = Σ wᵢ·Iᵢ，權重 {weights}；等級界限 85/75/60/40（優/良/中/低/差）。"}
    return Table("index", _title("index", lang), [_w("segment", lang), "n", "M", "95% CI", _w("grade", lang)], rows,
                 _note(lang, _w("note", lang), note[lang]))


def report_tables(d: dict, lang: str = "zh-Hans", *, names: dict | None = None) -> list[Table]:
    """Every table the results allow, numbered in report order.

    Constructs are shown by name in ``lang``: ``names`` (construct id → one string or ``{lang: name}``) when
    given, else the names the results carry (:func:`research.report.text.default_names`), else their ids.
    Item codes and lavaan syntax (modification indices, released equalities) stay as they are.  A PLS-SEM run
    (``meta.spec.method == "pls"``) gets the tables of :mod:`research.report.pls_tables` instead of the CFA and
    CB-SEM ones."""
    from .pls_text import is_pls
    from .text import construct_names
    nm = construct_names(d, names, lang)
    if is_pls(d):
        # PLS-SEM chosen: its tables replace the CFA/CB-SEM ones (reliability and loadings of the CFA, latent
        # correlations, fit, modification indices, paths, effects, multi-group CFA invariance), and the
        # method-bias table leaves out the single-factor and method-factor CFAs
        from .pls_tables import pls_report_tables
        cmb = d.get("method_bias")
        plain = {**d, "method_bias": {k: v for k, v in cmb.items() if k not in ("single_factor", "method_factor")}} \
            if isinstance(cmb, dict) else d
        found = [mardia(d, lang, nm), method_bias(plain, lang, nm),
                 *pls_report_tables(d, lang, nm if names is not None else None), *regressions(d, lang, nm),
                 drivers(d, lang, nm), ipa(d, lang, nm), groups(d, lang, nm), index(d, lang, nm)]
    else:
        found = [reliability(d, lang, nm), correlations(d, lang, nm), loadings(d, lang, nm), fit(d, lang, nm),
                 modindices(d, lang, nm), mardia(d, lang, nm), method_bias(d, lang, nm), paths(d, lang, nm),
                 simple_slopes(d, lang, nm), effects(d, lang, nm), *regressions(d, lang, nm), drivers(d, lang, nm), ipa(d, lang, nm),
                 groups(d, lang, nm), invariance(d, lang, nm), index(d, lang, nm)]
    from dataclasses import replace
    return [replace(t, number=k) for k, t in enumerate((t for t in found if t is not None), start=1)]
