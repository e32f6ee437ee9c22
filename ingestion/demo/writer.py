"""Stream formatted rows from DuckDB into CSV files, with a progress bar per file.

Exporters format every column as text in SQL (timestamps with offsets, money with
two decimals), so this module only moves batches to disk. It never quotes: the demo
writes no value that contains a delimiter, a quote or a line break, and pyarrow
raises if one slips through.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pyarrow.csv as pacsv
from tqdm import tqdm

log = logging.getLogger(__name__)

BATCH_ROWS = 200_000


@dataclass
class WrittenFiles:
    """Rows written per file, relative to the output folder, for the manifest."""

    out_dir: Path
    rows: dict[str, int] = field(default_factory=dict)
    show_progress: bool = True

    def record(self, path: Path, rows: int) -> None:
        self.rows[path.relative_to(self.out_dir).as_posix()] = rows
        log.info("wrote %s (%d rows)", path, rows)


def write_query(
    conn: duckdb.DuckDBPyConnection,
    sql: str,
    path: Path,
    written: WrittenFiles,
    delimiter: str = ",",
    header: list[str] | None = None,
    expected_rows: int | None = None,
) -> int:
    """Run `sql` and write its rows to `path`; the header is the column names unless given.

    `expected_rows` only sizes the progress bar; without it the query is counted first.
    """
    if expected_rows is None:
        expected_rows = conn.sql(f"SELECT count(*) FROM ({sql})").fetchall()[0][0]
    return write_queries(conn, [sql], path, written, expected_rows, delimiter, header)


def write_queries(
    conn: duckdb.DuckDBPyConnection,
    sqls: Iterable[str],
    path: Path,
    written: WrittenFiles,
    expected_rows: int,
    delimiter: str = ",",
    header: list[str] | None = None,
) -> int:
    """Write the rows of each query of `sqls`, in turn, to one file at `path`.

    The queries run one at a time as the iterable yields them, so a caller can
    register each chunk's frame just before its query and keep one chunk in memory.
    Every query must return the same columns; the header is the first one's names
    unless given. `expected_rows` only sizes the progress bar.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    options = pacsv.WriteOptions(include_header=False, delimiter=delimiter, quoting_style="none")
    total = 0
    writer = None
    with (
        open(path, "wb") as sink,
        tqdm(total=expected_rows, desc=path.name, unit="row", leave=False,
             disable=not written.show_progress) as progress,
    ):
        for sql in sqls:
            reader = conn.sql(sql).to_arrow_reader(BATCH_ROWS)
            if writer is None:
                names = header or reader.schema.names
                if len(names) != len(reader.schema.names):
                    raise ValueError(f"header for {path.name} has {len(names)} names, the query returns "
                                     f"{len(reader.schema.names)} columns")
                # pyarrow quotes header names even with quoting off, so write the header by hand.
                sink.write((delimiter.join(names) + "\n").encode("utf-8"))
                writer = pacsv.CSVWriter(sink, reader.schema, write_options=options)
            for batch in reader:
                writer.write_batch(batch)
                total += batch.num_rows
                progress.update(batch.num_rows)
        if writer is not None:
            writer.close()

    written.record(path, total)
    return total
