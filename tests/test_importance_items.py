"""Stated-importance questions (questionnaire key ``importance``): schema, numbering, forms,
import and screening.  Importance–performance analysis: Martilla & James (1977), Journal of
Marketing 41(1), 77–79."""
from __future__ import annotations

import copy
import csv
import io
import math
import re
from dataclasses import replace

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import ROOT
from docx import Document

import research
from research.errors import QuestionnaireError
from research.forms import render_questionnaire
from research.questionnaire import ImportanceItem, load_questionnaire, loads_questionnaire
from research.scales import BUILTIN_SCALES, label_lookup, parse_answer

LANGS = ("zh-Hans", "zh-Hant", "en")
HEADING = {"zh-Hans": "重要性评价", "zh-Hant": "重要性評價", "en": "Importance of each aspect"}


def _t(zh_hans, zh_hant, en):
    return {"zh-Hans": zh_hans, "zh-Hant": zh_hant, "en": en}


SPEC = {
    "id": "imp-demo",
    "languages": list(LANGS),
    "scale": 5,
    "segments": [{"id": "GENDER", "text": _t("您的性别", "您的性別", "Your gender"),
                  "options": [_t("男", "男", "Male"), _t("女", "女", "Female")]}],
    "constructs": {
        "ECO": {"role": "driver", "items": [
            {"id": "ECO1", "text": _t("物流费用合理", "物流費用合理", "Delivery fees are reasonable")},
            {"id": "ECO2", "text": _t("退货运费可以接受", "退貨運費可以接受", "Return fees are acceptable")},
        ]},
        "REL": {"role": "driver", "items": [
            {"id": "REL1", "text": _t("包裹按时送达", "包裹準時送達", "Parcels arrive on time")},
            {"id": "REL2", "text": _t("包裹完好无损", "包裹完好無損", "Parcels arrive undamaged")},
        ]},
        "SAT": {"role": "outcome", "items": [
            {"id": "SAT1", "text": _t("总体上我很满意", "整體而言我很滿意", "Overall I am satisfied")},
        ]},
    },
    "attention_checks": [
        {"id": "ATTN1", "after": "ECO2", "expected": 2,
         "text": _t("本题请选择“不同意”", "本題請選擇「不同意」", "Please select 'Disagree' here")},
        {"id": "ATTN2", "expected": 4,
         "text": _t("本题请选择“同意”", "本題請選擇「同意」", "Please select 'Agree' here")},
    ],
    "importance": [
        {"id": "IMP_ECO", "construct": "ECO",
         "text": _t("物流费用对您有多重要？", "物流費用對您有多重要？", "How important are delivery fees to you?")},
        {"id": "IMP_REL", "construct": "REL",
         "text": _t("准时送达对您有多重要？", "準時送達對您有多重要？", "How important is on-time delivery to you?")},
    ],
}
# Printed: GENDER 1, ECO1 2, ECO2 3, ATTN1 4, REL1 5, REL2 6, SAT1 7, ATTN2 8, IMP_ECO 9, IMP_REL 10.
PRINT_ORDER = ["GENDER", "ECO1", "ECO2", "ATTN1", "REL1", "REL2", "SAT1", "ATTN2", "IMP_ECO", "IMP_REL"]


def _spec(**changes):
    spec = copy.deepcopy(SPEC)
    spec.update(changes)
    return spec


@pytest.fixture(scope="module")
def q():
    return load_questionnaire(SPEC)


# --------------------------------------------------------------------------- scale

def test_important5_scale():
    s = BUILTIN_SCALES["important5"]
    assert s.points == 5 and s.values == (1, 2, 3, 4, 5)
    assert s.labels["zh-Hans"] == ("非常不重要", "不重要", "一般", "重要", "非常重要")
    assert s.labels["zh-Hant"] == ("非常不重要", "不重要", "普通", "重要", "非常重要")
    assert s.labels["en"] == ("Not at all important", "Slightly important", "Moderately important",
                              "Very important", "Extremely important")
    assert s.describe("zh-Hans") == "1 = 非常不重要 … 5 = 非常重要"


