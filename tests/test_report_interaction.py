"""A CB-SEM latent interaction (SAT ~ REL + EMP + REL:EMP) in the display tables and the report: the product
factor by names ("可靠性 × 移情性"), and a simple-slopes table whose cells are the analysis' numbers formatted APA."""
from __future__ import annotations

import json

import pytest
from test_analyze_interaction import MODEL, SAMPLE

from research import analyze, tables
from research.report import apa, report
from research.report.tables import report_tables


@pytest.fixture(scope="module")
def results():
    return json.loads(analyze(SAMPLE, questionnaire="lsq5", model=MODEL, bootstrap=0, seed=5).to_json())


def test_product_factor_is_named_by_its_constructs(results):
    assert tables.name(results, "REL.EMP", "zh-Hans") == f"{tables.name(results, 'REL', 'zh-Hans')} × " \
                                                         f"{tables.name(results, 'EMP', 'zh-Hans')}"
    assert tables.name(results, "REL.XYZ", "en") == "REL.XYZ"          # not both named: the code stays
    paths = [t for t in report_tables(results, "en") if t.key == "paths"][0]
    assert any(r[0].startswith("Reliability × Empathy → ") for r in paths.rows)


@pytest.mark.parametrize("lang", ["en", "zh-Hans", "zh-Hant"])
def test_simple_slopes_table_in_the_report(results, lang):
    found = [t for t in report_tables(results, lang) if t.key == "simple_slopes"]
    assert len(found) == 1
    table = found[0]
    slopes = results["sem"]["interaction"]["simple_slopes"]
    assert len(table.rows) == len(slopes) == 6
    for row, s in zip(table.rows, slopes):
        assert row[3:7] == [apa.num(s["est"], 3), apa.num(s["se"], 3), apa.num(s["z"], 2), apa.p(s["pvalue"])]
        assert row[7] == f"[{apa.num(s['ci.lower'], 3)}, {apa.num(s['ci.upper'], 3)}]"
    assert "Lin et al., 2010" in table.note
    text = report(results, lang, "md", figures=False)
    assert table.title in text


def test_no_interaction_no_table(results):
    plain = {**results, "sem": {k: v for k, v in results["sem"].items() if k != "interaction"}}
    assert all(t.key != "simple_slopes" for t in report_tables(plain, "en"))
