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

shopify_payouts as (

    select * from {{ ref('stg_shopify_payouts__payouts') }}

),

walmart_settlements as (

    select * from {{ ref('stg_walmart_recon__settlements') }}

),

ebay_transactions as (

    select * from {{ ref('stg_ebay_transactions__transactions') }}

),

-- An eBay payout's total is its Payout row (negative: money leaving the
-- balance), else, when the report has no Payout row for it, the sum of the
-- net amounts it states for its transactions.
ebay_payouts as (

    select
        coalesce(payout_id, 'unpaid') as settlement_id,
        currency,
        min(cast(transaction_date as timestamp with time zone)) as settlement_start_at,
        max(cast(transaction_date as timestamp with time zone)) as settlement_end_at,
        cast(max(payout_date) as timestamp with time zone) as deposit_at,
        -sum(case when transaction_type in ('Payout', 'Transfer') then net_amount end) as payout_total,
        sum(case when transaction_type not in ('Payout', 'Transfer') then net_amount end) as stated_net
    from ebay_transactions
    group by 1, 2

),

expected_fees as (

    select
        channel,
        settlement_id,
        currency,
        sum(variance_fee_rate) as variance_fee_rate,
        sum(variance_timing) as variance_timing,
        sum(variance_missing_reimbursement) as variance_missing_reimbursement
    from {{ ref('int_settlement_expected_fees') }}
    group by channel, settlement_id, currency

),

fx as (

    select * from {{ ref('int_fx_rates_to_reporting') }}

),

line_totals as (

    select
        channel,
        settlement_id,
        currency,
        sum(coalesce(amount, 0)) as line_total,
        sum(case when fee_bucket = 'unmapped_fee' then amount else 0 end) as unmapped_fee_amount,
        count(case when fee_bucket = 'unmapped_fee' then 1 end) as unmapped_fee_lines,
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

    -- A Shopify payout's total is the payouts export's Total for its day and
    -- currency; without that export, the sum of the net of its transactions.
    -- Its period spans its transactions.
    select
        'shopify' as channel,
        transactions.settlement_id,
        transactions.currency,
        transactions.settlement_start_at,
        transactions.settlement_end_at,
        transactions.deposit_at,
        coalesce(shopify_payouts.total, transactions.summed_net) as summary_total
    from (
        select
            coalesce({{ dbt.safe_cast('payout_date', dbt.type_string()) }}, 'unpaid') as settlement_id,
            max(payout_date) as payout_date,
            currency,
            min(transaction_at) as settlement_start_at,
            max(transaction_at) as settlement_end_at,
            cast(max(payout_date) as timestamp with time zone) as deposit_at,
            sum(net) as summed_net
        from shopify_transactions
        group by 1, 3
    ) as transactions
    left join shopify_payouts
        on transactions.payout_date = shopify_payouts.payout_date
        and transactions.currency = shopify_payouts.currency

    union all

    select
        'walmart' as channel,
        settlement_id,
        currency,
        cast(period_start_date as timestamp with time zone) as settlement_start_at,
        cast(period_end_date as timestamp with time zone) as settlement_end_at,
        cast(null as timestamp with time zone) as deposit_at,
        total_amount as summary_total
    from walmart_settlements

    union all

    select
        'ebay' as channel,
        settlement_id,
        currency,
        settlement_start_at,
        settlement_end_at,
        deposit_at,
        coalesce(payout_total, stated_net) as summary_total
    from ebay_payouts

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
        coalesce(line_totals.unmapped_fee_amount, 0) as unmapped_fee_amount,
        coalesce(line_totals.unmapped_fee_lines, 0) as unmapped_fee_lines,
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
        {{ money('unmapped_fee_amount') }} as unmapped_fee_amount,
        unmapped_fee_lines,
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
        variance_missing_reimbursement,
        unmapped_fee_amount,
        unmapped_fee_lines
    from rounded

),

-- The settlement's day is its deposit day, else the end of its period; it
-- dates the settlement and picks its FX rate.
dated as (

    select
        *,
        {{ dbt.safe_cast('coalesce(deposit_at, settlement_end_at)', 'date') }} as settlement_date
    from final

),

reported as (

    select
        dated.*,
        '{{ var("reporting_currency") }}' as reporting_currency,
        {{ money('dated.summary_total * fx.rate_to_reporting') }} as summary_total_reporting,
        {{ money('dated.line_total * fx.rate_to_reporting') }} as line_total_reporting,
        {{ money('dated.variance * fx.rate_to_reporting') }} as variance_reporting
    from dated
    left join fx
        on {{ fx_interval_join('fx', 'dated.currency', 'dated.settlement_date') }}

)

select * from reported
