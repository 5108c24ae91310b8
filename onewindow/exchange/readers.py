"""Read a department file (CSV or XLSX, any of the usual encodings) as rows of cells.

The caller never says which encoding or format a file has: it is detected from the
bytes. A file that cannot be read as a table is refused whole with a FileRefused,
raised by the pass over its rows that meets the fault; callers read a file to its
end before they merge anything from it, so a file that breaks half-way is refused
before its first half reaches the ledger. Files are streamed, never held in
memory whole.
"""

import codecs
import csv
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import openpyxl
from charset_normalizer import from_bytes
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from openpyxl.utils.exceptions import InvalidFileException

from onewindow.core.exceptions import InvalidInput

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_BLOCK = 1024 * 1024
# A workbook whose parts unpack beyond these is refused before it is opened: a
# few hundred kilobytes can otherwise expand into gigabytes in memory.
XLSX_MAX_UNPACKED_BYTES = 400 * 1024 * 1024
XLSX_MAX_RATIO = 200

_UNREADABLE = _("The file is not a table: it is neither CSV nor XLSX.")
# What openpyxl raises on a workbook whose parts are damaged: a cell value that
# is not what its type says, a shared string or style that is missing, a cell
# reference out of range. Any of them means the workbook cannot be read.
_BROKEN_WORKBOOK = (
    zipfile.BadZipFile,
    KeyError,
    OSError,
    ValueError,
    TypeError,
    IndexError,
    AttributeError,
    InvalidFileException,
    # Entities in the XML: an undefined (external) one, or too many expansions.
    ParseError,
)
# A worksheet has at most 1,048,576 rows (ECMA-376, as Excel): a workbook that
# numbers its rows beyond is damaged or built to keep a worker busy.
XLSX_MAX_ROWS = 1_048_576
_ENCODING = _("The file's characters cannot be read; save it as UTF-8 or GB18030.")


def interpolated(message: Any, values: dict[str, Any]) -> Any:
    """Fill the placeholders of a lazy message only when it is rendered.

    A lazy message formatted with % at once is frozen in the language active
    then; a refusal is stored in Chinese and in English, so it must render in
    each.
    """
    return lazy(lambda: str(message) % values, str)()


class FileRefused(InvalidInput):
    """The whole file is refused; nothing from it is imported."""


# A department's export has a few dozen columns; Arrow spends memory on every
# column of a row, about 9 kB each, so a wider file is read row by row.
PLAIN_MAX_COLUMNS = 256


@dataclass(frozen=True)
class PlainCsv:
    """A CSV file that can be read column by column (exchange.contributions):
    no quote character anywhere, so every row is one line and no cell holds a
    delimiter or a line break."""

    path: Path
    encoding: str
    delimiter: str


@dataclass
class Table:
    header: list[str]
    # Each call starts a fresh pass: (row number in the file, cells).
    rows: Callable[[], Iterator[tuple[int, list[Any]]]]
    # How many data rows the file has, as far as can be told without reading
    # them (lines of a CSV file, the sheet's stated size): for progress only.
    total_rows: int
    # Whether every cell is text (a CSV file); a workbook's may be numbers.
    text_only: bool = False
    # Set for a CSV file without quotes: it may then be read by columns.
    plain: PlainCsv | None = None

    def count(self) -> int:
        """Read every row once (raising FileRefused at a fault); return how many."""
        self.total_rows = sum(1 for _ in self.rows())
        return self.total_rows


