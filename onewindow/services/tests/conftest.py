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


@pytest.fixture
def lin_also_in_beijing(resident_with_record, import_file):
    """林超 also paid 2019 in Beijing: 12 months at a base of 5000.00."""
    from onewindow.exchange.tests.test_import import hrss, row

    rows = [
        row(period=f"2019{m:02d}", place="北京市朝阳区", amounts="800.00,400.00")
        for m in range(1, 13)
    ]
    import_file("hrss", hrss(*rows))
    return resident_with_record
