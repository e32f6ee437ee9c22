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

{#- The window's first UTC midnight. Publications are compared on their own instant,
    not on their day, so DuckDB skips the row groups before it by their statistics. -#}
{%- set window_start_instant -%}
    timezone('UTC', cast({{ incremental_window_start('snapshot_date', config.get('lookback_days')) }} as timestamp))
{%- endset %}

with

allocation as (

    select * from {{ ref('fct_channel_allocation') }}
    where {{ incremental_window('snapshot_date', lookback_days=config.get('lookback_days')) }}

),

channel_skus as (

    select channel, channel_sku, min(sku) as sku
    from {{ ref('stg_channel_skus__channel_skus') }}
    group by channel, channel_sku

),

-- A snapshot of the window matches a publication of the window or the last one
-- before it. So an incremental build keeps only each feed key's latest older
-- publication. A data test requires one publication per feed key and instant, so
-- the latest is well defined. Reducing them before the SKU mapping and the window below
-- spares a sort of every publication of the year.
published_recent as (

    select published_at, channel, channel_sku, sku, quantity
    from {{ ref('stg_published_availability__published') }}
    where published_at >= {{ window_start_instant }}

),

published_older as (

    select
        max(published_at) as published_at,
        channel,
        channel_sku,
        sku,
        arg_max(quantity, published_at) as quantity
    from {{ ref('stg_published_availability__published') }}
    where published_at < {{ window_start_instant }}
    group by channel, channel_sku, sku

),

published_mapped as (

    select
        published_feed.published_at,
        published_feed.channel,
        coalesce(published_feed.sku, channel_skus.sku) as sku,
        published_feed.quantity,
        published_feed.is_older
    from (
        select *, false as is_older from published_recent
        union all
        select *, true as is_older from published_older
    ) as published_feed
    left join channel_skus
        on published_feed.channel = channel_skus.channel
        and published_feed.channel_sku = channel_skus.channel_sku
    where coalesce(published_feed.sku, channel_skus.sku) is not null

),

-- Several feed keys can map to one SKU. Of the older ones, only the latest instant
-- counts, ties included.
published_kept as (

    select published_at, channel, sku, quantity
    from published_mapped
    where not is_older

    union all

    select published_at, channel, sku, quantity
    from published_mapped
    where is_older
    qualify published_at = max(published_at) over (partition by channel, sku)

),

-- The latest publication at or before each snapshot, found in one time-ordered
-- stream of the publications and the snapshots: the last publication before a
-- snapshot in the stream. A join on published_at <= snapshot_at would pair every
-- snapshot with every earlier publication, which for a year of daily feeds is
-- hundreds of millions of pairs. The publication travels as one struct, so a
-- publication without a quantity still counts as the latest one.
events as (

    select
        channel,
        sku,
        published_at as event_at,
        0 as event_order,
        quantity as published_quantity,
        {'quantity': quantity, 'published_at': published_at} as publication,
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
        null as publication,
        snapshot_at,
        allocated as true_channel_atp
    from allocation

),

-- One window over the stream. Numbering the publications and then taking each
-- number's publication needed a second window, which partitioned every event again.
matched as (

    select
        snapshot_at,
        sku,
        channel,
        true_channel_atp,
        event_order,
        last_value(publication ignore nulls) over (
            partition by channel, sku
            order by event_at, event_order, published_quantity desc
            rows between unbounded preceding and current row
        ) as latest_publication
    from events

),

measured as (

    select
        snapshot_at,
        {{ local_date('snapshot_at', "'UTC'") }} as snapshot_date,
        sku,
        channel,
        latest_publication.quantity as published_quantity,
        latest_publication.published_at as published_at,
        true_channel_atp,
        greatest(1.0, {{ var('atp_tolerance_share') }} * true_channel_atp) as tolerance
    from matched
    where event_order = 1
        and latest_publication is not null

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
where {{ incremental_window('snapshot_date', lookback_days=config.get('lookback_days')) }}
