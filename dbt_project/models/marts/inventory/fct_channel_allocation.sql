{#-
    First allocation policy: channels are served in priority order from their
    pool. Each gets min(max_listed_units, max(0, pool_before - buffer_units))
    and the pool shrinks by what it was given. A channel's pool_before is its
    own-horizon ATP minus what channels before it took. binding_rule names the
    rule that kept the channel from getting the whole pool_before.
-#}

with recursive

pools as (

    select * from {{ ref('int_channel_atp_pools') }}

),

policy as (

    select
        *,
        row_number() over (order by priority, channel) as serving_order
    from {{ ref('allocation_policy') }}

),

candidates as (

    select
        pools.snapshot_date,
        pools.snapshot_at,
        pools.sku,
        pools.atp,
        policy.channel,
        policy.priority,
        policy.serving_order,
        policy.buffer_units,
        policy.max_listed_units
    from pools
    inner join policy
        on pools.channel = policy.channel

),

allocated as (

    select
        snapshot_date,
        snapshot_at,
        sku,
        channel,
        priority,
        serving_order,
        atp,
        buffer_units,
        max_listed_units,
        atp as pool_before,
        {{ allocated_units('atp', 'buffer_units', 'max_listed_units') }} as allocated,
        {{ allocated_units('atp', 'buffer_units', 'max_listed_units') }} as taken_so_far
    from candidates
    where serving_order = 1

    union all

    select
        candidates.snapshot_date,
        candidates.snapshot_at,
        candidates.sku,
        candidates.channel,
        candidates.priority,
        candidates.serving_order,
        candidates.atp,
        candidates.buffer_units,
        candidates.max_listed_units,
        greatest(0, candidates.atp - allocated.taken_so_far) as pool_before,
        {{ allocated_units('greatest(0, candidates.atp - allocated.taken_so_far)', 'candidates.buffer_units', 'candidates.max_listed_units') }} as allocated,
        allocated.taken_so_far
            + {{ allocated_units('greatest(0, candidates.atp - allocated.taken_so_far)', 'candidates.buffer_units', 'candidates.max_listed_units') }}
            as taken_so_far
    from allocated
    inner join candidates
        on allocated.snapshot_date = candidates.snapshot_date
        and allocated.sku = candidates.sku
        and candidates.serving_order = allocated.serving_order + 1

)

select
    snapshot_at,
    sku,
    channel,
    priority,
    atp,
    pool_before,
    allocated,
    case
        when pool_before <= 0 then 'pool_exhausted'
        when max_listed_units is not null and max_listed_units < pool_before - buffer_units then 'max_listed'
        when buffer_units > 0 then 'buffer'
        else 'none'
    end as binding_rule
from allocated
