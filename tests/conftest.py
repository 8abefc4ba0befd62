"""Shared test fixtures: paths to the repository and to ../shared (reference values from R)."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "reference"


@lru_cache(maxsize=1)
def dataset_generator():
    """``datasets/generate.py`` as a module (imported by path: ``datasets`` is no package)."""
    spec = importlib.util.spec_from_file_location("lsq5_generate", ROOT / "datasets" / "generate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def reference():
    """reference("holzinger1939") -> the parsed JSON of ../shared/reference/holzinger1939.json."""
    if not REFERENCE.is_dir():
        raise FileNotFoundError(f"{REFERENCE} is missing: the tests need ../shared beside the repository")

    def load(name: str) -> dict:
        return json.loads((REFERENCE / f"{name}.json").read_text(encoding="utf-8"))

    return load


@pytest.fixture(scope="session")
def postgres_url():
    """The SQLAlchemy URL of a throw-away PostgreSQL server: $RESEARCH_TEST_POSTGRES_URL (scripts/test.sh starts
    one), else one started here with scripts/postgres.sh and removed at the end of the session — so the store's
    PostgreSQL tests run (never skip) on a developer's machine too."""
    url = os.environ.get("RESEARCH_TEST_POSTGRES_URL")
    if url:
        yield url
        return
    folder = tempfile.mkdtemp(prefix="research-pg.")
    script = ROOT / "scripts" / "postgres.sh"
    started = subprocess.run(["bash", str(script), "start", folder], capture_output=True, text=True,
                             env={**os.environ, "PYTHON": sys.executable})
    try:
        if started.returncode != 0:
            raise RuntimeError(f"scripts/postgres.sh could not start PostgreSQL:\n{started.stderr}")
        yield started.stdout.strip().splitlines()[-1]
    finally:
        subprocess.run(["bash", str(script), "stop", folder], capture_output=True, text=True)
