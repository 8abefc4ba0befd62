"""Ordinal reliability (issue 19 point 5): ordinal α, categorical ω, CR and AVE from a WLSMV fit.

Reference: ``tests/reference/ordinal.json`` → ``reliability`` (lavaan 0.6-14, semTools 0.5-6, psych 2.2.9; see
``ordinal.md``): the model ``cfa_lsq5`` (five correlated factors of four 5-point items, WLSMV, delta) fitted to
``ordinal_lsq5.csv``; per factor the polychoric matrix (lavCor), ``psych::alpha(R)`` on it, CR and AVE from
the std.all loadings, ``compRelSEM(fit)`` (categorical ω), ``compRelSEM(fit, ord.scale = FALSE)`` and
``AVE(fit)``.  Ordinal α is compared with psych's (the polychoric correlations are a closed-form-free ML
estimate, still equal to ~1e-9); ω, CR and AVE depend on lavaan's optimiser, which leaves the estimates
~1e-6 from the optimum, hence 1e-5.  Hand cases: a two-item scale (α = 2r/(1 + r)), a 2 × 2 table whose
tetrachoric correlation is sin(2π(p₁₁ − 1/4)), Green & Yang's ω for binary items split at 0, where every
covariance is arcsin(ρ)/(2π).
"""
from __future__ import annotations

import json
import math

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT

from research.errors import DataError, OptionError
from research.messages import LANGUAGES, Note
from research.ordinal_reliability import (LATENT_SCALE_NOTE, NO_MODEL_NOTE, categorical_omega, omega_from_thresholds,
                                          ordinal_alpha, ordinal_reliability, ordinal_reliability_table)
from research.reliability import omega as continuous_omega
from research.report import apa
from research.sem.wls import fit_wls_data

REF_DIR = ROOT / "tests" / "reference"
REF = json.loads((REF_DIR / "ordinal.json").read_text(encoding="utf-8"))
REL = REF["reliability"]["factors"]
SCALES = {f: v["items"] for f, v in REL.items()}
TOL_STATS = 1e-6        # ordinal α / polychoric: sample statistics only
TOL_MODEL = 1e-5        # ω, CR, AVE: through the WLSMV estimates (lavaan's within ~1e-6 of the optimum)


@pytest.fixture(scope="module")
def lsq5() -> pd.DataFrame:
    return pd.read_csv(REF_DIR / "ordinal_lsq5.csv")


@pytest.fixture(scope="module")
def table(lsq5) -> pd.DataFrame:
    return ordinal_reliability(lsq5, SCALES)


@pytest.fixture(scope="module")
def fit(lsq5):
    model = next(m for m in REF["models"] if m["name"] == REF["reliability"]["model"])
    return fit_wls_data(model["syntax"], lsq5, ordered=True)


def test_reference_is_the_delta_wlsmv_cfa():
    model = next(m for m in REF["models"] if m["name"] == REF["reliability"]["model"])
    assert model["lavaan_options"]["estimator"] == "DWLS" and model["lavaan_options"]["parameterization"] == "delta"
    assert set(SCALES) == {"ECO", "RES", "FLE", "REL", "EMP"}


@pytest.mark.parametrize("factor", list(REL))
def test_ordinal_alpha_is_psych_alpha_of_the_polychoric_matrix(lsq5, factor):
    ref = REL[factor]
    a = ordinal_alpha(lsq5, ref["items"])
    assert a.value == pytest.approx(ref["ordinal_alpha_psych"], abs=TOL_STATS)
    assert a.value == pytest.approx(ref["ordinal_alpha_formula"], abs=TOL_STATS)
    np.testing.assert_allclose(a.polychoric.to_numpy(), np.array(ref["polychoric"]), atol=TOL_STATS)
    assert list(a.polychoric.index) == ref["items"]
    assert (a.k, a.n) == (4, 365)
    R = np.array(ref["polychoric"])
    assert a.average_r == pytest.approx((R.sum() - 4) / 12, abs=TOL_STATS)
    assert a.flag == "pass"                           # all ≥ .82 here
    assert LATENT_SCALE_NOTE in a.notes


def test_table_matches_semtools(table):
    assert list(table.index) == list(SCALES)
    for f, ref in REL.items():
        row = table.loc[f]
        assert row["alpha_ordinal"] == pytest.approx(ref["ordinal_alpha_psych"], abs=TOL_STATS)
        assert row["omega_categorical"] == pytest.approx(ref["omega_categorical_semtools"], abs=TOL_MODEL)
        assert row["omega_latent"] == pytest.approx(ref["omega_latent_response_semtools"], abs=TOL_MODEL)
        assert row["cr"] == pytest.approx(ref["cr"], abs=TOL_MODEL)
        assert row["ave"] == pytest.approx(ref["ave"], abs=TOL_MODEL)
        assert row["ave"] == pytest.approx(ref["ave_semtools"], abs=TOL_MODEL)
        assert (row["k"], row["n"]) == (4, 365)
    # categorical ω (observed sum score) is below the latent-response ω for every scale (ordinal.md trap 12)
    assert (table["omega_categorical"] < table["omega_latent"]).all()


