"""AHP (research.evaluation.ahp) against ../shared/reference/mcda/ahp_examples.json (published values) and
mcda_check_results.json (full-precision recomputation), plus hand-computed small cases and the RI-table trap."""
from __future__ import annotations

import io
import json
import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from conftest import SHARED

from research.errors import DataError, OptionError
from research.evaluation.ahp import (AHPResult, ahp, ahp_workbook, group_ahp, hierarchy, random_index,
                                     read_ahp_workbook)

MCDA = SHARED / "reference" / "mcda"
EXAMPLES = {e["id"]: e for e in json.loads((MCDA / "ahp_examples.json").read_text(encoding="utf-8"))["examples"]}
TABLES = json.loads((MCDA / "ahp_examples.json").read_text(encoding="utf-8"))["random_index_tables"]
CHECK = json.loads((MCDA / "mcda_check_results.json").read_text(encoding="utf-8"))["ahp"]
FULL = 1e-6            # agreement with the independent full-precision recomputation


def published_tol(decimals):
    return 0.5 * 10 ** -decimals + 1e-12


def full_from_upper(labels, upper):
    """3 × 3 matrix from [A vs B, A vs C, B vs C]."""
    ab, ac, bc = upper
    return pd.DataFrame([[1, ab, ac], [1 / ab, 1, bc], [1 / ac, 1 / bc, 1]], index=labels, columns=labels)


def from_comparisons(labels, comparisons):
    a = pd.DataFrame(np.ones((len(labels),) * 2), index=labels, columns=labels)
    for i, j, v in comparisons:
        a.loc[i, j], a.loc[j, i] = v, 1 / v
    return a


# --------------------------------------------------------------------------
# published examples
# --------------------------------------------------------------------------

def test_house_criteria_published_and_full_precision():
    ex = EXAMPLES["saaty1990_house"]
    res = ahp(ex["matrix"], ex["criteria"], ri="saaty1980")
    pub = ex["published"]
    tol = published_tol(pub["decimals"])                                   # 3 dp printed → 5e-4
    np.testing.assert_allclose(res.weights.to_numpy(), pub["weights"], atol=tol, rtol=0)
    assert abs(res.lambda_max - pub["lambda_max"]) <= tol
    assert abs(res.ci - pub["CI"]) <= tol
    assert abs(res.cr - pub["CR"]) <= tol
    chk = CHECK["saaty1990_house"]["criteria"]
    np.testing.assert_allclose(res.weights.to_numpy(), chk["weights"], atol=FULL, rtol=0)
    assert res.lambda_max == pytest.approx(chk["lambda_max"], abs=FULL)
    assert res.ci == pytest.approx(chk["CI"], abs=FULL)
    assert res.cr == pytest.approx(chk["CR_saaty_1980"], abs=FULL)
    assert ahp(ex["matrix"], ri="saaty2005").cr == pytest.approx(chk["CR_saaty_2005"], abs=FULL)
    assert res.ri == 1.41 and res.ri_table == "saaty1980" and res.lambda_max_rule == "perron_root"
    assert list(res.weights.index) == ex["criteria"]


def test_house_inconsistency_flagged_with_saaty_epsilon_rule():
    ex = EXAMPLES["saaty1990_house"]
    res = ahp(ex["matrix"], ex["criteria"])
    assert res.cr >= 0.10 and not res.consistent
    w, a = res.weights.to_numpy(), np.array(ex["matrix"])
    eps = a * w[None, :] / w[:, None]                                       # Saaty (2003): ε_ij = a_ij w_j / w_i
    i, j = np.unravel_index(np.argmax(eps), eps.shape)
    worst = res.most_inconsistent
    assert (worst["row"], worst["column"]) == (ex["criteria"][i], ex["criteria"][j]) == \
        ("Neighborhood", "General condition")
    assert worst["value"] == 6 and worst["epsilon"] == pytest.approx(eps[i, j], rel=1e-12)
    assert worst["consistent_value"] == pytest.approx(w[i] / w[j], rel=1e-12)
    assert any("Neighborhood" in n["en"] and "Neighborhood" in n["zh-Hans"] for n in res.notes)
    # replacing that judgement (and its reciprocal) by w_i/w_j lowers the CR
    b = a.copy()
    b[i, j], b[j, i] = worst["consistent_value"], 1 / worst["consistent_value"]
    assert ahp(b).cr < res.cr


