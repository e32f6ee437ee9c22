"""A data root for the write-back assets: a hand-made serving.duckdb, channel SKUs and one approval.

Allocation on 2026-11-30 10:00 UTC (the latest snapshot):
  SKU-A    amazon 5, shopify 4, walmart 3
  SKU-EVIL amazon 2, shopify 2, walmart 2
SKU-EVIL's channel SKUs start with spreadsheet formula characters (=, -, @), so the
Amazon and Shopify CSV feeds hold it back and the Walmart JSON feed carries it as is.
Shopify splits SKU-A's 4 units by warehouse ATP 6 : 2, so WH-EAST gets 3 and WH-WEST 1.
One approved PO line: SKU-A at WH-EAST from SUP-A, 24 units x 2.50 = 60 USD.
"""

from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq

from orchestration.lib.planning.audit_log import AuditLog
from orchestration.lib.planning.decisions import PlanLine, decide
from orchestration.lib.planning.roles import Role, RolesConfig

SNAPSHOT = "2026-11-30 10:00:00+00"
CHANNEL_SKUS = [
    # channel, channel_sku, identifier_type, sku
    ("amazon", "AMZ-A", "seller_sku", "SKU-A"),
    ("amazon", '=HYPERLINK("http://attacker.invalid")', "seller_sku", "SKU-EVIL"),
    ("shopify", "SHP-A", "variant_sku", "SKU-A"),
    ("shopify", "-SHP-EVIL", "variant_sku", "SKU-EVIL"),
    ("walmart", "WMT-A", "seller_sku", "SKU-A"),
    ("walmart", "@WMT-EVIL", "seller_sku", "SKU-EVIL"),
]
# A reason a buyer's spreadsheet would run if the PO draft did not neutralise it.
HOSTILE_WHY = "=cmd|' /C calc'!A0"


def write_serving(root: Path) -> None:
    with duckdb.connect(str(root / "serving.duckdb")) as connection:
        connection.execute(
            "CREATE TABLE fct_channel_allocation AS SELECT snapshot_at::TIMESTAMPTZ AS snapshot_at, sku, channel, "
            "allocated::BIGINT AS allocated FROM (VALUES "
            f"('{SNAPSHOT}', 'SKU-A', 'amazon', 5), ('{SNAPSHOT}', 'SKU-A', 'shopify', 4), "
            f"('{SNAPSHOT}', 'SKU-A', 'walmart', 3), ('{SNAPSHOT}', 'SKU-EVIL', 'amazon', 2), "
            f"('{SNAPSHOT}', 'SKU-EVIL', 'shopify', 2), ('{SNAPSHOT}', 'SKU-EVIL', 'walmart', 2)) "
            "t(snapshot_at, sku, channel, allocated)"
        )
        connection.execute("CREATE TABLE dim_sku AS SELECT * FROM (VALUES ('SKU-A', 'Blue Mug'), "
                           "('SKU-EVIL', 'Red Mug')) t(sku, title)")
        connection.execute("CREATE TABLE dim_channel AS SELECT * FROM (VALUES ('amazon', 1), ('shopify', 2), "
                           "('walmart', 2)) t(channel, handling_days)")
        connection.execute("CREATE TABLE dim_location AS SELECT * FROM (VALUES ('WH-EAST', 'East', 'warehouse'), "
                           "('WH-WEST', 'West', 'warehouse')) t(location_id, name, location_type)")
        connection.execute(
            "CREATE TABLE fct_inventory_positions AS SELECT snapshot_at::TIMESTAMPTZ AS snapshot_at, sku, "
            "location_id, atp_h0::BIGINT AS atp_h0 FROM (VALUES "
            f"('{SNAPSHOT}', 'SKU-A', 'WH-EAST', 6), ('{SNAPSHOT}', 'SKU-A', 'WH-WEST', 2), "
            f"('{SNAPSHOT}', 'SKU-EVIL', 'WH-EAST', 4)) t(snapshot_at, sku, location_id, atp_h0)"
        )
        connection.execute("CREATE TABLE dim_allocation_policy AS SELECT 'default' AS policy_name, "
                           "'valid' AS status, NULL::VARCHAR AS error")


def write_channel_skus(root: Path) -> None:
    folder = root / "raw" / "channel_skus"
    folder.mkdir(parents=True)
    columns = list(zip(*CHANNEL_SKUS))
    table = pa.table({
        "channel": columns[0], "channel_sku": columns[1], "identifier_type": columns[2], "sku": columns[3],
        "_file_name": ["channel_skus.csv"] * len(CHANNEL_SKUS),
        "_loaded_at": pa.array([1_764_000_000_000_000] * len(CHANNEL_SKUS), type=pa.timestamp("us", tz="UTC")),
    })
    pq.write_table(table, folder / "fixture.parquet")


def write_approval(root: Path) -> None:
    roles = RolesConfig(users={"ann": Role.APPROVER}, thresholds={"USD": Decimal(1000)})
    line = PlanLine("2026-11-30", "SKU-A", "WH-EAST", "SUP-A", "USD", Decimal("2.5"), 12, 24, 24)
    decide(AuditLog.in_folder(root / "decisions"), roles, "ann", line, "approve", 24, HOSTILE_WHY)


def write_writeback_root(root: Path) -> Path:
    root.mkdir(parents=True)
    write_serving(root)
    write_channel_skus(root)
    write_approval(root)
    return root
