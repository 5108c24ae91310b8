"""Import department files: validate every row, link people and employers, merge
months into the ledger idempotently and keep where each figure came from."""

import hashlib
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from onewindow.audit.services import audit_event_record
from onewindow.core.exceptions import InvalidInput, NotPermitted
from onewindow.employers.services import employer_register

from .contributions import ImportOutcome, contributions_import
from .models import ImportBatch, RejectedRow, SourceFormat
from .parsing import EmployerRow, Rejection, RowParser, in_both_languages
from .permissions import can_import
from .readers import FileRefused, Table, read_table

logger = logging.getLogger(__name__)

CHUNK_ROWS = 10000
ProgressCallback = Callable[[int, int], None]


def import_batch_create(
    *, actor: Any, source_code: str, file_name: str, stream: BinaryIO
) -> ImportBatch:
    """Store a delivered file outside the web root and open a pending batch."""
    source = SourceFormat.objects.filter(code=source_code, active=True).first()
    if source is None:
        raise InvalidInput(
            _("There is no department format called %(code)s.") % {"code": source_code},
            code="source.unknown",
        )
    if actor is not None and not can_import(actor, source):
        raise NotPermitted(_("You may only deliver your own department's files."))

    upload_dir = Path(settings.UPLOAD_ROOT)
    upload_dir.mkdir(parents=True, exist_ok=True)
    batch = ImportBatch(
        source_format=source,
        department=source.department,
        file_name=Path(file_name).name[:255],
        uploaded_by=actor if getattr(actor, "pk", None) else None,
    )
    target = upload_dir / f"{batch.public_id}.upload"
    digest = hashlib.sha256()
    size = 0
    with target.open("wb") as out:
        for block in iter(lambda: stream.read(1024 * 1024), b""):
            size += len(block)
            if size > settings.EXCHANGE_MAX_UPLOAD_BYTES:
                out.close()
                target.unlink()
                raise InvalidInput(
                    _("The file is larger than %(limit)s MB.")
                    % {"limit": settings.EXCHANGE_MAX_UPLOAD_BYTES // (1024 * 1024)},
                    code="file.too_large",
                )
            digest.update(block)
            out.write(block)
    batch.file_sha256 = digest.hexdigest()
    batch.stored_path = str(target)
    batch.save()
    audit_event_record(
        actor=actor,
        action="import_batch.created",
        target_type="import_batch",
        target_id=batch.public_id,
        after={"format": source.code, "file": batch.file_name, "bytes": size},
    )
    return batch


def import_batch_create_from_path(
    *, actor: Any, source_code: str, path: Path
) -> ImportBatch:
    """Open a batch for a file on disk (the management command's way in)."""
    with path.open("rb") as stream:
        return import_batch_create(
            actor=actor, source_code=source_code, file_name=path.name, stream=stream
        )


def import_batch_run(
    *, batch: ImportBatch, progress: ProgressCallback | None = None
) -> ImportBatch:
    """Read the batch's file and merge it; a refused file changes nothing."""
    batch.status = ImportBatch.Status.RUNNING
    batch.started_at = timezone.now()
    batch.save(update_fields=["status", "started_at"])
    try:
        table = read_table(Path(batch.stored_path))
        parser = RowParser(batch.source_format.config, table.header)
        batch.total_rows = table.total_rows
        if parser.kind == "employers":
            _import_employers(batch, parser, table, progress)
        else:
            contributions_import(
                batch_id=batch.id,
                department=batch.department,
                parser=parser,
                table=table,
                progress=_saving(batch, progress),
                merged=lambda outcome: _record(batch, outcome),
            )
    except FileRefused as refusal:
        return _refuse(batch, refusal)

    batch.status = ImportBatch.Status.DONE
    batch.finished_at = timezone.now()
    batch.total_rows = batch.processed_rows
    batch.save()
    audit_event_record(
        actor=batch.uploaded_by,
        action="import_batch.finished",
        target_type="import_batch",
        target_id=batch.public_id,
        after=import_batch_summary(batch),
    )
    logger.info("exchange.batch_finished", extra={"batch": str(batch.public_id)})
    return batch


def _saving(batch: ImportBatch, progress: ProgressCallback | None) -> ProgressCallback:
    """Report progress while a file is staged, and keep it on the batch so the
    upload page can show it."""

    def report(done: int, total: int) -> None:
        batch.processed_rows = done
        batch.save(update_fields=["processed_rows", "total_rows"])
        if progress:
            progress(done, total)

    return report


def _record(batch: ImportBatch, outcome: ImportOutcome) -> None:
    """Write the counts and the refused rows of a merged contributions file."""
    _save_rejections(batch, outcome.rejections)
    batch.rows = batch.processed_rows = outcome.rows
    batch.imported = outcome.counts.imported
    batch.updated = outcome.counts.updated
    batch.duplicates = outcome.counts.duplicates
    batch.rejected = len(outcome.rejections)
    batch.save()


def _save_rejections(batch: ImportBatch, rejections: list[Rejection]) -> None:
    RejectedRow.objects.bulk_create(
        (
            RejectedRow(
                batch=batch,
                row_number=r.row_number,
                column=r.column,
                value=r.value,
                code=r.code,
                message_zh=r.message_zh,
                message_en=r.message_en,
            )
            for r in rejections
        ),
        batch_size=2000,
    )


def import_batch_summary(batch: ImportBatch) -> dict[str, Any]:
    """The counts the command prints with --json: the first four add up to rows."""
    return {
        "rows": batch.rows,
        "imported": batch.imported,
        "updated": batch.updated,
        "duplicates": batch.duplicates,
        "rejected": batch.rejected,
        "batch": str(batch.public_id),
    }


def _refuse(batch: ImportBatch, refusal: FileRefused) -> ImportBatch:
    batch.status = ImportBatch.Status.FAILED
    batch.error_code = refusal.code
    batch.error_zh, batch.error_en = in_both_languages(refusal.message)
    batch.finished_at = timezone.now()
    batch.save()
    audit_event_record(
        actor=batch.uploaded_by,
        action="import_batch.refused",
        target_type="import_batch",
        target_id=batch.public_id,
        after={"code": refusal.code},
    )
    return batch


def _import_employers(
    batch: ImportBatch,
    parser: RowParser,
    table: Table,
    progress: ProgressCallback | None,
) -> None:
    """Register the employers of a market-register file, a chunk per transaction.

    The file is read to its end first, so one broken half-way is refused before
    its first half is registered.
    """
    batch.total_rows = table.count()
    if not batch.total_rows:  # a header and nothing else
        raise FileRefused(_("The file is empty."), code="file.empty")
    rows: list[EmployerRow] = []
    rejections: list[Rejection] = []

    def flush() -> None:
        counts = {"imported": 0, "updated": 0, "duplicates": 0}
        with transaction.atomic():
            for row in rows:
                outcome = employer_register(
                    credit_code=row.credit_code, name=row.name, area_code=row.area_code
                )
                counts[outcome] += 1
            _save_rejections(batch, rejections)
            batch.rows += len(rows) + len(rejections)
            batch.processed_rows = batch.rows
            batch.imported += counts["imported"]
            batch.updated += counts["updated"]
            batch.duplicates += counts["duplicates"]
            batch.rejected += len(rejections)
            batch.save()
        rows.clear()
        rejections.clear()
        if progress:
            progress(batch.processed_rows, batch.total_rows)

    for number, cells in table.rows():
        parsed = parser.employer(number, cells)
        if isinstance(parsed, Rejection):
            rejections.append(parsed)
        elif parsed is not None:
            rows.append(parsed)
        if len(rows) + len(rejections) >= CHUNK_ROWS:
            flush()
    flush()
