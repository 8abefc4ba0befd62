"""Latent interactions by product indicators (research.sem.interaction).

Against lavaan 0.6-14 + semTools 0.5-6 (tests/reference/sem_interaction.R → .json, data .csv):
``indProd`` products (double-mean-centred and residual-centred; matched and all pairs; matched pairs of
unequal length ranked by loadings), the lavaan fits of the same product-indicator models (ML and MLR)
and ``probe2WayMC`` / ``probe2WayRC`` simple slopes at −1 SD, 0, +1 SD of the moderator.  Tolerances are
the tight ones of tests/test_sem_reference.py (an exact ML fit agrees with lavaan to its convergence,
about 1e-6): estimates and std.all 1e-5 absolute, SEs 1e-5 relative, fit measures 1e-6.

And recovery: a seeded Monte Carlo with a known population interaction (γ₃ = .25) whose mean estimate
must lie within 3 Monte Carlo SEs of it.
"""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT
from research.errors import OptionError
from research.sem import SemResult, fit_sem, parse_model
from research.sem.interaction import InteractionResult, expand, fit_interaction, has_interaction

REF_DIR = ROOT / "tests" / "reference"
TIGHT_EST = 1e-5        # est, std.all: absolute
TIGHT_SE = 1e-5         # se: relative
TIGHT_FIT = 1e-6        # chisq (relative), bounded indices (absolute)

MODEL = """REL =~ REL1 + REL2 + REL3
EMP =~ {emp}
SAT =~ SAT1 + SAT2 + SAT3
SAT ~ REL + EMP + REL:EMP"""
EMP3 = "EMP1 + EMP2 + EMP3"
EMP4 = "EMP1 + EMP2 + EMP3 + EMP4"


