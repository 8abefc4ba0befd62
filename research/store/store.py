"""The study store: studies, their questionnaires, waves, responses, imports and analyses in one database.

Nothing is deleted and nothing is edited in place: a response is one row, written once; an exclusion or a
correction is a row of its own with its reason, time and who made it, applied when responses are read; a
wave is closed by recording when.  Every method that shows or changes a study's data takes the study's owner
key; the questionnaire, a wave found by its public slug and the live count are public (the form needs them).

Times are kept as UTC without a zone: an aware datetime is converted to UTC, a naive one is kept as given.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import math
import re
from dataclasses import dataclass

import pandas as pd
import sqlalchemy as sa

from .. import limits
from ..errors import AccessDenied, StoreError, SubmissionRefused, invalid_option
from ..questionnaire import Questionnaire, Segment, loads_questionnaire
from . import db
from .answers import check_answer, check_answers, question_ids
from .keys import fingerprint, hash_key, key_matches, key_tag, new_key, new_salt, random_text

ONE_PER = ("token", "browser", "none")
MAX_TOKENS = 100_000            # tokens issued at once
MAX_DETAIL_CHARS = 4000         # a refusal's detail, as JSON
MAX_QUOTA = 1_000_000           # responses a wave may be set to take (far below PostgreSQL INTEGER's 2 147 483 647)
_SLUG = re.compile(r"[A-Za-z0-9_-]{1,64}")    # a wave's public link name, as new_slug makes it and the server takes


@dataclass(frozen=True)
class StudyInfo:
    id: int
    name: str
    created_at: dt.datetime
    questionnaire_version: int      # the current (latest) version
    questionnaire_id: str           # the questionnaire's own id (``id:`` in its YAML)


@dataclass(frozen=True)
class WaveInfo:
    id: int
    study_id: int
    name: str
    slug: str
    opens_at: dt.datetime
    closes_at: dt.datetime | None
    quota: int | None
    one_per: str
    questionnaire_version: int
    kind: str                       # "web" | "import"
    languages: tuple[str, ...] | None = None
    closed_at: dt.datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None and (self.closes_at is None or utcnow() < self.closes_at)


@dataclass(frozen=True)
class AnalysisInfo:
    id: int
    study_id: int
    created_at: dt.datetime
    spec: dict
    seed: int | None
    versions: dict
    waves: tuple[int, ...]


def new_slug() -> str:
    """A wave's public link name: 12 random URL-safe characters (72 bits), the first a letter or digit."""
    return random_text(9)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def as_utc(value) -> dt.datetime | None:
    if value is None:
        return None
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return None
        value = value.to_pydatetime()
    if not isinstance(value, dt.datetime):
        raise invalid_option("datetime", type(value).__name__, "Give a datetime.datetime.", "请给出 datetime.datetime。",
                             "請提供 datetime.datetime。")
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, allow_nan=False)


_KEY_SHAPE = re.compile(r"[A-Za-z0-9_-]{32,200}")


def owner_key(key: str | None) -> str:
    """``key`` checked, or a new random one when None.  A key given must look like one the toolkit makes (32 or
    more of A–Z a–z 0–9 _ -, i.e. at least 192 bits when random): the short tags of a key kept in the database
    (:func:`research.store.keys.key_tag`, the history's fingerprint) must never help anyone guess a weak one."""
    if key is None:
        return new_key()
    if not isinstance(key, str) or not _KEY_SHAPE.fullmatch(key):
        raise invalid_option("key", "key ∉ [A-Za-z0-9_-]{32,200}", "Use the key the toolkit "
                             "gave you, or leave it out to get a new one.", "请使用本工具给出的密钥，或留空以获得新密钥。",
                             "請使用本工具提供的金鑰，或留空以取得新金鑰。")
    return key


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _text(value, option: str, limit: int = 500) -> str:
    """A name or reason: 1 to ``limit`` characters, without NUL (which PostgreSQL cannot store in text, so the
    two databases would not take the same input)."""
    if not isinstance(value, str) or not value.strip() or len(value) > limit or "\x00" in value:
        detail = type(value).__name__ if not isinstance(value, str) else "NUL (\\x00)" if "\x00" in value \
            else "empty or too long"
        raise invalid_option(option, detail, f"Give a text of 1 to {limit} characters, without control characters.",
                             f"请给出 1 至 {limit} 个字符、不含控制字符的文字。",
                             f"請提供 1 至 {limit} 個字元、不含控制字元的文字。")
    return value.strip()


