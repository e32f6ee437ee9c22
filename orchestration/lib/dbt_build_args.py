"""The run config of the dbt asset and the `dbt build` arguments it gives.

It lives apart from the dbt assets, whose module reads the dbt manifest on import.
"""

import json
from datetime import date

import dagster as dg


class DbtBuildConfig(dg.Config):
    """What one build rewrites: by default each incremental mart's lookback window.

    Set `min_date` and `max_date` (YYYY-MM-DD, end exclusive) in the launchpad to
    rebuild exactly that range of days of the incremental marts, for instance after a
    late correction older than the window; `full_refresh` rebuilds every day.
    """

    min_date: str | None = None
    max_date: str | None = None
    full_refresh: bool = False


def build_args(config: DbtBuildConfig) -> list[str]:
    """Return the `dbt build` arguments for `config`, raising ValueError on an invalid day range."""
    args = ["build"]
    if config.full_refresh:
        args.append("--full-refresh")
    if (config.min_date is None) != (config.max_date is None):
        raise ValueError(
            f"invalid day range min_date={config.min_date!r} max_date={config.max_date!r}: set both or neither"
        )
    if config.min_date is not None:
        first, end = date.fromisoformat(config.min_date), date.fromisoformat(config.max_date)
        if end <= first:
            raise ValueError(f"invalid day range: max_date {end} must come after min_date {first} (it is exclusive)")
        args += ["--vars", json.dumps({"min_date": first.isoformat(), "max_date": end.isoformat()})]
    return args
