"""Suppliers, purchase orders and receipts of the demo, drawn from the stock simulation's buys.

Every regular buy for WH-EAST is a PO line with the category's supplier and shows in
the WMS snapshots as `inbound_po` until it is received; WH-WEST is refilled by
transfers, which are not purchases. Every expedited buy, at either warehouse, is a
PO line with a local express distributor, ordered and received on the same morning.
Receipts raise on hand on their date, as the snapshots count them.
"""

import pandas as pd

from ingestion.demo.config import CURRENCY, WAREHOUSES
from ingestion.demo.stock import CASE_PACK, StockHistory

# category: (supplier id, name, promised lead time in days). WH-EAST's buys take
# 8 days, so the 7-day promises are always late, the 10-day ones always early.
CATEGORY_SUPPLIERS = {
    "supplements": ("SUP-NUTRA", "Northwind Nutrition Co", 7),
    "apparel": ("SUP-TEXT", "Harbor Textiles Ltd", 8),
    "home": ("SUP-HOME", "Cedar Home Goods", 10),
    "kitchen": ("SUP-KITCH", "Forge Kitchenware", 8),
    "beauty": ("SUP-BLOOM", "Bloom Botanicals", 7),
    "outdoor": ("SUP-TRAIL", "Summit Outdoor Supply", 9),
}
EXPRESS_SUPPLIER = ("SUP-EXPRESS", "Metro Express Distribution", 1)
# The express distributor charges this share over the regular unit cost.
EXPRESS_MARKUP = 1.2
PO_WAREHOUSE = "WH-EAST"
FIRST_PO_NUMBER = 100001
FIRST_RECEIPT_NUMBER = 500001


def build_suppliers(products: pd.DataFrame) -> pd.DataFrame:
    """Return the supplier terms: the category's supplier (preferred) and the express one per SKU."""
    regular = pd.DataFrame({
        "supplier_id": products["category"].map(lambda c: CATEGORY_SUPPLIERS[c][0]),
        "supplier_name": products["category"].map(lambda c: CATEGORY_SUPPLIERS[c][1]),
        "sku": products["sku"],
        "promised_lead_time_days": products["category"].map(lambda c: CATEGORY_SUPPLIERS[c][2]),
        "moq": CASE_PACK,
        "case_pack": CASE_PACK,
        "is_preferred": True,
    })
    express_id, express_name, express_days = EXPRESS_SUPPLIER
    express = pd.DataFrame({
        "supplier_id": express_id, "supplier_name": express_name, "sku": products["sku"],
        "promised_lead_time_days": express_days, "moq": 1, "case_pack": 1, "is_preferred": False,
    })
    suppliers = pd.concat([regular, express], ignore_index=True)
    suppliers["currency"] = CURRENCY
    return suppliers.sort_values(["supplier_id", "sku"], ignore_index=True)


def build_purchase_orders(products: pd.DataFrame, stock: StockHistory) -> pd.DataFrame:
    """Return one row per PO line, numbered per order day, warehouse and supplier; days are indexes."""
    buys = stock.buys
    warehouse = buys["warehouse_index"].map(lambda i: WAREHOUSES[i])
    lines = buys[(warehouse == PO_WAREHOUSE) | buys["expedited"]].copy()
    lines["location_id"] = warehouse[lines.index]
    lines["sku"] = products["sku"].to_numpy()[lines["sku_index"]]

    category = products["category"].to_numpy()[lines["sku_index"]]
    lines["supplier_id"] = [CATEGORY_SUPPLIERS[c][0] for c in category]
    lines.loc[lines["expedited"], "supplier_id"] = EXPRESS_SUPPLIER[0]
    cost = products["unit_cost_cents"].to_numpy()[lines["sku_index"]]
    lines["unit_cost_cents"] = cost
    lines.loc[lines["expedited"], "unit_cost_cents"] = (cost[lines["expedited"].to_numpy()] * EXPRESS_MARKUP).round()

    lines = lines.sort_values(["order_day", "location_id", "supplier_id", "sku"], ignore_index=True)
    po_keys = lines[["order_day", "location_id", "supplier_id"]].apply(tuple, axis=1)
    lines["po_id"] = [f"PO-{FIRST_PO_NUMBER + n}" for n in pd.factorize(po_keys)[0]]
    lines["line_number"] = lines.groupby("po_id").cumcount() + 1

    lines["status"] = lines["received_day"].map(lambda d: "received" if d >= 0 else "open")
    return lines


def build_receipts(purchase_orders: pd.DataFrame) -> pd.DataFrame:
    """Return one row per receipt line: one receipt per PO and day its units arrived."""
    received = purchase_orders[purchase_orders["received_day"] >= 0].copy()
    received = received.sort_values(["received_day", "po_id", "line_number"], ignore_index=True)
    receipt_keys = received[["received_day", "po_id"]].apply(tuple, axis=1)
    received["receipt_id"] = [f"GR-{FIRST_RECEIPT_NUMBER + n}" for n in pd.factorize(receipt_keys)[0]]
    received["receipt_line"] = received.groupby("receipt_id").cumcount() + 1
    return received
