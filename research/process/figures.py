"""Figures of a conditional process analysis (:func:`research.process`): simple slopes, the
Johnson–Neyman plot, conditional indirect effects across a moderator, and PROCESS's conceptual model
diagrams for a model gallery.

Each function returns a :class:`matplotlib.figure.Figure` made without pyplot (global rcParams
untouched); every text gets the CJK font list of :func:`research.fonts.cjk_font_families`, and titles,
axis titles, legends and notes are written in ``lang`` (``"en"``, ``"zh-Hans"``, ``"zh-Hant"``).
``labels`` maps a data column (and a level of a categorical moderator) to its display name, either one
string or ``{lang: name}`` as a questionnaire's ``Construct.name``; unnamed columns are shown as they
are.  Save with :func:`research.figures.save` / :func:`research.figures.to_bytes`.

Moderator values are labelled as journals label them: ``EMP = 3.21 (M − 1 SD)`` in English,
``低（M − 1SD）：3.21`` in Chinese with the moderator's name as the legend title; a value clipped to the
observed range (PROCESS 3/4) is marked min/max, percentile probes P16/P50/P84, a categorical
moderator's values are its level names.

* :func:`simple_slopes` — predicted outcome across the focal predictor's observed range at each probe
  value of the moderator (Aiken & West 1991), with the t-based confidence band of the fitted value
  (:meth:`ProcessResult.predict`); with two moderators one panel per value of the second.
* :func:`johnson_neyman` — the conditional effect of X across the moderator with its confidence band,
  the Johnson–Neyman points and the regions of significance with the share of the sample in each
  (Johnson & Neyman 1936; Bauer & Curran 2005; Hayes 2022, §7.4).
* :func:`conditional_indirect` — conditional indirect effects at the probed moderator values with
  their bootstrap CIs (Preacher, Rucker & Hayes 2007; Hayes 2015), and, when the result carries the
  bootstrap draws of the coefficients, a continuous bootstrap band over the moderator's range.
* :func:`model_diagram` — the conceptual diagram of PROCESS model n (Hayes 2022, Appendix A), drawn
  from :func:`research.process.template`: X, the mediators, Y, and each moderator's arrow pointing at
  the path it moderates (a three-way interaction: Z's arrow at W's arrow).

Artists carry ids for programs (``gid``): ``slope:<panel>:<line>`` / ``band:…`` (simple slopes),
``jn:effect``, ``jn:ci.lower``, ``jn:ci.upper``, ``jn:point:<k>``, ``jn:region:<k>`` (J-N),
``ind:points:<path>:<series>``, ``ind:ci:…``, ``ind:band:…`` (indirect), ``node:<role>``,
``path:<src>:<dst>``, ``mod:<moderator>:<src>:<dst>`` and ``mod:Z:W:<src>:<dst>`` (diagram), ``message``
(a figure that explains why there is nothing to draw).
"""
from __future__ import annotations

import math
import re

import numpy as np

from ..errors import invalid_option
from ..figures import (_INK, _Node, _agg, _bezier, _check_lang, _check_names, _diagram_canvas, _fonts, _name,
                       _route, _text_size)
from ..report import apa
from . import design as dz
from .models import template

_ROLE_WORDS = {
    "X": {"en": "X", "zh-Hans": "自变量", "zh-Hant": "自變項"},
    "Y": {"en": "Y", "zh-Hans": "因变量", "zh-Hant": "依變項"},
    "M": {"en": "M", "zh-Hans": "中介变量", "zh-Hant": "中介變項"},
    "W": {"en": "W", "zh-Hans": "调节变量", "zh-Hant": "調節變項"},
}
_LEVEL_WORDS = {"en": ("low", "medium", "high"), "zh-Hans": ("低", "中", "高"), "zh-Hant": ("低", "中", "高")}

