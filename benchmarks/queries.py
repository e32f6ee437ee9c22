"""Latency of the dashboards' queries against serving.duckdb, as the pages run them.

Every query of every page's query module runs with the widest selection a page offers
(the whole date range, every channel, no SKU search, SKUs without a proposal shown),
each `REPEATS` times after one warm-up run, on one read-only connection as the
Streamlit app opens it, and fetched into a DataFrame as the app fetches it. A query
that names one channel gets the channel with the most order lines.
"""

import re
import statistics
import time
from pathlib import Path

import duckdb

from dashboards import finance_queries, inventory_queries, planner_queries, queries, returns_queries
from ingestion.paths import DataPaths

REPEATS = 20

PAGE_QUERY_MODULES = (queries, finance_queries, inventory_queries, planner_queries, returns_queries)

# As `dashboards.context` binds them: each query gets only the parameters it names.
PARAMETER_NAME = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def dashboard_sql() -> dict[str, str]:
    """Return every complete query of the page modules, named `module.NAME`, each once.

    A `_ROWS` constant is the body of a CTE that other queries wrap, not a query. A
    query that several modules share is timed once, under the first module that has it.
    """
    found, seen = {}, set()
    for module in PAGE_QUERY_MODULES:
        for name, value in vars(module).items():
            is_query = name.isupper() and isinstance(value, str) and value.lstrip().upper().startswith(("SELECT", "WITH"))
            if not is_query or name.endswith("_ROWS") or value in seen:
                continue
            seen.add(value)
            found[f"{module.__name__.rsplit('.', 1)[-1]}.{name}"] = value
    return found


def widest_params(connection: duckdb.DuckDBPyConnection) -> dict:
    first, last = connection.sql("SELECT min(order_date), max(order_date) FROM fct_orders").fetchall()[0]
    channels = [row[0] for row in connection.sql("SELECT channel FROM dim_channel").fetchall()]
    busiest = connection.sql(
        "SELECT channel FROM fct_order_lines GROUP BY channel ORDER BY count(*) DESC, channel LIMIT 1"
    ).fetchall()[0][0]
    day = connection.sql("SELECT max(snapshot_date) FROM fct_channel_allocation").fetchall()[0][0]
    return {
        "start": first, "end": last, "channels": channels, "sku_text": "", "currency": "USD", "period": "week",
        "channel": busiest, "day": day, "show_all": True,
    }


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
            bound = {key: params[key] for key in set(PARAMETER_NAME.findall(sql))}
            connection.execute(sql, bound).df()
            samples = []
            for _ in range(REPEATS):
                started = time.perf_counter()
                connection.execute(sql, bound).df()
                samples.append((time.perf_counter() - started) * 1000)
            results[name] = {"p50_ms": statistics.median(samples), "p95_ms": percentile(samples, 0.95)}
    return {"repeats": REPEATS, "queries": results}
