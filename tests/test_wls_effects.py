"""Effects of a WLSMV fit (research.effects.effects / plan_of) when a regression reaches an ordered observed item.

Reference: tests/reference/wls_effects_observed.json (wls_effects_observed.R, lavaan 0.6-14): parameterEstimates
and standardizedSolution (std.all and its delta-method SE) of a model in which SAT and LOY predict the ordered
item LOY4, under the delta and the theta parameterization.  Under delta, the latent response of an ordered item
has variance 1 by definition; standardizing by the covariance part's own variance of LOY4 gave .077 for the
direct SAT → LOY4 effect where lavaan prints .057.
"""
import json

import pandas as pd
import pytest

from conftest import ROOT
from research.effects import effects
from research.sem import fit_sem
from research.sem.wls_bootstrap import wls_bootstrap

REF = ROOT / "tests" / "reference"
OBS = json.loads((REF / "wls_effects_observed.json").read_text())
DATA = pd.read_csv(REF / OBS["data"])
# ordinal.md: estimates and SEs within 1e-3 of lavaan (lavaan's optimiser stops ~1e-6 from the optimum)
TOL = 1e-3


def _ref(m, lhs, op, rhs):
    return next(r for r in m["rows"] if (r["lhs"], r["op"], r["rhs"]) == (lhs, op, rhs))


@pytest.mark.parametrize("m", OBS["models"], ids=lambda m: m["parameterization"])
def test_effects_on_an_ordered_item_match_lavaan(m):
    res = fit_sem(OBS["syntax"], DATA, estimator="WLSMV", ordered=True, parameterization=m["parameterization"])
    t = effects(res).set_index(["from", "to", "type"])
    for (src, dst, kind), row in {("SAT", "LOY", "direct"): ("LOY", "~", "SAT"),
                                  ("SAT", "LOY4", "direct"): ("LOY4", "~", "SAT"),
                                  ("LOY", "LOY4", "direct"): ("LOY4", "~", "LOY"),
                                  ("SAT", "LOY4", "indirect"): ("ind", ":=", "a*b"),
                                  ("SAT", "LOY4", "total"): ("total", ":=", "c+a*b")}.items():
        r, e = _ref(m, *row), t.loc[(src, dst, kind)]
        assert e["est"] == pytest.approx(r["est"], abs=TOL), (src, dst, kind)
        assert e["se"] == pytest.approx(r["se"], abs=TOL), (src, dst, kind)
        assert e["std"] == pytest.approx(r["est.std"], abs=TOL), (src, dst, kind)
        assert e["std.se"] == pytest.approx(r["se.std"], abs=TOL), (src, dst, kind)
    # the parameters' own std.all agrees with the effects table
    pe = res.parameters
    direct = pe[(pe.lhs == "LOY4") & (pe.op == "~") & (pe.rhs == "SAT")].iloc[0]
    assert direct["std.all"] == pytest.approx(t.loc[("SAT", "LOY4", "direct"), "std"], abs=1e-9)


def test_bootstrap_standardizes_the_ordered_item_as_the_fit_does():
    """Each resample's standardized effect on LOY4 uses unit variance of its latent response (delta): the
    resample's direct effect × sd(SAT), with no division by a variance that moves from draw to draw."""
    res = fit_sem(OBS["syntax"], DATA, estimator="WLSMV", ordered=True)
    boot = wls_bootstrap(res, DATA, n_boot=20, seed=5)
    names = list(boot.names)
    raw, std = boot.draws[:, names.index("SAT -> LOY4")], boot.draws[:, names.index("std: SAT -> LOY4")]
    var_sat = boot.draws[:, names.index("SAT ~~ SAT")]          # SAT is exogenous: its variance is a parameter
    assert std == pytest.approx(raw * var_sat ** 0.5, rel=1e-9)
    assert boot.estimate[names.index("std: SAT -> LOY4")] == pytest.approx(_ref(OBS["models"][0], "LOY4", "~", "SAT")
                                                                            ["est.std"], abs=TOL)
