"""The merge against a model of its rules, on generated deliveries.

The rules (docs/decisions/0001): a month's figure is the one stated last, the
figures it replaced are kept, and a delivery that states a figure already
replaced changes nothing, so an old file delivered again never undoes a newer
one. Delivering the same file twice never changes anything the second time.
"""

from decimal import Decimal

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onewindow.exchange import contributions
from onewindow.people.models import Person
from onewindow.records.models import Contribution

from .test_import import counts, hrss, row

pytestmark = pytest.mark.django_db

# One person written four ways: 18 digits, the old 15, a lowercase check
# character, stray spaces.
SPELLINGS = [
    "11010519491231002X",
    "110105491231002",
    "11010519491231002x",
    " 11010519491231002X ",
]
PERIODS = ["202301", "202302", "2023-01"]  # two spellings of one month
FIGURES = ["5000.00", "6000.00", "7000.00"]

delivery = st.lists(
    st.tuples(
        st.sampled_from(PERIODS), st.sampled_from(FIGURES), st.sampled_from(SPELLINGS)
    ),
    min_size=1,
    max_size=8,
)


def expected(deliveries):
    """The ledger the rules give: period -> base."""
    ledger: dict[int, tuple[str, set[str]]] = {}
    for rows in deliveries:
        for period, figure, _spelling in rows:
            month = int(period.replace("-", ""))
            current, replaced = ledger.get(month, (None, set()))
            if current is None:
                ledger[month] = (figure, replaced)
            elif figure != current and figure not in replaced:
                ledger[month] = (figure, replaced | {current})
    return {month: Decimal(figure) for month, (figure, _r) in ledger.items()}


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    deliveries=st.lists(delivery, min_size=1, max_size=3),
    block=st.sampled_from([1, 2, 3, 20000]),
)
def test_the_ledger_follows_the_rules_for_any_deliveries(
    import_file, deliveries, block
):
    original = contributions.BLOCK_ROWS
    contributions.BLOCK_ROWS = block
    try:
        with transaction.atomic():
            deliver_each_twice(import_file, deliveries)
            transaction.set_rollback(True)
    finally:
        contributions.BLOCK_ROWS = original


def deliver_each_twice(import_file, deliveries) -> None:
    """Import each delivery twice, then compare the ledger with the model."""
    for rows in deliveries:
        content = hrss(*(row(p, base=f, who=f"王五,{s}") for p, f, s in rows))
        first = import_file("hrss", content)
        again = import_file("hrss", content)

        assert (first.status, first.rejected) == ("done", 0)
        assert counts(again) == (len(rows), 0, 0, len(rows), 0)

    ledger = dict(Contribution.objects.values_list("period", "base"))
    assert ledger == expected(deliveries)
    assert Person.objects.count() == 1
