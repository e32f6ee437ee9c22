"""Our product master (CSV, one row per canonical SKU)."""

from datetime import datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.casts import Kind
from ingestion.readers.columns import column, currency, units
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import CSV
from ingestion.schemas import PRODUCTS

FORMAT = FlatFormat(
    source="products",
    schema=PRODUCTS,
    dialect=CSV,
    columns=[
        column("sku", "sku", required=True, not_null=True),
        column("title", "title", required=True),
        column("category", "category"),
        column("unit_cost", "unit_cost", Kind.MONEY, required=True, minimum=0),
        currency("cost_currency", "cost_currency", required=True),
        units("safety_stock", "safety_stock"),
    ],
)


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read the product master; each record is one canonical SKU."""
    del modified_at
    return read_flat(FORMAT, data, file_name)
