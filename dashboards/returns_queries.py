"""SQL for the Returns page, filtered by the sidebar's bound parameters."""

from dashboards.filters import CHANNEL_CONDITION, SKU_CONDITION

RETURNS_WHERE = f"""
    return_date BETWEEN $start AND $end
    AND {CHANNEL_CONDITION}
    AND {SKU_CONDITION}
"""

_MEASURES = """
    count(*) AS returns,
    sum(units) AS units,
    count(*) FILTER (WHERE outcome IN ('awaiting_disposition', 'requested')) AS awaiting,
    sum(restocked_units) / nullif(sum(units) FILTER (WHERE outcome IN ('restocked', 'disposed')), 0) AS restock_rate,
    avg(cycle_time_days) AS mean_cycle_time_days,
    max(cycle_time_days) AS max_cycle_time_days
"""

RETURNS_TOTAL = f"""
SELECT
    count(*) AS returns,
    sum(units) AS units,
    sum(restocked_units) / nullif(sum(units) FILTER (WHERE outcome IN ('restocked', 'disposed')), 0) AS restock_rate,
    median(cycle_time_days) AS median_cycle_time_days
FROM fct_returns
WHERE {RETURNS_WHERE}
"""

RETURNS_BY_CHANNEL = f"""
SELECT channel, {_MEASURES}
FROM fct_returns
WHERE {RETURNS_WHERE}
GROUP BY channel
ORDER BY channel
"""

RETURNS_BY_SKU = f"""
SELECT channel, sku, {_MEASURES}
FROM fct_returns
WHERE {RETURNS_WHERE}
GROUP BY channel, sku
ORDER BY units DESC, channel, sku
"""

RETURN_REASONS = f"""
SELECT channel, coalesce(reason, '(none given)') AS reason, count(*) AS returns, sum(units) AS units
FROM fct_returns
WHERE {RETURNS_WHERE}
GROUP BY ALL
ORDER BY units DESC, reason
"""
