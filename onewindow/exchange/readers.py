"""Read a department file (CSV or XLSX, any of the usual encodings) as rows of cells.

The caller never says which encoding or format a file has: it is detected from the
bytes. A file that cannot be read as a table is refused whole with a FileRefused.
"""

import codecs
import csv
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

import openpyxl
from charset_normalizer import from_bytes
from django.utils.translation import gettext_lazy as _
from openpyxl.utils.exceptions import InvalidFileException

from onewindow.core.exceptions import InvalidInput

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"


class FileRefused(InvalidInput):
    """The whole file is refused; nothing from it is imported."""


@dataclass
class Table:
    header: list[str]
    rows: Iterator[tuple[int, list[Any]]]  # (row number in the file, cells)
    total_rows: int


def read_table(path: Path) -> Table:
    """Open a CSV or XLSX file and return its header and numbered data rows."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if not head:
        raise FileRefused(_("The file is empty."), code="file.empty")
    if head.startswith(_OLE_MAGIC):
        raise FileRefused(
            _(
                "The file is password-protected or an old Excel 97-2003 workbook. "
                "Remove the password and save it as .xlsx or .csv."
            ),
            code="file.protected",
        )
    if head.startswith(_ZIP_MAGIC):
        return _read_xlsx(path)
    return _read_csv(path)


def _decode(raw: bytes) -> str:
    # Anywhere in the file, not only at its start: a NUL byte in a cell would be
    # stored in the ledger, and PostgreSQL refuses it in text mid-import.
    if b"\x00" in raw:
        raise FileRefused(
            _("The file is not a table: it is neither CSV nor XLSX."),
            code="file.unreadable",
        )
    if raw.startswith(codecs.BOM_UTF8):
        return raw[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict")
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    best = from_bytes(raw[:200_000]).best()
    if best is None:
        raise FileRefused(
            _("The file's characters cannot be read; save it as UTF-8 or GB18030."),
            code="file.encoding",
        )
    return raw.decode(best.encoding, errors="strict")


def _read_csv(path: Path) -> Table:
    try:
        text = _decode(path.read_bytes())
    except UnicodeDecodeError:
        raise FileRefused(
            _("The file's characters cannot be read; save it as UTF-8 or GB18030."),
            code="file.encoding",
        ) from None
    if not text.strip():
        raise FileRefused(_("The file is empty."), code="file.empty")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    lines = text.count("\n")
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    try:
        header = [cell.strip() for cell in next(reader)]
    except (StopIteration, csv.Error):
        raise FileRefused(_("The file is empty."), code="file.empty") from None

    def rows() -> Iterator[tuple[int, list[Any]]]:
        yield from enumerate(reader, start=2)

    return Table(header=header, rows=rows(), total_rows=max(lines - 1, 0))


def _read_xlsx(path: Path) -> Table:
    try:
        # A file object, not the path: openpyxl judges a path by its extension and
        # stored uploads have none.
        workbook = openpyxl.load_workbook(
            path.open("rb"), read_only=True, data_only=True
        )
    except (
        zipfile.BadZipFile,
        KeyError,
        OSError,
        ValueError,
        InvalidFileException,
        # Entities in the XML: an undefined (external) one, or too many expansions.
        ParseError,
    ) as error:
        raise FileRefused(
            _("The workbook is damaged or not an .xlsx file."),
            code="file.unreadable",
        ) from error
    sheet = workbook.worksheets[0]
    iterator = sheet.iter_rows(values_only=True)
    try:
        first = next(iterator)
    except StopIteration:
        workbook.close()
        raise FileRefused(_("The file is empty."), code="file.empty") from None
    header = ["" if cell is None else str(cell).strip() for cell in first]

    def rows() -> Iterator[tuple[int, list[Any]]]:
        try:
            for number, cells in enumerate(iterator, start=2):
                yield number, ["" if cell is None else cell for cell in cells]
        finally:
            workbook.close()

    return Table(
        header=header, rows=rows(), total_rows=max((sheet.max_row or 1) - 1, 0)
    )
