"""Writes to the contribution ledger."""

# Every SQL statement here is built from this module's own constants; values always
# travel as parameters (hence S608 is silenced for this file in pyproject.toml).

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from django.db import connection
from django.utils import timezone

from .models import Contribution, ContributionRevision, PensionTransfer

_LEDGER = Contribution._meta.db_table
_REVISIONS = ContributionRevision._meta.db_table
_STAGE = "ledger_stage"
# The figures a delivery states for a month; a change in any is a correction.
_FIGURES = (
    "employer_id",
    "area_code",
    "base",
    "employer_amount",
    "individual_amount",
    "status",
)
_STAGE_COLUMNS = (
    "person_id",
    "insurance",
    "pooling_region",
    "area_code",
    "period",
    "employer_id",
    "base",
    "employer_amount",
    "individual_amount",
    "status",
    "source_row",
)
NEW, CORRECTED, SAME = 0, 1, 2


class LedgerRow(NamedTuple):
    person_id: int
    insurance: str
    pooling_region: str
    area_code: str
    period: int
    employer_id: int | None
    base: Decimal
    employer_amount: Decimal
    individual_amount: Decimal
    status: str
    source_row: int


@dataclass
class MergeCounts:
    imported: int = 0
    updated: int = 0
    duplicates: int = 0
    changed_persons: set[int] = field(default_factory=set)


def _same(left: str, right: str) -> str:
    """SQL that is true when two rows state the same figures (NULL-safe)."""
    return " AND ".join(
        f"COALESCE({left}.{name}, 0) = COALESCE({right}.{name}, 0)"
        if name == "employer_id"
        else f"{left}.{name} = {right}.{name}"
        for name in _FIGURES
    )


_CREATE_STAGE = f"""
CREATE TEMPORARY TABLE IF NOT EXISTS {_STAGE} (
    person_id bigint NOT NULL, insurance varchar(20) NOT NULL,
    pooling_region varchar(6) NOT NULL, area_code varchar(6) NOT NULL,
    period integer NOT NULL, employer_id bigint NULL, base numeric(12, 2) NOT NULL,
    employer_amount numeric(12, 2) NOT NULL, individual_amount numeric(12, 2) NOT NULL,
    status varchar(10) NOT NULL, source_row integer NOT NULL,
    current_id bigint NULL, outcome smallint NOT NULL DEFAULT 0
)"""
_KEY = (
    "c.person_id = s.person_id AND c.insurance = s.insurance"
    " AND c.pooling_region = s.pooling_region AND c.period = s.period"
)
# A row is SAME when it repeats the stored figures, or repeats figures that a
# later delivery already replaced (an old file must not undo a newer one).
_CLASSIFY = f"""
UPDATE {_STAGE} AS s SET current_id = c.id, outcome = CASE
    WHEN {_same("c", "s")} THEN {SAME}
    WHEN EXISTS (SELECT 1 FROM {_REVISIONS} r WHERE r.contribution_id = c.id
                 AND {_same("r", "s")}) THEN {SAME}
    ELSE {CORRECTED} END
FROM {_LEDGER} AS c WHERE {_KEY}"""
_KEEP_HISTORY = f"""
INSERT INTO {_REVISIONS} (contribution_id, {", ".join(_FIGURES)}, department,
    batch_id, source_row, superseded_by_id, superseded_at)
SELECT c.id, {", ".join("c." + name for name in _FIGURES)}, c.department,
    c.batch_id, c.source_row, %s, %s
FROM {_LEDGER} AS c JOIN {_STAGE} AS s ON s.current_id = c.id
WHERE s.outcome = {CORRECTED}"""
_CORRECT = f"""
UPDATE {_LEDGER} SET {", ".join(f"{name} = s.{name}" for name in _FIGURES)},
    department = %s, batch_id = %s, source_row = s.source_row
FROM {_STAGE} AS s WHERE s.current_id = {_LEDGER}.id AND s.outcome = {CORRECTED}"""
_ADD = f"""
INSERT INTO {_LEDGER} ({", ".join(_STAGE_COLUMNS)}, department, batch_id)
SELECT {", ".join(_STAGE_COLUMNS)}, %s, %s FROM {_STAGE}
WHERE current_id IS NULL"""


