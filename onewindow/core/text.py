"""Text as people typed it, without the characters they cannot see."""

# Zero-width spaces and joiners, the soft hyphen, direction marks and the byte
# order mark: copied along with a name from a web page or a chat, they make two
# spellings that look the same compare different.
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"
        "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069",
    )
)


def visible(text: str) -> str:
    """Return the text without invisible formatting characters."""
    return text.translate(_INVISIBLE)
