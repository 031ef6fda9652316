"""Registrations: the public form and self-service link, the coordinator's views and questions."""



def init_app(app) -> None:
    from . import questions  # noqa: F401  (the form's own questions, on the admin blueprint)
    from .admin_routes import admin_bp
    from .routes import bp

    app.register_blueprint(bp)
    app.register_blueprint(admin_bp)
