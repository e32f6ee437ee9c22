"""Drain the push outbox: POST each waiting push to its target's endpoint, retrying passing faults.

A push ends `sent` on a 2xx and `failed` on any other 4xx than 408 and 429, since
sending the same request again cannot fix it. On 408, 429, 5xx, a connection error or
a timeout it is retried with backoff. When this drain's attempts run out it stays
`waiting`, and so do the later pushes of the same target, which keeps each target's
pushes in order.
"""

import logging
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import quote

import httpx

from orchestration.lib.push.endpoints import PushEndpoint
from orchestration.lib.push.outbox import FAILED, SENT, Push, PushOutbox
from orchestration.lib.push.retry import RetryPolicy, is_retryable, parse_retry_after

# Characters of a response body kept in the outbox and the log when a push fails.
BODY_EXCERPT_CHARACTERS = 300


@dataclass
class DrainReport:
    """Outcome of one drain: pushes sent, failed and left waiting, attempts, and responses by HTTP status."""

    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    left_waiting: list[str] = field(default_factory=list)
    attempts: int = 0
    retries: int = 0
    statuses: Counter = field(default_factory=Counter)
    transport_errors: int = 0


@dataclass(frozen=True)
class AttemptResult:
    """The outcome of one POST: an HTTP status or a transport error, and the Retry-After it asked for."""

    status: int | None
    error: str | None
    retry_after: float | None = None


def short_key(key: str) -> str:
    return key[:12]


def post_once(client: httpx.Client, endpoint: PushEndpoint, push: Push) -> AttemptResult:
    """POST the payload once and return its status, or the transport error when no response came."""
    headers = {
        "Content-Type": push.content_type,
        "Idempotency-Key": push.idempotency_key,
        "X-Marketops-Feed-File": quote(push.feed_file, safe="/._-"),
        **endpoint.headers(),
    }
    try:
        response = client.post(endpoint.url, content=push.payload, headers=headers)
    except httpx.TransportError as error:
        return AttemptResult(status=None, error=f"{type(error).__name__}: {error}")

    if response.is_success:
        return AttemptResult(status=response.status_code, error=None)
    excerpt = endpoint.redact(response.text[:BODY_EXCERPT_CHARACTERS])
    return AttemptResult(response.status_code, excerpt, parse_retry_after(response.headers.get("Retry-After")))


def deliver(outbox: PushOutbox, client: httpx.Client, endpoint: PushEndpoint, push: Push, policy: RetryPolicy,
            report: DrainReport, log: logging.Logger, run_id: str | None, rng: random.Random,
            sleep: Callable[[float], None]) -> str | None:
    """Try one push up to the policy's attempts; return its final state, or None when it stays waiting."""
    key = short_key(push.idempotency_key)
    for attempt in range(1, policy.max_attempts + 1):
        result = post_once(client, endpoint, push)
        report.attempts += 1
        if result.status is None:
            report.transport_errors += 1
        else:
            report.statuses[result.status] += 1

        if result.status is not None and 200 <= result.status < 300:
            total = outbox.record_attempt(push, SENT, result.status, None, run_id)
            outbox.finish(push, SENT)
            log.info("Sent push %s (%s, %s) with HTTP %d after %d attempt(s)",
                     key, push.target, push.feed_file, result.status, total)
            return SENT

        if result.status is not None and not is_retryable(result.status):
            total = outbox.record_attempt(push, FAILED, result.status, result.error, run_id)
            outbox.finish(push, FAILED)
            log.error("Push %s (%s, %s) failed with HTTP %d after %d attempt(s), not retried: %s",
                      key, push.target, push.feed_file, result.status, total, result.error)
            return FAILED

        total = outbox.record_attempt(push, "retry", result.status, result.error, run_id)
        reason = f"HTTP {result.status}" if result.status is not None else result.error
        if attempt == policy.max_attempts:
            log.warning("Giving up on push %s (%s, %s) for this run after %d attempt(s) (%d in all), last: %s; "
                        "it waits in the outbox for the next run", key, push.target, push.feed_file, attempt, total,
                        reason)
            return None
        if result.retry_after is not None and result.retry_after > policy.max_retry_after_seconds:
            log.warning("Push %s (%s) was asked to retry after %.0f s, longer than %.0f s; it waits in the outbox "
                        "for the next run", key, push.target, result.retry_after, policy.max_retry_after_seconds)
            return None

        delay = max(policy.backoff(attempt, rng), result.retry_after or 0.0)
        report.retries += 1
        log.info("Retrying push %s (%s, %s) in %.2f s after attempt %d: %s",
                 key, push.target, push.feed_file, delay, attempt, reason)
        sleep(delay)
    return None


def drain_outbox(outbox: PushOutbox, endpoints: dict[str, PushEndpoint], policy: RetryPolicy,
                 log: logging.Logger, run_id: str | None = None, rng: random.Random | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> DrainReport:
    """Send every waiting push whose target has an endpoint, oldest first, and return what happened.

    NOTE: two drains at once (two overlapping runs) may both send the same waiting
    push. Both requests carry its idempotency key, so the server can drop the second.
    """
    report = DrainReport()
    rng = rng or random.Random()
    blocked: set[str] = set()
    waiting = outbox.waiting()
    log.info("Draining %d waiting push(es) to %s", len(waiting), ", ".join(sorted(endpoints)) or "no endpoint")

    timeout = httpx.Timeout(policy.timeout_seconds)
    with httpx.Client(timeout=timeout, follow_redirects=False) as client:
        for push in waiting:
            endpoint = endpoints.get(push.target)
            if endpoint is None or push.target in blocked:
                report.left_waiting.append(push.idempotency_key)
                continue

            state = deliver(outbox, client, endpoint, push, policy, report, log, run_id, rng, sleep)
            if state == SENT:
                report.sent.append(push.idempotency_key)
            elif state == FAILED:
                report.failed.append(push.idempotency_key)
            else:
                report.left_waiting.append(push.idempotency_key)
                blocked.add(push.target)

    unconfigured = sorted({push.target for push in waiting} - set(endpoints))
    if unconfigured:
        log.warning("Push(es) to %s wait in the outbox because no endpoint is configured",
                    ", ".join(unconfigured))
    log.info("Drained the outbox: %d sent, %d failed, %d left waiting, %d attempt(s), %d retry(ies)",
             len(report.sent), len(report.failed), len(report.left_waiting), report.attempts, report.retries)
    return report
