"""Read a survey export into a grid of cells, whatever its file format.

The format is told by the file's first bytes, not by its name: an .xls that
is really HTML, or a .csv that is really an XLSX, is read as what it is.
Every failure of the underlying readers becomes a :class:`FileReadError`
that says what to do; the file on disk is only ever opened for reading.

Rows above the header are skipped and counted in :attr:`Table.offset`, so
row numbers stay the ones Excel shows: leading blank rows, and a title row
(the first non-empty row has exactly one non-empty cell and the next
non-empty row at least three).  Excel's ``sep=;`` first line of a CSV sets
the delimiter and is dropped without counting, as Excel does not show it.

Limits (all in :mod:`research.limits`): :data:`MAX_BYTES` per file,
:data:`MAX_COLUMNS` columns holding a value, :data:`MAX_ROWS` rows (Excel
itself stops at 1 048 576) and, for a workbook or .sav read whole,
``MAX_CELLS`` cells.  Each is checked before the memory is taken: an XLSX's
zip and XML by :mod:`research.io.xlsx_check` before openpyxl opens it, a
.sav's row and column counts and its size as read from its header, an
.xls's cells before they are copied (the BIFF format itself caps a sheet at
65 536 × 256 cells).  A workbook is read as stored, never by its declared
dimensions, so one formatted empty cell at ``ZZ200000`` costs nothing.
A password-protected workbook is told as such.  When no sheet is named and
the first sheet is empty, the one other sheet holding data is read (a note
says so); with several, the error lists them.
"""
from __future__ import annotations

import csv
import hashlib
import io
import itertools
import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import FileReadError
from ..limits import EXCEL_ROWS, MAX_CELLS, MAX_COLUMNS, MAX_FILE_MB, MAX_ROWS, MAX_UNZIPPED_MB
from ..messages import Note
from .encoding import decode_text
from .xlsx_check import check_xlsx

MAX_BYTES = MAX_FILE_MB * 1024 * 1024
HEAD_ROWS = 200   # a streamed CSV: rows parsed up front after any blank rows (the header must lie among them)

_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SAV = (b"$FL2", b"$FL3")


@dataclass
class Table:
    """Cells as read: ``rows[0]`` is the first line of the file."""

    rows: list[list]
    format: str
    file: str
    sha256: str
    encoding: str | None = None
    sheet: str | None = None
    labels: dict = field(default_factory=dict)  # SPSS variable labels: name -> label
    value_labels: dict = field(default_factory=dict)  # SPSS: name -> {code: label}
    offset: int = 0   # rows skipped above the header (blank rows, a title row): rows[0] is row offset + 1
    widths: list = field(default_factory=list)  # cells per row as written, trailing empty cells included
    # A streamed CSV (``read_table(..., stream=True)``): the rows after ``rows``, parsed only as they
    # are taken, each trimmed of trailing empty cells; blank rows are kept so row numbers stay right.
    rest: Iterator[list] = field(default_factory=lambda: iter(()))
    notes: list = field(default_factory=list)  # what the reader chose for the user (messages.Note)


def read_bytes(source, name: str | None = None) -> tuple[bytes, str]:
    """Bytes and a display name from a path, bytes or a binary file object, at most :data:`MAX_BYTES`."""
    if isinstance(source, (bytes, bytearray)):
        _check_bytes(len(source), name or "upload")
        return bytes(source), name or "upload"
    if hasattr(source, "read"):
        display = name or getattr(source, "name", "upload")
        data = source.read(MAX_BYTES + 1)  # no more than one byte over the limit is ever read
        if isinstance(data, str):
            data = data.encode("utf-8")
        _check_bytes(len(data), display, read_to_limit=True)
        return bytes(data), display
    path = Path(os.fspath(source))
    display = name or path.name
    if not path.is_file():
        raise FileReadError("file_not_found", file=str(path))
    _check_bytes(path.stat().st_size, display)
    return path.read_bytes(), display


