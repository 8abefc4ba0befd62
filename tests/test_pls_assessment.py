"""PLS assessment (research.pls.assessment, research.pls.blindfolding) against seminr's fixtures, ADANCO 2.2.1's
output (../shared/reference/pls/), plspm's effects, and independent computations where no program's numbers exist
(raw Cronbach's α, HTMT on signed correlations, f² from OLS on the scores, Q² by a plain blindfolding loop).

Tolerances (../shared/reference/pls/README.md): seminr fixtures 1e-6 (same stop rule as seminr); ADANCO's
common-factor model relative 1e-4, its composite model 1e-4 absolute (ADANCO stops at 1e-6); plspm 1e-6.
"""
from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from pls_reference import (CR_EXT, ECSI_SATISFACTION, ECSI_SATISFACTION_COMPOSITE, MOBI4, MOBI_ECSI, adanco,
                           corp_rep, mobi, mobi_measure, satisfaction, seminr_fixture, PLS)
from research.errors import OptionError
from research.pls import estimate_pls, make_model, parse_pls_model
from research.pls.assessment import assess, effects_tables, fit_measures, implied_correlations
from research.pls.blindfolding import blindfold, omission_rounds
from research.pls.engine import Layout, estimate
from research.pls.fit import fit_prepared, prepare
from research.reliability import cronbach_alpha

SEMINR = 1e-6
ADANCO_REL = 1e-4
ADANCO_ABS = 1e-4

MOBI4_VALUE_EQ = MOBI4 + "Value ~ Image + Expectation\n"
MOBI_SINGLE = """
Image        =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
Satisfaction =~ CUSA1 + CUSA2 + CUSA3
Satisfaction ~ Image
"""
CONSTRUCTS = ["IMAG", "EXPE", "QUAL", "VAL", "SAT", "LOY"]
ITEMS = [f"{p}{k}" for p, m in (("imag", 5), ("expe", 5), ("qual", 5), ("val", 4), ("sat", 4), ("loy", 4))
         for k in range(1, m + 1)]


# -- fits ---------------------------------------------------------------------------------------------
_CACHE: dict = {}


def cached(key, make):
    if key not in _CACHE:
        _CACHE[key] = make()
    return _CACHE[key]


def mobi4():
    return cached("mobi4", lambda: estimate_pls(mobi(), MOBI4))


def mobi4_assessed():
    return cached("mobi4a", lambda: assess(mobi4()))


def mobi4_mixed():
    return cached("mixed", lambda: assess(estimate_pls(mobi(), MOBI4, consistent={"Image", "Expectation"}),
                                          blindfold=False))


def ecsi(kind: str):
    syntax, consistent = (ECSI_SATISFACTION, True) if kind == "cf" else (ECSI_SATISFACTION_COMPOSITE, False)
    return cached(("ecsi", kind), lambda: estimate_pls(satisfaction(), syntax, scheme="centroid",
                                                       consistent=consistent))


def ecsi_assessed(kind: str):
    return cached(("ecsia", kind), lambda: assess(ecsi(kind), blindfold=False))


def worst(a, b) -> float:
    return float(np.nanmax(np.abs(np.asarray(a, dtype=float) - np.asarray(b, dtype=float))))


def close_adanco(ours, ref, kind: str) -> None:
    ours, ref = np.asarray(ours, dtype=float), np.asarray(ref, dtype=float)
    assert np.array_equal(np.isnan(ours), np.isnan(ref))
    if kind == "cf":
        np.testing.assert_allclose(ours, ref, rtol=ADANCO_REL, atol=1e-9)
    else:
        np.testing.assert_allclose(ours, ref, rtol=0, atol=ADANCO_ABS)


def square(frame: pd.DataFrame, names=CONSTRUCTS) -> pd.DataFrame:
    """An ADANCO construct × construct sheet without its footnote row."""
    return frame.loc[names, names].astype(float)


