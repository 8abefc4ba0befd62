"""The lavaan 0.6-14 / semTools 0.5-6 reference set for ordinal CB-SEM (issue 19) checked against facts
computed here from its own CSVs, so that a wrong CSV, a stale JSON or a misread lavaan convention fails
before the estimator tests rely on it.

Reference: tests/reference/ordinal.json, written by tests/reference/ordinal.R (see ordinal.md for the
models, the tolerances the estimator tests should use and the traps).  Facts checked here:

- every entry's data file, n (listwise rows, per group, or all rows for missing = "pairwise"), and that
  the ordered list is exactly the variables lavaan gave thresholds (th.idx > 0);
- each ordered item's sample thresholds = Φ⁻¹ of its cumulative category proportions (the first step
  of the two-step polychoric estimate; Olsson 1979), per group, on the available cases under pairwise;
- wls.obs = thresholds (and −mean for a continuous variable) first, then continuous variances
  (divisor N), then the off-diagonal correlations/covariances in lavaan's order (i < j, row-wise);
  its length; every "a~~b" element equals sampstat's cov[a, b]; ordered diagonals are 1;
- the DWLS weight is 1 / diag(Γ) where Γ (lavInspect "gamma") is stored;
- the scaled-shifted χ² = T / a + b from the stored standard T, scaling factor a and shift b, and is
  fitMeasures' chisq.scaled; the LRT's df differences; := indirect effects = product of their paths;
- ordinal α, CR and AVE recomputed from the stored polychoric matrix and std.all loadings.
"""
from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from conftest import ROOT

HERE = Path(__file__).resolve().parent / "reference"
REF = json.loads((HERE / "ordinal.json").read_text(encoding="utf-8"))
ENTRIES = REF["models"] + REF["invariance_models"]
BY_NAME = {e["name"]: e for e in ENTRIES}
ISSUE_SIX = ["cfa_lsq5", "sem_mediation", "mixed", "three_category", "skewed", "single_indicator"]


def data(entry) -> pd.DataFrame:
    return pd.read_csv(HERE / entry["data"])


def groups(entry):
    """(rows used, per-group block of the entry) for each group, as lavaan saw them."""
    df = data(entry)
    ov = entry["ov_names"]
    pairwise = entry["options"].get("missing") == "pairwise"
    if not pairwise:
        df = df.dropna(subset=ov)
    if entry["ngroups"] == 1:
        return [(df, entry)]
    col = entry["options"]["group"]
    return [(df[df[col].astype(str) == str(label)], block)
            for label, block in zip(entry["group_labels"], entry["groups"])]


