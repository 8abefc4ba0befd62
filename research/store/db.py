"""The database under the study store: engine, connection settings, tables and migrations.

SQLite (the default, one file, no server) gets on every connection: WAL (readers never wait for the writer),
``busy_timeout`` (a writer waits for another instead of failing), ``synchronous=FULL`` (a committed response
survives a power cut, not only a crash of the process) and ``foreign_keys=ON``.  pysqlite's own transaction
handling is switched off so the store says when a transaction starts: ``BEGIN IMMEDIATE`` for writes (the
write lock is taken up front, so a quota check and its insert see the same table), a plain ``BEGIN`` for reads.

No client address is kept (revision 0002 dropped the columns that held one): nothing the store offers needs it.
Whole numbers kept in INTEGER columns (32 bits on PostgreSQL) are bounded where they come in
(:data:`INT32_MAX`), so both databases take the same input.

The tables below mirror the Alembic migrations in ``migrations/versions`` (which create them); migrations run
on every open and do nothing when the database is current.
"""
from __future__ import annotations

import os
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import event

from ..errors import invalid_option

BUSY_TIMEOUT_MS = 10_000
INT32_MAX = 2 ** 31 - 1         # PostgreSQL INTEGER; SQLite would take more, so the store refuses it on both
INT64 = (-2 ** 63, 2 ** 63 - 1)  # BIGINT (an analysis's seed)
MIGRATIONS = Path(__file__).resolve().parent / "migrations"

metadata = sa.MetaData()


def _id():
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _at(name="created_at", nullable=False):
    return sa.Column(name, sa.DateTime, nullable=nullable)


studies = sa.Table("studies", metadata, _id(), sa.Column("name", sa.Text), _at(), sa.Column("key_salt", sa.String),
                   sa.Column("key_hash", sa.String), sa.Column("key_tag", sa.String))
questionnaires = sa.Table("questionnaires", metadata, _id(), sa.Column("study_id", sa.Integer),
                          sa.Column("version", sa.Integer), sa.Column("yaml", sa.Text), sa.Column("sha256", sa.String),
                          _at())
waves = sa.Table("waves", metadata, _id(), sa.Column("study_id", sa.Integer), sa.Column("name", sa.Text),
                 sa.Column("slug", sa.String), sa.Column("kind", sa.String), sa.Column("one_per", sa.String),
                 sa.Column("quota", sa.Integer), sa.Column("languages", sa.Text),
                 sa.Column("questionnaire_version", sa.Integer), _at("opens_at"), _at("closes_at", True),
                 _at("closed_at", True), _at())
tokens = sa.Table("tokens", metadata, _id(), sa.Column("wave_id", sa.Integer), sa.Column("token", sa.String), _at())
responses = sa.Table("responses", metadata, _id(), sa.Column("wave_id", sa.Integer), sa.Column("respondent", sa.Text),
                     sa.Column("respondent_once", sa.Text), _at("submitted_at"), _at("started_at", True),
                     sa.Column("duration", sa.Float), sa.Column("channel", sa.String), sa.Column("lang", sa.String),
                     sa.Column("source_row", sa.Integer), sa.Column("answers", sa.Text), _at())
refusals = sa.Table("refusals", metadata, _id(), sa.Column("wave_id", sa.Integer), sa.Column("wave_ref", sa.String),
                    sa.Column("reason", sa.String), sa.Column("detail", sa.Text), _at())
exclusions = sa.Table("exclusions", metadata, _id(), sa.Column("response_id", sa.Integer), sa.Column("reason", sa.Text),
                      sa.Column("actor", sa.String), _at(), sa.Column("undo", sa.Boolean, default=False))
corrections = sa.Table("corrections", metadata, _id(), sa.Column("response_id", sa.Integer),
                       sa.Column("item", sa.String), sa.Column("value", sa.Text), sa.Column("reason", sa.Text),
                       sa.Column("actor", sa.String), _at())
imports = sa.Table("imports", metadata, _id(), sa.Column("study_id", sa.Integer), sa.Column("wave_id", sa.Integer),
                   sa.Column("file_name", sa.Text), sa.Column("sha256", sa.String), sa.Column("size", sa.Integer),
                   sa.Column("mapping", sa.Text), sa.Column("data", sa.LargeBinary), _at())