# -- seminr: MOBI4 ------------------------------------------------------------------------------------
def test_reliability_matches_seminr_all_columns():
    ref = seminr_fixture("reliability")
    rel = mobi4_assessed().reliability.loc[ref.index]
    for ours, theirs in (("alpha_std", "alpha"), ("rho_c", "rhoC"), ("ave", "AVE"), ("rho_a", "rhoA")):
        assert worst(rel[ours], ref[theirs]) < SEMINR, ours
    assert (rel["mode"] == "A").all() and rel["items"].tolist() == [5, 3, 2, 3]


def test_raw_alpha_is_the_covariance_alpha_of_psych():
    rel = mobi4_assessed().reliability
    data = mobi()
    for block in mobi4().model.blocks:
        expected = cronbach_alpha(data, list(block.items))
        assert rel.loc[block.name, "alpha"] == pytest.approx(expected.alpha, abs=1e-12)
        assert rel.loc[block.name, "alpha_std"] == pytest.approx(expected.alpha_std, abs=1e-12)
    # the two differ on mobi (README trap: up to 0.019)
    assert (rel["alpha_std"] - rel["alpha"]).max() > 0.015


def test_fornell_larcker_and_cross_loadings_match_seminr():
    a = mobi4_assessed()
    ref = pd.read_csv(PLS / "seminr" / "fixtures" / "fl_table.csv")       # no row-name column
    ref.index = ref.columns
    fl = a.fornell_larcker.loc[ref.index, ref.columns]
    assert np.array_equal(np.isnan(fl.to_numpy()), ref.isna().to_numpy())
    assert worst(fl, ref) < SEMINR
    sq = a.fornell_larcker_squared.loc[ref.index, ref.columns].to_numpy()
    assert worst(np.diag(sq), np.diag(ref.to_numpy()) ** 2) < SEMINR
    assert worst(np.tril(sq, -1), np.tril(ref.to_numpy() ** 2, -1)) < SEMINR
    cl = seminr_fixture("cross_loadings")
    assert worst(a.cross_loadings.loc[cl.index, cl.columns], cl) < SEMINR


def test_htmt_matches_seminr_and_htmt2_is_the_geometric_version():
    a = mobi4_assessed()
    ref = seminr_fixture("htmt")
    upper = np.triu(np.ones(ref.shape, dtype=bool), 1)
    assert worst(a.htmt.loc[ref.index, ref.columns].to_numpy()[upper], ref.to_numpy()[upper]) < SEMINR
    assert np.allclose(a.htmt.to_numpy(), a.htmt.to_numpy().T, equal_nan=True)
    # HTMT2 by hand: geometric means of the absolute correlations (Roemer et al. 2021)
    r = mobi()[list(mobi4().items)].corr().abs()
    blocks = {b.name: list(b.items) for b in mobi4().model.blocks}

    def gmean(v):
        return float(np.exp(np.mean(np.log(v))))

    def mono(items):
        return gmean([r.loc[a_, b_] for k, a_ in enumerate(items) for b_ in items[k + 1:]])

    for x, y in (("Image", "Satisfaction"), ("Expectation", "Value")):
        hetero = gmean(r.loc[blocks[x], blocks[y]].to_numpy().ravel())
        assert a.htmt2.loc[x, y] == pytest.approx(hetero / np.sqrt(mono(blocks[x]) * mono(blocks[y])), abs=1e-12)


def test_htmt_with_signed_correlations_on_the_negative_pair():
    # mobi has one negative item correlation, PERQ2–CUSL2 (Quality–Loyalty of the ECSI model)
    fit = estimate_pls(mobi(), MOBI_ECSI)
    signed = assess(fit, blindfold=False, absolute=False).htmt
    absolute = assess(fit, blindfold=False).htmt
    r = mobi()[list(fit.items)].corr()
    q, l = list(fit.model.block("Quality").items), list(fit.model.block("Loyalty").items)
    mono_q = np.mean([r.loc[a_, b_] for k, a_ in enumerate(q) for b_ in q[k + 1:]])
    mono_l = np.mean([r.loc[a_, b_] for k, a_ in enumerate(l) for b_ in l[k + 1:]])
    expected = r.loc[q, l].to_numpy().mean() / np.sqrt(mono_q * mono_l)
    assert signed.loc["Quality", "Loyalty"] == pytest.approx(expected, abs=1e-12)
    assert absolute.loc["Quality", "Loyalty"] > signed.loc["Quality", "Loyalty"] + 1e-3
    assert signed.loc["Image", "Value"] == pytest.approx(absolute.loc["Image", "Value"], abs=1e-15)


