"""Questionnaire renderers: HTML, Markdown, DOCX, codebook, header, lavaan."""
from __future__ import annotations

import copy
import csv
import html.parser
import io
import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from docx import Document
from docx.oxml.ns import qn

from research.errors import OptionError
from research.export import excel_safe
from research.forms import FORMATS, render_questionnaire
from research.questionnaire import TEMPLATE_DIR, load_questionnaire
from research.scales import BUILTIN_SCALES

LANGS = ("zh-Hans", "zh-Hant", "en")
HOSTILE_SCRIPT = "<script>alert(1)</script>"
HOSTILE_ATTR = '" onload="x'
HOSTILE_FORMULA = "=cmd|' /C calc'!A0"


def _t(zh_hans, zh_hant, en):
    return {"zh-Hans": zh_hans, "zh-Hant": zh_hant, "en": en}


SPEC = {
    "id": "demo",
    "languages": list(LANGS),
    "title": _t("网购物流服务满意度调查", "網購物流服務滿意度調查", "Online shopping logistics survey"),
    "intro": _t("您好！本问卷匿名填写。", "您好！本問卷匿名填寫。", "Hello! This survey is anonymous."),
    "scale": 5,
    "segments": [
        {"id": "GENDER", "type": "single", "text": _t("您的性别", "您的性別", "Your gender"),
         "options": [_t("男", "男", "Male"), _t("女", "女", "Female")]},
        {"id": "PLATFORM", "type": "multi", "text": _t("您常用的购物平台", "您常用的購物平台", "Platforms you use"),
         "options": [_t("淘宝", "淘寶", "Taobao"), _t("京东", "京東", "JD"), _t("拼多多", "拼多多", "Pinduoduo")]},
        {"id": "CITY", "type": "text", "text": _t("您所在的城市", "您所在的城市", "Your city")},
    ],
    "constructs": {
        "ECO": {"name": _t("经济性", "經濟性", "Economy"), "role": "driver", "source": "Mentzer et al. (2001)",
                "items": [
                    {"id": "ECO1", "text": _t("物流费用合理", "物流費用合理", "Delivery fees are reasonable")},
                    {"id": "ECO2", "text": _t("退货运费可以接受", "退貨運費可以接受", "Return fees are acceptable")},
                    {"id": "ECO3", "reverse": True,
                     "text": _t("运费比别家贵", "運費比別家貴", "Fees are higher than elsewhere")},
                ]},
        "REL": {"name": _t("可靠性", "可靠性", "Reliability"), "role": "driver",
                "items": [
                    {"id": "REL1", "text": _t("包裹按时送达", "包裹準時送達", "Parcels arrive on time")},
                    {"id": "REL2", "text": _t("包裹完好无损", "包裹完好無損", "Parcels arrive undamaged")},
                ]},
        "SAT": {"name": _t("满意度", "滿意度", "Satisfaction"), "role": "outcome", "scale": 7,
                "items": [
                    {"id": "SAT1", "text": _t("总体上我对物流服务满意", "整體而言我對物流服務滿意",
                                              "Overall I am satisfied with the delivery service")},
                    {"id": "SAT2", "text": _t("物流服务符合我的期望", "物流服務符合我的期望",
                                              "The delivery service meets my expectations")},
                ]},
    },
    "attention_checks": [
        {"id": "ATTN1", "after": "REL2", "expected": 2,
         "text": _t("本题请选择“不同意”", "本題請選擇「不同意」", "Please select 'Disagree' for this statement")},
    ],
}
PRINT_ORDER = ["GENDER", "PLATFORM", "CITY", "ECO1", "ECO2", "ECO3", "REL1", "REL2", "ATTN1", "SAT1", "SAT2"]
N_GRIDS = 3  # one per construct; ATTN1 sits in REL's grid


def _spec(**changes):
    spec = copy.deepcopy(SPEC)
    spec.update(changes)
    return spec


def _hostile_spec(text):
    """SPEC with ``text`` planted in an item, an option and a scale label."""
    spec = _spec()
    spec["constructs"]["ECO"]["items"][0]["text"] = _t(text, text, text)
    spec["segments"][0]["options"][0] = _t(text, text, text)
    labels = [text, "2", "3", "4", "5"]
    spec["scales"] = {"hostile": {"points": 5, "labels": _t(labels, labels, labels)}}
    spec["constructs"]["REL"]["scale"] = "hostile"
    spec["attention_checks"][0]["scale"] = "hostile"  # so it stays a row of REL's grid
    return spec


