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

    select * from {{ source('b2b_orders', 'b2b_orders') }}
    where order_id is not null
        and {{ new_load_keys('order_id', source('b2b_orders', 'b2b_orders')) }}

),

-- Copies of one order line across files, and inside one file, before keeping
-- one: the counts feed the duplicate_order exception.
versioned as (

    select
        *,
        {{ latest_load_rank('order_id, line_number') }} as load_rank,
        count(*) over (
            partition by _file_sha256, order_id, line_number
        ) as copies_in_file,
        {{ surrogate_key(['sku', 'quantity', 'unit_price', 'currency']) }} as content_key
    from source

),

conflicts as (

    select
        order_id,
        line_number,
        count(distinct content_key) as content_versions
    from versioned
    group by order_id, line_number

),

renamed as (

    select
        -- grain
        versioned.order_id,
        versioned.line_number,

        -- customer
        account_id,

        -- status and dates
        status as native_status,
        ordered_at,
        ship_by_date,
        shipped_at,
        cancel_reason,

        -- item
        sku as channel_sku,
        quantity,
        unit_price,
        upper(currency) as currency,

        -- duplicates seen before deduplication
        copies_in_file,
        conflicts.content_versions,

        -- lineage
        _file_name as source_file_name,
        _line_number as source_line_number,
        _loaded_at as loaded_at

    from versioned
    inner join conflicts
        on versioned.order_id = conflicts.order_id
        and versioned.line_number = conflicts.line_number
    where versioned.load_rank = 1

)

select * from renamed