def test_vifs_match_seminr():
    a = mobi4_assessed()
    ref = pd.read_csv(PLS / "seminr" / "fixtures" / "flat_item_vifs1.csv").iloc[0]
    ours = {f"{r.construct}*{r.item}": r.vif for r in a.outer_vif.itertuples()}
    assert set(ours) == set(ref.index)
    assert worst([ours[k] for k in ref.index], ref) < SEMINR
    for name, syntax in (("flat_vif_antecedents1", MOBI4), ("flat_vif_antecedents2", MOBI4_VALUE_EQ)):
        ref = pd.read_csv(PLS / "seminr" / "fixtures" / f"{name}.csv").iloc[0]
        inner = assess(estimate_pls(mobi(), syntax), blindfold=False).inner_vif
        ours = {f"{r.to}*{getattr(r, '_1')}": r.vif for r in inner.itertuples()}
        assert set(ours) == set(ref.index)
        assert worst([ours[k] for k in ref.index], ref) < SEMINR


def test_r2_and_adjusted_r2_match_seminr():
    ref = seminr_fixture("rsquared1")["Satisfaction"]
    r2 = mobi4_assessed().r2.loc["Satisfaction"]
    assert abs(r2["r2"] - ref["Rsq"]) < SEMINR and abs(r2["r2_adj"] - ref["AdjRsq"]) < SEMINR
    assert r2["n"] == 250 and r2["predictors"] == 3


def test_f2_rerun_matches_seminr_and_scores_matches_ols_on_the_scores():
    fit = mobi4()
    rerun = assess(fit, blindfold=False, f2_method="rerun").f2.set_index(["from", "to"])["f2"]
    assert abs(rerun[("Image", "Satisfaction")] - seminr_fixture("fsquared1").iloc[0, 0]) < SEMINR
    scores = mobi4_assessed().f2.set_index(["from", "to"])["f2"]
    # independent: R² of OLS of the Satisfaction score on the other scores, with and without each predictor
    sc = fit.scores
    y = sc["Satisfaction"].to_numpy()

    def r2(cols):
        X = np.column_stack([np.ones(len(y))] + [sc[c].to_numpy() for c in cols])
        resid = y - X @ np.linalg.lstsq(X, y, rcond=None)[0]
        return 1 - resid @ resid / ((y - y.mean()) @ (y - y.mean()))

    full = ["Image", "Expectation", "Value"]
    for c in full:
        expected = (r2(full) - r2([x for x in full if x != c])) / (1 - r2(full))
        assert scores[(c, "Satisfaction")] == pytest.approx(expected, abs=1e-12)
    assert scores[("Image", "Satisfaction")] == pytest.approx(0.302405, abs=1e-6)   # the brief's figure
    single = estimate_pls(mobi(), MOBI_SINGLE)
    ref2 = seminr_fixture("fsquared2").iloc[0, 0]
    for method in ("scores", "rerun"):
        assert abs(assess(single, blindfold=False, f2_method=method).f2["f2"].iloc[0] - ref2) < SEMINR


def test_f2_rerun_matches_seminr_interaction_model():
    """CR_MOD (seminr test-plsc-fsquared.R): CR_EXT + switching costs SC and the two-stage term CUSA*SC → CUSL.

    The two stages are built here (stage one: CR_EXT + SC → CUSL; the term is the product of the stage-one
    scores), so the rerun keeps the stage-one product fixed: seminr's stage one changes with some reruns, which
    moves the f² of the paths into CUSL by up to 1.3e-5."""
    data = corp_rep()
    stage1 = CR_EXT + "SC =~ switch_1 + switch_2 + switch_3 + switch_4\nCUSL ~ SC\n"
    first = estimate_pls(data, stage1)
    data["CUSA*SC"] = (first.scores["CUSA"] * first.scores["SC"]).to_numpy()
    base = parse_pls_model(stage1)
    model = make_model({b.name: list(b.items) for b in base.blocks},
                       list(base.paths) + [("CUSA*SC", "CUSL")],
                       modes={b.name: b.mode for b in base.blocks}, reflective=set(),
                       interactions=[("CUSA", "SC")])
    fit = fit_prepared(prepare(data, model.items), model)
    result = assess(fit, blindfold=False, f2_method="rerun")
    f2 = result.f2
    ref = seminr_fixture("interaction_fsquare")
    diffs = []
    for r in f2.itertuples():
        expected = ref.loc[getattr(r, "_1"), r.to]
        if np.isnan(expected):
            assert np.isnan(r.f2), (getattr(r, "_1"), r.to)
        else:
            diffs.append(abs(r.f2 - expected))
    assert len(diffs) == len(f2) - 2 and max(diffs) < 1e-4
    assert any("CUSA → CUSL" in str(n) for n in result.notes)


