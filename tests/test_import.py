"""Import of survey exports: encodings, layouts, column mapping, answer coding."""
from __future__ import annotations

import hashlib
import math

import numpy as np
import pandas as pd
import pytest

import research
from research.errors import DataError, FileReadError, MappingError, QuestionnaireError, ResearchError
from research.io.encoding import decode_text

# A small questionnaire: two constructs, a reverse-keyed item, a segment, a 7-point item.
STUDY = {
    "languages": ["zh-Hans", "zh-Hant", "en"],
    "scale": 5,
    "constructs": {
        "ECO": {"items": [
            {"id": "ECO1", "text": {"zh-Hans": "物流费用与配送速度相称", "zh-Hant": "物流費用與配送速度相稱",
                                    "en": "Shipping fees match the delivery speed"}},
            {"id": "ECO2", "text": {"zh-Hans": "退货运费可以接受", "zh-Hant": "退貨運費可以接受",
                                    "en": "Return shipping costs are acceptable"}},
        ]},
        "REL": {"items": [
            {"id": "REL1", "text": {"zh-Hans": "包裹按承诺时间送达", "zh-Hant": "包裹按承諾時間送達",
                                    "en": "Parcels arrive when promised"}},
            {"id": "REL4", "reverse": True,
             "text": {"zh-Hans": "包裹时常破损或丢失", "zh-Hant": "包裹時常破損或遺失",
                      "en": "Parcels are often damaged or lost"}},
            {"id": "REL5", "scale": 7,
             "text": {"zh-Hans": "物流信息准确可信", "zh-Hant": "物流資訊準確可信",
                      "en": "Tracking information is accurate"}},
        ]},
    },
    "segments": [{"id": "GENDER", "text": {"zh-Hans": "您的性别", "zh-Hant": "您的性別", "en": "Your gender"},
                  "options": [{"code": 1, "label": {"zh-Hans": "男", "zh-Hant": "男", "en": "Male"}},
                              {"code": 2, "label": {"zh-Hans": "女", "zh-Hant": "女", "en": "Female"}}]}],
}
# Printed numbers: GENDER 1, ECO1 2, ECO2 3, REL1 4, REL4 5, REL5 6.

WJX = (
    "序号,提交答卷时间,所用时间,来源,来源详情,来自IP,1、您的性别,2、物流费用与配送速度相称,3、退货运费可以接受,"
    "4、包裹按承诺时间送达,5、包裹时常破损或丢失,6、物流信息准确可信\n"
    "1,2026/09/03 12:00:00,123秒,手机提交,直接访问,117.136.12.34(江苏-南京),男,非常同意,同意,一般,不同意,比较同意\n"
    "2,2026/09/03 12:05:00,2分5秒,微信,N/A,117.136.12.35(江苏-苏州),女,不同意,(跳过),非常不同意,非常同意,7\n"
    "3,2026/09/03 12:09:00,300,链接,N/A,117.136.12.36,女,4,-3,3,2,非常同意\n"
)
EXPECTED_ANSWERS = pd.DataFrame(
    {"ECO1": [5, 2, 4], "ECO2": [4, np.nan, np.nan], "REL1": [3, 1, 3], "REL4": [2, 5, 2], "REL5": [5, 7, 7]},
    dtype=float)


def write(tmp_path, name, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def load(path_or_bytes, **kw):
    return research.load_responses(path_or_bytes, STUDY, **kw)


# --------------------------------------------------------------------------- encodings

@pytest.mark.parametrize("encoding,expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gbk"), ("gb18030", "gbk"), ("utf-16", "utf-16"),
])
def test_wjx_csv_in_every_encoding_gives_the_same_answers(tmp_path, encoding, expected):
    path = write(tmp_path, "wjx.csv", WJX.encode(encoding))
    r = load(path)
    assert r.source.encoding == expected
    assert r.source.platform == "wjx"
    pd.testing.assert_frame_equal(r.answers, EXPECTED_ANSWERS)


def test_gb18030_only_characters_are_detected_as_gb18030(tmp_path):
    # 𠮷 (U+20BB7) exists in GB18030 but not in GBK.
    text = WJX.replace("117.136.12.36", "117.136.12.36 𠮷")
    r = load(write(tmp_path, "x.csv", text.encode("gb18030")))
    assert r.source.encoding == "gb18030"
    pd.testing.assert_frame_equal(r.answers, EXPECTED_ANSWERS)


