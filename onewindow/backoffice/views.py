"""The clerk's desk: review queue, case decisions, assisted sessions, lookups
with a stated purpose; and the supervisor's overview."""

from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from onewindow.accounts.models import Role
from onewindow.core.exceptions import DomainError, NotFound
from onewindow.records.selectors import record_view_get
from onewindow.services import selectors as case_selectors
from onewindow.services.forms import ReasonForm
from onewindow.services.services import (
    case_approve,
    case_mark_paid,
    case_reject,
    case_request_info,
)
from onewindow.services.states import CLERK
from onewindow.services.views import (
    application_handle,
    case_context,
    document_upload_handle,
)

from .forms import IdentifyForm, LookupForm
from .selectors import (
    access_by_staff,
    assisted_session_get,
    overdue_by_region,
)
from .services import (
    assisted_session_end,
    assisted_session_start,
    person_data_read,
    record_read_with_purpose,
)

DECISIONS: dict[str, Callable] = {
    "request_info": case_request_info,
    "approve": case_approve,
    "reject": case_reject,
    "mark_paid": case_mark_paid,
}


def role_required(role: str):
    """Signed-in users of one role only; others are refused."""

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.user.role != role:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


clerk_required = role_required(Role.CLERK)


def _case(request: HttpRequest, case_id):
    try:
        return case_selectors.case_get_for_clerk(actor=request.user, public_id=case_id)
    except NotFound as error:
        raise Http404 from error


@clerk_required
def queue(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    cases = list(case_selectors.review_queue_list(actor=request.user)[:200])
    rows = [(case, case_selectors.is_overdue(case, today)) for case in cases]
    return render(
        request,
        "backoffice/queue.html",
        {
            "rows": rows,
            "overdue_count": sum(1 for _case, late in rows if late),
            "awaiting_payment": case_selectors.awaiting_payment_list(
                actor=request.user
            )[:200],
            "identify_form": IdentifyForm(),
            "lookup_form": LookupForm(),
        },
    )


@clerk_required
def case_detail(request: HttpRequest, case_id) -> HttpResponse:
    case = _case(request, case_id)
    person_data_read(
        actor=request.user,
        person=case.person,
        data_kind="case",
        purpose=_("Review of case %(case)s") % {"case": case.public_id},
        basis=case.service.name,
    )
    context = case_context(case, by=CLERK)
    context["reason_form"] = ReasonForm()
    context["record"] = record_view_get(person=case.person)
    return render(request, "backoffice/case.html", context)


@clerk_required
@require_POST
def case_action(request: HttpRequest, case_id, action: str) -> HttpResponse:
    case = _case(request, case_id)
    decide = DECISIONS.get(action)
    if decide is None:
        raise Http404
    form = ReasonForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Write the reason the person will read."))
        return redirect("backoffice:case", case_id=case.public_id)
    try:
        decide(actor=request.user, case=case, reason=form.cleaned_data["reason"])
        messages.success(request, _("The case is updated and the person notified."))
    except DomainError as error:
        messages.error(request, str(error.message))
    return redirect("backoffice:case", case_id=case.public_id)


@clerk_required
@require_POST
def case_document_upload(request: HttpRequest, case_id) -> HttpResponse:
    case = _case(request, case_id)
    return document_upload_handle(
        request,
        case=case,
        next_url=reverse("backoffice:case", args=[case.public_id]),
        assisted_by=None,
    )


@clerk_required
def lookup(request: HttpRequest) -> HttpResponse:
    """Read a record outside any case: the purpose is required and logged."""
    form = LookupForm(request.POST or None)
    record = None
    if request.method == "POST" and form.is_valid():
        try:
            person = record_read_with_purpose(
                actor=request.user,
                id_number=form.cleaned_data["id_number"],
                purpose=form.cleaned_data["purpose"],
            )
            record = record_view_get(person=person)
        except DomainError as error:
            form.add_error(None, str(error.message))
    status = 422 if form.errors else 200
    return render(
        request,
        "backoffice/lookup.html",
        {"form": form, "record": record},
        status=status,
    )


@clerk_required
def assist_start(request: HttpRequest) -> HttpResponse:
    form = IdentifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = assisted_session_start(actor=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, str(error.message))
        else:
            return redirect("backoffice:assist", session_id=session.public_id)
    status = 422 if form.errors else 200
    return render(
        request, "backoffice/assist_start.html", {"form": form}, status=status
    )


def _session(request: HttpRequest, session_id):
    try:
        return assisted_session_get(clerk=request.user, public_id=session_id)
    except NotFound as error:
        raise Http404 from error


@clerk_required
def assist(request: HttpRequest, session_id) -> HttpResponse:
    session = _session(request, session_id)
    person_data_read(
        actor=request.user,
        person=session.person,
        data_kind="cases",
        purpose=session.purpose,
        basis=_("assisted session at the window"),
    )
    return render(
        request,
        "backoffice/assist.html",
        {
            "session": session,
            "services": case_selectors.service_list(),
            "cases": case_selectors.case_list_for_person(person=session.person),
        },
    )


@clerk_required
@require_POST
def assist_end(request: HttpRequest, session_id) -> HttpResponse:
    session = _session(request, session_id)
    assisted_session_end(actor=request.user, session=session)
    messages.success(request, _("The assisted session is closed."))
    return redirect("backoffice:queue")


@clerk_required
def assist_apply(request: HttpRequest, session_id, service_code: str) -> HttpResponse:
    session = _session(request, session_id)
    try:
        service = case_selectors.service_get(code=service_code)
    except NotFound as error:
        raise Http404 from error
    if request.method == "GET":
        person_data_read(
            actor=request.user,
            person=session.person,
            data_kind="application_form",
            purpose=session.purpose,
            basis=service.name,
        )
    return application_handle(
        request,
        person=session.person,
        service=service,
        assisted_by=request.user,
        case_url=lambda case: reverse("backoffice:assist", args=[session.public_id]),
    )


@role_required(Role.SUPERVISOR)
def supervisor(request: HttpRequest) -> HttpResponse:
    """Aggregates only: overdue cases per region and reads per staff member."""
    return render(
        request,
        "backoffice/supervisor.html",
        {"regions": overdue_by_region(), "reads": access_by_staff()},
    )
