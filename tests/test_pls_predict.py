"""PLSpredict and CVPAT (research.pls.predict).

* seminr's leave-one-out fixtures ``predict_pls_DA.csv`` / ``predict_pls_EA.csv`` (corporate-reputation model
  CR_EXT, −99 as missing, mean replacement, path weighting): all 8 rows (RMSE and MAE of PLS in-sample, PLS
  out-of-sample, LM in-sample, LM out-of-sample) × 10 endogenous indicators, to 1e-6 (README tolerance);
* a second, independent path: the published procedure written out as a loop over the training samples on a
  small simulated model, each training sample estimated through ``estimate_pls`` on a data frame, the
  predictions formed from the fitted weights, paths and loadings by pandas, the LM benchmark by statsmodels
  OLS; leave-one-out and 5 folds × 2 repetitions (averaging conventions), DA and EA; CVPAT's t and p against
  scipy's one-sample t-test on losses computed from those brute-force predictions;
* seeding; CVPAT where PLS must beat the indicator averages and where a useless model must not; errors.
"""
from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from pls_reference import CR_EXT, SEMINR, corp_rep
from research.errors import OptionError, ResearchError
from research.pls import Interaction, estimate_pls
from research.pls.predict import antecedents, cvpat, fold_assignment, predict_pls

FIXTURE_ROWS = ["in_sample_rmse", "in_sample_mae", "rmse", "mae",
                "lm_in_sample_rmse", "lm_in_sample_mae", "lm_rmse", "lm_mae"]


@pytest.fixture(scope="module")
def corp_fit():
    return estimate_pls(corp_rep(), CR_EXT)


@pytest.mark.parametrize("technique", ["DA", "EA"])
def test_seminr_leave_one_out_fixtures(corp_fit, technique):
    ref = pd.read_csv(SEMINR / "fixtures" / f"predict_pls_{technique}.csv")
    assert ref.shape == (8, 10)
    pred = predict_pls(corp_fit, folds=None, technique=technique, seed=123)
    assert (pred.folds, pred.repetitions, pred.n) == (344, 1, 344)
    table = pred.table().set_index("item").loc[list(ref.columns)]
    ours = table[FIXTURE_ROWS].to_numpy().T
    np.testing.assert_allclose(ours, ref.to_numpy(), rtol=0, atol=1e-6)
    # the benchmarks behind the table: Q²predict from the same errors, IA above PLS for every indicator here
    assert (table["q2_predict"] > 0).all() and (table["ia_rmse"] > table["rmse"]).all()


def test_techniques_differ_only_where_antecedents_differ(corp_fit):
    da = predict_pls(corp_fit, folds=None, technique="DA").table().set_index("item")
    ea = predict_pls(corp_fit, folds=None, technique="EA").table().set_index("item")
    comp_like = [i for i in da.index if i.startswith(("comp", "like"))]
    pd.testing.assert_frame_equal(da.loc[comp_like], ea.loc[comp_like])     # exogenous antecedents in both
    assert (da.loc["cusl_1":, "rmse"] != ea.loc["cusl_1":, "rmse"]).all()
    assert antecedents(corp_fit.model, "EA")["CUSL"] == ("QUAL", "PERF", "CSOR", "ATTR")
    assert antecedents(corp_fit.model, "DA")["CUSL"] == ("COMP", "LIKE", "CUSA")


# -- an independent computation on a small model --------------------------------------------------------
SMALL = """
X <~ x1 + x2 + x3
M =~ m1 + m2
Y =~ y1 + y2
M ~ X
Y ~ X + M
"""
BLOCKS = {"X": ["x1", "x2", "x3"], "M": ["m1", "m2"], "Y": ["y1", "y2"]}
ENDO_ITEMS = ["m1", "m2", "y1", "y2"]


def simulate(n, beta=0.6, seed=0, loading=0.8):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    m = beta * x + np.sqrt(1 - beta ** 2) * rng.normal(size=n)
    y = 0.5 * beta * (x + m) + 0.6 * rng.normal(size=n)
    cols = {}
    for name, lat, k in (("x", x, 3), ("m", m, 2), ("y", y, 2)):
        for j in range(1, k + 1):
            cols[f"{name}{j}"] = np.round(4 + 1.2 * (loading * lat + np.sqrt(1 - loading ** 2) * rng.normal(size=n)), 1)
    return pd.DataFrame(cols)


