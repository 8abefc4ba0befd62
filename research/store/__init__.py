"""The study store (issue 18): studies with their questionnaires, waves of responses, imports and analyses
in one database — SQLite by default (a single file), PostgreSQL for a team — behind one small interface.

>>> from research.store import open_store
>>> store = open_store("sqlite:///studies.db")
>>> info, key = store.create_study("Delivery 2026", open("questionnaires/lsq5.yaml").read())
>>> wave = store.create_wave(info.id, key, "Q1", quota=300)
>>> store.submit(wave.slug, {"ECO1": 4}, respondent="browser-id", started_at=None)
>>> research.load_responses(store.source(info.id, key))   # the one way in for data

Nothing is ever deleted; exclusions and corrections are rows of their own.  See ``store.py`` for the methods
and ``db.py`` for the database settings; migrations live in ``migrations/`` and run on every open.
"""
from __future__ import annotations

from ..errors import AccessDenied, StoreError, SubmissionRefused
from .store import AnalysisInfo, Store, StudyInfo, WaveInfo


def open_store(url: str | None = None) -> Store:
    """The store at ``url`` (``sqlite:///path.db`` or ``postgresql+psycopg://user@host/db``); None means
    $RESEARCH_DATABASE_URL, else ``studies.db`` in $RESEARCH_STORE_DIR or the current folder.  Brings the
    database's tables up to date (Alembic ``upgrade head``; nothing to do when current)."""
    from .db import database_url
    return Store(database_url(url))


__all__ = ["open_store", "Store", "StoreError", "AccessDenied", "SubmissionRefused", "StudyInfo", "WaveInfo",
           "AnalysisInfo"]
