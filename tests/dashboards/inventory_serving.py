"""Inventory rows added to the hand-worked serving.duckdb, and the figures they must produce.

Positions (fct_inventory_positions), latest snapshot per location on or before 11-02:
  WH-EAST 11-02 SKU-A on hand 20 (reserved 2, damaged 1, inspection 1), sellable 16;
                SKU-B on hand 5, sellable 5      -> WH-EAST on hand 25, sellable 21
  WH-EAST 11-01 SKU-A on hand 99: an older snapshot, left out
  FBA-US  11-02 SKU-A on hand 7, sellable 7

Allocation of 11-02 (fct_channel_allocation), SKU-A, ATP per channel horizon:
  b2b 60, amazon 50, shopify 55, walmart 50.
Orders of 11-02 (fct_order_lines), SKU-A: amazon 30 units, shopify 10, b2b 10.

Replay of config/allocation_policy.yml (balanced) over that day:
  b2b      fence 6 (ACC-1001's service unknown: kept whole), pool 60 - 6 = 54,
           min(24 - 6, 54) = 18, listed 24; ordered 10, sold 10
  amazon   pool 50 - 24 = 26, less buffer 2 = 24; ordered 30, sold 24, lost 6:
           min(30, 26) - 24 = 2 to the buffer, 4 to no stock
  shopify  pool 55 - 48 = 7, less buffer 1 = 6; ordered 10, sold 6, lost 4:
           min(10, 7) - 6 = 1 to the buffer, 3 to no stock
  walmart  shared, 50 % of max(0, 50 - 54) = 0
Replay of config/policies/lean_buffers.yml over that day:
  b2b      min(24, 60) = 24; sold 10
  amazon   shared, 100 % of 50 - 24 = 26; sold 26, lost 4 to no stock
  shopify  shared, 100 % of 55 - 24 = 31; sold 10
  walmart  shared, 26; nothing ordered
  Shared channels sold 26 + 10 = 36 against a shared pool of 31: 5 oversold, taken
  from the channel served last that sold (shopify): shopify cancellation rate 5 ÷ 10.
"""

from dashboard_serving import ROWS, TABLES

INVENTORY_TABLES = {
    "fct_inventory_positions": """
        snapshot_at TIMESTAMPTZ, snapshot_date DATE, sku VARCHAR, location_id VARCHAR, on_hand INTEGER,
        reserved INTEGER, damaged INTEGER, inspection INTEGER, quality_hold INTEGER, in_transit INTEGER,
        in_transit_expected_date DATE, inbound_po INTEGER, inbound_po_expected_date DATE,
        sellable_now INTEGER, safety_stock INTEGER, atp_h0 INTEGER, atp_h7 INTEGER
    """,
    "fct_channel_allocation": """
        snapshot_date DATE, snapshot_at TIMESTAMPTZ, sku VARCHAR, channel VARCHAR, priority BIGINT,
        mode VARCHAR, serving_order BIGINT, atp BIGINT, pool_before BIGINT, fenced_units BIGINT,
        share_cap_units BIGINT, allocated BIGINT, binding_rule VARCHAR, is_low_stock BOOLEAN,
        reason VARCHAR, policy_name VARCHAR, policy_sha256 VARCHAR
    """,
    "fct_order_lines": """
        channel VARCHAR, order_id VARCHAR, canonical_sku VARCHAR, order_date DATE, quantity INTEGER
    """,
    "dim_allocation_policy": """
        policy_name VARCHAR, policy_sha256 VARCHAR, description VARCHAR, in_force_from VARCHAR,
        requested_path VARCHAR, status VARCHAR, error VARCHAR, channels VARCHAR, ring_fences BIGINT,
        low_stock_below_atp_units BIGINT, checked_at TIMESTAMPTZ
    """,
}

_DAY = ("2026-11-02", "2026-11-02 10:00:00+00")

INVENTORY_ROWS = {
    "dim_channel": [*ROWS["dim_channel"], ("walmart", "Walmart Marketplace", "America/New_York", "USD", 0, 2, 4)],
    "fct_inventory_positions": [
        ("2026-11-02 10:00:00+00", "2026-11-02", "SKU-A", "WH-EAST", 20, 2, 1, 1, 0, 5, "2026-11-04", 10,
         "2026-11-20", 16, 2, 14, 29),
        ("2026-11-02 10:00:00+00", "2026-11-02", "SKU-B", "WH-EAST", 5, 0, 0, 0, 0, 0, None, 0, None, 5, 0, 5, 5),
        ("2026-11-01 10:00:00+00", "2026-11-01", "SKU-A", "WH-EAST", 99, 0, 0, 0, 0, 0, None, 0, None, 99, 2, 97, 97),
        ("2026-11-02 08:00:00+00", "2026-11-02", "SKU-A", "FBA-US", 7, 0, 0, 0, 0, 0, None, 0, None, 7, 0, 7, 7),
    ],
    "fct_channel_allocation": [
        (*_DAY, "SKU-A", "b2b", 1, "exclusive", 1, 60, 54, 6, None, 24, "max_listed", False,
         "6 ring-fenced contract units; then capped at the max listed quantity of 24", "balanced", "a" * 64),
        (*_DAY, "SKU-A", "amazon", 2, "exclusive", 2, 50, 26, 0, None, 24, "buffer", False,
         "pool of 26 less a buffer of 2", "balanced", "a" * 64),
        (*_DAY, "SKU-A", "shopify", 3, "exclusive", 3, 55, 7, 0, None, 6, "buffer", False,
         "pool of 7 less a buffer of 1", "balanced", "a" * 64),
        (*_DAY, "SKU-A", "walmart", 4, "shared", 4, 50, 0, 0, 0, 0, "pool_exhausted", False,
         "nothing left after ring fences and the channels served before it", "balanced", "a" * 64),
    ],
    "fct_order_lines": [
        ("amazon", "A-9", "SKU-A", "2026-11-02", 30),
        ("shopify", "S-9", "SKU-A", "2026-11-02", 10),
        ("b2b", "B-9", "SKU-A", "2026-11-02", 10),
        ("amazon", "A-8", None, "2026-11-02", 4),
    ],
    "dim_allocation_policy": [
        ("balanced", "a" * 64, "", "config/allocation_policy.yml", "config/allocation_policy.yml", "valid", None,
         "b2b, amazon, shopify, walmart", 1, 10, "2026-11-02 11:00:00+00"),
    ],
}


def inventory_tables() -> tuple[dict, dict]:
    """Return the shared tables and rows plus the inventory ones; walmart joins dim_channel."""
    return {**TABLES, **INVENTORY_TABLES}, {**ROWS, **INVENTORY_ROWS}
