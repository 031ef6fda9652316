"""Coordinator accounts: login with rate limit and lockout, login sessions, roles, the admin's user management.

`routes/account.py` serves everyone's own login and password, `routes/admin.py` the admin's user management
(both on the `auth` blueprint). Importing the package loads nothing: `init_app` brings them in.
"""


def init_app(app) -> None:
    from ..common.templating import register_vocabularies
    from .commands import create_admin
    from .models import Role
    from .routes import account, admin  # noqa: F401  (admin: user management, pages on account.bp)

    app.register_blueprint(account.bp)
    app.cli.add_command(create_admin)
    register_vocabularies(role=Role)
