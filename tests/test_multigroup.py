"""Multi-group CFA and measurement invariance against lavaan 0.6-14
(holzinger1939.json, block measurement_invariance_by_school: cfa(..., group = "school",
group.equal = ...)).  Tolerances as the reference README (1e-3), and the tight agreement a
converged fit reaches."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from conftest import REFERENCE
from research.errors import DataError, OptionError
from research.sem import fit_sem
from research.sem.multigroup import compare_path, fit_multigroup, invariance, path_free_fit

HS = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"
RELATIVE = {"chisq", "aic", "bic", "logl", "npar"}


@pytest.fixture(scope="module")
def hs():
    return pd.read_csv(REFERENCE / "holzinger1939.csv")


@pytest.fixture(scope="module")
def ref(reference):
    return reference("holzinger1939")["measurement_invariance_by_school"]


@pytest.fixture(scope="module")
def inv(hs):
    return invariance(HS, hs, "school")


@pytest.mark.parametrize("level", ["configural", "metric", "scalar"])
def test_fit_measures_of_each_level(inv, ref, level):
    res = inv.fits[level]
    assert res.converged and res.groups == tuple(ref["group_labels"])
    for name, value in ref[level].items():
        if name == "chisq_by_group":
            for g, v in value.items():
                assert res.chisq_by_group[g] == pytest.approx(v, rel=1e-3)
            continue
        ours = res.fit[name]
        if name in RELATIVE:
            assert ours == pytest.approx(value, rel=1e-6), name
        else:
            assert ours == pytest.approx(value, abs=1e-6), name


def test_likelihood_ratio_tests(inv, ref):
    lrt = {row["model"]: row for row in ref["lrt"]}
    for c in inv.comparisons:
        r = lrt[c["model"]]
        assert c["chisq.diff"] == pytest.approx(r["Chisq diff"], rel=1e-5)
        assert c["df.diff"] == r["Df diff"]
        assert c["pvalue.diff"] == pytest.approx(r["Pr(>Chisq)"], rel=1e-4)
        assert c["rmsea.diff"] == pytest.approx(r["RMSEA"], abs=1e-6)


def test_chen_decisions(inv):
    metric, scalar = inv.comparisons
    # metric: ΔCFI = −.0025 → holds; scalar: ΔCFI = −.038 with ΔSRMR = .0108 ≥ .010 → rejected
    assert metric["holds"] and metric["delta.cfi"] == pytest.approx(0.920923 - 0.923398, abs=1e-5)
    assert not scalar["holds"] and scalar["delta.cfi"] < -0.01 and scalar["delta.srmr"] >= 0.010
    assert inv.highest == "metric"
    t = inv.table()
    assert list(t["model"]) == ["configural", "metric", "scalar"] and list(t["df"]) == [48, 54, 60]
    json.dumps(inv.to_dict(), allow_nan=False)


def test_configural_parameters(hs, ref):
    res = fit_multigroup(HS, hs, "school")
    table = res.parameters.set_index(["lhs", "op", "rhs", "group"])
    assert len(table) == len(ref["configural_parameters"])
    for r in ref["configural_parameters"]:
        row = table.loc[(r["lhs"], r["op"], r["rhs"], r["group"])]
        assert row["est"] == pytest.approx(r["est"], abs=1e-4)
        assert row["se"] == pytest.approx(r["se"], rel=1e-3, abs=1e-9)
        assert row["std.all"] == pytest.approx(r["std.all"], abs=1e-4)


def test_configural_equals_separate_fits(hs):
    """Without constraints the joint fit is the groups' single-group fits side by side."""
    res = fit_multigroup(HS, hs, "school")
    for g in ("Pasteur", "Grant-White"):
        single = fit_sem(HS, hs[hs["school"] == g])
        assert res.chisq_by_group[g] == pytest.approx(single.fit["chisq"], rel=1e-7)


