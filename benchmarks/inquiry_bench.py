"""Latency of the inquiry page for a person with 30 years of monthly rows in six
insurances, as a ratio to a trivial Django page served in the same run.

    .venv/bin/python benchmarks/inquiry_bench.py [--requests 300] [--rounds 10]

Both pages go through the whole middleware stack (sessions, authentication,
CSP) with the Django test client; the database is PostgreSQL, vacuumed and
analysed after the load so that autovacuum does not run during the timing.
The two pages are timed in alternating runs (`--rounds 1`: one after the other).
"""

import argparse
import io
import statistics
import time

from _setup import django_on, fresh_database

YEARS = 30
BENCH_PASSWORD = "bench-password-1"  # noqa: S105 - a throwaway benchmark database
INSURANCES = ["企业职工基本养老保险", "失业保险", "工伤保险", "生育保险"]


def load_person() -> None:
    from onewindow.exchange.services import import_batch_create, import_batch_run

    months = [f"{1995 + i // 12}{i % 12 + 1:02d}" for i in range(YEARS * 12)]
    who = (
        "林超,420106196402299834,深圳南山智能制造有限公司,"
        "914403050EGHYC602R,深圳市南山区"
    )
    hrss = [
        "姓名,公民身份号码,单位名称,统一社会信用代码,参保地,险种,费款所属期,"
        "缴费基数,单位缴费,个人缴费,缴费状态"
    ]
    hrss += [
        f"{who},{ins},{m},8000.00,1280.00,640.00,已实缴"
        for m in months
        for ins in INSURANCES
    ]
    medical = [
        "姓名,证件号码,参保地,险种类型,所属期,缴费基数,单位应缴,个人应缴,实缴标志"
    ]
    medical += [
        f"林超,420106196402299834,深圳市南山区,职工基本医疗保险,"
        f"{m[:4]}-{m[4:]},8000.00,784.00,160.00,1"
        for m in months
    ]
    fund = [
        "职工姓名,身份证号,单位名称,缴存地,汇缴年月,缴存基数,单位月缴存额,个人月缴存额"
    ]
    fund += [
        f"林超,420106196402299834,深圳南山智能制造有限公司,深圳市,"
        f"{m[:4]}年{int(m[4:])}月,8000.00,960.00,960.00"
        for m in months
    ]
    for source, lines in (("hrss", hrss), ("medical", medical), ("housing_fund", fund)):
        data = ("\r\n".join(lines) + "\r\n").encode()
        batch = import_batch_create(
            actor=None,
            source_code=source,
            file_name=f"{source}.csv",
            stream=io.BytesIO(data),
        )
        import_batch_run(batch=batch)


def timed(client, urls: list[str], requests: int, rounds: int) -> list[list[float]]:
    """Time each URL `requests` times, in `rounds` alternating runs.

    Each run takes one URL over and over, as a loop of one page would, but the
    runs alternate, so that a slow spell of the machine (it shares its cores)
    falls on both pages alike instead of on whichever was being timed then.
    """
    for url in urls:
        for _ in range(20):  # warm caches and connections
            assert client.get(url).status_code == 200
    samples: list[list[float]] = [[] for _ in urls]
    per_round = max(1, requests // rounds)
    for _ in range(rounds):
        for url, times in zip(urls, samples, strict=True):
            for _ in range(per_round):
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
                assert response.status_code == 200
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--rounds", type=int, default=10)
    args = parser.parse_args()

    django_on(fresh_database("onewindow_inquiry_bench"))
    from django.db import connection
    from django.http import HttpResponse
    from django.test import Client, override_settings
    from django.urls import include, path

    from onewindow.accounts.models import User
    from onewindow.people.selectors import person_find_by_id_number
    from onewindow.records.models import Contribution

    load_person()
    with connection.cursor() as cursor:
        # What autovacuum would do shortly after the load, done before timing.
        cursor.execute("VACUUM ANALYZE")
    person = person_find_by_id_number("420106196402299834")
    rows = Contribution.objects.filter(person=person).count()
    User.objects.create_user(username="bench", password=BENCH_PASSWORD, person=person)

    urlpatterns = [
        path("trivial/", lambda request: HttpResponse("ok")),
        path("", include("onewindow.urls")),
    ]
    module = type("BenchUrls", (), {"urlpatterns": urlpatterns})
    with override_settings(ROOT_URLCONF=module, ALLOWED_HOSTS=["testserver"]):
        client = Client()
        client.login(username="bench", password=BENCH_PASSWORD)
        trivial, inquiry = timed(
            client, ["/trivial/", "/me/record/"], args.requests, args.rounds
        )

    floor, page = statistics.median(trivial), statistics.median(inquiry)
    print(f"ledger rows for the person: {rows} ({YEARS} years, 6 insurances)")
    print(f"trivial page median: {floor * 1000:.2f} ms")
    print(
        f"inquiry page median: {page * 1000:.2f} ms "
        f"(p95 {sorted(inquiry)[int(len(inquiry) * 0.95)] * 1000:.2f} ms)"
    )
    print(f"ratio inquiry/trivial: {page / floor:.1f}x (goal <= 3x)")


if __name__ == "__main__":
    main()
