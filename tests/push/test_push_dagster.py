"""Real Dagster materializations of the write-back assets pushing to a mock marketplace on 127.0.0.1.

The first run meets a server that is down, so every push waits in the outbox. The
second run sends them, and the third reruns the same snapshot and sends nothing again.
Every log line, event and metadata value of the three runs is searched for the token.
"""

import csv
import json
import logging
from pathlib import Path

import dagster as dg
import pytest

from push_server import MockMarketplace
from push_writeback_data import HOSTILE_WHY, write_writeback_root

from orchestration.defs.planning.assets import purchase_order_drafts
from orchestration.defs.writeback.assets import channel_inventory_feeds
from orchestration.defs.writeback.pushes import outbox_pushes
from orchestration.lib.data_root import DataRootResource
from orchestration.lib.push.endpoints import PUSH_TARGETS, token_variable, url_variable
from orchestration.lib.push.outbox import PushOutbox
from orchestration.lib.run_summary import summarize_run

TOKEN = "mkt-token-5d41402abc4b2a76"
# One Amazon file, one Shopify file per warehouse (2), one Walmart file, one PO draft.
EXPECTED_PUSHES = 5


def materialize_writeback(root: Path) -> tuple[dg.ExecuteInProcessResult, list[str]]:
    """Materialize the feeds, the drafts and the pushes; return the run and every event serialized."""
    instance = dg.DagsterInstance.ephemeral()
    result = dg.materialize(
        [channel_inventory_feeds, purchase_order_drafts, outbox_pushes],
        resources={"data_root": DataRootResource(root=str(root))},
        instance=instance,
        raise_on_error=False,
    )
    events = [dg.serialize_value(entry) for entry in instance.all_logs(result.run_id)]
    return result, events


def metadata_of(result: dg.ExecuteInProcessResult, key: str) -> dict:
    (materialization,) = result.asset_materializations_for_node(key)
    return {name: getattr(value, "value", value) for name, value in materialization.metadata.items()}


@pytest.fixture(scope="module")
def pushed(tmp_path_factory: pytest.TempPathFactory) -> dict:
    """Run the write-back three times with every target pointed at one mock server, capturing all logs."""
    root = write_writeback_root(tmp_path_factory.mktemp("writeback") / "data")
    server = MockMarketplace(seed=3, throttle_rate=0.2, unavailable_rate=0.2, token=TOKEN)
    monkeypatch = pytest.MonkeyPatch()
    for target in PUSH_TARGETS:
        monkeypatch.setenv(url_variable(target), f"{server.url}/{target}")
        monkeypatch.setenv(token_variable(target), TOKEN)
    monkeypatch.setenv("MARKETOPS_PUSH_MAX_ATTEMPTS", "4")
    monkeypatch.setenv("MARKETOPS_PUSH_BACKOFF_SECONDS", "0.01")
    monkeypatch.setenv("MARKETOPS_PUSH_TIMEOUT_SECONDS", "2")

    records: list[logging.LogRecord] = []
    handler = logging.Handler(level=logging.DEBUG)
    handler.emit = records.append
    root_logger = logging.getLogger()
    previous_level = root_logger.level
    root_logger.addHandler(handler)
    root_logger.setLevel(logging.DEBUG)
    try:
        down, down_events = materialize_writeback(root)
        with server:
            up, up_events = materialize_writeback(root)
            rerun, rerun_events = materialize_writeback(root)
    finally:
        root_logger.removeHandler(handler)
        root_logger.setLevel(previous_level)
        monkeypatch.undo()

    return {
        "root": root, "server": server, "down": down, "up": up, "rerun": rerun,
        "events": down_events + up_events + rerun_events,
        "log_text": "\n".join(f"{record.name} {record.getMessage()} {record.args!r}" for record in records),
    }


def test_runs_succeed(pushed):
    for name in ("down", "up", "rerun"):
        assert pushed[name].success, name


def test_pushes_wait_while_down(pushed):
    metadata = metadata_of(pushed["down"], "outbox_pushes")

    assert metadata["sent"] == 0
    assert metadata["waiting"] == EXPECTED_PUSHES
    assert metadata["transport_errors"] > 0


def test_pushes_sent_when_back(pushed):
    metadata = metadata_of(pushed["up"], "outbox_pushes")

    assert metadata["sent"] == EXPECTED_PUSHES
    assert metadata["waiting"] == 0
    assert metadata["failed"] == 0
    assert metadata["attempts"] >= EXPECTED_PUSHES


def test_rerun_pushes_nothing_again(pushed):
    feeds = metadata_of(pushed["rerun"], "channel_inventory_feeds")
    pushes = metadata_of(pushed["rerun"], "outbox_pushes")

    assert feeds["pushes_queued/amazon"] == 0
    assert feeds["pushes_queued/shopify"] == 0
    assert feeds["pushes_queued/walmart"] == 0
    assert pushes["attempts"] == 0
    assert pushed["server"].record.accepted_events == EXPECTED_PUSHES
    assert pushed["server"].record.replays == 0


