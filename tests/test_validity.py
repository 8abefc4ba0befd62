"""Validity statistics against R (semTools 0.5-6, psych 2.2.9) and hand-computed cases."""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from research.errors import DataError, OptionError, ResearchError
from research.validity import (
    bartlett, cross_loadings, efa, fornell_larcker, harman, htmt, kmo, kmo_label, parallel_analysis,
)

ITEMS = [f"x{i}" for i in range(1, 10)]
HS = {"visual": ["x1", "x2", "x3"], "textual": ["x4", "x5", "x6"], "speed": ["x7", "x8", "x9"]}


REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference"


@pytest.fixture(scope="module")
def hs() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "holzinger1939.csv")


@pytest.fixture(scope="module")
def hs_missing() -> pd.DataFrame:
    return pd.read_csv(REFERENCE / "holzinger1939_missing.csv")


@pytest.fixture(scope="module")
def extra(reference) -> dict:
    return reference("holzinger1939_extra")


def data_with_corr(r, names, n=200, seed=1) -> pd.DataFrame:
    """Data whose sample correlation matrix is exactly ``r``."""
    r = np.asarray(r, dtype=float)
    rng = np.random.default_rng(seed)
    z = rng.standard_normal((n, len(r)))
    z -= z.mean(axis=0)
    white = z @ np.linalg.inv(np.linalg.cholesky(np.cov(z, rowvar=False))).T
    return pd.DataFrame(white @ np.linalg.cholesky(r).T, columns=names)


def sym(upper: dict, names: list) -> np.ndarray:
    r = np.eye(len(names))
    for (a, b), v in upper.items():
        i, j = names.index(a), names.index(b)
        r[i, j] = r[j, i] = v
    return r


# --------------------------------------------------------------------------
# HTMT
# --------------------------------------------------------------------------

@pytest.mark.parametrize("method,key", [("htmt2", "htmt"), ("htmt", "htmt_htmt2_false")])
def test_htmt_matches_semtools(hs, reference, method, key):
    ref = reference("holzinger1939")[key]
    res = htmt(hs, HS, method=method)
    assert list(res.matrix.index) == ref["rownames"] and list(res.matrix.columns) == ref["colnames"]
    np.testing.assert_allclose(res.matrix.to_numpy(), np.array(ref["values"]), rtol=0, atol=1e-6)
    assert res.n == 301


def test_htmt_default_is_htmt2_with_flags(hs):
    res = htmt(hs, HS)
    assert res.method == "htmt2"
    pairs = res.pairs
    assert len(pairs) == 3
    row = pairs[(pairs.construct_a == "visual") & (pairs.construct_b == "textual")].iloc[0]
    assert row["htmt2"] == pytest.approx(0.384088563919692, abs=1e-6)
    assert row["below_strict"] and row["below_liberal"]
    assert res.passed
    d = res.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["thresholds"] == {"strict": 0.85, "liberal": 0.90, "source": "Henseler, Ringle & Sarstedt 2015"}
    assert d["matrix"]["values"][0][0] == 1.0


def test_htmt_hand_computed():
    names = ["a1", "a2", "b1", "b2"]
    r = sym({("a1", "a2"): .6, ("b1", "b2"): .5, ("a1", "b1"): .3, ("a1", "b2"): .2,
             ("a2", "b1"): .25, ("a2", "b2"): .15}, names)
    df = data_with_corr(r, names)
    c = {"A": ["a1", "a2"], "B": ["b1", "b2"]}
    expected = ((.3 + .2 + .25 + .15) / 4) / math.sqrt(.6 * .5)
    expected2 = (.3 * .2 * .25 * .15) ** 0.25 / math.sqrt(.6 * .5)
    assert htmt(df, c, "htmt").matrix.loc["A", "B"] == pytest.approx(expected, abs=1e-12)
    assert htmt(df, c, "htmt2").matrix.loc["B", "A"] == pytest.approx(expected2, abs=1e-12)