@pytest.mark.parametrize("text,code", [
    ("非常不重要", 1), ("不重要", 2), ("一般", 3), ("重要", 4), ("非常重要", 5), ("普通", 3),
    ("Not at all important", 1), ("slightly important", 2), ("Moderately Important", 3),
    ("Very important", 4), ("Extremely important", 5), ("比较重要", 4), ("不太重要", 2), ("很不重要", 1),
    ("5 非常重要", 5), ("（1）非常不重要", 1),
])
def test_importance_labels_read_as_codes(text, code):
    lookup = label_lookup(5, [BUILTIN_SCALES["important5"].labels[lang] for lang in LANGS])
    assert parse_answer(text, lookup) == (float(code), "ok")


# --------------------------------------------------------------------------- schema

def test_importance_items_loaded(q):
    assert [(m.id, m.construct, m.number) for m in q.importance] == [("IMP_ECO", "ECO", 9), ("IMP_REL", "REL", 10)]
    assert all(isinstance(m, ImportanceItem) for m in q.importance)
    assert q.importance_ids == ("IMP_ECO", "IMP_REL")
    assert all(m.scale.name == "important5" for m in q.importance)  # not the top-level agree5
    assert q.importance[0].label("zh-Hant") == "物流費用對您有多重要？"
    assert [x.id for x in q.questions] == PRINT_ORDER
    assert [x.number for x in q.questions] == list(range(1, 11))
    assert "important5" in q.scales


def test_importance_for(q):
    assert q.importance_for("ECO").id == "IMP_ECO"
    assert q.importance_for("REL") is q.importance[1]
    assert q.importance_for("SAT") is None
    with pytest.raises(KeyError):
        q.importance_for("NOPE")


def test_importance_renumbers_nothing_and_stays_out_of_the_model(q):
    without = load_questionnaire(_spec(importance=[]))
    assert without.importance == ()
    assert [(x.id, x.number) for x in q.questions if not isinstance(x, ImportanceItem)] == \
        [(x.id, x.number) for x in without.questions]
    assert q.lavaan() == without.lavaan() and "IMP_" not in q.lavaan()
    assert q.item_ids == without.item_ids


def test_importance_scale_can_be_chosen():
    spec = _spec(scales={"imp7": {"points": 7, "labels": {lang: [f"{lang}{k}" for k in range(1, 8)]
                                                          for lang in LANGS}}})
    spec["importance"][0]["scale"] = "imp7"
    spec["importance"][1]["scale"] = "important5"
    q = load_questionnaire(spec)
    assert q.importance_for("ECO").scale.points == 7 and q.importance_for("REL").scale.name == "important5"


def test_default_is_no_importance_questions():
    q = loads_questionnaire("constructs: {A: [A1, A2]}\n", "x.yaml")
    assert q.importance == () and q.importance_ids == ()
    assert q.importance_for("A") is None


BAD = [
    # (the importance key as YAML, the key named in the error, a fragment of the English message)
    ("importance: [{id: I1, construct: ZZZ, text: t}]", "importance[0].construct", "'ZZZ' is not a construct"),
    ("importance: [{id: I1, text: t}]", "importance[0].construct", "missing: give the id of the construct"),
    ("importance: [{id: I1, construct: A1, text: t}]", "importance[0].construct", "'A1' is not a construct"),
    ("importance: [{id: I1, construct: A, text: t}, {id: I2, construct: A, text: u}]",
     "importance[1].construct", "already has an importance question (at importance[0])"),
    ("importance: [{id: A2, construct: A, text: t}]", "importance[0]", "'A2' is used twice"),
    ("importance: [{id: I1, construct: A, text: t}, {id: I1, construct: B, text: u}]", "importance[1]",
     "'I1' is used twice (also at importance[0])"),
    ("importance: [{id: B, construct: A, text: t}]", "importance[0]", "'B' is used twice"),
    ("importance: [{construct: A, text: t}]", "importance[0].id", "not a valid id"),
    ("importance: [{id: I1, construct: A, text: t, reverse: true}]", "importance[0].reverse", "unknown key"),
    ("importance: [{id: I1, construct: A, text: t, scale: 10}]", "importance[0].scale", "not a scale"),
    ("importance: {A: I1}", "importance", "expected a list"),
    ("importance: [I1]", "importance[0]", "expected a mapping"),
]


