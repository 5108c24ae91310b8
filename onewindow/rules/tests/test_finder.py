"""The entitlement finder rules, one situation each, on made-up record summaries."""

import datetime as dt

import pytest
from django.utils import translation

from onewindow.core.periods import Period
from onewindow.rules.finder import RecordFacts, RegionSpan, entitlements_find
from onewindow.rules.tests.test_calculators import parameter, retirement

AS_OF = dt.date(2025, 3, 1)


def p(text: str) -> Period:
    return Period(*map(int, text.split("-")))


def facts(**changes) -> RecordFacts:
    base = {
        "person_id": 1,
        "birth": p("1985-05"),
        "sex": "M",
        "pension": (RegionSpan("110000", 120, p("2015-01"), p("2024-12")),),
        "unemployment_months": 120,
        "medical": (RegionSpan("110000", 120, p("2015-01"), p("2024-12")),),
        "last_employed": p("2025-02"),
        "last_employed_region": "110000",
        "duplicate_months": (),
        "duplicate_regions": (),
    }
    base.update(changes)
    return RecordFacts(**base)


def medical_min(male: int, female: int):
    from dataclasses import replace

    return replace(
        parameter("unemployment.duration"),
        key="medical.retiree_min_years",
        value={"male_months": male, "female_months": female},
    )


def find(record: RecordFacts, horizon="2025-02"):
    with translation.override("en"):
        return entitlements_find(
            record,
            as_of=AS_OF,
            retirement=retirement(str(record.birth), record.category),
            unemployment_duration=parameter("unemployment.duration"),
            medical_min={"110000": medical_min(300, 240)},
            horizon={"110000": p(horizon)},
        )


def kinds(record, **kw):
    return [f.kind for f in find(record, **kw)]


def test_a_young_person_in_work_has_nothing_to_claim():
    assert find(facts()) == []


def test_the_pension_claim_is_raised_six_months_before_the_retirement_month():
    near = facts(
        birth=p("1965-05"),  # retires 2025-07 at 60 years 2 months
        pension=(RegionSpan("110000", 200, p("2008-05"), p("2025-02")),),
    )

    found = find(near)

    assert [f.kind for f in found] == ["pension_claim"]
    assert "Your statutory retirement month is 2025-07." in found[0].why
    assert found[0].service == "/services/pension-claim/"


def test_seven_months_before_retirement_is_too_early_to_raise_the_claim():
    early = facts(
        birth=p("1965-09"),  # retires 2025-12
        pension=(RegionSpan("110000", 200, p("2008-05"), p("2025-02")),),
        last_employed=p("2025-02"),
    )

    assert "pension_claim" not in kinds(early)


def test_a_shortfall_says_how_many_months_are_missing_and_how_to_make_them_up():
    short = facts(
        birth=p("1964-02"),
        pension=(RegionSpan("420100", 115, p("2015-01"), p("2024-07")),),
        medical=(),
    )

    found = find(short)

    assert [f.kind for f in found] == ["contribution_shortfall"]
    assert "so 5 years 5 months are missing" in found[0].why
    assert "keep paying after the statutory age" in found[0].why
    assert "in one payment" in found[0].why


def test_unemployment_benefit_after_employer_contributions_stopped():
    ended = facts(last_employed=p("2024-10"), unemployment_months=72)

    found = find(ended)

    assert [f.kind for f in found] == ["unemployment_benefit"]
    assert "since 2024-10" in found[0].why
    assert "up to 18 months" in found[0].why


def test_no_unemployment_benefit_with_less_than_a_year_of_contributions():
    assert kinds(facts(last_employed=p("2024-10"), unemployment_months=11)) == []


def test_a_delivery_that_has_not_arrived_yet_is_not_a_lost_job():
    # the bureau has delivered up to 2024-11 only; the job looks alive until then
    assert kinds(facts(last_employed=p("2024-11")), horizon="2024-11") == []


def test_a_move_between_cities_without_a_transfer_is_raised():
    moved = facts(
        pension=(
            RegionSpan("110000", 48, p("2015-01"), p("2018-12")),
            RegionSpan("440300", 72, p("2019-01"), p("2024-12")),
        )
    )

    found = find(moved)

    assert [f.kind for f in found] == ["pension_transfer"]
    assert "in Beijing from 2015-01 to 2018-12 and then in Shenzhen" in found[0].why


def test_the_same_months_paid_in_two_cities_can_be_refunded():
    doubled = facts(
        pension=(
            RegionSpan("110000", 51, p("2020-01"), p("2024-03")),
            RegionSpan("440300", 12, p("2024-01"), p("2024-12")),
        ),
        duplicate_months=(p("2024-01"), p("2024-02"), p("2024-03")),
        duplicate_regions=("110000", "440300"),
    )

    found = find(doubled)

    assert [f.kind for f in found] == ["duplicate_refund"]
    assert "for 3 months (2024-01 to 2024-03)" in found[0].why
    assert doubled.pension_months == 60


def test_a_retiree_short_of_the_regions_medical_years_is_told():
    retired = facts(
        birth=p("1960-01"),
        sex="F",
        pension=(RegionSpan("110000", 240, p("2005-01"), p("2024-12")),),
        medical=(RegionSpan("110000", 113, p("2015-08"), p("2024-12")),),
        last_employed=None,
    )

    found = find(retired)

    assert [f.kind for f in found] == ["pension_claim", "medical_min_years"]
    assert "asks for 20 years 0 months" in found[1].why


@pytest.mark.parametrize("region", ["440300", "310000"])
def test_no_medical_finding_where_the_region_sets_no_minimum(region):
    retired = facts(
        birth=p("1958-01"),
        pension=(RegionSpan(region, 240, p("2005-01"), p("2024-12")),),
        medical=(RegionSpan(region, 10, p("2024-01"), p("2024-10")),),
        last_employed=None,
    )

    assert kinds(retired) == ["pension_claim"]
