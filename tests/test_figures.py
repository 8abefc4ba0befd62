"""research.figures: publication figures redrawn from the results dictionary (results.json).

The path diagram is checked on three fitted models — the sample study (5 drivers → satisfaction →
loyalty), lavaan's PoliticalDemocracy (ind60 → dem60 → dem65 with a direct path; Bollen 1989) and a
simulated 10-construct model — from the artists themselves: columns from the node positions, every
label against the results' std.all and p, and no overlap of rendered text boxes with each other or
with the node outlines.  The heat map's and the bars' numbers are read back from the figure and
compared with the results; every figure renders to PNG and SVG in the three languages without a
missing-glyph warning (this needs the Noto CJK font that scripts/test.sh installs).
"""
from __future__ import annotations

import itertools
import json
import re
import warnings

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, FancyArrowPatch
from matplotlib.path import Path
from matplotlib.text import Text

import research
from conftest import REFERENCE, ROOT
from research import figures
from research.errors import DataError, OptionError
from research.fonts import cjk_font_families
from research.marketing.groups import compare_groups
from research.regression import construct_scores
from research.simulate import PopulationModel, simulate_continuous

LANGS = ("en", "zh-Hans", "zh-Hant")
PD_MODEL = """
ind60 =~ x1 + x2 + x3
dem60 =~ y1 + y2 + y3 + y4
dem65 =~ y5 + y6 + y7 + y8
dem60 ~ ind60
dem65 ~ ind60 + dem60
y1 ~~ y5
y2 ~~ y4 + y6
y3 ~~ y7
y4 ~~ y8
y6 ~~ y8
"""
# 10 constructs: 4 drivers → 2 mediators → 1 mediator → 3 outcomes, with paths that skip columns
# (A1 → M3, M1 → O1, A4 → O2) and two near-zero paths that come out non-significant
TEN_PATHS = {("M1", "A1"): .30, ("M1", "A2"): .25, ("M1", "A3"): .02, ("M2", "A2"): .30, ("M2", "A3"): .30,
             ("M2", "A4"): .20, ("M3", "M1"): .35, ("M3", "M2"): .30, ("M3", "A1"): .15, ("O1", "M3"): .40,
             ("O1", "M1"): .03, ("O2", "M3"): .45, ("O2", "A4"): .20, ("O3", "M2"): .30, ("O3", "M3"): .35}
TEN_COLUMNS = [["A1", "A2", "A3", "A4"], ["M1", "M2"], ["M3"], ["O1", "O2", "O3"]]


def _roundtrip(d: dict) -> dict:
    """As the app gets it: written to results.json and read back."""
    return json.loads(json.dumps(d, ensure_ascii=False, allow_nan=False))


@pytest.fixture(scope="module")
def cjk_font():
    fams = cjk_font_families()
    assert fams[0] != "DejaVu Sans", (
        "No CJK font is installed, so Chinese figure text would be drawn as boxes. Run the project's setup "
        "(bash scripts/test.sh, which installs the Debian package fonts-noto-cjk via scripts/system-deps.sh).")
    return fams


@pytest.fixture(scope="module")
def questionnaire():
    return research.load_questionnaire("lsq5")


@pytest.fixture(scope="module")
def names(questionnaire):
    out = {c.id: dict(c.name) for c in questionnaire.constructs}
    out["PLATFORM"] = {"en": "Platform", "zh-Hans": "网购平台", "zh-Hant": "網購平台"}
    return out


@pytest.fixture(scope="module")
def lsq(questionnaire):
    res = research.analyze(ROOT / "datasets" / "lsq5_wjx_gbk.csv", questionnaire="lsq5", bootstrap=0)
    d = res.to_dict()
    # the segment block as analyze(group="PLATFORM") writes it, without the slow invariance step
    constructs = {c.id: [i.id for i in c.items] for c in questionnaire.constructs}
    data = construct_scores(res.data, constructs).assign(PLATFORM=res.data["PLATFORM"])
    seg = next(s for s in questionnaire.segments if s.id == "PLATFORM")
    d["groups"] = {"group": "PLATFORM",
                   "labels": {str(o.code): {lg: o.text(lg) for lg in LANGS} for o in seg.options},
                   **compare_groups(data, "PLATFORM", list(constructs)).to_dict()}
    return _roundtrip(d)


