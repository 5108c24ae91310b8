"""The ledger writer: on PostgreSQL, with no caller's transaction open, a second
connection merges each block while the next one is read
(docs/decisions/0009-ledger-writer.md).

These tests commit, as an import from a worker or the command does; each one
starts from an empty ledger and register.
"""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onewindow.employers.models import Employer
from onewindow.exchange import contributions
from onewindow.exchange.models import ImportBatch
from onewindow.people.models import Person
from onewindow.records.models import Contribution, ContributionRevision

from .test_import import counts, hrss, row
from .test_merge_properties import deliver_each_twice, delivery

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="the ledger writer runs on PostgreSQL only; SQLite stages every block",
    ),
]


def months(count: int, **kwargs) -> list[str]:
    return [row(f"{2000 + i // 12}{i % 12 + 1:02d}", **kwargs) for i in range(count)]


@pytest.fixture
def writer(monkeypatch):
    """Blocks of five rows; the blocks each path took, in order."""
    monkeypatch.setattr(contributions, "BLOCK_ROWS", 5)
    taken: list[str] = []
    real_copy = contributions.contributions_copy_new
    real_stage = contributions._copy_into_stage

    def copy_new(**kwargs):
        written = real_copy(**kwargs)
        taken.append("ledger" if written else "refused")
        return written

    def stage(lines):
        taken.append("stage")
        real_stage(lines)

    monkeypatch.setattr(contributions, "contributions_copy_new", copy_new)
    monkeypatch.setattr(contributions, "_copy_into_stage", stage)
    return taken


def writers_running() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name.startswith("ledger-writer")]


def test_a_new_delivery_goes_straight_into_the_ledger(import_file, writer):
    batch = import_file("hrss", hrss(*months(23)))

    assert counts(batch) == (23, 23, 0, 0, 0)
    assert writer == ["ledger"] * 5
    assert list(
        Contribution.objects.order_by("source_row").values_list(
            "department", "batch_id", "source_row"
        )
    ) == [("hrss", batch.id, number) for number in range(2, 25)]
    assert Person.objects.get().record_version == 1
    assert ImportBatch.objects.get().status == "done"
    assert not writers_running()


def test_a_delivery_restating_stored_months_is_merged_by_the_rules(import_file, writer):
    first = import_file("hrss", hrss(*months(10)))
    writer.clear()

    # Five months as stored, three corrected, two new: the first block already
    # holds a stored month, so it and every later block go through the stage.
    again = months(5) + months(8, base="6000.00")[5:] + months(12)[10:]
    batch = import_file("hrss", hrss(*again))

    assert counts(batch) == (10, 2, 3, 5, 0)
    assert writer == ["refused", "stage", "stage"]
    assert Contribution.objects.count() == 12
    corrected = Contribution.objects.filter(base=Decimal("6000.00"))
    assert corrected.count() == 3
    assert {r.batch_id for r in ContributionRevision.objects.all()} == {first.id}
    assert ContributionRevision.objects.count() == 3
    assert Person.objects.get().record_version == 2


def test_a_month_stated_again_in_a_later_block_ends_with_the_later_figure(
    import_file, writer
):
    rows = months(7) + [row("200001", base="6000.00")]

    batch = import_file("hrss", hrss(*rows))

    assert counts(batch) == (8, 7, 1, 0, 0)
    assert writer == ["ledger", "refused", "stage"]
    current = Contribution.objects.get(period=200001)
    assert (current.base, current.source_row) == (Decimal("6000.00"), 9)
    assert current.revisions.get().base == Decimal("5000.00")


def test_a_file_refused_after_blocks_were_written_leaves_nothing(import_file, writer):
    broken = row(place="深圳市南山区" + "x" * 140_000)

    # A block is handed over when the first row of the next one is read: the
    # sixth goes when the 31st row arrives, the 32nd waits in the seventh.
    batch = import_file("hrss", hrss(*months(32), broken))

    assert (batch.status, batch.error_code) == ("failed", "file.broken_row")
    assert writer == ["ledger"] * 6  # written, then rolled back
    assert not Contribution.objects.exists()
    assert not Person.objects.exists()
    assert not Employer.objects.exists()
    assert not writers_running()


def test_a_writer_that_fails_stops_the_import_and_leaves_nothing(
    import_file, monkeypatch
):
    monkeypatch.setattr(contributions, "BLOCK_ROWS", 5)
    real = contributions.contributions_copy_new
    calls = []

    def fail_on_the_third_block(**kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("the database went away")
        return real(**kwargs)

    monkeypatch.setattr(
        contributions, "contributions_copy_new", fail_on_the_third_block
    )

    with pytest.raises(RuntimeError, match="went away"):
        import_file("hrss", hrss(*months(200)))

    assert len(calls) == 3  # the writer took no block after it failed
    assert not Contribution.objects.exists()
    assert not Person.objects.exists()
    assert not writers_running()


def test_imports_inside_a_callers_transaction_stage_every_block(import_file, writer):
    from django.db import transaction

    with transaction.atomic():
        batch = import_file("hrss", hrss(*months(12)))

    assert counts(batch) == (12, 12, 0, 0, 0)
    assert writer == ["stage"] * 3


def _empty_everything() -> None:
    ContributionRevision.objects.all().delete()
    Contribution.objects.all().delete()
    ImportBatch.objects.all().delete()
    Person.objects.all().delete()
    Employer.objects.all().delete()


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    deliveries=st.lists(delivery, min_size=1, max_size=3),
    block=st.sampled_from([1, 2, 20000]),
)
def test_the_writer_follows_the_rules_for_any_deliveries(
    import_file, deliveries, block
):
    original = contributions.BLOCK_ROWS
    contributions.BLOCK_ROWS = block
    try:
        deliver_each_twice(import_file, deliveries)
    finally:
        contributions.BLOCK_ROWS = original
        _empty_everything()


def test_a_person_with_months_still_being_written_cannot_be_removed(import_file):
    from django.db import OperationalError, transaction

    import_file("hrss", hrss(*months(1)))
    person = Person.objects.get()
    month = Contribution.objects.values().get()
    written, done = threading.Event(), threading.Event()

    def another_delivery():  # months of the same person, not yet committed
        try:
            with transaction.atomic():
                Contribution.objects.filter(id=month["id"]).update(base=Decimal(1))
                written.set()
                done.wait(10)
        finally:
            connection.close()

    writer = threading.Thread(target=another_delivery)
    writer.start()
    try:
        assert written.wait(10)
        with pytest.raises(OperationalError), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '300ms'")
                cursor.execute("DELETE FROM people_person WHERE id = %s", [person.id])
    finally:
        done.set()
        writer.join()
    assert Person.objects.filter(id=person.id).exists()
