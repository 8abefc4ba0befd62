"""The codebook and the data-entry header, as CSV.

The codebook lists one variable per row in print order with the codes it
may hold, so whoever types paper forms into Excel, and whoever reads the
data later, knows that 3 means "一般" and that -2 means "skipped".  The
header template is the first row of a data-entry sheet.

Stated-importance questions (questionnaire key ``importance``) come last,
as on the printed form: type ``importance``, ``construct`` the construct
whose importance they ask about, and ``section`` the heading they are
printed under (重要性评价 / 重要性評價 / Importance of each aspect); the
``section`` cell is empty for every other question.  In the header they
are ordinary columns named by their ids.

Both are written with the :mod:`csv` module (quotes and commas handled)
and every cell passes through :func:`research.export.excel_safe`, because
labels are user text and the file is meant to be opened in Excel.
"""
from __future__ import annotations

import csv
from io import StringIO

from ..export import excel_safe
from ..questionnaire import AttentionCheck, ImportanceItem, Item, Questionnaire, Segment
from .layout import word

CODEBOOK_COLUMNS = ("column", "number", "label", "type", "construct", "reverse", "allowed_values",
                    "missing_values", "expected", "section")
# Empty cell, and 问卷星's codes for "skipped by logic" (-2) and "not shown" (-3).
MISSING_VALUES = "empty, -2, -3"
RESPONDENT_COLUMN = "respondent"


def codebook_rows(q: Questionnaire, lang: str) -> list[dict]:
    """One dict per variable, in print order, keyed by :data:`CODEBOOK_COLUMNS`."""
    return [_row(question, lang) for question in q.questions]


def _row(question, lang: str) -> dict:
    row = dict.fromkeys(CODEBOOK_COLUMNS, "")
    row.update(column=question.id, number=question.number, label=question.label(lang),
               reverse="false", missing_values=MISSING_VALUES)
    if isinstance(question, Segment):
        row["type"] = question.type
        row["allowed_values"] = _codes((o.code, o.text(lang)) for o in question.options)
    else:
        scale = question.scale
        row["allowed_values"] = _codes((v, scale.label(v, lang)) for v in scale.values)
        if isinstance(question, Item):
            row.update(type="likert", construct=question.construct, reverse=str(question.reverse).lower())
        elif isinstance(question, AttentionCheck):
            row.update(type="attention_check", expected=question.expected)
        elif isinstance(question, ImportanceItem):  # stated importance of the construct; never reverse-keyed
            row.update(type="importance", construct=question.construct, section=word("importance", lang))
    return row


def _codes(pairs) -> str:
    """'1=非常不同意; 2=不同意; …', the form the data loader also reads."""
    return "; ".join(f"{code}={label}" for code, label in pairs)


def _csv(rows) -> str:
    out = StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([excel_safe(cell) for cell in row])
    return out.getvalue()


def render_codebook(q: Questionnaire, lang: str) -> str:
    """The codebook as CSV text (header line, then one line per variable)."""
    rows = codebook_rows(q, lang)
    return _csv([CODEBOOK_COLUMNS, *([r[c] for c in CODEBOOK_COLUMNS] for r in rows)])


def header_columns(q: Questionnaire) -> list[str]:
    """``respondent`` and then every question id in print order."""
    return [RESPONDENT_COLUMN, *(question.id for question in q.questions)]


def render_header(q: Questionnaire) -> str:
    """A one-line CSV to start a data-entry sheet with."""
    return _csv([header_columns(q)])
