"""Display tables of a conditional process analysis, shared by the app and the report.

>>> r = research.process(data, 7, x="REL", m=["SAT"], y="LOY", w="EMP", boot=5000, seed=1)
>>> tables = display_tables(r, "zh-Hans", labels={"REL": "可靠性", "SAT": "顾客满意度", "LOY": "顾客忠诚度"})
>>> shown(tables["indirect"], "zh-Hans")        # strings as a journal prints them

Every function takes a :class:`~research.process.ProcessResult` or its ``to_dict()`` (a results.json's
``process`` entry) and returns a pandas DataFrame with headers in the chosen language (``zh-Hans``,
``zh-Hant``, ``en``), variables by name (``labels``: column → name, or column → ``{lang: name}``; a column
without a name shows as it is) and the numbers at full precision, as :mod:`research.tables` does:
``frame.attrs["formats"]`` says how to show each column (b and SE with 3 decimals, t and F with 2, p as APA
prints it: "< .001", ".032"), ``frame.attrs["ci"]`` which (lower, upper) columns form one interval cell
"[0.120, 0.450]", ``frame.attrs["title"]`` and ``frame.attrs["note"]`` (R², F and p of an equation, the
standard errors, the bootstrap).  :func:`shown` turns a table into those strings (:func:`research.report.apa.display`
and the intervals merged).

Moderator values are labelled as they were chosen: "M − 1 SD", "M", "M + 1 SD" (Aiken & West 1991; the
minimum or maximum where ±1 SD falls outside the data, as PROCESS 3/4 do), the 16th/50th/84th percentiles,
or by category for a categorical moderator (indicator-coded against its first level).

Tables: :func:`equations` (one per outcome), :func:`conditional_effects` (the conditional effect of X on Y —
models 1–3 — or the conditional direct effect), :func:`interaction_at` (three-way models: the X × W
interaction at values of Z), :func:`indirect_effects`, :func:`indices` (moderated, partial, conditional and
moderated moderated mediation; Hayes 2015, 2018), :func:`effects` (total, direct and indirect effects with
the completely standardized ones), :func:`contrasts`, :func:`johnson_neyman` (regions of significance,
Johnson & Neyman 1936) and :func:`johnson_neyman_grid` (the effect across the moderator).
"""
from __future__ import annotations

import math
import re

import pandas as pd

from ..errors import check_lang, result_dict
from ..messages import tight_cjk
from ..report import apa

LANGS = ("zh-Hans", "zh-Hant", "en")
MODERATOR_ROLES = ("W", "Z", "V", "Q")
PERCENTILES = (16, 50, 84)

HEAD = {
    "predictor": {"en": "Predictor", "zh-Hans": "预测变量", "zh-Hant": "預測變項"},
    "b": {"en": "b", "zh-Hans": "b", "zh-Hant": "b"},
    "se": {"en": "SE", "zh-Hans": "SE", "zh-Hant": "SE"},
    "t": {"en": "t", "zh-Hans": "t", "zh-Hant": "t"},
    "p": {"en": "p", "zh-Hans": "p", "zh-Hant": "p"},
    "ci_lower": {"en": "{level} CI lower", "zh-Hans": "{level} CI 下限", "zh-Hant": "{level} CI 下限"},
    "ci_upper": {"en": "{level} CI upper", "zh-Hans": "{level} CI 上限", "zh-Hant": "{level} CI 上限"},
    "ci": {"en": "{level} CI", "zh-Hans": "{level} CI", "zh-Hant": "{level} CI"},
    "boot_se": {"en": "Boot SE", "zh-Hans": "Boot SE", "zh-Hant": "Boot SE"},
    "boot_lower": {"en": "Boot {level} CI lower", "zh-Hans": "Boot {level} CI 下限", "zh-Hant": "Boot {level} CI 下限"},
    "boot_upper": {"en": "Boot {level} CI upper", "zh-Hans": "Boot {level} CI 上限", "zh-Hant": "Boot {level} CI 上限"},
    "boot_ci": {"en": "Boot {level} CI", "zh-Hans": "Boot {level} CI", "zh-Hant": "Boot {level} CI"},
    "effect": {"en": "Effect", "zh-Hans": "效应", "zh-Hant": "效果"},
    "path": {"en": "Path", "zh-Hans": "路径", "zh-Hant": "路徑"},
    "kind": {"en": "Effect", "zh-Hans": "效应类型", "zh-Hant": "效果類型"},
    "index": {"en": "Index", "zh-Hans": "指数", "zh-Hant": "指標"},
    "index_kind": {"en": "Kind of index", "zh-Hans": "指数类型", "zh-Hant": "指標類型"},
    "moderator": {"en": "Moderator", "zh-Hans": "调节变量", "zh-Hant": "調節變項"},
    "level_of": {"en": "Level of {name}", "zh-Hans": "{name} 水平", "zh-Hant": "{name} 水準"},
    "interaction": {"en": "Interaction", "zh-Hans": "交互项", "zh-Hant": "交互作用項"},
    "contrast": {"en": "Contrast", "zh-Hans": "对比", "zh-Hant": "對比"},
    "std": {"en": "Completely standardized", "zh-Hans": "完全标准化效应", "zh-Hant": "完全標準化效果"},
    "std_lower": {"en": "Completely standardized: Boot {level} CI lower", "zh-Hans": "完全标准化效应 Boot {level} CI 下限",
                  "zh-Hant": "完全標準化效果 Boot {level} CI 下限"},
    "std_upper": {"en": "Completely standardized: Boot {level} CI upper", "zh-Hans": "完全标准化效应 Boot {level} CI 上限",
                  "zh-Hant": "完全標準化效果 Boot {level} CI 上限"},
    "std_ci": {"en": "Completely standardized: Boot {level} CI", "zh-Hans": "完全标准化效应 Boot {level} CI",
               "zh-Hant": "完全標準化效果 Boot {level} CI"},
    "from": {"en": "{name} from", "zh-Hans": "{name} 自", "zh-Hant": "{name} 自"},
    "to": {"en": "{name} to", "zh-Hans": "{name} 至", "zh-Hant": "{name} 至"},
    "significant": {"en": "Effect of {x} significant", "zh-Hans": "{x}的效应是否显著", "zh-Hant": "{x}的效果是否顯著"},
    "share": {"en": "Share of the sample (%)", "zh-Hans": "样本占比（%）", "zh-Hant": "樣本占比（%）"},
}
WORDS = {
    "constant": {"en": "Constant", "zh-Hans": "常数项", "zh-Hant": "常數項"},
    "total_indirect": {"en": "Total indirect effect", "zh-Hans": "总间接效应", "zh-Hant": "總間接效果"},
    "total": {"en": "Total effect", "zh-Hans": "总效应", "zh-Hant": "總效果"},
    "direct": {"en": "Direct effect", "zh-Hans": "直接效应", "zh-Hant": "直接效果"},
    "indirect": {"en": "Indirect effect", "zh-Hans": "间接效应", "zh-Hant": "間接效果"},
    "all": {"en": "All interactions", "zh-Hans": "全部交互项", "zh-Hant": "全部交互作用項"},
    "yes": {"en": "Yes", "zh-Hans": "是", "zh-Hant": "是"},
    "no": {"en": "No", "zh-Hans": "否", "zh-Hant": "否"},
    "min": {"en": "Min", "zh-Hans": "最小值", "zh-Hant": "最小值"},
    "max": {"en": "Max", "zh-Hans": "最大值", "zh-Hant": "最大值"},
    "pct": {"en": "{k}th percentile", "zh-Hans": "第 {k} 百分位数", "zh-Hant": "第 {k} 百分位數"},
    "percentile": {"en": "percentile", "zh-Hans": "百分位", "zh-Hant": "百分位"},
    "bc": {"en": "bias-corrected", "zh-Hans": "偏差校正", "zh-Hant": "偏誤校正"},
}
# the probe labels of mean ± 1 SD: the same symbols in every language
SD_LABELS = ("M − 1 SD", "M", "M + 1 SD")
INDEX_KIND = {
    "moderated mediation": {"en": "Index of moderated mediation", "zh-Hans": "有调节的中介指数",
                            "zh-Hant": "被調節的中介指標"},
    "partial moderated mediation": {"en": "Index of partial moderated mediation", "zh-Hans": "部分有调节的中介指数",
                                    "zh-Hant": "部分被調節的中介指標"},
    "conditional moderated mediation": {"en": "Index of conditional moderated mediation",
                                        "zh-Hans": "条件性有调节的中介指数", "zh-Hant": "條件性被調節的中介指標"},
    "moderated moderated mediation": {"en": "Index of moderated moderated mediation",
                                      "zh-Hans": "双重调节的中介指数", "zh-Hant": "雙重調節的中介指標"},
}
SE_NAMES = {"ols": {"en": "conventional OLS standard errors", "zh-Hans": "普通最小二乘标准误",
                    "zh-Hant": "一般最小平方標準誤"},
            "hc": {"en": "heteroscedasticity-consistent standard errors ({se}; Hayes & Cai, 2007)",
                   "zh-Hans": "异方差稳健标准误（{se}；Hayes & Cai, 2007）",
                   "zh-Hant": "異質變異穩健標準誤（{se}；Hayes & Cai, 2007）"}}
