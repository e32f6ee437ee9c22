"""When to retry a push and how long to wait: exponential backoff with full jitter, Retry-After honoured."""

import os
import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

# 408 and 429 ask the client to come back later; every 5xx may be a passing fault.
RETRYABLE_CLIENT_STATUSES = frozenset({408, 429})


@dataclass(frozen=True)
class RetryPolicy:
    """Attempt limits and backoff of one drain, after which a push waits for the next run."""

    max_attempts: int = 6
    base_delay_seconds: float = 0.5
    max_delay_seconds: float = 30.0
    # A server asking for a longer pause than this ends the push's attempts for this run.
    max_retry_after_seconds: float = 120.0
    timeout_seconds: float = 30.0

    @classmethod
    def from_env(cls) -> "RetryPolicy":
        """Read `MARKETOPS_PUSH_MAX_ATTEMPTS`, `MARKETOPS_PUSH_BACKOFF_SECONDS` and `MARKETOPS_PUSH_TIMEOUT_SECONDS`."""
        defaults = cls()
        return cls(
            max_attempts=int(os.environ.get("MARKETOPS_PUSH_MAX_ATTEMPTS", defaults.max_attempts)),
            base_delay_seconds=float(os.environ.get("MARKETOPS_PUSH_BACKOFF_SECONDS", defaults.base_delay_seconds)),
            timeout_seconds=float(os.environ.get("MARKETOPS_PUSH_TIMEOUT_SECONDS", defaults.timeout_seconds)),
        )

    def backoff(self, attempt: int, rng: random.Random) -> float:
        """Return a delay drawn uniformly from 0 to base·2^(attempt-1), capped (full jitter).

        Full jitter spreads the retries of many clients that failed at the same moment,
        so they do not hit a recovering server together.
        """
        ceiling = min(self.max_delay_seconds, self.base_delay_seconds * 2 ** (attempt - 1))
        return rng.uniform(0, ceiling)


def is_retryable(status: int) -> bool:
    """Tell whether an HTTP status is worth another attempt with the same idempotency key."""
    return status in RETRYABLE_CLIENT_STATUSES or status >= 500


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Return the delay in seconds that a Retry-After header requests (delay-seconds or HTTP-date), or None when absent or invalid."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)

    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return max(0.0, (moment - (now or datetime.now(UTC))).total_seconds())
