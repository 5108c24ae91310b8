"""The ledger's statement check of references locks what it checked.

A foreign key locks the row it refers to (FOR KEY SHARE) until the writing
transaction ends, so that no one deletes that row meanwhile. The check of
migration 0003 only looked: a delivery refused at the same time could remove a
person another delivery was writing months for, and the guard on the person
could not see those months before they committed. Now the check locks every
person, batch, employer and transfer a statement refers to, as a foreign key
would; deleting one of them waits for the writer and is then refused. SQLite
has one writer at a time and keeps its row triggers.
"""

from django.db import migrations

REFERENCES = (
    # (column, referenced table)
    ("person_id", "people_person"),
    ("batch_id", "exchange_importbatch"),
    ("employer_id", "employers_employer"),
    ("transfer_id", "records_pensiontransfer"),
)


def _function(lock: bool) -> str:
    checks = "\n".join(
        f"""  SELECT array_agg(ref) INTO refs FROM (SELECT {column} AS ref FROM written
    WHERE {column} IS NOT NULL GROUP BY {column}) AS w;
  IF refs IS NOT NULL AND (SELECT count(*) FROM (SELECT 1 FROM {table} AS t
      WHERE t.id = ANY (refs){" FOR KEY SHARE OF t" if lock else ""}) AS found)
      <> cardinality(refs) THEN
    RAISE foreign_key_violation USING MESSAGE =
      'records_contribution.{column} refers to a missing row of {table}';
  END IF;"""  # noqa: S608 - this module's own table and column names
        for column, table in REFERENCES
    )
    return f"""CREATE OR REPLACE FUNCTION records_contribution_references()
RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  refs bigint[];
BEGIN
{checks}
  RETURN NULL;
END $$"""


def lock(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_function(lock=True))


def unlock(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(_function(lock=False))


class Migration(migrations.Migration):
    dependencies = [("records", "0004_month_key_person_then_period")]

    operations = [migrations.RunPython(lock, unlock)]
