"""Publication figures drawn from the results dictionary of :func:`research.analyze`.

Every figure is built from ``research.analyze(...).to_dict()`` — the same
dictionary as ``results.json`` — so the app and the report can redraw it from
a saved file::

    >>> d = json.load(open("results.json", encoding="utf-8"))
    >>> fig = path_diagram(d, lang="zh-Hans", names={"SAT": {"zh-Hans": "顾客满意度"}})
    >>> save(fig, "model.svg", format="svg")

Each function returns a :class:`matplotlib.figure.Figure` made with
``Figure()`` (no pyplot, global rcParams untouched); every text element gets
the font list of :func:`research.fonts.cjk_font_families` (Noto Sans CJK
first), and every title, axis title, legend and note is written in ``lang``
(``"en"``, ``"zh-Hans"``, ``"zh-Hant"``).  ``names`` maps a construct id to
its display name, either one string or ``{lang: name}`` (a questionnaire's
``Construct.name``); ids without a name are shown as they are.  Without
``names`` the construct names the results carry are used
(``results["labels"]["constructs"]``, else the built-in questionnaire named
in ``meta.spec.questionnaire``: :func:`research.report.text.default_names`).

``title=False`` draws a figure without its title, for a report that prints
an APA caption (*Figure N* and the title in italics) with it; the notes
under the drawing stay.

:func:`pls_path_diagram` draws the PLS-SEM study (``results["pls"]``) as SmartPLS does — constructs with their
R², indicator boxes with their outer loadings or weights — on the same layout: the columns and order below,
each column spaced to hold its constructs' indicators.

Numbers follow APA 7 (DOMAIN.md §5): no leading zero for values that cannot
exceed 1 in size (β, loadings, R², CFI, TLI, RMSEA, SRMR, shares written as
percentages are exempt), stars \\*p < .05, \\*\\*p < .01, \\*\\*\\*p < .001.

**Path diagram layout.**  The structural paths (``op == "~"``) form a
directed graph, predictor → outcome.  Its columns come from longest-path
layering (Sugiyama, Tagawa & Toda 1981; Healy & Nikolov 2013, *Handbook of
Graph Drawing and Visualization*, ch. 13): a construct with no predictor is in
column 0; any other construct is one column right of its furthest predictor,
``layer(v) = 1 + max{layer(u) : u → v}``; constructs that predict nothing
(the outcomes) are then moved to the last column.  A path that closes a cycle
(non-recursive models) is left out of the layering but still drawn.  Within a
column the constructs are ordered by the barycentre heuristic (mean height of
their neighbours in the adjacent columns, alternating sweeps) and evenly
spaced.  Every path is a quadratic Bézier curve between the node centres,
clipped to the node outlines; a path whose straight line would cross another
node is bent (the smallest bend, ±, that clears every node).  Coefficient
labels sit on their path on a white box; each is put at the fraction of the
path nearest its preferred fraction (adjacent paths into one construct
alternate .40/.60) that overlaps no other label and no node, preferring spots
that cover no other path.  The layout is in inches (1 data unit = 1 inch), so
it does not depend on the DPI.
"""
from __future__ import annotations

import io
import math
from collections.abc import Mapping

import numpy as np

from .errors import invalid_data, invalid_option
from .fonts import cjk_font_families
from .messages import LANGUAGES

FORMATS = ("png", "svg")
IMPORTANCE_MEASURES = ("lmg_share", "rw_share", "lmg", "rw")

_TEXT = {
    "path_title": {"en": "Structural model: standardized path coefficients",
                   "zh-Hans": "结构模型：标准化路径系数", "zh-Hant": "結構模型：標準化路徑係數"},
    "path_note": {"en": "Note. Standardized coefficients (β). *p < .05. **p < .01. ***p < .001. "
                        "Dashed grey paths: n.s. (p ≥ .05).",
                  "zh-Hans": "注：路径上为标准化系数（β）。*p < .05，**p < .01，***p < .001；"
                             "灰色虚线：不显著（n.s.，p ≥ .05）。",
                  "zh-Hant": "註：路徑上為標準化係數（β）。*p < .05，**p < .01，***p < .001；"
                             "灰色虛線：不顯著（n.s.，p ≥ .05）。"},
    "fit": {"en": "Fit: {fit} (n = {n}).", "zh-Hans": "拟合指标：{fit}（n = {n}）。",
            "zh-Hant": "適配指標：{fit}（n = {n}）。"},
    "fit_rule": {"en": "Good fit: CFI, TLI ≥ .95, RMSEA ≤ .06, SRMR ≤ .08 (Hu & Bentler 1999); χ²/df < 3.",
                 "zh-Hans": "良好拟合：CFI、TLI ≥ .95，RMSEA ≤ .06，SRMR ≤ .08（Hu & Bentler 1999）；χ²/df < 3。",
                 "zh-Hant": "良好適配：CFI、TLI ≥ .95，RMSEA ≤ .06，SRMR ≤ .08（Hu & Bentler 1999）；χ²/df < 3。"},
    "sep": {"en": ", ", "zh-Hans": "，", "zh-Hant": "，"},
    "heat_title": {"en": "Standardized factor loadings (CFA)", "zh-Hans": "标准化因子载荷（CFA）",
                   "zh-Hant": "標準化因素負荷量（CFA）"},
    "heat_bar": {"en": "Standardized loading", "zh-Hans": "标准化载荷", "zh-Hant": "標準化負荷量"},
    "heat_items": {"en": "Item", "zh-Hans": "题项", "zh-Hant": "題項"},
    "heat_constructs": {"en": "Construct", "zh-Hans": "构念", "zh-Hant": "構念"},
    "heat_note": {"en": "Blank: the item does not load on the construct. Loadings ≥ .70 ideal, ≥ .50 acceptable "
                        "(Hair et al.).",
                  "zh-Hans": "空白：该题项不在该构念上载荷。载荷 ≥ .70 为理想，≥ .50 可接受（Hair et al.）。",
                  "zh-Hant": "空白：該題項不在該構念上負荷。負荷量 ≥ .70 為理想，≥ .50 可接受（Hair et al.）。"},
    "bars_title": {"en": "Relative importance of the drivers of {target} (R² = {r2}, n = {n})",
                   "zh-Hans": "{target}驱动因素的相对重要性（R² = {r2}，n = {n}）",
                   "zh-Hant": "{target}驅動因素的相對重要性（R² = {r2}，n = {n}）"},
    "bars_segment": {"en": "segment {segment}", "zh-Hans": "细分群体 {segment}", "zh-Hant": "區隔 {segment}"},
    "ci": {"en": "Error bars: {pct}% bootstrap percentile CI ({b} resamples).",
           "zh-Hans": "误差线：{pct}% 自助法百分位置信区间（{b} 次重抽样）。",
           "zh-Hant": "誤差線：{pct}% 拔靴法百分位數信賴區間（{b} 次重抽樣）。"},
    "no_ci": {"en": "No bootstrap confidence intervals (bootstrap = 0).",
              "zh-Hans": "未计算自助法置信区间（重抽样 0 次）。",
              "zh-Hant": "未計算拔靴法信賴區間（重抽樣 0 次）。"},
    "ipa_title": {"en": "Importance–performance map{target}", "zh-Hans": "重要性–绩效分析图{target}",
                  "zh-Hant": "重要性–績效分析圖{target}"},
    "ipa_target": {"en": " (target: {t})", "zh-Hans": "（目标：{t}）", "zh-Hant": "（目標：{t}）"},
}
_MEASURE_TEXT = {
    "lmg_share": {"en": "Share of R² (LMG)", "zh-Hans": "占 R² 的份额（LMG）", "zh-Hant": "占 R² 的份額（LMG）"},
    "rw_share": {"en": "Share of R² (relative weights)", "zh-Hans": "占 R² 的份额（相对权重）",
                 "zh-Hant": "占 R² 的份額（相對權數）"},
    "lmg": {"en": "R² explained (LMG)", "zh-Hans": "解释的 R²（LMG）", "zh-Hant": "解釋的 R²（LMG）"},
    "rw": {"en": "R² explained (relative weights)", "zh-Hans": "解释的 R²（相对权重）",
           "zh-Hant": "解釋的 R²（相對權數）"},
}
_MEASURE_SOURCE = {"lmg": "Lindeman, Merenda & Gold 1980; Grömping 2006", "rw": "Johnson 2000"}
_SOURCE_WORD = {"en": "Method: {s}.", "zh-Hans": "方法：{s}。", "zh-Hant": "方法：{s}。"}

# colours (the blue of research.marketing.ipa / groups)
_INK = "#1f4e79"
_NS = "0.55"

# path diagram geometry, inches / points
_NODE_FONT, _R2_FONT, _LABEL_FONT, _NOTE_FONT, _TITLE_FONT = 10.0, 8.0, 9.0, 8.0, 12.0
_NODE_HALF_H = 0.34
_NODE_GAP = 0.62           # vertical space between two nodes of a column
_LABEL_PAD = 0.035         # white box around a path label
_CLEAR = 0.04              # minimum clearance between a label and anything it must not touch
_MARGIN = 0.3


# --------------------------------------------------------------------------
# argument checks and small helpers
# --------------------------------------------------------------------------

def _check_lang(lang) -> str:
    if lang not in LANGUAGES:
        raise invalid_option("lang", f"{lang!r} ∉ {{en, zh-Hans, zh-Hant}}",
                             "Use lang='en', 'zh-Hans' or 'zh-Hant'.",
                             "请使用 lang='en'、'zh-Hans' 或 'zh-Hant'。", "請使用 lang='en'、'zh-Hans' 或 'zh-Hant'。")
    return lang


def _check_results(results) -> Mapping:
    if not isinstance(results, Mapping):
        raise invalid_option("results", type(results).__name__,
                             "Pass the results dictionary: research.analyze(...).to_dict() or the parsed results.json.",
                             "请传入结果字典：research.analyze(...).to_dict() 或读入的 results.json。",
                             "請傳入結果字典：research.analyze(...).to_dict() 或讀入的 results.json。")
    return results


def _check_names(names) -> Mapping:
    if names is None:
        return {}
    if not isinstance(names, Mapping):
        raise invalid_option("names", type(names).__name__,
                             "Give names as a mapping construct id → display name, e.g. {'SAT': '顾客满意度'} or "
                             "{'SAT': {'en': 'Satisfaction', 'zh-Hans': '顾客满意度'}}.",
                             "请以“构念代码 → 显示名称”的字典给出 names，例如 {'SAT': '顾客满意度'}。",
                             "請以「構念代碼 → 顯示名稱」的字典提供 names，例如 {'SAT': '顧客滿意度'}。")
    for k, v in names.items():
        ok = isinstance(v, str) or (isinstance(v, Mapping) and all(isinstance(t, str) for t in v.values()))
        if not ok:
            raise invalid_option("names", f"names[{k!r}] = {type(v).__name__}",
                                 "Each display name must be a text or a mapping language → text.",
                                 "每个显示名称必须是文字，或“语言 → 文字”的字典。",
                                 "每個顯示名稱必須是文字，或「語言 → 文字」的字典。", column=str(k))
    return names