@pytest.fixture(scope="module")
def pd_results():
    return _roundtrip(research.analyze(REFERENCE / "political_democracy.csv", model=PD_MODEL, bootstrap=0).to_dict())


def ten_construct_study(items: dict | None = None):
    """Data (n = 400, loadings .8) and lavaan syntax of the 10-construct model, 3 items per construct unless
    ``items`` gives another number for some."""
    cons = [c for col in TEN_COLUMNS for c in col]
    k = {c: 3 for c in cons} | (items or {})
    constructs = {c: [f"{c}_{i}" for i in range(1, k[c] + 1)] for c in cons}
    pop = PopulationModel(loadings={i: .8 for its in constructs.values() for i in its}, constructs=constructs,
                          paths=TEN_PATHS)
    data = simulate_continuous(pop, n=400, seed=3)
    outcomes: dict = {}
    for dst, src in TEN_PATHS:
        outcomes.setdefault(dst, []).append(src)
    model = "\n".join(f"{c} =~ " + " + ".join(constructs[c]) for c in cons) + "\n"
    model += "\n".join(f"{y} ~ " + " + ".join(xs) for y, xs in outcomes.items())
    return data, model


@pytest.fixture(scope="module")
def ten():
    data, model = ten_construct_study()
    return _roundtrip(research.analyze(data, model=model, bootstrap=0).to_dict())


# --------------------------------------------------------------------------
# helpers: read the figure back
# --------------------------------------------------------------------------

def apa(v: float) -> str:
    """APA 7: two decimals, no leading zero when |v| < 1, typographic minus."""
    s = f"{abs(v):.2f}"
    if round(abs(v), 2) < 1:
        s = s[1:]
    return ("−" if round(v, 2) < 0 else "") + s


def expected_stars(p: float) -> str:
    return "***" if p < .001 else "**" if p < .01 else "*" if p < .05 else ""


def by_gid(fig: Figure, prefix: str) -> dict:
    out = {}
    for a in fig.findobj(lambda a: isinstance(a.get_gid(), str) and a.get_gid().startswith(prefix)):
        out[a.get_gid()[len(prefix):]] = a
    return out


def texts(fig: Figure) -> list[Text]:
    return [t for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip() and t.figure is fig]


def overlap(b1, b2, tol: float = 0.5) -> bool:
    """Two display boxes share an area wider and higher than tol pixels."""
    return min(b1.x1, b2.x1) - max(b1.x0, b2.x0) > tol and min(b1.y1, b2.y1) - max(b1.y0, b2.y0) > tol


def box_meets_polygon(box, poly: np.ndarray) -> bool:
    """Whether a display box and a closed polygon (display coordinates) overlap."""
    inside = (poly[:, 0] > box.x0) & (poly[:, 0] < box.x1) & (poly[:, 1] > box.y0) & (poly[:, 1] < box.y1)
    if inside.any():
        return True
    corners = [(box.x0, box.y0), (box.x0, box.y1), (box.x1, box.y0), (box.x1, box.y1),
               ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)]
    return bool(Path(poly).contains_points(corners).any())


def structural_rows(d: dict) -> list[dict]:
    return [r for r in d["sem"]["parameters"] if r["op"] == "~"]


