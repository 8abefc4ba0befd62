"""Figures of an index-system evaluation (:func:`research.evaluation.evaluate`): the indicator system with its
weights, a radar chart of the first-level scores per segment, the ranking of the segments (TOPSIS or grey
relational analysis) and the grade shares of the indicators.

Every figure is drawn from the ``evaluation`` block of results.json — ``EvaluationResult.to_dict()`` — so the app
and the report can redraw it from a saved file; the result object itself (its ``.to_dict()`` is called) and a
whole results dictionary holding an ``"evaluation"`` block are accepted too::

    >>> res = evaluate(data, "lsq5-index", weights="entropy", group="PLATFORM")
    >>> fig = indicator_tree(res.to_dict(), lang="zh-Hans")
    >>> png = to_bytes(fig)                     # research.figures.to_bytes / save

Each function returns a :class:`matplotlib.figure.Figure` made without pyplot (global rcParams untouched); every
text gets the CJK font list of :func:`research.fonts.cjk_font_families`, and titles, axis titles, legends and notes
are written in ``lang`` (``"en"``, ``"zh-Hans"``, ``"zh-Hant"``).  Indicators are shown by their names in
``lang`` from the index system, segments by their names from ``segment_names`` (the questionnaire's option
labels), never by their codes when a name exists.  Sizes are in inches, for a page of A4 width (7 in wide,
printed at about 90 %).

* :func:`indicator_tree` — the indicator system as a left-to-right tree (层次结构图): the root, each level's
  indicators in boxes with their global weights, the leaves with their names and a bar of their global weight.
  A tree rather than a sunburst: both shipped systems have leaves with long names (LSQ-5's item texts, the
  e-commerce system's 30 third-level indicators), which a tree shows whole on one line each (shortened with an
  ellipsis only beyond the page width), whereas a sunburst's outer ring would leave a few characters per wedge.
* :func:`radar` — the mean score (0–100) of the first-level indicators (or ``nodes``) per segment and overall,
  with the grade bands as rings.
* :func:`ranking_bars` — TOPSIS closeness C (or the grey relational grade) per segment, best on top, with the rank
  and n; segments too small to rank are named under the figure.
* :func:`grade_shares` — stacked bars of the share of respondents in each grade per first-level indicator.

Artists carry ids for programs (``gid``): ``node:<id>`` (tree box or leaf name), ``weight:<id>`` (tree: the leaf's
bar), ``radar:<segment>`` (``radar:__overall__`` for the whole sample), ``bar:<segment>`` (ranking),
``share:<node>:<grade>`` (grade shares), ``note`` (text under a figure).
"""
from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from ..errors import invalid_data, invalid_option
from ..figures import _agg, _check_lang, _fonts, _text_size, save, to_bytes  # noqa: F401  (save/to_bytes re-exported)
from ..report import apa
from .engine import METHOD_NAMES

__all__ = ["indicator_tree", "radar", "ranking_bars", "grade_shares", "save", "to_bytes", "MAX_SEGMENTS"]

OVERALL = "__overall__"
MAX_SEGMENTS = 8
RANKING_METHODS = ("topsis", "grey_relational")

_INK = "#1f4e79"
_CAT = ("#1f4e79", "#c0504d", "#4f8a3c", "#8064a2", "#d08a1e", "#2c9aa8", "#a0522d", "#d4a017", "#3b3b98",
        "#7f7f7f")
_GRADE_COLOURS = ("#1a7a4c", "#7fbf7b", "#e6d97a", "#f0a05a", "#c0392b")      # best → worst
_WIDTH = 7.0                                  # inches: A4 text width at about 90 %
_FONT, _SMALL, _TITLE = 8.5, 7.5, 10.5

