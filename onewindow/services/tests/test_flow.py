"""Apply once, follow the case, get the result: each service end to end through
the pages, with drafts, pre-filling, confirmation and idempotent submits."""

import uuid
from decimal import Decimal

import pytest
from django.urls import reverse

from onewindow.audit.models import AccessEntry, AuditEvent
from onewindow.conftest import PASSWORD
from onewindow.notifications.models import Notification
from onewindow.people.models import PersonContact
from onewindow.records.models import Contribution, PensionTransfer
from onewindow.services.models import Case, CaseEvent, Service, Status

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.login(username=user.username, password=PASSWORD)


def _apply_url(code: str) -> str:
    return reverse("services:apply", args=[code])


def _form_token(response) -> str:
    return str(response.context["form"].initial["token"])


def test_the_catalog_and_each_service_page_are_public(client):
    response = client.get("/services/")
    assert response.status_code == 200
    for service in Service.objects.all():
        page = client.get(f"/services/{service.code}/")
        assert page.status_code == 200, service.code
    assert "养老保险关系转移接续" in client.get("/services/pension-transfer/").text


def test_every_link_of_the_entitlement_finder_has_a_service_page(client):
    from onewindow.rules.finder import SERVICES

    for link in SERVICES.values():
        assert client.get(link).status_code == 200, link


def test_the_form_is_prefilled_from_the_record(client, resident_with_record):
    _login(client, resident_with_record)

    response = client.get(_apply_url("pension-transfer"))

    initial = response.context["form"].initial
    assert initial["name"] == "林超"
    assert initial["id_number"] == "4201**********9834"
    assert initial["to_region"] == "440300"
    assert "林超" in response.text


def test_a_draft_survives_signing_out_and_is_restored(client, resident_with_record):
    _login(client, resident_with_record)
    client.post(
        _apply_url("medical-registration"),
        {"token": str(uuid.uuid4()), "action": "save", "reason": "referral"},
    )
    client.logout()

    _login(client, resident_with_record)
    response = client.get(_apply_url("medical-registration"))

    assert response.context["form"].initial["reason"] == "referral"
    assert response.context["draft"] is not None
    assert Case.objects.filter(status=Status.DRAFT).count() == 1


