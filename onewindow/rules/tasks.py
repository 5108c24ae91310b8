"""Background runs of the entitlement finder."""

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.utils import timezone, translation

from onewindow.audit.services import audit_event_record
from onewindow.notifications.services import notification_send
from onewindow.people.models import Person

from .selectors import entitlements_all

logger = logging.getLogger(__name__)


@shared_task(name="rules.entitlements_notify_all")
def entitlements_notify_all(as_of: str | None = None) -> dict[str, int]:
    """Run the finder for everyone and notify each new finding once.

    Messages are written in the site's default language.
    TODO: store the finding kind and its figures instead of rendered text, and
    render in each person's language, once people record a preferred language.
    """
    day = dt.date.fromisoformat(as_of) if as_of else timezone.localdate()
    persons = found = created = 0

    with translation.override(settings.LANGUAGE_CODE):
        for person_id, findings in entitlements_all(as_of=day):
            persons += 1
            person = Person.objects.only("id", "public_id").get(id=person_id)
            for finding in findings:
                found += 1
                if notification_send(
                    person=person,
                    kind=finding.kind,
                    key=finding.key,
                    title=finding.title,
                    body=finding.why,
                    link=finding.service,
                ):
                    created += 1

    counts = {"persons": persons, "findings": found, "notifications": created}
    audit_event_record(
        actor=None,
        action="entitlements.notified",
        target_type="run",
        target_id=day.isoformat(),
        after=counts,
    )
    logger.info("rules.entitlements_notified", extra=counts)
    return counts
