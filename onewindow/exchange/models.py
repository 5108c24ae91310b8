import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.choices import Department
from onewindow.core.i18n import reads_english


class SourceFormat(models.Model):
    """How one department's export is laid out: columns, spellings, mappings.

    Formats are data (exchange/formats/*.json, loaded by `load_formats`), so a new
    department file needs a new format row, not new code.
    """

    class Kind(models.TextChoices):
        CONTRIBUTIONS = "contributions", _("contributions")
        EMPLOYERS = "employers", _("employers")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    department = models.CharField(
        _("department"), max_length=20, choices=Department.choices
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    name_zh = models.CharField(max_length=100)
    name_en = models.CharField(max_length=100)
    config = models.JSONField()
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("source format")

    def __str__(self) -> str:
        return self.code

    def label(self, language: str) -> str:
        return self.name_en if reads_english(language) else self.name_zh


class ImportBatch(models.Model):
    """One delivered file (导入批次) with its counts and its refused rows."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("importing")
        DONE = "done", _("finished")
        FAILED = "failed", _("refused")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    source_format = models.ForeignKey(SourceFormat, on_delete=models.PROTECT)
    department = models.CharField(max_length=20, choices=Department.choices)
    file_name = models.CharField(_("file"), max_length=255)
    file_sha256 = models.CharField(max_length=64)
    stored_path = models.CharField(max_length=500, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PENDING
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    imported = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    duplicates = models.PositiveIntegerField(default=0)
    rejected = models.PositiveIntegerField(default=0)
    error_code = models.CharField(max_length=60, blank=True)
    error_zh = models.TextField(blank=True)
    error_en = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import batch")
        verbose_name_plural = _("import batches")

    def __str__(self) -> str:
        return f"{self.source_format_id}:{self.file_name}"

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.total_rows:
            return 0
        return min(99, self.processed_rows * 100 // self.total_rows)

    def error(self, language: str) -> str:
        return self.error_en if reads_english(language) else self.error_zh


class RejectedRow(models.Model):
    """A row refused with its number in the file and the reason in both languages."""

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="rejected_rows"
    )
    row_number = models.PositiveIntegerField()
    column = models.CharField(max_length=100, blank=True)
    value = models.CharField(max_length=200, blank=True)
    code = models.CharField(max_length=60)
    message_zh = models.TextField()
    message_en = models.TextField()

    class Meta:
        ordering = ["row_number", "id"]

    def message(self, language: str) -> str:
        return self.message_en if reads_english(language) else self.message_zh
