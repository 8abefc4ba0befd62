"""Monte Carlo power analysis (research.power): known answers, error rates, determinism, post-hoc route."""
from __future__ import annotations

import json
import math

import numpy as np
import pytest
from scipy.stats import norm

from research import analyze
from research.errors import DataError, OptionError
from research.figures import to_bytes
from research.power import PowerParameter, PowerResult, plot, power
from research.sem import fit_sem
from research.simulate import PopulationModel, simulate_continuous, to_likert

from conftest import REFERENCE

PD_MEASUREMENT = "ind60 =~ x1 + x2 + x3\ndem60 =~ y1 + y2 + y3 + y4\ndem65 =~ y5 + y6 + y7 + y8"
PD_MODEL = PD_MEASUREMENT + "\ndem60 ~ ind60\ndem65 ~ ind60 + dem60"


def two_factor(lam: float, beta: float, k: int = 4) -> PopulationModel:
    """B ~ A, k items per construct, every loading λ."""
    a, b = [f"a{i}" for i in range(1, k + 1)], [f"b{i}" for i in range(1, k + 1)]
    return PopulationModel({i: lam for i in a + b}, {"A": a, "B": b}, paths={("B", "A"): beta})


# ----------------------------------------------------------------------------------------------
# the known answer: asymptotic power of the Wald test of a latent regression slope
# ----------------------------------------------------------------------------------------------
def wald_se_slope(lam: float, beta: float, k: int = 4) -> float:
    """√N · asymptotic SE of the unstandardised slope b̂ in  B ~ A  (k items per factor, every λ equal).

    Derived by hand, independently of research.sem (Bollen 1989, ch. 4 and 8): lavaan's metric fixes the
    first loading of each factor at 1, so with standardised population values the free parameters are
    λ₂…λ_k of each factor (population λ/λ = 1), Var(A) = λ², b = β·λ/λ = β, ψ_B = λ²(1 − β²) and the k·2
    residual variances 1 − λ².  Σ(θ) = Λ Φ(θ) Λᵀ + Θ with Φ = [[φ, bφ], [bφ, b²φ + ψ]].  ML's expected
    information per respondent is I(θ) = ½ Δᵀ (Σ⁻¹ ⊗ Σ⁻¹) Δ with Δ = ∂vec Σ/∂θᵀ (central differences
    here); ACOV(θ̂) = I⁻¹/N.  The Wald test rejects when |b̂|/SE > z_{1−α/2}; with b̂ ~ N(b, SE²) its power
    is Φ(|b|/SE − z_{1−α/2}) + Φ(−|b|/SE − z_{1−α/2}).
    """
    q_lam = k - 1

    def sigma(t):
        la, lb = np.r_[1.0, t[:q_lam]], np.r_[1.0, t[q_lam:2 * q_lam]]
        phi, b, psi = t[2 * q_lam: 2 * q_lam + 3]
        L = np.zeros((2 * k, 2))
        L[:k, 0], L[k:, 1] = la, lb
        P = np.array([[phi, b * phi], [b * phi, b * b * phi + psi]])
        return L @ P @ L.T + np.diag(t[2 * q_lam + 3:])

    t0 = np.r_[np.ones(2 * q_lam), lam ** 2, beta, lam ** 2 * (1 - beta ** 2), np.full(2 * k, 1 - lam ** 2)]
    S0 = sigma(t0)
    D = np.zeros((S0.size, t0.size))
    for j in range(t0.size):
        up, dn = t0.copy(), t0.copy()
        up[j] += 1e-6
        dn[j] -= 1e-6
        D[:, j] = (sigma(up) - sigma(dn)).ravel() / 2e-6
    Si = np.linalg.inv(S0)
    info = 0.5 * D.T @ np.kron(Si, Si) @ D
    return float(math.sqrt(np.linalg.inv(info)[2 * q_lam + 1, 2 * q_lam + 1]))


def analytic_power(lam: float, beta: float, n: int, alpha: float = 0.05) -> float:
    delta = abs(beta) * math.sqrt(n) / wald_se_slope(lam, beta)
    z = norm.ppf(1 - alpha / 2)
    return float(norm.cdf(delta - z) + norm.cdf(-delta - z))


