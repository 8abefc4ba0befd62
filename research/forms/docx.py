"""The questionnaire as a Word document to print and fill in on paper.

A4 with 2 cm margins; the Likert grids are real Word tables with borders
whose header row repeats on every page and whose rows never split across
pages.  Word picks the font for Chinese characters from the ``w:eastAsia``
attribute of the run fonts, not from the Latin font name, so the Normal
style names both: without it, a machine without the theme's East Asian
font shows Chinese in a fallback font or as boxes.
"""
from __future__ import annotations

from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from ..export import safe_text
from ..questionnaire import Questionnaire
from .layout import BLANK, BOX, CIRCLE, Choice, Grid, Section, blocks, word

LATIN_FONT = "Calibri"
EAST_ASIAN_FONT = {"zh-Hans": "SimSun", "zh-Hant": "PMingLiU", "en": "SimSun"}
# Word's language tags, so spelling and line breaking follow the text.
_WORD_LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW", "en": "en-US"}

PAGE_WIDTH, PAGE_HEIGHT, MARGIN = Cm(21), Cm(29.7), Cm(2)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN
CELL_WIDTH = {5: Cm(1.6), 7: Cm(1.25)}


def _clean(text: str) -> str:
    """Characters XML 1.0 cannot hold (python-docx refuses them, so a stray control character in a YAML
    text would stop the whole form) as visible escapes, as every writer shows them: :func:`safe_text`."""
    return safe_text(text)


def render_docx(q: Questionnaire, lang: str) -> bytes:
    """The respondent's form in ``lang`` as the bytes of a .docx file."""
    doc = Document()
    _page_setup(doc)
    _normal_style(doc, lang)
    _title(doc, _clean(q.title_in(lang)))
    if q.intro_in(lang):
        doc.add_paragraph(_clean(q.intro_in(lang)))
    doc.add_paragraph().add_run(word("instruction", lang)).bold = True
    for block in blocks(q):
        if isinstance(block, Section):
            _section(doc, block, lang)
        elif isinstance(block, Choice):
            _choice(doc, block, lang)
        else:
            _grid(doc, block, lang)
    thanks = doc.add_paragraph(word("thanks", lang))
    thanks.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = doc.sections[0].footer.paragraphs[0]
    footer.text = word("footer", lang) + _clean(q.id)
    footer.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    footer.runs[0].font.size = Pt(8)
    doc.core_properties.title = _clean(q.title_in(lang))
    doc.core_properties.language = _WORD_LANG[lang]
    out = BytesIO()
    doc.save(out)
    return out.getvalue()


def _page_setup(doc) -> None:
    """A4, 2 cm margins (python-docx's template is US Letter)."""
    for section in doc.sections:
        section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
        section.top_margin = section.bottom_margin = MARGIN
        section.left_margin = section.right_margin = MARGIN


def _normal_style(doc, lang: str) -> None:
    """Latin and East Asian fonts, size and language on the Normal style.

    The template's theme font attributes (``w:asciiTheme`` …) would win over
    the explicit names, so they are removed.
    """
    style = doc.styles["Normal"]
    style.font.size = Pt(10.5)  # 五号, the usual size of a Chinese form
    rpr = style.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attr), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT[lang])
    language = rpr.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        rpr.append(language)  # w:lang comes late in w:rPr; the elements after it are not used here
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), _WORD_LANG[lang] if lang != "en" else "zh-CN")


def _title(doc, text: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = True
    run.font.size = Pt(16)


def _section(doc, section: Section, lang: str) -> None:
    """A bold heading and its instruction line, kept on the page of the grid that follows.

    A plain paragraph rather than Word's "Heading" style, whose theme fonts
    would override the East Asian font set on Normal.
    """
    heading = doc.add_paragraph()
    heading.paragraph_format.space_before = Pt(12)
    heading.paragraph_format.keep_with_next = True
    run = heading.add_run(_clean(section.heading(lang)))
    run.bold = True
    run.font.size = Pt(12)
    note = doc.add_paragraph(_clean(section.text(lang)))
    note.paragraph_format.keep_with_next = True


def _choice(doc, block: Choice, lang: str) -> None:
    seg = block.segment
    stem = doc.add_paragraph()
    stem.paragraph_format.keep_with_next = True
    stem.paragraph_format.space_before = Pt(6)
    stem.add_run(f"{seg.number}. {_clean(seg.label(lang))}")
    if seg.type == "multi":
        stem.add_run(word("multi", lang))
    if not seg.options:
        stem.add_run(f" {BLANK}")
        return
    for k, option in enumerate(seg.options):
        line = doc.add_paragraph(f"{BOX} {_clean(option.text(lang))}")
        line.paragraph_format.left_indent = Cm(0.75)
        line.paragraph_format.space_after = Pt(0)
        line.paragraph_format.keep_with_next = k < len(seg.options) - 1


def _grid(doc, grid: Grid, lang: str) -> None:
    points = grid.scale.points
    table = doc.add_table(rows=1 + len(grid.rows), cols=1 + points)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    cell_width = CELL_WIDTH.get(points, Cm(1.25))
    widths = [TEXT_WIDTH - points * cell_width] + [cell_width] * points

    header = [word(grid.stem, lang), *map(_clean, grid.header(lang))]
    rows = [[f"{q.number}. {_clean(q.label(lang))}", *([CIRCLE] * points)] for q in grid.rows]
    for r, (row, texts) in enumerate(zip(table.rows, [header, *rows])):
        _row_properties(row, header=r == 0)
        for c, (cell, text) in enumerate(zip(row.cells, texts)):
            cell.width = widths[c]
            paragraph = cell.paragraphs[0]
            paragraph.text = text
            if c > 0:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
                if r == 0:
                    paragraph.runs[0].font.size = Pt(8)
                else:
                    paragraph.runs[0].font.size = Pt(12)
    for column, width in zip(table.columns, widths):
        column.width = width
    doc.add_paragraph()  # a gap, and Word needs a paragraph between two tables


def _row_properties(row, header: bool) -> None:
    """Rows never break across pages; the header row repeats on each page."""
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))
