"""Nonparametric bootstrap (research.bootstrap) against lavaan 0.6-14.

Reference (../shared/reference, political_democracy.json): ``set.seed(1234);
sem(model, data, se = "bootstrap", bootstrap = 2000)`` — indirect effect a·b:
bootstrap SE 0.3504, percentile 95 % CI [0.5584, 1.9521], "bca.simple"
[0.5320, 1.9092]; 652 of 2000 draws nonadmissible.

Two kinds of checks:

1. *The same resamples as lavaan.*  lavaan's serial bootstrap draws
   ``iseed <- runif(1, 0, 999999999); set.seed(iseed)`` and then one
   ``sample.int(N, replace = TRUE)`` per draw from R's default
   Mersenne-Twister.  :class:`RMersenneTwister` below re-implements that
   generator (R's seeding scramble, MT19937, ``R_unif_index`` with rejection
   sampling), so ``bootstrap(..., indices=...)`` refits exactly lavaan's 2000
   resamples.  Then the intervals, the SE and the count of nonadmissible
   draws are no longer Monte Carlo quantities and must agree to the
   README's 1e-3 (they agree to ~1e-5; the remaining difference is
   lavaan's looser optimizer tolerance, per-draw estimates differ by ≤ 2e-4).

2. *Our own random stream* (numpy, seed below), 2000 draws as asked.  Here
   the endpoints carry Monte Carlo error: the SD of a 2.5 %/97.5 % endpoint
   from 2000 draws is ≈ 0.02–0.03 for this statistic (measured by splitting
   20 000 draws into ten runs), so two *correct* runs — lavaan's and ours —
   differ by ~0.03–0.04 SD, and ±0.02 would fail for about half of all
   seeds.  The endpoints are therefore checked to ±0.08 (≈ 2 SD of the
   difference); the bootstrap SE, whose MC error is ≈ 0.006, to ±0.02; the
   share of nonadmissible draws to 25–40 % (lavaan: 652/2000 = 32.6 %; with
   the same resamples we flag exactly lavaan's 652, so only the resampling
   noise, binomial SD ≈ 1 %, and sample-to-sample variation remain).
"""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from research.bootstrap import (BootstrapResult, acceleration, bca_ci, boot_se, bootstrap, norm_inter,
                                percentile_ci)
from research.errors import OptionError
from research.sem import fit_sem

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference"
SEED = 20260901
TOL_EXACT = 1e-3        # README: point estimates / SEs; same resamples as lavaan
TOL_SE = 0.02           # README: bootstrap SE and CIs "about ±0.02"
TOL_CI_MC = 0.08        # endpoints from an independent stream: Monte Carlo error, see the module docstring


# ----------------------------------------------------------------------------- R's RNG
class RMersenneTwister:
    """R's default generator: ``set.seed(seed)`` then ``runif`` / ``sample.int(n, replace = TRUE)``.

    Written from R's documented algorithm (src/main/RNG.c): the seed is
    scrambled by 50 steps of the LCG s ← 69069 s + 1 (mod 2³²), the 625-word
    state filled by further LCG steps (word 0 is the position, set to 624),
    numbers come from MT19937 with tempering times 2⁻³², and
    ``sample.int`` (R ≥ 3.6, "Rejection") draws ⌈log₂ n⌉ random bits in
    16-bit pieces and rejects values ≥ n.
    """

    N, M = 624, 397

    def __init__(self, seed: int):
        s = seed & 0xFFFFFFFF
        for _ in range(50):
            s = (69069 * s + 1) & 0xFFFFFFFF
        state = []
        for _ in range(625):
            s = (69069 * s + 1) & 0xFFFFFFFF
            state.append(s)
        self.mt = state[1:]
        self.mti = self.N

    def _genrand(self) -> float:
        mt, n, m = self.mt, self.N, self.M
        if self.mti >= n:
            for kk in range(n):
                y = (mt[kk] & 0x80000000) | (mt[(kk + 1) % n] & 0x7FFFFFFF)
                mt[kk] = mt[(kk + m) % n] ^ (y >> 1) ^ (0x9908B0DF if y & 1 else 0)
            self.mti = 0
        y = mt[self.mti]
        self.mti += 1
        y ^= y >> 11
        y ^= (y << 7) & 0x9D2C5680
        y ^= (y << 15) & 0xEFC60000
        y ^= y >> 18
        return y * 2.3283064365386963e-10

    def unif_rand(self) -> float:
        v = self._genrand()
        eps = 2.328306437080797e-10
        return 0.5 * eps if v <= 0.0 else (1.0 - 0.5 * eps if 1.0 - v <= 0.0 else v)

    def _unif_index(self, n: int) -> int:
        bits = int(math.ceil(math.log2(n)))
        while True:
            v = 0
            for _ in range(0, bits + 1, 16):
                v = 65536 * v + int(math.floor(self.unif_rand() * 65536))
            v &= (1 << bits) - 1
            if v < n:
                return v

    def sample_int(self, n: int, size: int) -> np.ndarray:
        """``sample.int(n, size, replace = TRUE) - 1`` (0-based row numbers)."""
        return np.array([self._unif_index(n) for _ in range(size)])


