"""Every reader bounded before it allocates: bombs are refused with a research error, not read.

Each hostile file is built here, on the fly and small on disk: zip bombs
(a sheet expanding to over a gigabyte, written as one deflate piece repeated,
so neither the test nor the file holds the expanded bytes), a zip whose
declared sizes lie, a shared-strings bomb, a row of millions of empty cells,
more rows than Excel's grid, junk elements outside the rows, a DOCTYPE, an
.xls and a .sav over the caps, password-protected workbooks, YAML
"billion laughs" and ten thousand levels of nesting.  Each refusal is
checked for its message key and its message in the three languages; the
bombs are also read in a child process whose address space is capped
(``resource.RLIMIT_AS``), which must end with the research error, not a
MemoryError or a kill.  A limit is lowered with monkeypatch where building
a file past the real one would be slow; the check is the same.
"""
from __future__ import annotations

import io
import json
import os
import re
import struct
import subprocess
import sys
import textwrap
import zipfile
import zlib
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import research
from research import limits
from research.errors import FileReadError, MappingError, QuestionnaireError, ResearchError
from research.io import files
from research.io.files import read_table
from research.io.mapping import read_mapping
from research.questionnaire import load_questionnaire, loads_questionnaire

ROOT = Path(__file__).resolve().parent.parent
MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
STUDY = {"scale": 5, "constructs": {"ECO": ["ECO1", "ECO2"], "REL": ["REL1", "REL2"]}}
HEADER = ["ECO1", "ECO2", "REL1", "REL2"]


def refused(err: ResearchError, key: str, *fragments: str) -> None:
    """The error has ``key``, a message in each language, and the fragments in the English one."""
    assert err.key == key, (err.key, err.message("en"))
    texts = {lang: err.message(lang) for lang in ("zh-Hans", "zh-Hant", "en")}
    assert len(set(texts.values())) == 3, texts
    for lang, text in texts.items():
        assert not re.search(r"\{[a-z_]+\}", text), text  # every placeholder filled
        if lang != "en":
            assert any("\u4e00" <= ch <= "\u9fff" for ch in text), text
    for fragment in fragments:
        assert fragment in texts["en"], (fragment, texts["en"])


# ------------------------------------------------------------------------------------------------
# building workbooks by hand
# ------------------------------------------------------------------------------------------------
def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


class Repeated:
    """A part made of ``head``, ``piece`` × ``count`` and ``tail``, deflated without ever holding the
    expanded bytes: ``piece`` is compressed once and ended by a full flush (which resets the
    compressor), so its compressed form can be repeated as it is."""

    def __init__(self, head: bytes, piece: bytes, count: int, tail: bytes):
        self.head, self.piece, self.count, self.tail = head, piece, count, tail

    def raw(self) -> tuple[bytes, int, int]:
        def flushed(data: bytes) -> bytes:
            c = zlib.compressobj(9, zlib.DEFLATED, -15)
            return c.compress(data) + c.flush(zlib.Z_FULL_FLUSH)

        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        end = c.compress(b"") + c.flush()  # an empty final block
        deflated = flushed(self.head) + flushed(self.piece) * self.count + flushed(self.tail) + end
        crc = zlib.crc32(self.head)
        for _ in range(self.count):
            crc = zlib.crc32(self.piece, crc)
        crc = zlib.crc32(self.tail, crc)
        return deflated, crc, len(self.head) + len(self.piece) * self.count + len(self.tail)


def write_zip(path: Path, parts: dict, declared: dict | None = None) -> Path:
    """A zip of ``parts`` (bytes or :class:`Repeated`), written by hand so that a part may expand to
    gigabytes; ``declared`` overrides a part's uncompressed size as written in the headers (a lie)."""
    declared = declared or {}
    out, directory = io.BytesIO(), []
    for name, part in parts.items():
        raw, crc, size = part.raw() if isinstance(part, Repeated) else (_deflate(part), zlib.crc32(part), len(part))
        size = declared.get(name, size)
        encoded = name.encode()
        offset = out.tell()
        out.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(raw), size, len(encoded), 0))
        out.write(encoded + raw)
        directory.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc, len(raw), size,
                                     len(encoded), 0, 0, 0, 0, 0, offset) + encoded)
    start = out.tell()
    out.write(b"".join(directory))
    out.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), out.tell() - start, start, 0))
    path.write_bytes(out.getvalue())
    return path


