"""Shopify orders export CSVs (one row per line item), one file per month."""

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from ingestion.demo.config import STORE_TIMEZONE, DemoConfig
from ingestion.demo.naming import order_files
from ingestion.demo.timeline import report_time
from ingestion.demo.writer import WrittenFiles, write_query

# The export's header exactly as Shopify writes it.
HEADER = (
    "Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Accepts Marketing,Currency,"
    "Subtotal,Shipping,Taxes,Total,Discount Code,Discount Amount,Shipping Method,Created at,"
    "Lineitem quantity,Lineitem name,Lineitem price,Lineitem compare at price,Lineitem sku,"
    "Lineitem requires shipping,Lineitem taxable,Lineitem fulfillment status,Billing Name,"
    "Billing Street,Billing Address1,Billing Address2,Billing Company,Billing City,Billing Zip,"
    "Billing Province,Billing Country,Billing Phone,Shipping Name,Shipping Street,Shipping Address1,"
    "Shipping Address2,Shipping Company,Shipping City,Shipping Zip,Shipping Province,Shipping Country,"
    "Shipping Phone,Notes,Note Attributes,Cancelled at,Payment Method,Payment Reference,"
    "Refunded Amount,Vendor,Outstanding Balance,Employee,Location,Device ID,Id,Tags,Risk Level,"
    "Source,Lineitem discount,Tax 1 Name,Tax 1 Value,Tax 2 Name,Tax 2 Value,Tax 3 Name,Tax 3 Value,"
    "Tax 4 Name,Tax 4 Value,Tax 5 Name,Tax 5 Value,Phone,Receipt Number,Duties,Billing Province Name,"
    "Shipping Province Name,Payment ID,Payment Terms Name,Next Payment Due At,Payment References"
).split(",")

# Columns filled on every row; every other column only on an order's first row.
LINE_COLUMNS = {
    "Name", "Email", "Created at", "Lineitem quantity", "Lineitem name", "Lineitem price",
    "Lineitem compare at price", "Lineitem sku", "Lineitem requires shipping", "Lineitem taxable",
    "Lineitem fulfillment status", "Vendor", "Lineitem discount",
}
VENDOR = "Marketops Demo Goods"
FREE_SHIPPING_FROM_CENTS = 5000
SHIPPING_CENTS = 599
# Sales tax in percent of the subtotal; shipping is not taxed in this demo.
TAX_PERCENT = 7


def shopify_orders(lines: pd.DataFrame, as_of: pd.Timestamp) -> pd.DataFrame:
    """Return one row per Shopify order with its totals and statuses as of `as_of`."""
    frame = lines.assign(
        line_cents=lines["unit_cents"] * lines["quantity"],
        refunded=lines["refund_at"].notna(),
    )
    orders = frame.groupby("order_seq", sort=True).agg(
        order_id=("order_id", "first"), ordered_at=("ordered_at", "first"), ship_at=("ship_at", "first"),
        cancelled_at=("cancelled_at", "first"), payment_pending=("payment_pending", "first"),
        subtotal=("line_cents", "sum"), refunded_cents=("refund_cents", "sum"),
        refunded_lines=("refunded", "sum"), lines=("line_number", "count"),
        refund_at=("refund_at", "max"),
    )
    orders["shipping"] = np.where(orders["subtotal"] >= FREE_SHIPPING_FROM_CENTS, 0, SHIPPING_CENTS)
    orders["taxes"] = (orders["subtotal"] * TAX_PERCENT + 50) // 100
    orders["total"] = orders["subtotal"] + orders["shipping"] + orders["taxes"]
    orders["is_cancelled"] = orders["cancelled_at"].notna()
    orders["is_paid"] = ~orders["is_cancelled"] & ~orders["payment_pending"]
    orders["paid_at"] = orders["ordered_at"].where(orders["is_paid"]) + pd.Timedelta(seconds=20)
    orders["is_fulfilled"] = (orders["ship_at"] < as_of).fillna(False).astype(bool)
    orders["financial_status"] = np.select(
        [orders["is_cancelled"], orders["payment_pending"],
         orders["refunded_lines"] == orders["lines"], orders["refunded_lines"] > 0],
        ["voided", "pending", "refunded", "partially_refunded"], default="paid",
    )
    orders["shopify_id"] = 6_100_000_000_000 + orders.index.to_numpy() * 1000 + orders.index.to_numpy() % 997
    return orders


