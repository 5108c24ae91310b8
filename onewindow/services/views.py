"""Service pages, the application flow and the resident's cases.

Views parse, call one service or selector and render; domain errors become form
errors or a refusal here. The apply flow is shared with the clerk's assisted
session (backoffice), which passes the clerk as `assisted_by`.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from onewindow.core.exceptions import DomainError, NotFound
from onewindow.people.models import mask_bank_account
from onewindow.people.services import person_contact_update
from onewindow.records.views import own_person_required

from . import selectors
from .forms import ApplicationForm, DocumentForm, ResubmitForm
from .models import Case
from .services import (
    case_document_add,
    case_draft_save,
    case_resubmit,
    case_submit,
    case_withdraw,
    document_read,
)
from .states import APPLICANT, allowed_actions

COMPUTED_LABELS = {
    "retirement_month": gettext_lazy("Statutory retirement month"),
    "contribution_months": gettext_lazy("Months of contributions in your record"),
    "minimum_months": gettext_lazy("Minimum months for a monthly pension"),
    "minimum_met": gettext_lazy("Minimum contribution years met"),
    "reached": gettext_lazy("Retirement age reached"),
    "account_balance": gettext_lazy("Personal account balance (yuan)"),
    "monthly_pension": gettext_lazy("Estimated monthly pension (yuan)"),
    "pension_note": gettext_lazy("Note"),
    "max_benefit_months": gettext_lazy("Longest benefit duration (months)"),
    "monthly_amount": gettext_lazy("Monthly benefit (yuan)"),
    "eligible": gettext_lazy("Meets the contribution condition"),
    "months": gettext_lazy("Months moved (since 1998-01)"),
    "personal_account": gettext_lazy("Personal account that moves (yuan)"),
    "pooled_fund": gettext_lazy("Pooled fund that moves (yuan)"),
    "total": gettext_lazy("Total that moves (yuan)"),
}


def computed_rows(case: Case) -> list[tuple[str, str]]:
    """The figures the rules computed, labelled, in a fixed order."""
    rows = []
    for key, label in COMPUTED_LABELS.items():
        if key not in case.computed:
            continue
        value = case.computed[key]
        if isinstance(value, bool):
            value = _("yes") if value else _("no")
        if value in ("", None):
            value = _("unknown")
        rows.append((str(label), str(value)))
    return rows


def answer_rows(case: Case) -> list[tuple[str, str]]:
    """The person's answers labelled as the form showed them."""
    from .forms import field_label

    return [
        (field_label(spec["label"]), str(case.data.get(spec["name"], "")))
        for spec in case.service.fields
        if spec["type"] != "readonly" and spec["name"] in case.data
    ]


def case_context(case: Case, *, by: str) -> dict[str, Any]:
    return {
        "case": case,
        "answers": answer_rows(case),
        "events": case.events.select_related("assisted_by"),
        "documents": case.documents.all(),
        "computed": computed_rows(case),
        "steps": case.computed.get("steps", []),
        "overdue": selectors.is_overdue(case),
        "actions": allowed_actions(
            status=case.status, is_benefit=case.service.is_benefit, by=by
        ),
        "document_form": DocumentForm(),
    }


# Public catalog ---------------------------------------------------------------


def catalog(request: HttpRequest) -> HttpResponse:
    return render(
        request, "services/catalog.html", {"services": selectors.service_list()}
    )


def service_page(request: HttpRequest, service_code: str) -> HttpResponse:
    try:
        service = selectors.service_get(code=service_code)
    except NotFound as error:
        raise Http404 from error
    draft = None
    person = getattr(request.user, "person", None)
    if person is not None:
        draft = selectors.case_draft_get(person=person, service=service)
    return render(
        request, "services/service.html", {"service": service, "draft": draft}
    )


# Applying -------------------------------------------------------------------------


def application_handle(
    request: HttpRequest,
    *,
    person: Any,
    service: Any,
    assisted_by: Any = None,
    case_url: Any = None,
) -> HttpResponse:
    """Show, save, confirm and submit one application form.

    POST with action=save keeps a draft, even half filled; action=submit
    validates, shows a confirmation page when contact details changed, and
    submits once per token.
    """
    actor = request.user
    draft = selectors.case_draft_get(person=person, service=service)
    if request.method != "POST":
        initial = ApplicationForm.initial_for(
            service=service, person=person, draft_data=draft.data if draft else None
        )
        form = ApplicationForm(service=service, person=person, initial=initial)
        return _apply_page(request, form, service, person, draft, assisted_by)

    if request.GET.get("autosave"):
        return _autosave(request, person, service, assisted_by=assisted_by)
    # The pre-filled values again: read-only fields are not posted back, and a
    # form shown again after an error must still show them.
    initial = ApplicationForm.initial_for(
        service=service, person=person, draft_data=None
    )
    form = ApplicationForm(
        request.POST, service=service, person=person, initial=initial
    )
    action = request.POST.get("action", "submit")
    if action == "save":
        case_draft_save(
            actor=actor,
            person=person,
            service=service,
            data=form.raw_answers(),
            assisted_by=assisted_by,
        )
        messages.success(request, _("Your draft is saved. You can come back to it."))
        return redirect(request.path)
    if not form.is_valid():
        return _apply_page(request, form, service, person, draft, assisted_by, 422)

    changes = form.contact_changes()
    if changes and request.POST.get("confirmed") != "1":
        shown = {
            key: {
                "before": value["before"],
                "after": mask_bank_account(value["after"])
                if key == "bank_account"
                else value["after"],
            }
            for key, value in changes.items()
        }
        return render(
            request,
            "services/confirm.html",
            {
                "form": form,
                "service": service,
                "changes": shown,
                "assisted_by": assisted_by,
            },
        )
    try:
        case = case_submit(
            actor=actor,
            person=person,
            service=service,
            token=form.cleaned_data["token"],
            data=form.answers(),
            assisted_by=assisted_by,
        )
        if changes:
            person_contact_update(
                actor=actor,
                person=person,
                changes={key: value["after"] for key, value in changes.items()},
                assisted_by=assisted_by,
            )
    except DomainError as error:
        form.add_error(None, str(error.message))
        return _apply_page(request, form, service, person, draft, assisted_by, 422)
    messages.success(request, _("Your application is submitted."))
    return redirect(case_url(case) if case_url else _own_case_url(case))


