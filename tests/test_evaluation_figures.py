"""research.evaluation.figures: the indicator tree, the radar chart, the ranking bars and the grade shares, read back
from the figures' artists.

The drawn numbers are checked against the evaluation block, read independently of the plotting code: each leaf's
weight bar is proportional to its global weight (and the global weights are the products of the local ones), the
radar's vertices are the summary means, the ranking bars are TOPSIS C / the grey relational grades in rank order;
labels carry the names in each language and no code where a name exists; missing inputs give trilingual errors;
every figure renders in the CJK font, with no missing glyph and no text outside the figure or over another.
"""
from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from matplotlib.text import Text

from conftest import ROOT
from research.errors import DataError, OptionError
from research.evaluation import evaluate, load_system
from research.evaluation import figures as ef
from research.fonts import cjk_font_families

LANGS = ("zh-Hans", "zh-Hant", "en")
PLATFORMS = {"zh-Hans": ("淘宝", "天猫", "京东", "拼多多", "抖音", "速卖通", "亚马逊", "其他"),
             "zh-Hant": ("淘寶", "天貓", "京東", "拼多多", "抖音", "速賣通", "亞馬遜", "其他"),
             "en": ("Taobao", "Tmall", "JD.com", "Pinduoduo", "Douyin", "AliExpress", "Amazon", "Other")}
FIRST = {"zh-Hans": ("经济性", "响应性", "灵活性", "可靠性", "移情性"),
         "zh-Hant": ("經濟性", "回應性", "彈性", "可靠性", "關懷性"),
         "en": ("Economy", "Responsiveness", "Flexibility", "Reliability", "Empathy")}
CODES = re.compile(r"\b(ECO|RES|FLE|REL|EMP)\d?\b|\bLSQ\b(?!-5)")


@pytest.fixture(scope="module")
def lsq():
    data = pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv")
    res = evaluate(data, "lsq5-index", weights="entropy", group="PLATFORM")
    return res, res.to_dict()


@pytest.fixture(scope="module")
def lsq_nogroup():
    data = pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv")
    return evaluate(data, "lsq5-index").to_dict()


@pytest.fixture(scope="module")
def ecommerce():
    system = load_system("ecommerce-model")
    rng = np.random.default_rng(7)
    firms = np.repeat(["A", "B", "C"], 10)
    data = pd.DataFrame({leaf: np.clip(rng.normal(70, 10, len(firms)), 0, 100).round() for leaf in system.leaves})
    data["FIRM"] = firms
    return system, evaluate(data, system, group="FIRM", min_n=10).to_dict()


def _texts(fig) -> list[str]:
    return [t.get_text() for t in fig.findobj(Text) if t.get_text().strip()]


def _gid(fig, gid):
    found = [a for a in fig.findobj(lambda a: a.get_gid() == gid)]
    assert len(found) == 1, (gid, len(found))
    return found[0]


def _weights(d) -> dict:
    return {r["node"]: r for r in d["weights"]}


# --------------------------------------------------------------------------
# indicator tree
# --------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_tree_bars_are_the_global_weights_and_labels_are_names(lsq, lang):
    res, d = lsq
    fig = ef.indicator_tree(d, lang)
    w = _weights(d)
    leaves = [n["id"] for n in d["system"]["nodes"] if not n["children"]]
    assert len(leaves) == 20
    # global weight = product of the local weights on the path (independent of the figure)
    for leaf in leaves:
        assert w[leaf]["global_weight"] == pytest.approx(w[leaf]["weight"] * w[w[leaf]["parent"]]["weight"])
    assert sum(w[leaf]["global_weight"] for leaf in leaves) == pytest.approx(1.0)
    info = fig.evaluation_figure
    gmax = max(w[leaf]["global_weight"] for leaf in leaves)
    for leaf in leaves:
        bar = _gid(fig, f"weight:{leaf}")
        assert bar.get_width() == pytest.approx(info["bar_width"] * w[leaf]["global_weight"] / gmax)
        label = _gid(fig, f"value:{leaf}").get_text()
        assert label == f"{w[leaf]['global_weight']:.3f}".lstrip("0")           # .049: APA, no leading zero
    # leaves: the item texts of the system in lang, whole in Chinese (they fit the page)
    nodes = {n["id"]: n for n in d["system"]["nodes"]}
    for leaf in leaves:
        shown = _gid(fig, f"node:{leaf}").get_text()
        full = nodes[leaf]["name"][lang]
        assert shown == full or (shown.endswith("…") and full.startswith(shown[:-1].rstrip()))
        if lang != "en":
            assert shown == full
    # first-level boxes: the name and the global weight
    for code, name in zip(("ECO", "RES", "FLE", "REL", "EMP"), FIRST[lang]):
        text = _gid(fig, f"label:{code}").get_text()
        assert text.split("\n")[0] == name and text.split("\n")[-1] == f"{w[code]['global_weight']:.3f}".lstrip("0")
    texts = _texts(fig)
    assert not [t for t in texts if CODES.search(t)]
    note = " ".join(t.get_text() for t in fig.findobj(lambda a: a.get_gid() == "note"))
    assert {"zh-Hans": "熵权法", "zh-Hant": "熵權法", "en": "entropy weights"}[lang] in note
    assert "entropy" not in note or lang == "en"
    # the result object draws the same figure
    again = ef.indicator_tree(res, lang)
    assert _texts(again) == texts


