"""Display tables: construct and item names from the questionnaire in results.json's ``labels``, the codes in a
column of their own, and one formatting of every table (research.report.apa.display) by the formats the
tables carry — p as APA, bounded statistics without the leading zero, df and counts whole, "—" for what is
missing or fixed, "" for a matrix's empty triangle; never "None" or "nan"."""
from __future__ import annotations

import copy
import math
import re
import sys

import pandas as pd
import pytest

from conftest import REFERENCE, ROOT
from research import tables
from research.questionnaire import load_questionnaire
from research.report import apa
from research.results_file import check_results

import research.analyze  # noqa: F401  (the module: research.analyze is also the function)

analyze_module = sys.modules["research.analyze"]
SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
LANGS = ("zh-Hans", "zh-Hant", "en")
ECO = {"zh-Hans": "经济性", "zh-Hant": "經濟性", "en": "Economy"}
SAT = {"zh-Hans": "顾客满意度", "zh-Hant": "顧客滿意度", "en": "Customer satisfaction"}
REL = {"zh-Hans": "可靠性", "zh-Hant": "可靠性", "en": "Reliability"}
ECO1 = {"zh-Hans": "运费与配送速度和距离相称", "zh-Hant": "運費與配送速度和距離相稱",
        "en": "The shipping fee is fair for the delivery speed and distance"}
BAD = re.compile(r"\bNone\b|\bnan\b|\bNaN\b|\binf\b|\d\.\d{5,}")


@pytest.fixture(scope="module")
def sample() -> dict:
    """The sample analysed with the lsq5 questionnaire, a group (invariance, group tests) and a hypothesis."""
    return analyze_module.analyze(SAMPLE, questionnaire="lsq5", bootstrap=0, seed=20261206, group="PLATFORM",
                                  missing="listwise", hypotheses=["H1: REL -> SAT, +"]).to_dict()


@pytest.fixture(scope="module")
def lavaan_only() -> dict:
    """A user's own lavaan model, no questionnaire: no labels."""
    model = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\ntextual ~ visual\nspeed ~ textual"
    return analyze_module.analyze(REFERENCE / "holzinger1939.csv", model=model, bootstrap=0).to_dict()


def _column(frame: pd.DataFrame, key: str, lang: str) -> pd.Series:
    return frame[tables.HEAD[key][lang]]


# ----------------------------------------------------------------------------------------------
# labels in the results
# ----------------------------------------------------------------------------------------------
def test_results_carry_the_questionnaire_labels_in_three_languages(sample):
    labels = sample["labels"]
    assert labels["constructs"]["ECO"] == ECO and labels["constructs"]["SAT"] == SAT
    assert labels["items"]["ECO1"] == ECO1
    q = load_questionnaire("lsq5")
    assert set(labels["constructs"]) == {c.id for c in q.constructs}
    assert set(q.item_ids) <= set(labels["items"])
    assert all(set(texts) == set(LANGS) for block in labels.values() for texts in block.values())
    assert check_results(copy.deepcopy(sample))["labels"] == labels          # results.json accepts the key


def test_a_lavaan_model_has_empty_labels_and_keeps_its_codes(lavaan_only):
    assert lavaan_only["labels"] == {"constructs": {}, "items": {}}
    assert not tables.has_labels(lavaan_only)
    t = tables.loadings(lavaan_only, "cfa", "en")
    assert list(t.columns) == ["Construct", "Item", "Std. loading", "B", "SE", "z", "p"]
    assert list(t["Construct"][:3]) == ["visual"] * 3 and list(t["Item"][:3]) == ["x1", "x2", "x3"]
    assert list(tables.paths(lavaan_only, "en")["Path"]) == ["visual → textual", "textual → speed"]


def test_missing_languages_are_filled_from_the_others():
    q = load_questionnaire("scale: 5\nconstructs:\n  INF:\n    name: {zh-Hans: 信息质量}\n    items:\n"
                           "      - {id: INF1, text: {en: Fees are fair}}\n      - {id: INF2, text: {zh-Hant: 資訊清楚}}\n")
    labels = analyze_module.labels_of(q)
    assert labels["constructs"]["INF"] == {"zh-Hans": "信息质量", "zh-Hant": "資訊品質", "en": "信息质量"}
    assert labels["items"]["INF1"] == {"zh-Hans": "Fees are fair", "zh-Hant": "Fees are fair", "en": "Fees are fair"}
    assert labels["items"]["INF2"] == {"zh-Hans": "資訊清楚", "zh-Hant": "資訊清楚", "en": "資訊清楚"}
    assert analyze_module.labels_of(None) == {"constructs": {}, "items": {}}


