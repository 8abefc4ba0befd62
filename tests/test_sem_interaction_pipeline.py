"""Latent interactions (A:B) with the code that takes the user's data again: the bootstrap, factor scores,
residuals and modification indices (issue 16, point 2).

The user's data have no product columns: every consumer builds them from the items as the fit did.  The
bootstrap resamples the user's rows and builds the products anew in each resample (the whole procedure), so
one bootstrap draw must equal ``fit_interaction`` on the resampled rows — tested by replaying resamples
through ``indices``.  Its SE of the interaction path is compared with the robust (MLR, sandwich) SE and the
ML SE on a large, well-behaved simulated sample.
"""
from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from research.bootstrap import bootstrap
from research.errors import OptionError
from research.sem import factor_scores, fit_sem
from research.sem.interaction import as_sem_result, fit_interaction, with_products
from research.sem.modindices import modindices
from research.sem.multigroup import fit_multigroup
from research.sem.residuals import residuals

GAMMA = {"REL": 0.4, "EMP": 0.3, "REL.EMP": 0.25}
LOAD = {"REL": (1.0, 0.8, 0.7), "EMP": (1.0, 0.9, 0.75), "SAT": (1.0, 0.9, 0.8)}
ERRV = {"REL": (0.40, 0.45, 0.50), "EMP": (0.35, 0.40, 0.50), "SAT": (0.35, 0.40, 0.45)}
MODEL = """REL =~ REL1 + REL2 + REL3
EMP =~ EMP1 + EMP2 + EMP3
SAT =~ SAT1 + SAT2 + SAT3
SAT ~ REL + EMP + REL:EMP"""
PATH = "SAT ~ REL.EMP"


def sample(seed: int, n: int) -> pd.DataFrame:
    """ξ₁, ξ₂ standard normal with r = .3; η = .4ξ₁ + .3ξ₂ + .25ξ₁ξ₂ + ζ, var(ζ) = .6; items
    3 + loading·factor + normal error (as tests/test_sem_interaction.py)."""
    rng = np.random.default_rng(seed)
    rel = rng.standard_normal(n)
    emp = 0.3 * rel + math.sqrt(0.91) * rng.standard_normal(n)
    sat = GAMMA["REL"] * rel + GAMMA["EMP"] * emp + GAMMA["REL.EMP"] * rel * emp + math.sqrt(0.6) * rng.standard_normal(n)
    cols = {}
    for name, f in (("REL", rel), ("EMP", emp), ("SAT", sat)):
        for k, (lam, ev) in enumerate(zip(LOAD[name], ERRV[name]), start=1):
            cols[f"{name}{k}"] = 3.0 + lam * f + math.sqrt(ev) * rng.standard_normal(n)
    return pd.DataFrame(cols)


def _row(params: pd.DataFrame, lhs="SAT", op="~", rhs="REL.EMP") -> pd.Series:
    return params[(params["lhs"] == lhs) & (params["op"] == op) & (params["rhs"] == rhs)].iloc[0]


def _augmented(res, data):
    """The user's data with the products the fit made, and the plain SemResult of the expanded model on them
    (what a caller had to do by hand before)."""
    inter = res.interaction
    frame = data.copy()
    for c in inter.expansion.columns.columns:
        frame[c] = inter.expansion.columns[c].to_numpy()
    plain = fit_sem(inter.expansion.spec, frame, estimator=res.estimator, missing=res.missing)
    return frame, plain


