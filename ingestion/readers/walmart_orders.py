"""Walmart Seller Center order export (CSV, one row per purchase order line)."""

from datetime import datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.casts import Kind
from ingestion.readers.columns import column, currency, units
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import CSV
from ingestion.schemas import WALMART_ORDERS

FORMAT = FlatFormat(
    source="walmart_orders",
    schema=WALMART_ORDERS,
    dialect=CSV,
    columns=[
        column("purchase_order_id", "PO#", required=True, not_null=True),
        column("customer_order_id", "Order#", required=True, not_null=True),
        column("order_date", "Order Date", Kind.US_DATE, required=True, not_null=True),
        column("ship_by_date", "Ship By", Kind.US_DATE),
        column("line_number", "Line#", Kind.COUNT, required=True, not_null=True, minimum=1),
        column("status", "Status", required=True, not_null=True),
        column("item_description", "Item Description"),
        column("sku", "SKU", required=True, not_null=True),
        units("quantity", "Qty", required=True, not_null=True),
        column("item_cost", "Item Cost", Kind.MONEY, required=True),
        column("shipping_cost", "Shipping Cost", Kind.MONEY),
        column("tax", "Tax", Kind.MONEY),
        # The US export has no currency column; staging reads a missing one as USD.
        currency("currency", "Currency"),
        column("shipping_method", "Shipping Method"),
        column("carrier", "Carrier"),
        column("tracking_number", "Tracking Number"),
        column("fulfillment_entity", "Fulfillment Entity"),
    ],
)


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read an order export; each record is one purchase order line."""
    del modified_at
    return read_flat(FORMAT, data, file_name)
