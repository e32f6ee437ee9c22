"""Staging incremental by load: a daily build over new files equals a full rebuild.

A small demo is built without its last day. That day then lands as the benchmark
delivers it: the day's snapshot and published files and a daily export of its orders.
An Amazon order report exported again with one quantity changed lands with it, so an
existing order line gets a second version, and so does an Amazon settlement report
downloaded again with one detail row changed, which must replace the settlement. In the
first build one Shopify payment has no payout, so it is alone in the `unpaid`
settlement. The day brings the payments export again with that payout, which must
empty `unpaid`. It also brings another settlement downloaded again with its summary
row only, which empties that settlement, and the last three days' exchange rates,
which the first build lacked, so the settlement lines of those days convert again.
An incremental `dbt run` must then give every table exactly what a full refresh gives
on the same raw files, and the data tests must pass on both.
"""

from pathlib import Path

import duckdb
import pytest
from dbt_builds import land_every_source
from dbt_runner import assert_dbt_succeeded, run_dbt

from benchmarks.increment import hold_back, land
from ingestion.demo.config import DemoConfig
from ingestion.demo.generate import generate

# The demo tests' small size: 14 days, 2026-11-17 to 2026-11-30.
DEMO = DemoConfig(seed=7, skus=20, days=14, orders=300)
LAST_DAY = "2026-11-30"
# Seeds, models and data tests. The unit tests run in their own module.
BUILD = ("build", "--exclude", "test_type:unit")

# The staging models that are incremental by load.
LOAD_INCREMENTAL = (
    "stg_amazon_orders__order_lines",
    "stg_shopify_orders__order_lines",
    "stg_b2b_orders__order_lines",
    "stg_wms_snapshots__inventory",
    "stg_amazon_fba_inventory__inventory",
    "stg_published_availability__published",
    "stg_amazon_settlements__settlements",
    "stg_amazon_settlements__lines",
)
# Models whose new day brings no new rows: the FBA inventory report is weekly, and the
# settlement downloaded again replaces rows.
NO_NEW_ROWS = {"stg_amazon_fba_inventory__inventory", "stg_amazon_settlements__settlements", "stg_amazon_settlements__lines"}
REDOWNLOAD_MARK = "REDOWNLOADED-1"


def unpaid_lines(warehouse: Path) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.sql(
            "select count(*) from int_settlement_lines_bucketed where channel = 'shopify' and settlement_id = 'unpaid'"
        ).fetchall()[0][0]


def settlement_lines(warehouse: Path, settlement_id: str) -> int:
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        return connection.execute(
            "select count(*) from fct_settlement_lines where channel = 'amazon' and settlement_id = ?", [settlement_id]
        ).fetchall()[0][0]


def table_checksums(warehouse: Path) -> dict[str, tuple[int, int]]:
    """Return (row count, order-independent sum of row hashes) of every table of the warehouse.

    The `__previous_load` records beside the staging tables are left out: they keep
    the build before, so a full refresh drops them.
    """
    with duckdb.connect(str(warehouse), read_only=True) as connection:
        tables = [row[0] for row in connection.sql(
            "select table_name from information_schema.tables "
            "where table_schema = 'main' and table_type = 'BASE TABLE' "
            "and not ends_with(table_name, '__previous_load') order by table_name"
        ).fetchall()]
        return {
            table: connection.sql(f'select count(*), sum(hash(t)::hugeint) from "{table}" t').fetchall()[0]
            for table in tables
        }


def export_again_with_change(landing: Path) -> tuple[str, str]:
    """Copy the monthly Amazon order report under a new name with its last line's quantity raised by one.

    The last line is an order of the last days, inside every lookback window, so the
    day-incremental marts rewrite each day the change reaches. Return the order id and
    the SKU of the changed line.
    """
    report = landing / "amazon_orders" / "all_orders_2026-11.txt"
    header, *rest, last = report.read_text(encoding="utf-8").splitlines(keepends=True)
    names = header.rstrip("\r\n").split("\t")
    values = last.rstrip("\r\n").split("\t")
    quantity = names.index("quantity")
    values[quantity] = str(int(values[quantity]) + 1)
    changed = "\t".join(values) + "\n"
    (landing / "amazon_orders" / f"reexport_{report.name}").write_text(
        header + "".join(rest) + changed, encoding="utf-8", newline=""
    )
    return values[names.index("amazon-order-id")], values[names.index("sku")]


