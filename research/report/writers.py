"""Write a report — results text, APA tables, figures — as DOCX, HTML, Markdown or LaTeX.

Everything users wrote (construct and item names, labels, file names) is data:
HTML escapes it, Markdown escapes the characters Markdown and HTML give a
meaning (so ``<img onerror=…>`` or ``[x](javascript:…)`` shows as text),
LaTeX escapes its special characters, DOCX stores it as text.  Before any of
them, every text passes :func:`research.export.safe_text` (one boundary for
all four formats): control characters, which XML cannot hold and lxml
refuses, become visible escapes such as ``\\x01``.

Paper (``paper``): ``"a4"`` — 210 × 297 mm with 2.54 cm margins, the
default — or ``"letter"`` — 8.5 × 11 in with 1 in margins; it sets the
DOCX page, the LaTeX ``geometry`` and the HTML's print page (Markdown has
none).

Each format carries the generator mark :data:`research.outputs.GENERATOR`
(a ``<meta name="generator">``, a comment, the DOCX comments property), by
which :func:`is_report` recognises an earlier report that may be replaced.
"""
from __future__ import annotations

import base64
import hashlib
import html
import io
import re
import unicodedata
import zipfile
from dataclasses import replace
from pathlib import Path

from ..export import safe_text
from ..outputs import GENERATOR
from .references import styled
from .tables import WORDS, Figure, Table

# page (width, height) and margin, in millimetres
PAPER = {"a4": (210.0, 297.0, 25.4), "letter": (215.9, 279.4, 25.4)}
# DOCX tables: font size (pt), cell margin left and right (pt: 0.04 in, half Word's default, as journals set
# tables), the width a cell needs beyond its text (both margins and a little air) and the widest first column
# kept on one line: "10. " and a construct name of 12 CJK characters
TABLE_PT = 10.0
CELL_MARGIN = 2.88
CELL_PAD = 2 * CELL_MARGIN + 3.0
SAFETY = 1.03
FIRST_COLUMN_EM = 1.6 + 12 * 1.0

HEADINGS = {
    "report": {"en": "Results", "zh-Hans": "研究结果", "zh-Hant": "研究結果"},
    "tables": {"en": "Tables", "zh-Hans": "表格", "zh-Hant": "表格"},
    "figures": {"en": "Figures", "zh-Hans": "图", "zh-Hant": "圖"},
}


def _w(key, lang):
    return WORDS[key].get(lang, WORDS[key]["en"])


def _caption(kind: str, number: int, lang: str) -> str:
    return f"{_w(kind, lang)} {number}" if lang == "en" else f"{_w(kind, lang)} {number}"


def _clean(sections: list, tables: list[Table], figures: list[Figure], title: str):
    """Every text of the report through :func:`~research.export.safe_text`: the one boundary of all writers."""
    sections = [{**s, "heading": safe_text(s["heading"]), "paragraphs": [safe_text(p) for p in s["paragraphs"]]}
                for s in sections]
    tables = [replace(t, title=safe_text(t.title), columns=[safe_text(c) for c in t.columns],
                      rows=[[safe_text(c) for c in row] for row in t.rows], note=safe_text(t.note) if t.note else "")
              for t in tables]
    figures = [replace(f, title=safe_text(f.title)) for f in figures]
    return sections, tables, figures, safe_text(title)


