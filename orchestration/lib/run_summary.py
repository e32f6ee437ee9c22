"""Summarize one pipeline run for the console: files and rows per source, rejections, failed checks.

The numbers come from the materialization metadata the ingestion assets recorded in
this run, so the summary matches what the Dagster UI shows for the same run.
"""

from pathlib import Path
from typing import Any

import dagster as dg

from orchestration.lib.asset_keys import RAW_PREFIX

# (metadata key, column heading) of each count in the per-source table.
COLUMNS = [
    ("files_loaded", "loaded"),
    ("files_already_loaded", "already"),
    ("files_rejected", "rejected"),
    ("files_not_settled", "not settled"),
    ("rows_read", "rows read"),
    ("rows_loaded", "rows loaded"),
    ("rows_quarantined", "quarantined"),
]


def plain_metadata(materialization: dg.AssetMaterialization) -> dict[str, Any]:
    return {name: getattr(value, "value", value) for name, value in materialization.metadata.items()}


def source_metadata(result: dg.ExecuteInProcessResult) -> dict[str, dict[str, Any]]:
    """Return the metadata of each `raw/<source>` materialized in the run, by source name."""
    sources = {}
    for event in result.get_asset_materialization_events():
        path = event.asset_key.path
        if len(path) == 2 and path[0] == RAW_PREFIX:
            sources[path[1]] = plain_metadata(event.materialization)
    return sources


def source_table(sources: dict[str, dict[str, Any]]) -> list[str]:
    """Render one row per source that saw a file, plus a total row, as fixed-width text."""
    seen = {
        source: metadata
        for source, metadata in sorted(sources.items())
        if any(int(metadata.get(key) or 0) for key, _heading in COLUMNS)
    }
    if not seen:
        return ["No file in any landing/<source>/ folder."]

    width = max(len("source"), *(len(source) for source in seen))
    headings = [heading for _key, heading in COLUMNS]
    lines = ["source".ljust(width) + "".join(heading.rjust(13) for heading in headings)]
    totals = dict.fromkeys((key for key, _heading in COLUMNS), 0)
    for source, metadata in seen.items():
        counts = [int(metadata.get(key) or 0) for key, _heading in COLUMNS]
        lines.append(source.ljust(width) + "".join(str(count).rjust(13) for count in counts))
        for (key, _heading), count in zip(COLUMNS, counts):
            totals[key] += count
    lines.append("total".ljust(width) + "".join(str(totals[key]).rjust(13) for key, _heading in COLUMNS))
    return lines


def rejected_files(sources: dict[str, dict[str, Any]]) -> list[str]:
    """List each file rejected whole or not settled in this run, with its reason."""
    lines = []
    for source, metadata in sorted(sources.items()):
        table = metadata.get("files")
        for record in getattr(table, "records", None) or []:
            row = record.data
            if row.get("status") in ("rejected_file", "not_settled"):
                lines.append(f"  {source}/{row['file_name']}: {row['status']}, {row['reason']}")
    return lines


def router_line(result: dg.ExecuteInProcessResult) -> list[str]:
    """Summarize what the landing router did with the files at the top of `landing/`."""
    for event in result.get_asset_materialization_events():
        if event.asset_key == dg.AssetKey("landing_router"):
            counts = plain_metadata(event.materialization)
            return [
                f"landing/: {counts.get('files_routed', 0)} routed, {counts.get('files_quarantined', 0)} quarantined, "
                f"{counts.get('files_left_in_place', 0)} left in place, {counts.get('files_not_settled', 0)} not settled, "
                f"{counts.get('folders_not_read', 0)} folder(s) not read"
            ]
    return []


def writeback_lines(result: dg.ExecuteInProcessResult) -> list[str]:
    """Report the SKUs held back from CSV feeds and what the pushes did, when the run wrote feeds."""
    lines = []
    for event in result.get_asset_materialization_events():
        metadata = plain_metadata(event.materialization)
        if event.asset_key == dg.AssetKey("channel_inventory_feeds"):
            held_back = {key.split("/", 1)[1]: value for key, value in metadata.items() if key.startswith("held_back_skus/")}
            if any(held_back.values()):
                counts = ", ".join(f"{channel} {count}" for channel, count in sorted(held_back.items()) if count)
                lines.append(f"Channel SKUs held back from CSV feeds because they start like a formula: {counts} "
                             "(listed in the run log and the asset's `held_back` metadata)")
        elif event.asset_key == dg.AssetKey("outbox_pushes") and metadata.get("endpoints") != "none (files only)":
            lines.append(f"Pushes: {metadata.get('sent', 0)} sent, {metadata.get('failed', 0)} failed, "
                         f"{metadata.get('waiting', 0)} waiting in the outbox, {metadata.get('attempts', 0)} attempt(s)")
    return lines


def failed_checks(result: dg.ExecuteInProcessResult) -> list[str]:
    """List each failed asset check with its severity and description."""
    return [
        f"  {evaluation.asset_key.to_user_string()} {evaluation.check_name} "
        f"({evaluation.severity.value}): {evaluation.description or 'no description'}"
        for evaluation in result.get_asset_check_evaluations()
        if not evaluation.passed
    ]


def summarize_run(result: dg.ExecuteInProcessResult, quarantine: Path) -> str:
    """Build the text printed after a run: the per-source table, rejections, checks and outcome."""
    sources = source_metadata(result)
    lines = [f"Run {result.run_id}", *router_line(result), *source_table(sources)]

    rejected = rejected_files(sources)
    if rejected:
        lines += ["Files rejected or waiting for a later run:", *rejected]
    quarantined = sum(int(metadata.get("rows_quarantined") or 0) for metadata in sources.values())
    if rejected or quarantined:
        lines.append(f"Rejected files and quarantined rows are in {quarantine}")

    lines += writeback_lines(result)
    checks = failed_checks(result)
    if checks:
        lines += ["Failed checks:", *checks]

    files_rejected = sum(int(metadata.get("files_rejected") or 0) for metadata in sources.values())
    failed_steps = [event.step_key for event in result.all_events if event.is_step_failure]
    if result.success and not (files_rejected or quarantined):
        lines.append("Run succeeded.")
    elif result.success:
        lines.append(f"Run succeeded, but {files_rejected} file(s) were rejected and {quarantined} row(s) quarantined.")
    else:
        lines.append(f"Run failed; failed steps: {', '.join(failed_steps) or 'none reported'}")
    return "\n".join(lines)