def brute_fold(data, train_rows, technique):
    """Predictions of every response from the model estimated on ``train_rows`` (the published procedure)."""
    train = data.iloc[train_rows]
    fit = estimate_pls(train, SMALL)
    items = [i for b in BLOCKS.values() for i in b]
    mean, sd = train[items].mean(), train[items].std(ddof=1)
    scores = ((data[items] - mean) / sd) @ fit.weights.loc[items]
    if technique == "DA":
        effects = fit.paths
        sources = list(fit.paths.index)
    else:
        effects = fit.total_effects
        sources = ["X"]
    yhat = scores[sources] @ effects.loc[sources, ["M", "Y"]]
    pls = pd.DataFrame({i: yhat[c] * fit.loadings.loc[i, c] * sd[i] + mean[i]
                        for c in ("M", "Y") for i in BLOCKS[c]})
    ants = {"M": ["X"], "Y": ["X", "M"] if technique == "DA" else ["X"]}
    lm = {}
    for c in ("M", "Y"):
        regressors = [i for a in ants[c] for i in BLOCKS[a]]
        for i in BLOCKS[c]:
            ols = sm.OLS(train[i], sm.add_constant(train[regressors])).fit()
            lm[i] = ols.predict(sm.add_constant(data[regressors], has_constant="add"))
    ia = pd.DataFrame({i: np.full(len(data), mean[i]) for i in ENDO_ITEMS}, index=data.index)
    return pls[ENDO_ITEMS], pd.DataFrame(lm)[ENDO_ITEMS], ia, yhat


def brute_force(data, assignment, technique):
    """Per-repetition out-of-sample predictions and the averaged in-sample ones, by a loop over the folds."""
    n = len(data)
    full_scores = estimate_pls(data, SMALL).scores[["M", "Y"]].to_numpy()
    R, k = assignment.shape[0], assignment.max() + 1
    out = {name: np.zeros((R, n, 4)) for name in ("pls", "lm", "ia")}
    scores, score_ia = np.zeros((R, n, 2)), np.zeros((R, n, 2))
    ins = {"pls": np.zeros((n, 4)), "lm": np.zeros((n, 4))}
    for r in range(R):
        for f in range(k):
            hold = assignment[r] == f
            pls, lm, ia, yhat = brute_fold(data, np.flatnonzero(~hold), technique)
            for name, frame in (("pls", pls), ("lm", lm), ("ia", ia)):
                out[name][r, hold] = frame.to_numpy()[hold]
            scores[r, hold] = yhat.to_numpy()[hold]
            score_ia[r, hold] = full_scores[~hold].mean(axis=0)
            ins["pls"][~hold] += pls.to_numpy()[~hold]
            ins["lm"][~hold] += lm.to_numpy()[~hold]
    return out, {k_: v / (R * (k - 1)) for k_, v in ins.items()}, full_scores, scores, score_ia


def expected_table(data, out, ins):
    y = data[ENDO_ITEMS].to_numpy()
    avg = {k: v.mean(axis=0) for k, v in out.items()}
    e = {k: y - v for k, v in avg.items()}
    sse_ia = (e["ia"] ** 2).sum(axis=0)
    rmse = lambda r: np.sqrt((r ** 2).mean(axis=0))     # noqa: E731
    mae = lambda r: np.abs(r).mean(axis=0)              # noqa: E731
    return pd.DataFrame({
        "q2_predict": 1 - (e["pls"] ** 2).sum(axis=0) / sse_ia, "rmse": rmse(e["pls"]), "mae": mae(e["pls"]),
        "lm_q2_predict": 1 - (e["lm"] ** 2).sum(axis=0) / sse_ia, "lm_rmse": rmse(e["lm"]), "lm_mae": mae(e["lm"]),
        "ia_rmse": rmse(e["ia"]), "ia_mae": mae(e["ia"]),
        "in_sample_rmse": rmse(y - ins["pls"]), "in_sample_mae": mae(y - ins["pls"]),
        "lm_in_sample_rmse": rmse(y - ins["lm"]), "lm_in_sample_mae": mae(y - ins["lm"]),
    }, index=ENDO_ITEMS)


