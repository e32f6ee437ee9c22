-- A table, incremental by snapshot day with the stock lookback of the mart that reads
-- it. As a view, the mart's day filter was not pushed below its window function, so a
-- daily build aged every snapshot on record: 137 million snapshot-receipt pairs at
-- the L benchmark's size.
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='snapshot_date',
        tags=['by_day'],
        lookback_days=var('incremental_stock_lookback_days'),
        on_schema_change='fail',
    )
}}

{#-
    On-hand units of each WMS snapshot by age since receipt, first in first out:
    the units on hand are taken to be the latest receipts of the SKU at the location,
    so the newest receipt fills first and older ones fill what is left. Units beyond
    every receipt on record are at least as old as the oldest and count as over 90
    days, because their receipt is unknown. A snapshot of a SKU and location with no
    receipt on or before its day has no row.

    Because the newest receipts fill first, the units aged at most N days are the
    on-hand units capped at what was received in the N days up to the snapshot day.
    Each snapshot therefore needs only four sums of the receipts before it, which a
    window over receipts and snapshots together gives in one sort, instead of a
    join of every snapshot with every earlier receipt (137 million pairs for a year
    at the L benchmark's size). A receipt line with a negative quantity adds no units.
-#}

with

positions as (

    select
        snapshot_at,
        {{ local_date('snapshot_at', "'UTC'") }} as snapshot_date,
        location_id,
        sku,
        on_hand
    from {{ ref('stg_wms_snapshots__inventory') }}
    where {{ incremental_window('snapshot_date', day_expression=local_date('snapshot_at', "'UTC'"), lookback_days=config.get('lookback_days')) }}

),

receipts as (

    select * from {{ ref('stg_receipts__receipts') }}

),

-- Snapshots and receipts in one stream per SKU and location, ordered by day: a
-- snapshot row carries no units, a receipt row no on-hand count.
events as (

    select
        location_id,
        sku,
        {{ day_number('snapshot_date') }} as day_number,
        true as is_snapshot,
        snapshot_at,
        snapshot_date,
        on_hand,
        cast(null as {{ dbt.type_bigint() }}) as received_units
    from positions

    union all

    select
        location_id,
        sku,
        {{ day_number('received_date') }} as day_number,
        false as is_snapshot,
        null as snapshot_at,
        null as snapshot_date,
        null as on_hand,
        greatest(quantity, 0) as received_units
    from receipts
    where received_date is not null

),

-- A RANGE frame's current row takes in every row of the same day, so a receipt on
-- the snapshot day counts as 0 days old and one 30 days before it as 30.
received as (

    select
        *,
        count(received_units) over to_date as receipt_lines,
        sum(received_units) over to_date as received_all,
        sum(received_units) over (
            partition by location_id, sku order by day_number
            range between 30 preceding and current row
        ) as received_0_30,
        sum(received_units) over (
            partition by location_id, sku order by day_number
            range between 60 preceding and current row
        ) as received_0_60,
        sum(received_units) over (
            partition by location_id, sku order by day_number
            range between 90 preceding and current row
        ) as received_0_90
    from events
    window to_date as (
        partition by location_id, sku order by day_number
        range between unbounded preceding and current row
    )

),

-- On-hand units taken from the receipts of each span, newest first.
filled as (

    select
        snapshot_at,
        snapshot_date,
        location_id,
        sku,
        greatest(on_hand, 0) as on_hand,
        least(greatest(on_hand, 0), coalesce(received_0_30, 0)) as filled_0_30,
        least(greatest(on_hand, 0), coalesce(received_0_60, 0)) as filled_0_60,
        least(greatest(on_hand, 0), coalesce(received_0_90, 0)) as filled_0_90
    from received
    where is_snapshot
        and receipt_lines > 0

)

select
    snapshot_at,
    snapshot_date,
    location_id,
    sku,
    filled_0_30 as age_0_30_days,
    filled_0_60 - filled_0_30 as age_31_60_days,
    filled_0_90 - filled_0_60 as age_61_90_days,
    on_hand - filled_0_90 as age_over_90_days
from filled
