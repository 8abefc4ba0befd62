"""Relative importance of drivers (research.marketing.importance): LMG and Johnson's
relative weights against published worked examples, a brute-force Shapley value over
all p! orders with R² from statsmodels OLS, textbook identities, the bootstrap (seeds,
intervals, rank stability) and the errors for bad input."""
from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from conftest import ROOT

from research.bootstrap import resample_blocks
from research.errors import DataError, OptionError
from research.marketing.importance import (DriversResult, drivers, lmg, lmg_from_corr, relative_weights,
                                           relative_weights_from_corr)
from research.regression import construct_scores, regress

DRIVERS = ["ECO", "RES", "FLE", "REL", "EMP"]

# Motor Trend road tests, R's datasets::mtcars (Henderson & Velleman 1981), the columns used below:
# car, mpg, cyl, disp, hp, wt, am, carb.
# fmt: off
MTCARS = [
    ("Mazda RX4", 21, 6, 160, 110, 2.62, 1, 4),
    ("Mazda RX4 Wag", 21, 6, 160, 110, 2.875, 1, 4),
    ("Datsun 710", 22.8, 4, 108, 93, 2.32, 1, 1),
    ("Hornet 4 Drive", 21.4, 6, 258, 110, 3.215, 0, 1),
    ("Hornet Sportabout", 18.7, 8, 360, 175, 3.44, 0, 2),
    ("Valiant", 18.1, 6, 225, 105, 3.46, 0, 1),
    ("Duster 360", 14.3, 8, 360, 245, 3.57, 0, 4),
    ("Merc 240D", 24.4, 4, 146.7, 62, 3.19, 0, 2),
    ("Merc 230", 22.8, 4, 140.8, 95, 3.15, 0, 2),
    ("Merc 280", 19.2, 6, 167.6, 123, 3.44, 0, 4),
    ("Merc 280C", 17.8, 6, 167.6, 123, 3.44, 0, 4),
    ("Merc 450SE", 16.4, 8, 275.8, 180, 4.07, 0, 3),
    ("Merc 450SL", 17.3, 8, 275.8, 180, 3.73, 0, 3),
    ("Merc 450SLC", 15.2, 8, 275.8, 180, 3.78, 0, 3),
    ("Cadillac Fleetwood", 10.4, 8, 472, 205, 5.25, 0, 4),
    ("Lincoln Continental", 10.4, 8, 460, 215, 5.424, 0, 4),
    ("Chrysler Imperial", 14.7, 8, 440, 230, 5.345, 0, 4),
    ("Fiat 128", 32.4, 4, 78.7, 66, 2.2, 1, 1),
    ("Honda Civic", 30.4, 4, 75.7, 52, 1.615, 1, 2),
    ("Toyota Corolla", 33.9, 4, 71.1, 65, 1.835, 1, 1),
    ("Toyota Corona", 21.5, 4, 120.1, 97, 2.465, 0, 1),
    ("Dodge Challenger", 15.5, 8, 318, 150, 3.52, 0, 2),
    ("AMC Javelin", 15.2, 8, 304, 150, 3.435, 0, 2),
    ("Camaro Z28", 13.3, 8, 350, 245, 3.84, 0, 4),
    ("Pontiac Firebird", 19.2, 8, 400, 175, 3.845, 0, 2),
    ("Fiat X1-9", 27.3, 4, 79, 66, 1.935, 1, 1),
    ("Porsche 914-2", 26, 4, 120.3, 91, 2.14, 1, 2),
    ("Lotus Europa", 30.4, 4, 95.1, 113, 1.513, 1, 2),
    ("Ford Pantera L", 15.8, 8, 351, 264, 3.17, 1, 4),
    ("Ferrari Dino", 19.7, 6, 145, 175, 2.77, 1, 6),
    ("Maserati Bora", 15, 8, 301, 335, 3.57, 1, 8),
    ("Volvo 142E", 21.4, 4, 121, 109, 2.78, 1, 2),
]
# fmt: on


@pytest.fixture(scope="module")
def mtcars() -> pd.DataFrame:
    return pd.DataFrame(MTCARS, columns=["car", "mpg", "cyl", "disp", "hp", "wt", "am", "carb"]).set_index("car")


