"""Walmart reconciliation report (CSV) in its current ("v1") and its older wide layout.

The layout is chosen by header. The v1 layout has `Period Start Date` and one
amount per row with its `Amount Type`. The wide layout has `Walmart.com Order #`,
`Transaction Date Time` and a column per amount. Both become the long form of
`schemas.WALMART_RECON`: one row per non-empty amount, and one row with a null
amount for a record that carries none, so every record read is loaded.
"""

import logging
from datetime import datetime

import pyarrow as pa

from ingestion.readers.base import FileRejected, ReadResult
from ingestion.readers.casts import DecimalStyle, Kind
from ingestion.readers.columns import cast_records, column, currency, to_schema
from ingestion.readers.decoding import decode_to_utf8
from ingestion.readers.flat import open_connection
from ingestion.readers.records import CSV, open_text_records
from ingestion.schemas import WALMART_RECON

log = logging.getLogger(__name__)

V1_COLUMNS = [
    column("period_start_date", "Period Start Date", Kind.US_DATE, required=True),
    column("period_end_date", "Period End Date", Kind.US_DATE, required=True),
    column("total_payable", "Total Payable", Kind.MONEY, required=True),
    currency("currency", "Currency", required=True),
    column("transaction_key", "Transaction Key"),
    column("posted_date", "Transaction Posted Timestamp", Kind.US_DATE, required=True),
    column("transaction_type", "Transaction Type", required=True, not_null=True),
    column("transaction_description", "Transaction Description"),
    column("customer_order_id", "Customer Order #"),
    column("customer_order_line", "Customer Order line #"),
    column("purchase_order_id", "Purchase Order #"),
    column("purchase_order_line", "Purchase Order line #"),
    column("amount", "Amount", Kind.MONEY, required=True),
    column("amount_type", "Amount Type", required=True),
    column("ship_qty", "Ship Qty", Kind.COUNT, minimum=0, maximum=1_000_000),
    column("commission_rate", "Commission Rate"),
    column("transaction_reason", "Transaction Reason Description"),
    column("partner_item_id", "Partner Item Id"),
    column("partner_gtin", "Partner GTIN"),
    column("partner_item_name", "Partner Item Name"),
    column("contract_category", "Contract Category"),
    column("product_type", "Product Type"),
    column("fulfillment_type", "Fulfillment Type"),
]

WIDE_COLUMNS = [
    column("customer_order_id", "Walmart.com Order #", required=True),
    column("customer_order_line", "Walmart.com Order Line #"),
    column("purchase_order_id", "Walmart.com PO #"),
    column("purchase_order_line", "Walmart.com P.O. Line #"),
    column("transaction_type", "Transaction Type", required=True, not_null=True),
    column("posted_date", "Transaction Date Time", Kind.US_DATE, required=True),
    column("ship_qty", "Shipped Qty", Kind.COUNT, minimum=0, maximum=1_000_000),
    column("partner_item_id", ("Partner Item ID", "Partner Item Id")),
    column("partner_gtin", "Partner GTIN"),
    column("partner_item_name", ("Partner Item name", "Partner Item Name")),
    column("commission_rate", "Commission Rate"),
    column("line_payable", "Payable to Partner from Sale", Kind.MONEY, required=True),
    column("transaction_description", "Adjustment Description"),
    column("transaction_reason", "Return Reason Description"),
    column("contract_category", "Contract Category"),
    column("product_type", "Product Type"),
    column("fulfillment_type", "Fulfillment Type"),
]

# The wide layout's amount columns that add up to `Payable to Partner from Sale`.
# The per-kind tax columns are left out because `Total NET Tax Collected` sums them.
WIDE_AMOUNT_COLUMNS = [
    "Gross Sales Revenue",
    "Refunded Retail Sales",
    "Sales refund for Escalation",
    "Gross Shipping Revenue",
    "Gross Shipping Refunded",
    "Shipping refund for Escalation",
    "Gross Fee Revenue",
    "Gross Fee Refunded",
    "Fee refund for Escalation",
    "Gross Gift-Wrap Revenue",
    "Gross Gift-Wrap Refunded",
    "Gift wrap refund for Escalation",
    "Commission from Sale",
    "Total NET Tax Collected",
    "Tax Withheld",
]

