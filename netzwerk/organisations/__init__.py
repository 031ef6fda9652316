"""A network's partner organisations."""


def init_app(app) -> None:
    from ..common.templating import register_vocabularies
    from .models import OrganisationType
    from .routes import bp

    app.register_blueprint(bp)
    register_vocabularies(organisation_type=OrganisationType)
