"""The data root and the folders under it."""

import os
from dataclasses import dataclass
from pathlib import Path

DATA_DIR_ENV = "MARKETOPS_DATA_DIR"
REPO_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class DataPaths:
    """Every location the pipeline reads or writes, all under one data root."""

    root: Path

    @classmethod
    def from_env(cls) -> "DataPaths":
        """Use `MARKETOPS_DATA_DIR` when set, else `data/` in the repository."""
        configured = os.environ.get(DATA_DIR_ENV)
        root = Path(configured) if configured else REPO_ROOT / "data"
        return cls(root.expanduser().resolve())

    @property
    def landing(self) -> Path:
        return self.root / "landing"

    @property
    def raw(self) -> Path:
        return self.root / "raw"

    @property
    def quarantine(self) -> Path:
        return self.root / "quarantine"

    @property
    def warehouse(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def serving(self) -> Path:
        return self.root / "serving.duckdb"

    @property
    def outbox(self) -> Path:
        return self.root / "outbox"

    @property
    def decisions(self) -> Path:
        return self.root / "decisions"

    @property
    def dagster_home(self) -> Path:
        return self.root / "dagster_home"

    def landing_dir(self, source: str) -> Path:
        return self.landing / source

    def raw_dir(self, source: str) -> Path:
        return self.raw / source

    def quarantine_dir(self, source: str) -> Path:
        return self.quarantine / source

    def ensure(self) -> None:
        """Create the top-level folders; safe to call on every run."""
        for folder in (self.landing, self.raw, self.quarantine, self.outbox, self.decisions):
            folder.mkdir(parents=True, exist_ok=True)
