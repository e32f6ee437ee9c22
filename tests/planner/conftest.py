"""Fixtures of the planner workflow tests: a data root with a plan and roles, and the page runner."""

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planner_fixtures import write_plan_serving, write_roles

PAGE_PATH = Path(__file__).resolve().parents[2] / "dashboards" / "pages" / "planner.py"
APP_TIMEOUT_SECONDS = 60


@pytest.fixture
def planner_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Return a data root with the hand-chosen plan and roles file; nothing listens on the Dagster URL."""
    root = tmp_path / "data"
    write_plan_serving(root)
    write_roles(root)
    monkeypatch.setenv("MARKETOPS_DATA_DIR", str(root))
    monkeypatch.delenv("MARKETOPS_ROLES_FILE", raising=False)
    # Port 9 (discard) has no listener here, so a launch fails at once.
    monkeypatch.setenv("MARKETOPS_DAGSTER_URL", "http://127.0.0.1:9")
    return root


@pytest.fixture
def open_planner(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], AppTest]:
    """Return a function that runs the Planner page as the given server-side user."""

    def run(user: str) -> AppTest:
        monkeypatch.setenv("MARKETOPS_USER", user)
        return AppTest.from_file(str(PAGE_PATH), default_timeout=APP_TIMEOUT_SECONDS).run()

    return run
