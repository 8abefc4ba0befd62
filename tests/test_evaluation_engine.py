"""research.evaluation.engine.evaluate on tiny index systems (dicts and YAML text) and tiny tables, with every
expected number computed here by hand or with numpy from the formulas (../shared/reference/mcda/README.md,
DOMAIN.md §6–7), not by the engine's own helpers; and the LSQ-5 sample data.

Formulas used for the expectations:
* leaf I = (x − min)/(max − min)·100 (cost: (max − x)/(max − min)·100); a reverse-coded item x → min + max − x;
* node E = Σ w·I; global weight = product of the local weights on the path from the root;
* AHP: principal right eigenvector of A scaled to sum 1, CI = (λmax − n)/(n − 1), CR = CI/RI(n) (RI(3) = 0.58);
  AIJ = eigenvector of the element-wise geometric mean of the experts' matrices; AIP = geometric mean of the
  experts' eigenvectors, normalised;
* entropy: p = z/Σz, e = −Σ p ln p / ln m, d = 1 − e, w = d/Σd (z = min–max by column, or raw x);
* CRITIC: z min–max, σ (n − 1), r Pearson, C = σ·Σ(1 − r), w = C/ΣC; CV: s/x̄ normalised;
* combined: α·s + (1 − α)·o, or s·o/Σ s·o;
* t CI: mean ± t(1 − (1 − level)/2; n − 1)·SD/√n with t from a table;
* TOPSIS (vector): r = x/√Σx², v = w·r, C = D⁻/(D⁺ + D⁻); grey (Deng, ρ = 0.5) on min–max columns.
"""
from __future__ import annotations

import io
import json
import math

import numpy as np
import pandas as pd
import pytest
from conftest import ROOT
from openpyxl import load_workbook

from research.errors import DataError, OptionError, ResearchError
from research.evaluation import evaluate, load_system
from research.evaluation.ahp import ahp_workbook, group_ahp, read_ahp_workbook
from research.evaluation.engine import OVERALL
from research.questionnaire import load_questionnaire

LANGS = ("en", "zh-Hans", "zh-Hant")
STANDARDS = {g: f"{g}的标准" for g in ("优", "良", "中", "低", "差")}
GRADE_SCORES = np.array([92.5, 80.0, 67.5, 50.0, 20.0])
ANSWER_SCORES = np.array([100.0, 75.0, 50.0, 25.0, 0.0])     # 5 … 1 on 0–100: the fuzzy grade scores of rating items
# Student t quantiles from a table (not from scipy): t(0.975; 4) and t(0.95; 4)
T_975_4 = 2.7764451051977987
T_950_4 = 2.1318467863266495


def close(a, b, tol=1e-10):
    return np.allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=0, atol=tol, equal_nan=True)


def flat(leaves: dict, **top) -> dict:
    """A one-level system: root R over leaves {id: binding}."""
    children = [{"id": k, **v} for k, v in leaves.items()]
    return {"id": "tiny", "scale": 5, **top, "tree": {"id": "R", "name": {"en": "Root", "zh-Hans": "总体",
                                                                          "zh-Hant": "總體"}, "children": children}}


def eig_weights(a) -> tuple[np.ndarray, float]:
    vals, vecs = np.linalg.eig(np.asarray(a, dtype=float))
    k = int(np.argmax(vals.real))
    v = np.abs(vecs[:, k].real)
    return v / v.sum(), float(vals[k].real)


def minmax(x):
    return (x - x.min(axis=0)) / (x.max(axis=0) - x.min(axis=0))


def entropy_w(x, raw=False):
    z = x if raw else minmax(x)
    p = z / z.sum(axis=0)
    plogp = np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0)
    d = 1 + plogp.sum(axis=0) / np.log(x.shape[0])
    return d / d.sum()


def critic_w(x):
    z = minmax(x)
    c = z.std(axis=0, ddof=1) * (1 - np.corrcoef(z, rowvar=False)).sum(axis=1)
    return c / c.sum()


def cv_w(x):
    v = x.std(axis=0, ddof=1) / x.mean(axis=0)
    return v / v.sum()


def weights_of(res, nodes):
    return res.weights.set_index("node").loc[list(nodes), "weight"].to_numpy(dtype=float)


# --------------------------------------------------------------------------
# leaves on 0–100
# --------------------------------------------------------------------------

def test_leaf_rescaling_item_items_column_cost():
    system = load_system(flat({"I1": {"item": "q1"}, "I2": {"items": ["q2", "q3"]},
                               "D": {"column": "days", "range": [0, 10], "direction": "cost"},
                               "S": {"column": "spend", "range": [0, 200]}}))
    data = pd.DataFrame({"q1": [5, 4, 3, 1, 2], "q2": [5, 3, 2, 2, 4], "q3": [4, 3, 2, 1, 5],
                         "days": [0, 2.5, 5, 10, 7], "spend": [200, 50, 0, 120, 30]})
    res = evaluate(data, system)
    sc = res.scores
    assert close(sc["I1"], [100, 75, 50, 0, 25])
    # mean of two 1–5 items: (4.5, 3, 2, 1.5, 4.5) → (x − 1)/4·100
    assert close(sc["I2"], [87.5, 50, 25, 12.5, 87.5])
    # cost: (10 − x)/10·100
    assert close(sc["D"], [100, 75, 50, 0, 30])
    assert close(sc["S"], [100, 25, 0, 60, 15])
    # root: equal weights 1/4 (no weights in the file)
    assert close(sc["R"], (sc[["I1", "I2", "D", "S"]].to_numpy() / 4).sum(axis=1))
    assert res.weights.set_index("node").loc["I1", "method"] == "equal"
    assert list(res.leaf_missing) == [0, 0, 0, 0]