def test_server_got_each_payload(pushed):
    root = pushed["root"]
    outbox = PushOutbox.in_folder(root / "outbox")
    accepted = pushed["server"].record.accepted

    for push in outbox.pushes():
        assert accepted[push["idempotency_key"]] == outbox.payload(push["idempotency_key"])
    paths = sorted(path for path, _key in pushed["server"].record.accepted_order)
    assert paths == ["/amazon", "/shopify", "/shopify", "/supplier", "/walmart"]


def test_token_in_no_log_or_metadata(pushed):
    server = pushed["server"]

    assert {headers["Authorization"] for headers in server.record.headers} == {f"Bearer {TOKEN}"}
    # Both captures are live: httpx logs each request through Python logging, and
    # context.log lines (with the idempotency keys) are Dagster events.
    assert "HTTP Request: POST" in pushed["log_text"]
    assert "Retrying push" in "\n".join(pushed["events"])
    assert TOKEN not in pushed["log_text"]
    for event in pushed["events"]:
        assert TOKEN not in event
    assert TOKEN not in (pushed["root"] / "outbox" / "push_outbox.sqlite").read_bytes().decode("latin-1")


def test_formula_skus_held_back_from_csv(pushed):
    root = pushed["root"]
    metadata = metadata_of(pushed["up"], "channel_inventory_feeds")
    # Each of the three runs wrote its own files; they hold the same rows.
    amazon = sorted((root / "outbox" / "amazon").glob("inventory_loader_*.txt"))[0]
    shopify_files = sorted((root / "outbox" / "shopify").glob("inventory_*.csv"))

    with amazon.open(newline="") as handle:
        amazon_skus = [row["sku"] for row in csv.DictReader(handle, delimiter="\t")]
    shopify_skus = set()
    for path in shopify_files:
        with path.open(newline="") as handle:
            shopify_skus |= {row["SKU"] for row in csv.DictReader(handle)}

    assert amazon_skus == ["AMZ-A"]
    assert shopify_skus == {"SHP-A"}
    assert metadata["held_back_skus/amazon"] == 1
    assert metadata["held_back_skus/shopify"] == 1
    assert metadata["held_back_skus/walmart"] == 0
    assert "-SHP-EVIL" in metadata["held_back"]


def test_json_feed_carries_formula_sku(pushed):
    root = pushed["root"]
    walmart = sorted((root / "outbox" / "walmart").glob("inventory_feed_*.json"))[0]

    items = json.loads(walmart.read_text())["Inventory"]

    assert {item["sku"]: item["quantity"]["amount"] for item in items} == {"WMT-A": 3, "@WMT-EVIL": 2}


def test_published_record_skips_held_back(pushed):
    root = pushed["root"]
    record = sorted((root / "landing" / "published_availability").glob("published_*.csv"))[0]

    with record.open(newline="") as handle:
        published = {(row["channel"], row["channel_sku"]): row["quantity"] for row in csv.DictReader(handle)}

    # SKU-A's Shopify 4 units: 3 at WH-EAST and 1 at WH-WEST add up to 4.
    assert published == {("amazon", "AMZ-A"): "5", ("shopify", "SHP-A"): "4", ("walmart", "WMT-A"): "3",
                         ("walmart", "@WMT-EVIL"): "2"}


def test_po_draft_pushed_formula_safe(pushed):
    server = pushed["server"]
    (key,) = [key for path, key in server.record.accepted_order if path == "/supplier"]

    rows = list(csv.DictReader(server.record.accepted[key].decode().splitlines()))

    assert rows[0]["why"] == "'" + HOSTILE_WHY
    assert rows[0]["quantity"] == "24"


def test_run_summary_reports_writeback(pushed):
    summary = summarize_run(pushed["up"], pushed["root"] / "quarantine")

    assert "Channel SKUs held back from CSV feeds because they start like a formula: amazon 1, shopify 1" in summary
    assert f"Pushes: {EXPECTED_PUSHES} sent, 0 failed, 0 waiting in the outbox" in summary


def test_no_endpoint_writes_files_only(tmp_path, monkeypatch):
    for target in PUSH_TARGETS:
        monkeypatch.delenv(url_variable(target), raising=False)
    root = write_writeback_root(tmp_path / "data")

    result, _events = materialize_writeback(root)

    assert result.success
    assert metadata_of(result, "outbox_pushes")["endpoints"] == "none (files only)"
    assert not (root / "outbox" / "push_outbox.sqlite").exists()
    assert list((root / "outbox" / "amazon").glob("inventory_loader_*.txt"))
