"""Validate resident ID numbers (GB 11643) and unified social credit codes (GB 32100).

python-stdnum computes the ID check character; the rest is done here because
stdnum rejects valid numbers whose area code was created after the holder's birth,
raises KeyError for unknown county codes and accepts future birth dates
(see ../shared/reference/rules.md, Identifiers).
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from stdnum.cn import ric

from onewindow.core.areas import province_exists
from onewindow.core.exceptions import InvalidInput
from onewindow.core.text import visible

# ASCII digits only: \d alone also matches Arabic-Indic and other digits, which
# would pass the check digit and register a second person for one ID number.
_ID18 = re.compile(r"^\d{17}[\dX]$", re.ASCII)
_ID15 = re.compile(r"^\d{15}$", re.ASCII)
_NUMERIC_CELL = re.compile(r"^\d+(\.\d+)?[eE][+-]?\d+$|^\d+\.0+$", re.ASCII)
_EARLIEST_BIRTH = dt.date(1900, 1, 1)


@dataclass(frozen=True)
class ResidentId:
    value: str
    birth_date: dt.date
    sex: str  # "M" or "F": odd sequence numbers are men

    @property
    def masked(self) -> str:
        return mask_id_number(self.value)


def mask_id_number(value: str) -> str:
    """Show the first four and last four characters: 1101**********123X."""
    if len(value) < 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", visible(unicodedata.normalize("NFKC", str(text)))).upper()


@lru_cache(maxsize=65536)
def parse_resident_id(text: str, *, today: dt.date | None = None) -> ResidentId:
    """Return the 18-character ID number, or raise InvalidInput saying what is wrong.

    15-digit numbers issued before 1999 are converted: 19 is put before the year
    and the check character appended (GB 11643-1999).
    """
    value = _normalise(text)
    if not value:
        raise InvalidInput(_("The ID number is missing."), code="id_number.missing")
    if _NUMERIC_CELL.match(value):
        raise InvalidInput(
            _(
                "The ID number was stored as a number by a spreadsheet and lost its "
                "last digits; format the column as text and export again."
            ),
            code="id_number.numeric_cell",
        )
    if _ID15.match(value):
        body = value[:6] + "19" + value[6:]
        # stdnum's helper expects a placeholder where the check character goes.
        value = body + ric.calc_check_digit(body + "0")
    if not _ID18.match(value):
        raise InvalidInput(
            _("The ID number must have 18 characters (or 15 digits for old numbers)."),
            code="id_number.format",
        )

    try:
        birth = dt.date(int(value[6:10]), int(value[10:12]), int(value[12:14]))
    except ValueError:
        raise InvalidInput(
            _("The birth date inside the ID number does not exist."),
            code="id_number.birth_date",
        ) from None
    if birth > (today or timezone.localdate()) or birth < _EARLIEST_BIRTH:
        raise InvalidInput(
            _("The birth date inside the ID number is not possible."),
            code="id_number.birth_date",
        )
    if not province_exists(value[:2]):
        raise InvalidInput(
            _("The ID number starts with an unknown area code."),
            code="id_number.area",
        )
    if ric.calc_check_digit(value) != value[17]:
        hint = (
            _(
                " It ends in zeros: a spreadsheet may have stored it as a number; "
                "format the column as text."
            )
            if value[-3:] == "000"
            else ""
        )
        raise InvalidInput(
            format_lazy(
                "{}{}", _("The check character of the ID number is wrong."), hint
            ),
            code="id_number.checksum",
        )

    return ResidentId(value, birth, "M" if int(value[16]) % 2 else "F")


_USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_USCC = re.compile(r"^[0-9A-HJ-NP-RTUW-Y]{2}\d{6}[0-9A-HJ-NP-RTUW-Y]{10}$", re.ASCII)


def _org_code_check(body: str) -> str:
    """GB 11714 check character of an 8-character organisation code."""
    total = sum(
        int(char, 36) * weight for char, weight in zip(body, _ORG_WEIGHTS, strict=True)
    )
    remainder = 11 - total % 11
    return {10: "X", 11: "0"}.get(remainder, str(remainder))


@lru_cache(maxsize=16384)
def parse_credit_code(text: str) -> str:
    """Return a valid unified social credit code, or raise InvalidInput.

    Checks the alphabet, the area code's province, the inner organisation code
    (GB 11714) and the final MOD 31 character (GB 32100-2015).
    """
    value = _normalise(text)
    if not value:
        raise InvalidInput(_("The credit code is missing."), code="credit_code.missing")
    if not _USCC.match(value):
        raise InvalidInput(
            _("The credit code must be 18 characters without I, O, S, V or Z."),
            code="credit_code.format",
        )
    total = sum(
        _USCC_ALPHABET.index(char) * weight
        for char, weight in zip(value[:17], _USCC_WEIGHTS, strict=True)
    )
    if _USCC_ALPHABET[(31 - total % 31) % 31] != value[17]:
        raise InvalidInput(
            _("The check character of the credit code is wrong."),
            code="credit_code.checksum",
        )
    if _org_code_check(value[8:16]) != value[16]:
        raise InvalidInput(
            _("The organisation code inside the credit code is wrong."),
            code="credit_code.organisation",
        )
    return value
