"""Amazon settlement report flat file, in the wide and the long ("V2") layout.

Both layouts become the long form of `schemas.AMAZON_SETTLEMENTS`: one row per
non-empty amount, one row with a null amount for a detail record without any,
and one `summary` row for the first record (settlement id through currency).
The summary's fields repeat on every row.
"""

import logging
from datetime import datetime

import pyarrow as pa

from ingestion.readers.base import FileRejected, ReadResult
from ingestion.readers.casts import DecimalStyle, Kind
from ingestion.readers.columns import bind_header, cast_records, column, currency, to_schema
from ingestion.readers.decoding import decode_to_utf8
from ingestion.readers.flat import open_connection
from ingestion.readers.records import TSV, open_text_records
from ingestion.schemas import AMAZON_SETTLEMENTS

log = logging.getLogger(__name__)

SUMMARY_FIELDS = ["settlement_start_at", "settlement_end_at", "deposit_at", "total_amount", "currency"]

COMMON_COLUMNS = [
    column("settlement_id", "settlement-id", required=True, not_null=True),
    column("settlement_start_at", "settlement-start-date", Kind.INSTANT, required=True),
    column("settlement_end_at", "settlement-end-date", Kind.INSTANT, required=True),
    column("deposit_at", "deposit-date", Kind.INSTANT, required=True),
    column("total_amount", "total-amount", Kind.MONEY, required=True),
    currency("currency", "currency", required=True),
    column("transaction_type", "transaction-type", required=True),
    column("order_id", "order-id"),
    column("merchant_order_id", "merchant-order-id"),
    column("adjustment_id", "adjustment-id"),
    column("shipment_id", "shipment-id"),
    column("marketplace_name", "marketplace-name"),
    column("fulfillment_id", "fulfillment-id"),
    # V2 files carry the instant in posted-date-time and only the day in posted-date.
    column("posted_at", ("posted-date-time", "posted-date"), Kind.INSTANT_OR_DATE),
    column("order_item_code", "order-item-code"),
    column("merchant_order_item_id", "merchant-order-item-id"),
    column("merchant_adjustment_item_id", "merchant-adjustment-item-id"),
    column("sku", "sku"),
    column("quantity_purchased", "quantity-purchased", Kind.COUNT),
    column("promotion_id", "promotion-id"),
]

# Wide layout: (amount header, type header or None, amount_type as V2 names it).
WIDE_AMOUNT_FAMILIES = [
    ("price-amount", "price-type", "ItemPrice"),
    ("item-related-fee-amount", "item-related-fee-type", "ItemFees"),
    ("shipment-fee-amount", "shipment-fee-type", "ShipmentFees"),
    ("order-fee-amount", "order-fee-type", "OrderFees"),
    ("promotion-amount", "promotion-type", "Promotion"),
    ("direct-payment-amount", "direct-payment-type", "DirectPayment"),
    ("misc-fee-amount", None, "MiscFee"),
    ("other-fee-amount", "other-fee-reason-description", "OtherFee"),
    ("other-amount", None, "other-transaction"),
]

V2_COLUMNS = [
    column("amount_type", "amount-type", required=True),
    column("amount_description", "amount-description", required=True),
    column("amount", "amount", Kind.MONEY, required=True),
]

