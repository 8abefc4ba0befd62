"""The walkthrough notebooks in notebooks/: they run, they show the key results, and the committed copies are executed.

Each notebook is executed once (nbclient, kernel ``python3`` from this environment, working
directory ``notebooks/``, output folder a temporary directory via ``RESEARCH_NOTEBOOK_OUTPUT``).
A probe cell appended to the in-memory copy prints the notebook's key objects as JSON; the
numbers are then checked against computations done here, independently of the toolkit, from the
clean table ``datasets/lsq5_sample.csv`` (UTF-8, answers as codes) and the facts of its data card
``datasets/README.md`` (which 40 respondents are careless, how many missing cells, how segments
were drawn).  The notebooks themselves read the 问卷星 GBK export of the same responses.
"""
from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import zipfile

import nbclient
import nbformat
import numpy as np
import pandas as pd
import pytest

from conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
NAMES = ["01_lsq_study.ipynb", "02_marketing_drivers_segments.ipynb", "03_reproduce_app_result.ipynb"]
GBK_EXPORT = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
CLEAN = ROOT / "datasets" / "lsq5_sample.csv"
MARK = "NOTEBOOK-PROBE:"

# datasets/README.md, "Careless respondents": the respondents (序号) the default screening must exclude
CARELESS = {
    "straight-liner": [13, 80, 155, 188, 199, 223, 230, 240, 252, 310, 365, 451],
    "speeder": [9, 15, 25, 88, 101, 160, 259, 291, 292, 314, 368, 388, 398, 445, 457],
    "attention": [23, 34, 85, 168, 171, 191, 216, 262, 470, 499],
    "duplicate": [117, 372, 427],
}
EXCLUDED = sorted(r for rows in CARELESS.values() for r in rows)
CONSTRUCTS = {"ECO": ["ECO1", "ECO2", "ECO3", "ECO4"], "RES": ["RES1", "RES2", "RES3", "RES4"],
              "FLE": ["FLE1", "FLE2", "FLE3", "FLE4"], "REL": ["REL1", "REL2", "REL3", "REL4"],
              "EMP": ["EMP1", "EMP2", "EMP3", "EMP4"], "SAT": ["SAT1", "SAT2", "SAT3"],
              "LOY": ["LOY1", "LOY2", "LOY3", "LOY4"]}
DRIVERS = ["ECO", "RES", "FLE", "REL", "EMP"]
XBORDER = {1: "主要跨境购物", 2: "主要国内购物", 3: "两者都有"}   # data card, segment table (zh-Hans)
# shared/DOMAIN.md §6: grades of the index, [lower, upper) (the default boundary rule), 100 in the top band
GRADES = [(85, 100.000001, "优"), (75, 85, "良"), (60, 75, "中"), (40, 60, "低"), (0, 40, "差")]

PROBES = {
    "02_marketing_drivers_segments.ipynb": """
import json as _json
print("NOTEBOOK-PROBE:" + _json.dumps({
    "derived": derived.to_dict(), "stated": stated.to_dict(), "drivers_n": drv.n,
    "answered": {str(int(g)): int(n) for g, n in answered.items()},
    "complete": {str(int(g)): int(n) for g, n in complete.items()}, "usable": [int(g) for g in usable],
    "highest": inv.highest, "index": idx.to_dict(), "weights": weights,
    "inv_missing": inv.missing,
    "analyze": {"highest": d["invariance"]["measurement"]["highest"], "groups_used": d["invariance"]["groups_used"],
                "missing": d["invariance"]["missing"], "small_groups": d["invariance"]["small_groups"],
                "ipa_stated": d["ipa"]["stated"], "index_segments": d["index"]["segments"]},
}, default=float))
""",
}


