"""The clerk's desk: region queues, assisted sessions, reads with a purpose, the
supervisor's aggregates, and object-level refusals on every new URL."""

import datetime as dt
import uuid

import pytest
from django.utils import timezone

from onewindow.accounts.models import Role
from onewindow.audit.models import AccessEntry
from onewindow.backoffice.models import AssistedSession
from onewindow.conftest import PASSWORD, make_user
from onewindow.core.tests.test_access import concrete_urls
from onewindow.services.models import Case, CaseEvent, Service, Status
from onewindow.services.services import case_submit

pytestmark = pytest.mark.django_db
LIN_ID = "420106196402299834"


@pytest.fixture
def shenzhen_clerk(db):
    return make_user(
        "clerk-shenzhen",
        role=Role.CLERK,
        region="440300",
        first_name="芳",
        last_name="王",
    )


@pytest.fixture
def beijing_clerk(db):
    return make_user("clerk-beijing", role=Role.CLERK, region="110000")


@pytest.fixture
def supervisor(db):
    return make_user("supervisor", role=Role.SUPERVISOR)


def _submit(user, code="medical-registration", region="440300") -> Case:
    return case_submit(
        actor=user,
        person=user.person,
        service=Service.objects.get(code=code),
        token=uuid.uuid4(),
        data={"region": region, "reason": "work", "start_date": "2026-01-05"},
    )


@pytest.fixture
def lin_case(resident_with_record) -> Case:
    return _submit(resident_with_record)


def _login(client, username):
    assert client.login(username=username, password=PASSWORD)


def _values(case: Case, session: AssistedSession | None = None) -> dict[str, str]:
    return {
        "case_id": str(case.public_id),
        "document_id": str(uuid.uuid4()),
        "session_id": str(session.public_id) if session else str(uuid.uuid4()),
        "service_code": "pension-claim",
        "action": "approve",
        "insurance": "pension",
        "slug": "pension",
    }


def _new_urls(values):
    return [
        url
        for url in concrete_urls(values)
        if url.startswith(("/services/cases/", "/services/documents/", "/desk/"))
    ]


def test_another_resident_reaches_none_of_the_case_or_desk_pages(
    client, lin_case, other_resident
):
    _login(client, "someone-else")

    for url in _new_urls(_values(lin_case)):
        response = client.get(url)
        if url == "/services/cases/":  # their own list
            assert str(lin_case.public_id) not in response.text
            continue
        assert response.status_code in (403, 404, 405), url
        assert "林超" not in response.text, url
        if "/cases/" in url:
            assert client.post(url, {"reason": "x"}).status_code in (403, 404), url

    lin_case.refresh_from_db()
    assert lin_case.status == Status.SUBMITTED


def test_a_clerk_of_another_region_reaches_none_of_the_case_s_pages(
    client, lin_case, beijing_clerk, shenzhen_clerk
):
    session = AssistedSession.objects.create(
        clerk=shenzhen_clerk, person=lin_case.person, purpose="a visit"
    )
    _login(client, "clerk-beijing")

    for url in _new_urls(_values(lin_case, session)):
        if url in ("/desk/", "/desk/lookup/", "/desk/assist/"):
            continue  # the clerk's own pages
        response = client.get(url)
        # Resident pages send a clerk (no linked person) to the claim page.
        assert response.status_code in (302, 403, 404, 405), url
        assert "林超" not in response.text, url
        assert client.post(url, {"reason": "x"}).status_code in (302, 403, 404), url

    lin_case.refresh_from_db()
    assert lin_case.status == Status.SUBMITTED
    assert not AccessEntry.objects.filter(actor=beijing_clerk).exists()


def test_the_queue_holds_the_region_s_open_cases_earliest_promise_first(
    client, resident_with_record, other_resident, shenzhen_clerk
):
    late = _submit(resident_with_record)
    Case.objects.filter(pk=late.pk).update(
        promised_date=timezone.localdate() - dt.timedelta(days=3)
    )
    soon = _submit(other_resident, code="contribution-refund")
    elsewhere = _submit(other_resident, code="flexible-enrolment", region="110000")
    _login(client, "clerk-shenzhen")

    response = client.get("/desk/")

    rows = [case for case, _late in response.context["rows"]]
    assert rows == [late, soon]
    assert elsewhere not in rows
    assert response.context["overdue_count"] == 1
    assert "overdue-row" in response.text


