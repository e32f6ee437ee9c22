"""The marts that `serving.duckdb` publishes: every table listed in docs/marts.md."""

import dagster as dg

MART_TABLES = (
    "dim_sku",
    "dim_channel",
    "dim_location",
    "dim_supplier",
    "fct_orders",
    "fct_order_lines",
    "fct_order_exceptions",
    "fct_order_exception_rate",
    "fct_inventory_positions",
    "fct_channel_allocation",
    "dim_allocation_policy",
    "fct_atp_accuracy",
    "agg_atp_accuracy_daily",
    "agg_inventory_positions_daily",
    "fct_channel_margin_daily",
    "agg_channel_margin_daily",
    "agg_channel_margin_sku_monthly",
    "fct_settlement_lines",
    "fct_settlement_recon",
    "fct_settlement_order_variance",
    "agg_settlement_fees_daily",
    "fct_returns",
    "fct_supplier_lead_times",
    "fct_replenishment_plan",
    "fct_replenishment_backtest",
)

MART_ASSET_KEYS = [dg.AssetKey(table) for table in MART_TABLES]

# The day column of each mart that dbt builds incremental by day (tag `by_day`): a
# publish compares and replaces these marts a day at a time. The monthly summary's
# column is its month, which works the same way.
MART_DAY_COLUMNS = {
    "fct_orders": "order_date",
    "fct_order_lines": "order_date",
    "fct_order_exception_rate": "order_date",
    "fct_channel_margin_daily": "order_date",
    "fct_inventory_positions": "snapshot_date",
    "fct_channel_allocation": "snapshot_date",
    "fct_atp_accuracy": "snapshot_date",
    "agg_atp_accuracy_daily": "snapshot_date",
    "agg_inventory_positions_daily": "snapshot_date",
    "agg_channel_margin_daily": "order_date",
    "agg_channel_margin_sku_monthly": "order_month",
}