def test_htmt2_can_exceed_htmt():
    # HTMT2 <= HTMT is not a law: unequal monotrait correlations lower the
    # geometric mean in the denominator more than in the numerator.
    names = ["a1", "a2", "a3", "b1", "b2"]
    up = {("a1", "a2"): .9, ("a1", "a3"): .1, ("a2", "a3"): .1, ("b1", "b2"): .5}
    up.update({(a, b): .2 for a in names[:3] for b in names[3:]})
    df = data_with_corr(sym(up, names), names)
    c = {"A": names[:3], "B": names[3:]}
    h1 = htmt(df, c, "htmt").matrix.loc["A", "B"]
    h2 = htmt(df, c, "htmt2").matrix.loc["A", "B"]
    assert h1 == pytest.approx(.2 / math.sqrt((1.1 / 3) * .5), abs=1e-12)
    assert h2 == pytest.approx(.2 / math.sqrt((.9 * .1 * .1) ** (1 / 3) * .5), abs=1e-12)
    assert h2 > h1


def test_htmt_flags_above_threshold():
    names = ["a1", "a2", "b1", "b2"]
    up = {("a1", "a2"): .5, ("b1", "b2"): .5}
    up.update({(a, b): .44 for a in names[:2] for b in names[2:]})
    df = data_with_corr(sym(up, names), names)
    res = htmt(df, {"A": names[:2], "B": names[2:]}, "htmt")
    row = res.pairs.iloc[0]
    assert row["htmt"] == pytest.approx(.88, abs=1e-12)
    assert not row["below_strict"] and row["below_liberal"]
    assert not res.passed


def test_htmt_negative_item_correlation():
    names = ["a1", "a2", "b1", "b2"]
    r = sym({("a1", "a2"): -.6, ("b1", "b2"): .5, ("a1", "b1"): .3, ("a1", "b2"): .2,
             ("a2", "b1"): -.25, ("a2", "b2"): -.15}, names)
    df = data_with_corr(r, names)
    c = {"A": ["a1", "a2"], "B": ["b1", "b2"]}
    res = htmt(df, c, "htmt")  # absolute correlations, as semTools
    assert res.matrix.loc["A", "B"] == pytest.approx(.225 / math.sqrt(.3), abs=1e-12)
    assert any("reverse-keyed" in n for n in res.notes)
    with pytest.raises(DataError):
        htmt(df, c, "htmt", absolute=False)


def test_htmt_missing_listwise_and_pairwise(hs_missing):
    lw = htmt(hs_missing, HS, "htmt")
    complete = hs_missing.dropna(subset=ITEMS)
    assert lw.n == len(complete) < len(hs_missing)
    np.testing.assert_allclose(lw.matrix, htmt(complete, HS, "htmt").matrix, atol=1e-14)
    pw = htmt(hs_missing, HS, "htmt", missing="pairwise")
    r = hs_missing[ITEMS].corr().abs()
    het = r.loc[HS["visual"], HS["speed"]].to_numpy().mean()
    mono = [r.loc[b, b].to_numpy()[~np.eye(3, dtype=bool)].mean() for b in (HS["visual"], HS["speed"])]
    assert pw.matrix.loc["visual", "speed"] == pytest.approx(het / math.sqrt(mono[0] * mono[1]), abs=1e-12)
    assert abs(pw.matrix.loc["visual", "speed"] - lw.matrix.loc["visual", "speed"]) > 1e-4


def _latent_data(seed: int, n: int = 40) -> tuple[pd.DataFrame, dict]:
    rng = np.random.default_rng(seed)
    f = rng.standard_normal((n, 3)) @ np.linalg.cholesky([[1, .4, .3], [.4, 1, .5], [.3, .5, 1]]).T
    cols, blocks = {}, {}
    for k, name in enumerate(["A", "B", "C"]):
        blocks[name] = []
        for i in range(3):
            it = f"{name}{i + 1}"
            cols[it] = 0.7 * f[:, k] + 0.6 * rng.standard_normal(n)
            blocks[name].append(it)
    return pd.DataFrame(cols), blocks


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32 - 1),
       scales=st.lists(st.floats(0.01, 100), min_size=9, max_size=9),
       signs=st.lists(st.sampled_from([-1.0, 1.0]), min_size=9, max_size=9),
       shift=st.floats(-50, 50),
       method=st.sampled_from(["htmt", "htmt2"]))
