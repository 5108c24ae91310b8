"""Calculator forms: plain GET forms that work without JavaScript."""

from django import forms
from django.utils.translation import gettext_lazy as _

from onewindow.core.periods import parse_period

CATEGORY_CHOICES = [
    ("male", _("Man (old retirement age 60)")),
    ("female_55", _("Woman whose old retirement age was 55")),
    ("female_50", _("Woman whose old retirement age was 50")),
]


class RetirementForm(forms.Form):
    birth = forms.CharField(
        label=_("Birth month"),
        help_text=_("Year and month, e.g. 1968-02"),
        max_length=10,
    )
    category = forms.ChoiceField(label=_("Category"), choices=CATEGORY_CHOICES)

    def clean_birth(self) -> str:
        period = parse_period(self.cleaned_data["birth"])
        if period is None:
            raise forms.ValidationError(
                _("Write the month as YYYY-MM, e.g. 1968-02; the month must exist.")
            )
        return str(period)


class PensionForm(forms.Form):
    average_wage = forms.DecimalField(
        label=_("Average monthly wage used for pensions (yuan)"),
        help_text=_(
            "The figure your province publishes for the year before you retire"
        ),
        min_value=0.01,
        max_digits=12,
        decimal_places=2,
    )
    contribution_index = forms.DecimalField(
        label=_("Average contribution index"),
        help_text=_(
            "Your base divided by the average wage, averaged over the years; "
            "1 is average"
        ),
        min_value=0,
        max_value=3,
        max_digits=6,
        decimal_places=4,
    )
    contribution_months = forms.IntegerField(
        label=_("Months of contributions"), min_value=0, max_value=720
    )
    account_balance = forms.DecimalField(
        label=_("Personal account balance at retirement (yuan)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
    )
    retirement_age_months = forms.IntegerField(
        label=_("Retirement age in months"),
        help_text=_("For example 60 years 4 months is 724"),
        min_value=480,
        max_value=840,
    )


class UnemploymentForm(forms.Form):
    contribution_months = forms.IntegerField(
        label=_("Months of unemployment insurance contributions"),
        min_value=0,
        max_value=720,
    )
    region = forms.ChoiceField(
        label=_("Where you were insured"),
        choices=[
            ("110000", _("Beijing")),
            ("310000", _("Shanghai")),
            ("440300", _("Shenzhen")),
        ],
    )
