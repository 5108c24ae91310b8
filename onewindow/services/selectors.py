"""Reads of services and cases; each takes the actor and returns only what the
actor may see."""

import datetime as dt
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from onewindow.accounts.models import Role
from onewindow.core.choices import ContributionStatus, Insurance
from onewindow.core.exceptions import NotFound
from onewindow.people.models import Person
from onewindow.records.models import Contribution

from .models import Case, CaseDocument, Service, Status
from .states import OPEN


def service_list() -> list[Service]:
    return list(Service.objects.filter(is_active=True))


def service_get(*, code: str) -> Service:
    service = Service.objects.filter(code=code, is_active=True).first()
    if service is None:
        raise NotFound(code="service.unknown")
    return service


def case_draft_get(*, person: Person, service: Service) -> Case | None:
    return Case.objects.filter(
        person=person, service=service, status=Status.DRAFT
    ).first()


def case_list_for_person(*, person: Person) -> QuerySet[Case]:
    return (
        Case.objects.filter(person=person)
        .select_related("service")
        .order_by("-updated_at", "-id")
    )


def clerk_may_handle(*, actor: Any, case: Case) -> bool:
    """A clerk handles the cases of their pooling region (both, for a transfer)."""
    return (
        getattr(actor, "role", None) == Role.CLERK
        and bool(actor.region)
        and actor.region in (case.region, case.other_region)
    )


def case_get_for_person(*, person: Person, public_id: Any) -> Case:
    case = (
        Case.objects.select_related("service", "person")
        .filter(person=person, public_id=public_id)
        .first()
    )
    if case is None:
        raise NotFound(code="case.not_found")
    return case


def case_get_for_clerk(*, actor: Any, public_id: Any) -> Case:
    """The case, if the clerk handles its region; otherwise not found."""
    case = (
        Case.objects.select_related("service", "person")
        .filter(public_id=public_id)
        .exclude(status=Status.DRAFT)
        .first()
    )
    if case is None or not clerk_may_handle(actor=actor, case=case):
        raise NotFound(code="case.not_found")
    return case


def review_queue_list(*, actor: Any) -> QuerySet[Case]:
    """Open cases of the clerk's region, the earliest promised date first."""
    if getattr(actor, "role", None) != Role.CLERK or not actor.region:
        return Case.objects.none()
    return (
        Case.objects.filter(status__in=OPEN)
        .filter(Q(region=actor.region) | Q(other_region=actor.region))
        .select_related("service", "person")
        .order_by("promised_date", "submitted_at", "id")
    )


def awaiting_payment_list(*, actor: Any) -> QuerySet[Case]:
    """Approved benefit cases of the clerk's region not yet marked paid."""
    if getattr(actor, "role", None) != Role.CLERK or not actor.region:
        return Case.objects.none()
    return (
        Case.objects.filter(status=Status.APPROVED, service__is_benefit=True)
        .filter(Q(region=actor.region) | Q(other_region=actor.region))
        .select_related("service", "person")
        .order_by("decided_at", "id")
    )


def document_get(*, actor: Any, public_id: Any) -> CaseDocument:
    """A document, for the person of its case or a clerk of its region."""
    document = (
        CaseDocument.objects.select_related("case", "case__person")
        .filter(public_id=public_id)
        .first()
    )
    if document is None:
        raise NotFound(code="document.not_found")
    person = getattr(actor, "person", None)
    if person is not None and document.case.person_id == person.id:
        return document
    if document.case.status != Status.DRAFT and clerk_may_handle(
        actor=actor, case=document.case
    ):
        return document
    raise NotFound(code="document.not_found")


def is_overdue(case: Case, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return bool(
        case.promised_date and case.status in OPEN and case.promised_date < today
    )


def person_pension_regions(*, person: Person) -> list[str]:
    """Pooling regions with pension months not yet transferred, latest first."""
    rows = (
        Contribution.objects.filter(
            person=person,
            insurance=Insurance.PENSION,
            status=ContributionStatus.PAID,
            transfer__isnull=True,
        )
        .values_list("pooling_region", "period")
        .order_by("-period")
    )
    regions: list[str] = []
    for region, _period in rows:
        if region not in regions:
            regions.append(region)
    return regions


def person_region_get(*, person: Person) -> str:
    """Where the person is insured now: the region of their latest month."""
    latest = (
        Contribution.objects.filter(person=person)
        .order_by("-period")
        .values_list("pooling_region", flat=True)
        .first()
    )
    return latest or ""
