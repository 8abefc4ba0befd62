"""What the benchmark scripts share: the repository root on ``sys.path`` and the sample-data generator."""
from __future__ import annotations

import importlib.util
import sys
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