@pytest.fixture(scope="module")
def scores() -> pd.DataFrame:
    """The sample data as mean scores per construct (REL4 recoded 6 − answer, as datasets/README.md says)."""
    raw = pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv")
    raw["REL4"] = 6 - raw["REL4"]
    constructs = {c: [f"{c}{i}" for i in range(1, 5)] for c in DRIVERS}
    constructs["SAT"] = ["SAT1", "SAT2", "SAT3"]
    return construct_scores(raw, constructs)


@pytest.fixture(scope="module")
def correlated() -> pd.DataFrame:
    """Five strongly correlated predictors, one negative effect and a suppressor (x5 ⟂ y, correlated with x1)."""
    rng = np.random.default_rng(20240611)
    n = 250
    z = rng.normal(size=(n, 4))
    x1 = z[:, 0]
    x2 = 0.7 * x1 + 0.5 * z[:, 1]
    x3 = 0.4 * x1 - 0.5 * x2 + 0.8 * z[:, 2]
    x4 = 0.3 * x2 + 0.9 * z[:, 3]
    x5 = 0.8 * x1 + 0.6 * rng.normal(size=n)
    y = 0.6 * x1 + 0.3 * x2 - 0.4 * x3 + 0.2 * x4 - 0.5 * x5 + rng.normal(size=n)
    return pd.DataFrame({"y": y, "x1": x1, "x2": x2, "x3": x3, "x4": x4, "x5": x5})


def _ols_r2(data: pd.DataFrame, outcome, cols) -> float:
    if not cols:
        return 0.0
    return float(sm.OLS(data[outcome].to_numpy(), sm.add_constant(data[list(cols)].to_numpy())).fit().rsquared)


def _shapley_brute_force(data: pd.DataFrame, outcome, predictors) -> np.ndarray:
    """Average increase in R² over all p! orders of entry, each R² from statsmodels OLS on the raw data."""
    cache: dict = {}

    def r2(cols) -> float:
        key = frozenset(cols)
        if key not in cache:
            cache[key] = _ols_r2(data, outcome, sorted(key, key=predictors.index))
        return cache[key]

    total = np.zeros(len(predictors))
    for order in itertools.permutations(predictors):
        entered: list = []
        for c in order:
            total[predictors.index(c)] += r2([*entered, c]) - r2(entered)
            entered.append(c)
    return total / math.factorial(len(predictors))


# --------------------------------------------------------------------------
# published worked examples
# --------------------------------------------------------------------------

def test_lmg_matches_the_domir_worked_example(mtcars):
    """domir's vignette "Conceptual Introduction to Dominance Analysis" (J. Luchman, R package domir):
    domir(mpg ~ am + cyl + carb, lm R²) on mtcars prints Overall Value 0.8113023 and General Dominance
    am 0.2156848, cyl 0.4173094, carb 0.1783081, Standardized 0.2658501, 0.5143698, 0.2197801,
    Ranks 2, 1, 3 (general dominance = LMG, Grömping 2007).  Printed to 7 decimals."""
    # the data are the vignette's: its lm() shows am 4.2430, cyl −1.7175, carb −1.1304, R² 0.8113
    fit = sm.OLS(mtcars["mpg"], sm.add_constant(mtcars[["am", "cyl", "carb"]])).fit()
    assert fit.params[["am", "cyl", "carb"]].round(4).tolist() == [4.2430, -1.7175, -1.1304]

    published = {"am": 0.2156848, "cyl": 0.4173094, "carb": 0.1783081}
    standardized = {"am": 0.2658501, "cyl": 0.5143698, "carb": 0.2197801}
    from_data = lmg(mtcars, "mpg", ["am", "cyl", "carb"])
    from_corr = lmg_from_corr(mtcars.corr(), "mpg", ["am", "cyl", "carb"])
    for s in (from_data, from_corr):
        assert s.attrs["r2"] == pytest.approx(0.8113023, abs=5e-8)
        for c, v in published.items():
            assert s[c] == pytest.approx(v, abs=5e-8)

    res = drivers(mtcars, "mpg", ["am", "cyl", "carb"], bootstrap=0)
    t = res.table().set_index("driver")
    for c, v in standardized.items():
        assert t.loc[c, "lmg_share"] == pytest.approx(v, abs=5e-8)
    assert t["rank"].to_dict() == {"am": 2, "cyl": 1, "carb": 3}


