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
    Published against true channel ATP per snapshot, SKU and channel. The
    published quantity is the channel's latest publication for the SKU at or
    before the snapshot; snapshots before the first publication are not
    observations and have no row. Tolerance is max(1, 2 % of true).
    - within: |published - true| <= tolerance;
    - over-promise: published > true and not within;
    - under-promise: published < true and not within, or a false zero;
    - false zero: published 0 while true > 0, even inside the tolerance;
    - oversell_units: max(0, published - true) on every row, within or not.
-#}

with

allocation as (

    select * from {{ ref('fct_channel_allocation') }}
    where {{ incremental_window('snapshot_date', lookback_days=var('incremental_stock_lookback_days')) }}

),

published as (

    select * from {{ ref('stg_published_availability__published') }}

),

channel_skus as (

    select channel, channel_sku, min(sku) as sku
    from {{ ref('stg_channel_skus__channel_skus') }}
    group by channel, channel_sku

),

published_mapped as (

    select
        published.published_at,
        published.channel,
        coalesce(published.sku, channel_skus.sku) as sku,
        published.quantity
    from published
    left join channel_skus
        on published.channel = channel_skus.channel
        and published.channel_sku = channel_skus.channel_sku
    where coalesce(published.sku, channel_skus.sku) is not null

),

-- A snapshot of the window matches a publication of the window or the last one
-- before it. So an incremental build keeps, of the older publications, only
-- those at each SKU and channel's latest instant.
published_kept as (

    select *
    from published_mapped
    where {{ local_date('published_at', "'UTC'") }}
        >= {{ incremental_window_start('snapshot_date', var('incremental_stock_lookback_days')) }}

    union all

    select *
    from published_mapped
    where {{ local_date('published_at', "'UTC'") }}
        < {{ incremental_window_start('snapshot_date', var('incremental_stock_lookback_days')) }}
    qualify published_at = max(published_at) over (partition by channel, sku)

),

-- The latest publication at or before each snapshot, found by numbering the
-- publications in one time-ordered stream with the snapshots: a snapshot
-- belongs to the group of the last publication before it. A join on
-- published_at <= snapshot_at would pair every snapshot with every earlier
-- publication, which for a year of daily feeds is hundreds of millions of pairs.
events as (

    select
        channel,
        sku,
        published_at as event_at,
        0 as event_order,
        quantity as published_quantity,
        published_at,
        cast(null as timestamp with time zone) as snapshot_at,
        cast(null as {{ dbt.type_bigint() }}) as true_channel_atp
    from published_kept

    union all

    -- A publication at the very instant of a snapshot sorts before it and counts.
    select
        channel,
        sku,
        snapshot_at as event_at,
        1 as event_order,
        cast(null as {{ dbt.type_bigint() }}) as published_quantity,
        cast(null as timestamp with time zone) as published_at,
        snapshot_at,
        allocated as true_channel_atp
    from allocation

),

grouped as (

    select
        *,
        count(published_at) over (
            partition by channel, sku
            order by event_at, event_order, published_quantity desc
            rows between unbounded preceding and current row
        ) as publication_group
    from events

),

matched as (

    select
        snapshot_at,
        sku,
        channel,
        true_channel_atp,
        max(published_quantity) over (partition by channel, sku, publication_group) as published_quantity,
        max(published_at) over (partition by channel, sku, publication_group) as published_at,
        event_order,
        publication_group
    from grouped

),

measured as (

    select
        snapshot_at,
        {{ local_date('snapshot_at', "'UTC'") }} as snapshot_date,
        sku,
        channel,
        published_quantity,
        published_at,
        true_channel_atp,
        greatest(1.0, {{ var('atp_tolerance_share') }} * true_channel_atp) as tolerance
    from matched
    where event_order = 1
        and publication_group > 0

),

flagged as (

    select
        *,
        abs(published_quantity - true_channel_atp) <= tolerance as is_within_tolerance,
        published_quantity = 0 and true_channel_atp > 0 as is_false_zero
    from measured

)

select
    snapshot_at,
    snapshot_date,
    sku,
    channel,
    published_quantity,
    published_at,
    true_channel_atp,
    tolerance,
    is_within_tolerance,
    published_quantity > true_channel_atp and not is_within_tolerance as is_over_promise,
    (published_quantity < true_channel_atp and not is_within_tolerance) or is_false_zero as is_under_promise,
    is_false_zero,
    greatest(0, published_quantity - true_channel_atp) as oversell_units
from flagged
where {{ incremental_window('snapshot_date', lookback_days=var('incremental_stock_lookback_days')) }}
