"""Incremental models: a day range rebuilt in place equals a full rebuild.

A small demo is built once in full. Each test then damages some days of the
incremental models (deletes one day, doubles another), rebuilds only those models
incrementally, and compares every mart with its full-build checksum.
"""

from pathlib import Path

import duckdb
import pytest
from dbt_builds import build_warehouse, land_every_source
from daily_models import DAILY_MODELS, DEMO, damage_days, daily_checksums
from summary_rollups import ROLLUPS
from dbt_runner import AS_OF_AT, assert_dbt_succeeded, run_dbt

from ingestion.demo.generate import generate


def rebuild_incremental(data_root: Path, work_dir: Path, extra_vars: str = "") -> None:
    """Run the incremental marts only, as a daily run or a day-range rebuild would."""
    result = run_dbt(
        data_root, work_dir, "run",
        "--select", "tag:by_day",
        "--vars", f"{{as_of_at: '{AS_OF_AT}'{extra_vars}}}",
        as_of_at=None,
    )
    assert_dbt_succeeded(result)


@pytest.fixture(scope="module")
def demo_build(tmp_path_factory) -> tuple[Path, dict[str, tuple[int, int]]]:
    """Build the small demo in full; return its data root and the marts' checksums."""
    data_root = tmp_path_factory.mktemp("incremental")
    generate(DEMO, data_root / "landing", show_progress=False)
    land_every_source(data_root)
    warehouse = build_warehouse(
        data_root, tmp_path_factory.mktemp("incremental_dbt"), "--exclude", "test_type:unit"
    )
    return data_root, daily_checksums(warehouse)


def test_full_build_fills_every_mart(demo_build):
    _, checksums = demo_build

    for mart, (rows, _) in checksums.items():
        assert rows > 0, f"{mart} is empty, so the comparisons below prove nothing"


def test_summaries_add_up_their_fact_marts(demo_build):
    data_root, _ = demo_build
    with duckdb.connect(str(data_root / "warehouse.duckdb"), read_only=True) as connection:
        for summary, (_, rollup) in ROLLUPS.items():
            (rows,) = connection.sql(f"select count(*) from {summary}").fetchall()[0]
            assert rows > 0, f"{summary} is empty"
            for left, right in ((summary, f"({rollup})"), (f"({rollup})", summary)):
                extra = connection.sql(f"select * from {left} except all select * from {right}").fetchall()
                assert extra == [], f"{summary} differs from its rollup: {extra[:3]}"


def test_backfill_range_equals_full_build(demo_build, tmp_path):
    data_root, full = demo_build
    damage_days(data_root / "warehouse.duckdb", deleted_day="2026-11-20", changed_day="2026-11-21")
    assert daily_checksums(data_root / "warehouse.duckdb") != full

    rebuild_incremental(data_root, tmp_path, ", min_date: '2026-11-20', max_date: '2026-11-22'")

    assert daily_checksums(data_root / "warehouse.duckdb") == full


def test_daily_run_rewrites_lookback(demo_build, tmp_path):
    data_root, full = demo_build
    # The latest day in the demo is 2026-11-30; both damaged days are inside
    # the 7-day stock lookback and the 45-day order lookback.
    damage_days(data_root / "warehouse.duckdb", deleted_day="2026-11-30", changed_day="2026-11-26")

    rebuild_incremental(data_root, tmp_path)

    assert daily_checksums(data_root / "warehouse.duckdb") == full


def test_backfill_leaves_other_days(demo_build, tmp_path):
    data_root, full = demo_build
    damage_days(data_root / "warehouse.duckdb", deleted_day="2026-11-18", changed_day="2026-11-19")
    damaged = daily_checksums(data_root / "warehouse.duckdb", DAILY_MODELS)

    # A range that misses both damaged days must leave them as they are.
    rebuild_incremental(data_root, tmp_path, ", min_date: '2026-11-25', max_date: '2026-11-27'")

    assert daily_checksums(data_root / "warehouse.duckdb", DAILY_MODELS) == damaged
    rebuild_incremental(data_root, tmp_path, ", min_date: '2026-11-18', max_date: '2026-11-20'")
    assert daily_checksums(data_root / "warehouse.duckdb") == full