def test_tree_of_the_ecommerce_system_three_levels(ecommerce):
    system, d = ecommerce
    w = _weights(d)
    for lang in LANGS:
        fig = ef.indicator_tree(d, lang)
        assert fig.evaluation_figure["leaves"] == list(system.leaves)
        assert len(system.leaves) == 30
        gmax = max(w[leaf]["global_weight"] for leaf in system.leaves)
        for leaf in system.leaves:
            # stated points: M4.2.2 has 8 of 100, the largest leaf
            assert _gid(fig, f"weight:{leaf}").get_width() == pytest.approx(
                fig.evaluation_figure["bar_width"] * w[leaf]["global_weight"] / gmax)
            shown = _gid(fig, f"node:{leaf}").get_text()
            full = system.name(leaf, lang)
            assert shown == full or (shown.endswith("…") and full.startswith(shown[:-1].rstrip()))
        assert w["M4.2.2"]["global_weight"] == pytest.approx(0.08)
        for node in system.internal:
            if node != system.root:
                assert _gid(fig, f"label:{node}").get_text().split("\n")[-1] == \
                    f"{w[node]['global_weight']:.3f}".lstrip("0")
        note = " ".join(t.get_text() for t in fig.findobj(lambda a: a.get_gid() == "note"))
        assert {"zh-Hans": "指标体系中给定", "zh-Hant": "指標體系中給定", "en": "stated in the index system"}[lang] in note
        assert not any(s in note for s in ("唯一下级指", "only sub-indicator"))         # a one-child node is no method
        if fig.evaluation_figure["shortened"]:
            assert "…" in note


# --------------------------------------------------------------------------
# radar
# --------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_radar_vertices_are_the_summary_means(lsq, lang):
    _, d = lsq
    fig = ef.radar(d, lang)
    means = {(r["node"], r["segment"]): r["mean"] for r in d["summary"]}
    first = ["ECO", "RES", "FLE", "REL", "EMP"]
    for seg in [None, *d["segments"]]:
        line = _gid(fig, f"radar:{seg or '__overall__'}")
        theta, r = line.get_data()
        assert len(r) == 6 and r[-1] == r[0] and theta[-1] == theta[0]
        np.testing.assert_allclose(r[:-1], [means[(n, seg)] for n in first])
        np.testing.assert_allclose(theta[:-1], np.arange(5) * 2 * np.pi / 5)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert len(legend) == 9
    n_root = {r["segment"]: r["n"] for r in d["summary"] if r["node"] == "LSQ"}
    assert legend[0] == {"zh-Hans": "全样本", "zh-Hant": "全樣本", "en": "Whole sample"}[lang] + \
        ("（n = {}）" if lang != "en" else " (n = {})").format(n_root[None])
    for k, name in enumerate(PLATFORMS[lang]):
        assert legend[k + 1].startswith(name) and str(n_root[str(k + 1)]) in legend[k + 1]
    spokes = [_gid(fig, f"spoke:{n}").get_text().replace("\n", " " if lang == "en" else "") for n in first]
    assert spokes == list(FIRST[lang])
    assert not [t for t in _texts(fig) if CODES.search(t)]
    # the radial axis spans grade bounds around every mean
    lo, hi = fig.axes[0].get_ylim()
    vals = [means[(n, s)] for n in first for s in [None, *d["segments"]]]
    assert lo <= min(vals) and hi >= max(vals) and lo in (0, 40, 60, 75, 85) and hi in (40, 60, 75, 85, 100)