class Store:
    """One study store (a database).  Use :func:`open_store`."""

    def __init__(self, url: sa.URL):
        self._url = url
        self.engine = db.make_engine(url)
        self._verified: set[tuple[int, str]] = set()   # (study, SHA-256 of a key) that opened it in this process
        self._questionnaires: dict[tuple[int, int], Questionnaire] = {}
        try:
            db.migrate(self.engine)
        except sa.exc.OperationalError as exc:
            self.engine.dispose()
            raise StoreError("store_unavailable", url=self.url_for_display,
                             detail=str(exc.orig if exc.orig is not None else exc).splitlines()[0]) from None

    # --- the store itself -------------------------------------------------------------------------------
    @property
    def url_for_display(self) -> str:
        return self._url.render_as_string(hide_password=True)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self) -> str:
        return f"<Store {self.url_for_display}>"

    def _read(self):
        return self.engine.connect()

    def _snapshot(self):
        """A connection whose reads all see one moment of the database: one transaction, REPEATABLE READ on
        PostgreSQL (one snapshot for the whole transaction, not one per statement as READ COMMITTED gives);
        on SQLite in WAL mode a read transaction sees one snapshot from its first read on."""
        conn = self.engine.connect()
        if conn.dialect.name == "postgresql":
            conn = conn.execution_options(isolation_level="REPEATABLE READ")
        return conn

    # --- access -----------------------------------------------------------------------------------------
    def _check(self, conn, study_id, key) -> sa.Row:
        """The study's row when ``key`` is its owner key, else AccessDenied (also for a study that does not
        exist: a wrong key learns nothing)."""
        if not isinstance(key, str) or not key or isinstance(study_id, bool) or not isinstance(study_id, int):
            raise AccessDenied("store_access_denied", study=study_id)
        row = conn.execute(sa.select(db.studies).where(db.studies.c.id == study_id)).first()
        if row is None:
            raise AccessDenied("store_access_denied", study=study_id)
        token = (study_id, hashlib.sha256(key.encode("utf-8")).hexdigest())
        if token not in self._verified:
            if not key_matches(key, row.key_salt, row.key_hash):
                raise AccessDenied("store_access_denied", study=study_id)
            self._verified.add(token)
        return row

    def _study_info(self, conn, row) -> StudyInfo:
        version = conn.execute(sa.select(sa.func.max(db.questionnaires.c.version))
                               .where(db.questionnaires.c.study_id == row.id)).scalar_one()
        q = self._questionnaire_of(conn, row.id, version)
        return StudyInfo(id=row.id, name=row.name, created_at=row.created_at, questionnaire_version=version,
                         questionnaire_id=q.id)

    # --- studies ------------------------------------------------------------------------------------------
    def create_study(self, name: str, questionnaire: str | bytes, *, key: str | None = None) -> tuple[StudyInfo, str]:
        """A new study with ``questionnaire`` (YAML text, checked, kept verbatim) as version 1; returns the study
        and its owner key (a new random one unless ``key`` is given: one key may own several studies)."""
        name = _text(name, "name")
        text = _yaml_text(questionnaire)
        loads_questionnaire(text, "questionnaire.yaml")
        key = owner_key(key)
        with db.writing(self.engine) as conn:
            study_id = self._insert_study(conn, name, text, key, utcnow())
            info = self._study_info(conn, conn.execute(sa.select(db.studies).where(db.studies.c.id == study_id)).one())
        self._verified.add((study_id, hashlib.sha256(key.encode("utf-8")).hexdigest()))
        return info, key

    def _insert_study(self, conn, name, text, key, created_at) -> int:
        salt = new_salt()
        study_id = conn.execute(db.studies.insert().values(
            name=name, created_at=created_at, key_salt=salt, key_hash=hash_key(key, salt),
            key_tag=key_tag(key))).inserted_primary_key[0]
        conn.execute(db.questionnaires.insert().values(study_id=study_id, version=1, yaml=text,
                                                       sha256=_sha256(text.encode("utf-8")), created_at=created_at))
        return study_id

    def studies(self, key: str) -> list[StudyInfo]:
        """The studies ``key`` owns, oldest first."""
        if not isinstance(key, str) or not key:
            return []
        with self._read() as conn:
            rows = conn.execute(sa.select(db.studies).where(db.studies.c.key_tag == key_tag(key))
                                .order_by(db.studies.c.id)).all()
            out = []
            for row in rows:
                try:
                    self._check(conn, row.id, key)
                except AccessDenied:
                    continue
                out.append(self._study_info(conn, row))
            return out

    def study(self, study_id: int, key: str) -> StudyInfo:
        with self._read() as conn:
            return self._study_info(conn, self._check(conn, study_id, key))

    # --- questionnaires -------------------------------------------------------------------------------------
    def add_questionnaire_version(self, study_id: int, key: str, yaml_text: str | bytes) -> int:
        text = _yaml_text(yaml_text)
        loads_questionnaire(text, "questionnaire.yaml")
        with db.writing(self.engine) as conn:
            self._check(conn, study_id, key)
            version = conn.execute(sa.select(sa.func.max(db.questionnaires.c.version))
                                   .where(db.questionnaires.c.study_id == study_id)).scalar_one() + 1
            conn.execute(db.questionnaires.insert().values(study_id=study_id, version=version, yaml=text,
                                                           sha256=_sha256(text.encode("utf-8")), created_at=utcnow()))
        return version

    def questionnaire(self, study_id: int, version: int | None = None) -> tuple[int, str]:
        """(version, YAML text as given): the latest version unless ``version`` names one."""
        with self._read() as conn:
            query = sa.select(db.questionnaires.c.version, db.questionnaires.c.yaml) \
                .where(db.questionnaires.c.study_id == study_id)
            if version is not None:
                query = query.where(db.questionnaires.c.version == version)
            row = conn.execute(query.order_by(db.questionnaires.c.version.desc()).limit(1)).first()
        if row is None:
            raise StoreError("store_not_found", what="questionnaire", ref=f"{study_id}/{version}")
        return row.version, row.yaml

    def _questionnaire_of(self, conn, study_id: int, version: int) -> Questionnaire:
        cached = self._questionnaires.get((study_id, version))
        if cached is None:
            text = conn.execute(sa.select(db.questionnaires.c.yaml).where(
                db.questionnaires.c.study_id == study_id, db.questionnaires.c.version == version)).scalar_one()
            cached = self._questionnaires[(study_id, version)] = loads_questionnaire(text, f"questionnaire_v{version}.yaml")
        return cached

    # --- waves ----------------------------------------------------------------------------------------------
    def create_wave(self, study_id: int, key: str, name: str, *, closes_at: dt.datetime | None = None,
                    quota: int | None = None, one_per: str = "browser", languages=None) -> WaveInfo:
        with db.writing(self.engine) as conn:
            self._check(conn, study_id, key)
            wave_id = self._insert_wave(conn, study_id, name, kind="web", closes_at=closes_at, quota=quota,
                                        one_per=one_per, languages=languages)
            return self._wave(conn, wave_id)

    def _insert_wave(self, conn, study_id, name, *, kind, closes_at=None, quota=None, one_per="browser",
                     languages=None, version=None, opens_at=None, closed_at=None, created_at=None, slug=None) -> int:
        name = _text(name, "name")
        if one_per not in ONE_PER:
            raise invalid_option("one_per", repr(one_per), "Use token, browser or none.", "请使用 token、browser 或 none。",
                                 "請使用 token、browser 或 none。")
        if quota is not None and (isinstance(quota, bool) or not isinstance(quota, int)
                                  or not 1 <= quota <= MAX_QUOTA):
            raise invalid_option("quota", repr(quota)[:40], f"Give a whole number of responses from 1 to {MAX_QUOTA:,}, "
                                 "or no quota.", f"请给出 1 至 {MAX_QUOTA:,} 之间的答卷份数（整数），或不设配额。",
                                 f"請提供 1 至 {MAX_QUOTA:,} 之間的答卷份數（整數），或不設配額。")
        if languages is not None:
            languages = [str(x) for x in languages]
        if version is None:
            version = conn.execute(sa.select(sa.func.max(db.questionnaires.c.version))
                                   .where(db.questionnaires.c.study_id == study_id)).scalar_one()
        now = utcnow()
        return conn.execute(db.waves.insert().values(
            study_id=study_id, name=name, slug=slug or new_slug(), kind=kind, one_per=one_per,
            quota=quota, languages=None if languages is None else _json(languages), questionnaire_version=version,
            opens_at=as_utc(opens_at) or now, closes_at=as_utc(closes_at), closed_at=as_utc(closed_at),
            created_at=as_utc(created_at) or now)).inserted_primary_key[0]

    @staticmethod
    def _wave_info(row) -> WaveInfo:
        return WaveInfo(id=row.id, study_id=row.study_id, name=row.name, slug=row.slug, opens_at=row.opens_at,
                        closes_at=row.closes_at, quota=row.quota, one_per=row.one_per,
                        questionnaire_version=row.questionnaire_version, kind=row.kind,
                        languages=None if row.languages is None else tuple(json.loads(row.languages)),
                        closed_at=row.closed_at)

    def _wave(self, conn, wave_id) -> WaveInfo:
        return self._wave_info(conn.execute(sa.select(db.waves).where(db.waves.c.id == wave_id)).one())

    def waves(self, study_id: int, key: str) -> list[WaveInfo]:
        with self._read() as conn:
            self._check(conn, study_id, key)
            rows = conn.execute(sa.select(db.waves).where(db.waves.c.study_id == study_id).order_by(db.waves.c.id))
            return [self._wave_info(r) for r in rows]

    def wave_by_slug(self, slug: str) -> WaveInfo | None:
        if not isinstance(slug, str) or not slug or len(slug) > 64:
            return None
        with self._read() as conn:
            row = conn.execute(sa.select(db.waves).where(db.waves.c.slug == slug)).first()
        return None if row is None else self._wave_info(row)

    def _owned_wave(self, conn, wave_id, key) -> sa.Row:
        row = conn.execute(sa.select(db.waves).where(db.waves.c.id == wave_id)).first() \
            if isinstance(wave_id, int) and not isinstance(wave_id, bool) else None
        if row is None:
            raise AccessDenied("store_access_denied", study=f"wave {wave_id}")
        self._check(conn, row.study_id, key)
        return row

    def close_wave(self, wave_id: int, key: str) -> None:
        """Record that the wave takes no more submissions (a second close keeps the first time)."""
        with db.writing(self.engine) as conn:
            self._owned_wave(conn, wave_id, key)
            conn.execute(db.waves.update().where(db.waves.c.id == wave_id, db.waves.c.closed_at.is_(None))
                         .values(closed_at=utcnow()))

    def issue_tokens(self, wave_id: int, key: str, n: int) -> list[str]:
        """``n`` new one-per-link tokens for the wave (each admits one submission when one_per == "token")."""
        if isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= MAX_TOKENS:
            raise invalid_option("n", repr(n), f"Ask for 1 to {MAX_TOKENS} tokens.", f"请申请 1 至 {MAX_TOKENS} 个令牌。",
                                 f"請申請 1 至 {MAX_TOKENS} 個權杖。")
        out = [random_text(12) for _ in range(n)]
        with db.writing(self.engine) as conn:
            self._owned_wave(conn, wave_id, key)
            now = utcnow()
            conn.execute(db.tokens.insert(), [{"wave_id": wave_id, "token": t, "created_at": now} for t in out])
        return out

    def tokens(self, wave_id: int, key: str) -> list[str]:
        """Every token issued for the wave, in the order issued."""
        with self._read() as conn:
            self._owned_wave(conn, wave_id, key)
            return list(conn.execute(sa.select(db.tokens.c.token).where(db.tokens.c.wave_id == wave_id)
                                     .order_by(db.tokens.c.id)).scalars())

    def _find_wave(self, conn, wave_slug_or_id, *, lock: bool = False) -> sa.Row | None:
        if isinstance(wave_slug_or_id, bool):
            return None
        if isinstance(wave_slug_or_id, int):
            cond = db.waves.c.id == wave_slug_or_id
        elif isinstance(wave_slug_or_id, str) and 0 < len(wave_slug_or_id) <= 64:
            cond = db.waves.c.slug == wave_slug_or_id
        else:
            return None
        query = sa.select(db.waves).where(cond)
        if lock and conn.dialect.name == "postgresql":
            query = query.with_for_update()
        return conn.execute(query).first()

    # --- responses ------------------------------------------------------------------------------------------
    def submit(self, wave_slug_or_id, answers: dict, *, respondent: str, started_at: dt.datetime | None,
               submitted_at: dt.datetime | None = None, channel: str = "web", lang: str | None = None) -> int:
        """Store one submission and return its id once it is committed; SubmissionRefused otherwise.

        The wave's state (closed, past closes_at, quota) and the duplicate check are read in the transaction
        that inserts: on SQLite the write lock is taken at BEGIN IMMEDIATE, on PostgreSQL the wave's row is
        locked FOR UPDATE, so concurrent submissions never overshoot a quota; UNIQUE (wave, respondent) is the
        last guard against a duplicate.  Nothing about the client's address is kept.
        """
        if respondent is not None and (not isinstance(respondent, str) or len(respondent) > 200
                                       or "\x00" in respondent):
            raise SubmissionRefused("invalid", key="store_invalid_answer", item="respondent",
                                    value_text=str(respondent)[:60], problem_en="expected a text of at most 200 "
                                    "characters", problem_zh="应为不超过 200 个字符的文字",
                                    problem_zh_hant="應為不超過 200 個字元的文字")
        submitted = as_utc(submitted_at) or utcnow()
        started = as_utc(started_at)
        duration = None if started is None else (submitted - started).total_seconds()
        try:
            with db.writing(self.engine) as conn:
                wave = self._find_wave(conn, wave_slug_or_id, lock=True)
                if wave is None:
                    raise StoreError("store_wave_not_found", wave=str(wave_slug_or_id)[:64])
                q = self._questionnaire_of(conn, wave.study_id, wave.questionnaire_version)
                kept = check_answers(q, answers)
                now = utcnow()   # the wave's dates are judged by the server's clock, not by submitted_at
                if wave.kind != "web" or wave.closed_at is not None or wave.opens_at > now \
                        or (wave.closes_at is not None and now >= wave.closes_at):
                    raise SubmissionRefused("closed", wave=wave.name)
                if wave.one_per != "none" and not respondent:
                    raise SubmissionRefused("unknown_token" if wave.one_per == "token" else "duplicate", wave=wave.name)
                if wave.one_per == "token" and conn.execute(sa.select(db.tokens.c.id).where(
                        db.tokens.c.wave_id == wave.id, db.tokens.c.token == respondent)).first() is None:
                    raise SubmissionRefused("unknown_token", wave=wave.name)
                if wave.quota is not None and conn.execute(sa.select(sa.func.count()).select_from(db.responses).where(
                        db.responses.c.wave_id == wave.id)).scalar_one() >= wave.quota:
                    raise SubmissionRefused("quota", wave=wave.name, quota=wave.quota)
                once = None if wave.one_per == "none" else respondent
                if once is not None and conn.execute(sa.select(db.responses.c.id).where(
                        db.responses.c.wave_id == wave.id, db.responses.c.respondent_once == once)).first() is not None:
                    raise SubmissionRefused("duplicate", wave=wave.name)
                return conn.execute(db.responses.insert().values(
                    wave_id=wave.id, respondent=respondent, respondent_once=once, submitted_at=submitted,
                    started_at=started, duration=duration, channel=str(channel)[:32],
                    lang=None if lang is None else str(lang)[:16], answers=_json(kept), created_at=utcnow())).inserted_primary_key[0]
        except sa.exc.IntegrityError:
            raise SubmissionRefused("duplicate", wave=str(wave_slug_or_id)[:64]) from None

    def log_refusal(self, wave_slug_or_id, reason: str, detail: dict) -> None:
        """Record a refused submission (never its answers: ``detail`` says why, e.g. which item was out of range)."""
        text = _json(detail if isinstance(detail, dict) else {"detail": str(detail)})
        if len(text) > MAX_DETAIL_CHARS:
            text = _json({"truncated": text[:MAX_DETAIL_CHARS]})
        with db.writing(self.engine) as conn:
            wave = self._find_wave(conn, wave_slug_or_id)
            conn.execute(db.refusals.insert().values(
                wave_id=None if wave is None else wave.id, wave_ref=str(wave_slug_or_id)[:200],
                reason=str(reason)[:64], detail=text, created_at=utcnow()))

    def refusals(self, study_id: int, key: str) -> pd.DataFrame:
        """The refused submissions logged for the study's waves: id, wave, reason, detail (dict), at."""
        with self._read() as conn:
            self._check(conn, study_id, key)
            rows = conn.execute(sa.select(db.refusals).join(db.waves, db.waves.c.id == db.refusals.c.wave_id)
                                .where(db.waves.c.study_id == study_id).order_by(db.refusals.c.id)).all()
        return _table([(r.id, r.wave_id, r.reason, json.loads(r.detail), r.created_at) for r in rows],
                      ["id", "wave", "reason", "detail", "at"], ints=("id", "wave"), times=("at",))

    def count(self, wave_id: int | None = None, *, study_id: int | None = None) -> int:
        """Responses stored in a wave, or in all of a study's waves (public: the live count)."""
        if (wave_id is None) == (study_id is None):
            raise invalid_option("wave_id/study_id", "give exactly one", "Count a wave (wave_id) or a study "
                                 "(study_id=…).", "请指定一个调查批次（wave_id）或一个研究（study_id=…）。",
                                 "請指定一個調查批次（wave_id）或一個研究（study_id=…）。")
        query = sa.select(sa.func.count()).select_from(db.responses)
        if wave_id is not None:
            query = query.where(db.responses.c.wave_id == wave_id)
        else:
            query = query.join(db.waves, db.waves.c.id == db.responses.c.wave_id).where(db.waves.c.study_id == study_id)
        with self._read() as conn:
            return conn.execute(query).scalar_one()

    def _wave_ids(self, conn, study_id, waves) -> list[int]:
        own = list(conn.execute(sa.select(db.waves.c.id).where(db.waves.c.study_id == study_id)
                                .order_by(db.waves.c.id)).scalars())
        if waves is None:
            return own
        chosen = [waves] if isinstance(waves, int) else list(waves)
        for w in chosen:
            if w not in own:
                raise StoreError("store_not_found", what="wave", ref=str(w)[:40])
        return [w for w in own if w in set(chosen)]

    def _columns(self, conn, study_id, wave_ids) -> tuple[list[str], Questionnaire]:
        """The answer columns of these waves: the latest questionnaire's order, then ids only older versions have."""
        versions = sorted(set(conn.execute(sa.select(db.waves.c.questionnaire_version)
                                           .where(db.waves.c.id.in_(wave_ids))).scalars())) if wave_ids else []
        if not versions:
            versions = [conn.execute(sa.select(sa.func.max(db.questionnaires.c.version))
                                     .where(db.questionnaires.c.study_id == study_id)).scalar_one()]
        latest = self._questionnaire_of(conn, study_id, versions[-1])
        columns = question_ids(latest)
        for v in reversed(versions[:-1]):
            columns += [c for c in question_ids(self._questionnaire_of(conn, study_id, v)) if c not in columns]
        return columns, latest

    def _rows(self, conn, wave_ids) -> list:
        if not wave_ids:
            return []
        return conn.execute(sa.select(db.responses).where(db.responses.c.wave_id.in_(wave_ids))
                            .order_by(db.responses.c.id)).all()

    def _amendments(self, conn, wave_ids):
        """({response id: excluded reason}, {response id: {item: value}}), the latest of each applying."""
        ids = sa.select(db.responses.c.id).where(db.responses.c.wave_id.in_(wave_ids)).scalar_subquery()
        excluded = {}
        for r in conn.execute(sa.select(db.exclusions).where(db.exclusions.c.response_id.in_(ids))
                              .order_by(db.exclusions.c.id)):
            if r.undo:                  # a later row takes the exclusion back; the earlier rows stay
                excluded.pop(r.response_id, None)
            else:
                excluded[r.response_id] = r.reason if r.response_id not in excluded \
                    else excluded[r.response_id] + "; " + r.reason
        corrected: dict[int, dict] = {}
        for r in conn.execute(sa.select(db.corrections).where(db.corrections.c.response_id.in_(ids))
                              .order_by(db.corrections.c.id)):
            corrected.setdefault(r.response_id, {})[r.item] = json.loads(r.value)
        return excluded, corrected

    def responses(self, study_id: int, key: str, waves=None, *, include_excluded: bool = False) -> pd.DataFrame:
        """One row per submission, corrections applied, excluded ones left out unless ``include_excluded``
        (then an ``excluded`` column holds the reason, empty for the others)."""
        with self._read() as conn:
            self._check(conn, study_id, key)
            return self._responses(conn, study_id, waves, include_excluded)

    def _responses(self, conn, study_id, waves, include_excluded) -> pd.DataFrame:
        wave_ids = self._wave_ids(conn, study_id, waves)
        columns, latest = self._columns(conn, study_id, wave_ids)
        rows = self._rows(conn, wave_ids)
        excluded, corrected = self._amendments(conn, wave_ids) if wave_ids else ({}, {})
        meta = ["response_id", "wave", "submitted_at", "started_at", "duration", "channel", "respondent", "lang"]
        kept, answers = [], []
        for r in rows:
            if r.id in excluded and not include_excluded:
                continue
            given = json.loads(r.answers)
            given.update(corrected.get(r.id, {}))
            kept.append(r)
            answers.append(given)
        data = {"response_id": [r.id for r in kept], "wave": [r.wave_id for r in kept],
                "submitted_at": pd.to_datetime(pd.Series([r.submitted_at for r in kept], dtype=object)),
                "started_at": pd.to_datetime(pd.Series([r.started_at for r in kept], dtype=object)),
                "duration": pd.Series([r.duration for r in kept], dtype=float),
                "channel": pd.Series([r.channel for r in kept], dtype=object),
                "respondent": pd.Series([r.respondent for r in kept], dtype=object),
                "lang": pd.Series([r.lang for r in kept], dtype=object)}
        for c in columns:
            data[c] = _typed([a.get(c) for a in answers], _question(latest, c))
        if include_excluded:
            data["excluded"] = pd.Series([excluded.get(r.id) for r in kept], dtype=object)
        frame = pd.DataFrame(data, columns=meta + columns + (["excluded"] if include_excluded else []))
        frame["response_id"] = frame["response_id"].astype("int64")
        frame["wave"] = frame["wave"].astype("int64")
        return frame

    def _owned_response(self, conn, study_id, key, response_id) -> tuple[sa.Row, sa.Row]:
        self._check(conn, study_id, key)
        row = conn.execute(sa.select(db.responses, db.waves.c.study_id, db.waves.c.questionnaire_version)
                           .join(db.waves, db.waves.c.id == db.responses.c.wave_id)
                           .where(db.responses.c.id == response_id)).first() \
            if isinstance(response_id, int) and not isinstance(response_id, bool) else None
        if row is None or row.study_id != study_id:
            raise StoreError("store_not_found", what="response", ref=str(response_id)[:40])
        return row

    def exclude(self, study_id: int, key: str, response_id: int, reason: str) -> None:
        """Leave the response out of every analysis from now on (a row with the reason; nothing is deleted)."""
        self._exclusion(study_id, key, response_id, reason, undo=False)

    def restore(self, study_id: int, key: str, response_id: int, reason: str) -> None:
        """Take back the response's exclusion by a later row with its own reason (the exclusion stays in the
        history).  A response that is not excluded is refused (nothing to undo)."""
        self._exclusion(study_id, key, response_id, reason, undo=True)

    def _exclusion(self, study_id, key, response_id, reason, *, undo: bool) -> None:
        reason = _text(reason, "reason", 2000)
        with db.writing(self.engine) as conn:
            row = self._owned_response(conn, study_id, key, response_id)
            excluded, _ = self._amendments(conn, [row.wave_id])
            if undo and response_id not in excluded:
                raise invalid_option("response_id", f"{response_id} is not excluded", "Only an excluded response can "
                                     "be taken back.", "只有已排除的答卷才能撤销排除。", "只有已排除的答卷才能撤銷排除。")
            conn.execute(db.exclusions.insert().values(response_id=response_id, reason=reason, undo=undo,
                                                       actor=fingerprint(key), created_at=utcnow()))

    def correct(self, study_id: int, key: str, response_id: int, item: str, value, reason: str) -> None:
        """Record a corrected answer (checked like a submitted one; None clears the answer)."""
        reason = _text(reason, "reason", 2000)
        with db.writing(self.engine) as conn:
            row = self._owned_response(conn, study_id, key, response_id)
            q = self._questionnaire_of(conn, study_id, row.questionnaire_version)
            if not isinstance(item, str) or item not in question_ids(q):
                raise SubmissionRefused("invalid", key="store_invalid_answer", item=str(item)[:40],
                                        value_text=repr(value)[:60], problem_en="no question of the questionnaire "
                                        "has this id", problem_zh="问卷中没有这个编号的题目",
                                        problem_zh_hant="問卷中沒有這個編號的題目")
            value = check_answer(q, item, value)
            conn.execute(db.corrections.insert().values(response_id=response_id, item=item, value=_json(value),
                                                        reason=reason, actor=fingerprint(key), created_at=utcnow()))

    def history(self, study_id: int, key: str) -> pd.DataFrame:
        """Every exclusion, undone exclusion ("restore") and correction of the study, in the order made: id, kind,
        response_id, item, value, reason, by (a fingerprint of the key used), at."""
        with self._read() as conn:
            self._check(conn, study_id, key)
            return self._history(conn, study_id)

    def _history(self, conn, study_id) -> pd.DataFrame:
        wave_ids = self._wave_ids(conn, study_id, None)
        ids = sa.select(db.responses.c.id).where(db.responses.c.wave_id.in_(wave_ids)).scalar_subquery()
        ex = conn.execute(sa.select(db.exclusions).where(db.exclusions.c.response_id.in_(ids))).all()
        co = conn.execute(sa.select(db.corrections).where(db.corrections.c.response_id.in_(ids))).all()
        rows = [(r.created_at, 0, r.id, "restore" if r.undo else "exclusion", r.response_id, None, None, r.reason,
                 r.actor) for r in ex]
        rows += [(r.created_at, 1, r.id, "correction", r.response_id, r.item, json.loads(r.value), r.reason, r.actor)
                 for r in co]
        rows.sort(key=lambda r: (r[0], r[1], r[2]))
        return _table([(r[2], *r[3:], r[0]) for r in rows],
                      ["id", "kind", "response_id", "item", "value", "reason", "by", "at"], ints=("id", "response_id"),
                      times=("at",))

    # --- imports --------------------------------------------------------------------------------------------
    def add_import(self, study_id: int, key: str, wave_name: str, file_name: str, data: bytes,
                   mapping: dict | None = None) -> WaveInfo:
        """An uploaded survey export as a new wave (kind "import", closed): read by research.load_responses with
        the study's current questionnaire; the file itself, its SHA-256 and the mapping are kept."""
        from ..io import load_responses

        if not isinstance(data, (bytes, bytearray)):
            raise invalid_option("data", type(data).__name__, "Give the file's bytes.", "请给出文件的字节内容。",
                                 "請提供檔案的位元組內容。")
        data = bytes(data)
        file_name = _text(file_name, "file_name", 255)
        with self._read() as conn:
            info = self._study_info(conn, self._check(conn, study_id, key))
            q = self._questionnaire_of(conn, study_id, info.questionnaire_version)
        read = load_responses(data, q, mapping, name=file_name)
        rows = list(_import_rows(read, q))
        with db.writing(self.engine) as conn:
            self._check(conn, study_id, key)
            now = utcnow()
            wave_id = self._insert_wave(conn, study_id, wave_name, kind="import", one_per="none",
                                        version=info.questionnaire_version, closed_at=now)
            if rows:
                conn.execute(db.responses.insert(), [dict(r, wave_id=wave_id, created_at=now) for r in rows])
            conn.execute(db.imports.insert().values(
                study_id=study_id, wave_id=wave_id, file_name=file_name, sha256=_sha256(data), size=len(data),
                mapping=None if mapping is None else _json(mapping), data=data, created_at=now))
            return self._wave(conn, wave_id)

    def imports(self, study_id: int, key: str) -> pd.DataFrame:
        """The imported files: id, wave, file_name, sha256, size, mapping (dict or None), at."""
        with self._read() as conn:
            self._check(conn, study_id, key)
            rows = conn.execute(sa.select(db.imports.c.id, db.imports.c.wave_id, db.imports.c.file_name,
                                          db.imports.c.sha256, db.imports.c.size, db.imports.c.mapping,
                                          db.imports.c.created_at)
                                .where(db.imports.c.study_id == study_id).order_by(db.imports.c.id)).all()
        return _table([(r.id, r.wave_id, r.file_name, r.sha256, r.size,
                        None if r.mapping is None else json.loads(r.mapping), r.created_at) for r in rows],
                      ["id", "wave", "file_name", "sha256", "size", "mapping", "at"], ints=("id", "wave", "size"),
                      times=("at",))

    def import_file(self, study_id: int, key: str, import_id: int) -> tuple[str, bytes]:
        """(file name, the file's bytes as uploaded)."""
        with self._read() as conn:
            self._check(conn, study_id, key)
            row = conn.execute(sa.select(db.imports).where(db.imports.c.id == import_id,
                                                           db.imports.c.study_id == study_id)).first()
        if row is None:
            raise StoreError("store_not_found", what="import", ref=str(import_id)[:40])
        return row.file_name, row.data

    # --- analyses -------------------------------------------------------------------------------------------
    def save_analysis(self, study_id: int, key: str, *, spec: dict, results_json: str, seed: int | None,
                      versions: dict, waves: list[int]) -> int:
        if not isinstance(results_json, str):
            raise invalid_option("results_json", type(results_json).__name__, "Give the results.json text.",
                                 "请给出 results.json 的文字内容。", "請提供 results.json 的文字內容。")
        if len(results_json) > limits.MAX_JSON_MB * 1024 * 1024:
            raise invalid_option("results_json", f"over {limits.MAX_JSON_MB} MB", "Save a smaller result.",
                                 "请保存较小的结果。", "請儲存較小的結果。")
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int)
                                 or not db.INT64[0] <= seed <= db.INT64[1]):
            raise invalid_option("seed", repr(seed), "Give a whole number or None.", "请给出整数或 None。",
                                 "請提供整數或 None。")
        with db.writing(self.engine) as conn:
            self._check(conn, study_id, key)
            wave_ids = self._wave_ids(conn, study_id, list(waves))
            return conn.execute(db.analyses.insert().values(
                study_id=study_id, spec=_json(spec), results_json=results_json, seed=seed, versions=_json(versions),
                waves=_json(wave_ids), created_at=utcnow())).inserted_primary_key[0]

    @staticmethod
    def _analysis_info(r) -> AnalysisInfo:
        return AnalysisInfo(id=r.id, study_id=r.study_id, created_at=r.created_at, spec=json.loads(r.spec),
                            seed=r.seed, versions=json.loads(r.versions), waves=tuple(json.loads(r.waves)))

    def analyses(self, study_id: int, key: str) -> list[AnalysisInfo]:
        cols = [c for c in db.analyses.c if c.name != "results_json"]
        with self._read() as conn:
            self._check(conn, study_id, key)
            rows = conn.execute(sa.select(*cols).where(db.analyses.c.study_id == study_id)
                                .order_by(db.analyses.c.id)).all()
        return [self._analysis_info(r) for r in rows]

    def analysis(self, study_id: int, key: str, analysis_id: int) -> tuple[AnalysisInfo, str]:
        with self._read() as conn:
            self._check(conn, study_id, key)
            row = conn.execute(sa.select(db.analyses).where(db.analyses.c.id == analysis_id,
                                                            db.analyses.c.study_id == study_id)).first()
        if row is None:
            raise StoreError("store_not_found", what="analysis", ref=str(analysis_id)[:40])
        return self._analysis_info(row), row.results_json

    # --- whole studies, and the one way in ----------------------------------------------------------------------
    def export_study(self, study_id: int, key: str) -> bytes:
        """The whole study as a ZIP (research.store.archive), read in one consistent snapshot."""
        from .archive import export_study
        return export_study(self, study_id, key)

    def import_study(self, zip_bytes: bytes, *, key: str | None = None):
        """A study ZIP (:meth:`export_study`) as a new study: an :class:`research.store.archive.ImportedStudy`
        (study, key, renamed), ``renamed`` listing the waves whose link name was taken here."""
        from .archive import import_study
        return import_study(self, zip_bytes, key=key)

    def source(self, study_id: int, key: str, waves=None):
        """The study's responses (these waves, or all) for ``research.load_responses``; the key is checked now."""
        from .source import StoreSource
        with self._read() as conn:
            self._check(conn, study_id, key)
            wave_ids = self._wave_ids(conn, study_id, waves)
        return StoreSource(self, study_id, key, wave_ids if waves is not None else None)


