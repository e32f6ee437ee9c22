{#-
    The margin sums that the margin summaries share, in their column order, over
    rows of fct_channel_margin_daily. net_sales_costed and net_sales_contributed
    keep only the net sales whose COGS, or contribution profit, is known: a
    margin divides by them.
-#}
{% macro margin_sums() %}
        sum(units) as units,
        sum(net_sales) as net_sales,
        sum(case when cogs is not null then net_sales end) as net_sales_costed,
        sum(case when contribution_profit is not null then net_sales end) as net_sales_contributed,
        sum(cogs) as cogs,
        sum(gross_profit) as gross_profit,
        sum(fees_referral) as fees_referral,
        sum(fees_fulfilment) as fees_fulfilment,
        sum(fees_payment) as fees_payment,
        sum(fees_other) as fees_other,
        sum(fees_total) as fees_total
{%- endmacro %}
