"""Display tables from a results dictionary (``research.analyze(...).to_dict()`` or a saved results.json).

Presentation only: every number is read from the results, none is computed
here except ratios shown beside them (χ²/df) and the verdicts of the
thresholds in DOMAIN.md §2.  Column headers are in the chosen language;
numbers stay numbers (the app and the XLSX export format them).
"""
from __future__ import annotations

import pandas as pd

HEAD = {
    "construct": {"zh-Hans": "构念", "zh-Hant": "構念", "en": "Construct"},
    "items": {"zh-Hans": "题目数", "zh-Hant": "題數", "en": "k"},
    "alpha": {"zh-Hans": "α", "zh-Hant": "α", "en": "α"},
    "ci": {"zh-Hans": "α 的 95% CI", "zh-Hant": "α 的 95% CI", "en": "95% CI of α"},
    "omega": {"zh-Hans": "ω", "zh-Hant": "ω", "en": "ω"},
    "cr": {"zh-Hans": "CR", "zh-Hant": "CR", "en": "CR"},
    "ave": {"zh-Hans": "AVE", "zh-Hant": "AVE", "en": "AVE"},
    "verdict": {"zh-Hans": "判定", "zh-Hant": "判定", "en": "Verdict"},
    "measure": {"zh-Hans": "指标", "zh-Hant": "指標", "en": "Measure"},
    "value": {"zh-Hans": "数值", "zh-Hant": "數值", "en": "Value"},
    "threshold": {"zh-Hans": "标准", "zh-Hant": "標準", "en": "Threshold"},
    "source": {"zh-Hans": "来源", "zh-Hant": "來源", "en": "Source"},
    "item": {"zh-Hans": "题目", "zh-Hant": "題目", "en": "Item"},
    "loading": {"zh-Hans": "标准化载荷", "zh-Hant": "標準化負荷量", "en": "Std. loading"},
    "path": {"zh-Hans": "路径", "zh-Hant": "路徑", "en": "Path"},
    "b": {"zh-Hans": "B", "zh-Hant": "B", "en": "B"},
    "beta": {"zh-Hans": "β", "zh-Hant": "β", "en": "β"},
    "se": {"zh-Hans": "SE", "zh-Hant": "SE", "en": "SE"},
    "z": {"zh-Hans": "z", "zh-Hant": "z", "en": "z"},
    "t": {"zh-Hans": "t", "zh-Hant": "t", "en": "t"},
    "p": {"zh-Hans": "p", "zh-Hant": "p", "en": "p"},
    "ci_lower": {"zh-Hans": "95% CI 下限", "zh-Hant": "95% CI 下限", "en": "95% CI lower"},
    "ci_upper": {"zh-Hans": "95% CI 上限", "zh-Hant": "95% CI 上限", "en": "95% CI upper"},
    "type": {"zh-Hans": "效应类型", "zh-Hant": "效果類型", "en": "Effect"},
    "via": {"zh-Hans": "经由", "zh-Hant": "經由", "en": "Via"},
    "ci_method": {"zh-Hans": "CI 方法", "zh-Hant": "CI 方法", "en": "CI method"},
    "hypothesis": {"zh-Hans": "假设", "zh-Hant": "假設", "en": "Hypothesis"},
    "result": {"zh-Hans": "结果", "zh-Hant": "結果", "en": "Result"},
    "term": {"zh-Hans": "变量", "zh-Hant": "變項", "en": "Term"},
    "vif": {"zh-Hans": "VIF", "zh-Hant": "VIF", "en": "VIF"},
    "driver": {"zh-Hans": "驱动因素", "zh-Hant": "驅動因素", "en": "Driver"},
    "lmg_share": {"zh-Hans": "LMG 份额", "zh-Hant": "LMG 份額", "en": "LMG share"},
    "rw_share": {"zh-Hans": "相对权重份额", "zh-Hant": "相對權數份額", "en": "Relative weight share"},
    "rank": {"zh-Hans": "排名", "zh-Hant": "排名", "en": "Rank"},
    "stability": {"zh-Hans": "排名稳定性", "zh-Hant": "排名穩定性", "en": "Rank stability"},
    "importance": {"zh-Hans": "重要性", "zh-Hant": "重要性", "en": "Importance"},
    "performance": {"zh-Hans": "绩效（均值）", "zh-Hant": "績效（平均）", "en": "Performance (mean)"},
    "performance_100": {"zh-Hans": "绩效（0–100）", "zh-Hant": "績效（0–100）", "en": "Performance (0–100)"},
    "quadrant": {"zh-Hans": "象限", "zh-Hant": "象限", "en": "Quadrant"},
    "priority": {"zh-Hans": "优先序", "zh-Hant": "優先序", "en": "Priority"},
    "variable": {"zh-Hans": "变量", "zh-Hant": "變項", "en": "Variable"},
    "test": {"zh-Hans": "检验", "zh-Hant": "檢定", "en": "Test"},
    "statistic": {"zh-Hans": "统计量", "zh-Hant": "統計量", "en": "Statistic"},
    "p_adj": {"zh-Hans": "校正 p", "zh-Hant": "校正 p", "en": "Adjusted p"},
    "effect": {"zh-Hans": "效应量", "zh-Hant": "效果量", "en": "Effect size"},
    "model": {"zh-Hans": "模型", "zh-Hant": "模型", "en": "Model"},
    "holds": {"zh-Hans": "是否成立", "zh-Hant": "是否成立", "en": "Holds"},
    "segment": {"zh-Hans": "分组", "zh-Hant": "分組", "en": "Segment"},
    "n": {"zh-Hans": "n", "zh-Hant": "n", "en": "n"},
    "mean": {"zh-Hans": "均值", "zh-Hant": "平均", "en": "Mean"},
    "grade": {"zh-Hans": "等级", "zh-Hant": "等級", "en": "Grade"},
    "row": {"zh-Hans": "行", "zh-Hant": "列", "en": "Row"},
    "respondent": {"zh-Hans": "答卷编号", "zh-Hant": "答卷編號", "en": "Respondent"},
    "reasons": {"zh-Hans": "原因", "zh-Hant": "原因", "en": "Reasons"},
    "details": {"zh-Hans": "说明", "zh-Hant": "說明", "en": "Details"},
    "r2": {"zh-Hans": "R²", "zh-Hant": "R²", "en": "R²"},
}
VERDICT = {"pass": {"zh-Hans": "达标", "zh-Hant": "達標", "en": "pass"},
           "warn": {"zh-Hans": "勉强", "zh-Hant": "勉強", "en": "borderline"},
           "fail": {"zh-Hans": "未达标", "zh-Hant": "未達標", "en": "fail"},
           "n/a": {"zh-Hans": "—", "zh-Hant": "—", "en": "—"}}
