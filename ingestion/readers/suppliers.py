"""Our supplier terms (CSV, one row per supplier and SKU it supplies)."""

from datetime import datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.casts import Kind
from ingestion.readers.columns import MAX_UNITS, column, currency
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import CSV
from ingestion.schemas import SUPPLIERS

# A promise of more than a year is a typing error, not a lead time.
MAX_LEAD_TIME_DAYS = 365

FORMAT = FlatFormat(
    source="suppliers",
    schema=SUPPLIERS,
    dialect=CSV,
    columns=[
        column("supplier_id", "supplier_id", required=True, not_null=True),
        column("supplier_name", "supplier_name", required=True),
        column("sku", "sku", required=True, not_null=True),
        column(
            "promised_lead_time_days", "promised_lead_time_days", Kind.COUNT,
            required=True, not_null=True, minimum=0, maximum=MAX_LEAD_TIME_DAYS,
        ),
        # A case pack or MOQ of 0 would make every order quantity 0.
        column("moq", "moq", Kind.COUNT, required=True, minimum=1, maximum=MAX_UNITS),
        column("case_pack", "case_pack", Kind.COUNT, required=True, minimum=1, maximum=MAX_UNITS),
        currency("currency", "currency", required=True, not_null=True),
        column("is_preferred", "is_preferred", Kind.FLAG),
    ],
)


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read supplier terms; each record is one SKU a supplier supplies."""
    del modified_at
    return read_flat(FORMAT, data, file_name)
