"""research.process.hypotheses: the hypothesis grammar (paths, moderation, mediation, moderated mediation, Chinese
forms, errors) and evaluate() — Zhao, Lynch & Chen's (2010) typology on constructed results, the sign rules, the
categorical omnibus test, the index of moderated mediation and the contrast of conditional indirect effects."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import research
from research.analyze import Hypothesis as AnalyzeHypothesis
from research.bootstrap import percentile_ci
from research.errors import OptionError
from research.process import template
from research.process.hypotheses import (MEDIATION_TYPES, STAGES, Hypothesis, evaluate, excludes_zero,
                                         mediation_type)


# ------------------------------------------------------------------------------------------------
# grammar
# ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected, kind, model", [
    ("H1: ECO -> SAT, +", Hypothesis("H1", "ECO", "SAT", "+"), "path", None),
    ("REL → SAT −", Hypothesis("H3", "REL", "SAT", "-"), "path", None),
    ("REL=>SAT", Hypothesis("H3", "REL", "SAT"), "path", None),
    ("H4: REL -> SAT moderated by EMP, +", Hypothesis("H4", "REL", "SAT", "+", (), "EMP"), "moderation", 1),
    ("H4：REL → SAT 被 EMP 调节，+", Hypothesis("H4", "REL", "SAT", "+", (), "EMP"), "moderation", 1),
    ("H4: REL -> SAT 受PLATFORM調節, negative", Hypothesis("H4", "REL", "SAT", "-", (), "PLATFORM"), "moderation", 1),
    ("H5: REL -> SAT -> LOY", Hypothesis("H5", "REL", "LOY", None, ("SAT",)), "mediation", 4),
    ("H5: REL -> SAT -> LOY, -", Hypothesis("H5", "REL", "LOY", "-", ("SAT",)), "mediation", 4),
    ("H7: REL -> SAT -> TRU -> LOY, +", Hypothesis("H7", "REL", "LOY", "+", ("SAT", "TRU")), "mediation", 6),
    ("H6: REL -> SAT -> LOY moderated by PLATFORM",
     Hypothesis("H6", "REL", "LOY", None, ("SAT",), "PLATFORM"), "moderated mediation", 7),
    ("H6: REL -> SAT -> LOY moderated by EMP (first stage)",
     Hypothesis("H6", "REL", "LOY", None, ("SAT",), "EMP", "first"), "moderated mediation", 7),
    ("H6: REL -> SAT -> LOY moderated by EMP (second stage), +",
     Hypothesis("H6", "REL", "LOY", "+", ("SAT",), "EMP", "second"), "moderated mediation", 14),
    ("H6: REL -> SAT -> LOY Moderated By EMP (both stages)",
     Hypothesis("H6", "REL", "LOY", None, ("SAT",), "EMP", "both"), "moderated mediation", 58),
    ("H6: REL -> SAT -> LOY moderated by EMP (first stage and direct path)",
     Hypothesis("H6", "REL", "LOY", None, ("SAT",), "EMP", "first+direct"), "moderated mediation", 8),
    ("H6: REL -> SAT -> LOY moderated by EMP (second stage and direct path)",
     Hypothesis("H6", "REL", "LOY", None, ("SAT",), "EMP", "second+direct"), "moderated mediation", 15),
    ("H6: REL -> SAT -> LOY moderated by EMP (all paths)",
     Hypothesis("H6", "REL", "LOY", None, ("SAT",), "EMP", "all"), "moderated mediation", 59),
    ("H6：REL → SAT → LOY 被 EMP 调节（后半段），正",
     Hypothesis("H6", "REL", "LOY", "+", ("SAT",), "EMP", "second"), "moderated mediation", 14),
    ("H6：REL → SAT → LOY 被 EMP 調節（兩階段）",
     Hypothesis("H6", "REL", "LOY", None, ("SAT",), "EMP", "both"), "moderated mediation", 58),
])
def test_every_form_parses_and_its_text_parses_back(text, expected, kind, model):
    h = Hypothesis.parse(text, 3)
    assert h == expected and h.kind == kind and h.model == model
    assert Hypothesis.parse(h.text()) == h                       # the canonical text (results.json) reads back
    assert Hypothesis.parse(h.to_dict()) == h                    # and so does the entry's dict
    assert AnalyzeHypothesis is Hypothesis                       # research.analyze uses this grammar


def test_stage_table_is_the_process_catalogue():
    """Each stage's PROCESS model moderates exactly the paths it names (research.process.template)."""
    for key, (paths, number) in STAGES.items():
        tpl = template(number)
        assert set(tpl.paths) == set(paths) and tpl.moderators == ("W",) and tpl.mediators == "parallel", key


