"""Importance–performance analysis (Martilla & James 1977) and IPMA (Ringle & Sarstedt 2016):
hand-made quadrant examples including points on the crosshairs, 0–100 rescaling, data- vs
scale-centred crosshairs, priority ranks, indicator-level IPMA computed by hand, errors,
figures rendered to PNG with Chinese labels, and a run on the sample data."""
from __future__ import annotations

import io
import json

import matplotlib
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from scipy import stats

from conftest import ROOT
from research.errors import DataError, OptionError
from research.marketing.ipa import (CJK_FONTS, QUADRANT_LABELS, IPAResult, cjk_font_families, ipa, ipma, plot,
                                    quadrant_of)

# No CJK font may be installed on the test machine: the figure must still render.
no_glyph_warnings = pytest.mark.filterwarnings("ignore:Glyph .* missing from font")


def _json(result) -> dict:
    d = result.to_dict()
    json.dumps(d, allow_nan=False)
    return d


# --------------------------------------------------------------------------
# quadrants and crosshairs
# --------------------------------------------------------------------------

def test_quadrants_hand_example_with_point_on_both_crosshairs():
    imp = {"A": 0.4, "B": 0.4, "C": 0.1, "D": 0.1, "E": 0.25}
    perf = {"A": 2.0, "B": 4.0, "C": 2.0, "D": 4.0, "E": 3.0}
    # grand means by hand: (0.4 + 0.4 + 0.1 + 0.1 + 0.25)/5 = 0.25, (2 + 4 + 2 + 4 + 3)/5 = 3
    res = ipa(imp, perf, importance_kind="stated")
    assert res.center_kind == "means"
    assert res.center == pytest.approx((0.25, 3.0), abs=1e-15)
    assert res.quadrant.to_dict() == {"A": "concentrate", "B": "keep_up", "C": "low_priority",
                                      "D": "overkill", "E": "keep_up"}   # E on both crosshairs → high/high
    assert res.importance_kind == "stated" and res.method == "ipa" and res.level == "driver"


@pytest.mark.parametrize("point, expected", [
    ((0.25, 2.9), "concentrate"),    # on the importance crosshair, below on performance
    ((0.20, 3.0), "overkill"),       # below on importance, on the performance crosshair
    ((0.25, 3.0), "keep_up"),        # on both
    ((0.2499, 2.99), "low_priority"),
    ((0.30, 3.01), "keep_up"),
])
def test_explicit_crosshairs_on_the_line_counts_as_high(point, expected):
    assert quadrant_of(point[0], point[1], (0.25, 3.0)) == expected
    res = ipa({"X": point[0], "Y": 0.9}, {"X": point[1], "Y": 1.0}, center=(0.25, 3.0))
    assert res.center_kind == "explicit" and res.center == (0.25, 3.0)
    assert res.quadrant["X"] == expected


def test_crosshair_tolerates_floating_point_noise_in_the_mean():
    imp = {"A": 0.1, "B": 0.2, "C": 0.3}
    assert np.mean([0.1, 0.2, 0.3]) > 0.2          # premise: the computed mean lies just above B
    res = ipa(imp, {"A": 4.0, "B": 2.0, "C": 3.0})
    assert res.quadrant["B"] == "concentrate"        # B counts as on the crosshair, hence high importance


def test_midpoint_versus_means_centre():
    imp = {"A": 0.3, "B": 0.2, "C": 0.1}
    perf = {"A": 3.2, "B": 3.6, "C": 3.8}
    means = ipa(imp, perf)
    assert means.center == pytest.approx((0.2, (3.2 + 3.6 + 3.8) / 3), abs=1e-12)
    assert means.quadrant.to_dict() == {"A": "concentrate", "B": "keep_up", "C": "overkill"}
    mid = ipa(imp, perf, center="midpoint")
    assert mid.center_kind == "midpoint"
    assert mid.center == pytest.approx((0.2, 3.0), abs=1e-12)     # (1 + 5)/2 on the performance axis
    assert mid.quadrant.to_dict() == {"A": "keep_up", "B": "keep_up", "C": "overkill"}
    mid7 = ipa(imp, {"A": 3.2, "B": 4.5, "C": 3.8}, scale=(1, 7), center="midpoint")
    assert mid7.center[1] == 4.0
    assert mid7.quadrant.to_dict() == {"A": "concentrate", "B": "keep_up", "C": "low_priority"}


