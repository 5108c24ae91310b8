"""Print a person's record for a clerk; the read is logged with its purpose."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from onewindow.audit.services import access_record
from onewindow.core.exceptions import InvalidInput
from onewindow.people.selectors import person_find_by_id_number
from onewindow.records.selectors import record_statement_json, record_view_get


class Command(BaseCommand):
    help = "Print the contribution record of the person with ID_NUMBER."

    def add_arguments(self, parser):
        parser.add_argument("id_number")
        parser.add_argument("--purpose", required=True, help="why the record is read")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, id_number, purpose, json: bool = False, **options):
        if not purpose.strip():
            raise CommandError(_("A purpose is required to read a person's record."))
        try:
            person = person_find_by_id_number(id_number)
        except InvalidInput as error:
            raise CommandError(str(error.message)) from None
        if person is None:
            raise CommandError(_("No person with this ID number."))

        view = record_view_get(person=person)
        access_record(
            person_id=person.id,
            actor=None,
            role="clerk (command line)",
            data_kind="contribution record",
            purpose=purpose.strip(),
            channel="command",
        )
        data = record_statement_json(view)
        if json:
            self.stdout.write(_dumps(data))
            return
        self.stdout.write(f"{data['person']['name']} {data['person']['id_masked']}")
        for item in data["insurances"]:
            self.stdout.write(
                f"{item['insurance']:<18} paid {item['months_paid']:>4} owed "
                f"{item['months_owed']:>3} {item['first_month']}..{item['last_month']} "
                f"employer {item['employer_total']} "
                f"individual {item['individual_total']} "
                f"{','.join(item['regions'])}"
            )


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False)
