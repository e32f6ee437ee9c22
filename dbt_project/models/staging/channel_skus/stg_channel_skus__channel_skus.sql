with

source as (

    select
        *,
        {{ latest_load_rank('lower(channel), channel_sku, lower(identifier_type)') }} as load_rank
    from {{ source('channel_skus', 'channel_skus') }}
    where channel_sku is not null

),

renamed as (

    select
        -- identity
        lower(channel) as channel,
        channel_sku,
        lower(identifier_type) as identifier_type,

        -- mapping
        sku,

        -- lineage
        _file_name as source_file_name,
        _loaded_at as loaded_at

    from source
    where load_rank = 1

)

select * from renamed
