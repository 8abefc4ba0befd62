"""The ``evaluation`` option of research.analyze (issue 17 point 6): results["evaluation"] is
research.evaluation.evaluate on the analysis's screened answers — the reverse-keyed items turned back into the
answers as given, which the engine recodes itself — equal to `research evaluate` on the same file; the group
defaults to the analysis's; `research analyze --evaluate` prints the summary; bad options are refused in three
languages before any model is fitted."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from research.analyze import AnalysisSpec, analyze
from research.cli import main
from research.errors import OptionError
from research.evaluation import evaluate
from research.evaluation.study import analysis_evaluation, answers_as_given, evaluation_study
from research.io import load_responses
from research.questionnaire import load_questionnaire
from research.results_file import check_results
from research.screening import screen

from conftest import ROOT

WJX = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
SAMPLE = ROOT / "datasets" / "lsq5_sample.csv"


def _same(a, b):
    if isinstance(a, dict):
        assert set(a) == set(b)
        for k in a:
            _same(a[k], b[k])
    elif isinstance(a, list):
        assert len(a) == len(b)
        for x, y in zip(a, b):
            _same(x, y)
    elif isinstance(a, float) and isinstance(b, float):
        assert a == pytest.approx(b, rel=1e-12, abs=1e-12)
    else:
        assert a == b


@pytest.fixture(scope="module")
def run():
    res = analyze(WJX, questionnaire="lsq5", bootstrap=0,
                  evaluation={"system": "lsq5-index", "weights": "entropy", "group": "PLATFORM"})
    return res, json.loads(json.dumps(res.to_dict(), allow_nan=False))


def test_block_equals_evaluate_on_the_screened_answers(run):
    res, d = run
    s = screen(load_responses(WJX, "lsq5"))
    frame = pd.concat([s.kept.answers, s.kept.segments], axis=1)
    direct = evaluate(frame, "lsq5-index", weights="entropy", group="PLATFORM")
    block = d["evaluation"]
    _same({k: block[k] for k in direct.to_dict()}, json.loads(json.dumps(direct.to_dict(), allow_nan=False)))
    assert block["excluded"] == d["excluded"] == s.to_dict()["excluded"] and block["n"] == d["n"] == 460
    assert block["group"] == "PLATFORM" and block["segment_names"]["5"]["zh-Hans"] == "抖音"
    # the analysis table holds REL4 reverse-keyed (6 − answer); the evaluation read the answer as given
    kept = s.kept
    assert res.data["REL4"].tolist() == pytest.approx((6 - kept.answers["REL4"]).tolist(), nan_ok=True)
    assert d["meta"]["spec"]["evaluation"] == {"system": "lsq5-index", "weights": "entropy", "group": "PLATFORM"}
    assert check_results(d) is d                         # the report's reader takes the results with the block


def test_block_equals_research_evaluate_on_the_same_file(run):
    _, d = run
    study = evaluation_study(WJX, "lsq5-index", weights="entropy", group="PLATFORM")
    cli = json.loads(study.to_json())["evaluation"]
    _same(d["evaluation"], cli)


def test_answers_as_given_undoes_the_importers_reverse_keying():
    q = load_questionnaire("lsq5")
    r = load_responses(SAMPLE, "lsq5")
    back = answers_as_given(r.items, q)
    pd.testing.assert_frame_equal(back, r.answers)
    assert answers_as_given(r.items, None) is r.items


def test_group_defaults_to_the_analysis_group_and_a_dataframe_is_taken_as_it_is():
    raw = pd.read_csv(SAMPLE)
    block, notes = analysis_evaluation(raw, {"system": "lsq5-index", "weights": "critic"}, group="PLATFORM",
                                       recoded=False)
    direct = evaluate(raw, "lsq5-index", weights="critic", group="PLATFORM")
    _same({k: block[k] for k in direct.to_dict()}, json.loads(json.dumps(direct.to_dict(), allow_nan=False)))
    assert block["group"] == "PLATFORM" and block["excluded"] == [] and notes == []
    block, _ = analysis_evaluation(raw, {"system": "lsq5-index", "group": None}, group="PLATFORM", recoded=False)
    assert block["group"] is None and block["ranking"] is None and block["method"] is None


def test_spec_checks_the_option_and_records_it_only_when_given():
    assert "evaluation" not in AnalysisSpec(questionnaire="lsq5").to_dict()
    spec = AnalysisSpec(questionnaire="lsq5", evaluation="lsq5-index")
    assert spec.evaluation == {"system": "lsq5-index"} and spec.to_dict()["evaluation"] == {"system": "lsq5-index"}
    with pytest.raises(OptionError) as info:
        AnalysisSpec(questionnaire="lsq5", evaluation={"system": "lsq5-index", "wieghts": "ahp"})
    assert "wieghts" in info.value.message("en") and "Use only these keys" in info.value.message("en")
    assert "只能使用以下键" in info.value.message("zh-Hans") and "只能使用以下鍵" in info.value.message("zh-Hant")
    with pytest.raises(OptionError) as info:
        AnalysisSpec(questionnaire="lsq5", evaluation={"weights": "ahp"})
    assert "評價設定" in info.value.message("zh-Hant")


def test_bad_evaluation_stops_analyze_with_the_message(capsys, tmp_path):
    assert main(["analyze", str(WJX), "-q", "lsq5", "--bootstrap", "0", "--out", str(tmp_path / "r"),
                 "--evaluate", "lsq5-index", "--eval-weights", "ahp", "--lang", "zh-Hans"]) == 2
    err = capsys.readouterr().err
    assert "请为“移情性”提供专家判断" in err and "Traceback" not in err
    assert not (tmp_path / "r" / "results.json").exists()


def test_cli_analyze_evaluate_prints_and_writes_the_block(tmp_path, capsys):
    out = tmp_path / "res"
    assert main(["analyze", str(WJX), "-q", "lsq5", "--bootstrap", "0", "--out", str(out), "--evaluate",
                 "lsq5-index", "--eval-weights", "critic", "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    d = json.loads((out / "results.json").read_text(encoding="utf-8"))
    block = d["evaluation"]
    assert block["method"] == "critic" and block["group"] is None and block["ranking"] is None
    root = block["summary"][0]
    assert root["node"] == "LSQ" and root["segment"] is None
    assert (f"Logistics service quality: {root['mean']:.1f}, 95% CI [{root['ci_low']:.1f}, {root['ci_high']:.1f}], "
            f"grade: Poor") in printed and "weights: CRITIC" in printed
    study = evaluation_study(WJX, "lsq5-index", weights="critic")
    assert root["mean"] == pytest.approx(study.result.overall["mean"], rel=1e-12)


def test_cli_analyze_with_group_ahp_then_report(tmp_path, capsys):
    """research analyze --evaluate with three experts' AHP workbooks, then research report on that results.json:
    the group AHP block (its "mean" names the aggregation's mean, "weighted geometric mean") reads back, and the
    report names the group AHP and its source."""
    out = tmp_path / "res"
    books = [str(ROOT / "datasets" / f"lsq5_ahp_expert{i}.xlsx") for i in (1, 2, 3)]
    assert main(["analyze", str(WJX), "-q", "lsq5", "--bootstrap", "0", "--out", str(out), "--evaluate",
                 "lsq5-index", "--eval-weights", "ahp", *[a for b in books for a in ("--eval-ahp", b)],
                 "--lang", "en"]) == 0
    d = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert d["evaluation"]["ahp"]["LSQ"]["mean"] == "weighted geometric mean"
    check_results(d)
    capsys.readouterr()
    assert main(["report", str(out / "results.json"), "--out", str(out / "report.md"), "--no-figures",
                 "--lang", "en"]) == 0, capsys.readouterr().err
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "3 experts" in report and "Forman, E., &amp; Peniwati, K. (1998)" in report
