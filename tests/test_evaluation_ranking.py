"""research.evaluation.ranking: TOPSIS, grey relational analysis, rank sensitivity, segment rankings.

References: ../shared/reference/mcda/entropy_topsis_examples.json (published values, 3 dp → tolerance 5e-4)
and mcda_check_results.json (full-precision independent recomputation → 1e-12); the README's trap: the
Opricovic & Tzeng (2004) numbers are min–max TOPSIS, not vector TOPSIS.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import SHARED

from research.errors import DataError, OptionError
from research.evaluation.ranking import (MIN_SEGMENT_N, grey_relational, rank_segments, rank_sensitivity,
                                         topsis)

MCDA = SHARED / "reference" / "mcda"
PUBLISHED_3DP = 5e-4
FULL = 1e-12
DIRS = {1: "benefit", -1: "cost"}


def _load(name):
    return json.loads((MCDA / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def examples():
    return {e["id"]: e for e in _load("entropy_topsis_examples.json")["topsis"]}


@pytest.fixture(scope="module")
def check():
    return _load("mcda_check_results.json")["entropy_topsis"]["topsis"]


def _run(example, normalisation):
    return topsis(example["matrix_alternatives_by_criteria"], example["weights"],
                  [DIRS[t] for t in example["criterion_types"]], normalisation=normalisation)


def _three_languages(err):
    texts = {lang: err.message(lang) for lang in ("en", "zh-Hans", "zh-Hant")}
    assert len(set(texts.values())) == 3
    return texts


# --------------------------------------------------------------------------------------------------- TOPSIS

def test_papathanasiou_ploskas_vector_topsis(examples, check):
    ex = examples["papathanasiou_ploskas2018"]
    res = _run(ex, "vector")
    assert res.normalisation == "vector"
    np.testing.assert_allclose(res.closeness.to_numpy(), ex["published_closeness"], atol=PUBLISHED_3DP, rtol=0)
    assert np.round(res.closeness.to_numpy(), 3).tolist() == ex["published_closeness"]   # every printed digit
    assert res.rank.tolist() == ex["published_rank"]
    ref = check["papathanasiou_ploskas2018"]
    np.testing.assert_allclose(res.closeness.to_numpy(), ref["closeness_vector_norm"], atol=FULL, rtol=0)
    assert res.rank.tolist() == ref["rank_vector_norm"]
    # min–max normalisation is a different method: it matches the check's min–max column, not the book
    mm = _run(ex, "minmax")
    np.testing.assert_allclose(mm.closeness.to_numpy(), ref["closeness_minmax_norm"], atol=FULL, rtol=0)
    assert np.abs(mm.closeness.to_numpy() - ex["published_closeness"]).max() > 0.05


def test_papathanasiou_ploskas_by_hand(examples):
    """Every step of vector TOPSIS recomputed with explicit numpy arithmetic."""
    ex = examples["papathanasiou_ploskas2018"]
    x = np.array(ex["matrix_alternatives_by_criteria"], dtype=float)
    w = np.array(ex["weights"])
    v = x / np.sqrt((x ** 2).sum(axis=0)) * w
    dp = np.sqrt(((v - v.max(axis=0)) ** 2).sum(axis=1))
    dm = np.sqrt(((v - v.min(axis=0)) ** 2).sum(axis=1))
    res = _run(ex, "vector")
    np.testing.assert_allclose(res.d_plus, dp, atol=FULL, rtol=0)
    np.testing.assert_allclose(res.d_minus, dm, atol=FULL, rtol=0)
    np.testing.assert_allclose(res.ideal, v.max(axis=0), atol=FULL, rtol=0)
    tab = res.table()
    assert list(tab.columns) == ["alternative", "D+", "D-", "C", "rank"]
    assert tab["alternative"].tolist() == ["A1", "A2", "A3", "A4", "A5", "A6"]
    assert res.table(sort=True)["alternative"].tolist() == ["A5", "A4", "A6", "A3", "A1", "A2"]


def test_opricovic_tzeng_is_minmax_not_vector(examples, check):
    """The trap: the published numbers are reproduced by min–max TOPSIS and NOT by vector TOPSIS."""
    ex = examples["opricovic_tzeng2004"]
    ref = check["opricovic_tzeng2004"]
    mm = _run(ex, "minmax")
    np.testing.assert_allclose(mm.closeness.to_numpy(), ex["test_expected_closeness"], atol=PUBLISHED_3DP, rtol=0)
    np.testing.assert_allclose(mm.closeness.to_numpy(), ref["closeness_minmax_norm"], atol=FULL, rtol=0)
    # A1 and A3 tie at exactly 0.5: competition ranks 2, 1, 2
    assert mm.rank.tolist() == [2, 1, 2]
    vec = _run(ex, "vector")
    np.testing.assert_allclose(vec.closeness.to_numpy(), ref["closeness_vector_norm"], atol=FULL, rtol=0)
    assert np.abs(vec.closeness.to_numpy() - ex["test_expected_closeness"]).max() > 0.2
    assert vec.rank.tolist() == [1, 2, 3]          # a different ranking: A1 first
    assert vec.to_dict()["normalisation"] == "vector" and mm.to_dict()["normalisation"] == "minmax"


def test_topsis_cost_criterion_and_dataframe_names():
    frame = pd.DataFrame({"speed": [4.0, 3.0, 5.0], "price": [10.0, 8.0, 12.0]}, index=["JD", "TB", "PDD"])
    res = topsis(frame, {"price": 0.4, "speed": 0.6}, {"price": "cost"})
    assert res.directions == ("benefit", "cost")
    assert res.weights.to_dict() == pytest.approx({"speed": 0.6, "price": 0.4})
    # cost: the ideal is the smallest weighted value
    assert res.ideal["price"] == pytest.approx(res.weighted["price"].min())
    assert res.anti_ideal["price"] == pytest.approx(res.weighted["price"].max())
    assert res.table()["alternative"].tolist() == ["JD", "TB", "PDD"]
    # the same with 1/-1 codes and with weights that do not sum to 1 (rescaled)
    same = topsis(frame, [6, 4], [1, -1])
    np.testing.assert_allclose(same.closeness, res.closeness, atol=FULL, rtol=0)
    d = res.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["table"][2]["alternative"] == "PDD" and set(d["table"][0]) == {"alternative", "D+", "D-", "C", "rank"}


def test_topsis_constant_criterion_adds_nothing():
    x = pd.DataFrame({"a": [1.0, 2.0, 3.0], "flat": [5.0, 5.0, 5.0]})
    for norm in ("vector", "minmax"):
        res = topsis(x, [0.5, 0.5], normalisation=norm)
        only = topsis(x[["a"]], [1.0], normalisation=norm)
        np.testing.assert_allclose(res.closeness, only.closeness, atol=FULL, rtol=0)
        assert res.constant_criteria == ("flat",)
    with pytest.raises(DataError):
        topsis(pd.DataFrame({"flat": [5.0, 5.0]}), [1.0])


# -------------------------------------------------------------------------------------- grey relational

GRA_X = np.array([[7.0, 3.0, 60.0], [5.0, 2.0, 40.0], [9.0, 4.0, 70.0]])
GRA_DIRS = ["benefit", "cost", "benefit"]


def test_grey_relational_hand_computed():
    # by hand: min–max by direction  r = (.5, .5, 2/3), (0, 1, 0), (1, 0, 1); reference = 1 everywhere;
    # Δ = (.5, .5, 1/3), (1, 0, 1), (0, 1, 0); Δmin = 0, Δmax = 1; ξ = .5 / (Δ + .5)
    lo, hi = GRA_X.min(axis=0), GRA_X.max(axis=0)
    r = (GRA_X - lo) / (hi - lo)
    r[:, 1] = (hi[1] - GRA_X[:, 1]) / (hi[1] - lo[1])
    delta = np.abs(1.0 - r)
    xi = (delta.min() + 0.5 * delta.max()) / (delta + 0.5 * delta.max())
    hand_xi = np.array([[0.5, 0.5, 0.6], [1 / 3, 1.0, 1 / 3], [1.0, 1 / 3, 1.0]])
    np.testing.assert_allclose(xi, hand_xi, atol=FULL, rtol=0)

    res = grey_relational(GRA_X, directions=GRA_DIRS)
    np.testing.assert_allclose(res.normalised.to_numpy(), r, atol=FULL, rtol=0)
    np.testing.assert_allclose(res.delta.to_numpy(), delta, atol=FULL, rtol=0)
    np.testing.assert_allclose(res.coefficients.to_numpy(), hand_xi, atol=FULL, rtol=0)
    assert (res.delta_min, res.delta_max) == (0.0, 1.0)
    np.testing.assert_allclose(res.grade.to_numpy(), [1.6 / 3, (5 / 3) / 3, (7 / 3) / 3], atol=FULL, rtol=0)
    assert res.rank.tolist() == [3, 2, 1]
    assert list(res.table().columns) == ["alternative", "grade", "rank"]

    weighted = grey_relational(GRA_X, [0.5, 0.3, 0.2], GRA_DIRS)
    np.testing.assert_allclose(weighted.grade.to_numpy(), hand_xi @ [0.5, 0.3, 0.2], atol=FULL, rtol=0)
    np.testing.assert_allclose(weighted.grade.to_numpy(), [0.52, 0.16 / 0.3, 0.8], atol=FULL, rtol=0)

    # ρ = 1: ξ = 1 / (Δ + 1)
    np.testing.assert_allclose(grey_relational(GRA_X, directions=GRA_DIRS, rho=1).coefficients.to_numpy(),
                               1 / (delta + 1), atol=FULL, rtol=0)
    assert len(res.coefficients_table()) == 9
    json.dumps(res.to_dict(), allow_nan=False)


def test_grey_relational_reference_alternative_has_grade_one():
    # all benefit: A3 is best on every criterion, so it is the ideal reference series itself
    x = np.array([[7.0, 3.0, 60.0], [5.0, 2.0, 40.0], [9.0, 4.0, 70.0]])
    res = grey_relational(x)
    assert res.grade["A3"] == pytest.approx(1.0, abs=FULL)
    assert res.rank["A3"] == 1 and (res.grade.drop("A3") < 1).all()
    # a given reference series on the raw scale: the alternative equal to it has grade 1
    given = grey_relational(x, directions=GRA_DIRS, reference=[5.0, 2.0, 40.0])
    assert given.reference_kind == "given"
    assert given.grade["A2"] == pytest.approx(1.0, abs=FULL)
    assert given.rank["A2"] == 1


# --------------------------------------------------------------------------------------------- sensitivity

def _close_pair():
    # min–max TOPSIS of X = (10, 8), Y = (8, 10), Z = (8, 8): r = (1, 0), (0, 1), (0, 0), so C_X = w1,
    # C_Y = w2, C_Z = 0 (ideal (w1, w2), anti-ideal 0) — X and Y swap as soon as w2 > w1.
    return pd.DataFrame({"c1": [10.0, 8.0, 8.0], "c2": [8.0, 10.0, 8.0]}, index=["X", "Y", "Z"])


def test_sensitivity_flips_close_alternatives():
    data = _close_pair()
    res = rank_sensitivity("topsis", data, [0.52, 0.48], normalisation="minmax")
    assert res.base_rank.tolist() == [1, 2, 3]
    np.testing.assert_allclose(res.base.closeness, [0.52, 0.48, 0.0], atol=FULL, rtol=0)
    p = res.perturbations.set_index("perturbation")
    # c1 −10 %: w1 = .468, w2 = .532; c2 +10 %: w2 = .528, w1 = .472 → Y first
    assert p.loc["c1 -0.1", "ranking_changed"] and not p.loc["c1 -0.1", "top_unchanged"]
    assert p.loc["c2 +0.1", "ranking_changed"] and p.loc["c2 +0.1", "top"] == "Y"
    assert not p.loc["c1 +0.1", "ranking_changed"] and not p.loc["c2 -0.1", "ranking_changed"]
    np.testing.assert_allclose(res.weights.loc["c2 +0.1"], [0.52 * (1 - 0.528) / 0.52, 0.528], atol=FULL, rtol=0)
    np.testing.assert_allclose(res.weights.sum(axis=1), 1.0, atol=FULL, rtol=0)
    assert res.ranks.loc["c2 +0.1"].tolist() == [2, 1, 3]
    assert res.summary["share_top_unchanged"] == 0.5
    assert res.summary["share_order_unchanged"] == 0.5
    tab = res.table()
    assert {"rank[X]", "rank[Y]", "rank[Z]", "criterion", "change", "ranking_changed"} <= set(tab.columns)
    json.dumps(res.to_dict(), allow_nan=False)


def test_sensitivity_stable_ranking_and_infeasible_step():
    data = _close_pair()
    res = rank_sensitivity(topsis, data, {"c1": 0.7, "c2": 0.3}, normalisation="minmax")
    assert res.summary == {"n_perturbations": 4, "n_feasible": 4, "share_top_unchanged": 1.0,
                           "share_order_unchanged": 1.0, "base_top": "X"}
    assert not res.perturbations["ranking_changed"].any()
    # grey relational works through the same door
    gra = rank_sensitivity("grey_relational", data, [0.7, 0.3], change=0.05)
    assert gra.method == "grey_relational" and gra.summary["share_top_unchanged"] == 1.0
    # w1 = .95 raised by 10 % exceeds 1: listed as infeasible, not counted
    edge = rank_sensitivity("topsis", data, [0.95, 0.05], normalisation="minmax")
    p = edge.perturbations.set_index("perturbation")
    assert not p.loc["c1 +0.1", "feasible"] and edge.summary["n_feasible"] == 3
    assert edge.ranks.loc["c1 +0.1"].isna().all()
    json.dumps(edge.to_dict(), allow_nan=False)


# ----------------------------------------------------------------------------------------------- segments

def _respondents():
    return pd.DataFrame({
        "platform": ["JD", "JD", "JD", "JD", "TB", "TB", "TB", "PDD", None],
        "SPD": [5, 4, 4, 3, 3, 2, 4, 1, 5],
        "REL": [4, 4, 5, np.nan, 3, 3, 3, 5, 5],
        "PRICE": [30, 40, 35, 35, 20, 25, 30, 10, 50],
    })


def test_rank_segments_means_by_hand():
    frame = _respondents()
    res = rank_segments(frame, "platform", ["SPD", "REL", "PRICE"], [0.4, 0.4, 0.2], {"PRICE": "cost"}, min_n=3)
    # by hand: JD SPD (5+4+4+3)/4 = 4, REL (4+4+5)/3 = 13/3 (missing skipped), PRICE 140/4 = 35;
    #          TB SPD 9/3 = 3, REL 3, PRICE 75/3 = 25; PDD has n = 1 < 3 → dropped; the row without platform left out
    hand = pd.DataFrame({"SPD": [4.0, 3.0], "REL": [13 / 3, 3.0], "PRICE": [35.0, 25.0]}, index=["JD", "TB"])
    np.testing.assert_allclose(res.values.to_numpy(), hand.to_numpy(), atol=FULL, rtol=0)
    assert list(res.values.index) == ["JD", "TB"]
    assert res.n.to_dict() == {"JD": 4, "TB": 3}
    assert res.dropped.to_dict("records") == [{"segment": "PDD", "n": 1, "min_n": 3}]
    assert res.missing_group == 1
    direct = topsis(hand, [0.4, 0.4, 0.2], {"PRICE": "cost"})
    np.testing.assert_allclose(res.ranking.closeness.to_numpy(), direct.closeness.to_numpy(), atol=FULL, rtol=0)
    tab = res.table()
    assert tab["n"].tolist() == [4, 3] and {"C", "rank", "SPD", "REL", "PRICE"} <= set(tab.columns)
    json.dumps(res.to_dict(), allow_nan=False)

    med = rank_segments(frame, "platform", ["SPD", "REL", "PRICE"], [0.4, 0.4, 0.2], {"PRICE": "cost"},
                        method="grey_relational", agg="median", min_n=1, rho=0.5)
    assert list(med.values.index) == ["JD", "PDD", "TB"] and med.dropped.empty
    np.testing.assert_allclose(med.values.loc["JD"].to_numpy(), [4.0, 4.0, 35.0], atol=FULL, rtol=0)
    assert med.method == "grey_relational" and med.ranking.rho == 0.5


def test_rank_segments_default_minimum_drops_small_segments():
    assert MIN_SEGMENT_N == 30
    with pytest.raises(DataError) as e:
        rank_segments(_respondents(), "platform", ["SPD", "REL"], [0.5, 0.5])
    texts = _three_languages(e.value)
    assert "min_n" in texts["en"] and "分组" in texts["zh-Hans"] and "分組" in texts["zh-Hant"]
    with pytest.raises(OptionError):
        rank_segments(_respondents(), "platform", ["SPD", "SPEED"], [0.5, 0.5], min_n=1)


# --------------------------------------------------------------------------------------------- bad input

def test_direction_names_checked():
    x = [[1.0, 2.0], [2.0, 1.0]]
    for bad in (["benefit", "costs"], ["benefit", 0], {"c3": "cost"}, ["benefit"]):
        with pytest.raises(OptionError) as e:
            topsis(x, [0.5, 0.5], bad)
        texts = _three_languages(e.value)
        assert "directions" in texts["en"]
    with pytest.raises(OptionError) as e:
        topsis(x, [0.5, 0.5], ["benefit", "costs"])
    texts = _three_languages(e.value)
    assert "'cost'" in texts["en"] and "成本型" in texts["zh-Hans"] and "效益型" in texts["zh-Hant"]


def test_negative_data_rejected_by_vector_normalisation_only():
    x = pd.DataFrame({"profit": [-2.0, 1.0, 3.0], "speed": [1.0, 2.0, 3.0]}, index=["a", "b", "c"])
    with pytest.raises(DataError) as e:
        topsis(x, [0.5, 0.5])
    assert e.value.column == "profit" and e.value.row == 1 and e.value.value == -2.0
    texts = _three_languages(e.value)
    assert "minmax" in texts["en"] and "向量归一化" in texts["zh-Hans"] and "向量正規化" in texts["zh-Hant"]
    assert topsis(x, [0.5, 0.5], normalisation="minmax").rank.tolist() == [3, 2, 1]


def test_weights_must_match_criteria():
    x = pd.DataFrame({"a": [1.0, 2.0], "b": [2.0, 1.0]})
    for bad in ([0.5, 0.3, 0.2], {"a": 0.5}, {"a": 0.5, "b": 0.3, "c": 0.2}, [0.5, -0.5], [0, 0],
                [0.5, float("nan")], "equal"):
        with pytest.raises(OptionError) as e:
            topsis(x, bad)
        texts = _three_languages(e.value)
        assert "weights" in texts["en"] and "权重" in texts["zh-Hans"] and "權重" in texts["zh-Hant"]
    with pytest.raises(OptionError):
        grey_relational(x, [1.0])


def test_other_options_and_data_checked():
    x = [[1.0, 2.0], [2.0, 1.0]]
    with pytest.raises(OptionError):
        topsis(x, [0.5, 0.5], normalisation="sum")
    for rho in (0, 1.5, "half"):
        with pytest.raises(OptionError):
            grey_relational(x, rho=rho)
    with pytest.raises(OptionError):
        grey_relational(x, reference="best")
    with pytest.raises(OptionError):
        rank_sensitivity("vikor", x, [0.5, 0.5])
    with pytest.raises(OptionError):
        rank_sensitivity("topsis", x, [0.5, 0.5], change=1.5)
    with pytest.raises(DataError):
        topsis([[1.0, 2.0]], [0.5, 0.5])                       # one alternative
    with pytest.raises(DataError) as e:
        topsis(pd.DataFrame({"a": [1.0, np.nan], "b": [1.0, 2.0]}), [0.5, 0.5])
    assert e.value.column == "a" and e.value.row == 2
    with pytest.raises(DataError) as e:
        topsis(pd.DataFrame({"a": [1.0, "x"], "b": [1.0, 2.0]}), [0.5, 0.5])
    assert e.value.column == "a" and e.value.value == "x"
    with pytest.raises(DataError):
        topsis(pd.DataFrame({"a": [1.0, np.inf], "b": [1.0, 2.0]}), [0.5, 0.5])
