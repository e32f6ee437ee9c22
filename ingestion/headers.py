"""Find a file's header row and the sources whose format it matches."""

from ingestion.readers.base import FileRejected
from ingestion.readers.decoding import UTF16_BOMS, decode_to_utf8
from ingestion.readers.records import TextDialect, parse_header
from ingestion.sources import SOURCES, SourceSpec

# Only the start of a file is decoded to find its header.
_SNIFF_BYTES = 1 << 16
# A format that allows a preamble has its header among this many non-blank lines.
_MAX_PREAMBLE_LINES = 20

DELIMITER_NAMES = {"\t": "tab", ",": "comma", ";": "semicolon", "|": "pipe"}


def header_row(data: bytes, file_name: str) -> bytes:
    """Return a file's header row decoded to UTF-8: its first non-blank line.

    When that line matches no format, the first of the next lines that matches
    a format allowing preamble lines (the eBay transaction report) is returned.
    """
    head = data
    if len(data) > _SNIFF_BYTES and not data.startswith(UTF16_BOMS):
        # Cut at a line end so no multi-byte character is split.
        head = data[:_SNIFF_BYTES]
        head = head[: head.rfind(b"\n") + 1] or head
    utf8, _encoding = decode_to_utf8(head, file_name)
    lines = [line.rstrip(b"\r") for line in utf8.split(b"\n") if line.strip(b"\r")]
    if not lines:
        raise FileRejected(file_name, "is empty: no header row", data_lines=[])
    if matching_sources(lines[0]):
        return lines[0]
    preamble_formats = [spec for spec in SOURCES.values() if spec.allows_preamble]
    for line in lines[1 : _MAX_PREAMBLE_LINES + 1]:
        if any(spec.matches(header_fields(spec, line)) for spec in preamble_formats):
            return line
    return lines[0]


def header_fields(spec: SourceSpec, header: bytes) -> list[str]:
    """Split a header row the way the source's format does."""
    return parse_header(header, spec.dialect)


def matching_sources(header: bytes) -> list[SourceSpec]:
    """Return the sources whose identifying columns all appear in the header, most specific first."""
    matches = [spec for spec in SOURCES.values() if spec.matches(header_fields(spec, header))]
    return sorted(matches, key=lambda spec: len(spec.identifying_headers), reverse=True)


def describe_mismatch(header: bytes) -> str:
    """List every format compared and the identifying columns the header lacks for each."""
    parts = [f"{name} (missing {', '.join(spec.missing_headers(header_fields(spec, header)))})" for name, spec in SOURCES.items()]
    hints = [f"for {spec.name}, {hint}" for spec in SOURCES.values() if (hint := delimiter_hint(spec, header))]
    hint_text = f" ({hints[0]})" if hints else ""
    return f"header matches no known format{hint_text}; compared against: " + "; ".join(parts)


def delimiter_hint(spec: SourceSpec, header: bytes) -> str | None:
    """Tell when the header matches the source only if split by another common delimiter."""
    for delimiter, name in DELIMITER_NAMES.items():
        if delimiter == spec.dialect.delimiter:
            continue
        fields = parse_header(header, TextDialect(delimiter, spec.dialect.quote or '"'))
        if spec.matches(fields):
            expected = DELIMITER_NAMES.get(spec.dialect.delimiter, repr(spec.dialect.delimiter))
            return f"the file looks {name}-separated; this format is {expected}-separated"
    return None

