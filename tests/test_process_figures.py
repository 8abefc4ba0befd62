"""research.process.figures: simple slopes, Johnson–Neyman plot, conditional indirect effects and the
PROCESS model diagrams, read back from the figures' artists.

The plotted numbers are checked against the engine (``ProcessResult.predict``, ``jn``, ``indirect``),
and — independently of the plotting code — against the coefficients: a simple slope's slope equals the
conditional effect PROCESS prints (the ``direct`` table, or a₁ + a₃w from the coefficient table), the
J-N line between the engine's grid points equals b₁ + b₃w with the SE from the equation's covariance,
and the shares of the regions of significance equal the shares of the data.  The diagrams are checked
against :func:`research.process.template` (one arrow per path of the equations, one moderator arrow per
moderated path, Z's arrow at W's for a three-way interaction); every figure renders in the three
languages with the CJK font and no text outside the figure.
"""
from __future__ import annotations

import re
import warnings

import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import PolyCollection
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from research.process import design as dz
from conftest import ROOT, SHARED
from research import figures as rf
from research.errors import OptionError
from research.fonts import cjk_font_families
from research.process import figures as pf  # noqa: E402
from research.process import process, template

LANGS = ("en", "zh-Hans", "zh-Hant")
REF = SHARED / "reference" / "process"
LABELS = {"x": {"en": "Reliability", "zh-Hans": "可靠性", "zh-Hant": "可靠性"},
          "w": {"en": "Empathy", "zh-Hans": "移情性", "zh-Hant": "移情性"},
          "m": {"en": "Satisfaction", "zh-Hans": "顾客满意度", "zh-Hant": "顧客滿意度"},
          "y": {"en": "Loyalty", "zh-Hans": "忠诚度", "zh-Hant": "忠誠度"},
          "platform": {"en": "Platform", "zh-Hans": "网购平台", "zh-Hant": "網購平台"},
          "Taobao": {"en": "Taobao", "zh-Hans": "淘宝", "zh-Hant": "淘寶"},
          "JD": {"en": "JD", "zh-Hans": "京东", "zh-Hant": "京東"},
          "Pinduoduo": {"en": "Pinduoduo", "zh-Hans": "拼多多", "zh-Hant": "拼多多"}}


# --------------------------------------------------------------------------
# data and fits
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sim():
    return pd.read_csv(REF / "process_simulated.csv")


@pytest.fixture(scope="module")
def cat():
    return pd.read_csv(ROOT / "tests" / "reference" / "process_categorical.csv")


def pm_data(n):
    return pd.read_csv(REF / "pyprocessmacro_data" / f"Data_Model{n}.csv")


@pytest.fixture(scope="module")
def fits(sim, cat):
    d3, d6, d58 = pm_data(3), pm_data(6), pm_data(58)
    return {
        1: (process(sim, 1, x="x", y="y", w="w", boot=0), sim),
        3: (process(d3, 3, x="x", y="y", w="w", z="z", boot=0), d3),
        4: (process(sim, 4, x="x", m=["m"], y="y", boot=500, seed=4), sim),
        6: (process(d6, 6, x="x", m=["m1", "m2"], y="y", boot=500, seed=6), d6),
        7: (process(sim, 7, x="x", m=["m"], y="y", w="w", boot=1000, seed=7), sim),
        14: (process(sim, 14, x="x", m=["m"], y="y", w="w", boot=500, seed=14), sim),
        58: (process(d58, 58, x="x", m=["m1", "m2"], y="y", w="w", boot=500, seed=58), d58),
        "cat1": (process(cat, 1, x="x", y="y", w="platform", boot=0), cat),
        "cat7": (process(cat, 7, x="x", m=["m"], y="y", w="platform", boot=500, seed=3), cat),
    }