def test_moderated_fit_f2_and_reliability_match_seminr():
    """Through research.pls.moderation: CR_MOD with its two-stage term (both stages rerun: 1e-6), and
    MOBI4_R_INT_CUEX3 (PLSc, orthogonal Image*Expectation) against plsc-interaction-reliability, all columns."""
    syntax = CR_EXT + "SC =~ switch_1 + switch_2 + switch_3 + switch_4\nCUSL ~ SC + CUSA:SC\n"
    fit = estimate_pls(corp_rep(), syntax)
    a = assess(fit, f2_method="rerun")
    ref = seminr_fixture("interaction_fsquare")
    expected = [ref.loc[r["from"], r["to"]] for _, r in a.f2.iterrows()]
    assert np.array_equal(np.isnan(expected), a.f2["f2"].isna().to_numpy())
    assert worst(a.f2["f2"], expected) < SEMINR
    assert set(a.q2.index) == {"COMP", "LIKE", "CUSA", "CUSL"} and a.model_fit.notna().all().all()
    syntax = """
    Image        =~ IMAG1 + IMAG2 + IMAG3 + IMAG4 + IMAG5
    Expectation  =~ CUEX3
    Value        =~ PERV1 + PERV2
    Satisfaction =~ CUSA1 + CUSA2 + CUSA3
    Satisfaction ~ Image + Expectation + Value + Image:Expectation
    """
    rel = assess(estimate_pls(mobi(), syntax, consistent=True, method="orthogonal"), blindfold=False).reliability
    ref = seminr_fixture("plsc-interaction-reliability")
    rel = rel.loc[ref.index]
    for ours, theirs in (("alpha_std", "alpha"), ("rho_c", "rhoC"), ("ave", "AVE"), ("rho_a", "rhoA")):
        assert worst(rel[ours], ref[theirs]) < SEMINR, ours


# -- seminr: MOBI4_MIXED, MOBI_MEASURE ----------------------------------------------------------------
def test_mixed_model_matches_seminr_factor_and_composite_tables():
    a = mobi4_mixed()
    ref = seminr_fixture("factor_reliability")
    rel = a.reliability.loc[ref.index]
    assert worst(rel["ave"], ref["AVE"]) < SEMINR and worst(rel["rho_a"], ref["rhoA"]) < SEMINR
    assert rel["mode"].tolist() == ["A (PLSc)", "A (PLSc)"]
    loadings = seminr_fixture("factor_indicator_reliability")     # holds the loadings (README trap)
    ours = a.indicator_reliability.set_index("item")
    for c in loadings.columns:
        for item, value in loadings[c].items():
            if value != 0:
                assert abs(ours.loc[item, "loading"] - value) < SEMINR
                assert abs(ours.loc[item, "indicator_reliability"] - value ** 2) < SEMINR
    ref = seminr_fixture("factor_discriminant_validity")
    upper = np.triu(np.ones(ref.shape, dtype=bool), 1)
    assert worst(a.htmt.loc[ref.index, ref.columns].to_numpy()[upper], ref.to_numpy()[upper]) < SEMINR
    ref = seminr_fixture("composite_collinearity")["x"]
    ours = {f"{r.construct}.{r.item}": r.vif for r in a.outer_vif.itertuples()}
    assert worst([ours[k] for k in ref.index], ref) < SEMINR


