"""Invitations: a coordinator picks people of the network by filters (`recipients.py`, also for mailings), sends each
a personal invitation in their language through the outbox, sees who registered, declined or has not answered,
and reminds those. `routes/admin.py` (the event's "Einladungen") and `routes/public.py` (the personal link: the
registration form bound to the invited address, "Ich kann nicht teilnehmen", no more invitations)."""


def init_app(app) -> None:
    from ..common.personal_records import add_personal_records
    from ..common.templating import register_vocabularies
    from .models import InvitationState
    from .personal_data import INVITATIONS, OPT_OUT
    from .routes import admin, public

    app.register_blueprint(admin.bp)
    app.register_blueprint(public.bp)
    register_vocabularies(invitation_state=InvitationState)
    # DSGVO: the export and the erasure of a person reach these records
    add_personal_records(INVITATIONS)
    add_personal_records(OPT_OUT)
