import csv
import io
import json
import re
import zlib
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from onewindow.audit.models import AccessEntry
from onewindow.conftest import PASSWORD
from onewindow.records.selectors import record_statement_json, record_view_get

DATA = Path(__file__).resolve().parents[2] / "demo" / "data"
LIN = "420106196402299834"

pytestmark = pytest.mark.django_db


def expected_from_hrss_csv(id_number: str, insurance_name: str) -> dict:
    """Work out the figures straight from the sample file, as a clerk would."""
    paid, owed, employer, own = set(), set(), Decimal(0), Decimal(0)
    with (DATA / "hrss-contributions.csv").open(encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            if row["公民身份号码"] != id_number or row["险种"] != insurance_name:
                continue
            if row["缴费状态"] == "已实缴":
                paid.add(row["费款所属期"])
                employer += Decimal(row["单位缴费"])
                own += Decimal(row["个人缴费"])
            else:
                owed.add(row["费款所属期"])
    return {"paid": paid, "owed": owed, "employer": employer, "own": own}


def test_the_record_adds_up_what_the_department_delivered(import_file):
    import_file("hrss", "hrss-contributions.csv")
    from onewindow.people.selectors import person_find_by_id_number

    view = record_view_get(person=person_find_by_id_number(LIN))
    pension = next(s for s in view.insurances if s.insurance == "pension")
    expected = expected_from_hrss_csv(LIN, "企业职工基本养老保险")

    assert pension.months_paid == len(expected["paid"])
    assert pension.months_owed == len(expected["owed"] - expected["paid"])
    assert pension.employer_total == expected["employer"]
    assert pension.individual_total == expected["own"]
    assert pension.regions == ["440300"]


def test_a_month_paid_in_two_cities_counts_once(import_file):
    from onewindow.exchange.tests.test_import import hrss, row

    import_file(
        "hrss",
        hrss(
            row("202301", place="深圳市南山区"),
            row("202301", place="北京市朝阳区"),
            row("202302", place="北京市朝阳区"),
            row("202303", place="北京市朝阳区", status="欠缴"),
        ),
    )
    from onewindow.people.selectors import person_find_by_id_number

    data = record_statement_json(record_view_get(person=person_find_by_id_number(LIN)))

    assert data["insurances"] == [
        {
            "insurance": "pension",
            "months_paid": 2,
            "months_owed": 1,
            "first_month": "2023-01",
            "last_month": "2023-03",
            "employer_total": "2400.00",
            "individual_total": "1200.00",
            "regions": ["110000", "440300"],
        }
    ]


def test_the_timeline_shows_cities_employers_and_gaps(import_file):
    from onewindow.exchange.tests.test_import import hrss, row

    import_file(
        "hrss",
        hrss(
            row("202301", place="深圳市南山区"),
            row("202302", place="深圳市南山区"),
            row("202306", place="北京市朝阳区", employer=","),
        ),
    )
    from onewindow.people.selectors import person_find_by_id_number

    timeline = record_view_get(person=person_find_by_id_number(LIN)).timeline

    assert [
        (s.first, s.last, s.pooling_region, s.employer_name, s.is_gap) for s in timeline
    ] == [
        ("2023-01", "2023-02", "440300", "深圳南山智能制造有限公司", False),
        ("2023-03", "2023-05", "", "", True),
        ("2023-06", "2023-06", "110000", "", False),
    ]


def test_the_statement_command_prints_the_record_and_logs_the_read(sample_record):
    out = io.StringIO()

    call_command(
        "statement", LIN, "--purpose", "pension claim check", "--json", stdout=out
    )

    data = json.loads(out.getvalue())
    assert data["person"] == {"name": "林超", "id_masked": "4201**********9834"}
    pension = next(i for i in data["insurances"] if i["insurance"] == "pension")
    expected = expected_from_hrss_csv(LIN, "企业职工基本养老保险")
    # The January 2025 delivery paid the owed months and added January 2025.
    assert pension["months_owed"] == 0
    assert pension["last_month"] == "2025-01"
    assert pension["months_paid"] == len(expected["paid"] | expected["owed"]) + 1
    housing = next(i for i in data["insurances"] if i["insurance"] == "housing_fund")
    assert housing["regions"] == ["440300"]
    entry = AccessEntry.objects.get()
    assert (entry.purpose, entry.channel) == ("pension claim check", "command")


def test_the_statement_command_refuses_a_read_without_a_purpose(sample_record):
    with translation.override("en"), pytest.raises(Exception, match="purpose"):
        call_command("statement", LIN, "--purpose", "  ", "--json")
    assert not AccessEntry.objects.exists()


def test_a_resident_sees_their_own_record(client, resident_with_record):
    client.login(username="linchao", password=PASSWORD)

    response = client.get(reverse("records:record"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "4201**********9834" in content
    assert LIN not in content


def test_the_drill_down_shows_each_month_with_its_source(client, resident_with_record):
    client.login(username="linchao", password=PASSWORD)

    response = client.get(reverse("records:months", args=["pension"]) + "?year=2024")

    content = response.content.decode()
    assert response.status_code == 200
    assert "2024-12" in content
    assert "hrss-contributions.csv" in content
    assert "hrss-update-2025-01.xlsx" in content  # the months it paid


@pytest.mark.parametrize("year", ["²", "²⁰²⁴", "٢٠٢٤", "9" * 30, "-1", "20 24"])
def test_a_year_that_is_not_four_ascii_digits_shows_the_latest_year(
    client, resident_with_record, year
):
    client.login(username="linchao", password=PASSWORD)

    response = client.get(reverse("records:months", args=["pension"]), {"year": year})

    assert response.status_code == 200


def test_the_csv_statement_cannot_run_formulas(client, import_file):
    from onewindow.conftest import make_user
    from onewindow.exchange.tests.test_import import hrss, row
    from onewindow.people.selectors import person_find_by_id_number

    import_file("hrss", hrss(row(employer="=HYPERLINK(evil),")))
    make_user("lin", person=person_find_by_id_number(LIN))
    client.login(username="lin", password=PASSWORD)

    response = client.get(reverse("records:statement_csv"))

    text = response.content.decode("utf-8-sig")
    assert "'=HYPERLINK(evil)" in text
    assert ",=HYPERLINK" not in text


def test_the_pdf_statement_is_a_pdf_with_the_font_embedded(
    client, resident_with_record
):
    client.login(username="linchao", password=PASSWORD)

    response = client.get(reverse("records:statement_pdf"))

    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert any(b"NotoSans" in part for part in pdf_parts(response.content))


def test_an_account_without_a_record_is_sent_to_claim_it(client, db):
    from onewindow.conftest import make_user

    make_user("nobody")
    client.login(username="nobody", password=PASSWORD)

    response = client.get(reverse("records:record"))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:claim")


@pytest.mark.parametrize("years", [1, 30])
def test_the_record_page_costs_the_same_queries_for_a_short_or_long_record(
    client, import_file, years
):
    from onewindow.conftest import make_user
    from onewindow.exchange.tests.test_import import hrss, row
    from onewindow.people.selectors import person_find_by_id_number

    months = [f"{1995 + i // 12}{i % 12 + 1:02d}" for i in range(years * 12)][
        : 10 if years == 1 else None
    ]
    insurances = ["企业职工基本养老保险", "失业保险", "工伤保险"]
    import_file("hrss", hrss(*(row(m, ins=i) for m in months for i in insurances)))
    make_user("lin", person=person_find_by_id_number(LIN))
    client.login(username="lin", password=PASSWORD)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("records:record"))

    assert response.status_code == 200
    assert len(queries) == RECORD_PAGE_QUERIES


# session, the user with their person (one query), the person's ledger rows,
# employer names, and the personal account: its pension rows and the interest
# rules (rules app). A second view of the page reads its body from the cache.
RECORD_PAGE_QUERIES = 6


def pdf_parts(pdf: bytes) -> list[bytes]:
    """Return the PDF's raw bytes and each of its streams inflated."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return parts


def test_a_new_delivery_shows_at_once_on_a_cached_record_page(client, import_file):
    from onewindow.conftest import make_user
    from onewindow.exchange.tests.test_import import hrss, row
    from onewindow.people.selectors import person_find_by_id_number

    import_file("hrss", hrss(row("202301", status="欠缴")))
    make_user("lin", person=person_find_by_id_number(LIN))
    client.login(username="lin", password=PASSWORD)
    before = client.get(reverse("records:record")).context["view"]

    import_file("hrss", hrss(row("202301", status="已实缴"), row("202302")))
    after = client.get(reverse("records:record")).context["view"]

    assert (before.insurances[0].months_paid, before.insurances[0].months_owed) == (
        0,
        1,
    )
    assert (after.insurances[0].months_paid, after.insurances[0].months_owed) == (2, 0)


def test_a_delivery_of_identical_months_keeps_the_cached_page(import_file):
    from onewindow.exchange.tests.test_import import hrss, row
    from onewindow.people.selectors import person_find_by_id_number

    import_file("hrss", hrss(row("202301")))
    version = person_find_by_id_number(LIN).record_version
    import_file("hrss", hrss(row("202301")))

    assert person_find_by_id_number(LIN).record_version == version


def test_the_cached_body_of_the_record_page_follows_deliveries_and_language(
    client, import_file
):
    from onewindow.conftest import make_user
    from onewindow.exchange.tests.test_import import hrss, row
    from onewindow.people.selectors import person_find_by_id_number

    import_file("hrss", hrss(row("202301", status="欠缴")))
    make_user("lin", person=person_find_by_id_number(LIN))
    client.login(username="lin", password=PASSWORD)
    url = reverse("records:record")

    owed = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    import_file("hrss", hrss(row("202301", status="已实缴")))
    paid = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert 'class="num owed"' in owed and "Summary by insurance" in owed
    assert 'class="num owed"' not in paid and "Summary by insurance" in paid
    assert "各险种汇总" in chinese and "Summary by insurance" not in chinese


def test_text_shaped_like_the_slot_in_a_name_does_not_move_the_kept_body(
    client, import_file
):
    from onewindow.conftest import make_user
    from onewindow.core.splice import SLOT
    from onewindow.exchange.tests.test_import import hrss, row
    from onewindow.people.selectors import person_find_by_id_number

    import_file("hrss", hrss(row("202301")))
    make_user("lin", person=person_find_by_id_number(LIN), first_name=str(SLOT))
    client.login(username="lin", password=PASSWORD)

    page = client.get(reverse("records:record"), HTTP_ACCEPT_LANGUAGE="en")
    text = page.content.decode()

    assert "&lt;!--onewindow:slot--&gt;" in text
    assert str(SLOT) not in text
    assert text.count("Summary by insurance") == 1
    assert text.index("Sign out") < text.index("Summary by insurance")


def test_an_employer_renamed_by_the_market_register_shows_at_once(
    client, resident_with_record, import_file
):
    client.login(username="linchao", password=PASSWORD)
    before = client.get(reverse("records:record")).content.decode()

    batch = import_file(
        "employers",
        "单位名称,统一社会信用代码,行政区划代码\r\n"
        "深圳南山智造集团有限公司,914403050EGHYC602R,440305\r\n",
    )
    after = client.get(reverse("records:record")).content.decode()

    assert batch.updated == 1
    assert "深圳南山智能制造有限公司" in before
    assert "深圳南山智造集团有限公司" in after
    assert "深圳南山智能制造有限公司" not in after
