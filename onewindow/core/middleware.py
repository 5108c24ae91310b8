"""Request-wide concerns: the Content-Security-Policy and display preferences."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

# Everything the pages use is served from this origin: no inline scripts or styles.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "base-uri 'self'; object-src 'none'"
)
# The API docs (Swagger UI) and Django's admin set inline styles; they get a policy
# that allows those, and still nothing from another origin.
RELAXED_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
_RELAXED_PREFIXES = ("/api/v1/docs", "/admin/")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        relaxed = request.path.startswith(_RELAXED_PREFIXES)
        response.setdefault("Content-Security-Policy", RELAXED_CSP if relaxed else CSP)
        response.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


class DisplayPreferencesMiddleware:
    """Read elder mode (large text, high contrast, big targets) from the session."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.elder_mode = bool(request.session.get("elder_mode", False))
        return self.get_response(request)
