"""Scale: ``research analyze`` on 100 000 respondents (issue 7, point 4).

    python benchmarks/scale.py [--n 100000] [--file PATH] [--keep]

Writes a 问卷星 按选项文本 GBK export of N simulated respondents with
``datasets/generate.py`` (the bundled sample's population and careless-row
shares), then runs ``research analyze FILE --bootstrap 0`` in a child process
and prints its wall time and peak memory (the child's maximum resident set
size), then the same steps timed one by one in this process.  The export is
read in blocks of ``research.io.load.BLOCK_ROWS`` rows; the SEM and the
reliability/validity statistics work from the covariance matrix.  Asserts
nothing.  Targets: ≤ 30 s and ≤ 2 GB.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, generator  # puts the repository on sys.path


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="respondents (default 100 000)")
    ap.add_argument("--file", help="use this export instead of writing one")
    ap.add_argument("--keep", action="store_true", help="keep the written export and results (prints where)")
    args = ap.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="research-scale-"))
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    if args.file:
        path = Path(args.file)
    else:
        started = time.perf_counter()
        path = generator().write_export(work / f"lsq5_wjx_gbk_{args.n}.csv", args.n)
        print(f"wrote {args.n:,} respondents ({path.stat().st_size / 2**20:.1f} MB, GBK) "
              f"in {time.perf_counter() - started:.1f} s")

    command = [sys.executable, "-m", "research.cli", "analyze", str(path), "--bootstrap", "0",
               "--out", str(work / "results")]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    wall = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # Linux: KiB → MiB
    if done.returncode:
        print(done.stdout, done.stderr, sep="\n")
        raise SystemExit(f"research analyze failed ({done.returncode})")
    print(f"research analyze --bootstrap 0: wall {wall:.1f} s, peak memory {peak:,.0f} MiB "
          f"(targets: 30 s, 2048 MiB)")

    from research import analyze, load_responses, screen

    started = time.perf_counter()
    responses = load_responses(path, "lsq5")
    loaded = time.perf_counter()
    screening = screen(responses)
    screened = time.perf_counter()
    result = analyze(screening.kept, questionnaire="lsq5", bootstrap=0, screen=False)
    analysed = time.perf_counter()
    print(f"  read {len(responses):,} rows in blocks: {loaded - started:.1f} s; screen: {screened - loaded:.1f} s "
          f"({screening.n_excluded:,} excluded); analysis of {result.sem.n:,} complete rows: "
          f"{analysed - screened:.1f} s")
    if args.keep:
        print(f"kept: {work}")
    else:
        for p in sorted(work.rglob("*"), reverse=True):
            p.unlink() if p.is_file() else p.rmdir()
        work.rmdir()


if __name__ == "__main__":
    main()
