"""The fit measures one and several groups of a WLSMV fit share (research.sem.wls.wls_fit_indices) and the part of
the invariance results the ML and the ordinal sequences share (research.sem.multigroup.InvarianceSteps).

References: tests/reference/ordinal.json (made by tests/reference/ordinal.R): the single-group model ``skewed``
(sample statistics embedded) and the two-group ``mg_ge_configural`` (ordinal_mg.csv, lavaan's cfa with
group = "GENDER"); small hand-computed cases for the G-group RMSEA, AGFI/PGFI, MFI and WRMR and for the shared
table / highest / to_dict of the invariance results.
"""
from __future__ import annotations

import json
import math
from types import SimpleNamespace

import pandas as pd
import pytest

from conftest import ROOT
from research.sem.multigroup import InvarianceResult, InvarianceSteps
from research.sem.wls import WlsStats, fit_wls, wls_fit_indices
from research.sem.wls_multigroup import OrdinalInvarianceResult, fit_wls_multigroup

REF = ROOT / "tests" / "reference"
ORD = json.loads((REF / "ordinal.json").read_text())
MG_MODEL = "SAT =~ SAT1 + SAT2 + SAT3\nLOY =~ LOY1 + LOY2 + LOY3 + LOY4"
NOTCLOSE = ("rmsea.notclose.pvalue", "rmsea.notclose.pvalue.scaled", "rmsea.notclose.pvalue.robust")


def _rel(a, b):
    return abs(a - b) / abs(b)


def test_single_group_notclose_p_values_match_lavaan_to_many_digits():
    """P(χ² ≤ X2) under RMSEA = .08 as lavaan's pchisq: tiny p-values keep their digits (1 − upper tail lost
    them: 1.3545e-13 for lavaan's 1.3542e-13)."""
    m = next(m for m in ORD["models"] if m["name"] == "skewed")
    res = fit_wls(m["syntax"], WlsStats.from_reference(m), estimator=m["options"]["estimator"])
    for k in NOTCLOSE:
        assert _rel(res.fit[k], m["fit"][k]) < 1e-6, (k, res.fit[k], m["fit"][k])
    assert m["fit"]["rmsea.notclose.pvalue"] < 1e-12


def test_two_groups_fit_measures_in_lavaans_names_and_order():
    entry = next(e for e in ORD["invariance_models"] if e["name"] == "mg_ge_configural")
    data = pd.read_csv(REF / "ordinal_mg.csv")
    fit = fit_wls_multigroup(MG_MODEL, data, "GENDER")
    assert list(fit.fit) == list(entry["fit"])
    assert fit.fit["rmsea"] == entry["fit"]["rmsea"] == 0
    for k in NOTCLOSE + ("rmsea.pvalue", "rmsea.robust", "wrmr", "gfi", "agfi", "mfi", "cn_05"):
        assert _rel(fit.fit[k], entry["fit"][k]) < 1e-5, (k, fit.fit[k], entry["fit"][k])


def test_fit_indices_with_groups_by_hand():
    """N = 200 in G = 2 groups (n = N − G = 198), χ² = 30 on 10 df, baseline 500 on 20 df, 60 statistics of
    which lavaan's WRMR counts the first group's 30."""
    out = wls_fit_indices(T=30.0, df=10, Tb=500.0, dfb=20, n=198, uls=False, npar=5, fmin=0.1, scaled=None,
                          scaled_b=None, catml=None, residuals={"srmr": 0.05}, gfi=0.98, nel=60, nel_wrmr=30,
                          groups=2)
    # √G · √(χ²/(n·df) − 1/n) = √2 · √(2/198) = 2/√198
    assert out["rmsea"] == pytest.approx(2 / math.sqrt(198), rel=1e-14)
    assert out["cfi"] == pytest.approx(1 - 20 / 480, rel=1e-14)
    assert out["tli"] == pytest.approx((25 - 3) / 24, rel=1e-14)
    assert out["srmr"] == 0.05
    assert out["agfi"] == pytest.approx(1 - 6 * 0.02, rel=1e-14)
    assert out["pgfi"] == pytest.approx(10 / 60 * 0.98, rel=1e-14)
    assert out["mfi"] == pytest.approx(math.exp(-10 / 198), rel=1e-14)
    assert out["wrmr"] == 1.0
    # χ²₀.₉₅(10) = 18.307038…: CN = 18.307038 / (30/198) + 1
    assert out["cn_05"] == pytest.approx(18.307038053275146 * 6.6 + 1, rel=1e-12)
    one = wls_fit_indices(T=30.0, df=10, Tb=500.0, dfb=20, n=198, uls=False, npar=5, fmin=0.1, scaled=None,
                          scaled_b=None, catml=None, residuals={}, gfi=0.98, nel=60)
    assert one["rmsea"] == pytest.approx(math.sqrt(2 / 198), rel=1e-14)
    assert one["wrmr"] == pytest.approx(math.sqrt(30 / 60), rel=1e-14)
    assert one["rmsea.notclose.pvalue"] < out["rmsea.notclose.pvalue"]   # G = 2 halves the noncentrality


