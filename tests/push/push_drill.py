"""The outage drill: 48 pushes to four endpoints of a mock marketplace that throttles, fails and goes down.

The first drain runs in its own process and meets the outage. Later drains run in
this process on the same outbox file, as the next pipeline runs would, until nothing
waits. Run `python tests/push/push_drill.py` to print the figures of one drill.
"""

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from push_server import MockMarketplace

from orchestration.lib.push.endpoints import PUSH_TARGETS, token_variable, url_variable
from orchestration.lib.push.outbox import WAITING, PushOutbox, push_key

PUSHES_PER_TARGET = 12
SEED = 6
THROTTLE_RATE = 0.15
UNAVAILABLE_RATE = 0.15
# A few accepted pushes get their response after the client's timeout, so the client sends them again.
SLOW_RATE = 0.03
SLOW_SECONDS = 0.8
OUTAGE_AFTER_ACCEPTED = 12
OUTAGE_SECONDS = 2.0
# Small delays keep the drill short; the ratios between them are what matter.
DRILL_POLICY = {"MARKETOPS_PUSH_MAX_ATTEMPTS": "4", "MARKETOPS_PUSH_BACKOFF_SECONDS": "0.02",
                "MARKETOPS_PUSH_TIMEOUT_SECONDS": "0.5"}
SECONDS_BETWEEN_DRAINS = 0.5
DRILL_DEADLINE_SECONDS = 60
TOKEN = "drill-token-7f3e9a51c2"

FIRST_DRAIN = """
import logging, sys
from pathlib import Path
from orchestration.lib.push.endpoints import endpoints_from_env
from orchestration.lib.push.outbox import PushOutbox
from orchestration.lib.push.retry import RetryPolicy
from orchestration.lib.push.sender import drain_outbox
logging.basicConfig(level=logging.INFO)
drain_outbox(PushOutbox(Path(sys.argv[1])), endpoints_from_env(), RetryPolicy.from_env(), logging.getLogger("drill"))
"""


def drill_environment(url: str) -> dict[str, str]:
    """Return the environment that points every push target at its path on the mock server."""
    environment = dict(DRILL_POLICY)
    for target in PUSH_TARGETS:
        environment[url_variable(target)] = f"{url}/{target}"
        environment[token_variable(target)] = TOKEN
    return environment


def enqueue_drill_pushes(outbox: PushOutbox) -> dict[str, tuple[str, bytes]]:
    """Queue 12 small feeds per target and return each key's target and payload."""
    queued = {}
    for target in PUSH_TARGETS:
        for number in range(PUSHES_PER_TARGET):
            payload = f"sku\tquantity\nSKU-{target}-{number}\t{number * 7}\n".encode()
            key = push_key(target, f"{target}|drill|{number}", payload)
            outbox.enqueue(target, f"{target}/feed_{number}.txt", "text/tab-separated-values", payload, key)
            queued[key] = (target, payload)
    return queued


def client_attempts(outbox: PushOutbox) -> dict[str, int]:
    """Count the outbox's recorded attempts: all, those with no response, and those retried."""
    with sqlite3.connect(outbox.path) as connection:
        total, no_response, retried = connection.execute(
            "SELECT count(*), count(*) FILTER (WHERE status IS NULL), count(*) FILTER (WHERE outcome = 'retry') "
            "FROM push_attempts"
        ).fetchone()
    return {"attempts": total, "attempts_without_response": no_response, "attempts_retried": retried}


def run_drill(work_dir: Path) -> dict:
    """Run the drill in `work_dir` and return its figures and what the server recorded."""
    outbox = PushOutbox(work_dir / "push_outbox.sqlite")
    queued = enqueue_drill_pushes(outbox)
    started = time.monotonic()

    with MockMarketplace(seed=SEED, throttle_rate=THROTTLE_RATE, unavailable_rate=UNAVAILABLE_RATE,
                         slow_rate=SLOW_RATE, slow_seconds=SLOW_SECONDS, token=TOKEN,
                         outage_after_accepted=OUTAGE_AFTER_ACCEPTED, outage_seconds=OUTAGE_SECONDS) as server:
        environment = {**os.environ, **drill_environment(server.url)}
        first = subprocess.run([sys.executable, "-c", FIRST_DRAIN, str(outbox.path)], env=environment,
                               capture_output=True, text=True, timeout=120)
        waiting_after_first = outbox.counts()[WAITING]

        drains = 1
        previous = {name: os.environ.get(name) for name in drill_environment(server.url)}
        os.environ.update(drill_environment(server.url))
        try:
            drains += drain_until_empty(outbox, started)
        finally:
            for name, value in previous.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value
        record = server.record
        down_seconds = server.down_seconds

    figures = {
        "pushes": len(queued),
        "first_drain_exit_code": first.returncode,
        "waiting_after_first_drain": waiting_after_first,
        "drains": drains,
        "outbox": outbox.counts(),
        **client_attempts(outbox),
        "server_429": record.statuses[429],
        "server_503": record.statuses[503],
        "server_200": record.statuses[200],
        "server_accepted": record.accepted_events,
        "server_replays_deduplicated": record.replays,
        "outage_seconds": round(down_seconds, 2),
        "wall_seconds": round(time.monotonic() - started, 2),
    }
    return {"figures": figures, "queued": queued, "record": record, "first_drain_log": first.stderr}


def drain_until_empty(outbox: PushOutbox, started: float) -> int:
    """Drain in this process every half second until no push waits; return the number of drains."""
    import logging

    from orchestration.lib.push.endpoints import endpoints_from_env
    from orchestration.lib.push.retry import RetryPolicy
    from orchestration.lib.push.sender import drain_outbox

    drains = 0
    while outbox.counts()[WAITING] and time.monotonic() - started < DRILL_DEADLINE_SECONDS:
        time.sleep(SECONDS_BETWEEN_DRAINS)
        drain_outbox(outbox, endpoints_from_env(), RetryPolicy.from_env(), logging.getLogger("drill"))
        drains += 1
    return drains


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        print(json.dumps(run_drill(Path(folder))["figures"], indent=2))
