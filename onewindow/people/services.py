"""Writes to the person register."""

from collections.abc import Iterable

from django.db.models import F

from onewindow.core.crypto import blind_index, encrypt_text
from onewindow.core.identifiers import ResidentId

from .models import Person


def persons_link(*, residents: Iterable[tuple[ResidentId, str]]) -> dict[str, int]:
    """Return the person id for each ID number, creating persons not yet known.

    The first name a department delivers for a person is kept; the ID number is
    the identity, names differ between departments in spelling and characters.
    """
    wanted = {resident.value: (resident, name) for resident, name in residents}
    hashes = {blind_index(value): value for value in wanted}
    found = dict(
        Person.objects.filter(id_number_hash__in=hashes).values_list(
            "id_number_hash", "id"
        )
    )
    missing = [digest for digest in hashes if digest not in found]
    if missing:
        Person.objects.bulk_create(
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
            ],
            ignore_conflicts=True,
        )
        found.update(
            Person.objects.filter(id_number_hash__in=missing).values_list(
                "id_number_hash", "id"
            )
        )
    return {hashes[digest]: person_id for digest, person_id in found.items()}


def persons_touch(*, person_ids: Iterable[int]) -> None:
    """Mark that these persons' records changed (their cached read models expire)."""
    ids = list(person_ids)
    if ids:
        Person.objects.filter(id__in=ids).update(record_version=F("record_version") + 1)
