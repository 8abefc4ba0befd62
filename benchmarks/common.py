"""What the benchmark scripts share: the repository root on ``sys.path``, the sample-data generator, the machine's
load average and a timer."""
from __future__ import annotations

import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def generator():
    """``datasets/generate.py`` as a module (imported by path, as the tests do)."""
    spec = importlib.util.spec_from_file_location("lsq5_generate", ROOT / "datasets" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load() -> str:
    """The 1, 5 and 15 minute load averages (timings on a busy machine are longer)."""
    avg = os.getloadavg() if hasattr(os, "getloadavg") else (float("nan"),) * 3
    return f"{avg[0]:.2f} {avg[1]:.2f} {avg[2]:.2f}"


def timed(call, runs: int) -> dict:
    """Run ``call`` ``runs`` + 1 times: the first run apart, the median wall and CPU time of the rest."""
    walls, cpus, result = [], [], None
    for _ in range(runs + 1):
        wall, cpu = time.perf_counter(), time.process_time()
        result = call()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return {"first": walls[0], "walls": walls[1:], "median": statistics.median(walls[1:]),
            "cpu": statistics.median(cpus[1:]), "result": result}
