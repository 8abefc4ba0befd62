"""research.ordinal_check (issue 19 point 7): which Likert items look unsafe to treat as continuous for ML —
at most five categories with |G1| > 1, or one answer above 80 % — on hand-computed items; the block
research.analyze writes; the report's estimator paragraph with its references; the app's data page (AppTest)
and the estimator's hint in the sidebar.

Hand computations (n = 20 each; m_r = Σ(x − x̄)^r / n, G1 = m3 / m2^1.5 · √(n(n − 1)) / (n − 2)):

* symmetric 5-point, counts 2/4/8/4/2 of 1…5: x̄ = 3, every odd moment 0 → G1 = 0; largest share 8/20;
* skewed 5-point, counts 1/1/2/4/12: x̄ = 4.25, m2 = 25.75/20, m3 = −44.625/20 → G1 = −1.654042…;
  largest share 12/20 = 60 % (so flagged by skewness only);
* 85 % in one answer, 2 ×1, 3 ×17, 4 ×2: x̄ = 3.05, m2 = 2.95/20, m3 = 0.555/20 → G1 = 0.530511… (|G1| < 1:
  flagged by the share only);
* skewed 7-point, counts 1/1/1/1/2/4/10 of 1…7: x̄ = 5.7, m2 = 64.2/20, m3 = −157.68/20 → G1 = −1.484596…;
  seven categories, largest share 50 %: not flagged (the skewness rule is for five categories or fewer).
"""
from __future__ import annotations

import copy
import math
import re

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from research.analyze import ESTIMATORS as ANALYZE_ESTIMATORS
from research.errors import DataError, OptionError
from research.ordinal_check import OrdinalCheck, ordinal_check, skewness_g1
from research.report import apa
from research.report import ordinal_text
from research.report.text import results_text
from research.ui_text import t

LANGS = ("zh-Hans", "zh-Hant", "en")
SAMPLE = ROOT / "datasets" / "lsq5_sample.csv"
MODEL = "ECO =~ ECO1 + ECO2 + ECO3\nSAT =~ SAT1 + SAT2 + SAT3\nSAT ~ ECO"
# the data page's hint tells to choose WLSMV once research.analyze offers it, else MLR or the Python interface
OFFER = "_offer" if "WLSMV" in ANALYZE_ESTIMATORS else ""


def _answers(counts: dict) -> list:
    return [value for value, k in counts.items() for _ in range(k)]


def _g1(n, m2, m3) -> float:
    return m3 / m2 ** 1.5 * math.sqrt(n * (n - 1)) / (n - 2)


ITEMS = pd.DataFrame({
    "sym": _answers({1: 2, 2: 4, 3: 8, 4: 4, 5: 2}),
    "skw": _answers({1: 1, 2: 1, 3: 2, 4: 4, 5: 12}),
    "shr": _answers({2: 1, 3: 17, 4: 2}),
    "seven": _answers({1: 1, 2: 1, 3: 1, 4: 1, 5: 2, 6: 4, 7: 10}),
})
G1 = {"sym": 0.0, "skw": _g1(20, 25.75 / 20, -44.625 / 20), "shr": _g1(20, 2.95 / 20, 0.555 / 20),
      "seven": _g1(20, 64.2 / 20, -157.68 / 20)}


@pytest.fixture(scope="module")
def check():
    return ordinal_check(ITEMS, list(ITEMS))


def test_hand_computed_skewness():
    assert G1["skw"] == pytest.approx(-1.6540425217, abs=1e-9)
    assert G1["shr"] == pytest.approx(0.5305108252, abs=1e-9)
    assert G1["seven"] == pytest.approx(-1.4845962534, abs=1e-9)
    for item, g in G1.items():
        assert skewness_g1(ITEMS[item]) == pytest.approx(g, abs=1e-12)
    # not defined for a constant item or fewer than three answers
    assert math.isnan(skewness_g1([3, 3, 3, 3])) and math.isnan(skewness_g1([1, 5]))


