"""Approving on the Planner page launches the drafts job on a real Dagster webserver.

`dagster dev` serves the code location on a free port of 127.0.0.1 with its own
DAGSTER_HOME, and its daemon starts the queued run. The page (AppTest) approves a line
as an approver; the run writes the PO draft into outbox/ and logs it as drafted.
"""

import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from streamlit.testing.v1 import AppTest

from planner_fixtures import write_plan_serving, write_roles
from planner_page import decide_line, messages

from orchestration.lib.planning.audit_log import AuditLog

REPO_ROOT = Path(__file__).resolve().parents[2]
PAGE_PATH = REPO_ROOT / "dashboards" / "pages" / "planner.py"
DAGSTER = Path(sys.executable).parent / "dagster"
# Loading the code location parses the dbt project when its manifest is stale.
SERVER_START_TIMEOUT_SECONDS = 240
RUN_TIMEOUT_SECONDS = 240

JOBS_QUERY = """
{ repositoriesOrError { ... on RepositoryConnection { nodes { pipelines { name } } } } }
"""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def read_output(server: subprocess.Popen, log_path: Path) -> str:
    return log_path.read_text(errors="replace")[-6000:] if log_path.exists() else ""


def wait_for_job(server: subprocess.Popen, url: str, log_path: Path) -> None:
    """Poll the GraphQL API until the code location lists the drafts job."""
    deadline = time.monotonic() + SERVER_START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"dagster dev exited with code {server.returncode}:\n{read_output(server, log_path)}")
        try:
            response = httpx.post(f"{url}/graphql", json={"query": JOBS_QUERY}, timeout=5)
            if "purchase_order_drafts_job" in response.text:
                return
        except httpx.TransportError:
            pass
        time.sleep(1)
    pytest.fail(f"dagster dev did not list the drafts job at {url} within {SERVER_START_TIMEOUT_SECONDS} s:\n"
                f"{read_output(server, log_path)}")


@pytest.fixture
def dagster_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Start `dagster dev` on a free port for a data root with a plan and roles; stop it afterwards."""
    root = tmp_path / "data"
    write_plan_serving(root)
    write_roles(root)
    home = tmp_path / "dagster_home"
    home.mkdir()
    shutil.copyfile(REPO_ROOT / "orchestration" / "dagster.yaml", home / "dagster.yaml")

    port = free_port()
    url = f"http://127.0.0.1:{port}"
    environment = {
        **os.environ,
        "MARKETOPS_DATA_DIR": str(root),
        "DAGSTER_HOME": str(home),
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    log_path = tmp_path / "dagster_dev.log"
    with open(log_path, "w") as log_file:
        server = subprocess.Popen(
            [str(DAGSTER), "dev", "--host", "127.0.0.1", "--port", str(port)],
            cwd=REPO_ROOT, env=environment, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_for_job(server, url, log_path)
        monkeypatch.setenv("MARKETOPS_DATA_DIR", str(root))
        monkeypatch.setenv("MARKETOPS_DAGSTER_URL", url)
        monkeypatch.delenv("MARKETOPS_ROLES_FILE", raising=False)
        yield root
    finally:
        # dagster dev runs a webserver, a daemon and code servers in its own session.
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def wait_for_drafted(log: AuditLog) -> dict:
    deadline = time.monotonic() + RUN_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        drafted = [entry for entry in log.entries() if entry["action"] == "drafted"]
        if drafted:
            return drafted[0]
        time.sleep(1)
    pytest.fail(f"no drafted entry in {log.path} within {RUN_TIMEOUT_SECONDS} s: {log.entries()}")


def test_approval_writes_po_draft(dagster_server, monkeypatch):
    monkeypatch.setenv("MARKETOPS_USER", "ann")
    app = AppTest.from_file(str(PAGE_PATH), default_timeout=60).run()

    app = decide_line(app, "SKU-HIGH", "approve", quantity=96, why="supplier capacity this week")

    assert "is writing the PO draft" in messages(app)
    log = AuditLog.in_folder(dagster_server / "decisions")
    drafted = wait_for_drafted(log)
    approval = next(entry for entry in log.entries() if entry["action"] == "approve")
    assert approval["user"] == "ann"
    assert approval["quantity_before"] == 120
    assert approval["quantity_after"] == 96
    assert approval["why"] == "supplier capacity this week"
    assert drafted["line_key"] == approval["line_key"]
    assert drafted["run_id"] in messages(app)

    draft = dagster_server / "outbox" / drafted["draft_file"]
    with open(draft, newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert row["supplier_id"] == "SUP-A"
    assert row["sku"] == "SKU-HIGH"
    assert row["quantity"] == "96"
    assert row["line_value"] == "2400.0000"
    assert row["approved_by"] == "ann"
    log.verify_chain()
