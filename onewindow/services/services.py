"""Writes of cases: drafts, the transitions of the state machine, documents.

Every transition is one function with an explicit actor and one transaction. It
writes a CaseEvent (who, role, when, why, assisted) and an audit event, and
notifies the person after commit.
"""

import hashlib
import logging
import secrets
import uuid
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.accounts.models import Role
from onewindow.audit.services import audit_event_record
from onewindow.core.exceptions import InvalidInput, NotPermitted
from onewindow.people.models import Person

from .handlers import handler_for, working_days_after
from .models import Case, CaseDocument, CaseEvent, Service, Status
from .selectors import clerk_may_handle
from .states import APPLICANT, CLERK, transition_check

logger = logging.getLogger(__name__)

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Content types recognised from the first bytes of the file, never from its name.
_SIGNATURES = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
)
STATUS_MESSAGES = {
    Status.SUBMITTED: gettext_lazy("We received your application."),
    Status.INFO_REQUESTED: gettext_lazy("The bureau needs more information from you."),
    Status.RESUBMITTED: gettext_lazy("We received the information you added."),
    Status.APPROVED: gettext_lazy("Your application was approved."),
    Status.REJECTED: gettext_lazy("Your application was rejected."),
    Status.PAID: gettext_lazy("The benefit was paid."),
    Status.WITHDRAWN: gettext_lazy("Your application was withdrawn."),
}


def _role(actor: Any) -> str:
    return getattr(actor, "role", "") or "system"


def _is_applicant(actor: Any, person: Person, assisted_by: Any) -> bool:
    """The person themself, or a clerk in an open assisted session with them."""
    if assisted_by is not None:
        from onewindow.backoffice.selectors import assisted_session_active

        return (
            getattr(assisted_by, "role", None) == Role.CLERK
            and actor == assisted_by
            and assisted_session_active(clerk=assisted_by, person=person) is not None
        )
    return getattr(actor, "person_id", None) == person.id


def _check_actor(*, by: str, actor: Any, case: Case, assisted_by: Any) -> None:
    if actor is None:  # the system: automatic decisions
        return
    if by == APPLICANT and _is_applicant(actor, case.person, assisted_by):
        return
    if by == CLERK and clerk_may_handle(actor=actor, case=case):
        return
    raise NotPermitted(code="case.not_permitted")


def _event(
    *, case: Case, action: str, source: str, actor: Any, reason: str, assisted_by: Any
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        action=action,
        from_status=source,
        to_status=case.status,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "display_name", "") or _("the system"),
        actor_role=_role(actor),
        assisted_by=assisted_by,
        reason=reason,
    )


def _notify_after_commit(case: Case, event: CaseEvent) -> None:
    from onewindow.notifications.services import notification_send

    def send() -> None:
        title = _("%(service)s: %(status)s") % {
            "service": case.service.name,
            "status": Status(case.status).label,
        }
        body = str(STATUS_MESSAGES.get(case.status, ""))
        if event.reason:
            body = f"{body} {_('Reason')}: {event.reason}"
        notification_send(
            person=case.person,
            kind="case",
            key=f"case:{case.public_id}:{event.id}",
            title=title,
            body=body,
            link=reverse("services:case", args=[case.public_id]),
        )

    transaction.on_commit(send)


