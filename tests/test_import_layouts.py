"""Import: platform layouts, rows above the header, SPSS value labels, multi-select answers,
huge sheets, Latin-1 CSVs and number-assisted text matching (review findings)."""
from __future__ import annotations

import math
import time

import numpy as np
import openpyxl
import pandas as pd
import pytest

import research
from research.errors import FileReadError
from research.io.encoding import decode_text

from test_import import STUDY, write


def load(path, **kw):
    return research.load_responses(path, STUDY, **kw)


# --------------------------------------------------------------------------- Qualtrics

LEGACY_QUALTRICS = (
    "V1,V2,V3,V4,V5,V6,V7,V8,V9,V10,Q1,Q2,Q3,Q4,Q5,Q6\n"
    "ResponseID,ResponseSet,Name,ExternalDataReference,EmailAddress,IPAddress,Status,StartDate,EndDate,Finished,"
    "Your gender,Shipping fees match the delivery speed,Return shipping costs are acceptable,"
    "Parcels arrive when promised,Parcels are often damaged or lost,Tracking information is accurate\n"
    "R_1a,Default Response Set,Anonymous,,,1.2.3.4,0,2016-03-01 10:00:00,2016-03-01 10:05:00,1,1,5,4,3,2,6\n"
    "R_2b,Default Response Set,Anonymous,,,1.2.3.5,0,2016-03-01 11:00:00,2016-03-01 11:02:30,1,2,Agree,1,5,4,7\n"
)


def test_legacy_qualtrics_export_with_two_header_rows(tmp_path):
    r = load(write(tmp_path, "legacy.csv", LEGACY_QUALTRICS.encode("utf-8")))
    assert (r.source.platform, r.source.header_rows) == ("qualtrics", 2)
    assert r.meta["row"].tolist() == [3, 4]
    assert r.meta["respondent"].tolist() == ["R_1a", "R_2b"]
    assert r.meta["ip"].tolist() == ["1.2.3.4", "1.2.3.5"]
    assert r.meta["duration"].tolist() == [300.0, 150.0]      # EndDate − StartDate
    assert r.meta["submitted"].iloc[0] == pd.Timestamp("2016-03-01 10:05:00")
    assert r.segments["GENDER"].tolist() == [1, 2]
    assert r.answers.to_numpy().tolist() == [[5, 4, 3, 2, 6], [4, 1, 5, 4, 7]]
    how = {m.item: m.how for m in r.mapping.matches if m.item}
    assert set(how.values()) == {"text"}
    roles = {m.column: m.role for m in r.mapping.matches if m.how == "metadata"}
    assert roles["V1"] == "respondent" and roles["V6"] == "ip" and roles["V8"] == "started"
    assert roles["V9"] == "submitted" and roles["V2"] == "other"
    assert r.problems.empty


def test_qualtrics_question_names_are_not_printed_numbers(tmp_path):
    # Q2's text only loosely resembles ECO1 ("question 2" when printed): Qualtrics numbers
    # questions in creation order, so the Q2 must not decide — the column stays unmapped.
    text = ("StartDate,EndDate,Status,ResponseId,Q2,Q3\n"
            "Start Date,End Date,Response Type,Response ID,Shipping fees are fine,"
            "Return shipping costs are acceptable\n"
            '{"ImportId":"startDate"},{"ImportId":"endDate"},{"ImportId":"status"},{"ImportId":"_recordId"},'
            '{"ImportId":"QID7"},{"ImportId":"QID3"}\n'
            "2026-01-01 10:00:00,2026-01-01 10:01:00,0,R_1,5,4\n")
    r = load(write(tmp_path, "q.csv", text.encode("utf-8")))
    assert (r.source.platform, r.source.header_rows) == ("qualtrics", 3)
    by_col = {m.column: m for m in r.mapping.matches}
    assert (by_col["Q2"].item, by_col["Q2"].how) == (None, "unmapped")
    assert (by_col["Q3"].item, by_col["Q3"].how) == ("ECO2", "text")
    assert r.answers["ECO2"].tolist() == [4]
    # the same header in a generic file is mapped by its number, as before
    r = load(write(tmp_path, "g.csv", "Q2,Q3\n5,4\n".encode()))
    assert {m.item: m.how for m in r.mapping.matches} == {"ECO1": "number", "ECO2": "number"}


