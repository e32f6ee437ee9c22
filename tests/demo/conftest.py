"""A small demo, generated once per test session and shared by the demo tests."""

import json
from pathlib import Path

import pytest
from demo_helpers import SMALL

from ingestion.demo.generate import generate


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return the output folder of the small demo."""
    out_dir = tmp_path_factory.mktemp("demo") / "landing"
    generate(SMALL, out_dir, show_progress=False)
    return out_dir


@pytest.fixture(scope="session")
def manifest(small_demo: Path) -> dict:
    return json.loads((small_demo / ".demo_manifest.json").read_text(encoding="utf-8"))