def test_a_dict_hypothesis_with_mediators_and_a_moderator():
    h = Hypothesis.parse({"id": "H9", "from": "A", "via": ["M"], "to": "B", "moderator": "W", "stage": "second",
                          "sign": "-"})
    assert (h.kind, h.model, h.sign, h.text()) == ("moderated mediation", 14, "-",
                                                   "H9: A -> M -> B moderated by W (second stage), -")


@pytest.mark.parametrize("text, says", [
    ("ECO causes SAT", None),
    ("H1: ECO ->", None),
    ("A -> B moderated by W (second stage)", "Only a mediation has stages"),
    ("A -> M1 -> M2 -> B moderated by W", "Moderated serial mediation"),
    ("A -> M -> A", "once"),
    ("A -> B moderated by A", "once"),
    ("A -> M -> B moderated by W (sideways)", "Unknown stage"),
    ("A -> M -> B moderated by W (direct path)", "Unknown stage"),
    ("A -> B, ++", None),
])
def test_bad_hypotheses_say_what_is_wrong_and_list_the_forms(text, says):
    with pytest.raises(OptionError) as info:
        Hypothesis.parse(text)
    en, hans, hant = (info.value.message(lang) for lang in ("en", "zh-Hans", "zh-Hant"))
    for form in ("'H4: A -> B moderated by W, +'", "'H5: A -> M -> B'", "(first/second/both stages)'."):
        assert form in en
    assert "被 W 调节, +" in hans and "两阶段）”。" in hans and "被 W 調節, +" in hant and "兩階段）」。" in hant
    assert text[:8] in en and text[:8] in hant
    if says:
        assert says in en


def test_analysis_spec_refuses_a_bad_or_duplicate_hypothesis():
    with pytest.raises(OptionError):
        research.AnalysisSpec(questionnaire="lsq5", hypotheses=["H4: REL -> SAT moderated by"])
    with pytest.raises(OptionError):
        research.AnalysisSpec(questionnaire="lsq5", hypotheses=["H4: REL -> SAT", "H4: REL -> SAT -> LOY"])
    spec = research.AnalysisSpec(questionnaire="lsq5", hypotheses=["H6: REL -> SAT -> LOY 被 EMP 调节（后半段）"])
    assert spec.to_dict()["hypotheses"] == ["H6: REL -> SAT -> LOY moderated by EMP (second stage)"]


# ------------------------------------------------------------------------------------------------
# Zhao, Lynch & Chen (2010)
# ------------------------------------------------------------------------------------------------

def _ci(effect, half):
    return {"effect": effect, "ci.lower": effect - half, "ci.upper": effect + half}


@pytest.mark.parametrize("indirect, direct, expected", [
    (_ci(0.20, 0.05), _ci(0.15, 0.10), "complementary"),
    (_ci(-0.20, 0.05), _ci(-0.15, 0.10), "complementary"),
    (_ci(0.20, 0.05), _ci(-0.15, 0.10), "competitive"),
    (_ci(-0.20, 0.05), _ci(0.30, 0.10), "competitive"),
    (_ci(0.20, 0.05), _ci(0.05, 0.10), "indirect-only"),
    (_ci(0.20, 0.05), None, "indirect-only"),              # the model fixes the direct effect at 0
    (_ci(0.02, 0.05), _ci(0.30, 0.10), "direct-only"),
    (_ci(0.02, 0.05), _ci(0.05, 0.10), "no-effect"),
    ({"effect": 0.2, "ci.lower": None, "ci.upper": None}, _ci(0.3, 0.1), None),   # no bootstrap
])
def test_mediation_type(indirect, direct, expected):
    assert mediation_type(indirect, direct) == expected
    if expected:
        assert set(MEDIATION_TYPES[expected]) == {"en", "zh-Hans", "zh-Hant"}


def _mediation_result(ind, direct, *, boot=1000):
    """A constructed model-4 result dict: X → M → Y with the given indirect and direct effects (effect, half CI)."""
    row = {"path": "X → M → Y", "mediators": ["M"], "effect": ind[0], "draw": 0}
    if boot:
        row.update({"boot.se": ind[1] / 1.96, "boot.ci.lower": ind[0] - ind[1], "boot.ci.upper": ind[0] + ind[1]})
    return {"model": 4, "roles": {"X": "X", "Y": "Y", "M1": "M"}, "n": 300, "se": "hc3", "ci": "percentile",
            "boot": boot, "seed": 1, "level": 0.95, "levels": {},
            "indirect": [row],
            "direct": [{"effect": direct[0], "se": direct[1] / 1.96, "t": direct[0] / (direct[1] / 1.96), "p": 0.01,
                        "ci.lower": direct[0] - direct[1], "ci.upper": direct[0] + direct[1]}]}