TITLES = {
    "equation": {"en": "Regression Coefficients Predicting {y}", "zh-Hans": "预测 {y} 的回归系数",
                 "zh-Hant": "預測 {y} 的迴歸係數"},
    "conditional": {"en": "Conditional Effects of {x} on {y} at Values of {w}",
                    "zh-Hans": "{w} 不同取值下 {x} 对 {y} 的条件效应", "zh-Hant": "{w} 不同取值下 {x} 對 {y} 的條件效果"},
    "conditional_direct": {"en": "Conditional Direct Effects of {x} on {y} at Values of {w}",
                           "zh-Hans": "{w} 不同取值下 {x} 对 {y} 的条件直接效应",
                           "zh-Hant": "{w} 不同取值下 {x} 對 {y} 的條件直接效果"},
    "interaction_at": {"en": "Conditional {x} × {w} Interaction at Values of {z}",
                       "zh-Hans": "{z} 不同取值下 {x} × {w} 的条件交互效应",
                       "zh-Hant": "{z} 不同取值下 {x} × {w} 的條件交互作用"},
    "indirect": {"en": "Indirect Effects of {x} on {y}", "zh-Hans": "{x} 对 {y} 的间接效应",
                 "zh-Hant": "{x} 對 {y} 的間接效果"},
    "conditional_indirect": {"en": "Conditional Indirect Effects of {x} on {y} at Values of {w}",
                             "zh-Hans": "{w} 不同取值下 {x} 对 {y} 的条件间接效应",
                             "zh-Hant": "{w} 不同取值下 {x} 對 {y} 的條件間接效果"},
    "indices": {"en": "Indices of Moderated Mediation", "zh-Hans": "有调节的中介指数",
                "zh-Hant": "被調節的中介指標"},
    "effects": {"en": "Total, Direct and Indirect Effects of {x} on {y}", "zh-Hans": "{x} 对 {y} 的总效应、直接效应与间接效应",
                "zh-Hant": "{x} 對 {y} 的總效果、直接效果與間接效果"},
    "direct": {"en": "Direct Effect of {x} on {y}", "zh-Hans": "{x} 对 {y} 的直接效应", "zh-Hant": "{x} 對 {y} 的直接效果"},
    "contrasts": {"en": "Pairwise Contrasts Between the Specific Indirect Effects", "zh-Hans": "特定间接效应的两两对比",
                  "zh-Hant": "特定間接效果的兩兩對比"},
    "jn": {"en": "Johnson–Neyman Regions of Significance of the Effect of {x} on {y} Across {w}",
           "zh-Hans": "{x} 对 {y} 的效应随 {w} 变化的 Johnson–Neyman 显著区域",
           "zh-Hant": "{x} 對 {y} 的效果隨 {w} 變化的 Johnson–Neyman 顯著區域"},
    "jn_grid": {"en": "Conditional Effect of {x} on {y} Across {w} (Johnson–Neyman)",
                "zh-Hans": "{x} 对 {y} 的条件效应随 {w} 的变化（Johnson–Neyman）",
                "zh-Hant": "{x} 對 {y} 的條件效果隨 {w} 的變化（Johnson–Neyman）"},
}
NOTES = {
    "fit": {"en": "R² = {r2}, F({df1}, {df2}) = {f}, {p}; N = {n}.",
            "zh-Hans": "R² = {r2}，F({df1}, {df2}) = {f}，{p}；N = {n}。",
            "zh-Hant": "R² = {r2}，F({df1}, {df2}) = {f}，{p}；N = {n}。"},
    "change": {"en": "ΔR² of {term} {r2}, F({df1}, {df2}) = {f}, {p}.",
               "zh-Hans": "{term} 的 ΔR² {r2}，F({df1}, {df2}) = {f}，{p}。",
               "zh-Hant": "{term} 的 ΔR² {r2}，F({df1}, {df2}) = {f}，{p}。"},
    "se": {"en": "Estimated by OLS with {se}.", "zh-Hans": "采用最小二乘法估计，使用{se}。",
           "zh-Hant": "採用最小平方法估計，使用{se}。"},
    "probe_sd": {"en": "{w} probed at its mean and ± 1 SD.", "zh-Hans": "{w} 取均值及均值 ± 1 个标准差。",
                 "zh-Hant": "{w} 取平均數及平均數 ± 1 個標準差。"},
    "probe_pct": {"en": "{w} probed at its 16th, 50th and 84th percentiles.", "zh-Hans": "{w} 取第 16、50、84 百分位数。",
                  "zh-Hant": "{w} 取第 16、50、84 百分位數。"},
    "probe_cat": {"en": "{w} is categorical (reference group: {ref}).", "zh-Hans": "{w} 为分类变量（参照组：{ref}）。",
                  "zh-Hant": "{w} 為類別變項（參照組：{ref}）。"},
    "boot": {"en": "Boot SE and CI from {b} bootstrap resamples ({ci} interval, seed {seed}; Preacher & Hayes, 2008).",
             "zh-Hans": "Boot SE 与 CI 基于 {b} 次自助法重抽样（{ci}区间，随机种子 {seed}；Preacher & Hayes, 2008）。",
             "zh-Hant": "Boot SE 與 CI 基於 {b} 次拔靴法重抽樣（{ci}區間，隨機種子 {seed}；Preacher & Hayes, 2008）。"},
    "boot_noseed": {"en": "Boot SE and CI from {b} bootstrap resamples ({ci} interval; Preacher & Hayes, 2008).",
                    "zh-Hans": "Boot SE 与 CI 基于 {b} 次自助法重抽样（{ci}区间；Preacher & Hayes, 2008）。",
                    "zh-Hant": "Boot SE 與 CI 基於 {b} 次拔靴法重抽樣（{ci}區間；Preacher & Hayes, 2008）。"},
    "effects": {"en": "Total and direct effects with their t tests; indirect effects with Boot SE and CI. Completely "
                      "standardized effect = effect × SD of {x} / SD of {y}.",
                "zh-Hans": "总效应与直接效应为 t 检验结果；间接效应的 SE 与 CI 来自自助法。完全标准化效应 = 效应 × {x} 的标准差 / "
                           "{y} 的标准差。",
                "zh-Hant": "總效果與直接效果為 t 檢定結果；間接效果的 SE 與 CI 來自拔靴法。完全標準化效果 = 效果 × {x} 的標準差 / "
                           "{y} 的標準差。"},
    "index": {"en": "An index whose CI excludes 0 shows that the indirect effect depends on the moderator "
                    "(Hayes, 2015).",
              "zh-Hans": "指数的 CI 不含 0 表示间接效应随调节变量而变（Hayes, 2015）。",
              "zh-Hant": "指標的 CI 不含 0 表示間接效果隨調節變項而變（Hayes, 2015）。"},
    "index_cat": {"en": "Each index compares a group with the reference group {ref}.",
                  "zh-Hans": "各指数为该组与参照组（{ref}）之差。", "zh-Hant": "各指標為該組與參照組（{ref}）之差。"},
    "jn": {"en": "Johnson–Neyman points: the values of {w} where the effect's t equals ± {t} (Johnson & Neyman, "
                 "1936); {w} observed from {lo} to {hi}.",
           "zh-Hans": "Johnson–Neyman 点为效应的 t 值等于 ± {t} 时 {w} 的取值（Johnson & Neyman, 1936）；{w} 的观测范围为 "
                      "{lo} 至 {hi}。",
           "zh-Hant": "Johnson–Neyman 點為效果的 t 值等於 ± {t} 時 {w} 的取值（Johnson & Neyman, 1936）；{w} 的觀測範圍為 "
                      "{lo} 至 {hi}。"},
}


