{#-
    Settlement variance per settlement and order: the parts of
    fct_settlement_recon's variance that belong to one order. Only orders with
    a non-zero part are listed; parts add up to the settlement's variance.
-#}

with

parts as (

    select * from {{ ref('int_settlement_expected_fees') }}

),

settlements as (

    select channel, settlement_id, currency, settlement_date
    from {{ ref('fct_settlement_recon') }}

),

final as (

    select
        parts.channel,
        parts.settlement_id,
        parts.currency,
        parts.order_id,
        settlements.settlement_date,
        {{ money('parts.variance_timing + parts.variance_fee_rate + parts.variance_missing_reimbursement') }} as variance,
        {{ money('parts.variance_timing') }} as variance_timing,
        {{ money('parts.variance_fee_rate') }} as variance_fee_rate,
        {{ money('parts.variance_missing_reimbursement') }} as variance_missing_reimbursement
    from parts
    left join settlements
        on parts.channel = settlements.channel
        and parts.settlement_id = settlements.settlement_id
        and coalesce(parts.currency, '') = coalesce(settlements.currency, '')
    where parts.order_id is not null
        and (parts.variance_timing <> 0 or parts.variance_fee_rate <> 0 or parts.variance_missing_reimbursement <> 0)

)

select * from final
