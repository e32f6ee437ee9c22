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
        {{ latest_load_rank('snapshot_at, location_id, sku') }} as load_rank
    from {{ source('wms_snapshots', 'wms_snapshots') }}
    where snapshot_at is not null
        and {{ new_load_keys('snapshot_at', source('wms_snapshots', 'wms_snapshots')) }}

),

renamed as (

    select
        -- grain
        snapshot_at,
        location_id,
        sku,

        -- states on the shelf; on_hand counts every unit whatever its state
        coalesce(on_hand, 0) as on_hand,
        -- An export without a state's column reports null, not 0.
        reserved is not null as reports_reserved,
        inspection is not null as reports_inspection,
        inbound_po is not null as reports_inbound_po,
        coalesce(reserved, 0) as reserved,
        coalesce(damaged, 0) as damaged,
        coalesce(inspection, 0) as inspection,
        coalesce(quality_hold, 0) as quality_hold,

        -- on the way
        coalesce(in_transit, 0) as in_transit,
        in_transit_expected_date,
        coalesce(inbound_po, 0) as inbound_po,
        inbound_po_expected_date,

        -- lineage
        _file_name as source_file_name,
        _line_number as source_line_number,
        _loaded_at as loaded_at

    from source
    where load_rank = 1

)

select * from renamed
