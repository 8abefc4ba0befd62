"""The report's "Waves and Trend" section (results["trend"] = {"trend": TrendResult.to_dict(), "change":
ChangeResult.to_dict()}): its text, tables and figure in zh-Hans, zh-Hant and en, every number the one the
trend analysis computed, formatted as research.report.apa formats it; no section, table or figure without the
block.

Waves cut from ``datasets/lsq5_sample.csv`` by rows (250 + 250); a third wave moves one item's intercept
(REL1 + 1.5), which breaks scalar invariance: the section then carries the analysis's own warning.
"""
from __future__ import annotations

import json

import numpy as np
import pytest

import research
from conftest import ROOT
from research.marketing.trend import wave_change, wave_trend
from research.report import FIGURE_TITLES, _figure_plan, apa, report, report_tables
from research.report.text import results_text
from research.report.trend_tables import trend_report_tables
from research.report.trend_text import HEADINGS, REFERENCES

SAMPLE = ROOT / "datasets" / "lsq5_sample.csv"
LANGS = ("zh-Hans", "zh-Hant", "en")


@pytest.fixture(scope="module")
def waves():
    r = research.load_responses(SAMPLE, "lsq5")
    return {"Q1": r.subset(np.arange(250)), "Q2": r.subset(np.arange(250, 500))}


@pytest.fixture(scope="module")
def results(waves):
    trend = wave_trend(waves, boot=100, seed=3)
    change = wave_change(waves["Q1"], waves["Q2"], labels=("Q1", "Q2"))
    d = {"trend": {"trend": trend.to_dict(), "change": change.to_dict()}}
    return trend, change, json.loads(json.dumps(d, allow_nan=False))      # as read back from a file


@pytest.fixture(scope="module")
def broken(waves):
    """Q2 with REL1 + 1.5 (capped at 5) for everyone: metric holds, scalar does not."""
    a, b = waves["Q1"].items, waves["Q2"].items.copy()
    b["REL1"] = np.minimum(b["REL1"] + 1.5, 5)
    change = wave_change(a, b, "lsq5", labels=("Q1", "Q2"), partial=False)
    trend = wave_trend({"Q1": a, "Q2": b}, "lsq5", importance=False)
    assert change.warranted is False
    return change, json.loads(json.dumps({"trend": {"trend": trend.to_dict(), "change": change.to_dict()}},
                                         allow_nan=False))


def _section(d, lang):
    found = [s for s in results_text(d, lang) if s["key"] == "trend"]
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("lang", LANGS)
def test_the_section_reports_each_wave_and_the_change_with_the_analysis_numbers(results, lang):
    trend, change, d = results
    s = _section(d, lang)
    assert s["heading"] == HEADINGS["trend"][lang]
    text = "\n".join(s["paragraphs"])
    assert len(s["paragraphs"]) == 3
    for w in trend.waves:                                     # per wave: M and its CI, n, the grade's name
        o = trend.index[w].overall
        assert f"M = {apa.num(o['mean'], 1)}" in text
        assert f"[{apa.num(o['ci_low'], 1)}, {apa.num(o['ci_high'], 1)}]" in text
        assert f"n = {o['n']}" in text
        assert trend.index[w].grades[o["grade"]].name(lang) in text
    for w in trend.waves:                                     # the most important driver, by name
        est = trend.importance[w].estimates
        top = est["lmg_share"].idxmax()
        assert f"{trend.name(top, lang)} {apa.num(100 * est.loc[top, 'lmg_share'], 1)}%" in text
    i = change.index                                          # the index's change: Welch CI, t(df), p, g
    assert apa.num(i["diff"], 2) in text
    assert f"[{apa.num(i['ci_lower'], 2)}, {apa.num(i['ci_upper'], 2)}]" in text
    assert f"t({apa.num(i['df'], 1)}) = {apa.num(i['t'], 2)}" in text
    assert apa.p_text(i["p"]) in text
    assert f"g = {apa.num(i['g'], 2)}" in text
    holm = change.comparisons["p_holm"].iloc[1:]
    assert apa.p_text(holm.min()) in text                      # none significant here: the smallest adjusted p
    assert change.to_dict()["invariance_level_name"][lang] in text
    assert change.to_dict()["notes"][0][lang] in text          # independent samples: Welch, not paired
    for step in change.invariance.comparisons:
        assert f"ΔCFI = {apa.unit(step['delta.cfi'], 3)}" in text
    for code in ("ECO", "RES", "FLE", "REL", "EMP", "SAT"):    # names, never codes
        assert code not in text.replace("ΔRMSEA", "").replace("CFA", "")
    refs = next(x for x in results_text(d, lang) if x["key"] == "process_references")["paragraphs"]
    assert {REFERENCES[k] for k in ("Welch, 1947", "Hedges, 1981", "Holm, 1979", "Chen, 2007",
                                    "Vandenberg & Lance, 2000", "Lindeman et al., 1980")} <= set(refs)