def read_table(path: Path) -> Table:
    """Open a CSV or XLSX file and return its header, a way to walk its data rows
    and about how many there are."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise FileRefused(_("The file is empty."), code="file.empty")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise FileRefused(_ENCODING, code="file.encoding")
    if head.startswith(_OLE_MAGIC):
        raise FileRefused(
            _(
                "The file is password-protected or an old Excel 97-2003 workbook. "
                "Remove the password and save it as .xlsx or .csv."
            ),
            code="file.protected",
        )
    return _xlsx_table(path) if head.startswith(_ZIP_MAGIC) else _csv_table(path)


def _decodes(path: Path, encoding: str) -> bool:
    """Whether the whole file decodes strictly; refuse NUL bytes on the way.

    A NUL byte in a cell would be stored in the ledger, and PostgreSQL refuses it
    in text mid-import.
    """
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(_BLOCK), b""):
            if b"\x00" in block:
                raise FileRefused(_UNREADABLE, code="file.unreadable")
            try:
                decoder.decode(block)
            except UnicodeDecodeError:
                return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _encoding(path: Path) -> str:
    with path.open("rb") as handle:
        sample = handle.read(200_000)
    if sample.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    else:
        candidates = ["utf-8", "gb18030"]
        best = from_bytes(sample).best()
        if best is not None and best.encoding not in candidates:
            candidates.append(best.encoding)
    for encoding in candidates:
        if _decodes(path, encoding):
            return encoding
    raise FileRefused(_ENCODING, code="file.encoding")


def _csv_table(path: Path) -> Table:
    encoding = _encoding(path)
    with path.open(encoding=encoding, newline="") as handle:
        sample = handle.read(4096)
    if not sample.strip():
        raise FileRefused(_("The file is empty."), code="file.empty")
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    with path.open(encoding=encoding, newline="") as handle:
        try:
            header = [cell.strip() for cell in next(csv.reader(handle, dialect))]
            if header:  # GB18030 has a byte order mark too; it decodes to U+FEFF
                header[0] = header[0].lstrip("\ufeff").strip()
        except (StopIteration, csv.Error):
            raise FileRefused(_("The file is empty."), code="file.empty") from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        with path.open(encoding=encoding, newline="") as handle:
            reader = csv.reader(handle, dialect)
            next(reader)
            try:
                start = reader.line_num + 1
                for cells in reader:
                    # A quoted cell may span lines: a row is known by its first.
                    yield start, cells
                    start = reader.line_num + 1
            except csv.Error as error:
                raise FileRefused(
                    interpolated(
                        _(
                            "Row %(row)s cannot be read (%(reason)s); nothing was "
                            "imported."
                        ),
                        {"row": reader.line_num, "reason": str(error)},
                    ),
                    code="file.broken_row",
                ) from None

    lines, quoted = 0, False
    with path.open("rb") as handle:
        # The quote's byte is never part of another character in UTF-8 or
        # GB18030.
        for block in iter(lambda: handle.read(_BLOCK), b""):
            lines += block.count(b"\n")
            quoted = quoted or b'"' in block
    plain = None
    if (
        not quoted
        and len(header) <= PLAIN_MAX_COLUMNS
        and dialect.quotechar == '"'
        and dialect.delimiter in ",\t;"
        and not dialect.skipinitialspace
    ):
        plain = PlainCsv(path=path, encoding=encoding, delimiter=dialect.delimiter)
    return Table(
        header=header,
        rows=rows,
        total_rows=max(0, lines - 1),
        text_only=True,
        plain=plain,
    )


def _check_zip(path: Path) -> None:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise FileRefused(
            _("The workbook is damaged or not an .xlsx file."), code="file.unreadable"
        ) from None
    unpacked = sum(member.file_size for member in members)
    packed = max(1, sum(member.compress_size for member in members))
    if unpacked > XLSX_MAX_UNPACKED_BYTES or unpacked / packed > XLSX_MAX_RATIO:
        raise FileRefused(
            _(
                "The workbook unpacks to far more data than it holds; it may be "
                "damaged or built to harm. Save it again as .xlsx or .csv."
            ),
            code="file.bomb",
        )


def _open_workbook(path: Path):
    try:
        # A file object, not the path: openpyxl judges a path by its extension and
        # stored uploads have none.
        return openpyxl.load_workbook(path.open("rb"), read_only=True, data_only=True)
    except _BROKEN_WORKBOOK as error:
        raise FileRefused(
            _("The workbook is damaged or not an .xlsx file."),
            code="file.unreadable",
        ) from error


def _xlsx_table(path: Path) -> Table:
    _check_zip(path)
    workbook = _open_workbook(path)
    try:
        sheet = workbook.worksheets[0]
        size = min(max(0, (sheet.max_row or 1) - 1), XLSX_MAX_ROWS)
        first = next(sheet.iter_rows(values_only=True), None)
    except _BROKEN_WORKBOOK as error:
        raise FileRefused(_UNREADABLE, code="file.unreadable") from error
    finally:
        workbook.close()
    if first is None:
        raise FileRefused(_("The file is empty."), code="file.empty")
    header = ["" if cell is None else str(cell).strip() for cell in first]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        book = _open_workbook(path)
        try:
            cells_iter = book.worksheets[0].iter_rows(values_only=True)
            next(cells_iter)
            for number, cells in enumerate(cells_iter, start=2):
                if number > XLSX_MAX_ROWS:
                    raise FileRefused(_UNREADABLE, code="file.unreadable")
                if any(isinstance(c, str) and "\x00" in c for c in cells):
                    raise FileRefused(_UNREADABLE, code="file.unreadable")
                yield number, ["" if cell is None else cell for cell in cells]
        except _BROKEN_WORKBOOK as error:
            raise FileRefused(_UNREADABLE, code="file.unreadable") from error
        finally:
            book.close()

    return Table(header=header, rows=rows, total_rows=size)
