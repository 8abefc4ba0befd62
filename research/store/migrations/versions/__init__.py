"""Migration scripts, applied in order by research.store.db.migrate."""