EFFECT_TYPE = {"direct": {"zh-Hans": "直接", "zh-Hant": "直接", "en": "direct"},
               "indirect": {"zh-Hans": "间接", "zh-Hant": "間接", "en": "indirect"},
               "total_indirect": {"zh-Hans": "总间接", "zh-Hant": "總間接", "en": "total indirect"},
               "total": {"zh-Hans": "总效应", "zh-Hant": "總效果", "en": "total"}}
YES_NO = {True: {"zh-Hans": "是", "zh-Hant": "是", "en": "yes"}, False: {"zh-Hans": "否", "zh-Hant": "否", "en": "no"}}
SUPPORTED = {True: {"zh-Hans": "支持", "zh-Hant": "支持", "en": "supported"},
             False: {"zh-Hans": "不支持", "zh-Hant": "不支持", "en": "not supported"}}

# fit thresholds (DOMAIN.md §2): (measure, rule text, test, source)
FIT_RULES = [
    ("chisq/df", "< 3 (< 5)", lambda v: "pass" if v < 3 else "warn" if v < 5 else "fail", "various"),
    ("cfi", "≥ .95 (≥ .90)", lambda v: "pass" if v >= .95 else "warn" if v >= .90 else "fail", "Hu & Bentler 1999"),
    ("tli", "≥ .95 (≥ .90)", lambda v: "pass" if v >= .95 else "warn" if v >= .90 else "fail", "Hu & Bentler 1999"),
    ("rmsea", "≤ .06 (≤ .08)", lambda v: "pass" if v <= .06 else "warn" if v <= .08 else "fail", "Hu & Bentler 1999"),
    ("srmr", "≤ .08", lambda v: "pass" if v <= .08 else "fail", "Hu & Bentler 1999"),
    ("gfi", "≥ .90", lambda v: "pass" if v >= .90 else "fail", "various"),
    ("agfi", "≥ .80", lambda v: "pass" if v >= .80 else "fail", "various"),
]


