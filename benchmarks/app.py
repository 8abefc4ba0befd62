"""Speed of the web app: (a) from upload to the first full results page, bootstrap excluded (issue 5, point 9);
(b) the analysis of the bundled sample with and without a segment grouping, step by step (issue 14, point 8).

    python benchmarks/app.py [--repeat 3]                 # (a) and (b)
    python benchmarks/app.py --part upload                # (a) only
    python benchmarks/app.py --part segments [--missing listwise fiml] [--group PLATFORM] [--profile 40]

(a) drives app.py with Streamlit's AppTest (the same script run a browser triggers): uploads the bundled
问卷星-style GBK export with 0 bootstrap resamples and times the runs that read, screen, analyse and lay out
every page (with the click on "confirm" when the app asks to check the recognised mapping first).  A second
run with the same file and settings is timed too (results are cached by data hash and settings).  Target:
≤ 5 s on a 2-core machine.

(b) runs what the app's worker runs for the sample (``appworker.analyse`` with the sidebar's defaults:
template lsq5, 1000 bootstrap resamples, seed 20261122, ML) for each missing-data option, first without a
grouping, then grouped by the platform segment, after importing what the app's fork server preloads.  It
prints the total and the time of each step (the steps of ``research.analyze`` and of the marketing block:
group tests, drivers, IPA, index, invariance); the grouped run's extra time is what the segments tab adds.
Target: ≤ 10 s for the segment steps on a 2-core machine.  Each time is given as wall-clock time and as
the CPU time of this process (steady on a busy machine; the bootstrap's workers are other processes, so
its CPU time here is only the waiting; a first run also starts the bootstrap's worker pool, which the app
does in every job).  ``--profile N`` prints cProfile's N most costly functions of each grouped run.

Prints figures; asserts nothing.
"""
from __future__ import annotations

import argparse
import cProfile
import functools
import importlib
import io
import os
import platform
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"
SEED = 20261122                 # the app's default seed (app.DEFAULT_SEED)

# (module, function, step name): the steps of the analysis timed one by one
STEPS = [("research.analyze", "_prepare", "read + screen"),
         ("research.analyze", "cfa", "CFA"),
         ("research.analyze", "fit_sem", "SEM"),
         ("research.analyze", "_reliability", "reliability"),
         ("research.analyze", "_regressions", "regressions"),
         ("research.analyze", "_validity", "validity"),
         ("research.analyze", "bootstrap", "bootstrap"),
         ("research.analyze", "_diagnostics", "diagnostics"),
         ("research.analyze", "_method_bias", "method bias"),
         ("research.marketing.pipeline", "compare_groups", "group tests"),
         ("research.marketing.pipeline", "_drivers", "drivers (+ per group)"),
         ("research.marketing.pipeline", "_ipa", "IPA / IPMA"),
         ("research.marketing.pipeline", "_index", "index (+ per group)"),
         ("research.marketing.pipeline", "_invariance", "invariance + paths")]
GROUP_STEPS = ("group tests", "invariance + paths")


def _timed(times: dict):
    """Wrap each step's function in its module (the analysis calls them by module name)."""
    originals = []
    for module_name, attr, step in STEPS:
        module = importlib.import_module(module_name)
        original = getattr(module, attr)

        @functools.wraps(original)
        def wrapper(*a, __original=original, __step=step, **k):
            started, cpu = time.perf_counter(), time.process_time()
            try:
                return __original(*a, **k)
            finally:
                wall, used = times.get(__step, (0.0, 0.0))
                times[__step] = (wall + time.perf_counter() - started, used + time.process_time() - cpu)
        setattr(module, attr, wrapper)
        originals.append((module, attr, original))
    return originals


