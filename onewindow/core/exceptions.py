"""Domain errors: each carries a stable code and a message in the user's language."""

from typing import Any

from django.utils.translation import gettext_lazy as _


class DomainError(Exception):
    """Base of every error the domain raises on purpose."""

    code = "error"
    default_message = _("The request could not be completed.")
    status = 400

    def __init__(self, message: Any = None, *, code: str | None = None, **params: Any):
        self.message = message if message is not None else self.default_message
        if code:
            self.code = code
        self.params = params
        super().__init__(str(self.message))


class InvalidInput(DomainError):
    code = "invalid"
    default_message = _("The information given is not valid.")
    status = 422


class NotPermitted(DomainError):
    code = "forbidden"
    default_message = _("You are not allowed to do this.")
    status = 403


class NotFound(DomainError):
    code = "not_found"
    default_message = _("Nothing was found.")
    status = 404


class Conflict(DomainError):
    code = "conflict"
    default_message = _("This conflicts with what is already recorded.")
    status = 409


class RateLimited(DomainError):
    code = "rate_limited"
    default_message = _("Too many attempts. Please try again later.")
    status = 429
