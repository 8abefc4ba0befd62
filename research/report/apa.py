"""APA 7 number formatting (DOMAIN.md §5): what every report table and sentence uses.

* ``num(x, 2)`` — fixed decimals, minus sign "−" (U+2212) as typeset;
* ``unit(x, 3)`` — a statistic that cannot exceed 1 in absolute value
  (p, r, β, α, CR, AVE, loadings, CFI, TLI, RMSEA, SRMR, R²): no leading zero,
  ".78", "−.12";
* ``p(x)`` — "< .001" below .001, else three decimals without the leading
  zero (".042"); ``p_text(x)`` the same for running text ("p < .001",
  "p = .042");
* ``stars(x)`` — * p < .05, ** p < .01, *** p < .001, and ``STARS_NOTE`` in
  each language;
* ``display(frame, lang)`` — a table of :mod:`research.tables` as the strings
  people read, by the formats it carries (``frame.attrs["formats"]``), each
  cell through ``cell(x, fmt)``: the one formatting of the app's and the
  CLI's tables.
"""
from __future__ import annotations

import math

MINUS = "\u2212"
STARS_NOTE = {"en": "* p < .05. ** p < .01. *** p < .001.",
              "zh-Hans": "* p < .05，** p < .01，*** p < .001。",
              "zh-Hant": "* p < .05，** p < .01，*** p < .001。"}


def _missing(x) -> bool:
    """Missing, or not a number at all: a results.json read back may hold text or an object where a number
    belongs, and a formatter shows "—" for it rather than fail."""
    if x is None or isinstance(x, (bool, str, bytes)):
        return True
    try:
        return not math.isfinite(float(x))
    except (TypeError, ValueError, OverflowError):
        return True


def num(x, digits: int = 2) -> str:
    """Fixed decimals with a typographic minus; "—" for a missing value (None, NaN, ±inf, or not a number)."""
    if _missing(x):
        return "—"
    text = f"{float(x):.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def unit(x, digits: int = 3) -> str:
    """A value bounded by ±1, without the leading zero (APA 7, 6.36)."""
    text = num(x, digits)
    if text == "—":
        return text
    return text.replace("0.", ".", 1) if text.startswith(("0.", MINUS + "0.")) else text


def p(x) -> str:
    """A p-value for a table cell: "< .001" or ".042"."""
    if _missing(x):
        return "—"
    return "< .001" if x < 0.001 else unit(x, 3)


def p_text(x) -> str:
    """A p-value in running text: "p < .001" or "p = .042"."""
    cell = p(x)
    return f"p {cell}" if cell.startswith("<") else f"p = {cell}"


def stars(x) -> str:
    if _missing(x):
        return ""
    return "***" if x < .001 else "**" if x < .01 else "*" if x < .05 else ""


# ----------------------------------------------------------------------------------------------
# display tables: the one formatting of research.tables' frames for the app, the CLI and the reports
# ----------------------------------------------------------------------------------------------
DASH = "—"
_YES_NO = {True: {"zh-Hans": "是", "zh-Hant": "是", "en": "yes"}, False: {"zh-Hans": "否", "zh-Hant": "否", "en": "no"}}


def cell(x, fmt=None, *, lang: str = "en", missing: str = DASH) -> str:
    """One value as a table shows it, by its format: ``"p"`` (APA p), ``"unit3"``/``"unit2"`` (bounded by ±1,
    no leading zero), ``"3"``/``"2"``/``"1"``/``"0"`` decimals, ``"int"`` (a count or df: "308"), ``"text"``;
    no format: a whole number as such, else 3 decimals.  Text stays as it is; a missing value (None, NaN,
    ±inf) is ``missing``; true/false is yes/no in ``lang``."""
    if isinstance(x, str):
        return x
    if isinstance(x, bool) or type(x).__name__ == "bool_":
        return _YES_NO[bool(x)].get(lang, _YES_NO[bool(x)]["en"])
    try:
        value = float(x)
    except (TypeError, ValueError, OverflowError):
        if x is None or type(x).__name__ in ("NAType", "NaTType"):
            return missing
        return str(x)                                  # not a number at all: its text
    if not math.isfinite(value):
        return missing
    if fmt == "p":
        return p(value)
    if fmt == "int":
        return num(value, 0)
    if fmt == "text":
        return str(x)
    if isinstance(fmt, str) and fmt.startswith("unit"):
        return unit(value, int(fmt[4:] or 3))
    if isinstance(fmt, str) and fmt.isdigit():
        return num(value, int(fmt))
    return num(value, 0) if value.is_integer() else num(value, 3)


def display(frame, lang: str = "en"):
    """A table of :mod:`research.tables` as strings people read, formatted by ``frame.attrs["formats"]`` (column
    → format as :func:`cell` takes it, or per row: a dict row label → format, or a list by position); a
    missing value is "—", in the columns of ``frame.attrs["blank"]`` (a matrix's empty triangle) "".  A
    column without a format is shown
    as :func:`cell` does (whole numbers as such, others with 3 decimals) — every column, numeric or not, so
    no cell reads "None", "nan" or "308.0000".  The frame itself keeps its full-precision numbers (downloads);
    the result has the same columns and index, and ``attrs["note"]`` when the table has one."""
    import pandas as pd

    formats = frame.attrs.get("formats") or {}
    blank = set(frame.attrs.get("blank") or ())
    columns = {}
    for j, col in enumerate(frame.columns):
        fmt = formats.get(col)
        values = list(frame.iloc[:, j])
        if isinstance(fmt, dict):                      # per row, by the row's label
            per_row = [fmt.get(label) for label in frame.index]
        elif isinstance(fmt, (list, tuple)):           # per row, by position
            per_row = [*fmt, *[None] * (len(values) - len(fmt))][:len(values)]
        else:
            per_row = [fmt] * len(values)
        if fmt is None:                                # unformatted: whole numbers stay whole in the whole column
            numbers = [float(v) for v in values if not isinstance(v, (str, bool)) and not _missing(v)]
            if numbers and not all(v.is_integer() for v in numbers):
                per_row = ["3"] * len(values)
        missing = "" if col in blank else DASH
        columns[j] = [cell(v, f, lang=lang, missing=missing) for v, f in zip(values, per_row)]
    out = pd.DataFrame(columns, index=frame.index, dtype=object)
    out.columns = frame.columns
    if frame.attrs.get("note"):
        out.attrs["note"] = frame.attrs["note"]
    return out
