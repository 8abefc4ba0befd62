"""Display tables of a PROCESS result (research.process.tables): every formatted cell is the result's own number
formatted as APA prints it (b and SE with 3 decimals, t with 2, p "< .001"/".032", one "[lower, upper]" interval
cell), headers in the three languages, variables by name, moderator values labelled as they were chosen, the same
tables from the result and from its to_dict() (a results.json entry), full precision kept in the frames.

Expected values are the result's tables (research.process, itself checked against PROCESS 2.16.3 and R in
test_process_reference.py) and the data: the share of the sample beyond a Johnson–Neyman point is counted here
from the data file."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT, SHARED
import research
from research.process import tables as PT
from research.report import apa

SIM = pd.read_csv(SHARED / "reference" / "process" / "process_simulated.csv")
CAT = pd.read_csv(ROOT / "tests" / "reference" / "process_categorical.csv")
LANGS = ("en", "zh-Hans", "zh-Hant")
LABELS = {"x": {"en": "Reliability", "zh-Hans": "可靠性", "zh-Hant": "可靠性"},
          "m": {"en": "Satisfaction", "zh-Hans": "满意度", "zh-Hant": "滿意度"},
          "y": {"en": "Loyalty", "zh-Hans": "忠诚度", "zh-Hant": "忠誠度"},
          "w": {"en": "Empathy", "zh-Hans": "移情性", "zh-Hant": "關懷性"},
          "platform": {"en": "Platform", "zh-Hans": "平台", "zh-Hant": "平台"}}


@pytest.fixture(scope="module")
def m1():
    return research.process(SIM, 1, x="x", y="y", w="w", boot=0)


@pytest.fixture(scope="module")
def m4():
    return research.process(SIM, 4, x="x", y="y", m=["m", "w"], boot=500, seed=3)


@pytest.fixture(scope="module")
def m7cat():
    return research.process(CAT, 7, x="x", y="y", m=["m"], w="platform", boot=500, seed=2)


def _ci(lo, hi) -> str:
    return f"[{apa.num(lo, 3)}, {apa.num(hi, 3)}]"


def _name(col, lang) -> str:
    return LABELS[col][lang]


def test_equation_cells_are_the_coefficients_formatted(m1):
    coef = m1.coefficients
    summ = m1.summary.iloc[0]
    for lang in LANGS:
        frames = PT.equations(m1, lang, LABELS)
        assert len(frames) == 1
        shown = PT.shown(frames[0], lang)
        names = {"(constant)": PT.WORDS["constant"][lang], "x": _name("x", lang), "w": _name("w", lang),
                 "x×w": f"{_name('x', lang)} × {_name('w', lang)}"}
        assert list(shown.columns) == [PT.HEAD["predictor"][lang], "b", "SE", "t", "p", "95% CI"]
        assert len(shown) == len(coef) == 4
        for (_, raw), (_, row) in zip(coef.iterrows(), shown.iterrows()):
            assert row.iloc[0] == names[raw["term"]]
            assert row["b"] == apa.num(raw["coeff"], 3) and row["SE"] == apa.num(raw["se"], 3)
            assert row["t"] == apa.num(raw["t"], 2) and row["p"] == apa.p(raw["p"])
            assert row["95% CI"] == _ci(raw["ci.lower"], raw["ci.upper"])
        note = shown.attrs["note"]
        assert f"R² = {apa.unit(summ['R2'], 3)}" in note
        assert f"F({int(summ['df1'])}, {int(summ['df2'])}) = {apa.num(summ['F'], 2)}" in note
        inter = m1.interactions.iloc[0]
        sep = ", " if lang == "en" else "，"
        assert f"= {apa.unit(inter['R2.change'], 3)}{sep}F(1, 296) = {apa.num(inter['F'], 2)}" in note
        assert "HC3" in note and "Hayes & Cai, 2007" in note
    # the real values: the interaction of the simulated data is b = 0.321 (HC3 SE 0.077), p < .001
    row = PT.shown(PT.equations(m1, "en", LABELS)[0], "en").iloc[3]
    assert (row["b"], row["SE"], row["p"]) == ("0.321", "0.077", "< .001")


def test_frames_keep_full_precision_and_say_how_to_show_them(m1):
    frame = PT.equations(m1, "en", LABELS)[0]
    assert np.allclose(frame["b"].to_numpy(float), m1.coefficients["coeff"].to_numpy(float), rtol=0, atol=0)
    assert frame.attrs["formats"]["b"] == "3" and frame.attrs["formats"]["p"] == "p"
    assert frame.attrs["ci"] == [("95% CI lower", "95% CI upper", "95% CI")]
    assert frame.attrs["title"] == "Regression Coefficients Predicting Loyalty"


def test_result_and_its_dict_give_the_same_tables(m4, m7cat):
    for r in (m4, m7cat):
        a = PT.display_tables(r, "zh-Hant", LABELS)
        b = PT.display_tables(r.to_dict(), "zh-Hant", LABELS)
        assert list(a) == list(b)
        for key in a:
            pd.testing.assert_frame_equal(PT.shown(a[key], "zh-Hant"), PT.shown(b[key], "zh-Hant"))


@pytest.mark.parametrize("lang, heads", [
    ("en", ("Predictor", "Path", "Effect", "Boot SE", "Boot 95% CI", "Completely standardized")),
    ("zh-Hans", ("预测变量", "路径", "效应类型", "Boot SE", "Boot 95% CI", "完全标准化效应")),
    ("zh-Hant", ("預測變項", "路徑", "效果類型", "Boot SE", "Boot 95% CI", "完全標準化效果")),
])
def test_headers_in_each_language(m4, m7cat, lang, heads):
    tables = {k: PT.shown(f, lang) for k, f in PT.display_tables(m4, lang, LABELS).items()}
    assert set(tables) == {"equation:m", "equation:w", "equation:y", "effects", "contrasts"}
    assert tables["equation:y"].columns[0] == heads[0]
    assert heads[1] in tables["effects"].columns and heads[2] in tables["effects"].columns
    assert heads[3] in tables["contrasts"].columns and heads[4] in tables["contrasts"].columns
    assert heads[5] in tables["effects"].columns
    ind = PT.shown(PT.indirect_effects(m7cat, lang, LABELS), lang)
    assert list(ind.columns) == [PT.HEAD["path"][lang], _name("platform", lang), PT.HEAD["effect"][lang],
                                 "Boot SE", "Boot 95% CI"]


def test_effects_table_total_direct_indirect_and_standardized(m4):
    shown = PT.shown(PT.effects(m4, "en", LABELS), "en")
    std = m4.standardized[m4.standardized["standardization"] == "completely"]
    total, direct = m4.total.iloc[0], m4.direct.iloc[0]
    expect = [("Total effect", "Reliability → Loyalty", total["effect"], total["se"], total["t"], total["p"],
               total["ci.lower"], total["ci.upper"], std[std["effect"] == "total"].iloc[0]),
              ("Direct effect", "Reliability → Loyalty", direct["effect"], direct["se"], direct["t"], direct["p"],
               direct["ci.lower"], direct["ci.upper"], std[std["effect"] == "direct"].iloc[0])]
    for _, r in m4.indirect.iterrows():
        kind = "Total indirect effect" if r["path"] == "total" else "Indirect effect"
        path = {"total": "Reliability → Loyalty", "x → m → y": "Reliability → Satisfaction → Loyalty",
                "x → w → y": "Reliability → Empathy → Loyalty"}[r["path"]]
        expect.append((kind, path, r["effect"], r["boot.se"], None, None, r["boot.ci.lower"], r["boot.ci.upper"],
                       std[(std["effect"] == "indirect") & (std["path"] == r["path"])].iloc[0]))
    assert len(shown) == len(expect) == 5
    for (_, row), (kind, path, b, se, t, p, lo, hi, s) in zip(shown.iterrows(), expect):
        assert (row["Effect"], row["Path"]) == (kind, path)
        assert row["b"] == apa.num(b, 3) and row["SE"] == apa.num(se, 3)
        assert row["t"] == (apa.num(t, 2) if t is not None else "—")
        assert row["p"] == (apa.p(p) if p is not None else "—")
        assert row["95% CI"] == _ci(lo, hi)
        assert row["Completely standardized"] == apa.unit(s["estimate"], 3)
        assert row["Completely standardized: Boot 95% CI"] == \
            f"[{apa.unit(s['boot.ci.lower'], 3)}, {apa.unit(s['boot.ci.upper'], 3)}]"
    # the real value: the specific indirect effect through m of the simulated data is 0.564 (= a·b)
    a = m4.coefficients.query("equation == 'm' and term == 'x'")["coeff"].iloc[0]
    b = m4.coefficients.query("equation == 'y' and term == 'm'")["coeff"].iloc[0]
    assert shown.iloc[3]["b"] == apa.num(a * b, 3) == "0.564"


def test_contrasts_and_indices(m4, m7cat):
    con = PT.shown(PT.contrasts(m4, "en", LABELS), "en").iloc[0]
    raw = m4.contrasts.iloc[0]
    assert con["Contrast"] == "Reliability → Satisfaction → Loyalty  −  Reliability → Empathy → Loyalty"
    assert con["Effect"] == apa.num(raw["effect"], 3) and con["Boot 95% CI"] == _ci(raw["boot.ci.lower"],
                                                                                    raw["boot.ci.upper"])
    for lang in LANGS:
        idx = PT.shown(PT.indices(m7cat, lang, LABELS), lang)
        assert len(idx) == 2
        for (_, row), (_, r) in zip(idx.iterrows(), m7cat.indices.iterrows()):
            level = r["moderator"].split("[")[1].rstrip("]")
            assert row[PT.HEAD["moderator"][lang]] == (f"Platform ({level})" if lang == "en" else f"平台（{level}）")
            assert row[PT.HEAD["index_kind"][lang]] == PT.INDEX_KIND["moderated mediation"][lang]
            assert row[PT.HEAD["index"][lang]] == apa.num(r["effect"], 3)
            assert row["Boot SE"] == apa.num(r["boot.se"], 3)
            assert row["Boot 95% CI"] == _ci(r["boot.ci.lower"], r["boot.ci.upper"])
        assert "JD" in idx.attrs["note"]          # the reference group


def test_conditional_effects_labelled_mean_and_sd(m1):
    vals = m1.probes["w"]
    x = SIM["w"].to_numpy(float)
    assert vals == pytest.approx([x.mean() - x.std(ddof=1), x.mean(), x.mean() + x.std(ddof=1)], abs=1e-12)
    for lang in LANGS:
        shown = PT.shown(PT.conditional_effects(m1, lang, LABELS), lang)
        level = PT.HEAD["level_of"][lang].format(name=_name("w", lang))
        assert list(shown[level]) == ["M − 1 SD", "M", "M + 1 SD"]
        assert list(shown[_name("w", lang)]) == [apa.num(v, 3) for v in vals]
        for (_, row), (_, r) in zip(shown.iterrows(), m1.direct.iterrows()):
            assert (row["b"], row["SE"], row["t"], row["p"]) == (apa.num(r["effect"], 3), apa.num(r["se"], 3),
                                                                 apa.num(r["t"], 2), apa.p(r["p"]))
            assert row["95% CI"] == _ci(r["ci.lower"], r["ci.upper"])
    # the simple slope at M + 1 SD: b1 + b3·w
    b = m1.coefficients.set_index("term")["coeff"]
    assert PT.shown(PT.conditional_effects(m1, "en"), "en").iloc[2]["b"] == apa.num(b["x"] + b["x×w"] * vals[2], 3)


def test_percentiles_minimum_and_categories():
    r = research.process(SIM, 1, x="x", y="y", w="w", boot=0, probe="percentile")
    labels = [PT.probe_label(r.to_dict(), "w", v, "zh-Hant") for v in r.probes["w"]]
    assert labels == ["第 16 百分位數", "第 50 百分位數", "第 84 百分位數"]
    assert [PT.probe_label(r.to_dict(), "w", v, "en") for v in r.probes["w"]] == \
        ["16th percentile", "50th percentile", "84th percentile"]
    assert r.probes["w"] == pytest.approx(list(np.percentile(SIM["w"], [16, 50, 84])), abs=1e-12)
    # a skewed moderator: mean − 1 SD lies below the minimum, PROCESS 3/4 take the minimum
    skew = SIM.assign(w=np.where(np.arange(len(SIM)) < 240, 0.0, SIM["w"].abs() * 3))
    r = research.process(skew, 1, x="x", y="y", w="w", boot=0)
    assert r.probes["w"][0] == 0.0
    assert [PT.probe_label(r.to_dict(), "w", v, "en") for v in r.probes["w"]] == ["Min", "M", "M + 1 SD"]
    # user-given values and categories carry no probe label; a category shows its label when the analysis has one
    assert r.to_dict()["probe_kinds"] == {"w": "sd-clipped"}
    given = research.process(SIM, 1, x="x", y="y", w="w", boot=0, values={"w": [0.0, 1.0, 2.0]})
    assert [PT.probe_label(given.to_dict(), "w", v, "en") for v in (0.0, 1.0, 2.0)] == [None] * 3
    shown = PT.shown(PT.conditional_effects(given, "en", LABELS), "en")
    assert list(shown.columns)[0] == "Empathy" and list(shown["Empathy"]) == ["0.000", "1.000", "2.000"]
    c = research.process(CAT, 1, x="x", y="y", w="platform", boot=0).to_dict()
    c["level_labels"] = {"platform": {"JD": {"en": "JD.com", "zh-Hans": "京东", "zh-Hant": "京東"}}}
    shown = PT.shown(PT.conditional_effects(c, "zh-Hant", LABELS), "zh-Hant")
    assert list(shown["平台"]) == ["京東", "Pinduoduo", "Taobao"]
    assert "參照組：京東" in shown.attrs["note"]
    eq = PT.shown(PT.equations(c, "en", LABELS)[0], "en")
    assert "Reliability × Platform (Taobao)" in list(eq["Predictor"])


def test_johnson_neyman_regions_from_the_grid_and_the_data(m1):
    j = m1.jn[0]
    (root,) = j["inside"]
    shown = PT.shown(PT.johnson_neyman(m1, "en", LABELS), "en")
    assert list(shown.columns) == ["Empathy from", "Empathy to", "Effect of Reliability significant",
                                   "Share of the sample (%)"]
    w = SIM["w"].to_numpy(float)
    assert shown.iloc[0].tolist() == [apa.num(w.min(), 3), apa.num(root, 3), "No", apa.num(100 * np.mean(w < root), 1)]
    assert shown.iloc[1].tolist() == [apa.num(root, 3), apa.num(w.max(), 3), "Yes", apa.num(100 * np.mean(w > root), 1)]
    # the J-N point of the simulated data: −0.802, where p = .05 exactly
    grid = j["grid"]
    at = grid.loc[(grid["w"] - root).abs().idxmin()]
    assert apa.num(root, 3) == "−0.802" and at["p"] == pytest.approx(0.05, abs=1e-9)
    assert "1.968" in shown.attrs["note"]            # t crit of df 296
    zh = PT.shown(PT.johnson_neyman(m1.to_dict(), "zh-Hans", LABELS), "zh-Hans")
    assert list(zh.columns) == ["移情性 自", "移情性 至", "可靠性的效应是否显著", "样本占比（%）"]
    assert list(zh.iloc[:, 2]) == ["否", "是"]


def test_jn_regions_between_two_points():
    """Two J-N points inside the range: significance alternates and the middle share is the difference."""
    j = {"moderator": "w", "min": 0.0, "max": 10.0, "inside": [3.0, 6.0],
         "shares": [{"value": 3.0, "below": 0.3, "above": 0.7}, {"value": 6.0, "below": 0.55, "above": 0.45}],
         "grid": [{"w": float(v), "p": p} for v, p in ((1, .01), (2, .02), (4, .4), (5, .3), (7, .001), (9, .0))]}
    regions = PT.jn_regions(j, 0.05)
    assert [(r["from"], r["to"], r["significant"]) for r in regions] == [(0.0, 3.0, True), (3.0, 6.0, False),
                                                                           (6.0, 10.0, True)]
    assert [r["share"] for r in regions] == pytest.approx([0.3, 0.25, 0.45])


def test_three_way_and_empty_tables():
    r = research.process(SIM, 3, x="x", y="y", w="w", z="m", boot=0)
    tabs = PT.display_tables(r, "en", LABELS)
    assert set(tabs) == {"equation:y", "conditional", "interaction_at"}
    ia = PT.shown(tabs["interaction_at"], "en")
    assert list(ia["Interaction"]) == ["Reliability × Empathy"] * 3
    assert list(ia["Level of Satisfaction"]) == ["M − 1 SD", "M", "M + 1 SD"]
    assert list(ia["b"]) == [apa.num(v, 3) for v in r.interaction_at["effect"]]
    assert len(PT.shown(tabs["conditional"], "en")) == 9
    assert PT.indirect_effects(r, "en").empty and PT.effects(r, "en").empty and PT.shown(pd.DataFrame()).empty


def test_wrong_language_or_input_is_a_clear_error(m1):
    with pytest.raises(research.errors.OptionError):
        PT.equations(m1, "fr")
    with pytest.raises(research.errors.OptionError):
        PT.equations([1, 2], "en")


def test_chinese_titles_drop_the_spaces_around_chinese_names_only():
    d = pd.read_csv(SHARED / "reference" / "process" / "process_simulated.csv")
    r = research.process(d, 7, x="x", m=["m"], y="y", w="w", boot=0)
    labels = {"x": {"zh-Hans": "可靠性", "en": "Reliability"}, "y": "忠诚度", "m": "SAT", "w": "移情性"}
    titles = [f.attrs["title"] for f in PT.display_tables(r, "zh-Hans", labels=labels).values()]
    assert "预测 SAT 的回归系数" in titles and "预测忠诚度的回归系数" in titles
    assert "可靠性对忠诚度的直接效应" in titles
    en = [f.attrs["title"] for f in PT.display_tables(r, "en", labels=labels).values()]
    assert "Direct Effect of Reliability on 忠诚度" in en
