"""Amazon settlement flat files: wide and V2 layouts, EU numbers, real files."""

from decimal import Decimal

import pyarrow.compute as pc
import pytest

from ingestion.readers import amazon_settlements
from ingestion.readers.base import FileRejected, format_reject
from ingestion_helpers import assert_accounting, column, tsv

# The 36-column header of the real amazon.ca file 50034020328.txt.
WIDE_HEADER = (
    "settlement-id settlement-start-date settlement-end-date deposit-date total-amount currency "
    "transaction-type order-id merchant-order-id adjustment-id shipment-id marketplace-name "
    "shipment-fee-type shipment-fee-amount order-fee-type order-fee-amount fulfillment-id posted-date "
    "order-item-code merchant-order-item-id merchant-adjustment-item-id sku quantity-purchased price-type "
    "price-amount item-related-fee-type item-related-fee-amount misc-fee-amount other-fee-amount "
    "other-fee-reason-description promotion-id promotion-type promotion-amount direct-payment-type "
    "direct-payment-amount other-amount"
).split()

V2_HEADER = (
    "settlement-id settlement-start-date settlement-end-date deposit-date total-amount currency "
    "transaction-type order-id merchant-order-id adjustment-id shipment-id marketplace-name amount-type "
    "amount-description amount fulfillment-id posted-date posted-date-time order-item-code "
    "merchant-order-item-id merchant-adjustment-item-id sku quantity-purchased"
).split()


def row(header: list[str], **values: str) -> list[str]:
    """Build one record; keyword names are headers with '-' written as '_'."""
    fields = {name.replace("_", "-"): value for name, value in values.items()}
    return [fields.get(name, "") for name in header]


def wide_summary(total: str, start="2025-08-14T22:07:18+00:00", currency="CAD") -> list[str]:
    return row(
        WIDE_HEADER,
        settlement_id="111",
        settlement_start_date=start,
        settlement_end_date="2025-08-28T22:07:19+00:00",
        deposit_date="2025-08-30T22:07:19+00:00",
        total_amount=total,
        currency=currency,
    )


def test_wide_row_with_two_amounts_gives_two_rows():
    # Detail amounts: 60.00 + (-8.25) = 51.75, which is the summary total.
    data = tsv(
        WIDE_HEADER,
        wide_summary("51.75"),
        row(
            WIDE_HEADER,
            settlement_id="111",
            transaction_type="Order",
            order_id="701-1",
            sku="007-A",
            quantity_purchased="1",
            posted_date="2025-08-18T02:48:54+00:00",
            price_type="Principal",
            price_amount="60.00",
            item_related_fee_type="FBAPerUnitFulfillmentFee",
            item_related_fee_amount="-8.25",
        ),
    )
    result = amazon_settlements.read(data, "wide.txt")
    details = result.table.filter(pc.equal(result.table["record_type"], "detail"))

    assert column(details, "_line_number") == [3, 3]
    assert column(details, "amount_type") == ["ItemPrice", "ItemFees"]
    assert column(details, "amount_description") == ["Principal", "FBAPerUnitFulfillmentFee"]
    assert column(details, "amount_column") == ["price-amount", "item-related-fee-amount"]
    assert sum(column(details, "amount")) == Decimal("51.75")
    assert column(details, "sku") == ["007-A", "007-A"]
    assert column(details, "total_amount") == [Decimal("51.75")] * 2
    assert column(details, "currency") == ["CAD", "CAD"]
    assert result.rows_read == 2
    assert_accounting(result)


def test_summary_row_and_amountless_detail():
    data = tsv(
        WIDE_HEADER,
        wide_summary("0.00"),
        row(WIDE_HEADER, settlement_id="111", transaction_type="Order", order_id="701-1", quantity_purchased="1"),
    )
    result = amazon_settlements.read(data, "wide.txt")
    assert column(result.table, "record_type") == ["summary", "detail"]
    assert column(result.table, "amount") == [None, None]
    assert column(result.table, "layout") == ["wide", "wide"]
    assert column(result.table, "quantity_purchased") == [None, 1]


def test_padded_amount_and_blank_lines():
    # -32.09 + 32.09 = 0.00; the second amount is padded as in the real files.
    data = tsv(
        WIDE_HEADER,
        wide_summary("0.00"),
        row(WIDE_HEADER, settlement_id="111", transaction_type="Subscription Fee", other_amount="-32.09"),
        [],
        row(WIDE_HEADER, settlement_id="111", transaction_type="Successful charge", other_amount="32.09    "),
    )
    result = amazon_settlements.read(data, "padded.txt")
    details = result.table.filter(pc.equal(result.table["record_type"], "detail"))
    assert column(details, "amount") == [Decimal("-32.09"), Decimal("32.09")]
    assert column(details, "_line_number") == [3, 5]
    assert column(details, "amount_type") == ["other-transaction"] * 2
    assert column(details, "amount_description") == ["Subscription Fee", "Successful charge"]


def test_fba_shipment_id_in_order_id_kept():
    data = tsv(
        WIDE_HEADER,
        wide_summary("-12.00"),
        row(
            WIDE_HEADER,
            settlement_id="111",
            transaction_type="other-transaction",
            order_id="FBA15XYZ0001",
            other_fee_amount="-12.00",
            other_fee_reason_description="FBAInboundConvenienceFee",
        ),
    )
    result = amazon_settlements.read(data, "fba.txt")
    details = result.table.filter(pc.equal(result.table["record_type"], "detail"))
    assert column(details, "order_id") == ["FBA15XYZ0001"]
    assert column(details, "amount_type") == ["OtherFee"]
    assert column(details, "amount_description") == ["FBAInboundConvenienceFee"]