def _fits(levels):
    return {lev: SimpleNamespace(fit=dict(fit), to_dict=lambda fit=fit: {"chisq": fit["chisq"]})
            for lev, fit in levels.items()}


def test_invariance_results_share_table_highest_and_to_dict():
    assert issubclass(InvarianceResult, InvarianceSteps) and issubclass(OrdinalInvarianceResult, InvarianceSteps)
    f = {"npar": 30, "chisq": 20.0, "df": 10, "chisq.scaled": 21.0, "pvalue.scaled": 0.02, "cfi.scaled": 0.99,
         "tli.scaled": 0.98, "rmsea.scaled": 0.05, "srmr": 0.04}
    comp = {"chisq.diff": 3.0, "df.diff": 2, "pvalue.diff": 0.2, "delta.cfi": -0.001, "delta.rmsea": 0.002,
            "delta.srmr": 0.003}
    res = OrdinalInvarianceResult(
        group="g", levels=("configural", "thresholds", "loadings"),
        fits=_fits({"configural": f, "thresholds": dict(f, chisq=23.0), "loadings": dict(f, chisq=40.0)}),
        comparisons=[dict(comp, model="thresholds", holds=True), dict(comp, model="loadings", holds=False)])
    assert res.highest == "thresholds"
    t = res.table()
    assert list(t.columns) == ["model", "npar", "chisq", "df", "chisq.scaled", "pvalue.scaled", "cfi.scaled",
                               "tli.scaled", "rmsea.scaled", "srmr", "chisq.diff", "df.diff", "pvalue.diff",
                               "delta.cfi", "delta.rmsea", "delta.srmr", "holds"]
    assert list(t["chisq"]) == [20.0, 23.0, 40.0]
    assert t["chisq.diff"].isna().tolist() == [True, False, False]
    d = res.to_dict()
    assert list(d) == ["group", "levels", "highest", "estimator", "parameterization", "missing", "criteria",
                       "fits", "comparisons"]
    assert d["fits"]["loadings"] == {"chisq": 40.0} and d["criteria"]["alpha"] == res.alpha

    ml = {"chisq": 20.0, "df": 10, "pvalue": 0.03, "cfi": 0.99, "tli": 0.98, "rmsea": 0.05, "srmr": 0.04,
          "aic": 1000.0, "bic": 1100.0}
    inv = InvarianceResult(group="g", levels=("configural", "metric"),
                           fits=_fits({"configural": ml, "metric": dict(ml, chisq=25.0)}),
                           comparisons=[dict(comp, model="metric", holds=None)])
    assert inv.highest == "configural"           # undecided stops the sequence as a rejection does
    assert list(inv.table().columns)[:10] == ["model", "chisq", "df", "pvalue", "cfi", "tli", "rmsea", "srmr",
                                              "aic", "bic"]
    assert list(inv.to_dict()) == ["group", "levels", "highest", "estimator", "missing", "criteria", "released",
                                   "search", "fits", "comparisons"]
