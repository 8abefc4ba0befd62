"""APA 7 number formatting (DOMAIN.md §5): what every report table and sentence uses.

* ``num(x, 2)`` — fixed decimals, minus sign "−" (U+2212) as typeset;
* ``unit(x, 3)`` — a statistic that cannot exceed 1 in absolute value
  (p, r, β, α, CR, AVE, loadings, CFI, TLI, RMSEA, SRMR, R²): no leading zero,
  ".78", "−.12";
* ``p(x)`` — "< .001" below .001, else three decimals without the leading
  zero (".042"); ``p_text(x)`` the same for running text ("p < .001",
  "p = .042");
* ``stars(x)`` — * p < .05, ** p < .01, *** p < .001, and ``STARS_NOTE`` in
  each language.
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
