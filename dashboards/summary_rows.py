"""The rows a page sums: a daily summary mart, or the fact mart's rows when a SKU search is set.

Each `agg_` mart sums a fact mart over its SKUs (docs/marts.md, "Daily summaries").
Without a SKU search a page reads the summary. With one, it reads the fact rows of the
SKUs searched in the summary's columns, so the same measures apply to both. DuckDB
folds the `$sku_text` conditions once the parameter is bound, so a query reads only one
of the two tables: at the L benchmark's size the fact marts hold 75 million rows.

Each source is the body of a CTE; the query around it filters days and channels.
"""

from dashboards.filters import SKU_CONDITION

# The summaries of each fact mart that has them. A page that reads the fact mart reads
# its summaries too, so it needs all of them in serving.duckdb.
SUMMARIES_OF = {
    "fct_atp_accuracy": ("agg_atp_accuracy_daily",),
    "fct_inventory_positions": ("agg_inventory_positions_daily",),
    "fct_channel_margin_daily": ("agg_channel_margin_daily", "agg_channel_margin_sku_monthly"),
    "fct_settlement_lines": ("agg_settlement_fees_daily",),
}

WITHOUT_SKU_SEARCH = "$sku_text = ''"
WITH_SKU_SEARCH = f"$sku_text <> '' AND {SKU_CONDITION}"

# A fact row counts 1 observation; its flags count 1 or 0.
ATP_ROWS = f"""
SELECT snapshot_date, channel, observations, within_tolerance, over_promise, under_promise, false_zero,
       oversell_units
FROM agg_atp_accuracy_daily
WHERE {WITHOUT_SKU_SEARCH}
UNION ALL BY NAME
SELECT snapshot_date, channel, 1 AS observations,
       CAST(is_within_tolerance AS INTEGER) AS within_tolerance,
       CAST(is_over_promise AS INTEGER) AS over_promise,
       CAST(is_under_promise AS INTEGER) AS under_promise,
       CAST(is_false_zero AS INTEGER) AS false_zero,
       oversell_units
FROM fct_atp_accuracy
WHERE {WITH_SKU_SEARCH}
"""

# The net sales a margin divides by, from fact rows: only those whose COGS, or whose
# contribution profit, is known.
MARGIN_DENOMINATORS = """
       CASE WHEN cogs IS NOT NULL THEN net_sales END AS net_sales_costed,
       CASE WHEN contribution_profit IS NOT NULL THEN net_sales END AS net_sales_contributed"""

# The `_costed` fees, like net_sales_costed, keep only the rows whose COGS is known.
MARGIN_ROWS = f"""
SELECT order_date, channel, currency, units, net_sales, net_sales_costed, net_sales_contributed, cogs,
       gross_profit, fees_referral, fees_fulfilment, fees_payment, fees_other, fees_total,
       fees_referral_costed, fees_fulfilment_costed, fees_payment_costed, fees_other_costed,
       contribution_profit, reporting_currency, net_sales_reporting, contribution_profit_reporting,
       unconverted_rows
FROM agg_channel_margin_daily
WHERE {WITHOUT_SKU_SEARCH}
UNION ALL BY NAME
SELECT order_date, channel, currency, units, net_sales, {MARGIN_DENOMINATORS},
       cogs, gross_profit, fees_referral, fees_fulfilment, fees_payment, fees_other, fees_total,
       CASE WHEN cogs IS NOT NULL THEN fees_referral END AS fees_referral_costed,
       CASE WHEN cogs IS NOT NULL THEN fees_fulfilment END AS fees_fulfilment_costed,
       CASE WHEN cogs IS NOT NULL THEN fees_payment END AS fees_payment_costed,
       CASE WHEN cogs IS NOT NULL THEN fees_other END AS fees_other_costed,
       contribution_profit, reporting_currency, net_sales_reporting, contribution_profit_reporting,
       CAST(net_sales_reporting IS NULL AS INTEGER) AS unconverted_rows
FROM fct_channel_margin_daily
WHERE {WITH_SKU_SEARCH}
"""

POSITION_ROWS = f"""
SELECT snapshot_date, snapshot_at, location_id, on_hand, reserved, damaged, inspection, quality_hold,
       in_transit, inbound_po, sellable_now, atp_h0, atp_h7
FROM agg_inventory_positions_daily
WHERE {WITHOUT_SKU_SEARCH}
UNION ALL BY NAME
SELECT snapshot_date, snapshot_at, location_id, on_hand, reserved, damaged, inspection, quality_hold,
       in_transit, inbound_po, sellable_now, atp_h0, atp_h7
FROM fct_inventory_positions
WHERE {WITH_SKU_SEARCH}
"""
