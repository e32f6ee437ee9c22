"""Make the repository's `benchmarks` package importable.

The editable install lists only the application packages, and `make bench` runs
from the repository root, where `python -m benchmarks` finds it.
"""

import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))
