"""Print what a person may be entitled to, for a clerk; the read is logged."""

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from onewindow.audit.services import access_record
from onewindow.core.exceptions import DomainError
from onewindow.people.selectors import person_find_by_id_number
from onewindow.rules.selectors import entitlements_get


class Command(BaseCommand):
    help = "Print the entitlement findings of the person with ID_NUMBER."

    def add_arguments(self, parser):
        parser.add_argument("id_number")
        parser.add_argument("--purpose", required=True, help="why the record is read")
        parser.add_argument("--as-of", dest="as_of", help="date YYYY-MM-DD (today)")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, id_number, purpose, as_of=None, json=False, **options):
        if not purpose.strip():
            raise CommandError(_("A purpose is required to read a person's record."))
        try:
            day = dt.date.fromisoformat(as_of) if as_of else timezone.localdate()
        except ValueError:
            raise CommandError(
                _("--as-of must be a date written YYYY-MM-DD.")
            ) from None
        try:
            person = person_find_by_id_number(id_number)
            if person is None:
                raise CommandError(_("No person with this ID number."))
            findings = entitlements_get(person=person, as_of=day)
        except DomainError as error:
            raise CommandError(str(error.message)) from None

        access_record(
            person_id=person.id,
            actor=None,
            role="clerk (command line)",
            data_kind="entitlement findings",
            purpose=purpose.strip(),
            channel="command",
        )
        data = {
            "findings": [
                {"kind": f.kind, "title": f.title, "why": f.why, "service": f.service}
                for f in findings
            ]
        }
        if json:
            self.stdout.write(_dumps(data))
            return
        for finding in data["findings"]:
            self.stdout.write(f"{finding['kind']}: {finding['title']}")
            self.stdout.write(f"  {finding['why']}")
            self.stdout.write(f"  {finding['service']}")


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
