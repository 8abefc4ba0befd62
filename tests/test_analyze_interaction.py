"""research.analyze with a latent interaction in a custom model (issue 16, point 2): the product-indicator
fit, its interaction path and its simple slopes reach results.json, equal to fit_interaction (and, with a
bootstrap, to research.bootstrap with the same seed) on the same analysis frame."""
from __future__ import annotations

import json

import pytest

from conftest import ROOT
from research import analyze
from research.bootstrap import bootstrap
from research.sem.interaction import fit_interaction

SAMPLE = ROOT / "datasets" / "lsq5_sample.csv"
MODEL = """REL =~ REL1 + REL2 + REL3 + REL4
EMP =~ EMP1 + EMP2 + EMP3 + EMP4
SAT =~ SAT1 + SAT2 + SAT3
SAT ~ REL + EMP + REL:EMP"""
KEYS = ("interaction", "outcome", "focal", "moderator", "level")


@pytest.mark.parametrize("n_boot", [0, 200])
def test_analyze_reports_the_latent_interaction(n_boot):
    res = analyze(SAMPLE, questionnaire="lsq5", model=MODEL, bootstrap=n_boot, seed=5)
    d = json.loads(res.to_json())
    ref = fit_interaction(MODEL, res.data, estimator=res.spec.estimator, missing=res.spec.missing)
    want = ref.parameters.set_index(["lhs", "op", "rhs"])
    got = {(p["lhs"], p["op"], p["rhs"]): p for p in d["sem"]["parameters"]}
    for key in (("SAT", "~", "REL.EMP"), ("SAT", "~", "REL"), ("REL.EMP", "=~", "REL1.EMP1")):
        assert got[key]["est"] == pytest.approx(want.loc[key, "est"], abs=1e-8)
        assert got[key]["se"] == pytest.approx(want.loc[key, "se"], abs=1e-8)
    assert d["sem"]["n"] == ref.sem.n == d["n"]

    block = d["sem"]["interaction"]
    assert block["method"] == "dmc" and block["pairs"] == "matched"
    assert "REL.EMP =~ REL1.EMP1 + REL2.EMP2 + REL3.EMP3 + REL4.EMP4" in block["syntax"]
    assert d["meta"]["model"] == block["syntax"] == ref.syntax
    slopes = block["simple_slopes"]
    expected = ref.simple_slopes.to_dict(orient="records")
    assert len(slopes) == len(expected) == 6
    if n_boot:
        boot = bootstrap(ref, res.data, n_boot=n_boot, seed=5, ci=res.spec.ci).simple_slopes
    for k, (s, e) in enumerate(zip(slopes, expected)):
        assert tuple(s[c] for c in KEYS) == tuple(e[c] for c in KEYS)
        for c in ("w", "est", "se", "z", "pvalue"):
            assert s[c] == pytest.approx(e[c], abs=1e-8), c
        if n_boot:
            assert s["ci.method"] == res.spec.ci == "percentile"
            assert s["delta.ci.lower"] == pytest.approx(e["ci.lower"], abs=1e-8)
            assert s["delta.ci.upper"] == pytest.approx(e["ci.upper"], abs=1e-8)
            assert s["boot.se"] == pytest.approx(boot["boot.se"].iloc[k], abs=1e-10)
            assert s["ci.lower"] == pytest.approx(boot["boot.ci.lower"].iloc[k], abs=1e-10)
            assert s["ci.upper"] == pytest.approx(boot["boot.ci.upper"].iloc[k], abs=1e-10)
            assert s["ci.lower"] < s["est"] < s["ci.upper"]
        else:
            assert s["ci.method"] == "delta" and "boot.se" not in s
            assert s["ci.lower"] == pytest.approx(e["ci.lower"], abs=1e-8)
    assert (d["sem"]["bootstrap"] is None) == (n_boot == 0)
