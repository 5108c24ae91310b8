"""Code behind each kind of service: pre-filling, computing with the rules,
routing to a region, and what an approval does.

The catalog data names a kind; a city adds a service of an existing kind (or
changes its texts and times) without code. Computed figures are stored on the
case as strings (money with two decimals, never float).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.areas import area_name, pooling_region, resolve_place
from onewindow.core.choices import ContributionStatus, Insurance
from onewindow.core.exceptions import DomainError, InvalidInput
from onewindow.core.money import money_str
from onewindow.core.periods import Period
from onewindow.people.models import Person
from onewindow.people.selectors import person_contact_get
from onewindow.records.models import Contribution

from .models import Case, Kind
from .selectors import person_pension_regions, person_region_get
from .transfer import CITATION, transfer_calculate


def prefill_value(source: str, person: Person) -> str:
    """The value a form field starts with, named in the catalog by its source."""
    if source == "person.name":
        return person.name
    if source == "person.id_masked":
        return person.id_number_masked
    if source == "person.birth_date":
        return person.birth_date.isoformat()
    if source.startswith("contact."):
        return person_contact_get(person=person).get(
            source.removeprefix("contact."), ""
        )
    if source == "record.region":
        return person_region_get(person=person)
    if source == "record.pension_region_oldest":
        regions = person_pension_regions(person=person)
        return regions[-1] if regions else ""
    if source == "today":
        return timezone.localdate().isoformat()
    return ""


def _record_facts(person: Person):
    from onewindow.rules.selectors import record_facts_list

    facts = record_facts_list(person_ids=[person.id])
    return facts[0] if facts else None


def _region_of(value: str) -> str:
    code = resolve_place(value or "")
    if code is None:
        raise InvalidInput(
            _("%(region)s is not a known administrative division code.")
            % {"region": value},
            code="region.unknown",
        )
    return pooling_region(code)


@dataclass(frozen=True)
class Handler:
    """The default kind: a clerk of the person's region reviews the answers."""

    auto_approve: bool = False

    def compute(self, person: Person, data: dict[str, Any]) -> dict[str, Any]:
        return {}

    def regions(self, person: Person, data: dict[str, Any]) -> tuple[str, str]:
        if data.get("region"):
            return _region_of(data["region"]), ""
        return person_region_get(person=person), ""

    def on_approve(self, case: Case, actor: Any) -> None:
        """Side effects of an approval, inside its transaction."""


class CertificateHandler(Handler):
    """Certificate of contributions (参保证明): issued at once from the record."""

    def compute(self, person: Person, data: dict[str, Any]) -> dict[str, Any]:
        from onewindow.records.selectors import record_statement_json, record_view_get

        return record_statement_json(record_view_get(person=person))

    def on_approve(self, case: Case, actor: Any) -> None:
        from onewindow.certificates.services import certificate_of_contributions_issue

        certificate = certificate_of_contributions_issue(
            actor=actor, person=case.person
        )
        case.certificate_url = certificate.download_url


class PensionClaimHandler(Handler):
    """Pension claim at retirement: retirement date, minimum years, amount."""

    def compute(self, person: Person, data: dict[str, Any]) -> dict[str, Any]:
        from onewindow.rules.selectors import (
            parameters_get,
            pension_result_get,
            personal_account_get,
            retirement_result_get,
        )

        today = timezone.localdate()
        facts = _record_facts(person)
        months = facts.pension_months if facts else 0
        category = "male" if person.sex == "M" else "female_50"
        retirement = retirement_result_get(
            birth=Period(person.birth_date.year, person.birth_date.month),
            category=category,
            as_of=today,
        )
        account = personal_account_get(person=person, as_of=today)
        result: dict[str, Any] = {
            "category": category,
            "retirement_month": str(retirement.retirement_month),
            "retirement_age_months": retirement.retirement_age_months,
            "contribution_months": months,
            "minimum_months": retirement.minimum_contribution_months,
            "minimum_met": months >= retirement.minimum_contribution_months,
            "reached": retirement.retirement_month <= Period(today.year, today.month),
            "account_balance": money_str(account.balance),
            "monthly_pension": "",
            "pension_note": "",
        }
        region = person_region_get(person=person)
        try:
            wage = parameters_get(
                region=region, keys=["pension.average_wage"], as_of=today
            )["pension.average_wage"]
            if wage.unknown:
                raise InvalidInput(code="rule.unknown")
            pension = pension_result_get(
                average_wage=wage.value,
                contribution_index=Decimal("1"),
                contribution_months=months,
                account_balance=account.balance,
                retirement_age_months=retirement.retirement_age_months,
                as_of=today,
            )
            result["monthly_pension"] = money_str(pension.total)
            result["pension_note"] = _(
                "Estimated with a contribution index of 1; the bureau computes "
                "the exact amount from your yearly bases."
            )
        except DomainError:
            result["pension_note"] = _(
                "The average wage of your region is not in the rules yet, so the "
                "amount is computed by the bureau when it decides."
            )
        return result


