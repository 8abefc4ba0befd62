"""Speed of the standard study: ``research analyze`` on the bundled sample (issue 3, point 10).

    python benchmarks/analyze.py [--bootstrap 5000] [--seed 20261122] [--repeat 1]

Runs the command-line program end to end (a fresh process: imports, reading the
GBK 问卷星 export, screening, reliability, validity, CFA, SEM, effects, the
bootstrap, writing results.json) and prints its wall time, then the same
analysis in this process with the bootstrap timed on its own.  Prints figures;
asserts nothing.  Target for issue 3: ≤ 60 s total on a 2-core machine.
"""
from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DATA = ROOT / "datasets" / "lsq5_wjx_gbk.csv"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--bootstrap", type=int, default=5000)
    ap.add_argument("--seed", type=int, default=20261122)
    ap.add_argument("--repeat", type=int, default=1)
    args = ap.parse_args(argv)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"data: {DATA.relative_to(ROOT)} (questionnaire lsq5), {args.bootstrap} resamples, seed {args.seed}")

    for run in range(1, args.repeat + 1):
        with tempfile.TemporaryDirectory() as out:
            cmd = [sys.executable, "-m", "research.cli", "analyze", str(DATA), "-q", "lsq5", "--out", out,
                   "--bootstrap", str(args.bootstrap), "--seed", str(args.seed), "--lang", "en"]
            started = time.perf_counter()
            done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True)
            wall = time.perf_counter() - started
        status = "ok" if done.returncode == 0 else f"exit {done.returncode}: {done.stderr.strip()[-300:]}"
        print(f"[{run}] research analyze (new process, end to end): {wall:7.2f} s  {status}")

    from research.analyze import analyze

    for run in range(1, args.repeat + 1):
        started = time.perf_counter()
        result = analyze(DATA, questionnaire="lsq5", bootstrap=args.bootstrap, seed=args.seed)
        total = time.perf_counter() - started
        boot = result.bootstrap or {}
        elapsed = boot.get("seconds", float("nan"))
        sem = result.sem
        print(f"[{run}] analyze() in process: {total:7.2f} s total, bootstrap {elapsed:6.2f} s "
              f"({args.bootstrap / elapsed:,.0f} resamples/s), everything else {total - elapsed:5.2f} s")
        print(f"     N = {result.n}, {len(result.reliability)} constructs, {sem.partable.npar} free parameters, "
              f"{boot.get('n_nonconverged', 0)} non-converged / {boot.get('n_inadmissible', 0)} inadmissible "
              f"resamples")


if __name__ == "__main__":
    main()