def test_house_alternatives_local_and_global():
    ex = EXAMPLES["saaty1990_house"]
    chk = CHECK["saaty1990_house"]
    crit = ahp(ex["matrix"], ex["criteria"])
    local = {}
    for c in ex["criteria"]:
        local[c] = ahp(full_from_upper(ex["alternatives"], ex["alternative_matrices_upper_triangle"][c]))
        np.testing.assert_allclose(local[c].weights.to_numpy(), chk["alternatives_local"][c]["weights"], atol=FULL)
        assert local[c].cr == pytest.approx(max(chk["alternatives_local"][c]["CR_saaty_1980"], 0), abs=FULL)
    res = hierarchy(crit, local)
    for k, v in chk["alternatives_global"].items():
        assert res.global_weights[k] == pytest.approx(v, abs=FULL)
    tab = res.table()
    assert list(tab["alternative"]) == ex["alternatives"] and list(tab["rank"]) == [1, 2, 3]
    assert len(res.consistency) == 9 and not res.consistency.set_index("node").loc["criteria", "consistent"]
    json.dumps(res.to_dict(), allow_nan=False)


def test_drinks_weights_and_cr_under_three_tables():
    ex = EXAMPLES["saaty2008_drinks"]
    chk = CHECK["saaty2008_drinks"]
    res = ahp(ex["matrix"], ex["items"], ri="saaty2005")
    np.testing.assert_allclose(res.weights.to_numpy(), ex["published"]["weights"], atol=published_tol(3), rtol=0)
    ahpy = ex["ahpy_test_values"]
    for k, v in ahpy["weights_4dp"].items():
        assert res.weights[k] == pytest.approx(v, abs=published_tol(4))
    assert res.cr == pytest.approx(ahpy["CR_saaty_2005_RI_3dp"], abs=published_tol(3))
    dd = ahp(ex["matrix"], ex["items"], ri="donegan_dodd")
    assert dd.cr == pytest.approx(ahpy["CR_donegan_dodd_RI_4dp"], abs=published_tol(4))
    np.testing.assert_allclose(res.weights.to_numpy(), chk["weights"], atol=FULL)
    assert res.lambda_max == pytest.approx(chk["lambda_max"], abs=FULL)
    assert res.cr == pytest.approx(chk["CR_saaty_2005"], abs=FULL)
    assert dd.cr == pytest.approx(chk["CR_donegan_dodd"], abs=FULL)
    assert ahp(ex["matrix"]).cr == pytest.approx(chk["CR_saaty_1980"], abs=FULL)
    assert res.consistent and dd.consistent and dd.ri_table == "donegan_dodd" and not dd.ri_interpolated


def test_cities_hierarchy():
    ex = EXAMPLES["saaty2005_cities"]
    chk = CHECK["saaty2005_cities"]
    crit = ahp(from_comparisons(ex["criteria"], ex["criteria_comparisons"]), ri="saaty2005")
    for k, v in chk["criteria_weights"].items():
        assert crit.weights[k] == pytest.approx(v, abs=FULL)
    assert crit.lambda_max == pytest.approx(chk["criteria_lambda_max"], abs=FULL)
    local = {c: ahp(from_comparisons(ex["alternatives"], comps), ri="saaty2005")
             for c, comps in ex["alternative_comparisons"].items()}
    res = hierarchy(crit, local)
    for k in ex["alternatives"]:
        assert res.global_weights[k] == pytest.approx(ex["expected"]["target_weights_3dp"][k], abs=published_tol(3))
        assert res.global_weights[k] == pytest.approx(ex["expected"]["target_weights_4dp"][k], abs=published_tol(4))
        assert res.global_weights[k] == pytest.approx(chk["target_weights"][k], abs=FULL)
    assert res.global_weights.sum() == pytest.approx(1, abs=1e-12)
    # plain dicts of weights work as well
    res2 = hierarchy(crit.weights.to_dict(), {c: r.weights.to_dict() for c, r in local.items()})
    np.testing.assert_allclose(res2.global_weights.to_numpy(), res.global_weights.to_numpy(), atol=1e-15)
    assert res2.consistency.empty