def _check_bytes(size: int, file: str, read_to_limit: bool = False) -> None:
    if size > MAX_BYTES:
        limit = f"{MAX_BYTES / 2**20:,.0f}"
        raise FileReadError("file_too_large", file=file, size=f"> {limit}" if read_to_limit else f"{size / 2**20:,.1f}",
                            limit=limit)


def sniff_format(data: bytes) -> str:
    if data.startswith(_ZIP):
        return "xlsx"
    if data.startswith(_OLE):
        return "xls"
    if data[:4] in _SAV:
        return "sav"
    return "csv"


def read_table(source, *, name: str | None = None, sheet=None, stream: bool = False) -> Table:
    """Read CSV, XLSX, XLS or SPSS .sav into a :class:`Table`.

    ``stream=True`` (CSV only; other formats are read whole): only the first
    :data:`HEAD_ROWS` rows are parsed now, the others are left in
    :attr:`Table.rest` to be taken in blocks, so a large export's cells are
    never all held at once.  The size limits hold either way.
    """
    data, display = read_bytes(source, name)
    if not data.strip():
        raise FileReadError("file_empty", file=display)
    fmt = sniff_format(data)
    digest = hashlib.sha256(data).hexdigest()
    if fmt == "csv":
        text, encoding = decode_text(data, display)
        del data
        lines = _csv_rows(text, display)
        if stream:
            return _streamed(lines, display, digest, encoding)
        table = Table(list(lines), "csv", display, digest, encoding=encoding)
    elif fmt == "xlsx":
        table = _read_xlsx(data, display, digest, sheet)
    elif fmt == "xls":
        table = _read_xls(data, display, digest, sheet)
    else:
        table = _read_sav(data, display, digest)
    if fmt != "csv":  # _csv_rows checks as it goes
        _check_size(table.rows, display)
    table.offset = 0 if fmt == "sav" else _rows_above_header(table.rows)
    rows = table.rows[table.offset:]
    table.widths = [len(r) for r in rows]
    table.rows = _trim(rows)
    del table.widths[len(table.rows):]
    if not table.rows:
        raise FileReadError("file_empty", file=display)
    return table


def _streamed(lines: Iterator[list], file: str, digest: str, encoding: str) -> Table:
    head = []
    for row in lines:  # the blank rows on top, then HEAD_ROWS rows from the first with a value
        head.append(row)
        if _filled(row):
            break
    head += itertools.islice(lines, HEAD_ROWS)
    offset = _rows_above_header(head)
    head = head[offset:]
    table = Table([row[:_width(row)] for row in head], "csv", file, digest, encoding=encoding, offset=offset,
                  widths=[len(row) for row in head])
    if not any(table.rows):
        raise FileReadError("file_empty", file=file)
    table.rest = (row[:_width(row)] if row and not row[-1].strip() else row for row in lines)
    return table


def _check_size(rows: list[list], file: str) -> None:
    """Refuse a row with more than MAX_COLUMNS cells up to its last value, or a value beyond row MAX_ROWS."""
    for k, row in enumerate(rows):
        if len(row) > MAX_COLUMNS:
            width = _width(row)
            if width > MAX_COLUMNS:
                raise FileReadError("file_too_many_columns", file=file, row=k + 1, found=width, limit=MAX_COLUMNS)
    if len(rows) > MAX_ROWS:
        for k in range(MAX_ROWS, len(rows)):
            if _width(rows[k]):
                raise FileReadError("file_too_many_rows", file=file, row=k + 1, limit=MAX_ROWS)


def _width(row) -> int:
    """Cells up to the last non-empty one."""
    end = len(row)
    while end and _blank(row[end - 1]):
        end -= 1
    return end


def _filled(row) -> int:
    return sum(not _blank(c) for c in row)


def _rows_above_header(rows: list[list]) -> int:
    """How many rows above the header to skip: blank rows and a title row."""
    k = 0
    while k < len(rows) and not _filled(rows[k]):
        k += 1
    if k < len(rows) and _filled(rows[k]) == 1:
        j = k + 1
        while j < len(rows) and not _filled(rows[j]):
            j += 1
        if j < len(rows) and _filled(rows[j]) >= 3:
            return j
    return k


