"""Teilnahmebescheinigungen: certificates of attendance for checked-in participants, as PDF in each person's
language. `routes/` by audience: `admin` (all at once, one person), `public` (one's own by private link)."""


def init_app(app) -> None:
    from flask_babel import ngettext

    from ..badges.services import render_jobs_of_kind
    from .routes import admin, public
    from .services import run_certificate_job

    app.register_blueprint(admin.bp)
    app.register_blueprint(public.bp)
    render_jobs_of_kind("certificates", run_certificate_job,
                        lambda n: ngettext("%(num)d Bescheinigung", "%(num)d Bescheinigungen", n))