def test_name_gives_the_construct_or_item_name_else_the_code(sample):
    for lang in LANGS:
        assert tables.name(sample, "ECO", lang) == ECO[lang]
        assert tables.name(sample, "ECO1", lang) == ECO1[lang]
        assert tables.name(sample, "PLATFORM", lang) == "PLATFORM"              # not a construct or an item
    assert tables.name({"n": 1}, "ECO", "zh-Hans") == "ECO"                     # an old results.json
    assert tables.name({"labels": ["damaged"]}, "ECO", "en") == "ECO"
    assert tables.name({"labels": {"constructs": {"INF": {"zh-Hans": "信息质量"}}}}, "INF", "zh-Hant") == "資訊品質"
    assert tables.name(sample, None, "en") == ""


# ----------------------------------------------------------------------------------------------
# names in the tables
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_loadings_show_names_texts_and_codes(sample, lang):
    t = tables.loadings(sample, "cfa", lang)
    assert list(t.columns[:4]) == [tables.HEAD[k][lang] for k in ("construct", "construct_code", "item", "code")]
    first = t.iloc[0]
    assert first.iloc[0] == ECO[lang] and first.iloc[1] == "ECO" and first.iloc[2] == ECO1[lang]
    assert first.iloc[3] == "ECO1"
    eco = [p for p in sample["cfa"]["parameters"] if p["op"] == "=~" and p["lhs"] == "ECO"]
    assert list(_column(t, "loading", lang)[:4]) == [p["std.all"] for p in eco]      # full precision kept
    assert math.isnan(_column(t, "se", lang).iloc[0])                            # the marker loading is fixed
    assert _column(t, "b", lang).iloc[0] == 1.0


@pytest.mark.parametrize("lang", LANGS)
def test_every_construct_table_names_the_constructs(sample, lang):
    rel = tables.reliability(sample, lang)
    assert list(rel.iloc[:, 0][:1]) == [ECO[lang]] and list(_column(rel, "code", lang)[:1]) == ["ECO"]
    paths = tables.paths(sample, lang)
    assert f"{ECO[lang]} → {SAT[lang]}" in list(_column(paths, "path", lang))
    assert "ECO → SAT" in list(_column(paths, "code", lang))
    effects = tables.effects(sample, lang)
    loy = sample["labels"]["constructs"]["LOY"][lang]
    assert f"{ECO[lang]} → {SAT[lang]} → {loy}" in list(_column(effects, "path", lang))
    assert set(_column(tables.r2(sample, lang), "construct", lang)) == {SAT[lang], loy}
    hyp = tables.hypotheses(sample, lang)
    assert _column(hyp, "hypothesis", lang).iloc[0] == "H1"
    sign = " (+)" if lang == "en" else "（+）"
    assert _column(hyp, "path", lang).iloc[0] == f"{REL[lang]} → {SAT[lang]}{sign}"
    assert _column(hyp, "code", lang).iloc[0] == "H1: REL -> SAT, +"                  # as written
    assert ECO[lang] in set(_column(tables.drivers(sample, lang), "driver", lang))
    assert ECO[lang] in set(_column(tables.ipa(sample, lang), "driver", lang))
    assert ECO[lang] in set(_column(tables.group_tests(sample, lang), "variable", lang))
    reg = tables.regression(sample["regression"][0], lang, sample)
    assert ECO[lang] in set(_column(reg, "term", lang)) and "ECO" in set(_column(reg, "code", lang))
    assert {"zh-Hans": "常数项", "zh-Hant": "常數項", "en": "(Intercept)"}[lang] in set(_column(reg, "term", lang))
    assert "(Intercept)" in set(_column(reg, "code", lang))
    idx = tables.index(sample, lang)                       # segments by the questionnaire's option names
    taobao = {"zh-Hans": "淘宝", "zh-Hant": "淘寶", "en": "Taobao"}[lang]
    assert list(_column(idx, "segment", lang)[:2]) == [tables.OVERALL[lang], taobao]
    assert list(_column(idx, "code", lang)[:2]) == ["", "1"]
    fc = tables.full_collinearity(sample, lang)
    assert _column(fc, "construct", lang).iloc[0] == ECO[lang]
    # the matrices: rows and columns by name
    for frame in (tables.htmt(sample, lang), tables.fornell_larcker(sample, lang)):
        assert frame.iloc[0, 0] == ECO[lang] and frame.iloc[0, 1] == "ECO"
        assert ECO[lang] in frame.columns and SAT[lang] in frame.columns


