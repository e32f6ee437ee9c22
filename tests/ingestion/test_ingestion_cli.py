"""The `python -m ingestion ingest` command line."""

import subprocess
import sys

from ingestion.paths import DATA_DIR_ENV

PRODUCTS = b"sku,title,category,unit_cost,cost_currency,safety_stock\n0042,Mug,kitchen,2.50,USD,4\n"


def test_cli_routes_and_counts(data_paths):
    (data_paths.landing / "products.csv").write_bytes(PRODUCTS)
    completed = subprocess.run(
        [sys.executable, "-m", "ingestion", "ingest", "--source", "products"],
        capture_output=True,
        text=True,
        env={DATA_DIR_ENV: str(data_paths.root), "PATH": "/usr/bin:/bin"},
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert "routed products.csv -> products" in completed.stdout
    counts = next(line for line in completed.stdout.splitlines() if line.startswith("products "))
    assert counts.split() == ["products", "1", "1", "0", "0", "1", "1", "0"]
