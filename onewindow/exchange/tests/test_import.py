import io
import json
import zipfile
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from onewindow.core.crypto import blind_index
from onewindow.exchange.models import ImportBatch, RejectedRow
from onewindow.people.models import Person
from onewindow.records.models import Contribution, ContributionRevision

HEADER = (
    "姓名,公民身份号码,单位名称,统一社会信用代码,参保地,险种,"
    "费款所属期,缴费基数,单位缴费,个人缴费,缴费状态"
)
EMPLOYER = "深圳南山智能制造有限公司,914403050EGHYC602R"
LIN = "林超,420106196402299834"


def hrss(*rows: str) -> str:
    return "\r\n".join([HEADER, *rows]) + "\r\n"


def row(
    period="202301",
    status="已实缴",
    base="5000.00",
    ins="企业职工基本养老保险",
    place="深圳市南山区",
    who=LIN,
    employer=EMPLOYER,
    amounts="800.00,400.00",
):
    return f"{who},{employer},{place},{ins},{period},{base},{amounts},{status}"


def counts(batch: ImportBatch) -> tuple[int, int, int, int, int]:
    return batch.rows, batch.imported, batch.updated, batch.duplicates, batch.rejected


pytestmark = pytest.mark.django_db


def test_the_sample_files_import_without_a_refused_row(sample_record):
    batches = {b.file_name: b for b in ImportBatch.objects.all()}

    assert counts(batches["hrss-contributions.csv"]) == (11643, 11643, 0, 0, 0)
    assert counts(batches["medical-contributions.csv"]) == (3623, 3623, 0, 0, 0)
    assert counts(batches["housing-fund.csv"]) == (3623, 3623, 0, 0, 0)
    assert counts(batches["employers.csv"]) == (6, 6, 0, 0, 0)
    assert Person.objects.count() == 40


def test_the_later_delivery_pays_the_owed_months_and_keeps_the_old_figures(
    sample_record,
):
    update = ImportBatch.objects.get(file_name="hrss-update-2025-01.xlsx")
    owed_before = 19 * 3 + 15 + 13 + 10 * 2 + 9 * 2  # owed rows in the CSV

    assert counts(update) == (171, 48, 123, 0, 0)
    assert owed_before == 123
    assert not Contribution.objects.filter(department="hrss", status="owed").exists()
    assert ContributionRevision.objects.filter(status="owed").count() == 123
    assert set(
        ContributionRevision.objects.values_list("superseded_by", flat=True)
    ) == {update.id}


def test_the_same_file_twice_never_duplicates_a_month(import_file):
    first = import_file("hrss", "hrss-contributions.csv")
    second = import_file("hrss", "hrss-contributions.csv")

    assert counts(first) == (11643, 11643, 0, 0, 0)
    assert counts(second) == (11643, 0, 0, 11643, 0)
    assert Contribution.objects.count() == 11643


def test_an_old_file_delivered_again_does_not_undo_a_newer_delivery(
    sample_record, import_file
):
    again = import_file("hrss", "hrss-contributions.csv")

    assert counts(again) == (11643, 0, 0, 11643, 0)
    assert not Contribution.objects.filter(department="hrss", status="owed").exists()


def test_overlapping_files_add_only_the_new_months(import_file):
    import_file("hrss", hrss(row("202301"), row("202302")))
    overlap = import_file("hrss", hrss(row("202302"), row("202303")))

    assert counts(overlap) == (2, 1, 0, 1, 0)
    assert sorted(Contribution.objects.values_list("period", flat=True)) == [
        202301,
        202302,
        202303,
    ]


def test_a_corrected_amount_supersedes_and_the_first_is_history(import_file):
    first = import_file("hrss", hrss(row(base="5000.00")))
    import_file("hrss", hrss(row(base='"5,200.00"', amounts="832.00,416.00")))

    current = Contribution.objects.get()
    assert current.base == Decimal("5200.00")
    revision = current.revisions.get()
    assert (revision.base, revision.batch_id) == (Decimal("5000.00"), first.id)


