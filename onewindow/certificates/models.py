import json
import uuid
from datetime import datetime
from functools import cached_property
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _


class RevocationCategory(models.TextChoices):
    """Why a certificate was withdrawn, in words safe to show to anyone."""

    SUPERSEDED = "superseded", _("replaced by a newer certificate")
    ISSUED_IN_ERROR = "issued_in_error", _("issued in error")
    WITHDRAWN = "withdrawn", _("withdrawn by the issuing office")


class Certificate(models.Model):
    """A signed document issued from the record (证明), verifiable by its code.

    The payload is the canonical JSON text of exactly what the document shows;
    the signature covers that text, so any change to it is detected.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issue_number = models.CharField(_("issue number"), max_length=20, unique=True)
    code = models.CharField(_("verification code"), max_length=64, unique=True)
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    title = models.CharField(_("title"), max_length=200)
    payload = models.TextField(_("signed content"))
    signature = models.CharField(_("signature"), max_length=100)
    key_id = models.CharField(_("key id"), max_length=16)
    issued_at = models.DateTimeField(_("issued at"), db_index=True)
    # The application (services app) the certificate answers, if any; a plain
    # UUID so that this app does not depend on the services app.
    case_public_id = models.UUIDField(_("case"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_category = models.CharField(
        _("revocation reason"),
        max_length=20,
        choices=RevocationCategory.choices,
        blank=True,
    )
    # Internal note; never shown on the public verification page.
    revoked_reason = models.TextField(_("revocation note"), blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(revoked_at__isnull=True, revoked_category="")
                    | (
                        models.Q(revoked_at__isnull=False)
                        & ~models.Q(revoked_category="")
                    )
                ),
                name="certificate_revocation_complete",
            )
        ]

    def __str__(self) -> str:
        return self.issue_number

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def download_url(self) -> str:
        return reverse("certificates:download", args=[self.public_id])

    @property
    def verify_path(self) -> str:
        return reverse("verify:certificate", args=[self.code])

    @cached_property
    def content(self) -> dict[str, Any]:
        """The signed payload as data; check the signature before trusting it."""
        return json.loads(self.payload)

    @property
    def shown_issued_at(self) -> datetime | None:
        """The issue time as the document prints it (from the signed payload)."""
        return parse_datetime(self.content.get("issued_at", ""))

    @property
    def facts(self) -> list[tuple[str, str]]:
        return [(label, value) for label, value in self.content.get("facts", [])]


class IssueCounter(models.Model):
    """The last issue number given out in one year; locked while incremented."""

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("issue counter")