@pytest.fixture(scope="module")
def q():
    return load_questionnaire(SPEC)


def _texts(q, lang):
    return [question.label(lang) for question in q.questions]


# --------------------------------------------------------------------------
# HTML
# --------------------------------------------------------------------------

class _Collector(html.parser.HTMLParser):
    """Collects tags and text, to check that the page parses as intended."""

    def __init__(self):
        super().__init__()
        self.tags, self.text, self.attrs = [], [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend(attrs)

    def handle_data(self, data):
        self.text.append(data)


def _parse(page):
    parser = _Collector()
    parser.feed(page)
    return parser


@pytest.mark.parametrize("lang", LANGS)
def test_html_has_every_question_and_scale_label(q, lang):
    page = render_questionnaire(q, "html", lang=lang)
    assert page.startswith("<!DOCTYPE html>")
    assert f'<html lang="{lang}">' in page
    assert "@media print" in page and "size: A4" in page
    text = "".join(_parse(page).text)
    for label in _texts(q, lang):
        assert label in text
    for scale in (BUILTIN_SCALES["agree5"], BUILTIN_SCALES["agree7"]):
        for label in scale.labels[lang]:
            assert label in text
    assert q.title_in(lang) in text and q.intro_in(lang) in text
    for number in range(1, len(q.questions) + 1):
        assert f"{number}." in text


def test_html_grids_and_boxes(q):
    page = render_questionnaire(q, "html", lang="zh-Hans")
    assert page.count('<table class="grid') == N_GRIDS
    # one ○ per scale point per row (6 rows on 5 points, 2 on 7), one ☐ per option; +1 in the instruction
    assert page.count("○") == 6 * 5 + 2 * 7 + 1
    assert page.count("☐") == 2 + 3 + 1
    assert "（可多选）" in page
    assert "（可複選）" in render_questionnaire(q, "html", lang="zh-Hant")
    assert "select all that apply" in render_questionnaire(q, "html", lang="en")


def test_html_attention_check_is_an_ordinary_row_of_the_preceding_grid(q):
    page = render_questionnaire(q, "html", lang="en")
    rel_table = next(t for t in page.split("<table")[1:] if "Parcels arrive on time" in t)
    assert "Please select &#x27;Disagree&#x27; for this statement" in rel_table
    rows = re.findall(r"<tr>(.*?)</tr>", rel_table)
    check_row = next(r for r in rows if "Please select" in r)
    item_row = next(r for r in rows if "Parcels arrive on time" in r)
    assert re.sub(r"\d+\.|>[^<]*<", "", check_row) == re.sub(r"\d+\.|>[^<]*<", "", item_row)


def test_html_does_not_reveal_the_design(q):
    for lang in LANGS:
        text = "".join(_parse(render_questionnaire(q, "html", lang=lang)).text)
        for secret in ("ECO", "REL1", "ATTN", "Mentzer", "reverse", "Reverse", "反向",
                       q.construct("ECO").label(lang), q.construct("REL").label(lang)):
            assert secret not in text, (lang, secret)
        assert "demo" in text  # the footer names the questionnaire


@pytest.mark.parametrize("hostile", [HOSTILE_SCRIPT, HOSTILE_ATTR])
def test_html_escapes_user_text(hostile):
    page = render_questionnaire(_hostile_spec(hostile), "html", lang="en")
    assert hostile not in page
    parsed = _parse(page)
    assert "script" not in parsed.tags
    assert all(name not in ("onload", "x") for name, _ in parsed.attrs)
    assert "".join(parsed.text).count(hostile) == 3  # shown as text, as typed


# --------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------

def _cells(line):
    """Split a pipe-table row on unescaped pipes."""
    return [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]


@pytest.mark.parametrize("lang", LANGS)
def test_markdown_tables_have_one_column_per_scale_point(q, lang):
    md = render_questionnaire(q, "md", lang=lang)
    tables = [block.splitlines() for block in md.split("\n\n") if block.startswith("|")]
    assert len(tables) == N_GRIDS
    assert [len(t) - 2 for t in tables] == [3, 3, 2]  # rows: ECO 3, REL 2 + check, SAT 2
    for table, scale in zip(tables, ("agree5", "agree5", "agree7")):
        labels = list(BUILTIN_SCALES[scale].labels[lang])
        assert _cells(table[0])[1:] == labels
        assert all(len(_cells(line)) == 1 + len(labels) for line in table)
        assert set(_cells(table[1])[1:]) == {":---:"}
    assert md.count("- [ ] ") == 5
    assert md.startswith(f"# {q.title_in(lang)}\n")


def test_markdown_escapes_pipes_and_markup():
    md = render_questionnaire(_hostile_spec("a | b *c* <b>d</b> [e](f)"), "md", lang="en")
    row = next(line for line in md.splitlines() if line.startswith("| 4."))
    assert len(_cells(row)) == 6
    assert r"a \| b \*c\* \<b\>d\</b\> \[e\](f)" in row
    assert r"- [ ] a \| b \*c\* \<b\>d\</b\> \[e\](f)" in md


def test_markdown_escapes_block_markers_at_the_start_of_a_text():
    from research.forms.markdown import md_escape

    assert md_escape("# not a heading") == r"\# not a heading"
    assert md_escape("1. not a list") == r"1\. not a list"
    assert md_escape("- not a list") == r"\- not a list"
    assert md_escape("two\nlines") == "two lines"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=40).filter(lambda t: t.strip()))
