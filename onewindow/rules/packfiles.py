"""Read and check rule pack files before anything reaches the database.

A pack is refused, with a message naming the parameter and the dates, when two
values of one parameter overlap, when the values leave a gap between the first
date a calculation needs and the last value, or when a value is not in its unit.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from .errors import RulePackRefused
from .params import PackText

PACKS_DIR = Path(__file__).parent / "packs"

# The unit each known parameter must be given in; an unknown key is refused too,
# so that a typo in a pack cannot silently leave a calculator without its value.
EXPECTED_UNITS = {
    "retirement.age_rule": "table",
    "retirement.flexible_window": "table",
    "pension.minimum_contribution": "table",
    "pension.basic_rate_per_year": "rate",
    "pension.months_divisor": "table",
    "pension.divisor_method": "method",
    "pension.account_interest": "rate",
    "pension.account_interest_method": "method",
    "pension.account_rate": "rate",
    "pension.average_wage": "yuan",
    "unemployment.duration": "table",
    "unemployment.amount_rule": "table",
    "contribution.pension.employer_rate": "rate",
    "contribution.pension.individual_rate": "rate",
    "contribution.unemployment.employer_rate": "rate",
    "contribution.unemployment.individual_rate": "rate",
    "contribution.medical.employer_rate": "rate",
    "contribution.medical.individual_rate": "rate",
    "contribution.medical.individual_fixed": "yuan",
    "contribution.medical.base_floor": "yuan",
    "contribution.base_floor": "yuan",
    "contribution.base_ceiling": "yuan",
    "wage.minimum_monthly": "yuan",
    "medical.retiree_min_years": "table",
}
METHODS = {"linear_by_month", "whole_year", "pro_rata_by_month"}


@dataclass(frozen=True)
class ValueSpec:
    effective_from: dt.date
    effective_to: dt.date | None
    value: Any
    unknown: bool
    note: PackText


@dataclass(frozen=True)
class ParameterSpec:
    key: str
    unit: str
    document: str
    article: PackText
    required_from: dt.date
    values: tuple[ValueSpec, ...]


@dataclass(frozen=True)
class PackSpec:
    code: str
    region: str
    version: str
    title_en: str
    title_zh: str
    documents: dict[str, dict[str, str]]
    parameters: tuple[ParameterSpec, ...]
    checksum: str


def pack_files() -> list[Path]:
    return sorted(PACKS_DIR.glob("*.json"))


def pack_read(path: Path) -> PackSpec:
    """Read one pack file and check it; raise RulePackRefused naming the problem."""
    raw = path.read_bytes()
    try:
        data = json.loads(raw)
    except ValueError as error:
        raise RulePackRefused(
            _("%(file)s is not valid JSON: %(error)s")
            % {"file": path.name, "error": error}
        ) from None
    return pack_parse(data, checksum=hashlib.sha256(raw).hexdigest())


def pack_parse(data: dict[str, Any], *, checksum: str = "") -> PackSpec:
    """Check a pack given as parsed JSON and return it in typed form."""
    try:
        code = str(data["code"])
        version = str(data["version"])
        documents = dict(data["documents"])
        raw_parameters = list(data["parameters"])
        title = data["title"]
    except (KeyError, TypeError):
        raise RulePackRefused(
            _("A pack needs code, version, title, documents and parameters.")
        ) from None
    region = str(data.get("region", ""))
    if region and not (len(region) == 6 and region.isdigit()):
        raise RulePackRefused(
            _("Pack %(code)s: the region must be a 6-digit area code.") % {"code": code}
        )

    seen: set[str] = set()
    parameters = []
    for raw in raw_parameters:
        parameter = _parameter(code, raw, documents)
        if parameter.key in seen:
            raise RulePackRefused(
                _("Pack %(code)s: parameter %(key)s is given twice.")
                % {"code": code, "key": parameter.key}
            )
        seen.add(parameter.key)
        parameters.append(parameter)
    if not checksum:
        canonical = json.dumps(data, sort_keys=True, ensure_ascii=False)
        checksum = hashlib.sha256(canonical.encode()).hexdigest()
    return PackSpec(
        code=code,
        region=region,
        version=version,
        title_en=str(title.get("en", code)),
        title_zh=str(title.get("zh", code)),
        documents=documents,
        parameters=tuple(parameters),
        checksum=checksum,
    )


def _date(code: str, key: str, text: Any, field: str) -> dt.date:
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise RulePackRefused(
            _("Pack %(code)s, %(key)s: %(field)s %(text)s is not a date (YYYY-MM-DD).")
            % {"code": code, "key": key, "field": field, "text": text}
        ) from None


def _parameter(code: str, raw: dict[str, Any], documents: dict) -> ParameterSpec:
    key = str(raw.get("key", ""))
    unit = str(raw.get("unit", ""))
    expected = EXPECTED_UNITS.get(key)
    if expected is None:
        raise RulePackRefused(
            _("Pack %(code)s: %(key)s is not a parameter any calculator knows.")
            % {"code": code, "key": key}
        )
    if unit != expected:
        raise RulePackRefused(
            _("Pack %(code)s, %(key)s: the unit is %(unit)s but must be %(expected)s.")
            % {"code": code, "key": key, "unit": unit, "expected": expected}
        )
    document = str(raw.get("document", ""))
    if document not in documents:
        raise RulePackRefused(
            _("Pack %(code)s, %(key)s: the source document %(document)s is not listed.")
            % {"code": code, "key": key, "document": document}
        )
    required_from = _date(code, key, raw.get("required_from"), "required_from")
    values = sorted(
        (_value(code, key, unit, item) for item in raw.get("values", [])),
        key=lambda v: v.effective_from,
    )
    _check_calendar(code, key, required_from, values)
    return ParameterSpec(
        key=key,
        unit=unit,
        document=document,
        article=_text(code, key, raw.get("article", ""), "article"),
        required_from=required_from,
        values=tuple(values),
    )


def _text(code: str, key: str, text: Any, field: str) -> PackText:
    """A note or article: plain text, or {"en": ..., "zh": ...} kept as given."""
    if isinstance(text, dict):
        if set(text) == {"en", "zh"} and all(
            isinstance(part, str) and part.strip() for part in text.values()
        ):
            return dict(text)
        raise RulePackRefused(
            _(
                "Pack %(code)s, %(key)s: the %(field)s must be text, or an object "
                "with both an English (en) and a Chinese (zh) text."
            )
            % {"code": code, "key": key, "field": field}
        )
    return str(text if text is not None else "")


def _value(code: str, key: str, unit: str, item: dict[str, Any]) -> ValueSpec:
    start = _date(code, key, item.get("effective_from"), "effective_from")
    end_text = item.get("effective_to")
    end = None if end_text is None else _date(code, key, end_text, "effective_to")
    where = {"code": code, "key": key, "date": start.isoformat()}
    if end is not None and end < start:
        raise RulePackRefused(
            _("Pack %(code)s, %(key)s from %(date)s: it ends before it starts.") % where
        )
    unknown = bool(item.get("unknown", False))
    note = _text(code, key, item.get("note", ""), "note")
    value = item.get("value")
    if unknown:
        if value is not None or not note:
            raise RulePackRefused(
                _(
                    "Pack %(code)s, %(key)s from %(date)s: an unknown value has no "
                    "figure and needs a note saying where to find it."
                )
                % where
            )
        return ValueSpec(start, end, None, True, note)
    _check_unit(unit, value, where)
    return ValueSpec(start, end, value, False, note)


def _check_unit(unit: str, value: Any, where: dict[str, str]) -> None:
    if unit in ("rate", "yuan"):
        try:
            number = Decimal(value) if isinstance(value, str) else None
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite() or number < 0:
            raise RulePackRefused(
                _(
                    "Pack %(code)s, %(key)s from %(date)s: write the value as a "
                    'non-negative decimal in quotes, e.g. "0.08" or "6326".'
                )
                % where
            )
        if unit == "rate" and number >= 1:
            raise RulePackRefused(
                _(
                    "Pack %(code)s, %(key)s from %(date)s: a rate is a fraction below "
                    '1 (write 16%% as "0.16"), not a percentage.'
                )
                % where
            )
        if unit == "yuan" and number.as_tuple().exponent < -2:  # type: ignore[operator]
            raise RulePackRefused(
                _(
                    "Pack %(code)s, %(key)s from %(date)s: "
                    "yuan have at most two decimals."
                )
                % where
            )
    elif unit == "table" and not isinstance(value, dict):
        raise RulePackRefused(
            _("Pack %(code)s, %(key)s from %(date)s: a table value must be an object.")
            % where
        )
    elif unit == "method" and value not in METHODS:
        raise RulePackRefused(
            _("Pack %(code)s, %(key)s from %(date)s: unknown method %(method)s.")
            % {**where, "method": value}
        )


def _check_calendar(
    code: str, key: str, required_from: dt.date, values: list[ValueSpec]
) -> None:
    """Refuse overlaps and holes: from required_from on, every day has one value."""
    where = {"code": code, "key": key, "date": required_from.isoformat()}
    if not values:
        raise RulePackRefused(_("Pack %(code)s, %(key)s has no values.") % where)
    if values[0].effective_from > required_from:
        raise RulePackRefused(
            _(
                "Pack %(code)s, %(key)s: calculations need it from %(date)s but the "
                "first value starts on %(start)s. Add the missing period, as an "
                "unknown value if the figure is not known."
            )
            % {**where, "start": values[0].effective_from.isoformat()}
        )
    for previous, current in zip(values, values[1:], strict=False):
        pair = {
            **where,
            "first": previous.effective_from.isoformat(),
            "second": current.effective_from.isoformat(),
        }
        if previous.effective_to is None or current.effective_from <= (
            previous.effective_to
        ):
            raise RulePackRefused(
                _(
                    "Pack %(code)s, %(key)s: the value from %(first)s overlaps the "
                    "value from %(second)s."
                )
                % pair
            )
        if current.effective_from > previous.effective_to + dt.timedelta(days=1):
            raise RulePackRefused(
                _(
                    "Pack %(code)s, %(key)s: there is a gap between the value from "
                    "%(first)s (ending %(end)s) and the value from %(second)s."
                )
                % {**pair, "end": previous.effective_to.isoformat()}
            )