def lavaan_bootstrap_rows(seed: int, n_boot: int, n: int) -> np.ndarray:
    """The rows of lavaan 0.6-14's serial ordinary bootstrap after ``set.seed(seed)`` (one group)."""
    rng = RMersenneTwister(seed)
    iseed = int(rng.unif_rand() * 999999999)          # iseed <- runif(1, 0, 999999999); set.seed(iseed)
    rng = RMersenneTwister(iseed)
    return np.array([rng.sample_int(n, n) for _ in range(n_boot)])


def test_r_generator():
    # R 4.2.2: set.seed(1234); runif(3)  /  set.seed(1234); sample.int(75, 5, replace = TRUE)
    rng = RMersenneTwister(1234)
    assert [rng.unif_rand() for _ in range(3)] == pytest.approx([0.1137034113, 0.6222994048, 0.6092747329],
                                                                abs=1e-10)
    assert (RMersenneTwister(1234).sample_int(75, 5) + 1).tolist() == [28, 22, 9, 5, 38]
    # lavaan's first resample (bootstrapLavaan(fit, R = 2000, keep.idx = TRUE) after set.seed(1234))
    first = lavaan_bootstrap_rows(1234, 1, 75)[0] + 1
    assert first[:12].tolist() == [31, 40, 53, 32, 30, 34, 53, 27, 67, 6, 21, 12]


# ----------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def pd_fit(reference):
    ref = reference("political_democracy")
    data = pd.read_csv(REFERENCE / "political_democracy.csv")
    return ref, data, fit_sem(ref["model_syntax"], data)


@pytest.fixture(scope="module")
def lavaan_replay(pd_fit):
    ref, data, res = pd_fit
    rows = lavaan_bootstrap_rows(ref["indirect_effect"]["seed"], ref["indirect_effect"]["n_boot_requested"],
                                 res.n)
    return bootstrap(res, data, indices=rows, ci="percentile", n_jobs=2)


@pytest.fixture(scope="module")
def own_stream(pd_fit):
    _, data, res = pd_fit
    return bootstrap(res, data, n_boot=2000, seed=SEED, ci="percentile", n_jobs=2)


def _defined(boot: BootstrapResult, name: str) -> pd.Series:
    return boot.parameters[(boot.parameters["op"] == ":=") & (boot.parameters["lhs"] == name)].iloc[0]


# ----------------------------------------------------------------------------- 1. lavaan's resamples
@pytest.mark.parametrize("name", ["indirect", "total"])
def test_same_resamples_as_lavaan_give_lavaan_numbers(pd_fit, lavaan_replay, name):
    ref, _, _ = pd_fit
    lav = ref["indirect_effect"][name]
    boot = lavaan_replay
    assert boot.n_boot == 2000 and boot.seed is None
    perc = _defined(boot, name)
    assert abs(perc["ci.lower"] - lav["ci_lower_boot_perc"]) < TOL_EXACT
    assert abs(perc["ci.upper"] - lav["ci_upper_boot_perc"]) < TOL_EXACT
    assert abs(perc["se"] / lav["se_boot"] - 1) < TOL_EXACT
    bc = _defined(boot.with_ci("bc"), name)
    assert abs(bc["ci.lower"] - lav["ci_lower_boot_bca_simple"]) < TOL_EXACT
    assert abs(bc["ci.upper"] - lav["ci_upper_boot_bca_simple"]) < TOL_EXACT
    # lavaan's name for the same interval
    alias = _defined(boot.with_ci("bca.simple"), name)
    assert alias["ci.lower"] == bc["ci.lower"]


