"""Run the entitlement finder over N persons on PostgreSQL and compare it with a
bare read of the same rows, in the same run.

    .venv/bin/python benchmarks/finder_bench.py [--persons 100000] [--months 24]

Persons and their ledger rows (pension, unemployment, medical; some moved city,
some paid twice, some retired, some lost their job) are generated inside
PostgreSQL with generate_series. The finder runs as the nightly task does:
keyset chunks of person ids, three aggregate queries per chunk, the pure rules
per person. The floor is a plain SELECT of the same ledger rows, chunk by chunk.
"""

import argparse
import datetime as dt
import time

from _setup import django_on, fresh_database

GENERATE = """
INSERT INTO people_person (public_id, id_number_encrypted, id_number_hash,
    id_number_masked, name, birth_date, sex, created_at, updated_at)
SELECT gen_random_uuid(), 'bench', md5(i::text) || md5((-i)::text),
    '0000**********0000', 'bench ' || i,
    date '1955-01-01' + ((i * 7919) %% (40 * 365)),
    CASE WHEN i %% 2 = 0 THEN 'M' ELSE 'F' END, now(), now()
FROM generate_series(1, %(persons)s) AS i;

INSERT INTO records_contribution (person_id, insurance, pooling_region, area_code,
    period, employer_id, base, employer_amount, individual_amount, status,
    department, batch_id, source_row)
SELECT p.id, ins.name,
    CASE WHEN p.id %% 7 = 0 AND m < %(months)s / 2 THEN '440300' ELSE '110000' END,
    '110105',
    (2023 + (m / 12)) * 100 + (m %% 12) + 1,
    CASE WHEN p.id %% 11 = 0 AND m > %(months)s - 4 THEN NULL ELSE %(employer)s END,
    8000, 1280, 640, 'paid', 'hrss', %(batch)s, m
FROM people_person p
CROSS JOIN generate_series(0, %(months)s - 1) AS m
CROSS JOIN (VALUES ('pension'), ('unemployment'), ('medical')) AS ins(name);

-- a few persons paid twice: the same pension months in a second city
INSERT INTO records_contribution (person_id, insurance, pooling_region, area_code,
    period, employer_id, base, employer_amount, individual_amount, status,
    department, batch_id, source_row)
SELECT p.id, 'pension', '310000', '310115', 202301 + m, %(employer)s,
    8000, 1280, 640, 'paid', 'hrss', %(batch)s, m
FROM people_person p CROSS JOIN generate_series(0, 2) AS m
WHERE p.id %% 13 = 0;
ANALYZE people_person;
ANALYZE records_contribution;
"""


def generate(persons: int, months: int) -> None:
    from django.db import connection

    from onewindow.employers.models import Employer
    from onewindow.exchange.models import ImportBatch, SourceFormat

    employer = Employer.objects.create(name="bench employer", area_code="110105")
    batch = ImportBatch.objects.create(
        source_format=SourceFormat.objects.get(code="hrss"),
        department="hrss",
        file_name="bench",
        file_sha256="0" * 64,
    )
    params = {
        "persons": persons,
        "months": months,
        "employer": employer.id,
        "batch": batch.id,
    }
    with connection.cursor() as cursor:
        for statement in GENERATE.split(";"):
            if statement.strip():
                cursor.execute(statement, params)


def floor_read(chunk: int) -> float:
    """Read every ledger row of every person, chunk by chunk, and do nothing."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        last = 0
        while True:
            cursor.execute(
                "SELECT id FROM people_person WHERE id > %s ORDER BY id LIMIT %s",
                [last, chunk],
            )
            ids = [row[0] for row in cursor.fetchall()]
            if not ids:
                break
            cursor.execute(
                "SELECT person_id, insurance, pooling_region, period, employer_id"
                " FROM records_contribution WHERE person_id = ANY(%s)",
                [ids],
            )
            cursor.fetchall()
            last = ids[-1]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--chunk", type=int, default=2000)
    args = parser.parse_args()

    django_on(fresh_database("onewindow_finder_bench"))
    started = time.perf_counter()
    generate(args.persons, args.months)
    made = time.perf_counter() - started

    from onewindow.rules.selectors import entitlements_all

    floor = floor_read(args.chunk)
    started = time.perf_counter()
    persons_found = findings = 0
    for _person, found in entitlements_all(
        as_of=dt.date(2025, 3, 1), chunk_size=args.chunk
    ):
        persons_found += 1
        findings += len(found)
    elapsed = time.perf_counter() - started

    rows = args.persons * args.months * 3
    print(f"persons: {args.persons} ledger rows: ~{rows} generated in {made:.1f} s")
    print(
        f"bare SELECT of the same rows: {floor:.2f} s, "
        f"{args.persons / floor:,.0f} persons/s"
    )
    print(
        f"finder: {elapsed:.2f} s, {args.persons / elapsed:,.0f} persons/s, "
        f"{persons_found} persons with {findings} findings"
    )
    print(f"ratio finder/bare-read throughput: {floor / elapsed:.3f}")


if __name__ == "__main__":
    main()
