"""research serve end to end: the real server (a subprocess on loopback) on a SQLite study store, spoken to with
httpx as a browser would — each simulated browser with its own cookie jar and its own loopback address
(127.0.x.y), so the per-client rate limit sees them as different clients.  The essential tests (submit, refuse,
duplicate, quota, link tokens, CSRF, rate limit) run again on PostgreSQL (``@BOTH``: a second server on a fresh
database of the throw-away cluster of conftest's ``postgres_url``)."""
from __future__ import annotations

import base64
import hashlib
import html as html_module
import itertools
import re
import secrets
import signal
import socket
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import urlencode

import httpx
import pytest
import segno
import sqlalchemy as sa

from conftest import ROOT
from research.questionnaire import load_questionnaire, loads_questionnaire
from research.serve import choose_language
from research.serve.page import SCRIPT, STYLE
from research.store import open_store
from serve_server import answers_for, form_body, own_fields, serve_process, start_server, stop

HOSTILE = """
id: hostile
title:
  zh-Hans: '<script>alert("标题")</script> 配送调查'
  zh-Hant: '<script>alert("標題")</script> 配送調查'
  en: '<script>alert("title")</script> Delivery survey'
intro:
  zh-Hans: '"><img src=x onerror=alert(1)> 您好 & 谢谢'
  zh-Hant: '"><img src=x onerror=alert(1)> 您好 & 謝謝'
  en: '"><img src=x onerror=alert(1)> Hello & thanks'
languages: [zh-Hans, zh-Hant, en]
scale: agree5
constructs:
  SAT:
    items:
      - id: SAT1
        text: {zh-Hans: '总体满意 <b onmouseover=alert(1)>一</b>', zh-Hant: '整體滿意 <b onmouseover=alert(1)>一</b>',
               en: 'Satisfied overall <b onmouseover=alert(1)>one</b>'}
      - id: SAT2
        text: {zh-Hans: 配送准时, zh-Hant: 配送準時, en: Deliveries arrive on time}
      - id: SAT3
        text: {zh-Hans: 包装完好, zh-Hant: 包裝完好, en: Parcels arrive intact}
segments:
  - id: CHANNEL
    type: single
    text: {zh-Hans: 您的购物渠道, zh-Hant: 您的購物通路, en: Where you shop}
    options:
      - {code: 1, label: {zh-Hans: '<script>alert(2)</script>网店', zh-Hant: '<script>alert(2)</script>網店',
                          en: '<script>alert(2)</script>Web shop'}}
      - {code: 2, label: {zh-Hans: 实体店, zh-Hant: 實體店, en: Store}}
  - id: TOPICS
    type: multi
    text: {zh-Hans: 您关心的方面, zh-Hant: 您關心的方面, en: What you care about}
    options: [{code: 1, label: 价格}, {code: 2, label: 速度}, {code: 3, label: 服务}]
  - id: AGE
    type: number
    text: {zh-Hans: 您的年龄, zh-Hant: 您的年齡, en: Your age}
  - id: REMARK
    type: text
    text: {zh-Hans: '</textarea><script>alert(3)</script>其他意见', zh-Hant: '</textarea><script>alert(3)</script>其他意見',
           en: '</textarea><script>alert(3)</script>Other remarks'}
attention_checks:
  - id: ATTN
    expected: 4
    after: SAT2
    text: {zh-Hans: 本题请选择“同意”, zh-Hant: 本題請選擇「同意」, en: Please choose Agree here}
"""
HOSTILE_SNIPPETS = ("<script>alert", "<b onmouseover", "<img src=x", "</textarea><script>")

_addresses = itertools.count(2)


def browser(url: str, *, accept_language: str | None = None) -> httpx.Client:
    """A new browser: its own cookie jar and its own loopback address."""
    n = next(_addresses)
    headers = {"accept-language": accept_language} if accept_language else {}
    return httpx.Client(base_url=url, timeout=30, follow_redirects=False, headers=headers,
                        transport=httpx.HTTPTransport(local_address=f"127.0.{n // 250}.{n % 250 + 1}"))


def post(client: httpx.Client, slug: str, pairs) -> httpx.Response:
    return client.post(f"/f/{slug}", content=urlencode(list(pairs)).encode("utf-8"),
                       headers={"content-type": "application/x-www-form-urlencoded"})


def open_form(client: httpx.Client, slug: str, **query) -> tuple[httpx.Response, dict]:
    r = client.get(f"/f/{slug}", params=query)
    return r, own_fields(r.text)


