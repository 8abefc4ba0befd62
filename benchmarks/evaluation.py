"""Speed of index-system evaluation (issue 17, point 6): ``research.evaluation.evaluate`` and its parts.

    python benchmarks/evaluation.py [--runs 5] [--n 10000] [--experts 20] [--seed 20261122]

Timed, each as the median wall time of ``--runs`` runs after a first one (reported apart: it pays for imports
and warm caches), with the CPU time:

1. ``evaluate`` on the sample data (``datasets/lsq5_sample.csv``, 500 rows as written) with the LSQ-5 index
   (``lsq5-index``: 5 dimensions × 4 items) for every weight method — equal, AHP (the three experts' workbooks
   in ``datasets/``, group AHP), entropy, CRITIC, CV, combined (group AHP + entropy) — without a group and with
   ``group="PLATFORM"`` (summaries, fuzzy evaluation per platform, TOPSIS/grey ranking with the ±10 %
   sensitivity);
2. the same with ``--n`` simulated respondents (``datasets/generate.py``, the sample's population), entropy and
   combined weights, with the group;
3. group AHP of ``--experts`` experts: ``group_ahp`` on one 5 × 5 node (AIJ and AIP) and ``evaluate`` with
   ``weights="ahp"`` and that many experts' judgements for all six nodes (simulated: the three experts'
   geometric mean, each judgement multiplied by a log-normal factor, snapped to Saaty's 1–9 scale);
4. ``load_system("ecommerce-model")`` (46 nodes, 30 expert-scored leaves, YAML parsed and validated) and
   ``load_system("lsq5-index")`` (which also reads the questionnaire).

Prints the machine and its load (on a shared machine the wall time can be several times the CPU time; compare
CPU times across runs); asserts nothing.
"""
from __future__ import annotations

import argparse
import io
import os
import platform
import time

from common import ROOT, load, timed, generator

SAATY = [1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9]
METHODS = ("equal", "ahp", "entropy", "critic", "cv", "combined")


def line(label: str, t: dict, extra: str = "") -> None:
    print(f"  {label:<44} {t['median']:8.3f} s   (CPU {t['cpu']:.3f} s; first run {t['first']:.3f} s){extra}")


def simulated_experts(books: list, k: int, seed: int) -> list:
    """``k`` experts' judgements: the group's geometric mean of ``books``, each upper-triangle judgement
    multiplied by exp(N(0, 0.35²)) and snapped to the nearest Saaty value (on the log scale)."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    log_scale = np.log(SAATY)
    out = []
    for _ in range(k):
        book = {}
        for node, first in books[0].items():
            mean = np.exp(np.mean([np.log(b[node].to_numpy()) for b in books], axis=0))
            n = len(mean)
            a = np.ones((n, n))
            for i in range(n):
                for j in range(i + 1, n):
                    v = np.log(mean[i, j]) + rng.normal(0, 0.35)
                    a[i, j] = SAATY[int(np.argmin(np.abs(log_scale - v)))]
                    a[j, i] = 1 / a[i, j]
            book[node] = pd.DataFrame(a, index=first.index, columns=first.columns)
        out.append(book)
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5, help="timed runs after the first (median reported)")
    ap.add_argument("--n", type=int, default=10_000, help="simulated respondents for part 2")
    ap.add_argument("--experts", type=int, default=20, help="simulated experts for part 3")
    ap.add_argument("--seed", type=int, default=20261122)
    args = ap.parse_args(argv)

    import numpy as np
    import pandas as pd

    from research.evaluation import evaluate, group_ahp, load_system, read_ahp_workbook

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"numpy {np.__version__}, pandas {pd.__version__}; load average {load()}")
    print(f"{args.runs} timed runs after a first; median wall time\n")

    data = pd.read_csv(ROOT / "datasets" / "lsq5_sample.csv")
    books = {f"expert {k}": read_ahp_workbook(ROOT / "datasets" / f"lsq5_ahp_expert{k}.xlsx") for k in (1, 2, 3)}
    system = load_system("lsq5-index")

    print(f"1. evaluate on the sample data: {len(data)} rows, lsq5-index ({len(system.nodes)} nodes, "
          f"{len(system.leaves)} leaves); AHP from the three experts' workbooks")
    for group in (None, "PLATFORM"):
        for method in METHODS:
            kw = {"ahp": books} if method in ("ahp", "combined") else {}
            t = timed(lambda: evaluate(data, system, weights=method, group=group, **kw), args.runs)
            ranked = "" if t["result"].ranking is None else \
                f"; {len(t['result'].ranking['n'])} platforms ranked"
            line(f"weights={method!r}, group={group!r}", t, ranked)

    gen = generator()
    built = time.perf_counter()
    big = pd.read_csv(io.StringIO(gen._csv_text(gen.clean_rows(gen.build_sample(args.seed, n=args.n)))))
    print(f"\n2. evaluate with {len(big)} simulated respondents (drawn in {time.perf_counter() - built:.1f} s by "
          "datasets/generate.py)")
    for method in ("entropy", "combined"):
        kw = {"ahp": books} if method == "combined" else {}
        t = timed(lambda: evaluate(big, system, weights=method, group="PLATFORM", **kw), args.runs)
        line(f"weights={method!r}, group='PLATFORM'", t, f"; index n = {t['result'].overall['n']}")

    many = simulated_experts(list(books.values()), args.experts, args.seed)
    n_flagged = sum(not r.consistent for r in group_ahp([b["LSQ"] for b in many], warn_scale=False).experts)
    print(f"\n3. group AHP of {args.experts} simulated experts ({n_flagged} of them with CR ≥ 0.10 on the five "
          "dimensions)")
    for aggregate in ("judgements", "priorities"):
        t = timed(lambda: group_ahp([b["LSQ"] for b in many], aggregate=aggregate, warn_scale=False), args.runs)
        line(f"group_ahp, 5 × 5, aggregate={aggregate!r}", t)
    t = timed(lambda: evaluate(data, system, weights="ahp", ahp=many, group="PLATFORM"), args.runs)
    line(f"evaluate, weights='ahp', {args.experts} experts × 6 nodes", t)

    print("\n4. loading index systems (YAML parsed and validated)")
    for name in ("ecommerce-model", "lsq5-index"):
        t = timed(lambda: load_system(name), args.runs)
        s = t["result"]
        line(f"load_system({name!r})", t, f"; {len(s.nodes)} nodes, {len(s.leaves)} leaves")
    print(f"\nload average after: {load()}")


if __name__ == "__main__":
    main()