def test_relative_weights_match_the_rwa_worked_example(mtcars):
    """rwa package (M. Chan), help page of rwa_multiregress() and its "regression methods" vignette:
    rwa_multiregress(mtcars, "mpg", c("cyl", "disp", "hp", "wt")) gives Raw.RelWeight 0.2096904,
    0.1883043, 0.1799590, 0.2706812, Rescaled.RelWeight 24.70914, 22.18908, 21.20570, 31.89607 (%),
    R-squared 0.8486."""
    cols = ["cyl", "disp", "hp", "wt"]
    raw = [0.2096904, 0.1883043, 0.1799590, 0.2706812]
    rescaled = [24.70914, 22.18908, 21.20570, 31.89607]
    from_data = relative_weights(mtcars, "mpg", cols)
    from_corr = relative_weights_from_corr(mtcars.corr(), "mpg", cols)
    from_cov = relative_weights_from_corr(mtcars.cov(), "mpg", cols)      # rescaled to correlations
    for s in (from_data, from_corr, from_cov):
        assert s.tolist() == pytest.approx(raw, abs=5e-8)
        assert (100 * s / s.attrs["r2"]).tolist() == pytest.approx(rescaled, abs=5e-6)
        assert round(s.attrs["r2"], 4) == 0.8486
    t = drivers(mtcars, "mpg", cols, bootstrap=0).table()
    assert (100 * t["rw_share"]).tolist() == pytest.approx(rescaled, abs=5e-6)


# --------------------------------------------------------------------------
# identities and the brute-force Shapley value
# --------------------------------------------------------------------------

def test_lmg_equals_brute_force_shapley_over_all_orders(correlated):
    preds = ["x1", "x2", "x3", "x4", "x5"]
    expected = _shapley_brute_force(correlated, "y", preds)
    got = lmg(correlated, "y", preds)
    assert got.to_numpy() == pytest.approx(expected, abs=1e-12)
    # four predictors (a different plan) too
    assert lmg(correlated, "y", preds[:4]).to_numpy() == pytest.approx(
        _shapley_brute_force(correlated, "y", preds[:4]), abs=1e-12)


def test_parts_sum_to_r2_of_statsmodels_ols(correlated):
    preds = ["x1", "x2", "x3", "x4", "x5"]
    r2 = _ols_r2(correlated, "y", preds)
    res = drivers(correlated, "y", preds, bootstrap=0)
    assert res.r2 == pytest.approx(r2, abs=1e-12)
    assert res.estimates["lmg"].sum() == pytest.approx(r2, abs=1e-12)
    assert res.estimates["rw"].sum() == pytest.approx(r2, abs=1e-12)
    assert res.estimates["lmg_share"].sum() == pytest.approx(1, abs=1e-12)
    assert res.estimates["rw_share"].sum() == pytest.approx(1, abs=1e-12)
    assert (res.estimates[["lmg", "rw"]].to_numpy() >= 0).all()
    # β from the same correlation matrix = slopes of the z-scored regression (statsmodels)
    z = (correlated - correlated.mean()) / correlated.std()
    beta = sm.OLS(z["y"], sm.add_constant(z[preds])).fit().params[preds]
    assert res.estimates["beta"].to_numpy() == pytest.approx(beta.to_numpy(), abs=1e-10)
    # x5 has a negative β but a positive r with y: noted as suppression
    assert any(n.startswith("x5: β") and "suppression" in n for n in res.notes)


def test_relative_weights_by_hand(correlated):
    """Johnson (2000), eq. by eq.: Λ_half = R_xx^{1/2} (scipy's sqrtm), β* = Λ_half⁻¹ r_xy, ε = Λ_half∘² β*∘²."""
    from scipy.linalg import sqrtm

    preds = ["x1", "x2", "x3", "x4", "x5"]
    R = correlated[["y", *preds]].corr().to_numpy()
    half = np.real(sqrtm(R[1:, 1:]))
    beta_star = np.linalg.solve(half, R[1:, 0])
    eps = (half ** 2) @ (beta_star ** 2)
    assert relative_weights(correlated, "y", preds).to_numpy() == pytest.approx(eps, abs=1e-12)


