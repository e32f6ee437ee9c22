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
        on_schema_change='fail',
    )
}}

{#-
    On-hand units of each WMS snapshot by age since receipt, first in first out:
    the units on hand are taken to be the latest receipts of the SKU at the location,
    so the newest receipt fills first and older ones fill what is left. Units beyond
    every receipt on record are at least as old as the oldest and count as over 90
    days, because their receipt is unknown.
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
    where {{ incremental_window('snapshot_date', day_expression=local_date('snapshot_at', "'UTC'"), lookback_days=var('incremental_stock_lookback_days')) }}

),

receipts as (

    select * from {{ ref('stg_receipts__receipts') }}

),

layered as (

    select
        positions.snapshot_at,
        positions.snapshot_date,
        positions.location_id,
        positions.sku,
        positions.on_hand,
        receipts.quantity,
        {{ dbt.datediff('receipts.received_date', 'positions.snapshot_date', 'day') }} as age_days,
        coalesce(sum(receipts.quantity) over (
            partition by positions.snapshot_at, positions.location_id, positions.sku
            order by receipts.received_date desc, receipts.receipt_line_id desc
            rows between unbounded preceding and 1 preceding
        ), 0) as newer_units
    from positions
    inner join receipts
        on receipts.location_id = positions.location_id
        and receipts.sku = positions.sku
        and receipts.received_date <= positions.snapshot_date

),

filled as (

    select
        *,
        greatest(0, least(quantity, on_hand - newer_units)) as units_left
    from layered

),

bucketed as (

    select
        snapshot_at,
        snapshot_date,
        location_id,
        sku,
        max(on_hand) as on_hand,
        sum(case when age_days <= 30 then units_left else 0 end) as age_0_30_days,
        sum(case when age_days between 31 and 60 then units_left else 0 end) as age_31_60_days,
        sum(case when age_days between 61 and 90 then units_left else 0 end) as age_61_90_days,
        sum(case when age_days > 90 then units_left else 0 end) as received_over_90_days,
        sum(units_left) as received_units
    from filled
    group by snapshot_at, snapshot_date, location_id, sku

)

select
    snapshot_at,
    snapshot_date,
    location_id,
    sku,
    age_0_30_days,
    age_31_60_days,
    age_61_90_days,
    received_over_90_days + greatest(0, on_hand - received_units) as age_over_90_days
from bucketed
