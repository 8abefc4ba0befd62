"""``load_responses``: from an exported file to tidy, recoded responses.

read (files.py) → recognise the platform and header (platforms.py) → match
columns to questions (mapping.py) → read every answer (scales.py) → recode
reverse-keyed items → :class:`research.responses.Responses`.

Answers that are not on the scale never stop the import: they become
missing and are listed in ``Responses.problems`` with row, column and value.
"""
from __future__ import annotations

import datetime as dt
import re
import unicodedata
import warnings

import numpy as np
import pandas as pd

from ..errors import DataError, FileReadError
from ..messages import render_message
from ..questionnaire import Segment, load_questionnaire
from ..responses import PROBLEM_COLUMNS, Responses, Source
from ..scales import label_lookup, normalise, parse_answer
from .files import read_table
from .mapping import match_columns
from .platforms import _cell_text, read_layout

_DURATION = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*(?:小时|小時|时|時|h|hours?))?\s*"
                       r"(?:(\d+(?:\.\d+)?)\s*(?:分钟|分鐘|分|m|min|minutes?))?\s*"
                       r"(?:(\d+(?:\.\d+)?)\s*(?:秒钟|秒鐘|秒|s|sec|seconds?))?\s*$", re.I)
_CLOCK = re.compile(r"^\s*(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?\s*$")
# "25岁", "1,200元", "3 times": a number and nothing but a known unit ("20-25" is no number)
_NUMBER_WITH_UNIT = re.compile(r"^\s*(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*"
                               r"(?:岁|歲|周岁|週歲|元|块|塊|次|分|个|個|人|years?|yrs?|times?)?\s*$", re.I)
_MULTI_SPLIT = re.compile(r"[┋|;；,，、]")


