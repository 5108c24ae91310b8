import datetime as dt
from decimal import Decimal

import pytest

from onewindow.exchange.tests.test_import import hrss, row
from onewindow.people.selectors import person_find_by_id_number
from onewindow.rules.selectors import personal_account_get

pytestmark = pytest.mark.django_db
LIN = "420106196402299834"


def balance(as_of: dt.date) -> Decimal:
    return personal_account_get(
        person=person_find_by_id_number(LIN), as_of=as_of
    ).balance


def test_an_employee_s_own_8_percent_goes_to_the_account(import_file):
    import_file("hrss", hrss(row("201501", base="5000.00", amounts="800.00,400.00")))

    # No interest is credited before the year ends: the balance is the credit.
    assert balance(dt.date(2015, 6, 30)) == Decimal("400.00")


def test_a_self_payer_s_20_percent_credits_only_8_points_to_the_account(import_file):
    import_file(
        "hrss",
        hrss(row("201501", base="5000.00", amounts="0.00,1000.00", employer=",")),
    )

    assert balance(dt.date(2015, 6, 30)) == Decimal("400.00")


def test_before_2006_the_account_was_built_at_11_percent_of_the_base(import_file):
    import_file(
        "hrss",
        hrss(row("200301", base="1000.00", amounts="200.00,110.00", employer=",")),
    )

    assert balance(dt.date(2003, 6, 30)) == Decimal("110.00")
