"""The marts find exactly the faults the demo generator reports it injected.

The generator writes every channel report in its real format plus a manifest of
the faults it planted (late shipments, stock cancellations, an off-schedule
fee ...). After landing and a dbt build, each fault must show up once in the
marts, and nothing else may: a clean order flagged is as wrong as a fault missed.
"""

import json
import subprocess
import sys
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from dbt_builds import build_warehouse, land_every_source
from ingestion.allocation.policy import DEFAULT_POLICY, load_policy
from ingestion.allocation.replay import compare, replay_days
from ingestion.allocation.replay_inputs import read_replay_inputs

ORDER_EXCEPTION_FAULTS = [
    "stock_cancel", "late_shipment", "payment_hold", "unmapped_status", "unmapped_sku", "duplicate_order",
]


# The generator's manifest of the module's demo, filled by `demo_build`.
DEMO_MANIFEST: dict = {}


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory):
    """Generate a small demo, land it, build, and return the connection and the fault list."""
    data_root = tmp_path_factory.mktemp("demo")
    landing = data_root / "landing"
    subprocess.run(
        [sys.executable, "-m", "ingestion.demo", "--out", str(landing), "--no-progress",
         "--orders", "3000", "--days", "30", "--skus", "40"],
        check=True, capture_output=True, text=True, timeout=300,
    )

    # The manifest describes the demo; it is not a channel report to land.
    manifest_path = landing / ".demo_manifest.json"
    DEMO_MANIFEST.update(json.loads(manifest_path.read_text()))
    faults = DEMO_MANIFEST["faults"]
    manifest_path.unlink()

    land_every_source(data_root)
    # Ages and overdue checks run to the demo's own last order, as they do in production.
    warehouse = build_warehouse(
        data_root, tmp_path_factory.mktemp("demo_dbt"), "--exclude", "test_type:unit", as_of_at=None
    )

    connection = duckdb.connect(str(warehouse), read_only=True)
    yield connection, faults
    connection.close()


def planted_orders(faults: list[dict]) -> dict[str, set[tuple[str, str]]]:
    by_type = defaultdict(set)
    for fault in faults:
        by_type[fault["type"]].add((fault["channel"], fault["order_id"]))
    return by_type


@pytest.mark.parametrize("exception_type", ORDER_EXCEPTION_FAULTS)
def test_demo_order_faults_found(demo_build, exception_type):
    connection, faults = demo_build
    found = set(
        connection.execute(
            "select channel, order_id from fct_order_exceptions where exception_type = ?",
            [exception_type],
        ).fetchall()
    )
    planted = planted_orders(faults)[exception_type]
    assert planted, f"the demo planted no {exception_type}; the check would prove nothing"
    assert found - planted == set(), f"{exception_type} raised on orders without the fault"
    assert planted - found == set(), f"{exception_type} planted but not found"


def test_demo_over_promises_found(demo_build):
    connection, faults = demo_build
    found = set(
        connection.execute(
            "select channel, sku, published_at from fct_atp_accuracy where is_over_promise"
        ).fetchall()
    )
    planted = {
        (fault["channel"], fault["sku"], datetime.fromisoformat(fault["detail"]["published_at"]))
        for fault in faults
        if fault["type"] == "over_promise"
    }
    assert planted
    assert found == planted


def test_demo_fee_off_schedule_variance(demo_build):
    connection, faults = demo_build
    found = dict(
        connection.execute(
            "select settlement_id, variance_fee_rate from fct_settlement_recon where variance <> 0"
        ).fetchall()
    )
    # Expected minus charged fee, both negative proceeds: -1.20 - (-3.00) = 1.80 for a 20 % charge.
    planted = {
        fault["detail"]["settlement_id"]:
            Decimal(fault["detail"]["expected_amount"]) - Decimal(fault["detail"]["charged_amount"])
        for fault in faults
        if fault["type"] == "fee_off_schedule"
    }
    assert planted
    assert found == planted


