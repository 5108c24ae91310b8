"""Writes of notifications: create once per situation, then send after commit."""

import logging

from django.db import IntegrityError, transaction

from onewindow.people.models import Person

from .backends import backend_get
from .models import Notification

logger = logging.getLogger(__name__)
CHANNELS = ("sms", "email")


def notification_send(
    *, person: Person, kind: str, key: str, title: str, body: str, link: str = ""
) -> Notification | None:
    """Record a notification for the person and send it on the other channels.

    Returns None when the same situation was already notified, so that running
    the finder every night does not repeat itself.
    """
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                person=person, kind=kind, key=key, title=title, body=body, link=link
            )
    except IntegrityError:
        return None

    def deliver() -> None:
        backend = backend_get()
        for channel in CHANNELS:
            backend.send(
                channel=channel,
                recipient=str(person.public_id),
                title=title,
                body=f"{body} {link}".strip(),
            )
        logger.info("notifications.sent", extra={"notification": notification.id})

    transaction.on_commit(deliver)
    return notification


def notification_mark_read(*, person: Person, notification_id: int) -> None:
    from django.utils import timezone

    Notification.objects.filter(
        person=person, id=notification_id, read_at__isnull=True
    ).update(read_at=timezone.now())