def _select_list() -> str:
    values = {
        "Name": "l.order_id", "Email": "'customer' || (l.order_seq % 4000 + 1) || '@example.com'",
        "Financial Status": "o.financial_status",
        "Paid at": f"shopify_time(o.paid_at, '{STORE_TIMEZONE}')",
        "Fulfillment Status": "CASE WHEN o.is_fulfilled THEN 'fulfilled' ELSE 'unfulfilled' END",
        "Fulfilled at": f"CASE WHEN o.is_fulfilled THEN shopify_time(o.ship_at, '{STORE_TIMEZONE}') END",
        "Accepts Marketing": "CASE WHEN l.order_seq % 3 = 0 THEN 'yes' ELSE 'no' END",
        "Currency": "'USD'", "Subtotal": "money(o.subtotal)", "Shipping": "money(o.shipping)",
        "Taxes": "money(o.taxes)", "Total": "money(o.total)", "Discount Amount": "'0.00'",
        "Shipping Method": "CASE WHEN o.shipping = 0 THEN 'Free Shipping' ELSE 'Standard Shipping' END",
        "Created at": f"shopify_time(l.ordered_at, '{STORE_TIMEZONE}')",
        "Lineitem quantity": "CAST(l.quantity AS VARCHAR)", "Lineitem name": "l.title",
        "Lineitem price": "money(l.unit_cents)", "Lineitem sku": "l.channel_sku",
        "Lineitem requires shipping": "'true'", "Lineitem taxable": "'true'",
        "Lineitem fulfillment status": "CASE WHEN o.is_fulfilled THEN 'fulfilled' ELSE 'pending' END",
        "Billing Name": "'Customer ' || lpad(CAST(l.order_seq % 4000 + 1 AS VARCHAR), 4, '0')",
        "Billing City": "l.ship_city", "Billing Zip": "l.ship_postal_code", "Billing Province": "l.ship_state",
        "Billing Country": "'US'",
        "Shipping Name": "'Customer ' || lpad(CAST(l.order_seq % 4000 + 1 AS VARCHAR), 4, '0')",
        "Shipping City": "l.ship_city", "Shipping Zip": "l.ship_postal_code",
        "Shipping Province": "l.ship_state", "Shipping Country": "'US'",
        "Cancelled at": f"shopify_time(o.cancelled_at, '{STORE_TIMEZONE}')",
        "Payment Method": "CASE WHEN o.payment_pending THEN 'Bank Deposit' ELSE 'Shopify Payments' END",
        "Refunded Amount": "money(o.refunded_cents)", "Vendor": f"'{VENDOR}'",
        "Outstanding Balance": "money(CASE WHEN o.payment_pending THEN o.total ELSE 0 END)",
        "Id": "CAST(o.shopify_id AS VARCHAR)", "Risk Level": "'Low'", "Source": "'web'",
        "Lineitem discount": "'0.00'", "Tax 1 Name": f"'Sales Tax {TAX_PERCENT}%'",
        "Tax 1 Value": "money(o.taxes)", "Payment ID": "l.order_id || '.1'",
        "Payment References": "l.order_id || '.1'",
    }
    columns = []
    for name in HEADER:
        value = values.get(name, "NULL")
        if name not in LINE_COLUMNS and value != "NULL":
            value = f"CASE WHEN l.line_number = 1 THEN {value} END"
        columns.append(f"{value} AS \"{name}\"")
    return ",\n       ".join(columns)


def write_shopify_orders(conn: duckdb.DuckDBPyConnection, out_dir: Path, written: WrittenFiles,
                         config: DemoConfig, lines: pd.DataFrame, orders: pd.DataFrame,
                         products: pd.DataFrame) -> None:
    """Write the export; order fields appear on an order's first line-item row only."""
    frame = lines.copy()
    frame["file"] = order_files(config, "shopify", frame["day"].to_numpy())
    frame["title"] = products["title"].to_numpy()[frame["sku_index"].to_numpy()]
    conn.register("shopify_lines", frame)
    conn.register("shopify_order_frame", orders.reset_index())
    select = _select_list()

    for file in sorted(frame["file"].unique()):
        write_query(conn, f"""
            SELECT {select}
            FROM shopify_lines AS l JOIN shopify_order_frame AS o USING (order_seq)
            WHERE l.file = '{file}'
            ORDER BY l.ordered_at, l.order_seq, l.line_number
        """, out_dir / file, written, header=HEADER)
    conn.unregister("shopify_lines")
    conn.unregister("shopify_order_frame")