@pytest.mark.parametrize("ind, direct, sign, kind, supported", [
    ((0.20, 0.05), (0.15, 0.10), "+", "complementary", True),
    ((0.20, 0.05), (-0.15, 0.10), "+", "competitive", True),
    ((0.20, 0.05), (0.05, 0.10), None, "indirect-only", True),
    ((0.20, 0.05), (0.05, 0.10), "-", "indirect-only", False),     # wrong sign
    ((0.02, 0.05), (0.30, 0.10), "+", "direct-only", False),
    ((-0.02, 0.05), (0.05, 0.10), None, "no-effect", False),
    ((-0.20, 0.05), (0.05, 0.10), "-", "indirect-only", True),
])
def test_mediation_entries_on_constructed_results(ind, direct, sign, kind, supported):
    text = "H5: X -> M -> Y" + (f", {sign}" if sign else "")
    e = evaluate(text, _mediation_result(ind, direct))
    assert e["kind"] == "mediation" and e["source"] == "process" and e["model"] == 4
    assert e["mediation_type"] == kind and e["supported"] is supported
    assert e["mediation_label"] == MEDIATION_TYPES[kind]
    assert e["effect"] == e["est"] == pytest.approx(ind[0])
    assert (e["ci.lower"], e["ci.upper"]) == pytest.approx((ind[0] - ind[1], ind[0] + ind[1]))
    assert e["boot.se"] == pytest.approx(ind[1] / 1.96) and e["ci.method"] == "percentile" and e["pvalue"] is None
    assert e["direct"]["effect"] == pytest.approx(direct[0]) and e["direct"]["ci.method"] == "t"
    assert (e["from"], e["to"], e["via"], e["moderator"], e["sign"]) == ("X", "Y", ["M"], None, sign)
    json.dumps(e, allow_nan=False)


def test_without_a_bootstrap_a_mediation_is_not_decided():
    e = evaluate("H5: X -> M -> Y", _mediation_result((0.2, 0.05), (0.1, 0.05), boot=0))
    assert e["supported"] is None and e["mediation_type"] is None and e["ci.lower"] is None
    assert any("bootstrap" in n["en"] for n in e["notes"])


def test_a_latent_indirect_effect_decides_and_process_stays_beside_it():
    latent = {"source": "sem", "indirect": {"effect": 0.10, "se": 0.02, "boot.se": 0.02, "ci.lower": 0.06,
                                            "ci.upper": 0.14, "ci.method": "bc", "pvalue": 0.001, "std": 0.08},
              "direct": None}
    e = evaluate("H5: X -> M -> Y, -", _mediation_result((-0.2, 0.05), (0.0, 0.1)), latent=latent)
    assert e["source"] == "sem" and e["effect"] == 0.10 and e["ci.method"] == "bc" and e["supported"] is False
    assert e["mediation_type"] == "indirect-only" and e["direct"] is None
    assert e["estimates"]["process"]["supported"] is True and e["estimates"]["process"]["effect"] == -0.2
    assert e["estimates"]["sem"]["std"] == 0.08 and e["estimates"]["sem"]["delta.pvalue"] == 0.001
    assert any("no direct path X → Y" in n["en"] and "完全中介" in n["zh-Hans"] for n in e["notes"])


def test_a_result_of_another_model_or_variables_is_refused():
    with pytest.raises(OptionError):
        evaluate("H5: X -> W -> Y", _mediation_result((0.2, 0.05), (0.1, 0.05)))
    with pytest.raises(OptionError):
        evaluate("H4: X -> Y moderated by M", _mediation_result((0.2, 0.05), (0.1, 0.05)))
    with pytest.raises(OptionError):
        evaluate("H1: X -> Y", _mediation_result((0.2, 0.05), (0.1, 0.05)))


def test_excludes_zero():
    assert excludes_zero(0.01, 0.2) is True and excludes_zero(-0.3, -0.01) is True
    assert excludes_zero(-0.01, 0.2) is False and excludes_zero(None, 0.2) is None


# ------------------------------------------------------------------------------------------------
# on real PROCESS results (simulated data with known effects)
# ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def sim():
    rng = np.random.default_rng(20260916)
    n = 400
    x = rng.normal(size=n)
    w = rng.normal(size=n)
    group = rng.choice(["JD", "Taobao", "Tmall"], size=n)
    g_shift = pd.Series(group).map({"JD": 0.0, "Taobao": 0.5, "Tmall": -0.4}).to_numpy()
    m = 0.4 * x + 0.3 * x * w + g_shift * x + rng.normal(size=n)
    y = 0.5 * m + 0.1 * x + rng.normal(size=n)
    two = rng.choice(["A", "B"], size=n)
    y2 = 0.3 * x - 0.35 * x * (two == "B") + rng.normal(size=n)
    return pd.DataFrame({"x": x, "w": w, "m": m, "y": y, "platform": group, "two": two, "y2": y2})