def base_parts(rows=(HEADER, [5, 4, 3, 2], [4, 4, 2, 3])) -> dict:
    """The parts of a small workbook written by openpyxl."""
    wb = openpyxl.Workbook()
    for row in rows:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as z:
        return {name: z.read(name) for name in z.namelist()}


SHEET = "xl/worksheets/sheet1.xml"
SHARED = "xl/sharedStrings.xml"
SST_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"


def with_shared_strings(parts: dict, sst) -> dict:
    """``parts`` with a shared-strings part (openpyxl 3.1 writes none: it finds one by its content type)."""
    types = parts["[Content_Types].xml"].decode()
    parts["[Content_Types].xml"] = types.replace(
        "</Types>", f'<Override PartName="/{SHARED}" ContentType="{SST_TYPE}"/></Types>').encode()
    parts[SHARED] = sst
    return parts
HEAD = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN_NS}">'
        '<dimension ref="A1:C2"/><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>ECO1</t></is></c><c r="B1" t="inlineStr"><is><t>ECO2</t>'
        '</is></c><c r="C1" t="inlineStr"><is><t>REL1</t></is></c></row>').encode()
TAIL = b"</sheetData></worksheet>"


def bomb(path: Path, kind: str) -> Path:
    """One hostile workbook of each kind."""
    parts = base_parts()
    declared = None
    if kind == "gigabyte":        # the sheet unzips to 1.1 GB from under 3 MB
        parts[SHEET] = Repeated(HEAD, b"<row><c><v>1</v></c></row>" * 40_000, 1100, TAIL)
    elif kind == "declared":      # a small sheet whose headers claim 3 GB
        parts[SHEET] = HEAD + TAIL
        declared = {SHEET: 3 * 2**30}
    elif kind == "wide_row":      # one row of 2.5 million empty cells, each with a 200-byte attribute
        parts[SHEET] = Repeated(HEAD + b'<row r="2">', (b'<c t="n" x="' + b"x" * 200 + b'"/>') * 10_000, 250,
                                b"</row>" + TAIL)
    elif kind == "many_rows":     # more rows than Excel's grid has
        parts[SHEET] = Repeated(HEAD, b"<row/>" * 100_000, 11, TAIL)
    elif kind == "row_number":    # one row numbered two billion: openpyxl would fill the gap row by row
        parts[SHEET] = HEAD + b'<row r="2000000000"><c><v>1</v></c></row>' + TAIL
    elif kind == "outside_rows":  # three million elements that openpyxl never clears
        parts[SHEET] = Repeated(HEAD + b"</sheetData><x>", b"<y/>" * 250_000, 12, b"</x></worksheet>")
    elif kind == "shared_strings":  # fifty million shared texts, declared as one
        with_shared_strings(parts, Repeated(f'<sst xmlns="{MAIN_NS}" count="1" uniqueCount="1">'.encode(),
                                            b"<si/>" * 200_000, 250, b"</sst>"))
    elif kind == "declared_strings":
        with_shared_strings(parts, f'<sst xmlns="{MAIN_NS}" uniqueCount="999999999"><si><t>x</t></si></sst>'.encode())
    elif kind == "doctype":       # XML entities expanding a billion times
        lol = "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
        parts[SHEET] = (f'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY l0 "lol">{lol}]>'
                        f'<worksheet xmlns="{MAIN_NS}"><sheetData><row><c t="inlineStr"><is><t>&l9;</t></is></c>'
                        '</row></sheetData></worksheet>').encode()
    else:
        raise ValueError(kind)
    return write_zip(path / f"{kind}.xlsx", parts, declared)


BOMBS = {  # kind -> (the limits it meets, with MAX_ZIP_RATIO as it is; with the ratio check lifted)
    "gigabyte": ("xlsx_zip_ratio", "file_expands"),
    "declared": ("xlsx_zip_ratio", "file_expands"),
    "wide_row": ("xlsx_zip_ratio", "xlsx_row_too_complex"),
    "many_rows": ("xlsx_zip_ratio", "xlsx_beyond_grid"),
    "outside_rows": ("xlsx_zip_ratio", "xlsx_part_too_complex"),
    "shared_strings": ("xlsx_zip_ratio", "xlsx_shared_strings"),
    "row_number": ("xlsx_beyond_grid", "xlsx_beyond_grid"),
    "declared_strings": ("xlsx_shared_strings", "xlsx_shared_strings"),
    "doctype": ("xlsx_doctype", "xlsx_doctype"),
}


