"""PLS-SEM display: research.tables.pls_* and research.figures.pls_path_diagram, redrawn from results.json.

The study is the bundled lsq5 sample (7 constructs, 27 items) analysed with ``method="pls"``, 200 bootstrap
resamples and PLSpredict; MICOM and MGA come from ``research.pls(..., group="PLATFORM", n_perm=200)`` on the same
responses (``analyze`` has no permutation count, and 5000 permutations would make a slow test).  Every number a
table shows is compared with the ``pls`` block it comes from (exactly: the tables keep full precision), and where
the block offers a second route to it, with that route (√AVE and the construct correlations of Fornell–Larcker,
the indirect effects as products of the paths).  The verdicts are checked band by band on hand-made blocks, at
the boundaries of Hair et al. (2019).  The figure is read back from its artists: the R² and the path labels
against the results and the bootstrap p, one number per indicator, and no overlap of boxes or texts.
"""
from __future__ import annotations

import itertools
import json
import math
import re
import warnings

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Ellipse, FancyArrowPatch, Rectangle
from matplotlib.path import Path

import research
from conftest import ROOT
from research import figures, tables
from research.errors import DataError, OptionError
from research.report.apa import display
from test_figures import (TEN_COLUMNS, apa, box_meets_polygon, by_gid, expected_stars, overlap, texts,
                          ten_construct_study)
from test_translations import problems

LANGS = ("en", "zh-Hans", "zh-Hant")
SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
TABLES = ("pls_reliability", "pls_loadings", "pls_htmt", "pls_htmt_tests", "pls_fornell_larcker",
          "pls_cross_loadings", "pls_paths", "pls_effects", "pls_r2", "pls_model_fit", "pls_predict",
          "pls_predict_summary", "pls_cvpat", "pls_ipma")
GROUP_TABLES = ("pls_micom", "pls_mga")
# the Latin words a Chinese column header may hold: symbols, established abbreviations and names
LATIN_OK = {"HTMT", "AVE", "VIF", "PLS", "LM", "RMSE", "MAE", "MGA", "CI", "SRMR", "IA", "Welch", "Satterthwaite",
            "Q", "R", "f", "predict", "t", "p", "c", "k", "n", "A", "C"}
MODERATED = """ECO =~ ECO1 + ECO2 + ECO3 + ECO4
RES =~ RES1 + RES2 + RES3 + RES4
SAT =~ SAT1 + SAT2 + SAT3
LOY <~ LOY1 + LOY2 + LOY3 + LOY4
SAT ~ ECO + RES + ECO:RES
LOY ~ SAT"""
HIGHER_ORDER = """ECO =~ ECO1 + ECO2 + ECO3 + ECO4
RES =~ RES1 + RES2 + RES3 + RES4
FLE =~ FLE1 + FLE2 + FLE3 + FLE4
SERV =~ ECO + RES + FLE
SAT =~ SAT1 + SAT2 + SAT3
LOY =~ LOY1 + LOY2 + LOY3 + LOY4
SAT ~ SERV
LOY ~ SAT + SERV"""


def _roundtrip(d: dict) -> dict:
    """As the app and the report get it: written to results.json and read back."""
    return json.loads(json.dumps(d, ensure_ascii=False, allow_nan=False))


@pytest.fixture(scope="module")
def analysis():
    return research.analyze(SAMPLE, questionnaire="lsq5", method="pls", bootstrap=200, seed=1, predict=True)


@pytest.fixture(scope="module")
def d(analysis):
    return _roundtrip(analysis.to_dict())


def _with_study(d: dict, study) -> dict:
    return {**d, "pls": _roundtrip(study.to_dict())}


@pytest.fixture(scope="module")
def grouped(analysis, d):
    """The pls block with MICOM and MGA (200 permutations) and the segment names analyze writes for PLATFORM."""
    study = research.pls(analysis.data, "lsq5", bootstrap=200, seed=1, group="PLATFORM", n_perm=200)
    q = research.load_questionnaire("lsq5")
    seg = next(s for s in q.segments if s.id == "PLATFORM")
    labels = {str(o.code): {lg: o.text(lg) for lg in LANGS} for o in seg.options}
    return {**_with_study(d, study), "groups": {"group": "PLATFORM", "labels": labels}}


@pytest.fixture(scope="module")
def moderated(analysis, d):
    """A formative (Mode B) outcome and a two-stage interaction term, bootstrapped."""
    return _with_study(d, research.pls(analysis.data, MODERATED, bootstrap=100, seed=2))


@pytest.fixture(scope="module")
def higher_order(analysis, d):
    """A disjoint two-stage higher-order construct: its indicators are the lower-order constructs."""
    return _with_study(d, research.pls(analysis.data, HIGHER_ORDER, bootstrap=0))


def col(frame: pd.DataFrame, key: str, lang: str = "en") -> list:
    return list(frame[tables._h(key, lang)])


def same(values, expected) -> bool:
    """Equal at full precision (None in the results is NaN in the table)."""
    a = np.array([np.nan if v is None else v for v in values], dtype=float)
    b = np.array([np.nan if v is None else v for v in expected], dtype=float)
    return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True))


# --------------------------------------------------------------------------
# the numbers are the pls block's, at full precision
# --------------------------------------------------------------------------

