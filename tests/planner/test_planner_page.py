"""The Planner page: proposals, decisions by role, the audit log, and Dagster being down."""

import json
from pathlib import Path

from planner_page import decide_line, messages
from streamlit.testing.v1 import AppTest

from orchestration.lib.planning.audit_log import AuditLog


APP_PATH = Path(__file__).resolve().parents[2] / "dashboards" / "app.py"


def audit_entries(root):
    return AuditLog.in_folder(root / "decisions").entries()


def test_planner_approves_below_threshold(planner_root, open_planner):
    app = decide_line(open_planner("pat"), "SKU-LOW", "approve")

    (entry,) = audit_entries(planner_root)
    assert entry["action"] == "approve"
    assert entry["user"] == "pat"
    assert entry["role"] == "planner"
    assert entry["quantity_before"] == 48
    assert entry["quantity_after"] == 48
    assert entry["order_value"] == "600.0000"
    # No Dagster listens on the configured URL: the page says so and keeps the decision.
    assert "Dagster is not reachable at http://127.0.0.1:9" in messages(app)
    assert "the approval is saved" in messages(app)


def test_planner_cannot_approve_above_threshold(planner_root, open_planner):
    app = decide_line(open_planner("pat"), "SKU-HIGH", "approve")

    assert "needs an approver" in messages(app)
    (entry,) = audit_entries(planner_root)
    assert entry["action"] == "denied"
    assert entry["requested_action"] == "approve"
    assert not (planner_root / "outbox" / "purchase_orders").exists()


def test_role_ignores_page_state_and_url(planner_root, open_planner):
    app = open_planner("pat")
    app.session_state["role"] = "approver"
    app.session_state["planner_role"] = "approver"
    app.query_params["role"] = "approver"
    app.query_params["user"] = "ann"

    app = decide_line(app, "SKU-HIGH", "approve")

    assert "needs an approver" in messages(app)
    assert [entry["action"] for entry in audit_entries(planner_root)] == ["denied"]
    assert audit_entries(planner_root)[0]["user"] == "pat"


def test_approver_approves_above_threshold(planner_root, open_planner):
    decide_line(open_planner("ann"), "SKU-HIGH", "approve")

    (entry,) = audit_entries(planner_root)
    assert entry["action"] == "approve"
    assert entry["role"] == "approver"


def test_currency_without_threshold_needs_approver(planner_root, open_planner):
    app = decide_line(open_planner("pat"), "SKU-EUR", "approve")

    assert "no threshold set for EUR" in messages(app)


def test_quantity_change_needs_reason(planner_root, open_planner):
    app = decide_line(open_planner("pat"), "SKU-LOW", "approve", quantity=24)
    assert "needs a reason" in messages(app)

    decide_line(open_planner("pat"), "SKU-LOW", "approve", quantity=24, why="=HYPERLINK(\"x\") half is enough")
    approval = audit_entries(planner_root)[-1]
    assert approval["action"] == "approve"
    assert approval["quantity_before"] == 48
    assert approval["quantity_after"] == 24
    assert approval["why"].startswith("=HYPERLINK")


def test_quantity_must_be_whole_cases(planner_root, open_planner):
    app = decide_line(open_planner("ann"), "SKU-LOW", "approve", quantity=30, why="round number")

    assert "whole cases of 12" in messages(app)
    assert audit_entries(planner_root)[-1]["action"] == "denied"


def test_rejection_needs_reason(planner_root, open_planner):
    app = decide_line(open_planner("pat"), "SKU-LOW", "reject")
    assert "a rejection needs a reason" in messages(app)

    app = decide_line(open_planner("pat"), "SKU-LOW", "reject", why="supplier on holiday")
    assert "Rejected SKU-LOW" in messages(app)
    assert audit_entries(planner_root)[-1]["action"] == "reject"


def test_viewer_sees_no_decision_form(planner_root, open_planner):
    app = open_planner("vic")

    assert "can review proposals but not decide" in messages(app)
    assert not [button for button in app.button if button.key in ("planner_approve", "planner_reject")]
    assert len(app.dataframe) >= 1


def test_unknown_user_is_viewer(planner_root, open_planner):
    app = open_planner("mallory")

    assert "can review proposals but not decide" in messages(app)


def test_page_shows_audit_log(planner_root, open_planner):
    decide_line(open_planner("pat"), "SKU-LOW", "reject", why="too early")
    app = open_planner("vic")

    audit = next(frame for frame in app.dataframe if "action" in frame.value.columns)
    assert list(audit.value["action"]) == ["reject"]
    assert list(audit.value["why"]) == ["too early"]
    log_lines = (planner_root / "decisions" / "audit_log.jsonl").read_text().splitlines()
    assert json.loads(log_lines[0])["previous_sha256"] == "0" * 64


def test_app_navigation_opens_planner(planner_root, monkeypatch):
    monkeypatch.setenv("MARKETOPS_USER", "vic")
    app = AppTest.from_file(str(APP_PATH), default_timeout=60).run()
    app.switch_page("pages/planner.py").run()

    assert [title.value for title in app.title] == ["Replenishment planner"]
    assert not app.exception


def test_page_flags_edited_audit_log(planner_root, open_planner):
    log = AuditLog.in_folder(planner_root / "decisions")
    log.append({"action": "reject", "user": "pat", "line_key": "a", "why": "too early"})
    log.append({"action": "reject", "user": "pat", "line_key": "b", "why": "too early"})
    log.path.write_text(log.path.read_text().replace("too early", "too late", 1))

    app = open_planner("vic")

    assert "The audit log was changed after it was written" in messages(app)
