{{
    config(
        materialized='incremental',
        incremental_strategy='delete+insert',
        unique_key='order_date',
        tags=['by_day'],
        on_schema_change='fail',
    )
}}

with

lines as (

    select * from {{ ref('int_order_lines_costed') }}

),

channels as (

    select * from {{ ref('channels') }}

)

select
    lines.order_line_id,
    lines.channel,
    lines.order_id,
    lines.line_number,
    lines.channel_sku,
    lines.canonical_sku,
    lines.status,
    lines.native_status,
    lines.ordered_at,
    {{ local_date('lines.ordered_at', 'channels.timezone') }} as order_date,
    lines.shipped_at,
    lines.quantity,
    lines.currency,
    lines.gross_sales,
    lines.promotions,
    lines.refunded_principal,
    lines.net_sales,
    lines.cogs,
    lines.cogs_reversed,
    lines.fees_referral,
    lines.fees_fulfilment,
    lines.fees_payment,
    lines.fees_other,
    lines.fees_refund_commission,
    lines.fees_return_shipping,
    lines.fees_total,
    lines.fee_basis
from lines
inner join channels
    on lines.channel = channels.channel
where {{ incremental_window('order_date', local_date('lines.ordered_at', 'channels.timezone')) }}
