with

source as (

    select
        *,
        {{ latest_load_rank('receipt_id, line_number') }} as load_rank
    from {{ source('receipts', 'receipts') }}
    where receipt_id is not null and line_number is not null

),

renamed as (

    select
        -- grain
        {{ surrogate_key(['receipt_id', 'line_number']) }} as receipt_line_id,
        receipt_id,
        line_number,

        -- the PO line received against
        {{ surrogate_key(['po_id', 'po_line_number']) }} as po_line_id,
        po_id,
        po_line_number,

        -- what arrived where
        received_date,
        sku,
        quantity,
        location_id,

        -- lineage
        _file_name as source_file_name,
        _line_number as source_line_number,
        _loaded_at as loaded_at

    from source
    where load_rank = 1

)

select * from renamed
