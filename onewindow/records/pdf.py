"""Render the contribution statement as a PDF whose Chinese text renders on any
machine: the CJK font is vendored in static/fonts and embedded in the file."""

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from weasyprint import HTML

from .selectors import RecordView

FONT_DIR = settings.BASE_DIR / "onewindow" / "static" / "fonts"


def statement_pdf(request: HttpRequest, view: RecordView) -> bytes:
    html = render_to_string(
        "records/statement_pdf.html",
        {"view": view, "issued": timezone.localtime(), "font_dir": FONT_DIR.as_uri()},
        request=request,
    )
    return HTML(string=html, base_url=str(FONT_DIR)).write_pdf()