def test_construct_leaf_with_lsq5_and_reverse_item():
    q = load_questionnaire("lsq5")
    assert q.item("REL4").reverse is True and q.item("REL1").reverse is False
    system = load_system({"id": "c", "questionnaire": "lsq5", "tree": {"id": "R", "children": [
        {"id": "E", "construct": "ECO"}, {"id": "L", "construct": "REL"}, {"id": "L4", "item": "REL4"}]}})
    assert system.nodes["L"].reversed == ("REL4",)
    data = pd.DataFrame({"ECO1": [5, 1, 3, 4], "ECO2": [5, 2, 3, 4], "ECO3": [4, 1, 3, 2], "ECO4": [5, 1, 3, 3],
                         "REL1": [5, 1, 2, 4], "REL2": [4, 1, 2, 4], "REL3": [5, 2, 2, 4], "REL4": [1, 5, 2, 3]})
    res = evaluate(data, system)
    # ECO: means 4.75, 1.25, 3, 3.25
    assert close(res.scores["E"], [93.75, 6.25, 50, 56.25])
    # REL with REL4 recoded 6 − x: (5, 4, 5, 5) → 4.75; (1, 1, 2, 1) → 1.25; (2, 2, 2, 4) → 2.5; (4, 4, 4, 3) → 3.75
    assert close(res.scores["L"], [93.75, 6.25, 37.5, 68.75])
    assert close(res.scores["L4"], [100, 0, 75, 50])
    # the reverse-coded item's membership: answer 1 counts as 5 → 优
    assert close(res.membership.loc["L4"], [0.25, 0.25, 0.25, 0, 0.25])


def test_construct_leaf_with_dict_questionnaire_reverse():
    q = load_questionnaire({"scale": 5, "constructs": {"X": ["x1", {"id": "x2", "reverse": True}, "x3"]}})
    system = load_system({"id": "d", "tree": {"id": "R", "children": [{"id": "X", "construct": "X"},
                                                                      {"id": "Y", "item": "x1"}]}},
                         questionnaire=q)
    data = pd.DataFrame({"x1": [5, 3, 1, 4], "x2": [1, 3, 5, 4], "x3": [5, 3, 2, 1]})
    res = evaluate(data, system)
    # (5, 5, 5) → 100; (3, 3, 3) → 50; (1, 1, 2) → 4/3 → 8.333…; (4, 2, 1) → 7/3 → 33.333…
    assert close(res.scores["X"], [100, 50, 100 / 12, 100 / 3])


def test_expert_scored_leaf_numbers_and_grade_names_in_three_languages():
    system = load_system(flat({"X": {"standards": STANDARDS, "column": "expert"}, "Y": {"item": "q"}}))
    cells = [95, "优", "優", "Excellent", "良", "Good", "中", "Fair", "低", "Poor", "差", "Very poor", "very poor",
             "61", None, " "]
    data = pd.DataFrame({"expert": cells, "q": [3] * len(cells)})
    res = evaluate(data, system)
    want = [95, 92.5, 92.5, 92.5, 80, 80, 67.5, 67.5, 50, 50, 20, 20, 20, 61, np.nan, np.nan]
    assert close(res.scores["X"], want)
    assert tuple(res.system.grade_scores) == (92.5, 80, 67.5, 50, 20)
    # membership: the grade named counts for its grade; a number by its band (95 → 优, 61 → 中)
    assert close(res.membership.loc["X"], np.array([4, 2, 3, 2, 3]) / 14)
    assert int(res.leaf_missing["X"]) == 2


# --------------------------------------------------------------------------
# node scores, stated points, global weights, missing answers
# --------------------------------------------------------------------------

POINTS = {"id": "pts", "scale": 5, "tree": {"id": "R", "weight": 10, "children": [
    {"id": "A", "weight": 6, "children": [{"id": "A1", "item": "q1", "weight": 2},
                                         {"id": "A2", "item": "q2", "weight": 4}]},
    {"id": "B", "weight": 4, "children": [{"id": "B1", "item": "q3", "weight": 1},
                                         {"id": "B2", "item": "q4", "weight": 3}]}]}}


def test_stated_points_node_scores_global_weights_and_missing():
    data = pd.DataFrame({"q1": [5, 4, 2, 1, 3], "q2": [4, 4, 3, 2, 5], "q3": [5, np.nan, 1, 2, 4],
                         "q4": [3, 5, 2, 1, 4]})
    res = evaluate(data, POINTS)
    w = res.weights.set_index("node")
    # points → shares: A 6/10, B 4/10; A1 2/6, A2 4/6; B1 1/4, B2 3/4
    assert close(w.loc[["A", "B", "A1", "A2", "B1", "B2"], "weight"], [0.6, 0.4, 1 / 3, 2 / 3, 0.25, 0.75])
    assert close(w.loc[["A1", "A2", "B1", "B2"], "global_weight"], [0.2, 0.4, 0.1, 0.3])
    assert close(w.loc[["R", "A", "B"], "global_weight"], [1, 0.6, 0.4])
    assert list(w.loc[["A", "A1", "B2"], "stated"]) == [6, 2, 3]
    assert set(w.loc[["A", "B", "A1", "B2"], "method"]) == {"stated"}
    sc = res.scores
    i = lambda x: (np.asarray(x, dtype=float) - 1) / 4 * 100   # noqa: E731
    a = i(data.q1) / 3 + 2 * i(data.q2) / 3
    b = 0.25 * i(data.q3) + 0.75 * i(data.q4)
    assert close(sc["A"], a)
    assert close(sc["B"], b)                       # row 2: NaN
    assert close(sc["R"], 0.6 * a + 0.4 * b)
    # respondent 2 missing q3: no B1, B, R; A and A's leaves are unaffected
    assert np.isnan(sc.loc[1, ["B1", "B", "R"]].to_numpy(dtype=float)).all()
    assert not np.isnan(sc.loc[1, ["A1", "A2", "A", "B2"]].to_numpy(dtype=float)).any()
    s = res.summary[res.summary.segment == OVERALL].set_index("node")
    assert list(s.loc[["B1", "B", "R", "A", "A1", "B2"], "n_missing"]) == [1, 1, 1, 0, 0, 0]
    assert list(s.loc[["B1", "B", "R", "A"], "n"]) == [4, 4, 4, 5]
    assert int(res.leaf_missing["B1"]) == 1 and int(res.leaf_missing["A1"]) == 0
    # the root equals Σ global weight × leaf score on complete rows
    leaves = sc[["A1", "A2", "B1", "B2"]].to_numpy()
    assert close(sc["R"].to_numpy()[[0, 2, 3, 4]], (leaves @ [0.2, 0.4, 0.1, 0.3])[[0, 2, 3, 4]])


# --------------------------------------------------------------------------
# weight methods at one node
# --------------------------------------------------------------------------

