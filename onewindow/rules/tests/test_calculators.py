"""The calculators against the official tables, with their edges.

Values come from the annex tables of the 2024 retirement-age measures and the
months-divisor annex of Guofa [2005] No. 38.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from onewindow.core.exceptions import InvalidInput
from onewindow.core.periods import Period
from onewindow.rules.calculators import (
    account_balance_calculate,
    months_divisor,
    retirement_age_months,
    retirement_calculate,
)
from onewindow.rules.packfiles import PACKS_DIR, pack_read
from onewindow.rules.params import Citation, Parameter, pack_text

NATIONAL = {p.key: p for p in pack_read(PACKS_DIR / "national.json").parameters}
AS_OF = dt.date(2025, 6, 1)


def parameter(key: str, value=None, *, year: int | None = None) -> Parameter:
    spec = NATIONAL[key]
    chosen = spec.values[-1]
    if year is not None:
        chosen = next(v for v in spec.values if v.effective_from.year == year)
    raw = chosen.value if value is None else value
    if spec.unit == "rate" and raw is not None:
        raw = Decimal(raw)
    return Parameter(
        key=key,
        unit=spec.unit,
        value=raw,
        unknown=chosen.unknown,
        effective_from=chosen.effective_from,
        effective_to=chosen.effective_to,
        citation=Citation(spec.document, pack_text(spec.article)),
        pack="national@test",
        note=chosen.note,
    )


def retirement(birth: str, category: str):
    return retirement_calculate(
        birth=Period(*map(int, birth.split("-"))),
        category=category,
        as_of=AS_OF,
        age_rule=parameter("retirement.age_rule"),
        flexible=parameter("retirement.flexible_window"),
        minimum=parameter("pension.minimum_contribution"),
    )


@pytest.mark.parametrize(
    ("birth", "category", "age_months", "month"),
    [
        # men: old age 60, one month later per 4 birth months, 63 from 1976-09
        ("1964-12", "male", 720, "2024-12"),
        ("1965-01", "male", 721, "2025-02"),
        ("1965-04", "male", 721, "2025-05"),
        ("1965-05", "male", 722, "2025-07"),
        ("1966-01", "male", 724, "2026-05"),
        ("1976-08", "male", 755, "2039-07"),
        ("1976-09", "male", 756, "2039-09"),
        ("1990-06", "male", 756, "2053-06"),
        # women whose age was 55: to 58 from 1981-09
        ("1969-12", "female_55", 660, "2024-12"),
        ("1970-01", "female_55", 661, "2025-02"),
        ("1981-08", "female_55", 695, "2039-07"),
        ("1981-09", "female_55", 696, "2039-09"),
        # women whose age was 50: one month per 2 birth months, 55 from 1984-11
        ("1974-12", "female_50", 600, "2024-12"),
        ("1975-01", "female_50", 601, "2025-02"),
        ("1975-02", "female_50", 601, "2025-03"),
        ("1975-03", "female_50", 602, "2025-05"),
        ("1984-10", "female_50", 659, "2039-09"),
        ("1984-11", "female_50", 660, "2039-11"),
    ],
)
def test_retirement_age_and_month_match_the_annex_tables(
    birth, category, age_months, month
):
    result = retirement(birth, category)

    assert result.retirement_age_months == age_months
    assert str(result.retirement_month) == month


@pytest.mark.parametrize(
    ("birth_date", "category", "age_months", "month"),
    [
        (dt.date(1964, 2, 29), "male", 720, "2024-02"),
        (dt.date(1968, 2, 29), "male", 730, "2028-12"),
        (dt.date(1976, 2, 29), "female_50", 607, "2026-09"),
    ],
)
def test_a_birth_on_29_february_counts_as_its_birth_month(
    birth_date, category, age_months, month
):
    result = retirement(f"{birth_date.year}-{birth_date.month:02d}", category)

    assert result.retirement_age_months == age_months
    assert str(result.retirement_month) == month


@pytest.mark.parametrize(
    ("birth", "minimum"),
    [
        ("1964-12", 180),  # retires 2024
        ("1968-12", 180),  # retires 2029-11
        ("1969-01", 186),  # retires 2030-02: 15 years 6 months
        ("1970-03", 192),  # retires 2031
        ("1976-09", 240),  # retires 2039: 20 years
    ],
)
def test_minimum_contribution_rises_six_months_a_year_from_2030(birth, minimum):
    assert retirement(birth, "male").minimum_contribution_months == minimum


def test_flexible_window_is_three_years_each_side_but_never_before_the_old_age():
    result = retirement("1976-09", "male")

    assert str(result.earliest_flexible_month) == "2036-09"
    assert str(result.latest_flexible_month) == "2042-09"
    early = retirement("1966-01", "male")
    assert str(early.earliest_flexible_month) == "2026-01"  # the old age, 60


def test_the_last_cohort_before_the_reform_has_no_flexible_early_retirement():
    result = retirement("1964-12", "male")

    assert result.earliest_flexible_month == result.retirement_month


def test_every_retirement_step_cites_its_document_and_article():
    result = retirement("1970-01", "female_55")

    assert all(step.rule.document and step.rule.article for step in result.steps)
    assert result.packs == ("national@test",)


def test_an_unknown_category_is_refused():
    with pytest.raises(InvalidInput) as error:
        retirement("1970-01", "female")
    assert error.value.code == "category.invalid"


RULES = parameter("retirement.age_rule").value
births = st.integers(min_value=1940 * 12, max_value=2010 * 12).map(Period.from_index)


@given(births, st.sampled_from(["male", "female_55", "female_50"]))
def test_a_later_birth_month_never_gives_a_lower_retirement_age(birth, category):
    rule = RULES[category]
    later = Period.from_index(birth.index + 1)

    assert retirement_age_months(later, rule) >= retirement_age_months(birth, rule)


@given(births, st.sampled_from(["male", "female_55", "female_50"]))
def test_the_retirement_age_never_passes_the_final_age(birth, category):
    rule = RULES[category]

    assert retirement_age_months(birth, rule) <= rule["final_months"]
    assert retirement_age_months(birth, rule) >= rule["before_months"]


@given(births, st.sampled_from(["male", "female_55", "female_50"]))
def test_the_flexible_window_always_contains_the_statutory_month(birth, category):
    result = retirement(str(birth), category)

    assert result.earliest_flexible_month <= result.retirement_month
    assert result.retirement_month <= result.latest_flexible_month


DIVISORS = parameter("pension.months_divisor").value


@pytest.mark.parametrize(
    ("age_years", "divisor"), [(50, 195), (55, 170), (60, 139), (63, 117)]
)
def test_the_divisor_at_whole_years_is_the_table_value(age_years, divisor):
    assert months_divisor(age_years * 12, DIVISORS, "linear_by_month") == divisor
    assert months_divisor(age_years * 12, DIVISORS, "whole_year") == divisor


def test_the_divisor_at_an_age_with_months_follows_the_declared_method():
    # 60 years 4 months: between 139 (60) and 132 (61)
    assert months_divisor(724, DIVISORS, "linear_by_month") == Decimal("136.67")
    assert months_divisor(724, DIVISORS, "whole_year") == 139
    # 63 years 11 months: between 117 (63) and 109 (64)
    assert months_divisor(767, DIVISORS, "linear_by_month") == Decimal("109.67")


@pytest.mark.parametrize("age_months", [39 * 12 + 11, 70 * 12 + 1, 71 * 12])
def test_a_divisor_outside_the_table_is_refused(age_months):
    with pytest.raises(InvalidInput) as error:
        months_divisor(age_months, DIVISORS, "linear_by_month")
    assert error.value.code == "age.out_of_range"


def test_the_personal_account_credits_each_years_interest_by_months_left():
    rates = {
        2023: parameter("pension.account_interest", year=2023),
        2024: parameter("pension.account_interest", year=2024),
    }
    contributions = [(Period(2023, m), Decimal("800.00")) for m in range(1, 13)]
    contributions += [(Period(2024, 1), Decimal("800.00"))]

    result = account_balance_calculate(
        contributions=contributions,
        as_of=dt.date(2025, 3, 1),
        rates=rates,
        method=parameter("pension.account_interest_method"),
    )

    # 2023: 9600 paid; interest 800 × (11+10+…+0)/12 × 3.97% = 800 × 5.5 × 0.0397
    #       = 174.68 → closing 9774.68
    # 2024: 9774.68 × 2.62% = 256.0966; 800 × 11/12 × 2.62% = 19.2133;
    #       275.3099 → 275.31 → closing 9774.68 + 800 + 275.31 = 10849.99
    # 2025: no interest yet
    assert [y.closing for y in result.years] == [
        Decimal("9774.68"),
        Decimal("10849.99"),
        Decimal("10849.99"),
    ]
    assert result.balance == Decimal("10849.99")
    assert result.complete is True


def test_a_year_without_a_known_rate_is_flagged_as_incomplete():
    with translation.override("en"):
        result = account_balance_calculate(
            contributions=[(Period(2015, 1), Decimal("100.00"))],
            as_of=dt.date(2016, 6, 1),
            rates={2015: parameter("pension.account_interest", year=1998)},
            method=parameter("pension.account_interest_method"),
        )

    assert result.balance == Decimal("100.00")
    assert result.complete is False
    assert "not in the pack" in result.steps[0].formula
