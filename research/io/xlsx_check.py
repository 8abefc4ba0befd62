"""Check an XLSX before openpyxl opens it: what it would cost to read must be bounded first.

An XLSX is a zip of XML parts.  A few hundred kilobytes can unzip to
gigabytes (a "zip bomb"), and XML that unzips to a modest size can still
hold tens of millions of tiny elements, each a Python object once parsed.
openpyxl (read-only) parses the workbook, the styles and the shared
strings whole when the book is opened, reads each sheet's head to find its
size (the whole sheet when no dimension is declared), and builds one row at
a time when the rows are read; an element that is not inside a row stays in
memory until the sheet is closed.  So, before any of that:

1. the zip: at most :data:`~research.limits.MAX_ZIP_MEMBERS` parts; each
   part's declared size and their sum at most
   :data:`~research.limits.MAX_UNZIPPED_MB`; a part above
   :data:`~research.limits.ZIP_RATIO_FROM_MB` expanding at most
   :data:`~research.limits.MAX_ZIP_RATIO` times.  Python's zipfile never
   yields more than a part's declared size (and checks the CRC), so the
   declared sizes bound what any reader gets;
2. every XML part, streamed through expat (the parser under ElementTree,
   hence under openpyxl) in 1 MB pieces without building anything: no
   DOCTYPE (no spreadsheet program writes one); in a sheet, at most
   :data:`~research.limits.EXCEL_ROWS` rows, none numbered beyond it, at
   most :data:`~research.limits.MAX_ROW_TAGS` elements in one row and
   :data:`~research.limits.MAX_XML_TAGS` outside the rows; in the shared
   strings, the declared ``uniqueCount`` and the counted texts at most
   :data:`~research.limits.MAX_SHARED_STRINGS`, each text at most
   :data:`~research.limits.MAX_ROW_TAGS` elements; any other part read
   whole at most :data:`~research.limits.MAX_XML_TAGS` elements.

Parts openpyxl does not read in read-only mode (pivot caches, the
calculation chain, comments) are not counted, so a large pivot cache does
not stop an export from being read.  A part that is not XML (a picture) or
is malformed ends its scan at the first error: openpyxl stops there too.
"""
from __future__ import annotations

import io
import zipfile
from xml.parsers import expat

from .. import limits
from ..errors import FileReadError

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_SHEET_ROOTS = {f"{_MAIN}}}worksheet", f"{_MAIN}}}dialogsheet"}
_STRINGS_ROOT = f"{_MAIN}}}sst"
_ROW = f"{_MAIN}}}row"
_TEXT = f"{_MAIN}}}si"
# parts that openpyxl's read-only mode never parses, whatever their size
_UNREAD_ROOTS = {f"{_MAIN}}}{name}" for name in ("pivotCacheDefinition", "pivotCacheRecords", "pivotTableDefinition",
                                                 "calcChain", "comments", "queryTable", "table")}
_CHUNK = 1 << 20
_MB = 1 << 20


def check_xlsx(data: bytes, file: str) -> None:
    """Refuse, with a :class:`FileReadError`, a workbook whose zip or XML exceeds the limits.

    A file that is no zip at all, or a damaged one, passes: openpyxl refuses it."""
    # zipfile lists every entry of the central directory as an object: count them first
    # (each entry starts with this signature; a stray copy elsewhere only makes the count safer)
    entries = data.count(b"PK\x01\x02")
    if entries > limits.MAX_ZIP_MEMBERS:
        raise FileReadError("xlsx_too_many_parts", file=file, found=f"{entries:,}",
                            limit=f"{limits.MAX_ZIP_MEMBERS:,}")
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return
    with book:
        _check_parts(book, file)


def _check_parts(book: zipfile.ZipFile, file: str) -> None:
    infos = book.infolist()
    for info in infos:
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > limits.ZIP_RATIO_FROM_MB * _MB and ratio > limits.MAX_ZIP_RATIO:
            raise FileReadError("xlsx_zip_ratio", file=file, part=info.filename, ratio=f"{ratio:,.0f}",
                                limit=limits.MAX_ZIP_RATIO)
    total = sum(info.file_size for info in infos)
    if total > limits.MAX_UNZIPPED_MB * _MB:
        raise FileReadError("file_expands", file=file, format="XLSX", found=f"{total / _MB:,.0f}",
                            limit=f"{limits.MAX_UNZIPPED_MB:,}")
    for info in infos:
        _scan(book, info, file)


