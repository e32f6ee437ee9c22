"""Fixtures of the push tests: an outbox in tmp_path and a quick retry policy."""

from pathlib import Path

import pytest

from orchestration.lib.push.outbox import PushOutbox
from orchestration.lib.push.retry import RetryPolicy


@pytest.fixture
def outbox(tmp_path: Path) -> PushOutbox:
    return PushOutbox(tmp_path / "push_outbox.sqlite")


@pytest.fixture
def quick_policy() -> RetryPolicy:
    """Retry up to 4 times with backoff ceilings of 10, 20 and 40 ms and a half-second timeout."""
    return RetryPolicy(max_attempts=4, base_delay_seconds=0.01, max_delay_seconds=0.1, timeout_seconds=0.5)
