"""The backtest's day-by-day replay, worked by hand."""

import importlib.util
import random
from pathlib import Path

import duckdb
import pandas as pd

MODEL = Path(__file__).resolve().parents[2] / "dbt_project" / "models" / "marts" / "planning" / "fct_replenishment_backtest.py"


def load_model():
    spec = importlib.util.spec_from_file_location("fct_replenishment_backtest", MODEL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


backtest_model = load_model()


def test_replay_without_stockout():
    # Reorder point 5, target 10, cases of 1, lead 2 days, start with 10 on hand.
    # day 0: 10 - 3 = 7.  day 1: 7 - 3 = 4 <= 5, order 10 - 4 = 6 for day 3.
    # day 2: 4 - 3 = 1, position 1 + 6 = 7.  day 3: 1 + 6 - 3 = 4 <= 5, order 6 for day 5 (after the end).
    # Filled 12 of 12; one completed cycle (day 1 to 3) without a lost unit.
    result = backtest_model.simulate_sku([3, 3, 3, 3], 5, 10, 1, 1, [2])

    assert result == {"demanded": 12, "filled": 12, "cycles": 1, "served_cycles": 1}


def test_replay_with_lost_sales():
    # As above, but day 2 wants 6 with 4 on hand: 4 filled, 2 lost, inside the day 1 to 3 cycle.
    # day 3: 0 + 6 - 3 = 3 <= 5, order 7 for day 5. Filled 3 + 3 + 4 + 3 = 13 of 15.
    result = backtest_model.simulate_sku([3, 3, 6, 3], 5, 10, 1, 1, [2])

    assert result == {"demanded": 15, "filled": 13, "cycles": 1, "served_cycles": 0}


def test_replay_cycles_lead_times_and_rounds():
    # Reorder point 4, target 8, MOQ 5, cases of 5; lead times replay 1 then 3.
    # day 0: 8 - 4 = 4 <= 4, order max(8 - 4, 5) = 5, in cases of 5 -> 5, arrives day 1.
    # day 1: 4 + 5 - 4 = 5, position 5 > 4.  day 2: 5 - 4 = 1 <= 4, order max(7, 5) = 7 -> 10, lead 3, day 5.
    # day 3: 1 - 1 = 0, 3 lost.  day 4: 0 - 0, 4 lost; position 10 > 4.
    # Filled 4 + 4 + 4 + 1 = 13 of 4 + 4 + 4 + 4 + 4 = 20; cycle day 0 to 1 served, day 2 to 5 not complete.
    result = backtest_model.simulate_sku([4, 4, 4, 4, 4], 4, 8, 5, 5, [1, 3])

    assert result == {"demanded": 20, "filled": 13, "cycles": 1, "served_cycles": 1}


def test_order_quantity_rounding():
    assert backtest_model.order_quantity(120, 60, 24, 25) == 75
    assert backtest_model.order_quantity(28, 10, 40, 25) == 50
    assert backtest_model.order_quantity(24.0000000001, 0, 1, 12) == 24


def demand_relation(rows: list[tuple]) -> duckdb.DuckDBPyRelation:
    """A relation shaped like int_sku_demand_daily_censored, from (sku, day, units, is_censored) rows."""
    connection = duckdb.connect()
    connection.execute("create table demand (sku varchar, demand_date date, units_demanded hugeint, is_censored boolean)")
    if rows:
        connection.executemany("insert into demand values (?, ?, ?, ?)", rows)
    return connection.table("demand")


def test_demand_series_orders_days():
    # Rows arrive out of day order. A's second day is censored; B's flag is null, which counts as uncensored.
    relation = demand_relation([
        ("A", "2026-01-03", 5, False), ("A", "2026-01-01", 3, False), ("A", "2026-01-02", 9, True),
        ("B", "2026-01-01", 2, None),
    ])

    series = backtest_model.demand_series(relation)

    assert series == {"A": [3, 5], "B": [2]}


def test_backtest_per_class():
    # A and B want 3 a day for four days, except B's third day (6); C's only day is censored.
    days = ["2026-01-01", "2026-01-02", "2026-01-03", "2026-01-04"]
    demand = demand_relation(
        [("A", day, 3, False) for day in days]
        + [("B", day, units, False) for day, units in zip(days, [3, 3, 6, 3])]
        + [("C", days[0], 1, True)]
    )
    plan = pd.DataFrame({
        "sku": ["A", "B", "C"], "plan_status": ["order", "no_order", "no_supplier"], "abc_class": ["A", "A", "C"],
        "service_level": [0.98, 0.98, 0.9], "supplier_id": ["S1", "S1", None], "reorder_point": [5.0, 5.0, None],
        "target_level": [10.0, 10.0, None], "moq": [1, 1, None], "case_pack": [1, 1, None],
        "lead_time_days": [2.0, 2.0, None],
    })
    lead_times = pd.DataFrame({"supplier_id": ["S1"], "order_date": ["2026-01-01"], "po_id": ["P1"],
                               "line_number": [1], "lead_time_days": [2]})

    result = backtest_model.backtest(backtest_model.demand_series(demand), plan, lead_times)

    # A and B replay the two cases above: filled 12 + 13 of 12 + 15; cycles 1 served of 2.
    (row,) = result.to_dict("records")
    assert row["abc_class"] == "A"
    assert row["skus"] == 2
    assert row["units_demanded"] == 27
    assert row["units_filled"] == 25
    assert abs(row["fill_rate"] - 25 / 27) < 1e-12
    assert row["replenishment_cycles"] == 2
    assert row["cycle_service_level"] == 0.5
    assert not row["meets_target"]


def test_backtest_without_plans_is_empty():
    empty = backtest_model.demand_series(demand_relation([]))
    plan = pd.DataFrame({"sku": [], "plan_status": []})
    lead_times = pd.DataFrame({"supplier_id": [], "order_date": [], "po_id": [], "line_number": [], "lead_time_days": []})

    result = backtest_model.backtest(empty, plan, lead_times)

    assert result.empty
    assert list(result.columns) == list(backtest_model.COLUMNS)


def replay_every_day(demand, reorder_point, target, moq, case_pack, lead_times):
    """Replay every day, the plain way, as the reference the model's replay must match."""
    on_hand, arrivals, cycles, lost, filled, next_lead = int(target // 1), {}, [], set(), 0, 0
    for day, units in enumerate(demand):
        on_hand += arrivals.pop(day, 0)
        shipped = min(units, on_hand)
        on_hand -= shipped
        filled += shipped
        if shipped < units:
            lost.add(day)
        position = on_hand + sum(arrivals.values())
        if position <= reorder_point and target > position:
            lead = max(lead_times[next_lead % len(lead_times)], 1)
            next_lead += 1
            arrivals[day + lead] = arrivals.get(day + lead, 0) + backtest_model.order_quantity(
                target, position, moq, case_pack)
            cycles.append((day, day + lead))
    completed = [(start, end) for start, end in cycles if end < len(demand)]
    served = sum(not any(start <= day < end for day in lost) for start, end in completed)
    return {"demanded": sum(demand), "filled": filled, "cycles": len(completed), "served_cycles": served}


def test_replay_matches_every_day_replay():
    # Sparse demand (most days zero, as for a slow SKU), fractional targets and several
    # lead times: skipping the days without demand must not change any figure.
    rng = random.Random(7)
    for case in range(500):
        days = rng.randint(1, 120)
        demand = [rng.choice([0, 0, 0, 1, 2, 5, 9]) for _ in range(days)]
        reorder_point = rng.uniform(0, 15)
        target = reorder_point + rng.uniform(0, 20)
        moq, case_pack = rng.randint(1, 12), rng.randint(1, 6)
        lead_times = [rng.randint(0, 9) for _ in range(rng.randint(1, 4))]

        expected = replay_every_day(demand, reorder_point, target, moq, case_pack, lead_times)
        result = backtest_model.simulate_sku(demand, reorder_point, target, moq, case_pack, lead_times)

        assert result == expected, f"case {case}: {demand}, {reorder_point}, {target}, {moq}, {case_pack}, {lead_times}"
