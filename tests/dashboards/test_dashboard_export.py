"""CSV downloads neutralise cells that a spreadsheet would run as formulas."""

import io

import pandas as pd
import pytest

from dashboards.export import to_safe_csv


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=HYPERLINK(\"http://127.0.0.1\")", "'=HYPERLINK(\"http://127.0.0.1\")"),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("SKU-A", "SKU-A"),
        ("", ""),
    ],
)
def test_text_cells_neutralised(cell, expected):
    frame = pd.DataFrame({"detail": [cell]})

    written = pd.read_csv(io.BytesIO(to_safe_csv(frame)), keep_default_na=False, dtype=str)

    assert written.loc[0, "detail"] == expected


def test_numbers_keep_their_sign():
    frame = pd.DataFrame({"contribution_profit": [-15.0, 140.0], "channel": ["amazon", "amazon"]})

    text = to_safe_csv(frame).decode("utf-8")

    assert text.splitlines() == ["contribution_profit,channel", "-15.0,amazon", "140.0,amazon"]


def test_header_neutralised():
    frame = pd.DataFrame({"=cmd": [1]})

    assert to_safe_csv(frame).decode("utf-8").splitlines()[0] == "'=cmd"


def test_missing_values_stay_empty():
    frame = pd.DataFrame({"order_id": ["A-1", "A-3"], "order_line_id": [None, "A-3-2"]})

    assert to_safe_csv(frame).decode("utf-8").splitlines() == ["order_id,order_line_id", "A-1,", "A-3,A-3-2"]


def test_rows_end_with_crlf():
    frame = pd.DataFrame({"channel": ["amazon"], "detail": ["line one\rline two"]})

    assert to_safe_csv(frame).decode("utf-8") == 'channel,detail\r\namazon,"line one\rline two"\r\n'