Q = pd.DataFrame({"q1": [5, 4, 4, 3, 2, 1], "q2": [3, 3, 4, 2, 5, 4], "q3": [2, 5, 1, 3, 4, 4]})
X = (Q.to_numpy(dtype=float) - 1) * 25                 # the leaves' 0–100 scores
KIDS = ("L1", "L2", "L3")
A3 = [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]]
EXPERTS = [A3, [[1, 2, 4], [1 / 2, 1, 3], [1 / 4, 1 / 3, 1]], [[1, 1 / 2, 3], [2, 1, 5], [1 / 3, 1 / 5, 1]]]


def three(**top) -> dict:
    return flat({"L1": {"item": "q1"}, "L2": {"item": "q2"}, "L3": {"item": "q3"}}, **top)


def three_stated(**top) -> dict:
    return flat({"L1": {"item": "q1", "weight": 50}, "L2": {"item": "q2", "weight": 30},
                 "L3": {"item": "q3", "weight": 20}}, **top)


def check_root(res, w):
    assert close(weights_of(res, KIDS), w, 1e-9)
    assert close(res.scores["R"], X @ np.asarray(w), 1e-8)
    assert close(res.global_weights(KIDS), w, 1e-9)


def test_weights_equal_and_stated():
    check_root(evaluate(Q, three_stated(), weights="equal"), [1 / 3] * 3)
    res = evaluate(Q, three_stated())
    check_root(res, [0.5, 0.3, 0.2])
    assert res.weights.set_index("node").loc["L1", "source"] == "stated"


def test_weights_ahp_inline_matrix_yaml_text():
    text = """
id: inline
scale: 5
tree:
  id: R
  ahp: [[1, 3, 5], [1/3, 1, 2], [1/5, 1/2, 1]]
  children:
    - {id: L1, item: q1}
    - {id: L2, item: q2}
    - {id: L3, item: q3}
"""
    res = evaluate(Q, text)
    w, lam = eig_weights(A3)
    check_root(res, w)
    row = res.weights.set_index("node").loc["L1"]
    assert row["method"] == "ahp"
    assert row["CR"] == pytest.approx((lam - 3) / 2 / 0.58, abs=1e-9)
    assert res.ahp["R"].cr == pytest.approx((lam - 3) / 2 / 0.58, abs=1e-9)


def test_weights_ahp_single_dict_of_matrices():
    res = evaluate(Q, three(), weights="ahp", ahp={"R": EXPERTS[1]})
    w, lam = eig_weights(EXPERTS[1])
    check_root(res, w)
    assert res.weights.set_index("node").loc["L2", "CR"] == pytest.approx((lam - 3) / 2 / 0.58, abs=1e-9)


def test_weights_group_ahp_aij_and_aip():
    logs = np.log(np.array(EXPERTS, dtype=float))
    aij = np.exp(logs.mean(axis=0))
    w_aij, lam = eig_weights(aij)
    res = evaluate(Q, three(), weights="ahp", ahp=[{"R": m} for m in EXPERTS])
    check_root(res, w_aij)
    assert res.weights.set_index("node").loc["L1", "CR"] == pytest.approx((lam - 3) / 2 / 0.58, abs=1e-9)
    assert "AIJ" in res.weights.set_index("node").loc["L1", "source"]
    assert len(res.ahp["R"].experts) == 3

    each = np.array([eig_weights(m)[0] for m in EXPERTS])
    w_aip = np.exp(np.log(each).mean(axis=0))
    w_aip /= w_aip.sum()
    res = evaluate(Q, three(), weights="ahp", ahp={"anna": {"R": EXPERTS[0]}, "bo": {"R": EXPERTS[1]},
                                                    "cai": {"R": EXPERTS[2]}}, aggregate="priorities")
    check_root(res, w_aip)
    assert "AIP" in res.weights.set_index("node").loc["L1", "source"]
    assert list(res.ahp["R"].expert_weights.index) == ["anna", "bo", "cai"]
    # the experts' own CRs are in the result
    assert res.ahp["R"].experts[2].cr == pytest.approx((eig_weights(EXPERTS[2])[1] - 3) / 2 / 0.58, abs=1e-9)

    # weighted experts: λ = (2, 1, 1)/4
    res = evaluate(Q, three(), weights="ahp", ahp=[{"R": m} for m in EXPERTS], expert_weights=[2, 1, 1])
    check_root(res, eig_weights(np.exp(np.tensordot([0.5, 0.25, 0.25], logs, axes=1)))[0])


def test_group_ahp_expert_weights_follow_the_experts():
    logs = np.log(np.array(EXPERTS, dtype=float))
    # by name
    res = evaluate(Q, three(), weights="ahp", ahp={"anna": {"R": EXPERTS[0]}, "bo": {"R": EXPERTS[1]},
                                                    "cai": {"R": EXPERTS[2]}},
                   expert_weights={"cai": 1, "anna": 3, "bo": 4})
    check_root(res, eig_weights(np.exp(np.tensordot([3 / 8, 4 / 8, 1 / 8], logs, axes=1)))[0])
    # an expert without judgements on the node: the others keep their own weights (λ = 2:1 of experts 1 and 3)
    res = evaluate(Q, three(), weights="ahp", ahp=[{"R": EXPERTS[0]}, {}, {"R": EXPERTS[2]}],
                   expert_weights=[2, 5, 1])
    check_root(res, eig_weights(np.exp(np.tensordot([2 / 3, 1 / 3], logs[[0, 2]], axes=1)))[0])
    assert list(res.ahp["R"].expert_weights.index) == ["expert 1", "expert 3"]
    with pytest.raises(OptionError) as e:
        evaluate(Q, three(), weights="ahp", ahp={"anna": {"R": EXPERTS[0]}, "bo": {"R": EXPERTS[1]}},
                 expert_weights={"anna": 1, "bea": 1})
    assert_names(e.value, "expert_weights", "bo", "R")


def test_weights_entropy_direction_normalised_and_raw():
    res = evaluate(Q, three(), weights="entropy")
    check_root(res, entropy_w(X))
    assert res.weights.set_index("node").loc["L1", "source"] == "entropy (direction-normalised)"
    res = evaluate(Q, three(entropy="raw"), weights="entropy")
    check_root(res, entropy_w(X, raw=True))
    assert res.weights.set_index("node").loc["L1", "source"] == "entropy (raw)"
    assert not close(entropy_w(X), entropy_w(X, raw=True), 1e-3)          # the two variants differ


def test_weights_critic_and_cv():
    check_root(evaluate(Q, three(), weights="critic"), critic_w(X))
    check_root(evaluate(Q, three(), weights="cv"), cv_w(X))


