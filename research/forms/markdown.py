"""The questionnaire as Markdown (CommonMark with GitHub pipe tables).

Same content as the HTML page: numbered questions, options as task-list
boxes, Likert grids as pipe tables.  Questionnaire texts are escaped so
that a ``|`` cannot split a table cell, a ``*`` cannot start emphasis and
``<b>`` cannot become raw HTML; a line break in a text would end a table
row, so it becomes a space.
"""
from __future__ import annotations

import re

from ..questionnaire import Questionnaire
from .layout import BLANK, CIRCLE, Choice, Grid, Section, blocks, word

# ASCII punctuation that is active anywhere inside a line.  CommonMark lets
# any ASCII punctuation be escaped with a backslash, so escaping is safe.
_INLINE = re.compile(r"([\\`*_\[\]{}<>|~!&$])")
# Markers that are active at the start of a block: heading, quote, list
# items ("- ", "+ ", "1. ", "1) "), setext underline.
_LEADING = re.compile(r"^(\s*)(#|>|[-+=]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """``text`` as literal Markdown inline content."""
    text = " ".join(str(text).split())  # line breaks and runs of blanks → one space
    text = _INLINE.sub(r"\\\1", text)
    match = _LEADING.match(text)
    if match:
        lead, marker = match.groups()
        if marker[0].isdigit():  # escape the "." or ")" after the number
            cut = len(lead) + len(marker)
            text = text[:cut] + "\\" + text[cut:]
        else:
            text = lead + "\\" + text[len(lead):]
    return text


def render_markdown(q: Questionnaire, lang: str) -> str:
    """The respondent's page in ``lang`` as Markdown."""
    parts = [f"# {md_escape(q.title_in(lang))}"]
    if q.intro_in(lang):
        parts.append(md_escape(q.intro_in(lang)))
    parts.append(f"*{md_escape(word('instruction', lang))}*")
    for block in blocks(q):
        if isinstance(block, Section):
            parts.append(f"## {md_escape(block.heading(lang))}")
            parts.append(f"*{md_escape(block.text(lang))}*")
        else:
            parts.append(_choice(block, lang) if isinstance(block, Choice) else _grid(block, lang))
    parts.append(md_escape(word("thanks", lang)))
    parts.append("---")
    parts.append(md_escape(word("footer", lang) + q.id))
    return "\n\n".join(parts) + "\n"


def _choice(block: Choice, lang: str) -> str:
    seg = block.segment
    note = word("multi", lang) if seg.type == "multi" else ""
    stem = f"**{seg.number}.** {md_escape(seg.label(lang) + note)}"
    if not seg.options:
        return f"{stem}\n\n{md_escape(BLANK)}"
    options = "\n".join(f"- [ ] {md_escape(o.text(lang))}" for o in seg.options)
    return f"{stem}\n\n{options}"


def _row(cells) -> str:
    return "| " + " | ".join(cells) + " |"


def _grid(grid: Grid, lang: str) -> str:
    header = _row([md_escape(word(grid.stem, lang)), *(md_escape(x) for x in grid.header(lang))])
    rule = _row(["---", *([":---:"] * grid.scale.points)])
    rows = [_row([f"{q.number}. {md_escape(q.label(lang))}", *([CIRCLE] * grid.scale.points)]) for q in grid.rows]
    return "\n".join([header, rule, *rows])
