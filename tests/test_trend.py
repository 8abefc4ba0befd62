"""Waves and trend (issue 18 point 4): per-wave index, dimensions and driver importance; the change between two
waves (Welch, Hedges' g, Holm) after measurement invariance; the trend chart; a real SQLite store end to end.

The waves are cut from ``datasets/lsq5_sample.csv`` (500 LSQ-5 answers, September 2026) by submission date or
by rows; a shifted wave adds 1 to every REL item of half its respondents (capped at 5); an intercept-shifted
wave moves one item only, which breaks scalar invariance.
"""
from __future__ import annotations

import io
import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import research
from conftest import ROOT
from research.errors import ResearchError
from research.marketing.importance import drivers
from research.marketing.index import satisfaction_index
from research.marketing.trend import plot, wave_change, wave_trend, waves_from_store
from research.measurement import Structure, mean_scores
from research.sem.multigroup import invariance
from research.sem.syntax import parse_model

SAMPLE = ROOT / "datasets" / "lsq5_sample.csv"
DRIVERS = ["ECO", "RES", "FLE", "REL", "EMP"]
CONSTRUCTS = [*DRIVERS, "SAT", "LOY"]
REL = ["REL1", "REL2", "REL3", "REL4"]


@pytest.fixture(scope="module")
def q():
    return research.load_questionnaire("lsq5")


@pytest.fixture(scope="module")
def responses(q):
    return research.load_responses(SAMPLE, q)


@pytest.fixture(scope="module")
def structure(q):
    return Structure.from_model(parse_model(q.lavaan()))


@pytest.fixture(scope="module")
def by_date(responses):
    """Three waves by submission date: 1–10, 11–20 and 21–30 September, as loaded responses."""
    day = responses.meta["submitted"].dt.day
    return {"1–10 Sep": responses.subset(np.flatnonzero(day <= 10)),
            "11–20 Sep": responses.subset(np.flatnonzero((day > 10) & (day <= 20))),
            "21–30 Sep": responses.subset(np.flatnonzero(day > 20))}


@pytest.fixture(scope="module")
def halves(responses):
    """Two waves by rows (items as analysed), the second with +1 on every REL item for its first half, capped at 5."""
    items = responses.items
    a = items.iloc[:250].reset_index(drop=True)
    b = items.iloc[250:].reset_index(drop=True)
    shifted = b.copy()
    half = np.arange(len(b)) < len(b) // 2
    shifted.loc[half, REL] = np.minimum(shifted.loc[half, REL] + 1, 5)
    return a, b, shifted


def _welch_by_hand(x, y, level=0.95):
    """y − x: difference, SE, Welch–Satterthwaite df, t, p and CI."""
    x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    vx, vy = x.var(ddof=1) / len(x), y.var(ddof=1) / len(y)
    se = math.sqrt(vx + vy)
    df = (vx + vy) ** 2 / (vx ** 2 / (len(x) - 1) + vy ** 2 / (len(y) - 1))
    diff = y.mean() - x.mean()
    t = diff / se
    half = stats.t.ppf(1 - (1 - level) / 2, df) * se
    return diff, se, df, t, 2 * stats.t.sf(abs(t), df), diff - half, diff + half


def _hedges_by_hand(x, y):
    x, y = x[~np.isnan(x)], y[~np.isnan(y)]
    nx, ny = len(x), len(y)
    sp = math.sqrt(((nx - 1) * x.var(ddof=1) + (ny - 1) * y.var(ddof=1)) / (nx + ny - 2))
    return (1 - 3 / (4 * (nx + ny) - 9)) * (y.mean() - x.mean()) / sp


def _holm_by_hand(p):
    p = np.asarray(p, dtype=float)
    m = len(p)
    order = np.argsort(p)
    adj = np.empty(m)
    running = 0.0
    for rank, i in enumerate(order):
        running = max(running, min(1.0, (m - rank) * p[i]))
        adj[i] = running
    return adj


# --------------------------------------------------------------------------
# per wave
# --------------------------------------------------------------------------

