from decimal import Decimal

import pytest

from onewindow.core.areas import area_name, pooling_region, resolve_place
from onewindow.core.csvsafe import csv_cell
from onewindow.core.money import money_str, parse_money, to_fen
from onewindow.core.periods import Period, parse_period


@pytest.mark.parametrize(
    "text",
    [
        "202301",
        "2023-01",
        "2023/1",
        "2023年1月",
        "2023年01月",
        " 2023-1 ",
        "２０２３０１",
    ],
)
def test_every_department_spelling_of_a_month_reads_as_january_2023(text):
    assert parse_period(text) == Period(2023, 1)


@pytest.mark.parametrize("text", ["202313", "2023-00", "2023", "Jan 2023", "", "18991"])
def test_things_that_are_not_months_are_refused(text):
    assert parse_period(text) is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("12,345.60", Decimal("12345.60")),
        ("１２，３４５．６", Decimal("12345.60")),
        (" ¥2,693.83 ", Decimal("2693.83")),
        ("377.145", Decimal("377.15")),
        ("0", Decimal("0.00")),
    ],
)
def test_amounts_are_read_as_departments_write_them(text, value):
    assert parse_money(text) == value


@pytest.mark.parametrize("text", ["abc", "1.2.3", "", "12元5"])
def test_things_that_are_not_amounts_are_refused(text):
    assert parse_money(text) is None


def test_rounding_is_half_up_to_the_fen():
    assert to_fen(Decimal("0.125")) == Decimal("0.13")
    assert money_str(Decimal("1")) == "1.00"


@pytest.mark.parametrize(
    ("name", "code", "region"),
    [
        ("北京市朝阳区", "110105", "110000"),
        ("上海市浦东新区", "310115", "310000"),
        ("深圳市南山区", "440305", "440300"),
        ("广东省深圳市南山区", "440305", "440300"),
        ("深圳市", "440300", "440300"),
        ("110105", "110105", "110000"),
    ],
)
def test_place_names_become_area_codes_and_pooling_regions(name, code, region):
    assert resolve_place(name) == code
    assert pooling_region(code) == region


def test_an_unknown_place_has_no_code():
    assert resolve_place("火星市") is None


def test_region_names_are_given_in_the_reader_s_language():
    assert area_name("440300", "zh-hans") == "深圳市"
    assert area_name("440300", "en") == "Shenzhen"


@pytest.mark.parametrize("text", ["=1+1", "+SUM(A1)", "-2", "@cmd", "＝1"])
def test_csv_cells_that_a_spreadsheet_would_run_are_defused(text):
    assert csv_cell(text) == "'" + text


def test_ordinary_csv_cells_are_left_alone():
    assert csv_cell("深圳市") == "深圳市"