def check_diagram(fig: Figure, d: dict, shown: dict | None = None):
    """Labels against the results, and no overlap of any text box with another or of a label with a node."""
    labels = by_gid(fig, "label:")
    arrows = by_gid(fig, "path:")
    rows = structural_rows(d)
    assert len(labels) == len(rows) == len(arrows)
    for r in rows:
        key = f"{r['rhs']}:{r['lhs']}"
        text = labels[key].get_text()
        stars = expected_stars(r["pvalue"])
        assert text.startswith(apa(r["std.all"])), (key, text, r["std.all"])
        assert text[len(apa(r["std.all"])):].strip() == (stars or "n.s."), (key, text, r["pvalue"])
        arrow = arrows[key]
        assert isinstance(arrow, FancyArrowPatch)
        dashed = arrow.get_linestyle() not in ("-", "solid")
        assert dashed == (r["pvalue"] >= .05), key
    endogenous = {r["lhs"] for r in rows}
    r2 = by_gid(fig, "r2:")
    assert set(r2) == endogenous
    for n in endogenous:
        assert r2[n].get_text() == f"R² = {apa(d['sem']['r2'][n])}"
    if shown is not None:
        for n, t in by_gid(fig, "name:").items():
            assert t.get_text() == shown[n]

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    all_texts = texts(fig)
    boxes = [t.get_window_extent(renderer) for t in all_texts]
    for (i, b1), (j, b2) in itertools.combinations(enumerate(boxes), 2):
        assert not overlap(b1, b2), (all_texts[i].get_text(), all_texts[j].get_text())
    fig_box = fig.bbox
    for t, b in zip(all_texts, boxes):
        assert fig_box.x0 <= b.x0 and b.x1 <= fig_box.x1 and fig_box.y0 <= b.y0 and b.y1 <= fig_box.y1, t.get_text()
    nodes = by_gid(fig, "node:")
    polys = {n: e.get_verts() for n, e in nodes.items()}
    for key, lab in labels.items():
        b = lab.get_window_extent(renderer)
        for n, poly in polys.items():
            assert not box_meets_polygon(b, poly), (key, lab.get_text(), n)
    # each name (and R²) lies inside its own outline
    for prefix in ("name:", "r2:"):
        for n, t in by_gid(fig, prefix).items():
            b = t.get_window_extent(renderer)
            corners = [(b.x0, b.y0), (b.x0, b.y1), (b.x1, b.y0), (b.x1, b.y1)]
            assert Path(polys[n]).contains_points(corners).all(), (prefix, n)


def centres(fig: Figure) -> dict:
    return {n: e.center for n, e in by_gid(fig, "node:").items()}


# --------------------------------------------------------------------------
# font
# --------------------------------------------------------------------------

def test_a_cjk_font_is_installed(cjk_font):
    assert cjk_font[-1] == "DejaVu Sans"


# --------------------------------------------------------------------------
# path diagram
# --------------------------------------------------------------------------

def test_path_diagram_political_democracy_three_columns(pd_results):
    fig = figures.path_diagram(pd_results)
    assert isinstance(fig, Figure)
    c = centres(fig)
    assert c["ind60"][0] < c["dem60"][0] < c["dem65"][0]
    assert all(isinstance(e, Ellipse) for e in by_gid(fig, "node:").values())
    # the direct path ind60 → dem65 must not run through dem60: it is bent around it
    arrow = by_gid(fig, "path:")["ind60:dem65"]
    fig.canvas.draw()
    dem60 = by_gid(fig, "node:")["dem60"]
    poly = Path(dem60.get_verts())
    drawn = arrow.get_path().transformed(arrow.get_transform())          # display coordinates
    pts = drawn.interpolated(50).vertices
    assert not poly.contains_points(pts).any()
    check_diagram(fig, pd_results)
    # a plain-text name, one for every language; ids without a name are shown as they are
    fig = figures.path_diagram(pd_results, lang="zh-Hant", names={"ind60": "1960 年工業化程度"})
    shown = {n: t.get_text() for n, t in by_gid(fig, "name:").items()}
    assert shown == {"ind60": "1960 年工業化程度", "dem60": "dem60", "dem65": "dem65"}
    check_diagram(fig, pd_results)


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_path_diagram_sample_study(lsq, names, lang):
    fig = figures.path_diagram(lsq, lang=lang, names=names)
    c = centres(fig)
    drivers = ["ECO", "RES", "FLE", "REL", "EMP"]
    xs = {c[n][0] for n in drivers}
    assert len(xs) == 1                                       # one column
    assert max(xs) < c["SAT"][0] < c["LOY"][0]
    ys = sorted(c[n][1] for n in drivers)                     # evenly spaced
    assert np.allclose(np.diff(ys), ys[1] - ys[0])
    check_diagram(fig, lsq, shown={k: v[lang] for k, v in names.items()})
    note = " ".join(t.get_text() for t in fig.texts)
    fit = lsq["sem"]["fit"]
    assert f"χ²/df = {fit['chisq'] / fit['df']:.2f}" in note
    for key in ("cfi", "tli", "rmsea", "srmr"):
        assert f"{key.upper()} = {f'{fit[key]:.3f}'.lstrip('0')}" in note
    assert "*p < .05" in note and "***p < .001" in note


