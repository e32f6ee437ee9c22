"""Amazon FBA customer returns reports and our returns export, one file per month."""

from pathlib import Path

import duckdb
import pandas as pd

from ingestion.demo.config import CURRENCY, STORE_TIMEZONE
from ingestion.demo.writer import WrittenFiles, write_query

# The exact header of the FBA customer returns report (tab-separated).
FBA_RETURNS_HEADER = [
    "return-date", "order-id", "sku", "asin", "fnsku", "product-name", "quantity",
    "fulfillment-center-id", "detailed-disposition", "reason", "status", "license-plate-number",
    "customer-comments",
]


def _months(instants: pd.Series, timezone: str) -> pd.Series:
    return instants.dt.tz_convert(timezone).dt.strftime("%Y-%m")


def write_fba_returns(conn: duckdb.DuckDBPyConnection, out_dir: Path, written: WrittenFiles,
                      returns: pd.DataFrame, products: pd.DataFrame, catalogue: pd.DataFrame) -> None:
    """Write one report per month of the return date, as sellers download them."""
    titles = dict(zip(catalogue["seller_sku"], products["title"], strict=True))
    frame = returns.assign(month=_months(returns["return_at"], "UTC"), title=returns["sku"].map(titles))
    conn.register("fba_returns_frame", frame)
    for month in sorted(frame["month"].unique()):
        write_query(conn, f"""
            SELECT iso_utc(return_at), order_id, sku, asin, fnsku, title, CAST(quantity AS VARCHAR),
                   fulfillment_center_id, detailed_disposition, reason, status, license_plate_number, ''
            FROM fba_returns_frame WHERE month = '{month}' ORDER BY return_at, order_id
        """, out_dir / f"amazon_fba_returns/fba_customer_returns_{month}.txt", written,
            delimiter="\t", header=FBA_RETURNS_HEADER)
    conn.unregister("fba_returns_frame")


def write_returns(conn: duckdb.DuckDBPyConnection, out_dir: Path, written: WrittenFiles,
                  events: pd.DataFrame) -> None:
    """Write our returns events, one file per month of the event."""
    frame = events.assign(month=_months(events["event_at"], STORE_TIMEZONE))
    conn.register("return_events_frame", frame)
    for month in sorted(frame["month"].unique()):
        write_query(conn, f"""
            SELECT return_id, channel, order_id, sku, CAST(quantity AS VARCHAR) AS quantity, location_id,
                   event, iso_local(event_at, '{STORE_TIMEZONE}') AS event_at, disposition, reason,
                   CASE WHEN refund_cents IS NOT NULL THEN money(refund_cents) END AS refund_amount,
                   CASE WHEN refund_cents IS NOT NULL THEN '{CURRENCY}' END AS currency
            FROM return_events_frame WHERE month = '{month}' ORDER BY event_at, return_id, event
        """, out_dir / f"returns/returns_{month}.csv", written)
    conn.unregister("return_events_frame")