def test_random_index_tables_match_reference():
    names = {"saaty1980": "saaty_1980_1990", "saaty2005": "saaty_2005", "donegan_dodd": "donegan_dodd_1991"}
    for ours, theirs in names.items():
        for n, v in zip(TABLES[theirs]["n"], TABLES[theirs]["RI"]):
            assert random_index(n, ours) == (v, False)
    # Donegan–Dodd interpolated linearly between listed n (as AHPy), e.g. n = 21 between 20 and 25
    assert random_index(21, "donegan_dodd") == (pytest.approx(1.5371 + (1.5619 - 1.5371) / 5, abs=1e-12), True)
    assert random_index(2, "donegan_dodd") == (0.0, False)


# --------------------------------------------------------------------------
# traps and hand-computed cases
# --------------------------------------------------------------------------

def test_trap_same_matrix_passes_or_fails_with_the_table():
    # a12 = 2, a13 = 3, a23 = 4: for a 3 × 3 reciprocal matrix λmax = 1 + x + 1/x with x = (a13/(a12 a23))^(1/3)
    a = [[1, 2, 3], [1 / 2, 1, 4], [1 / 3, 1 / 4, 1]]
    x = (3 / 8) ** (1 / 3)
    ci = (1 + x + 1 / x - 3) / 2                                          # 0.053924…
    r80, r05, dd = (ahp(a, ri=t) for t in ("saaty1980", "saaty2005", "donegan_dodd"))
    for r, ri in ((r80, 0.58), (r05, 0.52), (dd, 0.4914)):
        assert r.ci == pytest.approx(ci, abs=1e-12) and r.cr == pytest.approx(ci / ri, abs=1e-12)
    assert r80.cr == pytest.approx(0.09297, abs=5e-6) and r80.consistent
    assert r05.cr == pytest.approx(0.10370, abs=5e-6) and not r05.consistent
    assert dd.cr == pytest.approx(0.10973, abs=5e-6) and not dd.consistent
    assert r80.to_dict()["ri_table"] == "saaty1980" and "Saaty (1980)" in r80.to_dict()["ri_source"]


def test_approximations_against_hand_computation_3x3():
    a = [[1, 2, 6], [Fraction(1, 2), 1, 4], [Fraction(1, 6), Fraction(1, 4), 1]]
    af = np.array(a, dtype=float)
    # 和积法: columns divided by their sums (5/3, 13/4, 11), then row means — exact rationals
    cols = [sum(a[i][j] for i in range(3)) for j in range(3)]
    w_col = [sum(Fraction(a[i][j]) / cols[j] for j in range(3)) / 3 for i in range(3)]
    assert cols == [Fraction(5, 3), Fraction(13, 4), 11]
    assert w_col == [Fraction(1259, 2145), Fraction(463, 1430), Fraction(383, 4290)]
    w_col = np.array([float(v) for v in w_col])
    # 方根法: cube roots of the row products 12, 2, 1/24
    g = np.array([12, 2, 1 / 24]) ** (1 / 3)
    w_geo = g / g.sum()
    # eigenvector: for n = 3 it equals the geometric-mean vector (Crawford & Williams 1985),
    # λmax = 1 + x + 1/x with x = (6/(2·4))^(1/3)
    x = 0.75 ** (1 / 3)
    lam = 1 + x + 1 / x
    eig, geo, col = (ahp(a, method=m) for m in ("eigenvector", "geometric_mean", "column_normalised"))
    np.testing.assert_allclose(eig.weights.to_numpy(), w_geo, atol=1e-12)
    np.testing.assert_allclose(geo.weights.to_numpy(), w_geo, atol=1e-15)
    np.testing.assert_allclose(col.weights.to_numpy(), w_col, atol=1e-15)
    assert eig.lambda_max == pytest.approx(lam, abs=1e-12)
    assert geo.lambda_max == pytest.approx(lam, abs=1e-12)            # w is the exact eigenvector: mean ratio = λ
    lam_col = float(np.mean(af @ w_col / w_col))
    assert col.lambda_max == pytest.approx(lam_col, abs=1e-13)
    # the amounts by which 和积法 differs from the eigenvector (hand values to 6 dp)
    np.testing.assert_allclose(w_col - w_geo, col.weights.to_numpy() - eig.weights.to_numpy(), atol=1e-15)
    np.testing.assert_allclose(w_geo, [0.587631, 0.323386, 0.088983], atol=5e-7)
    np.testing.assert_allclose(w_col, [0.586946, 0.323776, 0.089277], atol=5e-7)
    np.testing.assert_allclose(w_col - w_geo, [-0.000685, 0.000390, 0.000294], atol=1e-6)
    assert lam == pytest.approx(3.009203, abs=5e-7) and lam_col == pytest.approx(3.009213, abs=5e-7)
    assert col.ci == pytest.approx((lam_col - 3) / 2, abs=1e-13) and col.cr == pytest.approx(col.ci / 0.58)
    assert (eig.method, eig.lambda_max_rule) == ("eigenvector", "perron_root")
    assert (col.method, col.lambda_max_rule) == ("column_normalised", "mean_ratio")
    assert geo.lambda_max_rule == "mean_ratio"