def test_covers_the_issue_models_and_options():
    names = set(BY_NAME)
    assert set(ISSUE_SIX) <= names
    assert {"cfa_lsq5_theta", "cfa_lsq5_ulsmv", "pairwise"} <= names
    assert BY_NAME["cfa_lsq5_theta"]["options"]["parameterization"] == "theta"
    assert BY_NAME["cfa_lsq5_ulsmv"]["options"]["estimator"] == "ULSMV"
    assert BY_NAME["pairwise"]["options"]["missing"] == "pairwise"
    steps = ["configural", "thresholds", "thresholds_loadings", "thresholds_loadings_intercepts"]
    for prefix in ("mg_we_delta", "mg_we_theta", "mg_ge"):
        assert [r["model"] for r in REF["invariance_lrt"][prefix]["rows"]] == [f"{prefix}_{s}" for s in steps]
    assert REF["provenance"]["lavaan"] == "0.6.14" and REF["provenance"]["semTools"] == "0.5.6"
    assert (HERE / "ordinal.R").is_file() and (HERE / "ordinal.md").is_file()
    assert (HERE / "ordinal.json").stat().st_size < 3_000_000


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_n_and_ordered(name):
    e = BY_NAME[name]
    assert e["converged"]
    blocks = groups(e)
    n = [len(rows) for rows, _ in blocks]
    assert (e["n"] if isinstance(e["n"], list) else [e["n"]]) == n
    for _, block in blocks:
        with_thresholds = [v for v, i in zip(e["ov_names"], range(1, len(e["ov_names"]) + 1))
                           if i in block["th_idx"]]
        assert with_thresholds == e["ordered"] or set(with_thresholds) == set(e["ordered"])
    assert set(e["ordered"]) <= set(e["ov_names"])


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_thresholds_are_normal_quantiles_of_cumulative_proportions(name):
    e = BY_NAME[name]
    for rows, block in groups(e):
        th = block["sampstat"]["th"]
        for item in e["ordered"]:
            x = rows[item].dropna()
            cum = x.value_counts().sort_index().cumsum().to_numpy()[:-1] / len(x)
            ours = norm.ppf(cum)
            theirs = [th[f"{item}|t{k}"] for k in range(1, len(ours) + 1)]
            assert f"{item}|t{len(ours) + 1}" not in th        # as many thresholds as categories − 1
            np.testing.assert_allclose(theirs, ours, rtol=0, atol=1e-12, err_msg=f"{name} {item}")


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_wls_obs_layout(name):
    e = BY_NAME[name]
    ordered = e["ordered"]
    numeric = [v for v in e["ov_names"] if v not in ordered]
    for rows, block in groups(e):
        names, obs = block["wls_obs_names"], block["wls_obs"]
        th = block["sampstat"]["th"]
        p = len(e["ov_names"])
        n_th = len(th)
        assert len(obs) == len(names) == len(block["wls_v_diag"])
        assert len(obs) == n_th + 2 * len(numeric) + p * (p - 1) // 2
        # first block: thresholds in variable order, a continuous variable's slot holding −mean
        head = names[:n_th + len(numeric)]
        expected = []
        for v in e["ov_names"]:
            expected += [f"{v}~1"] if v in numeric else [k for k in th if k.split("|")[0] == v]
        assert head == expected
        for k, value in zip(head, obs):
            if k.endswith("~1"):
                assert value == pytest.approx(-rows[k[:-2]].mean(), abs=1e-12)
            else:
                assert value == pytest.approx(th[k], abs=1e-13)
        # then continuous variances (divisor N), then correlations/covariances i < j row-wise
        cov = pd.DataFrame(block["sampstat"]["cov"], index=block["sampstat"]["cov_names"],
                           columns=block["sampstat"]["cov_names"])
        rest = names[n_th + len(numeric):]
        assert rest[:len(numeric)] == [f"{v}~~{v}" for v in numeric]
        order = e["ov_names"]
        assert rest[len(numeric):] == [f"{order[i]}~~{order[j]}" for i in range(p) for j in range(i + 1, p)]
        for k, value in zip(rest, obs[n_th + len(numeric):]):
            a, b = k.split("~~")
            assert value == pytest.approx(cov.loc[a, b], abs=1e-13)
        for v in numeric:
            assert cov.loc[v, v] == pytest.approx(rows[v].var(ddof=0), rel=1e-12)
        for v in ordered:
            assert cov.loc[v, v] == 1.0
        corr = cov.loc[ordered, ordered].to_numpy()
        assert np.all(np.abs(corr[np.triu_indices(len(ordered), 1)]) < 1)
        assert np.allclose(cov.to_numpy(), cov.to_numpy().T)


def test_dwls_weight_is_inverse_gamma_diagonal():
    checked = 0
    for e in ENTRIES:
        for _, block in groups(e):
            if "gamma" not in block:
                continue
            gamma = np.array(block["gamma"])
            assert gamma.shape == (len(block["wls_obs"]),) * 2
            np.testing.assert_allclose(gamma, gamma.T, rtol=0, atol=1e-12)
            if e["options"].get("estimator") == "WLSMV":
                np.testing.assert_allclose(block["wls_v_diag"], 1 / np.diag(gamma), rtol=1e-12)
            checked += 1
    assert checked >= 7
    assert BY_NAME["cfa_lsq5_ulsmv"]["wls_v_diag"] == [1] * len(BY_NAME["cfa_lsq5_ulsmv"]["wls_obs"])   # ULS: identity


