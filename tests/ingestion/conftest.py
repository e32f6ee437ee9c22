"""Fixtures of the ingestion tests: a throwaway data root per test."""

import pytest

from ingestion.paths import DATA_DIR_ENV, DataPaths


@pytest.fixture
def data_paths(tmp_path, monkeypatch) -> DataPaths:
    """A fresh data root under tmp_path, also exported as MARKETOPS_DATA_DIR."""
    root = tmp_path / "data"
    monkeypatch.setenv(DATA_DIR_ENV, str(root))
    paths = DataPaths.from_env()
    paths.ensure()
    return paths
