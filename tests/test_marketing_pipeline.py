"""``research analyze … --group COL``: the drivers, ipa, groups, invariance and index keys of results.json,
checked against the building blocks called directly on the same rows."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from conftest import REFERENCE, ROOT
from research.analyze import analyze
from research.cli import main
from research.errors import DataError, OptionError
from research.marketing.groups import compare_groups
from research.marketing.importance import drivers
from research.regression import construct_scores
from research.sem.multigroup import invariance

SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
LSQ = ["ECO", "RES", "FLE", "REL", "EMP"]


@pytest.fixture(scope="module")
def platform():
    res = analyze(SAMPLE, questionnaire="lsq5", bootstrap=50, seed=11, group="PLATFORM")
    return res, res.to_dict()


def _scores(res):
    constructs = {f: list(items) for f, items in res.cfa.spec.measurement.items()}
    return construct_scores(res.data, constructs)


def test_every_key_is_there_and_json_safe(platform):
    _, d = platform
    assert {"drivers", "ipa", "groups", "invariance", "index"} <= set(d)
    json.dumps(d, allow_nan=False)
    assert d["meta"]["spec"]["group"] == "PLATFORM"


def test_drivers_match_a_direct_call(platform):
    res, d = platform
    scores = _scores(res)
    direct = drivers(scores, "SAT", LSQ, bootstrap=50, seed=11)
    block = d["drivers"]
    assert block["target"] == "SAT" and block["predictors"] == LSQ
    ours = {r["driver"]: r for r in block["overall"]["drivers"]}
    table = direct.table()
    table = table.set_index("driver") if "driver" in table.columns else table
    for name, row in table.iterrows():
        assert ours[name]["lmg"] == pytest.approx(row["lmg"], abs=1e-12)
        assert ours[name]["lmg_ci_lower"] == pytest.approx(row["lmg_ci_lower"], abs=1e-12)
    assert block["overall"]["r2"] == pytest.approx(direct.r2)
    # per segment: only segments with at least 30 complete rows, the others named with their n
    codes = res.data["PLATFORM"]
    for seg, part in block["by_group"].items():
        assert part["n"] == int(((codes == int(seg)) & scores[["SAT", *LSQ]].notna().all(axis=1)).sum()) >= 30
    small = {s["group"]: s["n"] for s in block["small_groups"]}
    assert set(small) | set(block["by_group"]) == {str(int(c)) for c in codes.dropna().unique()}
    assert all(n < 30 for n in small.values()) and small


def test_ipa_importance_is_the_standardised_total_effect(platform):
    _, d = platform
    total = {e["from"]: e for e in d["sem"]["effects"] if e["type"] == "total" and e["to"] == "SAT"}
    rows = {r["driver"]: r for r in d["ipa"]["map"]["drivers"]}
    for c in LSQ:
        assert rows[c]["importance"] == pytest.approx(total[c]["std"], abs=1e-12)
    ipma = {r["driver"]: r for r in d["ipa"]["ipma"]["drivers"]}
    assert ipma["REL"]["importance"] == pytest.approx(total["REL"]["est"], abs=1e-12)
    items = {r["driver"]: r for r in d["ipa"]["ipma_items"]["drivers"]}
    # equal item weights: each of REL's four items carries a quarter of REL's total effect
    assert items["REL1"]["importance"] == pytest.approx(total["REL"]["est"] / 4, abs=1e-12)


def test_index_weights_are_normalised_total_effects(platform):
    res, d = platform
    total = {e["from"]: e["std"] for e in d["sem"]["effects"] if e["type"] == "total" and e["to"] == "SAT"}
    s = sum(total[c] for c in LSQ)
    for c in LSQ:
        assert d["index"]["weights"][c] == pytest.approx(total[c] / s, rel=1e-12)
    scores = _scores(res)
    e = sum(total[c] / s * (scores[c] - 1) / 4 * 100 for c in LSQ)
    assert d["index"]["overall"]["mean"] == pytest.approx(e.mean(), rel=1e-12)


def test_groups_and_invariance_match_direct_calls(platform):
    res, d = platform
    scores = _scores(res).assign(PLATFORM=res.data["PLATFORM"])
    direct = compare_groups(scores, "PLATFORM", list(scores.columns[:-1])).table()
    ours = {v["variable"]: v for v in d["groups"]["tests"]}
    for _, row in direct.iterrows():
        assert ours[row["variable"]]["p"] == pytest.approx(row["p"], rel=1e-12)
    assert d["groups"]["labels"]["3"]["zh-Hans"] == "京东"
    inv = d["invariance"]
    items = [i for c in res.cfa.spec.measurement.values() for i in c]
    # the rows a multi-group fit uses: complete rows (listwise), rows with an answer (FIML: the default)
    answered = res.data[items].notna()
    usable = answered.all(axis=1) if inv["missing"] == "listwise" else answered.any(axis=1)
    for s in inv["small_groups"]:
        assert s["n"] == int((usable & (res.data["PLATFORM"] == int(s["group"]))).sum()) < inv["min_group_size"]
    used = [int(g) for g in inv["groups_used"]]
    assert len(used) >= 2
    direct_inv = invariance(res.cfa.spec, res.data, "PLATFORM", groups=used, missing=inv["missing"])
    assert inv["measurement"]["fits"]["metric"]["fit"]["chisq"] == pytest.approx(
        direct_inv.fits["metric"].fit["chisq"], rel=1e-9)
    assert {p["path"] for p in inv["paths"]} == {f"SAT ~ {c}" for c in LSQ} | {"LOY ~ SAT"}


def test_every_place_naming_a_segment_carries_its_label(platform):
    """Small segments, the segments used, the paths per segment, the drivers and the index name each segment by
    the label the segment chart shows (the questionnaire's option, in three languages), beside its code."""
    _, d = platform
    labels = d["groups"]["labels"]
    assert labels["5"] == {"zh-Hans": "抖音", "zh-Hant": "抖音", "en": "Douyin"}
    inv = d["invariance"]
    assert inv["small_groups"] and all(s["label"] == labels[s["group"]] for s in inv["small_groups"])
    assert {g: inv["labels"][g] for g in inv["groups_used"]} == {g: labels[g] for g in inv["groups_used"]}
    for path in inv["paths"]:
        assert all(r["label"] == labels[str(r["group"])] for r in path["per_group"])
        assert all((w["label_a"], w["label_b"]) == (labels[str(w["a"])], labels[str(w["b"])]) for w in path["wald"])
    assert d["drivers"]["small_groups"]
    assert all(s["label"] == labels[s["group"]] for s in d["drivers"]["small_groups"])
    assert all(d["drivers"]["labels"][g] == labels[g] for g in d["drivers"]["by_group"])
    assert all(s["label"] == labels[str(s["segment"])] for s in d["index"]["segments"])


def test_target_option_and_errors():
    d = analyze(SAMPLE, questionnaire="lsq5", bootstrap=0, group="GENDER", target="LOY").to_dict()
    assert d["drivers"]["target"] == "LOY" and d["drivers"]["predictors"] == ["SAT"]
    with pytest.raises(OptionError):
        analyze(SAMPLE, questionnaire="lsq5", bootstrap=0, group="GENDER", target="ECO")
    with pytest.raises(DataError) as info:
        analyze(SAMPLE, questionnaire="lsq5", bootstrap=0, group="REGION")
    assert "REGION" in info.value.message("en")


def test_a_measurement_model_only_still_compares_groups():
    model = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"
    d = analyze(REFERENCE / "holzinger1939.csv", model=model, bootstrap=0, group="school").to_dict()
    assert "drivers" not in d and any(w["code"] == "no_drivers" for w in d["warnings"])
    ref = json.loads((REFERENCE / "holzinger1939.json").read_text())["measurement_invariance_by_school"]
    # HS has 9 items: every school is large enough; the numbers are lavaan's
    fits = d["invariance"]["measurement"]["fits"]
    assert fits["scalar"]["fit"]["chisq"] == pytest.approx(ref["scalar"]["chisq"], rel=1e-6)
    assert d["invariance"]["measurement"]["highest"] == "metric"
    assert {v["variable"] for v in d["groups"]["tests"]} == {"visual", "textual", "speed"}


def test_cli_group(tmp_path, capsys):
    out = tmp_path / "r"
    assert main(["analyze", str(SAMPLE), "-q", "lsq5", "--bootstrap", "0", "--group", "XBORDER", "--out", str(out),
                 "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "Drivers (LMG share of R²) → Customer satisfaction:" in printed and "Satisfaction index:" in printed
    d = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert d["invariance"]["group"] == "XBORDER" and np.isfinite(d["index"]["overall"]["mean"])


def test_without_a_group_drivers_ipa_and_index_are_still_there():
    d = analyze(SAMPLE, questionnaire="lsq5", bootstrap=0).to_dict()
    assert {"drivers", "ipa", "index"} <= set(d) and not {"groups", "invariance"} & set(d)
    assert d["drivers"]["by_group"] == {} and d["index"]["segments"] == []


def test_stated_importance_map_uses_the_importance_questions(platform):
    res, d = platform
    stated = d["ipa"]["stated"]
    assert stated["importance_kind"] == "stated"
    assert stated["questions"] == {c: f"IMP_{c}" for c in LSQ}
    rows = {r["driver"]: r for r in stated["drivers"]}
    scores = _scores(res)
    for c in LSQ:
        assert rows[c]["importance"] == pytest.approx(res.data[f"IMP_{c}"].mean(), rel=1e-12)
        assert rows[c]["performance"] == pytest.approx(scores[c].mean(), rel=1e-12)
    # the data card's stated importance: people say reliability and cost matter most
    ranked = sorted(LSQ, key=lambda c: -rows[c]["importance"])
    assert ranked[:2] == ["REL", "ECO"]
