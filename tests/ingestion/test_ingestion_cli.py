"""The `python -m ingestion ingest` command line."""

import os
import subprocess
import sys
import time

from ingestion.paths import DATA_DIR_ENV

PRODUCTS = b"sku,title,category,unit_cost,cost_currency,safety_stock\n0042,Mug,kitchen,2.50,USD,4\n"


def run_cli(data_paths) -> subprocess.CompletedProcess:
    """Run the ingest command on the data root with the default minimum file age."""
    return subprocess.run(
        [sys.executable, "-m", "ingestion", "ingest", "--source", "products"],
        capture_output=True,
        text=True,
        env={DATA_DIR_ENV: str(data_paths.root), "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )


def backdate(path, seconds: float = 60) -> None:
    """Set a file's modification time in the past, as if its copy finished a while ago."""
    moment = time.time() - seconds
    os.utime(path, (moment, moment))


def test_cli_routes_and_counts(data_paths):
    (data_paths.landing / "products.csv").write_bytes(PRODUCTS)
    backdate(data_paths.landing / "products.csv")
    completed = run_cli(data_paths)

    assert completed.returncode == 0, completed.stderr
    assert "routed products.csv -> products" in completed.stdout
    counts = next(line for line in completed.stdout.splitlines() if line.startswith("products "))
    assert counts.split() == ["products", "1", "1", "0", "0", "0", "1", "1", "0"]


def test_cli_waits_for_young_file(data_paths):
    folder = data_paths.landing_dir("products")
    folder.mkdir(parents=True)
    (folder / "products.csv").write_bytes(PRODUCTS)
    # A minute ahead, so the file is still young however long the CLI takes to start.
    backdate(folder / "products.csv", seconds=-60)
    completed = run_cli(data_paths)

    assert completed.returncode == 0, completed.stderr
    assert "still being written" in completed.stderr
    assert "products.csv" in completed.stderr
    counts = next(line for line in completed.stdout.splitlines() if line.startswith("products "))
    assert counts.split() == ["products", "0", "0", "0", "0", "1", "0", "0", "0"]


def test_cli_fails_on_file_rejected_at_top(data_paths):
    (data_paths.landing / "mystery.csv").write_bytes(b"foo,bar\n1,2\n")
    backdate(data_paths.landing / "mystery.csv")
    completed = run_cli(data_paths)

    assert completed.returncode == 1
    assert "quarantined mystery.csv: header matches no known format" in completed.stdout


def test_cli_fails_on_file_rejected_in_source(data_paths):
    folder = data_paths.landing_dir("products")
    folder.mkdir(parents=True)
    (folder / "empty.csv").write_bytes(b"")
    backdate(folder / "empty.csv")
    completed = run_cli(data_paths)

    assert completed.returncode == 1


def test_cli_fails_on_outside_symlink(data_paths, tmp_path):
    outside = tmp_path / "secret.csv"
    outside.write_bytes(PRODUCTS)
    (data_paths.landing / "link.csv").symlink_to(outside)
    completed = run_cli(data_paths)

    assert completed.returncode == 1
    assert "left in place and not read" in completed.stdout
    assert "quarantine" not in completed.stdout
    assert (data_paths.landing / "link.csv").is_symlink()


def test_cli_warns_about_unread_folders(data_paths):
    (data_paths.landing / "shopify").mkdir()
    (data_paths.landing / "shopify" / "orders.csv").write_bytes(b"Name\n#1\n")
    nested = data_paths.landing_dir("products") / "sub"
    nested.mkdir(parents=True)
    (nested / "products.csv").write_bytes(PRODUCTS)
    completed = run_cli(data_paths)

    assert completed.returncode == 0, completed.stderr
    assert "landing/shopify/ is not a source folder" in completed.stdout
    assert "valid folders: amazon_fba_inventory, amazon_fba_returns, amazon_orders" in completed.stdout
    assert "landing/products/sub/ is nested in a source folder" in completed.stdout
