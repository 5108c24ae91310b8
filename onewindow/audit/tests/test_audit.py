import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from onewindow.audit.models import AccessEntry, AppendOnlyError, AuditEvent
from onewindow.audit.services import (
    access_record,
    audit_chain_verify,
    audit_event_record,
)
from onewindow.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def three_events():
    for number in range(3):
        audit_event_record(
            actor=None,
            action="test.happened",
            target_type="thing",
            target_id=number,
            after={"n": number},
        )


def test_the_chain_of_untouched_events_verifies():
    three_events()

    assert audit_chain_verify() == (True, None)
    call_command("verify_audit_chain")


def test_a_changed_event_breaks_the_chain_at_that_event():
    three_events()
    second = AuditEvent.objects.order_by("id")[1]
    AuditEvent.objects.filter(id=second.id).update(after={"n": 99})

    assert audit_chain_verify() == (False, second.id)
    with pytest.raises(CommandError, match=str(second.id)):
        call_command("verify_audit_chain")


def test_a_removed_event_breaks_the_chain():
    three_events()
    first, second, third = AuditEvent.objects.order_by("id")
    AuditEvent.objects.filter(id=second.id).delete()

    assert audit_chain_verify() == (False, third.id)


def test_audit_rows_cannot_be_changed_or_deleted_through_the_models(
    resident_with_record,
):
    three_events()
    event = AuditEvent.objects.first()
    entry = access_record(
        person_id=resident_with_record.person_id,
        actor=None,
        role="clerk",
        data_kind="record",
        purpose="test",
        channel="command",
    )

    for row in (event, entry):
        with pytest.raises(AppendOnlyError):
            row.save()
        with pytest.raises(AppendOnlyError):
            row.delete()


def test_a_resident_sees_who_read_their_data_and_nobody_else_s(
    client, resident_with_record, other_resident
):
    access_record(
        person_id=resident_with_record.person_id,
        actor=None,
        role="clerk (command line)",
        data_kind="contribution record",
        purpose="pension claim check",
        channel="command",
    )
    access_record(
        person_id=other_resident.person_id,
        actor=None,
        role="clerk (command line)",
        data_kind="contribution record",
        purpose="someone else's matter",
        channel="command",
    )

    client.login(username="linchao", password=PASSWORD)
    page = client.get(reverse("audit:access_log")).content.decode()

    assert "pension claim check" in page
    assert "someone else" not in page
    assert AccessEntry.objects.count() == 2