def test_reliability_is_the_assessment(d):
    rel = d["pls"]["assessment"]["reliability"]
    t = tables.pls_reliability(d)
    assert col(t, "code") == [r["construct"] for r in rel]
    assert col(t, "construct")[-2:] == ["Customer satisfaction", "Customer loyalty"]
    for key in ("alpha", "alpha_std", "rho_a", "rho_c", "ave"):
        assert same(col(t, key), [r[key] for r in rel]), key
    assert col(t, "items") == [r["items"] for r in rel]
    assert set(col(t, "verdict")) == {"pass"}            # the sample's scales are between .70 and .95, AVE ≥ .50
    assert t.attrs["formats"][tables._h("ave", "en")] == "unit3"


def test_loadings_weights_vif_and_bootstrap(d):
    pls = d["pls"]
    t = tables.pls_loadings(d)
    assert col(t, "code") == [r["item"] for r in pls["loadings"]]
    assert col(t, "construct_code") == [r["construct"] for r in pls["loadings"]]
    assert col(t, "item")[0] == d["labels"]["items"]["ECO1"]["en"]          # the question, its code beside it
    assert same(col(t, "outer_loading"), [r["loading"] for r in pls["loadings"]])
    assert same(col(t, "outer_weight"), [r["weight"] for r in pls["weights"]])
    assert same(col(t, "indicator_reliability"),
                [r["indicator_reliability"] for r in pls["assessment"]["indicator_reliability"]])
    assert np.allclose(col(t, "indicator_reliability"), np.square(col(t, "outer_loading")), atol=1e-12)
    assert same(col(t, "vif"), [r["vif"] for r in pls["assessment"]["outer_vif"]])
    boot = pls["bootstrap"]["tables"]
    for kind in ("loading", "weight"):
        rows = boot[f"{kind}s"]
        assert same(col(t, f"{kind}_t"), [r["t"] for r in rows])
        assert same(col(t, f"{kind}_p"), [r["p"] for r in rows])
        assert same(col(t, f"{kind}_ci_lower"), [r["ci.lower"] for r in rows])
        assert same(col(t, f"{kind}_ci_upper"), [r["ci.upper"] for r in rows])
    # every loading of the sample is ≥ .708 except where it is not: the verdict says which
    for loading, verdict in zip(col(t, "outer_loading"), col(t, "verdict")):
        assert verdict == ("pass" if loading >= .708 else "borderline")
    assert t.attrs["formats"][tables._h("loading_p", "en")] == "p"
    assert "200 bootstrap resamples" in t.attrs["note"] and "N = 460" in t.attrs["note"]


def test_htmt_lower_triangle_and_its_tests(d):
    a = d["pls"]["assessment"]["htmt"]
    t = tables.pls_htmt(d)
    names = col(t, "construct")
    assert list(t.columns[2:]) == names
    m = t.iloc[:, 2:].to_numpy(dtype=float)
    for i, j in itertools.product(range(len(names)), repeat=2):
        stored = a["values"][min(i, j)][max(i, j)]                 # the assessment keeps the upper triangle
        if i > j:
            assert m[i, j] == stored
        else:
            assert math.isnan(m[i, j])
    assert t.attrs["blank"] == names
    tests = tables.pls_htmt_tests(d)
    rows = d["pls"]["bootstrap"]["tables"]["htmt"]
    assert col(tests, "code") == [f"{r['lhs']} – {r['rhs']}" for r in rows]
    for key, field in (("htmt", "estimate"), ("ci_lower", "ci.lower"), ("ci_upper", "ci.upper"),
                       ("upper_bound", "one.sided.upper"), ("p85", "p.85"), ("p90", "p.90")):
        assert same(col(tests, key), [r[field] for r in rows]), key
    # the long table's estimates are the matrix's cells
    where = {c: k for k, c in enumerate(a["rownames"])}
    assert [m[max(where[r["lhs"]], where[r["rhs"]]), min(where[r["lhs"]], where[r["rhs"]])] for r in rows] == \
        col(tests, "htmt")
    assert "95% quantile" in tests.attrs["note"]


def test_fornell_larcker_is_root_ave_over_the_construct_correlations(d):
    t = tables.pls_fornell_larcker(d)
    m = t.iloc[:, 2:].to_numpy(dtype=float)
    ave = [r["ave"] for r in d["pls"]["assessment"]["reliability"]]
    assert np.allclose(np.diag(m), np.sqrt(ave), atol=1e-12, rtol=0)
    cc = np.array(d["pls"]["construct_correlations"]["values"])
    low = np.tril_indices(len(ave), -1)
    assert np.allclose(m[low], cc[low], atol=1e-12, rtol=0)
    assert np.isnan(m[np.triu_indices(len(ave), 1)]).all()


def test_cross_loadings(d):
    block = d["pls"]["assessment"]["cross_loadings"]
    t = tables.pls_cross_loadings(d)
    cols = [tables.name(d, c) for c in block["colnames"]]
    assert list(t.columns[2:-1]) == cols
    assert same(t[cols].to_numpy().ravel(), np.array(block["values"]).ravel())
    own = {r["item"]: r["loading"] for r in d["pls"]["loadings"]}
    for i, item in enumerate(block["rownames"]):
        assert t.loc[i, t.attrs["own"][i]] == own[item]
    assert set(t[tables._h("own_highest", "en")]) == {"yes"}


