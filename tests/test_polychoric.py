"""Thresholds, polychoric / polyserial / Pearson correlations and the WLSMV sample statistics (wls.obs, Γ, the
DWLS weights) against lavaan 0.6-14 (tests/reference/polychoric.R → polychoric.json), closed forms of the
bivariate normal distribution and of the tetrachoric correlation, lavaan's empty-cell rule, and every error.

Tolerances: thresholds 1e-10; correlations 1e-6 (lavaan's own optimiser stops within about 1e-8); the DWLS
weights 1e-6 relative; Γ 1e-4 relative elementwise (the largest difference, 2e-5, is in the mixed case,
where lavaan's polyserial optimiser — gradient only — stops a little earlier than ours).
"""
from __future__ import annotations

import json
import math
from functools import lru_cache

import numpy as np
import pandas as pd
import pytest
from scipy.special import ndtr

from conftest import ROOT
from research.errors import DataError, OptionError
from research.sem.ordinal_stats import ordinal_sample_stats
from research.sem.polychoric import bvn_cdf, lav_cor, thresholds

REF_DIR = ROOT / "tests" / "reference"
LANGS = ("en", "zh-Hans", "zh-Hant")


@lru_cache(maxsize=1)
def ref() -> dict:
    return json.loads((REF_DIR / "polychoric.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def dataset(name: str) -> pd.DataFrame:
    if name == "lsq5":
        return pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv")
    return pd.read_csv(REF_DIR / f"polychoric_{name}.csv")


COR_CASES = {"lsq5_items": "lsq5", "mixed_cor": "mixed", "sparse_cor": "sparse", "missing_cor": "missing"}
CFA_CASES = {"lsq5_cfa": "lsq5", "mixed_cfa": "mixed", "sparse_cfa": "sparse", "missing_cfa": "missing",
             "group_cfa": "lsq5"}


def _ordered_arg(entry):
    return True if entry["ordered"] == entry["names"] else entry["ordered"]


# --- the bivariate normal distribution --------------------------------------------------------------------------

def test_bvn_cdf_closed_forms():
    rho = np.array([-0.999, -0.97, -0.93, -0.9, -0.6, -0.2, 0.0, 0.1, 0.5, 0.8, 0.924, 0.926, 0.99, 0.9999])
    # Sheppard: P(X < 0, Y < 0) = 1/4 + asin(rho) / (2π)
    assert np.allclose(bvn_cdf(0.0, 0.0, rho), 0.25 + np.arcsin(rho) / (2 * np.pi), atol=1e-14, rtol=0)
    h = np.linspace(-3, 3, 13)
    k = np.linspace(2.5, -2, 13)
    assert np.allclose(bvn_cdf(h, k, 0.0), ndtr(h) * ndtr(k), atol=1e-15, rtol=0)
    # P(X < h, Y < k; -rho) = Φ(h) - P(X < h, Y < -k; rho), across both branches of the algorithm
    for r in rho:
        assert np.allclose(bvn_cdf(h, k, -r), ndtr(h) - bvn_cdf(h, -k, r), atol=2e-15, rtol=0)
    # rho = 1: P(X < min(h, k))
    assert np.allclose(bvn_cdf(h, k, 1.0), ndtr(np.minimum(h, k)), atol=1e-15, rtol=0)


def test_bvn_cdf_against_numerical_integration():
    # P(X < h, Y < k) = ∫_{-∞}^{h} φ(x) Φ((k - ρx) / √(1-ρ²)) dx by Gauss–Legendre on [-12, h]
    x, w = np.polynomial.legendre.leggauss(120)
    for h, k, r in [(0.3, -0.7, 0.45), (-1.2, 1.6, -0.8), (1.1, 0.9, 0.95), (-0.4, -0.2, -0.96), (2.0, 2.5, 0.3)]:
        a, b = -12.0, h
        t = (b - a) / 2 * x + (a + b) / 2
        f = np.exp(-t * t / 2) / math.sqrt(2 * math.pi) * ndtr((k - r * t) / math.sqrt(1 - r * r))
        assert bvn_cdf(h, k, r) == pytest.approx((b - a) / 2 * (w @ f), abs=1e-13)


# --- thresholds and correlations against lavCor -----------------------------------------------------------------

@pytest.mark.parametrize("case", sorted(COR_CASES))
def test_correlations_match_lavcor(case):
    entry = ref()[case]
    data = dataset(COR_CASES[case])[entry["names"]]
    cor = lav_cor(data, ordered=_ordered_arg(entry), missing=entry["missing"])
    assert list(cor.index) == entry["names"] == list(cor.columns)
    assert np.abs(cor.to_numpy() - np.array(entry["cor"])).max() < 1e-6
    stats = ordinal_sample_stats(data, entry["names"], _ordered_arg(entry), missing=entry["missing"], nacov=False)[0]
    assert stats.n == entry["n"]
    assert list(stats.th_names) == entry["th_names"]
    assert np.abs(stats.th - np.array(entry["th"])).max() < 1e-10
    assert stats.nacov is None and stats.wls_v_diag is None


def test_continuous_only_is_pearson():
    data = dataset("mixed")[["C1", "C2"]]
    cor = lav_cor(data, ordered=False)
    assert cor.loc["C1", "C2"] == pytest.approx(np.corrcoef(data["C1"], data["C2"])[0, 1], abs=1e-14)
    assert cor.loc["C1", "C2"] == pytest.approx(ref()["mixed_cor"]["cor"][4][5], abs=1e-12)


def test_thresholds_are_normal_quantiles_of_the_margins():
    # 20 / 30 / 50 of 100: qnorm(.2), qnorm(.5)
    assert np.allclose(thresholds([20, 30, 50]), [-0.8416212335729143, 0.0], atol=1e-15)


def test_a_category_nobody_chose_is_no_category():
    # Y5 is coded 1, 3, 4, 5: lavaan recodes the observed levels 1..4, so Y5 has three thresholds
    entry = ref()["mixed_cor"]
    assert [t for t in entry["th_names"] if t.startswith("Y5")] == ["Y5|t1", "Y5|t2", "Y5|t3"]
    data = dataset("mixed")
    stats = ordinal_sample_stats(data, entry["names"], entry["ordered"], nacov=False)[0]
    assert stats.levels["Y5"] == (1.0, 3.0, 4.0, 5.0)
    # the codes themselves do not matter, only their order
    recoded = data.assign(Y5=data["Y5"].map({1: 10, 3: 20, 4: 35, 5: 90}))
    again = ordinal_sample_stats(recoded, entry["names"], entry["ordered"], nacov=False)[0]
    assert np.array_equal(again.th, stats.th) and np.array_equal(again.cor, stats.cor)


# --- wls.obs, Γ and the DWLS weights against a WLSMV fit --------------------------------------------------------

@pytest.mark.parametrize("case", sorted(CFA_CASES))
def test_wlsmv_sample_statistics_match_lavaan(case):
    entry = ref()[case]
    data = dataset(CFA_CASES[case])
    if entry["group"] is not None:
        data = data[data[entry["group"]].isin([int(g) for g in entry["group_labels"]])]
    names = entry["groups"][0]["names"]
    got = ordinal_sample_stats(data, names, entry["ordered"], missing=entry["missing"], group=entry["group"])
    assert len(got) == len(entry["groups"])
    for stats, g, label in zip(got, entry["groups"], entry["group_labels"]):
        assert (stats.group is None) == (entry["group"] is None)
        if entry["group"] is not None:
            assert str(stats.group) == label
        assert stats.n == g["n"]
        assert list(stats.names) == g["names"]
        assert list(stats.th_names) == g["th_names"]
        assert stats.th_idx.tolist() == g["th_idx"]
        assert np.abs(stats.th - np.array(g["th"])).max() < 1e-10
        assert np.abs(stats.cor - np.array(g["cov"])).max() < 1e-6
        if g["mean"] is not None:
            assert np.abs(stats.mean - np.array(g["mean"])).max() < 1e-10
        assert list(stats.wls_obs_names) == g["wls_obs_names"]
        assert np.abs(stats.wls_obs - np.array(g["wls_obs"])).max() < 1e-6
        assert np.abs(stats.wls_v_diag / np.array(g["wls_v_diag"]) - 1).max() < 1e-6
        gamma = np.array(g["gamma"])
        assert np.abs(stats.nacov - gamma).max() <= 1e-4 * np.abs(gamma).max()
        assert (np.abs(stats.nacov - gamma) <= 1e-4 * np.abs(gamma)).all()
        assert sorted(map(list, stats.zero_cell_pairs)) == sorted(g["zero_cells"])


@pytest.mark.parametrize("case, missing, ordered_only", [
    ("missing_cfa", "pairwise", False),      # with continuous variables: the casewise computation
    ("missing_cfa", "pairwise", True),       # ordered only: from the pair tables, a missing answer as a category
    ("mixed_cfa", "listwise", True),         # 2, 3, 4 and 5 categories
    ("sparse_cfa", "listwise", True),
])
def test_the_weights_alone_equal_the_diagonal_of_gamma(case, missing, ordered_only):
    entry = ref()[case]
    data = dataset(CFA_CASES[case])
    names = entry["groups"][0]["names"]
    if ordered_only:
        names = [n for n in names if n in entry["ordered"]]
    full = ordinal_sample_stats(data, names, entry["ordered"], missing=missing)[0]
    diag = ordinal_sample_stats(data, names, entry["ordered"], missing=missing, nacov="diag")[0]
    assert diag.nacov is None
    assert np.allclose(diag.wls_v_diag, 1 / np.diag(full.nacov), rtol=1e-12, atol=0)
    assert np.array_equal(diag.wls_obs, full.wls_obs)


def test_pairwise_deletion_drops_only_empty_rows():
    data = dataset("missing")[ref()["missing_cor"]["names"]]
    blank = pd.DataFrame([[np.nan] * data.shape[1]], columns=data.columns)
    stats = ordinal_sample_stats(pd.concat([data, blank], ignore_index=True), list(data.columns), True,
                                 missing="pairwise", nacov=False)[0]
    assert stats.n == ref()["missing_cor"]["n"] == len(data)
    listwise = ordinal_sample_stats(data, list(data.columns), True, nacov=False)[0]
    assert listwise.n == int(data.notna().all(axis=1).sum())


# --- empty cells ----------------------------------------------------------------------------------------------------

def test_empty_cell_rule_for_2x2_tables():
    entry = ref()["sparse_cor"]
    names = entry["names"]
    cor = np.array(entry["cor"])
    data = dataset("sparse")
    assert ref()["sparse_freq"]["B1B2"] == [[28, 0], [16, 16]]
    stats = ordinal_sample_stats(data, names, True, nacov=False)[0]
    b1, b2 = names.index("B1"), names.index("B2")
    # one empty cell: 0.5 moved onto it keeping the margins -> [[27.5, 0.5], [16.5, 15.5]]; the tetrachoric
    # correlation then reproduces the adjusted P(B1 = 1, B2 = 1) exactly
    t1 = stats.th[list(stats.th_names).index("B1|t1")]
    t2 = stats.th[list(stats.th_names).index("B2|t1")]
    assert bvn_cdf(t1, t2, stats.cor[b1, b2]) == pytest.approx(27.5 / 60, abs=1e-9)
    assert stats.cor[b1, b2] == pytest.approx(cor[b1, b2], abs=1e-6)
    # two empty cells (B3 is B1): rho = 1, as lavaan
    assert stats.cor[b1, names.index("B3")] == 1.0 == cor[b1][names.index("B3")]
    # larger tables are used as they are (lavaan's zero.add[2] = 0)
    assert ref()["sparse_freq"]["P1P2"][0][2] == 0
    p1, p2 = names.index("P1"), names.index("P2")
    assert stats.cor[p1, p2] == pytest.approx(cor[p1, p2], abs=1e-6)
    # every pair with an empty cell is listed in the data; the note names only the 2 × 2 tables, which the rule
    # alters (a larger table with an empty cell is used as it is, and lavaan does not warn about it)
    assert ("B1", "B2") in stats.zero_cell_pairs and ("P1", "P2") in stats.zero_cell_pairs
    note = stats.notes[0]
    for lang in LANGS:
        assert "B1 × B2" in note.texts[lang] and "P1 × P2" not in note.texts[lang]
    assert "0.5" in note.texts["en"] and "空細格" in note.texts["zh-Hant"] and "空单元格" in note.texts["zh-Hans"]


def test_empty_cells_of_five_point_tables_give_no_note():
    """The 20 LSQ items: many 5 × 5 cross-tables have a combination nobody chose; nothing is altered, no note."""
    data = dataset("lsq5")
    items = [c for c in data.columns if c[:3] in ("ECO", "RES", "FLE", "REL", "EMP") and c[-1].isdigit()]
    stats = ordinal_sample_stats(data.dropna(subset=items), items, True, nacov=False)[0]
    assert len(items) == 20 and len(stats.zero_cell_pairs) > 20
    assert not [n for n in stats.notes if "Empty cells" in n.texts["en"]]


def test_a_perfect_2x2_correlation_has_no_weight_matrix():
    data = dataset("sparse")
    assert ordinal_sample_stats(data, ["B1", "B3", "P1"], True, nacov=False)[0].cor[0, 1] == 1.0
    for nacov in (True, "diag"):
        with pytest.raises(DataError) as info:
            ordinal_sample_stats(data, ["B1", "B3", "P1"], True, nacov=nacov)
        msgs = _messages(info.value)
        assert info.value.column == "B1"
        assert "B1 × B3" in msgs["en"] and "two empty cells" in msgs["en"]
        assert "两个空单元格" in msgs["zh-Hans"] and "兩個空細格" in msgs["zh-Hant"] and "權重" in msgs["zh-Hant"]


def test_tetrachoric_closed_form():
    # both margins 50 / 50: thresholds 0 and rho = -cos(2π p11) (Sheppard), here p11 = .4 -> cos(.2π)
    table = [[40, 10], [10, 40]]
    rows = [(a + 1, b + 1) for a in range(2) for b in range(2) for _ in range(table[a][b])]
    data = pd.DataFrame(rows, columns=["A", "B"])
    stats = ordinal_sample_stats(data, ["A", "B"], True)[0]
    assert stats.th.tolist() == [0.0, 0.0]
    assert stats.cor[0, 1] == pytest.approx(math.cos(0.2 * math.pi), abs=1e-15)
    # an unbalanced table: the ML estimate reproduces the table exactly (3 proportions, 3 parameters)
    table = [[30, 12], [8, 50]]
    rows = [(a + 1, b + 1) for a in range(2) for b in range(2) for _ in range(table[a][b])]
    data = pd.DataFrame(rows, columns=["A", "B"])
    stats = ordinal_sample_stats(data, ["A", "B"], True)[0]
    assert stats.th.tolist() == pytest.approx([ndtr_inv(0.42), ndtr_inv(0.38)], abs=1e-15)
    assert bvn_cdf(stats.th[0], stats.th[1], stats.cor[0, 1]) == pytest.approx(0.30, abs=1e-10)
    assert stats.zero_cell_pairs == () and stats.notes == ()


def ndtr_inv(p):
    from scipy.special import ndtri
    return float(ndtri(p))


# --- errors ----------------------------------------------------------------------------------------------------------

def _messages(err):
    return {lang: err.message(lang) for lang in LANGS}


def _bad(**columns):
    base = {"A": [1, 2, 3, 1, 2, 3], "B": [1, 1, 2, 2, 3, 3]}
    base.update(columns)
    return pd.DataFrame(base)


@pytest.mark.parametrize("column, values, says", [
    ("A", [1, 2, 2.5, 1, 2, 3], ("whole-number", "整数", "整數")),
    ("A", [1, 2, "three", 1, 2, 3], ("whole-number", "整数", "整數")),
    ("A", [2, 2, 2, 2, np.nan, 2], ("fewer than two", "少于两个", "少於兩個")),
    ("A", list(range(21)) + [], ("20", "20", "20")),
])
def test_ordered_variable_errors_name_the_column(column, values, says):
    n = len(values)
    data = pd.DataFrame({"A": values, "B": ([1, 2] * n)[:n]})
    with pytest.raises(DataError) as info:
        ordinal_sample_stats(data, ["A", "B"], True)
    err = info.value
    assert err.column == "A"
    for lang, text in _messages(err).items():
        assert "A" in text and says[LANGS.index(lang)] in text
    if isinstance(values[2], str) or values[2] == 2.5:
        assert err.row == 3 and str(err.value) in ("2.5", "three")


def test_a_category_only_in_deleted_rows_is_an_error():
    # lavaan: "some categories of variable `A' are empty in group 1; frequencies are [.. 0]"
    data = _bad(A=[1, 2, 3, 1, 2, 4], B=[1, 2, 3, 1, 2, np.nan])
    with pytest.raises(DataError) as info:
        ordinal_sample_stats(data, ["A", "B"], True)
    assert info.value.column == "A" and "category 4" in info.value.message("en")
    assert ordinal_sample_stats(data, ["A", "B"], True, missing="pairwise", nacov=False)[0].levels["A"] == (1, 2, 3, 4)


def test_continuous_variable_must_be_numbers_with_variance():
    with pytest.raises(DataError) as info:
        ordinal_sample_stats(_bad(C=[1.5, 2.0, "x", 1.0, 0.5, 2.5]), ["A", "B", "C"], ["A", "B"])
    assert info.value.column == "C" and info.value.row == 3
    assert "连续变量 C" in info.value.message("zh-Hans") and "連續變項 C" in info.value.message("zh-Hant")
    with pytest.raises(DataError) as info:
        ordinal_sample_stats(_bad(C=[2.0] * 6), ["A", "B", "C"], ["A", "B"])
    assert info.value.column == "C" and "no variance" in info.value.message("en")


def test_a_group_without_a_category_is_an_error():
    # lavaan stops too ("some categories of variable ... are empty in group")
    data = _bad(G=[1, 1, 1, 2, 2, 2], A=[1, 2, 3, 1, 2, 2], B=[1, 2, 3, 3, 2, 1])
    with pytest.raises(DataError) as info:
        ordinal_sample_stats(data, ["A", "B"], True, group="G")
    msgs = _messages(info.value)
    assert info.value.column == "A"
    assert "G = 2" in msgs["en"] and "category 3" in msgs["en"]
    assert "类别 3" in msgs["zh-Hans"] and "類別 3" in msgs["zh-Hant"]


@pytest.mark.parametrize("kwargs, option", [
    (dict(variables=["A", "Z"], ordered=True), None),
    (dict(variables=["A", "B"], ordered=["Z"]), "ordered"),
    (dict(variables=["A", "B"], ordered=True, missing="ml"), "missing"),
    (dict(variables=["A", "B"], ordered=True, group="Z"), None),
    (dict(variables=["A"], ordered=True), "variables"),
    (dict(variables=["A", "B"], ordered=True, nacov="full"), "nacov"),
    (dict(variables=["A", "B"], ordered=False), "ordered"),
])
def test_option_errors(kwargs, option):
    with pytest.raises((DataError, OptionError)) as info:
        ordinal_sample_stats(_bad(), **kwargs)
    err = info.value
    if option is None:
        assert isinstance(err, DataError) and err.column == "Z"
    else:
        assert isinstance(err, OptionError) and err.params["option"] == option
    for text in _messages(err).values():
        assert text


def test_not_a_dataframe():
    with pytest.raises(OptionError):
        ordinal_sample_stats([[1, 2], [2, 1]], ["A", "B"], True)


def test_result_serialises():
    stats = ordinal_sample_stats(dataset("sparse"), ["B1", "B2", "P1"], True)[0]
    d = stats.to_dict()
    json.dumps(d)
    assert d["n"] == 60 and d["zero_cell_pairs"][0] == ["B1", "B2"]
    table = stats.table()
    assert list(table.columns) == ["name", "value", "weight"] and len(table) == len(stats.wls_obs)


def test_starting_values_change_nothing_but_the_iterations():
    """start= (a bootstrap resample starts from the full sample's correlations): the same estimates as from the
    Pearson starts, to the Newton tolerance; a start of the wrong shape is refused in three languages."""
    data = dataset("lsq5")
    items = [c for c in data.columns if c[:3] in ("ECO", "SAT") and c[-1].isdigit()]
    half = data.dropna(subset=items).iloc[::2]
    full = ordinal_sample_stats(data.dropna(subset=items), items, True, nacov=False)[0]
    plain = ordinal_sample_stats(half, items, True, nacov="diag")[0]
    warm = ordinal_sample_stats(half, items, True, nacov="diag", start=full.cor)[0]
    assert np.abs(warm.cor - plain.cor).max() < 1e-8 and np.abs(warm.cor - full.cor).max() > 1e-3
    assert np.allclose(warm.wls_v_diag, plain.wls_v_diag, rtol=1e-6)
    with pytest.raises(OptionError) as err:
        ordinal_sample_stats(half, items, True, start=np.eye(3))
    assert "p × p" in err.value.message("en") and "相关矩阵" in err.value.message("zh-Hans")
