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
    Margin per order day, channel, SKU and currency, never summed across
    currencies. COGS, and with it gross and contribution profit, is null for a
    group where any live line lacks a cost in its currency, rather than
    understated. settled_share is the share of the group's lines whose fees come
    from a settlement.
-#}

with

lines as (

    select * from {{ ref('fct_order_lines') }}
    where {{ incremental_window('order_date') }}

),

fx as (

    select * from {{ ref('int_fx_rates_to_reporting') }}

),

aggregated as (

    select
        order_date,
        channel,
        canonical_sku as sku,
        currency,
        sum(case when status = 'cancelled' then 0 else quantity end) as units,
        sum(net_sales) as net_sales,
        case when count(cogs) = count(*) then sum(cogs) end as cogs,
        sum(cogs_reversed) as cogs_reversed,
        sum(fees_referral) as fees_referral,
        sum(fees_fulfilment) as fees_fulfilment,
        sum(fees_payment) as fees_payment,
        sum(fees_other) as fees_other,
        sum(fees_refund_commission) as fees_refund_commission,
        sum(fees_return_shipping) as fees_return_shipping,
        sum(fees_total) as fees_total,
        cast(count(case when fee_basis = 'settled' then 1 end) as double precision)
            / count(*) as settled_share
    from lines
    group by order_date, channel, canonical_sku, currency

),

final as (

    select
        order_date,
        channel,
        sku,
        currency,
        units,
        {{ money('net_sales') }} as net_sales,
        {{ money('cogs') }} as cogs,
        {{ money('cogs_reversed') }} as cogs_reversed,
        {{ money('net_sales - cogs') }} as gross_profit,
        {{ money('fees_referral') }} as fees_referral,
        {{ money('fees_fulfilment') }} as fees_fulfilment,
        {{ money('fees_payment') }} as fees_payment,
        {{ money('fees_other') }} as fees_other,
        {{ money('fees_refund_commission') }} as fees_refund_commission,
        {{ money('fees_return_shipping') }} as fees_return_shipping,
        {{ money('fees_total') }} as fees_total,
        {{ money('net_sales - cogs - fees_total') }} as contribution_profit,
        case
            when net_sales <> 0
                then cast(net_sales - cogs as double precision) / net_sales
        end as gross_margin,
        case
            when net_sales <> 0
                then cast(net_sales - cogs - fees_total as double precision) / net_sales
        end as contribution_margin,
        settled_share
    from aggregated

),

converted as (

    select
        final.*,
        '{{ var("reporting_currency") }}' as reporting_currency,
        fx.rate_to_reporting
    from final
    left join fx
        on {{ fx_interval_join('fx', 'final.currency', 'final.order_date') }}

),

reported as (

    select
        order_date,
        channel,
        sku,
        currency,
        units,
        net_sales,
        cogs,
        cogs_reversed,
        gross_profit,
        fees_referral,
        fees_fulfilment,
        fees_payment,
        fees_other,
        fees_refund_commission,
        fees_return_shipping,
        fees_total,
        contribution_profit,
        gross_margin,
        contribution_margin,
        settled_share,
        reporting_currency,
        {{ money('net_sales * rate_to_reporting') }} as net_sales_reporting,
        {{ money('cogs * rate_to_reporting') }} as cogs_reporting,
        {{ money('gross_profit * rate_to_reporting') }} as gross_profit_reporting,
        {{ money('fees_total * rate_to_reporting') }} as fees_total_reporting,
        {{ money('contribution_profit * rate_to_reporting') }} as contribution_profit_reporting
    from converted

)

select * from reported
