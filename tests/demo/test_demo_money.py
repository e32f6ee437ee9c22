"""Money in the demo adds up: settlements to their totals, payouts to Net."""

from decimal import Decimal

from ingestion.demo.config import REFERRAL_RATE_BY_CATEGORY, REFERRAL_RATE_DEFAULT
from demo_helpers import read_rows, read_source

WIDE_AMOUNT_COLUMNS = ("price-amount", "item-related-fee-amount", "other-amount", "shipment-fee-amount",
                       "order-fee-amount", "misc-fee-amount", "other-fee-amount", "promotion-amount",
                       "direct-payment-amount")


def _detail_amounts(row: dict[str, str]) -> list[Decimal]:
    if "amount" in row:
        return [Decimal(row["amount"])] if row["amount"] else []
    return [Decimal(row[column]) for column in WIDE_AMOUNT_COLUMNS if row.get(column)]


def test_settlement_details_sum_to_total(small_demo):
    files = sorted((small_demo / "amazon_settlements").iterdir())
    assert len(files) >= 2
    for path in files:
        summary, *details = read_rows(path)
        assert summary["transaction-type"] == ""
        assert details, path.name
        total = sum((amount for row in details for amount in _detail_amounts(row)), Decimal("0"))
        assert total == Decimal(summary["total-amount"]), path.name


def test_settlement_layouts(small_demo):
    headers = [path.read_text(encoding="utf-8").split("\n", 1)[0].split("\t")
               for path in sorted((small_demo / "amazon_settlements").iterdir())]
    wide = [h for h in headers if "price-amount" in h]
    v2 = [h for h in headers if "amount-type" in h]
    assert len(wide) == 1
    assert len(v2) == len(headers) - 1


def test_commission_follows_fee_schedule(small_demo, manifest):
    products = {row["sku"]: row for row in read_rows(small_demo / "products" / "products.csv")}
    seller_skus = {row["channel_sku"]: row["sku"] for row in read_rows(small_demo / "channel_skus" / "channel_skus.csv")
                   if row["identifier_type"] == "seller_sku"}
    off_schedule = {f["order_id"] for f in manifest["faults"] if f["type"] == "fee_off_schedule"}
    checked = 0
    for path in sorted((small_demo / "amazon_settlements").iterdir()):
        rows = [row for row in read_rows(path)[1:] if row.get("amount-type")]
        principal = {(r["order-id"], r["sku"]): Decimal(r["amount"]) for r in rows
                     if r["transaction-type"] == "Order" and r["amount-description"] == "Principal"}
        for row in rows:
            if row["transaction-type"] != "Order" or row["amount-description"] != "Commission":
                continue
            if row["order-id"] in off_schedule or row["sku"] not in seller_skus:
                continue
            category = products[seller_skus[row["sku"]]]["category"]
            rate = Decimal(str(REFERRAL_RATE_BY_CATEGORY.get(category, REFERRAL_RATE_DEFAULT)))
            expected = -(principal[(row["order-id"], row["sku"])] * rate).quantize(Decimal("0.01"), "ROUND_HALF_UP")
            assert Decimal(row["amount"]) == expected, row["order-id"]
            checked += 1
    assert checked > 10


def test_shopify_net_is_amount_minus_fee(small_demo):
    rows = read_source(small_demo, "shopify_payments")
    assert rows
    for row in rows:
        assert Decimal(row["Net"]) == Decimal(row["Amount"]) - Decimal(row["Fee"])


def test_shopify_fee_and_refund_sign(small_demo):
    rows = read_source(small_demo, "shopify_payments")
    charges = [row for row in rows if row["Type"] == "charge"]
    refunds = [row for row in rows if row["Type"] == "refund"]
    assert charges
    assert refunds
    for row in charges:
        # 2.9 % + 0.30, rounded half up to the cent.
        expected = (Decimal(row["Amount"]) * Decimal("0.029")).quantize(Decimal("0.01"), "ROUND_HALF_UP") + Decimal("0.30")
        assert Decimal(row["Fee"]) == expected
    for row in refunds:
        assert Decimal(row["Amount"]) < 0
        assert row["Fee"] == "0.00"


def test_shopify_charges_equal_order_totals(small_demo):
    totals = {row["Name"]: row["Total"] for row in read_source(small_demo, "shopify_orders") if row["Total"]}
    charges = [row for row in read_source(small_demo, "shopify_payments") if row["Type"] == "charge"]
    for row in charges:
        assert row["Amount"] == totals[row["Order"]]