IDENTIFYING_HEADERS = frozenset(["settlement-id", "total-amount", "transaction-type", "deposit-date"])


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read a settlement flat file of either layout into the long form."""
    del modified_at  # The report carries its own dates.
    utf8, _encoding = decode_to_utf8(data, file_name)
    connection = open_connection()
    try:
        return _read_records(connection, utf8, file_name)
    finally:
        connection.close()


def _read_records(connection, utf8: bytes, file_name: str) -> ReadResult:
    with open_text_records(connection, utf8, file_name, TSV) as records:
        return _read_typed(connection, records, file_name)


def _read_typed(connection, records, file_name: str) -> ReadResult:
    header = set(records.header)
    # Name the missing common columns first: a report of another type lacks these.
    bind_header(records, COMMON_COLUMNS, file_name)

    if {"amount-type", "amount"} <= header:
        layout = "v2"
        specs = COMMON_COLUMNS + V2_COLUMNS
        families = []
    else:
        layout = "wide"
        families = [family for family in WIDE_AMOUNT_FAMILIES if family[0] in header]
        if not families:
            raise FileRejected(
                file_name,
                "header has neither the V2 'amount-type'/'amount' columns nor any wide amount column "
                f"({', '.join(repr(f[0]) for f in WIDE_AMOUNT_FAMILIES)})",
                data_lines=records.data_lines,
            )
        specs = COMMON_COLUMNS + _wide_specs(families)

    cast_rejects = cast_records(connection, records, specs, file_name, DecimalStyle.EITHER)
    table = connection.sql(_long_form_query(layout, families)).to_arrow_table()

    log.info("Read %s as the %s settlement layout: %d rows", file_name, layout, table.num_rows)
    rejects = pa.concat_tables([records.rejects, cast_rejects]).sort_by([("line_number", "ascending")])
    return ReadResult(
        table=to_schema(table, AMAZON_SETTLEMENTS),
        rejects=rejects,
        rows_read=records.record_count,
    )


def _wide_specs(families) -> list:
    specs = []
    for amount_header, type_header, _amount_type in families:
        specs.append(column(_internal(amount_header), amount_header, Kind.MONEY))
        if type_header:
            specs.append(column(_internal(type_header), type_header))
    return specs


def _internal(header: str) -> str:
    return "_wide_" + header.replace("-", "_")


def _long_form_query(layout: str, families) -> str:
    """Build the query that unpivots amounts and repeats the summary fields."""
    detail_columns = [spec.name for spec in COMMON_COLUMNS]

    if layout == "v2":
        amount_rows = [
            "SELECT d.*, 0 AS _family, d.amount_type AS _amount_type, d.amount_description AS _amount_description, "
            "d.amount AS _amount, CASE WHEN d.amount IS NOT NULL THEN 'amount' END AS _amount_column FROM details d"
        ]
    else:
        amount_rows = []
        for position, (amount_header, type_header, amount_type) in enumerate(families):
            amount = f'd."{_internal(amount_header)}"'
            description = f'coalesce(d."{_internal(type_header)}", d.transaction_type)' if type_header else "d.transaction_type"
            amount_rows.append(
                f"SELECT d.*, {position} AS _family, '{amount_type}' AS _amount_type, "
                f"{description} AS _amount_description, {amount} AS _amount, '{amount_header}' AS _amount_column "
                f"FROM details d WHERE {amount} IS NOT NULL"
            )
        no_amount = " AND ".join(f'd."{_internal(f[0])}" IS NULL' for f in families)
        amount_rows.append(
            "SELECT d.*, -1 AS _family, NULL AS _amount_type, NULL AS _amount_description, "
            f"NULL AS _amount, NULL AS _amount_column FROM details d WHERE {no_amount}"
        )

    summary_values = ", ".join(f"coalesce(r.{name}, s.{name}) AS {name}" for name in SUMMARY_FIELDS)
    other_columns = ", ".join(
        f"r.{name}" for name in detail_columns if name not in SUMMARY_FIELDS and name != "settlement_id"
    )
    return f"""
        WITH summary AS (
            SELECT * FROM typed
            WHERE _ok AND transaction_type IS NULL AND total_amount IS NOT NULL
            ORDER BY _line_number LIMIT 1
        ),
        details AS (
            SELECT * FROM typed
            WHERE _ok AND _line_number NOT IN (SELECT _line_number FROM summary)
        ),
        long_rows AS (
            SELECT s.*, -2 AS _family, NULL AS _amount_type, NULL AS _amount_description,
                NULL AS _amount, NULL AS _amount_column, 'summary' AS _record_type
            FROM summary s
            UNION ALL BY NAME
            SELECT *, 'detail' AS _record_type FROM ({' UNION ALL BY NAME '.join(amount_rows)})
        )
        SELECT
            coalesce(r.settlement_id, s.settlement_id) AS settlement_id,
            {summary_values},
            r._record_type AS record_type,
            '{layout}' AS layout,
            {other_columns},
            r._amount_type AS amount_type,
            r._amount_description AS amount_description,
            CAST(r._amount AS DECIMAL(18, 4)) AS amount,
            r._amount_column AS amount_column,
            r._line_number
        FROM long_rows r
        LEFT JOIN summary s ON true
        ORDER BY r._line_number, r._family
    """