# --------------------------------------------------------------------------- negations

def test_negation_words_block_fuzzy_matches_but_very_and_gender_do_not(tmp_path):
    study = {"scale": 5, "constructs": {"A": {"items": [
        {"id": "A1", "text": "物流信息准确可信"}, {"id": "A2", "text": "Parcels arrive when promised"},
        {"id": "A3", "text": "The courier answered my questions"}, {"id": "A4", "text": "物流速度特别快"}]}},
        "segments": [{"id": "SEX", "text": "您的性别", "options": ["男", "女"]}]}
    text = ("物流信息非常准确可信,Parcels never arrive when promised,The courier answered no questions,"
            "物流速度快,您的性别是\n4,2,3,5,女\n")
    r = research.load_responses(write(tmp_path, "neg.csv", text.encode("utf-8")), study)
    how = {m.column: (m.item, m.how) for m in r.mapping.matches}
    assert how["物流信息非常准确可信"] == ("A1", "text")          # 非常 is "very", not a negation
    assert how["物流速度快"] == ("A4", "text")                     # 特别 is "especially"
    assert how["您的性别是"] == ("SEX", "text")                    # 性别 is "gender"
    assert how["Parcels never arrive when promised"] == (None, "unmapped")
    assert how["The courier answered no questions"] == (None, "unmapped")


# --------------------------------------------------------------------------- SPSS value labels

def test_spss_value_labels_decide_the_answer(tmp_path):
    import pyreadstat

    frame = pd.DataFrame({"GENDER": [1.0, 2.0, 1.0], "ECO1": [1.0, 2.0, 5.0], "ECO2": [1.0, 3.0, 5.0],
                          "REL1": [1.0, 3.0, 5.0], "REL4": [2.0, 3.0, 5.0], "REL5": [7.0, 1.0, 4.0]})
    labels = {
        "GENDER": {1: "女", 2: "男"},                                   # questionnaire: 男 = 1, 女 = 2
        "ECO1": {1: "非常同意", 2: "同意", 3: "一般", 4: "不同意", 5: "非常不同意"},  # reversed labelling
        "ECO2": {1: "Pas du tout d'accord", 3: "Neutre", 5: "Tout à fait d'accord"},  # labels not known
        "REL1": {1: "非常同意", 5: "非常不同意"},                          # reversed, middle codes unlabelled
        "REL4": {1: "非常不同意", 5: "非常同意"},                          # as the questionnaire
    }
    path = tmp_path / "s.sav"
    pyreadstat.write_sav(frame, str(path), variable_value_labels=labels)
    r = load(path)
    assert r.segments["GENDER"].tolist() == [2, 1, 2]
    assert r.answers["ECO1"].tolist() == [5, 4, 1]
    assert r.answers["ECO2"].tolist() == [1, 3, 5]         # numeric codes kept, each flagged
    assert r.answers["REL1"].tolist()[0::2] == [5, 1] and math.isnan(r.answers["REL1"].iloc[1])
    assert r.answers["REL4"].tolist() == [2, 3, 5]
    assert r.answers["REL5"].tolist() == [7, 1, 4]
    got = sorted((p.row, p.column, p.value, p.kind) for p in r.problems.itertuples())
    assert got == [(1, "ECO2", "1", "label_conflict"), (2, "ECO2", "3", "label_conflict"),
                   (2, "REL1", "3", "label_conflict"), (3, "ECO2", "5", "label_conflict")]
    msgs = r.problems.set_index(["row", "column"])
    assert "Neutre" in msgs.loc[(2, "ECO2"), "message"] and "code" in msgs.loc[(2, "ECO2"), "message"]
    assert "missing" in msgs.loc[(2, "REL1"), "message"] and "缺失" in msgs.loc[(2, "REL1"), "message_zh"]


# --------------------------------------------------------------------------- multi-select

MULTI = {"constructs": {"A": ["A1"]},
         "segments": [{"id": "WHY", "type": "multi",
                       "options": ["快递、物流", "价格", "Fast, cheap delivery", "服务"]}]}


