with

source as (

    select
        *,
        -- Identical rows inside one file are distinct transactions, so they are
        -- numbered before copies across files are matched.
        row_number() over (
            partition by _file_sha256, transaction_at, type, order_name, amount, fee, checkout
            order by _line_number
        ) as occurrence_in_file
    from {{ source('shopify_payments', 'shopify_payments') }}
    where transaction_at is not null

),

versioned as (

    select
        *,
        {{ latest_load_rank('transaction_at, type, order_name, amount, fee, checkout, occurrence_in_file') }} as load_rank
    from source

),

renamed as (

    select
        -- identity
        {{ surrogate_key(['transaction_at', 'type', 'order_name', 'amount', 'fee', 'checkout', 'occurrence_in_file']) }} as transaction_id,
        transaction_at,
        type as transaction_type,
        order_name as order_id,
        checkout,

        -- payout; a transaction not yet paid out has no payout date
        payout_status,
        payout_date,
        available_on,

        -- money; fee is positive and net = amount - fee
        amount,
        coalesce(fee, 0) as fee,
        net,
        upper(currency) as currency,
        presentment_amount,
        upper(presentment_currency) as presentment_currency,

        -- payment
        card_brand,
        card_source,
        payment_method_name,

        -- lineage
        _file_name as source_file_name,
        _line_number as source_line_number,
        _loaded_at as loaded_at

    from versioned
    where load_rank = 1

)

select * from renamed
