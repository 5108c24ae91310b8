"""The one way to write audit events and personal-data access entries."""

import hashlib
import json
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import AccessEntry, AuditEvent

GENESIS = "0" * 64


def _actor_label(actor: Any) -> str:
    if actor is None:
        return "system"
    return getattr(actor, "username", str(actor))


def _digest(previous: str, fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256((previous + payload).encode()).hexdigest()


def _chain_fields(event: AuditEvent) -> dict[str, Any]:
    return {
        "actor": event.actor_label,
        "action": event.action,
        "target_type": event.target_type,
        "target_id": event.target_id,
        "before": event.before,
        "after": event.after,
        "created_at": event.created_at.isoformat(),
    }


def audit_event_record(
    *,
    actor: Any,
    action: str,
    target_type: str,
    target_id: Any,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the hash chain; the last row is locked while linking."""
    with transaction.atomic():
        last = AuditEvent.objects.select_for_update().order_by("-id").first()
        event = AuditEvent(
            actor=actor if getattr(actor, "pk", None) else None,
            actor_label=_actor_label(actor),
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            before=before,
            after=after,
            created_at=timezone.now(),
            previous_hash=last.hash if last else GENESIS,
        )
        event.hash = _digest(event.previous_hash, _chain_fields(event))
        event.save(force_insert=True)
    return event


def audit_chain_verify() -> tuple[bool, int | None]:
    """Walk the chain; return (intact, id of the first broken event or None)."""
    previous = GENESIS
    for event in AuditEvent.objects.order_by("id").iterator():
        if event.previous_hash != previous or event.hash != _digest(
            previous, _chain_fields(event)
        ):
            return False, event.id
        previous = event.hash
    return True, None


def access_record(
    *,
    person_id: int,
    actor: Any,
    role: str,
    data_kind: str,
    purpose: str,
    channel: str,
    legal_basis: str = "",
) -> AccessEntry:
    """Write that someone other than the person read their data, and why."""
    entry = AccessEntry(
        person_id=person_id,
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=_actor_label(actor),
        actor_role=role,
        data_kind=data_kind,
        purpose=purpose,
        legal_basis=legal_basis,
        channel=channel,
    )
    entry.save(force_insert=True)
    return entry
