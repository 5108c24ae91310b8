"""Vocabularies shared by several apps: insurances, departments, statuses."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Insurance(models.TextChoices):
    PENSION = "pension", _("Employee basic pension")
    MEDICAL = "medical", _("Employee basic medical")
    UNEMPLOYMENT = "unemployment", _("Unemployment")
    WORK_INJURY = "work_injury", _("Work injury")
    MATERNITY = "maternity", _("Maternity")
    HOUSING_FUND = "housing_fund", _("Housing provident fund")
    RESIDENT_PENSION = "resident_pension", _("Resident pension")
    RESIDENT_MEDICAL = "resident_medical", _("Resident medical")


class Department(models.TextChoices):
    HRSS = "hrss", _("Social insurance bureau")
    MEDICAL = "medical", _("Medical security bureau")
    HOUSING_FUND = "housing_fund", _("Housing provident fund centre")
    MARKET = "market", _("Market regulator")
    TAX = "tax", _("Tax bureau")


class ContributionStatus(models.TextChoices):
    # A context of their own: "Paid" is also a case status (a benefit paid out).
    PAID = "paid", pgettext_lazy("contribution status", "Paid")
    OWED = "owed", pgettext_lazy("contribution status", "Owed")
    REFUNDED = "refunded", pgettext_lazy("contribution status", "Refunded")