@pytest.mark.parametrize("text,key,fragment", BAD)
def test_invalid_importance_names_the_key(text, key, fragment):
    with pytest.raises(QuestionnaireError) as err:
        loads_questionnaire("constructs: {A: [A1, A2], B: [B1]}\n" + text + "\n", "study.yaml")
    e = err.value
    assert e.params["yaml_key"] == key
    en = e.message("en")
    assert "study.yaml" in en and key in en and fragment in en
    for lang in ("zh-Hans", "zh-Hant"):
        msg = e.message(lang)
        assert key in msg and re.search(r"[\u4e00-\u9fff]", msg) and "SCHEMA.md" in msg


def test_importance_text_required_in_every_declared_language():
    spec = _spec()
    spec["importance"][1]["text"] = {"zh-Hans": "准时送达对您有多重要？", "en": "On time?"}
    with pytest.raises(QuestionnaireError) as err:
        load_questionnaire(spec)
    assert err.value.params["yaml_key"] == "importance[1].text" and "'zh-Hant'" in err.value.message("en")


def test_unknown_construct_message_is_trilingual():
    with pytest.raises(QuestionnaireError) as err:
        loads_questionnaire("constructs: {ECO: [ECO1]}\nimportance: [{id: IMP, construct: EC0}]\n", "s.yaml")
    assert "“EC0”不是本问卷的构念" in err.value.message("zh-Hans")
    assert "「EC0」不是本問卷的構念" in err.value.message("zh-Hant")
    assert "constructs: ECO" in err.value.message("en")


# --------------------------------------------------------------------------- templates

def _template_without_importance(name):
    raw = yaml.safe_load((ROOT / "questionnaires" / f"{name}.yaml").read_text(encoding="utf-8"))
    raw.pop("importance")
    return load_questionnaire(raw)


@pytest.mark.parametrize("name,constructs", [
    ("lsq5", ["ECO", "RES", "FLE", "REL", "EMP"]),
    ("satisfaction-drivers", ["PQ", "PV", "LOG", "PAY", "CS", "WEB", "REV", "TRU"]),
])
def test_templates_ask_the_importance_of_every_driver(name, constructs):
    q = load_questionnaire(name)
    assert [m.construct for m in q.importance] == constructs
    assert [c.id for c in q.constructs if c.role == "driver"] == constructs
    assert [m.id for m in q.importance] == [f"IMP_{c}" for c in constructs]
    assert all(m.scale.name == "important5" for m in q.importance)
    n_before = len(q.questions) - len(constructs)
    assert [m.number for m in q.importance] == list(range(n_before + 1, n_before + 1 + len(constructs)))
    for lang in LANGS:
        texts = [m.label(lang) for m in q.importance]
        assert all(("重要" in t) if lang != "en" else ("important" in t.lower()) for t in texts)
    # an existing 问卷星 export still maps: every other question keeps its number
    old = _template_without_importance(name)
    assert [(x.id, x.number) for x in q.questions if not isinstance(x, ImportanceItem)] == \
        [(x.id, x.number) for x in old.questions]


def test_lsq5_importance_numbers():
    q = load_questionnaire("lsq5")
    assert [(m.id, m.number) for m in q.importance] == [("IMP_ECO", 34), ("IMP_RES", 35), ("IMP_FLE", 36),
                                                         ("IMP_REL", 37), ("IMP_EMP", 38)]
    assert q.item("LOY4").number == 33 and q.attention_checks[0].number == 20


# --------------------------------------------------------------------------- forms

def _text_of_html(page):
    return re.sub(r"<[^>]+>", "", page)


@pytest.mark.parametrize("lang", LANGS)
def test_html_has_an_importance_section_with_its_scale(q, lang):
    page = render_questionnaire(q, "html", lang=lang)
    assert f"<h2>{HEADING[lang]}</h2>" in page
    # the heading comes after the last other question and before the first importance question
    assert page.index(q.item("SAT1").label(lang)) < page.index(HEADING[lang]) < page.index(
        q.importance[0].label(lang).replace("'", "&#x27;"))
    section = page[page.index(HEADING[lang]):]
    for label in BUILTIN_SCALES["important5"].labels[lang]:
        assert f'<th scope="col">{label}</th>' in section
    assert section.count("<table") == 1 and section.count("<tr>") == 1 + 2
    assert "9." in _text_of_html(section) and "10." in _text_of_html(section)
    assert "IMP_" not in page and "ECO" not in page  # no ids or construct names for respondents


