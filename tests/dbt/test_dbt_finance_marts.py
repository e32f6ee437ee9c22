"""Finance marts on the hand-worked Walmart, eBay, Shopify payouts and FX fixture (dbt_finance_data.py)."""

from decimal import Decimal

import duckdb
import pytest

from dbt_builds import build_warehouse
from dbt_finance_data import write_finance_raw_layer

D = Decimal


@pytest.fixture(scope="module")
def finance_warehouse(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    """Build the finance fixture once and connect to its warehouse read-only."""
    data_root = tmp_path_factory.mktemp("finance")
    write_finance_raw_layer(data_root)
    warehouse = build_warehouse(data_root, tmp_path_factory.mktemp("finance_dbt"), "--exclude", "test_type:unit")
    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection
    connection.close()


def recon(connection, channel: str, settlement_id: str) -> dict:
    cursor = connection.execute(
        "select * from fct_settlement_recon where channel = ? and settlement_id = ?", [channel, settlement_id]
    )
    names = [column[0] for column in cursor.description]
    rows = cursor.fetchall()
    assert len(rows) == 1, f"{channel} settlement {settlement_id}: {len(rows)} rows"
    return dict(zip(names, rows[0]))


def test_fee_buckets_by_channel(finance_warehouse):
    buckets = dict(
        ((channel, amount_type, amount_description), bucket)
        for channel, amount_type, amount_description, bucket in finance_warehouse.execute(
            "select channel, amount_type, amount_description, fee_bucket from fct_settlement_lines"
        ).fetchall()
    )

    assert buckets[("walmart", "Commission on Product", "SALE")] == "referral"
    assert buckets[("walmart", "Commission on Product", "REFUNDED")] == "referral"
    assert buckets[("walmart", "Product Price", "SALE")] == "sales"
    assert buckets[("walmart", "Fee/Reimbursement", "Mystery program fee")] == "unmapped_fee"
    assert buckets[("ebay", "Final Value Fee - variable", "Order")] == "referral"
    assert buckets[("ebay", "Final Value Fee - fixed", "Order")] == "payment_fee"
    assert buckets[("ebay", "Net amount", "Promoted Listings - General fee")] == "advertising"
    assert buckets[("amazon", "ItemFees", "NewFeeType")] == "unmapped_fee"
    assert buckets[("shopify", "fee", "charge")] == "payment_fee"


def test_ebay_payout_rows_are_not_lines(finance_warehouse):
    (payout_lines,) = finance_warehouse.execute(
        "select count(*) from fct_settlement_lines where channel = 'ebay' and transaction_type = 'Payout'"
    ).fetchone()
    assert payout_lines == 0


def test_walmart_variance_parts(finance_warehouse):
    row = recon(finance_warehouse, "walmart", "2026-01-01_2026-01-14")

    assert row["currency"] == "USD"
    assert row["summary_total"] == D("109.00")
    assert row["line_total"] == D("109.00")
    assert row["is_reconciled"] is True
    assert row["variance_fee_rate"] == D("1.50")
    assert row["variance_timing"] == D("-7.50")
    assert row["variance_missing_reimbursement"] == D("1.50")
    assert row["variance"] == D("-4.50")
    assert row["expected_total"] == D("104.50")
    assert row["unmapped_fee_amount"] == D("-2.00")
    assert row["unmapped_fee_lines"] == 1


def test_ebay_payout_in_reporting_currency(finance_warehouse):
    paid = recon(finance_warehouse, "ebay", "P1")
    unpaid = recon(finance_warehouse, "ebay", "unpaid")

    assert paid["currency"] == "EUR"
    assert paid["summary_total"] == paid["line_total"] == D("30.75")
    assert paid["variance_fee_rate"] == D("0.41")
    assert paid["summary_total_reporting"] == D("36.90")
    assert paid["variance_reporting"] == D("0.492")
    assert unpaid["summary_total"] == unpaid["line_total"] == D("6.64")
    assert unpaid["variance"] == 0
    assert unpaid["summary_total_reporting"] == D("7.968")


def test_shopify_payout_total_from_export(finance_warehouse):
    row = recon(finance_warehouse, "shopify", "2026-01-11")

    assert row["summary_total"] == D("96.00")
    assert row["line_total"] == D("96.80")
    assert row["difference"] == D("-0.80")
    assert row["is_reconciled"] is False


def test_summaryless_wide_settlement_takes_marketplace_currency(finance_warehouse):
    row = recon(finance_warehouse, "amazon", "NOSUM")
    (principal_usd,) = finance_warehouse.execute(
        "select amount_reporting from fct_settlement_lines where settlement_id = 'NOSUM' and fee_bucket = 'sales'"
    ).fetchone()

    assert row["currency"] == "CAD"
    assert row["summary_total"] is None
    assert row["unmapped_fee_lines"] == 1
    assert principal_usd == D("8.00")


def test_cogs_converted_through_fx(finance_warehouse):
    cogs = dict(
        finance_warehouse.execute("select order_id, cogs from fct_order_lines where channel = 'walmart'").fetchall()
    )
    # W1: 2 x 20 less the restocked unit's 20.
    assert cogs == {"W1": D("20.00"), "W2": D("5.50"), "W3": D("20.00"), "W4": D("7.50")}


def test_walmart_margin_layers(finance_warehouse):
    cursor = finance_warehouse.execute(
        "select * from fct_channel_margin_daily where channel = 'walmart' order by order_date, sku"
    )
    names = [column[0] for column in cursor.description]
    rows = {(str(row[0]), row[2]): dict(zip(names, row)) for row in cursor.fetchall()}

    # W1: 100 - 50 refunded = 50 net; COGS 40 - 20 reversed for the restocked unit = 20;
    # settled commission 15 - 6 returned = 9 and return shipping 4: contribution 50 - 20 - 13 = 17.
    lamp = rows[("2026-01-10", "SKU-W")]
    assert (lamp["net_sales"], lamp["cogs"], lamp["gross_profit"]) == (D("50.00"), D("20.00"), D("30.00"))
    assert lamp["cogs_reversed"] == D("20.00")
    assert (lamp["fees_referral"], lamp["fees_return_shipping"]) == (D("9.00"), D("4.00"))
    assert lamp["contribution_profit"] == D("17.00")
    assert lamp["settled_share"] == 1.0
    # W2: 30 net, COGS 5.50, settled commission 6.00.
    cup = rows[("2026-01-10", "SKU-E")]
    assert (cup["gross_profit"], cup["contribution_profit"]) == (D("24.50"), D("18.50"))
    # W4 in CAD, estimated: 40 net, COGS 7.50, 15 % = 6.00; at CAD 0.80: 32.00, 6.00 and 21.20 USD.
    cad = rows[("2026-01-12", "SKU-E")]
    assert cad["currency"] == "CAD"
    assert (cad["net_sales"], cad["cogs"], cad["fees_total"]) == (D("40.00"), D("7.50"), D("6.00"))
    assert cad["settled_share"] == 0.0
    assert (cad["net_sales_reporting"], cad["cogs_reporting"]) == (D("32.00"), D("6.00"))
    assert cad["contribution_profit_reporting"] == D("21.20")


def test_returns_disposition_and_cycle_time(finance_warehouse):
    cursor = finance_warehouse.execute(
        "select return_id, outcome, cycle_time_days, units, restocked_units, return_date from fct_returns"
    )
    returns = {row[0]: row[1:] for row in cursor.fetchall() if row[0] in ("R1", "R2")}
    (fba,) = finance_warehouse.execute(
        "select outcome, cycle_time_days, sku from fct_returns where return_source = 'amazon_fba_returns'"
    ).fetchall()

    assert returns["R1"][:4] == ("restocked", 1.5, 1, 1)
    assert str(returns["R1"][4]) == "2026-01-14"
    assert returns["R2"][:4] == ("disposed", 3.0, 1, 0)
    assert fba == ("restocked", 0.0, "A-AMZ")


def test_restock_rate(finance_warehouse):
    (rate,) = finance_warehouse.execute(
        """
        select sum(restocked_units) * 1.0 / sum(units) filter (where outcome in ('restocked', 'disposed'))
        from fct_returns
        """
    ).fetchone()
    assert rate == pytest.approx(2 / 3)


def test_variance_traced_to_orders(finance_warehouse):
    rows = finance_warehouse.execute(
        """
        select channel, order_id, variance_timing, variance_fee_rate, variance_missing_reimbursement
        from fct_settlement_order_variance order by channel, order_id
        """
    ).fetchall()
    # W1 missing reimbursement 1.50, W2 fee rate 1.50, W3 timing -7.50; E2 fee rate 0.41;
    # A-X's 10.00 principal settled without a fee line: timing -0.15 x 10 = -1.50.
    assert rows == [
        ("amazon", "A-X", D("-1.50"), D("0"), D("0")),
        ("ebay", "E2", D("0"), D("0.41"), D("0")),
        ("walmart", "W1", D("0"), D("0"), D("1.50")),
        ("walmart", "W2", D("0"), D("1.50"), D("0")),
        ("walmart", "W3", D("-7.50"), D("0"), D("0")),
    ]