def test_same_resamples_as_lavaan_same_nonadmissible_count(pd_fit, lavaan_replay):
    ref, _, _ = pd_fit
    assert "652" in ref["indirect_effect"]["bootstrap_warnings"]
    assert lavaan_replay.n_nonconverged == 0
    assert lavaan_replay.n_inadmissible == 652
    assert lavaan_replay.n_used == 2000                 # kept, as lavaan does


def test_effects_table_has_bootstrap_columns(lavaan_replay):
    eff = lavaan_replay.effects
    for col in ("boot.se", "boot.ci.lower", "boot.ci.upper", "std.boot.se", "std.boot.ci.lower",
                "std.boot.ci.upper", "se", "ci.lower"):
        assert col in eff.columns
    ind = eff[eff["type"] == "indirect"].iloc[0]
    par = _defined(lavaan_replay, "indirect")
    assert ind["est"] == pytest.approx(par["est"], rel=1e-12)
    assert ind["boot.ci.lower"] == pytest.approx(par["ci.lower"], rel=1e-12)
    assert ind["boot.se"] == pytest.approx(par["se"], rel=1e-12)
    assert ind["std.boot.ci.lower"] < ind["std"] < ind["std.boot.ci.upper"]
    tot = eff[(eff["type"] == "total") & (eff["from"] == "ind60") & (eff["to"] == "dem65")].iloc[0]
    assert tot["boot.se"] == pytest.approx(_defined(lavaan_replay, "total")["se"], rel=1e-12)


def test_parameter_table(lavaan_replay):
    p = lavaan_replay.parameters
    res = lavaan_replay.result
    assert list(p.columns[:10]) == ["lhs", "op", "rhs", "label", "est", "se", "z", "pvalue", "ci.lower", "ci.upper"]
    np.testing.assert_allclose(p["est"].to_numpy(), res.parameters["est"].to_numpy(), rtol=1e-12)
    fixed = [not r.free for r in res.partable.rows] + [False] * len(res.partable.defined)
    fixed = np.array(fixed)
    assert np.all(p.loc[fixed, "se"] == 0) and np.all(p.loc[fixed, "ci.lower"] == p.loc[fixed, "est"])
    free = p.loc[~fixed]
    assert np.all(free["se"] > 0)
    np.testing.assert_allclose(free["z"], free["est"] / free["se"], rtol=1e-12)
    assert np.all((free["ci.lower"] < free["est"]) & (free["est"] < free["ci.upper"]))
    # a free parameter's SE uses divisor B (lavaan: cov(BOOT) * (B - 1) / B)
    a = p[p["label"] == "a"].iloc[0]
    draws = lavaan_replay.draws_frame()["dem60 ~ ind60"]
    assert a["se"] == pytest.approx(boot_se(draws, ddof=0), rel=1e-12)


# ----------------------------------------------------------------------------- 2. our own stream
def test_own_stream_close_to_lavaan(pd_fit, own_stream):
    ref, _, _ = pd_fit
    boot = own_stream
    assert boot.n_boot == 2000 and boot.seed == SEED and boot.n_nonconverged == 0
    for name in ("indirect", "total"):
        lav = ref["indirect_effect"][name]
        perc = _defined(boot, name)
        assert abs(perc["se"] - lav["se_boot"]) < TOL_SE
        assert abs(perc["ci.lower"] - lav["ci_lower_boot_perc"]) < TOL_CI_MC
        assert abs(perc["ci.upper"] - lav["ci_upper_boot_perc"]) < TOL_CI_MC
        bc = _defined(boot.with_ci("bc"), name)
        assert abs(bc["ci.lower"] - lav["ci_lower_boot_bca_simple"]) < TOL_CI_MC
        assert abs(bc["ci.upper"] - lav["ci_upper_boot_bca_simple"]) < TOL_CI_MC


def test_own_stream_inadmissible_share(own_stream):
    share = own_stream.n_inadmissible / own_stream.n_boot
    assert 0.25 <= share <= 0.40
    assert own_stream.summary()["n_inadmissible"] == own_stream.n_inadmissible


def test_bca_uses_the_jackknife(pd_fit, own_stream):
    _, _, res = pd_fit
    bca = own_stream.with_ci("bca")
    assert bca.jackknife.shape == (res.n, len(own_stream.names))
    j = list(own_stream.names).index("indirect := a*b")
    a = acceleration(bca.jackknife[:, j])
    assert np.isfinite(a) and abs(a) < 0.2
    used = own_stream.draws[own_stream.used, j]
    lo, hi = bca_ci(used, own_stream.estimate[j], 0.95, a)
    row = _defined(bca, "indirect")
    assert (row["ci.lower"], row["ci.upper"]) == pytest.approx((lo, hi), rel=1e-12)
    bc = _defined(own_stream.with_ci("bc"), "indirect")
    assert (bc["ci.lower"], bc["ci.upper"]) == pytest.approx(bca_ci(used, own_stream.estimate[j], 0.95, 0.0),
                                                             rel=1e-12)
    assert row["ci.lower"] != bc["ci.lower"]


