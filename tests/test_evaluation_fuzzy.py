"""Fuzzy comprehensive evaluation (research.evaluation.fuzzy) against ../shared/reference/mcda and hand cases.

The published B vectors are exact decimals of exact arithmetic, so they are compared with 1e-12."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from conftest import SHARED

from research.errors import DataError, OptionError
from research.evaluation.fuzzy import (OPERATORS, fuzzy_by_segment, fuzzy_evaluate, fuzzy_hierarchy,
                                       membership_from_answers)

MCDA = SHARED / "reference" / "mcda"
DOC = json.loads((MCDA / "fuzzy_evaluation_examples.json").read_text("utf-8"))
EX = {ex["id"]: ex for ex in DOC["examples"]}
CHECK = json.loads((MCDA / "mcda_check_results.json").read_text("utf-8"))["fuzzy"]
SYMBOL = {"weighted_average": "M(*,+)", "min_max": "M(^,v)", "product_max": "M(*,v)", "min_bounded_sum": "M(^,+)"}


def test_clothing_5factor_weighted_average_published():
    ex = EX["clothing_5factor_weighted_average"]
    res = fuzzy_evaluate(ex["weights_A"], ex["membership_R"], operator="weighted_average", grade_names=ex["grades"])
    assert np.allclose(res.B.to_numpy(), ex["published_B"], rtol=0, atol=1e-12)
    assert res.grade == "一般 neutral" and res.max_grades == ("一般 neutral",)
    assert res.operator_symbol == "M(·,⊕)"
    assert not res.tie and res.score is None


@pytest.mark.parametrize("group", ["group1", "group2"])
def test_clothing_4factor_main_factor_published(group):
    ex = EX["clothing_4factor_main_factor"]
    res = fuzzy_evaluate(ex[f"weights_A_{group}"], ex["membership_R"], operator="min_max", grade_names=ex["grades"])
    assert np.allclose(res.B.to_numpy(), ex[f"published_B_{group}"], rtol=0, atol=1e-12)
    assert res.grade == ex[f"published_grade_{group}"]


@pytest.mark.parametrize("operator", list(OPERATORS))
def test_all_operators_match_recomputation(operator):
    sym = SYMBOL[operator]
    ex = EX["clothing_5factor_weighted_average"]
    res = fuzzy_evaluate(ex["weights_A"], ex["membership_R"], operator=operator, grade_names=ex["grades"])
    c = CHECK["clothing_5factor_weighted_average"]
    assert np.allclose(res.B.to_numpy(), c[f"B {sym}"], atol=1e-12)
    assert res.grade == c[f"grade {sym}"]
    ex = EX["clothing_4factor_main_factor"]
    c = CHECK["clothing_4factor_main_factor"]
    for group in ("group1", "group2"):
        res = fuzzy_evaluate(ex[f"weights_A_{group}"], ex["membership_R"], operator=operator,
                             grade_names=ex["grades"])
        assert np.allclose(res.B.to_numpy(), c[f"B_{group} {sym}"], atol=1e-12)
        if (group, operator) == ("group1", "min_bounded_sum"):
            # B = (0.5, 0.9, 0.9, 0.2): an exact tie (0.1+0.2+0.3+0.3 = 0.1+0.1+0.3+0.4); the check's argmax
            # picked 较欢迎 only through floating-point rounding (0.9000000000000001). Reported as a tie.
            assert res.grade is None and res.tie
            assert res.max_grades == ("较欢迎 rather welcome", "不太欢迎 not very welcome")
            assert c[f"grade_{group} {sym}"] in res.max_grades
        else:
            assert res.grade == c[f"grade_{group} {sym}"]


def test_four_operators_hand_case():
    a = [0.5, 0.3, 0.2]
    r = [[0.6, 0.4, 0.0], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6]]
    expect = {
        "weighted_average": [0.38, 0.41, 0.21],   # .5·.6+.3·.2+.2·.1, .5·.4+.3·.5+.2·.3, 0+.3·.3+.2·.6
        "min_max": [0.5, 0.4, 0.3],               # max(min(.5,.6), .2, .1), max(.4, .3, .2), max(0, .3, .2)
        "product_max": [0.3, 0.2, 0.12],          # max(.30,.06,.02), max(.20,.15,.06), max(0,.09,.12)
        "min_bounded_sum": [0.8, 0.9, 0.5],       # .5+.2+.1, .4+.3+.2, 0+.3+.2
    }
    grades = {"weighted_average": "良", "min_max": "好", "product_max": "好", "min_bounded_sum": "良"}
    for op, b in expect.items():
        res = fuzzy_evaluate(a, r, operator=op, grade_names=["好", "良", "差"])
        assert np.allclose(res.B.to_numpy(), b, atol=1e-12), op
        assert res.grade == grades[op]
        assert res.operator == op
    # normalised B and the weighted score (scores stated here, none assumed by the code)
    res = fuzzy_evaluate(a, r, operator="min_max", grade_names=["好", "良", "差"], normalise=True,
                         grade_scores=[90, 70, 50])
    assert np.allclose(res.B.to_numpy(), np.array([0.5, 0.4, 0.3]) / 1.2, atol=1e-12)
    assert np.allclose(res.B_raw.to_numpy(), [0.5, 0.4, 0.3], atol=1e-12)
    assert res.score == pytest.approx((0.5 * 90 + 0.4 * 70 + 0.3 * 50) / 1.2, abs=1e-12)
    t = res.table()
    assert list(t.columns) == ["grade", "membership", "membership_raw", "grade_score", "maximum", "operator"]
    assert t["maximum"].tolist() == [True, False, False]
    json.dumps(res.to_dict(), allow_nan=False)


def test_bounded_sum_bound_and_labels():
    # the bound min(1, ·) binds only with weights summing to more than 1, which are refused; so check the labels
    r = pd.DataFrame([[0.7, 0.3], [0.4, 0.6]], index=["q1", "q2"], columns=["好", "差"])
    res = fuzzy_evaluate({"q2": 0.25, "q1": 0.75}, r)
    assert np.allclose(res.B.to_numpy(), [0.75 * 0.7 + 0.25 * 0.4, 0.75 * 0.3 + 0.25 * 0.6], atol=1e-12)
    assert list(res.weights.index) == ["q1", "q2"]


def test_tie_reported():
    res = fuzzy_evaluate([0.5, 0.5], [[0.5, 0.5, 0.0], [0.3, 0.3, 0.4]])
    assert res.grade is None and res.max_grades == ("V1", "V2")


def test_evaluate_errors():
    with pytest.raises(OptionError):
        fuzzy_evaluate([0.5, 0.6], [[1, 0], [0, 1]])            # Σ a ≠ 1
    with pytest.raises(OptionError):
        fuzzy_evaluate([0.5, 0.5], [[1, 0], [0, 1]], operator="max_min")
    with pytest.raises(OptionError):
        fuzzy_evaluate([1.0], [[1, 0], [0, 1]])
    with pytest.raises(DataError):
        fuzzy_evaluate([0.5, 0.5], [[1.2, 0], [0, 1]])
    with pytest.raises(OptionError):
        fuzzy_evaluate([0.5, 0.5], [[1, 0], [0, 1]], grade_scores=[90])
    with pytest.raises(OptionError):
        fuzzy_evaluate([0.5, 0.5], [[1, 0], [0, 1]], grade_names=["a", "b", "c"])
    with pytest.raises(OptionError) as err:
        fuzzy_evaluate({"x": 0.5, "y": 0.5}, pd.DataFrame([[1, 0], [0, 1]], index=["x", "z"]))
    for lang in ("en", "zh-Hans", "zh-Hant"):
        assert err.value.message(lang)


def _likert():
    return pd.DataFrame({"q1": [5, 4, 4, None, 1], "q2": [3, 3, 2, 5, 5],
                         "platform": ["JD", "JD", "TB", "TB", None]})


def test_membership_shares_grade_order_and_missing():
    res = membership_from_answers(_likert()[["q1", "q2"]])
    assert res.grade_names == ("优", "良", "中", "低", "差")
    assert res.answers == (5, 4, 3, 2, 1)                       # 优 = the highest answer
    # q1: valid 5, 4, 4, 1 (one missing) → 优 1/4, 良 2/4, 中 0, 低 0, 差 1/4
    assert np.allclose(res.R.loc["q1"].to_numpy(), [0.25, 0.5, 0.0, 0.0, 0.25], atol=1e-15)
    # q2: 3, 3, 2, 5, 5 → 优 2/5, 良 0, 中 2/5, 低 1/5, 差 0
    assert np.allclose(res.R.loc["q2"].to_numpy(), [0.4, 0.0, 0.4, 0.2, 0.0], atol=1e-15)
    assert res.n.tolist() == [4, 5] and res.n_missing.tolist() == [1, 0]
    assert res.counts.loc["q1"].tolist() == [1, 2, 0, 0, 1]
    t = res.table()
    assert list(t.columns) == ["indicator", "grade", "answer", "count", "share", "n", "n_missing"]
    assert t.iloc[0].to_dict() == {"indicator": "q1", "grade": "优", "answer": 5, "count": 1, "share": 0.25,
                                   "n": 4, "n_missing": 1}
    json.dumps(res.to_dict(), allow_nan=False)
    # a 0–4 scale, three named grades on a 1–3 scale, a Series
    assert membership_from_answers(_likert()[["q2"]] - 1, scale=(0, 4)).R.loc["q2"].tolist() == [0.4, 0, 0.4, 0.2, 0]
    three = membership_from_answers(pd.Series([1, 3, 3, 2], name="q"), ["高", "中", "低"])
    assert three.R.loc["q"].tolist() == [0.5, 0.25, 0.25] and three.answers == (3, 2, 1)


def test_membership_errors():
    with pytest.raises(DataError) as err:
        membership_from_answers(pd.DataFrame({"q1": [5, 4, 6]}))
    assert err.value.column == "q1" and err.value.row == 3
    with pytest.raises(DataError) as err:
        membership_from_answers(pd.DataFrame({"q1": [5, 4.5, 3]}))
    assert err.value.row == 2
    with pytest.raises(DataError):
        membership_from_answers(pd.DataFrame({"q1": [5, "good", 3]}))
    with pytest.raises(DataError):
        membership_from_answers(pd.DataFrame({"q1": [None, None]}))
    with pytest.raises(OptionError):
        membership_from_answers(pd.DataFrame({"q1": [1, 2]}), 5, scale=(1, 7))
    with pytest.raises(OptionError):
        membership_from_answers(pd.DataFrame({"q1": [1, 2]}), 1)


def test_membership_feeds_evaluation():
    mem = membership_from_answers(_likert()[["q1", "q2"]])
    res = fuzzy_evaluate({"q1": 0.6, "q2": 0.4}, mem, grade_scores=[95, 85, 70, 50, 20])
    b = 0.6 * np.array([0.25, 0.5, 0, 0, 0.25]) + 0.4 * np.array([0.4, 0, 0.4, 0.2, 0])
    assert np.allclose(res.B.to_numpy(), b, atol=1e-12)          # (.31, .30, .16, .08, .15)
    assert res.grade == "优"
    assert res.score == pytest.approx(float(b @ [95, 85, 70, 50, 20]) / b.sum(), abs=1e-12)


def test_two_level_hierarchy_by_hand():
    tree = {"name": "总体", "weights": [0.7, 0.3], "children": [
        {"name": "服务", "weights": [0.6, 0.4], "children": [[0.2, 0.5, 0.3], [0.4, 0.4, 0.2]]},
        {"name": "价格", "weights": [0.5, 0.5], "children": [[0.1, 0.6, 0.3], [0.3, 0.3, 0.4]]}]}
    res = fuzzy_hierarchy(tree, grade_names=["好", "中", "差"], grade_scores=[90, 70, 40])
    b_service = [0.6 * 0.2 + 0.4 * 0.4, 0.6 * 0.5 + 0.4 * 0.4, 0.6 * 0.3 + 0.4 * 0.2]     # .28 .46 .26
    b_price = [0.5 * 0.1 + 0.5 * 0.3, 0.5 * 0.6 + 0.5 * 0.3, 0.5 * 0.3 + 0.5 * 0.4]       # .20 .45 .35
    b_root = 0.7 * np.array(b_service) + 0.3 * np.array(b_price)                          # .256 .457 .287
    assert np.allclose(res.nodes["服务"].B.to_numpy(), b_service, atol=1e-12)
    assert np.allclose(res.nodes["价格"].B.to_numpy(), b_price, atol=1e-12)
    assert np.allclose(res.B.to_numpy(), [0.256, 0.457, 0.287], atol=1e-12)
    assert np.allclose(res.B.to_numpy(), b_root, atol=1e-12)
    assert res.grade == "中"
    assert res.score == pytest.approx(0.256 * 90 + 0.457 * 70 + 0.287 * 40, abs=1e-12)
    assert list(res.nodes) == ["服务", "价格", "总体"] and res.levels == {"服务": 1, "价格": 1, "总体": 0}
    assert list(res.root.R.index) == ["服务", "价格"]
    t = res.table()
    assert t.columns.tolist() == ["node", "level", "B[好]", "B[中]", "B[差]", "grade", "tie", "score"]
    json.dumps(res.to_dict(), allow_nan=False)


def test_hierarchy_mixed_leaves_normalise_and_errors():
    tree = {"weights": [0.5, 0.5], "children": [{"weights": [1.0], "children": [[0.2, 0.8]]}, [0.6, 0.4]]}
    res = fuzzy_hierarchy(tree, operator="min_max", normalise=True)
    # inner: min(1, .2), min(1, .8) = (.2, .8), sums to 1; root: max(min(.5,.2), min(.5,.6)) = .5,
    # max(min(.5,.8), min(.5,.4)) = .5 → (.5, .5)/1 → tie
    assert np.allclose(res.B.to_numpy(), [0.5, 0.5], atol=1e-12)
    assert res.grade is None and res.root.max_grades == ("V1", "V2")
    assert list(res.nodes) == ["root/1", "root"]
    with pytest.raises(DataError) as err:
        fuzzy_hierarchy({"weights": [0.5, 0.6], "children": [[1, 0], [0, 1]]})
    assert err.value.column == "root"
    with pytest.raises(DataError) as err:
        fuzzy_hierarchy({"weights": [0.5, 0.5], "children": [[1, 0], {"name": "B", "weights": [1.0],
                                                                      "children": [[0.2, 0.3, 0.5]]}]})
    with pytest.raises(DataError) as err:
        fuzzy_hierarchy({"weights": [1.0], "children": [{"name": "X", "children": [[1, 0]]}]})
    assert err.value.column == "X"
    with pytest.raises(DataError):
        fuzzy_hierarchy({"weights": [], "children": []})


def test_by_segment():
    data = _likert()
    res = fuzzy_by_segment(data, [0.5, 0.5], group="platform", grade_scores=[95, 85, 70, 50, 20])
    assert list(res.evaluation) == ["overall", "JD", "TB"]
    assert res.n_rows == {"overall": 5, "JD": 2, "TB": 2} and res.n_group_missing == 1
    # JD: q1 = 5, 4 → (.5, .5, 0, 0, 0); q2 = 3, 3 → (0, 0, 1, 0, 0)
    assert np.allclose(res.evaluation["JD"].B.to_numpy(), [0.25, 0.25, 0.5, 0, 0], atol=1e-12)
    # TB: q1 = 4 (one missing) → (0, 1, 0, 0, 0); q2 = 2, 5 → (.5, 0, 0, .5, 0)
    assert np.allclose(res.evaluation["TB"].B.to_numpy(), [0.25, 0.5, 0, 0.25, 0], atol=1e-12)
    assert res.membership["TB"].n_missing["q1"] == 1
    overall = fuzzy_evaluate([0.5, 0.5], membership_from_answers(data[["q1", "q2"]]),
                             grade_scores=[95, 85, 70, 50, 20])
    assert np.allclose(res.evaluation["overall"].B.to_numpy(), overall.B.to_numpy(), atol=1e-15)
    t = res.table()
    assert t["segment"].tolist() == ["overall", "JD", "TB"] and t["grade"].tolist() == ["优", "中", "良"]
    assert t["score"].iloc[1] == pytest.approx(0.25 * 95 + 0.25 * 85 + 0.5 * 70, abs=1e-12)
    json.dumps(res.to_dict(), allow_nan=False)
    named = fuzzy_by_segment(data, pd.Series({"q2": 0.4, "q1": 0.6}), group="platform")
    assert list(named.membership["JD"].R.index) == ["q2", "q1"]
    with pytest.raises(OptionError):
        fuzzy_by_segment(data, [0.5, 0.5], group="region")
    with pytest.raises(DataError) as err:
        fuzzy_by_segment(data.assign(q1=[5, 4, None, None, 1]), [0.5, 0.5], group="platform")
    assert err.value.column == "q1"