def load_responses(source, questionnaire, mapping=None, *, name: str | None = None, sheet=None) -> Responses:
    """Read a survey export and return recoded responses.

    Parameters
    ----------
    source : path, bytes or binary file object
        CSV (encoding detected), XLSX, XLS or SPSS .sav; 问卷星, Qualtrics,
        SurveyMonkey and Google Forms layouts are recognised.
    questionnaire : name of a built-in template, YAML path, dict or Questionnaire
    mapping : dict or YAML path, optional
        ``{column header: question id}`` overriding the automatic match; an
        id of ``None`` ignores a column; ``respondent``, ``submitted``,
        ``duration`` and ``ip`` name metadata columns.
    name : display name of the file when ``source`` is bytes.
    sheet : sheet name or index for workbooks (default: the first).
    """
    q = load_questionnaire(questionnaire)
    table = read_table(source, name=name, sheet=sheet)
    layout = read_layout(table)
    file = table.file
    header = table.rows[: layout.header_rows]
    if not any(_cell_text(c) for row in header for c in row):
        raise FileReadError("file_no_header", file=file, row=1)
    header_width = max(len(r) for r in header)
    body = []
    for offset, row in enumerate(table.rows[layout.header_rows:]):
        # SPSS shows case numbers (no header row in its data view); spreadsheets show the row
        excel_row = offset + 1 if table.format == "sav" else layout.header_rows + offset + 1
        if not any(_cell_text(c) for c in row):
            continue
        if table.format == "csv" and len(row) > header_width:
            raise FileReadError("file_ragged_row", file=file, row=excel_row, found=len(row), expected=header_width)
        body.append((excel_row, row))
    if not body:
        raise FileReadError("file_no_rows", file=file)

    report = match_columns(list(layout.columns), q, mapping, file)
    if not any(m.item in set(q.item_ids) for m in report.matches):
        raise DataError("no_items_mapped", file=file, questionnaire=q.id)

    def column_values(index: int) -> list:
        return [row[index] if index < len(row) else None for _, row in body]

    rows = [r for r, _ in body]
    problems: list[dict] = []
    notes: list[str] = []
    by_item = {m.item: layout.columns[k] for k, m in enumerate(report.matches) if m.item}
    by_role = {m.role: layout.columns[k] for k, m in enumerate(report.matches) if m.how == "metadata" and m.role}

    answers, checks, segments = {}, {}, {}
    for item in q.items:
        if item.id in by_item:
            col = by_item[item.id]
            answers[item.id] = _read_scale(column_values(col.index), item.scale, rows, col.name, item.id, problems)
    for chk in q.attention_checks:
        if chk.id in by_item:
            col = by_item[chk.id]
            checks[chk.id] = _read_scale(column_values(col.index), chk.scale, rows, col.name, chk.id, problems)
    for seg in q.segments:
        if seg.id in by_item:
            col = by_item[seg.id]
            segments[seg.id] = _read_segment(column_values(col.index), seg, rows, col.name, problems)

    index = pd.RangeIndex(len(body))
    answers_df = pd.DataFrame(answers, index=index, columns=[i for i in q.item_ids if i in answers], dtype=float)
    items_df = answers_df.copy()
    for item in q.items:
        if item.reverse and item.id in items_df:
            items_df[item.id] = item.scale.points + 1 - items_df[item.id]
    for qid, values in {**answers, **checks}.items():
        if np.isnan(values).all():
            notes.append(f"Column for {qid} has no usable answers / {qid} 对应的列没有有效答案")

    meta = pd.DataFrame({"row": rows}, index=index)
    meta["respondent"] = [_text_or_none(v) for v in column_values(by_role["respondent"].index)] \
        if "respondent" in by_role else None
    meta["submitted"] = _read_times(column_values(by_role["submitted"].index)) if "submitted" in by_role \
        else pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")
    if "duration" in by_role:
        meta["duration"] = [_read_duration(v) for v in column_values(by_role["duration"].index)]
    elif "started" in by_role and "submitted" in by_role:
        started = _read_times(column_values(by_role["started"].index))
        meta["duration"] = (meta["submitted"] - started).dt.total_seconds()
    else:
        meta["duration"] = np.nan
    meta["ip"] = [_read_ip(v) for v in column_values(by_role["ip"].index)] if "ip" in by_role else None

    width = len(layout.columns)
    raw = pd.DataFrame([list(row) + [None] * (width - len(row)) for _, row in body],
                       columns=[c.name for c in layout.columns], index=index, dtype=object)

    source_info = Source(file=file, sha256=table.sha256, format=table.format, encoding=table.encoding,
                         platform=layout.platform, header_rows=layout.header_rows, sheet=table.sheet)
    return Responses(
        questionnaire=q, source=source_info, mapping=report, items=items_df, answers=answers_df,
        segments=pd.DataFrame(segments, index=index, columns=[s.id for s in q.segments if s.id in segments]),
        checks=pd.DataFrame(checks, index=index, columns=[c.id for c in q.attention_checks if c.id in checks],
                            dtype=float),
        meta=meta, problems=_problem_frame(problems, [c.name for c in layout.columns]),
        raw=raw, notes=tuple(notes),
    )


def load_table(source, *, name: str | None = None, sheet=None) -> tuple[pd.DataFrame, str]:
    """A plain table with one header row, cells as numbers where they are numbers.

    For data that are not answers to a questionnaire (e.g. a lavaan example
    dataset): no Likert recoding, no range checks.  Returns the frame and the
    file's sha256.
    """
    table = read_table(source, name=name, sheet=sheet)
    header = [_cell_text(c) for c in table.rows[0]]
    if not any(header):
        raise FileReadError("file_no_header", file=table.file, row=1)
    width = max(len(r) for r in table.rows)
    names = [h or f"V{k + 1}" for k, h in enumerate(header + [""] * (width - len(header)))]
    body = [list(r) + [None] * (width - len(r)) for r in table.rows[1:] if any(_cell_text(c) for c in r)]
    if not body:
        raise FileReadError("file_no_rows", file=table.file)
    frame = pd.DataFrame(body, columns=names, dtype=object)
    numeric = frame.apply(lambda col: pd.to_numeric(col.map(lambda v: None if v is None or _cell_text(v) in
                                                               ("", "NA", "NaN", "nan") else v),
                                                     errors="coerce"))
    keep_text = [c for c in frame.columns if numeric[c].isna().all() and frame[c].notna().any()]
    for c in keep_text:
        numeric[c] = frame[c]
    return numeric, table.sha256


