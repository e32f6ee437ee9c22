"""Warehouse (WMS) snapshots, one CSV per day, and weekly Amazon FBA inventory reports."""

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ingestion.demo.config import WAREHOUSES, DemoConfig
from ingestion.demo.naming import day_date, fba_inventory_file, wms_snapshot_file
from ingestion.demo.stock import StockHistory
from ingestion.demo.timeline import snapshot_times
from ingestion.demo.writer import WrittenFiles, write_query

# The exact header of the Manage FBA Inventory report (tab-separated).
FBA_HEADER = [
    "sku", "fnsku", "asin", "product-name", "condition", "your-price", "mfn-listing-exists",
    "mfn-fulfillable-quantity", "afn-listing-exists", "afn-warehouse-quantity",
    "afn-fulfillable-quantity", "afn-unsellable-quantity", "afn-reserved-quantity",
    "afn-total-quantity", "per-unit-volume", "afn-inbound-working-quantity",
    "afn-inbound-shipped-quantity", "afn-inbound-receiving-quantity", "afn-researching-quantity",
    "afn-reserved-future-supply", "afn-future-supply-buyable",
]
FBA_REPORT_EVERY_DAYS = 7


def _wms_day_frame(config: DemoConfig, products: pd.DataFrame, stock: StockHistory, day: int) -> pd.DataFrame:
    """Build one day's snapshot rows, warehouse by warehouse, each in SKU order.

    One day at a time keeps memory at one day's rows: a year of 70,000 SKUs in two
    warehouses is 50 million rows, several GB as one frame.
    """
    n_w, _n_d, n_s = stock.on_hand.shape
    start = np.datetime64(config.start_date, "D")
    frame = pd.DataFrame({
        "location_id": np.repeat(np.array(WAREHOUSES), n_s),
        "sku": np.tile(products["sku"].to_numpy(), n_w),
    })
    # Arrays are warehouse x day x SKU.
    for name in ("on_hand", "reserved", "damaged", "inspection", "quality_hold", "in_transit", "inbound_po"):
        frame[name] = getattr(stock, name)[:, day, :].reshape(-1)
    for name, due in (("in_transit_expected_date", stock.in_transit_due),
                      ("inbound_po_expected_date", stock.inbound_po_due)):
        due = due[:, day, :].reshape(-1)
        frame[name] = pd.Series(np.where(due >= 0, start + due.astype("timedelta64[D]"), np.datetime64("NaT")))
    frame["snapshot_at"] = snapshot_times(config)[day]
    return frame


def write_wms_snapshots(conn: duckdb.DuckDBPyConnection, out_dir: Path, written: WrittenFiles,
                        config: DemoConfig, products: pd.DataFrame, stock: StockHistory) -> None:
    """Write one snapshot file per day with a row per warehouse and SKU."""
    rows_per_day = len(WAREHOUSES) * config.skus
    for day in range(config.days):
        conn.register("wms_frame", _wms_day_frame(config, products, stock, day))
        write_query(conn, """
            SELECT iso_utc(snapshot_at) AS snapshot_at, location_id, sku,
                   CAST(on_hand AS VARCHAR) AS on_hand, CAST(reserved AS VARCHAR) AS reserved,
                   CAST(damaged AS VARCHAR) AS damaged, CAST(inspection AS VARCHAR) AS inspection,
                   CAST(quality_hold AS VARCHAR) AS quality_hold, CAST(in_transit AS VARCHAR) AS in_transit,
                   strftime(in_transit_expected_date, '%Y-%m-%d') AS in_transit_expected_date,
                   CAST(inbound_po AS VARCHAR) AS inbound_po,
                   strftime(inbound_po_expected_date, '%Y-%m-%d') AS inbound_po_expected_date
            FROM wms_frame ORDER BY location_id, sku
        """, out_dir / wms_snapshot_file(day_date(config, day)), written, expected_rows=rows_per_day)
        conn.unregister("wms_frame")


def write_fba_inventory(conn: duckdb.DuckDBPyConnection, out_dir: Path, written: WrittenFiles,
                        config: DemoConfig, products: pd.DataFrame, catalogue: pd.DataFrame,
                        stock: StockHistory, mfn_listed: np.ndarray) -> None:
    """Write a report every 7 days, counting back from the last day, dated in its name."""
    report_days = list(range(config.days - 1, -1, -FBA_REPORT_EVERY_DAYS))[::-1]
    for day in report_days:
        frame = pd.DataFrame({
            "sku": catalogue["seller_sku"], "fnsku": catalogue["fnsku"], "asin": catalogue["asin"],
            "title": products["title"], "price_cents": products["price_cents"],
            "mfn": mfn_listed[day], "fulfillable": stock.fba_fulfillable[day],
            "unsellable": stock.fba_unsellable[day], "reserved": stock.fba_reserved[day],
            "inbound": stock.fba_inbound[day],
        })
        conn.register("fba_frame", frame)
        write_query(conn, """
            SELECT sku, fnsku, asin, title, 'New', money(price_cents), 'Yes', CAST(mfn AS VARCHAR), 'Yes',
                   CAST(fulfillable + unsellable + reserved AS VARCHAR), CAST(fulfillable AS VARCHAR),
                   CAST(unsellable AS VARCHAR), CAST(reserved AS VARCHAR),
                   CAST(fulfillable + unsellable + reserved + inbound AS VARCHAR), '0.12',
                   '0', CAST(inbound AS VARCHAR), '0', '0', '0', '0'
            FROM fba_frame ORDER BY sku
        """, out_dir / fba_inventory_file(day_date(config, day)), written, delimiter="\t",
            header=FBA_HEADER, expected_rows=len(frame))
        conn.unregister("fba_frame")
