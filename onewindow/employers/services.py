"""Writes to the employer register."""

from collections.abc import Iterable

from django.db.models import F

from .models import Employer


def employers_link(
    *,
    coded: Iterable[tuple[str, str]],
    named: Iterable[str],
    created: set[int] | None = None,
) -> tuple[dict[str, int], dict[str, int]]:
    """Return employer ids by credit code and by name, creating unknown employers
    (their ids are added to `created` when it is given).

    `coded` holds (credit code, name) pairs; `named` holds names of employers a
    department identifies by name only. A name-only employer matches an employer
    of that exact name, the one with a credit code first.
    """
    coded = dict(coded)
    by_code = dict(
        Employer.objects.filter(credit_code__in=coded).values_list("credit_code", "id")
    )
    new = [code for code in coded if code not in by_code]
    if new:
        Employer.objects.bulk_create(
            [Employer(credit_code=code, name=coded[code]) for code in new],
            ignore_conflicts=True,
        )
        fresh = dict(
            Employer.objects.filter(credit_code__in=new).values_list(
                "credit_code", "id"
            )
        )
        by_code.update(fresh)
        if created is not None:
            created.update(fresh.values())

    names = set(named)
    by_name: dict[str, int] = {}
    if names:
        rows = Employer.objects.filter(name__in=names).order_by(
            F("credit_code").asc(nulls_last=True), "id"
        )
        for name, employer_id in rows.values_list("name", "id"):
            by_name.setdefault(name, employer_id)
        for name in names - by_name.keys():
            by_name[name] = Employer.objects.create(name=name).id
            if created is not None:
                created.add(by_name[name])
    return by_code, by_name


def employer_register(*, credit_code: str, name: str, area_code: str) -> str:
    """Record an employer from the market register; return imported, updated or
    duplicates. A name-only employer of the same name gains the code."""
    employer = Employer.objects.filter(credit_code=credit_code).first()
    if employer is None:
        employer = Employer.objects.filter(name=name, credit_code__isnull=True).first()
        if employer is None:
            Employer.objects.create(
                credit_code=credit_code, name=name, area_code=area_code
            )
            return "imported"
        employer.credit_code = credit_code
    elif (employer.name, employer.area_code) == (name, area_code):
        return "duplicates"
    renamed = employer.name != name
    employer.name, employer.area_code = name, area_code
    employer.save(update_fields=["credit_code", "name", "area_code"])
    if renamed:
        _employees_touch(employer)
    return "updated"


def _employees_touch(employer: Employer) -> None:
    """A record page shows employers by name: the persons with months from this
    employer get a new record version, so their kept pages are not served."""
    from onewindow.people.services import persons_touch
    from onewindow.records.models import Contribution

    persons_touch(
        person_ids=Contribution.objects.filter(employer=employer)
        .values_list("person_id", flat=True)
        .distinct()
    )
