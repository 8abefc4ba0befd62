"""Mediation, moderation and conditional process analysis (Hayes' PROCESS models 1–76) on observed
variables or construct scores: :func:`process` → :class:`ProcessResult`.

Modules: :mod:`.models` (the model catalogue), :mod:`.design` (equations and effects as polynomials in
the moderators), :mod:`.ols` (OLS with HC0–HC4 and batched bootstrap refits), :mod:`.fit` (the analysis).
"""
from .fit import ProcessResult, process
from .models import Template, template

__all__ = ["process", "ProcessResult", "template", "Template"]
