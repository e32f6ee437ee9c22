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
    """Replay one SKU's daily demand from a full target level; return filled units and cycles."""
    on_hand = math.floor(target)
    arrivals: dict[int, int] = {}
    open_cycles: list[tuple[int, int]] = []  # (order day, arrival day)
    lost_days: set[int] = set()
    next_lead = 0
    filled = 0
    completed = 0
    served = 0

    for day, units in enumerate(demand):
        on_hand += arrivals.pop(day, 0)
        shipped = min(units, on_hand)
        on_hand -= shipped
        filled += shipped
        if shipped < units:
            lost_days.add(day)

        position = on_hand + sum(arrivals.values())
        if position <= reorder_point and target > position:
            lead = max(lead_times[next_lead % len(lead_times)], 1)
            next_lead += 1
            arrival = day + lead
            arrivals[arrival] = arrivals.get(arrival, 0) + order_quantity(target, position, moq, case_pack)
            open_cycles.append((day, arrival))

    for ordered, arrival in open_cycles:
        if arrival < len(demand):
            completed += 1
            served += not any(ordered <= lost < arrival for lost in lost_days)

    return {"demanded": sum(demand), "filled": filled, "cycles": completed, "served_cycles": served}


def backtest(demand: pd.DataFrame, plan: pd.DataFrame, lead_times: pd.DataFrame) -> pd.DataFrame:
    """Simulate every planned SKU and sum per ABC class."""
    history = demand[~demand["is_censored"].astype(bool)].sort_values(["sku", "demand_date"])
    series = history.groupby("sku")["units_demanded"].apply(lambda units: [int(u) for u in units]).to_dict()
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
    demand = dbt.ref("int_sku_demand_daily_censored").df()
    plan = dbt.ref("fct_replenishment_plan").df()
    lead_times = dbt.ref("fct_supplier_lead_times").df()
    return backtest(demand, plan, lead_times)
