"""Weighted satisfaction index E = Σ wᵢ·Iᵢ on 0–100 (DOMAIN.md §6): hand-computed scores,
the boundary rule both ways, weight normalisation and errors, t-based CIs against scipy,
missing data, grade distributions and a run on the sample data."""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from conftest import ROOT
from research.errors import DataError, OptionError
from research.marketing.index import (DEFAULT_GRADES, Grade, IndexResult, grade_of, satisfaction_index,
                                      weights_from)


def _json(result, **kw) -> dict:
    d = result.to_dict(**kw)
    json.dumps(d, allow_nan=False)
    return d


# --------------------------------------------------------------------------
# the index by hand
# --------------------------------------------------------------------------

def test_three_respondents_two_dimensions_by_hand():
    scores = pd.DataFrame({"A": [5.0, 3.0, 4.5], "B": [4.0, 2.0, 1.0]}, index=["r1", "r2", "r3"])
    res = satisfaction_index(scores, {"A": 0.6, "B": 0.4})
    # I = (x − 1)/(5 − 1)·100: A → 100, 50, 87.5; B → 75, 25, 0
    hand = [0.6 * 100.0 + 0.4 * 75.0, 0.6 * 50.0 + 0.4 * 25.0, 0.6 * 87.5 + 0.4 * 0.0]
    assert list(res.scores) == hand                       # same arithmetic, exactly
    assert list(res.scores) == pytest.approx([90.0, 40.0, 52.5], abs=1e-12)
    assert list(res.scores.index) == ["r1", "r2", "r3"]
    mean = sum(hand) / 3
    sd = math.sqrt(sum((e - mean) ** 2 for e in hand) / 2)
    o = res.overall
    assert o["n"] == 3 and o["n_missing"] == 0
    assert o["mean"] == pytest.approx(mean, abs=1e-12)
    assert o["sd"] == pytest.approx(sd, abs=1e-12)
    assert o["se"] == pytest.approx(sd / math.sqrt(3), abs=1e-12)
    lo, hi = stats.t.interval(0.95, 2, loc=mean, scale=sd / math.sqrt(3))
    assert (o["ci_low"], o["ci_high"]) == pytest.approx((lo, hi), abs=1e-10)
    # 90 → 优, 40 → 低 (on the edge, lower rule: higher band), 52.5 → 低; mean 60.83 → 中
    assert res.respondent_grades().tolist() == ["优", "低", "低"]
    assert res.table()["grade of mean"].iloc[0] == "Fair"
    assert res.weights_source == "stated" and res.weights == {"A": 0.6, "B": 0.4}
    assert res.weights_normalised is False


def test_equal_weights_default():
    scores = pd.DataFrame({"A": [1, 2, 3, 4], "B": [5, 4, 3, 2], "C": [2, 2, 5, 5]}, dtype=float)
    res = satisfaction_index(scores)
    assert res.weights_source == "equal" and res.weights_input is None
    assert res.weights == pytest.approx({"A": 1 / 3, "B": 1 / 3, "C": 1 / 3}, abs=1e-15)
    expected = ((scores - 1) / 4 * 100).mean(axis=1)
    np.testing.assert_allclose(res.scores.to_numpy(), expected.to_numpy(), rtol=0, atol=1e-12)
    # a 1–7 scale
    res7 = satisfaction_index(scores, scale=(1, 7))
    np.testing.assert_allclose(res7.scores.to_numpy(), ((scores - 1) / 6 * 100).mean(axis=1), atol=1e-12)
    with pytest.raises(OptionError) as err:
        satisfaction_index(scores, weights_source="derived")
    assert "derived" in err.value.message("en")


def test_weights_normalised_and_recorded():
    scores = pd.DataFrame({"A": [1.0, 3.0, 5.0], "B": [2.0, 4.0, 5.0], "C": [1.0, 1.0, 1.0]})
    res = satisfaction_index(scores, {"A": 3, "B": 1}, weights_source="expert")
    assert res.weights == {"A": 0.75, "B": 0.25}
    assert res.weights_input == {"A": 3.0, "B": 1.0}
    assert res.weights_normalised is True and res.weights_source == "expert"
    ref = satisfaction_index(scores, {"A": 0.75, "B": 0.25})
    assert list(res.scores) == list(ref.scores)
    assert ref.weights_normalised is False
    assert any("C" in n["en"] for n in res.notes)           # the unweighted column is named
    d = _json(res)
    assert d["weights"] == {"A": 0.75, "B": 0.25} and d["weights_normalised"] is True
    assert d["weights_input"] == {"A": 3.0, "B": 1.0}


