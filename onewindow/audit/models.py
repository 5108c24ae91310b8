from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AppendOnlyError(Exception):
    """Raised when code tries to change or delete an audit row."""


class AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise AppendOnlyError(f"{type(self).__name__} rows cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise AppendOnlyError(f"{type(self).__name__} rows cannot be deleted.")


class AccessEntry(AppendOnlyModel):
    """One read of a person's data by someone other than the person (查询记录)."""

    class Channel(models.TextChoices):
        WEB = "web", _("website")
        COMMAND = "command", _("staff command")
        API = "api", _("API")

    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="access_entries"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    actor_label = models.CharField(_("who"), max_length=150)
    actor_role = models.CharField(_("role"), max_length=40)
    data_kind = models.CharField(_("what"), max_length=60)
    purpose = models.CharField(_("purpose"), max_length=300)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("access entry")
        verbose_name_plural = _("access entries")

    @property
    def actor_display(self) -> str:
        """Who read, in the reader's language when it is not a person's name."""
        return str(ACTOR_LABELS.get(self.actor_label, self.actor_label))

    @property
    def purpose_display(self) -> str:
        """A purpose the code wrote in the reader's language; a stated one as is."""
        return str(PURPOSE_LABELS.get(self.purpose, self.purpose))

    @property
    def role_label(self) -> str:
        """The stored role code in the reader's language; unknown codes as stored."""
        from onewindow.accounts.models import Role

        if self.actor_role in Role.values:
            return str(Role(self.actor_role).label)
        return str(ROLE_LABELS.get(self.actor_role, self.actor_role))

    @property
    def data_kind_label(self) -> str:
        """The stored kind of data in the reader's language; unknown kinds as stored."""
        if self.data_kind.startswith("certificate "):
            number = self.data_kind.removeprefix("certificate ")
            return _("certificate %(number)s") % {"number": number}
        return str(DATA_KIND_LABELS.get(self.data_kind, self.data_kind))


# Access entries store short English codes; these are what a resident reads.
ACTOR_LABELS = {
    "system": _("the system"),
    "anyone holding the certificate": _("anyone holding the certificate"),
}
PURPOSE_LABELS = {
    "certificate verification (link)": _("certificate checked by its QR code or link"),
    "certificate verification (upload)": _("certificate checked by uploading its PDF"),
}
ROLE_LABELS = {
    "clerk (command line)": _("clerk (command line)"),
    "public": _("someone checking a certificate"),
}
DATA_KIND_LABELS = {
    "record": _("contribution record"),
    "contribution record": _("contribution record"),
    "contributions": _("contribution record"),
    "entitlement findings": _("benefits you may claim"),
    "identity": _("identity check"),
    "case": _("application"),
    "cases": _("list of applications"),
    "application_form": _("application form"),
    "case_document": _("application document"),
}


class AuditEvent(AppendOnlyModel):
    """A business event in a hash chain: each row hashes its content and the
    previous row's hash, so that a changed or removed row breaks the chain."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True
    )
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=80, db_index=True)
    target_type = models.CharField(max_length=60)
    target_id = models.CharField(max_length=64)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField()
    previous_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["id"]