# ------------------------------------------------------------------------------------------------------
# the bootstrap
# ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["dmc", "rc"])
def test_bootstrap_se_of_the_interaction_path(method):
    """N = 2000, B = 1000.  The SD of B draws has a Monte Carlo relative SE of √((κ − 1)/(4B)) (κ the draws'
    kurtosis; ≈ 2.5 % here): the bootstrap SE of γ₃ must lie within 3 such SEs of the MLR (sandwich) SE,
    which estimates the same sampling SD without assuming normal indicators.  The ML SE assumes normal
    indicators, which products are not (a product of normals has excess kurtosis), and understates the
    SD somewhat: the bootstrap SE must lie between 3 MC SEs below it and 20 % above it (in 10 simulated
    samples of N = 2000 the ratio was 1.01–1.15).  The slopes' bootstrap SEs within 25 % of their
    delta-method SEs, the percentile CI of γ₃ excludes 0 and holds γ̂₃."""
    data = sample(100, 2000)
    res = fit_interaction(MODEL, data, method=method)
    robust = fit_interaction(MODEL, data, method=method, estimator="MLR")
    boot = bootstrap(res, data, n_boot=1000, seed=20260916)
    assert boot.n_nonconverged == 0
    draws = boot.draws_frame()[PATH].to_numpy()
    mc = math.sqrt((stats.kurtosis(draws, fisher=False) - 1) / (4 * draws.size))
    assert 0.01 < mc < 0.04
    se = _row(boot.parameters)["se"]
    assert se == pytest.approx(draws.std(ddof=0), rel=1e-12)
    assert abs(se / _row(robust.parameters)["se"] - 1) < 3 * mc
    assert 1 - 3 * mc < se / _row(res.parameters)["se"] < 1.20
    p = _row(boot.parameters)
    assert 0 < p["ci.lower"] < p["est"] < p["ci.upper"]
    assert p["est"] == pytest.approx(_row(res.parameters)["est"], abs=1e-12)

    slopes = boot.simple_slopes
    assert list(slopes.columns[:12]) == list(res.simple_slopes.columns)
    pd.testing.assert_frame_equal(slopes[res.simple_slopes.columns], res.simple_slopes)
    ratio = slopes["boot.se"] / slopes["se"]
    assert ((ratio > 0.8) & (ratio < 1.25)).all(), ratio.tolist()
    assert (slopes["boot.ci.lower"] < slopes["est"]).all() and (slopes["est"] < slopes["boot.ci.upper"]).all()
    # REL at EMP = +1 SD: population .4 + .25 = .65 inside its bootstrap CI
    plus = slopes[(slopes["focal"] == "REL") & (slopes["level"] == "+1 SD")].iloc[0]
    assert plus["boot.ci.lower"] < 0.65 < plus["boot.ci.upper"]


@pytest.fixture(scope="module")
def small():
    return sample(7, 300)


def _replay(res, data, boot, j, method, pairs="matched", missing="listwise"):
    """Draw j of ``boot`` against fit_interaction on the resampled rows (their own centring)."""
    rows = boot_indices[j]
    again = fit_interaction(MODEL, data.iloc[rows].reset_index(drop=True), method=method, pairs=pairs,
                            missing=missing)
    d = boot.draws[j]
    np.testing.assert_allclose(d[boot.layout["rows"]], again.parameters["est"].to_numpy(), atol=1e-6, rtol=0)
    np.testing.assert_allclose(d[boot.layout["slopes"]], again.simple_slopes["est"].to_numpy(), atol=1e-6, rtol=0)
    std = again.parameters["std.all"].to_numpy()
    np.testing.assert_allclose(d[boot.layout["std_rows"]], std, atol=1e-6, rtol=0)


boot_indices = np.random.default_rng(99).integers(0, 300, size=(3, 300))


@pytest.mark.parametrize("method,pairs", [("dmc", "matched"), ("rc", "matched"), ("dmc", "all"), ("rc", "all")])
def test_a_draw_is_the_whole_procedure_on_the_resample(small, method, pairs):
    """Replayed resamples (``indices``): every parameter, std.all and simple slope of a draw equals
    fit_interaction on those rows — the products centred (DMC) or residualised (RC) on the resample, not
    the full sample (checked: the draws differ from a bootstrap that resamples fixed product columns)."""
    res = fit_interaction(MODEL, small, method=method, pairs=pairs)
    boot = bootstrap(res, small, indices=boot_indices)
    assert boot.n_nonconverged == 0
    for j in range(len(boot_indices)):
        _replay(res, small, boot, j, method, pairs)
    # the old way (products computed once, resampled as columns) gives other draws
    frame, plain = _augmented(as_sem_result(res), small)
    fixed = bootstrap(plain, frame, indices=boot_indices)
    k = boot.names.index(PATH)
    assert np.abs(fixed.draws[:, k] - boot.draws[:, k]).max() > 1e-4


def test_incomplete_rows_listwise_and_fiml(small):
    """With missing answers the resampled rows are the user's rows with any answer; the products are built
    on the resample (rows with a missing item get none), then the fit drops incomplete rows (listwise) or
    takes them by FIML: a draw equals fit_interaction on the resampled rows either way."""
    data = small.copy()
    rng = np.random.default_rng(5)
    holes = rng.random(data.shape) < 0.03
    data = data.mask(holes)
    data.loc[[0, 1]] = np.nan                                   # two empty rows take no part
    pool = data[~data.isna().all(axis=1)].reset_index(drop=True)
    idx = np.random.default_rng(8).integers(0, len(pool), size=(2, len(pool)))
    for missing in ("listwise", "fiml"):
        res = fit_sem(MODEL, data, missing=missing)
        boot = bootstrap(res, data, indices=idx)
        for j in range(2):
            again = fit_interaction(MODEL, pool.iloc[idx[j]].reset_index(drop=True), missing=missing)
            tol = 1e-6          # both fits converge to about 1e-9 here
            np.testing.assert_allclose(boot.draws[j][boot.layout["rows"]], again.parameters["est"].to_numpy(),
                                       atol=tol, rtol=0)
            np.testing.assert_allclose(boot.draws[j][boot.layout["slopes"]],
                                       again.simple_slopes["est"].to_numpy(), atol=tol, rtol=0)
    with pytest.raises(OptionError) as e:               # N of the pool, not of the complete rows
        bootstrap(fit_sem(MODEL, data), data, indices=np.zeros((2, len(pool) - 5), dtype=int))
    assert "N = " in e.value.params["detail"]


