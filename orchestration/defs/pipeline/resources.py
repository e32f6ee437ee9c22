"""The data root resource every asset, check and sensor receives."""

import dagster as dg

from orchestration.lib.data_root import DataRootResource


@dg.definitions
def resources() -> dg.Definitions:
    return dg.Definitions(resources={"data_root": DataRootResource()})