# --------------------------------------------------------------------------------------
# independent computations from the clean table
# --------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def clean_kept() -> pd.DataFrame:
    """lsq5_sample.csv without the 40 careless respondents, REL4 recoded (6 − answer, data card §3)."""
    df = pd.read_csv(CLEAN, encoding="utf-8")
    kept = df[~df["respondent"].isin(EXCLUDED)].copy()
    kept["REL4"] = 6 - kept["REL4"]
    return kept.reset_index(drop=True)


def mean_scores(df: pd.DataFrame) -> pd.DataFrame:
    """Mean of the answered items, when at least half of them (rounded up) are answered."""
    out = {}
    for c, items in CONSTRUCTS.items():
        answered = df[items].notna().sum(axis=1)
        out[c] = df[items].mean(axis=1).where(answered >= math.ceil(len(items) / 2))
    return pd.DataFrame(out)


def r2(y: np.ndarray, X: np.ndarray) -> float:
    """R² of an OLS regression with intercept (numpy least squares)."""
    A = np.column_stack([np.ones(len(y)), X])
    beta, *_ = np.linalg.lstsq(A, y, rcond=None)
    resid = y - A @ beta
    return 1 - resid @ resid / ((y - y.mean()) @ (y - y.mean()))


def lmg_brute_force(scores: pd.DataFrame, outcome: str, predictors: list) -> dict:
    """LMG (Lindeman, Merenda & Gold 1980): the R² increment of each predictor averaged over all p! orders."""
    data = scores[[outcome, *predictors]].dropna()
    y = data[outcome].to_numpy()
    cache = {(): 0.0}

    def r2_of(subset):
        key = tuple(sorted(subset))
        if key not in cache:
            cache[key] = r2(y, data[list(key)].to_numpy())
        return cache[key]

    total = dict.fromkeys(predictors, 0.0)
    orders = list(itertools.permutations(predictors))
    for order in orders:
        for k, p in enumerate(order):
            total[p] += r2_of(order[: k + 1]) - r2_of(order[:k])
    return {p: v / len(orders) for p, v in total.items()}


# --------------------------------------------------------------------------------------
# running the notebooks
# --------------------------------------------------------------------------------------

def _text(nb) -> str:
    """Every text output of every code cell: streams, text/plain and text/html."""
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                parts.append(out.get("text", ""))
            for mime in ("text/plain", "text/html"):
                if mime in out.get("data", {}):
                    parts.append(out["data"][mime])
    return "\n".join(parts)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """run(name) -> (executed notebook, all its text, probe dict, output folder); each notebook runs once."""
    done = {}

    def execute(name):
        if name not in done:
            nb = nbformat.read(NOTEBOOKS / name, as_version=4)
            if name in PROBES:
                nb.cells.append(nbformat.v4.new_code_cell(PROBES[name]))
            out = tmp_path_factory.mktemp(name.split("_")[0])
            env = dict(os.environ, RESEARCH_NOTEBOOK_OUTPUT=str(out))
            client = nbclient.NotebookClient(nb, kernel_name="python3", timeout=600,
                                             resources={"metadata": {"path": str(NOTEBOOKS)}})
            client.execute(env=env)       # raises CellExecutionError if a cell fails
            text = _text(nb)
            probe = {}
            for line in text.splitlines():
                if line.startswith(MARK):
                    probe = json.loads(line[len(MARK):])
            done[name] = (nb, text, probe, out)
        return done[name]

    return execute


@pytest.mark.parametrize("name", NAMES)
def test_notebook_runs_without_error(run, name):
    nb, text, _, _ = run(name)
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
    assert "Traceback" not in text


