"""research.evaluation.alternatives.rank_alternatives: an uploaded alternatives × criteria table ranked — weights
against the published entropy examples and Saaty's AHP house example (../shared/reference/mcda), TOPSIS against
Papathanasiou & Ploskas (2018) and Opricovic & Tzeng (2004, min–max), hand-computed small cases, and every
refusal in three languages."""
from __future__ import annotations

import io
import json
import math

import numpy as np
import pandas as pd
import pytest
from conftest import SHARED

from research.errors import DataError, OptionError, ResearchError
from research.evaluation.ahp import read_ahp_workbook
from research.evaluation.alternatives import criteria_workbook, rank_alternatives, ranking_figure

MCDA = SHARED / "reference" / "mcda"
LANGS = ("en", "zh-Hans", "zh-Hant")


def _examples(name):
    return json.loads((MCDA / name).read_text(encoding="utf-8"))


def _frame(matrix, criteria=None):
    m = np.asarray(matrix, dtype=float)
    cols = criteria or [f"C{j + 1}" for j in range(m.shape[1])]
    return pd.DataFrame(m, columns=cols)


def _messages(err: ResearchError) -> dict:
    return {lang: err.message(lang) for lang in LANGS}


# ------------------------------------------------------------------------------------------ references

@pytest.mark.parametrize("ex", _examples("entropy_topsis_examples.json")["entropy_weight"], ids=lambda e: e["id"])
def test_entropy_raw_matches_published_weights(ex):
    res = rank_alternatives(_frame(ex["matrix_alternatives_by_criteria"]), weights="entropy_raw")
    assert res.weight_method == "entropy_raw"
    np.testing.assert_allclose(res.weights.to_numpy(), ex["published_weights"], atol=0.5 * 10 ** -ex["decimals"])
    assert res.weights.sum() == pytest.approx(1.0)


def test_entropy_default_is_direction_normalised_and_differs_from_raw():
    """Zavadskas & Podvezko (2016): raw entropy gives the published .1146 .1981 .4185 .2689; the
    direction-normalised variant (weights='entropy') gives .2518 .2584 .2182 .2716 (mcda README)."""
    ex = _examples("entropy_topsis_examples.json")["entropy_weight"][1]
    table = _frame(ex["matrix_alternatives_by_criteria"])
    cost = [f"C{j + 1}" for j, t in enumerate(ex["criterion_types"]) if t == -1]
    res = rank_alternatives(table, cost=cost, weights="entropy")
    np.testing.assert_allclose(res.weights.to_numpy(), [0.2518, 0.2584, 0.2182, 0.2716], atol=5e-5)
    raw = rank_alternatives(table, cost=cost, weights="entropy_raw")
    np.testing.assert_allclose(raw.weights.to_numpy(), ex["published_weights"], atol=5e-5)
    assert res.weight_detail.variant == "direction_normalised" and raw.weight_detail.variant == "raw"
    assert "min–max" in res.source("en") and "raw" in raw.source("en")


def test_topsis_vector_matches_papathanasiou_ploskas():
    ex = _examples("entropy_topsis_examples.json")["topsis"][0]
    table = _frame(ex["matrix_alternatives_by_criteria"], list("ABCD"))
    res = rank_alternatives(table, weights=dict(zip("ABCD", ex["weights"])))
    np.testing.assert_allclose(res.topsis.closeness.to_numpy(), ex["published_closeness"], atol=5e-4)
    assert res.topsis.rank.tolist() == ex["published_rank"]
    assert res.weight_method == "given" and res.normalisation == "vector"
    assert list(res.alternatives) == ["1", "2", "3", "4", "5", "6"]        # no name column: row numbers
    assert any("row" in n["en"] for n in res.notes)


def test_topsis_minmax_matches_opricovic_tzeng():
    ex = _examples("entropy_topsis_examples.json")["topsis"][1]
    table = pd.DataFrame({"site": ["A1", "A2", "A3"], "cost": [r[0] for r in ex["matrix_alternatives_by_criteria"]],
                          "gain": [r[1] for r in ex["matrix_alternatives_by_criteria"]]})
    res = rank_alternatives(table, cost=["cost"], weights="equal", normalisation="minmax")
    np.testing.assert_allclose(res.topsis.closeness.to_numpy(), ex["test_expected_closeness"], atol=5e-4)
    assert res.topsis.rank.to_dict() == {"A1": 2, "A2": 1, "A3": 2}
    # vector normalisation gives the classical values instead (README: 0.7621, 0.7222, 0.2379)
    vec = rank_alternatives(table, cost=["cost"], weights="equal")
    np.testing.assert_allclose(vec.topsis.closeness.to_numpy(), [0.7621, 0.7222, 0.2379], atol=5e-5)


