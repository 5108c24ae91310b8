"""Values passed from the database into the pure calculators.

A Parameter is one rule value in force on one date, with its legal source and the
pack version it came from, so that every step of a calculation can cite both.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Citation:
    document: str
    article: str


@dataclass(frozen=True)
class Parameter:
    key: str
    unit: str
    value: Any  # Decimal for rates and yuan, int for months, dict or str otherwise
    unknown: bool
    effective_from: dt.date
    effective_to: dt.date | None
    citation: Citation
    pack: str  # "code@version"
    note: str = ""

    @property
    def needs_confirming(self) -> bool:
        return "confirm" in self.note.lower()
