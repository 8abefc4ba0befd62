"""The web app's work on a user's file, done in a worker process with a memory ceiling and a time limit.

Reading an upload, parsing an uploaded questionnaire, the analysis and the report downloads all run in a
child process (multiprocessing's "forkserver": a clean process forked from a server that has already
imported the toolkit, so a job starts in milliseconds and never inherits the web server's threads).  The
child

* caps its address space (``RLIMIT_AS``): a zip bomb or a YAML alias bomb ends in ``MemoryError`` inside
  the child, not in a web server swapping itself to death;
* leads its own process group, so the time limit kills it together with the bootstrap's workers;
* writes temporary files (the .sav reader's copy of the upload, joblib's memory maps) only in a private
  directory of the user's session, removed when the job ends.

The web server's thread waits on a pipe (the GIL is free meanwhile, so other sessions are served), shows
the bootstrap's progress, and turns whatever ended the job into an exception with a message in the
user's language: :class:`OutOfMemory`, :class:`TimeLimit`, :class:`WorkerCrashed`, :class:`Unexpected`,
or the toolkit's own :class:`~research.errors.ResearchError` as the child raised it.

``RESEARCH_APP_MEMORY_MB``, ``RESEARCH_APP_TIME_LIMIT_S`` and ``RESEARCH_APP_MAX_JOBS`` override the
defaults in :mod:`research.limits` (a server with more memory, or a test that wants the limits hit quickly).

Multiprocessing imports the server's main script in the fork server (``__mp_main__``): app.py calls
``main()`` only under ``if __name__ == "__main__"``, as multiprocessing requires of a main module.
"""
from __future__ import annotations

import contextlib
import multiprocessing
import os
import pickle
import resource
import shutil
import signal
import tempfile
import threading
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

from .errors import ResearchError
from .limits import APP_MAX_JOBS, APP_MEMORY_MB, APP_TIME_LIMIT_S
from .messages import LANGUAGES

PROJECT_AFTER_S = 5.0       # seconds of bootstrap progress before its end is projected
PROJECT_SLACK = 1.1         # stop early only when the projected end is this far beyond the limit

MEMORY_ENV, TIME_ENV, JOBS_ENV = "RESEARCH_APP_MEMORY_MB", "RESEARCH_APP_TIME_LIMIT_S", "RESEARCH_APP_MAX_JOBS"

# False: run jobs in this process, without the limits (tests that replace a research function in this
# process set it; the web app never does)
ISOLATED = True

# "__main__" first, as multiprocessing does by default: the server's main script (streamlit's, pytest's) is
# imported once in the fork server instead of once per job
_PRELOAD = ["__main__", "research.appworker", "research.analyze", "research.io.load", "research.report",
            "research.export", "research.tables", "research.figures"]


def _env_number(name: str, default, low, cast=int):
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = cast(raw)
    except ValueError:
        return default
    return value if value >= low else default


@dataclass(frozen=True)
class Limits:
    memory_mb: int = APP_MEMORY_MB
    seconds: float = APP_TIME_LIMIT_S

    @classmethod
    def from_env(cls) -> "Limits":
        return cls(memory_mb=_env_number(MEMORY_ENV, APP_MEMORY_MB, 64),
                   seconds=_env_number(TIME_ENV, APP_TIME_LIMIT_S, 0.1, float))


# ---- what can end a job ------------------------------------------------------------------------------
class JobError(Exception):
    """A job that did not finish; ``kind`` names why (the app words it in the user's language)."""
    kind = "job"


class OutOfMemory(JobError):
    kind = "memory"

    def __init__(self, memory_mb: int):
        super().__init__(f"the job needed more than {memory_mb} MB")
        self.memory_mb = memory_mb


class TimeLimit(JobError):
    """``estimate``: projected seconds when the job was stopped early; ``fraction``: the part of the
    bootstrap that would have fitted in the limit."""
    kind = "time"

    def __init__(self, seconds: float, estimate: float | None = None, fraction: float | None = None):
        super().__init__(f"the job would take longer than {seconds:g} s"
                         + (f" (about {estimate:.0f} s)" if estimate else ""))
        self.seconds, self.estimate, self.fraction = seconds, estimate, fraction


