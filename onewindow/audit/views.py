from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from .models import AccessEntry


@login_required
def access_log(request: HttpRequest) -> HttpResponse:
    """Show a resident who else read their data, what and why."""
    if request.user.person_id is None:
        return redirect("accounts:claim")
    entries = AccessEntry.objects.filter(person_id=request.user.person_id)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "audit/access_log.html", {"page": page})
