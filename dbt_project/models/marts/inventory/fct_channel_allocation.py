"""Channel allocation: the planners' policy file applied to each day's ATP pools.

A Python model because the policy is a YAML file with ring fences and a low-stock
rule, and because the replay, the demo generator and the property tests must run
the very same engine (`ingestion.allocation`).

Incremental by snapshot day with the stock lookback: a daily build allocates only
the recent days, and an older day keeps the allocation it was given.
"""

import logging
from datetime import date

from ingestion.allocation.frames import allocate_frame
from ingestion.allocation.policy import policy_path, policy_state_dir, resolve_policy

log = logging.getLogger(__name__)


def day_window(dbt, session) -> str | None:
    """Return the SQL condition on `snapshot_date` of the days this build allocates, or None for every day.

    A day range (`min_date`, `max_date`, end exclusive) wins; else the days from the
    latest allocated day less the stock lookback. The days are parsed as dates
    before they go into SQL.
    """
    if not dbt.is_incremental:
        return None
    first, end = dbt.config.get("min_date"), dbt.config.get("max_date")
    if first not in (None, "", "None") and end not in (None, "", "None"):
        first, end = date.fromisoformat(str(first)), date.fromisoformat(str(end))
        return f"snapshot_date >= date '{first.isoformat()}' and snapshot_date < date '{end.isoformat()}'"

    latest = session.sql(f"select max(snapshot_date) from {dbt.this}").fetchall()[0][0]
    if latest is None:
        return None
    lookback = int(dbt.config.get("lookback_days"))
    return f"snapshot_date >= date '{latest.isoformat()}' - {lookback}"


def model(dbt, session):
    dbt.config(
        materialized="incremental",
        incremental_strategy="delete+insert",
        unique_key="snapshot_date",
        tags=["by_day"],
        on_schema_change="fail",
    )
    pools = dbt.ref("int_channel_atp_pools")
    window = day_window(dbt, session)
    if window is not None:
        log.info("Allocating the days where %s", window)
        pools = pools.filter(window)
    # TODO: allocate in blocks of days and return an Arrow table built block by block.
    # A first build of the benchmark's size L (25 million SKU-days) outgrows memory here.
    pools = pools.df()
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
