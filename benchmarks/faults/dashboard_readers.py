"""Dashboard sessions that query serving.duckdb in a loop, counting queries, errors and latency.

Each session opens serving.duckdb as the pages do (`dashboards.data.locate_serving`
and `connect`) and runs every SQL statement of the dashboard query modules with
bound filter values, in turn. It bypasses only `run_query`'s result cache, which
would otherwise return repeats from memory without touching the file.
"""

import logging
import re
import threading
import time
from dataclasses import dataclass, field

import duckdb

from dashboards import data, filters, finance_queries, inventory_queries, planner_queries, queries, returns_queries
from dashboards.context import PARAMETER_NAME

log = logging.getLogger(__name__)

QUERY_MODULES = (queries, finance_queries, inventory_queries, returns_queries, planner_queries)
STATEMENT_START = re.compile(r"^\s*(SELECT|WITH)\b", re.IGNORECASE)
LOCK_ERROR = re.compile(r"lock", re.IGNORECASE)


def dashboard_statements() -> dict[str, str]:
    """Return every module-level SQL statement of the dashboard query modules, by qualified name."""
    statements = {}
    for module in QUERY_MODULES:
        for name, value in vars(module).items():
            if name.isupper() and isinstance(value, str) and STATEMENT_START.match(value):
                statements[f"{module.__name__}.{name}"] = value
    return statements


def filter_values() -> dict:
    """Return bound values for every parameter the statements use: the whole date range and every channel."""
    serving = data.locate_serving()
    if serving is None:
        raise FileNotFoundError("serving.duckdb not found: run the pipeline once before the readers start")
    conn = data.connect(serving)
    tables = data.list_tables(conn, serving)
    first_day, last_day = filters.date_bounds(conn, serving, tables)
    channels = filters.known_channels(conn, serving, tables)
    selection = filters.Filters(first_day, last_day, tuple(channels))
    currency = data.run_query(conn, serving, queries.MARGIN_CURRENCIES, selection.params() | {"sku_text": ""})
    return selection.params() | {
        "currency": currency["currency"].iloc[0] if len(currency) else "USD",
        "period": "week",
        "channel": channels[0] if channels else "amazon",
        "day": last_day,
        "show_all": True,
    }


@dataclass
class SessionStats:
    """Counts and latencies of one dashboard session."""

    queries: int = 0
    errors: int = 0
    lock_failures: int = 0
    latencies: list[float] = field(default_factory=list)
    error_messages: list[str] = field(default_factory=list)
    versions_seen: set = field(default_factory=set)


def run_session(statements: dict[str, str], values: dict, stop: threading.Event, stats: SessionStats) -> None:
    """Query serving.duckdb statement after statement until `stop` is set."""
    names = sorted(statements)
    position = 0
    while not stop.is_set():
        name = names[position % len(names)]
        position += 1
        sql = statements[name]
        params = {key: values[key] for key in set(PARAMETER_NAME.findall(sql))}
        started = time.perf_counter()
        try:
            serving = data.locate_serving()
            if serving is None:
                raise FileNotFoundError("serving.duckdb is missing")
            stats.versions_seen.add((serving.inode, serving.mtime_ns))
            cursor = data.connect(serving).cursor()
            try:
                cursor.execute(f"USE {data.SERVING_CATALOG}")
                cursor.execute(sql, params).fetchall()
            finally:
                cursor.close()
        except (duckdb.Error, data.ServingError, OSError) as error:
            stats.errors += 1
            if LOCK_ERROR.search(str(error)):
                stats.lock_failures += 1
            if len(stats.error_messages) < 20:
                stats.error_messages.append(f"{name}: {type(error).__name__}: {error}")
            log.error("Dashboard query %s failed: %s", name, error)
            continue
        stats.queries += 1
        stats.latencies.append(time.perf_counter() - started)


def start_sessions(count: int) -> tuple[list[threading.Thread], list[SessionStats], threading.Event]:
    """Start `count` dashboard sessions as threads, as Streamlit runs each session in its own thread."""
    statements = dashboard_statements()
    values = filter_values()
    stop = threading.Event()
    stats = [SessionStats() for _ in range(count)]
    threads = [
        threading.Thread(target=run_session, args=(statements, values, stop, session), name=f"session-{index}", daemon=True)
        for index, session in enumerate(stats)
    ]
    for thread in threads:
        thread.start()
    log.info("Started %d dashboard sessions over %d statements", count, len(statements))
    return threads, stats, stop


def stop_sessions(threads: list[threading.Thread], stop: threading.Event) -> None:
    stop.set()
    for thread in threads:
        thread.join()


def totals(stats: list[SessionStats]) -> dict:
    """Sum the sessions' counts and return them with the max and 95th percentile latency in ms."""
    latencies = sorted(latency for session in stats for latency in session.latencies)
    p95 = latencies[min(len(latencies) - 1, int(0.95 * len(latencies)))] if latencies else 0.0
    return {
        "sessions": len(stats),
        "queries": sum(session.queries for session in stats),
        "errors": sum(session.errors for session in stats),
        "lock_failures": sum(session.lock_failures for session in stats),
        "latency_p95_ms": round(p95 * 1000, 1),
        "latency_max_ms": round((latencies[-1] if latencies else 0.0) * 1000, 1),
        "serving_versions_seen": len(set().union(*(session.versions_seen for session in stats))),
        "error_messages": [message for session in stats for message in session.error_messages][:20],
    }