def test_big5_export_from_taiwan(tmp_path):
    big5 = ("您的性別,物流費用與配送速度相稱,退貨運費可以接受,包裹按承諾時間送達,包裹時常破損或遺失,物流資訊準確可信\n"
            "男,非常同意,同意,普通,不同意,有點同意\n女,不同意,,非常不同意,非常同意,非常同意\n")
    r = load(write(tmp_path, "tw.csv", big5.encode("big5")))
    assert r.source.encoding == "big5"
    assert r.answers["ECO1"].tolist() == [5, 2]
    assert r.answers["REL1"].tolist() == [3, 1]
    assert r.answers["REL5"].tolist() == [5, 7]
    assert r.segments["GENDER"].tolist() == [1, 2]


def test_decode_text_never_guesses_utf8_for_gbk():
    data = "物流费用合理,非常同意".encode("gbk")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert decode_text(data) == ("物流费用合理,非常同意", "gbk")


# --------------------------------------------------------------------------- answers and recoding

def test_answers_items_reverse_keying_and_metadata(tmp_path):
    r = load(write(tmp_path, "wjx.csv", WJX.encode("gbk")))
    # REL4 is reverse-keyed on 5 points: item = 6 - answer; others unchanged.
    assert r.items["REL4"].tolist() == [4, 1, 4]
    pd.testing.assert_series_equal(r.items["ECO1"], r.answers["ECO1"])
    assert r.segments["GENDER"].tolist() == [1, 2, 2]
    assert r.meta["row"].tolist() == [2, 3, 4]
    assert r.meta["respondent"].tolist() == ["1", "2", "3"]
    assert r.meta["duration"].tolist() == [123.0, 125.0, 300.0]
    assert r.meta["ip"].tolist() == ["117.136.12.34", "117.136.12.35", "117.136.12.36"]
    assert r.meta["submitted"].iloc[1] == pd.Timestamp("2026-09-03 12:05:00")
    assert r.problems.empty
    assert set(r.mapping.mapped.values()) == {"GENDER", "ECO1", "ECO2", "REL1", "REL4", "REL5"}


def test_english_and_traditional_labels_and_seven_point_items(tmp_path):
    text = ("ECO1,ECO2,REL1,REL4,REL5\n"
            "Strongly agree,Neither agree nor disagree,Disagree,Agree,Somewhat agree\n"
            "非常滿意,普通,不滿意,非常不同意,有點不同意\n"
            " strongly  DISAGREE ,５,2.0,(5) 非常同意,中立\n")
    r = load(write(tmp_path, "en.csv", text.encode("utf-8")))
    assert r.answers["ECO1"].tolist() == [5, 5, 1]
    assert r.answers["ECO2"].tolist() == [3, 3, 5]
    assert r.answers["REL1"].tolist() == [2, 2, 2]
    assert r.answers["REL4"].tolist() == [4, 1, 5]
    # 7-point: somewhat agree = 5, 有點不同意 = 3, 中立 = 4
    assert r.answers["REL5"].tolist() == [5, 3, 4]
    assert r.problems.empty


def test_out_of_range_and_unrecognised_answers_are_reported_not_fatal(tmp_path):
    text = ("ECO1,ECO2,REL1,REL4,REL5\n"
            "6,3,3,3,8\n"
            "maybe,3,0,3.5,7\n"
            "=cmd|' /C calc'!A0,3,3,3,1\n")
    r = load(write(tmp_path, "bad.csv", text.encode("utf-8")))
    assert math.isnan(r.answers.loc[0, "ECO1"]) and math.isnan(r.answers.loc[0, "REL5"])
    got = {(p.row, p.column, p.value, p.kind) for p in r.problems.itertuples()}
    assert got == {
        (2, "ECO1", "6", "out_of_range"), (2, "REL5", "8", "out_of_range"),
        (3, "ECO1", "maybe", "unrecognised"), (3, "REL1", "0", "out_of_range"), (3, "REL4", "3.5", "out_of_range"),
        (4, "ECO1", "=cmd|' /C calc'!A0", "unrecognised"),
    }
    msg = r.problems.set_index(["row", "column"]).loc[(2, "ECO1")]
    assert "1 = Strongly disagree … 5 = Strongly agree" in msg["message"]
    assert "量表" in msg["message_zh"]
    assert r.answers.loc[2, "REL5"] == 1


