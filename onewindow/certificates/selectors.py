"""Read certificates: a resident's own, and the public verification of one."""

import json
import logging
import uuid
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from onewindow.core.exceptions import NotFound

from .models import Certificate
from .pdf import signed_payloads_from_pdf
from .signing import payload_signature_valid

logger = logging.getLogger(__name__)

VALID = "valid"
REVOKED = "revoked"
INVALID = "invalid"
NOT_FOUND = "not_found"

# Why a certificate or an uploaded file failed, in words for the visitor.
PROBLEMS = {
    "signature": _(
        "The signature does not match the content: the certificate was changed "
        "after it was issued."
    ),
    "mismatch": _(
        "The file's signed content differs from the certificate in the registry."
    ),
    "no_signed_data": _(
        "This file carries no onewindow signature. Only the PDF as it was "
        "downloaded from onewindow can be checked."
    ),
    "several": _("This file carries more than one certificate and cannot be trusted."),
    "unknown": _("No certificate with this code was issued by onewindow."),
}


@dataclass(frozen=True)
class Verification:
    status: str
    certificate: Certificate | None = None
    problem: str = ""

    @property
    def content(self) -> dict[str, Any] | None:
        """What the certificate shows, only when the registry copy is intact."""
        if self.status in (VALID, REVOKED) and self.certificate is not None:
            return self.certificate.content
        return None

    @property
    def problem_text(self) -> str:
        return str(PROBLEMS.get(self.problem, ""))


def certificate_list(*, actor: Any) -> QuerySet[Certificate]:
    """The signed-in resident's own certificates, newest first."""
    person_id = getattr(actor, "person_id", None)
    if person_id is None:
        return Certificate.objects.none()
    return Certificate.objects.filter(person_id=person_id)


def certificate_get(*, actor: Any, public_id: uuid.UUID) -> Certificate:
    """One of the resident's own certificates; anyone else's is not found."""
    certificate = certificate_list(actor=actor).filter(public_id=public_id).first()
    if certificate is None:
        raise NotFound()
    return certificate


def _registry_copy_intact(certificate: Certificate) -> bool:
    """Check the stored signature and that the columns agree with the payload."""
    if not payload_signature_valid(
        certificate.payload, certificate.signature, certificate.key_id
    ):
        return False
    try:
        content = json.loads(certificate.payload)
    except json.JSONDecodeError:
        return False
    return (
        content.get("code") == certificate.code
        and content.get("issue_number") == certificate.issue_number
        and content.get("kind") == certificate.kind
        and content.get("key_id") == certificate.key_id
        and content.get("holder", {}).get("id_number_masked")
        == certificate.person.id_number_masked
    )


def _registry_verification(certificate: Certificate) -> Verification:
    if not _registry_copy_intact(certificate):
        logger.warning(
            "certificate.registry_copy_broken",
            extra={"certificate": str(certificate.public_id)},
        )
        return Verification(INVALID, certificate, "signature")
    if certificate.is_revoked:
        return Verification(REVOKED, certificate)
    return Verification(VALID, certificate)


def certificate_verify(*, code: str) -> Verification:
    """Say whether the certificate with this code is valid, revoked or unknown.

    The signature is checked again on every call, so a change made to the
    stored payload behind the application's back shows as invalid.
    """
    certificate = (
        Certificate.objects.select_related("person").filter(code=code).first()
        if 0 < len(code) <= 64
        else None
    )
    if certificate is None:
        return Verification(NOT_FOUND, problem="unknown")
    return _registry_verification(certificate)


def certificate_document_verify(*, content: bytes) -> Verification:
    """Check a PDF someone received: its embedded signed content must be
    signed by onewindow and be exactly what the registry holds."""
    embedded = signed_payloads_from_pdf(content)
    if not embedded:
        return Verification(INVALID, problem="no_signed_data")
    if len(embedded) > 1:
        return Verification(INVALID, problem="several")
    signed = embedded[0]
    try:
        claimed = json.loads(signed.payload)
    except json.JSONDecodeError:
        return Verification(INVALID, problem="signature")
    if not isinstance(claimed, dict) or not payload_signature_valid(
        signed.payload, signed.signature, str(claimed.get("key_id", ""))
    ):
        return Verification(INVALID, problem="signature")

    code = str(claimed.get("code", ""))
    registry = certificate_verify(code=code)
    if registry.status == NOT_FOUND:
        return registry
    certificate = registry.certificate
    if certificate is not None and (
        certificate.payload != signed.payload
        or certificate.signature != signed.signature
    ):
        return Verification(INVALID, problem="mismatch")
    return registry
