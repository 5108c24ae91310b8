"""Reads of the person register."""

from onewindow.core.crypto import blind_index
from onewindow.core.identifiers import parse_resident_id

from .models import Person


def person_find_by_id_number(id_number: str) -> Person | None:
    """Find a person by ID number (15 or 18 characters); None if unknown.

    Raises InvalidInput when the number itself is not valid.
    """
    resident = parse_resident_id(id_number)
    return Person.objects.filter(id_number_hash=blind_index(resident.value)).first()
