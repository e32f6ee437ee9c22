"""Turn a delivered file's bytes into clean UTF-8, or reject the file."""

import logging
import re

from ingestion.readers.base import FileRejected

log = logging.getLogger(__name__)

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# DOS and old Windows tools end a text file with Ctrl-Z (SUB, 0x1A) as an end-of-file mark.
END_OF_FILE_MARK = b"\x1a"

# C0 controls other than tab, LF and CR, DEL, and the UTF-8 encodings of the
# C1 controls (U+0080..U+009F). Text reports never contain these, so their
# presence means binary data or a wrong encoding.
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")
# Every byte except the C0 controls and DEL; deleting these with bytes.translate
# leaves only control bytes, which is far faster than a regex search.
_NOT_CONTROL = bytes(b for b in range(256) if (b >= 0x20 and b != 0x7F) or b in (0x09, 0x0A, 0x0D))
_REPLACEMENT_CHARACTER = "\ufffd".encode()
# A well-formed UTF-8 sequence of two to four bytes: no overlong form, surrogate or code point above U+10FFFF.
# cp1252 text almost never contains one, because it would read as a letter
# such as "Ã" followed by a symbol such as "©".
_UTF8_MULTIBYTE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|\xe0[\xa0-\xbf][\x80-\xbf]|[\xe1-\xec\xee\xef][\x80-\xbf]{2}"
    rb"|\xed[\x80-\x9f][\x80-\xbf]|\xf0[\x90-\xbf][\x80-\xbf]{2}|[\xf1-\xf3][\x80-\xbf]{3}|\xf4[\x80-\x8f][\x80-\xbf]{2}"
)


def decode_to_utf8(data: bytes, file_name: str) -> tuple[bytes, str]:
    """Return the file as UTF-8 bytes without a BOM, and the encoding it came in.

    A file that starts with a UTF-16 BOM (Excel's "Unicode text") is decoded
    as UTF-16. Otherwise UTF-8 is tried first, then cp1252 (Amazon EU reports)
    for the whole file. Ctrl-Z marks at the very end are dropped, and a file
    that mixes CRLF and LF line ends gets LF only.
    A file with valid UTF-8 multi-byte characters and also bytes invalid in
    UTF-8 mixes the two encodings, so neither decode is right and it is
    rejected. Bytes valid in neither, control characters and U+FFFD
    replacement characters (a sign of an earlier lossy decode) reject the
    file too, because guessing would corrupt text.
    """
    bom_length = 0
    utf16 = data.startswith(UTF16_BOMS)
    if utf16:
        data = _utf16_to_utf8(data, file_name)
    elif data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
        bom_length = len(UTF8_BOM)
    data = data.rstrip(END_OF_FILE_MARK)

    if b"\x00" in data:
        raise FileRejected(file_name, "contains NUL bytes, so it is binary or UTF-16 without a BOM, not a text report")

    try:
        # ASCII is valid UTF-8, and the check is far cheaper than decoding a copy.
        if not data.isascii():
            data.decode("utf-8")
        encoding = "utf-16" if utf16 else "utf-8"
    except UnicodeDecodeError as utf8_error:
        _reject_mixed_encoding(data, utf8_error.start, bom_length, file_name)
        try:
            data = data.decode("cp1252").encode("utf-8")
        except UnicodeDecodeError:
            line = data.count(b"\n", 0, utf8_error.start) + 1
            raise FileRejected(
                file_name,
                f"line {line}: byte 0x{data[utf8_error.start]:02x} is neither UTF-8 nor cp1252; "
                "re-export the report as UTF-8",
            ) from None
        encoding = "cp1252"
        log.info("Decoded %s as cp1252", file_name)

    _reject_control_characters(data, file_name)
    data = _unify_line_ends(data)

    position = data.find(_REPLACEMENT_CHARACTER)
    if position >= 0:
        line = data.count(b"\n", 0, position) + 1
        raise FileRejected(
            file_name,
            f"line {line}: contains the replacement character U+FFFD, so the text was already damaged "
            "by a lossy decode; request the original export",
        )

    return data, encoding


def _unify_line_ends(data: bytes) -> bytes:
    """Turn CRLF into LF when a file mixes both, because DuckDB's strict CSV parser rejects the mix.

    The line count stays the same, so line numbers still point at the delivered lines.
    """
    crlf = data.count(b"\r\n")
    if crlf == 0 or crlf == data.count(b"\n"):
        return data
    log.info("Unified the mixed CRLF and LF line ends of a file to LF")
    return data.replace(b"\r\n", b"\n")


def _utf16_to_utf8(data: bytes, file_name: str) -> bytes:
    try:
        text = data.decode("utf-16")
    except UnicodeDecodeError as error:
        line = data[: error.start].decode("utf-16", errors="replace").count("\n") + 1
        raise FileRejected(
            file_name,
            f"line {line}: invalid UTF-16 at byte offset {error.start} ({error.reason}); re-export the report",
        ) from None
    log.info("Decoded %s as UTF-16", file_name)
    return text.encode("utf-8")


def _reject_mixed_encoding(data: bytes, invalid_at: int, bom_length: int, file_name: str) -> None:
    utf8_character = _UTF8_MULTIBYTE.search(data)
    if utf8_character is None:
        return
    line = data.count(b"\n", 0, invalid_at) + 1
    utf8_line = data.count(b"\n", 0, utf8_character.start()) + 1
    raise FileRejected(
        file_name,
        f"mixed encoding: line {line} (byte offset {invalid_at + bom_length}) has byte 0x{data[invalid_at]:02x}, "
        f"which is not UTF-8, but line {utf8_line} has UTF-8 characters; re-export the whole report as UTF-8",
    )


def _reject_control_characters(data: bytes, file_name: str) -> None:
    if not data.translate(None, _NOT_CONTROL) and b"\xc2" not in data:
        return
    match = _CONTROL_BYTES.search(data)
    if match is None:
        return
    line = data.count(b"\n", 0, match.start()) + 1
    code_point = match.group().decode("utf-8", errors="replace")
    raise FileRejected(
        file_name,
        f"line {line}: control character U+{ord(code_point):04X} in a text report; the file is binary or damaged",
    )