def text_of(html: str) -> str:
    return html_module.unescape(re.sub(r"<[^>]+>", " ", html))


BOTH = pytest.mark.parametrize("site", ["sqlite", "postgresql"], indirect=True)


def _pg_database(postgres_url: str) -> str:
    """A fresh database on the throw-away PostgreSQL server."""
    name = "serve_" + secrets.token_hex(6)
    engine = sa.create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f"CREATE DATABASE {name}"))
    engine.dispose()
    return sa.make_url(postgres_url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="module")
def site(tmp_path_factory, request):
    backend = getattr(request, "param", "sqlite")
    tmp = tmp_path_factory.mktemp("serve")
    database = f"sqlite:///{tmp / 'studies.db'}" if backend == "sqlite" else \
        _pg_database(request.getfixturevalue("postgres_url"))
    store = open_store(database)
    hostile, hkey = store.create_study("hostile", HOSTILE)
    lsq, lkey = store.create_study("lsq5", (ROOT / "questionnaires" / "lsq5.yaml").read_text(encoding="utf-8"))
    waves = {
        "browser": (hostile, hkey, store.create_wave(hostile.id, hkey, "browser")),
        "refusals": (hostile, hkey, store.create_wave(hostile.id, hkey, "refusals")),
        "token": (lsq, lkey, store.create_wave(lsq.id, lkey, "token", one_per="token")),
        "closed": (hostile, hkey, store.create_wave(hostile.id, hkey, "closed")),
        "past": (hostile, hkey, store.create_wave(hostile.id, hkey, "past",
                                                   closes_at=datetime.now(timezone.utc) - timedelta(days=1))),
        "quota": (hostile, hkey, store.create_wave(hostile.id, hkey, "quota", quota=1)),
    }
    secret = tmp / "secret"
    secret.write_text("a test secret of more than sixteen bytes\n")
    with serve_process(database, tmp, "--secret-file", str(secret)) as (url, proc):
        yield {"url": url, "proc": proc, "store": store, "waves": waves, "tmp": tmp, "database": database,
               "backend": backend,
               "hostile": loads_questionnaire(HOSTILE), "lsq5": load_questionnaire("lsq5")}
    store.close()


def refusals(site, wave_name):
    study, key, wave = site["waves"][wave_name]
    table = site["store"].refusals(study.id, key)
    return table[table["wave"] == wave.id]


def stored(site, wave_name):
    study, key, wave = site["waves"][wave_name]
    return site["store"].responses(study.id, key, waves=[wave.id])


def no_client_address(site) -> None:
    """Nothing the database keeps about submissions and refusals holds the respondents' addresses (127.0.x.y)."""
    with site["store"].engine.connect() as conn:
        for table in ("responses", "refusals"):
            columns = [c["name"] for c in sa.inspect(conn).get_columns(table)]
            assert "client" not in columns
            rows = conn.execute(sa.text(f"SELECT * FROM {table}")).all()
            assert rows and not any("127.0." in str(value) for row in rows for value in row), table


# ---------------------------------------------------------------------------------------------------------------

def test_cli_prints_the_address_and_no_secret(site):
    assert site["proc"].printed.startswith(f"Serving the questionnaires at {site['url']} (database: sqlite:///")
    assert f"{site['url']}/f/SLUG/qr.svg" in site["proc"].printed
    log = (site["tmp"] / "serve.log").read_text()
    assert "sixteen" not in site["proc"].printed + log


@pytest.mark.parametrize("lang, title, submit", [
    ("zh-Hans", "配送调查", "提交问卷"), ("zh-Hant", "配送調查", "送出問卷"), ("en", "Delivery survey", "Submit")])