def test_weights_combined_linear_ahp_and_multiplicative_stated():
    sys_lin = three(combine={"subjective": "ahp", "objective": "entropy", "alpha": 0.3, "rule": "linear"})
    res = evaluate(Q, sys_lin, weights="combined", ahp={"R": A3})
    s = eig_weights(A3)[0]
    check_root(res, 0.3 * s + 0.7 * entropy_w(X))
    assert res.weights.set_index("node").loc["L1", "CR"] == pytest.approx(res.ahp["R"].cr)

    sys_mul = three_stated(combine={"subjective": "stated", "objective": "critic", "rule": "multiplicative"})
    res = evaluate(Q, sys_mul, weights="combined")
    so = np.array([0.5, 0.3, 0.2]) * critic_w(X)
    check_root(res, so / so.sum())
    assert "multiplicative" in res.weights.set_index("node").loc["L1", "source"]


def test_weights_given_from_sem():
    res = evaluate(Q, three(), weights="entropy", given={"R": {"L1": 0.2, "L2": 0.5, "L3": 0.3}},
                   given_source="SEM total effects")
    check_root(res, [0.2 / 1.0, 0.5, 0.3])
    row = res.weights.set_index("node").loc["L2"]
    assert row["method"] == "given" and row["source"] == "given (SEM total effects)"
    # unnormalised effects are rescaled
    check_root(evaluate(Q, three(), given={"R": {"L1": 2, "L2": 1, "L3": 1}}), [0.5, 0.25, 0.25])


def test_data_weights_at_a_parent_use_the_childrens_scores_of_complete_rows():
    system = {"id": "two", "scale": 5, "tree": {"id": "R", "children": [
        {"id": "A", "weights": "equal", "children": [{"id": "A1", "item": "q1"}, {"id": "A2", "item": "q2"}]},
        {"id": "B", "weights": "equal", "children": [{"id": "B1", "item": "q3"}, {"id": "B2", "item": "q4"}]}],
        "weights": "entropy"}}
    data = pd.DataFrame({"q1": [5, 4, 2, 1, 3, 4], "q2": [4, 4, 3, 2, 5, 1], "q3": [5, np.nan, 1, 2, 4, 3],
                         "q4": [3, 5, 2, 1, 4, 4]})
    res = evaluate(data, system)
    x = (data.to_numpy(dtype=float) - 1) * 25
    a, b = x[:, :2].mean(axis=1), x[:, 2:].mean(axis=1)
    ab = np.column_stack([a, b])[[0, 2, 3, 4, 5]]                  # row 2 has no B
    w = entropy_w(ab)
    assert close(weights_of(res, ["A", "B"]), w, 1e-9)
    assert close(res.scores["R"].to_numpy()[[0, 2, 3, 4, 5]], ab @ w, 1e-8)


def fill_book(buf: bytes, matrices: dict) -> bytes:
    """Type each node's upper triangle into the template (row 7 + i, column C + j), as an expert would."""
    book = load_workbook(io.BytesIO(buf))
    for sh in book.worksheets:
        node = sh["B2"].value
        a = matrices[node]
        for i in range(len(a)):
            for j in range(i + 1, len(a)):
                v = a[i][j]
                sh.cell(row=7 + i, column=3 + j, value=v if v >= 1 else f"1/{round(1 / v)}")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


TWO_LEVEL = {"id": "wb", "scale": 5, "tree": {"id": "R", "children": [
    {"id": "A", "children": [{"id": "A1", "item": "q1"}, {"id": "A2", "item": "q2"}, {"id": "A3", "item": "q3"}]},
    {"id": "B", "children": [{"id": "B1", "item": "q4"}, {"id": "B2", "item": "q5"}]}]}}


def test_ahp_workbook_round_trip_three_experts():
    system = load_system(TWO_LEVEL)
    nodes = system.ahp_nodes()
    assert nodes == {"R": ["A", "B"], "A": ["A1", "A2", "A3"], "B": ["B1", "B2"]}
    buf = io.BytesIO()
    ahp_workbook(nodes, buf, names=system.display_names())
    per_expert = [{"R": [[1, 2], [1 / 2, 1]], "A": EXPERTS[0], "B": [[1, 1 / 3], [3, 1]]},
                  {"R": [[1, 3], [1 / 3, 1]], "A": EXPERTS[1], "B": [[1, 1 / 2], [2, 1]]},
                  {"R": [[1, 1 / 2], [2, 1]], "A": EXPERTS[2], "B": [[1, 4], [1 / 4, 1]]}]
    books = [read_ahp_workbook(fill_book(buf.getvalue(), m)) for m in per_expert]
    assert set(books[0]) == {"R", "A", "B"}
    data = pd.DataFrame({"q1": [5, 4, 2, 1], "q2": [4, 4, 3, 2], "q3": [5, 2, 1, 2], "q4": [3, 5, 2, 1],
                         "q5": [1, 2, 4, 5]})
    res = evaluate(data, system, weights="ahp", ahp=books)
    for node, kids in nodes.items():
        want = group_ahp([m[node] for m in per_expert], kids, warn_scale=False).weights
        assert close(weights_of(res, kids), want.reindex(kids), 1e-7)
    # and independently for node A (AIJ by hand): the 1/3-style cells read back exactly enough
    w_a = eig_weights(np.exp(np.log(np.array(EXPERTS, dtype=float)).mean(axis=0)))[0]
    assert close(weights_of(res, ["A1", "A2", "A3"]), w_a, 1e-7)
    # R: geometric mean of 2, 3, 1/2 → a = 3^(1/3); w_A = a/(1 + a)
    a = 3 ** (1 / 3)
    assert close(weights_of(res, ["A", "B"]), [a / (1 + a), 1 / (1 + a)], 1e-9)


# --------------------------------------------------------------------------
# summaries
# --------------------------------------------------------------------------

def one_column(**top) -> dict:
    return {"id": "one", **top, "tree": {"id": "R", "children": [{"id": "S", "column": "s", "range": [0, 100]}]}}


