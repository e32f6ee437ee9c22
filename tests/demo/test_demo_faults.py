"""Every fault the manifest lists is present in the files it names."""

from datetime import date, timedelta

from demo_helpers import SMALL, read_rows, read_source

ALL_TYPES = {"stock_cancel", "late_shipment", "unmapped_sku", "unmapped_status", "duplicate_order",
             "payment_hold", "fee_off_schedule", "over_promise"}


def _faults(manifest: dict, fault_type: str) -> list[dict]:
    return [f for f in manifest["faults"] if f["type"] == fault_type]


def test_every_fault_type_injected(manifest):
    assert set(manifest["fault_counts"]) == ALL_TYPES
    assert sum(manifest["fault_counts"].values()) == len(manifest["faults"])
    assert len({f["id"] for f in manifest["faults"]}) == len(manifest["faults"])


def test_unmapped_skus_absent_from_mapping(small_demo, manifest):
    mapped = {(row["channel"], row["channel_sku"]) for row in read_rows(small_demo / "channel_skus" / "channel_skus.csv")}
    sku_column = {"amazon": "sku", "shopify": "Lineitem sku", "b2b": "sku"}
    faults = _faults(manifest, "unmapped_sku")
    assert {f["channel"] for f in faults} == {"amazon", "shopify", "b2b"}
    for fault in faults:
        assert (fault["channel"], fault["channel_sku"]) not in mapped
        rows = read_rows(small_demo / fault["file"])
        assert any(row[sku_column[fault["channel"]]] == fault["channel_sku"] for row in rows), fault["id"]


def test_unmapped_amazon_line_has_unknown_asin(small_demo, manifest):
    asins = {row["channel_sku"] for row in read_rows(small_demo / "channel_skus" / "channel_skus.csv")
             if row["identifier_type"] == "asin"}
    for fault in _faults(manifest, "unmapped_sku"):
        if fault["channel"] == "amazon":
            row = next(r for r in read_rows(small_demo / fault["file"]) if r["sku"] == fault["channel_sku"])
            assert row["asin"] not in asins


def test_duplicate_row_written_twice(small_demo, manifest):
    (fault,) = _faults(manifest, "duplicate_order")
    rows = read_rows(small_demo / fault["file"])
    copies = [row for row in rows if row["amazon-order-id"] == fault["order_id"] and row["sku"] == fault["channel_sku"]]
    assert len(copies) == 2
    assert copies[0] == copies[1]


def test_unmapped_status_in_b2b_file(small_demo, manifest):
    (fault,) = _faults(manifest, "unmapped_status")
    statuses = {row["status"] for row in read_rows(small_demo / fault["file"]) if row["order_id"] == fault["order_id"]}
    assert statuses == {fault["detail"]["status"]}
    known = {"submitted", "accepted", "on_hold", "backordered", "shipped", "partially_shipped", "delivered",
             "cancelled", "returned"}
    assert fault["detail"]["status"] not in known
    others = {row["status"] for row in read_source(small_demo, "b2b_orders") if row["order_id"] != fault["order_id"]}
    assert others <= known


def test_late_b2b_shipped_after_ship_by(small_demo, manifest):
    late = [f for f in _faults(manifest, "late_shipment") if f["channel"] == "b2b"]
    assert late
    late_ids = {f["order_id"] for f in late}
    for row in read_source(small_demo, "b2b_orders"):
        if not row["shipped_at"]:
            continue
        is_late = row["shipped_at"][:10] > row["ship_by_date"]
        assert is_late == (row["order_id"] in late_ids), row["order_id"]


def test_late_shopify_fulfilled_after_two_days(small_demo, manifest):
    late = {f["order_id"] for f in _faults(manifest, "late_shipment") if f["channel"] == "shopify"}
    assert late
    for row in read_source(small_demo, "shopify_orders"):
        if not row["Fulfilled at"]:
            continue
        created = date.fromisoformat(row["Created at"][:10])
        fulfilled = date.fromisoformat(row["Fulfilled at"][:10])
        assert (fulfilled - created > timedelta(days=2)) == (row["Name"] in late), row["Name"]