def test_weights_from_effects_and_negative_effect_error():
    te = {"ECO": 0.15, "RES": 0.20, "FLE": 0.10, "REL": 0.30, "EMP": 0.15}
    w = weights_from(te)
    assert w == pytest.approx({k: v / 0.9 for k, v in te.items()}, abs=1e-15)
    assert math.fsum(w.values()) == pytest.approx(1.0, abs=1e-15)
    assert weights_from(pd.Series(te)) == w
    with pytest.raises(DataError) as err:
        weights_from({"ECO": 0.2, "FLE": -0.05})
    msg = err.value.message("en")
    assert "FLE" in msg and "negative" in msg and "cannot" in msg
    assert "FLE" in err.value.message("zh-Hans") and "负" in err.value.message("zh-Hans")
    with pytest.raises(OptionError):
        weights_from({"ECO": 0.0, "FLE": 0.0})
    with pytest.raises(OptionError) as err:
        weights_from({"ECO": float("nan")})
    assert "ECO" in err.value.message("en")


def test_weight_errors():
    scores = pd.DataFrame({"A": [1.0, 2.0], "B": [3.0, 4.0]})
    with pytest.raises(OptionError) as err:
        satisfaction_index(scores, {"A": -0.1, "B": 1.0})
    assert "A" in err.value.message("en") and "negative" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        satisfaction_index(scores, {"A": 0, "B": 0})
    assert "Σw = 0" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        satisfaction_index(scores, {"A": 0.5, "Z": 0.5})
    assert "Z" in err.value.message("en")
    with pytest.raises(OptionError):
        satisfaction_index(scores, {"A": 0.5, "B": 0.5}, weights_source="guessed")
    with pytest.raises(OptionError):
        satisfaction_index(scores, [0.5, 0.5])


def test_data_errors():
    with pytest.raises(DataError) as err:
        satisfaction_index(pd.DataFrame({"A": [1.0, 6.0], "B": [3.0, 4.0]}))
    assert "A" in err.value.message("en") and "6" in err.value.message("en")
    with pytest.raises(DataError) as err:
        satisfaction_index(pd.DataFrame({"A": [1.0, 2.0], "B": ["x", "y"]}))
    assert "B" in err.value.message("en")
    with pytest.raises(DataError):
        satisfaction_index(pd.DataFrame({"A": [np.nan, 2.0], "B": [3.0, np.nan]}))
    with pytest.raises(OptionError):
        satisfaction_index([[1, 2]])
    with pytest.raises(OptionError):
        satisfaction_index(pd.DataFrame({"A": [1.0, 2.0]}), level=95)
    with pytest.raises(OptionError):
        satisfaction_index(pd.DataFrame({"A": [1.0, 2.0]}), boundary="middle")
    with pytest.raises(OptionError):
        satisfaction_index(pd.DataFrame({"A": [1.0, 2.0]}), scale=(5, 5))


# --------------------------------------------------------------------------
# grades and the boundary rule
# --------------------------------------------------------------------------

EDGE_VALUES = [85.0, 60.0, 0.0, 100.0, 84.9, 75.0, 40.0, 39.99]


def test_boundary_rule_lower_and_upper():
    # scale (0, 100) with one dimension: E equals the score exactly
    scores = pd.DataFrame({"S": EDGE_VALUES})
    lower = satisfaction_index(scores, scale=(0, 100), boundary="lower")
    assert list(lower.scores) == EDGE_VALUES
    assert lower.respondent_grades().tolist() == ["优", "中", "差", "优", "良", "良", "低", "差"]
    upper = satisfaction_index(scores, scale=(0, 100), boundary="upper")
    assert upper.respondent_grades().tolist() == ["良", "低", "差", "优", "良", "中", "差", "差"]
    assert upper.respondent_grades("en").tolist()[:2] == ["Good", "Poor"]
    assert lower.respondent_grades("zh-Hant").tolist()[0] == "優"
    assert grade_of(85) == "优" and grade_of(85, boundary="upper") == "良"
    assert grade_of(60, lang="en") == "Fair" and grade_of(60, boundary="upper", lang="en") == "Poor"
    assert grade_of([0, 100], boundary="upper") == ["差", "优"]
    assert grade_of([0, 100], boundary="lower") == ["差", "优"]
    assert grade_of(float("nan")) is None
    assert "[lower, upper)" in lower.to_dict()["boundary_rule"]["en"]
    assert "(lower, upper]" in upper.to_dict()["boundary_rule"]["en"]


