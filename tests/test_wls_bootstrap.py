"""Bootstrap of WLSMV fits with ordered indicators (research.sem.wls_bootstrap), issue 19 point 6.

References:
* tests/reference/wls_bootstrap.json (wls_bootstrap.R, lavaan 0.6-14 ``bootstrapLavaan(keep.idx = TRUE)``):
  lavaan's resampled rows and the estimates (and standardizedSolution's est.std) of every resample, for the
  LSQ-5 mediation SEM (8 resamples)
  and a SAT/LOY model on data with a category chosen by two respondents (40 resamples, 7 of which lavaan
  could not use) — replayed here through ``indices=``;
* tests/reference/ordinal.json (ordinal.R): the delta-method SEs of the indirect effects of the same SEM.
The other checks are computed here: the percentile interval from the stored draws, the number of resamples
that lose a category from the resampled rows themselves, and the bootstrap SE against the robust SE on
data simulated from a discretised normal model.
"""
import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from conftest import ROOT
from research.bootstrap import norm_inter, resample_blocks
from research.errors import OptionError
from research.messages import note_texts
from research.sem.ordinal_stats import ordinal_sample_stats
from research.sem.wls import WlsStats, fit_wls, fit_wls_data
from research.sem.wls_bootstrap import CATEGORY, wls_bootstrap

REF = ROOT / "tests" / "reference"
BOOT = {m["name"]: m for m in json.loads((REF / "wls_bootstrap.json").read_text())["models"]}
ORD = {m["name"]: m for m in json.loads((REF / "ordinal.json").read_text())["models"]}
LSQ5 = pd.read_csv(REF / "ordinal_lsq5.csv")
SATLOY = "SAT =~ SAT1 + SAT2 + SAT3\nLOY =~ LOY1 + LOY2 + LOY3 + LOY4\nLOY ~ b*SAT\nb2 := b*b"
# ordinal.md: estimates and SEs within 1e-3 of lavaan (lavaan's optimiser stops ~1e-6 from the optimum);
# the replayed draws agree to 8e-6, so 1e-4 is asserted
TOL = 1e-3
DRAW_TOL = 1e-4


@pytest.fixture(scope="module")
def mediation():
    m = BOOT["sem_mediation"]
    return fit_wls_data(m["syntax"], LSQ5, ordered=True)


@pytest.fixture(scope="module")
def satloy():
    return fit_wls_data(SATLOY, LSQ5, ordered=True)


def _ref_columns(res, boot):
    """Columns of lavaan's draws (every parameterEstimates row) for our draws' free parameters and := rows."""
    nrows = len(res.partable.rows)
    return list(boot._task.free_rows) + list(range(nrows, nrows + len(res.partable.defined)))


def test_indirect_effects_delta_se_match_lavaan(mediation):
    ref = {r["lhs"]: r for r in ORD["sem_mediation"]["partable"] if r["op"] == ":="}
    pe = mediation.parameters
    got = pe[pe.op == ":="].set_index("lhs")
    assert set(got.index) == set(ref) == {"ind_ECO", "ind_RES", "ind_FLE", "ind_REL", "ind_EMP", "ind_total"}
    for name, r in ref.items():
        assert got.loc[name, "est"] == pytest.approx(r["est"], abs=TOL)
        assert got.loc[name, "se"] == pytest.approx(r["se"], abs=TOL), name
    # the effects table of the bootstrap carries the same delta-method SE for the specific indirect effect
    boot = wls_bootstrap(mediation, LSQ5, indices=np.array(BOOT["sem_mediation"]["boot_idx"][:2]) - 1)
    eff = boot.effects
    row = eff[(eff["type"] == "indirect") & (eff["from"] == "ECO") & (eff["to"] == "LOY")].iloc[0]
    assert list(row["via"]) == ["SAT"]
    assert row["est"] == pytest.approx(ref["ind_ECO"]["est"], abs=TOL)
    assert row["se"] == pytest.approx(ref["ind_ECO"]["se"], abs=TOL)
    # ... and its draws are those of ind_ECO := a1*b
    names = list(boot.names)
    np.testing.assert_array_equal(boot.draws[:, names.index("ECO -> SAT -> LOY")],
                                  boot.draws[:, names.index("ind_ECO := a1*b")])


