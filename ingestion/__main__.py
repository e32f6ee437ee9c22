"""Run the ingestion command line: `python -m ingestion ingest`."""

import sys

from ingestion.cli import main

sys.exit(main())
