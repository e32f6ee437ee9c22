"""Build helpers shared by the dbt test modules.

They live outside conftest.py because several test folders have a conftest.py,
and `import conftest` would find whichever was imported first.
"""

import os
import shutil
import time
from pathlib import Path

from dbt_runner import AS_OF_AT, assert_dbt_succeeded, run_dbt
from ingestion.landing import ingest_source
from ingestion.paths import DataPaths
from ingestion.schemas import RAW_SCHEMAS


def build_warehouse(data_root: Path, work_dir: Path, *extra_args: str, as_of_at: str | None = AS_OF_AT) -> Path:
    """Run `dbt build` on `data_root`, fail on any error, and return the warehouse path.

    `as_of_at` None lets the models take the latest order time as the current instant.
    """
    result = run_dbt(data_root, work_dir, "build", *extra_args, as_of_at=as_of_at)
    assert_dbt_succeeded(result)
    return data_root / "warehouse.duckdb"


def copy_real_reports(real_data: Path, data_root: Path) -> None:
    """Copy the sample reports into the landing folders of a temporary data root."""
    folders = {
        "amazon_settlements": real_data / "amazon" / "settlement_flat_file",
        "shopify_orders": real_data / "shopify" / "orders_export",
        "shopify_payments": real_data / "shopify" / "payments_transactions",
    }
    for source, folder in folders.items():
        landing = data_root / "landing" / source
        landing.mkdir(parents=True)
        for report in folder.iterdir():
            shutil.copyfile(report, landing / report.name)


def land_every_source(data_root: Path) -> None:
    """Land every source with the real ingestion code, so sources with no files get `_schema.parquet`.

    The files were just written, and ingestion leaves files younger than its
    minimum age for a later run, so their modification times are set a minute back.
    """
    paths = DataPaths(data_root)
    paths.ensure()
    settled_at = time.time() - 60
    for landed in (data_root / "landing").rglob("*"):
        if landed.is_file():
            os.utime(landed, (settled_at, settled_at))
    for source in RAW_SCHEMAS:
        ingest_source(paths, source)
