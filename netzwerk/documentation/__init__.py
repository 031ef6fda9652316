"""An event's documentation: materials (type sniffed, size capped, images re-encoded, public or participants
only), notes of each table group (by its host's link or the coordinator), the archive page's section, a PDF.

`routes/` by audience: `admin` (the coordinator's page), `public` (materials on the archive page and behind a
participant's private link, the host's notes page)."""


def init_app(app) -> None:
    from ..registrations.selfservice import show_on_own_page
    from .routes import admin, public
    from .services import archive, participant_materials

    app.register_blueprint(admin.bp)
    app.register_blueprint(public.bp)
    app.add_template_global(archive, "event_documentation")
    show_on_own_page("materials", participant_materials)