@pytest.mark.parametrize("name", ["sem_mediation", "rare_category"])
def test_replays_lavaan_bootstrap_draws(name, mediation):
    m = BOOT[name]
    data = LSQ5 if m["data"] == "ordinal_lsq5.csv" else pd.read_csv(REF / m["data"])
    res = mediation if name == "sem_mediation" else fit_wls_data(m["syntax"], data, ordered=True)
    pe = res.parameters
    assert [(r["lhs"], r["op"], r["rhs"]) for r in m["rows"]] == list(zip(pe.lhs, pe.op, pe.rhs))
    boot = wls_bootstrap(res, data, indices=np.array(m["boot_idx"]) - 1)
    lav = np.array([[np.nan if v is None else v for v in row] for row in m["draws"]])
    failed = np.flatnonzero(~np.isfinite(lav[:, 0])) + 1
    assert failed.tolist() == m["error_idx"]
    assert np.flatnonzero(boot.status == CATEGORY).tolist() == [i - 1 for i in m["error_idx"]]
    assert boot.failures == {"category": len(m["error_idx"]), "not_converged": 0}
    q = res.partable.npar + len(res.partable.defined)
    ok = np.isfinite(lav[:, 0])
    diff = np.abs(boot.draws[ok, :q] - lav[ok][:, _ref_columns(res, boot)])
    assert diff.max() < DRAW_TOL, diff.max()
    assert np.isnan(boot.draws[~ok]).all()
    # the standardized effects: lavaan's standardizedSolution (std.all) of each resample's fit — a specific
    # indirect effect is its := row (a product of std.all paths), a direct effect its regression row
    std_rows = [(r["lhs"], r["op"], r["rhs"]) for r in m["std_rows"]]
    lav_std = np.array([[np.nan if v is None else v for v in row] for row in m["std_draws"]])
    names = list(boot.names)
    pairs = {"std: SAT -> LOY": ("LOY", "~", "SAT")} if name == "rare_category" else {
        "std: ECO -> SAT -> LOY": ("ind_ECO", ":=", "a1*b"), "std: EMP -> SAT -> LOY": ("ind_EMP", ":=", "a5*b"),
        "std: REL -> SAT": ("SAT", "~", "REL"), "std: FLE -> LOY": ("LOY", "~", "FLE")}
    for key, row in pairs.items():
        ours, theirs = boot.draws[:, names.index(key)], lav_std[:, std_rows.index(row)]
        assert np.abs(ours[ok] - theirs[ok]).max() < DRAW_TOL, key
        assert np.isnan(ours[~ok]).all()
        # the full-sample std.all is the effects table's std
        full = m["std_rows"][std_rows.index(row)]["est.std"]
        assert boot.estimate[names.index(key)] == pytest.approx(full, abs=1e-4), key


def test_seed_reproducible(satloy):
    # (n_jobs does not enter the draws: each block of BLOCK resamples has its own SeedSequence child, as in
    # research.bootstrap; worker processes are not started here, their start-up takes seconds)
    a = wls_bootstrap(satloy, LSQ5, n_boot=60, seed=11)
    b = wls_bootstrap(satloy, LSQ5, n_boot=60, seed=11)
    np.testing.assert_array_equal(a.draws, b.draws)
    pd.testing.assert_frame_equal(a.parameters, b.parameters)
    other = wls_bootstrap(satloy, LSQ5, n_boot=10, seed=12)
    assert not np.allclose(a.draws[:10], other.draws)
    fresh = wls_bootstrap(satloy, LSQ5, n_boot=10)
    again = wls_bootstrap(satloy, LSQ5, n_boot=10, seed=fresh.seed)
    np.testing.assert_array_equal(fresh.draws, again.draws)
    # the resamples are research.bootstrap's rows for the seed: replaying them gives the same draws
    rows = np.vstack([ix for _, ix in resample_blocks(11, 60, len(LSQ5))])
    np.testing.assert_array_equal(wls_bootstrap(satloy, LSQ5, indices=rows).draws, a.draws)


