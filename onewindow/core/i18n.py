"""Pick the text of the reader's language from data that carries both."""

from typing import Any

from django.utils.translation import get_language


def reads_english(language: str | None = None) -> bool:
    """Whether the reader (or the given language code) reads English; every other
    language falls back to Chinese, the site's first language."""
    return (language or get_language() or "").startswith("en")


def in_reader_language(texts: dict[str, Any], *, chinese_key: str = "zh-hans") -> Any:
    """Return texts["en"] or texts[chinese_key] as the reader reads, falling back
    to the other when one is missing."""
    first, second = ("en", chinese_key) if reads_english() else (chinese_key, "en")
    return texts.get(first) or texts.get(second) or ""
