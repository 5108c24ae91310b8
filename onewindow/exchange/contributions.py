"""Import a contributions file: read it once, check each distinct value once,
and hand the ledger whole months.

A department file repeats the same few thousand ID numbers, places, months and
amounts over a million rows, so each distinct cell value is checked once by
RowParser.value and remembered; a row is then put together from what is
remembered. Persons and employers are looked up (or registered) a block of rows
at a time, and the block's clean months go to the ledger, so the file is never
held in memory. Where they go depends on the database (_WriterLedger,
_StagedLedger); either way a delivery is merged whole or not at all. When a file
breaks half-way or the merge fails, the persons and employers its blocks
registered are removed again.

A row is refused when one of its cells fails (RowParser.problem says which and
why) or when its name is not the name on record for its ID number.

A CSV file without quotes is read by columns (`_Reading.read_columns`, with
Arrow): the same checks on the same distinct values, without a Python step per
row (docs/decisions/0011-reading-by-columns.md). Anything else, and a file that
turns out not to be plain half-way, is read row by row (`_Reading.read`).
"""

import csv
import gc
import queue
import re
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
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
    contributions_copy_new,
    contributions_merge_staged,
    ledger_stage_close,
    ledger_stage_open,
)

from .parsing import (
    CONTRIBUTION_FIELDS,
    PLAIN_AMOUNT,
    Rejection,
    RowParser,
    rejection,
)
from .readers import FileRefused, PlainCsv, Table

ProgressCallback = Callable[[int, int], None]
BLOCK_ROWS = 20000  # rows linked and copied at a time; progress between blocks
_LEDGER_LOCK = 0x6F6E6577  # one ledger merge at a time (PostgreSQL advisory lock)
_BAD = object()  # a value that failed its check
_NULL = "\\N"  # COPY's NULL: a month without an employer
# Bytes of a plain CSV file read at a time by columns (about 50,000 rows of a
# bureau's file), then taken BLOCK_ROWS at a time.
_PLAIN_BLOCK_BYTES = 8 * 1024 * 1024
# Joins the cells of a key read by columns; a cell holding it is told apart by
# the number of parts.
_KEY_JOIN = "\x1f"
# Line ends at the very end of a file, blank lines among them.
_BLANK_END = re.compile(rb"(?:\r?\n)+\Z")
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
    kind = _WriterLedger if _may_write_alongside() else _StagedLedger
    registered: tuple[set[int], set[int]] = (set(), set())
    for by_columns in (True, False) if table.plain else (False,):
        outcome = ImportOutcome()
        ledger = kind(batch_id=batch_id, department=department)
        reading = _Reading(parser, outcome, ledger.write)
        # Persons and employers a first reading registered are the second's too:
        # it finds them registered, and removes them if the file is refused.
        reading.registered_persons, reading.registered_employers = registered
        try:
            if by_columns:
                reading.read_columns(table, progress)
            else:
                reading.read(table, progress)
            ledger.finish(outcome, merged)
        except _NotPlain:
            # Not as plain as it looked (a blank line, a row of another width):
            # undo what was merged and read it row by row. The persons and
            # employers registered stay for the second reading, which needs
            # them again (forgetting and registering a million costs minutes).
            ledger.abandon()
            continue
        except BaseException:
            # A file refused half-way, or a merge that failed: nothing reached the
            # ledger, so nothing may stay in the registers either.
            ledger.abandon()
            reading.forget_registered()
            raise
        finally:
            ledger.close()
        return outcome
    raise AssertionError("unreachable: the last reading is row by row")


def _may_write_alongside() -> bool:
    """Whether the ledger can be written by a second connection while this one
    reads: on PostgreSQL, unless a caller's transaction is open (the writer
    could not see what it holds: a test's persons, say)."""
    return connection.vendor == "postgresql" and not connection.in_atomic_block


