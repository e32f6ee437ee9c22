{#-
    Every channel's order lines in one shape. Money is per line in the order's
    currency; order-level Shopify amounts (discount, shipping, refund) are spread
    over its lines by their share of the order's gross sales.
-#}

with

amazon as (

    select * from {{ ref('stg_amazon_orders__order_lines') }}

),

shopify as (

    select
        *,
        unit_price * quantity as line_gross,
        sum(unit_price * quantity) over (partition by order_id) as order_gross,
        count(*) over (partition by order_id) as order_lines
    from {{ ref('stg_shopify_orders__order_lines') }}

),

b2b as (

    select * from {{ ref('stg_b2b_orders__order_lines') }}

),

walmart as (

    select * from {{ ref('stg_walmart_orders__order_lines') }}

),

amazon_lines as (

    select
        'amazon' as channel,
        order_id,
        line_number,
        channel_sku,
        asin,
        product_name,
        native_status,
        ordered_at,
        -- The All Orders report has no ship time, so the last update of a
        -- shipped order is used in its place.
        case
            when native_status in ('Shipped', 'Shipped - Delivered to Buyer', 'Delivered', 'Complete')
                then last_updated_at
        end as shipped_at,
        cast(null as date) as ship_by_date,
        cast(null as {{ dbt.type_string() }}) as cancel_reason,
        native_status = 'Pending' as is_payment_pending,
        fulfillment_channel in ('Amazon', 'AFN') as is_channel_fulfilled,
        quantity,
        currency,
        item_price as gross_sales,
        item_promotion_discount as promotions,
        shipping_price - ship_promotion_discount as shipping_income,
        item_tax + shipping_tax + gift_wrap_tax as taxes,
        cast(0 as {{ money_type() }}) as stated_refund,
        item_price + shipping_price + item_tax + shipping_tax + gift_wrap_price + gift_wrap_tax
            - item_promotion_discount - ship_promotion_discount as stated_line_total,
        cast(null as {{ money_type() }}) as stated_order_total,
        copies_in_file,
        content_versions,
        source_file_name,
        source_line_number,
        loaded_at
    from amazon

),

shopify_lines as (

    select
        'shopify' as channel,
        order_id,
        line_number,
        channel_sku,
        cast(null as {{ dbt.type_string() }}) as asin,
        product_name,
        -- Shopify has no single order status: see DECISIONS.md.
        case
            when cancelled_at is not null then 'cancelled'
            when financial_status = 'refunded' then 'refunded'
            else coalesce(lineitem_fulfillment_status, fulfillment_status)
        end as native_status,
        ordered_at,
        case
            when coalesce(lineitem_fulfillment_status, fulfillment_status) = 'fulfilled'
                then fulfilled_at
        end as shipped_at,
        cast(null as date) as ship_by_date,
        cast(null as {{ dbt.type_string() }}) as cancel_reason,
        coalesce(financial_status in ('pending', 'authorized', 'partially_paid'), false) as is_payment_pending,
        false as is_channel_fulfilled,
        quantity,
        currency,
        line_gross as gross_sales,
        -- The share is a float; casting back to money keeps every channel's amounts
        -- exact in the union instead of turning them all into floats.
        {{ money('discount_amount * ' ~ line_share()) }} as promotions,
        {{ money('coalesce(shipping, 0) * ' ~ line_share()) }} as shipping_income,
        {{ money('coalesce(taxes, 0) * ' ~ line_share()) }} as taxes,
        {{ money('refunded_amount * ' ~ line_share()) }} as stated_refund,
        cast(null as {{ money_type() }}) as stated_line_total,
        total as stated_order_total,
        copies_in_file,
        content_versions,
        source_file_name,
        source_line_number,
        loaded_at
    from shopify

),

b2b_lines as (

    select
        'b2b' as channel,
        order_id,
        line_number,
        channel_sku,
        cast(null as {{ dbt.type_string() }}) as asin,
        cast(null as {{ dbt.type_string() }}) as product_name,
        native_status,
        ordered_at,
        shipped_at,
        ship_by_date,
        cancel_reason,
        false as is_payment_pending,
        false as is_channel_fulfilled,
        quantity,
        currency,
        quantity * unit_price as gross_sales,
        cast(0 as {{ money_type() }}) as promotions,
        cast(0 as {{ money_type() }}) as shipping_income,
        cast(0 as {{ money_type() }}) as taxes,
        -- A returned B2B line is credited in full.
        case when native_status = 'returned' then quantity * unit_price else 0 end as stated_refund,
        quantity * unit_price as stated_line_total,
        cast(null as {{ money_type() }}) as stated_order_total,
        copies_in_file,
        content_versions,
        source_file_name,
        source_line_number,
        loaded_at
    from b2b

),

walmart_lines as (

    select
        'walmart' as channel,
        order_id,
        line_number,
        channel_sku,
        cast(null as {{ dbt.type_string() }}) as asin,
        product_name,
        native_status,
        ordered_at,
        -- The export has no ship time: a shipped line counts as shipped on its ship-by day.
        case
            when native_status in ('Shipped', 'Delivered')
                then cast(coalesce(ship_by_date, {{ dbt.safe_cast('ordered_at', 'date') }}) as timestamp with time zone)
        end as shipped_at,
        ship_by_date,
        cast(null as {{ dbt.type_string() }}) as cancel_reason,
        false as is_payment_pending,
        coalesce(fulfillment_entity = 'Walmart', false) as is_channel_fulfilled,
        quantity,
        currency,
        item_price as gross_sales,
        cast(0 as {{ money_type() }}) as promotions,
        shipping_price as shipping_income,
        tax as taxes,
        -- Walmart refunds come from the reconciliation report, as Amazon's do.
        cast(0 as {{ money_type() }}) as stated_refund,
        item_price + shipping_price + tax as stated_line_total,
        cast(null as {{ money_type() }}) as stated_order_total,
        copies_in_file,
        content_versions,
        source_file_name,
        source_line_number,
        loaded_at
    from walmart

),

unioned as (

    select * from amazon_lines
    union all
    select * from shopify_lines
    union all
    select * from b2b_lines
    union all
    select * from walmart_lines

),

keyed as (

    select
        {{ surrogate_key(['channel', 'order_id', 'line_number']) }} as order_line_id,
        *
    from unioned

)

select * from keyed
