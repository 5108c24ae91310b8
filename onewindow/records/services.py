"""Writes to the contribution ledger."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .models import Contribution, ContributionRevision

_FIGURES = (
    "employer_id",
    "area_code",
    "base",
    "employer_amount",
    "individual_amount",
    "status",
)


@dataclass(frozen=True)
class LedgerRow:
    person_id: int
    insurance: str
    pooling_region: str
    area_code: str
    period: int
    employer_id: int | None
    base: Decimal
    employer_amount: Decimal
    individual_amount: Decimal
    status: str
    source_row: int

    @property
    def key(self) -> tuple[int, str, str, int]:
        return (self.person_id, self.insurance, self.pooling_region, self.period)


@dataclass
class MergeCounts:
    imported: int = 0
    updated: int = 0
    duplicates: int = 0


def contributions_merge(
    *, batch_id: int, department: str, rows: Sequence[LedgerRow]
) -> MergeCounts:
    """Merge delivered months into the ledger: insert new months, supersede changed
    ones (keeping the old figure as a revision) and leave identical ones alone.

    The caller passes each key at most once and owns the transaction.
    """
    counts = MergeCounts()
    if not rows:
        return counts
    existing = {
        (c.person_id, c.insurance, c.pooling_region, c.period): c
        for c in Contribution.objects.filter(
            person_id__in={row.person_id for row in rows},
            period__in={row.period for row in rows},
            insurance__in={row.insurance for row in rows},
        )
    }

    superseded = _superseded_figures(existing.values(), rows)

    new: list[Contribution] = []
    changed: list[Contribution] = []
    revisions: list[ContributionRevision] = []
    for row in rows:
        current = existing.get(row.key)
        if current is None:
            new.append(
                Contribution(
                    person_id=row.person_id,
                    insurance=row.insurance,
                    pooling_region=row.pooling_region,
                    area_code=row.area_code,
                    period=row.period,
                    employer_id=row.employer_id,
                    base=row.base,
                    employer_amount=row.employer_amount,
                    individual_amount=row.individual_amount,
                    status=row.status,
                    department=department,
                    batch_id=batch_id,
                    source_row=row.source_row,
                )
            )
            continue
        figures = tuple(getattr(row, name) for name in _FIGURES)
        if figures == _figures(current) or figures in superseded.get(current.id, ()):
            # Identical to what is stored, or a re-delivery of a figure that a
            # later delivery already replaced: an old file must not undo a newer one.
            counts.duplicates += 1
            continue
        revisions.append(
            ContributionRevision(
                contribution_id=current.id,
                superseded_by_id=batch_id,
                department=current.department,
                batch_id=current.batch_id,
                source_row=current.source_row,
                **{name: getattr(current, name) for name in _FIGURES},
            )
        )
        for name in _FIGURES:
            setattr(current, name, getattr(row, name))
        current.department, current.batch_id = department, batch_id
        current.source_row = row.source_row
        changed.append(current)

    Contribution.objects.bulk_create(new, batch_size=2000)
    ContributionRevision.objects.bulk_create(revisions, batch_size=2000)
    Contribution.objects.bulk_update(
        changed, [*_FIGURES, "department", "batch_id", "source_row"], batch_size=500
    )
    counts.imported, counts.updated = len(new), len(changed)
    return counts


def _figures(item: Contribution | ContributionRevision) -> tuple:
    return tuple(getattr(item, name) for name in _FIGURES)


def _superseded_figures(
    current: Iterable[Contribution], rows: Sequence[LedgerRow]
) -> dict[int, set[tuple]]:
    """Return, for each stored month that a row would change, the figures earlier
    deliveries had for it."""
    by_key = {
        (c.person_id, c.insurance, c.pooling_region, c.period): c for c in current
    }
    candidates = [
        by_key[row.key].id
        for row in rows
        if row.key in by_key
        and tuple(getattr(row, name) for name in _FIGURES) != _figures(by_key[row.key])
    ]
    history: dict[int, set[tuple]] = defaultdict(set)
    if candidates:
        for revision in ContributionRevision.objects.filter(
            contribution_id__in=candidates
        ):
            history[revision.contribution_id].add(_figures(revision))
    return history
