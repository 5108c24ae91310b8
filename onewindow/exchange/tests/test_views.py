import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onewindow.conftest import PASSWORD
from onewindow.exchange.models import ImportBatch
from onewindow.exchange.tests.test_import import hrss, row

pytestmark = pytest.mark.django_db


def upload(client, source: str, content: bytes, name: str = "delivery.csv"):
    return client.post(
        reverse("exchange:upload"),
        {"source": source, "file": SimpleUploadedFile(name, content)},
    )


def test_an_operator_uploads_a_file_and_reads_the_refused_rows(
    client, hrss_operator, django_capture_on_commit_callbacks
):
    client.login(username="hrss-operator", password=PASSWORD)
    content = hrss(row("202301"), row("202302", place="火星市"), row("202303"))

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, "hrss", content.encode("gb18030"))

    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exchange:batch", args=[batch.public_id])
    assert (batch.status, batch.imported, batch.rejected) == ("done", 2, 1)
    page = client.get(response["Location"]).content.decode()
    assert "火星市" in page
    report = client.get(reverse("exchange:rejected_csv", args=[batch.public_id]))
    lines = report.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "row,column,value,code,reason_zh,reason_en"
    assert lines[1].startswith("3,place,火星市,place.unknown,")


def test_the_progress_fragment_is_served_to_htmx(client, hrss_operator):
    client.login(username="hrss-operator", password=PASSWORD)
    upload(client, "hrss", hrss(row()).encode())
    batch = ImportBatch.objects.get()

    fragment = client.get(
        reverse("exchange:batch", args=[batch.public_id]), HTTP_HX_REQUEST="true"
    )

    assert fragment.status_code == 200
    assert b"<html" not in fragment.content
    assert b'id="batch-progress"' in fragment.content


def test_an_operator_cannot_deliver_another_department_s_format(client, hrss_operator):
    client.login(username="hrss-operator", password=PASSWORD)

    response = upload(client, "medical", hrss(row()).encode())

    assert response.status_code == 400
    assert not ImportBatch.objects.exists()


def test_an_empty_upload_is_refused_with_a_message(client, hrss_operator):
    client.login(username="hrss-operator", password=PASSWORD)

    response = upload(client, "hrss", b"")

    assert response.status_code == 400
    assert not ImportBatch.objects.exists()


def test_a_file_over_the_limit_is_refused_and_not_kept(client, hrss_operator, settings):
    settings.EXCHANGE_MAX_UPLOAD_BYTES = 100
    client.login(username="hrss-operator", password=PASSWORD)

    response = upload(client, "hrss", hrss(row(), row("202302")).encode())

    assert response.status_code == 400
    assert not ImportBatch.objects.exists()
    assert not list((settings.UPLOAD_ROOT).glob("*"))


@pytest.mark.django_db(transaction=True)
def test_without_a_broker_an_upload_imports_in_the_background(client, settings):
    import time

    from onewindow.conftest import make_user

    settings.EXCHANGE_THREAD_WHEN_INLINE = True
    make_user("hrss-operator", role="operator", department="hrss")
    client.login(username="hrss-operator", password=PASSWORD)

    response = upload(client, "hrss", hrss(row("202301"), row("202302")).encode())

    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    deadline = time.monotonic() + 30
    while batch.status != "done" and time.monotonic() < deadline:
        time.sleep(0.1)
        batch.refresh_from_db()
    assert (batch.status, batch.imported) == ("done", 2)