def test_hand_derived_se_reduces_to_the_regression_formula():
    # With perfectly reliable items (λ → 1) the latent slope is an ordinary standardised regression
    # slope, whose variance is σ²_e / (N·Var x) = (1 − β²)/N; the information-matrix SE must approach it.
    for beta in (0.2, 0.5):
        assert wald_se_slope(0.9999, beta) == pytest.approx(math.sqrt(1 - beta ** 2), abs=2e-3)
    # measurement error (λ = .9, ω ≈ .94) inflates it
    assert wald_se_slope(0.9, 0.2) > math.sqrt(1 - 0.2 ** 2) * 1.03


def test_power_matches_the_analytic_wald_power():
    # continuous data, 4 items λ = .9 per construct, β = .2, N = 150: analytic power .648
    expected = analytic_power(0.9, 0.2, 150)
    assert 0.6 < expected < 0.7
    reps = 300
    res = power(two_factor(0.9, 0.2), n=150, reps=reps, seed=20261201, likert=None, n_jobs=2)
    assert res.n_converged[0] == reps and res.n_failed[0] == 0
    got = res.table().loc[0, "N=150"]
    mc_se = math.sqrt(expected * (1 - expected) / reps)
    # Bias allowance .02: the analytic value is asymptotic (SE known, b̂ exactly normal); at N = 150 the
    # estimated SE and the estimate carry O(1/N) bias.  A 2000-replication run of the same model (seed 7)
    # gave .482/.647/.755 at N = 100/150/200 against .480/.648/.771: differences ≤ .016.
    assert abs(got - expected) <= 3 * mc_se + 0.02, (got, expected)


# ----------------------------------------------------------------------------------------------
# error rates: N, effect size, type-I error
# ----------------------------------------------------------------------------------------------
MEDIATION = PopulationModel(
    {f"{c}{i}": 0.8 for c in "abmy" for i in (1, 2, 3)},
    {c.upper(): [f"{c}{i}" for i in (1, 2, 3)] for c in "abmy"},
    {("A", "B"): 0.3},
    {("M", "A"): 0.35, ("M", "B"): -0.15, ("Y", "M"): 0.40, ("Y", "B"): 0.0})


@pytest.fixture(scope="module")
def mediation():
    return power(MEDIATION, n=(80, 240), reps=150, seed=7, likert=None, n_jobs=2)


def _row(res: PowerResult, name: str) -> np.ndarray:
    t = res.table().set_index("parameter")
    return t.loc[name, [f"N={n}" for n in res.n]].to_numpy(float)


def test_parameters_and_population_values(mediation):
    t = mediation.table()
    assert list(t["parameter"]) == ["M ~ A", "M ~ B", "Y ~ M", "Y ~ B", "A → M → Y", "B → M → Y"]
    assert list(t["kind"]) == ["path"] * 4 + ["indirect"] * 2
    assert t["population"].tolist() == pytest.approx([0.35, -0.15, 0.40, 0.0, 0.35 * 0.40, -0.15 * 0.40])
    assert (mediation.n_converged == 150).all()


def test_power_increases_with_n(mediation):
    for name in ("M ~ A", "M ~ B", "Y ~ M", "A → M → Y", "B → M → Y"):
        p = _row(mediation, name)
        assert p[1] > p[0], name


def test_power_increases_with_effect_size(mediation):
    # same outcome, equally reliable predictors: |β| = .35 beats |β| = .15 (negative, sign must match)
    assert (_row(mediation, "M ~ A") > _row(mediation, "M ~ B")).all()
    assert (_row(mediation, "A → M → Y") > _row(mediation, "B → M → Y")).all()
    assert _row(mediation, "M ~ B")[1] > 0.3          # the negative path is detected with its sign


def test_type_one_error_of_a_zero_path(mediation):
    rate = float(np.sum(_row(mediation, "Y ~ B") * mediation.n_converged) / mediation.n_converged.sum())
    R = mediation.n_converged.sum()
    assert abs(rate - 0.05) <= 3 * math.sqrt(0.05 * 0.95 / R), rate


