"""``load_responses``: from an exported file to tidy, recoded responses.

read (files.py) → recognise the platform and header (platforms.py) → match
columns to questions (mapping.py) → read every answer (scales.py) → recode
reverse-keyed items → :class:`research.responses.Responses`.

Stated-importance questions (questionnaire key ``importance``) are matched
and read exactly as items are — by id, question number or text, in every
layout, off-scale answers listed in ``problems`` — into
``Responses.importance``; they are never reverse-keyed.

Answers that are not on the scale never stop the import: they become
missing and are listed in ``Responses.problems`` with row, column and value.

Row numbers are those Excel shows: rows skipped above the header
(``Table.offset``) and the header rows are counted; for SPSS .sav files the
row is the case number (SPSS's data view has no header row).

SPSS value labels decide what a code means: each code is translated to its
label and the label is read as a text answer, so a .sav coding 1 = 女,
2 = 男 gets the questionnaire's 男 = 1, 女 = 2, and a Likert item labelled
1 = 非常同意 is read as 5.  When a code's label is not recognised (or a code
has no label) the safer choice depends on the rest of the column:

* if no recognised label of the column contradicts its numeric code, the
  file codes answers as the questionnaire does, and the numeric code is
  kept — setting it to missing would throw away good data — with a
  ``label_conflict`` problem so the user can check the direction;
* if some recognised label *does* contradict its code (a reversed or
  permuted coding), the numeric code of an unrecognised or unlabelled value
  cannot be trusted: it becomes missing, with a ``label_conflict`` problem.

Multi-select answers are matched to whole option labels first, longest
first, so a label holding ``、`` or ``,`` stays whole; only what lies between
recognised labels is split, on 问卷星's ``┋``, on ``,`` (Google Forms joins
with ``, ``) and on ``;`` (our own template).
"""
from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
import warnings

import numpy as np
import pandas as pd

from ..distinct import each_distinct
from ..errors import DataError, FileReadError, ResearchError
from ..messages import Note, render_message
from ..questionnaire import Segment, load_questionnaire
from ..responses import PROBLEM_COLUMNS, Responses, Source
from ..scales import label_lookup, normalise, parse_answer
from .files import read_table
from .mapping import match_columns
from .platforms import _cell_text, excel_column, read_layout

_DURATION = re.compile(r"^\s*(?:(\d+(?:\.\d+)?)\s*(?:小时|小時|时|時|h|hours?))?\s*"
                       r"(?:(\d+(?:\.\d+)?)\s*(?:分钟|分鐘|分|m|min|minutes?))?\s*"
                       r"(?:(\d+(?:\.\d+)?)\s*(?:秒钟|秒鐘|秒|s|sec|seconds?))?\s*$", re.I)
_CLOCK = re.compile(r"^\s*(\d+):(\d{1,2})(?::(\d{1,2}(?:\.\d+)?))?\s*$")
# "25岁", "1,200元", "3 times": a number and nothing but a known unit ("20-25" is no number)
_NUMBER_WITH_UNIT = re.compile(r"^\s*(-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)\s*"
                               r"(?:岁|歲|周岁|週歲|元|块|塊|次|分|个|個|人|years?|yrs?|times?)?\s*$", re.I)
_MULTI_SEPARATORS = frozenset("┋,;")  # after NFKC: "，" is "," and "；" is ";"
BLOCK_ROWS = 10_000


