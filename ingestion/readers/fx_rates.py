"""Our FX rates format (CSV, one rate per day and currency pair; docs/formats.md)."""

from datetime import datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.casts import Kind
from ingestion.readers.columns import column, currency
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import CSV
from ingestion.schemas import FX_RATES

FORMAT = FlatFormat(
    source="fx_rates",
    schema=FX_RATES,
    dialect=CSV,
    columns=[
        column("rate_date", "rate_date", Kind.DATE, required=True, not_null=True),
        currency("base_currency", "base_currency", required=True, not_null=True),
        currency("quote_currency", "quote_currency", required=True, not_null=True),
        column("rate", "rate", Kind.RATE, required=True, not_null=True),
    ],
)


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read an FX rates file; each record is the rate of one currency pair on one day."""
    del modified_at
    return read_flat(FORMAT, data, file_name)