@pytest.mark.parametrize("lang", LANGS)
def test_the_tables_hold_the_same_numbers(results, lang):
    trend, change, d = results
    tables = {t.key: t for t in trend_report_tables(d, lang)}
    assert list(tables) == ["trend_by_wave", "trend_importance", "trend_change", "trend_invariance"]
    by_wave = tables["trend_by_wave"]
    assert by_wave.columns[1:] == [("{w} (n = {n})" if lang == "en" else "{w}（n = {n}）").format(w=w, n=trend.n[w])
                                   for w in trend.waves]
    rows = {r[0]: r[1:] for r in by_wave.rows}
    for k, w in enumerate(trend.waves):
        dims = trend.dimensions[trend.dimensions["wave"] == w].set_index("dimension")
        for c in trend.constructs:
            r = dims.loc[c]
            assert rows[trend.name(c, lang)][k] == (f"{apa.num(r['mean'], 2)} [{apa.num(r['ci_lower'], 2)}, "
                                                    f"{apa.num(r['ci_upper'], 2)}]")
    ch = {r[0]: r for r in tables["trend_change"].rows}
    for v, r in change.comparisons.set_index("variable").iterrows():
        if v == "index":
            continue
        row = ch[change.names[v][lang]]
        assert row[1:9] == [apa.num(r["mean_a"], 2), apa.num(r["mean_b"], 2), apa.num(r["diff"], 2),
                            f"[{apa.num(r['ci_lower'], 2)}, {apa.num(r['ci_upper'], 2)}]", apa.num(r["t"], 2),
                            apa.num(r["df"], 1), apa.p(r["p"]), apa.p(r["p_holm"])]
        assert row[9] == f"{apa.num(r['g'], 2)} [{apa.num(r['g_ci_lower'], 2)}, {apa.num(r['g_ci_upper'], 2)}]"
    index_row = tables["trend_change"].rows[0]
    assert index_row[8] == "—"                                 # the index is not in the Holm family
    assert "Welch" in tables["trend_change"].note and "Holm" in tables["trend_change"].note
    imp = {r[0]: r[1:] for r in tables["trend_importance"].rows}
    for k, w in enumerate(trend.waves):
        e = trend.importance[w].estimates
        for c in e.index:
            assert imp[trend.name(c, lang)][k].startswith(apa.num(100 * e.loc[c, "lmg_share"], 1) + " [")


@pytest.mark.parametrize("lang", LANGS)
def test_not_warranted_comparisons_carry_the_warning_in_each_language(broken, lang):
    change, d = broken
    text = "\n".join(_section(d, lang)["paragraphs"])
    w = next(w for w in change.warnings if w["code"] == "scalar_not_invariant")
    assert w[lang] in text
    assert change.to_dict()["invariance_level_name"][lang] in text
    tables = {t.key: t for t in trend_report_tables(d, lang)}
    assert "trend_importance" not in tables                   # importance=False: no table
    assert {"en": "Scalar invariance does not hold", "zh-Hans": "标量不变性不成立",
            "zh-Hant": "純量不變性不成立"}[lang] in tables["trend_change"].note


def test_no_section_table_or_figure_without_the_block(results):
    _, _, d = results
    for empty in ({}, {"trend": None}, {"trend": {"trend": None, "change": None}}, {"n": 3}):
        for lang in LANGS:
            assert not [s for s in results_text(empty, lang) if s["key"] == "trend"]
            assert trend_report_tables(empty, lang) == []
        assert "trend" not in [k for k, _ in _figure_plan(empty)]
    assert [k for k, _ in _figure_plan(d)] == ["trend"]


def test_a_trend_without_a_change_has_only_the_trend(results):
    _, _, d = results
    one = {"trend": {"trend": d["trend"]["trend"], "change": None}}
    assert len(_section(one, "en")["paragraphs"]) == 1
    assert [t.key for t in trend_report_tables(one, "en")] == ["trend_by_wave", "trend_importance"]


@pytest.mark.parametrize("lang", LANGS)
def test_the_report_carries_the_section_tables_and_the_figure(results, lang):
    _, _, d = results
    html = report(d, language=lang, format="html")
    assert HEADINGS["trend"][lang] in html and FIGURE_TITLES["trend"][lang] in html
    assert html.count("data:image/png;base64,") == 1
    docx = report(d, language=lang, format="docx")
    assert docx[:2] == b"PK"


def test_with_an_analysis_the_trend_comes_after_its_sections_and_tables(results):
    _, _, d = results
    res = research.analyze(SAMPLE, questionnaire="lsq5", bootstrap=0)
    full = {**json.loads(res.to_json()), "trend": d["trend"]}
    keys = [s["key"] for s in results_text(full, "en")]
    assert keys.index("trend") > keys.index("reliability") and keys[-1] == "process_references"
    first = len(report_tables(full, "en")) + 1             # no process or evaluation block here
    md = report(full, language="en", format="md", figures=False)
    assert f"Table {first}" in md
    after = md[md.index(f"Table {first}"):]
    assert after.index("Satisfaction Index and Dimensions by Wave") < after.index("Relative Importance of the Drivers of")
