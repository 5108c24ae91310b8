from django import template

from onewindow.services.models import Service

register = template.Library()


@register.filter
def service_text(service: Service, section: str) -> str:
    """One section of a service's texts, in the reader's language."""
    return service.text(section)