def test_the_bombs_are_small_on_disk(tmp_path):
    for kind in BOMBS:
        assert bomb(tmp_path, kind).stat().st_size < 3_000_000, kind
    with zipfile.ZipFile(tmp_path / "gigabyte.xlsx") as z:
        assert z.getinfo(SHEET).file_size > limits.MAX_UNZIPPED_MB * 2**20  # truthfully declared


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_xlsx_bomb_is_refused_before_openpyxl(tmp_path, monkeypatch, kind):
    path = bomb(tmp_path, kind)

    def no_openpyxl(*args, **kwargs):
        raise AssertionError("openpyxl was given a workbook over the limits")

    monkeypatch.setattr(openpyxl, "load_workbook", no_openpyxl)
    with pytest.raises(FileReadError) as err:
        read_table(path)
    refused(err.value, BOMBS[kind][0], f"'{path.name}'")
    # the next check stands behind the ratio: lift the ratio and the part is still refused, by its content
    monkeypatch.setattr(limits, "MAX_ZIP_RATIO", 10**9)
    with pytest.raises(FileReadError) as err:
        research.load_responses(path, STUDY)
    refused(err.value, BOMBS[kind][1])


def test_ratio_and_unzipped_messages_name_the_part_and_the_numbers(tmp_path):
    with pytest.raises(FileReadError) as err:
        read_table(bomb(tmp_path, "gigabyte"))
    assert err.value.params["part"] == SHEET
    assert int(err.value.params["ratio"].replace(",", "")) > limits.MAX_ZIP_RATIO
    refused(err.value, "xlsx_zip_ratio", SHEET, f"about {limits.MAX_ZIP_RATIO} times")
    with pytest.raises(FileReadError) as err:
        read_table(bomb(tmp_path, "declared"))
    assert err.value.params["part"] == SHEET


def test_total_unzipped_size_counts_every_part(tmp_path, monkeypatch):
    # parts below the ratio's 1 MB floor, each harmless, together over the (lowered) total
    parts = base_parts()
    parts["xl/media/a.bin"] = b"\0" * 700_000
    parts["xl/media/b.bin"] = b"\0" * 700_000
    path = write_zip(tmp_path / "total.xlsx", parts)
    assert read_table(path).rows[0] == HEADER
    monkeypatch.setattr(limits, "MAX_UNZIPPED_MB", 1)
    with pytest.raises(FileReadError) as err:
        read_table(path)
    refused(err.value, "file_expands", "XLSX", "1 MB")


def test_a_small_part_may_compress_far(tmp_path):
    # styles of a real workbook compress well beyond MAX_ZIP_RATIO; below ZIP_RATIO_FROM_MB that is fine
    parts = base_parts()
    parts["xl/media/blank.bin"] = b"\0" * 900_000  # ratio ~ 1000
    table = read_table(write_zip(tmp_path / "small.xlsx", parts))
    assert table.rows[1] == [5, 4, 3, 2]


def test_too_many_zip_parts(tmp_path, monkeypatch):
    parts = base_parts()
    parts.update({f"xl/media/p{k}.bin": b"x" for k in range(40)})
    path = write_zip(tmp_path / "parts.xlsx", parts)
    assert read_table(path).rows[0] == HEADER
    monkeypatch.setattr(limits, "MAX_ZIP_MEMBERS", 30)
    with pytest.raises(FileReadError) as err:
        read_table(path)
    refused(err.value, "xlsx_too_many_parts", "30")
    assert int(err.value.params["found"]) >= len(parts)


@pytest.mark.parametrize("declared", [True, False], ids=["uniqueCount", "counted"])
def test_shared_strings_limit(tmp_path, monkeypatch, declared):
    texts = HEADER + [f"text {k}" for k in range(26)]
    count = f' uniqueCount="{len(texts)}"' if declared else ""
    sst = f'<sst xmlns="{MAIN_NS}"{count}>' + "".join(f"<si><t>{t}</t></si>" for t in texts) + "</sst>"
    rows = "".join(f'<row r="{r + 1}">' + "".join(f'<c t="s"><v>{v}</v></c>' for v in values) + "</row>"
                   for r, values in enumerate([range(4)] + [[k + 4] for k in range(26)]))
    parts = with_shared_strings(base_parts(), sst.encode())
    parts[SHEET] = f'<worksheet xmlns="{MAIN_NS}"><sheetData>{rows}</sheetData></worksheet>'.encode()
    path = write_zip(tmp_path / "texts.xlsx", parts)
    table = read_table(path)
    assert table.rows[0] == HEADER and table.rows[-1] == ["text 25"]
    monkeypatch.setattr(limits, "MAX_SHARED_STRINGS", 20)
    with pytest.raises(FileReadError) as err:
        read_table(path)
    refused(err.value, "xlsx_shared_strings", "more than 20 distinct texts")


