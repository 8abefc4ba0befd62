"""Speed of the PLS bootstrap of the standard study (issue 15, point 3).

    python benchmarks/pls.py [--resamples 5000] [--seed 20261122] [--jobs 1 2] [--bca]

The standard study: the bundled 问卷星 sample ``datasets/lsq5_wjx_gbk.csv``
read with questionnaire ``lsq5`` (N = 500, 27 items, reverse-keyed items
recoded, missing answers replaced by the item mean), the PLS model of the
questionnaire (7 constructs, Mode A, path weighting).  Prints the machine
and its load, N, p, J, the wall time of the bootstrap alone (the fit before
it is not counted) for each worker count, resamples per second, PLS
iterations per resample, non-converged and failed resamples, and the 95 %
percentile intervals of the paths and indirect effects.  Asserts nothing.
Target: ≤ 5 s for 5000 resamples on a 2-core machine.
"""
from __future__ import annotations

import argparse
import os
import platform
import time

from common import ROOT


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--resamples", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2], help="worker processes to time (−1 = all cores)")
    ap.add_argument("--bca", action="store_true", help="also time the jackknife of BCa intervals")
    args = ap.parse_args(argv)

    import numpy as np

    from research.io.load import load_responses
    from research.pls import estimate_pls
    from research.pls.bootstrap import bootstrap_pls
    from research.pls.model import model_from_questionnaire
    from research.questionnaire import load_questionnaire

    q = load_questionnaire("lsq5")
    data = load_responses(ROOT / "datasets" / "lsq5_wjx_gbk.csv", q).data
    fit = estimate_pls(data, model_from_questionnaire(q))
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"numpy {np.__version__}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print(f"model: N = {fit.n}, p = {len(fit.items)} items, J = {len(fit.constructs)} constructs, "
          f"{len(fit.model.paths)} paths; full-sample fit {fit.iterations} iterations; "
          f"{args.resamples} resamples, seed {args.seed}")
    boot = None
    for jobs in args.jobs:
        started = time.perf_counter()
        boot = bootstrap_pls(fit, args.resamples, seed=args.seed, n_jobs=jobs)
        wall = time.perf_counter() - started
        print(f"n_jobs = {jobs}: bootstrap wall time {wall:.2f} s ({args.resamples / wall:,.0f} resamples/s); "
              f"{boot.iterations.mean():.2f} PLS iterations per resample; non-converged {boot.n_nonconverged}, "
              f"failed {boot.n_failed}")
    if args.bca:
        started = time.perf_counter()
        boot = boot.with_ci("bca")
        print(f"BCa jackknife ({fit.n} leave-one-out fits): {time.perf_counter() - started:.2f} s")
    for kind in ("paths", "indirect"):
        table = boot.table(kind)
        for _, row in table.iterrows():
            name = row["path"] if kind == "indirect" else f"{row['from']} → {row['to']}"
            print(f"  {name:18} est {row['estimate']: .4f}  sd {row['sd']:.4f}  t {row['t']:6.2f}  "
                  f"95% CI [{row['ci.lower']: .4f}, {row['ci.upper']: .4f}]  ({boot.ci})")
    load = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    print(f"load average after: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")


if __name__ == "__main__":
    main()