_T = {
    "tree_title": {"en": "{system}: indicators and weights", "zh-Hans": "{system}：指标体系与权重",
                   "zh-Hant": "{system}：指標體系與權重"},
    "tree_note": {"en": "Note. Numbers are global weights (the product of the local weights from the top down; the "
                        "indicators of each level sum to 1); bars show the global weights of the {k} bottom-level "
                        "indicators. Weights: {methods}.",
                  "zh-Hans": "注：数字为综合权重（自上而下各级局部权重之积，同一层级合计为 1）；条形表示 {k} 个末级指标的"
                             "综合权重。赋权方法：{methods}。",
                  "zh-Hant": "註：數字為綜合權重（自上而下各級局部權重之積，同一層級合計為 1）；長條表示 {k} 個末級指標的"
                             "綜合權重。賦權方法：{methods}。"},
    "short_note": {"en": "Names ending in … are shortened; the weights table gives them in full.",
                   "zh-Hans": "以“…”结尾的名称已截短，全称见权重表。", "zh-Hant": "以「…」結尾的名稱已截短，全稱見權重表。"},
    "sep": {"en": ", ", "zh-Hans": "、", "zh-Hant": "、"},
    "radar_title": {"en": "{system}: mean scores of the {level} by {group}",
                    "zh-Hans": "{system}：各{group}的{level}平均得分", "zh-Hant": "{system}：各{group}的{level}平均得分"},
    "radar_title_overall": {"en": "{system}: mean scores of the {level}", "zh-Hans": "{system}：{level}平均得分",
                            "zh-Hant": "{system}：{level}平均得分"},
    "first_level": {"en": "first-level indicators", "zh-Hans": "一级指标", "zh-Hant": "一級指標"},
    "indicators": {"en": "indicators", "zh-Hans": "指标", "zh-Hant": "指標"},
    "overall": {"en": "Whole sample", "zh-Hans": "全样本", "zh-Hant": "全樣本"},
    "with_n": {"en": "{name} (n = {n})", "zh-Hans": "{name}（n = {n}）", "zh-Hant": "{name}（n = {n}）"},
    "radar_note": {"en": "Note. Mean scores on 0–100; rings: lower bounds of the grades. Radial axis from {lo} to "
                         "{hi}.",
                   "zh-Hans": "注：平均得分（0–100）；圆环为各等级的下限。径向坐标自 {lo} 至 {hi}。",
                   "zh-Hant": "註：平均得分（0–100）；圓環為各等級的下限。徑向座標自 {lo} 至 {hi}。"},
    "radar_more": {"en": "Not shown (at most {k} segments; the largest are drawn): {names}.",
                   "zh-Hans": "未显示（最多 {k} 个分组，只画样本最大者）：{names}。",
                   "zh-Hant": "未顯示（最多 {k} 個分組，只畫樣本最大者）：{names}。"},
    "rank_title_topsis": {"en": "{system}: TOPSIS ranking of the {group}", "zh-Hans": "{system}：各{group}的 TOPSIS 排序",
                          "zh-Hant": "{system}：各{group}的 TOPSIS 排序"},
    "rank_title_grey": {"en": "{system}: grey relational ranking of the {group}",
                        "zh-Hans": "{system}：各{group}的灰色关联排序", "zh-Hant": "{system}：各{group}的灰色關聯排序"},
    "axis_topsis": {"en": "Relative closeness to the ideal solution C", "zh-Hans": "相对贴近度 C",
                    "zh-Hant": "相對貼近度 C"},
    "axis_grey": {"en": "Grey relational grade", "zh-Hans": "灰色关联度", "zh-Hant": "灰色關聯度"},
    "bar_label": {"en": "{v}  (rank {rank}, n = {n})", "zh-Hans": "{v}（第 {rank} 名，n = {n}）",
                  "zh-Hant": "{v}（第 {rank} 名，n = {n}）"},
    "rank_note_topsis": {"en": "Note. TOPSIS of the segments' mean scores on the {k} bottom-level indicators, weighted "
                               "by their global weights; {norm}.",
                         "zh-Hans": "注：以 {k} 个末级指标的各分组平均得分、按综合权重加权的 TOPSIS 法；{norm}。",
                         "zh-Hant": "註：以 {k} 個末級指標的各分組平均得分、按綜合權重加權的 TOPSIS 法；{norm}。"},
    "rank_note_grey": {"en": "Note. Grey relational analysis (Deng 1982; ρ = {rho}) of the segments' mean scores on the "
                             "{k} bottom-level indicators, weighted by their global weights.",
                       "zh-Hans": "注：以 {k} 个末级指标的各分组平均得分、按综合权重加权的灰色关联分析（Deng 1982；"
                                  "ρ = {rho}）。",
                       "zh-Hant": "註：以 {k} 個末級指標的各分組平均得分、按綜合權重加權的灰色關聯分析（Deng 1982；"
                                  "ρ = {rho}）。"},
    "dropped": {"en": "Not ranked (fewer than {min_n} respondents with an index score): {names}.",
                "zh-Hans": "未参与排序（有总指数得分者少于 {min_n} 人）：{names}。",
                "zh-Hant": "未參與排序（有總指數分數者少於 {min_n} 人）：{names}。"},
    "group_word": {"en": "segments", "zh-Hans": "分组", "zh-Hant": "分組"},
    "shares_title": {"en": "{system}: grade shares of the index and its {level}{segment}",
                     "zh-Hans": "{system}：总指数及{level}的等级分布{segment}",
                     "zh-Hant": "{system}：總指數及{level}的等級分布{segment}"},
    "shares_segment": {"en": " ({name})", "zh-Hans": "（{name}）", "zh-Hant": "（{name}）"},
    "shares_axis": {"en": "Share of respondents", "zh-Hans": "受访者占比", "zh-Hant": "受訪者占比"},
    "shares_note": {"en": "Note. Share of the respondents whose score of the indicator falls in each grade; n per "
                          "indicator in brackets.",
                    "zh-Hans": "注：各指标得分落入各等级的受访者占比；括号内为各指标的有效样本数 n。",
                    "zh-Hant": "註：各指標得分落入各等級的受訪者占比；括號內為各指標的有效樣本數 n。"},
}


# --------------------------------------------------------------------------
# the block and its parts
# --------------------------------------------------------------------------

def _block(block) -> Mapping:
    """The evaluation block: an EvaluationResult (its to_dict()), the block itself, or results with "evaluation"."""
    if hasattr(block, "to_dict") and not isinstance(block, Mapping):
        block = block.to_dict()
    if isinstance(block, Mapping) and "system" not in block and isinstance(block.get("evaluation"), Mapping):
        block = block["evaluation"]
    ok = isinstance(block, Mapping) and isinstance(block.get("system"), Mapping) and \
        isinstance(block["system"].get("nodes"), list)
    if not ok:
        raise invalid_option("block", type(block).__name__,
                             "Pass the evaluation block: research.evaluation.evaluate(...).to_dict() (or the result "
                             "itself, or results.json's \"evaluation\").",
                             "请传入评价结果：research.evaluation.evaluate(...).to_dict()（或结果对象本身，或 results.json "
                             "中的 \"evaluation\" 部分）。",
                             "請傳入評價結果：research.evaluation.evaluate(...).to_dict()（或結果物件本身，或 results.json "
                             "中的 \"evaluation\" 部分）。")
    return block


