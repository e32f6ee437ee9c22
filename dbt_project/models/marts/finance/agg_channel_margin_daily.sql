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
    fct_channel_margin_daily summed per order day, channel and currency, for the
    margin pages when no SKU search narrows them. A margin is taken over the net
    sales whose profit is known, so the sums that a margin divides by are kept
    separate: net_sales_costed and the fees_*_costed columns cover only the rows
    with a known COGS, net_sales_contributed only those with a known
    contribution profit. Sums over no known value stay null, as in the mart.
-#}

with

margin as (

    select * from {{ ref('fct_channel_margin_daily') }}
    where {{ incremental_window('order_date') }}

),

summed as (

    select
        order_date,
        channel,
        currency,
        {{ margin_sums() }},
        sum(case when cogs is not null then fees_referral end) as fees_referral_costed,
        sum(case when cogs is not null then fees_fulfilment end) as fees_fulfilment_costed,
        sum(case when cogs is not null then fees_payment end) as fees_payment_costed,
        sum(case when cogs is not null then fees_other end) as fees_other_costed,
        sum(contribution_profit) as contribution_profit,
        min(reporting_currency) as reporting_currency,
        sum(net_sales_reporting) as net_sales_reporting,
        sum(contribution_profit_reporting) as contribution_profit_reporting,
        count(case when net_sales_reporting is null then 1 end) as unconverted_rows
    from margin
    group by order_date, channel, currency

)

select * from summed