def test_ahp_judgements_over_the_criteria_saaty_house():
    """Saaty (1990) house: weights .173 .054 .188 .018 .031 .036 .167 .333, CR .169 — flagged with the judgement
    to revise."""
    ex = next(e for e in _examples("ahp_examples.json")["examples"] if e["id"] == "saaty1990_house")
    crit = ex["criteria"]
    rng = np.random.default_rng(1)
    table = pd.DataFrame(rng.uniform(1, 9, size=(4, len(crit))), columns=crit)
    table.insert(0, "house", ["A", "B", "C", "D"])
    matrix = pd.DataFrame(ex["matrix"], index=crit, columns=crit)
    res = rank_alternatives(table, weights=matrix)
    np.testing.assert_allclose(res.weights.to_numpy(), ex["published"]["weights"], atol=5e-4)
    assert res.weight_method == "ahp"
    assert res.weights_table()["CR"].iloc[0] == pytest.approx(ex["published"]["CR"], abs=5e-4)
    flagged = [n for n in res.notes if "0.10" in n["en"]]
    assert flagged and "CR = 0.169" in flagged[0]["en"] and "CR = 0.169" in flagged[0]["zh-Hant"]
    # the same judgements as an n × n list in the table's column order, and columns given in another order
    again = rank_alternatives(table[["house", *crit[::-1]]], weights=matrix)
    assert again.weights.reindex(crit).to_numpy() == pytest.approx(res.weights.to_numpy())
    listed = rank_alternatives(table, weights=ex["matrix"])
    assert listed.weights.to_numpy() == pytest.approx(res.weights.to_numpy())


def test_group_ahp_from_workbooks_and_equal_experts():
    """Two experts' workbooks written by criteria_workbook and read back: AIJ of two identical experts is that
    expert's weights; AIJ of A and its transpose-free reciprocal pair is the geometric mean (hand: for n = 3 the
    eigenvector is the normalised row geometric mean)."""
    table = pd.DataFrame({"name": ["x", "y", "z"], "p": [1.0, 2, 3], "q": [3.0, 1, 2], "r": [2.0, 3, 1]})
    buf = io.BytesIO()
    criteria_workbook(["p", "q", "r"], buf)
    from openpyxl import load_workbook
    book = load_workbook(io.BytesIO(buf.getvalue()))
    sh = book.worksheets[0]
    sh["D7"], sh["E7"], sh["E8"] = 3, 5, 2                           # p vs q 3, p vs r 5, q vs r 2
    filled = io.BytesIO()
    book.save(filled)
    one = read_ahp_workbook(io.BytesIO(filled.getvalue()))
    assert list(one) == ["criteria"]
    a = np.array([[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 1 / 2, 1]])
    g = a.prod(axis=1) ** (1 / 3)
    expected = g / g.sum()
    single = rank_alternatives(table, weights=one)
    np.testing.assert_allclose(single.weights.to_numpy(), expected, atol=1e-10)
    group = rank_alternatives(table, weights={"E1": one, "E2": one})
    assert group.weight_method == "group_ahp"
    np.testing.assert_allclose(group.weights.to_numpy(), expected, atol=1e-10)
    assert "2 experts" in group.source("en") and "AIJ" in group.source("en")
    b = np.array([[1, 1, 1], [1, 1, 1], [1, 1, 1.0]])
    mixed = rank_alternatives(table, weights=[a, b], aggregate="judgements")
    gm = np.sqrt(a * b).prod(axis=1) ** (1 / 3)
    np.testing.assert_allclose(mixed.weights.to_numpy(), gm / gm.sum(), atol=1e-10)


# ------------------------------------------------------------------------------------- hand-computed cases

