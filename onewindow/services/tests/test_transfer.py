"""What moves in a transfer, against worked examples (Guobanfa [2009] No. 66)."""

from decimal import Decimal

from onewindow.core.periods import Period
from onewindow.services.transfer import transfer_calculate


def test_twelve_months_at_a_flat_base_move_twelve_percent_of_each():
    # 12 months × 5000.00 = 60000.00; × 12% = 7200.00
    result = transfer_calculate(
        from_region="110000",
        to_region="440300",
        months=[(Period(2020, m), Decimal("5000.00")) for m in range(1, 13)],
        personal_account=Decimal("4821.37"),
    )
    assert result.months == 12
    assert result.base_total == Decimal("60000.00")
    assert result.pooled_fund == Decimal("7200.00")
    assert result.personal_account == Decimal("4821.37")
    assert result.total == Decimal("12021.37")


def test_months_before_1998_move_no_pooled_fund():
    months = [
        (Period(1997, 11), Decimal("800.00")),
        (Period(1997, 12), Decimal("800.00")),
        (Period(1998, 1), Decimal("900.00")),
        (Period(1998, 2), Decimal("900.00")),
    ]
    result = transfer_calculate(
        from_region="310000",
        to_region="110000",
        months=months,
        personal_account=Decimal("1000"),
    )
    # Only 1998-01 and 1998-02 count: 1800.00 × 12% = 216.00
    assert result.months == 2
    assert result.pooled_fund == Decimal("216.00")
    assert result.personal_account == Decimal("1000.00")


def test_the_pooled_fund_is_rounded_half_up_once_on_the_sum():
    # 2693.83 + 2693.83 + 3001.04 + 4.37 = 8393.07; × 12% = 1007.1684 → 1007.17
    # (rounding each month first would give 1007.16)
    months = [
        (Period(2015, 1), Decimal("2693.83")),
        (Period(2015, 2), Decimal("2693.83")),
        (Period(2015, 3), Decimal("3001.04")),
        (Period(2015, 4), Decimal("4.37")),
    ]
    result = transfer_calculate(
        from_region="440300",
        to_region="420100",
        months=months,
        personal_account=Decimal("0.125"),
    )
    assert result.base_total == Decimal("8393.07")
    assert result.pooled_fund == Decimal("1007.17")
    assert result.personal_account == Decimal("0.13")


def test_a_half_fen_rounds_up():
    # 1.0625 × 12% = 0.1275 → 0.13 (half up, not to even)
    result = transfer_calculate(
        from_region="440300",
        to_region="110000",
        months=[(Period(2001, 1), Decimal("1.0625"))],
        personal_account=Decimal("0"),
    )
    assert result.pooled_fund == Decimal("0.13")


def test_every_step_cites_the_rule_in_the_reader_s_language():
    from django.utils import translation

    def calculate():
        return transfer_calculate(
            from_region="440300",
            to_region="110000",
            months=[(Period(2001, 1), Decimal("100.00"))],
            personal_account=Decimal("0"),
        )

    with translation.override("en"):
        result = calculate()
    assert all("Guobanfa [2009] No. 66" in step.rule for step in result.steps)
    assert result.as_json()["pooled_fund"] == "12.00"
    with translation.override("zh-hans"):
        chinese = calculate()
    assert all("国办发〔2009〕66号" in step.rule for step in chinese.steps)