def is_report(path) -> bool:
    """Whether ``path`` is a report this module wrote, so it may be replaced: the generator mark must stand
    exactly where the writer puts it — the last line of a Markdown file, the first line of a LaTeX file, the
    ``<meta name="generator">`` right after the charset of an HTML file, the comments of a Word file — not
    merely somewhere in it (a thesis that quotes a report is not a report)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("docProps/core.xml")
            return info.file_size < 1_000_000 and f">{GENERATOR}</dc:description>".encode() in z.read(info)
    with open(path, "rb") as fh:
        head = fh.read(4096)
        fh.seek(0, 2)
        fh.seek(max(0, fh.tell() - 4096))
        tail = fh.read()
    if suffix == ".md":
        return tail.rstrip(b"\n").rsplit(b"\n", 1)[-1] == f"<!-- generator: {GENERATOR} -->".encode()
    if suffix == ".tex":
        return head.split(b"\n", 1)[0] == f"% generator: {GENERATOR}".encode()
    if suffix in (".html", ".htm"):
        return head.startswith(b"<!DOCTYPE html>") and f'<meta charset="utf-8">\n<meta name="generator" content="{html.escape(GENERATOR)}">'.encode() in head
    return False


# ----------------------------------------------------------------------------------------------
# Markdown: & < > become entities (no HTML tag, no autolink <javascript:…>); the characters that make
# emphasis, links and images ([…]), code, table cells, strike-through, math and headings are
# backslash-escaped; a line that would start a list or a heading underline gets that character escaped.
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MD_SPECIAL = re.compile(r"[&<>\\`*_\[\]#|~$]")
_MD_LINE_START = re.compile(r"^(\s*)(\d+(?=[.)])|[-+=:])", flags=re.M)


def md_escape(text) -> str:
    """``text`` as literal Markdown text: a viewer shows it as written, never as markup, link or HTML."""
    out = _MD_SPECIAL.sub(lambda m: _MD_ENTITIES.get(m.group(0)) or "\\" + m.group(0), str(text))
    return _MD_LINE_START.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit()
                                                       else "\\" + m.group(2)), out)


def _md_one_line(text) -> str:
    return md_escape(re.sub(r"[\r\n]+", " ", str(text)))


def markdown(sections: list, tables: list[Table], figures: list[Figure], lang: str, title: str,
             paper: str = "a4") -> str:
    sections, tables, figures, title = _clean(sections, tables, figures, title)
    cell = _md_one_line
    out = [f"# {cell(title)}", ""]
    for s in sections:
        if s.get("key") == REFERENCES_KEY:        # APA's italics: journal and volume, a book's title
            paras = ["".join(f"*{md_escape(t)}*" if it else md_escape(t) for t, it in styled(p)) for p in s["paragraphs"]]
        else:
            paras = [md_escape(p) for p in s["paragraphs"]]
        out += [f"## {cell(s['heading'])}", ""] + [p + "\n" for p in paras]
    for t in tables:
        out += [f"**{_caption('table', t.number, lang)}**", "", f"*{cell(t.title)}*", "",
                "| " + " | ".join(cell(c) for c in t.columns) + " |",
                "|" + "|".join(" --- " for _ in t.columns) + "|"]
        out += ["| " + " | ".join(cell(c) for c in row) + " |" for row in t.rows]
        out += ["", f"*{cell(t.note)}*" if t.note else "", ""]
    for f in figures:
        out += [f"**{_caption('figure', f.number, lang)}**", "", f"*{cell(f.title)}*", "",
                f"![{cell(f.title)}](data:image/png;base64,{base64.b64encode(f.png).decode()})", ""]
    out.append(f"<!-- generator: {GENERATOR} -->")
    return "\n".join(out) + "\n"


# ----------------------------------------------------------------------------------------------
# the section of results_text that is the reference list (research.report.text): set with a hanging indent
REFERENCES_KEY = "process_references"

_CSS = """
body { font-family: "Times New Roman", "Noto Serif CJK SC", "Songti SC", SimSun, serif; max-width: 60em;
       margin: 2em auto; line-height: 1.5; color: #111; }
h1 { font-size: 1.5em; } h2 { font-size: 1.2em; margin-top: 1.5em; }
p.reference { padding-left: 2em; text-indent: -2em; }
table.apa { border-collapse: collapse; margin: .3em 0 .3em; font-size: .92em; }
table.apa th, table.apa td { padding: .25em .7em; text-align: left; }
table.apa thead tr:first-child th { border-top: 2px solid #000; }
table.apa thead tr:last-child th { border-bottom: 1px solid #000; }
table.apa tbody tr:last-child td { border-bottom: 2px solid #000; }
p.caption { margin: 1.4em 0 0; font-weight: bold; } p.title { margin: 0 0 .3em; font-style: italic; }
p.note { font-size: .88em; margin-top: .2em; } figure { margin: 1.5em 0; } figure img { max-width: 100%; }
"""
_PAGE_CSS = {"a4": "@page { size: A4; margin: 2.54cm; }", "letter": "@page { size: letter; margin: 1in; }"}


def html_report(sections: list, tables: list[Table], figures: list[Figure], lang: str, title: str,
                paper: str = "a4") -> str:
    sections, tables, figures, title = _clean(sections, tables, figures, title)
    e = html.escape
    doc = ["<!DOCTYPE html>", f'<html lang="{e(lang)}"><head><meta charset="utf-8">',
           f'<meta name="generator" content="{e(GENERATOR)}">', f"<title>{e(title)}</title>",
           f"<style>{_CSS}{_PAGE_CSS[paper]}\n</style></head><body>", f"<h1>{e(title)}</h1>"]
    for s in sections:
        doc.append(f"<h2>{e(s['heading'])}</h2>")
        if s.get("key") == REFERENCES_KEY:       # APA's hanging indent and italics
            doc += ['<p class="reference">' + "".join(f"<em>{e(t)}</em>" if it else e(t) for t, it in styled(p))
                    + "</p>" for p in s["paragraphs"]]
        else:
            doc += [f"<p>{e(p)}</p>" for p in s["paragraphs"]]
    for t in tables:
        doc.append(f'<p class="caption">{e(_caption("table", t.number, lang))}</p>')
        doc.append(f'<p class="title">{e(t.title)}</p>')
        doc.append('<table class="apa"><thead><tr>' + "".join(f"<th>{e(str(c))}</th>" for c in t.columns)
                   + "</tr></thead><tbody>")
        doc += ["<tr>" + "".join(f"<td>{e(str(c))}</td>" for c in row) + "</tr>" for row in t.rows]
        doc.append("</tbody></table>")
        if t.note:
            doc.append(f'<p class="note">{e(t.note)}</p>')
    for f in figures:
        data = base64.b64encode(f.png).decode()
        doc.append(f'<figure><p class="caption">{e(_caption("figure", f.number, lang))}</p>'
                   f'<p class="title">{e(f.title)}</p><img alt="{e(f.title)}" src="data:image/png;base64,{data}">'
                   f"</figure>")
    doc.append("</body></html>")
    return "\n".join(doc)


# ----------------------------------------------------------------------------------------------
_TEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
                "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "|": r"\textbar{}"}
_TEX_RE = re.compile("|".join(re.escape(k) for k in _TEX_SPECIAL))
_TEX_SYMBOLS = {"χ²": r"$\chi^2$", "χ": r"$\chi$", "²": r"\textsuperscript{2}", "α": r"$\alpha$", "β": r"$\beta$",
                "λ": r"$\lambda$", "ω": r"$\omega$", "ε": r"$\varepsilon$", "η": r"$\eta$", "Δ": r"$\Delta$",
                "√": r"$\surd$", "≥": r"$\geq$", "≤": r"$\leq$", "→": r"$\rightarrow$", "−": r"$-$",
                "Σ": r"$\Sigma$", "·": r"$\cdot$", "ᵢ": r"\textsubscript{i}", "–": "--", "±": r"$\pm$",
                # the evaluation section (fuzzy operators, TOPSIS distances, grey grades)
                "⊕": r"$\oplus$", "∧": r"$\wedge$", "∨": r"$\vee$", "∘": r"$\circ$", "⁺": r"\textsuperscript{+}",
                "⁻": r"\textsuperscript{$-$}", "γ": r"$\gamma$", "ρ": r"$\rho$", "ⱼ": r"\textsubscript{j}"}


def tex_escape(text) -> str:
    out = _TEX_RE.sub(lambda m: _TEX_SPECIAL[m.group(0)], str(text))
    for sym in sorted(_TEX_SYMBOLS, key=len, reverse=True):
        out = out.replace(sym, _TEX_SYMBOLS[sym])
    return out


def latex(sections: list, tables: list[Table], figures: list[Figure], lang: str, title: str,
          paper: str = "a4") -> str:
    """A LaTeX document (booktabs tables; xeCJK for Chinese: compile with xelatex). Figures are referenced
    as PNG files named ``figure-N.png`` next to the .tex file (write them with :func:`research.report.report`)."""
    sections, tables, figures, title = _clean(sections, tables, figures, title)
    x = tex_escape
    doc = [f"% generator: {GENERATOR}"]
    # the figures' hashes: an earlier report's own figure-N.png may be replaced, any other file of that name not
    doc += [f"% figure-{f.number}.png sha256={hashlib.sha256(f.png).hexdigest()}" for f in figures]
    doc += [rf"\documentclass[11pt,{paper}paper]{{article}}", r"\usepackage{booktabs}", r"\usepackage{graphicx}",
            r"\usepackage[margin=2.54cm]{geometry}" if paper == "a4" else r"\usepackage[margin=1in]{geometry}",
            r"\usepackage{threeparttable}"]
    if lang != "en":
        doc.append(r"\usepackage{xeCJK}")
    doc += [r"\begin{document}", rf"\section*{{{x(title)}}}"]
    for s in sections:
        doc.append(rf"\subsection*{{{x(s['heading'])}}}")
        if s.get("key") == REFERENCES_KEY:       # APA's hanging indent (0.5 in) and italics
            doc += [r"\noindent\hangindent=0.5in\hangafter=1 "
                    + "".join(rf"\emph{{{x(t)}}}" if it else x(t) for t, it in styled(p)) + "\n"
                    for p in s["paragraphs"]]
        else:
            doc += [x(p) + "\n" for p in s["paragraphs"]]
    for t in tables:
        cols = "l" + "r" * (len(t.columns) - 1)
        doc += [r"\begin{table}[htbp]", r"\begin{threeparttable}",
                rf"\caption*{{\textbf{{{x(_caption('table', t.number, lang))}}}\\\textit{{{x(t.title)}}}}}",
                rf"\begin{{tabular}}{{{cols}}}", r"\toprule", " & ".join(x(c) for c in t.columns) + r" \\",
                r"\midrule"]
        doc += [" & ".join(x(c) for c in row) + r" \\" for row in t.rows]
        doc += [r"\bottomrule", r"\end{tabular}"]
        if t.note:
            doc += [r"\begin{tablenotes}\small", rf"\item {x(t.note)}", r"\end{tablenotes}"]
        doc += [r"\end{threeparttable}", r"\end{table}"]
    for f in figures:
        doc += [r"\begin{figure}[htbp]", r"\centering", rf"\includegraphics[width=\linewidth]{{figure-{f.number}.png}}",
                rf"\caption*{{\textbf{{{x(_caption('figure', f.number, lang))}}}\\\textit{{{x(f.title)}}}}}",
                r"\end{figure}"]
    doc.append(r"\end{document}")
    return "\n".join(doc)


# ----------------------------------------------------------------------------------------------
def text_em(text) -> float:
    """The width of one line of ``text`` in em, as Times New Roman / SimSun set it (a safe estimate): CJK and
    full-width characters 1 em — twice a lower-case Latin letter or a digit (.5 em) —, capitals .72 em."""
    width = 0.0
    for ch in str(text):
        if unicodedata.east_asian_width(ch) in ("W", "F") or (ord(ch) >= 0x2190 and ch != "\u2212"):
            width += 1.0                                  # CJK, full-width forms, arrows and symbols
        elif ch in "mwMW@%":
            width += 0.95
        elif ch.isupper():
            width += 0.72
        elif ch in " .,;:'|!ijlft()[]":
            width += 0.3
        else:
            width += 0.5
    return width


def column_widths(columns: list, rows: list, available: float, size: float = TABLE_PT) -> list[float]:
    """Widths in points of a DOCX table's columns, from the lengths of their texts (:func:`text_em`).

    The first column gets the width of its longest text, at least up to a number and a name of 12 CJK
    characters (``FIRST_COLUMN_EM``): such a name ("1. ECO", "7. 顾客满意度") stays on one line; a longer text
    (a path "H1: A → B") is kept whole when the table has room.  The other columns get theirs; when the table
    would be wider than ``available``, the widest of them give way first (each is cut to one common width, the
    narrow number columns keep theirs) and only they wrap."""
    def need(texts, cap=None):
        em = max([max((text_em(line) for line in str(t).split("\n")), default=0.0) for t in texts] or [0.0])
        if cap is not None:
            em = min(em, cap)
        return SAFETY * em * size + CELL_PAD

    ncol = len(columns)
    cells = [[columns[j], *(row[j] for row in rows if j < len(row))] for j in range(ncol)]
    rest = [need(c) for c in cells[1:]]
    whole = need(cells[0])                             # a longer first text (a path) is kept whole when there is room
    first = min(max(need(cells[0], FIRST_COLUMN_EM), available - sum(rest)), whole, 0.5 * available)
    room = available - first
    if sum(rest) > room and rest:
        ordered = sorted(rest)
        cut, used = ordered[-1], 0.0
        for k, w in enumerate(ordered):               # the common width c with sum(min(w, c)) = room
            c = (room - used) / (len(ordered) - k)
            if c <= w:
                cut = c
                break
            used += w
        rest = [min(w, cut) for w in rest]
    return [first, *rest]


def _png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels of a PNG (from its IHDR chunk)."""
    return int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")


def _docx_black_headings(doc, east_asia: str) -> None:
    """APA headings: the Title and Heading styles bold and black, in the text's font — not the template's
    theme font and blue accent colour (the linked character styles too)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    sizes = {"Title": 14, "Heading 1": 14, "Heading 2": 12, "Heading 3": 12}
    for style in doc.styles:
        name = style.name or ""
        if not (name.startswith("Heading") or name.startswith("Title")) or not hasattr(style, "font"):
            continue
        font = style.font
        font.color.rgb = RGBColor(0, 0, 0)
        font.bold = True
        font.italic = False
        base = name.removesuffix(" Char")
        if base in sizes:
            font.size = Pt(sizes[base])
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.insert(0, fonts)
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attr}"), None)
        fonts.set(qn("w:ascii"), "Times New Roman")
        fonts.set(qn("w:hAnsi"), "Times New Roman")
        fonts.set(qn("w:eastAsia"), east_asia)
        ppr = style.element.pPr
        if ppr is not None:                           # the Title style's blue rule underneath
            border = ppr.find(qn("w:pBdr"))
            if border is not None:
                ppr.remove(border)


def docx_report(sections: list, tables: list[Table], figures: list[Figure], lang: str, title: str,
                paper: str = "a4") -> bytes:
    """A Word document on A4 (or US Letter): APA tables (horizontal rules only: above and below the header,
    below the body; column widths from the texts, the first column unbroken; the header row repeated when a
    table runs onto the next page), numbered bold captions with
    italic titles, notes; black bold headings; figures as pictures within the text block; East Asian font set
    for Chinese."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Emu, Mm, Pt

    sections, tables, figures, title = _clean(sections, tables, figures, title)
    doc = Document()
    doc.core_properties.comments = GENERATOR
    doc.core_properties.title = title
    width_mm, height_mm, margin_mm = PAPER[paper]
    for sec in doc.sections:
        sec.page_width, sec.page_height = Mm(width_mm), Mm(height_mm)
        sec.left_margin = sec.right_margin = sec.top_margin = sec.bottom_margin = Mm(margin_mm)
    text_w, text_h = Mm(width_mm - 2 * margin_mm), Mm(height_mm - 2 * margin_mm)
    east_asia = "SimSun" if lang == "zh-Hans" else "PMingLiU" if lang == "zh-Hant" else "Times New Roman"
    normal = doc.styles["Normal"]
    normal.font.name = "Times New Roman"
    normal.font.size = Pt(11)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), east_asia)
    _docx_black_headings(doc, east_asia)
    doc.add_heading(title, level=1).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for s in sections:
        doc.add_heading(s["heading"], level=2)
        for p in s["paragraphs"]:
            if s.get("key") == REFERENCES_KEY:          # APA's italics and hanging indent of 0.5 in (12.7 mm)
                para = doc.add_paragraph()
                for text, italic in styled(p):
                    para.add_run(text).italic = italic or None
                para.paragraph_format.left_indent = Mm(12.7)
                para.paragraph_format.first_line_indent = -Mm(12.7)
            else:
                doc.add_paragraph(p)

    def rule(cell, edge: str, size: int):
        tcpr = cell._tc.get_or_add_tcPr()
        borders = tcpr.find(qn("w:tcBorders"))
        if borders is None:
            borders = OxmlElement("w:tcBorders")
            tcpr.append(borders)
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "single")
        el.set(qn("w:sz"), str(size))
        el.set(qn("w:color"), "000000")
        borders.append(el)

    def put(cell, text):
        cell.text = str(text)
        fmt = cell.paragraphs[0].paragraph_format         # single-spaced rows, no space between them
        fmt.space_before, fmt.space_after, fmt.line_spacing = Pt(0), Pt(0), 1.0
        for run in cell.paragraphs[0].runs:
            run.font.size = Pt(TABLE_PT)

    def cell_margins(table):
        tblpr = table._tbl.tblPr
        mar = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            el = OxmlElement(f"w:{side}")
            el.set(qn("w:w"), str(round(20 * CELL_MARGIN)))
            el.set(qn("w:type"), "dxa")
            mar.append(el)
        look = tblpr.find(qn("w:tblLook"))                # schema order: … tblLayout, tblCellMar, tblLook
        if look is not None:
            look.addprevious(mar)
        else:
            tblpr.append(mar)

    for t in tables:
        cap = doc.add_paragraph()
        cap.add_run(_caption("table", t.number, lang)).bold = True
        doc.add_paragraph().add_run(t.title).italic = True
        table = doc.add_table(rows=1 + len(t.rows), cols=len(t.columns))
        table.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))   # repeated on a new page
        for j, c in enumerate(t.columns):
            cell = table.cell(0, j)
            put(cell, c)
            rule(cell, "top", 12)
            rule(cell, "bottom", 6)
        for i, row in enumerate(t.rows, start=1):
            for j, c in enumerate(row):
                put(table.cell(i, j), c)
                if i == len(t.rows):
                    rule(table.cell(i, j), "bottom", 12)
        widths = column_widths(t.columns, t.rows, text_w.pt)
        table.autofit = False                          # fixed layout: Word and LibreOffice keep these widths
        cell_margins(table)
        for j, w in enumerate(widths):
            table.columns[j].width = Pt(w)
            for i, cell in enumerate(table.column_cells(j)):
                cell.width = Pt(w)
                text = t.columns[j] if i == 0 else t.rows[i - 1][j]
                if j == 0 and SAFETY * text_em(text) * TABLE_PT + CELL_PAD <= w + 0.01:
                    cell._tc.get_or_add_tcPr().append(OxmlElement("w:noWrap"))   # after tcW and tcBorders
        tblw = table._tbl.tblPr.find(qn("w:tblW"))
        if tblw is not None:
            tblw.set(qn("w:w"), str(round(20 * sum(widths))))
            tblw.set(qn("w:type"), "dxa")
        if t.note:
            p = doc.add_paragraph()
            note_word = _w("note", lang)
            p.add_run(note_word).italic = True
            p.add_run(t.note[len(note_word):] if t.note.startswith(note_word) else " " + t.note)
    for f in figures:
        cap = doc.add_paragraph()
        cap.add_run(_caption("figure", f.number, lang)).bold = True
        doc.add_paragraph().add_run(f.title).italic = True
        px_w, px_h = _png_size(f.png)
        width = min(text_w, Mm(157))                  # 6.2 in at most, inside the margins
        if px_w and px_h and width * px_h / px_w > 0.8 * text_h:   # a tall figure: caption and it on one page
            width = Emu(int(0.8 * text_h * px_w / px_h))
        doc.add_picture(io.BytesIO(f.png), width=Emu(int(width)))
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
