"""Instants of the demo's calendar: snapshots, the report time and event days."""

from datetime import timedelta

import numpy as np
import pandas as pd

from ingestion.demo.config import SNAPSHOT_UTC_HOUR, STORE_TIMEZONE, DemoConfig


def snapshot_times(config: DemoConfig) -> pd.DatetimeIndex:
    """Return the daily warehouse count instants, one per demo day, in UTC."""
    first = pd.Timestamp(config.start_date, tz="UTC") + pd.Timedelta(hours=SNAPSHOT_UTC_HOUR)
    return pd.date_range(first, periods=config.days, freq="D")


def report_time(config: DemoConfig) -> pd.Timestamp:
    """Return when every report is pulled: midnight after the last day, store time."""
    return pd.Timestamp(config.end_date + timedelta(days=1), tz=STORE_TIMEZONE).tz_convert("UTC")


def event_days(config: DemoConfig, instants: pd.Series) -> np.ndarray:
    """Return for each instant the index of the last snapshot before it (-1 if none).

    Stock moves between two counts, so an event on day i changes the snapshot of
    day i + 1 onwards. Missing instants give a large sentinel: never within the run.
    """
    first = snapshot_times(config)[0]
    elapsed = (pd.DatetimeIndex(instants) - first) // pd.Timedelta(days=1)
    days = np.asarray(elapsed.fillna(10**9)).astype(np.int64)
    return days