def test_topsis_and_grey_by_hand_with_a_tie():
    """X = (3, 4), (4, 3), (0, 0), w = (.5, .5): column norms 5 → v = (.3, .4), (.4, .3), (0, 0); A⁺ = (.4, .4),
    A⁻ = (0, 0); C = .5/.6 for the first two (tied, rank 1), 0 for the third (rank 3).  Grey: min–max → Δ = (.25,
    0), (0, .25), (1, 1); ξ = .5/(Δ + .5) → grade (2/3 + 1)/2 = 5/6 for the first two, 1/3 for the third."""
    table = pd.DataFrame({"name": ["P", "Q", "R"], "a": [3, 4, 0], "b": [4, 3, 0]})
    res = rank_alternatives(table, weights="equal")
    assert res.name == "name"
    assert res.topsis.d_plus.to_numpy() == pytest.approx([0.1, 0.1, math.sqrt(0.32)])
    assert res.topsis.d_minus.to_numpy() == pytest.approx([0.5, 0.5, 0.0])
    assert res.topsis.closeness.to_numpy() == pytest.approx([5 / 6, 5 / 6, 0.0])
    assert res.topsis.rank.tolist() == [1, 1, 3]
    assert res.grey.grade.to_numpy() == pytest.approx([5 / 6, 5 / 6, 1 / 3])
    assert res.grey.rank.tolist() == [1, 1, 3]
    t = res.table()
    assert t["alternative"].tolist() == ["P", "Q", "R"] and t["topsis_rank"].tolist() == [1, 1, 3]


def test_entropy_direction_normalised_by_hand_with_a_cost_criterion():
    """A = (1, 2, 3) benefit → z = (0, .5, 1), p = (0, 1/3, 2/3); B = (1, 1, 4) cost → z = (1, 1, 0),
    p = (.5, .5, 0); e = −Σ p ln p / ln 3, w = (1 − e)/Σ(1 − e)."""
    table = pd.DataFrame({"who": ["u", "v", "w"], "A": [1, 2, 3], "B": [1, 1, 4]})
    res = rank_alternatives(table, cost="B", weights="entropy")
    e_a = -(1 / 3 * math.log(1 / 3) + 2 / 3 * math.log(2 / 3)) / math.log(3)
    e_b = -(2 * 0.5 * math.log(0.5)) / math.log(3)
    d = np.array([1 - e_a, 1 - e_b])
    assert res.weights.to_numpy() == pytest.approx(d / d.sum(), abs=1e-12)
    assert res.directions == ("benefit", "cost") and res.cost == ("B",)
    tab = res.weights_table()
    assert tab["entropy"].to_numpy() == pytest.approx([e_a, e_b])
    assert tab["direction"].tolist() == ["benefit", "cost"]


def test_critic_cv_equal_and_given_weights():
    table = pd.DataFrame({"n": ["a", "b", "c", "d"], "x": [2.0, 4, 6, 8], "y": [1.0, 3, 2, 5], "z": [9.0, 7, 8, 3]})
    cv = rank_alternatives(table, weights="cv")
    v = np.array([np.std(table[c], ddof=1) / np.mean(table[c]) for c in "xyz"])
    assert cv.weights.to_numpy() == pytest.approx(v / v.sum())
    critic = rank_alternatives(table, weights="critic")
    z = np.column_stack([(table[c] - table[c].min()) / np.ptp(table[c]) for c in "xyz"])
    r = np.corrcoef(z, rowvar=False)
    info = z.std(axis=0, ddof=1) * (1 - r).sum(axis=0)
    assert critic.weights.to_numpy() == pytest.approx(info / info.sum())
    eq = rank_alternatives(table, weights="equal")
    assert eq.weights.to_numpy() == pytest.approx([1 / 3] * 3)
    given = rank_alternatives(table, weights={"x": 2, "y": 1, "z": 1})
    assert given.weights.to_numpy() == pytest.approx([0.5, 0.25, 0.25])


def test_sensitivity_by_hand():
    """w = (.5, .5): raising a by 10 % gives (.55, .45); the first place of the tie example stays."""
    table = pd.DataFrame({"name": ["P", "Q", "R"], "a": [3, 4, 0], "b": [4, 3, 0]})
    res = rank_alternatives(table, weights="equal", change=0.10)
    p = res.topsis_sensitivity.perturbations
    assert p["weight_to"].tolist() == pytest.approx([0.55, 0.45, 0.55, 0.45])
    assert res.topsis_sensitivity.weights.iloc[0].tolist() == pytest.approx([0.55, 0.45])
    # a up: Q (4 on a) beats P; the tie breaks, first place becomes Q alone
    assert res.topsis_sensitivity.ranks.iloc[0].tolist() == [2, 1, 3]
    assert res.topsis_sensitivity.summary["n_feasible"] == 4
    assert res.grey_sensitivity.summary["share_top_unchanged"] == 0.0