def test_daily_tests_check_only_rewritten_days(demo_build, tmp_path, monkeypatch):
    data_root, full = demo_build
    warehouse = data_root / "warehouse.duckdb"
    # One order line copied on 2026-11-18 breaks fct_order_lines' unique key there.
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            "insert into fct_order_lines select * from fct_order_lines where order_date = date '2026-11-18' limit 1"
        )
    uniqueness = ("test", "--select", "fct_order_lines,test_name:unique", "--vars")
    range_vars = f"{{as_of_at: '{AS_OF_AT}', min_date: '2026-11-25', max_date: '2026-11-27'}}"

    monkeypatch.setenv("MARKETOPS_DAILY_TESTS", "true")
    outside = run_dbt(data_root, tmp_path / "daily", *uniqueness, range_vars, as_of_at=None)
    monkeypatch.setenv("MARKETOPS_DAILY_TESTS", "false")
    every_row = run_dbt(data_root, tmp_path / "full", *uniqueness, range_vars, as_of_at=None)

    rebuild_incremental(data_root, tmp_path, ", min_date: '2026-11-18', max_date: '2026-11-19'")
    assert daily_checksums(warehouse) == full
    # Days outside the rewritten range are not checked again in a daily build; a build
    # without the variable checks every row and finds the copy.
    assert_dbt_succeeded(outside)
    assert every_row.returncode != 0
    assert "unique_fct_order_lines_order_line_id" in every_row.stdout



def test_stock_tests_check_stock_lookback(demo_build, tmp_path, monkeypatch):
    data_root, full = demo_build
    warehouse = data_root / "warehouse.duckdb"
    uniqueness = ("test", "--select", "fct_inventory_positions,test_name:unique_combination_of_columns",
                  "--vars", f"{{as_of_at: '{AS_OF_AT}'}}")
    monkeypatch.setenv("MARKETOPS_DAILY_TESTS", "true")
    # The latest snapshot day is 2026-11-30, so the 7-day stock lookback starts on
    # 2026-11-23: a copied row on 2026-11-18 is older, one on 2026-11-27 is not.
    outcomes = {}
    for day in ("2026-11-18", "2026-11-27"):
        with duckdb.connect(str(warehouse)) as connection:
            connection.execute(
                "insert into fct_inventory_positions select * from fct_inventory_positions "
                f"where snapshot_date = date '{day}' limit 1"
            )
        outcomes[day] = run_dbt(data_root, tmp_path / day, *uniqueness, as_of_at=None)

    rebuild_incremental(data_root, tmp_path, ", min_date: '2026-11-18', max_date: '2026-11-28'")
    assert daily_checksums(warehouse) == full
    # The copy before the stock lookback passes, though it is within the orders' 45 days.
    assert_dbt_succeeded(outcomes["2026-11-18"])
    assert outcomes["2026-11-27"].returncode != 0
    assert "unique_combination_of_columns_fct_inventory_positions" in outcomes["2026-11-27"].stdout

def test_staging_tests_check_keys_loaded_since(demo_build, tmp_path, monkeypatch):
    data_root, _ = demo_build
    warehouse = data_root / "warehouse.duckdb"
    table = "stg_published_availability__published"
    uniqueness = ("test", "--select", f"{table},test_name:unique_combination_of_columns",
                  "--vars", f"{{as_of_at: '{AS_OF_AT}'}}")
    # The demo lands every file at once. Dated back 30 days, the publications before
    # 2026-11-24 look loaded before the last build, and the latest of them is the load
    # that the pre-hook would have recorded (written by hand here). The copies take
    # the first and the last publication, away from that boundary.
    copy_row = (f"insert into {table} select * from {table} where published_at {{}} timestamptz '2026-11-24' "
                "order by published_at {} limit 1")
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(f"create table published_before as select * from {table}")
        connection.execute(f"update {table} set loaded_at = loaded_at - interval 30 days "
                           "where published_at < timestamptz '2026-11-24'")
        connection.execute(f"create or replace table {table}__previous_load as select max(loaded_at) as latest_load "
                           f"from {table} where published_at < timestamptz '2026-11-24'")
    outcomes = {}
    try:
        with duckdb.connect(str(warehouse)) as connection:
            connection.execute(copy_row.format("<", "asc"))
        monkeypatch.setenv("MARKETOPS_DAILY_TESTS", "true")
        outcomes["old key, daily"] = run_dbt(data_root, tmp_path / "old_daily", *uniqueness, as_of_at=None)
        monkeypatch.setenv("MARKETOPS_DAILY_TESTS", "false")
        outcomes["old key, every row"] = run_dbt(data_root, tmp_path / "old_full", *uniqueness, as_of_at=None)

        with duckdb.connect(str(warehouse)) as connection:
            connection.execute(copy_row.format(">=", "desc"))
        monkeypatch.setenv("MARKETOPS_DAILY_TESTS", "true")
        outcomes["recent key, daily"] = run_dbt(data_root, tmp_path / "recent_daily", *uniqueness, as_of_at=None)
    finally:
        with duckdb.connect(str(warehouse)) as connection:
            connection.execute(f"delete from {table}")
            connection.execute(f"insert into {table} select * from published_before")
            connection.execute("drop table published_before")
            connection.execute(f"drop table {table}__previous_load")

    # A daily build's test passes a copied row of a key loaded before the last build,
    # which a test of every row finds. A copy of a key loaded since fails the daily test.
    assert_dbt_succeeded(outcomes["old key, daily"])
    assert outcomes["old key, every row"].returncode != 0
    assert outcomes["recent key, daily"].returncode != 0
    assert f"unique_combination_of_columns_{table}" in outcomes["recent key, daily"].stdout


