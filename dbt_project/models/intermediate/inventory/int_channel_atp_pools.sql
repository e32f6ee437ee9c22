-- A table, not a view: several marts and tests read it, and recomputing it for each costs most of a build.
-- Incremental by snapshot day with the stock lookback: a day's pool depends on that day only.
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
    The pool each channel is allocated from: per snapshot day and SKU, the ATP
    of our warehouses with the channel's horizon. Each warehouse counts with its
    latest snapshot at or before the day (see int_warehouse_positions_carried);
    safety stock is subtracted once per SKU and the pool is floored at 0. FBA
    stock is Amazon's and stays out of the pool.
-#}

with

daily as (

    select * from {{ ref('int_warehouse_positions_carried') }}
    where {{ incremental_window('snapshot_date', lookback_days=config.get('lookback_days')) }}

),

products as (

    select * from {{ ref('stg_products__products') }}

),

channels as (

    select * from {{ ref('channels') }}

),

-- A pool depends on the channel's horizon only, and channels share horizons, so the
-- positions are summed once per horizon and not once per channel.
horizons as (

    select distinct ship_horizon_days from channels

),

-- The positions are unique per day, location and SKU (a test on the carried
-- positions), so counting the stale rows counts the stale locations without the
-- distinct count's hash set per group.
per_horizon as (

    select
        daily.snapshot_date,
        daily.sku,
        horizons.ship_horizon_days,
        -- The day's latest snapshot instant, the same for every SKU of the day.
        max(daily.snapshot_at) as snapshot_at,
        count(case when daily.is_stale then 1 end) as stale_locations,
        sum({{ atp('daily.snapshot_date', 'horizons.ship_horizon_days', '0') }}) as warehouse_atp
    from daily
    cross join horizons
    group by daily.snapshot_date, daily.sku, horizons.ship_horizon_days

),

-- Every channel gets a pool, so the policy file may name any channel of the seed.
per_channel as (

    select
        per_horizon.snapshot_date,
        per_horizon.sku,
        channels.channel,
        per_horizon.snapshot_at,
        per_horizon.stale_locations,
        per_horizon.warehouse_atp
    from per_horizon
    inner join channels
        on per_horizon.ship_horizon_days = channels.ship_horizon_days

),

pooled as (

    select
        per_channel.snapshot_date,
        per_channel.snapshot_at,
        per_channel.sku,
        per_channel.channel,
        per_channel.stale_locations,
        cast(greatest(0, per_channel.warehouse_atp - coalesce(products.safety_stock, 0)) as {{ dbt.type_bigint() }}) as atp
    from per_channel
    left join products
        on per_channel.sku = products.sku

)

select * from pooled
