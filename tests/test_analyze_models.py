r"""``research analyze`` with every model lavaan fits, and hard cases reported instead of refused (issue 12,
points 2 and 3).

Reliability of constructs with cross-loaded items and of a higher-order factor against semTools 0.5-6
(R 4.2.2, lavaan 0.6-14), made with::

    suppressMessages({library(lavaan); library(semTools); library(jsonlite)})
    hs <- HolzingerSwineford1939
    fit <- cfa("visual =~ x1 + x2 + x3 + x9\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9", data = hs)
    fit2 <- cfa("visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9
                 g =~ visual + textual + speed", data = hs)
    ss <- standardizedSolution(fit2)
    cat(toJSON(list(cross_omega = as.list(unclass(compRelSEM(fit))), cross_ave = as.list(unclass(AVE(fit))),
      second_omega = as.list(unclass(compRelSEM(fit2, higher = "g"))), second_cor = lavInspect(fit2, "cor.lv"),
      second_gamma = ss$est.std[ss$lhs == "g" & ss$op == "=~"]), digits = NA, auto_unbox = TRUE, na = "null"))

and ``psych::alpha(hs[, c("x1", "x2", "x3", "x9")])$total$raw_alpha`` = 0.666603564548.
"""
from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from research import analyze
from research.measurement import Structure, mean_scores
from research.sem import parse_model

from conftest import REFERENCE

CROSS_OMEGA = {"visual": 0.596433448428191, "textual": 0.885159125858187, "speed": 0.619413778580987}
CROSS_AVE_TEXTUAL = 0.72117055469354
SECOND_OMEGA = {"visual": 0.612004321087865, "textual": 0.885061388210391, "speed": 0.685841238252627,
                "g": 0.563662928456475}
SECOND_COR = [[1, 0.458510553459303, 0.470535131702768, 0.873150110219724],
              [0.458510553459304, 1, 0.282985097046509, 0.525122253427789],
              [0.470535131702768, 0.282985097046509, 1, 0.538893743693578],
              [0.873150110219724, 0.525122253427789, 0.538893743693578, 1]]
SECOND_GAMMA = [0.873150110219724, 0.525122253427789, 0.538893743693578]
HS3 = "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\n"


@pytest.fixture(scope="module")
def hs():
    return pd.read_csv(REFERENCE / "holzinger1939.csv")


def test_cross_loadings(hs):
    res = analyze(hs, model="visual =~ x1 + x2 + x3 + x9\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9",
                  bootstrap=0).to_dict()
    rel = res["reliability"]
    for f, want in CROSS_OMEGA.items():
        assert rel[f]["omega"] == pytest.approx(want, abs=1e-6)
    assert rel["visual"]["alpha"] == pytest.approx(0.666603564548, abs=1e-9)
    assert rel["textual"]["ave"] == pytest.approx(0.72117055469354, abs=5e-3)      # std-loading AVE ≈ semTools'
    for f in ("visual", "speed"):                 # semTools::AVE: NA for constructs with a cross-loaded item
        assert rel[f]["ave"] is None and rel[f]["cr"] is None and rel[f]["ave.flag"] == "n/a"
        assert "cross-loading" in rel[f]["not_applicable"]["ave"]["en"]
        assert "交叉负荷" in rel[f]["not_applicable"]["cr"]["zh-Hans"]
    assert res["validity"]["left_out"]["constructs"] == ["visual", "speed"]
    assert res["cfa"]["fit"]["df"] == 23


def test_second_order_factor(hs):
    res = analyze(hs, model=HS3 + "g =~ visual + textual + speed", bootstrap=0).to_dict()
    rel = res["reliability"]
    for f, want in SECOND_OMEGA.items():
        assert rel[f]["omega"] == pytest.approx(want, abs=1e-6)
    g = rel["g"]
    assert g["order"] == "higher" and g["indicators"] == ["visual", "textual", "speed"]
    assert g["items"] == [f"x{i}" for i in range(1, 10)]
    assert g.get("alpha") is None and "higher-order" in g["note"]["en"]
    lam = np.array(SECOND_GAMMA)
    assert g["cr"] == pytest.approx(lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam ** 2).sum()), abs=1e-6)
    assert g["ave"] == pytest.approx((lam ** 2).mean(), abs=1e-6)
    names = ["visual", "textual", "speed", "g"]
    corr = res["validity"]["latent_correlations"]
    assert np.allclose([[corr[a][b] for b in names] for a in names], SECOND_COR, atol=1e-6)
    assert set(res["fornell_larcker"]["sqrt_ave"]) == {"visual", "textual", "speed"}
    assert res["descriptives"]["g"]["mean"] == pytest.approx(
        hs[["x1", "x2", "x3"]].mean(axis=1).add(hs[["x4", "x5", "x6"]].mean(axis=1))
        .add(hs[["x7", "x8", "x9"]].mean(axis=1)).div(3).mean(), abs=1e-12)