def test_each_wave_equals_its_own_index_dimensions_and_importance(by_date, structure):
    frames = {w: r.items for w, r in by_date.items()}
    trend = wave_trend(frames, "lsq5", boot=200, seed=7)
    assert trend.waves == tuple(frames)
    assert trend.index_dimensions == tuple(DRIVERS) and trend.target == "SAT"
    table = trend.table()
    for w, items in frames.items():
        scores = mean_scores(items, structure)
        alone = satisfaction_index(scores[DRIVERS], scale=(1, 5))
        got = trend.index[w].overall
        for k in ("n", "mean", "sd", "se", "ci_low", "ci_high", "grade", "counts"):
            assert got[k] == pytest.approx(alone.overall[k], rel=1e-12), k
        row = table[(table["wave"] == w) & (table["kind"] == "index")].iloc[0]
        assert row["estimate"] == pytest.approx(alone.overall["mean"])
        assert row["ci_lower"] == pytest.approx(alone.overall["ci_low"])
        assert row["grade"] == alone.grades[alone.overall["grade"]].name("en")
        for c in CONSTRUCTS:                    # mean, t CI, and the same on 0–100
            x = scores[c].dropna().to_numpy()
            half = stats.t.ppf(0.975, len(x) - 1) * x.std(ddof=1) / math.sqrt(len(x))
            d = trend.dimensions[(trend.dimensions["wave"] == w) & (trend.dimensions["dimension"] == c)].iloc[0]
            assert d["n"] == len(x)
            assert d["mean"] == pytest.approx(x.mean(), rel=1e-12)
            assert (d["ci_lower"], d["ci_upper"]) == pytest.approx((x.mean() - half, x.mean() + half), rel=1e-12)
            assert d["mean_100"] == pytest.approx((x.mean() - 1) / 4 * 100, rel=1e-12)
            assert d["ci_upper_100"] == pytest.approx((x.mean() + half - 1) / 4 * 100, rel=1e-12)
        own = drivers(scores, "SAT", DRIVERS, bootstrap=200, seed=7)
        pd.testing.assert_frame_equal(trend.importance[w].estimates, own.estimates)
        imp = table[(table["wave"] == w) & (table["kind"] == "importance")].set_index("variable")
        assert list(imp.index) == DRIVERS
        np.testing.assert_allclose(imp["estimate"], own.estimates["lmg_share"])
        np.testing.assert_allclose(imp["ci_lower"], own.estimates["lmg_share_ci_lower"])
        assert imp["estimate"].sum() == pytest.approx(1.0)


def test_loaded_waves_are_screened_as_the_analysis_screens_them(by_date):
    trend = wave_trend(by_date, importance=False)
    kept = {w: research.screen(r).kept.items for w, r in by_date.items()}
    again = wave_trend(kept, "lsq5", importance=False)
    for w in by_date:
        assert trend.screening[w]["n"] == len(by_date[w])
        assert trend.screening[w]["n_kept"] == trend.n[w] == len(kept[w])
        assert trend.index[w].overall["mean"] == again.index[w].overall["mean"]
    assert again.screening == {w: None for w in by_date}
    assert trend.seed is None and trend.importance == {w: None for w in by_date}


def test_weights_are_the_same_in_every_wave(by_date, structure):
    frames = {w: r.items for w, r in by_date.items()}
    weights = {"REL": 3, "RES": 2, "ECO": 1}
    trend = wave_trend(frames, "lsq5", weights=weights, importance=False)
    assert trend.index_dimensions == ("REL", "RES", "ECO")
    assert trend.weights == pytest.approx({"REL": .5, "RES": 1 / 3, "ECO": 1 / 6})
    for w, items in frames.items():
        alone = satisfaction_index(mean_scores(items, structure)[["REL", "RES", "ECO"]], weights)
        assert trend.index[w].overall["mean"] == pytest.approx(alone.overall["mean"], rel=1e-12)
    with pytest.raises(ResearchError) as err:
        wave_trend(frames, "lsq5", weights={"QUALITY": 1})
    assert all(err.value.message(lang) for lang in ("en", "zh-Hans", "zh-Hant"))