class _Tree:
    """The index system of a block: nodes in file order, names, children, levels and weights."""

    def __init__(self, block: Mapping, lang: str):
        system = block["system"]
        self.lang = lang
        self.nodes = {str(n["id"]): n for n in system["nodes"]}
        self.order = list(self.nodes)
        self.root = str(system.get("root") or next(k for k, n in self.nodes.items() if n.get("parent") is None))
        self.title = _pick(system.get("title"), lang) or self.name(self.root)
        rows = block.get("weights") or []
        self.local = {str(r["node"]): _num(r.get("weight")) for r in rows}
        self.glob = {str(r["node"]): _num(r.get("global_weight")) for r in rows}
        self.wrows = {str(r["node"]): r for r in rows}
        self.block = block

    def name(self, node) -> str:
        n = self.nodes.get(str(node))
        return (_pick(n.get("name"), self.lang) if n else None) or str(node)

    def children(self, node) -> list:
        return [str(c) for c in self.nodes[str(node)].get("children") or []]

    def level(self, node) -> int:
        return int(self.nodes[str(node)].get("level") or 0)

    def leaves(self, node=None) -> list:
        node = self.root if node is None else node
        kids = self.children(node)
        return [node] if not kids else [x for c in kids for x in self.leaves(c)]

    def depth(self) -> int:
        return max(self.level(k) for k in self.nodes)


def _pick(v, lang: str):
    if isinstance(v, str):
        return v
    if isinstance(v, Mapping):
        for lg in (lang, "en", "zh-Hans", "zh-Hant"):
            if isinstance(v.get(lg), str) and v[lg].strip():
                return v[lg]
    return None


def _num(v) -> float:
    if v is None or isinstance(v, bool):
        return math.nan
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def _segment_label(block: Mapping, seg, lang: str) -> str:
    names = block.get("segment_names") or {}
    return _pick(names.get(str(seg)), lang) or str(seg)


def _group_word(block: Mapping, lang: str) -> str:
    return _T["group_word"][lang]


