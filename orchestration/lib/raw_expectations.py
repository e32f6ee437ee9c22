"""Great Expectations suites for the raw layer, as plain data so importing them stays cheap.

Each source has a `required` suite, run as a blocking check (a failure stops dbt from
building on bad raw rows), and a `plausible` suite, run as a warning. Column map
expectations skip null values, so `in set` and `between` only judge values present.
"""

from dataclasses import dataclass, field
from typing import Any

from orchestration.lib.currencies import KNOWN_CURRENCIES

CURRENCIES = sorted(KNOWN_CURRENCIES)
CHANNELS = ["amazon", "shopify", "b2b", "walmart", "ebay"]
PO_STATUSES = ["open", "partially_received", "received", "cancelled"]
B2B_STATUSES = [
    "submitted", "accepted", "on_hold", "backordered", "shipped",
    "partially_shipped", "delivered", "cancelled", "returned",
]
RETURN_EVENTS = ["requested", "received", "inspected", "restocked", "disposed", "refunded"]
RETURN_DISPOSITIONS = ["sellable", "damaged", "defective", "expired", "missing"]
# Amazon's grades of a returned unit in the FBA customer returns report.
FBA_RETURN_DISPOSITIONS = [
    "SELLABLE", "DEFECTIVE", "CUSTOMER_DAMAGED", "CARRIER_DAMAGED", "DISTRIBUTOR_DAMAGED",
    "EXPIRED", "DAMAGED",
]


@dataclass(frozen=True)
class RawExpectation:
    """One GX expectation on one column: the GX class name and its keyword arguments."""

    expectation_type: str
    column: str
    options: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> str:
        return f"{self.expectation_type}({self.column})"


def not_null(*columns: str) -> list[RawExpectation]:
    return [RawExpectation("ExpectColumnValuesToNotBeNull", column) for column in columns]


def non_negative(*columns: str) -> list[RawExpectation]:
    return [
        RawExpectation("ExpectColumnValuesToBeBetween", column, {"min_value": 0})
        for column in columns
    ]


def in_set(column: str, values: list[str]) -> RawExpectation:
    return RawExpectation("ExpectColumnValuesToBeInSet", column, {"value_set": values})


def known_currency(*columns: str) -> list[RawExpectation]:
    return [in_set(column, CURRENCIES) for column in columns]


def zero(column: str) -> RawExpectation:
    return RawExpectation("ExpectColumnValuesToBeBetween", column, {"min_value": 0, "max_value": 0})


# Columns computed in the query that reads the raw Parquet, for checks across columns.
DERIVED_COLUMNS: dict[str, dict[str, str]] = {
    "shopify_payments": {"net_difference": "amount - fee - net"},
    "wms_snapshots": {"sellable_now": "on_hand - reserved - damaged - inspection - quality_hold"},
    # The payout total is the sum of its parts.
    "shopify_payouts": {
        "total_difference": "charges + refunds + coalesce(adjustments, 0) + coalesce(reserved_funds, 0)"
        " + fees + coalesce(retried_amount, 0) - total"
    },
}

