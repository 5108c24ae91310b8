"""Read models of the contribution ledger: the inquiry page, its drill-down and the
statement. Every hot query is keyed by person and costs the same few queries
whatever the length of the record."""

from collections import defaultdict
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language

from onewindow.core.choices import ContributionStatus, Insurance
from onewindow.core.money import ZERO
from onewindow.core.periods import Period
from onewindow.employers.models import Employer
from onewindow.people.models import Person

from .models import Contribution, ContributionRevision, PensionTransfer

INSURANCE_ORDER = [choice.value for choice in Insurance]


@dataclass
class YearBar:
    year: int
    months_paid: int
    months_owed: int


@dataclass
class InsuranceSummary:
    insurance: str
    months_paid: int = 0
    months_owed: int = 0
    first_month: str = ""
    last_month: str = ""
    employer_total: Decimal = ZERO
    individual_total: Decimal = ZERO
    owed_total: Decimal = ZERO
    regions: list[str] = field(default_factory=list)
    years: list[YearBar] = field(default_factory=list)

    @property
    def label(self) -> str:
        return str(Insurance(self.insurance).label)

    @property
    def months_url(self) -> str:
        return reverse("records:months", args=[self.insurance])

    @property
    def paid_years(self) -> int:
        return self.months_paid // 12

    @property
    def paid_extra_months(self) -> int:
        return self.months_paid % 12


@dataclass
class Spell:
    """A run of consecutive months in one pooling region with one employer."""

    pooling_region: str
    employer_name: str
    first: str
    last: str
    months: int
    is_gap: bool = False


@dataclass
class RecordView:
    person: Person
    insurances: list[InsuranceSummary]
    timeline: list[Spell]
    # Completed pension transfers; read only when a ledger row points to one,
    # so a record without transfers costs no extra query.
    transfers: list[Any] = field(default_factory=list)


def record_view_get(*, person: Person) -> RecordView:
    """Assemble the whole record of one person from the ledger."""
    rows = (
        Contribution.objects.filter(person=person)
        .order_by("period", "pooling_region")
        .values_list(
            "insurance",
            "period",
            "status",
            "pooling_region",
            "employer_id",
            "employer_amount",
            "individual_amount",
            "transfer_id",
        )
    )
    paid: dict[str, set[int]] = defaultdict(set)
    owed: dict[str, set[int]] = defaultdict(set)
    summaries: dict[str, InsuranceSummary] = {}
    employment: dict[tuple[str, int | None], set[int]] = defaultdict(set)
    transfer_ids: set[int] = set()
    for (
        insurance,
        period,
        status,
        region,
        employer_id,
        employer_amount,
        own,
        transfer_id,
    ) in rows:
        if transfer_id:
            transfer_ids.add(transfer_id)
        summary = summaries.get(insurance)
        if summary is None:
            summary = summaries[insurance] = InsuranceSummary(insurance)
        if region not in summary.regions:
            summary.regions.append(region)
        if status == ContributionStatus.PAID:
            paid[insurance].add(period)
            summary.employer_total += employer_amount
            summary.individual_total += own
        elif status == ContributionStatus.OWED:
            owed[insurance].add(period)
            summary.owed_total += employer_amount + own
        if insurance == Insurance.PENSION:
            # The pension rows carry the employer (or none, for self-payers);
            # the medical bureau's rows do not, so they would blur the career.
            employment[(region, employer_id)].add(Period.from_int(period).index)

    for insurance, summary in summaries.items():
        months = paid[insurance] | owed[insurance]
        really_owed = owed[insurance] - paid[insurance]
        summary.months_paid = len(paid[insurance])
        summary.months_owed = len(really_owed)
        summary.first_month = str(Period.from_int(min(months))) if months else ""
        summary.last_month = str(Period.from_int(max(months))) if months else ""
        summary.years = _year_bars(paid[insurance], really_owed)

    ordered = sorted(
        summaries.values(), key=lambda s: INSURANCE_ORDER.index(s.insurance)
    )
    transfers = (
        list(PensionTransfer.objects.filter(id__in=transfer_ids))
        if transfer_ids
        else []
    )
    return RecordView(person, ordered, _timeline(employment), transfers)