def test_drop_inadmissible(pd_fit, own_stream):
    _, data, res = pd_fit
    small = bootstrap(res, data, n_boot=100, seed=SEED, drop_inadmissible=True)
    keep = bootstrap(res, data, n_boot=100, seed=SEED)
    assert np.array_equal(small.draws, keep.draws, equal_nan=True)
    assert small.n_inadmissible == keep.n_inadmissible > 0
    assert small.n_used == 100 - small.n_inadmissible - small.n_nonconverged
    assert keep.n_used == 100 - keep.n_nonconverged
    # and the same draws as the first 100 of the 2000 (blocks do not depend on n_boot)
    assert np.array_equal(keep.draws, own_stream.draws[:100], equal_nan=True)


# ----------------------------------------------------------------------------- determinism
def test_same_seed_same_result_and_n_jobs_do_not_matter(pd_fit):
    _, data, res = pd_fit
    a = bootstrap(res, data, n_boot=120, seed=7)
    b = bootstrap(res, data, n_boot=120, seed=7)
    c = bootstrap(res, data, n_boot=120, seed=7, n_jobs=2)
    d = bootstrap(res, data, n_boot=120, seed=8)
    for other in (b, c):
        assert np.array_equal(a.draws, other.draws, equal_nan=True)
        assert np.array_equal(a.status, other.status)
        pd.testing.assert_frame_equal(a.parameters, other.parameters)
        pd.testing.assert_frame_equal(a.effects, other.effects)
    assert not np.array_equal(a.draws, d.draws, equal_nan=True)


def test_seed_none_is_recorded(pd_fit):
    _, data, res = pd_fit
    a = bootstrap(res, data, n_boot=10, seed=None)
    b = bootstrap(res, data, n_boot=10, seed=a.seed)
    assert np.array_equal(a.draws, b.draws, equal_nan=True)


