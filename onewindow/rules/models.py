"""Rule packs (规则包): versioned, dated parameters of the nation or of one region.

The packs are files in onewindow/rules/packs/; services.rule_packs_load copies them
here. Calculators never read these tables: selectors turn rows into Parameter
values and pass them in.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class RulePack(models.Model):
    """One version of one pack; exactly one version of a code is current."""

    code = models.SlugField(_("code"), max_length=40)
    region = models.CharField(
        _("pooling region"), max_length=6, blank=True, help_text=_("Empty: national")
    )
    version = models.CharField(_("version"), max_length=20)
    title_en = models.CharField(max_length=200)
    title_zh = models.CharField(max_length=200)
    documents = models.JSONField(default=dict)
    checksum = models.CharField(max_length=64)
    is_current = models.BooleanField(default=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("rule pack")
        verbose_name_plural = _("rule packs")
        ordering = ["code", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["code", "version"], name="rule_pack_version_unique"
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=models.Q(is_current=True),
                name="rule_pack_one_current_version",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.version}"

    @property
    def label(self) -> str:
        return f"{self.code}@{self.version}"


class RuleParameter(models.Model):
    """One named parameter of a pack, with its unit and its legal source."""

    pack = models.ForeignKey(RulePack, on_delete=models.PROTECT, related_name="params")
    key = models.CharField(_("key"), max_length=80)
    unit = models.CharField(_("unit"), max_length=10)
    document = models.CharField(_("document"), max_length=60)
    # Text, or {"en": ..., "zh": ...}, as the pack gives it.
    article = models.JSONField(_("article"))
    required_from = models.DateField(_("required from"))

    class Meta:
        verbose_name = _("rule parameter")
        verbose_name_plural = _("rule parameters")
        constraints = [
            models.UniqueConstraint(
                fields=["pack", "key"], name="rule_parameter_key_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pack} {self.key}"


class RuleValue(models.Model):
    """The value of a parameter between two dates; unknown values are kept as such."""

    parameter = models.ForeignKey(
        RuleParameter, on_delete=models.PROTECT, related_name="values"
    )
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    value = models.JSONField(_("value"), null=True, blank=True)
    unknown = models.BooleanField(_("unknown"), default=False)
    # Text, or {"en": ..., "zh": ...}, as the pack gives it.
    note = models.JSONField(_("note"), blank=True, default=str)

    class Meta:
        verbose_name = _("rule value")
        verbose_name_plural = _("rule values")
        ordering = ["parameter", "effective_from"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True)
                | models.Q(effective_to__gte=models.F("effective_from")),
                name="rule_value_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(unknown=True) | models.Q(value__isnull=False),
                name="rule_value_known_has_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parameter} {self.effective_from}"