def test_demo_settlements_reconcile(demo_build):
    connection, _ = demo_build
    (unreconciled,) = connection.execute(
        "select count(*) from fct_settlement_recon where not is_reconciled"
    ).fetchone()
    (unmapped,) = connection.execute("select sum(unmapped_fee_lines) from fct_settlement_recon").fetchone()

    assert unreconciled == 0
    # The demo writes only fee types the fee taxonomy maps.
    assert unmapped == 0


def test_demo_demand_mostly_uncensored(demo_build):
    connection, _ = demo_build
    censored, days = connection.execute(
        "select sum(case when is_censored then 1 else 0 end), count(*) from int_sku_demand_daily_censored"
    ).fetchone()
    (cycles,) = connection.execute("select min(replenishment_cycles) from fct_replenishment_backtest").fetchone()

    # The demo plants a few stockouts, and its buffers rarely zero a listing. A channel
    # the policy never serves must not censor every day and leave nothing to plan from.
    assert days > 0
    assert censored / days < 0.10
    assert cycles > 0


def test_demo_fee_off_schedule_on_its_order(demo_build):
    connection, faults = demo_build
    found = {
        (settlement_id, order_id): variance
        for settlement_id, order_id, variance in connection.execute(
            "select settlement_id, order_id, variance_fee_rate from fct_settlement_order_variance"
        ).fetchall()
    }
    planted = {
        (fault["detail"]["settlement_id"], fault["order_id"]):
            Decimal(fault["detail"]["expected_amount"]) - Decimal(fault["detail"]["charged_amount"])
        for fault in faults
        if fault["type"] == "fee_off_schedule"
    }
    assert planted
    assert found == planted


def test_demo_margin_rank_matches_generator(demo_build):
    # The demo publishes with its own estimate of the margin ranking; the low-stock rule
    # ranks its channels by the measured margins. Both must order those channels alike.
    connection, _ = demo_build
    favoured = load_policy(DEFAULT_POLICY).low_stock.channels
    manifest_rank = [channel for channel in DEMO_MANIFEST["margin_rank"] if channel in favoured]
    measured = [row[0] for row in connection.execute(
        "select channel from int_channel_margin_ranks order by margin_rank").fetchall() if row[0] in favoured]

    assert measured == manifest_rank
    assert set(measured) == set(favoured)


def test_demo_replay_two_policies(demo_build):
    # Both policies cap B2B at 24 units. The shipped one serves Amazon, then Shopify
    # from what is left, with buffers of 2 and 1; lean-buffers lets every marketplace
    # list the whole pool left after B2B, with no buffer. So on the same 30 days
    # lean-buffers lists more on Shopify, loses no sale to a buffer, and its only
    # losses to limits are the B2B cap's, which both policies share.
    connection, _ = demo_build
    inputs = read_replay_inputs(connection, 30)
    balanced = load_policy(DEFAULT_POLICY)
    lean = load_policy(DEFAULT_POLICY.parent / "policies" / "lean_buffers.yml")
    balanced_days = replay_days(inputs, balanced)
    lean_days = replay_days(inputs, lean)
    comparison = compare(inputs, [balanced, lean]).set_index(["policy_name", "channel"])
    print(comparison.to_string())

    assert balanced_days["snapshot_date"].nunique() == 30
    assert balanced_days["ordered_units"].sum() == lean_days["ordered_units"].sum()
    assert set(balanced_days.loc[balanced_days["lost_to_limits"] > 0, "binding_rule"]) <= {"buffer", "max_listed"}
    assert set(lean_days.loc[lean_days["lost_to_limits"] > 0, "channel"]) <= {"b2b"}
    assert comparison.loc[("lean-buffers", "b2b"), "lost_to_limits"] == comparison.loc[("balanced", "b2b"), "lost_to_limits"]
    assert lean_days["lost_to_limits"].sum() <= balanced_days["lost_to_limits"].sum()
    assert comparison.loc[("lean-buffers", "shopify"), "listed_units"] > comparison.loc[("balanced", "shopify"), "listed_units"]
    assert (comparison["sold_units"] <= comparison["ordered_units"]).all()
    assert comparison.loc[("balanced", "amazon"), "cancellation_limit"] == 0.025