def _apply(
    *,
    case: Case,
    action: str,
    actor: Any,
    reason: str = "",
    assisted_by: Any = None,
    check_actor: bool = True,
    issuer: Any = None,
) -> Case:
    """Move a locked case one step, with its event, audit entry and notice."""
    transition = transition_check(
        action=action, status=case.status, is_benefit=case.service.is_benefit
    )
    if check_actor:
        _check_actor(by=transition.by, actor=actor, case=case, assisted_by=assisted_by)
    if transition.by == CLERK and actor is not None and not reason.strip():
        raise InvalidInput(
            _("Write the reason the person will read."), code="case.reason_required"
        )

    source = case.status
    case.status = transition.target
    now = timezone.now()
    if transition.target == Status.SUBMITTED:
        case.submitted_at = now
        case.promised_date = working_days_after(
            timezone.localdate(), case.service.promised_working_days
        )
    if transition.target in (Status.APPROVED, Status.REJECTED):
        case.decided_at = now
        case.decision_reason = reason
    if transition.target == Status.APPROVED:
        # An automatic approval issues documents in the applicant's name.
        handler_for(case.service.kind).on_approve(case, issuer or actor)
    case.save()

    event = _event(
        case=case,
        action=action,
        source=source,
        actor=actor,
        reason=reason,
        assisted_by=assisted_by,
    )
    audit_event_record(
        actor=actor,
        action=f"case.{transition.target}",
        target_type="case",
        target_id=case.public_id,
        before={"status": source},
        after={
            "status": case.status,
            "reason": reason,
            "assisted_by": getattr(assisted_by, "username", ""),
        },
    )
    _notify_after_commit(case, event)
    logger.info(
        "services.case_transition",
        extra={"case": case.id, "action": action, "to": case.status},
    )
    return case


def _locked(case: Case) -> Case:
    return (
        Case.objects.select_for_update()
        .select_related("service", "person")
        .get(pk=case.pk)
    )


def case_draft_save(
    *,
    actor: Any,
    person: Person,
    service: Service,
    data: dict[str, Any],
    assisted_by: Any = None,
) -> Case:
    """Keep what the person typed so far; one draft per person and service."""
    if not _is_applicant(actor, person, assisted_by):
        raise NotPermitted(code="case.not_permitted")
    with transaction.atomic():
        case = (
            Case.objects.select_for_update()
            .filter(person=person, service=service, status=Status.DRAFT)
            .first()
        )
        if case is None:
            try:
                with transaction.atomic():
                    return Case.objects.create(
                        person=person, service=service, data=data
                    )
            except IntegrityError:
                # Two tabs saved the first draft at once; keep the later answers.
                case = Case.objects.select_for_update().get(
                    person=person, service=service, status=Status.DRAFT
                )
        case.data = data
        case.save(update_fields=["data", "updated_at"])
    return case


def case_submit(
    *,
    actor: Any,
    person: Person,
    service: Service,
    token: uuid.UUID,
    data: dict[str, Any],
    assisted_by: Any = None,
) -> Case:
    """Submit the application once: a repeated submit with the same token (a
    double click, a retried request) returns the case it already created.

    The rules compute the figures and the region before the case is stored;
    services of a kind decided automatically are approved in the same step.
    """
    if not _is_applicant(actor, person, assisted_by):
        raise NotPermitted(code="case.not_permitted")
    existing = Case.objects.filter(person=person, submission_token=token).first()
    if existing is not None:
        return existing

    handler = handler_for(service.kind)
    computed = handler.compute(person, data)
    region, other_region = handler.regions(person, data)

    try:
        with transaction.atomic():
            case = (
                Case.objects.select_for_update()
                .select_related("service", "person")
                .filter(person=person, service=service, status=Status.DRAFT)
                .first()
            ) or Case(person=person, service=service)
            case.data = data
            case.computed = computed
            case.region = region
            case.other_region = other_region
            case.submission_token = token
            case.save()
            _apply(
                case=case,
                action="submit",
                actor=actor,
                assisted_by=assisted_by,
                check_actor=False,
            )
            if handler.auto_approve:
                _apply(
                    case=case,
                    action="approve",
                    actor=None,
                    reason=_("Done at once from your record."),
                    issuer=actor,
                )
    except IntegrityError:
        # A concurrent submit with the same token won the race: return its case.
        existing = Case.objects.filter(person=person, submission_token=token).first()
        if existing is None:
            raise
        return existing
    return case


def _transition(
    *, action: str, actor: Any, case: Case, reason: str, assisted_by: Any = None
) -> Case:
    with transaction.atomic():
        return _apply(
            case=_locked(case),
            action=action,
            actor=actor,
            reason=reason,
            assisted_by=assisted_by,
        )


def case_request_info(*, actor: Any, case: Case, reason: str) -> Case:
    """A clerk asks the person for more information, saying what is missing."""
    return _transition(action="request_info", actor=actor, case=case, reason=reason)