@pytest.mark.parametrize("lang", LANGS)
def test_markdown_has_an_importance_section(q, lang):
    md = render_questionnaire(q, "md", lang=lang)
    assert f"\n## {HEADING[lang]}\n" in md
    section = md[md.index(HEADING[lang]):]
    header = next(line for line in section.splitlines() if line.startswith("|"))
    assert [c.strip() for c in header.strip("|").split("|")][1:] == list(BUILTIN_SCALES["important5"].labels[lang])
    assert "| 9. " in section and "| 10. " in section
    assert sum(1 for block in md.split("\n\n") if block.startswith("|")) == 3 + 1  # 3 constructs + importance


@pytest.mark.parametrize("lang", LANGS)
def test_docx_has_an_importance_section(q, lang):
    doc = Document(io.BytesIO(render_questionnaire(q, "docx", lang=lang)))
    heading = next(p for p in doc.paragraphs if p.text == HEADING[lang])
    assert heading.runs[0].bold and heading.paragraph_format.keep_with_next
    table = doc.tables[-1]
    assert [c.text for c in table.rows[0].cells][1:] == list(BUILTIN_SCALES["important5"].labels[lang])
    assert [r.cells[0].text for r in table.rows[1:]] == [f"{m.number}. {m.label(lang)}" for m in q.importance]
    assert len(doc.tables) == 3 + 1


@pytest.mark.parametrize("lang", LANGS)
def test_codebook_and_header_list_importance_last(q, lang):
    rows = list(csv.DictReader(io.StringIO(render_questionnaire(q, "codebook", lang=lang))))
    assert [r["column"] for r in rows] == PRINT_ORDER
    by_id = {r["column"]: r for r in rows}
    labels = BUILTIN_SCALES["important5"].labels[lang]
    for m in q.importance:
        r = by_id[m.id]
        assert (r["type"], r["construct"], r["reverse"], r["number"]) == ("importance", m.construct, "false",
                                                                           str(m.number))
        assert r["allowed_values"] == "; ".join(f"{k}={label}" for k, label in enumerate(labels, start=1))
        assert r["section"] == HEADING[lang] and r["label"] == m.label(lang)
    assert all(r["section"] == "" for r in rows if r["type"] != "importance")
    header = list(csv.reader(io.StringIO(render_questionnaire(q, "header"))))
    assert header == [["respondent", *PRINT_ORDER]]


# --------------------------------------------------------------------------- import

WJX = (
    "序号,提交答卷时间,所用时间,来源,来源详情,来自IP,1、您的性别,2、物流费用合理,3、退货运费可以接受,4、本题请选择“不同意”,"
    "5、包裹按时送达,6、包裹完好无损,7、总体上我很满意,8、本题请选择“同意”,9、物流费用对您有多重要？,10、准时送达对您有多重要？\n"
    "1,2026/09/03 12:00:00,300秒,手机提交,直接访问,1.1.1.1,男,同意,同意,不同意,一般,同意,同意,同意,非常重要,重要\n"
    "2,2026/09/03 12:05:00,310秒,微信,N/A,1.1.1.2,女,一般,不同意,不同意,同意,一般,同意,同意,(跳过),非常不重要\n"
    "3,2026/09/03 12:09:00,320秒,链接,N/A,1.1.1.3,女,非常同意,同意,不同意,同意,同意,非常同意,同意,6,一般\n"
)
# IMP_ECO: 非常重要 = 5, (跳过) = missing, 6 off the 1–5 scale; IMP_REL: 重要 = 4, 非常不重要 = 1, 一般 = 3
EXPECTED = pd.DataFrame({"IMP_ECO": [5, np.nan, np.nan], "IMP_REL": [4, 1, 3]}, dtype=float)


def test_wjx_text_export_maps_importance_by_text():
    r = research.load_responses(WJX.encode("gbk"), SPEC, name="wjx.csv")
    assert r.source.platform == "wjx"
    pd.testing.assert_frame_equal(r.importance, EXPECTED)
    how = {m.item: m.how for m in r.mapping.matches if m.item}
    assert how["IMP_ECO"] == how["IMP_REL"] == "text"
    assert r.mapping.missing == ()
    bad = r.problems[r.problems["item"] == "IMP_ECO"]
    assert bad[["row", "column", "value", "kind"]].values.tolist() == [
        [4, "9、物流费用对您有多重要？", "6", "out_of_range"]]
    assert "IMP_ECO" not in r.items and "IMP_ECO" not in r.answers  # not an item of any construct
    assert list(r.data.columns[-2:]) == ["IMP_ECO", "IMP_REL"]
    pd.testing.assert_frame_equal(r.data[["IMP_ECO", "IMP_REL"]], EXPECTED)


