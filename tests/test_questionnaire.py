"""Questionnaire schema: loading, validation messages, numbering, lavaan syntax, built-in templates."""
from __future__ import annotations

import re
import string

import pytest

from research.errors import QuestionnaireError
from research.messages import LANGUAGES, MESSAGES
from research.questionnaire import list_templates, load_questionnaire, loads_questionnaire

MINIMAL = """\
scale: 5
constructs:
  ECO: [ECO1, ECO2, ECO3]
  REL: [REL1, REL2, REL3]
  SAT: [SAT1, SAT2, SAT3]
reverse: [REL3]
paths:
  - SAT ~ ECO + REL
"""


def test_minimal_form():
    q = loads_questionnaire(MINIMAL, "minimal.yaml")
    assert q.item_ids == ("ECO1", "ECO2", "ECO3", "REL1", "REL2", "REL3", "SAT1", "SAT2", "SAT3")
    assert q.reverse_items == ("REL3",)
    assert all(i.scale.points == 5 for i in q.items)
    assert q.lavaan() == ("# measurement model\nECO =~ ECO1 + ECO2 + ECO3\nREL =~ REL1 + REL2 + REL3\n"
                          "SAT =~ SAT1 + SAT2 + SAT3\n# structural model\nSAT ~ ECO + REL\n")
    assert [i.number for i in q.items] == list(range(1, 10))


def test_default_structural_model_from_roles():
    q = load_questionnaire({"scale": 7, "constructs": {
        "A": {"role": "driver", "items": ["A1", "A2"]}, "B": {"role": "driver", "items": ["B1", "B2"]},
        "M": {"role": "mediator", "items": ["M1", "M2"]}, "Y": {"role": "outcome", "items": ["Y1", "Y2"]}}})
    assert q.structural_paths() == ("M ~ A + B", "Y ~ M")
    assert q.items[0].scale.name == "agree7"
    q2 = load_questionnaire({"constructs": {"A": {"role": "driver", "items": ["A1"]},
                                            "Y": {"role": "outcome", "items": ["Y1"]}}})
    assert q2.structural_paths() == ("Y ~ A",)


def test_numbering_segments_first_checks_after_their_item():
    q = load_questionnaire({
        "constructs": {"A": ["A1", "A2"], "B": ["B1"]},
        "segments": [{"id": "G", "text": "gender", "options": ["m", "f"]}],
        "attention_checks": [{"id": "C1", "text": "pick 2", "expected": 2, "after": "A1"},
                             {"id": "C2", "text": "pick 4", "expected": 4}],
    })
    assert [(x.id, x.number) for x in q.questions] == [("G", 1), ("A1", 2), ("C1", 3), ("A2", 4), ("B1", 5),
                                                      ("C2", 6)]


BAD = [
    ("constructs: {ECO: [ECO1]}\nscale: 6\n", "scale", "6"),
    ("constructs: {}\n", "constructs", "construct"),
    ("constructs: {ECO: [ECO1, ECO1]}\n", "constructs.ECO.items[1]", "twice"),
    ("constructs: {ECO: [ECO1], ECO2: [ECO1]}\n", "constructs.ECO2.items[0]", "twice"),
    ("constructs: {1ECO: [ECO1]}\n", "constructs.1ECO", "not a valid id"),
    ("constructs: {ECO: {items: [ECO1], role: boss}}\n", "constructs.ECO.role", "role"),
    ("constructs: {ECO: {items: [{id: ECO1, reverse: yes please}]}}\n", "constructs.ECO.items[0].reverse",
     "true or false"),
    ("constructs: {ECO: [ECO1]}\nreverse: [ECO9]\n", "reverse[0]", "ECO9"),
    ("constructs: {ECO: [ECO1]}\ncolour: red\n", "colour", "unknown key"),
    ("constructs: {ECO: [ECO1]}\npaths: ['SAT ~ ECO']\n", "paths[0]", "SAT"),
    ("constructs: {ECO: [ECO1]}\npaths: ['ECO ~ __import__(\"os\")']\n", "paths[0]", "OUTCOME ~ PREDICTOR"),
    ("languages: [zh-Hans, en]\nconstructs: {ECO: {items: [{id: ECO1, text: {zh-Hans: 费用}}]}}\n",
     "constructs.ECO.items[0].text", "'en'"),
    ("constructs: {ECO: {items: [{id: ECO1, text: {fr: frais}}]}}\n", "constructs.ECO.items[0].text.fr",
     "unknown language"),
    ("constructs: {ECO: [ECO1]}\nsegments: [{id: G, options: [only]}]\n", "segments[0].options", "two options"),
    ("constructs: {ECO: [ECO1]}\nattention_checks: [{id: C, expected: 9}]\n", "attention_checks[0].expected",
     "1 to 5"),
    ("constructs: {ECO: [ECO1]}\nscales: {mine: {points: 5, labels: {en: [a, b]}}}\n", "scales.mine.labels.en",
     "exactly 5"),
    ("- just\n- a list\n", "(top)", "mapping"),
    ("constructs: [ECO1, ECO2]\n", "constructs", "mapping"),
]