_T = {
    "sep": {"en": ", ", "zh-Hans": "、", "zh-Hant": "、"},
    "and": {"en": " and ", "zh-Hans": "和", "zh-Hant": "和"},
    "ss_title": {"en": "Simple slopes of {focal} on {outcome} at values of {mods}",
                 "zh-Hans": "简单斜率：不同{mods}水平下{focal}对{outcome}的影响",
                 "zh-Hant": "簡單斜率：不同{mods}水準下{focal}對{outcome}的影響"},
    "ss_title_cat": {"en": "Simple slopes of {focal} on {outcome} by {mods}",
                     "zh-Hans": "简单斜率：不同{mods}下{focal}对{outcome}的影响",
                     "zh-Hant": "簡單斜率：不同{mods}下{focal}對{outcome}的影響"},
    "ss_y": {"en": "Predicted {outcome}", "zh-Hans": "{outcome}（预测值）", "zh-Hant": "{outcome}（預測值）"},
    "ss_note": {"en": "Note. Lines: predicted {outcome}; bands: {pct}% confidence intervals ({se} SEs); other "
                      "predictors at their means{ref}.",
                "zh-Hans": "注：线为{outcome}的预测值，阴影为 {pct}% 置信区间（{se} 标准误）；其他预测变量取均值{ref}。",
                "zh-Hant": "註：線為{outcome}的預測值，陰影為 {pct}% 信賴區間（{se} 標準誤）；其他預測變項取平均數{ref}。"},
    "ss_ref": {"en": ", categorical ones at their reference level", "zh-Hans": "，分类变量取参照组",
               "zh-Hant": "，類別變項取參照組"},
    "jn_title": {"en": "Johnson–Neyman plot: effect of {x} on {y} across {w}",
                 "zh-Hans": "Johnson–Neyman 图：{x}对{y}的条件效应随{w}的变化",
                 "zh-Hant": "Johnson–Neyman 圖：{x}對{y}的條件效果隨{w}的變化"},
    "jn_y": {"en": "Conditional effect of {x} on {y}", "zh-Hans": "{x}对{y}的条件效应",
             "zh-Hant": "{x}對{y}的條件效果"},
    "effect": {"en": "Conditional effect", "zh-Hans": "条件效应", "zh-Hant": "條件效果"},
    "ci": {"en": "{pct}% CI", "zh-Hans": "{pct}% 置信区间", "zh-Hant": "{pct}% 信賴區間"},
    "jn_sig": {"en": "Significant (p < {a}): {share} of the sample",
               "zh-Hans": "显著区域（p < {a}）：占样本 {share}", "zh-Hant": "顯著區域（p < {a}）：占樣本 {share}"},
    "jn_ns": {"en": "Not significant: {share} of the sample", "zh-Hans": "不显著区域：占样本 {share}",
              "zh-Hant": "不顯著區域：占樣本 {share}"},
    "jn_point": {"en": "J-N point", "zh-Hans": "J-N 点", "zh-Hant": "J-N 點"},
    "jn_note": {"en": "Note. Johnson–Neyman technique (Johnson & Neyman 1936; Bauer & Curran 2005): values of {w} "
                      "where the {pct}% CI of the effect ({se} SEs) starts or stops including zero. {points}",
                "zh-Hans": "注：Johnson–Neyman 法（Johnson & Neyman 1936；Bauer & Curran 2005）：效应的 {pct}% 置信区间"
                           "（{se} 标准误）开始或不再包含 0 时的{w}取值。{points}",
                "zh-Hant": "註：Johnson–Neyman 法（Johnson & Neyman 1936；Bauer & Curran 2005）：效果的 {pct}% 信賴區間"
                           "（{se} 標準誤）開始或不再包含 0 時的{w}取值。{points}"},
    "jn_points": {"en": "J-N point{s}: {values}.", "zh-Hans": "J-N 点：{values}。", "zh-Hant": "J-N 點：{values}。"},
    "jn_none": {"en": "No J-N point within the observed range of {w} ({lo} to {hi}): the effect is {state} "
                      "across the whole range.",
                "zh-Hans": "在{w}的观测范围（{lo} 至 {hi}）内没有 J-N 点：效应在整个范围内{state}。",
                "zh-Hant": "在{w}的觀測範圍（{lo} 至 {hi}）內沒有 J-N 點：效果在整個範圍內{state}。"},
    "sig_word": {"en": "significant", "zh-Hans": "均显著", "zh-Hant": "均顯著"},
    "ns_word": {"en": "not significant", "zh-Hans": "均不显著", "zh-Hant": "均不顯著"},
    "ind_title": {"en": "Conditional indirect effect of {x} on {y} across {w}",
                  "zh-Hans": "{x}对{y}的条件间接效应随{w}的变化", "zh-Hant": "{x}對{y}的條件間接效果隨{w}的變化"},
    "ind_title_cat": {"en": "Conditional indirect effect of {x} on {y} by {w}",
                      "zh-Hans": "不同{w}下{x}对{y}的条件间接效应", "zh-Hant": "不同{w}下{x}對{y}的條件間接效果"},
    "ind_y": {"en": "Indirect effect", "zh-Hans": "间接效应", "zh-Hant": "間接效果"},
    "ind_note": {"en": "Note. Points: conditional indirect effects at the probed values of {w}; error bars: {pct}% "
                       "bootstrap {kind} CIs ({b} resamples).",
                 "zh-Hans": "注：点为{w}各取值下的条件间接效应，误差线为 {pct}% 自助法{kind}置信区间（{b} 次重抽样）。",
                 "zh-Hant": "註：點為{w}各取值下的條件間接效果，誤差線為 {pct}% 拔靴法{kind}信賴區間（{b} 次重抽樣）。"},
    "ind_band": {"en": "Band: the same interval at every value of {w} in its observed range.",
                 "zh-Hans": "阴影：{w}观测范围内每个取值处的同一区间。",
                 "zh-Hant": "陰影：{w}觀測範圍內每個取值處的同一區間。"},
    "ind_noboot": {"en": "Note. Points: conditional indirect effects at the probed values of {w}; no bootstrap "
                         "(boot = 0), so no confidence intervals.",
                   "zh-Hans": "注：点为{w}各取值下的条件间接效应；未做自助法（boot = 0），故无置信区间。",
                   "zh-Hant": "註：點為{w}各取值下的條件間接效果；未做拔靴法（boot = 0），故無信賴區間。"},
    "percentile": {"en": "percentile", "zh-Hans": "百分位", "zh-Hant": "百分位數"},
    "bc": {"en": "bias-corrected", "zh-Hans": "偏差校正", "zh-Hant": "偏誤校正"},
    "index": {"en": "Index of moderated mediation{by}: {v}, {pct}% CI [{lo}, {hi}].",
              "zh-Hans": "有调节的中介指数{by}：{v}，{pct}% 置信区间 [{lo}, {hi}]。",
              "zh-Hant": "被調節的中介指標{by}：{v}，{pct}% 信賴區間 [{lo}, {hi}]。"},
    "index_by": {"en": " ({level} vs {ref})", "zh-Hans": "（{level}相对于{ref}）", "zh-Hant": "（{level}相對於{ref}）"},
    "minimum": {"en": "min", "zh-Hans": "最小值", "zh-Hant": "最小值"},
    "maximum": {"en": "max", "zh-Hans": "最大值", "zh-Hant": "最大值"},
    # message figures
    "no_moderation": {"en": "Model {n} has no moderated path, so there are no simple slopes to plot.",
                      "zh-Hans": "模型 {n} 没有被调节的路径，因此没有简单斜率图。",
                      "zh-Hant": "模型 {n} 沒有被調節的路徑，因此沒有簡單斜率圖。"},
    "jn_missing": {"en": "No Johnson–Neyman analysis for this model: {why}",
                   "zh-Hans": "该模型没有 Johnson–Neyman 分析：{why}", "zh-Hant": "此模型沒有 Johnson–Neyman 分析：{why}"},
    "why_direct": {"en": "the effect of {x} on {y} is not moderated (J-N applies to a moderated direct effect).",
                   "zh-Hans": "{x}对{y}的效应不受调节（J-N 法用于被调节的直接效应）。",
                   "zh-Hant": "{x}對{y}的效果不受調節（J-N 法用於被調節的直接效果）。"},
    "why_categorical": {"en": "the moderator {w} is categorical; the conditional effects are given for each group.",
                        "zh-Hans": "调节变量{w}是分类变量，条件效应按各组给出。",
                        "zh-Hant": "調節變項{w}是類別變項，條件效果按各組列出。"},
    "why_two": {"en": "the effect of {x} is moderated by two moderators; see its conditional effects at values of both.",
                "zh-Hans": "{x}的效应受两个调节变量调节，请看两者各取值下的条件效应。",
                "zh-Hant": "{x}的效果受兩個調節變項調節，請看兩者各取值下的條件效果。"},
    "why_off": {"en": "it was not requested (jn=False).", "zh-Hans": "分析时未要求 J-N 分析。",
                "zh-Hant": "分析時未要求 J-N 分析。"},
    "why_mediator": {"en": "{x} interacts with a mediator, so its direct effect has no single moderator.",
                     "zh-Hans": "{x}与中介变量存在交互，直接效应不只取决于一个调节变量。",
                     "zh-Hant": "{x}與中介變項存在交互，直接效果不只取決於一個調節變項。"},
    "no_indirect": {"en": "Model {n} has no mediator, so there is no indirect effect to plot.",
                    "zh-Hans": "模型 {n} 没有中介变量，因此没有间接效应图。",
                    "zh-Hant": "模型 {n} 沒有中介變項，因此沒有間接效果圖。"},
    "not_moderated": {"en": "In model {n} the indirect effects do not depend on a moderator: see the indirect-effect "
                            "table.",
                      "zh-Hans": "模型 {n} 的间接效应不随调节变量变化，请查看间接效应表。",
                      "zh-Hant": "模型 {n} 的間接效果不隨調節變項變化，請查看間接效果表。"},
    # model diagram
    "model": {"en": "Model {n}: {kind}", "zh-Hans": "模型 {n}：{kind}", "zh-Hant": "模型 {n}：{kind}"},
}
_KINDS = {
    "simple moderation": {"en": "simple moderation", "zh-Hans": "简单调节", "zh-Hant": "簡單調節"},
    "two moderators": {"en": "moderation by two moderators", "zh-Hans": "双调节", "zh-Hant": "雙重調節"},
    "moderated moderation": {"en": "moderated moderation", "zh-Hans": "有调节的调节（三项交互）",
                             "zh-Hant": "被調節的調節（三因子交互作用）"},
    "simple mediation": {"en": "simple mediation", "zh-Hans": "简单中介", "zh-Hant": "簡單中介"},
    "parallel mediation": {"en": "parallel mediation", "zh-Hans": "并行中介", "zh-Hant": "平行中介"},
    "serial mediation": {"en": "serial mediation", "zh-Hans": "链式中介", "zh-Hant": "序列中介"},
    "moderated mediation": {"en": "moderated mediation ({stages})", "zh-Hans": "有调节的中介（{stages}）",
                            "zh-Hant": "被調節的中介（{stages}）"},
    "moderated direct": {"en": "mediation with a moderated direct effect", "zh-Hans": "直接效应被调节的中介",
                         "zh-Hant": "直接效果被調節的中介"},
}
_STAGES = {"a": {"en": "first stage", "zh-Hans": "前半段", "zh-Hant": "前半段"},
           "b": {"en": "second stage", "zh-Hans": "后半段", "zh-Hant": "後半段"},
           "c": {"en": "direct effect", "zh-Hans": "直接效应", "zh-Hant": "直接效果"}}

_SEQ = ("#74a9cf", "#1f4e79", "#0b1f33")                   # low → high: light → dark blue (the ink of figures.py)
_SEQ_STYLE = ((0, (5, 2)), "-", (0, (1.2, 1.2)))
_CAT = ("#1f4e79", "#c0504d", "#4f8a3c", "#8064a2", "#d08a1e", "#2c9aa8", "#7f7f7f", "#a0522d", "#d4a017", "#3b3b98")
_CAT_STYLE = ("-", (0, (5, 2)), (0, (1.2, 1.2)), (0, (6, 2, 1.2, 2)))
_SIG_FILL = "#e6f0df"
_FONT, _SMALL, _TITLE = 9.0, 8.0, 10.5

_PANEL_W, _PANEL_H = 3.5, 2.6                              # inches
_LEFT, _RIGHT, _GAP = 0.78, 0.22, 0.3
_BOTTOM_AXIS = 0.5                                         # x tick labels and x label below a panel


# --------------------------------------------------------------------------
# small helpers
# --------------------------------------------------------------------------