def test_the_supervisor_sees_aggregates_and_clerks_do_not(
    client, lin_case, shenzhen_clerk, supervisor
):
    _login(client, "clerk-shenzhen")
    client.get(f"/desk/cases/{lin_case.public_id}/")
    assert client.get("/desk/supervisor/").status_code == 403
    client.logout()

    _login(client, "supervisor")
    response = client.get("/desk/supervisor/")

    assert response.status_code == 200
    assert response.context["regions"][0]["region"] == "440300"
    assert response.context["reads"][0]["actor_label"] == "clerk-shenzhen"
    assert "林超" not in response.text
    assert client.get("/desk/").status_code == 403


def test_a_record_read_outside_a_case_needs_a_purpose_that_is_logged(
    client, resident_with_record, shenzhen_clerk
):
    _login(client, "clerk-shenzhen")

    refused = client.post("/desk/lookup/", {"id_number": LIN_ID, "purpose": ""})
    assert refused.status_code == 422
    assert "林超" not in refused.text
    assert not AccessEntry.objects.exists()

    shown = client.post(
        "/desk/lookup/", {"id_number": LIN_ID, "purpose": "Phone enquiry 2026-12-04"}
    )
    assert shown.status_code == 200
    assert "林超" in shown.text
    entry = AccessEntry.objects.get()
    assert entry.person == resident_with_record.person
    assert entry.purpose == "Phone enquiry 2026-12-04"
    assert entry.actor == shenzhen_clerk


def test_lookups_outside_a_case_are_bounded_per_clerk(
    client, resident_with_record, shenzhen_clerk, settings
):
    settings.DESK_LOOKUPS_PER_HOUR = 3
    _login(client, "clerk-shenzhen")
    form = {"id_number": LIN_ID, "purpose": "Phone enquiry 2026-12-04"}

    statuses = [client.post("/desk/lookup/", form).status_code for _ in range(4)]

    assert statuses == [200, 200, 200, 422]
    assert AccessEntry.objects.count() == 3


def test_an_assisted_session_needs_the_matching_name(
    client, resident_with_record, shenzhen_clerk
):
    _login(client, "clerk-shenzhen")

    response = client.post(
        "/desk/assist/",
        {"id_number": LIN_ID, "name": "林超超", "purpose": "pension claim"},
    )

    assert response.status_code == 422
    assert not AssistedSession.objects.exists()


def test_what_a_clerk_does_in_an_assisted_session_is_marked_and_logged(
    client, resident_with_record, shenzhen_clerk
):
    _login(client, "clerk-shenzhen")
    started = client.post(
        "/desk/assist/",
        {"id_number": LIN_ID, "name": "林超", "purpose": "Claim at the window"},
    )
    session = AssistedSession.objects.get()
    assert started["Location"] == f"/desk/assist/{session.public_id}/"
    assert client.get(started["Location"]).status_code == 200

    apply_url = f"/desk/assist/{session.public_id}/apply/medical-registration/"
    form = client.get(apply_url)
    assert "林超" in form.text
    token = str(form.context["form"].initial["token"])
    client.post(
        apply_url,
        {
            "token": token,
            "action": "submit",
            "region": "440300",
            "reason": "resident",
            "start_date": "2026-01-05",
            "phone": "13800000000",
            "confirmed": "1",
        },
    )

    case = Case.objects.get(person=resident_with_record.person)
    event = CaseEvent.objects.get(case=case, action="submit")
    assert event.assisted_by == shenzhen_clerk
    assert event.actor == shenzhen_clerk
    kinds = set(
        AccessEntry.objects.filter(
            person=resident_with_record.person, actor=shenzhen_clerk
        ).values_list("data_kind", flat=True)
    )
    assert {"identity", "cases", "application_form"} <= kinds

    client.post(f"/desk/assist/{session.public_id}/end/")
    assert client.get(apply_url).status_code == 404
    client.logout()

    _login(client, "linchao")
    page = client.get(f"/services/cases/{case.public_id}/")
    assert "王芳" in page.text or "芳 王" in page.text
    assert "assisted" in page.text or "窗口" in page.text


def test_without_a_session_a_clerk_cannot_apply_for_someone(
    resident_with_record, shenzhen_clerk
):
    from onewindow.core.exceptions import NotPermitted

    with pytest.raises(NotPermitted):
        case_submit(
            actor=shenzhen_clerk,
            person=resident_with_record.person,
            service=Service.objects.get(code="medical-registration"),
            token=uuid.uuid4(),
            data={"region": "440300"},
            assisted_by=shenzhen_clerk,
        )