def case_resubmit(
    *,
    actor: Any,
    case: Case,
    reason: str = "",
    data: dict[str, Any] | None = None,
    assisted_by: Any = None,
) -> Case:
    """The person sends the case back with the information asked for."""
    with transaction.atomic():
        locked = _locked(case)
        if data is not None:
            transition_check(
                action="resubmit",
                status=locked.status,
                is_benefit=locked.service.is_benefit,
            )
            locked.data = {**locked.data, **data}
        return _apply(
            case=locked,
            action="resubmit",
            actor=actor,
            reason=reason,
            assisted_by=assisted_by,
        )


def case_approve(*, actor: Any, case: Case, reason: str) -> Case:
    """A clerk approves; the handler's side effects (ledger, certificate) follow."""
    return _transition(action="approve", actor=actor, case=case, reason=reason)


def case_reject(*, actor: Any, case: Case, reason: str) -> Case:
    """A clerk rejects with a reason the person will read."""
    return _transition(action="reject", actor=actor, case=case, reason=reason)


def case_mark_paid(*, actor: Any, case: Case, reason: str) -> Case:
    """Record that an approved benefit was paid."""
    return _transition(action="mark_paid", actor=actor, case=case, reason=reason)


def case_withdraw(
    *, actor: Any, case: Case, reason: str = "", assisted_by: Any = None
) -> Case:
    """The person withdraws before a decision."""
    return _transition(
        action="withdraw",
        actor=actor,
        case=case,
        reason=reason,
        assisted_by=assisted_by,
    )


class DocumentRefused(InvalidInput):
    code = "document.refused"


def _sniff(head: bytes) -> tuple[str, str] | None:
    for signature, content_type, suffix in _SIGNATURES:
        if head.startswith(signature):
            return content_type, suffix
    return None


def document_storage_dir() -> Any:
    return settings.VAR_DIR / "documents"


def case_document_add(
    *, actor: Any, case: Case, name: str, stream: Any, assisted_by: Any = None
) -> CaseDocument:
    """Attach a file to an open case: PDF, PNG or JPEG by content, at most 10 MB.

    Stored under VAR_DIR/documents with a random name, never in a served folder.
    """
    allowed = _is_applicant(actor, case.person, assisted_by) or clerk_may_handle(
        actor=actor, case=case
    )
    if not allowed:
        raise NotPermitted(code="case.not_permitted")
    if case.status not in (
        Status.DRAFT,
        Status.SUBMITTED,
        Status.INFO_REQUESTED,
        Status.RESUBMITTED,
    ):
        raise DocumentRefused(
            _("Documents can only be added while the case is open."),
            code="document.case_closed",
        )
    content = stream.read(MAX_DOCUMENT_BYTES + 1)
    if len(content) > MAX_DOCUMENT_BYTES:
        raise DocumentRefused(
            _("The file is larger than 10 MB. Please send a smaller scan."),
            code="document.too_large",
        )
    if not content:
        raise DocumentRefused(_("The file is empty."), code="document.empty")
    sniffed = _sniff(content[:16])
    if sniffed is None:
        raise DocumentRefused(
            _("Only PDF, PNG and JPEG files are accepted (checked by content)."),
            code="document.type_refused",
        )
    content_type, suffix = sniffed

    directory = document_storage_dir()
    directory.mkdir(parents=True, exist_ok=True)
    storage_name = secrets.token_hex(20) + suffix
    (directory / storage_name).write_bytes(content)
    with transaction.atomic():
        document = CaseDocument.objects.create(
            case=case,
            uploaded_by=assisted_by or actor,
            original_name=(name or "document")[-200:],
            content_type=content_type,
            size=len(content),
            sha256=hashlib.sha256(content).hexdigest(),
            storage_name=storage_name,
        )
        audit_event_record(
            actor=actor,
            action="case.document_added",
            target_type="case",
            target_id=case.public_id,
            after={
                "document": str(document.public_id),
                "content_type": content_type,
                "size": len(content),
                "assisted_by": getattr(assisted_by, "username", ""),
            },
        )
    return document


def document_read(document: CaseDocument) -> bytes:
    return (document_storage_dir() / document.storage_name).read_bytes()