def _check_result(result):
    from .result import ProcessResult
    if not isinstance(result, ProcessResult):
        raise invalid_option("result", type(result).__name__, "Pass the result of research.process(...).",
                             "请传入 research.process(...) 的结果。", "請傳入 research.process(...) 的結果。")
    if not isinstance(result._model, dict):
        raise invalid_option("result", "result._model = None",
                             "This result has no fitted equations (it was read back from results.json); run "
                             "research.process again to draw it.",
                             "该结果不含拟合的方程（可能读自 results.json），请重新运行 research.process 后再画图。",
                             "此結果不含配適的方程（可能讀自 results.json），請重新執行 research.process 後再繪圖。")
    return result


def _pct(level: float) -> str:
    return f"{100 * level:g}"


def _alpha(level: float) -> str:
    return apa.unit(1 - level, 2 if round(1 - level, 2) == round(1 - level, 6) else 3)


def _show(key, labels, lang) -> str:
    return _name(key, labels, lang)


def _fmt(v, digits: int = 2) -> str:
    return apa.num(v, digits)


def _role_of(result) -> dict:
    return {v: k for k, v in result.roles.items()}


_NO_START = set("。，、；：？！）」』】〉》”’．，、；：？！）］｝.,;:!?)]}%")
_NO_END = set("（「『【〈《“‘（［｛([{")


def _wrap(text: str, fp, width: float, balance: bool = False) -> list[str]:
    """``text`` broken into lines no wider than ``width`` inches: at spaces, and between any two CJK
    characters (Chinese has no spaces).  ``balance``: lines of about equal width (no one-character last line
    under a heading)."""
    tokens = re.findall(r"[\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]|[^\s\u2e80-\u9fff\u3000-\u303f\uff00-\uffef]+\s*|\s+",
                        text)
    # no line starts with a closing mark (。，、）…) nor ends with an opening one (（「…): each is kept with
    # its neighbour
    merged: list[str] = []
    for tok in tokens:
        if merged and (tok[0] in _NO_START or merged[-1][-1] in _NO_END):
            merged[-1] += tok
        else:
            merged.append(tok)
    tokens = merged

    def greedy(limit):
        lines, cur = [], ""
        for tok in tokens:
            trial = cur + tok
            if cur and _text_size(trial.rstrip(), fp)[0] > limit:
                lines.append(cur.rstrip())
                cur = tok.lstrip()
            else:
                cur = trial
        if cur.strip():
            lines.append(cur.rstrip())
        return lines or [""]

    lines = greedy(width)
    if balance and len(lines) > 1:
        lo, hi = width / len(lines) * 0.8, width
        for _ in range(12):
            mid = (lo + hi) / 2
            if len(greedy(mid)) > len(lines):
                lo = mid
            else:
                hi = mid
        lines = greedy(hi)
    return lines


def _probe_tags(result, role: str, lang: str) -> list:
    """How each probe value of a continuous moderator was chosen: "M − 1 SD", "M", "M + 1 SD" (min/max when
    clipped to the observed range), "P16"/"P50"/"P84"; None for values given by the user or both values of a
    dichotomous moderator."""
    vals = result.probes[result.roles[role]]
    zh = lang != "en"
    tags = [None] * len(vals)
    mean = result._model["means"].get(role)
    if result.probe == "sd" and len(vals) == 3 and mean is not None and math.isclose(vals[1], mean, abs_tol=1e-9):
        lo_d, hi_d = mean - vals[0], vals[2] - mean
        sd = max(lo_d, hi_d)
        tags = ["M − 1SD" if zh else "M − 1 SD", "M", "M + 1SD" if zh else "M + 1 SD"]
        if not math.isclose(lo_d, sd, rel_tol=1e-9):
            tags[0] = _T["minimum"][lang]
        if not math.isclose(hi_d, sd, rel_tol=1e-9):
            tags[2] = _T["maximum"][lang]
    elif result.probe == "percentile" and len(vals) == 3:
        tags = ["P16", "P50", "P84"]
    return tags


def _probe_value(v, n: int) -> str:
    return f"{v:g}" if float(v).is_integer() and n == 2 else _fmt(v)


def _probe_labels(result, role: str, labels, lang: str, name: str | None = None) -> list[str]:
    """One label per probe value of moderator ``role`` as journals write it."""
    col = result.roles[role]
    vals = result.probes[col]
    name = name or _show(col, labels, lang)
    if role in result.levels:
        return [_show(v, labels, lang) for v in vals]
    out = []
    for k, (v, tag) in enumerate(zip(vals, _probe_tags(result, role, lang))):
        value = _probe_value(v, len(vals))
        if lang != "en" and tag is not None:
            out.append(f"{_LEVEL_WORDS[lang][k]}（{tag}）= {value}")
        elif lang != "en":
            out.append(value)
        else:
            out.append(f"{name} = {value}" + (f" ({tag})" if tag else ""))
    return out


def _style(result, role: str, k: int, n: int) -> dict:
    if role in result.levels or n > 3:
        return {"color": _CAT[k % len(_CAT)], "linestyle": _CAT_STYLE[k % len(_CAT_STYLE)]}
    idx = (0, 2)[k] if n == 2 else k
    return {"color": _SEQ[idx], "linestyle": _SEQ_STYLE[idx]}


def _observed_range(result, role: str) -> tuple[float, float]:
    """The observed (min, max) of a continuous role among the rows the model used (recorded by the fit)."""
    lo, hi = result._model["ranges"][role]
    return float(lo), float(hi)


# --------------------------------------------------------------------------
# canvases
# --------------------------------------------------------------------------

def _canvas(n_panels: int, heading: str, legend_rows: int, notes: list, *, ncols: int | None = None,
            panel_titles: bool = False, sharey: bool = True, tick_lines: int = 1):
    """A figure of ``n_panels`` equal axes in a row (wrapped after three), a heading above, a legend area and
    note lines below; all sizes in inches.  Returns (fig, axes, geometry dict)."""
    from matplotlib.figure import Figure

    ncols = ncols or min(n_panels, 3)
    nrows = -(-n_panels // ncols)
    gap = _GAP if sharey else _LEFT
    pw = _panel_w(n_panels)
    fig_w = _LEFT + ncols * pw + (ncols - 1) * gap + _RIGHT
    fp_title, fp_note = _fonts(_TITLE), _fonts(_SMALL)
    head_lines = _wrap(heading, fp_title, fig_w - 0.3, balance=True) if heading else []
    note_lines = [ln for t in notes for ln in _wrap(t, fp_note, fig_w - 0.3)]
    line_t, line_n, line_l = 1.35 * _TITLE / 72, 1.45 * _SMALL / 72, 1.85 * _FONT / 72
    top = 0.12 + line_t * len(head_lines) + (0.28 if panel_titles else 0.1)
    row_h = _PANEL_H + _BOTTOM_AXIS + 1.25 * _SMALL / 72 * (tick_lines - 1) + (0.3 if panel_titles else 0.0)
    legend_h = (line_l * legend_rows + 0.16) if legend_rows else 0.0
    bottom = 0.1 + line_n * len(note_lines) + legend_h
    fig_h = top + nrows * row_h - (0.3 if panel_titles else 0.0) + bottom
    fig = Figure(figsize=(fig_w, fig_h))
    axes = []
    for k in range(n_panels):
        r, c = divmod(k, ncols)
        x0 = _LEFT + c * (pw + gap)
        y0 = fig_h - top - r * row_h - _PANEL_H
        ax = fig.add_axes((x0 / fig_w, y0 / fig_h, pw / fig_w, _PANEL_H / fig_h),
                          sharey=axes[0] if (axes and sharey) else None)
        axes.append(ax)
    for i, ln in enumerate(head_lines):
        fig.text(0.5, 1 - (0.1 + line_t * i) / fig_h, ln, ha="center", va="top", fontproperties=fp_title,
                 gid="title")
    for i, ln in enumerate(note_lines):
        fig.text(0.15 / fig_w, (0.08 + line_n * (len(note_lines) - 1 - i)) / fig_h, ln, ha="left", va="bottom",
                 fontproperties=fp_note, color="0.25", gid="note")
    geo = {"w": fig_w, "h": fig_h, "legend_top": (0.1 + line_n * len(note_lines) + legend_h) / fig_h,
           "legend_h": legend_h}
    return fig, axes, geo


def _style_axes(ax, xlabel: str | None, ylabel: str | None) -> None:
    fp = _fonts(_FONT)
    if xlabel is not None:
        ax.set_xlabel(xlabel, fontproperties=fp)
    if ylabel is not None:
        ax.set_ylabel(ylabel, fontproperties=fp)
    for t in ax.get_xticklabels() + ax.get_yticklabels():
        t.set_fontproperties(_fonts(_SMALL))
    ax.tick_params(labelsize=_SMALL)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


def _fix_ticks(fig) -> None:
    """Tick labels are created when the figure is drawn: give them the CJK font list (a minus sign or a
    category name may need it)."""
    fig.canvas.draw()
    fp = _fonts(_SMALL)
    for ax in fig.axes:
        for t in ax.get_xticklabels() + ax.get_yticklabels():
            t.set_fontproperties(fp)


def _legend(fig, geo, handles, labels, title: str | None = None) -> None:
    if not handles:
        return
    fp = _fonts(_FONT)
    ncol = _legend_columns(geo["w"], labels)
    leg = fig.legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, geo["legend_top"]), ncol=ncol,
                     prop=fp, frameon=False, handlelength=2.4, columnspacing=1.2, borderaxespad=0.2,
                     title=title, title_fontproperties=fp if title else None)
    leg.set_gid("legend")


