"""Arrow schemas of the raw Parquet layer, one per landing source.

These schemas are the contract between the readers, the demo generator and the
dbt sources: a reader returns exactly these columns in this order, the landing
writer adds the lineage columns, and every raw file of a source has the same
schema, so dbt can read `raw/<source>/*.parquet` as one table.

Money is DECIMAL(18, 4) so that three-decimal currencies and EU amounts keep
every digit, and identifiers (SKUs, order ids, settlement ids) are always text.
Instants are UTC timestamps; the channel's time zone is applied in dbt.
"""

import pyarrow as pa

MONEY = pa.decimal128(18, 4)
INSTANT = pa.timestamp("us", tz="UTC")
TEXT = pa.string()
COUNT = pa.int64()
DATE = pa.date32()
FLAG = pa.bool_()

# Added by the landing writer to every raw row, after the reader's columns.
LINEAGE = [
    pa.field("_file_sha256", TEXT, nullable=False),
    pa.field("_file_name", TEXT, nullable=False),
    # 1-based number of the physical line where the record starts in the file.
    pa.field("_line_number", COUNT, nullable=False),
    pa.field("_loaded_at", INSTANT, nullable=False),
]


def _schema(*fields: tuple[str, pa.DataType]) -> pa.Schema:
    return pa.schema([pa.field(name, dtype) for name, dtype in fields])


# Both settlement layouts (wide and "V2") land in this long form: one row per
# amount, plus one row with a null amount for a detail row that carries none,
# plus one `summary` row per file. The summary fields repeat on every row.
AMAZON_SETTLEMENTS = _schema(
    ("settlement_id", TEXT),
    ("settlement_start_at", INSTANT),
    ("settlement_end_at", INSTANT),
    ("deposit_at", INSTANT),
    ("total_amount", MONEY),
    ("currency", TEXT),
    ("record_type", TEXT),  # summary | detail
    ("layout", TEXT),  # wide | v2
    ("transaction_type", TEXT),
    ("order_id", TEXT),
    ("merchant_order_id", TEXT),
    ("adjustment_id", TEXT),
    ("shipment_id", TEXT),
    ("marketplace_name", TEXT),
    ("fulfillment_id", TEXT),
    ("posted_at", INSTANT),
    ("order_item_code", TEXT),
    ("merchant_order_item_id", TEXT),
    ("merchant_adjustment_item_id", TEXT),
    ("sku", TEXT),
    ("quantity_purchased", COUNT),
    ("promotion_id", TEXT),
    ("amount_type", TEXT),
    ("amount_description", TEXT),
    ("amount", MONEY),
    # Header of the column the amount came from (`price-amount`, `amount` ...).
    ("amount_column", TEXT),
)

AMAZON_ORDERS = _schema(
    ("amazon_order_id", TEXT),
    ("merchant_order_id", TEXT),
    ("purchase_at", INSTANT),
    ("last_updated_at", INSTANT),
    ("order_status", TEXT),
    ("fulfillment_channel", TEXT),
    ("sales_channel", TEXT),
    ("order_channel", TEXT),
    ("ship_service_level", TEXT),
    ("product_name", TEXT),
    ("sku", TEXT),
    ("asin", TEXT),
    ("item_status", TEXT),
    ("quantity", COUNT),
    ("currency", TEXT),
    ("item_price", MONEY),
    ("item_tax", MONEY),
    ("shipping_price", MONEY),
    ("shipping_tax", MONEY),
    ("gift_wrap_price", MONEY),
    ("gift_wrap_tax", MONEY),
    ("item_promotion_discount", MONEY),
    ("ship_promotion_discount", MONEY),
    ("ship_city", TEXT),
    ("ship_state", TEXT),
    ("ship_postal_code", TEXT),
    ("ship_country", TEXT),
    ("promotion_ids", TEXT),
)

# The report has no date column: `snapshot_at` comes from a date or timestamp
# in the file name when there is one, else from the file's modification time.
AMAZON_FBA_INVENTORY = _schema(
    ("snapshot_at", INSTANT),
    ("sku", TEXT),
    ("fnsku", TEXT),
    ("asin", TEXT),
    ("product_name", TEXT),
    ("condition", TEXT),
    ("your_price", MONEY),
    ("mfn_listing_exists", FLAG),
    ("mfn_fulfillable_quantity", COUNT),
    ("afn_listing_exists", FLAG),
    ("afn_warehouse_quantity", COUNT),
    ("afn_fulfillable_quantity", COUNT),
    ("afn_unsellable_quantity", COUNT),
    ("afn_reserved_quantity", COUNT),
    ("afn_total_quantity", COUNT),
    ("per_unit_volume", MONEY),
    ("afn_inbound_working_quantity", COUNT),
    ("afn_inbound_shipped_quantity", COUNT),
    ("afn_inbound_receiving_quantity", COUNT),
    ("afn_researching_quantity", COUNT),
    ("afn_reserved_future_supply", COUNT),
    ("afn_future_supply_buyable", COUNT),
)

