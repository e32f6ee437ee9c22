{#-
    Settlement lines of every channel in long form. A Shopify Payments
    transaction becomes two lines, its amount and its fee (negative), so the
    lines of a payout add up to its net; its settlement is the payout date.
    An eBay order or refund becomes one line per amount column (item, shipping,
    seller-collected tax, each fee), so its lines add up to its net amount;
    any other eBay transaction is one line of its net amount. Its settlement is
    its payout id, and the payout rows themselves are the settlement's total,
    not lines. eBay-collected tax is collected and remitted by eBay and is in
    neither.
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
        amazon_lines.source_file_name,
        amazon_lines.loaded_at
    from amazon_lines
    inner join amazon_settlements
        on amazon_lines.settlement_id = amazon_settlements.settlement_id

),

walmart_lines as (

    select * from {{ ref('stg_walmart_recon__lines') }}

),

walmart_settlements as (

    select * from {{ ref('stg_walmart_recon__settlements') }}

),

ebay_transactions as (

    select * from {{ ref('stg_ebay_transactions__transactions') }}
    where transaction_type not in ('Payout', 'Transfer')

),

walmart as (

    select
        walmart_lines.settlement_line_id,
        'walmart' as channel,
        walmart_lines.settlement_id,
        walmart_settlements.currency,
        walmart_lines.transaction_type,
        walmart_lines.amount_type,
        coalesce(walmart_lines.transaction_description, walmart_lines.transaction_type) as amount_description,
        walmart_lines.amount,
        walmart_lines.order_id,
        walmart_lines.sku,
        walmart_lines.quantity,
        cast(walmart_lines.posted_date as timestamp with time zone) as posted_at,
        walmart_lines.fulfillment_type as fulfillment_id,
        walmart_lines.source_line_number,
        walmart_lines.source_file_name,
        -- The settlement row gives the currency, so a later settlement file changes the lines too.
        greatest(walmart_lines.loaded_at, walmart_settlements.loaded_at) as loaded_at
    from walmart_lines
    inner join walmart_settlements
        on walmart_lines.settlement_id = walmart_settlements.settlement_id

),

{%- set ebay_parts = [
    ('item_subtotal', 'Item subtotal'),
    ('shipping_and_handling', 'Shipping and handling'),
    ('seller_collected_tax', 'Seller collected tax'),
    ('final_value_fee_fixed', 'Final Value Fee - fixed'),
    ('final_value_fee_variable', 'Final Value Fee - variable'),
    ('regulatory_operating_fee', 'Regulatory operating fee'),
    ('inad_fee', 'Very high "item not as described" fee'),
    ('below_standard_fee', 'Below standard performance fee'),
    ('international_fee', 'International fee'),
    ('charity_donation', 'Charity donation'),
    ('deposit_processing_fee', 'Deposit processing fee'),
] %}

ebay_parts as (

    {% for column, label in ebay_parts %}
    select
        *,
        '{{ label }}' as amount_type,
        {{ column }} as part_amount
    from ebay_transactions
    where transaction_type in ('Order', 'Refund')
        and {{ column }} is not null
    union all
    {% endfor %}
    select
        *,
        'Net amount' as amount_type,
        net_amount as part_amount
    from ebay_transactions
    where transaction_type not in ('Order', 'Refund')

),

ebay as (

    select
        {{ surrogate_key(['transaction_id', 'amount_type']) }} as settlement_line_id,
        'ebay' as channel,
        coalesce(payout_id, 'unpaid') as settlement_id,
        currency,
        transaction_type,
        amount_type,
        coalesce(description, transaction_type) as amount_description,
        part_amount as amount,
        order_id,
        channel_sku as sku,
        quantity,
        cast(transaction_date as timestamp with time zone) as posted_at,
        cast(null as {{ dbt.type_string() }}) as fulfillment_id,
        source_line_number,
        source_file_name,
        loaded_at
    from ebay_parts

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
        source_file_name,
        loaded_at
    from shopify_parts

),

unioned as (

    select * from amazon
    union all
    select * from shopify
    union all
    select * from walmart
    union all
    select * from ebay

)

select * from unioned
