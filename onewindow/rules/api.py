"""Public calculator endpoints under /api/v1/calculators/ (no sign-in needed).

Money is returned as strings with two decimals; every result lists its steps
with the rule and the pack version each step used.
"""

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema

from onewindow.core.money import money_str

from .calculators import Step
from .selectors import (
    parse_birth_month,
    pension_result_get,
    retirement_result_get,
    unemployment_result_get,
)

router = Router(tags=["calculators"], auth=None)


class StepOut(Schema):
    label: str
    value: str
    formula: str
    document: str
    article: str
    pack: str
    note: str


class RetirementOut(Schema):
    retirement_age_months: int
    retirement_month: str
    minimum_contribution_months: int
    earliest_flexible_month: str
    latest_flexible_month: str
    steps: list[StepOut]


class PensionOut(Schema):
    basic_pension: str
    account_pension: str
    total: str
    divisor: str
    steps: list[StepOut]


class UnemploymentOut(Schema):
    max_benefit_months: int
    monthly_amount: str | None
    steps: list[StepOut]


def steps_json(steps: tuple[Step, ...]) -> list[dict[str, str]]:
    return [
        {
            "label": step.label,
            "value": step.value,
            "formula": step.formula,
            "document": step.rule.document,
            "article": step.rule.article,
            "pack": step.pack,
            "note": step.note,
        }
        for step in steps
    ]


def _as_of(value: dt.date | None) -> dt.date:
    return value or timezone.localdate()


@router.get("/retirement", response=RetirementOut, summary="Statutory retirement age")
def retirement(
    request: HttpRequest, birth: str, category: str, as_of: dt.date | None = None
) -> dict:
    """Retirement age and month under the 2024 reform, the flexible window and the
    minimum contribution months. birth is YYYY-MM; category is male, female_55
    (women whose age was 55) or female_50 (women whose age was 50)."""
    result = retirement_result_get(
        birth=parse_birth_month(birth), category=category, as_of=_as_of(as_of)
    )
    return {
        "retirement_age_months": result.retirement_age_months,
        "retirement_month": str(result.retirement_month),
        "minimum_contribution_months": result.minimum_contribution_months,
        "earliest_flexible_month": str(result.earliest_flexible_month),
        "latest_flexible_month": str(result.latest_flexible_month),
        "steps": steps_json(result.steps),
    }


@router.get("/pension", response=PensionOut, summary="Basic pension")
def pension(
    request: HttpRequest,
    average_wage: Decimal,
    contribution_index: Decimal,
    contribution_months: int,
    account_balance: Decimal,
    retirement_age_months: int,
    as_of: dt.date | None = None,
) -> dict:
    """Basic pension per month of an enterprise employee: the pooled part, the
    personal-account part and their sum. divisor is a decimal string."""
    result = pension_result_get(
        average_wage=average_wage,
        contribution_index=contribution_index,
        contribution_months=contribution_months,
        account_balance=account_balance,
        retirement_age_months=retirement_age_months,
        as_of=_as_of(as_of),
    )
    divisor = f"{result.divisor:f}"
    return {
        "basic_pension": money_str(result.basic_pension),
        "account_pension": money_str(result.account_pension),
        "total": money_str(result.total),
        "divisor": divisor.rstrip("0").rstrip(".") if "." in divisor else divisor,
        "steps": steps_json(result.steps),
    }


@router.get("/unemployment", response=UnemploymentOut, summary="Unemployment benefit")
def unemployment(
    request: HttpRequest,
    contribution_months: int,
    region: str,
    as_of: dt.date | None = None,
) -> dict:
    """Longest benefit duration and monthly amount; region is an administrative
    division code such as 110000. monthly_amount is null where the region's
    amount rule is not in its pack yet (the steps say so)."""
    result = unemployment_result_get(
        contribution_months=contribution_months, region=region, as_of=_as_of(as_of)
    )
    return {
        "max_benefit_months": result.max_benefit_months,
        "monthly_amount": (
            money_str(result.monthly_amount)
            if result.monthly_amount is not None
            else None
        ),
        "steps": steps_json(result.steps),
    }
