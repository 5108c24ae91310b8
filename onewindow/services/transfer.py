"""What moves when pension insurance moves between pooling regions.

Pure function of its inputs (house rule 6): the selector passes the outgoing
region's paid months and the personal-account balance built from them.

Guobanfa [2009] No. 66 (interim measures for transferring enterprise employees'
basic pension insurance, in force 2010-01-01), art. 4: the whole personal-account
balance moves; the pooled fund moves at 12% of the actual contribution base of
each month contributed since January 1998.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onewindow.core.money import ZERO, money_str, to_fen
from onewindow.core.periods import Period

POOLED_RATE = Decimal("0.12")
POOLED_FROM = Period(1998, 1)
CITATION = gettext_lazy("Guobanfa [2009] No. 66, art. 4")


@dataclass(frozen=True)
class TransferStep:
    label: str
    value: str
    formula: str
    rule: str


@dataclass(frozen=True)
class TransferResult:
    from_region: str
    to_region: str
    months: int  # months paid in the outgoing region since 1998-01
    base_total: Decimal
    personal_account: Decimal
    pooled_fund: Decimal
    total: Decimal
    steps: tuple[TransferStep, ...]

    def as_json(self) -> dict:
        """Money as strings with two decimals (never float) for the case data."""
        return {
            "from_region": self.from_region,
            "to_region": self.to_region,
            "months": self.months,
            "base_total": money_str(self.base_total),
            "personal_account": money_str(self.personal_account),
            "pooled_fund": money_str(self.pooled_fund),
            "total": money_str(self.total),
            "steps": [step.__dict__ for step in self.steps],
        }


def transfer_calculate(
    *,
    from_region: str,
    to_region: str,
    months: list[tuple[Period, Decimal]],
    personal_account: Decimal,
) -> TransferResult:
    """Work out the personal account and the pooled fund that move.

    `months` are the outgoing region's paid pension months with their actual
    base; a month listed twice counts twice (the caller passes one row per
    month). The pooled fund is summed unrounded and rounded half up to the fen
    once.
    """
    counted = [(period, base) for period, base in months if period >= POOLED_FROM]
    base_total = sum((base for _, base in counted), ZERO)
    pooled = to_fen(base_total * POOLED_RATE)
    account = to_fen(personal_account)

    steps = (
        TransferStep(
            _("Personal account balance (moves whole)"),
            money_str(account),
            _("balance of the personal account built in the outgoing region"),
            str(CITATION),
        ),
        TransferStep(
            _("Months contributed since 1998-01"),
            str(len(counted)),
            _("paid months in the outgoing region from 1998-01"),
            str(CITATION),
        ),
        TransferStep(
            _("Sum of the actual bases of those months"),
            money_str(base_total),
            "Σ base",
            str(CITATION),
        ),
        TransferStep(
            _("Pooled fund that moves"),
            money_str(pooled),
            f"{money_str(base_total)} × 12%",
            str(CITATION),
        ),
    )
    return TransferResult(
        from_region=from_region,
        to_region=to_region,
        months=len(counted),
        base_total=base_total,
        personal_account=account,
        pooled_fund=pooled,
        total=account + pooled,
        steps=steps,
    )
