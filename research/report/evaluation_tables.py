"""APA tables of the evaluation with an index system (``results["evaluation"]``).

The display tables of :mod:`research.evaluation.tables` — the indicator system with its weights and CRs, the scores
overall and per segment, the fuzzy comprehensive evaluation, the AHP consistency (and each expert's), the TOPSIS and
grey relational ranking and its sensitivity — as :func:`research.evaluation.tables.shown` prints them, titled and
noted.  :func:`research.report.report` numbers them after the other tables.
"""
from __future__ import annotations

from ..evaluation import tables as ET
from .tables import Table, _note, _w


def evaluation_report_tables(d: dict, lang: str) -> list[Table]:
    """The tables of ``results["evaluation"]``, unnumbered, in report order ([] without the block)."""
    from .evaluation_text import block

    b = block(d)
    if b is None:
        return []
    out = []
    for key, frame in ET.display_tables(b, lang).items():
        shown = ET.shown(frame, lang)
        if not len(shown):
            continue
        rows = [[str(v) for v in row] for row in shown.itertuples(index=False)]
        note = shown.attrs.get("note") or ""
        out.append(Table(f"evaluation_{key}", shown.attrs.get("title") or "", [str(col) for col in shown.columns],
                         rows, _note(lang, _w("note", lang), note) if note else ""))
    return out