def test_names_numbers_blank_rows_and_to_dict_json_safe():
    table = pd.DataFrame({"year": [2021.0, 2022.0, None, 2023.0], "note": ["x", "y", None, "z"],
                          "p": [1.0, 2, None, 3], "q": [3.0, 1, None, 2], "empty": [None] * 4})
    res = rank_alternatives(table, name="year", criteria="p, q")
    assert res.alternatives == ("2021", "2022", "2023")                  # the blank row is skipped
    assert res.rows == (1, 2, 4)
    d = res.to_dict()
    text = json.dumps(d, allow_nan=False, ensure_ascii=False)
    assert json.loads(text)["weights"]["method"] == "entropy"
    assert set(d) >= {"weights", "topsis", "grey_relational", "ranking", "topsis_sensitivity", "grey_sensitivity",
                      "notes", "criteria", "alternatives", "directions", "values"}
    assert d["weights"]["source"]["zh-Hant"] == "熵權法（按方向極差標準化）"
    # default name column: the first text column
    auto = rank_alternatives(table.drop(columns=["year"]))
    assert auto.name == "note" and auto.criteria == ("p", "q")


def test_display_tables_in_three_languages():
    table = pd.DataFrame({"平台": ["淘宝", "京东", "拼多多"], "价格": [3.0, 5, 2], "物流": [4.0, 5, 3],
                          "售后": [3.5, 4.5, 3.0]})
    res = rank_alternatives(table, cost=["价格"], weights="critic")
    for lang in LANGS:
        frames = res.display_tables(lang)
        assert list(frames) == ["weights", "ranking", "sensitivity_topsis", "sensitivity_grey", "data"]
        assert all(f.attrs.get("title") for f in frames.values())
        assert frames["ranking"].iloc[:, 0].tolist()[0] in {"淘宝", "京东", "拼多多"}
        text = res.summary(lang)
        assert "京东" in text and ("CRITIC" in text)
    zh = res.display_tables("zh-Hant")
    assert list(zh["weights"].columns)[:3] == ["指標", "方向", "權重"]
    assert zh["weights"]["方向"].tolist() == ["成本型", "效益型", "效益型"]
    en = res.display_tables("en")["weights"]
    from research.report import apa
    shown = apa.display(en)
    assert all(len(s.split(".")[-1]) == 4 for s in shown["Weight"])      # fixed 4 decimals
    assert "zh-Hans" not in res.summary("zh-Hant")
    sheets = res.workbook_tables("zh-Hans")
    assert list(sheets)[0] == "权重"


def test_ranking_figure():
    table = pd.DataFrame({"平台": ["淘宝", "京东", "拼多多"], "价格": [3.0, 5, 2], "物流": [4.0, 5, 3]})
    res = rank_alternatives(table, cost=["价格"], weights="equal")
    for method in ("topsis", "grey_relational"):
        fig = ranking_figure(res, "zh-Hans", method)
        meta = fig.alternatives_figure
        score = res.topsis.closeness if method == "topsis" else res.grey.grade
        assert meta["alternatives"][0] == score.idxmax()
        assert meta["values"] == sorted(meta["values"], reverse=True)
    with pytest.raises(OptionError):
        ranking_figure(res, "en", "vikor")


# ------------------------------------------------------------------------------------------- refusals

def test_fewer_than_two_alternatives():
    with pytest.raises(DataError) as e:
        rank_alternatives(pd.DataFrame({"n": ["a"], "p": [1], "q": [2]}))
    m = _messages(e.value)
    assert "two alternatives" in m["en"] and "两个方案" in m["zh-Hans"] and "兩個方案" in m["zh-Hant"]


def test_duplicate_names_name_the_rows():
    table = pd.DataFrame({"公司": ["顺丰", "中通", "顺丰"], "p": [1, 2, 3], "q": [3, 1, 2]})
    with pytest.raises(DataError) as e:
        rank_alternatives(table, first_row=2)
    m = _messages(e.value)
    assert "rows 2, 4" in m["en"] and "顺丰" in m["en"]
    assert "第 2, 4 行" in m["zh-Hans"] and "第 2, 4 列" in m["zh-Hant"]


def test_text_in_a_criterion_column_names_row_column_value():
    table = pd.DataFrame({"公司": ["顺丰", "中通", "圆通"], "价格": [18, "N/A", 9], "时效": [1.2, 2.5, 2.8]})
    with pytest.raises(DataError) as e:
        rank_alternatives(table, name="公司", criteria=["价格", "时效"], first_row=2)
    err = e.value
    assert (err.row, err.column, err.value) == (3, "价格", "N/A")
    m = _messages(err)
    assert "N/A" in m["zh-Hans"] and "价格" in m["zh-Hant"] and "3" in m["en"]
    assert "numbers only" in m["en"] and "只能填写数字" in m["zh-Hans"] and "只能填寫數字" in m["zh-Hant"]


