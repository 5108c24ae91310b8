import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.urls import reverse

from onewindow.conftest import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mfa_required(settings):
    settings.ONEWINDOW_STAFF_MFA_REQUIRED = True


def test_an_operator_without_a_second_factor_is_sent_to_set_one_up(
    client, hrss_operator
):
    client.post(
        reverse("account_login"), {"login": "hrss-operator", "password": PASSWORD}
    )

    response = client.get(reverse("exchange:upload"))

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before a factor is added.
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup.status_code == 200
    assert b"totp" in setup.content.lower()


def test_an_operator_with_an_authenticator_reaches_the_desk(client, hrss_operator):
    TOTP.activate(hrss_operator, generate_totp_secret())
    client.force_login(hrss_operator)

    assert client.get(reverse("exchange:upload")).status_code == 200


def test_signing_in_asks_an_operator_with_an_authenticator_for_a_code(
    client, hrss_operator
):
    TOTP.activate(hrss_operator, generate_totp_secret())

    response = client.post(
        reverse("account_login"), {"login": "hrss-operator", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert client.get(reverse("exchange:upload")).status_code == 302


def test_residents_are_not_asked_for_a_second_factor(client, resident_with_record):
    client.login(username="linchao", password=PASSWORD)

    assert client.get(reverse("records:record")).status_code == 200
