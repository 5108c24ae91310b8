import datetime as dt

import pytest
from django.utils import translation

from onewindow.core.exceptions import InvalidInput
from onewindow.core.identifiers import (
    mask_id_number,
    parse_credit_code,
    parse_resident_id,
)


def test_a_valid_18_character_number_gives_birth_date_and_sex():
    resident = parse_resident_id("420106196402299834")

    assert resident.value == "420106196402299834"
    assert resident.birth_date == dt.date(1964, 2, 29)
    assert resident.sex == "M"


def test_a_lower_case_x_full_width_digits_and_spaces_are_normalised():
    assert parse_resident_id(" 4201 0619 9601 26382x ").value == "42010619960126382X"
    assert (
        parse_resident_id("１１０１０５１９８２１０１２０３０Ｘ").value
        == "11010519821012030X"
    )


def test_a_15_digit_legacy_number_is_converted_to_18():
    # 110105 + 491231 + 002 -> 19 inserted before the year, check character added.
    assert parse_resident_id("110105491231002").value == "11010519491231002X"


def test_an_area_code_created_after_the_birth_year_is_valid():
    # 110118 (密云区) exists only since 2015; people born before hold such numbers.
    resident = parse_resident_id("110118195001010014")
    assert resident.birth_date == dt.date(1950, 1, 1)


def test_an_unknown_county_code_is_accepted_when_the_province_exists():
    assert parse_resident_id("119999198001010018").value == "119999198001010018"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "id_number.missing"),
        ("420106196402299835", "id_number.checksum"),
        ("42010619640229983", "id_number.format"),
        ("42010619650229983X", "id_number.birth_date"),
        ("420106206402299834", "id_number.birth_date"),
        ("990106196402299834", "id_number.area"),
        ("4.20106196402299E+17", "id_number.numeric_cell"),
        ("420106196402299834.0", "id_number.numeric_cell"),
    ],
)
def test_invalid_numbers_are_refused_with_a_code(text, code):
    with pytest.raises(InvalidInput) as raised:
        parse_resident_id(text)
    assert raised.value.code == code


def test_a_number_rounded_by_a_spreadsheet_gets_a_hint_about_text_columns():
    with pytest.raises(InvalidInput) as raised:
        parse_resident_id("420106196402299000")
    assert raised.value.code == "id_number.checksum"
    with translation.override("en"):
        assert "spreadsheet" in str(raised.value.message)


def test_a_birth_date_in_the_future_is_refused():
    with pytest.raises(InvalidInput):
        parse_resident_id("110105203001010011", today=dt.date(2026, 12, 4))


def test_masking_shows_the_first_and_last_four_characters():
    assert mask_id_number("11010519821012030X") == "1101**********030X"


@pytest.mark.parametrize(
    "code",
    [
        "91110105PF0B26Q50L",
        "911101053GTH6B5H2X",
        "91440305J9W8R5F11N",
    ],
)
def test_the_sample_credit_codes_are_valid(code):
    assert parse_credit_code(code) == code


def test_a_credit_code_with_a_wrong_final_character_is_refused():
    with pytest.raises(InvalidInput) as raised:
        parse_credit_code("91110105PF0B26Q50M")
    assert raised.value.code == "credit_code.checksum"


def test_a_credit_code_with_letters_the_standard_excludes_is_refused():
    with pytest.raises(InvalidInput) as raised:
        parse_credit_code("91110105PF0B26O50L")
    assert raised.value.code == "credit_code.format"


def test_a_letter_registration_authority_is_allowed():
    # Authority "A" (central military commission units) is valid in GB 32100.
    from onewindow.demo.synthetic import USCC_ALPHABET, USCC_WEIGHTS

    body = "A1110105PF0B26Q50"
    total = sum(
        USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True)
    )
    code = body + USCC_ALPHABET[(31 - total % 31) % 31]
    assert parse_credit_code(code) == code


def test_a_wrong_inner_organisation_code_is_refused():
    from onewindow.demo.synthetic import USCC_ALPHABET, USCC_WEIGHTS

    body = "91110105PF0B26Q51"  # organisation check character 5 -> 1
    total = sum(
        USCC_ALPHABET.index(c) * w for c, w in zip(body, USCC_WEIGHTS, strict=True)
    )
    with pytest.raises(InvalidInput) as raised:
        parse_credit_code(body + USCC_ALPHABET[(31 - total % 31) % 31])
    assert raised.value.code == "credit_code.organisation"