@pytest.mark.parametrize("header", [
    "IMP_ECO,IMP_REL",                                           # by id (our own template)
    "imp_eco,Imp_Rel",                                           # ids are matched case-insensitively
    "Q9,Q10",                                                    # by printed question number
    "How important are delivery fees to you?,準時送達對您有多重要？",   # by text, any language
    "物流费用对您有多重要,准时送达对您有多重要?",                       # text with punctuation changed
])
def test_generic_table_maps_importance_like_items(header):
    text = f"ECO1,ECO2,REL1,REL2,SAT1,{header}\n4,4,3,4,4,非常重要,重要\n3,2,4,3,4,-2,Not at all important\n" \
           f"5,4,4,4,5,6,3\n"
    r = research.load_responses(text.encode("utf-8"), SPEC, name="data.csv")
    pd.testing.assert_frame_equal(r.importance, EXPECTED)
    assert {m.item for m in r.mapping.matches if m.item} >= {"IMP_ECO", "IMP_REL"}


def test_qualtrics_export_maps_importance_by_text():
    names = ["StartDate", "EndDate", "Status", "ResponseId", "Q1", "Q2_1", "Q2_2", "Q3_1", "Q3_2", "Q4_1",
             "Q5_1", "Q5_2"]
    texts = ["Start Date", "End Date", "Response Type", "Response ID", "Your gender",
             "Rate - Delivery fees are reasonable", "Rate - Return fees are acceptable",
             "Rate - Parcels arrive on time", "Rate - Parcels arrive undamaged", "Rate - Overall I am satisfied",
             "How important is each of the following to you? - How important are delivery fees to you?",
             "How important is each of the following to you? - How important is on-time delivery to you?"]
    ids = ['{"ImportId":"x"}'] * len(names)
    body = [["2026-09-03 12:00:00", "2026-09-03 12:05:00", "IP Address", "R_1", "Male", "Agree", "Agree",
             "Agree", "Agree", "Agree", "Extremely important", "Very important"],
            ["2026-09-03 12:00:00", "2026-09-03 12:05:00", "IP Address", "R_2", "Female", "Agree", "Agree",
             "Agree", "Agree", "Agree", "", "Not at all important"],
            ["2026-09-03 12:00:00", "2026-09-03 12:05:00", "IP Address", "R_3", "Female", "Agree", "Agree",
             "Agree", "Agree", "Agree", "Important beyond words", "Moderately important"]]
    out = io.StringIO()
    csv.writer(out).writerows([names, texts, ids, *body])
    r = research.load_responses(out.getvalue().encode("utf-8-sig"), SPEC, name="qualtrics.csv")
    assert r.source.platform == "qualtrics"
    pd.testing.assert_frame_equal(r.importance, EXPECTED)
    bad = r.problems[r.problems["item"] == "IMP_ECO"]
    assert bad["kind"].tolist() == ["unrecognised"] and bad["value"].tolist() == ["Important beyond words"]


def test_explicit_mapping_reaches_importance():
    text = "ECO1,ECO2,REL1,REL2,SAT1,cost matters,timing matters\n4,4,3,4,4,5,4\n"
    r = research.load_responses(text.encode("utf-8"), SPEC, name="d.csv",
                                mapping={"cost matters": "IMP_ECO", "timing matters": "IMP_REL"})
    assert r.importance.iloc[0].tolist() == [5.0, 4.0]
    assert {m.column: m.how for m in r.mapping.matches if m.item in ("IMP_ECO", "IMP_REL")} == {
        "cost matters": "explicit", "timing matters": "explicit"}


def test_file_without_importance_columns():
    r = research.load_responses(b"ECO1,ECO2,REL1,REL2,SAT1\n4,4,3,4,4\n", SPEC, name="d.csv")
    assert r.importance.shape == (1, 0) and list(r.importance.index) == [0]
    assert set(r.mapping.missing) >= {"IMP_ECO", "IMP_REL"}
    assert list(r.data.columns) == [*r.meta.columns, *r.segments.columns, *r.checks.columns, *r.items.columns]


