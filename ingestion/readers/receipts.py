"""Our goods-receipt export (CSV, one row per receipt line against a PO line)."""

from datetime import datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.casts import Kind
from ingestion.readers.columns import column, units
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import CSV
from ingestion.schemas import RECEIPTS

FORMAT = FlatFormat(
    source="receipts",
    schema=RECEIPTS,
    dialect=CSV,
    columns=[
        column("receipt_id", "receipt_id", required=True, not_null=True),
        column("line_number", "line_number", Kind.COUNT, required=True, not_null=True, minimum=1),
        column("po_id", "po_id", required=True, not_null=True),
        column("po_line_number", "po_line_number", Kind.COUNT, required=True, not_null=True, minimum=1),
        column("received_date", "received_date", Kind.DATE, required=True, not_null=True),
        column("sku", "sku", required=True, not_null=True),
        units("quantity", "quantity", required=True, not_null=True),
        column("location_id", "location_id", required=True, not_null=True),
    ],
)


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read a goods-receipt export; each record is one receipt line."""
    del modified_at
    return read_flat(FORMAT, data, file_name)
