"""Latency of the dashboards' queries against serving.duckdb, as the pages run them.

Every query of `dashboards.queries` runs with the widest sidebar selection (the whole
date range, every channel, no SKU search), each `REPEATS` times after one warm-up
run, on one read-only connection as the Streamlit app opens it.
"""

import statistics
import time
from pathlib import Path

import duckdb

from dashboards import queries as dashboard_queries
from ingestion.paths import DataPaths

REPEATS = 20


def dashboard_sql() -> dict[str, str]:
    """Return every complete query of `dashboards.queries` by name."""
    return {
        name: value for name, value in vars(dashboard_queries).items()
        if name.isupper() and isinstance(value, str) and value.lstrip().upper().startswith(("SELECT", "WITH"))
    }


def widest_params(connection: duckdb.DuckDBPyConnection) -> dict:
    first, last = connection.sql("SELECT min(order_date), max(order_date) FROM fct_orders").fetchall()[0]
    channels = [row[0] for row in connection.sql("SELECT channel FROM dim_channel").fetchall()]
    return {"start": first, "end": last, "channels": channels, "sku_text": "", "currency": "USD", "period": "week"}


def percentile(samples: list[float], share: float) -> float:
    """Return the nearest-rank percentile of `samples`."""
    ordered = sorted(samples)
    rank = max(1, round(share * len(ordered)))
    return ordered[rank - 1]


def time_dashboard_queries(root: Path) -> dict:
    """Time each dashboard query and return p50 and p95 in milliseconds per query."""
    results = {}
    with duckdb.connect(str(DataPaths(root).serving), read_only=True) as connection:
        params = widest_params(connection)
        for name, sql in dashboard_sql().items():
            bound = {key: value for key, value in params.items() if f"${key}" in sql}
            connection.execute(sql, bound).fetchall()
            samples = []
            for _ in range(REPEATS):
                started = time.perf_counter()
                connection.execute(sql, bound).fetchall()
                samples.append((time.perf_counter() - started) * 1000)
            results[name] = {"p50_ms": statistics.median(samples), "p95_ms": percentile(samples, 0.95)}
    return {"repeats": REPEATS, "queries": results}
