{#-
    Settled amounts that belong to one order line (Amazon, Walmart, eBay: order
    id and SKU) or to one order (Shopify: order name), as positive costs. Rows
    attach to orders by transaction type, never by a blind join on order id:
    only order and refund types count here (an FBA fee row can carry a
    shipment id where the order id belongs), and storage, inbound and other
    account-level lines stay in the settlement marts. A shipping chargeback on
    a refund is the return label: return shipping, a cost of the return.
-#}

with

lines as (

    select * from {{ ref('int_settlement_lines_bucketed') }}
    where order_id is not null

),

amazon as (

    select
        'amazon' as channel,
        order_id,
        sku as channel_sku,
        -sum(case when fee_bucket = 'referral' then amount else 0 end) as settled_referral,
        -sum(case when fee_bucket = 'fulfilment' then amount else 0 end) as settled_fulfilment,
        cast(0 as {{ money_type() }}) as settled_payment,
        -sum(case when fee_bucket = 'refund_commission' then amount else 0 end) as settled_refund_commission,
        -sum(
            case when transaction_type = 'Refund' and fee_bucket = 'shipping_chargeback' then amount else 0 end
        ) as settled_return_shipping,
        -sum(
            case
                when fee_bucket in ('closing', 'advertising', 'other') then amount
                when fee_bucket = 'shipping_chargeback' and transaction_type <> 'Refund' then amount
                else 0
            end
        ) as settled_other,
        -sum(
            case when transaction_type = 'Refund' and fee_bucket = 'sales' then amount else 0 end
        ) as refunded_principal,
        count(case when transaction_type = 'Order' then 1 end) > 0 as is_settled
    from lines
    where channel = 'amazon'
        and transaction_type in ('Order', 'Refund')
    group by order_id, sku

),

-- Walmart pays per purchase order line and eBay per order line item; both
-- state the seller SKU on each amount.
marketplaces as (

    select
        channel,
        order_id,
        sku as channel_sku,
        -sum(case when fee_bucket = 'referral' then amount else 0 end) as settled_referral,
        -sum(case when fee_bucket = 'fulfilment' then amount else 0 end) as settled_fulfilment,
        -sum(case when fee_bucket = 'payment_fee' then amount else 0 end) as settled_payment,
        -sum(case when fee_bucket = 'refund_commission' then amount else 0 end) as settled_refund_commission,
        -sum(
            case
                when transaction_type in ('REFUNDED', 'Refund') and fee_bucket = 'shipping_chargeback' then amount
                else 0
            end
        ) as settled_return_shipping,
        -sum(
            case
                when fee_bucket in ('closing', 'advertising', 'other') then amount
                when fee_bucket = 'shipping_chargeback' and transaction_type not in ('REFUNDED', 'Refund') then amount
                else 0
            end
        ) as settled_other,
        -sum(
            case when transaction_type in ('REFUNDED', 'Refund') and fee_bucket = 'sales' then amount else 0 end
        ) as refunded_principal,
        count(case when transaction_type in ('SALE', 'Order') then 1 end) > 0 as is_settled
    from lines
    where (channel = 'walmart' and transaction_type in ('SALE', 'REFUNDED'))
        or (channel = 'ebay' and transaction_type in ('Order', 'Refund'))
    group by channel, order_id, sku

),

shopify as (

    select
        'shopify' as channel,
        order_id,
        cast(null as {{ dbt.type_string() }}) as channel_sku,
        cast(0 as {{ money_type() }}) as settled_referral,
        cast(0 as {{ money_type() }}) as settled_fulfilment,
        -sum(case when fee_bucket = 'payment_fee' then amount else 0 end) as settled_payment,
        cast(0 as {{ money_type() }}) as settled_refund_commission,
        cast(0 as {{ money_type() }}) as settled_return_shipping,
        -sum(case when fee_bucket in ('advertising', 'other') then amount else 0 end) as settled_other,
        -- Shopify refunds come from the orders export, which states them per order.
        cast(0 as {{ money_type() }}) as refunded_principal,
        count(case when transaction_type = 'charge' then 1 end) > 0 as is_settled
    from lines
    where channel = 'shopify'
    group by order_id

),

unioned as (

    select * from amazon
    union all
    select * from shopify
    union all
    select * from marketplaces

)

select * from unioned