@pytest.mark.parametrize("scale, mean", [((1, 5), 3.2), ((1, 7), 4.0), ((0, 10), 7.25), ((1, 5), 5.0),
                                         ((1, 5), 1.0)])
def test_performance_rescaled_to_0_100(scale, mean):
    res = ipa({"A": 1.0}, {"A": mean}, scale=scale)
    expected = (mean - scale[0]) / (scale[1] - scale[0]) * 100
    assert res.performance_100["A"] == pytest.approx(expected, abs=1e-12)
    assert res.table()["performance (0–100)"].iloc[0] == pytest.approx(expected, abs=1e-12)


def test_dataframe_performance_mean_se_n():
    rng = np.random.default_rng(7)
    df = pd.DataFrame({"ECO": rng.integers(1, 6, 40).astype(float), "REL": rng.integers(1, 6, 40).astype(float),
                       "OTHER": "x"})
    df.loc[[3, 9, 11], "REL"] = np.nan
    res = ipa({"ECO": 0.2, "REL": 0.3}, df, importance_kind="lmg")
    for c in ("ECO", "REL"):
        v = df[c].dropna().to_numpy()
        assert res.performance[c] == pytest.approx(v.mean(), abs=1e-12)
        assert res.se[c] == pytest.approx(stats.sem(v), abs=1e-12)
        assert res.n[c] == len(v)
    assert res.n["REL"] == 37
    t = res.table()
    assert list(t["n"]) == [int(res.n[d]) for d in t["driver"]]


def test_priority_rank_concentrate_first_by_importance():
    # centre (0.5, 3.0) explicit; two drivers per quadrant
    imp = {"c1": 0.6, "c2": 0.9, "k1": 0.8, "k2": 0.7, "l1": 0.1, "l2": 0.3, "o1": 0.2, "o2": 0.4}
    perf = {"c1": 2.0, "c2": 2.5, "k1": 4.0, "k2": 3.5, "l1": 2.0, "l2": 2.8, "o1": 4.0, "o2": 3.5}
    res = ipa(imp, perf, center=(0.5, 3.0))
    expected_order = ["c2", "c1", "l2", "l1", "k1", "k2", "o2", "o1"]
    assert list(res.table()["driver"]) == expected_order
    assert [res.priority[d] for d in expected_order] == list(range(1, 9))
    # ties in importance: lower performance first
    tie = ipa({"a": 0.5, "b": 0.5}, {"a": 2.5, "b": 2.0}, center=(0.4, 3.0))
    assert tie.priority.to_dict() == {"a": 2, "b": 1}


def test_labels_languages_and_json():
    res = ipa({"REL": 0.3, "ECO": 0.1}, {"REL": 3.1, "ECO": 3.9}, labels={"REL": "可靠性"},
              importance_kind="total_effect")
    t_zh = res.table(lang="zh-Hans")
    assert list(t_zh["象限"]) == ["重点改进区", "过度供给区"]
    assert list(t_zh["名称"]) == ["可靠性", "ECO"]
    t_hant = res.table(lang="zh-Hant")
    assert list(t_hant["象限"]) == ["重點改進區", "過度供給區"]
    assert list(res.table()["quadrant label"]) == ["Concentrate here", "Possible overkill"]
    d = _json(res)
    assert d["importance_kind"] == "total_effect" and d["center"]["kind"] == "means"
    assert d["drivers"][0]["driver"] == "REL" and d["drivers"][0]["n"] is None
    assert d["drivers"][0]["quadrant_label"]["zh-Hans"] == "重点改进区"
    assert "≥" in d["crosshair_rule"]["en"]
    # a Series works as well as a dict
    res2 = ipa(pd.Series({"REL": 0.3, "ECO": 0.1}), pd.Series({"REL": 3.1, "ECO": 3.9}))
    assert res2.quadrant.to_dict() == res.quadrant.to_dict()
    assert res2.importance_kind == "unspecified"


