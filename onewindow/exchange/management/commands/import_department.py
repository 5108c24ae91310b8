"""Import one department file: manage.py import_department SOURCE FILE [--json]."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from onewindow.core.exceptions import DomainError
from onewindow.exchange.models import ImportBatch
from onewindow.exchange.services import (
    import_batch_create_from_path,
    import_batch_run,
    import_batch_summary,
)


class Command(BaseCommand):
    help = "Import a department export file (CSV or XLSX) through the exchange."

    def add_arguments(self, parser):
        parser.add_argument(
            "source", help="format code, e.g. hrss, medical, housing_fund, employers"
        )
        parser.add_argument("file", type=Path)
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args, source, file, json: bool = False, **options):
        if not file.is_file():
            raise CommandError(_("No such file: %(file)s") % {"file": file})
        try:
            batch = import_batch_create_from_path(
                actor=None, source_code=source, path=file
            )
        except DomainError as error:
            raise CommandError(str(error.message)) from None

        bar = None
        if not json:
            bar = tqdm(total=0, unit="rows", desc=file.name, file=self.stderr._out)

        def progress(done: int, total: int) -> None:
            if bar is not None:
                bar.total = max(total, done)
                bar.n = done
                bar.refresh()

        batch = import_batch_run(batch=batch, progress=progress)
        if bar is not None:
            bar.close()
        summary = import_batch_summary(batch)
        if json:
            self.stdout.write(_dumps(summary))
        else:
            self.stdout.write(
                "rows={rows} imported={imported} updated={updated} "
                "duplicates={duplicates} rejected={rejected} batch={batch}".format(
                    **summary
                )
            )
        if batch.status == ImportBatch.Status.FAILED:
            with translation.override("en"):
                raise CommandError(f"{batch.error_en} / {batch.error_zh}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
