"""Amazon "All Orders" report files (tab-separated), one per month of order date."""

from pathlib import Path

import duckdb
import pandas as pd

from ingestion.demo.config import DemoConfig
from ingestion.demo.naming import order_files
from ingestion.demo.timeline import report_time
from ingestion.demo.writer import WrittenFiles, write_query

# The documented columns of the report, in the report's order.
HEADER = [
    "amazon-order-id", "merchant-order-id", "purchase-date", "last-updated-date", "order-status",
    "fulfillment-channel", "sales-channel", "order-channel", "ship-service-level", "product-name",
    "sku", "asin", "item-status", "quantity", "currency", "item-price", "item-tax", "shipping-price",
    "shipping-tax", "gift-wrap-price", "gift-wrap-tax", "item-promotion-discount",
    "ship-promotion-discount", "ship-city", "ship-state", "ship-postal-code", "ship-country",
    "promotion-ids",
]
# An order still waiting for payment authorization shows as Pending for a few hours.
PENDING_HOURS = 4


def write_amazon_orders(conn: duckdb.DuckDBPyConnection, out_dir: Path, written: WrittenFiles,
                        config: DemoConfig, lines: pd.DataFrame, products: pd.DataFrame) -> None:
    """Write the report rows, one per order item, repeating a row where a fault says so."""
    frame = lines.loc[lines.index.repeat(lines["copies"])].copy()
    frame["file"] = order_files(config, "amazon", frame["day"].to_numpy())
    frame["title"] = products["title"].to_numpy()[frame["sku_index"].to_numpy()]
    conn.register("amazon_lines", frame)
    as_of = report_time(config).isoformat()

    for file in sorted(frame["file"].unique()):
        write_query(conn, f"""
            WITH line AS (
                SELECT *,
                       ship_at < TIMESTAMPTZ '{as_of}' AS is_shipped,
                       cancel_reason <> '' AS is_cancelled,
                       CAST(unit_cents AS BIGINT) * quantity AS price_cents
                FROM amazon_lines WHERE file = '{file}'
            )
            SELECT order_id, '', iso_utc(ordered_at),
                   iso_utc(greatest(ordered_at, coalesce(cancelled_at, ordered_at),
                                    CASE WHEN is_shipped THEN ship_at ELSE ordered_at END)),
                   CASE WHEN is_cancelled THEN 'Cancelled'
                        WHEN is_shipped THEN 'Shipped'
                        WHEN ordered_at > TIMESTAMPTZ '{as_of}' - INTERVAL {PENDING_HOURS} HOUR THEN 'Pending'
                        ELSE 'Unshipped' END,
                   CASE WHEN fulfilment = 'AFN' THEN 'Amazon' ELSE 'Merchant' END,
                   'Amazon.com', '', CASE WHEN quantity > 1 THEN 'Expedited' ELSE 'Standard' END,
                   title, channel_sku, asin,
                   CASE WHEN is_cancelled THEN 'Cancelled' WHEN is_shipped THEN 'Shipped' ELSE 'Unshipped' END,
                   CAST(quantity AS VARCHAR), 'USD', money(price_cents),
                   money((price_cents * 7 + 50) // 100), '0.00', '0.00', '0.00', '0.00', '0.00', '0.00',
                   ship_city, ship_state, ship_postal_code, 'US', ''
            FROM line ORDER BY ordered_at, order_id, line_number
        """, out_dir / file, written, delimiter="\t", header=HEADER)
    conn.unregister("amazon_lines")
