"""Reads of the person register."""

import unicodedata

from onewindow.core.crypto import blind_index
from onewindow.core.identifiers import parse_resident_id
from onewindow.core.text import visible

from .models import Person


def person_find_by_id_number(id_number: str) -> Person | None:
    """Find a person by ID number (15 or 18 characters); None if unknown.

    Raises InvalidInput when the number itself is not valid.
    """
    resident = parse_resident_id(id_number)
    return Person.objects.filter(id_number_hash=blind_index(resident.value)).first()


def person_contact_get(*, person: Person) -> dict[str, str]:
    """The person's contact details as shown on forms (bank account masked)."""
    from .models import PersonContact

    contact = PersonContact.objects.filter(person=person).first()
    if contact is None:
        return {"address": "", "phone": "", "bank_account": ""}
    return {
        "address": contact.address,
        "phone": contact.phone,
        "bank_account": contact.bank_account_masked,
    }


def same_name(first: str, second: str) -> bool:
    """Whether two spellings name the same person: full-width forms, spaces,
    invisible characters and letter case are ignored (departments type names
    differently)."""
    return _name_key(first) == _name_key(second)


def _name_key(name: str) -> str:
    return "".join(visible(unicodedata.normalize("NFKC", name)).split()).casefold()