def test_plain_alpha_is_cronbach_of_the_answers(lsq5, table):
    for f, items in SCALES.items():
        S = np.cov(lsq5[items].to_numpy(float), rowvar=False)
        assert table.loc[f, "alpha"] == pytest.approx(4 / 3 * (1 - np.trace(S) / S.sum()), abs=1e-12)
    # on these data the ordinal α is above the ordinary one for every scale
    assert (table["alpha_ordinal"] > table["alpha"]).all()


def test_flags_follow_the_thresholds(table):
    # REL's categorical ω .7776, RES's AVE .5855 … all above the pass marks (.70 and .50)
    for col in ("alpha", "alpha_ordinal", "omega_categorical", "cr", "ave"):
        assert (table[f"{col}.flag"] == "pass").all(), col
    assert table.attrs["thresholds"]["ave"]["pass"] == 0.50
    assert table.attrs["thresholds"]["omega"]["source"] == "McDonald 1999"
    assert table.attrs["estimator"] == "WLSMV"
    np.testing.assert_allclose(table.attrs["polychoric"]["ECO"].to_numpy(), np.array(REL["ECO"]["polychoric"]),
                               atol=TOL_STATS)


def test_note_says_ordinal_alpha_is_not_the_sum_score_reliability(table):
    notes = table.attrs["notes"]
    assert notes[0] is LATENT_SCALE_NOTE and len(notes) == 1
    for lang in LANGUAGES:
        text = LATENT_SCALE_NOTE.texts[lang]
        assert "Chalmers 2018" in text and "Green & Yang 2009" in text and "Zumbo" in text
    assert "not the sum" in LATENT_SCALE_NOTE.texts["en"]
    assert "不是答案的总分" in LATENT_SCALE_NOTE.texts["zh-Hans"]
    assert "不是答案的總分" in LATENT_SCALE_NOTE.texts["zh-Hant"]


def test_categorical_omega_of_a_fit(fit):
    omega = categorical_omega(fit)
    assert list(omega) == list(REL)
    for f, ref in REL.items():
        assert omega[f] == pytest.approx(ref["omega_categorical_semtools"], abs=TOL_MODEL)
    one = categorical_omega(fit, "REL", ord_scale=False)
    assert list(one) == ["REL"]
    assert one["REL"] == pytest.approx(REL["REL"]["omega_latent_response_semtools"], abs=TOL_MODEL)


def test_categorical_omega_does_not_depend_on_the_parameterization(lsq5):
    # theta rescales loadings and thresholds by lavaan's scale factors; ω of the sum score is unchanged
    model = next(m for m in REF["models"] if m["name"] == "cfa_lsq5_theta")
    theta = fit_wls_data(model["syntax"], lsq5, ordered=True, parameterization="theta")
    assert theta.parameters.loc[theta.parameters["op"] == "~*~", "est"].std() > 0.01      # scales not all 1
    for f, value in categorical_omega(theta).items():
        assert value == pytest.approx(REL[f]["omega_categorical_semtools"], abs=TOL_MODEL)


def test_two_item_scale_is_2r_over_1_plus_r(lsq5):
    r = REL["ECO"]["polychoric"][0][1]              # lavCor's ECO1–ECO2
    a = ordinal_alpha(lsq5, ["ECO1", "ECO2"])
    assert a.value == pytest.approx(2 * r / (1 + r), abs=TOL_STATS)
    assert a.k == 2


def test_two_item_scale_by_hand():
    # a 2 × 2 table split at the medians: thresholds 0, so P(both low) = 1/4 + arcsin(r)/(2π) and the
    # tetrachoric r = sin(2π · (30/100 − 1/4)) = sin(π/10); α = 2r/(1 + r)
    x = [1] * 30 + [1] * 20 + [2] * 20 + [2] * 30
    y = [1] * 30 + [2] * 20 + [1] * 20 + [2] * 30
    a = ordinal_alpha(pd.DataFrame({"q1": x, "q2": y}), ["q1", "q2"])
    r = math.sin(math.pi / 10)
    assert a.polychoric.iloc[0, 1] == pytest.approx(r, abs=1e-8)
    assert a.value == pytest.approx(2 * r / (1 + r), abs=1e-8)
    assert a.value == pytest.approx(0.4721359549995794, abs=1e-8)
    assert a.n == 100


