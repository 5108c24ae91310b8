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
from onewindow.employers.services import employer_register, employers_link
from onewindow.people.selectors import same_name
from onewindow.people.services import persons_link, persons_touch
from onewindow.records.services import LedgerRow, contributions_merge

from .models import ImportBatch, RejectedRow, SourceFormat
from .parsing import (
    ContributionRow,
    EmployerRow,
    Rejection,
    RowParser,
    in_both_languages,
    rejection,
)
from .permissions import can_import
from .readers import FileRefused, read_table

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
    except FileRefused as refusal:
        return _refuse(batch, refusal)

    batch.total_rows = table.total_rows
    run = _BatchRun(batch, parser)
    for number, cells in table.rows():
        run.feed(number, cells)
        if run.pending_rows >= CHUNK_ROWS:
            run.flush()
            if progress:
                progress(batch.processed_rows, batch.total_rows)
    run.flush()
    if progress:
        progress(batch.processed_rows, batch.total_rows)

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


class _BatchRun:
    """Collect parsed rows and merge them a chunk at a time, one transaction each.

    A key seen twice in one chunk flushes the chunk first, so that the later row
    supersedes the earlier exactly as a later delivery would.
    """

    def __init__(self, batch: ImportBatch, parser: RowParser):
        self.batch, self.parser = batch, parser
        self.rows: list[ContributionRow | EmployerRow] = []
        self.rejections: list[Rejection] = []
        self.keys: set[Any] = set()

    @property
    def pending_rows(self) -> int:
        return len(self.rows) + len(self.rejections)

    def feed(self, number: int, cells: list[Any]) -> None:
        parsed = self.parser.parse(number, cells)
        if parsed is None:
            return
        if isinstance(parsed, Rejection):
            self.rejections.append(parsed)
            return
        key = parsed.key if isinstance(parsed, ContributionRow) else parsed.credit_code
        if key in self.keys:
            self.flush()
        self.keys.add(key)
        self.rows.append(parsed)

    def flush(self) -> None:
        if not self.pending_rows:
            return
        batch = self.batch
        total = self.pending_rows  # merging may move rows to the rejections
        with transaction.atomic():
            if self.parser.kind == "employers":
                counts = self._merge_employers()
            else:
                counts = self._merge_contributions()
            RejectedRow.objects.bulk_create(
                RejectedRow(
                    batch=batch,
                    row_number=r.row_number,
                    column=r.column,
                    value=r.value,
                    code=r.code,
                    message_zh=r.message_zh,
                    message_en=r.message_en,
                )
                for r in self.rejections
            )
            batch.rows += total
            batch.processed_rows = batch.rows
            batch.imported += counts["imported"]
            batch.updated += counts["updated"]
            batch.duplicates += counts["duplicates"]
            batch.rejected += len(self.rejections)
            batch.save(
                update_fields=[
                    "rows",
                    "processed_rows",
                    "total_rows",
                    "imported",
                    "updated",
                    "duplicates",
                    "rejected",
                ]
            )
        self.rows, self.rejections, self.keys = [], [], set()

    def _merge_employers(self) -> dict[str, int]:
        counts = {"imported": 0, "updated": 0, "duplicates": 0}
        for row in self.rows:
            assert isinstance(row, EmployerRow)
            outcome = employer_register(
                credit_code=row.credit_code, name=row.name, area_code=row.area_code
            )
            counts[outcome] += 1
        return counts

    def _merge_contributions(self) -> dict[str, int]:
        delivered: list[ContributionRow] = self.rows  # type: ignore[assignment]
        people = persons_link(residents=((r.resident, r.name) for r in delivered))
        rows = []
        for r in delivered:
            if same_name(people[r.resident.value][1], r.name):
                rows.append(r)
            else:
                self.rejections.append(_name_mismatch(r))
        by_code, by_name = employers_link(
            coded={
                (r.credit_code, r.employer_name or r.credit_code)
                for r in rows
                if r.credit_code
            },
            named={
                r.employer_name for r in rows if r.employer_name and not r.credit_code
            },
        )
        ledger = [
            LedgerRow(
                person_id=people[r.resident.value][0],
                insurance=r.insurance,
                pooling_region=r.pooling_region,
                area_code=r.area_code,
                period=r.period,
                employer_id=(
                    by_code[r.credit_code]
                    if r.credit_code
                    else by_name.get(r.employer_name)
                ),
                base=r.base,
                employer_amount=r.employer_amount,
                individual_amount=r.individual_amount,
                status=r.status,
                source_row=r.row_number,
            )
            for r in rows
        ]
        merged = contributions_merge(
            batch_id=self.batch.id, department=self.batch.department, rows=ledger
        )
        persons_touch(person_ids=merged.changed_persons)
        return {
            "imported": merged.imported,
            "updated": merged.updated,
            "duplicates": merged.duplicates,
        }


def _name_mismatch(row: ContributionRow) -> Rejection:
    """Refuse a row whose name is not the name on record for its ID number: one
    of the two is mistyped, and linking it would put a month in another
    person's record."""
    return rejection(
        row.row_number,
        "name",
        row.name,
        InvalidInput(
            _(
                "The name does not match the name on record for this ID number; "
                "check both."
            ),
            code="name.mismatch",
        ),
    )
