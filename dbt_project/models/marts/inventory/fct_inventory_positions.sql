{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='snapshot_date',
        on_schema_change='fail',
    )
}}

{#-
    Every inventory state per snapshot, SKU and location, with sellable now and
    ATP. A warehouse position subtracts the SKU's whole safety stock, as if it
    were the only warehouse; the channel pool subtracts it once across them.
    Amazon's own network keeps no safety stock of ours.
-#}

with

positions as (

    select * from {{ ref('int_inventory_positions_unioned') }}

),

products as (

    select * from {{ ref('stg_products__products') }}

),

measured as (

    select
        positions.*,
        case
            when positions.location_type = 'warehouse' then coalesce(products.safety_stock, 0)
            else 0
        end as safety_stock
    from positions
    left join products
        on positions.sku = products.sku

)

select
    snapshot_at,
    snapshot_date,
    sku,
    location_id,
    on_hand,
    reserved,
    damaged,
    inspection,
    quality_hold,
    in_transit,
    in_transit_expected_date,
    inbound_po,
    inbound_po_expected_date,
    sellable_now,
    safety_stock,
    {{ atp('snapshot_date', 0, 'safety_stock') }} as atp_h0,
    {{ atp('snapshot_date', 7, 'safety_stock') }} as atp_h7
from measured
where {{ incremental_window('snapshot_date', lookback_days=var('incremental_stock_lookback_days')) }}