def test_path_diagram_ten_constructs(ten):
    rows = structural_rows(ten)
    assert len({r["lhs"] for r in rows} | {r["rhs"] for r in rows}) == 10
    assert any(r["pvalue"] >= .05 for r in rows) and any(r["pvalue"] < .001 for r in rows)
    fig = figures.path_diagram(ten, lang="zh-Hant")
    c = centres(fig)
    col_x = [{c[n][0] for n in col} for col in TEN_COLUMNS]
    assert all(len(x) == 1 for x in col_x)
    col_x = [x.pop() for x in col_x]
    assert col_x == sorted(col_x) and len(set(col_x)) == 4
    check_diagram(fig, ten)


def test_path_diagram_errors(lsq, pd_results):
    with pytest.raises(OptionError) as err:
        figures.path_diagram(lsq, lang="fr")
    assert "fr" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        figures.path_diagram(lsq, which="nope")
    assert "nope" in err.value.message("en")
    with pytest.raises(OptionError):
        figures.path_diagram([1, 2, 3])
    with pytest.raises(OptionError) as err:
        figures.path_diagram(lsq, names=["SAT"])
    assert "list" in err.value.message("en")
    no_sem = dict(pd_results, sem=None)
    with pytest.raises(DataError) as err:
        figures.path_diagram(no_sem)
    assert "sem" in err.value.message("en")
    cfa_only = dict(pd_results, sem={**pd_results["sem"], "parameters": [
        r for r in pd_results["sem"]["parameters"] if r["op"] != "~"]})
    with pytest.raises(DataError) as err:
        figures.path_diagram(cfa_only)
    assert "~" in err.value.message("en")


# --------------------------------------------------------------------------
# heat map and bars
# --------------------------------------------------------------------------

def test_loading_heatmap_numbers_are_the_cfa_loadings(lsq):
    fig = figures.loading_heatmap(lsq, names={})               # no names: the columns are the construct ids
    ax = fig.axes[0]
    items = [t.get_text() for t in ax.get_yticklabels()]
    constructs = [t.get_text() for t in ax.get_xticklabels()]
    loads = {(r["rhs"], r["lhs"]): r["std.all"] for r in lsq["cfa"]["parameters"] if r["op"] == "=~"}
    assert len(items) == len({i for i, _ in loads}) and len(constructs) == len({c for _, c in loads})
    shown = {}
    for t in ax.texts:
        j, i = t.get_position()
        shown[(items[int(round(i))], constructs[int(round(j))])] = t.get_text()
    assert set(shown) == set(loads)                           # blank where an item does not load
    for key, v in loads.items():
        assert shown[key] == apa(v)
        assert float(shown[key].replace("−", "-")) == pytest.approx(v, abs=0.005)
    im = ax.images[0]
    assert im.norm.vmin == -im.norm.vmax                      # centred on 0
    assert int(np.ma.count_masked(im.get_array())) == len(items) * len(constructs) - len(loads)
    assert len(fig.axes) == 2                                 # the colour bar


