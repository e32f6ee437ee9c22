"""Count and describe what the landing router did with each file at the top of `landing/`.

A file that was not routed is not always quarantined: a symlink leaving the data root
is left in place unread, a file still being written waits for a later run, and a
folder ingestion never reads is only reported. Each message keeps the router's reason.
"""

from typing import Any

from ingestion.paths import DataPaths

ROUTED = "routed"
QUARANTINED = "quarantined"
LEFT_IN_PLACE = "left_in_place"
NOT_SETTLED = "not_settled"
NOT_READ = "not_read"


def route_status(outcome: Any, paths: DataPaths) -> str:
    """Return the outcome's status, derived from where the file went when the outcome has none."""
    status = getattr(outcome, "status", None)
    if status:
        return str(status)
    if outcome.source is not None:
        return ROUTED
    if outcome.destination.is_relative_to(paths.quarantine):
        return QUARANTINED
    return LEFT_IN_PLACE


def route_counts(outcomes: list[Any], paths: DataPaths) -> dict[str, int]:
    """Count the outcomes by status, for the router's materialization metadata."""
    statuses = [route_status(outcome, paths) for outcome in outcomes]
    return {
        "files_routed": statuses.count(ROUTED),
        "files_quarantined": statuses.count(QUARANTINED),
        "files_left_in_place": statuses.count(LEFT_IN_PLACE),
        "files_not_settled": statuses.count(NOT_SETTLED),
        "folders_not_read": statuses.count(NOT_READ),
    }


def unrouted_message(outcome: Any, paths: DataPaths) -> str:
    """Describe a file the router did not move to a source folder, with the router's reason."""
    if route_status(outcome, paths) == QUARANTINED:
        return f"Quarantined {outcome.file_name} to {outcome.destination}: {outcome.reason}"
    return f"Did not route {outcome.file_name}: {outcome.reason}"


def outcome_line(outcome: Any, paths: DataPaths) -> str:
    """Render one outcome as a Markdown list item for the router's metadata."""
    status = route_status(outcome, paths)
    if status == ROUTED:
        return f"- `{outcome.file_name}` → {outcome.source}: {outcome.destination}"
    return f"- `{outcome.file_name}` → {status.replace('_', ' ')}: {outcome.reason}"
