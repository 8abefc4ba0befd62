r"""Model diagnostics against R (issue 12, point 6): modification indices, residuals, Mardia.

Reference numbers: ``tests/reference/sem_diagnostics.json``, written by
``tests/reference/sem_diagnostics.R`` (R 4.2.2, lavaan 0.6-14, psych 2.2.9):

* ``lavaan::modindices(fit)`` with its defaults (unsorted, rows without an
  index removed) and ``residuals(fit, type = "raw" / "cor" / "standardized" /
  "normalized")`` for: the Holzinger–Swineford 3-factor CFA (ML and MLR), the
  PoliticalDemocracy SEM (ML and MLR), a model with fixed.x covariates (ML and
  MLR), equality labels, a freed first loading with a fixed factor variance
  and equal loadings, a second-order factor, a path model of observed
  variables, a user-fixed zero covariance, equal intercepts (a mean structure
  with complete data, ML and MLR), and FIML (ML, MLR, and with fixed.x
  covariates) on the copy of HS with holes;
* ``psych::mardia`` on HS x1..x9, on the HS copy with holes (rows with a hole
  dropped, as psych's ``na.rm = TRUE``) and on the 24 items of ``mobi.csv``.

The R script polishes each lavaan fit with Newton steps (lavaan's own gradient
and Hessian) to a gradient of ~1e-15 — the same MLE as lavaan's default run,
whose stopping rule leaves estimates ~1e-6 off and moves the modification
indices by up to 1e-4.  So the comparison tests the formulas, at ``rtol =
1e-6``.  ``atol = 1e-9`` only serves entries that are 0 in exact arithmetic
(e.g. the EPC of a fixed.x covariance, whose index is 0: both programs give
rounding noise of 1e-13).  Mardia's statistics are closed-form (``rtol =
1e-9``); its p-values below ~1e-16 are 0 in psych (``2·(1 − Φ(z))``).
"""
from __future__ import annotations

import functools
import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from research.errors import DataError, OptionError
from research.normality import mardia
from research.sem import fit_sem
from research.sem.modindices import modindices
from research.sem.residuals import largest_residuals, residuals

HERE = Path(__file__).parent
SHARED = HERE.parent.parent / "shared"
REF = json.loads((HERE / "reference" / "sem_diagnostics.json").read_text())
MODELS = REF["models"]
FILES = {"holzinger1939.csv": SHARED / "reference" / "holzinger1939.csv",
         "holzinger1939_missing.csv": SHARED / "reference" / "holzinger1939_missing.csv",
         "political_democracy.csv": SHARED / "reference" / "political_democracy.csv",
         "mobi.csv": SHARED / "data" / "mobi.csv"}
RTOL, ATOL = 1e-6, 1e-9
MI_COLUMNS = ["mi", "epc", "sepc.lv", "sepc.all", "sepc.nox"]


@functools.lru_cache(maxsize=None)
def _data(name: str) -> pd.DataFrame:
    return pd.read_csv(FILES[name])


@functools.lru_cache(maxsize=None)
def _fit(name: str):
    m = MODELS[name]
    res = fit_sem(m["syntax"], _data(m["data"]), estimator=m["estimator"], missing=m["missing"], start="simple")
    assert res.converged
    return res


def _ref_frame(rows) -> pd.DataFrame:
    return pd.DataFrame(rows).replace({None: np.nan})


def test_reference_fits_are_polished():
    for name, m in MODELS.items():
        assert m["gradient_max"] < 1e-12, name
        assert _fit(name).n == m["n"], name
        assert _fit(name).fit["chisq"] == pytest.approx(m["chisq"], rel=1e-9), name


# ----------------------------------------------------------------------------------
# modification indices
# ----------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(MODELS))
def test_modindices_match_lavaan(name):
    res = _fit(name)
    ours = modindices(res, sort=False, data=_data(MODELS[name]["data"]))
    ref = _ref_frame(MODELS[name]["modindices"])
    assert list(ours.columns) == ["lhs", "op", "rhs"] + MI_COLUMNS
    # the same candidate rows, in lavaan's order
    assert ours[["lhs", "op", "rhs"]].values.tolist() == ref[["lhs", "op", "rhs"]].values.tolist()
    for col in MI_COLUMNS:
        np.testing.assert_allclose(ours[col].to_numpy(float), ref[col].to_numpy(float), rtol=RTOL, atol=ATOL,
                                   equal_nan=True, err_msg=f"{name}: {col}")


def test_modindices_hs_known_values_and_sorting():
    mi = modindices(_fit("hs"))                       # sorted by default
    assert mi["mi"].is_monotonic_decreasing
    top = mi.iloc[0]
    assert (top["lhs"], top["op"], top["rhs"]) == ("visual", "=~", "x9")
    assert top["mi"] == pytest.approx(36.411, abs=5e-4)       # lavaan's printout
    assert top["epc"] == pytest.approx(0.577, abs=5e-4)
    # a marker loading gets no index (not identified with the factor variance free), so it is not listed
    pairs = set(zip(mi["lhs"], mi["rhs"]))
    assert not pairs & {("visual", "x1"), ("textual", "x4"), ("speed", "x7")}
    assert len(mi) == 54 and mi["mi"].notna().all()


