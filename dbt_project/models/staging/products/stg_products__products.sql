with

source as (

    select
        *,
        {{ latest_load_rank('sku') }} as load_rank
    from {{ source('products', 'products') }}
    where sku is not null

),

renamed as (

    select
        -- identity
        sku,
        title,
        category,

        -- cost
        unit_cost,
        upper(cost_currency) as cost_currency,

        -- planning
        coalesce(safety_stock, 0) as safety_stock,

        -- lineage
        _file_name as source_file_name,
        _loaded_at as loaded_at

    from source
    where load_rank = 1

)

select * from renamed
