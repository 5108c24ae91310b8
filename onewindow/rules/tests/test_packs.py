"""Loading rule packs: what is refused, with which message, and what staff see."""

import copy
import datetime as dt
import json
from decimal import Decimal

import pytest
from django.utils import translation

from onewindow.rules.errors import (
    ParameterMissing,
    RulePackRefused,
    RulePackVersionConflict,
)
from onewindow.rules.models import RulePack
from onewindow.rules.packfiles import PACKS_DIR, pack_files, pack_parse, pack_read
from onewindow.rules.params import pack_text
from onewindow.rules.selectors import parameters_get
from onewindow.rules.services import rule_pack_load, rule_packs_load


@pytest.fixture(autouse=True)
def _in_english():
    """These tests read the English wording; the site's default is Chinese."""
    with translation.override("en"):
        yield


SMALL = {
    "code": "testland",
    "region": "120000",
    "version": "1",
    "title": {"en": "Test", "zh": "测试"},
    "documents": {"doc": {"en": "A notice", "zh": "通知"}},
    "parameters": [
        {
            "key": "contribution.base_floor",
            "unit": "yuan",
            "document": "doc",
            "article": "Art. 1",
            "required_from": "2023-07-01",
            "values": [
                {
                    "effective_from": "2023-07-01",
                    "effective_to": "2024-06-30",
                    "value": "6326",
                },
                {"effective_from": "2024-07-01", "effective_to": None, "value": "6821"},
            ],
        }
    ],
}


def variant(change) -> dict:
    data = copy.deepcopy(SMALL)
    change(data["parameters"][0])
    return data


def test_every_shipped_pack_passes_its_own_checks():
    codes = {pack_read(path).code for path in pack_files()}

    assert codes == {"national", "beijing", "shanghai", "shenzhen"}


@pytest.mark.parametrize("path", pack_files(), ids=lambda path: path.name)
def test_every_note_and_article_of_a_shipped_pack_is_in_english_and_chinese(path):
    data = json.loads(path.read_text())
    texts = []
    for parameter in data["parameters"]:
        texts.append((parameter["key"], "article", parameter["article"]))
        texts.extend(
            (parameter["key"], "note", value["note"])
            for value in parameter["values"]
            if "note" in value
        )

    missing = [
        (key, field)
        for key, field, text in texts
        if not (
            isinstance(text, dict)
            and text.get("en", "").strip()
            and any("\u4e00" <= char <= "\u9fff" for char in text.get("zh", ""))
        )
    ]
    assert texts
    assert missing == []


def test_a_note_and_article_in_two_languages_are_shown_in_the_readers():
    def bilingual(p):
        p["article"] = {"en": "Art. 1", "zh": "第一条"}
        p["values"][0]["note"] = {"en": "confirm it", "zh": "待核对"}

    parameter = pack_parse(variant(bilingual)).parameters[0]

    assert parameter.values[0].note == {"en": "confirm it", "zh": "待核对"}
    assert pack_text(parameter.article) == "Art. 1"
    with translation.override("zh-hans"):
        assert pack_text(parameter.article) == "第一条"
        assert pack_text(parameter.values[0].note) == "待核对"
    assert pack_text("plain text, as older packs give it") == (
        "plain text, as older packs give it"
    )


def test_a_note_in_two_languages_needs_both():
    def half(p):
        p["values"][0]["note"] = {"zh": "待核对"}

    with pytest.raises(RulePackRefused, match="English \\(en\\) and a Chinese"):
        pack_parse(variant(half))


@pytest.mark.django_db
def test_a_value_still_needs_confirming_when_only_its_chinese_note_is_read():
    with translation.override("zh-hans"):
        floor = parameters_get(
            region="110000",
            keys=["contribution.base_floor"],
            as_of=dt.date(2024, 7, 1),
        )["contribution.base_floor"]

    assert floor.needs_confirming is True
    assert floor.citation.article == "年度通知"


def test_two_values_that_overlap_are_refused_naming_both():
    def overlap(p):
        p["values"][0]["effective_to"] = "2024-07-31"

    with pytest.raises(RulePackRefused) as error:
        pack_parse(variant(overlap))
    assert str(error.value.message) == (
        "Pack testland, contribution.base_floor: the value from 2023-07-01 overlaps "
        "the value from 2024-07-01."
    )


def test_an_open_ended_value_followed_by_another_is_an_overlap():
    def open_end(p):
        p["values"][0]["effective_to"] = None

    with pytest.raises(RulePackRefused, match="overlaps"):
        pack_parse(variant(open_end))


def test_a_gap_between_two_values_is_refused():
    def gap(p):
        p["values"][1]["effective_from"] = "2024-08-01"

    with pytest.raises(RulePackRefused) as error:
        pack_parse(variant(gap))
    assert "gap between the value from 2023-07-01 (ending 2024-06-30)" in str(
        error.value.message
    )