def test_tables_and_json(mediation):
    t = mediation.table(se=True)
    p, R = t["N=80"].to_numpy(), 150
    assert t["MC SE N=80"].to_numpy() == pytest.approx(np.sqrt(p * (1 - p) / R))
    conv = mediation.convergence()
    assert conv["share_converged"].tolist() == [1.0, 1.0] and conv["failed"].tolist() == [0, 0]
    bias = mediation.bias().set_index("parameter")
    assert abs(bias.loc["M ~ A", "mean N=240"] - 0.35) < 0.05      # ML recovers the standardised path
    assert math.isnan(bias.loc["Y ~ B", "bias N=240"])
    d = mediation.to_dict()
    text = json.dumps(d, allow_nan=False)
    assert json.loads(text)["parameters"][0]["power"] == pytest.approx(list(_row(mediation, "M ~ A")))
    assert d["n"] == [80, 240] and d["reps"] == 150 and d["seed"] == 7


# ----------------------------------------------------------------------------------------------
# every replication recomputed by hand: seeds, Likert cut, counting of failures
# ----------------------------------------------------------------------------------------------
def test_every_replication_recomputed_by_hand():
    lam, n, reps, seed = 0.6, 40, 12, 4
    m = PopulationModel({x: lam for x in ("a1", "a2", "a3", "b1", "b2", "b3")},
                        {"A": ["a1", "a2", "a3"], "B": ["b1", "b2", "b3"]}, paths={("B", "A"): 0.4})
    res = power(m, n=n, reps=reps, seed=seed)             # likert=5 by default
    inadmissible = {"negative_variance", "std_above_one", "implied_cov_not_pd", "latent_cov_not_pd",
                    "information_singular"}
    detected = converged = inad = 0
    std = []
    for child in np.random.SeedSequence(seed).spawn(reps):          # child r for replication r (one N)
        data = to_likert(simulate_continuous(m, n, np.random.default_rng(child))).astype(float)
        fit = fit_sem("A =~ a1 + a2 + a3\nB =~ b1 + b2 + b3\nB ~ A", data, start="simple")
        if not fit.converged:
            continue
        converged += 1
        inad += bool(inadmissible & set(fit.warning_codes))
        row = fit.parameters.query("op == '~'").iloc[0]
        detected += bool(row["pvalue"] < 0.05 and row["est"] > 0)
        std.append(row["std.all"])
    assert 0 < converged < reps and inad > 0                        # this design fails often
    assert res.n_converged[0] == converged and res.n_failed[0] == reps - converged
    assert res.n_inadmissible[0] == inad
    assert res.power[0, 0] == pytest.approx(detected / converged)
    assert res.mean_std[0, 0] == pytest.approx(np.mean(std))
    assert {note["code"] for note in res.notes} == {"power_nonconverged", "power_inadmissible"}


# ----------------------------------------------------------------------------------------------
# determinism
# ----------------------------------------------------------------------------------------------
def test_same_seed_same_result_for_any_n_jobs():
    m = two_factor(0.7, 0.3, k=3)
    calls = []
    a = power(m, n=(60, 100), reps=20, seed=11, progress=lambda done, total: calls.append((done, total)))
    b = power(m, n=(100, 60), reps=20, seed=11)
    c = power(m, n=(60, 100), reps=20, seed=11, n_jobs=2)
    for other in (b, c):
        assert np.array_equal(a.power, other.power)
        assert np.array_equal(a.mean_std, other.mean_std, equal_nan=True)
        assert np.array_equal(a.n_inadmissible, other.n_inadmissible)
    assert calls == [(10, 40), (20, 40), (30, 40), (40, 40)]
    d = power(m, n=(60, 100), reps=20, seed=12)
    assert not np.array_equal(a.mean_std, d.mean_std)              # the seed is used
    fresh = power(m, n=60, reps=10)
    again = power(m, n=60, reps=10, seed=fresh.seed)
    assert np.array_equal(fresh.mean_std, again.mean_std)


