"""research.pls(...): one call runs the PLS-SEM study; its tables and results.json block are the modules' numbers.

The modules are tested against seminr, SmartPLS, ADANCO and cSEM in their own files; here: the study passes
every option on, records what it did, turns a step that cannot run into a note instead of an error, and its
``to_dict()`` is JSON (the ``pls`` block of results.json, which ``research.analyze(method="pls")`` writes).
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import research
from pls_reference import MOBI_ECSI, mobi
from research.errors import OptionError
from research.pls import (assess, bootstrap_pls, estimate_hoc, estimate_moderated, estimate_pls, pls_ipma,
                          predict_pls)


@pytest.fixture(scope="module")
def data():
    return mobi()


@pytest.fixture(scope="module")
def study(data):
    return research.pls(data, MOBI_ECSI, bootstrap=300, seed=7, predict=True, folds=5, repetitions=2,
                        target="Loyalty", scale=(1, 10))


def test_research_pls_is_the_study_function():
    from research.pls.study import pls

    assert research.pls is pls


def test_numbers_are_the_modules_numbers(study, data):
    fit = estimate_pls(data, MOBI_ECSI)
    paths = study.table("paths")
    for r in paths.to_dict("records"):
        assert r["est"] == pytest.approx(fit.paths.loc[r["rhs"], r["lhs"]], abs=1e-14)
    boot = bootstrap_pls(fit, 300, seed=7).table("paths").set_index(["from", "to"])
    for r in paths.to_dict("records"):
        b = boot.loc[(r["rhs"], r["lhs"])]
        assert (r["sd"], r["t"], r["p"], r["ci.lower"], r["ci.upper"]) == pytest.approx(
            (b["sd"], b["t"], b["p"], b["ci.lower"], b["ci.upper"]), abs=1e-14)
    f2 = assess(fit).f2.set_index(["from", "to"])["f2"]
    assert paths["f2"].to_numpy() == pytest.approx([f2[(r["rhs"], r["lhs"])] for r in paths.to_dict("records")])
    pd.testing.assert_frame_equal(study.table("reliability"), assess(fit).reliability)
    pd.testing.assert_frame_equal(study.table("predict"),
                                  predict_pls(fit, folds=5, repetitions=2, seed=7).table())
    ipma = pls_ipma(fit, "Loyalty", scale=(1, 10))
    pd.testing.assert_series_equal(study.ipma.importance, ipma.importance)


def test_settings_and_seed_are_recorded(data):
    st = research.pls(data, MOBI_ECSI, scheme="centroid", consistent=True, bootstrap=50)
    s = st.to_dict()["settings"]
    assert s["scheme"] == "centroid" and s["consistent"] is True and s["bootstrap"] == 50
    assert isinstance(s["seed"], int)                      # an unseeded run records the seed it drew
    again = research.pls(data, MOBI_ECSI, scheme="centroid", consistent=True, bootstrap=50, seed=s["seed"])
    assert again.to_dict()["bootstrap"] == st.to_dict()["bootstrap"]
    assert st.fit.estimates.consistent.any()


def test_to_dict_is_json_with_every_block(study):
    d = study.to_dict()
    text = json.dumps(d, allow_nan=False)
    assert "NaN" not in text
    assert set(d) == {"settings", "n", "iterations", "converged", "model", "constructs", "paths", "weights",
                      "loadings", "r2", "construct_correlations", "missing", "assessment", "bootstrap", "predict",
                      "cvpat", "ipma", "micom", "mga", "notes"}
    assert d["n"] == 250 and d["converged"] is True and d["micom"] is None and d["mga"] is None
    assert [p["rhs"] + "->" + p["lhs"] for p in d["paths"]] == [f"{s}->{t}" for s, t in study.fit.model.paths]
    assert len(d["weights"]) == len(d["loadings"]) == 24


def test_every_table_kind(study):
    for kind in ("paths", "scores", "weights", "loadings", "reliability", "htmt", "f2", "effects", "model_fit", "q2",
                 "indirect", "total", "predict", "cvpat", "ipma"):
        assert len(study.table(kind)) > 0, kind
    with pytest.raises(OptionError) as err:
        study.table("micom")                    # no group asked for
    assert all(err.value.message(lang) for lang in ("en", "zh-Hans", "zh-Hant"))
    with pytest.raises(OptionError):
        study.table("no such table")


def test_a_step_that_cannot_run_is_a_note(data):
    model = MOBI_ECSI.replace("Loyalty      ~ Image + Satisfaction + Complaints",
                              "Loyalty ~ Image + Satisfaction + Complaints + Image:Satisfaction")
    st = research.pls(data, model, bootstrap=0, predict=True)
    assert st.predict is None and st.cvpat is None             # PLSpredict has no published moderated version
    assert len(st.notes) >= 2 and all(set(n.texts) == {"en", "zh-Hans", "zh-Hant"} for n in st.notes)
    assert any("Image*Satisfaction" == p["rhs"] for p in st.to_dict()["paths"])


def test_options_reach_moderation_and_higher_order(data):
    model = MOBI_ECSI.replace("Loyalty      ~ Image + Satisfaction + Complaints",
                              "Loyalty ~ Image + Satisfaction + Complaints + Image:Satisfaction")
    st = research.pls(data, model, bootstrap=0, moderation="orthogonal")
    direct = estimate_moderated(data, model, method="orthogonal")
    assert st.fit.paths.to_numpy() == pytest.approx(direct.paths.to_numpy(), abs=1e-12)
    hoc_model = """Image =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
