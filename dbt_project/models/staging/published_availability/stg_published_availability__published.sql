-- A table incremental by load, because each reader of a view deduplicated all raw files
-- again. A daily build reworks only the feed instants its new files carry.
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='published_at',
        tags=['by_load'],
        pre_hook="{{ record_latest_load() }}",
        on_schema_change='fail',
    )
}}

with

source as (

    select
        *,
        {{ latest_load_rank('lower(channel), channel_sku, sku, published_at') }} as load_rank
    from {{ source('published_availability', 'published_availability') }}
    where published_at is not null
        and {{ new_load_keys('published_at', source('published_availability', 'published_availability')) }}

),

renamed as (

    select
        -- identity
        published_at,
        lower(channel) as channel,
        channel_sku,
        sku,

        -- quantity published to the channel
        quantity,
        feed_file,

        -- lineage
        _file_name as source_file_name,
        _loaded_at as loaded_at

    from source
    where load_rank = 1

)

select * from renamed
