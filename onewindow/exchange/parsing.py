"""Turn one row of a department file into clean values, or say why it is refused.

A SourceFormat's config says which column holds what and how the department
spells insurances and statuses; nothing here knows any one department.
"""

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from onewindow.core.areas import pooling_region, resolve_place
from onewindow.core.exceptions import InvalidInput
from onewindow.core.identifiers import parse_credit_code, parse_resident_id
from onewindow.core.money import parse_money
from onewindow.core.periods import parse_period
from onewindow.core.text import visible
from onewindow.employers.models import Employer
from onewindow.people.models import Person
from onewindow.records.models import MONEY

from .readers import FileRefused, interpolated

FIELD_LABELS = {
    "name": _("name"),
    "id_number": _("ID number"),
    "employer_name": _("employer name"),
    "credit_code": _("credit code"),
    "place": _("place"),
    "area_code": _("area code"),
    "insurance": _("insurance"),
    "period": _("period"),
    "base": _("base"),
    "employer_amount": _("employer part"),
    "individual_amount": _("individual part"),
    "status": _("status"),
}


# The most the ledger's amount columns hold (12 digits, 2 after the point).
LARGEST_AMOUNT = (
    Decimal(10) ** (MONEY["max_digits"] - MONEY["decimal_places"])
    - Decimal(10) ** -MONEY["decimal_places"]
)
# An amount already written as the ledger stores it: ASCII digits that fit, a
# point and two decimals ("1234.56"); no separator, sign or rounding to read.
PLAIN_AMOUNT = re.compile(
    rf"[0-9]{{1,{MONEY['max_digits'] - MONEY['decimal_places']}}}"
    rf"\.[0-9]{{{MONEY['decimal_places']}}}"
)
# The cells of a contributions row that are staged, in this order, and the order
# in which they are checked: the first that fails is the reason a row is refused.
CONTRIBUTION_FIELDS = (
    "id_number",
    "name",
    "credit_code",
    "employer_name",
    "place",
    "insurance",
    "period",
    "status",
    "base",
    "employer_amount",
    "individual_amount",
)
# The longest names the registers hold.
LONGEST_NAME = {
    "name": Person._meta.get_field("name").max_length,
    "employer_name": Employer._meta.get_field("name").max_length,
}


@dataclass(frozen=True)
class EmployerRow:
    row_number: int
    credit_code: str
    name: str
    area_code: str


@dataclass(frozen=True)
class Rejection:
    row_number: int
    code: str
    column: str
    value: str
    message_zh: str
    message_en: str


def in_both_languages(message: Any) -> tuple[str, str]:
    with translation.override("zh-hans"):
        zh = str(message)
    with translation.override("en"):
        en = str(message)
    return zh, en


@lru_cache(maxsize=262144)
def _text(value: Any) -> str:
    """Normalise a cell: full-width characters to ASCII, stray spaces and
    invisible characters removed.

    Cached: department files repeat the same names, places and amounts.
    """
    return visible(unicodedata.normalize("NFKC", str(value))).strip()


def rejection(number: int, field: str, value: Any, error: InvalidInput) -> Rejection:
    """A refused row: the field's label before the reason, in both languages, and
    the offending value (an ID number shortened to its ends)."""
    zh, en = in_both_languages(error.message)
    if field:
        label_zh, label_en = in_both_languages(FIELD_LABELS.get(field, field))
        zh, en = f"{label_zh}：{zh}", f"{label_en}: {en}"
    text = _text(value)
    if field == "id_number" and len(text) > 8:
        text = text[:4] + "…" + text[-2:]
    return Rejection(number, error.code, field, text[:200], zh, en)