# As delivered: order-level fields are filled only on an order's first row and
# stay null on the others; staging takes them from the first row.
SHOPIFY_ORDERS = _schema(
    ("name", TEXT),
    ("order_row_index", COUNT),  # 1 for an order's first row in the file
    ("financial_status", TEXT),
    ("paid_at", INSTANT),
    ("fulfillment_status", TEXT),
    ("fulfilled_at", INSTANT),
    ("currency", TEXT),
    ("subtotal", MONEY),
    ("shipping", MONEY),
    ("taxes", MONEY),
    ("total", MONEY),
    ("discount_code", TEXT),
    ("discount_amount", MONEY),
    ("shipping_method", TEXT),
    ("created_at", INSTANT),
    ("lineitem_quantity", COUNT),
    ("lineitem_name", TEXT),
    ("lineitem_price", MONEY),
    ("lineitem_compare_at_price", MONEY),
    ("lineitem_sku", TEXT),
    ("lineitem_requires_shipping", FLAG),
    ("lineitem_taxable", FLAG),
    ("lineitem_fulfillment_status", TEXT),
    ("lineitem_discount", MONEY),
    ("shipping_city", TEXT),
    ("shipping_zip", TEXT),
    ("shipping_province", TEXT),
    ("shipping_country", TEXT),
    ("cancelled_at", INSTANT),
    ("payment_method", TEXT),
    ("refunded_amount", MONEY),
    ("vendor", TEXT),
    ("outstanding_balance", MONEY),
    ("id", TEXT),
    ("tags", TEXT),
    ("risk_level", TEXT),
    ("source", TEXT),
    ("location", TEXT),
)

SHOPIFY_PAYMENTS = _schema(
    ("transaction_at", INSTANT),
    ("type", TEXT),
    ("order_name", TEXT),
    ("card_brand", TEXT),
    ("card_source", TEXT),
    ("payout_status", TEXT),
    ("payout_date", DATE),
    ("available_on", DATE),
    ("amount", MONEY),
    ("fee", MONEY),
    ("net", MONEY),
    ("checkout", TEXT),
    ("payment_method_name", TEXT),
    ("presentment_amount", MONEY),
    ("presentment_currency", TEXT),
    ("currency", TEXT),
)

# Our B2B portal export, one row per order line (docs/formats.md).
B2B_ORDERS = _schema(
    ("order_id", TEXT),
    ("line_number", COUNT),
    ("account_id", TEXT),
    ("ordered_at", INSTANT),
    ("ship_by_date", DATE),
    ("shipped_at", INSTANT),
    ("status", TEXT),
    ("sku", TEXT),
    ("quantity", COUNT),
    ("unit_price", MONEY),
    ("currency", TEXT),
    ("cancel_reason", TEXT),
)

# Our warehouse (WMS) snapshot, one row per snapshot, location and SKU with one
# column per inventory state (docs/formats.md).
WMS_SNAPSHOTS = _schema(
    ("snapshot_at", INSTANT),
    ("location_id", TEXT),
    ("sku", TEXT),
    ("on_hand", COUNT),
    ("reserved", COUNT),
    ("damaged", COUNT),
    ("inspection", COUNT),
    ("quality_hold", COUNT),
    ("in_transit", COUNT),
    ("in_transit_expected_date", DATE),
    ("inbound_po", COUNT),
    ("inbound_po_expected_date", DATE),
)

# Amazon FBA customer returns report, one row per returned unit or units of one
# order line as delivered; `detailed_disposition` is Amazon's grading.
AMAZON_FBA_RETURNS = _schema(
    ("return_at", INSTANT),
    ("order_id", TEXT),
    ("sku", TEXT),
    ("asin", TEXT),
    ("fnsku", TEXT),
    ("product_name", TEXT),
    ("quantity", COUNT),
    ("fulfillment_center_id", TEXT),
    ("detailed_disposition", TEXT),
    ("reason", TEXT),
    ("status", TEXT),
    ("license_plate_number", TEXT),
    ("customer_comments", TEXT),
)