def _ellipsis(text: str, fp, width: float) -> str:
    """``text`` cut to fit ``width`` inches, ending with "…" when cut."""
    if _text_size(text, fp)[0] <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if _text_size(text[:mid].rstrip(" ,;:，、；：") + "…", fp)[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip(" ,;:，、；：") + "…"


def _lines(text: str, fp, width: float, max_lines: int) -> list[str]:
    """``text`` wrapped to ``width`` inches in at most ``max_lines`` lines, the last shortened with "…"."""
    lines = _wrap(text, fp, width, balance=True)
    if len(lines) <= max_lines:
        return lines
    lines = _wrap(text, fp, width)
    if len(lines) <= max_lines:
        return lines
    sep = "" if _is_cjk(text) else " "
    return lines[:max_lines - 1] + [_ellipsis(sep.join(lines[max_lines - 1:]), fp, width)]


def _is_cjk(text: str) -> bool:
    return any("\u2e80" <= ch <= "\u9fff" for ch in text)


def _weight(x) -> str:
    return apa.unit(x, 3)


def _methods(tree: _Tree, lang: str) -> str:
    seen = []
    for k in tree.order:
        r = tree.wrows.get(k) or {}
        m = r.get("method")
        if not m or m == "single":          # a node with one child: weight 1 whatever the method
            continue
        if m == "ahp" and str(r.get("source") or "").lower().startswith("group"):
            m = "group_ahp"
        if m not in seen:
            seen.append(m)
    from .tables import derived_name

    def name(m):
        return (m == "given" and derived_name(tree.block, lang)) or METHOD_NAMES.get(m, {}).get(lang, str(m))

    return _T["sep"][lang].join(name(m) for m in seen) or "—"


def _note(fig, lines: list[str], height: float, fp) -> None:
    y = 0.1
    for line in reversed(lines):
        fig.text(0.1 / _WIDTH, y / height, line, ha="left", va="bottom", fontproperties=fp, color="0.25", gid="note")
        y += 1.35 * fp.get_size_in_points() / 72


def _heading(fig, heading: str, height: float, fp) -> None:
    fig.text(0.5, 1 - 0.12 / height, "\n".join(_wrap(heading, fp, _WIDTH - 0.4, balance=True)), ha="center",
             va="top", fontproperties=fp, gid="title", multialignment="center")


def _top(heading: str, fp, title: bool) -> float:
    return (0.22 + len(_wrap(heading, fp, _WIDTH - 0.4, balance=True)) * 1.3 * fp.get_size_in_points() / 72
            if title else 0.15)


def _wrap(text: str, fp, width: float, balance: bool = False) -> list[str]:
    from ..process.figures import _wrap as wrap
    return wrap(text, fp, width, balance=balance)


def _wrap_note(text: str, fp, width: float = _WIDTH - 0.2) -> list[str]:
    return _wrap(text, fp, width)


def _lines_size(text: str, fp) -> tuple[float, float]:
    sizes = [_text_size(t, fp) for t in text.split("\n")]
    return max(w for w, _ in sizes), sum(h for _, h in sizes)


def _n_text(n) -> str:
    return str(n) if isinstance(n, (int, np.integer)) else "—"


# --------------------------------------------------------------------------
# the indicator tree
# --------------------------------------------------------------------------

def indicator_tree(block, lang: str = "en", *, title: bool = True):
    """The index system as a left-to-right tree with the global weight of every indicator.

    Columns: the root, then one column per level; each internal indicator is a box spanning its leaves, with its
    name (wrapped, at most three lines) and global weight; each leaf a row with its name (one line, shortened
    with "…" only when it does not fit the page width), a bar of its global weight and the number.  Branches
    share a colour per first-level indicator.  ``title=False`` leaves the heading out (for a report that prints
    its own caption).
    """
    from matplotlib.figure import Figure
    from matplotlib.patches import FancyBboxPatch, Rectangle

    lang = _check_lang(lang)
    block = _block(block)
    tree = _Tree(block, lang)
    if not tree.glob:
        raise invalid_data("evaluation.weights = []", "The evaluation has no weights table to draw.",
                           "评价结果中没有权重表，无法绘图。", "評價結果中沒有權重表，無法繪圖。", column="weights")
    fp_leaf, fp_box, fp_small, fp_title = _fonts(_SMALL), _fonts(_SMALL), _fonts(7.0), _fonts(_TITLE, "bold")
    depth = tree.depth()
    leaves = tree.leaves()
    line_h = 1.25 * _SMALL / 72
    pad = 0.07

    # column widths: the root, each internal level, then the leaves
    box_cap = {0: 0.95}
    for lv in range(1, depth):
        box_cap[lv] = 1.25 if depth > 2 else 1.45
    texts = {}
    for k in tree.order:
        if tree.children(k):
            lv = tree.level(k)
            texts[k] = _lines(tree.name(k), fp_box, box_cap[lv] - 2 * pad, 3)
    col_w = {lv: min(box_cap[lv], max((max(_text_size(t, fp_box)[0] for t in texts[k]) + 2 * pad
                                       for k in texts if tree.level(k) == lv), default=0.5))
             for lv in range(depth)}
    col_w = {lv: max(w, _text_size("0.000", fp_box)[0] + 2 * pad) for lv, w in col_w.items()}
    gap = 0.25
    x0 = {0: 0.1}
    for lv in range(1, depth + 1):
        x0[lv] = x0[lv - 1] + col_w[lv - 1] + gap
    bar_w, num_w = 0.45, _text_size(".000", fp_small)[0] + 0.08
    name_w = _WIDTH - 0.1 - x0[depth] - 0.1 - bar_w - num_w

    # rows: tall enough for every internal box over its leaves
    row_h = 0.25
    for k, t in texts.items():
        need = (len(t) + 1) * line_h + 2 * pad + 0.04
        row_h = max(row_h, min(0.34, need / len(tree.leaves(k))))
    shortened = False
    leaf_text = {}
    for k in leaves:
        leaf_text[k] = _ellipsis(tree.name(k), fp_leaf, name_w)
        shortened |= leaf_text[k] != tree.name(k)

    heading = _T["tree_title"][lang].format(system=tree.title)
    note = _T["tree_note"][lang].format(k=len(leaves), methods=_methods(tree, lang))
    if shortened:
        note += (" " if lang == "en" else "") + _T["short_note"][lang]
    note_lines = _wrap_note(note, fp_small)
    top = _top(heading, fp_title, title)
    bottom = 0.15 + len(note_lines) * 1.35 * 7.0 / 72 + 0.1
    body = len(leaves) * row_h
    height = top + body + bottom
    fig = Figure(figsize=(_WIDTH, height))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, _WIDTH)
    ax.set_ylim(height, 0)                     # y downwards, in inches
    ax.axis("off")

    ys = {k: top + (i + 0.5) * row_h for i, k in enumerate(leaves)}
    branch = {}
    for i, c in enumerate(tree.children(tree.root)):
        for x in [c, *[d for d in tree.order if _under(tree, d, c)]]:
            branch[x] = _CAT[i % len(_CAT)]
    branch[tree.root] = _INK

    def y_of(k):
        if k in ys:
            return ys[k]
        kids = tree.children(k)
        ys[k] = (y_of(kids[0]) + y_of(kids[-1])) / 2
        return ys[k]

    # connectors, then boxes over them
    for k in tree.order:
        kids = tree.children(k)
        if not kids:
            continue
        lv = tree.level(k)
        xr = x0[lv] + col_w[lv]
        xm = xr + gap / 2
        colour = "0.45"
        ax.plot([xr, xm], [y_of(k), y_of(k)], color=colour, linewidth=0.8, zorder=1)
        ax.plot([xm, xm], [y_of(kids[0]), y_of(kids[-1])], color=colour, linewidth=0.8, zorder=1)
        for c in kids:
            ax.plot([xm, x0[tree.level(c)] - (0.02 if tree.children(c) else 0.04)], [y_of(c), y_of(c)],
                    color=colour, linewidth=0.8, zorder=1)
    gmax = max((tree.glob.get(k, 0) for k in leaves if math.isfinite(tree.glob.get(k, math.nan))), default=1.0) or 1.0
    for k in tree.order:
        lv = tree.level(k)
        colour = branch.get(k, _INK)
        if tree.children(k):
            lines = texts[k] + ([_weight(tree.glob.get(k))] if k != tree.root else [])
            h = len(lines) * line_h + 2 * pad
            box = FancyBboxPatch((x0[lv], y_of(k) - h / 2), col_w[lv], h, boxstyle="round,pad=0,rounding_size=0.04",
                                 facecolor=_tint(colour, 0.85 if lv else 0.7), edgecolor=colour, linewidth=0.9,
                                 zorder=2)
            box.set_gid(f"node:{k}")
            ax.add_patch(box)
            ax.text(x0[lv] + col_w[lv] / 2, y_of(k), "\n".join(lines), ha="center", va="center",
                    fontproperties=fp_box, zorder=3, linespacing=1.1, gid=f"label:{k}",
                    fontweight="bold" if lv == 0 else "normal")
        else:
            x = x0[depth] if lv == depth else x0[lv]
            ax.text(x, y_of(k), leaf_text[k], ha="left", va="center", fontproperties=fp_leaf, gid=f"node:{k}",
                    zorder=3)
            g = tree.glob.get(k, math.nan)
            xb = _WIDTH - 0.1 - bar_w - num_w
            ax.add_patch(Rectangle((xb, y_of(k) - 0.32 * row_h), bar_w, 0.64 * row_h, facecolor="0.94",
                                   edgecolor="none", zorder=1))
            length = bar_w * (g / gmax if math.isfinite(g) else 0.0)
            bar = Rectangle((xb, y_of(k) - 0.32 * row_h), length, 0.64 * row_h, facecolor=_tint(colour, 0.25),
                            edgecolor="none", zorder=2)
            bar.set_gid(f"weight:{k}")
            ax.add_patch(bar)
            ax.text(xb + bar_w + 0.05, y_of(k), _weight(g), ha="left", va="center", fontproperties=fp_small,
                    zorder=3, gid=f"value:{k}")
    if title:
        _heading(fig, heading, height, fp_title)
    _note(fig, note_lines, height, fp_small)
    fig.evaluation_figure = {"kind": "indicator_tree", "leaves": leaves, "bar_width": bar_w, "max_weight": gmax,
                             "shortened": [k for k in leaves if leaf_text[k] != tree.name(k)]}
    return _agg(fig)


