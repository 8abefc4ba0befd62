"""The study page's care of responses and of the whole study (issue 18 review, point 7), driven by AppTest on a
temporary SQLite store named by $RESEARCH_DATABASE_URL:

* exclude a response with a reason, restore it by a later row, correct one answer with a reason — each in the store
  as a row of its own (the submission itself unchanged, nothing deleted), the history table on the page; no reason,
  nothing recorded; texts the user typed shown escaped; the page's 繁體中文 clean (tests/test_translations.py's
  checker);
* the study ZIP downloaded from the page is the store's export (it imports to the same responses and history);
* a study ZIP imported on the page or in the sidebar (no key open) becomes a new study with a new owner key shown
  once, its renamed wave links said; a damaged ZIP gets the store's message in the language.
"""
from __future__ import annotations

import io
import json
import zipfile

import pandas as pd
from streamlit.testing.v1 import AppTest

from conftest import ROOT
from research.store import open_store  # noqa: F401 — the db fixture's store
from research.ui_text import plain, t
from test_app import files  # noqa: F401 — files: fixture
from test_app_study import LSQ5, _app, _everything, _open, db  # noqa: F401 — db: fixture
from test_translations import problems

HOSTILE_WAVE = "**Q1** <b>x</b> [a](http://evil.example)"


def _study(store, name="Amend"):
    info, key = store.create_study(name, LSQ5)
    wave = store.create_wave(info.id, key, HOSTILE_WAVE, one_per="none")
    ids = [store.submit(wave.slug, {"ECO1": 4, "ECO2": k, "SAT1": 3}, respondent=None, started_at=None)
           for k in (1, 2, 3)]
    return info, key, wave, ids


def _table(at: AppTest, column: str) -> pd.DataFrame:
    return next(f.value for f in at.dataframe if column in f.value.columns)


def _amend(at: AppTest, lang: str, response_id: int, action: str, reason: str | None, **more) -> AppTest:
    at.selectbox(key=f"study_amend_id@{lang}").set_value(response_id).run()
    at.radio(key=f"study_amend_action@{lang}").set_value(action).run()
    if action == "correct":
        at.selectbox(key=f"study_amend_item@{lang}").set_value(more["item"]).run()
        at.selectbox(key=f"study_amend_value_{more['item']}@{lang}").set_value(more["value"]).run()
    if reason is not None:
        at.text_input(key="study_amend_reason").input(reason)
    return at.button(key="study_amend_go").click().run()


def test_exclude_restore_and_correct_are_rows_with_reasons(db):
    lang = "zh-Hant"
    info, key, wave, (r1, r2, r3) = _study(db)
    at = _open(_app(lang), key)
    assert not at.exception
    labels = at.selectbox(key=f"study_amend_id@{lang}").options
    assert labels[0] == t("study_amend_label", lang, id=r3, wave=HOSTILE_WAVE, at=labels[0].rsplit(" · ", 1)[1])

    # no reason: nothing recorded, the page says why
    at = _amend(at, lang, r2, "exclude", None)
    assert t("study_amend_reason_missing", lang) in [w.value for w in at.warning]
    assert db.history(info.id, key).empty and len(db.responses(info.id, key)) == 3

    reason = "[快速作答](http://evil.example) **31 秒** <script>x</script>"
    at = _amend(at, lang, r2, "exclude", reason)
    assert not at.exception and not at.error
    assert db.responses(info.id, key)["response_id"].tolist() == [r1, r3]
    assert [s.value for s in at.success] == [t("study_excluded_done", lang, id=r2, reason=plain(reason))]
    assert at.session_state["study_amend_reason"] == ""                # the field is emptied for the next one
    assert at.selectbox(key=f"study_amend_id@{lang}").format_func(r2).endswith("（已排除）")
    assert t("study_responses_excluded", lang, n=1) in [c.value for c in at.caption]
    # excluding it again: said (with the reason it has), and no button to press
    at.selectbox(key=f"study_amend_id@{lang}").set_value(r2).run()
    assert t("study_amend_already_excluded", lang, reason=plain(reason)) in [i.value for i in at.info]
    assert not [b for b in at.button if b.key == "study_amend_go"]

    # restoring one that is not excluded: said, and no button to press
    at.selectbox(key=f"study_amend_id@{lang}").set_value(r1).run()
    at.radio(key=f"study_amend_action@{lang}").set_value("restore").run()
    assert t("study_amend_not_excluded", lang) in [i.value for i in at.info]
    assert not [b for b in at.button if b.key == "study_amend_go"]

    at = _amend(at, lang, r2, "restore", "核對紙本問卷後確認為真實作答")
    assert db.responses(info.id, key)["response_id"].tolist() == [r1, r2, r3]
    at = _amend(at, lang, r1, "correct", "受訪者來信更正", item="ECO1", value=2)
    assert not at.exception and not at.error
    now = db.responses(info.id, key).set_index("response_id")
    assert now.loc[r1, "ECO1"] == 2 and now.loc[r2, "ECO1"] == 4
    with db.engine.connect() as conn:                     # the submission itself is untouched, nothing deleted
        stored = conn.exec_driver_sql("SELECT answers FROM responses WHERE id = ?", (r1,)).scalar()
        assert json.loads(stored)["ECO1"] == 4
        assert conn.exec_driver_sql("SELECT count(*) FROM exclusions").scalar() == 2

    history = _table(at, t("study_col_reason", lang))
    assert history[t("study_history_kind", lang)].tolist() == ["排除", "恢復", "更正"]
    assert history[t("study_col_response", lang)].tolist() == [r2, r2, r1]
    assert history[t("study_col_reason", lang)].tolist() == [reason, "核對紙本問卷後確認為真實作答", "受訪者來信更正"]
    assert history[t("study_col_value", lang)].tolist()[2].startswith("2 · ")
    assert set(history[t("study_col_by", lang)]) == {db.history(info.id, key)["by"].iat[0]}
    shown = _table(at, t("study_col_response", lang))
    assert shown[t("study_col_response", lang)].tolist() == [r3, r2, r1]          # newest first, with their numbers
    bad = [p for text in _everything(at).splitlines() for p in problems(text, lang)]
    assert not bad, bad


