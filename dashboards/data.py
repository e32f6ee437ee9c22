"""Read-only access to serving.duckdb, the copy of the marts each pipeline run publishes.

The pipeline replaces serving.duckdb by renaming a new file over it. Every query is
keyed by the file's identity (path, inode, mtime, size), so a replaced file gets a new
connection and fresh query results on the next rerun, while sessions still reading the
old file finish on the old connection.
"""

import logging
from dataclasses import dataclass

import duckdb
import pandas as pd
import streamlit as st

from ingestion.paths import DataPaths

logger = logging.getLogger(__name__)

# Results are keyed by the file version too, so a new file is queried at once and
# the TTL only bounds how long results of an old version stay in memory.
QUERY_TTL_SECONDS = 60

SERVING_CATALOG = "serving"


@dataclass(frozen=True)
class ServingFile:
    """One version of serving.duckdb on disk: a new inode or mtime is a new version."""

    path: str
    inode: int
    mtime_ns: int
    size: int


class ServingError(RuntimeError):
    """serving.duckdb exists but cannot be opened or queried."""


def locate_serving() -> ServingFile | None:
    """Stat `<data root>/serving.duckdb`; None when the pipeline has not published it yet."""
    path = DataPaths.from_env().serving
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None

    return ServingFile(str(path), stat.st_ino, stat.st_mtime_ns, stat.st_size)


def _close_connection(conn: duckdb.DuckDBPyConnection) -> None:
    conn.close()
    logger.info("closed a serving.duckdb connection evicted from the cache")


# max_entries=2 keeps the previous version open while sessions that started on it
# finish their rerun, and closes it when a third version appears.
@st.cache_resource(max_entries=2, on_release=_close_connection, show_spinner=False)
def _open_connection(serving: ServingFile) -> duckdb.DuckDBPyConnection:
    """Attach one version of serving.duckdb read-only to a private in-memory database.

    `duckdb.connect(path, read_only=True)` would go through DuckDB's per-process
    instance cache, which hands back the already-open old file after a rename for as
    long as any connection to it lives. An in-memory database that attaches the file
    opens the current inode every time. External access is switched off and locked so
    that no query can read or write other files.
    """
    logger.info("opening %s (inode %d, mtime_ns %d) read-only", serving.path, serving.inode, serving.mtime_ns)
    conn = duckdb.connect(":memory:")
    try:
        conn.execute(f"ATTACH $path AS {SERVING_CATALOG} (READ_ONLY)", {"path": serving.path})
        conn.execute("SET enable_external_access = false")
        conn.execute("SET lock_configuration = true")
    except duckdb.Error as error:
        conn.close()
        logger.error("cannot open %s: %s", serving.path, error)
        raise ServingError(f"cannot open {serving.path} as a DuckDB database: {error}") from error

    return conn


def connect(serving: ServingFile) -> duckdb.DuckDBPyConnection:
    """Return the process-wide connection for this version of serving.duckdb."""
    return _open_connection(serving)


def _execute(conn: duckdb.DuckDBPyConnection, sql: str, params: dict) -> pd.DataFrame:
    # A cursor per query: Streamlit runs each session in its own thread and a DuckDB
    # connection object must not be shared between threads mid-query.
    cursor = conn.cursor()
    try:
        cursor.execute(f"USE {SERVING_CATALOG}")
        return cursor.execute(sql, params).df()
    finally:
        cursor.close()


@st.cache_data(ttl=QUERY_TTL_SECONDS, max_entries=512, show_spinner=False)
def run_query(_conn: duckdb.DuckDBPyConnection, serving: ServingFile, sql: str, params: dict) -> pd.DataFrame:
    """Run one parameterised query; `serving` is in the cache key so a new file is requeried.

    Every filter value must arrive in `params` and be bound with `$name`; nothing a
    user typed may be formatted into `sql`.
    """
    try:
        return _execute(_conn, sql, params)
    except duckdb.Error as error:
        logger.error("query on %s failed with params %r: %s", serving.path, params, error)
        raise ServingError(f"query on {serving.path} failed: {error}") from error


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def list_tables(_conn: duckdb.DuckDBPyConnection, serving: ServingFile) -> frozenset[str]:
    """Return the names of the tables in serving.duckdb's default schema."""
    tables = _execute(
        _conn,
        "SELECT table_name FROM information_schema.tables "
        "WHERE table_catalog = $catalog AND table_schema = 'main'",
        {"catalog": SERVING_CATALOG},
    )
    return frozenset(tables["table_name"])
