with

source as (

    select
        *,
        {{ latest_load_rank('return_id, sku, lower(event)') }} as load_rank
    from {{ source('returns', 'returns') }}
    where return_id is not null

),

renamed as (

    select
        -- grain: one event in the life of one returned SKU
        {{ surrogate_key(['return_id', 'sku', 'lower(event)']) }} as return_event_id,
        return_id,
        lower(channel) as channel,
        order_id,
        sku,
        lower(event) as event,
        event_at,

        -- units and where they are
        quantity,
        location_id,

        -- outcome
        lower(disposition) as disposition,
        reason,
        refund_amount,
        upper(currency) as currency,

        -- lineage
        _file_name as source_file_name,
        _line_number as source_line_number,
        _loaded_at as loaded_at

    from source
    where load_rank = 1

)

select * from renamed
