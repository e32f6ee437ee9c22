"""Backtest the replenishment policy on the demand history, per ABC class.

Each SKU with a plan replays its uncensored days in order: the day's receipts arrive,
demand is filled from stock (what cannot be filled is lost, not backordered), and when
the inventory position (stock + on order) is at or below the reorder point the policy
orders target - position, at least the MOQ, in whole cases. Lead times replay the
supplier's measured lead times in order of their PO dates, cycling, or L rounded up
when none was measured. The fill rate is filled / demanded units; the cycle service
level is the share of completed replenishment cycles (order to arrival) without a lost
unit, which is what the class's service level targets.

A Python model, because a day-by-day simulation with state is a loop that SQL cannot
express portably. dbt runs Python models on DuckDB, Snowflake, Databricks and BigQuery.
"""

import bisect
import heapq
import math

import pandas as pd

COLUMNS = {
    "abc_class": "string",
    "target_service_level": "float64",
    "skus": "int64",
    "units_demanded": "int64",
    "units_filled": "int64",
    "fill_rate": "float64",
    "replenishment_cycles": "int64",
    "cycle_service_level": "float64",
    "meets_target": "boolean",
}


def order_quantity(target: float, position: float, moq: int, case_pack: int) -> int:
    """Return target - position, at least the MOQ, rounded up to whole case packs."""
    needed = max(target - position, moq)
    return math.ceil(round(needed / case_pack, 6)) * case_pack


def simulate_sku(demand: list[int], reorder_point: float, target: float, moq: int, case_pack: int,
                 lead_times: list[int]) -> dict:
    """Replay one SKU's daily demand from a full target level; return filled units and cycles.

    Only the first day and the days with demand are replayed. On a day without demand
    nothing ships and nothing is lost. The position stays where the day before left it:
    above the reorder point, or at least the target after an order, so no order is
    placed either (a test replays random cases both ways). An arrival on such a day only moves units from on order to on hand,
    so it lands on the next day replayed.
    """
    on_hand = math.floor(target)
    on_order = 0
    arrivals: list[tuple[int, int]] = []  # heap of (arrival day, units)
    cycles: list[tuple[int, int]] = []  # (order day, arrival day)
    lost_days: list[int] = []  # ascending
    next_lead = 0
    filled = 0

    for day, units in enumerate(demand):
        if units == 0 and day > 0:
            continue
        while arrivals and arrivals[0][0] <= day:
            on_hand += arrivals[0][1]
            on_order -= heapq.heappop(arrivals)[1]

        shipped = min(units, on_hand)
        on_hand -= shipped
        filled += shipped
        if shipped < units:
            lost_days.append(day)

        position = on_hand + on_order
        if position <= reorder_point and target > position:
            lead = max(lead_times[next_lead % len(lead_times)], 1)
            next_lead += 1
            quantity = order_quantity(target, position, moq, case_pack)
            heapq.heappush(arrivals, (day + lead, quantity))
            on_order += quantity
            cycles.append((day, day + lead))

    completed = [(ordered, arrival) for ordered, arrival in cycles if arrival < len(demand)]
    served = sum(1 for ordered, arrival in completed if not _lost_between(lost_days, ordered, arrival))
    return {"demanded": sum(demand), "filled": filled, "cycles": len(completed), "served_cycles": served}


def _lost_between(lost_days: list[int], first: int, end: int) -> bool:
    """Return whether a lost day falls in [first, end); `lost_days` is ascending."""
    index = bisect.bisect_left(lost_days, first)
    return index < len(lost_days) and lost_days[index] < end


def demand_series(demand) -> dict[str, list[int]]:
    """Return each SKU's uncensored units per day, in day order, from a DuckDB relation of daily demand.

    DuckDB builds each SKU's list, so Python receives one string per SKU instead of one
    per SKU and day (25 million at the L benchmark's size), and no frame to sort.
    """
    rows = (demand.filter("coalesce(is_censored, false) = false")
            .aggregate("sku, list(cast(units_demanded as bigint) order by demand_date) as units", "sku")
            .fetchall())
    return dict(rows)


def backtest(series: dict[str, list[int]], plan: pd.DataFrame, lead_times: pd.DataFrame) -> pd.DataFrame:
    """Simulate every planned SKU on its demand `series` and sum per ABC class."""
    measured = (lead_times.dropna(subset=["lead_time_days"]).sort_values(["supplier_id", "order_date", "po_id", "line_number"])
                .groupby("supplier_id")["lead_time_days"].apply(lambda days: [int(d) for d in days]).to_dict())

    rows = []
    planned = plan[plan["plan_status"].isin(["order", "no_order"]) & plan["sku"].isin(series)]
    for sku_plan in planned.itertuples():
        leads = measured.get(sku_plan.supplier_id) or [math.ceil(sku_plan.lead_time_days)]
        result = simulate_sku(series[sku_plan.sku], float(sku_plan.reorder_point), float(sku_plan.target_level),
                              int(sku_plan.moq), int(sku_plan.case_pack), leads)
        rows.append({"abc_class": sku_plan.abc_class, "target_service_level": float(sku_plan.service_level), **result})

    if not rows:
        return pd.DataFrame({name: pd.Series(dtype=dtype) for name, dtype in COLUMNS.items()})

    per_sku = pd.DataFrame(rows)
    classes = per_sku.groupby("abc_class").agg(
        target_service_level=("target_service_level", "max"), skus=("filled", "size"),
        units_demanded=("demanded", "sum"), units_filled=("filled", "sum"),
        replenishment_cycles=("cycles", "sum"), served_cycles=("served_cycles", "sum"),
    ).reset_index()
    classes["fill_rate"] = classes["units_filled"] / classes["units_demanded"].where(classes["units_demanded"] > 0)
    classes["cycle_service_level"] = classes["served_cycles"] / classes["replenishment_cycles"].where(
        classes["replenishment_cycles"] > 0)
    classes["meets_target"] = classes["cycle_service_level"] >= classes["target_service_level"]
    return classes[list(COLUMNS)].astype(COLUMNS)


def model(dbt, session):
    dbt.config(materialized="table")
    series = demand_series(dbt.ref("int_sku_demand_daily_censored"))
    plan = dbt.ref("fct_replenishment_plan").df()
    lead_times = dbt.ref("fct_supplier_lead_times").df()
    return backtest(series, plan, lead_times)