def test_form_in_three_languages_with_every_text_escaped(site, lang, title, submit):
    q = site["hostile"]
    slug = site["waves"]["browser"][2].slug
    with browser(site["url"]) as client:
        r, own = open_form(client, slug, lang=lang)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    assert f'<html lang="{lang}">' in page
    for snippet in HOSTILE_SNIPPETS:
        assert snippet not in page
    assert page.count("<script") == 1 and f"<script>{SCRIPT}</script>" in page   # ours only
    # the hostile texts are shown as text, in this language
    assert html_module.escape(q.title_in(lang)) in page and title in q.title_in(lang)
    assert html_module.escape(q.intro_in(lang)) in page
    assert html_module.escape(q.item("SAT1").label(lang)) in page
    assert html_module.escape(q.segments[0].options[0].text(lang)) in page
    assert html_module.escape(q.segments[3].label(lang)) in page
    assert f">{submit}</button>" in page
    # one radio per scale point with its label, required; the attention check looks like any row
    for qid in ("SAT1", "SAT2", "ATTN", "SAT3"):
        radios = re.findall(rf'<input type="radio" name="{qid}" value="(\d)" required>', page)
        assert radios == ["1", "2", "3", "4", "5"]
    assert page.index('name="SAT2"') < page.index('name="ATTN"') < page.index('name="SAT3"')
    assert re.findall(r'name="CHANNEL" value="(\d)" required', page) == ["1", "2"]
    assert re.findall(r'type="checkbox" name="TOPICS" value="(\d)"', page) == ["1", "2", "3"]
    assert 'type="number" step="any" inputmode="decimal" name="AGE"' in page
    assert '<textarea name="REMARK"' in page
    # language links to the other two, the current one marked
    for other in ("zh-Hans", "zh-Hant", "en"):
        assert f'href="/f/{slug}?lang={other}"' in page
    assert re.search(rf'hreflang="{lang}" lang="{lang}" aria-current="page"', page)
    assert set(own) == {"_csrf", "_start", "_lang"} and own["_lang"] == lang
    assert "@import" not in STYLE and "url(" not in STYLE and "http" not in page.split("<body>")[0]


@pytest.mark.parametrize("header, lang", [
    ("zh-TW,zh;q=0.9,en;q=0.8", "zh-Hant"), ("zh-CN,zh;q=0.9", "zh-Hans"), ("en-US,en;q=0.9", "en"),
    ("zh-HK", "zh-Hant"), ("fr-FR, en;q=0.5", "en"), ("de-DE", "zh-Hans"), ("en;q=0.2, zh-Hant;q=0.9", "zh-Hant")])
def test_language_from_accept_language(site, header, lang):
    slug = site["waves"]["browser"][2].slug
    with browser(site["url"], accept_language=header) as client:
        r, own = open_form(client, slug)
    assert f'<html lang="{lang}">' in r.text and own["_lang"] == lang
    assert choose_language(None, header, ("zh-Hans", "zh-Hant", "en")) == lang
    assert choose_language("en", header, ("zh-Hans", "zh-Hant", "en")) == "en"       # ?lang= first
    assert choose_language("fr", header, ("zh-Hant",)) == "zh-Hant"                   # only what is offered


@BOTH
def test_submission_stored_exactly_once_with_its_values(site):
    q = site["hostile"]
    slug = site["waves"]["browser"][2].slug
    answers = answers_for(q, seed=1)
    answers["REMARK"] = '<script>alert("x")</script> =1+1 快递\n第二行'
    answers["TOPICS"] = "1;3"
    answers["AGE"] = 34
    with browser(site["url"], accept_language="zh-TW") as client:
        _, own = open_form(client, slug)
        time.sleep(1.1)
        r = post(client, slug, [*own.items(), *form_body(answers)])
        assert r.status_code == 303 and r.headers["location"] == f"/f/{slug}/done?lang=zh-Hant"
        done = client.get(r.headers["location"])
        assert done.status_code == 200 and "已成功送出" in done.text and "問卷到此結束" in done.text
        cookie = client.cookies.get("rid")
        # the same browser again: refused as a duplicate, nothing more stored
        _, own2 = open_form(client, slug)
        again = post(client, slug, [*own2.items(), *form_body(answers_for(q, seed=2))])
        assert again.status_code == 409 and "這個瀏覽器已經送出過這份問卷" in text_of(again.text)
    rows = stored(site, "browser")
    assert len(rows) == 1
    row = rows.iloc[0]
    for qid, value in answers.items():
        got = row[qid]
        assert (str(got) if qid in ("TOPICS", "REMARK") else int(got)) == value, qid
    assert row["lang"] == "zh-Hant" and row["channel"] == "web" and row["respondent"] == cookie
    assert 1.0 <= row["duration"] < 600
    reasons = refusals(site, "browser")
    assert list(reasons["reason"]) == ["duplicate"]
    # another browser may answer too
    with browser(site["url"]) as other:
        _, own = open_form(other, slug, lang="en")
        assert post(other, slug, [*own.items(), *form_body(answers_for(q, seed=3))]).status_code == 303
    assert len(stored(site, "browser")) == 2
    no_client_address(site)                      # data minimisation: no address kept with a response or refusal


def _refused(site, client, pairs, lang="en", status=422):
    slug = site["waves"]["refusals"][2].slug
    r = post(client, slug, pairs)
    assert r.status_code == status, r.text[:500]
    assert len(stored(site, "refusals")) == 0
    return r


