"""Data minimisation and undoing an exclusion.

* ``responses.client`` and ``refusals.client`` held each respondent's IP address.  No feature reads it: one
  submission per browser is the browser-id cookie, per link the token, and the rate limit keys clients in
  memory only.  Both columns are dropped, with the addresses already kept in them (GDPR art. 5(1)(c), PIPL
  art. 6: collect no more than the purpose needs).
* ``exclusions.undo``: an exclusion is undone by a later row with ``undo`` true (and its reason), never by
  deleting the first; rows made before this revision are exclusions (false).

Revision ID: 0002
Revises: 0001
"""
import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # ALTER TABLE … DROP COLUMN in place (SQLite 3.35 and later, PostgreSQL): no table copy, so the foreign
    # keys pointing at responses stay as they are
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA secure_delete = ON")     # overwrite the dropped addresses in the file, not only unlink them
    op.drop_column("responses", "client")
    op.drop_column("refusals", "client")
    op.add_column("exclusions", sa.Column("undo", sa.Boolean, nullable=False, server_default=sa.false()))


def downgrade() -> None:
    raise NotImplementedError("the study store is never migrated down: nothing is deleted")