@pytest.mark.parametrize("block_rows", [20000, 1], ids=["one-block", "block-a-row"])
def test_a_month_repeated_inside_one_file_is_superseded_by_its_later_row(
    import_file, monkeypatch, block_rows
):
    from onewindow.exchange import contributions

    monkeypatch.setattr(contributions, "BLOCK_ROWS", block_rows)
    batch = import_file("hrss", hrss(row(status="欠缴"), row(status="已实缴")))

    assert counts(batch) == (2, 1, 1, 0, 0)
    assert Contribution.objects.get().status == "paid"
    assert Contribution.objects.get().source_row == 3


def test_each_contribution_keeps_its_department_batch_and_row(import_file):
    batch = import_file("hrss", hrss(row("202301"), row("202302")))

    rows = Contribution.objects.order_by("period")
    assert [(c.department, c.batch_id, c.source_row) for c in rows] == [
        ("hrss", batch.id, 2),
        ("hrss", batch.id, 3),
    ]


def test_the_same_month_in_two_cities_is_two_ledger_rows(import_file):
    import_file("hrss", hrss(row(place="深圳市南山区"), row(place="北京市朝阳区")))

    assert sorted(Contribution.objects.values_list("pooling_region", flat=True)) == [
        "110000",
        "440300",
    ]


@pytest.mark.parametrize(
    ("bad_row", "code"),
    [
        (row(who="林超,420106196402299835"), "id_number.checksum"),
        (row(who="林超,4.20106196402299E+17"), "id_number.numeric_cell"),
        (row(who=",420106196402299834"), "name.missing"),
        (row(place="火星市"), "place.unknown"),
        (row(period="2023-13"), "period.invalid"),
        (row(ins="长寿保险"), "insurance.unknown"),
        (row(status="也许"), "status.unknown"),
        (row(base="五千"), "base.invalid"),
        (row(amounts="-1.00,400.00"), "employer_amount.invalid"),
        (row(employer="某公司,91440305J9W8R5F11M"), "credit_code.checksum"),
        ("林超,420106196402299834,只有三列", "row.shape"),
    ],
)
def test_a_bad_row_is_refused_with_its_number_and_reasons_in_both_languages(
    import_file, bad_row, code
):
    batch = import_file("hrss", hrss(row("202301"), bad_row, row("202302")))

    assert counts(batch) == (3, 2, 0, 0, 1)
    refused = RejectedRow.objects.get(batch=batch)
    assert (refused.row_number, refused.code) == (3, code)
    assert refused.message_en[:1].isascii()
    assert refused.message_zh != refused.message_en


def test_messy_spellings_are_read_to_the_right_values(import_file):
    messy = hrss(
        row(
            period="2023年1月", base='" 12,345.60 "', amounts='"1,975.30",９８７．６５'
        ),
        row(period="2023/2", who="林超, 420106196402299834 "),
    )
    batch = import_file("hrss", messy)

    assert counts(batch) == (2, 2, 0, 0, 0)
    january = Contribution.objects.get(period=202301)
    assert (january.base, january.employer_amount, january.individual_amount) == (
        Decimal("12345.60"),
        Decimal("1975.30"),
        Decimal("987.65"),
    )


def test_a_15_digit_number_links_to_the_same_person_as_its_18_digit_form(import_file):
    import_file("hrss", hrss(row(who="王五,11010519491231002X", period="202301")))
    import_file("hrss", hrss(row(who="王五,110105491231002", period="202302")))

    assert Person.objects.count() == 1
    assert Person.objects.get().contributions.count() == 2


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_encodings_are_detected_without_asking(import_file, encoding):
    batch = import_file("hrss", hrss(row()).encode(encoding))

    assert counts(batch) == (1, 1, 0, 0, 0)
    assert Person.objects.get().name == "林超"


def test_an_xlsx_id_typed_as_a_number_is_refused_with_a_message_that_says_so(
    import_file,
):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(row().split(","))
    values = row(period="202302").split(",")
    values[1] = 420106196402299834
    sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)

    batch = import_file("hrss", buffer.getvalue(), name="book.xlsx")

    assert counts(batch) == (2, 1, 0, 0, 1)
    refused = RejectedRow.objects.get()
    assert refused.code == "id_number.numeric_cell"
    assert "text" in refused.message_en


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "file.empty"),
        (b"\xef\xbb\xbf  \r\n", "file.empty"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "file.protected"),
        (b"PK\x03\x04 not really a workbook", "file.unreadable"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "file.unreadable"),
        (b"a,b,c\r\n1,2,3\r\n", "file.columns"),
    ],
)
def test_an_unusable_file_is_refused_whole_and_changes_nothing(
    import_file, content, code
):
    batch = import_file("hrss", content)

    assert batch.status == ImportBatch.Status.FAILED
    assert batch.error_code == code
    assert batch.error_en and batch.error_zh
    assert not Contribution.objects.exists()
    assert not Person.objects.exists()