def test_trend_json_is_strict_and_the_table_is_long(by_date):
    trend = wave_trend(by_date, boot=50, seed=3)
    d = json.loads(json.dumps(trend.to_dict(), allow_nan=False))
    assert d["analysis"] == "wave_trend" and d["wave_labels"] == list(by_date)
    assert [w["n"] for w in d["waves"]] == [trend.n[w] for w in by_date]
    assert d["names"]["REL"] == {"zh-Hans": "可靠性", "zh-Hant": "可靠性", "en": "Reliability"}
    assert d["waves"][0]["importance"]["n_boot"] == 50 and d["seed"] == 3
    t = trend.table("zh-Hans")
    assert list(t.columns) == ["wave", "kind", "variable", "name", "statistic", "n", "estimate", "sd", "se",
                               "ci_lower", "ci_upper", "grade"]
    # per wave: 1 index row, 7 constructs × (mean, mean_100), 5 drivers
    assert len(t) == 3 * (1 + 2 * 7 + 5)
    assert set(t.loc[t["kind"] == "index", "grade"]) <= {"优", "良", "中", "低", "差"}
    assert "满意度指数" in set(t["name"])


def test_small_waves_get_no_importance_and_say_so(responses):
    frames = {"pilot": responses.items.iloc[:20], "main": responses.items.iloc[20:]}
    trend = wave_trend(frames, "lsq5", boot=20, seed=1)
    assert trend.importance["pilot"] is None and trend.importance["main"] is not None
    note = next(n for n in trend.notes if n["code"] == "importance_small_wave")
    assert "pilot" in note["en"] and "pilot" in note["zh-Hant"]


def test_bad_waves_are_refused_in_three_languages(responses):
    items = responses.items
    cases = [lambda: wave_trend({}, "lsq5"),
             lambda: wave_trend({"a": items}),                                  # no questionnaire
             lambda: wave_trend({"a": items.drop(columns="REL1")}, "lsq5"),
             lambda: wave_trend({"a": "file.csv"}, "lsq5"),
             lambda: wave_change(items, items, "lsq5", labels=("same", "same")),
             lambda: wave_trend({"a": items}, "lsq5", boot=-1)]
    for make in cases:
        with pytest.raises(ResearchError) as err:
            make()
        assert all(err.value.message(lang) for lang in ("en", "zh-Hans", "zh-Hant"))


# --------------------------------------------------------------------------
# change between two waves
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def shifted_change(halves):
    a, _, shifted = halves
    return wave_change(a, shifted, "lsq5", labels=("before", "after"))


def test_welch_difference_ci_and_hedges_g_by_hand_and_by_scipy(halves, shifted_change, structure):
    a, _, shifted = halves
    sa, sb = mean_scores(a, structure), mean_scores(shifted, structure)
    ea = satisfaction_index(sa[DRIVERS]).scores.to_numpy()
    eb = satisfaction_index(sb[DRIVERS]).scores.to_numpy()
    rows = shifted_change.comparisons.set_index("variable")
    for var, x, y, k in [("index", ea, eb, 1.0)] + [(c, sa[c].to_numpy(), sb[c].to_numpy(), 25.0)
                                                     for c in CONSTRUCTS]:
        r = rows.loc[var]
        diff, se, df, t, p, lo, hi = _welch_by_hand(x, y)
        sp = stats.ttest_ind(y[~np.isnan(y)], x[~np.isnan(x)], equal_var=False)
        ci = sp.confidence_interval(0.95)
        assert r["t"] == pytest.approx(sp.statistic, rel=1e-9) == pytest.approx(t, rel=1e-9)
        assert r["p"] == pytest.approx(sp.pvalue, rel=1e-7) == pytest.approx(p, rel=1e-7)
        assert r["df"] == pytest.approx(sp.df, rel=1e-9) == pytest.approx(df, rel=1e-9)
        assert r["diff"] == pytest.approx(diff, rel=1e-12) and r["se"] == pytest.approx(se, rel=1e-12)
        assert (r["ci_lower"], r["ci_upper"]) == pytest.approx((ci.low, ci.high), rel=1e-9)
        assert (r["ci_lower"], r["ci_upper"]) == pytest.approx((lo, hi), rel=1e-9)
        assert (r["ci_lower_100"], r["ci_upper_100"]) == pytest.approx((lo * k, hi * k), rel=1e-9)
        assert r["g"] == pytest.approx(_hedges_by_hand(x, y), rel=1e-9)
        assert r["g_ci_lower"] < r["g"] < r["g_ci_upper"]
        assert r["mean_b"] - r["mean_a"] == pytest.approx(r["diff"])
    # the REL shift is found, the other drivers barely move
    assert rows.loc["REL", "diff"] > 0.3 and rows.loc["REL", "p_holm"] < .001
    assert rows.loc["index", "diff"] > 0 and math.isnan(rows.loc["index", "p_holm"])