@BOTH
@pytest.mark.parametrize("case, reason, message", [
    ("out_of_range", "out_of_range", "The answer '9' to question 5 is not one of its options; nothing was saved."),
    ("option", "out_of_range", "The answer '7' to question 1 is not one of its options"),
    ("forged_field", "unknown_field", "The submission holds a field that is not in the questionnaire ('EVIL')"),
    ("repeated", "repeated", "The answer '2' to question 5 is not one of its options"),
    ("missing", "required", "2 required question(s) not answered yet (question 6, 7)."),
    ("number", "not_a_number", "Question 3 needs a number; '1e999' is not one."),
    ("control", "control_characters", "The answer to question 4 contains control characters"),
    ("long", "too_long", "The answer to question 4 is longer than 2000 characters."),
])
def test_bad_answers_refused_with_reason_logged_and_not_stored(site, case, reason, message):
    q = site["hostile"]
    slug = site["waves"]["refusals"][2].slug
    answers = form_body(answers_for(q, seed=4))
    bad = {
        "out_of_range": lambda a: [(k, "9" if k == "SAT1" else v) for k, v in a],
        "option": lambda a: [(k, "7" if k == "CHANNEL" else v) for k, v in a],
        "forged_field": lambda a: a + [("EVIL", "1")],
        "repeated": lambda a: a + [("SAT1", "2")],
        "missing": lambda a: [(k, v) for k, v in a if k not in ("SAT2", "ATTN")],
        "number": lambda a: [(k, "1e999" if k == "AGE" else v) for k, v in a],
        "control": lambda a: [(k, "ok\x00bad" if k == "REMARK" else v) for k, v in a],
        "long": lambda a: [(k, "长" * 2001 if k == "REMARK" else v) for k, v in a],
    }[case](answers)
    before = len(refusals(site, "refusals"))
    with browser(site["url"]) as client:
        _, own = open_form(client, slug, lang="en")
        r = _refused(site, client, [*own.items(), *bad])
    page = r.text
    assert message in text_of(page)
    assert '<form class="survey"' in page                         # the form again, answers kept
    kept = dict(answers)
    assert re.search(rf'name="SAT3" value="{kept["SAT3"]}" required checked', page)
    if case == "missing":
        assert 'class="q missing" id="q-SAT2"' in page and 'class="q missing" id="q-ATTN"' in page
        assert 'class="q" id="q-SAT1"' in page
    log = refusals(site, "refusals")
    assert len(log) == before + 1
    last = log.iloc[-1]
    assert last["reason"] == reason and "client" not in log.columns
    if case == "out_of_range":
        assert last["detail"] == {"reason": "out_of_range", "field": "SAT1", "value": "9"}
    if case == "missing":
        assert last["detail"]["missing"] == ["SAT2", "ATTN"]


def test_refusal_in_the_respondents_language(site):
    q = site["hostile"]
    slug = site["waves"]["refusals"][2].slug
    pairs = [(k, v) for k, v in form_body(answers_for(q)) if k != "SAT2"]
    for lang, text in (("zh-Hans", "还有 1 道必答题没有作答（第 6 题）。请回答标红的题目后再提交。"),
                       ("zh-Hant", "還有 1 題必答題沒有作答（第 6 題）。請回答標紅的題目後再送出。")):
        with browser(site["url"]) as client:
            _, own = open_form(client, slug, lang=lang)
            r = _refused(site, client, [*own.items(), *pairs])
        assert text in text_of(r.text) and f'<html lang="{lang}">' in r.text


@BOTH
def test_csrf_missing_or_forged_is_403_and_nothing_is_stored(site):
    q = site["hostile"]
    slug = site["waves"]["refusals"][2].slug
    pairs = form_body(answers_for(q))
    before = len(refusals(site, "refusals"))
    with browser(site["url"]) as client:
        _, own = open_form(client, slug, lang="en")
        no_token = {k: v for k, v in own.items() if k != "_csrf"}
        r = _refused(site, client, [*no_token.items(), *pairs], status=403)
        assert "This form has expired or was not sent from this questionnaire's page" in text_of(r.text)
        forged = {**own, "_csrf": own["_csrf"][:-2] + ("AA" if own["_csrf"][-2:] != "AA" else "BB")}
        _refused(site, client, [*forged.items(), *pairs], status=403)
        # a valid token of another browser does not fit this browser's cookie
        with browser(site["url"]) as other:
            _, theirs = open_form(other, slug)
        _refused(site, client, [*{**own, "_csrf": theirs["_csrf"]}.items(), *pairs], status=403)
    # no cookie at all (a cross-site post from a browser that never opened the form)
    with browser(site["url"]) as stranger:
        _refused(site, stranger, [*own.items(), *pairs], status=403)
    log = refusals(site, "refusals")
    assert list(log["reason"])[before:] == ["csrf"] * 4


