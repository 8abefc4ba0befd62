"""APA tables of the conditional process analyses of a results dictionary (``results["process"]``).

Each analysis gets the display tables of :mod:`research.process.tables` — the regression of each outcome, the
conditional effects, the Johnson–Neyman regions, the total/direct/indirect effects, the conditional indirect
effects, the indices of moderated mediation and the contrasts — as :func:`research.process.tables.shown` prints
them (b and SE with 3 decimals, APA p, one "[lower, upper]" cell per interval), titled with the hypothesis they
test and noted with R², F, the standard errors and the bootstrap.  :func:`research.report.report` numbers them
after the other tables.
"""
from __future__ import annotations

from ..process import tables as PT
from .tables import Table, _note, _w


def process_report_tables(d: dict, lang: str, names: dict | None = None) -> list[Table]:
    """The tables of every analysis in ``results["process"]``, unnumbered, in report order.  ``names``: column →
    display name in ``lang`` (:func:`research.report.text.construct_names`); columns without one show as they
    are."""
    from .process_text import blocks

    out = []
    for k, b in enumerate(blocks(d)):
        prefix = (f"{b['id']}: " if lang == "en" else f"{b['id']}：") if b.get("id") else ""
        for key, frame in PT.display_tables(b, lang, names).items():
            shown = PT.shown(frame, lang)
            if not len(shown):
                continue
            rows = [[str(v) for v in row] for row in shown.itertuples(index=False)]
            note = shown.attrs.get("note") or ""
            out.append(Table(f"process_{k + 1}_{key}", prefix + (shown.attrs.get("title") or ""),
                             [str(col) for col in shown.columns], rows,
                             _note(lang, _w("note", lang), note) if note else ""))
    return out
