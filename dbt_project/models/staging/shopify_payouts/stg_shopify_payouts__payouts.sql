with

source as (

    select * from {{ source('shopify_payouts', 'shopify_payouts') }}
    where payout_date is not null

),

-- A payout is unique by its day and currency; a later export replaces an earlier one.
versioned as (

    select
        *,
        {{ latest_load_rank('payout_date, currency') }} as load_rank
    from source

),

renamed as (

    select
        -- identity; Shopify Payments transactions name their payout by this day
        payout_date,
        upper(currency) as currency,
        status as payout_status,

        -- money; refunds and fees negative, total = the sum of the parts
        charges,
        refunds,
        coalesce(adjustments, 0) as adjustments,
        coalesce(reserved_funds, 0) as reserved_funds,
        fees,
        coalesce(retried_amount, 0) as retried_amount,
        total,

        -- lineage
        _file_name as source_file_name,
        _line_number as source_line_number,
        _loaded_at as loaded_at

    from versioned
    where load_rank = 1

)

select * from renamed