def load_responses(source, questionnaire=None, mapping=None, *, name: str | None = None, sheet=None,
                   block_rows: int = BLOCK_ROWS) -> Responses:
    """Read a survey export and return recoded responses.

    Parameters
    ----------
    source : path, bytes, binary file object or ``store.source(study_id, key, waves)``
        CSV (encoding detected), XLSX, XLS or SPSS .sav; 问卷星, Qualtrics,
        SurveyMonkey and Google Forms layouts are recognised.  A study
        store's source gives its responses (exclusions left out, corrections
        applied) read exactly as a file in the toolkit's own layout.
    questionnaire : name of a built-in template, YAML path, dict or Questionnaire
        (optional for a store source: the waves' questionnaire by default)
    mapping : dict or YAML path, optional
        ``{column header: question id}`` overriding the automatic match; an
        id of ``None`` ignores a column; ``respondent``, ``submitted``,
        ``duration`` and ``ip`` name metadata columns.
    name : display name of the file when ``source`` is bytes.
    sheet : sheet name or index for workbooks (default: the first).
    block_rows : a CSV is parsed and read ``block_rows`` rows at a time
        (the result does not depend on it), so its cells are never all held
        at once; the table as read (``Responses.raw``) keeps each distinct
        text of a column once.
    """
    if hasattr(source, "as_file"):   # a study store's responses (research.store): read as the file they make
        source, questionnaire, name = source.as_file(questionnaire)
    q = load_questionnaire(questionnaire)
    table = read_table(source, name=name, sheet=sheet, stream=True)
    layout = read_layout(table)
    file = table.file
    header = table.rows[: layout.header_rows]
    if not any(_cell_text(c) for row in header for c in row):
        raise FileReadError("file_no_header", file=file, row=1)
    blocks = _body_blocks(table, layout, block_rows)
    first = next(blocks, None)
    if first is None:
        raise FileReadError("file_no_rows", file=file)
    try:
        report = match_columns(list(layout.columns), q, mapping, file, platform=layout.platform)
        if not any(m.item in set(q.item_ids) for m in report.matches):
            raise DataError("no_items_mapped", file=file, questionnaire=q.id)
    except ResearchError:
        for _ in blocks:  # an error in the rows further down comes first, as when the file is read whole
            pass
        raise

    def value_labels(col) -> dict:
        return table.value_labels.get(col.header) or {} if table.format == "sav" else {}

    by_item = {m.item: layout.columns[k] for k, m in enumerate(report.matches) if m.item}
    by_role = {m.role: layout.columns[k] for k, m in enumerate(report.matches) if m.how == "metadata" and m.role}
    scaled = [(kind, x, by_item[x.id]) for kind, questions in (("answers", q.items), ("checks", q.attention_checks),
                                                                ("importance", q.importance))
              for x in questions if x.id in by_item]
    segment_columns = [(seg, by_item[seg.id]) for seg in q.segments if seg.id in by_item]

    parts: dict[str, list] = {}

    def add(key, value):
        parts.setdefault(key, []).append(value)

    problems: list[dict] = []
    width = len(layout.columns)
    for block in itertools.chain([first], blocks):
        rows = [r for r, _ in block]
        cells = list(itertools.zip_longest(*(row for _, row in block)))  # one tuple per column

        def column_values(index: int):
            return cells[index] if index < len(cells) else (None,) * len(block)

        factorized: dict[int, tuple | None] = {}   # _texts of a column, for its answers and its raw cells

        def column_texts(index: int):
            if index not in factorized:
                factorized[index] = _texts(column_values(index))
            return factorized[index]

        add("row", rows)
        for kind, x, col in scaled:
            add(x.id, _read_scale(column_values(col.index), x.scale, rows, col.name, x.id, problems,
                                  value_labels(col), texts=column_texts(col.index)))
        for seg, col in segment_columns:
            add(seg.id, _read_segment(column_values(col.index), seg, rows, col.name, problems, value_labels(col)))
        if "respondent" in by_role:
            add("respondent", [_text_or_none(v) for v in column_values(by_role["respondent"].index)])
        for role in ("submitted", "started"):
            if role in by_role:
                add(role, _read_times(column_values(by_role[role].index)))
        if "duration" in by_role:
            add("duration", each_distinct(_read_duration, column_values(by_role["duration"].index)))
        if "ip" in by_role:
            add("ip", each_distinct(_read_ip, column_values(by_role["ip"].index)))
        # the table as read; a streamed CSV may show a value under a blank header cell only below the rows
        # the layout saw: such a column is kept too, named by its letter as read_layout names them
        names = [c.name for c in layout.columns] + [_unnamed(i, layout) for i in range(width, len(cells))]
        raw = pd.DataFrame({i: _column_as_read(column_values(i), column_texts(i)) for i in range(len(names))},
                           index=range(len(block)), dtype=object)
        raw.columns = names
        add("raw", raw)

    def joined(key) -> list:
        return [v for block in parts[key] for v in block]

    rows = joined("row")
    index = pd.RangeIndex(len(rows))
    read = {x.id: np.concatenate(parts[x.id]) for _, x, _ in scaled}
    answers = {x.id: read[x.id] for kind, x, _ in scaled if kind == "answers"}
    checks = {x.id: read[x.id] for kind, x, _ in scaled if kind == "checks"}
    importance = {x.id: read[x.id] for kind, x, _ in scaled if kind == "importance"}
    segments = {seg.id: pd.array(joined(seg.id), dtype="Int64") if seg.type == "single" else joined(seg.id)
                for seg, _ in segment_columns}

    notes: list[str] = list(table.notes)  # what the reader chose, e.g. which sheet it read
    answers_df = pd.DataFrame(answers, index=index, columns=[i for i in q.item_ids if i in answers], dtype=float)
    items_df = answers_df.copy()
    for item in q.items:
        if item.reverse and item.id in items_df:
            items_df[item.id] = item.scale.points + 1 - items_df[item.id]
    for qid, values in read.items():
        if np.isnan(values).all():
            notes.append(Note(en=f"Column for {qid} has no usable answers", zh_hans=f"{qid} 对应的列没有有效答案",
                              zh_hant=f"{qid} 對應的欄沒有有效答案"))

    def times(role) -> pd.Series:
        return pd.concat(parts[role], ignore_index=True).set_axis(index) if role in parts \
            else pd.Series(pd.NaT, index=index, dtype="datetime64[ns]")

    meta = pd.DataFrame({"row": rows}, index=index)
    meta["respondent"] = joined("respondent") if "respondent" in parts else None
    meta["submitted"] = times("submitted")
    if "duration" in parts:
        meta["duration"] = joined("duration")
    elif "started" in parts and "submitted" in parts:
        meta["duration"] = (meta["submitted"] - times("started")).dt.total_seconds()
    else:
        meta["duration"] = np.nan
    meta["ip"] = joined("ip") if "ip" in parts else None
    raw = pd.concat(_same_columns(parts["raw"]), ignore_index=True) if len(parts["raw"]) > 1 else parts["raw"][0]
    raw.index = index

    source_info = Source(file=file, sha256=table.sha256, format=table.format, encoding=table.encoding,
                         platform=layout.platform, header_rows=layout.header_rows, sheet=table.sheet)
    return Responses(
        questionnaire=q, source=source_info, mapping=report, items=items_df, answers=answers_df,
        segments=pd.DataFrame(segments, index=index, columns=[s.id for s in q.segments if s.id in segments]),
        checks=pd.DataFrame(checks, index=index, columns=[c.id for c in q.attention_checks if c.id in checks],
                            dtype=float),
        meta=meta, problems=_problem_frame(problems, [c.name for c in layout.columns]),
        raw=raw, notes=tuple(notes),
        importance=pd.DataFrame(importance, index=index, columns=[m.id for m in q.importance if m.id in importance],
                                dtype=float),
    )


