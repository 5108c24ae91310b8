from django.test import RequestFactory

from onewindow.core.ratelimit import client_address


def test_without_trusted_proxies_the_forwarded_address_is_ignored(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )

    assert client_address(request) == "10.0.0.1"


def test_behind_one_trusted_proxy_the_client_is_the_forwarded_address(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9"
    )

    assert client_address(request) == "203.0.113.9"
