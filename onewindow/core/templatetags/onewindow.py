from decimal import Decimal

from django import template
from django.utils.translation import get_language

from onewindow.core.areas import area_name
from onewindow.core.choices import ContributionStatus, Department, Insurance
from onewindow.core.money import to_fen

register = template.Library()


@register.filter
def region_name(code: str) -> str:
    return area_name(code, get_language() or "zh-hans") if code else ""


@register.filter
def yuan(value: Decimal) -> str:
    """Two decimals with thousands separators: 12,345.60."""
    return f"{to_fen(value):,.2f}"


@register.filter
def insurance_label(code: str) -> str:
    return str(Insurance(code).label) if code in Insurance.values else code


@register.filter
def status_label(code: str) -> str:
    return (
        str(ContributionStatus(code).label)
        if code in ContributionStatus.values
        else code
    )


@register.filter
def department_label(code: str) -> str:
    return str(Department(code).label) if code in Department.values else code
