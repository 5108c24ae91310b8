import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Employer(models.Model):
    """An employer (用人单位), found by its unified social credit code.

    A department that names employers only by name (the housing fund) links to an
    employer of that name; if none is known, one is created without a code and
    gains it when a file with the code arrives.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    credit_code = models.CharField(  # noqa: DJ001 - NULL keeps name-only rows unique
        _("unified social credit code"), max_length=18, null=True, blank=True
    )
    name = models.CharField(_("name"), max_length=200, db_index=True)
    area_code = models.CharField(_("area code"), max_length=6, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], name="employer_code_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name