def test_multi_select_labels_with_separators_inside(tmp_path):
    text = ("WHY,A1\n"
            "快递、物流,3\n"                     # one option whose label holds 、
            "快递、物流┋价格,3\n"                # 问卷星 joins with ┋
            "\"Fast, cheap delivery, 价格\",3\n"   # Google Forms joins with ', '
            "2;4,3\n"                          # codes joined with ; (our own template)
            "快递,3\n"                          # half a label is no answer
            "价格、服务,3\n")                    # 、 joins nothing: not a label, reported
    r = research.load_responses(write(tmp_path, "m.csv", text.encode("utf-8")), MULTI)
    got = r.segments["WHY"].tolist()
    assert got[:4] == ["1", "1;2", "2;3", "2;4"] and pd.isna(got[4]) and pd.isna(got[5])
    assert [(p.row, p.value, p.kind) for p in r.problems.itertuples()] == [
        (6, "快递", "unrecognised"), (7, "价格、服务", "unrecognised")]


# --------------------------------------------------------------------------- rows above the header

def test_blank_last_header_cell_with_data_under_it(tmp_path):
    r = load(write(tmp_path, "b.csv", b"ECO1,ECO2,REL1,\n4,5,3,great\n2,2,2,\n"))
    assert r.answers[["ECO1", "ECO2", "REL1"]].to_numpy().tolist() == [[4, 5, 3], [2, 2, 2]]
    assert r.mapping.unmapped == ["(D)"]
    assert r.raw["(D)"].tolist() == ["great", None]
    assert r.meta["row"].tolist() == [2, 3]


def test_excel_sep_line_is_honoured_and_not_a_row(tmp_path):
    # Excel reads the "sep=" line as an instruction and does not show it: the header is row 1.
    r = load(write(tmp_path, "s.csv", b"sep=;\nECO1;ECO2;REL1\n4;5;3\n1,5;2;x\n"))
    assert r.answers[["ECO1", "ECO2", "REL1"]].iloc[0].tolist() == [4, 5, 3]
    assert r.meta["row"].tolist() == [2, 3]
    assert [(p.row, p.column, p.value) for p in r.problems.itertuples()] == [
        (3, "ECO1", "1,5"), (3, "REL1", "x")]


def test_title_row_and_blank_rows_above_the_header_keep_excel_row_numbers(tmp_path):
    text = "\n,,\n物流满意度调查 2026,,,\nECO1,ECO2,REL1\n4,5,3\n9,5,3\n"
    r = load(write(tmp_path, "t.csv", text.encode("utf-8")))
    assert r.answers["ECO1"].tolist()[0] == 4
    assert r.meta["row"].tolist() == [5, 6]
    assert [(p.row, p.column, p.value) for p in r.problems.itertuples()] == [(6, "ECO1", "9")]
    # the same in a workbook
    book = openpyxl.Workbook()
    ws = book.active
    ws["A3"] = "物流满意度调查"
    for k, row in enumerate([["ECO1", "ECO2", "REL1"], [4, 5, 3], [9, 5, 3]], start=4):
        for j, v in enumerate(row, start=1):
            ws.cell(k, j, v)
    path = tmp_path / "t.xlsx"
    book.save(path)
    r = load(path)
    assert r.meta["row"].tolist() == [5, 6]
    assert [(p.row, p.column, p.value) for p in r.problems.itertuples()] == [(6, "ECO1", "9")]


def test_single_column_file_is_not_taken_for_a_title():
    r = research.load_responses(b"ECO1\n5\n4\n", STUDY, name="one.csv")
    assert r.answers["ECO1"].tolist() == [5, 4] and r.meta["row"].tolist() == [2, 3]


# --------------------------------------------------------------------------- huge sheets

def test_styled_empty_cell_far_away_does_not_hang(tmp_path):
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["ECO1", "ECO2"])
    ws.append([5, 4])
    ws["ZZ200000"].font = Font(bold=True)
    path = tmp_path / "far.xlsx"
    book.save(path)
    start = time.perf_counter()
    r = load(path)
    assert time.perf_counter() - start < 5
    assert r.answers.to_numpy().tolist() == [[5, 4]]
    assert r.raw.shape == (1, 2)


