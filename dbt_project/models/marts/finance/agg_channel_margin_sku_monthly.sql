{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='order_month',
        tags=['by_day'],
        on_schema_change='fail',
    )
}}

{#-
    fct_channel_margin_daily summed per order month, channel, SKU and currency,
    for the Margin explorer's SKU table: a year of one channel is 12 rows per SKU
    here against 365 in the mart. The page adds the days of a month the selection
    covers only in part from the mart itself. A build rewrites whole months: those
    of the mart's window, or of the `min_date`/`max_date` range.
-#}

{%- set window_start = incremental_window_start('order_month') -%}

with

margin as (

    select * from {{ ref('fct_channel_margin_daily') }}
    {% if this is not none and is_incremental() -%}
    where order_date >= date_trunc('month', {{ window_start }})
        {%- if var('min_date', none) and var('max_date', none) %}
        -- The range ends before max_date, so its last month is the month of the day before.
        and order_date < date_trunc('month', cast('{{ var("max_date") }}' as date) - interval 1 day) + interval 1 month
        {%- endif %}
    {%- endif %}

),

summed as (

    select
        cast(date_trunc('month', order_date) as date) as order_month,
        channel,
        sku,
        currency,
        {{ margin_sums() }},
        sum(contribution_profit) as contribution_profit
    from margin
    group by 1, channel, sku, currency

)

select * from summed
