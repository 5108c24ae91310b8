"""The state machine refuses every step its table does not allow."""

import itertools
import uuid

import pytest

from onewindow.services.models import Case, CaseEvent, Service, Status
from onewindow.services.services import (
    case_approve,
    case_mark_paid,
    case_reject,
    case_request_info,
    case_resubmit,
    case_withdraw,
)
from onewindow.services.states import (
    TRANSITIONS,
    TransitionForbidden,
    transition_check,
)

ALLOWED = {
    ("submit", Status.DRAFT),
    ("request_info", Status.SUBMITTED),
    ("request_info", Status.RESUBMITTED),
    ("resubmit", Status.INFO_REQUESTED),
    ("approve", Status.SUBMITTED),
    ("approve", Status.RESUBMITTED),
    ("reject", Status.SUBMITTED),
    ("reject", Status.RESUBMITTED),
    ("mark_paid", Status.APPROVED),
    ("withdraw", Status.DRAFT),
    ("withdraw", Status.SUBMITTED),
    ("withdraw", Status.INFO_REQUESTED),
}
PAIRS = list(itertools.product(TRANSITIONS, Status.values))


@pytest.mark.parametrize(("action", "status"), PAIRS)
def test_the_table_allows_exactly_the_designed_steps(action, status):
    if (action, status) in ALLOWED:
        assert transition_check(action=action, status=status, is_benefit=True)
    else:
        with pytest.raises(TransitionForbidden) as refused:
            transition_check(action=action, status=status, is_benefit=True)
        assert refused.value.code == "case.transition_forbidden"


def test_only_benefits_are_paid():
    with pytest.raises(TransitionForbidden):
        transition_check(action="mark_paid", status=Status.APPROVED, is_benefit=False)


def test_an_unknown_action_is_refused():
    with pytest.raises(TransitionForbidden):
        transition_check(action="reopen", status=Status.REJECTED, is_benefit=True)


SERVICE_CALLS = {
    "request_info": lambda actor, case: case_request_info(
        actor=actor, case=case, reason="why"
    ),
    "approve": lambda actor, case: case_approve(actor=actor, case=case, reason="ok"),
    "reject": lambda actor, case: case_reject(actor=actor, case=case, reason="no"),
    "mark_paid": lambda actor, case: case_mark_paid(
        actor=actor, case=case, reason="paid"
    ),
}
RESIDENT_CALLS = {
    "resubmit": lambda actor, case: case_resubmit(actor=actor, case=case),
    "withdraw": lambda actor, case: case_withdraw(actor=actor, case=case),
}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "status"),
    [
        (action, status)
        for action, status in itertools.product(
            [*SERVICE_CALLS, *RESIDENT_CALLS], Status.values
        )
        if (action, status) not in ALLOWED
    ],
)
def test_every_forbidden_transition_is_refused_by_the_service_and_changes_nothing(
    resident_with_record, shenzhen_clerk, action, status
):
    service = Service.objects.get(code="pension-claim")  # a benefit: can be paid
    case = Case.objects.create(
        person=resident_with_record.person,
        service=service,
        status=status,
        region="440300",
        submission_token=None if status == Status.DRAFT else uuid.uuid4(),
    )
    if action in SERVICE_CALLS:
        call, actor = SERVICE_CALLS[action], shenzhen_clerk
    else:
        call, actor = RESIDENT_CALLS[action], resident_with_record

    with pytest.raises(TransitionForbidden):
        call(actor, case)

    case.refresh_from_db()
    assert case.status == status
    assert not CaseEvent.objects.filter(case=case).exists()
