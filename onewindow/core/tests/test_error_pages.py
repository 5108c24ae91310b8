import pytest
from django.template.loader import render_to_string

from onewindow.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


def test_a_refusal_is_a_page_in_the_reader_s_language(client):
    make_user("resident")
    client.login(username="resident", password=PASSWORD)

    response = client.get("/exchange/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 403
    assert "<main" in response.content.decode()


def test_an_unknown_address_is_a_page_that_leads_home(client):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert 'href="/"' in response.content.decode()


def test_a_server_error_shows_a_page_in_both_languages():
    page = render_to_string("500.html")

    assert "出错了" in page and "Something went wrong" in page
