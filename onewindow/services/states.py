"""The case state machine: the one place that says which step may follow which.

draft → submitted → (info_requested ↔ resubmitted) → approved | rejected, and for
benefits approved → paid; a person may withdraw before a decision.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from onewindow.core.exceptions import Conflict

from .models import Status

# Who may take a step: the applicant (or a clerk assisting them at the window),
# a clerk of the case's region, or the system (automatic decisions).
APPLICANT, CLERK = "applicant", "clerk"


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    target: str
    by: str
    benefit_only: bool = False


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", frozenset({Status.DRAFT}), Status.SUBMITTED, APPLICANT),
        Transition(
            "request_info",
            frozenset({Status.SUBMITTED, Status.RESUBMITTED}),
            Status.INFO_REQUESTED,
            CLERK,
        ),
        Transition(
            "resubmit",
            frozenset({Status.INFO_REQUESTED}),
            Status.RESUBMITTED,
            APPLICANT,
        ),
        Transition(
            "approve",
            frozenset({Status.SUBMITTED, Status.RESUBMITTED}),
            Status.APPROVED,
            CLERK,
        ),
        Transition(
            "reject",
            frozenset({Status.SUBMITTED, Status.RESUBMITTED}),
            Status.REJECTED,
            CLERK,
        ),
        Transition(
            "mark_paid",
            frozenset({Status.APPROVED}),
            Status.PAID,
            CLERK,
            benefit_only=True,
        ),
        Transition(
            "withdraw",
            frozenset({Status.DRAFT, Status.SUBMITTED, Status.INFO_REQUESTED}),
            Status.WITHDRAWN,
            APPLICANT,
        ),
    )
}
OPEN_FOR_REVIEW = (Status.SUBMITTED, Status.RESUBMITTED)
OPEN = (Status.SUBMITTED, Status.INFO_REQUESTED, Status.RESUBMITTED)


class TransitionForbidden(Conflict):
    code = "case.transition_forbidden"
    default_message = _("This step is not possible for the case in its current state.")


def transition_check(*, action: str, status: str, is_benefit: bool) -> Transition:
    """Return the transition for this action, or raise TransitionForbidden."""
    transition = TRANSITIONS.get(action)
    if (
        transition is None
        or status not in transition.sources
        or (transition.benefit_only and not is_benefit)
    ):
        raise TransitionForbidden(action=action, status=status)
    return transition


def allowed_actions(*, status: str, is_benefit: bool, by: str) -> list[str]:
    """The steps one kind of actor may take now, for buttons on a page."""
    return [
        t.action
        for t in TRANSITIONS.values()
        if status in t.sources
        and t.by == by
        and (is_benefit or not t.benefit_only)
        and t.action != "submit"
    ]
