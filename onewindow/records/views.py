"""The resident's own record: summary, monthly drill-down, CSV and PDF statement."""

import functools
from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from onewindow.core.areas import area_name
from onewindow.core.choices import Insurance
from onewindow.core.csvsafe import csv_bytes
from onewindow.core.splice import render_spliced

from .pdf import statement_pdf
from .selectors import (
    contribution_months_list,
    record_cache_key,
    record_page_get,
    record_view_get,
    statement_rows,
)


def own_person_required(view):
    """Let a signed-in resident through with their linked person, else ask to claim."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        person = request.user.person
        if person is None:
            return redirect("accounts:claim")
        return view(request, person, *args, **kwargs)

    return wrapper


def _record_body(person) -> bytes:
    """Return the body of the record page, rendered and encoded, kept under
    record_cache_key. It holds no form, so no CSRF token; the read model behind
    it is loaded only when the body has to be rendered again."""
    key = record_cache_key(person, "body")
    body = cache.get(key)
    if body is None:
        view, account = record_page_get(person=person)
        body = render_to_string(
            "records/_record_body.html", {"view": view, "personal_account": account}
        ).encode()
        cache.set(key, body, settings.RECORD_CACHE_SECONDS)
    return body


@own_person_required
def record(request: HttpRequest, person) -> HttpResponse:
    # The body is kept rendered (docs/decisions/0008); the lazy read model stays
    # in the context for tests and templates that look at it.
    page = functools.cache(lambda: record_page_get(person=person))
    return render_spliced(
        request,
        "records/record.html",
        {
            "person": person,
            "view": SimpleLazyObject(lambda: page()[0]),
            "personal_account": SimpleLazyObject(lambda: page()[1]),
        },
        part=_record_body(person),
    )


@own_person_required
def months(request: HttpRequest, person, insurance: str) -> HttpResponse:
    if insurance not in Insurance.values:
        raise Http404
    text = request.GET.get("year", "")
    # Only ASCII digits: "²".isdigit() is true but int("²") fails, and a year of
    # 30 digits overflows the period column on PostgreSQL.
    year = int(text) if text.isascii() and text.isdigit() and len(text) <= 4 else None
    rows, years = contribution_months_list(
        person=person, insurance=insurance, year=year
    )
    return render(
        request,
        "records/months.html",
        {
            "insurance": Insurance(insurance),
            "rows": rows,
            "years": years,
            "year": year if year is not None else (years[-1] if years else None),
        },
    )


@own_person_required
def statement_csv(request: HttpRequest, person) -> HttpResponse:
    language = get_language()
    header = [
        "insurance",
        "period",
        "pooling_region",
        "region_name",
        "employer",
        "base",
        "employer_amount",
        "individual_amount",
        "status",
        "department",
        "source_file",
        "source_row",
    ]
    rows = (
        [
            c.insurance,
            f"{c.period // 100:04d}-{c.period % 100:02d}",
            c.pooling_region,
            area_name(c.pooling_region, language),
            c.employer.name if c.employer else "",
            f"{c.base:.2f}",
            f"{c.employer_amount:.2f}",
            f"{c.individual_amount:.2f}",
            c.status,
            c.department,
            c.batch.file_name,
            c.source_row,
        ]
        for c in statement_rows(person=person)
    )
    response = HttpResponse(
        csv_bytes(header, rows), content_type="text/csv; charset=utf-8"
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="statement-{stamp}.csv"'
    return response


@own_person_required
def statement_pdf_view(request: HttpRequest, person) -> HttpResponse:
    view = record_view_get(person=person)
    response = HttpResponse(
        statement_pdf(request, view), content_type="application/pdf"
    )
    stamp = timezone.localdate().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="statement-{stamp}.pdf"'
    return response
