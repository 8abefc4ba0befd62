"""Speed of the web app (issue 5, point 9): from upload to the first full results page, bootstrap excluded.

    python benchmarks/app.py [--repeat 3]

Drives app.py with Streamlit's AppTest (the same script run a browser
triggers): uploads the bundled 问卷星-style GBK export with 0 bootstrap
resamples and times the run that reads, screens, analyses and lays out every
page.  A second upload of the same file with the same settings is timed too
(results are cached by data hash and settings).  Prints figures; asserts
nothing.  Target: ≤ 5 s on a 2-core machine.
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
SAMPLE = ROOT / "datasets" / "lsq5_wjx_gbk.csv"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)
    from streamlit.testing.v1 import AppTest

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    data = SAMPLE.read_bytes()
    for run in range(1, args.repeat + 1):
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
        at.session_state["bootstrap"] = 0
        at.session_state["seed"] = 1000 + run          # a new cache key: a cold analysis every repeat
        at.session_state["source"] = "upload"
        at.run()
        at.sidebar.file_uploader(key="upload").set_value((f"upload{run}.csv", data, "text/csv"))
        started = time.perf_counter()
        at.run()
        cold = time.perf_counter() - started
        ok = not at.exception and not at.error and len(at.tabs) == 9
        started = time.perf_counter()
        at.run()
        warm = time.perf_counter() - started
        print(f"[{run}] upload → full results page: {cold:5.2f} s (cached rerun {warm:4.2f} s)  "
              f"{'ok' if ok else 'FAILED'}")


if __name__ == "__main__":
    main()
