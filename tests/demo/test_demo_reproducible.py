"""The same arguments and seed give the same bytes; another seed gives other data."""

import dataclasses
from pathlib import Path

from ingestion.demo.generate import generate
from demo_helpers import SMALL


def _file_bytes(out_dir: Path) -> dict[str, bytes]:
    return {p.relative_to(out_dir).as_posix(): p.read_bytes() for p in sorted(out_dir.rglob("*")) if p.is_file()}


def test_same_seed_same_bytes(small_demo, tmp_path):
    generate(SMALL, tmp_path / "again", show_progress=False)
    first = _file_bytes(small_demo)
    second = _file_bytes(tmp_path / "again")
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == []


def test_other_seed_other_orders(small_demo, tmp_path):
    generate(dataclasses.replace(SMALL, seed=8), tmp_path / "other", show_progress=False)
    first = _file_bytes(small_demo)
    other = _file_bytes(tmp_path / "other")
    order_files = [name for name in first if name.startswith("amazon_orders/")]
    assert order_files
    assert all(first[name] != other.get(name) for name in order_files)
