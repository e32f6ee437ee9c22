{#-
    Settlement lines of every channel in long form. A Shopify Payments
    transaction becomes two lines, its amount and its fee (negative), so the
    lines of a payout add up to its net; its settlement is the payout date.
-#}

with

amazon_lines as (

    select * from {{ ref('stg_amazon_settlements__lines') }}

),

amazon_settlements as (

    select * from {{ ref('stg_amazon_settlements__settlements') }}

),

shopify_transactions as (

    select * from {{ ref('stg_shopify_payments__transactions') }}

),

amazon as (

    select
        amazon_lines.settlement_line_id,
        'amazon' as channel,
        amazon_lines.settlement_id,
        amazon_settlements.currency,
        amazon_lines.transaction_type,
        amazon_lines.amount_type,
        amazon_lines.amount_description,
        amazon_lines.amount,
        amazon_lines.order_id,
        amazon_lines.sku,
        amazon_lines.quantity,
        amazon_lines.posted_at,
        amazon_lines.fulfillment_id,
        amazon_lines.source_line_number,
        amazon_lines.source_file_name
    from amazon_lines
    inner join amazon_settlements
        on amazon_lines.settlement_id = amazon_settlements.settlement_id

),

shopify_parts as (

    select
        *,
        'amount' as amount_type,
        amount as part_amount
    from shopify_transactions

    union all

    select
        *,
        'fee' as amount_type,
        -fee as part_amount
    from shopify_transactions
    where fee <> 0

),

shopify as (

    select
        {{ surrogate_key(['transaction_id', 'amount_type']) }} as settlement_line_id,
        'shopify' as channel,
        coalesce({{ dbt.safe_cast('payout_date', dbt.type_string()) }}, 'unpaid') as settlement_id,
        currency,
        transaction_type,
        amount_type,
        transaction_type as amount_description,
        part_amount as amount,
        order_id,
        cast(null as {{ dbt.type_string() }}) as sku,
        cast(null as {{ dbt.type_bigint() }}) as quantity,
        transaction_at as posted_at,
        cast(null as {{ dbt.type_string() }}) as fulfillment_id,
        source_line_number,
        source_file_name
    from shopify_parts

),

unioned as (

    select * from amazon
    union all
    select * from shopify

)

select * from unioned