def test_paths_are_hypothesis_rows_with_the_bootstrap(d):
    pls = d["pls"]
    t = tables.pls_paths(d)
    rows = pls["paths"]
    assert col(t, "code") == [f"{r['rhs']} → {r['lhs']}" for r in rows]
    assert col(t, "path")[-1] == "Customer satisfaction → Customer loyalty"
    for key, field in (("beta", "est"), ("mean", "mean"), ("sd", "sd"), ("t", "t"), ("p", "p"),
                       ("ci_lower", "ci.lower"), ("ci_upper", "ci.upper"), ("f2", "f2")):
        assert same(col(t, key), [r[field] for r in rows]), key
    boot = {(r["from"], r["to"]): r for r in pls["bootstrap"]["tables"]["paths"]}
    assert col(t, "p") == [boot[(r["rhs"], r["lhs"])]["p"] for r in rows]
    vif = {(r["from"], r["to"]): r["vif"] for r in pls["assessment"]["inner_vif"]}
    assert col(t, "vif") == [vif[(r["rhs"], r["lhs"])] for r in rows]
    assert list(t[""]) == [expected_stars(r["p"]) for r in rows]
    assert col(t, "significant") == ["yes" if r["p"] < .05 else "no" for r in rows]
    assert col(t, "f2_size") == [tables.F2_SIZE[tables.f2_size(r["f2"])]["en"] for r in rows]
    shown = display(t)
    assert list(shown[tables._h("beta", "en")]) == [f"{r['est']:.3f}".lstrip("0") for r in rows]
    assert list(shown[tables._h("p", "en")]) == ["< .001" if r["p"] < .001 else f"{r['p']:.3f}".lstrip("0")
                                                 for r in rows]
    assert t.attrs["formats"][tables._h("beta", "en")] == "unit3" and t.attrs["formats"]["f²"] == "3"


def test_effects_with_their_bootstrap(d):
    pls = d["pls"]
    boot = pls["bootstrap"]["tables"]
    t = tables.pls_effects(d)
    kinds = col(t, "type")
    expected = ([("specific indirect", r["path"], r) for r in boot["indirect"]]
                + [("total indirect", f"{r['from']} → {r['to']}", r) for r in boot["total_indirect"]]
                + [("total", f"{r['from']} → {r['to']}", r) for r in boot["total"]])
    assert kinds == [k for k, _, _ in expected]
    assert col(t, "code") == [c for _, c, _ in expected]
    for key, field in (("beta", "estimate"), ("mean", "mean"), ("sd", "sd"), ("t", "t"), ("p", "p"),
                       ("ci_lower", "ci.lower"), ("ci_upper", "ci.upper")):
        assert same(col(t, key), [r[field] for _, _, r in expected]), key
    # a specific indirect effect is the product of its paths
    beta = {(r["rhs"], r["lhs"]): r["est"] for r in pls["paths"]}
    for code, value in zip(col(t, "code"), col(t, "beta")):
        chain = code.split(" → ")
        if len(chain) == 3:
            assert value == pytest.approx(beta[(chain[0], chain[1])] * beta[(chain[1], chain[2])], abs=1e-12)
    assert col(t, "path")[0] == "Economy → Customer satisfaction → Customer loyalty"


def test_r2_q2_and_model_fit(d):
    a = d["pls"]["assessment"]
    t = tables.pls_r2(d)
    assert col(t, "code") == list(d["pls"]["r2"])
    assert same(col(t, "r2"), list(d["pls"]["r2"].values()))
    assert same(col(t, "r2_adj"), [r["r2_adj"] for r in a["r2"]])
    assert same(col(t, "q2"), [r["q2"] for r in a["q2"]])
    assert col(t, "r2_size") == ["weak", "weak"]                   # R² .36 and .32
    assert col(t, "q2_size") == ["small", "small"]                 # Q² .24 and .21
    fit = tables.pls_model_fit(d)
    assert list(fit[tables._h("measure", "en")]) == ["SRMR", "d_ULS", "d_G"]
    assert same(col(fit, "saturated"), [r["saturated"] for r in a["model_fit"]])
    assert same(col(fit, "estimated"), [r["estimated"] for r in a["model_fit"]])
    assert col(fit, "verdict")[0] == "pass"
    assert fit.attrs["formats"][tables._h("saturated", "en")] == {0: "unit3", 1: "3", 2: "3"}


def test_predict_and_cvpat(d):
    pred = d["pls"]["predict"]["indicators"]
    t = tables.pls_predict(d)
    assert col(t, "code") == [r["item"] for r in pred]
    for key, field in (("q2_predict", "q2_predict"), ("pls_rmse", "rmse"), ("pls_mae", "mae"),
                       ("lm_rmse", "lm_rmse"), ("lm_mae", "lm_mae")):
        assert same(col(t, key), [r[field] for r in pred]), key
    assert col(t, "pls_below_lm_rmse") == ["yes" if r["rmse"] < r["lm_rmse"] else "no" for r in pred]
    assert col(t, "pls_below_lm_mae") == ["yes" if r["mae"] < r["lm_mae"] else "no" for r in pred]
    # the verdict of the target construct (LOY), counted here
    loy = [r for r in pred if r["construct"] == "LOY"]
    wins = sum(r["q2_predict"] > 0 and r["rmse"] < r["lm_rmse"] for r in loy)
    verdict = "high" if wins == len(loy) else "medium" if 2 * wins >= len(loy) else "low" if wins else "none"
    assert t.attrs["verdict"] == verdict
    assert f"{wins} of {len(loy)} indicators" in t.attrs["note"] and "Customer loyalty" in t.attrs["note"]
    summary = tables.pls_predict_summary(d)
    assert col(summary, "code") == ["SAT", "LOY", ""]
    assert col(summary, "indicators") == [3, 4, 7]
    cv = tables.pls_cvpat(d)
    rows = d["pls"]["cvpat"]["tests"]
    for key, field in (("loss_pls", "loss_pls"), ("loss_benchmark", "loss_benchmark"), ("difference", "difference"),
                       ("t", "t"), ("df", "df"), ("p", "pvalue")):
        assert same(col(cv, key), [r[field] for r in rows]), key
    assert col(cv, "construct")[2] == "Overall"
    assert col(cv, "pls_better") == ["yes" if r["pvalue"] < .05 and r["difference"] < 0 else "no" for r in rows]


