"""The baselines the pipeline is compared with, each a benchmark stage.

- `read_csv_baseline`: DuckDB's own `read_csv` of the same landed files, written to
  Parquet, the engine's limit for ingestion.
- `sql_script_baseline`: the marts computed by one SQL script in one DuckDB session,
  without dbt: the SQL of each mart as dbt compiled it, in dependency order.
- `headline_duckdb` and `headline_pandas`: margin by channel, ATP accuracy and the
  order exception rate from the fact marts, in SQL and in pandas as an analyst would
  write them, with their results compared.
"""

import json
import logging
import os
import time
from pathlib import Path

import duckdb
import pandas as pd

from ingestion.paths import DataPaths
from orchestration.lib.serving import DEFAULT_MEMORY_LIMIT, MEMORY_LIMIT_ENV

log = logging.getLogger(__name__)

DELIMITERS = {".txt": "\t", ".csv": ","}


def read_csv_baseline(root: Path, ingest_details: str) -> dict:
    """Read the files the ingest stage loaded with DuckDB's `read_csv` into Parquet, per source.

    Every column is read as text with the format's delimiter and header, then
    written to Parquet; no casts, no checks, no lineage columns.
    """
    paths = DataPaths(root)
    loaded = json.loads(Path(ingest_details).read_text(encoding="utf-8"))["sources"]
    out_dir = root / "read_csv_baseline"
    out_dir.mkdir(exist_ok=True)
    sources = {}
    with duckdb.connect() as connection:
        for source, figures in loaded.items():
            files = [str(paths.landing_dir(source) / name) for name in figures["loaded_files"]]
            if not files:
                continue
            delimiter = DELIMITERS.get(Path(files[0]).suffix, ",")
            started = time.monotonic()
            connection.execute(
                "COPY (SELECT * FROM read_csv(?, delim = ?, header = true, all_varchar = true, "
                "union_by_name = true, null_padding = true)) TO ? (FORMAT parquet)",
                [files, delimiter, str(out_dir / f"{source}.parquet")],
            )
            sources[source] = {"seconds": time.monotonic() - started, "files": len(files)}
    return {"sources": sources}


def _mart_nodes(manifest: dict) -> list[dict]:
    """Return the models dbt stores as tables (marts and intermediate tables) in dependency order.

    The intermediate tables are part of the work of computing the marts, so the
    script builds them too; only views are read from the warehouse.
    """
    marts = {
        unique_id: node for unique_id, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["config"]["materialized"] in ("table", "incremental")
    }
    ordered, done = [], set()

    def visit(unique_id: str) -> None:
        if unique_id in done:
            return
        for parent in marts[unique_id]["depends_on"]["nodes"]:
            if parent in marts:
                visit(parent)
        done.add(unique_id)
        ordered.append(marts[unique_id])

    for unique_id in sorted(marts):
        visit(unique_id)
    return ordered


def sql_script_baseline(root: Path) -> dict:
    """Build every mart and intermediate table again in a scratch database from dbt's compiled SQL, in one session.

    The staging and intermediate views of the warehouse are read as they are, so the
    script does the same work as dbt's models without dbt: no tests, no parse, no
    per-model transactions. It reads the manifest of the full build just run.
    """
    paths = DataPaths(root)
    manifest = json.loads((root / "dbt_target" / "manifest.json").read_text(encoding="utf-8"))
    nodes = _mart_nodes(manifest)
    scratch = root / "sql_script_baseline.duckdb"
    scratch.unlink(missing_ok=True)

    started = time.monotonic()
    copied = []
    # The same memory settings as dbt's profile, so both sides may hold as much.
    memory_limit = os.environ.get(MEMORY_LIMIT_ENV, DEFAULT_MEMORY_LIMIT)
    with duckdb.connect(str(scratch), config={"memory_limit": memory_limit, "preserve_insertion_order": False}) as connection:
        connection.execute("ATTACH ? AS warehouse (READ_ONLY)", [str(paths.warehouse)])
        for node in nodes:
            # A dbt Python model has no SQL to replay; the script takes dbt's table, so
            # the SQL marts downstream of it read the same rows.
            if node.get("language") == "python":
                connection.execute(f'CREATE TABLE main."{node["name"]}" AS SELECT * FROM warehouse.main."{node["name"]}"')
                copied.append(node["name"])
                continue
            sql = node["compiled_code"]
            # Marts built earlier in the script are read from the script's own tables.
            for built in nodes:
                if built is node:
                    break
                sql = sql.replace(f'"warehouse"."main"."{built["name"]}"', f'"sql_script_baseline"."main"."{built["name"]}"')
            connection.execute(f'CREATE TABLE main."{node["name"]}" AS {sql}')
    seconds = time.monotonic() - started

    return {
        "seconds": seconds,
        "marts": [node["name"] for node in nodes],
        "copied_python_marts": copied,
        "matches_dbt": _same_tables(scratch, paths.warehouse, nodes),
    }