def test_orthogonal_predictors_get_their_squared_correlations():
    rng = np.random.default_rng(7)
    n = 120
    q, _ = np.linalg.qr(np.column_stack([np.ones(n), rng.normal(size=(n, 4))]))
    X = q[:, 1:] * 3 + 5                      # centred columns, exactly uncorrelated in the sample
    y = X @ np.array([0.5, -1.0, 0.2, 0.0]) + rng.normal(size=n)
    data = pd.DataFrame(X, columns=["a", "b", "c", "d"]).assign(y=y)
    r2 = data.corr()["y"][["a", "b", "c", "d"]].to_numpy() ** 2
    assert lmg(data, "y", ["a", "b", "c", "d"]).to_numpy() == pytest.approx(r2, abs=1e-12)
    assert relative_weights(data, "y", ["a", "b", "c", "d"]).to_numpy() == pytest.approx(r2, abs=1e-12)


def test_one_predictor_gets_all_of_r2(correlated):
    r = np.corrcoef(correlated["y"], correlated["x2"])[0, 1]
    assert lmg(correlated, "y", "x2").tolist() == pytest.approx([r ** 2], abs=1e-14)
    assert relative_weights(correlated, "y", ["x2"]).tolist() == pytest.approx([r ** 2], abs=1e-14)
    res = drivers(correlated, "y", ["x2"], bootstrap=50, seed=1)
    assert res.estimates["lmg_share"].tolist() == [pytest.approx(1)]
    assert res.estimates["rank_stability"].tolist() == [1.0]


def test_fifteen_predictors_exact_and_sixteen_refused():
    rng = np.random.default_rng(3)
    n = 300
    X = rng.normal(size=(n, 16)) + rng.normal(size=(n, 1))
    y = X @ rng.uniform(-1, 1, 16) + rng.normal(size=n) * 2
    data = pd.DataFrame(X, columns=[f"d{i}" for i in range(16)]).assign(y=y)
    fifteen = [f"d{i}" for i in range(15)]
    s = lmg(data, "y", fifteen)
    assert s.sum() == pytest.approx(_ols_r2(data, "y", fifteen), abs=1e-12)
    all16 = [f"d{i}" for i in range(16)]
    for call in (lambda: lmg(data, "y", all16), lambda: lmg_from_corr(data.corr(), "y", all16),
                 lambda: drivers(data, "y", all16, bootstrap=0)):
        with pytest.raises(OptionError) as err:
            call()
        msg = err.value.message("en")
        assert "16 > 15" in msg and "relative_weights()" in msg
    # relative weights have no such limit
    assert relative_weights(data, "y", all16).sum() == pytest.approx(_ols_r2(data, "y", all16), abs=1e-12)


# --------------------------------------------------------------------------
# the bootstrap
# --------------------------------------------------------------------------

def test_bootstrap_is_reproducible_and_independent_of_n_jobs(correlated):
    preds = ["x1", "x2", "x3"]
    a = drivers(correlated, "y", preds, bootstrap=200, seed=11)
    b = drivers(correlated, "y", preds, bootstrap=200, seed=11)
    c = drivers(correlated, "y", preds, bootstrap=200, seed=12)
    d = drivers(correlated, "y", preds, bootstrap=200, seed=11, n_jobs=2)
    assert a.seed == 11 and a.n_boot == 200 and a.n_boot_valid == 200
    np.testing.assert_array_equal(a.boot_lmg, b.boot_lmg)
    np.testing.assert_array_equal(a.boot_lmg, d.boot_lmg)
    np.testing.assert_array_equal(a.boot_rw, d.boot_rw)
    pd.testing.assert_frame_equal(a.table(), b.table())
    assert not np.array_equal(a.boot_lmg, c.boot_lmg)
    # seed=None: fresh entropy, stored so that the run can be repeated
    e = drivers(correlated, "y", preds, bootstrap=50)
    assert isinstance(e.seed, int)
    np.testing.assert_array_equal(e.boot_lmg, drivers(correlated, "y", preds, bootstrap=50, seed=e.seed).boot_lmg)


