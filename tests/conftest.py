"""Shared test fixtures: paths to the repository and to ../shared (reference values from R)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
REFERENCE = SHARED / "reference"


@pytest.fixture(scope="session")
def reference():
    """reference("holzinger1939") -> the parsed JSON of ../shared/reference/holzinger1939.json."""
    if not REFERENCE.is_dir():
        raise FileNotFoundError(f"{REFERENCE} is missing: the tests need ../shared beside the repository")

    def load(name: str) -> dict:
        return json.loads((REFERENCE / f"{name}.json").read_text(encoding="utf-8"))

    return load
