-- A table incremental by load, because each reader of a view deduplicated all raw files
-- again. A daily build reworks only the snapshots its new files carry.
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='snapshot_at',
        tags=['by_load'],
        pre_hook="{{ record_latest_load() }}",
        on_schema_change='fail',
    )
}}

with

source as (

    select
        *,
        {{ latest_load_rank('snapshot_at, sku') }} as load_rank
    from {{ source('amazon_fba_inventory', 'amazon_fba_inventory') }}
    where snapshot_at is not null
        and {{ new_load_keys('snapshot_at', source('amazon_fba_inventory', 'amazon_fba_inventory')) }}

),

renamed as (

    select
        -- grain
        snapshot_at,
        sku as channel_sku,

        -- identifiers
        fnsku,
        asin,
        product_name,
        condition,

        -- listing
        your_price,
        mfn_listing_exists,
        afn_listing_exists,
        coalesce(mfn_fulfillable_quantity, 0) as mfn_fulfillable_quantity,

        -- stock in Amazon's network
        coalesce(afn_warehouse_quantity, 0) as afn_warehouse_quantity,
        coalesce(afn_fulfillable_quantity, 0) as afn_fulfillable_quantity,
        coalesce(afn_unsellable_quantity, 0) as afn_unsellable_quantity,
        coalesce(afn_reserved_quantity, 0) as afn_reserved_quantity,
        coalesce(afn_total_quantity, 0) as afn_total_quantity,
        coalesce(afn_researching_quantity, 0) as afn_researching_quantity,

        -- on the way to Amazon
        coalesce(afn_inbound_working_quantity, 0) as afn_inbound_working_quantity,
        coalesce(afn_inbound_shipped_quantity, 0) as afn_inbound_shipped_quantity,
        coalesce(afn_inbound_receiving_quantity, 0) as afn_inbound_receiving_quantity,
        coalesce(afn_reserved_future_supply, 0) as afn_reserved_future_supply,
        coalesce(afn_future_supply_buyable, 0) as afn_future_supply_buyable,
        per_unit_volume,

        -- lineage
        _file_name as source_file_name,
        _loaded_at as loaded_at

    from source
    where load_rank = 1

)

select * from renamed
