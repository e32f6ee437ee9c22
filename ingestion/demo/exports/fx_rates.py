"""The demo's FX rates: each currency the demo uses, in US dollars, on every weekday."""

from datetime import timedelta
from pathlib import Path

import numpy as np

from ingestion.demo.config import DemoConfig
from ingestion.demo.exports.csv_files import write_csv
from ingestion.demo.writer import WrittenFiles

# Starting rate (USD per unit) of each currency the demo's channels settle in.
START_RATES = {"EUR": 1.08, "CAD": 0.73, "GBP": 1.27}
# Rates start this many days before the demo so its first day always has one.
LEAD_DAYS = 7


def write_fx_rates(out_dir: Path, written: WrittenFiles, config: DemoConfig) -> None:
    """Write one rate per weekday and currency, a random walk of about 0.3 % a day.

    Weekends have no rate, as central banks publish none, so the models must use
    Friday's rate for them.
    """
    rng = np.random.default_rng(config.rng_seed("fx_rates"))
    first = config.start_date - timedelta(days=LEAD_DAYS)
    days = [first + timedelta(days=offset) for offset in range((config.end_date - first).days + 1)]
    weekdays = [day for day in days if day.weekday() < 5]

    rows = []
    for currency, start in START_RATES.items():
        walk = start * np.exp(np.cumsum(rng.normal(0.0, 0.003, len(weekdays))))
        rows += [[day.isoformat(), currency, "USD", f"{rate:.6f}"] for day, rate in zip(weekdays, walk)]
    path = out_dir / "fx_rates" / f"fx_rates_{first.isoformat()}_{config.end_date.isoformat()}.csv"
    write_csv(path, written, ["rate_date", "base_currency", "quote_currency", "rate"], rows)
