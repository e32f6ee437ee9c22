-- Incremental by settlement, like the bucketed lines it copies, because writing a
-- year's lines again took 25 s of L's daily build.
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_settlements_differing_from(ref('int_settlement_lines_bucketed')) }}",
    )
}}

{#-
    One row per settlement amount. amount_reporting converts the amount at the
    rate of its posting day into the reporting currency; it is null when that
    day has no rate, or when the line has no posting time. Each build converts again
    the settlements with a line posted within the order lookback, or with a line not
    converted yet; a rate that lands later than that reaches the mart with a full
    refresh.
-#}

with

lines as (

    select * from {{ ref('int_settlement_lines_bucketed') }} as bucketed
    {{ settlement_not_built('bucketed') }}

),

fx as (

    select * from {{ ref('int_fx_rates_to_reporting') }}

),

dated as (

    select
        *,
        {{ dbt.safe_cast('posted_at', 'date') }} as posted_date
    from lines

)

select
    dated.settlement_line_id,
    dated.channel,
    dated.settlement_id,
    dated.currency,
    dated.transaction_type,
    dated.amount_type,
    dated.amount_description,
    {{ money('dated.amount') }} as amount,
    dated.order_id,
    dated.sku,
    dated.quantity,
    dated.posted_at,
    dated.posted_date,
    dated.source_file_name,
    dated.source_line_number,
    dated.fee_bucket,
    dated.fee_bucket = 'unmapped_fee' as is_unmapped_fee,
    '{{ var("reporting_currency") }}' as reporting_currency,
    {{ money('dated.amount * fx.rate_to_reporting') }} as amount_reporting
from dated
left join fx
    on {{ fx_interval_join('fx', 'dated.currency', 'dated.posted_date') }}
