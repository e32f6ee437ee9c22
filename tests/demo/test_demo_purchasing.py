"""The demo's purchase orders and receipts agree with its warehouse snapshots."""

from collections import defaultdict
from datetime import date

from demo_helpers import read_rows, read_source


def test_open_pos_equal_inbound_po(small_demo):
    lines = read_rows(small_demo / "purchase_orders" / "purchase_orders.csv")
    received = {}
    for row in read_rows(small_demo / "receipts" / "receipts.csv"):
        received[(row["po_id"], row["po_line_number"])] = date.fromisoformat(row["received_date"])

    checked = 0
    for snapshot in read_source(small_demo, "wms_snapshots"):
        if snapshot["location_id"] != "WH-EAST":
            continue
        day = date.fromisoformat(snapshot["snapshot_at"][:10])
        # Ordered after an earlier count and not yet received by this morning's count.
        open_units = sum(
            int(line["quantity"]) for line in lines
            if line["sku"] == snapshot["sku"] and line["location_id"] == "WH-EAST"
            and date.fromisoformat(line["order_date"]) < day
            and received.get((line["po_id"], line["line_number"]), date.max) > day
        )
        assert int(snapshot["inbound_po"]) == open_units, (snapshot["sku"], day)
        checked += 1
    assert checked > 0


def test_receipts_match_po_lines(small_demo):
    lines = {(row["po_id"], row["line_number"]): row
             for row in read_rows(small_demo / "purchase_orders" / "purchase_orders.csv")}
    receipts = read_rows(small_demo / "receipts" / "receipts.csv")
    received_units = defaultdict(int)

    assert receipts
    for receipt in receipts:
        line = lines[(receipt["po_id"], receipt["po_line_number"])]
        assert receipt["sku"] == line["sku"]
        assert receipt["location_id"] == line["location_id"]
        assert receipt["received_date"] >= line["order_date"]
        received_units[(receipt["po_id"], receipt["po_line_number"])] += int(receipt["quantity"])

    for key, line in lines.items():
        expected = int(line["quantity"]) if line["status"] == "received" else 0
        assert received_units[key] == expected, key


def test_every_po_supplier_supplies_its_sku(small_demo):
    terms = {(row["supplier_id"], row["sku"]) for row in read_rows(small_demo / "suppliers" / "suppliers.csv")}
    preferred = [row for row in read_rows(small_demo / "suppliers" / "suppliers.csv") if row["is_preferred"] == "true"]
    products = read_rows(small_demo / "products" / "products.csv")

    assert len(preferred) == len(products)
    for line in read_rows(small_demo / "purchase_orders" / "purchase_orders.csv"):
        assert (line["supplier_id"], line["sku"]) in terms