def _legend_rows(fig_w: float, labels: list, title: bool = False) -> int:
    ncol = _legend_columns(fig_w, labels)
    return -(-len(labels) // ncol) + (1 if title else 0)


def _legend_columns(fig_w: float, labels: list) -> int:
    """All entries in one row when they fit, else one per row (two columns would read across the order)."""
    fp = _fonts(_FONT)
    need = sum(_text_size(t, fp)[0] + 0.75 for t in labels) + 0.2 * len(labels)
    return max(1, len(labels)) if need <= fig_w - 0.3 else 1


def _fig_width(n_panels: int, sharey: bool = True) -> float:
    ncols = min(n_panels, 3)
    return _LEFT + ncols * _panel_w(n_panels) + (ncols - 1) * (_GAP if sharey else _LEFT) + _RIGHT


def _panel_w(n_panels: int) -> float:
    return 4.3 if n_panels == 1 else _PANEL_W


def _message(text: str, lang: str):
    """A small figure that says why there is nothing to draw (an app shows it where the plot would be)."""
    from matplotlib.figure import Figure

    fp = _fonts(_FONT)
    lines = _wrap(text, fp, 4.6)
    h = 0.5 + 1.5 * _FONT / 72 * len(lines)
    fig = Figure(figsize=(5.0, h))
    fig.text(0.5, 0.5, "\n".join(lines), ha="center", va="center", fontproperties=fp, color="0.2", gid="message",
             multialignment="center")
    return _agg(fig)


# --------------------------------------------------------------------------
# which paths are moderated
# --------------------------------------------------------------------------

def _moderated_paths(result) -> list:
    """(outcome role, focal role, moderator roles) of every moderated path, in PROCESS's order of
    preference: the direct path X → Y, the X → mediator paths, the mediator → Y paths."""
    dsg = result._model["design"]
    tpl = dsg.template
    order = [*tpl.moderators, "X"]
    out = []

    def mods(source, outcome):
        sets = dz.path_moderation(tpl, source, outcome)
        found = {m for s in sets for m in s}
        return tuple(m for m in order if m in found)

    if mods("X", "Y"):
        out.append(("Y", "X", mods("X", "Y")))
    for m in dsg.mediators:
        if mods("X", m):
            out.append((m, "X", mods("X", m)))
    for m in dsg.mediators:
        if mods(m, "Y"):
            out.append(("Y", m, mods(m, "Y")))
    return out


# --------------------------------------------------------------------------
# simple slopes
# --------------------------------------------------------------------------

def simple_slopes(result, outcome: str | None = None, lang: str = "en", labels=None, points: int = 50, *,
                  focal: str | None = None, title: bool = True):
    """Predicted ``outcome`` across the observed range of the focal predictor at each probe value of its
    moderator (each level of a categorical one), with the fitted value's confidence band.

    ``outcome``: a column name; default Y when X → Y is moderated, else the first mediator whose X path is
    moderated (model 7: M), else Y with the first moderated mediator as focal predictor (model 14).
    ``focal``: the predictor on the horizontal axis (X, or a mediator for a moderated b path); default as
    just said.  Lines and bands are :meth:`ProcessResult.predict` values (every other predictor at its
    mean; Aiken & West 1991).  With two moderators of the path (models 2, 3, …) one panel per value of the
    second.  A model without a moderated path gives a figure that says so.
    """
    result = _check_result(result)
    lang = _check_lang(lang)
    labels = _check_names(labels)
    if isinstance(points, bool) or not isinstance(points, (int, np.integer)) or not 2 <= points <= 2000:
        raise invalid_option("points", repr(points)[:40], "Give the number of points per line as an integer from "
                             "2 to 2000 (e.g. 50).", "请以 2 到 2000 的整数给出每条线的点数（如 50）。",
                             "請以 2 到 2000 的整數提供每條線的點數（如 50）。")
    paths = _moderated_paths(result)
    if not paths:
        return _message(_T["no_moderation"][lang].format(n=result.model), lang)
    to_role = _role_of(result)
    chosen = paths
    for option, value, idx in (("outcome", outcome, 0), ("focal", focal, 1)):
        if value is None:
            continue
        role = to_role.get(value)
        chosen = [p for p in chosen if p[idx] == role]
        if not chosen:
            names = sorted({result.roles[p[idx]] for p in paths})
            raise invalid_option(option, f"{value!r} ∉ {{{', '.join(names)}}}",
                                 f"Name one of: {', '.join(names)} (a {option} of a moderated path).",
                                 f"请指定以下之一：{'、'.join(names)}（被调节路径的{'结果变量' if idx == 0 else '预测变量'}）。",
                                 f"請指定下列之一：{'、'.join(names)}（被調節路徑的{'結果變項' if idx == 0 else '預測變項'}）。",
                                 column=str(value))
    out_role, focal_role, mods = chosen[0]
    line_role, panel_role = mods[0], (mods[1] if len(mods) > 1 else None)
    col = result.roles
    show = {r: _show(col[r], labels, lang) for r in col}

    if focal_role in result.levels:          # not reachable: X and mediators are numeric
        raise invalid_option("focal", col[focal_role], "The focal predictor must be numeric.",
                             "焦点预测变量必须是数值变量。", "焦點預測變項必須是數值變項。")
    lo, hi = _observed_range(result, focal_role)
    xs = np.linspace(lo, hi, int(points))
    line_vals = result.probes[col[line_role]]
    line_labels = _probe_labels(result, line_role, labels, lang)
    panel_vals = result.probes[col[panel_role]] if panel_role else [None]
    panel_labels = _probe_labels(result, panel_role, labels, lang) if panel_role else [None]
    if panel_role and lang != "en":
        panel_labels = [f"{show[panel_role]}：{t}" if result.levels.get(panel_role) is None else
                        f"{show[panel_role]} = {t}" for t in panel_labels]
    elif panel_role and panel_role in result.levels:
        panel_labels = [f"{show[panel_role]} = {t}" for t in panel_labels]

    mod_names = _T["and"][lang].join(show[m] for m in mods)
    heading = _T["ss_title_cat" if all(m in result.levels for m in mods) else "ss_title"][lang].format(focal=show[focal_role], outcome=show[out_role], mods=mod_names) if title else ""
    others_categorical = [r for r in result.levels if r not in mods]
    note = _T["ss_note"][lang].format(outcome=show[out_role], pct=_pct(result.level), se=result.se.upper(),
                                      ref=_T["ss_ref"][lang] if others_categorical else "")
    legend_title = show[line_role] if (lang != "en" or line_role in result.levels) else None
    n_rows = _legend_rows(_fig_width(len(panel_vals)), line_labels, bool(legend_title))
    fig, axes, geo = _canvas(len(panel_vals), heading, n_rows, [note], panel_titles=bool(panel_role))
    handles = []
    for p, (pv, pl) in enumerate(zip(panel_vals, panel_labels)):
        ax = axes[p]
        for k, lv in enumerate(line_vals):
            values = {col[focal_role]: xs, col[line_role]: lv}
            if panel_role:
                values[col[panel_role]] = pv
            pred = result.predict(values, outcome=col[out_role])
            st = _style(result, line_role, k, len(line_vals))
            ax.fill_between(xs, pred["ci.lower"], pred["ci.upper"], color=st["color"], alpha=0.14, linewidth=0,
                            gid=f"band:{p}:{k}")
            (ln,) = ax.plot(xs, pred["fit"].to_numpy(), color=st["color"], linestyle=st["linestyle"], linewidth=1.8,
                            gid=f"slope:{p}:{k}")
            if p == 0:
                handles.append(ln)
        if pl is not None:
            ax.set_title(pl, fontproperties=_fonts(_FONT), pad=4)
        _style_axes(ax, show[focal_role], _T["ss_y"][lang].format(outcome=show[out_role]) if p == 0 else None)
        if p > 0:
            ax.tick_params(labelleft=False)
        ax.set_xlim(lo, hi)
    _legend(fig, geo, handles, line_labels, legend_title)
    _fix_ticks(fig)
    fig.process_figure = {"kind": "simple_slopes", "outcome": col[out_role], "focal": col[focal_role],
                          "moderators": [col[m] for m in mods]}
    return _agg(fig)


# --------------------------------------------------------------------------
# Johnson–Neyman
# --------------------------------------------------------------------------

def _jn_missing_reason(result, lang: str, labels) -> str:
    col = {r: _show(c, labels, lang) for r, c in result.roles.items()}
    paths = [p for p in _moderated_paths(result) if p[0] == "Y" and p[1] == "X"]
    args = {"x": col["X"], "y": col["Y"]}
    if not paths:
        return _T["why_direct"][lang].format(**args)
    mods = paths[0][2]
    if any(m in result.levels for m in mods) and len(mods) == 1:
        return _T["why_categorical"][lang].format(w=col[mods[0]])
    if len(mods) > 1:
        return _T["why_two"][lang].format(**args)
    if any(m.startswith("M") for m in mods):
        return _T["why_mediator"][lang].format(**args)
    return _T["why_off"][lang]


def _jn_curves(jn: dict, w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The conditional effect θ(w) = b₀ + b₁w and its SE, √(v₀₀ + 2v₀₁w + v₁₁w²), at ``w``: both are
    polynomials in w (degree 1 and 2) that the J-N grid determines exactly, recovered by least squares
    from its 21+ points."""
    grid = jn["grid"]
    g = grid[jn["moderator"]].to_numpy(float)
    scale = max(1.0, float(np.max(np.abs(g))))
    eff = np.polynomial.polynomial.polyfit(g / scale, grid["effect"].to_numpy(float), 1)
    var = np.polynomial.polynomial.polyfit(g / scale, grid["se"].to_numpy(float) ** 2, 2)
    e = np.polynomial.polynomial.polyval(w / scale, eff)
    v = np.polynomial.polynomial.polyval(w / scale, var)
    return e, np.sqrt(np.maximum(v, 0.0))


def johnson_neyman(result, lang: str = "en", labels=None, *, title: bool = True):
    """The conditional effect of X on Y across the moderator with its confidence band, the zero line, the
    Johnson–Neyman points (vertical lines, with their values) and the regions of significance shaded,
    with the share of the sample in each region in the legend (from ``result.jn[0]``).  Without a J-N
    result (the direct path is not moderated, the moderator is categorical, two moderators, jn=False) a
    figure says why."""
    result = _check_result(result)
    lang = _check_lang(lang)
    labels = _check_names(labels)
    if not result.jn:
        return _message(_T["jn_missing"][lang].format(why=_jn_missing_reason(result, lang, labels)), lang)
    jn = result.jn[0]
    x_name, y_name = _show(jn["focal"], labels, lang), _show(jn["outcome"], labels, lang)
    w_name = _show(jn["moderator"], labels, lang)
    lo, hi, tc = float(jn["min"]), float(jn["max"]), float(jn["t.crit"])
    inside = [float(r) for r in jn["inside"]]
    grid_w = jn["grid"][jn["moderator"]].to_numpy(float)
    w = np.unique(np.concatenate([np.linspace(lo, hi, 401), grid_w, inside]))
    eff, se = _jn_curves(jn, w)
    lower, upper = eff - tc * se, eff + tc * se

    # regions between the J-N points, their significance and share of the sample
    bounds = [lo, *inside, hi]
    shares = jn["shares"]
    region_share = []
    for k in range(len(bounds) - 1):
        if not inside:
            region_share.append(1.0)
        elif k == 0:
            region_share.append(shares[0]["below"])
        elif k == len(bounds) - 2:
            region_share.append(shares[-1]["above"])
        else:
            region_share.append(shares[k]["below"] + shares[k - 1]["above"] - 1.0)
    region_sig = []
    for a, b in zip(bounds[:-1], bounds[1:]):
        e_mid, s_mid = _jn_curves(jn, np.array([(a + b) / 2]))
        region_sig.append(bool(abs(e_mid[0]) > tc * s_mid[0]))
    sig_share = sum(s for s, g in zip(region_share, region_sig) if g)
    ns_share = sum(s for s, g in zip(region_share, region_sig) if not g)

    pct = _pct(result.level)
    sep = _T["sep"][lang]
    values = sep.join(f"{w_name} = {_fmt(r)}" for r in inside)
    if inside:
        points_text = _T["jn_points"][lang].format(s="s" if len(inside) > 1 else "", values=values)
    else:
        points_text = _T["jn_none"][lang].format(w=w_name, lo=_fmt(lo), hi=_fmt(hi),
                                                 state=_T["sig_word" if region_sig[0] else "ns_word"][lang])
    note = _T["jn_note"][lang].format(w=w_name, pct=pct, se=result.se.upper(), points=points_text)
    heading = _T["jn_title"][lang].format(x=x_name, y=y_name, w=w_name) if title else ""
    share = {True: sig_share, False: ns_share}
    legend_labels = [_T["effect"][lang], _T["ci"][lang].format(pct=pct)]
    for flag in (True, False):
        if flag in region_sig:
            key = "jn_sig" if flag else "jn_ns"
            legend_labels.append(_T[key][lang].format(a=_alpha(result.level), share=f"{100 * share[flag]:.1f}%"))
    if inside:
        legend_labels.append(_T["jn_point"][lang])
    n_rows = _legend_rows(_fig_width(1), legend_labels)
    fig, (ax,), geo = _canvas(1, heading, n_rows, [note])

    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch
    for k, ((a, b), sig) in enumerate(zip(zip(bounds[:-1], bounds[1:]), region_sig)):
        if sig:
            ax.axvspan(a, b, color=_SIG_FILL, linewidth=0, zorder=0, gid=f"jn:region:{k}")
    ax.fill_between(w, lower, upper, color=_INK, alpha=0.16, linewidth=0, zorder=1, gid="jn:band")
    ax.plot(w, lower, color=_INK, linewidth=0.8, linestyle=(0, (4, 2)), zorder=2, gid="jn:ci.lower")
    ax.plot(w, upper, color=_INK, linewidth=0.8, linestyle=(0, (4, 2)), zorder=2, gid="jn:ci.upper")
    ax.plot(w, eff, color=_INK, linewidth=1.9, zorder=3, gid="jn:effect")
    ax.axhline(0.0, color="0.3", linewidth=0.8, zorder=1, gid="jn:zero")
    ax.set_xlim(lo, hi)
    ymin, ymax = float(np.min(lower)), float(np.max(upper))
    ymin, ymax = min(ymin, 0.0), max(ymax, 0.0)
    pad = 0.08 * (ymax - ymin or 1.0)
    ax.set_ylim(ymin - pad, ymax + 2.6 * pad)
    fp_small = _fonts(_SMALL)
    placed: list = []
    for k, r in enumerate(inside):
        ax.axvline(r, color="#c0504d", linewidth=1.1, linestyle=(0, (3, 1.5)), zorder=4, gid=f"jn:point:{k}")
        text = f"{w_name} = {_fmt(r)}"
        width = (_text_size(text, fp_small)[0] + 0.1) / _panel_w(1) * (hi - lo)
        gap = 0.01 * (hi - lo)
        first_of_two = k == 0 and len(inside) > 1
        sides = ("left", "right") if first_of_two or (len(inside) == 1 and r - lo > 0.6 * (hi - lo)) \
            else ("right", "left")
        choice = None
        for level in (1.6, 0.6):          # a second row when both sides are taken
            for side in sides:
                x0, x1 = (r - gap - width, r) if side == "left" else (r, r + gap + width)
                if x0 < lo or x1 > hi or any(lv == level and x1 > a and x0 < b for a, b, lv in placed):
                    continue
                choice = (side, level, x0, x1)
                break
            if choice:
                break
        side, level, x0, x1 = choice or ("right", 1.6, r, r + gap + width)
        placed.append((x0, x1, level))
        ax.text(r - gap if side == "left" else r + gap, ymax + level * pad, text,
                ha="right" if side == "left" else "left", va="center", fontproperties=fp_small, color="#8b2e2b",
                zorder=5, gid=f"jn:label:{k}", bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0,
                                                      "alpha": 0.85})
    _style_axes(ax, w_name, _T["jn_y"][lang].format(x=x_name, y=y_name))
    handles = [Line2D([], [], color=_INK, linewidth=1.9), Patch(facecolor=_INK, alpha=0.16, edgecolor="none")]
    for flag in (True, False):
        if flag in region_sig:
            handles.append(Patch(facecolor=_SIG_FILL if flag else "white", edgecolor="0.6", linewidth=0.5))
    if inside:
        handles.append(Line2D([], [], color="#c0504d", linewidth=1.1, linestyle=(0, (3, 1.5))))
    _legend(fig, geo, handles, legend_labels)
    _fix_ticks(fig)
    fig.process_figure = {"kind": "johnson_neyman", "points": inside, "shares": region_share,
                          "significant": region_sig}
    return _agg(fig)


# --------------------------------------------------------------------------
# conditional indirect effects
# --------------------------------------------------------------------------

_INDIRECT_FIXED = ("path", "mediators", "effect", "draw", "boot.se", "boot.ci.lower", "boot.ci.upper")


def _boot_coefficients(result):
    """The bootstrap draws of every equation's coefficients when the result carries them:
    ``result._model["boot_coefficients"]``, one (B, p_k) array per equation of the design (rows in the order
    of ``result.draws``)."""
    betas = result._model.get("boot_coefficients")
    if betas is None or result.boot == 0:
        return None
    return [np.asarray(b, dtype=float) for b in betas]


def indirect_band(result, path: str, point: dict, grid_role: str, grid: np.ndarray) -> dict:
    """Estimate and bootstrap CI of the indirect effect ``path`` (as in ``result.indirect.path``) at every
    value of the moderator ``grid_role`` in ``grid``, the other moderators at ``point`` (role → value), from
    the coefficient draws (:meth:`ProcessResult.indirect_at`); ``{}`` when the result has none."""
    if _boot_coefficients(result) is None:
        return {}
    values = {result.roles[r]: v for r, v in point.items() if r != grid_role}
    values[result.roles[grid_role]] = np.asarray(grid, dtype=float)
    at = result.indirect_at(values)
    at = at[at["path"] == path]
    return {"effect": at["effect"].to_numpy(float), "ci.lower": at["boot.ci.lower"].to_numpy(float),
            "ci.upper": at["boot.ci.upper"].to_numpy(float)}


def conditional_indirect(result, lang: str = "en", labels=None, *, title: bool = True, points: int = 101):
    """Conditional indirect effects of X on Y across the moderator, one panel per indirect path.

    Points: the effects at the probed moderator values (``result.indirect``) with their bootstrap CIs as
    error bars, connected for a continuous moderator; for a categorical moderator one point per level.
    With a second moderator one series per its value.  When the result carries the bootstrap draws of the
    coefficients (``result._model["boot_coefficients"]``) the effect and its bootstrap CI are also drawn
    as a line and band over the moderator's observed range (``points`` values), by evaluating each path's
    indirect-effect polynomial on the draws.  The panel's index of moderated mediation (when defined)
    is given in the note.  A model without mediators, or whose indirect effects are not moderated, gives
    a figure that says so.
    """
    result = _check_result(result)
    lang = _check_lang(lang)
    labels = _check_names(labels)
    ind = result.indirect
    if ind.empty:
        return _message(_T["no_indirect"][lang].format(n=result.model), lang)
    ind = ind[ind["path"] != "total"]
    mod_cols = [c for c in ind.columns if c not in _INDIRECT_FIXED]
    if not mod_cols:
        return _message(_T["not_moderated"][lang].format(n=result.model), lang)
    to_role = _role_of(result)
    col = result.roles
    x_role = to_role[mod_cols[0]]
    s_role = to_role[mod_cols[1]] if len(mod_cols) > 1 else None
    show = {r: _show(col[r], labels, lang) for r in col}
    categorical = x_role in result.levels
    x_vals = list(result.probes[col[x_role]])
    x_labels = _probe_labels(result, x_role, labels, lang)
    s_vals = list(result.probes[col[s_role]]) if s_role else [None]
    s_labels = _probe_labels(result, s_role, labels, lang) if s_role else [None]
    paths = list(dict.fromkeys(ind["path"]))
    boot = result.boot > 0 and "boot.ci.lower" in ind.columns
    band = boot and not categorical and _boot_coefficients(result) is not None

    def path_label(p: str) -> str:
        rows = ind[ind["path"] == p]
        names = [show["X"], *[_show(m, labels, lang) for m in rows["mediators"].iloc[0]], show["Y"]]
        return " → ".join(names)

    pct = _pct(result.level)
    notes = []
    if boot:
        notes.append(_T["ind_note"][lang].format(w=show[x_role], pct=pct, kind=_T[result.ci][lang], b=result.boot))
        if band:
            notes.append(_T["ind_band"][lang].format(w=show[x_role]))
    else:
        notes.append(_T["ind_noboot"][lang].format(w=show[x_role]))
    idx = result.indices
    if not idx.empty and boot:
        for p in paths:
            for r in idx[(idx["path"] == p) & (idx["kind"] == "moderated mediation")].to_dict("records"):
                m = re.fullmatch(r"(.*)\[(.*)\]", str(r["moderator"]))
                by = ""
                if m and to_role.get(m.group(1)) in result.levels:
                    ref = result.levels[to_role[m.group(1)]][0]
                    by = _T["index_by"][lang].format(level=_show(m.group(2), labels, lang), ref=_show(ref, labels, lang))
                text = _T["index"][lang].format(by=by, v=_fmt(r["effect"], 3), pct=pct, lo=_fmt(r["boot.ci.lower"], 3),
                                                hi=_fmt(r["boot.ci.upper"], 3))
                notes.append((path_label(p) + ": " if len(paths) > 1 else "") + text)
    heading = _T["ind_title_cat" if categorical else "ind_title"][lang].format(x=show["X"], y=show["Y"], w=show[x_role]) if title else ""
    series_title = show[s_role] if (s_role and (lang != "en" or s_role in result.levels)) else None
    n_rows = _legend_rows(_fig_width(len(paths), sharey=False), s_labels, bool(series_title)) if s_role else 0
    two_line_ticks = not categorical and any(_probe_tags(result, x_role, lang))
    fig, axes, geo = _canvas(len(paths), heading, n_rows, notes, panel_titles=len(paths) > 1, sharey=False,
                             tick_lines=2 if two_line_ticks else 1)
    if categorical:
        xs_num = np.arange(len(x_vals), dtype=float)
    else:
        xs_num = np.array(x_vals, dtype=float)
    handles = []
    for p_i, (p, ax) in enumerate(zip(paths, axes)):
        rows = ind[ind["path"] == p]
        for s_i, (sv, sl) in enumerate(zip(s_vals, s_labels)):
            sub = rows if s_role is None else rows[rows[col[s_role]] == sv]
            sub = sub.set_index(sub[col[x_role]].astype(str) if categorical else sub[col[x_role]].astype(float))
            order = [str(v) for v in x_vals] if categorical else [float(v) for v in x_vals]
            sub = sub.loc[order]
            st = (_style(result, s_role, s_i, len(s_vals)) if s_role else {"color": _INK, "linestyle": "-"})
            offset = 0.0
            if categorical and s_role:
                offset = (s_i - (len(s_vals) - 1) / 2) * 0.12
            if band:
                x_lo, x_hi = _observed_range(result, x_role)
                grid = np.linspace(x_lo, x_hi, int(points))
                point = {s_role: sv} if s_role else {}
                b = indirect_band(result, p, point, x_role, grid)
                ax.fill_between(grid, b["ci.lower"], b["ci.upper"], color=st["color"], alpha=0.14, linewidth=0,
                                gid=f"ind:band:{p_i}:{s_i}")
                ax.plot(grid, b["effect"], color=st["color"], linestyle=st["linestyle"], linewidth=1.4,
                        gid=f"ind:line:{p_i}:{s_i}")
            eff = sub["effect"].to_numpy(float)
            kw = {"color": st["color"], "marker": "o", "markersize": 5, "capsize": 3, "elinewidth": 1.1,
                  "linewidth": 0 if (categorical or band) else 1.2,
                  "linestyle": "none" if (categorical or band) else st["linestyle"]}
            if boot:
                lo_, hi_ = sub["boot.ci.lower"].to_numpy(float), sub["boot.ci.upper"].to_numpy(float)
                eb = ax.errorbar(xs_num + offset, eff, yerr=np.vstack([eff - lo_, hi_ - eff]), **kw)
                eb.lines[2][0].set_gid(f"ind:ci:{p_i}:{s_i}")
            else:
                eb = ax.errorbar(xs_num + offset, eff, **kw)
            eb.lines[0].set_gid(f"ind:points:{p_i}:{s_i}")
            if p_i == 0:
                handles.append(eb)
        ax.axhline(0.0, color="0.3", linewidth=0.8, zorder=0, gid="ind:zero")
        if len(paths) > 1:
            ax.set_title(path_label(p), fontproperties=_fonts(_FONT), pad=4)
        _style_axes(ax, show[x_role], _T["ind_y"][lang])
        if categorical:
            ax.set_xticks(xs_num)
            ax.set_xticklabels(x_labels)
            ax.set_xlim(-0.5, len(x_vals) - 0.5)
        else:
            ax.set_xticks(xs_num)
            tags = _probe_tags(result, x_role, lang)
            ax.set_xticklabels([_probe_value(v, len(x_vals)) + (f"\n{t}" if t else "") for v, t in zip(x_vals, tags)])
            span = (xs_num.max() - xs_num.min()) or 1.0
            if band:
                x_lo, x_hi = _observed_range(result, x_role)
                ax.set_xlim(x_lo, x_hi)
            else:
                ax.set_xlim(xs_num.min() - 0.1 * span, xs_num.max() + 0.1 * span)
        lims = ax.get_ylim()
        ax.set_ylim(min(lims[0], 0.0), max(lims[1], 0.0))
    if s_role:
        _legend(fig, geo, handles, s_labels, series_title)
    _fix_ticks(fig)
    fig.process_figure = {"kind": "conditional_indirect", "paths": paths, "moderator": col[x_role],
                          "series": col[s_role] if s_role else None, "band": band}
    return _agg(fig)


# --------------------------------------------------------------------------
# model diagrams
# --------------------------------------------------------------------------

def _model_kind(tpl, k: int, lang: str) -> str:
    paths = tpl.paths
    if tpl.mediators == "none":
        c = paths.get("c", ())
        if any(len(s) == 2 for s in c):
            return _KINDS["moderated moderation"][lang]
        return _KINDS["two moderators" if len(c) > 1 else "simple moderation"][lang]
    if not any(paths.get(p) for p in ("a", "b")):
        if paths.get("c"):
            return _KINDS["moderated direct"][lang]
        kind = "serial mediation" if tpl.mediators == "serial" else ("simple mediation" if k == 1 else "parallel mediation")
        return _KINDS[kind][lang]
    stages = [_STAGES[p][lang] for p in ("a", "b", "c") if paths.get(p)]
    joined = (", ".join(stages[:-1]) + " and " + stages[-1]) if lang == "en" and len(stages) > 1 else \
        ("、".join(stages) if lang != "en" else stages[0])
    return _KINDS["moderated mediation"][lang].format(stages=joined)


def _default_names(roles: list, lang: str) -> dict:
    meds = [r for r in roles if r.startswith("M")]
    mods = [r for r in roles if r in ("W", "Z", "V", "Q")]
    out = {"X": _ROLE_WORDS["X"][lang], "Y": _ROLE_WORDS["Y"][lang]}
    for r in meds:
        base = _ROLE_WORDS["M"][lang]
        if lang == "en":
            out[r] = "M" if len(meds) == 1 else r
        else:
            out[r] = base if len(meds) == 1 else f"{base} {r}"
    for r in mods:
        if lang == "en":
            out[r] = r
        else:
            out[r] = _ROLE_WORDS["W"][lang] if len(mods) == 1 else f"{_ROLE_WORDS['W'][lang]} {r}"
    return out


def _segment_hits(p, q, poly: np.ndarray) -> int:
    """How many segments of the polyline ``poly`` the segment p–q crosses."""
    def orient(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    n = 0
    for a, b in zip(poly[:-1], poly[1:]):
        d1, d2 = orient(p, q, a), orient(p, q, b)
        d3, d4 = orient(a, b, p), orient(a, b, q)
        if d1 * d2 < 0 and d3 * d4 < 0:
            n += 1
    return n


def _box_exit(node: _Node, target) -> np.ndarray:
    """Where the straight line from the centre of the rectangle ``node`` to ``target`` leaves it."""
    c = np.array([node.x, node.y])
    d = np.asarray(target, float) - c
    s = min(node.a / abs(d[0]) if abs(d[0]) > 1e-12 else np.inf, node.b / abs(d[1]) if abs(d[1]) > 1e-12 else np.inf)
    return c + min(s, 1.0) * d


def model_diagram(model, lang: str = "en", names=None, *, mediators: int | None = None, title: bool = True):
    """The conceptual diagram of PROCESS model ``model`` (Hayes 2022, Appendix A), drawn from
    :func:`research.process.template`: X left, Y right, the mediators between them (parallel: stacked
    above the direct path; serial: side by side, every earlier variable pointing at every later one), and
    each moderator a box whose arrow points at the middle of the path it moderates (a three-way
    interaction W×Z: Z's arrow points at W's arrow).  Moderator boxes are placed where their arrows cross
    no box and the fewest paths.

    ``model``: a model number (1–76) or a :class:`ProcessResult` (its roles and mediator count).
    ``names``: role letter (``"X"``, ``"M"`` or ``"M1"``…, ``"Y"``, ``"W"``, ``"Z"``) — or, for a result, a
    column name — to display name (one string or ``{lang: name}``); default the letters in English, the
    role words 自变量/中介变量/因变量/调节变量 in Chinese.  ``mediators``: how many mediator boxes (default 1
    for parallel models, 2 for serial model 6).  Small enough for a gallery card.  ``fig.process_figure``
    lists the paths and the moderator arrows drawn.
    """
    from matplotlib.patches import FancyArrowPatch, Rectangle
    from matplotlib.path import Path

    from .result import ProcessResult
    lang = _check_lang(lang)
    names = _check_names(names)
    result = model if isinstance(model, ProcessResult) else None
    tpl = template(result.model if result else model)
    if result is not None:
        k = sum(1 for r in result.roles if r.startswith("M"))
    elif tpl.mediators == "none":
        k = 0
    else:
        if mediators is None:
            k = 2 if tpl.mediators == "serial" else 1
        elif isinstance(mediators, bool) or not isinstance(mediators, (int, np.integer)) or not 1 <= mediators <= 6:
            raise invalid_option("mediators", repr(mediators)[:40], "Give the number of mediators to draw, 1 to 6.",
                                 "请给出要画的中介变量个数（1 到 6）。", "請提供要繪製的中介變項個數（1 到 6）。")
        else:
            k = int(mediators)
    if tpl.mediators == "none":
        k = 0
    med_roles = [f"M{i + 1}" for i in range(k)]
    roles = ["X", *med_roles, "Y", *[m for m in tpl.moderators]]
    default = _default_names(roles, lang)

    def shown(r: str) -> str:
        if result is not None:
            c = result.roles[r]
            return _name(c, names, lang) if c in names else _name(r, names, lang) if r in names else c
        if r in names:
            return _name(r, names, lang)
        if r.startswith("M") and "M" in names and k == 1:
            return _name("M", names, lang)
        return default[r]

    fp_node, fp_title = _fonts(_FONT), _fonts(_TITLE)
    half_h = 0.17
    half_w = {r: max(0.26, _text_size(shown(r), fp_node)[0] / 2 + 0.1) for r in roles}

    # node positions (inches)
    nodes: dict = {}
    rise = 0.95
    if k == 0:
        span = max(2.6, half_w["X"] + half_w["Y"] + 1.8)
    elif tpl.mediators == "serial":
        row_w = sum(2 * half_w[m] for m in med_roles) + 0.55 * (k - 1)
        span = max(2.8, row_w + half_w["X"] + half_w["Y"] + 0.9)
    else:
        span = max(2.6, 2 * max(half_w[m] for m in med_roles) + half_w["X"] + half_w["Y"] + 1.5)
    nodes["X"] = _Node("X", 0.0, 0.0, half_w["X"], half_h, False)
    nodes["Y"] = _Node("Y", span, 0.0, half_w["Y"], half_h, False)
    if tpl.mediators == "serial":
        x = span / 2 - row_w / 2
        for m in med_roles:
            nodes[m] = _Node(m, x + half_w[m], rise, half_w[m], half_h, False)
            x += 2 * half_w[m] + 0.55
    else:
        for i, m in enumerate(med_roles):
            nodes[m] = _Node(m, span / 2, rise + (k - 1 - i) * 0.55, half_w[m], half_h, False)

    # the paths of the equations: each mediator from X (and, serial, the earlier mediators); Y from all
    edges = []
    for i, m in enumerate(med_roles):
        srcs = ["X", *(med_roles[:i] if tpl.mediators == "serial" else [])]
        edges += [(s, m) for s in srcs]
    edges += [(s, "Y") for s in ["X", *med_roles]]
    curves = {}
    for s, d in edges:
        others = [nodes[n] for n in nodes if n not in (s, d)]
        curves[(s, d)] = _route(nodes[s], nodes[d], others)
    polys = {e: _bezier(*q, np.linspace(0, 1, 40)) for e, q in curves.items()}

    # moderator arrows: (moderator, target kind, target) — target a path (s, d) or, for W×Z, W's arrow
    wants = []
    for s, d in edges:
        sets = dz.path_moderation(tpl, s if s == "X" else "M", "Y" if d == "Y" else "M")
        if s != "X" and d != "Y":          # M1 → M2 in serial model 6 is never moderated
            sets = ()
        pairs = [m for m in sets if len(m) == 2]
        # W×Z: W points at the path and Z at W's arrow (Z's own lower-order term is not drawn, as in Hayes)
        singles = [m[0] for m in sets if len(m) == 1 and not any(m[0] == p[1] for p in pairs)]
        for j, m in enumerate(singles):
            frac = 0.5 if len(singles) == 1 else (0.38, 0.62)[j % 2]
            wants.append((m, (s, d), frac))
        for a_, b_ in pairs:
            wants.append((b_, ("arrow", a_, s, d), 0.5))
    arrows: dict = {}           # (moderator, target) → (start, end)
    mod_nodes: dict = {}
    top = max(n.y + n.b for n in nodes.values())
    bottom = min(n.y - n.b for n in nodes.values())
    xs_cand = np.linspace(-0.2, span + 0.2, 13)
    ys_cand = sorted({top + 0.55, top + 0.95, top + 1.35, bottom - 0.55, bottom - 0.95, bottom - 1.35,
                      rise if k else 0.75, -rise if not k else rise})
    for m in [r for r in ("W", "Z", "V", "Q", "X") if any(w[0] == r for w in wants)]:
        mine = [w for w in wants if w[0] == m]
        targets = []
        for _, tgt, frac in mine:
            if tgt[0] == "arrow":
                st, en = arrows[(tgt[1], (tgt[2], tgt[3]))]      # W's arrow, drawn before Z's
                targets.append((tgt, (np.asarray(st) + np.asarray(en)) / 2, ("arrow", tgt[1], tgt[2], tgt[3])))
            else:
                targets.append((tgt, _bezier(*curves[tgt], frac), tgt))
        if m in nodes:                      # model 74: X moderates its own b paths
            box = nodes[m]
        else:
            best, best_cost = None, None
            for cx in xs_cand:
                for cy in ys_cand:
                    cand = _Node(m, float(cx), float(cy), half_w[m], half_h, False)
                    if any(cand.hits_rect(o.x - o.a, o.y - o.b, o.x + o.a, o.y + o.b, grow=0.12)
                           for o in [*nodes.values(), *mod_nodes.values()]):
                        continue
                    cost = 0.3 if cy < 0 else 0.0        # above the paths when all else is equal, as Hayes draws
                    for tgt, pt, _ in targets:
                        st = _box_exit(cand, pt)
                        seg = np.linspace(st, pt, 30)
                        length = float(np.hypot(*(np.asarray(pt) - st)))
                        if length < 0.35:
                            cost += 50
                        cost += length
                        for o in [*nodes.values(), *mod_nodes.values()]:
                            if o.inside(seg[:-2, 0], seg[:-2, 1], grow=0.06).any():
                                cost += 100
                        for e, poly in polys.items():
                            if e != tgt:
                                cost += 8 * _segment_hits(st, pt, poly)
                        for (_m, t2), (a2, b2) in arrows.items():
                            cost += 8 * _segment_hits(st, pt, np.array([a2, b2]))
                    for e, poly in polys.items():
                        if cand.inside(poly[:, 0], poly[:, 1], grow=0.1).any():
                            cost += 30
                    if best_cost is None or cost < best_cost:
                        best, best_cost = cand, cost
            box = best
            mod_nodes[m] = box
        for tgt, pt, key in targets:
            st = _box_exit(box, pt)
            arrows[(m, tgt)] = (st, np.asarray(pt))

    # extent and canvas
    everything = [*nodes.values(), *mod_nodes.values()]
    xs = [n.x - n.a for n in everything] + [n.x + n.a for n in everything]
    ys = [n.y - n.b for n in everything] + [n.y + n.b for n in everything]
    for poly in polys.values():
        xs += list(poly[:, 0])
        ys += list(poly[:, 1])
    box = (min(xs) - 0.12, max(xs) + 0.12, min(ys) - 0.12, max(ys) + 0.12)
    heading = _T["model"][lang].format(n=tpl.number, kind=_model_kind(tpl, k, lang)) if title else ""
    lines = _wrap(heading, fp_title, max(box[1] - box[0], 3.0) - 0.4, balance=True) if title else [""]
    longest = max(lines, key=lambda t: _text_size(t, fp_title)[0])
    fig, ax, fig_w, fig_h, _top, _b, _nl = _diagram_canvas(box, longest, [], title, fp_title, _fonts(_SMALL))
    heading = "\n".join(lines)
    for r, nd in [*nodes.items(), *mod_nodes.items()]:
        moderator = r in mod_nodes
        patch = Rectangle((nd.x - nd.a, nd.y - nd.b), 2 * nd.a, 2 * nd.b, facecolor="#f4f0e6" if moderator else "#eaf1f8",
                          edgecolor="#7a5c1e" if moderator else _INK, linewidth=1.1, zorder=3)
        patch.set_gid(f"node:{r}")
        ax.add_patch(patch)
        ax.text(nd.x, nd.y, shown(r), ha="center", va="center", fontproperties=fp_node, zorder=4, gid=f"name:{r}")
    style = "-|>,head_length=0.5,head_width=0.25"
    for (s, d), q in curves.items():
        patch = FancyArrowPatch(path=Path([tuple(q[0]), tuple(q[1]), tuple(q[2])], [Path.MOVETO, Path.CURVE3,
                                                                                      Path.CURVE3]),
                                arrowstyle=style, mutation_scale=11, color=_INK, linewidth=1.2, zorder=2,
                                shrinkA=0, shrinkB=0)
        patch.set_gid(f"path:{s}:{d}")
        ax.add_patch(patch)
    record = []
    for (m, tgt), (st, en) in arrows.items():
        gid = f"mod:{m}:{tgt[1]}:{tgt[2]}:{tgt[3]}" if tgt[0] == "arrow" else f"mod:{m}:{tgt[0]}:{tgt[1]}"
        patch = FancyArrowPatch(tuple(st), tuple(en), arrowstyle=style, mutation_scale=10, color="#7a5c1e",
                                linewidth=1.0, zorder=2.5, shrinkA=0, shrinkB=0)
        patch.set_gid(gid)
        ax.add_patch(patch)
        record.append(gid[4:])
    if title:
        fig.text(0.5, 1 - 0.1 / fig_h, heading, ha="center", va="top", fontproperties=fp_title, gid="title",
                 multialignment="center")
    fig.process_figure = {"kind": "model_diagram", "model": tpl.number, "paths": [f"{s}:{d}" for s, d in edges],
                          "moderations": record}
    return _agg(fig)