def test_moderation_by_the_interaction_coefficient(sim):
    r = research.process(sim, 1, x="x", y="m", w="w", boot=0)
    e = evaluate("H4: x -> m moderated by w, +", r)
    row = r.coefficients[(r.coefficients["equation"] == "m") & (r.coefficients["term"] == "x×w")].iloc[0]
    assert e["test"] == "coefficient" and e["effect"] == pytest.approx(row["coeff"])
    assert (e["se"], e["pvalue"], e["ci.lower"], e["ci.upper"]) == pytest.approx(
        (row["se"], row["p"], row["ci.lower"], row["ci.upper"]))
    assert e["effect"] > 0.2 and e["supported"] is True and e["ci.method"] == "t" and e["se.type"] == "hc3"
    assert evaluate("H4: x -> m moderated by w, -", r)["supported"] is False
    inter = r.interactions.iloc[0]
    assert e["F"] == pytest.approx(inter["F"]) and e["R2.change"] == pytest.approx(inter["R2.change"])


def test_two_groups_keep_the_sign_more_groups_use_the_omnibus_test(sim):
    r2 = research.process(sim, 1, x="x", y="y2", w="two", boot=0)
    e2 = evaluate("H4: x -> y2 moderated by two, -", r2)
    assert e2["test"] == "coefficient" and e2["terms"] == ["x×two[B]"] and e2["effect"] < 0 and e2["supported"]
    assert "group B minus that in group A" in e2["notes"][0]["en"]
    r3 = research.process(sim, 1, x="x", y="m", w="platform", boot=0)
    e3 = evaluate("H4: x -> m moderated by platform, +", r3)
    inter = r3.interactions.iloc[0]
    assert e3["test"] == "omnibus" and e3["sign_applicable"] is False and e3["effect"] is None
    assert (e3["F"], e3["df1"], e3["pvalue"]) == (pytest.approx(inter["F"]), 2, pytest.approx(inter["p"]))
    assert e3["supported"] is bool(inter["p"] < 0.05) is True
    assert "sign does not apply" in e3["notes"][0]["en"] and "不适用方向" in e3["notes"][0]["zh-Hans"]


def test_moderated_mediation_by_the_index_and_by_any_indicator(sim):
    r = research.process(sim, 7, x="x", m=["m"], y="y", w="w", boot=1000, seed=4)
    e = evaluate("H6: x -> m -> y moderated by w, +", r)
    idx = r.indices.iloc[0]
    assert e["test"] == "index" and e["which"] == ["w"] and e["supported"] is True
    assert (e["effect"], e["boot.se"], e["ci.lower"], e["ci.upper"]) == pytest.approx(
        (idx["effect"], idx["boot.se"], idx["boot.ci.lower"], idx["boot.ci.upper"]))
    assert e["effect"] == pytest.approx(0.15, abs=0.08)         # 0.3 (a-path interaction) × 0.5 (b)
    assert len(e["conditional"]) == 3 and evaluate("H6: x -> m -> y moderated by w, -", r)["supported"] is False
    rc = research.process(sim, 7, x="x", m=["m"], y="y", w="platform", boot=1000, seed=4)
    ec = evaluate("H6: x -> m -> y moderated by platform", rc)
    expected = [row["moderator"] for _, row in rc.indices.iterrows()
                if row["boot.ci.lower"] > 0 or row["boot.ci.upper"] < 0]
    assert ec["which"] == expected and "platform[Taobao]" in expected and ec["supported"] is True
    assert [i["moderator"] for i in ec["indices"]] == ["platform[Taobao]", "platform[Tmall]"]
    assert ec["index_of"] == expected[0] and "reference JD" in ec["notes"][-1]["en"]


def test_both_stages_contrast_the_conditional_indirect_effects(sim):
    r = research.process(sim, 58, x="x", m=["m"], y="y", w="w", boot=1000, seed=5)
    e = evaluate("H6: x -> m -> y moderated by w (both stages), +", r)
    ind = r.indirect
    hi, lo = ind.iloc[ind["w"].argmax()], ind.iloc[ind["w"].argmin()]
    diff = r.draws[hi["draw"]].to_numpy() - r.draws[lo["draw"]].to_numpy()
    assert e["test"] == "contrast" and e["effect"] == pytest.approx(hi["effect"] - lo["effect"])
    assert (e["ci.lower"], e["ci.upper"]) == pytest.approx(percentile_ci(diff, 0.95))
    assert e["boot.se"] == pytest.approx(diff.std(ddof=1)) and e["supported"] is True
    assert "no index of moderated mediation" in e["notes"][0]["en"]
    undecided = evaluate("H6: x -> m -> y moderated by w (both stages), +", r.to_dict())   # no draws in a dict
    assert undecided["supported"] is None and undecided["effect"] == pytest.approx(e["effect"])
