"""Modification indices of fits with ordered indicators (research.sem.wls_modindices), against lavaan.

Reference: tests/reference/wls_modindices.json (wls_modindices.R, lavaan 0.6-14 ``modindices(fit, sort. = FALSE)``)
for WLSMV under the delta and the theta parameterization, ULSMV, the 20-item LSQ-5 CFA (270 rows), a single-indicator
factor with its variance fixed, a model with a fixed covariance and equal loadings (under delta its items' scale
factors ``~*~`` are candidates, under theta their residual variances), an ordered item as the outcome of a regression,
mixed ordered and continuous indicators and pairwise deletion.  Every row lavaan lists is compared, in its order.
"""
import json

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT
from research.errors import OptionError
from research.sem import fit_sem
from research.sem.modindices import modindices
from research.sem.residuals import largest_residuals, residuals
from research.sem.wls_modindices import wls_modindices

REF = ROOT / "tests" / "reference"
MODELS = {m["name"]: m for m in json.loads((REF / "wls_modindices.json").read_text())["models"]}
COLS = ["mi", "epc", "sepc.lv", "sepc.all", "sepc.nox"]
# ordinal.md: estimates within 1e-3 of lavaan (its optimiser stops ~1e-6 from the optimum); an index is a
# squared score over a variance, so it is compared relative to its size, with the same absolute floor
TOL = 1e-3


def _fit(m):
    data = pd.read_csv(REF / m["data"])
    ordered = m["ordered"] if len(m["ordered"]) < len(m["syntax"]) else True
    return fit_sem(m["syntax"], data, estimator=m["estimator"], ordered=ordered,
                   parameterization=m["parameterization"], missing=m["missing"])


@pytest.fixture(scope="module", params=list(MODELS))
def case(request):
    m = MODELS[request.param]
    res = _fit(m)
    assert res.n == m["n"]
    return m, res, wls_modindices(res, sort=False)


def test_every_row_matches_lavaan(case):
    m, res, ours = case
    ref = pd.DataFrame(m["rows"])
    assert list(zip(ours.lhs, ours.op, ours.rhs)) == list(zip(ref.lhs, ref.op, ref.rhs))      # lavaan's rows, its order
    for col in COLS:
        a, b = ours[col].to_numpy(float), ref[col].to_numpy(float)
        # NaN where lavaan has NA (a residual covariance of an item whose residual variance is 0)
        assert np.allclose(a, b, rtol=TOL, atol=TOL, equal_nan=True), (m["name"], col, np.nanmax(np.abs(a - b)))


def test_the_largest_indices_name_what_lavaan_names(case):
    m, res, ours = case
    top = wls_modindices(res, max_rows=5)
    ref = pd.DataFrame(m["rows"]).sort_values("mi", ascending=False, kind="mergesort").head(5)
    assert list(zip(top.lhs, top.op, top.rhs)) == list(zip(ref.lhs, ref.op, ref.rhs))
    assert top["mi"].is_monotonic_decreasing


def test_modindices_takes_a_wlsmv_fit_and_its_options():
    m = MODELS["constrained"]
    res = _fit(m)
    direct = modindices(res, sort=False)
    pd.testing.assert_frame_equal(direct, wls_modindices(res, sort=False))
    # the freed fixed covariance of the orthogonal factors is by far the largest index
    big = modindices(res, minimum_value=3.84)
    assert (big["mi"] > 3.84).all() and (big.iloc[0]["lhs"], big.iloc[0]["op"], big.iloc[0]["rhs"]) == ("SAT", "~~", "LOY")
    assert set(modindices(res, op="=~")["op"]) == {"=~"}
    with pytest.raises(OptionError):
        modindices(res, op="|")


# ----------------------------------------------------------------------------------------------
# residuals (research.sem.wls_residuals): lavaan's residuals(fit, type)$cov
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["raw", "cor", "standardized"])
def test_residuals_match_lavaan(case, kind):
    m, res, _ = case
    want = m["residuals"][kind]
    if want is None:                     # lavaan: "not ready yet" (standardized with continuous variables)
        assert m["name"] == "mixed" and kind == "standardized"
        with pytest.raises(OptionError) as err:
            residuals(res, kind)
        assert "lavaan" in err.value.message("en") and "lavaan" in err.value.message("zh-Hans")
        return
    got = residuals(res, kind).cov
    assert list(got.index) == m["residual_names"]
    want = np.array(want, dtype=float)
    # (the largest differences seen: 7e-7 raw, 4e-5 standardized, 2e-4 in an index of 50 — lavaan's optimiser)
    assert np.allclose(got.to_numpy(), want, rtol=TOL, atol=TOL), (m["name"], kind,
                                                                   np.nanmax(np.abs(got.to_numpy() - want)))


def test_largest_residuals_of_a_wlsmv_fit():
    m = MODELS["satloy_sem"]
    res = _fit(m)
    z = np.array(m["residuals"]["standardized"], dtype=float)
    names = m["residual_names"]
    big = largest_residuals(res)
    i, j = np.unravel_index(np.argmax(np.abs(np.tril(z, -1))), z.shape)
    assert abs(z[i, j]) > 2.58 and {big.iloc[0]["lhs"], big.iloc[0]["rhs"]} == {names[i], names[j]}
    assert big.iloc[0]["standardized"] == pytest.approx(z[i, j], abs=TOL)
    raw = np.array(m["residuals"]["raw"], dtype=float)
    assert big.iloc[0]["raw"] == pytest.approx(raw[i, j], abs=TOL) and big.iloc[0]["cor"] == big.iloc[0]["raw"]
    assert len(big) == int(np.sum(np.abs(np.tril(z, -1)) > 2.58))
    with pytest.raises(OptionError):
        residuals(res, "normalized")