def test_staging_build_records_previous_load(demo_build, tmp_path):
    data_root, _ = demo_build
    warehouse = data_root / "warehouse.duckdb"
    table = "stg_published_availability__published"
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        latest_before = connection.execute(f"select max(loaded_at) from {table}").fetchone()[0]

    assert_dbt_succeeded(run_dbt(data_root, tmp_path / "incremental", "run", "--select", table))
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        recorded = connection.execute(f"select latest_load from {table}__previous_load").fetchall()
    assert_dbt_succeeded(run_dbt(data_root, tmp_path / "full", "run", "--select", table, "--full-refresh"))
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        left = connection.execute("select count(*) from duckdb_tables() where table_name = ?",
                                  [f"{table}__previous_load"]).fetchone()[0]

    # An incremental build keeps the latest load it started from. A full refresh
    # rewrites every row and so drops it, and the daily tests then read every row.
    assert recorded == [(latest_before,)]
    assert left == 0


def bucket_by_line(warehouse: Path) -> dict[str, str]:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return dict(connection.sql("select settlement_line_id, fee_bucket from int_settlement_lines_bucketed").fetchall())


def test_edited_fee_buckets_rebucket_every_settlement(demo_build, tmp_path):
    data_root, _ = demo_build
    warehouse = data_root / "warehouse.duckdb"
    before = bucket_by_line(warehouse)
    # One fee_buckets row makes Amazon's Principal amounts sales; the only row ranked
    # before it takes promotion amounts.
    with duckdb.connect(str(warehouse)) as connection:
        principal = {row[0] for row in connection.sql(
            "select settlement_line_id from int_settlement_lines_bucketed "
            "where channel = 'amazon' and amount_description = 'Principal' and fee_bucket = 'sales'"
        ).fetchall()}
        connection.execute(
            "update fee_buckets set bucket = 'promotions' where channel = 'amazon' and amount_description = 'Principal'"
        )
    assert principal

    # No new file: only the edited mapping makes the incremental model rebucket.
    assert_dbt_succeeded(run_dbt(data_root, tmp_path / "edited", "run", "--select", "int_settlement_lines_bucketed"))

    expected = {line: "promotions" if line in principal else bucket for line, bucket in before.items()}
    assert bucket_by_line(warehouse) == expected

    # The seed as committed rebuckets them back, for the other tests of the module.
    assert_dbt_succeeded(run_dbt(
        data_root, tmp_path / "restored", "build", "--select", "fee_buckets", "int_settlement_lines_bucketed",
        "--exclude", "test_type:unit",
    ))
    assert bucket_by_line(warehouse) == before


def table_checksum(warehouse: Path, table: str) -> tuple[int, int]:
    """Return the row count and hash sum of `table`."""
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.sql(f"select count(*), sum(hash(t)::hugeint) from {table} t").fetchall()[0]


def settlement_lines_checksum(warehouse: Path) -> tuple[int, int]:
    return table_checksum(warehouse, "fct_settlement_lines")


def test_settlement_lines_rebuild_what_differs(demo_build, tmp_path):
    data_root, _ = demo_build
    warehouse = data_root / "warehouse.duckdb"
    full = settlement_lines_checksum(warehouse)
    with duckdb.connect(str(warehouse)) as connection:
        first, second, third = connection.sql(
            "select distinct channel, settlement_id from fct_settlement_lines order by all limit 3"
        ).fetchall()
        # A settlement missing, one with a changed amount, one left unconverted as if
        # its rates had come late, and one the bucketed lines no longer have.
        connection.execute("delete from fct_settlement_lines where channel = ? and settlement_id = ?", first)
        connection.execute(
            "update fct_settlement_lines set amount = amount + 1 where settlement_line_id = "
            "(select min(settlement_line_id) from fct_settlement_lines where channel = ? and settlement_id = ?)",
            second,
        )
        connection.execute(
            "update fct_settlement_lines set amount_reporting = null where channel = ? and settlement_id = ?", third
        )
        connection.execute(
            "insert into fct_settlement_lines select * replace ('gone' as settlement_id) "
            "from fct_settlement_lines where channel = ? and settlement_id = ?",
            third,
        )
    assert settlement_lines_checksum(warehouse) != full

    assert_dbt_succeeded(run_dbt(data_root, tmp_path, "run", "--select", "fct_settlement_lines"))

    assert settlement_lines_checksum(warehouse) == full