class RowParser:
    """Parse rows of one file laid out as `config` says, against its header."""

    def __init__(self, config: dict[str, Any], header: list[str]):
        self.config = config
        self.kind = config.get("kind", "contributions")
        normalised = [_text(name) for name in header]
        self.index: dict[str, int] = {}
        missing = []
        for field, names in config["columns"].items():
            position = next(
                (normalised.index(n) for n in names if n in normalised), None
            )
            if position is None:
                if field not in config.get("optional", []):
                    missing.append(names[0])
            else:
                self.index[field] = position
        if missing:
            raise FileRefused(
                interpolated(
                    _(
                        "The file does not have the columns this format needs: "
                        "%(missing)s. Check that the right format was chosen."
                    ),
                    {"missing": "、".join(missing)},
                ),
                code="file.columns",
            )
        self.width = len(header)
        self.insurance_map = {
            _text(k): v for k, v in config.get("insurance_map", {}).items()
        }
        self.status_map = {_text(k): v for k, v in config.get("status_map", {}).items()}
        self._checked: dict[tuple[str, str], Any] = {}

    def _shape(self, number: int, cells: list[Any]) -> Rejection | None:
        if len(cells) < self.width and any(
            position >= len(cells) for position in self.index.values()
        ):
            return rejection(
                number,
                "",
                len(cells),
                InvalidInput(
                    interpolated(
                        _("The row has %(found)s cells; the header has %(expected)s."),
                        {"found": len(cells), "expected": self.width},
                    ),
                    code="row.shape",
                ),
            )
        return None

    def _cell(self, cells: list[Any], field: str) -> Any:
        position = self.index.get(field)
        return "" if position is None else cells[position]

    # Contribution files: a row's cells are split off here and each distinct value
    # is checked once by `value`; exchange/contributions.py puts the rows together.

    def split(self, number: int, cells: list[Any]) -> list[str] | Rejection | None:
        """Return a contributions row's cells as text in CONTRIBUTION_FIELDS order,
        a Rejection when the row itself is wrong, or None for a blank line."""
        if not any(_text(cell) for cell in cells):
            return None
        refused = self._shape(number, cells)
        if refused is not None:
            return refused
        raw_id = self._cell(cells, "id_number")
        if isinstance(raw_id, int | float):
            return rejection(
                number,
                "id_number",
                raw_id,
                InvalidInput(
                    _(
                        "The ID number was stored as a number by a spreadsheet and "
                        "lost its last digits; format the column as text and export "
                        "again."
                    ),
                    code="id_number.numeric_cell",
                ),
            )
        return [
            _cell_text(field, self._cell(cells, field)) for field in CONTRIBUTION_FIELDS
        ]

    def value(self, field: str, raw: str) -> Any:
        """The clean value of one cell, or raise InvalidInput saying what is wrong.

        id_number gives a ResidentId, place an (area code, pooling region) pair,
        period a YYYYMM integer, amounts a Decimal, the others text. Each distinct
        (field, text) is checked once per file.
        """
        key = (field, raw)
        known = self._checked.get(key, _UNCHECKED)
        if known is _UNCHECKED:
            try:
                known = self._check(field, raw)
            except InvalidInput as error:
                known = error
            self._checked[key] = known
        if isinstance(known, InvalidInput):
            raise known
        return known

    def problem(self, number: int, raw: list[str]) -> Rejection | None:
        """Why a split row is refused: its first cell that fails, or None."""
        for field, text in zip(CONTRIBUTION_FIELDS, raw, strict=True):
            try:
                self.value(field, text)
            except InvalidInput as error:
                return rejection(number, field, text, error)
        return None

    def _check(self, field: str, raw: str) -> Any:
        if field == "id_number":
            return parse_resident_id(raw)
        if field == "employer_name":
            return _short_enough(field, _text(raw))
        if field == "credit_code":
            text = _text(raw)
            return parse_credit_code(text) if text else ""
        if field in ("base", "employer_amount", "individual_amount"):
            amount = parse_money(raw) if raw != "" else None
            if amount is None or amount < 0:
                raise InvalidInput(
                    _("This is not an amount of money."), code=f"{field}.invalid"
                )
            if amount > LARGEST_AMOUNT:
                raise InvalidInput(
                    _("This amount is larger than any monthly contribution can be."),
                    code=f"{field}.too_large",
                )
            return amount
        if field == "period":
            period = parse_period(_text(raw))
            if period is None:
                raise InvalidInput(
                    _("This is not a month; write it as 2023-01, 202301 or 2023年1月."),
                    code="period.invalid",
                )
            return period.as_int
        if field == "insurance" and "insurance_fixed" in self.config:
            return self.config["insurance_fixed"]
        if field == "status" and "status_fixed" in self.config:
            return self.config["status_fixed"]
        text = _required(field, raw)
        if field == "place":
            code = _place(text)
            return code, pooling_region(code)
        if field == "insurance":
            return _known(
                self.insurance_map,
                text,
                _("This insurance is not one the format knows."),
                "insurance.unknown",
            )
        if field == "status":
            return _known(
                self.status_map,
                text,
                _("This payment status is not one the format knows."),
                "status.unknown",
            )
        return _short_enough(field, text)  # name

    # Employer files are small and are merged row by row.

    def employer(self, number: int, cells: list[Any]) -> EmployerRow | Rejection | None:
        """Return the employer row, a Rejection, or None for a blank line."""
        if not any(_text(cell) for cell in cells):
            return None
        refused = self._shape(number, cells)
        if refused is not None:
            return refused
        field = "employer_name"
        raw = self._cell(cells, field)
        try:
            name = _short_enough(field, _required(field, raw))
            field, raw = "credit_code", self._cell(cells, "credit_code")
            code = parse_credit_code(str(raw))
            field, raw = "area_code", self._cell(cells, "area_code")
            area = _place(_required(field, raw))
        except InvalidInput as error:
            return rejection(number, field, raw, error)
        return EmployerRow(number, code, name, area)


_UNCHECKED = object()


def _cell_text(field: str, value: Any) -> str:
    """A cell as text. A spreadsheet shows a month typed as 2023-01 as a date;
    in the period column a date means its month."""
    if field == "period" and isinstance(value, dt.date):
        return f"{value.year}{value.month:02d}"
    return str(value)


def _required(field: str, raw: Any) -> str:
    text = _text(raw)
    if not text:
        raise InvalidInput(_("This value is missing."), code=f"{field}.missing")
    return text


def _short_enough(field: str, text: str) -> str:
    if len(text) > LONGEST_NAME[field]:
        raise InvalidInput(
            interpolated(
                _("This name is longer than %(limit)s characters."),
                {"limit": LONGEST_NAME[field]},
            ),
            code=f"{field}.too_long",
        )
    return text


def _place(text: str) -> str:
    code = resolve_place(text)
    if code is None:
        raise InvalidInput(
            _("This place is not in the area-code table."), code="place.unknown"
        )
    return code


def _known(mapping: dict[str, str], text: str, message: Any, code: str) -> str:
    value = mapping.get(text)
    if value is None:
        raise InvalidInput(message, code=code)
    return value
