-- A table, not a view: several marts and tests read it, and recomputing it for each
-- costs most of a build.
-- Incremental by settlement, because writing a year's lines again took most of its
-- 48 s in L's daily build. The pre-hook deletes the changed settlements, and the
-- build adds every settlement the table lacks.
{{
    config(
        materialized='incremental',
        incremental_strategy='append',
        on_schema_change='fail',
        pre_hook="{{ delete_changed_settlements(ref('int_settlement_lines_unioned'), {
            'amazon': ref('stg_amazon_settlements__settlements'),
            'walmart': ref('stg_walmart_recon__settlements'),
        }) }}",
    )
}}


{#-
    Settlement lines with the fee bucket of the best-matching fee_buckets row:
    the lowest match_priority among the rows whose patterns all match. An
    amount no row matches is the exception `unmapped_fee`, never booked as
    `other`; a line without an amount is `no_amount`. Patterns
    are matched once per distinct kind of amount, not once per line, because a
    year of settlements has millions of lines and a few hundred kinds.
-#}

-- The pre-hook reads them: depends_on: {{ ref('stg_amazon_settlements__settlements') }}, {{ ref('stg_walmart_recon__settlements') }}

with

lines as (

    select
        *,
        coalesce(transaction_type, '') as transaction_type_key,
        coalesce(amount_type, '') as amount_type_key,
        coalesce(amount_description, '') as amount_description_key
    from {{ ref('int_settlement_lines_unioned') }} as unioned
    {{ settlement_not_built('unioned') }}

),

fee_buckets as (

    select * from {{ ref('fee_buckets') }}

),

amount_kinds as (

    select distinct
        channel,
        transaction_type_key,
        amount_type_key,
        amount_description_key
    from lines

),

candidates as (

    select
        amount_kinds.*,
        fee_buckets.bucket,
        row_number() over (
            partition by
                amount_kinds.channel,
                amount_kinds.transaction_type_key,
                amount_kinds.amount_type_key,
                amount_kinds.amount_description_key
            order by fee_buckets.match_priority, fee_buckets.bucket
        ) as match_rank
    from amount_kinds
    inner join fee_buckets
        on amount_kinds.channel = fee_buckets.channel
        and amount_kinds.transaction_type_key like fee_buckets.transaction_type
        and amount_kinds.amount_type_key like fee_buckets.amount_type
        and amount_kinds.amount_description_key like fee_buckets.amount_description

),

bucketed as (

    select
        lines.settlement_line_id,
        lines.channel,
        lines.settlement_id,
        lines.currency,
        lines.transaction_type,
        lines.amount_type,
        lines.amount_description,
        lines.amount,
        lines.order_id,
        lines.sku,
        lines.quantity,
        lines.posted_at,
        lines.fulfillment_id,
        lines.source_line_number,
        lines.source_file_name,
        lines.loaded_at,
        {{ fee_buckets_version() }} as fee_buckets_version,
        case
            when lines.amount is null then 'no_amount'
            else coalesce(candidates.bucket, 'unmapped_fee')
        end as fee_bucket
    from lines
    left join candidates
        on lines.channel = candidates.channel
        and lines.transaction_type_key = candidates.transaction_type_key
        and lines.amount_type_key = candidates.amount_type_key
        and lines.amount_description_key = candidates.amount_description_key
        and candidates.match_rank = 1

)

select * from bucketed