# ------------------------------------------------------------------------------------------------
# reading a result
# ------------------------------------------------------------------------------------------------

def as_dict(result) -> dict:
    """The ``to_dict()`` of a ProcessResult, or the dict itself (its block of results.json)."""
    return result_dict(result, "ProcessResult")


_check_lang = check_lang


def _w(table: dict, key: str, lang: str, **values) -> str:
    """The ``lang`` text of ``key`` filled with ``values``; in a Chinese title or note the spaces the template
    keeps around a name are dropped where the name itself is Chinese ("预测顾客满意度的回归系数", "响应性取均值",
    but "预测 SAT 的回归系数"); column headers keep them so that a name and its role word stay apart."""
    text = table[key][lang]
    text = text.format(**values) if values else text
    return tight_cjk(text, lang) if table is TITLES or table is NOTES else text


def r2_change(x) -> str:
    """"= .035", or "< .001" for a change that rounds to zero (as APA writes a p; ".000" reads as none at all)."""
    v = _num(x)
    return "< .001" if v is not None and 0 <= v < 0.0005 else f"= {apa.unit(x, 3)}"


def _num(x):
    if x is None or isinstance(x, (bool, str)):
        return None
    try:
        v = float(x)
    except (TypeError, ValueError):
        return None
    return v if math.isfinite(v) else None


def _rows(d: dict, key: str) -> list[dict]:
    block = d.get(key)
    return [r for r in block if isinstance(r, dict)] if isinstance(block, list) else []