def test_approximations_differ_on_house_but_keep_the_ranking_of_the_top():
    ex = EXAMPLES["saaty1990_house"]
    eig = ahp(ex["matrix"])
    for m in ("geometric_mean", "column_normalised"):
        r = ahp(ex["matrix"], method=m)
        diff = np.abs(r.weights.to_numpy() - eig.weights.to_numpy()).max()
        assert 1e-4 < diff < 0.05
        assert r.lambda_max >= 8 and r.cr != eig.cr


@pytest.mark.parametrize("method", ["eigenvector", "geometric_mean", "column_normalised"])
def test_consistent_matrix_gives_cr_zero_and_exactly_w(method):
    w = np.array([0.4, 0.3, 0.2, 0.1])
    res = ahp(w[:, None] / w[None, :], list("ABCD"), method=method)
    np.testing.assert_allclose(res.weights.to_numpy(), w, atol=1e-14, rtol=0)
    assert res.lambda_max == pytest.approx(4, abs=1e-12)
    assert 0 <= res.ci < 1e-12 and 0 <= res.cr < 1e-12 and res.consistent


def test_n_le_2_consistent_by_definition():
    two = ahp([[1, 3], [1 / 3, 1]], ["x", "y"])
    assert two.weights.tolist() == pytest.approx([0.75, 0.25], abs=1e-15)
    assert (two.ci, two.cr, two.consistent, two.consistent_by_definition) == (0.0, 0.0, True, True)
    assert two.most_inconsistent is None
    one = ahp([[1]])
    assert one.weights.tolist() == [1.0] and one.cr == 0 and one.labels == ("C1",)


def test_dataframe_input_and_outputs():
    df = pd.DataFrame([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]], index=["价格", "速度", "服务"],
                      columns=["价格", "速度", "服务"])
    res = ahp(df)
    assert isinstance(res, AHPResult) and res.labels == ("价格", "速度", "服务")
    assert list(res.table().columns) == ["element", "weight", "rank"] and res.table()["rank"].tolist() == [1, 2, 3]
    d = res.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["CR"] == res.cr and d["weights"]["价格"] == res.weights["价格"] and d["method"] == "eigenvector"
    assert res.consistency_table().loc[0, "ri_table"] == "saaty1980"
    with pytest.raises(DataError):
        ahp(df, ["a", "b", "c"])


# --------------------------------------------------------------------------
# validation
# --------------------------------------------------------------------------

def test_reciprocity_error_names_the_cell_and_both_values():
    a = [[1, 3, 5], [0.5, 1, 2], [1 / 5, 1 / 2, 1]]
    with pytest.raises(DataError) as e:
        ahp(a, ["价格", "速度", "服务"])
    msg = e.value.message("en")
    assert "a[1,2]" in msg and "a[2,1]" in msg and "'价格'" in msg and "'速度'" in msg
    assert "= 3" in msg and "= 0.5" in msg and "1/3" in msg
    assert "a_ji = 1/a_ij" in msg and "a_ji = 1/a_ij" in e.value.message("zh-Hant")
    # within the tolerance (3 decimals typed) it passes
    ahp([[1, 3], [0.333, 1]])


