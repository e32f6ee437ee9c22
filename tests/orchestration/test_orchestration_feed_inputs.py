"""Warehouse stock behind the Shopify per-location feed follows each warehouse's latest snapshot."""

from pathlib import Path

import duckdb

from orchestration.lib.inventory_feeds import read_feed_inputs

DAY_1 = "2026-11-29 10:00:00+00"
DAY_2 = "2026-11-30 10:00:00+00"


def write_serving(path: Path) -> None:
    """Write the few marts the feed reads.

    WH-EAST reported SKU-A 5 and SKU-B 3 on day 1, then only SKU-A 4 on day 2, so
    SKU-B has nothing at WH-EAST on day 2. WH-WEST last reported on day 1 (SKU-B 7),
    so its day-1 snapshot still stands on day 2.
    """
    with duckdb.connect(str(path)) as connection:
        connection.execute(
            "create table fct_channel_allocation as select * from (values "
            f"('{DAY_2}'::timestamptz, 'SKU-A', 'shopify', 4::bigint)) "
            "t(snapshot_at, sku, channel, allocated)"
        )
        connection.execute("create table dim_sku as select 'SKU-A' as sku, 'Mug' as title")
        connection.execute("create table dim_channel as select 'shopify' as channel, 2 as handling_days")
        connection.execute(
            "create table dim_location as select * from (values "
            "('WH-EAST', 'East', 'warehouse'), ('WH-WEST', 'West', 'warehouse')) t(location_id, name, location_type)"
        )
        connection.execute(
            "create table fct_inventory_positions as select snapshot_at::timestamptz as snapshot_at, "
            "sku, location_id, atp_h0::bigint as atp_h0 from (values "
            f"('{DAY_1}', 'SKU-A', 'WH-EAST', 5), ('{DAY_1}', 'SKU-B', 'WH-EAST', 3), "
            f"('{DAY_2}', 'SKU-A', 'WH-EAST', 4), ('{DAY_1}', 'SKU-B', 'WH-WEST', 7)) "
            "t(snapshot_at, sku, location_id, atp_h0)"
        )


def test_feed_stock_uses_latest_snapshots(tmp_path):
    serving = tmp_path / "serving.duckdb"
    write_serving(serving)

    inputs = read_feed_inputs(serving, tmp_path / "no_channel_skus")

    stock = {(row.sku, row.location_id): row.atp for row in inputs.warehouse_atp.itertuples(index=False)}
    assert stock == {("SKU-A", "WH-EAST"): 4, ("SKU-B", "WH-WEST"): 7}