# --------------------------------------------------------------------------- mapping

def test_mapping_by_number_when_headers_carry_no_text(tmp_path):
    text = "Q1,Q2,Q3,Q4,Q5,Q6\n1,5,4,3,2,6\n"
    r = load(write(tmp_path, "n.csv", text.encode()))
    how = {m.item: m.how for m in r.mapping.matches}
    assert how == {"GENDER": "number", "ECO1": "number", "ECO2": "number", "REL1": "number", "REL4": "number",
                   "REL5": "number"}
    assert r.answers.iloc[0].tolist() == [5, 4, 3, 2, 6]


def test_mapping_by_fuzzy_text_and_unmapped_columns(tmp_path):
    # A student reworded two questions slightly and added a free-text question.
    text = ("您的性别：,物流费用和配送速度相称,退货的运费可以接受,包裹都按承诺时间送达,包裹时常破损或丢失,"
            "物流信息准确可信,您对本店还有什么建议？\n男,5,4,3,2,1,无\n")
    r = load(write(tmp_path, "f.csv", text.encode("utf-8")))
    how = {m.item: m.how for m in r.mapping.matches if m.item}
    assert how["ECO1"] == "text" and how["ECO2"] == "text" and how["REL1"] == "text"
    assert r.mapping.unmapped == ["您对本店还有什么建议？"]
    assert r.answers.iloc[0].tolist() == [5, 4, 3, 2, 1]


def test_explicit_mapping_overrides_and_can_ignore(tmp_path):
    text = "a,b,c,d,e,ECO1\n5,4,3,2,1,3\n"
    path = write(tmp_path, "m.csv", text.encode())
    mapping = {"a": "ECO1", "b": "ECO2", "c": "REL1", "d": "REL4", "e": "REL5", "ECO1": None}
    r = load(path, mapping=mapping)
    assert r.answers.iloc[0].tolist() == [5, 4, 3, 2, 1]
    assert {m.column: m.how for m in r.mapping.matches}["ECO1"] == "ignored"
    yaml_path = write(tmp_path, "map.yaml", "a: ECO1\nb: ECO2\nc: REL1\nd: REL4\ne: REL5\nECO1: null\n".encode())
    r2 = load(path, mapping=yaml_path)
    pd.testing.assert_frame_equal(r.answers, r2.answers)


def test_explicit_mapping_errors_name_the_column(tmp_path):
    path = write(tmp_path, "m.csv", "a,b\n5,4\n".encode())
    with pytest.raises(MappingError) as err:
        load(path, mapping={"a": "NOPE1"})
    assert err.value.column == "a" and err.value.value == "NOPE1"
    assert "NOPE1" in err.value.message("zh-Hans") and "NOPE1" in err.value.message("en")
    with pytest.raises(MappingError) as err:
        load(path, mapping={"zzz": "ECO1"})
    assert err.value.column == "zzz"


def test_ambiguous_and_duplicate_columns_are_reported(tmp_path):
    study = {"scale": 5, "constructs": {"A": {"items": [
        {"id": "A1", "text": "the parcel arrived quickly"},
        {"id": "A2", "text": "the parcels arrive quickly"},
        {"id": "A3", "text": "parcels were intact"}]}}}
    text = "the parcel arrives quickly,A3,A3\n4,5,5\n"
    r = research.load_responses(write(tmp_path, "a.csv", text.encode()), study)
    by_col = {m.column: m for m in r.mapping.matches}
    assert by_col["the parcel arrives quickly"].how == "ambiguous"
    assert set(by_col["the parcel arrives quickly"].candidates) == {"A1", "A2"}
    assert by_col["A3"].item == "A3" and by_col["A3 [2]"].how == "duplicate"
    assert r.mapping.missing == ("A1", "A2")


def test_no_mappable_columns_is_a_clear_error(tmp_path):
    path = write(tmp_path, "x.csv", "foo,bar\n1,2\n".encode())
    with pytest.raises(DataError) as err:
        load(path)
    assert err.value.file == "x.csv"
    assert "列映射" in err.value.message("zh-Hans") and "mapping" in err.value.message("en")


# --------------------------------------------------------------------------- bad files

