"""Write synthetic department files and load them through the real import path."""

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from onewindow.demo.synthetic import write_files
from onewindow.exchange.services import (
    import_batch_create_from_path,
    import_batch_run,
    import_batch_summary,
)


class Command(BaseCommand):
    help = "Generate N synthetic persons' department files and import them."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=300)
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument(
            "--out", type=Path, default=None, help="folder for the files"
        )
        parser.add_argument("--files-only", action="store_true")

    def handle(self, *args, persons, seed, out, files_only, **options):
        out = out or Path(settings.VAR_DIR) / "synthetic"
        paths = write_files(out, persons, seed=seed)
        for source, path in paths.items():
            self.stdout.write(f"{source}: {path}")
        if files_only:
            return
        for source, path in paths.items():
            batch = import_batch_create_from_path(
                actor=None, source_code=source, path=path
            )
            batch = import_batch_run(batch=batch)
            self.stdout.write(json.dumps(import_batch_summary(batch)))