def test_ipma_reuses_the_ipa_table(d):
    drivers = d["pls"]["ipma"]["drivers"]
    t = tables.pls_ipma(d)
    by = {r["driver"]: r for r in drivers}
    codes = col(t, "code")
    assert sorted(codes) == sorted(by)
    assert col(t, "importance") == [by[c]["importance"] for c in codes]
    assert col(t, "performance_100") == [by[c]["performance_100"] for c in codes]
    assert col(t, "priority") == sorted(col(t, "priority"))
    assert list(t.columns) == list(tables.ipa({**d, "ipa": {"map": d["pls"]["ipma"]}}).columns)


def test_micom_and_mga(grouped):
    micom = grouped["pls"]["micom"]["table"]
    t = tables.pls_micom(grouped)
    assert len(t) == len(micom) and col(t, "groups")[0] == "Taobao vs Tmall"
    for key, field in (("c", "c"), ("c_q05", "c_q05"), ("c_p", "c_p"), ("mean_diff", "mean_diff"),
                       ("mean_ci_lower", "mean_ci.lower"), ("mean_ci_upper", "mean_ci.upper"),
                       ("var_diff", "var_diff"), ("var_ci_lower", "var_ci.lower"), ("var_ci_upper", "var_ci.upper")):
        assert same(col(t, key), [r[field] for r in micom]), key
    assert col(t, "compositional") == ["yes" if r["compositional"] else "no" for r in micom]
    assert col(t, "invariance") == [tables.INVARIANCE[r["invariance"]]["en"] for r in micom]
    assert t.attrs["formats"]["c (compositional correlation)"] == "unit4"
    mga = grouped["pls"]["mga"]["table"]
    t = tables.pls_mga(grouped)
    for key, field in (("beta_1", "est.group1"), ("beta_2", "est.group2"), ("beta_diff", "diff"),
                       ("p_mga", "pls_mga_p_two"), ("p_perm", "perm_p"), ("p_param", "param_p"),
                       ("p_welch", "welch_p")):
        assert same(col(t, key), [r[field] for r in mga]), key
    assert col(t, "differs") == ["yes" if r["perm_p"] < .05 else "no" for r in mga]
    assert col(t, "code")[0] == f"{mga[0]['rhs']} → {mga[0]['lhs']}"
    zh = tables.pls_mga(grouped, "zh-Hant")
    assert col(zh, "groups", "zh-Hant")[0] == "淘寶 vs 天貓"


# --------------------------------------------------------------------------
# every table: formats, display, languages
# --------------------------------------------------------------------------

def _all(d, grouped, lang):
    for key in TABLES:
        yield key, getattr(tables, key)(d, lang)
    for key in GROUP_TABLES:
        yield key, getattr(tables, key)(grouped, lang)


@pytest.mark.parametrize("lang", LANGS)
def test_every_table_has_formats_and_displays(d, grouped, lang):
    for key, t in _all(d, grouped, lang):
        assert len(t), key
        formats = t.attrs.get("formats") or {}
        numeric = [c for c in t.columns if pd.api.types.is_float_dtype(t[c])]
        assert numeric and all(c in formats for c in numeric), (key, [c for c in numeric if c not in formats])
        shown = display(t, lang)
        cells = {str(v) for v in shown.to_numpy().ravel()}
        assert not cells & {"None", "nan", "NaN", "inf"}, key


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_chinese_tables_have_no_english_headers_or_wrong_script(d, grouped, lang):
    for key, t in _all(d, grouped, lang):
        for header in t.columns:
            latin = set(re.findall(r"[A-Za-z_]+", header)) - LATIN_OK
            assert not latin, (key, header, latin)
            en = list(getattr(tables, key)(grouped if key in GROUP_TABLES else d, "en").columns)
            assert header not in en or not re.search("[A-Za-z]{2}", header) or header.startswith(("PLS", "LM")) \
                or header in ("HTMT", "AVE", "VIF", "Q²predict"), (key, header)
            assert not problems(header, lang), (key, header, problems(header, lang))
        words = {v for c in t.columns if t[c].dtype == object for v in t[c] if isinstance(v, str)}
        for w in words:
            assert not problems(w, lang), (key, w, problems(w, lang))
        if t.attrs.get("note"):
            assert not problems(t.attrs["note"], lang), (key, t.attrs["note"])
    assert tables.pls_reliability(d, lang).iloc[-1, 0] == d["labels"]["constructs"]["LOY"][lang]


def test_all_pls_tables(d, grouped):
    sheets = tables.pls_tables(d)
    assert list(sheets) == list(TABLES)
    assert all(len(k) <= 31 for k in sheets)
    assert set(tables.pls_tables(grouped)) >= set(GROUP_TABLES)


def test_tables_without_a_pls_block_are_empty(d):
    plain = {k: v for k, v in d.items() if k != "pls"}
    for key in (*TABLES, *GROUP_TABLES):
        assert getattr(tables, key)(plain).empty, key
    assert tables.pls_tables(plain) == {}
    no_boot = {**d, "pls": {**d["pls"], "bootstrap": None, "predict": None, "cvpat": None}}
    assert tables.pls_htmt_tests(no_boot).empty and tables.pls_predict(no_boot).empty
    paths = tables.pls_paths({**no_boot, "pls": {**no_boot["pls"], "paths": [
        {k: v for k, v in r.items() if k in ("lhs", "op", "rhs", "est", "f2")} for r in d["pls"]["paths"]]}})
    assert tables._h("p", "en") not in paths.columns and tables._h("beta", "en") in paths.columns
    effects = tables.pls_effects(no_boot)           # from the assessment: the same estimates, no inference
    assert col(effects, "beta") == col(tables.pls_effects(d), "beta")
    assert tables._h("p", "en") not in effects.columns