def test_the_id_number_is_stored_encrypted_with_a_blind_index(import_file):
    import_file("hrss", hrss(row()))

    person = Person.objects.get()
    assert "420106196402299834" not in person.id_number_encrypted
    assert person.id_number_hash == blind_index("420106196402299834")
    assert person.id_number_masked == "4201**********9834"
    assert person.reveal_id_number() == "420106196402299834"


def test_housing_fund_rows_link_to_the_registered_employer_by_name(sample_record):
    fund = Contribution.objects.filter(insurance="housing_fund").select_related(
        "employer"
    )

    assert fund.filter(employer__credit_code__isnull=True).count() == 0
    assert fund.filter(employer__name="深圳南山智能制造有限公司").exists()


def test_the_command_prints_the_four_counts_that_add_up_to_rows(tmp_path, db):
    path = tmp_path / "part.csv"
    path.write_text(
        hrss(row("202301"), row("202302", who="林超,1"), row("202301")),
        encoding="utf-8",
    )
    out = io.StringIO()

    call_command("import_department", "hrss", str(path), "--json", stdout=out)

    result = json.loads(out.getvalue())
    assert {
        k: result[k] for k in ("rows", "imported", "updated", "duplicates", "rejected")
    } == {"rows": 3, "imported": 1, "updated": 0, "duplicates": 1, "rejected": 1}
    assert ImportBatch.objects.get(public_id=result["batch"]).rows == 3


def test_the_command_refuses_an_unknown_format(tmp_path, db):
    path = tmp_path / "x.csv"
    path.write_text("a\r\n", encoding="utf-8")

    # Commands speak the active language, Chinese by default; match the English.
    with (
        translation.override("en"),
        pytest.raises(CommandError, match="no department format"),
    ):
        call_command("import_department", "tax-office", str(path), "--json")


def test_a_nul_byte_deep_in_a_csv_refuses_the_file_before_anything_is_stored(
    import_file,
):
    rows = [row(period=f"2023{month:02d}") for month in range(1, 13)] * 10
    content = hrss(*rows, row(period="202401", place="深圳\x00市")).encode()
    assert content.index(b"\x00") > 4096

    batch = import_file("hrss", content)

    assert batch.status == ImportBatch.Status.FAILED
    assert batch.error_code == "file.unreadable"
    assert not Contribution.objects.exists()
    assert not RejectedRow.objects.exists()


def _workbook_with_shared_strings(shared_strings: str) -> bytes:
    """A minimal .xlsx whose one cell is shared string 0."""
    import zipfile

    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rels = "http://schemas.openxmlformats.org/package/2006/relationships"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension='
            '"xml" ContentType="application/xml"/><Override PartName="/xl/'
            'workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
            '"/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{rels}"><Relationship Id="r1" Type="{office}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{main}" xmlns:r="{office}"><sheets><sheet name="S" '
            'sheetId="1" r:id="r1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="{rels}"><Relationship Id="r1" Type="{office}/'
            'worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="r2" '
            f'Type="{office}/sharedStrings" Target="sharedStrings.xml"/>'
            "</Relationships>",
        )
        archive.writestr("xl/sharedStrings.xml", shared_strings)
        archive.writestr(
            "xl/worksheets/sheet1.xml",
            f'<worksheet xmlns="{main}"><sheetData><row r="1"><c r="A1" t="s">'
            "<v>0</v></c></row></sheetData></worksheet>",
        )
    return buffer.getvalue()


_SST = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE sst [<!ENTITY x SYSTEM "file:///etc/hostname">]>',
        "<!DOCTYPE sst ["
        '<!ENTITY a "AAAAAAAAAA">'
        + "".join(
            f'<!ENTITY {name} "{("&" + previous + ";") * 10}">'
            for previous, name in zip("abcdefg", "bcdefgh", strict=True)
        )
        + "]>",
    ],
    ids=["external-entity", "entity-expansion"],
)
def test_a_workbook_with_xml_entities_is_refused_with_a_reason(import_file, doctype):
    entity = "&x;" if "SYSTEM" in doctype else "&h;"
    content = _workbook_with_shared_strings(
        f"{doctype}{_SST}<si><t>{entity}</t></si></sst>"
    )

    batch = import_file("hrss", content, name="entities.xlsx")

    assert batch.status == ImportBatch.Status.FAILED
    assert batch.error_code == "file.unreadable"
    assert batch.error_en and batch.error_zh