def test_holm_over_the_constructs_by_hand(shifted_change):
    dims = shifted_change.comparisons.iloc[1:]
    assert list(dims["variable"]) == CONSTRUCTS
    np.testing.assert_allclose(dims["p_holm"], _holm_by_hand(dims["p"]), rtol=1e-12)


def test_invariance_step_is_the_invariance_function_on_the_same_two_groups(halves, shifted_change, q):
    a, _, shifted = halves
    items = list(q.item_ids)
    data = pd.concat([a[items].assign(wave="before"), shifted[items].assign(wave="after")], ignore_index=True)
    ref = invariance(parse_model(q.lavaan()).measurement_only(), data, "wave", groups=["before", "after"],
                     search_partial=True)
    got = shifted_change.invariance
    pd.testing.assert_frame_equal(got.table(), ref.table())
    assert got.highest == ref.highest == "scalar" and got.released == ref.released
    assert shifted_change.invariance_level == "scalar" and shifted_change.warranted is True
    assert not [w for w in shifted_change.warnings if w["code"] == "scalar_not_invariant"]
    assert set(shifted_change.comparisons["invariance"]) == {"full"}
    # the latent mean of REL in the scalar model: wave b's, wave a's fixed at 0
    par = ref.fits["scalar"].parameters
    rel = par[(par["lhs"] == "REL") & (par["op"] == "~1") & (par["group"] == 2)].iloc[0]
    lat = shifted_change.latent.set_index("variable").loc["REL"]
    assert lat["est"] == pytest.approx(rel["est"]) and lat["p"] == pytest.approx(rel["pvalue"])
    assert lat["est"] > 0 and lat["p"] < .001


@pytest.fixture(scope="module")
def intercept_wave(halves):
    """Wave b with one item's intercept moved: REL1 + 1.5 for everyone (capped at 5)."""
    a, b, _ = halves
    moved = b.copy()
    moved["REL1"] = np.minimum(moved["REL1"] + 1.5, 5)
    return a, moved


def test_a_warning_when_scalar_invariance_fails(intercept_wave, q):
    a, moved = intercept_wave
    res = wave_change(a, moved, "lsq5", labels=("Q1", "Q2"), partial=False)
    comp = {c["model"]: c for c in res.invariance.comparisons}
    assert comp["metric"]["holds"] is True and comp["scalar"]["holds"] is False
    assert res.invariance_level == "metric" and res.warranted is False
    w = next(w for w in res.warnings if w["code"] == "scalar_not_invariant")
    assert "Q1" in w["en"] and "not warranted" in w["en"]
    assert "标量不变性" in w["zh-Hans"] and "純量不變性" in w["zh-Hant"]
    assert set(res.comparisons["invariance"]) == {"not"} and not res.comparisons["warranted"].any()
    assert res.table("zh-Hant")["invariance"].iloc[0] == "不具不變性"
    d = json.loads(json.dumps(res.to_dict(), allow_nan=False))
    assert d["warranted"] is False and d["invariance_level_name"]["zh-Hant"].startswith("量尺")


def test_partial_scalar_invariance_names_the_released_intercept(intercept_wave):
    a, moved = intercept_wave
    res = wave_change(a, moved, "lsq5", labels=("Q1", "Q2"))
    assert res.invariance_level == "partial scalar" and res.warranted is True
    assert "REL1 ~1" in res.released
    rows = res.comparisons.set_index("variable")
    assert rows.loc["REL", "invariance"] == "partial" and rows.loc["ECO", "invariance"] == "full"
    assert rows.loc["index", "invariance"] == "partial"       # REL is one of the index's dimensions
    w = next(w for w in res.warnings if w["code"] == "partial_scalar")
    assert "REL1 ~1" in w["en"] and "REL" in w["zh-Hans"]


