"""Situations the services tests start from."""

import uuid

import pytest

from onewindow.accounts.models import Role
from onewindow.conftest import make_user
from onewindow.services.models import Case, Service
from onewindow.services.services import case_submit


@pytest.fixture
def shenzhen_clerk(db):
    return make_user(
        "clerk-shenzhen", role=Role.CLERK, region="440300", first_name="王芳"
    )


@pytest.fixture
def beijing_clerk(db):
    return make_user("clerk-beijing", role=Role.CLERK, region="110000")


@pytest.fixture
def submitted_review_case(resident_with_record) -> Case:
    """林超 applied for medical registration; it waits for a Shenzhen clerk."""
    service = Service.objects.get(code="medical-registration")
    return case_submit(
        actor=resident_with_record,
        person=resident_with_record.person,
        service=service,
        token=uuid.uuid4(),
        data={"region": "440300", "reason": "resident", "start_date": "2026-01-05"},
    )