class WorkerCrashed(JobError):
    kind = "crashed"

    def __init__(self, exitcode, memory_mb: int):
        sig = -exitcode if isinstance(exitcode, int) and exitcode < 0 else None
        name = signal.Signals(sig).name if sig and sig in signal.Signals._value2member_map_ else None
        super().__init__(f"the worker process ended ({name or f'exit code {exitcode}'})")
        self.exitcode, self.signal_name, self.memory_mb = exitcode, name, memory_mb


class Unexpected(JobError):
    kind = "unexpected"

    def __init__(self, type_name: str, detail: str):
        super().__init__(f"{type_name}: {detail}")
        self.type_name, self.detail = type_name, detail


class WorkerResearchError(ResearchError):
    """A :class:`~research.errors.ResearchError` raised in the worker, with its messages as it wrote them."""

    def __init__(self, type_name: str, fields: dict, messages: dict):
        Exception.__init__(self, messages.get("en", ""))
        self.type_name, self.messages = type_name, messages
        self.key, self.params = fields.get("key"), {}
        self.file, self.row, self.column, self.value = (fields.get(k) for k in ("file", "row", "column", "value"))

    def message(self, lang: str = "en") -> str:
        return self.messages.get(lang) or self.messages.get("en", "")


# ---- the per-session temporary area ------------------------------------------------------------------
class SessionArea:
    """A private temporary directory of one session (mode 0700), created on first use; each job works in
    a subdirectory removed when the job ends, the whole directory when the session ends (this object is
    collected) or the server exits."""

    PREFIX = "research-app-"

    def __init__(self, base: str | os.PathLike | None = None):
        self._base = base
        self._path: Path | None = None
        self._lock = threading.Lock()
        self._finalizer = None

    @property
    def path(self) -> Path:
        with self._lock:
            if self._path is None or not self._path.is_dir():
                self._path = Path(tempfile.mkdtemp(prefix=self.PREFIX, dir=self._base))
                if self._finalizer is not None:
                    self._finalizer.detach()
                self._finalizer = weakref.finalize(self, shutil.rmtree, str(self._path), True)
            return self._path

    def job_dir(self) -> Path:
        return Path(tempfile.mkdtemp(prefix="job-", dir=self.path))

    def close(self) -> None:
        with self._lock:
            if self._finalizer is not None:
                self._finalizer()
            self._path = None


# ---- running a job -----------------------------------------------------------------------------------
_CTX = None
_CTX_LOCK = threading.Lock()
_SLOTS = threading.BoundedSemaphore(_env_number(JOBS_ENV, APP_MAX_JOBS, 1))


def _context():
    global _CTX
    with _CTX_LOCK:
        if _CTX is None:
            ctx = multiprocessing.get_context("forkserver")
            ctx.set_forkserver_preload(_PRELOAD)
            _CTX = ctx
        return _CTX


def warm_up() -> None:
    """Start the fork server now, in the background (it imports the toolkit, a few seconds), so that the first
    job does not wait for it."""
    if ISOLATED:
        from multiprocessing import forkserver
        _context()
        threading.Thread(target=forkserver.ensure_running, name="research-forkserver-start", daemon=True).start()


def _no_progress(done, total):
    return None


def run(fn, *args, limits: Limits | None = None, area: SessionArea | None = None, progress=None, tick=None):
    """``fn(progress, *args)`` in a worker process under ``limits``; its return value.  See :func:`run_sized`."""
    return run_sized(fn, *args, limits=limits, area=area, progress=progress, tick=tick)[0]


def run_sized(fn, *args, limits: Limits | None = None, area: SessionArea | None = None, progress=None,
              tick=None) -> tuple[object, int]:
    """``fn(progress, *args)`` in a worker process; (its return value, its size in bytes as sent back).

    ``fn`` is a module-level function (it is pickled by name), ``progress(done, total)`` is called here
    for each progress report of the job, ``tick(state, seconds)`` about once a second while waiting
    (state ``"waiting"`` for a free slot, ``"running"`` once started); either may raise to abandon the job
    (Streamlit's rerun and stop requests do), which kills the worker.
    """
    limits = limits or Limits.from_env()
    if not ISOLATED:
        result = fn(progress or _no_progress, *args)
        return result, 0
    with _slot(tick):
        own_area = area is None
        area = area or SessionArea()
        job_dir = area.job_dir()
        ctx = _context()
        recv, send = ctx.Pipe(duplex=False)
        proc = ctx.Process(target=_child, args=(send, fn, args, int(limits.memory_mb) * 2**20, str(job_dir)),
                           name=f"research-job-{getattr(fn, '__name__', 'job')}")
        try:
            proc.start()
            send.close()
            return _wait(proc, recv, limits, progress, tick)
        finally:
            send.close()                  # again if the start failed (closing twice is harmless)
            _kill(proc)
            recv.close()
            shutil.rmtree(job_dir, ignore_errors=True)
            if own_area:
                area.close()