def test_importance_bars_sorted_with_values(lsq, names):
    rows = lsq["drivers"]["overall"]["drivers"]
    for measure in ("lmg_share", "rw_share"):
        fig = figures.importance_bars(lsq, lang="zh-Hans", names=names, measure=measure)
        ax = fig.axes[0]
        bars = sorted(ax.patches, key=lambda p: -p.get_y())   # top first
        expected = sorted(rows, key=lambda r: -r[measure])
        assert [b.get_width() for b in bars] == pytest.approx([r[measure] for r in expected], abs=1e-12)
        assert sum(b.get_width() for b in bars) == pytest.approx(1.0, abs=1e-9)   # shares of R² add up to 1
        ticks = sorted(ax.get_yticklabels(), key=lambda t: -t.get_position()[1])
        assert [t.get_text() for t in ticks] == [names[r["driver"]]["zh-Hans"] for r in expected]
        values = by_gid(fig, "value:")
        for r in rows:
            assert values[r["driver"]].get_text() == f"{100 * r[measure]:.1f}%"
        assert not ax.collections                              # bootstrap = 0: no error bars


def test_importance_bars_draw_the_bootstrap_ci(lsq):
    d = json.loads(json.dumps(lsq))
    part = d["drivers"]["overall"]
    for k, r in enumerate(part["drivers"]):
        r["lmg_share_ci_lower"] = r["lmg_share"] - 0.01 * (k + 1)
        r["lmg_share_ci_upper"] = r["lmg_share"] + 0.02 * (k + 1)
    part["n_boot"] = part["n_boot_valid"] = 200
    fig = figures.importance_bars(d)
    ax = fig.axes[0]
    segs = [s for c in ax.collections for s in c.get_segments() if abs(s[0][1] - s[1][1]) < 1e-12]
    got = sorted((round(s[0][1], 6), min(s[0][0], s[1][0]), max(s[0][0], s[1][0])) for s in segs)
    order = sorted(part["drivers"], key=lambda r: -r["lmg_share"])
    y = {r["driver"]: len(order) - 1 - k for k, r in enumerate(order)}
    want = sorted((float(y[r["driver"]]), r["lmg_share_ci_lower"], r["lmg_share_ci_upper"]) for r in part["drivers"])
    assert len(got) == len(want)
    for g, w in zip(got, want):
        assert g == pytest.approx(w, abs=1e-9)
    assert "200" in " ".join(t.get_text() for t in fig.texts)


def test_bars_ipa_segment_errors(lsq):
    with pytest.raises(OptionError) as err:
        figures.importance_bars(lsq, measure="beta")
    assert "beta" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        figures.importance_bars(lsq, segment="99")
    assert "99" in err.value.message("en")
    with pytest.raises(DataError) as err:
        figures.importance_bars({k: v for k, v in lsq.items() if k != "drivers"})
    assert "drivers" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        figures.ipa_map(lsq, which="quadrants")
    assert "quadrants" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        figures.segment_chart(lsq, variables=["NOPE"])
    assert "NOPE" in err.value.message("en")
    failed = dict(lsq, groups={"error": {"en": "too few", "zh-Hans": "太少", "zh-Hant": "太少"}})
    with pytest.raises(DataError) as err:
        figures.segment_chart(failed)
    assert "too few" in err.value.message("en")


def test_ipa_map_and_segment_chart_from_the_dict(lsq, names):
    fig = figures.ipa_map(lsq, lang="zh-Hans", names=names)
    ax = fig.axes[0]
    pts = ax.collections[0].get_offsets()
    rows = lsq["ipa"]["map"]["drivers"]
    # IPA layout: performance across, importance up, as research.marketing.ipa.plot draws it
    assert sorted(map(tuple, np.asarray(pts))) == sorted((r["performance"], r["importance"]) for r in rows)
    assert {t.get_text() for t in ax.texts} >= {names[r["driver"]]["zh-Hans"] for r in rows}
    fig = figures.segment_chart(lsq, lang="zh-Hant", names=names, variables=["SAT"])
    ax = fig.axes[0]
    ticks = [t.get_text().split("\n")[0] for t in ax.get_xticklabels()]
    assert ticks[:3] == ["淘寶", "天貓", "京東"]
    desc = [r for r in lsq["groups"]["descriptives"] if r["variable"] == "SAT"]
    means = [float(c.lines[0].get_ydata()[0]) for c in ax.containers]      # one errorbar per segment
    assert means == pytest.approx([r["mean"] for r in desc if r["n"] > 0])
    assert ax.get_title().startswith("顧客滿意度")