@pytest.mark.parametrize("technique", ["DA", "EA"])
def test_leave_one_out_against_brute_force(technique):
    data = simulate(24, seed=3)
    fit = estimate_pls(data, SMALL)
    pred = predict_pls(fit, folds=None, technique=technique)
    out, ins, *_ = brute_force(data, np.arange(24)[None, :], technique)
    ours = pred.table().set_index("item").loc[ENDO_ITEMS]
    expected = expected_table(data, out, ins)
    assert list(ours["construct"]) == ["M", "M", "Y", "Y"]
    np.testing.assert_allclose(ours[expected.columns].to_numpy(), expected.to_numpy(), rtol=0, atol=1e-9)
    np.testing.assert_allclose(pred.predictions("lm").to_numpy(), out["lm"][0], rtol=0, atol=1e-9)


@pytest.mark.parametrize("technique", ["DA", "EA"])
def test_repeated_k_fold_against_brute_force(technique):
    data = simulate(30, seed=5)
    fit = estimate_pls(data, SMALL)
    pred = predict_pls(fit, folds=5, repetitions=2, seed=11, technique=technique)
    assert pred.assignment.shape == (2, 30)
    out, ins, full_scores, scores, score_ia = brute_force(data, pred.assignment, technique)
    ours = pred.table().set_index("item").loc[ENDO_ITEMS]
    expected = expected_table(data, out, ins)
    np.testing.assert_allclose(ours[expected.columns].to_numpy(), expected.to_numpy(), rtol=0, atol=1e-9)
    # construct level: predicted scores against the full-sample scores, benchmark their training means
    s, sp, si = full_scores, scores.mean(axis=0), score_ia.mean(axis=0)
    con = pred.construct_table().set_index("construct").loc[["M", "Y"]]
    np.testing.assert_allclose(con["q2_predict"], 1 - ((s - sp) ** 2).sum(0) / ((s - si) ** 2).sum(0), atol=1e-9)
    np.testing.assert_allclose(con["rmse"], np.sqrt(((s - sp) ** 2).mean(0)), atol=1e-9)
    # CVPAT on the same folds: per-response loss = squared error averaged over the construct's indicators,
    # then over the repetitions; t and p from scipy's one-sample t-test of the loss differences
    result = cvpat(fit, folds=5, repetitions=2, seed=11, technique=technique)
    y = data[ENDO_ITEMS].to_numpy()
    groups = {"M": [0, 1], "Y": [2, 3], "Overall": [0, 1, 2, 3]}
    table = result.table().set_index(["benchmark", "construct"])
    for bench, key in (("IA", "ia"), ("LM", "lm")):
        for name, g in groups.items():
            loss_pls = ((y - out["pls"]) ** 2)[:, :, g].mean(axis=2).mean(axis=0)
            loss_b = ((y - out[key]) ** 2)[:, :, g].mean(axis=2).mean(axis=0)
            test = stats.ttest_1samp(loss_pls - loss_b, 0.0, alternative="less")
            row = table.loc[(bench, name)]
            assert row["loss_pls"] == pytest.approx(loss_pls.mean(), abs=1e-9)
            assert row["loss_benchmark"] == pytest.approx(loss_b.mean(), abs=1e-9)
            assert row["t"] == pytest.approx(test.statistic, abs=1e-7)
            assert row["pvalue"] == pytest.approx(test.pvalue, abs=1e-9)
            assert row["df"] == 29


# -- seeding --------------------------------------------------------------------------------------------
def test_seeding_and_fold_assignment(corp_fit):
    a = predict_pls(corp_fit, folds=7, repetitions=3, seed=42)
    b = predict_pls(corp_fit, folds=7, repetitions=3, seed=42)
    c = predict_pls(corp_fit, folds=7, repetitions=3, seed=43)
    pd.testing.assert_frame_equal(a.table(), b.table())
    assert a.to_dict() == b.to_dict()
    assert not np.array_equal(a.assignment, c.assignment)
    assert not np.allclose(a.table()["rmse"], c.table()["rmse"])
    # folds depend on the seed and n only: the same for another model of the same responses
    other = estimate_pls(corp_rep(), "COMP =~ comp_1 + comp_2 + comp_3\nCUSA =~ cusa\nCUSA ~ COMP")
    np.testing.assert_array_equal(predict_pls(other, folds=7, repetitions=3, seed=42).assignment, a.assignment)
    np.testing.assert_array_equal(fold_assignment(344, 7, 3, 42), a.assignment)
    for rep in a.assignment:                                    # equal folds: 344 = 7 × 49 + 1
        assert sorted(np.bincount(rep, minlength=7)) == [49] * 6 + [50]
    # leave-one-out does not depend on the seed and is done once
    loo1 = predict_pls(corp_fit, folds=None, repetitions=10, seed=1)
    loo2 = predict_pls(corp_fit, folds=344, seed=2)
    assert loo1.repetitions == loo2.repetitions == 1
    pd.testing.assert_frame_equal(loo1.table(), loo2.table())


