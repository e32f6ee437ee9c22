"""One page load of the live app in headless Chromium, saved as a screenshot."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
REPO_ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = REPO_ROOT / "test-artifacts" / "executive.png"
SERVER_START_TIMEOUT_SECONDS = 60
PAGE_TIMEOUT_MS = 60_000

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed at /usr/bin/chromium"),
]


def free_port() -> int:
    """Ask the kernel for a free TCP port on 127.0.0.1."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(server: subprocess.Popen, port: int) -> None:
    """Poll Streamlit's health endpoint until it returns 200, or fail with the server's output."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with code {server.returncode}: {server.stdout.read()}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/_stcore/health", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail(f"streamlit did not answer on 127.0.0.1:{port} within {SERVER_START_TIMEOUT_SECONDS} s")


@pytest.fixture
def streamlit_server(serving_root):
    """Start `streamlit run dashboards/app.py` on a free port and stop it afterwards."""
    port = free_port()
    command = [
        sys.executable, "-m", "streamlit", "run", str(REPO_ROOT / "dashboards" / "app.py"),
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",
    ]
    environment = {**os.environ, "MARKETOPS_DATA_DIR": str(serving_root)}
    server = subprocess.Popen(
        command, cwd=REPO_ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_until_healthy(server, port)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def test_executive_page_in_chromium(streamlit_server, tmp_path):
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            user_data_dir=str(tmp_path / "chromium-profile"),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1600, "height": 1000},
        )
        try:
            page = browser.new_page()
            page.goto(streamlit_server, timeout=PAGE_TIMEOUT_MS)

            expect(page.get_by_role("heading", name="Executive overview")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
            metrics = page.get_by_test_id("stMetric")
            expect(metrics).to_have_count(8, timeout=PAGE_TIMEOUT_MS)
            expect(metrics.filter(has_text="Gross margin")).to_contain_text("42.0%", timeout=PAGE_TIMEOUT_MS)
            expect(metrics.filter(has_text="Net sales")).to_contain_text("1,050.00 USD", timeout=PAGE_TIMEOUT_MS)
            expect(page.get_by_text("Settlement reconciliation")).to_be_visible(timeout=PAGE_TIMEOUT_MS)
            # Charts render last; wait for them so the screenshot shows the whole page.
            expect(page.locator(".js-plotly-plot")).to_have_count(5, timeout=PAGE_TIMEOUT_MS)
            expect(page.get_by_test_id("stException")).to_have_count(0)

            # Streamlit scrolls inside its main block, not the document, so a full-page
            # screenshot needs a viewport as tall as that block's content.
            content_height = page.evaluate(
                "() => document.querySelector('[data-testid=\"stMainBlockContainer\"]').scrollHeight"
            )
            page.set_viewport_size({"width": 1600, "height": content_height + 200})
            page.wait_for_timeout(1000)
            SCREENSHOT.parent.mkdir(exist_ok=True)
            page.screenshot(path=str(SCREENSHOT), full_page=True)
        finally:
            browser.close()

    assert SCREENSHOT.stat().st_size > 0