def test_each_item_by_the_rules(check):
    by = {i.item: i for i in check.items}
    sym, skw, shr, seven = by["sym"], by["skw"], by["shr"], by["seven"]
    assert (sym.n, sym.categories, sym.top_value, sym.top_share) == (20, 5, 3.0, 0.40)
    assert sym.skewness == pytest.approx(0.0, abs=1e-12) and not sym.flagged and sym.reasons == ()
    assert (skw.categories, skw.top_value, skw.top_share) == (5, 5.0, 0.60)
    assert skw.skewness == pytest.approx(G1["skw"], abs=1e-12)
    assert skw.by_skew and not skw.by_share and skw.flagged
    assert skw.reason("en") == "5 categories (at most 5) and skewness −1.65 (|skewness| > 1.00)"
    assert skw.reason("zh-Hans") == "只有 5 个类别（不超过 5 个），偏度为 −1.65（|偏度| > 1.00）"
    assert skw.reason("zh-Hant") == "只有 5 個類別（不超過 5 個），偏態為 −1.65（|偏態| > 1.00）"
    assert (shr.categories, shr.top_value, shr.top_share) == (3, 3.0, 0.85)
    assert shr.skewness == pytest.approx(G1["shr"], abs=1e-12)
    assert shr.by_share and not shr.by_skew
    assert shr.reason("en") == "85.0% of the answers are 3 (more than 80%)"
    assert shr.reason("zh-Hant") == "85.0% 的回答為 3（超過 80%）"
    assert (seven.categories, seven.top_share) == (7, 0.50)
    assert seven.skewness == pytest.approx(G1["seven"], abs=1e-12) and abs(seven.skewness) > 1
    assert not seven.flagged                                     # seven categories: the ≤ 5 rule does not apply
    assert ordinal_check(ITEMS, ["seven"], max_categories=7).flagged == ("seven",)
    assert check.flagged == ("skw", "shr") and check.by_skew == ("skw",) and check.by_share == ("shr",)
    assert check.verdict == "consider_wlsmv"
    assert ordinal_check(ITEMS, ["sym", "seven"]).verdict == "ml_fine"


def test_thresholds_are_options():
    assert ordinal_check(ITEMS, ["skw"], skew=1.7).flagged == ()              # |−1.654| ≤ 1.7
    assert ordinal_check(ITEMS, ["skw"], share=0.55).by_share == ("skw",)     # 60 % > 55 %
    assert ordinal_check(ITEMS, ["shr"], share=0.85).flagged == ()            # 85 % is not above 85 %
    for bad in ({"max_categories": 1}, {"max_categories": 4.5}, {"skew": -1}, {"share": 1.5}, {"skew": True}):
        with pytest.raises(OptionError):
            ordinal_check(ITEMS, ["sym"], **bad)


def test_missing_answers_are_left_out_item_by_item():
    frame = ITEMS[["skw"]].astype(float)
    frame.loc[[0, 8], "skw"] = np.nan                          # drops a 1 and a 5: counts 0/1/2/4/11 of 18
    item = ordinal_check(frame, ["skw"]).items[0]
    rest = [2, 3, 3] + [4] * 4 + [5] * 11
    assert (item.n, item.categories, item.top_share) == (18, 4, pytest.approx(11 / 18))
    d = np.asarray(rest, float) - np.mean(rest)
    assert item.skewness == pytest.approx(_g1(18, np.mean(d ** 2), np.mean(d ** 3)), abs=1e-12)


@pytest.mark.parametrize("lang, words", [("en", ("row 3", "'q2'", "agree")),
                                         ("zh-Hans", ("第 3 行", "q2", "agree")),
                                         ("zh-Hant", ("第 3 列", "q2", "agree"))])
def test_text_answers_are_an_error_naming_row_column_value(lang, words):
    frame = pd.DataFrame({"q1": [1, 2, 3, 4], "q2": ["1", "2", "agree", "4"]})
    with pytest.raises(DataError) as err:
        ordinal_check(frame, ["q1", "q2"])
    e = err.value
    assert (e.row, e.column, e.value) == (3, "q2", "agree")
    message = e.message(lang)
    assert all(w in message for w in words), message
    with pytest.raises(OptionError):
        ordinal_check(frame, ["q1", "nope"])


