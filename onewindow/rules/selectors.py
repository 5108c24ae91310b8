"""Reads of the rules domain: parameters in force on a date, for the calculators."""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.areas import pooling_region, resolve_place
from onewindow.core.choices import ContributionStatus, Insurance
from onewindow.core.exceptions import InvalidInput
from onewindow.core.i18n import in_reader_language
from onewindow.core.money import to_fen
from onewindow.core.periods import Period, parse_period
from onewindow.people.models import Person
from onewindow.records.models import Contribution

from .calculators import (
    AccountResult,
    PensionResult,
    RetirementResult,
    UnemploymentResult,
    account_balance_calculate,
    pension_calculate,
    retirement_calculate,
    unemployment_calculate,
)
from .errors import ParameterMissing
from .finder import Finding, RecordFacts, RegionSpan, entitlements_find
from .models import RulePack, RuleValue
from .params import Citation, Parameter, pack_text

NATIONAL = ""


def _document_label(pack: RulePack, document: str) -> str:
    names = pack.documents.get(document, {})
    return in_reader_language(names, chinese_key="zh") or document


def _parameter(row: RuleValue, pack: RulePack) -> Parameter:
    parameter = row.parameter
    value = row.value
    if not row.unknown and parameter.unit in ("rate", "yuan"):
        value = Decimal(value)
    return Parameter(
        key=parameter.key,
        unit=parameter.unit,
        value=value,
        unknown=row.unknown,
        effective_from=row.effective_from,
        effective_to=row.effective_to,
        citation=Citation(
            _document_label(pack, parameter.document), pack_text(parameter.article)
        ),
        pack=pack.label,
        note=row.note,
    )


def rule_pack_current(*, region: str) -> RulePack | None:
    return RulePack.objects.filter(region=region, is_current=True).first()


def rule_packs_list() -> list[RulePack]:
    """The current version of every pack, national first."""
    return list(RulePack.objects.filter(is_current=True).order_by("region", "code"))


def region_resolve(text: str) -> str:
    """Turn an area code (or place name) into a pooling region that has a pack.

    Raises InvalidInput when the code is unknown or no pack covers its region.
    """
    code = resolve_place(text or "")
    if code is None:
        raise InvalidInput(
            _("%(region)s is not a known administrative division code.")
            % {"region": text},
            code="region.unknown",
        )
    region = pooling_region(code)
    if rule_pack_current(region=region) is None:
        raise InvalidInput(
            _("There are no rules for region %(region)s yet.") % {"region": region},
            code="region.no_rules",
        )
    return region


def parameters_get(
    *, region: str, keys: Iterable[str], as_of: dt.date
) -> dict[str, Parameter]:
    """Return each parameter's value in force on as_of, from the region's current pack.

    Raises ParameterMissing naming the first parameter without a value that day.
    """
    keys = list(keys)
    pack = rule_pack_current(region=region)
    rows = (
        RuleValue.objects.filter(
            parameter__pack=pack,
            parameter__key__in=keys,
            effective_from__lte=as_of,
        )
        .exclude(effective_to__lt=as_of)
        .select_related("parameter")
    )
    found = {row.parameter.key: _parameter(row, pack) for row in rows} if pack else {}
    for key in keys:
        if key not in found:
            raise ParameterMissing(
                _("The rule %(key)s is not in force on %(date)s in the %(pack)s pack.")
                % {
                    "key": key,
                    "date": as_of.isoformat(),
                    "pack": pack.label if pack else (region or "national"),
                }
            )
    return found


def parameter_series_get(*, region: str, key: str) -> list[Parameter]:
    """Every value of one parameter in the current pack, oldest first."""
    pack = rule_pack_current(region=region)
    if pack is None:
        return []
    rows = RuleValue.objects.filter(
        parameter__pack=pack, parameter__key=key
    ).select_related("parameter")
    return [_parameter(row, pack) for row in rows.order_by("effective_from")]


# Calculations: load what each calculator needs for as_of, then call it. ----------

RETIREMENT_KEYS = (
    "retirement.age_rule",
    "retirement.flexible_window",
    "pension.minimum_contribution",
)
PENSION_KEYS = (
    "pension.basic_rate_per_year",
    "pension.months_divisor",
    "pension.divisor_method",
)


def parse_birth_month(text: str) -> Period:
    """Read a birth month written YYYY-MM; refuse months that do not exist."""
    period = parse_period(text or "")
    if period is None:
        raise InvalidInput(
            _("%(value)s is not a month: write it as YYYY-MM, e.g. 1968-02.")
            % {"value": text},
            code="month.invalid",
        )
    return period


def retirement_result_get(
    *, birth: Period, category: str, as_of: dt.date
) -> RetirementResult:
    found = parameters_get(region=NATIONAL, keys=RETIREMENT_KEYS, as_of=as_of)
    return retirement_calculate(
        birth=birth,
        category=category,
        as_of=as_of,
        age_rule=found["retirement.age_rule"],
        flexible=found["retirement.flexible_window"],
        minimum=found["pension.minimum_contribution"],
    )


