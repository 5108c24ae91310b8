from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.choices import Department


class Role(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    OPERATOR = "operator", _("Department operator")
    CLERK = "clerk", _("Window clerk")
    SUPERVISOR = "supervisor", _("Supervisor")


class User(AbstractUser):
    """A sign-in account with one role; a resident is linked to one person."""

    role = models.CharField(
        _("role"), max_length=20, choices=Role.choices, default=Role.RESIDENT
    )
    department = models.CharField(
        _("department"), max_length=20, choices=Department.choices, blank=True
    )
    region = models.CharField(_("pooling region"), max_length=6, blank=True)
    person = models.OneToOneField(
        "people.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="account",
        verbose_name=_("person"),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="operator") | ~models.Q(department=""),
                name="operator_has_department",
            )
        ]

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class ClaimAttempt(models.Model):
    """One try at linking an account to a person; counted to limit guessing."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="claims")
    succeeded = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
