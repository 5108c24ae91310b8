"""Import a contributions file: read it once, check each distinct value once,
and hand the ledger whole months.

A department file repeats the same few thousand ID numbers, places, months and
amounts over a million rows, so each distinct cell value is checked once by
RowParser.value and remembered; a row is then put together from what is
remembered. Persons and employers are looked up (or registered) a block of rows
at a time, and the clean months are copied into the ledger's stage in blocks
too, so the file is never held in memory. The merge runs afterwards in one
transaction: a delivery is merged whole or not at all. When a file breaks
half-way (it is refused before the merge) or the merge fails, the persons and
employers its first blocks registered are removed again.

A row is refused when one of its cells fails (RowParser.problem says which and
why) or when its name is not the name on record for its ID number.
"""

import gc
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext_lazy as _

from onewindow.core.exceptions import InvalidInput
from onewindow.employers.models import Employer
from onewindow.employers.services import employers_link
from onewindow.people.models import Person
from onewindow.people.selectors import same_name
from onewindow.people.services import persons_link, persons_touch
from onewindow.records.services import (
    LEDGER_STAGE,
    LEDGER_STAGE_COLUMNS,
    MergeCounts,
    contributions_merge_staged,
    ledger_stage_close,
    ledger_stage_open,
)

from .parsing import CONTRIBUTION_FIELDS, Rejection, RowParser, rejection
from .readers import FileRefused, Table

ProgressCallback = Callable[[int, int], None]
BLOCK_ROWS = 20000  # rows linked and copied at a time; progress between blocks
_LEDGER_LOCK = 0x6F6E6577  # one ledger merge at a time (PostgreSQL advisory lock)
_BAD = object()  # a value that failed its check
_NULL = "\\N"  # COPY's NULL: a month without an employer
# The cells a month is made of, besides the person's, the employer's and the
# amounts.
_MONTH_FIELDS = ("place", "insurance", "period", "status")
# _Reading slices a row by these positions: the person's two cells, the
# employer's two, the month's four and the three amounts.
assert CONTRIBUTION_FIELDS[0:4] == ("id_number", "name", "credit_code", "employer_name")
assert CONTRIBUTION_FIELDS[4:8] == _MONTH_FIELDS
assert CONTRIBUTION_FIELDS[8:] == ("base", "employer_amount", "individual_amount")
# A staged line of COPY text, its values in _STAGED order (round is left at its
# default, 1); the month is itself five values.
_line = "{}\t{}\t{}\t{}\t{}\t{}\t{}\n".format
_STAGED = (
    "person_id",
    "employer_id",
    "insurance",
    "pooling_region",
    "area_code",
    "period",
    "status",
    "base",
    "employer_amount",
    "individual_amount",
    "source_row",
)
assert set(_STAGED) == set(LEDGER_STAGE_COLUMNS) - {"round"}


@dataclass
class ImportOutcome:
    rows: int = 0
    counts: MergeCounts = field(default_factory=MergeCounts)
    rejections: list[Rejection] = field(default_factory=list)


def contributions_import(
    *,
    batch_id: int,
    department: str,
    parser: RowParser,
    table: Table,
    progress: ProgressCallback | None = None,
    merged: Callable[[ImportOutcome], None] = lambda outcome: None,
) -> ImportOutcome:
    """Read, check and merge one contributions file; return what happened.

    Raises FileRefused (from the reader) when the file breaks while it is read:
    nothing reaches the ledger then. `merged` runs inside the merge's
    transaction, so that the batch's counts commit with the rows they count.
    """
    outcome = ImportOutcome()
    reading = _Reading(parser, outcome)
    ledger_stage_open()
    try:
        reading.read(table, progress)
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LEDGER_LOCK])
                    # Room to hash and sort a big delivery in memory.
                    cursor.execute("SET LOCAL work_mem = '256MB'")
            outcome.counts = contributions_merge_staged(
                batch_id=batch_id, department=department
            )
            persons_touch(person_ids=outcome.counts.changed_persons)
            outcome.rejections.sort(key=lambda refused: refused.row_number)
            merged(outcome)
    except BaseException:
        # A file refused half-way, or a merge that failed: nothing reached the
        # ledger, so nothing may stay in the registers either.
        reading.forget_registered()
        raise
    finally:
        ledger_stage_close()
    return outcome


@dataclass
class _Block:
    """Rows read since the last copy: staged lines, rows waiting for a person
    or employer named for the first time, and those names in row order."""

    lines: list[str] = field(default_factory=list)
    waiting: list[tuple[Any, ...]] = field(default_factory=list)
    persons: dict[tuple[str, ...], None] = field(default_factory=dict)
    employers: dict[tuple[str, ...], None] = field(default_factory=dict)


