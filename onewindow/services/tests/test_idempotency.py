"""A repeated submit (double click, retried request) creates one case."""

import threading
import uuid

import pytest
from django.db import connection, connections

from onewindow.services.models import Case, CaseEvent, Service, Status
from onewindow.services.services import case_draft_save, case_submit

ANSWERS = {"region": "440300", "reason": "work", "start_date": "2026-01-05"}


def _submit(user, token):
    return case_submit(
        actor=user,
        person=user.person,
        service=Service.objects.get(code="medical-registration"),
        token=token,
        data=ANSWERS,
    )


@pytest.mark.django_db
def test_the_same_token_twice_returns_the_first_case(resident_with_record):
    token = uuid.uuid4()

    first = _submit(resident_with_record, token)
    second = _submit(resident_with_record, token)

    assert first.pk == second.pk
    assert Case.objects.count() == 1
    assert CaseEvent.objects.filter(action="submit").count() == 1


@pytest.mark.django_db
def test_a_new_token_after_a_submit_is_a_new_application(resident_with_record):
    _submit(resident_with_record, uuid.uuid4())
    _submit(resident_with_record, uuid.uuid4())
    assert Case.objects.filter(status=Status.SUBMITTED).count() == 2


@pytest.mark.django_db
def test_one_draft_per_person_and_service(resident_with_record):
    service = Service.objects.get(code="medical-registration")
    person = resident_with_record.person
    case_draft_save(
        actor=resident_with_record, person=person, service=service, data={"a": "1"}
    )
    case_draft_save(
        actor=resident_with_record, person=person, service=service, data={"a": "2"}
    )
    draft = Case.objects.get(status=Status.DRAFT)
    assert draft.data == {"a": "2"}


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (SQLite serialises them)",
)
def test_two_concurrent_submits_with_one_token_create_one_case(resident_with_record):
    token = uuid.uuid4()
    case_draft_save(
        actor=resident_with_record,
        person=resident_with_record.person,
        service=Service.objects.get(code="medical-registration"),
        data={},
    )
    barrier = threading.Barrier(2)
    results: list[int] = []
    errors: list[BaseException] = []

    def submit():
        try:
            barrier.wait(timeout=10)
            results.append(_submit(resident_with_record, token).pk)
        except BaseException as error:  # noqa: BLE001 - reported by the test
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert len(results) == 2 and results[0] == results[1]
    assert Case.objects.filter(person=resident_with_record.person).count() == 1
    assert CaseEvent.objects.filter(action="submit").count() == 1
