"""`research analyze --method pls` on the command line: the flags reach the PLS study, its numbers are those of
research.pls run directly on the same screened responses, --group adds MICOM and MGA, FIML is refused in three
languages, a rerun writes the same file, and the README documents exactly the keys of the ``pls`` block.

The CLI runs in-process (research.cli.main, as tests/test_cli.py).  The group run uses the responses of the two
largest platforms only (Taobao and JD.com, cut from the 问卷星 export) with --permutations 300: MICOM and MGA permute
per pair of groups, and the eight platforms of the whole file make 28 pairs.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import re

import numpy as np
import pytest

import research
from conftest import ROOT
from research.cli import main
from research.defaults import DEFAULT_SEED
from research.pls import bootstrap_pls, estimate_pls, predict_pls

EXPORT = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
FLAGS = ["--method", "pls", "--scheme", "centroid", "--consistent", "--bootstrap", "200", "--predict"]
PLATFORM_QUESTION = "3、您最常使用的网购平台"
TWO_PLATFORMS = ("淘宝", "京东")          # codes 1 and 3: the two largest groups of the sample (118 and 104 kept)


def run_cli(args: list) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(args)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def plain(tmp_path_factory):
    """The flagged run on the whole export: (results.json as bytes, its pls block, printed output)."""
    folder = tmp_path_factory.mktemp("pls")
    code, out, err = run_cli(["--lang", "en", "analyze", str(EXPORT), "-q", "lsq5", *FLAGS, "--out", str(folder)])
    assert code == 0, err
    raw = (folder / "results.json").read_bytes()
    return raw, json.loads(raw)["pls"], out, json.loads(raw)


@pytest.fixture(scope="module")
def two_platforms(tmp_path_factory):
    """The export cut to the Taobao and JD.com respondents (still GBK, same columns): (file, results)."""
    folder = tmp_path_factory.mktemp("pls_group")
    rows = list(csv.reader(io.StringIO(EXPORT.read_bytes().decode("gbk"))))
    col = rows[0].index(PLATFORM_QUESTION)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([rows[0], *(r for r in rows[1:] if r[col] in TWO_PLATFORMS)])
    data = folder / "two_platforms.csv"
    data.write_bytes(buf.getvalue().encode("gbk"))
    code, out, err = run_cli(["--lang", "en", "analyze", str(data), "-q", "lsq5", "--method", "pls", "--bootstrap",
                              "200", "--predict", "--group", "PLATFORM", "--permutations", "300",
                              "--out", str(folder / "out")])
    assert code == 0, err
    return data, json.loads((folder / "out" / "results.json").read_text(encoding="utf-8"))


def screened(path):
    """The responses the CLI analyses: the export as read and screened with the default policy."""
    q = research.load_questionnaire("lsq5")
    return research.screen(research.load_responses(path, q)).kept.data, q


# --------------------------------------------------------------------------------------
# the flags and the numbers
# --------------------------------------------------------------------------------------

def test_flags_reach_the_pls_study(plain):
    _, pls, out, d = plain
    assert d["meta"]["spec"]["method"] == "pls"
    s = pls["settings"]
    assert (s["scheme"], s["consistent"], s["bootstrap"], s["predict"], s["seed"]) == \
        ("centroid", True, 200, True, DEFAULT_SEED)
    assert s["missing"] == pls["missing"]["method"] == "mean" and s["group"] is None
    assert pls["bootstrap"]["n_boot"] == 200 and pls["bootstrap"]["seed"] == DEFAULT_SEED
    assert all(c["consistent"] for c in pls["constructs"])          # every construct reflective: all PLSc
    assert pls["predict"] is not None and pls["cvpat"] is not None and pls["ipma"]["target"] == "LOY"
    assert pls["micom"] is None and pls["mga"] is None


def test_printed_summary_reports_the_pls_study(plain):
    out, pls = plain[2], plain[1]
    assert "PLS-SEM: centroid weighting scheme, consistent PLS (PLSc); N = 460; 200 bootstrap resamples" in out
    for r in pls["paths"]:                 # every structural path with its β as APA prints it
        line = next(ln for ln in out.splitlines() if f"{r['rhs']} → {r['lhs']}" in ln)
        assert f"{r['est']:.3f}".replace("0.", ".", 1) in line


def test_paths_equal_estimate_pls_on_the_same_screened_data(plain):
    _, pls, _, d = plain
    data, q = screened(EXPORT)
    assert pls["n"] == d["n"] == len(data) == 460
    fit = estimate_pls(data, q, scheme="centroid", consistent=True)
    assert pls["iterations"] == fit.iterations and pls["converged"] is fit.converged is True
    assert len(pls["paths"]) == len(fit.model.paths) == 6
    for r in pls["paths"]:
        assert r["est"] == pytest.approx(fit.paths.loc[r["rhs"], r["lhs"]], abs=1e-12)
    for r in pls["loadings"]:
        assert r["loading"] == pytest.approx(fit.loadings.loc[r["item"], r["construct"]], abs=1e-12)
    for c, v in pls["r2"].items():
        assert v == pytest.approx(fit.r2[c], abs=1e-12)
    # the bootstrap and PLSpredict with the run's seed: the same draws and folds, the same numbers
    boot = bootstrap_pls(fit, n_boot=200, seed=DEFAULT_SEED).table("paths").to_dict("records")
    for mine, theirs in zip(boot, pls["bootstrap"]["tables"]["paths"]):
        for col in ("estimate", "mean", "sd", "t", "p", "ci.lower", "ci.upper"):
            assert theirs[col] == pytest.approx(mine[col], rel=1e-12, abs=1e-300), col
    pred = predict_pls(fit, folds=10, repetitions=10, seed=DEFAULT_SEED).table().to_dict("records")
    for mine, theirs in zip(pred, pls["predict"]["indicators"]):
        assert theirs["item"] == mine["item"]
        assert theirs["rmse"] == pytest.approx(mine["rmse"], abs=1e-12)
        assert theirs["lm_rmse"] == pytest.approx(mine["lm_rmse"], abs=1e-12)


def test_results_json_written_twice_is_byte_identical(plain, tmp_path):
    raw = plain[0]
    code, _, err = run_cli(["--lang", "en", "analyze", str(EXPORT), "-q", "lsq5", *FLAGS, "--out", str(tmp_path)])
    assert code == 0, err
    assert (tmp_path / "results.json").read_bytes() == raw


@pytest.mark.parametrize("lang, words", [
    ("en", "FIML is a covariance-based method"),
    ("zh-Hans", "FIML 属于协方差方法"),
    ("zh-Hant", "FIML 屬於共變數方法"),
])
def test_fiml_is_refused_in_each_language(tmp_path, lang, words):
    code, out, err = run_cli(["--lang", lang, "analyze", str(EXPORT), "-q", "lsq5", "--method", "pls",
                              "--missing", "fiml", "--bootstrap", "0", "--out", str(tmp_path / "out")])
    assert code == 2
    assert words in err and "fiml" in err.lower()
    assert not (tmp_path / "out" / "results.json").exists()


def test_the_fiml_error_carries_all_three_languages():
    with pytest.raises(research.ResearchError) as caught:
        research.analyze(EXPORT, questionnaire="lsq5", method="pls", missing="fiml", bootstrap=0)
    err = caught.value
    assert "mean" in err.message("en") and "listwise" in err.message("en")
    assert "均值替换" in err.message("zh-Hans") and "协方差" in err.message("zh-Hans")
    assert "平均數取代" in err.message("zh-Hant") and "共變數" in err.message("zh-Hant")


# --------------------------------------------------------------------------------------
# --group: MICOM and MGA
# --------------------------------------------------------------------------------------

def test_group_adds_micom_and_mga(two_platforms):
    data_file, d = two_platforms
    pls = d["pls"]
    data, q = screened(data_file)
    sizes = data["PLATFORM"].value_counts()
    assert pls["settings"]["group"] == "PLATFORM"
    m, g = pls["micom"], pls["mga"]
    assert m["groups"] == g["groups"] == ["1", "3"] and m["column"] == g["column"] == "PLATFORM"
    assert m["n"] == g["n"] == {str(int(k)): int(v) for k, v in sizes.items()}
    assert m["n_perm"] == g["n_perm"] == 300 and g["n_boot"] == 200
    assert m["seed"] == g["seed"] == DEFAULT_SEED
    assert len(m["table"]) == 7 and len(g["table"]) == 6
    # each group is the PLS model of its own responses (missing answers replaced by the two groups' item means)
    items = list(estimate_pls(data, q).items)
    filled = data.copy()
    filled[items] = data[items].fillna(data[items].mean())
    for r in g["table"]:
        for col, code in (("est.group1", 1), ("est.group2", 3)):
            fit = estimate_pls(filled[filled["PLATFORM"] == code], q)
            assert r[col] == pytest.approx(fit.paths.loc[r["rhs"], r["lhs"]], abs=1e-10)
        assert 0 <= r["perm_p"] <= 1 and 0 <= r["pls_mga_p_two"] <= 1
    for r in m["table"]:
        assert r["compositional"] == (r["c"] >= r["c_q05"]) and r["n_perm_used"] == 300


# --------------------------------------------------------------------------------------
# the README documents exactly the keys of the pls block
# --------------------------------------------------------------------------------------

# dicts of fixed keys that the README lists key by key (other dicts are keyed by data: constructs, items, groups)
EXPANDED = ("settings", "missing", "assessment", "bootstrap", "bootstrap.tables", "predict", "cvpat", "ipma",
            "ipma.pls", "micom", "mga")
# dicts described in one row: the README names their keys in that row
NAMED = ("assessment.settings", "ipma.center", "micom.configural")


def readme_keys() -> dict:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### The `pls` block of results.json", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)` \| (.+) \|$", section, flags=re.M)
    assert len(rows) == len({k for k, _ in rows}), "a key listed twice"
    return dict(rows)


def block_keys(block: dict) -> dict:
    """key path → value for every key the README must list."""
    out = {}

    def walk(d: dict, prefix: str):
        for k, v in d.items():
            path = f"{prefix}{k}"
            out[path] = v
            if path in EXPANDED and isinstance(v, dict):
                walk(v, path + ".")
    walk(block, "")
    return out


def test_readme_lists_every_key_of_the_pls_block(two_platforms, plain):
    documented = readme_keys()
    full = block_keys(two_platforms[1]["pls"])          # bootstrap, predict, IPMA, MICOM and MGA all present
    assert all(full[k] is not None for k in ("bootstrap", "predict", "cvpat", "ipma", "micom", "mga"))
    assert set(documented) == set(full)
    # the same keys without --group, where micom and mga are null
    assert set(block_keys(plain[1])) == {k for k in full if not k.startswith(("micom.", "mga."))}
    for key, value in full.items():
        if key.startswith("bootstrap.tables.") or key.endswith("notes"):
            continue                    # below; notes are {en, zh-Hans, zh-Hant} (the conventions paragraph)
        desc = documented[key]
        columns = set()
        if isinstance(value, list) and value and isinstance(value[0], dict):
            columns = set().union(*(r.keys() for r in value))
        elif key in NAMED:
            columns = set(value)
        elif isinstance(value, dict) and set(value) == {"rownames", "colnames", "values"}:
            assert "matrix" in desc, key
        missing = [c for c in columns if f"`{c}`" not in desc]
        assert not missing, (key, missing)
    for name, table in full["bootstrap"]["tables"].items():      # the shared statistics, named once for all
        stats = {"estimate", "mean", "sd", "t", "p", "ci.lower", "ci.upper"}
        assert stats <= set(table[0])
        ids = set(table[0]) - stats - ({"one.sided.upper", "p.85", "p.90"} if name == "htmt" else set())
        assert all(f"`{c}`" in documented[f"bootstrap.tables.{name}"] for c in ids), name
        assert all(f"`{c}`" in documented["bootstrap.tables"] for c in stats)


def test_permutations_reach_micom_and_mga(two_platforms):
    assert two_platforms[1]["meta"]["spec"]["permutations"] == 300       # --permutations, recorded
