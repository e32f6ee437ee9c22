"""Fixtures for the dashboard tests: a hand-built serving.duckdb and an AppTest runner."""

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard_serving import write_serving

APP_PATH = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"

# The first run imports plotly and opens DuckDB, which takes a few seconds on a cold cache.
APP_TIMEOUT_SECONDS = 60


@pytest.fixture(scope="session")
def serving_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Return a data root whose serving.duckdb contains the hand-worked rows."""
    root = tmp_path_factory.mktemp("serving_root")
    write_serving(root)
    return root


@pytest.fixture
def open_app(monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """Return a function that runs the app on a data root, optionally on one page."""

    def run(root: Path, page: str | None = None) -> AppTest:
        monkeypatch.setenv("MARKETOPS_DATA_DIR", str(root))
        app = AppTest.from_file(str(APP_PATH), default_timeout=APP_TIMEOUT_SECONDS).run()
        if page is not None:
            app.switch_page(page).run()
        return app

    return run