def test_a_row_may_hold_every_excel_column(tmp_path):
    # formatted empty cells across all 16 384 columns: legal, and well under the per-row limit
    row = "".join(f'<c r="{openpyxl.utils.get_column_letter(k)}2" s="0"/>' for k in range(1, limits.EXCEL_COLUMNS + 1))
    parts = base_parts()
    parts[SHEET] = HEAD + f'<row r="2">{row}</row>'.encode() + TAIL
    table = read_table(write_zip(tmp_path / "formatted.xlsx", parts))
    assert table.rows == [["ECO1", "ECO2", "REL1"]]


def test_read_loop_stops_at_the_grid_even_without_the_scan(tmp_path, monkeypatch):
    parts = base_parts()
    parts[SHEET] = HEAD + b'<row r="100"><c><v>1</v></c></row>' + TAIL
    path = write_zip(tmp_path / "gap.xlsx", parts)
    monkeypatch.setattr(files, "check_xlsx", lambda data, file: None)
    monkeypatch.setattr(files, "EXCEL_ROWS", 50)
    with pytest.raises(FileReadError) as err:
        read_table(path)
    refused(err.value, "xlsx_beyond_grid", "50")


def test_cell_limit_while_reading_rows(tmp_path, monkeypatch):
    wb = openpyxl.Workbook()
    for r in range(6):
        wb.active.append([f"c{k}" if r == 0 else k for k in range(5)])
    path = tmp_path / "cells.xlsx"
    wb.save(path)
    assert len(read_table(path).rows) == 6
    monkeypatch.setattr(files, "MAX_CELLS", 24)
    with pytest.raises(FileReadError) as err:
        read_table(path)
    refused(err.value, "file_too_many_cells", "24")
    assert err.value.row == 5


def test_bytes_and_file_objects_over_the_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_BYTES", 1000)
    data = b"ECO1,ECO2\n" + b"5,4\n" * 300
    for source in (data, io.BytesIO(data)):
        with pytest.raises(FileReadError) as err:
            read_table(source, name="big.csv")
        refused(err.value, "file_too_large", "'big.csv'")
    path = tmp_path / "big.csv"
    path.write_bytes(data)
    with pytest.raises(FileReadError) as err:
        read_table(path)
    refused(err.value, "file_too_large", "big.csv")


# ------------------------------------------------------------------------------------------------
# .xls and .sav
# ------------------------------------------------------------------------------------------------
def write_xls(path: Path, sheets: dict) -> Path:
    import xlwt

    wb = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        ws = wb.add_sheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                ws.write(r, c, v)
    wb.save(str(path))
    return path


def test_xls_cells_counted_before_they_are_copied(tmp_path, monkeypatch):
    path = write_xls(tmp_path / "cells.xls", {"Sheet1": [HEADER] + [[5, 4, 3, 2]] * 5})
    assert len(read_table(path).rows) == 6
    monkeypatch.setattr(files, "MAX_CELLS", 20)
    with pytest.raises(FileReadError) as err:
        read_table(path)
    refused(err.value, "file_too_many_cells", "20", "cells.xls")