def label(labels, column, lang: str) -> str:
    """The name of a data column in ``lang`` (``labels``: column → name or {lang: name}), else the column."""
    if column is None:
        return ""
    found = (labels or {}).get(str(column))
    if isinstance(found, dict):
        text = found.get(lang)
        if not text and lang == "zh-Hant" and found.get("zh-Hans"):
            from ..report.text import to_hant
            text = to_hant(str(found["zh-Hans"]))
        found = text or found.get("en") or next((v for v in found.values() if v), None)
    return str(found) if found else str(column)


def _label(d: dict, labels, column, lang: str) -> str:
    """The name of a column: ``labels`` first, then the names the analysis carries (``variable_labels`` of a
    results.json ``process`` entry — a segment's question —, ``labels.constructs`` of a process.json)."""
    if column is not None and str(column) in (labels or {}):
        return label(labels, column, lang)
    carried = {}
    block = d.get("labels") if isinstance(d, dict) else None
    if isinstance(block, dict) and isinstance(block.get("constructs"), dict):
        carried.update(block["constructs"])
    if isinstance(d.get("variable_labels"), dict):
        carried.update(d["variable_labels"])
    return label(carried, column, lang)


def level_name(d: dict, column, level, lang: str = "en") -> str:
    """A category of a categorical moderator by its label (``level_labels``: the questionnaire's option
    labels, e.g. 2 → "京东"), else as it is."""
    found = ((d.get("level_labels") or {}).get(str(column)) or {}).get(str(level))
    return label({"x": found}, "x", lang) if found else str(level)


def _columns(d: dict) -> list[str]:
    return [str(v) for v in (d.get("roles") or {}).values()]


def _atom(d: dict, atom: str, labels, lang: str) -> str:
    """One factor of a term: a column ("EMP" → its name) or an indicator of a category ("platform[Taobao]")."""
    atom = atom.strip()
    if atom in _columns(d):
        return _label(d, labels, atom, lang)
    m = re.fullmatch(r"(.+)\[(.+)\]", atom)
    if m and m.group(1) in _columns(d):
        name, level = _label(d, labels, m.group(1), lang), level_name(d, m.group(1), m.group(2), lang)
        return f"{name} ({level})" if lang == "en" else f"{name}（{level}）"
    return atom


def term_name(d: dict, term, labels=None, lang: str = "en") -> str:
    """A term of an equation by names: "(constant)" → "Constant", "x×w" → "Reliability × Empathy"."""
    term = str(term)
    if term == "(constant)":
        return WORDS["constant"][lang]
    if term == "all":
        return WORDS["all"][lang]
    return " × ".join(_atom(d, a, labels, lang) for a in term.split("×"))


def path_name(d: dict, path, labels=None, lang: str = "en") -> str:
    """An effect's path by names: "x → m → y" → "Reliability → Satisfaction → Loyalty"; "total" → "Total
    indirect effect"; a contrast "p1  −  p2" keeps its minus."""
    path = str(path)
    if path == "total":
        return WORDS["total_indirect"][lang]
    if "  −  " in path:
        return "  −  ".join(path_name(d, p, labels, lang) for p in path.split("  −  "))
    return " → ".join(_atom(d, a, labels, lang) for a in path.split(" → "))


def moderator_columns(d: dict) -> list[str]:
    """The data columns whose values index conditional effects: the moderators (and X in model 74)."""
    roles = d.get("roles") or {}
    out = [str(roles[r]) for r in MODERATOR_ROLES if r in roles]
    if d.get("model") == 74 and "X" in roles:
        out.append(str(roles["X"]))
    return out


def _role_of(d: dict, column) -> str | None:
    return next((r for r, c in (d.get("roles") or {}).items() if str(c) == str(column)), None)


def is_categorical(d: dict, column) -> bool:
    return _role_of(d, column) in (d.get("levels") or {})


def _clipped(d: dict, column) -> tuple[float, float] | None:
    """The observed range of a moderator whose mean ± 1 SD fell outside it (the engine's note says so)."""
    for note in d.get("notes") or []:
        text = note.get("en") if isinstance(note, dict) else None
        m = re.match(re.escape(str(column)) + r": mean ± 1 SD lies outside the observed range \[(\S+), (\S+)\]",
                     str(text or ""))
        if m:
            try:
                return float(m.group(1)), float(m.group(2))
            except ValueError:
                return None
    return None


def _close(a, b) -> bool:
    return a is not None and b is not None and abs(a - b) <= 1e-6 * max(1.0, abs(a), abs(b))


def probe_label(d: dict, column, value, lang: str = "en") -> str | None:
    """How the value of a moderator was chosen: "M − 1 SD", "M", "M + 1 SD" (or "Min"/"Max" where ±1 SD left
    the data), "16th percentile" …; None for a category, a dichotomous moderator's two values or values the
    user gave (they speak for themselves)."""
    kind = (d.get("probe_kinds") or {}).get(str(column))      # recorded by research.process
    if is_categorical(d, column) or kind in ("values", "levels", "dichotomous"):
        return None
    given = d.get("values")
    if isinstance(given, dict) and (column in given or _role_of(d, column) in given):
        return None
    probes = [_num(v) for v in (d.get("probes") or {}).get(str(column)) or []]
    v = _num(value)
    if len(probes) != 3 or v is None:
        return None
    k = next((i for i, p in enumerate(probes) if _close(p, v)), None)
    if k is None:
        return None
    if kind == "percentile" or (kind is None and d.get("probe") == "percentile"):
        return _w(WORDS, "pct", lang, k=PERCENTILES[k])
    clipped = _clipped(d, column) if kind != "sd" else None
    if clipped and k == 0 and _close(v, clipped[0]):
        return WORDS["min"][lang]
    if clipped and k == 2 and _close(v, clipped[1]):
        return WORDS["max"][lang]
    return SD_LABELS[k]


def _level(d: dict) -> str:
    lv = _num(d.get("level")) or 0.95
    return f"{lv * 100:g}%"


def _h(key: str, lang: str, d: dict | None = None, **values) -> str:
    if d is not None and "{level}" in HEAD[key][lang]:
        values["level"] = _level(d)
    return _w(HEAD, key, lang, **values)


def _se_text(d: dict, lang: str) -> str:
    se = str(d.get("se") or "ols").lower()
    if se == "ols":
        return SE_NAMES["ols"][lang]
    return _w(SE_NAMES, "hc", lang, se=se.upper())