def pension_result_get(
    *,
    average_wage: Decimal,
    contribution_index: Decimal,
    contribution_months: int,
    account_balance: Decimal,
    retirement_age_months: int,
    as_of: dt.date,
) -> PensionResult:
    found = parameters_get(region=NATIONAL, keys=PENSION_KEYS, as_of=as_of)
    return pension_calculate(
        average_wage=average_wage,
        contribution_index=contribution_index,
        contribution_months=contribution_months,
        account_balance=account_balance,
        retirement_age_months=retirement_age_months,
        as_of=as_of,
        basic_rate=found["pension.basic_rate_per_year"],
        divisor_table=found["pension.months_divisor"],
        divisor_method=found["pension.divisor_method"],
    )


def unemployment_result_get(
    *, contribution_months: int, region: str, as_of: dt.date
) -> UnemploymentResult:
    pooling = region_resolve(region)
    national = parameters_get(
        region=NATIONAL, keys=["unemployment.duration"], as_of=as_of
    )
    regional = parameters_get(
        region=pooling,
        keys=["unemployment.amount_rule", "wage.minimum_monthly"],
        as_of=as_of,
    )
    return unemployment_calculate(
        contribution_months=contribution_months,
        region=pooling,
        as_of=as_of,
        duration=national["unemployment.duration"],
        amount_rule=regional["unemployment.amount_rule"],
        minimum_wage=regional["wage.minimum_monthly"],
    )


def personal_account_get(
    *, person: Person, as_of: dt.date | None = None, region: str | None = None
) -> AccountResult:
    """The person's pension personal account built from their paid individual
    pension contributions, with the yearly interest of the national pack.

    With a region, only the months paid in that pooling region count (the part
    of the account a transfer moves)."""
    as_of = as_of or timezone.localdate()
    rows = Contribution.objects.filter(
        person=person,
        insurance=Insurance.PENSION,
        status=ContributionStatus.PAID,
        period__lte=as_of.year * 100 + as_of.month,
    )
    if region is not None:
        rows = rows.filter(pooling_region=region)
    rows = rows.values_list("period", "base", "individual_amount")
    # One query for the parameters, so that the inquiry page's budget stays small.
    values = RuleValue.objects.filter(
        parameter__pack__region=NATIONAL,
        parameter__pack__is_current=True,
        parameter__key__in=[
            "pension.account_interest",
            "pension.account_interest_method",
            "pension.account_rate",
        ],
    ).select_related("parameter", "parameter__pack")
    rates: dict[int, Parameter] = {}
    account_rates: list[Parameter] = []
    method = None
    for row in values:
        parameter = _parameter(row, row.parameter.pack)
        if parameter.key == "pension.account_interest":
            rates[parameter.effective_from.year] = parameter
        elif parameter.key == "pension.account_rate":
            account_rates.append(parameter)
        elif row.effective_from <= as_of and (
            row.effective_to is None or row.effective_to >= as_of
        ):
            method = parameter
    if method is None:
        raise ParameterMissing(
            _("The rule %(key)s is not in force on %(date)s in the %(pack)s pack.")
            % {
                "key": "pension.account_interest_method",
                "date": as_of.isoformat(),
                "pack": "national",
            }
        )
    contributions = [
        (Period.from_int(period), _account_credit(period, base, own, account_rates))
        for period, base, own in rows
    ]
    return account_balance_calculate(
        contributions=contributions, as_of=as_of, rates=rates, method=method
    )