def test_htmt_properties(seed, scales, signs, shift, method):
    df, blocks = _latent_data(seed)
    res = htmt(df, blocks, method).matrix.to_numpy()
    assert np.array_equal(res, res.T)
    assert np.all(np.diag(res) == 1.0)
    assert np.all(res >= 0)
    scaled = df * (np.array(scales) * np.array(signs)) + shift
    np.testing.assert_allclose(htmt(scaled, blocks, method).matrix.to_numpy(), res, rtol=1e-8, atol=1e-10)
    # the order of the items within a construct does not matter
    rev = {k: v[::-1] for k, v in blocks.items()}
    np.testing.assert_allclose(htmt(df, rev, method).matrix.to_numpy(), res, rtol=1e-12, atol=1e-14)


# --------------------------------------------------------------------------
# KMO and Bartlett
# --------------------------------------------------------------------------

def test_kmo_matches_psych(hs, extra):
    res = kmo(hs, ITEMS)
    assert res.overall == pytest.approx(extra["kmo"]["overall"], abs=1e-6)
    for it in ITEMS:
        assert res.per_item[it] == pytest.approx(extra["kmo"]["per_item"][it], abs=1e-6)
    assert res.label == "middling"
    t = res.table()
    assert list(t.columns) == ["item", "msa", "label", "label_zh", "label_zh_hant"]
    assert t.set_index("item").loc["x7", "label"] == "miserable"
    assert t.set_index("item").loc["x6", "label_zh"] == "良好"
    d = res.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["label"]["zh-Hant"] == "中等"


@pytest.mark.parametrize("value,label", [(.95, "marvelous"), (.90, "marvelous"), (.85, "meritorious"),
                                         (.75, "middling"), (.65, "mediocre"), (.55, "miserable"),
                                         (.50, "miserable"), (.49, "unacceptable")])
def test_kmo_labels(value, label):
    assert kmo_label(value) == label


def test_kmo_hand_computed():
    names = ["a", "b", "c"]
    r12, r13, r23 = .5, .4, .3
    df = data_with_corr(sym({("a", "b"): r12, ("a", "c"): r13, ("b", "c"): r23}, names), names)
    p12 = (r12 - r13 * r23) / math.sqrt((1 - r13**2) * (1 - r23**2))
    p13 = (r13 - r12 * r23) / math.sqrt((1 - r12**2) * (1 - r23**2))
    p23 = (r23 - r12 * r13) / math.sqrt((1 - r12**2) * (1 - r13**2))
    sr = r12**2 + r13**2 + r23**2
    sp = p12**2 + p13**2 + p23**2
    res = kmo(df, names)
    assert res.overall == pytest.approx(sr / (sr + sp), abs=1e-12)
    assert res.per_item["a"] == pytest.approx((r12**2 + r13**2) / (r12**2 + r13**2 + p12**2 + p13**2), abs=1e-12)


def test_kmo_pairwise_on_missing_data(hs_missing):
    res = kmo(hs_missing, ITEMS)
    r = hs_missing[ITEMS].corr().to_numpy()
    inv = np.linalg.inv(r)
    q = inv / np.sqrt(np.outer(np.diag(inv), np.diag(inv)))
    r0, q0 = r - np.eye(9), q - np.diag(np.diag(q))
    assert res.overall == pytest.approx((r0**2).sum() / ((r0**2).sum() + (q0**2).sum()), abs=1e-12)
    assert kmo(hs_missing, ITEMS, missing="listwise").n == len(hs_missing.dropna(subset=ITEMS))