# --------------------------------------------------------------------------
# output: PNG and SVG in every language, no missing glyphs
# --------------------------------------------------------------------------

def _all_figures(lsq, names, lang):
    yield figures.path_diagram(lsq, lang=lang, names=names)
    yield figures.loading_heatmap(lsq, lang=lang, names=names)
    yield figures.importance_bars(lsq, lang=lang, names=names)
    yield figures.ipa_map(lsq, lang=lang, names=names)
    yield figures.segment_chart(lsq, lang=lang, names=names, variables=["SAT", "LOY"])


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_renders_without_missing_glyphs(lsq, names, lang, cjk_font):
    for fig in _all_figures(lsq, names, lang):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            png = figures.to_bytes(fig, "png", dpi=60)
            svg = figures.to_bytes(fig, "svg")
        glyph = [str(w.message) for w in caught if re.search(r"Glyph|missing from font", str(w.message))]
        assert not glyph, glyph[:3]
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        text = svg.decode("utf-8")
        assert "<svg" in text and "<text" not in text         # text as outlines: Chinese shows without the font


def test_save_to_path_and_buffer(tmp_path, pd_results):
    fig = figures.path_diagram(pd_results, lang="zh-Hans")
    figures.save(fig, tmp_path / "model.png", format="png", dpi=50)
    assert (tmp_path / "model.png").read_bytes().startswith(b"\x89PNG")
    first, second = figures.to_bytes(fig, "svg"), figures.to_bytes(fig, "svg")
    assert first == second                                   # no date, stable ids
    with pytest.raises(OptionError) as err:
        figures.save(fig, tmp_path / "model.pdf", format="pdf")
    assert "pdf" in err.value.message("en")
    with pytest.raises(OptionError):
        figures.to_bytes(fig, "png", dpi=0)
    with pytest.raises(OptionError):
        figures.save("not a figure", tmp_path / "x.png")


def test_stated_importance_map(lsq):
    """The stated-importance IPA (the questionnaire's IMP_* questions) is drawn from the results too."""
    stated = lsq["ipa"]["stated"]
    fig = figures.ipa_map(lsq, lang="zh-Hans", which="stated")
    drawn = {t.get_text() for t in fig.axes[0].texts}
    named = lsq["labels"]["constructs"]                        # the constructs by the names the results carry
    assert {named[r["driver"]]["zh-Hans"] for r in stated["drivers"]} <= drawn
    assert not {r["driver"] for r in stated["drivers"]} & drawn
    assert len(figures.to_bytes(fig, "png")) > 10_000
    with pytest.raises(OptionError):
        figures.ipa_map(lsq, which="wished")


# --------------------------------------------------------------------------
# titles under APA captions, construct names by default
# --------------------------------------------------------------------------

FIGURE_TITLES = {  # the title each figure draws by default, in en and zh-Hans
    "path_diagram": {"en": "Structural model: standardized path coefficients", "zh-Hans": "结构模型：标准化路径系数"},
    "loading_heatmap": {"en": "Standardized factor loadings (CFA)", "zh-Hans": "标准化因子载荷（CFA）"},
    "importance_bars": {"en": "Relative importance of the drivers of Customer satisfaction",
                        "zh-Hans": "顾客满意度驱动因素的相对重要性"},
    "ipa_map": {"en": "Importance–performance map (target: Customer satisfaction)",
                "zh-Hans": "重要性–绩效分析图（目标：顾客满意度）"},
    "segment_chart": {"en": "Mean by PLATFORM with 95% CI", "zh-Hans": "按PLATFORM分组的均值及95%置信区间"},
}


def _all_texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text()]


