from netzwerk import create_app
from netzwerk.config import TestConfig


def test_factory_takes_the_test_config(app):
    assert app.testing
    assert not create_app(TestConfig("sqlite://")).config.get("RATELIMIT_ENABLED")


def test_start_page_renders_in_german_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert 'lang="de"' in response.get_data(as_text=True)


def test_security_headers_are_set(client):
    response = client.get("/")
    assert "default-src 'self'" in response.headers["Content-Security-Policy"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