def test_autosave_keeps_the_draft_and_answers_with_a_fragment(
    client, resident_with_record
):
    _login(client, resident_with_record)

    response = client.post(
        _apply_url("medical-registration") + "?autosave=1",
        {"token": str(uuid.uuid4()), "reason": "work"},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    assert "<html" not in response.text
    draft = Case.objects.get(status=Status.DRAFT)
    assert draft.data["reason"] == "work"


def test_submitting_twice_with_the_same_token_creates_one_case(
    client, resident_with_record
):
    _login(client, resident_with_record)
    token = _form_token(client.get(_apply_url("medical-registration")))
    answers = {
        "token": token,
        "action": "submit",
        "region": "110000",
        "reason": "resident",
        "start_date": "2026-02-01",
        "phone": "13800000000",
        "confirmed": "1",
    }

    first = client.post(_apply_url("medical-registration"), answers)
    second = client.post(_apply_url("medical-registration"), answers)

    assert Case.objects.filter(person=resident_with_record.person).count() == 1
    case = Case.objects.get()
    assert (
        first["Location"] == second["Location"] == f"/services/cases/{case.public_id}/"
    )
    assert case.status == Status.SUBMITTED
    assert case.region == "110000"
    assert CaseEvent.objects.filter(case=case, action="submit").count() == 1


def test_a_submitted_draft_becomes_the_case(client, resident_with_record):
    _login(client, resident_with_record)
    client.post(
        _apply_url("medical-registration"),
        {"token": str(uuid.uuid4()), "action": "save", "reason": "work"},
    )
    client.post(
        _apply_url("medical-registration"),
        {
            "token": str(uuid.uuid4()),
            "action": "submit",
            "region": "440300",
            "reason": "work",
            "start_date": "2026-02-01",
            "phone": "13800000000",
            "confirmed": "1",
        },
    )
    assert list(Case.objects.values_list("status", flat=True)) == [Status.SUBMITTED]


def test_missing_answers_are_refused_with_an_error_summary(
    client, resident_with_record
):
    _login(client, resident_with_record)

    response = client.post(
        _apply_url("medical-registration"),
        {"token": str(uuid.uuid4()), "action": "submit"},
    )

    assert response.status_code == 422
    assert "error-summary" in response.text
    assert not Case.objects.exists()


def test_changed_contact_details_are_confirmed_before_they_reach_the_record(
    client, resident_with_record
):
    _login(client, resident_with_record)
    answers = {
        "token": str(uuid.uuid4()),
        "action": "submit",
        "address": "深圳市南山区科技园1号",
        "phone": "13800000000",
        "bank_account": "6222 0000 1111 2345",
    }

    confirm = client.post(_apply_url("personal-details"), answers)

    assert confirm.status_code == 200
    assert "**** **** 2345" in confirm.text
    assert "6222000011112345" not in confirm.text
    assert not PersonContact.objects.exists()
    assert not Case.objects.exists()

    done = client.post(_apply_url("personal-details"), {**answers, "confirmed": "1"})

    contact = PersonContact.objects.get(person=resident_with_record.person)
    assert contact.phone == "13800000000"
    assert contact.bank_account_masked == "**** **** 2345"
    assert contact.reveal_bank_account() == "6222000011112345"
    assert "6222000011112345" not in contact.bank_account_encrypted
    case = Case.objects.get()
    assert case.status == Status.APPROVED
    assert done["Location"] == f"/services/cases/{case.public_id}/"
    event = AuditEvent.objects.get(action="person.contact_updated")
    assert event.before["phone"] == ""
    assert event.after["phone"] == "13800000000"
    assert event.after["bank_account"] == "**** **** 2345"


def test_the_certificate_of_contributions_is_issued_at_once(
    client, resident_with_record
):
    _login(client, resident_with_record)

    client.post(
        _apply_url("contribution-certificate"),
        {"token": str(uuid.uuid4()), "action": "submit", "purpose": "housing"},
    )

    case = Case.objects.get()
    assert case.status == Status.APPROVED
    assert case.certificate_url.startswith("/me/certificates/")
    page = client.get(f"/services/cases/{case.public_id}/")
    assert case.certificate_url in page.text
    pdf = client.get(case.certificate_url)
    assert pdf.status_code == 200
    assert pdf.content.startswith(b"%PDF-")


def test_pension_claim_uses_the_retirement_date_and_minimum_years(
    client, resident_with_record
):
    _login(client, resident_with_record)
    client.post(
        _apply_url("pension-claim"),
        {
            "token": str(uuid.uuid4()),
            "action": "submit",
            "phone": "13800000000",
            "bank_account": "6222000011112345",
            "confirmed": "1",
        },
    )

    case = Case.objects.get()
    # Born 1964-02: a man born before 1965 keeps the old age of 60.
    assert case.computed["retirement_month"] == "2024-02"
    assert case.computed["contribution_months"] > 0
    assert case.computed["minimum_months"] == 180
    assert case.computed["minimum_met"] is (case.computed["contribution_months"] >= 180)
    assert case.region == "440300"
    page = client.get(f"/services/cases/{case.public_id}/")
    assert "2024-02" in page.text


def test_unemployment_claim_uses_the_duration_rules(client, resident_with_record):
    _login(client, resident_with_record)
    client.post(
        _apply_url("unemployment-benefit"),
        {
            "token": str(uuid.uuid4()),
            "action": "submit",
            "region": "440300",
            "job_end_date": "2025-12-31",
            "end_reason": "dismissed",
            "phone": "13800000000",
            "bank_account": "6222000011112345",
            "confirmed": "1",
        },
    )

    case = Case.objects.get()
    months = case.computed["contribution_months"]
    expected = (
        24 if months >= 120 else 18 if months >= 60 else 12 if months >= 12 else 0
    )
    assert case.computed["max_benefit_months"] == expected


def test_a_transfer_is_seen_by_both_regions_and_consolidates_the_ledger(
    client, lin_also_in_beijing, shenzhen_clerk, beijing_clerk
):
    _login(client, lin_also_in_beijing)
    client.post(
        _apply_url("pension-transfer"),
        {
            "token": str(uuid.uuid4()),
            "action": "submit",
            "from_region": "110000",
            "to_region": "440300",
            "phone": "13800000000",
            "confirmed": "1",
        },
    )
    case = Case.objects.get()
    # 12 × 5000.00 × 12% = 7200.00; the account is 12 × 400.00 plus interest.
    assert case.computed["months"] == 12
    assert case.computed["pooled_fund"] == "7200.00"
    assert Decimal(case.computed["personal_account"]) >= Decimal("4800.00")
    assert (case.region, case.other_region) == ("440300", "110000")

    for clerk in (shenzhen_clerk, beijing_clerk):
        client.logout()
        _login(client, clerk)
        assert str(case.public_id) in client.get("/desk/").text

    client.post(
        f"/desk/cases/{case.public_id}/approve/", {"reason": "Both bureaus agree."}
    )

    case.refresh_from_db()
    assert case.status == Status.APPROVED
    transfer = PensionTransfer.objects.get()
    assert (transfer.from_region, transfer.to_region, transfer.months) == (
        "110000",
        "440300",
        12,
    )
    assert transfer.pooled_fund == Decimal("7200.00")
    moved = Contribution.objects.filter(transfer=transfer)
    assert moved.count() == 12
    assert set(moved.values_list("pooling_region", flat=True)) == {"110000"}
    assert case.certificate_url.startswith("/me/certificates/")

    client.logout()
    _login(client, lin_also_in_beijing)
    record = client.get("/me/record/")
    assert record.status_code == 200
    assert "transfers-heading" in record.text


def test_a_transfer_from_a_region_without_months_is_refused(
    client, resident_with_record
):
    _login(client, resident_with_record)

    response = client.post(
        _apply_url("pension-transfer"),
        {
            "token": str(uuid.uuid4()),
            "action": "submit",
            "from_region": "310000",
            "to_region": "440300",
            "phone": "13800000000",
            "confirmed": "1",
        },
    )

    assert response.status_code == 422
    assert "310000" in response.text
    assert not Case.objects.exclude(status=Status.DRAFT).exists()


def test_the_clerk_requests_information_and_the_person_resubmits(
    client,
    submitted_review_case,
    shenzhen_clerk,
    resident_with_record,
    django_capture_on_commit_callbacks,
):
    case = submitted_review_case
    with django_capture_on_commit_callbacks(execute=True):
        _decide_with_a_request_for_information(
            client, case, shenzhen_clerk, resident_with_record
        )

    case.refresh_from_db()
    assert case.status == Status.REJECTED
    assert case.decision_reason == "Not eligible."
    steps = list(case.events.values_list("to_status", "actor_role"))
    assert steps == [
        ("submitted", "resident"),
        ("info_requested", "clerk"),
        ("resubmitted", "resident"),
        ("rejected", "clerk"),
    ]
    # The submit was before the capture; the three later steps each notified.
    notes = Notification.objects.filter(person=case.person, kind="case")
    assert notes.count() == 3
    assert "Not eligible." in notes.first().body
    assert AuditEvent.objects.filter(action="case.rejected").exists()
    assert AccessEntry.objects.filter(
        person=case.person, actor=shenzhen_clerk, data_kind="case"
    ).exists()


def _decide_with_a_request_for_information(client, case, clerk, resident):
    _login(client, clerk)
    assert client.get(f"/desk/cases/{case.public_id}/").status_code == 200
    client.post(
        f"/desk/cases/{case.public_id}/request_info/",
        {"reason": "Please attach the referral note."},
    )
    client.logout()

    _login(client, resident)
    page = client.get(f"/services/cases/{case.public_id}/")
    assert "Please attach the referral note." in page.text
    client.post(
        f"/services/cases/{case.public_id}/resubmit/", {"reason": "Attached it."}
    )
    client.logout()

    _login(client, clerk)
    client.post(f"/desk/cases/{case.public_id}/reject/", {"reason": "Not eligible."})


def test_a_decision_needs_a_reason(client, submitted_review_case, shenzhen_clerk):
    _login(client, shenzhen_clerk)
    client.post(f"/desk/cases/{submitted_review_case.public_id}/approve/", {})
    submitted_review_case.refresh_from_db()
    assert submitted_review_case.status == Status.SUBMITTED


def test_an_approved_benefit_can_be_marked_paid(
    client, resident_with_record, shenzhen_clerk
):
    from onewindow.services.services import case_approve, case_mark_paid, case_submit

    case = case_submit(
        actor=resident_with_record,
        person=resident_with_record.person,
        service=Service.objects.get(code="unemployment-benefit"),
        token=uuid.uuid4(),
        data={"region": "440300", "job_end_date": "2025-12-31"},
    )
    case_approve(actor=shenzhen_clerk, case=case, reason="Eligible.")
    _login(client, shenzhen_clerk)
    assert client.get("/desk/").context["awaiting_payment"][0] == case
    case_mark_paid(actor=shenzhen_clerk, case=case, reason="First month paid.")

    case.refresh_from_db()
    assert case.status == Status.PAID


def test_a_clerk_of_another_region_cannot_decide(submitted_review_case, beijing_clerk):
    from onewindow.core.exceptions import NotPermitted
    from onewindow.services.services import case_approve

    with pytest.raises(NotPermitted):
        case_approve(actor=beijing_clerk, case=submitted_review_case, reason="x")


def test_the_promised_date_counts_working_days():
    import datetime as dt

    from onewindow.services.handlers import working_days_after

    friday = dt.date(2026, 12, 4)
    assert working_days_after(friday, 1) == dt.date(2026, 12, 7)
    assert working_days_after(friday, 5) == dt.date(2026, 12, 11)
    assert working_days_after(friday, 0) == friday