def boot_note(d: dict, lang: str) -> str:
    """"Boot SE and CI from 5000 bootstrap resamples (percentile interval, seed 1; …)."""
    b = _num(d.get("boot"))
    if not b:
        return ""
    ci = WORDS.get(str(d.get("ci")), WORDS["percentile"])[lang]
    seed = d.get("seed")
    if _num(seed) is not None and float(seed).is_integer():
        return _w(NOTES, "boot", lang, b=int(b), ci=ci, seed=int(seed))
    return _w(NOTES, "boot_noseed", lang, b=int(b), ci=ci)


def _probe_note(d: dict, columns, labels, lang: str) -> list[str]:
    out, probed = [], []
    for col in columns:
        name = _label(d, labels, col, lang)
        if is_categorical(d, col):
            levels = (d.get("levels") or {}).get(_role_of(d, col)) or []
            out.append(_w(NOTES, "probe_cat", lang, w=name, ref=level_name(d, col, levels[0], lang) if levels else ""))
        elif any(probe_label(d, col, v, lang) for v in (d.get("probes") or {}).get(col) or []):
            probed.append(name)
    if probed:
        names = (" and " if lang == "en" else "、").join(probed)
        out.insert(0, _w(NOTES, "probe_pct" if d.get("probe") == "percentile" else "probe_sd", lang, w=names))
    return out


def _join(parts, lang: str) -> str:
    return (" " if lang == "en" else "").join(p for p in parts if p)


def _finish(frame: pd.DataFrame, formats: dict, ci=(), title: str = "", note: str = "") -> pd.DataFrame:
    frame.attrs["formats"] = {c: f for c, f in formats.items() if c in frame.columns}
    frame.attrs["ci"] = [tuple(x) for x in ci if x[0] in frame.columns and x[1] in frame.columns]
    frame.attrs["title"] = title
    if note:
        frame.attrs["note"] = note
    return frame


def _moderator_block(d: dict, row: dict, columns: list, labels, lang: str) -> dict:
    """The moderator value columns of a row, each preceded by its probe label where it has one."""
    out = {}
    for col in columns:
        if col not in row:
            continue
        name = _label(d, labels, col, lang)
        labels_here = [probe_label(d, col, v, lang) for v in (d.get("probes") or {}).get(col) or []]
        if any(labels_here):
            out[_h("level_of", lang, name=name)] = probe_label(d, col, row[col], lang) or ""
        value = row[col]
        out[name] = level_name(d, col, value, lang) if is_categorical(d, col) else _num(value)
    return out


def _value_formats(d: dict, columns: list, labels, lang: str) -> dict:
    out = {}
    for col in columns:
        name = _label(d, labels, col, lang)
        out[name] = "text" if is_categorical(d, col) else "3"
        out[_h("level_of", lang, name=name)] = "text"
    return out


def _names(d: dict, labels, lang: str) -> dict:
    roles = d.get("roles") or {}
    return {r: _label(d, labels, c, lang) for r, c in roles.items()}


# ------------------------------------------------------------------------------------------------
# the tables
# ------------------------------------------------------------------------------------------------

def equations(result, lang: str = "en", labels: dict | None = None) -> list[pd.DataFrame]:
    """One table per equation (each mediator's, then Y's): predictor, b, SE, t, p and CI; the note gives R²,
    F(df1, df2) and p of the equation, ΔR² of its highest-order interactions, the standard errors and N."""
    _check_lang(lang)
    d = as_dict(result)
    coef = _rows(d, "coefficients")
    summary = {str(r.get("equation")): r for r in _rows(d, "summary")}
    changes = _rows(d, "interactions")
    out = []
    for eq in dict.fromkeys(str(r.get("equation")) for r in coef):
        if eq == "total":
            continue
        rows = [r for r in coef if str(r.get("equation")) == eq]
        b, se, t, p = (_h(k, lang) for k in ("b", "se", "t", "p"))
        lo, hi = _h("ci_lower", lang, d), _h("ci_upper", lang, d)
        frame = pd.DataFrame([{_h("predictor", lang): term_name(d, r.get("term"), labels, lang),
                               b: _num(r.get("coeff")),
                               se: _num(r.get("se")), t: _num(r.get("t")), p: _num(r.get("p")),
                               lo: _num(r.get("ci.lower")), hi: _num(r.get("ci.upper"))} for r in rows])
        s = summary.get(eq) or {}
        note = [_w(NOTES, "fit", lang, r2=apa.unit(s.get("R2"), 3), df1=apa.num(s.get("df1"), 0),
                   df2=apa.num(s.get("df2"), 0), f=apa.num(s.get("F"), 2), p=apa.p_text(s.get("p")),
                   n=apa.num(s.get("n", d.get("n")), 0))] if s else []
        for c in changes:
            if str(c.get("equation")) == eq:
                note.append(_w(NOTES, "change", lang, term=term_name(d, c.get("term"), labels, lang),
                               r2=r2_change(c.get("R2.change")), df1=apa.num(c.get("df1"), 0),
                               df2=apa.num(c.get("df2"), 0), f=apa.num(c.get("F"), 2), p=apa.p_text(c.get("p"))))
        note.append(_w(NOTES, "se", lang, se=_se_text(d, lang)))
        out.append(_finish(frame, {b: "3", se: "3", t: "2", p: "p", lo: "3", hi: "3",
                                   _h("predictor", lang): "text"}, [(lo, hi, _h("ci", lang, d))],
                           _w(TITLES, "equation", lang, y=_label(d, labels, eq, lang)), _join(note, lang)))
        out[-1].attrs["outcome"] = eq
    return out


