"""Large exports (issue 7, point 4): a CSV is parsed and read in blocks, the
screening rules run on whole columns, and the generator makes samples of any
size.  Every fast path is checked against the plain computation it replaces."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import research
from conftest import dataset_generator
from research.errors import FileReadError
from research.io import files
from research.io.load import load_responses
from research.screening import _earlier_copies, _one_value, screen

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"


gen = dataset_generator()


def _same_responses(a, b):
    for name in ("items", "answers", "segments", "checks", "meta", "importance", "raw", "problems"):
        pd.testing.assert_frame_equal(getattr(a, name), getattr(b, name), check_exact=True, obj=name)
    assert a.notes == b.notes and a.source == b.source


# --------------------------------------------------------------------------- reading in blocks

@pytest.mark.parametrize("block_rows", [1, 7, 64, 499])
def test_blocks_give_the_same_responses_as_one_block(block_rows):
    whole = load_responses(SAMPLE, "lsq5", block_rows=10**9)
    _same_responses(load_responses(SAMPLE, "lsq5", block_rows=block_rows), whole)
    assert len(whole) == 500 and whole.raw.shape == (500, 6 + 5 + 27 + 1 + 5)  # meta, segments, items, check, importance


def test_blocks_keep_problems_row_numbers_and_blank_rows(tmp_path):
    """Off-scale answers, blank rows and a title row spread over many blocks."""
    lines = ["调查结果", "", "ECO1,ECO2,REL1"]
    for k in range(40):
        lines.append("" if k % 9 == 4 else f"{1 + k % 5},{'9' if k % 7 == 3 else 2},{'很好' if k % 11 == 5 else 4}")
    path = tmp_path / "t.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    whole = load_responses(path, "lsq5", block_rows=10**6)
    small = load_responses(path, "lsq5", block_rows=3)
    _same_responses(small, whole)
    # title row 1, blank row 2, header row 3: the first answer row is row 4, blank rows skipped but counted
    expected_rows = [4 + k for k in range(40) if k % 9 != 4]
    assert whole.meta["row"].tolist() == expected_rows
    assert sorted(whole.problems["row"]) == sorted([4 + k for k in range(40) if k % 7 == 3 and k % 9 != 4]
                                                   + [4 + k for k in range(40) if k % 11 == 5 and k % 9 != 4])
    assert set(whole.problems["value"]) == {"9", "很好"}


def test_a_ragged_row_deep_in_the_file_is_named_by_its_row(tmp_path):
    lines = ["ECO1,ECO2"] + ["5,4"] * 250 + ["3,2,1,extra"] + ["1,1"] * 10
    path = tmp_path / "r.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(FileReadError) as err:
        load_responses(path, "lsq5", block_rows=16)
    assert err.value.key == "file_ragged_row" and err.value.row == 252


@pytest.mark.parametrize("piece", [1, 5, 17, 1 << 20])
def test_line_pieces_split_as_one_stream(piece):
    text = ('a,b\r\n"x\ny",2\r\n' '"q""\r\nr",3\n' "\n" 'z,"4\r' '5"\r' 'last,6' + "\n" * 3 + "tail")
    expected = list(io.StringIO(text, newline=""))
    assert list(files._lines(text, 0, piece)) == expected
    assert list(files._lines(text, 4, piece)) == list(io.StringIO(text[4:], newline=""))
    assert list(csv.reader(files._lines(text, 0, piece))) == list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize("name", ["sep=;\nA;B;C\n1;2;3\n", "\ufeffA,B,C\n1,\"2\n2\",3\n",
                                  "\n\nTitle\n\nA\tB\tC\n1\t2\t\n\n\n"])
def test_streamed_table_holds_the_same_cells(tmp_path, name):
    path = tmp_path / "x.csv"
    path.write_bytes(name.encode("utf-8"))
    whole = files.read_table(path)
    streamed = files.read_table(path, stream=True)
    assert streamed.offset == whole.offset and streamed.encoding == whole.encoding
    assert streamed.widths[:1] == whole.widths[:1]
    rest = streamed.rows + list(streamed.rest)
    while rest and not rest[-1]:
        rest.pop()  # the whole read drops trailing blank rows; the streamed one skips them as it reads
    assert rest == whole.rows


def test_a_value_under_a_blank_header_cell_far_down_is_kept(tmp_path):
    """Excel writes "ECO1,ECO2," for an unnamed third column; its first value may come after the rows
    the layout was read from (and after the first block): the raw table still has it."""
    lines = ["ECO1,ECO2,"] + ["5,4"] * (files.HEAD_ROWS + 30) + ["3,2,note"] + ["1,1"] * 5
    path = tmp_path / "late.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    r = load_responses(path, "lsq5", block_rows=100)
    assert list(r.raw.columns) == ["ECO1", "ECO2", "(C)"]
    late = files.HEAD_ROWS + 30
    assert r.raw["(C)"].iloc[late] == "note" and r.raw["(C)"].iloc[:late].isna().all()
    assert r.raw["(C)"].iloc[:late].map(lambda v: v is None).all() and r.raw["(C)"].iloc[late + 1:].isna().all()
    assert r.raw.shape == (len(lines) - 1, 3) and r.answers["ECO1"].iloc[late] == 3


def test_a_header_below_many_blank_rows_is_found(tmp_path):
    path = tmp_path / "low.csv"
    path.write_text("\n" * (files.HEAD_ROWS + 50) + "ECO1,ECO2\n5,4\n3,2\n", encoding="utf-8")
    r = load_responses(path, "lsq5")
    assert r.meta["row"].tolist() == [files.HEAD_ROWS + 52, files.HEAD_ROWS + 53]
    assert r.answers["ECO1"].tolist() == [5.0, 3.0]


def test_size_limits_hold_when_streamed(tmp_path, monkeypatch):
    monkeypatch.setattr(files, "MAX_ROWS", 50)
    path = tmp_path / "long.csv"
    path.write_text("ECO1,ECO2\n" + "1,2\n" * 80, encoding="utf-8")
    with pytest.raises(FileReadError) as err:
        load_responses(path, "lsq5")
    assert err.value.key == "file_too_many_rows" and err.value.row == 51


# --------------------------------------------------------------------------- screening on whole columns

_cells = st.one_of(st.none(), st.sampled_from([1.0, 2.0, 3.0]))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_cells, min_size=3, max_size=3), min_size=1, max_size=30),
       st.lists(st.sampled_from([None, "1", "1;3", "x"]), min_size=30, max_size=30))
def test_earlier_copies_are_those_of_a_row_by_row_search(rows, texts):
    frame = pd.DataFrame(rows, columns=["a", "b", "c"], dtype=float)
    frame["seg"] = pd.array([None if t is None else len(t) for t in texts[:len(rows)]], dtype="Int64")
    frame["multi"] = pd.Series(texts[:len(rows)], dtype=object)
    first, expected = {}, []
    for pos, values in enumerate(frame.itertuples(index=False, name=None)):
        key = tuple(None if pd.isna(v) else v for v in values)
        if all(v is None for v in key):
            continue
        if key in first:
            expected.append((pos, first[key]))
        else:
            first[key] = pos
    assert _earlier_copies(frame) == expected


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(_cells, min_size=4, max_size=4), min_size=1, max_size=20))
def test_one_value_is_nunique_one(rows):
    frame = pd.DataFrame(rows, dtype=float)
    assert _one_value(frame).tolist() == (frame.nunique(axis=1) == 1).tolist()


# --------------------------------------------------------------------------- samples of any size

def test_generator_scales_the_careless_rows():
    assert gen.careless_counts(500) == {"straightliner": 12, "speeder": 15, "attention": 10, "duplicate": 3}
    assert gen.careless_counts(100_000) == {"straightliner": 2400, "speeder": 3000, "attention": 2000,
                                            "duplicate": 600}


@pytest.fixture(scope="module")
def big(tmp_path_factory):
    path = tmp_path_factory.mktemp("scale") / "lsq5_6000.csv"
    return gen.write_export(path, 6000), gen.build_sample(n=6000)


def test_a_generated_export_reads_back_and_screens_as_planned(big):
    path, sample = big
    assert path.read_bytes() == gen.write_export(path.with_name("again.csv"), 6000).read_bytes()
    r = load_responses(path, "lsq5", block_rows=1000)
    assert len(r) == 6000 and r.source.encoding == "gbk"
    items = [i for i in sample.item_columns if not i.startswith("ATTN")]
    expected = sample.data[items].to_numpy(dtype=float)
    assert np.array_equal(np.isnan(expected), r.answers[items].isna().to_numpy())
    assert np.array_equal(np.nan_to_num(expected), r.answers[items].fillna(0).to_numpy())
    s = screen(r)
    planned = {row for kind in ("straightliner", "speeder", "attention", "duplicate") for row in sample.rows_of(kind)}
    found = {int(x) for x in s.excluded["respondent"]}
    # every planned careless row is caught; the rest are chance copies among straight-liners, named as such
    assert planned <= found
    extra = s.excluded[~s.excluded["respondent"].astype(int).isin(planned)]
    assert all(reasons == ["duplicate"] for reasons in extra["reasons"])
    assert s.n_kept == 6000 - len(found)


def test_analysis_of_a_large_export_recovers_the_population(big):
    path, _ = big
    result = research.analyze(path, questionnaire="lsq5", bootstrap=0)
    p = result.sem.parameters
    paths = p[p["op"] == "~"].set_index(["lhs", "rhs"])
    for (target, source), beta in gen.PATHS.items():
        row = paths.loc[(target, source)]
        # within 4 standard errors of the population value (SE of std.all ≈ se·std.all/est)
        assert abs(row["std.all"] - beta) < 4 * row["se"] * abs(row["std.all"] / row["est"]), (target, source)
    assert result.sem.n > 4000


# --------------------------------------------------------------------------- one call per distinct cell

def test_each_distinct_keeps_types_and_signs_apart():
    from research.distinct import each_distinct

    calls = []

    def text(v):
        calls.append(v)
        return repr(v)

    values = [1, True, 1.0, -0.0, 0.0, "1", 1, True, float("nan"), None, None, [1], "1", float("nan")]
    assert each_distinct(text, values) == [repr(v) for v in values]
    assert len(calls) == len(values) - 5        # the repeated 1, True, None, "1" and NaN are not read again


def test_written_csv_equals_cell_by_cell(tmp_path):
    from research.export import csv_bytes, excel_safe
    from research.io.save import _cell, write_csv

    frame = pd.DataFrame({"a": [1.0, 2.5, np.nan, -0.0, 1.0], "b": ["=cmd", "x", None, "-2", "=cmd"],
                          "c": pd.array([1, None, 3, 3, 1], dtype="Int64"),
                          "d": pd.to_datetime(["2026-09-01 10:00", None, "2026-09-02 00:00", "2026-09-02 00:00", None])})
    rows = [[_cell(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    expected = "\r\n".join(",".join(r) for r in [list(frame.columns)] + rows) + "\r\n"
    assert write_csv(frame, tmp_path / "x.csv").read_bytes().decode("utf-8-sig") == expected
    assert "'=cmd" in expected and ",-0," not in expected
    by_cell = [[excel_safe(v) for v in row] for row in frame.itertuples(index=False, name=None)]
    expected = "\r\n".join(",".join(r) for r in [list(frame.columns)] + by_cell) + "\r\n"
    assert csv_bytes(frame).decode("utf-8-sig") == expected


def test_a_ragged_row_after_the_first_block_still_comes_before_a_mapping_error(tmp_path):
    """Read whole, the file's own error (row 8) came first; read in blocks it still does."""
    path = tmp_path / "bad.csv"
    path.write_text("a,b\n" + "1,2\n" * 6 + "1,2,3\n", encoding="utf-8")
    with pytest.raises(FileReadError) as err:
        load_responses(path, "lsq5", block_rows=2)
    assert err.value.key == "file_ragged_row" and err.value.row == 8


def test_repeated_header_names_keep_every_column_as_read(tmp_path):
    path = tmp_path / "rep.csv"
    path.write_text("ECO1,Z,Z,Z [2]\n5,1,2,3\n4,4,5,6\n", encoding="utf-8")
    r = load_responses(path, "lsq5", block_rows=1)
    assert list(r.raw.columns) == ["ECO1", "Z", "Z [2]", "Z [2] [2]"]
    assert r.raw.iloc[:, 1:].to_numpy().tolist() == [["1", "2", "3"], ["4", "5", "6"]]


def test_only_none_blanks_take_the_text_path():
    from research.io.load import _texts

    codes, texts = _texts(("a", None, "b", "a"))
    assert texts == ["a", "b"] and codes.tolist() == [0, 2, 1, 0]      # None → one past the texts
    assert _texts(("a", float("nan"))) is None and _texts(("a", pd.NaT)) is None and _texts(("a", 1)) is None
    assert _texts(("a", [1])) is None