def contributions_merge(
    *, batch_id: int, department: str, rows: Sequence[LedgerRow]
) -> MergeCounts:
    """Merge delivered months into the ledger: insert new months, supersede changed
    ones (keeping the old figure as a revision) and leave identical ones alone.

    The rows are staged in a temporary table and merged by four set-based
    statements, so that the cost per row stays that of the database, not of the
    ORM. The caller passes each key at most once and owns the transaction.
    """
    counts = MergeCounts()
    if not rows:
        return counts
    with connection.cursor() as cursor:
        cursor.execute(_CREATE_STAGE)
        cursor.execute(f"DELETE FROM {_STAGE}")
        _stage(cursor, rows)
        if connection.vendor == "postgresql":
            # Each staged month is looked up by the ledger's unique index. While a
            # big delivery fills the ledger its statistics lag behind, and the
            # planner would hash the whole ledger for every chunk instead: the
            # chunk's transaction rules those plans out.
            cursor.execute("SET LOCAL enable_hashjoin = off")
            cursor.execute("SET LOCAL enable_mergejoin = off")

        cursor.execute(_CLASSIFY)
        cursor.execute(
            f"SELECT current_id IS NULL, outcome, COUNT(*) FROM {_STAGE} "
            "GROUP BY current_id IS NULL, outcome"
        )
        for is_new, outcome, number in cursor.fetchall():
            if is_new:
                counts.imported += number
            elif outcome == CORRECTED:
                counts.updated += number
            else:
                counts.duplicates += number

        if counts.imported or counts.updated:
            cursor.execute(
                f"SELECT DISTINCT person_id FROM {_STAGE} "
                f"WHERE current_id IS NULL OR outcome = {CORRECTED}"
            )
            counts.changed_persons = {person_id for (person_id,) in cursor.fetchall()}
        if counts.updated:
            cursor.execute(_KEEP_HISTORY, [batch_id, timezone.now()])
            cursor.execute(_CORRECT, [department, batch_id])
        if counts.imported:
            cursor.execute(_ADD, [department, batch_id])
        cursor.execute(f"DELETE FROM {_STAGE}")
    return counts


def _stage(cursor, rows: Sequence[LedgerRow]) -> None:
    columns = ", ".join(_STAGE_COLUMNS)
    if connection.vendor == "postgresql":
        raw = cursor.cursor  # psycopg's own cursor, for COPY
        with raw.copy(f"COPY {_STAGE} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(_STAGE_COLUMNS))
    cursor.executemany(
        f"INSERT INTO {_STAGE} ({columns}) VALUES ({placeholders})",
        rows,
    )


def contributions_transfer(
    *,
    person_id: int,
    from_region: str,
    to_region: str,
    case_public_id: Any,
    personal_account: Decimal,
    pooled_fund: Decimal,
) -> PensionTransfer:
    """Consolidate the ledger after an approved transfer of pension insurance.

    The outgoing region's pension months are marked as moved to the incoming
    region by a PensionTransfer row; no ledger row is deleted or changed in its
    figures, so the record still shows where each month was paid. Runs inside the
    caller's transaction (the case approval).
    """
    from onewindow.people.services import persons_touch

    months = Contribution.objects.filter(
        person_id=person_id,
        insurance="pension",
        pooling_region=from_region,
        transfer__isnull=True,
    )
    transfer = PensionTransfer.objects.create(
        person_id=person_id,
        from_region=from_region,
        to_region=to_region,
        months=months.count(),
        personal_account=personal_account,
        pooled_fund=pooled_fund,
        case_public_id=case_public_id,
    )
    months.update(transfer=transfer)
    persons_touch(person_ids=[person_id])
    return transfer