# --------------------------------------------------------------------------
# verdicts, band by band (Hair et al. 2019), on hand-made blocks
# --------------------------------------------------------------------------

def _reliability_block(rows):
    return {"pls": {"constructs": [{"name": r["construct"], "items": ["x"] * r["items"], "mode": r["mode"],
                                    "reflective": r["mode"].startswith("A")} for r in rows],
                    "assessment": {"reliability": rows}}}


@pytest.mark.parametrize("alpha,rho_a,rho_c,ave,verdict,note", [
    (.55, .80, .85, .60, "fail", "α below .60"),
    (.60, .80, .85, .60, "borderline", "α between .60 and .70"),          # .60 is exploratory, not low
    (.69, .80, .85, .60, "borderline", "α between .60 and .70"),
    (.70, .80, .85, .60, "pass", ""),                                    # .70 passes
    (.80, .80, .94, .60, "pass", ""),
    (.80, .80, .95, .60, "borderline", "ρC ≥ .95"),                      # .95 is problematic
    (.96, .97, .97, .80, "borderline", "α, ρA, ρC ≥ .95"),
    (.80, .80, .85, .50, "pass", ""),                                    # AVE .50 passes
    (.80, .80, .85, .49, "fail", "AVE below .50"),
    (.65, .80, .96, .45, "fail", "between .60 and .70"),                # the worst decides
])
def test_reliability_verdict_bands(alpha, rho_a, rho_c, ave, verdict, note):
    block = _reliability_block([{"construct": "A", "mode": "A", "items": 3, "alpha": alpha, "alpha_std": alpha,
                                 "rho_a": rho_a, "rho_c": rho_c, "ave": ave}])
    t = tables.pls_reliability(block)
    assert col(t, "verdict") == [verdict]
    assert note in col(t, "notes")[0] if note else col(t, "notes") == [""]


def test_reliability_without_a_verdict():
    block = _reliability_block([
        {"construct": "F", "mode": "B", "items": 3, "alpha": None, "alpha_std": None, "rho_a": None, "rho_c": None,
         "ave": None},
        {"construct": "S", "mode": "A", "items": 1, "alpha": 1.0, "alpha_std": 1.0, "rho_a": 1.0, "rho_c": 1.0,
         "ave": 1.0}])
    for lang in LANGS:
        t = tables.pls_reliability(block, lang)
        assert col(t, "verdict", lang) == [tables.VERDICT["n/a"][lang]] * 2
        assert col(t, "mode", lang)[0] == tables.PLS_MODE["B"][lang]
        assert display(t, lang).iloc[0][tables._h("alpha", lang)] == "—"


def test_plsc_constructs_say_so():
    """The assessment writes a construct corrected by PLSc as mode "A (PLSc)": judged as Mode A, and named so."""
    block = _reliability_block([{"construct": "A", "mode": "A (PLSc)", "items": 3, "alpha": .8, "alpha_std": .8,
                                 "rho_a": .81, "rho_c": .8, "ave": .55}])
    block["pls"]["constructs"][0]["mode"] = "A"
    for lang, text in (("en", "reflective (Mode A), PLSc"), ("zh-Hant", "反映性（模式 A），PLSc 校正")):
        t = tables.pls_reliability(block, lang)
        assert col(t, "mode", lang) == [text] and col(t, "verdict", lang) == [tables.VERDICT["pass"][lang]]


def _indicator_block(mode, loading, vif, weight_p):
    return {"pls": {"constructs": [{"name": "A", "items": ["a1"], "mode": mode, "reflective": mode == "A"}],
                    "loadings": [{"construct": "A", "item": "a1", "loading": loading}],
                    "weights": [{"construct": "A", "item": "a1", "weight": .4}],
                    "assessment": {"outer_vif": [{"construct": "A", "item": "a1", "vif": vif}]},
                    "bootstrap": None if weight_p is None else {"tables": {
                        "weights": [{"construct": "A", "item": "a1", "t": 1.0, "p": weight_p, "ci.lower": -.1,
                                     "ci.upper": .9}],
                        "loadings": [{"construct": "A", "item": "a1", "t": 9.0, "p": .001, "ci.lower": .3,
                                      "ci.upper": .9}]}}}}


@pytest.mark.parametrize("mode,loading,vif,weight_p,verdict", [
    ("A", .708, 1.5, None, "pass"), ("A", .70, 1.5, None, "borderline"), ("A", .40, 1.5, None, "borderline"),
    ("A", .39, 1.5, None, "fail"), ("A", .90, 9.0, None, "pass"),       # VIF judges formative indicators only
    ("B", .30, 2.9, .01, "pass"), ("B", .30, 3.0, .01, "borderline"), ("B", .30, 5.0, .01, "fail"),
    ("B", .50, 1.5, .20, "pass"),                                      # n.s. weight, loading ≥ .50: keep
    ("B", .49, 1.5, .20, "borderline"),                                # n.s. weight, loading < .50
    ("B", .49, 1.5, None, "pass"),                                     # no bootstrap: VIF only
])
def test_indicator_verdicts(mode, loading, vif, weight_p, verdict):
    t = tables.pls_loadings(_indicator_block(mode, loading, vif, weight_p))
    assert col(t, "verdict") == [verdict]