def _problem_frame(problems: list[dict], column_order: list[str]) -> pd.DataFrame:
    """Problems in reading order: by row, then by column position in the file."""
    frame = pd.DataFrame(problems, columns=PROBLEM_COLUMNS + ["message", "message_zh"])
    position = {name: k for k, name in enumerate(column_order)}
    order = sorted(range(len(frame)), key=lambda k: (frame["row"].iat[k], position.get(frame["column"].iat[k], 0)))
    return frame.iloc[order].reset_index(drop=True)


def _problem(problems, row, column, qid, value, kind, key, scale_text):
    problems.append({
        "row": row, "column": column, "item": qid, "value": _text_or_none(value), "kind": kind,
        "message": " ".join(render_message(key, "en", {"scale": scale_text["en"]})),
        "message_zh": " ".join(render_message(key, "zh-Hans", {"scale": scale_text["zh-Hans"]})),
    })


def _read_scale(values, scale, rows, column, qid, problems) -> np.ndarray:
    """Codes 1…points from numbers or label texts; anything else → NaN + a problem."""
    lookup = label_lookup(scale.points, scale.labels.values())
    scale_text = {lang: scale.describe(lang) for lang in ("en", "zh-Hans")}
    out = np.full(len(values), np.nan)
    cache: dict = {}
    for k, raw in enumerate(values):
        # keyed by type too: True == 1 in Python, but True is not the answer 1
        key = (type(raw), raw if isinstance(raw, (str, int, float)) or raw is None else str(raw))
        if key not in cache:
            value, status = parse_answer(raw, lookup)
            if status == "ok" and (not value.is_integer() or not 1 <= value <= scale.points):
                status = "out_of_range"
            cache[key] = (value, status)
        value, status = cache[key]
        if status == "ok":
            out[k] = value
        elif status != "missing":
            msg = "value_out_of_range" if status == "out_of_range" else "value_unrecognised"
            _problem(problems, rows[k], column, qid, raw, status, msg, scale_text)
    return out


def _option_lookup(seg: Segment) -> dict[str, int]:
    table = {}
    for opt in seg.options:
        table[str(opt.code)] = opt.code
        for label in opt.label.values():
            table[normalise(label)] = opt.code
    return table


def _read_segment(values, seg: Segment, rows, column, problems) -> list:
    if seg.type == "text":
        return [_text_or_none(v) for v in values]
    if seg.type == "number":
        out = []
        for k, v in enumerate(values):
            value, status = parse_answer(v, {})
            if status == "unrecognised":
                m = _NUMBER_WITH_UNIT.match(unicodedata.normalize("NFKC", str(v)))
                value, status = (float(m.group(1).replace(",", "")), "ok") if m else (None, "unrecognised")
            if status == "unrecognised":
                _problem(problems, rows[k], column, seg.id, v, "unrecognised", "value_unrecognised",
                         {"en": "a number", "zh-Hans": "数字"})
            out.append(value)
        return out
    lookup = _option_lookup(seg)
    codes = {o.code for o in seg.options}
    scale_text = {lang: "; ".join(f"{o.code}={o.text(lang)}" for o in seg.options) for lang in ("en", "zh-Hans")}

    def one(part):
        value, status = parse_answer(part, lookup)
        if status == "ok" and value not in codes:
            return None, "out_of_range"
        return (None if value is None else int(value)), status

    out = []
    for k, v in enumerate(values):
        parts = [v] if seg.type == "single" or not isinstance(v, str) else \
            [p for p in _MULTI_SPLIT.split(v) if p.strip()]
        got, bad = [], None
        for part in parts:
            value, status = one(part)
            if status == "ok":
                got.append(value)
            elif status != "missing":
                bad = status
        if bad:
            msg = "value_out_of_range" if bad == "out_of_range" else "value_unrecognised"
            _problem(problems, rows[k], column, seg.id, v, bad, msg, scale_text)
        if seg.type == "single":
            out.append(got[0] if got else None)
        else:
            out.append(";".join(str(g) for g in sorted(set(got))) if got else None)
    if seg.type == "single":
        return pd.array(out, dtype="Int64")
    return out