def test_xlsx_too_wide_or_too_long_is_refused(tmp_path, monkeypatch):
    from research.io import files

    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["ECO1", "ECO2"])
    for _ in range(5):
        ws.append([5, 4])
    ws.cell(3, files.MAX_COLUMNS + 7, "x")
    path = tmp_path / "wide.xlsx"
    book.save(path)
    with pytest.raises(FileReadError) as err:
        load(path)
    assert err.value.key == "file_too_many_columns" and err.value.row == 3
    assert str(files.MAX_COLUMNS + 7) in err.value.message("en")

    monkeypatch.setattr(files, "MAX_ROWS", 4)
    book = openpyxl.Workbook()
    book.active.append(["ECO1"])
    for _ in range(5):
        book.active.append([3])
    path = tmp_path / "long.xlsx"
    book.save(path)
    with pytest.raises(FileReadError) as err:
        load(path)
    assert err.value.key == "file_too_many_rows" and err.value.row == 5
    for lang in ("zh-Hans", "zh-Hant", "en"):
        assert "4" in err.value.message(lang) and "long.xlsx" in err.value.message(lang)
    with pytest.raises(FileReadError) as err:
        load(write(tmp_path, "long.csv", b"ECO1\n3\n3\n3\n3\n3\n"))
    assert err.value.key == "file_too_many_rows"


# --------------------------------------------------------------------------- encodings

@pytest.mark.parametrize("text", [
    "Question,ECO1\nTrès satisfait,5\nPas d'accord,4\n",
    "Commentaire,ECO1\nLivraison rapide, très bien,5\nColis abîmé,2\nÇa va,3\n",
    "Frage,ECO1\nSehr zufrieden – schön,5\nÜberhaupt nicht,1\n",
    "Comment,ECO1\nIt’s “great”,5\nLivraison à domicile,4\n",
])
def test_latin_csv_is_not_read_as_big5_or_gbk(text):
    assert decode_text(text.encode("cp1252")) == (text, "cp1252")


def test_french_csv_loads(tmp_path):
    text = "Qualité perçue,ECO1,ECO2\nTrès bien,5,4\nMédiocre,2,1\n"
    r = load(write(tmp_path, "fr.csv", text.encode("cp1252")))
    assert r.source.encoding == "cp1252"
    assert r.raw["Qualité perçue"].tolist() == ["Très bien", "Médiocre"]
    assert r.answers.to_numpy().tolist() == [[5, 4], [2, 1]]


@pytest.mark.parametrize("text", ["您的性别,满意度\n男,非常满意\n", "ECO1,ECO2\n同意,一般\n",
                                  "序号,提交答卷时间\n1,2026/09/03\n"])
def test_short_gbk_files_stay_gbk(text):
    assert decode_text(text.encode("gbk")) == (text, "gbk")


# --------------------------------------------------------------------------- text + number

def test_ambiguous_text_is_resolved_by_the_header_number(tmp_path):
    study = {"scale": 5, "constructs": {
        "SAT": {"items": [{"id": "SAT1", "text": "总体满意"}, {"id": "SAT2", "text": "愿意推荐"}]},
        "LOY": {"items": [{"id": "LOY1", "text": "总体满意"}, {"id": "LOY2", "text": "会再次购买"}]}}}
    # printed: SAT1 1, SAT2 2, LOY1 3, LOY2 4
    text = "1、总体满意,2、愿意推荐,3、总体满意,4、会再次购买,5、总体满意\n5,4,3,2,1\n"
    r = research.load_responses(write(tmp_path, "n.csv", text.encode("utf-8")), study)
    by_col = {m.column: m for m in r.mapping.matches}
    assert (by_col["1、总体满意"].item, by_col["1、总体满意"].how) == ("SAT1", "text+number")
    assert (by_col["3、总体满意"].item, by_col["3、总体满意"].how) == ("LOY1", "text+number")
    assert (by_col["5、总体满意"].item, by_col["5、总体满意"].how) == (None, "ambiguous")
    assert set(by_col["5、总体满意"].candidates) == {"SAT1", "LOY1"}
    assert r.answers.iloc[0].tolist() == [5, 4, 3, 2]
    assert np.isfinite(r.answers.to_numpy()).all()
