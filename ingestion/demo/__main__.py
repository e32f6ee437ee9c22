"""Command line: `python -m ingestion.demo --out DIR [--seed N] [--skus N] [--days N]
[--orders N] [--end-date YYYY-MM-DD]`."""

import argparse
import logging
from datetime import date
from pathlib import Path

from ingestion.demo.config import DEFAULT_END_DATE, DemoConfig
from ingestion.demo.generate import generate


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m ingestion.demo",
        description="Write a seeded demo business's channel reports in their real formats.",
    )
    parser.add_argument("--out", type=Path, required=True,
                        help="output folder, usually <data root>/landing; one subfolder per source")
    parser.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    parser.add_argument("--skus", type=int, default=150, help="number of canonical SKUs (default 150)")
    parser.add_argument("--days", type=int, default=90, help="number of days of history (default 90)")
    parser.add_argument("--orders", type=int, default=20_000,
                        help="total orders across amazon, shopify and b2b (default 20000)")
    parser.add_argument("--end-date", type=date.fromisoformat, default=DEFAULT_END_DATE,
                        help=f"last day of history, YYYY-MM-DD (default {DEFAULT_END_DATE.isoformat()})")
    parser.add_argument("--no-progress", action="store_true", help="hide the progress bars")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        config = DemoConfig(seed=args.seed, skus=args.skus, days=args.days, orders=args.orders,
                            end_date=args.end_date)
    except ValueError as error:
        raise SystemExit(str(error)) from error
    manifest = generate(config, args.out.resolve(), show_progress=not args.no_progress)
    print(f"wrote {len(manifest['files'])} files to {args.out} "
          f"({sum(manifest['files'].values())} rows, faults: {manifest['fault_counts']})")


if __name__ == "__main__":
    main()
