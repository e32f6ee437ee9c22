{#-
    One row per settlement and currency. line_count counts the report's detail
    rows, not the long-form amounts, so a row carrying three amounts counts once.
    Expected total is what the settlement would pay with the fee schedule's
    fees in place of the settled ones; variance = expected_total - line_total.
    An Amazon settlement without its summary row has a null summary_total, its
    period spans its lines, and it is never reconciled.
-#}

with

lines as (

    select * from {{ ref('int_settlement_lines_bucketed') }}

),

amazon_settlements as (

    select * from {{ ref('stg_amazon_settlements__settlements') }}

),

shopify_transactions as (

    select * from {{ ref('stg_shopify_payments__transactions') }}

),

expected_fees as (

    select * from {{ ref('int_settlement_expected_fees') }}

),

line_totals as (

    select
        channel,
        settlement_id,
        currency,
        sum(coalesce(amount, 0)) as line_total,
        count(distinct source_file_name || ':' || {{ dbt.safe_cast('source_line_number', dbt.type_string()) }}) as line_count,
        min(posted_at) as first_posted_at,
        max(posted_at) as last_posted_at
    from lines
    group by channel, settlement_id, currency

),

summaries as (

    select
        'amazon' as channel,
        settlement_id,
        currency,
        settlement_start_at,
        settlement_end_at,
        deposit_at,
        total_amount as summary_total
    from amazon_settlements

    union all

    -- A Shopify payout has no summary row: its total is the sum of the net of
    -- its transactions, and its period spans them.
    select
        'shopify' as channel,
        coalesce({{ dbt.safe_cast('payout_date', dbt.type_string()) }}, 'unpaid') as settlement_id,
        currency,
        min(transaction_at) as settlement_start_at,
        max(transaction_at) as settlement_end_at,
        cast(max(payout_date) as timestamp with time zone) as deposit_at,
        sum(net) as summary_total
    from shopify_transactions
    group by 2, 3

),

joined as (

    select
        summaries.channel,
        summaries.settlement_id,
        summaries.currency,
        coalesce(summaries.settlement_start_at, line_totals.first_posted_at) as settlement_start_at,
        coalesce(summaries.settlement_end_at, line_totals.last_posted_at) as settlement_end_at,
        summaries.deposit_at,
        summaries.summary_total,
        coalesce(line_totals.line_total, 0) as line_total,
        coalesce(line_totals.line_count, 0) as line_count,
        coalesce(expected_fees.variance_timing, 0) as variance_timing,
        coalesce(expected_fees.variance_fee_rate, 0) as variance_fee_rate,
        coalesce(expected_fees.variance_missing_reimbursement, 0) as variance_missing_reimbursement
    from summaries
    left join line_totals
        on summaries.channel = line_totals.channel
        and summaries.settlement_id = line_totals.settlement_id
        -- The currency is unknown (null) for a wide-layout file without its summary row.
        and coalesce(summaries.currency, '') = coalesce(line_totals.currency, '')
    left join expected_fees
        on summaries.channel = expected_fees.channel
        and summaries.settlement_id = expected_fees.settlement_id
        and coalesce(summaries.currency, '') = coalesce(expected_fees.currency, '')

),

rounded as (

    select
        channel,
        settlement_id,
        currency,
        settlement_start_at,
        settlement_end_at,
        deposit_at,
        {{ money('summary_total') }} as summary_total,
        {{ money('line_total') }} as line_total,
        line_count,
        {{ money('variance_timing') }} as variance_timing,
        {{ money('variance_fee_rate') }} as variance_fee_rate,
        {{ money('variance_missing_reimbursement') }} as variance_missing_reimbursement
    from joined

),

-- Totals add the rounded parts, so that variance always equals the sum of its parts.
final as (

    select
        channel,
        settlement_id,
        currency,
        settlement_start_at,
        settlement_end_at,
        deposit_at,
        summary_total,
        line_total,
        line_count,
        {{ money('summary_total - line_total') }} as difference,
        -- A settlement with no stated total cannot be reconciled.
        coalesce(abs(summary_total - line_total) < {{ var('recon_tolerance') }}, false) as is_reconciled,
        {{ money('line_total + variance_timing + variance_fee_rate + variance_missing_reimbursement') }} as expected_total,
        {{ money('variance_timing + variance_fee_rate + variance_missing_reimbursement') }} as variance,
        variance_timing,
        variance_fee_rate,
        variance_missing_reimbursement
    from rounded

)

select * from final