def _lock_ledger() -> None:
    """One delivery merges at a time, with room to hash and sort a big one in
    memory. Inside the merge's transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LEDGER_LOCK])
            cursor.execute("SET LOCAL work_mem = '256MB'")


def _conclude(
    outcome: ImportOutcome,
    counts: MergeCounts,
    merged: Callable[[ImportOutcome], None],
) -> None:
    """The last steps of a merge, in its transaction."""
    outcome.counts = counts
    persons_touch(person_ids=counts.changed_persons)
    outcome.rejections.sort(key=lambda refused: refused.row_number)
    merged(outcome)


class _StagedLedger:
    """Every block is copied into the stage as it is read, outside any
    transaction (the batch's progress stays visible); the stage is merged in
    one transaction at the end."""

    def __init__(self, *, batch_id: int, department: str):
        self.batch_id, self.department = batch_id, department
        ledger_stage_open()

    def write(self, lines: list[str]) -> None:
        _copy_into_stage(lines)

    def finish(
        self, outcome: ImportOutcome, merged: Callable[[ImportOutcome], None]
    ) -> None:
        with transaction.atomic():
            _lock_ledger()
            counts = contributions_merge_staged(
                batch_id=self.batch_id, department=self.department
            )
            _conclude(outcome, counts, merged)

    def abandon(self) -> None:
        pass  # the stage is the connection's own and is dropped by close

    def close(self) -> None:
        ledger_stage_close()


@dataclass
class _End:
    """What the reader hands over after the last block."""

    outcome: ImportOutcome
    merged: Callable[[ImportOutcome], None]


_ABANDON = object()  # the reader gave up: roll back


class _Abandoned(Exception):
    pass


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a file is read.

    A million rows make millions of small objects that live until their block
    is copied; the collector would walk them all again and again (a third of the
    time, reading by rows). They hold no cycles.
    """
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _plain_chunks(plain: PlainCsv) -> Iterator[bytes]:
    """The data lines of a plain file, about _PLAIN_BLOCK_BYTES at a time, each
    chunk ending at a line's end; blank lines at the very end are left out, as
    `read` skips them (they number no row).

    Read here rather than by Arrow's streaming reader, which reads ahead as far
    as it likes: a million rows held 300 MB. A newline byte is never part of
    another character in the encodings a file is read in.
    """
    with plain.path.open("rb") as handle:
        header = handle.readline()
        if b"\r" in header.rstrip(b"\r\n"):
            raise _NotPlain  # lines end in a lone CR: not split here
        held, rest = b"", b""
        for block in iter(lambda: handle.read(_PLAIN_BLOCK_BYTES), b""):
            block = rest + block
            end = block.rfind(b"\n") + 1
            rest = block[end:]
            if end:
                if held:
                    yield held
                held = block[:end]
        last = _BLANK_END.sub(b"\n", held + rest)
        if last.strip(b"\r\n"):
            yield last


def _parse_plain(chunk: bytes, plain: PlainCsv, names: list[str]) -> Any:
    """Split a chunk of a plain file into columns of text, one block."""
    return pa_csv.read_csv(
        pa.py_buffer(chunk),
        read_options=pa_csv.ReadOptions(
            column_names=names,
            block_size=len(chunk) + 1,
            use_threads=False,
            encoding="utf8" if plain.encoding.startswith("utf-8") else plain.encoding,
        ),
        parse_options=pa_csv.ParseOptions(
            delimiter=plain.delimiter,
            quote_char=False,
            newlines_in_values=False,
            ignore_empty_lines=False,
        ),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()),
            strings_can_be_null=False,
        ),
    )


