"""`research study …` in process on a throw-away SQLite store: a study created from the CLI (its key printed once,
then given through $RESEARCH_STUDY_KEY), two waves imported from ``datasets/lsq5_sample.csv`` split by rows, a web
wave with its link, QR code and personal links; responses, exclusions, analyze (saved in the store), trend, and
the export / import-zip round trip.  Every number equals the library called directly on the same store; a wrong
or missing key ends in the message of each language and exit status 2, never a traceback.
"""
from __future__ import annotations

import io
import json
import os
import re
from contextlib import redirect_stderr, redirect_stdout
from unittest import mock

import pandas as pd
import pytest

import research
from conftest import ROOT
from research.cli import main
from research.cli_study import KEY_ENV
from research.errors import AccessDenied
from research.marketing.trend import wave_change, wave_trend, waves_from_store
from research.report import apa
from research.store import open_store

SAMPLE = ROOT / "datasets" / "lsq5_sample.csv"
LANGS = ("zh-Hans", "zh-Hant", "en")


def cli(*argv, key=None, lang="en", cwd=None):
    """(exit status, stdout, stderr) of `research --lang LANG ARGV…` with $RESEARCH_STUDY_KEY = key (unset when
    None) and no $RESEARCH_DATABASE_URL (every call names --database)."""
    out, err = io.StringIO(), io.StringIO()
    env = {k: v for k, v in os.environ.items() if k not in (KEY_ENV, "RESEARCH_DATABASE_URL")}
    if key is not None:
        env[KEY_ENV] = key
    here = os.getcwd()
    with mock.patch.dict(os.environ, env, clear=True), redirect_stdout(out), redirect_stderr(err):
        try:
            if cwd is not None:
                os.chdir(cwd)
            rc = main(["--lang", lang, *argv])
        finally:
            os.chdir(here)
    assert "Traceback" not in err.getvalue()
    return rc, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def study(tmp_path_factory):
    folder = tmp_path_factory.mktemp("study")
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    (folder / "a.csv").write_text(lines[0] + "".join(lines[1:251]), encoding="utf-8")
    (folder / "b.csv").write_text(lines[0] + "".join(lines[251:]), encoding="utf-8")
    db = f"sqlite:///{folder / 'studies.db'}"
    rc, out, _ = cli("study", "create", "LSQ monthly", "-q", "lsq5", "--database", db)
    assert rc == 0
    key = re.search(r"^  (\S{16,})$", out, re.M).group(1)
    for name, file in (("2026-09 A", "a.csv"), ("2026-09 B", "b.csv")):
        rc, out, err = cli("study", "import", "LSQ monthly", str(folder / file), "--wave", name, "--database", db,
                           key=key)
        assert rc == 0, err
    return {"folder": folder, "db": db, "key": key, "create_out": out}


def _store(study):
    return open_store(study["db"])


def test_create_prints_the_key_once_and_list_finds_the_study(study, tmp_path):
    db = f"sqlite:///{tmp_path / 'other.db'}"
    rc, out, _ = cli("study", "create", "First", "--database", db)
    key = re.search(r"^  (\S{16,})$", out, re.M).group(1)
    assert rc == 0 and out.count(key) == 1 and KEY_ENV in out
    rc, out, _ = cli("study", "create", "Second", "-q", str(ROOT / "questionnaires" / "lsq5.yaml"), "--database", db,
                     key=key)                            # a key in the environment owns the new study too
    assert rc == 0 and key not in out and "owned by the key you gave" in out
    rc, out, _ = cli("study", "list", "--database", db, key=key)
    assert rc == 0 and "First" in out and "Second" in out and key not in out
    with open_store(db) as store:
        assert [s.name for s in store.studies(key)] == ["First", "Second"]
        _, text = store.questionnaire(store.studies(key)[0].id)
        assert text == (ROOT / "questionnaires" / "lsq5.yaml").read_text(encoding="utf-8")   # kept verbatim


def test_imported_waves_are_the_files_as_the_library_reads_them(study):
    with _store(study) as store:
        info = store.studies(study["key"])[0]
        waves = store.waves(info.id, study["key"])
        assert [(w.name, w.kind, store.count(w.id)) for w in waves] == [("2026-09 A", "import", 250),
                                                                       ("2026-09 B", "import", 250)]
        from_store = research.load_responses(store.source(info.id, study["key"], waves=[waves[0].id]))
    direct = research.load_responses(study["folder"] / "a.csv", "lsq5")
    pd.testing.assert_frame_equal(from_store.items.reset_index(drop=True), direct.items.reset_index(drop=True))
    rc, out, _ = cli("study", "list", "--database", study["db"], key=study["key"])
    assert re.search(r"LSQ monthly\s+lsq5 v1\s+2\s+500", out)


