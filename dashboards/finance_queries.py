"""SQL for the Finance, Margin explorer and Returns pages, filtered by the sidebar's bound parameters.

Money is grouped by currency and never added across currencies. The `_reporting`
columns, converted at each row's own day, are the only ones summed over currencies.
"""

from dashboards.filters import CHANNEL_CONDITION, SKU_CONDITION
# The Margin explorer selects margin rows as the Executive page does; its page reads
# MARGIN_CURRENCIES from this module.
from dashboards.queries import MARGIN_CURRENCIES, MARGIN_ROWS_WHERE, MARGIN_WHERE
from dashboards.summary_rows import MARGIN_DENOMINATORS, MARGIN_ROWS

SETTLEMENT_WHERE = f"""
    CAST(settlement_end_at AS DATE) BETWEEN $start AND $end
    AND {CHANNEL_CONDITION}
"""

SETTLEMENT_CURRENCIES = f"""
SELECT currency, count(*) AS settlements
FROM fct_settlement_recon
WHERE {SETTLEMENT_WHERE} AND currency IS NOT NULL
GROUP BY currency
ORDER BY settlements DESC, currency
"""

# Settled and variance per reporting currency, the one total across currencies.
SETTLEMENT_TOTALS = f"""
SELECT
    count(*) AS settlements,
    count(*) FILTER (WHERE is_reconciled) AS reconciled,
    sum(unmapped_fee_lines) AS unmapped_fee_lines,
    any_value(reporting_currency) AS reporting_currency,
    sum(summary_total_reporting) AS settled_reporting,
    sum(variance_reporting) AS variance_reporting,
    count(*) FILTER (WHERE summary_total IS NOT NULL AND summary_total_reporting IS NULL) AS unconverted
FROM fct_settlement_recon
WHERE {SETTLEMENT_WHERE}
"""

SETTLEMENTS = f"""
SELECT
    channel,
    settlement_id,
    currency,
    CASE
        WHEN summary_total IS NULL THEN 'no summary'
        WHEN is_reconciled THEN 'reconciled'
        ELSE 'mismatch'
    END AS state,
    settlement_date,
    summary_total,
    line_total,
    difference,
    expected_total,
    variance,
    variance_timing,
    variance_fee_rate,
    variance_missing_reimbursement,
    unmapped_fee_lines,
    summary_total_reporting
FROM fct_settlement_recon
WHERE {SETTLEMENT_WHERE}
ORDER BY is_reconciled, abs(difference) DESC NULLS FIRST, settlement_date DESC, settlement_id
"""

# The variance parts of one currency's settlements, for the waterfall.
VARIANCE_PARTS = f"""
SELECT
    sum(line_total) AS settled,
    sum(variance_timing) AS timing,
    sum(variance_fee_rate) AS fee_rate,
    sum(variance_missing_reimbursement) AS missing_reimbursement,
    sum(expected_total) AS expected
FROM fct_settlement_recon
WHERE {SETTLEMENT_WHERE} AND currency = $currency
"""

# The orders behind the selected settlements' variance, largest first.
ORDER_VARIANCE = f"""
SELECT channel, settlement_id, currency, order_id, variance, variance_timing, variance_fee_rate,
    variance_missing_reimbursement
FROM fct_settlement_order_variance
WHERE settlement_date BETWEEN $start AND $end AND {CHANNEL_CONDITION}
ORDER BY abs(variance) DESC, channel, settlement_id, order_id
LIMIT 500
"""

# The page never narrows fees by SKU, so the daily summary serves every selection.
FEES_BY_BUCKET = f"""
SELECT channel, fee_bucket, sum(amount) AS amount, CAST(sum(lines) AS BIGINT) AS lines
FROM agg_settlement_fees_daily
WHERE posted_date BETWEEN $start AND $end
    AND {CHANNEL_CONDITION}
    AND currency = $currency
    AND fee_bucket NOT IN ('sales', 'shipping_income', 'tax', 'no_amount')
GROUP BY channel, fee_bucket
ORDER BY channel, amount
"""

UNMAPPED_FEES = f"""
SELECT
    channel,
    settlement_id,
    currency,
    transaction_type,
    amount_type,
    amount_description,
    count(*) AS lines,
    sum(amount) AS amount,
    min(source_file_name) AS example_file,
    min(source_line_number) AS example_line
FROM fct_settlement_lines
WHERE is_unmapped_fee AND {CHANNEL_CONDITION}
GROUP BY ALL
ORDER BY abs(sum(amount)) DESC, channel, settlement_id
"""

