with

source as (

    select
        *,
        -- Identical rows inside one file are distinct transactions, so they are
        -- numbered before copies across files are matched.
        row_number() over (
            partition by _file_sha256, transaction_date, type, order_number, transaction_id, reference_id,
                item_id, net_amount, description
            order by _line_number
        ) as occurrence_in_file
    from {{ source('ebay_transactions', 'ebay_transactions') }}
    where transaction_date is not null

),

versioned as (

    select
        *,
        {{ latest_load_rank('transaction_date, type, order_number, transaction_id, reference_id, item_id, net_amount, description, occurrence_in_file') }} as load_rank
    from source

),

renamed as (

    select
        -- identity
        {{ surrogate_key(['transaction_date', 'type', 'order_number', 'transaction_id', 'reference_id', 'item_id', 'net_amount', 'description', 'occurrence_in_file']) }} as transaction_id,
        transaction_date,
        type as transaction_type,
        order_number as order_id,
        legacy_order_id,
        transaction_id as ebay_transaction_id,
        reference_id,
        description,

        -- payout; a transaction not yet paid out has no payout id
        payout_id,
        payout_date,
        payout_status,

        -- item
        item_id,
        custom_label as channel_sku,
        item_title,
        quantity,

        -- money, in the transaction currency; fees negative as delivered
        upper(transaction_currency) as currency,
        upper(payout_currency) as payout_currency,
        exchange_rate,
        net_amount,
        gross_transaction_amount,
        item_subtotal,
        shipping_and_handling,
        seller_collected_tax,
        ebay_collected_tax,
        final_value_fee_fixed,
        final_value_fee_variable,
        regulatory_operating_fee,
        inad_fee,
        below_standard_fee,
        international_fee,
        charity_donation,
        deposit_processing_fee,

        -- lineage
        _file_name as source_file_name,
        _line_number as source_line_number,
        _loaded_at as loaded_at

    from versioned
    where load_rank = 1

)

select * from renamed
