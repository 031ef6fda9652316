"""Settings from the environment (and an optional .env file); TestConfig for the suite."""
import os
import secrets
from datetime import timedelta
from pathlib import Path

from argon2 import profiles
from dotenv import load_dotenv

from .site.operator import operator_from_environment

INSTANCE_PATH = Path(__file__).resolve().parent.parent / "instance"

load_dotenv(Path(__file__).resolve().parent.parent / ".env")


def _flag(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else one generated once into instance/ (never committed)."""
    if key := os.environ.get("SECRET_KEY"):
        return key
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        instance_path.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def database_url(instance_path: Path) -> str:
    return with_driver(os.environ.get("DATABASE_URL") or f"sqlite:///{instance_path / 'netzwerk.sqlite'}")


def with_driver(url: str) -> str:
    """Hosting platforms hand out postgres:// URLs; SQLAlchemy wants the psycopg 3 driver named."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def ratelimit_storage_uri(redis_url: str | None) -> str:
    """Where Flask-Limiter counts: shared by every app process, never one process's memory."""
    return os.environ.get("RATELIMIT_STORAGE_URI") or redis_url or "database://"


class Config:
    # Uploads (imports, logos, floor plans) are small; anything larger is refused with 413 before it is read.
    MAX_CONTENT_LENGTH = 10 * 1024 * 1024
    BABEL_DEFAULT_LOCALE = os.environ.get("BABEL_DEFAULT_LOCALE", "de")
    BABEL_DEFAULT_TIMEZONE = "Europe/Berlin"
    # Interface languages of the coordinator workspace, and of the public pages that offer more (the
    # Migrationsmesse's: common.i18n.offer_public_languages); each named in its own language.
    LANGUAGES = {"de": "Deutsch", "en": "English"}
    PUBLIC_LANGUAGES = {"de": "Deutsch", "en": "English", "ar": "العربية", "fa": "فارسی/دری", "uk": "Українська",
                        "tr": "Türkçe"}

    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False

    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")  # empty: mails stay in the outbox (Postausgang)
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "25"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD")
    MAIL_USE_TLS = _flag("MAIL_USE_TLS")
    MAIL_USE_SSL = _flag("MAIL_USE_SSL")
    MAIL_DEFAULT_SENDER = os.environ.get("MAIL_DEFAULT_SENDER", "netzwerk <noreply@localhost>")

    # Shared state for several app servers: rate limits (and later cache and jobs) go to Redis; without it the
    # rate limits count in the database (common.ratelimit_storage), which every app process sees.
    REDIS_URL = os.environ.get("REDIS_URL")
    RATELIMIT_ENABLED = _flag("RATELIMIT_ENABLED", True)
    LOGIN_RATE_LIMIT = os.environ.get("LOGIN_RATE_LIMIT", "10 per minute")
    # Per account, whatever the client address: this many failed logins within the window lock the e-mail
    # address for LOGIN_LOCKOUT_DURATION (unknown addresses alike, so the lock tells nothing about accounts).
    LOGIN_LOCKOUT_ATTEMPTS = int(os.environ.get("LOGIN_LOCKOUT_ATTEMPTS", "10"))
    LOGIN_LOCKOUT_WINDOW = timedelta(minutes=15)
    LOGIN_LOCKOUT_DURATION = timedelta(minutes=15)
    CACHE_TYPE = "RedisCache" if REDIS_URL else "SimpleCache"
    CACHE_REDIS_URL = REDIS_URL
    CACHE_KEY_PREFIX = "netzwerk:"
    CACHE_DEFAULT_TIMEOUT = 300

    # argon2id with RFC 9106's parameters for limited memory (64 MiB, 3 passes, 4 lanes), argon2-cffi's defaults.
    PASSWORD_HASHING = profiles.RFC_9106_LOW_MEMORY

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE")
    # A login without "Angemeldet bleiben" ends with the browser, and on the server after this long at the
    # latest; "Angemeldet bleiben" keeps it for REMEMBER_COOKIE_DURATION. Both end at logout (auth.services).
    LOGIN_SESSION_LIFETIME = timedelta(hours=12)
    REMEMBER_COOKIE_DURATION = timedelta(days=14)
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = _flag("SESSION_COOKIE_SECURE")
    # Behind a reverse proxy, trust one hop of X-Forwarded-* headers.
    PROXY_FIX = _flag("PROXY_FIX")
    PAGE_SIZE = 50
    # Where the app is reachable from outside: links in mails written outside a request (CLI, demo).
    PUBLIC_URL = os.environ.get("PUBLIC_URL", "http://127.0.0.1:5000")
    # Who runs the installation: the Impressum and the accessibility statement (Erklärung zur Barrierefreiheit).
    SITE_OPERATOR = operator_from_environment(os.environ)

    def __init__(self, instance_path: Path = INSTANCE_PATH):
        self.SECRET_KEY = _secret_key(instance_path)
        self.SQLALCHEMY_DATABASE_URI = database_url(instance_path)
        self.RATELIMIT_STORAGE_URI = ratelimit_storage_uri(self.REDIS_URL)


class TestConfig(Config):
    __test__ = False  # not a test class, despite its name
    TESTING = True
    WTF_CSRF_ENABLED = True
    RATELIMIT_ENABLED = False
    CACHE_TYPE = "SimpleCache"  # per app, so every test starts with an empty cache
    SERVER_NAME = "localhost"
    MAIL_SERVER = ""
    PAGE_SIZE = 50
    # The suite logs in hundreds of times: the cheapest argon2id there is, never for real passwords.
    PASSWORD_HASHING = profiles.CHEAPEST

    def __init__(self, database_uri: str):
        self.SECRET_KEY = "test-secret-key-not-for-production"
        self.SQLALCHEMY_DATABASE_URI = database_uri
        self.RATELIMIT_STORAGE_URI = "memory://"
