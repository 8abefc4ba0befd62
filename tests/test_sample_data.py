"""Simulation (research.simulate) and the sample data sets (datasets/generate.py)."""
from __future__ import annotations

import csv
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import dataset_generator
from research import load_responses, screen
from research.errors import OptionError
from research.questionnaire import ImportanceItem, Item, Segment, load_questionnaire
from research.simulate import LIKERT5_THRESHOLDS, PopulationModel, simulate_continuous, to_likert

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"


gen = dataset_generator()
Q = load_questionnaire("lsq5")


@pytest.fixture(scope="module")
def sample():
    return gen.build_sample()


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    return gen.write_sample_files(tmp_path_factory.mktemp("sample"))


@pytest.fixture(scope="module")
def clean(written):
    return pd.read_csv(written["lsq5_sample.csv"], encoding="utf-8")


@pytest.fixture(scope="module")
def all_formats(tmp_path_factory):
    return gen.write_all_formats(tmp_path_factory.mktemp("formats"))


# ---------------------------------------------------------------------------
# research.simulate
# ---------------------------------------------------------------------------

def toy_model(**changes) -> PopulationModel:
    spec = dict(
        loadings={"a1": .8, "a2": .7, "b1": .6, "b2": .9, "s1": .75, "s2": .85},
        constructs={"A": ["a1", "a2"], "B": ["b1", "b2"], "SAT": ["s1", "s2"]},
        exogenous_corr={("A", "B"): .3},
        paths={("SAT", "A"): .5, ("SAT", "B"): .2},
    )
    spec.update(changes)
    return PopulationModel(**spec)


def test_latent_cov_by_hand():
    m = toy_model()
    cov = m.latent_cov()
    assert list(cov.index) == ["A", "B", "SAT"]
    # Var(SAT) = βA² + βB² + 2·βA·βB·r + ψ = .25 + .04 + .06 + .65 = 1
    assert np.allclose(np.diag(cov), 1.0)
    assert cov.loc["SAT", "A"] == pytest.approx(.5 + .2 * .3)      # .56
    assert cov.loc["SAT", "B"] == pytest.approx(.2 + .5 * .3)      # .35
    assert cov.loc["A", "B"] == pytest.approx(.3)
    assert m.r_squared()["SAT"] == pytest.approx(.35)
    assert m.residual_variances()["SAT"] == pytest.approx(.65)
    sigma = m.implied_cov()
    assert sigma.loc["a1", "s2"] == pytest.approx(.8 * .85 * .56)   # λ·λ·Cov(A, SAT)
    assert sigma.loc["a1", "a2"] == pytest.approx(.8 * .7)
    assert np.allclose(np.diag(sigma), 1.0)


def test_chain_effects_by_hand():
    # A → SAT → LOY: Cov(LOY, A) = .4·Cov(SAT, A); indirect effect of A on LOY = .5·.4
    m = toy_model(loadings={"a1": .8, "a2": .7, "b1": .6, "b2": .9, "s1": .75, "s2": .85, "l1": .8, "l2": .7},
                  constructs={"LOY": ["l1", "l2"], "A": ["a1", "a2"], "B": ["b1", "b2"], "SAT": ["s1", "s2"]},
                  paths={("SAT", "A"): .5, ("SAT", "B"): .2, ("LOY", "SAT"): .4})
    cov = m.latent_cov()
    assert list(cov.index) == ["LOY", "A", "B", "SAT"]  # the caller's order, not the recursive one
    assert cov.loc["LOY", "A"] == pytest.approx(.4 * .56)
    assert cov.loc["LOY", "SAT"] == pytest.approx(.4)
    assert cov.loc["LOY", "LOY"] == pytest.approx(1.0)
    assert m.std_indirect_effects() == {("LOY", "A"): pytest.approx(.2), ("LOY", "B"): pytest.approx(.08)}
    eff = m.std_effects().set_index(["outcome", "predictor"])
    assert eff.loc[("LOY", "SAT"), "direct"] == pytest.approx(.4)
    assert eff.loc[("LOY", "A"), "total"] == pytest.approx(.2)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-.6, .6), min_size=6, max_size=6), st.floats(-.5, .5))
