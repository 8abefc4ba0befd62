"""Alembic migrations of the study store (a package, so an installed research carries them)."""
