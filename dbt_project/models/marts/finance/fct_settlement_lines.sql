with

lines as (

    select * from {{ ref('int_settlement_lines_bucketed') }}

)

select
    settlement_line_id,
    channel,
    settlement_id,
    currency,
    transaction_type,
    amount_type,
    amount_description,
    {{ money('amount') }} as amount,
    order_id,
    sku,
    quantity,
    posted_at,
    source_line_number,
    fee_bucket
from lines