def test_forged_start_time_refused(site):
    slug = site["waves"]["refusals"][2].slug
    with browser(site["url"]) as client:
        _, own = open_form(client, slug, lang="en")
        ms, mac = own["_start"].split(".")
        earlier = {**own, "_start": f"{int(ms) - 3_600_000}.{mac}"}       # an hour earlier, same signature
        r = _refused(site, client, [*earlier.items(), *form_body(answers_for(site["hostile"]))])
    assert "The form's own fields are missing or were changed" in text_of(r.text)
    assert refusals(site, "refusals").iloc[-1]["reason"] == "forged_start"


def test_oversize_body_is_413_before_parsing(site):
    slug = site["waves"]["refusals"][2].slug
    with browser(site["url"]) as client:
        _, own = open_form(client, slug)
        big = urlencode([*own.items(), ("REMARK", "x" * 70_000)]).encode()
        r = client.post(f"/f/{slug}", content=big, headers={"content-type": "application/x-www-form-urlencoded"})
        assert r.status_code == 413
    with browser(site["url"]) as client:      # no Content-Length: chunked, counted as it arrives

        def chunks():
            for _ in range(20):
                yield b"REMARK=" + b"y" * 8192
        r = client.post(f"/f/{slug}", content=chunks(), headers={"content-type": "application/x-www-form-urlencoded"})
        assert r.status_code == 413
    assert len(stored(site, "refusals")) == 0


@BOTH
def test_rate_limit_per_client_429_with_retry_after(site):
    slug = site["waves"]["refusals"][2].slug
    with browser(site["url"], accept_language="en-GB") as client:   # read before the body: the browser's language
        _, own = open_form(client, slug)
        statuses = [post(client, slug, own.items()).status_code for _ in range(5)]   # burst 5 (all refused: empty)
        assert statuses == [422] * 5
        r = post(client, slug, own.items())
        assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 6
        assert "Too many submissions from your connection." in text_of(r.text)
        # a forwarded-for header is not believed without --forwarded-allow-ips
        r = client.post(f"/f/{slug}", content=urlencode(list(own.items())),
                        headers={"content-type": "application/x-www-form-urlencoded", "x-forwarded-for": "10.9.8.7"})
        assert r.status_code == 429
        assert client.get(f"/f/{slug}").status_code == 200          # reading the form is not limited
    with browser(site["url"]) as other:                             # another client is not held up
        _, own = open_form(other, slug)
        assert post(other, slug, own.items()).status_code == 422


@BOTH
def test_closed_wave_past_closing_date_and_quota(site):
    store = site["store"]
    q = site["hostile"]
    study, key, wave = site["waves"]["closed"]
    with browser(site["url"]) as client:
        _, own = open_form(client, wave.slug, lang="zh-Hant")
        store.close_wave(wave.id, key)
        r = post(client, wave.slug, [*own.items(), *form_body(answers_for(q))])
        assert r.status_code == 403 and "這份問卷已經截止，不再接受答卷。" in text_of(r.text)
        r = client.get(f"/f/{wave.slug}", params={"lang": "en"})
        assert r.status_code == 410 and "This questionnaire is closed" in text_of(r.text)
        assert '<form' not in r.text
    assert len(stored(site, "closed")) == 0 and list(refusals(site, "closed")["reason"]) == ["closed"]

    past = site["waves"]["past"][2]
    with browser(site["url"]) as client:
        r = client.get(f"/f/{past.slug}", params={"lang": "zh-Hans"})
        assert r.status_code == 410 and "这份问卷已经截止" in text_of(r.text)

    wave = site["waves"]["quota"][2]
    with browser(site["url"]) as first, browser(site["url"]) as second:
        _, own1 = open_form(first, wave.slug)
        _, own2 = open_form(second, wave.slug, lang="en")
        assert post(first, wave.slug, [*own1.items(), *form_body(answers_for(q))]).status_code == 303
        r = post(second, wave.slug, [*own2.items(), *form_body(answers_for(q, seed=5))])
        assert r.status_code == 403 and "This questionnaire has all the answers it needs" in text_of(r.text)
        r = second.get(f"/f/{wave.slug}", params={"lang": "en"})
        assert r.status_code == 410 and "all the answers it needs" in text_of(r.text)
    assert len(stored(site, "quota")) == 1 and list(refusals(site, "quota")["reason"]) == ["quota"]