def test_too_few_rows_for_invariance_are_a_warning_not_an_error(responses):
    items = responses.items
    res = wave_change(items.iloc[:40], items.iloc[40:90], "lsq5")
    assert res.invariance is None and res.invariance_level is None and res.warranted is None
    w = next(w for w in res.warnings if w["code"] == "invariance_not_tested")
    assert "54" in w["en"] and "54" in w["zh-Hant"]
    assert set(res.comparisons["invariance"]) == {"untested"}
    off = wave_change(items.iloc[:40], items.iloc[40:90], "lsq5", invariance=False)
    assert [w["code"] for w in off.warnings] == ["invariance_off"]
    assert off.notes[0]["code"] == "independent_samples"
    json.dumps(off.to_dict(), allow_nan=False)


def test_configural_fit_reported_and_poor_fit_warned(responses):
    """The configural model's CFI/RMSEA/SRMR against lavaan 0.6-14 (tests/reference/trend_configural_fit.R): the
    sample as given fits (no warning), and with REL1–REL3 bent into a mix of three constructs in both waves it
    does not (CFI .854 < .90, RMSEA .081 > .08): a warning in three languages comes first, the level is "none"
    and no mean comparison is warranted."""
    ref = json.loads((ROOT / "tests" / "reference" / "trend_configural_fit.json").read_text())
    items = responses.items

    def bend(f):
        f = f.copy()
        for j in (1, 2, 3):
            f[f"REL{j}"] = np.round((f[f"REL{j}"] + f[f"EMP{j}"] + f[f"ECO{j}"]) / 3)
        return f

    for case, (a, b) in {"fitting": (items.iloc[:250], items.iloc[250:]),
                         "bent": (bend(items.iloc[:250]), bend(items.iloc[250:]))}.items():
        res = wave_change(a, b, "lsq5", labels=("Q1", "Q2"), screen=False, partial=False)
        fit, want = res.configural_fit, ref[case]
        assert fit["df"] == want["df"] and fit["chisq"] == pytest.approx(want["chisq"], rel=1e-6)
        assert fit["cfi"] == pytest.approx(want["cfi"], rel=1e-6)
        assert fit["rmsea"] == pytest.approx(want["rmsea"], rel=1e-6)
        assert fit["srmr"] == pytest.approx(want["srmr"], abs=2e-7)     # lavaan's iterations stop 1e-7 apart
        assert res.to_dict()["configural_fit"]["cfi"] == fit["cfi"]
        codes = [w["code"] for w in res.warnings]
        if case == "fitting":
            assert fit["poor"] is False and "configural_fit_poor" not in codes and res.invariance_level == "scalar"
            continue
        assert fit["poor"] is True and fit["failing"] == ["cfi", "rmsea"]
        assert codes[0] == "configural_fit_poor"
        assert res.invariance_level == "none" and res.warranted is False
        assert set(res.comparisons["invariance"]) == {"not"} and set(res.comparisons["warranted"]) == {False}
        w = res.warnings[0]
        assert "configural model: CFI = .854, RMSEA = .081, SRMR = .054" in w["en"]
        assert "形态模型：CFI = .854, RMSEA = .081, SRMR = .054" in w["zh-Hans"]
        assert "形貌模型：CFI = .854, RMSEA = .081, SRMR = .054" in w["zh-Hant"] and "資料" in w["zh-Hant"]
        assert "not even configural" in res.warnings[1]["en"]


# --------------------------------------------------------------------------
# figure
# --------------------------------------------------------------------------

def _series(fig):
    """{label: (x, y, lower, upper)} of every errorbar in the figure."""
    out = {}
    for ax in fig.axes:
        for c in ax.containers:
            line = c.lines[0]
            segs = c.lines[2][0].get_segments()
            out[c.get_label()] = (np.asarray(line.get_xdata(), float), np.asarray(line.get_ydata(), float),
                                  np.array([s[0][1] for s in segs]), np.array([s[1][1] for s in segs]))
    return out


