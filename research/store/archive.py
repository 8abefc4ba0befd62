"""A whole study as one ZIP, and back.

What a person opens: ``waves.csv``, ``responses.csv`` (one row per submission, corrections applied, an
``excluded`` column), ``corrections.csv``, ``exclusions.csv`` — every cell through research.export's
Excel-safe writer — ``questionnaire_v{n}.yaml`` as given, ``imports/`` (each uploaded file as uploaded) and
``analyses/{id}.json`` (each results.json).  What a program reads back: ``study.json`` (the study, its
waves, tokens, imports, analyses, exclusions and corrections, exactly) and ``responses.jsonl`` (each
submission as stored, one JSON object a line) — the CSVs are a view, never read back, so an answer that
starts with "=" survives the round trip unchanged.

The ZIP is not trusted on the way in: its size, its members' count and sizes (as declared and as read) are
bounded, a member whose name could leave a folder (``..``, an absolute path, a drive, a backslash) refuses
the whole file, YAML is read by research.safeyaml through the questionnaire loader, and every response is
checked against its questionnaire as a submission is.  The import is one transaction: all or nothing.

The export reads the whole study in one read transaction (one snapshot: REPEATABLE READ on PostgreSQL, a read
transaction in WAL mode on SQLite), so a submission arriving meanwhile is either in every file of the ZIP or in
none.  An import keeps each wave's exported link name (slug) when the database has no wave by that name, so the
links and QR codes already shared still lead to the form; only on a clash does the wave get a new one, and
:class:`ImportedStudy`'s ``renamed`` (and :meth:`ImportedStudy.notes`) say which.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import re
import zipfile
from typing import NamedTuple

import pandas as pd
import sqlalchemy as sa

from .. import limits
from ..errors import StoreError
from ..export import csv_bytes
from ..messages import Note
from ..questionnaire import loads_questionnaire
from . import db
from .answers import check_answers
from .store import _SLUG, ONE_PER, StudyInfo, _json, _sha256, _yaml_text, new_slug, owner_key, utcnow

FORMAT = "research-study"
FORMAT_VERSION = 1
MAX_ZIP_MB = limits.MAX_FILE_MB
MAX_MEMBER_MB = limits.MAX_FILE_MB
MAX_MEMBERS = 10_000


class ImportedStudy(NamedTuple):
    """What :func:`import_study` made: the new study, its owner key, and ``renamed`` — ``(wave name, slug in the
    ZIP, new slug)`` for each wave whose exported link name was taken in this database (its old links and QR
    codes do not lead to it here).  Every other wave kept its slug."""
    study: StudyInfo
    key: str
    renamed: tuple[tuple[str, str, str], ...] = ()

    def notes(self) -> list[Note]:
        """One trilingual note per renamed wave (none when every link was kept)."""
        return [Note(en=f"Wave “{name}”: the link name {old} is already used in this database, so the wave's link "
                        f"is now /f/{new}; share the new link or QR code.",
                     zh_hans=f"调查批次“{name}”：链接名 {old} 在本数据库中已被使用，该批次的链接改为 /f/{new}；"
                             "请分享新的链接或二维码。",
                     zh_hant=f"調查批次「{name}」：連結名 {old} 在本資料庫中已被使用，該批次的連結改為 /f/{new}；"
                             "請分享新的連結或 QR 碼。")
                for name, old, new in self.renamed]


def _time(value) -> str | None:
    return None if value is None else value.isoformat()


def _parse_time(value, where: str):
    if value is None:
        return None
    try:
        out = dt.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        raise StoreError("store_zip_invalid", detail=f"{where}: not a time") from None
    return out.replace(tzinfo=None) if out.tzinfo is None else \
        out.astimezone(dt.timezone.utc).replace(tzinfo=None)


def _member_name(name: str) -> str:
    """A file name safe to use as the last part of a ZIP member's name."""
    name = re.sub(r"[^\w.\- ()\[\]]", "_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip(". ") or "file"
    return name[:120]


def _csv(frame: pd.DataFrame) -> bytes:
    """research.export's Excel-safe CSV, missing values (None, NaN, <NA>, NaT) as empty cells."""
    frame = frame.astype(object)
    return csv_bytes(frame.where(frame.notna(), None))


def export_study(store, study_id: int, key: str) -> bytes:
    with store._snapshot() as conn:
        study = store._check(conn, study_id, key)
        qs = conn.execute(sa.select(db.questionnaires).where(db.questionnaires.c.study_id == study_id)
                          .order_by(db.questionnaires.c.version)).all()
        waves = conn.execute(sa.select(db.waves).where(db.waves.c.study_id == study_id).order_by(db.waves.c.id)).all()
        wave_ids = [w.id for w in waves]
        tokens = conn.execute(sa.select(db.tokens).where(db.tokens.c.wave_id.in_(wave_ids))
                              .order_by(db.tokens.c.id)).all() if wave_ids else []
        rows = store._rows(conn, wave_ids)
        ids = sa.select(db.responses.c.id).where(db.responses.c.wave_id.in_(wave_ids)).scalar_subquery()
        exclusions = conn.execute(sa.select(db.exclusions).where(db.exclusions.c.response_id.in_(ids))
                                  .order_by(db.exclusions.c.id)).all()
        corrections = conn.execute(sa.select(db.corrections).where(db.corrections.c.response_id.in_(ids))
                                   .order_by(db.corrections.c.id)).all()
        imports = conn.execute(sa.select(db.imports).where(db.imports.c.study_id == study_id)
                               .order_by(db.imports.c.id)).all()
        analyses = conn.execute(sa.select(db.analyses).where(db.analyses.c.study_id == study_id)
                                .order_by(db.analyses.c.id)).all()
        wide = store._responses(conn, study_id, None, include_excluded=True)
        history = store._history(conn, study_id)

    meta = {
        "format": FORMAT, "format_version": FORMAT_VERSION, "name": study.name, "created_at": _time(study.created_at),
        "questionnaires": [{"version": q.version, "file": f"questionnaire_v{q.version}.yaml", "sha256": q.sha256,
                            "created_at": _time(q.created_at)} for q in qs],
        "waves": [{"id": w.id, "name": w.name, "slug": w.slug, "kind": w.kind, "one_per": w.one_per, "quota": w.quota,
                   "languages": None if w.languages is None else json.loads(w.languages),
                   "questionnaire_version": w.questionnaire_version, "opens_at": _time(w.opens_at),
                   "closes_at": _time(w.closes_at), "closed_at": _time(w.closed_at),
                   "created_at": _time(w.created_at)} for w in waves],
        "tokens": [{"wave": t.wave_id, "token": t.token, "created_at": _time(t.created_at)} for t in tokens],
        "exclusions": [{"response": e.response_id, "reason": e.reason, "undo": bool(e.undo), "by": e.actor,
                        "at": _time(e.created_at)} for e in exclusions],
        "corrections": [{"response": c.response_id, "item": c.item, "value": json.loads(c.value), "reason": c.reason,
                         "by": c.actor, "at": _time(c.created_at)} for c in corrections],
        "imports": [], "analyses": [],
    }
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for q in qs:
            z.writestr(f"questionnaire_v{q.version}.yaml", q.yaml.encode("utf-8"))
        for k, imp in enumerate(imports, start=1):
            member = f"imports/{k}_{_member_name(imp.file_name)}"
            z.writestr(member, imp.data)
            meta["imports"].append({"wave": imp.wave_id, "file_name": imp.file_name, "file": member,
                                    "sha256": imp.sha256, "mapping": None if imp.mapping is None else json.loads(imp.mapping),
                                    "created_at": _time(imp.created_at)})
        for a in analyses:
            member = f"analyses/{a.id}.json"
            z.writestr(member, a.results_json.encode("utf-8"))
            meta["analyses"].append({"file": member, "spec": json.loads(a.spec), "seed": a.seed,
                                     "versions": json.loads(a.versions), "waves": json.loads(a.waves),
                                     "created_at": _time(a.created_at)})
        z.writestr("study.json", json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))
        lines = [_json({"id": r.id, "wave": r.wave_id, "respondent": r.respondent, "once": r.respondent_once is not None,
                        "submitted_at": _time(r.submitted_at), "started_at": _time(r.started_at),
                        "duration": r.duration, "channel": r.channel, "lang": r.lang,
                        "source_row": r.source_row, "answers": json.loads(r.answers),
                        "created_at": _time(r.created_at)}) for r in rows]
        z.writestr("responses.jsonl", ("\n".join(lines) + ("\n" if lines else "")).encode("utf-8"))
        z.writestr("responses.csv", _csv(wide))
        z.writestr("waves.csv", _csv(pd.DataFrame(
            [{**w, "languages": None if w["languages"] is None else ";".join(w["languages"])} for w in meta["waves"]],
            columns=list(meta["waves"][0]) if meta["waves"] else ["id", "name"], dtype=object)))
        z.writestr("exclusions.csv", _csv(history[history["kind"].isin(["exclusion", "restore"])]
                                          [["response_id", "kind", "reason", "by", "at"]]))
        z.writestr("corrections.csv", _csv(history[history["kind"] == "correction"]
                                           [["response_id", "item", "value", "reason", "by", "at"]]))
    return buf.getvalue()