def _trim(rows: list[list]) -> list[list]:
    """Drop trailing empty cells of each row and trailing empty rows."""
    out = [list(row[:_width(row)]) for row in rows]
    while out and not out[-1]:
        out.pop()
    return out


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip()) or (isinstance(cell, float) and cell != cell)


_SEP_LINE = re.compile(r"sep=(.)[ ]*(?:\r\n|\r|\n|$)")


def _csv_rows(text: str, file: str) -> Iterator[list[str]]:
    """The rows of a CSV text, parsed one by one, within the size limits."""
    start = 1 if text.startswith("\ufeff") else 0
    m = _SEP_LINE.match(text, start)  # Excel's "sep=;" line names the delimiter; Excel does not show it as a row
    if m:
        delimiter, start = m.group(1), m.end()
    else:
        delimiter = _sniff_delimiter(text[start:start + 200_000])
    reader = csv.reader(_lines(text, start), delimiter=delimiter)
    k = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise FileReadError("file_unreadable", file=file, format="CSV", detail=str(exc)) from None
        k += 1
        if len(row) > MAX_COLUMNS and _width(row) > MAX_COLUMNS:
            raise FileReadError("file_too_many_columns", file=file, row=k, found=_width(row), limit=MAX_COLUMNS)
        if k > MAX_ROWS and _width(row):
            raise FileReadError("file_too_many_rows", file=file, row=k, limit=MAX_ROWS)
        yield row


def _lines(text: str, start: int = 0, piece: int = 1 << 20) -> Iterator[str]:
    """The lines of ``text`` from ``start``, line ends kept, as ``io.StringIO(text, newline="")``
    gives them, but through pieces of about ``piece`` characters cut after a "\\n": the whole
    text is never copied at once."""
    while start < len(text):
        end = text.find("\n", start + piece)
        end = len(text) if end < 0 else end + 1
        yield from io.StringIO(text[start:end], newline="")
        start = end


def _sniff_delimiter(text: str) -> str:
    """The delimiter giving the most columns, consistently, on the first lines.

    Blank lines and a title line above the header (one non-empty cell) are
    not counted.
    """
    head = "\n".join(text.splitlines()[:30])
    best, best_score = ",", 0.0
    for delimiter in (",", "\t", ";", "|"):
        try:
            rows = [r for r in csv.reader(io.StringIO(head), delimiter=delimiter) if _filled(r)]
        except csv.Error:
            continue
        while len(rows) > 1 and _filled(rows[0]) < 2:
            rows.pop(0)
        widths = [len(r) for r in rows]
        if not widths or _filled(rows[0]) < 2:
            continue
        consistent = sum(w == widths[0] for w in widths) / len(widths)
        score = consistent * widths[0]
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _pick_sheet(names: list[str], sheet, file: str):
    if sheet is None:
        return 0
    if isinstance(sheet, int) and 0 <= sheet < len(names):
        return sheet
    if sheet in names:
        return names.index(sheet)
    raise FileReadError("sheet_not_found", file=file, sheet=sheet, sheets=", ".join(names))


def _read_xlsx(data: bytes, file: str, digest: str, sheet) -> Table:
    import openpyxl

    check_xlsx(data, file)  # the zip and its XML within the limits before openpyxl takes any memory
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # zip, XML and openpyxl errors all mean "not a readable workbook"
        raise FileReadError("file_unreadable", file=file, format="XLSX", detail=type(exc).__name__) from None
    try:
        names = book.sheetnames
        index = _pick_sheet(names, sheet, file)
        rows = _xlsx_rows(book[names[index]], file) if hasattr(book[names[index]], "iter_rows") else []  # a chart
        notes = []
        if sheet is None and not rows:
            index, rows, notes = _first_filled_sheet(book, names, file)
    except FileReadError:
        raise
    except Exception as exc:
        raise FileReadError("file_unreadable", file=file, format="XLSX", detail=type(exc).__name__) from None
    finally:
        book.close()
    return Table(rows, "xlsx", file, digest, sheet=names[index], notes=notes)