def test_modindices_filters():
    res = _fit("hs")
    full = modindices(res)
    assert modindices(res, max_rows=5).equals(full.head(5))
    loads = modindices(res, op="=~", max_rows=10)
    assert len(loads) == 10 and set(loads["op"]) == {"=~"}
    assert loads["mi"].is_monotonic_decreasing
    big = modindices(res, minimum_value=3.84)
    assert (big["mi"] > 3.84).all() and len(big) == int((full["mi"] > 3.84).sum())
    both = modindices(res, op=["~~", "=~"], sort=False)
    assert len(both) == len(full)


def test_modindices_mlr_equal_ml():
    """lavaan uses the expected information for MLR too: the indices are ML's."""
    ml, mlr = modindices(_fit("hs"), sort=False), modindices(_fit("hs_mlr"), sort=False)
    pd.testing.assert_frame_equal(ml, mlr, rtol=1e-12, atol=1e-12)


def test_modindices_fixed_x_conventions():
    mi = modindices(_fit("fixed_x"), sort=False).set_index(["lhs", "op", "rhs"])
    # fixed.x moments are candidates (index 0), regressions of the covariates on other variables too
    assert mi.loc[("ageyr", "~~", "ageyr"), "mi"] == pytest.approx(0.0, abs=1e-9)
    assert math.isnan(mi.loc[("ageyr", "~~", "grade"), "sepc.all"])
    assert ("grade", "~~", "grade") not in mi.index
    assert mi.loc[("ageyr", "~", "textual"), "mi"] == pytest.approx(15.0767, rel=1e-4)


def test_modindices_fiml_needs_the_data():
    res = _fit("fiml")
    with pytest.raises(OptionError) as err:
        modindices(res)
    for lang in ("en", "zh-Hans", "zh-Hant"):
        assert "modindices" in err.value.message(lang)
    other = _data("holzinger1939_missing.csv").iloc[:-1]
    with pytest.raises(OptionError):
        modindices(res, data=other)


@pytest.mark.parametrize("kwargs", [{"op": "=>"}, {"op": []}, {"max_rows": 0}, {"max_rows": 2.5},
                                    {"minimum_value": "big"}, {"minimum_value": float("nan")}])
def test_modindices_bad_options(kwargs):
    with pytest.raises(OptionError):
        modindices(_fit("hs"), **kwargs)


# ----------------------------------------------------------------------------------
# residuals
# ----------------------------------------------------------------------------------
RESIDUAL_TYPES = ("raw", "cor", "standardized", "normalized")


@pytest.mark.parametrize("name", list(MODELS))
@pytest.mark.parametrize("kind", RESIDUAL_TYPES)
def test_residuals_match_lavaan(name, kind):
    res = _fit(name)
    ours = residuals(res, kind, data=_data(MODELS[name]["data"]))
    ref = MODELS[name]["residuals"][kind]
    assert list(ours.cov.index) == ref["cov"]["rownames"]
    expected = _rounding_noise_to_nan(ours.cov.to_numpy(), np.array(ref["cov"]["values"], dtype=float))
    np.testing.assert_allclose(ours.cov.to_numpy(), expected, rtol=RTOL, atol=ATOL, equal_nan=True,
                               err_msg=f"{name}: {kind}")
    if "mean" in ref:
        np.testing.assert_allclose(ours.mean.to_numpy(), np.array(ref["mean"], dtype=float), rtol=RTOL,
                                   atol=ATOL, equal_nan=True, err_msg=f"{name}: {kind} means")
    else:
        assert ours.mean is None


def _rounding_noise_to_nan(ours: np.ndarray, ref: np.ndarray) -> np.ndarray:
    """Where a residual's variance is zero up to rounding we give NaN and lavaan a ratio to rounding noise
    (|z| ~ 1e11–1e13, see research.sem.residuals); only there, and only such values, are set aside."""
    noise = np.isnan(ours) & ~np.isnan(ref)
    assert (np.abs(ref[noise]) > 1e8).all()
    return np.where(noise, np.nan, ref)


def test_standardized_residuals_without_variance_are_nan():
    # constrained means leave the variances a residual above 1e-5 that the free residual variances
    # reproduce exactly: no standard error, lavaan prints −4e11 … −4e13
    std = residuals(_fit("means"), "standardized").cov.to_numpy()
    assert np.isnan(np.diag(std)).all()
    assert np.isfinite(std[np.tril_indices(9, -1)]).all()
    assert (np.abs(np.diag(np.array(MODELS["means"]["residuals"]["standardized"]["cov"]["values"]))) > 1e10).all()