def test_verdict_table_and_round_trip(check):
    assert check.verdict_text("en") == (
        "Consider WLSMV (or MLR): 2 of 4 items look unsafe to treat as continuous for ML (at most 5 categories "
        "with |skewness| > 1.00, or one answer holding more than 80% of an item): skw; shr "
        "(Rhemtulla et al., 2012; Flora & Curran, 2004).")
    assert "skw、shr" in check.verdict_text("zh-Hant") and "建議採用 WLSMV（或 MLR）" in check.verdict_text("zh-Hant")
    assert check.verdict_text("en", names={"skw": "Delivery speed (skw)"}).count("Delivery speed (skw); shr") == 1
    assert check.verdict_text("en", advice=False).startswith("2 of 4 items look unsafe")
    assert check.verdict_text("zh-Hans", advice=False).startswith("4 个题目中有 2 个不宜")
    fine = ordinal_check(ITEMS, ["sym"]).verdict_text("zh-Hans")
    assert fine.startswith("ML 估计适用")
    shown = apa.display(check.table("zh-Hant", names={"sym": {"zh-Hant": "對稱題", "en": "Symmetric"}}), "zh-Hant")
    assert list(shown.columns) == ["題目", "代碼", "n", "類別數", "偏態（G1）", "最常見的答案", "其占比（%）", "不宜用 ML",
                                   "原因"]
    assert list(shown["題目"]) == ["對稱題", "skw", "shr", "seven"]
    assert list(shown["偏態（G1）"]) == ["0.00", "−1.65", "0.53", "−1.48"]
    assert list(shown["其占比（%）"]) == ["40.0", "60.0", "85.0", "50.0"]
    assert list(shown["不宜用 ML"]) == ["否", "是", "是", "否"]
    assert list(shown["最常見的答案"]) == ["3", "5", "3", "7"]
    back = OrdinalCheck.from_dict(check.to_dict())
    assert back.to_dict() == check.to_dict()
    d = check.to_dict()
    assert d["thresholds"] == {"max_categories": 5, "skew_above": 1.0, "share_above": 0.8,
                               "source": "Rhemtulla, Brosseau-Liard & Savalei 2012; Flora & Curran 2004"}
    assert d["flagged"] == ["skw", "shr"] and d["items"][1]["skewness"] == pytest.approx(G1["skw"], abs=1e-12)


# ----------------------------------------------------------------------------------------------
# research.analyze's block, the report, the app
# ----------------------------------------------------------------------------------------------
def _skewed_sample() -> pd.DataFrame:
    """The sample with SAT1–3 moved up by two (answers 3–5, most at 5) and ECO3 squeezed into 1 or 4."""
    frame = pd.read_csv(SAMPLE)
    for c in ("SAT1", "SAT2", "SAT3"):
        frame[c] = np.minimum(5, frame[c] + 2)
    frame["ECO3"] = np.where(frame["ECO3"].isna(), np.nan, np.where(frame["ECO3"] >= 2, 4, frame["ECO3"]))
    return frame


@pytest.fixture(scope="module")
def skewed():
    import research

    res = research.analyze(_skewed_sample(), model=MODEL, bootstrap=0, missing="listwise", seed=1)
    return res, res.to_dict()


def test_analyze_writes_the_check_of_the_model_items(skewed):
    res, d = skewed
    block = d["diagnostics"]["ordinal_check"]
    assert [r["item"] for r in block["items"]] == ["ECO1", "ECO2", "ECO3", "SAT1", "SAT2", "SAT3"]
    assert block["flagged"] == ["ECO3", "SAT1", "SAT2", "SAT3"] and block["verdict"] == "consider_wlsmv"
    again = ordinal_check(res.data, ["ECO1", "ECO2", "ECO3", "SAT1", "SAT2", "SAT3"]).to_dict()
    assert block == again                           # the analysed rows, as the function gives them
    sat1 = block["items"][3]
    assert sat1["categories"] == 3 and sat1["by_skew"] and sat1["by_share"] and sat1["top_value"] == 5