Value =~ PERV1 + PERV2
Expectation =~ CUEX1 + CUEX2 + CUEX3
Satisfaction =~ Image + Value
Loyalty =~ CUSL1 + CUSL2 + CUSL3
Satisfaction ~ Expectation
Loyalty ~ Satisfaction"""
    for method in ("disjoint", "repeated"):
        st = research.pls(data, hoc_model, bootstrap=20, seed=1, hoc=method)
        direct = estimate_hoc(data, hoc_model, method=method)
        assert st.fit.paths.to_numpy() == pytest.approx(direct.paths.to_numpy(), abs=1e-12)
        assert st.to_dict()["settings"]["hoc"] == method


def test_analyze_writes_the_pls_block_for_composites_and_interactions():
    """A PLS model with a composite and an interaction term through research.analyze: the PLS study gets the
    model as written; the shared CB-SEM pages read it as reflective without the interaction."""
    from conftest import ROOT

    model = """ECO <~ ECO1 + ECO2 + ECO3 + ECO4
REL =~ REL1 + REL2 + REL3 + REL4
SAT =~ SAT1 + SAT2 + SAT3
SAT ~ ECO + REL + ECO:REL"""
    res = research.analyze(ROOT / "datasets" / "lsq5_sample.csv", model=model, method="pls", bootstrap=0,
                           screen=False)
    d = res.to_dict()
    assert d["meta"]["spec"]["method"] == "pls"
    block = d["pls"]
    modes = {c["name"]: c["mode"] for c in block["constructs"]}
    assert modes["ECO"] == "B" and modes["REL"] == "A" and "ECO*REL" in modes
    direct = estimate_pls(res.data, model)
    for p in block["paths"]:
        assert p["est"] == pytest.approx(direct.paths.loc[p["rhs"], p["lhs"]], abs=1e-12)
    assert {(p["lhs"], p["rhs"]) for p in d["sem"]["parameters"] if p["op"] == "~"} == {("SAT", "ECO"),
                                                                                         ("SAT", "REL")}


def test_analyze_tests_hypotheses_on_the_pls_paths():
    from conftest import ROOT

    res = research.analyze(ROOT / "datasets" / "lsq5_sample.csv", questionnaire="lsq5", method="pls", bootstrap=200,
                           seed=3, screen=False, hypotheses=["H1: REL -> SAT, +", "H2: ECO -> LOY, +",
                                                             "H3: SAT -> LOY, -"])
    d = res.to_dict()
    h = {x["id"]: x for x in d["hypotheses"]}
    boot = res.pls.bootstrap
    paths = boot.table("paths").set_index(["from", "to"])
    total = boot.table("total").set_index(["from", "to"])
    for hid, (src, dst), table in (("H1", ("REL", "SAT"), paths), ("H2", ("ECO", "LOY"), total),
                                   ("H3", ("SAT", "LOY"), paths)):
        r = table.loc[(src, dst)]
        assert (h[hid]["est"], h[hid]["se"], h[hid]["t"], h[hid]["pvalue"], h[hid]["ci.lower"],
                h[hid]["ci.upper"]) == pytest.approx((r["estimate"], r["sd"], r["t"], r["p"], r["ci.lower"],
                                                      r["ci.upper"]), abs=1e-14)
    assert h["H1"]["path"] == "direct" and h["H2"]["path"] == "total"
    assert h["H1"]["supported"] is True and h["H2"]["supported"] is True
    assert h["H3"]["supported"] is False                    # the effect is positive, the hypothesis says negative
    plain = research.analyze(ROOT / "datasets" / "lsq5_sample.csv", questionnaire="lsq5", method="pls",
                             bootstrap=0, screen=False, hypotheses=["H1: REL -> SAT, +"])
    assert plain.to_dict()["hypotheses"][0]["supported"] is None          # no bootstrap, no test
    with pytest.raises(OptionError):
        research.analyze(ROOT / "datasets" / "lsq5_sample.csv", questionnaire="lsq5", method="pls", bootstrap=0,
                         screen=False, hypotheses=["H1: LOY -> ECO, +"])


def test_an_untested_hypothesis_is_shown_as_not_decided():
    from conftest import ROOT
    from research import tables

    res = research.analyze(ROOT / "datasets" / "lsq5_sample.csv", questionnaire="lsq5", method="pls", bootstrap=0,
                           screen=False, hypotheses=["H1: REL -> SAT, +"])
    for lang in ("en", "zh-Hans", "zh-Hant"):
        assert tables.hypotheses(res.to_dict(), lang).iloc[0, -1] == "—"      # neither supported nor rejected


def test_pls_runs_default_to_smartpls_5000_resamples():
    from research.analyze import AnalysisSpec
    from research.defaults import DEFAULT_BOOTSTRAP

    assert AnalysisSpec(questionnaire="lsq5", method="pls").bootstrap == 5000
    assert AnalysisSpec(questionnaire="lsq5").bootstrap == DEFAULT_BOOTSTRAP == 1000
    assert AnalysisSpec(questionnaire="lsq5", method="pls", bootstrap=200).bootstrap == 200


def test_a_pls_run_takes_the_drivers_importance_from_the_pls_model():
    from conftest import ROOT

    res = research.analyze(ROOT / "datasets" / "lsq5_sample.csv", questionnaire="lsq5", method="pls", bootstrap=0,
                           screen=False)
    d = res.to_dict()
    effects = res.pls.assessment.effects.set_index(["from", "to"])["total"]
    target = d["ipa"]["target"]
    assert d["ipa"]["importance"] == "standardised total effect on the target (PLS-SEM)"
    shown = {r["driver"]: r["importance"] for r in d["ipa"]["map"]["drivers"]}
    assert shown and all(v == pytest.approx(effects[(c, target)], abs=1e-14) for c, v in shown.items())
    cb = research.analyze(ROOT / "datasets" / "lsq5_sample.csv", questionnaire="lsq5", bootstrap=0, screen=False)
    assert cb.to_dict()["ipa"]["importance"] == "standardised total effect on the target (SEM)"


def test_the_samples_table_of_a_pls_run_names_the_pls_sample():
    from research import tables

    d = json.loads(json.dumps(_example_pls_results()))
    for lang in ("en", "zh-Hans", "zh-Hant"):
        shown = tables.samples(d, lang)
        rows = shown.iloc[:, 0].tolist()
        assert rows[1] == tables.SAMPLE_ROWS["pls"][0][lang]
        assert shown.iloc[1]["N"] == d["pls"]["n"]
        assert str(sum(d["pls"]["missing"]["replaced"].values())) in shown.iloc[1, 2]
        assert tables.SAMPLE_ROWS["cfa"][0][lang] not in rows          # the CB-SEM part only serves shared pages


def _example_pls_results():
    from conftest import ROOT

    return research.analyze(ROOT / "datasets" / "lsq5_wjx_gbk.csv", questionnaire="lsq5", method="pls",
                            bootstrap=0).to_dict()


def test_the_interval_type_reaches_the_pls_bootstrap():
    from conftest import ROOT

    for ci in ("bc", "bca"):
        res = research.analyze(ROOT / "datasets" / "lsq5_sample.csv", questionnaire="lsq5", method="pls",
                               bootstrap=100, seed=5, screen=False, ci=ci)
        assert res.pls.bootstrap.ci == ci == res.to_dict()["pls"]["bootstrap"]["ci"]


def test_a_consistent_study_compares_the_groups_consistent_paths(data):
    from research.pls import mga

    split = data.assign(half=np.where(np.arange(len(data)) % 2 == 0, "a", "b"))
    st = research.pls(split, MOBI_ECSI, consistent=True, bootstrap=20, seed=2, group="half", n_perm=20)
    direct = mga(split, MOBI_ECSI, "half", n_boot=20, n_perm=20, seed=2, consistent=True)
    pd.testing.assert_frame_equal(st.mga.table(), direct.table())
    plain = estimate_pls(split[split.half == "a"], MOBI_ECSI, consistent=True)
    row = st.mga.table().query("lhs == 'Loyalty' and rhs == 'Satisfaction'").iloc[0]
    assert row["est.group1"] == pytest.approx(plain.paths.loc["Satisfaction", "Loyalty"], abs=1e-12)
