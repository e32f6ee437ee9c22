"""SQL for the Inventory & ATP page; every filter value is a bound parameter."""

from dashboards.filters import CHANNEL_CONDITION, SKU_CONDITION

POLICY_STATUS = """
SELECT policy_name, policy_sha256, status, error, in_force_from, requested_path, channels, checked_at
FROM dim_allocation_policy
"""

# Each location's latest snapshot at or before the end of the selected dates.
POSITIONS_BY_LOCATION = f"""
WITH latest AS (
    SELECT location_id, max(snapshot_at) AS snapshot_at
    FROM fct_inventory_positions
    WHERE snapshot_date <= $end
    GROUP BY location_id
)
SELECT p.location_id, max(p.snapshot_at) AS snapshot_at,
       sum(p.on_hand) AS on_hand, sum(p.reserved) AS reserved, sum(p.damaged) AS damaged,
       sum(p.inspection) AS inspection, sum(p.quality_hold) AS quality_hold,
       sum(p.in_transit) AS in_transit, sum(p.inbound_po) AS inbound_po,
       sum(p.sellable_now) AS sellable_now, sum(p.atp_h0) AS atp_h0, sum(p.atp_h7) AS atp_h7
FROM fct_inventory_positions AS p
JOIN latest USING (location_id, snapshot_at)
WHERE {SKU_CONDITION}
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
SELECT snapshot_date, channel,
       avg(CAST(is_within_tolerance AS INTEGER)) AS accuracy,
       avg(CAST(is_over_promise AS INTEGER)) AS over_promise_share,
       avg(CAST(is_under_promise AS INTEGER)) AS under_promise_share,
       sum(oversell_units) AS oversell_units
FROM fct_atp_accuracy
WHERE snapshot_date BETWEEN $start AND $end AND {CHANNEL_CONDITION} AND {SKU_CONDITION}
GROUP BY snapshot_date, channel
ORDER BY snapshot_date, channel
"""

MOST_OVER_PROMISED = f"""
SELECT sku, channel, count(*) FILTER (WHERE is_over_promise) AS over_promises,
       sum(oversell_units) AS oversell_units, max(published_quantity - true_channel_atp) AS worst_gap
FROM fct_atp_accuracy
WHERE snapshot_date BETWEEN $start AND $end AND {CHANNEL_CONDITION} AND {SKU_CONDITION}
GROUP BY sku, channel
HAVING sum(oversell_units) > 0
ORDER BY oversell_units DESC, over_promises DESC, sku, channel
LIMIT 10
"""
