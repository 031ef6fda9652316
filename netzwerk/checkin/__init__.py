"""Check-in at the entrance: helpers (role checkin) and coordinators mark people as arrived."""


def init_app(app) -> None:
    from .routes import bp

    app.register_blueprint(bp)