def _text_or_none(value):
    text = _cell_text(value)
    return text or None


def _read_duration(value) -> float:
    """Seconds from 123, "123秒", "2分3秒", "1时2分3秒", "00:02:03"."""
    if value is None:
        return np.nan
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value) if value == value and value >= 0 else np.nan
    if isinstance(value, dt.time):
        return value.hour * 3600 + value.minute * 60 + value.second
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    text = unicodedata.normalize("NFKC", str(value)).strip()
    if not text:
        return np.nan
    try:
        number = float(text)
        return number if number >= 0 and number != float("inf") else np.nan
    except ValueError:
        pass
    m = _CLOCK.match(text)
    if m:
        h_or_m, m_or_s, s = m.groups()
        if s is None:
            return int(h_or_m) * 60 + int(m_or_s)
        return int(h_or_m) * 3600 + int(m_or_s) * 60 + float(s)
    m = _DURATION.match(text)
    if m and any(m.groups()):
        h, mi, s = (float(x) if x else 0.0 for x in m.groups())
        return h * 3600 + mi * 60 + s
    return np.nan


# Formats seen in exports (问卷星, Qualtrics, SurveyMonkey, Google Forms), tried
# column-wise first because parsing value by value is slow for big files.
_EARLIEST, _LATEST = pd.Timestamp("1900-01-01"), pd.Timestamp("2200-01-01")  # anything else is a typo
_TIME_FORMATS = ("%Y/%m/%d %H:%M:%S", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M", "%Y-%m-%d %H:%M",
                 "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M", "%Y-%m-%dT%H:%M:%S")


def _read_times(values) -> pd.Series:
    out = pd.Series(pd.NaT, index=pd.RangeIndex(len(values)), dtype="datetime64[ns]")
    texts = {}
    for k, v in enumerate(values):
        if isinstance(v, str) and v.strip():
            texts[k] = v.strip()
        elif v is not None and not isinstance(v, str):
            out.iat[k] = _read_time(v)
    remaining = pd.Series(texts, dtype=object)
    for fmt in _TIME_FORMATS:
        if remaining.empty:
            break
        parsed = pd.to_datetime(remaining, format=fmt, errors="coerce")
        ok = parsed.notna()
        plausible = ok & (parsed >= _EARLIEST) & (parsed <= _LATEST)
        out.loc[parsed.index[plausible]] = parsed[plausible].astype("datetime64[ns]")
        remaining = remaining[~ok]
    cache: dict = {}
    for k, text in remaining.items():
        if text not in cache:
            cache[text] = _read_time(text)
        out.iat[k] = cache[text]
    return out


def _read_time(value):
    """A timestamp (naive, as written) or NaT; never raises on odd text."""
    if value is None or isinstance(value, (int, float)):
        return pd.NaT
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            stamp = pd.Timestamp(value) if isinstance(value, (dt.datetime, dt.date)) else \
                pd.to_datetime(str(value).strip(), errors="coerce")
    except (ValueError, TypeError, OverflowError, pd.errors.OutOfBoundsDatetime):
        return pd.NaT
    if stamp is pd.NaT or stamp is None:
        return pd.NaT
    if stamp.tzinfo is not None:
        stamp = stamp.tz_localize(None)
    if not _EARLIEST <= stamp <= _LATEST:
        return pd.NaT
    return stamp


def _read_ip(value):
    text = _cell_text(value)
    if not text:
        return None
    return text.split("(")[0].split("（")[0].strip() or None
