"""The app's Mediation & moderation page (issue 16, point 5), driven by Streamlit's AppTest on the sample study:

* the page in each language: its heading, the gallery of twelve models (one chosen), the variables by
  construct name, the options at their defaults (5000 resamples, percentile intervals, HC3), and every text
  clean for its language (the checker of tests/test_translations.py);
* PROCESS model 7 chosen on the sample's constructs and run: the conditional indirect effects, their index
  and the direct effect equal ``research.process`` called directly on the same construct scores (screened as
  ``research.analyze`` screens, item means) with the same seed — in the JSON download exactly, in the table's
  CSV to full precision and on the page as a journal prints them;
* a grouping column (the platform) as a categorical moderator: its levels named by the questionnaire's
  options in the user's language, the numbers again those of a direct call;
* the same construct as X and Y: the engine's message in each language, no traceback, no table;
* the interpretation is research.report's paragraph for the run's results.json entry, and a failure of that
  text is shown as the app's error, not swallowed.
"""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import research
from conftest import ROOT
from research.report import apa
from research.ui_text import t
from test_app import _csv_file, _shown_text, files  # noqa: F401 — files: fixture
from test_translations import problems

APP = str(ROOT / "app.py")
SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
LANGS = ("zh-Hans", "zh-Hant", "en")
SEED = 4242
BOOT = 1000