@BOTH
def test_one_submission_per_link_token(site):
    store = site["store"]
    q = site["lsq5"]
    study, key, wave = site["waves"]["token"]
    tokens = store.issue_tokens(wave.id, key, 2)
    with browser(site["url"]) as client:
        r = client.get(f"/f/{wave.slug}", params={"lang": "en"})             # no token: no form
        assert r.status_code == 403 and "personal link" in text_of(r.text) and "<form" not in r.text
        r, own = open_form(client, wave.slug, t=tokens[0], lang="en")
        assert own["_t"] == tokens[0] and f'href="/f/{wave.slug}?lang=zh-Hant&amp;t={tokens[0]}"' in r.text
        answers = answers_for(q, seed=6)
        assert post(client, wave.slug, [*own.items(), *form_body(answers)]).status_code == 303
    with browser(site["url"]) as other:        # the same link in another browser
        _, own = open_form(other, wave.slug, t=tokens[0], lang="zh-Hans")
        r = post(other, wave.slug, [*own.items(), *form_body(answers_for(q, seed=7))])
        assert r.status_code == 409 and "这个问卷链接已经提交过答卷" in text_of(r.text)
        _, own = open_form(other, wave.slug, t="madeUpToken123", lang="en")     # a token never issued
        r = post(other, wave.slug, [*own.items(), *form_body(answers_for(q, seed=8))])
        assert r.status_code == 403 and "This questionnaire link is incomplete or not valid" in text_of(r.text)
    rows = stored(site, "token")
    assert len(rows) == 1 and rows.iloc[0]["respondent"] == tokens[0]
    assert all(int(rows.iloc[0][k]) == v for k, v in answers.items())
    assert list(refusals(site, "token")["reason"]) == ["duplicate", "unknown_token"]


def _svg_matrix(svg: str, border: int = 4) -> list[list[int]]:
    """The dark modules of a segno SVG path (``M x y`` / ``m dx dy`` moves, ``h n`` runs on row y − 0.5)."""
    path = re.search(r' d="([^"]+)"', svg).group(1)
    x = y = 0.0
    dark = set()
    for op, a, b in re.findall(r"([Mmh])(-?[\d.]+)(?:\s(-?[\d.]+))?", path):
        if op == "M":
            x, y = float(a), float(b)
        elif op == "m":
            x, y = x + float(a), y + float(b)
        else:
            for col in range(int(x), int(x + float(a))):
                dark.add((int(y - 0.5) - border, col - border))
            x += float(a)
    size = max(max(r for r, _ in dark), max(c for _, c in dark)) + 1
    return [[1 if (r, c) in dark else 0 for c in range(size)] for r in range(size)]


def test_qr_code_holds_the_forms_absolute_link(site):
    slug = site["waves"]["browser"][2].slug
    link = f"{site['url']}/f/{slug}"
    with browser(site["url"]) as client:
        r = client.get(f"/f/{slug}/qr.svg")
        r_lang = client.get(f"/f/{slug}/qr.svg", params={"lang": "zh-Hant"})
    assert r.status_code == 200 and r.headers["content-type"] == "image/svg+xml"
    assert f"<title>{link}</title>" in r.text and "<script" not in r.text
    expected = [[int(bool(v)) for v in row] for row in segno.make(link, error="m", micro=False).matrix]
    assert _svg_matrix(r.text) == expected
    expected_lang = [[int(bool(v)) for v in row] for row in segno.make(f"{link}?lang=zh-Hant", error="m").matrix]
    assert _svg_matrix(r_lang.text) == expected_lang


