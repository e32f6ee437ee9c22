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
    Every inventory state per snapshot, SKU and location, with sellable now and
    ATP. A warehouse position subtracts the SKU's whole safety stock, as if it
    were the only warehouse; the channel pool subtracts it once across them.
    Amazon's own network keeps no safety stock of ours.
-#}

with

-- The window's filters sit on every input, because the 28 days of demand and the
-- aging of each snapshot would otherwise be computed over all history.
positions as (

    select * from {{ ref('int_inventory_positions_unioned') }}
    where {{ incremental_window('snapshot_date', lookback_days=config.get('lookback_days')) }}

),

products as (

    select * from {{ ref('stg_products__products') }}

),

aging as (

    select snapshot_at, location_id, sku, age_0_30_days, age_31_60_days, age_61_90_days, age_over_90_days
    from {{ ref('int_inventory_aging') }}
    where {{ incremental_window('snapshot_date', lookback_days=config.get('lookback_days')) }}

),

-- Units ordered per SKU and day on every channel, cancelled lines left out. Read
-- from the intermediate lines, not from fct_order_lines, so that rebuilding some
-- days of that mart never changes the cover of the days around them.
demand as (

    select
        lines.canonical_sku as sku,
        {{ local_date('lines.ordered_at', 'channels.timezone') }} as order_date,
        sum(lines.quantity) as units
    from {{ ref('int_order_lines_mapped') }} as lines
    inner join {{ ref('channels') }} as channels
        on lines.channel = channels.channel
    where lines.canonical_sku is not null
        and coalesce(lines.status, '') <> 'cancelled'
        and {{ local_date('lines.ordered_at', 'channels.timezone') }}
            >= {{ dbt.dateadd('day', -28, incremental_window_start('snapshot_date', config.get('lookback_days'))) }}
    group by lines.canonical_sku, {{ local_date('lines.ordered_at', 'channels.timezone') }}

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

),

-- Average daily demand over the 28 days before the snapshot day. It depends on the SKU
-- and the day only, so a window over demand days and snapshot days together gives it
-- once per SKU and day. Joining every position with 28 days of demand repeated it.
cover_days as (

    select distinct
        sku,
        snapshot_date
    from measured

),

demand_and_snapshot_days as (

    select
        sku,
        {{ day_number('snapshot_date') }} as day_number,
        snapshot_date,
        cast(null as {{ dbt.type_bigint() }}) as units
    from cover_days

    union all

    select
        sku,
        {{ day_number('order_date') }} as day_number,
        null as snapshot_date,
        units
    from demand

),

rolling_demand as (

    select
        sku,
        snapshot_date,
        count(units) over last_28_days as demand_days,
        sum(units) over last_28_days as units_28_days
    from demand_and_snapshot_days
    window last_28_days as (
        partition by sku order by day_number
        range between 28 preceding and 1 preceding
    )

),

-- A SKU with no order in the 28 days has no demand figure, not a zero one.
covered as (

    select
        sku,
        snapshot_date as cover_date,
        units_28_days / 28.0 as daily_demand
    from rolling_demand
    where snapshot_date is not null
        and demand_days > 0

)

select
    measured.snapshot_at,
    measured.snapshot_date,
    measured.sku,
    measured.location_id,
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
    {{ atp('snapshot_date', 7, 'safety_stock') }} as atp_h7,
    returns_awaiting_inspection,
    covered.daily_demand,
    case
        when covered.daily_demand > 0 then greatest(sellable_now, 0) / covered.daily_demand
    end as days_of_cover,
    aging.age_0_30_days,
    aging.age_31_60_days,
    aging.age_61_90_days,
    aging.age_over_90_days
from measured
left join covered
    on measured.snapshot_date = covered.cover_date
    and measured.sku = covered.sku
left join aging
    on measured.snapshot_at = aging.snapshot_at
    and measured.location_id = aging.location_id
    and measured.sku = aging.sku
where {{ incremental_window('snapshot_date', day_expression='measured.snapshot_date', lookback_days=config.get('lookback_days')) }}
