"""The study store's tables: studies, questionnaires, waves, tokens, responses, refusals, exclusions,
corrections, imports, analyses.

Revision ID: 0001
Revises:
"""
import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def _id():
    return sa.Column("id", sa.Integer, primary_key=True, autoincrement=True)


def _at(name="created_at", nullable=False):
    return sa.Column(name, sa.DateTime, nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "studies", _id(),
        sa.Column("name", sa.Text, nullable=False),
        _at(),
        sa.Column("key_salt", sa.String(64), nullable=False),
        sa.Column("key_hash", sa.String(200), nullable=False),
        # 4 hex digits of SHA-256(key): finds a key's studies without an scrypt per study (16 bits tell nothing)
        sa.Column("key_tag", sa.String(8), nullable=False, index=True),
    )
    op.create_table(
        "questionnaires", _id(),
        sa.Column("study_id", sa.Integer, sa.ForeignKey("studies.id"), nullable=False),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("yaml", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        _at(),
        sa.UniqueConstraint("study_id", "version", name="uq_questionnaire_version"),
    )
    op.create_table(
        "waves", _id(),
        sa.Column("study_id", sa.Integer, sa.ForeignKey("studies.id"), nullable=False, index=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("slug", sa.String(64), nullable=False, unique=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("one_per", sa.String(16), nullable=False),
        sa.Column("quota", sa.Integer, nullable=True),
        sa.Column("languages", sa.Text, nullable=True),
        sa.Column("questionnaire_version", sa.Integer, nullable=False),
        _at("opens_at"),
        _at("closes_at", nullable=True),
        _at("closed_at", nullable=True),
        _at(),
    )
    op.create_table(
        "tokens", _id(),
        sa.Column("wave_id", sa.Integer, sa.ForeignKey("waves.id"), nullable=False),
        sa.Column("token", sa.String(64), nullable=False),
        _at(),
        sa.UniqueConstraint("wave_id", "token", name="uq_wave_token"),
    )
    op.create_table(
        "responses", _id(),
        sa.Column("wave_id", sa.Integer, sa.ForeignKey("waves.id"), nullable=False, index=True),
        sa.Column("respondent", sa.Text, nullable=True),
        # the respondent when the wave takes one submission per respondent, else NULL: the last guard
        # against a duplicate is UNIQUE (wave_id, respondent_once)
        sa.Column("respondent_once", sa.Text, nullable=True),
        _at("submitted_at", nullable=True),     # None only for an imported file without submission times
        _at("started_at", nullable=True),
        sa.Column("duration", sa.Float, nullable=True),
        sa.Column("channel", sa.String(32), nullable=False),
        sa.Column("lang", sa.String(16), nullable=True),
        sa.Column("client", sa.String(128), nullable=True),
        sa.Column("source_row", sa.Integer, nullable=True),
        sa.Column("answers", sa.Text, nullable=False),
        _at(),
        sa.UniqueConstraint("wave_id", "respondent_once", name="uq_wave_respondent"),
    )
    op.create_table(
        "refusals", _id(),
        sa.Column("wave_id", sa.Integer, sa.ForeignKey("waves.id"), nullable=True, index=True),
        sa.Column("wave_ref", sa.String(200), nullable=False),
        sa.Column("reason", sa.String(64), nullable=False),
        sa.Column("detail", sa.Text, nullable=False),
        sa.Column("client", sa.String(128), nullable=True),
        _at(),
    )
    for table in ("exclusions", "corrections"):
        extra = [sa.Column("item", sa.String(64), nullable=False), sa.Column("value", sa.Text, nullable=False)] \
            if table == "corrections" else []
        op.create_table(
            table, _id(),
            sa.Column("response_id", sa.Integer, sa.ForeignKey("responses.id"), nullable=False, index=True),
            *extra,
            sa.Column("reason", sa.Text, nullable=False),
            sa.Column("actor", sa.String(32), nullable=False),
            _at(),
        )
    op.create_table(
        "imports", _id(),
        sa.Column("study_id", sa.Integer, sa.ForeignKey("studies.id"), nullable=False, index=True),
        sa.Column("wave_id", sa.Integer, sa.ForeignKey("waves.id"), nullable=False),
        sa.Column("file_name", sa.Text, nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("mapping", sa.Text, nullable=True),
        sa.Column("data", sa.LargeBinary, nullable=False),
        _at(),
    )
    op.create_table(
        "analyses", _id(),
        sa.Column("study_id", sa.Integer, sa.ForeignKey("studies.id"), nullable=False, index=True),
        sa.Column("spec", sa.Text, nullable=False),
        sa.Column("results_json", sa.Text, nullable=False),
        sa.Column("seed", sa.BigInteger, nullable=True),
        sa.Column("versions", sa.Text, nullable=False),
        sa.Column("waves", sa.Text, nullable=False),
        _at(),
    )


def downgrade() -> None:
    raise NotImplementedError("the study store is never migrated down: nothing is deleted")