@pytest.mark.parametrize("lang", LANGS)
def test_a_wrong_or_missing_key_is_refused_in_each_language(study, lang):
    wrong = "x" * 32
    for ref in ("1", "LSQ monthly"):                     # by id or by name: the same refusal, nothing learned
        rc, out, err = cli("study", "responses", ref, "-o", "never.csv", "--database", study["db"], key=wrong,
                           lang=lang, cwd=study["folder"])
        assert rc == 2 and out == ""
        assert err.strip() == AccessDenied("store_access_denied", study=ref).message(lang).strip()
    rc, _, err = cli("study", "trend", "1", "--database", study["db"], "--key", wrong, lang=lang)
    assert rc == 2 and err.strip() == AccessDenied("store_access_denied", study="1").message(lang).strip()
    rc, _, err = cli("study", "list", "--database", study["db"], lang=lang)
    assert rc == 2 and KEY_ENV in err
    assert {"en": "shell history", "zh-Hans": "命令历史记录", "zh-Hant": "命令歷史紀錄"}[lang] in err
    assert not (study["folder"] / "never.csv").exists()


def test_the_key_from_the_environment_is_advised_in_the_help():
    out = io.StringIO()
    with redirect_stdout(out), pytest.raises(SystemExit):
        main(["study", "list", "--help"])
    assert KEY_ENV in out.getvalue() and "shell history" in out.getvalue()


