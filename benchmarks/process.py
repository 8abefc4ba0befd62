"""Speed of the PROCESS bootstrap: model 7 with 5000 resamples on N = 500 (issue 16, point 6).

    python benchmarks/process.py [--resamples 5000] [--n 500] [--runs 5] [--seed 20261122]
                                 [--pyprocessmacro-python PATH]

The job: PROCESS model 7 (first-stage moderated mediation: X → M → Y, W moderating X → M), one
mediator, simulated data (fixed seed; x, w ~ N(0, 1), m = 0.4x + 0.2w + 0.2xw + e, y = 0.3x + 0.5m + e),
HC3 standard errors, percentile bootstrap intervals, conditional indirect effects at the mean and ±1 SD of
W and the index of moderated mediation.  Timed: ``research.process`` (the whole call: OLS fits,
effects, 5000 resamples) and the same job in ``pyprocessmacro`` (``Process(..., model=7, hc3=True,
percent=True, boot=5000)``) when it is installed — in this interpreter, or in the one named by
``--pyprocessmacro-python`` (a separate environment; run as a subprocess); otherwise the script says how
to install it.  Prints the machine and its load, the wall time of each run, the median over ``--runs``
runs (the first run, which pays for imports and warm caches, is reported apart), CPU time, and the
point estimates and bootstrap SEs of both programs side by side.  Asserts nothing.
Target: ≤ 1 s wall for ours on a 2-core machine.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from common import ROOT, load, timed

INSTALL = "pip install -e '.[bench]'   (or: pip install 'pyprocessmacro>=2.2,<3')"


def simulate(n: int, seed: int):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    x, w = rng.normal(size=n), rng.normal(size=n)
    m = 0.4 * x + 0.2 * w + 0.2 * x * w + rng.normal(size=n)
    y = 0.3 * x + 0.5 * m + rng.normal(size=n)
    return pd.DataFrame({"x": x, "w": w, "m": m, "y": y})


def run_pyprocessmacro(csv: str, resamples: int, seed: int, runs: int) -> dict:
    """Time pyprocessmacro on the job (in whichever interpreter runs this); estimates for the comparison."""
    import warnings

    import pandas as pd
    import pyprocessmacro
    from pyprocessmacro import Process

    df = pd.read_csv(csv)

    def call():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return Process(data=df, model=7, x="x", y="y", m=["m"], w="w", boot=resamples, seed=seed,
                           hc3=True, percent=True, suppr_init=True)

    t = timed(call, runs)
    tidy = t.pop("result").tidy()
    rows = tidy[tidy["component"].isin(["indirect", "index_mm"])]
    t["estimates"] = [{"what": "index" if r.component == "index_mm" else f"w = {r.w:.4f}",
                       "effect": float(r.estimate), "boot.se": float(r.std_error)} for r in rows.itertuples()]
    t["version"] = getattr(pyprocessmacro, "__version__", "?")
    return t


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--resamples", type=int, default=5000)
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--runs", type=int, default=5, help="timed runs after the first (median reported)")
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--pyprocessmacro-python", metavar="PATH",
                    help="an interpreter with pyprocessmacro installed (default: this one)")
    ap.add_argument("--pyprocessmacro-worker", metavar="CSV", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)

    if args.pyprocessmacro_worker:                   # the subprocess: time pyprocessmacro only, print JSON
        print(json.dumps(run_pyprocessmacro(args.pyprocessmacro_worker, args.resamples, args.seed, args.runs)))
        return

    import numpy as np

    import research

    df = simulate(args.n, args.seed)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"numpy {np.__version__}; load average {load()}")
    print(f"job: PROCESS model 7 (X → M → Y, W moderates X → M), N = {args.n} simulated (seed {args.seed}), "
          f"{args.resamples} bootstrap resamples, HC3 SEs, percentile CIs; {args.runs} timed runs after a first")

    def ours():
        return research.process(df, model=7, x="x", m=["m"], y="y", w="w", boot=args.resamples, seed=args.seed,
                                se="hc3", ci="percentile")

    mine = timed(ours, args.runs)
    r = mine.pop("result")
    print(f"research.process: median wall {mine['median']:.3f} s (CPU {mine['cpu']:.3f} s; runs "
          + ", ".join(f"{w:.3f}" for w in mine["walls"]) + f"; first run {mine['first']:.3f} s) "
          + ("— within the 1 s target" if mine["median"] <= 1.0 else "— ABOVE the 1 s target"))
    ours_rows = [{"what": f"w = {row['w']:.4f}", "effect": row["effect"], "boot.se": row["boot.se"]}
                 for row in r.indirect.to_dict("records")]
    ours_rows += [{"what": "index", "effect": row["effect"], "boot.se": row["boot.se"]}
                  for row in r.indices.to_dict("records")]

    theirs = None
    with tempfile.TemporaryDirectory() as tmp:
        csv = str(Path(tmp) / "model7.csv")
        df.to_csv(csv, index=False)
        if args.pyprocessmacro_python:
            cmd = [args.pyprocessmacro_python, str(Path(__file__).resolve()), "--pyprocessmacro-worker", csv,
                   "--resamples", str(args.resamples), "--seed", str(args.seed), "--runs", str(args.runs)]
            done = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
            if done.returncode == 0:
                theirs = json.loads(done.stdout.strip().splitlines()[-1])
            else:
                tail = (done.stderr.strip().splitlines() or ["?"])[-1]
                print(f"pyprocessmacro in {args.pyprocessmacro_python}: failed ({tail[:160]}); install: {INSTALL}")
        else:
            try:
                theirs = run_pyprocessmacro(csv, args.resamples, args.seed, args.runs)
            except ImportError:
                print(f"pyprocessmacro: not installed in this interpreter ({sys.executable}); install: {INSTALL}, "
                      "or point --pyprocessmacro-python at an environment that has it")
    if theirs:
        ratio = theirs["median"] / mine["median"]
        print(f"pyprocessmacro {theirs['version']}: median wall {theirs['median']:.3f} s (CPU {theirs['cpu']:.3f} s; "
              "runs " + ", ".join(f"{w:.3f}" for w in theirs["walls"]) + f"; first run {theirs['first']:.3f} s); "
              f"research.process takes {1 / ratio:.2f}× its time")
    print("estimates (point estimate, bootstrap SE):")
    for k, row in enumerate(ours_rows):
        line = f"  {row['what']:>12}: research.process {row['effect']: .4f} ({row['boot.se']:.4f})"
        if theirs and k < len(theirs["estimates"]):
            other = theirs["estimates"][k]
            line += f" | pyprocessmacro {other['effect']: .4f} ({other['boot.se']:.4f})"
        print(line)
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