def test_floating_point_noise_does_not_cross_an_edge():
    # seven equal weights of 1/7 on scores of 85: Σ wᵢ·Iᵢ is not exactly 85 in floating point
    scores = pd.DataFrame({f"D{i}": [85.0] for i in range(7)})
    e = 0.0
    for _ in range(7):
        e = e + (1.0 / 7) * 85.0
    assert e != 85.0                                       # premise
    res = satisfaction_index(scores, scale=(0, 100))
    assert res.scores.iloc[0] == pytest.approx(85.0, abs=1e-12)
    assert res.respondent_grades().iloc[0] == "优"


def test_custom_grades():
    scores = pd.DataFrame({"S": [0.0, 49.0, 50.0, 79.0, 80.0, 100.0]})
    grades = [(50, "pass"), (80, "good"), (0, "fail")]      # any order
    res = satisfaction_index(scores, scale=(0, 100), grades=grades)
    assert res.respondent_grades("en").tolist() == ["fail", "fail", "pass", "pass", "good", "good"]
    assert [g.lower for g in res.grades] == [80, 50, 0]
    res4 = satisfaction_index(scores, scale=(0, 100), grades=[Grade(70, "高", "High", "高"), (0, "低", "Low", "低")])
    assert res4.respondent_grades("en").tolist() == ["Low", "Low", "Low", "High", "High", "High"]
    for bad in ([(50, "a"), (50, "b"), (0, "c")], [(50, "a"), (10, "b")], [(100, "a"), (0, "b")], "优", [],
                [(50,)]):
        with pytest.raises(OptionError):
            satisfaction_index(scores, scale=(0, 100), grades=bad)


def test_default_grades_are_domain_bands():
    assert [(g.lower, g.zh_hans, g.en, g.zh_hant) for g in DEFAULT_GRADES] == [
        (85, "优", "Excellent", "優"), (75, "良", "Good", "良"), (60, "中", "Fair", "中"),
        (40, "低", "Poor", "低"), (0, "差", "Very poor", "差")]


# --------------------------------------------------------------------------
# segments, missing data
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def segmented():
    rng = np.random.default_rng(20260901)
    n = 60
    scores = pd.DataFrame({"A": rng.integers(1, 6, n), "B": rng.integers(1, 6, n)}, dtype=float,
                          index=pd.RangeIndex(100, 100 + n))
    scores.loc[105, "A"] = np.nan
    scores.loc[130, "B"] = np.nan
    group = pd.Series(rng.choice(["m", "f"], n), index=scores.index, name="GENDER")
    group.loc[110] = None
    group.loc[159] = "x"                      # a one-person segment
    group = group.sample(frac=1, random_state=1)   # shuffled: alignment is by index
    return scores, group


@pytest.mark.parametrize("level", [0.95, 0.90])
def test_segment_cis_against_scipy(segmented, level):
    scores, group = segmented
    res = satisfaction_index(scores, {"A": 0.7, "B": 0.3}, group=group, level=level)
    e = 0.7 * (scores["A"] - 1) / 4 * 100 + 0.3 * (scores["B"] - 1) / 4 * 100
    g = group.reindex(scores.index)
    segs = dict(res.segments)
    assert list(segs) == ["f", "m", "x"]
    for lev in ("f", "m"):
        v = e[g == lev].dropna().to_numpy()
        d = segs[lev]
        assert d["n"] == len(v)
        assert d["n_missing"] == int(e[g == lev].isna().sum())
        assert d["mean"] == pytest.approx(v.mean(), abs=1e-10)
        assert d["sd"] == pytest.approx(v.std(ddof=1), abs=1e-10)
        lo, hi = stats.t.interval(level, len(v) - 1, loc=v.mean(), scale=stats.sem(v))
        assert (d["ci_low"], d["ci_high"]) == pytest.approx((lo, hi), abs=1e-10)
        # share per grade: bands [lower, upper) with 100 in the top band, compared after rounding
        # to 9 decimals (this e has float noise: 0.7·(4 − 1)/4·100 + 0.3·(2 − 1)/4·100 = 59.99999999999999)
        bands = pd.cut(np.round(v, 9), [0, 40, 60, 75, 85, np.inf], right=False, labels=["差", "低", "中", "良", "优"])
        shares = pd.Series(bands).value_counts(normalize=True)
        assert d["shares"] == pytest.approx([shares[k] for k in ["优", "良", "中", "低", "差"]], abs=1e-12)
    one = segs["x"]
    assert one["n"] == 1 and math.isnan(one["sd"]) and math.isnan(one["ci_low"])
    # the respondent without a group enters the overall row only
    assert res.overall["n"] == sum(d["n"] for d in segs.values()) + int(pd.notna(e[110]))
    assert any("no group" in n["en"] for n in res.notes)
    t = res.table(lang="zh-Hans")
    assert list(t["分组"]) == ["总体", "f", "m", "x"]
    assert "优占比" in t.columns
    d = _json(res, include_scores=True)
    assert d["group"] == "GENDER" and [s["segment"] for s in d["segments"]] == ["f", "m", "x"]
    assert d["segments"][2]["ci"] == [None, None]