def test_progress_callback(pd_fit):
    _, data, res = pd_fit
    calls = []
    bootstrap(res, data, n_boot=120, seed=1, ci="bca", progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (50, 120 + res.n)
    assert [c[0] for c in calls] == sorted(c[0] for c in calls)
    assert calls[-1] == (120 + res.n, 120 + res.n)

    class Stop(Exception):
        pass

    def cancel(done, total):
        raise Stop

    with pytest.raises(Stop):
        bootstrap(res, data, n_boot=120, seed=1, progress=cancel)


def test_model_syntax_and_observed_paths():
    rng = np.random.default_rng(3)
    x = rng.standard_normal(150)
    m = 0.5 * x + rng.standard_normal(150)
    y = 0.4 * m + rng.standard_normal(150)
    data = pd.DataFrame({"X": x, "M": m, "Y": y, "unused": np.nan})
    boot = bootstrap("M ~ X\nY ~ M + X", data, n_boot=200, seed=2)
    assert boot.n_used == 200 and boot.n_inadmissible == 0
    ind = boot.effects[boot.effects["type"] == "indirect"].iloc[0]
    assert ind["boot.ci.lower"] < ind["est"] < ind["boot.ci.upper"]
    assert ind["boot.se"] == pytest.approx(ind["se"], rel=0.25)


def test_invalid_options(pd_fit):
    _, data, res = pd_fit
    for kwargs in ({"ci": "basic"}, {"level": 1.5}, {"n_boot": 1}, {"n_jobs": 0}, {"seed": -1},
                   {"indices": np.zeros((5, 3), dtype=int)}, {"indices": np.full((5, 75), 75)}):
        with pytest.raises(OptionError):
            bootstrap(res, data, **{"n_boot": 10, **kwargs})
    with pytest.raises(OptionError):
        bootstrap(res, data.iloc[:60], n_boot=10)           # not the data the model was fitted to
    with pytest.raises(OptionError):
        bootstrap(res, data.assign(y1=data["y1"] + 1e-3 * data["y2"]), n_boot=10)


# ----------------------------------------------------------------------------- interval arithmetic
def test_norm_inter_matches_r():
    # lavaan 0.6-14 parameterEstimates' norm.inter (= boot:::norm.inter), R 4.2.2:
    # t <- ((1:199)^1.5 / 10) %% 7; norm.inter(t, c(.025, .975, .5, .1, .003, .999))
    t = ((np.arange(1, 200) ** 1.5) / 10) % 7
    got = norm_inter(t, [0.025, 0.975, 0.5, 0.1, 0.003, 0.999])
    want = [0.0742365084001761488, 6.8188488188732279127, 3.3189146716115445201, 0.6000000000000014211,
            0.0092795635500220186, 6.9872716752581141009]
    np.testing.assert_allclose(got, want, rtol=1e-12)
    # bca.simple with t0 = 3.1: w = qnorm(mean(t < t0)) = -0.10727..., CI from pnorm(2w ± 1.96)
    lo, hi = bca_ci(t, 3.1, 0.95, 0.0)
    assert (lo, hi) == pytest.approx((0.029409743144172985, 6.625709870423277970), rel=1e-12)
    assert percentile_ci(t, 0.95) == pytest.approx((want[0], want[1]), rel=1e-12)


def test_bca_matches_scipy():
    """BCa of the mean of a skewed sample: scipy's interval from its own draws and jackknife."""
    x = np.random.default_rng(4).lognormal(size=40)
    res = stats.bootstrap((x,), np.mean, n_resamples=9999, method="BCa", random_state=np.random.default_rng(5))
    draws = res.bootstrap_distribution
    jack = np.array([np.delete(x, i).mean() for i in range(x.size)])
    lo, hi = bca_ci(draws, x.mean(), 0.95, acceleration(jack))
    width = res.confidence_interval.high - res.confidence_interval.low
    # scipy interpolates quantiles linearly, lavaan/boot on the normal scale: equal to ~1e-3 of the width
    assert abs(lo - res.confidence_interval.low) < 2e-3 * width
    assert abs(hi - res.confidence_interval.high) < 2e-3 * width


# --------------------------------------------------------------- the fast path (issue 7)
def test_fast_path_equals_a_plain_refit_loop(monkeypatch):
    """Linear start + Newton + chord steps reach the optimum a plain Newton refit from θ̂ reaches:
    the same draws to 1e-6 and the same CIs, failures and inadmissible counts."""
    from conftest import ROOT
    from research import analyze
    from research.bootstrap import _Task
    from research.sem.ram import RamModel

    res = analyze(ROOT / "datasets" / "lsq5_wjx_gbk.csv", questionnaire="lsq5", bootstrap=0)
    fast = bootstrap(res.sem, res.data, n_boot=150, seed=3)
    plain_fit = RamModel.fit

    def plain(self, S, n=None, theta0=None, **kwargs):
        return plain_fit(self, S, n, theta0)                    # no chord steps

    monkeypatch.setattr(RamModel, "fit", plain)
    monkeypatch.setattr(_Task, "start", lambda self, S: self.theta0)   # start at θ̂
    slow = bootstrap(res.sem, res.data, n_boot=150, seed=3)
    assert np.array_equal(fast.status, slow.status)
    assert np.nanmax(np.abs(fast.draws - slow.draws)) < 1e-6
    for col in ("boot.ci.lower", "boot.ci.upper", "std.ci.lower", "std.ci.upper"):
        assert np.allclose(fast.effects[col], slow.effects[col], atol=1e-6)


def test_term_hessian_equals_the_direct_formula_and_finite_differences(pd_fit):
    fit = pd_fit[2]
    model, S = fit.model, fit.sample_cov.to_numpy()
    rng = np.random.default_rng(5)
    for _ in range(3):
        theta = fit.theta * (1 + 0.05 * rng.standard_normal(fit.theta.size))
        g, H, info = model.hessian(theta, S)
        g0, H0, info0 = model.hessian_reference(theta, S)
        assert np.allclose(g, g0, atol=1e-12) and np.allclose(H, H0, atol=1e-10)
        assert np.allclose(info, info0, atol=1e-10)
        assert np.allclose(g, model.gradient(theta, S), atol=1e-12)
        h = 1e-6
        fd = np.column_stack([(model.gradient(theta + h * e, S) - model.gradient(theta - h * e, S)) / (2 * h)
                              for e in np.eye(theta.size)])
        assert np.allclose(H, (fd + fd.T) / 2, atol=1e-5 * np.abs(H).max())