def test_latent_cov_matches_matrix_formula(betas, r):
    """Recursive computation = (I − B)⁻¹ Ψ (I − B)⁻ᵀ with Ψ = Φ ⊕ diag(ψ) (Bollen 1989)."""
    b_sat_a, b_sat_b, b_loy_sat, b_loy_a, b_x_loy, b_x_b = betas
    loadings = {f"{c}{k}": .7 for c in "ABSLX" for k in (1, 2)}
    constructs = {c: [f"{c}1", f"{c}2"] for c in "ABSLX"}
    paths = {("S", "A"): b_sat_a, ("S", "B"): b_sat_b, ("L", "S"): b_loy_sat, ("L", "A"): b_loy_a,
             ("X", "L"): b_x_loy, ("X", "B"): b_x_b}
    try:
        m = PopulationModel(loadings, constructs, {("A", "B"): r}, paths)
    except OptionError:
        return  # a residual variance would be ≤ 0: nothing to compare
    names = list("ABSLX")
    idx = {c: k for k, c in enumerate(names)}
    b = np.zeros((5, 5))
    for (o, p), v in paths.items():
        b[idx[o], idx[p]] = v
    psi = np.zeros((5, 5))
    psi[:2, :2] = [[1, r], [r, 1]]
    for c, v in m.residual_variances().items():
        psi[idx[c], idx[c]] = v
        assert v > 0
    inv = np.linalg.inv(np.eye(5) - b)
    assert np.allclose(m.latent_cov().loc[names, names].to_numpy(), inv @ psi @ inv.T)


def test_simulate_continuous_reproduces_implied_cov():
    m = gen.population_model(Q)
    data = simulate_continuous(m, 200_000, seed=7)
    assert list(data.columns) == list(m.items)
    diff = (data.cov() - m.implied_cov()).abs().to_numpy().max()
    assert diff < 0.01
    again = simulate_continuous(m, 50, seed=7)
    assert again.equals(simulate_continuous(m, 50, seed=np.random.default_rng(7)))


def test_simulate_latents_optional():
    m = toy_model()
    data = simulate_continuous(m, 20_000, seed=3, latents=True)
    assert list(data.columns) == ["a1", "a2", "b1", "b2", "s1", "s2", "A", "B", "SAT"]
    assert data[["A", "B", "SAT"]].corr().loc["SAT", "A"] == pytest.approx(.56, abs=.03)


@pytest.mark.parametrize("changes", [
    {"paths": {("SAT", "A"): .8, ("SAT", "B"): .8}},                           # R² = 1.6 > 1
    {"exogenous_corr": {("A", "B"): .3}, "paths": {("SAT", "A"): 1.0, ("SAT", "B"): .1}},  # ψ < 0
    {"loadings": {"a1": 1.0, "a2": .7, "b1": .6, "b2": .9, "s1": .75, "s2": .85}},
    {"loadings": {"a1": .8, "a2": .7, "b1": .6, "b2": .9, "s1": .75}},       # s2 has no loading
    {"paths": {("SAT", "A"): .3, ("A", "SAT"): .3}},                         # a loop
    {"paths": {("SAT", "NOPE"): .3}},
    {"exogenous_corr": {("A", "SAT"): .3}},                                  # SAT is endogenous
    {"exogenous_corr": {("A", "B"): 1.2}},
])
def test_invalid_model_raises(changes):
    with pytest.raises(OptionError) as err:
        toy_model(**changes)
    assert err.value.key == "option_invalid"
    assert err.value.message("zh-Hans") and err.value.message("en")


def test_not_positive_definite_raises():
    with pytest.raises(OptionError, match="exogenous_corr"):
        PopulationModel({"a": .7, "b": .7, "c": .7}, {"A": ["a"], "B": ["b"], "C": ["c"]},
                        {("A", "B"): .9, ("A", "C"): .9, ("B", "C"): -.9})


def test_to_likert_cuts():
    frame = pd.DataFrame({"x": [-5, -1.8, -1.79, 0.1, 1.19, 1.2, 9, np.nan]})
    out = to_likert(frame)
    assert out["x"].tolist()[:7] == [1, 2, 2, 4, 4, 5, 5]   # a score at a threshold goes up
    assert pd.isna(out["x"].iloc[7])
    assert to_likert(frame.fillna(0), points=3, thresholds=[-1, 1])["x"].tolist() == [1, 1, 1, 2, 3, 3, 3, 2]
    for bad in ([0, 0, 1, 2], [1, 2, 3], [np.nan, 0, 1, 2]):
        with pytest.raises(OptionError):
            to_likert(frame, thresholds=bad)
    with pytest.raises(OptionError):
        to_likert(frame, points=4)  # no default thresholds for 4 points


