"""Amazon FBA customer returns report (GET_FBA_FULFILLMENT_CUSTOMER_RETURNS_DATA, tab-separated)."""

from datetime import datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.casts import Kind
from ingestion.readers.columns import column, units
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import TSV
from ingestion.schemas import AMAZON_FBA_RETURNS

FORMAT = FlatFormat(
    source="amazon_fba_returns",
    schema=AMAZON_FBA_RETURNS,
    dialect=TSV,
    columns=[
        column("return_at", "return-date", Kind.INSTANT, required=True, not_null=True),
        column("order_id", "order-id", required=True, not_null=True),
        column("sku", "sku", required=True, not_null=True),
        column("asin", "asin"),
        column("fnsku", "fnsku"),
        column("product_name", "product-name"),
        units("quantity", "quantity", required=True, not_null=True),
        column("fulfillment_center_id", "fulfillment-center-id"),
        column("detailed_disposition", "detailed-disposition", required=True),
        column("reason", "reason"),
        column("status", "status"),
        column("license_plate_number", "license-plate-number"),
        column("customer_comments", "customer-comments"),
    ],
)


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read an FBA customer returns report; each record is one return of an order line's units."""
    del modified_at
    return read_flat(FORMAT, data, file_name)