def test_green_yang_omega_by_hand_for_binary_items():
    # binary items split at 0: Cov(x_j, x_j') = Φ₂(0, 0; ρ) − 1/4 = arcsin(ρ)/(2π); Var = arcsin(1)/(2π)
    lam = np.array([0.8, 0.6])
    r12 = 0.45
    common = np.outer(lam, lam)
    R = np.array([[1, r12], [r12, 1]])
    value = omega_from_thresholds(common, [np.array([0.0]), np.array([0.0])], R)
    num = math.asin(0.64) + math.asin(0.36) + 2 * math.asin(0.48)
    den = 2 * math.asin(1.0) + 2 * math.asin(r12)
    assert value == pytest.approx(num / den, abs=1e-12)


def test_ordinal_alpha_pairwise_against_lavcor():
    ref = REF["lavcor"]["pairwise"]
    data = pd.read_csv(REF_DIR / ref["data"])
    sat = ["SAT1", "SAT2", "SAT3"]
    a = ordinal_alpha(data, sat, missing="pairwise")
    idx = [ref["names"].index(v) for v in sat]
    R = np.array(ref["cor"])[np.ix_(idx, idx)]
    np.testing.assert_allclose(a.polychoric.to_numpy(), R, atol=1e-4)
    assert a.value == pytest.approx(3 / 2 * (1 - 3 / R.sum()), abs=1e-4)
    assert a.missing == "pairwise"
    assert a.n == int(data[sat].notna().any(axis=1).sum())
    listwise = ordinal_alpha(data, sat)
    assert listwise.n == int(data[sat].notna().all(axis=1).sum()) < a.n


def test_two_item_scale_alone_leaves_model_values_empty(lsq5):
    # one factor with two ordered items is not identified: ordinal α yes, ω/CR/AVE empty with a note
    out = ordinal_reliability(lsq5, {"ECO": ["ECO1", "ECO2"]})
    r = REL["ECO"]["polychoric"][0][1]
    assert out.loc["ECO", "alpha_ordinal"] == pytest.approx(2 * r / (1 + r), abs=TOL_STATS)
    for col in ("omega_categorical", "omega_latent", "cr", "ave"):
        assert math.isnan(out.loc["ECO", col])
    assert out.loc["ECO", "cr.flag"] == "n/a" and out.loc["ECO", "omega_categorical.flag"] == "n/a"
    texts = [n.texts["en"] for n in out.attrs["notes"]]
    assert any(t.startswith("ECO:") and "not identified" in t for t in texts)
    assert NO_MODEL_NOTE.texts["en"].startswith("{scale}")


def _messages(err) -> dict:
    return {lang: err.message(lang) for lang in LANGUAGES}


def test_a_scale_with_one_item_is_refused_in_three_languages(lsq5):
    with pytest.raises(OptionError) as info:
        ordinal_alpha(lsq5, ["ECO1"])
    err = info.value
    assert err.column == "ECO1"
    msgs = _messages(err)
    assert all("ECO1" in m for m in msgs.values())
    assert "at least two items" in msgs["en"]
    assert "至少需要两个题目" in msgs["zh-Hans"] and "至少需要兩個題目" in msgs["zh-Hant"]
    with pytest.raises(OptionError) as info:
        ordinal_reliability(lsq5, {"ECO": SCALES["ECO"], "SAT": ["SAT1"]})
    assert info.value.column == "SAT1" and "scales['SAT']" in info.value.message("en")


def test_an_item_with_one_category_is_refused_in_three_languages(lsq5):
    data = lsq5[SCALES["ECO"]].copy()
    data["ECO3"] = 4
    with pytest.raises(DataError) as info:
        ordinal_alpha(data, SCALES["ECO"])
    err = info.value
    assert err.column == "ECO3" and err.value == 4
    msgs = _messages(err)
    assert all("ECO3" in m for m in msgs.values())
    assert "single category" in msgs["en"] and "365 rows" in msgs["en"]
    assert "只有一个类别" in msgs["zh-Hans"] and "365 行" in msgs["zh-Hans"]
    assert "只有一個類別" in msgs["zh-Hant"] and "365 列" in msgs["zh-Hant"]   # a row is 列 in Taiwan
    # the category check looks at the rows used: one answer 1 in a row dropped listwise does not count
    data.loc[0, "ECO3"] = 1
    data.loc[0, "ECO1"] = np.nan
    with pytest.raises(DataError) as info:
        ordinal_reliability(data, {"ECO": SCALES["ECO"]})
    assert info.value.column == "ECO3" and "364 rows" in info.value.message("en")


