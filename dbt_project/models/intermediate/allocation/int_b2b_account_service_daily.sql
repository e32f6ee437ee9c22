{#-
    Units due and units filled per B2B account and ship-by day: the service a
    ring fence's accounts received. A line is filled unless it was cancelled;
    lines without a ship-by date have no deadline and do not count.
-#}

with

lines as (

    select * from {{ ref('stg_b2b_orders__order_lines') }}

)

select
    ship_by_date,
    account_id,
    sum(quantity) as due_units,
    sum(case when lower(native_status) = 'cancelled' then 0 else quantity end) as filled_units
from lines
where ship_by_date is not null
    and account_id is not null
group by ship_by_date, account_id