def _xlsx_rows(ws, file: str, *, first_only: bool = False) -> list[list]:
    """A sheet's rows as stored, trailing blank rows dropped, within the size limits; with
    ``first_only``, only up to the first row holding a value (enough to tell an empty sheet)."""
    # the declared dimensions may be huge (one formatted cell at ZZ200000): read rows as stored
    ws.reset_dimensions()
    rows, blank, cells = [], 0, 0
    for k, row in enumerate(ws.iter_rows(values_only=True), start=1):
        if k > EXCEL_ROWS:  # openpyxl fills the gap before a row numbered far beyond the grid: stop there
            raise FileReadError("xlsx_beyond_grid", file=file, limit=f"{EXCEL_ROWS:,}")
        width = _width(row) if row else 0
        if not width:
            blank += 1  # kept only if a row with values follows
            continue
        if width > MAX_COLUMNS:
            raise FileReadError("file_too_many_columns", file=file, row=k, found=width, limit=MAX_COLUMNS)
        if k > MAX_ROWS:
            raise FileReadError("file_too_many_rows", file=file, row=k, limit=MAX_ROWS)
        cells += width
        if cells > MAX_CELLS:
            raise FileReadError("file_too_many_cells", file=file, row=k, limit=f"{MAX_CELLS:,}")
        rows.extend([] for _ in range(blank))
        blank = 0
        rows.append(list(row[:width]))
        if first_only:
            break
    return rows


def _first_filled_sheet(book, names: list[str], file: str) -> tuple[int, list[list], list[str]]:
    filled = [k for k in range(1, len(names))
              if hasattr(book[names[k]], "iter_rows") and _xlsx_rows(book[names[k]], file, first_only=True)]
    index, notes = _other_sheet(names, filled, file)
    return index, _xlsx_rows(book[names[index]], file), notes


def _other_sheet(names: list[str], filled: list[int], file: str) -> tuple[int, list[str]]:
    """The first sheet is empty and none was named: the one other sheet holding data (``filled``), with a
    note saying so; with several, an error listing them, as which to read is the user's choice."""
    if not filled:
        raise FileReadError("file_empty", file=file)
    if len(filled) > 1:
        raise FileReadError("sheet_first_empty", file=file, sheet=names[0],
                            sheets=", ".join(f"'{names[k]}'" for k in filled))
    first, read = names[0], names[filled[0]]
    note = Note(en=f"The first sheet '{first}' is empty; sheet '{read}', the only one holding data, was read",
                zh_hans=f"第一个工作表“{first}”是空的，已读取唯一有数据的工作表“{read}”",
                zh_hant=f"第一個工作表「{first}」是空的，已讀取唯一有資料的工作表「{read}」")
    return filled[0], [note]


def _read_xls(data: bytes, file: str, digest: str, sheet) -> Table:
    import xlrd

    # xlrd writes its warnings about a damaged file to a log (stdout by default): send them nowhere
    with open(os.devnull, "w") as log:
        try:
            book = xlrd.open_workbook(file_contents=data, on_demand=True, ragged_rows=True, logfile=log, verbosity=0)
        except Exception as exc:  # xlrd raises many kinds for damaged files
            if "encrypt" in str(exc).lower() or "EncryptedPackage" in _ole_streams(data, log):
                # an encrypted .xls (FILEPASS record), or an encrypted .xlsx: an OLE file holding the package
                raise FileReadError("file_encrypted", file=file) from None
            raise FileReadError("file_unreadable", file=file, format="XLS", detail=type(exc).__name__) from None
        try:
            names = book.sheet_names()
            index = _pick_sheet(names, sheet, file)
            rows = _xls_rows(book, index, file)
            notes = []
            if sheet is None and not _trim(rows):
                index, notes = _other_sheet(names, [k for k in range(1, len(names))
                                                    if _trim(_xls_rows(book, k, file))], file)
                rows = _xls_rows(book, index, file)
        except FileReadError:
            raise
        except Exception as exc:
            raise FileReadError("file_unreadable", file=file, format="XLS", detail=type(exc).__name__) from None
        finally:
            book.release_resources()
    return Table(rows, "xls", file, digest, sheet=names[index], notes=notes)


