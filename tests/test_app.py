import pytest

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


def test_suite_runs_on_the_database_it_was_asked_for(app):
    from netzwerk.extensions import db

    from .conftest import POSTGRES_URL

    assert db.engine.dialect.name == ("postgresql" if POSTGRES_URL else "sqlite")


@pytest.mark.db_independent
def test_sqlite_enforces_foreign_keys_and_writes_ahead(tmp_path):
    from sqlalchemy import text

    from netzwerk.extensions import db

    app = create_app(TestConfig(f"sqlite:///{tmp_path / 'pragma.sqlite'}"))
    with app.app_context():
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        db.engine.dispose()


@pytest.mark.db_independent
def test_secret_key_is_generated_once_into_the_instance_folder(tmp_path, monkeypatch):
    from netzwerk.config import Config

    monkeypatch.delenv("SECRET_KEY", raising=False)
    first, second = Config(tmp_path).SECRET_KEY, Config(tmp_path).SECRET_KEY
    assert first == second and len(first) >= 64
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


@pytest.mark.db_independent
def test_pages_use_no_inline_styles_which_the_content_security_policy_would_block():
    from pathlib import Path

    templates = Path(__file__).resolve().parent.parent / "templates"
    # Exempt: mail bodies (mail clients need inline styles) and what WeasyPrint renders to PDF (never served).
    exempt = {templates / "print", templates / "badges" / "sheets.html",
              *(path for path in (templates / "mail").iterdir() if path.name != "outbox")}
    offenders = [str(path.relative_to(templates)) for path in templates.rglob("*.html")
                 if not any(path == place or place in path.parents for place in exempt)
                 and ('style="' in path.read_text() or "<style" in path.read_text())]
    assert offenders == []


@pytest.mark.db_independent
def test_passwords_are_hashed_with_strong_argon2_parameters_and_only_the_suite_uses_cheap_ones(tmp_path, monkeypatch):
    from argon2 import extract_parameters, profiles

    from netzwerk.auth.models import User
    from netzwerk.config import Config

    monkeypatch.setenv("SECRET_KEY", "x" * 64)
    hashes = {}
    for name, config in (("production", Config(tmp_path)), ("suite", TestConfig("sqlite://"))):
        with create_app(config).app_context():
            user = User()
            user.set_password("correct horse battery staple")
            assert user.check_password("correct horse battery staple")
            assert not user.check_password("Correct horse battery staple")
            hashes[name] = extract_parameters(user.password_hash)
    assert hashes["production"] == profiles.RFC_9106_LOW_MEMORY
    assert (hashes["production"].memory_cost, hashes["production"].time_cost) == (64 * 1024, 3)
    assert hashes["suite"] == profiles.CHEAPEST
