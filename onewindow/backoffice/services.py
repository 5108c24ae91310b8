"""Writes of the clerk's desk: assisted sessions and reads with a stated purpose."""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.accounts.models import Role
from onewindow.audit.models import AccessEntry
from onewindow.audit.services import access_record, audit_event_record
from onewindow.core.exceptions import InvalidInput, NotPermitted
from onewindow.core.ratelimit import rate_limit_hit
from onewindow.people.models import Person
from onewindow.people.selectors import person_find_by_id_number

from .models import AssistedSession


def _clerk_required(actor: Any) -> None:
    if getattr(actor, "role", None) != Role.CLERK:
        raise NotPermitted(code="desk.clerks_only")


def _purpose_required(purpose: str) -> str:
    purpose = (purpose or "").strip()
    if len(purpose) < 4:
        raise InvalidInput(
            _("State the purpose: what you are doing for the person and why."),
            code="desk.purpose_required",
        )
    return purpose


def person_identify(*, id_number: str, name: str) -> Person:
    """The person whose ID number and name were both given; else refuse."""
    person = person_find_by_id_number(id_number)
    if person is None or person.name.strip() != (name or "").strip():
        raise InvalidInput(
            _("No person with this ID number and name is on record."),
            code="desk.person_not_found",
        )
    return person


def assisted_session_start(
    *, actor: Any, id_number: str, name: str, purpose: str
) -> AssistedSession:
    """Open a window session for a person who is present and identified."""
    _clerk_required(actor)
    purpose = _purpose_required(purpose)
    person = person_identify(id_number=id_number, name=name)

    with transaction.atomic():
        session = AssistedSession.objects.create(
            clerk=actor, person=person, purpose=purpose
        )
        access_record(
            person_id=person.id,
            actor=actor,
            role=Role.CLERK,
            data_kind="identity",
            purpose=_("Assisted session at the window: %(purpose)s")
            % {"purpose": purpose},
            channel=AccessEntry.Channel.WEB,
        )
        audit_event_record(
            actor=actor,
            action="assisted.started",
            target_type="person",
            target_id=person.public_id,
            after={"session": str(session.public_id), "purpose": purpose},
        )
    return session


def assisted_session_end(*, actor: Any, session: AssistedSession) -> None:
    with transaction.atomic():
        session.ended_at = timezone.now()
        session.save(update_fields=["ended_at"])
        audit_event_record(
            actor=actor,
            action="assisted.ended",
            target_type="person",
            target_id=session.person.public_id,
            after={"session": str(session.public_id)},
        )


def person_data_read(
    *, actor: Any, person: Person, data_kind: str, purpose: str, basis: str = ""
) -> None:
    """Log one read of a person's data by a clerk (shown to the person)."""
    _clerk_required(actor)
    access_record(
        person_id=person.id,
        actor=actor,
        role=Role.CLERK,
        data_kind=data_kind,
        purpose=_purpose_required(purpose),
        legal_basis=basis,
        channel=AccessEntry.Channel.WEB,
    )


def record_read_with_purpose(*, actor: Any, id_number: str, purpose: str) -> Person:
    """A clerk looks up a record outside any case: the purpose is required and
    logged, and the person sees the read."""
    _clerk_required(actor)
    purpose = _purpose_required(purpose)
    # A purpose is a sentence anyone can type: the number of lookups outside a
    # case is bounded too, so that nobody walks the register one ID at a time.
    rate_limit_hit(
        scope="desk-lookup",
        key=str(actor.pk),
        limit=settings.DESK_LOOKUPS_PER_HOUR,
        window=3600,
    )
    person = person_find_by_id_number(id_number)
    if person is None:
        raise InvalidInput(
            _("No person with this ID number is on record."),
            code="desk.person_not_found",
        )
    person_data_read(
        actor=actor,
        person=person,
        data_kind="record",
        purpose=purpose,
        basis=_("purpose stated by the clerk"),
    )
    return person