@pytest.mark.parametrize("lang", ["en", "zh-Hans", "zh-Hant"])
def test_the_figure_draws_the_table(by_date, lang):
    trend = wave_trend(by_date, importance=False)
    table = trend.table(lang)
    fig = plot(trend, lang=lang)
    drawn = _series(fig)
    index_name = {"en": "Satisfaction index", "zh-Hans": "满意度指数", "zh-Hant": "滿意度指數"}[lang]
    assert set(drawn) == {index_name, *(trend.name(c, lang) for c in DRIVERS)}
    for name, (x, y, lo, hi) in drawn.items():
        stat = "index" if name == index_name else "mean_100"
        rows = table[(table["name"] == name) & (table["statistic"] == stat)]
        assert list(rows["wave"]) == list(by_date)
        np.testing.assert_allclose(y, rows["estimate"], rtol=1e-12)
        np.testing.assert_allclose(lo, rows["ci_lower"], rtol=1e-12)
        np.testing.assert_allclose(hi, rows["ci_upper"], rtol=1e-12)
    ticks = [t.get_text().split("\n")[0] for t in fig.axes[0].get_xticklabels()]
    assert ticks == list(by_date)
    texts = [fig._suptitle.get_text(), *(ax.get_title() for ax in fig.axes)]
    if lang == "zh-Hant":
        assert "信賴區間" in texts[0] and "各維度" in texts
    # a saved results file draws the same figure
    again = _series(plot(json.loads(json.dumps(trend.to_dict(), allow_nan=False)), lang=lang))
    for name in drawn:
        np.testing.assert_allclose(again[name][1], drawn[name][1])
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    assert buf.getvalue()[:4] == b"\x89PNG"


# --------------------------------------------------------------------------
# end to end through a real SQLite store
# --------------------------------------------------------------------------

def test_two_imported_waves_in_a_sqlite_store(tmp_path, q):
    from research.store import open_store

    lines = SAMPLE.read_bytes().decode("utf-8").splitlines(keepends=True)
    head, body = lines[0], lines[1:]
    part1 = (head + "".join(body[:250])).encode("utf-8")
    part2 = (head + "".join(body[250:])).encode("utf-8")
    store = open_store(f"sqlite:///{tmp_path / 'studies.db'}")
    try:
        info, key = store.create_study("LSQ-5 monthly", (ROOT / "questionnaires" / "lsq5.yaml").read_text("utf-8"))
        w1 = store.add_import(info.id, key, "2026-09 A", "a.csv", part1)
        w2 = store.add_import(info.id, key, "2026-09 B", "b.csv", part2)
        waves = {w.name: research.load_responses(store.source(info.id, key, waves=[w.id])) for w in (w1, w2)}
        trend = wave_trend(waves, boot=100, seed=5)
        helper = waves_from_store(store, info.id, key)
        assert list(helper) == ["2026-09 A", "2026-09 B"]
    finally:
        store.close()
    # the same numbers as the files read directly
    direct = wave_trend({"2026-09 A": research.load_responses(part1, q, name="a.csv"),
                         "2026-09 B": research.load_responses(part2, q, name="b.csv")}, boot=100, seed=5)
    assert trend.n == direct.n and trend.screening == direct.screening
    for w in trend.waves:
        assert trend.index[w].overall["mean"] == pytest.approx(direct.index[w].overall["mean"], rel=1e-12)
        pd.testing.assert_frame_equal(trend.importance[w].estimates, direct.importance[w].estimates)
    pd.testing.assert_frame_equal(trend.dimensions, direct.dimensions)
    assert wave_trend(helper, importance=False).index["2026-09 B"].overall["mean"] == pytest.approx(
        trend.index["2026-09 B"].overall["mean"], rel=1e-12)
    json.dumps(trend.to_dict(), allow_nan=False)


def test_an_inadmissible_invariance_fit_is_reported_not_raised():
    """Six items shuffled in the second wave: the ML configural fit of this model runs into an implied covariance
    matrix that is not positive definite (χ² < 0).  The multi-group fit refuses that point with a message, and
    wave_change reports that invariance could not be tested instead of failing (it used to raise OverflowError
    from the MFI of the nonsense χ²)."""
    d = pd.read_csv(SAMPLE)
    a, b = d.iloc[:250].copy(), d.iloc[250:].copy()
    rng = np.random.default_rng(1)
    for c in ["REL1", "REL2", "ECO1", "RES2", "FLE3", "EMP1"]:
        b[c] = rng.permutation(b[c].to_numpy())
    res = wave_change(a, b, "lsq5")
    texts = [w["en"] for w in res.warnings if isinstance(w, dict) and "en" in w]
    assert any("could not be tested" in t and "admissible solution" in t for t in texts), texts
    zh = [w["zh-Hans"] for w in res.warnings if isinstance(w, dict) and "zh-Hans" in w]
    assert any("无法检验各期之间的测量不变性" in t and "非正定" in t for t in zh)
