"""Where each kind of account lands after signing in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse

from .models import Role

_LANDING = {
    Role.RESIDENT: "records:record",
    Role.OPERATOR: "exchange:upload",
    Role.CLERK: "backoffice:queue",
    Role.SUPERVISOR: "backoffice:supervisor",
}


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """A resident goes to their record, staff to their desk; a `next` address
        given with the sign-in still wins (allauth checks it first)."""
        name = _LANDING.get(getattr(request.user, "role", ""))
        return reverse(name) if name else super().get_login_redirect_url(request)
