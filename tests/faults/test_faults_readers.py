"""Four dashboard sessions keep querying while serving.duckdb is published again and again."""

import os
import time

import pytest

from benchmarks.faults.dashboard_readers import start_sessions, stop_sessions, totals
from ingestion.paths import DATA_DIR_ENV, DataPaths
from orchestration.lib.marts import MART_TABLES
from orchestration.lib.serving import publish_serving

SESSIONS = 4
PUBLISHES = 3
# Seconds of querying before, between and after the publishes.
PAUSE_SECONDS = 2.0


@pytest.fixture(scope="module")
def readers(kill_sequence) -> dict:
    """Run four sessions on the kill sequence's root while its warehouse is published three times."""
    paths = DataPaths(kill_sequence.root)
    previous = os.environ.get(DATA_DIR_ENV)
    os.environ[DATA_DIR_ENV] = str(paths.root)
    try:
        threads, stats, stop = start_sessions(SESSIONS)
        try:
            time.sleep(PAUSE_SECONDS)
            for _ in range(PUBLISHES):
                publish_serving(paths.warehouse, paths.serving, MART_TABLES)
                time.sleep(PAUSE_SECONDS)
        finally:
            stop_sessions(threads, stop)
    finally:
        if previous is None:
            os.environ.pop(DATA_DIR_ENV, None)
        else:
            os.environ[DATA_DIR_ENV] = previous
    return totals(stats)


def test_sessions_ran_queries(readers):
    assert readers["sessions"] == SESSIONS
    # Every session loops for the whole 8 s; a query on the small demo takes milliseconds.
    assert readers["queries"] >= 4 * SESSIONS, readers


def test_sessions_saw_no_errors(readers):
    assert readers["errors"] == 0, readers["error_messages"]
    assert readers["lock_failures"] == 0, readers["error_messages"]


def test_sessions_followed_each_publish(readers):
    # The file before the publishes and the three published files.
    assert readers["serving_versions_seen"] == PUBLISHES + 1, readers
