{#-
    One row per return of one SKU from both returns sources. Our returns export
    gives each return's events (requested, received, inspected, restocked,
    disposed, refunded); the FBA customer returns report gives one graded
    package, which Amazon receives and disposes of at the same instant
    (restocked when its grading is SELLABLE, else disposed). An FBA seller SKU
    maps to its canonical SKU through the Amazon seller SKU or FNSKU, else it
    is taken as a canonical SKU itself.
-#}

with

events as (

    select * from {{ ref('stg_returns__events') }}

),

fba as (

    select * from {{ ref('stg_amazon_fba_returns__returns') }}

),

amazon_skus as (

    select channel_sku, min(sku) as sku
    from {{ ref('stg_channel_skus__channel_skus') }}
    where channel = 'amazon'
        and identifier_type in ('seller_sku', 'fnsku')
    group by channel_sku

),

own_returns as (

    select
        return_id,
        channel,
        max(order_id) as order_id,
        sku,
        'returns' as return_source,
        max(reason) as reason,
        max(disposition) as disposition,
        max(case when event = 'requested' then event_at end) as requested_at,
        max(case when event = 'received' then event_at end) as received_at,
        max(case when event = 'restocked' then event_at end) as restocked_at,
        max(case when event = 'disposed' then event_at end) as disposed_at,
        max(case when event = 'refunded' then event_at end) as refunded_at,
        coalesce(
            max(case when event = 'received' then quantity end),
            max(case when event = 'requested' then quantity end)
        ) as units,
        coalesce(max(case when event = 'restocked' then quantity end), 0) as restocked_units,
        sum(refund_amount) as refund_amount,
        max(currency) as currency
    from events
    group by return_id, channel, sku

),

fba_returns as (

    select
        fba.return_line_id as return_id,
        'amazon' as channel,
        fba.order_id,
        coalesce(amazon_skus.sku, fba.channel_sku) as sku,
        'amazon_fba_returns' as return_source,
        fba.reason,
        fba.disposition,
        cast(null as timestamp with time zone) as requested_at,
        fba.return_at as received_at,
        case when fba.is_restockable then fba.return_at end as restocked_at,
        case when not fba.is_restockable then fba.return_at end as disposed_at,
        cast(null as timestamp with time zone) as refunded_at,
        fba.quantity as units,
        case when fba.is_restockable then fba.quantity else 0 end as restocked_units,
        cast(null as {{ money_type() }}) as refund_amount,
        cast(null as {{ dbt.type_string() }}) as currency
    from fba
    left join amazon_skus
        on fba.channel_sku = amazon_skus.channel_sku

),

unioned as (

    select * from own_returns
    union all
    select * from fba_returns

)

select * from unioned