class _Stop(Exception):
    """Ends a scan early: the part is not one openpyxl reads, or it is malformed."""


class _Refuse(Exception):
    def __init__(self, key: str, **params):
        super().__init__(key)
        self.key, self.params = key, params


class _Counter:
    """Counts a part's elements as expat reports them, by the rules of its root element.

    Inside a row (or a shared text) only end events are taken: every element has one, and
    halving the calls into Python halves the time of the scan of a large sheet."""

    def __init__(self, parser):
        self.parser = parser
        self.mode = None
        self.outside = 0        # elements that stay in memory while the part is read
        self.inside = 0         # elements of the current row or shared text
        self.records = 0        # rows or shared texts
        self.row_number = 0
        parser.StartElementHandler = self.root
        parser.StartDoctypeDeclHandler = self.doctype

    def doctype(self, *_):
        raise _Refuse("xlsx_doctype")

    def root(self, name, attrs):
        if name in _UNREAD_ROOTS:
            raise _Stop
        if name in _SHEET_ROOTS:
            self.mode, self.record = "sheet", _ROW
        elif name == _STRINGS_ROOT:
            self.mode, self.record = "strings", _TEXT
            declared = attrs.get("uniqueCount")
            if declared is not None and declared.strip().isdigit() and int(declared) > limits.MAX_SHARED_STRINGS:
                raise _Refuse("xlsx_shared_strings", limit=f"{limits.MAX_SHARED_STRINGS:,}")
        else:
            self.mode, self.record = "whole", None
        self.parser.StartElementHandler = self.start
        self.start(name, attrs)

    def start(self, name, attrs):
        if name == self.record:
            self.records += 1
            if self.mode == "sheet":
                self.row_number = _row_number(attrs.get("r"), self.row_number)
                if self.records > limits.EXCEL_ROWS or self.row_number > limits.EXCEL_ROWS:
                    raise _Refuse("xlsx_beyond_grid", limit=f"{limits.EXCEL_ROWS:,}")
            elif self.records > limits.MAX_SHARED_STRINGS:
                raise _Refuse("xlsx_shared_strings", limit=f"{limits.MAX_SHARED_STRINGS:,}")
            self.inside = 0
            self.parser.StartElementHandler = None
            self.parser.EndElementHandler = self.end_inside
            return
        self.outside += 1
        if self.outside > limits.MAX_XML_TAGS:
            raise _Refuse("xlsx_part_too_complex", limit=f"{limits.MAX_XML_TAGS:,}")

    def end_inside(self, name):
        if name == self.record:  # the row (or text) ends: a nested one ends it early, which only counts more
            self.parser.StartElementHandler = self.start
            self.parser.EndElementHandler = None
            return
        self.inside += 1
        if self.inside > limits.MAX_ROW_TAGS:
            raise _Refuse("xlsx_row_too_complex", limit=f"{limits.MAX_ROW_TAGS:,}")


def _row_number(r, previous: int) -> int:
    """A row's number as openpyxl takes it: its ``r`` attribute, else the one after the previous."""
    if r is None:
        return previous + 1
    try:
        return int(float(r))
    except (ValueError, OverflowError):
        return previous + 1   # openpyxl refuses it: the read fails cleanly there


def _scan(book: zipfile.ZipFile, info: zipfile.ZipInfo, file: str) -> None:
    parser = expat.ParserCreate(namespace_separator="}")
    _Counter(parser)  # it lives in the parser's handlers
    try:
        with book.open(info) as stream:
            while True:
                chunk = stream.read(_CHUNK)
                parser.Parse(chunk, not chunk)
                if not chunk:
                    break
    except _Refuse as exc:
        raise FileReadError(exc.key, file=file, **{"part": info.filename, **exc.params}) from None
    except (_Stop, expat.ExpatError, zipfile.BadZipFile, OSError, EOFError, ValueError, NotImplementedError,
            RuntimeError):
        return   # not read by openpyxl, or not XML (a picture), or damaged: openpyxl stops there too