def _account_credit(
    period: int, base: Decimal, own: Decimal, account_rates: list[Parameter]
) -> Decimal:
    """What a month adds to the personal account: the pack's share of the base
    (8% since 2006), never more than the person paid. A flexible-employment
    self-payer pays 20% of the base, and only 8 points of it go to the account."""
    month = dt.date(period // 100, period % 100, 1)
    for rate in account_rates:
        if rate.effective_from <= month and (
            rate.effective_to is None or month <= rate.effective_to
        ):
            return min(own, to_fen(base * rate.value))
    return own


# Entitlement finder: record summaries in chunks, parameters loaded once. ----------


@dataclass(frozen=True)
class FinderRules:
    """The parameters every finding needs, loaded once per run."""

    as_of: dt.date
    retirement: dict[str, Parameter]
    unemployment_duration: Parameter
    medical_min: dict[str, Parameter]
    horizon: dict[str, Period]  # latest month delivered per pooling region


def finder_rules_get(*, as_of: dt.date) -> FinderRules:
    national = parameters_get(
        region=NATIONAL,
        keys=[*RETIREMENT_KEYS, "unemployment.duration"],
        as_of=as_of,
    )
    medical_min = {}
    for pack in rule_packs_list():
        if pack.region:
            medical_min[pack.region] = parameters_get(
                region=pack.region, keys=["medical.retiree_min_years"], as_of=as_of
            )["medical.retiree_min_years"]
    horizon = {
        region: Period.from_int(last)
        for region, last in Contribution.objects.filter(insurance=Insurance.PENSION)
        .values_list("pooling_region")
        .annotate(last=Max("period"))
    }
    return FinderRules(
        as_of=as_of,
        horizon=horizon,
        retirement={key: national[key] for key in RETIREMENT_KEYS},
        unemployment_duration=national["unemployment.duration"],
        medical_min=medical_min,
    )


def record_facts_list(*, person_ids: list[int]) -> list[RecordFacts]:
    """Summaries of the records of these persons, in three queries whatever their
    number; every query is keyed by person (see design.md, Scale)."""
    people = Person.objects.filter(id__in=person_ids).values_list(
        "id", "birth_date", "sex"
    )
    paid = Contribution.objects.filter(
        person_id__in=person_ids,
        status=ContributionStatus.PAID,
        insurance__in=[Insurance.PENSION, Insurance.UNEMPLOYMENT, Insurance.MEDICAL],
    )
    spans = paid.values_list("person_id", "insurance", "pooling_region").annotate(
        months=Count("id"),
        first=Min("period"),
        last=Max("period"),
        last_employed=Max("period", filter=Q(employer__isnull=False)),
    )
    duplicates = (
        paid.filter(insurance=Insurance.PENSION)
        .values_list("person_id", "period")
        .annotate(regions=Count("id"))
        .filter(regions__gt=1)
    )
    by_person: dict[int, list] = defaultdict(list)
    for row in spans:
        by_person[row[0]].append(row[1:])
    doubled: dict[int, list[int]] = defaultdict(list)
    for person_id, period, _count in duplicates:
        doubled[person_id].append(period)

    facts = []
    for person_id, birth_date, sex in people:
        pension, medical = [], []
        unemployment = 0
        last_employed, employed_region = 0, ""
        for insurance, region, months, first, last, employed in by_person[person_id]:
            span = RegionSpan(
                region, months, Period.from_int(first), Period.from_int(last)
            )
            if insurance == Insurance.PENSION:
                pension.append(span)
                if employed and employed > last_employed:
                    last_employed, employed_region = employed, region
            elif insurance == Insurance.MEDICAL:
                medical.append(span)
            else:
                unemployment += months
        months_doubled = sorted(doubled[person_id])
        regions_doubled = sorted(
            {
                span.region
                for span in pension
                if any(
                    span.first.as_int <= m <= span.last.as_int for m in months_doubled
                )
            }
        )
        facts.append(
            RecordFacts(
                person_id=person_id,
                birth=Period(birth_date.year, birth_date.month),
                sex=sex,
                pension=tuple(sorted(pension, key=lambda s: s.first)),
                unemployment_months=unemployment,
                medical=tuple(sorted(medical, key=lambda s: s.first)),
                last_employed=(
                    Period.from_int(last_employed) if last_employed else None
                ),
                last_employed_region=employed_region,
                duplicate_months=tuple(Period.from_int(p) for p in months_doubled),
                duplicate_regions=tuple(regions_doubled),
            )
        )
    return facts


def findings_for(facts: RecordFacts, rules: FinderRules) -> list[Finding]:
    """Run the finder rules over one summary."""
    retirement = retirement_calculate(
        birth=facts.birth,
        category=facts.category,
        as_of=rules.as_of,
        age_rule=rules.retirement["retirement.age_rule"],
        flexible=rules.retirement["retirement.flexible_window"],
        minimum=rules.retirement["pension.minimum_contribution"],
    )
    return entitlements_find(
        facts,
        as_of=rules.as_of,
        retirement=retirement,
        unemployment_duration=rules.unemployment_duration,
        medical_min=rules.medical_min,
        horizon=rules.horizon,
    )


def entitlements_get(*, person: Person, as_of: dt.date | None = None) -> list[Finding]:
    """What one person's record says they may claim and have not."""
    rules = finder_rules_get(as_of=as_of or timezone.localdate())
    facts = record_facts_list(person_ids=[person.id])
    return findings_for(facts[0], rules) if facts else []


def entitlements_all(
    *, as_of: dt.date, chunk_size: int = 2000
) -> Iterator[tuple[int, list[Finding]]]:
    """Run the finder over every person, a chunk of ids at a time (keyset paging),
    yielding (person id, findings) for persons with at least one finding."""
    rules = finder_rules_get(as_of=as_of)
    last_id = 0
    while True:
        ids = list(
            Person.objects.filter(id__gt=last_id)
            .order_by("id")
            .values_list("id", flat=True)[:chunk_size]
        )
        if not ids:
            return
        for facts in record_facts_list(person_ids=ids):
            findings = findings_for(facts, rules)
            if findings:
                yield facts.person_id, findings
        last_id = ids[-1]
