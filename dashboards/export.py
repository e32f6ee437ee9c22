"""CSV downloads that a spreadsheet opens as data, never as formulas."""

import pandas as pd
import streamlit as st

# Spreadsheet programs such as Excel and LibreOffice Calc evaluate a cell that starts
# with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise_cell(value: object) -> object:
    """Prefix a text cell that a spreadsheet would evaluate with `'`; leave numbers alone."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def to_safe_csv(frame: pd.DataFrame) -> bytes:
    """Encode a frame as UTF-8 CSV with every text cell neutralised."""
    safe = frame.copy()
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]) and not pd.api.types.is_datetime64_any_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise_cell)

    safe.columns = [neutralise_cell(str(column)) for column in safe.columns]

    # RFC 4180 ends rows with CRLF. With "\r\n" as the row end, the csv writer also
    # quotes a cell containing a bare CR, which it leaves unquoted when rows end in "\n".
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def download_button(frame: pd.DataFrame, file_name: str, key: str, label: str = "Download CSV") -> None:
    """Offer `frame` as a CSV download under the table that shows it."""
    st.download_button(
        label,
        data=to_safe_csv(frame),
        file_name=file_name,
        mime="text/csv",
        key=key,
        on_click="ignore",
    )
