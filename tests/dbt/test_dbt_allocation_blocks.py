"""fct_channel_allocation allocates a block of days at a time and gives what one block gives.

The demo's pools hold 20 SKUs times the channels per day, so a block bound of 50
pool rows puts each of the 14 days in a block of its own, in this process or in two
worker processes (each then gets half the bound, still less than a day).
"""

import importlib.util
from datetime import date, timedelta

import duckdb
import pytest
from dbt_builds import land_every_source
from dbt_runner import PROJECT_DIR, assert_dbt_succeeded, run_dbt

from ingestion.demo.config import DemoConfig
from ingestion.demo.generate import generate

DEMO = DemoConfig(seed=7, skus=20, days=14, orders=300)
MODEL_FILE = PROJECT_DIR / "models" / "marts" / "inventory" / "fct_channel_allocation.py"
CHECKSUM = "select count(*), count(distinct snapshot_date), sum(hash(t)::hugeint) from fct_channel_allocation t"


def load_model_module():
    """Import the dbt Python model file as a module, to call its helpers."""
    spec = importlib.util.spec_from_file_location("fct_channel_allocation", MODEL_FILE)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def allocations(tmp_path_factory) -> dict[str, tuple]:
    """Build the allocation in one block, then again a day per block, and checksum both."""
    data_root = tmp_path_factory.mktemp("allocation_blocks")
    work = tmp_path_factory.mktemp("allocation_blocks_dbt")
    generate(DEMO, data_root / "landing", show_progress=False)
    land_every_source(data_root)
    warehouse = data_root / "warehouse.duckdb"
    checksums = {}

    assert_dbt_succeeded(run_dbt(data_root, work / "one", "build", "--select", "+fct_channel_allocation",
                                 "--exclude", "test_type:unit", "--indirect-selection", "cautious"))
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        checksums["one block"] = connection.execute(CHECKSUM).fetchone()

    for label, workers in (("day blocks", "1"), ("day blocks in workers", "2")):
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("MARKETOPS_ALLOCATION_WORKERS", workers)
            assert_dbt_succeeded(run_dbt(data_root, work / f"workers_{workers}", "run", "--select",
                                         "fct_channel_allocation", "--full-refresh",
                                         "--vars", "{allocation_block_pool_rows: 50}", as_of_at=None))
        with duckdb.connect(str(warehouse), read_only=True) as connection:
            checksums[label] = connection.execute(CHECKSUM).fetchone()
    return checksums


def test_day_blocks_equal_one_block(allocations):
    rows, days, _ = allocations["one block"]

    assert days == DEMO.days
    assert rows > 0
    assert allocations["day blocks"] == allocations["one block"]
    assert allocations["day blocks in workers"] == allocations["one block"]


def test_day_blocks_keep_days_whole():
    model = load_model_module()
    first = date(2026, 11, 1)
    days = [first + timedelta(days=offset) for offset in range(5)]
    # Pool rows per day: 3, 3, 5, 1, 7. With at most 6 rows a block, the first two
    # days fill one block (6), the next two another (5 + 1), and day five's 7 rows
    # go over the bound in a block of their own.
    counts = [3, 3, 5, 1, 7]
    with duckdb.connect() as connection:
        pools = connection.sql(" union all ".join(
            f"select date '{day.isoformat()}' as snapshot_date from range({count})" for day, count in zip(days, counts)
        ))

        blocks = model.day_blocks(pools, 6)

    assert blocks == [days[0:2], days[2:4], days[4:5]]
