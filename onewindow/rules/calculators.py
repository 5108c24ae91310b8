"""Calculators: pure functions of their inputs, an as_of date and the parameters.

No database inside (house rule 6): selectors load the Parameters in force on
as_of and pass them in. Each result is frozen and carries its steps, each step
with its value, its formula and the rule (document and article) it applied, and
the pack versions that produced it.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from onewindow.core.exceptions import InvalidInput
from onewindow.core.money import ZERO, money_str, to_fen
from onewindow.core.periods import Period

from .params import Citation, Parameter, pack_text

CATEGORIES = ("male", "female_55", "female_50")
HUNDREDTH = Decimal("0.01")
# The largest inputs the pension calculator takes, as its form does: amounts of
# at most 12 digits, the 300% cap on the contribution base, 60 years of months.
MAX_AMOUNT = Decimal("9999999999.99")
MAX_CONTRIBUTION_INDEX = 3
MAX_CONTRIBUTION_MONTHS = 720


@dataclass(frozen=True)
class Step:
    label: str
    value: str
    formula: str
    rule: Citation
    pack: str
    note: str = ""


def _step(label: str, value: object, formula: str, parameter: Parameter) -> Step:
    shown = parameter.needs_confirming or parameter.unknown
    note = pack_text(parameter.note) if shown else ""
    return Step(label, str(value), formula, parameter.citation, parameter.pack, note)


def _packs(*parameters: Parameter) -> tuple[str, ...]:
    return tuple(sorted({p.pack for p in parameters}))


def _years_months(months: int) -> str:
    return _("%(years)d years %(months)d months") % {
        "years": months // 12,
        "months": months % 12,
    }


def _decimal_text(value: Decimal) -> str:
    """A plain decimal without trailing zeros: 139, 136.67."""
    text = f"{value:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


# Retirement age -------------------------------------------------------------------


@dataclass(frozen=True)
class RetirementResult:
    birth: Period
    category: str
    as_of: dt.date
    retirement_age_months: int
    retirement_month: Period
    minimum_contribution_months: int
    earliest_flexible_month: Period
    latest_flexible_month: Period
    steps: tuple[Step, ...]
    packs: tuple[str, ...]


def _category_rule(category: str, age_rule: Parameter) -> dict:
    if category not in CATEGORIES:
        raise InvalidInput(
            _("The category must be one of: male, female_55, female_50."),
            code="category.invalid",
        )
    return age_rule.value[category]


def retirement_age_months(birth: Period, rule: dict) -> int:
    """Return the statutory retirement age in months for a birth month.

    NPC Standing Committee decision of 2024-09-13 and annex tables 1-3:
    k = birth month - first birth month affected; the delay is 0 before it, else
    min(k div pace + 1, final age - old age), in months.
    """
    first = Period(*map(int, rule["first_birth"].split("-")))
    k = birth.index - first.index
    delay = (
        0
        if k < 0
        else min(k // rule["pace"] + 1, rule["final_months"] - rule["before_months"])
    )
    return rule["before_months"] + delay


def minimum_contribution_months(year: int, table: dict) -> int:
    """Minimum contribution months for a monthly pension, by year of retirement.

    Measures of 2024 art. 4: 15 years up to 2029, six months more each year from
    2030, 20 years from 2039.
    """
    if year < table["from_year"]:
        return table["base_months"]
    extra = (year - table["from_year"] + 1) * table["step_months"]
    return min(table["base_months"] + extra, table["max_months"])


def retirement_calculate(
    *,
    birth: Period,
    category: str,
    as_of: dt.date,
    age_rule: Parameter,
    flexible: Parameter,
    minimum: Parameter,
) -> RetirementResult:
    """Work out the statutory retirement month, the flexible window and the
    minimum contribution years for one birth month and category."""
    rule = _category_rule(category, age_rule)

    age = retirement_age_months(birth, rule)
    month = Period.from_index(birth.index + age)
    required = minimum_contribution_months(month.year, minimum.value)
    window = flexible.value
    earliest_age = max(age - window["early_months"], rule["before_months"])
    earliest = Period.from_index(birth.index + earliest_age)
    latest = Period.from_index(birth.index + age + window["late_months"])

    first = rule["first_birth"]
    k = birth.index - Period(*map(int, first.split("-"))).index
    delay = age - rule["before_months"]
    steps = (
        _step(
            _("Months between your birth month and the first birth month affected"),
            k,
            f"k = {birth} − {first} = {k}",
            age_rule,
        ),
        _step(
            _("Delay of the retirement age, in months"),
            delay,
            (
                "k < 0 → 0"
                if k < 0
                else f"min(⌊{k} ÷ {rule['pace']}⌋ + 1, {rule['final_months']} − "
                f"{rule['before_months']}) = {delay}"
            ),
            age_rule,
        ),
        _step(
            _("Statutory retirement age"),
            _years_months(age),
            f"{rule['before_months']} + {delay} = {age}",
            age_rule,
        ),
        _step(
            _("Statutory retirement month"),
            str(month),
            f"{birth} + {age}",
            age_rule,
        ),
        _step(
            _("Minimum contribution for a monthly pension"),
            _years_months(required),
            (
                f"{month.year} < {minimum.value['from_year']} → "
                f"{minimum.value['base_months']}"
                if month.year < minimum.value["from_year"]
                else f"min({minimum.value['base_months']} + ({month.year} − "
                f"{minimum.value['from_year']} + 1) × {minimum.value['step_months']}, "
                f"{minimum.value['max_months']}) = {required}"
            ),
            minimum,
        ),
        _step(
            _("Earliest flexible retirement month"),
            str(earliest),
            f"{birth} + max({age} − {window['early_months']}, {rule['before_months']})",
            flexible,
        ),
        _step(
            _("Latest flexible retirement month"),
            str(latest),
            f"{birth} + {age} + {window['late_months']}",
            flexible,
        ),
    )
    return RetirementResult(
        birth=birth,
        category=category,
        as_of=as_of,
        retirement_age_months=age,
        retirement_month=month,
        minimum_contribution_months=required,
        earliest_flexible_month=earliest,
        latest_flexible_month=latest,
        steps=steps,
        packs=_packs(age_rule, flexible, minimum),
    )


# Basic pension ----------------------------------------------------------------


@dataclass(frozen=True)
class PensionResult:
    as_of: dt.date
    basic_pension: Decimal
    account_pension: Decimal
    total: Decimal
    divisor: Decimal
    divisor_method: str
    steps: tuple[Step, ...]
    packs: tuple[str, ...]


def months_divisor(age_months: int, table: dict, method: str) -> Decimal:
    """Return the months divisor for a retirement age (Guofa [2005] No. 38 annex).

    The table is by whole years. For an age with months, "linear_by_month"
    interpolates between the two whole-year values (two decimals, half up);
    "whole_year" takes the value of the completed year.
    """
    years, months = divmod(age_months, 12)
    low = table.get(str(years))
    if low is None or (
        months and method == "linear_by_month" and str(years + 1) not in table
    ):
        raise InvalidInput(
            _("The retirement age must be between %(low)s and %(high)s years.")
            % {"low": min(map(int, table)), "high": max(map(int, table))},
            code="age.out_of_range",
        )
    if months == 0 or method == "whole_year":
        return Decimal(low)
    high = table[str(years + 1)]
    exact = Decimal(low) + (Decimal(high) - Decimal(low)) * months / 12
    return exact.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def pension_calculate(
    *,
    average_wage: Decimal,
    contribution_index: Decimal,
    contribution_months: int,
    account_balance: Decimal,
    retirement_age_months: int,
    as_of: dt.date,
    basic_rate: Parameter,
    divisor_table: Parameter,
    divisor_method: Parameter,
) -> PensionResult:
    """Compute the basic pension of an enterprise employee.

    Guofa [2005] No. 38 art. 6: basic part = W × (1 + I) ÷ 2 × N × 1%; account
    part = balance ÷ months divisor. Each part is rounded half up to the fen and
    the total is the sum of the rounded parts. The transitional part that
    provinces pay for service before 1998 is not included.
    """
    for value in (average_wage, contribution_index, account_balance):
        if not Decimal(value).is_finite():
            raise InvalidInput(
                _("Amounts must be ordinary numbers."), code="number.invalid"
            )
    if average_wage <= 0:
        raise InvalidInput(
            _("The average wage must be more than zero."), code="wage.invalid"
        )
    if average_wage > MAX_AMOUNT or account_balance > MAX_AMOUNT:
        raise InvalidInput(
            _("Amounts cannot be more than %(limit)s yuan.")
            % {"limit": money_str(MAX_AMOUNT)},
            code="amount.too_large",
        )
    if contribution_index > MAX_CONTRIBUTION_INDEX:
        raise InvalidInput(
            _("The contribution index cannot be more than %(limit)s.")
            % {"limit": MAX_CONTRIBUTION_INDEX},
            code="index.too_large",
        )
    if contribution_months > MAX_CONTRIBUTION_MONTHS:
        raise InvalidInput(
            _("The contribution months cannot be more than %(limit)s.")
            % {"limit": MAX_CONTRIBUTION_MONTHS},
            code="months.too_large",
        )
    if contribution_index < 0:
        raise InvalidInput(
            _("The contribution index cannot be negative."), code="index.invalid"
        )
    if contribution_months < 0:
        raise InvalidInput(
            _("The contribution months cannot be negative."), code="months.invalid"
        )
    if account_balance < 0:
        raise InvalidInput(
            _("The account balance cannot be negative."), code="balance.invalid"
        )
    method = divisor_method.value
    divisor = months_divisor(retirement_age_months, divisor_table.value, method)

    rate = basic_rate.value
    years = Decimal(contribution_months) / 12
    basic = to_fen(average_wage * (1 + contribution_index) / 2 * years * rate)
    account = to_fen(account_balance / divisor)
    total = basic + account

    age_years, age_months = divmod(retirement_age_months, 12)
    if age_months == 0:
        divisor_formula = _("table value at %(years)d years") % {"years": age_years}
    elif method == "whole_year":
        divisor_formula = _(
            "whole-year method: the table value at %(years)d years is used for "
            "%(years)d years %(months)d months"
        ) % {"years": age_years, "months": age_months}
    else:
        divisor_formula = _(
            "linear by month: %(low)s + (%(high)s − %(low)s) × %(months)d ÷ 12, "
            "rounded half up to two decimals"
        ) % {
            "low": divisor_table.value[str(age_years)],
            "high": divisor_table.value[str(age_years + 1)],
            "months": age_months,
        }
    steps = (
        _step(
            _("Contribution years"),
            _decimal_text(years.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)),
            f"N = {contribution_months} ÷ 12",
            basic_rate,
        ),
        _step(
            _("Basic (pooled) part per month"),
            money_str(basic),
            f"W × (1 + I) ÷ 2 × N × {_decimal_text(rate * 100)}% = "
            f"{money_str(average_wage)} × (1 + {contribution_index}) ÷ 2 × "
            f"{contribution_months}/12 × {_decimal_text(rate * 100)}%",
            basic_rate,
        ),
        _step(
            _("Months divisor"), _decimal_text(divisor), divisor_formula, divisor_method
        ),
        _step(
            _("Months divisor table"),
            _decimal_text(divisor),
            _("retirement age %(age)s") % {"age": _years_months(retirement_age_months)},
            divisor_table,
        ),
        _step(
            _("Personal-account part per month"),
            money_str(account),
            f"{money_str(account_balance)} ÷ {_decimal_text(divisor)}",
            divisor_table,
        ),
        _step(
            _("Total per month"),
            money_str(total),
            f"{money_str(basic)} + {money_str(account)}",
            basic_rate,
        ),
    )
    return PensionResult(
        as_of=as_of,
        basic_pension=basic,
        account_pension=account,
        total=total,
        divisor=divisor,
        divisor_method=method,
        steps=steps,
        packs=_packs(basic_rate, divisor_table, divisor_method),
    )


# Unemployment benefit ------------------------------------------------------------


@dataclass(frozen=True)
class UnemploymentResult:
    as_of: dt.date
    region: str
    max_benefit_months: int
    monthly_amount: Decimal | None
    steps: tuple[Step, ...]
    packs: tuple[str, ...]


def unemployment_months(contribution_months: int, table: dict) -> int:
    """Longest benefit duration (Unemployment Insurance Regulations art. 17)."""
    months = 0
    for tier in table["tiers"]:
        if contribution_months >= tier["from_months"]:
            months = tier["benefit_months"]
    return months


def unemployment_calculate(
    *,
    contribution_months: int,
    region: str,
    as_of: dt.date,
    duration: Parameter,
    amount_rule: Parameter,
    minimum_wage: Parameter,
) -> UnemploymentResult:
    """Compute the longest benefit duration and the monthly amount in a region."""
    if contribution_months < 0:
        raise InvalidInput(
            _("The contribution months cannot be negative."), code="months.invalid"
        )

    months = unemployment_months(contribution_months, duration.value)
    minimum = duration.value["minimum_months"]
    steps: list[Step] = []
    if contribution_months < minimum:
        steps.append(
            _step(
                _("Benefit months"),
                0,
                _(
                    "%(months)d months of contributions is less than the %(minimum)d "
                    "months needed: no unemployment benefit"
                )
                % {"months": contribution_months, "minimum": minimum},
                duration,
            )
        )
    else:
        steps.append(
            _step(
                _("Benefit months"),
                months,
                _(
                    "%(months)d months of contributions: 12 to under 60 → 12, "
                    "60 to under 120 → 18, 120 or more → 24"
                )
                % {"months": contribution_months},
                duration,
            )
        )

    amount: Decimal | None = None
    rule = amount_rule.value
    if amount_rule.unknown or minimum_wage.unknown:
        missing = amount_rule if amount_rule.unknown else minimum_wage
        steps.append(
            Step(
                _("Monthly amount"),
                _("unknown"),
                _("The rule pack does not hold this figure yet."),
                missing.citation,
                missing.pack,
                pack_text(missing.note),
            )
        )
    elif rule.get("method") == "share_of_minimum_wage":
        share = Decimal(rule["share"])
        amount = to_fen(minimum_wage.value * share) if months else ZERO
        steps.append(
            _step(
                _("Local minimum wage"), money_str(minimum_wage.value), "", minimum_wage
            )
        )
        steps.append(
            _step(
                _("Monthly amount"),
                money_str(amount),
                f"{money_str(minimum_wage.value)} × {_decimal_text(share * 100)}%",
                amount_rule,
            )
        )
    return UnemploymentResult(
        as_of=as_of,
        region=region,
        max_benefit_months=months,
        monthly_amount=amount,
        steps=tuple(steps),
        packs=_packs(duration, amount_rule, minimum_wage),
    )


# Personal pension account ------------------------------------------------------------


@dataclass(frozen=True)
class AccountYear:
    year: int
    opening: Decimal
    contributions: Decimal
    rate: Decimal | None
    interest: Decimal
    closing: Decimal


@dataclass(frozen=True)
class AccountResult:
    as_of: dt.date
    balance: Decimal
    years: tuple[AccountYear, ...]
    complete: bool  # False when a year's rate is unknown and its interest left out
    steps: tuple[Step, ...]
    packs: tuple[str, ...]


def account_balance_calculate(
    *,
    contributions: list[tuple[Period, Decimal]],
    as_of: dt.date,
    rates: dict[int, Parameter],
    method: Parameter,
) -> AccountResult:
    """Build the pension personal-account balance from monthly contributions.

    The individual 8% goes wholly to the account (Guofa [2005] No. 38 art. 5).
    Interest is credited at the end of each year at the rate the ministry
    announces. Method "pro_rata_by_month": the opening balance earns the full
    rate; a month's contribution earns it for the months left after that month.
    The current year earns nothing until its rate is credited.
    """
    by_year: dict[int, list[tuple[int, Decimal]]] = {}
    for period, amount in contributions:
        if amount < 0:
            raise InvalidInput(
                _("A contribution cannot be negative."), code="contribution.invalid"
            )
        if period.year <= as_of.year:
            by_year.setdefault(period.year, []).append((period.month, amount))

    years: list[AccountYear] = []
    steps: list[Step] = []
    complete = True
    balance = ZERO
    used: list[Parameter] = [method]
    first_year = min(by_year, default=as_of.year)
    for year in range(first_year, as_of.year + 1):
        months = by_year.get(year, [])
        paid = sum((amount for _, amount in months), ZERO)
        parameter = rates.get(year)
        rate: Decimal | None = None
        interest = ZERO
        if year == as_of.year:
            note = _("interest for %(year)d is credited at the end of the year") % {
                "year": year
            }
        elif parameter is None or parameter.unknown:
            complete = False
            note = _(
                "the rate for %(year)d is not in the pack: no interest counted"
            ) % {"year": year}
        else:
            rate = parameter.value
            used.append(parameter)
            weighted = sum(
                (amount * (12 - month) / 12 for month, amount in months), ZERO
            )
            interest = to_fen(balance * rate + weighted * rate)
            note = (
                f"{money_str(balance)} × {_decimal_text(rate * 100)}% + Σ "
                f"{_('contribution × months left ÷ 12')} × {_decimal_text(rate * 100)}%"
            )
        closing = balance + paid + interest
        years.append(AccountYear(year, balance, paid, rate, interest, closing))
        citation = parameter or method
        steps.append(
            _step(
                _("Balance at the end of %(year)d") % {"year": year},
                money_str(closing),
                f"{money_str(balance)} + {money_str(paid)} + {money_str(interest)} "
                f"({note})",
                citation,
            )
        )
        balance = closing
    return AccountResult(
        as_of=as_of,
        balance=balance,
        years=tuple(years),
        complete=complete,
        steps=tuple(steps),
        packs=_packs(*used),
    )