def test_each_resample_is_the_statistic_of_its_rows(correlated):
    """Draw b is LMG / RW of the rows research.bootstrap.resample_blocks gives for the same seed."""
    preds = ["x1", "x2", "x3", "x4"]
    res = drivers(correlated, "y", preds, bootstrap=120, seed=5)
    index = np.vstack([ix for _, ix in resample_blocks(np.random.SeedSequence(5), 120, len(correlated))])
    for b in (0, 57, 119):
        rows = correlated.iloc[index[b]].reset_index(drop=True)
        assert res.boot_lmg[b] == pytest.approx(_shapley_brute_force(rows, "y", preds), abs=1e-12)
        assert res.boot_rw[b] == pytest.approx(relative_weights(rows, "y", preds).to_numpy(), abs=1e-12)
        assert res.boot_r2[b] == pytest.approx(_ols_r2(rows, "y", preds), abs=1e-12)


def test_resamples_without_variation_are_left_out_and_counted():
    """A 0/1 driver with a single 1 is constant in every resample that misses that row."""
    rng = np.random.default_rng(1)
    n = 15
    data = pd.DataFrame({"y": rng.normal(size=n), "a": rng.normal(size=n), "rare": [1] + [0] * (n - 1)})
    res = drivers(data, "y", ["a", "rare"], bootstrap=200, seed=4)
    index = np.vstack([ix for _, ix in resample_blocks(np.random.SeedSequence(4), 200, n)])
    has_rare = (index == 0).any(axis=1)
    assert res.n_boot_valid == int(has_rare.sum()) < 200
    assert np.isnan(res.boot_lmg[~has_rare]).all() and np.isfinite(res.boot_lmg[has_rare]).all()
    assert any(f"{200 - res.n_boot_valid} of 200 resamples left out" in note for note in res.notes)
    ranks = np.where(res.boot_lmg[has_rare][:, 0] >= res.boot_lmg[has_rare][:, 1], 1, 2)   # rank of "a"
    t = res.table().set_index("driver")
    assert t.loc["a", "first_share"] == pytest.approx((ranks == 1).mean(), abs=1e-15)
    json.dumps(res.to_dict(), allow_nan=False)


def test_rank_stability_is_one_for_a_dominant_driver():
    rng = np.random.default_rng(99)
    n = 300
    X = rng.normal(size=(n, 3))
    X[:, 1] += 0.3 * X[:, 0]
    y = 2.0 * X[:, 0] + 0.2 * X[:, 1] + 0.2 * X[:, 2] + rng.normal(size=n)
    data = pd.DataFrame(X, columns=["big", "small1", "small2"]).assign(y=y)
    t = drivers(data, "y", ["big", "small1", "small2"], bootstrap=500, seed=3).table().set_index("driver")
    assert t.loc["big", "rank"] == 1
    assert t.loc["big", "rank_stability"] == 1.0
    assert t.loc["big", "first_share"] == 1.0
    assert t.loc["small1", "first_share"] == 0.0 and t.loc["small2", "first_share"] == 0.0


def test_rank_stability_is_near_one_half_for_exchangeable_drivers():
    """Each row also enters with x1 and x2 swapped, so the bootstrap distribution is symmetric in x1, x2:
    each is ranked first in half the resamples (Monte Carlo SD 0.016 at B = 1000)."""
    rng = np.random.default_rng(2024)
    n = 200
    x = rng.normal(size=(n, 2)) + 0.4 * rng.normal(size=(n, 1))
    w = rng.normal(size=n)
    y = x[:, 0] + x[:, 1] + 0.3 * w + rng.normal(size=n)
    half = pd.DataFrame({"y": y, "x1": x[:, 0], "x2": x[:, 1], "weak": w})
    data = pd.concat([half, half.rename(columns={"x1": "x2", "x2": "x1"})], ignore_index=True)
    res = drivers(data, "y", ["x1", "x2", "weak"], bootstrap=1000, seed=8)
    t = res.table().set_index("driver")
    assert res.estimates.loc["x1", "lmg"] == pytest.approx(res.estimates.loc["x2", "lmg"], abs=1e-12)
    for c in ("x1", "x2"):
        assert abs(t.loc[c, "rank_stability"] - 0.5) < 0.06
        assert abs(t.loc[c, "first_share"] - 0.5) < 0.06
    assert t["first_share"].sum() == pytest.approx(1)
    assert t.loc["weak", "rank"] == 3 and t.loc["weak", "rank_stability"] == 1.0