@pytest.mark.parametrize("text,key,fragment", BAD)
def test_invalid_files_name_file_key_and_problem(text, key, fragment):
    with pytest.raises(QuestionnaireError) as err:
        loads_questionnaire(text, "study.yaml")
    e = err.value
    assert e.file == "study.yaml"
    assert e.params["yaml_key"] == key
    en = e.message("en")
    assert "study.yaml" in en and key in en and fragment in en
    zh = e.message("zh-Hans")
    assert "study.yaml" in zh and key in zh and re.search(r"[\u4e00-\u9fff]", zh)
    assert "SCHEMA.md" in zh and "SCHEMA.md" in e.message("zh-Hant")


def test_yaml_syntax_errors_give_the_line():
    with pytest.raises(QuestionnaireError) as err:
        loads_questionnaire("constructs:\n  ECO: [ECO1\n", "broken.yaml")
    assert "line" in err.value.message("en") and "broken.yaml" in err.value.message("en")


def test_yaml_tags_never_run_code(tmp_path):
    evil = "constructs: !!python/object/apply:os.system ['touch pwned']\n"
    with pytest.raises(QuestionnaireError):
        loads_questionnaire(evil, "evil.yaml")
    assert not (tmp_path / "pwned").exists()


def test_unknown_template_lists_the_built_in_ones():
    with pytest.raises(QuestionnaireError) as err:
        load_questionnaire("lsq6")
    assert "lsq5" in err.value.message("en") and "satisfaction-drivers" in err.value.message("en")


def test_every_message_exists_in_three_languages_with_the_same_placeholders():
    fields = string.Formatter()

    def names(text):
        return {n for _, n, _, _ in fields.parse(text) if n}

    for key, by_lang in MESSAGES.items():
        assert set(by_lang) == set(LANGUAGES), key
        shared = None
        for lang in LANGUAGES:
            what, fix = by_lang[lang]
            assert what and fix, (key, lang)
            found = {n for n in names(what) | names(fix) if not n.startswith(("problem_", "fix_"))}
            shared = found if shared is None else shared
            assert found == shared, (key, lang)


@pytest.mark.parametrize("text,key", [
    ("id: 1x\nconstructs: {A: [A1]}\n", "id"),
    ("scales: {agree5: {points: 5}}\nconstructs: {A: [A1]}\n", "scales.agree5"),
    ("scales: {often5: {points: 5.0}}\nconstructs: {A: [A1]}\n", "scales.often5.points"),
    ("constructs: {A: {items: [{id: A1, reverse: false}]}}\nreverse: [A1]\n", "constructs.A.items[0].reverse"),
])
def test_contradictions_and_lookalikes_are_errors(text, key):
    with pytest.raises(QuestionnaireError) as err:
        loads_questionnaire(text, "x.yaml")
    assert err.value.params["yaml_key"] == key


def test_default_id_from_file_name_when_valid():
    assert loads_questionnaire("constructs: {A: [A1]}\n", "my-study.yaml").id == "my-study"
    assert loads_questionnaire("constructs: {A: [A1]}\n", "2024 survey.yaml").id == "questionnaire"
    q = loads_questionnaire("languages:\nconstructs: {A: [A1]}\nsegments: [{id: G, options: [{label: m}, "
                            "{label: f}, {code: 9, label: other}]}]\n")
    assert [(o.code, o.text("en")) for o in q.segments[0].options] == [(1, "m"), (2, "f"), (9, "other")]