def test_the_study_zip_from_the_page_is_the_stores_export(db, files):  # noqa: F811 — files: fixture
    info, key, wave, (r1, r2, r3) = _study(db, "Zip")
    db.exclude(info.id, key, r3, "straight-lining")
    at = _open(_app("en"), key)
    assert not [b for b in at.get("download_button") if b.key == "study_zip_dl"]   # built only on a click
    at = at.button(key="study_zip_prepare").click().run()
    assert not at.exception
    data = files[f"study-{info.id}.zip"]
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert json.loads(z.read("study.json"))["name"] == "Zip"
    new, key2, renamed = db.import_study(data)
    before = db.responses(info.id, key, include_excluded=True).drop(columns=["response_id", "wave"])
    after = db.responses(new.id, key2, include_excluded=True).drop(columns=["response_id", "wave"])
    pd.testing.assert_frame_equal(before, after)
    assert [old for _, old, _ in renamed] == [wave.slug]


def test_a_study_zip_imported_on_the_page_gets_a_new_key_shown_once(db):
    info, key, wave, _ = _study(db, "Source study")
    data = db.export_study(info.id, key)
    at = _open(_app("en"), key)
    at.file_uploader(key="study_zip_upload").set_value(("study.zip", data, "application/zip")).run()
    assert at.radio(key="study_zip_owner@en").value == "new"
    at = at.button(key="study_zip_go").click().run()
    assert not at.exception and not at.error
    new_key = at.code[0].value
    assert new_key != key and [w.value for w in at.warning][0] == t("study_new_key", "en")
    [new] = db.studies(new_key)
    assert new.id != info.id and new.name == "Source study" and at.session_state["study_id"] == new.id
    [note] = [s.value for s in at.success]
    new_wave = db.waves(new.id, new_key)[0]
    assert note.startswith(t("study_zip_imported", "en", name="Source study", id=new.id, waves=1, n=3))
    assert plain(f"/f/{new_wave.slug}") in note and plain(wave.slug) in note        # the renamed link, said
    assert note.endswith(t("study_zip_other_key", "en"))
    assert _everything(at).count(new_key) == 1
    at.button(key="study_key_kept").click().run()
    assert new_key not in _everything(at)
    assert len(db.responses(new.id, new_key)) == 3 and [s.id for s in db.studies(key)] == [info.id]


def test_a_study_zip_imported_in_the_sidebar_without_a_key_and_a_damaged_one(db):
    info, key, wave, _ = _study(db, "Moved study")
    data = db.export_study(info.id, key)
    at = _app("zh-Hant")
    at.sidebar.file_uploader(key="study_zip_upload").set_value(("bad.zip", b"not a zip", "application/zip")).run()
    at = at.sidebar.button(key="study_zip_go").click().run()
    assert not at.exception
    assert any("這不是本工具匯出的完整研究 ZIP" in e.value for e in at.sidebar.error)
    at.sidebar.file_uploader(key="study_zip_upload").set_value(("study.zip", data, "application/zip")).run()
    at = at.sidebar.button(key="study_zip_go").click().run()
    assert not at.exception and not at.error
    new_key = at.code[0].value
    [new] = db.studies(new_key)
    assert new.name == "Moved study" and new.id != info.id and at.session_state["study_key"] == new_key
    assert t("study_zip_other_key", "zh-Hant") not in _everything(at)       # no other key was open


def test_every_response_excluded_can_still_be_restored(db):
    info, key, wave, ids = _study(db, "All out")
    for r in ids:
        db.exclude(info.id, key, r, "test wave")
    at = _open(_app("en"), key)
    assert t("study_responses_none", "en") in [i.value for i in at.info]
    at = _amend(at, "en", ids[0], "restore", "a real answer after all")
    assert not at.exception and not at.error
    assert db.responses(info.id, key)["response_id"].tolist() == [ids[0]]