def test_sample_data_sat_on_the_five_lsq_dimensions(scores):
    """The realistic case: SAT on ECO, RES, FLE, REL, EMP (mean scores, 500 simulated respondents)."""
    res = drivers(scores, "SAT", DRIVERS, bootstrap=1000, seed=20261122)
    ref = regress(scores, "SAT", DRIVERS)               # statsmodels OLS on the same rows
    assert res.n == ref.n and res.n_dropped == 0
    assert res.r2 == pytest.approx(ref.r2, abs=1e-12)
    assert res.estimates["beta"].to_numpy() == pytest.approx(ref.coefficients["beta"][DRIVERS].to_numpy(), abs=1e-10)
    assert res.estimates["lmg"].to_numpy() == pytest.approx(_shapley_brute_force(scores, "SAT", DRIVERS), abs=1e-12)
    assert res.estimates["lmg"].sum() == pytest.approx(ref.r2, abs=1e-12)
    assert res.estimates["rw"].sum() == pytest.approx(ref.r2, abs=1e-12)
    # every driver matters (population β .10–.30, datasets/README.md) and the two measures nearly agree,
    # as they do for a few moderately correlated predictors (Johnson 2000; LeBreton et al. 2004)
    assert (res.estimates["lmg_ci_lower"] > 0).all()
    assert np.abs(res.estimates["lmg"] - res.estimates["rw"]).max() < 0.01
    t = res.table()
    assert sorted(t["rank"]) == [1, 2, 3, 4, 5]
    assert t["first_share"].sum() == pytest.approx(1)
    for key in ("lmg", "lmg_share", "rw", "rw_share"):
        assert (t[f"{key}_ci_lower"] <= t[key]).all() and (t[key] <= t[f"{key}_ci_upper"]).all()
    assert ((t["rank_stability"] >= 0) & (t["rank_stability"] <= 1)).all()
    d = res.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["n"] == 500 and d["seed"] == 20261122 and len(d["drivers"]) == 5
    # a narrower level gives narrower intervals from the same draws
    t80 = drivers(scores, "SAT", DRIVERS, bootstrap=1000, seed=20261122, level=0.80).table()
    assert ((t80["lmg_ci_upper"] - t80["lmg_ci_lower"]) < (t["lmg_ci_upper"] - t["lmg_ci_lower"])).all()


def test_listwise_deletion_is_counted(correlated):
    data = correlated.copy()
    data["note"] = np.nan                               # not analysed: must not drop anything
    data.loc[[3, 10], "x1"] = np.nan
    data.loc[[10, 42], "y"] = np.nan
    res = drivers(data, "y", ["x1", "x2", "x3"], bootstrap=0)
    assert res.n_dropped == 3 and set(res.dropped_rows) == {3, 10, 42} and res.n == len(data) - 3
    assert any("3 of 250 rows dropped" in n for n in res.notes)
    clean = drivers(correlated.drop(index=[3, 10, 42]), "y", ["x1", "x2", "x3"], bootstrap=0)
    pd.testing.assert_frame_equal(res.estimates, clean.estimates)
    s = lmg(data, "y", ["x1", "x2", "x3"])
    assert s.attrs["n_dropped"] == 3 and s.attrs["n"] == 247
    d = res.to_dict()
    json.dumps(d, allow_nan=False)                      # no bootstrap: NaN intervals become null
    assert d["drivers"][0]["lmg_ci_lower"] is None and d["dropped_rows"] == [3, 10, 42]
    assert isinstance(res, DriversResult) and res.seed is None


# --------------------------------------------------------------------------
# errors for bad input
# --------------------------------------------------------------------------

def _raises(kind, call, *needles):
    with pytest.raises(kind) as err:
        call()
    msg = err.value.message("en")
    for needle in needles:
        assert needle in msg, msg
    for lang in ("zh-Hans", "zh-Hant"):
        assert err.value.message(lang)
    return err.value


