"""Fixtures of the ingestion tests: a throwaway data root per test."""

import pytest

from ingestion.paths import DATA_DIR_ENV, DataPaths
from ingestion.settling import MIN_FILE_AGE_ENV


@pytest.fixture
def data_paths(tmp_path, monkeypatch) -> DataPaths:
    """A fresh data root under tmp_path, also exported as MARKETOPS_DATA_DIR.

    Files are landed and ingested at once, so the minimum file age is 0 unless a test sets it.
    """
    root = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_ENV, str(root))
    monkeypatch.setenv(MIN_FILE_AGE_ENV, "0")
    paths = DataPaths.from_env()
    paths.ensure()
    return paths
