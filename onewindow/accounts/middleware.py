"""Staff must have a second factor before they reach any page but setting one up."""

from collections.abc import Callable

from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .models import Role

STAFF_ROLES = {Role.OPERATOR, Role.CLERK, Role.SUPERVISOR}
# Pages a staff member without a second factor may still open: signing in and
# out, setting the factor up, switching language or display, static files.
_OPEN_PREFIXES = ("/accounts/", "/i18n/", "/prefs/", "/static/")


class StaffMfaMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            settings.ONEWINDOW_STAFF_MFA_REQUIRED
            and user is not None
            and user.is_authenticated
            and (user.role in STAFF_ROLES or user.is_staff)
            and not request.path.startswith(_OPEN_PREFIXES)
            and not is_mfa_enabled(user)
        ):
            messages.info(
                request,
                _(
                    "Staff accounts need a second factor. Set up an authenticator "
                    "app to continue."
                ),
            )
            return redirect("mfa_activate_totp")
        return self.get_response(request)
