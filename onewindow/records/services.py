"""Writes to the contribution ledger."""

# Every SQL statement here is built from this module's own constants; values always
# travel as parameters (hence S608 is silenced for this file in pyproject.toml).

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from .models import (
    ONE_ROW_PER_MONTH,
    Contribution,
    ContributionRevision,
    PensionTransfer,
)

_LEDGER = Contribution._meta.db_table
_REVISIONS = ContributionRevision._meta.db_table
LEDGER_STAGE = "ledger_stage"
# The figures a delivery states for a month; a change in any is a correction.
_FIGURES = (
    "employer_id",
    "area_code",
    "base",
    "employer_amount",
    "individual_amount",
    "status",
)
# What the caller writes into the stage for each delivered month. `round` is 1
# for the first row of a key in the delivery, 2 for the second and so on: a
# later row of the same file supersedes an earlier one as a later file would.
LEDGER_STAGE_COLUMNS = (
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
    "round",
)
_ROW_COLUMNS = LEDGER_STAGE_COLUMNS[:-1]
NEW, CORRECTED, SAME = 0, 1, 2


@dataclass
class MergeCounts:
    imported: int = 0
    updated: int = 0
    duplicates: int = 0
    changed_persons: set[int] = field(default_factory=set)

    def add(self, other: "MergeCounts") -> None:
        self.imported += other.imported
        self.updated += other.updated
        self.duplicates += other.duplicates
        self.changed_persons |= other.changed_persons


def _same(left: str, right: str) -> str:
    """SQL that is true when two rows state the same figures (NULL-safe)."""
    return " AND ".join(
        f"COALESCE({left}.{name}, 0) = COALESCE({right}.{name}, 0)"
        if name == "employer_id"
        else f"{left}.{name} = {right}.{name}"
        for name in _FIGURES
    )


_CREATE_STAGE = f"""
CREATE TEMPORARY TABLE IF NOT EXISTS {LEDGER_STAGE} (
    person_id bigint NOT NULL, insurance varchar(20) NOT NULL,
    pooling_region varchar(6) NOT NULL, area_code varchar(6) NOT NULL,
    period integer NOT NULL, employer_id bigint NULL, base numeric(12, 2) NOT NULL,
    employer_amount numeric(12, 2) NOT NULL, individual_amount numeric(12, 2) NOT NULL,
    status varchar(10) NOT NULL, source_row integer NOT NULL,
    round integer NOT NULL DEFAULT 1,
    current_id bigint NULL, outcome smallint NOT NULL DEFAULT 0
)"""
_KEY = (
    "c.person_id = s.person_id AND c.insurance = s.insurance"
    " AND c.pooling_region = s.pooling_region AND c.period = s.period"
)
# A row is SAME when it repeats the stored figures, or repeats figures that a
# later delivery already replaced (an old file must not undo a newer one).
_OUTCOME = f"""CASE
    WHEN c.id IS NULL THEN {NEW}
    WHEN {_same("c", "s")} THEN {SAME}
    WHEN EXISTS (SELECT 1 FROM {_REVISIONS} r WHERE r.contribution_id = c.id
                 AND {_same("r", "s")}) THEN {SAME}
    ELSE {CORRECTED} END"""
_CLASSIFY = f"""
UPDATE {LEDGER_STAGE} AS s SET current_id = c.id, outcome = {_OUTCOME}
FROM {_LEDGER} AS c WHERE {_KEY} AND s.round = %s"""
_TALLY = f"""
SELECT person_id, outcome, COUNT(*) FROM {LEDGER_STAGE} WHERE round = %s
GROUP BY person_id, outcome"""
_KEEP_HISTORY = f"""
INSERT INTO {_REVISIONS} (contribution_id, {", ".join(_FIGURES)}, department,
    batch_id, source_row, superseded_by_id, superseded_at)
SELECT c.id, {", ".join("c." + name for name in _FIGURES)}, c.department,
    c.batch_id, c.source_row, %s, %s
FROM {_LEDGER} AS c JOIN {LEDGER_STAGE} AS s ON s.current_id = c.id
WHERE s.outcome = {CORRECTED} AND s.round = %s"""
_CORRECT = f"""
UPDATE {_LEDGER} SET {", ".join(f"{name} = s.{name}" for name in _FIGURES)},
    department = %s, batch_id = %s, source_row = s.source_row
FROM {LEDGER_STAGE} AS s
WHERE s.current_id = {_LEDGER}.id AND s.outcome = {CORRECTED} AND s.round = %s"""
_ADD = f"""
INSERT INTO {_LEDGER} ({", ".join(_ROW_COLUMNS)}, department, batch_id)
SELECT {", ".join(_ROW_COLUMNS)}, %s, %s FROM {LEDGER_STAGE}
WHERE outcome = {NEW} AND round = %s"""
_STAGE_KEY = "person_id, insurance, pooling_region, period"
_REPEATED = (
    f"SELECT 1 FROM {LEDGER_STAGE} GROUP BY {_STAGE_KEY} HAVING COUNT(*) > 1 LIMIT 1"
)
# Number the rows of each key in file order, so that the merge can take them one
# round after another.
_NUMBER_ROUNDS = f"""
UPDATE {LEDGER_STAGE} SET round = w.position
FROM (SELECT source_row, ROW_NUMBER() OVER (
          PARTITION BY {_STAGE_KEY} ORDER BY source_row) AS position
      FROM {LEDGER_STAGE}) AS w
WHERE w.source_row = {LEDGER_STAGE}.source_row AND w.position > 1"""


