"""SQL for the executive figures, each filtered by the sidebar's bound parameters.

Margins are ratios of sums over the rows selected, never averages of per-row ratios,
and money is grouped by currency, never added across currencies. A line whose COGS is
unknown (an unmapped SKU, a SKU with no unit cost) has null COGS and null contribution
profit: it counts in net sales, and each margin is taken over the net sales of the rows
where its profit is known, with `cogs_coverage` saying how much of net sales that is.
"""

from dashboards.filters import CHANNEL_CONDITION, SKU_CONDITION
from dashboards.summary_rows import ATP_ROWS, MARGIN_ROWS

# The selection on fct_channel_margin_daily itself, for a query by SKU.
MARGIN_WHERE = f"""
    order_date BETWEEN $start AND $end
    AND {CHANNEL_CONDITION}
    AND {SKU_CONDITION}
"""

# The selection on MARGIN_ROWS, which applies the SKU search itself.
MARGIN_ROWS_WHERE = f"""
    order_date BETWEEN $start AND $end
    AND {CHANNEL_CONDITION}
"""

# Net sales per currency, largest first, to order the currency selector.
MARGIN_CURRENCIES = f"""
WITH margin AS ({MARGIN_ROWS})
SELECT currency, sum(net_sales) AS net_sales
FROM margin
WHERE {MARGIN_ROWS_WHERE}
GROUP BY currency
ORDER BY net_sales DESC, currency
"""

_MARGIN_MEASURES = """
    sum(units) AS units,
    sum(net_sales) AS net_sales,
    sum(cogs) AS cogs,
    sum(gross_profit) AS gross_profit,
    sum(fees_total) AS fees_total,
    sum(contribution_profit) AS contribution_profit,
    sum(gross_profit) / nullif(sum(net_sales_costed), 0) AS gross_margin,
    sum(contribution_profit) / nullif(sum(net_sales_contributed), 0) AS contribution_margin,
    coalesce(sum(net_sales_costed), 0) / nullif(sum(net_sales), 0) AS cogs_coverage
"""

MARGIN_BY_CHANNEL = f"""
WITH margin AS ({MARGIN_ROWS})
SELECT channel, {_MARGIN_MEASURES}
FROM margin
WHERE {MARGIN_ROWS_WHERE} AND currency = $currency
GROUP BY channel
ORDER BY channel
"""

MARGIN_TOTAL = f"""
WITH margin AS ({MARGIN_ROWS})
SELECT {_MARGIN_MEASURES}
FROM margin
WHERE {MARGIN_ROWS_WHERE} AND currency = $currency
"""

MARGIN_TREND = f"""
WITH margin AS ({MARGIN_ROWS})
SELECT CAST(date_trunc($period, order_date) AS DATE) AS period, channel, {_MARGIN_MEASURES}
FROM margin
WHERE {MARGIN_ROWS_WHERE} AND currency = $currency
GROUP BY ALL
ORDER BY period, channel
"""

# Counts are summed from the summary, so each is cast back to a count's type, and a
# selection without rows counts 0 as count(*) would.
_ATP_MEASURES = """
    CAST(coalesce(sum(observations), 0) AS BIGINT) AS observations,
    CAST(coalesce(sum(within_tolerance), 0) AS BIGINT) AS within_tolerance,
    CAST(coalesce(sum(over_promise), 0) AS BIGINT) AS over_promise,
    CAST(coalesce(sum(under_promise), 0) AS BIGINT) AS under_promise,
    CAST(coalesce(sum(false_zero), 0) AS BIGINT) AS false_zero,
    sum(oversell_units) AS oversell_units,
    sum(within_tolerance) / sum(observations) AS accuracy,
    sum(over_promise) / sum(observations) AS over_promise_share,
    sum(under_promise) / sum(observations) AS under_promise_share
"""

ATP_ROWS_WHERE = f"""
    snapshot_date BETWEEN $start AND $end
    AND {CHANNEL_CONDITION}
"""

ATP_BY_CHANNEL = f"""
WITH atp AS ({ATP_ROWS})
SELECT channel, {_ATP_MEASURES}
FROM atp
WHERE {ATP_ROWS_WHERE}
GROUP BY channel
ORDER BY channel
"""

ATP_TOTAL = f"""
WITH atp AS ({ATP_ROWS})
SELECT {_ATP_MEASURES}
FROM atp
WHERE {ATP_ROWS_WHERE}
"""

# Orders and orders with any exception, per channel, from the order grain itself.
ORDERS_BY_CHANNEL = f"""
SELECT
    channel,
    count(*) AS orders,
    count(*) FILTER (WHERE has_exception) AS orders_with_exception,
    count(*) FILTER (WHERE has_exception) / count(*) AS exception_rate
FROM fct_orders
WHERE order_date BETWEEN $start AND $end AND {CHANNEL_CONDITION}
GROUP BY channel
ORDER BY channel
"""

# The rate mart may leave out a day on which a type did not occur, so the denominator
# comes from fct_orders rather than from summing the mart's own `orders` column.
EXCEPTION_RATE_BY_TYPE = f"""
WITH orders AS (
    SELECT channel, count(*) AS orders
    FROM fct_orders
    WHERE order_date BETWEEN $start AND $end AND {CHANNEL_CONDITION}
    GROUP BY channel
),

exceptions AS (
    SELECT channel, exception_type, sum(orders_with_exception) AS orders_with_exception
    FROM fct_order_exception_rate
    WHERE order_date BETWEEN $start AND $end
        AND {CHANNEL_CONDITION}
        AND exception_type <> 'any'
    GROUP BY channel, exception_type
)

SELECT
    exceptions.channel,
    exceptions.exception_type,
    orders.orders,
    exceptions.orders_with_exception,
    exceptions.orders_with_exception / nullif(orders.orders, 0) AS exception_rate
FROM exceptions
JOIN orders USING (channel)
WHERE exceptions.orders_with_exception > 0
ORDER BY exceptions.channel, exception_rate DESC, exceptions.exception_type
"""

OPEN_EXCEPTIONS = f"""
SELECT
    count(*) FILTER (WHERE is_open) AS open_exceptions,
    max(age_days) FILTER (WHERE is_open) AS oldest_open_age_days
FROM fct_order_exceptions
WHERE CAST(opened_at AS DATE) BETWEEN $start AND $end AND {CHANNEL_CONDITION}
"""

SETTLEMENTS = f"""
SELECT
    channel,
    settlement_id,
    currency,
    CAST(settlement_start_at AS DATE) AS settlement_start,
    CAST(settlement_end_at AS DATE) AS settlement_end,
    CAST(deposit_at AS DATE) AS deposit_date,
    summary_total,
    line_total,
    difference,
    line_count,
    is_reconciled,
    expected_total,
    variance,
    variance_timing,
    variance_fee_rate,
    variance_missing_reimbursement
FROM fct_settlement_recon
WHERE CAST(settlement_end_at AS DATE) BETWEEN $start AND $end AND {CHANNEL_CONDITION}
ORDER BY is_reconciled, abs(difference) DESC, settlement_end DESC, settlement_id
"""
