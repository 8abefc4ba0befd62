"""Speed of a bootstrap whose resamples mostly have no admissible solution (issue 12, point 1).

    python benchmarks/hard_bootstrap.py [--resamples 2000] [--seed 1] [--jobs -1]

The ECSI model (tests/reference/ecsi.lav) on ../shared/data/mobi.csv (250 customers): its full-sample
solution is near improper (standardized paths above 1), and lavaan 0.6-14
fails on 144 of 200 resamples.  A failing refit used to run thousands of
iterations (2–3 s) before it was counted, and one kind of rejected step
crashed the run.  Prints the wall time of the bootstrap alone, resamples per
second, the failed and inadmissible counts, and the time per failing and per
converging resample measured serially on the first 100.  Asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
sys.path.insert(0, str(ROOT))

ECSI = (ROOT / "tests" / "reference" / "ecsi.lav").read_text(encoding="utf-8")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--resamples", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=-1, help="worker processes (−1 = all cores)")
    args = ap.parse_args(argv)

    import numpy as np
    import pandas as pd
    from joblib import cpu_count

    from research.bootstrap import FAILED, _linear_start, _one_thread, _Task, bootstrap
    from research.effects import EffectPlan
    from research.sem import fit_sem

    data = pd.read_csv(SHARED / "data" / "mobi.csv")
    fit = fit_sem(ECSI, data)
    jobs = cpu_count() if args.jobs == -1 else args.jobs
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"model: ECSI on mobi.csv, N = {fit.n}, {fit.partable.npar} free parameters; warnings: "
          f"{', '.join(fit.warning_codes)}")

    started = time.perf_counter()
    boot = bootstrap(fit, data, n_boot=args.resamples, seed=args.seed, n_jobs=args.jobs)
    wall = time.perf_counter() - started
    print(f"bootstrap: {args.resamples} resamples in {wall:.1f} s ({args.resamples / wall:.0f}/s, {jobs} workers); "
          f"not converged {boot.n_nonconverged}, inadmissible {boot.n_inadmissible}, used {boot.n_used}")

    X = data[list(fit.partable.ov_names)].to_numpy(float)
    task = _Task(result=fit, plan=EffectPlan(fit.model), theta0=fit.theta.copy(), X=X, standardized=True,
                 linear=_linear_start(fit, fit.sample_cov.to_numpy()))
    k = task.statistics(fit.theta, fit.sample_cov.to_numpy()).size
    rng = np.random.default_rng(args.seed)
    times = {"failed": [], "converged": []}
    with _one_thread():                    # as in the workers: BLAS on one thread
        for _ in range(100):
            rows = rng.integers(0, len(X), len(X))
            t0 = time.perf_counter()
            _, status = task.one(rows, k)
            times["failed" if status == FAILED else "converged"].append(time.perf_counter() - t0)
    for kind, ts in times.items():
        if ts:
            print(f"serial, {kind}: {len(ts)} resamples, {1000 * np.mean(ts):.0f} ms each (max {1000 * max(ts):.0f} ms)")


if __name__ == "__main__":
    main()
