"""One push against a real HTTP server on 127.0.0.1 that returns chosen statuses."""

import logging
import random
import time
from datetime import UTC, datetime

import pytest

from push_server import MockMarketplace

from orchestration.lib.push.endpoints import PushEndpoint, endpoints_from_env
from orchestration.lib.push.outbox import FAILED, SENT, WAITING, PushOutbox, push_key
from orchestration.lib.push.retry import RetryPolicy, is_retryable, parse_retry_after
from orchestration.lib.push.sender import drain_outbox

LOGGER = logging.getLogger("push_test")
PAYLOAD = b"sku\tquantity\nSKU-1\t5\n"


def queue_one(outbox: PushOutbox, target: str = "amazon", payload: bytes = PAYLOAD) -> str:
    key = push_key(target, f"{target}|all|2026-11-30", payload)
    outbox.enqueue(target, f"{target}/inventory_loader.txt", "text/tab-separated-values", payload, key)
    return key


def drain(outbox: PushOutbox, server: MockMarketplace, policy: RetryPolicy, token: str = ""):
    endpoint = PushEndpoint("amazon", f"{server.url}/feeds", token)
    return drain_outbox(outbox, {"amazon": endpoint}, policy, LOGGER, rng=random.Random(1))


def test_retry_after_honoured(outbox, quick_policy):
    key = queue_one(outbox)

    with MockMarketplace(script=[429], retry_after="1") as server:
        report = drain(outbox, server, quick_policy)

    first, second = server.record.request_times[key]
    assert second - first >= 1.0
    assert report.sent == [key]
    assert report.statuses == {429: 1, 200: 1}


def test_503_retried_then_sent(outbox, quick_policy):
    key = queue_one(outbox)

    with MockMarketplace(script=[503, 502, 500]) as server:
        report = drain(outbox, server, quick_policy)

    assert report.sent == [key]
    assert report.retries == 3
    assert outbox.pushes()[0]["attempts"] == 4
    assert server.record.accepted_events == 1


def test_other_4xx_not_retried(outbox, quick_policy, caplog):
    key = queue_one(outbox)
    caplog.set_level(logging.INFO, logger="push_test")

    with MockMarketplace(script=[422]) as server:
        report = drain(outbox, server, quick_policy)

    (push,) = outbox.pushes()
    assert report.failed == [key]
    assert len(server.record.request_times[key]) == 1
    assert push["state"] == FAILED
    assert push["last_status"] == 422
    assert push["last_error"] == "scripted answer"
    assert f"Push {key[:12]} (amazon, amazon/inventory_loader.txt) failed with HTTP 422" in caplog.text


def test_timeout_retried_with_same_key(outbox, quick_policy):
    key = queue_one(outbox)

    # The server responds to every accepted push after 0.8 s, past the 0.5 s timeout, so the client tries again.
    with MockMarketplace(slow_rate=1.0, slow_seconds=0.8) as server:
        report = drain(outbox, server, quick_policy)

    assert report.transport_errors == quick_policy.max_attempts
    assert report.left_waiting == [key]
    assert server.record.accepted_events == 1
    assert server.record.replays == quick_policy.max_attempts - 1
    assert {headers["Idempotency-Key"] for headers in server.record.headers} == {key}


def test_outage_waits_then_sends(tmp_path, quick_policy):
    outbox = PushOutbox(tmp_path / "push_outbox.sqlite")
    first, second = queue_one(outbox), queue_one(outbox, payload=b"sku\tquantity\nSKU-2\t1\n")

    server = MockMarketplace()
    down = drain(outbox, server, quick_policy)
    # A new outbox object on the same file is what a restarted process would open.
    reopened = PushOutbox(tmp_path / "push_outbox.sqlite")
    with server:
        up = drain(reopened, server, quick_policy)

    assert down.left_waiting == [first, second]
    assert down.attempts == quick_policy.max_attempts
    assert down.transport_errors == quick_policy.max_attempts
    assert up.sent == [first, second]
    assert reopened.counts() == {WAITING: 0, SENT: 2, FAILED: 0}
    assert [key for _path, key in server.record.accepted_order] == [first, second]