def test_second_order_driver_and_observed_predictors(hs):
    """A higher-order construct in the structural model, with an observed covariate beside latent ones."""
    model = HS3 + "g =~ visual + textual\nspeed ~ g + ageyr"
    res = analyze(hs, model=model, bootstrap=0).to_dict()
    assert res["sem"]["converged"]
    paths = {(p["lhs"], p["rhs"]) for p in res["sem"]["parameters"] if p["op"] == "~"}
    assert paths == {("speed", "g"), ("speed", "ageyr")}
    assert res["regression"][0]["outcome"] == "speed"
    assert res["drivers"]["predictors"] == ["g"]
    ipma_items = res["ipa"]["ipma_items"]
    weights = {r["driver"]: r for r in ipma_items["drivers"]}
    assert set(weights) == {f"x{i}" for i in range(1, 7)}


def test_structure_item_weights_and_scores():
    st = Structure.from_model(parse_model("a =~ p1 + p2\nb =~ q1 + q2 + q3 + p2\nh =~ a + b"))
    assert st.higher_order == ["h"] and st.first_order == ["a", "b"]
    assert st.shared == {"p2": ["a", "b"]}
    assert st.items["h"] == ["p1", "p2", "q1", "q2", "q3"]
    w = st.item_weights("h")
    assert w == pytest.approx({"p1": 0.25, "p2": 0.25 + 0.125, "q1": 0.125, "q2": 0.125, "q3": 0.125})
    assert sum(w.values()) == pytest.approx(1.0)
    data = pd.DataFrame({"p1": [1.0, 2, np.nan], "p2": [3.0, 4, np.nan], "q1": [5.0, 1, 2], "q2": [1.0, 1, 2],
                         "q3": [3.0, 1, 2]})
    s = mean_scores(data, st)
    assert s["a"].tolist()[:2] == [2.0, 3.0] and np.isnan(s["a"].iloc[2])
    assert s["b"].iloc[0] == pytest.approx((5 + 1 + 3 + 3) / 4)
    assert s["h"].iloc[0] == pytest.approx((2.0 + 3.0) / 2)
    assert s["h"].iloc[2] == pytest.approx(2.0)          # one of two lower-order scores: half is enough


# ------------------------------------------------------------------------------------------ hard cases
def _factors(n, r, lam, seed, nf=2, k=3):
    rng = np.random.default_rng(seed)
    F = rng.multivariate_normal(np.zeros(nf), np.full((nf, nf), r) + np.eye(nf) * (1 - r), size=n)
    return pd.DataFrame({f"F{f + 1}_{j + 1}": lam * F[:, f] + np.sqrt(1 - lam ** 2) * rng.normal(size=n)
                         for f in range(nf) for j in range(k)})


TWO = "A =~ F1_1 + F1_2 + F1_3\nB =~ F2_1 + F2_2 + F2_3\n"


def test_latent_correlation_beyond_one_is_reported(tmp_path):
    data = _factors(120, 0.995, 0.7, seed=5)
    res = analyze(data, model=TWO, bootstrap=0)
    d = res.to_dict()
    assert {"std_above_one", "latent_cov_not_pd"} <= {w["code"] for w in d["warnings"] if w["where"] == "cfa"}
    fl = d["fornell_larcker"]
    assert "not_applicable" in fl and "A–B r = 1.0" in fl["not_applicable"]["en"]
    assert any(w["code"] == "latent_correlation_beyond_one" for w in d["warnings"])
    res.to_json(tmp_path / "results.json")
    assert json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))["n"] == 120