def test_other_refusals(lsq5, fit):
    with pytest.raises(DataError) as info:
        ordinal_alpha(lsq5, ["ECO1", "ECO9"])
    assert info.value.column == "ECO9"
    with pytest.raises(OptionError):
        ordinal_alpha(lsq5, ["ECO1", "ECO1"])
    with pytest.raises(OptionError):
        ordinal_alpha(lsq5, SCALES["ECO"], missing="fiml")
    with pytest.raises(OptionError) as info:
        categorical_omega(fit, "SAT")
    assert "ECO, RES, FLE, REL, EMP" in info.value.message("en")
    with pytest.raises(OptionError) as info:
        categorical_omega(object())
    assert "WLSMV" in info.value.message("zh-Hant")
    with pytest.raises(OptionError) as info:
        ordinal_reliability(lsq5, {"SAT": ["SAT1", "SAT2", "SAT3"]}, fit=fit)
    assert "SAT" in info.value.message("en")
    with pytest.raises(OptionError):
        ordinal_reliability(lsq5, {})


def test_given_fit_is_used_and_scales_match_factors_by_items(lsq5, fit, table):
    renamed = {f"scale {f}": items for f, items in SCALES.items()}
    out = ordinal_reliability(lsq5, renamed, fit=fit)
    for f in SCALES:
        assert out.loc[f"scale {f}", "omega_categorical"] == table.loc[f, "omega_categorical"]
        assert out.loc[f"scale {f}", "cr"] == table.loc[f, "cr"]


def test_notes_are_notes():
    assert isinstance(LATENT_SCALE_NOTE, Note)
    assert set(LATENT_SCALE_NOTE.texts) == set(LANGUAGES)


def test_report_table_in_three_languages(table):
    heads = {"en": ("Scale", "Ordinal α", "Categorical ω", "Verdict", "pass"),
             "zh-Hans": ("量表", "有序 α", "类别 ω", "判定", "达标"),
             "zh-Hant": ("量表", "有序 α", "類別 ω", "判定", "達標")}
    for lang, (scale, alpha, omega, verdict, passed) in heads.items():
        t = ordinal_reliability_table(table, lang)
        assert t.columns[0] == scale and alpha in t.columns and omega in t.columns
        assert list(t[scale]) == list(SCALES)
        assert t[omega].iloc[0] == pytest.approx(REL["ECO"]["omega_categorical_semtools"], abs=TOL_MODEL)
        shown = apa.display(t, lang)
        assert shown[alpha].iloc[0] == ".842" and shown[omega].iloc[0] == ".815"       # APA: no leading zero
        assert shown.iloc[0, 1] == "4" and shown.iloc[0, 2] == "365"
        assert (shown[verdict] == passed).all()
        assert "Chalmers 2018" in t.attrs["note"] and t.attrs["note"] == LATENT_SCALE_NOTE.texts[lang]
    with pytest.raises(OptionError):
        ordinal_reliability_table(table, "fr")


def test_mixed_and_continuous_factors(lsq5):
    # SAT3 continuous: SAT mixes kinds → no categorical ω (semTools: NA); a factor of continuous indicators
    # only gets McDonald's ω on the sample covariances, (Σλ)²φ / 1ᵀS1
    model = "SAT =~ SAT1 + SAT2 + SAT3\nLOY =~ LOY1 + LOY2 + LOY3 + LOY4"
    mixed = fit_wls_data(model, lsq5, ordered=["SAT1", "SAT2", "LOY1", "LOY2", "LOY3", "LOY4"])
    assert math.isnan(categorical_omega(mixed)["SAT"]) and categorical_omega(mixed)["LOY"] > 0.8
    out = ordinal_reliability(lsq5, {"SAT": ["SAT1", "SAT2", "SAT3"], "LOY": ["LOY1", "LOY2", "LOY3", "LOY4"]},
                              fit=mixed)
    assert math.isnan(out.loc["SAT", "omega_categorical"]) and out.loc["SAT", "omega_categorical.flag"] == "n/a"
    assert any(n.texts["en"].startswith("SAT: the factor has both") for n in out.attrs["notes"])
    assert not math.isnan(out.loc["SAT", "cr"])
    cont = fit_wls_data(model, lsq5, ordered=["LOY1", "LOY2", "LOY3", "LOY4"])
    p = cont.parameters
    lam = p.loc[(p["op"] == "=~") & (p["lhs"] == "SAT"), "est"].to_numpy()
    phi = p.loc[(p["op"] == "~~") & (p["lhs"] == "SAT") & (p["rhs"] == "SAT"), "est"].item()
    S = lsq5[["SAT1", "SAT2", "SAT3"]].cov(ddof=0).to_numpy()       # lavaan's divisor N
    assert categorical_omega(cont, "SAT")["SAT"] == pytest.approx(continuous_omega(lam, phi, S), abs=1e-10)