def test_values_starting_after_the_date_calculations_need_are_refused():
    def late(p):
        p["required_from"] = "2019-05-01"

    with pytest.raises(RulePackRefused, match="need it from 2019-05-01"):
        pack_parse(variant(late))


def test_a_rate_written_as_a_percentage_is_refused_as_a_wrong_unit():
    data = copy.deepcopy(SMALL)
    data["parameters"][0].update(key="contribution.pension.employer_rate", unit="rate")
    data["parameters"][0]["values"][0]["value"] = "16"

    with pytest.raises(RulePackRefused, match="not a percentage"):
        pack_parse(data)


def test_a_parameter_declared_in_the_wrong_unit_is_refused():
    def months(p):
        p["unit"] = "months"

    with pytest.raises(RulePackRefused) as error:
        pack_parse(variant(months))
    assert str(error.value.message) == (
        "Pack testland, contribution.base_floor: the unit is months but must be yuan."
    )


def test_yuan_as_a_json_number_is_refused():
    def number(p):
        p["values"][0]["value"] = 6326.5

    with pytest.raises(RulePackRefused, match="in quotes"):
        pack_parse(variant(number))


def test_an_unknown_value_needs_a_note_and_no_figure():
    def guessed(p):
        p["values"][0].update(unknown=True, note="")

    with pytest.raises(RulePackRefused, match="needs a note"):
        pack_parse(variant(guessed))


@pytest.mark.django_db
def test_the_shipped_packs_are_loaded_after_migrate_with_one_current_version():
    current = RulePack.objects.filter(is_current=True)

    assert sorted(current.values_list("code", "region")) == [
        ("beijing", "110000"),
        ("national", ""),
        ("shanghai", "310000"),
        ("shenzhen", "440300"),
    ]


@pytest.mark.django_db
def test_loading_the_same_packs_again_changes_nothing():
    before = list(RulePack.objects.values_list("id", flat=True))

    rule_packs_load()

    assert list(RulePack.objects.values_list("id", flat=True)) == before


@pytest.mark.django_db
def test_a_changed_pack_under_the_same_version_is_refused():
    spec = pack_parse(SMALL)
    rule_pack_load(spec=spec)
    changed = copy.deepcopy(SMALL)
    changed["parameters"][0]["values"][1]["value"] = "7000"

    with pytest.raises(RulePackVersionConflict):
        rule_pack_load(spec=pack_parse(changed))


@pytest.mark.django_db
def test_a_new_version_becomes_current_and_figures_name_the_version():
    rule_pack_load(spec=pack_parse(SMALL))
    newer = copy.deepcopy(SMALL)
    newer["version"] = "2"
    newer["parameters"][0]["values"][1]["value"] = "6900"
    rule_pack_load(spec=pack_parse(newer))

    found = parameters_get(
        region="120000", keys=["contribution.base_floor"], as_of=dt.date(2025, 1, 1)
    )["contribution.base_floor"]

    assert found.value == Decimal("6900")
    assert found.pack == "testland@2"
    assert RulePack.objects.filter(code="testland").count() == 2


@pytest.mark.django_db
def test_a_calculation_uses_the_value_in_force_on_its_date():
    def floor(day):
        return parameters_get(
            region="110000", keys=["contribution.base_floor"], as_of=day
        )["contribution.base_floor"]

    assert floor(dt.date(2024, 6, 30)).value == Decimal("6326")
    assert floor(dt.date(2024, 7, 1)).value == Decimal("6821")
    assert floor(dt.date(2025, 7, 1)).unknown is True


@pytest.mark.django_db
def test_a_date_before_a_parameter_exists_is_a_clear_error():
    with pytest.raises(ParameterMissing) as error:
        parameters_get(
            region="", keys=["retirement.age_rule"], as_of=dt.date(2020, 1, 1)
        )
    assert error.value.status == 422
    assert "retirement.age_rule is not in force on 2020-01-01" in str(
        error.value.message
    )


@pytest.mark.django_db
def test_one_bad_file_loads_nothing(tmp_path):
    good = tmp_path / "good.json"
    good.write_text(json.dumps(SMALL))
    bad_data = copy.deepcopy(SMALL)
    bad_data["code"] = "other"
    bad_data["parameters"][0]["values"][1]["effective_from"] = "2024-09-01"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(bad_data))

    with pytest.raises(RulePackRefused):
        rule_packs_load([good, bad])
    assert not RulePack.objects.filter(code__in=["testland", "other"]).exists()


def test_values_marked_confirm_keep_their_note_for_staff():
    national = json.loads((PACKS_DIR / "national.json").read_text())
    interest = next(
        p for p in national["parameters"] if p["key"] == "pension.account_interest"
    )

    assert {v["note"]["en"] for v in interest["values"][1:]} == {"confirm"}
    assert {v["note"]["zh"] for v in interest["values"][1:]} == {"待核对"}
