"""A resident reads their record in a real browser: summary, drill-down, PDF."""

import csv
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import openpyxl
import pytest

from onewindow.conftest import DEMO_DATA
from onewindow.core.tests.browser_support import login

pytestmark = pytest.mark.browser

LIN_CHAO_ID = "420106196402299834"
PENSION_ZH = "企业职工基本养老保险"
# WeasyPrint names the vendored font "Noto-Sans-SC"; other tools "NotoSansSC".
NOTO_SANS_SC = re.compile(rb"Noto-?Sans-?SC")
# The family name inside onewindow/static/fonts/NotoSansSC-subset.otf.
VENDORED_FONT = "Noto Sans CJK SC"


def _pension_periods_paid_in_sample_files() -> set[str]:
    """Read the months of pension paid for 林超 straight from the sample files.

    The later workbook supersedes the CSV month by month, as the ledger does.
    """
    status: dict[str, str] = {}
    with (DEMO_DATA / "hrss-contributions.csv").open(encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            if row["公民身份号码"] == LIN_CHAO_ID and row["险种"] == PENSION_ZH:
                status[row["费款所属期"]] = row["缴费状态"]
    workbook = openpyxl.load_workbook(
        DEMO_DATA / "hrss-update-2025-01.xlsx", read_only=True
    )
    rows = workbook.active.iter_rows(values_only=True)
    header = next(rows)
    for values in rows:
        row = dict(zip(header, values, strict=False))
        if row["公民身份号码"] == LIN_CHAO_ID and row["险种"] == PENSION_ZH:
            status[str(row["费款所属期"])] = row["缴费状态"]
    return {period for period, state in status.items() if state == "已实缴"}


def _csv_row_number(period: str) -> int:
    """The row number of 林超's pension month in the CSV, the header being row 1."""
    with (DEMO_DATA / "hrss-contributions.csv").open(encoding="utf-8-sig") as f:
        for number, row in enumerate(csv.DictReader(f), start=2):
            if (
                row["公民身份号码"] == LIN_CHAO_ID
                and row["险种"] == PENSION_ZH
                and row["费款所属期"] == period
            ):
                return number
    raise AssertionError(f"no pension row for {period} in the sample CSV")


def test_resident_sees_months_paid_per_insurance_on_the_record_page(
    page, resident_with_record
):
    expected = len(_pension_periods_paid_in_sample_files())

    login(page, "linchao")
    page.goto("/me/record/")

    assert page.locator("h1").is_visible()
    assert "林超" in page.locator(".person-line").inner_text()
    pension_row = page.locator("table.data tbody tr").filter(
        has=page.locator("a[href='/me/record/pension/']")
    )
    assert pension_row.locator("td").nth(0).inner_text().strip() == str(expected)


def test_resident_drills_down_to_the_monthly_rows_with_their_source(
    page, resident_with_record
):
    login(page, "linchao")
    page.goto("/me/record/")

    page.locator("table.data a[href='/me/record/pension/']").click()
    page.wait_for_url("**/me/record/pension/")
    page.locator(".year-links a", has_text="2024").click()
    page.wait_for_url("**/me/record/pension/?year=2024")

    rows = page.locator("table.data tbody tr")
    assert rows.count() == 12
    october = rows.filter(has=page.locator("th", has_text="2024-10"))
    october_source = october.locator("td.source").inner_text()
    assert "hrss-contributions.csv" in october_source
    assert str(_csv_row_number("202410")) in october_source
    # November was owed in the CSV and paid in the later workbook.
    november = rows.filter(has=page.locator("th", has_text="2024-11"))
    assert "hrss-update-2025-01.xlsx" in november.locator("td.source").inner_text()


def test_resident_downloads_a_pdf_statement_with_the_chinese_font_embedded(
    page, resident_with_record, tmp_path
):
    login(page, "linchao")
    page.goto("/me/record/")

    with page.expect_download() as download_info:
        page.locator("a[href='/me/record/statement.pdf']").click()
    target = tmp_path / "statement.pdf"
    download_info.value.save_as(target)
    content = target.read_bytes()

    assert content.startswith(b"%PDF")
    assert NOTO_SANS_SC.search(_pdf_objects(content)), "the CJK font is not in the PDF"
    _assert_font_embedded(target)
    _assert_text_contains(target, "林超")


def _pdf_objects(content: bytes) -> bytes:
    """The PDF with its compressed streams inflated, where font names live."""
    parts = [content]
    for stream in re.finditer(rb"stream\r?\n(.*?)endstream", content, re.DOTALL):
        try:
            parts.append(zlib.decompress(stream.group(1)))
        except zlib.error:
            continue
    return b"".join(parts)


def _assert_font_embedded(pdf: Path) -> None:
    if shutil.which("pdffonts") is None:
        return
    listing = subprocess.run(
        ["pdffonts", str(pdf)], capture_output=True, text=True, check=True
    ).stdout
    noto = [line for line in listing.splitlines() if NOTO_SANS_SC.search(line.encode())]
    assert noto, listing
    # Columns: name type encoding emb sub uni object ID; "yes" under emb.
    assert all(" yes " in line for line in noto), listing


def _assert_text_contains(pdf: Path, text: str) -> None:
    if shutil.which("pdftotext") is None:
        return
    extracted = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert text in extracted


def test_resident_signs_in_and_reads_the_record_without_javascript(
    make_page, resident_with_record
):
    page = make_page(java_script_enabled=False)

    login(page, "linchao")
    page.goto("/me/record/")

    assert "林超" in page.locator(".person-line").inner_text()
    assert page.locator("table.data tbody tr").count() >= 5


def test_chinese_text_is_drawn_with_the_vendored_font_on_a_machine_without_one(
    page, resident_with_record
):
    # Debian's Chromium here has no Chinese system font: every glyph of the
    # heading must come from the site's own font (its own name for itself is
    # "Noto Sans CJK SC"), never a box.
    login(page, "linchao")
    page.goto("/me/record/")
    page.evaluate("document.fonts.ready.then(() => true)")

    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    used = {}
    for selector in ("h1", ".person-line", "footer p"):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
        used[selector] = {font["familyName"] for font in fonts["fonts"]}

    assert used["h1"] == {VENDORED_FONT}
    assert VENDORED_FONT in used[".person-line"]  # the name; the digits may not be
    assert VENDORED_FONT in used["footer p"]
