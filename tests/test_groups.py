"""Segment comparison (research.marketing.groups): every statistic against an independent
computation — textbook formulas done by hand in numpy, scipy.stats, or brute force."""
from __future__ import annotations

import io
import itertools
import json
import math
import warnings

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from conftest import ROOT
from research.errors import DataError, OptionError
from research.marketing.groups import GroupComparison, compare_groups, plot

SAMPLE = ROOT / "datasets" / "lsq5_sample.csv"

# Pain threshold by hair colour (McClave & Dietrich 1991, Statistics; the data set pingouin ships
# as "anova"): four groups of 5, 5, 4 and 5 people with visibly unequal spreads.
PAIN = {
    "Light Blond": [62, 60, 71, 55, 48],
    "Dark Blond": [63, 57, 52, 41, 43],
    "Light Brunette": [42, 50, 41, 37],
    "Dark Brunette": [32, 39, 51, 30, 35],
}


def _frame(groups: dict, name: str = "y") -> pd.DataFrame:
    return pd.DataFrame({"grp": [g for g, xs in groups.items() for _ in xs],
                         name: [float(x) for xs in groups.values() for x in xs]})


def _welch_t(a, b):
    """t = (m1 − m2)/√(s1²/n1 + s2²/n2) and the Welch–Satterthwaite df, by hand."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    t = (a.mean() - b.mean()) / math.sqrt(va + vb)
    df = (va + vb) ** 2 / (va ** 2 / (len(a) - 1) + vb ** 2 / (len(b) - 1))
    return t, df, math.sqrt(va + vb)


def _hedges_g(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    n1, n2 = len(a), len(b)
    sp = math.sqrt(((n1 - 1) * a.var(ddof=1) + (n2 - 1) * b.var(ddof=1)) / (n1 + n2 - 2))
    j = 1 - 3 / (4 * (n1 + n2) - 9)
    return j * (a.mean() - b.mean()) / sp


def _holm(p):
    """Holm (1979) by hand: sort, multiply the i-th smallest by (m − i + 1), running max, cap 1."""
    p = np.asarray(p, float)
    m = len(p)
    idx = np.argsort(p)
    out = np.empty(m)
    running = 0.0
    for rank, i in enumerate(idx):
        running = max(running, (m - rank) * p[i])
        out[i] = min(1.0, running)
    return out


def _bh(p):
    """Benjamini–Hochberg (1995) by hand: p_(i)·m/i, running min from the largest, cap 1."""
    p = np.asarray(p, float)
    m = len(p)
    idx = np.argsort(p)[::-1]
    out = np.empty(m)
    running = 1.0
    for pos, i in enumerate(idx):
        rank = m - pos
        running = min(running, p[i] * m / rank)
        out[i] = running
    return out


@pytest.fixture(scope="module")
def sample():
    df = pd.read_csv(SAMPLE)
    df["SAT"] = df[["SAT1", "SAT2", "SAT3"]].mean(axis=1)
    return df


PLATFORM_ZH = {1: "淘宝", 2: "天猫", 3: "京东", 4: "拼多多", 5: "抖音", 6: "速卖通", 7: "亚马逊", 8: "其他"}


# --------------------------------------------------------------------------
# two groups, parametric
# --------------------------------------------------------------------------

def test_welch_t_against_hand_computation_and_scipy():
    rng = np.random.default_rng(11)
    a = rng.normal(3.2, 0.6, 23)
    b = rng.normal(3.7, 1.3, 41)
    data = pd.DataFrame({"grp": ["A"] * 23 + ["B"] * 41, "y": np.r_[a, b]})
    res = compare_groups(data, "grp", "y")
    row = res.table().iloc[0]
    t, df, se = _welch_t(a, b)
    ref = stats.ttest_ind(a, b, equal_var=False)
    assert row["test"] == "Welch t" and row["k"] == 2 and row["n"] == 64
    assert row["statistic"] == pytest.approx(t, rel=1e-10)
    assert row["statistic"] == pytest.approx(ref.statistic, rel=1e-10)
    assert row["df"] == pytest.approx(df, rel=1e-10)
    assert row["p"] == pytest.approx(ref.pvalue, rel=1e-9)
    assert row["p"] == pytest.approx(2 * stats.t.sf(abs(t), df), rel=1e-9)
    # one variable: Holm changes nothing
    assert row["p_adj"] == pytest.approx(row["p"], rel=1e-12)
    pair = res.pairwise().iloc[0]
    assert (pair["A"], pair["B"]) == ("A", "B")
    assert pair["diff"] == pytest.approx(a.mean() - b.mean(), rel=1e-12)
    assert pair["se"] == pytest.approx(se, rel=1e-12)


def test_hedges_g_and_its_ci_against_the_formula():
    rng = np.random.default_rng(5)
    a = rng.normal(4.0, 0.7, 12)
    b = rng.normal(3.4, 0.9, 17)
    data = pd.DataFrame({"grp": [1] * 12 + [2] * 17, "y": np.r_[a, b]})
    row = compare_groups(data, "grp", ["y"], min_size=5, level=0.90).table().iloc[0]
    n1, n2 = 12, 17
    g = _hedges_g(a, b)
    # _hedges_g applies J = 1 − 3/(4(n1 + n2) − 9) = 1 − 3/107 ≈ 0.972 here
    assert row["effect"] == "Hedges g"
    assert row["effect size"] == pytest.approx(g, rel=1e-10)
    # CI: g ± t(n1 + n2 − 2)·√[(n1 + n2)/(n1 n2) + g²/(2(n1 + n2))] (Hedges & Olkin 1985)
    se = math.sqrt((n1 + n2) / (n1 * n2) + g ** 2 / (2 * (n1 + n2)))
    crit = stats.t.ppf(0.95, n1 + n2 - 2)
    assert row["effect CI lower"] == pytest.approx(g - crit * se, rel=1e-9)
    assert row["effect CI upper"] == pytest.approx(g + crit * se, rel=1e-9)


def test_descriptives_and_t_based_ci_of_the_mean():
    rng = np.random.default_rng(3)
    a = rng.normal(3.0, 1.0, 15)
    b = rng.normal(3.5, 0.5, 20)
    data = pd.DataFrame({"grp": ["x"] * 15 + ["y"] * 20, "v": np.r_[a, b]})
    d = compare_groups(data, "grp", "v").descriptives()
    assert list(d["group"]) == ["x", "y"]
    for (_, r), x in zip(d.iterrows(), (a, b)):
        lo, hi = stats.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
        assert r["n"] == len(x)
        assert r["mean"] == pytest.approx(x.mean(), rel=1e-12)
        assert r["sd"] == pytest.approx(x.std(ddof=1), rel=1e-12)
        assert r["se"] == pytest.approx(stats.sem(x), rel=1e-12)
        assert r["CI lower"] == pytest.approx(lo, rel=1e-10)
        assert r["CI upper"] == pytest.approx(hi, rel=1e-10)
        assert r["tested"]


# --------------------------------------------------------------------------
# more than two groups, parametric
# --------------------------------------------------------------------------

def _welch_anova_by_hand(groups):
    """Welch (1951): wⱼ = nⱼ/sⱼ², F = [Σwⱼ(mⱼ − m̃)²/(k − 1)] / [1 + 2(k − 2)Λ/(k² − 1)],
    Λ = Σ(1 − wⱼ/W)²/(nⱼ − 1), df2 = (k² − 1)/(3Λ)."""
    xs = [np.asarray(x, float) for x in groups]
    k = len(xs)
    n = np.array([len(x) for x in xs])
    m = np.array([x.mean() for x in xs])
    w = n / np.array([x.var(ddof=1) for x in xs])
    mw = (w * m).sum() / w.sum()
    lam = ((1 - w / w.sum()) ** 2 / (n - 1)).sum()
    f = ((w * (m - mw) ** 2).sum() / (k - 1)) / (1 + 2 * (k - 2) * lam / (k ** 2 - 1))
    df2 = (k ** 2 - 1) / (3 * lam)
    return f, k - 1, df2, stats.f.sf(f, k - 1, df2)


def test_welch_anova_against_welch_1951_by_hand_with_eta_and_omega_squared():
    import pingouin as pg
    data = _frame(PAIN, "pain")
    res = compare_groups(data, "grp", "pain", min_size=4, order=list(PAIN))
    row = res.table().iloc[0]
    f, df1, df2, p = _welch_anova_by_hand(PAIN.values())
    assert row["test"] == "Welch F" and row["k"] == 4 and row["n"] == 19
    assert row["statistic"] == pytest.approx(f, rel=1e-10)
    assert row["df"] == df1
    assert row["df2"] == pytest.approx(df2, rel=1e-10)
    assert row["p"] == pytest.approx(p, rel=1e-9)
    # η² = SS_B/SS_T and ω² = (SS_B − (k − 1)MS_W)/(SS_T + MS_W), by hand
    y = data["pain"].to_numpy()
    xs = [np.asarray(v, float) for v in PAIN.values()]
    ss_t = ((y - y.mean()) ** 2).sum()
    ss_w = sum(((x - x.mean()) ** 2).sum() for x in xs)
    ss_b = ss_t - ss_w
    ms_w = ss_w / (19 - 4)
    eta2 = ss_b / ss_t
    omega2 = (ss_b - 3 * ms_w) / (ss_t + ms_w)
    t = res.tests.iloc[0]
    assert t["eta2"] == pytest.approx(eta2, rel=1e-10)
    assert row["effect"] == "ω²"
    assert row["effect size"] == pytest.approx(omega2, rel=1e-10)
    # pingouin's "np2" of welch_anova is the same η² (one factor: partial η² = η²)
    aov = pg.welch_anova(data=data, dv="pain", between="grp")
    assert float(aov["np2"].iloc[0]) == pytest.approx(eta2, rel=1e-10)
    # the ordinary one-way F from these sums of squares agrees with scipy's f_oneway,
    # a check that SS_B and SS_W were split correctly
    assert (ss_b / 3) / ms_w == pytest.approx(stats.f_oneway(*xs).statistic, rel=1e-10)


def test_games_howell_against_hand_computation_on_the_pain_data():
    data = _frame(PAIN, "pain")
    res = compare_groups(data, "grp", "pain", min_size=4, order=list(PAIN))
    pw = res.pairwise()
    names = list(PAIN)
    assert list(zip(pw["A"], pw["B"])) == list(itertools.combinations(names, 2))
    k = len(names)
    for _, r in pw.iterrows():
        a, b = np.asarray(PAIN[r["A"]], float), np.asarray(PAIN[r["B"]], float)
        t, df, se = _welch_t(a, b)
        # Games & Howell (1976): Welch t and df per pair, p from the studentized range with k means
        p = stats.studentized_range.sf(math.sqrt(2) * abs(t), k, df)
        assert r["diff"] == pytest.approx(a.mean() - b.mean(), rel=1e-12)
        assert r["se"] == pytest.approx(se, rel=1e-12)
        assert r["statistic"] == pytest.approx(t, rel=1e-10)
        assert r["df"] == pytest.approx(df, rel=1e-10)
        assert r["p_adj"] == pytest.approx(p, rel=1e-6, abs=1e-9)
        assert r["p_unc"] == pytest.approx(2 * stats.t.sf(abs(t), df), rel=1e-9)
        assert r["g"] == pytest.approx(_hedges_g(a, b), rel=1e-10)
        assert r["adjust"] == "Games–Howell"
        assert r["significant"] == (p < 0.05)
    # the largest difference (Light Blond vs Dark Brunette, 59.2 vs 37.4) is the one that is significant
    top = pw.loc[pw["diff"].abs().idxmax()]
    assert (top["A"], top["B"]) == ("Light Blond", "Dark Brunette")
    assert top["p_adj"] < 0.05


# --------------------------------------------------------------------------
# nonparametric
# --------------------------------------------------------------------------

def _likert(rng, n, probs):
    return rng.choice([1, 2, 3, 4, 5], size=n, p=probs).astype(float)


def test_mann_whitney_u_against_scipy_and_brute_force_rank_biserial():
    rng = np.random.default_rng(21)
    a = _likert(rng, 30, [0.1, 0.2, 0.4, 0.2, 0.1])
    b = _likert(rng, 26, [0.05, 0.1, 0.3, 0.35, 0.2])
    data = pd.DataFrame({"grp": ["A"] * 30 + ["B"] * 26, "y": np.r_[a, b]})
    row = compare_groups(data, "grp", "y", method="nonparametric").table().iloc[0]
    ref = stats.mannwhitneyu(a, b, alternative="two-sided")
    assert row["test"] == "Mann–Whitney U"
    assert row["statistic"] == pytest.approx(ref.statistic, rel=1e-12)
    assert row["p"] == pytest.approx(ref.pvalue, rel=1e-10)
    # brute force over all 30 × 26 pairs: U_A counts A > B (ties ½), r = P(A > B) − P(A < B)
    diff = a[:, None] - b[None, :]
    u = (diff > 0).sum() + 0.5 * (diff == 0).sum()
    assert row["statistic"] == pytest.approx(u, rel=1e-12)
    assert row["effect"] == "r_rb"
    assert row["effect size"] == pytest.approx((diff > 0).mean() - (diff < 0).mean(), rel=1e-12)


def test_kruskal_wallis_against_scipy_with_epsilon_squared_and_holm_pairs():
    rng = np.random.default_rng(8)
    xs = {"g1": _likert(rng, 25, [0.1, 0.2, 0.4, 0.2, 0.1]),
          "g2": _likert(rng, 31, [0.05, 0.1, 0.3, 0.35, 0.2]),
          "g3": _likert(rng, 18, [0.2, 0.3, 0.3, 0.1, 0.1])}
    res = compare_groups(_frame(xs), "grp", "y", method="nonparametric")
    row = res.table().iloc[0]
    ref = stats.kruskal(*xs.values())
    n, k = 74, 3
    assert row["test"] == "Kruskal–Wallis H" and row["df"] == 2
    assert row["statistic"] == pytest.approx(ref.statistic, rel=1e-10)
    assert row["p"] == pytest.approx(ref.pvalue, rel=1e-9)
    # ε² = H/(n − 1) and η²_H = (H − k + 1)/(n − k) (Tomczak & Tomczak 2014)
    assert row["effect"] == "ε²"
    assert row["effect size"] == pytest.approx(ref.statistic / (n - 1), rel=1e-10)
    assert res.tests.iloc[0]["eta2_h"] == pytest.approx((ref.statistic - k + 1) / (n - k), rel=1e-10)
    # pairwise Mann–Whitney with Holm over the three pairs
    pw = res.pairwise()
    raw = [stats.mannwhitneyu(xs[a], xs[b]).pvalue for a, b in itertools.combinations(xs, 2)]
    assert list(zip(pw["A"], pw["B"])) == list(itertools.combinations(xs, 2))
    np.testing.assert_allclose(pw["p_unc"], raw, rtol=1e-10)
    np.testing.assert_allclose(pw["p_adj"], _holm(raw), rtol=1e-10)
    assert set(pw["adjust"]) == {"Holm"}


# --------------------------------------------------------------------------
# correction over variables
# --------------------------------------------------------------------------

@pytest.fixture(scope="module")
def four_variables():
    rng = np.random.default_rng(42)
    n = 60
    grp = np.repeat(["a", "b", "c"], n)
    shift = np.repeat([0.0, 1.0, 2.0], n)
    return pd.DataFrame({"grp": grp,
                         "v1": rng.normal(0, 1, 3 * n) + 0.45 * shift,
                         "v2": rng.normal(0, 1, 3 * n) + 0.15 * shift,
                         "v3": rng.normal(0, 1, 3 * n),
                         "v4": rng.normal(0, 1, 3 * n) + 0.25 * shift})


@pytest.mark.parametrize("correction, by_hand", [("holm", _holm), ("fdr_bh", _bh), ("none", lambda p: p)])
def test_omnibus_p_corrected_over_variables(four_variables, correction, by_hand):
    tab = compare_groups(four_variables, "grp", ["v1", "v2", "v3", "v4"], correction=correction).table()
    raw = [_welch_anova_by_hand([four_variables.loc[four_variables["grp"] == g, v] for g in "abc"])[3]
           for v in ["v1", "v2", "v3", "v4"]]
    np.testing.assert_allclose(tab["p"], raw, rtol=1e-9)
    np.testing.assert_allclose(tab["p_adj"], by_hand(np.array(raw)), rtol=1e-9)
    assert list(tab["significant"]) == [bool(q < 0.05) for q in by_hand(np.array(raw))]


def test_holm_by_hand_on_fixed_p_values():
    # the hand Holm used above, on numbers small enough to check on paper:
    # sorted .01, .02, .03, .04 → ×4, ×3, ×2, ×1 = .04, .06, .06 (max with .06), .06 (max with .04)
    np.testing.assert_allclose(_holm([0.03, 0.01, 0.04, 0.02]), [0.06, 0.04, 0.06, 0.06])


# --------------------------------------------------------------------------
# small segments
# --------------------------------------------------------------------------

def test_small_group_is_listed_and_the_others_are_compared():
    rng = np.random.default_rng(9)
    a, b, c = rng.normal(3, 1, 20), rng.normal(3.4, 0.8, 25), rng.normal(2, 1, 3)
    data = pd.DataFrame({"grp": [1] * 20 + [2] * 25 + [3] * 3, "y": np.r_[a, b, c]})
    res = compare_groups(data, "grp", "y", min_size=10, labels={1: "淘宝", 2: "京东", 3: "抖音"})
    sg = res.small_groups
    assert len(sg) == 1
    s = sg.iloc[0]
    assert (s["variable"], s["group"], s["label"], s["n"], s["min_size"]) == ("y", 3, "抖音", 3, 10)
    assert "3" in s["reason_en"] and "min_size = 10" in s["reason_en"]
    assert "未纳入检验" in s["reason_zh"] and "未納入檢定" in s["reason_zh_hant"]
    row = res.table().iloc[0]
    assert row["k"] == 2 and row["n"] == 45 and row["excluded"] == 1
    assert row["statistic"] == pytest.approx(stats.ttest_ind(a, b, equal_var=False).statistic, rel=1e-10)
    d = res.descriptives()
    assert list(d["tested"]) == [True, True, False]
    assert d.iloc[2]["n"] == 3 and d.iloc[2]["mean"] == pytest.approx(c.mean())
    assert len(res.pairwise()) == 1
    out = res.to_dict()
    assert out["small_groups"][0]["reason"]["zh-Hans"] == s["reason_zh"]
    json.dumps(out, allow_nan=False)


def test_fewer_than_two_groups_left_gives_nan_with_a_note_not_an_exception():
    rng = np.random.default_rng(2)
    data = pd.DataFrame({"grp": ["a"] * 30 + ["b"] * 30 + ["c"] * 30,
                         "ok": rng.normal(0, 1, 90) + np.repeat([0, 0.5, 1.0], 30),
                         "sparse": np.r_[rng.normal(0, 1, 30), [np.nan] * 25, rng.normal(0, 1, 5),
                                         [np.nan] * 26, rng.normal(0, 1, 4)]})
    res = compare_groups(data, "grp", ["ok", "sparse"], min_size=10)
    tab = res.table().set_index("variable")
    assert math.isnan(tab.loc["sparse", "p"]) and math.isnan(tab.loc["sparse", "p_adj"])
    assert tab.loc["sparse", "k"] == 1 and pd.isna(tab.loc["sparse", "significant"])
    assert "no test" in tab.loc["sparse", "note"]
    assert tab.loc["sparse", "n_missing"] == 51
    # the variable without a test does not count in the correction: one test, p_adj = p
    assert tab.loc["ok", "p_adj"] == pytest.approx(tab.loc["ok", "p"], rel=1e-12)
    assert sorted(res.small_groups["group"]) == ["b", "c"]
    d = res.to_dict()
    json.dumps(d, allow_nan=False)
    note = next(t["note"] for t in d["tests"] if t["variable"] == "sparse")
    assert "no test" in note["en"] and "未做检验" in note["zh-Hans"] and "未做檢定" in note["zh-Hant"]


def test_rows_without_group_are_left_out_and_counted():
    rng = np.random.default_rng(4)
    grp = pd.Series([1.0] * 15 + [2.0] * 15 + [np.nan] * 4)
    data = pd.DataFrame({"grp": grp, "y": rng.normal(0, 1, 34)})
    res = compare_groups(data, "grp", "y")
    assert res.n_missing_group == 4 and res.n_rows == 34
    assert res.groups == (1, 2)                 # float codes shown as integers
    assert res.table().iloc[0]["n"] == 30
    assert any("4 of 34" in n for n in res.notes)


def test_zero_variance_group_makes_welch_undefined_but_not_the_rank_test():
    data = pd.DataFrame({"grp": ["a"] * 12 + ["b"] * 12 + ["c"] * 12,
                         "y": [3.0] * 12 + [1, 2, 3, 4, 5, 2, 3, 4, 3, 2, 4, 5] + [5, 4, 5, 4, 3, 5, 4, 5, 4, 4, 5, 3]})
    row = compare_groups(data, "grp", "y").table().iloc[0]
    assert math.isnan(row["p"]) and "SD = 0" in row["note"]
    row = compare_groups(data, "grp", "y", method="nonparametric").table().iloc[0]
    xs = [data.loc[data["grp"] == g, "y"] for g in "abc"]
    assert row["statistic"] == pytest.approx(stats.kruskal(*xs).statistic, rel=1e-10)


def test_labels_and_order_set_the_group_order_and_the_sign_of_differences():
    rng = np.random.default_rng(6)
    a, b = rng.normal(3, 1, 20), rng.normal(3.8, 1, 22)
    data = pd.DataFrame({"PLATFORM": [1] * 20 + [3] * 22, "SAT": np.r_[a, b]})
    res = compare_groups(data, "PLATFORM", "SAT", labels={1: "淘宝", 3: "京东"}, order=["京东", "淘宝"])
    assert res.groups == (3, 1) and res.labels == {3: "京东", 1: "淘宝"}
    assert list(res.descriptives()["label"]) == ["京东", "淘宝"]
    pair = res.pairwise().iloc[0]
    assert (pair["A"], pair["B"], pair["label_A"]) == (3, 1, "京东")
    assert pair["diff"] == pytest.approx(b.mean() - a.mean(), rel=1e-12)
    assert res.table().iloc[0]["effect size"] == pytest.approx(_hedges_g(b, a), rel=1e-10)


# --------------------------------------------------------------------------
# the sample survey
# --------------------------------------------------------------------------

def test_sample_survey_satisfaction_by_platform_and_by_gender(sample):
    res = compare_groups(sample, "PLATFORM", ["SAT"], labels=PLATFORM_ZH)
    assert isinstance(res, GroupComparison)
    counts = sample["PLATFORM"].value_counts().sort_index()
    tab = res.table()
    assert tab.shape[0] == 1 and tab.iloc[0]["k"] == (counts >= 10).sum() == 8
    assert tab.iloc[0]["n"] == 500
    d = res.descriptives()
    assert d.shape[0] == 8 and list(d["group"]) == list(range(1, 9))
    np.testing.assert_allclose(d["mean"], sample.groupby("PLATFORM")["SAT"].mean().to_numpy(), rtol=1e-12)
    np.testing.assert_array_equal(d["n"], counts.to_numpy())
    assert res.pairwise().shape[0] == 28
    f, _, df2, p = _welch_anova_by_hand([g["SAT"].to_numpy() for _, g in sample.groupby("PLATFORM")])
    assert tab.iloc[0]["statistic"] == pytest.approx(f, rel=1e-10)
    # segments were drawn independently of the answers (datasets/README.md): no platform effect
    assert tab.iloc[0]["p"] > 0.01

    g = compare_groups(sample, "GENDER", ["SAT"], labels={1: "男", 2: "女", 3: "不便透露"}, min_size=20)
    n3 = int((sample["GENDER"] == 3).sum())
    assert n3 < 20
    assert g.table().iloc[0]["k"] == 2 and g.small_groups.iloc[0]["n"] == n3
    a, b = (sample.loc[sample["GENDER"] == c, "SAT"] for c in (1, 2))
    assert g.table().iloc[0]["statistic"] == pytest.approx(stats.ttest_ind(a, b, equal_var=False).statistic,
                                                          rel=1e-10)
    json.dumps(res.to_dict(), allow_nan=False)
    json.dumps(g.to_dict(), allow_nan=False)


def _png(fig) -> bytes:
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")          # "Glyph … missing" where no CJK font is installed
        fig.savefig(buf, format="png", dpi=60)
    return buf.getvalue()


@pytest.mark.parametrize("lang, title_word", [("zh-Hans", "均值"), ("zh-Hant", "平均數"), ("en", "Mean")])
def test_figures_render_to_png_with_chinese_labels(sample, lang, title_word):
    import matplotlib
    before = list(matplotlib.rcParams["font.sans-serif"])
    sample = sample.assign(LOY=sample[["LOY1", "LOY2", "LOY3", "LOY4"]].mean(axis=1))
    res = compare_groups(sample, "PLATFORM", ["SAT", "LOY"], labels=PLATFORM_ZH, min_size=15)
    fig = plot(res, lang=lang)
    png = _png(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 5000
    axes = [ax for ax in fig.axes if ax.get_visible()]
    assert len(axes) == 2
    ticks = [t.get_text() for t in axes[0].get_xticklabels()]
    assert ticks[0].startswith("淘宝") and ticks[2].startswith("京东")
    assert title_word in fig._suptitle.get_text()
    assert "SAT" in axes[0].get_title()
    assert matplotlib.rcParams["font.sans-serif"] == before      # nothing global changed
    one = plot(res, variable="LOY", lang=lang)
    assert len([ax for ax in one.axes if ax.get_visible()]) == 1
    assert _png(one)[:4] == b"\x89PNG"


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------

def test_missing_group_column_is_a_clear_option_error(sample):
    with pytest.raises(OptionError) as err:
        compare_groups(sample, "SEGMENT", ["SAT"])
    assert err.value.column == "SEGMENT" and "SEGMENT" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        compare_groups(sample, "PLATFORM", ["SATT"])
    assert "SATT" in err.value.message("en")
    with pytest.raises(OptionError):
        compare_groups(sample, "PLATFORM", ["PLATFORM"])


def test_text_in_a_numeric_column_is_a_data_error_naming_column_and_value():
    data = pd.DataFrame({"grp": [1, 1, 2, 2] * 5, "SAT": ["3", "4", "满意", "2"] + ["3"] * 16})
    with pytest.raises(DataError) as err:
        compare_groups(data, "grp", "SAT", min_size=2)
    assert err.value.column == "SAT"
    msg = err.value.message("en")
    assert "SAT" in msg and "满意" in msg
    assert "SAT" in err.value.message("zh-Hant")
    # numbers stored as text (and blank cells) are fine
    data["SAT"] = ["3", "4", " ", "2"] + ["3", "5"] * 8
    assert compare_groups(data, "grp", "SAT", min_size=2).table().iloc[0]["n"] == 19


def test_a_single_group_is_a_data_error(sample):
    with pytest.raises(DataError) as err:
        compare_groups(sample[sample["GENDER"] == 1], "GENDER", ["SAT"])
    assert err.value.column == "GENDER" and "GENDER" in err.value.message("en")


@pytest.mark.parametrize("kwargs, option", [
    ({"method": "anova"}, "method"), ({"correction": "bonferroni"}, "correction"), ({"min_size": 1}, "min_size"),
    ({"min_size": 2.5}, "min_size"), ({"level": 95}, "level"), ({"order": [9]}, "order"),
    ({"order": [1, 1]}, "order"), ({"labels": ["a", "b"]}, "labels"), ({"labels": {1: "x", 2: "x"}}, "labels"),
])
def test_bad_options_are_option_errors(sample, kwargs, option):
    with pytest.raises(OptionError) as err:
        compare_groups(sample, "GENDER", ["SAT"], **kwargs)
    assert err.value.params["option"] == option


def test_plot_rejects_unknown_language_and_variable(sample):
    res = compare_groups(sample, "GENDER", ["SAT"])
    with pytest.raises(OptionError):
        plot(res, lang="fr")
    with pytest.raises(OptionError) as err:
        plot(res, variable="LOY")
    assert "LOY" in err.value.message("en")
    with pytest.raises(OptionError):
        plot("not a result")
