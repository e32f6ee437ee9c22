"""The Dagster resource that gives every asset, check and sensor the data root."""

from pathlib import Path

import dagster as dg

from ingestion.paths import DataPaths


class DataRootResource(dg.ConfigurableResource):
    """Data root of one deployment: `root` when configured, else `MARKETOPS_DATA_DIR` or `data/`.

    The default is read when a run starts, not when the code location loads, so a test
    or a `make` target can point the same definitions at another data root.
    """

    root: str | None = None

    def paths(self) -> DataPaths:
        """Return the resolved, absolute data paths and create the top-level folders."""
        if self.root:
            paths = DataPaths(Path(self.root).expanduser().resolve())
        else:
            paths = DataPaths.from_env()
        paths.ensure()
        return paths
