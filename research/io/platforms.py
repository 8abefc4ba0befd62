"""Recognise which survey platform wrote an export, and read its header.

Layouts (DOMAIN.md §4):

* 问卷星 (wjx): one header row; metadata 序号, 提交答卷时间, 所用时间, 来源,
  来源详情, 来自IP; questions ``5、物流费用合理`` (also ``5:``/``5：``/``5.``),
  matrix sub-questions ``第12题(子题)`` or ``12(子题)``.
* Qualtrics: three header rows — names, question text, ``{"ImportId": …}``
  (some exports have only the first two).  Legacy Qualtrics exports (before
  2016) have two header rows too, but row 1 holds only ``V1, V2, …`` over the
  metadata and ``Q1, Q2_1, …`` over the questions, while row 2 holds the
  metadata names (``ResponseID, ResponseSet, Name, …, IPAddress, StartDate,
  EndDate``) and the question texts; metadata are then recognised by row 2.
  Qualtrics numbers ``Q<n>`` in the order questions were *created*, not
  printed: :attr:`Column.number_from` tells the matcher where a number came
  from, and a ``Q<n>`` name of a Qualtrics export is never taken for the
  printed question number.
* SurveyMonkey: two header rows — question stems (blank over a matrix's
  later columns) and sub-labels (``Response`` for single questions).
* Google Forms: one header row starting with ``Timestamp`` (localised
  ``时间戳记``/``時間戳記``); grid items as ``Stem [row label]``.

Anything else is read as a generic table with one header row.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .files import Table

WJX_META = {"序号": "respondent", "提交答卷时间": "submitted", "所用时间": "duration", "来源": None,
            "来源详情": None, "来自ip": "ip", "总分": None, "答题序号": None, "开始答题时间": None,
            "ip地址": "ip", "答卷编号": None}
QUALTRICS_META = {"startdate": None, "enddate": None, "status": None, "ipaddress": "ip", "progress": None,
                  "duration (in seconds)": "duration", "finished": None, "recordeddate": "submitted",
                  "responseid": "respondent", "recipientlastname": None, "recipientfirstname": None,
                  "recipientemail": None, "externalreference": None, "externaldatareference": None,
                  "locationlatitude": None, "locationlongitude": None, "distributionchannel": None,
                  "userlanguage": None, "q_recaptchascore": None, "q_relevantidduplicate": None}
SURVEYMONKEY_META = {"respondent id": "respondent", "collector id": None, "start date": "started",
                     "end date": "submitted", "ip address": "ip", "email address": None, "first name": None,
                     "last name": None, "custom data 1": None, "custom data": None}
GOOGLE_META = {"timestamp": "submitted", "时间戳记": "submitted", "時間戳記": "submitted", "email address": None,
               "电子邮件地址": None, "電子郵件地址": None, "score": None}
GENERIC_META = {"respondent": "respondent", "respondent_id": "respondent", "id": "respondent",
                "responseid": "respondent", "序号": "respondent", "duration": "duration",
                "duration_s": "duration", "duration (in seconds)": "duration", "所用时间": "duration",
                "submitted": "submitted", "timestamp": "submitted", "提交答卷时间": "submitted", "ip": "ip",
                "来自ip": "ip", "ipaddress": "ip", "ip address": "ip"}

_NUMBERED = re.compile(r"^\s*(?:Q\s*)?(\d{1,4})\s*[、.:：．]\s*(.*)$", re.S | re.I)
_MATRIX = re.compile(r"^\s*(?:第\s*(\d{1,4})\s*题|(\d{1,4}))\s*[(（](.*)[)）]\s*$", re.S)
_QNAME = re.compile(r"^\s*Q(\d{1,4})(?:_(\d{1,3}))?\s*$", re.I)
_BRACKET = re.compile(r"^(.*)\[([^\[\]]+)\]\s*$", re.S)


_VNAME = re.compile(r"^v\d{1,4}$")
LEGACY_QUALTRICS_META = {"responseid": "respondent", "responseset": None, "name": None,
                         "externaldatareference": None, "emailaddress": None, "ipaddress": "ip", "status": None,
                         "startdate": "started", "enddate": "submitted", "finished": None,
                         "locationlatitude": None, "locationlongitude": None, "locationaccuracy": None}


@dataclass(frozen=True)
class Column:
    index: int
    name: str                 # unique header name as shown to the user
    header: str = ""          # the header cell as written (may repeat, may be empty)
    label: str = ""           # question text from a second header row or SPSS label
    number: int | None = None  # question number parsed from the header
    matrix: bool = False      # a sub-question of a matrix (its number is the matrix's)
    texts: tuple[str, ...] = ()  # question texts to compare with the questionnaire
    meta: str | None = None   # respondent | submitted | duration | ip | started | other
    number_from: str = ""     # "printed" (5、…, 第5题(…)) or "name" (Q5, Q5_1), "" without a number


@dataclass(frozen=True)
class Layout:
    platform: str
    header_rows: int
    columns: tuple[Column, ...]
    offset: int = 0           # rows above the header that were skipped (see files.Table.offset)


# The platforms by the names their users know (the code stays in the data, e.g. Source.platform == "wjx").
PLATFORM_NAMES = {
    "wjx": {"zh-Hans": "问卷星", "zh-Hant": "問卷星", "en": "Wenjuanxing (问卷星)"},
    "qualtrics": {"zh-Hans": "Qualtrics", "zh-Hant": "Qualtrics", "en": "Qualtrics"},
    "surveymonkey": {"zh-Hans": "SurveyMonkey", "zh-Hant": "SurveyMonkey", "en": "SurveyMonkey"},
    "googleforms": {"zh-Hans": "Google 表单", "zh-Hant": "Google 表單", "en": "Google Forms"},
    "spss": {"zh-Hans": "SPSS 数据文件", "zh-Hant": "SPSS 資料檔", "en": "SPSS data file"},
    "generic": {"zh-Hans": "普通表格（未识别出问卷平台）", "zh-Hant": "一般表格（未辨識出問卷平台）",
                "en": "plain table (no survey platform recognised)"},
}


def platform_name(code: str, lang: str) -> str:
    """A platform code (``"wjx"``) as the reader calls it ("问卷星"); an unknown code is shown as it is."""
    names = PLATFORM_NAMES.get(code)
    return names.get(lang, names["en"]) if names else str(code)


def excel_column(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    name = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        name = chr(65 + rem) + name
    return name


def _cell_text(cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, (dt.datetime, dt.date)):
        return cell.isoformat(sep=" ") if isinstance(cell, dt.datetime) else cell.isoformat()
    return str(cell).strip()


def _key(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().casefold())


def detect_platform(table: Table) -> tuple[str, int]:
    rows = table.rows
    first = [_key(_cell_text(c)) for c in rows[0]]
    names = set(first)
    if table.format == "sav":
        labels = {_key(v) for v in table.labels.values()}
        return ("wjx" if len(labels & WJX_META.keys()) >= 3 else "spss"), 1
    if _legacy_qualtrics(table):
        return "qualtrics", 2
    if {"startdate", "responseid"} <= names or {"startdate", "enddate", "status"} <= names:
        third = [_cell_text(c) for c in rows[2]] if len(rows) > 2 else []
        header_rows = 3 if any('"importid"' in c.casefold().replace(" ", "") for c in third) else 2
        return "qualtrics", header_rows
    if {"respondent id", "collector id"} <= names:
        return "surveymonkey", 2
    if len(names & WJX_META.keys()) >= 3:
        return "wjx", 1
    if first and first[0] in ("timestamp", "时间戳记", "時間戳記"):
        return "googleforms", 1
    return "generic", 1


def _legacy_qualtrics(table: Table) -> bool:
    """Row 1 ``V1, V2, …``, row 2 ``ResponseID, ResponseSet, …`` (Qualtrics before 2016)."""
    if table.format == "sav" or len(table.rows) < 2:
        return False
    first = [_key(_cell_text(c)) for c in table.rows[0]]
    second = {_key(_cell_text(c)) for c in table.rows[1]}
    return (sum(bool(_VNAME.match(k)) for k in first) >= 3 and "responseid" in second
            and bool(second & {"responseset", "startdate", "ipaddress"}))


def read_layout(table: Table) -> Layout:
    platform, header_rows = detect_platform(table)
    legacy = platform == "qualtrics" and _legacy_qualtrics(table)
    rows = table.rows
    width = max(len(r) for r in rows[:header_rows]) if rows else 0
    width = max(width, max((len(r) for r in rows), default=0))
    head_rows = rows[:header_rows] + [[]] * max(0, header_rows - len(rows))
    head = [[_cell_text(r[i]) if i < len(r) else "" for i in range(width)] for r in head_rows]
    meta_table = {"wjx": WJX_META, "qualtrics": QUALTRICS_META, "surveymonkey": SURVEYMONKEY_META,
                  "googleforms": GOOGLE_META}.get(platform, GENERIC_META)

    columns, seen = [], {}
    stem = ""
    for i in range(width):
        name = head[0][i]
        label = ""
        if platform == "qualtrics" and header_rows >= 2:
            label = head[1][i]
        elif platform == "surveymonkey":
            stem = name or stem
            sub = head[1][i]
            label = stem if sub.casefold() in ("", "response", "open-ended response") else f"{stem} - {sub}"
        elif table.format == "sav":
            label = table.labels.get(name, "")
        display = name or (label if platform == "surveymonkey" else "") or f"({excel_column(i)})"
        if display in seen:  # a repeated header: "Q", "Q [2]", …, never a name already taken ("Q [2]" as written)
            base = display
            while display in seen:
                seen[base] += 1
                display = f"{base} [{seen[base]}]"
        seen[display] = 1
        key = _key(name)
        meta_key = _key(label) if table.format == "sav" and label else key
        meta = None
        if legacy:
            legacy_key = _key(label) if _VNAME.match(key) else key
            if legacy_key in LEGACY_QUALTRICS_META:
                meta = LEGACY_QUALTRICS_META[legacy_key] or "other"
        elif meta_key in meta_table or key in meta_table:
            meta = meta_table.get(meta_key, meta_table.get(key)) or "other"
        number, matrix, texts, number_from = _parse_question(name, label, platform)
        columns.append(Column(i, display, name, label, number, matrix, texts, meta, number_from))
    return Layout(platform, header_rows, tuple(columns), table.offset)


def _parse_question(name: str, label: str, platform: str) -> tuple[int | None, bool, tuple[str, ...], str]:
    """Question number, matrix flag, candidate texts and where the number came from."""
    texts: list[str] = []
    number, matrix, number_from = None, False, ""
    for source in (name, label):
        if not source:
            continue
        m = _MATRIX.match(source)
        if m:
            if number is None:
                number, number_from = int(m.group(1) or m.group(2)), "printed"
            matrix = True
            texts.append(m.group(3))
            continue
        m = _NUMBERED.match(source)
        if m and m.group(2).strip():
            if number is None:
                number, number_from = int(m.group(1)), "printed"
            source = m.group(2)
        m = _QNAME.match(source)
        if m:
            if number is None:
                number, number_from = int(m.group(1)), "name"
            matrix = matrix or m.group(2) is not None
            continue
        texts.append(source)
        m = _BRACKET.match(source)  # Google Forms grid: "Stem [row]"
        if m:
            texts.append(m.group(2))
        if " - " in source:  # Qualtrics / SurveyMonkey matrix: "Stem - row"
            texts.append(source.rsplit(" - ", 1)[1])
    return number, matrix, tuple(t.strip() for t in texts if t.strip()), number_from
