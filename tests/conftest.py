"""Fixtures shared by every test suite."""

import os
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


def find_real_data() -> Path | None:
    """Locate the public sample reports: `MARKETOPS_REAL_DATA`, else ../shared/real-data."""
    configured = os.environ.get("MARKETOPS_REAL_DATA")
    candidates = [Path(configured)] if configured else []
    candidates.append(REPO_ROOT.parent / "shared" / "real-data")
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return None


@pytest.fixture(scope="session")
def real_data() -> Path:
    """The folder of public sample reports; skips the test when it is absent."""
    folder = find_real_data()
    if folder is None:
        pytest.skip(
            "public sample reports not found: set MARKETOPS_REAL_DATA or place them "
            "in ../shared/real-data next to the repository"
        )
    return folder


@pytest.fixture(autouse=True, scope="session")
def streamlit_without_magic() -> None:
    """Compile pages as plain Python in AppTest, as `make streamlit` runs them.

    Magic parses each page with `ast.parse` and compiles the changed tree. Under
    CPython 3.11.7 that conversion once raised "SystemError: AST constructor
    recursion depth mismatch" in a full run, so a page failed before it ran. No page
    relies on magic.
    """
    from streamlit import config

    config.set_option("runner.magicEnabled", False)
