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

{%- set order_fields = [
    'financial_status', 'paid_at', 'fulfillment_status', 'fulfilled_at', 'currency',
    'subtotal', 'shipping', 'taxes', 'total', 'discount_code', 'discount_amount',
    'shipping_method', 'created_at', 'cancelled_at', 'payment_method', 'refunded_amount',
    'outstanding_balance', 'id', 'tags', 'risk_level', 'source'
] -%}

with

source as (

    select * from {{ source('shopify_orders', 'shopify_orders') }}
    where name is not null
        and {{ new_load_keys('name', source('shopify_orders', 'shopify_orders')) }}

),

-- The export fills order fields only on an order's first row: spread them to
-- every line row of the same order in the same file.
filled as (

    select
        name,
        order_row_index,
        lineitem_quantity,
        lineitem_name,
        lineitem_price,
        lineitem_compare_at_price,
        lineitem_sku,
        lineitem_requires_shipping,
        lineitem_taxable,
        lineitem_fulfillment_status,
        lineitem_discount,
        vendor,
        location,
        shipping_city,
        shipping_zip,
        shipping_province,
        shipping_country,
        {%- for field in order_fields %}
        coalesce(
            max(case when order_row_index = 1 then {{ field }} end) over (
                partition by _file_sha256, name
            ),
            {{ field }}
        ) as {{ field }},
        {%- endfor %}
        count(case when order_row_index = 1 then 1 end) over (
            partition by _file_sha256, name
        ) as first_rows_in_file,
        count(*) over (partition by _file_sha256, name) as rows_in_file,
        _file_sha256,
        _file_name,
        _line_number,
        _loaded_at
    from source

),

-- One file per order: a later export of the same order replaces all its rows.
file_choice as (

    select
        name,
        _file_sha256,
        {{ latest_load_rank('name') }} as load_rank,
        {{ surrogate_key(['total', 'rows_in_file']) }} as content_key
    from filled
    where order_row_index = 1 or first_rows_in_file = 0

),

chosen_files as (

    select
        name,
        max(case when load_rank = 1 then _file_sha256 end) as chosen_file_sha256,
        count(distinct content_key) as content_versions
    from file_choice
    group by name

),

-- An order exported twice inside one file repeats its row indexes: keep the
-- first copy of each row (the copies are counted in copies_in_file).
kept as (

    select filled.*
    from (
        select
            filled.*,
            row_number() over (
                partition by filled.name, filled.order_row_index
                order by filled._line_number
            ) as copy_rank
        from filled
        inner join chosen_files
            on filled.name = chosen_files.name
            and filled._file_sha256 = chosen_files.chosen_file_sha256
    ) filled
    where copy_rank = 1

),

renamed as (

    select
        -- grain
        filled.name as order_id,
        filled.order_row_index as line_number,
        filled.id as shopify_order_id,

        -- status and dates
        filled.financial_status,
        filled.fulfillment_status,
        filled.lineitem_fulfillment_status,
        filled.created_at as ordered_at,
        filled.paid_at,
        filled.fulfilled_at,
        filled.cancelled_at,

        -- item
        filled.lineitem_sku as channel_sku,
        filled.lineitem_name as product_name,
        filled.lineitem_quantity as quantity,
        filled.lineitem_price as unit_price,
        filled.lineitem_compare_at_price as compare_at_price,
        coalesce(filled.lineitem_discount, 0) as line_discount,
        filled.lineitem_requires_shipping as requires_shipping,
        filled.lineitem_taxable as is_taxable,
        filled.vendor,

        -- order money, as on the order's first row
        upper(filled.currency) as currency,
        filled.subtotal,
        filled.shipping,
        filled.taxes,
        filled.total,
        filled.discount_code,
        coalesce(filled.discount_amount, 0) as discount_amount,
        coalesce(filled.refunded_amount, 0) as refunded_amount,
        filled.outstanding_balance,
        filled.payment_method,

        -- fulfilment
        filled.shipping_method,
        filled.location,
        filled.shipping_city,
        filled.shipping_zip,
        filled.shipping_province,
        filled.shipping_country,

        -- context
        filled.tags,
        filled.risk_level,
        filled.source as order_source,

        -- duplicates seen before deduplication: an order whose first row
        -- appears more than once in one file was exported twice
        filled.first_rows_in_file as copies_in_file,
        chosen_files.content_versions,

        -- lineage
        filled._file_name as source_file_name,
        filled._line_number as source_line_number,
        filled._loaded_at as loaded_at

    from kept as filled
    inner join chosen_files
        on filled.name = chosen_files.name

)

select * from renamed