def _own_case_url(case: Case) -> str:
    return reverse("services:case", args=[case.public_id])


def _apply_page(
    request: HttpRequest,
    form: ApplicationForm,
    service: Any,
    person: Any,
    draft: Case | None,
    assisted_by: Any,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "services/apply.html",
        {
            "form": form,
            "service": service,
            "person": person,
            "draft": draft,
            "assisted_by": assisted_by,
            "autosave_url": request.path + "?autosave=1",
        },
        status=status,
    )


def _service_or_404(service_code: str):
    try:
        return selectors.service_get(code=service_code)
    except NotFound as error:
        raise Http404 from error


@own_person_required
def apply(request: HttpRequest, person, service_code: str) -> HttpResponse:
    service = _service_or_404(service_code)
    return application_handle(request, person=person, service=service)


def _autosave(request: HttpRequest, person, service, *, assisted_by) -> HttpResponse:
    """The HTMX autosave: keep the draft and say when it was saved."""
    form = ApplicationForm(request.POST, service=service, person=person)
    case_draft_save(
        actor=request.user,
        person=person,
        service=service,
        data=form.raw_answers(),
        assisted_by=assisted_by,
    )
    return render(
        request,
        "services/_draft_saved.html",
        {"saved_at": timezone.localtime()},
    )


# The resident's cases -------------------------------------------------------


@own_person_required
def cases(request: HttpRequest, person) -> HttpResponse:
    return render(
        request,
        "services/cases.html",
        {"cases": selectors.case_list_for_person(person=person)},
    )


def _own_case(person, case_id) -> Case:
    try:
        return selectors.case_get_for_person(person=person, public_id=case_id)
    except NotFound as error:
        raise Http404 from error


@own_person_required
def case_detail(request: HttpRequest, person, case_id) -> HttpResponse:
    case = _own_case(person, case_id)
    context = case_context(case, by=APPLICANT)
    context["resubmit_form"] = ResubmitForm()
    return render(request, "services/case.html", context)


@own_person_required
@require_POST
def case_action(request: HttpRequest, person, case_id, action: str) -> HttpResponse:
    case = _own_case(person, case_id)
    try:
        if action == "withdraw":
            case_withdraw(actor=request.user, case=case)
        elif action == "resubmit":
            form = ResubmitForm(request.POST)
            reason = form.data.get("reason", "")[:2000]
            case_resubmit(actor=request.user, case=case, reason=reason)
        else:
            raise Http404
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("services:case", case_id=case.public_id)


@own_person_required
@require_POST
def document_upload(request: HttpRequest, person, case_id) -> HttpResponse:
    case = _own_case(person, case_id)
    return document_upload_handle(
        request, case=case, next_url=_own_case_url(case), assisted_by=None
    )


def document_upload_handle(
    request: HttpRequest, *, case: Case, next_url: str, assisted_by: Any
) -> HttpResponse:
    form = DocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
        return redirect(next_url)
    upload = form.cleaned_data["file"]
    try:
        case_document_add(
            actor=request.user,
            case=case,
            name=upload.name,
            stream=upload,
            assisted_by=assisted_by,
        )
        messages.success(request, _("The document is attached."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect(next_url)


@login_required
def document_download(request: HttpRequest, document_id) -> HttpResponse:
    """Serve a document to the person of its case or a clerk of its region."""
    try:
        document = selectors.document_get(actor=request.user, public_id=document_id)
    except NotFound as error:
        raise Http404 from error
    if getattr(request.user, "person_id", None) != document.case.person_id:
        from onewindow.backoffice.services import person_data_read

        person_data_read(
            actor=request.user,
            person=document.case.person,
            data_kind="case_document",
            purpose=_("Review of case %(case)s") % {"case": document.case.public_id},
            basis=str(document.case.service.name),
        )
    response = HttpResponse(document_read(document), content_type=document.content_type)
    suffix = document.storage_name.rsplit(".", 1)[-1]
    response["Content-Disposition"] = (
        f'attachment; filename="document-{document.public_id}.{suffix}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