def conditional_effects(result, lang: str = "en", labels: dict | None = None) -> pd.DataFrame:
    """The conditional effect of X on Y at the moderators' values (models 1–3), or the conditional direct
    effect (a moderated direct path); empty when the direct effect is not moderated (see :func:`effects`)."""
    _check_lang(lang)
    d = as_dict(result)
    rows = _rows(d, "direct")
    mods = [c for c in moderator_columns(d) if any(c in r for r in rows)]
    if not rows or not mods:
        return pd.DataFrame()
    nm = _names(d, labels, lang)
    b, se, t, p = (_h(k, lang) for k in ("b", "se", "t", "p"))
    lo, hi = _h("ci_lower", lang, d), _h("ci_upper", lang, d)
    frame = pd.DataFrame([{**_moderator_block(d, r, mods, labels, lang), b: _num(r.get("effect")),
                           se: _num(r.get("se")), t: _num(r.get("t")), p: _num(r.get("p")),
                           lo: _num(r.get("ci.lower")), hi: _num(r.get("ci.upper"))} for r in rows])
    key = "conditional" if not any(k.startswith("M") for k in (d.get("roles") or {})) else "conditional_direct"
    w = (" and " if lang == "en" else "、").join(_label(d, labels, c, lang) for c in mods)
    note = _join([*_probe_note(d, mods, labels, lang), _w(NOTES, "se", lang, se=_se_text(d, lang))], lang)
    return _finish(frame, {**_value_formats(d, mods, labels, lang), b: "3", se: "3", t: "2", p: "p", lo: "3",
                           hi: "3"}, [(lo, hi, _h("ci", lang, d))],
                   _w(TITLES, key, lang, x=nm.get("X", ""), y=nm.get("Y", ""), w=w), note)


def interaction_at(result, lang: str = "en", labels: dict | None = None) -> pd.DataFrame:
    """Three-way models: the X × W interaction on Y at values of Z (Hayes 2022, §9)."""
    _check_lang(lang)
    d = as_dict(result)
    rows = _rows(d, "interaction_at")
    if not rows:
        return pd.DataFrame()
    mods = [c for c in moderator_columns(d) if any(c in r for r in rows)]
    b, se, t, p = (_h(k, lang) for k in ("b", "se", "t", "p"))
    lo, hi = _h("ci_lower", lang, d), _h("ci_upper", lang, d)
    inter = _h("interaction", lang)
    frame = pd.DataFrame([{inter: term_name(d, r.get("interaction"), labels, lang),
                           **_moderator_block(d, r, mods, labels, lang), b: _num(r.get("effect")),
                           se: _num(r.get("se")), t: _num(r.get("t")), p: _num(r.get("p")),
                           lo: _num(r.get("ci.lower")), hi: _num(r.get("ci.upper"))} for r in rows])
    first = str(rows[0].get("interaction", ""))
    parts = first.split("×")
    nm = _names(d, labels, lang)
    note = _join([*_probe_note(d, mods, labels, lang), _w(NOTES, "se", lang, se=_se_text(d, lang))], lang)
    return _finish(frame, {**_value_formats(d, mods, labels, lang), inter: "text", b: "3", se: "3", t: "2",
                           p: "p", lo: "3", hi: "3"}, [(lo, hi, _h("ci", lang, d))],
                   _w(TITLES, "interaction_at", lang, x=nm.get("X", ""),
                      w=_atom(d, parts[-1], labels, lang) if len(parts) > 1 else "",
                      z=", ".join(_label(d, labels, c, lang) for c in mods)), note)


def _boot_columns(d: dict, lang: str) -> tuple[str, str, str]:
    return _h("boot_se", lang), _h("boot_lower", lang, d), _h("boot_upper", lang, d)


def indirect_effects(result, lang: str = "en", labels: dict | None = None) -> pd.DataFrame:
    """Every (conditional) indirect effect: the path by names, the moderators' values, the effect, Boot SE and
    Boot CI (Preacher & Hayes 2008; Hayes 2022)."""
    _check_lang(lang)
    d = as_dict(result)
    rows = _rows(d, "indirect")
    if not rows:
        return pd.DataFrame()
    mods = [c for c in moderator_columns(d) if any(c in r for r in rows)]
    path, eff = _h("path", lang), _h("effect", lang)
    bse, lo, hi = _boot_columns(d, lang)
    frame = pd.DataFrame([{path: path_name(d, r.get("path"), labels, lang),
                           **_moderator_block(d, r, mods, labels, lang),
                           eff: _num(r.get("effect")), bse: _num(r.get("boot.se")), lo: _num(r.get("boot.ci.lower")),
                           hi: _num(r.get("boot.ci.upper"))} for r in rows])
    nm = _names(d, labels, lang)
    if mods:
        w = (" and " if lang == "en" else "、").join(_label(d, labels, c, lang) for c in mods)
        title = _w(TITLES, "conditional_indirect", lang, x=nm.get("X", ""), y=nm.get("Y", ""), w=w)
    else:
        title = _w(TITLES, "indirect", lang, x=nm.get("X", ""), y=nm.get("Y", ""))
    note = _join([*_probe_note(d, mods, labels, lang), boot_note(d, lang)], lang)
    return _finish(frame, {**_value_formats(d, mods, labels, lang), path: "text", eff: "3", bse: "3", lo: "3",
                           hi: "3"}, [(lo, hi, _h("boot_ci", lang, d))], title, note)


def indices(result, lang: str = "en", labels: dict | None = None) -> pd.DataFrame:
    """Indices of moderated mediation (Hayes 2015), partial, conditional and moderated moderated mediation
    (Hayes 2018): kind, path, moderator (a category against the reference group), effect, Boot SE and CI."""
    _check_lang(lang)
    d = as_dict(result)
    rows = _rows(d, "indices")
    if not rows:
        return pd.DataFrame()
    mods = [c for c in moderator_columns(d) if any(c in r for r in rows)]
    kind, path, mod, eff = _h("index_kind", lang), _h("path", lang), _h("moderator", lang), _h("index", lang)
    bse, lo, hi = _boot_columns(d, lang)
    frame = pd.DataFrame([{kind: INDEX_KIND.get(str(r.get("kind")), {}).get(lang, str(r.get("kind"))),
                           path: path_name(d, r.get("path"), labels, lang),
                           mod: term_name(d, r.get("moderator"), labels, lang),
                           **_moderator_block(d, r, mods, labels, lang), eff: _num(r.get("effect")),
                           bse: _num(r.get("boot.se")), lo: _num(r.get("boot.ci.lower")),
                           hi: _num(r.get("boot.ci.upper"))} for r in rows])
    cats = [c for c in moderator_columns(d) if is_categorical(d, c)]
    ref = [level_name(d, c, ((d.get("levels") or {}).get(_role_of(d, c)) or [""])[0], lang) for c in cats]
    note = _join([_w(NOTES, "index", lang), *([_w(NOTES, "index_cat", lang, ref=", ".join(map(str, ref)))]
                                               if ref else []), boot_note(d, lang)], lang)
    return _finish(frame, {**_value_formats(d, mods, labels, lang), kind: "text", path: "text", mod: "text",
                           eff: "3", bse: "3", lo: "3", hi: "3"}, [(lo, hi, _h("boot_ci", lang, d))],
                   TITLES["indices"][lang], note)