def test_default_thresholds_give_the_stated_shares():
    from scipy.stats import norm

    shares = np.diff(norm.cdf([-np.inf, *LIKERT5_THRESHOLDS, np.inf]))
    assert np.round(shares * 100, 1).tolist() == [3.6, 14.8, 35.6, 34.5, 11.5]


# ---------------------------------------------------------------------------
# the sample files
# ---------------------------------------------------------------------------

def test_generator_is_deterministic(written, tmp_path):
    again = gen.write_sample_files(tmp_path)
    assert set(again) == {"lsq5_sample.csv", "lsq5_wjx_gbk.csv", "README.md"}
    for name, path in again.items():
        assert path.read_bytes() == written[name].read_bytes(), name


def test_committed_files_are_current(written):
    for name, path in written.items():
        committed = DATASETS / name
        assert committed.read_bytes() == path.read_bytes(), \
            f"datasets/{name} is stale: run `python datasets/generate.py`"


def test_clean_file_shape(clean):
    answers = [x.id for x in Q.questions if not isinstance(x, Segment)]
    expected = ["respondent", "submitted", "duration", "GENDER", "AGE", "PLATFORM", "FREQ", "XBORDER", *answers]
    assert list(clean.columns) == expected
    assert answers.index("ATTN1") == answers.index("REL2") + 1
    assert len(clean) == 500
    assert clean["respondent"].tolist() == list(range(1, 501))
    assert clean["submitted"].str.fullmatch(r"2026/09/\d\d \d\d:\d\d:\d\d").all()
    assert pd.to_datetime(clean["submitted"], format="%Y/%m/%d %H:%M:%S").is_monotonic_increasing
    items = clean[[i.id for i in Q.items]]
    assert set(np.unique(items.stack().dropna())) <= {1, 2, 3, 4, 5}
    share_missing = items.isna().to_numpy().mean()
    assert 0.005 < share_missing < 0.015   # ~1 % of the normal rows' answers
    assert abs(clean["duration"].median() - 300) < 15
    platform = clean["PLATFORM"].value_counts(normalize=True)
    assert set(platform.index[:3]) == {1, 3, 4}   # 淘宝, 京东, 拼多多 lead


def test_wjx_file_is_gbk_with_500_rows(written):
    raw = written["lsq5_wjx_gbk.csv"].read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    rows = list(csv.reader(io.StringIO(raw.decode("gbk"), newline="")))
    assert len(rows) == 501
    header = rows[0]
    assert header[:6] == ["序号", "提交答卷时间", "所用时间", "来源", "来源详情", "来自IP"]
    for x in Q.questions:
        if isinstance(x, Item) and x.construct in ("SAT", "LOY"):
            m = 27 if x.construct == "SAT" else 28
            assert f"第{m}题({x.label('zh-Hans')})" in header
        elif isinstance(x, ImportanceItem):
            continue
        else:
            assert f"{x.number}、{x.label('zh-Hans')}" in header
    # the importance questions close the export, numbered on from the last matrix (28)
    assert header[-5:] == [f"{29 + k}、{m.label('zh-Hans')}" for k, m in enumerate(Q.importance)]
    assert len(header) == 6 + len(Q.questions)
    body = rows[1:]
    assert all(len(r) == len(header) for r in body)
    assert all(r[2].endswith("秒") and r[5].count("(") == 1 for r in body)
    cells = {c for r in body for c in r[6:]}
    assert {"(跳过)", "-3", "非常同意", "不同意", "淘宝"} <= cells
    # a resubmission is the same answer row, blanks included, from the same IP, later
    sample = gen.build_sample()
    for r in sample.rows_of("duplicate"):
        o = int(sample.duplicate_of[r - 1])
        assert body[r - 1][6:] == body[o - 1][6:] and body[r - 1][5] == body[o - 1][5]
        assert body[r - 1][1] > body[o - 1][1]