def test_negative_importance_is_kept_and_noted():
    res = ipa({"A": -0.1, "B": 0.3}, {"A": 3.0, "B": 3.5}, importance_kind="beta")
    assert res.importance["A"] == -0.1
    assert any("A" in n["en"] for n in res.notes)


# --------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------

def test_errors_name_the_problem():
    with pytest.raises(OptionError) as err:
        ipa({"A": 0.1, "B": 0.2}, {"A": 3.0})
    assert "B" in err.value.message("en")
    with pytest.raises(DataError) as err:
        ipa({"A": 0.1}, {"A": 5.5})
    assert "5.5" in err.value.message("en") and "A" in err.value.message("en")
    with pytest.raises(DataError) as err:
        ipa({"A": 0.1}, pd.DataFrame({"A": [1, 2, 7]}))
    assert "7" in err.value.message("en")
    with pytest.raises(DataError) as err:
        ipa({"A": 0.1}, pd.DataFrame({"A": ["x", "y"]}))
    assert "A" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        ipa({"A": float("nan")}, {"A": 3.0})
    assert "A" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        ipa({"A": 0.1}, {"A": 3.0}, center="median")
    assert "median" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        ipa({"A": 0.1}, {"A": 3.0}, center=(0.1, 60))
    assert "60" in err.value.message("en")
    with pytest.raises(OptionError):
        ipa({"A": 0.1}, {"A": 3.0}, scale=(5, 1))
    with pytest.raises(OptionError):
        ipa({}, {"A": 3.0})
    with pytest.raises(OptionError):
        ipa([0.1], {"A": 3.0})
    res = ipa({"A": 0.1}, {"A": 3.0})
    with pytest.raises(OptionError) as err:
        res.table(lang="fr")
    assert "fr" in err.value.message("en")
    with pytest.raises(OptionError):
        plot(res, x="diagonal")
    with pytest.raises(OptionError):
        plot("not a result")


# --------------------------------------------------------------------------
# IPMA
# --------------------------------------------------------------------------

@pytest.fixture()
def ipma_data():
    items = pd.DataFrame({
        "x1": [1, 2, 3, 4, 5, 4], "x2": [2, 2, 3, 3, 4, 4], "x3": [5, 5, 4, 4, 3, 3],
        "y1": [1, 1, 2, 2, 3, 3], "y2": [3, 4, 5, 5, 4, 3],
    }, dtype=float)
    scores = pd.DataFrame({"X": items[["x1", "x2", "x3"]].mean(axis=1), "Y": items[["y1", "y2"]].mean(axis=1)})
    return items, scores


def test_ipma_construct_level(ipma_data):
    items, scores = ipma_data
    res = ipma({"X": 0.4, "Y": 0.2}, scores, target="SAT")
    assert res.method == "ipma" and res.level == "construct" and res.importance_kind == "total_effect"
    assert res.importance.to_dict() == {"X": 0.4, "Y": 0.2}
    for c in ("X", "Y"):
        assert res.performance_100[c] == pytest.approx((scores[c].mean() - 1) / 4 * 100, abs=1e-12)
    assert _json(res)["target"] == "SAT"