def effects(result, lang: str = "en", labels: dict | None = None) -> pd.DataFrame:
    """Total, direct and indirect effects of X on Y (a mediation model without moderators), with SE, t, p and
    CI of the total and direct effects, Boot SE and Boot CI of the indirect effects and the completely
    standardized effects with their Boot CIs (Hayes 2022, §4.4); in a moderated model only its unmoderated
    direct effect (the conditional ones are in :func:`conditional_effects` and :func:`indirect_effects`)."""
    _check_lang(lang)
    d = as_dict(result)
    mods = moderator_columns(d)
    direct = [r for r in _rows(d, "direct") if not any(c in r for c in mods)]
    total = _rows(d, "total")
    indirect = [r for r in _rows(d, "indirect") if not any(c in r for c in mods)]
    if not (direct or total or indirect) or not any(k.startswith("M") for k in d.get("roles") or {}):
        return pd.DataFrame()
    std = {(str(r.get("effect")), str(r.get("path"))): r for r in _rows(d, "standardized")
           if r.get("standardization") == "completely"}
    kind, path = _h("kind", lang), _h("path", lang)
    b, se, t, p = (_h(k, lang) for k in ("b", "se", "t", "p"))
    lo, hi = _h("ci_lower", lang, d), _h("ci_upper", lang, d)
    cs, cs_lo, cs_hi = _h("std", lang), _h("std_lower", lang, d), _h("std_upper", lang, d)
    nm = _names(d, labels, lang)
    xy = f"{nm.get('X', '')} → {nm.get('Y', '')}"
    out = []

    def add(what, route, r, s, boot):
        out.append({kind: WORDS[what][lang], path: route, b: _num(r.get("effect")),
                    se: _num(r.get("boot.se" if boot else "se")), t: None if boot else _num(r.get("t")),
                    p: None if boot else _num(r.get("p")),
                    lo: _num(r.get("boot.ci.lower" if boot else "ci.lower")),
                    hi: _num(r.get("boot.ci.upper" if boot else "ci.upper")),
                    cs: _num((s or {}).get("estimate")), cs_lo: _num((s or {}).get("boot.ci.lower")),
                    cs_hi: _num((s or {}).get("boot.ci.upper"))})
    for r in total:
        add("total", xy, r, std.get(("total", "total")), False)
    for r in direct:
        add("direct", xy, r, std.get(("direct", "direct")), False)
    for r in indirect:
        what = "total_indirect" if str(r.get("path")) == "total" else "indirect"
        route = xy if what == "total_indirect" else path_name(d, r.get("path"), labels, lang)
        add(what, route, r, std.get(("indirect", str(r.get("path")))), True)
    frame = pd.DataFrame(out)
    if not std:
        frame = frame.drop(columns=[cs, cs_lo, cs_hi])
    if not total and not indirect:
        title = _w(TITLES, "direct", lang, x=nm.get("X", ""), y=nm.get("Y", ""))
        frame = frame.drop(columns=[c for c in (kind,) if c in frame.columns])
        note = _w(NOTES, "se", lang, se=_se_text(d, lang))
    else:
        title = _w(TITLES, "effects", lang, x=nm.get("X", ""), y=nm.get("Y", ""))
        note = _join([_w(NOTES, "effects", lang, x=nm.get("X", ""), y=nm.get("Y", "")),
                      _w(NOTES, "se", lang, se=_se_text(d, lang)), boot_note(d, lang)], lang)
    return _finish(frame, {kind: "text", path: "text", b: "3", se: "3", t: "2", p: "p", lo: "3", hi: "3",
                           cs: "unit3", cs_lo: "unit3", cs_hi: "unit3"},
                   [(lo, hi, _h("ci", lang, d)), (cs_lo, cs_hi, _h("std_ci", lang, d))], title, note)


def contrasts(result, lang: str = "en", labels: dict | None = None) -> pd.DataFrame:
    """Pairwise differences of the specific indirect effects with Boot SE and CI (Preacher & Hayes 2008)."""
    _check_lang(lang)
    d = as_dict(result)
    rows = _rows(d, "contrasts")
    if not rows:
        return pd.DataFrame()
    con, eff = _h("contrast", lang), _h("effect", lang)
    bse, lo, hi = _boot_columns(d, lang)
    frame = pd.DataFrame([{con: path_name(d, r.get("path"), labels, lang), eff: _num(r.get("effect")),
                           bse: _num(r.get("boot.se")), lo: _num(r.get("boot.ci.lower")),
                           hi: _num(r.get("boot.ci.upper"))} for r in rows])
    return _finish(frame, {con: "text", eff: "3", bse: "3", lo: "3", hi: "3"}, [(lo, hi, _h("boot_ci", lang, d))],
                   TITLES["contrasts"][lang], boot_note(d, lang))