def _refuse_name(name: str) -> bool:
    """A member name that could write outside a folder it is extracted to (or cannot be a file name)."""
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or re.match(r"^[A-Za-z]:", name):
        return True
    return any(part in (".", "..") for part in name.split("/"))


def _read_zip(zip_bytes) -> dict[str, bytes]:
    if not isinstance(zip_bytes, (bytes, bytearray)):
        raise StoreError("store_zip_invalid", detail="expected the ZIP file's bytes")
    if len(zip_bytes) > MAX_ZIP_MB * 1024 * 1024:
        raise StoreError("store_zip_too_large", limit=f"{MAX_ZIP_MB} MB")
    try:
        z = zipfile.ZipFile(io.BytesIO(bytes(zip_bytes)))
        infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise StoreError("store_zip_invalid", detail="not a ZIP file") from None
    if len(infos) > MAX_MEMBERS:
        raise StoreError("store_zip_too_large", limit=f"{MAX_MEMBERS} files")
    for info in infos:
        if _refuse_name(info.filename):
            raise StoreError("store_zip_unsafe", member=info.filename[:120])
    total, out = 0, {}
    for info in infos:
        if info.is_dir():
            continue
        if info.file_size > MAX_MEMBER_MB * 1024 * 1024 or total + info.file_size > limits.MAX_UNZIPPED_MB * 1024 * 1024:
            raise StoreError("store_zip_too_large", limit=f"{MAX_MEMBER_MB} MB / {limits.MAX_UNZIPPED_MB} MB")
        try:
            with z.open(info) as f:
                data = f.read(info.file_size + 1)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, RuntimeError):
            raise StoreError("store_zip_invalid", detail=f"{info.filename[:120]} cannot be read") from None
        if len(data) > info.file_size:
            raise StoreError("store_zip_too_large", limit=f"{MAX_MEMBER_MB} MB")
        total += len(data)
        if info.filename in out:
            raise StoreError("store_zip_invalid", detail=f"{info.filename[:120]} appears twice")
        out[info.filename] = data
    return out