def _table(records: list, columns: list[str], ints=(), times=()) -> pd.DataFrame:
    """A frame whose texts stay Python objects (None for none, not NaN), with whole-number and time columns typed."""
    frame = pd.DataFrame(records, columns=columns, dtype=object)
    for c in ints:
        frame[c] = frame[c].astype("int64")
    for c in times:
        frame[c] = pd.to_datetime(frame[c].astype(object))
    return frame


def _question(q: Questionnaire, qid: str):
    return next((x for x in q.questions if x.id == qid), None)


def _typed(values: list, question):
    """An answer column with the dtype a reader expects: codes as Int64, numbers as Float64, texts as object."""
    if isinstance(question, Segment) and question.type in ("multi", "text"):
        return pd.Series(values, dtype=object)
    if isinstance(question, Segment) and question.type == "number":
        return pd.array([None if v is None else float(v) for v in values], dtype="Float64")
    if question is None:
        return pd.Series(values, dtype=object)
    return pd.array([None if v is None else int(v) for v in values], dtype="Int64")


def _yaml_text(value) -> str:
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise invalid_option("questionnaire", "not UTF-8", "Save the questionnaire YAML as UTF-8.",
                                 "请将问卷 YAML 另存为 UTF-8 编码。", "請將問卷 YAML 另存為 UTF-8 編碼。") from None
    if not isinstance(value, str) or not value.strip():
        raise invalid_option("questionnaire", "empty" if isinstance(value, str) else type(value).__name__,
                             "Give the questionnaire's YAML text.", "请给出问卷的 YAML 文字。", "請提供問卷的 YAML 文字。")
    if len(value.encode("utf-8")) > limits.MAX_YAML_KB * 1024:
        raise invalid_option("questionnaire", f"over {limits.MAX_YAML_KB} KB", "Shorten the questionnaire.",
                             "请缩短问卷。", "請縮短問卷。")
    return value


def _plain(value):
    """A value read by load_responses as the store keeps it (numpy and pandas scalars to Python, NaN to None)."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def _import_rows(read, q: Questionnaire):
    """Rows for the responses table from an imported file as read: answers before reverse-keying."""
    frames = [read.segments, read.answers, read.checks, read.importance]
    order = question_ids(q)
    for k in range(len(read)):
        answers = {}
        for frame in frames:
            for qid in frame.columns:
                value = _plain(frame[qid].iat[k])
                if value is not None:
                    answers[qid] = value
        answers = {qid: answers[qid] for qid in order if qid in answers}
        meta = read.meta.iloc[k]
        respondent = _plain(meta.get("respondent"))
        submitted = _plain(meta.get("submitted"))
        duration = _plain(meta.get("duration"))
        yield {
            "respondent": None if respondent is None else str(respondent)[:200], "respondent_once": None,
            "submitted_at": as_utc(submitted),
            "started_at": None, "duration": None if duration is None else float(duration),
            "channel": "import", "lang": None, "source_row": int(meta["row"]),
            "answers": _json(check_answers(q, answers)),
        }
