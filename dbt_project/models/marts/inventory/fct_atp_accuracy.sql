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

),

matched as (

    select
        allocation.snapshot_at,
        allocation.sku,
        allocation.channel,
        allocation.allocated as true_channel_atp,
        published_mapped.quantity as published_quantity,
        published_mapped.published_at,
        row_number() over (
            partition by allocation.snapshot_at, allocation.sku, allocation.channel
            order by published_mapped.published_at desc, published_mapped.quantity
        ) as publication_rank
    from allocation
    inner join published_mapped
        on allocation.channel = published_mapped.channel
        and allocation.sku = published_mapped.sku
        and published_mapped.published_at <= allocation.snapshot_at

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
    where publication_rank = 1

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