def test_summary_mean_sd_se_ci_grade_boundary_and_shares():
    data = pd.DataFrame({"s": [80, 90, 85, 75, 95]})
    res = evaluate(data, one_column())
    row = res.overall
    sd = math.sqrt((25 + 25 + 0 + 100 + 100) / 4)
    se = sd / math.sqrt(5)
    assert row["n"] == 5 and row["n_missing"] == 0
    assert row["mean"] == pytest.approx(85, abs=1e-12)
    assert row["sd"] == pytest.approx(sd, abs=1e-12) and row["se"] == pytest.approx(se, abs=1e-12)
    assert row["ci_low"] == pytest.approx(85 - T_975_4 * se, abs=1e-9)
    assert row["ci_high"] == pytest.approx(85 + T_975_4 * se, abs=1e-9)
    assert row["grade"] == "优"                          # 85 exactly: the band starting at 85 (boundary lower)
    assert [row[f"share[{g}]"] for g in "优良中低差"] == pytest.approx([0.6, 0.4, 0, 0, 0])
    res90 = evaluate(data, one_column(), level=0.90)
    assert res90.overall["ci_low"] == pytest.approx(85 - T_950_4 * se, abs=1e-9)
    assert res90.overall["ci_high"] == pytest.approx(85 + T_950_4 * se, abs=1e-9)
    assert res90.level == 0.90
    up = evaluate(data, one_column(boundary="upper")).overall
    assert up["grade"] == "良"                           # (lower, upper]: 85 belongs to 良
    assert [up[f"share[{g}]"] for g in "优良中低差"] == pytest.approx([0.4, 0.4, 0.2, 0, 0])


def test_summary_per_segment_and_segment_names_from_questionnaire():
    system = one_column(questionnaire="lsq5")
    data = pd.DataFrame({"s": [80, 90, 85, 75, 40, 60], "PLATFORM": [1, 1, 3, 3, np.nan, 3]})
    res = evaluate(data, system, group="PLATFORM", min_n=1)
    assert res.segments == ("1", "3")                  # 1.0 read as a float: still segment "1"; NaN only overall
    s = res.summary.set_index(["node", "segment"])
    assert s.loc[("R", OVERALL), "n"] == 6
    assert s.loc[("R", "1"), "n"] == 2 and s.loc[("R", "3"), "n"] == 3
    assert s.loc[("R", "1"), "mean"] == pytest.approx(85)
    assert s.loc[("R", "3"), "mean"] == pytest.approx(220 / 3)
    assert s.loc[("R", "1"), "grade"] == "优" and s.loc[("R", "3"), "grade"] == "中"
    assert s.loc[("R", "1"), "sd"] == pytest.approx(math.sqrt(50))
    # segment 3: 85 → 优, 75 → 良, 60 → 中
    assert [s.loc[("R", "3"), f"share[{g}]"] for g in "优良中低差"] == pytest.approx([1 / 3, 1 / 3, 1 / 3, 0, 0])
    assert res.segment_names["1"] == {"zh-Hans": "淘宝", "zh-Hant": "淘寶", "en": "Taobao"}
    assert res.segment_label("3", "zh-Hant") == "京東" and res.segment_label("3", "en") == "JD.com"
    assert any("1 respondent(s) without a value of PLATFORM" in n for n in res.notes)


def test_nullable_group_column_missing_is_not_a_segment():
    data = pd.DataFrame({"s": [80, 90, 85, 75], "g": pd.array([2, 2, None, 1], dtype="Int64")})
    res = evaluate(data, one_column(), group="g", min_n=1)
    assert res.segments == ("1", "2")
    assert set(res.summary["segment"]) == {OVERALL, "1", "2"}


# --------------------------------------------------------------------------
# fuzzy comprehensive evaluation
# --------------------------------------------------------------------------

FUZZY = {"id": "fz", "scale": 5, "tree": {"id": "R", "children": [
    {"id": "A", "weight": 0.6, "children": [{"id": "A1", "item": "q1", "weight": 0.5},
                                           {"id": "A2", "items": ["q2", "q3"], "weight": 0.5}]},
    {"id": "B", "weight": 0.4, "children": [{"id": "B1", "item": "q4"}]}]}}
FQ = pd.DataFrame({"q1": [5, 5, 4, 3, 1, 2], "q2": [5, 4, 4, 4, 3, 1], "q3": [5, 5, 3, 2, 2, 2],
                   "q4": [4, 4, 4, 3, 3, 1]})
# memberships (优 良 中 低 差) by hand: 5 → 优 … 1 → 差
R_A1 = np.array([2, 1, 1, 1, 1]) / 6
R_A2 = np.array([3, 3, 2, 3, 1]) / 12                  # twelve pooled answers of q2 and q3
R_B1 = np.array([0, 3, 2, 0, 1]) / 6


def test_fuzzy_memberships_and_weighted_average_hierarchy():
    res = evaluate(FQ, FUZZY)
    assert list(res.membership.columns) == ["优", "良", "中", "低", "差"]
    assert close(res.membership.loc["A1"], R_A1)
    assert close(res.membership.loc["A2"], R_A2)
    assert close(res.membership.loc["B1"], R_B1)
    fz = res.fuzzy[OVERALL]
    b_a = 0.5 * R_A1 + 0.5 * R_A2
    b = 0.6 * b_a + 0.4 * R_B1
    assert close(fz.nodes["A"].B, b_a)
    assert close(fz.nodes["B"].B, R_B1)
    assert close(fz.B, b)
    assert fz.grade == ["优", "良", "中", "低", "差"][int(np.argmax(b))]
    # every leaf is a five-point item mapped 5 → 优 … 1 → 差, so the grades score as the answers' 0–100 values and
    # the weighted score is the index's: with no missing answer, the mean of the root's scores
    assert res.settings["fuzzy_answer_scores"] and res.settings["fuzzy_grade_scores"] == list(ANSWER_SCORES)
    assert fz.score == pytest.approx(float(b @ ANSWER_SCORES), abs=1e-12)
    assert fz.score == pytest.approx(res.scores["R"].mean(), abs=1e-9)


def test_fuzzy_grade_scores_stated_in_the_file_are_used():
    grades = [{"lower": lo, "name": {"zh-Hans": z, "en": e}, "score": sc} for lo, z, e, sc in
              [(85, "优", "A", 90), (75, "良", "B", 80), (60, "中", "C", 70), (40, "低", "D", 50), (0, "差", "E", 30)]]
    res = evaluate(FQ, {**FUZZY, "grades": grades})
    b = 0.6 * (0.5 * R_A1 + 0.5 * R_A2) + 0.4 * R_B1
    assert not res.settings["fuzzy_answer_scores"]
    assert res.fuzzy[OVERALL].score == pytest.approx(float(b @ np.array([90, 80, 70, 50, 30])), abs=1e-12)


