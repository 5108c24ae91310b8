"""Pages with a large part that is rendered once and kept as bytes.

Django's templates build a page as text: each level of blocks and includes joins
its parts into a new string, and the response encodes the whole to UTF-8. For a
page whose bulk is a kept fragment (the record page's body is about 50,000
characters, mostly Chinese), copying and encoding that fragment on every view
cost more than rendering the rest of the page. Here the template renders the
rest with a slot where the part goes, and the response puts the part, already
encoded, in the slot.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

# Escaping turns "<" into "&lt;", so no text from a user can form the slot.
SLOT = mark_safe("<!--onewindow:slot-->")  # noqa: S308 - a constant


def render_spliced(
    request: HttpRequest, template_name: str, context: dict[str, Any], *, part: bytes
) -> HttpResponse:
    """Render `template_name`, whose `{{ slot }}` is replaced by `part` (UTF-8)."""
    text = render_to_string(template_name, {**context, "slot": SLOT}, request)
    before, found, after = text.partition(SLOT)
    if not found:
        raise ValueError(f"{template_name} has no {{{{ slot }}}} for its kept part")
    return HttpResponse(b"".join((before.encode(), part, after.encode())))
