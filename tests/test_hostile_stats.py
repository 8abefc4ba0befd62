"""Hostile inputs to the statistics: unbounded options, mixed-type groups, single items, tiny samples,
infinite values, very large and non-converging models (issue 13).

Each case asserts a research.errors exception that names the limit (or the cell), or a bounded, correct
result.  The fast paths that keep large models fast are checked against the dense computations they
replace.  The large models run in a child process under a memory ceiling (RLIMIT_AS).
"""
from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import textwrap

import numpy as np
import pandas as pd
import pytest

import research
from research import limits
from research import reliability as rel
from research.analyze import AnalysisSpec, group_as_text
from research.bootstrap import bootstrap
from research.cli import main
from research.errors import DataError, OptionError, ResearchError
from research.io.load import load_table
from research.power import power
from research.sem.ram import RamModel
from research.sem.partable import build_partable
from research.sem.standardize import std_all_jacobian, std_all_vector

residuals_module = importlib.import_module("research.sem.residuals")
modindices_module = importlib.import_module("research.sem.modindices")

TWO = "A =~ a1 + a2 + a3\nB =~ b1 + b2 + b3\nB ~ A"


def _two_factor(n: int = 300, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    f = rng.standard_normal((n, 2))
    f[:, 1] = 0.5 * f[:, 0] + np.sqrt(0.75) * f[:, 1]
    cols = {f"a{i}": 0.8 * f[:, 0] + 0.6 * rng.standard_normal(n) for i in (1, 2, 3)}
    cols.update({f"b{i}": 0.7 * f[:, 1] + 0.7 * rng.standard_normal(n) for i in (1, 2, 3)})
    return pd.DataFrame(cols)


def _messages(err: ResearchError) -> dict:
    out = {lang: err.message(lang) for lang in ("en", "zh-Hans", "zh-Hant")}
    assert all(out.values())
    return out


# ----------------------------------------------------------------------------------------------
# options without bounds
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value", [10_000_000, limits.MAX_BOOTSTRAP + 1, 2 ** 70])
def test_bootstrap_count_is_bounded_before_any_work(value):
    with pytest.raises(OptionError) as err:
        AnalysisSpec(questionnaire="lsq5", bootstrap=value)
    text = _messages(err.value)
    assert "50,000" in text["en"] and "5000 is the usual number" in text["en"]
    assert "50,000" in text["zh-Hans"] and "重抽样" in text["zh-Hans"]
    assert AnalysisSpec(questionnaire="lsq5", bootstrap=limits.MAX_BOOTSTRAP).bootstrap == limits.MAX_BOOTSTRAP


def test_bootstrap_function_bounds_resamples_and_workers():
    data = _two_factor()
    with pytest.raises(OptionError) as err:
        bootstrap(TWO, data, n_boot=10 ** 9, seed=1)
    assert err.value.params["option"] == "n_boot" and "1,000,000,000" in err.value.message("en")
    with pytest.raises(OptionError) as err:
        bootstrap(TWO, data, n_boot=100, seed=1, n_jobs=10 ** 6)
    assert err.value.params["option"] == "n_jobs"
    assert f"from 1 to {limits.max_workers()}" in err.value.message("en")


def test_seed_must_fit_a_seed_sequence():
    with pytest.raises(OptionError):
        AnalysisSpec(questionnaire="lsq5", seed=-1)
    with pytest.raises(OptionError):
        AnalysisSpec(questionnaire="lsq5", seed=2 ** 64)
    assert AnalysisSpec(questionnaire="lsq5", seed=2 ** 64 - 1).seed == 2 ** 64 - 1


POPULATION = "A =~ .8*a1 + .8*a2 + .8*a3\nB =~ .7*b1 + .7*b2 + .7*b3\nB ~ .3*A"


@pytest.mark.parametrize("options, option, fragment", [
    ({"reps": 1_000_000_000}, "reps", "20,000"),
    ({"n": range(10 ** 9)}, "n", "at most 50 sample sizes"),
    ({"n": (10 ** 8,)}, "n", "up to 100,000"),
    ({"n_jobs": 100_000}, "n_jobs", "more workers than cores"),
])
def test_power_options_are_bounded(options, option, fragment):
    from research.simulate import PopulationModel

    model = PopulationModel.from_lavaan(POPULATION)
    with pytest.raises(OptionError) as err:
        power(model, **{"n": (200,), "reps": 10, **options})
    assert err.value.params["option"] == option
    assert fragment in err.value.message("en")
    _messages(err.value)


def test_cli_refuses_unbounded_options(tmp_path, capsys):
    data = tmp_path / "data.csv"
    _two_factor().to_csv(data, index=False)
    model = tmp_path / "model.lav"
    model.write_text(TWO, encoding="utf-8")
    assert main(["--lang", "en", "analyze", str(data), "--model", str(model), "--bootstrap", "10000000",
                 "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert "bootstrap" in err and "50,000" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "results.json").exists()
    population = tmp_path / "population.lav"
    population.write_text(POPULATION, encoding="utf-8")
    assert main(["--lang", "zh-Hans", "power", str(population), "--reps", "1000000000"]) == 2
    assert "20,000" in capsys.readouterr().err
    many = ",".join(str(200 + k) for k in range(60))
    assert main(["--lang", "en", "power", str(population), "--n", many, "--reps", "10"]) == 2
    assert "at most 50 sample sizes" in capsys.readouterr().err
    assert main(["--lang", "en", "power", str(population), "--jobs", "100000", "--reps", "10"]) == 2
    assert "workers" in capsys.readouterr().err


def test_model_size_is_bounded():
    items = [f"x{k}" for k in range(limits.MAX_MODEL_VARIABLES + 1)]
    model = "\n".join(f"F{j} =~ " + " + ".join(items[j::10]) for j in range(10))
    with pytest.raises(OptionError) as err:
        build_partable(model)
    assert f"> {limits.MAX_MODEL_VARIABLES}" in err.value.message("en")
    _messages(err.value)


def test_iteration_budget_scales_with_the_model_and_is_deterministic():
    small = RamModel(build_partable(TWO))
    assert small.iteration_budget(500, 5000) == (500, 5000)          # the reference models keep lavaan-like limits
    assert small.iteration_budget(80, 0) == (80, 0)                  # a bootstrap's own small budget is kept
    items = [f"x{k}" for k in range(100)]
    big = RamModel(build_partable("\n".join(
        ["M =~ " + " + ".join(items)] + [f"F{j} =~ " + " + ".join(items[10 * j:10 * j + 10]) for j in range(10)]
        + ["M ~~ 0*F" + str(j) for j in range(10)])))
    newton, bfgs = big.iteration_budget(500, 5000)
    assert big.q > 300 and newton == 50 and 200 <= bfgs < 1500
    assert big.iteration_budget(500, 5000) == (newton, bfgs)


# ----------------------------------------------------------------------------------------------
# nothing dropped, nothing made up
# ----------------------------------------------------------------------------------------------
def test_mixed_type_grouping_column_keeps_every_row(tmp_path):
    data = _two_factor(400)
    data["region"] = np.array(["north", "south", "1", "2"], dtype=object)[np.arange(400) % 4]
    path = tmp_path / "mixed.csv"
    data.to_csv(path, index=False)
    frame, _ = load_table(path)
    assert frame["region"].value_counts().to_dict() == {"north": 100, "south": 100, "1": 100, "2": 100}
    d = research.analyze(path, model=TWO, group="region", bootstrap=0).to_dict()
    assert d["n"] == 400
    assert sorted(d["invariance"]["groups_used"]) == ["1", "2", "north", "south"]
    by_group = d["drivers"]["by_group"]
    assert sorted(by_group) == ["1", "2", "north", "south"]
    assert sum(g["n"] for g in by_group.values()) == 400


def test_group_values_compared_as_text():
    mixed = pd.Series(["north", 1, 1.0, 2.0, None, "south "], dtype=object)
    assert group_as_text(mixed).tolist()[:4] == ["north", "1", "1", "2"]
    assert group_as_text(mixed).iloc[5] == "south" and pd.isna(group_as_text(mixed).iloc[4])
    codes = pd.Series([1.0, 2.0, np.nan, 3.0])                 # codes beside a missing cell, stored as floats
    assert group_as_text(codes).tolist()[:2] == [1, 2] and isinstance(group_as_text(codes).iloc[0], int)
    assert pd.isna(group_as_text(codes).iloc[2])
    scores = pd.Series([1.5, 2.0])
    assert group_as_text(scores) is scores
    assert group_as_text(pd.Series(["north", 1, pd.NA], dtype=object)).tolist()[:2] == ["north", "1"]


def test_stray_text_in_a_numeric_control_or_group_is_missing_and_named(tmp_path):
    data = _two_factor(200)
    data["AGE"] = np.random.default_rng(3).integers(18, 60, 200).astype(object)
    data.loc[7, "AGE"] = "N/A"
    data["g"] = np.where(np.arange(200) % 2, 1, 2).astype(object)
    data.loc[9, "g"] = "."
    path = tmp_path / "age.csv"
    data.to_csv(path, index=False)
    frame, _ = load_table(path)
    assert frame["AGE"].dtype == float and frame.attrs["text_cells"] == {"AGE": [(9, "N/A")], "g": [(11, ".")]}
    d = research.analyze(path, model=TWO, controls=["AGE"], group="g", bootstrap=0).to_dict()
    text = {w["column"]: w["en"] for w in d["warnings"] if w["code"] == "text_in_numeric"}
    assert "file row: value — 9: 'N/A'" in text["AGE"] and "11: '.'" in text["g"]
    reg = d["regression"][0]
    assert reg["k"] == 2 and [c["term"] for c in reg["coefficients"]] == ["(Intercept)", "AGE", "A"]
    assert d["groups"]["sizes"] == {"2": 100, "1": 99}
    assert sorted(d["invariance"]["groups_used"]) == ["1", "2"]


def test_text_cells_in_model_variables_are_named():
    data = _two_factor(200).astype(object)
    data.loc[4, "a2"] = "n/a"
    data.loc[9, "b3"] = "五"
    d = research.analyze(data, model=TWO, bootstrap=0).to_dict()
    text = [w for w in d["warnings"] if w["code"] == "text_in_numeric"]
    assert {w["column"] for w in text} == {"a2", "b3"}
    a2 = next(w for w in text if w["column"] == "a2")
    assert "5: 'n/a'" in a2["en"] and "不是数字" in a2["zh-Hans"] and "不是數字" in a2["zh-Hant"]
    # the two texts are missing answers: FIML (the default when answers are missing) keeps both rows,
    # listwise deletion drops them
    assert d["cfa"]["n"] == 200 and d["cfa"]["missing"] == "fiml"
    assert research.analyze(data, model=TWO, bootstrap=0, missing="listwise").to_dict()["cfa"]["n"] == 198


def test_single_item_reliability_is_not_applicable():
    for f in (rel.composite_reliability, rel.average_variance_extracted):
        assert np.isnan(f([0.8]))
        assert rel.flag("cr", f([0.8])) == "n/a"
    assert np.isnan(rel.omega([0.9], 1.0, [[1.0]]))
    assert np.isnan(rel.ave_semtools([0.9], 1.0, [[1.0]]))
    assert rel.composite_reliability([0.8, 0.8]) == pytest.approx(1.6 ** 2 / (1.6 ** 2 + 2 * 0.36))
    data = _two_factor()
    d = research.analyze(data, model="A =~ a1 + a2 + a3\nB =~ b1\nB ~ A", bootstrap=0).to_dict()
    b = d["reliability"]["B"]
    assert b["cr"] is None and b["ave"] is None and b["omega"] is None
    assert b["cr.flag"] == b["ave.flag"] == b["omega.flag"] == "n/a"
    assert "single item" in b["not_applicable"]["alpha"]["en"]


def test_seven_rows_six_variables_warns_small_sample():
    rng = np.random.default_rng(2)
    data = pd.DataFrame(rng.standard_normal((7, 6)), columns=["a1", "a2", "a3", "b1", "b2", "b3"])
    d = research.analyze(data, model="A =~ a1 + a2 + a3\nB =~ b1 + b2 + b3", bootstrap=0).to_dict()
    small = [w for w in d["warnings"] if w["code"] == "small_sample"]
    assert small and "N = 7" in small[0]["en"]


@pytest.mark.parametrize("call", ["fit_sem", "analyze", "invariance"])
def test_infinite_values_are_data_problems_with_their_cell(call):
    data = _two_factor(200)
    data["g"] = np.where(np.arange(200) % 2, "x", "y")
    data.loc[3, "a2"] = -np.inf
    run = {"fit_sem": lambda: research.fit_sem(TWO, data),
           "analyze": lambda: research.analyze(data, model=TWO, bootstrap=0),
           "invariance": lambda: research.invariance("A =~ a1 + a2 + a3\nB =~ b1 + b2 + b3", data, group="g")}
    with pytest.raises(DataError) as err:
        run[call]()
    assert (err.value.row, err.value.column, err.value.value) == (4, "a2", -np.inf)
    assert "row 4, column 'a2', value '-inf'" in err.value.message("en")
    _messages(err.value)


# ----------------------------------------------------------------------------------------------
# the fast paths equal the dense computations
# ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize("means, labels", [(False, False), (True, False), (False, True)])
def test_fast_residual_variances_equal_the_dense_ones(means, labels):
    data = _two_factor(250, seed=4)
    model = TWO + ("\n" + "\n".join(f"{v} ~ 1" for v in data.columns) if means else "\na1 ~~ b1")
    if labels:
        model = model.replace("A =~ a1 + a2 + a3", "A =~ a1 + l*a2 + l*a3")
    fit = research.fit_sem(model, data)
    acov, Q = residuals_module._acov_parts(fit, None)
    d_obs, d = residuals_module._acov_diagonals(fit, None)
    np.testing.assert_allclose(d_obs, np.diag(acov), rtol=1e-12)
    np.testing.assert_allclose(d, np.diag(Q @ acov @ Q.T), rtol=1e-9, atol=1e-15)


def test_std_all_jacobian_equals_central_differences_in_theta():
    data = _two_factor(250, seed=6)
    fit = research.fit_sem(TWO + "\na1 ~~ b1", data)
    model, theta, S = fit.model, fit.theta, fit.sample_cov.to_numpy()
    J = std_all_jacobian(model, theta, S)
    ref = np.zeros_like(J)
    for k in range(theta.size):
        h = 1e-6 * max(1.0, abs(theta[k]))
        up, dn = theta.copy(), theta.copy()
        up[k] += h
        dn[k] -= h
        ref[:, k] = (std_all_vector(model, up, S) - std_all_vector(model, dn, S)) / (2 * h)
    np.testing.assert_allclose(J, ref, atol=1e-8)


@pytest.mark.parametrize("extra_syntax", ["", "\nA =~ a1 + l*a2 + l*a3",
                                          "\n" + "\n".join(f"{v} ~ 1" for v in ("a1", "a2", "a3", "b1", "b2", "b3"))])
def test_structured_modification_indices_equal_the_dense_information(extra_syntax):
    from research.sem.mvnorm import vech_trace_matrix

    data = _two_factor(300, seed=8)
    model = TWO.replace("A =~ a1 + a2 + a3\n", "") if "l*a2" in extra_syntax else TWO
    fit = research.fit_sem(model + extra_syntax, data)
    ext, theta, rows, extra = modindices_module.extended_model(fit)
    g, Delta, info_times = modindices_module._gradient_information(fit, ext, theta, None)
    K = np.linalg.inv(ext.implied_cov(theta))
    A1 = 0.5 * vech_trace_matrix(K, K)                               # the whole information, as it used to be formed
    if fit.partable.meanstructure:
        p = len(K)
        A1 = np.block([[K, np.zeros((p, len(A1)))], [np.zeros((len(A1), p)), A1]])
    dense = Delta.T @ A1 @ Delta
    table = modindices_module._indices(fit, rows, theta, extra, g, Delta, info_times)
    model, cand = np.flatnonzero(~extra), np.flatnonzero(extra)
    # rows sharing an equality label are one parameter of the fitted model: I₂₂ = Kᵀ I K
    K = np.zeros((len(model), fit.partable.npar))
    K[np.arange(len(model)), [fit.partable.rows[k].free - 1 for k in model]] = 1.0
    I22_inv = np.linalg.inv(K.T @ dense[np.ix_(model, model)] @ K)
    I12 = dense[np.ix_(cand, model)] @ K
    V = np.diag(dense[np.ix_(cand, cand)]) - np.einsum("ij,jk,ik->i", I12, I22_inv, I12)
    ok = V > 1e-5
    assert ok.sum() > 20
    expected = pd.Series(fit.n * g[cand][ok] ** 2 / V[ok],
                         index=[(rows[k].lhs, rows[k].op, rows[k].rhs) for k in cand[ok]])
    got = table.set_index(["lhs", "op", "rhs"])["mi"]
    np.testing.assert_allclose(got.loc[expected.index].to_numpy(), expected.to_numpy(), rtol=1e-8)


def test_diagnostics_over_the_memory_bound_are_not_applicable(monkeypatch):
    monkeypatch.setattr(limits, "MAX_DIAGNOSTIC_MB", 0.01)
    d = research.analyze(_two_factor(), model=TWO, bootstrap=0, mi=5).to_dict()
    mi = d["diagnostics"]["cfa"]["modindices"]
    assert "not_applicable" in mi and "MB" in mi["not_applicable"]["en"]
    assert any(w["code"] == "modindices_not_computed" for w in d["warnings"])
    assert d["cfa"]["converged"] and d["reliability"]["A"]["cr"] > 0.7     # the rest of the analysis stands


# ----------------------------------------------------------------------------------------------
# large models: bounded time and memory (child process under RLIMIT_AS)
# ----------------------------------------------------------------------------------------------
_BIG = textwrap.dedent("""
    import json, resource, sys
    import numpy as np, pandas as pd
    ceiling = int(sys.argv[1])
    resource.setrlimit(resource.RLIMIT_AS, (ceiling, ceiling))
    import research
    k, m, n, loading, sem = int(sys.argv[2]), 10, 500, float(sys.argv[3]), sys.argv[4] == "sem"
    rng = np.random.default_rng(5)
    F = rng.standard_normal((n, k))
    cols, lines = {}, []
    for j in range(k):
        items = [f"f{j}_{i}" for i in range(m)]
        for it in items:
            cols[it] = loading * F[:, j] + 0.7 * rng.standard_normal(n)
        lines.append(f"F{j} =~ " + " + ".join(items))
    if sem:
        lines += ["F1 ~ F0", "F2 ~ F1"]
    d = research.analyze(pd.DataFrame(cols), model="\\n".join(lines), bootstrap=0, mi=5).to_dict()
    diag = d["diagnostics"]["cfa"]
    print(json.dumps({"converged": d["cfa"]["converged"], "cfi": d["cfa"]["fit"].get("cfi"),
                      "mi": len(diag["modindices"]) if isinstance(diag.get("modindices"), list) else None,
                      "residuals": isinstance(diag.get("largest_residuals"), list),
                      "method": d["method_bias"]["method_factor"],
                      "codes": sorted({w["code"] for w in d["warnings"]})}, default=str))
""")


def _big(k: int, loading: float, kind: str) -> dict:
    run = subprocess.run([sys.executable, "-c", _BIG, str(4 * 2 ** 30), str(k), str(loading), kind],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is Linux's")
def test_hundred_item_model_is_analysed_within_a_memory_ceiling():
    out = _big(10, 0.7, "cfa")
    assert out["converged"] and out["cfi"] > 0.98
    assert out["mi"] == 5 and out["residuals"]
    assert out["method"]["converged"] is True and "verdict" in out["method"]
    assert "single_start" in {w["code"] for w in out["method"]["warnings"]}       # the search was shortened: said


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is Linux's")
def test_non_converging_large_model_ends_with_warnings_and_results():
    out = _big(5, 0.0, "sem")                       # 50 items of pure noise: no ML solution to find
    assert out["converged"] is False and out["mi"] is None and out["residuals"] is False
    assert "not_converged" in out["codes"]
    assert out["method"] == {"not_applicable": {"en": "not computed: the model did not converge",
                                                "zh-Hans": "未计算：模型未收敛", "zh-Hant": "未計算：模型未收斂"}}


def test_duplicate_hypothesis_ids_are_refused():
    with pytest.raises(OptionError) as err:
        AnalysisSpec(questionnaire="lsq5", hypotheses=["H1: REL -> SAT, +", "H1: SAT -> LOY, +"])
    assert "H1 × 2" in err.value.message("en") and "编号" in err.value.message("zh-Hans")
    spec = AnalysisSpec(questionnaire="lsq5", hypotheses=["REL -> SAT", "SAT -> LOY"])
    assert [h.id for h in spec.hypotheses] == ["H1", "H2"]


@pytest.mark.parametrize("name", [r"$\undefinedcommand$", r"$\frac{x$", "a $x^2$ b"])
def test_figure_labels_are_never_mathtext(name):
    from research import figures

    d = research.analyze(_two_factor(), model=TWO, bootstrap=0).to_dict()
    fig = figures.path_diagram(d, lang="en", names={"B": name})
    assert figures.to_bytes(fig, "png").startswith(b"\x89PNG")
    assert name in [t.get_text() for t in fig.findobj(lambda a: hasattr(a, "get_parse_math"))]
    assert all(not t.get_parse_math() for t in fig.findobj(lambda a: hasattr(a, "get_parse_math")))


def test_one_thread_limit_is_restored_whatever_order_threads_finish():
    """Run in a fresh interpreter: the BLAS limits are process-wide state that other tests' threads touch."""
    script = textwrap.dedent("""
        import threading
        import numpy, scipy.linalg
        from threadpoolctl import threadpool_info
        from research.sem.threads import one_thread

        def blas():
            return sorted((i["filepath"], i["num_threads"]) for i in threadpool_info() if i["user_api"] == "blas")

        before = blas()
        entered, release_first, seen = threading.Barrier(2), threading.Event(), {}

        def first():
            with one_thread():
                entered.wait()
                release_first.wait()          # ends after the second thread has left its context

        def second():
            with one_thread():
                entered.wait()
                seen["inside"] = blas()

        a, b = threading.Thread(target=first), threading.Thread(target=second)
        a.start(), b.start()
        b.join()
        seen["after_second"] = blas()         # the first thread is still in its fit
        release_first.set()
        a.join()
        print(all(n == 1 for _, n in seen["inside"]), all(n == 1 for _, n in seen["after_second"]),
              blas() == before, any(n > 1 for _, n in before))
    """)
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "2"}
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, env=env)
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.split() == ["True", "True", "True", "True"]