"""The app on studies (issue 18, point 3), driven by Streamlit's AppTest on a temporary SQLite study store named by
$RESEARCH_DATABASE_URL (the rule ``research serve`` follows):

* creating a study in the app shows its owner key once, with the warning to keep it; once its owner says it is
  kept the key is gone from the page and never shown again; the key opens exactly that study in the store;
* a wrong key: the message in each language, nothing of any study;
* a second session with another key sees nothing of the first study — no name, no count, no response — not in the
  sidebar, not on the study page, not when it forces the first study's id into its state (the store's
  AccessDenied message instead);
* a wave created on the study page (quota, closing date, personal links) is in the store, its form link and QR code
  on the page, the personal links' CSV with the store's tokens; closing it is recorded;
* ``datasets/lsq5_sample.csv`` imported as a wave through the page: the survey view on the study shows the
  screening and the numbers ``research.analyze`` gives on ``load_responses(store.source(…))``; the analysis saved
  into the study is that analysis;
* the trend page (two imported waves): its trend.json and its cells are ``wave_trend``/``wave_change`` called
  directly on ``waves_from_store``; its labels in 繁體中文 are clean (the checker of tests/test_translations.py).
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import research
from conftest import ROOT
from research import tables
from research.defaults import DEFAULT_MISSING, DEFAULT_SEED
from research.errors import AccessDenied
from research.marketing.trend import wave_change, wave_trend, waves_from_store
from research.report import apa
from research.store import open_store
from research.ui_text import t
from test_app import _csv_file, _shown_text, files  # noqa: F401 — files: fixture
from test_translations import problems

APP = str(ROOT / "app.py")
SAMPLE = ROOT / "datasets" / "lsq5_sample.csv"
LSQ5 = (ROOT / "questionnaires" / "lsq5.yaml").read_text(encoding="utf-8")
LANGS = ("zh-Hans", "zh-Hant", "en")
TREND_BOOT = 200


@pytest.fixture
def db(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'studies.db'}"
    monkeypatch.setenv("RESEARCH_DATABASE_URL", url)
    store = open_store(url)
    yield store
    store.close()


def _app(lang: str = "zh-Hans", view: str = "study", **state) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=600)
    at.session_state["lang"] = lang
    at.session_state["source"] = "study"
    at.session_state["view"] = view
    at.session_state["bootstrap"] = 0
    for k, v in state.items():
        at.session_state[k] = v
    return at.run()


def _open(at: AppTest, key: str) -> AppTest:
    at.sidebar.text_input(key="study_key_field").input(key)
    return at.sidebar.button(key="study_open").click().run()


def _everything(at: AppTest) -> str:
    """Every text of the page and the sidebar, the cells of every table and the choices of every widget."""
    parts = []
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "title", "header", "subheader",
                 "code", "text"):
        parts += [str(e.value) for e in at.get(kind)]
    parts += [str(m.value) + " " + str(m.label) for m in at.get("metric")]
    for kind in ("selectbox", "radio", "multiselect"):
        for w in at.get(kind):
            if w.key != "lang":                  # the language switch names every language in its own script
                parts += [str(w.label), *map(str, w.options)]
    for kind in ("button", "text_input", "number_input", "checkbox"):
        parts += [str(w.label) for w in at.get(kind)]
    parts += [tab.label for tab in at.tabs] + [e.label for e in at.get("expander")]
    for frame in at.get("dataframe"):
        parts += [str(c) for c in frame.value.columns] + [str(v) for v in frame.value.to_numpy().ravel()]
    for kind in ("markdown", "caption", "info", "warning", "error", "success", "code"):
        parts += [str(e.value) for e in at.sidebar.get(kind)]
    for kind in ("selectbox", "radio", "button", "text_input"):
        for e in at.sidebar.get(kind):
            if e.key != "lang":                  # the language switch names every language in its own script
                parts += [str(e.label), *map(str, getattr(e, "options", None) or [])]
    return "\n".join(_shown_text(p) for p in parts)


def _study_with_wave(store, name="Secret delivery study"):
    info, key = store.create_study(name, LSQ5)
    wave = store.create_wave(info.id, key, "Hidden wave Q1")
    answers = {"ECO1": 4, "ECO2": 5, "SAT1": 2}
    store.submit(wave.slug, answers, respondent="browser-1", started_at=None)
    store.add_import(info.id, key, "Hidden import", "lsq5_sample.csv", SAMPLE.read_bytes())
    return info, key, wave


# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh-Hant", "en"])
def test_creating_a_study_shows_its_key_once(db, lang):
    at = _app(lang)
    assert not at.exception
    assert [i.value for i in at.info] == [t("study_open_first", lang)]
    assert t("source_study", lang) in _everything(at)
    at.sidebar.text_input(key="study_new_name").input("配送滿意度 2026")
    at.sidebar.button(key="study_create").click().run()
    assert not at.exception and not at.error
    assert [w.value for w in at.warning][0] == t("study_new_key", lang)
    key = at.code[0].value
    assert re.fullmatch(r"[A-Za-z0-9_-]{20,}", key)
    # the key opens the study just made, and only it
    [info] = db.studies(key)
    assert info.name == "配送滿意度 2026"
    assert at.session_state["study_id"] == info.id
    assert [s.value for s in at.success] == [t("study_created", lang, name="配送滿意度 2026", id=info.id)]
    assert t("study_title", lang, name="配送滿意度 2026") in [h.value for h in at.header]
    # the key is nowhere else: not in a text, a label, a table, the sidebar
    assert _everything(at).count(key) == 1                   # the one code block
    at.button(key="study_key_kept").click().run()
    assert not at.get("code") and key not in _everything(at)
    # switching pages and languages never shows it again; the study stays open
    at.session_state["view"] = "survey"
    at.run()
    at.sidebar.radio(key="lang").set_value("zh-Hans" if lang == "en" else "en").run()
    assert key not in _everything(at) and not at.get("code")
    assert at.session_state["study_key"] == key              # held in the session only


@pytest.mark.parametrize("lang", LANGS)
def test_a_wrong_key_gets_a_message_in_the_language(db, lang):
    info, key, _ = _study_with_wave(db)
    at = _open(_app(lang), key[:-1] + ("x" if key[-1] != "x" else "y"))
    assert not at.exception
    assert [e.value for e in at.sidebar.error] == [t("study_wrong_key", lang)]
    text = _everything(at)
    assert info.name not in text and "Hidden wave" not in text
    assert at.session_state["study_key_field"] == ""          # the field is emptied after Open


def test_another_key_sees_nothing_of_the_first_study(db):
    info, key, wave = _study_with_wave(db)
    # session 1 (the owner) sees the study, its waves and its counts
    own = _open(_app("en"), key)
    text = _everything(own)
    assert info.name in text and "Hidden wave Q1" in text and "501" in text
    # session 2: another key, its own study made in the app
    other = _app("en")
    other.sidebar.text_input(key="study_new_name").input("Mine")
    other.sidebar.button(key="study_create").click().run()
    other_key = other.code[0].value
    other.button(key="study_key_kept").click().run()
    assert other_key != key
    assert other.sidebar.selectbox(key="study_id@en").options == ["Mine (no. 2)"]
    for page in ("study", "survey", "process", "evaluation"):
        other.session_state["view"] = page
        other.run()
        text = _everything(other)
        assert not other.exception
        for secret in (info.name, "Hidden wave", "Hidden import", wave.slug, "501"):
            assert secret not in text, (page, secret)
    # forcing the first study's id into the second session's state: the sidebar offers only the key's own
    # studies and goes back to one of them; the store itself refuses the key (AccessDenied)
    for page in ("study", "survey"):
        other.session_state["view"] = page
        other.session_state["study_id"] = info.id
        other.run()
        assert not other.exception and other.session_state["study_id"] == 2
        text = _everything(other)
        for secret in (info.name, "Hidden wave", "Hidden import", wave.slug, "501"):
            assert secret not in text, (page, secret)
    with pytest.raises(AccessDenied):
        db.study(info.id, other_key)
    with pytest.raises(AccessDenied):
        db.responses(info.id, other_key)
    # no key at all, the first study's id forced: nothing but the note to open a study
    bare = _app("en", study_id=info.id)
    assert [i.value for i in bare.main.info] == [t("study_open_first", "en")]
    assert info.name not in _everything(bare) and "501" not in _everything(bare)


def test_a_wave_made_in_the_app_is_in_the_store(db, files):
    info, key = db.create_study("Waves", LSQ5)
    at = _open(_app("zh-Hant"), key)
    at.text_input(key="study_wave_name").input("2026 第一季")
    at.checkbox(key="study_wave_has_close").check()
    closes = dt.date.today() + dt.timedelta(days=365)     # the widget offers dates up to ten years ahead
    at.date_input(key="study_wave_closes").set_value(closes)
    at.number_input(key="study_wave_quota").set_value(300)
    at.radio(key="study_wave_per@zh-Hant").set_value("token")
    at.number_input(key="study_wave_tokens").set_value(5)
    at.button(key="FormSubmitter:study_wave_form-" + t("study_wave_create", "zh-Hant")).click().run()
    assert not at.exception and not at.error
    [wave] = db.waves(info.id, key)
    assert (wave.name, wave.quota, wave.one_per, wave.kind) == ("2026 第一季", 300, "token", "web")
    assert wave.closes_at is not None and wave.is_open           # stored in UTC: the local day chosen, 23:59:59
    assert wave.closes_at.replace(tzinfo=dt.timezone.utc).astimezone().date() == closes
    assert t("study_wave_created", "zh-Hant", name="2026 第一季") in [_shown_text(s.value) for s in at.success]
    table = at.dataframe[0].value
    row = table.iloc[0]
    assert row[t("study_col_wave", "zh-Hant")] == "2026 第一季"
    assert row[t("study_col_state", "zh-Hant")] == "進行中" and row[t("study_col_quota", "zh-Hant")] == "300"
    assert row[t("study_col_link", "zh-Hant")] == f"http://127.0.0.1:8000/f/{wave.slug}"
    assert row[t("study_col_n", "zh-Hant")] == 0
    assert at.code[0].value == f"http://127.0.0.1:8000/f/{wave.slug}"
    assert files[f"qr-{wave.slug}.svg"].startswith(b"<svg") or b"<svg" in files[f"qr-{wave.slug}.svg"][:200]
    links = _csv_file(files, f"links-{wave.slug}.csv")
    assert sorted(links["token"]) == sorted(db.tokens(wave.id, key)) and len(links) == 5
    assert all(link == f"http://127.0.0.1:8000/f/{wave.slug}?t={tok}" for tok, link in zip(links["token"],
                                                                                          links["link"]))
    # a response arrives; Refresh shows it; closing the wave is recorded
    tok = links["token"][0]
    db.submit(wave.slug, {"ECO1": 3}, respondent=tok, started_at=None)
    at.button(key="study_refresh_page").click().run()
    assert at.dataframe[0].value.iloc[0][t("study_col_n", "zh-Hant")] == 1
    # the collected responses: the answer by its question id, the language, the wave by its name
    responses = at.tabs[1].dataframe[0].value
    assert len(responses) == 1 and responses.iloc[0]["ECO1"] == "3"
    assert responses.iloc[0][t("study_col_wave", "zh-Hant")] == "2026 第一季"
    assert list(responses.columns[:6]) == [t(k, "zh-Hant") for k in ("study_col_response", "study_col_wave",
                                                                      "study_col_submitted", "study_col_duration",
                                                                      "study_col_channel", "study_col_lang")]
    assert responses[t("study_col_response", "zh-Hant")].tolist() == db.responses(info.id, key)["response_id"].tolist()
    at.button(key=f"study_close_{wave.id}").click().run()
    assert not db.waves(info.id, key)[0].is_open
    assert at.dataframe[0].value.iloc[0][t("study_col_state", "zh-Hant")] == "已結束"
    bad = [p for text in _everything(at).splitlines() for p in problems(text, "zh-Hant")]
    assert not bad, bad


# ----------------------------------------------------------------------------------------------
# an imported wave analysed in the survey view
# ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def imported(tmp_path_factory, files):
    tmp = tmp_path_factory.mktemp("study_import")
    url = f"sqlite:///{tmp / 'studies.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RESEARCH_DATABASE_URL", url)
        store = open_store(url)
        info, key = store.create_study("Import", LSQ5)
        at = _open(_app("en"), key)
        at.file_uploader(key="study_import_upload").set_value(("lsq5_sample.csv", SAMPLE.read_bytes(), "text/csv"))
        at.run()
        at.text_input(key="study_import_name").input("2026 Q1")
        at.button(key="study_import_go").click().run()
        assert not at.exception and not at.error
        imported_page = at
        survey = _open(_app("en", view="survey"), key)
        yield store, info, key, imported_page, survey
        store.close()


@pytest.fixture(scope="module")
def direct(imported):
    store, info, key, _, _ = imported
    responses = research.load_responses(store.source(info.id, key))
    return research.analyze(responses, questionnaire=responses.questionnaire, bootstrap=0, seed=DEFAULT_SEED,
                            estimator="ML", missing=DEFAULT_MISSING).to_dict()


def test_an_imported_wave_is_in_the_store(imported):
    store, info, key, at, _ = imported
    [wave] = store.waves(info.id, key)
    assert (wave.name, wave.kind) == ("2026 Q1", "import") and store.count(wave.id) == 500
    imports = store.imports(info.id, key)
    assert list(imports["file_name"]) == ["lsq5_sample.csv"]
    assert t("study_imported", "en", file="lsq5_sample.csv", name="2026 Q1", n=500) in [
        _shown_text(s.value) for s in at.success]
    assert at.dataframe[0].value.iloc[0][t("study_col_n", "en")] == 500


def test_the_survey_view_on_the_study_equals_research_analyze(imported, direct, files):
    store, info, key, _, at = imported
    assert not at.exception and not at.error
    captions = [_shown_text(c.value) for c in at.main.caption]
    assert any(c.startswith(f"Study “Import”: {t('study_all_waves', 'en')}, 500 responses") for c in captions)
    # the screening of the collected responses, as for a file
    data_tab = at.tabs[0]
    assert t("n_analysed", "en", n=direct["n"], excluded=len(direct["excluded"])) in [
        m.value for m in data_tab.markdown]
    assert len(direct["excluded"]) > 0
    shown = {t("excluded_rows", "en"), t("samples", "en")}
    assert shown <= {s.value for s in data_tab.subheader}
    # the numbers: reliability and the structural paths as research.analyze gives them
    rel = _csv_file(files, "reliability.csv")
    want = tables.reliability(direct, "en")
    assert list(rel.iloc[:, 0]) == list(want.iloc[:, 0])
    for col in want.columns[1:]:
        if pd.api.types.is_numeric_dtype(want[col]):
            assert rel[col].to_numpy(dtype=float) == pytest.approx(want[col].to_numpy(dtype=float), rel=1e-10,
                                                                    nan_ok=True)
    paths = _csv_file(files, "paths.csv")
    want = tables.paths(direct, "en")
    assert paths["β"].to_numpy(dtype=float) == pytest.approx(want["β"].to_numpy(dtype=float), rel=1e-10)
    row = next(p for p in direct["sem"]["parameters"] if p["op"] == "~" and p["lhs"] == "SAT" and p["rhs"] == "REL")
    table = at.tabs[3].dataframe[1].value
    assert apa.unit(row["std.all"]) in set(table["β"])


def test_an_analysis_saved_into_the_study(imported, direct):
    store, info, key, _, at = imported
    at.button(key="study_save").click().run()
    assert not at.exception
    [saved] = store.analyses(info.id, key)
    assert t("study_saved", "en", id=saved.id) in [s.value for s in at.success]
    assert saved.waves == tuple(w.id for w in store.waves(info.id, key))
    assert saved.seed == DEFAULT_SEED and saved.spec["command"] == "app"
    _, text = store.analysis(info.id, key, saved.id)
    d = json.loads(text)
    assert "app_key" not in d["meta"] and d["n"] == direct["n"]
    got = {(p["lhs"], p["op"], p["rhs"]): p["est"] for p in d["sem"]["parameters"]}
    want = {(p["lhs"], p["op"], p["rhs"]): p["est"] for p in direct["sem"]["parameters"]}
    assert got.keys() == want.keys()
    assert all(got[k] == pytest.approx(want[k], rel=1e-10, abs=1e-12) for k in want)


# ----------------------------------------------------------------------------------------------
# the trend page
# ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def two_waves(tmp_path_factory, files):
    tmp = tmp_path_factory.mktemp("study_trend")
    url = f"sqlite:///{tmp / 'studies.db'}"
    lines = SAMPLE.read_bytes().decode("utf-8").splitlines(keepends=True)
    head, body = lines[0], lines[1:]
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RESEARCH_DATABASE_URL", url)
        store = open_store(url)
        info, key = store.create_study("Trend", LSQ5)
        store.add_import(info.id, key, "2026 Q1", "q1.csv", (head + "".join(body[:250])).encode("utf-8"))
        store.add_import(info.id, key, "2026 Q2", "q2.csv", (head + "".join(body[250:])).encode("utf-8"))
        waves = waves_from_store(store, info.id, key)
        trend = wave_trend(waves, boot=TREND_BOOT, seed=DEFAULT_SEED, level=0.95)
        change = wave_change(waves["2026 Q1"], waves["2026 Q2"], labels=("2026 Q1", "2026 Q2"), level=0.95)
        pages = {}
        for lang in ("zh-Hant", "en"):
            at = _open(_app(lang, trend_boot=TREND_BOOT), key)
            at.button(key="trend_run").click().run()
            pages[lang] = at
        yield store, info, key, trend, change, pages
        store.close()


def test_the_trend_page_equals_wave_trend_and_wave_change(two_waves, files):
    store, info, key, trend, change, pages = two_waves
    at = pages["en"]
    assert not at.exception and not at.error
    doc = json.loads(files["trend.json"])
    want = json.loads(json.dumps({"trend": trend.to_dict(), "change": change.to_dict()}, allow_nan=False))
    got_trend, want_trend = doc["trend"]["trend"], want["trend"]
    assert got_trend["wave_labels"] == ["2026 Q1", "2026 Q2"]
    for g, w in zip(got_trend["table"], want_trend["table"]):
        assert (g["wave"], g["kind"], g["variable"], g["statistic"]) == (w["wave"], w["kind"], w["variable"],
                                                                          w["statistic"])
        for k in ("estimate", "ci_lower", "ci_upper"):
            assert g[k] == pytest.approx(w[k], rel=1e-12, nan_ok=True), (g, k)
    got_ch, want_ch = doc["trend"]["change"], want["change"]
    assert got_ch["invariance_level"] == want_ch["invariance_level"]
    assert got_ch["warranted"] == want_ch["warranted"]
    for k in ("diff", "ci_lower", "ci_upper", "p", "g"):
        assert got_ch["index"][k] == pytest.approx(want_ch["index"][k], rel=1e-12)
        for g, w in zip(got_ch["dimensions"], want_ch["dimensions"]):
            assert g[k] == pytest.approx(w[k], rel=1e-12, nan_ok=True)
    # the cells shown: the index per wave with its CI, the difference, by the report's formatting
    cells = {str(v) for df in at.main.dataframe for v in df.value.to_numpy().ravel()}
    for w in trend.waves:
        o = trend.index[w].overall
        assert any(c.startswith(apa.num(o["mean"], 1)) for c in cells), (w, o["mean"])
    assert any(apa.num(change.index["diff"], 1) in c for c in cells)
    # the verdict and the warnings, in the language
    from research.report.trend_tables import level_name
    verdict = "trend_warranted" if change.warranted else "trend_not_warranted" if change.warranted is False else \
        "trend_untested"
    texts = [_shown_text(x.value) for x in (*at.success, *at.warning)]
    assert t("trend_verdict", "en", a="2026 Q1", b="2026 Q2", level=level_name(want_ch, "en"),
             verdict=t(verdict, "en")) in texts
    for w in change.warnings:
        assert w["en"] in texts
    assert files["trend.png"][:8] == b"\x89PNG\r\n\x1a\n" and b"<svg" in files["trend.svg"][:400]   # the chart
    assert [s.value for s in at.tabs[2].subheader][0] == t("trend_chart", "en")


def test_the_trend_page_in_traditional_chinese(two_waves):
    store, info, key, trend, change, pages = two_waves
    at = pages["zh-Hant"]
    assert not at.exception and not at.error
    text = _everything(at)
    for k in ("study_tab_waves", "study_tab_trend", "study_tab_analyses", "trend_run", "trend_chart"):
        assert t(k, "zh-Hant") in text
    assert "各期滿意度指數與各維度" in text and "滿意度指數" in text
    assert "從2026 Q1到2026 Q2的變化" in text
    bad = [p for line in text.splitlines() for p in problems(line, "zh-Hant")]
    assert not bad, bad
