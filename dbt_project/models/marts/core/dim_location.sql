with

locations as (

    select * from {{ ref('stg_locations__locations') }}

)

select
    location_id,
    name,
    location_type,
    channel,
    timezone,
    country
from locations
