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