def test_radar_choices_and_errors(lsq, lsq_nogroup):
    _, d = lsq
    fig = ef.radar(d, "en", segments=["1", "3"])
    assert fig.evaluation_figure["segments"] == ["__overall__", "1", "3"]
    fig = ef.radar(d, "en", nodes=["ECO1", "ECO2", "ECO3", "ECO4"], segments=["2"])
    means = {(r["node"], r["segment"]): r["mean"] for r in d["summary"]}
    np.testing.assert_allclose(_gid(fig, "radar:2").get_data()[1][:-1], [means[(f"ECO{i}", "2")] for i in range(1, 5)])
    # no group: the whole sample alone
    fig = ef.radar(lsq_nogroup, "zh-Hans")
    assert fig.evaluation_figure["segments"] == ["__overall__"]
    assert "各分组" not in _gid(fig, "title").get_text()
    with pytest.raises(OptionError) as err:
        ef.radar(d, "en", nodes=["ECO", "RES"])
    assert "three" in err.value.message("en") and "三个" in err.value.message("zh-Hans") \
        and "三個" in err.value.message("zh-Hant")
    with pytest.raises(OptionError):
        ef.radar(d, "en", segments=["9"])
    with pytest.raises(OptionError):
        ef.radar(d, "en", nodes=["ECO", "RES", "NOPE"])
    with pytest.raises(OptionError):
        ef.radar(d, "fr")


def test_radar_keeps_the_largest_eight_segments():
    rng = np.random.default_rng(3)
    data = pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv")
    data["REGION"] = rng.integers(1, 11, len(data))                  # ten segments
    d = evaluate(data, "lsq5-index", group="REGION").to_dict()
    fig = ef.radar(d, "en")
    n = {r["segment"]: r["n"] for r in d["summary"] if r["node"] == "LSQ" and r["segment"] is not None}
    kept = fig.evaluation_figure["segments"][1:]
    assert len(kept) == 8 and len(fig.evaluation_figure["hidden"]) == 2
    assert min(n[s] for s in kept) >= max(n[s] for s in fig.evaluation_figure["hidden"])
    note = " ".join(t.get_text() for t in fig.findobj(lambda a: a.get_gid() == "note"))
    assert "Not shown" in note
    with pytest.raises(OptionError):
        ef.radar(d, "en", segments=[str(s) for s in range(1, 10)])


# --------------------------------------------------------------------------
# ranking bars
# --------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("method,key", [("topsis", "C"), ("grey_relational", "grade")])
def test_ranking_bars_lengths_order_and_labels(lsq, lang, method, key):
    _, d = lsq
    fig = ef.ranking_bars(d, lang, method=method)
    table = d["ranking"][method]["table"]
    order = sorted(table, key=lambda r: -r[key])
    assert [r["rank"] for r in order] == [1, 2, 3, 4, 5]
    ax = fig.axes[0]
    ys = []
    for r in order:
        bar = _gid(fig, f"bar:{r['alternative']}")
        assert bar.get_width() == pytest.approx(r[key])
        ys.append(bar.get_y())
        value = _gid(fig, f"value:{r['alternative']}").get_text()
        assert value.startswith(f"{r[key]:.3f}".lstrip("0")) and str(r["rank"]) in value
        assert str(d["ranking"]["n"][r["alternative"]]) in value
    assert ys == sorted(ys, reverse=True)                                  # best on top
    names = [t.get_text() for t in ax.get_yticklabels()]
    assert names == [PLATFORMS[lang][int(r["alternative"]) - 1] for r in order]
    # TOPSIS on this sample: Douyin first, Tmall last (closeness .755 and .250)
    if method == "topsis":
        assert names[0] == PLATFORMS[lang][4] and names[-1] == PLATFORMS[lang][1]
    lines = sorted(fig.findobj(lambda a: a.get_gid() == "note"), key=lambda t: -t.get_position()[1])  # top first
    note = ("" if lang != "en" else " ").join(t.get_text() for t in lines)  # Chinese wraps between any characters
    for seg in ("6", "7", "8"):                                            # fewer than 30 respondents
        assert PLATFORMS[lang][int(seg) - 1] in note
    assert "30" in note
    assert not [t for t in _texts(fig) if CODES.search(t)]


