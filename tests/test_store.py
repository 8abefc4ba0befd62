"""research.store on SQLite (a file per test) and on PostgreSQL (a throw-away server, a fresh database per
module): access by owner key, questionnaire versions, waves, append-only responses with quota and duplicate
checks under concurrency, exclusions and corrections as rows, imports, analyses, the study ZIP and its
hostile twins, migrations, a killed writer, and load_responses on a store source."""
from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import os
import re
import secrets
import signal
import subprocess
import sys
import threading
import zipfile

import pandas as pd
import pytest
import sqlalchemy as sa

import research
from research.errors import OptionError, QuestionnaireError, ResearchError
from research.store import AccessDenied, StoreError, SubmissionRefused, open_store
from research.store import archive
from research.store.answers import question_ids

from conftest import ROOT

LSQ5 = (ROOT / "questionnaires" / "lsq5.yaml").read_text(encoding="utf-8")
SAMPLE = ROOT / "datasets" / "lsq5_sample.csv"
WJX = ROOT / "datasets" / "lsq5_wjx_gbk.csv"

SMALL = """\
schema_version: 1
id: small
languages: [zh-Hans, en]
scale: agree5
constructs:
  A:
    name: {zh-Hans: 甲, en: A}
    role: driver
    items:
      - {id: A1, text: {zh-Hans: 甲一, en: A one}}
      - {id: A2, reverse: true, text: {zh-Hans: 甲二, en: A two}}
  B:
    name: {zh-Hans: 乙, en: B}
    role: outcome
    items:
      - {id: B1, text: {zh-Hans: 乙一, en: B one}}
      - {id: B2, text: {zh-Hans: 乙二, en: B two}}
segments:
  - id: GENDER
    text: {zh-Hans: 性别, en: Gender}
    options:
      - {zh-Hans: 男, en: Male}
      - {zh-Hans: 女, en: Female}
  - id: CH
    type: multi
    text: {zh-Hans: 渠道, en: Channels}
    options:
      - {zh-Hans: 网店, en: Web shop}
      - {zh-Hans: 门店, en: Store}
      - {zh-Hans: 电话, en: Phone}
  - id: NUM
    type: number
    text: {zh-Hans: 次数, en: Times}
  - id: NOTE
    type: text
    text: {zh-Hans: 意见, en: Comments}
attention_checks:
  - {id: ATTN1, expected: 4, text: {zh-Hans: 请选择同意, en: Please choose Agree}}
"""


# --- backends -------------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pg_database(postgres_url):
    """A fresh database on the throw-away PostgreSQL server for this module."""
    name = "store_" + secrets.token_hex(6)
    engine = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return sa.make_url(postgres_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request, tmp_path):
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'studies.db'}"
    return request.getfixturevalue("pg_database")


@pytest.fixture
def store(url):
    s = open_store(url)
    yield s
    s.close()