def test_single_items_show_one_and_mode_b_shows_nan():
    fit = fit_prepared(prepare(mobi(), mobi_measure().items), mobi_measure())
    a = assess(fit, blindfold=False)
    rel = a.reliability
    cols = ["alpha", "alpha_std", "rho_a", "rho_c", "ave"]
    assert (rel.loc[["Quality", "Complaints"], cols] == 1.0).all().all()
    assert rel.loc["Satisfaction", cols].isna().all() and rel.loc["Satisfaction", "mode"] == "B"
    assert rel.loc[["Image", "Value"], cols].notna().all().all()
    ir = a.indicator_reliability.set_index("item")
    assert ir.loc[["CUSA1", "CUSA2", "CUSA3"], "indicator_reliability"].isna().all()
    assert ir.loc["IMAG1", "indicator_reliability"] == pytest.approx(ir.loc["IMAG1", "loading"] ** 2)
    assert np.isnan(a.fornell_larcker.loc["Satisfaction", "Satisfaction"])
    assert a.fornell_larcker.loc["Quality", "Quality"] == 1.0
    assert a.outer_vif.set_index("item").loc["CUSCO", "vif"] == pytest.approx(1.0, abs=1e-14)


# -- ADANCO 2.2.1 ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("kind", ["cf", "composite"])
def test_adanco_fornell_larcker_r2_vif_cross_loadings(kind):
    a = ecsi_assessed(kind)
    ref = square(adanco("fornell_larcker_criterion", kind))
    close_adanco(a.fornell_larcker_squared.loc[CONSTRUCTS, CONSTRUCTS], ref, kind)
    r2 = adanco("r_squared", kind)
    close_adanco(a.r2.loc[r2.index, "r2"], r2.iloc[:, 0], kind)
    close_adanco(a.r2.loc[r2.index, "r2_adj"], r2.iloc[:, 1], kind)
    vif = adanco("indicator_multicollinearity", kind).loc[ITEMS, CONSTRUCTS].astype(float)
    ours = a.outer_vif.pivot(index="item", columns="construct", values="vif").loc[ITEMS, CONSTRUCTS]
    close_adanco(ours, vif, kind)
    cl = adanco("cross_loadings", kind).loc[ITEMS, CONSTRUCTS].astype(float)
    close_adanco(a.cross_loadings.loc[ITEMS, CONSTRUCTS], cl, kind)


def test_adanco_common_factor_reliability_htmt_indicator_reliability():
    a = ecsi_assessed("cf")
    ref = adanco("construct_reliability", "cf")
    rel = a.reliability.loc[CONSTRUCTS]
    close_adanco(rel["rho_a"], ref.iloc[:, 0], "cf")
    close_adanco(rel["rho_c"], ref.iloc[:, 1], "cf")
    close_adanco(rel["alpha_std"], ref.iloc[:, 2], "cf")     # ADANCO's "Cronbach's alpha" is the standardized one
    assert worst(rel["alpha"], ref.iloc[:, 2]) > 1e-3
    close_adanco(rel["ave"], adanco("convergent_validity", "cf").iloc[:, 0], "cf")
    htmt = square(adanco("discriminant_validity_heterotr", "cf"))
    ours = a.htmt.loc[CONSTRUCTS, CONSTRUCTS].to_numpy()
    low = np.tril(np.ones((6, 6), dtype=bool), -1)
    close_adanco(ours[low], htmt.to_numpy()[low], "cf")
    ir = adanco("indicator_reliability", "cf").loc[ITEMS, CONSTRUCTS].astype(float)
    ours = a.indicator_reliability.pivot(index="item", columns="construct",
                                         values="indicator_reliability").loc[ITEMS, CONSTRUCTS]
    close_adanco(ours, ir, "cf")


def test_adanco_composite_model_has_no_reliability():
    rel = ecsi_assessed("composite").reliability
    assert rel[["alpha", "alpha_std", "rho_a", "rho_c", "ave"]].isna().all().all()
    assert (rel["mode"] == "B").all()