def _year_bars(paid: set[int], owed: set[int]) -> list[YearBar]:
    years = {period // 100 for period in paid | owed}
    if not years:
        return []
    by_year_paid: dict[int, int] = defaultdict(int)
    by_year_owed: dict[int, int] = defaultdict(int)
    for period in paid:
        by_year_paid[period // 100] += 1
    for period in owed:
        by_year_owed[period // 100] += 1
    return [
        YearBar(year, by_year_paid[year], by_year_owed[year])
        for year in range(min(years), max(years) + 1)
    ]


def _timeline(employment: dict[tuple[str, int | None], set[int]]) -> list[Spell]:
    names = dict(
        Employer.objects.filter(
            id__in={employer for _, employer in employment if employer}
        ).values_list("id", "name")
    )
    spells: list[tuple[int, int, str, int | None]] = []
    for (region, employer_id), months in employment.items():
        ordered = sorted(months)
        start = previous = ordered[0]
        for month in ordered[1:]:
            if month != previous + 1:
                spells.append((start, previous, region, employer_id))
                start = month
            previous = month
        spells.append((start, previous, region, employer_id))
    # A self-paid spell (no employer) may start and end with an employed one.
    spells.sort(key=lambda spell: (spell[0], spell[1], spell[2], spell[3] or 0))

    timeline: list[Spell] = []
    covered_until: int | None = None
    for start, end, region, employer_id in spells:
        if covered_until is not None and start > covered_until + 1:
            timeline.append(
                Spell(
                    "",
                    "",
                    str(Period.from_index(covered_until + 1)),
                    str(Period.from_index(start - 1)),
                    start - covered_until - 1,
                    is_gap=True,
                )
            )
        timeline.append(
            Spell(
                region,
                names.get(employer_id, "") if employer_id else "",
                str(Period.from_index(start)),
                str(Period.from_index(end)),
                end - start + 1,
            )
        )
        covered_until = end if covered_until is None else max(covered_until, end)
    return timeline


@dataclass
class MonthRow:
    period: str
    pooling_region: str
    area_code: str
    employer_name: str
    base: Decimal
    employer_amount: Decimal
    individual_amount: Decimal
    status: str
    department: str
    batch_file: str
    batch_id: str
    batch_date: str
    source_row: int
    revisions: int


def contribution_months_list(
    *, person: Person, insurance: str, year: int | None = None
) -> tuple[list[MonthRow], list[int]]:
    """Return the monthly rows of one insurance (one year of them) with their
    source, and the years that have rows."""
    base = Contribution.objects.filter(person=person, insurance=insurance)
    years = sorted({period // 100 for period in base.values_list("period", flat=True)})
    if year is None and years:
        year = years[-1]
    if year is not None:
        base = base.filter(period__gte=year * 100 + 1, period__lte=year * 100 + 12)
    rows = base.select_related("employer", "batch").order_by("period", "pooling_region")
    revision_counts: dict[int, int] = defaultdict(int)
    for contribution_id in ContributionRevision.objects.filter(
        contribution__in=rows
    ).values_list("contribution_id", flat=True):
        revision_counts[contribution_id] += 1
    months = [
        MonthRow(
            period=str(Period.from_int(c.period)),
            pooling_region=c.pooling_region,
            area_code=c.area_code,
            employer_name=c.employer.name if c.employer else "",
            base=c.base,
            employer_amount=c.employer_amount,
            individual_amount=c.individual_amount,
            status=c.status,
            department=c.department,
            batch_file=c.batch.file_name,
            batch_id=str(c.batch.public_id),
            batch_date=timezone.localdate(c.batch.created_at).isoformat(),
            source_row=c.source_row,
            revisions=revision_counts[c.id],
        )
        for c in rows
    ]
    return months, years


def statement_rows(*, person: Person) -> list[Contribution]:
    """Every current ledger row of the person, for the CSV and PDF statement."""
    return list(
        Contribution.objects.filter(person=person)
        .select_related("employer", "batch")
        .order_by("insurance", "period", "pooling_region")
    )


def record_statement_json(view: RecordView) -> dict:
    """The record as the statement command prints it: months as YYYY-MM, money as
    strings with two decimals, regions as pooling-region codes."""
    from onewindow.core.money import money_str

    return {
        "person": {"name": view.person.name, "id_masked": view.person.id_number_masked},
        "insurances": [
            {
                "insurance": s.insurance,
                "months_paid": s.months_paid,
                "months_owed": s.months_owed,
                "first_month": s.first_month,
                "last_month": s.last_month,
                "employer_total": money_str(s.employer_total),
                "individual_total": money_str(s.individual_total),
                "regions": s.regions,
            }
            for s in view.insurances
        ],
    }


def record_cache_key(person: Person, part: str) -> str:
    """The cache key of a part of a person's record page: it holds their record
    version, which every delivery that changes the ledger bumps, so a kept part
    is never older than the ledger; the day and the language, which the
    personal account and the text depend on."""
    return (
        f"records:{part}:{person.id}:{person.record_version}:"
        f"{timezone.localdate():%Y%m%d}:{get_language()}"
    )


def record_page_get(*, person: Person) -> tuple[RecordView, Any]:
    """The record and the pension personal account, cached per person under
    record_cache_key."""
    from onewindow.rules.selectors import personal_account_get

    key = record_cache_key(person, "page")
    cached = cache.get(key)
    if cached is None:
        view = record_view_get(person=person)
        cached = (replace(view, person=None), personal_account_get(person=person))
        cache.set(key, cached, settings.RECORD_CACHE_SECONDS)
    view, account = cached
    return replace(view, person=person), account