def test_ipma_indicator_importance_by_hand(ipma_data):
    items, scores = ipma_data
    w = {"X": {"x1": 0.5, "x2": 0.3, "x3": 0.2}, "Y": {"y1": 1.0, "y2": 3.0}}
    res = ipma({"X": 0.4, "Y": 0.2}, scores, indicator_weights=w, item_scores=items)
    assert res.level == "indicator"
    # w / Σw × total effect: X weights sum to 1, Y weights to 4
    expected_imp = {"x1": 0.5 / 1.0 * 0.4, "x2": 0.3 / 1.0 * 0.4, "x3": 0.2 / 1.0 * 0.4,
                    "y1": 1.0 / 4.0 * 0.2, "y2": 3.0 / 4.0 * 0.2}
    assert res.importance.to_dict() == pytest.approx(expected_imp, abs=1e-15)
    assert res.importance.to_dict() == pytest.approx({"x1": .2, "x2": .12, "x3": .08, "y1": .05, "y2": .15})
    # item means on 0–100: x1 mean 19/6, x2 3, x3 4, y1 2, y2 4
    expected_perf = {"x1": (19 / 6 - 1) / 4 * 100, "x2": 50.0, "x3": 75.0, "y1": 25.0, "y2": 75.0}
    assert res.performance_100.to_dict() == pytest.approx(expected_perf, abs=1e-12)
    assert res.construct == {"x1": "X", "x2": "X", "x3": "X", "y1": "Y", "y2": "Y"}
    # crosshairs: means of the five importances (0.12) and performances (mean of the 0–100 values)
    assert res.center[0] == pytest.approx(0.6 / 5, abs=1e-15)
    assert res.center_100[1] == pytest.approx(np.mean(list(expected_perf.values())), abs=1e-12)
    # x1: imp .2 ≥ .12, perf 54.17 < 56.83 → concentrate; x2: .12 on the crosshair, 50 → concentrate
    assert res.quadrant.to_dict() == {"x1": "concentrate", "x2": "concentrate", "x3": "overkill",
                                      "y1": "low_priority", "y2": "keep_up"}
    assert "construct" in res.table().columns
    _json(res)


def test_ipma_indicator_errors(ipma_data):
    items, scores = ipma_data
    with pytest.raises(DataError) as err:
        ipma({"X": 0.4}, scores, indicator_weights={"X": {"x1": 0.5, "x2": -0.1}}, item_scores=items)
    assert "x2" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        ipma({"X": 0.4}, scores, indicator_weights={"Z": {"x1": 1.0}}, item_scores=items)
    assert "Z" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        ipma({"X": 0.4}, scores, indicator_weights={"X": {"x1": 1.0}})
    assert "item_scores" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        ipma({"X": 0.4}, scores, indicator_weights={"X": {"x9": 1.0}}, item_scores=items)
    assert "x9" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        ipma({"X": 0.4, "Y": 0.2}, scores, indicator_weights={"X": {"x1": 1.0}, "Y": {"x1": 1.0}},
             item_scores=items)
    assert "x1" in err.value.message("en")
    with pytest.raises(OptionError):
        ipma({"X": 0.4}, scores, level="item")
    with pytest.raises(DataError):
        ipma({"X": 0.4}, scores, indicator_weights={"X": {"x1": 0.0}}, item_scores=items)
    # constructs without weights are left out, with a note
    part = ipma({"X": 0.4, "Y": 0.2}, scores, indicator_weights={"X": {"x1": 1.0, "x2": 1.0}}, item_scores=items)
    assert list(part.importance.index) == ["x1", "x2"] and any("Y" in n["en"] for n in part.notes)


# --------------------------------------------------------------------------
# figures
# --------------------------------------------------------------------------

def _png(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=60)
    return buf.getvalue()


def _texts(fig) -> dict:
    ax = fig.axes[0]
    return {t.get_text(): t for t in ax.texts}


