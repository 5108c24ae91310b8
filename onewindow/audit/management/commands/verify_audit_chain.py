from django.core.management.base import BaseCommand, CommandError

from onewindow.audit.services import audit_chain_verify


class Command(BaseCommand):
    help = "Check that no audit event was changed or removed."

    def handle(self, *args, **options):
        intact, broken = audit_chain_verify()
        if not intact:
            raise CommandError(f"The audit chain is broken at event {broken}.")
        self.stdout.write("The audit chain is intact.")
