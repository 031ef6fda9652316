"""Security headers (Content-Security-Policy, HSTS behind HTTPS, frame and referrer rules)."""
from flask import Flask

CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "img-src": ["'self'", "data:"],
    "style-src": "'self'",
    "script-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}


def init_app(app: Flask, talisman) -> None:
    https = app.config.get("SESSION_COOKIE_SECURE", False)
    talisman.init_app(
        app,
        force_https=False,  # the reverse proxy redirects to HTTPS; tests and `make run` speak HTTP
        strict_transport_security=https,
        session_cookie_secure=https,
        content_security_policy=CONTENT_SECURITY_POLICY,
        frame_options="DENY",
        referrer_policy="same-origin",
    )
