"""Read a replay's inputs from serving.duckdb: past ATP pools, demand and the margin ranking.

Every query takes the number of days as a bound parameter.
"""

import duckdb

from ingestion.allocation.replay import ReplayInputs

# The channel ATP of each past day is the `atp` column of the allocation mart.
POOLS = """
WITH last_day AS (SELECT max(snapshot_date) AS day FROM fct_channel_allocation)
SELECT snapshot_date, snapshot_at, sku, channel, atp
FROM fct_channel_allocation, last_day
WHERE snapshot_date > last_day.day - CAST($days AS INTEGER)
"""

# Demand is every line ordered, cancelled ones included: a buyer wanted those units.
DEMAND = """
WITH last_day AS (SELECT max(snapshot_date) AS day FROM fct_channel_allocation)
SELECT order_date, channel, canonical_sku AS sku, sum(quantity) AS ordered_units
FROM fct_order_lines, last_day
WHERE canonical_sku IS NOT NULL
    AND order_date > last_day.day - CAST($days AS INTEGER)
    AND order_date <= last_day.day
GROUP BY order_date, channel, canonical_sku
"""

# As int_channel_margin_ranks ranks channels for the low-stock rule.
MARGIN_RANK = """
SELECT m.channel
FROM fct_channel_margin_daily AS m
JOIN dim_channel AS c ON c.channel = m.channel AND c.currency = m.currency
WHERE m.contribution_profit IS NOT NULL
GROUP BY m.channel
HAVING sum(m.net_sales) <> 0
ORDER BY sum(m.contribution_profit) / sum(m.net_sales) DESC, m.channel
"""


def read_replay_inputs(connection: duckdb.DuckDBPyConnection, days: int) -> ReplayInputs:
    """Read the last `days` days of pools and demand.

    NOTE: serving.duckdb contains no B2B account service, so ring fences are replayed
    whole, as if their accounts' service were unknown.
    """
    if days < 1:
        raise ValueError(f"invalid number of days {days}: replay at least 1 day")
    pools = connection.execute(POOLS, {"days": days}).df()
    demand = connection.execute(DEMAND, {"days": days}).df()
    rank = [row[0] for row in connection.execute(MARGIN_RANK).fetchall()]
    return ReplayInputs(pools, demand, rank)