def test_ranking_bars_errors(lsq, lsq_nogroup):
    _, d = lsq
    with pytest.raises(DataError) as err:
        ef.ranking_bars(lsq_nogroup, "zh-Hant")
    msg = {lg: err.value.message(lg) for lg in LANGS}
    assert "group=" in msg["en"] and "排序" in msg["zh-Hans"] and "分組欄" in msg["zh-Hant"]
    with pytest.raises(OptionError):
        ef.ranking_bars(d, "en", method="vikor")
    with pytest.raises(OptionError):
        ef.ranking_bars({"weights": []}, "en")


# --------------------------------------------------------------------------
# grade shares
# --------------------------------------------------------------------------

def test_grade_shares_are_the_summary_shares(lsq):
    _, d = lsq
    fig = ef.grade_shares(d, "zh-Hant")
    rows = {r["node"]: r for r in d["summary"] if r["segment"] is None}
    grades = ["优", "良", "中", "低", "差"]
    for node in ("LSQ", "ECO", "RES", "FLE", "REL", "EMP"):
        start = 0.0
        for g in grades:
            bar = _gid(fig, f"share:{node}:{g}")
            assert bar.get_x() == pytest.approx(start) and bar.get_width() == pytest.approx(rows[node][f"share[{g}]"])
            start += bar.get_width()
        assert start == pytest.approx(1.0)
    assert [t.get_text() for t in fig.legends[0].get_texts()] == ["優", "良", "中", "低", "差"]
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert labels[0] == f"物流服務品質（{rows['LSQ']['n']}）" and labels[1].startswith("經濟性")
    fig = ef.grade_shares(d, "en", segment="5")
    seg = {r["node"]: r for r in d["summary"] if r["segment"] == "5"}
    assert _gid(fig, "share:ECO:良").get_width() == pytest.approx(seg["ECO"]["share[良]"])
    assert "Douyin" in _gid(fig, "title").get_text()


# --------------------------------------------------------------------------
# every figure: CJK font, no missing glyph, nothing outside the figure, no overlaps
# --------------------------------------------------------------------------

def _drawn_texts(fig) -> list:
    hidden = set()
    for ax in fig.axes:
        if ax.name == "polar":
            continue
        for axis, lim in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            lo, hi = min(lim), max(lim)
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    hidden |= {id(tick.label1), id(tick.label2)}
    return [t for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible() and id(t) not in hidden]


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_renders_inside_the_figure(lsq, ecommerce, lang):
    _, d = lsq
    _, e = ecommerce
    family = cjk_font_families()[0]
    assert family != "DejaVu Sans", "no CJK font installed (scripts/test.sh installs fonts-noto-cjk)"
    figs = [ef.indicator_tree(d, lang), ef.indicator_tree(e, lang), ef.radar(d, lang), ef.radar(e, lang),
            ef.ranking_bars(d, lang), ef.ranking_bars(d, lang, "grey_relational"), ef.grade_shares(d, lang)]
    for fig in figs:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            png = ef.to_bytes(fig, "png", dpi=50)
        glyph = [str(w.message) for w in caught if re.search(r"Glyph|missing from font", str(w.message))]
        assert not glyph, glyph[:3]
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        fig.canvas.draw()
        renderer = fig.canvas.get_renderer()
        W, H = fig.bbox.width, fig.bbox.height
        assert fig.get_figwidth() == pytest.approx(7.0)                    # A4 text width
        shown = _drawn_texts(fig)
        chinese = [t for t in shown if re.search(r"[\u4e00-\u9fff]", t.get_text())]
        assert bool(chinese) == (lang != "en"), [t.get_text() for t in shown][:5]
        boxes = []
        for t in shown:
            assert t.get_fontproperties().get_family()[0] == family, t.get_text()
            bb = t.get_window_extent(renderer)
            assert bb.x0 >= -1 and bb.y0 >= -1 and bb.x1 <= W + 1 and bb.y1 <= H + 1, (t.get_text(), bb, W, H)
            boxes.append((t.get_text(), bb))
        for i, (ta, a) in enumerate(boxes):
            for tb, b in boxes[i + 1:]:
                inter = min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0)
                assert inter[0] <= 1 or inter[1] <= 1, (ta, tb)
    assert math.isfinite(figs[0].get_figheight())
