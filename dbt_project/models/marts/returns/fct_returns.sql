{#-
    One row per return of one SKU, with its disposition. A return is disposed
    when it is restocked or written off (disposed); cycle_time_days is the
    time from receipt to that disposition, in days, null while it waits. Its
    day is the day it was received (UTC), else the day it was requested.
-#}

with

returns as (

    select * from {{ ref('int_returns_unioned') }}

),

final as (

    select
        {{ surrogate_key(['return_source', 'return_id', 'sku']) }} as return_key,
        return_id,
        return_source,
        channel,
        order_id,
        sku,
        reason,
        disposition,
        case
            when restocked_at is not null then 'restocked'
            when disposed_at is not null then 'disposed'
            when received_at is not null then 'awaiting_disposition'
            else 'requested'
        end as outcome,
        requested_at,
        received_at,
        coalesce(restocked_at, disposed_at) as disposed_at,
        refunded_at,
        {{ dbt.safe_cast('coalesce(received_at, requested_at)', 'date') }} as return_date,
        units,
        restocked_units,
        restocked_units > 0 as is_restocked,
        case
            when received_at is not null and coalesce(restocked_at, disposed_at) is not null
                then {{ dbt.datediff('received_at', 'coalesce(restocked_at, disposed_at)', 'second') }} / 86400.0
        end as cycle_time_days,
        {{ money('refund_amount') }} as refund_amount,
        currency
    from returns

)

select * from final