@pytest.mark.parametrize("matrix, fragment", [
    ([[1, 2], [0.5, 1], [1, 1]], "shape"),
    ([[1, 0], [0, 1]], "a[1,2]"),
    ([[1, -2], [-0.5, 1]], "∉ (0, ∞)"),
    ([[1, float("nan")], [1, 1]], "nan ∉ (0, ∞)"),
    ([[2, 1], [1, 1]], "a[1,1]"),
    ([["a", 1], [1, 1]], "ValueError"),
    ([], "shape"),
])
def test_bad_matrices(matrix, fragment):
    with pytest.raises(DataError) as e:
        ahp(matrix, warn_scale=False)
    assert fragment in e.value.message("en")


def test_bad_options():
    a = [[1, 2], [0.5, 1]]
    with pytest.raises(OptionError, match="eigen"):
        ahp(a, method="power")
    with pytest.raises(OptionError, match="donegan_dodd"):
        ahp(a, ri="saaty")
    big = np.ones((11, 11))
    with pytest.raises(OptionError) as e:
        ahp(big)
    assert "n = 11 > 10" in e.value.message("en") and "saaty2005" in e.value.message("zh-Hans")
    assert ahp(big, ri="saaty2005").ri == 1.52
    with pytest.raises(OptionError):
        ahp(a, threshold=2)
    with pytest.raises(DataError, match="labels"):
        ahp(a, ["x", "x"])


def test_out_of_scale_warns_and_is_listed():
    with pytest.warns(UserWarning, match="1/9–9"):
        res = ahp([[1, 12, 2], [1 / 12, 1, 1 / 5], [1 / 2, 5, 1]], list("abc"))
    assert res.out_of_scale == (("a", "b", 12.0), ("b", "a", 1 / 12))
    assert any("1/9–9" in n["zh-Hans"] for n in res.notes)


# --------------------------------------------------------------------------
# group AHP
# --------------------------------------------------------------------------

A1 = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
A2 = np.array([[1, 1 / 2, 7], [2, 1, 4], [1 / 7, 1 / 4, 1]])


def test_group_aij_of_identical_matrices_equals_single():
    ex = EXAMPLES["saaty2008_drinks"]
    single = ahp(ex["matrix"], ex["items"], ri="saaty2005")
    grp = group_ahp([ex["matrix"]] * 3, ex["items"], ri="saaty2005")
    np.testing.assert_allclose(grp.weights.to_numpy(), single.weights.to_numpy(), atol=1e-12)
    assert grp.cr == pytest.approx(single.cr, abs=1e-12)
    assert [r.cr for r in grp.experts] == pytest.approx([single.cr] * 3, abs=1e-12)
    aip = group_ahp([ex["matrix"]] * 3, ex["items"], aggregate="priorities", ri="saaty2005")
    np.testing.assert_allclose(aip.weights.to_numpy(), single.weights.to_numpy(), atol=1e-12)
    assert aip.cr is None and aip.group is None


def test_group_aij_two_experts_is_elementwise_geometric_mean():
    grp = group_ahp({"张": A1, "李": A2}, list("xyz"))
    hand = np.array([[1, math.sqrt(3 / 2), math.sqrt(35)], [math.sqrt(2 / 3), 1, math.sqrt(8)],
                     [1 / math.sqrt(35), 1 / math.sqrt(8), 1]])
    np.testing.assert_allclose(grp.group.matrix.to_numpy(), hand, atol=1e-14)
    np.testing.assert_allclose(grp.weights.to_numpy(), ahp(hand, list("xyz")).weights.to_numpy(), atol=1e-14)
    # reciprocity kept
    m = grp.group.matrix.to_numpy()
    np.testing.assert_allclose(m * m.T, np.ones((3, 3)), atol=1e-14)
    # each expert's own CR, as ahp() gives it
    assert grp.experts_table()["CR"].tolist() == pytest.approx([ahp(A1).cr, ahp(A2).cr], abs=1e-15)
    assert grp.experts_table()["expert"].tolist() == ["张", "李"]
    # weighted: a^0.75 · b^0.25
    w = group_ahp([A1, A2], expert_weights=[3, 1])
    np.testing.assert_allclose(w.group.matrix.to_numpy(), A1 ** 0.75 * A2 ** 0.25, atol=1e-14)
    assert w.expert_weights.tolist() == [0.75, 0.25]
    d = grp.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["aggregate_name"] == "AIJ" and d["mean"] == "weighted geometric mean" and set(d["experts"]) == {"张", "李"}
    assert "weight[张]" in grp.table().columns


