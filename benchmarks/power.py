"""Speed and answer of the Monte Carlo power analysis of the LSQ study (issue 7, point 6).

    python benchmarks/power.py [--reps 200] [--seed 20261122] [--jobs -1] [--continuous]

The population is the one the sample data are drawn from (``datasets/generate.py``:
27 items, five correlated LSQ dimensions → SAT → LOY, six paths and five
indirect effects through SAT).  At N = 200, 300 and 500 it simulates ``--reps``
samples each, cut into 5-point Likert answers (``--continuous`` keeps the
continuous scores), fits the model to each and prints the wall time, fits per
second, convergence, the power table with Monte Carlo SEs and the N needed for
80 % power.  Saves the power curves as ``benchmarks/figures/power_curves.png``
and ``.svg``.  Asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import platform
import time

from common import ROOT, generator  # puts the repository on sys.path

FIGURES = ROOT / "benchmarks" / "figures"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reps", type=int, default=200)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--jobs", type=int, default=-1, help="worker processes (−1 = all cores)")
    ap.add_argument("--continuous", action="store_true", help="continuous scores instead of 5-point answers")
    args = ap.parse_args(argv)

    import pandas as pd
    from joblib import cpu_count

    from research.figures import save
    from research.power import plot, power
    from research.questionnaire import load_questionnaire

    gen = generator()
    population = gen.population_model(load_questionnaire("lsq5"))
    ns = (200, 300, 500)
    jobs = cpu_count() if args.jobs == -1 else args.jobs
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"population: datasets/generate.py — {len(population.items)} items, {len(population.constructs)} "
          f"constructs, {len(population.paths)} paths; N = {ns}, {args.reps} replications each, "
          f"{'continuous' if args.continuous else '5-point Likert'} data, seed {args.seed}, {jobs} worker(s)")
    started = time.perf_counter()
    res = power(population, n=ns, reps=args.reps, seed=args.seed, likert=None if args.continuous else 5,
                n_jobs=args.jobs)
    wall = time.perf_counter() - started
    fits = len(ns) * args.reps
    print(f"wall time: {wall:.1f} s  ({fits} fits, {fits / wall:.1f} fits/s)")
    with pd.option_context("display.width", 160, "display.max_columns", 20):
        print("\nconvergence:")
        print(res.convergence().to_string(index=False))
        print("\npower (share of converged replications with p < .05 and the population's sign):")
        print(res.table(se=True).round(3).to_string(index=False))
        print("\nmean standardised estimate and relative bias:")
        print(res.bias().round(3).to_string(index=False))
        print("\nN needed for 80 % power (linear interpolation between the simulated N):")
        print(res.n_needed(0.8)[["parameter", "kind", "population", "text"]].to_string(index=False))
    FIGURES.mkdir(parents=True, exist_ok=True)
    fig = plot(res, lang="en")
    for fmt in ("png", "svg"):
        path = FIGURES / f"power_curves.{fmt}"
        save(fig, path, format=fmt)
        print(f"saved {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