@pytest.fixture(scope="module")
def ref():
    return json.loads((REF_DIR / "sem_interaction.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def data():
    return pd.read_csv(REF_DIR / "sem_interaction.csv")


CASES = ["dmc_matched", "dmc_all", "rc_matched", "rc_all", "dmc_matched_mlr", "dmc_unequal"]


@pytest.fixture(scope="module")
def fits(ref, data):
    out = {}
    for name in CASES:
        case = ref[name]
        model = MODEL.format(emp=EMP4 if name == "dmc_unequal" else EMP3)
        out[name] = fit_interaction(model, data, method=case["method"], pairs=case["pairs"],
                                    estimator=case["estimator"])
    return out


def _key(lhs, op, rhs):
    return (min(lhs, rhs), op, max(lhs, rhs)) if op == "~~" else (lhs, op, rhs)


# ------------------------------------------------------------------------------------------------------
# against lavaan + semTools
# ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", CASES)
def test_expanded_model_is_the_lavaan_model(ref, fits, name):
    """The fitted syntax has the statements of the R script's model (products, shared-item residual
    covariances for all pairs, A.B ~~ 0*A + 0*B for RC) and the products indProd made."""
    res, case = fits[name], ref[name]
    ours = {(s.key, s.fixed) for s in parse_model(res.syntax).statements}
    theirs = {(s.key, s.fixed) for s in parse_model(case["model"]).statements}
    assert ours == theirs
    assert list(res.products["indicator"]) == case["products"]
    assert res.method == case["method"] and res.pairs == case["pairs"]


@pytest.mark.parametrize("name", CASES)
def test_products_match_indprod(ref, data, name):
    """The product columns are semTools::indProd's (doubleMC / residualC): first rows, means, SDs."""
    case = ref[name]
    exp = expand(MODEL.format(emp=EMP4 if name == "dmc_unequal" else EMP3), data, case["method"],
                 case["pairs"])
    for p in case["products"]:
        col = exp.columns[p].to_numpy()
        np.testing.assert_allclose(col[:5], case["product_head"][p], atol=1e-10)
        assert abs(col.mean() - case["product_means"][p]) < 1e-10
        assert abs(col.std(ddof=1) - case["product_sd"][p]) < 1e-10


@pytest.mark.parametrize("name", CASES)
def test_parameters_match_lavaan(ref, fits, name):
    res, case = fits[name], ref[name]
    assert res.sem.converged and case["converged"]
    ours = {_key(r["lhs"], r["op"], r["rhs"]): r for r in res.parameters.to_dict("records")
            if r["op"] in ("=~", "~", "~~")}
    assert len(ours) == len(case["parameters"])
    for p in case["parameters"]:
        row = ours[_key(p["lhs"], p["op"], p["rhs"])]
        assert abs(row["est"] - p["est"]) <= TIGHT_EST, (p, row["est"])
        assert abs(row["std.all"] - p["std.all"]) <= TIGHT_EST, (p, row["std.all"])
        if p["se"]:
            assert abs(row["se"] - p["se"]) <= TIGHT_SE * p["se"], (p, row["se"])
        else:
            assert row["se"] < 1e-8


@pytest.mark.parametrize("name", CASES)
def test_fit_measures_match_lavaan(ref, fits, name):
    res, case = fits[name], ref[name]
    for k, v in case["fit"].items():
        if k in ("npar", "df"):
            assert res.fit[k] == v
        elif k.startswith("chisq"):
            assert abs(res.fit[k] - v) <= TIGHT_FIT * v, (k, res.fit[k], v)
        else:
            assert abs(res.fit[k] - v) <= TIGHT_FIT, (k, res.fit[k], v)


@pytest.mark.parametrize("name", CASES)
def test_simple_slopes_match_probe2way(ref, fits, name):
    """probe2WayMC (DMC) / probe2WayRC (RC) at w = −1, 0, +1 × the moderator's latent SD, both ways."""
    res, case = fits[name], ref[name]
    ss = res.simple_slopes
    assert len(ss) == 6 and set(ss["outcome"]) == {"SAT"} and set(ss["interaction"]) == {"REL:EMP"}
    for r in case["simple_slopes"]:
        rows = ss[(ss["focal"] == r["focal"]) & (ss["moderator"] == r["moderator"])]
        assert list(rows["level"]) == ["-1 SD", "mean", "+1 SD"]
        assert abs(rows["w"].iloc[2] - r["sd"]) <= TIGHT_EST               # the moderator's latent SD
        row = rows.iloc[int(np.argmin(np.abs(rows["w"].to_numpy() - r["w"])))]
        assert abs(row["w"] - r["w"]) <= TIGHT_EST
        assert abs(row["est"] - r["est"]) <= TIGHT_EST, (r, row["est"])
        assert abs(row["se"] - r["se"]) <= TIGHT_SE * r["se"], (r, row["se"])
        assert abs(row["z"] - r["z"]) <= 1e-4 * max(1.0, abs(r["z"]))
        assert abs(row["pvalue"] - r["pvalue"]) <= 1e-4
        assert math.isclose(row["ci.lower"], row["est"] - 1.959964 * row["se"], abs_tol=1e-6)
        assert math.isclose(row["ci.upper"], row["est"] + 1.959964 * row["se"], abs_tol=1e-6)


def test_unequal_counts_pair_the_best_items(ref, fits):
    """Matched pairs of a 3-item and a 4-item factor: both ranked by standardized CFA loading, best with
    best (the rule the R script applies before indProd); EMP4 measures EMP but enters no product."""
    res = fits["dmc_unequal"]
    pairing = ref["dmc_unequal"]["pairing"]
    assert list(res.products["item.a"]) == pairing["REL"]
    assert list(res.products["item.b"]) == pairing["EMP"]
    assert res.expansion.interactions[0].pairing == "loadings"
    assert "EMP4" in parse_model(res.syntax).measurement["EMP"]


# ------------------------------------------------------------------------------------------------------
# behaviour
# ------------------------------------------------------------------------------------------------------
def test_fit_sem_delegates_and_leaves_the_data_alone(data, fits):
    before = data.copy()
    model = "# REL:EMP in a comment is no term\n" + MODEL.format(emp=EMP3).replace("REL:EMP", "b3 * REL : EMP") + \
        "\nhigh := b3*2"
    res = fit_sem(model, data)
    assert isinstance(res, SemResult) and isinstance(res.interaction, InteractionResult)
    pd.testing.assert_frame_equal(data, before)
    direct = fits["dmc_matched"]
    np.testing.assert_allclose(res.theta, direct.sem.theta, atol=1e-9)
    pd.testing.assert_frame_equal(res.interaction.simple_slopes, direct.simple_slopes, atol=1e-9)
    row = res.parameters[(res.parameters["lhs"] == "SAT") & (res.parameters["rhs"] == "REL.EMP")].iloc[0]
    assert row["label"] == "b3"
    assert abs(res.defined["est"].iloc[0] - 2 * row["est"]) < 1e-12
    doc = json.loads(json.dumps(res.to_dict()))
    assert doc["interaction"]["method"] == "dmc" and len(doc["interaction"]["simple_slopes"]) == 6
    whole = json.loads(json.dumps(direct.to_dict()))
    assert whole["sem"]["n"] == 500 and whole["interactions"][0]["factor"] == "REL.EMP"
    assert direct.table("simple_slopes").shape == (6, 12) and direct.table("fit").shape[1] == 2
    assert list(direct.table("products").columns) == ["interaction", "factor", "indicator", "item.a", "item.b"]


def test_has_interaction():
    assert has_interaction("y ~ A:B")
    assert has_interaction("y ~ A : B")
    assert not has_interaction("ind := a*b\ny ~ a*x  # x:z later")
    assert not has_interaction(parse_model("f =~ x1 + x2"))


def test_rc_products_orthogonal_to_all_items(data):
    """Residual centering: each product is uncorrelated with every item of both factors — with unequal counts
    also with the item that enters no product (EMP4)."""
    exp = expand(MODEL.format(emp=EMP4), data, "rc", "matched")
    items = ["REL1", "REL2", "REL3", "EMP1", "EMP2", "EMP3", "EMP4"]
    for p in exp.columns:
        for v in items:
            assert abs(np.corrcoef(exp.columns[p], data[v])[0, 1]) < 1e-10
    zero = {s.key for s in exp.spec.statements if s.op == "~~" and s.fixed == 0}
    assert zero == {("REL", "~~", "REL.EMP"), ("EMP", "~~", "REL.EMP")}
    assert not any(s.op == "~~" and s.fixed == 0 for s in expand(MODEL.format(emp=EMP3), data).spec.statements)


def test_missing_items(data):
    """An item missing makes its products missing (RC: every product of the row); the listwise fit uses the
    complete rows, FIML all of them."""
    d = data.copy()
    d.loc[[3, 10, 11], "REL2"] = np.nan
    d.loc[20, "EMP1"] = np.nan
    for method in ("dmc", "rc"):
        res = fit_interaction(MODEL.format(emp=EMP3), d, method=method)
        assert res.sem.n == 496 and res.sem.n_dropped == 4
        cols = res.expansion.columns
        assert np.isnan(cols.loc[3, "REL2.EMP2"])
        assert np.isnan(cols.loc[3, "REL1.EMP1"]) == (method == "rc")
        fiml = fit_interaction(MODEL.format(emp=EMP3), d, method=method, missing="fiml")
        assert fiml.sem.n == 500 and fiml.sem.converged and fiml.simple_slopes["se"].notna().all()


def _err(model, data, **kw):
    with pytest.raises(OptionError) as e:
        fit_interaction(model, data, **kw)
    for lang in ("en", "zh-Hans", "zh-Hant"):
        assert e.value.message(lang)
    assert e.value.params["fix_zh"] != e.value.params["fix_en"] != e.value.params["fix_zh_hant"]
    return e.value


BASE = "REL =~ REL1 + REL2 + REL3\nEMP =~ EMP1 + EMP2 + EMP3\nSAT =~ SAT1 + SAT2 + SAT3\n"


@pytest.mark.parametrize("model, detail", [
    (BASE + "SAT ~ REL + EMP4 + REL:EMP4", '"REL:EMP4"'),                      # observed × factor
    (BASE + "SAT ~ REL + EMP + REL:EPM", '"EPM"'),                             # unknown name
    (BASE + "ONE =~ EMP4\nSAT ~ REL + ONE + REL:ONE", '"ONE =~ EMP4"'),          # one item
    (BASE + "G =~ REL + EMP\nSAT ~ G + EMP + G:EMP", '"G =~ REL + EMP"'),       # higher-order factor
    (BASE + "SAT ~ REL + EMP + REL:REL", '"REL:REL"'),                          # quadratic
    (BASE + "SAT ~ REL + EMP + REL:EMP:SAT", '"REL:EMP:SAT"'),                  # three-way
    (BASE + "SAT ~ REL + REL:EMP", '"SAT ~ REL + EMP + REL:EMP"'),              # main effect missing
    (BASE + "SAT ~ REL + EMP + REL:EMP\nREL:EMP ~~ SAT", '"REL:EMP ~~ SAT"'),   # not a predictor
    (BASE + "SAT ~ REL + EMP\nSAT =~ REL:EMP", '"SAT =~ REL:EMP"'),
    (BASE + "SAT ~ REL + EMP", '":"'),                                          # no interaction at all
])
def test_errors(data, model, detail):
    assert _err(model, data).params["detail"] == detail


def test_option_and_name_errors(data):
    model = MODEL.format(emp=EMP3)
    assert _err(model, data, method="mc").params["option"] == "method"
    assert _err(model, data, pairs="best").params["option"] == "pairs"
    clash = data.assign(**{"REL1.EMP1": 1.0})
    assert _err(model, clash).params["detail"] == '"REL1.EMP1"'
    assert _err(model + "\nx ~ REL.EMP", data).params["detail"] == '"REL.EMP"'
    assert _err(model, data[["REL1", "REL2", "REL3", "SAT1"]]).params["detail"].startswith('"EMP1"')
    with pytest.raises(OptionError):
        fit_sem(BASE + "SAT ~ REL + EMP4 + REL:EMP4", data)


# ------------------------------------------------------------------------------------------------------
# recovery of a known population interaction
# ------------------------------------------------------------------------------------------------------
GAMMA = {"REL": 0.4, "EMP": 0.3, "REL.EMP": 0.25}
LOAD = {"REL": (1.0, 0.8, 0.7), "EMP": (1.0, 0.9, 0.75), "SAT": (1.0, 0.9, 0.8)}
ERRV = {"REL": (0.40, 0.45, 0.50), "EMP": (0.35, 0.40, 0.50), "SAT": (0.35, 0.40, 0.45)}


def _population_sample(rng, n):
    """ξ₁, ξ₂ standard normal with r = .3; η = .4ξ₁ + .3ξ₂ + .25ξ₁ξ₂ + ζ, var(ζ) = .6; items
    3 + loading·factor + error, with the loadings and error variances above."""
    rel = rng.standard_normal(n)
    emp = 0.3 * rel + math.sqrt(0.91) * rng.standard_normal(n)
    sat = (GAMMA["REL"] * rel + GAMMA["EMP"] * emp + GAMMA["REL.EMP"] * rel * emp
           + math.sqrt(0.6) * rng.standard_normal(n))
    cols = {}
    for name, f in (("REL", rel), ("EMP", emp), ("SAT", sat)):
        for k, (lam, ev) in enumerate(zip(LOAD[name], ERRV[name]), start=1):
            cols[f"{name}{k}"] = 3.0 + lam * f + math.sqrt(ev) * rng.standard_normal(n)
    return pd.DataFrame(cols)


@pytest.mark.parametrize("method", ["dmc", "rc"])
def test_recovers_population_interaction(method):
    """40 seeded samples of N = 1000: the mean interaction path within 3 Monte Carlo SEs of .25, the mean
    simple slope of REL at EMP = +1 SD within 3 MC SEs of .4 + .25 = .65 (EMP's SD is 1), and the mean SE
    of the interaction path within 25 % of its empirical SD."""
    rng = np.random.default_rng(20240516)
    reps = 40
    gamma, se, slope = [], [], []
    for _ in range(reps):
        res = fit_interaction(MODEL.format(emp=EMP3), _population_sample(rng, 1000), method=method)
        row = res.parameters[(res.parameters["lhs"] == "SAT") & (res.parameters["op"] == "~")
                             & (res.parameters["rhs"] == "REL.EMP")].iloc[0]
        gamma.append(row["est"])
        se.append(row["se"])
        ss = res.simple_slopes
        slope.append(ss[(ss["focal"] == "REL") & (ss["level"] == "+1 SD")]["est"].iloc[0])
    gamma, se, slope = map(np.asarray, (gamma, se, slope))
    mcse = gamma.std(ddof=1) / math.sqrt(reps)
    assert abs(gamma.mean() - GAMMA["REL.EMP"]) < 3 * mcse, (gamma.mean(), mcse)
    assert abs(slope.mean() - 0.65) < 3 * slope.std(ddof=1) / math.sqrt(reps), slope.mean()
    assert 0.75 < se.mean() / gamma.std(ddof=1) < 1.25
