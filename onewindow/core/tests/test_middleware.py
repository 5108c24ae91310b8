def test_every_page_has_a_content_security_policy(client, db):
    for url in ("/", "/api/v1/docs", "/admin/login/", "/rules/calculators/"):
        policy = client.get(url)["Content-Security-Policy"]
        assert "default-src 'self'" in policy, url
        assert "script-src 'self';" in policy, url