analyses = sa.Table("analyses", metadata, _id(), sa.Column("study_id", sa.Integer), sa.Column("spec", sa.Text),
                    sa.Column("results_json", sa.Text), sa.Column("seed", sa.BigInteger), sa.Column("versions", sa.Text),
                    sa.Column("waves", sa.Text), _at())


def database_url(url: str | None) -> sa.URL:
    """The URL to open: ``url``, else $RESEARCH_DATABASE_URL, else ``studies.db`` in $RESEARCH_STORE_DIR or the
    current folder.  ``postgresql://`` and ``postgres://`` mean psycopg 3 (the driver the toolkit installs)."""
    if url is None:
        url = os.environ.get("RESEARCH_DATABASE_URL") or None
    if url is None:
        folder = Path(os.environ.get("RESEARCH_STORE_DIR") or ".")
        return sa.URL.create("sqlite", database=str(folder / "studies.db"))
    try:
        parsed = sa.make_url(str(url))
    except Exception:
        raise invalid_option("url", "not a database URL", "Give sqlite:///path/to/studies.db or "
                             "postgresql+psycopg://user@host/database.",
                             "请使用 sqlite:///path/to/studies.db 或 postgresql+psycopg://user@host/database。",
                             "請使用 sqlite:///path/to/studies.db 或 postgresql+psycopg://user@host/database。") from None
    if parsed.drivername in ("postgresql", "postgres"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    if parsed.drivername not in ("sqlite", "sqlite+pysqlite", "postgresql+psycopg"):
        raise invalid_option("url", f"database {parsed.drivername}", "Use SQLite (sqlite:///studies.db) or "
                             "PostgreSQL (postgresql+psycopg://user@host/database).",
                             "请使用 SQLite（sqlite:///studies.db）或 PostgreSQL（postgresql+psycopg://user@host/database）。",
                             "請使用 SQLite（sqlite:///studies.db）或 PostgreSQL（postgresql+psycopg://user@host/database）。")
    if parsed.drivername.startswith("sqlite") and parsed.database in (None, "", ":memory:"):
        raise invalid_option("url", "in-memory SQLite", "Name a file: sqlite:///studies.db (a study store must "
                             "outlive the process).", "请指定文件：sqlite:///studies.db（研究数据须在程序结束后仍保留）。",
                             "請指定檔案：sqlite:///studies.db（研究資料須在程式結束後仍保留）。")
    return parsed


def make_engine(url: sa.URL) -> sa.Engine:
    if url.drivername.startswith("sqlite"):
        engine = sa.create_engine(url, connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
                                  pool_size=10, max_overflow=20)

        @event.listens_for(engine, "connect")
        def _sqlite_settings(dbapi_connection, _record):
            dbapi_connection.isolation_level = None   # the store emits BEGIN itself (see _sqlite_begin)
            cursor = dbapi_connection.cursor()
            for pragma in ("journal_mode=WAL", f"busy_timeout={BUSY_TIMEOUT_MS}", "synchronous=FULL",
                           "foreign_keys=ON"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("write") else "BEGIN")

        return engine
    return sa.create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True)



class _Write:
    """``with writing(engine) as conn:`` — a connection in a write transaction, committed on success."""

    def __init__(self, engine):
        self.engine = engine

    def __enter__(self) -> sa.Connection:
        self.conn = self.engine.connect().execution_options(write=True)
        self.tx = self.conn.begin()
        return self.conn

    def __exit__(self, kind, value, tb):
        try:
            if kind is None:
                self.tx.commit()
            else:
                self.tx.rollback()
        finally:
            self.conn.close()
        return False


def writing(engine: sa.Engine) -> _Write:
    return _Write(engine)


def migrate(engine: sa.Engine) -> None:
    """Alembic ``upgrade head`` on this database (nothing to do when it is current).  On PostgreSQL an advisory
    lock keeps two processes opening a new database at once from creating the tables twice."""
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with writing(engine) as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(sa.text("SELECT pg_advisory_xact_lock(718281828)"))
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