# Our returns export, one row per disposition event of a returned SKU
# (docs/formats.md).
RETURNS = _schema(
    ("return_id", TEXT),
    ("channel", TEXT),
    ("order_id", TEXT),
    ("sku", TEXT),
    ("quantity", COUNT),
    ("location_id", TEXT),
    ("event", TEXT),
    ("event_at", INSTANT),
    ("disposition", TEXT),
    ("reason", TEXT),
    ("refund_amount", MONEY),
    ("currency", TEXT),
)

PRODUCTS = _schema(
    ("sku", TEXT),
    ("title", TEXT),
    ("category", TEXT),
    ("unit_cost", MONEY),
    ("cost_currency", TEXT),
    ("safety_stock", COUNT),
)

# identifier_type: seller_sku | fnsku | asin | variant_sku | product_name
CHANNEL_SKUS = _schema(
    ("channel", TEXT),
    ("channel_sku", TEXT),
    ("identifier_type", TEXT),
    ("sku", TEXT),
)

# location_type: warehouse | marketplace_fc; channel is set for a marketplace's
# own fulfilment network (FBA belongs to amazon).
LOCATIONS = _schema(
    ("location_id", TEXT),
    ("name", TEXT),
    ("location_type", TEXT),
    ("channel", TEXT),
    ("timezone", TEXT),
    ("country", TEXT),
)

# Quantities a write-back feed published to a channel. The write-back asset
# lands this record again, so the next run measures it.
PUBLISHED_AVAILABILITY = _schema(
    ("published_at", INSTANT),
    ("channel", TEXT),
    ("channel_sku", TEXT),
    ("sku", TEXT),
    ("quantity", COUNT),
    ("feed_file", TEXT),
)

# One row per supplier and SKU it supplies: the supplier's terms for that SKU.
# The lead time is promised per SKU, as suppliers quote it per item.
SUPPLIERS = _schema(
    ("supplier_id", TEXT),
    ("supplier_name", TEXT),
    ("sku", TEXT),
    ("promised_lead_time_days", COUNT),
    ("moq", COUNT),
    ("case_pack", COUNT),
    ("currency", TEXT),
    # The supplier replenishment orders from when a SKU has several.
    ("is_preferred", FLAG),
)

# status: open | partially_received | received | cancelled
PURCHASE_ORDERS = _schema(
    ("po_id", TEXT),
    ("line_number", COUNT),
    ("supplier_id", TEXT),
    ("order_date", DATE),
    ("expected_date", DATE),
    ("sku", TEXT),
    ("quantity", COUNT),
    ("unit_cost", MONEY),
    ("currency", TEXT),
    ("location_id", TEXT),
    ("status", TEXT),
)

# One row per receipt line: units of one PO line received at a location.
RECEIPTS = _schema(
    ("receipt_id", TEXT),
    ("line_number", COUNT),
    ("po_id", TEXT),
    ("po_line_number", COUNT),
    ("received_date", DATE),
    ("sku", TEXT),
    ("quantity", COUNT),
    ("location_id", TEXT),
)

# Both Walmart reconciliation layouts land in this long form, one row per
# non-empty amount: the current layout ("v1") states one amount per row with its
# `Amount Type`; the older wide layout has one row per transaction with a column
# per amount, and its `Payable to Partner from Sale` lands in `line_payable`.
WALMART_RECON = _schema(
    ("layout", TEXT),  # v1 | wide
    ("period_start_date", DATE),
    ("period_end_date", DATE),
    ("total_payable", MONEY),
    ("currency", TEXT),
    ("transaction_key", TEXT),
    ("posted_date", DATE),
    ("transaction_type", TEXT),
    ("transaction_description", TEXT),
    ("customer_order_id", TEXT),
    ("customer_order_line", TEXT),
    ("purchase_order_id", TEXT),
    ("purchase_order_line", TEXT),
    ("ship_qty", COUNT),
    ("commission_rate", TEXT),
    ("transaction_reason", TEXT),
    ("partner_item_id", TEXT),
    ("partner_gtin", TEXT),
    ("partner_item_name", TEXT),
    ("contract_category", TEXT),
    ("product_type", TEXT),
    ("fulfillment_type", TEXT),
    ("line_payable", MONEY),
    ("amount_type", TEXT),
    ("amount", MONEY),
    # Header of the column the amount came from (`Amount`, `Gross Sales Revenue` ...).
    ("amount_column", TEXT),
)

