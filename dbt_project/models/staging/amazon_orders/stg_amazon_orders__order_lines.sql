-- A table incremental by load, because each reader of a view deduplicated all raw files
-- again. A daily build reworks only the orders its new files carry.
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='order_id',
        tags=['by_load'],
        pre_hook="{{ record_latest_load() }}",
        on_schema_change='fail',
    )
}}

with

source as (

    select
        *,
        -- The report has no line number: an item is identified by its SKU,
        -- else its ASIN, else its title.
        coalesce(sku, asin, product_name) as item_key
    from {{ source('amazon_orders', 'amazon_orders') }}
    where amazon_order_id is not null
        and {{ new_load_keys('amazon_order_id', source('amazon_orders', 'amazon_orders')) }}

),

versioned as (

    select
        *,
        {{ latest_load_rank('amazon_order_id, item_key') }} as load_rank,
        count(*) over (
            partition by _file_sha256, amazon_order_id, item_key
        ) as copies_in_file,
        {{ surrogate_key(['quantity', 'item_price', 'currency']) }} as content_key
    from source

),

conflicts as (

    select
        amazon_order_id,
        item_key,
        count(distinct content_key) as content_versions
    from versioned
    group by amazon_order_id, item_key

),

renamed as (

    select
        -- grain
        versioned.amazon_order_id as order_id,
        versioned.item_key,
        row_number() over (
            partition by versioned.amazon_order_id
            order by _line_number, versioned.item_key
        ) as line_number,
        merchant_order_id,

        -- status and dates
        order_status as native_status,
        item_status,
        purchase_at as ordered_at,
        last_updated_at,

        -- channel details
        fulfillment_channel,
        sales_channel,
        order_channel,
        ship_service_level,

        -- item
        sku as channel_sku,
        asin,
        product_name,
        quantity,
        upper(currency) as currency,

        -- money, as totals for the line
        coalesce(item_price, 0) as item_price,
        coalesce(item_tax, 0) as item_tax,
        coalesce(shipping_price, 0) as shipping_price,
        coalesce(shipping_tax, 0) as shipping_tax,
        coalesce(gift_wrap_price, 0) as gift_wrap_price,
        coalesce(gift_wrap_tax, 0) as gift_wrap_tax,
        coalesce(item_promotion_discount, 0) as item_promotion_discount,
        coalesce(ship_promotion_discount, 0) as ship_promotion_discount,
        promotion_ids,

        -- destination
        ship_city,
        ship_state,
        ship_postal_code,
        ship_country,

        -- duplicates seen before deduplication
        copies_in_file,
        conflicts.content_versions,

        -- lineage
        _file_name as source_file_name,
        _line_number as source_line_number,
        _loaded_at as loaded_at

    from versioned
    inner join conflicts
        on versioned.amazon_order_id = conflicts.amazon_order_id
        and versioned.item_key = conflicts.item_key
    where versioned.load_rank = 1

)

select * from renamed