@pytest.fixture(scope="module")
def two_roots():
    """x's effect on y is 0.5·w with w uniform on [−3, 3]: significant for low and high w, not around 0."""
    rng = np.random.default_rng(11)
    n = 400
    w = rng.uniform(-3, 3, n)
    x = rng.normal(size=n)
    y = 0.5 * x * w + rng.normal(size=n)
    d = pd.DataFrame({"x": x, "w": w, "y": y})
    return process(d, 1, x="x", y="y", w="w", boot=0), d


def by_gid(fig, prefix: str) -> dict:
    out = {}
    for a in fig.findobj(lambda a: isinstance(a.get_gid(), str) and a.get_gid().startswith(prefix)):
        out[a.get_gid()[len(prefix):]] = a
    return out


def texts(fig) -> list[str]:
    fig.canvas.draw()
    return [t.get_text() for t in fig.findobj(Text) if t.get_text() and t.get_visible()]


def band_edges(coll: PolyCollection, xs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Lower and upper edge of a fill_between band at ``xs``, from the polygon's vertices."""
    v = coll.get_paths()[0].vertices
    lo, hi = [], []
    for x in xs:
        ys = v[np.isclose(v[:, 0], x, rtol=0, atol=1e-12), 1]
        lo.append(ys.min())
        hi.append(ys.max())
    return np.array(lo), np.array(hi)


def coef(result, equation, term) -> float:
    c = result.coefficients
    return float(c[(c.equation == equation) & (c.term == term)].coeff.iloc[0])


# --------------------------------------------------------------------------
# simple slopes
# --------------------------------------------------------------------------

def test_simple_slopes_model_1_lines_bands_and_slopes(fits):
    r, data = fits[1]
    fig = pf.simple_slopes(r, points=40)
    lines, bands = by_gid(fig, "slope:"), by_gid(fig, "band:")
    assert sorted(lines) == ["0:0", "0:1", "0:2"]
    direct = r.direct.set_index("w")
    for k, wv in enumerate(r.probes["w"]):
        xs, ys = (np.asarray(a, float) for a in lines[f"0:{k}"].get_data())
        assert xs[0] == pytest.approx(data.x.min()) and xs[-1] == pytest.approx(data.x.max()) and xs.size == 40
        pred = r.predict({"x": xs, "w": wv})
        np.testing.assert_allclose(ys, pred["fit"], rtol=0, atol=1e-12)
        lo, hi = band_edges(bands[f"0:{k}"], xs)
        np.testing.assert_allclose(lo, pred["ci.lower"], atol=1e-12)
        np.testing.assert_allclose(hi, pred["ci.upper"], atol=1e-12)
        # the line's slope is the conditional effect of x at this w, as PROCESS prints it
        assert (ys[-1] - ys[0]) / (xs[-1] - xs[0]) == pytest.approx(direct.loc[wv, "effect"], abs=1e-10)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    mean, sd = data.w.mean(), data.w.std(ddof=1)
    assert legend == [f"w = {mean - sd:.2f} (M − 1 SD)", f"w = {mean:.2f} (M)", f"w = {mean + sd:.2f} (M + 1 SD)"]


def test_simple_slopes_model_3_one_panel_per_z(fits):
    r, data = fits[3]
    fig = pf.simple_slopes(r, lang="zh-Hans")
    lines = by_gid(fig, "slope:")
    assert len(lines) == 9 and fig.process_figure["moderators"] == ["w", "z"]
    direct = r.direct
    for p, zv in enumerate(r.probes["z"]):
        for k, wv in enumerate(r.probes["w"]):
            xs, ys = (np.asarray(a, float) for a in lines[f"{p}:{k}"].get_data())
            np.testing.assert_allclose(ys, r.predict({"x": xs, "w": wv, "z": zv})["fit"], atol=1e-12)
            row = direct[np.isclose(direct.w, wv) & np.isclose(direct.z, zv)]
            assert (ys[-1] - ys[0]) / (xs[-1] - xs[0]) == pytest.approx(float(row.effect.iloc[0]), abs=1e-10)
    titles = [ax.get_title() for ax in fig.axes]
    assert titles == [f"z：{lvl}（{tag}）= {v:.2f}".replace("-", "−")
                      for lvl, tag, v in zip("低中高", ("M − 1SD", "M", "M + 1SD"), r.probes["z"])]
    legend = fig.legends[0]
    assert legend.get_title().get_text() == "w"
    assert [t.get_text() for t in legend.get_texts()][1] == f"中（M）= {data.w.mean():.2f}"


def test_simple_slopes_default_paths_and_choices(fits):
    r7, d = fits[7]
    fig = pf.simple_slopes(r7, labels=LABELS)
    assert fig.process_figure["outcome"] == "m" and fig.process_figure["focal"] == "x"   # model 7: the a path
    xs, ys = (np.asarray(a, float) for a in by_gid(fig, "slope:")["0:2"].get_data())
    w_hi = r7.probes["w"][2]
    a1, a3 = coef(r7, "m", "x"), coef(r7, "m", "x×w")
    assert (ys[-1] - ys[0]) / (xs[-1] - xs[0]) == pytest.approx(a1 + a3 * w_hi, abs=1e-10)
    assert fig.axes[0].get_ylabel() == "Predicted Satisfaction" and fig.axes[0].get_xlabel() == "Reliability"

    r14, d = fits[14]
    fig = pf.simple_slopes(r14)
    assert (fig.process_figure["outcome"], fig.process_figure["focal"]) == ("y", "m")   # model 14: the b path
    xs, ys = (np.asarray(a, float) for a in by_gid(fig, "slope:")["0:0"].get_data())
    b1, b3 = coef(r14, "y", "m"), coef(r14, "y", "m×w")
    assert (ys[-1] - ys[0]) / (xs[-1] - xs[0]) == pytest.approx(b1 + b3 * r14.probes["w"][0], abs=1e-10)
    assert xs[0] == pytest.approx(d.m.min()) and xs[-1] == pytest.approx(d.m.max())

    r58, d = fits[58]
    assert pf.simple_slopes(r58).process_figure["outcome"] == "m1"
    fig = pf.simple_slopes(r58, outcome="y")
    assert fig.process_figure["focal"] == "m1"
    assert pf.simple_slopes(r58, outcome="y", focal="m2").process_figure["focal"] == "m2"
    with pytest.raises(OptionError) as err:
        pf.simple_slopes(r58, outcome="x")
    assert "m1" in str(err.value) and "m2" in str(err.value)
    r7_, d7_ = fits[7]
    xs, _ = (np.asarray(a, float) for a in by_gid(pf.simple_slopes(r7_), "slope:")["0:0"].get_data())
    assert (xs[0], xs[-1]) == (pytest.approx(d7_.x.min()), pytest.approx(d7_.x.max()))   # range from the result
    r1, _ = fits[1]
    with pytest.raises(OptionError):
        pf.simple_slopes(r1, points=1)


def test_simple_slopes_categorical_moderator(fits):
    r, data = fits["cat1"]
    fig = pf.simple_slopes(r, lang="zh-Hant", labels=LABELS)
    lines = by_gid(fig, "slope:")
    direct = r.direct.set_index("platform")
    for k, level in enumerate(("JD", "Pinduoduo", "Taobao")):
        xs, ys = (np.asarray(a, float) for a in lines[f"0:{k}"].get_data())
        np.testing.assert_allclose(ys, r.predict({"x": xs, "platform": level})["fit"], atol=1e-12)
        assert (ys[-1] - ys[0]) / (xs[-1] - xs[0]) == pytest.approx(direct.loc[level, "effect"], abs=1e-10)
    legend = fig.legends[0]
    assert [t.get_text() for t in legend.get_texts()] == ["京東", "拼多多", "淘寶"]
    assert legend.get_title().get_text() == "網購平台"
    assert by_gid(fig, "title")[""].get_text() == "簡單斜率：不同網購平台下可靠性對忠誠度的影響"


MESSAGES = {
    "en": ("Model 4 has no moderated path", "the effect of x on y is not moderated",
           "In model 4 the indirect effects do not depend on a moderator", "Model 1 has no mediator"),
    "zh-Hans": ("模型 4 没有被调节的路径", "x对y的效应不受调节", "模型 4 的间接效应不随调节变量变化", "模型 1 没有中介变量"),
    "zh-Hant": ("模型 4 沒有被調節的路徑", "x對y的效果不受調節", "模型 4 的間接效果不隨調節變項變化", "模型 1 沒有中介變項"),
}


@pytest.mark.parametrize("lang", LANGS)
def test_models_without_moderation_give_a_message(fits, lang):
    r4, _ = fits[4]
    r1, _ = fits[1]
    figs = (pf.simple_slopes(r4, lang=lang), pf.johnson_neyman(r4, lang=lang), pf.conditional_indirect(r4, lang=lang),
            pf.conditional_indirect(r1, lang=lang))
    for fig, expected in zip(figs, MESSAGES[lang]):
        msg = by_gid(fig, "message")[""].get_text()
        assert expected in msg.replace("\n", " " if lang == "en" else ""), msg
        assert len(fig.axes) == 0


# --------------------------------------------------------------------------
# Johnson–Neyman
# --------------------------------------------------------------------------

def test_johnson_neyman_lines_against_the_engine_and_the_coefficients(fits):
    r, data = fits[1]
    jn = r.jn[0]
    fig = pf.johnson_neyman(r, labels=LABELS)
    effect, lower, upper = (by_gid(fig, "jn:")[k] for k in ("effect", "ci.lower", "ci.upper"))
    w, eff = (np.asarray(a, float) for a in effect.get_data())
    lo, hi = np.asarray(lower.get_ydata(), float), np.asarray(upper.get_ydata(), float)
    assert w[0] == pytest.approx(data.w.min()) and w[-1] == pytest.approx(data.w.max()) and w.size > 400
    # at the engine's grid points: its effect and CI
    grid = jn["grid"]
    at = [int(np.argmin(np.abs(w - g))) for g in grid["w"]]
    np.testing.assert_allclose(eff[at], grid["effect"], atol=1e-10)
    np.testing.assert_allclose(lo[at], grid["ci.lower"], atol=1e-10)
    np.testing.assert_allclose(hi[at], grid["ci.upper"], atol=1e-10)
    # everywhere: b1 + b3·w with the SE from the equation's (HC3) covariance
    fit_y = r._model["fits"][-1]
    b1, b3 = coef(r, "y", "x"), coef(r, "y", "x×w")
    names = list(r.coefficients[r.coefficients.equation == "y"].term)
    g = np.zeros((w.size, len(names)))
    g[:, names.index("x")] = 1.0
    g[:, names.index("x×w")] = w
    se = np.sqrt(np.einsum("ij,jk,ik->i", g, fit_y.cov, g))
    np.testing.assert_allclose(eff, b1 + b3 * w, atol=1e-10)
    np.testing.assert_allclose(hi - eff, jn["t.crit"] * se, atol=1e-10)
    # the J-N point: a vertical line at the engine's root, labelled with its value
    points = by_gid(fig, "jn:point:")
    assert len(points) == len(jn["inside"]) == 1
    assert points["0"].get_xdata()[0] == jn["inside"][0]
    assert by_gid(fig, "jn:label:")["0"].get_text() == f"Empathy = {jn['inside'][0]:.2f}".replace("-", "−")
    # the share of the sample in each region
    below = float(np.mean(data.w < jn["inside"][0]))
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert f"Significant (p < .05): {100 * (1 - below):.1f}% of the sample" in legend
    assert f"Not significant: {100 * below:.1f}% of the sample" in legend
    region = by_gid(fig, "jn:region:")
    assert list(region) == ["1"]                                     # significant above the J-N point only
    span = region["1"]
    assert span.get_x() == pytest.approx(jn["inside"][0])
    assert span.get_x() + span.get_width() == pytest.approx(data.w.max())


def test_johnson_neyman_two_points_and_middle_share(two_roots):
    r, d = two_roots
    jn = r.jn[0]
    assert len(jn["inside"]) == 2
    fig = pf.johnson_neyman(r, lang="zh-Hans")
    xs = sorted(float(a.get_xdata()[0]) for a in by_gid(fig, "jn:point:").values())
    assert xs == pytest.approx(jn["inside"], abs=0)
    r1, r2 = jn["inside"]
    middle = float(np.mean((d.w > r1) & (d.w < r2)))
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert f"不显著区域：占样本 {100 * middle:.1f}%" in legend
    assert f"显著区域（p < .05）：占样本 {100 * (1 - middle):.1f}%" in legend
    assert fig.process_figure["significant"] == [True, False, True]
    assert sorted(by_gid(fig, "jn:region:")) == ["0", "2"]


def test_johnson_neyman_message_when_there_is_none(fits):
    r7, _ = fits[7]
    r3, _ = fits[3]
    rc, _ = fits["cat1"]
    msg = by_gid(pf.johnson_neyman(r7, labels=LABELS), "message")[""].get_text()
    assert "Reliability" in msg and "Loyalty" in msg and "not moderated" in msg.replace("\n", " ")
    msg = by_gid(pf.johnson_neyman(rc, lang="zh-Hans", labels=LABELS), "message")[""].get_text()
    assert "网购平台" in msg and "分类" in msg
    msg = by_gid(pf.johnson_neyman(r3, lang="zh-Hant"), "message")[""].get_text()
    assert "兩個調節變項" in msg


# --------------------------------------------------------------------------
# conditional indirect effects
# --------------------------------------------------------------------------

def test_conditional_indirect_points_and_bootstrap_cis(fits):
    r, _ = fits[7]
    fig = pf.conditional_indirect(r, labels=LABELS)
    ind = r.indirect
    pts = by_gid(fig, "ind:points:")["0:0"]
    np.testing.assert_allclose(pts.get_xdata(), r.probes["w"], atol=0)
    np.testing.assert_allclose(pts.get_ydata(), ind.effect, atol=0)
    segs = by_gid(fig, "ind:ci:")["0:0"].get_segments()
    np.testing.assert_allclose([s[0][1] for s in segs], ind["boot.ci.lower"], atol=1e-12)
    np.testing.assert_allclose([s[1][1] for s in segs], ind["boot.ci.upper"], atol=1e-12)
    notes = " ".join(t.get_text() for t in fig.findobj(Text) if t.get_gid() == "note")
    i = r.indices.iloc[0]
    assert (f"Index of moderated mediation: {i.effect:.3f}, 95% CI [{i['boot.ci.lower']:.3f}, "
            f"{i['boot.ci.upper']:.3f}].") in notes
    assert "error bars: 95% bootstrap percentile CIs (1000 resamples)." in notes
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    assert ticks[1] == f"{r.probes['w'][1]:.2f}\nM"
    assert fig.process_figure["band"] is True          # the result carries its coefficient draws
    r0 = process(fits[7][1], 7, x="x", m=["m"], y="y", w="w", boot=0)
    assert pf.conditional_indirect(r0, labels=LABELS).process_figure["band"] is False   # no bootstrap, no band


def test_conditional_indirect_categorical_and_two_paths(fits):
    r, _ = fits["cat7"]
    fig = pf.conditional_indirect(r, lang="zh-Hans", labels=LABELS)
    pts = by_gid(fig, "ind:points:")["0:0"]
    np.testing.assert_allclose(pts.get_ydata(), r.indirect.effect, atol=0)
    assert [t.get_text() for t in fig.axes[0].get_xticklabels()] == ["京东", "拼多多", "淘宝"]
    notes = "".join(t.get_text() for t in fig.findobj(Text) if t.get_gid() == "note")
    row = r.indices[r.indices.moderator == "platform[Taobao]"].iloc[0]
    assert (f"有调节的中介指数（淘宝相对于京东）：{row.effect:.3f}，95% 置信区间 [{row['boot.ci.lower']:.3f}, "
            f"{row['boot.ci.upper']:.3f}]。") in notes

    r58, _ = fits[58]
    fig = pf.conditional_indirect(r58)
    assert sorted(by_gid(fig, "ind:points:")) == ["0:0", "1:0"]
    for p, path in enumerate(("x → m1 → y", "x → m2 → y")):
        np.testing.assert_allclose(by_gid(fig, "ind:points:")[f"{p}:0"].get_ydata(),
                                   r58.indirect[r58.indirect.path == path].effect, atol=0)
    assert [ax.get_title() for ax in fig.axes] == ["x → m1 → y", "x → m2 → y"]


def test_conditional_indirect_band_from_coefficient_draws(sim):
    r = process(sim, 7, x="x", m=["m"], y="y", w="w", boot=600, seed=5)
    assert r._model["boot_coefficients"][0].shape == (600, 4)
    # at the probe values the band is the table's bootstrap CI, exactly
    band = pf.indirect_band(r, "x → m → y", {}, "W", np.array(r.probes["w"]))
    np.testing.assert_allclose(band["effect"], r.indirect.effect, atol=1e-12)
    np.testing.assert_allclose(band["ci.lower"], r.indirect["boot.ci.lower"], atol=1e-12)
    np.testing.assert_allclose(band["ci.upper"], r.indirect["boot.ci.upper"], atol=1e-12)
    fig = pf.conditional_indirect(r, lang="zh-Hant")
    assert fig.process_figure["band"] is True
    xs, ys = (np.asarray(a, float) for a in by_gid(fig, "ind:line:")["0:0"].get_data())
    a1, a3, b = coef(r, "m", "x"), coef(r, "m", "x×w"), coef(r, "y", "m")
    np.testing.assert_allclose(ys, (a1 + a3 * xs) * b, atol=1e-10)        # (a₁ + a₃w)·b
    assert xs[0] == pytest.approx(sim.w.min()) and xs[-1] == pytest.approx(sim.w.max())
    lo, hi = band_edges(by_gid(fig, "ind:band:")["0:0"], xs[[0, 50, -1]])
    assert np.all(lo < ys[[0, 50, -1]]) and np.all(hi > ys[[0, 50, -1]])


# --------------------------------------------------------------------------
# model diagrams
# --------------------------------------------------------------------------

def expected_diagram(n: int) -> tuple[set, set]:
    """Paths and moderator arrows of model n's conceptual diagram, from the template (1 mediator; 2 serial)."""
    tpl = template(n)
    k = 0 if tpl.mediators == "none" else 2 if tpl.mediators == "serial" else 1
    meds = [f"M{i + 1}" for i in range(k)]
    paths = {("X", "Y")} | {("X", m) for m in meds} | {(m, "Y") for m in meds}
    if tpl.mediators == "serial":
        paths |= {(a, b) for i, a in enumerate(meds) for b in meds[i + 1:]}
    where = {"a": [("X", m) for m in meds], "b": [(m, "Y") for m in meds], "c": [("X", "Y")]}
    mods = set()
    for letter, sets in tpl.paths.items():
        pairs = [s for s in sets if len(s) == 2]
        for s, d in where[letter]:
            for ms in sets:
                if len(ms) == 1 and not any(ms[0] == p[1] for p in pairs):
                    mods.add(f"{ms[0]}:{s}:{d}")
            for a, b in pairs:
                mods.add(f"{b}:{a}:{s}:{d}")
    return {f"{s}:{d}" for s, d in paths}, mods


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 21, 58, 59])
def test_model_diagram_draws_every_path_and_moderation(n):
    paths, mods = expected_diagram(n)
    for lang in LANGS:
        fig = pf.model_diagram(n, lang=lang)
        drawn = by_gid(fig, "path:")
        assert set(drawn) == paths
        arrows = by_gid(fig, "mod:")
        assert set(arrows) == mods
        assert set(fig.process_figure["moderations"]) == mods
        # each moderator arrow ends on the curve of the path it moderates (or on W's arrow)
        for key, arrow in arrows.items():
            end = np.asarray(arrow._posA_posB[1])
            target = key.split(":")[-2:]
            on = drawn[":".join(target)] if key.count(":") == 2 else arrows[":".join(key.split(":")[1:])]
            if key.count(":") == 2:
                q = on.get_path().vertices
                t = np.linspace(0, 1, 2001)[:, None]
                curve = (1 - t) ** 2 * q[0] + 2 * (1 - t) * t * q[1] + t * t * q[2]
            else:
                a, b = (np.asarray(p) for p in on._posA_posB)
                curve = a + np.linspace(0, 1, 2001)[:, None] * (b - a)
            assert np.min(np.hypot(*(curve - end).T)) < 2e-3, (n, key)
        # boxes never overlap, and the figure is small enough for a gallery card
        boxes = [p for p in by_gid(fig, "node:").values() if isinstance(p, Rectangle)]
        for i, a in enumerate(boxes):
            for b in boxes[i + 1:]:
                ax0, ay0, ax1, ay1 = a.get_x(), a.get_y(), a.get_x() + a.get_width(), a.get_y() + a.get_height()
                bx0, by0, bx1, by1 = b.get_x(), b.get_y(), b.get_x() + b.get_width(), b.get_y() + b.get_height()
                assert ax1 <= bx0 or bx1 <= ax0 or ay1 <= by0 or by1 <= ay0, (n, a.get_gid(), b.get_gid())
        w, h = fig.get_size_inches()
        assert w <= 5.0 and h <= 4.2, (n, w, h)


