"""The statement PDF renderer reads its vendored font and nothing else."""

import pytest
from weasyprint.urls import URLFetcher

from onewindow.records import pdf


@pytest.fixture
def fetched(monkeypatch):
    """Record every URL that reaches the real fetcher."""
    urls: list[str] = []
    real = URLFetcher.fetch

    def spy(self, url, headers=None):
        urls.append(url)
        return real(self, url, headers)

    monkeypatch.setattr(URLFetcher, "fetch", spy)
    return urls


def test_markup_in_the_html_makes_the_renderer_fetch_no_file_or_host(fetched):
    font = (pdf.FONT_DIR / "NotoSansSC-subset.otf").as_uri()
    html = (
        f'<style>@font-face {{ font-family: "N"; src: url("{font}"); }}'
        'body { font-family: "N"; }</style>'
        "<p>林超</p>"
        '<img src="file:///etc/passwd">'
        '<img src="http://127.0.0.1:9/hostile.png">'
        '<img src="../../../../etc/hostname">'
        '<link rel="stylesheet" href="http://127.0.0.1:9/hostile.css">'
    )

    content = pdf.html_pdf(html)

    assert content.startswith(b"%PDF")
    assert fetched == [font]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://127.0.0.1:9/x.otf",
        "https://example.invalid/font.otf",
        "file://otherhost/etc/passwd",
        (pdf.FONT_DIR / ".." / ".." / "settings" / "base.py").as_uri(),
        (pdf.FONT_DIR / "OFL.txt").as_uri(),
        "data:text/plain,hello",
    ],
)
def test_the_fetcher_refuses_anything_but_a_font_file(url, fetched):
    with pytest.raises(ValueError, match="fetches only its fonts"):
        pdf.FontOnlyFetcher().fetch(url)
    assert fetched == []