@pytest.mark.parametrize("lang", ["en", "zh-Hans"])
def test_title_false_leaves_the_title_to_the_report_caption(lsq, lang):
    for make, heading in FIGURE_TITLES.items():
        kwargs = {"variables": ["SAT", "LOY"]} if make == "segment_chart" else {}
        drawn = getattr(figures, make)(lsq, lang=lang, **kwargs)
        assert any(t.startswith(heading[lang]) for t in _all_texts(drawn)), (make, _all_texts(drawn))
        bare = getattr(figures, make)(lsq, lang=lang, title=False, **kwargs)
        assert not any(heading[lang] in t for t in _all_texts(bare)), (make, _all_texts(bare))
        assert bare._suptitle is None or not bare._suptitle.get_text()
        # the notes under the drawing stay
        if make == "path_diagram":
            assert any(t.startswith(("Note.", "注：")) for t in _all_texts(bare))
        figures.to_bytes(bare, "png", dpi=40)                 # and it still renders


def _shown_names(fig_path, fig_bars, fig_ipa) -> tuple:
    nodes = {k: t.get_text() for k, t in by_gid(fig_path, "name:").items()}
    bars = [t.get_text() for t in fig_bars.axes[0].get_yticklabels()]
    ipa = {t.get_text() for t in fig_ipa.axes[0].texts}
    return nodes, bars, ipa


LSQ_NAMES = {"en": ("Customer satisfaction", "Economy"), "zh-Hans": ("顾客满意度", "经济性"),
             "zh-Hant": ("顧客滿意度", "經濟性")}


@pytest.mark.parametrize("lang", LANGS)
def test_figures_name_the_constructs_from_the_results_labels(lsq, lang):
    sat, eco = LSQ_NAMES[lang]
    assert lsq["labels"]["constructs"]["SAT"][lang] == sat
    nodes, bars, ipa = _shown_names(figures.path_diagram(lsq, lang=lang), figures.importance_bars(lsq, lang=lang),
                                    figures.ipa_map(lsq, lang=lang))
    assert nodes["SAT"] == sat and nodes["ECO"] == eco and "SAT" not in nodes.values()
    assert eco in bars and not {"ECO", "RES", "REL"} & set(bars)
    assert eco in ipa and "ECO" not in ipa
    heat = figures.loading_heatmap(lsq, lang=lang)
    columns = [t.get_text().replace("\n", " ") for t in heat.axes[0].get_xticklabels()]
    assert sat in columns and "SAT" not in columns
    seg = figures.segment_chart(lsq, lang=lang, variables=["SAT"])
    assert seg.axes[0].get_title().startswith(sat)


def test_figure_names_fall_back_and_explicit_names_win(lsq, pd_results):
    own = _roundtrip(lsq)
    own["labels"]["constructs"]["SAT"] = {"en": "Happiness", "zh-Hans": "幸福感"}
    nodes = {k: t.get_text() for k, t in by_gid(figures.path_diagram(own, lang="en"), "name:").items()}
    assert nodes["SAT"] == "Happiness" and nodes["ECO"] == "Economy"        # the results' labels, not the YAML
    nodes = {k: t.get_text() for k, t in by_gid(figures.path_diagram(own, lang="en", names={"SAT": "Sat."}),
                                                "name:").items()}
    assert nodes["SAT"] == "Sat." and nodes["ECO"] == "ECO"                # explicit names replace the defaults
    old = _roundtrip(lsq)
    del old["labels"]                                                       # a results.json from before labels
    nodes = {k: t.get_text() for k, t in by_gid(figures.path_diagram(old, lang="zh-Hant"), "name:").items()}
    assert nodes["SAT"] == "顧客滿意度"                                      # the built-in questionnaire's
    old["meta"]["spec"]["questionnaire"] = None
    nodes = {k: t.get_text() for k, t in by_gid(figures.path_diagram(old, lang="en"), "name:").items()}
    assert nodes["SAT"] == "SAT" and nodes["LOY"] == "LOY"                  # nothing to name them by: the codes
    assert pd_results["labels"] == {"constructs": {}, "items": {}}           # a user's own lavaan model
    nodes = {k: t.get_text() for k, t in by_gid(figures.path_diagram(pd_results, lang="en"), "name:").items()}
    assert set(nodes.values()) == {"ind60", "dem60", "dem65"}