def test_group_aip_is_normalised_weighted_geometric_mean_of_priorities():
    w1, w2 = ahp(A1).weights.to_numpy(), ahp(A2).weights.to_numpy()
    grp = group_ahp([A1, A2], aggregate="priorities", expert_weights=[1, 3])
    hand = w1 ** 0.25 * w2 ** 0.75
    np.testing.assert_allclose(grp.weights.to_numpy(), hand / hand.sum(), atol=1e-14)
    assert grp.to_dict()["aggregate_name"] == "AIP" and grp.to_dict()["CR"] is None
    # for n = 3 the eigenvector is the row geometric mean, so AIJ = AIP; with the geometric-mean method that holds
    # for any n (Barzilai & Golany 1994); with eigenvector weights and n = 4 the two aggregations differ
    assert np.abs(grp.weights.to_numpy() - group_ahp([A1, A2], expert_weights=[1, 3]).weights.to_numpy()).max() < 1e-14
    b1 = np.array(EXAMPLES["saaty1990_house"]["matrix"])[:4, :4]
    b2 = np.array(EXAMPLES["saaty2008_drinks"]["matrix"])[:4, :4]
    for method, differ in (("eigenvector", True), ("geometric_mean", False)):
        aip = group_ahp([b1, b2], aggregate="priorities", method=method).weights.to_numpy()
        aij = group_ahp([b1, b2], method=method).weights.to_numpy()
        assert (np.abs(aip - aij).max() > 1e-4) == differ


def test_group_dataframes_are_aligned_and_errors_name_the_expert():
    lab = ["x", "y", "z"]
    d1 = pd.DataFrame(A1, index=lab, columns=lab)
    order = ["z", "x", "y"]
    d2 = pd.DataFrame(A2, index=lab, columns=lab).loc[order, order]
    grp = group_ahp([d1, d2])
    np.testing.assert_allclose(grp.weights.to_numpy(), group_ahp([A1, A2], lab).weights.to_numpy(), atol=1e-14)
    bad = A2.copy()
    bad[0, 2] = 3
    with pytest.raises(DataError) as e:
        group_ahp({"张": A1, "李": bad})
    assert "李: a[1,3]" in e.value.message("en")
    with pytest.raises(DataError):
        group_ahp([A1, A2], expert_weights=[1, -1])
    with pytest.raises(DataError):
        group_ahp([A1, np.ones((2, 2))])
    with pytest.raises(OptionError):
        group_ahp([A1, A2], aggregate="mean")


# --------------------------------------------------------------------------
# the experts' workbook
# --------------------------------------------------------------------------

def _fill(buf, fills):
    """fills: {sheet: {A1 ref: value}} written with openpyxl, as an expert would type them."""
    from openpyxl import load_workbook

    buf.seek(0)
    book = load_workbook(buf)
    for sheet, cells in fills.items():
        for ref, v in cells.items():
            book[sheet][ref] = v
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def _house_workbook():
    ex = EXAMPLES["saaty1990_house"]
    buf = io.BytesIO()
    names = {"目标": {"zh-Hans": "购房决策", "zh-Hant": "購屋決策", "en": "Buying a house"},
             "Size of house": {"zh-Hans": "面积", "zh-Hant": "面積", "en": "Size of house"}}
    ahp_workbook({"目标": ex["criteria"], "Size of house": ex["alternatives"]}, buf, names=names)
    return ex, buf


def test_workbook_round_trip_house():
    ex, buf = _house_workbook()
    rows = [r.split(":")[1].split() for r in ex["matrix_as_fractions_upper_triangle"].split(";")]
    fills = {}
    for i, row in enumerate(rows):                          # grid: header row 6, first element at C7
        for k, v in enumerate(row):
            j = i + 1 + k
            fills[f"{'CDEFGHIJ'[j]}{7 + i}"] = v if "/" in v else int(v)
    fills["D7"] = " 5 "                                          # typed text with blanks
    out = _fill(buf, {"目标": fills, "Size of house": {"D7": 6, "E7": 8, "E8": "4"}})
    mats = read_ahp_workbook(out)
    assert list(mats) == ["目标", "Size of house"]
    np.testing.assert_allclose(mats["目标"].to_numpy(), np.array(ex["matrix"]), rtol=1e-15)
    assert list(mats["目标"].index) == ex["criteria"] == list(mats["目标"].columns)
    res = ahp(mats["目标"])
    assert res.cr == pytest.approx(CHECK["saaty1990_house"]["criteria"]["CR_saaty_1980"], abs=FULL)
    np.testing.assert_allclose(ahp(mats["Size of house"]).weights.to_numpy(),
                               CHECK["saaty1990_house"]["alternatives_local"]["Size of house"]["weights"], atol=FULL)


