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
    where {{ incremental_window('snapshot_date', lookback_days=var('incremental_stock_lookback_days')) }}

),

products as (

    select * from {{ ref('stg_products__products') }}

),

aging as (

    select snapshot_at, location_id, sku, age_0_30_days, age_31_60_days, age_61_90_days, age_over_90_days
    from {{ ref('int_inventory_aging') }}
    where {{ incremental_window('snapshot_date', lookback_days=var('incremental_stock_lookback_days')) }}

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
            >= {{ dbt.dateadd('day', -28, incremental_window_start('snapshot_date', var('incremental_stock_lookback_days'))) }}
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

-- Average daily demand over the 28 days before the snapshot day.
covered as (

    select
        measured.snapshot_at,
        measured.location_id,
        measured.sku,
        sum(demand.units) / 28.0 as daily_demand
    from measured
    inner join demand
        on demand.sku = measured.sku
        and demand.order_date >= {{ dbt.dateadd('day', -28, 'measured.snapshot_date') }}
        and demand.order_date < measured.snapshot_date
    group by measured.snapshot_at, measured.location_id, measured.sku

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
    on measured.snapshot_at = covered.snapshot_at
    and measured.location_id = covered.location_id
    and measured.sku = covered.sku
left join aging
    on measured.snapshot_at = aging.snapshot_at
    and measured.location_id = aging.location_id
    and measured.sku = aging.sku
where {{ incremental_window('snapshot_date', day_expression='measured.snapshot_date', lookback_days=var('incremental_stock_lookback_days')) }}
