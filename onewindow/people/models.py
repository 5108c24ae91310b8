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


class PersonContact(models.Model):
    """How to reach and pay a person: address, phone and payout bank account.

    The bank account number is stored encrypted and shown masked; a change comes
    only through people.services.person_contact_update, which logs it.
    """

    person = models.OneToOneField(
        Person, on_delete=models.PROTECT, related_name="contact"
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    bank_account_encrypted = models.TextField(blank=True)
    bank_account_masked = models.CharField(
        _("bank account for payouts"), max_length=40, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("contact details")
        verbose_name_plural = _("contact details")

    def reveal_bank_account(self) -> str:
        """Return the clear account number; only payouts need it."""
        if not self.bank_account_encrypted:
            return ""
        return decrypt_text(self.bank_account_encrypted)


def mask_bank_account(value: str) -> str:
    """Show the last four digits of an account number: **** **** 1234."""
    digits = "".join(ch for ch in value if ch.isalnum())
    return f"**** **** {digits[-4:]}" if digits else ""