def test_text_cells_load_table_turned_missing_are_reported_as_text(tmp_path):
    from research.io.load import load_table
    path = tmp_path / "t.csv"
    rows = ["name,p,q"] + [f"a{k},{k + 1},{(k * 7) % 5 + 1}" for k in range(12)]
    rows[5] = "a4,-,3"
    path.write_text("\n".join(rows), encoding="utf-8")
    frame, _ = load_table(path)
    with pytest.raises(DataError) as e:
        rank_alternatives(frame, first_row=2)
    assert (e.value.row, e.value.column, e.value.value) == (6, "p", "-")


def test_missing_values_are_listed_not_guessed():
    table = pd.DataFrame({"n": ["a", "b", "c"], "p": [1.0, None, 3], "q": [None, 1.0, 2]})
    with pytest.raises(DataError) as e:
        rank_alternatives(table, first_row=2)
    m = _messages(e.value)
    assert "2 × ∅" in m["en"] and "b × p (row 3)" in m["en"] and "a × q (row 2)" in m["en"]
    assert "不会猜测" in m["zh-Hans"] and "不會猜測遺漏值" in m["zh-Hant"]


@pytest.mark.parametrize("method", ["entropy", "entropy_raw", "critic", "cv"])
def test_constant_criterion_refused_for_data_weights(method):
    table = pd.DataFrame({"n": ["a", "b", "c"], "p": [1.0, 2, 3], "same": [5.0, 5, 5], "q": [2.0, 1, 3]})
    with pytest.raises(DataError) as e:
        rank_alternatives(table, weights=method)
    m = _messages(e.value)
    assert e.value.column == "same"
    assert "Drop it" in m["en"] and "去掉" in m["zh-Hans"] and "去掉" in m["zh-Hant"]
    # with given weights the constant criterion is kept and named in a note
    ok = rank_alternatives(table, weights="equal")
    assert any("same" in n["en"] for n in ok.notes)


@pytest.mark.parametrize("method,normalisation", [("entropy_raw", "minmax"), ("cv", "minmax"),
                                                  ("equal", "vector")])
def test_negative_values_refused_where_positives_are_needed(method, normalisation):
    table = pd.DataFrame({"n": ["a", "b", "c"], "p": [1.0, -2, 3], "q": [2.0, 1, 3]})
    with pytest.raises(DataError) as e:
        rank_alternatives(table, weights=method, normalisation=normalisation, first_row=2)
    assert (e.value.row, e.value.column, e.value.value) == (3, "p", -2.0)
    m = _messages(e.value)
    assert "≥ 0" in m["en"] and "≥ 0" in m["zh-Hans"] and "≥ 0" in m["zh-Hant"]
    # the methods that take any sign go through
    fine = rank_alternatives(table, weights="entropy", normalisation="minmax")
    assert fine.weights.sum() == pytest.approx(1.0)


def test_cost_naming_a_non_criterion():
    table = pd.DataFrame({"n": ["a", "b", "c"], "p": [1.0, 2, 3], "q": [2.0, 1, 3]})
    with pytest.raises(OptionError) as e:
        rank_alternatives(table, cost=["price"])
    m = _messages(e.value)
    assert "price" in m["en"] and "p, q" in m["en"] and "p、q" in m["zh-Hans"] and "成本型指標" in m["zh-Hant"]


def test_other_option_errors():
    table = pd.DataFrame({"n": ["a", "b", "c"], "p": [1.0, 2, 3], "q": [2.0, 1, 3]})
    for kwargs in ({"weights": "magic"}, {"normalisation": "sum"}, {"rho": 0}, {"change": 1.5},
                   {"name": "nope"}, {"criteria": ["p", "zz"]}, {"criteria": ["n", "p"], "name": "n"},
                   {"weights": {"p": 1}}, {"weights": [[1, 2], [0.5, 1]], "criteria": ["p", "q"],
                                            "name": "n", "cost": "x"}, {"aggregate": "mean"}):
        with pytest.raises(ResearchError) as e:
            rank_alternatives(table, **kwargs)
        m = _messages(e.value)
        assert len(set(m.values())) == 3
    with pytest.raises(OptionError):
        rank_alternatives([[1, 2], [3, 4]])
    with pytest.raises(DataError):                                       # one criterion only
        rank_alternatives(table, criteria=["p"])
    with pytest.raises(OptionError) as e:                                # AHP over other labels
        rank_alternatives(table, weights=pd.DataFrame([[1, 2], [0.5, 1]], index=["p", "r"], columns=["p", "r"]))
    assert "p, q" in e.value.message("en")