def _same_tables(scratch: Path, warehouse: Path, nodes: list[dict]) -> dict[str, bool]:
    """Compare each mart of the script with dbt's by row count and an order-independent row hash.

    Floating-point columns are rounded to 9 decimals first: DuckDB sums them across
    threads in no fixed order, so two runs of the same SQL can differ in the last bits.
    """
    matches = {}
    with duckdb.connect(str(scratch), read_only=True) as connection:
        connection.execute("ATTACH ? AS warehouse (READ_ONLY)", [str(warehouse)])
        for node in nodes:
            table = f'main."{node["name"]}"'
            columns = ", ".join(
                f'round("{name}", 9)' if column_type in ("DOUBLE", "FLOAT") else f'"{name}"'
                for name, column_type, *_ in connection.sql(f"DESCRIBE {table}").fetchall()
            )
            checksum = "SELECT count(*), sum(hash(row({})))::HUGEINT FROM {} t"
            script = connection.sql(checksum.format(columns, table)).fetchall()[0]
            dbt = connection.sql(checksum.format(columns, f"warehouse.{table}")).fetchall()[0]
            matches[node["name"]] = script == dbt
    return matches


HEADLINE_SQL = {
    "margin_by_channel": """
        SELECT channel, currency, sum(net_sales) AS net_sales, sum(cogs) AS cogs,
               sum(fees_total) AS fees_total,
               sum(net_sales - cogs - fees_total) / sum(net_sales) FILTER (WHERE cogs IS NOT NULL)
                   AS contribution_margin
        FROM fct_order_lines GROUP BY channel, currency ORDER BY channel, currency
    """,
    "atp_accuracy": """
        SELECT channel, avg(CASE WHEN is_within_tolerance THEN 1.0 ELSE 0.0 END) AS accuracy,
               sum(oversell_units) AS oversell_units
        FROM fct_atp_accuracy GROUP BY channel ORDER BY channel
    """,
    "exception_rate": """
        WITH flagged AS (SELECT DISTINCT channel, order_id FROM fct_order_exceptions)
        SELECT orders.channel, count(*) AS orders, count(flagged.order_id) AS orders_with_exception,
               count(flagged.order_id) / count(*) AS exception_rate
        FROM fct_orders AS orders
        LEFT JOIN flagged ON orders.channel = flagged.channel AND orders.order_id = flagged.order_id
        GROUP BY orders.channel ORDER BY orders.channel
    """,
}


def headline_duckdb(root: Path) -> dict:
    """Compute the three headline metrics in SQL on serving.duckdb."""
    results, seconds = {}, {}
    with duckdb.connect(str(DataPaths(root).serving), read_only=True) as connection:
        for name, sql in HEADLINE_SQL.items():
            started = time.monotonic()
            results[name] = connection.sql(sql).df()
            seconds[name] = time.monotonic() - started
    _save(root, "headline_duckdb", results)
    return {"seconds": seconds, "total_seconds": sum(seconds.values())}


