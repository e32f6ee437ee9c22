"""Helpers that turn query results into plain values for tiles and charts."""

import pandas as pd


def first_row(frame: pd.DataFrame) -> dict:
    """Return the only row of an aggregate query as a dict, or {} when it returned none."""
    return frame.iloc[0].to_dict() if len(frame) else {}


def as_float(value) -> float:
    """Return a number as float, 0.0 for a missing one (a SUM over no rows)."""
    return 0.0 if value is None or pd.isna(value) else float(value)
