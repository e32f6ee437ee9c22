with

source as (

    select
        *,
        {{ latest_load_rank("order_id, sku, return_at, coalesce(license_plate_number, '')") }} as load_rank
    from {{ source('amazon_fba_returns', 'amazon_fba_returns') }}
    where return_at is not null

),

renamed as (

    select
        -- grain: one returned package of one order line, graded by Amazon
        {{ surrogate_key(['order_id', 'sku', 'return_at', 'license_plate_number']) }} as return_line_id,
        order_id,
        sku as channel_sku,
        fnsku,
        asin,
        return_at,

        -- what came back and how Amazon graded it
        quantity,
        fulfillment_center_id,
        upper(detailed_disposition) as detailed_disposition,
        case
            when upper(detailed_disposition) = 'SELLABLE' then 'sellable'
            when upper(detailed_disposition) = 'DEFECTIVE' then 'defective'
            when upper(detailed_disposition) = 'EXPIRED' then 'expired'
            when upper(detailed_disposition) like '%DAMAGED' then 'damaged'
        end as disposition,
        upper(coalesce(detailed_disposition, '')) = 'SELLABLE' as is_restockable,
        reason,
        status,
        license_plate_number,
        customer_comments,

        -- lineage
        _file_name as source_file_name,
        _line_number as source_line_number,
        _loaded_at as loaded_at

    from source
    where load_rank = 1

)

select * from renamed
