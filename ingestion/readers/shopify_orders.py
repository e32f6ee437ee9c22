"""Shopify orders export (CSV, one row per line item).

Order-level fields are filled only on an order's first row and stay null on
the others, as delivered; `order_row_index` numbers an order's rows in file
order so staging can take the order fields from row 1.
"""

from datetime import datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.casts import Kind
from ingestion.readers.columns import column, currency, units
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import CSV
from ingestion.schemas import SHOPIFY_ORDERS

FORMAT = FlatFormat(
    source="shopify_orders",
    schema=SHOPIFY_ORDERS,
    dialect=CSV,
    columns=[
        column("name", "Name", required=True, not_null=True),
        column("financial_status", "Financial Status", required=True),
        column("paid_at", "Paid at", Kind.INSTANT),
        column("fulfillment_status", "Fulfillment Status"),
        column("fulfilled_at", "Fulfilled at", Kind.INSTANT),
        currency("currency", "Currency"),
        column("subtotal", "Subtotal", Kind.MONEY),
        column("shipping", "Shipping", Kind.MONEY),
        column("taxes", "Taxes", Kind.MONEY),
        column("total", "Total", Kind.MONEY, required=True),
        column("discount_code", "Discount Code"),
        column("discount_amount", "Discount Amount", Kind.MONEY),
        column("shipping_method", "Shipping Method"),
        column("created_at", "Created at", Kind.INSTANT, required=True, not_null=True),
        units("lineitem_quantity", "Lineitem quantity", required=True, not_null=True),
        column("lineitem_name", "Lineitem name", required=True),
        column("lineitem_price", "Lineitem price", Kind.MONEY, required=True),
        column("lineitem_compare_at_price", "Lineitem compare at price", Kind.MONEY),
        column("lineitem_sku", "Lineitem sku", required=True),
        column("lineitem_requires_shipping", "Lineitem requires shipping", Kind.FLAG),
        column("lineitem_taxable", "Lineitem taxable", Kind.FLAG),
        column("lineitem_fulfillment_status", "Lineitem fulfillment status"),
        column("lineitem_discount", "Lineitem discount", Kind.MONEY),
        column("shipping_city", "Shipping City"),
        column("shipping_zip", "Shipping Zip"),
        column("shipping_province", "Shipping Province"),
        column("shipping_country", "Shipping Country"),
        column("cancelled_at", "Cancelled at", Kind.INSTANT),
        column("payment_method", "Payment Method"),
        column("refunded_amount", "Refunded Amount", Kind.MONEY),
        column("vendor", "Vendor"),
        column("outstanding_balance", "Outstanding Balance", Kind.MONEY),
        column("id", "Id"),
        column("tags", "Tags"),
        column("risk_level", "Risk Level"),
        column("source", "Source"),
        column("location", "Location"),
    ],
)

# Counted over every record that parsed, so a rejected first row still leaves
# its order's second row numbered 2 and staging sees the order as incomplete.
_ORDER_ROW_INDEX = "row_number() OVER (PARTITION BY name ORDER BY _line_number)"


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read an orders export into one row per line item."""
    del modified_at
    return read_flat(FORMAT, data, file_name, extra_columns={"order_row_index": _ORDER_ROW_INDEX})
