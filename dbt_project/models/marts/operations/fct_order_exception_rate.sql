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
    Share of orders with at least one exception, per order day, channel and
    exception type, with type `any` for orders with an exception of any type.
    Every type has a row for every day and channel with orders, 0 included,
    so charts show gaps as zeroes. Exceptions of orders missing from fct_orders
    (a settlement naming an unknown order) have no order day and are left out.
-#}

with

orders as (

    select * from {{ ref('fct_orders') }}

),

exceptions as (

    select distinct channel, order_id, exception_type
    from {{ ref('fct_order_exceptions') }}

),

exception_types as (

    {% for exception_type in exception_types() + ['any'] -%}
    select '{{ exception_type }}' as exception_type
    {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

order_days as (

    select
        order_date,
        channel,
        count(*) as orders
    from orders
    group by order_date, channel

),

orders_flagged as (

    select
        orders.order_date,
        orders.channel,
        exceptions.exception_type,
        count(distinct orders.order_id) as orders_with_exception
    from orders
    inner join exceptions
        on orders.channel = exceptions.channel
        and orders.order_id = exceptions.order_id
    group by orders.order_date, orders.channel, exceptions.exception_type

    union all

    select
        order_date,
        channel,
        'any' as exception_type,
        count(*) as orders_with_exception
    from orders
    where has_exception
    group by order_date, channel

),

final as (

    select
        order_days.order_date,
        order_days.channel,
        exception_types.exception_type,
        order_days.orders,
        coalesce(orders_flagged.orders_with_exception, 0) as orders_with_exception,
        cast(coalesce(orders_flagged.orders_with_exception, 0) as double precision)
            / order_days.orders as exception_rate
    from order_days
    cross join exception_types
    left join orders_flagged
        on order_days.order_date = orders_flagged.order_date
        and order_days.channel = orders_flagged.channel
        and exception_types.exception_type = orders_flagged.exception_type

)

select * from final
where {{ incremental_window('order_date') }}
