"""Import N contribution rows into PostgreSQL through the real import path and
compare with a plain COPY of the same rows into a bare table, in the same run.

    .venv/bin/python benchmarks/import_bench.py [--rows 1000000]

The import does everything a delivery does: decoding, every validation, linking
people and employers, idempotent merging and provenance. The floor is COPY of the
same file into a table of the same columns with no checks and no indexes.
"""

import argparse
import io
import time
from pathlib import Path

from _setup import ROOT, django_on, fresh_database


def make_file(rows: int, out: Path) -> Path:
    """Write a synthetic hrss file with exactly `rows` data rows."""
    from onewindow.demo.synthetic import write_files

    persons = max(1, rows // 600)
    while True:
        paths = write_files(out, persons, seed=7)
        with paths["hrss"].open("rb") as handle:
            count = sum(1 for _ in handle) - 1
        if count >= rows:
            break
        persons = int(persons * rows / max(count, 1)) + 5
    target = out / f"bench-hrss-{rows}.csv"
    with paths["hrss"].open("rb") as source, target.open("wb") as sink:
        for number, line in enumerate(source):
            if number > rows:
                break
            sink.write(line)
    return target


def copy_floor(url: str, path: Path) -> float:
    import psycopg

    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(
            "CREATE TABLE IF NOT EXISTS bare_rows (name text, id_number text,"
            " employer text, credit_code text, place text, insurance text,"
            " period text, base numeric, employer_amount numeric,"
            " individual_amount numeric, status text)"
        )
        connection.execute("TRUNCATE bare_rows")
        data = path.read_bytes().decode("utf-8-sig")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            with cursor.copy(
                "COPY bare_rows FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as copy:
                copy.write(data)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()

    work = ROOT / "var" / "bench"
    work.mkdir(parents=True, exist_ok=True)
    url = fresh_database("onewindow_import_bench")
    django_on(url)
    path = make_file(args.rows, work)

    floor = copy_floor(url, path)

    from onewindow.exchange.services import (
        import_batch_create_from_path,
        import_batch_run,
        import_batch_summary,
    )

    started = time.perf_counter()
    batch = import_batch_create_from_path(actor=None, source_code="hrss", path=path)
    batch = import_batch_run(batch=batch)
    elapsed = time.perf_counter() - started
    summary = import_batch_summary(batch)

    started = time.perf_counter()
    again = import_batch_run(
        batch=import_batch_create_from_path(actor=None, source_code="hrss", path=path)
    )
    repeat = time.perf_counter() - started

    out = io.StringIO()
    out.write(
        f"rows: {summary['rows']} imported: {summary['imported']} "
        f"rejected: {summary['rejected']}\n"
    )
    out.write(
        f"COPY into a bare table: {floor:.2f} s, {args.rows / floor:,.0f} rows/s\n"
    )
    out.write(f"import path: {elapsed:.2f} s, {args.rows / elapsed:,.0f} rows/s\n")
    out.write(
        f"same file again (all duplicates: {again.duplicates}): {repeat:.2f} s, "
        f"{args.rows / repeat:,.0f} rows/s\n"
    )
    out.write(f"ratio import/COPY throughput: {floor / elapsed:.3f} (goal >= 0.25)\n")
    print(out.getvalue(), end="")


if __name__ == "__main__":
    main()
