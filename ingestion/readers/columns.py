"""Bind a file's header to a source's columns and cast the text records in SQL."""

import logging
from dataclasses import dataclass

import duckdb
import pyarrow as pa

from ingestion.currencies import KNOWN_CURRENCIES
from ingestion.readers.base import REJECTS_SCHEMA, FileRejected
from ingestion.readers.casts import DecimalStyle, Kind, cast, reason
from ingestion.readers.records import TextRecords

log = logging.getLogger(__name__)


# Money of this magnitude or more is rejected: quantity (at most MAX_UNITS)
# times such a price would overflow the DECIMAL(18, 4) of the models.
MONEY_LIMIT = 10**10
# More units than this on one order line or in one stock state is a typo or a unit mix-up.
MAX_UNITS = 1_000_000
# Dates and instants outside these years are placeholders (0001-01-01, 9999-12-31) or
# typos, and a date model spanning them would have millions of days.
EARLIEST_YEAR = 1990
LATEST_YEAR = 2099


@dataclass(frozen=True)
class ColumnSpec:
    """One raw column: its name, the header names it may come from, its type and its valid values.

    `headers` lists accepted spellings, first match wins. A missing `required`
    header rejects the file; a missing optional one becomes a null column.
    `not_null` rejects a record whose value is empty. `minimum` and `maximum`
    bound a number (inclusive) and `allowed` lists the valid texts; an empty
    value passes them. Every money value must be below MONEY_LIMIT in magnitude,
    and every date and instant must fall in the years EARLIEST_YEAR to LATEST_YEAR.
    """

    name: str
    headers: tuple[str, ...]
    kind: Kind = Kind.TEXT
    required: bool = False
    not_null: bool = False
    minimum: int | None = None
    maximum: int | None = None
    allowed: frozenset[str] | None = None
    # Names the allowed set in rejection reasons, for example "ISO 4217 currency code".
    allowed_label: str | None = None


def column(
    name: str,
    header: str | tuple[str, ...],
    kind: Kind = Kind.TEXT,
    *,
    required=False,
    not_null=False,
    minimum: int | None = None,
    maximum: int | None = None,
    allowed: frozenset[str] | None = None,
    allowed_label: str | None = None,
):
    """Build a ColumnSpec; a single header name is the common case."""
    headers = (header,) if isinstance(header, str) else tuple(header)
    return ColumnSpec(name, headers, kind, required, not_null or False, minimum, maximum, allowed, allowed_label)


def units(name: str, header: str, *, required=False, not_null=False) -> ColumnSpec:
    """Build a quantity column: a whole number from 0 to MAX_UNITS."""
    return column(name, header, Kind.COUNT, required=required, not_null=not_null, minimum=0, maximum=MAX_UNITS)


def currency(name: str, header: str, *, required=False, not_null=False) -> ColumnSpec:
    """Build a currency column whose values must be ISO 4217 codes in use."""
    return column(
        name, header, required=required, not_null=not_null, allowed=KNOWN_CURRENCIES, allowed_label="ISO 4217 currency code"
    )


def bind_header(records: TextRecords, specs: list[ColumnSpec], file_name: str) -> dict[str, int | None]:
    """Map each column to its header position, rejecting the file on a missing required header."""
    index = records.column_index()
    bound: dict[str, int | None] = {}
    missing = []
    for spec in specs:
        position = next((index[h] for h in spec.headers if h in index), None)
        if position is None and spec.required:
            missing.append(" or ".join(repr(h) for h in spec.headers))
        bound[spec.name] = position
        if position is not None:
            _reject_repeated_column(records, records.header[position], file_name)
    if missing:
        raise FileRejected(
            file_name,
            f"header does not match this format: missing required column(s) {', '.join(missing)}",
            data_lines=records.data_lines,
        )
    return bound


