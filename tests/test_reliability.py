"""Reliability against psych::alpha and semTools (../shared/reference; the item analysis against
tests/reference/item_regression.json, psych 2.x) and hand-computed cases."""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from research.errors import DataError
from research.reliability import (average_variance_extracted, ave_semtools, composite_reliability,
                                  cronbach_alpha, feldt_ci, flag, omega)

from conftest import REFERENCE, ROOT

FACTORS = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"], "speed": ["x7", "x8", "x9"]}


@pytest.fixture(scope="module")
def hs():
    return pd.read_csv(REFERENCE / "holzinger1939.csv")


@pytest.mark.parametrize("factor", FACTORS)
def test_alpha_matches_psych(hs, reference, factor):
    ref = reference("holzinger1939")["reliability"][factor]["alpha"]
    a = cronbach_alpha(hs, FACTORS[factor])
    assert a.alpha == pytest.approx(ref["raw_alpha"], abs=1e-9)
    assert a.alpha_std == pytest.approx(ref["std_alpha"], abs=1e-9)
    assert a.average_r == pytest.approx(ref["average_r"], abs=1e-9)
    assert a.ci_lower == pytest.approx(ref["feldt_ci_lower"], abs=1e-9)
    assert a.ci_upper == pytest.approx(ref["feldt_ci_upper"], abs=1e-9)
    assert (a.n, a.k) == (301, 3)


@pytest.mark.parametrize("factor", FACTORS)
def test_cr_ave_omega_match_semtools(reference, factor):
    ref = reference("holzinger1939")
    rel = ref["reliability"][factor]
    items = FACTORS[factor]
    std = [rel["std_loadings"][i] for i in items]
    assert composite_reliability(std) == pytest.approx(rel["cr_std_loadings"], abs=1e-9)
    assert average_variance_extracted(std) == pytest.approx(rel["ave_std_loadings"], abs=1e-9)
    params = {(p["lhs"], p["op"], p["rhs"]): p["est"] for p in ref["parameters"]}
    lam = [params[(factor, "=~", i)] for i in items]
    psi = params[(factor, "~~", factor)]
    names = ref["sample_cov_ml"]["rownames"]
    idx = [names.index(i) for i in items]
    s = np.asarray(ref["sample_cov_ml"]["values"])[np.ix_(idx, idx)]
    assert omega(lam, psi, s) == pytest.approx(rel["omega_compRelSEM"], abs=1e-6)
    assert ave_semtools(lam, psi, s) == pytest.approx(rel["ave_semTools"], abs=1e-6)


ITEMS = json.loads((ROOT / "tests" / "reference" / "item_regression.json").read_text())["alpha"]


@pytest.mark.parametrize("ref", ITEMS, ids=[a["name"] for a in ITEMS])
def test_item_analysis_matches_psych(ref):
    """The corrected item–total correlation (psych's r.drop) and α if the item is deleted (alpha.drop), as the
    reliability table prints them, on three data sets (4 scales); α, standardized α and mean r with them."""
    folder = REFERENCE if (REFERENCE / ref["data"]).exists() else ROOT / "tests" / "reference"
    a = cronbach_alpha(pd.read_csv(folder / ref["data"]), ref["items"])
    assert list(a.items.index) == ref["items"]
    np.testing.assert_allclose(a.items["citc"], ref["r_drop"], rtol=0, atol=1e-12)
    np.testing.assert_allclose(a.items["alpha_if_deleted"], ref["alpha_drop"], rtol=0, atol=1e-12)
    assert (a.alpha, a.alpha_std, a.average_r) == pytest.approx(
        (ref["raw_alpha"], ref["std_alpha"], ref["average_r"]), abs=1e-12)


def test_item_analysis_by_hand():
    # Three items; item c is the sum of a and b's pattern. Hand-checked with the definitions.
    data = pd.DataFrame({"a": [1, 2, 3, 4, 5], "b": [2, 2, 3, 5, 5], "c": [1, 3, 2, 4, 5]})
    a = cronbach_alpha(data)
    cov = data.cov().to_numpy()
    assert a.alpha == pytest.approx(3 / 2 * (1 - np.trace(cov) / cov.sum()))
    rest = data["b"] + data["c"]
    assert a.items.loc["a", "citc"] == pytest.approx(np.corrcoef(data["a"], rest)[0, 1])
    sub = data[["b", "c"]].cov().to_numpy()
    assert a.items.loc["a", "alpha_if_deleted"] == pytest.approx(2 * (1 - np.trace(sub) / sub.sum()))
    assert a.items.loc["b", "sd"] == pytest.approx(data["b"].std())


def test_feldt_ci_contains_alpha_and_narrows_with_n():
    lo1, hi1 = feldt_ci(0.8, 50, 5)
    lo2, hi2 = feldt_ci(0.8, 500, 5)
    assert lo1 < lo2 < 0.8 < hi2 < hi1


def test_flags_at_the_thresholds():
    assert [flag("alpha", v) for v in (0.70, 0.6999, 0.60, 0.5999)] == ["pass", "warn", "warn", "fail"]
    assert [flag("ave", v) for v in (0.50, 0.4999)] == ["pass", "fail"]


def test_listwise_missing_and_bad_input():
    data = pd.DataFrame({"a": [1, 2, np.nan, 4, 5], "b": [2, 2, 3, 5, 5], "c": [1, 3, 2, 4, 5]})
    assert cronbach_alpha(data).n == 4
    with pytest.raises(DataError):
        cronbach_alpha(data, ["a"])
    with pytest.raises(DataError):
        cronbach_alpha(data, ["a", "zzz"])
    with pytest.raises(DataError):
        cronbach_alpha(pd.DataFrame({"a": [1, 1, 1], "b": [1, 2, 3]}))
