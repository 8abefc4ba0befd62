"""Mediation, moderation and conditional process analysis (Hayes' PROCESS models 1–76) on observed
variables or construct scores: :func:`process` → :class:`ProcessResult`.

Modules: :mod:`.models` (the model catalogue), :mod:`.inputs` (roles and the model's data, checked),
:mod:`.design` (equations, routes and effects as polynomials in the moderators), :mod:`.ols` (OLS with
HC0–HC4 and batched bootstrap refits), :mod:`.fit` (the analysis), :mod:`.result` (:class:`ProcessResult`),
:mod:`.hypotheses` (mediation/moderation hypotheses), :mod:`.tables` and :mod:`.figures` (for people).
"""
from .fit import process
from .result import ProcessResult
from .models import Template, template

__all__ = ["process", "ProcessResult", "template", "Template"]
