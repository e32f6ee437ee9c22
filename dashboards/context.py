"""Page setup shared by every page: the open serving.duckdb and the sidebar filters."""

import logging
import re
from dataclasses import dataclass

import duckdb
import pandas as pd
import streamlit as st

from dashboards import data
from dashboards.filters import Filters, render_sidebar_filters
from dashboards.summary_rows import SUMMARIES_OF

logger = logging.getLogger(__name__)

# DuckDB rejects a named parameter that the statement does not use, so each query
# gets only the filter parameters it names.
PARAMETER_NAME = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")

PIPELINE_NOT_RUN = (
    "The pipeline has not run yet: there is no serving.duckdb in the data root ({root}). "
    "Run `make pipeline` to build the marts, then reload this page."
)


@dataclass(frozen=True)
class PageContext:
    """The open serving file, its tables and the user's filters for one rerun."""

    conn: duckdb.DuckDBPyConnection
    serving: data.ServingFile
    tables: frozenset[str]
    filters: Filters

    def query(self, sql: str, **extra_params) -> pd.DataFrame:
        """Run `sql` with the filter parameters plus `extra_params`, all bound."""
        available = {**self.filters.params(), **extra_params}
        used = set(PARAMETER_NAME.findall(sql))
        return data.run_query(self.conn, self.serving, sql, {name: available[name] for name in used})

    def missing(self, table: str) -> list[str]:
        """Return what a section reading `table` lacks in serving.duckdb: the mart, its summaries, or both."""
        return [name for name in (table, *SUMMARIES_OF.get(table, ())) if name not in self.tables]

    def can_read(self, table: str) -> bool:
        """Check, silently, that a mart and its summaries are all in serving.duckdb."""
        return not self.missing(table)

    def has_table(self, table: str) -> bool:
        """Check that a mart and its summaries are in serving.duckdb, and warn on the page when not."""
        missing = self.missing(table)
        if not missing:
            return True

        names = ", ".join(f"`{name}`" for name in missing)
        verb = "is" if len(missing) == 1 else "are"
        st.warning(f"{names} {verb} missing from serving.duckdb, so this section has no data. Rerun `make pipeline`.")
        return False


def load_page_context() -> PageContext:
    """Open serving.duckdb and draw the filters, or explain on the page why not and stop."""
    serving = data.locate_serving()
    if serving is None:
        root = data.DataPaths.from_env().root
        st.info(PIPELINE_NOT_RUN.format(root=root))
        st.stop()

    try:
        conn = data.connect(serving)
        tables = data.list_tables(conn, serving)
        filters = render_sidebar_filters(conn, serving, tables)
    except data.ServingError as error:
        st.error(f"{error}. Rerun `make pipeline` to publish a new serving.duckdb.")
        st.stop()

    if filters is None:
        st.info("serving.duckdb holds no dated rows yet: the marts are empty. Land some reports and run `make pipeline`.")
        st.stop()

    if not filters.channels:
        st.warning("No channel is selected. Pick at least one channel in the sidebar.")
        st.stop()

    return PageContext(conn=conn, serving=serving, tables=tables, filters=filters)