def test_a_file_that_breaks_after_many_good_rows_is_refused_before_any_is_merged(
    import_file, settings
):
    from onewindow.exchange import services

    good = [row(f"{2000 + i // 12}{i % 12 + 1:02d}") for i in range(30)]
    broken = row(place="深圳市南山区" + "x" * 140_000)
    original, services.CHUNK_ROWS = services.CHUNK_ROWS, 10
    try:
        batch = import_file("hrss", hrss(*good, broken))
    finally:
        services.CHUNK_ROWS = original

    assert (batch.status, batch.error_code) == ("failed", "file.broken_row")
    assert "32" in batch.error_en
    assert not Contribution.objects.exists()


def test_a_workbook_that_unpacks_to_far_more_than_it_holds_is_refused(import_file):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/sharedStrings.xml", "<sst>" + "A" * 20_000_000 + "</sst>")

    batch = import_file("hrss", buffer.getvalue(), name="bomb.xlsx")

    assert (batch.status, batch.error_code) == ("failed", "file.bomb")
    assert not Contribution.objects.exists()


def test_a_row_with_another_person_s_name_for_a_known_id_is_refused(import_file):
    import_file("hrss", hrss(row("202301")))

    batch = import_file(
        "hrss",
        hrss(
            row("202302", who="王五,420106196402299834"),
            row("202303", who="林 超,420106196402299834"),
        ),
    )

    assert counts(batch) == (2, 1, 0, 0, 1)
    refused = RejectedRow.objects.get(batch=batch)
    assert (refused.row_number, refused.code, refused.value) == (
        2,
        "name.mismatch",
        "王五",
    )
    assert sorted(Contribution.objects.values_list("period", flat=True)) == [
        202301,
        202303,
    ]


def test_a_file_that_breaks_after_a_linked_block_leaves_no_person_behind(
    import_file, monkeypatch
):
    from onewindow.employers.models import Employer
    from onewindow.exchange import contributions

    monkeypatch.setattr(contributions, "BLOCK_ROWS", 10)  # link before the break
    good = [row(f"{2000 + i // 12}{i % 12 + 1:02d}") for i in range(30)]
    broken = row(place="深圳市南山区" + "x" * 140_000)

    batch = import_file("hrss", hrss(*good, broken))

    assert (batch.status, batch.error_code) == ("failed", "file.broken_row")
    assert not Contribution.objects.exists()
    assert not Person.objects.exists()
    assert not Employer.objects.exists()