def _names(results: Mapping, names) -> Mapping:
    """``names`` checked, or — when not given — the construct names the results carry."""
    if names is None:
        from .report.text import default_names
        return default_names(results) if isinstance(results, dict) else {}
    return _check_names(names)


def _name(key, names: Mapping, lang: str) -> str:
    v = names.get(key, names.get(str(key)))
    if isinstance(v, str) and v.strip():
        return v
    if isinstance(v, Mapping):
        for lg in (lang, "en", "zh-Hans", "zh-Hant"):
            if isinstance(v.get(lg), str) and v[lg].strip():
                return v[lg]
    return str(key)


def _block(results: Mapping, key: str, what: dict):
    """results[key], which must be a dict without an "error" entry."""
    b = results.get(key)
    if isinstance(b, Mapping) and "error" in b and isinstance(b["error"], Mapping):
        raise invalid_data(f"{key}: error", f"The {key} step of the analysis failed: {b['error'].get('en', '')}",
                           f"分析中的 {key} 步骤失败：{b['error'].get('zh-Hans', '')}",
                           f"分析中的 {key} 步驟失敗：{b['error'].get('zh-Hant', '')}", column=key)
    if not isinstance(b, Mapping):
        raise invalid_data(f"results[{key!r}] = {'missing' if b is None else type(b).__name__}",
                           what["en"], what["zh-Hans"], what["zh-Hant"], column=key)
    return b


