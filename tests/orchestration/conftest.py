"""Fixtures for the Dagster tests: fresh definitions and pipeline runs on tmp data roots."""

from pathlib import Path

import dagster as dg
import pytest

from orchestration_landing import write_landing


@pytest.fixture(scope="session")
def definitions() -> dg.Definitions:
    """Parse the dbt project, then load the code location from the fresh manifest.

    The dbt assets are built from the manifest at import time, and a manifest older
    than the models would not know the tests that `dbt build` reports.
    """
    from orchestration.defs.dbt.project import dbt_project

    dbt_project.preparer.prepare(dbt_project)
    from orchestration.definitions import defs

    return defs


@pytest.fixture
def fixture_root(tmp_path: Path) -> Path:
    """Return a data root whose landing zone contains the hand-made fixture files."""
    root = tmp_path / "data"
    write_landing(root / "landing")
    return root
