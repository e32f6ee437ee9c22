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
    fct_inventory_positions summed per snapshot and location, so that the
    Inventory page finds each location's latest position among a few thousand
    rows instead of every SKU's. A SKU search still reads the mart.
-#}

with

positions as (

    select * from {{ ref('fct_inventory_positions') }}
    where {{ incremental_window('snapshot_date', lookback_days=config.get('lookback_days')) }}

),

summed as (

    select
        snapshot_date,
        snapshot_at,
        location_id,
        sum(on_hand) as on_hand,
        sum(reserved) as reserved,
        sum(damaged) as damaged,
        sum(inspection) as inspection,
        sum(quality_hold) as quality_hold,
        sum(in_transit) as in_transit,
        sum(inbound_po) as inbound_po,
        sum(sellable_now) as sellable_now,
        sum(atp_h0) as atp_h0,
        sum(atp_h7) as atp_h7
    from positions
    group by snapshot_date, snapshot_at, location_id

)

select * from summed
