{#-
    fct_settlement_lines summed per posting day, channel, currency and fee
    bucket, for the Finance page's fees, which it never narrows by SKU. The
    settlement lines are rebuilt in full on each run, and so is this.
-#}

with

lines as (

    select * from {{ ref('fct_settlement_lines') }}

),

summed as (

    select
        posted_date,
        channel,
        currency,
        fee_bucket,
        sum(amount) as amount,
        count(*) as lines
    from lines
    group by posted_date, channel, currency, fee_bucket

)

select * from summed