def test_bartlett_matches_psych(hs, extra):
    res = bartlett(hs, ITEMS)
    assert res.chisq == pytest.approx(extra["bartlett"]["chisq"], abs=1e-6)
    assert res.df == extra["bartlett"]["df"] == 36
    assert res.pvalue == pytest.approx(extra["bartlett"]["p"], rel=1e-6)
    assert res.n == 301 and res.passed
    json.dumps(res.to_dict(), allow_nan=False)


def test_bartlett_hand_computed():
    names = ["a", "b"]
    df = data_with_corr(sym({("a", "b"): .5}, names), names, n=50)
    res = bartlett(df, names)
    chisq = -(50 - 1 - (2 * 2 + 5) / 6) * math.log(1 - .25)
    assert res.chisq == pytest.approx(chisq, abs=1e-10)
    assert res.df == 1
    assert res.pvalue == pytest.approx(math.erfc(math.sqrt(chisq / 2)), rel=1e-9)  # χ²(1) tail


def test_bartlett_not_significant_for_near_identity():
    names = ["a", "b", "c"]
    df = data_with_corr(sym({("a", "b"): .01, ("a", "c"): 0, ("b", "c"): -.01}, names), names, n=60)
    assert not bartlett(df, names).passed


# --------------------------------------------------------------------------
# EFA and parallel analysis
# --------------------------------------------------------------------------

def _match_columns(ours: np.ndarray, ref: np.ndarray) -> tuple[list, np.ndarray]:
    """Order and signs of our factors that best match R's (by the largest loadings)."""
    perm, signs = [], []
    for j in range(ref.shape[1]):
        top = np.argmax(np.abs(ref[:, j]))
        k = int(np.argmax(np.abs(ours[top, :])))
        perm.append(k)
        signs.append(np.sign(ours[top, k]) * np.sign(ref[top, j]))
    assert sorted(perm) == list(range(ref.shape[1]))
    return perm, np.array(signs)


def test_efa_matches_psych_ml_oblimin(hs, extra):
    ref = extra["efa"]
    res = efa(hs, ITEMS, n_factors=3)
    assert (res.method, res.rotation, res.n_factors) == ("ml", "oblimin", 3)
    assert res.converged and res.rotation_converged
    lref = np.array(ref["loadings"]["values"])
    ours = res.loadings.loc[ref["loadings"]["rownames"]].to_numpy()
    perm, signs = _match_columns(ours, lref)
    np.testing.assert_allclose(ours[:, perm] * signs, lref, atol=1e-5)
    phi = res.phi.to_numpy()[np.ix_(perm, perm)] * np.outer(signs, signs)
    np.testing.assert_allclose(phi, np.array(ref["factor_correlations"]), atol=1e-5)
    for it in ITEMS:
        assert res.communalities[it] == pytest.approx(ref["communalities"][it], abs=1e-5)
        assert res.uniquenesses[it] == pytest.approx(1 - ref["communalities"][it], abs=1e-5)
    # psych's own order (ML1, ML3, ML2 by variance accounted for), signed positive
    assert perm == [0, 1, 2] and np.all(signs == 1)


def test_efa_eigenvalues_and_variance(hs, extra):
    res = efa(hs, ITEMS, n_factors=3)
    np.testing.assert_allclose(res.eigenvalues.to_numpy(), extra["eigenvalues"], atol=1e-10)
    v = res.variance
    lam, phi = res.loadings.to_numpy(), res.phi.to_numpy()
    np.testing.assert_allclose(v.loc["ss_loadings"].to_numpy(), np.diag(phi @ lam.T @ lam), atol=1e-12)
    assert v.loc["ss_loadings"].sum() == pytest.approx(res.communalities.sum(), abs=1e-4)
    assert v.loc["cumulative_proportion"].iloc[-1] == pytest.approx(1.0)
    assert list(res.table().columns) == ["F1", "F2", "F3", "h2", "u2"]
    json.dumps(res.to_dict(), allow_nan=False)


