"""Values passed from the database into the pure calculators.

A Parameter is one rule value in force on one date, with its legal source and the
pack version it came from, so that every step of a calculation can cite both.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from onewindow.core.i18n import in_reader_language

# A note or article of a pack: plain text (older packs) or {"en": ..., "zh": ...}.
PackText = str | dict[str, str]


def pack_text(text: PackText) -> str:
    """A pack note or article in the reader's language."""
    if isinstance(text, dict):
        return str(in_reader_language(text, chinese_key="zh"))
    return str(text or "")


def pack_text_en(text: PackText) -> str:
    """The English form of a pack note or article (plain text counts as English)."""
    if isinstance(text, dict):
        return str(text.get("en") or "")
    return str(text or "")


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
    note: PackText = ""  # as stored; shown with pack_text

    @property
    def needs_confirming(self) -> bool:
        return "confirm" in pack_text_en(self.note).lower()
