{#-
    Each of our returns received at a location, with the window in which its units
    await inspection: from the `received` event until the first `restocked` or
    `disposed` event, open-ended while neither has happened. The WMS counts these
    units as `inspection`; a snapshot that does not report that state takes them
    from here.
-#}

with

events as (

    select * from {{ ref('stg_returns__events') }}

),

returns as (

    select
        return_id,
        sku,
        min(case when event = 'received' then location_id end) as location_id,
        min(case when event = 'received' then event_at end) as received_at,
        max(case when event = 'received' then quantity end) as quantity,
        min(case when event in ('restocked', 'disposed') then event_at end) as closed_at
    from events
    group by return_id, sku

)

select *
from returns
where received_at is not null
    and location_id is not null
