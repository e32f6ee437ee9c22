"""No writer of CSV feeds, PO drafts or dashboard downloads lets a text cell start a spreadsheet formula.

A cell is safe when it does not start with `=`, `+`, `-`, `@`, a tab or a carriage
return, or when it starts with the apostrophe that makes a spreadsheet show it as text.
"""

import csv
import io
import json
from decimal import Decimal

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dashboards.export import to_safe_csv
from orchestration.lib.feed_rows import amazon_feed, shopify_feed, walmart_feed
from orchestration.lib.inventory_feeds import FeedInputs
from orchestration.lib.planning.audit_log import AuditLog
from orchestration.lib.planning.decisions import PlanLine, decide
from orchestration.lib.planning.drafts import write_po_drafts
from orchestration.lib.planning.roles import Role, RolesConfig
from orchestration.lib.safe_csv import FORMULA_PREFIXES, write_json_atomically, write_rows_atomically

HOSTILE_CELLS = [
    '=HYPERLINK("http://attacker.invalid","click")', "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
    "\t=1+1", "\r=1+1", "=", "+", "-", "@",
]


def is_safe(cell: str) -> bool:
    return not cell.startswith(FORMULA_PREFIXES)


def read_cells(path, delimiter=",") -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle, delimiter=delimiter))


@pytest.mark.parametrize("delimiter", [",", "\t"])
def test_feed_writer_neutralises_every_prefix(tmp_path, delimiter):
    path = tmp_path / "feed.csv"

    write_rows_atomically(path, ["sku", "title", "quantity"], [[cell, cell, 3] for cell in HOSTILE_CELLS],
                          delimiter=delimiter)

    rows = read_cells(path, delimiter)[1:]
    assert [row[0] for row in rows] == ["'" + cell for cell in HOSTILE_CELLS]
    assert all(is_safe(cell) for row in rows for cell in row)


@given(st.lists(st.text(min_size=0, max_size=12), min_size=1, max_size=8))
@settings(max_examples=150, deadline=None)
def test_feed_writer_property(tmp_path_factory, cells):
    path = tmp_path_factory.mktemp("property") / "feed.csv"

    write_rows_atomically(path, ["text"], [[cell] for cell in cells])

    written = [row[0] for row in read_cells(path)[1:]]
    assert all(is_safe(cell) for cell in written)
    # Only the apostrophe was added, so a reader can tell what the cell was.
    assert [cell[1:] if not is_safe(original) else cell for cell, original in zip(written, cells)] == cells


def test_download_neutralises_every_prefix():
    frame = pd.DataFrame({"order_id": HOSTILE_CELLS, "units": range(len(HOSTILE_CELLS))})

    written = pd.read_csv(io.BytesIO(to_safe_csv(frame)), dtype=str, keep_default_na=False)

    assert all(is_safe(cell) for cell in written["order_id"])
    assert list(written["order_id"]) == ["'" + cell for cell in HOSTILE_CELLS]


def test_po_draft_neutralises_text(tmp_path):
    log = AuditLog.in_folder(tmp_path / "decisions")
    roles = RolesConfig(users={"ann": Role.APPROVER}, thresholds={"USD": Decimal(1000)})
    for number, cell in enumerate(HOSTILE_CELLS[:4]):
        line = PlanLine("2026-11-30", cell + str(number), "WH-EAST", "@SUP-X", "USD", Decimal("1"), 1, 1, 2)
        decide(log, roles, "ann", line, "approve", 2, cell)

    written = write_po_drafts(log, tmp_path / "outbox", "run-1")

    (name,) = written
    rows = read_cells(tmp_path / "outbox" / name)
    assert all(is_safe(cell) for row in rows for cell in row)
    assert {row[1] for row in rows[1:]} == {"'@SUP-X"}
    assert sorted(row[13] for row in rows[1:]) == sorted("'" + cell for cell in HOSTILE_CELLS[:4])


def feed_inputs(channel_skus: dict[str, str]) -> FeedInputs:
    """Allocate 5 units of SKU-1 and 2 of SKU-2 on every channel, with the given channel SKUs of SKU-2."""
    allocation = pd.DataFrame([
        {"sku": sku, "channel": channel, "allocated": units, "title": "Mug", "handling_days": 1}
        for channel in ("amazon", "shopify", "walmart") for sku, units in (("SKU-1", 5), ("SKU-2", 2))
    ])
    mapping = pd.DataFrame(
        [{"channel": channel, "sku": "SKU-1", "channel_sku": f"{channel.upper()}-1"} for channel in channel_skus]
        + [{"channel": channel, "sku": "SKU-2", "channel_sku": sku} for channel, sku in channel_skus.items()]
    )
    warehouse = pd.DataFrame([{"sku": "SKU-1", "location_id": "WH-EAST", "location_name": "East", "atp": 9},
                              {"sku": "SKU-2", "location_id": "WH-EAST", "location_name": "East", "atp": 9}])
    return FeedInputs(snapshot_at=pd.Timestamp("2026-11-30T10:00Z"), allocation=allocation,
                      channel_skus=mapping, warehouse_atp=warehouse)


@pytest.mark.parametrize("hostile", HOSTILE_CELLS)
def test_csv_feeds_hold_back_formula_sku(hostile):
    inputs = feed_inputs({"amazon": hostile, "shopify": hostile, "walmart": hostile})

    amazon, shopify = amazon_feed(inputs), shopify_feed(inputs)

    assert amazon.held_back_skus == [hostile]
    assert shopify.held_back_skus == [hostile]
    assert [row[0] for row in amazon.rows_by_location["all"]] == ["AMAZON-1"]
    assert [row[8] for row in shopify.rows_by_location["WH-EAST"]] == ["SHOPIFY-1"]
    assert [sku for sku, _canonical, _units in amazon.published] == ["AMAZON-1"]
    assert [sku for sku, _canonical, _units in shopify.published] == ["SHOPIFY-1"]


@pytest.mark.parametrize("hostile", HOSTILE_CELLS)
def test_json_feed_keeps_formula_sku(tmp_path, hostile):
    walmart = walmart_feed(feed_inputs({"walmart": hostile}))
    path = tmp_path / "feed.json"

    write_json_atomically(path, {"Inventory": walmart.rows_by_location["all"]})

    skus = [item["sku"] for item in json.loads(path.read_text(encoding="utf-8"))["Inventory"]]
    assert walmart.held_back_skus == []
    assert skus == ["WALMART-1", hostile]