def test_small_sample_is_a_warning_not_an_error():
    data = _factors(25, 0.3, 0.6, seed=3, nf=3)
    model = TWO + "C =~ F3_1 + F3_2 + F3_3\nC ~ A + B"
    d = analyze(data, model=model, bootstrap=20, seed=1).to_dict()
    small = [w for w in d["warnings"] if w["code"] == "small_sample"]
    assert small and "N = 25 for 21 free parameters" in small[0]["en"] and "Bentler & Chou" in small[0]["en"]
    assert d["sem"]["bootstrap"]["n_boot"] == 20


def test_not_converged_fit_still_writes_results():
    """N = 25 for 21 parameters where no ML solution exists in the admissible region: lavaan 0.6-14 stops
    after 1068 iterations with "the optimizer warns that a solution has NOT been found!" (residual variances
    running to −14 333 and −19 035) and refuses its fit measures.  The run goes on: the SEM is marked not
    converged, SEs are withheld, the bootstrap is skipped with its reason, results.json is complete."""
    data = _factors(25, 0.3, 0.6, seed=5, nf=3)
    d = analyze(data, model=TWO + "C =~ F3_1 + F3_2 + F3_3\nC ~ A + B", bootstrap=50, seed=1).to_dict()
    assert d["sem"]["converged"] is False
    codes = {(w["code"], w["where"]) for w in d["warnings"]}
    assert {("not_converged", "sem"), ("information_singular", "sem"), ("negative_variance", "sem"),
            ("bootstrap_skipped", "bootstrap")} <= codes
    assert d["sem"]["bootstrap"] is None
    assert all(p["se"] is None for p in d["sem"]["parameters"] if p["op"] == "~")
    json.dumps(d, allow_nan=False)


def test_empirically_underidentified_model_withholds_standard_errors():
    """Two two-item factors that do not correlate: the model is identified on paper, not by these data;
    SEs, z and p are withheld (None) with the warning, the estimates and fit are still reported."""
    rng = np.random.default_rng(0)
    n = 300
    z = rng.standard_normal((n, 4))
    z -= z.mean(axis=0)
    L = np.linalg.cholesky(np.cov(z, rowvar=False, bias=True))
    cov = np.eye(4)
    cov[0, 1] = cov[1, 0] = cov[2, 3] = cov[3, 2] = 0.5
    z = z @ np.linalg.inv(L).T @ np.linalg.cholesky(cov).T
    data = pd.DataFrame(z, columns=["a1", "a2", "b1", "b2"])
    d = analyze(data, model="A =~ a1 + a2\nB =~ b1 + b2", bootstrap=0).to_dict()
    assert any(w["code"] == "information_singular" and "not reported" in w["en"] for w in d["warnings"])
    loads = [p for p in d["cfa"]["parameters"] if p["op"] == "=~" and p["rhs"] == "a2"]
    assert loads[0]["est"] == pytest.approx(1.0, abs=1e-6) and loads[0]["se"] is None and loads[0]["pvalue"] is None


