"""The admin has no login form of its own: staff sign in through allauth, whose
lockout after repeated failures then covers them too."""

import pytest
from django.urls import reverse

from onewindow.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return make_user("admin-person", is_staff=True, is_superuser=True)


def test_the_admin_login_page_sends_to_the_site_sign_in(client):
    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_posting_a_password_to_the_admin_login_signs_nobody_in(client, staff):
    response = client.post(
        "/admin/login/",
        {"username": staff.username, "password": PASSWORD, "next": "/admin/"},
    )

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "_auth_user_id" not in client.session


def test_the_lockout_of_the_site_sign_in_also_keeps_staff_out_of_the_admin(
    client, staff
):
    for attempt in range(6):
        client.post(
            reverse("account_login"),
            {"login": staff.username, "password": f"wrong-{attempt}"},
        )

    client.post(
        reverse("account_login"), {"login": staff.username, "password": PASSWORD}
    )
    client.post("/admin/login/", {"username": staff.username, "password": PASSWORD})

    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_a_signed_in_non_staff_user_is_refused_and_staff_reach_the_admin(client, staff):
    make_user("resident-person")
    client.login(username="resident-person", password=PASSWORD)
    assert client.get("/admin/login/").status_code == 403

    client.logout()
    client.post(
        reverse("account_login"), {"login": staff.username, "password": PASSWORD}
    )
    assert client.get("/admin/").status_code == 200