def test_percentile_and_bc_intervals_from_the_stored_draws(satloy):
    # B = 199: (B + 1) * 0.025 = 5 and (B + 1) * 0.975 = 195 are whole ranks, so the 95 % percentile interval
    # is the 5th and the 195th smallest draw, no interpolation
    boot = wls_bootstrap(satloy, LSQ5, n_boot=199, seed=3)
    assert boot.n_used == 199
    pe = boot.parameters
    names = list(boot.names)
    for key, row in (("LOY ~ SAT", (pe.lhs == "LOY") & (pe.op == "~")), ("b2 := b*b", pe.op == ":="),
                     ("SAT =~ SAT2", (pe.lhs == "SAT") & (pe.rhs == "SAT2"))):
        t = np.sort(boot.draws[:, names.index(key)])
        r = pe[row].iloc[0]
        assert r["ci.lower"] == t[4] and r["ci.upper"] == t[194], key
        ddof = 1 if key.startswith("b2") else 0            # lavaan: divisor B for parameters, B - 1 for :=
        assert r["se"] == pytest.approx(np.std(t, ddof=ddof), rel=1e-12)
    # the standardized effect's interval and SE come from its own draws (divisor B − 1, as lavaan's := rows)
    eff = boot.effects[(boot.effects["type"] == "direct") & (boot.effects["from"] == "SAT")].iloc[0]
    t = np.sort(boot.draws[:, names.index("std: SAT -> LOY")])
    assert (eff["std.boot.ci.lower"], eff["std.boot.ci.upper"]) == (t[4], t[194])
    assert eff["std.boot.se"] == pytest.approx(np.std(t, ddof=1), rel=1e-12)
    assert t[4] < eff["std"] < t[194] and 0 < eff["std"] < 1
    # bias-corrected: z0 = Φ⁻¹(share of draws below the estimate), limits at Φ(2 z0 ± 1.96)
    bc = boot.with_ci("bc")
    r = bc.parameters[(pe.lhs == "LOY") & (pe.op == "~")].iloc[0]
    t = boot.draws[:, names.index("LOY ~ SAT")]
    z0 = stats.norm.ppf(np.mean(t < r["est"]))
    lo, hi = norm_inter(t, stats.norm.cdf(2 * z0 + stats.norm.ppf([0.025, 0.975])))
    assert (r["ci.lower"], r["ci.upper"]) == pytest.approx((lo, hi), abs=1e-14)
    np.testing.assert_array_equal(bc.draws, boot.draws)
    # BCa: the acceleration from the leave-one-out fits (jackknife row i = the fit without row i)
    bca = boot.with_ci("bca")
    assert bca.jackknife.shape == (len(LSQ5), len(names))
    ref0 = fit_wls_data(SATLOY, LSQ5.drop(index=0).reset_index(drop=True), ordered=True)
    assert np.abs(bca.jackknife[0, :satloy.partable.npar] - ref0.theta).max() < 1e-7
    j = names.index("LOY ~ SAT")
    u = bca.jackknife[:, j]
    d = u.mean() - u
    a = np.sum(d ** 3) / (6 * np.sum(d ** 2) ** 1.5)           # Efron & Tibshirani (1993), eq. 14.15
    zq = stats.norm.ppf([0.025, 0.975])
    lo, hi = norm_inter(t, stats.norm.cdf(z0 + (z0 + zq) / (1 - a * (z0 + zq))))
    r = bca.parameters[(pe.lhs == "LOY") & (pe.op == "~")].iloc[0]
    assert (r["ci.lower"], r["ci.upper"]) == pytest.approx((lo, hi), abs=1e-14)


def test_failed_resamples_counted():
    # LOY4's lowest category is chosen by two respondents: a resample without both cannot estimate LOY4's
    # thresholds (lavaan: "some categories are empty") and is counted, not used
    data = pd.read_csv(REF / "wls_bootstrap_rare.csv")
    res = fit_wls_data(SATLOY, data, ordered=True)
    rare = np.flatnonzero(data["LOY4"].to_numpy() == data["LOY4"].min())
    assert len(rare) == 2
    boot = wls_bootstrap(res, data, n_boot=150, seed=5)
    rows = np.vstack([ix for _, ix in resample_blocks(5, 150, len(data))])
    lost = ~np.isin(rows, rare).any(axis=1)
    assert 5 <= lost.sum() <= 40                     # P(lose both) = (1 - 2/365)^365 ≈ 0.13
    np.testing.assert_array_equal(boot.status == CATEGORY, lost)
    assert boot.failures == {"category": int(lost.sum()), "not_converged": 0}
    assert boot.n_failed == lost.sum() and boot.n_used == 150 - lost.sum()
    assert np.isnan(boot.draws[lost]).all() and np.isfinite(boot.draws[~lost]).all()
    b_col = list(boot.names).index("LOY ~ SAT")
    se = boot.parameters.loc[(boot.parameters.lhs == "LOY") & (boot.parameters.op == "~"), "se"].iloc[0]
    assert se == pytest.approx(np.std(boot.draws[~lost, b_col]), rel=1e-12)
    texts = note_texts(boot.notes[0])
    k = str(int(lost.sum()))
    for lang in ("en", "zh-Hans", "zh-Hant"):
        assert f"{k} " in texts[lang] and "150" in texts[lang], texts[lang]
    assert boot.summary()["category"] == lost.sum()


