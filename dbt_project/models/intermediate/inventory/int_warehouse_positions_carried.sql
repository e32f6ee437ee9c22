-- A table, not a view: the ATP pools and the stock_cancel check both read it.
-- Incremental by snapshot day with the orders' lookback, as the positions it carries.
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='snapshot_date',
        tags=['by_day'],
        on_schema_change='fail',
    )
}}

{#-
    Each warehouse's position on each snapshot day: its latest snapshot at or
    before that day, carried forward when the warehouse has not reported that
    day. A SKU absent from that snapshot has no row and so counts as zero. A
    warehouse that exported late or was cut short must not drop out of the
    pool and the feeds; is_stale marks the carried positions.
-#}

with

positions as (

    select *
    from {{ ref('int_inventory_positions_unioned') }}
    where location_type = 'warehouse'

),

-- A snapshot is one location's report at one instant.
snapshots as (

    select distinct
        location_id,
        snapshot_at,
        snapshot_date
    from positions

),

-- Every day on which any warehouse reported, with that day's latest instant. A day
-- of the window may carry a snapshot from before it, so `snapshots` keeps every day.
-- NOTE: a backfill of a day range leaves the days after it that carry a snapshot from
-- inside the range as they were, until the daily lookback or a full refresh reaches them.
-- NOTE: a warehouse that stopped reporting for good is carried forward, stale, until
-- its snapshots are removed from the raw layer.
snapshot_days as (

    select
        snapshot_date,
        max(snapshot_at) as day_snapshot_at
    from positions
    where {{ incremental_window('snapshot_date', lookback_days=var('incremental_lookback_days')) }}
    group by snapshot_date

),

latest_per_day as (

    select *
    from (
        select
            snapshot_days.snapshot_date,
            snapshot_days.day_snapshot_at,
            snapshots.location_id,
            snapshots.snapshot_at as location_snapshot_at,
            snapshots.snapshot_date as location_snapshot_date,
            row_number() over (
                partition by snapshot_days.snapshot_date, snapshots.location_id
                order by snapshots.snapshot_at desc
            ) as recency
        from snapshot_days
        inner join snapshots
            on snapshots.snapshot_date <= snapshot_days.snapshot_date
    ) ranked
    where recency = 1

)

select
    latest_per_day.snapshot_date,
    latest_per_day.day_snapshot_at as snapshot_at,
    latest_per_day.location_id,
    latest_per_day.location_snapshot_at,
    latest_per_day.location_snapshot_date < latest_per_day.snapshot_date as is_stale,
    positions.sku,
    positions.on_hand,
    positions.reserved,
    positions.damaged,
    positions.inspection,
    positions.quality_hold,
    positions.in_transit,
    positions.in_transit_expected_date,
    positions.inbound_po,
    positions.inbound_po_expected_date,
    positions.sellable_now
from latest_per_day
inner join positions
    on latest_per_day.location_id = positions.location_id
    and latest_per_day.location_snapshot_at = positions.snapshot_at