def _xls_rows(book, index: int, file: str) -> list[list]:
    """One sheet's cells as Python values, counted before they are copied."""
    import xlrd

    ws = book.sheet_by_index(index)
    cells = sum(ws.row_len(r) for r in range(ws.nrows))
    if cells > MAX_CELLS:
        raise FileReadError("file_too_many_cells", file=file, limit=f"{MAX_CELLS:,}")
    rows = []
    for r in range(ws.nrows):
        row = []
        for c in range(ws.row_len(r)):
            cell = ws.cell(r, c)
            if cell.ctype == xlrd.XL_CELL_DATE:
                row.append(xlrd.xldate_as_datetime(cell.value, book.datemode))
            elif cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK, xlrd.XL_CELL_ERROR):
                row.append(None)
            else:
                row.append(cell.value)
        rows.append(row)
    book.unload_sheet(index)
    return rows


def _ole_streams(data: bytes, log) -> set[str]:
    """The stream names of an OLE compound file (empty if it cannot be parsed)."""
    from xlrd import compdoc

    try:
        return {entry.name for entry in compdoc.CompDoc(data, logfile=log).dirlist}
    except Exception:
        return set()


def _read_sav(data: bytes, file: str, digest: str) -> Table:
    import pyreadstat

    # pyreadstat reads from a path only; the copy lives in a private temp dir.
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "upload.sav"
        path.write_bytes(data)
        try:
            _, meta = pyreadstat.read_sav(str(path), metadataonly=True)
        except Exception as exc:  # ReadstatError and friends
            raise FileReadError("file_unreadable", file=file, format="SPSS .sav", detail=str(exc)[:120]) from None
        # the header tells the size before any cell is read (a compressed .sav can hold far more than its bytes)
        allowed, columns, width = _sav_rows_allowed(meta, file)
        try:
            frame, meta = pyreadstat.read_sav(str(path), apply_value_formats=False, user_missing=False,
                                              row_limit=allowed + 1)
        except Exception as exc:
            raise FileReadError("file_unreadable", file=file, format="SPSS .sav", detail=str(exc)[:120]) from None
    if len(frame) > allowed:  # the header did not say how many rows there are
        raise _sav_too_big(len(frame), columns, width, file)
    header = [str(c) for c in frame.columns]
    rows = [header]
    for values in frame.itertuples(index=False, name=None):
        rows.append([_sav_cell(v) for v in values])
    labels = {k: v for k, v in (meta.column_names_to_labels or {}).items() if v}
    return Table(rows, "sav", file, digest, labels=labels, value_labels=dict(meta.variable_value_labels or {}))


def _sav_rows_allowed(meta, file: str) -> tuple[int, int, int]:
    """How many rows of this .sav may be read (and its columns and bytes a row, as read): refuse now
    if its header already says too many."""
    columns = meta.number_columns or 0
    if columns > MAX_COLUMNS:
        raise FileReadError("file_too_many_columns", file=file, row=1, found=columns, limit=MAX_COLUMNS)
    # a cell costs at least its 8-byte reference; a text cell up to its declared width
    width = sum(max(int(w or 0), 8) for w in (meta.variable_storage_width or {}).values()) or 8
    allowed = int(min(MAX_ROWS, MAX_CELLS // max(columns, 1), MAX_UNZIPPED_MB * 2**20 // width))
    rows = meta.number_rows
    if rows is not None and rows > allowed:
        raise _sav_too_big(rows, columns, width, file)
    return allowed, columns, width


def _sav_too_big(rows: int, columns: int, width: int, file: str) -> FileReadError:
    if rows > MAX_ROWS:
        return FileReadError("file_too_many_rows", file=file, limit=MAX_ROWS)
    if rows * columns > MAX_CELLS:
        return FileReadError("file_too_many_cells", file=file, limit=f"{MAX_CELLS:,}")
    return FileReadError("file_expands", file=file, format="SPSS .sav", found=f"{rows * width / 2**20:,.0f}",
                         limit=f"{MAX_UNZIPPED_MB:,}")


def _sav_cell(value):
    return None if isinstance(value, float) and value != value else value