def test_security_headers_and_cookie(site):
    slug = site["waves"]["browser"][2].slug
    with browser(site["url"]) as client:
        responses = [client.get(f"/f/{slug}"), client.get(f"/f/{slug}/done"), client.get(f"/f/{slug}/qr.svg"),
                     client.get("/healthz"), client.get("/f/nope"), client.get("/f/<bad>")]
        cookie = responses[0].headers["set-cookie"]
    assert [r.status_code for r in responses] == [200, 200, 200, 200, 404, 404]
    assert "找不到这份问卷。请检查链接是否完整。" in text_of(responses[4].text)      # no Accept-Language: zh-Hans
    with browser(site["url"], accept_language="zh-TW") as client:
        assert "找不到這份問卷。" in text_of(client.get("/f/nope").text)

    def sha(text):
        return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"

    for r in responses:
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "frame-ancestors 'none'" in csp and "form-action 'self'" in csp
        assert f"style-src {sha(STYLE)};" in csp and f"script-src {sha(SCRIPT)};" in csp
        assert "http" not in csp and "*" not in csp and "unsafe" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["referrer-policy"] == "no-referrer"
        assert "server" not in r.headers
    # the page's own style and script are exactly the hashed ones
    page = responses[0].text
    assert re.search(r"<style>(.*?)</style>", page, re.S).group(1) == STYLE
    assert re.search(r"<script>(.*?)</script>", page, re.S).group(1) == SCRIPT
    assert re.match(r"rid=[A-Za-z0-9_-]{32}; ", cookie)
    flags = {part.strip().lower() for part in cookie.split(";")[1:]}
    assert {"httponly", "samesite=lax", "path=/"} <= flags and "secure" not in flags    # plain http on loopback


def test_interrupted_submission_leaves_no_row(site):
    q = site["hostile"]
    slug = site["waves"]["refusals"][2].slug
    with browser(site["url"]) as client:
        _, own = open_form(client, slug)
        body = urlencode([*own.items(), *form_body(answers_for(q, seed=9))]).encode()
        cookie = f"rid={client.cookies['rid']}"
    host, port = site["url"].removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall((f"POST /f/{slug} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\n"
                   "Content-Type: application/x-www-form-urlencoded\r\n"
                   f"Content-Length: {len(body)}\r\n\r\n").encode() + body[:-1])    # all but the last byte
        time.sleep(0.5)
    time.sleep(0.5)
    assert len(stored(site, "refusals")) == 0
    assert httpx.get(f"{site['url']}/healthz").text == "ok"
    # the same body sent whole is stored: what was missing was only the last byte
    with socket.create_connection((host, int(port)), timeout=10) as s:
        s.sendall((f"POST /f/{slug} HTTP/1.1\r\nHost: {host}\r\nCookie: {cookie}\r\nConnection: close\r\n"
                   "Content-Type: application/x-www-form-urlencoded\r\n"
                   f"Content-Length: {len(body)}\r\n\r\n").encode() + body)
        reply = s.recv(4096)
    assert reply.startswith(b"HTTP/1.1 303")
    assert len(stored(site, "refusals")) == 1


def test_acknowledged_submissions_survive_sigkill(tmp_path):
    database = f"sqlite:///{tmp_path / 'studies.db'}"
    store = open_store(database)
    study, key = store.create_study("crash", HOSTILE)
    wave = store.create_wave(study.id, key, "crash")
    q = loads_questionnaire(HOSTILE)
    proc = start_server(database, tmp_path, "--rate-limit", "0", name="crash")
    sent = {}
    try:
        for k in range(8):
            with browser(proc.url) as client:
                _, own = open_form(client, wave.slug)
                answers = answers_for(q, seed=k)
                r = post(client, wave.slug, [*own.items(), *form_body(answers)])
                assert r.status_code == 303
                sent[client.cookies["rid"]] = answers
    finally:
        stop(proc, signal.SIGKILL)                     # no shutdown: whatever was acknowledged must be on disk
    assert proc.returncode == -signal.SIGKILL
    proc = start_server(database, tmp_path, "--rate-limit", "0", name="crash2")
    try:
        assert httpx.get(f"{proc.url}/healthz").text == "ok"
    finally:
        stop(proc)
    store.close()
    reopened = open_store(database)
    rows = reopened.responses(study.id, key)
    assert reopened.count(wave.id) == 8 and len(rows) == 8
    for _, row in rows.iterrows():
        answers = sent[row["respondent"]]
        assert int(row["SAT1"]) == answers["SAT1"] and int(row["CHANNEL"]) == answers["CHANNEL"]
        assert str(row["TOPICS"]) == answers["TOPICS"] and row["REMARK"] == answers["REMARK"]
    reopened.close()


