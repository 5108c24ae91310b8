"""Issue and revoke certificates (证明): each one is signed when it is issued."""

import json
import logging
import secrets
import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from onewindow.accounts.models import Role
from onewindow.audit.models import AccessEntry
from onewindow.audit.services import access_record, audit_event_record
from onewindow.core.areas import area_name
from onewindow.core.exceptions import Conflict, InvalidInput, NotPermitted
from onewindow.people.models import Person
from onewindow.records.selectors import record_view_get

from .models import Certificate, IssueCounter, RevocationCategory
from .signing import current_key_id, payload_sign

logger = logging.getLogger(__name__)

PAYLOAD_FORMAT = "onewindow.certificate/1"
CODE_BYTES = 24  # 192 bits; token_urlsafe gives 32 characters
KIND_CONTRIBUTIONS = "contributions"
STAFF_ROLES = {Role.CLERK, Role.SUPERVISOR}
# How a verification by someone without an account appears in the access log.
PUBLIC_VERIFIER = "anyone holding the certificate"


def canonical_json(content: Mapping[str, Any]) -> str:
    """One text for one content: sorted keys, no spaces, UTF-8 kept as is."""
    return json.dumps(
        content, ensure_ascii=False, sort_keys=True, separators=(",", ":")
    )


def _fact_lines(
    facts: Sequence[tuple[str, str]] | Mapping[str, str],
) -> list[list[str]]:
    pairs = facts.items() if isinstance(facts, Mapping) else facts
    lines = [[str(label), str(value)] for label, value in pairs]
    if any(not label.strip() for label, _value in lines):
        raise InvalidInput(_("Every line of a certificate needs a label."))
    return lines


def _issue_number_next(year: int) -> str:
    """Give out the next number of the year, e.g. OW-2026-000123, under a lock."""
    IssueCounter.objects.get_or_create(year=year)
    counter = IssueCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"OW-{year}-{counter.last:06d}"


def certificate_content(
    *,
    code: str,
    issue_number: str,
    kind: str,
    title: str,
    person: Person,
    facts: list[list[str]],
    issued_at: datetime,
    key_id: str,
) -> dict[str, Any]:
    """Return what the certificate shows, and nothing else, as signed data."""
    return {
        "format": PAYLOAD_FORMAT,
        "code": code,
        "issue_number": issue_number,
        "kind": kind,
        "title": title,
        "holder": {"name": person.name, "id_number_masked": person.id_number_masked},
        "facts": facts,
        "issued_at": issued_at.isoformat(),
        "language": get_language() or "zh-hans",
        "key_id": key_id,
    }


def certificate_issue(
    *,
    actor: Any,
    person: Person,
    kind: str,
    title: str,
    facts: Sequence[tuple[str, str]] | Mapping[str, str],
    case: Any = None,
) -> Certificate:
    """Number, sign and store a certificate for a person.

    `facts` are the label/value lines the document shows, already minimised
    (masked identifiers, summaries rather than rows). The holder's name and
    masked ID number are added here, so callers need not repeat them. `case`
    is an application (anything with a `public_id`) or its UUID.
    """
    lines = _fact_lines(facts)
    if not kind.strip() or not title.strip():
        raise InvalidInput(_("A certificate needs a kind and a title."))
    case_public_id = getattr(case, "public_id", case)
    if case_public_id is not None and not isinstance(case_public_id, uuid.UUID):
        case_public_id = uuid.UUID(str(case_public_id))

    with transaction.atomic():
        issued_at = timezone.localtime().replace(microsecond=0)
        issue_number = _issue_number_next(issued_at.year)
        code = secrets.token_urlsafe(CODE_BYTES)
        key_id = current_key_id()
        payload = canonical_json(
            certificate_content(
                code=code,
                issue_number=issue_number,
                kind=kind,
                title=title,
                person=person,
                facts=lines,
                issued_at=issued_at,
                key_id=key_id,
            )
        )
        certificate = Certificate.objects.create(
            issue_number=issue_number,
            code=code,
            person=person,
            kind=kind,
            title=title,
            payload=payload,
            signature=payload_sign(payload),
            key_id=key_id,
            issued_at=issued_at,
            case_public_id=case_public_id,
        )
        audit_event_record(
            actor=actor,
            action="certificate.issued",
            target_type="certificate",
            target_id=certificate.public_id,
            after={
                "issue_number": issue_number,
                "kind": kind,
                "person": str(person.public_id),
                "case": str(case_public_id) if case_public_id else None,
                "key_id": key_id,
            },
        )

    logger.info(
        "certificate.issued",
        extra={"certificate": str(certificate.public_id), "kind": kind},
    )
    return certificate


