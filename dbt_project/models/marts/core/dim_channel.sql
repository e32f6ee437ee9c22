with

channels as (

    select * from {{ ref('channels') }}

)

select
    channel,
    channel_name,
    timezone,
    currency,
    ship_horizon_days,
    handling_days,
    priority
from channels
