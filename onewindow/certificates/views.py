"""A resident's certificates, and the public verification pages."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from onewindow.core.exceptions import DomainError, NotFound
from onewindow.core.ratelimit import rate_limit
from onewindow.records.views import own_person_required

from .forms import VerifyUploadForm
from .pdf import certificate_pdf
from .selectors import (
    NOT_FOUND,
    Verification,
    certificate_document_verify,
    certificate_get,
    certificate_list,
    certificate_verify,
)
from .services import (
    certificate_download_record,
    certificate_of_contributions_issue,
    certificate_verification_record,
)


def _public_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/").rstrip("/")


@own_person_required
def certificate_list_view(request: HttpRequest, person) -> HttpResponse:
    return render(
        request,
        "certificates/list.html",
        {"certificates": certificate_list(actor=request.user)},
    )


@own_person_required
@require_POST
def contributions_issue(request: HttpRequest, person) -> HttpResponse:
    try:
        certificate = certificate_of_contributions_issue(
            actor=request.user, person=person
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Certificate %(number)s was issued and signed.")
            % {"number": certificate.issue_number},
        )
    return redirect("certificates:list")


@own_person_required
def download(request: HttpRequest, person, certificate_id) -> HttpResponse:
    try:
        certificate = certificate_get(actor=request.user, public_id=certificate_id)
    except NotFound as error:
        raise Http404 from error
    certificate_download_record(actor=request.user, certificate=certificate)
    response = HttpResponse(
        certificate_pdf(certificate, public_url=_public_url(request)),
        content_type="application/pdf",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.issue_number}.pdf"'
    )
    return response


def _render_verification(
    request: HttpRequest, verification: Verification, channel: str
) -> HttpResponse:
    if verification.content is not None and verification.certificate is not None:
        certificate_verification_record(
            certificate=verification.certificate, channel=channel
        )
    return render(
        request,
        "certificates/verify_result.html",
        {"verification": verification, "form": VerifyUploadForm()},
        status=404 if verification.status == NOT_FOUND else 200,
    )


@rate_limit("verify.link", limit=30)
@require_http_methods(["GET", "HEAD"])
def verify_certificate(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone holding the link or the QR code checks a certificate."""
    return _render_verification(request, certificate_verify(code=code), "link")


@rate_limit("verify.page", limit=30, methods=("GET", "HEAD"))
@rate_limit("verify.upload", limit=10, methods=("POST",))
@require_http_methods(["GET", "HEAD", "POST"])
def verify_upload(request: HttpRequest) -> HttpResponse:
    """Anyone uploads the PDF they were given and learns whether it is genuine."""
    if request.method != "POST":
        return render(
            request, "certificates/verify_upload.html", {"form": VerifyUploadForm()}
        )

    form = VerifyUploadForm(request.POST, request.FILES)
    if form.is_valid():
        content = form.cleaned_data["file"].read()
        verification = certificate_document_verify(content=content)
        return _render_verification(request, verification, "upload")
    return render(
        request, "certificates/verify_upload.html", {"form": form}, status=400
    )