def _page(lang: str = "zh-Hans", **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["lang"] = lang
    at.session_state["view"] = "process"
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


def _run(at: AppTest) -> AppTest:
    return at.button(key="proc_run").click().run()


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    """The sample's construct scores made here from the toolkit's parts (not by the app): the responses
    ``research.analyze`` keeps after its default screening, each construct the mean of its items, and the
    platform answered as its option code."""
    from research.measurement import Structure, mean_scores
    from research.screening import screen
    from research.sem import parse_model

    q = research.load_questionnaire("lsq5")
    kept = screen(research.load_responses(SAMPLE, q)).kept
    frame = mean_scores(kept.items, Structure.from_model(parse_model(q.lavaan())))
    frame["PLATFORM"] = [None if pd.isna(v) else str(int(v)) for v in kept.segments["PLATFORM"]]
    return frame


def _texts(at) -> list[str]:
    parts = [m.value for m in at.main.markdown] + [c.value for c in at.main.caption] + [
        h.value for h in at.main.header] + [s.value for s in at.main.subheader] + [e.value for e in at.error] + [
        i.value for i in at.info]
    parts += [w.label for kind in ("selectbox", "multiselect", "number_input", "radio", "button")
              for w in at.main.get(kind)]
    parts += [o for kind in ("selectbox", "radio") for w in at.main.get(kind) for o in w.options]
    return [_shown_text(p) for p in parts if p]


# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGS)
def test_the_page_in_each_language(lang):
    at = _page(lang)
    assert not at.exception and not at.error
    assert len(at.tabs) == 0                                     # the survey model's pages are not built
    assert [h.value for h in at.main.header] == [t("proc_title", lang)]
    cards = [b for b in at.button if b.key and b.key.startswith("proc_card_")]
    assert len(cards) == 12
    assert [b.label for b in cards].count(t("proc_chosen", lang)) == 1
    assert cards[0].label == t("proc_chosen", lang)                # simple mediation first
    text = "\n".join(_texts(at))
    for card in ("simple_mediation", "serial_mediation", "three_way", "first_stage", "full"):
        assert t(f"proc_card_{card}", lang) in text and t(f"proc_desc_{card}", lang) in text
    assert t("proc_model_number", lang, n=58) in text              # the model number as secondary text
    # the variables by the constructs' names, the questionnaire's roles as defaults
    q = research.load_questionnaire("lsq5")
    label = {c.id: c.label(lang) for c in q.constructs}
    x = at.selectbox(key=f"proc_x@{lang}")
    assert x.value == "ECO" and x.options == [label[c.id] for c in q.constructs]
    assert at.selectbox(key=f"proc_m@{lang}").value == "SAT"
    assert at.selectbox(key=f"proc_y@{lang}").value == "LOY"
    assert at.number_input(key="proc_boot").value == 5000
    assert at.radio(key=f"proc_ci@{lang}").value == "percentile"
    assert at.selectbox(key=f"proc_se@{lang}").value == "hc3"
    assert at.radio(key=f"proc_probe@{lang}").value == "sd"
    found = {s: problems(s, lang) for s in _texts(at)}
    assert not {s: p for s, p in found.items() if p}


def test_model_7_equals_a_direct_call(files, scores):
    at = _page("en", proc_card="first_stage", proc_x="REL", proc_ms_some=["SAT"], proc_y="LOY", proc_w="EMP",
               proc_boot=BOOT, proc_seed=SEED)
    assert at.button(key="proc_card_first_stage").label == t("proc_chosen", "en")
    assert at.multiselect(key="proc_ms_some@en").value == ["SAT"]
    at = _run(at)
    assert not at.exception and not at.error
    direct = research.process(scores, model=7, x="REL", m=["SAT"], y="LOY", w="EMP", boot=BOOT, seed=SEED)
    assert direct.n == 460
    # the JSON download: the engine's result itself
    got = json.loads(files["process.json"])["process"][0]
    assert got["model"] == 7 and got["n"] == 460 and got["boot"] == BOOT and got["seed"] == SEED
    assert got["roles"] == {"X": "REL", "Y": "LOY", "M1": "SAT", "W": "EMP"}
    ind = pd.DataFrame(got["indirect"])
    for col in ("EMP", "effect", "boot.se", "boot.ci.lower", "boot.ci.upper"):
        assert ind[col].to_numpy() == pytest.approx(direct.indirect[col].to_numpy(), rel=1e-10, abs=1e-12)
    assert pd.DataFrame(got["indices"])["effect"].to_numpy() == pytest.approx(direct.indices["effect"].to_numpy(),
                                                                                abs=1e-12)
    assert pd.DataFrame(got["coefficients"])["coeff"].to_numpy() == pytest.approx(
        direct.coefficients["coeff"].to_numpy(), abs=1e-12)
    # three conditional indirect effects, all positive with intervals above zero on the sample
    assert len(ind) == 3 and (ind["boot.ci.lower"] > 0).all()
    # the table's CSV keeps the full numbers; the page shows them with three decimals
    table = _csv_file(files, "process_indirect.csv")
    effect = [c for c in table.columns if c == "Effect"][0]
    assert table[effect].to_numpy() == pytest.approx(direct.indirect["effect"].to_numpy(), abs=1e-9)
    lower = [c for c in table.columns if "lower" in c.lower()][0]
    assert table[lower].to_numpy() == pytest.approx(direct.indirect["boot.ci.lower"].to_numpy(), abs=1e-9)
    shown = [df.value for df in at.main.dataframe]
    cells = {str(v) for frame in shown for v in frame.to_numpy().ravel()}
    for value in direct.indirect["effect"]:
        assert apa.num(value, 3) in cells
    assert "Reliability → Customer satisfaction → Customer loyalty" in cells
    # the run's settings under the results heading
    assert t("proc_run_info", "en", model=7, n=460, se="HC3", boot=f"{BOOT:,}",
             ci=t("proc_ci_name_percentile", "en"), seed=SEED) in [c.value for c in at.main.caption]
    # the interpretation is the paragraph research.report writes for the same results.json entry
    from research.report.text import results_text
    report = [s for s in results_text(json.loads(files["process.json"]), "en", names={
        c.id: c.label("en") for c in research.load_questionnaire("lsq5").constructs}) if s["key"] == "process"]
    assert [m for m in (_shown_text(m.value) for m in at.main.markdown) if m == report[0]["paragraphs"][-1]]
    # the model's figures, drawn from the result alone: simple slopes and the conditional indirect effects (model
    # 7 has no Johnson-Neyman analysis: its X x W product is in the equation of M)
    assert not direct.jn
    for fig in ("simple_slopes", "conditional_indirect"):
        assert files[f"process_{fig}.png"][:8] == b"\x89PNG\r\n\x1a\n", fig
    assert "process_johnson_neyman.png" not in files
    # the XLSX holds every table shown
    book = pd.read_excel(io.BytesIO(files["process.xlsx"]), sheet_name=None)
    assert len(book) >= 4
    assert any(frame.shape[0] == 3 and "Effect" in frame.columns and frame["Effect"].to_numpy() == pytest.approx(
        direct.indirect["effect"].to_numpy(), abs=1e-9) for frame in book.values())
    # a language switch keeps the run (served from the store) and shows it in the language
    at.sidebar.radio(key="lang").set_value("zh-Hant").run()
    assert not at.exception and not at.error
    cells = {str(v) for df in at.main.dataframe for v in df.value.to_numpy().ravel()}
    assert "可靠性 → 顧客滿意度 → 顧客忠誠度" in cells or any("可靠性" in c for c in cells)
    assert apa.num(direct.indirect["effect"].iloc[1], 3) in cells


def test_the_platform_as_a_categorical_moderator(files, scores):
    at = _run(_page("zh-Hans", proc_card="first_stage", proc_x="REL", proc_ms_some=["SAT"], proc_y="LOY",
                    proc_w="PLATFORM", proc_boot=500, proc_seed=SEED))
    assert not at.exception and not at.error
    direct = research.process(scores, model=7, x="REL", m=["SAT"], y="LOY", w="PLATFORM", boot=500, seed=SEED)
    assert direct.levels["W"] == tuple(str(k) for k in range(1, 9))
    got = pd.DataFrame(json.loads(files["process.json"])["process"][0]["indirect"])
    assert got["effect"].to_numpy() == pytest.approx(direct.indirect["effect"].to_numpy(), abs=1e-12)
    assert got["boot.ci.upper"].to_numpy() == pytest.approx(direct.indirect["boot.ci.upper"].to_numpy(), abs=1e-12)
    # the levels by the questionnaire's option labels, in the language; the grouping column by its question
    cells = {str(v) for df in at.main.dataframe for v in df.value.to_numpy().ravel()}
    for name in ("淘宝", "天猫", "京东", "拼多多"):
        assert any(name in c for c in cells), name
    assert t("proc_group_option", "zh-Hans", name="您最常使用的网购平台") in at.selectbox(key="proc_w@zh-Hans").options


def test_the_same_construct_as_x_and_y_says_why_in_each_language(scores):
    with pytest.raises(research.errors.ResearchError) as raised:
        research.process(scores, model=1, x="LOY", y="LOY", w="EMP", boot=0)
    at = _run(_page("zh-Hans", proc_card="moderation", proc_x="LOY", proc_y="LOY", proc_w="EMP", proc_boot=0))
    for lang in LANGS:
        if lang != "zh-Hans":
            at.sidebar.radio(key="lang").set_value(lang).run()
        assert not at.exception
        errors = [_shown_text(e.value) for e in at.error]
        assert errors == [t("error", lang, message=raised.value.message(lang))]
        assert "Traceback" not in errors[0] and not at.main.dataframe
    assert "LOY" in raised.value.message("en")


def test_a_failure_of_the_report_text_is_said_on_the_page(monkeypatch):
    """The interpretation comes from research.report; if writing it fails, the page says so as every failure
    of the app is said (no traceback, no silent page without it)."""
    import importlib

    def broken(*args, **kwargs):
        raise RuntimeError("report text broken")

    # the module itself (research.report is also the name of a function of the package)
    monkeypatch.setattr(importlib.import_module("research.report.text"), "results_text", broken)
    at = _run(_page("en", proc_card="moderation", proc_x="REL", proc_y="LOY", proc_w="EMP", proc_boot=0))
    assert not at.exception
    assert [_shown_text(e.value) for e in at.error] == [t("error_unexpected", "en", kind="RuntimeError")]
    assert t("proc_interpretation", "en") not in [s.value for s in at.main.subheader]


def test_the_survey_settings_wait_unchanged_while_the_page_is_open():
    """The survey model's inputs are not drawn on this page; what the user typed in them is there on the way
    back (a widget not drawn in a run would lose its value)."""
    at = AppTest.from_file(APP, default_timeout=300)
    at.session_state["lang"] = "zh-Hans"
    at.session_state["bootstrap"] = 0
    at.session_state["missing"] = "listwise"
    at.run()
    at.sidebar.number_input(key="seed").set_value(7).run()
    at.sidebar.text_area(key="hypotheses").set_value("H1: REL -> SAT, +").run()
    assert not at.exception and len(at.tabs) == 9
    at.sidebar.radio(key="view@zh-Hans").set_value("process").run()
    at.run()
    assert not at.exception and not at.sidebar.number_input and not at.tabs     # the survey inputs are not drawn
    at.sidebar.radio(key="view@zh-Hans").set_value("survey").run()
    assert not at.exception and len(at.tabs) == 9
    assert at.sidebar.number_input(key="seed").value == 7
    assert at.sidebar.text_area(key="hypotheses").value == "H1: REL -> SAT, +"