def test_seeded_bootstrap_reproducible(small):
    """The same seed gives the same draws, for one worker or two (fixed blocks); another seed other draws;
    the user's frame and a frame that already holds product columns give the same result."""
    res = fit_sem(MODEL, small)
    a = bootstrap(res, small, n_boot=120, seed=11)
    b = bootstrap(res, small, n_boot=120, seed=11, n_jobs=2)
    np.testing.assert_array_equal(a.draws, b.draws)
    pd.testing.assert_frame_equal(a.simple_slopes, b.simple_slopes)
    pd.testing.assert_frame_equal(a.parameters, b.parameters)
    c = bootstrap(res, small, n_boot=120, seed=12)
    assert not np.allclose(a.draws[:, a.names.index(PATH)], c.draws[:, c.names.index(PATH)])
    frame, _ = _augmented(res, small)
    d = bootstrap(res, frame, n_boot=120, seed=11)
    np.testing.assert_array_equal(a.draws, d.draws)
    assert a.seed == 11 and a.summary()["n_boot"] == 120
    # other intervals from the same draws: the slopes follow
    bc = a.with_ci("bc")
    assert bc.simple_slopes is not None and not np.allclose(bc.simple_slopes["boot.ci.lower"],
                                                            a.simple_slopes["boot.ci.lower"])
    np.testing.assert_array_equal(bc.simple_slopes["boot.se"], a.simple_slopes["boot.se"])


def test_bootstrap_refuses_other_data(small):
    res = fit_sem(MODEL, small)
    other = small.copy()
    other.iloc[3, 2] += 0.5
    with pytest.raises(OptionError) as e:
        bootstrap(res, other, n_boot=10, seed=1)
    for lang in ("en", "zh-Hans", "zh-Hant"):
        assert e.value.message(lang)
    assert "not the data" in e.value.params["fix_en"]
    with pytest.raises(OptionError) as e:
        bootstrap(res, small.drop(columns=["EMP2"]), n_boot=10, seed=1)
    assert '"EMP2"' in e.value.params["detail"]


def test_plain_model_has_no_slopes(small):
    boot = bootstrap(fit_sem(MODEL.replace(" + REL:EMP", ""), small), small, n_boot=20, seed=1)
    assert boot.simple_slopes is None and not any(n.startswith("slope: ") for n in boot.names)


# ------------------------------------------------------------------------------------------------------
# factor scores, residuals, modification indices from the user's data
# ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("missing", ["listwise", "fiml"])
def test_factor_scores_from_the_users_data(small, missing):
    """Scores of an interaction fit from the user's frame = scores of the expanded model's plain fit from
    the frame with the products; the product factor REL.EMP is scored too, and its scores correlate with
    the product of REL's and EMP's scores."""
    data = small.mask(np.random.default_rng(2).random(small.shape) < 0.02) if missing == "fiml" else small
    res = fit_sem(MODEL, data, missing=missing)
    frame, plain = _augmented(res, data)
    ours = factor_scores(res, data)
    pd.testing.assert_frame_equal(ours, factor_scores(plain, frame), atol=1e-10, rtol=0)
    assert list(ours.columns) == ["REL", "EMP", "REL.EMP", "SAT"]
    assert ours.notna().all().all()
    r = np.corrcoef(ours["REL.EMP"], ours["REL"] * ours["EMP"])[0, 1]
    assert r > 0.7
    assert list(small.columns) == list(data.columns)            # the caller's frame untouched


def test_residuals_and_modindices_from_the_users_data(small):
    """MLR residuals (standardized, which need the rows) and modification indices of an interaction fit
    from the user's frame equal those of the plain expanded fit from the frame with the products."""
    res = fit_sem(MODEL, small, estimator="MLR")
    frame, plain = _augmented(res, small)
    a = residuals(res, "standardized", data=small)
    b = residuals(plain, "standardized", data=frame)
    pd.testing.assert_frame_equal(a.cov, b.cov, atol=1e-10, rtol=0)
    mi_a = modindices(res, data=small)
    mi_b = modindices(plain, data=frame)
    np.testing.assert_allclose(mi_a["mi"].to_numpy(), mi_b["mi"].to_numpy(), atol=1e-8)


