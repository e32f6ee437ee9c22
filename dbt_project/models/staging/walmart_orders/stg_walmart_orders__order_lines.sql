with

source as (

    select * from {{ source('walmart_orders', 'walmart_orders') }}
    where purchase_order_id is not null

),

-- Copies of one order line across files and inside one file, before keeping
-- one: the counts feed the duplicate_order exception.
versioned as (

    select
        *,
        {{ latest_load_rank('purchase_order_id, line_number') }} as load_rank,
        count(*) over (
            partition by _file_sha256, purchase_order_id, line_number
        ) as copies_in_file,
        {{ surrogate_key(['sku', 'quantity', 'item_cost', 'currency']) }} as content_key
    from source

),

conflicts as (

    select
        purchase_order_id,
        line_number,
        count(distinct content_key) as content_versions
    from versioned
    group by purchase_order_id, line_number

),

renamed as (

    select
        -- grain: Walmart ships and pays per purchase order line
        versioned.purchase_order_id as order_id,
        versioned.line_number,
        customer_order_id,

        -- status and dates; the export states days only, so the order time is
        -- noon UTC, which falls on the same calendar day in every US time zone
        status as native_status,
        cast({{ dbt.dateadd('hour', 12, dbt.safe_cast('order_date', dbt.type_timestamp())) }} as timestamp with time zone) as ordered_at,
        ship_by_date,
        shipping_method,
        carrier,
        tracking_number,
        fulfillment_entity,

        -- item; `Item Cost` is the price of the line's units together (DECISIONS.md)
        sku as channel_sku,
        item_description as product_name,
        quantity,
        item_cost as item_price,
        coalesce(shipping_cost, 0) as shipping_price,
        coalesce(tax, 0) as tax,
        -- Walmart.com sells in USD only and its export states no currency.
        upper(coalesce(currency, 'USD')) as currency,

        -- duplicates seen before deduplication
        copies_in_file,
        conflicts.content_versions,

        -- lineage
        _file_name as source_file_name,
        _line_number as source_line_number,
        _loaded_at as loaded_at

    from versioned
    inner join conflicts
        on versioned.purchase_order_id = conflicts.purchase_order_id
        and versioned.line_number = conflicts.line_number
    where versioned.load_rank = 1

)

select * from renamed
