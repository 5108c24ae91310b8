from onewindow.people.models import Person

from .models import Notification


def notification_list(*, person: Person) -> list[Notification]:
    """The person's own notifications, newest first."""
    return list(Notification.objects.filter(person=person)[:100])
