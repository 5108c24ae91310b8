"""The JSON API under /api/v1/, with its OpenAPI schema at /api/v1/openapi.json."""

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import ValidationError

from onewindow.core.exceptions import DomainError
from onewindow.rules.api import router as calculators_router

api = NinjaAPI(
    title="onewindow API",
    version="1",
    description="One-window social security services: records, rules and services.",
    urls_namespace="api",
)
api.add_router("/calculators", calculators_router)


@api.exception_handler(DomainError)
def domain_error(request: HttpRequest, error: DomainError) -> HttpResponse:
    return api.create_response(
        request,
        {"code": error.code, "message": str(error.message)},
        status=error.status,
    )


@api.exception_handler(ValidationError)
def invalid_request(request: HttpRequest, error: ValidationError) -> HttpResponse:
    return api.create_response(
        request,
        {
            "code": "invalid",
            "message": _("Some of the values given are missing or not valid."),
            "errors": error.errors,
        },
        status=422,
    )


@api.get("/health", auth=None, tags=["system"])
def health(request: HttpRequest) -> dict[str, str]:
    return {"status": "ok"}
