"""Roles file, audit chain and PO drafts, without the page."""

import csv
from decimal import Decimal

import pytest

from ingestion.paths import DataPaths
from orchestration.lib.planning.audit_log import AuditLog, AuditLogError
from orchestration.lib.planning.decisions import DecisionRejected, PlanLine, decide, pending_approvals
from orchestration.lib.planning.drafts import write_po_drafts
from orchestration.lib.planning.roles import Role, RolesFileError, load_roles

LOW = PlanLine("2026-11-30", "SKU-LOW", "WH-EAST", "SUP-A", "USD", Decimal("12.5"), 12, 24, 48)
OTHER = PlanLine("2026-11-30", "SKU-2", "WH-EAST", "SUP-A", "USD", Decimal("1"), 1, 1, 5)
FOREIGN = PlanLine("2026-11-30", "SKU-3", "WH-WEST", "=SUP-B", "EUR", Decimal("2"), 1, 1, 3)


def test_roles_file_roles_and_thresholds(planner_root):
    roles = load_roles(DataPaths(planner_root))

    assert roles.role_of("pat") is Role.PLANNER
    assert roles.role_of("ann") is Role.APPROVER
    assert roles.role_of("nobody") is Role.VIEWER
    assert roles.thresholds == {"USD": Decimal("1000")}
    assert roles.needs_approver(Decimal("1000"), "USD") is False
    assert roles.needs_approver(Decimal("1000.01"), "USD") is True
    assert roles.needs_approver(Decimal("1"), "EUR") is True


def test_missing_roles_file_makes_viewers(tmp_path, monkeypatch):
    monkeypatch.delenv("MARKETOPS_ROLES_FILE", raising=False)
    roles = load_roles(DataPaths(tmp_path))

    assert roles.role_of("anyone") is Role.VIEWER


def test_invalid_role_names_file_and_user(tmp_path, monkeypatch):
    monkeypatch.delenv("MARKETOPS_ROLES_FILE", raising=False)
    (tmp_path / "roles.yaml").write_text("users:\n  pat: boss\n")

    with pytest.raises(RolesFileError, match="user 'pat': invalid role 'boss'"):
        load_roles(DataPaths(tmp_path))


def test_invalid_threshold_rejected(tmp_path, monkeypatch):
    monkeypatch.delenv("MARKETOPS_ROLES_FILE", raising=False)
    (tmp_path / "roles.yaml").write_text("approval_threshold:\n  USD: lots\n")

    with pytest.raises(RolesFileError, match="USD: invalid amount 'lots'"):
        load_roles(DataPaths(tmp_path))


def test_viewer_decision_denied_and_logged(planner_root):
    log = AuditLog.in_folder(planner_root / "decisions")
    roles = load_roles(DataPaths(planner_root))

    with pytest.raises(DecisionRejected, match="viewer role cannot"):
        decide(log, roles, "vic", LOW, "approve", 48, "")
    assert [entry["action"] for entry in log.entries()] == ["denied"]


def test_edited_audit_log_detected(planner_root):
    log = AuditLog.in_folder(planner_root / "decisions")
    roles = load_roles(DataPaths(planner_root))
    decide(log, roles, "pat", LOW, "approve", 48, "")
    decide(log, roles, "pat", OTHER, "approve", 5, "")
    log.verify_chain()

    lines = log.path.read_text().splitlines()
    lines[0] = lines[0].replace('"quantity_after": 48', '"quantity_after": 480')
    log.path.write_text("\n".join(lines) + "\n")

    with pytest.raises(AuditLogError, match="line 2"):
        log.verify_chain()


@pytest.mark.parametrize("damage", ["edit last line", "drop last line"])
def test_audit_log_end_checked(planner_root, damage):
    log = AuditLog.in_folder(planner_root / "decisions")
    roles = load_roles(DataPaths(planner_root))
    decide(log, roles, "pat", LOW, "approve", 48, "")
    decide(log, roles, "pat", OTHER, "approve", 5, "")
    log.verify_chain()

    lines = log.path.read_text().splitlines()
    if damage == "edit last line":
        lines[-1] = lines[-1].replace('"quantity_after": 5', '"quantity_after": 500')
    else:
        lines = lines[:-1]
    log.path.write_text("\n".join(lines) + "\n")

    # The chain alone cannot see the end of the log; the head file can.
    with pytest.raises(AuditLogError, match="last line was edited or lines were removed"):
        log.verify_chain()


def test_drafts_per_supplier_once(planner_root):
    log = AuditLog.in_folder(planner_root / "decisions")
    roles = load_roles(DataPaths(planner_root))
    decide(log, roles, "pat", LOW, "approve", 48, "")
    decide(log, roles, "pat", OTHER, "approve", 5, "")
    decide(log, roles, "ann", FOREIGN, "approve", 3, "")
    decide(log, roles, "pat", OTHER, "reject", 5, "not needed")
    outbox = planner_root / "outbox"

    written = write_po_drafts(log, outbox, "run-1")

    assert sorted(written.values()) == [1, 1]
    rows = {}
    for name in written:
        with open(outbox / name, newline="") as handle:
            (row,) = list(csv.DictReader(handle))
        rows[row["supplier_id"]] = (name, row)

    name, row = rows["SUP-A"]
    assert name.startswith("purchase_orders/po_draft_SUP-A_")
    assert row["sku"] == "SKU-LOW"
    assert row["quantity"] == "48"
    assert row["line_value"] == "600.0000"
    assert row["approved_by"] == "pat"
    # A supplier id starting with "=" is text in a spreadsheet, and its file name has no "=".
    name, row = rows["'=SUP-B"]
    assert name.startswith("purchase_orders/po_draft__SUP-B_")
    assert row["currency"] == "EUR"
    assert pending_approvals(log.entries()) == []
    assert write_po_drafts(log, outbox, "run-2") == {}


def test_drafted_line_cannot_change(planner_root):
    log = AuditLog.in_folder(planner_root / "decisions")
    roles = load_roles(DataPaths(planner_root))
    decide(log, roles, "pat", LOW, "approve", 48, "")
    write_po_drafts(log, planner_root / "outbox", "run-1")

    with pytest.raises(DecisionRejected, match="already drafted"):
        decide(log, roles, "ann", LOW, "approve", 96, "more")
