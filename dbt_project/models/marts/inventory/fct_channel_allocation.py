"""Channel allocation: the planners' policy file applied to each day's ATP pools.

A Python model because the policy is a YAML file with ring fences and a low-stock
rule, and because the replay, the demo generator and the property tests must run
the very same engine (`ingestion.allocation`).
"""

import logging

from ingestion.allocation.frames import allocate_frame
from ingestion.allocation.policy import policy_path, policy_state_dir, resolve_policy

log = logging.getLogger(__name__)


def model(dbt, session):
    dbt.config(materialized="table")
    pools = dbt.ref("int_channel_atp_pools").df()
    service = dbt.ref("int_b2b_account_service_daily").df()
    ranks = dbt.ref("int_channel_margin_ranks").df()

    resolution = resolve_policy(policy_path(), policy_state_dir())
    margin_rank = ranks.sort_values("margin_rank")["channel"].tolist()
    allocation = allocate_frame(resolution.policy, pools, service, margin_rank)
    log.info("Allocated %d rows with policy '%s' (%s)", len(allocation), resolution.policy.name, resolution.status)

    # Cast in SQL, because an empty frame carries no types of its own.
    session.register("allocation_frame", allocation)
    return session.sql("""
        select
            cast(snapshot_date as date) as snapshot_date,
            cast(snapshot_at as timestamp with time zone) as snapshot_at,
            cast(sku as varchar) as sku,
            cast(channel as varchar) as channel,
            cast(priority as bigint) as priority,
            cast(mode as varchar) as mode,
            cast(serving_order as bigint) as serving_order,
            cast(atp as bigint) as atp,
            cast(pool_before as bigint) as pool_before,
            cast(fenced_units as bigint) as fenced_units,
            cast(share_cap_units as bigint) as share_cap_units,
            cast(allocated as bigint) as allocated,
            cast(binding_rule as varchar) as binding_rule,
            cast(is_low_stock as boolean) as is_low_stock,
            cast(reason as varchar) as reason,
            cast(policy_name as varchar) as policy_name,
            cast(policy_sha256 as varchar) as policy_sha256
        from allocation_frame
    """)