def test_cli_writes_results_for_hard_cases(tmp_path):
    data = _factors(120, 0.995, 0.7, seed=5)
    data.to_csv(tmp_path / "d.csv", index=False)
    (tmp_path / "m.lav").write_text(TWO + "g =~ A + B\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "research.cli", "analyze", str(tmp_path / "d.csv"), "--model",
                          str(tmp_path / "m.lav"), "--bootstrap", "0", "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    d = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    assert d["reliability"]["g"]["order"] == "higher"
    assert "—" in run.stdout or "nan" not in run.stdout


# ------------------------------------------------------------------------------ diagnostics in results.json
def test_diagnostics_and_method_bias_blocks(hs):
    from research.method_bias import full_collinearity_vif
    from research.normality import mardia
    from research.sem import cfa, modindices

    d = analyze(hs, model=HS3 + "speed ~ visual + textual", bootstrap=0, mi=5, marker="grade").to_dict()
    mi = d["diagnostics"]["cfa"]["modindices"]
    direct = modindices(cfa(HS3, hs), max_rows=5)
    assert [(r["lhs"], r["op"], r["rhs"]) for r in mi] == list(zip(direct["lhs"], direct["op"], direct["rhs"]))
    assert [r["mi"] for r in mi] == pytest.approx(direct["mi"].tolist(), rel=1e-9)
    assert (mi[0]["lhs"], mi[0]["rhs"]) == ("visual", "x9") and mi[0]["mi"] == pytest.approx(36.411, abs=5e-4)
    assert len(d["diagnostics"]["sem"]["modindices"]) == 5
    assert d["diagnostics"]["cfa"]["residuals"]["cor"]["cov"]["rownames"] == [f"x{i}" for i in range(1, 10)]
    assert d["diagnostics"]["mardia"]["b1p"] == pytest.approx(mardia(hs, [f"x{i}" for i in range(1, 10)]).b1p)
    mb = d["method_bias"]
    assert mb["harman"]["share"] == d["validity"]["harman"]["share"]
    assert mb["single_factor"]["test"]["df.diff"] == 3
    assert "verdict" in mb["method_factor"]
    marker = mb["marker"]
    assert marker["marker"] == "grade" and len(marker["pairs"]) == 36          # the 9 items, not the marker
    assert marker["r_m"] == pytest.approx(min(marker["marker_correlations"].values()))
    scores = pd.DataFrame({f: hs[items].mean(axis=1) for f, items in
                           (("visual", ["x1", "x2", "x3"]), ("textual", ["x4", "x5", "x6"]),
                            ("speed", ["x7", "x8", "x9"]))})
    assert mb["full_collinearity"]["vif"] == pytest.approx(full_collinearity_vif(scores).to_dict()["vif"], rel=1e-12)
    json.dumps(d, allow_nan=False)


def test_method_bias_with_cross_loadings_says_why_not(hs):
    d = analyze(hs, model="visual =~ x1 + x2 + x3 + x9\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9",
                bootstrap=0, mi=0).to_dict()
    reason = d["method_bias"]["single_factor"]["not_applicable"]
    assert "x9 (visual, speed)" in reason["en"] and "x9 (visual, speed)" in reason["zh-Hant"]
    assert "modindices" not in d["diagnostics"]["cfa"]


def test_group_options_reach_every_invariance_fit():
    """--group with MLR and FIML: every level and path comparison is fitted with them (it was plain ML on
    complete rows), the same numbers as research.sem.multigroup called directly."""
    from research.sem.multigroup import invariance

    data = pd.read_csv(REFERENCE / "holzinger1939_missing.csv")
    model = HS3 + "speed ~ visual"
    d = analyze(data, model=model, bootstrap=0, mi=0, group="school", estimator="MLR", missing="fiml",
                strict=True, free=("visual =~ x2",)).to_dict()
    inv = d["invariance"]
    assert inv["estimator"] == "MLR" and inv["missing"] == "fiml"
    meas = inv["measurement"]
    assert meas["levels"] == ["configural", "metric", "scalar", "strict"]
    direct = invariance(parse_model(model).measurement_only(), data, "school", estimator="MLR", missing="fiml",
                        levels=("configural", "metric", "scalar", "strict"), partial=("visual =~ x2",))
    for lev in meas["levels"]:
        assert meas["fits"][lev]["fit"]["chisq.scaled"] == pytest.approx(direct.fits[lev].fit["chisq.scaled"],
                                                                         rel=1e-9)
    assert meas["criteria"]["indices"]["cfi"] == "cfi.robust"
    assert sum(meas["fits"]["configural"]["n"].values()) == len(data)          # FIML keeps every row
    path = inv["paths"][0]
    assert path["estimator"] == "MLR" and path["missing"] == "fiml" and path["path"] == "speed ~ visual"


def test_group_modifiers_in_analyze():
    """c(…) labels apply in the multi-group fits; the pooled CFA/SEM leave them out and say so; without a
    grouping column they are refused."""
    from research.errors import OptionError

    hs = pd.read_csv(REFERENCE / "holzinger1939.csv")
    model = "visual =~ x1 + c(a, a)*x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9\nspeed ~ textual"
    d = analyze(hs, model=model, bootstrap=0, mi=0, group="school").to_dict()
    assert any(w["code"] == "group_modifiers_pooled" for w in d["warnings"])
    conf = d["invariance"]["measurement"]["fits"]["configural"]
    loads = [p for p in conf["parameters"] if p["op"] == "=~" and p["rhs"] == "x2"]
    assert {p["label"] for p in loads} == {"a"} and loads[0]["est"] == pytest.approx(loads[1]["est"], abs=1e-12)
    with pytest.raises(OptionError) as info:
        analyze(hs, model=model, bootstrap=0)
    assert "--group" in info.value.message("en")
