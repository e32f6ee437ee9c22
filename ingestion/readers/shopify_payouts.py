"""Shopify Payments payouts export (CSV, one row per payout)."""

from datetime import datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.casts import Kind
from ingestion.readers.columns import column, currency
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import CSV
from ingestion.schemas import SHOPIFY_PAYOUTS

FORMAT = FlatFormat(
    source="shopify_payouts",
    schema=SHOPIFY_PAYOUTS,
    dialect=CSV,
    columns=[
        column("payout_date", "Payout Date", Kind.DATE, required=True, not_null=True),
        column("status", "Status", required=True),
        column("charges", "Charges", Kind.MONEY, required=True),
        column("refunds", "Refunds", Kind.MONEY, required=True),
        column("adjustments", "Adjustments", Kind.MONEY),
        column("reserved_funds", "Reserved Funds", Kind.MONEY),
        column("fees", "Fees", Kind.MONEY, required=True),
        column("retried_amount", "Retried Amount", Kind.MONEY),
        column("total", "Total", Kind.MONEY, required=True, not_null=True),
        currency("currency", "Currency", required=True, not_null=True),
    ],
)


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read a payouts export; each record is one payout to the bank."""
    del modified_at
    return read_flat(FORMAT, data, file_name)