def headline_pandas(root: Path) -> dict:
    """Compute the same metrics in pandas from the fact tables, as an analyst would, and compare."""
    seconds = {}
    with duckdb.connect(str(DataPaths(root).serving), read_only=True) as connection:
        started = time.monotonic()
        lines = connection.sql(
            "SELECT channel, currency, net_sales, cogs, fees_total FROM fct_order_lines").df()
        margin = _pandas_margin(lines)
        seconds["margin_by_channel"] = time.monotonic() - started

        started = time.monotonic()
        atp = connection.sql(
            "SELECT channel, is_within_tolerance, oversell_units FROM fct_atp_accuracy").df()
        accuracy = _pandas_accuracy(atp)
        seconds["atp_accuracy"] = time.monotonic() - started

        started = time.monotonic()
        orders = connection.sql("SELECT channel, order_id FROM fct_orders").df()
        exceptions = connection.sql("SELECT channel, order_id FROM fct_order_exceptions").df()
        rate = _pandas_exception_rate(orders, exceptions)
        seconds["exception_rate"] = time.monotonic() - started

    results = {"margin_by_channel": margin, "atp_accuracy": accuracy, "exception_rate": rate}
    _save(root, "headline_pandas", results)
    return {"seconds": seconds, "total_seconds": sum(seconds.values()),
            "matches_duckdb": _matches(root, results)}


def _pandas_margin(lines: pd.DataFrame) -> pd.DataFrame:
    for column in ("net_sales", "cogs", "fees_total"):
        lines[column] = lines[column].astype("float64")
    lines["contribution"] = lines["net_sales"] - lines["cogs"] - lines["fees_total"]
    lines["costed_sales"] = lines["net_sales"].where(lines["cogs"].notna())
    grouped = lines.groupby(["channel", "currency"], as_index=False).agg(
        net_sales=("net_sales", "sum"), cogs=("cogs", "sum"), fees_total=("fees_total", "sum"),
        contribution=("contribution", "sum"), costed_sales=("costed_sales", "sum"),
    )
    grouped["contribution_margin"] = grouped["contribution"] / grouped["costed_sales"]
    return grouped[["channel", "currency", "net_sales", "cogs", "fees_total", "contribution_margin"]]


def _pandas_accuracy(atp: pd.DataFrame) -> pd.DataFrame:
    atp["within"] = atp["is_within_tolerance"].astype("float64")
    return atp.groupby("channel", as_index=False).agg(
        accuracy=("within", "mean"), oversell_units=("oversell_units", "sum"))


def _pandas_exception_rate(orders: pd.DataFrame, exceptions: pd.DataFrame) -> pd.DataFrame:
    flagged = exceptions.drop_duplicates().assign(flagged=1)
    merged = orders.merge(flagged, on=["channel", "order_id"], how="left")
    rate = merged.groupby("channel", as_index=False).agg(
        orders=("order_id", "size"), orders_with_exception=("flagged", "count"))
    rate["exception_rate"] = rate["orders_with_exception"] / rate["orders"]
    return rate


def _save(root: Path, name: str, results: dict[str, pd.DataFrame]) -> None:
    folder = root / name
    folder.mkdir(exist_ok=True)
    for metric, frame in results.items():
        frame.to_parquet(folder / f"{metric}.parquet")


def _matches(root: Path, results: dict[str, pd.DataFrame]) -> dict[str, bool]:
    """Compare each pandas result with the SQL one saved by `headline_duckdb`, to 1e-9 relative."""
    matches = {}
    for metric, frame in results.items():
        expected = pd.read_parquet(root / "headline_duckdb" / f"{metric}.parquet")
        actual = frame.reset_index(drop=True)
        try:
            pd.testing.assert_frame_equal(
                actual.astype({c: "float64" for c in actual.columns if c not in ("channel", "currency")}),
                expected.astype({c: "float64" for c in expected.columns if c not in ("channel", "currency")}),
                check_dtype=False, rtol=1e-9,
            )
            matches[metric] = True
        except AssertionError as error:
            log.error("pandas %s differs from SQL: %s", metric, error)
            matches[metric] = False
    return matches