def test_workbook_layout_instructions_and_names():
    from openpyxl import load_workbook

    _, buf = _house_workbook()
    buf.seek(0)
    sh = load_workbook(buf)["目标"]
    text = "\n".join(str(c.value) for row in sh.iter_rows() for c in row if c.value is not None)
    for needle in ("同等重要", "极端重要", "Equal importance", "Extreme importance", "1/3", "黄色单元格",
                   "yellow cells", "黃色儲存格", "购房决策 / 購屋決策 / Buying a house"):
        assert needle in text
    assert sh["C7"].value == 1 and sh["D7"].value is None and sh["D7"].fill.fgColor.rgb.endswith("FFF2CC")
    assert sh["C6"].value == "Size of house" and sh["A7"].value == "Size of house"


def test_workbook_labels_are_neutralised_and_read_back():
    from openpyxl import load_workbook

    buf = io.BytesIO()
    ahp_workbook({"=HYPERLINK(\"x\")": ["=1+1", "@SUM(A1)", "-x", "plain"]}, buf)
    buf.seek(0)
    book = load_workbook(buf)
    sh = book.worksheets[0]
    for ref in ("B2", "C6", "D6", "E6", "A7", "A8"):
        assert sh[ref].data_type == "s" and str(sh[ref].value).startswith("'")
    fills = {r: 2 for r in ("D7", "E7", "F7", "E8", "F8", "F9")}
    mats = read_ahp_workbook(_fill(buf, {sh.title: fills}))
    (node, m), = mats.items()
    assert node == "=HYPERLINK(\"x\")" and list(m.index) == ["=1+1", "@SUM(A1)", "-x", "plain"]


@pytest.mark.parametrize("cell, value, fragment", [
    ("E7", "three", "'three': ∉ ℝ"),
    ("E7", "12", "12 ∉ [1/9, 9]"),
    ("E7", 0, "0 ∉ [1/9, 9]"),
    ("E7", "1/0", "∉ ℝ"),
    ("E7", None, "E7 = ∅"),
])
def test_workbook_entry_errors_name_sheet_cell_and_value(cell, value, fragment):
    buf = io.BytesIO()
    ahp_workbook({"服务": ["速度", "价格", "态度"]}, buf)
    fills = {"D7": 3, "E7": 5, "E8": "1/2"}
    fills[cell] = value
    with pytest.raises(DataError) as e:
        read_ahp_workbook(_fill(buf, {"服务": fills}))
    msg = e.value.message("en")
    assert f"'服务'!{cell}" in msg and fragment in msg
    if value not in (None, ""):
        assert str(value) in msg
    assert "1/3" in e.value.message("zh-Hans") or "Saaty" in e.value.message("zh-Hans")


def test_workbook_lower_triangle_contradiction_and_bad_files():
    buf = io.BytesIO()
    ahp_workbook({"服务": ["速度", "价格", "态度"]}, buf)
    ok = read_ahp_workbook(_fill(buf, {"服务": {"D7": 3, "E7": 5, "E8": "1/2", "C8": "1/3"}}))
    assert ok["服务"].loc["价格", "速度"] == pytest.approx(1 / 3)
    with pytest.raises(DataError) as e:
        read_ahp_workbook(_fill(buf, {"服务": {"D7": 3, "E7": 5, "E8": "1/2", "C8": 3}}))
    assert "'服务'!C8" in e.value.message("en")
    with pytest.raises(DataError):
        read_ahp_workbook(io.BytesIO(b"not a workbook"))
    with pytest.raises(DataError):
        ahp_workbook({"服务": ["速度"]}, io.BytesIO())
    with pytest.raises(DataError):
        ahp_workbook({"服务": ["速度", "速度"]}, io.BytesIO())
