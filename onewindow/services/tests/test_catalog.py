"""The catalog is data: a city adds or changes a service with a file."""

import json
import shutil

import pytest

from onewindow.services import catalog
from onewindow.services.models import Service

pytestmark = pytest.mark.django_db


def test_every_catalog_file_is_loaded_with_both_languages():
    codes = set(Service.objects.values_list("code", flat=True))
    assert {
        "contribution-certificate",
        "pension-claim",
        "unemployment-benefit",
        "pension-transfer",
        "medical-registration",
        "flexible-enrolment",
        "personal-details",
    } <= codes
    for service in Service.objects.all():
        assert service.names["zh-hans"] and service.names["en"]


def test_a_city_adds_a_service_of_an_existing_kind_without_code(tmp_path, monkeypatch):
    shutil.copytree(catalog.CATALOG_DIR, tmp_path / "catalog")
    data = json.loads((tmp_path / "catalog" / "medical-registration.json").read_text())
    data.update(code="hangzhou-elder-card", promised_working_days=3)
    data["names"] = {"zh-hans": "老年优待证", "en": "Elder benefits card"}
    (tmp_path / "catalog" / "hangzhou-elder-card.json").write_text(
        json.dumps(data, ensure_ascii=False)
    )
    monkeypatch.setattr(catalog, "CATALOG_DIR", tmp_path / "catalog")

    catalog.catalog_load()

    added = Service.objects.get(code="hangzhou-elder-card")
    assert added.kind == "review"
    assert added.promised_working_days == 3


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"kind": "teleport"}, "unknown kind"),
        ({"names": {"zh-hans": "只有中文"}}, "names.en is empty"),
        ({"fields": [{"name": "x", "type": "slider", "label": {}}]}, "unknown type"),
    ],
)
def test_a_broken_catalog_file_is_refused_naming_the_problem(
    tmp_path, monkeypatch, change, message
):
    (tmp_path / "catalog").mkdir()
    data = json.loads((catalog.CATALOG_DIR / "personal-details.json").read_text())
    data.update(change)
    (tmp_path / "catalog" / "broken.json").write_text(json.dumps(data))
    monkeypatch.setattr(catalog, "CATALOG_DIR", tmp_path / "catalog")

    with pytest.raises(catalog.CatalogError, match=message):
        catalog.catalog_load()


@pytest.mark.parametrize(
    ("typed", "kept"), [("2025-03", "2025-03"), ("202503", "2025-03"), ("", "")]
)
def test_a_month_field_keeps_real_months_as_yyyy_mm(typed, kept):
    from onewindow.services.forms import MonthField

    assert MonthField(required=False).clean(typed) == kept


@pytest.mark.parametrize("typed", ["2025-13", "2025-00", "next spring"])
def test_a_month_field_refuses_months_that_do_not_exist(typed):
    from django import forms

    from onewindow.services.forms import MonthField

    with pytest.raises(forms.ValidationError):
        MonthField(required=False).clean(typed)


def test_a_case_keeps_only_a_masked_bank_account_and_a_draft_none(
    resident_with_record,
):
    import uuid

    from onewindow.services.forms import ApplicationForm
    from onewindow.services.selectors import service_get

    service = service_get(code="pension-claim")
    data = {
        "token": str(uuid.uuid4()),
        "phone": "13800000000",
        "address": "深圳市南山区某路1号",
        "bank_account": "6222020200112233445",
        "start_month": "2026-03",
    }
    form = ApplicationForm(data, service=service, person=resident_with_record.person)

    assert form.is_valid(), form.errors
    assert "6222020200112233445" not in str(form.answers())
    assert form.answers()["bank_account"].endswith("3445")
    assert "bank_account" not in form.raw_answers()


def test_a_form_shown_again_after_an_error_keeps_its_pre_filled_fields(
    client, resident_with_record
):
    import uuid

    from onewindow.conftest import PASSWORD

    client.login(username="linchao", password=PASSWORD)

    response = client.post(
        "/services/pension-claim/apply/",
        {"token": str(uuid.uuid4()), "start_month": "2025-13", "action": "submit"},
    )

    assert response.status_code == 422
    assert 'value="林超"' in response.content.decode()
