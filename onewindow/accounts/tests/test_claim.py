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


def test_one_id_number_cannot_be_guessed_at_from_many_accounts(client, sample_record):
    for number in range(3):
        make_user(f"guesser-{number}")
    tries = 0
    for number in range(3):
        client.login(username=f"guesser-{number}", password=PASSWORD)
        for _ in range(4):
            response = client.post(
                reverse("accounts:claim"),
                {"id_number": "420106196402299834", "name": f"某{tries}"},
            )
            tries += 1

    assert tries == 12
    assert response.status_code == 429


def test_one_address_cannot_post_claims_without_end(client, db):
    statuses = []
    for number in range(7):
        make_user(f"visitor-{number}")
        client.login(username=f"visitor-{number}", password=PASSWORD)
        for _ in range(5 if number < 6 else 1):
            response = client.post(
                reverse("accounts:claim"), {"id_number": "1", "name": "x"}
            )
            statuses.append(response.status_code)

    assert statuses[:30] == [400] * 30
    assert statuses[30] == 429


@pytest.mark.parametrize(
    ("role", "extra", "landing"),
    [
        ("resident", {}, "/me/record/"),
        ("operator", {"department": "hrss"}, "/exchange/"),
        ("clerk", {"region": "440300"}, "/desk/"),
        ("supervisor", {}, "/desk/supervisor/"),
    ],
)
def test_each_kind_of_account_lands_on_its_own_page_after_signing_in(
    client, db, role, extra, landing
):
    make_user("someone", role=role, **extra)

    response = client.post(
        reverse("account_login"), {"login": "someone", "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == landing
