"""A mock marketplace API on 127.0.0.1: a real HTTP server in a thread that throttles, fails and goes down.

Each POST draws one seeded random number: below `throttle_rate` it returns 429 with a
Retry-After, below `throttle_rate + unavailable_rate` it returns 503, and otherwise it
accepts the push. It deduplicates by the Idempotency-Key header, as a marketplace
does: a key already accepted gets 200 again and is counted as a replay, never
accepted twice. `slow_rate` of the accepted pushes get their response only after
`slow_seconds`, so a client with a shorter timeout retries a push that did arrive.
`go_down` closes the listening socket, so clients get "connection refused" until
`come_back` listens again on the same port. `outage_after_accepted` takes the server
down for `outage_seconds` once that many pushes were accepted. `script` lists statuses
to answer first, in order, before any random draw.
"""

import random
import socket
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class ServerRecord:
    """Everything the server saw, guarded by the server's lock."""

    accepted: dict[str, bytes] = field(default_factory=dict)  # idempotency key -> body
    accepted_order: list[tuple[str, str]] = field(default_factory=list)  # (path, key)
    accepted_events: int = 0
    replays: int = 0
    statuses: Counter = field(default_factory=Counter)
    request_times: dict[str, list[float]] = field(default_factory=dict)  # key -> monotonic times
    headers: list[dict[str, str]] = field(default_factory=list)


class MockMarketplace:
    """The server and its record; a context manager that starts and stops it."""

    def __init__(self, seed: int = 0, throttle_rate: float = 0.0, unavailable_rate: float = 0.0,
                 retry_after: str = "0", slow_rate: float = 0.0, slow_seconds: float = 0.0,
                 token: str = "", reject_echo_status: int | None = None, script: list[int] | None = None,
                 outage_after_accepted: int | None = None, outage_seconds: float = 0.0):
        self.rng = random.Random(seed)
        self.throttle_rate = throttle_rate
        self.unavailable_rate = unavailable_rate
        self.retry_after = retry_after
        self.slow_rate = slow_rate
        self.slow_seconds = slow_seconds
        self.token = token
        # When set, every push gets this status and a body that echoes its Authorization header.
        self.reject_echo_status = reject_echo_status
        self.script = list(script or [])
        self.outage_after_accepted = outage_after_accepted
        self.outage_seconds = outage_seconds
        self.record = ServerRecord()
        self.lock = threading.Lock()
        self.port = free_port()
        self.server: ThreadingHTTPServer | None = None
        self.thread: threading.Thread | None = None
        self.down_seconds = 0.0
        self._down_since: float | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def come_back(self) -> None:
        """Listen on the port again and serve in a thread."""
        handler = type("Handler", (_Handler,), {"marketplace": self})
        ThreadingHTTPServer.allow_reuse_address = True
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        if self._down_since is not None:
            self.down_seconds += time.monotonic() - self._down_since
            self._down_since = None

    def go_down(self) -> None:
        """Stop serving and close the listening socket."""
        if self.server is None:
            return
        self.server.shutdown()
        self.server.server_close()
        self.server = None
        self._down_since = time.monotonic()

    def outage(self, seconds: float) -> threading.Thread:
        """Go down now and come back after `seconds`, from a background thread."""
        self.go_down()
        timer = threading.Timer(seconds, self.come_back)
        timer.start()
        return timer

    def __enter__(self) -> "MockMarketplace":
        self.come_back()
        return self

    def __exit__(self, *exc) -> None:
        self.go_down()

    def answer(self, path: str, key: str, body: bytes, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes, float]:
        """Decide the status, headers, body and delay of one request, and record it."""
        with self.lock:
            self.record.headers.append(headers)
            self.record.request_times.setdefault(key, []).append(time.monotonic())
            if self.reject_echo_status is not None:
                status = self.reject_echo_status
                self.record.statuses[status] += 1
                return status, {}, f"invalid request, Authorization: {headers.get('Authorization')}".encode(), 0.0
            if self.token and headers.get("Authorization") != f"Bearer {self.token}":
                self.record.statuses[401] += 1
                return 401, {}, b"missing or wrong bearer token", 0.0

            if self.script:
                status = self.script.pop(0)
                self.record.statuses[status] += 1
                return status, {"Retry-After": self.retry_after} if status == 429 else {}, b"scripted answer", 0.0

            draw = self.rng.random()
            if draw < self.throttle_rate:
                self.record.statuses[429] += 1
                return 429, {"Retry-After": self.retry_after}, b"too many requests", 0.0
            if draw < self.throttle_rate + self.unavailable_rate:
                self.record.statuses[503] += 1
                return 503, {}, b"service unavailable", 0.0

            self.record.statuses[200] += 1
            if key in self.record.accepted:
                self.record.replays += 1
            else:
                self.record.accepted[key] = body
                self.record.accepted_order.append((path, key))
                self.record.accepted_events += 1
                if self.record.accepted_events == self.outage_after_accepted:
                    # From another thread, because shutting down waits for this request's server loop.
                    threading.Thread(target=self.outage, args=(self.outage_seconds,), daemon=True).start()
            delay = self.slow_seconds if self.rng.random() < self.slow_rate else 0.0
            return 200, {"Content-Type": "application/json"}, b'{"status": "accepted"}', delay


class _Handler(BaseHTTPRequestHandler):
    marketplace: MockMarketplace

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        key = self.headers.get("Idempotency-Key") or ""
        status, headers, answer, delay = self.marketplace.answer(self.path, key, body, dict(self.headers.items()))
        if delay:
            time.sleep(delay)
        try:
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(answer)))
            self.end_headers()
            self.wfile.write(answer)
        except (BrokenPipeError, ConnectionResetError):
            # The client timed out and closed the connection; the push was accepted all the same.
            pass

    def log_message(self, format: str, *args) -> None:
        # Keep the server quiet, because the record already contains what a test needs.
        pass