def test_eu_decimals_and_dates():
    # amazon.de style: decimal commas mixed with dot decimals, dd.MM.yyyy HH:mm:ss UTC.
    # Details: 1.234,56 + (-150,25) + (-4.10) = 1080.21, the summary total.
    data = tsv(
        WIDE_HEADER,
        wide_summary("1.080,21", start="14.08.2025 22:07:18 UTC", currency="EUR"),
        row(
            WIDE_HEADER,
            settlement_id="111",
            transaction_type="Order",
            posted_date="18.08.2025 02:48:54 UTC",
            price_type="Principal",
            price_amount="1.234,56",
            item_related_fee_type="Commission",
            item_related_fee_amount="-150,25",
        ),
        row(WIDE_HEADER, settlement_id="111", transaction_type="ServiceFee", other_amount="-4.10"),
    )
    result = amazon_settlements.read(data, "de.txt")
    details = result.table.filter(pc.equal(result.table["record_type"], "detail"))

    assert column(details, "amount") == [Decimal("1234.56"), Decimal("-150.25"), Decimal("-4.10")]
    assert sum(column(details, "amount")) == column(details, "total_amount")[0] == Decimal("1080.21")
    start = column(details, "settlement_start_at")[0]
    assert (start.isoformat(), str(start.tzinfo)) == ("2025-08-14T22:07:18+00:00", "UTC")
    assert column(details, "posted_at")[0].isoformat() == "2025-08-18T02:48:54+00:00"
    assert_accounting(result)


@pytest.mark.parametrize("ambiguous", ["1.234", "1,234", "-12,500"])
def test_ambiguous_amount_rejected(ambiguous):
    data = tsv(
        WIDE_HEADER,
        wide_summary("0,00"),
        row(WIDE_HEADER, settlement_id="111", transaction_type="Order", price_type="Principal", price_amount=ambiguous),
    )
    result = amazon_settlements.read(data, "de.txt")
    rejects = result.rejects.to_pylist()

    assert len(rejects) == 1
    assert rejects[0]["line_number"] == 3
    assert rejects[0]["column"] == "price-amount"
    assert rejects[0]["value"] == ambiguous
    assert "ambiguous" in rejects[0]["reason"]
    message = format_reject(**rejects[0])
    for part in ("de.txt", "line 3", "price-amount", repr(ambiguous), "ambiguous"):
        assert part in message
    assert 3 not in column(result.table, "_line_number")
    assert_accounting(result)


def test_unambiguous_three_decimals_kept():
    # A leading zero cannot start a thousands group, so 0.125 is a decimal.
    data = tsv(
        WIDE_HEADER,
        wide_summary("0.125"),
        row(WIDE_HEADER, settlement_id="111", transaction_type="Adjustment", other_amount="0.125"),
    )
    result = amazon_settlements.read(data, "kwd.txt")
    assert Decimal("0.125") in column(result.table, "amount")


def test_v2_layout_long_form():
    # Details: 25.00 + (-3.75) = 21.25, the summary total.
    summary = row(V2_HEADER, settlement_id="222", settlement_start_date="2025-01-01T00:00:00+00:00",
                  settlement_end_date="2025-01-15T00:00:00+00:00", deposit_date="2025-01-17T00:00:00+00:00",
                  total_amount="21.25", currency="USD")
    common = dict(settlement_id="222", transaction_type="Order", order_id="113-1", sku="0099",
                  posted_date="2025-01-03", posted_date_time="2025-01-03T10:00:00+00:00", quantity_purchased="1")
    data = tsv(
        V2_HEADER,
        summary,
        row(V2_HEADER, amount_type="ItemPrice", amount_description="Principal", amount="25.00", **common),
        row(V2_HEADER, amount_type="ItemFees", amount_description="Commission", amount="-3.75", **common),
    )
    result = amazon_settlements.read(data, "v2.txt")
    details = result.table.filter(pc.equal(result.table["record_type"], "detail"))

    assert column(result.table, "layout") == ["v2"] * 3
    assert column(details, "amount_type") == ["ItemPrice", "ItemFees"]
    assert column(details, "amount_column") == ["amount", "amount"]
    assert sum(column(details, "amount")) == Decimal("21.25")
    assert column(details, "sku") == ["0099", "0099"]
    assert column(details, "posted_at")[0].isoformat() == "2025-01-03T10:00:00+00:00"
    assert column(details, "deposit_at")[0].isoformat() == "2025-01-17T00:00:00+00:00"


def test_orders_report_in_settlement_folder_rejected():
    data = tsv(["amazon-order-id", "purchase-date", "sku"], ["111-1", "2025-01-01T00:00:00+00:00", "A"])
    with pytest.raises(FileRejected, match="missing required column"):
        amazon_settlements.read(data, "orders.txt")


@pytest.mark.real_data
@pytest.mark.parametrize(
    ("file_name", "detail_records", "total"),
    [("50034020328.txt", 189, Decimal("1016.08")), ("50011020300.txt", 3, Decimal("-321.69"))],
)
def test_real_settlement_totals(real_data, file_name, detail_records, total):
    path = real_data / "amazon" / "settlement_flat_file" / file_name
    result = amazon_settlements.read(path.read_bytes(), file_name)
    table = result.table
    details = table.filter(pc.equal(table["record_type"], "detail"))
    summaries = table.filter(pc.equal(table["record_type"], "summary"))

    assert summaries.num_rows == 1
    assert len(set(column(details, "_line_number"))) == detail_records
    assert pc.sum(details["amount"]).as_py() == total
    assert column(summaries, "total_amount") == [total]
    assert set(column(table, "currency")) == {"CAD"}
    assert result.rows_read == detail_records + 1
    assert result.rejects.num_rows == 0
    assert_accounting(result)
