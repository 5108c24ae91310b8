"""Limit how often one client may call a view, counted in the Django cache.

A fixed window per client address: simple, cheap and shared between workers
when the cache is Redis. It is meant for public pages that anyone may call,
where an account-based limit is impossible.
"""

import hashlib
import time
from collections.abc import Callable
from functools import wraps

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from .exceptions import RateLimited


def client_address(request: HttpRequest) -> str:
    """The client's address as allauth's lockout sees it: behind the trusted
    proxies of ALLAUTH_TRUSTED_PROXY_COUNT / ALLAUTH_TRUSTED_CLIENT_IP_HEADER."""
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request) or "unknown"
    except PermissionDenied:  # a forwarded address that cannot be trusted
        return request.META.get("REMOTE_ADDR", "") or "unknown"


def rate_limit_hit(*, scope: str, key: str, limit: int, window: int) -> None:
    """Count one call of `key` in `scope`; raise RateLimited past `limit`."""
    bucket = int(time.time() // window)
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{scope}:{digest}:{bucket}"
    cache.add(cache_key, 0, timeout=window + 1)
    try:
        count = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        retry_after = window - int(time.time()) % window
        raise RateLimited(
            _(
                "Too many requests from your connection. Please wait a minute "
                "and try again."
            ),
            retry_after=retry_after,
        )


def rate_limit(
    scope: str, *, limit: int, window: int = 60, methods: tuple[str, ...] = ()
) -> Callable:
    """Answer 429 with a page in the visitor's language once a client calls a
    view more than `limit` times in `window` seconds (only for `methods`, if
    given)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not methods or request.method in methods:
                try:
                    rate_limit_hit(
                        scope=scope,
                        key=client_address(request),
                        limit=limit,
                        window=window,
                    )
                except RateLimited as error:
                    response = render(
                        request,
                        "core/rate_limited.html",
                        {"message": error.message},
                        status=error.status,
                    )
                    response["Retry-After"] = str(error.params["retry_after"])
                    return response
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