def test_a_web_wave_prints_its_link_and_writes_the_qr_code_and_personal_links(study, tmp_path):
    rc, out, err = cli("study", "wave", "1", "--name", "Q4 web", "--closes", "2099-12-31T18:00+08:00", "--quota",
                       "300", "--tokens", "3", "--base-url", "https://survey.example.org/", "-o", str(tmp_path),
                       "--database", study["db"], key=study["key"])
    assert rc == 0, err
    with _store(study) as store:
        wave = store.waves(1, study["key"])[-1]
        tokens = store.tokens(wave.id, study["key"])
    assert (wave.name, wave.one_per, wave.quota, wave.kind) == ("Q4 web", "token", 300, "web")
    assert wave.closes_at.isoformat() == "2099-12-31T10:00:00"          # +08:00 kept as UTC
    link = f"https://survey.example.org/f/{wave.slug}"
    assert f": {link}\n" in out
    svg = (tmp_path / f"qr-{wave.slug}.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and "<svg" in svg and f"<title>{link}</title>" in svg
    links = pd.read_csv(tmp_path / f"links-{wave.slug}.csv", encoding="utf-8-sig")
    assert list(links["token"]) == tokens and len(tokens) == 3
    assert list(links["link"]) == [f"{link}?t={t}" for t in tokens]
    rc, out, _ = cli("study", "waves", "1", "--database", study["db"], key=study["key"], lang="zh-Hant")
    assert rc == 0 and "網頁問卷" in out and "進行中" in out and f"/f/{wave.slug}" in out
    rc, out, _ = cli("study", "close", "1", "Q4 web", "--database", study["db"], key=study["key"])
    assert rc == 0 and "closed" in out
    with _store(study) as store:
        assert not store.waves(1, study["key"])[-1].is_open


@pytest.mark.parametrize("argv, option", [
    (["wave", "1", "--name", "x", "--closes", "next week"], "--closes"),
    (["wave", "1", "--name", "x", "--tokens", "2", "--one-per", "browser"], "--tokens/--one-per"),
    (["wave", "1", "--name", "x", "--base-url", "survey.example.org"], "--base-url"),
    (["trend", "1", "--waves", "2027 Q9"], "--waves/WAVE"),
    (["trend", "1", "--compare", "2026-09 A", "2026-09 A"], "--compare"),
    (["import", "1", "no-such-file.csv", "--wave", "x"], None),
    (["trend", "1", "--report", "trend.pdf"], "--report"),
])
def test_bad_input_ends_in_a_message_in_each_language_and_exit_2(study, argv, option):
    with _store(study) as store:
        before = len(store.waves(1, study["key"]))
    for lang in LANGS:
        rc, out, err = cli("study", *argv, "--database", study["db"], key=study["key"], lang=lang,
                           cwd=study["folder"])
        assert rc == 2 and err.strip()
        if option:
            assert option in err
    with _store(study) as store:
        assert len(store.waves(1, study["key"])) == before       # nothing made on the way to the refusal


def test_exclusions_and_the_responses_csv(study, tmp_path):
    with _store(study) as store:
        frame = store.responses(1, study["key"])
        first = int(frame["response_id"].iloc[0])
    rc, out, _ = cli("study", "exclude", "1", str(first), "--reason", "=HYPERLINK(\"x\") same IP as 12",
                     "--database", study["db"], key=study["key"])
    assert rc == 0
    out_csv = tmp_path / "responses.csv"
    rc, out, _ = cli("study", "responses", "1", "--include-excluded", "-o", str(out_csv), "--database", study["db"],
                     key=study["key"])
    assert rc == 0
    read = pd.read_csv(out_csv, encoding="utf-8-sig", dtype=str, keep_default_na=False)
    with _store(study) as store:
        expected = store.responses(1, study["key"], include_excluded=True)
        assert store.history(1, study["key"])["response_id"].tolist() == [first]
    assert len(read) == len(expected) == 500 and list(read.columns) == list(expected.columns)
    assert read.loc[read["response_id"] == str(first), "excluded"].item().startswith("'=HYPERLINK")  # Excel-safe
    assert read["REL1"].tolist() == [str(v) for v in expected["REL1"]]
    rc, _, err = cli("study", "responses", "1", "--waves", "2026-09 B", "-o", str(out_csv), "--database",
                     study["db"], key=study["key"])
    assert rc == 2 and "--force" in err                          # an existing file is not replaced silently
    rc, out, _ = cli("study", "responses", "1", "--waves", "2026-09 B", "-o", str(out_csv), "--force",
                     "--database", study["db"], key=study["key"])
    assert rc == 0 and len(pd.read_csv(out_csv, encoding="utf-8-sig")) == 250


def test_analyze_writes_results_json_and_saves_it_in_the_store(study, tmp_path):
    rc, out, err = cli("study", "analyze", "1", "--waves", "2026-09 A", "--bootstrap", "0", "--seed", "11",
                       "-H", "H1: REL -> SAT, +", "--out", str(tmp_path), "--database", study["db"],
                       key=study["key"])
    assert rc == 0, err
    text = (tmp_path / "results.json").read_text(encoding="utf-8")
    d = json.loads(text)
    with _store(study) as store:
        wave_a = store.waves(1, study["key"])[0]
        listed = store.analyses(1, study["key"])
        info, saved = store.analysis(1, study["key"], listed[-1].id)
        direct = research.analyze(research.load_responses(store.source(1, study["key"], waves=[wave_a.id])),
                                  questionnaire="lsq5", bootstrap=0, seed=11, hypotheses=("H1: REL -> SAT, +",))
    assert saved == text
    assert info.waves == (wave_a.id,) and info.seed == 11 and info.versions == d["meta"]["versions"]
    assert info.spec["study"] == 1 and info.spec["hypotheses"] == ["H1: REL -> SAT, +"]
    assert f"analysis {info.id}" in out
    e = json.loads(direct.to_json())
    assert d["n"] == e["n"] and d["reliability"] == e["reliability"] and d["cfa"]["fit"] == e["cfa"]["fit"]
    assert d["hypotheses"] == e["hypotheses"]


@pytest.fixture(scope="module")
def trend_run(study, tmp_path_factory):
    out_dir = tmp_path_factory.mktemp("trend")
    rc, out, err = cli("study", "trend", "1", "--waves", "2026-09 A,2026-09 B", "--boot", "100", "--seed", "5",
                       "--out", str(out_dir), "--report", str(out_dir / "trend.html"), "--database", study["db"],
                       key=study["key"])
    assert rc == 0, err
    with _store(study) as store:
        ids = [w.id for w in store.waves(1, study["key"])[:2]]
        waves = waves_from_store(store, 1, study["key"], waves=ids)
    trend = wave_trend(waves, boot=100, seed=5)
    change = wave_change(waves["2026-09 A"], waves["2026-09 B"], labels=("2026-09 A", "2026-09 B"))
    return out, out_dir, trend, change


def test_trend_json_is_the_library_result(trend_run):
    _, out_dir, trend, change = trend_run
    doc = json.loads((out_dir / "trend.json").read_text(encoding="utf-8"))
    expected = json.loads(json.dumps({"trend": trend.to_dict(), "change": change.to_dict()}, allow_nan=False))
    assert doc["trend"] == expected
    assert doc["meta"]["command"] == "study trend" and doc["meta"]["seed"] == 5 and doc["meta"]["waves"] == [1, 2]
    assert (out_dir / "trend.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = (out_dir / "trend.html").read_text(encoding="utf-8")
    assert "Waves and Trend" in html and "data:image/png;base64," in html


def test_trend_prints_the_waves_and_the_change_by_name(trend_run):
    out, _, trend, change = trend_run
    for w in trend.waves:
        o = trend.index[w].overall
        assert f"{apa.num(o['mean'], 1)} [{apa.num(o['ci_low'], 1)}, {apa.num(o['ci_high'], 1)}]" in out
        assert f"{w} (n = {trend.n[w]})" in out
    i = change.index
    assert f"{apa.num(i['diff'], 2)}  [{apa.num(i['ci_lower'], 2)}, {apa.num(i['ci_upper'], 2)}]" in out
    assert f"{apa.num(i['g'], 2)} [{apa.num(i['g_ci_lower'], 2)}, {apa.num(i['g_ci_upper'], 2)}]" in out
    assert "Customer satisfaction" in out and "Reliability" in out
    assert not re.search(r"\b(ECO|RES|FLE|REL|EMP|SAT|LOY)\b", out)   # names, not codes
    assert f"{change.invariance_level} — the mean comparison is warranted" in out
    assert "Welch" in out and "Holm" in out


def test_trend_in_traditional_chinese_and_the_compare_order(study, tmp_path):
    rc, out, err = cli("study", "trend", "LSQ monthly", "--waves", "1,2", "--compare", "2026-09 B", "2026-09 A",
                       "--boot", "0", "--out", str(tmp_path), "--database", study["db"], key=study["key"],
                       lang="zh-Hant")
    assert rc == 0, err
    assert "關懷性" in out and "純量不變性" in out and "平均數比較有依據" in out and "拔靴" in out
    doc = json.loads((tmp_path / "trend.json").read_text(encoding="utf-8"))["trend"]["change"]
    assert (doc["a"], doc["b"]) == ("2026-09 B", "2026-09 A")          # B − A as asked: the sign turns
    rc, _, _ = cli("study", "trend", "1", "--waves", "1,2", "--boot", "0", "--out", str(tmp_path),
                   "--database", study["db"], key=study["key"])
    assert rc == 0                                                   # its own earlier trend.json is replaced
    again = json.loads((tmp_path / "trend.json").read_text(encoding="utf-8"))["trend"]["change"]
    assert again["index"]["diff"] == pytest.approx(-doc["index"]["diff"], rel=1e-12)


def test_export_and_import_zip_round_trip(study, tmp_path):
    zip_path = tmp_path / "study.zip"
    rc, out, err = cli("study", "export", "1", "-o", str(zip_path), "--database", study["db"], key=study["key"])
    assert rc == 0, err
    assert zip_path.read_bytes()[:2] == b"PK"
    db2 = f"sqlite:///{tmp_path / 'copy.db'}"
    rc, out, err = cli("study", "import-zip", str(zip_path), "--database", db2)
    assert rc == 0, err
    new_key = re.search(r"^  (\S{16,})$", out, re.M).group(1)
    assert new_key != study["key"] and out.count(new_key) == 1
    with _store(study) as old, open_store(db2) as new:
        (copy,) = new.studies(new_key)
        assert new.studies(study["key"]) == []                        # the old key opens nothing there
        a = old.responses(1, study["key"], include_excluded=True)
        b = new.responses(copy.id, new_key, include_excluded=True)
        answers = [c for c in a.columns if c not in ("response_id", "wave")]
        pd.testing.assert_frame_equal(a[answers].reset_index(drop=True), b[answers].reset_index(drop=True))
        assert [w.name for w in new.waves(copy.id, new_key)] == [w.name for w in old.waves(1, study["key"])]
        assert len(new.analyses(copy.id, new_key)) == len(old.analyses(1, study["key"]))