def test_the_ledger_refuses_a_month_of_no_person_and_keeps_referenced_persons(
    import_file,
):
    from django.db import IntegrityError, connection, transaction
    from django.db.models import ProtectedError

    import_file("hrss", hrss(row("202301")))
    month = Contribution.objects.get()

    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.filter(id=month.id).update(person_id=month.person_id + 99)
    with pytest.raises(IntegrityError), transaction.atomic():
        Contribution.objects.filter(id=month.id).update(batch_id=month.batch_id + 99)
    with pytest.raises(ProtectedError):
        month.person.delete()
    if connection.vendor == "postgresql":  # the database refuses it too
        with pytest.raises(IntegrityError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(
                    "DELETE FROM people_person WHERE id = %s", [month.person_id]
                )
    assert Contribution.objects.get().person_id == month.person_id


def test_a_merge_that_fails_leaves_no_month_and_no_person_behind(
    import_file, monkeypatch
):
    from onewindow.exchange import contributions

    monkeypatch.setattr(contributions, "BLOCK_ROWS", 5)  # linked in several blocks
    real = contributions.contributions_merge_staged

    def write_then_fail(**kwargs):
        real(**kwargs)
        raise RuntimeError("the database went away")

    monkeypatch.setattr(contributions, "contributions_merge_staged", write_then_fail)
    good = [row(f"{2000 + i // 12}{i % 12 + 1:02d}") for i in range(30)]

    with pytest.raises(RuntimeError, match="went away"):
        import_file("hrss", hrss(*good))

    assert not Contribution.objects.exists()
    assert not Person.objects.exists()


def test_an_amount_too_large_for_any_month_is_refused_with_its_row(import_file):
    batch = import_file(
        "hrss", hrss(row("202301", base='"99,999,999,999.00"'), row("202302"))
    )

    assert counts(batch) == (2, 1, 0, 0, 1)
    refused = RejectedRow.objects.get(batch=batch)
    assert (refused.row_number, refused.column, refused.code) == (
        2,
        "base",
        "base.too_large",
    )
    assert refused.message_en == (
        "base: This amount is larger than any monthly contribution can be."
    )
    assert refused.message_zh.endswith("这个金额超出了任何月度缴费可能的数额。")


def test_names_longer_than_the_registers_hold_are_refused_with_their_rows(
    import_file,
):
    batch = import_file(
        "hrss",
        hrss(
            row("202301", who="林" * 101 + ",420106196402299834"),
            row("202302", employer="公" * 201 + ",914403050EGHYC602R"),
            row("202303"),
        ),
    )

    assert counts(batch) == (3, 1, 0, 0, 2)
    assert list(RejectedRow.objects.values_list("row_number", "code")) == [
        (2, "name.too_long"),
        (3, "employer_name.too_long"),
    ]
    assert RejectedRow.objects.first().message_en == (
        "name: This name is longer than 100 characters."
    )


def test_an_employer_register_row_with_too_long_a_name_is_refused(import_file):
    content = "单位名称,统一社会信用代码,行政区划代码\r\n" + (
        "公" * 201 + ",91110105PF0B26Q50L,110105\r\n"
        "北京星河数据科技有限公司,91110105PF0B26Q50L,110105\r\n"
    )

    batch = import_file("employers", content)

    assert counts(batch) == (2, 1, 0, 0, 1)
    assert RejectedRow.objects.get(batch=batch).code == "employer_name.too_long"


@given(
    cents=st.integers(min_value=0, max_value=999_999_999_999),
    zeros=st.integers(min_value=0, max_value=2),
)
def test_a_plain_amount_copied_as_written_is_the_amount_the_checks_give(cents, zeros):
    from onewindow.core.money import parse_money
    from onewindow.exchange.parsing import LARGEST_AMOUNT, PLAIN_AMOUNT

    text = "0" * zeros + f"{cents // 100}.{cents % 100:02d}"
    plain = PLAIN_AMOUNT.fullmatch(text) is not None

    # Taken as written only when it fits the ledger; then it is the same number.
    assert plain == (len(text) <= 13)
    if plain:
        assert Decimal(text) == parse_money(text) <= LARGEST_AMOUNT


@pytest.mark.parametrize(
    "text", ["１２.００", "-12.00", "12.5", "12.345", " 12.00", "1,234.00", "12.00\n"]
)
def test_an_amount_in_any_other_form_is_checked_in_full(text):
    from onewindow.exchange.parsing import PLAIN_AMOUNT

    assert PLAIN_AMOUNT.fullmatch(text) is None


def test_a_refused_file_leaves_only_the_persons_something_came_to_use(
    monkeypatch, settings
):
    from onewindow.conftest import make_user
    from onewindow.exchange import contributions, services

    monkeypatch.setattr(contributions, "BLOCK_ROWS", 1)
    who = [LIN, "王芳,11010519491231002X", "张伟,440305198001010013"]
    content = hrss(*(row("202301", who=person) for person in who)) + (
        row(place="深圳市南山区" + "x" * 140_000) + "\r\n"
    )
    batch = services.import_batch_create(
        actor=None,
        source_code="hrss",
        file_name="f.csv",
        stream=io.BytesIO(content.encode()),
    )
    claimed = []

    def claim_the_first(done: int, total: int) -> None:
        # A resident claims their record while the file is still being read.
        if not claimed and Person.objects.exists():
            claimed.append(
                make_user("claimer", person=Person.objects.order_by("id")[0])
            )

    batch = services.import_batch_run(batch=batch, progress=claim_the_first)

    assert (batch.status, batch.error_code) == ("failed", "file.broken_row")
    assert list(Person.objects.values_list("account__username", flat=True)) == [
        "claimer"
    ]
    assert not Contribution.objects.exists()
