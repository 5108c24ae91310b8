"""The public calculator endpoints: exact shapes, right values, 422 on wrong input."""

import pytest

pytestmark = pytest.mark.django_db

AS_OF = "2025-06-01"


def get(client, path, **params):
    """Ask in English: several tests read the wording of the steps."""
    return client.get(
        f"/api/v1/calculators/{path}",
        {"as_of": AS_OF, **params},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_retirement_for_a_man_born_in_the_first_affected_month(client):
    response = get(client, "retirement", birth="1965-01", category="male")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "retirement_age_months",
        "retirement_month",
        "minimum_contribution_months",
        "earliest_flexible_month",
        "latest_flexible_month",
        "steps",
    }
    assert body["retirement_age_months"] == 721
    assert body["retirement_month"] == "2025-02"
    assert body["minimum_contribution_months"] == 180
    assert body["earliest_flexible_month"] == "2025-01"
    assert body["latest_flexible_month"] == "2028-02"
    assert body["steps"][0]["document"]
    assert body["steps"][0]["article"] == "Art. 2 and annex tables 1-3"
    assert body["steps"][0]["pack"] == "national@2025.3"


def test_pension_money_is_strings_with_two_decimals_and_the_total_their_sum(client):
    response = get(
        client,
        "pension",
        average_wage="10000",
        contribution_index="1.2",
        contribution_months="366",
        account_balance="150000",
        retirement_age_months="720",
    )

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {
        "basic_pension",
        "account_pension",
        "total",
        "divisor",
        "steps",
    }
    # 10000 × 2.2 ÷ 2 × 30.5 × 1% = 3355.00; 150000 ÷ 139 = 1079.136… → 1079.14
    assert body["basic_pension"] == "3355.00"
    assert body["account_pension"] == "1079.14"
    assert body["total"] == "4434.14"
    assert body["divisor"] == "139"


def test_pension_at_an_age_with_months_says_the_divisor_method(client):
    response = get(
        client,
        "pension",
        average_wage="10000",
        contribution_index="1",
        contribution_months="180",
        account_balance="100000",
        retirement_age_months="724",
    )

    body = response.json()
    # 139 + (132 − 139) × 4 ÷ 12 = 136.666… → 136.67
    assert body["divisor"] == "136.67"
    assert body["account_pension"] == "731.69"
    assert any("linear by month" in step["formula"] for step in body["steps"])


def test_unemployment_in_shenzhen_pays_ninety_percent_of_the_minimum_wage(client):
    response = get(client, "unemployment", contribution_months="72", region="440300")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"max_benefit_months", "monthly_amount", "steps"}
    assert body["max_benefit_months"] == 18
    assert body["monthly_amount"] == "2124.00"


def test_unemployment_under_twelve_months_gives_nothing_and_says_why(client):
    body = get(client, "unemployment", contribution_months="11", region="110000").json()

    assert body["max_benefit_months"] == 0
    assert "less than the 12 months needed" in body["steps"][0]["formula"]


def test_unemployment_where_the_amount_rule_is_unknown_says_so(client):
    body = get(
        client, "unemployment", contribution_months="130", region="110105"
    ).json()

    assert body["max_benefit_months"] == 24
    assert body["monthly_amount"] is None
    assert body["steps"][1]["value"] == "unknown"


@pytest.mark.parametrize(
    ("path", "params", "code"),
    [
        ("retirement", {"birth": "1968-13", "category": "male"}, "month.invalid"),
        ("retirement", {"birth": "1968-02", "category": "female"}, "category.invalid"),
        (
            "unemployment",
            {"contribution_months": "24", "region": "999999"},
            "region.unknown",
        ),
        (
            "unemployment",
            {"contribution_months": "24", "region": "330100"},
            "region.no_rules",
        ),
        (
            "pension",
            {
                "average_wage": "10000",
                "contribution_index": "1",
                "contribution_months": "180",
                "account_balance": "-1",
                "retirement_age_months": "720",
            },
            "balance.invalid",
        ),
        (
            "pension",
            {
                "average_wage": "10000",
                "contribution_index": "1",
                "contribution_months": "180",
                "account_balance": "1",
                "retirement_age_months": "900",
            },
            "age.out_of_range",
        ),
    ],
)
def test_wrong_input_is_a_422_with_a_code_and_a_message(client, path, params, code):
    response = get(client, path, **params)

    assert response.status_code == 422
    assert response.json()["code"] == code
    assert response.json()["message"]


def test_a_value_that_is_not_a_number_is_a_422_too(client):
    response = get(
        client,
        "pension",
        average_wage="lots",
        contribution_index="1",
        contribution_months="180",
        account_balance="1",
        retirement_age_months="720",
    )

    assert response.status_code == 422
    assert response.json()["code"] == "invalid"


def test_the_message_is_in_the_persons_language(client):
    response = client.get(
        "/api/v1/calculators/retirement",
        {"birth": "1968-13", "category": "male"},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 422
    assert response.json()["message"] == (
        "1968-13 is not a month: write it as YYYY-MM, e.g. 1968-02."
    )


def test_the_calculators_are_in_the_openapi_schema(client):
    schema = client.get("/api/v1/openapi.json").json()

    for path in ("retirement", "pension", "unemployment"):
        assert f"/api/v1/calculators/{path}" in schema["paths"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("average_wage", "1e308"),
        ("average_wage", "1e999999"),
        ("average_wage", "1E-1000000"),
        ("account_balance", "1e999999999"),
        ("contribution_index", "1E+1000000"),
        ("contribution_index", "1E-1000000"),
        ("contribution_months", str(10**100)),
        ("retirement_age_months", str(10**100)),
    ],
)
def test_pension_with_an_absurdly_large_or_small_value_is_a_422_not_a_500(
    client, field, value
):
    params = {
        "average_wage": "10000",
        "contribution_index": "1",
        "contribution_months": "180",
        "account_balance": "1000",
        "retirement_age_months": "720",
        field: value,
    }

    response = get(client, "pension", **params)

    assert response.status_code in (200, 422), response.content[:200]
    if response.status_code == 422:
        assert response.json()["message"]


def test_pension_inputs_above_the_forms_limits_are_refused_with_a_code(client):
    base = {
        "average_wage": "10000",
        "contribution_index": "1",
        "contribution_months": "180",
        "account_balance": "1000",
        "retirement_age_months": "720",
    }
    for field, value, code in [
        ("average_wage", "10000000000", "amount.too_large"),
        ("account_balance", "10000000000", "amount.too_large"),
        ("contribution_index", "3.01", "index.too_large"),
        ("contribution_months", "721", "months.too_large"),
    ]:
        response = get(client, "pension", **{**base, field: value})
        assert response.status_code == 422, field
        assert response.json()["code"] == code
