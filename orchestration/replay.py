"""Replay allocation policies over the last days of the published marts.

    python -m orchestration.replay --days 30 config/allocation_policy.yml config/policies/lean_buffers.yml

Reads serving.duckdb under the data root (MARKETOPS_DATA_DIR, else data/) read-only,
prints one row per policy and channel, and with --out writes the same rows as CSV.
"""

import argparse
import logging
import sys
from pathlib import Path

import duckdb
import pandas as pd

from ingestion.allocation.policy import PolicyError, load_policy
from ingestion.allocation.replay import compare
from ingestion.allocation.replay_inputs import read_replay_inputs
from ingestion.paths import DataPaths

log = logging.getLogger("orchestration.replay")


def parse_arguments(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m orchestration.replay", description=__doc__.splitlines()[0])
    parser.add_argument("policies", nargs="+", type=Path, help="policy files to replay, one or more")
    parser.add_argument("--days", type=int, default=30, help="number of past snapshot days to replay (default 30)")
    parser.add_argument("--out", type=Path, help="CSV file to write the comparison to")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the replay and return the exit code: 2 for an invalid policy or missing serving.duckdb."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    arguments = parse_arguments(sys.argv[1:] if argv is None else argv)
    try:
        policies = [load_policy(path) for path in arguments.policies]
    except PolicyError as error:
        log.error("%s", error)
        return 2

    serving = DataPaths.from_env().serving
    if not serving.is_file():
        log.error("%s not found: run the pipeline first (make pipeline)", serving)
        return 2
    log.info("Replaying %s over %d day(s) of %s", ", ".join(p.name for p in policies), arguments.days, serving)
    with duckdb.connect(str(serving), read_only=True) as connection:
        inputs = read_replay_inputs(connection, arguments.days)
    comparison = compare(inputs, policies)

    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(comparison.to_string(index=False))
    if arguments.out:
        comparison.to_csv(arguments.out, index=False)
        log.info("Wrote %d row(s) to %s", len(comparison), arguments.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
