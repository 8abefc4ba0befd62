"""Time of `research.analyze` on large models (issue 13, point 4: 100 observed variables in ≤ 60 s).

    python benchmarks/big_models.py [--items 100] [--n 500] [--seed 5]

Three simulated studies of ``--items`` items in factors of 10, N = ``--n``:
a CFA whose model is true (loadings .7), the same items with three
structural paths, and pure noise with those paths (no ML solution: every fit
stops at its iteration limit).  For each: the wall time of the whole
analysis (reliability, validity, CFA, SEM, modification indices, residuals,
Mardia, method-bias checks; no bootstrap) and of its parts, CFI, whether the
CFA converged, and the peak resident memory of the process.  Asserts nothing.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _study(items: int, n: int, loading: float, seed: int):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    k = items // 10
    factors = rng.standard_normal((n, k))
    cols, lines = {}, []
    for j in range(k):
        names = [f"f{j}_{i}" for i in range(10)]
        for name in names:
            cols[name] = loading * factors[:, j] + 0.7 * rng.standard_normal(n)
        lines.append(f"F{j} =~ " + " + ".join(names))
    return pd.DataFrame(cols), lines


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--items", type=int, default=100)
    ap.add_argument("--n", type=int, default=500)
    ap.add_argument("--seed", type=int, default=5)
    args = ap.parse_args(argv)

    import research
    from research import method_bias as mb
    from research.sem.modindices import modindices
    from research.sem.residuals import residuals

    print(f"python {platform.python_version()}, {os.cpu_count()} cores; {args.items} items, N = {args.n}")
    for label, loading, paths in (("true CFA", 0.7, False), ("true CFA + 3 paths", 0.7, True),
                                  ("noise + 3 paths", 0.0, True)):
        data, lines = _study(args.items, args.n, loading, args.seed)
        model = "\n".join(lines + (["F1 ~ F0", "F2 ~ F1", "F3 ~ F2"] if paths else []))
        t0 = time.perf_counter()
        d = research.analyze(data, model=model, bootstrap=0, mi=10).to_dict()
        total = time.perf_counter() - t0
        cfi = d["cfa"]["fit"].get("cfi")
        print(f"\n{label}: analyze {total:.1f} s, CFA converged {d['cfa']['converged']}, "
              f"CFI {cfi if cfi is None else round(cfi, 3)}")
        if not d["cfa"]["converged"]:
            continue
        parts = {}
        t = time.perf_counter()
        fit = research.cfa("\n".join(lines), data)
        parts["CFA fit"] = time.perf_counter() - t
        t = time.perf_counter()
        modindices(fit, max_rows=10)
        parts["modification indices"] = time.perf_counter() - t
        t = time.perf_counter()
        residuals(fit, "standardized")
        parts["standardized residuals"] = time.perf_counter() - t
        blocks = {line.split(" =~ ")[0]: line.split(" =~ ")[1].split(" + ") for line in lines}
        t = time.perf_counter()
        mb.method_factor(data, blocks)
        parts["method factor"] = time.perf_counter() - t
        print("  " + ", ".join(f"{k} {v:.1f} s" for k, v in parts.items()))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak resident memory {peak:.0f} MB")


if __name__ == "__main__":
    main()