def test_efa_rotation_keeps_the_common_part(hs):
    unrot = efa(hs, ITEMS, n_factors=3, rotation="none")
    for rot in ("oblimin", "varimax"):
        res = efa(hs, ITEMS, n_factors=3, rotation=rot)
        lam, phi = res.loadings.to_numpy(), res.phi.to_numpy()
        lu = unrot.loadings.to_numpy()
        np.testing.assert_allclose(lam @ phi @ lam.T, lu @ lu.T, atol=1e-10)
    vm = efa(hs, ITEMS, n_factors=3, rotation="varimax")
    np.testing.assert_array_equal(vm.phi.to_numpy(), np.eye(3))


def test_efa_recovers_one_factor_exactly():
    lam = np.array([.8, .7, .6, .5, .4])
    r = np.outer(lam, lam)
    np.fill_diagonal(r, 1.0)
    names = [f"i{k}" for k in range(5)]
    res = efa(data_with_corr(r, names), names, n_factors=1)
    np.testing.assert_allclose(res.loadings["F1"].to_numpy(), lam, atol=1e-5)
    np.testing.assert_allclose(res.communalities.to_numpy(), lam**2, atol=1e-5)
    assert res.rotation == "none" and res.objective == pytest.approx(0, abs=1e-9)


def test_efa_oblimin_recovers_simple_structure():
    pattern = np.array([[.8, 0], [.7, 0], [.6, 0], [0, .7], [0, .6], [0, .5]])
    phi = np.array([[1, .4], [.4, 1]])
    r = pattern @ phi @ pattern.T
    np.fill_diagonal(r, 1.0)
    names = [f"i{k}" for k in range(6)]
    res = efa(data_with_corr(r, names), names, n_factors=2)
    np.testing.assert_allclose(res.loadings.to_numpy(), pattern, atol=1e-3)
    assert res.phi.iloc[0, 1] == pytest.approx(.4, abs=1e-3)


def test_efa_principal_components(hs, extra):
    res = efa(hs, ITEMS, n_factors=2, method="pc", rotation="none")
    np.testing.assert_allclose((res.loadings.to_numpy() ** 2).sum(axis=0), extra["eigenvalues"][:2], atol=1e-10)
    assert res.objective is None


def test_efa_chooses_factors_by_parallel_analysis(hs):
    res = efa(hs, ITEMS)
    assert res.n_factors == 3 and res.parallel is not None and res.parallel.suggested == 3


def test_parallel_analysis(hs, extra):
    pa = parallel_analysis(hs, ITEMS, n_iter=100, seed=7)
    np.testing.assert_allclose(pa.eigenvalues.to_numpy(), extra["eigenvalues"], atol=1e-10)
    assert pa.n_components == 3 and pa.suggested == 3
    assert 3 <= pa.n_factors <= 5
    again = parallel_analysis(hs, ITEMS, n_iter=100, seed=7)
    np.testing.assert_array_equal(pa.random_eigenvalues.to_numpy(), again.random_eigenvalues.to_numpy())
    # random eigenvalues of 301 x 9 normal data: first above 1, decreasing, summing to p
    rnd = pa.random_eigenvalues.to_numpy()
    assert 1 < rnd[0] < 1.5 and np.all(np.diff(rnd) < 0)
    t = pa.table()
    assert t["retain_component"].tolist() == [True] * 3 + [False] * 6
    json.dumps(pa.to_dict(), allow_nan=False)


def test_parallel_analysis_on_noise_keeps_at_most_one():
    rng = np.random.default_rng(3)
    names = [f"n{k}" for k in range(6)]
    df = pd.DataFrame(rng.standard_normal((300, 6)), columns=names)
    pa = parallel_analysis(df, names, n_iter=50, seed=1)
    assert pa.suggested <= 1
    res = efa(df, names, n_iter=50, seed=1)
    assert res.n_factors == 1


# --------------------------------------------------------------------------
# Harman, cross-loadings, Fornell–Larcker
# --------------------------------------------------------------------------

def test_harman(hs, extra):
    res = harman(hs, ITEMS)
    assert res.share == pytest.approx(extra["eigenvalues"][0] / 9, abs=1e-10)
    assert res.passed
    json.dumps(res.to_dict(), allow_nan=False)


