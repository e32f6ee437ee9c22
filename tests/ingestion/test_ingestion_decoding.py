"""Decoding: BOM, cp1252 fallback, and bytes that reject the whole file."""

import pytest

from ingestion.readers import products
from ingestion.readers.base import FileRejected
from ingestion.readers.decoding import UTF8_BOM, decode_to_utf8

HEADER = "sku,title,category,unit_cost,cost_currency,safety_stock\n"


def test_bom_is_stripped():
    utf8, encoding = decode_to_utf8(b"\xef\xbb\xbf" + HEADER.encode(), "p.csv")
    assert utf8 == HEADER.encode()
    assert encoding == "utf-8"


def test_bom_header_binds_first_column():
    data = b"\xef\xbb\xbf" + (HEADER + "007,Widget,tools,1.50,EUR,2\n").encode()
    result = products.read(data, "p.csv")
    assert result.table.column("sku").to_pylist() == ["007"]


def test_cp1252_decoded_when_not_utf8():
    # cp1252 encodes "é" as 0xE9 and "€" as 0x80; neither byte is valid UTF-8 on its own.
    data = (HEADER + "A1,Café € mug,kitchen,2.00,EUR,0\n").encode("cp1252")
    result = products.read(data, "p.csv")
    assert result.table.column("title").to_pylist() == ["Café € mug"]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (HEADER.encode("utf-16-le"), "NUL bytes"),
        ((HEADER + "A1,bad\x01,x,1,EUR,0\n").encode(), "control character U+0001"),
        ((HEADER + "A1,bad\ufffd,x,1,EUR,0\n").encode(), "U+FFFD"),
        (HEADER.encode() + b"A1,\x81\x8d,x,1,EUR,0\n", "neither UTF-8 nor cp1252"),
    ],
    ids=["utf16_without_bom", "control", "replacement", "undecodable"],
)
def test_garbage_rejects_file(data, expected):
    with pytest.raises(FileRejected) as raised:
        products.read(data, "bad.csv")
    assert expected in raised.value.reason
    assert "bad.csv" in str(raised.value)


def test_garbage_names_line():
    data = (HEADER + "A1,ok,x,1,EUR,0\nA2,bad\x07,x,1,EUR,0\n").encode()
    with pytest.raises(FileRejected, match="line 3"):
        products.read(data, "bad.csv")


def test_mixed_utf8_and_cp1252_rejected():
    # "Café" is UTF-8 on line 2 and "Müller" is cp1252 on line 3 (byte 0xfc at offset 13).
    data = "a,b\nCafé,1\n".encode() + "Müller,2\n".encode("cp1252")
    with pytest.raises(FileRejected) as raised:
        decode_to_utf8(data, "mixed.csv")

    assert "mixed encoding" in raised.value.reason
    assert "line 3 (byte offset 13)" in raised.value.reason
    assert "0xfc" in raised.value.reason


def test_mixed_encoding_offset_counts_bom():
    # 3 BOM bytes, then "a" and a newline (2 bytes), "é" and a newline (3 bytes): "ü" is at offset 8.
    data = UTF8_BOM + "a\né\n".encode() + "ü\n".encode("cp1252")
    with pytest.raises(FileRejected, match=r"line 3 \(byte offset 8\)"):
        decode_to_utf8(data, "mixed.csv")


def test_cp1252_without_utf8_characters_decoded():
    data = "a,b\nMüller,2\nCafé,3\n".encode("cp1252")
    utf8, encoding = decode_to_utf8(data, "cp1252.csv")

    assert encoding == "cp1252"
    assert utf8.decode() == "a,b\nMüller,2\nCafé,3\n"


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-be"])
def test_utf16_with_bom_decoded(codec):
    # "utf-16" writes a little-endian BOM; "utf-16-be" writes none, so the BOM is added.
    text = HEADER + "A1,Café € mug,kitchen,2.00,EUR,0\r\n"
    data = text.encode(codec) if codec == "utf-16" else "\ufeff".encode(codec) + text.encode(codec)

    utf8, encoding = decode_to_utf8(data, "p.txt")
    result = products.read(data, "p.txt")

    assert (utf8, encoding) == (text.replace("\r\n", "\n").encode(), "utf-16")
    assert result.table.column("title").to_pylist() == ["Café € mug"]


def test_truncated_utf16_rejected():
    data = (HEADER + "A1,x,y,1,EUR,0\n").encode("utf-16")[:-1]

    with pytest.raises(FileRejected, match="invalid UTF-16 at byte offset") as raised:
        decode_to_utf8(data, "cut.txt")

    assert "line 2" in raised.value.reason


def test_trailing_ctrl_z_dropped():
    data = (HEADER + "A1,x,y,1,EUR,0\r\n").encode() + b"\x1a"

    utf8, _encoding = decode_to_utf8(data, "p.csv")
    result = products.read(data, "p.csv")

    assert utf8 == (HEADER + "A1,x,y,1,EUR,0\n").encode()
    assert result.rows_read == 1


def test_ctrl_z_inside_rejected():
    data = (HEADER + "A1,x\x1a,y,1,EUR,0\n").encode()

    with pytest.raises(FileRejected, match="line 2: control character U\\+001A"):
        decode_to_utf8(data, "p.csv")


def test_mixed_line_ends_unified():
    data = (HEADER + 'A1,"two\r\nlines",y,1,EUR,0\r\nA2,x,y,1,EUR,0\n').encode()

    result = products.read(data, "p.csv")

    assert result.table.column("_line_number").to_pylist() == [2, 4]
    assert result.table.column("title").to_pylist() == ["two\nlines", "x"]
