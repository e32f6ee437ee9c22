"""Physical line numbers, blank lines, quoted newlines and malformed records."""

from ingestion.readers import b2b_orders
from ingestion_helpers import assert_accounting, column

HEADER = "order_id,line_number,account_id,ordered_at,ship_by_date,shipped_at,status,sku,quantity,unit_price,currency,cancel_reason"


def b2b(*lines: str, newline: str = "\n") -> bytes:
    return (newline.join([HEADER, *lines]) + newline).encode()


def test_blank_lines_keep_physical_numbers():
    data = b2b(
        "PO-1,1,ACME,2026-03-01T09:00:00+00:00,2026-03-05,,accepted,0042,2,10.00,USD,",
        "",
        "PO-1,2,ACME,2026-03-01T09:00:00+00:00,2026-03-05,,accepted,0043,1,5.00,USD,",
    )
    result = b2b_orders.read(data, "b2b.csv")
    assert column(result.table, "_line_number") == [2, 4]
    assert column(result.table, "sku") == ["0042", "0043"]
    assert result.rows_read == 2


def test_quoted_newline_counts_lines():
    # The first record spans lines 2-3, so the second record starts on line 4.
    data = b2b(
        'PO-1,1,ACME,2026-03-01T09:00:00+00:00,2026-03-05,,cancelled,A,1,1.00,USD,"no stock,',
        'customer informed"',
        "PO-2,1,ACME,2026-03-02T09:00:00+00:00,2026-03-06,,accepted,B,1,1.00,USD,",
    )
    result = b2b_orders.read(data, "b2b.csv")
    assert column(result.table, "_line_number") == [2, 4]
    assert column(result.table, "cancel_reason")[0] == "no stock,\ncustomer informed"


def test_crlf_line_endings():
    data = b2b(
        "PO-1,1,ACME,2026-03-01T09:00:00+00:00,2026-03-05,,accepted,A,1,1.00,USD,",
        "",
        "PO-2,1,ACME,2026-03-02T09:00:00+00:00,2026-03-06,,accepted,B,1,1.00,USD,",
        newline="\r\n",
    )
    result = b2b_orders.read(data, "b2b.csv")
    assert column(result.table, "_line_number") == [2, 4]
    assert column(result.table, "currency") == ["USD", "USD"]


def test_wrong_field_count_rejected():
    data = b2b(
        "PO-1,1,ACME,2026-03-01T09:00:00+00:00,2026-03-05,,accepted,A,1,1.00,USD,",
        "PO-2,1,ACME,too,few",
        "PO-3,1,ACME,2026-03-02T09:00:00+00:00,2026-03-06,,accepted,B,1,1.00,USD,,extra",
        "PO-4,1,ACME,2026-03-02T09:00:00+00:00,2026-03-06,,accepted,C,1,1.00,USD,",
    )
    result = b2b_orders.read(data, "b2b.csv")
    assert column(result.table, "_line_number") == [2, 5]
    assert column(result.rejects, "line_number") == [3, 4]
    assert all(reason.startswith("wrong number of fields") for reason in column(result.rejects, "reason"))
    assert column(result.rejects, "value")[0] == "PO-2,1,ACME,too,few"
    assert_accounting(result)


def test_missing_value_rejected():
    data = b2b(
        "PO-1,1,,2026-03-01T09:00:00+00:00,2026-03-05,,accepted,A,1,1.00,USD,",
    )
    result = b2b_orders.read(data, "b2b.csv")
    assert result.table.num_rows == 0
    assert column(result.rejects, "column") == ["account_id"]
    assert column(result.rejects, "reason") == ["missing value"]
    assert_accounting(result)