@pytest.mark.parametrize("kind", ["cf", "composite"])
def test_adanco_effects_and_f2(kind):
    a = ecsi_assessed(kind)
    eo = adanco("effect_overview", kind)
    effects = a.effects.assign(key=lambda d: d["from"] + " -> " + d["to"]).set_index("key")
    assert sorted(effects.index) == sorted(eo.index)
    close_adanco(effects.loc[eo.index, "total"], eo["Total effect"], kind)
    close_adanco(effects.loc[eo.index, "direct"].where(eo["Beta"].notna()), eo["Beta"], kind)
    close_adanco(effects.loc[eo.index, "indirect"].where(eo["Indirect effects"].notna()), eo["Indirect effects"],
                 kind)
    # pairs without a chain of two or more paths have exactly 0 indirect, those without a path 0 direct
    assert (effects.loc[eo.index[eo["Indirect effects"].isna()], "indirect"] == 0).all()
    assert (effects.loc[eo.index[eo["Beta"].isna()], "direct"] == 0).all()
    f2 = a.f2.assign(key=lambda d: d["from"] + " -> " + d["to"]).set_index("key")["f2"]
    ref = eo["Cohen's f2"].dropna()
    assert sorted(f2.index) == sorted(ref.index)
    close_adanco(f2[ref.index], ref, kind)
    for sheet, column in (("total_effects", "total"), ("indirect_effects", "indirect")):
        table = adanco(sheet, kind).astype(float)
        for s in table.index:
            for t in table.columns:
                if not np.isnan(table.loc[s, t]):
                    close_adanco(effects.loc[f"{s} -> {t}", column], table.loc[s, t], kind)


@pytest.mark.parametrize("kind", ["cf", "composite"])
def test_adanco_specific_indirect_effects_add_up(kind):
    fit, a = ecsi(kind), ecsi_assessed(kind)
    spec = a.specific_indirect
    paths = fit.paths
    for r in spec.itertuples():
        chain = r.path.split(" → ")
        assert chain[0] == getattr(r, "_1") and chain[-1] == r.to and len(chain) >= 3
        assert r.effect == pytest.approx(np.prod([paths.loc[s, t] for s, t in zip(chain, chain[1:])]), rel=1e-12)
    # IMAG → LOY: IMAG→SAT→LOY, IMAG→EXPE→SAT→LOY, IMAG→EXPE→VAL→SAT→LOY, IMAG→EXPE→QUAL→VAL→SAT→LOY,
    # IMAG→EXPE→QUAL→SAT→LOY
    assert (spec["from"].eq("IMAG") & spec["to"].eq("LOY")).sum() == 5
    indirect = adanco("indirect_effects", kind).astype(float)
    for (s, t), group in spec.groupby(["from", "to"]):
        close_adanco(group["effect"].sum(), indirect.loc[s, t], kind)


@pytest.mark.parametrize("kind", ["cf", "composite"])
def test_adanco_model_fit_and_implied_correlations(kind):
    fit, a = ecsi(kind), ecsi_assessed(kind)
    S = fit.data.correlation
    for structure, sheet, fit_sheet in (("saturated", "impl_cor_saturated_model", "goodness_of_model_fit_saturate"),
                                        ("estimated", "impl_cor_estimated_model", "goodness_of_model_fit_estimate")):
        ref = adanco(sheet, kind).loc[ITEMS, ITEMS].astype(float)
        ours = implied_correlations(S, fit.estimates, fit.layout, structure=structure)[0]
        # ADANCO's implied matrices carry its empirical correlations, which differ from exact ones by up to 1e-7
        assert worst(ours, ref) < 1e-6
        values = adanco(fit_sheet, kind)["Value"]
        close_adanco(a.model_fit.loc[["SRMR", "d_ULS", "d_G"], structure], values[["SRMR", "dULS", "dG"]], kind)


