"""Landed names and links never make ingestion read or write outside the data root."""

import os
from pathlib import Path

import pytest

from ingestion.cli import main
from ingestion.landed_index import known_identity, record_loaded
from ingestion.landing import ingest_source, route_landing_root
from ingestion.report import LEFT_IN_PLACE, LOADED, QUARANTINED, REJECTED_FILE

PRODUCTS = b"sku,title,category,unit_cost,cost_currency,safety_stock\n007,Mug,kitchen,2.50,USD,4\n"
GARBAGE = b"sku,title\n\x81\x8d\x8f\x90\n"


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Map every path under a folder to its bytes (files) or link target (links)."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        relative = str(path.relative_to(folder))
        if path.is_symlink():
            found[relative] = os.readlink(path)
        elif path.is_file():
            found[relative] = path.read_bytes()
    return found


def written_files(root: Path) -> list[Path]:
    """List every regular file under the root that is not a landed file or a link."""
    return [p for p in root.rglob("*") if p.is_file() and not p.is_symlink() and "landing" not in p.parts]


@pytest.fixture
def outside(tmp_path) -> Path:
    """A folder beside the data root holding a valid report and a garbage file."""
    folder = tmp_path / "outside"
    folder.mkdir()
    (folder / "products.csv").write_bytes(PRODUCTS)
    (folder / "garbage.csv").write_bytes(GARBAGE)
    return folder


def test_symlinked_source_folder_not_read(data_paths, outside):
    data_paths.landing_dir("products").symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)

    report = ingest_source(data_paths, "products")

    assert {outcome.status for outcome in report.files} == {REJECTED_FILE}
    assert all("outside the data root" in outcome.reason for outcome in report.files)
    assert report.rows_read == 0
    assert snapshot(outside) == before
    assert [p.name for p in data_paths.raw_dir("products").iterdir()] == ["_schema.parquet"]
    assert not data_paths.quarantine_dir("products").exists()


def test_symlinked_folder_at_top_left(data_paths, outside):
    (data_paths.landing / "linked").symlink_to(outside, target_is_directory=True)
    before = snapshot(outside)

    outcomes = route_landing_root(data_paths)

    assert [(o.file_name, o.status) for o in outcomes] == [("linked", LEFT_IN_PLACE)]
    assert "outside the data root" in outcomes[0].reason
    assert snapshot(outside) == before
    assert (data_paths.landing / "linked").is_symlink()


def test_link_to_folder_inside_root_rejected(data_paths):
    folder = data_paths.landing_dir("products")
    folder.mkdir(parents=True)
    (folder / "raw.csv").symlink_to(data_paths.raw, target_is_directory=True)
    (data_paths.landing / "raw.csv").symlink_to(data_paths.raw, target_is_directory=True)

    outcome = ingest_source(data_paths, "products").files[0]
    routed = route_landing_root(data_paths)

    assert outcome.status == REJECTED_FILE
    assert "is a folder" in outcome.reason
    assert [(o.file_name, o.status) for o in routed] == [("raw.csv", LEFT_IN_PLACE)]
    assert "is a folder" in routed[0].reason


def test_broken_link_rejected(data_paths, tmp_path):
    folder = data_paths.landing_dir("products")
    folder.mkdir(parents=True)
    (folder / "gone.csv").symlink_to(data_paths.root / "missing.csv")

    outcome = ingest_source(data_paths, "products").files[0]

    assert outcome.status == REJECTED_FILE
    assert "broken link" in outcome.reason
    assert not (data_paths.root / "missing.csv").exists()


@pytest.mark.parametrize("name", ["a\\..\\..\\b.csv", "sub\\products.csv"])
def test_backslash_name_rejected_not_crash(data_paths, name):
    folder = data_paths.landing_dir("products")
    folder.mkdir(parents=True)
    (folder / name).write_bytes(PRODUCTS)
    (folder / "good.csv").write_bytes(PRODUCTS)

    statuses = {o.file_name: o.status for o in ingest_source(data_paths, "products").files}

    assert statuses == {name: REJECTED_FILE, "good.csv": LOADED}


def test_quarantine_copies_stay_inside_root(data_paths, outside, tmp_path):
    folder = data_paths.landing_dir("products")
    folder.mkdir(parents=True)
    (folder / "x..garbage.csv").write_bytes(GARBAGE)
    (folder / "evil.csv\n..").write_bytes(GARBAGE + b"x\n")
    (data_paths.landing / "mystery..csv").write_bytes(b"foo,bar\n1,2\n")
    before = snapshot(tmp_path / "outside")
    parent_before = sorted(p.name for p in tmp_path.iterdir())

    routed = route_landing_root(data_paths)
    report = ingest_source(data_paths, "products")

    assert [o.status for o in routed] == [QUARANTINED]
    assert {o.status for o in report.files} == {REJECTED_FILE}
    root = data_paths.root.resolve()
    for path in written_files(data_paths.root):
        assert root in path.resolve().parents
    quarantined = sorted(p.name for p in data_paths.quarantine_dir("products").iterdir())
    assert len([name for name in quarantined if name.endswith(".parquet")]) == 2
    assert snapshot(tmp_path / "outside") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == parent_before


def test_cli_leaves_outside_untouched(data_paths, outside, capsys):
    (data_paths.landing / "products").symlink_to(outside, target_is_directory=True)
    (data_paths.landing / "passwd.csv").symlink_to(outside / "products.csv")
    before = snapshot(outside)

    status = main(["ingest", "--source", "products"])

    assert status == 1
    assert snapshot(outside) == before
    assert "outside the data root" in capsys.readouterr().out


def test_newline_name_cannot_forge_index(data_paths):
    raw_dir = data_paths.raw_dir("products")
    raw_dir.mkdir(parents=True)
    # os.stat_result takes the ten classic fields; size is index 6, mtime index 8.
    status = os.stat_result((0o100644, 0, 0, 1, 0, 0, 5, 0, 7, 0))
    forged_name = f"x.csv\t{status.st_size}\t{status.st_mtime_ns}\tforged\nb.csv"

    record_loaded(raw_dir, forged_name, status, "honest")

    assert known_identity(raw_dir, "b.csv", status) is None
    assert known_identity(raw_dir, "x.csv", status) is None
    assert known_identity(raw_dir, forged_name, status) == "honest"
