from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.choices import ContributionStatus, Department, Insurance

MONEY = {"max_digits": 12, "decimal_places": 2}


class Contribution(models.Model):
    """One month of one insurance in one pooling region for one person (缴费记录).

    The current figure only; what a later delivery replaced is kept in
    ContributionRevision.
    """

    # No index of its own: the unique constraint below starts with the person.
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="contributions",
        db_index=False,
    )
    insurance = models.CharField(max_length=20, choices=Insurance.choices)
    pooling_region = models.CharField(_("pooling region"), max_length=6)
    area_code = models.CharField(_("area code"), max_length=6)
    period = models.PositiveIntegerField(_("period"))  # YYYYMM
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.PROTECT, null=True, blank=True
    )
    base = models.DecimalField(_("base"), **MONEY)
    employer_amount = models.DecimalField(_("employer part"), **MONEY)
    individual_amount = models.DecimalField(_("individual part"), **MONEY)
    status = models.CharField(max_length=10, choices=ContributionStatus.choices)
    department = models.CharField(max_length=20, choices=Department.choices)
    batch = models.ForeignKey("exchange.ImportBatch", on_delete=models.PROTECT)
    source_row = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("contribution")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "insurance", "pooling_region", "period"],
                name="contribution_one_row_per_month",
            ),
            models.CheckConstraint(
                condition=models.Q(period__gte=195001, period__lte=210012),
                name="contribution_period_range",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    base__gte=0, employer_amount__gte=0, individual_amount__gte=0
                ),
                name="contribution_amounts_not_negative",
            ),
        ]


class ContributionRevision(models.Model):
    """A figure that a later delivery superseded, kept as history."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.PROTECT, related_name="revisions"
    )
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.PROTECT, null=True, blank=True
    )
    area_code = models.CharField(max_length=6)
    base = models.DecimalField(**MONEY)
    employer_amount = models.DecimalField(**MONEY)
    individual_amount = models.DecimalField(**MONEY)
    status = models.CharField(max_length=10, choices=ContributionStatus.choices)
    department = models.CharField(max_length=20, choices=Department.choices)
    batch = models.ForeignKey(
        "exchange.ImportBatch", on_delete=models.PROTECT, related_name="+"
    )
    source_row = models.PositiveIntegerField()
    superseded_by = models.ForeignKey(
        "exchange.ImportBatch", on_delete=models.PROTECT, related_name="+"
    )
    superseded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["superseded_at", "id"]
