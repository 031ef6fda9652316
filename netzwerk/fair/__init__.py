"""Migrationsmesse: booths on a floor plan, Aussteller and their offers, visitors, interview slots (speed dating).

`schedule.py` (with `instance`, `matching`, `timetable`, `suggest`) is the pure interview engine (plain data in,
plan out; no Flask, no database); `python -m netzwerk.fair schedule IN.json` runs it on a JSON file.
`placement.py` (booth assignment) and `floorplan.py` (the plan as SVG) are pure as well. The app part:
`models`, the services (`booking`, `booths`, `visitors`, `interviews`, `directory`, `figures`, `printing`),
`forms`, and `routes/` by audience: `public` (the `fair` blueprint, which `exhibitor` and `visitor` extend with the
private-link pages), `admin` (coordinators), `desk` (walk-ins at the entrance); `init_app` loads them."""


def init_app(app) -> None:
    from ..common.templating import register_vocabularies
    from . import interviews, services
    from .models import (
        BoothStatus,
        CompanySize,
        ExhibitorState,
        GermanLevel,
        InterviewMode,
        OfferType,
        OutcomeKind,
        Sector,
        VisitorLanguage,
    )
    from .routes import admin, desk, exhibitor, public, visitor  # noqa: F401  (exhibitor, visitor: pages on public.bp)

    for blueprint in (public.bp, admin.bp, desk.bp):
        app.register_blueprint(blueprint)
    services.show_in_calendar()
    interviews.show_in_calendar()
    register_vocabularies(fair_sector=Sector, offer_type=OfferType, german_level=GermanLevel, visitor_language=VisitorLanguage,
                          company_size=CompanySize, exhibitor_state=ExhibitorState, booth_status=BoothStatus,
                          interview_mode=InterviewMode, fair_outcome=OutcomeKind)
