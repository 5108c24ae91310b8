"""Writes about accounts: linking a resident's account to their person record."""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.audit.services import audit_event_record
from onewindow.core.exceptions import Conflict, InvalidInput, RateLimited
from onewindow.core.identifiers import parse_resident_id
from onewindow.core.ratelimit import rate_limit_hit
from onewindow.people.models import Person
from onewindow.people.selectors import person_find_by_id_number, same_name

from .models import ClaimAttempt, Role, User


def record_claim(*, user: User, id_number: str, name: str) -> Person:
    """Link a resident's account to the person whose ID number and name match.

    Tries are counted, failed or not, and limited per window, so that nobody can
    search the register by guessing. The same message answers every mismatch so
    that a wrong try says nothing about which part was wrong.
    """
    window_start = timezone.now() - dt.timedelta(hours=settings.CLAIM_WINDOW_HOURS)
    if user.person_id is not None:
        raise Conflict(
            _("Your account is already linked to a record."), code="claim.linked"
        )
    with transaction.atomic():
        User.objects.select_for_update().get(pk=user.pk)
        tries = ClaimAttempt.objects.filter(
            user=user, created_at__gte=window_start
        ).count()
        if tries >= settings.CLAIM_MAX_ATTEMPTS:
            raise RateLimited(
                _(
                    "Too many tries. You can try again tomorrow, or ask at a service "
                    "window."
                ),
                code="claim.rate_limited",
            )
        attempt = ClaimAttempt.objects.create(user=user)

    mismatch = InvalidInput(
        _(
            "No record matches this ID number and name. Check both against your ID "
            "card; if they are right, the departments may not have delivered your "
            "data yet."
        ),
        code="claim.no_match",
    )
    try:
        resident = parse_resident_id(id_number)
    except InvalidInput as error:
        raise InvalidInput(error.message, code="claim.invalid_id") from None
    # Per ID number as well as per account: sign-up is open, so one person could
    # otherwise guess at a number from many accounts.
    rate_limit_hit(
        scope="claim-id",
        key=resident.value,
        limit=settings.CLAIM_MAX_ATTEMPTS_PER_ID,
        window=settings.CLAIM_WINDOW_HOURS * 3600,
    )
    person = person_find_by_id_number(resident.value)
    if person is None or not same_name(person.name, name):
        raise mismatch
    if User.objects.filter(person=person).exclude(pk=user.pk).exists():
        raise Conflict(
            _(
                "This record is already linked to another account. Ask at a "
                "service window."
            ),
            code="claim.taken",
        )

    with transaction.atomic():
        user.person = person
        user.role = Role.RESIDENT
        user.save(update_fields=["person", "role"])
        ClaimAttempt.objects.filter(pk=attempt.pk).update(succeeded=True)
        audit_event_record(
            actor=user,
            action="person.claimed",
            target_type="person",
            target_id=person.public_id,
        )
    return person