def download_settlement_again(landing: Path) -> str:
    """Copy the latest Amazon settlement report under a new name with one order row's merchant order id changed.

    The merchant order id is carried to the lines but into no amount, so the
    settlement's totals still add up. Return the settlement id.
    """
    report = sorted((landing / "amazon_settlements").glob("settlement_*.txt"))[-1]
    header, *rows = report.read_text(encoding="utf-8").splitlines(keepends=True)
    names = header.rstrip("\r\n").split("\t")
    kind, merchant_order = names.index("transaction-type"), names.index("merchant-order-id")
    changed = next(number for number, row in enumerate(rows) if row.split("\t")[kind] == "Order")
    values = rows[changed].rstrip("\r\n").split("\t")
    values[merchant_order] = REDOWNLOAD_MARK
    rows[changed] = "\t".join(values) + "\n"
    (report.parent / f"{report.stem}_again.txt").write_text(header + "".join(rows), encoding="utf-8", newline="")
    return values[names.index("settlement-id")]


def second_latest_settlement(landing: Path) -> str:
    delivered = sorted((landing / "amazon_settlements").glob("settlement_*.txt"))
    return delivered[-2].stem.removeprefix("settlement_")


def download_summary_only(landing: Path, settlement_id: str) -> None:
    """Copy an Amazon settlement report with its summary row only."""
    report = landing / "amazon_settlements" / f"settlement_{settlement_id}.txt"
    header, summary, *_ = report.read_text(encoding="utf-8").splitlines(keepends=True)
    (report.parent / f"{report.stem}_summary_only.txt").write_text(header + summary, encoding="utf-8", newline="")


def hold_back_rates(landing: Path, days: int) -> str:
    """Move the rates of the last `days` days out of the rates file and return them as a file's text."""
    rates = sorted((landing / "fx_rates").glob("*.csv"))[0]
    header, *rows = rates.read_text(encoding="utf-8").splitlines(keepends=True)
    last_days = sorted({row.split(",")[0] for row in rows})[-days:]
    kept = [row for row in rows if row.split(",")[0] not in last_days]
    late = [row for row in rows if row.split(",")[0] in last_days]
    rates.write_text(header + "".join(kept), encoding="utf-8", newline="")
    return header + "".join(late)


def payments_export(landing: Path) -> Path:
    return sorted((landing / "shopify_payments").glob("*.csv"))[0]


def leave_last_payment_unpaid(landing: Path) -> tuple[str, int]:
    """Blank the payout date of the payments export's last transaction.

    Return the original export and the transaction's settlement lines: its amount,
    and its fee when it has one.
    """
    export = payments_export(landing)
    original = export.read_text(encoding="utf-8")
    header, *rows = original.splitlines(keepends=True)
    names = header.rstrip("\r\n").split(",")
    values = rows[-1].rstrip("\r\n").split(",")
    values[names.index("Payout Date")] = ""
    values[names.index("Payout Status")] = "pending"
    rows[-1] = ",".join(values) + "\n"
    export.write_text(header + "".join(rows), encoding="utf-8", newline="")
    return original, 1 + (float(values[names.index("Fee")]) != 0)


def export_payments_again(landing: Path, original: str) -> None:
    """Land the payments export again as Shopify gives it once the last payment is paid out."""
    export = payments_export(landing)
    (export.parent / f"{export.stem}_again.csv").write_text(original, encoding="utf-8", newline="")


