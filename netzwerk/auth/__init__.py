"""Coordinator accounts: login with rate limit and lockout, login sessions, roles, the admin's user management.

Importing the package loads nothing: `init_app` brings in the views when the app is built."""



def init_app(app) -> None:
    from . import users  # noqa: F401  (admin-only user management, on the same blueprint)
    from .cli import create_admin
    from .routes import bp

    app.register_blueprint(bp)
    app.cli.add_command(create_admin)
