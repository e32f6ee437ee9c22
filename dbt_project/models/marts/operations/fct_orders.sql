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
    One row per order. The order status is the least advanced status of its
    live lines, except that an order with some lines shipped and some not is
    partially_shipped; cancelled lines count only when every line is cancelled.
-#}

with

lines as (

    select * from {{ ref('int_order_lines_costed') }}

),

channels as (

    select * from {{ ref('channels') }}

),

exceptions as (

    select distinct channel, order_id from {{ ref('fct_order_exceptions') }}

),

staged as (

    select
        *,
        case status
            when 'pending' then 1
            when 'confirmed' then 2
            when 'allocated' then 3
            when 'partially_shipped' then 4
            when 'shipped' then 5
            when 'delivered' then 6
            when 'returned' then 7
        end as stage,
        row_number() over (partition by channel, order_id order by line_number) as line_rank
    from lines

),

orders as (

    select
        channel,
        order_id,
        min(ordered_at) as ordered_at,
        max(case when line_rank = 1 then native_status end) as native_status,
        max(currency) as currency,
        count(*) as line_count,
        sum(quantity) as units,
        count(case when status is null then 1 end) as unmapped_lines,
        count(case when status = 'cancelled' then 1 end) as cancelled_lines,
        min(stage) as min_stage,
        max(stage) as max_stage,
        -- Shopify states the total once per order; the others per line.
        max(stated_order_total) as stated_order_total,
        sum(stated_line_total) as stated_lines_total
    from staged
    group by channel, order_id

),

final as (

    select
        orders.channel,
        orders.order_id,
        orders.ordered_at,
        {{ local_date('orders.ordered_at', 'channels.timezone') }} as order_date,
        case
            when orders.unmapped_lines > 0 then null
            when orders.cancelled_lines = orders.line_count then 'cancelled'
            when orders.min_stage < 5 and orders.max_stage >= 4 then 'partially_shipped'
            when orders.min_stage = 1 then 'pending'
            when orders.min_stage = 2 then 'confirmed'
            when orders.min_stage = 3 then 'allocated'
            when orders.min_stage = 5 then 'shipped'
            when orders.min_stage = 6 then 'delivered'
            when orders.min_stage = 7 then 'returned'
        end as status,
        orders.native_status,
        orders.currency,
        {{ money("case when orders.channel = 'shopify' then orders.stated_order_total else orders.stated_lines_total end") }} as order_total,
        orders.line_count,
        orders.units,
        exceptions.order_id is not null as has_exception
    from orders
    inner join channels
        on orders.channel = channels.channel
    left join exceptions
        on orders.channel = exceptions.channel
        and orders.order_id = exceptions.order_id

)

select * from final
where {{ incremental_window('order_date') }}