def test_fit_measures_by_hand():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(60, 4)) @ rng.normal(size=(4, 4))
    S = np.corrcoef(X, rowvar=False)
    sigma = 0.7 * S + 0.3 * np.eye(4)
    m = fit_measures(S, sigma)
    resid = [(S[i, j] - sigma[i, j]) ** 2 for i in range(4) for j in range(i + 1)]
    assert m["SRMR"][0] == pytest.approx(np.sqrt(np.mean(resid)), rel=1e-12)
    assert m["d_ULS"][0] == pytest.approx(0.5 * ((S - sigma) ** 2).sum(), rel=1e-12)
    phi = np.linalg.eigvals(np.linalg.inv(S) @ sigma).real
    assert m["d_G"][0] == pytest.approx(0.5 * (np.log10(phi) ** 2).sum(), rel=1e-10)
    assert fit_measures(S, S)["SRMR"][0] == 0 and abs(fit_measures(S, S)["d_G"][0]) < 1e-20


def test_effects_match_plspm_satisfaction():
    """plspm's satisfaction model runs Mode A on unscaled items: the engine fed the covariance matrix does the same."""
    model = parse_pls_model(ECSI_SATISFACTION)
    layout = Layout.of(model)
    X = satisfaction()[list(model.items)].to_numpy(float)
    est = estimate(np.cov(X, rowvar=False), layout, scheme="centroid", tol=1e-10)
    effects, _ = effects_tables(est.paths[0], layout)
    ref = pd.read_csv(PLS / "plspm_python" / "satisfaction.effects.csv", index_col=0)
    ours = effects.assign(key=lambda d: d["from"] + " -> " + d["to"]).set_index("key")
    assert sorted(ours.index) == sorted(ref.index)
    for col in ("direct", "indirect", "total"):
        assert worst(ours.loc[ref.index, col], ref[col]) < 1e-6


# -- Q² by blindfolding ---------------------------------------------------------------------------------
def q2_by_hand(data: pd.DataFrame, fit, D: int) -> tuple[dict, dict]:
    """A plain blindfolding loop: per endogenous construct and round, blank the omitted cells in a DataFrame,
    re-estimate with estimate_pls (its own mean replacement), predict the blanks from the predecessors' scores."""
    model = fit.model
    raw = data[list(model.items)].astype(float)
    n = len(raw)
    per_construct, per_item = {}, {}
    for target in model.endogenous:
        items = list(model.block(target).items)
        preds = list(model.predecessors(target))
        sse = dict.fromkeys(items, 0.0)
        for d in range(D):
            mask = pd.DataFrame(False, index=raw.index, columns=raw.columns)
            for k, item in enumerate(items):
                for i in range(n):
                    if (k * n + i) % D == d:
                        mask.iloc[i, mask.columns.get_loc(item)] = True
            f = estimate_pls(raw.mask(mask), model, scheme=fit.scheme, consistent=fit.consistent)
            y_hat = f.scores[preds].to_numpy() @ f.paths.loc[preds, target].to_numpy()
            for item in items:
                pos = list(f.items).index(item)
                x_hat = f.data.mean[pos] + f.data.sd[pos] * f.loadings.loc[item, target] * y_hat
                sd = raw[item].std(ddof=0)
                gone = mask[item].to_numpy()
                sse[item] += float((((raw[item].to_numpy() - x_hat) / sd)[gone] ** 2).sum())
        for item in items:
            per_item[item] = 1 - sse[item] / n
        per_construct[target] = 1 - sum(sse.values()) / (n * len(items))
    return per_construct, per_item


@pytest.mark.parametrize("case", ["mobi4", "mobi_ecsi_plsc"])
def test_q2_matches_a_plain_blindfolding_loop(case):
    data = mobi()
    fit = mobi4() if case == "mobi4" else estimate_pls(data, MOBI_ECSI, consistent=True)
    ours = mobi4_assessed() if case == "mobi4" else assess(fit)
    by_construct, by_item = q2_by_hand(data, fit, 7)
    assert set(ours.q2.index) == set(by_construct) == set(fit.model.endogenous)
    assert worst([ours.q2.loc[c, "q2"] for c in by_construct], list(by_construct.values())) < 1e-6
    items = ours.q2_indicators.set_index("item")
    assert worst([items.loc[i, "q2"] for i in by_item], list(by_item.values())) < 1e-6
    assert np.allclose(items["sso"], 250, rtol=0, atol=1e-9)
    q2 = ours.q2["q2"]
    r2 = ours.r2.loc[q2.index, "r2"]
    assert (q2 < r2).all() and (q2.drop("Complaints", errors="ignore") > 0).all()