def test_harman_hand_computed_fails():
    names = ["a", "b", "c"]
    df = data_with_corr(sym({("a", "b"): .5, ("a", "c"): .5, ("b", "c"): .5}, names), names)
    res = harman(df, names)
    assert res.share == pytest.approx(2 / 3, abs=1e-12)   # λ1 = 1 + 2r
    assert not res.passed


def test_cross_loadings_hand_computed():
    names = ["a1", "a2", "b1", "b2"]
    up = {("a1", "a2"): .1, ("a1", "b1"): .1, ("a1", "b2"): .1,
          ("a2", "b1"): .7, ("a2", "b2"): .7, ("b1", "b2"): .5}
    df = data_with_corr(sym(up, names), names)
    res = cross_loadings(df, {"A": ["a1", "a2"], "B": ["b1", "b2"]})
    m = res.matrix
    assert m.loc["a2", "A"] == pytest.approx(math.sqrt((1 + .1) / 2), abs=1e-12)
    assert m.loc["a2", "B"] == pytest.approx(1.4 / math.sqrt(2 * 1.5), abs=1e-12)
    assert m.loc["b1", "B"] == pytest.approx(math.sqrt(1.5 / 2), abs=1e-12)
    assert m.loc["b1", "A"] == pytest.approx(.8 / math.sqrt(2 * 1.1), abs=1e-12)
    assert res.flagged == ("a2",)
    t = res.table()
    assert t.loc["a2", "flag"] and not t.loc["a1", "flag"] and t.loc["a2", "construct"] == "A"
    json.dumps(res.to_dict(), allow_nan=False)


def test_cross_loadings_holzinger(hs):
    res = cross_loadings(hs, HS)
    assert res.flagged == ()
    own_mean = hs[HS["visual"]].mean(axis=1)
    assert res.matrix.loc["x1", "visual"] == pytest.approx(np.corrcoef(hs["x1"], own_mean)[0, 1], abs=1e-12)


def _latent_inputs(reference):
    ref = reference("holzinger1939")
    names = ["visual", "textual", "speed"]
    corr = pd.DataFrame(np.eye(3), index=names, columns=names)
    for row in ref["parameters"]:
        if row["op"] == "~~" and row["lhs"] in names and row["rhs"] in names and row["lhs"] != row["rhs"]:
            corr.loc[row["lhs"], row["rhs"]] = corr.loc[row["rhs"], row["lhs"]] = row["std.all"]
    ave = {n: ref["reliability"][n]["ave_std_loadings"] for n in names}
    return ave, corr


def test_fornell_larcker_holzinger(reference):
    ave, corr = _latent_inputs(reference)
    res = fornell_larcker(ave, corr)
    m = res.matrix
    assert m.loc["visual", "visual"] == pytest.approx(math.sqrt(0.370983987216832), abs=1e-12)
    assert m.loc["textual", "visual"] == pytest.approx(0.458509300355974, abs=1e-12)
    assert m.loc["speed", "textual"] == pytest.approx(0.282984730415918, abs=1e-12)
    assert np.isnan(m.loc["visual", "speed"])
    # √.371 = .609 > .459, .471; √.720 = .848; √.430 = .656 > .471
    assert res.passed.to_dict() == {"visual": True, "textual": True, "speed": True}
    d = res.to_dict()
    json.dumps(d, allow_nan=False)
    assert d["all_passed"]


def test_fornell_larcker_hand_failure():
    names = ["A", "B", "C"]
    corr = pd.DataFrame(sym({("A", "B"): -.75, ("A", "C"): .3, ("B", "C"): .2}, names), index=names, columns=names)
    res = fornell_larcker({"A": .5, "B": .64, "C": .81}, corr)
    # √.5 = .707 < |−.75|; √.64 = .80 > .75; √.81 = .90
    assert res.passed.to_dict() == {"A": False, "B": True, "C": True}
    assert res.table().loc["B", "A"] == -.75


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------

