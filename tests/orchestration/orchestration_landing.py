"""A small hand-made landing zone: master data, one stock snapshot, B2B orders.

Rows read and quarantined, by source (the rows of each file below):
- products: 3 read, 3 loaded. SKU-B's title starts with `=`, which every CSV the
  write-back produces must neutralise with a leading apostrophe.
- channel_skus: 6 read, 6 loaded (SKU-C has no Shopify variant SKU, so the Shopify
  feed leaves it out).
- locations: 3 read, 3 loaded.
- wms_snapshots: 4 read, 4 loaded.
- b2b_orders: 3 read, 2 loaded, 1 quarantined (quantity `two` is not a whole number).
The products file is dropped straight into `landing/`, so the router must move it.
"""

import os
import time
from pathlib import Path

PRODUCTS = """sku,title,category,unit_cost,cost_currency,safety_stock
SKU-A,Trail Bottle,outdoor,4.00,USD,2
SKU-B,=Sneaky Mug,kitchen,3.50,USD,0
SKU-C,Plain Cup,kitchen,1.25,USD,0
"""

CHANNEL_SKUS = """channel,channel_sku,identifier_type,sku
amazon,AMZ-A,seller_sku,SKU-A
amazon,AMZ-B,seller_sku,SKU-B
amazon,B000TEST01,asin,SKU-A
amazon,AMZ-C,seller_sku,SKU-C
shopify,SHP-A,variant_sku,SKU-A
shopify,SHP-B,variant_sku,SKU-B
"""

LOCATIONS = """location_id,name,location_type,channel,timezone,country
WH-EAST,East warehouse,warehouse,,America/New_York,US
WH-WEST,West warehouse,warehouse,,America/Los_Angeles,US
FBA-US,Amazon FBA US,marketplace_fc,amazon,America/Los_Angeles,US
"""

WMS_SNAPSHOTS = """snapshot_at,location_id,sku,on_hand,reserved,damaged,inspection,quality_hold,in_transit,in_transit_expected_date,inbound_po,inbound_po_expected_date
2026-11-30T06:00:00+00:00,WH-EAST,SKU-A,30,5,1,0,0,0,,0,
2026-11-30T06:00:00+00:00,WH-WEST,SKU-A,12,2,0,0,0,0,,0,
2026-11-30T06:00:00+00:00,WH-EAST,SKU-B,4,0,0,0,0,0,,0,
2026-11-30T06:00:00+00:00,WH-WEST,SKU-C,7,0,0,0,0,0,,0,
"""

B2B_ORDERS = """order_id,line_number,account_id,ordered_at,ship_by_date,shipped_at,status,sku,quantity,unit_price,currency,cancel_reason
B2B-1,1,ACME,2026-11-28T14:00:00+00:00,2026-12-02,,accepted,SKU-A,3,9.50,USD,
B2B-1,2,ACME,2026-11-28T14:00:00+00:00,2026-12-02,,accepted,SKU-B,two,7.00,USD,
B2B-2,1,GLOBEX,2026-11-29T09:30:00+00:00,2026-12-03,2026-11-30T10:00:00+00:00,shipped,SKU-A,1,9.50,USD,
"""

FILES = {
    "products_2026-11-30.csv": PRODUCTS,
    "channel_skus/channel_skus.csv": CHANNEL_SKUS,
    "locations/locations.csv": LOCATIONS,
    "wms_snapshots/wms_2026-11-30.csv": WMS_SNAPSHOTS,
    "b2b_orders/b2b_orders_2026-11-30.csv": B2B_ORDERS,
}

EXPECTED_ROWS = {
    "products": (3, 3, 0),
    "channel_skus": (6, 6, 0),
    "locations": (3, 3, 0),
    "wms_snapshots": (4, 4, 0),
    "b2b_orders": (3, 2, 1),
}

def write_landing(landing: Path, files: dict[str, str] = FILES) -> None:
    """Write the fixture files under `landing`, dated a minute back.

    Ingestion leaves files younger than its minimum age for a later run, as
    they may still be being copied, and the tests ingest right after writing.
    """
    settled_at = time.time() - 60
    for relative, text in files.items():
        path = landing / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        os.utime(path, (settled_at, settled_at))