def test_q2_known_answers():
    rng = np.random.default_rng(1)
    n = 200
    xi = rng.normal(size=n)
    data = pd.DataFrame({**{f"x{k}": xi + 0.01 * rng.normal(size=n) for k in range(3)},
                         **{f"y{k}": xi + 0.01 * rng.normal(size=n) for k in range(3)},
                         **{f"z{k}": rng.normal(size=n) for k in range(3)}})
    # a construct the model predicts perfectly: only the mean replacement of 1/7 of its cells costs accuracy
    perfect = blindfold(estimate_pls(data, "X =~ x0 + x1 + x2\nY =~ y0 + y1 + y2\nY ~ X")).constructs
    assert perfect.loc["Y", "q2"] > 0.95
    # a construct unrelated to its predictor: no predictive relevance
    noise = blindfold(estimate_pls(data, "X =~ x0 + x1 + x2\nZ =~ z0 + z1 + z2\nZ ~ X")).constructs
    assert -0.05 < noise.loc["Z", "q2"] <= 0.0
    # omitting ~one cell per item per round (D = n − 1): Q² approaches the in-sample redundancy from below
    fit = mobi4()
    q2_wide = blindfold(fit, 249).constructs.loc["Satisfaction", "q2"]
    items = list(fit.model.block("Satisfaction").items)
    preds = list(fit.model.predecessors("Satisfaction"))
    y_hat = fit.scores[preds].to_numpy() @ fit.paths.loc[preds, "Satisfaction"].to_numpy()
    raw = mobi()[items]
    z = (raw - raw.mean()) / raw.std(ddof=0)
    fitted = np.outer(y_hat, fit.loadings.loc[items, "Satisfaction"]) * np.sqrt(249 / 250)
    in_sample = 1 - ((z.to_numpy() - fitted) ** 2).sum() / z.size
    assert in_sample - 0.02 < q2_wide < in_sample


def test_blindfolding_rounds_and_options():
    rounds = omission_rounds(10, 3, 7)
    assert rounds[:, 0].tolist() == [0, 1, 2, 3, 4, 5, 6, 0, 1, 2]
    assert rounds[0, 1] == 10 % 7 and np.bincount(rounds.ravel()).tolist() == [5, 5, 4, 4, 4, 4, 4]
    fit = mobi4()
    five = blindfold(fit, 5)
    assert any("multiple" in str(n) for n in five.notes)      # 250 = 50 × 5
    doc = json.loads(json.dumps(five.to_dict(), allow_nan=False))
    assert doc["omission_distance"] == 5 and set(doc["notes"][0]) == {"en", "zh-Hans", "zh-Hant"}
    assert doc["constructs"][0]["construct"] == "Satisfaction" and len(doc["indicators"]) == 3
    assert five.table() is five.constructs
    assert not blindfold(fit, 7).notes
    for bad in (1, 0, 7.0, True, 251, "7"):
        with pytest.raises(OptionError):
            blindfold(fit, bad)


# -- the result object ----------------------------------------------------------------------------------
def test_assessment_object_tables_and_json():
    a = mobi4_assessed()
    doc = a.to_dict()
    json.dumps(doc, allow_nan=False)
    assert doc["reliability"][0]["construct"] == "Image"
    assert doc["htmt"]["rownames"] == ["Image", "Expectation", "Value", "Satisfaction"]
    assert doc["htmt"]["values"][0][0] is None
    assert doc["model_fit"][0]["measure"] == "SRMR"
    assert doc["q2"][0]["construct"] == "Satisfaction"
    assert doc["settings"] == {"f2_method": "scores", "htmt_absolute": True, "blindfolding": True,
                               "omission_distance": 7}
    assert a.table("f2") is a.f2 and a.table() is a.reliability
    assert {"from", "to", "f2"} <= set(a.f2.columns)
    with pytest.raises(OptionError):
        a.table("nope")
    with pytest.raises(OptionError):
        assess(mobi4(), f2_method="refit")
    quick = assess(mobi4(), blindfold=False)
    assert quick.q2 is None and quick.to_dict()["q2"] is None
