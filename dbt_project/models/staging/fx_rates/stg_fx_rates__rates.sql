with

source as (

    select * from {{ source('fx_rates', 'fx_rates') }}
    where rate_date is not null

),

versioned as (

    select
        *,
        {{ latest_load_rank('rate_date, base_currency, quote_currency') }} as load_rank
    from source

),

renamed as (

    select
        -- one rate per day and pair: units of quote_currency for one base_currency
        rate_date,
        upper(base_currency) as base_currency,
        upper(quote_currency) as quote_currency,
        rate,

        -- lineage
        _file_name as source_file_name,
        _line_number as source_line_number,
        _loaded_at as loaded_at

    from versioned
    where load_rank = 1

)

select * from renamed