def test_three_category_and_skewed_data_are_what_they_claim():
    three = data(BY_NAME["three_category"])
    assert sorted(three["LOY4"].unique()) == [1, 2, 3]
    assert len([k for k in BY_NAME["three_category"]["sampstat"]["th"] if k.startswith("LOY4|")]) == 2
    skew = data(BY_NAME["skewed"])
    top = (skew == 5).mean()
    assert top.between(0.65, 0.87).all(), top.to_dict()
    assert (top >= 0.70).sum() >= 6


def test_lsq5_csv_recodes_only_rel4():
    raw = pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv").set_index("respondent")
    ours = data(BY_NAME["cfa_lsq5"]).set_index("respondent")
    items = [c for c in ours.columns if c != "GENDER"]
    assert len(items) == 27
    orig = raw.loc[ours.index, items]
    assert (ours["REL4"] == 6 - orig["REL4"]).all()
    assert ours.drop(columns=["REL4", "GENDER"]).equals(orig.drop(columns="REL4").astype(ours["ECO1"].dtype))
    pw = data(BY_NAME["pairwise"])
    share = pw.drop(columns="respondent").isna().to_numpy().mean()
    assert 0.045 <= share <= 0.055 and len(pw) == len(raw)


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_scaled_shifted_statistic(name):
    e = BY_NAME[name]
    tests = {t["test"]: t for t in e["test"]}
    standard, ss = tests["standard"], tests["scaled.shifted"]
    assert set(tests) == {"standard", "scaled.shifted"}
    assert ss["stat"] == pytest.approx(standard["stat"] / ss["scaling_factor"] + ss["shift_parameter"], rel=1e-10)
    assert e["fit"]["chisq"] == pytest.approx(standard["stat"], rel=1e-12)
    assert e["fit"]["chisq.scaled"] == pytest.approx(ss["stat"], rel=1e-12)
    assert e["fit"]["df"] == standard["df"] == ss["df"]
    # robust (catML) CFI is NA exactly where lavaan's catML pieces are
    assert (e["fit"]["cfi.robust"] is None) == (e["catml"]["XX3"] is None)


def test_robust_cfi_na_cases():
    assert BY_NAME["mixed"]["fit"]["cfi.robust"] is None          # a continuous indicator
    assert BY_NAME["mg_we_delta_thresholds"]["fit"]["cfi.robust"] is None   # lavaan 0.6-14 catML refit fails
    assert BY_NAME["cfa_lsq5"]["fit"]["cfi.robust"] == pytest.approx(0.968379541413525, abs=1e-12)


def test_lrt_df_differences():
    for prefix, lrt in REF["invariance_lrt"].items():
        rows = lrt["rows"]
        assert "satorra.2000" in lrt["heading"]
        for prev, row in zip(rows, rows[1:]):
            assert row["df_diff"] == row["df"] - prev["df"]
            assert row["chisq"] == pytest.approx(BY_NAME[row["model"]]["fit"]["chisq"], rel=1e-12)
        for row in rows[1:]:
            if row["df_diff"] > 0:
                assert 0 < row["pvalue"] < 1


def test_indirect_effects_are_products():
    pt = pd.DataFrame(BY_NAME["sem_mediation"]["partable"])
    est = dict(zip(pt["label"], pt["est"]))
    for dim in ("ECO", "RES", "FLE", "REL", "EMP"):
        row = pt[(pt["lhs"] == f"ind_{dim}") & (pt["op"] == ":=")].iloc[0]
        a = {"ECO": "a1", "RES": "a2", "FLE": "a3", "REL": "a4", "EMP": "a5"}[dim]
        assert row["est"] == pytest.approx(est[a] * est["b"], rel=1e-12)
        assert row["se"] > 0
    total = pt[pt["lhs"] == "ind_total"].iloc[0]
    assert total["est"] == pytest.approx(sum(est[f"a{i}"] for i in range(1, 6)) * est["b"], rel=1e-12)


