"""Render the contribution statement as a PDF whose Chinese text renders on any
machine: the CJK font is vendored in static/fonts and embedded in the file."""

from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from .selectors import RecordView

FONT_DIR = settings.BASE_DIR / "onewindow" / "static" / "fonts"
_FONT_SUFFIXES = {".otf", ".ttf", ".woff", ".woff2"}


class FontOnlyFetcher(URLFetcher):
    """Let WeasyPrint read the vendored fonts and nothing else.

    The statement shows values that departments delivered; should any of them
    ever reach the HTML as markup, the renderer must not read local files or
    call other hosts on the server's behalf.
    """

    def fetch(self, url, headers=None):
        parts = urlsplit(url)
        if parts.scheme == "file" and parts.netloc in ("", "localhost"):
            path = Path(url2pathname(parts.path)).resolve()
            if path.parent == FONT_DIR.resolve() and path.suffix in _FONT_SUFFIXES:
                return super().fetch(url, headers)
        raise ValueError(f"The statement PDF fetches only its fonts, not {url[:80]}")


def html_pdf(html: str) -> bytes:
    """Render HTML to PDF, fetching only the vendored fonts."""
    return HTML(
        string=html, base_url=str(FONT_DIR), url_fetcher=FontOnlyFetcher()
    ).write_pdf()


def statement_pdf(request: HttpRequest, view: RecordView) -> bytes:
    html = render_to_string(
        "records/statement_pdf.html",
        {"view": view, "issued": timezone.localtime(), "font_dir": FONT_DIR.as_uri()},
        request=request,
    )
    return html_pdf(html)
