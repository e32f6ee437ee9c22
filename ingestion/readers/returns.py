"""Our returns export (CSV, one row per disposition event of a returned SKU)."""

from datetime import datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.casts import Kind
from ingestion.readers.columns import column, currency, units
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import CSV
from ingestion.schemas import RETURNS

# The life of a return: announced, received at the location, inspected, then
# restocked or disposed of, and refunded at any point after the request.
EVENTS = frozenset({"requested", "received", "inspected", "restocked", "disposed", "refunded"})
DISPOSITIONS = frozenset({"sellable", "damaged", "defective", "expired", "missing"})

FORMAT = FlatFormat(
    source="returns",
    schema=RETURNS,
    dialect=CSV,
    columns=[
        column("return_id", "return_id", required=True, not_null=True),
        column("channel", "channel", required=True, not_null=True),
        column("order_id", "order_id"),
        column("sku", "sku", required=True, not_null=True),
        units("quantity", "quantity", required=True, not_null=True),
        column("location_id", "location_id"),
        column("event", "event", required=True, not_null=True, allowed=EVENTS, allowed_label="return event"),
        column("event_at", "event_at", Kind.INSTANT, required=True, not_null=True),
        column("disposition", "disposition", allowed=DISPOSITIONS, allowed_label="return disposition"),
        column("reason", "reason"),
        column("refund_amount", "refund_amount", Kind.MONEY),
        currency("currency", "currency"),
    ],
)


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read a returns export; each record is one event in the life of one returned SKU."""
    del modified_at
    return read_flat(FORMAT, data, file_name)