def test_metric_loadings_are_equal_and_latent_means_free_only_in_scalar(inv):
    p = inv.fits["metric"].parameters
    loads = p[p["op"] == "=~"].pivot_table(index=["lhs", "rhs"], columns="group", values="est")
    assert np.allclose(loads[1], loads[2])
    means = inv.fits["metric"].parameters.query("op == '~1' and lhs in ['visual', 'textual', 'speed']")
    assert (means["est"] == 0).all()
    s = inv.fits["scalar"].parameters
    lat = s.query("op == '~1' and lhs in ['visual', 'textual', 'speed']").set_index(["lhs", "group"])["est"]
    assert (lat.xs(1, level="group") == 0).all() and (lat.xs(2, level="group") != 0).all()
    ints = s.query("op == '~1' and lhs.str.startswith('x')").pivot_table(index="lhs", columns="group", values="est")
    assert np.allclose(ints[1], ints[2])


def test_partial_invariance_frees_named_parameters(hs, inv):
    part = invariance(HS, hs, "school", partial=["x3 ~1", "x7 ~1"])
    scalar = part.fits["scalar"]
    assert scalar.fit["df"] == inv.fits["scalar"].fit["df"] - 2
    assert inv.fits["metric"].fit["chisq"] < scalar.fit["chisq"] < inv.fits["scalar"].fit["chisq"]
    ints = scalar.parameters.query("op == '~1' and lhs in ['x3', 'x7']").pivot_table(
        index="lhs", columns="group", values="est")
    assert not np.allclose(ints[1], ints[2])


def test_identical_groups_give_zero_differences(hs):
    """Two copies of the same data: every constraint costs nothing and χ² doubles."""
    one = hs[hs["school"] == "Pasteur"]
    both = pd.concat([one.assign(g="a"), one.assign(g="b")], ignore_index=True)
    single = fit_sem(HS, one)
    inv = invariance(HS, both, "g", levels=("configural", "metric", "scalar", "strict"))
    for c in inv.comparisons:
        assert c["chisq.diff"] == pytest.approx(0, abs=1e-6)
    assert inv.fits["configural"].fit["chisq"] == pytest.approx(2 * single.fit["chisq"], rel=1e-7)
    assert inv.highest == "strict"


def test_compare_path_lrt_and_wald(hs):
    res = compare_path(HS, hs, "school", "visual ~~ textual")
    assert res["lrt"]["df.diff"] == 1
    a, b = res["per_group"]
    z = (a["est"] - b["est"]) / np.hypot(a["se"], b["se"])
    assert res["wald"][0]["z"] == pytest.approx(z)
    # for one constraint the Δχ² and the squared Wald z agree asymptotically: close here
    assert res["lrt"]["chisq.diff"] == pytest.approx(z ** 2, rel=0.1)
    assert res["fit_equal"]["df"] == res["fit_free"]["df"] + 1


def test_compare_path_reuses_the_free_fit(hs):
    """Several paths of one model are compared against one fit with every path free: given, it gives the
    very same comparison; a fit of other constraints is refused."""
    free = path_free_fit(HS, hs, "school")
    for path in ("visual ~~ textual", "textual ~~ speed"):
        assert compare_path(HS, hs, "school", path, free_fit=free) == compare_path(HS, hs, "school", path)
    with pytest.raises(OptionError):
        compare_path(HS, hs, "school", "visual ~~ textual", free_fit=path_free_fit(HS, hs, "school", base=()))
    with pytest.raises(OptionError):
        compare_path(HS, hs, "school", "visual ~~ textual", free_fit=free, estimator="MLR")


def test_bad_input_is_refused(hs):
    with pytest.raises(DataError):
        fit_multigroup(HS, hs, "schol")
    with pytest.raises(DataError):
        fit_multigroup(HS, hs.assign(one="x"), "one")
    with pytest.raises(OptionError):
        fit_multigroup(HS, hs, "school", equal=("loading",))
    with pytest.raises(OptionError):
        fit_multigroup(HS, hs, "school", equal=("loadings",), partial=["visual =~ x4"])
    with pytest.raises(OptionError):
        invariance(HS, hs, "school", levels=("scalar", "metric"))
    tiny = pd.concat([hs, hs.head(5).assign(school="tiny")], ignore_index=True)
    with pytest.raises(DataError) as info:
        fit_multigroup(HS, tiny, "school")
    assert "tiny" in info.value.message("en")
    assert fit_multigroup(HS, tiny, "school", groups=["Pasteur", "Grant-White"]).fit["df"] == 48
