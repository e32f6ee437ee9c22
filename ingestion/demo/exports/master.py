"""Our own CSV formats: products, channel SKUs, locations and published availability."""

from pathlib import Path

import duckdb
import pandas as pd

from ingestion.demo.allocation import PublishedHistory
from ingestion.demo.catalog import LOCATIONS, channel_sku_rows
from ingestion.demo.config import CURRENCY
from ingestion.demo.writer import WrittenFiles, write_query


def write_master_data(conn: duckdb.DuckDBPyConnection, out_dir: Path, written: WrittenFiles,
                      products: pd.DataFrame, catalogue: pd.DataFrame) -> None:
    """Write `products`, `channel_skus` and `locations`, one file each."""
    conn.register("products_frame", products)
    write_query(conn, f"""
        SELECT sku, title, category, money(unit_cost_cents) AS unit_cost,
               '{CURRENCY}' AS cost_currency, CAST(safety_stock AS VARCHAR) AS safety_stock
        FROM products_frame ORDER BY sku
    """, out_dir / "products" / "products.csv", written)

    conn.register("channel_skus_frame", channel_sku_rows(catalogue))
    write_query(conn, """
        SELECT channel, channel_sku, identifier_type, sku
        FROM channel_skus_frame ORDER BY channel, identifier_type, channel_sku
    """, out_dir / "channel_skus" / "channel_skus.csv", written)

    conn.register("locations_frame", LOCATIONS)
    write_query(conn, """
        SELECT location_id, name, location_type, nullif(channel, '') AS channel, timezone, country
        FROM locations_frame ORDER BY location_id
    """, out_dir / "locations" / "locations.csv", written)


def write_published(conn: duckdb.DuckDBPyConnection, out_dir: Path, written: WrittenFiles,
                    published: PublishedHistory) -> None:
    """Write the history of the quantities published to each channel, one file per day.

    The feeds go out daily, and a year of a large catalogue in one file would be
    several GB that ingestion has to hold at once.
    """
    for day in range(len(published.times)):
        conn.register("published_frame", published.day_frame(day))
        write_query(conn, """
            SELECT iso_utc(published_at) AS published_at, channel, channel_sku, sku,
                   CAST(quantity AS VARCHAR) AS quantity, feed_file
            FROM published_frame ORDER BY channel, channel_sku
        """, out_dir / "published_availability" / published.history_files[day], written,
                    expected_rows=published.day_rows)
    conn.unregister("published_frame")
