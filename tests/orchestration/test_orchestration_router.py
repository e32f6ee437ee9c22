"""The landing router reports each file it did not route with the router's own reason."""

import os
import time
from pathlib import Path

import dagster as dg
import pytest

from orchestration_runs import materialization_metadata, materialize_logged

ROUTER_SELECTION = dg.AssetSelection.assets("landing_router")


def dated_file(path: Path, text: str) -> Path:
    """Write a file dated a minute ago, so the router takes it as completely written."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    stamp = time.time() - 60
    os.utime(path, (stamp, stamp))
    return path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "data"


def test_outside_link_left_in_place(definitions, root, tmp_path):
    outside = dated_file(tmp_path / "outside" / "secret.csv", "user,password\nroot,x\n")
    link = root / "landing" / "passwd.csv"
    link.parent.mkdir(parents=True)
    link.symlink_to(outside)

    result, messages = materialize_logged(definitions, root, ROUTER_SELECTION)
    metadata = materialization_metadata(result, "landing_router")
    about_link = [message for message in messages if "passwd.csv" in message]

    assert result.success
    assert about_link, messages
    assert all("Did not route passwd.csv: " in message for message in about_link), about_link
    assert not any("no known format" in message for message in about_link), about_link
    assert metadata["files_quarantined"] == 0
    assert metadata["files_left_in_place"] == 1
    assert link.is_symlink()
    assert list((root / "quarantine").rglob("*")) == []


def test_unknown_header_quarantined(definitions, root):
    dated_file(root / "landing" / "notes.csv", "colour,shape\nred,round\n")

    result, messages = materialize_logged(definitions, root, ROUTER_SELECTION)
    metadata = materialization_metadata(result, "landing_router")

    assert result.success
    assert any(message.startswith("Quarantined notes.csv to ") for message in messages), messages
    assert metadata["files_quarantined"] == 1
    assert metadata["files_left_in_place"] == 0
    assert not (root / "landing" / "notes.csv").exists()
