"""Reads of the clerk's desk: assisted sessions and the supervisor's figures."""

import datetime as dt
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from onewindow.accounts.models import Role
from onewindow.audit.models import AccessEntry
from onewindow.core.exceptions import NotFound
from onewindow.people.models import Person
from onewindow.services.models import Case
from onewindow.services.states import OPEN

from .models import AssistedSession

# A window visit does not last a day; an unclosed session lapses after this.
SESSION_HOURS = 4


def assisted_session_active(*, clerk: Any, person: Person) -> AssistedSession | None:
    since = timezone.now() - dt.timedelta(hours=SESSION_HOURS)
    return AssistedSession.objects.filter(
        clerk=clerk, person=person, ended_at__isnull=True, started_at__gte=since
    ).first()


def assisted_session_get(*, clerk: Any, public_id: Any) -> AssistedSession:
    """The clerk's own open session; any other is not found."""
    since = timezone.now() - dt.timedelta(hours=SESSION_HOURS)
    session = (
        AssistedSession.objects.select_related("person")
        .filter(
            clerk=clerk,
            public_id=public_id,
            ended_at__isnull=True,
            started_at__gte=since,
        )
        .first()
    )
    if session is None or getattr(clerk, "role", None) != Role.CLERK:
        raise NotFound(code="assisted.not_found")
    return session


def overdue_by_region(*, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Open and overdue case counts per pooling region, for the supervisor."""
    today = today or timezone.localdate()
    return list(
        Case.objects.filter(status__in=OPEN)
        .values("region")
        .annotate(
            open=Count("id"),
            overdue=Count("id", filter=Q(promised_date__lt=today)),
        )
        .order_by("-overdue", "region")
    )


def access_by_staff(*, days: int = 30) -> list[dict[str, Any]]:
    """Reads of personal data per staff member over the last days, most first:
    an unusual count is where a supervisor looks."""
    since = timezone.now() - dt.timedelta(days=days)
    return list(
        AccessEntry.objects.filter(created_at__gte=since, actor__isnull=False)
        .values("actor_label", "actor_role")
        .annotate(reads=Count("id"), persons=Count("person", distinct=True))
        .order_by("-reads", "actor_label")
    )
