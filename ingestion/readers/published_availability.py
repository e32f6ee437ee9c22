"""Quantities that write-back feeds published to each channel (CSV, one row per channel SKU and feed)."""

from datetime import datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.casts import Kind
from ingestion.readers.columns import column, units
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import CSV
from ingestion.schemas import PUBLISHED_AVAILABILITY

FORMAT = FlatFormat(
    source="published_availability",
    schema=PUBLISHED_AVAILABILITY,
    dialect=CSV,
    columns=[
        column("published_at", "published_at", Kind.INSTANT, required=True, not_null=True),
        column("channel", "channel", required=True, not_null=True),
        column("channel_sku", "channel_sku", required=True, not_null=True),
        column("sku", "sku"),
        units("quantity", "quantity", required=True, not_null=True),
        column("feed_file", "feed_file"),
    ],
)


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read a published availability file; each record is one quantity sent to a channel."""
    del modified_at
    return read_flat(FORMAT, data, file_name)