@contextlib.contextmanager
def _slot(tick):
    started = time.monotonic()
    while not _SLOTS.acquire(timeout=1.0):
        if tick is not None:
            tick("waiting", time.monotonic() - started)
    try:
        yield
    finally:
        _SLOTS.release()


def _wait(proc, recv, limits: Limits, progress, tick):
    start = time.monotonic()
    deadline = start + limits.seconds
    last_tick = start
    first = None                    # (time, done) of the first progress report
    while True:
        now = time.monotonic()
        if now >= deadline:
            raise TimeLimit(limits.seconds)
        if tick is not None and now - last_tick >= 1.0:
            last_tick = now
            tick("running", now - start)
        if recv.poll(min(0.25, max(deadline - now, 0.0))):
            try:
                raw = recv.recv_bytes()
            except (EOFError, OSError):
                proc.join(timeout=2)
                raise _ended(proc, limits) from None
            message = pickle.loads(raw)
            kind = message[0]
            if kind == "progress":
                done, total = message[1], message[2]
                if progress is not None:
                    progress(done, total)
                now = time.monotonic()
                if first is None:
                    first = (now, done)
                elif now - first[0] >= PROJECT_AFTER_S and done > first[1] and total > done:
                    rate = (done - first[1]) / (now - first[0])
                    finish = now - start + (total - done) / rate
                    if finish > limits.seconds * PROJECT_SLACK:
                        budget = max(limits.seconds - (first[0] - start), 0.0)
                        raise TimeLimit(limits.seconds, estimate=finish,
                                        fraction=min(budget * rate / total, 1.0) if total else None)
                continue
            if kind == "ok":
                return message[1], len(raw)
            if kind == "memory":
                raise OutOfMemory(limits.memory_mb)
            if kind == "research":
                raise WorkerResearchError(message[1], message[2], message[3])
            raise Unexpected(message[1], message[2])
        if not proc.is_alive() and not recv.poll(0):
            raise _ended(proc, limits)


def _ended(proc, limits: Limits) -> JobError:
    """Why a worker ended without an answer: killed by the kernel or a signal (almost always memory)."""
    proc.join(timeout=2)
    return WorkerCrashed(proc.exitcode, limits.memory_mb)


def _kill(proc) -> None:
    """The worker and everything it started (its process group), then reap it."""
    if proc.pid is None:
        return
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    try:
        proc.kill()
    except (ProcessLookupError, AttributeError, ValueError):
        pass
    proc.join(timeout=5)
    with contextlib.suppress(ValueError, AttributeError):
        proc.close()


# ---- the child side ----------------------------------------------------------------------------------
def _die_with_parent() -> None:
    """Linux: the kernel kills this worker when its parent (the fork server, which ends with the web server)
    ends, so that no job outlives the server."""
    try:
        import ctypes
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL, 0, 0, 0)            # PR_SET_PDEATHSIG
    except (OSError, AttributeError):                    # not Linux: the time limit still ends the job
        pass


def _child(conn, fn, args, memory_bytes: int, tmpdir: str) -> None:
    parent = os.getppid()
    _die_with_parent()
    if os.getppid() != parent:                           # the parent ended before the line above
        os._exit(1)
    try:
        os.setpgid(0, 0)
    except OSError:
        pass
    os.environ["TMPDIR"] = os.environ["JOBLIB_TEMP_FOLDER"] = tmpdir
    tempfile.tempdir = tmpdir
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))

    sending = threading.Lock()

    def send(message) -> None:
        with sending:
            conn.send_bytes(message if isinstance(message, bytes) else pickle.dumps(message))

    def progress(done, total):
        send(("progress", int(done), int(total)))

    def thread_failed(hook):
        # out of memory in a helper thread (joblib's "can't start new thread") would otherwise leave the job
        # waiting for that thread until the time limit
        if _describe(hook.exc_value)[0] == "memory":
            with contextlib.suppress(BaseException):
                send(("memory",))
            os._exit(3)
        threading.__excepthook__(hook)

    threading.excepthook = thread_failed
    try:
        result = fn(progress, *args)
        payload = pickle.dumps(("ok", result), protocol=pickle.HIGHEST_PROTOCOL)
        del result
        send(payload)
    except BaseException as err:            # noqa: BLE001 — every end is reported to the parent
        with contextlib.suppress(BaseException):
            send(_describe(err))
    finally:
        with contextlib.suppress(BaseException):
            conn.close()


