"""Splitting one day out of an export, as the benchmark's day increment does."""

from benchmarks.increment import split_day


def test_split_day_moves_matching_rows(tmp_path):
    export = tmp_path / "orders.csv"
    export.write_text(
        "order_id,ordered_at,sku\n"
        "A1,2026-11-29T09:00:00-05:00,X\n"
        "A2,2026-11-30T09:00:00-05:00,Y\n"
        "A2,2026-11-30T09:00:00-05:00,Z\n",
        encoding="utf-8",
    )
    day_file = tmp_path / "day" / "orders_2026-11-30.csv"

    moved = split_day(export, ",", "ordered_at", "2026-11-30", day_file)

    assert moved == 2
    assert export.read_text(encoding="utf-8") == "order_id,ordered_at,sku\nA1,2026-11-29T09:00:00-05:00,X\n"
    assert day_file.read_text(encoding="utf-8") == (
        "order_id,ordered_at,sku\nA2,2026-11-30T09:00:00-05:00,Y\nA2,2026-11-30T09:00:00-05:00,Z\n"
    )


def test_split_day_without_rows_writes_nothing(tmp_path):
    export = tmp_path / "orders.txt"
    original = "id\tpurchase-date\nA1\t2026-11-29T12:00:00+00:00\n"
    export.write_text(original, encoding="utf-8")
    day_file = tmp_path / "orders_2026-11-30.txt"

    moved = split_day(export, "\t", "purchase-date", "2026-11-30", day_file)

    assert moved == 0
    assert not day_file.exists()
    assert export.read_text(encoding="utf-8") == original
