"""Each daily summary mart written again as a plain GROUP BY over its fact mart.

The dashboard tests build their serving files from hand-chosen fact rows and add the
summaries with these queries. The incremental build's test checks dbt's summaries
against them.
"""

import duckdb

ROLLUPS = {
    "agg_atp_accuracy_daily": ("fct_atp_accuracy", """
        SELECT snapshot_date, channel, count(*) AS observations,
               count(*) FILTER (WHERE is_within_tolerance) AS within_tolerance,
               count(*) FILTER (WHERE is_over_promise) AS over_promise,
               count(*) FILTER (WHERE is_under_promise) AS under_promise,
               count(*) FILTER (WHERE is_false_zero) AS false_zero,
               sum(oversell_units) AS oversell_units
        FROM fct_atp_accuracy
        GROUP BY ALL
    """),
    "agg_inventory_positions_daily": ("fct_inventory_positions", """
        SELECT snapshot_date, snapshot_at, location_id,
               sum(on_hand) AS on_hand, sum(reserved) AS reserved, sum(damaged) AS damaged,
               sum(inspection) AS inspection, sum(quality_hold) AS quality_hold, sum(in_transit) AS in_transit,
               sum(inbound_po) AS inbound_po, sum(sellable_now) AS sellable_now,
               sum(atp_h0) AS atp_h0, sum(atp_h7) AS atp_h7
        FROM fct_inventory_positions
        GROUP BY ALL
    """),
    "agg_channel_margin_daily": ("fct_channel_margin_daily", """
        SELECT order_date, channel, currency, sum(units) AS units, sum(net_sales) AS net_sales,
               sum(net_sales) FILTER (WHERE cogs IS NOT NULL) AS net_sales_costed,
               sum(net_sales) FILTER (WHERE contribution_profit IS NOT NULL) AS net_sales_contributed,
               sum(cogs) AS cogs, sum(gross_profit) AS gross_profit,
               sum(fees_referral) AS fees_referral, sum(fees_fulfilment) AS fees_fulfilment,
               sum(fees_payment) AS fees_payment, sum(fees_other) AS fees_other, sum(fees_total) AS fees_total,
               sum(fees_referral) FILTER (WHERE cogs IS NOT NULL) AS fees_referral_costed,
               sum(fees_fulfilment) FILTER (WHERE cogs IS NOT NULL) AS fees_fulfilment_costed,
               sum(fees_payment) FILTER (WHERE cogs IS NOT NULL) AS fees_payment_costed,
               sum(fees_other) FILTER (WHERE cogs IS NOT NULL) AS fees_other_costed,
               sum(contribution_profit) AS contribution_profit, any_value(reporting_currency) AS reporting_currency,
               sum(net_sales_reporting) AS net_sales_reporting,
               sum(contribution_profit_reporting) AS contribution_profit_reporting,
               count(*) FILTER (WHERE net_sales_reporting IS NULL) AS unconverted_rows
        FROM fct_channel_margin_daily
        GROUP BY order_date, channel, currency
    """),
    "agg_channel_margin_sku_monthly": ("fct_channel_margin_daily", """
        SELECT CAST(date_trunc('month', order_date) AS DATE) AS order_month, channel, sku, currency,
               sum(units) AS units, sum(net_sales) AS net_sales,
               sum(net_sales) FILTER (WHERE cogs IS NOT NULL) AS net_sales_costed,
               sum(net_sales) FILTER (WHERE contribution_profit IS NOT NULL) AS net_sales_contributed,
               sum(cogs) AS cogs, sum(gross_profit) AS gross_profit,
               sum(fees_referral) AS fees_referral, sum(fees_fulfilment) AS fees_fulfilment,
               sum(fees_payment) AS fees_payment, sum(fees_other) AS fees_other, sum(fees_total) AS fees_total,
               sum(contribution_profit) AS contribution_profit
        FROM fct_channel_margin_daily
        GROUP BY ALL
    """),
    "agg_settlement_fees_daily": ("fct_settlement_lines", """
        SELECT posted_date, channel, currency, fee_bucket, sum(amount) AS amount, count(*) AS lines
        FROM fct_settlement_lines
        GROUP BY ALL
    """),
}


def add_summaries(connection: duckdb.DuckDBPyConnection) -> list[str]:
    """Create each summary that `connection` lacks while it has the summary's fact mart, and return their names."""
    tables = {row[0] for row in connection.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    added = []
    for summary, (fact, rollup) in ROLLUPS.items():
        if fact in tables and summary not in tables:
            connection.execute(f"CREATE TABLE {summary} AS {rollup}")
            added.append(summary)
    return added
