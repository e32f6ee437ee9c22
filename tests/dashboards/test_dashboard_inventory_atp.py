"""The Inventory & ATP page against the hand-worked serving.duckdb (figures in inventory_serving.py)."""

import pytest

from dashboard_apptest import page_text
from dashboard_serving import write_serving
from inventory_serving import INVENTORY_ROWS, inventory_tables

PAGE = "pages/inventory_atp.py"


@pytest.fixture(scope="module")
def inventory_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("inventory_serving")
    tables, rows = inventory_tables()
    write_serving(root, rows, tables)
    return root


def frame_with(app, column: str):
    return next(frame.value for frame in app.dataframe if column in frame.value.columns)


def test_positions_by_location(inventory_root, open_app):
    app = open_app(inventory_root, page=PAGE)
    positions = frame_with(app, "on_hand").set_index("location_id")

    assert not app.exception
    assert positions.loc["WH-EAST", "on_hand"] == 25
    assert positions.loc["WH-EAST", "sellable_now"] == 21
    assert positions.loc["FBA-US", "on_hand"] == 7
    assert "Allocation policy in force: **balanced**" in page_text(app)


def test_allocation_with_reasons(inventory_root, open_app):
    app = open_app(inventory_root, page=PAGE)
    reasons = frame_with(app, "reason")

    assert list(reasons["channel"]) == ["b2b", "amazon", "shopify", "walmart"]
    assert reasons.iloc[1]["reason"] == "pool of 26 less a buffer of 2"


def test_most_over_promised(inventory_root, open_app):
    app = open_app(inventory_root, page=PAGE)
    worst = frame_with(app, "worst_gap")

    # SKU-A on amazon oversold 3 (11-02), SKU-B on amazon 5 (11-01): SKU-B first.
    assert list(zip(worst["sku"], worst["oversell_units"], strict=True)) == [("SKU-B", 5), ("SKU-A", 3)]


def test_replay_two_policies(inventory_root, open_app):
    app = open_app(inventory_root, page=PAGE)
    app.selectbox(key="replay_policy_b").set_value("policies/lean_buffers.yml").run()
    replay = frame_with(app, "lost_to_limits").set_index(["policy_name", "channel"])

    assert replay.loc[("balanced", "amazon"), "sold_units"] == 24
    assert replay.loc[("balanced", "amazon"), "lost_to_limits"] == 2
    assert replay.loc[("balanced", "amazon"), "lost_to_stock"] == 4
    assert replay.loc[("balanced", "shopify"), "lost_to_limits"] == 1
    assert replay.loc[("balanced", "b2b"), "listed_units"] == 24
    assert replay.loc[("lean-buffers", "amazon"), "sold_units"] == 26
    assert replay.loc[("lean-buffers", "shopify"), "oversold_units"] == 5
    assert replay.loc[("lean-buffers", "shopify"), "cancellation_rate"] == pytest.approx(0.5)
    assert replay.loc[("lean-buffers", "amazon"), "over_limit"] == False  # noqa: E712


def test_invalid_policy_banner(tmp_path, open_app):
    tables, rows = inventory_tables()
    rows = {**rows, "dim_allocation_policy": [
        ("balanced", "a" * 64, "", "/data/policy/allocation_policy.last_good.yml", "config/allocation_policy.yml",
         "invalid", "config/allocation_policy.yml, line 5: channels.0.buffer_units: must be at least 0, got -2",
         "b2b", 0, None, "2026-11-02 11:00:00+00"),
    ]}
    write_serving(tmp_path, rows, tables)
    app = open_app(tmp_path, page=PAGE)

    assert len(app.error) == 1
    assert "line 5" in app.error[0].value
    assert "last valid policy 'balanced' is still in force" in app.error[0].value
