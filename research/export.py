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

    Numbers stay numbers; text goes through :func:`excel_safe` and is stored as a
    string cell, so nothing a respondent typed can become a formula.
    """
    import io

    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for name, frame in tables.items():
        sheet = book.create_sheet(excel_safe(str(name)).lstrip("'")[:31] or "sheet")
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
                    cell.value = None if isinstance(v, float) and math.isnan(v) else v
                else:
                    text = excel_safe(value)
                    cell.value = text if text else None
                    if text:
                        cell.data_type = "s"
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()
