"""Amazon "All Orders" flat file report (tab-separated, one row per order item)."""

from datetime import datetime

from ingestion.readers.base import ReadResult
from ingestion.readers.casts import DecimalStyle, Kind
from ingestion.readers.columns import column, currency, units
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import TSV
from ingestion.schemas import AMAZON_ORDERS

FORMAT = FlatFormat(
    source="amazon_orders",
    schema=AMAZON_ORDERS,
    dialect=TSV,
    # EU marketplaces deliver decimal commas.
    decimal_style=DecimalStyle.EITHER,
    columns=[
        column("amazon_order_id", "amazon-order-id", required=True, not_null=True),
        column("merchant_order_id", "merchant-order-id"),
        column("purchase_at", "purchase-date", Kind.INSTANT, required=True, not_null=True),
        column("last_updated_at", "last-updated-date", Kind.INSTANT),
        column("order_status", "order-status", required=True, not_null=True),
        column("fulfillment_channel", "fulfillment-channel"),
        column("sales_channel", "sales-channel"),
        column("order_channel", "order-channel"),
        column("ship_service_level", "ship-service-level"),
        column("product_name", "product-name"),
        column("sku", "sku", required=True),
        column("asin", "asin", required=True),
        column("item_status", "item-status"),
        units("quantity", "quantity", required=True, not_null=True),
        currency("currency", "currency"),
        column("item_price", "item-price", Kind.MONEY),
        column("item_tax", "item-tax", Kind.MONEY),
        column("shipping_price", "shipping-price", Kind.MONEY),
        column("shipping_tax", "shipping-tax", Kind.MONEY),
        column("gift_wrap_price", "gift-wrap-price", Kind.MONEY),
        column("gift_wrap_tax", "gift-wrap-tax", Kind.MONEY),
        column("item_promotion_discount", "item-promotion-discount", Kind.MONEY),
        column("ship_promotion_discount", "ship-promotion-discount", Kind.MONEY),
        column("ship_city", "ship-city"),
        column("ship_state", "ship-state"),
        column("ship_postal_code", "ship-postal-code"),
        column("ship_country", "ship-country"),
        column("promotion_ids", "promotion-ids"),
    ],
)


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read an All Orders report; each record is one order item."""
    del modified_at  # Every row carries its own purchase and update dates.
    return read_flat(FORMAT, data, file_name)
