"""SQL for the Inventory & ATP page; every filter value is a bound parameter."""

from dashboards.filters import CHANNEL_CONDITION, SKU_CONDITION
from dashboards.summary_rows import ATP_ROWS, POSITION_ROWS

POLICY_STATUS = """
SELECT policy_name, policy_sha256, status, error, in_force_from, requested_path, channels, checked_at
FROM dim_allocation_policy
"""

# Each location's latest snapshot at or before the end of the selected dates, found
# among every SKU's rows (the summary's), so a SKU search does not change which
# snapshot is the latest.
POSITIONS_BY_LOCATION = f"""
WITH positions AS ({POSITION_ROWS}),

latest AS (
    SELECT location_id, max(snapshot_at) AS snapshot_at
    FROM agg_inventory_positions_daily
    WHERE snapshot_date <= $end
    GROUP BY location_id
)

SELECT p.location_id, max(p.snapshot_at) AS snapshot_at,
       sum(p.on_hand) AS on_hand, sum(p.reserved) AS reserved, sum(p.damaged) AS damaged,
       sum(p.inspection) AS inspection, sum(p.quality_hold) AS quality_hold,
       sum(p.in_transit) AS in_transit, sum(p.inbound_po) AS inbound_po,
       sum(p.sellable_now) AS sellable_now, sum(p.atp_h0) AS atp_h0, sum(p.atp_h7) AS atp_h7
FROM positions AS p
JOIN latest USING (location_id, snapshot_at)
GROUP BY p.location_id
ORDER BY p.location_id
"""

LATEST_ALLOCATION_DAY = """
SELECT max(snapshot_date) AS snapshot_date FROM fct_channel_allocation WHERE snapshot_date <= $end
"""

ATP_BY_CHANNEL = f"""
SELECT channel, sum(atp) AS atp, sum(allocated) AS allocated, sum(fenced_units) AS fenced_units,
       count(*) FILTER (WHERE binding_rule <> 'none') AS skus_held_back
FROM fct_channel_allocation
WHERE snapshot_date = $day AND {CHANNEL_CONDITION} AND {SKU_CONDITION}
GROUP BY channel
ORDER BY min(priority)
"""

ALLOCATION_REASONS = f"""
SELECT sku, channel, serving_order, mode, atp, pool_before, fenced_units, allocated, binding_rule,
       is_low_stock, reason
FROM fct_channel_allocation
WHERE snapshot_date = $day AND {CHANNEL_CONDITION} AND {SKU_CONDITION}
ORDER BY sku, serving_order
LIMIT 500
"""

ACCURACY_TREND = f"""
WITH atp AS ({ATP_ROWS})
SELECT snapshot_date, channel,
       sum(within_tolerance) / sum(observations) AS accuracy,
       sum(over_promise) / sum(observations) AS over_promise_share,
       sum(under_promise) / sum(observations) AS under_promise_share,
       sum(oversell_units) AS oversell_units
FROM atp
WHERE snapshot_date BETWEEN $start AND $end AND {CHANNEL_CONDITION}
GROUP BY snapshot_date, channel
ORDER BY snapshot_date, channel
"""

# An over-promise oversells at least 1 unit, and a SKU listed here has a row that
# oversells, which is then its worst gap. So the rows that oversell nothing, nearly all
# of them, are left out before grouping without changing the result, and DuckDB skips
# most of them by its per-block minimum and maximum of oversell_units.
MOST_OVER_PROMISED = f"""
SELECT sku, channel, count(*) FILTER (WHERE is_over_promise) AS over_promises,
       sum(oversell_units) AS oversell_units, max(published_quantity - true_channel_atp) AS worst_gap
FROM fct_atp_accuracy
WHERE snapshot_date BETWEEN $start AND $end AND {CHANNEL_CONDITION} AND {SKU_CONDITION}
    AND oversell_units > 0
GROUP BY sku, channel
HAVING sum(oversell_units) > 0
ORDER BY oversell_units DESC, over_promises DESC, sku, channel
LIMIT 10
"""