def test_bad_files_raise_research_errors_with_where_and_fix(tmp_path):
    cases = {
        "empty.csv": b"",
        "blank.csv": b"  \n\n",
        "binary.csv": bytes(range(256)) * 4,
        "header_only.csv": "ECO1,ECO2\n".encode(),
        "no_header.csv": b",,\n1,2,3\n",
        "fake.xlsx": b"PK\x03\x04 not really a zip",
        "fake.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 not really OLE",
        "fake.sav": b"$FL2 not really spss",
    }
    for name, data in cases.items():
        with pytest.raises(FileReadError) as err:
            load(write(tmp_path, name, data))
        e = err.value
        assert e.file == name, name
        for lang in ("zh-Hans", "zh-Hant", "en"):
            assert name in e.message(lang)
    with pytest.raises(FileReadError) as err:
        load(tmp_path / "does_not_exist.csv")
    assert err.value.key == "file_not_found"


def test_ragged_row_names_the_row(tmp_path):
    text = "ECO1,ECO2\n5,4\n3,2,1,extra\n"
    with pytest.raises(FileReadError) as err:
        load(write(tmp_path, "r.csv", text.encode()))
    assert err.value.row == 3 and err.value.key == "file_ragged_row"
    assert "第 3 行" in err.value.message("zh-Hans") and "第 3 列" in err.value.message("zh-Hant")
    assert "row 3" in err.value.message("en")


def test_short_rows_and_blank_rows_keep_excel_row_numbers(tmp_path):
    text = "ECO1,ECO2,REL1\n5,4,3\n\n2\n"
    r = load(write(tmp_path, "s.csv", text.encode()))
    assert r.meta["row"].tolist() == [2, 4]
    assert r.answers["ECO1"].tolist() == [5, 2]
    assert math.isnan(r.answers.loc[1, "REL1"])


def test_the_uploaded_file_is_never_changed(tmp_path):
    path = write(tmp_path, "wjx.csv", WJX.encode("gbk"))
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    r = load(path)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before == r.source.sha256
    # raw keeps the cells exactly as read
    assert r.raw.loc[0, "2、物流费用与配送速度相称"] == "非常同意"


def test_bytes_and_file_objects_are_accepted(tmp_path):
    import io

    data = WJX.encode("utf-8-sig")
    r1 = load(data, name="upload.csv")
    r2 = load(io.BytesIO(data), name="upload.csv")
    pd.testing.assert_frame_equal(r1.answers, EXPECTED_ANSWERS)
    pd.testing.assert_frame_equal(r2.answers, EXPECTED_ANSWERS)
    assert r1.source.file == "upload.csv"


def test_every_error_is_a_research_error():
    for cls in (FileReadError, MappingError, DataError, QuestionnaireError):
        assert issubclass(cls, ResearchError)


def test_bundled_wjx_gbk_sample_gives_the_clean_files_data():
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "datasets"
    wjx = research.load_responses(root / "lsq5_wjx_gbk.csv", "lsq5")
    clean = research.load_responses(root / "lsq5_sample.csv", "lsq5")
    assert (wjx.source.platform, wjx.source.encoding) == ("wjx", "gbk")
    assert wjx.n == clean.n == 500
    pd.testing.assert_frame_equal(wjx.items, clean.items)
    pd.testing.assert_frame_equal(wjx.answers, clean.answers)
    pd.testing.assert_frame_equal(wjx.checks, clean.checks)
    pd.testing.assert_frame_equal(wjx.segments.astype("Int64"), clean.segments.astype("Int64"))
    how = {m.item: m.how for m in wjx.mapping.matches if m.item}
    assert how["GENDER"] == "text" and how["SAT1"] == "text" and how["ECO1"] == "text"
    assert wjx.problems.empty and clean.problems.empty


def test_submission_times_in_every_layout_and_impossible_dates(tmp_path):
    rows = ["2026/09/03 12:00:00", "9/3/2026 1:02:03 PM", "2026-09-03T10:00:00+08:00", "1066-01-01 00:00:00",
            "9999/12/31 23:59:59", "yesterday-ish"]
    text = "Timestamp,ECO1\n" + "".join(f"{t},3\n" for t in rows)
    r = load(write(tmp_path, "g.csv", text.encode()))
    assert r.source.platform == "googleforms"
    assert r.meta["submitted"].tolist()[:3] == [pd.Timestamp("2026-09-03 12:00:00"),
                                                pd.Timestamp("2026-09-03 13:02:03"),
                                                pd.Timestamp("2026-09-03 10:00:00")]
    assert r.meta["submitted"].iloc[3:].isna().all()