def test_fuzzy_mixed_leaves_keep_the_band_scores():
    """A column leaf graded by its bands next to rating items: one grade-score vector for the whole tree, the
    system's (band middles)."""
    system = {"id": "mx", "scale": 5, "tree": {"id": "R", "children": [
        {"id": "A1", "item": "q1", "weight": 0.5}, {"id": "C", "column": "c", "range": [0, 100], "weight": 0.5}]}}
    data = FQ.assign(c=[95, 80, 70, 50, 20, 90])
    res = evaluate(data, system)
    r_c = np.array([2, 1, 1, 1, 1]) / 6                      # 95, 90 → 优; 80 → 良; 70 → 中; 50 → 低; 20 → 差
    assert close(res.membership.loc["C"], r_c)
    b = 0.5 * R_A1 + 0.5 * r_c
    assert not res.settings["fuzzy_answer_scores"]
    assert res.fuzzy[OVERALL].score == pytest.approx(float(b @ GRADE_SCORES), abs=1e-12)


def test_fuzzy_segments_grade_answers_as_the_whole_sample_does():
    """A non-integer answer (3.5) in the sample means answers are graded by their 0–100 bands, not 1:1 — in every
    segment too, even one whose own answers are whole (3 → 50 → 低, not 中)."""
    system = {"id": "one", "scale": 5, "tree": {"id": "R", "children": [{"id": "A1", "item": "q1"}]}}
    res = evaluate(pd.DataFrame({"q1": [5, 3, 3.5], "g": [1, 1, 2]}), system, group="g", min_n=1)
    assert close(res.membership.loc["A1"], [1 / 3, 0, 1 / 3, 1 / 3, 0])      # 100 优, 50 低, 62.5 中
    assert close(res.fuzzy["1"].B, [0.5, 0, 0, 0.5, 0])
    assert not res.settings["fuzzy_answer_scores"]


def test_fuzzy_max_type_operator_normalised():
    res = evaluate(FQ, FUZZY, operator="min_max")
    b_a = np.maximum(np.minimum(0.5, R_A1), np.minimum(0.5, R_A2))
    b_a = b_a / b_a.sum()
    b_b = R_B1 / R_B1.sum()                            # one child with weight 1: min(1, r) = r
    b = np.maximum(np.minimum(0.6, b_a), np.minimum(0.4, b_b))
    fz = res.fuzzy[OVERALL]
    assert fz.operator == "min_max" and fz.normalised
    assert close(fz.nodes["A"].B, b_a)
    assert close(fz.B, b / b.sum())
    assert fz.score == pytest.approx(float(b @ ANSWER_SCORES / b.sum()), abs=1e-12)


def test_fuzzy_per_segment():
    data = FQ.assign(g=[1, 1, 1, 2, 2, 2])
    res = evaluate(data, FUZZY, group="g", min_n=1)
    assert set(res.fuzzy) == {OVERALL, "1", "2"}
    # segment 1: q1 5, 5, 4 → A1 (2/3, 1/3, 0, 0, 0)
    assert close(res.fuzzy["1"].nodes["A1"].B, [2 / 3, 1 / 3, 0, 0, 0])
    r_b1 = np.array([0, 0, 2, 0, 1]) / 3                    # q4 of segment 2: 3, 3, 1
    assert close(res.fuzzy["2"].nodes["B"].B, r_b1)


# --------------------------------------------------------------------------
# ranking of segments
# --------------------------------------------------------------------------

RANK = flat({"L1": {"item": "q1", "weight": 0.5}, "L2": {"item": "q2", "weight": 0.3},
             "L3": {"item": "q3", "weight": 0.2}})
RQ = pd.DataFrame({"q1": [5, 4, 3, 3, 2, 4, 1], "q2": [2, 3, 5, 4, 3, 3, 5], "q3": [4, 4, 2, 3, 5, 5, 1],
                   "g": ["a", "a", "b", "b", "c", "c", "d"]})


def test_ranking_topsis_and_grey_by_hand():
    res = evaluate(RQ, RANK, group="g", min_n=2)
    rk = res.ranking
    # segment means of the leaf scores: a (87.5, 37.5, 75), b (50, 87.5, 37.5), c (50, 50, 100)
    x = np.array([[87.5, 37.5, 75], [50, 87.5, 37.5], [50, 50, 100]])
    assert close(rk["values"].loc[["a", "b", "c"], ["L1", "L2", "L3"]], x)
    w = np.array([0.5, 0.3, 0.2])
    v = w * x / np.sqrt((x ** 2).sum(axis=0))
    dp = np.sqrt(((v - v.max(axis=0)) ** 2).sum(axis=1))
    dm = np.sqrt(((v - v.min(axis=0)) ** 2).sum(axis=1))
    assert close(rk["topsis"].closeness.loc[["a", "b", "c"]], dm / (dp + dm))
    z = minmax(x)
    delta = 1 - z
    xi = (delta.min() + 0.5 * delta.max()) / (delta + 0.5 * delta.max())
    assert close(rk["grey_relational"].grade.loc[["a", "b", "c"]], xi @ w)
    assert rk["dropped"] == [{"segment": "d", "n": 1, "min_n": 2}]
    assert dict(rk["n"]) == {"a": 2, "b": 2, "c": 2}
    assert close(rk["weights"], w)
    sens = rk["topsis_sensitivity"]
    assert sens.change == 0.10 and len(sens.perturbations) == 6
    assert rk["grey_sensitivity"].method == "grey_relational"
    assert close(rk["topsis"].rank.loc[["a", "b", "c"]], (-(dm / (dp + dm))).argsort().argsort() + 1)


def test_ranking_fewer_than_two_segments_left():
    res = evaluate(RQ, RANK, group="g", min_n=3)
    assert res.ranking is None
    assert any("fewer than two segments have at least 3 respondents" in n for n in res.notes)
    assert res.segments == ("a", "b", "c", "d")          # the summaries still cover every segment


# --------------------------------------------------------------------------
# errors: what, where and how, in three languages
# --------------------------------------------------------------------------

def messages(exc: ResearchError) -> dict:
    return {lang: exc.message(lang) for lang in LANGS}


def assert_names(exc, *texts):
    for lang, msg in messages(exc).items():
        for t in texts:
            assert str(t) in msg, (lang, t, msg)


SIMPLE = flat({"L1": {"item": "q1"}, "L2": {"item": "q2"}, "X": {"standards": STANDARDS, "column": "expert"}})
OK = pd.DataFrame({"q1": [1, 2, 3], "q2": [3, 4, 5], "expert": ["优", 70, "Good"]})


