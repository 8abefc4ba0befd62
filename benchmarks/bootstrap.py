"""Speed of the bootstrap of the standard study (issue 7, point 1).

    python benchmarks/bootstrap.py [--resamples 5000] [--seed 20261122] [--jobs -1]

The standard study: the bundled 问卷星-style sample (N = 500 before screening,
27 items, 7 constructs, the LSQ model with 5 indirect effects through SAT).
Prints the wall time of the bootstrap alone (the fit before it is not
counted), resamples per second, the worker processes used, the failures and
inadmissible resamples, and the percentile CI of every indirect effect.
Asserts nothing.  Target: ≤ 10 s on a 2-core machine.
"""
from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--resamples", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--jobs", type=int, default=-1, help="worker processes (−1 = all cores)")
    args = ap.parse_args(argv)

    from joblib import cpu_count

    from research import analyze
    from research.bootstrap import bootstrap

    result = analyze(ROOT / "datasets" / "lsq5_wjx_gbk.csv", questionnaire="lsq5", bootstrap=0)
    sem = result.sem
    jobs = cpu_count() if args.jobs == -1 else args.jobs
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"model: N = {sem.n} complete rows, {len(sem.partable.ov_names)} items, {len(sem.partable.lv_names)} "
          f"constructs, {sem.partable.npar} free parameters; {args.resamples} resamples, seed {args.seed}, "
          f"{jobs} worker process(es)")
    started = time.perf_counter()
    boot = bootstrap(sem, result.data, n_boot=args.resamples, seed=args.seed, n_jobs=args.jobs)
    wall = time.perf_counter() - started
    print(f"bootstrap wall time: {wall:.2f} s  ({args.resamples / wall:,.0f} resamples/s)")
    print(f"non-converged: {boot.n_nonconverged}, inadmissible (kept, as lavaan): {boot.n_inadmissible}")
    eff = boot.effects
    for _, row in eff[eff["type"] == "indirect"].iterrows():
        path = " → ".join([row["from"], *row["via"], row["to"]])
        print(f"  {path:22} est {row['est']: .4f}  95% CI [{row['boot.ci.lower']: .4f}, {row['boot.ci.upper']: .4f}]")


if __name__ == "__main__":
    main()
