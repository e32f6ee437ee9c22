"""SQL expressions that cast a trimmed text value and explain why a cast failed.

Every cast takes the SQL name of a VARCHAR value (NULL when the field was
empty) and returns NULL when the value is invalid. `reason` returns the
rejection reason for such a value. Nothing goes through a float.
"""

from enum import Enum


class Kind(Enum):
    """Target type of a raw column."""

    TEXT = "text"
    MONEY = "money"
    COUNT = "count"
    FLAG = "flag"
    DATE = "date"
    INSTANT = "instant"
    # A timestamp with offset, or a plain date taken as midnight UTC.
    INSTANT_OR_DATE = "instant_or_date"
    # A day as US reports write it (Walmart, eBay); any time of day after it is dropped.
    US_DATE = "us_date"
    # A positive decimal with up to 8 decimals, such as an exchange rate.
    RATE = "rate"


class DecimalStyle(Enum):
    """Decimal marks a format may use."""

    # Dot decimals; commas only as thousands separators (Shopify, our own formats).
    DOT = "dot"
    # Dot or comma decimals, also mixed in one file (Amazon EU reports).
    EITHER = "either"


_SIGN = "[+-]?"

# A single separator followed by exactly three digits, after one to three
# digits that do not start with 0: "1.234" is 1234 in Germany and 1.234 in the
# US, so neither reading is safe.
_AMBIGUOUS = rf"{_SIGN}[1-9]\d{{0,2}}[.,]\d{{3}}"

# Each pattern admits at most 4 decimals, so the DECIMAL(18, 4) cast never
# rounds; a value with more decimals matches none and is rejected.
_MONEY_NORMALIZERS = {
    DecimalStyle.DOT: [
        (rf"{_SIGN}\d+(\.\d{{1,4}})?", "{v}"),
        (rf"{_SIGN}\d{{1,3}}(,\d{{3}})+(\.\d{{1,4}})?", "replace({v}, ',', '')"),
    ],
    DecimalStyle.EITHER: [
        (rf"{_SIGN}\d+(\.\d{{1,2}}|\.\d{{4}})?", "{v}"),
        (_AMBIGUOUS, "NULL"),
        (rf"{_SIGN}\d+\.\d{{3}}", "{v}"),
        (rf"{_SIGN}\d+,\d{{1,4}}", "replace({v}, ',', '.')"),
        (rf"{_SIGN}\d{{1,3}}(,\d{{3}})+\.\d{{1,4}}", "replace({v}, ',', '')"),
        (rf"{_SIGN}\d{{1,3}}(\.\d{{3}})+,\d{{1,4}}", "replace(replace({v}, '.', ''), ',', '.')"),
        (rf"{_SIGN}\d{{1,3}}(,\d{{3}}){{2,}}", "replace({v}, ',', '')"),
        (rf"{_SIGN}\d{{1,3}}(\.\d{{3}}){{2,}}", "replace({v}, '.', '')"),
    ],
}

_TOO_MANY_DECIMALS = rf"{_SIGN}[\d.,]*[.,]\d{{5,}}"

_INSTANT_FORMATS = [
    "%Y-%m-%dT%H:%M:%S%z",
    "%Y-%m-%dT%H:%M:%S.%f%z",
    "%Y-%m-%d %H:%M:%S %z",
    "%Y-%m-%d %H:%M:%S%z",
    "%d.%m.%Y %H:%M:%S%z",
]
_DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y"]
# Tried after the value is cut to its date part (see `_us_date`).
_US_DATE_FORMATS = ["%m/%d/%Y", "%b %d, %Y", "%b-%d-%y", "%b-%d-%Y", "%Y-%m-%d"]

_TRUE_WORDS = ("true", "yes", "y", "t", "1")
_FALSE_WORDS = ("false", "no", "n", "f", "0")


