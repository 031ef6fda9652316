"""Pages about the installation itself: Impressum, the accessibility statement with its feedback form, favicon.

German public bodies must publish both (TMG/DDG § 5 and BITV 2.0 § 7); what they say is set per installation
(config.SiteOperator), not per network."""


def init_app(app) -> None:
    from .routes import bp

    app.register_blueprint(bp)
