"""Our channel-SKU mapping (CSV, one row per channel identifier and canonical SKU)."""

from datetime import datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.columns import column
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import CSV
from ingestion.schemas import CHANNEL_SKUS

IDENTIFIER_TYPES = frozenset(["seller_sku", "fnsku", "asin", "variant_sku", "product_name"])

FORMAT = FlatFormat(
    source="channel_skus",
    schema=CHANNEL_SKUS,
    dialect=CSV,
    columns=[
        column("channel", "channel", required=True, not_null=True),
        column("channel_sku", "channel_sku", required=True, not_null=True),
        column(
            "identifier_type",
            "identifier_type",
            required=True,
            not_null=True,
            allowed=IDENTIFIER_TYPES,
            allowed_label="identifier type",
        ),
        column("sku", "sku", required=True, not_null=True),
    ],
)


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read the channel-SKU mapping; each record maps one channel identifier."""
    del modified_at
    return read_flat(FORMAT, data, file_name)