@pytest.mark.parametrize("upper,verdict", [(.849, "pass"), (.85, "borderline"), (.899, "borderline"),
                                           (.90, "fail")])
def test_htmt_test_verdicts(upper, verdict):
    block = {"pls": {"constructs": [], "bootstrap": {"level": .95, "tables": {"htmt": [
        {"lhs": "A", "rhs": "B", "estimate": .7, "mean": .7, "sd": .05, "t": 14, "p": 0, "ci.lower": .6,
         "ci.upper": upper + .01, "one.sided.upper": upper, "p.85": .2, "p.90": .1}]}}}}
    assert col(tables.pls_htmt_tests(block), "verdict") == [verdict]


@pytest.mark.parametrize("value,f2,r2,q2", [
    (-.01, "none", "very_weak", "none"), (0.0, "none", "very_weak", "none"), (.019, "none", "very_weak", "small"),
    (.02, "small", "very_weak", "small"), (.149, "small", "very_weak", "small"), (.15, "medium", "very_weak", "small"),
    (.25, "medium", "weak", "medium"), (.35, "large", "weak", "medium"), (.50, "large", "moderate", "large"),
    (.75, "large", "substantial", "large"), (1.2, "large", "substantial", "large")])
def test_effect_size_words(value, f2, r2, q2):
    assert (tables.f2_size(value), tables.r2_size(value), tables.q2_size(value)) == (f2, r2, q2)
    assert tables.f2_size(None) is None


@pytest.mark.parametrize("wins,verdict", [(4, "high"), (3, "medium"), (2, "medium"), (1, "low"), (0, "none")])
def test_predictive_power_bands(wins, verdict):
    """All four indicators beat LM: high; a majority or the same number (2 of 4): medium; a minority: low;
    none: none.  An indicator with Q²predict ≤ 0 never counts, whatever its RMSE."""
    q2 = [.3] * 4
    pls_rmse = [.8 if k < wins else 1.0 for k in range(4)]
    lm_rmse = [.9] * 4
    assert tables.predictive_power(q2, pls_rmse, lm_rmse) == verdict
    assert tables.predictive_power([-.1] * 4, [.1] * 4, [.9] * 4) == "none"
    rows = [{"construct": "Y", "item": f"y{k}", "q2_predict": q2[k], "rmse": pls_rmse[k], "mae": .5,
             "lm_rmse": lm_rmse[k], "lm_mae": .6} for k in range(4)]
    t = tables.pls_predict({"pls": {"constructs": [], "settings": {"target": "Y"}, "predict": {"indicators": rows}}})
    assert t.attrs["verdict"] == verdict


@pytest.mark.parametrize("srmr,verdict", [(.079, "pass"), (.08, "fail")])
def test_srmr_verdict(srmr, verdict):
    block = {"pls": {"constructs": [], "assessment": {"model_fit": [
        {"measure": "SRMR", "saturated": .05, "estimated": srmr}, {"measure": "d_ULS", "saturated": .3,
                                                                   "estimated": .4}]}}}
    assert col(tables.pls_model_fit(block), "verdict") == [verdict, ""]


def test_formative_and_interaction_rows(moderated):
    rel = tables.pls_reliability(moderated)
    modes = dict(zip(col(rel, "code"), col(rel, "mode")))
    assert modes["LOY"] == "formative (Mode B)" and modes["ECO*RES"] == "interaction term"
    assert col(rel, "construct")[col(rel, "code").index("ECO*RES")] == "Economy × Responsiveness"
    loadings = tables.pls_loadings(moderated)
    boot = {(r["construct"], r["item"]): r["p"] for r in moderated["pls"]["bootstrap"]["tables"]["weights"]}
    vif = {(r["construct"], r["item"]): r["vif"] for r in moderated["pls"]["assessment"]["outer_vif"]}
    for c, item, loading, verdict in zip(col(loadings, "construct_code"), col(loadings, "code"),
                                         col(loadings, "outer_loading"), col(loadings, "verdict")):
        if c != "LOY":
            continue
        ok = vif[(c, item)] < 3 and (boot[(c, item)] < .05 or loading >= .50)
        assert verdict == ("pass" if ok else "borderline"), item
    htmt = tables.pls_htmt(moderated)
    assert htmt.iloc[:, 0].iloc[-1] == "Economy × Responsiveness"
    paths = tables.pls_paths(moderated)
    assert "Economy × Responsiveness → Customer satisfaction" in col(paths, "path")


# --------------------------------------------------------------------------
# the path diagram
# --------------------------------------------------------------------------

def _ends(arrow: FancyArrowPatch):
    """Where an arrow starts and where its head points (data coordinates; the curve it was drawn along)."""
    v = arrow._path_original.vertices
    return v[0], v[-1]


def _outline(artist) -> np.ndarray:
    return artist.get_verts()