def _h(key: str, lang: str) -> str:
    return HEAD[key].get(lang, HEAD[key]["en"])


def _frame(rows: list[dict], keys: list[str], lang: str) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=keys).rename(columns={k: _h(k, lang) for k in keys if k in HEAD})


def _stars(p) -> str:
    if p is None:
        return ""
    return "***" if p < .001 else "**" if p < .01 else "*" if p < .05 else ""


def reliability(d: dict, lang: str = "en") -> pd.DataFrame:
    rows = []
    for c, r in d["reliability"].items():
        flags = [r.get(f"{k}.flag") for k in ("alpha", "cr", "ave")]
        worst = "fail" if "fail" in flags else "warn" if "warn" in flags else "pass"
        rows.append({"construct": c, "items": len(r["items"]), "alpha": r.get("alpha"),
                     "ci": f"[{r['alpha.ci.lower']:.3f}, {r['alpha.ci.upper']:.3f}]" if r.get("alpha") is not None
                     else "", "omega": r.get("omega"), "cr": r.get("cr"), "ave": r.get("ave"),
                     "verdict": VERDICT[worst][lang]})
    return _frame(rows, ["construct", "items", "alpha", "ci", "omega", "cr", "ave", "verdict"], lang)


def matrix(block: dict) -> pd.DataFrame:
    """A {c1: {c2: value}} block (HTMT) or a {rownames, colnames, values} block as a DataFrame."""
    if "rownames" in block:
        return pd.DataFrame(block["values"], index=block["rownames"], columns=block["colnames"])
    return pd.DataFrame(block).T


def fit(d: dict, which: str = "sem", lang: str = "en") -> pd.DataFrame:
    f = (d.get(which) or {}).get("fit") or {}
    rows = [{"measure": "χ²", "value": f.get("chisq"), "threshold": "", "verdict": "", "source": ""},
            {"measure": "df", "value": f.get("df"), "threshold": "", "verdict": "", "source": ""},
            {"measure": "p", "value": f.get("pvalue"), "threshold": "", "verdict": "", "source": ""}]
    for name, rule, test, source in FIT_RULES:
        value = f["chisq"] / f["df"] if name == "chisq/df" and f.get("df") else f.get(name)
        label = "χ²/df" if name == "chisq/df" else name.upper()
        rows.append({"measure": label, "value": value, "threshold": rule,
                     "verdict": VERDICT[test(value)][lang] if value is not None else "", "source": source})
    return _frame(rows, ["measure", "value", "threshold", "verdict", "source"], lang)


def loadings(d: dict, which: str = "cfa", lang: str = "en") -> pd.DataFrame:
    rows = [{"construct": p["lhs"], "item": p["rhs"], "loading": p["std.all"], "b": p["est"], "se": p["se"],
             "p": p["pvalue"]} for p in d[which]["parameters"] if p["op"] == "=~"]
    return _frame(rows, ["construct", "item", "loading", "b", "se", "p"], lang)


