{#-
    Each channel's contribution margin over all loaded sales in its own currency,
    ranked highest first: the order in which the low-stock rule serves channels.
    A channel with no sales, or no known margin, has no row and is served after
    the ranked ones.
-#}

with

margins as (

    select * from {{ ref('fct_channel_margin_daily') }}

),

channels as (

    select * from {{ ref('dim_channel') }}

),

per_channel as (

    select
        margins.channel,
        sum(margins.contribution_profit) / nullif(sum(margins.net_sales), 0) as contribution_margin
    from margins
    inner join channels
        on margins.channel = channels.channel
        and margins.currency = channels.currency
    where margins.contribution_profit is not null
    group by margins.channel

)

select
    channel,
    contribution_margin,
    row_number() over (order by contribution_margin desc, channel) as margin_rank
from per_channel
where contribution_margin is not null