def _ordinal_paragraph(d, lang) -> str:
    method = next(s for s in results_text(d, lang) if s["key"] == "method")
    found = [p for p in method["paragraphs"] if "Rhemtulla" in p]
    assert len(found) == 1
    return found[0]


def _references(d, lang) -> list:
    return next((s["paragraphs"] for s in results_text(d, lang) if s["key"] == "process_references"), [])


def test_report_states_the_estimator_and_why(skewed):
    _, d = skewed
    items = d["diagnostics"]["ordinal_check"]["items"]
    g = [r["skewness"] for r in items if r["by_skew"]]
    lo, hi = apa.num(min(g), 2), apa.num(max(g), 2)
    en = _ordinal_paragraph(d, "en")
    assert en == (
        f"Because 4 of the 6 items had at most 5 answer categories with |skewness| > 1 (ECO3, SAT1, SAT2, SAT3; "
        f"G1 from {lo} to {hi}, Joanes & Gill, 1998), and 4 had one answer given by more than 80% of the "
        f"respondents (ECO3, SAT1, SAT2, SAT3), treating these answers as continuous under maximum likelihood "
        f"risks loadings biased downward and an inflated χ² (Flora & Curran, 2004; Rhemtulla et al., 2012); a "
        f"categorical estimator, WLSMV on polychoric correlations, or at least MLR would have been the safer "
        f"choice, and the ML results should be read with this in mind.")
    assert (lo, hi) == ("−4.32", "−2.09")
    hans = _ordinal_paragraph(d, "zh-Hans")
    assert hans.startswith("由于 6 个题目中有 4 个答案类别不超过 5 个且 |偏度| > 1（ECO3、SAT1、SAT2、SAT3；G1 介于 −4.32 与 −2.09")
    assert "且有 4 个题目的某一答案被超过 80% 的受访者选择" in hans and "WLSMV，或至少 MLR" in hans
    hant = _ordinal_paragraph(d, "zh-Hant")
    assert "|偏態| > 1" in hant and "連續變項" in hant and "因素負荷量" in hant and "最大概似估計" in hant
    for lang in LANGS:
        refs = _references(d, lang)
        for author in ("Rhemtulla, M., Brosseau-Liard", "Flora, D. B., & Curran", "Joanes, D. N., & Gill"):
            assert sum(r.startswith(author) for r in refs) == 1, (lang, refs)
    # the estimator used decides the second half
    mlr = copy.deepcopy(d)
    for part in ("cfa", "sem"):
        mlr[part]["estimator"] = "MLR"
    assert "the MLR estimator used here corrects the standard errors and the test statistic but still treats " \
           "the answers as continuous; WLSMV on polychoric correlations would be the categorical alternative " \
           "(Flora & Curran, 2004; Rhemtulla et al., 2012)." in _ordinal_paragraph(mlr, "en")
    assert "本研究採用的 MLR 雖校正了標準誤與檢定統計量" in _ordinal_paragraph(mlr, "zh-Hant")


def test_report_without_flags_and_without_the_block(skewed):
    _, d = skewed
    fine = copy.deepcopy(d)
    fine["diagnostics"]["ordinal_check"] = ordinal_check(ITEMS, ["sym", "seven"]).to_dict()
    assert _ordinal_paragraph(fine, "en") == (
        "All 2 items either had more than 5 answer categories or were roughly symmetric (|skewness| ≤ 1; G1, "
        "Joanes & Gill, 1998), and no answer was given by more than 80% of the respondents to an item, so "
        "treating the answers as continuous was acceptable (Rhemtulla et al., 2012).")
    refs = _references(fine, "en")
    assert not any(r.startswith("Flora") for r in refs) and any(r.startswith("Rhemtulla") for r in refs)
    for gone in (None, {"not_applicable": {"en": "x", "zh-Hans": "x", "zh-Hant": "x"}}):
        old = copy.deepcopy(d)
        if gone is None:
            del old["diagnostics"]["ordinal_check"]             # a results.json written before the check
        else:
            old["diagnostics"]["ordinal_check"] = gone
        method = next(s for s in results_text(old, "en") if s["key"] == "method")
        assert not any("Rhemtulla" in p for p in method["paragraphs"])
        assert not any(r.startswith("Rhemtulla") for r in _references(old, "en"))


