"""Pages that belong to no domain: home, display preferences, errors."""

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "core/home.html")


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.headers.get("referer") or "/"
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@require_POST
def elder_mode(request: HttpRequest) -> HttpResponse:
    """Switch elder mode on or off for this browser session."""
    request.session["elder_mode"] = request.POST.get("on") == "1"
    return HttpResponseRedirect(_back(request))
