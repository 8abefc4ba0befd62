"""The questionnaire as one printable, self-contained HTML page.

Everything is inline (CSS included, no scripts, no external fonts), so the
file can be e-mailed, opened offline and printed on A4.  Every text taken
from the questionnaire goes through :func:`escape` (control characters as
visible escapes by :func:`research.export.safe_text`, then
:func:`html.escape`): a questionnaire is data, and a label such as
``<script>`` must print as text, never run.

Construct names, item ids, reverse flags and sources are deliberately
absent: a respondent who sees "Reverse-coded" or "Perceived value" next to
a statement answers differently.
"""
from __future__ import annotations

from html import escape as _html_escape

from ..export import safe_text
from ..questionnaire import Questionnaire
from .layout import BLANK, BOX, CIRCLE, Choice, Grid, Section, blocks, word

def escape(text) -> str:
    """HTML-escaped text with control characters as visible escapes (:func:`research.export.safe_text`)."""
    return _html_escape(safe_text(text))


_FONTS = {
    "zh-Hans": '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", SimSun, sans-serif',
    "zh-Hant": '"Noto Sans CJK TC", "Source Han Sans TC", "PingFang TC", "Microsoft JhengHei", PMingLiU, sans-serif',
    "en": 'Calibri, "Helvetica Neue", Arial, "Noto Sans CJK SC", sans-serif',
}

_CSS = """
body { font-family: FONTS; font-size: 11pt; line-height: 1.5; color: #000; background: #fff;
       max-width: 17cm; margin: 1.5em auto; padding: 0 1em; }
h1 { font-size: 16pt; text-align: center; margin: 0 0 .6em; }
h2 { font-size: 13pt; margin: 1.2em 0 .3em; break-after: avoid; page-break-after: avoid; }
.section-note { margin: 0 0 .6em; }
.intro { margin: 0 0 .6em; }
.instruction { font-weight: bold; margin: 0 0 1em; }
.question { margin: 0 0 .9em; break-inside: avoid; page-break-inside: avoid; }
.stem { margin: 0 0 .3em; }
.note { font-weight: normal; color: #333; }
.options { list-style: none; margin: 0; padding-left: 1.5em; }
.options li { display: inline-block; margin: 0 1.5em .2em 0; }
.blank { letter-spacing: .05em; }
table.grid { width: 100%; border-collapse: collapse; margin: 0 0 1.2em; }
.grid th, .grid td { border: 1px solid #000; padding: .25em .3em; }
.grid thead th { font-size: 9pt; font-weight: normal; text-align: center; vertical-align: bottom; }
.grid thead th.stem-col { text-align: left; }
.grid tbody th { font-weight: normal; text-align: left; }
.grid td { text-align: center; font-size: 13pt; }
.points-5 td { width: 11%; }
.points-7 td { width: 8.5%; }
.thanks { text-align: center; margin: 1.5em 0 .5em; }
footer { font-size: 8pt; color: #555; text-align: right; margin-top: 1em; }
@page { size: A4; margin: 2cm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; page-break-inside: avoid; }
}
"""


def render_html(q: Questionnaire, lang: str) -> str:
    """The respondent's page in ``lang`` as a complete HTML document."""
    body = [f"<h1>{escape(q.title_in(lang))}</h1>"]
    if q.intro_in(lang):
        body.append(f'<p class="intro">{escape(q.intro_in(lang))}</p>')
    body.append(f'<p class="instruction">{escape(word("instruction", lang))}</p>')
    for block in blocks(q):
        if isinstance(block, Section):
            body.append(_section(block, lang))
        else:
            body.append(_choice(block, lang) if isinstance(block, Choice) else _grid(block, lang))
    body.append(f'<p class="thanks">{escape(word("thanks", lang))}</p>')
    body.append(f"<footer>{escape(word('footer', lang) + q.id)}</footer>")
    css = _CSS.replace("FONTS", _FONTS[lang])
    return "\n".join([
        "<!DOCTYPE html>",
        f'<html lang="{escape(lang)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(q.title_in(lang))}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
        *body,
        "</body>",
        "</html>",
        "",
    ])


def _number(n: int) -> str:
    return f'<span class="num">{n}.</span> '


def _choice(block: Choice, lang: str) -> str:
    seg = block.segment
    note = f'<span class="note">{escape(word("multi", lang))}</span>' if seg.type == "multi" else ""
    stem = f'<p class="stem">{_number(seg.number)}{escape(seg.label(lang))}{note}</p>'
    if seg.options:
        options = "".join(f"<li>{BOX} {escape(o.text(lang))}</li>" for o in seg.options)
        answer = f'<ul class="options">{options}</ul>'
    else:
        answer = f'<p class="blank">{BLANK}</p>'
    return f'<section class="question">{stem}{answer}</section>'


def _section(section: Section, lang: str) -> str:
    return f'<h2>{escape(section.heading(lang))}</h2>\n<p class="section-note">{escape(section.text(lang))}</p>'


def _grid(grid: Grid, lang: str) -> str:
    head = "".join(f'<th scope="col">{escape(label)}</th>' for label in grid.header(lang))
    head = f'<thead><tr><th scope="col" class="stem-col">{escape(word(grid.stem, lang))}</th>{head}</tr></thead>'
    cells = f"<td>{CIRCLE}</td>" * grid.scale.points
    rows = "".join(f'<tr><th scope="row">{_number(q.number)}{escape(q.label(lang))}</th>{cells}</tr>'
                   for q in grid.rows)
    return f'<table class="grid points-{grid.scale.points}">{head}<tbody>{rows}</tbody></table>'