_OOM_WORDS = ("out of memory", "cannot allocate memory", "bad_alloc", "memoryerror", "unable to allocate",
              "can't start new thread")


def _describe(err: BaseException) -> tuple:
    if isinstance(err, MemoryError) or any(w in str(err).lower() for w in _OOM_WORDS):
        return ("memory",)
    if isinstance(err, ResearchError):
        fields = {"key": err.key, "file": err.file, "row": err.row, "column": err.column,
                  "value": None if err.value is None else str(err.value)}
        return ("research", type(err).__name__, fields, {lang: err.message(lang) for lang in LANGUAGES})
    return ("error", type(err).__name__, str(err)[:500])


# ---- the jobs (each runs in the worker; the first argument is the progress callback) ----------------
def read_questionnaire(progress, data: bytes, name: str):
    """An uploaded questionnaire YAML, parsed by the toolkit's bounded loader (research.safeyaml: its errors
    name the file and the line)."""
    from .questionnaire import loads_questionnaire
    return loads_questionnaire(data, name)


def read_responses(progress, data: bytes, name: str, questionnaire, mapping: dict | None):
    import research
    q = research.load_questionnaire(questionnaire)
    return research.load_responses(data, q, mapping=mapping or None, name=name)


def read_columns(progress, data: bytes, name: str) -> dict:
    """What the manual mapping needs of a file, not the whole table: its columns, which are numeric, each
    numeric column's largest value, and each column's number of distinct answers."""
    import pandas as pd

    from .io.load import load_table
    frame, _ = load_table(data, name=name)
    numeric, maxima, distinct = [], {}, {}
    for col in frame.columns:
        values = pd.to_numeric(frame[col], errors="coerce")
        if values.notna().mean() > 0.8:
            numeric.append(col)
            top = values.max()
            maxima[col] = None if pd.isna(top) else float(top)
        distinct[col] = int(frame[col].dropna().astype(str).str.strip().replace("", pd.NA).dropna().nunique())
    return {"columns": list(frame.columns), "numeric": numeric, "max": maxima, "distinct": distinct}


def analyse(progress, responses, questionnaire, options: dict) -> dict:
    import research
    return research.analyze(responses, questionnaire=questionnaire, progress=progress, **options).to_dict()


def build_download(progress, what, d: dict, lang: str) -> bytes:
    """One download of the results: ``"json"``, ``"xlsx"`` or ``("report", fmt)``."""
    import json

    import research
    from . import tables
    from .export import xlsx_bytes
    if what == "json":
        plain = {**d, "meta": {k: v for k, v in d["meta"].items() if k != "app_key"}}  # as `research analyze` writes
        return json.dumps(plain, ensure_ascii=False, indent=1).encode("utf-8")
    if what == "xlsx":                    # with PLS-SEM its tables too (research.tables.pls_tables)
        return xlsx_bytes({**tables.all_tables(d, lang), **tables.pls_tables(d, lang)})
    if isinstance(what, tuple) and what[0] == "report":
        data = research.report(d, language=lang, format=what[1])
        return data.encode("utf-8") if isinstance(data, str) else data
    raise ValueError(f"unknown download {what!r}")