# ----------------------------------------------------------------------------------------------
# N needed: interpolation on a constructed table
# ----------------------------------------------------------------------------------------------
def constructed() -> PowerResult:
    params = tuple(PowerParameter(name, "path", "X", name, (), pop) for name, pop in
                   (("reached", 0.3), ("at_min", 0.5), ("never", 0.05), ("wiggly", 0.3), ("zero", 0.0)))
    pw = np.array([[0.50, 0.70, 0.90],
                   [0.85, 0.90, 0.95],
                   [0.10, 0.20, 0.30],
                   [0.50, 0.82, 0.78],
                   [0.05, 0.04, 0.06]])
    return PowerResult(parameters=params, n=(100, 200, 400), reps=200, alpha=0.05, power=pw,
                       n_converged=np.array([200, 200, 200]))


def test_n_needed_interpolates_linearly_on_the_n_scale():
    t = constructed().n_needed(0.8).set_index("parameter")
    # reached: between N = 200 (.70) and 400 (.90): 200 + (.80 − .70)/(.90 − .70)·200 = 300
    assert t.loc["reached", "n_needed"] == 300 and t.loc["reached", "status"] == "interpolated"
    assert t.loc["reached", "text"] == "≈ 300"
    assert t.loc["at_min", "n_needed"] == 100 and t.loc["at_min", "text"] == "≤ 100"
    assert math.isnan(t.loc["never", "n_needed"]) and t.loc["never", "text"] == "> 400"
    # first crossing: 100 + (.80 − .50)/(.82 − .50)·100 = 193.75 → 194 respondents
    assert t.loc["wiggly", "n_needed"] == 194
    assert t.loc["zero", "status"] == "null"
    t9 = constructed().n_needed(0.9).set_index("parameter")
    assert t9.loc["reached", "n_needed"] == 400                      # exactly at a simulated N
    assert t9.loc["wiggly", "status"] == "above_max"
    # MC SE of the constructed powers: √(p(1 − p)/200)
    assert constructed().mc_se[0, 0] == pytest.approx(math.sqrt(0.25 / 200))


# ----------------------------------------------------------------------------------------------
# post-hoc: the population from research analyze
# ----------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pd_results():
    return analyze(REFERENCE / "political_democracy.csv", model=PD_MODEL, bootstrap=0).to_dict()


def test_post_hoc_population_is_the_fitted_std_solution(pd_results, tmp_path):
    res = power(pd_results, n=(100,), reps=10, seed=5)
    assert res.source == "post_hoc" and res.observed_n == 75
    rows = pd_results["sem"]["parameters"]
    std = {f"{r['lhs']} ~ {r['rhs']}": r["std.all"] for r in rows if r["op"] == "~"}
    t = res.table().set_index("parameter")
    for name, value in std.items():
        assert t.loc[name, "population"] == pytest.approx(value, abs=1e-12)
    ind = [e for e in pd_results["sem"]["effects"] if e["type"] == "indirect"]
    assert len(ind) == 1 and t.loc["ind60 → dem60 → dem65", "population"] == pytest.approx(ind[0]["std"], abs=1e-10)
    loadings = {r["rhs"]: r["std.all"] for r in rows if r["op"] == "=~"}
    assert res.population.loadings == pytest.approx(loadings, abs=1e-12)
    assert "post_hoc" == res.to_dict()["source"]
    # the same through a results.json file
    path = tmp_path / "results.json"
    path.write_text(json.dumps(pd_results), encoding="utf-8")
    again = power(path, n=(100,), reps=10, seed=5)
    assert np.array_equal(again.power, res.power)
    # planning with a smaller effect than the one observed
    smaller = power(pd_results, n=(100,), reps=10, seed=5, population={"dem65 ~ ind60": 0.0})
    t2 = smaller.table().set_index("parameter")
    assert t2.loc["dem65 ~ ind60", "population"] == 0.0
    assert t2.loc["dem60 ~ ind60", "population"] == pytest.approx(std["dem60 ~ ind60"])


# ----------------------------------------------------------------------------------------------
# bad input
# ----------------------------------------------------------------------------------------------
SMALL = two_factor(0.8, 0.3, k=3)


