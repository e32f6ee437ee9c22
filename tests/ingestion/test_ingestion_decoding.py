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
        (HEADER.encode("utf-16"), "NUL bytes"),
        ((HEADER + "A1,bad\x01,x,1,EUR,0\n").encode(), "control character U+0001"),
        ((HEADER + "A1,bad\ufffd,x,1,EUR,0\n").encode(), "U+FFFD"),
        (HEADER.encode() + b"A1,\x81\x8d,x,1,EUR,0\n", "neither UTF-8 nor cp1252"),
    ],
    ids=["utf16", "control", "replacement", "undecodable"],
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
