"""Our B2B portal export: one CSV row per order line, one file per month."""

from pathlib import Path

import duckdb
import pandas as pd

from ingestion.demo.config import STORE_TIMEZONE, DemoConfig
from ingestion.demo.naming import order_files
from ingestion.demo.timeline import report_time
from ingestion.demo.writer import WrittenFiles, write_query

# A shipment reaches a B2B customer's dock three days after it leaves.
DELIVERY_DAYS = 3


def write_b2b_orders(conn: duckdb.DuckDBPyConnection, out_dir: Path, written: WrittenFiles,
                     config: DemoConfig, lines: pd.DataFrame) -> None:
    """Write the portal's order lines with native statuses as of the report time."""
    frame = lines.copy()
    frame["file"] = order_files(config, "b2b", frame["day"].to_numpy())
    frame["ship_by_date"] = pd.Timestamp(config.start_date) + pd.to_timedelta(frame["ship_by_day"], unit="D")
    conn.register("b2b_lines", frame)
    as_of = report_time(config).isoformat()
    last_day = config.days - 1

    for file in sorted(frame["file"].unique()):
        write_query(conn, f"""
            WITH line AS (
                SELECT *, ship_at < TIMESTAMPTZ '{as_of}' AS is_shipped
                FROM b2b_lines WHERE file = '{file}'
            )
            SELECT order_id, CAST(line_number AS VARCHAR) AS line_number, account_id,
                   iso_local(ordered_at, '{STORE_TIMEZONE}') AS ordered_at,
                   strftime(ship_by_date, '%Y-%m-%d') AS ship_by_date,
                   CASE WHEN is_shipped THEN iso_local(ship_at, '{STORE_TIMEZONE}') END AS shipped_at,
                   CASE WHEN status_override <> '' THEN status_override
                        WHEN cancel_reason <> '' THEN 'cancelled'
                        WHEN is_shipped AND ship_at + INTERVAL {DELIVERY_DAYS} DAY < TIMESTAMPTZ '{as_of}'
                            THEN 'delivered'
                        WHEN is_shipped THEN 'shipped'
                        WHEN day = {last_day} THEN 'submitted'
                        ELSE 'accepted' END AS status,
                   channel_sku AS sku, CAST(quantity AS VARCHAR) AS quantity,
                   money(unit_cents) AS unit_price, 'USD' AS currency,
                   nullif(cancel_reason, '') AS cancel_reason
            FROM line ORDER BY ordered_at, order_id, line_number
        """, out_dir / file, written)
    conn.unregister("b2b_lines")
