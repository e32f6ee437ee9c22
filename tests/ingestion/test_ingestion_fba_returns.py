"""Amazon FBA customer returns report."""

from datetime import UTC, datetime

import pytest

from ingestion.readers import amazon_fba_returns
from ingestion.readers.base import FileRejected
from ingestion.sources import SOURCES
from ingestion_helpers import assert_accounting, column, tsv

HEADER = (
    "return-date order-id sku asin fnsku product-name quantity fulfillment-center-id "
    "detailed-disposition reason status license-plate-number customer-comments"
).split()


def test_returns_report_types():
    data = tsv(
        HEADER,
        ["2026-03-05T18:17:39+00:00", "113-0001", "MUG-1-US", "B000TEST01", "X00TEST01", "Mug", "2", "PHX7",
         "CUSTOMER_DAMAGED", "UNWANTED_ITEM", "Unit returned to inventory", "LPN0000000001", "chipped, sorry"],
    )
    result = amazon_fba_returns.read(data, "fba_customer_returns_2026-03.txt")

    assert column(result.table, "return_at") == [datetime(2026, 3, 5, 18, 17, 39, tzinfo=UTC)]
    assert column(result.table, "quantity") == [2]
    assert column(result.table, "detailed_disposition") == ["CUSTOMER_DAMAGED"]
    assert column(result.table, "customer_comments") == ["chipped, sorry"]
    assert_accounting(result)


def test_returns_bad_rows_quarantined():
    data = tsv(
        HEADER,
        ["2026-03-05T18:17:39+00:00", "113-0001", "MUG-1-US", "", "", "", "1", "", "SELLABLE", "", "", "", ""],
        ["2026-03-05 18:17:39", "113-0002", "MUG-1-US", "", "", "", "1", "", "SELLABLE", "", "", "", ""],
        ["2026-03-06T08:00:00+00:00", "113-0003", "MUG-1-US", "", "", "", "-1", "", "DEFECTIVE", "", "", "", ""],
    )
    result = amazon_fba_returns.read(data, "returns.txt")

    assert column(result.table, "order_id") == ["113-0001"]
    assert column(result.rejects, "column") == ["return-date", "quantity"]
    assert column(result.rejects, "line_number") == [3, 4]
    assert_accounting(result)


def test_returns_header_routes_to_source():
    matching = [name for name, spec in SOURCES.items() if spec.matches(HEADER)]
    assert matching == ["amazon_fba_returns"]


def test_returns_missing_disposition_rejects_file():
    header = [name for name in HEADER if name != "detailed-disposition"]
    with pytest.raises(FileRejected, match="detailed-disposition"):
        amazon_fba_returns.read(tsv(header, ["2026-03-05T18:17:39+00:00", "113-1", "A", "", "", "", "1",
                                             "", "", "", "", ""]), "returns.txt")
