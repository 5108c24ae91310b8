"""Who may deliver and read department files."""

from typing import Any

from onewindow.accounts.models import Role

from .models import ImportBatch, SourceFormat


def can_import(user: Any, source: SourceFormat) -> bool:
    """An operator delivers only their own department's formats."""
    return (
        getattr(user, "is_authenticated", False)
        and user.role == Role.OPERATOR
        and user.department == source.department
    )


def can_view_batch(user: Any, batch: ImportBatch) -> bool:
    return (
        getattr(user, "is_authenticated", False)
        and user.role == Role.OPERATOR
        and user.department == batch.department
    )
