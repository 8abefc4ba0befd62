"""Collecting responses: a study store's waves as mobile web forms (``research serve``).

>>> from research.store import open_store
>>> from research.serve import create_app, load_secret
>>> app = create_app(open_store(), secret=load_secret(folder="."))    # any ASGI server can run it

:func:`serve` runs it under uvicorn as the command line does.  The parts: :mod:`.app` (routes),
:mod:`.page` (the HTML), :mod:`.validate` (the server-side check of a submission), :mod:`.security` (CSRF and
start-time signatures, size and rate limits, headers, the secret).
"""
from __future__ import annotations

from .app import choose_language, create_app
from .security import Limits, load_secret
from .server import bind, serve, store_folder
from .validate import Invalid, validate

__all__ = ["create_app", "serve", "bind", "store_folder", "Limits", "load_secret", "choose_language", "validate",
           "Invalid"]