@pytest.mark.parametrize("text,seconds", [("123秒", 123), ("2分5秒", 125), ("1时2分3秒", 3723), ("1小时", 3600),
                                          ("00:02:03", 123), ("02:03", 123), ("95.5", 95.5), ("-5", None),
                                          ("很快", None), ("", None)])
def test_durations(text, seconds):
    from research.io.load import _read_duration

    got = _read_duration(text)
    assert (math.isnan(got) if seconds is None else got == seconds)


def test_negated_header_is_not_matched_to_the_positive_item(tmp_path):
    study = {"scale": 5, "constructs": {"A": {"items": [
        {"id": "A1", "text": "运费合理"}, {"id": "A2", "text": "送货及时"},
        {"id": "A3", "text": "The courier was polite"}]}}}
    text = "运费不合理,送货及时,The courier wasn't polite\n2,4,3\n"
    r = research.load_responses(write(tmp_path, "neg.csv", text.encode("utf-8")), study)
    how = {m.column: (m.item, m.how) for m in r.mapping.matches}
    assert how["运费不合理"] == (None, "unmapped")
    assert how["The courier wasn't polite"] == (None, "unmapped")
    assert how["送货及时"] == ("A2", "text")


def test_true_is_not_the_answer_one_and_sav_rows_are_case_numbers(tmp_path):
    import openpyxl
    import pyreadstat

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["ECO1", "ECO2"])
    ws.append([True, 1])
    ws.append([1, True])
    path = tmp_path / "b.xlsx"
    book.save(path)
    r = load(path)
    assert r.answers["ECO2"].tolist()[0] == 1 and r.answers["ECO1"].tolist()[1] == 1
    assert math.isnan(r.answers["ECO1"].iloc[0]) and math.isnan(r.answers["ECO2"].iloc[1])
    sav = tmp_path / "s.sav"
    pyreadstat.write_sav(pd.DataFrame({"ECO1": [5.0, 9.0], "ECO2": [4.0, 4.0]}), str(sav))
    r = load(sav)
    assert r.meta["row"].tolist() == [1, 2]
    assert r.problems[["row", "column", "value"]].values.tolist() == [[2, "ECO1", "9"]]


@pytest.mark.parametrize("text,encoding,expected", [
    ("ECO1,ECO2\n同意,一般\n", "gbk", "gbk"),
    ("ECO1,ECO2\n非常滿意,普通\n", "big5", "big5"),
])
def test_short_chinese_files_are_read_in_the_right_encoding(text, encoding, expected):
    assert decode_text(text.encode(encoding)) == (text, expected)


def test_mapping_yaml_keeps_column_names_as_text_and_refuses_repeats(tmp_path):
    path = write(tmp_path, "m.csv", "1.50,true,x\n5,4,3\n".encode())
    good = write(tmp_path, "map.yaml", "1.50: ECO1\ntrue: ECO2\nx: null\n".encode())
    r = load(path, mapping=good)
    assert r.answers["ECO1"].tolist() == [5] and r.answers["ECO2"].tolist() == [4]
    assert {m.column: m.how for m in r.mapping.matches}["x"] == "ignored"
    bad = write(tmp_path, "bad.yaml", "1.50: ECO1\n1.50: ECO2\n".encode())
    with pytest.raises(MappingError) as err:
        load(path, mapping=bad)
    assert "mapped twice (line 2)" in err.value.message("en") and err.value.column == "1.50"
    assert "映射了两次" in err.value.message("zh-Hans") and "bad.yaml" in err.value.message("zh-Hant")


def test_number_segments_accept_units_but_never_truncate(tmp_path):
    study = {"constructs": {"A": ["A1"]}, "segments": [{"id": "AGE", "type": "number"}]}
    text = "AGE,A1\n25岁,3\n\"1,200元\",3\n20-25,3\n3.5万,3\n 31 ,3\n"
    r = research.load_responses(write(tmp_path, "n.csv", text.encode("utf-8")), study)
    got = r.segments["AGE"].tolist()
    assert got[0] == 25 and got[1] == 1200 and got[4] == 31
    assert pd.isna(got[2]) and pd.isna(got[3])
    assert [(p.row, p.value) for p in r.problems.itertuples()] == [(4, "20-25"), (5, "3.5万")]