def test_error_missing_column():
    with pytest.raises(DataError) as e:
        evaluate(OK.drop(columns="q2"), SIMPLE)
    assert e.value.column == "q2"
    assert_names(e.value, "q2", "L2")
    m = messages(e.value)
    assert "“q2”列" in m["zh-Hans"] and "「q2」欄" in m["zh-Hant"] and "column 'q2'" in m["en"]


def test_error_text_in_numeric_column():
    with pytest.raises(DataError) as e:
        evaluate(OK.assign(q1=[1, "很好", 3]), SIMPLE)
    assert (e.value.row, e.value.column, e.value.value) == (2, "q1", "很好")
    m = messages(e.value)
    assert "row 2" in m["en"] and "第 2 行" in m["zh-Hans"] and "第 2 列" in m["zh-Hant"]
    assert_names(e.value, "q1", "很好", "L1")


def test_error_value_out_of_range():
    with pytest.raises(DataError) as e:
        evaluate(OK.assign(q2=[3, 4, 7]), SIMPLE)
    assert (e.value.row, e.value.column, e.value.value) == (3, "q2", 7)
    assert_names(e.value, "q2", "7", "1–5")


def test_error_expert_cell_neither_score_nor_grade():
    for bad in ("great", 120, -1):
        with pytest.raises(DataError) as e:
            evaluate(OK.assign(expert=["优", bad, "Good"]), SIMPLE)
        assert (e.value.row, e.value.column) == (2, "expert")
        assert_names(e.value, "expert", bad, "X")
    m = messages(e.value)
    assert "Excellent" in m["en"] and "优、良、中、低、差" in m["zh-Hans"] and "優、良、中、低、差" in m["zh-Hant"]


def test_error_ahp_without_judgements_names_the_node():
    with pytest.raises(DataError) as e:
        evaluate(OK, SIMPLE, weights="ahp")
    assert e.value.value == "R"
    assert_names(e.value, "R")
    m = messages(e.value)          # the node's name in each language
    assert "'Root'" in m["en"] and "“总体”" in m["zh-Hans"] and "「總體」" in m["zh-Hant"]
    assert "--template" in m["en"] and "判断" in m["zh-Hans"] and "判斷矩陣" in m["zh-Hant"]


def test_error_stated_without_stated_weights_names_the_node():
    with pytest.raises(OptionError) as e:
        evaluate(OK, SIMPLE, weights="stated")
    assert_names(e.value, "weights", "R")
    m = messages(e.value)
    assert "stated weights" in m["en"] and "给定权重" in m["zh-Hans"] and "給定權重" in m["zh-Hant"]


def test_error_workbook_sheet_for_other_children():
    buf = io.BytesIO()
    ahp_workbook({"R": ["L1", "L9", "X"]}, buf)
    book = read_ahp_workbook(fill_book(buf.getvalue(), {"R": [[1, 2, 3], [1 / 2, 1, 2], [1 / 3, 1 / 2, 1]]}))
    with pytest.raises(DataError) as e:
        evaluate(OK, SIMPLE, weights="ahp", ahp=book)
    assert e.value.value == "R"
    assert_names(e.value, "R", "L9", "L2")
    m = messages(e.value)
    assert "template" in m["en"] and "工作表" in m["zh-Hans"] and "範本" in m["zh-Hant"]


def test_error_group_column_absent():
    with pytest.raises(OptionError) as e:
        evaluate(OK, SIMPLE, group="PLATFORM")
    assert e.value.column == "PLATFORM"
    assert_names(e.value, "PLATFORM", "group")


def test_error_empty_data():
    for empty in (OK.iloc[:0], pd.DataFrame()):
        with pytest.raises(DataError) as e:
            evaluate(empty, SIMPLE)
        m = messages(e.value)
        assert "no rows" in m["en"] and "没有任何行" in m["zh-Hans"] and "沒有任何列" in m["zh-Hant"]


@pytest.mark.parametrize("kwargs, option, shown", [
    ({"weights": "entropie"}, "weights", "entropie"),
    ({"operator": "max"}, "operator", "max"),
    ({"normalisation": "sum"}, "normalisation", "sum"),
    ({"aggregate": "mean"}, "aggregate", "mean"),
    ({"level": 95}, "level", "95"),
    ({"level": True}, "level", "True"),
    ({"min_n": 0}, "min_n", "0"),
    ({"min_n": "30"}, "min_n", "30"),
    ({"change": 1.5}, "change", "1.5"),
    ({"given": {"R": {"L1": 1, "L2": 1, "LX": 1}}}, "given", "LX"),
    ({"given": {"R": {"L1": 1, "L2": 1}}}, "given", "R"),
    ({"given": {"L1": {"a": 1}}}, "given", "L1"),
    ({"given": {"R": {"L1": -1, "L2": 1, "X": 1}}}, "given", "R"),
])
def test_error_bad_option_values(kwargs, option, shown):
    with pytest.raises(OptionError) as e:
        evaluate(OK, SIMPLE, **kwargs)
    assert_names(e.value, option, shown)


def test_error_data_not_a_frame():
    with pytest.raises(OptionError) as e:
        evaluate(OK.to_numpy(), SIMPLE)
    assert_names(e.value, "data", "DataFrame")


# --------------------------------------------------------------------------
# to_dict
# --------------------------------------------------------------------------

def test_to_dict_is_strict_json_and_round_trips():
    data = RQ.assign(q3=[4, 4, 2, 3, 5, 5, np.nan])      # segment d: one respondent, no SD, no L3
    res = evaluate(data, RANK, weights="entropy", group="g", min_n=2)
    text = json.dumps(res.to_dict(), allow_nan=False)
    back = json.loads(text)
    assert back["n"] == 7 and back["group"] == "g" and back["segments"] == ["a", "b", "c", "d"]
    assert back["method"] == "entropy" and back["operator_symbol"] == "M(·,⊕)"
    overall = next(r for r in back["summary"] if r["node"] == "R" and r["segment"] is None)
    assert overall["mean"] == res.overall["mean"] and overall["ci_high"] == res.overall["ci_high"]
    d = next(r for r in back["summary"] if r["node"] == "L1" and r["segment"] == "d")
    assert d["n"] == 1 and d["sd"] is None
    w = {r["node"]: r["global_weight"] for r in back["weights"]}
    assert w["L2"] == float(res.global_weights(["L2"]).iloc[0])
    # d's one respondent has no L3, so no index score: the ranking counts nobody in d
    assert back["ranking"]["dropped"] == [{"segment": "d", "n": 0, "min_n": 2}]
    assert back["fuzzy"]["overall"]["nodes"][-1]["node"] == "R"
    assert back["data_weights"]["R"]["variant"] == "direction_normalised"
    assert back["leaf_missing"]["L3"] == 1
    assert back["system"]["root"] == "R"


