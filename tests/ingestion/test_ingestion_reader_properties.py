"""Property-based tests of every reader: any input is read or rejected, and the rows add up.

Three kinds of input per reader: random bytes, random records under the reader's
own header, and valid records with random edits (bytes deleted, inserted or
replaced, the file cut short, a line repeated). A reader may return a
ReadResult whose loaded and rejected lines partition the records it read, or it
may raise FileRejected. Any other exception fails the test. The examples are
derandomized, so every run draws the same inputs.
"""

import csv
import io

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ingestion.readers import amazon_settlements, walmart_recon
from ingestion.readers.base import FileRejected, ReadResult
from ingestion.readers.casts import Kind
from ingestion.readers.columns import ColumnSpec, column
from ingestion.readers.records import TextDialect
from ingestion.sources import SOURCES

from ingestion_helpers import assert_accounting

EXAMPLES = 10
PROPERTY_SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# A valid text per column kind, so that a record built from them loads.
VALID_VALUES = {
    Kind.TEXT: "SKU-1",
    Kind.MONEY: "12.50",
    Kind.COUNT: "3",
    Kind.FLAG: "true",
    Kind.DATE: "2026-03-01",
    Kind.INSTANT: "2026-03-01T09:00:00+00:00",
    Kind.INSTANT_OR_DATE: "2026-03-01T09:00:00+00:00",
    Kind.US_DATE: "03/01/2026",
    Kind.RATE: "1.25",
}
# Values that broke readers elsewhere: separators, quotes, signs, locale numbers, odd dates.
TRICKY_VALUES = [
    "", " ", "--", "0", "-0", "-1", "1e9", "NaN", "Infinity", "1,234", "1.234,56", "12,50", "0.12345",
    "99999999999999999999", "2026-02-30", "0001-01-01", "9999-12-31T23:59:59Z", "03/01/26", "=1+1",
    '"', '""', "a,b", "a\tb", "a\nb", "\r", "é", "€", "\ufeff", "\u2028", "SKU-1", "USD", "usd", "true",
]


def layouts(source: str) -> list[tuple[TextDialect, list[ColumnSpec]]]:
    """Return the dialect and columns of each header layout a source's reader accepts."""
    if source == "amazon_settlements":
        wide = [
            column(amount_header, amount_header, Kind.MONEY)
            for amount_header, _type_header, _amount_type in amazon_settlements.WIDE_AMOUNT_FAMILIES
        ]
        common = amazon_settlements.COMMON_COLUMNS
        return [(SOURCES[source].dialect, common + amazon_settlements.V2_COLUMNS), (SOURCES[source].dialect, common + wide)]
    if source == "walmart_recon":
        wide = [column(name, name, Kind.MONEY) for name in walmart_recon.WIDE_AMOUNT_COLUMNS]
        return [
            (SOURCES[source].dialect, walmart_recon.V1_COLUMNS),
            (SOURCES[source].dialect, walmart_recon.WIDE_COLUMNS + wide),
        ]
    module = SOURCES[source].read.__module__
    file_format = __import__(module, fromlist=["FORMAT"]).FORMAT
    return [(file_format.dialect, file_format.columns)]


def render(dialect: TextDialect, rows: list[list[str]], line_end: str) -> bytes:
    """Write rows as the dialect writes them: CSV quoted where needed, TSV joined as is."""
    if dialect.quote:
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=dialect.delimiter, quotechar=dialect.quote, lineterminator=line_end).writerows(rows)
        return buffer.getvalue().encode("utf-8")
    return "".join(dialect.delimiter.join(row) + line_end for row in rows).encode("utf-8")


def valid_record(specs: list[ColumnSpec]) -> list[str]:
    """Build one record that every column accepts."""
    values = []
    for spec in specs:
        if spec.allowed is not None:
            values.append(sorted(spec.allowed)[0])
        else:
            values.append(VALID_VALUES[spec.kind])
    return values


def check_read(source: str, data: bytes) -> ReadResult | None:
    """Read the bytes and check the accounting; return None when the file was rejected whole."""
    try:
        result = SOURCES[source].read(data, f"{source}_2026-03-01.txt", None)
    except FileRejected as rejection:
        assert rejection.reason
        assert rejection.data_lines is None or all(line >= 1 for line in rejection.data_lines)
        return None
    assert_accounting(result)
    assert result.rows_read == result.loaded_lines + result.rejected_lines
    return result


@st.composite
def header_records(draw, source: str):
    """Draw a file of random records under one of the source's headers."""
    dialect, specs = draw(st.sampled_from(layouts(source)))
    header = [spec.headers[0] for spec in specs]
    cell = st.one_of(st.sampled_from(TRICKY_VALUES), st.text(max_size=12))
    rows = draw(st.lists(st.lists(cell, min_size=len(header), max_size=len(header)), max_size=6))
    line_end = draw(st.sampled_from(["\n", "\r\n"]))
    return render(dialect, [header, *rows], line_end)


@st.composite
def edited_records(draw, source: str):
    """Draw valid records under a source's header, then apply random byte edits."""
    dialect, specs = draw(st.sampled_from(layouts(source)))
    header = [spec.headers[0] for spec in specs]
    count = draw(st.integers(min_value=1, max_value=4))
    data = bytearray(render(dialect, [header] + [valid_record(specs)] * count, "\n"))
    edits = draw(st.lists(st.tuples(st.sampled_from(["delete", "insert", "replace", "cut", "repeat"]), st.integers(0, 10**6), st.binary(min_size=1, max_size=3)), max_size=4))
    for operation, position, payload in edits:
        position = position % (len(data) + 1)
        if operation == "delete":
            del data[position : position + len(payload)]
        elif operation == "insert":
            data[position:position] = payload
        elif operation == "replace":
            data[position : position + len(payload)] = payload
        elif operation == "cut":
            del data[position:]
        else:
            start = data.rfind(b"\n", 0, position) + 1
            end = data.find(b"\n", position)
            line = bytes(data[start : end + 1 if end >= 0 else len(data)])
            data[start:start] = line
    return bytes(data)


SOURCE_NAMES = sorted(SOURCES)


@pytest.mark.parametrize("source", SOURCE_NAMES)
def test_valid_record_loads(source):
    for dialect, specs in layouts(source):
        header = [spec.headers[0] for spec in specs]
        result = check_read(source, render(dialect, [header, valid_record(specs)], "\n"))

        assert result is not None
        assert result.loaded_lines == 1
        assert result.rejected_lines == 0


@pytest.mark.parametrize("source", SOURCE_NAMES)
def test_random_bytes_never_crash(source):
    @PROPERTY_SETTINGS
    @given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
    def check(data):
        check_read(source, data)

    check()


@pytest.mark.parametrize("source", SOURCE_NAMES)
def test_random_records_add_up(source):
    @PROPERTY_SETTINGS
    @given(header_records(source))
    def check(data):
        check_read(source, data)

    check()


@pytest.mark.parametrize("source", SOURCE_NAMES)
def test_edited_records_add_up(source):
    @PROPERTY_SETTINGS
    @given(edited_records(source))
    def check(data):
        check_read(source, data)

    check()
