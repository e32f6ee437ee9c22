with

source as (

    select
        *,
        {{ latest_load_rank('supplier_id, sku') }} as load_rank
    from {{ source('suppliers', 'suppliers') }}
    where supplier_id is not null and sku is not null

),

renamed as (

    select
        -- grain
        supplier_id,
        sku,

        -- terms
        supplier_name,
        promised_lead_time_days,
        coalesce(moq, 1) as moq,
        coalesce(case_pack, 1) as case_pack,
        upper(currency) as currency,
        coalesce(is_preferred, false) as is_preferred,

        -- lineage
        _file_name as source_file_name,
        _loaded_at as loaded_at

    from source
    where load_rank = 1

)

select * from renamed
