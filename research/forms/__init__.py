"""Render a questionnaire for respondents, for data entry and for analysis.

>>> from research.forms import render_questionnaire
>>> html = render_questionnaire("lsq5", "html", lang="zh-Hans")
>>> render_questionnaire("lsq5", "docx", lang="zh-Hant", path="lsq5.docx")

Formats: ``html`` (printable page), ``md`` (Markdown), ``docx`` (Word form
to fill in on paper), ``codebook`` (CSV, one row per variable), ``header``
(CSV data-entry header) and ``lavaan`` (model syntax).  The respondent
formats show no construct names, item ids or reverse flags: they would
bias the answers.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import OptionError
from ..outputs import write_bytes
from ..questionnaire import Questionnaire, load_questionnaire
from ..scales import LANGS
from .codebook import render_codebook, render_header
from .docx import render_docx
from .html import render_html
from .markdown import render_markdown

FORMATS = ("html", "md", "docx", "codebook", "header", "lavaan")
# Formats that print questionnaire text and so need it in the chosen language.
_TEXT_FORMATS = ("html", "md", "docx", "codebook")
# CSVs get a byte-order mark: without it, Excel in a Chinese locale reads
# UTF-8 as GBK and shows mojibake.
_BOM_FORMATS = ("codebook", "header")


def render_questionnaire(questionnaire, fmt: str, lang: str = "zh-Hans", path=None):
    """Render ``questionnaire`` (a Questionnaire, template name, YAML path or
    dict) as ``fmt`` in ``lang``.

    Returns the text (``str``), or ``bytes`` for ``docx``; with ``path``,
    writes the file instead and returns its :class:`~pathlib.Path`.
    """
    _check_format(fmt)
    q = load_questionnaire(questionnaire)
    _check_lang(q, lang, fmt)
    content = _render(q, fmt, lang)
    if path is None:
        return content
    path = Path(path)
    if isinstance(content, str):  # encoded as is: the CSV's \r\n stay as written
        content = content.encode("utf-8-sig" if fmt in _BOM_FORMATS else "utf-8")
    return write_bytes(path, content)  # whole or not at all


def _render(q: Questionnaire, fmt: str, lang: str):
    if fmt == "html":
        return render_html(q, lang)
    if fmt == "md":
        return render_markdown(q, lang)
    if fmt == "docx":
        return render_docx(q, lang)
    if fmt == "codebook":
        return render_codebook(q, lang)
    if fmt == "header":
        return render_header(q)
    return q.lavaan()


def _check_format(fmt) -> None:
    if fmt not in FORMATS:
        choices = ", ".join(FORMATS)
        raise OptionError("option_invalid", option="format", detail=repr(fmt),
                          fix_en=f"Use one of: {choices}.",
                          fix_zh=f"请使用以下格式之一：{choices}。",
                          fix_zh_hant=f"請使用下列格式之一：{choices}。")


def _check_lang(q: Questionnaire, lang, fmt: str) -> None:
    """A language the toolkit knows and, for text formats, one the
    questionnaire is written in (else the page would mix languages)."""
    known = LANGS if fmt not in _TEXT_FORMATS else tuple(x for x in LANGS if x in q.languages)
    if lang not in known:
        choices = ", ".join(known)
        raise OptionError("option_invalid", option="lang", detail=repr(lang),
                          fix_en=f"Use one of the questionnaire's languages: {choices}.",
                          fix_zh=f"请使用问卷已有的语言之一：{choices}。",
                          fix_zh_hant=f"請使用問卷已有的語言之一：{choices}。")


__all__ = ["render_questionnaire", "FORMATS"]
