"""The yearly bar chart of the record page, built in one pass.

A record of 30 years in six insurances has 180 bars; rendering each through
template nodes cost more than the rest of the page, so the rows are formatted
here. The output is a table: screen readers read years and numbers, the bars are
CSS widths (no inline styles, the CSP forbids them).
"""

from django import template
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from onewindow.records.selectors import YearBar

register = template.Library()


@register.simple_tag
def year_bar_rows(bars: list[YearBar], url: str) -> SafeString:
    """Return the table rows; every value but the escaped URL is an integer."""
    link = escape(url)
    rows = []
    for bar in bars:
        year, paid, owed = int(bar.year), int(bar.months_paid), int(bar.months_owed)
        owed_cell = f'<span class="bar owed w{owed}"></span> {owed}' if owed else ""
        rows.append(
            f'<tr><th scope="row"><a href="{link}?year={year}">{year}</a></th>'
            f'<td><span class="bar paid w{paid}"></span> {paid}</td>'
            f'<td class="owed">{owed_cell}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - integers and an escaped URL
