"""Our B2B portal order export (CSV, one row per order line; docs/formats.md)."""

from datetime import datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.casts import Kind
from ingestion.readers.columns import column, currency, units
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import CSV
from ingestion.schemas import B2B_ORDERS

FORMAT = FlatFormat(
    source="b2b_orders",
    schema=B2B_ORDERS,
    dialect=CSV,
    columns=[
        column("order_id", "order_id", required=True, not_null=True),
        column("line_number", "line_number", Kind.COUNT, required=True, not_null=True),
        column("account_id", "account_id", required=True, not_null=True),
        column("ordered_at", "ordered_at", Kind.INSTANT, required=True, not_null=True),
        column("ship_by_date", "ship_by_date", Kind.DATE),
        column("shipped_at", "shipped_at", Kind.INSTANT),
        column("status", "status", required=True, not_null=True),
        column("sku", "sku", required=True, not_null=True),
        units("quantity", "quantity", required=True, not_null=True),
        column("unit_price", "unit_price", Kind.MONEY, required=True, minimum=0),
        currency("currency", "currency", required=True, not_null=True),
        column("cancel_reason", "cancel_reason"),
    ],
)


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read a B2B order export; each record is one order line."""
    del modified_at
    return read_flat(FORMAT, data, file_name)