def sample_rows(n=None):
    with open(SAMPLE, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    return rows if n is None else rows[:n]


def submission(row):
    """(answers, respondent, started, submitted) of one row of datasets/lsq5_sample.csv."""
    answers = {k: (int(v) if v != "" else None) for k, v in row.items()
               if k not in ("respondent", "submitted", "duration")}
    submitted = dt.datetime.strptime(row["submitted"], "%Y/%m/%d %H:%M:%S")
    return answers, row["respondent"], submitted - dt.timedelta(seconds=int(row["duration"])), submitted


def submit_rows(store, wave, rows):
    ids = []
    for row in rows:
        answers, respondent, started, submitted = submission(row)
        ids.append(store.submit(wave.slug, answers, respondent=respondent, started_at=started,
                                submitted_at=submitted, lang="zh-Hans"))
    return ids


# --- studies and access ---------------------------------------------------------------------------------------
def test_create_study_key_stored_hashed(store):
    info, key = store.create_study("物流满意度 2026", LSQ5)
    assert (info.name, info.questionnaire_version, info.questionnaire_id) == ("物流满意度 2026", 1, "lsq5")
    assert len(key) >= 32 and re.fullmatch(r"[A-Za-z0-9_-]+", key)
    assert store.study(info.id, key) == info
    assert store.studies(key) == [info]
    assert store.questionnaire(info.id) == (1, LSQ5)          # verbatim
    with store.engine.connect() as conn:
        row = conn.execute(sa.text("SELECT key_salt, key_hash FROM studies WHERE id = :i"), {"i": info.id}).one()
    assert key not in row.key_salt + row.key_hash and row.key_hash.startswith("scrypt$16384$8$1$")
    assert store.url_for_display.startswith(("sqlite:///", "postgresql+psycopg://"))


def test_wrong_key_is_denied_in_three_languages(store):
    info, key = store.create_study("A", LSQ5)
    wrong = key[:-1] + ("A" if key[-1] != "A" else "B")
    calls = [lambda k: store.study(info.id, k), lambda k: store.waves(info.id, k),
             lambda k: store.responses(info.id, k), lambda k: store.export_study(info.id, k),
             lambda k: store.source(info.id, k), lambda k: store.history(info.id, k),
             lambda k: store.create_wave(info.id, k, "W")]
    for call in calls:
        with pytest.raises(AccessDenied) as err:
            call(wrong)
        assert isinstance(err.value, ResearchError)
    e = err.value
    assert e.message("zh-Hans").startswith(f"密钥无法打开研究 {info.id}。") and "所有者密钥" in e.message("zh-Hans")
    assert e.message("zh-Hant").startswith(f"金鑰無法開啟研究 {info.id}。") and "擁有者金鑰" in e.message("zh-Hant")
    assert e.message("en").startswith(f"The key does not open study {info.id}.")
    with pytest.raises(AccessDenied):                         # a study that does not exist: told apart from nothing
        store.study(info.id + 1000, key)
    assert store.studies(wrong) == []


def test_a_second_key_sees_nothing_of_the_first_study(store):
    first, key1 = store.create_study("first", LSQ5)
    wave = store.create_wave(first.id, key1, "W1")
    submit_rows(store, wave, sample_rows(3))
    second, key2 = store.create_study("second", LSQ5)
    assert store.studies(key2) == [second]
    for call in (lambda: store.responses(first.id, key2), lambda: store.waves(first.id, key2),
                 lambda: store.close_wave(wave.id, key2), lambda: store.issue_tokens(wave.id, key2, 1),
                 lambda: store.analyses(first.id, key2), lambda: store.exclude(first.id, key2, 1, "x")):
        with pytest.raises(AccessDenied):
            call()
    assert store.responses(second.id, key2).empty
    third, same = store.create_study("third", LSQ5, key=key1)   # one key may own several studies
    assert same == key1 and [s.id for s in store.studies(key1)] == [first.id, third.id]


def test_questionnaire_versions(store):
    info, key = store.create_study("v", LSQ5)
    early = store.create_wave(info.id, key, "early")
    v2 = LSQ5.replace("about 5 minutes", "about 6 minutes")
    assert store.add_questionnaire_version(info.id, key, v2) == 2
    assert store.questionnaire(info.id) == (2, v2)
    assert store.questionnaire(info.id, 1) == (1, LSQ5)
    late = store.create_wave(info.id, key, "late")
    assert (early.questionnaire_version, late.questionnaire_version) == (1, 2)
    with pytest.raises(QuestionnaireError):
        store.add_questionnaire_version(info.id, key, "constructs: [unclosed")
    assert store.questionnaire(info.id)[0] == 2 and store.study(info.id, key).questionnaire_version == 2


def test_waves_and_slugs(store):
    info, key = store.create_study("w", LSQ5)
    closes = dt.datetime(2099, 1, 1, 12, 0)
    a = store.create_wave(info.id, key, "Q1", closes_at=closes, quota=300, one_per="token", languages=["zh-Hans"])
    b = store.create_wave(info.id, key, "Q2")
    assert re.fullmatch(r"[A-Za-z0-9_-]{12}", a.slug) and a.slug != b.slug
    assert (a.closes_at, a.quota, a.one_per, a.kind, a.languages, a.is_open) == \
        (closes, 300, "token", "web", ("zh-Hans",), True)
    assert (b.one_per, b.quota, b.closes_at) == ("browser", None, None)
    assert store.waves(info.id, key) == [a, b]
    assert store.wave_by_slug(a.slug) == a and store.wave_by_slug("no-such-slug") is None
    store.close_wave(b.id, key)
    closed = store.wave_by_slug(b.slug)
    assert closed.closed_at is not None and not closed.is_open
    with pytest.raises(OptionError):
        store.create_wave(info.id, key, "bad", one_per="ip")
    with pytest.raises(OptionError):
        store.create_wave(info.id, key, "bad", quota=0)


def test_keys_slugs_and_tokens_start_with_a_letter_or_digit(store):
    # A leading "-" reads as an option in "--key -x…" and gets a "'" in a spreadsheet-safe links CSV, so that the
    # token there is not the token: the old draws started so once in 32; 5 000 tokens would hold ~156 such.
    info, key = store.create_study("w", LSQ5)
    wave = store.create_wave(info.id, key, "Q1", one_per="token")
    tokens = store.issue_tokens(wave.id, key, 5000)
    assert len(set(tokens)) == 5000 and all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{15}", t) for t in tokens)
    slugs = [research.store.store.new_slug() for _ in range(2000)]
    keys = [research.store.keys.new_key() for _ in range(2000)]
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{11}", s) for s in slugs)
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{31}", k) for k in keys)
    from research.serve.security import new_browser_id, valid_browser_id       # the respondent of a browser wave

    browsers = [new_browser_id() for _ in range(2000)]
    assert all(re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{31}", b) and valid_browser_id(b) for b in browsers)


# --- responses --------------------------------------------------------------------------------------------------
def test_submit_count_responses_round_trip(store):
    info, key = store.create_study("r", LSQ5)
    wave = store.create_wave(info.id, key, "Q1")
    rows = sample_rows(25)
    ids = submit_rows(store, wave, rows)
    assert ids == sorted(ids) and len(set(ids)) == 25
    assert store.count(wave.id) == 25 and store.count(study_id=info.id) == 25
    frame = store.responses(info.id, key)
    header = list(rows[0])[3:]
    assert list(frame.columns) == ["response_id", "wave", "submitted_at", "started_at", "duration", "channel",
                                   "respondent", "lang"] + header
    assert header == question_ids(research.load_questionnaire("lsq5"))
    assert frame["response_id"].tolist() == ids and set(frame["wave"]) == {wave.id}
    for k, row in enumerate(rows):
        answers, respondent, started, submitted = submission(row)
        got = frame.iloc[k]
        assert (got["respondent"], got["submitted_at"], got["started_at"], got["duration"], got["channel"],
                got["lang"]) == (respondent, submitted, started, float(row["duration"]), "web", "zh-Hans")
        assert {c: (None if pd.isna(got[c]) else int(got[c])) for c in header} == answers
    assert str(frame["ECO1"].dtype) == "Int64"
    assert frame["ATTN1"].isna().sum() == sum(r["ATTN1"] == "" for r in rows)


def test_answers_checked_at_the_door(store):
    info, key = store.create_study("c", SMALL)
    wave = store.create_wave(info.id, key, "W", one_per="none")
    bad = [{"A1": 6}, {"A1": 0}, {"A1": True}, {"A1": "x"}, {"ZZ": 1}, {"GENDER": 3}, {"CH": "1;7"},
           {"NUM": float("inf")}, {"NOTE": 5}, {"NOTE": "x" * 2001}]
    for answers in bad:
        with pytest.raises(SubmissionRefused) as err:
            store.submit(wave.id, answers, respondent="r", started_at=None)
        assert err.value.reason == "invalid" and err.value.key == "store_invalid_answer"
    assert "A1" in err.value.message("en") or "NOTE" in err.value.message("en")
    assert store.count(wave.id) == 0
    rid = store.submit(wave.slug, {"A1": "5", "GENDER": 2, "CH": [3, 1], "NUM": "12", "NOTE": "=cmd|' /C calc'!A0",
                                   "ATTN1": 4, "B1": None}, respondent=None, started_at=None)
    got = store.responses(info.id, key).set_index("response_id").loc[rid]
    assert (got["A1"], got["GENDER"], got["CH"], got["NUM"], got["NOTE"], got["ATTN1"]) == \
        (5, 2, "3;1", 12.0, "=cmd|' /C calc'!A0", 4)
    assert pd.isna(got["B1"]) and pd.isna(got["A2"])


def test_duplicates_tokens_and_closed_waves(store):
    info, key = store.create_study("d", LSQ5)
    browser = store.create_wave(info.id, key, "browser")
    store.submit(browser.slug, {"ECO1": 3}, respondent="cookie-1", started_at=None)
    with pytest.raises(SubmissionRefused) as err:
        store.submit(browser.slug, {"ECO1": 4}, respondent="cookie-1", started_at=None)
    assert err.value.reason == "duplicate" and "browser" in err.value.message("en")
    anyone = store.create_wave(info.id, key, "open", one_per="none")
    for _ in range(2):
        store.submit(anyone.id, {"ECO1": 3}, respondent="same", started_at=None)
    assert store.count(anyone.id) == 2

    links = store.create_wave(info.id, key, "links", one_per="token")
    tokens = store.issue_tokens(links.id, key, 3)
    assert len(set(tokens)) == 3 and store.tokens(links.id, key) == tokens
    with pytest.raises(SubmissionRefused) as err:
        store.submit(links.slug, {"ECO1": 3}, respondent="guessed", started_at=None)
    assert err.value.reason == "unknown_token"
    store.submit(links.slug, {"ECO1": 3}, respondent=tokens[0], started_at=None)
    with pytest.raises(SubmissionRefused) as err:
        store.submit(links.slug, {"ECO1": 3}, respondent=tokens[0], started_at=None)
    assert err.value.reason == "duplicate"

    store.close_wave(browser.id, key)
    with pytest.raises(SubmissionRefused) as err:
        store.submit(browser.slug, {"ECO1": 3}, respondent="cookie-2", started_at=None)
    assert err.value.reason == "closed"
    assert err.value.message("zh-Hant").startswith("調查批次「browser」已結束")
    past = store.create_wave(info.id, key, "past", closes_at=dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1))
    with pytest.raises(SubmissionRefused) as err:
        store.submit(past.slug, {"ECO1": 3}, respondent="cookie-3", started_at=None)
    assert err.value.reason == "closed"
    with pytest.raises(StoreError) as err:
        store.submit("no-such-wave", {"ECO1": 3}, respondent="x", started_at=None)
    assert err.value.key == "store_wave_not_found"
    assert store.count(study_id=info.id) == 4


def test_quota_exact_under_concurrency(store):
    info, key = store.create_study("q", LSQ5)
    wave = store.create_wave(info.id, key, "Q", quota=50)
    stored, refused, errors = [], [], []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def client(t):
        start.wait()
        for k in range(20):
            try:
                rid = store.submit(wave.slug, {"ECO1": 1 + (t + k) % 5}, respondent=f"t{t}-{k}", started_at=None)
                with lock:
                    stored.append(rid)
            except SubmissionRefused as exc:
                with lock:
                    refused.append(exc.reason)
            except Exception as exc:      # noqa: BLE001 — any other failure fails the test below
                with lock:
                    errors.append(repr(exc))

    threads = [threading.Thread(target=client, args=(t,)) for t in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(stored) == 50 and len(set(stored)) == 50
    assert refused == ["quota"] * 110
    assert store.count(wave.id) == 50
    assert sorted(store.responses(info.id, key)["response_id"]) == sorted(stored)


def test_refusals_logged(store):
    info, key = store.create_study("l", LSQ5)
    wave = store.create_wave(info.id, key, "W")
    store.log_refusal(wave.slug, "invalid", {"item": "ECO1", "why": "out of range"})
    store.log_refusal(wave.id, "rate_limited", {})
    store.log_refusal("unknown-slug", "closed", {"x": 1})          # logged, belongs to no study
    log = store.refusals(info.id, key)
    assert list(log.columns) == ["id", "wave", "reason", "detail", "at"]          # no client address
    assert (log["wave"].tolist(), log["reason"].tolist()) == ([wave.id, wave.id], ["invalid", "rate_limited"])
    assert log["detail"].tolist() == [{"item": "ECO1", "why": "out of range"}, {}]
    assert store.count(wave.id) == 0                                      # never data
    with pytest.raises(AccessDenied):
        store.refusals(info.id, "wrong-key-wrong-key")


def test_exclusions_and_corrections_are_rows(store):
    info, key = store.create_study("e", LSQ5)
    wave = store.create_wave(info.id, key, "W")
    r1, r2, r3 = submit_rows(store, wave, sample_rows(3))
    original = store.responses(info.id, key)
    store.exclude(info.id, key, r2, "speeder: 31 s")
    store.correct(info.id, key, r1, "ECO1", 2, "typo confirmed by the respondent")
    store.correct(info.id, key, r1, "GENDER", None, "withdrew the answer")
    with pytest.raises(SubmissionRefused):
        store.correct(info.id, key, r1, "ECO1", 9, "out of range")
    with pytest.raises(SubmissionRefused):
        store.correct(info.id, key, r1, "NOPE", 1, "no such item")
    other, key2 = store.create_study("other", LSQ5)
    with pytest.raises(StoreError):
        store.exclude(other.id, key2, r1, "not this study's response")

    now = store.responses(info.id, key)
    assert now["response_id"].tolist() == [r1, r3]
    assert now.iloc[0]["ECO1"] == 2 and pd.isna(now.iloc[0]["GENDER"])
    pd.testing.assert_series_equal(now.iloc[1], original.iloc[2], check_names=False)
    every = store.responses(info.id, key, include_excluded=True)
    assert every["response_id"].tolist() == [r1, r2, r3]
    assert every["excluded"].tolist() == [None, "speeder: 31 s", None]
    with store.engine.connect() as conn:                                  # the submission itself is untouched
        stored = json.loads(conn.execute(sa.text("SELECT answers FROM responses WHERE id = :i"), {"i": r1}).scalar())
    assert stored["ECO1"] == int(sample_rows(1)[0]["ECO1"]) and "GENDER" in stored
    history = store.history(info.id, key)
    assert history[["kind", "response_id", "item", "value", "reason"]].values.tolist() == [
        ["exclusion", r2, None, None, "speeder: 31 s"],
        ["correction", r1, "ECO1", 2, "typo confirmed by the respondent"],
        ["correction", r1, "GENDER", None, "withdrew the answer"]]
    assert set(history["by"]) == {"key:" + hashlib.sha256(key.encode()).hexdigest()[:8]}
    assert history["at"].is_monotonic_increasing


def test_exclusion_undone_by_a_later_row_nothing_deleted(store):
    info, key = store.create_study("u", LSQ5)
    wave = store.create_wave(info.id, key, "W")
    r1, r2 = submit_rows(store, wave, sample_rows(2))
    with pytest.raises(OptionError) as err:                       # nothing to undo
        store.restore(info.id, key, r1, "was never excluded")
    assert "只有已排除的答卷才能撤銷排除" in err.value.message("zh-Hant")
    store.exclude(info.id, key, r1, "straight-lining")
    assert store.responses(info.id, key)["response_id"].tolist() == [r2]
    store.restore(info.id, key, r1, "checked the paper form: real answers")
    assert store.responses(info.id, key)["response_id"].tolist() == [r1, r2]
    assert store.responses(info.id, key, include_excluded=True)["excluded"].tolist() == [None, None]
    store.exclude(info.id, key, r1, "excluded again")                # a third row: excluded with the new reason
    assert store.responses(info.id, key, include_excluded=True)["excluded"].tolist() == ["excluded again", None]
    with pytest.raises(AccessDenied):
        store.restore(info.id, "wrong-key-wrong-key", r1, "not mine")
    history = store.history(info.id, key)
    assert history[["kind", "response_id", "reason"]].values.tolist() == [
        ["exclusion", r1, "straight-lining"], ["restore", r1, "checked the paper form: real answers"],
        ["exclusion", r1, "excluded again"]]
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM exclusions WHERE response_id = :r"), {"r": r1}).scalar() == 3
    new, key2, _ = store.import_study(store.export_study(info.id, key))   # the undo survives the study ZIP
    assert store.history(new.id, key2)["kind"].tolist() == ["exclusion", "restore", "exclusion"]
    assert store.responses(new.id, key2, include_excluded=True)["excluded"].tolist() == ["excluded again", None]


def test_add_import_keeps_file_hash_and_mapping(store):
    info, key = store.create_study("i", LSQ5)
    data = WJX.read_bytes()
    mapping = {"来源详情": None}
    wave = store.add_import(info.id, key, "问卷星 export", "lsq5_wjx_gbk.csv", data, mapping)
    assert (wave.kind, wave.one_per, wave.closed_at is not None) == ("import", "none", True)
    read = research.load_responses(data, "lsq5", mapping, name="lsq5_wjx_gbk.csv")
    assert store.count(wave.id) == read.n == 500
    imports = store.imports(info.id, key)
    assert imports[["wave", "file_name", "sha256", "size", "mapping"]].values.tolist() == [
        [wave.id, "lsq5_wjx_gbk.csv", hashlib.sha256(data).hexdigest(), len(data), mapping]]
    assert store.import_file(info.id, key, int(imports["id"].iat[0])) == ("lsq5_wjx_gbk.csv", data)
    frame = store.responses(info.id, key, [wave.id])
    for item in ("ECO1", "REL4", "LOY4", "ATTN1", "IMP_ECO"):
        source = read.answers if item in read.answers else read.checks if item in read.checks else read.importance
        assert frame[item].astype("Float64").tolist() == pd.array(source[item], dtype="Float64").tolist()
    assert frame["GENDER"].tolist() == read.segments["GENDER"].tolist()
    assert frame["channel"].eq("import").all() and frame["respondent"].tolist() == read.meta["respondent"].tolist()
    with pytest.raises(SubmissionRefused) as err:                          # an imported wave takes no submissions
        store.submit(wave.slug, {"ECO1": 3}, respondent="x", started_at=None)
    assert err.value.reason == "closed"


def test_analyses_saved_and_read_back(store):
    info, key = store.create_study("a", LSQ5)
    w1 = store.create_wave(info.id, key, "Q1")
    w2 = store.create_wave(info.id, key, "Q2")
    results = json.dumps({"fit": {"cfi": 0.951, "rmsea": 0.048}, "note": "满意度"}, ensure_ascii=False)
    spec = {"questionnaire": "lsq5", "estimator": "MLR", "bootstrap": 2000}
    aid = store.save_analysis(info.id, key, spec=spec, results_json=results, seed=20260901,
                              versions={"research": "0.1.0", "numpy": "2.1"}, waves=[w2.id, w1.id])
    [a] = store.analyses(info.id, key)
    assert (a.id, a.spec, a.seed, a.versions, a.waves) == (aid, spec, 20260901, {"research": "0.1.0", "numpy": "2.1"},
                                                           (w1.id, w2.id))
    got, text = store.analysis(info.id, key, aid)
    assert got == a and text == results
    other, key2 = store.create_study("b", LSQ5)
    foreign = store.create_wave(other.id, key2, "theirs")
    with pytest.raises(StoreError):
        store.save_analysis(info.id, key, spec={}, results_json="{}", seed=None, versions={}, waves=[foreign.id])
    with pytest.raises(StoreError):
        store.analysis(other.id, key2, aid)


# --- the study ZIP ------------------------------------------------------------------------------------------------
def _full_study(store):
    info, key = store.create_study("完整研究", SMALL)
    web = store.create_wave(info.id, key, "web", quota=10, closes_at=dt.datetime(2031, 5, 1))
    rows = [
        {"A1": 5, "A2": 1, "B1": 4, "B2": 4, "GENDER": 1, "CH": "1;3", "NUM": 2.5, "NOTE": "=cmd|' /C calc'!A0",
         "ATTN1": 4},
        {"A1": 2, "A2": 4, "B1": None, "B2": 1, "GENDER": 2, "CH": [2], "NUM": 0, "NOTE": "'=already quoted",
         "ATTN1": 1},
        {"A1": 3, "NOTE": "多行\n文字, \"引号\""},
    ]
    ids = [store.submit(web.slug, r, respondent=f"b{k}", started_at=dt.datetime(2026, 3, 1, 10, k),
                        submitted_at=dt.datetime(2026, 3, 1, 10, k, 30), lang="en")
           for k, r in enumerate(rows)]
    store.add_questionnaire_version(info.id, key, SMALL.replace("甲一", "甲一（新）"))
    links = store.create_wave(info.id, key, "links", one_per="token")
    tokens = store.issue_tokens(links.id, key, 2)
    store.submit(links.slug, {"A1": 1}, respondent=tokens[1], started_at=None)
    store.exclude(info.id, key, ids[1], "failed the attention check")
    store.correct(info.id, key, ids[0], "B2", 5, "respondent's e-mail")
    store.close_wave(web.id, key)
    csv_data = "A1,A2,B1,B2\n1,2,3,4\n5,4,3,2\n".encode("utf-8")
    store.add_import(info.id, key, "paper", "paper.csv", csv_data, {"A1": "A1"})
    store.save_analysis(info.id, key, spec={"waves": "all"}, results_json='{"alpha": 0.81}', seed=3,
                        versions={"research": "0.1.0"}, waves=[web.id, links.id])
    return info, key


def test_export_import_round_trip(store):
    info, key = _full_study(store)
    data = store.export_study(info.id, key)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = set(z.namelist())
        shown = z.read("responses.csv").decode("utf-8-sig")
    assert {"study.json", "questionnaire_v1.yaml", "questionnaire_v2.yaml", "waves.csv", "responses.csv",
            "responses.jsonl", "corrections.csv", "exclusions.csv", "imports/1_paper.csv"} <= names
    assert any(n.startswith("analyses/") and n.endswith(".json") for n in names)
    assert "'=cmd|' /C calc'!A0" in shown                      # Excel-safe where a person opens it
    assert "<NA>" not in shown and "NaT" not in shown and "nan" not in shown

    for weak in ("short", "a chosen passphrase of any length", "x" * 31, "é" * 40):
        with pytest.raises(OptionError) as err:      # only keys shaped like the toolkit's (≥ 192 random bits)
            store.import_study(data, key=weak)
        assert "[A-Za-z0-9_-]{32,200}" in err.value.message("zh-Hant")
    new, key2, renamed = store.import_study(data)
    # imported into the database it came from: every link name is taken, so every wave has a new one, said so
    assert [(name, old) for name, old, _ in renamed] == [(w.name, w.slug) for w in store.waves(info.id, key)]
    assert key2 != key and new.id != info.id and new.name == "完整研究" and new.questionnaire_version == 2
    with pytest.raises(AccessDenied):
        store.responses(new.id, key)
    old_waves, new_waves = store.waves(info.id, key), store.waves(new.id, key2)
    assert [(w.name, w.kind, w.one_per, w.quota, w.closes_at, w.closed_at, w.questionnaire_version)
            for w in old_waves] == [(w.name, w.kind, w.one_per, w.quota, w.closes_at, w.closed_at,
                                     w.questionnaire_version) for w in new_waves]
    assert {w.slug for w in old_waves}.isdisjoint(w.slug for w in new_waves)
    wave_map = {o.id: n.id for o, n in zip(old_waves, new_waves)}
    for include in (False, True):
        before = store.responses(info.id, key, include_excluded=include)
        after = store.responses(new.id, key2, include_excluded=include)
        before = before.assign(wave=before["wave"].map(wave_map)).drop(columns="response_id")
        pd.testing.assert_frame_equal(before, after.drop(columns="response_id"))
    assert after["NOTE"].tolist()[:3] == ["=cmd|' /C calc'!A0", "'=already quoted", "多行\n文字, \"引号\""]
    cols = ["kind", "item", "value", "reason", "by", "at"]
    pd.testing.assert_frame_equal(store.history(info.id, key)[cols], store.history(new.id, key2)[cols])
    assert [store.questionnaire(new.id, v) for v in (1, 2)] == [store.questionnaire(info.id, v) for v in (1, 2)]
    assert store.tokens(new_waves[1].id, key2) == store.tokens(old_waves[1].id, key)
    [a_old], [a_new] = store.analyses(info.id, key), store.analyses(new.id, key2)
    assert (a_new.spec, a_new.seed, a_new.versions, a_new.waves) == \
        (a_old.spec, a_old.seed, a_old.versions, tuple(wave_map[w] for w in a_old.waves))
    assert store.analysis(new.id, key2, a_new.id)[1] == '{"alpha": 0.81}'
    old_imp, new_imp = store.imports(info.id, key), store.imports(new.id, key2)
    assert new_imp[["file_name", "sha256", "size", "mapping"]].values.tolist() == \
        old_imp[["file_name", "sha256", "size", "mapping"]].values.tolist()
    assert store.import_file(new.id, key2, int(new_imp["id"].iat[0]))[1] == "A1,A2,B1,B2\n1,2,3,4\n5,4,3,2\n".encode()


def _with_meta(data: bytes, change) -> bytes:
    """The study ZIP with study.json changed by ``change(meta)``."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        meta = json.loads(z.read("study.json"))
    change(meta)
    return _rezip(data, replace={"study.json": json.dumps(meta).encode("utf-8")})


def _with_responses(data: bytes, change) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        rows = [json.loads(line) for line in z.read("responses.jsonl").decode("utf-8").splitlines()]
    change(rows)
    return _rezip(data, replace={"responses.jsonl": "\n".join(json.dumps(r) for r in rows).encode("utf-8")})


def test_import_keeps_free_link_names_and_renames_only_clashes(store):
    info, key = store.create_study("slugs", SMALL)
    a = store.create_wave(info.id, key, "Spring")
    b = store.create_wave(info.id, key, "Autumn")
    free = "free-" + secrets.token_hex(6)

    def move_first(meta):          # the first wave's exported slug is free here, the second's is taken (b's own)
        meta["waves"][0]["slug"] = free
    new, key2, renamed = store.import_study(_with_meta(store.export_study(info.id, key), move_first))
    first, second = store.waves(new.id, key2)
    assert first.slug == free and store.wave_by_slug(free).study_id == new.id
    assert second.slug not in (a.slug, b.slug) and re.fullmatch(r"[A-Za-z0-9_-]{12}", second.slug)
    assert renamed == (("Autumn", b.slug, second.slug),)
    again = store.import_study(_with_meta(store.export_study(info.id, key), move_first))
    assert [old for _, old, _ in again.renamed] == [free, b.slug]        # now both link names are taken
    texts = again.notes()[1].texts
    new_slug = again.renamed[1][2]
    assert texts["en"] == (f"Wave “Autumn”: the link name {b.slug} is already used in this database, so the wave's "
                           f"link is now /f/{new_slug}; share the new link or QR code.")
    assert f"调查批次“Autumn”：链接名 {b.slug} 在本数据库中已被使用" in texts["zh-Hans"]
    assert f"調查批次「Autumn」：連結名 {b.slug} 在本資料庫中已被使用" in texts["zh-Hant"]

    def unusable(meta):            # not a link name: a new one, silently (there was no link to keep)
        meta["waves"][0]["slug"] = "../x y"
        meta["waves"][1]["slug"] = None
    new3, key3, renamed3 = store.import_study(_with_meta(store.export_study(info.id, key), unusable))
    assert renamed3 == () and all(re.fullmatch(r"[A-Za-z0-9_-]{12}", w.slug) for w in store.waves(new3.id, key3))


def test_export_is_one_snapshot_while_submissions_arrive(store, monkeypatch):
    """Writes made while the export reads (between its read of the responses and of the rest) are in none of its
    files: every response in the ZIP has its wave, and responses.csv, responses.jsonl and exclusions agree."""
    info, key = store.create_study("snap", SMALL)
    wave = store.create_wave(info.id, key, "W", one_per="none")
    before = [store.submit(wave.slug, {"A1": k}, respondent=None, started_at=None) for k in (1, 2, 3)]
    real_rows, done = store._rows, []

    def rows_then_write(conn, wave_ids):
        out = real_rows(conn, wave_ids)
        if not done:               # once, from another connection, committed before the export reads on
            done.append(True)
            late = store.create_wave(info.id, key, "late", one_per="none")
            store.submit(late.slug, {"A1": 5}, respondent=None, started_at=None)
            store.submit(wave.slug, {"A1": 4}, respondent=None, started_at=None)
            store.exclude(info.id, key, before[0], "late exclusion")
        return out
    monkeypatch.setattr(store, "_rows", rows_then_write)
    data = store.export_study(info.id, key)
    monkeypatch.undo()
    assert done and store.count(study_id=info.id) == 5
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        meta = json.loads(z.read("study.json"))
        lines = [json.loads(x) for x in z.read("responses.jsonl").decode("utf-8").splitlines()]
        shown = list(csv.DictReader(io.StringIO(z.read("responses.csv").decode("utf-8-sig"))))
        waves_csv = list(csv.DictReader(io.StringIO(z.read("waves.csv").decode("utf-8-sig"))))
        excluded_csv = z.read("exclusions.csv").decode("utf-8-sig").splitlines()
    assert [r["id"] for r in lines] == before
    assert [int(r["response_id"]) for r in shown] == before
    assert [w["id"] for w in meta["waves"]] == [wave.id] and [int(w["id"]) for w in waves_csv] == [wave.id]
    assert {int(r["wave"]) for r in shown} == {wave.id}
    assert meta["exclusions"] == [] and len(excluded_csv) == 1 and all(r["excluded"] == "" for r in shown)


def test_integers_beyond_32_bits_refused_alike_on_both_databases(store):
    """PostgreSQL INTEGER stops at 2 147 483 647, SQLite does not: the store bounds what comes in, so both
    databases take the same input (a clear trilingual refusal, never a database error)."""
    from research.store.store import MAX_QUOTA
    info, key = store.create_study("big", SMALL)
    for quota in (3_000_000_000, MAX_QUOTA + 1, 0, 2.5):
        with pytest.raises(OptionError) as err:
            store.create_wave(info.id, key, "huge", quota=quota)
        assert "1 至 1,000,000" in err.value.message("zh-Hans") and "1 至 1,000,000" in err.value.message("zh-Hant")
        assert "1 to 1,000,000" in err.value.message("en")
    assert store.create_wave(info.id, key, "max", quota=MAX_QUOTA).quota == MAX_QUOTA
    with pytest.raises(OptionError):
        store.save_analysis(info.id, key, spec={}, results_json="{}", seed=2 ** 63, versions={}, waves=[])
    big_seed = store.save_analysis(info.id, key, spec={}, results_json="{}", seed=2 ** 63 - 1, versions={}, waves=[])
    assert store.analysis(info.id, key, big_seed)[0].seed == 2 ** 63 - 1
    web = store.create_wave(info.id, key, "web", one_per="none")
    store.submit(web.slug, {"A1": 1}, respondent=None, started_at=None)
    good = store.export_study(info.id, key)
    studies = store.engine.connect().execute(sa.text("SELECT count(*) FROM studies")).scalar()

    def big_row(rows):
        rows[0]["source_row"] = 3_000_000_000
    with pytest.raises(StoreError) as err:
        store.import_study(_with_responses(good, big_row))
    assert err.value.key == "store_zip_invalid" and "3000000000" in err.value.message("en")

    def big_quota(meta):
        meta["waves"][0]["quota"] = 3_000_000_000
    with pytest.raises(OptionError):
        store.import_study(_with_meta(good, big_quota))
    assert store.engine.connect().execute(sa.text("SELECT count(*) FROM studies")).scalar() == studies


def test_migration_0002_drops_client_addresses_of_existing_rows(tmp_path):
    """A database made at revision 0001 with a respondent's address in responses and refusals: opening it runs
    0002, which drops both columns (and their addresses) and makes every earlier exclusion an exclusion."""
    from alembic import command
    from alembic.config import Config
    from research.store import db as store_db
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = store_db.make_engine(sa.make_url(url))
    config = Config()
    config.set_main_option("script_location", str(store_db.MIGRATIONS))
    with store_db.writing(engine) as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "0001")
        conn.execute(sa.text("INSERT INTO studies (name, created_at, key_salt, key_hash, key_tag) VALUES "
                             "('s', '2026-01-01', 'aa', 'x', 'abcd')"))
        conn.execute(sa.text("INSERT INTO waves (study_id, name, slug, kind, one_per, questionnaire_version, "
                             "opens_at, created_at) VALUES (1, 'w', 'slug1', 'web', 'none', 1, '2026-01-01', "
                             "'2026-01-01')"))
        conn.execute(sa.text("INSERT INTO responses (wave_id, channel, client, answers, created_at) VALUES "
                             "(1, 'web', '203.0.113.7', '{}', '2026-01-01')"))
        conn.execute(sa.text("INSERT INTO refusals (wave_id, wave_ref, reason, detail, client, created_at) VALUES "
                             "(1, 'slug1', 'csrf', '{}', '203.0.113.7', '2026-01-01')"))
        conn.execute(sa.text("INSERT INTO exclusions (response_id, reason, actor, created_at) VALUES "
                             "(1, 'speeder', 'key:1', '2026-01-01')"))
    engine.dispose()
    store = open_store(url)
    try:
        columns = {t: [c["name"] for c in sa.inspect(store.engine).get_columns(t)]
                   for t in ("responses", "refusals", "exclusions")}
        assert "client" not in columns["responses"] and "client" not in columns["refusals"]
        with store.engine.connect() as conn:
            assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == "0002"
            assert conn.execute(sa.text("SELECT count(*) FROM responses")).scalar() == 1   # the response stays
            assert conn.execute(sa.text("SELECT undo FROM exclusions")).scalars().all() == [0]
    finally:
        store.close()
    # secure_delete during the migration: the dropped addresses are overwritten in the file, not left in free pages
    assert b"203.0.113.7" not in (tmp_path / "old.db").read_bytes()
    assert not (tmp_path / "old.db-wal").exists() or b"203.0.113.7" not in (tmp_path / "old.db-wal").read_bytes()


def _rezip(data: bytes, replace: dict | None = None, add: dict | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, (replace or {}).get(info.filename, src.read(info.filename)))
        for name, content in (add or {}).items():
            dst.writestr(name, content)
    return out.getvalue()


def test_hostile_zips_refused(store, monkeypatch):
    info, key = _full_study(store)
    good = store.export_study(info.id, key)
    studies_before = store.engine.connect().execute(sa.text("SELECT count(*) FROM studies")).scalar()

    def refused(data, key_name=None, kind=StoreError):
        with pytest.raises(kind) as err:
            store.import_study(data)
        if key_name:
            assert err.value.key == key_name
        return err.value

    for name in ("../evil.txt", "imports/../../evil.txt", "/etc/cron.d/evil", "C:/evil.txt", "imports\\..\\evil"):
        err = refused(_rezip(good, add={name: b"x"}), "store_zip_unsafe")
    assert "evil" in err.message("en") and "ZIP" in err.message("zh-Hans")
    refused(b"not a zip at all", "store_zip_invalid")
    refused(_rezip(good, replace={"study.json": b"{\"format\": \"something else\"}"}), "store_zip_invalid")
    refused(_rezip(good, replace={"study.json": b"[" * 100_000}), "store_zip_invalid")
    monkeypatch.setattr(archive, "MAX_MEMBER_MB", 1)
    refused(_rezip(good, add={"imports/big.bin": b"\0" * (2 * 1024 * 1024)}), "store_zip_too_large")
    monkeypatch.setattr(archive, "MAX_ZIP_MB", 0)
    refused(good, "store_zip_too_large")
    monkeypatch.undo()
    err = refused(_rezip(good, replace={"questionnaire_v1.yaml": b"constructs: [unclosed"}), kind=QuestionnaireError)
    assert "questionnaire_v1.yaml" in err.message("en")
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [*{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi"))
    refused(_rezip(good, replace={"questionnaire_v1.yaml": laughs.encode()}), kind=ResearchError)
    with zipfile.ZipFile(io.BytesIO(good)) as z:
        lines = z.read("responses.jsonl").decode().splitlines()
    forged = json.loads(lines[0])
    forged["answers"]["A1"] = 9
    err = refused(_rezip(good, replace={"responses.jsonl": "\n".join([json.dumps(forged)] + lines[1:]).encode()}),
                  kind=SubmissionRefused)
    assert err.reason == "invalid"
    assert store.engine.connect().execute(sa.text("SELECT count(*) FROM studies")).scalar() == studies_before


# --- database ----------------------------------------------------------------------------------------------------
def test_migrations_idempotent_and_settings(url):
    first = open_store(url)
    info, key = first.create_study("m", LSQ5)
    first.close()
    again = open_store(url)
    with again.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all() == ["0002"]
        if again.dialect == "sqlite":
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == 10_000
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    tables = set(sa.inspect(again.engine).get_table_names())
    assert {"studies", "questionnaires", "waves", "tokens", "responses", "refusals", "exclusions", "corrections",
            "imports", "analyses"} <= tables
    assert again.study(info.id, key).name == "m"
    assert not any(name.startswith(("delete", "drop", "remove")) for name in dir(again))
    again.close()


WRITER = """
import sys
from research.store import open_store
store = open_store(sys.argv[1])
slug = sys.argv[2]
k = 0
while True:
    answers = {f"ECO{j}": 1 + (k + j) % 5 for j in range(1, 5)}
    rid = store.submit(slug, answers, respondent=f"r{k}", started_at=None)
    print(rid, k, flush=True)
    k += 1
"""


def test_killed_writer_loses_no_acknowledged_response(store, url):
    info, key = store.create_study("k", LSQ5)
    wave = store.create_wave(info.id, key, "W")
    child = subprocess.Popen([sys.executable, "-c", WRITER, url, wave.slug], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, cwd=ROOT,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    acked = {}
    try:
        while len(acked) < 40:
            line = child.stdout.readline()
            assert line, child.stderr.read()
            rid, k = map(int, line.split())
            acked[rid] = k
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        for line in child.stdout.read().splitlines():     # acknowledged before the kill, not read yet
            rid, k = map(int, line.split())
            acked[rid] = k
    finally:
        if child.poll() is None:
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
    assert child.returncode == -signal.SIGKILL
    reopened = open_store(url)
    frame = reopened.responses(info.id, key)
    reopened.close()
    stored = dict(zip(frame["response_id"], frame["respondent"]))
    assert set(acked) <= set(stored)                       # nothing acknowledged is lost
    assert len(stored) - len(acked) in (0, 1)               # at most the one committed as the kill came
    for _, row in frame.iterrows():                          # no partial row: every answer of every row is there
        k = int(row["respondent"][1:])
        assert [row[f"ECO{j}"] for j in range(1, 5)] == [1 + (k + j) % 5 for j in range(1, 5)]
        assert acked.get(row["response_id"], k) == k


# --- the one way in ----------------------------------------------------------------------------------------------
def test_load_responses_from_the_store_equals_the_csv(store):
    info, key = store.create_study("sample", LSQ5)
    w1 = store.create_wave(info.id, key, "first half")
    w2 = store.create_wave(info.id, key, "second half")
    rows = sample_rows()
    submit_rows(store, w1, rows[:250])
    submit_rows(store, w2, rows[250:])
    from_csv = research.load_responses(SAMPLE, "lsq5")
    from_store = research.load_responses(store.source(info.id, key))
    assert from_store.n == from_csv.n == 500
    for part in ("items", "answers", "segments", "checks", "importance", "problems"):
        pd.testing.assert_frame_equal(getattr(from_store, part), getattr(from_csv, part), check_dtype=True)
    for col in ("respondent", "submitted", "duration"):
        pd.testing.assert_series_equal(from_store.meta[col], from_csv.meta[col])
    assert from_store.questionnaire == from_csv.questionnaire
    second = research.load_responses(store.source(info.id, key, waves=[w2.id]))
    pd.testing.assert_frame_equal(second.items, from_csv.items.iloc[250:].reset_index(drop=True))
    store.exclude(info.id, key, int(store.responses(info.id, key)["response_id"].iat[0]), "test")
    assert research.load_responses(store.source(info.id, key), "lsq5").n == 499
    with pytest.raises(AccessDenied):
        store.source(info.id, "not-the-key-not-the-key")


@pytest.mark.parametrize("value", ["+-3", "-+2", "++1", "3.", "٣", "1e0"])
def test_forged_number_texts_are_refused_not_crashing(value):
    """Text that only looks like a whole number is a refusal with its reason, never a ValueError."""
    from research.errors import SubmissionRefused
    from research.store.answers import check_answers

    q = research.load_questionnaire("lsq5")
    with pytest.raises(SubmissionRefused) as info:
        check_answers(q, {"SAT1": value})
    assert info.value.reason == "invalid" and info.value.params["item"] == "SAT1"
    assert "whole number" in info.value.message("en") and "整数" in info.value.message("zh-Hans")
    assert check_answers(q, {"SAT1": " +3 "})["SAT1"] == 3


def test_nul_is_refused_alike_on_both_databases(store):
    """A NUL character (PostgreSQL cannot keep it in text) is refused at the door on SQLite too: in a study or
    wave name, a reason, a respondent id; nothing is stored."""
    from research.errors import SubmissionRefused

    with pytest.raises(OptionError) as err:
        store.create_study("study\x00name", LSQ5)
    assert "NUL" in err.value.message("en") and "不含控制字元" in err.value.message("zh-Hant")
    info, key = store.create_study("nul", LSQ5)
    with pytest.raises(OptionError):
        store.create_wave(info.id, key, "w\x00")
    wave = store.create_wave(info.id, key, "w")
    answers, _, started, submitted = submission(sample_rows(1)[0])
    with pytest.raises(SubmissionRefused) as refused:
        store.submit(wave.slug, answers, respondent="r\x00", started_at=started, submitted_at=submitted)
    assert refused.value.reason == "invalid"
    rid = store.submit(wave.slug, answers, respondent="r1", started_at=started, submitted_at=submitted)
    with pytest.raises(OptionError):
        store.exclude(info.id, key, rid, "bad\x00reason")
    assert len(store.responses(info.id, key)) == 1 and len(store.history(info.id, key)) == 0
