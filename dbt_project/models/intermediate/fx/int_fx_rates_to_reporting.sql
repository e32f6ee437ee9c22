{#-
    One row per currency and validity interval: the rate that converts one unit
    of the currency into the reporting currency (var `reporting_currency`). A
    landed rate is valid from its day until the next rate of the same currency,
    so the rate of a posting date is the latest rate on or before it. A pair
    landed the other way round (reporting currency as base) is inverted; when
    both directions exist for a day, the direct one wins. The reporting currency
    itself converts at 1 on every day. An amount dated before its currency's
    first rate has no rate, and its converted amount stays null.
-#}

with

rates as (

    select * from {{ ref('stg_fx_rates__rates') }}

),

directed as (

    select
        base_currency as currency,
        rate_date,
        cast(rate as double precision) as rate_to_reporting,
        1 as direction_rank
    from rates
    where quote_currency = '{{ var("reporting_currency") }}'

    union all

    select
        quote_currency as currency,
        rate_date,
        cast(1 as double precision) / rate as rate_to_reporting,
        2 as direction_rank
    from rates
    where base_currency = '{{ var("reporting_currency") }}'

),

daily as (

    select
        currency,
        rate_date,
        rate_to_reporting,
        row_number() over (partition by currency, rate_date order by direction_rank) as direction_choice
    from directed

),

intervals as (

    select
        currency,
        rate_date as valid_from,
        lead(rate_date) over (partition by currency order by rate_date) as next_rate_date,
        rate_to_reporting
    from daily
    where direction_choice = 1

),

final as (

    select
        currency,
        valid_from,
        coalesce(next_rate_date, cast('9999-12-31' as date)) as valid_to,
        rate_to_reporting
    from intervals

    union all

    select
        '{{ var("reporting_currency") }}' as currency,
        cast('1900-01-01' as date) as valid_from,
        cast('9999-12-31' as date) as valid_to,
        cast(1 as double precision) as rate_to_reporting

)

select * from final
