import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from onewindow.core.choices import ContributionStatus, Department, Insurance

MONEY = {"max_digits": 12, "decimal_places": 2}
# The ledger's key: one row per person, month, insurance and pooling region.
ONE_ROW_PER_MONTH = "contribution_one_row_per_month"


class Contribution(models.Model):
    """One month of one insurance in one pooling region for one person (缴费记录).

    The current figure only; what a later delivery replaced is kept in
    ContributionRevision.
    """

    # The ledger's references are checked once per statement, not per row: a
    # foreign key costs a lookup for every inserted month, more than everything
    # else an import does (docs/decisions/0007-ledger-references.md). Migration
    # records/0003 installs the checks; Django's PROTECT still guards deletes.
    # No index for the person of its own: the unique constraint starts with it.
    person = models.ForeignKey(
        "people.Person",
        on_delete=models.PROTECT,
        related_name="contributions",
        db_index=False,
        db_constraint=False,
    )
    insurance = models.CharField(max_length=20, choices=Insurance.choices)
    pooling_region = models.CharField(_("pooling region"), max_length=6)
    area_code = models.CharField(_("area code"), max_length=6)
    period = models.PositiveIntegerField(_("period"))  # YYYYMM
    # Nothing reads the ledger by employer yet, so no index.
    employer = models.ForeignKey(
        "employers.Employer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        db_index=False,
        db_constraint=False,
    )
    base = models.DecimalField(_("base"), **MONEY)
    employer_amount = models.DecimalField(_("employer part"), **MONEY)
    individual_amount = models.DecimalField(_("individual part"), **MONEY)
    status = models.CharField(max_length=10, choices=ContributionStatus.choices)
    department = models.CharField(max_length=20, choices=Department.choices)
    # Indexed by migration records/0003: a BRIN index on PostgreSQL (batches are
    # numbered in the order they are merged), a B-tree elsewhere.
    batch = models.ForeignKey(
        "exchange.ImportBatch",
        on_delete=models.PROTECT,
        db_index=False,
        db_constraint=False,
    )
    source_row = models.PositiveIntegerField()
    # Set when an approved transfer moved this month to another pooling region;
    # the row stays, so the record still shows where the month was paid.
    transfer = models.ForeignKey(
        "records.PensionTransfer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="contributions",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("contribution")
        constraints = [
            # Person, then month: a delivery lists a person's months in order,
            # so its rows mostly add to the right-hand end of this index.
            models.UniqueConstraint(
                fields=["person", "period", "insurance", "pooling_region"],
                name=ONE_ROW_PER_MONTH,
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
        indexes = [
            models.Index(
                fields=["transfer"],
                name="contribution_transferred",
                condition=models.Q(transfer__isnull=False),
            )
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


class PensionTransfer(models.Model):
    """A completed move of pension insurance between pooling regions (关系转移).

    Guobanfa [2009] No. 66: the whole personal account and 12% of the base of
    each month since 1998-01 move; the months are marked, never deleted.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    person = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="pension_transfers"
    )
    from_region = models.CharField(_("from"), max_length=6)
    to_region = models.CharField(_("to"), max_length=6)
    months = models.PositiveIntegerField(_("months moved"))
    personal_account = models.DecimalField(_("personal account"), **MONEY)
    pooled_fund = models.DecimalField(_("pooled fund"), **MONEY)
    case_public_id = models.UUIDField(_("case"), unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("pension transfer")
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(from_region=models.F("to_region")),
                name="transfer_between_two_regions",
            )
        ]
