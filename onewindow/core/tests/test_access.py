"""Walk every URL the site has, as people who must not get in, with someone
else's identifiers, and expect a refusal."""

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from onewindow.conftest import PASSWORD, make_user

# Pages anyone may open. Everything else needs the right person and role.
PUBLIC = {
    "/",
    "/api/v1/docs",
    "/api/v1/openapi.json",
    "/api/v1/health",
    "/i18n/setlang/",
    "/services/",
    "/services/pension-claim/",
}
PUBLIC_PREFIXES = (
    "/accounts/",
    "/api/v1/calculators/",
    "/rules/calculators/",
    "/static/",
    "/verify/",
)
# Django's own admin and allauth bring their own protection and tests.
SKIPPED_PREFIXES = ("/admin/", "/accounts/")
POST_ONLY = {"/prefs/elder/"}

pytestmark = pytest.mark.django_db


def _walk(resolvers, prefix=""):
    for entry in resolvers:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _walk(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def concrete_urls(values: dict[str, str]) -> list[str]:
    """Every route with its parameters filled from `values` (someone else's)."""
    urls = []
    for route in _walk(get_resolver().url_patterns):
        route = route.lstrip("^").rstrip("$").replace("\\Z", "")
        if "(?P" in route or route.startswith(("static", "media")):
            continue
        path = "/" + re.sub(
            r"<(?:(\w+):)?(\w+)>",
            lambda m: values.get(m.group(2), values.get(m.group(1) or "str", "x")),
            route,
        )
        urls.append(path)
    return sorted(set(urls))


@pytest.fixture
def someone_elses_ids(import_file, hrss_operator):
    from onewindow.exchange.tests.test_import import hrss, row

    batch = import_file("hrss", hrss(row()))
    certificate = _someone_elses_certificate()
    return {
        "public_id": str(batch.public_id),
        "certificate_id": str(certificate.public_id),
        "code": certificate.code,
        "uuid": str(uuid.uuid4()),
        "insurance": "pension",
        "slug": "pension",
        "int": "1",
        "str": "x",
        "path": "x",
    }


def _someone_elses_certificate():
    from onewindow.certificates.services import certificate_issue
    from onewindow.people.models import Person

    return certificate_issue(
        actor=None,
        person=Person.objects.order_by("id").first(),
        kind="contributions",
        title="Certificate",
        facts=[("Pension", "12 months paid")],
    )


def _someone_elses_case_document_and_session() -> dict[str, str]:
    """A case with a document of a person nobody here is, and another clerk's
    assisted session with that person (issue 4's URL parameters)."""
    from onewindow.accounts.models import Role
    from onewindow.backoffice.models import AssistedSession
    from onewindow.people.models import Person
    from onewindow.services.models import Case, CaseDocument, Service

    person = Person.objects.first()
    case = Case.objects.create(
        person=person,
        service=Service.objects.get(code="medical-registration"),
        status="submitted",
        region="440300",
        submission_token=uuid.uuid4(),
    )
    clerk = make_user("clerk-elsewhere", role=Role.CLERK, region="440300")
    document = CaseDocument.objects.create(
        case=case,
        uploaded_by=clerk,
        original_name="x.pdf",
        content_type="application/pdf",
        size=5,
        sha256="0" * 64,
        storage_name=f"{uuid.uuid4().hex}.pdf",
    )
    session = AssistedSession.objects.create(
        clerk=clerk, person=person, purpose="walker"
    )
    return {
        "case_id": str(case.public_id),
        "document_id": str(document.public_id),
        "session_id": str(session.public_id),
        "service_code": "pension-claim",
        "action": "approve",
    }


def _protected(url: str) -> bool:
    return url not in PUBLIC and not url.startswith(PUBLIC_PREFIXES + SKIPPED_PREFIXES)


def test_every_protected_url_turns_away_an_anonymous_visitor(client, someone_elses_ids):
    urls = [u for u in concrete_urls(someone_elses_ids) if _protected(u)]
    assert "/exchange/batches/" + someone_elses_ids["public_id"] + "/" in urls

    for url in urls:
        response = client.get(url)
        if url in POST_ONLY:
            assert response.status_code == 405, url
        else:
            assert response.status_code in (302, 401, 403, 404), url
            if response.status_code == 302:
                assert response["Location"].startswith("/accounts/login/"), url


def test_a_resident_cannot_reach_department_pages_or_batches(client, someone_elses_ids):
    make_user("resident")
    client.login(username="resident", password=PASSWORD)

    for url in concrete_urls(someone_elses_ids):
        if url.startswith("/exchange/"):
            assert client.get(url).status_code in (403, 404), url


def test_an_operator_cannot_read_another_department_s_batches(
    client, someone_elses_ids, medical_operator
):
    client.login(username="medical-operator", password=PASSWORD)

    for url in concrete_urls(someone_elses_ids):
        if url.startswith("/exchange/batches/"):
            assert client.get(url).status_code == 404, url


def test_no_page_under_me_shows_another_resident_s_record(
    client, resident_with_record, other_resident
):
    client.login(username="someone-else", password=PASSWORD)
    values = {"insurance": "pension", "slug": "pension"}

    for url in concrete_urls(values):
        if url.startswith("/me/") and not url.endswith("/claim/"):
            response = client.get(url)
            assert b"4201**********9834" not in response.content, url
            assert "林超".encode() not in response.content, url
