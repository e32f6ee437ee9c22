"""Tell whether the dbt manifest is older than the project files it was parsed from."""

from pathlib import Path

# Folders and files that the manifest is parsed from. The outputs target/ and logs/ are left out.
PROJECT_INPUTS = ("models", "seeds", "macros", "tests", "snapshots", "analyses", "dbt_project.yml", "profiles.yml")


def manifest_is_stale(project_dir: Path, manifest: Path) -> bool:
    """Return True when the manifest is missing or any project input was modified after it."""
    if not manifest.exists():
        return True
    built_ns = manifest.stat().st_mtime_ns
    for name in PROJECT_INPUTS:
        path = project_dir / name
        if path.is_file():
            candidates = [path]
        elif path.is_dir():
            candidates = path.rglob("*")
        else:
            continue
        if any(candidate.stat().st_mtime_ns > built_ns for candidate in candidates):
            return True
    return False