def check_pls_diagram(fig: Figure, d: dict, lang: str = "en"):
    """Paths and R² against the results, one number per drawn indicator, nothing overlapping."""
    pls = d["pls"]
    boot_p = {(r["from"], r["to"]): r["p"] for r in ((pls.get("bootstrap") or {}).get("tables") or {}).get("paths", [])}
    labels, arrows = by_gid(fig, "label:"), by_gid(fig, "path:")
    assert len(labels) == len(arrows) == len(pls["paths"])
    for r in pls["paths"]:
        key = f"{r['rhs']}:{r['lhs']}"
        text = labels[key].get_text()
        assert text.startswith(apa(r["est"])), (key, text)
        p = boot_p.get((r["rhs"], r["lhs"]))
        assert p == r.get("p")                               # the paths' p is the bootstrap's
        rest = text[len(apa(r["est"])):].strip()
        assert rest == ("" if p is None else expected_stars(p) or "n.s."), (key, text, p)
        dashed = arrows[key].get_linestyle() not in ("-", "solid")
        assert dashed == (p is not None and p >= .05), key
    r2 = by_gid(fig, "r2:")
    assert set(r2) == set(pls["r2"])
    for n, t in r2.items():
        assert t.get_text() == f"R² = {apa(pls['r2'][n])}"
    names = by_gid(fig, "name:")
    for n, t in names.items():
        if n in d["labels"]["constructs"]:
            assert t.get_text().replace("\n", " ") == d["labels"]["constructs"][n][lang]

    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    boxes = {k: a.get_window_extent(renderer) for k, a in by_gid(fig, "item:").items()}
    for (k1, b1), (k2, b2) in itertools.combinations(boxes.items(), 2):
        assert not overlap(b1, b2), (k1, k2)
    outer = by_gid(fig, "outerlabel:")
    assert set(outer) == set(boxes) == set(by_gid(fig, "outer:")) == set(by_gid(fig, "itemtext:"))
    all_texts = texts(fig)
    extents = [t.get_window_extent(renderer) for t in all_texts]
    for (i, b1), (j, b2) in itertools.combinations(enumerate(extents), 2):
        assert not overlap(b1, b2), (all_texts[i].get_text(), all_texts[j].get_text())
    for t, b in zip(all_texts, extents):
        assert fig.bbox.x0 <= b.x0 and b.x1 <= fig.bbox.x1 and fig.bbox.y0 <= b.y0 and b.y1 <= fig.bbox.y1, \
            t.get_text()
    outlines = {**{f"node:{k}": _outline(a) for k, a in by_gid(fig, "node:").items()},
                **{f"item:{k}": _outline(a) for k, a in by_gid(fig, "item:").items()}}
    for key, lab in [*labels.items(), *outer.items()]:
        b = lab.get_window_extent(renderer)
        for n, poly in outlines.items():
            assert not box_meets_polygon(b, poly), (key, lab.get_text(), n)
    # a construct does not overlap a box; names, R² and codes sit inside their own outline
    for (k1, p1), (k2, p2) in itertools.combinations(outlines.items(), 2):
        assert not Path(p1).intersects_path(Path(p2), filled=True), (k1, k2)
    for prefix, outline in (("name:", "node:"), ("r2:", "node:"), ("itemtext:", "item:")):
        for k, t in by_gid(fig, prefix).items():
            b = t.get_window_extent(renderer)
            corners = [(b.x0, b.y0), (b.x0, b.y1), (b.x1, b.y0), (b.x1, b.y1)]
            assert Path(outlines[f"{outline}{k}"]).contains_points(corners).all(), (prefix, k)
    return boxes


@pytest.mark.parametrize("lang", LANGS)
def test_path_diagram_of_the_sample_study(d, lang):
    fig = figures.pls_path_diagram(d, lang=lang)
    assert isinstance(fig, Figure)
    boxes = check_pls_diagram(fig, d, lang)
    assert len(boxes) == 27
    w, h = fig.get_size_inches()
    assert w <= 16 and h <= 14                               # readable on a page or a screen
    nodes = by_gid(fig, "node:")
    assert all(isinstance(e, Ellipse) for e in nodes.values())
    assert all(isinstance(r, Rectangle) for r in by_gid(fig, "item:").values())
    centre = {n: e.center for n, e in nodes.items()}
    drivers = ["ECO", "RES", "FLE", "REL", "EMP"]
    assert len({centre[n][0] for n in drivers}) == 1 and centre["ECO"][0] < centre["SAT"][0] < centre["LOY"][0]
    items = {k: r.get_bbox() for k, r in by_gid(fig, "item:").items()}
    for k, b in items.items():
        construct = k.split(":")[0]
        x, y = centre[construct]
        if construct in drivers:
            assert b.x1 < x - nodes[construct].width / 2                    # exogenous: items on the left
        elif construct == "LOY":
            assert b.x0 > x + nodes[construct].width / 2                    # outcome: on the right
        else:
            assert b.y0 > y + nodes[construct].height / 2                   # mediator: above
    # reflective: the arrows run from the construct to its items, labelled with the outer loadings
    loading = {(r["construct"], r["item"]): r["loading"] for r in d["pls"]["loadings"]}
    for k, t in by_gid(fig, "outerlabel:").items():
        c, item = k.split(":")
        assert t.get_text() == apa(loading[(c, item)])
    arrow = by_gid(fig, "outer:")["SAT:SAT1"]
    assert isinstance(arrow, FancyArrowPatch)
    start, end = _ends(arrow)
    assert end[1] > start[1]                                              # SAT → SAT1 (above)
    note = " ".join(t.get_text() for t in fig.texts)
    words = {"en": ("path weighting scheme", "N = 460", "200 bootstrap resamples", "***p < .001"),
             "zh-Hans": ("路径加权方案", "N = 460", "200 次自助法重抽样", "***p < .001"),
             "zh-Hant": ("路徑加權方案", "N = 460", "200 次拔靴法重抽樣", "***p < .001")}[lang]
    for w in words:
        assert w in note, w
    if lang != "en":
        assert not problems(note, lang)