def paths(d: dict, lang: str = "en") -> pd.DataFrame:
    rows = [{"path": f"{p['rhs']} → {p['lhs']}", "b": p["est"], "beta": p["std.all"], "se": p["se"], "z": p["z"],
             "p": p["pvalue"], "ci_lower": p["ci.lower"], "ci_upper": p["ci.upper"], "stars": _stars(p["pvalue"])}
            for p in (d.get("sem") or {}).get("parameters", []) if p["op"] == "~"]
    out = _frame(rows, ["path", "b", "beta", "se", "z", "p", "ci_lower", "ci_upper", "stars"], lang)
    return out.rename(columns={"stars": ""})


def effects(d: dict, lang: str = "en") -> pd.DataFrame:
    rows = [{"path": " → ".join([e["from"], *e["via"], e["to"]]), "type": EFFECT_TYPE.get(e["type"], {}).get(
        lang, e["type"]), "b": e["est"], "beta": e["std"], "se": e["se"], "p": e["pvalue"],
             "ci_lower": e["ci.lower"], "ci_upper": e["ci.upper"], "ci_method": e.get("ci.method", "")}
            for e in (d.get("sem") or {}).get("effects", [])]
    return _frame(rows, ["path", "type", "b", "beta", "se", "p", "ci_lower", "ci_upper", "ci_method"], lang)


def r2(d: dict, lang: str = "en") -> pd.DataFrame:
    sem = d.get("sem") or {}
    latent = {p["lhs"] for p in sem.get("parameters", []) if p["op"] == "=~"}
    rows = [{"construct": k, "r2": v} for k, v in sem.get("r2", {}).items() if k in latent]
    return _frame(rows, ["construct", "r2"], lang)


def hypotheses(d: dict, lang: str = "en") -> pd.DataFrame:
    rows = [{"hypothesis": h["hypothesis"], "beta": h["beta"], "p": h["pvalue"], "ci_lower": h["ci.lower"],
             "ci_upper": h["ci.upper"], "result": SUPPORTED[bool(h["supported"])][lang]} for h in d["hypotheses"]]
    return _frame(rows, ["hypothesis", "beta", "p", "ci_lower", "ci_upper", "result"], lang)


def regression(entry: dict, lang: str = "en") -> pd.DataFrame:
    rows = [{"term": c["term"], "b": c["b"], "se": c["se"], "beta": c["beta"], "t": c["t"], "p": c["p"],
             "ci_lower": c["ci_lower"], "ci_upper": c["ci_upper"], "vif": c["vif"]} for c in entry["coefficients"]]
    return _frame(rows, ["term", "b", "se", "beta", "t", "p", "ci_lower", "ci_upper", "vif"], lang)


def drivers(d: dict, lang: str = "en") -> pd.DataFrame:
    rows = [{"driver": r["driver"], "beta": r["beta"], "lmg_share": r["lmg_share"], "rw_share": r["rw_share"],
             "rank": r["rank"], "stability": r["rank_stability"]} for r in d["drivers"]["overall"]["drivers"]]
    return _frame(sorted(rows, key=lambda r: r["rank"]),
                  ["driver", "beta", "lmg_share", "rw_share", "rank", "stability"], lang)


def ipa(d: dict, lang: str = "en") -> pd.DataFrame:
    rows = [{"driver": r["label"] or r["driver"], "importance": r["importance"], "performance": r["performance"],
             "performance_100": r["performance_100"], "quadrant": r["quadrant_label"][lang],
             "priority": r["priority"]} for r in d["ipa"]["map"]["drivers"]]
    return _frame(sorted(rows, key=lambda r: r["priority"]),
                  ["driver", "importance", "performance", "performance_100", "quadrant", "priority"], lang)


def group_tests(d: dict, lang: str = "en") -> pd.DataFrame:
    rows = [{"variable": r["variable"], "test": r["test"], "statistic": r["statistic"], "p": r["p"],
             "p_adj": r["p_adj"], "effect": r.get("effect_value")} for r in d["groups"]["tests"]]
    return _frame(rows, ["variable", "test", "statistic", "p", "p_adj", "effect"], lang)