def test_careless_counts_as_documented(clean, sample):
    """Counted from the file itself, independently of the generator's bookkeeping."""
    items = clean[[i.id for i in Q.items]]
    straight = items.nunique(axis=1).eq(1)
    fast = clean["duration"] < clean["duration"].median() / 3
    failed = clean["ATTN1"].ne(2)
    duplicate = clean[[s.id for s in Q.segments] + [c for c in clean.columns[8:]]].duplicated()
    assert straight.sum() == gen.N_STRAIGHT == 12
    assert fast.sum() == gen.N_SPEEDERS == 15
    assert (failed & ~straight & ~fast).sum() == gen.N_ATTENTION == 10
    assert duplicate.sum() == gen.N_DUPLICATES == 3
    assert set(clean.loc[straight, "ATTN1"]) <= {3, 4, 5} and failed[straight].all()
    assert not (straight & fast).any()
    # duplicates: same IP, later time, as the data card says
    for r in clean.loc[duplicate, "respondent"]:
        original = int(sample.duplicate_of[r - 1])
        assert 0 < original < r
        assert sample.ip[r - 1] == sample.ip[original - 1]
    card = (DATASETS / "README.md").read_text(encoding="utf-8")
    for kind, found in (("speeder", fast), ("attention", failed & ~straight & ~fast)):
        rows = ", ".join(str(r) for r in clean.loc[found, "respondent"])
        assert rows in card, kind
    assert "simulated" in card.lower() and "CC0" in card and str(gen.SEED) in card


def test_default_screening_finds_them(written, sample):
    s = screen(load_responses(written["lsq5_wjx_gbk.csv"], "lsq5"))
    assert (s.n, s.n_kept, s.n_excluded) == (500, 460, 40)
    speeders_passing = int((sample.data.loc[sample.kind == "speeder", "ATTN1"] == 2).sum())
    assert s.counts() == {"missing": 0, "straightlining": 12, "speeder": 15,
                          "attention": 10 + 12 + 15 - speeders_passing, "duplicate": 3, "out_of_range": 0}
    careless = {r for kind in ("straightliner", "speeder", "attention", "duplicate") for r in sample.rows_of(kind)}
    assert {int(r) for r in s.excluded["respondent"]} == careless


FORMATS = ["wjx_text_gbk.csv", "wjx_text_utf8bom.csv", "wjx_text_gb18030.csv", "wjx_codes.xlsx", "wjx_codes.xls",
           "wjx_codes.sav", "qualtrics.csv", "surveymonkey.csv", "googleforms.csv", "clean_items.csv"]


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_carries_the_same_answers(all_formats, clean, name):
    assert set(all_formats) == set(FORMATS)
    r = load_responses(all_formats[name], "lsq5")
    assert not r.mapping.missing, r.mapping.missing
    assert len(r.problems) == 0
    ids = list(Q.item_ids)
    assert np.array_equal(r.answers[ids].to_numpy(float), clean[ids].to_numpy(float), equal_nan=True)
    imp = list(Q.importance_ids)
    assert list(r.importance.columns) == imp and len(imp) == 5
    assert np.array_equal(r.importance.to_numpy(float), clean[imp].to_numpy(float), equal_nan=True)
    assert np.array_equal(r.checks["ATTN1"].to_numpy(float), clean["ATTN1"].to_numpy(float))
    for seg in Q.segments:
        assert r.segments[seg.id].astype(int).tolist() == clean[seg.id].tolist()
    if name != "googleforms.csv":  # Google Forms records no duration
        assert r.meta["duration"].tolist() == clean["duration"].astype(float).tolist()


# ---------------------------------------------------------------------------
# recovery of the population values
# ---------------------------------------------------------------------------

def _normal_rows(clean, sample):
    normal = clean[sample.kind == "normal"].copy()
    assert len(normal) == 460
    for item in Q.items:
        if item.reverse:
            normal[item.id] = item.scale.points + 1 - normal[item.id]
    return normal


def _alpha(frame: pd.DataFrame) -> float:
    x = frame.dropna()
    k = x.shape[1]
    return k / (k - 1) * (1 - x.var().sum() / x.sum(axis=1).var())


def test_recovery_sat_loy(clean, sample):
    normal = _normal_rows(clean, sample)
    sat = normal[list(Q.construct("SAT").item_ids)].mean(axis=1)
    loy = normal[list(Q.construct("LOY").item_ids)].mean(axis=1)
    r = sat.corr(loy)
    # Latent r = .65; mean scores are attenuated by their reliability
    # (.65·√(ω_SAT·ω_LOY) = .56 for continuous items, ≈ .53 after cutting into
    # 5 categories). SE of r at n = 460 is ≈ .033, so .45–.67 is ±3 SE.
    assert 0.45 < r < 0.67