@pytest.fixture(scope="module")
def increment_built(tmp_path_factory) -> dict:
    """Build without the last day, land it and a re-export, build incrementally, then in full."""
    data_root = tmp_path_factory.mktemp("staging_increment")
    work = tmp_path_factory.mktemp("staging_increment_dbt")
    landing = data_root / "landing"
    generate(DEMO, landing, show_progress=False)
    held_back_dir = data_root / "held_back"
    hold_back(landing, held_back_dir, LAST_DAY)
    paid_export, unpaid_lines_expected = leave_last_payment_unpaid(landing)
    late_rates = hold_back_rates(landing, days=3)
    land_every_source(data_root)
    assert_dbt_succeeded(run_dbt(data_root, work / "first", *BUILD))
    warehouse = data_root / "warehouse.duckdb"
    before = table_checksums(warehouse)
    unpaid_before = unpaid_lines(warehouse)
    emptied_settlement = second_latest_settlement(landing)
    emptied_before = settlement_lines(warehouse, emptied_settlement)

    land(held_back_dir, landing)
    changed_order = export_again_with_change(landing)
    settlement_id = download_settlement_again(landing)
    export_payments_again(landing, paid_export)
    download_summary_only(landing, emptied_settlement)
    (landing / "fx_rates" / "fx_rates_late.csv").write_text(late_rates, encoding="utf-8", newline="")
    land_every_source(data_root)
    assert_dbt_succeeded(run_dbt(data_root, work / "daily", *BUILD))
    incremental = table_checksums(warehouse)
    unpaid_after = unpaid_lines(warehouse)
    emptied_lines = settlement_lines(warehouse, emptied_settlement)

    assert_dbt_succeeded(run_dbt(data_root, work / "full", *BUILD, "--full-refresh"))
    return {"warehouse": warehouse, "before": before, "incremental": incremental,
            "full": table_checksums(warehouse), "changed_order": changed_order,
            "settlement_id": settlement_id, "unpaid": (unpaid_lines_expected, unpaid_before, unpaid_after),
            "emptied_settlement": emptied_settlement, "emptied_lines": (emptied_before, emptied_lines)}


def test_staging_models_are_tables(increment_built):
    assert set(LOAD_INCREMENTAL) <= set(increment_built["full"])


def test_new_files_reach_staging(increment_built):
    before, after = increment_built["before"], increment_built["incremental"]

    for model in set(LOAD_INCREMENTAL) - NO_NEW_ROWS:
        assert after[model][0] > before[model][0], f"{model} took no rows from the new day"


def test_incremental_build_equals_full_refresh(increment_built):
    incremental, full = increment_built["incremental"], increment_built["full"]

    assert set(incremental) == set(full)
    # The policy dimension records when the build read the policy file.
    differing = sorted(table for table in full if incremental[table] != full[table] and table != "dim_allocation_policy")
    assert differing == []


def test_second_version_seen_by_incremental_build(increment_built):
    order_id, sku = increment_built["changed_order"]

    with duckdb.connect(str(increment_built["warehouse"]), read_only=True) as connection:
        versions = connection.execute(
            "select content_versions, source_file_name from stg_amazon_orders__order_lines "
            "where order_id = ? and channel_sku = ?", [order_id, sku]
        ).fetchall()

    # The full refresh ran last; the incremental build gave the same table (test above).
    assert versions == [(2, versions[0][1])]
    assert versions[0][1].startswith("reexport_")


def test_settlement_downloaded_again_replaces_its_lines(increment_built):
    with duckdb.connect(str(increment_built["warehouse"]), read_only=True) as connection:
        files = connection.execute(
            "select source_file_name, count(*), count(*) filter (where merchant_order_id = ?) "
            "from stg_amazon_settlements__lines where settlement_id = ? group by source_file_name",
            [REDOWNLOAD_MARK, increment_built["settlement_id"]],
        ).fetchall()

    # One file's lines, the second download's, with the changed row among them.
    assert len(files) == 1
    name, lines, changed = files[0]
    assert name.endswith("_again.txt")
    assert lines > 1
    assert changed >= 1


def test_payout_empties_the_unpaid_settlement(increment_built):
    expected, before, after = increment_built["unpaid"]

    assert before == expected
    assert after == 0


def test_summary_only_download_empties_its_settlement(increment_built):
    with duckdb.connect(str(increment_built["warehouse"]), read_only=True) as connection:
        settlements = connection.execute(
            "select count(*) from stg_amazon_settlements__settlements where settlement_id = ?",
            [increment_built["emptied_settlement"]],
        ).fetchall()[0][0]

    # The settlement stays, with no line, after the incremental build as after the full one.
    before, after = increment_built["emptied_lines"]
    assert settlements == 1
    assert before > 0
    assert after == 0
    assert settlement_lines(increment_built["warehouse"], increment_built["emptied_settlement"]) == 0