@no_glyph_warnings
@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant", "en"])
def test_ipa_figure_renders_with_labels(lang):
    before = list(matplotlib.rcParams["font.sans-serif"])
    res = ipa({"REL": 0.30, "RES": 0.20, "ECO": 0.15, "FLE": 0.10}, {"REL": 3.1, "RES": 3.6, "ECO": 3.2, "FLE": 3.7},
              labels={"REL": "可靠性", "RES": "响应性", "ECO": "经济性", "FLE": "灵活性"}, importance_kind="lmg")
    fig = plot(res, lang=lang, title="IPA")
    assert isinstance(fig, Figure)
    png = _png(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 2000
    texts = _texts(fig)
    for code, names in QUADRANT_LABELS.items():
        assert names[lang] in texts
    for name in ("可靠性", "响应性", "经济性", "灵活性"):
        assert name in texts
    # Martilla & James layout: performance on x, importance on y → concentrate here top-left
    t = texts[QUADRANT_LABELS["concentrate"][lang]]
    assert t.get_position() == (0.02, 0.97)
    t = texts[QUADRANT_LABELS["overkill"][lang]]
    assert t.get_position() == (0.98, 0.03)
    ax = fig.axes[0]
    assert ("重要性" in ax.get_ylabel()) == (lang != "en")
    assert ("Importance" in ax.get_ylabel()) == (lang == "en")
    # dashed crosshairs at the centre
    dashed = [ln for ln in ax.lines if ln.get_linestyle() == "--"]
    assert len(dashed) == 2
    xs = {float(np.asarray(ln.get_xdata())[0]) for ln in dashed}
    assert res.center[1] in xs
    # per-text font list, rcParams untouched
    assert list(t.get_fontproperties().get_family()) == list(cjk_font_families())
    assert cjk_font_families()[-1] == "DejaVu Sans" and set(cjk_font_families()) <= set(CJK_FONTS)
    assert list(matplotlib.rcParams["font.sans-serif"]) == before


@no_glyph_warnings
def test_ipma_figure_importance_on_x_and_0_100(ipma_data):
    items, scores = ipma_data
    res = ipma({"X": 0.4, "Y": 0.2}, scores, indicator_weights={"X": {"x1": 1, "x2": 1, "x3": 1},
                                                                 "Y": {"y1": 1, "y2": 1}}, item_scores=items)
    fig = plot(res, lang="zh-Hans")
    assert _png(fig)[:4] == b"\x89PNG"
    ax = fig.axes[0]
    assert "0–100" in ax.get_ylabel() and "总效应" in ax.get_xlabel()
    texts = _texts(fig)
    # importance on x: concentrate here = high importance (right), low performance (bottom)
    assert texts["重点改进区"].get_position() == (0.98, 0.03)
    assert texts["过度供给区"].get_position() == (0.02, 0.97)
    # crosshair in the performance direction at the 0–100 centre
    ys = {float(np.asarray(ln.get_ydata())[0]) for ln in ax.lines if ln.get_linestyle() == "--"}
    assert any(abs(y - res.center_100[1]) < 1e-12 for y in ys)


# --------------------------------------------------------------------------
# sample data
# --------------------------------------------------------------------------

@no_glyph_warnings
def test_sample_data_run():
    df = pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv")
    df["REL4"] = 6 - df["REL4"]                       # reverse-keyed, not recoded in the file (README)
    dims = ["ECO", "RES", "FLE", "REL", "EMP"]
    scores = pd.DataFrame({d: df[[f"{d}{i}" for i in range(1, 5)]].mean(axis=1) for d in dims})
    # population standardised total effects on SAT (datasets/README.md)
    te = {"ECO": 0.15, "RES": 0.20, "FLE": 0.10, "REL": 0.30, "EMP": 0.15}
    res = ipa(te, scores, importance_kind="total_effect",
              labels={"ECO": "经济性", "RES": "响应性", "FLE": "灵活性", "REL": "可靠性", "EMP": "移情性"})
    item_means = {d: np.nanmean(df[[f"{d}{i}" for i in range(1, 5)]].to_numpy(float), axis=1).mean() for d in dims}
    assert res.performance.to_dict() == pytest.approx(item_means, abs=1e-12)
    assert all(1 <= v <= 5 for v in item_means.values())
    c_imp, c_perf = np.mean(list(te.values())), np.mean(list(item_means.values()))
    for d in dims:
        hi_i, hi_p = te[d] >= c_imp - 1e-12, item_means[d] >= c_perf - 1e-12
        expected = {(True, False): "concentrate", (True, True): "keep_up", (False, False): "low_priority",
                    (False, True): "overkill"}[(hi_i, hi_p)]
        assert res.quadrant[d] == expected
    t = res.table(lang="zh-Hans")
    assert list(t["优先序"]) == list(range(1, 6))
    assert _png(plot(res, lang="zh-Hans"))[:4] == b"\x89PNG"
    _json(res)
    assert isinstance(res, IPAResult)
