"""The finder task notifies each situation once; residents see only their own."""

import pytest

from onewindow.conftest import PASSWORD
from onewindow.notifications.backends import ConsoleBackend, MemoryBackend
from onewindow.notifications.models import Notification
from onewindow.rules.tasks import entitlements_notify_all

pytestmark = pytest.mark.django_db


@pytest.fixture
def outbox(settings):
    settings.NOTIFICATION_BACKEND = "onewindow.notifications.backends.MemoryBackend"
    MemoryBackend.outbox = []
    return MemoryBackend.outbox


def test_the_task_notifies_in_site_and_by_sms_and_email(
    sample_record, outbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        counts = entitlements_notify_all.delay("2025-03-01").get()

    lin = Notification.objects.get(
        kind="contribution_shortfall", key__endswith="2024-02"
    )
    assert lin.link == "/services/pension-contribution-makeup/"
    assert counts["notifications"] == Notification.objects.count()
    assert {m["channel"] for m in outbox} == {"sms", "email"}
    assert len(outbox) == 2 * counts["notifications"]


def test_running_the_task_again_notifies_nothing_new(sample_record, outbox):
    entitlements_notify_all("2025-03-01")
    first = Notification.objects.count()

    again = entitlements_notify_all("2025-03-01")

    assert first > 0
    assert again["notifications"] == 0
    assert Notification.objects.count() == first


def test_the_console_backend_prints_the_message():
    import io

    stream = io.StringIO()
    ConsoleBackend(stream).send(channel="sms", recipient="p-1", title="T", body="B")

    assert stream.getvalue() == "[sms] to p-1: T\nB\n"


def test_a_resident_sees_only_their_own_messages(
    client, resident_with_record, other_resident
):
    entitlements_notify_all("2025-03-01")
    client.login(username="someone-else", password=PASSWORD)

    response = client.get("/me/messages/")

    shown = response.context["notifications"]
    assert response.status_code == 200
    assert all(n.person_id == other_resident.person_id for n in shown)


def test_anonymous_visitors_are_sent_to_sign_in_from_messages(client):
    response = client.get("/me/messages/")

    assert response.status_code == 302