def test_model_diagram_names():
    fig = pf.model_diagram(7, lang="zh-Hans")
    names = {k: t.get_text() for k, t in by_gid(fig, "name:").items()}
    assert names == {"X": "自变量", "M1": "中介变量", "Y": "因变量", "W": "调节变量"}
    assert by_gid(fig, "title")[""].get_text() == "模型 7：有调节的中介（前半段）"
    fig = pf.model_diagram(21, lang="zh-Hant")
    names = {k: t.get_text() for k, t in by_gid(fig, "name:").items()}
    assert names["W"] == "調節變項 W" and names["Z"] == "調節變項 Z" and names["Y"] == "依變項"
    fig = pf.model_diagram(6, lang="en")
    assert {k: t.get_text() for k, t in by_gid(fig, "name:").items()} == {"X": "X", "M1": "M1", "M2": "M2",
                                                                            "Y": "Y"}
    fig = pf.model_diagram(4, lang="en", names={"X": "Reliability", "M": {"en": "Satisfaction"}, "Y": "Loyalty"},
                           mediators=1)
    assert {t.get_text() for t in by_gid(fig, "name:").values()} == {"Reliability", "Satisfaction", "Loyalty"}
    assert len(by_gid(pf.model_diagram(4, mediators=3), "path:")) == 7
    with pytest.raises(OptionError):
        pf.model_diagram(4, mediators=0)
    with pytest.raises(OptionError):
        pf.model_diagram(77)