def test_missing_dimension_gives_nan_and_is_reported(segmented):
    scores, _ = segmented
    res = satisfaction_index(scores, {"A": 0.5, "B": 0.5})
    assert math.isnan(res.scores[105]) and math.isnan(res.scores[130])
    assert res.n_missing == 2 and res.missing_rows == [105, 130]
    assert res.overall["n"] == len(scores) - 2 and res.overall["n_missing"] == 2
    assert res.respondent_grades()[105] is None
    # a dimension with weight 0 does not enter E, so its missing value does not matter
    res0 = satisfaction_index(scores, {"A": 1.0, "B": 0.0})
    assert math.isnan(res0.scores[105]) and not math.isnan(res0.scores[130])
    assert res0.scores[130] == (scores.loc[130, "A"] - 1) / 4 * 100


def test_group_errors(segmented):
    scores, group = segmented
    with pytest.raises(OptionError) as err:
        satisfaction_index(scores, group=group.drop(120))
    assert "120" in err.value.message("en")
    with pytest.raises(OptionError):
        satisfaction_index(scores, group=[1, 2, 3])
    # a plain list of the right length is taken in row order
    res = satisfaction_index(scores, group=list(group.reindex(scores.index)))
    assert [s for s, _ in res.segments] == ["f", "m", "x"]


# --------------------------------------------------------------------------
# sample data
# --------------------------------------------------------------------------

def test_sample_data_index():
    df = pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv")
    df["REL4"] = 6 - df["REL4"]                       # reverse-keyed, not recoded in the file (README)
    dims = ["ECO", "RES", "FLE", "REL", "EMP"]
    scores = pd.DataFrame({d: df[[f"{d}{i}" for i in range(1, 5)]].mean(axis=1) for d in dims})
    te = {"ECO": 0.15, "RES": 0.20, "FLE": 0.10, "REL": 0.30, "EMP": 0.15}   # README population total effects
    res = satisfaction_index(scores, weights_from(te), weights_source="derived", group=df["PLATFORM"])
    assert isinstance(res, IndexResult) and res.weights_source == "derived"
    x = scores[dims].to_numpy(float)
    w = np.array([te[d] for d in dims]) / sum(te.values())
    e = ((x - 1) / 4 * 100) @ w
    np.testing.assert_allclose(res.scores.to_numpy(), e, rtol=0, atol=1e-10)
    assert res.overall["n"] == 500 and res.overall["mean"] == pytest.approx(e.mean(), abs=1e-10)
    assert 0 < res.overall["mean"] < 100
    assert [s for s, _ in res.segments] == list(range(1, 9))
    assert sum(d["n"] for _, d in res.segments) == 500
    counts = np.array(res.overall["counts"])
    e = np.round(e, 9)                               # the documented comparison rule
    hand = [np.sum(e >= 85), np.sum((e >= 75) & (e < 85)), np.sum((e >= 60) & (e < 75)),
            np.sum((e >= 40) & (e < 60)), np.sum(e < 40)]
    assert counts.tolist() == hand
    t = res.table(lang="zh-Hant")
    assert t.shape[0] == 9 and t["分組"].iloc[0] == "總體"
    _json(res)
