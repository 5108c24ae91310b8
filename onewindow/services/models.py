"""Service catalog, cases (applications), their events and documents."""

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.i18n import in_reader_language


class Kind(models.TextChoices):
    """What code handles a service; the catalog data picks one per service."""

    CERTIFICATE = "certificate", _("Certificate issued from the record")
    PENSION_CLAIM = "pension_claim", _("Pension claim")
    UNEMPLOYMENT = "unemployment", _("Unemployment benefit claim")
    TRANSFER = "transfer", _("Transfer of pension insurance")
    PERSONAL_DETAILS = "personal_details", _("Change of personal details")
    REVIEW = "review", _("Application reviewed by a clerk")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    INFO_REQUESTED = "info_requested", _("More information requested")
    RESUBMITTED = "resubmitted", _("Resubmitted")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")
    PAID = "paid", _("Paid")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Service(models.Model):
    """One service a person can apply for (服务事项), loaded from catalog data."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    names = models.JSONField(_("names"))  # {"zh-hans": ..., "en": ...}
    texts = models.JSONField(_("texts"))  # section -> {"zh-hans": ..., "en": ...}
    fields = models.JSONField(_("form fields"), default=list)
    promised_working_days = models.PositiveIntegerField(_("promised working days"))
    is_benefit = models.BooleanField(_("pays a benefit"), default=False)
    is_active = models.BooleanField(_("offered"), default=True)
    order = models.PositiveIntegerField(default=100)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("service")
        verbose_name_plural = _("services")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_reader_language(self.names)

    def text(self, section: str) -> Any:
        return in_reader_language(self.texts.get(section, {}))


class Case(models.Model):
    """One person's application for one service (申请 / 办件).

    The status changes only through the transition functions in services.py.
    A person has at most one draft per service; a submission token from the
    form makes a repeated submit land on the same case.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="cases"
    )
    service = models.ForeignKey(Service, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    data = models.JSONField(_("answers"), default=dict)
    computed = models.JSONField(_("computed by the rules"), default=dict)
    # The pooling region whose clerks handle the case; a transfer also shows in
    # the queue of the other region.
    region = models.CharField(_("pooling region"), max_length=6, blank=True)
    other_region = models.CharField(max_length=6, blank=True)
    submission_token = models.UUIDField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    promised_date = models.DateField(_("promised by"), null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)
    certificate_url = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "service"],
                condition=models.Q(status="draft"),
                name="case_one_draft_per_service",
            ),
            models.UniqueConstraint(
                fields=["person", "submission_token"],
                name="case_one_per_submission",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=Status.values), name="case_status_known"
            ),
        ]
        indexes = [models.Index(fields=["region", "status", "promised_date"])]

    def __str__(self) -> str:
        return f"{self.service.code} {self.public_id}"


class CaseEvent(models.Model):
    """One step of a case: who, in which role, when, why; append-only."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    action = models.CharField(max_length=40)
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_name = models.CharField(max_length=150)
    actor_role = models.CharField(max_length=20)
    assisted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    @property
    def is_assisted(self) -> bool:
        return self.assisted_by_id is not None


class CaseDocument(models.Model):
    """A file attached to a case, stored outside the web root under a random name."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="documents")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=60)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    storage_name = models.CharField(max_length=80, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
