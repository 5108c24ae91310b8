import json
import re

import pytest
from django.utils import translation

from onewindow.audit.models import AuditEvent
from onewindow.certificates.models import Certificate, RevocationCategory
from onewindow.certificates.services import (
    certificate_issue,
    certificate_of_contributions_issue,
    certificate_revoke,
)
from onewindow.certificates.signing import current_key_id, payload_signature_valid
from onewindow.conftest import make_user
from onewindow.core.exceptions import Conflict, InvalidInput, NotPermitted

pytestmark = pytest.mark.django_db


def test_an_issued_certificate_is_numbered_signed_and_audited(decision_certificate):
    certificate = decision_certificate

    assert re.fullmatch(r"OW-\d{4}-000001", certificate.issue_number)
    assert len(certificate.code) >= 32  # 24 random bytes, URL-safe
    assert certificate.key_id == current_key_id()
    assert payload_signature_valid(
        certificate.payload, certificate.signature, certificate.key_id
    )
    event = AuditEvent.objects.get(action="certificate.issued")
    assert event.target_id == str(certificate.public_id)
    assert event.after["issue_number"] == certificate.issue_number


def test_the_payload_holds_exactly_what_the_document_shows(decision_certificate):
    content = json.loads(decision_certificate.payload)

    assert set(content) == {
        "format",
        "code",
        "issue_number",
        "kind",
        "title",
        "holder",
        "facts",
        "issued_at",
        "language",
        "key_id",
    }
    assert content["holder"] == {
        "name": "林超",
        "id_number_masked": "4201**********9834",
    }
    assert content["facts"] == [
        ["决定", "同意转移"],
        ["转出地", "深圳市"],
        ["缴费月数", "120"],
    ]
    assert "420106196402299834" not in decision_certificate.payload


def test_issue_numbers_count_up_within_the_year(resident_with_record):
    person = resident_with_record.person
    numbers = [
        certificate_issue(
            actor=None, person=person, kind="decision", title="t", facts=[("a", "b")]
        ).issue_number
        for _ in range(3)
    ]

    assert [number[-6:] for number in numbers] == ["000001", "000002", "000003"]


def test_a_case_is_linked_by_its_public_id(resident_with_record):
    class Application:
        public_id = "6f1c0f55-0f2c-4f5e-9f51-7d9a3c1d2b11"

    certificate = certificate_issue(
        actor=None,
        person=resident_with_record.person,
        kind="decision",
        title="t",
        facts=[("a", "b")],
        case=Application(),
    )

    assert str(certificate.case_public_id) == Application.public_id


def test_a_line_without_a_label_is_refused(resident_with_record):
    with pytest.raises(InvalidInput):
        certificate_issue(
            actor=None,
            person=resident_with_record.person,
            kind="decision",
            title="t",
            facts=[(" ", "b")],
        )


def test_the_certificate_of_contributions_states_months_and_places(
    contributions_certificate,
):
    facts = dict(contributions_certificate.facts)

    pension = facts["职工基本养老保险"]  # issued in the default language
    assert contributions_certificate.kind == "contributions"
    assert contributions_certificate.content["language"] == "zh-hans"
    assert "115" in pension
    assert "2015-01" in pension
    assert "深圳市" in pension
    # Minimised: no amounts and no employer names.
    assert "元" not in contributions_certificate.payload


def test_a_certificate_issued_in_english_reads_in_english(resident_with_record):
    with translation.override("en"):
        certificate = certificate_of_contributions_issue(
            actor=resident_with_record, person=resident_with_record.person
        )

    facts = dict(certificate.facts)
    assert certificate.title == "Certificate of social insurance contributions"
    assert facts["Employee basic pension"].startswith("115 months paid, 2015-01 to")


def test_a_resident_cannot_issue_a_certificate_for_someone_else(
    resident_with_record, other_resident
):
    with pytest.raises(NotPermitted):
        certificate_of_contributions_issue(
            actor=other_resident, person=resident_with_record.person
        )


def test_a_person_with_only_owed_months_gets_no_certificate(import_file):
    from onewindow.exchange.tests.test_import import hrss, row
    from onewindow.people.selectors import person_find_by_id_number

    owed = "欠缴"
    import_file("hrss", hrss(row("202301", status=owed), row("202302", status=owed)))
    person = person_find_by_id_number("420106196402299834")
    resident = make_user("owes-only", person=person)

    with pytest.raises(InvalidInput) as raised:
        certificate_of_contributions_issue(actor=resident, person=person)

    assert raised.value.code == "certificate.nothing_to_certify"
    assert not Certificate.objects.exists()


def test_revoking_keeps_the_note_internal_and_refuses_a_second_time(
    decision_certificate,
):
    revoked = certificate_revoke(
        actor=None,
        certificate=decision_certificate,
        reason="clerk typed the wrong month",
        category=RevocationCategory.ISSUED_IN_ERROR,
    )

    assert revoked.revoked_at is not None
    assert revoked.revoked_category == "issued_in_error"
    assert AuditEvent.objects.filter(action="certificate.revoked").count() == 1
    with pytest.raises(Conflict):
        certificate_revoke(actor=None, certificate=revoked, reason="again")


def test_revoking_needs_a_known_category_and_a_reason(decision_certificate):
    with pytest.raises(InvalidInput):
        certificate_revoke(
            actor=None, certificate=decision_certificate, reason="x", category="bad"
        )
    with pytest.raises(InvalidInput):
        certificate_revoke(actor=None, certificate=decision_certificate, reason=" ")

    assert Certificate.objects.get().revoked_at is None
