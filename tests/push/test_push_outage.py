"""The outage drill: after 429s, 503s, timeouts and an outage, each push reached the server exactly once."""

import hashlib
from collections import defaultdict

import pytest

from push_drill import OUTAGE_SECONDS, PUSHES_PER_TARGET, TOKEN, run_drill

from orchestration.lib.push.endpoints import PUSH_TARGETS


@pytest.fixture(scope="module")
def drill(tmp_path_factory: pytest.TempPathFactory) -> dict:
    result = run_drill(tmp_path_factory.mktemp("push_drill"))
    print("push drill figures:", result["figures"])
    return result


def test_drill_sends_every_push(drill):
    figures = drill["figures"]

    assert figures["first_drain_exit_code"] == 0, drill["first_drain_log"]
    assert figures["outbox"] == {"waiting": 0, "sent": len(drill["queued"]), "failed": 0}


def test_drill_met_every_fault(drill):
    figures = drill["figures"]

    assert figures["server_429"] > 0
    assert figures["server_503"] > 0
    assert figures["attempts_without_response"] > 0
    assert figures["outage_seconds"] >= OUTAGE_SECONDS
    # The outage outlasted the first process's retries, so pushes waited for a later drain.
    assert figures["waiting_after_first_drain"] > 0
    assert figures["drains"] > 1


def test_server_accepted_each_push_once(drill):
    record = drill["record"]
    queued = drill["queued"]

    assert record.accepted_events == len(queued)
    assert len(queued) == len(PUSH_TARGETS) * PUSHES_PER_TARGET
    assert set(record.accepted) == set(queued)


def test_no_payload_lost(drill):
    record = drill["record"]

    for key, (_target, payload) in drill["queued"].items():
        assert record.accepted[key] == payload, f"push {key[:12]} arrived changed"


def test_retries_reuse_the_key(drill):
    record = drill["record"]
    keys_by_body: dict[str, set[str]] = defaultdict(set)
    payload_of = {key: payload for key, (_target, payload) in drill["queued"].items()}
    for headers in record.headers:
        key = headers["Idempotency-Key"]
        keys_by_body[hashlib.sha256(payload_of[key]).hexdigest()].add(key)

    assert all(len(keys) == 1 for keys in keys_by_body.values())
    # Some requests repeated a push the server had already accepted, and the key kept it single.
    assert record.replays == drill["figures"]["server_replays_deduplicated"]


def test_each_target_in_order(drill):
    record = drill["record"]
    expected = defaultdict(list)
    for key, (target, _payload) in drill["queued"].items():
        expected[f"/{target}"].append(key)

    received = defaultdict(list)
    for path, key in record.accepted_order:
        received[path].append(key)

    assert received == expected


def test_token_sent_not_logged(drill):
    record = drill["record"]

    assert all(headers["Authorization"] == f"Bearer {TOKEN}" for headers in record.headers)
    assert TOKEN not in drill["first_drain_log"]
    assert "Giving up on push" in drill["first_drain_log"]