def test_cvpat_seeded(corp_fit):
    a = cvpat(corp_fit, folds=5, repetitions=2, seed=9).table()
    b = cvpat(corp_fit, folds=5, repetitions=2, seed=9).table()
    pd.testing.assert_frame_equal(a, b)


# -- CVPAT on constructed cases -------------------------------------------------------------------------
def test_cvpat_model_beats_indicator_averages():
    data = simulate(250, beta=0.7, seed=21, loading=0.85)
    result = cvpat(estimate_pls(data, SMALL), folds=10, repetitions=2, seed=1)
    table = result.table().set_index(["benchmark", "construct"])
    for c in ("M", "Y", "Overall"):
        row = table.loc[("IA", c)]
        assert row["difference"] < 0 and row["t"] < -5 and row["pvalue"] < 1e-6
    # against LM the true model (linear, same antecedents) is no better: no small p
    assert table.loc[("LM", "Overall"), "pvalue"] > 0.01
    two = cvpat(estimate_pls(data, SMALL), folds=10, repetitions=2, seed=1, alternative="two-sided").table()
    one = result.table()
    np.testing.assert_allclose(two["t"], one["t"])
    assert two.loc[4, "pvalue"] == pytest.approx(2 * one.loc[4, "pvalue"], rel=1e-9)     # IA Overall, t < 0
    d = result.to_dict()
    assert d["alternative"] == "less" and len(d["tests"]) == 6 and d["n"] == 250


def test_cvpat_useless_model_does_not_beat_indicator_averages():
    data = simulate(250, beta=0.0, seed=22, loading=0.85)
    rng = np.random.default_rng(5)
    for col in ("y1", "y2", "m1", "m2"):           # outcomes unrelated to the antecedents
        data[col] = rng.permutation(data[col].to_numpy())
    result = cvpat(estimate_pls(data, SMALL), folds=10, repetitions=2, seed=1)
    table = result.table().set_index(["benchmark", "construct"])
    for c in ("M", "Y", "Overall"):
        row = table.loc[("IA", c)]
        assert row["pvalue"] > 0.5 and row["difference"] > 0      # estimation noise only adds loss
    pred = predict_pls(estimate_pls(data, SMALL), folds=10, repetitions=2, seed=1).table()
    assert (pred["q2_predict"] < 0.02).all()


# -- errors ---------------------------------------------------------------------------------------------
def test_errors(corp_fit):
    small = estimate_pls(simulate(10, seed=1), SMALL)
    cases = [
        lambda: predict_pls(corp_fit, folds=1),
        lambda: predict_pls(corp_fit, folds=345),
        lambda: predict_pls(corp_fit, folds=2.5),
        lambda: predict_pls(corp_fit, folds=True),
        lambda: predict_pls(corp_fit, repetitions=0),
        lambda: predict_pls(corp_fit, technique="da"),
        lambda: cvpat(corp_fit, alternative="greater"),
        lambda: predict_pls(small, folds=2, technique="DA"),  # 5 training responses, a 5-predictor LM of Y
    ]
    for case in cases:
        with pytest.raises(OptionError) as err:
            case()
        texts = err.value.to_dict()["message"]
        assert texts["en"] and texts["zh-Hans"] and texts["zh-Hant"] and texts["en"] != texts["zh-Hans"]
    assert predict_pls(small, folds=2, technique="EA").folds == 2      # EA: 3 predictors fit
    moderated = dataclasses.replace(corp_fit, model=dataclasses.replace(
        corp_fit.model, interactions=(Interaction("COMP", "LIKE"),)))
    with pytest.raises(OptionError, match="interaction"):
        predict_pls(moderated)


def test_constant_item_in_a_training_sample():
    data = simulate(20, seed=2)
    data["y2"] = 4.0
    data.loc[0, "y2"] = 5.0                          # only one response differs: its training sample is flat
    fit = estimate_pls(data, SMALL)
    with pytest.raises(ResearchError, match="y2"):
        predict_pls(fit, folds=None)
