{#-
    ABC class of every SKU by contribution profit over the whole margin history.
    SKUs are ranked within each currency, because amounts in different currencies
    are never added; a SKU takes the first class whose cumulative_share_max is
    above the share of profit ranked ahead of it, so the top SKU is always in the
    first class. A SKU with no positive profit takes the last class, and a SKU sold
    in several currencies takes its best class.
-#}

with

profit as (

    select
        sku,
        currency,
        sum(contribution_profit) as contribution_profit
    from {{ ref('fct_channel_margin_daily') }}
    where sku is not null
    group by sku, currency

),

ranked as (

    select
        sku,
        currency,
        contribution_profit,
        sum(case when contribution_profit > 0 then contribution_profit else 0 end) over (
            partition by currency
            order by contribution_profit desc, sku
            rows between unbounded preceding and 1 preceding
        ) as profit_ranked_ahead,
        sum(case when contribution_profit > 0 then contribution_profit else 0 end) over (
            partition by currency
        ) as currency_profit
    from profit

),

levels as (

    select
        *,
        row_number() over (order by cumulative_share_max) as class_rank
    from {{ ref('service_levels') }}

),

share_ahead as (

    select
        sku,
        case
            when contribution_profit is null or contribution_profit <= 0 then null
            else coalesce(profit_ranked_ahead, 0) / currency_profit
        end as profit_share_ahead
    from ranked

),

classed as (

    select
        share_ahead.sku,
        coalesce(
            min(case when share_ahead.profit_share_ahead < levels.cumulative_share_max then levels.class_rank end),
            (select max(class_rank) from levels)
        ) as class_rank
    from share_ahead
    cross join levels
    group by share_ahead.sku

)

select
    classed.sku,
    levels.abc_class,
    levels.service_level,
    levels.z
from classed
inner join levels
    on classed.class_rank = levels.class_rank