def test_model_diagram_of_a_result_uses_its_variables(fits):
    r, _ = fits[58]
    fig = pf.model_diagram(r, names={"x": "可靠性"}, lang="zh-Hans")
    names = {k: t.get_text() for k, t in by_gid(fig, "name:").items()}
    assert names == {"X": "可靠性", "M1": "m1", "M2": "m2", "Y": "y", "W": "w"}
    assert len(by_gid(fig, "mod:")) == 4                                   # W on both a and both b paths


# --------------------------------------------------------------------------
# every figure: CJK font, no missing glyph, nothing outside the figure
# --------------------------------------------------------------------------

def _every_figure(fits, two_roots, lang):
    r1, d1 = fits[1]
    yield pf.simple_slopes(r1, lang=lang, labels=LABELS)
    r3, d3 = fits[3]
    yield pf.simple_slopes(r3, lang=lang, labels=LABELS)
    r7, d7 = fits[7]
    yield pf.simple_slopes(r7, lang=lang, labels=LABELS)
    rc, dc = fits["cat1"]
    yield pf.simple_slopes(rc, lang=lang, labels=LABELS)
    yield pf.johnson_neyman(r1, lang=lang, labels=LABELS)
    yield pf.johnson_neyman(two_roots[0], lang=lang, labels=LABELS)
    yield pf.johnson_neyman(r7, lang=lang, labels=LABELS)
    yield pf.conditional_indirect(r7, lang=lang, labels=LABELS)
    yield pf.conditional_indirect(fits["cat7"][0], lang=lang, labels=LABELS)
    yield pf.conditional_indirect(fits[58][0], lang=lang, labels=LABELS)
    yield pf.conditional_indirect(fits[6][0], lang=lang, labels=LABELS)
    for n in (1, 3, 4, 6, 7, 14, 58):
        yield pf.model_diagram(n, lang=lang)


