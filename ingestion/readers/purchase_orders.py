"""Our purchase-order export (CSV, one row per PO line)."""

from datetime import datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.casts import Kind
from ingestion.readers.columns import column, currency, units
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import CSV
from ingestion.schemas import PURCHASE_ORDERS

PO_STATUSES = frozenset(["open", "partially_received", "received", "cancelled"])

FORMAT = FlatFormat(
    source="purchase_orders",
    schema=PURCHASE_ORDERS,
    dialect=CSV,
    columns=[
        column("po_id", "po_id", required=True, not_null=True),
        column("line_number", "line_number", Kind.COUNT, required=True, not_null=True, minimum=1),
        column("supplier_id", "supplier_id", required=True, not_null=True),
        column("order_date", "order_date", Kind.DATE, required=True, not_null=True),
        column("expected_date", "expected_date", Kind.DATE),
        column("sku", "sku", required=True, not_null=True),
        units("quantity", "quantity", required=True, not_null=True),
        column("unit_cost", "unit_cost", Kind.MONEY, minimum=0),
        currency("currency", "currency", required=True, not_null=True),
        column("location_id", "location_id", required=True, not_null=True),
        column(
            "status", "status", required=True, not_null=True,
            allowed=PO_STATUSES, allowed_label="purchase-order status",
        ),
    ],
)


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read a purchase-order export; each record is one PO line."""
    del modified_at
    return read_flat(FORMAT, data, file_name)
