"""Entitlement finder (待遇提醒): what a person's record says they may claim.

Pure rules over a summary of one person's record and the parameters in force
(house rule 6); selectors build the summaries, for one person or for everyone
in chunks. Each finding says why in plain words and links to the service to
apply for.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from onewindow.core.areas import area_name
from onewindow.core.periods import Period

from .calculators import RetirementResult, unemployment_months
from .params import Parameter

# How close the statutory retirement month must be for the claim to be suggested.
CLAIM_HORIZON_MONTHS = 6
# Unemployment benefit is claimed soon after the job ends; older ends are not raised.
UNEMPLOYMENT_HORIZON_MONTHS = 12

KINDS = (
    "pension_claim",
    "contribution_shortfall",
    "unemployment_benefit",
    "pension_transfer",
    "duplicate_refund",
    "medical_min_years",
)
# The service pages of the catalog (onewindow/services/catalog/*.json); a test
# in services checks that each link has a page.
SERVICES = {
    "pension_claim": "/services/pension-claim/",
    "contribution_shortfall": "/services/pension-contribution-makeup/",
    "unemployment_benefit": "/services/unemployment-benefit/",
    "pension_transfer": "/services/pension-transfer/",
    "duplicate_refund": "/services/contribution-refund/",
    "medical_min_years": "/services/medical-contribution-makeup/",
}


@dataclass(frozen=True)
class RegionSpan:
    """Paid months of one insurance in one pooling region."""

    region: str
    months: int
    first: Period
    last: Period


@dataclass(frozen=True)
class RecordFacts:
    person_id: int
    birth: Period
    sex: str  # "M" or "F"
    pension: tuple[RegionSpan, ...]  # ordered by first month
    unemployment_months: int
    medical: tuple[RegionSpan, ...]
    last_employed: Period | None  # last month an employer paid for the person
    last_employed_region: str
    duplicate_months: tuple[Period, ...]  # pension months paid in two regions
    duplicate_regions: tuple[str, ...]

    @property
    def pension_months(self) -> int:
        """Distinct months paid: a month paid in two regions counts once."""
        return sum(span.months for span in self.pension) - len(self.duplicate_months)

    @property
    def category(self) -> str:
        # The record does not say whether a woman's old age was 50 or 55; the
        # earlier one is used so that nobody is told too late.
        return "male" if self.sex == "M" else "female_50"


@dataclass(frozen=True)
class Finding:
    kind: str
    title: str
    why: str
    service: str
    key: str  # stable per situation, so that a rerun does not notify twice


def _region(code: str) -> str:
    return area_name(code, get_language() or "zh-hans")


def _months(count: int) -> str:
    return _("%(years)d years %(months)d months") % {
        "years": count // 12,
        "months": count % 12,
    }


def entitlements_find(
    facts: RecordFacts,
    *,
    as_of: dt.date,
    retirement: RetirementResult,
    unemployment_duration: Parameter,
    medical_min: dict[str, Parameter],
    horizon: dict[str, Period],
) -> list[Finding]:
    """Return what the record says the person may claim and has not."""
    now = Period(as_of.year, as_of.month)
    retired = now >= retirement.retirement_month
    findings: list[Finding] = []

    findings.extend(_pension(facts, now, retirement))
    if not retired:
        delivered = horizon.get(facts.last_employed_region, now)
        findings.extend(
            _unemployment(facts, now, min(now, delivered), unemployment_duration)
        )
    findings.extend(_transfers(facts))
    findings.extend(_duplicates(facts))
    if retired:
        findings.extend(_medical(facts, medical_min))
    return findings


def _pension(facts: RecordFacts, now: Period, retirement: RetirementResult) -> list:
    month = retirement.retirement_month
    if not facts.pension or month.index - now.index > CLAIM_HORIZON_MONTHS:
        return []
    paid = facts.pension_months
    required = retirement.minimum_contribution_months
    when = (
        _("Your statutory retirement month was %(month)s.")
        if month <= now
        else _("Your statutory retirement month is %(month)s.")
    ) % {"month": month}
    if facts.sex == "F":
        when += " " + _(
            "This uses the retirement age of women whose old age was 50; if yours "
            "was 55, it is later."
        )
    if paid >= required:
        return [
            Finding(
                "pension_claim",
                _("You may claim your monthly pension"),
                when
                + " "
                + _(
                    "Your record shows %(paid)s of pension contributions, at least "
                    "the %(required)s needed for a monthly pension."
                )
                % {"paid": _months(paid), "required": _months(required)},
                SERVICES["pension_claim"],
                f"pension_claim:{month}",
            )
        ]
    return [
        Finding(
            "contribution_shortfall",
            _("Your pension contributions are short of the minimum"),
            when
            + " "
            + _(
                "Your record shows %(paid)s of pension contributions; a monthly "
                "pension needs %(required)s, so %(short)s are missing. You can keep "
                "paying after the statutory age until the minimum is reached, or, "
                "where your region allows it, pay the missing months in one payment."
            )
            % {
                "paid": _months(paid),
                "required": _months(required),
                "short": _months(required - paid),
            },
            SERVICES["contribution_shortfall"],
            f"contribution_shortfall:{month}",
        )
    ]


def _unemployment(
    facts: RecordFacts, now: Period, delivered: Period, duration: Parameter
) -> list:
    """Employer contributions stopped at least two months before the latest month
    the region's bureau has delivered (so a delivery lag is not a lost job)."""
    last = facts.last_employed
    if last is None or delivered.index - last.index < 2:
        return []
    if now.index - last.index > UNEMPLOYMENT_HORIZON_MONTHS:
        return []
    if facts.unemployment_months < duration.value["minimum_months"]:
        return []
    months = unemployment_months(facts.unemployment_months, duration.value)
    return [
        Finding(
            "unemployment_benefit",
            _("You may claim unemployment benefit"),
            _(
                "No employer has paid contributions for you since %(last)s, and you "
                "have %(paid)d months of unemployment insurance. If the job ended "
                "against your will and you register as unemployed and seeking work, "
                "you may receive benefit for up to %(months)d months."
            )
            % {"last": last, "paid": facts.unemployment_months, "months": months},
            SERVICES["unemployment_benefit"],
            f"unemployment_benefit:{last}",
        )
    ]


