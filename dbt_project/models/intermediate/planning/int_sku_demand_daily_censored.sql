-- A table, not a view: its data tests each computed the view again, which cost more than
-- building it once. Incremental by day with the orders' lookback, because its demand
-- and positions change for as long as theirs do.
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='demand_date',
        tags=['by_day'],
        on_schema_change='fail',
    )
}}

{#-
    Demand per SKU and snapshot day from all channels, with the days the SKU could
    not be sold marked as censored: stocked out in our warehouses (no sellable unit
    at the day's count), or zeroed on a channel by its buffer. Such a day's orders
    understate demand, so replenishment leaves it out. A channel the policy never
    gives the SKU a unit censors nothing: its zero is the SKU's usual state there,
    so the day's demand is no lower than on any other day.
-#}

with

positions as (

    select
        snapshot_date,
        snapshot_at,
        sku,
        sum(sellable_now) as sellable_now
    from {{ ref('int_warehouse_positions_carried') }}
    where {{ incremental_window('demand_date', day_expression='snapshot_date') }}
    group by snapshot_date, snapshot_at, sku

),

-- The allocation names only the day's latest snapshot instant; positions map it to the day.
-- Read whole, because a channel lists a SKU if the allocation ever gave it a unit there.
-- NOTE: a day outside the window keeps the listing channels of the build that wrote it,
-- so a channel that first lists a SKU today censors its earlier buffer zeros only after
-- a full refresh.
allocation as (

    select * from {{ ref('fct_channel_allocation') }}

),

listing_channels as (

    select distinct
        sku,
        channel
    from allocation
    where allocated > 0

),

buffer_zeroed as (

    select distinct
        positions.snapshot_date,
        allocation.sku
    from allocation
    inner join listing_channels
        on allocation.sku = listing_channels.sku
        and allocation.channel = listing_channels.channel
    inner join positions
        on allocation.snapshot_at = positions.snapshot_at
        and allocation.sku = positions.sku
    where allocation.allocated = 0
        and allocation.binding_rule = 'buffer'

),

demand as (

    select
        canonical_sku as sku,
        order_date,
        sum(quantity) as units_demanded
    from {{ ref('fct_order_lines') }}
    where canonical_sku is not null
        and status <> 'cancelled'
        and {{ incremental_window('demand_date', day_expression='order_date') }}
    group by canonical_sku, order_date

),

days as (

    select
        positions.snapshot_date as demand_date,
        positions.sku,
        coalesce(demand.units_demanded, 0) as units_demanded,
        positions.sellable_now,
        positions.sellable_now <= 0 as is_stocked_out,
        buffer_zeroed.sku is not null as is_zeroed_by_buffer
    from positions
    left join demand
        on positions.sku = demand.sku
        and positions.snapshot_date = demand.order_date
    left join buffer_zeroed
        on positions.sku = buffer_zeroed.sku
        and positions.snapshot_date = buffer_zeroed.snapshot_date

)

select
    *,
    is_stocked_out or is_zeroed_by_buffer as is_censored
from days
