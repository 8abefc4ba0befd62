"""The one family of errors the toolkit raises for bad input.

Every error names what is wrong, where (file, row, column, value) and how to
fix it, in simplified Chinese, traditional Chinese and English.  Messages live
in :mod:`research.messages`; an error carries the message key and the
parameters, so a front end can show it in the user's language:

>>> err.message("zh-Hans")
"""
from __future__ import annotations

from .messages import LANGUAGES, render_message, where_text


class ResearchError(Exception):
    """Base class: bad input that the user can fix.

    ``key`` names a message in :data:`research.messages.MESSAGES`; ``params``
    fill its placeholders.  ``file``, ``row`` (as the user sees it in Excel),
    ``column`` and ``value`` say where.
    """

    def __init__(self, key: str, *, file=None, row=None, column=None, value=None, **params):
        self.key = key
        self.file = None if file is None else str(file)
        self.row = row
        self.column = column
        self.value = value
        self.params = params
        super().__init__(self.message("zh-Hans") + "\n" + self.message("en"))

    def message(self, lang: str = "en") -> str:
        """The full message (what · where · how to fix) in ``lang``."""
        if lang not in LANGUAGES:
            lang = "en"
        what, fix = render_message(self.key, lang, self.params)
        where = where_text(lang, file=self.file, row=self.row, column=self.column, value=self.value)
        parts = [what]
        if where:
            parts.append(where)
        parts.append(fix)
        return " ".join(parts)

    def to_dict(self) -> dict:
        return {
            "error": type(self).__name__,
            "key": self.key,
            "file": self.file,
            "row": self.row,
            "column": self.column,
            "value": None if self.value is None else str(self.value),
            "message": {lang: self.message(lang) for lang in LANGUAGES},
        }


class FileReadError(ResearchError):
    """The file cannot be read as a survey table (format, encoding, layout)."""


class QuestionnaireError(ResearchError):
    """A questionnaire YAML does not follow the schema."""


class IndexSystemError(ResearchError):
    """An evaluation index-system YAML does not follow its schema (questionnaires/indices/SCHEMA.md)."""


class MappingError(ResearchError):
    """Columns cannot be matched to questionnaire items."""


class DataError(ResearchError):
    """The data are readable but unusable (no respondents, no usable items)."""


class OptionError(ResearchError):
    """An argument or option given by the user is invalid."""


def invalid_option(option: str, detail: str, en: str, zh: str, zh_hant: str, *, column=None) -> OptionError:
    """An :class:`OptionError` for ``option``: ``detail`` says what is wrong in symbols and
    ids only (it is shown in every language); ``en``/``zh``/``zh_hant`` say how to fix it."""
    return OptionError("option_invalid", option=option, detail=detail, fix_en=en, fix_zh=zh, fix_zh_hant=zh_hant,
                       column=column)


def check_lang(lang) -> str:
    """``lang`` if it is one of the toolkit's languages (zh-Hans, zh-Hant, en), else an :class:`OptionError`."""
    if lang not in LANGUAGES:
        raise invalid_option("lang", repr(lang)[:40], "Use zh-Hans, zh-Hant or en.", "请使用 zh-Hans、zh-Hant 或 en。",
                             "請使用 zh-Hans、zh-Hant 或 en。")
    return lang


def result_dict(result, what: str) -> dict:
    """The ``to_dict()`` of a result object, or the dict itself (its block of results.json); ``what`` names the
    result class in the message (e.g. "ProcessResult")."""
    if isinstance(result, dict):
        return result
    if hasattr(result, "to_dict"):
        return result.to_dict()
    raise invalid_option("result", type(result).__name__, f"Give a {what} or its to_dict().",
                         f"请给出 {what} 或其 to_dict()。", f"請提供 {what} 或其 to_dict()。")


def invalid_data(detail: str, en: str, zh: str, zh_hant: str, *, column=None, row=None, value=None) -> DataError:
    """A :class:`DataError` for data that cannot be analysed, with the same conventions."""
    return DataError("data_invalid", detail=detail, fix_en=en, fix_zh=zh, fix_zh_hant=zh_hant, column=column,
                     row=row, value=value)


def infinite_values(values, columns) -> DataError | None:
    """A :class:`DataError` naming the first infinite cell (row counted from 1 in the data, column, value) of a
    rows × columns array, or None when there is none: ±inf is not an answer, so it is reported as a data
    problem before any computation instead of being dropped or reaching a matrix decomposition."""
    import numpy as np

    bad = np.isinf(np.asarray(values, dtype=float))
    if not bad.any():
        return None
    row, col = map(int, np.argwhere(bad)[0])
    count = int(bad.sum())
    return invalid_data(f"{count} × ±inf", "Remove or correct the infinite values (they are not answers); leave a "
                        "cell empty for a missing answer.", "请删除或更正无穷大的数值（它们不是答案）；缺失的答案请留空。",
                        "請刪除或更正無窮大的數值（它們不是答案）；遺漏的答案請留空。", column=str(columns[col]),
                        row=row + 1, value=np.asarray(values, dtype=float)[row, col])


class StoreError(ResearchError):
    """The study store cannot do what was asked (research.store): an unknown wave, a damaged study ZIP."""


class AccessDenied(StoreError):
    """The owner key does not open this study (or the study does not exist: the two are not told apart)."""


class SubmissionRefused(StoreError):
    """A submission the store did not keep; ``reason`` is closed | quota | duplicate | unknown_token | invalid."""

    def __init__(self, reason: str, key: str | None = None, **params):
        self.reason = reason
        super().__init__(key or f"store_refused_{reason}", **params)
