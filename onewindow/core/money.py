"""Money: Decimal yuan with two places, rounded half up to the fen in one place."""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

FEN = Decimal("0.01")
ZERO = Decimal("0.00")

_SEPARATORS = re.compile(r"[,\s\u3000'_]")
_MONEY = re.compile(r"^-?\d+(\.\d+)?$")


def to_fen(value: Decimal | int | str) -> Decimal:
    """Round a yuan amount half up to the fen."""
    return Decimal(value).quantize(FEN, rounding=ROUND_HALF_UP)


def money_str(value: Decimal) -> str:
    """Format an amount as a plain string with two decimals, for JSON and CSV."""
    return f"{to_fen(value):.2f}"


@lru_cache(maxsize=65536)
def parse_money(text: str) -> Decimal | None:
    """Read an amount as departments write it, or return None if it is not one.

    Accepts full-width digits, thousands separators, a yuan sign and stray spaces:
    "１２,３４５.６" and " ¥12345.60 " both give Decimal("12345.60").
    """
    cleaned = unicodedata.normalize("NFKC", str(text)).strip()
    cleaned = cleaned.removeprefix("¥").removeprefix("￥").removesuffix("元")
    cleaned = _SEPARATORS.sub("", cleaned)
    if not _MONEY.match(cleaned):
        return None
    try:
        return to_fen(cleaned)
    except InvalidOperation:
        return None