def process_data(progress, responses, questionnaire) -> dict:
    """What the mediation and moderation page analyses: the responses kept by the screening ``research.analyze``
    applies (its default rules), each construct's mean score (``research.measurement.mean_scores``: the mean of
    the answered items, at least half of them answered) and the segment answers as text codes (categorical
    moderators: platform, gender …).  ``frame`` has one column per construct id and per segment id."""
    import pandas as pd

    import research
    from .measurement import Structure, mean_scores
    from .screening import screen
    from .sem import parse_model
    q = research.load_questionnaire(questionnaire)
    kept = screen(responses).kept
    items = {i.id for i in q.items}
    absent = [m for m in responses.mapping.missing if m in items]   # questions without a column: left out
    q_used = q.without(absent) if absent else q
    scores = mean_scores(kept.items, Structure.from_model(parse_model(q_used.lavaan())))
    groups = {}
    for col in kept.segments.columns:
        values = kept.segments[col].map(lambda v: None if v is None or (not isinstance(v, str) and pd.isna(v))
                                        else str(v))
        if 2 <= values.dropna().nunique() <= 10 and col not in scores.columns:
            groups[col] = values
    frame = pd.concat([scores, pd.DataFrame(groups, index=scores.index)], axis=1)
    return {"frame": frame, "constructs": list(scores.columns), "segments": list(groups),
            "n": int(len(responses)), "kept": int(len(kept))}


def process_run(progress, frame, options: dict):
    """``research.process(frame, **options)``: the :class:`~research.process.ProcessResult` itself (its
    ``predict`` draws the simple slopes)."""
    import research
    return research.process(frame, **options)


# ---- the evaluation index page (issue 17) ------------------------------------------------------------
def evaluation_system(progress, data: bytes, name: str):
    """An uploaded index-system YAML, parsed as data only (:func:`research.evaluation.load_system`: YAML's safe
    loader with bounded aliases; errors name the file, the line or the node)."""
    from .evaluation import load_system
    return load_system(bytes(data), name=name)


def evaluation_workbooks(progress, files: list) -> list:
    """The experts' filled AHP workbooks, ``[(file name, bytes)]``, each as {node: judgement matrix}
    (:func:`research.evaluation.ahp.read_ahp_workbook`); an error names the file it was found in."""
    from .evaluation.ahp import read_ahp_workbook
    books = []
    for name, data in files:
        try:
            books.append(read_ahp_workbook(bytes(data)))
        except ResearchError as exc:
            if exc.file is None:
                exc.file = str(name)
            raise
    return books


def _groups(frame, columns, distinct: int = 12) -> list:
    """The columns of ``frame`` among ``columns`` that can split it into segments: 2 to ``distinct`` values."""
    import pandas as pd
    out = []
    for col in columns:
        if col in frame.columns:
            values = frame[col].map(lambda v: None if v is None or (not isinstance(v, str) and pd.isna(v))
                                    else str(v).strip() or None).dropna()
            if 2 <= values.nunique() <= distinct:
                out.append(col)
    return out


def evaluation_data(progress, responses, system) -> dict:
    """What the evaluation page evaluates with a system whose leaves read questionnaire items: the responses kept
    by the screening ``research.analyze`` applies, with the answers as given (the engine reverse-codes), the
    segment answers and any other column a leaf reads (:func:`research.evaluation.study.evaluation_frame`, as
    ``research evaluate``).  ``segments``: the questionnaire's segment questions that can group the data."""
    from .evaluation.study import evaluation_frame
    from .messages import note_texts
    frame, ids, excluded, _, notes = evaluation_frame(responses, system)
    segments = [s.id for s in responses.questionnaire.segments]
    return {"frame": frame, "ids": ids, "excluded": excluded, "notes": [note_texts(n) for n in notes],
            "segments": _groups(frame, segments), "n": int(len(responses)), "kept": int(len(frame)),
            "items": True}


def evaluation_table(progress, data: bytes, name: str, columns) -> dict:
    """What the evaluation page evaluates with a system whose leaves are expert scores or plain columns: the
    uploaded table as it is (:func:`research.io.load.load_table`, as ``research evaluate``), one row per expert
    or per object evaluated.  ``segments``: the other columns that can group the rows."""
    import numpy as np
    import pandas as pd

    from .io.load import load_table
    frame, _ = load_table(data, name=name)
    ids = pd.DataFrame({"row": np.arange(2, len(frame) + 2), "respondent": [None] * len(frame)})
    others = [c for c in frame.columns if c not in set(columns)]
    return {"frame": frame, "ids": ids, "excluded": [], "notes": [], "segments": _groups(frame, others),
            "n": int(len(frame)), "kept": int(len(frame)), "items": False}