_MARGIN_MEASURES = """
    sum(units) AS units,
    sum(net_sales) AS net_sales,
    sum(cogs) AS cogs,
    sum(gross_profit) AS gross_profit,
    sum(fees_referral) AS fees_referral,
    sum(fees_fulfilment) AS fees_fulfilment,
    sum(fees_payment) AS fees_payment,
    sum(fees_other) AS fees_other,
    sum(fees_total) AS fees_total,
    sum(contribution_profit) AS contribution_profit,
    sum(gross_profit) / nullif(sum(net_sales_costed), 0) AS gross_margin,
    sum(contribution_profit) / nullif(sum(net_sales_contributed), 0) AS contribution_margin
"""

MARGIN_BY_CHANNEL = f"""
WITH margin AS ({MARGIN_ROWS})
SELECT channel, {_MARGIN_MEASURES}
FROM margin
WHERE {MARGIN_ROWS_WHERE} AND currency = $currency
GROUP BY channel
ORDER BY contribution_profit DESC NULLS LAST, channel
"""

# By SKU reads the monthly summary for the months the dates cover whole and the mart
# for the days of the months at either end: a year of one channel is then 12 rows per
# SKU instead of 365. It is asked for one channel only.
MARGIN_BY_SKU = f"""
WITH bounds AS (
    SELECT
        -- The first whole month, and the first month after the last whole one.
        CAST(CASE WHEN day($start) = 1 THEN $start ELSE date_trunc('month', $start) + INTERVAL 1 MONTH END AS DATE)
            AS whole_from,
        CAST(date_trunc('month', $end + INTERVAL 1 DAY) AS DATE) AS whole_until
),

margin AS (
    SELECT sku, units, net_sales, net_sales_costed, net_sales_contributed, cogs, gross_profit, fees_referral,
           fees_fulfilment, fees_payment, fees_other, fees_total, contribution_profit
    FROM agg_channel_margin_sku_monthly, bounds
    WHERE order_month >= whole_from AND order_month < whole_until
        AND {CHANNEL_CONDITION} AND {SKU_CONDITION} AND currency = $currency AND channel = $channel
    UNION ALL BY NAME
    SELECT sku, units, net_sales, {MARGIN_DENOMINATORS},
           cogs, gross_profit, fees_referral, fees_fulfilment, fees_payment, fees_other, fees_total,
           contribution_profit
    FROM fct_channel_margin_daily, bounds
    WHERE {MARGIN_WHERE} AND currency = $currency AND channel = $channel
        AND (order_date < whole_from OR order_date >= whole_until)
)

SELECT coalesce(sku, '(unmapped)') AS sku, {_MARGIN_MEASURES}
FROM margin
GROUP BY 1
ORDER BY contribution_profit DESC NULLS LAST, sku
"""

# The waterfall's steps for the selection: a channel, or every channel when $channel is ''.
MARGIN_WATERFALL = f"""
WITH margin AS ({MARGIN_ROWS})
SELECT
    sum(net_sales_costed) AS net_sales,
    sum(cogs) AS cogs,
    sum(fees_referral_costed) AS fees_referral,
    sum(fees_fulfilment_costed) AS fees_fulfilment,
    sum(fees_payment_costed) AS fees_payment,
    sum(fees_other_costed) AS fees_other,
    sum(contribution_profit) AS contribution_profit
FROM margin
WHERE {MARGIN_ROWS_WHERE} AND currency = $currency AND ($channel = '' OR channel = $channel)
"""

# Contribution profit of every currency in the reporting currency, per channel.
MARGIN_REPORTING = f"""
WITH margin AS ({MARGIN_ROWS})
SELECT
    channel,
    any_value(reporting_currency) AS reporting_currency,
    sum(net_sales_reporting) AS net_sales_reporting,
    sum(contribution_profit_reporting) AS contribution_profit_reporting,
    CAST(sum(unconverted_rows) AS BIGINT) AS unconverted_rows
FROM margin
WHERE {MARGIN_ROWS_WHERE}
GROUP BY channel
ORDER BY contribution_profit_reporting DESC NULLS LAST, channel
"""
