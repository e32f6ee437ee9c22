"""The day-incremental models and the helpers that damage and compare their days.

Shared by the dbt tests of incremental builds and the Dagster tests of daily partitions.
"""

from pathlib import Path

import duckdb

from ingestion.demo.config import DemoConfig

# The demo tests' small size: 14 days, 2026-11-17 to 2026-11-30.
DEMO = DemoConfig(seed=7, skus=20, days=14, orders=300)

# Every day-incremental model (dbt tag `by_day`) and its day column.
DAILY_MODELS = {
    "fct_order_lines": "order_date",
    "fct_orders": "order_date",
    "fct_channel_margin_daily": "order_date",
    "fct_order_exception_rate": "order_date",
    "fct_inventory_positions": "snapshot_date",
    "fct_atp_accuracy": "snapshot_date",
    "int_order_lines_costed": "order_date",
    "int_inventory_positions_unioned": "snapshot_date",
    "int_warehouse_positions_carried": "snapshot_date",
    "int_inventory_aging": "snapshot_date",
    "int_sku_demand_daily_censored": "demand_date",
    "int_channel_atp_pools": "snapshot_date",
    "fct_channel_allocation": "snapshot_date",
    "agg_atp_accuracy_daily": "snapshot_date",
    "agg_inventory_positions_daily": "snapshot_date",
    "agg_channel_margin_daily": "order_date",
}

# Models in the same daily runs that rewrite whole months: a day range rebuilds every
# month it touches, so they are compared with a full build but never damaged by day.
MONTHLY_MODELS = {
    "agg_channel_margin_sku_monthly": "order_month",
}


def daily_checksums(warehouse: Path, models: dict[str, str] | None = None) -> dict[str, tuple[int, int]]:
    """Return (row count, order-independent sum of row hashes) per model, by default every incremental one."""
    models = {**DAILY_MODELS, **MONTHLY_MODELS} if models is None else models
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return {
            model: connection.sql(f"select count(*), sum(hash(t)::hugeint) from {model} t").fetchall()[0]
            for model in models
        }


def damage_days(warehouse: Path, deleted_day: str, changed_day: str) -> None:
    """Delete every row of one day and double the rows of another, in every day-incremental model."""
    with duckdb.connect(str(warehouse)) as connection:
        for model, day_column in DAILY_MODELS.items():
            connection.execute(f"delete from {model} where {day_column} = cast(? as date)", [deleted_day])
            connection.execute(
                f"insert into {model} select * from {model} where {day_column} = cast(? as date)", [changed_day]
            )