def test_path_diagram_weights_and_p_values(d):
    fig = figures.pls_path_diagram(d, show="weights", p_values=True, title=False)
    weight = {(r["construct"], r["item"]): r["weight"] for r in d["pls"]["weights"]}
    for k, t in by_gid(fig, "outerlabel:").items():
        assert t.get_text() == apa(weight[tuple(k.split(":"))])          # reflective: weights without stars
    for r in d["pls"]["paths"]:
        assert by_gid(fig, "label:")[f"{r['rhs']}:{r['lhs']}"].get_text() == f"{apa(r['est'])} (p < .001)"
    assert "PLS-SEM path model" not in [t.get_text() for t in fig.texts]
    assert "outer weights" in " ".join(t.get_text() for t in fig.texts)
    check_pls_diagram(figures.pls_path_diagram(d, show="loadings", lang="zh-Hans"), d, "zh-Hans")


def test_path_diagram_formative_and_interaction(moderated):
    fig = figures.pls_path_diagram(moderated)
    check_pls_diagram(fig, moderated)
    nodes = by_gid(fig, "node:")
    assert by_gid(fig, "name:")["ECO*RES"].get_text().replace("\n", " ") == "Economy × Responsiveness"
    assert not [k for k in by_gid(fig, "item:") if k.startswith("ECO*RES:")]   # no product indicator boxes
    assert nodes["ECO*RES"].get_facecolor() != nodes["ECO"].get_facecolor()
    label = by_gid(fig, "label:")["ECO*RES:SAT"].get_text()
    p = next(r["p"] for r in moderated["pls"]["paths"] if r["rhs"] == "ECO*RES")
    assert p >= .05 and label.endswith("n.s.")
    # formative LOY: arrows from the items into the construct, labelled with the weights and their stars
    boot = {(r["construct"], r["item"]): r["p"] for r in moderated["pls"]["bootstrap"]["tables"]["weights"]}
    weight = {(r["construct"], r["item"]): r["weight"] for r in moderated["pls"]["weights"]}
    x_loy = nodes["LOY"].center[0]
    for item in ("LOY1", "LOY2", "LOY3", "LOY4"):
        text = by_gid(fig, "outerlabel:")[f"LOY:{item}"].get_text()
        assert text == apa(weight[("LOY", item)]) + expected_stars(boot[("LOY", item)])
        start, end = _ends(by_gid(fig, "outer:")[f"LOY:{item}"])
        assert start[0] > end[0] > x_loy                             # starts at the box (right), ends at LOY
    note = " ".join(t.get_text() for t in fig.texts)
    assert "interaction term" in note and "formative" in note


def test_path_diagram_higher_order(higher_order):
    fig = figures.pls_path_diagram(higher_order, lang="zh-Hant")
    check_pls_diagram(fig, higher_order, "zh-Hant")
    locs = {k: a for k, a in by_gid(fig, "item:").items() if k.startswith("SERV:")}
    assert set(locs) == {"SERV:ECO", "SERV:RES", "SERV:FLE"}
    assert all(isinstance(a, Ellipse) for a in locs.values())                 # constructs, drawn as such
    assert by_gid(fig, "itemtext:")["SERV:RES"].get_text() == "回應性"
    assert "200" not in " ".join(t.get_text() for t in fig.texts)             # no bootstrap: said so
    assert "未做拔靴法重抽樣" in " ".join(t.get_text() for t in fig.texts)


def test_path_diagram_ten_constructs_with_long_blocks():
    """Test_figures' 10-construct model (4 columns, paths that skip columns, two near-zero paths) estimated by
    PLS, with blocks of 9, 8 and 6 items: columns as the CB-SEM diagram's, and still nothing overlaps."""
    longer = {"A1": 9, "O2": 8, "M2": 6}
    data, model = ten_construct_study(longer)
    d = {"pls": _roundtrip(research.pls(data, model, bootstrap=50, seed=1).to_dict())}
    assert any(r["p"] >= .05 for r in d["pls"]["paths"])
    fig = figures.pls_path_diagram(d, names={})
    check_pls_diagram(fig, {**d, "labels": {"constructs": {}}})
    x = {n: e.center[0] for n, e in by_gid(fig, "node:").items()}
    col_x = [{x[n] for n in col} for col in TEN_COLUMNS]
    assert all(len(v) == 1 for v in col_x) and [v.pop() for v in col_x] == sorted(x[col[0]] for col in TEN_COLUMNS)
    assert len(by_gid(fig, "item:")) == 3 * (len(x) - len(longer)) + sum(longer.values())


@pytest.mark.parametrize("lang", LANGS)
def test_path_diagram_renders_png_and_svg(d, lang):
    fig = figures.pls_path_diagram(d, lang=lang)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        png = figures.to_bytes(fig, "png", dpi=60)
        svg = figures.to_bytes(fig, "svg")
    glyph = [str(w.message) for w in caught if re.search(r"Glyph|missing from font", str(w.message))]
    assert not glyph, glyph[:3]
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert "<svg" in svg.decode("utf-8") and svg == figures.to_bytes(fig, "svg")
    import io
    buf = io.BytesIO()
    figures.save(fig, buf, "svg")
    assert buf.getvalue() == svg


def test_path_diagram_errors(d):
    plain = {k: v for k, v in d.items() if k != "pls"}
    with pytest.raises(OptionError) as err:
        figures.pls_path_diagram(plain)
    assert "method='pls'" in err.value.message("en")
    for lang in ("zh-Hans", "zh-Hant"):
        assert "PLS-SEM" in err.value.message(lang) and not problems(err.value.message(lang), lang)
    with pytest.raises(OptionError) as err:
        figures.pls_path_diagram(d, show="both")
    assert "both" in err.value.message("en")
    with pytest.raises(OptionError):
        figures.pls_path_diagram(d, lang="fr")
    with pytest.raises(DataError):
        figures.pls_path_diagram({**d, "pls": {**d["pls"], "paths": []}})