V1_HEADERS = frozenset(["Period Start Date", "Total Payable", "Transaction Posted Timestamp", "Amount Type"])
WIDE_HEADERS = frozenset(["Walmart.com Order #", "Transaction Date Time", "Payable to Partner from Sale"])
# Routing needs one set of columns that both layouts have; the reader then names what each layout lacks.
IDENTIFYING_HEADERS = frozenset(["Transaction Type", "Partner GTIN", "Commission Rate"])


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read a reconciliation report of either layout into the long form."""
    del modified_at
    utf8, _encoding = decode_to_utf8(data, file_name)
    connection = open_connection()
    try:
        with open_text_records(connection, utf8, file_name, CSV) as records:
            return _read_typed(connection, records, file_name)
    finally:
        connection.close()


def _read_typed(connection, records, file_name: str) -> ReadResult:
    header = set(records.header)
    if V1_HEADERS <= header:
        layout, specs, amount_headers = "v1", V1_COLUMNS, []
    elif WIDE_HEADERS <= header:
        amount_headers = [name for name in WIDE_AMOUNT_COLUMNS if name in header]
        layout = "wide"
        specs = WIDE_COLUMNS + [column(_internal(name), name, Kind.MONEY) for name in amount_headers]
    else:
        raise FileRejected(
            file_name,
            "header matches neither Walmart reconciliation layout: the v1 layout lacks "
            f"{', '.join(repr(h) for h in sorted(V1_HEADERS - header))}; the wide layout lacks "
            f"{', '.join(repr(h) for h in sorted(WIDE_HEADERS - header))}",
            data_lines=records.data_lines,
        )

    cast_rejects = cast_records(connection, records, specs, file_name, DecimalStyle.DOT)
    query = _v1_query() if layout == "v1" else _wide_query(amount_headers)
    table = connection.sql(query).to_arrow_table()
    log.info("Read %s as the %s Walmart reconciliation layout: %d rows", file_name, layout, table.num_rows)

    rejects = pa.concat_tables([records.rejects, cast_rejects]).sort_by([("line_number", "ascending")])
    return ReadResult(table=to_schema(table, WALMART_RECON), rejects=rejects, rows_read=records.record_count)


def _internal(header: str) -> str:
    return "_wide_" + "".join(character if character.isalnum() else "_" for character in header.lower())


_NULL_V1_ONLY = """
    CAST(NULL AS DATE) AS period_start_date, CAST(NULL AS DATE) AS period_end_date,
    CAST(NULL AS DECIMAL(18, 4)) AS total_payable, 'USD' AS currency, CAST(NULL AS VARCHAR) AS transaction_key
"""


def _v1_query() -> str:
    return """
        SELECT 'v1' AS layout, *, CAST(NULL AS DECIMAL(18, 4)) AS line_payable,
            CASE WHEN amount IS NOT NULL THEN 'Amount' END AS amount_column
        FROM typed WHERE _ok ORDER BY _line_number
    """


def _wide_query(amount_headers: list[str]) -> str:
    """Build the query that unpivots the wide layout's amount columns, in column order per record."""
    # Walmart.com (US) pays in USD only, and the wide layout states no currency.
    rows = []
    for position, name in enumerate(amount_headers):
        internal = f'"{_internal(name)}"'
        quoted = name.replace("'", "''")
        rows.append(
            f"SELECT *, {position} AS _family, '{quoted}' AS amount_type, {internal} AS amount, "
            f"'{quoted}' AS amount_column FROM records WHERE {internal} IS NOT NULL"
        )
    no_amount = " AND ".join(f'"{_internal(name)}" IS NULL' for name in amount_headers) or "true"
    rows.append(
        "SELECT *, -1 AS _family, CAST(NULL AS VARCHAR) AS amount_type, CAST(NULL AS DECIMAL(18, 4)) AS amount, "
        f"CAST(NULL AS VARCHAR) AS amount_column FROM records WHERE {no_amount}"
    )
    return f"""
        WITH records AS (SELECT 'wide' AS layout, {_NULL_V1_ONLY}, * FROM typed WHERE _ok)
        SELECT * FROM ({" UNION ALL ".join(rows)}) ORDER BY _line_number, _family
    """