def test_truncated_xls_prints_nothing(tmp_path, capfd):
    data = write_xls(tmp_path / "whole.xls", {"Sheet1": [HEADER] + [[5, 4, 3, 2]] * 50}).read_bytes()
    path = tmp_path / "cut.xls"
    path.write_bytes(data[: len(data) * 2 // 3])
    capfd.readouterr()
    with pytest.raises(FileReadError) as err:
        read_table(path)
    refused(err.value, "file_unreadable", "cut.xls")
    out, errout = capfd.readouterr()
    assert out == "" and errout == ""


def test_encrypted_xls_is_told_as_password_protected(tmp_path):
    # xlwt writes an INTERFACEHDR record (type 0x00E1, 2 bytes) right after the workbook's BOF; retyped as
    # FILEPASS (0x002F), the record Excel writes when a workbook is encrypted, it makes an encrypted .xls
    data = bytearray(write_xls(tmp_path / "plain.xls", {"Sheet1": [HEADER, [5, 4, 3, 2]]}).read_bytes())
    at = data.find(struct.pack("<HH", 0x00E1, 2))
    assert at > 0
    data[at:at + 2] = struct.pack("<H", 0x002F)
    with pytest.raises(FileReadError) as err:
        read_table(bytes(data), name="locked.xls")
    refused(err.value, "file_encrypted", "password", "'locked.xls'")


def compound_file(streams: list[tuple[str, bytes]]) -> bytes:
    """A compound file ([MS-CFB] version 3: 512-byte sectors, one FAT sector, one directory sector)
    holding the given streams, each a multiple of 512 bytes and at least 4096 (so no mini stream)."""
    end, free, fat_sect, none = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat, body, starts = [fat_sect, end], b"", []
    for _, data in streams:
        n = len(data) // 512
        starts.append(len(fat))
        fat += [len(fat) + k + 1 for k in range(n - 1)] + [end]
        body += data

    def entry(name, kind, right=none, child=none, start=end, size=0):
        raw = name.encode("utf-16-le") + b"\0\0" if name else b""
        return (raw.ljust(64, b"\0") + struct.pack("<HBB3I", len(raw), kind, 1, none, right, child) + b"\0" * 36
                + struct.pack("<IQ", start, size))

    entries = [entry("Root Entry", 5, child=1)]
    for k, (name, data) in enumerate(streams):
        entries.append(entry(name, 2, right=k + 2 if k + 1 < len(streams) else none, start=starts[k], size=len(data)))
    entries += [entry("", 0)] * (4 - len(entries))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack("<5H", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<9I", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<109I", 0, *[free] * 108))
    return header + struct.pack("<128I", *fat, *[free] * (128 - len(fat))) + b"".join(entries) + body


def test_encrypted_xlsx_is_told_as_password_protected():
    # Excel saves a password-protected .xlsx as a compound file holding the encrypted zip in a stream
    # named EncryptedPackage beside EncryptionInfo ([MS-OFFCRYPTO] 2.3.4.4); before: "XLRDError"
    data = compound_file([("EncryptionInfo", os.urandom(4096)), ("EncryptedPackage", os.urandom(8192))])
    with pytest.raises(FileReadError) as err:
        research.load_responses(data, STUDY, name="locked.xlsx")
    refused(err.value, "file_encrypted", "password", "'locked.xlsx'")
    assert "XLRD" not in err.value.message("en")
    assert "密码" in err.value.message("zh-Hans") and "密碼" in err.value.message("zh-Hant")


def write_sav(path: Path, frame: pd.DataFrame) -> Path:
    import pyreadstat

    pyreadstat.write_sav(frame, str(path))
    return path


@pytest.fixture
def sav_calls(monkeypatch):
    """The calls made to pyreadstat.read_sav: metadata only, or the cells too."""
    import pyreadstat

    calls, real = [], pyreadstat.read_sav

    def spy(*args, **kwargs):
        calls.append("metadata" if kwargs.get("metadataonly") else "cells")
        return real(*args, **kwargs)

    monkeypatch.setattr(pyreadstat, "read_sav", spy)
    return calls


def test_sav_over_the_caps_is_refused_from_its_header(tmp_path, monkeypatch, sav_calls):
    frame = pd.DataFrame({f"V{k}": [1.0, 2.0, 3.0] * 10 for k in range(6)})
    path = write_sav(tmp_path / "caps.sav", frame)
    assert len(read_table(path).rows) == 31
    assert sav_calls == ["metadata", "cells"]
    for name, value, key in (("MAX_COLUMNS", 5, "file_too_many_columns"), ("MAX_ROWS", 20, "file_too_many_rows"),
                             ("MAX_CELLS", 100, "file_too_many_cells")):
        with monkeypatch.context() as m:
            m.setattr(files, name, value)
            sav_calls.clear()
            with pytest.raises(FileReadError) as err:
                read_table(path)
            refused(err.value, key, "caps.sav")
            assert sav_calls == ["metadata"]  # refused before a cell was read


def test_sav_text_columns_counted_at_their_declared_width(tmp_path, monkeypatch, sav_calls):
    frame = pd.DataFrame({"ID": [1.0] * 40, "NOTE": ["x" * 2000] * 40})
    path = write_sav(tmp_path / "wide_text.sav", frame)
    monkeypatch.setattr(files, "MAX_UNZIPPED_MB", 0.05)  # 40 rows × ~2 KB = 80 KB as read
    with pytest.raises(FileReadError) as err:
        read_table(path)
    refused(err.value, "file_expands", "SPSS .sav", "wide_text.sav")
    assert sav_calls == ["metadata"]


# ------------------------------------------------------------------------------------------------
# a first sheet that is empty
# ------------------------------------------------------------------------------------------------
def test_empty_first_sheet_reads_the_one_sheet_with_data_and_says_so(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Sheet1"
    data = wb.create_sheet("Data")
    for row in (HEADER, [5, 4, 3, 2], [4, 4, 2, 3]):
        data.append(row)
    wb.create_sheet("Blank")
    path = tmp_path / "first_empty.xlsx"
    wb.save(path)
    r = research.load_responses(path, STUDY)
    assert r.source.sheet == "Data"
    assert list(r.answers["ECO1"]) == [5, 4]
    note = [n for n in r.notes if "Sheet1" in n]
    assert note and "'Data'" in note[0] and "“Data”" in note[0]


def test_empty_first_sheet_with_several_sheets_of_data_asks_which(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "Cover"
    for name in ("2025", "2026"):
        ws = wb.create_sheet(name)
        ws.append(HEADER)
        ws.append([5, 4, 3, 2])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    with pytest.raises(FileReadError) as err:
        read_table(path)
    refused(err.value, "sheet_first_empty", "'Cover'", "'2025', '2026'", "--sheet", "sheet=")
    assert research.load_responses(path, STUDY, sheet="2026").source.sheet == "2026"


def test_empty_first_sheet_in_an_xls(tmp_path):
    path = write_xls(tmp_path / "first_empty.xls", {"Sheet1": [], "Answers": [HEADER, [5, 4, 3, 2]]})
    table = read_table(path)
    assert table.sheet == "Answers" and table.rows[0] == HEADER
    assert table.notes and "'Answers'" in table.notes[0]


def test_every_sheet_empty_is_still_the_empty_file_message(tmp_path):
    wb = openpyxl.Workbook()
    wb.create_sheet("Other")
    path = tmp_path / "blank.xlsx"
    wb.save(path)
    with pytest.raises(FileReadError) as err:
        read_table(path)
    refused(err.value, "file_empty")


# ------------------------------------------------------------------------------------------------
# YAML
# ------------------------------------------------------------------------------------------------
def billion_laughs(levels: int = 9) -> str:
    lines = ["lol0: &lol0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"lol{i}: &lol{i} [{', '.join([f'*lol{i - 1}'] * 10)}]" for i in range(1, levels)]
    return "\n".join(lines) + "\n"


def nested(depth: int, flow: bool) -> str:
    """``[[[…]]]``, or block sequences written compactly (``- - - x``), ``depth`` levels deep."""
    return "[" * depth + "]" * depth + "\n" if flow else "- " * depth + "x\n"


def test_billion_laughs_questionnaire_is_refused_before_it_is_walked(tmp_path):
    path = tmp_path / "laughs.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    for source in (path, str(path), path.read_bytes()):
        with pytest.raises(QuestionnaireError) as err:
            load_questionnaire(source, name="laughs.yaml")
        refused(err.value, "yaml_expands", "'laughs.yaml'", f"{limits.MAX_YAML_NODES:,}")


def test_billion_laughs_mapping_is_refused(tmp_path):
    path = tmp_path / "map.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    q = load_questionnaire(STUDY)
    with pytest.raises(MappingError) as err:
        read_mapping(path, q)
    refused(err.value, "yaml_expands", "'map.yaml'")


def test_more_aliases_than_the_limit(tmp_path):
    text = "a: &a x\nb: [" + ", ".join(["*a"] * (limits.MAX_YAML_ALIASES + 1)) + "]\n"
    with pytest.raises(QuestionnaireError) as err:
        loads_questionnaire(text, "aliases.yaml")
    refused(err.value, "yaml_too_many_aliases", "line 2", f"more than {limits.MAX_YAML_ALIASES}")
    path = tmp_path / "aliases.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as err:
        read_mapping(path, load_questionnaire(STUDY))
    refused(err.value, "yaml_too_many_aliases", "'aliases.yaml'")


def test_an_alias_inside_its_own_anchor(tmp_path):
    with pytest.raises(QuestionnaireError) as err:
        loads_questionnaire("constructs: &c {ECO: [ECO1, *c]}\n", "loop.yaml")
    refused(err.value, "yaml_recursive", "line 1", "'loop.yaml'")


@pytest.mark.parametrize("flow", [True, False], ids=["flow", "block"])
def test_ten_thousand_levels_of_nesting(tmp_path, flow):
    text = nested(10_000, flow)
    with pytest.raises(QuestionnaireError) as err:
        loads_questionnaire(text, "deep.yaml")
    refused(err.value, "yaml_too_deep", f"more than {limits.MAX_YAML_DEPTH} levels", "'deep.yaml'")
    path = tmp_path / "deep.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(MappingError) as err:
        read_mapping(path, load_questionnaire(STUDY))
    refused(err.value, "yaml_too_deep")


def test_nesting_to_the_limit_is_fine():
    from research.safeyaml import load_yaml

    assert load_yaml(nested(limits.MAX_YAML_DEPTH, True), "ok.yaml") is not None
    with pytest.raises(ResearchError) as err:
        load_yaml(nested(limits.MAX_YAML_DEPTH + 1, True), "deep.yaml")
    assert err.value.key == "yaml_too_deep"


def test_aliases_expanding_too_deep_are_refused():
    from research.safeyaml import load_yaml

    half = limits.MAX_YAML_DEPTH // 2 + 1
    text = "a: &a " + "[" * half + "]" * half + "\nb: " + "[" * half + "*a" + "]" * half + "\n"
    with pytest.raises(ResearchError) as err:
        load_yaml(text, "alias_depth.yaml")
    assert err.value.key == "yaml_too_deep"


def test_a_yaml_file_over_the_size_limit(tmp_path, monkeypatch):
    path = tmp_path / "big.yaml"
    path.write_text("scale: 5\n" + "# padding\n" * 300_000, encoding="utf-8")
    with pytest.raises(QuestionnaireError) as err:
        load_questionnaire(path)
    refused(err.value, "yaml_too_large", "'big.yaml'", f"{limits.MAX_YAML_KB:,} KB")
    with pytest.raises(MappingError) as err:
        read_mapping(path, load_questionnaire(STUDY))
    refused(err.value, "yaml_too_large", "'big.yaml'")


def test_syntax_errors_give_line_column_and_file_in_three_languages():
    with pytest.raises(QuestionnaireError) as err:
        load_questionnaire(b"scale: 5\nconstructs:\n  ECO: [ECO1, ECO2\n", name="upload.yaml")
    e = err.value
    refused(e, "yaml_syntax", "'upload.yaml'", "line 4, column 1")
    assert "第 4 行第 1 列" in e.message("zh-Hans") and "第 4 行第 1 欄" in e.message("zh-Hant")
    with pytest.raises(QuestionnaireError) as err:
        load_questionnaire(b"scale: 5\nscale: 7\n", name="twice.yaml")
    refused(err.value, "yaml_syntax", "line 2, column 1", "twice")
    with pytest.raises(QuestionnaireError) as err:
        load_questionnaire(b"scale: \x07\n", name="bell.yaml")
    refused(err.value, "yaml_syntax", "line 1, column 8", "#x0007")
    with pytest.raises(QuestionnaireError) as err:
        load_questionnaire("scale: 5".encode("utf-16"), name="utf16.yaml")
    refused(err.value, "yaml_not_utf8", "'utf16.yaml'")


def test_a_yaml_that_is_no_mapping_names_the_file():
    for data in (b"- ECO1\n- ECO2\n", b"just text\n", b""):
        with pytest.raises(QuestionnaireError) as err:
            load_questionnaire(data, name="list.yaml")
        assert err.value.file == "list.yaml"
        refused(err.value, "q_schema", "'list.yaml'")


def test_load_questionnaire_takes_a_path_text_bytes_file_object_or_dict(tmp_path):
    text = "scale: 5\nconstructs:\n  ECO: [ECO1, ECO2]\n  REL: [REL1, REL2]\n"
    path = tmp_path / "study.yaml"
    path.write_text(text, encoding="utf-8")
    upload = io.BytesIO(text.encode("utf-8-sig"))
    upload.name = "uploaded.yaml"
    loaded = [load_questionnaire(path), load_questionnaire(str(path)), load_questionnaire(text),
              load_questionnaire(text.encode()), load_questionnaire(upload), load_questionnaire(STUDY),
              load_questionnaire("{scale: 5, constructs: {ECO: [ECO1, ECO2], REL: [REL1, REL2]}}")]
    for q in loaded:
        assert q.item_ids == ("ECO1", "ECO2", "REL1", "REL2")
    bad = io.BytesIO(b"scale: 5\n")
    bad.name = "/somewhere/else/bad.yaml"
    with pytest.raises(QuestionnaireError) as err:
        load_questionnaire(bad)
    assert err.value.file == "bad.yaml"  # the upload's own name, never '<dict>'
    with pytest.raises(QuestionnaireError) as err:
        load_questionnaire({"scale": 5}, name="from_app.yaml")
    assert err.value.file == "from_app.yaml"


def test_mapping_from_uploaded_bytes():
    q = load_questionnaire(STUDY)
    assert read_mapping(b"1.50: ECO1\ntrue: ECO2\n", q, file="map.yaml") == {"1.50": "ECO1", "true": "ECO2"}
    with pytest.raises(MappingError) as err:
        read_mapping(b"a: [ECO1\n", q, file="map.yaml")
    refused(err.value, "yaml_syntax", "'map.yaml'", "line 2")


# ------------------------------------------------------------------------------------------------
# the same bombs in a process that cannot take more memory than a normal load needs
# ------------------------------------------------------------------------------------------------
# A normal load (Python, numpy/scipy/pandas, openpyxl, xlrd, pyreadstat) maps about 600 MB of address
# space here, mostly shared libraries and reserved arenas, and uses about 200 MB; 1.5 GB leaves room for a
# real export, and none for what openpyxl would build from the bombs below.
CEILING = int(1.5 * 2**30)
CHILD = textwrap.dedent("""
    import json, resource, sys
    resource.setrlimit(resource.RLIMIT_AS, ({ceiling}, {ceiling}))
    import research
    from research import limits
    from research.errors import ResearchError
    if sys.argv[1] == "--unguarded":   # what the bomb does to openpyxl itself
        import openpyxl
        book = openpyxl.load_workbook(sys.argv[2], read_only=True)
        print(json.dumps({{"rows": sum(1 for _ in book.active.iter_rows(values_only=True))}}))
        sys.exit(0)
    study = {{"scale": 5, "constructs": {{"ECO": ["ECO1", "ECO2"], "REL": ["REL1", "REL2"]}}}}
    out = {{}}
    for ratio in ("as is", "lifted"):
        if ratio == "lifted":   # leave the XML scan alone between the bombs and openpyxl
            limits.MAX_ZIP_RATIO = 10**9
        for path in sys.argv[1:]:
            try:
                if path.endswith(".yaml"):
                    research.load_questionnaire(path)
                else:
                    research.load_responses(path, study)
                got = "read"
            except ResearchError as err:
                got = err.key
            except MemoryError:
                got = "MemoryError"
            out.setdefault(ratio, {{}})[path] = got
    print(json.dumps(out))
""")


def run_capped(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    script = tmp_path / "child.py"
    script.write_text(CHILD.format(ceiling=CEILING), encoding="utf-8")
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
           "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, env=env,
                          cwd=str(tmp_path), timeout=600)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced as tested on Linux")
def test_bombs_end_cleanly_in_a_memory_capped_process(tmp_path):
    normal = tmp_path / "normal.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    for k in range(2000):
        wb.active.append([5, 4, 3, 2])
    wb.save(normal)
    laughs = tmp_path / "laughs.yaml"
    laughs.write_text(billion_laughs(), encoding="utf-8")
    deep = tmp_path / "deep.yaml"
    deep.write_text(nested(10_000, True), encoding="utf-8")
    paths = [bomb(tmp_path, kind) for kind in BOMBS]
    done = run_capped(tmp_path, str(normal), str(laughs), str(deep), *map(str, paths))
    assert done.returncode == 0, done.stderr[-2000:]
    runs = json.loads(done.stdout.strip().splitlines()[-1])
    for ratio, expected in (("as is", 0), ("lifted", 1)):
        got = runs[ratio]
        assert got[str(normal)] == "read"
        assert got[str(laughs)] == "yaml_expands" and got[str(deep)] == "yaml_too_deep"
        for kind, path in zip(BOMBS, paths):
            assert got[str(path)] == BOMBS[kind][expected], (kind, ratio, got[str(path)])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced as tested on Linux")
def test_the_wide_row_bomb_is_real(tmp_path):
    # without the checks, openpyxl builds the six million cells of the row and runs out of the same ceiling
    done = run_capped(tmp_path, "--unguarded", str(bomb(tmp_path, "wide_row")))
    assert done.returncode != 0
    assert "MemoryError" in done.stderr or done.returncode < 0, done.stderr[-2000:]
