"""Shopify Payments transactions export (CSV)."""

from datetime import datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.casts import Kind
from ingestion.readers.columns import column, currency
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import CSV
from ingestion.schemas import SHOPIFY_PAYMENTS

FORMAT = FlatFormat(
    source="shopify_payments",
    schema=SHOPIFY_PAYMENTS,
    dialect=CSV,
    columns=[
        column("transaction_at", "Transaction Date", Kind.INSTANT, required=True, not_null=True),
        column("type", "Type", required=True, not_null=True),
        column("order_name", "Order"),
        column("card_brand", "Card Brand"),
        column("card_source", "Card Source"),
        column("payout_status", "Payout Status", required=True),
        column("payout_date", "Payout Date", Kind.DATE),
        column("available_on", "Available On", Kind.DATE),
        column("amount", "Amount", Kind.MONEY, required=True, not_null=True),
        column("fee", "Fee", Kind.MONEY, required=True),
        column("net", "Net", Kind.MONEY, required=True),
        column("checkout", "Checkout"),
        column("payment_method_name", "Payment Method Name"),
        column("presentment_amount", "Presentment Amount", Kind.MONEY),
        currency("presentment_currency", "Presentment Currency"),
        currency("currency", "Currency", required=True, not_null=True),
    ],
)


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read a payments transactions export; each record is one balance transaction."""
    del modified_at
    return read_flat(FORMAT, data, file_name)
