import pytest
from django.db import connection

from onewindow.core.crypto import blind_index
from onewindow.core.identifiers import parse_resident_id
from onewindow.people.models import Person
from onewindow.people.services import persons_link

pytestmark = pytest.mark.django_db

LIN = "420106196402299834"
WANG = "11010519491231002X"


def test_new_persons_are_registered_with_their_first_name_and_reported(db):
    created: set[int] = set()

    linked = persons_link(
        residents=[(parse_resident_id(LIN), "林超"), (parse_resident_id(WANG), "王芳")],
        created=created,
    )

    lin = Person.objects.get(id_number_hash=blind_index(LIN))
    assert linked[LIN] == (lin.id, "林超")
    assert (lin.id_number_masked, lin.birth_date.isoformat(), lin.sex) == (
        "4201**********9834",
        "1964-02-29",
        "M",
    )
    assert lin.reveal_id_number() == LIN
    assert lin.public_id is not None and lin.created_at is not None
    assert created == {lin.id, linked[WANG][0]}


def test_a_known_person_keeps_the_name_on_record_and_is_not_reported(db):
    persons_link(residents=[(parse_resident_id(LIN), "林超")])
    created: set[int] = set()

    linked = persons_link(
        residents=[(parse_resident_id(LIN), "林 超")], created=created
    )

    assert linked[LIN][1] == "林超"
    assert created == set()
    assert Person.objects.count() == 1


def test_a_person_registered_by_another_delivery_meanwhile_is_linked_not_doubled(
    db,
):
    # Between this delivery's look-up and its insert, another registers 林超.
    meanwhile: list[dict] = []
    started = []

    def register_after_lookup(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if not started and sql.lstrip().upper().startswith("SELECT"):
            started.append(True)
            meanwhile.append(persons_link(residents=[(parse_resident_id(LIN), "林超")]))
        return result

    created: set[int] = set()
    with connection.execute_wrapper(register_after_lookup):
        linked = persons_link(
            residents=[(parse_resident_id(LIN), "林超")], created=created
        )

    only = Person.objects.get()
    assert meanwhile == [{LIN: (only.id, "林超")}]
    assert linked[LIN] == (only.id, "林超")
    assert created == set()
