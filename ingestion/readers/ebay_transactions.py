"""eBay transaction report (Seller Hub, Payments; CSV).

The report starts with preamble lines (report name, seller, period) before its
header, and writes `--` for an empty value. The preamble lines are blanked
before parsing, so every record keeps its physical line number.
"""

import logging
from datetime import datetime

from ingestion.readers.base import FileRejected, ReadResult
from ingestion.readers.casts import Kind
from ingestion.readers.columns import column, currency
from ingestion.readers.decoding import decode_to_utf8
from ingestion.readers.flat import FlatFormat, read_flat
from ingestion.readers.records import CSV, count_data_lines, parse_header
from ingestion.schemas import EBAY_TRANSACTIONS

log = logging.getLogger(__name__)

# The header is looked for among this many non-blank lines at the top of the file.
MAX_PREAMBLE_LINES = 20
ALLOWS_PREAMBLE = True


def _money(name: str, header: str):
    return column(name, header, Kind.MONEY)


FORMAT = FlatFormat(
    source="ebay_transactions",
    schema=EBAY_TRANSACTIONS,
    dialect=CSV,
    null_texts=("--",),
    columns=[
        column("transaction_date", "Transaction creation date", Kind.US_DATE, required=True, not_null=True),
        column("type", "Type", required=True, not_null=True),
        column("order_number", "Order number", required=True),
        column("legacy_order_id", "Legacy order ID"),
        column("net_amount", "Net amount", Kind.MONEY, required=True, not_null=True),
        currency("payout_currency", "Payout currency"),
        column("payout_date", "Payout date", Kind.US_DATE),
        column("payout_id", "Payout ID"),
        column("payout_status", "Payout status"),
        column("item_id", "Item ID"),
        column("transaction_id", "Transaction ID"),
        column("item_title", "Item title"),
        column("custom_label", "Custom label"),
        column("quantity", "Quantity", Kind.COUNT, minimum=0, maximum=1_000_000),
        _money("item_subtotal", "Item subtotal"),
        _money("shipping_and_handling", "Shipping and handling"),
        _money("seller_collected_tax", "Seller collected tax"),
        _money("ebay_collected_tax", "eBay collected tax"),
        _money("final_value_fee_fixed", "Final Value Fee - fixed"),
        _money("final_value_fee_variable", "Final Value Fee - variable"),
        _money("regulatory_operating_fee", "Regulatory operating fee"),
        _money("inad_fee", 'Very high "item not as described" fee'),
        _money("below_standard_fee", "Below standard performance fee"),
        _money("international_fee", "International fee"),
        _money("charity_donation", "Charity donation"),
        _money("deposit_processing_fee", "Deposit processing fee"),
        _money("gross_transaction_amount", "Gross transaction amount"),
        currency("transaction_currency", "Transaction currency", required=True),
        column("exchange_rate", "Exchange rate"),
        column("reference_id", "Reference ID"),
        column("description", "Description"),
    ],
)


def read(data: bytes, file_name: str, modified_at: datetime | None = None) -> ReadResult:
    """Read a transaction report; each record is one balance transaction (order, refund, fee, payout ...)."""
    del modified_at
    utf8, _encoding = decode_to_utf8(data, file_name)
    return read_flat(FORMAT, blank_preamble(utf8, file_name), file_name)


def blank_preamble(utf8: bytes, file_name: str) -> bytes:
    """Empty the lines before the header, keeping their line breaks so line numbers stay physical."""
    lines = utf8.split(b"\n")
    non_blank_seen = 0
    for position, line in enumerate(lines):
        if not line.strip(b"\r \t"):
            continue
        non_blank_seen += 1
        if FORMAT.identifying_headers <= set(parse_header(line.rstrip(b"\r"), CSV)):
            if position:
                log.info("Skipped %d preamble line(s) before the header of %s", position, file_name)
            return b"\n" * position + b"\n".join(lines[position:])
        if non_blank_seen > MAX_PREAMBLE_LINES:
            break
    raise FileRejected(
        file_name,
        f"no header row with the columns {', '.join(sorted(repr(h) for h in FORMAT.identifying_headers))} "
        f"in the first {MAX_PREAMBLE_LINES} non-blank lines",
        data_lines=count_data_lines(utf8),
    )