def _under(tree: _Tree, node, ancestor) -> bool:
    p = tree.nodes[node].get("parent")
    while p is not None:
        if str(p) == str(ancestor):
            return True
        p = tree.nodes[str(p)].get("parent")
    return False


def _tint(colour: str, amount: float) -> tuple:
    """``colour`` mixed with white (``amount`` 0 = the colour, 1 = white)."""
    from matplotlib.colors import to_rgb
    r, g, b = to_rgb(colour)
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


# --------------------------------------------------------------------------
# radar
# --------------------------------------------------------------------------

def _summary(block: Mapping) -> dict:
    """(node, segment) → summary row; the whole sample under OVERALL."""
    out = {}
    for r in block.get("summary") or []:
        seg = r.get("segment")
        out[(str(r["node"]), OVERALL if seg is None else str(seg))] = r
    return out


def radar(block, lang: str = "en", nodes=None, segments=None, *, title: bool = True):
    """Mean score (0–100) of the first-level indicators (or ``nodes``, at least three) per segment and for the
    whole sample, as a radar chart; the grade bands' lower bounds are drawn as rings.

    ``segments``: the segment values to draw (default: all, at most :data:`MAX_SEGMENTS`, the largest when there
    are more — the others are named under the figure).  Without a group the whole sample alone is drawn.  The
    radial axis spans the grade bounds around the data (at least 0–100's part that holds every mean), so
    differences between segments stay visible; the note says where it starts.
    """
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D

    lang = _check_lang(lang)
    block = _block(block)
    tree = _Tree(block, lang)
    summ = _summary(block)
    if nodes is None:
        nodes = tree.children(tree.root)
        level_word = _T["first_level"][lang]
    else:
        nodes = [nodes] if isinstance(nodes, str) else [str(n) for n in nodes]
        level_word = _T["indicators"][lang]
        for n in nodes:
            if n not in tree.nodes:
                raise invalid_option("nodes", f"{n!r} ∉ {{{', '.join(tree.order)}}}",
                                     "Name indicators of the index system by their ids.",
                                     "请以指标代码给出指标体系中的指标。", "請以指標代碼提供指標體系中的指標。", column=n)
    if len(nodes) < 3:
        raise invalid_option("nodes", f"{len(nodes)} < 3", "A radar chart needs at least three indicators; give "
                             "three or more in nodes=, or use grade_shares or the summary table.",
                             "雷达图至少需要三个指标：请在 nodes= 中给出三个或更多指标，或改用等级分布图或汇总表。",
                             "雷達圖至少需要三個指標：請在 nodes= 中提供三個或更多指標，或改用等級分布圖或彙總表。")
    all_segs = [str(s) for s in block.get("segments") or [] if (nodes[0], str(s)) in summ]
    hidden = []
    if segments is None:
        segs = list(all_segs)
        if len(segs) > MAX_SEGMENTS:
            by_n = sorted(segs, key=lambda s: -_num(summ[(tree.root, s)].get("n")) if (tree.root, s) in summ else 0)
            keep = set(by_n[:MAX_SEGMENTS])
            hidden = [s for s in segs if s not in keep]
            segs = [s for s in segs if s in keep]
    else:
        segs = [segments] if isinstance(segments, (str, int)) else [str(s) for s in segments]
        for s in segs:
            if s not in all_segs:
                raise invalid_option("segments", f"{s!r} ∉ {{{', '.join(all_segs) or '—'}}}",
                                     "Name segments of the evaluation's group (its values, e.g. '1').",
                                     "请给出评价分组中的分组（其取值，如 '1'）。", "請提供評價分組中的分組（其取值，如 '1'）。",
                                     column=s)
        if len(segs) > MAX_SEGMENTS:
            raise invalid_option("segments", f"{len(segs)} > {MAX_SEGMENTS}",
                                 f"Draw at most {MAX_SEGMENTS} segments in one radar chart (pass a shorter list).",
                                 f"一张雷达图最多画 {MAX_SEGMENTS} 个分组，请缩短列表。",
                                 f"一張雷達圖最多畫 {MAX_SEGMENTS} 個分組，請縮短清單。")
    series = [(OVERALL, _T["overall"][lang])] + [(s, _segment_label(block, s, lang)) for s in segs]
    values = {}
    for s, _ in series:
        values[s] = [_num((summ.get((n, s)) or {}).get("mean")) for n in nodes]
    finite = [v for vals in values.values() for v in vals if math.isfinite(v)]
    if not finite:
        raise invalid_data("summary.mean = NaN", "No indicator has a mean score to draw.",
                           "没有可绘制平均得分的指标。", "沒有可繪製平均得分的指標。", column="summary")
    grades = block["system"].get("grades") or []
    bounds = sorted({float(g["lower"]) for g in grades if g.get("lower") is not None} | {0.0, 100.0})
    lo = max([b for b in bounds if b <= min(finite) - 5] or [0.0])
    hi = min([b for b in bounds if b >= max(finite) + 5] or [100.0])

    fp, fp_small, fp_title = _fonts(_FONT), _fonts(_SMALL), _fonts(_TITLE, "bold")
    heading = (_T["radar_title"][lang].format(system=tree.title, level=level_word, group=_group_word(block, lang))
               if segs else _T["radar_title_overall"][lang].format(system=tree.title, level=level_word))
    note = _T["radar_note"][lang].format(lo=f"{lo:g}", hi=f"{hi:g}")
    if hidden:
        note += (" " if lang == "en" else "") + _T["radar_more"][lang].format(
            k=MAX_SEGMENTS, names=_T["sep"][lang].join(_segment_label(block, s, lang) for s in hidden))
    note_lines = _wrap_note(note, fp_small)
    legend_texts = [_T["with_n"][lang].format(name=label, n=_n_text((summ.get((tree.root, s)) or {}).get("n")))
                    for s, label in series]
    legend_w = max(_text_size(t, fp)[0] for t in legend_texts) + 0.55
    tick_texts = ["\n".join(_wrap(tree.name(n), fp, 1.3, balance=True)) for n in nodes]
    label_w = max(_lines_size(t, fp)[0] for t in tick_texts)
    margin = min(1.45, label_w + 0.25)            # room for the spoke labels left and right of the circle
    side = min(3.4, _WIDTH - 0.1 - legend_w - 0.2 - 2 * margin)
    plot_h = side + 0.95
    top = _top(heading, fp_title, title)
    bottom = 0.15 + len(note_lines) * 1.35 * _SMALL / 72 + 0.1
    height = top + plot_h + bottom
    fig = Figure(figsize=(_WIDTH, height))
    left = max(margin, (_WIDTH - legend_w - 0.2 - side - margin) / 2 + margin * 0.5)
    ax = fig.add_axes((left / _WIDTH, (bottom + 0.45) / height, side / _WIDTH, side / height), projection="polar")
    k = len(nodes)
    ang = np.linspace(0, 2 * np.pi, k, endpoint=False)
    ax.set_theta_offset(np.pi / 2)
    ax.set_theta_direction(-1)
    ax.set_ylim(lo, hi)
    ax.set_xticks(ang)
    ax.set_xticklabels([])
    for a, text, n in zip(ang, tick_texts, nodes):      # spoke labels outside the circle, aligned away from it
        x, y = math.sin(a), math.cos(a)
        ax.text(a, hi + 0.07 * (hi - lo), text, fontproperties=fp, multialignment="center", gid=f"spoke:{n}",
                ha="left" if x > 0.2 else "right" if x < -0.2 else "center",
                va="bottom" if y > 0.2 else "top" if y < -0.2 else "center")
    ticks = [b for b in bounds if lo < b < hi]
    ax.set_yticks(ticks or [lo, hi])
    ax.set_yticklabels([])
    ax.yaxis.grid(True, color="0.75", linewidth=0.7)
    ax.xaxis.grid(True, color="0.85", linewidth=0.6)
    ax.spines["polar"].set_color("0.6")
    ax.set_rlabel_position(0)
    grade_names = {float(g["lower"]): _pick(g.get("name"), lang) for g in grades if g.get("lower") is not None}
    for b in ticks:
        name = grade_names.get(b)
        ax.text(np.pi / k, b, f"{b:g}" + (f" {name}" if name else ""), fontproperties=_fonts(6.5), color="0.35",
                ha="center", va="center", zorder=6,
                bbox={"boxstyle": "round,pad=0.15", "facecolor": "white", "edgecolor": "none", "alpha": 0.85})
    handles = []
    for i, (s, label) in enumerate(series):
        vals = values[s]
        closed = np.r_[vals, vals[:1]]
        th = np.r_[ang, ang[:1]]
        if s == OVERALL:
            style = {"color": "0.1", "linewidth": 2.0, "linestyle": (0, (4, 2)), "zorder": 4}
        else:
            style = {"color": _CAT[(i - 1) % len(_CAT)], "linewidth": 1.3, "zorder": 3}
        line, = ax.plot(th, closed, marker="o", markersize=3.2, gid=f"radar:{s}", **style)
        if s != OVERALL and len(segs) <= 3:
            ax.fill(th, closed, color=style["color"], alpha=0.04, zorder=2)
        handles.append(Line2D([], [], marker="o", markersize=3.2, **{k_: v for k_, v in style.items()
                                                                     if k_ != "zorder"}))
    leg = fig.legend(handles, legend_texts, loc="center right", prop=fp, frameon=False,
                     bbox_to_anchor=((_WIDTH - 0.1) / _WIDTH, (bottom + 0.45 + side / 2) / height))
    leg.set_gid("legend")
    if title:
        _heading(fig, heading, height, fp_title)
    _note(fig, note_lines, height, fp_small)
    fig.evaluation_figure = {"kind": "radar", "nodes": list(nodes), "segments": [s for s, _ in series],
                             "values": values, "range": (lo, hi), "hidden": hidden}
    return _agg(fig)