def _normal_ordinal(seed: int, n: int = 500) -> pd.DataFrame:
    """Two correlated factors (r = 0.5) with three indicators each (loadings 0.8, 0.7, 0.6), the latent
    responses cut into five categories: the data bivariate normality underlies."""
    rng = np.random.default_rng(seed)
    f1 = rng.standard_normal(n)
    f2 = 0.5 * f1 + np.sqrt(0.75) * rng.standard_normal(n)
    cuts = np.array([-1.2, -0.3, 0.6, 1.4])
    out = {}
    for j, lam in enumerate((0.8, 0.7, 0.6)):
        out[f"x{j + 1}"] = np.searchsorted(cuts, lam * f1 + np.sqrt(1 - lam * lam) * rng.standard_normal(n)) + 1
        out[f"y{j + 1}"] = np.searchsorted(cuts, lam * f2 + np.sqrt(1 - lam * lam) * rng.standard_normal(n)) + 1
    return pd.DataFrame(out)


def test_bootstrap_se_close_to_robust_se_on_normal_data():
    """The bootstrap SE and the robust (sandwich) SE estimate the same sampling SD.  With B = 500 the bootstrap
    SE has a Monte-Carlo SD of about 1/√(2B) = 3.2 % (near-normal draws) and the robust SE its own sampling
    error at N = 500; on three simulated samples the 32 ratios ranged 0.87–1.24 and their means 0.975–1.037.
    So: every ratio within ±15 % (about 4.5 Monte-Carlo SDs) and their mean within ±5 %.

    The data must satisfy the model behind Γ: lavaan's Γ (Muthén 1984) uses the outer product of the
    polychoric scores as their information, valid under bivariate normality of the latent responses.  On
    the bundled LSQ-5 sample, whose latent responses are not normal, the bootstrap SDs of the polychoric
    correlations are 1.0–1.7 × sqrt(diag Γ / N) and the loadings' bootstrap SEs ~1.3 × the robust ones."""
    data = _normal_ordinal(1)
    model = "F1 =~ x1 + x2 + x3\nF2 =~ y1 + y2 + y3\nF2 ~ b*F1\nb2 := b*b"
    res = fit_wls_data(model, data, ordered=True)
    boot = wls_bootstrap(res, data, n_boot=500, seed=1)
    assert boot.n_used == 500
    free = (res.parameters["se"] > 0).to_numpy()
    ratio = boot.parameters["se"].to_numpy()[free] / res.parameters["se"].to_numpy()[free]
    assert len(ratio) == 32
    assert np.all(np.abs(ratio - 1) < 0.15), ratio
    assert abs(ratio.mean() - 1) < 0.05


def test_fast_refit_is_the_dwls_estimate(satloy):
    # one resample: the separable Gauss-Newton refit from θ̂ equals fit_wls on the resample's own statistics
    # started from scratch (thresholds = sample thresholds; the rest DWLS on the correlations)
    boot = wls_bootstrap(satloy, LSQ5, n_boot=2, seed=8)
    assert boot._task.fast is not None
    rows = next(resample_blocks(8, 2, len(LSQ5)))[1][0]
    names = list(satloy.ordinal_stats.ov_names)
    st = ordinal_sample_stats(LSQ5.iloc[rows][names].reset_index(drop=True), names, True, nacov=True)[0]
    ref = fit_wls(SATLOY, st)
    assert ref.converged
    assert np.abs(boot.draws[0, :satloy.partable.npar] - ref.theta).max() < 1e-7
    assert boot.draws[0, list(boot.names).index("b2 := b*b")] == pytest.approx(
        ref.parameters.loc[ref.parameters.op == ":=", "est"].iloc[0], abs=1e-7)


def test_theta_parameterization_refits_by_refit_stats():
    res = fit_wls_data(SATLOY, LSQ5, ordered=True, parameterization="theta")
    rows = np.vstack([ix for _, ix in resample_blocks(4, 2, len(LSQ5))])
    boot = wls_bootstrap(res, LSQ5, indices=rows)
    assert boot._task.fast is None
    names = list(res.ordinal_stats.ov_names)
    st = ordinal_sample_stats(LSQ5.iloc[rows[1]][names].reset_index(drop=True), names, True)[0]
    ref = fit_wls(SATLOY, WlsStats.from_sample(st), parameterization="theta")
    assert np.abs(boot.draws[1, :res.partable.npar] - ref.theta).max() < 1e-6


def test_refusals(satloy):
    with pytest.raises(OptionError):
        wls_bootstrap(satloy, LSQ5, n_boot=10, ci="normal")
    with pytest.raises(OptionError) as err:
        wls_bootstrap(satloy, LSQ5.iloc[:-1], n_boot=10)         # not the data of the fit
    assert "not the data the model was fitted to" in err.value.message("en")
    assert "不是拟合模型时所用的数据" in err.value.message("zh-Hans")
    assert "不是配適模型時所用的資料" in err.value.message("zh-Hant")
    with pytest.raises(OptionError):
        wls_bootstrap(satloy, LSQ5, indices=np.zeros((3, 5), dtype=int))
