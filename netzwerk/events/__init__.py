"""Events with their agenda (Programmpunkte)."""


def init_app(app) -> None:
    from ..common.templating import register_vocabularies
    from . import services
    from .models import AgendaKind, EventFormat, EventKind, EventStatus
    from .routes import bp

    app.register_blueprint(bp)
    register_vocabularies(event_kind=EventKind, event_status=EventStatus, agenda_kind=AgendaKind,
                          event_format=EventFormat)
    services.show_on_network_pages()
