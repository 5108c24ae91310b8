import importlib

from django.db import migrations, models

# SQLite changes a constraint by building the table again, which drops the row
# triggers and the batch index that migration 0003 installed on it: they are
# installed again after the change, in either direction.
_references = importlib.import_module(
    "onewindow.records.migrations.0003_ledger_references"
)


def reinstall_sqlite_checks(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    schema_editor.execute(
        "DROP TRIGGER IF EXISTS records_contribution_references_insert"
    )
    schema_editor.execute(
        "DROP TRIGGER IF EXISTS records_contribution_references_update"
    )
    schema_editor.execute("DROP INDEX IF EXISTS contribution_batch")
    for statement in _references._sqlite_checks():
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("employers", "0001_initial"),
        ("exchange", "0001_initial"),
        ("people", "0003_person_contact"),
        ("records", "0003_ledger_references"),
    ]

    operations = [
        migrations.RunPython(migrations.RunPython.noop, reinstall_sqlite_checks),
        migrations.RemoveConstraint(
            model_name="contribution",
            name="contribution_one_row_per_month",
        ),
        migrations.AddConstraint(
            model_name="contribution",
            constraint=models.UniqueConstraint(
                fields=("person", "period", "insurance", "pooling_region"),
                name="contribution_one_row_per_month",
            ),
        ),
        migrations.RunPython(reinstall_sqlite_checks, migrations.RunPython.noop),
    ]
