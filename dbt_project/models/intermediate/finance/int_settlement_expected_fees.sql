-- Incremental by settlement, like the bucketed lines it reads. As a table it read every
-- settlement line again each day (26 s of L's daily build). Each settlement's rows
-- depend on its own lines and the mappings only, so the unchanged ones are kept.
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_settlements_with_changed_fees(ref('int_settlement_lines_bucketed')) }}",
    )
}}

{#-
    Expected against settled fees per settlement, as proceeds (fees negative),
    split into the three variance parts:
    - fee_rate: marketplace order items (Amazon, Walmart, eBay) and Shopify
      charges whose fees are settled here but differ from the fee schedule;
    - timing: marketplace order items settled here with no fee line here at all;
    - missing_reimbursement: the referral fee the marketplace should return on
      a refund (schedule rate times refunded principal) minus what it returned.
    Marketplace items are matched to the schedule by the SKU's category, found
    through the channel's seller SKU mapping. One row per settlement and order,
    so a variance can be traced to its order.
-#}

with

lines as (

    select * from {{ ref('int_settlement_lines_bucketed') }} as bucketed
    {{ settlement_not_built('bucketed') }}

),

-- What the pre-hook of the next build compares with the bucketed lines then.
fingerprints as (

    {{ settlement_line_fingerprints('lines', expected_fees_line_columns()) }}

),

channel_skus as (

    select channel, channel_sku, min(sku) as sku
    from {{ ref('stg_channel_skus__channel_skus') }}
    where identifier_type = 'seller_sku'
    group by channel, channel_sku

),

products as (

    select * from {{ ref('stg_products__products') }}

),

fee_schedule as (

    select * from {{ ref('fee_schedule') }}

),

-- Each marketplace's order and refund transaction types.
item_lines as (

    select
        *,
        case
            when (channel = 'amazon' and transaction_type = 'Order')
                or (channel = 'walmart' and transaction_type = 'SALE')
                or (channel = 'ebay' and transaction_type = 'Order')
                then 'order'
            else 'refund'
        end as item_kind
    from lines
    where order_id is not null
        and (
            (channel = 'amazon' and transaction_type in ('Order', 'Refund'))
            or (channel = 'walmart' and transaction_type in ('SALE', 'REFUNDED'))
            or (channel = 'ebay' and transaction_type in ('Order', 'Refund'))
        )

),

marketplace_items as (

    select
        lines.channel,
        lines.settlement_id,
        lines.currency,
        lines.item_kind,
        lines.order_id,
        lines.sku,
        coalesce(products.category, '*') as category,
        sum(case when lines.fee_bucket = 'sales' then lines.amount else 0 end) as principal,
        sum(case when lines.fee_bucket = 'promotions' then lines.amount else 0 end) as promotions,
        sum(coalesce(lines.quantity, 0)) as quantity,
        max(case when lines.fulfillment_id in ('AFN', 'Amazon') then 1 else 0 end) = 1 as is_channel_fulfilled,
        sum(case when lines.fee_bucket in ('referral', 'fulfilment', 'payment_fee') then lines.amount else 0 end) as settled_fees,
        sum(case when lines.fee_bucket = 'referral' then lines.amount else 0 end) as settled_referral,
        count(case when lines.fee_bucket in ('referral', 'fulfilment', 'payment_fee') then 1 end) as fee_lines
    from item_lines as lines
    left join channel_skus
        on lines.channel = channel_skus.channel
        and lines.sku = channel_skus.channel_sku
    left join products
        on coalesce(channel_skus.sku, lines.sku) = products.sku
    group by 1, 2, 3, 4, 5, 6, 7

),

marketplace_scheduled as (

    select
        marketplace_items.*,
        row_number() over (
            partition by marketplace_items.channel, marketplace_items.settlement_id, marketplace_items.item_kind,
                marketplace_items.order_id, marketplace_items.sku
            order by case when fee_schedule.category = '*' then 2 else 1 end
        ) as schedule_rank,
        coalesce(fee_schedule.referral_rate, 0) as referral_rate,
        coalesce(fee_schedule.fulfilment_fee_per_unit, 0) as fulfilment_fee_per_unit,
        -- Only eBay charges a fixed fee per marketplace order (its final value fee, fixed part).
        case when marketplace_items.channel = 'ebay' then coalesce(fee_schedule.payment_fee_fixed, 0) else 0 end as order_fee_fixed
    from marketplace_items
    left join fee_schedule
        on fee_schedule.channel = marketplace_items.channel
        and (fee_schedule.category = marketplace_items.category or fee_schedule.category = '*')

),

-- Channels charge each fee per item in whole cents, so the expected fee is
-- rounded the same way. Unrounded, thousands of items add up to a false variance.
marketplace_expected as (

    select
        *,
        round(referral_rate * (principal + promotions), 2)
            + case
                when is_channel_fulfilled then round(fulfilment_fee_per_unit * quantity, 2)
                else 0
            end
            + order_fee_fixed as expected_fees,
        round(referral_rate * -principal, 2) as expected_referral_refund
    from marketplace_scheduled
    where schedule_rank = 1

),

marketplace_parts as (

    select
        channel,
        settlement_id,
        currency,
        order_id,
        case
            when item_kind = 'order' and fee_lines > 0 then -expected_fees - settled_fees
            else 0
        end as variance_fee_rate,
        case
            when item_kind = 'order' and fee_lines = 0 then -expected_fees
            else 0
        end as variance_timing,
        case
            when item_kind = 'refund' then expected_referral_refund - settled_referral
            else 0
        end as variance_missing_reimbursement
    from marketplace_expected

),

shopify_charges as (

    select
        settlement_id,
        currency,
        order_id,
        source_file_name,
        source_line_number,
        sum(case when amount_type = 'amount' then amount else 0 end) as charged,
        sum(case when amount_type = 'fee' then amount else 0 end) as settled_fee
    from lines
    where channel = 'shopify'
        and transaction_type = 'charge'
    group by settlement_id, currency, order_id, source_file_name, source_line_number

),

shopify_parts as (

    select
        'shopify' as channel,
        shopify_charges.settlement_id,
        shopify_charges.currency,
        shopify_charges.order_id,
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

    select * from marketplace_parts
    union all
    select * from shopify_parts

),

aggregated as (

    select
        channel,
        settlement_id,
        currency,
        order_id,
        sum(variance_fee_rate) as variance_fee_rate,
        sum(variance_timing) as variance_timing,
        sum(variance_missing_reimbursement) as variance_missing_reimbursement
    from unioned
    group by channel, settlement_id, currency, order_id

),

dimensions as (

    select {{ expected_fees_dimensions_version() }} as dimensions_version

),

final as (

    select
        aggregated.*,
        fingerprints.line_count,
        fingerprints.fingerprint as lines_fingerprint,
        dimensions.dimensions_version
    from aggregated
    inner join fingerprints
        on aggregated.channel = fingerprints.channel
        and aggregated.settlement_id = fingerprints.settlement_id
    cross join dimensions

)

select * from final
