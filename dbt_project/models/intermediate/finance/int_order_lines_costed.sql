-- A table, not a view: several marts and tests read it, and recomputing it for each costs most of a build.
-- Incremental by order day with the order marts' lookback, so a daily run costs only recent lines.
{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='order_date',
        tags=['by_day'],
        on_schema_change='fail',
    )
}}

{#-
    Order lines with net sales, COGS and fees. Fees are the settled amounts
    where a settlement has the line (fee_basis `settled`), else estimated from
    the fee schedule for the SKU's category (fee_basis `estimated`). A
    cancelled line has no sales, COGS or estimated fees. COGS is reversed for
    the units of the line that a return put back into sellable stock, and the
    costs of returns (refund commission, return shipping) are their own fees.
-#}

with

channels as (

    select * from {{ ref('channels') }}

),

-- Every consumer keeps only lines of a known channel, whose time zone dates the line.
-- All lines of an order share its order time, so the window keeps orders whole.
lines as (

    select
        mapped.*,
        {{ local_date('mapped.ordered_at', 'channels.timezone') }} as order_date
    from {{ ref('int_order_lines_mapped') }} as mapped
    inner join channels
        on mapped.channel = channels.channel
    where {{ incremental_window('order_date', local_date('mapped.ordered_at', 'channels.timezone')) }}
        -- DuckDB pushes this one into the staging scans, before the SKU mapping's joins.
        and {{ incremental_instant_window('mapped.ordered_at', 'order_date') }}

),

products as (

    select * from {{ ref('stg_products__products') }}

),

fee_schedule as (

    select * from {{ ref('fee_schedule') }}

),

settled as (

    select * from {{ ref('int_order_settlements_aggregated') }}

),

fx as (

    select * from {{ ref('int_fx_rates_to_reporting') }}

),

-- Units restocked per order and canonical SKU, from both returns sources.
restocked as (

    select
        channel,
        order_id,
        sku,
        sum(restocked_units) as restocked_units
    from {{ ref('int_returns_unioned') }}
    where order_id is not null
    group by channel, order_id, sku

),

priced as (

    select
        lines.*,
        products.category,
        case
            when lines.status = 'cancelled' then 0
            when products.cost_currency = lines.currency then lines.quantity * products.unit_cost
            -- A cost in another currency goes through the reporting currency at
            -- the order day's rates; without both rates COGS stays null.
            else {{ money('lines.quantity * products.unit_cost * cost_fx.rate_to_reporting / line_fx.rate_to_reporting') }}
        end as line_cogs,
        case when lines.status = 'cancelled' then 0 else lines.gross_sales end as line_gross_sales,
        case when lines.status = 'cancelled' then 0 else lines.promotions end as line_promotions
    from lines
    left join products
        on lines.canonical_sku = products.sku
    left join fx as cost_fx
        on {{ fx_interval_join('cost_fx', 'products.cost_currency', dbt.safe_cast('lines.ordered_at', 'date')) }}
    left join fx as line_fx
        on {{ fx_interval_join('line_fx', 'lines.currency', dbt.safe_cast('lines.ordered_at', 'date')) }}

),

-- The category's own schedule row wins over the channel's `*` row.
scheduled as (

    select
        priced.order_line_id,
        fee_schedule.referral_rate,
        fee_schedule.fulfilment_fee_per_unit,
        fee_schedule.payment_fee_rate,
        fee_schedule.payment_fee_fixed,
        row_number() over (
            partition by priced.order_line_id
            order by case when fee_schedule.category = '*' then 2 else 1 end
        ) as schedule_rank
    from priced
    inner join fee_schedule
        on priced.channel = fee_schedule.channel
        and (fee_schedule.category = priced.category or fee_schedule.category = '*')

),

joined as (

    select
        priced.*,
        coalesce(scheduled.referral_rate, 0) as referral_rate,
        coalesce(scheduled.fulfilment_fee_per_unit, 0) as fulfilment_fee_per_unit,
        coalesce(scheduled.payment_fee_rate, 0) as payment_fee_rate,
        coalesce(scheduled.payment_fee_fixed, 0) as payment_fee_fixed,
        coalesce(line_settled.is_settled, order_settled.is_settled, false) as is_settled,
        coalesce(line_settled.refunded_principal, 0) as settled_refund,
        coalesce(line_settled.settled_referral, 0) as settled_referral,
        coalesce(line_settled.settled_fulfilment, 0) as settled_fulfilment,
        coalesce(line_settled.settled_other, 0) as line_settled_other,
        coalesce(line_settled.settled_refund_commission, 0) as settled_refund_commission,
        coalesce(line_settled.settled_return_shipping, 0) as settled_return_shipping,
        -- Restocked units beyond the line's quantity (a return of another line of the same SKU) are capped.
        least(coalesce(restocked.restocked_units, 0), priced.quantity) as restocked_units,
        coalesce(line_settled.settled_payment, 0) as line_settled_payment,
        coalesce(order_settled.settled_payment, 0) as order_settled_payment,
        coalesce(order_settled.settled_other, 0) as order_settled_other,
        sum(priced.line_gross_sales - priced.line_promotions) over (
            partition by priced.channel, priced.order_id
        ) as order_net_before_refunds,
        count(*) over (partition by priced.channel, priced.order_id) as order_lines,
        max(priced.stated_order_total) over (
            partition by priced.channel, priced.order_id
        ) as order_total
    from priced
    left join scheduled
        on priced.order_line_id = scheduled.order_line_id
        and scheduled.schedule_rank = 1
    left join settled as line_settled
        on priced.channel = line_settled.channel
        and line_settled.channel in ('amazon', 'walmart', 'ebay')
        and priced.order_id = line_settled.order_id
        and priced.channel_sku = line_settled.channel_sku
    left join restocked
        on priced.channel = restocked.channel
        and priced.order_id = restocked.order_id
        and priced.canonical_sku = restocked.sku
    left join settled as order_settled
        on priced.channel = order_settled.channel
        and order_settled.channel = 'shopify'
        and priced.order_id = order_settled.order_id

),

amounts as (

    select
        *,
        -- Share of order-level amounts (Shopify fees, payment charge) this line carries.
        case
            when order_net_before_refunds = 0 then 1.0 / order_lines
            else (line_gross_sales - line_promotions) / order_net_before_refunds
        end as order_share,
        case
            when channel in ('amazon', 'walmart', 'ebay') then settled_refund
            when status = 'cancelled' then 0
            else stated_refund
        end as refunded_principal
    from joined

),

fees as (

    select
        *,
        line_gross_sales - line_promotions - refunded_principal as net_sales,
        case
            when is_settled then settled_referral
            when status = 'cancelled' then 0
            else referral_rate * (line_gross_sales - line_promotions)
        end as fees_referral,
        case
            when is_settled then settled_fulfilment
            when status = 'cancelled' or not is_channel_fulfilled then 0
            else fulfilment_fee_per_unit * quantity
        end as fees_fulfilment,
        case
            when is_settled then line_settled_payment + order_settled_payment * order_share
            when status = 'cancelled' then 0
            -- One charge per order: the rate applies to what the buyer paid.
            else (payment_fee_rate * coalesce(order_total, order_net_before_refunds) + payment_fee_fixed) * order_share
        end as fees_payment,
        case
            when is_settled then line_settled_other + order_settled_other * order_share
            else 0
        end as fees_other,
        case when is_settled then settled_refund_commission else 0 end as fees_refund_commission,
        case when is_settled then settled_return_shipping else 0 end as fees_return_shipping,
        case when quantity > 0 then line_cogs * restocked_units / quantity else 0 end as cogs_reversed
    from amounts

),

final as (

    select
        order_line_id,
        channel,
        order_id,
        line_number,
        channel_sku,
        asin,
        product_name,
        canonical_sku,
        sku_mapped_by,
        category,
        status,
        native_status,
        ordered_at,
        order_date,
        shipped_at,
        ship_by_date,
        cancel_reason,
        is_payment_pending,
        is_channel_fulfilled,
        quantity,
        currency,
        {{ money('line_gross_sales') }} as gross_sales,
        {{ money('line_promotions') }} as promotions,
        {{ money('refunded_principal') }} as refunded_principal,
        {{ money('net_sales') }} as net_sales,
        {{ money('line_cogs - cogs_reversed') }} as cogs,
        {{ money('cogs_reversed') }} as cogs_reversed,
        restocked_units,
        {{ money('fees_referral') }} as fees_referral,
        {{ money('fees_fulfilment') }} as fees_fulfilment,
        {{ money('fees_payment') }} as fees_payment,
        {{ money('fees_other') }} as fees_other,
        {{ money('fees_refund_commission') }} as fees_refund_commission,
        {{ money('fees_return_shipping') }} as fees_return_shipping,
        case when is_settled then 'settled' else 'estimated' end as fee_basis,
        stated_line_total,
        stated_order_total,
        copies_in_file,
        content_versions,
        source_file_name,
        source_line_number,
        loaded_at
    from fees

),

totalled as (

    -- The total adds the rounded parts so that the parts always sum to it.
    select
        *,
        {{ money('fees_referral + fees_fulfilment + fees_payment + fees_other + fees_refund_commission + fees_return_shipping') }} as fees_total
    from final

)

select * from totalled
