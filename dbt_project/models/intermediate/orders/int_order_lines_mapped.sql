{#-
    Order lines with their canonical SKU and canonical status. Identifiers are
    tried from the most to the least specific: the channel SKU (seller SKU,
    Shopify variant SKU, FNSKU), then the ASIN, then the product name, then the
    channel SKU as a canonical SKU itself. Each is a separate join so that a
    large order table never meets an OR join condition.
-#}

with

lines as (

    select * from {{ ref('int_order_lines_unioned') }}

),

channel_skus as (

    select * from {{ ref('stg_channel_skus__channel_skus') }}

),

products as (

    select * from {{ ref('stg_products__products') }}

),

status_map as (

    select * from {{ ref('order_status_map') }}

),

-- One canonical SKU per identifier: a channel SKU listed both as seller SKU
-- and as FNSKU keeps the seller SKU's mapping.
by_channel_sku as (

    select channel, channel_sku as identifier, sku
    from (
        select
            *,
            row_number() over (
                partition by channel, channel_sku
                order by case identifier_type when 'fnsku' then 2 else 1 end, sku
            ) as preference
        from channel_skus
        where identifier_type in ('seller_sku', 'variant_sku', 'fnsku')
    ) ranked
    where preference = 1

),

by_asin as (

    select channel, channel_sku as identifier, min(sku) as sku
    from channel_skus
    where identifier_type = 'asin'
    group by channel, channel_sku

),

by_product_name as (

    select channel, channel_sku as identifier, min(sku) as sku
    from channel_skus
    where identifier_type = 'product_name'
    group by channel, channel_sku

),

mapped as (

    select
        lines.*,
        coalesce(
            by_channel_sku.sku, by_asin.sku, by_product_name.sku, products.sku
        ) as canonical_sku,
        case
            when by_channel_sku.sku is not null then 'channel_sku'
            when by_asin.sku is not null then 'asin'
            when by_product_name.sku is not null then 'product_name'
            when products.sku is not null then 'canonical_sku'
        end as sku_mapped_by,
        status_map.canonical_status as status
    from lines
    left join by_channel_sku
        on lines.channel = by_channel_sku.channel
        and lines.channel_sku = by_channel_sku.identifier
    left join by_asin
        on lines.channel = by_asin.channel
        and lines.asin = by_asin.identifier
    left join by_product_name
        on lines.channel = by_product_name.channel
        and lines.product_name = by_product_name.identifier
    left join products
        on lines.channel_sku = products.sku
    left join status_map
        on lines.channel = status_map.channel
        and lines.native_status = status_map.native_status

)

select * from mapped