def _json_member(files, name):
    if name not in files:
        raise StoreError("store_zip_invalid", detail=f"{name} is missing")
    try:
        return json.loads(files[name].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise StoreError("store_zip_invalid", detail=f"{name} is not JSON") from None


def _need(cond, detail):
    if not cond:
        raise StoreError("store_zip_invalid", detail=detail)


def import_study(store, zip_bytes: bytes, *, key: str | None = None):
    files = _read_zip(zip_bytes)
    meta = _json_member(files, "study.json")
    _need(isinstance(meta, dict) and meta.get("format") == FORMAT, "study.json is not a study made by research.store")
    _need(meta.get("format_version") == FORMAT_VERSION, f"format version {meta.get('format_version')!r} is not "
          f"{FORMAT_VERSION}")
    for part in ("questionnaires", "waves", "tokens", "exclusions", "corrections", "imports", "analyses"):
        _need(isinstance(meta.get(part), list), f"study.json: {part} is not a list")
    name = meta.get("name")
    _need(isinstance(name, str) and name.strip(), "study.json: no name")

    # questionnaires, each through the questionnaire loader (research.safeyaml)
    versions = {}
    for q in meta["questionnaires"]:
        _need(isinstance(q, dict) and isinstance(q.get("version"), int) and q.get("file") in files,
              "study.json: a questionnaire without its file")
        try:
            text = files[q["file"]].decode("utf-8")
        except UnicodeDecodeError:
            raise StoreError("store_zip_invalid", detail=f"{q['file']} is not UTF-8") from None
        versions[q["version"]] = (_yaml_text(text), loads_questionnaire(text, q["file"]), q)
    _need(sorted(versions) == list(range(1, len(versions) + 1)), "questionnaire versions are not 1, 2, …")

    # responses, each checked against its wave's questionnaire
    waves = {}
    for w in meta["waves"]:
        _need(isinstance(w, dict) and isinstance(w.get("id"), int) and w.get("questionnaire_version") in versions
              and w.get("kind") in ("web", "import") and w.get("one_per") in ONE_PER, "study.json: a wave is damaged")
        waves[w["id"]] = w
    try:
        lines = files.get("responses.jsonl", b"").decode("utf-8").splitlines()
        responses = [json.loads(line) for line in lines if line.strip()]
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise StoreError("store_zip_invalid", detail="responses.jsonl is not JSON lines") from None
    for r in responses:
        _need(isinstance(r, dict) and r.get("wave") in waves and isinstance(r.get("id"), int)
              and isinstance(r.get("answers"), dict), "responses.jsonl: a response is damaged")
        row = r.get("source_row")
        _need(row is None or (isinstance(row, int) and not isinstance(row, bool) and 0 <= row <= db.INT32_MAX),
              f"responses.jsonl: source_row {str(row)[:24]} is not a row number from 0 to {db.INT32_MAX}")
        r["answers"] = check_answers(versions[waves[r["wave"]]["questionnaire_version"]][1], r["answers"])
    response_ids = {r["id"] for r in responses}
    _need(len(response_ids) == len(responses), "responses.jsonl: a response id appears twice")
    for e in meta["exclusions"] + meta["corrections"]:
        _need(isinstance(e, dict) and e.get("response") in response_ids and isinstance(e.get("reason"), str),
              "study.json: an exclusion or correction names no response")
    for t in meta["tokens"]:
        _need(isinstance(t, dict) and t.get("wave") in waves and isinstance(t.get("token"), str), "study.json: a token")
    for imp in meta["imports"]:
        _need(isinstance(imp, dict) and imp.get("wave") in waves and imp.get("file") in files, "study.json: an import "
              "without its file")
        _need(_sha256(files[imp["file"]]) == imp.get("sha256"), f"{imp['file']}: SHA-256 differs from study.json")
    for a in meta["analyses"]:
        _need(isinstance(a, dict) and a.get("file") in files and isinstance(a.get("waves"), list)
              and all(w in waves for w in a["waves"]),
              "study.json: an analysis without its file")

    key = owner_key(key)
    now = utcnow()
    wave_map, response_map, renamed = {}, {}, []
    with db.writing(store.engine) as conn:
        study_id = store._insert_study(conn, name.strip(), versions[1][0], key,
                                       _parse_time(meta.get("created_at"), "study.json") or now)
        for v in sorted(versions)[1:]:
            text, _, q = versions[v]
            conn.execute(db.questionnaires.insert().values(study_id=study_id, version=v, yaml=text,
                                                           sha256=_sha256(text.encode("utf-8")),
                                                           created_at=_parse_time(q.get("created_at"), "study.json") or now))
        for old, w in waves.items():
            slug = w.get("slug")
            if not (isinstance(slug, str) and _SLUG.fullmatch(slug)):
                slug = None                                 # none or not a link name: a new one, nothing to say
            elif conn.execute(sa.select(db.waves.c.id).where(db.waves.c.slug == slug)).first() is not None:
                new = new_slug()
                renamed.append((str(w.get("name"))[:200], slug, new))
                slug = new
            wave_map[old] = store._insert_wave(
                conn, study_id, w.get("name"), kind=w["kind"], closes_at=_parse_time(w.get("closes_at"), "waves"),
                quota=w.get("quota"), one_per=w["one_per"], languages=w.get("languages"),
                version=w["questionnaire_version"], opens_at=_parse_time(w.get("opens_at"), "waves"),
                closed_at=_parse_time(w.get("closed_at"), "waves"), created_at=_parse_time(w.get("created_at"), "waves"),
                slug=slug)
        if meta["tokens"]:
            conn.execute(db.tokens.insert(), [{"wave_id": wave_map[t["wave"]], "token": t["token"][:64],
                                               "created_at": _parse_time(t.get("created_at"), "tokens") or now}
                                              for t in meta["tokens"]])
        for r in responses:
            respondent = r.get("respondent")
            _need(respondent is None or isinstance(respondent, str), "responses.jsonl: a respondent is not text")
            response_map[r["id"]] = conn.execute(db.responses.insert().values(
                wave_id=wave_map[r["wave"]], respondent=respondent,
                respondent_once=respondent if r.get("once") else None,
                submitted_at=_parse_time(r.get("submitted_at"), "responses"),
                started_at=_parse_time(r.get("started_at"), "responses"),
                duration=None if r.get("duration") is None else float(r["duration"]),
                channel=str(r.get("channel") or "web")[:32], lang=None if r.get("lang") is None else str(r["lang"])[:16],
                source_row=r.get("source_row") if isinstance(r.get("source_row"), int) else None,
                answers=_json(r["answers"]),
                created_at=_parse_time(r.get("created_at"), "responses") or now)).inserted_primary_key[0]
        for e in meta["exclusions"]:
            conn.execute(db.exclusions.insert().values(response_id=response_map[e["response"]], reason=e["reason"],
                                                       undo=e.get("undo") is True,
                                                       actor=str(e.get("by") or "import")[:32],
                                                       created_at=_parse_time(e.get("at"), "exclusions") or now))
        for c in meta["corrections"]:
            wave = waves[next(r["wave"] for r in responses if r["id"] == c["response"])]
            q = versions[wave["questionnaire_version"]][1]
            value = check_answers(q, {c.get("item"): c.get("value")}).get(c.get("item")) \
                if c.get("item") in [x.id for x in q.questions] else _need(False, "a correction names no question")
            conn.execute(db.corrections.insert().values(response_id=response_map[c["response"]], item=c["item"],
                                                        value=_json(value), reason=c["reason"],
                                                        actor=str(c.get("by") or "import")[:32],
                                                        created_at=_parse_time(c.get("at"), "corrections") or now))
        for imp in meta["imports"]:
            data = files[imp["file"]]
            conn.execute(db.imports.insert().values(
                study_id=study_id, wave_id=wave_map[imp["wave"]], file_name=str(imp.get("file_name") or imp["file"]),
                sha256=_sha256(data), size=len(data),
                mapping=None if imp.get("mapping") is None else _json(imp["mapping"]), data=data,
                created_at=_parse_time(imp.get("created_at"), "imports") or now))
        for a in meta["analyses"]:
            try:
                results = files[a["file"]].decode("utf-8")
            except UnicodeDecodeError:
                raise StoreError("store_zip_invalid", detail=f"{a['file']} is not UTF-8") from None
            seed = a.get("seed")
            conn.execute(db.analyses.insert().values(
                study_id=study_id, spec=_json(a.get("spec")), results_json=results,
                seed=seed if isinstance(seed, int) and not isinstance(seed, bool) else None,
                versions=_json(a.get("versions") or {}), waves=_json([wave_map[w] for w in a["waves"]]),
                created_at=_parse_time(a.get("created_at"), "analyses") or now))
    store._verified.add((study_id, hashlib.sha256(key.encode("utf-8")).hexdigest()))
    return ImportedStudy(store.study(study_id, key), key, tuple(renamed))


def import_study_job(progress, url: str, zip_bytes: bytes, key: str | None = None):
    """:func:`import_study` on the store at ``url``, as a job for ``research.appworker.run`` (the app runs it in a
    worker under its memory and time limits: the ZIP's YAML and JSON are read there).  Returns (ImportedStudy,
    number of waves, number of responses)."""
    from . import open_store

    with open_store(url) as store:
        imported = store.import_study(zip_bytes, key=key)
        return imported, len(store.waves(imported.study.id, imported.key)), store.count(study_id=imported.study.id)
