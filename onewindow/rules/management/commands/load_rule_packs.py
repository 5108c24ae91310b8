"""Load the rule packs shipped in onewindow/rules/packs/ (or the files given)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from onewindow.core.exceptions import DomainError
from onewindow.rules.services import rule_packs_load


class Command(BaseCommand):
    help = "Check and load rule packs; refuse the lot if one file is wrong."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="*", help="pack files (default: shipped)")

    def handle(self, *args, files: list[str], **options):
        try:
            packs = rule_packs_load([Path(f) for f in files] or None)
        except DomainError as error:
            raise CommandError(str(error.message)) from None
        for pack in packs:
            self.stdout.write(f"{pack.code} {pack.version} current")
