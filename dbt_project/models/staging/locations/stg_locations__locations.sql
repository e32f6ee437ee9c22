with

source as (

    select
        *,
        {{ latest_load_rank('location_id') }} as load_rank
    from {{ source('locations', 'locations') }}
    where location_id is not null

),

renamed as (

    select
        -- identity
        location_id,
        name,

        -- classification
        lower(location_type) as location_type,
        lower(channel) as channel,

        -- place
        timezone,
        country,

        -- lineage
        _file_name as source_file_name,
        _loaded_at as loaded_at

    from source
    where load_rank = 1

)

select * from renamed