def _agg(fig):
    """Give the figure an Agg canvas (no pyplot), so ``fig.canvas.draw()`` lays it out and text extents
    can be measured."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    FigureCanvasAgg(fig)
    return fig


def _fonts(size: float, weight: str = "normal"):
    from matplotlib.font_manager import FontProperties
    return FontProperties(family=list(cjk_font_families()), size=size, weight=weight)


def _num(v) -> float:
    """A JSON number (None = missing) as float, NaN when missing."""
    if v is None or isinstance(v, bool):
        return math.nan
    try:
        return float(v)
    except (TypeError, ValueError):
        return math.nan


def _fmt_unit(x: float, digits: int = 2) -> str:
    """APA: a value that cannot exceed 1 in size without its leading zero (.78, −.05); U+2212 minus."""
    if not math.isfinite(x):
        return "n/a"
    x = round(float(x), digits) + 0.0
    s = f"{abs(x):.{digits}f}"
    if abs(x) < 1:
        s = s[1:]
    return ("−" if x < 0 else "") + s


def stars(p) -> str:
    """``***`` p < .001, ``**`` p < .01, ``*`` p < .05, ``""`` otherwise or when p is missing (APA 7)."""
    p = _num(p)
    if not math.isfinite(p):
        return ""
    return "***" if p < 0.001 else "**" if p < 0.01 else "*" if p < 0.05 else ""


def _text_size(text: str, fp) -> tuple[float, float]:
    """Width and height in inches of one line of ``text`` in font ``fp`` (as Agg lays it out)."""
    import warnings

    from matplotlib.textpath import TextToPath
    with warnings.catch_warnings():          # a missing glyph is reported when the figure is drawn, not here
        warnings.simplefilter("ignore")
        w, _, _ = TextToPath().get_text_width_height_descent(text, fp, ismath=False)
    return w / 72.0, 1.3 * fp.get_size_in_points() / 72.0


# --------------------------------------------------------------------------
# path diagram: graph, layers, order
# --------------------------------------------------------------------------

def _structural(block: Mapping, which: str):
    """Nodes (ids in model order), latent set and the edges (src, dst, std, p) of the "~" rows."""
    rows = block.get("parameters")
    if not isinstance(rows, list) or not all(isinstance(r, Mapping) for r in rows):
        raise invalid_data(f"{which}.parameters", "The results have no parameter table; run research.analyze again.",
                           "结果中没有参数表，请重新运行 research.analyze。", "結果中沒有參數表，請重新執行 research.analyze。",
                           column=which)
    latent, order = set(), []
    for r in rows:
        if r.get("op") == "=~":
            latent.add(str(r.get("lhs")))
            if str(r.get("lhs")) not in order:
                order.append(str(r.get("lhs")))
    edges, seen = [], set()
    for r in rows:
        if r.get("op") != "~":
            continue
        src, dst = str(r.get("rhs")), str(r.get("lhs"))
        if (src, dst) in seen or src == dst:
            continue
        seen.add((src, dst))
        edges.append((src, dst, _num(r.get("std.all")), _num(r.get("pvalue"))))
    if not edges:
        raise invalid_data(f"{which}: no '~' rows",
                           "The model has no structural paths to draw; add regressions such as 'SAT ~ ECO + REL'.",
                           "模型中没有可绘制的结构路径，请加入回归路径，如 'SAT ~ ECO + REL'。",
                           "模型中沒有可繪製的結構路徑，請加入迴歸路徑，如 'SAT ~ ECO + REL'。", column=which)
    used = {n for e in edges for n in e[:2]}
    nodes = [n for n in order if n in used]
    for s, d, _, _ in edges:
        for n in (s, d):
            if n not in nodes:
                nodes.append(n)
    return nodes, latent, edges


def _layers(nodes: list, edges: list) -> dict:
    """Longest-path layering with outcomes in the last column (see the module docstring)."""
    succ = {n: [] for n in nodes}
    for s, d, *_ in edges:
        succ[s].append(d)
    # depth-first search in model order; an edge to a node on the stack closes a cycle and is ignored
    state, dag = {}, {n: [] for n in nodes}
    for root in nodes:
        if root in state:
            continue
        stack = [(root, iter(succ[root]))]
        state[root] = 1
        while stack:
            u, it = stack[-1]
            v = next(it, None)
            if v is None:
                state[u] = 2
                stack.pop()
            elif state.get(v) == 1:
                continue
            else:
                dag[u].append(v)
                if v not in state:
                    state[v] = 1
                    stack.append((v, iter(succ[v])))
    indeg = {n: 0 for n in nodes}
    for u in nodes:
        for v in dag[u]:
            indeg[v] += 1
    layer = {n: 0 for n in nodes}
    queue = [n for n in nodes if indeg[n] == 0]
    while queue:
        u = queue.pop(0)
        for v in dag[u]:
            layer[v] = max(layer[v], layer[u] + 1)
            indeg[v] -= 1
            if indeg[v] == 0:
                queue.append(v)
    last = max(layer.values())
    has_pred = {d for _, d, *_ in edges}
    for n in nodes:
        if not succ[n] and n in has_pred:
            layer[n] = last
    return layer


def _order(nodes: list, edges: list, layer: dict) -> list[list]:
    """Columns of node ids, ordered by the barycentre heuristic."""
    ncol = max(layer.values()) + 1
    cols = [[n for n in nodes if layer[n] == c] for c in range(ncol)]
    pred = {n: [s for s, d, *_ in edges if d == n] for n in nodes}
    succ = {n: [d for s, d, *_ in edges if s == n] for n in nodes}

    def pos():
        return {n: i - (len(col) - 1) / 2 for col in cols for i, n in enumerate(col)}

    for sweep in range(4):
        rng = range(1, ncol) if sweep % 2 == 0 else range(ncol - 2, -1, -1)
        for c in rng:
            p = pos()
            nb = pred if sweep % 2 == 0 else succ
            key = {}
            for n in cols[c]:
                near = [p[m] for m in nb[n] if m in p and layer[m] != c]
                key[n] = sum(near) / len(near) if near else p[n]
            cols[c] = sorted(cols[c], key=lambda n: (key[n], p[n]))
    return cols


# --------------------------------------------------------------------------
# path diagram: geometry (inches)
# --------------------------------------------------------------------------

class _Node:
    def __init__(self, key, x, y, a, b, latent):
        self.key, self.x, self.y, self.a, self.b, self.latent = key, x, y, a, b, latent

    def inside(self, px, py, grow: float = 0.0) -> np.ndarray:
        """Whether points lie inside the outline grown by ``grow`` inches."""
        u = np.abs(np.asarray(px) - self.x) / (self.a + grow)
        v = np.abs(np.asarray(py) - self.y) / (self.b + grow)
        return (u * u + v * v < 1.0) if self.latent else np.maximum(u, v) < 1.0

    def hits_rect(self, x0, y0, x1, y1, grow: float = 0.0) -> bool:
        """Whether the axis-aligned rectangle meets the outline grown by ``grow`` (exact)."""
        a, b = self.a + grow, self.b + grow
        if not self.latent:
            return x0 < self.x + a and x1 > self.x - a and y0 < self.y + b and y1 > self.y - b
        # scale the ellipse to the unit circle: the rectangle stays a rectangle
        cx, cy = min(max(self.x, x0), x1), min(max(self.y, y0), y1)
        return ((cx - self.x) / a) ** 2 + ((cy - self.y) / b) ** 2 < 1.0


def _bezier(p0, p1, p2, t):
    t = np.asarray(t, dtype=float)[..., None]
    return (1 - t) ** 2 * p0 + 2 * (1 - t) * t * p1 + t * t * p2


def _clip(p0, p1, p2, src: _Node, dst: _Node):
    """Parameters t0 < t1 where the curve leaves the source outline and reaches the target outline."""
    ts = np.linspace(0.0, 1.0, 401)
    pts = _bezier(p0, p1, p2, ts)
    out_src = ~src.inside(pts[:, 0], pts[:, 1])
    out_dst = ~dst.inside(pts[:, 0], pts[:, 1])
    i0 = int(np.argmax(out_src))
    i1 = len(ts) - 1 - int(np.argmax(out_dst[::-1]))
    lo, hi = ts[max(i0 - 1, 0)], ts[i0]
    for _ in range(30):
        mid = (lo + hi) / 2
        q = _bezier(p0, p1, p2, mid)
        lo, hi = (lo, mid) if not src.inside(q[0], q[1]) else (mid, hi)
    t0 = hi
    lo, hi = ts[i1], ts[min(i1 + 1, len(ts) - 1)]
    for _ in range(30):
        mid = (lo + hi) / 2
        q = _bezier(p0, p1, p2, mid)
        lo, hi = (mid, hi) if not dst.inside(q[0], q[1]) else (lo, mid)
    return t0, lo


def _sub_curve(p0, p1, p2, t0, t1):
    """Control points of the piece [t0, t1] of a quadratic Bézier curve (blossoming)."""
    q0 = _bezier(p0, p1, p2, t0)
    q2 = _bezier(p0, p1, p2, t1)
    q1 = (1 - t0) * (1 - t1) * p0 + ((1 - t0) * t1 + t0 * (1 - t1)) * p1 + t0 * t1 * p2
    return q0, q1, q2


def _route(src: _Node, dst: _Node, others: list, reciprocal: bool = False):
    """The clipped curve (q0, q1, q2) from src to dst that clears the other nodes, straight if possible.

    The two paths of a reciprocal pair (A → B and B → A) are both bent with a positive bend; as the
    normal turns with the direction, they bow to opposite sides.
    """
    p0, p2 = np.array([src.x, src.y]), np.array([dst.x, dst.y])
    mid, d = (p0 + p2) / 2, p2 - p0
    normal = np.array([d[1], -d[0]])
    best, best_hits = None, None
    rads = ((0.15, 0.22, 0.3, 0.42, 0.55) if reciprocal
            else (0.0, 0.12, -0.12, 0.2, -0.2, 0.3, -0.3, 0.42, -0.42, 0.55, -0.55))
    for rad in rads:
        p1 = mid + rad * normal
        t0, t1 = _clip(p0, p1, p2, src, dst)
        q = _sub_curve(p0, p1, p2, t0, t1)
        pts = _bezier(*q, np.linspace(0, 1, 60))
        hits = sum(int(o.inside(pts[:, 0], pts[:, 1], grow=0.1).sum()) for o in others)
        if best_hits is None or hits < best_hits:
            best, best_hits = q, hits
        if hits == 0:
            break
    return best


def _rect_overlap(r, s, clear: float = 0.0) -> bool:
    return r[0] < s[2] + clear and r[2] > s[0] - clear and r[1] < s[3] + clear and r[3] > s[1] - clear


def _diagram_canvas(box, heading: str, notes: list, title: bool, fp_title, fp_note):
    """A figure just large enough for a diagram drawn in data coordinates ``box`` = (x0, x1, y0, y1), inches, with
    room for the heading above and the note lines below: (fig, ax, width, height, top, bottom, note line height)."""
    from matplotlib.figure import Figure

    x0, x1, y0, y1 = box
    draw_w, draw_h = x1 - x0, y1 - y0
    note_line = 1.45 * _NOTE_FONT / 72
    text_w = max([_text_size(heading, fp_title)[0]] + [_text_size(t, fp_note)[0] for t in notes]) + 2 * 0.2
    fig_w = max(draw_w, text_w)
    top, bottom = 0.5 if title else 0.1, 0.15 + note_line * len(notes) + 0.1
    fig_h = draw_h + top + bottom
    fig = Figure(figsize=(fig_w, fig_h))
    ax = fig.add_axes(((fig_w - draw_w) / 2 / fig_w, bottom / fig_h, draw_w / fig_w, draw_h / fig_h))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_axis_off()
    return fig, ax, fig_w, fig_h, top, bottom, note_line


def _label_fractions(nodes: dict, edges: list) -> list[float]:
    """Where along its path each path's label prefers to sit: halfway, or — when several paths enter the same
    construct — alternately at 40 % and 60 % (ordered by the height of their sources), so the labels of
    converging paths do not pile up near the target."""
    prefs = [0.5] * len(edges)
    for tgt in nodes:
        into = sorted([k for k, e in enumerate(edges) if e[1] == tgt], key=lambda k: -nodes[edges[k][0]].y)
        if len(into) > 1:
            for rank, k in enumerate(into):
                prefs[k] = 0.4 if rank % 2 == 0 else 0.6
    return prefs


def _place_labels(paths: list, nodes: dict, sizes: list, prefs: list) -> list:
    """Centre (x, y) of each path label: greedy, hardest paths first (see the module docstring)."""
    samples = [_bezier(*q, np.linspace(0.0, 1.0, 80)) for q in paths]
    fractions = np.round(np.arange(0.14, 0.8601, 0.02), 2)
    placed: list = [None] * len(paths)
    rects: list = []
    lengths = [float(np.sum(np.hypot(*np.diff(s, axis=0).T))) for s in samples]
    for k in sorted(range(len(paths)), key=lambda i: lengths[i]):
        w, h = sizes[k]
        q0, q1, q2 = paths[k]
        best, best_cost = None, None
        for offset in (0.0, 1.0, -1.0):
            for f in sorted(fractions, key=lambda f: abs(f - prefs[k])):
                c = _bezier(q0, q1, q2, f)
                if offset:
                    tan = 2 * (1 - f) * (q1 - q0) + 2 * f * (q2 - q1)
                    nrm = np.array([-tan[1], tan[0]]) / max(np.hypot(*tan), 1e-9)
                    shift = (abs(nrm[0]) * w / 2 + abs(nrm[1]) * h / 2 + 0.05) * offset
                    c = c + shift * nrm
                r = (c[0] - w / 2, c[1] - h / 2, c[0] + w / 2, c[1] + h / 2)
                hard = sum(nd.hits_rect(*r, grow=_CLEAR) for nd in nodes.values())
                hard += sum(_rect_overlap(r, s, _CLEAR) for s in rects)
                covered = sum(int(((s[:, 0] > r[0]) & (s[:, 0] < r[2]) & (s[:, 1] > r[1]) & (s[:, 1] < r[3])).sum())
                              for j, s in enumerate(samples) if j != k)
                cost = (hard, abs(offset), covered > 0, covered, abs(f - prefs[k]))
                if best_cost is None or cost < best_cost:
                    best, best_cost = (float(c[0]), float(c[1]), r), cost
                if cost[:4] == (0, 0, False, 0):
                    break
            if best_cost is not None and best_cost[0] == 0 and best_cost[2] is False:
                break
        placed[k] = best[:2]
        rects.append(best[2])
    return placed


def _two_lines(text: str, fp, limit: float) -> str:
    """``text`` broken at the space that best balances two lines when it is wider than ``limit`` inches."""
    words = text.split(" ")
    if len(words) < 2 or _text_size(text, fp)[0] <= limit:
        return text
    cuts = [(" ".join(words[:k]), " ".join(words[k:])) for k in range(1, len(words))]
    a, b = min(cuts, key=lambda ab: max(_text_size(ab[0], fp)[0], _text_size(ab[1], fp)[0]))
    return f"{a}\n{b}"


def _fit_line(fit: Mapping, n, lang: str) -> str:
    chisq, df = _num(fit.get("chisq")), _num(fit.get("df"))
    ratio = f"{chisq / df:.2f}" if math.isfinite(chisq) and math.isfinite(df) and df > 0 else "n/a"
    parts = [f"χ²/df = {ratio}"]
    for key, label in (("cfi", "CFI"), ("tli", "TLI"), ("rmsea", "RMSEA"), ("srmr", "SRMR")):
        parts.append(f"{label} = {_fmt_unit(_num(fit.get(key)), 3)}")
    n_text = str(int(n)) if isinstance(n, (int, float)) and not isinstance(n, bool) and math.isfinite(n) else "n/a"
    return _TEXT["fit"][lang].format(fit=_TEXT["sep"][lang].join(parts), n=n_text)


def path_diagram(results, *, lang: str = "en", names=None, which: str = "sem", title: bool = True):
    """The structural model with standardised coefficients, stars and R² (see the module docstring).

    ``results``: the dictionary of ``research.analyze(...).to_dict()``.
    ``which``: the block of ``results`` that holds the fitted model
    (``"sem"``: its ``parameters`` rows with op ``"~"`` are the paths, ``r2``
    the R² of the endogenous constructs and ``fit`` the fit indices).
    Drivers (exogenous constructs) are in the left column, mediators in the
    middle column(s), outcomes on the right; latent constructs are ellipses,
    observed variables rectangles.  Each path is labelled with ``std.all``
    (APA, no leading zero) and its stars (\\*p < .05, \\*\\*p < .01,
    \\*\\*\\*p < .001); a non-significant path is a dashed grey line labelled
    "n.s."; a path without a p-value (fixed) shows its value only.  The two
    paths of a reciprocal pair bow to opposite sides.  Each endogenous
    construct shows its R² under its name, inside its outline.  A note
    gives the star legend, the fit (χ²/df, CFI, TLI, RMSEA, SRMR) and the
    Hu & Bentler (1999) cut-offs.

    Artists carry ids for programs: ``gid`` ``"node:ID"`` (outline),
    ``"name:ID"``, ``"r2:ID"``, ``"path:SRC:DST"`` (arrow) and
    ``"label:SRC:DST"`` (coefficient).
    """
    from matplotlib.patches import Ellipse, FancyArrowPatch, Rectangle
    from matplotlib.path import Path

    results = _check_results(results)
    lang = _check_lang(lang)
    names = _names(results, names)
    if not isinstance(which, str) or which not in results or not isinstance(results.get(which), Mapping):
        if isinstance(which, str) and which in results and results.get(which) is None:
            raise invalid_data(f"results[{which!r}] = None",
                               "The results have no structural model (only a CFA), so there is no path diagram; "
                               "add regressions such as 'SAT ~ ECO' to the model.",
                               "结果中没有结构模型（只有 CFA），无法画路径图；请在模型中加入回归路径，如 'SAT ~ ECO'。",
                               "結果中沒有結構模型（只有 CFA），無法繪製路徑圖；請在模型中加入迴歸路徑，如 'SAT ~ ECO'。",
                               column=str(which))
        raise invalid_option("which", repr(which)[:60],
                             "Name the block of the results that holds the fitted model, e.g. which='sem'.",
                             "请指定结果中包含已拟合模型的部分，例如 which='sem'。",
                             "請指定結果中包含已配適模型的部分，例如 which='sem'。")
    block = results[which]
    nodes_order, latent, edges = _structural(block, which)
    r2 = block.get("r2") if isinstance(block.get("r2"), Mapping) else {}
    layer = _layers(nodes_order, edges)
    cols = _order(nodes_order, edges, layer)
    endogenous = {d for _, d, *_ in edges}

    fp_node, fp_r2 = _fonts(_NODE_FONT), _fonts(_R2_FONT)
    fp_label, fp_note, fp_title = _fonts(_LABEL_FONT), _fonts(_NOTE_FONT), _fonts(_TITLE_FONT)

    # node sizes: the name (and R² line) must fit inside the ellipse
    shown = {n: _name(n, names, lang) for n in nodes_order}
    r2_text = {n: f"R² = {_fmt_unit(_num(r2.get(n)))}" for n in endogenous}
    half_w = {}
    for n in nodes_order:
        w = max(_text_size(shown[n], fp_node)[0], _text_size(r2_text[n], fp_r2)[0] if n in r2_text else 0.0)
        text_h = 0.36 if n in r2_text else 0.2
        if n in latent:
            half_w[n] = max(0.62, (w / 2 + 0.06) / math.sqrt(1.0 - (text_h / 2 / _NODE_HALF_H) ** 2))
        else:
            half_w[n] = max(0.55, w / 2 + 0.12)
    indeg = {n: sum(1 for _, d, *_ in edges if d == n) for n in nodes_order}
    col_w = [2 * max(half_w[n] for n in col) for col in cols]
    label_w = max(_text_size(_fmt_unit(e[2]) + " n.s.", fp_label)[0] for e in edges) + 2 * _LABEL_PAD
    gaps = [max(1.9, 1.0 + 0.28 * max(indeg[n] for n in cols[c + 1]), label_w + 0.6) for c in range(len(cols) - 1)]
    dy = 2 * _NODE_HALF_H + _NODE_GAP
    nodes: dict = {}
    x = 0.0
    for c, col in enumerate(cols):
        xc = x + col_w[c] / 2
        for i, n in enumerate(col):
            nodes[n] = _Node(n, xc, ((len(col) - 1) / 2 - i) * dy, half_w[n], _NODE_HALF_H, n in latent)
        x += col_w[c] + (gaps[c] if c < len(gaps) else 0.0)

    # paths, preferred label fractions, labels
    pairs = {(s, d) for s, d, *_ in edges}
    paths = [_route(nodes[s], nodes[d], [nodes[m] for m in nodes if m not in (s, d)], (d, s) in pairs)
             for s, d, *_ in edges]
    prefs = _label_fractions(nodes, edges)
    texts, sizes = [], []
    for s, d, b, p in edges:
        st = stars(p)
        t = _fmt_unit(b) + (st if st else " n.s." if math.isfinite(p) else "")
        texts.append(t)
        w, h = _text_size(t, fp_label)
        sizes.append((w + 2 * _LABEL_PAD + 0.02, h + 2 * _LABEL_PAD))
    centres = _place_labels(paths, nodes, sizes, prefs)

    # extent of the drawing
    xs = [nd.x - nd.a for nd in nodes.values()] + [nd.x + nd.a for nd in nodes.values()]
    ys = [nd.y - nd.b for nd in nodes.values()] + [nd.y + nd.b for nd in nodes.values()]
    for q in paths:
        pts = _bezier(*q, np.linspace(0, 1, 40))
        xs += list(pts[:, 0])
        ys += list(pts[:, 1])
    for (cx, cy), (w, h) in zip(centres, sizes):
        xs += [cx - w / 2, cx + w / 2]
        ys += [cy - h / 2, cy + h / 2]
    x0, x1 = min(xs) - _MARGIN, max(xs) + _MARGIN
    y0, y1 = min(ys) - _MARGIN, max(ys) + _MARGIN

    heading = _TEXT["path_title"][lang] if title else ""
    notes = [_TEXT["path_note"][lang], _fit_line(block.get("fit") or {}, block.get("n"), lang),
             _TEXT["fit_rule"][lang]]
    fig, ax, fig_w, fig_h, top, bottom, note_line = _diagram_canvas((x0, x1, y0, y1), heading, notes, title,
                                                                     fp_title, fp_note)

    for n, nd in nodes.items():
        if nd.latent:
            patch = Ellipse((nd.x, nd.y), 2 * nd.a, 2 * nd.b, facecolor="#eaf1f8", edgecolor=_INK, linewidth=1.3,
                            zorder=3)
        else:
            patch = Rectangle((nd.x - nd.a, nd.y - nd.b), 2 * nd.a, 2 * nd.b, facecolor="#eaf1f8", edgecolor=_INK,
                              linewidth=1.3, zorder=3)
        patch.set_gid(f"node:{n}")
        ax.add_patch(patch)
        if n in r2_text:
            ax.text(nd.x, nd.y + 0.015, shown[n], ha="center", va="bottom", fontproperties=fp_node, zorder=4,
                    gid=f"name:{n}")
            ax.text(nd.x, nd.y - 0.025, r2_text[n], ha="center", va="top", fontproperties=fp_r2, color="0.25",
                    zorder=4, gid=f"r2:{n}")
        else:
            ax.text(nd.x, nd.y, shown[n], ha="center", va="center", fontproperties=fp_node, zorder=4, gid=f"name:{n}")

    for (s, d, b, p), q, t, (cx, cy) in zip(edges, paths, texts, centres):
        significant = bool(stars(p)) or not math.isfinite(p)
        color = _INK if significant else _NS
        arrow = FancyArrowPatch(path=Path([tuple(q[0]), tuple(q[1]), tuple(q[2])],
                                          [Path.MOVETO, Path.CURVE3, Path.CURVE3]),
                                arrowstyle="-|>,head_length=0.55,head_width=0.28", mutation_scale=14,
                                color=color, linewidth=1.4 if significant else 1.0,
                                linestyle="-" if significant else (0, (4, 2.5)), zorder=2, shrinkA=0, shrinkB=0)
        arrow.set_gid(f"path:{s}:{d}")
        ax.add_patch(arrow)
        ax.text(cx, cy, t, ha="center", va="center", fontproperties=fp_label, color="black" if significant else "0.35",
                zorder=5, gid=f"label:{s}:{d}",
                bbox={"boxstyle": f"square,pad={_LABEL_PAD * 72 / _LABEL_FONT:.3f}", "facecolor": "white",
                      "edgecolor": "none"})

    if title:
        fig.text(0.5, 1 - 0.12 / fig_h, heading, ha="center", va="top", fontproperties=fp_title)
    for i, t in enumerate(notes):
        fig.text(0.2 / fig_w, (0.12 + note_line * (len(notes) - 1 - i)) / fig_h, t, ha="left", va="bottom",
                 fontproperties=fp_note, color="0.25")
    return _agg(fig)


# --------------------------------------------------------------------------
# loading heat map
# --------------------------------------------------------------------------

def loading_heatmap(results, *, lang: str = "en", names=None, title: bool = True):
    """Items × constructs: the standardised CFA loadings (``cfa.parameters``, op ``"=~"``, ``std.all``).

    Each cell carries its loading (2 decimals, no leading zero: ".78"); the
    colours come from a diverging map centred on 0 (``RdBu_r``, symmetric
    limits ±max(1, largest |loading|)), with a colour bar; a cell where the
    item does not load is blank.  The note gives the usual cut-offs (≥ .70
    ideal, ≥ .50 acceptable; Hair et al.).
    """
    from matplotlib import colormaps
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter

    results = _check_results(results)
    lang = _check_lang(lang)
    names = _names(results, names)
    cfa = _block(results, "cfa", {"en": "The results have no CFA; run research.analyze with a measurement model.",
                                  "zh-Hans": "结果中没有 CFA，请用含测量模型的设定重新运行 research.analyze。",
                                  "zh-Hant": "結果中沒有 CFA，請以含測量模型的設定重新執行 research.analyze。"})
    rows = [r for r in (cfa.get("parameters") or []) if isinstance(r, Mapping) and r.get("op") == "=~"]
    if not rows:
        raise invalid_data("cfa: no '=~' rows", "The CFA has no loadings to show.", "CFA 中没有可显示的载荷。",
                           "CFA 中沒有可顯示的負荷量。", column="cfa")
    constructs, items = [], []
    for r in rows:
        c, i = str(r.get("lhs")), str(r.get("rhs"))
        if c not in constructs:
            constructs.append(c)
        if i not in items:
            items.append(i)
    m = np.full((len(items), len(constructs)), np.nan)
    for r in rows:
        m[items.index(str(r.get("rhs"))), constructs.index(str(r.get("lhs")))] = _num(r.get("std.all"))
    finite = m[np.isfinite(m)]
    lim = max(1.0, float(np.abs(finite).max())) if finite.size else 1.0

    fp, fp_small, fp_title = _fonts(9), _fonts(8), _fonts(_TITLE_FONT)
    col_labels = [_two_lines(_name(c, names, lang), fp, 1.0) for c in constructs]
    widest = max(_text_size(line, fp)[0] for t in col_labels for line in t.split("\n"))
    rotate = widest > 1.1
    col_w = 0.62 if rotate else max(0.62, widest + 0.15)
    width = max(4.8, 1.3 + col_w * len(constructs) + 1.3)
    height = 1.8 + 0.26 * len(items) + (0.7 if rotate else 0.0)
    fig = Figure(figsize=(width, height), layout="constrained")
    fig.get_layout_engine().set(rect=(0, 0.45 / height, 1, 1 - 0.45 / height))
    ax = fig.add_subplot(1, 1, 1)
    cmap = colormaps["RdBu_r"].with_extremes(bad="white")
    im = ax.imshow(np.ma.masked_invalid(m), cmap=cmap, vmin=-lim, vmax=lim, aspect="auto", interpolation="nearest")
    norm = im.norm
    for i in range(len(items)):
        for j in range(len(constructs)):
            v = m[i, j]
            if not np.isfinite(v):
                continue
            dark = abs(norm(v) - 0.5) > 0.3
            ax.text(j, i, _fmt_unit(v), ha="center", va="center", fontproperties=fp_small,
                    color="white" if dark else "black", gid=f"loading:{items[i]}:{constructs[j]}")
    ax.set_xticks(range(len(constructs)))
    if rotate:
        ax.set_xticklabels(col_labels, fontproperties=fp, rotation=35, ha="left", va="bottom", rotation_mode="anchor")
    else:
        ax.set_xticklabels(col_labels, fontproperties=fp)
    ax.set_yticks(range(len(items)))
    ax.set_yticklabels(items, fontproperties=fp_small)
    ax.set_xticks(np.arange(-0.5, len(constructs)), minor=True)
    ax.set_yticks(np.arange(-0.5, len(items)), minor=True)
    ax.grid(which="minor", color="0.85", linewidth=0.6)
    ax.tick_params(which="minor", length=0)
    ax.tick_params(which="major", length=0)
    ax.xaxis.set_ticks_position("top")
    ax.set_xlabel(_TEXT["heat_constructs"][lang], fontproperties=fp)
    ax.xaxis.set_label_position("top")
    ax.set_ylabel(_TEXT["heat_items"][lang], fontproperties=fp)
    cb = fig.colorbar(im, ax=ax, fraction=0.08, pad=0.03)
    cb.set_label(_TEXT["heat_bar"][lang], fontproperties=fp)
    cb.ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: _fmt_unit(v)))
    for t in cb.ax.get_yticklabels():
        t.set_fontproperties(fp_small)
    if title:
        fig.suptitle(_TEXT["heat_title"][lang], fontproperties=fp_title)
    fig.text(0.02, 0.12 / height, _TEXT["heat_note"][lang], ha="left", va="bottom", fontproperties=fp_small,
             color="0.25", wrap=True)
    return _agg(fig)


# --------------------------------------------------------------------------
# relative importance
# --------------------------------------------------------------------------

def importance_bars(results, *, lang: str = "en", names=None, measure: str = "lmg_share", segment=None,
                    title: bool = True):
    """Relative importance of the drivers as horizontal bars, largest on top.

    From ``results["drivers"]["overall"]["drivers"]`` (or
    ``["by_group"][segment]`` for one segment).  ``measure``: ``"lmg_share"``
    (LMG share of R², default; Lindeman, Merenda & Gold 1980), ``"rw_share"``
    (Johnson's 2000 relative weights as shares), ``"lmg"`` or ``"rw"`` (the
    part of R² itself).  Values are written as percentages; the bootstrap
    percentile CI (``{measure}_ci_lower`` / ``_upper``) is drawn as error bars
    when the analysis ran a bootstrap.
    """
    from matplotlib.figure import Figure
    from matplotlib.ticker import PercentFormatter

    results = _check_results(results)
    lang = _check_lang(lang)
    names = _names(results, names)
    if measure not in IMPORTANCE_MEASURES:
        raise invalid_option("measure", f"{measure!r} ∉ {{{', '.join(IMPORTANCE_MEASURES)}}}",
                             "Use measure='lmg_share', 'rw_share', 'lmg' or 'rw'.",
                             "请使用 measure='lmg_share'、'rw_share'、'lmg' 或 'rw'。",
                             "請使用 measure='lmg_share'、'rw_share'、'lmg' 或 'rw'。")
    drv = _block(results, "drivers", {
        "en": "The results have no driver analysis (the model needs a construct with construct predictors).",
        "zh-Hans": "结果中没有驱动因素分析（模型需要一个以其他构念为预测变量的构念）。",
        "zh-Hant": "結果中沒有驅動因素分析（模型需要一個以其他構念為預測變項的構念）。"})
    if segment is None:
        part = drv.get("overall")
    else:
        by = drv.get("by_group") or {}
        part = by.get(str(segment))
        if part is None:
            shown = ", ".join(map(str, by)) or "—"
            raise invalid_option("segment", f"{segment!r} ∉ {{{shown}}}",
                                 "Name a segment that has its own driver analysis (small segments have none).",
                                 "请指定有单独驱动因素分析的细分群体（样本过小的群体没有）。",
                                 "請指定有單獨驅動因素分析的區隔（樣本過小的區隔沒有）。", column=str(segment))
    rows = part.get("drivers") if isinstance(part, Mapping) else None
    if not rows:
        raise invalid_data("drivers.overall.drivers", "The driver analysis has no drivers to show.",
                           "驱动因素分析中没有可显示的因素。", "驅動因素分析中沒有可顯示的因素。", column="drivers")
    vals = np.array([_num(r.get(measure)) for r in rows])
    lo = np.array([_num(r.get(f"{measure}_ci_lower")) for r in rows])
    hi = np.array([_num(r.get(f"{measure}_ci_upper")) for r in rows])
    keys = [str(r.get("driver")) for r in rows]
    order = sorted(range(len(rows)), key=lambda i: (-vals[i] if np.isfinite(vals[i]) else math.inf, i))
    has_ci = bool(np.isfinite(lo).any() and np.isfinite(hi).any())

    fp, fp_small, fp_title = _fonts(9), _fonts(8), _fonts(_TITLE_FONT)
    k = len(rows)
    fig = Figure(figsize=(7.0, 1.9 + 0.42 * k), layout="constrained")
    height = 1.9 + 0.42 * k
    fig.get_layout_engine().set(rect=(0, 0.5 / height, 1, 1 - 0.5 / height))
    ax = fig.add_subplot(1, 1, 1)
    y = np.arange(k)[::-1]                   # first (largest) on top
    v = np.nan_to_num(vals[order], nan=0.0)
    ax.barh(y, v, color=_INK, height=0.62, zorder=2, gid="bars")
    if has_ci:
        lo_o, hi_o = lo[order], hi[order]
        ok = np.isfinite(lo_o) & np.isfinite(hi_o)
        err = np.vstack([np.where(ok, v - lo_o, 0.0), np.where(ok, hi_o - v, 0.0)]).clip(min=0)
        ax.errorbar(v, y, xerr=err, fmt="none", ecolor="0.2", capsize=3, linewidth=1, zorder=3)
    right = np.where(has_ci & np.isfinite(hi[order]), np.fmax(hi[order], v), v) if has_ci else v
    span = float(max(np.nanmax(right), 1e-9))
    for yi, xi, val, key in zip(y, right, vals[order], [keys[i] for i in order]):
        ax.text(xi + 0.015 * span, yi, f"{100 * val:.1f}%" if np.isfinite(val) else "n/a", va="center", ha="left",
                fontproperties=fp_small, gid=f"value:{key}")
    ax.set_yticks(y)
    ax.set_yticklabels([_name(keys[i], names, lang) for i in order], fontproperties=fp)
    ax.set_xlim(min(0.0, float(np.nanmin(v))), span * 1.18)
    ax.xaxis.set_major_formatter(PercentFormatter(xmax=1.0, decimals=0))
    for t in ax.get_xticklabels():
        t.set_fontproperties(fp_small)
    ax.set_xlabel(_MEASURE_TEXT[measure][lang], fontproperties=fp)
    ax.grid(axis="x", alpha=0.3, zorder=0)
    ax.spines[["top", "right"]].set_visible(False)
    target = _name(part.get("outcome") or drv.get("target") or "", names, lang)
    n = part.get("n")
    heading = _TEXT["bars_title"][lang].format(target=target, r2=_fmt_unit(_num(part.get("r2"))),
                                               n=n if isinstance(n, int) else "n/a")
    if segment is not None:
        heading += "\n" + _TEXT["bars_segment"][lang].format(segment=_group_label(results, segment, lang))
    if title:
        fig.suptitle(heading, fontproperties=fp_title)
    level = _num(part.get("level"))
    note = (_TEXT["ci"][lang].format(pct=f"{100 * level:g}" if math.isfinite(level) else "95",
                                     b=part.get("n_boot_valid") or part.get("n_boot"))
            if has_ci else _TEXT["no_ci"][lang])
    note += " " + _SOURCE_WORD[lang].format(s=_MEASURE_SOURCE[measure.split("_")[0]])
    fig.text(0.02, 0.12 / height, note, ha="left", va="bottom", fontproperties=fp_small, color="0.25")
    return _agg(fig)


# --------------------------------------------------------------------------
# IPA map and segment chart: rebuild the result objects and use their plots
# --------------------------------------------------------------------------

def _group_label(results: Mapping, code, lang: str) -> str:
    g = results.get("groups")
    labels = g.get("labels") if isinstance(g, Mapping) else None
    if isinstance(labels, Mapping) and isinstance(labels.get(str(code)), Mapping):
        return _name(str(code), {str(code): labels[str(code)]}, lang)
    return str(code)


def ipa_map(results, *, lang: str = "en", names=None, which: str = "map", title: bool = True):
    """The importance–performance map of ``results["ipa"][which]`` drawn by :func:`research.marketing.ipa.plot`.

    ``which``: ``"map"`` (IPA, importance = standardised total effect on the
    target; default), ``"stated"`` (importance = the mean answer to the
    questionnaire's importance questions), ``"ipma"`` (constructs) or
    ``"ipma_items"`` (indicators).
    ``names`` relabels the drivers.
    """
    import pandas as pd

    from .marketing import ipa as ipa_mod

    results = _check_results(results)
    lang = _check_lang(lang)
    names = _names(results, names)
    block = _block(results, "ipa", {"en": "The results have no IPA (the model needs a target construct).",
                                    "zh-Hans": "结果中没有 IPA（模型需要一个目标构念）。",
                                    "zh-Hant": "結果中沒有 IPA（模型需要一個目標構念）。"})
    if which not in ("map", "stated", "ipma", "ipma_items") or not isinstance(block.get(which), Mapping):
        raise invalid_option("which", repr(which)[:60], "Use which='map', 'stated', 'ipma' or 'ipma_items' "
                             "(a map the results hold).",
                             "请使用 which='map'、'stated'、'ipma' 或 'ipma_items'（结果中已有的图）。",
                             "請使用 which='map'、'stated'、'ipma' 或 'ipma_items'（結果中已有的圖）。")
    m = block[which]
    rows = m.get("drivers") or []
    if not rows:
        raise invalid_data(f"ipa.{which}.drivers = []", "The map has no drivers to show.", "图中没有可显示的因素。",
                           "圖中沒有可顯示的因素。", column="ipa")
    keys = [str(r["driver"]) for r in rows]

    def series(field, dtype=float):
        return pd.Series([r.get(field) for r in rows], index=keys, dtype=dtype)

    center = m.get("center") or {}
    construct = {k: r.get("construct") for k, r in zip(keys, rows)} if m.get("level") == "indicator" else None
    res = ipa_mod.IPAResult(
        method=m.get("analysis", "ipa"), level=m.get("level", "driver"),
        importance_kind=m.get("importance_kind", "unspecified"), importance=series("importance"),
        performance=series("performance"), se=series("se"), n=series("n", object),
        scale=tuple(m.get("scale") or (1, 5)), center_kind=center.get("kind", "means"),
        center=(_num(center.get("importance")), _num(center.get("performance"))),
        quadrant=series("quadrant", object), priority=series("priority", int),
        labels={k: _name(k, names, lang) if k in names else str(r.get("label") or k) for k, r in zip(keys, rows)},
        construct=construct, target=m.get("target"), notes=list(m.get("notes") or []))
    target = m.get("target") or block.get("target")
    heading = _TEXT["ipa_title"][lang].format(
        target=_TEXT["ipa_target"][lang].format(t=_name(target, names, lang)) if target else "")
    return _agg(ipa_mod.plot(res, lang=lang, title=heading if title else None))


def segment_chart(results, *, lang: str = "en", names=None, variables=None, title: bool = True):
    """Construct means per segment with their CIs, drawn by :func:`research.marketing.groups.plot`.

    Rebuilt from ``results["groups"]``: segment names in ``lang`` from
    ``results["groups"]["labels"]``, construct (and grouping column) names
    from ``names``.  ``variables``: construct ids to show (default: all).
    """
    import pandas as pd

    from .marketing import groups as groups_mod

    results = _check_results(results)
    lang = _check_lang(lang)
    names = _names(results, names)
    g = _block(results, "groups", {"en": "The results have no segment comparison; run the analysis with a group "
                                         "column (group='PLATFORM').",
                                   "zh-Hans": "结果中没有细分群体比较，请指定分组列（group='PLATFORM'）后重新分析。",
                                   "zh-Hant": "結果中沒有區隔比較，請指定分組欄（group='PLATFORM'）後重新分析。"})
    all_vars = [str(v) for v in g.get("variables") or []]
    if variables is None:
        chosen = all_vars
    else:
        chosen = [variables] if isinstance(variables, str) else [str(v) for v in variables]
        for v in chosen:
            if v not in all_vars:
                raise invalid_option("variables", f"{v!r} ∉ {{{', '.join(all_vars)}}}",
                                     "Name constructs that were compared.", "请给出已比较过的构念。",
                                     "請提供已比較過的構念。", column=v)
    if not chosen:
        raise invalid_data("groups.variables = []", "The comparison has no variables.", "比较中没有变量。",
                           "比較中沒有變項。", column="groups")
    shown = {v: _name(v, names, lang) for v in all_vars}
    if len(set(shown.values())) < len(shown):          # two constructs with one name: keep the ids
        shown = {v: v for v in all_vars}
    codes = [gr.get("code") for gr in g.get("groups") or []]
    labels = {c: _group_label(results, c, lang) for c in codes}
    tests = pd.DataFrame([t for t in g.get("tests") or [] if str(t.get("variable")) in chosen])
    num_cols = ("statistic", "df", "df2", "p", "p_adj", "effect_value")
    for c in num_cols:
        tests[c] = [_num(v) for v in tests[c]] if c in tests else math.nan
    tests["variable"] = [shown[str(v)] for v in tests["variable"]]
    desc = pd.DataFrame([d for d in g.get("descriptives") or [] if str(d.get("variable")) in chosen])
    for c in ("mean", "sd", "se", "ci_lower", "ci_upper", "median"):
        desc[c] = [_num(v) for v in desc[c]] if c in desc else math.nan
    desc["variable"] = [shown[str(v)] for v in desc["variable"]]
    desc["label"] = [labels.get(c, str(c)) for c in desc["group"]]
    gc = groups_mod.GroupComparison(
        group=_name(g.get("group"), names, lang), variables=tuple(shown[v] for v in chosen), method=g.get("method"),
        correction=g.get("correction"), min_size=g.get("min_size"), level=_num(g.get("level")),
        groups=tuple(codes), labels=labels, tests=tests, group_stats=desc, pairs=pd.DataFrame(),
        small_groups=pd.DataFrame(), n_rows=g.get("n_rows"), n_missing_group=g.get("n_missing_group"))
    fig = groups_mod.plot(gc, lang=lang)
    if not title:
        _drop_suptitle(fig, groups_mod._PLOT_TEXT[lang]["title"].format(group=gc.group, pct=f"{100 * gc.level:g}"))
    return _agg(fig)


def _drop_suptitle(fig, heading: str) -> None:
    """Remove the figure title ``heading`` that a plot of research.marketing drew; a note it added on the
    following lines (such as the segments too small to test) stays."""
    sup = fig._suptitle
    if sup is None:
        return
    rest = sup.get_text()[len(heading):].lstrip("\n") if sup.get_text().startswith(heading) else ""
    if rest:
        sup.set_text(rest)
        sup.set_fontsize(8)
        sup.set_fontweight("normal")
    else:
        sup.remove()
        fig._suptitle = None


# --------------------------------------------------------------------------
# PLS path model, drawn as SmartPLS draws it
# --------------------------------------------------------------------------

PLS_SHOW = ("auto", "weights", "loadings")
_PLS_TEXT = {
    "title": {"en": "PLS-SEM path model", "zh-Hans": "PLS-SEM 路径模型", "zh-Hant": "PLS-SEM 路徑模型"},
    "model": {"en": "Note. PLS-SEM, {scheme}{plsc}; N = {n}. Blue: constructs (R² of the endogenous ones); "
                    "arrows between them: path coefficients (β).",
              "zh-Hans": "注：PLS-SEM，{scheme}{plsc}；N = {n}。蓝色为构念（内生构念标出 R²），构念间箭头上为路径系数（β）。",
              "zh-Hant": "註：PLS-SEM，{scheme}{plsc}；N = {n}。藍色為構念（內生構念標出 R²），構念間箭頭上為路徑係數（β）。"},
    "outer_loadings": {"en": "Yellow: indicators; on their arrows the outer loadings (construct → indicator).",
                       "zh-Hans": "黄色为指标（题项），箭头上为外部载荷（构念 → 指标）。",
                       "zh-Hant": "黃色為指標（題項），箭頭上為外部負荷量（構念 → 指標）。"},
    "outer_weights": {"en": "Yellow: indicators; on their arrows the outer weights (formative: indicator → construct).",
                      "zh-Hans": "黄色为指标（题项），箭头上为外部权重（形成性：指标 → 构念）。",
                      "zh-Hant": "黃色為指標（題項），箭頭上為外部權重（形成性：指標 → 構念）。"},
    "outer_mixed": {"en": "Yellow: indicators; outer loadings of the reflective constructs (construct → indicator), "
                          "outer weights of the formative ones (indicator → construct).",
                    "zh-Hans": "黄色为指标（题项）；反映性构念标出外部载荷（构念 → 指标），形成性构念标出外部权重（指标 → 构念）。",
                    "zh-Hant": "黃色為指標（題項）；反映性構念標出外部負荷量（構念 → 指標），形成性構念標出外部權重（指標 → 構念）。"},
    "interaction": {"en": "Green: interaction term (moderating effect).", "zh-Hans": "绿色为交互项（调节效应）。",
                    "zh-Hant": "綠色為交互項（調節效果）。"},
    "loc": {"en": "Pale blue: lower-order constructs as indicators of a higher-order construct.",
            "zh-Hans": "浅蓝色为低阶构念，作为高阶构念的指标。", "zh-Hant": "淺藍色為低階構念，作為高階構念的指標。"},
    "boot": {"en": "Significance from {b} bootstrap resamples: *p < .05. **p < .01. ***p < .001; "
                   "dashed grey paths: n.s. (p ≥ .05).",
             "zh-Hans": "显著性来自 {b} 次自助法重抽样：*p < .05，**p < .01，***p < .001；灰色虚线：不显著（n.s.，p ≥ .05）。",
             "zh-Hant": "顯著性來自 {b} 次拔靴法重抽樣：*p < .05，**p < .01，***p < .001；灰色虛線：不顯著（n.s.，p ≥ .05）。"},
    "no_boot": {"en": "No bootstrap (0 resamples): the coefficients are shown without significance tests.",
                "zh-Hans": "未做自助法重抽样：系数未做显著性检验。", "zh-Hant": "未做拔靴法重抽樣：係數未做顯著性檢定。"},
}

# SmartPLS's colours: constructs blue, indicators yellow (interaction terms green, lower-order constructs pale)
_PLS_FILL = {"construct": "#a9cdee", "interaction": "#c3e5b8", "item": "#fff1a8", "loc": "#d9e9f8"}
_PLS_EDGE = {"construct": _INK, "interaction": "#2f6b2f", "item": "#a08600", "loc": _INK}
_ITEM_FONT, _OUTER_FONT = 8.0, 7.5
_ITEM_H = 0.27             # indicator box height
_ITEM_SEP = 0.1            # vertical space between two stacked boxes
_ITEM_SEP_X = 0.14         # horizontal space between two boxes of a row
_ITEM_GAP = 1.0            # construct outline → stacked boxes (left / right)
_ITEM_VGAP = 0.8           # construct outline → a row of boxes (top / bottom)
_COLUMN_SEP = 0.42         # vertical space between the extents of two constructs of a column


def _pls_block(results: Mapping) -> Mapping:
    pls = results.get("pls")
    if isinstance(pls, Mapping) and isinstance(pls.get("error"), Mapping):
        err = pls["error"]
        raise invalid_data("pls: error", f"The PLS-SEM step of the analysis failed: {err.get('en', '')}",
                           f"分析中的 PLS-SEM 步骤失败：{err.get('zh-Hans', '')}",
                           f"分析中的 PLS-SEM 步驟失敗：{err.get('zh-Hant', '')}", column="pls")
    if not isinstance(pls, Mapping) or not isinstance(pls.get("constructs"), list):
        raise invalid_option("results", "no 'pls' block" if pls is None else f"results['pls'] = {type(pls).__name__}",
                             "The results have no PLS-SEM part: run the analysis with method='pls' "
                             "(research analyze DATA --method pls).",
                             "结果中没有 PLS-SEM 部分：请以 method='pls' 重新分析（research analyze DATA --method pls）。",
                             "結果中沒有 PLS-SEM 部分：請以 method='pls' 重新分析（research analyze DATA --method pls）。")
    return pls


def _pls_interaction(name: str, constructs) -> tuple | None:
    """The two constructs of an interaction term ("A*B", as research.pls names it), or None."""
    parts = str(name).split("*")
    if len(parts) == 2 and all(p in constructs for p in parts):
        return tuple(parts)
    return None


def _lines_size(text: str, fp) -> tuple[float, float]:
    """Width and height in inches of a text of one or more lines."""
    sizes = [_text_size(line, fp) for line in text.split("\n")]
    return max(w for w, _ in sizes), sum(h for _, h in sizes)


def _ellipse_half_width(w: float, h: float, b: float) -> float:
    """Half width of an ellipse of half height ``b`` that holds a ``w`` × ``h`` text block (with a margin)."""
    return (w / 2 + 0.06) / math.sqrt(max(1.0 - (h / 2 / b) ** 2, 0.2))


def _straight(src: _Node, dst: _Node):
    """The straight segment from ``src`` to ``dst`` clipped to both outlines, as a quadratic curve."""
    p0, p2 = np.array([src.x, src.y]), np.array([dst.x, dst.y])
    p1 = (p0 + p2) / 2
    t0, t1 = _clip(p0, p1, p2, src, dst)
    return _sub_curve(p0, p1, p2, t0, t1)


def _stack(sizes: list, along: int, sep: float) -> list[float]:
    """Centres (relative to 0) of boxes of ``sizes`` [(w, h)] placed side by side along axis ``along``
    (0: left to right, 1: top to bottom) with ``sep`` between them, centred on 0."""
    lengths = [s[along] for s in sizes]
    total = sum(lengths) + sep * (len(lengths) - 1)
    out, pos = [], -total / 2
    for ln in lengths:
        out.append(pos + ln / 2)
        pos += ln + sep
    return out if along == 0 else [-v for v in out]


def pls_path_diagram(results, *, lang: str = "en", names=None, title: bool = True, show: str = "auto",
                     p_values: bool = False):
    """The PLS path model as SmartPLS draws it, from ``results["pls"]`` (``research.analyze(..., method="pls")``).

    Constructs are blue ellipses holding their name and, when endogenous, their R²; indicators are yellow
    boxes holding their codes, beside their construct: on the left of an exogenous construct (first column),
    on the right of an outcome (last column), above or below a construct of a middle column.  A reflective
    (Mode A) construct points to its indicators and its arrows carry the outer loadings; a formative (Mode B)
    construct receives arrows from its indicators carrying the outer weights (with stars from the bootstrap);
    ``show="loadings"`` or ``"weights"`` puts that number on every indicator arrow (the arrows keep the
    direction of the construct's mode).  The structural arrows carry the path coefficient with the stars of
    its bootstrap p (\\*p < .05, \\*\\*p < .01, \\*\\*\\*p < .001; ``p_values=True``: the p in parentheses
    instead, "p < .001"); a non-significant path is a dashed grey line marked n.s.  An interaction term
    (two-stage moderation, "A*B") is a green ellipse named "A × B" without indicators; a lower-order
    construct used as an indicator of a higher-order construct (two-stage HOC) is a pale blue ellipse with
    its name.  The note gives the weighting scheme, N and the number of bootstrap resamples.

    Layout: the constructs' columns and order are those of :func:`path_diagram` (longest-path layering,
    barycentre order), each column spaced to hold its constructs' indicators; structural paths are bent
    around constructs and indicator boxes, and every number is placed where it overlaps no other number, no
    construct and no box.

    Artists carry ids: ``"node:ID"``, ``"name:ID"``, ``"r2:ID"``, ``"path:SRC:DST"``, ``"label:SRC:DST"`` as
    in :func:`path_diagram`, and per indicator ``"item:CONSTRUCT:ITEM"`` (box), ``"itemtext:CONSTRUCT:ITEM"``,
    ``"outer:CONSTRUCT:ITEM"`` (arrow) and ``"outerlabel:CONSTRUCT:ITEM"`` (number).
    """
    from matplotlib.patches import Ellipse, FancyArrowPatch, Rectangle
    from matplotlib.path import Path

    results = _check_results(results)
    lang = _check_lang(lang)
    names = _names(results, names)
    if show not in PLS_SHOW:
        raise invalid_option("show", repr(show)[:60], "Use show='auto' (loadings for reflective, weights for "
                             "formative constructs), 'loadings' or 'weights'.",
                             "请使用 show='auto'（反映性构念显示载荷，形成性构念显示权重）、'loadings' 或 'weights'。",
                             "請使用 show='auto'（反映性構念顯示負荷量，形成性構念顯示權重）、'loadings' 或 'weights'。")
    pls = _pls_block(results)

    blocks = {str(c["name"]): c for c in pls["constructs"] if isinstance(c, Mapping) and "name" in c}
    constructs = list(blocks)
    edges = [(str(r.get("rhs")), str(r.get("lhs")), _num(r.get("est")), _num(r.get("p")))
             for r in pls.get("paths") or [] if isinstance(r, Mapping)]
    if not edges:
        raise invalid_data("pls.paths = []",
                           "The PLS model has no structural paths to draw; add paths such as 'SAT ~ ECO + REL'.",
                           "PLS 模型中没有可绘制的结构路径，请加入路径，如 'SAT ~ ECO + REL'。",
                           "PLS 模型中沒有可繪製的結構路徑，請加入路徑，如 'SAT ~ ECO + REL'。", column="pls")
    nodes_order = constructs + [n for e in edges for n in e[:2] if n not in blocks]
    nodes_order = list(dict.fromkeys(nodes_order))
    r2 = pls.get("r2") if isinstance(pls.get("r2"), Mapping) else {}
    loadings = {(str(r.get("construct")), str(r.get("item"))): _num(r.get("loading"))
                for r in pls.get("loadings") or []}
    weights = {(str(r.get("construct")), str(r.get("item"))): _num(r.get("weight")) for r in pls.get("weights") or []}
    boot = pls.get("bootstrap") if isinstance(pls.get("bootstrap"), Mapping) else None
    boot_tables = (boot or {}).get("tables") or {}
    weight_p = {(str(r.get("construct")), str(r.get("item"))): _num(r.get("p"))
                for r in boot_tables.get("weights") or []}
    interaction = {n: _pls_interaction(n, blocks) for n in constructs}
    interaction = {n: ab for n, ab in interaction.items() if ab}
    endogenous = {d for _, d, *_ in edges}

    layer = _layers(nodes_order, edges)
    cols = _order(nodes_order, edges, layer)
    ncol = len(cols)

    fp_node, fp_r2, fp_label = _fonts(_NODE_FONT), _fonts(_R2_FONT), _fonts(_LABEL_FONT)
    fp_item, fp_outer = _fonts(_ITEM_FONT), _fonts(_OUTER_FONT)
    fp_note, fp_title = _fonts(_NOTE_FONT), _fonts(_TITLE_FONT)

    def shown_name(n: str) -> str:
        if n in interaction:
            a, b = interaction[n]
            return _two_lines(f"{_name(a, names, lang)} × {_name(b, names, lang)}", fp_node, 1.7)
        return _two_lines(_name(n, names, lang), fp_node, 1.9)

    # constructs: outline sizes
    shown = {n: shown_name(n) for n in nodes_order}
    r2_text = {n: f"R² = {_fmt_unit(_num(r2.get(n)))}" for n in endogenous}
    size = {}
    for n in nodes_order:
        w, h = _lines_size(shown[n], fp_node)
        if n in r2_text:
            w2, h2 = _text_size(r2_text[n], fp_r2)
            w, h = max(w, w2), h + h2
        b = max(_NODE_HALF_H, h / 2 / 0.72)
        size[n] = (max(0.62, _ellipse_half_width(w, h, b)), b)

    # indicators: which are drawn, their text and box sizes
    kind = {n: "interaction" if n in interaction else "construct" for n in nodes_order}
    labels = results.get("labels") if isinstance(results.get("labels"), Mapping) else {}
    label_constructs = labels.get("constructs") if isinstance(labels.get("constructs"), Mapping) else {}
    items: dict = {}
    for n in nodes_order:
        blk = blocks.get(n)
        if blk is None or n in interaction:
            continue
        entries = []
        for it in [str(i) for i in blk.get("items") or []]:
            loc = it != n and (it in label_constructs or it in names)       # a lower-order construct (HOC)
            text = _two_lines(_name(it, names, lang), fp_item, 1.3) if loc else it
            w, h = _lines_size(text, fp_item)
            if loc:
                hb = max(0.2, h / 2 / 0.72)
                entries.append({"item": it, "text": text, "loc": True, "a": _ellipse_half_width(w, h, hb), "b": hb})
            else:
                entries.append({"item": it, "text": text, "loc": False, "a": max(0.23, w / 2 + 0.08),
                                "b": max(_ITEM_H, h + 0.08) / 2})
        if entries:
            items[n] = entries

    side = {}
    for c, col in enumerate(cols):
        for i, n in enumerate(col):
            if n not in items:
                side[n] = None
            elif c == 0:
                side[n] = "left"
            elif c == ncol - 1:
                side[n] = "right"
            else:
                side[n] = "top" if i < len(col) / 2 else "bottom"

    # each construct's indicator offsets (relative to the construct centre) and extents
    offsets: dict = {}
    extent = {}                          # n -> (left, right, up, down) from the centre
    for n in nodes_order:
        a, b = size[n]
        s = side[n]
        if s is None:
            extent[n] = (a, a, b, b)
            continue
        ent = items[n]
        wmax = max(e["a"] for e in ent) * 2
        hmax = max(e["b"] for e in ent) * 2
        if s in ("left", "right"):
            ys = _stack([(2 * e["a"], 2 * e["b"]) for e in ent], 1, _ITEM_SEP)
            ymax = max(abs(y) for y in ys)
            # far enough that the arrow to the outermost box passes clear of its neighbour
            d = max(a + _ITEM_GAP + wmax / 2, ymax * wmax / (2 * max(hmax / 2 + _ITEM_SEP - 0.03, 0.05)))
            sign = -1.0 if s == "left" else 1.0
            offsets[n] = [(sign * d, y) for y in ys]
            half = max(b, max(abs(y) + e["b"] for y, e in zip(ys, ent)))
            reach = d + wmax / 2
            extent[n] = (reach, a, half, half) if s == "left" else (a, reach, half, half)
        else:
            xs = _stack([(2 * e["a"], 2 * e["b"]) for e in ent], 0, _ITEM_SEP_X)
            xmax = max(abs(x) for x in xs)
            v = max(b + _ITEM_VGAP + hmax / 2, xmax * hmax / (2 * max(wmax / 2 + _ITEM_SEP_X - 0.03, 0.05)))
            sign = 1.0 if s == "top" else -1.0
            offsets[n] = [(x, sign * v) for x in xs]
            half_w = max(a, max(abs(x) + e["a"] for x, e in zip(xs, ent)))
            reach = v + hmax / 2
            extent[n] = (half_w, half_w, reach, b) if s == "top" else (half_w, half_w, b, reach)

    # columns: x from the extents and the gaps the path labels need; y stacked by the extents
    indeg = {n: sum(1 for _, d, *_ in edges if d == n) for n in nodes_order}
    label_w = max(_text_size(_fmt_unit(e[2]) + " n.s.", fp_label)[0] for e in edges) + 2 * _LABEL_PAD
    gaps = [max(1.9, 1.0 + 0.28 * max(indeg[n] for n in cols[c + 1]), label_w + 0.6) for c in range(ncol - 1)]
    centre: dict = {}
    x = 0.0
    for c, col in enumerate(cols):
        left = max(extent[n][0] for n in col)
        right = max(extent[n][1] for n in col)
        xc = x + left
        y, ys = 0.0, []
        for i, n in enumerate(col):
            if i:
                y -= extent[col[i - 1]][3] + _COLUMN_SEP + extent[n][2]
            ys.append(y)
        mid = (ys[0] + extent[col[0]][2] + ys[-1] - extent[col[-1]][3]) / 2
        for n, yn in zip(col, ys):
            centre[n] = (xc, yn - mid)
        x = xc + right + (gaps[c] if c < ncol - 1 else 0.0)

    nodes: dict = {}
    for n in nodes_order:
        nodes[n] = _Node(n, *centre[n], *size[n], True)
    item_nodes: dict = {}                       # (construct, item) -> _Node
    for n, ent in items.items():
        for e, (dx, dy) in zip(ent, offsets[n]):
            item_nodes[(n, e["item"])] = _Node(f"item:{n}:{e['item']}", nodes[n].x + dx, nodes[n].y + dy, e["a"],
                                               e["b"], e["loc"])
    obstacles = {**nodes, **{nd.key: nd for nd in item_nodes.values()}}

    # structural paths
    pairs = {(s, d) for s, d, *_ in edges}
    paths = [_route(nodes[s], nodes[d], [o for k, o in obstacles.items() if k not in (s, d)], (d, s) in pairs)
             for s, d, *_ in edges]
    prefs = _label_fractions(nodes, edges)
    from .report.apa import p_text

    texts, sizes = [], []
    for s, d, b, p in edges:
        st = stars(p)
        if p_values and math.isfinite(p):
            t = f"{_fmt_unit(b)} ({p_text(p)})"
        else:
            t = _fmt_unit(b) + (st if st else " n.s." if math.isfinite(p) else "")
        texts.append(t)
        w, h = _text_size(t, fp_label)
        sizes.append((w + 2 * _LABEL_PAD + 0.02, h + 2 * _LABEL_PAD))

    # indicator arrows: direction by mode, number by ``show``
    outer = []                                   # (construct, item, formative, text, curve)
    kinds_shown = set()
    for (n, it), nd in item_nodes.items():
        formative = str(blocks[n].get("mode")) == "B"
        number = ("weight" if formative else "loading") if show == "auto" else show[:-1]
        kinds_shown.add(number)
        value = (weights if number == "weight" else loadings).get((n, it), math.nan)
        t = _fmt_unit(value)
        if number == "weight" and formative:
            t += stars(weight_p.get((n, it)))
        q = _straight(nd, nodes[n]) if formative else _straight(nodes[n], nd)
        outer.append((n, it, formative, t, q))
    outer_sizes = []
    for *_, t, _q in outer:
        w, h = _text_size(t, fp_outer)
        outer_sizes.append((w + 2 * _LABEL_PAD + 0.02, h + 2 * _LABEL_PAD))
    outer_prefs = [0.42 if f else 0.58 for _, _, f, _, _ in outer]
    centres_all = _place_labels(paths + [o[4] for o in outer], obstacles, sizes + outer_sizes, prefs + outer_prefs)
    centres, outer_centres = centres_all[:len(edges)], centres_all[len(edges):]

    # extent of the drawing
    xs, ys = [], []
    for nd in obstacles.values():
        xs += [nd.x - nd.a, nd.x + nd.a]
        ys += [nd.y - nd.b, nd.y + nd.b]
    for q in paths:
        pts = _bezier(*q, np.linspace(0, 1, 40))
        xs += list(pts[:, 0])
        ys += list(pts[:, 1])
    for (cx, cy), (w, h) in zip(centres_all, sizes + outer_sizes):
        xs += [cx - w / 2, cx + w / 2]
        ys += [cy - h / 2, cy + h / 2]
    x0, x1 = min(xs) - _MARGIN, max(xs) + _MARGIN
    y0, y1 = min(ys) - _MARGIN, max(ys) + _MARGIN

    # the note
    from .tables import PLS_CONSISTENT, PLS_SCHEME

    settings = pls.get("settings") if isinstance(pls.get("settings"), Mapping) else {}
    scheme = PLS_SCHEME.get(str(settings.get("scheme") or "path"), {}).get(lang, str(settings.get("scheme")))
    consistent = any(bool(c.get("consistent")) for c in blocks.values())
    n_obs = pls.get("n")
    n_text = str(int(n_obs)) if isinstance(n_obs, (int, float)) and not isinstance(n_obs, bool) else "n/a"
    notes = [_PLS_TEXT["model"][lang].format(scheme=scheme, plsc=PLS_CONSISTENT[lang] if consistent else "",
                                             n=n_text)]
    modes = {str(blocks[n].get("mode")) == "B" for n in items}
    if items:
        if show == "auto" and modes == {True, False}:
            notes.append(_PLS_TEXT["outer_mixed"][lang])
        else:
            notes.append(_PLS_TEXT["outer_weights" if kinds_shown == {"weight"} else "outer_loadings"][lang])
    extra = []
    if interaction:
        extra.append(_PLS_TEXT["interaction"][lang])
    if any(e["loc"] for ent in items.values() for e in ent):
        extra.append(_PLS_TEXT["loc"][lang])
    if extra:
        notes.append(("" if lang != "en" else " ").join(extra).strip())
    n_boot = boot.get("n_boot") if boot else None
    notes.append(_PLS_TEXT["boot"][lang].format(b=f"{int(n_boot):,}") if n_boot else _PLS_TEXT["no_boot"][lang])

    heading = _PLS_TEXT["title"][lang] if title else ""
    fig, ax, fig_w, fig_h, top, bottom, note_line = _diagram_canvas((x0, x1, y0, y1), heading, notes, title,
                                                                     fp_title, fp_note)

    for n, nd in nodes.items():
        style = kind[n]
        patch = Ellipse((nd.x, nd.y), 2 * nd.a, 2 * nd.b, facecolor=_PLS_FILL[style], edgecolor=_PLS_EDGE[style],
                        linewidth=1.3, zorder=3)
        patch.set_gid(f"node:{n}")
        ax.add_patch(patch)
        if n in r2_text:
            ax.text(nd.x, nd.y + 0.015, shown[n], ha="center", va="bottom", fontproperties=fp_node, zorder=4,
                    gid=f"name:{n}", multialignment="center")
            ax.text(nd.x, nd.y - 0.025, r2_text[n], ha="center", va="top", fontproperties=fp_r2, color="0.15",
                    zorder=4, gid=f"r2:{n}")
        else:
            ax.text(nd.x, nd.y, shown[n], ha="center", va="center", fontproperties=fp_node, zorder=4,
                    gid=f"name:{n}", multialignment="center")

    entry = {(n, e["item"]): e for n, ent in items.items() for e in ent}
    for (n, it), nd in item_nodes.items():
        e = entry[(n, it)]
        style = "loc" if e["loc"] else "item"
        if e["loc"]:
            patch = Ellipse((nd.x, nd.y), 2 * nd.a, 2 * nd.b, facecolor=_PLS_FILL[style], edgecolor=_PLS_EDGE[style],
                            linewidth=1.0, zorder=3)
        else:
            patch = Rectangle((nd.x - nd.a, nd.y - nd.b), 2 * nd.a, 2 * nd.b, facecolor=_PLS_FILL[style],
                              edgecolor=_PLS_EDGE[style], linewidth=0.9, zorder=3)
        patch.set_gid(f"item:{n}:{it}")
        ax.add_patch(patch)
        ax.text(nd.x, nd.y, e["text"], ha="center", va="center", fontproperties=fp_item, zorder=4,
                gid=f"itemtext:{n}:{it}", multialignment="center")

    def arrow(q, color, width, style, gid, zorder):
        patch = FancyArrowPatch(path=Path([tuple(q[0]), tuple(q[1]), tuple(q[2])],
                                          [Path.MOVETO, Path.CURVE3, Path.CURVE3]),
                                arrowstyle="-|>,head_length=0.55,head_width=0.28", mutation_scale=width * 10,
                                color=color, linewidth=width, linestyle=style, zorder=zorder, shrinkA=0, shrinkB=0)
        patch.set_gid(gid)
        ax.add_patch(patch)

    for (n, it, _f, t, q), (cx, cy) in zip(outer, outer_centres):
        arrow(q, "0.3", 0.8, "-", f"outer:{n}:{it}", 1)
        ax.text(cx, cy, t, ha="center", va="center", fontproperties=fp_outer, color="0.1", zorder=5,
                gid=f"outerlabel:{n}:{it}",
                bbox={"boxstyle": f"square,pad={_LABEL_PAD * 72 / _OUTER_FONT:.3f}", "facecolor": "white",
                      "edgecolor": "none"})
    for (s, d, b, p), q, t, (cx, cy) in zip(edges, paths, texts, centres):
        significant = bool(stars(p)) or not math.isfinite(p)
        arrow(q, _INK if significant else _NS, 1.4 if significant else 1.0,
              "-" if significant else (0, (4, 2.5)), f"path:{s}:{d}", 2)
        ax.text(cx, cy, t, ha="center", va="center", fontproperties=fp_label, color="black" if significant else "0.35",
                zorder=5, gid=f"label:{s}:{d}",
                bbox={"boxstyle": f"square,pad={_LABEL_PAD * 72 / _LABEL_FONT:.3f}", "facecolor": "white",
                      "edgecolor": "none"})

    if title:
        fig.text(0.5, 1 - 0.12 / fig_h, heading, ha="center", va="top", fontproperties=fp_title)
    for i, t in enumerate(notes):
        fig.text(0.2 / fig_w, (0.12 + note_line * (len(notes) - 1 - i)) / fig_h, t, ha="left", va="bottom",
                 fontproperties=fp_note, color="0.25")
    return _agg(fig)


# --------------------------------------------------------------------------
# output
# --------------------------------------------------------------------------

def _check_format(format) -> str:
    if format not in FORMATS:
        raise invalid_option("format", f"{format!r} ∉ {{png, svg}}", "Use format='png' or format='svg'.",
                             "请使用 format='png' 或 format='svg'。", "請使用 format='png' 或 format='svg'。")
    return format


def save(fig, path_or_buffer, format: str = "png", dpi: float = 200) -> None:
    """Write ``fig`` as PNG or SVG to a path or a binary file object.

    SVG text is written as outlines (``svg.fonttype = "path"``, set only for
    this call), so Chinese shows on machines without a CJK font; the SVG has
    no date and stable ids, so the same figure gives the same file.
    """
    import matplotlib
    from matplotlib.figure import Figure

    if not isinstance(fig, Figure):
        raise invalid_option("fig", type(fig).__name__, "Pass a figure made by research.figures.",
                             "请传入 research.figures 生成的图。", "請傳入 research.figures 產生的圖。")
    _check_format(format)
    if isinstance(dpi, bool) or not isinstance(dpi, (int, float)) or not math.isfinite(dpi) or not 10 <= dpi <= 2400:
        raise invalid_option("dpi", repr(dpi)[:40], "Give a resolution between 10 and 2400 dots per inch (e.g. 200).",
                             "请给出 10 到 2400 之间的分辨率（每英寸点数，如 200）。",
                             "請提供 10 到 2400 之間的解析度（每英吋點數，如 200）。")
    plain_text(fig)
    metadata = {"Date": None} if format == "svg" else {"Software": "satisfaction-research (matplotlib)"}
    with matplotlib.rc_context({"svg.fonttype": "path", "svg.hashsalt": "research-figures"}):
        fig.savefig(path_or_buffer, format=format, dpi=dpi, metadata=metadata, facecolor="white")


def plain_text(fig) -> None:
    """Draw every text of ``fig`` as written: no mathtext, so a construct name or group label holding ``$…$``
    (``$\\frac{x$``, an unknown ``\\command``) is shown as typed instead of failing the drawing (our own labels use
    Unicode, never mathtext)."""
    from matplotlib.text import Text

    for text in fig.findobj(Text):
        text.set_parse_math(False)


def to_bytes(fig, format: str = "png", dpi: float = 200) -> bytes:
    """The figure as PNG or SVG bytes (see :func:`save`)."""
    buf = io.BytesIO()
    save(fig, buf, format=format, dpi=dpi)
    return buf.getvalue()
