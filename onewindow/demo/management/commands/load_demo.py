"""Load the demo once: sample files, synthetic persons and demo accounts.

Running it again finds the demo in place and changes nothing, so `make run`
can call it every time.
"""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from onewindow.accounts.models import Role, User
from onewindow.exchange.models import ImportBatch
from onewindow.exchange.services import import_batch_create_from_path, import_batch_run
from onewindow.people.selectors import person_find_by_id_number

DATA = Path(__file__).resolve().parents[2] / "data"
SAMPLES = [
    ("employers", "employers.csv"),
    ("hrss", "hrss-contributions.csv"),
    ("medical", "medical-contributions.csv"),
    ("housing_fund", "housing-fund.csv"),
    ("hrss", "hrss-update-2025-01.xlsx"),
]
DEMO_PASSWORD = "onewindow-demo"  # noqa: S105 - published demo accounts, local only
# (username, role, extra fields, ID number of the linked person)
ACCOUNTS = [
    ("linchao", Role.RESIDENT, {"first_name": "林超"}, "420106196402299834"),
    ("huguiying", Role.RESIDENT, {"first_name": "胡桂英"}, "110105197611211726"),
    ("newcomer", Role.RESIDENT, {}, None),
    ("hrss-operator", Role.OPERATOR, {"department": "hrss"}, None),
    ("medical-operator", Role.OPERATOR, {"department": "medical"}, None),
    ("fund-operator", Role.OPERATOR, {"department": "housing_fund"}, None),
    ("market-operator", Role.OPERATOR, {"department": "market"}, None),
    ("clerk-beijing", Role.CLERK, {"region": "110000"}, None),
    ("clerk-shenzhen", Role.CLERK, {"region": "440300"}, None),
    ("supervisor", Role.SUPERVISOR, {}, None),
]


class Command(BaseCommand):
    help = "Load the demo data and accounts unless they are already there."

    def add_arguments(self, parser):
        parser.add_argument("--persons", type=int, default=300)

    def handle(self, *args, persons, **options):
        loaded = set(
            ImportBatch.objects.filter(status=ImportBatch.Status.DONE).values_list(
                "file_name", flat=True
            )
        )
        for source, name in SAMPLES:
            if name in loaded:
                continue
            batch = import_batch_create_from_path(
                actor=None, source_code=source, path=DATA / name
            )
            import_batch_run(batch=batch)
            self.stdout.write(f"imported {name}: {batch.rows} rows")
        if not any(name.startswith("synthetic-") for name in loaded) and persons:
            self.stdout.write(f"generating and importing {persons} synthetic persons…")
            call_command("seed_demo", persons=persons, stdout=self.stdout)
        self._accounts()

    @transaction.atomic
    def _accounts(self) -> None:
        for username, role, extra, id_number in ACCOUNTS:
            if User.objects.filter(username=username).exists():
                continue
            person = person_find_by_id_number(id_number) if id_number else None
            user = User(username=username, role=role, person=person, **extra)
            user.set_password(DEMO_PASSWORD)
            user.save()
            self.stdout.write(f"demo account {username} ({role})")