def test_to_dict_notes_in_three_languages():
    data = pd.DataFrame({"s": [80, 90, 85, 75], "g": [1, 1, None, 2]})
    back = json.loads(json.dumps(evaluate(data, one_column(), group="g", min_n=1).to_dict(), allow_nan=False))
    note = back["notes"][0]
    assert set(note) == set(LANGS)
    assert "只计入总体" in note["zh-Hans"] and "只計入總體" in note["zh-Hant"] and "overall rows" in note["en"]


# --------------------------------------------------------------------------
# the LSQ-5 sample
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sample():
    data = pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv")
    return data, evaluate(data, "lsq5-index", weights="entropy", group="PLATFORM")


def test_sample_root_is_global_weighted_sum_of_leaves_on_complete_rows(sample):
    data, res = sample
    leaves = list(res.system.leaves)
    assert len(leaves) == 20
    sc = res.scores
    complete = sc[leaves].notna().all(axis=1).to_numpy()
    assert 0 < complete.sum() < len(data)                         # the sample has missing answers
    g = res.global_weights(leaves).to_numpy()
    assert g.sum() == pytest.approx(1.0, abs=1e-12)
    assert close(sc["LSQ"].to_numpy()[complete], sc[leaves].to_numpy()[complete] @ g, 1e-9)
    assert np.isnan(sc["LSQ"].to_numpy()[~complete]).all()
    assert res.overall["n"] == complete.sum()
    assert res.overall["n_missing"] == len(data) - complete.sum()


def test_sample_leaves_entropy_segments_and_ranking(sample):
    data, res = sample
    # leaves rescaled from the raw answers; REL4 is reverse-coded by the questionnaire
    assert close(res.scores["ECO1"], (data["ECO1"] - 1) * 25)
    assert close(res.scores["REL4"], (5 - data["REL4"]) * 25)
    # ECO's weights: direction-normalised entropy of its items' scores over complete rows
    eco = ((data[["ECO1", "ECO2", "ECO3", "ECO4"]].dropna().to_numpy(dtype=float)) - 1) * 25
    assert close(weights_of(res, ["ECO1", "ECO2", "ECO3", "ECO4"]), entropy_w(eco), 1e-12)
    s = res.summary.set_index(["node", "segment"])
    for leaf in ("ECO1", "REL4", "EMP4"):
        assert s.loc[(leaf, OVERALL), "n"] == data[leaf].notna().sum()
    assert res.segments == tuple(str(k) for k in sorted(data["PLATFORM"].value_counts().index))
    assert res.segment_label("1", "zh-Hans") == "淘宝" and res.segment_label("1", "zh-Hant") == "淘寶"
    assert res.segment_label("1", "en") == "Taobao"
    rk = res.ranking
    # a segment is ranked on its respondents with an index score: the n of the summary's root row
    scored = res.scores["LSQ"].notna()
    counts = data.loc[scored, "PLATFORM"].value_counts()
    assert counts.sum() < data["PLATFORM"].notna().sum()              # some respondents lack a root score
    assert [d["segment"] for d in rk["dropped"]] == [str(k) for k in sorted(counts.index) if counts[k] < 30]
    assert dict(rk["n"]) == {str(k): int(counts[k]) for k in sorted(counts.index) if counts[k] >= 30}
    for k in rk["n"].index:
        assert rk["n"][k] == s.loc[("LSQ", k), "n"]
    # the ranking's values are those respondents' mean leaf scores
    one = res.scores.loc[(data["PLATFORM"] == 1) & scored, "ECO1"].mean()
    assert one != pytest.approx(res.scores.loc[data["PLATFORM"] == 1, "ECO1"].mean(), abs=1e-6)
    assert rk["values"].loc["1", "ECO1"] == pytest.approx(one, abs=1e-12)
    assert close(rk["weights"], res.global_weights(rk["values"].columns))
    assert set(res.fuzzy) == {OVERALL, *res.segments}


def test_segment_without_answers_on_a_leaf_notes_fuzzy_and_ranking():
    data = RQ.assign(q3=[4, 4, 2, 3, 5, 5, np.nan])      # segment d: no answer on L3
    res = evaluate(data, RANK, group="g", min_n=1)
    assert "d" not in res.fuzzy and {"a", "b", "c", OVERALL} <= set(res.fuzzy)
    assert any("No fuzzy evaluation for d" in n for n in res.notes)
    # d has no respondent with an index score, so it is not ranked (even with min_n = 1), and the others are
    # ranked on every leaf — the ranking describes the respondents the summary's root row counts
    assert res.ranking["dropped"] == [{"segment": "d", "n": 0, "min_n": 1}]
    assert list(res.ranking["values"].index) == ["a", "b", "c"]
    assert list(res.ranking["values"].columns) == ["L1", "L2", "L3"]
    assert not any("Left out of the ranking" in n for n in res.notes)


def test_recoded_data_are_not_reverse_coded_again():
    """REL4 is reverse-keyed in lsq5: answers as given are recoded by evaluate; already recoded answers
    (research.screen(...).kept.data) with recoded=True give the same scores."""
    raw = pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv").head(40)
    pre = raw.copy()
    pre["REL4"] = 6 - pre["REL4"]
    a = evaluate(raw, "lsq5-index")
    b = evaluate(pre, "lsq5-index", recoded=True)
    c = evaluate(pre, "lsq5-index")
    pd.testing.assert_frame_equal(a.scores, b.scores)
    rel4 = (6 - raw["REL4"] - 1) / 4 * 100          # answer as given → recoded → 0–100
    np.testing.assert_allclose(a.scores["REL4"].to_numpy(), rel4.to_numpy(), equal_nan=True)
    np.testing.assert_allclose(c.scores["REL4"].to_numpy(), ((raw["REL4"] - 1) / 4 * 100).to_numpy(), equal_nan=True)
    assert b.settings["recoded"] is True and a.settings["recoded"] is False