def test_responses_built_without_importance_get_an_empty_frame():
    r = research.load_responses(b"ECO1,ECO2,REL1,REL2,SAT1\n4,4,3,4,4\n5,5,5,5,5\n", SPEC, name="d.csv")
    bare = replace(r, importance=None)
    assert bare.importance.shape == (2, 0) and bare.importance.index.equals(r.items.index)
    assert bare.subset([1]).importance.shape == (1, 0)


# --------------------------------------------------------------------------- subset and screening

def _varied_rows():
    # Five respondents with varied item answers (never straight-lining) and the instructed
    # checks; respondent 3 says everything is 非常重要, respondent 4 gives 9 (off the scale).
    rows = [
        ("男", "同意", "一般", "同意", "一般", "同意", "重要", "一般"),
        ("女", "一般", "同意", "一般", "同意", "一般", "一般", "重要"),
        ("女", "同意", "非常同意", "一般", "同意", "同意", "非常重要", "非常重要"),
        ("男", "不同意", "一般", "同意", "同意", "一般", "9", "重要"),
        ("女", "同意", "一般", "非常同意", "同意", "同意", "不重要", "(跳过)"),
    ]
    head = ("序号,提交答卷时间,所用时间,来源,来源详情,来自IP,1、您的性别,2、物流费用合理,3、退货运费可以接受,"
            "4、本题请选择“不同意”,5、包裹按时送达,6、包裹完好无损,7、总体上我很满意,8、本题请选择“同意”,"
            "9、物流费用对您有多重要？,10、准时送达对您有多重要？\n")
    lines = [f"{k + 1},2026/09/03 12:0{k}:00,{300 + 10 * k}秒,微信,N/A,10.0.0.{k + 1},{g},{e1},{e2},不同意,"
             f"{r1},{r2},{s1},同意,{i1},{i2}" for k, (g, e1, e2, r1, r2, s1, i1, i2) in enumerate(rows)]
    return (head + "\n".join(lines) + "\n").encode("utf-8")


def test_screening_keeps_importance_aligned_and_ignores_it():
    r = research.load_responses(_varied_rows(), SPEC, name="wjx.csv")
    expected = pd.DataFrame({"IMP_ECO": [4, 3, 5, np.nan, 2], "IMP_REL": [3, 4, 5, 4, np.nan]}, dtype=float)
    pd.testing.assert_frame_equal(r.importance, expected)
    assert r.problems[["row", "item", "kind"]].values.tolist() == [[5, "IMP_ECO", "out_of_range"]]

    s = research.screen(r, straightlining="block", speeder_fraction=None)
    # nobody is excluded: not row 4 (the identical 非常重要 answers are no straight-lining) and
    # not row 5 (an off-scale importance answer is no reason to drop a respondent)
    assert s.n_excluded == 0 and s.flags["out_of_range"].tolist() == [0] * 5
    assert s.flags["straight_blocks"].tolist() == [0] * 5
    pd.testing.assert_frame_equal(s.kept.importance, expected)

    # exclude respondent 2 (row 3) through an attention check: importance follows the kept rows
    text = _varied_rows().decode("utf-8").replace("2,2026/09/03 12:01:00,310秒,微信,N/A,10.0.0.2,女,一般,同意,不同意",
                                                  "2,2026/09/03 12:01:00,310秒,微信,N/A,10.0.0.2,女,一般,同意,同意")
    s = research.screen(research.load_responses(text.encode("utf-8"), SPEC, name="wjx.csv"), speeder_fraction=None)
    assert s.excluded["row"].tolist() == [3]
    pd.testing.assert_frame_equal(s.kept.importance, expected.drop(index=1).reset_index(drop=True))
    assert s.kept.meta["row"].tolist() == [2, 4, 5, 6]
    assert s.kept.data[["IMP_ECO", "IMP_REL"]].equals(s.kept.importance)


def test_subset_carries_importance():
    r = research.load_responses(_varied_rows(), SPEC, name="wjx.csv")
    sub = r.subset([4, 0])
    assert sub.importance.to_numpy().tolist()[1] == [4.0, 3.0]
    assert math.isnan(sub.importance.iloc[0, 1]) and sub.importance.iloc[0, 0] == 2.0
    assert sub.importance.index.tolist() == [0, 1]