def test_with_products_rebuilds_the_fits_columns(small):
    res = fit_interaction(MODEL, small, method="rc", pairs="all")
    frame = with_products(res, small)
    cols = res.expansion.columns
    pd.testing.assert_frame_equal(frame[list(cols.columns)], cols, check_exact=False, atol=1e-12)
    assert "REL1.EMP1" not in small.columns
    assert with_products(fit_sem(MODEL.replace(" + REL:EMP", ""), small), small) is small


def test_multigroup_refuses_interactions(small):
    data = small.assign(g=np.where(np.arange(len(small)) % 2, "a", "b"))
    with pytest.raises(OptionError) as e:
        fit_multigroup(MODEL, data, "g")
    assert '"REL:EMP"' in e.value.params["detail"]
    assert "fit_sem" in e.value.params["fix_en"] and "交互" in e.value.params["fix_zh"]
    assert "交互" in e.value.params["fix_zh_hant"] and e.value.params["fix_zh"] != e.value.params["fix_zh_hant"]


# ------------------------------------------------------------------------------------------------------
# results.json rows and the display table
# ------------------------------------------------------------------------------------------------------
def test_summary_rows_and_display_table(small):
    """summary_dict with a bootstrap's slopes: ci.lower/upper the bootstrap CI, the Wald CI kept as
    delta.ci.*, boot.se, ci.method; tables.sem_simple_slopes shows them by names, the moderator's level in
    words and the numbers as a journal prints them (APA p, 3 decimals), in each language."""
    from research.report.apa import display
    from research.tables import sem_simple_slopes

    res = fit_sem(MODEL, small)
    boot = bootstrap(res, small, n_boot=100, seed=3)
    plain = res.interaction.summary_dict()
    rows = res.interaction.summary_dict(boot.simple_slopes, "percentile")["simple_slopes"]
    for k, (r, p) in enumerate(zip(rows, plain["simple_slopes"])):
        assert p["ci.method"] == "delta" and "boot.se" not in p
        assert r["ci.method"] == "percentile"
        assert (r["delta.ci.lower"], r["delta.ci.upper"]) == (p["ci.lower"], p["ci.upper"])
        assert r["ci.lower"] == boot.simple_slopes["boot.ci.lower"].iloc[k]
        assert r["boot.se"] == boot.simple_slopes["boot.se"].iloc[k]
        assert r["est"] == p["est"] and r["se"] == p["se"]
    names = {"REL": {"en": "Reliability", "zh-Hans": "可靠性", "zh-Hant": "可靠性"},
             "EMP": {"en": "Empathy", "zh-Hans": "移情性", "zh-Hant": "關懷性"},
             "SAT": {"en": "Satisfaction", "zh-Hans": "满意度", "zh-Hant": "滿意度"}}
    d = {"sem": {"interaction": {**plain, "simple_slopes": rows}}, "labels": {"constructs": names, "items": {}}}
    en = sem_simple_slopes(d, "en")
    assert list(en.columns) == ["Path", "Code", "Moderator", "Moderator at", "Moderator value", "B", "SE", "z", "p",
                                "95% CI lower", "95% CI upper", "CI method"]
    assert en["Path"].iloc[0] == "Reliability → Satisfaction" and en["Code"].iloc[0] == "REL → SAT | EMP"
    assert list(en["Moderator at"].iloc[:3]) == ["mean − 1 SD", "mean", "mean + 1 SD"]
    assert en["B"].tolist() == pytest.approx(res.interaction.simple_slopes["est"].tolist(), abs=1e-12)
    assert en["95% CI upper"].tolist() == pytest.approx(boot.simple_slopes["boot.ci.upper"].tolist(), abs=1e-12)
    shown = display(en, "en")
    assert shown["p"].iloc[1] == "< .001" and shown["CI method"].iloc[0] == "percentile bootstrap"
    assert shown["B"].iloc[1] == f"{res.interaction.simple_slopes['est'].iloc[1]:.3f}"
    hans, hant = sem_simple_slopes(d, "zh-Hans"), sem_simple_slopes(d, "zh-Hant")
    assert hans["路径"].iloc[3] == "移情性 → 满意度" and hans["调节变量取值"].iloc[1] == "均值"
    assert hant["路徑"].iloc[3] == "關懷性 → 滿意度" and hant["調節變項取值"].iloc[2] == "平均數 + 1 SD"
    assert display(hant, "zh-Hant")["CI 方法"].iloc[0] == "百分位數拔靴法"
    assert len(sem_simple_slopes({"sem": {}}, "en")) == 0


def test_without_interactions():
    from research.sem.interaction import without_interactions
    text = MODEL + "\nSAT ~~ SAT  # a comment: REL:EMP\nLOY ~ b3*REL:EMP\n"
    out = without_interactions(text)
    assert "SAT ~ REL + EMP\n" in out and "LOY" not in out and "# a comment: REL:EMP" in out
    assert without_interactions(MODEL.replace(" + REL:EMP", "")) == MODEL.replace(" + REL:EMP", "")
