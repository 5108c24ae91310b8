"""Reading a plain CSV file by columns gives what reading it row by row gives.

A file without quotes is read by columns (exchange.contributions,
`_Reading.read_columns`); these tests deliver generated files both ways, each in
a transaction that is rolled back, and compare everything the delivery leaves:
the counts, the refused rows with their reasons, the ledger and the register.
"""

import dataclasses

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onewindow.exchange import contributions, readers, services
from onewindow.people.models import Person
from onewindow.records.models import Contribution

from .test_import import EMPLOYER, HEADER, hrss, row

pytestmark = pytest.mark.django_db

# Each column's spellings, good and bad, as departments write them.
WHO = [
    "林超,420106196402299834",
    "林超,420106640229983",  # the old 15 digits of the same person
    "林 超,420106196402299834",  # the name with a stray space
    "王芳,420106196402299834",  # another name for the same number
    "王芳,11010519491231002X",
    "王芳,11010519491231002x",
    "张伟,110105194912310021",  # a wrong check character
    "张伟,4.20106E+17",  # a number typed into a spreadsheet
]
EMPLOYERS = [
    EMPLOYER,
    "深圳南山智能制造有限公司,914403050EGHYC602X",  # a wrong check character
    ",",  # a self-payer
    "上海某某餐饮有限公司,",  # known by name only
    "深圳南山智能制造有限公司,",  # by name only, a name another row gives a code
    "丙公司,914403050EGHYC602R",  # the same code under another name
]
PLACES = ["深圳市南山区", "上海市徐汇区", "北京市", "火星市"]
INSURANCES = ["企业职工基本养老保险", "失业保险", "工伤保险", "养老"]
PERIODS = ["202301", "2023-02", "2023/3", "2023年4月", "２０２３０５", "202313", ""]
# No comma inside a cell: that would make the row wider (it is then read row
# by row, as test_a_file_that_is_not_plain_after_all_is_read_row_by_row shows).
BASES = ["5000.00", "5000", " 6000 ", "５０００", "-1", "abc", "1e5", "", "5000.005"]
AMOUNTS = ["800.00,400.00", "800,400", "800.00,", "x,400.00", "０.５０,1"]
STATUSES = ["已实缴", "欠缴", "已缴", "未知"]

rows = st.lists(
    st.builds(
        lambda who, employer, place, ins, period, base, amounts, status: (
            f"{who},{employer},{place},{ins},{period},{base},{amounts},{status}"
        ),
        st.sampled_from(WHO),
        st.sampled_from(EMPLOYERS),
        st.sampled_from(PLACES),
        st.sampled_from(INSURANCES),
        st.sampled_from(PERIODS),
        st.sampled_from(BASES),
        st.sampled_from(AMOUNTS),
        st.sampled_from(STATUSES),
    ),
    min_size=1,
    max_size=40,
)


def delivered(import_file, content: str | bytes, *, by_columns: bool):
    """Deliver `content` one way and return all it left, then roll it back."""
    with transaction.atomic():
        batch = import_file("hrss", content)
        left = (
            batch.status,
            batch.error_code,
            (batch.rows, batch.imported, batch.updated, batch.duplicates),
            sorted(
                batch.rejected_rows.values_list(
                    "row_number", "code", "column", "value", "message_en", "message_zh"
                )
            ),
            sorted(
                Contribution.objects.values_list(
                    "person__id_number_hash",
                    "employer__credit_code",
                    "employer__name",
                    "insurance",
                    "pooling_region",
                    "area_code",
                    "period",
                    "status",
                    "base",
                    "employer_amount",
                    "individual_amount",
                    "source_row",
                ),
                key=repr,
            ),
            sorted(Person.objects.values_list("id_number_hash", "name")),
        )
        transaction.set_rollback(True)
    return left


@pytest.fixture
def both_ways(import_file, monkeypatch):
    """Deliver a file by columns, then row by row, and return both results;
    fail if the reading by columns fell back to rows."""

    def run(content: str | bytes, block_bytes: int, block_rows: int = 20000) -> tuple:
        monkeypatch.setattr(contributions, "_PLAIN_BLOCK_BYTES", block_bytes)
        monkeypatch.setattr(contributions, "BLOCK_ROWS", block_rows)
        with monkeypatch.context() as patched:

            def no_rows(*args, **kwargs):
                raise AssertionError("the plain file was read row by row")

            patched.setattr(contributions._Reading, "read", no_rows)
            by_columns = delivered(import_file, content, by_columns=True)
        with monkeypatch.context() as patched:
            patched.setattr(
                services,
                "read_table",
                lambda path: dataclasses.replace(readers.read_table(path), plain=None),
            )
            by_rows = delivered(import_file, content, by_columns=False)
        return by_columns, by_rows

    return run


@settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    lines=rows,
    block_bytes=st.sampled_from([400, 2000, 8 * 1024 * 1024]),
    block_rows=st.sampled_from([1, 3, 20000]),
)
def test_a_plain_file_read_by_columns_leaves_what_reading_by_rows_leaves(
    both_ways, lines, block_bytes, block_rows
):
    by_columns, by_rows = both_ways(hrss(*lines), block_bytes, block_rows)

    assert by_columns == by_rows


def test_the_sample_shapes_of_a_delivery_agree_both_ways(both_ways):
    content = hrss(
        row("202301"),
        row("202301", base="6000.00"),  # the same month stated twice
        row("202302", status="欠缴"),
        row("202303", who="王芳,420106196402299834"),  # another name: refused
        row("202304", base="abc"),
    )

    by_columns, by_rows = both_ways(content, 8 * 1024 * 1024)

    assert by_columns == by_rows
    assert by_columns[2] == (5, 2, 1, 0)


@pytest.mark.parametrize("encoding", ["gb18030", "utf-8-sig", "utf-8"])
def test_each_encoding_reads_alike_both_ways(both_ways, encoding):
    content = hrss(
        row("202301"),
        row("202302", place="上海市徐汇区", ins="失业保险"),
        row("202303", who="王芳,11010519491231002X", employer=","),
    ).encode(encoding)

    by_columns, by_rows = both_ways(content, 8 * 1024 * 1024)

    assert by_columns == by_rows
    assert by_columns[2] == (3, 3, 0, 0)


@pytest.mark.parametrize(
    "content",
    [
        hrss(row("202301"), "", row("202302")),  # a blank line
        hrss(row("202301"), row("202302") + ",extra"),  # a row of another width
        hrss(row("202301"), row("202302", who="林超, ")),  # a blank ID cell
        hrss(row("202301"), row("202302")[:-4]),  # a short row
        hrss(row("202301"), row("202302")).replace("\r\n", "\r").encode(),  # old Mac
    ],
    ids=[
        "blank line",
        "wider row",
        "blank id",
        "short row",
        "lone CR",
    ],
)
def test_a_file_that_is_not_plain_after_all_is_read_row_by_row(import_file, content):
    with_rows = []
    original = contributions._Reading.read

    def spy(self, table, progress):
        with_rows.append(True)
        return original(self, table, progress)

    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(contributions._Reading, "read", spy)
        batch = import_file("hrss", content)

    assert with_rows == [True]
    assert batch.status == "done"
    assert Contribution.objects.filter(period=202301).count() == 1
    assert Person.objects.count() == 1


@pytest.mark.parametrize("content", [HEADER + "\n", HEADER + "\r\n"])
def test_a_plain_file_with_a_header_only_is_refused_as_empty(import_file, content):
    batch = import_file("hrss", content)

    assert (batch.status, batch.error_code) == ("failed", "file.empty")


def test_a_file_with_quotes_is_read_row_by_row(tmp_path):
    path = tmp_path / "quoted.csv"
    path.write_text(hrss(row("202301", place='"深圳市南山区"')), encoding="utf-8")

    assert readers.read_table(path).plain is None


def test_rows_ending_in_a_lone_cr_after_the_header_read_alike_both_ways(both_ways):
    content = HEADER + "\r\n" + "\r".join([row("202301"), row("202302", base="x")])

    by_columns, by_rows = both_ways(content.encode(), 8 * 1024 * 1024)

    assert by_columns == by_rows
    assert by_columns[3][0][0] == 3  # the refused row is numbered as its line


@pytest.mark.parametrize("end", ["\r\n", "\r\n\r\n\r\n", "\n\n"])
def test_blank_lines_at_the_end_read_alike_both_ways(both_ways, end):
    content = hrss(row("202301"), row("202302", base="x")) + end

    by_columns, by_rows = both_ways(content, 8 * 1024 * 1024)

    assert by_columns == by_rows
    assert by_columns[2] == (2, 1, 0, 0)


def test_a_very_wide_file_is_read_row_by_row(tmp_path):
    path = tmp_path / "wide.csv"
    extra = ",".join(f"x{i}" for i in range(readers.PLAIN_MAX_COLUMNS))
    path.write_text(f"{HEADER},{extra}\r\n", encoding="utf-8")

    assert readers.read_table(path).plain is None
