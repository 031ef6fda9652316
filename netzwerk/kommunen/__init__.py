"""Kommunen (shared reference data) and their memberships in networks."""



def init_app(app) -> None:
    from .routes import bp

    app.register_blueprint(bp)