def cast(kind: Kind, value: str, style: DecimalStyle) -> str:
    """Return the SQL expression casting `value` to `kind`, NULL when invalid."""
    if kind is Kind.TEXT:
        return value
    if kind is Kind.MONEY:
        # TRY_CAST returns NULL for more than 14 integer digits.
        return f"TRY_CAST({_normalized_money(value, style)} AS DECIMAL(18, 4))"
    if kind is Kind.COUNT:
        return f"CASE WHEN regexp_full_match({value}, '{_SIGN}\\d{{1,18}}') THEN TRY_CAST({value} AS BIGINT) END"
    if kind is Kind.FLAG:
        return (
            f"CASE WHEN lower({value}) IN {_sql_list(_TRUE_WORDS)} THEN true "
            f"WHEN lower({value}) IN {_sql_list(_FALSE_WORDS)} THEN false END"
        )
    if kind is Kind.DATE:
        return f"CAST(try_strptime({value}, {_sql_list(_DATE_FORMATS, brackets=True)}) AS DATE)"
    if kind is Kind.INSTANT:
        return _instant(value)
    if kind is Kind.US_DATE:
        return _us_date(value)
    if kind is Kind.RATE:
        positive = f"regexp_full_match({value}, '\\d{{1,9}}(\\.\\d{{1,8}})?') AND NOT regexp_full_match({value}, '0+(\\.0+)?')"
        return f"CASE WHEN {positive} THEN TRY_CAST({value} AS DECIMAL(18, 8)) END"
    if kind is Kind.INSTANT_OR_DATE:
        date = f"try_strptime({value}, {_sql_list(_DATE_FORMATS, brackets=True)})"
        return f"coalesce({_instant(value)}, timezone('UTC', {date}))"
    raise ValueError(f"unknown column kind {kind!r}")


def reason(kind: Kind, value: str, style: DecimalStyle) -> str:
    """Return the SQL expression giving the rejection reason for an invalid `value`."""
    if kind is Kind.MONEY:
        normalized = _normalized_money(value, style)
        ambiguous = (
            f"WHEN regexp_full_match({value}, '{_AMBIGUOUS}') THEN 'ambiguous amount: one separator followed by "
            "exactly three digits can be a thousands separator or a decimal mark, so it is not guessed' "
            if style is DecimalStyle.EITHER
            else ""
        )
        return (
            f"CASE {ambiguous}"
            f"WHEN regexp_full_match({value}, '{_TOO_MANY_DECIMALS}') "
            "THEN 'amount has more than 4 decimals, which DECIMAL(18, 4) would round' "
            f"WHEN {normalized} IS NOT NULL THEN 'amount does not fit DECIMAL(18, 4): more than 14 integer digits' "
            "ELSE 'not a decimal amount' END"
        )
    messages = {
        Kind.COUNT: "not a whole number",
        Kind.FLAG: "not a boolean (expected true/false or yes/no)",
        Kind.DATE: "not a date (expected YYYY-MM-DD or DD.MM.YYYY)",
        Kind.INSTANT: "not a timestamp with a UTC offset (for example 2025-08-18T02:48:54+00:00)",
        Kind.INSTANT_OR_DATE: "not a timestamp with a UTC offset or a date",
        Kind.US_DATE: "not a date (expected MM/DD/YYYY, Mon D, YYYY or YYYY-MM-DD)",
        Kind.RATE: "not a positive decimal with at most 8 decimals",
    }
    return f"'{messages[kind]}'"


def _normalized_money(value: str, style: DecimalStyle) -> str:
    branches = " ".join(
        f"WHEN regexp_full_match({value}, '{pattern}') THEN {template.format(v=value)}"
        for pattern, template in _MONEY_NORMALIZERS[style]
    )
    return f"(CASE {branches} END)"


def _instant(value: str) -> str:
    # strptime's %z takes +HH:MM or +HHMM but not the Z or UTC suffixes.
    offset_form = f"regexp_replace({value}, '(Z| UTC)$', '+00:00')"
    # One call per format, because DuckDB 2.0.1 given a list of formats with %z rolls
    # an impossible day over ('2026-02-30T10:00:00+00:00' becomes March 2).
    attempts = ", ".join(f"try_strptime({offset_form}, '{instant_format}')" for instant_format in _INSTANT_FORMATS)
    return f"coalesce({attempts})"


def _us_date(value: str) -> str:
    # The day is what the reports are reconciled by, and their times carry no
    # offset, so a time after the date ("03/14/2026 10:20:30") is dropped.
    patterns = [r"\d{1,2}/\d{1,2}/\d{4}", r"[A-Za-z]{3} \d{1,2}, \d{4}", r"[A-Za-z]{3}-\d{1,2}-\d{2,4}", r"\d{4}-\d{2}-\d{2}"]
    days = ", ".join(f"NULLIF(regexp_extract({value}, '^({pattern})( .*)?$', 1), '')" for pattern in patterns)
    return f"CAST(try_strptime(coalesce({days}), {_sql_list(_US_DATE_FORMATS, brackets=True)}) AS DATE)"


def _sql_list(words, brackets: bool = False) -> str:
    quoted = ", ".join(f"'{word}'" for word in words)
    return f"[{quoted}]" if brackets else f"({quoted})"
