"""Registrations: the public form and self-service link, the coordinator's views and questions.

`routes/` by audience: `public` (the form and the private link), `admin` (coordinators' list, add, edit, export,
import), `questions` (the form's own questions, on the admin blueprint); `init_app` loads them.
"""


def init_app(app) -> None:
    from ..common.templating import register_vocabularies
    from ..events.services import when_format_changed, when_places_added
    from .models import Attendance, BadgeRole, QuestionKind, RegistrationState
    from .routes import admin, public, questions  # noqa: F401  (questions: pages on admin.bp)
    from .services import align_attendance, capacity_changed

    app.register_blueprint(public.bp)
    app.register_blueprint(admin.bp)
    when_places_added(capacity_changed)  # the waiting list moves up
    when_format_changed(align_attendance)  # an event gone online (or back on site) takes its people along
    register_vocabularies(registration_state=RegistrationState, question_kind=QuestionKind, badge_role=BadgeRole,
                          attendance=Attendance)