def segments(missing_options, group: str, profile: int) -> None:
    import research
    from research import appworker
    for name in appworker._PRELOAD:          # what the app's fork server has imported before a job starts
        if name != "__main__":
            importlib.import_module(name)
    importlib.import_module("research.marketing.pipeline")
    q = research.load_questionnaire("lsq5")
    responses = research.load_responses(SAMPLE.read_bytes(), q, name=SAMPLE.name)
    for missing in missing_options:
        totals, base = {}, None
        # the app's order: the analysis without segments first; choosing the segment column then reuses it
        # (research.analyze(reuse=…): only the segment steps run) — "segments tab" is what the user waits for
        for grouping, reuse in ((None, False), (group, False), (group, True)):
            options = {"model": None, "hypotheses": (), "bootstrap": 1000, "seed": SEED, "estimator": "ML",
                       "missing": missing, "group": grouping, **({"reuse": base} if reuse else {})}
            times: dict = {}
            originals = _timed(times)
            prof = cProfile.Profile() if profile and grouping else None
            try:
                started, cpu = time.perf_counter(), time.process_time()
                if prof:
                    prof.enable()
                d = appworker.analyse(None, responses, q, options)
                if prof:
                    prof.disable()
                total, total_cpu = time.perf_counter() - started, time.process_time() - cpu
            finally:
                for module, attr, original in originals:
                    setattr(module, attr, original)
            if grouping is None:
                base = d
            totals[(grouping, reuse)] = total
            seg = [sum(times.get(s, (0.0, 0.0))[i] for s in GROUP_STEPS) for i in (0, 1)]
            what = "segments tab (reusing the analysis, as the app)" if reuse else "full run"
            print(f"\nmissing={missing}, group={grouping or '—'}, {what}: {total:6.2f} s (CPU of this process "
                  f"{total_cpu:6.2f} s, load average {os.getloadavg()[0]:.1f})"
                  + (f"\n    group tests + invariance: {seg[0]:5.2f} s (CPU {seg[1]:5.2f} s)" if grouping else ""))
            print(f"    {'step':<24}{'wall':>7}   {'CPU':>7}")
            for _, _, step in STEPS:
                if step in times:
                    print(f"    {step:<24}{times[step][0]:7.2f} s {times[step][1]:7.2f} s")
            if grouping:
                inv = d.get("invariance") or {}
                m = inv.get("measurement") or {}
                print(f"    invariance: highest {m.get('highest')!r}, groups used {inv.get('groups_used')}, "
                      f"small {[(s['group'], s['n']) for s in inv.get('small_groups', [])]}")
            if prof:
                out = io.StringIO()
                pstats.Stats(prof, stream=out).sort_stats("cumulative").print_stats(profile)
                print(out.getvalue())
        print(f"  → a full grouped run adds {totals[(group, False)] - totals[(None, False)]:6.2f} s; the app's segments "
              f"tab takes {totals[(group, True)]:6.2f} s (missing={missing}; target ≤ 10 s)")


def upload(repeat: int) -> None:
    from streamlit.testing.v1 import AppTest

    data = SAMPLE.read_bytes()
    for run in range(1, repeat + 1):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.session_state["bootstrap"] = 0
        at.session_state["seed"] = 1000 + run          # a new cache key: a cold analysis every repeat
        at.session_state["source"] = "upload"
        at.run()
        at.sidebar.file_uploader(key="upload").set_value((f"upload{run}.csv", data, "text/csv"))
        started = time.perf_counter()
        at.run()
        confirm = [b for b in at.button if b.key == "confirm"]
        if confirm:                                    # the app asks to check the recognised mapping first
            confirm[0].click().run()
        cold = time.perf_counter() - started
        ok = not at.exception and not at.error and len(at.tabs) == 9
        started = time.perf_counter()
        at.run()
        warm = time.perf_counter() - started
        print(f"[{run}] upload → full results page: {cold:5.2f} s (cached rerun {warm:4.2f} s)  "
              f"{'ok' if ok else 'FAILED'}")


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="(a): uploads timed")
    ap.add_argument("--part", choices=["all", "upload", "segments"], default="all")
    ap.add_argument("--missing", nargs="+", choices=["auto", "listwise", "fiml"], default=["auto", "listwise"],
                    help="(b): the missing-data options timed")
    ap.add_argument("--group", default="PLATFORM", help="(b): the segment to group by")
    ap.add_argument("--profile", type=int, default=0, metavar="N", help="(b): print cProfile's top N functions")
    args = ap.parse_args(argv)
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"load average {os.getloadavg()[0]:.1f}")
    if args.part in ("all", "upload"):
        upload(args.repeat)
    if args.part in ("all", "segments"):
        segments(args.missing, args.group, args.profile)


if __name__ == "__main__":
    main()
