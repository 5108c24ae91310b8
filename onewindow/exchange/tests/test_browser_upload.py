"""A department operator delivers a file with bad rows and reads every refusal."""

import csv
import io

import pytest
from django.utils import translation

from onewindow.core.tests.browser_support import login
from onewindow.exchange.parsing import FIELD_LABELS

pytestmark = pytest.mark.browser

HEADER = (
    "姓名,公民身份号码,单位名称,统一社会信用代码,参保地,险种,费款所属期,"
    "缴费基数,单位缴费,个人缴费,缴费状态"
)
GOOD = (
    "林超,420106196402299834,深圳南山智能制造有限公司,914403050EGHYC602R,"
    "深圳市南山区,企业职工基本养老保险,202502,3131.74,501.08,250.54,已实缴"
)
# Rows 3-5 of the file (the header is row 1): one problem each.
BAD_CHECK_DIGIT = GOOD.replace("420106196402299834", "420106196402299835")
UNKNOWN_PLACE = GOOD.replace("深圳市南山区", "火星市")
BAD_PERIOD = GOOD.replace("202502", "202513")
REFUSED = {3: "id_number", 4: "place", 5: "period"}


def delivery_with_bad_rows() -> bytes:
    lines = [HEADER, GOOD, BAD_CHECK_DIGIT, UNKNOWN_PLACE, BAD_PERIOD]
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def upload(page, content: bytes, name: str = "hrss-2025-02.csv") -> None:
    page.goto("/exchange/")
    page.select_option("select[name=source]", "hrss")
    page.set_input_files(
        "input[name=file]",
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}],
    )
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/exchange/batches/*/")


@pytest.mark.parametrize("browser_locale", ["zh-CN", "en-US"])
def test_operator_reads_refused_rows_with_row_numbers_and_reasons(
    page, hrss_operator, browser_locale
):
    login(page, "hrss-operator")

    upload(page, delivery_with_bad_rows())

    rows = page.locator("table.data tbody tr")
    assert rows.count() == len(REFUSED)
    language = "en" if browser_locale.startswith("en") else "zh-hans"
    for number, field in REFUSED.items():
        row = rows.filter(has=page.locator("th", has_text=str(number)))
        with translation.override(language):
            label = str(FIELD_LABELS[field])
        assert row.locator("td").nth(1).inner_text().startswith(label)
    counts = page.locator(".counts dd")
    assert counts.nth(0).inner_text() == "4"  # rows read
    assert counts.nth(1).inner_text() == "1"  # new months
    assert counts.nth(4).inner_text() == "3"  # refused


def test_operator_downloads_the_refused_rows_as_csv(page, hrss_operator, tmp_path):
    login(page, "hrss-operator")
    upload(page, delivery_with_bad_rows())

    with page.expect_download() as download_info:
        page.locator("a[href$='/rejected.csv']").click()
    target = tmp_path / "rejected.csv"
    download_info.value.save_as(target)

    refused = list(csv.DictReader(io.StringIO(target.read_text("utf-8-sig"))))
    assert {int(r["row"]): r["code"] for r in refused} == {
        3: "id_number.checksum",
        4: "place.unknown",
        5: "period.invalid",
    }
    assert all(r["reason_zh"] and r["reason_en"] for r in refused)


def test_operator_uploads_a_file_without_javascript(make_page, hrss_operator):
    page = make_page(java_script_enabled=False)
    login(page, "hrss-operator")

    upload(page, delivery_with_bad_rows())

    assert page.locator(".status").count() == 1
    assert page.locator("table.data tbody tr").count() == len(REFUSED)