def test_errors_for_bad_columns(correlated):
    _raises(OptionError, lambda: drivers(correlated.to_numpy(), "y", ["x1"]), "DataFrame")
    _raises(OptionError, lambda: drivers(correlated, "SAT", ["x1"]), "SAT")
    _raises(OptionError, lambda: lmg(correlated, "y", ["x1", "nope"]), "nope")
    _raises(OptionError, lambda: lmg(correlated, "y", ["x1", "y"]), "outcome")
    _raises(OptionError, lambda: lmg(correlated, "y", ["x1", "x1"]), "x1")
    _raises(OptionError, lambda: lmg(correlated, "y", []), "p = 0")
    text = correlated.assign(x2=correlated["x2"].map(lambda v: f"{v:.2f}"))
    err = _raises(DataError, lambda: relative_weights(text, "y", ["x1", "x2"]), "x2", "not numeric")
    assert err.column == "x2"
    const = correlated.assign(x3=4.0)
    assert _raises(DataError, lambda: drivers(const, "y", ["x1", "x3"], bootstrap=0), "x3").column == "x3"
    inf = correlated.assign(x1=correlated["x1"].where(correlated.index != 5, np.inf))
    _raises(DataError, lambda: lmg(inf, "y", ["x1", "x2"]), "x1", "inf")


def test_error_for_perfect_collinearity_names_the_columns(correlated):
    data = correlated.assign(total=correlated["x1"] + correlated["x2"])
    for call in (lambda: drivers(data, "y", ["x1", "x2", "x3", "total"], bootstrap=0),
                 lambda: relative_weights(data, "y", ["x1", "x2", "x3", "total"]),
                 lambda: lmg_from_corr(data.corr(), "y", ["x1", "x2", "x3", "total"])):
        err = _raises(DataError, call, "x1", "x2", "total", "collinear")
        assert "x3" not in err.message("en").split("analysis:")[1].split(".")[0]


def test_error_for_too_few_complete_rows(correlated):
    small = correlated.iloc[:6].copy()
    small.loc[0, "x1"] = np.nan
    _raises(DataError, lambda: drivers(small, "y", ["x1", "x2", "x3", "x4"], bootstrap=0), "n = 5 < p + 2 = 6")


def test_errors_for_bad_options(correlated):
    call = lambda **kw: drivers(correlated, "y", ["x1", "x2"], **kw)  # noqa: E731
    for bad in (-1, 1, 2.5, True, "100"):
        _raises(OptionError, lambda: call(bootstrap=bad), "bootstrap")
    for bad in (0, 1, 95, "0.95", True):
        _raises(OptionError, lambda: call(level=bad), "level")
    for bad in (-3, 1.5, "x"):
        _raises(OptionError, lambda: call(seed=bad), "seed")
    for bad in (0, 1.0, None):
        _raises(OptionError, lambda: call(n_jobs=bad), "n_jobs")


def test_errors_for_bad_correlation_matrices():
    names = ["y", "a", "b"]
    good = pd.DataFrame([[1, .5, .4], [.5, 1, .3], [.4, .3, 1]], index=names, columns=names)
    assert lmg_from_corr(good, "y").sum() == pytest.approx(relative_weights_from_corr(good.to_numpy(), 0).sum())
    _raises(OptionError, lambda: lmg_from_corr(good.iloc[:, :2], "y"), "index ≠ columns")
    _raises(OptionError, lambda: lmg_from_corr(good.to_numpy()[:2], 0), "shape")
    _raises(OptionError, lambda: lmg_from_corr(good, "z"), "z")
    asym = good.copy()
    asym.loc["a", "b"] = 0.9
    _raises(DataError, lambda: lmg_from_corr(asym, "y"), "symmetric")
    over = good.copy()
    over.loc["a", "b"] = over.loc["b", "a"] = 1.3
    _raises(DataError, lambda: lmg_from_corr(over, "y"), "between −1 and 1")
    not_psd = pd.DataFrame([[1, .9, .9], [.9, 1, .0], [.9, .0, 1]], index=names, columns=names)
    _raises(DataError, lambda: relative_weights_from_corr(not_psd, "y"), "R² = 1.62 > 1", "positive semidefinite")
    hole = good.copy()
    hole.loc["a", "b"] = hole.loc["b", "a"] = np.nan
    _raises(DataError, lambda: lmg_from_corr(hole, "y"), "NaN")