@BOTH
def test_rate_limited_submission_gives_the_form_back_with_the_answers(site):
    """Over the rate limit with a whole questionnaire filled in: 429 with Retry-After, the form again with every
    answer as given and the message in the respondent's language, nothing stored; after the wait the same
    answers go in."""
    store = site["store"]
    study, key, _ = site["waves"]["browser"]
    wave = store.create_wave(study.id, key, "rate " + site["backend"])
    q = site["hostile"]
    answers = answers_for(q, seed=11)
    answers["REMARK"] = "送达很快 <b>好</b>"
    limiter_burst = 5
    with browser(site["url"], accept_language="zh-CN") as client:
        _, own = open_form(client, wave.slug)
        empty = [post(client, wave.slug, own.items()).status_code for _ in range(limiter_burst)]
        assert empty == [422] * limiter_burst                         # the burst spent on incomplete forms
        r = post(client, wave.slug, [*own.items(), *form_body(answers)])
        assert r.status_code == 429 and 1 <= int(r.headers["retry-after"]) <= 6
        page_text = text_of(r.text)
        assert "提交得太频繁了" in page_text and f"请在 {r.headers['retry-after']} 秒后再试" in page_text
        assert '<form class="survey"' in r.text and own_fields(r.text)["_csrf"] == own["_csrf"]
        for qid in ("SAT1", "SAT2", "SAT3", "ATTN", "CHANNEL"):
            assert re.search(rf'name="{qid}" value="{answers[qid]}"[^>]*checked', r.text), qid
        assert html_module.escape(answers["REMARK"], quote=False) in r.text
        assert len(store.responses(study.id, key, waves=[wave.id])) == 0
        time.sleep(int(r.headers["retry-after"]))
        again = post(client, wave.slug, [*own_fields(r.text).items(), *form_body(answers)])
        assert again.status_code == 303
    rows = store.responses(study.id, key, waves=[wave.id])
    assert len(rows) == 1 and rows.iloc[0]["REMARK"] == answers["REMARK"]


def test_database_busy_gives_the_form_back_with_503_and_stores_nothing(site):
    """A database that stays locked past the busy timeout (10 s): the respondent gets the form back with the
    answers ticked and a message in the language (503), nothing is stored or logged as a refusal; once the lock
    is gone the same answers go in."""
    import sqlite3

    store = site["store"]
    study, key, _ = site["waves"]["browser"]
    wave = store.create_wave(study.id, key, "busy")
    q = site["hostile"]
    answers = answers_for(q, seed=7)
    path = site["database"].removeprefix("sqlite:///")
    with browser(site["url"], accept_language="zh-TW") as client:
        _, own = open_form(client, wave.slug)
        lock = sqlite3.connect(path, isolation_level=None, timeout=1)
        try:
            lock.execute("BEGIN EXCLUSIVE")
            r = post(client, wave.slug, [*own.items(), *form_body(answers)])
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        assert r.status_code == 503
        page_text = text_of(r.text)
        assert "伺服器暫時無法儲存答卷" in page_text and "您的答案仍保留在下方" in page_text
        ticked = own_fields(r.text)
        assert ticked["_csrf"] == own["_csrf"]
        sat = next(k for k in answers if k.startswith("SAT"))
        assert re.search(rf'name="{sat}" value="{answers[sat]}"[^>]*checked', r.text)
        assert len(store.responses(study.id, key, waves=[wave.id])) == 0
        logged = store.refusals(study.id, key)
        assert int((logged["wave"] == wave.id).sum()) == 0
        again = post(client, wave.slug, [*ticked.items(), *form_body(answers)])
        assert again.status_code == 303
    rows = store.responses(study.id, key, waves=[wave.id])
    assert len(rows) == 1 and int(rows.iloc[0][sat]) == answers[sat]


def test_rate_limit_keys_ipv6_by_its_64_network():
    """Addresses inside one IPv6 /64 share one bucket (rotating through them is free); IPv4 and IPv4-mapped
    addresses are their own keys."""
    from research.serve.security import RateLimiter, rate_key

    assert rate_key("2001:db8:1:2:aaaa::1") == rate_key("2001:db8:1:2:ffff:1:2:3") == "2001:db8:1:2::/64"
    assert rate_key("2001:db8:1:3::1") == "2001:db8:1:3::/64"
    assert rate_key("203.0.113.7") == "203.0.113.7" and rate_key("::ffff:203.0.113.7") == "203.0.113.7"
    assert rate_key(None) == "?" and rate_key("unix-socket") == "unix-socket"
    clock = [0.0]
    limiter = RateLimiter(per_minute=6, burst=2, clock=lambda: clock[0])
    waits = [limiter.take(rate_key(f"2001:db8:1:2::{k:x}")) for k in range(1, 4)]
    assert waits[:2] == [0.0, 0.0] and waits[2] == pytest.approx(10.0)     # 1 token at 6/min = 10 s
    assert limiter.take(rate_key("2001:db8:1:3::1")) == 0.0                # another /64: its own bucket
    clock[0] = 10.0
    assert limiter.take(rate_key("2001:db8:1:2::99")) == 0.0