def invariance(d: dict, lang: str = "en") -> pd.DataFrame:
    m = d["invariance"].get("measurement")
    if not m:
        return pd.DataFrame()
    comp = {c["model"]: c for c in m["comparisons"]}
    rows = []
    for lev in m["levels"]:
        f = m["fits"][lev]["fit"]
        c = comp.get(lev, {})
        rows.append({"model": lev, "chisq": f["chisq"], "df": f["df"], "cfi": f["cfi"], "rmsea": f["rmsea"],
                     "srmr": f["srmr"], "delta.cfi": c.get("delta.cfi"), "delta.rmsea": c.get("delta.rmsea"),
                     "p(Δχ²)": c.get("pvalue.diff"), "holds": YES_NO[c["holds"]][lang] if c else ""})
    return _frame(rows, ["model", "chisq", "df", "cfi", "rmsea", "srmr", "delta.cfi", "delta.rmsea", "p(Δχ²)",
                         "holds"], lang).rename(columns={"chisq": "χ²", "cfi": "CFI", "rmsea": "RMSEA",
                                                         "srmr": "SRMR", "delta.cfi": "ΔCFI",
                                                         "delta.rmsea": "ΔRMSEA"})


def index(d: dict, lang: str = "en") -> pd.DataFrame:
    idx = d["index"]
    rows = [{"segment": "—", "n": idx["overall"]["n"], "mean": idx["overall"]["mean"],
             "ci_lower": idx["overall"]["ci"][0], "ci_upper": idx["overall"]["ci"][1],
             "grade": idx["overall"]["grade_names"][lang]}]
    for s in idx.get("segments", []):
        rows.append({"segment": s["segment"], "n": s["n"], "mean": s["mean"], "ci_lower": s["ci"][0],
                     "ci_upper": s["ci"][1], "grade": s["grade_names"][lang]})
    return _frame(rows, ["segment", "n", "mean", "ci_lower", "ci_upper", "grade"], lang)


def excluded(d: dict, lang: str = "en") -> pd.DataFrame:
    rows = [{"row": e["row"], "respondent": e.get("respondent"), "reasons": ", ".join(e["reasons"]),
             "details": e.get("details_zh") if lang != "en" and e.get("details_zh") else e.get("details")}
            for e in d["excluded"]]
    return _frame(rows, ["row", "respondent", "reasons", "details"], lang)


def all_tables(d: dict, lang: str = "en") -> dict[str, pd.DataFrame]:
    """Every table the results hold, by sheet name (≤ 31 characters, as Excel requires)."""
    out = {"reliability": reliability(d, lang), "excluded": excluded(d, lang)}
    if d.get("cfa"):
        out["cfa_fit"] = fit(d, "cfa", lang)
        out["loadings"] = loadings(d, "cfa", lang)
    if d.get("htmt"):
        out["htmt"] = matrix(d["htmt"]).reset_index()
    if d.get("sem"):
        out.update({"sem_fit": fit(d, "sem", lang), "paths": paths(d, lang), "effects": effects(d, lang),
                    "r2": r2(d, lang)})
    if d.get("hypotheses"):
        out["hypotheses"] = hypotheses(d, lang)
    for k, entry in enumerate(d.get("regression", []), start=1):
        out[f"regression_{k}_{entry['outcome']}"[:31]] = regression(entry, lang)
    if d.get("drivers"):
        out["drivers"] = drivers(d, lang)
    if d.get("ipa"):
        out["ipa"] = ipa(d, lang)
    if d.get("groups") and "tests" in d["groups"]:
        out["groups"] = group_tests(d, lang)
    if d.get("invariance") and d["invariance"].get("measurement"):
        out["invariance"] = invariance(d, lang)
    if d.get("index") and "overall" in d["index"]:
        out["index"] = index(d, lang)
    return out