class UnemploymentHandler(Handler):
    """Unemployment benefit: longest duration and monthly amount from the rules."""

    def compute(self, person: Person, data: dict[str, Any]) -> dict[str, Any]:
        from onewindow.rules.selectors import unemployment_result_get

        facts = _record_facts(person)
        months = facts.unemployment_months if facts else 0
        region = self.regions(person, data)[0]
        result = unemployment_result_get(
            contribution_months=months, region=region, as_of=timezone.localdate()
        )
        return {
            "contribution_months": months,
            "max_benefit_months": result.max_benefit_months,
            "monthly_amount": (
                money_str(result.monthly_amount)
                if result.monthly_amount is not None
                else ""
            ),
            "eligible": result.max_benefit_months > 0,
        }


class TransferHandler(Handler):
    """Transfer of pension insurance between pooling regions (关系转移接续)."""

    def _regions_checked(self, person: Person, data: dict[str, Any]) -> tuple[str, str]:
        source = _region_of(data.get("from_region", ""))
        target = _region_of(data.get("to_region", ""))
        if source == target:
            raise InvalidInput(
                _("The two regions must differ."), code="transfer.same_region"
            )
        if source not in person_pension_regions(person=person):
            raise InvalidInput(
                _("Your record has no pension months in %(region)s to transfer.")
                % {"region": source},
                code="transfer.nothing_to_move",
            )
        return source, target

    def compute(self, person: Person, data: dict[str, Any]) -> dict[str, Any]:
        from onewindow.rules.selectors import personal_account_get

        source, target = self._regions_checked(person, data)
        rows = Contribution.objects.filter(
            person=person,
            insurance=Insurance.PENSION,
            status=ContributionStatus.PAID,
            pooling_region=source,
            transfer__isnull=True,
        ).values_list("period", "base")
        account = personal_account_get(
            person=person, as_of=timezone.localdate(), region=source
        )
        return transfer_calculate(
            from_region=source,
            to_region=target,
            months=[(Period.from_int(period), base) for period, base in rows],
            personal_account=account.balance,
        ).as_json()

    def regions(self, person: Person, data: dict[str, Any]) -> tuple[str, str]:
        source, target = self._regions_checked(person, data)
        # The incoming region handles the case; the outgoing one sees it too.
        return target, source

    def on_approve(self, case: Case, actor: Any) -> None:
        from onewindow.records.services import contributions_transfer

        computed = case.computed
        contributions_transfer(
            person_id=case.person_id,
            from_region=computed["from_region"],
            to_region=computed["to_region"],
            case_public_id=case.public_id,
            personal_account=Decimal(computed["personal_account"]),
            pooled_fund=Decimal(computed["pooled_fund"]),
        )
        case.certificate_url = certificate_issue_for_case(
            actor=actor,
            case=case,
            kind="transfer_decision",
            title=_("Decision on the transfer of pension insurance"),
            facts=[
                (_("From"), area_name(computed["from_region"])),
                (_("To"), area_name(computed["to_region"])),
                (_("Months moved (since 1998-01)"), str(computed["months"])),
                (_("Personal account (yuan)"), computed["personal_account"]),
                (_("Pooled fund (yuan)"), computed["pooled_fund"]),
                (_("Legal basis"), str(CITATION)),
            ],
        )


class PersonalDetailsHandler(Handler):
    """Change of address, phone or bank account: confirmed, then recorded."""


HANDLERS: dict[str, Handler] = {
    Kind.CERTIFICATE: CertificateHandler(auto_approve=True),
    Kind.PENSION_CLAIM: PensionClaimHandler(),
    Kind.UNEMPLOYMENT: UnemploymentHandler(),
    Kind.TRANSFER: TransferHandler(),
    Kind.PERSONAL_DETAILS: PersonalDetailsHandler(auto_approve=True),
    Kind.REVIEW: Handler(),
}


def handler_for(kind: str) -> Handler:
    return HANDLERS[kind]


def certificate_issue_for_case(
    *, actor: Any, case: Case, kind: str, title: str, facts: list[tuple[str, str]]
) -> str:
    """Issue a signed, verifiable certificate for the case; return its download URL."""
    from onewindow.certificates.services import certificate_issue

    certificate = certificate_issue(
        actor=actor, person=case.person, kind=kind, title=title, facts=facts, case=case
    )
    return certificate.download_url


def working_days_after(start: dt.date, days: int) -> dt.date:
    """The date `days` working days (Monday to Friday) after start.

    Public holidays and the weekend days worked in their place are not known
    here; see docs/limitations.md.
    """
    current = start
    left = days
    while left > 0:
        current += dt.timedelta(days=1)
        if current.weekday() < 5:
            left -= 1
    return current