def test_01_import_and_screening(run, clean_kept):
    _, text, _, out = run("01_lsq_study.ipynb")
    # the data card: a GBK 问卷星 export of 500 rows, 157 missing Likert cells; 40 excluded, 460 kept
    assert "platform: wjx | format: csv | encoding: gbk | rows: 500" in text
    assert "missing answers (跳过 / -3): 157" in text
    assert "共读取 500 份答卷，保留 460 份，剔除 40 份" in text
    assert "500 responses read, 460 kept, 40 excluded" in text
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert sorted(int(e["respondent"]) for e in results["excluded"]) == EXCLUDED
    assert results["n"] == len(clean_kept) == 460
    # missing answers: the default "auto" resolves to FIML because kept rows skip items (data card: 157 missing
    # cells among the careful-looking rows), so the CFA and the SEM use every kept row with at least one of the
    # 27 items answered; listwise deletion, asked for by name, keeps only the rows with all 27 answered
    items = [i for its in CONSTRUCTS.values() for i in its]
    answered = int(clean_kept[items].notna().any(axis=1).sum())
    complete = int(clean_kept[items].notna().all(axis=1).sum())
    with_gaps = int(clean_kept[items].isna().any(axis=1).sum())
    assert answered == 460 and with_gaps == answered - complete > 0
    assert results["meta"]["spec"]["missing"] == results["cfa"]["missing"] == results["sem"]["missing"] == "fiml"
    assert results["cfa"]["n"] == results["sem"]["n"] == answered
    assert f"kept with a missing answer: {with_gaps}" in text
    assert f"missing answers: fiml | N in the CFA: {answered}, in the SEM: {answered}" in text
    assert f"missing='listwise': N = {complete} in the CFA, {complete} in the SEM" in text
    assert results["meta"]["data_sha256"] == hashlib.sha256(GBK_EXPORT.read_bytes()).hexdigest()
    # the shared defaults (research/defaults.py), used without naming them
    assert (results["meta"]["spec"]["bootstrap"], results["meta"]["spec"]["seed"]) == (1000, 20261122)
    assert results["sem"]["bootstrap"]["n_boot"] == 1000


def test_01_key_tables(run):
    _, text, _, out = run("01_lsq_study.ipynb")
    for header in ("构念", "α 的 95% CI", "AVE", "CR", "RMSEA", "SRMR", "假设", "95% CI 下限", "间接"):
        assert header in text, header
    for construct in CONSTRUCTS:
        assert construct in text
    for k, source in enumerate(DRIVERS, start=1):
        assert f"H{k}: {source} -> SAT, +" in text
    assert "H6: SAT -> LOY, +" in text
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    paths = {(p["lhs"], p["rhs"]): p["est"] for p in results["sem"]["parameters"] if p["op"] == "~"}
    # each printed indirect effect b is the product of its two paths (a·b), with a 95% bootstrap CI
    for x in DRIVERS:
        line = next(ln for ln in text.splitlines() if ln.startswith(f"{x} → SAT → LOY: b = "))
        b = float(line.split("b = ")[1].split(",")[0])
        assert b == pytest.approx(paths[("SAT", x)] * paths[("LOY", "SAT")], abs=5e-4)
        assert "95% CI [" in line and "1000 resamples" in line
        lo, hi = (float(v) for v in line.split("95% CI [")[1].split("]")[0].split(","))
        assert lo < b < hi