def test_examples_in_the_schema_doc_and_folder_load():
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parents[1] / "questionnaires"
    for path in (root / "examples").glob("*.yaml"):
        assert load_questionnaire(path).items
    doc = (root / "SCHEMA.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```yaml\n(.*?)```", doc, re.S)
    loaded = 0
    for block in blocks:
        data = yaml.safe_load(block)
        if isinstance(data, dict) and "constructs" in data:
            load_questionnaire(data)
            loaded += 1
    assert loaded >= 2


LSQ_DIMENSIONS = ("ECO", "RES", "FLE", "REL", "EMP")
PLATFORMS = ["淘宝", "天猫", "京东", "拼多多", "抖音", "速卖通", "亚马逊", "其他"]


def test_lsq5_template():
    q = load_questionnaire("lsq5")
    assert [c.id for c in q.constructs] == [*LSQ_DIMENSIONS, "SAT", "LOY"]
    for c in q.constructs:
        assert len(c.items) >= (4 if c.id in LSQ_DIMENSIONS else 3)
        assert c.source and re.search(r"\(\d{4}\)", c.source)
        assert all(i.scale.points in (5, 7) for i in c.items)
    assert len(q.items) == 27 and q.reverse_items == ("REL4",)
    assert [s.id for s in q.segments] == ["GENDER", "AGE", "PLATFORM", "FREQ", "XBORDER"]
    assert [o.text("zh-Hans") for o in q.segments[2].options] == PLATFORMS
    assert [a.id for a in q.attention_checks] == ["ATTN1"]
    assert q.structural_paths() == ("SAT ~ ECO + RES + FLE + REL + EMP", "LOY ~ SAT")
    assert q.item("ECO1").id == "ECO1" and q.construct("REL").item_ids == ("REL1", "REL2", "REL3", "REL4")


@pytest.mark.parametrize("name", ["lsq5", "satisfaction-drivers"])
def test_built_in_templates_are_trilingual_and_distinct(name):
    q = load_questionnaire(name)
    assert set(q.languages) == set(LANGUAGES)
    for lang in LANGUAGES:
        texts = [x.text[lang] for x in q.questions]
        assert all(texts) and len(set(texts)) == len(texts)
        for scale in {i.scale for i in q.items}:
            assert len(scale.labels[lang]) == scale.points
    assert q.reverse_items


def test_satisfaction_drivers_template():
    q = load_questionnaire("satisfaction-drivers")
    assert [c.id for c in q.constructs] == ["PQ", "PV", "LOG", "PAY", "CS", "WEB", "REV", "TRU", "SAT", "LOY"]
    assert all(len(c.items) >= 3 and c.source for c in q.constructs)
    assert q.structural_paths() == ("SAT ~ PQ + PV + LOG + PAY + CS + WEB + REV + TRU", "LOY ~ SAT")
    assert list_templates() == ["lsq5", "satisfaction-drivers"]


def test_duplicate_keys_in_yaml_are_refused_with_the_line():
    text = "constructs:\n  ECO: [ECO1, ECO2]\n  REL: [REL1, REL2]\n  ECO: [ECO3]\n"
    with pytest.raises(QuestionnaireError) as err:
        loads_questionnaire(text, "dup.yaml")
    msg = err.value.message("en")
    assert "ECO" in msg and "twice" in msg and "line 4" in msg


@pytest.mark.parametrize("text,key", [
    ("constructs: {A: [A1, A2]}\nattention_checks: [{id: C, expected: 2, after: [A1]}]\n",
     "attention_checks[0].after"),
    ("languages: [en, en]\nconstructs: {A: [A1]}\n", "languages"),
    ("constructs: {A: [A1], B: [B1]}\npaths: ['A ~ A + B']\n", "paths[0]"),
])
def test_more_invalid_shapes(text, key):
    with pytest.raises(QuestionnaireError) as err:
        loads_questionnaire(text, "x.yaml")
    assert err.value.params["yaml_key"] == key