def test_stock_cancels_had_no_sellable_stock(small_demo, manifest):
    faults = _faults(manifest, "stock_cancel")
    assert faults
    for fault in faults:
        order_date = (SMALL.start_date + timedelta(days=fault["detail"]["order_day"])).isoformat()
        snapshot = read_rows(small_demo / "wms_snapshots" / f"wms_snapshot_{order_date}.csv")
        for sku in fault["detail"]["skus"]:
            sellable = sum(
                int(r["on_hand"]) - int(r["reserved"]) - int(r["damaged"]) - int(r["inspection"]) - int(r["quality_hold"])
                for r in snapshot if r["sku"] == sku
            )
            assert sellable == 0, (fault["id"], sku)


def test_only_stock_cancels_lack_stock(small_demo, manifest):
    """A buyer's cancellation never falls on a day its SKU had too little stock."""
    stock_cancelled = {f["order_id"] for f in _faults(manifest, "stock_cancel")}
    item_numbers = {row["channel_sku"]: row["sku"] for row in read_rows(small_demo / "channel_skus" / "channel_skus.csv")
                    if row["channel"] == "b2b"}
    snapshots = {}
    for row in read_source(small_demo, "b2b_orders"):
        if row["status"] != "cancelled" or row["order_id"] in stock_cancelled:
            continue
        day = row["ordered_at"][:10]
        snapshots.setdefault(day, read_rows(small_demo / "wms_snapshots" / f"wms_snapshot_{day}.csv"))
        sku = item_numbers.get(row["sku"])
        sellable = sum(int(r["on_hand"]) - int(r["reserved"]) - int(r["damaged"]) - int(r["inspection"])
                       - int(r["quality_hold"]) for r in snapshots[day] if r["sku"] == sku)
        assert sellable >= int(row["quantity"]), row["order_id"]


def test_b2b_stock_cancels_give_reason(small_demo, manifest):
    for fault in _faults(manifest, "stock_cancel"):
        if fault["channel"] != "b2b":
            continue
        rows = read_rows(small_demo / fault["file"])
        cancelled = [r for r in rows if r["order_id"] == fault["order_id"] and int(r["line_number"]) in fault["detail"]["lines"]]
        assert cancelled
        assert all(r["status"] == "cancelled" and r["cancel_reason"] == "out of stock" for r in cancelled)


def test_fee_off_schedule_in_settlement(small_demo, manifest):
    (fault,) = _faults(manifest, "fee_off_schedule")
    rows = read_rows(small_demo / fault["file"])
    commission = [r for r in rows if r["order-id"] == fault["order_id"] and r["sku"] == fault["channel_sku"]
                  and r["amount-description"] == "Commission"]
    assert [r["amount"] for r in commission] == [fault["detail"]["charged_amount"]]
    assert fault["detail"]["charged_amount"] != fault["detail"]["expected_amount"]


def test_over_promise_above_warehouse_stock(small_demo, manifest):
    faults = _faults(manifest, "over_promise")
    assert faults
    for fault in faults:
        published = [r for r in read_rows(small_demo / fault["file"])
                     if r["channel"] == fault["channel"] and r["channel_sku"] == fault["channel_sku"]
                     and r["published_at"] == fault["detail"]["published_at"]]
        assert len(published) == 1
        assert int(published[0]["quantity"]) == fault["detail"]["published_quantity"]
        assert fault["detail"]["published_quantity"] > fault["detail"]["warehouse_sellable"]


def test_payment_holds_unpaid_and_unfulfilled(small_demo, manifest):
    holds = {f["order_id"] for f in _faults(manifest, "payment_hold")}
    assert holds
    first_rows = [row for row in read_source(small_demo, "shopify_orders") if row["Name"] in holds and row["Financial Status"]]
    assert len(first_rows) == len(holds)
    assert all(row["Financial Status"] == "pending" and row["Fulfillment Status"] == "unfulfilled" for row in first_rows)
