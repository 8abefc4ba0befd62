"""Hostile files: every input either loads cleanly or raises a research.errors exception.

Property-based (hypothesis): random bytes, text in many encodings, ragged
rows, byte-order marks, duplicate and empty headers, empty columns, formula
cells, damaged workbooks, very wide files.
"""
from __future__ import annotations

import codecs
import csv
import io
import math

import numpy as np
import openpyxl
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import research
from research.errors import FileReadError, ResearchError
from research.io.files import MAX_COLUMNS

STUDY = {
    "scale": 5,
    "constructs": {
        "ECO": {"items": [{"id": "ECO1", "text": "物流费用合理"}, {"id": "ECO2", "text": "运费透明"}]},
        "REL": {"items": [{"id": "REL1", "text": "按时送达"}, {"id": "REL2", "text": "包裹完好", "reverse": True}]},
    },
    "segments": [{"id": "GENDER", "text": "性别", "options": ["男", "女"]}],
}
HEADERS = ["序号", "提交答卷时间", "所用时间", "来自IP", "1、性别", "2、物流费用合理", "3、运费透明", "ECO1", "REL1",
           "4、按时送达", "包裹完好", "", "Timestamp", "StartDate", "ResponseId", "Respondent ID", "Collector ID",
           "第5题(包裹完好)", "Q7_1", "=cmd|' /C calc'!A0"]
CELLS = st.one_of(
    st.sampled_from(["", "1", "2", "3", "4", "5", "6", "-2", "-3", "(跳过)", "非常同意", "同意", "一般", "Agree",
                     "男", "女", "123秒", "2026/09/03 12:00:00", "=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "┋",
                     "1.5", "nan", "inf", "-inf", "1e309", "1066-01-01 00:00:00", "9999/12/31 23:59:59",
                     "2026-09-03T10:00:00+08:00", "12/31/2026 11:59:59 PM", "\x00", "\ufeff", "\r", "\"", "'", "💥", "𠮷"]),
    st.text(max_size=12),
)
ENCODINGS = ["utf-8", "utf-8-sig", "gbk", "gb18030", "big5", "utf-16", "utf-16-le", "latin-1", "cp1252",
             "shift_jis"]
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(data: bytes, name: str = "upload.csv"):
    """Load and check the invariants of a clean load; research errors are fine."""
    try:
        r = research.load_responses(data, STUDY, name=name)
    except ResearchError as err:
        for lang in ("zh-Hans", "zh-Hant", "en"):
            assert err.message(lang)
        assert err.to_dict()["message"]["en"]
        return None
    items = r.items.to_numpy(dtype=float)
    ok = np.isnan(items) | np.isin(items, [1, 2, 3, 4, 5])
    assert ok.all()
    assert list(r.meta["row"]) == sorted(r.meta["row"])
    assert len(r.items) == len(r.meta) == len(r.segments) == len(r.raw)
    for p in r.problems.itertuples():
        assert p.row in set(r.meta["row"])
    return r


def to_csv(rows) -> str:
    buf = io.StringIO()
    csv.writer(buf).writerows(rows)
    return buf.getvalue()


@FAST
@given(st.binary(max_size=3000))
def test_random_bytes(data):
    check(data)


@FAST
@given(st.binary(max_size=600), st.sampled_from([b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"$FL2",
                                                  codecs.BOM_UTF8, codecs.BOM_UTF16_LE, b"\xfe\xff"]))
def test_random_bytes_behind_magic_numbers_and_boms(data, magic):
    check(magic + data)


@FAST
@given(
    header=st.lists(st.one_of(st.sampled_from(HEADERS), st.text(max_size=10)), min_size=1, max_size=12),
    body=st.lists(st.lists(CELLS, max_size=14), max_size=8),
    encoding=st.sampled_from(ENCODINGS),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
)
def test_random_tables_in_random_encodings(header, body, encoding, newline):
    text = to_csv([header] + body).replace("\r\n", newline)
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError:
        assume(False)
    check(data)


@FAST
@given(body=st.lists(st.lists(CELLS, min_size=1, max_size=8), min_size=1, max_size=6))
def test_ragged_rows_under_a_good_header(body):
    check(to_csv([HEADERS[:8]] + body).encode("utf-8"))


@FAST
@given(cells=st.lists(st.lists(st.one_of(CELLS, st.integers(-10, 10), st.floats(allow_nan=True), st.none(),
                                         st.datetimes()), max_size=10), min_size=1, max_size=6),
       header=st.lists(st.sampled_from(HEADERS), min_size=1, max_size=10))
