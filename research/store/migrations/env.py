"""Alembic environment of the study store: always run from research.store.db.migrate, which hands over an
open connection in ``config.attributes["connection"]`` (no alembic.ini, no logging setup, no URL here)."""
from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=None, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