class _Repeated(Exception):
    """The delivery states one month more than once."""


def ledger_stage_open() -> None:
    """Create (or empty) this connection's stage for delivered months; the caller
    writes LEDGER_STAGE_COLUMNS, `round` 1, and then merges them."""
    with connection.cursor() as cursor:
        cursor.execute(_CREATE_STAGE)
        cursor.execute(f"DELETE FROM {LEDGER_STAGE}")


def ledger_stage_close() -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS {LEDGER_STAGE}")


def contributions_copy_new(
    *, lines: str, columns: Sequence[str], batch_id: int, department: str
) -> bool:
    """Copy delivered months straight into the ledger, all or none, when every
    one of them is new (PostgreSQL).

    `lines` is COPY text of `columns`, ledger columns the stage has too. Returns
    False, having written nothing, when one of the months is already stored or
    is stated twice in the lines: those go through the stage and are merged by
    contributions_merge_staged. Any other refusal (a missing person, say) is
    raised. The caller owns the transaction; this runs in a savepoint.
    """
    if not set(columns) <= set(_ROW_COLUMNS):
        raise ValueError(
            f"not columns of the stage: {sorted(set(columns) - set(_ROW_COLUMNS))}"
        )
    # Every line ends with the same two values; COPY text escapes a backslash and
    # the tab, newline and carriage return.
    escaped = department.translate(
        {ord("\\"): "\\\\", ord("\t"): "\\t", ord("\n"): "\\n", ord("\r"): "\\r"}
    )
    data = lines.replace("\n", f"\t{escaped}\t{int(batch_id)}\n")
    sql = f"COPY {_LEDGER} ({', '.join(columns)}, department, batch_id) FROM STDIN"
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            with connection.wrap_database_errors, cursor.cursor.copy(sql) as copy:
                copy.write(data)
    except IntegrityError as error:
        if getattr(getattr(error.__cause__, "diag", None), "constraint_name", None) != (
            ONE_ROW_PER_MONTH
        ):
            raise
        return False
    return True


def contributions_merge_staged(*, batch_id: int, department: str) -> MergeCounts:
    """Merge the staged months into the ledger: insert new months, supersede
    changed ones (keeping the old figure as a revision) and leave identical ones
    alone.

    Set-wise: a few statements whatever the number of rows, so the cost per row
    is the database's own. A delivery that states a month twice is merged in
    rounds, each row after the earlier rows of its month, as a later delivery
    would be; such a delivery is noticed when the single pass meets the same
    month twice, and the pass is undone. The caller owns the transaction.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Temporary tables get no statistics unless asked; without them the
            # planner cannot tell a delivery of ten rows from one of a million.
            cursor.execute(f"ANALYZE {LEDGER_STAGE}")
        cursor.execute(_CLASSIFY, [1])
    try:
        with transaction.atomic():
            counts = MergeCounts()
            _merge_round(counts, 1, batch_id, department)
            return counts
    except (_Repeated, IntegrityError):
        with connection.cursor() as cursor:
            cursor.execute(_REPEATED)
            if cursor.fetchone() is None:
                raise
            cursor.execute(_NUMBER_ROUNDS)
            cursor.execute(f"SELECT MAX(round) FROM {LEDGER_STAGE}")
            rounds = cursor.fetchone()[0]
    counts = MergeCounts()
    for number in range(1, rounds + 1):
        if number > 1:
            with connection.cursor() as cursor:
                cursor.execute(_CLASSIFY, [number])
        _merge_round(counts, number, batch_id, department)
    return counts


def _merge_round(
    counts: MergeCounts, number: int, batch_id: int, department: str
) -> None:
    with connection.cursor() as cursor:
        cursor.execute(_TALLY, [number])
        added = corrected = 0
        for person_id, outcome, rows in cursor.fetchall():
            if outcome == SAME:
                counts.duplicates += rows
                continue
            counts.changed_persons.add(person_id)
            if outcome == NEW:
                added += rows
            else:
                corrected += rows
        counts.imported += added
        counts.updated += corrected
        if corrected:
            cursor.execute(_KEEP_HISTORY, [batch_id, timezone.now(), number])
            cursor.execute(_CORRECT, [department, batch_id, number])
            if cursor.rowcount != corrected:  # one ledger row corrected twice
                raise _Repeated
        if added:
            cursor.execute(_ADD, [department, batch_id, number])


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
