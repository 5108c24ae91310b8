from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from onewindow.core.exceptions import DomainError
from onewindow.core.ratelimit import rate_limit

from .forms import ClaimForm
from .services import record_claim


@login_required
@rate_limit("claim-address", limit=30, window=3600, methods=("POST",))
def claim(request: HttpRequest) -> HttpResponse:
    """Link the signed-in account to the person's record, once."""
    if request.user.person_id:
        return redirect("records:record")
    form = ClaimForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            record_claim(user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_error(None, error.message)
            status = error.status if error.status != 422 else 400
        else:
            return redirect("records:record")
    elif request.method == "POST":
        status = 400
    return render(request, "accounts/claim.html", {"form": form}, status=status)
