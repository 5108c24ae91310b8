import pytest
from django.urls import reverse

from onewindow.accounts.models import ClaimAttempt
from onewindow.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(sample_record):
    return make_user("newcomer")


def claim(client, id_number: str, name: str):
    client.login(username="newcomer", password=PASSWORD)
    return client.post(
        reverse("accounts:claim"), {"id_number": id_number, "name": name}
    )


def test_a_resident_links_their_record_with_id_number_and_name(client, newcomer):
    response = claim(client, "420106196402299834", "林超")

    assert response.status_code == 302
    newcomer.refresh_from_db()
    assert newcomer.person.id_number_masked == "4201**********9834"


def test_a_wrong_name_links_nothing_and_says_so_plainly(client, newcomer):
    response = claim(client, "420106196402299834", "林超人")

    assert response.status_code == 400
    newcomer.refresh_from_db()
    assert newcomer.person is None
    assert "claim.no_match" not in response.content.decode()


def test_an_invalid_id_number_is_explained(client, newcomer):
    response = claim(client, "420106196402299835", "林超")

    assert response.status_code == 400
    newcomer.refresh_from_db()
    assert newcomer.person is None


def test_tries_are_limited(client, newcomer, settings):
    for _ in range(settings.CLAIM_MAX_ATTEMPTS):
        claim(client, "420106196402299834", "某某")

    response = claim(client, "420106196402299834", "林超")

    assert response.status_code == 429
    newcomer.refresh_from_db()
    assert newcomer.person is None
    assert ClaimAttempt.objects.filter(user=newcomer).count() == 5


def test_a_record_already_linked_to_another_account_is_not_linked_twice(
    client, newcomer, resident_with_record
):
    response = claim(client, "420106196402299834", "林超")

    assert response.status_code == 409
    newcomer.refresh_from_db()
    assert newcomer.person is None