# --------------------------------------------------------------------------
# ranking bars
# --------------------------------------------------------------------------

def ranking_bars(block, lang: str = "en", method: str = "topsis", *, title: bool = True):
    """TOPSIS relative closeness C (``method="topsis"``) or the grey relational grade (``"grey_relational"``) of
    each ranked segment as horizontal bars, best on top, each with its rank and n; the segments left out for
    having fewer than ``min_n`` respondents are named under the figure."""
    from matplotlib.figure import Figure

    lang = _check_lang(lang)
    if method not in RANKING_METHODS:
        raise invalid_option("method", f"{method!r} ∉ {{topsis, grey_relational}}",
                             "Use method='topsis' or method='grey_relational'.",
                             "请使用 method='topsis' 或 method='grey_relational'。",
                             "請使用 method='topsis' 或 method='grey_relational'。")
    block = _block(block)
    tree = _Tree(block, lang)
    rk = block.get("ranking")
    if not isinstance(rk, Mapping) or not isinstance(rk.get(method), Mapping):
        raise invalid_data("evaluation.ranking = None",
                           "The evaluation has no ranking: run evaluate(..., group='PLATFORM') with a group column "
                           "that has at least two segments of min_n respondents or more.",
                           "评价结果中没有排序：请以分组列运行 evaluate(..., group='PLATFORM')，且至少两个分组的人数"
                           "不少于 min_n。",
                           "評價結果中沒有排序：請以分組欄執行 evaluate(..., group='PLATFORM')，且至少兩個分組的人數"
                           "不少於 min_n。", column="ranking")
    res = rk[method]
    value_key = "C" if method == "topsis" else "grade"
    rows = [r for r in res.get("table") or []]
    if not rows:
        raise invalid_data(f"ranking.{method}.table = []", "The ranking has no segments to show.",
                           "排序中没有可显示的分组。", "排序中沒有可顯示的分組。", column="ranking")
    rows.sort(key=lambda r: (_num(r.get("rank")), -_num(r.get(value_key))))
    segs = [str(r["alternative"]) for r in rows]
    vals = np.array([_num(r.get(value_key)) for r in rows])
    ns = rk.get("n") or {}
    fp, fp_small, fp_title = _fonts(_FONT), _fonts(_SMALL), _fonts(_TITLE, "bold")
    k = len(rows)
    crit = len(res.get("criteria") or tree.leaves())
    if method == "topsis":
        note = _T["rank_note_topsis"][lang].format(k=crit, norm=_pick(res.get("normalisation_text"), lang)
                                                   or str(res.get("normalisation")))
        heading = _T["rank_title_topsis"][lang].format(system=tree.title, group=_group_word(block, lang))
    else:
        note = _T["rank_note_grey"][lang].format(k=crit, rho=f"{_num(res.get('rho')):g}")
        heading = _T["rank_title_grey"][lang].format(system=tree.title, group=_group_word(block, lang))
    dropped = rk.get("dropped") or []
    if dropped:
        min_n = rk.get("min_n") or dropped[0].get("min_n")
        names = _T["sep"][lang].join(_T["with_n"][lang].format(name=_segment_label(block, d["segment"], lang),
                                                               n=d.get("n")) for d in dropped)
        note += (" " if lang == "en" else "") + _T["dropped"][lang].format(min_n=min_n, names=names)
    note_lines = _wrap_note(note, fp_small)
    top = _top(heading, fp_title, title)
    plot_h = 0.36 * k + 0.2
    bottom = 0.55 + 0.12 + len(note_lines) * 1.35 * _SMALL / 72 + 0.1
    height = top + plot_h + bottom
    labels = [_segment_label(block, s, lang) for s in segs]
    left = 0.2 + max(_text_size(t, fp)[0] for t in labels) + 0.1
    fig = Figure(figsize=(_WIDTH, height))
    ax = fig.add_axes((left / _WIDTH, bottom / height, (_WIDTH - left - 0.3) / _WIDTH, plot_h / height))
    y = np.arange(k)[::-1]
    for yi, s, v, i in zip(y, segs, vals, range(k)):
        ax.barh(yi, v if math.isfinite(v) else 0.0, height=0.62, color=_INK if i == 0 else _tint(_INK, 0.35),
                zorder=2, gid=f"bar:{s}")
    for yi, r, v, s in zip(y, rows, vals, segs):
        ax.text(v + 0.01, yi, _T["bar_label"][lang].format(v=apa.unit(v, 3), rank=r.get("rank"), n=ns.get(s, "—")),
                va="center", ha="left", fontproperties=fp_small, gid=f"value:{s}")
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontproperties=fp)
    axes_w = _WIDTH - left - 0.3
    # the axis reaches 1 and every value's label: v + 0.01 + label width · (xmax / axes width) ≤ xmax
    ends = [(v + 0.01) / max(0.2, 1 - (_text_size(t.get_text(), fp_small)[0] + 0.05) / axes_w) for v, t in
            zip(np.nan_to_num(vals), [t for t in ax.texts if (t.get_gid() or "").startswith("value:")])]
    ax.set_xlim(0, max(1.0, *ends))
    ax.set_ylim(-0.6, k - 0.4)
    ticks = [0, 0.2, 0.4, 0.6, 0.8, 1.0]
    ax.set_xticks(ticks)
    ax.set_xticklabels([apa.unit(t, 1) if t not in (0, 1) else f"{t:g}" for t in ticks], fontproperties=fp_small)
    ax.set_xlabel(_T["axis_topsis" if method == "topsis" else "axis_grey"][lang], fontproperties=fp)
    ax.grid(axis="x", alpha=0.3, zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    if title:
        _heading(fig, heading, height, fp_title)
    _note(fig, note_lines, height, fp_small)
    fig.evaluation_figure = {"kind": "ranking_bars", "method": method, "segments": segs, "values": list(vals),
                             "dropped": [str(d["segment"]) for d in dropped]}
    return _agg(fig)


# --------------------------------------------------------------------------
# grade shares
# --------------------------------------------------------------------------

def grade_shares(block, lang: str = "en", nodes=None, segment=None, *, title: bool = True):
    """Share of respondents in each grade (best on the left) for the first-level indicators (or ``nodes``) and the
    overall index, as stacked horizontal bars; ``segment``: one segment instead of the whole sample."""
    from matplotlib.figure import Figure
    from matplotlib.patches import Patch

    lang = _check_lang(lang)
    block = _block(block)
    tree = _Tree(block, lang)
    summ = _summary(block)
    if nodes is None:
        nodes = [tree.root] + tree.children(tree.root)
        level_word = _T["first_level"][lang]
    else:
        nodes = [nodes] if isinstance(nodes, str) else [str(n) for n in nodes]
        level_word = _T["indicators"][lang]
    seg = OVERALL if segment is None else str(segment)
    for n in nodes:
        if (n, seg) not in summ:
            raise invalid_option("segment" if (n, OVERALL) in summ else "nodes", f"{n!r} · {seg!r}",
                                 "Name indicators (ids) and a segment the evaluation summarised.",
                                 "请给出评价汇总过的指标（代码）和分组。", "請提供評價彙總過的指標（代碼）和分組。", column=n)
    grades = block["system"].get("grades") or []
    keys = [g["name"]["zh-Hans"] if isinstance(g.get("name"), Mapping) else str(g.get("name")) for g in grades]
    shown = [_pick(g.get("name"), lang) for g in grades]
    fp, fp_small, fp_title = _fonts(_FONT), _fonts(_SMALL), _fonts(_TITLE, "bold")
    labels = [tree.name(n) + f" ({summ[(n, seg)].get('n')})" if lang == "en"
              else tree.name(n) + f"（{summ[(n, seg)].get('n')}）" for n in nodes]
    labels = [_ellipsis(t, fp, 2.6) for t in labels]
    note_lines = _wrap_note(_T["shares_note"][lang], fp_small)
    k = len(nodes)
    seg_text = "" if seg == OVERALL else _T["shares_segment"][lang].format(name=_segment_label(block, seg, lang))
    heading = _T["shares_title"][lang].format(system=tree.title, level=level_word, segment=seg_text)
    top = _top(heading, fp_title, title)
    plot_h = 0.34 * k + 0.1
    bottom = 0.5 + 0.35 + len(note_lines) * 1.35 * _SMALL / 72 + 0.1
    height = top + plot_h + bottom
    left = 0.2 + max(_text_size(t, fp)[0] for t in labels) + 0.1
    fig = Figure(figsize=(_WIDTH, height))
    ax = fig.add_axes((left / _WIDTH, bottom / height, (_WIDTH - left - 0.3) / _WIDTH, plot_h / height))
    y = np.arange(k)[::-1]
    for yi, n in zip(y, nodes):
        start = 0.0
        for j, gk in enumerate(keys):
            v = _num(summ[(n, seg)].get(f"share[{gk}]"))
            v = v if math.isfinite(v) else 0.0
            ax.barh(yi, v, left=start, height=0.62, color=_GRADE_COLOURS[j % len(_GRADE_COLOURS)], zorder=2,
                    gid=f"share:{n}:{gk}", edgecolor="white", linewidth=0.5)
            if v >= 0.06:
                ax.text(start + v / 2, yi, f"{100 * v:.0f}%", ha="center", va="center", fontproperties=_fonts(6.5),
                        color="white" if j in (0, len(keys) - 1) else "0.1", zorder=3)
            start += v
    ax.set_yticks(y)
    ax.set_yticklabels(labels, fontproperties=fp)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.6, k - 0.4)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1])
    ax.set_xticklabels(["0%", "25%", "50%", "75%", "100%"], fontproperties=fp_small)
    ax.set_xlabel(_T["shares_axis"][lang], fontproperties=fp)
    ax.spines[["top", "right"]].set_visible(False)
    leg = fig.legend([Patch(color=_GRADE_COLOURS[j % len(_GRADE_COLOURS)]) for j in range(len(keys))], shown,
                     loc="lower center", ncol=len(keys), prop=fp, frameon=False,
                     bbox_to_anchor=(0.5, (bottom - 0.5 - 0.33) / height))
    leg.set_gid("legend")
    if title:
        _heading(fig, heading, height, fp_title)
    _note(fig, note_lines, height, fp_small)
    fig.evaluation_figure = {"kind": "grade_shares", "nodes": list(nodes), "segment": seg, "grades": keys}
    return _agg(fig)