def test_errors_constructs(hs):
    with pytest.raises(OptionError):
        htmt(hs, {"visual": ["x1"], "textual": ["x4", "x5"]})
    with pytest.raises(OptionError):
        htmt(hs, {"visual": "x1", "textual": ["x4", "x5"]})
    with pytest.raises(OptionError):
        htmt(hs, {"visual": ["x1", "x2"]})
    with pytest.raises(OptionError) as e:
        htmt(hs, {"visual": ["x1", "x2", "x10"], "textual": ["x4", "x5"]})
    assert e.value.column == "x10"
    with pytest.raises(OptionError):
        htmt(hs, {"visual": ["x1", "x2"], "textual": ["x2", "x5"]})
    with pytest.raises(OptionError):
        htmt(hs, [["x1", "x2"], ["x4", "x5"]])
    with pytest.raises(OptionError):
        htmt(hs, HS, method="htmt3")
    with pytest.raises(OptionError):
        htmt(hs, HS, missing="mean")
    with pytest.raises(OptionError):
        cross_loadings(hs, HS, scores="pls")
    with pytest.raises(OptionError):
        kmo(hs[ITEMS].to_numpy(), ITEMS)


def test_errors_data(hs):
    df = hs[ITEMS].copy()
    df["x3"] = 2.0
    with pytest.raises(DataError) as e:
        kmo(df, ITEMS)
    assert e.value.column == "x3"
    with pytest.raises(DataError):
        htmt(df, HS)
    with pytest.raises(DataError):
        bartlett(hs.head(5), ITEMS)           # fewer rows than items + 1
    with pytest.raises(DataError):
        htmt(hs.head(2), HS)
    text = hs[ITEMS].astype(str)
    with pytest.raises(DataError):
        harman(text, ITEMS)
    dup = hs[ITEMS].copy()
    dup["total"] = dup[["x1", "x2"]].sum(axis=1)
    for f in (kmo, bartlett, efa, parallel_analysis):
        with pytest.raises(DataError):
            f(dup, ["x1", "x2", "x3", "total"])
    inf = hs[ITEMS].copy()
    inf.loc[0, "x1"] = np.inf
    with pytest.raises(DataError):
        kmo(inf, ITEMS)


def test_errors_efa_options(hs):
    for bad in (0, 6, 2.5, True):
        with pytest.raises(OptionError):
            efa(hs, ITEMS, n_factors=bad)       # 9 items identify at most 5 ML factors
    with pytest.raises(OptionError):
        efa(hs, ITEMS, 3, rotation="promax")
    with pytest.raises(OptionError):
        efa(hs, ITEMS, 3, method="paf")
    with pytest.raises(OptionError):
        parallel_analysis(hs, ITEMS, n_iter=0)
    with pytest.raises(OptionError):
        parallel_analysis(hs, ITEMS, quantile=1.5)
    with pytest.raises(OptionError):
        parallel_analysis(hs, ITEMS, seed=-1)
    with pytest.raises(OptionError):
        kmo(hs, ["x1"])


def test_errors_fornell_larcker(reference):
    ave, corr = _latent_inputs(reference)
    with pytest.raises(OptionError):
        fornell_larcker({"visual": .4}, corr)
    with pytest.raises(OptionError):
        fornell_larcker({**ave, "visual": 1.2}, corr)
    with pytest.raises(OptionError):
        fornell_larcker({**ave, "loyalty": .5}, corr)
    with pytest.raises(OptionError):
        fornell_larcker(ave, corr.to_numpy())
    asym = corr.copy()
    asym.loc["visual", "speed"] = .9
    with pytest.raises(OptionError):
        fornell_larcker(ave, asym)


def test_error_messages_render_in_every_language(hs):
    with pytest.raises(ResearchError) as e:
        htmt(hs, {"visual": ["x1"], "textual": ["x4", "x5"]})
    for lang in ("en", "zh-Hans", "zh-Hant"):
        msg = e.value.message(lang)
        assert "{" not in msg and "visual" in msg
    json.dumps(e.value.to_dict())