def test_any_text_stays_text_in_every_format(text):
    """Whatever a label holds, tables keep their columns, HTML gets no new
    tags, the DOCX is written and the codebook keeps one row per variable."""
    spec = _hostile_spec(text)
    md = render_questionnaire(spec, "md", lang="en")
    tables = [block.splitlines() for block in md.split("\n\n") if block.startswith("|")]
    assert [[len(_cells(line)) for line in t] for t in tables] == [[6] * 5, [6] * 5, [8] * 4]  # header, rule, rows
    tags = _parse(render_questionnaire(spec, "html", lang="en")).tags
    assert tags == _parse(render_questionnaire(_hostile_spec("x"), "html", lang="en")).tags
    assert len(Document(io.BytesIO(render_questionnaire(spec, "docx", lang="en"))).tables) == N_GRIDS
    rows = _read_csv(render_questionnaire(spec, "codebook", lang="en"))
    assert [r["column"] for r in rows] == PRINT_ORDER


def test_grids_split_where_the_scale_changes():
    from research.forms.layout import Choice, Grid, blocks

    spec = _spec()
    spec["constructs"]["ECO"]["items"][2]["scale"] = 7  # ECO3 on its own 7-point scale
    spec["attention_checks"] = [{"id": "ATTN9", "expected": 1, "text": "x"}]  # no "after": at the end
    layout = blocks(load_questionnaire(spec))
    assert [type(b) for b in layout[:3]] == [Choice] * 3
    grids = [[row.id for row in b.rows] for b in layout if isinstance(b, Grid)]
    assert grids == [["ECO1", "ECO2"], ["ECO3"], ["REL1", "REL2"], ["SAT1", "SAT2"], ["ATTN9"]]


# --------------------------------------------------------------------------
# DOCX
# --------------------------------------------------------------------------

def _docx(q, lang):
    return Document(io.BytesIO(render_questionnaire(q, "docx", lang=lang)))


def _all_text(doc):
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


@pytest.mark.parametrize("lang,east_asian", [("zh-Hans", "SimSun"), ("zh-Hant", "PMingLiU"), ("en", "SimSun")])
def test_docx_form(q, lang, east_asian):
    doc = _docx(q, lang)
    assert len(doc.tables) == N_GRIDS
    for table, scale, n_rows in zip(doc.tables, ("agree5", "agree5", "agree7"), (3, 3, 2)):
        labels = list(BUILTIN_SCALES[scale].labels[lang])
        assert [c.text for c in table.rows[0].cells][1:] == labels
        assert len(table.rows) == 1 + n_rows
        assert table.style.name == "Table Grid"  # the built-in style with borders
        for row in table.rows[1:]:
            assert [c.text for c in row.cells][1:] == ["○"] * len(labels)
            assert row.cells[1].paragraphs[0].alignment == 1  # centred
    text = _all_text(doc)
    for label in _texts(q, lang):
        assert label in text
    assert q.title_in(lang) in text
    assert text.count("☐") == 5 + 1  # options and the instruction
    fonts = doc.styles["Normal"].element.rPr.rFonts
    assert fonts.get(qn("w:eastAsia")) == east_asian
    assert fonts.get(qn("w:ascii")) == "Calibri"
    assert fonts.get(qn("w:eastAsiaTheme")) is None
    section = doc.sections[0]
    assert abs(section.left_margin.cm - 2) < 0.01 and abs(section.top_margin.cm - 2) < 0.01
    assert abs(section.page_width.cm - 21) < 0.01