def _transfers(facts: RecordFacts) -> list:
    if len(facts.pension) < 2:
        return []
    latest = max(facts.pension, key=lambda span: (span.last, span.first))
    findings = []
    for span in facts.pension:
        if span.region == latest.region or span.last >= latest.first:
            continue
        findings.append(
            Finding(
                "pension_transfer",
                _("Your pension insurance was not transferred"),
                _(
                    "You paid pension insurance in %(old)s from %(first)s to "
                    "%(last)s and then in %(new)s. The record shows no completed "
                    "transfer: moving it joins your years and your personal account "
                    "in one place."
                )
                % {
                    "old": _region(span.region),
                    "first": span.first,
                    "last": span.last,
                    "new": _region(latest.region),
                },
                SERVICES["pension_transfer"],
                f"pension_transfer:{span.region}:{latest.region}",
            )
        )
    return findings


def _duplicates(facts: RecordFacts) -> list:
    if not facts.duplicate_months:
        return []
    first, last = min(facts.duplicate_months), max(facts.duplicate_months)
    return [
        Finding(
            "duplicate_refund",
            _("You paid twice for the same months"),
            _(
                "Pension contributions for %(count)d months (%(first)s to %(last)s) "
                "were paid in both %(regions)s. Only one counts; you can ask for a "
                "refund of the other."
            )
            % {
                "count": len(facts.duplicate_months),
                "first": first,
                "last": last,
                "regions": _(" and ").join(_region(r) for r in facts.duplicate_regions),
            },
            SERVICES["duplicate_refund"],
            f"duplicate_refund:{first}:{last}",
        )
    ]


def _medical(facts: RecordFacts, medical_min: dict[str, Parameter]) -> list:
    if not facts.medical:
        return []
    region = max(facts.medical, key=lambda span: span.last).region
    parameter = medical_min.get(region)
    if parameter is None or parameter.unknown:
        return []
    required = parameter.value["male_months" if facts.sex == "M" else "female_months"]
    paid = sum(span.months for span in facts.medical if span.region == region)
    if paid >= required:
        return []
    return [
        Finding(
            "medical_min_years",
            _("Your medical insurance years are short for retirement"),
            _(
                "To keep employee medical cover in retirement without paying, "
                "%(region)s asks for %(required)s of contributions; your record "
                "there shows %(paid)s. The missing %(short)s can be paid to keep "
                "the cover."
            )
            % {
                "region": _region(region),
                "required": _months(required),
                "paid": _months(paid),
                "short": _months(required - paid),
            },
            SERVICES["medical_min_years"],
            f"medical_min_years:{region}",
        )
    ]
