"""Helpers shared by everything that writes a table a user opens in Excel.

A CSV or XLSX cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or
a tab or carriage return) is read by Excel and LibreOffice as a formula, so
a respondent who types ``=cmd|' /C calc'!A0`` into an open answer could run
a program on the analyst's machine ("CSV injection", OWASP).  Every cell
the toolkit writes from user data goes through :func:`excel_safe`.
"""
from __future__ import annotations

import math
import re

# Characters that make a spreadsheet treat a cell as a formula (OWASP,
# "CSV Injection"): = + - @, and tab / carriage return, which some programs
# skip before looking at the next character.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

# A plain number such as -2, +3, -0.5 or 1e-3: harmless, and rewriting it
# would turn the missing-value code -2 into text.
_PURE_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


# Characters a DOCX, XLSX or XML file cannot hold (XML 1.0 excludes C0 controls but tab, LF and CR, and
# U+FFFE/U+FFFF; lxml refuses them, openpyxl raises IllegalCharacterError), DEL, and lone surrogates (no
# UTF-8 encoder writes them).  One policy for every writer: each becomes a visible escape, as the toolkit's
# messages show control characters — "\x01", "\x7f", "\ud800" — so a stray byte in a label or an answer
# shows where it was and the file still opens.
_NOT_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")


def _escape_char(m: re.Match) -> str:
    code = ord(m.group(0))
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def safe_text(value) -> str:
    r"""``str(value)`` with the characters no DOCX, XLSX, HTML, XML or LaTeX file may hold written as visible
    escapes (``"a\x00b"`` → ``"a\\x00b"``); tab, line feed and carriage return are kept.

    >>> safe_text("A\x01B")
    'A\\x01B'
    """
    text = value if isinstance(value, str) else str(value)
    return _NOT_TEXT.sub(_escape_char, text) if _NOT_TEXT.search(text) else text


def excel_safe(value) -> str:
    """The text of one cell, made safe to open in a spreadsheet.

    ``None`` and NaN become an empty cell; numbers are written as they are;
    text that a spreadsheet would run as a formula gets a leading single
    quote, as OWASP recommends, so it is shown, not executed.  Text that
    starts with blanks is judged by its first visible character, since some
    programs trim the blanks first.

    >>> excel_safe("=1+1")
    "'=1+1"
    >>> excel_safe("-2")
    '-2'
    """
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    text = str(value)
    if isinstance(value, (int, float)) or _PURE_NUMBER.match(text.strip()):
        return text
    if text.startswith(FORMULA_STARTS) or text.lstrip(" \n\u3000").startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_bytes(frame) -> bytes:
    """A DataFrame as CSV bytes for a download: UTF-8 with BOM (Excel in a Chinese locale reads it right),
    header and every cell through :func:`excel_safe`."""
    import csv
    import io

    from .distinct import each_distinct

    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow([excel_safe(c) for c in frame.columns])
    columns = [each_distinct(excel_safe, frame.iloc[:, k].tolist()) for k in range(frame.shape[1])]
    writer.writerows(zip(*columns) if columns else ([] for _ in range(len(frame))))
    return buf.getvalue().encode("utf-8-sig")


def xlsx_bytes(tables: dict) -> bytes:
    """Several DataFrames as one workbook, a sheet each (name → frame).

    Numbers stay numbers; text goes through :func:`safe_text` (control characters
    escaped: openpyxl refuses them) and :func:`excel_safe`, and is stored as a
    string cell, so nothing a respondent typed can become a formula.
    """
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, frame in tables.items():
        sheet = book.create_sheet(_sheet_name(name, book.sheetnames))
        rows = [list(frame.columns)] + [list(r) for r in frame.itertuples(index=False, name=None)]
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                cell = sheet.cell(row=r, column=c)
                if isinstance(value, bool) or value is None:
                    cell.value = None if value is None else str(value)
                elif isinstance(value, (int, float)) and not (isinstance(value, float) and math.isnan(value)):
                    cell.value = value
                elif hasattr(value, "item") and not isinstance(value, str):      # numpy scalars
                    v = value.item()
                    cell.value = None if isinstance(v, float) and math.isnan(v) else \
                        safe_text(excel_safe(v)) if isinstance(v, str) else v
                else:
                    text = safe_text(excel_safe(value))
                    cell.value = text if text else None
                    if text:
                        cell.data_type = "s"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def _sheet_name(name, taken) -> str:
    """A sheet name Excel accepts: printable, without []:*?/\\, at most 31 characters, not used yet."""
    text = re.sub(r"[\[\]:*?/\\]", "_", safe_text(name)).strip("'")[:31] or "sheet"
    base, k = text, 2
    while text.lower() in (t.lower() for t in taken):
        suffix = f" ({k})"
        text, k = base[:31 - len(suffix)] + suffix, k + 1
    return text
