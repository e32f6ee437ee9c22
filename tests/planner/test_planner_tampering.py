"""Approvals cannot be forced through page state, query parameters, a spoofed user or a broken roles file."""

import json

import duckdb
import pytest

from planner_page import LINE_LABELS, decide_line, messages

DECISION_BUTTONS = ("planner_approve", "planner_reject")


def audit_entries(root) -> list[dict]:
    path = root / "decisions" / "audit_log.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def decision_buttons(app) -> list:
    return [button for button in app.button if button.key in DECISION_BUTTONS]


def test_viewer_page_state_decides_nothing(planner_root, open_planner):
    app = open_planner("vic")
    app.session_state["planner_line"] = 1
    app.session_state["planner_why"] = "urgent"
    app.session_state["role"] = "approver"
    app.session_state["user"] = "ann"

    app.run()

    assert not app.exception
    assert "can review proposals but not decide" in messages(app)
    assert decision_buttons(app) == []
    assert audit_entries(planner_root) == []


def test_query_params_grant_nothing(planner_root, open_planner):
    app = open_planner("vic")
    app.query_params["user"] = "ann"
    app.query_params["role"] = "approver"
    app.query_params["MARKETOPS_USER"] = "ann"

    app.run()

    assert "Signed in as **vic** with the **viewer** role" in "\n".join(str(caption.value) for caption in app.caption)
    assert decision_buttons(app) == []
    assert audit_entries(planner_root) == []


@pytest.mark.parametrize("user", ["mallory", "ANN", "ann@example.com", "' OR 1=1 --", "root", "approver"])
def test_spoofed_user_is_viewer(planner_root, open_planner, user):
    app = open_planner(user)

    assert "can review proposals but not decide" in messages(app)
    assert decision_buttons(app) == []


def test_planted_outcome_cannot_run_code(planner_root, open_planner):
    app = open_planner("pat")
    # A planted outcome naming another Streamlit function than a message must not be called.
    app.session_state["planner_outcome"] = ("balloons", "x")

    app.run()

    assert not app.exception
    assert audit_entries(planner_root) == []


def test_tampered_quantity_denied(planner_root, open_planner):
    app = open_planner("pat")
    line = app.selectbox(key="planner_line")
    line.select_index(line.options.index(LINE_LABELS["SKU-LOW"]))
    app.run()
    quantity_key = next(number.key for number in app.number_input if number.key.startswith("planner_quantity_"))

    app.session_state[quantity_key] = 10**9
    app.text_input(key="planner_why").input("more")
    app.button(key="planner_approve").click()
    app.run()

    (entry,) = audit_entries(planner_root)
    assert entry["action"] == "denied"
    assert "invalid quantity" in entry["denied_reason"]


@pytest.mark.parametrize(
    "roles_text",
    [
        "users: [ann: approver\n",  # unclosed flow sequence
        "users:\n  ann: superuser\n",
        "users:\n  - ann\n",
        "approval_threshold:\n  USD: -1\n",
        "- just a list\n",
        "users:\n  ann: approver\n\tpat: approver\n",  # a tab in the indentation
    ],
)
def test_broken_roles_file_blocks_decisions(planner_root, open_planner, roles_text):
    (planner_root / "roles.yaml").write_text(roles_text, encoding="utf-8")

    app = open_planner("ann")

    assert "The roles file is invalid, so nobody can decide until it is fixed" in messages(app)
    assert decision_buttons(app) == []
    assert audit_entries(planner_root) == []


def test_hostile_reason_stored_as_text(planner_root, open_planner):
    hostile = "'; DROP TABLE fct_replenishment_plan; --"

    app = decide_line(open_planner("pat"), "SKU-LOW", "reject", why=hostile)

    assert not app.exception
    (entry,) = audit_entries(planner_root)
    assert entry["why"] == hostile
    with duckdb.connect(str(planner_root / "serving.duckdb"), read_only=True) as conn:
        assert conn.execute("SELECT count(*) FROM fct_replenishment_plan").fetchone() == (4,)