def test_reliability_recomputed():
    cfa = BY_NAME["cfa_lsq5"]
    cov = pd.DataFrame(cfa["sampstat"]["cov"], index=cfa["sampstat"]["cov_names"], columns=cfa["sampstat"]["cov_names"])
    pt = pd.DataFrame(cfa["partable"])
    for factor, r in REF["reliability"]["factors"].items():
        items = r["items"]
        R = np.array(r["polychoric"])
        np.testing.assert_allclose(R, cov.loc[items, items].to_numpy(), rtol=0, atol=1e-13)
        k = len(items)
        alpha = k / (k - 1) * (1 - k / R.sum())
        assert r["ordinal_alpha_psych"] == pytest.approx(alpha, abs=1e-12)
        lam = np.array(r["std_all_loadings"])
        np.testing.assert_allclose(lam, pt[(pt.op == "=~") & (pt.lhs == factor)]["std.all"], atol=1e-12)
        assert r["cr"] == pytest.approx(lam.sum() ** 2 / (lam.sum() ** 2 + (1 - lam ** 2).sum()), abs=1e-12)
        assert r["ave"] == pytest.approx((lam ** 2).mean(), abs=1e-12)
        assert r["ave_semtools"] == pytest.approx(r["ave"], abs=1e-10)
        # categorical ω (response scale) is below the latent-response ω for these 5-point items
        assert 0.5 < r["omega_categorical_semtools"] < r["omega_latent_response_semtools"] + 0.01 < 1.01


def test_effective_lavaan_options():
    for e in ENTRIES:
        o = e["lavaan_options"]
        assert o["estimator"] == {"WLSMV": "DWLS", "ULSMV": "ULS"}[e["options"]["estimator"]]
        assert (o["se"], o["test"]) == ("robust.sem", "scaled.shifted")
        assert o["parameterization"] == e["options"].get("parameterization", "delta")
        assert o["missing"] == e["options"].get("missing", "listwise")
    assert BY_NAME["mg_ge_thresholds"]["lavaan_options"]["group.equal"] == ["thresholds", "intercepts"]


def test_theta_and_delta_fit_the_same_model():
    d, t = BY_NAME["cfa_lsq5"]["fit"], BY_NAME["cfa_lsq5_theta"]["fit"]
    for k in ("chisq", "chisq.scaled", "df", "cfi.scaled", "rmsea.scaled"):
        assert t[k] == pytest.approx(d[k], rel=1e-5, abs=1e-7)
    assert not math.isclose(BY_NAME["cfa_lsq5_ulsmv"]["fit"]["chisq"], d["chisq"], rel_tol=1e-3)


@pytest.mark.parametrize("key", ["skewed", "mixed", "pairwise", "three_category"])
def test_lavcor_is_the_fits_correlation_matrix_and_counts_empty_cells(key):
    lc = REF["lavcor"][key]
    e = BY_NAME[key]
    cov = pd.DataFrame(e["sampstat"]["cov"], index=e["sampstat"]["cov_names"], columns=e["sampstat"]["cov_names"])
    cov = cov.loc[lc["names"], lc["names"]].to_numpy()
    sd = np.sqrt(np.diag(cov))
    np.testing.assert_allclose(np.array(lc["cor"]), cov / np.outer(sd, sd), rtol=0, atol=1e-10)
    df = pd.read_csv(HERE / lc["data"])
    assert lc["data"] == e["data"]
    for pair, count in lc["empty_cells"].items():
        a, b = pair.split("~~")
        table = pd.crosstab(df[a], df[b])          # the observed values of both (NaN rows dropped)
        assert int((table.to_numpy() == 0).sum()) == count, pair
    assert sum(lc["empty_cells"].values()) > 0
