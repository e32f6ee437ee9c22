"""Our own CSV formats for purchasing: supplier terms, purchase orders and receipts."""

from pathlib import Path

import duckdb
import pandas as pd

from ingestion.demo.config import CURRENCY, DemoConfig
from ingestion.demo.writer import WrittenFiles, write_query


def write_purchasing(conn: duckdb.DuckDBPyConnection, out_dir: Path, written: WrittenFiles, config: DemoConfig,
                     suppliers: pd.DataFrame, purchase_orders: pd.DataFrame, receipts: pd.DataFrame) -> None:
    """Write `suppliers`, `purchase_orders` and `receipts`, one file each; day indexes become dates."""
    start = f"DATE '{config.start_date.isoformat()}'"
    conn.register("suppliers_frame", suppliers)
    write_query(conn, """
        SELECT supplier_id, supplier_name, sku, CAST(promised_lead_time_days AS VARCHAR) AS promised_lead_time_days,
               CAST(moq AS VARCHAR) AS moq, CAST(case_pack AS VARCHAR) AS case_pack, currency,
               CASE WHEN is_preferred THEN 'true' ELSE 'false' END AS is_preferred
        FROM suppliers_frame ORDER BY supplier_id, sku
    """, out_dir / "suppliers" / "suppliers.csv", written)

    conn.register("purchase_orders_frame", purchase_orders)
    write_query(conn, f"""
        SELECT po_id, CAST(line_number AS VARCHAR) AS line_number, supplier_id,
               strftime({start} + CAST(order_day AS INTEGER), '%Y-%m-%d') AS order_date,
               strftime({start} + CAST(due_day AS INTEGER), '%Y-%m-%d') AS expected_date,
               sku, CAST(quantity AS VARCHAR) AS quantity, money(unit_cost_cents) AS unit_cost,
               '{CURRENCY}' AS currency, location_id, status
        FROM purchase_orders_frame ORDER BY po_id, line_number
    """, out_dir / "purchase_orders" / "purchase_orders.csv", written)

    conn.register("receipts_frame", receipts)
    write_query(conn, f"""
        SELECT receipt_id, CAST(receipt_line AS VARCHAR) AS line_number, po_id,
               CAST(line_number AS VARCHAR) AS po_line_number,
               strftime({start} + CAST(received_day AS INTEGER), '%Y-%m-%d') AS received_date, sku,
               CAST(quantity AS VARCHAR) AS quantity, location_id
        FROM receipts_frame ORDER BY receipt_id, receipt_line
    """, out_dir / "receipts" / "receipts.csv", written)