def _drawn_texts(fig) -> list:
    """Every text the figure draws: tick labels only at ticks inside the axis limits."""
    hidden = set()
    for ax in fig.axes:
        for axis, lim in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
            lo, hi = min(lim), max(lim)
            for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                if not lo - 1e-9 <= tick.get_loc() <= hi + 1e-9:
                    hidden |= {id(tick.label1), id(tick.label2)}
    return [t for t in fig.findobj(Text) if t.get_text().strip() and t.get_visible() and id(t) not in hidden]


@pytest.mark.parametrize("lang", LANGS)
def test_every_figure_renders_in_the_cjk_font_inside_the_figure(fits, two_roots, lang):
    family = cjk_font_families()[0]
    assert family != "DejaVu Sans", "no CJK font installed (scripts/test.sh installs fonts-noto-cjk)"
    for fig in _every_figure(fits, two_roots, lang):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            png = rf.to_bytes(fig, "png", dpi=50)
        glyph = [str(w.message) for w in caught if re.search(r"Glyph|missing from font", str(w.message))]
        assert not glyph, glyph[:3]
        assert png.startswith(b"\x89PNG")
        fig.canvas.draw()                       # lay out again at the figure's own dpi
        renderer = fig.canvas.get_renderer()
        W, H = fig.bbox.width, fig.bbox.height
        shown = _drawn_texts(fig)
        chinese = [t for t in shown if re.search(r"[\u4e00-\u9fff]", t.get_text())]
        assert bool(chinese) == (lang != "en"), [t.get_text() for t in shown][:5]
        for t in shown:
            assert t.get_fontproperties().get_family()[0] == family, t.get_text()
            bb = t.get_window_extent(renderer)
            assert bb.x0 >= -1 and bb.y0 >= -1 and bb.x1 <= W + 1 and bb.y1 <= H + 1, (t.get_text(), bb, W, H)
        # no two texts overlap (tick labels of different axes included)
        boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in shown]
        for i, (ta, a) in enumerate(boxes):
            for tb, b in boxes[i + 1:]:
                inter = min(a.x1, b.x1) - max(a.x0, b.x0), min(a.y1, b.y1) - max(a.y0, b.y0)
                assert inter[0] <= 1 or inter[1] <= 1, (ta, tb)