def test_random_workbooks(cells, header):
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(header)
    for row in cells:
        try:
            ws.append([c.replace("\x00", "") if isinstance(c, str) else c for c in row])
        except (ValueError, openpyxl.utils.exceptions.IllegalCharacterError):
            assume(False)
    buf = io.BytesIO()
    book.save(buf)
    data = buf.getvalue()
    check(data, "upload.xlsx")
    check(data[: len(data) // 2], "truncated.xlsx")


def test_duplicate_empty_headers_and_empty_columns():
    text = "2、物流费用合理,2、物流费用合理,,,ECO1,REL1\n5,4,,,3,\n4,4,,,3,\n"
    r = check(text.encode("utf-8"))
    assert r is not None
    how = [m.how for m in r.mapping.matches]
    assert how.count("duplicate") == 2 and how.count("unmapped") == 2
    assert [m.column for m in r.mapping.matches][2:4] == ["(C)", "(D)"]
    # the id column ECO1 outranks both text matches, which are reported as duplicates
    assert r.answers["ECO1"].tolist() == [3, 3]
    assert any("REL1" in note for note in r.notes)  # an all-empty mapped column is noted


def test_formula_cells_are_data_never_evaluated():
    text = "ECO1,ECO2,REL1\n=cmd|' /C calc'!A0,@SUM(1+1),+1\n"
    r = check(text.encode("utf-8"))
    assert r.raw.iloc[0].tolist() == ["=cmd|' /C calc'!A0", "@SUM(1+1)", "+1"]
    assert math.isnan(r.answers.loc[0, "ECO1"])
    assert r.answers.loc[0, "REL1"] == 1  # "+1" is the number 1
    assert set(r.problems["column"]) == {"ECO1", "ECO2"}


def test_ten_thousand_columns_is_refused_clearly():
    header = [f"c{i}" for i in range(10_000)]
    data = to_csv([header, ["1"] * 10_000]).encode()
    with pytest.raises(FileReadError) as err:
        research.load_responses(data, STUDY, name="wide.csv")
    assert err.value.key == "file_too_many_columns"
    assert str(MAX_COLUMNS) in err.value.message("en")


def test_wide_but_allowed_file_loads():
    header = ["ECO1", "REL1"] + [f"extra question {i}" for i in range(MAX_COLUMNS - 2)]
    data = to_csv([header, ["5", "4"] + ["x"] * (MAX_COLUMNS - 2)]).encode()
    r = check(data, "wide.csv")
    assert r.answers.iloc[0].tolist() == [5, 4]
    assert len(r.mapping.unmapped) == MAX_COLUMNS - 2


MAPPING_KEYS = st.one_of(st.sampled_from(["ECO1", "ECO2", "REL1", "REL2", "2、物流费用合理", "3、运费透明", "序号",
                                          "(C)", "ECO1 [2]", "", "null", "~"]),
                         st.text(max_size=12), st.integers(-3, 10), st.booleans(), st.floats(allow_nan=True),
                         st.none())
MAPPING_VALUES = st.one_of(st.sampled_from(["ECO1", "ECO2", "REL1", "REL2", "GENDER", "respondent", "submitted",
                                            "duration", "ip", "ignore", "null", "~", "", "None", "eco1", " ECO1 "]),
                           st.text(max_size=12), st.none(), st.integers(), st.booleans(), st.floats(allow_nan=True),
                           st.lists(st.text(max_size=3), max_size=2), st.dictionaries(st.text(max_size=3),
                                                                                      st.text(max_size=3), max_size=2))
MAPPED_FILE = to_csv([["序号", "2、物流费用合理", "3、运费透明", "ECO1", "", "REL1", "ECO1"],
                      ["1", "5", "4", "3", "x", "2", "1"], ["2", "非常同意", "-2", "9", "", "同意", "2"]]).encode("utf-8")


@FAST
@given(mapping=st.one_of(st.dictionaries(MAPPING_KEYS, MAPPING_VALUES, max_size=8),
                         st.lists(st.text(max_size=5), max_size=3), st.text(max_size=30),
                         st.sampled_from(["a" * 300, "x\x00y", "/", "."]), st.integers()),
       as_yaml=st.sampled_from([None, "dump", "text"]))
def test_random_mappings_load_or_raise_research_errors(mapping, as_yaml):
    """Any mapping — dict, YAML file of a random dict, random YAML text — loads or raises a ResearchError."""
    import tempfile
    from pathlib import Path

    import yaml

    with tempfile.TemporaryDirectory() as tmp:
        if as_yaml is not None:
            path = Path(tmp) / "map.yaml"
            if as_yaml == "dump":
                path.write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
            else:
                path.write_text(str(mapping), encoding="utf-8", errors="surrogatepass")
            mapping = path
        check_mapping(mapping)


def check_mapping(mapping):
    try:
        r = research.load_responses(MAPPED_FILE, STUDY, mapping=mapping, name="mapped.csv")
    except ResearchError as err:
        for lang in ("zh-Hans", "zh-Hant", "en"):
            assert err.message(lang)
        return
    explicit = {m.column: m.item for m in r.mapping.matches if m.how == "explicit"}
    assert set(explicit.values()) <= set(r.questionnaire.item_ids) | {s.id for s in r.questionnaire.segments}
    assert r.items.shape[0] == 2 and list(r.meta["row"]) == [2, 3]
    items = r.items.to_numpy(dtype=float)
    assert (np.isnan(items) | np.isin(items, [1, 2, 3, 4, 5])).all()
