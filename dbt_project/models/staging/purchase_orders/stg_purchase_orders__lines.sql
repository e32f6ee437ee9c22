with

source as (

    select
        *,
        {{ latest_load_rank('po_id, line_number') }} as load_rank
    from {{ source('purchase_orders', 'purchase_orders') }}
    where po_id is not null and line_number is not null

),

renamed as (

    select
        -- grain
        {{ surrogate_key(['po_id', 'line_number']) }} as po_line_id,
        po_id,
        line_number,

        -- what, from whom, to where
        supplier_id,
        sku,
        location_id,
        quantity,
        unit_cost,
        upper(currency) as currency,

        -- dates and state
        order_date,
        expected_date,
        status,

        -- lineage
        _file_name as source_file_name,
        _line_number as source_line_number,
        _loaded_at as loaded_at

    from source
    where load_rank = 1

)

select * from renamed