def test_docx_hides_the_design(q):
    text = _all_text(_docx(q, "zh-Hans"))
    for secret in ("ECO", "ATTN", "Mentzer", "经济性", "反向"):
        assert secret not in text


# --------------------------------------------------------------------------
# codebook and header
# --------------------------------------------------------------------------

def _read_csv(text):
    return list(csv.DictReader(io.StringIO(text)))


def test_codebook_rows(q):
    rows = _read_csv(render_questionnaire(q, "codebook", lang="zh-Hans"))
    assert [r["column"] for r in rows] == PRINT_ORDER
    assert [r["number"] for r in rows] == [str(n) for n in range(1, len(PRINT_ORDER) + 1)]
    by_id = {r["column"]: r for r in rows}
    assert by_id["ECO1"]["allowed_values"] == "1=非常不同意; 2=不同意; 3=一般; 4=同意; 5=非常同意"
    assert by_id["SAT1"]["allowed_values"] == (
        "1=非常不同意; 2=不同意; 3=比较不同意; 4=一般; 5=比较同意; 6=同意; 7=非常同意")
    assert by_id["GENDER"]["allowed_values"] == "1=男; 2=女"
    assert by_id["CITY"]["allowed_values"] == ""
    assert [by_id[i]["reverse"] for i in ("ECO1", "ECO3")] == ["false", "true"]
    assert {r["column"]: r["type"] for r in rows if r["type"] != "likert"} == {
        "GENDER": "single", "PLATFORM": "multi", "CITY": "text", "ATTN1": "attention_check"}
    assert by_id["ATTN1"]["expected"] == "2" and by_id["ECO1"]["expected"] == ""
    assert by_id["ECO3"]["construct"] == "ECO" and by_id["GENDER"]["construct"] == ""
    assert by_id["ECO1"]["label"] == "物流费用合理"
    assert all(r["missing_values"] == "empty, -2, -3" for r in rows)


def test_codebook_in_english(q):
    rows = {r["column"]: r for r in _read_csv(render_questionnaire(q, "codebook", lang="en"))}
    assert rows["ECO1"]["allowed_values"].startswith("1=Strongly disagree; 2=Disagree;")
    assert rows["PLATFORM"]["allowed_values"] == "1=Taobao; 2=JD; 3=Pinduoduo"


def test_codebook_neutralises_formulas():
    rows = {r["column"]: r for r in _read_csv(render_questionnaire(_hostile_spec(HOSTILE_FORMULA), "codebook"))}
    assert rows["ECO1"]["label"] == "'" + HOSTILE_FORMULA
    assert rows["GENDER"]["allowed_values"].startswith("1==cmd")  # not at the start: harmless


def test_header_is_ids_in_print_order(q):
    text = render_questionnaire(q, "header")
    assert list(csv.reader(io.StringIO(text))) == [["respondent", *PRINT_ORDER]]


@pytest.mark.parametrize("fmt", ["codebook", "header"])
def test_csv_files_have_a_bom(q, tmp_path, fmt):
    path = render_questionnaire(q, fmt, path=tmp_path / f"{fmt}.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert raw[3:].decode("utf-8") == render_questionnaire(q, fmt)


def test_text_and_docx_files(q, tmp_path):
    page = render_questionnaire(q, "html", lang="zh-Hant", path=tmp_path / "q.html")
    assert page.read_text(encoding="utf-8") == render_questionnaire(q, "html", lang="zh-Hant")
    assert not page.read_bytes().startswith(b"\xef\xbb\xbf")
    form = render_questionnaire(q, "docx", path=str(tmp_path / "q.docx"))
    assert len(Document(str(form)).tables) == N_GRIDS


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+86 138", "'+86 138"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("  =1", "'  =1"),
    ("-2", "-2"), ("-3", "-3"), ("+1.5", "+1.5"), (-2, "-2"), (3.5, "3.5"), ("1e-3", "1e-3"),
    ("非常同意", "非常同意"), ("a=b", "a=b"), ("", ""), (None, ""), (float("nan"), ""), (True, "True"),
])
def test_excel_safe(value, expected):
    assert excel_safe(value) == expected


