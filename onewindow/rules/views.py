"""Calculator pages (public, pre-filled for a signed-in resident) and the
entitlement page. Views parse, call a selector and render; domain errors become
form errors here."""

from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.core.exceptions import DomainError
from onewindow.records.views import own_person_required

from .forms import PensionForm, RetirementForm, UnemploymentForm
from .selectors import (
    entitlements_get,
    parameters_get,
    parse_birth_month,
    pension_result_get,
    record_facts_list,
    retirement_result_get,
    rule_packs_list,
    unemployment_result_get,
)


def _person(request: HttpRequest):
    user = request.user
    return getattr(user, "person", None) if user.is_authenticated else None


def _bound(request: HttpRequest, form_class: type[Form], initial: dict) -> Form:
    """A form bound to the query string once submitted, else pre-filled."""
    if request.GET:
        return form_class(request.GET)
    return form_class(initial=initial)


def _calculate(form: Form, compute) -> object | None:
    if not form.is_bound or not form.is_valid():
        return None
    try:
        return compute(form.cleaned_data)
    except DomainError as error:
        form.add_error(None, str(error.message))
        return None


def _page(request: HttpRequest, template: str, form: Form, result, person):
    status = 422 if form.is_bound and form.errors else 200
    context = {"form": form, "result": result, "prefilled": bool(person)}
    return render(request, template, context, status=status)


def _facts(person):
    facts = record_facts_list(person_ids=[person.id]) if person else []
    return facts[0] if facts else None


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "rules/index.html", {"packs": rule_packs_list()})


def retirement(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    initial = {}
    if person:
        initial = {
            "birth": f"{person.birth_date:%Y-%m}",
            "category": "male" if person.sex == "M" else "female_50",
        }
    form = _bound(request, RetirementForm, initial)

    def compute(data):
        if person and (data["category"] == "male") != (person.sex == "M"):
            form.add_error(
                "category", _("This category does not match the sex in your record.")
            )
            return None
        return retirement_result_get(
            birth=parse_birth_month(data["birth"]),
            category=data["category"],
            as_of=timezone.localdate(),
        )

    result = _calculate(form, compute)
    return _page(request, "rules/retirement.html", form, result, person)


def pension(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    initial: dict = {"contribution_index": "1"}
    if person:
        initial.update(_pension_initial(person))
    form = _bound(request, PensionForm, initial)
    result = _calculate(
        form,
        lambda data: pension_result_get(as_of=timezone.localdate(), **data),
    )
    return _page(request, "rules/pension.html", form, result, person)


def _pension_initial(person) -> dict:
    """What the record says: months paid, account balance, statutory age and the
    average wage of the region, where the pack knows it."""
    from .selectors import personal_account_get

    today = timezone.localdate()
    initial: dict = {}
    facts = _facts(person)
    if facts:
        initial["contribution_months"] = facts.pension_months
        if facts.pension:
            region = max(facts.pension, key=lambda span: span.last).region
            try:
                wage = parameters_get(
                    region=region, keys=["pension.average_wage"], as_of=today
                )["pension.average_wage"]
                if not wage.unknown:
                    initial["average_wage"] = wage.value
            except DomainError:
                pass  # no pack for this region: the person types the figure
    initial["account_balance"] = personal_account_get(person=person).balance
    try:
        initial["retirement_age_months"] = retirement_result_get(
            birth=parse_birth_month(f"{person.birth_date:%Y-%m}"),
            category="male" if person.sex == "M" else "female_50",
            as_of=today,
        ).retirement_age_months
    except DomainError:
        pass
    return initial


def unemployment(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    initial: dict = {}
    facts = _facts(person)
    if facts:
        initial["contribution_months"] = facts.unemployment_months
        if facts.pension:
            initial["region"] = max(facts.pension, key=lambda s: s.last).region
    form = _bound(request, UnemploymentForm, initial)
    result = _calculate(
        form,
        lambda data: unemployment_result_get(
            contribution_months=data["contribution_months"],
            region=data["region"],
            as_of=timezone.localdate(),
        ),
    )
    return _page(request, "rules/unemployment.html", form, result, person)


@own_person_required
def entitlements(request: HttpRequest, person) -> HttpResponse:
    findings = entitlements_get(person=person)
    return render(request, "rules/entitlements.html", {"findings": findings})
