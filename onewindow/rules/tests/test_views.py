"""Calculator pages are public; the entitlement page is the resident's own."""

import datetime as dt
import html
import json
from decimal import Decimal

import pytest
from django.core.management import call_command

from onewindow.audit.models import AccessEntry
from onewindow.conftest import PASSWORD
from onewindow.rules.packfiles import PACKS_DIR
from onewindow.rules.selectors import entitlements_get, personal_account_get

pytestmark = pytest.mark.django_db


def test_the_retirement_page_works_for_anyone_without_javascript(client):
    response = client.get(
        "/rules/calculators/retirement/", {"birth": "1976-09", "category": "male"}
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "2039-09" in page
    assert 'scope="row"' in page
    assert "<script" not in page.split("</head>")[1]


def _english_pack_texts() -> list[str]:
    """The English notes and articles of the national pack, leaving out those
    (file paths) that the Chinese text quotes as they are."""
    data = json.loads((PACKS_DIR / "national.json").read_text())
    return [
        text["en"]
        for parameter in data["parameters"]
        for text in (
            parameter["article"],
            *(value["note"] for value in parameter["values"] if "note" in value),
        )
        if text["en"] not in text["zh"]
    ]


def test_the_chinese_retirement_page_cites_its_rules_in_chinese(client):
    response = client.get(
        "/rules/calculators/retirement/",
        {"birth": "1976-09", "category": "male"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "第二条及附件表1至表3" in page
    assert "《办法》第四条及附件表4" in page
    assert "Art. 2 and annex tables 1-3" not in page
    assert [text for text in _english_pack_texts() if text in page] == []


def test_the_chinese_pension_page_shows_the_rule_note_in_chinese(client):
    response = client.get(
        "/rules/calculators/pension/",
        {
            "average_wage": "10000",
            "contribution_index": "1.2",
            "contribution_months": "366",
            "account_balance": "150000",
            "retirement_age_months": "724",
        },
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    page = html.unescape(response.content.decode())
    assert response.status_code == 200
    assert "待与本省做法核对" in page
    assert "Confirm against the provincial practice" not in page
    assert [text for text in _english_pack_texts() if text in page] == []


def test_a_month_that_does_not_exist_is_shown_as_a_form_error(client):
    response = client.get(
        "/rules/calculators/retirement/",
        {"birth": "1968-13", "category": "male"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert "error-summary" in response.content.decode()
    assert "the month must exist" in response.content.decode()


def test_the_pension_page_shows_the_parts_and_the_divisor_method(client):
    response = client.get(
        "/rules/calculators/pension/",
        {
            "average_wage": "10000",
            "contribution_index": "1.2",
            "contribution_months": "366",
            "account_balance": "150000",
            "retirement_age_months": "724",
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "3,355.00" in page
    assert "linear by month" in page


def test_the_unemployment_page_works_for_anyone(client):
    response = client.get(
        "/rules/calculators/unemployment/",
        {"contribution_months": "130", "region": "440300"},
    )

    assert response.status_code == 200
    assert "2,124.00" in response.content.decode()


def test_a_signed_in_resident_gets_the_form_filled_from_the_record(
    client, resident_with_record
):
    client.login(username="linchao", password=PASSWORD)

    response = client.get("/rules/calculators/retirement/")

    assert response.context["form"].initial == {"birth": "1964-02", "category": "male"}


def test_a_category_that_does_not_match_the_person_is_refused(
    client, resident_with_record
):
    client.login(username="linchao", password=PASSWORD)

    response = client.get(
        "/rules/calculators/retirement/", {"birth": "1964-02", "category": "female_55"}
    )

    assert response.status_code == 422
    assert response.context["result"] is None


def test_anonymous_visitors_are_sent_to_sign_in_from_the_entitlement_page(client):
    response = client.get("/rules/entitlements/")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_resident_without_a_linked_person_is_asked_to_claim_first(client, db):
    from onewindow.conftest import make_user

    make_user("unlinked")
    client.login(username="unlinked", password=PASSWORD)

    response = client.get("/rules/entitlements/")

    assert response.status_code == 302
    assert response["Location"] == "/me/claim/"


def test_a_resident_sees_only_their_own_findings(
    client, resident_with_record, other_resident
):
    client.login(username="someone-else", password=PASSWORD)

    response = client.get("/rules/entitlements/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    own = entitlements_get(person=other_resident.person)
    lins = entitlements_get(person=resident_with_record.person)
    assert response.context["findings"] == own
    assert lins[0].key == "contribution_shortfall:2024-02"
    assert lins[0].key not in {f.key for f in response.context["findings"]}


def test_lin_chao_is_told_about_his_contribution_shortfall(
    client, resident_with_record
):
    client.login(username="linchao", password=PASSWORD)

    response = client.get("/rules/entitlements/", HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    assert "Your statutory retirement month was 2024-02." in page
    assert "/services/pension-contribution-makeup/" in page


def test_the_entitlements_command_prints_findings_and_logs_the_read(
    resident_with_record, capsys
):
    call_command(
        "entitlements",
        "420106196402299834",
        "--purpose",
        "window case 42",
        "--as-of",
        "2025-03-01",
        "--json",
    )

    import json

    out = json.loads(capsys.readouterr().out)
    assert [f["kind"] for f in out["findings"]] == ["contribution_shortfall"]
    assert set(out["findings"][0]) == {"kind", "title", "why", "service"}
    entry = AccessEntry.objects.get(person=resident_with_record.person)
    assert entry.purpose == "window case 42"
    assert entry.actor_role == "clerk (command line)"
    assert entry.channel == "command"


def test_the_personal_account_counts_only_paid_individual_pension_money(
    resident_with_record,
):
    result = personal_account_get(
        person=resident_with_record.person, as_of=dt.date(2025, 3, 1)
    )

    assert result.years[0].year == 2015
    assert result.years[0].rate is None  # 2015's rate is not in the pack
    assert result.complete is False
    assert result.balance == Decimal("35704.43")


def test_the_inquiry_page_shows_the_personal_account_with_its_steps(
    client, resident_with_record
):
    client.login(username="linchao", password=PASSWORD)

    response = client.get("/me/record/", HTTP_ACCEPT_LANGUAGE="en")

    page = response.content.decode()
    balance = response.context["personal_account"].balance
    assert f"{balance:,.2f} yuan" in page
    assert "Balance at the end of 2016" in page
