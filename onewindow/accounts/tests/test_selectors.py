import pytest
from django.contrib.auth import get_user
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from onewindow.accounts.backends import PersonModelBackend
from onewindow.accounts.models import Role, User
from onewindow.accounts.selectors import user_with_person_get
from onewindow.conftest import make_user

pytestmark = pytest.mark.django_db


def _fields(instance) -> dict:
    return {
        field.attname: getattr(instance, field.attname)
        for field in instance._meta.concrete_fields
    }


def test_a_resident_is_read_as_the_orm_reads_them_with_their_person(
    resident_with_record,
):
    expected = User.objects.select_related("person").get(pk=resident_with_record.pk)

    with CaptureQueriesContext(connection) as queries:
        user = user_with_person_get(user_id=resident_with_record.pk)
        person = user.person
        assert person.account is user

    assert len(queries) == 1
    assert _fields(user) == _fields(expected)
    assert _fields(person) == _fields(expected.person)
    assert user._state.db == "default"
    assert user._state.adding is False
    assert person._state.adding is False


def test_a_staff_member_without_a_person_has_none_and_no_further_query(db):
    clerk = make_user("window-clerk", role=Role.CLERK)

    with CaptureQueriesContext(connection) as queries:
        user = user_with_person_get(user_id=clerk.pk)
        assert user.person is None

    assert len(queries) == 1
    assert _fields(user) == _fields(User.objects.get(pk=clerk.pk))


def test_the_key_is_taken_as_the_session_stores_it(resident_with_record):
    assert user_with_person_get(user_id=str(resident_with_record.pk)).pk == (
        resident_with_record.pk
    )


def test_an_unknown_user_is_none(db):
    assert user_with_person_get(user_id=987654) is None


@pytest.mark.parametrize("user_id", [2**63, -(2**63) - 1, "9223372036854775808"])
def test_a_key_beyond_the_column_is_no_one_rather_than_an_error(db, user_id):
    assert user_with_person_get(user_id=user_id) is None


def test_a_deactivated_user_is_not_signed_in(resident_with_record):
    backend = PersonModelBackend()
    assert backend.get_user(resident_with_record.pk) == resident_with_record

    User.objects.filter(pk=resident_with_record.pk).update(is_active=False)

    assert backend.get_user(resident_with_record.pk) is None


def test_a_password_change_ends_other_sessions(client, resident_with_record):
    client.force_login(resident_with_record)
    request = RequestFactory().get("/")
    request.session = client.session
    assert get_user(request) == resident_with_record

    resident_with_record.set_password("a-new-password-for-this-test")
    resident_with_record.save()

    assert not get_user(request).is_authenticated