def expected_fees(warehouse: Path) -> tuple[int, int]:
    return table_checksum(warehouse, "int_settlement_expected_fees")


def test_expected_fees_recompute_changed_settlements(demo_build, tmp_path):
    data_root, _ = demo_build
    warehouse = data_root / "warehouse.duckdb"
    full = expected_fees(warehouse)
    with duckdb.connect(str(warehouse)) as connection:
        first, second, third, unchanged = connection.sql(
            "select distinct channel, settlement_id from int_settlement_expected_fees order by all limit 4"
        ).fetchall()
        # A settlement missing, one whose lines changed since (another fingerprint), one
        # the bucketed lines no longer have, and one edited with its lines unchanged.
        connection.execute("delete from int_settlement_expected_fees where channel = ? and settlement_id = ?", first)
        connection.execute(
            "update int_settlement_expected_fees set variance_fee_rate = variance_fee_rate + 1, "
            "lines_fingerprint = lines_fingerprint + 1 where channel = ? and settlement_id = ?",
            second,
        )
        connection.execute(
            "insert into int_settlement_expected_fees select * replace ('gone' as settlement_id) "
            "from int_settlement_expected_fees where channel = ? and settlement_id = ?",
            third,
        )
        connection.execute(
            "update int_settlement_expected_fees set variance_timing = variance_timing + 1 "
            "where channel = ? and settlement_id = ?",
            unchanged,
        )

    assert_dbt_succeeded(run_dbt(data_root, tmp_path / "daily", "run", "--select", "int_settlement_expected_fees"))

    # The three are computed again. The edited one keeps its edit, because its lines
    # match: undone by hand, the table is the full build's again.
    assert expected_fees(warehouse) != full
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            "update int_settlement_expected_fees set variance_timing = variance_timing - 1 "
            "where channel = ? and settlement_id = ?",
            unchanged,
        )
    assert expected_fees(warehouse) == full


def test_expected_fees_recompute_all_on_new_mappings(demo_build, tmp_path):
    data_root, _ = demo_build
    warehouse = data_root / "warehouse.duckdb"
    full = expected_fees(warehouse)
    # Every row as if computed under another fee schedule or SKU mapping.
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            "update int_settlement_expected_fees "
            "set variance_fee_rate = variance_fee_rate + 1, dimensions_version = 'earlier mappings'"
        )
    assert expected_fees(warehouse) != full

    assert_dbt_succeeded(run_dbt(data_root, tmp_path, "run", "--select", "int_settlement_expected_fees"))

    assert expected_fees(warehouse) == full


def test_expected_fees_follow_fulfilment_change(demo_build, tmp_path):
    data_root, _ = demo_build
    warehouse = data_root / "warehouse.duckdb"
    full = expected_fees(warehouse)
    # As if Amazon's settlements came again with every line's fulfilment swapped:
    # a fulfilment fee is expected only on items Amazon fulfilled.
    with duckdb.connect(str(warehouse)) as connection:
        connection.execute(
            "update int_settlement_lines_bucketed "
            "set fulfillment_id = case when fulfillment_id = 'AFN' then 'MFN' else 'AFN' end "
            "where channel = 'amazon'"
        )

    assert_dbt_succeeded(run_dbt(data_root, tmp_path / "daily", "run", "--select", "int_settlement_expected_fees"))
    incremental = expected_fees(warehouse)
    assert_dbt_succeeded(run_dbt(
        data_root, tmp_path / "refresh", "run", "--select", "int_settlement_expected_fees", "--full-refresh"
    ))

    assert incremental == expected_fees(warehouse)
    assert incremental != full
    # The settlement lines as landed, for the other tests of the module.
    assert_dbt_succeeded(run_dbt(
        data_root, tmp_path / "restored", "run", "--full-refresh",
        "--select", "int_settlement_lines_bucketed", "int_settlement_expected_fees",
    ))
    assert expected_fees(warehouse) == full