REQUIRED: dict[str, list[RawExpectation]] = {
    "amazon_settlements": [
        *not_null("settlement_id", "record_type", "layout"),
        in_set("record_type", ["summary", "detail"]),
        in_set("layout", ["wide", "v2"]),
        *known_currency("currency"),
    ],
    "amazon_orders": [
        *not_null("amazon_order_id"),
        *non_negative("quantity"),
        *known_currency("currency"),
    ],
    "amazon_fba_inventory": [
        *not_null("snapshot_at", "sku"),
        *non_negative(
            "mfn_fulfillable_quantity", "afn_warehouse_quantity", "afn_fulfillable_quantity",
            "afn_unsellable_quantity", "afn_reserved_quantity", "afn_total_quantity",
        ),
    ],
    "shopify_orders": [
        *not_null("name"),
        *non_negative("lineitem_quantity"),
        *known_currency("currency"),
    ],
    "shopify_payments": [
        *not_null("transaction_at", "type"),
        *known_currency("currency", "presentment_currency"),
    ],
    "b2b_orders": [
        *not_null("order_id", "line_number", "account_id", "sku", "status"),
        *non_negative("quantity", "unit_price"),
        *known_currency("currency"),
    ],
    "wms_snapshots": [
        *not_null("snapshot_at", "location_id", "sku"),
        *non_negative(
            "on_hand", "reserved", "damaged", "inspection", "quality_hold", "in_transit",
            "inbound_po",
        ),
    ],
    "products": [
        *not_null("sku"),
        *non_negative("unit_cost", "safety_stock"),
        *known_currency("cost_currency"),
    ],
    "channel_skus": [
        *not_null("channel", "channel_sku", "identifier_type", "sku"),
        in_set("identifier_type", ["seller_sku", "fnsku", "asin", "variant_sku", "product_name"]),
    ],
    "locations": [
        *not_null("location_id", "location_type"),
        in_set("location_type", ["warehouse", "marketplace_fc"]),
    ],
    "published_availability": [
        *not_null("published_at", "channel", "channel_sku", "quantity"),
        *non_negative("quantity"),
    ],
    "suppliers": [
        *not_null("supplier_id", "sku", "promised_lead_time_days"),
        *non_negative("promised_lead_time_days"),
        *known_currency("currency"),
    ],
    "purchase_orders": [
        *not_null("po_id", "line_number", "supplier_id", "order_date", "sku", "location_id", "status"),
        *non_negative("quantity", "unit_cost"),
        in_set("status", PO_STATUSES),
        *known_currency("currency"),
    ],
    "receipts": [
        *not_null("receipt_id", "po_id", "po_line_number", "received_date", "sku", "location_id"),
        *non_negative("quantity"),
    ],
    "amazon_fba_returns": [
        *not_null("return_at", "order_id", "sku", "quantity"),
        *non_negative("quantity"),
    ],
    "returns": [
        *not_null("return_id", "channel", "sku", "quantity", "event", "event_at"),
        *non_negative("quantity"),
        in_set("event", RETURN_EVENTS),
        *known_currency("currency"),
    ],
    "walmart_recon": [
        *not_null("layout", "transaction_type"),
        in_set("layout", ["v1", "wide"]),
        *known_currency("currency"),
    ],
    "walmart_orders": [
        *not_null("purchase_order_id", "line_number", "sku", "order_date"),
        *non_negative("quantity"),
    ],
    "ebay_transactions": [
        *not_null("transaction_date", "type", "net_amount"),
        *known_currency("transaction_currency", "payout_currency"),
    ],
    "shopify_payouts": [
        *not_null("payout_date", "total"),
        *known_currency("currency"),
    ],
    "fx_rates": [
        *not_null("rate_date", "base_currency", "quote_currency", "rate"),
        *known_currency("base_currency", "quote_currency"),
    ],
}

PLAUSIBLE: dict[str, list[RawExpectation]] = {
    "amazon_settlements": [*non_negative("quantity_purchased")],
    "amazon_orders": [*not_null("sku", "purchase_at")],
    "shopify_orders": [*not_null("lineitem_sku")],
    # Shopify states Net = Amount - Fee on every transaction row.
    "shopify_payments": [zero("net_difference")],
    "b2b_orders": [in_set("status", B2B_STATUSES)],
    # Units in every state other than available are part of on hand.
    "wms_snapshots": [*non_negative("sellable_now")],
    "channel_skus": [in_set("channel", CHANNELS)],
    "locations": [in_set("channel", CHANNELS)],
    "published_availability": [in_set("channel", CHANNELS), *not_null("sku")],
    "purchase_orders": [*not_null("expected_date")],
    "amazon_fba_returns": [in_set("detailed_disposition", FBA_RETURN_DISPOSITIONS)],
    "returns": [in_set("channel", CHANNELS), in_set("disposition", RETURN_DISPOSITIONS)],
    "walmart_recon": [in_set("transaction_type", ["SALE", "REFUNDED", "ADJMNT"])],
    "shopify_payouts": [zero("total_difference")],
}
