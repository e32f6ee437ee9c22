"""The whole pipeline on the public sample reports, each source landed alone.

Expected figures come from the reports themselves, counted here with Python's csv
module (independently of the readers) or stated in the files: the settlement summary
rows carry 1016.08 and -321.69 CAD, and the detail rows of each file sum to its total.
"""

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import duckdb
import pyarrow.parquet as pq
import pytest

from ingestion.raw_store import read_file_metadata


pytestmark = pytest.mark.real_data

SETTLEMENT_FILES = {
    # file name: (settlement id, summary total, detail rows)
    "50034020328.txt": ("24288684721", Decimal("1016.08"), 189),
    "50011020300.txt": ("23874396421", Decimal("-321.69"), 3),
}
SHOPIFY_FILES = {
    # file name: (orders, sum of the order totals in BDT)
    "orders_export_small.csv": (5, Decimal("7700.00")),
    "orders_export_50_orders.csv": (50, Decimal("75300.00")),
}


def csv_records(path: Path, delimiter: str) -> list[dict[str, str]]:
    """Read a report's data records, skipping blank lines, as the csv module sees them."""
    text = path.read_text(encoding="utf-8-sig")
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    return [row for row in reader if any((value or "").strip() for value in row.values())]


def serving(root: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(root / "serving.duckdb"), read_only=True)


def assert_rows_add_up(root: Path, source: str, file_name: str, expected_read: int) -> None:
    """Check read = loaded + quarantined for one file, against an independent count."""
    raw_files = [p for p in (root / "raw" / source).glob("*.parquet") if p.name != "_schema.parquet"]
    matching = [p for p in raw_files if pq.read_table(p, columns=["_file_name"]).column(0).to_pylist()[:1] == [file_name]]
    assert len(matching) == 1, f"{file_name}: expected one raw file, found {len(matching)}"

    raw_path = matching[0]
    loaded = len(set(pq.read_table(raw_path, columns=["_line_number"]).column(0).to_pylist()))
    rejects_path = root / "quarantine" / source / raw_path.name
    quarantined = 0
    if rejects_path.exists():
        quarantined = len(set(pq.read_table(rejects_path, columns=["line_number"]).column(0).to_pylist()))

    assert loaded + quarantined == expected_read, f"{file_name}: {loaded} + {quarantined} != {expected_read}"
    stored = read_file_metadata(raw_path)
    assert int(stored["rows_read"]) == expected_read
    assert int(stored["rows_loaded"]) == loaded
    assert int(stored["rows_quarantined"]) == quarantined


@pytest.fixture(scope="module")
def settlement_root(real_data, tmp_path_factory, pipeline) -> Path:
    """A data root where only the two real Amazon settlement files were landed."""
    root = tmp_path_factory.mktemp("real_settlements")
    landing = root / "landing" / "amazon_settlements"
    landing.mkdir(parents=True)
    for name in SETTLEMENT_FILES:
        shutil.copy(real_data / "amazon" / "settlement_flat_file" / name, landing / name)
    pipeline(root)
    return root


@pytest.fixture(scope="module")
def shopify_root(real_data, tmp_path_factory, pipeline) -> Path:
    """A data root where the two real Shopify exports were dropped straight into landing/."""
    root = tmp_path_factory.mktemp("real_shopify")
    landing = root / "landing"
    landing.mkdir(parents=True)
    for name in SHOPIFY_FILES:
        shutil.copy(real_data / "shopify" / "orders_export" / name, landing / name)
    pipeline(root)
    return root


def test_settlement_recon_totals(settlement_root):
    with serving(settlement_root) as conn:
        rows = conn.execute(
            "select settlement_id, currency, summary_total, line_total, line_count, is_reconciled "
            "from fct_settlement_recon where channel = 'amazon' order by settlement_id"
        ).fetchall()

    by_id = {row[0]: row[1:] for row in rows}
    assert set(by_id) == {expected[0] for expected in SETTLEMENT_FILES.values()}
    for settlement_id, total, detail_rows in SETTLEMENT_FILES.values():
        currency, summary_total, line_total, line_count, is_reconciled = by_id[settlement_id]
        assert currency == "CAD"
        assert summary_total == total
        assert line_total == total
        assert line_count == detail_rows
        assert is_reconciled


def test_settlement_rows_add_up(settlement_root, real_data):
    for name in SETTLEMENT_FILES:
        records = csv_records(real_data / "amazon" / "settlement_flat_file" / name, "\t")
        # The summary row is a data record too, so it counts as read.
        assert_rows_add_up(settlement_root, "amazon_settlements", name, len(records))


def test_shopify_orders_per_file(shopify_root, real_data):
    with serving(shopify_root) as conn:
        orders = dict(
            conn.execute("select order_id, order_total from fct_orders where channel = 'shopify'").fetchall()
        )
        currencies = {row[0] for row in conn.execute("select distinct currency from fct_orders").fetchall()}

    assert currencies == {"BDT"}
    for name, (expected_orders, expected_total) in SHOPIFY_FILES.items():
        names = {row["Name"] for row in csv_records(real_data / "shopify" / "orders_export" / name, ",")}
        assert len(names) == expected_orders
        assert names <= set(orders), f"{name}: orders missing from fct_orders"
        assert sum(orders[order] for order in names) == expected_total
    assert len(orders) == sum(expected for expected, _ in SHOPIFY_FILES.values())


def test_shopify_lines_without_sku_are_exceptions(shopify_root, real_data):
    expected_without_sku = sum(
        1
        for name in SHOPIFY_FILES
        for row in csv_records(real_data / "shopify" / "orders_export" / name, ",")
        if not row["Lineitem sku"].strip()
    )
    with serving(shopify_root) as conn:
        lines_without_sku = conn.execute(
            "select order_line_id from fct_order_lines where channel = 'shopify' and channel_sku is null"
        ).fetchall()
        unmapped = conn.execute(
            "select order_line_id from fct_order_exceptions where exception_type = 'unmapped_sku'"
        ).fetchall()
        mapped_without_sku = conn.execute(
            "select count(*) from fct_order_lines where channel_sku is null and canonical_sku is not null"
        ).fetchone()[0]

    assert expected_without_sku > 0
    assert len(lines_without_sku) == expected_without_sku
    assert {row[0] for row in lines_without_sku} <= {row[0] for row in unmapped}
    assert mapped_without_sku == 0


def test_shopify_rows_add_up(shopify_root, real_data):
    for name in SHOPIFY_FILES:
        records = csv_records(real_data / "shopify" / "orders_export" / name, ",")
        assert_rows_add_up(shopify_root, "shopify_orders", name, len(records))