# Walmart Seller Center order export, one row per purchase order line.
WALMART_ORDERS = _schema(
    ("purchase_order_id", TEXT),
    ("customer_order_id", TEXT),
    ("order_date", DATE),
    ("ship_by_date", DATE),
    ("line_number", COUNT),
    ("status", TEXT),
    ("item_description", TEXT),
    ("sku", TEXT),
    ("quantity", COUNT),
    ("item_cost", MONEY),
    ("shipping_cost", MONEY),
    ("tax", MONEY),
    ("currency", TEXT),
    ("shipping_method", TEXT),
    ("carrier", TEXT),
    ("tracking_number", TEXT),
    ("fulfillment_entity", TEXT),
)

# eBay transaction report (Seller Hub, Payments). Buyer names and addresses are
# not read. Fees are negative, as delivered.
EBAY_TRANSACTIONS = _schema(
    ("transaction_date", DATE),
    ("type", TEXT),
    ("order_number", TEXT),
    ("legacy_order_id", TEXT),
    ("net_amount", MONEY),
    ("payout_currency", TEXT),
    ("payout_date", DATE),
    ("payout_id", TEXT),
    ("payout_status", TEXT),
    ("item_id", TEXT),
    ("transaction_id", TEXT),
    ("item_title", TEXT),
    ("custom_label", TEXT),
    ("quantity", COUNT),
    ("item_subtotal", MONEY),
    ("shipping_and_handling", MONEY),
    ("seller_collected_tax", MONEY),
    ("ebay_collected_tax", MONEY),
    ("final_value_fee_fixed", MONEY),
    ("final_value_fee_variable", MONEY),
    ("regulatory_operating_fee", MONEY),
    ("inad_fee", MONEY),
    ("below_standard_fee", MONEY),
    ("international_fee", MONEY),
    ("charity_donation", MONEY),
    ("deposit_processing_fee", MONEY),
    ("gross_transaction_amount", MONEY),
    ("transaction_currency", TEXT),
    ("exchange_rate", TEXT),
    ("reference_id", TEXT),
    ("description", TEXT),
)

# Shopify Payments payouts export, one row per payout.
SHOPIFY_PAYOUTS = _schema(
    ("payout_date", DATE),
    ("status", TEXT),
    ("charges", MONEY),
    ("refunds", MONEY),
    ("adjustments", MONEY),
    ("reserved_funds", MONEY),
    ("fees", MONEY),
    ("retried_amount", MONEY),
    ("total", MONEY),
    ("currency", TEXT),
)

# Our FX rates format: units of `quote_currency` for one unit of
# `base_currency`, valid on `rate_date` (docs/formats.md).
FX_RATES = _schema(
    ("rate_date", DATE),
    ("base_currency", TEXT),
    ("quote_currency", TEXT),
    ("rate", pa.decimal128(18, 8)),
)

RAW_SCHEMAS: dict[str, pa.Schema] = {
    "amazon_settlements": AMAZON_SETTLEMENTS,
    "amazon_orders": AMAZON_ORDERS,
    "amazon_fba_inventory": AMAZON_FBA_INVENTORY,
    "shopify_orders": SHOPIFY_ORDERS,
    "shopify_payments": SHOPIFY_PAYMENTS,
    "b2b_orders": B2B_ORDERS,
    "wms_snapshots": WMS_SNAPSHOTS,
    "products": PRODUCTS,
    "channel_skus": CHANNEL_SKUS,
    "locations": LOCATIONS,
    "published_availability": PUBLISHED_AVAILABILITY,
    "suppliers": SUPPLIERS,
    "purchase_orders": PURCHASE_ORDERS,
    "receipts": RECEIPTS,
    "amazon_fba_returns": AMAZON_FBA_RETURNS,
    "returns": RETURNS,
    "walmart_recon": WALMART_RECON,
    "walmart_orders": WALMART_ORDERS,
    "ebay_transactions": EBAY_TRANSACTIONS,
    "shopify_payouts": SHOPIFY_PAYOUTS,
    "fx_rates": FX_RATES,
}


def raw_schema(source: str) -> pa.Schema:
    """Return a source's full raw schema: the reader's columns, then lineage."""
    base = RAW_SCHEMAS[source]
    return pa.schema(list(base) + LINEAGE)