def _reject_repeated_column(records: TextRecords, name: str, file_name: str) -> None:
    positions = [number for number, header in enumerate(records.header, start=1) if header == name]
    if len(positions) > 1:
        raise FileRejected(
            file_name,
            f"column {name!r} appears {len(positions)} times in the header (columns "
            f"{' and '.join(map(str, positions))}), so which one to read is ambiguous; remove the extra column",
            data_lines=records.data_lines,
        )


def cast_records(
    connection: duckdb.DuckDBPyConnection,
    records: TextRecords,
    specs: list[ColumnSpec],
    file_name: str,
    style: DecimalStyle,
    null_texts: tuple[str, ...] = (),
) -> pa.Table:
    """Create the temp table `typed` from the view `text_records` and return the cast rejects.

    A value in `null_texts` (eBay writes `--`) is read as empty.

    `typed` has `_line_number`, one typed column per spec and `_ok` (true when
    every value was valid). Rejection reasons are worked out afterwards, only
    for the records that failed, so the common all-valid file pays for no
    reason strings.
    """
    bound = bind_header(records, specs, file_name)
    valid = " AND ".join(_is_valid(spec) for spec in specs) or "true"
    typed_names = ", ".join(f'"{spec.name}"' for spec in specs)
    connection.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE typed AS
        WITH {_cast_values_sql(specs, bound, style, "true", null_texts)}
        SELECT _line_number, _parsed, {typed_names}, ({valid}) AS _ok FROM cast_values
        """
    ).fetchall()
    if not records.is_aligned("typed"):
        log.info("Some records of %s did not parse; binding line numbers around them", file_name)
        records.realign()
        return cast_records(connection, records, specs, file_name, style, null_texts)

    if connection.execute("SELECT count(*) FROM typed WHERE NOT _ok").fetchall()[0][0] == 0:
        return REJECTS_SCHEMA.empty_table()
    return _cast_rejects(connection, specs, bound, records.header, file_name, style, null_texts)


def _cast_values_sql(specs, bound, style: DecimalStyle, record_filter: str, null_texts: tuple[str, ...] = ()) -> str:
    """Build the CTEs `text_values` (trimmed text) and `cast_values` (text and typed values)."""
    text_columns = []
    for spec in specs:
        position = bound[spec.name]
        # Surrounding spaces are padding (Amazon pads amounts), never data.
        text = f"NULLIF(trim(c{position}), '')" if position is not None else "CAST(NULL AS VARCHAR)"
        for null_text in null_texts:
            text = f"NULLIF({text}, '{_sql_text(null_text)}')"
        text_columns.append(f"{text} AS {_text_name(spec)}")
    typed_columns = [f'{cast(spec.kind, _text_name(spec), style)} AS "{spec.name}"' for spec in specs]
    return f"""
        text_values AS (
            SELECT _line_number, _parsed, {", ".join(text_columns)} FROM text_records WHERE {record_filter}
        ),
        cast_values AS (
            SELECT *, {", ".join(typed_columns)} FROM text_values
        )
    """


def _text_name(spec: ColumnSpec) -> str:
    return f'"_text_{spec.name}"'


def _is_valid(spec: ColumnSpec) -> str:
    text = _text_name(spec)
    checks = []
    if spec.not_null:
        checks.append(f"{text} IS NOT NULL")
    if spec.kind is not Kind.TEXT:
        checks.append(f'({text} IS NULL OR "{spec.name}" IS NOT NULL)')
    checks.extend(f"coalesce({condition}, true)" for condition, _reason in _value_rules(spec))
    return " AND ".join(checks) or "true"


def _value_rules(spec: ColumnSpec) -> list[tuple[str, str]]:
    """List (SQL condition a valid value meets, SQL reason when it does not) for the column's limits."""
    value = f'"{spec.name}"'
    rules = []
    if spec.kind is Kind.MONEY:
        rules.append(
            (f"abs({value}) < {MONEY_LIMIT}", f"'amount magnitude is {MONEY_LIMIT:,} or more, which is not a plausible amount'")
        )
    if spec.kind in (Kind.DATE, Kind.US_DATE, Kind.INSTANT, Kind.INSTANT_OR_DATE):
        rules.append((_in_date_range(spec, value), f"'outside the plausible range of dates, {EARLIEST_YEAR} to {LATEST_YEAR}'"))
    if spec.minimum is not None:
        rules.append((f"{value} >= {spec.minimum}", f"'below the minimum of {spec.minimum}'"))
    if spec.maximum is not None:
        rules.append((f"{value} <= {spec.maximum}", f"'above the maximum of {spec.maximum:,}, which is not plausible'"))
    if spec.allowed is not None:
        label = spec.allowed_label or "value"
        listed = ", ".join(f"'{_sql_text(item)}'" for item in sorted(spec.allowed))
        expected = f"expected one of {', '.join(sorted(spec.allowed))}" if len(spec.allowed) <= 10 else f"expected an {label}"
        rules.append((f"{value} IN ({listed})", f"'unknown {label}; {_sql_text(expected)}'"))
    return rules


