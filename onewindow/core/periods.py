"""Periods (费款所属期): a year and a month, stored as the integer YYYYMM."""

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

_PATTERNS = (
    re.compile(r"^(\d{4})(\d{2})$"),
    re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})$"),
    re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月?$"),
)
MIN_YEAR = 1950
MAX_YEAR = 2100


@dataclass(frozen=True, order=True)
class Period:
    year: int
    month: int

    @classmethod
    def from_int(cls, value: int) -> "Period":
        return cls(value // 100, value % 100)

    @classmethod
    def from_index(cls, index: int) -> "Period":
        return cls(index // 12, index % 12 + 1)

    @property
    def as_int(self) -> int:
        return self.year * 100 + self.month

    @property
    def index(self) -> int:
        """Months since year 0, so that consecutive months differ by one."""
        return self.year * 12 + self.month - 1

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@lru_cache(maxsize=4096)
def parse_period(text: str) -> Period | None:
    """Read 202301, 2023-01, 2023/1 or 2023年1月 (full-width digits too)."""
    cleaned = unicodedata.normalize("NFKC", str(text)).strip()
    for pattern in _PATTERNS:
        match = pattern.match(cleaned)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12:
                return Period(year, month)
            return None
    return None


def period_label(value: int) -> str:
    """Format a stored YYYYMM integer as YYYY-MM."""
    return str(Period.from_int(value))