def certificate_revoke(
    *,
    actor: Any,
    certificate: Certificate,
    reason: str,
    category: str = RevocationCategory.WITHDRAWN,
) -> Certificate:
    """Withdraw a certificate; its verification page says so from then on.

    `reason` is an internal note; only `category` is ever shown publicly.
    """
    if category not in RevocationCategory.values:
        raise InvalidInput(_("Choose why the certificate is revoked."))
    if not reason.strip():
        raise InvalidInput(_("Say why the certificate is revoked."))

    with transaction.atomic():
        locked = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if locked.revoked_at is not None:
            raise Conflict(
                _("This certificate was already revoked."), code="certificate.revoked"
            )
        locked.revoked_at = timezone.now()
        locked.revoked_category = category
        locked.revoked_reason = reason.strip()
        locked.save(update_fields=["revoked_at", "revoked_category", "revoked_reason"])
        audit_event_record(
            actor=actor,
            action="certificate.revoked",
            target_type="certificate",
            target_id=locked.public_id,
            before={"revoked": False},
            after={"revoked": True, "category": category},
        )

    logger.info("certificate.revoked", extra={"certificate": str(locked.public_id)})
    return locked


def _contribution_line(summary: Any, language: str) -> str:
    months = ngettext(
        "%(count)d month paid", "%(count)d months paid", summary.months_paid
    ) % {"count": summary.months_paid}
    places = "、".join(area_name(code, language) for code in summary.regions)
    return _("%(months)s, %(first)s to %(last)s; insured in %(places)s") % {
        "months": months,
        "first": summary.first_month,
        "last": summary.last_month,
        "places": places,
    }


def certificate_of_contributions_issue(*, actor: Any, person: Person) -> Certificate:
    """Issue the certificate of contributions (参保证明) from the person's record.

    It states, per insurance, the months paid, the first and last month and the
    places insured; amounts and employers stay out (minimisation).
    """
    is_self = getattr(actor, "person_id", None) == person.id
    if not is_self and getattr(actor, "role", None) not in STAFF_ROLES:
        raise NotPermitted()
    view = record_view_get(person=person)
    insured = [s for s in view.insurances if s.months_paid]
    if not insured:
        raise InvalidInput(
            _(
                "No department has delivered paid contributions for this person "
                "yet, so there is nothing to certify."
            ),
            code="certificate.nothing_to_certify",
        )

    language = get_language() or "zh-hans"
    facts = [(s.label, _contribution_line(s, language)) for s in insured]
    return certificate_issue(
        actor=actor,
        person=person,
        kind=KIND_CONTRIBUTIONS,
        title=_("Certificate of social insurance contributions"),
        facts=facts,
    )


def certificate_verification_record(*, certificate: Certificate, channel: str) -> None:
    """Show the holder that someone checked their certificate.

    A verification shows the certificate's content to whoever holds the link
    or the file, so it is a read of the person's data by someone else.
    """
    access_record(
        person_id=certificate.person_id,
        actor=PUBLIC_VERIFIER,
        role="public",
        data_kind=f"certificate {certificate.issue_number}",
        purpose=f"certificate verification ({channel})",
        channel=AccessEntry.Channel.WEB,
    )
    logger.info(
        "certificate.verified",
        extra={"certificate": str(certificate.public_id), "channel": channel},
    )


def certificate_download_record(*, actor: Any, certificate: Certificate) -> None:
    """Keep a business record that the holder downloaded the document."""
    audit_event_record(
        actor=actor,
        action="certificate.downloaded",
        target_type="certificate",
        target_id=certificate.public_id,
    )