def test_results_without_labels_keep_the_codes(sample):
    old = {k: v for k, v in copy.deepcopy(sample).items() if k != "labels"}
    rel = tables.reliability(old, "zh-Hans")
    assert list(rel.columns[:2]) == ["构念", "题目数"] and rel.iloc[0, 0] == "ECO"
    assert "ECO → SAT" in list(tables.paths(old, "zh-Hans")["路径"])
    assert tables.htmt(old, "en").iloc[0, 0] == "ECO" and "ECO" in tables.htmt(old, "en").columns
    for lang in LANGS:
        for name, frame in tables.all_tables(old, lang).items():
            if name != "index":                            # (the index names its segments from the groups' labels)
                assert tables.HEAD["code"][lang] not in frame.columns, name
            shown = apa.display(frame, lang)
            assert not any(BAD.search(v) for col in shown.columns for v in shown[col]), name


# ----------------------------------------------------------------------------------------------
# one formatting
# ----------------------------------------------------------------------------------------------
def test_cell_formats():
    assert apa.cell(1e-30, "p") == "< .001" and apa.cell(0.0321, "p") == ".032" and apa.cell(0.5, "p") == ".500"
    assert apa.cell(308.0, "int") == "308" and apa.cell(0.8072, "unit3") == ".807"
    assert apa.cell(-0.0512, "unit3") == "\u2212.051" and apa.cell(1.0204, "unit3") == "1.020"
    assert apa.cell(0.8072, "3") == "0.807" and apa.cell(308.40123, "2") == "308.40" and apa.cell(57.43, "1") == "57.4"
    assert apa.cell(None, "p") == "—" and apa.cell(math.nan, "3") == "—" and apa.cell(math.inf) == "—"
    assert apa.cell(pd.NA) == "—" and apa.cell(None, missing="") == ""
    assert apa.cell("text", "3") == "text" and apa.cell(True, lang="zh-Hant") == "是"
    assert apa.cell(12) == "12" and apa.cell(0.84931) == "0.849"


def test_display_formats_each_column_by_the_tables_formats():
    frame = pd.DataFrame({"p": [1e-30, 0.0321, None], "df": [308.0, 12.0, None], "load": [0.849, 0.8072, 0.7],
                          "mixed": pd.Series([308.0, None, "x"], dtype=object), "free": [1.5, 2.25, None]})
    frame.attrs["formats"] = {"p": "p", "df": "int", "load": "unit3", "mixed": ["int", "3", None]}
    shown = apa.display(frame, "en")
    assert list(shown["p"]) == ["< .001", ".032", "—"]
    assert list(shown["df"]) == ["308", "12", "—"]
    assert list(shown["load"]) == [".849", ".807", ".700"]
    assert list(shown["mixed"]) == ["308", "—", "x"]
    assert list(shown["free"]) == ["1.500", "2.250", "—"]                  # no format: three decimals throughout
    assert frame["load"].iloc[1] == 0.8072                                    # the table keeps its numbers