def test_recovery_alpha_and_loadings(clean, sample):
    normal = _normal_rows(clean, sample)
    model = gen.population_model(Q)
    scores = {c.id: normal[list(c.item_ids)].mean(axis=1) for c in Q.constructs}
    for c in Q.constructs:
        observed = _alpha(normal[list(c.item_ids)])
        implied = model.alpha(c.id)
        # Cutting N(0,1) scores at the default thresholds multiplies inter-item
        # correlations by ≈ .91 (bivariate-normal integration), which lowers α
        # by .030–.035 for these loadings; the sampling SE of α at n ≈ 455 is
        # ≈ .013. Allowed: from .03 + 3·.015 = .075 below to .015 above.
        assert -0.075 <= observed - implied <= 0.015, (c.id, observed, implied)
        for i in c.item_ids:
            rest = normal[[j for j in c.item_ids if j != i]].mean(axis=1)
            own = normal[i].corr(rest)
            other = max(normal[i].corr(scores[o.id]) for o in Q.constructs if o.id != c.id)
            assert own > 0.5 and own > other + 0.1, (i, own, other)
    # Without recoding, the reverse-keyed item runs against its construct.
    raw = clean[sample.kind == "normal"]
    rel = [i for i in Q.construct("REL").item_ids if not Q.item(i).reverse]
    for item in Q.reverse_items:
        assert raw[item].corr(raw[rel].mean(axis=1)) < -0.5


def test_population_values_stated(sample):
    m = sample.model
    assert all(.70 <= v <= .85 for v in gen.LOADINGS.values())
    assert len(set(gen.LOADINGS.values())) > 5
    exo = m.latent_cov().loc[list(m.exogenous), list(m.exogenous)].to_numpy()
    off = exo[~np.eye(5, dtype=bool)]
    assert off.min() >= .30 and off.max() <= .50
    assert np.linalg.eigvalsh(exo).min() > 0
    assert m.r_squared()["SAT"] == pytest.approx(.4439, abs=1e-4)
    assert m.r_squared()["LOY"] == pytest.approx(.65 ** 2)
    assert math.isclose(m.latent_cov().loc["SAT", "LOY"], .65)


# ---------------------------------------------------------------------------
# stated importance (questionnaire key `importance`)
# ---------------------------------------------------------------------------

def _without_importance():
    """lsq5 as it was before it had importance questions."""
    import yaml

    raw = yaml.safe_load((ROOT / "questionnaires" / "lsq5.yaml").read_text(encoding="utf-8"))
    assert raw.pop("importance")
    return load_questionnaire(raw)


def test_importance_stream_leaves_every_other_value_as_it_was(sample):
    """The importance answers come from their own stream, drawn last: every other column,
    the careless plan and the 问卷星 missing-cell texts are those of the questionnaire
    without importance questions, and so are the first columns of every written row."""
    q_old = _without_importance()
    assert not q_old.importance and q_old.item_ids == Q.item_ids
    old = gen.build_sample(questionnaire=q_old)
    imp = list(Q.importance_ids)
    assert list(sample.data.columns) == list(old.data.columns) + imp
    pd.testing.assert_frame_equal(sample.data[old.data.columns], old.data)
    pd.testing.assert_frame_equal(sample.missing_text[old.missing_text.columns], old.missing_text)
    for name in ("kind", "duplicate_of", "straight_value", "source", "source_detail", "ip", "place"):
        assert np.array_equal(getattr(sample, name), getattr(old, name)), name
    for writer in (gen.clean_rows, gen.wjx_rows):
        new_rows, old_rows = writer(sample), writer(old)
        assert [r[:len(o)] for r, o in zip(new_rows, old_rows)] == old_rows
        assert all(len(r) == len(o) + 5 for r, o in zip(new_rows, old_rows))


