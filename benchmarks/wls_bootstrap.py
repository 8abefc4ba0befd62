"""Speed of the WLSMV bootstrap (research.sem.wls_bootstrap) on the standard study — issue 19 point 6.

    python benchmarks/wls_bootstrap.py [--resamples 1000] [--jobs 2] [--steps 40] [--seed 1] [--pairwise]

The standard study: the LSQ-5 mediation SEM of tests/reference/ordinal.json ("sem_mediation": five service
dimensions × 4 items → SAT (3 items) → LOY (4 items), six indirect effects defined with :=), 27 five-point
items treated as ordered, on the 365 complete rows of the bundled sample (tests/reference/ordinal_lsq5.csv);
with ``--pairwise`` on all 500 rows of datasets/lsq5_sample.csv (REL4 reverse-coded as the questionnaire says)
with pairwise deletion — more rows than the study's N ≈ 460, and the pairwise statistics cost more.

Prints the load average and

* per resample, median CPU ms over ``--steps`` resamples in this process (one BLAS thread): the ordinal
  sample statistics (``ordinal_sample_stats(..., nacov="diag")``: thresholds, 351 polychoric correlations,
  DWLS weights), the refit (separable Gauss–Newton from the estimates) and everything (``_Task.one``);
* ``--resamples`` resamples with ``n_jobs = --jobs`` worker processes: wall seconds of a first run (worker
  processes started) and of a second run (workers reused), resamples per second, failures.

Issue 19 asks for 1000 resamples in ≤ 15 s on the 2-core machine.  Asserts nothing.  Wall times depend on
what else runs: with other jobs on the two cores they grow by the load; the CPU figures are steadier, and
1000 × (CPU ms per resample) / 2 cores is what the run costs on an idle machine.

Figures (2026-12-07, idle 2-core machine, load average 0.3; median CPU ms per resample of 40):

=====================================================  ===================
ordinal sample statistics (nacov="diag")               11.7 ms CPU
refit (separable Gauss–Newton, 7–10 steps)              3.6 ms CPU
whole resample                                         15.9 ms CPU
1000 resamples, n_jobs=2, workers started              12.9 s wall
1000 resamples, n_jobs=2, workers reused               10.8 s wall
=====================================================  ===================

Within the 15 s of issue 19 from a cold start.  With other jobs on the two cores the wall times grow with the
load (at load average 2: 17.4 s cold, 14.3 s warm).  Where the time goes: about half of the statistics is
research/sem/polychoric.py (Newton steps from the full sample's correlations and bivariate-normal integrals),
the rest ordinal_stats' bookkeeping and the DataFrame round trip of every resample.
"""
from __future__ import annotations

import argparse
import json
import statistics
import time

import numpy as np
import pandas as pd

from common import ROOT, load

from research.sem.ordinal_stats import ordinal_sample_stats
from research.sem.threads import one_thread
from research.sem.wls import fit_wls_data
from research.sem.wls_bootstrap import _make_task, wls_bootstrap


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--resamples", type=int, default=1000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--steps", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--pairwise", action="store_true")
    args = ap.parse_args()
    ref = json.loads((ROOT / "tests" / "reference" / "ordinal.json").read_text())
    model = next(m for m in ref["models"] if m["name"] == "sem_mediation")
    if args.pairwise:
        data = pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv")
        data["REL4"] = 6 - data["REL4"]
    else:
        data = pd.read_csv(ROOT / "tests" / "reference" / "ordinal_lsq5.csv")
    missing = "pairwise" if args.pairwise else "listwise"
    print(f"load average {load()}")
    t0 = time.perf_counter()
    res = fit_wls_data(model["syntax"], data, ordered=True, missing=missing)
    print(f"full-sample WLSMV fit ({missing}): {time.perf_counter() - t0:.2f} s wall; N = {res.n}, "
          f"{len(res.ordinal_stats.ov_names)} ordered items, {res.partable.npar} free parameters")

    task = _make_task(res, data)
    names = list(task.names)
    k = task.statistics(res.theta).size
    rng = np.random.default_rng(args.seed)
    cpu_stats, cpu_fit, cpu_one = [], [], []
    with one_thread():
        for _ in range(args.steps):
            rows = rng.integers(0, task.X.shape[0], task.X.shape[0])
            c = time.process_time()
            st = ordinal_sample_stats(pd.DataFrame(task.X[rows], columns=names), names, True, missing=missing,
                                      nacov="diag")[0]
            cpu_stats.append(time.process_time() - c)
            c = time.process_time()
            task.fast.fit(st.wls_obs, st.wls_v_diag)
            cpu_fit.append(time.process_time() - c)
            c = time.process_time()
            task.one(rows, k)
            cpu_one.append(time.process_time() - c)
    per = statistics.median(cpu_one) * 1000
    print(f"per resample, median CPU ms of {args.steps}: statistics {statistics.median(cpu_stats) * 1000:.1f}, "
          f"refit {statistics.median(cpu_fit) * 1000:.1f}, whole resample {per:.1f}")
    print(f"  -> {args.resamples} resamples cost {args.resamples * per / 1000:.1f} CPU s: "
          f"{args.resamples * per / 1000 / 2:.1f} s on two idle cores")

    for label in ("first run (workers started)", "second run (workers reused)"):
        t0 = time.perf_counter()
        boot = wls_bootstrap(res, data, n_boot=args.resamples, seed=args.seed, n_jobs=args.jobs)
        wall = time.perf_counter() - t0
        print(f"{args.resamples} resamples, n_jobs={args.jobs}, {label}: {wall:.1f} s wall, "
              f"{args.resamples / wall:.0f} resamples/s; used {boot.n_used}, failures {boot.failures}, "
              f"inadmissible {boot.n_inadmissible}; load average {load()}")
    pe = boot.parameters
    ind = pe[pe.op == ":="]
    print("indirect effects: est, delta-method SE (robust), bootstrap SE, 95 % percentile CI")
    delta = res.parameters.set_index("lhs").loc[ind.lhs, "se"].to_numpy()
    for (_, r), d in zip(ind.iterrows(), delta):
        print(f"  {r['lhs']:10s} {r['est']:.3f}  {d:.3f}  {r['se']:.3f}  [{r['ci.lower']:.3f}, {r['ci.upper']:.3f}]")


if __name__ == "__main__":
    main()