@pytest.mark.parametrize("kwargs, shown", [
    ({"n": 0}, "0"), ({"n": (200, -5)}, "-5"), ({"n": 6}, "N = 6 ≤ p = 6"), ({"n": 200.0}, "200.0"),
    ({"n": ()}, "[]"), ({"reps": 5}, "5"), ({"reps": 50.0}, "50.0"), ({"alpha": 0}, "0"),
    ({"alpha": 1.5}, "1.5"), ({"likert": 4}, "4"), ({"n_jobs": 0}, "0"), ({"seed": -1}, "-1"),
    ({"population": {"A ~ B": 0.2}}, "A ~ B"), ({"population": {"nope": 0.2}}, "nope"),
])
def test_bad_options(kwargs, shown):
    options = {"n": 100, "reps": 10, **kwargs}
    with pytest.raises(OptionError) as err:
        power(SMALL, **options)
    assert shown in err.value.message("en")
    option = next(iter(kwargs))
    assert option in err.value.message("en")


def test_bad_models(tmp_path, pd_results):
    with pytest.raises(OptionError) as err:
        power(42, n=100, reps=10)
    assert "int" in err.value.message("en")
    measurement = analyze(REFERENCE / "political_democracy.csv", model=PD_MEASUREMENT, bootstrap=0).to_dict()
    with pytest.raises(OptionError) as err:
        power(measurement, n=100, reps=10)
    assert "sem = null" in err.value.message("en") and "structural" in err.value.message("en")
    no_paths = json.loads(json.dumps(pd_results))
    no_paths["sem"]["parameters"] = [r for r in no_paths["sem"]["parameters"] if r["op"] != "~"]
    with pytest.raises(OptionError) as err:
        power(no_paths, n=100, reps=10)
    assert "no '~' rows" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        power(tmp_path / "missing.json", n=100, reps=10)
    assert "missing.json" in err.value.message("en")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError) as err:
        power(bad, n=100, reps=10)
    assert "bad.json" in err.value.message("en")
    heywood = json.loads(json.dumps(pd_results))
    heywood["sem"]["parameters"][1]["std.all"] = 1.02
    with pytest.raises(OptionError) as err:
        power(heywood, n=100, reps=10)
    assert "x2" in err.value.message("en") and "1.020" in err.value.message("en")
    with pytest.raises(OptionError):
        constructed().n_needed(1.2)


# ----------------------------------------------------------------------------------------------
# figure
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang, xlabel", [("en", "Sample size N"), ("zh-Hans", "样本量 N"), ("zh-Hant", "樣本數 N")])
def test_plot_renders_in_every_language(lang, xlabel):
    fig = plot(constructed(), lang=lang)
    ax = fig.axes[0]
    assert ax.get_xlabel() == xlabel
    assert [t.get_text() for t in ax.get_legend().get_texts()][0].startswith("reached")
    target = [line for line in ax.get_lines() if line.get_gid() == "target"]
    assert len(target) == 1 and list(target[0].get_ydata()) == [0.8, 0.8]
    png = to_bytes(fig, "png", dpi=60)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    with pytest.raises(OptionError):
        plot(constructed(), lang="fr")


def test_cli_power_from_lavaan_syntax_with_values(tmp_path, capsys):
    import json

    from research.cli import main

    model = tmp_path / "population.lav"
    model.write_text("A =~ .8*a1 + .8*a2 + .8*a3\nY =~ .8*y1 + .8*y2 + .8*y3\nY ~ .3*A\n", encoding="utf-8")
    out = tmp_path / "power"
    assert main(["power", str(model), "--n", "80,160", "--reps", "20", "--seed", "3", "--jobs", "1",
                 "--out", str(out), "--lang", "en"]) == 0
    printed = capsys.readouterr().out
    assert "Y ~ A" in printed and "N=80" in printed and "N=160" in printed
    d = json.loads((out / "power.json").read_text(encoding="utf-8"))
    direct = power(PopulationModel.from_lavaan(model.read_text()), n=(80, 160), reps=20, seed=3)
    assert d["n"] == [80, 160]
    assert (out / "power.png").stat().st_size > 5000 and (out / "power.svg").exists()
    row = direct.table().set_index("parameter").loc["Y ~ A"]
    assert f"{row['N=160']:.3f}" in printed
    assert main(["power", str(model), "--n", "80,abc"]) == 2
    bad = tmp_path / "bad.lav"
    bad.write_text("A =~ a1 + a2\n", encoding="utf-8")
    assert main(["power", str(bad), "--reps", "10"]) == 2