def test_importance_population_values():
    from scipy.stats import norm

    assert gen.IMPORTANCE_MEANS == {"ECO": 4.3, "RES": 4.0, "FLE": 3.6, "REL": 4.4, "EMP": 3.4}
    mu = gen.importance_latent_means(Q)
    for c, target in gen.IMPORTANCE_MEANS.items():
        # P(answer = k) for round(N(μ, σ²)) clipped to 1…5, by hand with scipy
        cuts = norm.cdf([1.5, 2.5, 3.5, 4.5], loc=mu[c], scale=gen.IMPORTANCE_SD)
        p = np.diff(np.concatenate([[0.0], cuts, [1.0]]))
        assert p @ np.arange(1, 6) == pytest.approx(target, abs=1e-9), c
        assert gen.answer_moments(mu[c], gen.IMPORTANCE_SD)[0] == pytest.approx(target, abs=1e-9)
    # respondents' stated order is not the SEM's: ECO is second by what people say,
    # behind RES by its total effect on satisfaction
    total = {r.predictor: r.total for r in gen.population_model(Q).std_effects().itertuples() if r.outcome == "SAT"}
    stated = sorted(gen.IMPORTANCE_MEANS, key=lambda c: -gen.IMPORTANCE_MEANS[c])
    assert stated == ["REL", "ECO", "RES", "FLE", "EMP"]
    assert total["RES"] > total["ECO"] and gen.IMPORTANCE_MEANS["ECO"] > gen.IMPORTANCE_MEANS["RES"]
    card = (DATASETS / "README.md").read_text(encoding="utf-8")
    for m in Q.importance:
        assert f"| {m.id} | {m.construct} | {gen.IMPORTANCE_MEANS[m.construct]:.2f} | {mu[m.construct]:.3f} |" in card


def test_recovery_stated_importance(clean, sample):
    """Sample means of the careful rows lie within 3 standard errors of the population means."""
    from scipy.stats import norm

    normal = clean[sample.kind == "normal"]
    assert len(normal) == 460
    mu = gen.importance_latent_means(Q)
    for m in Q.importance:
        answers = normal[m.id].dropna()
        assert set(answers.unique()) <= {1, 2, 3, 4, 5} and len(answers) >= 440  # ~1 % missing
        cuts = norm.cdf([1.5, 2.5, 3.5, 4.5], loc=mu[m.construct], scale=gen.IMPORTANCE_SD)
        p = np.diff(np.concatenate([[0.0], cuts, [1.0]]))
        k = np.arange(1, 6)
        sd = math.sqrt(p @ (k - p @ k) ** 2)
        se = sd / math.sqrt(len(answers))
        assert abs(answers.mean() - gen.IMPORTANCE_MEANS[m.construct]) < 3 * se, (m.id, answers.mean(), se)
        assert abs(answers.std() - sd) < 0.1, (m.id, answers.std(), sd)
    # the shared factor: brute-force population correlation of the rounded answers (2·10⁵ draws)
    # against the sample's, within 3 SE of r ((1 − r²)/√n)
    rng = np.random.default_rng(1)
    g, e = rng.standard_normal((200_000, 1)), rng.standard_normal((200_000, 5))
    mus = np.array([mu[m.construct] for m in Q.importance])
    latent = mus + gen.IMPORTANCE_SD * (math.sqrt(gen.IMPORTANCE_CORR) * g + math.sqrt(1 - gen.IMPORTANCE_CORR) * e)
    population = np.corrcoef(np.clip(np.floor(latent + 0.5), 1, 5), rowvar=False)
    observed = normal[list(Q.importance_ids)].corr().to_numpy()
    n = len(normal)
    for a in range(5):
        for b in range(a):
            r = population[a, b]
            assert 0.15 < r < gen.IMPORTANCE_CORR
            assert abs(observed[a, b] - r) < 3 * (1 - r ** 2) / math.sqrt(n), (a, b, observed[a, b], r)


def test_careless_rows_answer_importance_as_they_answer_items(clean, sample):
    imp = clean[list(Q.importance_ids)]
    straight = sample.kind == "straightliner"
    assert (imp[straight].to_numpy() == sample.straight_value[straight, None]).all()
    assert imp[sample.kind == "speeder"].notna().all().all()
    for r in sample.rows_of("duplicate"):
        o = int(sample.duplicate_of[r - 1])
        assert imp.iloc[r - 1].equals(imp.iloc[o - 1])
    # missing only among normal and attention-failure rows
    holes = imp.isna().any(axis=1)
    assert set(sample.kind[holes.to_numpy()]) <= {"normal", "attention", "duplicate"}
