"""Turn one row of a department file into clean values, or say why it is refused.

A SourceFormat's config says which column holds what and how the department
spells insurances and statuses; nothing here knows any one department.
"""

import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from onewindow.core.areas import pooling_region, resolve_place
from onewindow.core.exceptions import InvalidInput
from onewindow.core.identifiers import ResidentId, parse_credit_code, parse_resident_id
from onewindow.core.money import parse_money
from onewindow.core.periods import parse_period

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


@dataclass(frozen=True)
class ContributionRow:
    row_number: int
    resident: ResidentId
    name: str
    credit_code: str
    employer_name: str
    area_code: str
    pooling_region: str
    insurance: str
    period: int
    base: Decimal
    employer_amount: Decimal
    individual_amount: Decimal
    status: str

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.resident.value, self.insurance, self.pooling_region, self.period)


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
    """Normalise a cell: full-width characters to ASCII, stray spaces removed.

    Cached: department files repeat the same names, places and amounts.
    """
    return unicodedata.normalize("NFKC", str(value)).strip()


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


class _RowError(Exception):
    def __init__(self, field: str, value: Any, error: InvalidInput):
        self.field, self.value, self.error = field, value, error


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

    def parse(
        self, number: int, cells: list[Any]
    ) -> ContributionRow | EmployerRow | Rejection | None:
        """Return the clean row, a Rejection, or None for a blank line."""
        if not any(_text(cell) for cell in cells):
            return None
        try:
            if len(cells) < self.width and any(
                position >= len(cells) for position in self.index.values()
            ):
                raise _RowError(
                    "",
                    len(cells),
                    InvalidInput(
                        interpolated(
                            _(
                                "The row has %(found)s cells; the header has "
                                "%(expected)s."
                            ),
                            {"found": len(cells), "expected": self.width},
                        ),
                        code="row.shape",
                    ),
                )
            if self.kind == "employers":
                return self._employer(number, cells)
            return self._contribution(number, cells)
        except _RowError as problem:
            return self._reject(number, problem)

    def _cell(self, cells: list[Any], field: str) -> Any:
        position = self.index.get(field)
        return "" if position is None else cells[position]

    def _reject(self, number: int, problem: _RowError) -> Rejection:
        return rejection(number, problem.field, problem.value, problem.error)

    def _required_text(self, cells: list[Any], field: str) -> str:
        value = _text(self._cell(cells, field))
        if not value:
            raise _RowError(
                field,
                value,
                InvalidInput(_("This value is missing."), code=f"{field}.missing"),
            )
        return value

    def _resident(self, cells: list[Any]) -> ResidentId:
        raw = self._cell(cells, "id_number")
        if isinstance(raw, int | float):
            raise _RowError(
                "id_number",
                raw,
                InvalidInput(
                    _(
                        "The ID number was stored as a number by a spreadsheet and "
                        "lost its last digits; format the column as text and export "
                        "again."
                    ),
                    code="id_number.numeric_cell",
                ),
            )
        try:
            return parse_resident_id(str(raw))
        except InvalidInput as error:
            raise _RowError("id_number", raw, error) from None

    def _money(self, cells: list[Any], field: str) -> Decimal:
        raw = self._cell(cells, field)
        value = parse_money(raw) if raw != "" else None
        if value is None or value < 0:
            raise _RowError(
                field,
                raw,
                InvalidInput(
                    _("This is not an amount of money."), code=f"{field}.invalid"
                ),
            )
        return value

    def _place(self, cells: list[Any], field: str) -> str:
        raw = self._required_text(cells, field)
        code = resolve_place(raw)
        if code is None:
            raise _RowError(
                field,
                raw,
                InvalidInput(
                    _("This place is not in the area-code table."), code="place.unknown"
                ),
            )
        return code

    def _employer(self, number: int, cells: list[Any]) -> EmployerRow:
        name = self._required_text(cells, "employer_name")
        raw_code = self._cell(cells, "credit_code")
        try:
            code = parse_credit_code(str(raw_code))
        except InvalidInput as error:
            raise _RowError("credit_code", raw_code, error) from None
        area = self._place(cells, "area_code")
        return EmployerRow(number, code, name, area)

    def _contribution(self, number: int, cells: list[Any]) -> ContributionRow:
        resident = self._resident(cells)
        name = self._required_text(cells, "name")

        credit_code = ""
        raw_code = _text(self._cell(cells, "credit_code"))
        if raw_code:
            try:
                credit_code = parse_credit_code(raw_code)
            except InvalidInput as error:
                raise _RowError("credit_code", raw_code, error) from None
        employer_name = _text(self._cell(cells, "employer_name"))

        area = self._place(cells, "place")

        if "insurance_fixed" in self.config:
            insurance = self.config["insurance_fixed"]
        else:
            raw = self._required_text(cells, "insurance")
            insurance = self.insurance_map.get(raw)
            if insurance is None:
                raise _RowError(
                    "insurance",
                    raw,
                    InvalidInput(
                        _("This insurance is not one the format knows."),
                        code="insurance.unknown",
                    ),
                )

        raw_period = self._cell(cells, "period")
        period = parse_period(_text(raw_period))
        if period is None:
            raise _RowError(
                "period",
                raw_period,
                InvalidInput(
                    _("This is not a month; write it as 2023-01, 202301 or 2023年1月."),
                    code="period.invalid",
                ),
            )

        if "status_fixed" in self.config:
            status = self.config["status_fixed"]
        else:
            raw = self._required_text(cells, "status")
            status = self.status_map.get(raw)
            if status is None:
                raise _RowError(
                    "status",
                    raw,
                    InvalidInput(
                        _("This payment status is not one the format knows."),
                        code="status.unknown",
                    ),
                )

        return ContributionRow(
            row_number=number,
            resident=resident,
            name=name,
            credit_code=credit_code,
            employer_name=employer_name,
            area_code=area,
            pooling_region=pooling_region(area),
            insurance=insurance,
            period=period.as_int,
            base=self._money(cells, "base"),
            employer_amount=self._money(cells, "employer_amount"),
            individual_amount=self._money(cells, "individual_amount"),
            status=status,
        )