def test_rerun_reuses_key(outbox, quick_policy):
    key = queue_one(outbox)
    with MockMarketplace() as server:
        drain(outbox, server, quick_policy)
        requeued = queue_one(outbox)
        again = drain(outbox, server, quick_policy)

    assert requeued == key
    assert again.attempts == 0
    assert server.record.accepted_events == 1
    assert len(server.record.headers) == 1


def test_token_redacted_from_failure(outbox, quick_policy, caplog):
    token = "tok-0b1c2d3e4f-secret"
    key = queue_one(outbox)
    caplog.set_level(logging.DEBUG)

    # The server echoes the Authorization header in its error body, as some APIs do.
    with MockMarketplace(reject_echo_status=400) as server:
        report = drain(outbox, server, quick_policy, token=token)

    (push,) = outbox.pushes()
    assert report.failed == [key]
    assert server.record.headers[0]["Authorization"] == f"Bearer {token}"
    assert "Bearer ***" in push["last_error"]
    assert token not in push["last_error"]
    assert token not in caplog.text
    assert token not in outbox.path.read_bytes().decode("latin-1")


def test_no_endpoint_keeps_push_waiting(outbox, quick_policy, caplog):
    key = queue_one(outbox, target="walmart")
    caplog.set_level(logging.INFO, logger="push_test")

    report = drain_outbox(outbox, {}, quick_policy, LOGGER)

    assert report.left_waiting == [key]
    assert report.attempts == 0
    assert "Push(es) to walmart wait in the outbox because no endpoint is configured" in caplog.text


def test_endpoints_from_environment(monkeypatch):
    monkeypatch.setenv("MARKETOPS_SHOPIFY_API_URL", "http://127.0.0.1:1/inventory")
    monkeypatch.setenv("MARKETOPS_SHOPIFY_API_TOKEN", "tok-env")
    monkeypatch.delenv("MARKETOPS_AMAZON_API_URL", raising=False)
    monkeypatch.setenv("MARKETOPS_AMAZON_API_TOKEN", "tok-without-url")

    endpoints = endpoints_from_env()

    assert "amazon" not in endpoints
    assert endpoints["shopify"].url == "http://127.0.0.1:1/inventory"
    assert endpoints["shopify"].headers() == {"Authorization": "Bearer tok-env"}
    assert "tok-env" not in repr(endpoints["shopify"])


@pytest.mark.parametrize("attempt", [1, 2, 3, 8, 20])
def test_backoff_full_jitter_bounds(attempt):
    policy = RetryPolicy(base_delay_seconds=0.5, max_delay_seconds=30)
    rng = random.Random(attempt)
    ceiling = min(30, 0.5 * 2 ** (attempt - 1))

    delays = [policy.backoff(attempt, rng) for _ in range(500)]

    assert min(delays) >= 0
    assert max(delays) <= ceiling
    # Full jitter spreads delays over the whole range, not near the ceiling only.
    assert min(delays) < ceiling * 0.1
    assert max(delays) > ceiling * 0.9


@pytest.mark.parametrize(
    ("header", "seconds"),
    [("0", 0.0), ("7", 7.0), (" 120 ", 120.0), ("Sat, 05 Dec 2026 01:00:30 GMT", 30.0),
     ("Sat, 05 Dec 2026 00:59:00 GMT", 0.0), ("soon", None), ("", None), (None, None)],
)
def test_retry_after_parsed(header, seconds):
    now = datetime(2026, 12, 5, 1, 0, 0, tzinfo=UTC)

    assert parse_retry_after(header, now) == seconds


@pytest.mark.parametrize(("status", "retryable"), [(408, True), (429, True), (500, True), (503, True),
                                                   (400, False), (401, False), (404, False), (409, False)])
def test_retryable_statuses(status, retryable):
    assert is_retryable(status) is retryable