def evaluation_run(progress, frame, ids, excluded, system, books, experts, options: dict):
    """:func:`research.evaluation.evaluate` of ``frame`` with ``system`` and ``options``, as the
    :class:`~research.evaluation.study.EvaluationStudy` ``research evaluate`` makes (its block, scores table
    and workbook sheets)."""
    from .evaluation.engine import evaluate
    from .evaluation.study import DERIVED_SOURCES, EvaluationStudy, model_weights
    from .messages import note_texts
    options, derived = dict(options), None
    if options.get("weights") in DERIVED_SOURCES:   # SEM/LMG: the questionnaire's standard model on these answers
        derived = model_weights(frame, system, options["weights"], outcome=options.pop("outcome", None))
        options.update(weights=None, given=derived.given, given_source=derived.given_source)
    result = evaluate(frame, system, ahp=books, **options)
    warnings = [{"code": "note", "where": "evaluation", **note_texts(n)} for n in result.notes]
    return EvaluationStudy(result=result, data=frame, ids=ids, excluded=list(excluded), experts=tuple(experts),
                           warnings=warnings, derived=derived)


def evaluation_template(progress, system) -> bytes:
    """The experts' blank AHP workbook of ``system`` (:func:`research.evaluation.ahp.ahp_workbook`: a sheet per
    indicator with two or more sub-indicators, names in three languages)."""
    import io

    from .evaluation.ahp import ahp_workbook
    buf = io.BytesIO()
    ahp_workbook(system.ahp_nodes(), buf, names=system.display_names())
    return buf.getvalue()


def alternatives_table(progress, data: bytes, name: str) -> dict:
    """An uploaded alternatives × criteria table as it is (:func:`research.io.load.load_table`: GBK, UTF-16,
    .xlsx …), with the columns that hold mostly text (candidates for the alternatives' names) and the others."""
    from .evaluation.alternatives import _text_column
    from .io.load import load_table
    frame, sha = load_table(data, name=name)
    text = [c for c in frame.columns if _text_column(frame[c])]
    numbers = [c for c in frame.columns if c not in text and frame[c].notna().any()]
    return {"frame": frame, "sha": sha, "text": text, "numbers": numbers, "rows": int(len(frame)),
            "columns": [str(c) for c in frame.columns]}


def alternatives_run(progress, frame, options: dict, books):
    """:func:`research.evaluation.alternatives.rank_alternatives` of the uploaded table with the page's options;
    ``books``: None, one expert's judgements {node: matrix} or several experts' (group AHP)."""
    from .evaluation.alternatives import rank_alternatives
    options = dict(options)
    if options.get("weights") == "ahp":
        options["weights"] = books
    return rank_alternatives(frame, first_row=2, **options)


def alternatives_template(progress, criteria: list) -> bytes:
    """The experts' blank AHP workbook comparing ``criteria`` (one sheet)."""
    import io

    from .evaluation.alternatives import criteria_workbook
    buf = io.BytesIO()
    criteria_workbook(criteria, buf)
    return buf.getvalue()


def study_import(progress, url: str, study_id: int, key: str, wave_name: str, file_name: str, data: bytes,
                 mapping: dict | None):
    """An uploaded export added to a study as a wave (``Store.add_import``: read by load_responses with the
    study's questionnaire, here under the worker's limits); returns (WaveInfo, responses stored)."""
    from .store import open_store

    with open_store(url) as store:
        wave = store.add_import(study_id, key, wave_name, file_name, data, mapping or None)
        return wave, store.count(wave.id)


def study_trend(progress, url: str, study_id: int, key: str, waves: list, compare, boot: int, seed: int,
                level: float = 0.95) -> dict:
    """``{"trend": wave_trend(…).to_dict(), "change": wave_change(…).to_dict() or None}`` of a study's waves as
    ``research study trend`` computes it: the waves read by ``waves_from_store`` (load_responses on the store),
    the change between the two wave ids of ``compare`` (A, B), or the last two waves when None."""
    from .marketing.trend import wave_change, wave_trend, waves_from_store
    from .store import open_store

    with open_store(url) as store:
        data = waves_from_store(store, study_id, key, waves=list(waves))
        ids = [w.id for w in store.waves(study_id, key) if w.id in set(waves)]
    labels = dict(zip(ids, data))                              # wave id → its label in the results
    trend = wave_trend(data, boot=boot, seed=seed, level=level)
    change = None
    if len(data) >= 2:
        a, b = [labels[w] for w in compare] if compare else list(data)[-2:]
        change = wave_change(data[a], data[b], labels=(a, b), level=level)
    return {"trend": trend.to_dict(), "change": None if change is None else change.to_dict()}