def test_residuals_hs_known_values():
    std = residuals(_fit("hs"), "standardized").cov
    cor = residuals(_fit("hs"), "cor").cov
    assert std.loc["x1", "x2"] == pytest.approx(-1.996, abs=5e-4)      # residuals(fit, "standardized")
    assert cor.loc["x7", "x9"] == pytest.approx(cor.loc["x9", "x7"])
    assert np.allclose(np.diag(residuals(_fit("hs"), "raw").cov), 0, atol=1e-9)


def test_residual_tables():
    r = residuals(_fit("fiml"), "standardized", data=_data("holzinger1939_missing.csv"))
    t = r.table()
    assert len(t) == 45 + 9 and list(t.columns) == ["lhs", "op", "rhs", "residual"]
    assert (t["op"] == "~1").sum() == 9
    d = r.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["type"] == "standardized" and len(d["mean"]) == 9


def test_largest_residuals():
    res = _fit("hs")
    big = largest_residuals(res)
    std = residuals(res, "standardized").cov.to_numpy()
    i, j = np.tril_indices(9)
    expected = int((np.abs(std[i, j]) > 2.58).sum())
    assert len(big) == expected > 0
    assert big["standardized"].abs().is_monotonic_decreasing
    assert (big["standardized"].abs() > 2.58).all()
    assert list(big.columns) == ["lhs", "op", "rhs", "raw", "cor", "standardized"]
    assert len(largest_residuals(res, threshold=100)) == 0


def test_residuals_need_data_for_mlr_and_fiml():
    assert residuals(_fit("hs_mlr"), "raw").cov.shape == (9, 9)     # raw and cor need no rows
    for name in ("hs_mlr", "fiml"):
        with pytest.raises(OptionError):
            residuals(_fit(name), "standardized")


def test_residuals_bad_type():
    with pytest.raises(OptionError):
        residuals(_fit("hs"), "cor.bentler")


# ----------------------------------------------------------------------------------
# Mardia
# ----------------------------------------------------------------------------------
MARDIA_FIELDS = {"b1p": "b1p", "b2p": "b2p", "skew": "skew", "small_skew": "small.skew", "kurtosis": "kurtosis"}
MARDIA_P = {"p_skew": "p.skew", "p_small": "p.small", "p_kurtosis": "p.kurt"}


@pytest.mark.parametrize("name", list(REF["mardia"]))
def test_mardia_matches_psych(name):
    ref = REF["mardia"][name]
    m = mardia(_data(ref["data"]), ref["items"])
    assert (m.n, m.p) == (ref["n.obs"], ref["n.var"])
    assert m.skew_df == ref["n.var"] * (ref["n.var"] + 1) * (ref["n.var"] + 2) / 6
    for ours, theirs in MARDIA_FIELDS.items():
        assert getattr(m, ours) == pytest.approx(ref[theirs], rel=1e-9), ours
    for ours, theirs in MARDIA_P.items():
        assert getattr(m, ours) == pytest.approx(ref[theirs], rel=1e-9, abs=1e-15), ours
    np.testing.assert_allclose(m.distances.to_numpy()[:5], ref["d_head"], rtol=1e-9)


def test_mardia_missing_rows_are_reported():
    data = _data("holzinger1939_missing.csv")
    items = [f"x{i}" for i in range(1, 10)]
    m = mardia(data, items)
    incomplete = data[items].isna().any(axis=1)
    assert m.n_dropped == int(incomplete.sum()) == 301 - 168
    assert list(m.dropped_rows) == list(data.index[incomplete])
    d = m.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["n_dropped"] == 133 and d["missing"] == "listwise"
    assert list(m.table()["test"]) == ["skewness", "skewness (small sample)", "kurtosis"]


def test_mardia_input_checks():
    data = _data("holzinger1939.csv")
    with pytest.raises(OptionError) as err:
        mardia(data, ["x1", "nope"])
    messages = {lang: err.value.message(lang) for lang in ("en", "zh-Hans", "zh-Hant")}
    assert len(set(messages.values())) == 3
    with pytest.raises(OptionError):
        mardia(data, "x1")
    with pytest.raises(OptionError):
        mardia(data.to_numpy(), ["x1", "x2"])
    with pytest.raises(DataError):
        mardia(data, ["x1", "school"])                      # text answers
    with pytest.raises(DataError):
        mardia(data.assign(c=1.0), ["x1", "c"])             # no variance
    with pytest.raises(DataError):
        mardia(data.head(5), [f"x{i}" for i in range(1, 10)])  # fewer rows than items + 2
    with pytest.raises(DataError):
        mardia(data.assign(s=data["x1"] + data["x2"]), ["x1", "x2", "s"])   # singular


def test_diagnostics_need_a_single_group_fit():
    for func in (modindices, residuals):
        with pytest.raises(OptionError):
            func(object())