def _shown(value) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", str(value)).replace("\u2060", "")


def _run_app(monkeypatch, results: dict, lang: str, seed: int, **state) -> AppTest:
    import research
    from research import appworker

    monkeypatch.setattr(appworker, "ISOLATED", False)       # the replaced research.analyze exists in this process only
    monkeypatch.setattr(research, "analyze", lambda *a, **k: type("R", (), {"to_dict": lambda self: copy.deepcopy(
        results)})())
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.session_state["bootstrap"] = 0
    at.session_state["lang"] = lang
    at.session_state["seed"] = seed                          # a seed of its own: never served from the store
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


@pytest.mark.parametrize("lang", LANGS)
def test_app_data_page_warns_and_shows_the_table(monkeypatch, skewed, lang):
    _, d = skewed
    at = _run_app(monkeypatch, d, lang, 778001 + LANGS.index(lang))
    assert not at.exception and not at.error
    data = at.tabs[0]
    warnings = [_shown(w.value) for w in data.warning]
    check = OrdinalCheck.from_dict(d["diagnostics"]["ordinal_check"])
    assert warnings == [check.verdict_text(lang) + "\n\n" + t("ordinal_hint_ML" + OFFER, lang)]
    assert "ECO3" in warnings[0] and "SAT3" in warnings[0] and "WLSMV" in warnings[0]
    box = next(e for e in data.expander if e.label == t("ordinal_check", lang))
    table = box.dataframe[0].value
    assert list(table.columns) == list(check.table(lang).columns)
    assert list(table.iloc[:, 0]) == ["ECO1", "ECO2", "ECO3", "SAT1", "SAT2", "SAT3"]
    assert list(table.iloc[:, 3]) == [apa.num(i.skewness, 2) for i in check.items]
    assert list(table.iloc[:, 6]) == [apa.cell(i.flagged, lang=lang) for i in check.items]
    # the sidebar's estimator choice carries the hint
    box = at.sidebar.selectbox(key=f"estimator@{lang}")
    assert box.help == t("estimator_help", lang) and box.options[:2] == [t("est_ML", lang), t("est_MLR", lang)]


def test_app_with_mlr_wlsmv_and_without_flags(monkeypatch, skewed):
    _, d = skewed
    mlr = copy.deepcopy(d)
    for part in ("cfa", "sem"):
        mlr[part]["estimator"] = "MLR"
    at = _run_app(monkeypatch, mlr, "zh-Hant", 778011, estimator="MLR")
    assert not at.exception and not at.error
    assert [_shown(w.value).split("\n\n")[-1] for w in at.tabs[0].warning] == [t("ordinal_hint_MLR" + OFFER,
                                                                                    "zh-Hant")]
    wls = copy.deepcopy(d)
    for part in ("cfa", "sem"):
        wls[part]["estimator"] = "WLSMV"
    at = _run_app(monkeypatch, wls, "en", 778013)
    assert not at.exception and not at.error and not at.tabs[0].warning         # already fitted as ordinal
    hint = t("ordinal_hint_WLS", "en", est="WLSMV")
    shown = [_shown(i.value).split("\n\n") for i in at.tabs[0].info if hint in _shown(i.value)]
    check = OrdinalCheck.from_dict(d["diagnostics"]["ordinal_check"])
    assert shown == [[check.verdict_text("en", advice=False), hint]]          # no "Consider WLSMV" under WLSMV
    assert not shown[0][0].startswith("Consider")
    fine = copy.deepcopy(d)
    fine["diagnostics"]["ordinal_check"] = ordinal_check(ITEMS, ["sym", "seven"]).to_dict()
    at = _run_app(monkeypatch, fine, "en", 778012)
    assert not at.exception and not at.error
    assert not at.tabs[0].warning                               # nothing flagged: no warning, the table only
    box = next(e for e in at.tabs[0].expander if e.label == t("ordinal_check", "en"))
    assert list(box.dataframe[0].value.iloc[:, 0]) == ["sym", "seven"]