@pytest.mark.parametrize("lang", LANGS)
def test_loadings_fit_and_matrices_as_displayed(sample, lang):
    loadings = tables.loadings(sample, "cfa", lang)
    shown = apa.display(loadings, lang)
    col = tables.HEAD["loading"][lang]
    assert all(re.fullmatch(r"\u2212?\.\d{3}|1\.\d{3}", v) for v in shown[col])    # 3 decimals in every row
    eco = [p for p in sample["cfa"]["parameters"] if p["op"] == "=~" and p["lhs"] == "ECO"]
    assert list(shown[col][:4]) == [apa.unit(p["std.all"], 3) for p in eco]
    assert list(shown[col][:2]) == [".768", ".652"]
    se, z, p = (tables.HEAD[k][lang] for k in ("se", "z", "p"))
    assert (shown[se].iloc[0], shown[z].iloc[0], shown[p].iloc[0]) == ("—", "—", "—")   # fixed marker loading
    assert shown[tables.HEAD["b"][lang]].iloc[0] == "1.000"                             # its estimate shown
    assert shown[p].iloc[1] == "< .001" and shown[se].iloc[1] == apa.num(eco[1]["se"], 3)
    # fit: χ² with 2 decimals, df whole, p APA, indices .xxx — all in one column
    fit = tables.fit(sample, "cfa", lang)
    f = sample["cfa"]["fit"]
    values = list(apa.display(fit, lang)[tables.HEAD["value"][lang]])
    assert values[:3] == [apa.num(f["chisq"], 2), str(int(f["df"])), apa.p(f["pvalue"])]
    assert values[2] == ".403" and values[1] == "303"
    assert values[4] == apa.unit(f["cfi"], 3) and values[3] == apa.num(f["chisq"] / f["df"], 2)
    rows = fit.iloc[[4, 1]]                                   # filtered and reordered: each row keeps its format
    assert list(apa.display(rows, lang)[tables.HEAD["value"][lang]]) == [values[4], "303"]
    # Fornell–Larcker: √AVE on the diagonal, correlations below, the upper triangle blank
    fl = apa.display(tables.fornell_larcker(sample, lang), lang)
    sqrt_ave = sample["fornell_larcker"]["sqrt_ave"]
    assert fl.iloc[0, 2] == apa.unit(sqrt_ave["ECO"], 3) and fl.iloc[0, 3] == "" and fl.iloc[0, -1] == ""
    assert fl.iloc[1, 2] == apa.unit(sample["fornell_larcker"]["matrix"]["values"][1][0], 3)
    # HTMT: below the diagonal (a ratio that may exceed 1 keeps its leading zero), the rest blank
    ht = apa.display(tables.htmt(sample, lang), lang)
    assert ht.iloc[0, 2] == "" and ht.iloc[0, 3] == ""
    assert ht.iloc[1, 2] == apa.num(sample["htmt"]["RES"]["ECO"], 3)


@pytest.mark.parametrize("lang", LANGS)
def test_no_none_or_nan_in_any_displayed_table(sample, lang):
    every = tables.all_tables(sample, lang)
    for sheet in ("reliability", "cfa_fit", "loadings", "htmt", "fornell_larcker", "paths", "effects", "r2",
                  "hypotheses", "drivers", "ipa", "groups", "invariance", "index", "excluded", "cfa_modindices",
                  "mardia", "method_bias"):
        assert sheet in every, sheet
    for name, frame in every.items():
        shown = apa.display(frame, lang)
        assert shown.shape == frame.shape and list(shown.columns) == list(frame.columns)
        for col in shown.columns:
            for v in shown[col]:
                assert isinstance(v, str) and not BAD.search(v), (name, col, v)
        assert "formats" in frame.attrs, name


@pytest.mark.parametrize("lang", ("zh-Hans", "zh-Hant"))
def test_no_english_words_for_chinese_readers(sample, lang):
    fit = tables.fit(sample, "cfa", lang)
    sources = set(_column(fit, "source", lang))
    assert "various" not in sources and tables.COMMON_SOURCE[lang] in sources
    inv = tables.invariance(sample, lang)
    assert list(inv.iloc[:, 0]) == [tables.LEVEL[k][lang] for k in ("configural", "metric", "scalar")]
    note = {"zh-Hans": "估计方法：最大似然（ML）；缺失值处理：成列删除",
            "zh-Hant": "估計方法：最大概似（ML）；遺漏值處理：成列刪除"}[lang]
    assert fit.attrs["note"] == note and inv.attrs["note"] == note
    assert set(_column(tables.effects(sample, lang), "ci_method", lang)) == {tables.CI_METHOD["delta"][lang]}
    excluded = tables.excluded(sample, lang)
    assert not any(re.search(r"[a-z]{5,}", v) for v in _column(excluded, "reasons", lang))
    for name, frame in tables.all_tables(sample, lang).items():
        for v in apa.display(frame, lang).to_numpy().ravel():
            assert not re.search(r"\b(?:various|configural|metric|scalar|listwise|fiml|delta|percentile)\b", v), \
                (name, v)


def test_estimation_words():
    fiml = {"meta": {"spec": {"estimator": "MLR", "missing": "fiml"}}}
    assert tables.estimation(fiml, "en") == "Estimator: robust maximum likelihood (MLR); missing data: " \
                                            "full-information ML (FIML)"
    assert tables.estimation(fiml, "zh-Hans") == "估计方法：稳健最大似然（MLR）；缺失值处理：全信息最大似然（FIML）"
    assert tables.estimation(fiml, "zh-Hant") == "估計方法：穩健最大概似（MLR）；遺漏值處理：全訊息最大概似（FIML）"
    assert tables.estimation({"n": 1}, "en") == ""