class _Reading:
    """One pass over a file: rows in, clean months out to the ledger's stage.

    A clean month is staged as a line of COPY text put together from fragments
    remembered per distinct value: the person's id, the month's insurance,
    region, area, period and status, the employer's id and each amount.
    """

    def __init__(self, parser: RowParser, outcome: ImportOutcome):
        self.parser, self.outcome = parser, outcome
        # A row's cells in CONTRIBUTION_FIELDS order; a column the file does not
        # have reads as the empty cell appended to every row (position -1).
        self.pick = itemgetter(*(parser.index.get(f, -1) for f in CONTRIBUTION_FIELDS))
        # Remembered fragments, or _BAD: (place, insurance, period, status) ->
        # "insurance\tregion\tarea\tperiod\tstatus"; an amount's text -> its
        # decimal as text; (ID, name) -> person id; (credit code, name) ->
        # employer id.
        self.months: dict[tuple[str, ...], Any] = {}
        self.amounts: dict[str, Any] = {}
        self.persons: dict[tuple[str, str], Any] = {}
        self.employers: dict[tuple[str, str], Any] = {}
        self.registered_persons: set[int] = set()
        self.registered_employers: set[int] = set()

    def read(self, table: Table, progress: ProgressCallback | None) -> None:
        # A million rows make millions of small objects that live until their
        # block is copied; the cyclic collector would walk them all again and
        # again (a third of the time). They hold no cycles: pause it.
        paused = gc.isenabled()
        gc.disable()
        try:
            self._read(table, progress)
        finally:
            if paused:
                gc.enable()

    def _read(self, table: Table, progress: ProgressCallback | None) -> None:
        # The loop below runs once per row of files of millions of rows: it
        # keeps to local names, slices and dictionary lookups.
        outcome, parser, pick = self.outcome, self.parser, self.pick
        months, amounts = self.months, self.amounts
        persons, employers = self.persons, self.employers
        block = _Block()
        lines, waiting = block.lines, block.waiting
        new_persons, new_employers = block.persons, block.employers
        # Rows of plain text as wide as the header with an ID cell take the
        # short way; anything else (blank, short, a spreadsheet's numbers) the
        # careful one, RowParser.split.
        width, id_cell = parser.width, parser.index["id_number"]
        text_only = table.text_only
        rows, left = 0, BLOCK_ROWS
        for number, cells in table.rows():
            if text_only and len(cells) >= width and cells[id_cell].strip():
                cells.append("")
                raw = pick(cells)
            else:
                split = parser.split(number, cells)
                if split is None:
                    continue
                if isinstance(split, Rejection):
                    rows += 1
                    outcome.rejections.append(split)
                    continue
                raw = tuple(split)
            rows += 1

            month = months.get(raw[4:8])
            if month is None:
                month = self._month(raw[4:8])
            base = amounts.get(raw[8])
            if base is None:
                base = self._amount(raw[8])
            paid_by = amounts.get(raw[9])
            if paid_by is None:
                paid_by = self._amount(raw[9])
            paid_in = amounts.get(raw[10])
            if paid_in is None:
                paid_in = self._amount(raw[10])
            if month is _BAD or base is _BAD or paid_by is _BAD or paid_in is _BAD:
                self._refuse(number, raw)
                continue
            who, payer = raw[0:2], raw[2:4]
            person = persons.get(who)
            employer = employers.get(payer)
            if person is None or employer is None:
                # Named for the first time: linked when the block is full.
                if person is None:
                    new_persons[who] = None
                if employer is None:
                    new_employers[payer] = None
                waiting.append((who, payer, month, base, paid_by, paid_in, number, raw))
            elif person is _BAD or employer is _BAD:
                self._refuse(number, raw)
            else:
                lines.append(
                    _line(person, employer, month, base, paid_by, paid_in, number)
                )
            left -= 1  # rows that can still join the block before it is full
            if left <= 0:
                left = BLOCK_ROWS - len(lines) - len(waiting)
                if left <= 0:
                    outcome.rows, left = rows, BLOCK_ROWS
                    self._flush(block)
                    block = _Block()
                    lines, waiting = block.lines, block.waiting
                    new_persons, new_employers = block.persons, block.employers
                    if progress:
                        progress(outcome.rows, table.total_rows)
        outcome.rows = rows
        if not rows:  # a header and nothing else, or blank lines
            raise FileRefused(_("The file is empty."), code="file.empty")
        self._flush(block)
        if progress:
            progress(outcome.rows, table.total_rows)

    def _value(self, name: str, text: str) -> Any:
        try:
            return self.parser.value(name, text)
        except InvalidInput:
            return _BAD

    def _month(self, cells: tuple[str, ...]) -> Any:
        place, insurance, period, status = (
            self._value(name, text)
            for name, text in zip(_MONTH_FIELDS, cells, strict=True)
        )
        if _BAD in (place, insurance, period, status):  # no Decimal here
            fragment: Any = _BAD
        else:
            area, region = place
            fragment = f"{insurance}\t{region}\t{area}\t{period}\t{status}"
        self.months[cells] = fragment
        return fragment

    def _amount(self, text: str) -> Any:
        # The three amounts are read alike; which one failed is told by
        # RowParser.problem when the row is refused.
        amount = self._value("base", text)
        fragment = amount if amount is _BAD else str(amount)
        self.amounts[text] = fragment
        return fragment

    def _refuse(self, number: int, raw: Sequence[str]) -> None:
        problem = self.parser.problem(number, list(raw))
        self.outcome.rejections.append(problem or _name_mismatch(number, raw[1]))

    def _flush(self, block: "_Block") -> None:
        """Link the persons and employers first named in this block, then copy
        the block's months into the stage."""
        self._link_persons(block.persons)
        self._link_employers(block.employers)
        persons, employers, lines = self.persons, self.employers, block.lines
        for who, payer, month, base, paid_by, paid_in, number, raw in block.waiting:
            person, employer = persons[who], employers[payer]
            if person is _BAD or employer is _BAD:
                self._refuse(number, raw)
            else:
                lines.append(
                    _line(person, employer, month, base, paid_by, paid_in, number)
                )
        _copy_months(lines)

    def _link_persons(self, pairs: dict[tuple[str, str], None]) -> None:
        """Give each new (ID number, name) pair its person; a pair whose name is
        not the name on record is _BAD. A person not yet known is registered
        with the name of their first row."""
        persons, pending = self.persons, {}
        for pair in pairs:
            if pair in persons:
                continue
            resident = self._value("id_number", pair[0])
            name = self._value("name", pair[1])
            if resident is _BAD or name is _BAD:
                persons[pair] = _BAD
            else:
                pending[pair] = (resident, name)
        first: dict[str, tuple[Any, str]] = {}
        for resident, name in pending.values():
            first.setdefault(resident.value, (resident, name))
        if not first:
            return
        people = persons_link(residents=first.values(), created=self.registered_persons)
        for pair, (resident, name) in pending.items():
            person_id, name_on_record = people[resident.value]
            persons[pair] = person_id if same_name(name_on_record, name) else _BAD

    def _link_employers(self, pairs: dict[tuple[str, str], None]) -> None:
        """Give each new (credit code, employer name) pair its employer: NULL
        when the row names none, _BAD for a bad code or name."""
        employers, pending = self.employers, {}
        for pair in pairs:
            if pair in employers:
                continue
            code = self._value("credit_code", pair[0])
            name = self._value("employer_name", pair[1])
            if code is _BAD or name is _BAD:
                employers[pair] = _BAD
            else:
                pending[pair] = (code, name)
        if not pending:
            return
        by_code, by_name = employers_link(
            coded={(code, name or code) for code, name in pending.values() if code},
            named={name for code, name in pending.values() if name and not code},
            created=self.registered_employers,
        )
        for pair, (code, name) in pending.items():
            employer = by_code[code] if code else by_name.get(name)
            employers[pair] = _NULL if employer is None else employer

    def forget_registered(self) -> None:
        """Remove the persons and employers this file registered and nothing
        else refers to: a refused file leaves no trace in the registers."""
        for model, registered in (
            (Person, self.registered_persons),
            (Employer, self.registered_employers),
        ):
            ids = sorted(registered)
            for start in range(0, len(ids), 1000):
                chunk = ids[start : start + 1000]
                try:
                    with transaction.atomic():
                        model.objects.filter(id__in=chunk).delete()
                except (ProtectedError, DatabaseError):
                    continue  # already in use: another delivery linked to it


def _copy_months(lines: list[str]) -> None:
    """Write clean months, as COPY text lines, into the ledger's stage: COPY on
    PostgreSQL, batched inserts elsewhere."""
    if not lines:
        return
    columns = ", ".join(_STAGED)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(
                f"COPY {LEDGER_STAGE} ({columns}) FROM STDIN"
            ) as copy:
                copy.write("".join(lines))
            return
        marks = ", ".join(["%s"] * len(_STAGED))
        cursor.executemany(
            f"INSERT INTO {LEDGER_STAGE} ({columns}) VALUES ({marks})",  # noqa: S608 - our own names
            (
                [None if value == _NULL else value for value in line[:-1].split("\t")]
                for line in lines
            ),
        )


def _name_mismatch(number: int, name: str) -> Rejection:
    """Refuse a row whose name is not the name on record for its ID number: one
    of the two is mistyped, and linking it would put a month in another
    person's record."""
    return rejection(
        number,
        "name",
        name,
        InvalidInput(
            _(
                "The name does not match the name on record for this ID number; "
                "check both."
            ),
            code="name.mismatch",
        ),
    )
