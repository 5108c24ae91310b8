"""Fixtures shared by every app's tests: people, accounts and imported files."""

import io
from collections.abc import Callable
from pathlib import Path

import pytest

from onewindow.accounts.models import Role, User
from onewindow.exchange.models import ImportBatch
from onewindow.exchange.services import import_batch_create, import_batch_run

pytest_plugins = ["onewindow.core.tests.browser_support"]

DEMO_DATA = Path(__file__).parent / "demo" / "data"
PASSWORD = "correct-horse-battery-staple"  # noqa: S105 - test accounts only


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.UPLOAD_ROOT = tmp_path / "uploads"


@pytest.fixture
def import_file(db) -> Callable[..., ImportBatch]:
    """Import bytes or a demo file through the real path and return the batch."""

    def run(source: str, content: bytes | str, name: str = "upload.csv") -> ImportBatch:
        if isinstance(content, str) and "\n" not in content:
            name = content
            content = (DEMO_DATA / content).read_bytes()
        elif isinstance(content, str):
            content = content.encode("utf-8")
        batch = import_batch_create(
            actor=None, source_code=source, file_name=name, stream=io.BytesIO(content)
        )
        return import_batch_run(batch=batch)

    return run


@pytest.fixture
def sample_record(import_file) -> None:
    """The repository's sample files from the three departments and the register."""
    import_file("employers", "employers.csv")
    import_file("hrss", "hrss-contributions.csv")
    import_file("medical", "medical-contributions.csv")
    import_file("housing_fund", "housing-fund.csv")
    import_file("hrss", "hrss-update-2025-01.xlsx")


def make_user(username: str, role: str = Role.RESIDENT, **extra) -> User:
    return User.objects.create_user(
        username=username, password=PASSWORD, role=role, **extra
    )


@pytest.fixture
def resident_with_record(sample_record) -> User:
    """A resident whose account is linked to 林超 of the sample files."""
    from onewindow.people.selectors import person_find_by_id_number

    person = person_find_by_id_number("420106196402299834")
    return make_user("linchao", person=person)


@pytest.fixture
def other_resident(sample_record) -> User:
    """A second linked resident, whose record the first must never see."""
    from onewindow.people.models import Person

    person = Person.objects.exclude(id_number_masked__startswith="4201").first()
    return make_user("someone-else", person=person)


@pytest.fixture
def hrss_operator(db) -> User:
    return make_user("hrss-operator", role=Role.OPERATOR, department="hrss")


@pytest.fixture
def medical_operator(db) -> User:
    return make_user("medical-operator", role=Role.OPERATOR, department="medical")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached read models must not leak from one test's database to the next."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