# --------------------------------------------------------------------------
# lavaan, inputs and errors
# --------------------------------------------------------------------------

def test_lavaan(q):
    model = render_questionnaire(q, "lavaan")
    assert "ECO =~ ECO1 + ECO2 + ECO3" in model.splitlines()
    assert "SAT ~ ECO + REL" in model.splitlines()
    assert "ATTN1" not in model


def test_accepts_dict_and_yaml_path(tmp_path):
    import yaml

    path = tmp_path / "demo.yaml"
    path.write_text(yaml.safe_dump(SPEC, allow_unicode=True), encoding="utf-8")
    assert render_questionnaire(str(path), "header") == render_questionnaire(SPEC, "header")


@pytest.mark.parametrize("fmt", ["pdf", "HTML", None, ""])
def test_bad_format(q, fmt):
    with pytest.raises(OptionError) as info:
        render_questionnaire(q, fmt)
    assert info.value.key == "option_invalid" and info.value.params["option"] == "format"
    message = info.value.message("zh-Hans")
    assert "参数" in message and "格式" in message
    assert "html" in info.value.message("en")


@pytest.mark.parametrize("lang", ["fr", "zh", "zh-CN", None])
def test_bad_lang(q, lang):
    with pytest.raises(OptionError) as info:
        render_questionnaire(q, "html", lang=lang)
    assert info.value.params["option"] == "lang"
    assert "语言" in info.value.message("zh-Hans")
    assert "語言" in info.value.message("zh-Hant")


def test_lang_must_be_one_the_questionnaire_is_written_in():
    two = _spec(languages=["zh-Hans", "en"])
    assert "物流费用合理" in render_questionnaire(two, "md", lang="zh-Hans")
    with pytest.raises(OptionError):
        render_questionnaire(two, "docx", lang="zh-Hant")
    assert render_questionnaire(two, "header", lang="zh-Hant").startswith("respondent,")


def test_minimal_questionnaire_without_texts():
    minimal = {"scale": 5, "constructs": {"ECO": ["ECO1", "ECO2"], "SAT": ["SAT1", "SAT2"]}}
    for fmt in FORMATS:
        assert render_questionnaire(minimal, fmt, lang="en")
    assert len(_docx(load_questionnaire(minimal), "en").tables) == 2


# --------------------------------------------------------------------------
# the built-in template
# --------------------------------------------------------------------------

@pytest.mark.skipif(not (TEMPLATE_DIR / "lsq5.yaml").exists(), reason="questionnaires/lsq5.yaml not written yet")
@pytest.mark.parametrize("lang", LANGS)
def test_lsq5_in_every_language_and_format(lang, tmp_path):
    q = load_questionnaire("lsq5")
    assert len(q.items) == 27 and len(q.segments) == 5 and [a.id for a in q.attention_checks] == ["ATTN1"]
    ids = [question.id for question in q.questions]
    assert ids[ids.index("REL2") + 1] == "ATTN1"
    for fmt in FORMATS:
        out = render_questionnaire("lsq5", fmt, lang=lang, path=tmp_path / f"lsq5.{fmt}")
        assert out.stat().st_size > 0
    page = render_questionnaire("lsq5", "html", lang=lang)
    for label in _texts(q, lang):
        assert html.escape(label) in page
    doc = _docx(q, lang)
    # one grid per construct, and one for the five importance questions
    assert len(doc.tables) == len(q.constructs) + 1
    text = _all_text(doc)
    assert all(label in text for label in _texts(q, lang))
    rows = _read_csv(render_questionnaire(q, "codebook", lang=lang))
    assert [r["column"] for r in rows] == ids and len(rows) == 27 + 5 + 1 + 5
    assert {r["column"] for r in rows if r["reverse"] == "true"} == set(q.reverse_items)
    md = render_questionnaire(q, "md", lang=lang)
    assert sum(1 for block in md.split("\n\n") if block.startswith("|")) == len(q.constructs) + 1