def _plain_blocks(plain: PlainCsv, names: list[str]) -> Iterator[Any]:
    """The rows of a plain file in columns, BLOCK_ROWS at a time counted from
    its first row, as `read` cuts its blocks; the rows at the end of a chunk
    wait for the next one."""
    carried = None
    for chunk in _plain_chunks(plain):
        try:
            parsed = _parse_plain(chunk, plain, names)
        except pa.ArrowInvalid as error:  # a blank row, or one of another width
            raise _NotPlain from error
        limit = csv.field_size_limit()
        if any(
            (pc.max(pc.utf8_length(c)).as_py() or 0) > limit for c in parsed.columns
        ):
            raise _NotPlain  # `read` refuses the file at such a cell
        if carried is not None:
            parsed = pa.concat_tables([carried, parsed]).combine_chunks()
        full = parsed.num_rows - parsed.num_rows % BLOCK_ROWS
        if full:
            yield from parsed.slice(0, full).to_batches(max_chunksize=BLOCK_ROWS)
        carried = parsed.slice(full)
    if carried is not None and carried.num_rows:
        yield from carried.to_batches(max_chunksize=BLOCK_ROWS)


class _NotPlain(Exception):
    """A file read by columns turned out not to be plain: read it by rows."""


class _WriterLedger:
    """A writer thread, with its own connection, merges each block while the
    next one is read: the database writes the ledger on one core while Python
    reads on the other (docs/decisions/0009-ledger-writer.md).

    The writer's transaction runs from the first block to the last, so the
    delivery is still merged whole or not at all. While every month is new,
    blocks are copied straight into the ledger; from the first block with a
    month already stored, or stated twice, the rest is staged and merged at the
    end, where the rules for later deliveries and repeated months apply.
    Persons and employers are linked on the reader's connection and committed
    before their block is handed over, so the writer sees them.
    """

    def __init__(self, *, batch_id: int, department: str):
        self.batch_id, self.department = batch_id, department
        self.blocks: queue.Queue[Any] = queue.Queue(maxsize=2)
        self.failure: BaseException | None = None
        self.thread = threading.Thread(
            target=self._run, name=f"ledger-writer-{batch_id}", daemon=True
        )
        self.thread.start()

    def write(self, lines: list[str]) -> None:
        if self.failure is not None:  # stop reading a delivery that cannot merge
            raise self.failure
        self.blocks.put(lines)  # the reader starts a new list for the next block

    def finish(
        self, outcome: ImportOutcome, merged: Callable[[ImportOutcome], None]
    ) -> None:
        self.blocks.put(_End(outcome, merged))
        self.thread.join()
        if self.failure is not None:
            raise self.failure

    def abandon(self) -> None:
        if self.thread.is_alive():
            self.blocks.put(_ABANDON)
            self.thread.join()

    def close(self) -> None:
        pass  # the writer closes its own connection

    def _run(self) -> None:
        try:
            with transaction.atomic():
                _lock_ledger()
                self._merge_blocks()
        except _Abandoned:
            pass
        except BaseException as failure:  # noqa: BLE001 - the reader raises it
            self.failure = failure
            # Keep taking blocks, so that the reader is never stuck on a full
            # queue, until it stops.
            while not isinstance(item := self.blocks.get(), _End) and (
                item is not _ABANDON
            ):
                pass
        finally:
            connection.close()  # this thread's own connection

    def _merge_blocks(self) -> None:
        counts, staging = MergeCounts(), False
        while True:
            item = self.blocks.get()
            if item is _ABANDON:
                raise _Abandoned
            if isinstance(item, _End):
                break
            if not item:  # every row of the block was refused
                continue
            if not staging and contributions_copy_new(
                lines="".join(item),
                columns=_STAGED,
                batch_id=self.batch_id,
                department=self.department,
            ):
                counts.imported += len(item)
                counts.changed_persons.update(
                    int(line.partition("\t")[0]) for line in item
                )
                continue
            if not staging:
                staging = True
                ledger_stage_open()
            _copy_into_stage(item)
        if staging:
            counts.add(
                contributions_merge_staged(
                    batch_id=self.batch_id, department=self.department
                )
            )
            ledger_stage_close()
        _conclude(item.outcome, counts, item.merged)


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

    def __init__(
        self,
        parser: RowParser,
        outcome: ImportOutcome,
        write: Callable[[list[str]], None],
    ):
        self.parser, self.outcome, self.write = parser, outcome, write
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
        with _collector_paused():
            self._read(table, progress)

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
        # A block is BLOCK_ROWS rows of the file, blank rows not counted, as it
        # is for read_columns: where blocks end decides which employers a
        # name-only employer can match (employers_link), so both cut alike.
        rows, block_end = 0, BLOCK_ROWS
        for number, cells in table.rows():
            if text_only and len(cells) >= width and cells[id_cell].strip():
                cells.append("")
                raw = pick(cells)
                split = None
            else:
                split = parser.split(number, cells)
                if split is None:
                    continue
            if rows == block_end:
                outcome.rows, block_end = rows, rows + BLOCK_ROWS
                self._flush(block)
                block = _Block()
                lines, waiting = block.lines, block.waiting
                new_persons, new_employers = block.persons, block.employers
                if progress:
                    progress(outcome.rows, table.total_rows)
            rows += 1
            if split is not None:
                if isinstance(split, Rejection):
                    outcome.rejections.append(split)
                    continue
                raw = tuple(split)

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
        outcome.rows = rows
        if not rows:  # a header and nothing else, or blank lines
            raise FileRefused(_("The file is empty."), code="file.empty")
        self._flush(block)
        if progress:
            progress(outcome.rows, table.total_rows)

    def read_columns(self, table: Table, progress: ProgressCallback | None) -> None:
        """Read a plain CSV file (table.plain) a block of columns at a time.

        The same checks as `read`, and the same fragments, but a cell is touched
        in Python only once per distinct value in its block: the columns are
        split, matched against their distinct values and joined into COPY lines
        by Arrow. A row is numbered by its place, as every row is one line.
        Raises _NotPlain when the file is not plain after all: a row blank or of
        another width, or a blank ID cell (what `read` takes apart the careful
        way), a cell beyond the csv module's limit, lines ending in a lone CR.
        """
        with _collector_paused():
            self._read_columns(table, progress)

    def _read_columns(self, table: Table, progress: ProgressCallback | None) -> None:
        plain: PlainCsv = table.plain
        width, positions = self.parser.width, self.parser.index
        cells_at = [positions.get(name, -1) for name in CONTRIBUTION_FIELDS]
        names = [f"c{position}" for position in range(width)]
        number, rows = 2, 0
        for block in _plain_blocks(plain, names):
            blank = pa.array([""] * block.num_rows, pa.string())
            cells = [block.column(at) if at >= 0 else blank for at in cells_at]
            self._columns(cells, number)
            number += block.num_rows
            rows += block.num_rows
            self.outcome.rows = rows
            if progress:
                progress(rows, table.total_rows)
        if not rows:
            raise FileRefused(_("The file is empty."), code="file.empty")

    def _columns(self, cells: list[Any], number: int) -> None:
        """Check one block of columns (in CONTRIBUTION_FIELDS order) whose first
        row is `number`, and hand its clean months to the ledger."""
        if any(not text.strip() for text in pc.unique(cells[0]).to_pylist()):
            raise _NotPlain  # a blank ID cell: `read` takes such rows apart
        source_rows = pa.array(range(number, number + len(cells[0])), pa.int64())

        month = self._mapped(cells[4:8], self.months, self._month)
        amounts = [
            self._mapped([cell], self.amounts, self._amount) for cell in cells[8:]
        ]
        ok = pc.and_(
            pc.and_(pc.is_valid(month), pc.is_valid(amounts[0])),
            pc.and_(pc.is_valid(amounts[1]), pc.is_valid(amounts[2])),
        )
        if not pc.all(ok).as_py():
            self._refuse_rows(cells, source_rows, pc.invert(ok))
        kept = [cell.filter(ok) for cell in cells[0:4]]
        person = self._linked(kept[0:2], self.persons, self._link_persons)
        employer = self._linked(kept[2:4], self.employers, self._link_employers)
        linked = pc.and_(pc.is_valid(person), pc.is_valid(employer))
        parts = [
            person,
            employer,
            month.filter(ok),
            *(amount.filter(ok) for amount in amounts),
            pc.cast(source_rows.filter(ok), pa.string()),
        ]
        if not pc.all(linked).as_py():
            self._refuse_rows(
                [cell.filter(ok) for cell in cells],
                source_rows.filter(ok),
                pc.invert(linked),
            )

        lines = pc.binary_join_element_wise(
            *(part.filter(linked) for part in parts), "\t"
        )
        self.write(pc.binary_join_element_wise(lines, pa.scalar("\n"), "").to_pylist())

    @staticmethod
    def _keys(columns: list[Any]) -> tuple[list[Any], Any]:
        """The distinct rows of these columns, in order of first appearance (a
        text for one column, a tuple for more), and each row's place among
        them."""
        if len(columns) == 1:
            encoded = pc.dictionary_encode(columns[0])
            return encoded.dictionary.to_pylist(), encoded.indices
        encoded = pc.dictionary_encode(pc.binary_join_element_wise(*columns, _KEY_JOIN))
        keys = [tuple(text.split(_KEY_JOIN)) for text in encoded.dictionary.to_pylist()]
        if any(len(key) != len(columns) for key in keys):
            raise _NotPlain  # a cell holds the joining character
        return keys, encoded.indices

    def _mapped(
        self,
        columns: list[Any],
        remembered: dict[Any, Any],
        check: Callable[[Any], Any],
    ) -> Any:
        """Each row's fragment for these columns, null where a cell failed."""
        keys, places = self._keys(columns)
        fragments = []
        for key in keys:
            fragment = remembered.get(key)
            if fragment is None:
                fragment = check(key)
            fragments.append(None if fragment is _BAD else fragment)
        return pa.array(fragments, pa.string()).take(places)

    def _linked(
        self,
        columns: list[Any],
        linked: dict[tuple[str, str], Any],
        link: Callable[[dict[tuple[str, str], None]], None],
    ) -> Any:
        """Each row's person or employer id as text, null where it failed; the
        pairs named for the first time are linked first."""
        keys, places = self._keys(columns)
        link({key: None for key in keys if key not in linked})
        fragments = [None if linked[key] is _BAD else str(linked[key]) for key in keys]
        return pa.array(fragments, pa.string()).take(places)

    def _refuse_rows(self, cells: list[Any], numbers: Any, refused: Any) -> None:
        """Refuse the rows marked in `refused`, as `read` refuses a row."""
        where = pc.indices_nonzero(refused)
        picked = [cell.take(where).to_pylist() for cell in cells]
        for number, raw in zip(
            numbers.take(where).to_pylist(), zip(*picked, strict=True), strict=True
        ):
            self._refuse(number, raw)

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
        # RowParser.problem when the row is refused. Most are plain already and
        # go to COPY as they are: RowParser.value would give the same number.
        if PLAIN_AMOUNT.fullmatch(text):
            fragment: Any = text
        else:
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
        self.write(lines)

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
        # A code delivered under two names is registered under the first, in
        # the file's order (not a set's, which changes from run to run).
        coded: dict[str, str] = {}
        for code, name in pending.values():
            if code:
                coded.setdefault(code, name or code)
        by_code, by_name = employers_link(
            coded=coded.items(),
            named=dict.fromkeys(
                name for code, name in pending.values() if name and not code
            ),
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
                _delete_unused(model, ids[start : start + 1000])


def _delete_unused(model: Any, ids: list[int]) -> None:
    """Delete these rows, except those something else has come to refer to
    (another delivery, an account claiming the person): halve a refused set
    until only the rows in use are left."""
    try:
        with transaction.atomic():
            model.objects.filter(id__in=ids).delete()
    except (ProtectedError, DatabaseError):
        if len(ids) > 1:
            half = len(ids) // 2
            _delete_unused(model, ids[:half])
            _delete_unused(model, ids[half:])


def _copy_into_stage(lines: list[str]) -> None:
    """Write clean months, as COPY text lines in _STAGED order, into the ledger's
    stage: COPY on PostgreSQL, batched inserts elsewhere."""
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