def _same_columns(frames: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """The blocks of the raw table with the columns of the widest (each block's are a prefix of its);
    a column a block lacks is empty there (None, as read_table gives an empty cell)."""
    names = list(max(frames, key=lambda f: f.shape[1]).columns)
    out = []
    for frame in frames:
        if frame.shape[1] < len(names):
            frame = frame.copy()
            for k in range(frame.shape[1], len(names)):
                frame.insert(k, names[k], None, allow_duplicates=True)
        out.append(frame)
    return out


def _unnamed(index: int, layout) -> str:
    """The name of a column beyond the layout's (values under a blank header cell first met below the
    rows the layout was read from): its letter, "(F)", made unique against the layout's names."""
    name = base = f"({excel_column(index)})"
    taken = {c.name for c in layout.columns}
    k = 1
    while name in taken:
        k += 1
        name = f"{base} [{k}]"
    return name


def _body_blocks(table, layout, block_rows: int):
    """The non-blank rows below the header as lists of ``(row number, cells)``, ``block_rows`` at a time.

    Row numbers are those the user sees: SPSS shows case numbers (no header
    row in its data view); spreadsheets show the row, counting the rows
    skipped above the header.  A CSV row longer than the header is an error.
    """
    header = table.rows[: layout.header_rows]
    # cells as written: a blank last header cell over data is a column, not a ragged row
    header_width = max([len(r) for r in header] + table.widths[: layout.header_rows])
    first = 1 if table.format == "sav" else layout.offset + layout.header_rows + 1
    body = itertools.chain(table.rows[layout.header_rows:], table.rest)
    block = []
    texts = table.format == "csv"  # every cell a str
    for excel_row, row in enumerate(body, start=first):
        if not (any(map(str.strip, row)) if texts else any(_cell_text(c) for c in row)):
            continue
        if table.format == "csv" and len(row) > header_width:
            raise FileReadError("file_ragged_row", file=table.file, row=excel_row, found=len(row),
                                expected=header_width)
        block.append((excel_row, row))
        if len(block) == block_rows:
            yield block
            block = []
    if block:
        yield block


MIXED_TEXT_SHARE = 0.1    # a column whose cells are texts this often is a text column (see load_table)


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
    kept = [(k, r) for k, r in enumerate(table.rows[1:]) if any(_cell_text(c) for c in r)]
    body = [list(r) + [None] * (width - len(r)) for _, r in kept]
    if not body:
        raise FileReadError("file_no_rows", file=table.file)
    file_rows = np.array([table.offset + 2 + k for k, _ in kept])     # rows as Excel shows them
    frame = pd.DataFrame(body, columns=names, dtype=object)
    blank = frame.map(lambda v: v is None or _cell_text(v) in ("", "NA", "NaN", "nan"))
    numeric = frame.mask(blank).apply(lambda col: pd.to_numeric(col, errors="coerce"))
    # A column of numbers with a few stray texts ("N/A" in an age column) stays numeric: the texts become
    # missing and are listed (file row, value) in ``attrs["text_cells"]`` for the caller to report.  A column
    # where texts are common keeps its cells as read, as text: a grouping column "north", "south", 1, 2 loses
    # no row, and its values are compared as text.
    text_cells = {}
    for c in frame.columns:
        text = numeric[c].isna() & ~blank[c]
        if not text.any():
            continue
        if text.sum() < MIXED_TEXT_SHARE * (~blank[c]).sum():
            where = np.flatnonzero(text.to_numpy())
            text_cells[c] = [(int(file_rows[k]), _cell_text(frame[c].iat[k])) for k in where]
        else:
            numeric[c] = frame[c].mask(blank[c]).map(lambda v: v if v is None or v != v else _cell_text(v))
    numeric.attrs["text_cells"] = text_cells
    return numeric, table.sha256


def _problem_frame(problems: list[dict], column_order: list[str]) -> pd.DataFrame:
    """Problems in reading order: by row, then by column position in the file."""
    frame = pd.DataFrame(problems, columns=PROBLEM_COLUMNS + ["message", "message_zh", "message_zh_hant"])
    position = {name: k for k, name in enumerate(column_order)}
    order = sorted(range(len(frame)), key=lambda k: (frame["row"].iat[k], position.get(frame["column"].iat[k], 0)))
    return frame.iloc[order].reset_index(drop=True)


def _problem(problems, row, column, qid, value, kind, key, scale_text, **params):
    problems.append({
        "row": row, "column": column, "item": qid, "value": _text_or_none(value), "kind": kind,
        "message": " ".join(render_message(key, "en", {**params, "scale": scale_text["en"]})),
        "message_zh": " ".join(render_message(key, "zh-Hans", {**params, "scale": scale_text["zh-Hans"]})),
        "message_zh_hant": " ".join(render_message(key, "zh-Hant", {**params, "scale": scale_text["zh-Hant"]})),
    })


def _report(problems, row, column, qid, raw, status, note, scale_text):
    """Record what went wrong with one cell, if anything."""
    if note is not None:
        key, label = note
        _problem(problems, row, column, qid, raw, "label_conflict", key, scale_text, label=label)
    elif status not in ("ok", "missing"):
        msg = "value_out_of_range" if status == "out_of_range" else "value_unrecognised"
        _problem(problems, row, column, qid, raw, status, msg, scale_text)


def _is_missing(raw) -> bool:
    return raw is None or (isinstance(raw, float) and raw != raw)


def _labelled(read, value_labels: dict):
    """Wrap ``read(raw) -> (value, status)`` to read SPSS codes through their value labels.

    Returns ``read(raw) -> (value, status, note)``; ``note`` is ``None`` or
    ``(message key, label)`` for a ``label_conflict`` problem.  The policy is
    described in the module docstring.
    """
    if not value_labels:
        return lambda raw: (*read(raw), None)
    recognised = {}
    for code, label in value_labels.items():
        value, status = read(label)
        if status == "ok":
            recognised[code] = value
    agrees = all(_same_code(code, value) for code, value in recognised.items())

    def read_labelled(raw):
        if _is_missing(raw):
            return None, "missing", None
        try:
            label = value_labels.get(raw)
        except TypeError:  # unhashable
            label = None
        if label is not None:
            value, status = read(label)
            if status in ("ok", "missing"):
                return value, status, None
        value, status = read(raw)
        if status == "missing":
            return value, status, None
        if agrees:
            if label is None or status != "ok":
                return value, status, None  # unlabelled code, or a code that is wrong anyway
            return value, status, ("value_label_unrecognised", label)
        return None, "label_conflict", ("value_label_conflict", "—" if label is None else label)

    return read_labelled


def _same_code(code, value) -> bool:
    """Whether a labelled code reads as its label does (a text code, "M" = 男, has no number to contradict)."""
    try:
        return float(code) == float(value)
    except (TypeError, ValueError):
        return True


def _read_scale(values, scale, rows, column, qid, problems, value_labels=None, texts=False) -> np.ndarray:
    """Codes 1…points from numbers or label texts; anything else → NaN + a problem.
    Each distinct cell is read once.  ``texts``: ``_texts(values)`` if the caller has it already."""
    lookup = label_lookup(scale.points, scale.labels.values())
    scale_text = {lang: scale.describe(lang) for lang in ("en", "zh-Hans", "zh-Hant")}

    def read(raw):
        value, status = parse_answer(raw, lookup)
        if status == "ok" and (not value.is_integer() or not 1 <= value <= scale.points):
            status = "out_of_range"
        return value, status

    read = _labelled(read, value_labels or {})
    out = np.full(len(values), np.nan)
    texts = _texts(values) if texts is False else texts
    if texts is not None:  # a CSV column: the distinct texts are read, the cells indexed
        codes, uniques = texts
        got = [read(raw) for raw in uniques]
        out = np.array([value if status == "ok" else np.nan for value, status, _ in got] + [np.nan])[codes]
        for j, (value, status, note) in enumerate(got):
            if note is not None or status not in ("ok", "missing"):
                for k in np.flatnonzero(codes == j):
                    _report(problems, rows[k], column, qid, uniques[j], status, note, scale_text)
        return out
    # each_distinct keys by type too: True == 1 in Python, but True is not the answer 1
    for k, (raw, (value, status, note)) in enumerate(zip(values, each_distinct(read, values))):
        if status == "ok":
            out[k] = value
            if note is None:
                continue
        if note is not None or status != "missing":
            _report(problems, rows[k], column, qid, raw, status, note, scale_text)
    return out


def _texts(values):
    """``(codes, distinct texts)`` of a column holding only texts and blanks (None → code −1, which
    indexes one past the texts), or None for a column with other kinds of cells."""
    try:
        codes, uniques = pd.factorize(np.asarray(values, dtype=object), use_na_sentinel=True)
    except TypeError:  # an unhashable cell
        return None
    # (Only texts are equal to texts, so all-text uniques mean no numbers, dates or booleans; the
    # blanks must be None, not NaN or NaT, which the table as read keeps as they are.)
    if not all(type(u) is str for u in uniques) or any(values[k] is not None for k in np.flatnonzero(codes < 0)):
        return None
    codes = np.where(codes < 0, len(uniques), codes)
    return codes, list(uniques)


def _column_as_read(values, texts=False) -> list:
    """A column's cells as read, each distinct text held once (it is referenced, not copied, by its cells).
    ``texts``: ``_texts(values)`` if the caller has it already."""
    texts = _texts(values) if texts is False else texts
    if texts is None:
        return list(values)
    codes, uniques = texts
    return np.array(uniques + [None], dtype=object)[codes]


def _option_lookup(seg: Segment) -> dict[str, int]:
    table = {}
    for opt in seg.options:
        table[str(opt.code)] = opt.code
        for label in opt.label.values():
            table[normalise(label)] = opt.code
    return table


def _multi_parts(value: str, keys: list[str]) -> list[str]:
    """A multi-select answer split into option labels (or codes) and unrecognised pieces.

    ``keys`` are the normalised option labels and codes, longest first.  At
    each position the longest whole option label that ends at a separator
    (or at the end) is taken; anything else runs to the next separator.
    """
    text = normalise(value)
    parts, p = [], 0
    while p < len(text):
        if text[p] in _MULTI_SEPARATORS:
            p += 1
            continue
        for key in keys:
            end = p + len(key)
            if key and text.startswith(key, p) and (end == len(text) or text[end] in _MULTI_SEPARATORS):
                break
        else:
            end = next((j for j in range(p, len(text)) if text[j] in _MULTI_SEPARATORS), len(text))
        parts.append(text[p:end])
        p = end
    return parts


def _read_segment(values, seg: Segment, rows, column, problems, value_labels=None) -> list:
    """A segment's answers: codes (single choice, a list), "1;3" texts (multiple), numbers or texts."""
    value_labels = value_labels or {}
    if seg.type == "text":
        return [_text_or_none(_label_of(v, value_labels)) for v in values]
    if seg.type == "number":
        out = []
        for k, v in enumerate(values):
            value, status = parse_answer(v, {})
            if status == "unrecognised":
                m = _NUMBER_WITH_UNIT.match(unicodedata.normalize("NFKC", str(v)))
                value, status = (float(m.group(1).replace(",", "")), "ok") if m else (None, "unrecognised")
            if status == "unrecognised":
                _problem(problems, rows[k], column, seg.id, v, "unrecognised", "value_unrecognised",
                         {"en": "a number", "zh-Hans": "数字", "zh-Hant": "數字"})
            out.append(value)
        return out
    lookup = _option_lookup(seg)
    codes = {o.code for o in seg.options}
    keys = sorted(lookup, key=len, reverse=True)
    scale_text = {lang: "; ".join(f"{o.code}={o.text(lang)}" for o in seg.options)
                  for lang in ("en", "zh-Hans", "zh-Hant")}

    def one(part):
        value, status = parse_answer(part, lookup)
        if status == "ok" and value not in codes:
            return None, "out_of_range"
        return (None if value is None else int(value)), status

    if seg.type == "single":
        out = []
        for k, (v, (value, status, note)) in enumerate(zip(values, each_distinct(_labelled(one, value_labels),
                                                                                   values))):
            if note is not None or status not in ("ok", "missing"):
                _report(problems, rows[k], column, seg.id, v, status, note, scale_text)
            out.append(value if status == "ok" else None)
        return out

    def several(v):
        """(codes as "1;3" or None, "ok" or the status of a part that is not an option)"""
        cell = _label_of(v, value_labels)
        parts = _multi_parts(cell, keys) if isinstance(cell, str) else [cell]
        got, bad = [], None
        for part in parts:
            value, status = one(part)
            if status == "ok":
                got.append(value)
            elif status != "missing":
                bad = status
        return (";".join(str(g) for g in sorted(set(got))) if got else None), bad or "ok"

    read = each_distinct(several, values)
    for k, (v, (_, status)) in enumerate(zip(values, read)):
        if status != "ok":
            _report(problems, rows[k], column, seg.id, v, status, None, scale_text)
    return [codes for codes, _ in read]


def _label_of(value, value_labels: dict):
    """An SPSS code's value label, or the value itself."""
    if not value_labels or _is_missing(value):
        return value
    try:
        return value_labels.get(value, value)
    except TypeError:
        return value


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
