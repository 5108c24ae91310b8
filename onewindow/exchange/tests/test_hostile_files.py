"""Files built to break the import, each refused with a reason or read right."""

import datetime as dt
import io
import re
import zipfile

import openpyxl
import pytest

from onewindow.exchange.models import RejectedRow
from onewindow.people.models import Person
from onewindow.records.models import Contribution

from .test_import import HEADER, hrss, row

pytestmark = pytest.mark.django_db


def _workbook(*rows: list) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rewritten(content: bytes, part: str, change) -> bytes:
    """The workbook with one of its XML parts changed by `change`."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                data = change(data.decode()).encode()
            target.writestr(item, data)
    return buffer.getvalue()


SHEET = "xl/worksheets/sheet1.xml"


@pytest.mark.parametrize(
    "damage",
    [
        # a number cell that is not a number
        lambda xml: re.sub(r'(<c r="H2"[^>]*>)<v>[^<]*</v>', r"\1<v>abc</v>", xml),
        # a number of 5,000 digits
        lambda xml: re.sub(
            r'(<c r="H2"[^>]*>)<v>[^<]*</v>', r"\1<v>" + "9" * 5000 + "</v>", xml
        ),
        # a reference to a column that cannot exist
        lambda xml: xml.replace('r="H2"', 'r="ZZZZZ2"'),
        # a row numbered past the largest sheet
        lambda xml: xml.replace('<row r="2"', '<row r="2000000000"'),
    ],
    ids=["not-a-number", "huge-number", "bad-column", "far-row"],
)
def test_a_workbook_with_a_damaged_sheet_is_refused_whole(import_file, damage):
    values = row(period="202301").split(",")
    values[7] = 5000.0  # a number cell: <c r="H2" t="n"><v>5000</v></c>
    original = _workbook(values)
    content = _rewritten(original, SHEET, damage)
    sheets = [zipfile.ZipFile(io.BytesIO(c)).read(SHEET) for c in (original, content)]
    assert sheets[0] != sheets[1]  # the damage took

    batch = import_file("hrss", content, name="damaged.xlsx")

    # A row numbered past the sheet's stated size is never reached: the file
    # then has no rows at all.
    assert batch.status == "failed"
    assert batch.error_code in {"file.unreadable", "file.empty"}
    assert not Contribution.objects.exists()


def test_a_workbook_without_sheets_is_refused_whole(import_file):
    content = _rewritten(
        _workbook(row().split(",")),
        "xl/workbook.xml",
        lambda xml: re.sub(r"<sheets>.*</sheets>", "<sheets/>", xml, flags=re.S),
    )

    batch = import_file("hrss", content, name="nosheet.xlsx")

    assert (batch.status, batch.error_code) == ("failed", "file.unreadable")


def test_a_workbook_that_claims_billions_of_rows_is_read_as_it_is(import_file):
    content = _rewritten(
        _workbook(row().split(",")),
        SHEET,
        lambda xml: re.sub(
            r'<dimension ref="[^"]*"', '<dimension ref="A1:K9999999999"', xml
        ),
    )

    batch = import_file("hrss", content, name="big.xlsx")

    assert (batch.status, batch.imported) == ("done", 1)


def test_a_month_a_spreadsheet_turned_into_a_date_is_read_as_its_month(import_file):
    values = row().split(",")
    values[6] = dt.date(2023, 1, 1)

    batch = import_file("hrss", _workbook(values), name="dates.xlsx")

    assert batch.imported == 1
    assert Contribution.objects.get().period == 202301


@pytest.mark.parametrize(
    ("who", "employer", "column", "code"),
    [
        ("林超,42٠١٠٦١٩٦٤٠٢٢٩٩٨٣4", None, "id_number", "id_number.format"),
        (None, "深圳南山智能制造有限公司,91٤٤٠٣٠٥0EGHYC602R", "credit_code", None),
    ],
    ids=["arabic-indic-id", "arabic-indic-credit-code"],
)
def test_digits_of_other_scripts_in_an_id_or_code_are_refused(
    import_file, who, employer, column, code
):
    import_file("hrss", hrss(row("202301")))
    changed = {"who": who} if who else {"employer": employer}

    batch = import_file("hrss", hrss(row("202302", **changed)))

    refused = RejectedRow.objects.get(batch=batch)
    assert refused.column == column
    assert code is None or refused.code == code
    assert Person.objects.count() == 1


def test_a_name_with_an_invisible_character_is_the_same_name(import_file):
    batch = import_file(
        "hrss",
        hrss(
            row("202301", who="林\u200b超,420106196402299834"),
            row("202302", who="林超,420106196402299834"),
        ),
    )

    assert (batch.imported, batch.rejected) == (2, 0)
    assert Person.objects.get().name == "林超"


def test_a_gb18030_file_with_a_byte_order_mark_is_read(import_file):
    content = b"\x841\x953" + hrss(row("202301")).encode("gb18030")

    batch = import_file("hrss", content)

    assert (batch.status, batch.imported) == ("done", 1)


def test_a_file_with_a_header_and_no_rows_is_refused_as_empty(import_file):
    batch = import_file("hrss", HEADER + "\r\n\r\n")

    assert (batch.status, batch.error_code) == ("failed", "file.empty")


def test_a_utf16_file_is_refused_for_its_encoding(import_file):
    batch = import_file("hrss", hrss(row()).encode("utf-16"))

    assert (batch.status, batch.error_code) == ("failed", "file.encoding")


def test_a_row_with_a_cell_over_two_lines_is_known_by_its_first_line(import_file):
    spread = row(period="202301", who='"林超",420106196402299834').replace(
        "已实缴", '"已实\n缴"'
    )

    batch = import_file("hrss", hrss(spread, row(period="bad")))

    refused = list(
        RejectedRow.objects.filter(batch=batch).values_list("row_number", flat=True)
    )
    assert refused == [2, 4]


def test_touching_more_persons_than_a_query_may_name_works(db):
    from onewindow.people.services import persons_touch

    persons_touch(person_ids=range(1, 250_002))