def jn_regions(j: dict, alpha: float) -> list[dict]:
    """The regions of the moderator's observed range that the Johnson–Neyman points cut, each ``{"from", "to",
    "significant", "share"}`` (share of the sample, from the result's ``shares``).  Whether a region is
    significant is read from the result's grid (p of a grid point inside it); the significance changes at each
    point (a simple root of t² = t_crit²)."""
    lo, hi = _num(j.get("min")), _num(j.get("max"))
    inside = sorted(v for v in (_num(x) for x in j.get("inside") or []) if v is not None)
    if lo is None or hi is None:
        return []
    bounds = [lo, *inside, hi]
    grid = [g for g in j.get("grid") or [] if isinstance(g, dict)]
    mod = str(j.get("moderator"))
    sig = [None] * (len(bounds) - 1)
    for k in range(len(sig)):
        pts = [g for g in grid if _num(g.get(mod)) is not None and bounds[k] < g[mod] < bounds[k + 1]
               and _num(g.get("p")) is not None]
        if len(bounds) == 2:
            pts = [g for g in grid if _num(g.get("p")) is not None]
        if pts:
            sig[k] = pts[len(pts) // 2]["p"] < alpha
    known = next((k for k, s in enumerate(sig) if s is not None), None)
    if known is None:
        return []
    for k in range(len(sig)):
        if sig[k] is None:
            sig[k] = sig[known] if (k - known) % 2 == 0 else not sig[known]
    shares = {}
    for s in j.get("shares") or []:
        if isinstance(s, dict) and _num(s.get("value")) is not None:
            shares[float(s["value"])] = (_num(s.get("below")), _num(s.get("above")))
    out = []
    for k in range(len(sig)):
        a, b = bounds[k], bounds[k + 1]
        if len(bounds) == 2:
            share = 1.0
        elif k == 0:
            share = shares.get(b, (None, None))[0]
        elif k == len(sig) - 1:
            share = shares.get(a, (None, None))[1]
        else:
            above_a, above_b = shares.get(a, (None, None))[1], shares.get(b, (None, None))[1]
            share = None if above_a is None or above_b is None else above_a - above_b
        out.append({"from": a, "to": b, "significant": bool(sig[k]), "share": share,
                    "open_below": k > 0, "open_above": k < len(sig) - 1})
    return out


def johnson_neyman(result, lang: str = "en", labels: dict | None = None) -> pd.DataFrame:
    """Johnson–Neyman (1936) regions of significance of the effect of X across a continuous moderator
    (Hayes & Matthes 2009): each stretch of the observed range between the J-N points, whether the effect is
    significant there and the share of the sample in it."""
    _check_lang(lang)
    d = as_dict(result)
    js = [j for j in d.get("jn") or [] if isinstance(j, dict)]
    if not js:
        return pd.DataFrame()
    alpha = 1 - (_num(d.get("level")) or 0.95)
    frames = []
    for j in js:
        w, x = _label(d, labels, j.get("moderator"), lang), _label(d, labels, j.get("focal"), lang)
        a, b = _h("from", lang, name=w), _h("to", lang, name=w)
        sig, share = _h("significant", lang, x=x), _h("share", lang)
        rows = [{a: r["from"], b: r["to"], sig: WORDS["yes" if r["significant"] else "no"][lang],
                 share: None if r["share"] is None else 100 * r["share"]} for r in jn_regions(j, alpha)]
        frame = pd.DataFrame(rows)
        note = _w(NOTES, "jn", lang, w=w, t=apa.num(j.get("t.crit"), 3), lo=apa.num(j.get("min"), 3),
                  hi=apa.num(j.get("max"), 3))
        frames.append(_finish(frame, {a: "3", b: "3", sig: "text", share: "1"}, (),
                              _w(TITLES, "jn", lang, x=x, y=_label(d, labels, j.get("outcome"), lang), w=w), note))
    return frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)


def johnson_neyman_grid(result, lang: str = "en", labels: dict | None = None) -> pd.DataFrame:
    """The conditional effect of X across the moderator's observed range at the J-N grid (PROCESS's table):
    moderator value, effect, SE, t, p, CI."""
    _check_lang(lang)
    d = as_dict(result)
    js = [j for j in d.get("jn") or [] if isinstance(j, dict)]
    if not js:
        return pd.DataFrame()
    j = js[0]
    mod = str(j.get("moderator"))
    w = _label(d, labels, mod, lang)
    b, se, t, p = (_h(k, lang) for k in ("b", "se", "t", "p"))
    lo, hi = _h("ci_lower", lang, d), _h("ci_upper", lang, d)
    frame = pd.DataFrame([{w: _num(g.get(mod)), b: _num(g.get("effect")), se: _num(g.get("se")), t: _num(g.get("t")),
                           p: _num(g.get("p")), lo: _num(g.get("ci.lower")), hi: _num(g.get("ci.upper"))}
                          for g in j.get("grid") or [] if isinstance(g, dict)])
    return _finish(frame, {w: "3", b: "3", se: "3", t: "2", p: "p", lo: "3", hi: "3"}, [(lo, hi, _h("ci", lang, d))],
                   _w(TITLES, "jn_grid", lang, x=_label(d, labels, j.get("focal"), lang),
                      y=_label(d, labels, j.get("outcome"), lang), w=w),
                   _w(NOTES, "se", lang, se=_se_text(d, lang)))


def display_tables(result, lang: str = "en", labels: dict | None = None) -> dict[str, pd.DataFrame]:
    """The tables a reader needs, non-empty ones only, in reading order: ``equation:<outcome>`` per equation,
    ``conditional``, ``interaction_at``, ``effects`` (total/direct/indirect of a mediation, or the direct
    effect of a moderated mediation), ``indirect`` (conditional indirect effects: moderated models only; an
    unmoderated model's indirect effects are in ``effects``), ``indices``, ``contrasts``, ``jn``."""
    _check_lang(lang)
    d = as_dict(result)
    out = {f"equation:{f.attrs['outcome']}": f for f in equations(d, lang, labels)}
    moderated = bool(moderator_columns(d))
    for key, make in (("conditional", conditional_effects), ("interaction_at", interaction_at),
                      ("effects", effects), ("indirect", indirect_effects), ("indices", indices),
                      ("contrasts", contrasts), ("jn", johnson_neyman)):
        if key == "indirect" and not moderated:
            continue
        frame = make(d, lang, labels)
        if len(frame):
            out[key] = frame
    return out


def shown(frame: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """A table as the strings people read: :func:`research.report.apa.display` by its formats, each interval of
    ``attrs["ci"]`` in one cell "[0.120, 0.450]" (under the interval's header, where the lower bound was).
    Title and note stay in ``attrs``."""
    if frame is None or not len(frame):
        return pd.DataFrame()
    out = apa.display(frame, lang)
    for lo, hi, head in frame.attrs.get("ci") or []:
        if lo in out.columns and hi in out.columns:
            merged = ["—" if a == "—" and b == "—" else f"[{a}, {b}]" for a, b in zip(out[lo], out[hi])]
            out[lo] = merged
            out = out.drop(columns=[hi]).rename(columns={lo: head})
    for key in ("title", "note"):
        if frame.attrs.get(key):
            out.attrs[key] = frame.attrs[key]
    return out
