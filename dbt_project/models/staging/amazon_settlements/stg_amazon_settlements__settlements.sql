with

source as (

    select * from {{ source('amazon_settlements', 'amazon_settlements') }}
    where record_type = 'summary'

),

-- A settlement is unique by its id: when a report is downloaded again, the
-- latest file replaces the earlier one as a whole.
versioned as (

    select
        *,
        {{ latest_load_rank('settlement_id') }} as load_rank
    from source

),

renamed as (

    select
        -- identity
        settlement_id,
        upper(currency) as currency,

        -- period
        settlement_start_at,
        settlement_end_at,
        deposit_at,

        -- total Amazon reports as paid
        total_amount,
        layout,

        -- lineage
        _file_sha256 as source_file_sha256,
        _file_name as source_file_name,
        _loaded_at as loaded_at

    from versioned
    where load_rank = 1

)

select * from renamed
