"""Writes to the person register."""

from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import F

from onewindow.core.crypto import blind_index, encrypt_text
from onewindow.core.exceptions import InvalidInput
from onewindow.core.identifiers import ResidentId

from .models import Person, PersonContact, mask_bank_account


def persons_link(
    *, residents: Iterable[tuple[ResidentId, str]], created: set[int] | None = None
) -> dict[str, tuple[int, str]]:
    """Return (person id, name on record) for each ID number, creating persons
    not yet known with the first name delivered for them (their ids are added
    to `created` when it is given).

    The caller compares each delivered name with the name on record: a row whose
    name is another person's is refused, not linked.
    """
    wanted = {resident.value: (resident, name) for resident, name in residents}
    hashes = {blind_index(value): value for value in wanted}
    found = _persons_found(hashes)
    missing = [digest for digest in hashes if digest not in found]
    if missing:
        new = _persons_insert(
            [
                Person(
                    id_number_encrypted=encrypt_text(hashes[digest]),
                    id_number_hash=digest,
                    id_number_masked=wanted[hashes[digest]][0].masked,
                    name=wanted[hashes[digest]][1],
                    birth_date=wanted[hashes[digest]][0].birth_date,
                    sex=wanted[hashes[digest]][0].sex,
                )
                for digest in missing
            ]
        )
        found.update(new)
        if created is not None:
            created.update(person_id for person_id, _name in new.values())
        raced = [digest for digest in missing if digest not in new]
        if raced:  # registered by another delivery since the first query
            found.update(_persons_found(raced))
    return {hashes[digest]: linked for digest, linked in found.items()}


def _persons_found(digests: Iterable[str]) -> dict[str, tuple[int, str]]:
    """(id, name on record) by blind index, for the persons already registered."""
    return {
        digest: (person_id, name)
        for digest, person_id, name in Person.objects.filter(
            id_number_hash__in=digests
        ).values_list("id_number_hash", "id", "name")
    }


# Persons written by one INSERT: well under the 32,766 values SQLite takes.
_INSERT_ROWS = 500


def _persons_insert(persons: list[Person]) -> dict[str, tuple[int, str]]:
    """Insert persons, skipping any whose ID number is registered already;
    return (id, name) by blind index for those inserted.

    One statement that returns the new ids, where bulk_create with
    ignore_conflicts returns none. An import links the persons of each block of
    rows while another connection writes the ledger, and round trips are slow
    then: the transaction bulk_create opens and the query reading the ids back
    cost three of them per block. Without them, linking the persons of a million
    rows took about 0.72 s instead of 0.85 s on the benchmark machine.
    """
    fields = [field for field in Person._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    table = quote(Person._meta.db_table)
    columns = ", ".join(quote(field.column) for field in fields)
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    inserted: dict[str, tuple[int, str]] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(persons), _INSERT_ROWS):
            chunk = persons[start : start + _INSERT_ROWS]
            values = [
                field.get_db_prep_save(field.pre_save(person, add=True), connection)
                for person in chunk
                for field in fields
            ]
            rows = ", ".join([row] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {rows} "  # noqa: S608 - the model's names
                "ON CONFLICT (id_number_hash) DO NOTHING "
                "RETURNING id_number_hash, id, name",
                values,
            )
            inserted.update(
                (digest, (person_id, name)) for digest, person_id, name in cursor
            )
    return inserted


def persons_touch(*, person_ids: Iterable[int]) -> None:
    """Mark that these persons' records changed (their cached read models expire)."""
    ids = sorted(person_ids)
    for start in range(0, len(ids), 5000):  # SQLite caps the values of a query
        Person.objects.filter(id__in=ids[start : start + 5000]).update(
            record_version=F("record_version") + 1
        )


CONTACT_FIELDS = ("address", "phone", "bank_account")


def person_contact_update(
    *,
    actor: Any,
    person: Person,
    changes: dict[str, str],
    assisted_by: Any = None,
) -> PersonContact:
    """Write confirmed changes of address, phone or bank account to the record.

    The person confirmed these on a page that showed before and after; the audit
    event keeps both (the bank account only masked, never in clear).
    """
    from onewindow.audit.services import audit_event_record

    unknown = set(changes) - set(CONTACT_FIELDS)
    if unknown:
        raise InvalidInput(code="contact.unknown_field")

    with transaction.atomic():
        contact, _created = PersonContact.objects.select_for_update().get_or_create(
            person=person
        )
        before = {
            "address": contact.address,
            "phone": contact.phone,
            "bank_account": contact.bank_account_masked,
        }
        if "address" in changes:
            contact.address = changes["address"].strip()
        if "phone" in changes:
            contact.phone = changes["phone"].strip()
        if "bank_account" in changes:
            number = "".join(changes["bank_account"].split())
            contact.bank_account_encrypted = encrypt_text(number) if number else ""
            contact.bank_account_masked = mask_bank_account(number)
        contact.save()
        after = {
            "address": contact.address,
            "phone": contact.phone,
            "bank_account": contact.bank_account_masked,
        }
        audit_event_record(
            actor=actor,
            action="person.contact_updated",
            target_type="person",
            target_id=person.public_id,
            before=before,
            after={
                **after,
                "assisted_by": getattr(assisted_by, "username", ""),
            },
        )
    return contact
