import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.crypto import decrypt_text
from onewindow.core.identifiers import mask_id_number


class Person(models.Model):
    """One natural person (参保人), found by the blind index of the ID number."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    id_number_encrypted = models.TextField(_("ID number (encrypted)"))
    id_number_hash = models.CharField(max_length=64, unique=True)
    id_number_masked = models.CharField(_("ID number"), max_length=18)
    name = models.CharField(_("name"), max_length=100)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(
        _("sex"), max_length=1, choices=[("M", _("male")), ("F", _("female"))]
    )
    # Bumped whenever a delivery changes this person's ledger, so that read models
    # cached for the person are never served stale.
    record_version = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sex__in=["M", "F"]), name="person_sex_valid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.id_number_masked}"

    def reveal_id_number(self) -> str:
        """Return the clear ID number; callers must log why they need it."""
        return decrypt_text(self.id_number_encrypted)

    @property
    def masked_id(self) -> str:
        return self.id_number_masked or mask_id_number("")