def test_01_files_written(run):
    _, text, _, out = run("01_lsq_study.ipynb")
    with zipfile.ZipFile(out / "LSQ_report.zh-Hans.docx") as z:
        assert "word/document.xml" in z.namelist()
    assert "<html" in (out / "LSQ_report.en.html").read_text(encoding="utf-8").lower()
    form = (out / "lsq5.zh-Hans.html").read_text(encoding="utf-8")
    assert "包裹能在承诺的时间内送达" in form          # REL1's text (data card)
    assert "REL1" not in form                         # respondent forms show no item ids
    nb = run("01_lsq_study.ipynb")[0]
    assert any("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))


def test_02_drivers_and_ipa(run, clean_kept):
    _, text, probe, _ = run("02_marketing_drivers_segments.ipynb")
    scores = mean_scores(clean_kept)
    assert probe["drivers_n"] == int(scores[["SAT", *DRIVERS]].notna().all(axis=1).sum())
    lmg = lmg_brute_force(scores, "SAT", DRIVERS)
    r2_full = r2(scores[["SAT", *DRIVERS]].dropna()["SAT"].to_numpy(),
                 scores[["SAT", *DRIVERS]].dropna()[DRIVERS].to_numpy())
    assert sum(lmg.values()) == pytest.approx(r2_full, abs=1e-12)
    stated_means = {c: clean_kept[f"IMP_{c}"].mean() for c in DRIVERS}
    for which, importance in (("derived", {c: lmg[c] / r2_full for c in DRIVERS}), ("stated", stated_means)):
        rows = {r["driver"]: r for r in probe[which]["drivers"]}
        imp = np.array([importance[c] for c in DRIVERS])
        perf = np.array([scores[c].mean() for c in DRIVERS])
        for k, c in enumerate(DRIVERS):
            assert rows[c]["importance"] == pytest.approx(imp[k], abs=1e-9)
            assert rows[c]["performance"] == pytest.approx(perf[k], abs=1e-12)
            # Martilla & James quadrants, crosshairs at the means (a value on a crosshair counts as high)
            high_i, high_p = imp[k] >= imp.mean(), perf[k] >= perf.mean()
            expected = {(True, False): "concentrate", (True, True): "keep_up", (False, False): "low_priority",
                        (False, True): "overkill"}[(bool(high_i), bool(high_p))]
            assert rows[c]["quadrant"] == expected, (which, c)
    # the data card: stated importance REL > ECO > RES > FLE > EMP (sample means of the normal rows)
    assert sorted(DRIVERS, key=lambda c: -stated_means[c]) == ["REL", "ECO", "RES", "FLE", "EMP"]
    assert "concentrate" in text and "重点改进区" in text
    assert probe["analyze"]["ipa_stated"]["questions"] == {c: f"IMP_{c}" for c in DRIVERS}
    for r in probe["analyze"]["ipa_stated"]["drivers"]:
        assert r["importance"] == pytest.approx(stated_means[r["driver"]], abs=1e-9)


def test_02_segments_invariance_and_index(run, clean_kept):
    _, text, probe, _ = run("02_marketing_drivers_segments.ipynb")
    items = [i for its in CONSTRUCTS.values() for i in its]
    # FIML (the default with missing answers): a segment's size is its kept rows with at least one item answered;
    # a multi-group model of 27 items needs 2 × 27 = 54 of them per segment (the toolkit's minimum is max(54, 50))
    answered = clean_kept[items].notna().any(axis=1).groupby(clean_kept["XBORDER"]).sum()
    complete = clean_kept[items].notna().all(axis=1).groupby(clean_kept["XBORDER"]).sum()
    assert probe["answered"] == {str(g): int(n) for g, n in answered.items()}
    assert probe["complete"] == {str(g): int(n) for g, n in complete.items()}
    usable = [int(g) for g, n in answered.items() if n >= 2 * len(items)]
    assert probe["usable"] == usable
    assert probe["inv_missing"] == probe["analyze"]["missing"] == "fiml"
    assert sorted(probe["analyze"]["groups_used"]) == [str(g) for g in usable]   # listed in order of appearance
    assert probe["analyze"]["small_groups"] == []
    # with listwise deletion the smallest segment (mainly cross-border, 12 % of the sample) would be too small
    assert sorted(int(g) for g, n in complete.items() if n < 2 * len(items)) == [1] and 1 in usable
    # segments were drawn independently of the answers (data card), so the same measurement model holds
    # in every segment: scalar invariance is the expected outcome, in both styles
    assert probe["highest"] == probe["analyze"]["highest"] == "scalar"
    assert "highest level that holds: scalar" in text and "invariance: scalar" in text
    for header in ("PLATFORM:", "XBORDER:", "Welch F", "p_adj", "ω²"):
        assert header in text, header
    # the index: E = Σ w·(x − 1)/4·100 with the LMG shares as weights, mean per XBORDER segment
    scores = mean_scores(clean_kept)
    w = pd.Series(probe["weights"])
    assert w.sum() == pytest.approx(1.0, abs=1e-12)
    e = ((scores[DRIVERS] - 1) / 4 * 100 * w[DRIVERS]).sum(axis=1, min_count=len(DRIVERS))
    segments = {s["segment"]: s for s in probe["index"]["segments"]}
    for code, label in XBORDER.items():
        part = e[clean_kept["XBORDER"] == code]
        assert segments[label]["n"] == int(part.notna().sum())
        assert segments[label]["mean"] == pytest.approx(part.mean(), abs=1e-9)
        assert segments[label]["grade"] == next(name for lo, hi, name in GRADES if lo <= part.mean() < hi)
    # the one-call style: its index has the same segments and sizes (its weights are SEM total effects)
    sizes = clean_kept["XBORDER"].value_counts()
    assert {int(s["segment"]): s["n"] for s in probe["analyze"]["index_segments"]} == \
        {int(c): int(n) for c, n in sizes.items()}


def test_03_reproduces_the_results_file(run, clean_kept):
    _, text, _, out = run("03_reproduce_app_result.ipynb")
    app = json.loads((out / "app_download" / "results.json").read_text(encoding="utf-8"))
    sha = hashlib.sha256(GBK_EXPORT.read_bytes()).hexdigest()
    assert app["meta"]["data_sha256"] == sha
    assert f"sha256 of lsq5_wjx_gbk.csv = {sha}" in text
    assert "sha256 matches meta.data_sha256: True" in text
    assert (app["meta"]["spec"]["bootstrap"], app["meta"]["spec"]["seed"]) == (200, 20261122)
    # the file records the resolved missing-data method, so the re-run fits with FIML too (every kept row with
    # at least one of the 27 items answered)
    items = [i for its in CONSTRUCTS.values() for i in its]
    answered = int(clean_kept[items].notna().any(axis=1).sum())
    assert app["meta"]["spec"]["missing"] == app["sem"]["missing"] == "fiml"
    assert app["cfa"]["n"] == app["sem"]["n"] == answered
    assert f"N in the CFA / SEM: {answered} / {answered}" in text
    for line in ("fit measures identical: True", "path estimates identical: True", "CIs identical: True",
                 "whole results.json identical (apart from the run time): True"):
        assert line in text


# --------------------------------------------------------------------------------------
# the committed copies
# --------------------------------------------------------------------------------------

COMMITTED_MARKERS = {
    "01_lsq_study.ipynb": ["保留 460 份，剔除 40 份", "H1: ECO -", "95% CI [", "LSQ_report.zh-Hans.docx",
                           "missing answers: fiml | N in the CFA: 460, in the SEM: 460",
                           "missing='listwise': N = 327 in the CFA, 327 in the SEM"],
    "02_marketing_drivers_segments.ipynb": ["concentrate", "highest level that holds: scalar", "invariance: scalar",
                                            "invariance: scalar | missing: fiml", "too small: []"],
    "03_reproduce_app_result.ipynb": ["sha256 matches meta.data_sha256: True", "N in the CFA / SEM: 460 / 460",
                                      "whole results.json identical (apart from the run time): True"],
}


@pytest.mark.parametrize("name", NAMES)
def test_committed_notebook_is_executed(name):
    path = NOTEBOOKS / name
    assert path.stat().st_size < 1.5 * 2**20
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code
    # executed top to bottom in one kernel: execution counts 1, 2, 3, … with nothing skipped
    assert [c.get("execution_count") for c in code] == list(range(1, len(code) + 1))
    assert all(c.outputs for c in code)          # every code cell of these notebooks shows something
    assert not [o for c in code for o in c.outputs if o.get("output_type") == "error"]
    text = _text(nb)
    for marker in COMMITTED_MARKERS[name]:
        assert marker in text, marker
    # no machine-specific paths in what readers see
    assert "/work/" not in text and "/tmp/" not in text and "/root/" not in text
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3"
