{#-
    Expected against settled fees per settlement, as proceeds (fees negative),
    split into the three variance parts:
    - fee_rate: Amazon order items and Shopify charges whose fees are settled
      here but differ from the fee schedule;
    - timing: Amazon order items settled here with no fee line here at all;
    - missing_reimbursement: the referral fee Amazon should return on a refund
      (schedule rate times refunded principal) minus what it returned.
-#}

with

lines as (

    select * from {{ ref('int_settlement_lines_bucketed') }}

),

channel_skus as (

    select channel_sku, min(sku) as sku
    from {{ ref('stg_channel_skus__channel_skus') }}
    where channel = 'amazon'
        and identifier_type = 'seller_sku'
    group by channel_sku

),

products as (

    select * from {{ ref('stg_products__products') }}

),

fee_schedule as (

    select * from {{ ref('fee_schedule') }}

),

amazon_items as (

    select
        lines.settlement_id,
        lines.currency,
        lines.transaction_type,
        lines.order_id,
        lines.sku,
        coalesce(products.category, '*') as category,
        sum(case when lines.fee_bucket = 'sales' then lines.amount else 0 end) as principal,
        sum(case when lines.fee_bucket = 'promotions' then lines.amount else 0 end) as promotions,
        sum(coalesce(lines.quantity, 0)) as quantity,
        max(case when lines.fulfillment_id in ('AFN', 'Amazon') then 1 else 0 end) = 1 as is_channel_fulfilled,
        sum(case when lines.fee_bucket in ('referral', 'fulfilment') then lines.amount else 0 end) as settled_fees,
        sum(case when lines.fee_bucket = 'referral' then lines.amount else 0 end) as settled_referral,
        count(case when lines.fee_bucket in ('referral', 'fulfilment') then 1 end) as fee_lines
    from lines
    left join channel_skus
        on lines.sku = channel_skus.channel_sku
    left join products
        on coalesce(channel_skus.sku, lines.sku) = products.sku
    where lines.channel = 'amazon'
        and lines.transaction_type in ('Order', 'Refund')
        and lines.order_id is not null
    group by 1, 2, 3, 4, 5, 6

),

amazon_scheduled as (

    select
        amazon_items.*,
        row_number() over (
            partition by amazon_items.settlement_id, amazon_items.transaction_type,
                amazon_items.order_id, amazon_items.sku
            order by case when fee_schedule.category = '*' then 2 else 1 end
        ) as schedule_rank,
        coalesce(fee_schedule.referral_rate, 0) as referral_rate,
        coalesce(fee_schedule.fulfilment_fee_per_unit, 0) as fulfilment_fee_per_unit
    from amazon_items
    left join fee_schedule
        on fee_schedule.channel = 'amazon'
        and (fee_schedule.category = amazon_items.category or fee_schedule.category = '*')

),

-- Channels charge each fee per item in whole cents, so the expected fee is
-- rounded the same way. Unrounded, thousands of items add up to a false variance.
amazon_expected as (

    select
        *,
        round(referral_rate * (principal + promotions), 2)
            + case
                when is_channel_fulfilled then round(fulfilment_fee_per_unit * quantity, 2)
                else 0
            end as expected_fees,
        round(referral_rate * -principal, 2) as expected_referral_refund
    from amazon_scheduled
    where schedule_rank = 1

),

amazon_parts as (

    select
        'amazon' as channel,
        settlement_id,
        currency,
        case
            when transaction_type = 'Order' and fee_lines > 0 then -expected_fees - settled_fees
            else 0
        end as variance_fee_rate,
        case
            when transaction_type = 'Order' and fee_lines = 0 then -expected_fees
            else 0
        end as variance_timing,
        case
            when transaction_type = 'Refund' then expected_referral_refund - settled_referral
            else 0
        end as variance_missing_reimbursement
    from amazon_expected

),

shopify_charges as (

    select
        settlement_id,
        currency,
        source_file_name,
        source_line_number,
        sum(case when amount_type = 'amount' then amount else 0 end) as charged,
        sum(case when amount_type = 'fee' then amount else 0 end) as settled_fee
    from lines
    where channel = 'shopify'
        and transaction_type = 'charge'
    group by settlement_id, currency, source_file_name, source_line_number

),

shopify_parts as (

    select
        'shopify' as channel,
        shopify_charges.settlement_id,
        shopify_charges.currency,
        -round(fee_schedule.payment_fee_rate * shopify_charges.charged + fee_schedule.payment_fee_fixed, 2)
            - shopify_charges.settled_fee as variance_fee_rate,
        0 as variance_timing,
        0 as variance_missing_reimbursement
    from shopify_charges
    inner join fee_schedule
        on fee_schedule.channel = 'shopify'
        and fee_schedule.category = '*'

),

unioned as (

    select * from amazon_parts
    union all
    select * from shopify_parts

),

aggregated as (

    select
        channel,
        settlement_id,
        currency,
        sum(variance_fee_rate) as variance_fee_rate,
        sum(variance_timing) as variance_timing,
        sum(variance_missing_reimbursement) as variance_missing_reimbursement
    from unioned
    group by channel, settlement_id, currency

)

select * from aggregated
