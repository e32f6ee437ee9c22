"""A serving.duckdb with three hand-chosen plan lines and a roles file.

The approval threshold is 1,000 USD:
  SKU-LOW  at WH-EAST from SUP-A: 48 units x 12.50 = 600 USD, at or below the threshold
  SKU-HIGH at WH-EAST from SUP-A: 120 units x 25.00 = 3,000 USD, above it
  SKU-EUR  at WH-WEST from SUP-B: 24 units x 10.00 = 240 EUR, no EUR threshold set
  SKU-NONE has no proposal (no_order).
"""

from pathlib import Path

import duckdb

ROLES_YAML = """
users:
  pat: planner
  ann: approver
  vic: viewer
default_role: viewer
approval_threshold:
  USD: 1000
"""

PLAN_ROWS = [
    # sku, location, supplier, currency, case_pack, moq, order_quantity, unit_cost, order_value, status
    ("SKU-LOW", "WH-EAST", "SUP-A", "USD", 12, 24, 48, 12.50, 600.00, "order"),
    ("SKU-HIGH", "WH-EAST", "SUP-A", "USD", 12, 24, 120, 25.00, 3000.00, "order"),
    ("SKU-EUR", "WH-WEST", "SUP-B", "EUR", 6, 6, 24, 10.00, 240.00, "order"),
    ("SKU-NONE", "WH-EAST", "SUP-A", "USD", 12, 24, 0, 5.00, 0.00, "no_order"),
]


def write_plan_serving(root: Path) -> Path:
    """Write serving.duckdb with fct_replenishment_plan only, as the publish step lays it out."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / "serving.duckdb"
    with duckdb.connect(str(path)) as conn:
        conn.execute("""
            CREATE TABLE fct_replenishment_plan (
                plan_date DATE, sku VARCHAR, location_id VARCHAR, abc_class VARCHAR, supplier_id VARCHAR,
                currency VARCHAR, case_pack BIGINT, moq BIGINT, order_quantity BIGINT, unit_cost DECIMAL(38, 4),
                order_value DECIMAL(38, 4), inventory_position BIGINT, reorder_point DOUBLE, safety_stock DOUBLE,
                target_level DOUBLE, demand_per_day DOUBLE, lead_time_days DOUBLE, lead_time_basis VARCHAR,
                plan_status VARCHAR, reason VARCHAR
            )
        """)
        for sku, location, supplier, currency, case_pack, moq, quantity, cost, value, status in PLAN_ROWS:
            conn.execute(
                "INSERT INTO fct_replenishment_plan VALUES "
                "(DATE '2026-11-30', ?, ?, 'A', ?, ?, ?, ?, ?, ?, ?, 10, 20.5, 5.5, 60.5, 2.0, 8.0, 'measured', ?, ?)",
                [sku, location, supplier, currency, case_pack, moq, quantity, cost, value, status,
                 f"position 10 <= reorder point 20.5 ({sku})"],
            )
    return path


def write_roles(root: Path) -> Path:
    path = root / "roles.yaml"
    path.write_text(ROLES_YAML, encoding="utf-8")
    return path
