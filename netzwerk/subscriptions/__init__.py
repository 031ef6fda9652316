"""Announcement subscriptions ("Informiert bleiben"): people not yet in a network's data ask to be invited, with
double opt-in (DSGVO). `routes/public.py` (the form, the confirmation and unsubscribe links), `routes/admin.py`
(the coordinators' list, erasing one). Confirming makes the subscriber one of the network's people, so invitations
(netzwerk.invitations.recipients) reach them, and the Kommune and organisation type they gave count in the filters of
invitations and mailings (`add_profile_source`); unsubscribing records their `MailOptOut`."""


def init_app(app) -> None:
    from ..common.personal_records import add_personal_records
    from ..common.templating import register_vocabularies
    from ..invitations.recipients import add_locale_source, add_profile_source
    from .commands import purge_subscriptions
    from .models import SubscriptionState
    from .personal_data import SUBSCRIPTIONS
    from .routes import admin, public
    from .services import subscribed_kommune_id, subscribed_locale, subscribed_organisation_type

    app.register_blueprint(admin.bp)
    app.register_blueprint(public.bp)
    app.cli.add_command(purge_subscriptions)
    register_vocabularies(subscription_state=SubscriptionState)
    add_locale_source(subscribed_locale)
    add_profile_source(kommune_id=subscribed_kommune_id, organisation_type=subscribed_organisation_type)
    add_personal_records(SUBSCRIPTIONS)  # DSGVO export and erasure reach them