def _in_date_range(spec: ColumnSpec, value: str) -> str:
    if spec.kind in (Kind.DATE, Kind.US_DATE):
        return f"{value} BETWEEN DATE '{EARLIEST_YEAR}-01-01' AND DATE '{LATEST_YEAR}-12-31'"
    return (
        f"{value} >= TIMESTAMPTZ '{EARLIEST_YEAR}-01-01 00:00:00+00' "
        f"AND {value} < TIMESTAMPTZ '{LATEST_YEAR + 1}-01-01 00:00:00+00'"
    )


def _error(spec: ColumnSpec, style: DecimalStyle) -> str:
    """Build the SQL giving why a column's value was rejected, NULL when it is valid."""
    text = _text_name(spec)
    branches = ""
    if spec.not_null:
        branches += f"WHEN {text} IS NULL THEN 'missing value' "
    if spec.kind is not Kind.TEXT:
        branches += f'WHEN {text} IS NOT NULL AND "{spec.name}" IS NULL THEN {reason(spec.kind, text, style)} '
    for condition, message in _value_rules(spec):
        branches += f"WHEN NOT coalesce({condition}, true) THEN {message} "
    return f"CASE {branches}END" if branches else "CAST(NULL AS VARCHAR)"


def _cast_rejects(connection, specs, bound, header, file_name, style, null_texts=()) -> pa.Table:
    """Work out one rejects row per invalid value of the records that failed."""
    failed = "_line_number IN (SELECT _line_number FROM typed WHERE NOT _ok)"
    error_columns = ", ".join(f'{_error(spec, style)} AS "_error_{spec.name}"' for spec in specs)
    selects = []
    for spec in specs:
        position = bound[spec.name]
        header_name = header[position] if position is not None else spec.headers[0]
        selects.append(
            f"SELECT _line_number AS line_number, '{_sql_text(header_name)}' AS \"column\", "
            f'{_text_name(spec)} AS value, "_error_{spec.name}" AS reason '
            f'FROM checked_values WHERE "_error_{spec.name}" IS NOT NULL'
        )
    query = f"""
        WITH {_cast_values_sql(specs, bound, style, failed, null_texts)},
        checked_values AS (SELECT *, {error_columns} FROM cast_values)
        {" UNION ALL ".join(selects)}
        ORDER BY line_number
    """
    rejects = connection.sql(query).to_arrow_table()
    file_names = pa.array([file_name] * rejects.num_rows, type=pa.string())
    rejects = rejects.add_column(0, "file_name", file_names)
    return rejects.cast(REJECTS_SCHEMA)


def _sql_text(text: str) -> str:
    return text.replace("'", "''")


def to_schema(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """Select and cast a DuckDB result to the source schema plus `_line_number`."""
    target = pa.schema(list(schema) + [pa.field("_line_number", pa.int64(), nullable=False)])
    return table.select(target.names).cast(target)
